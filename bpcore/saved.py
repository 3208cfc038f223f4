"""What a saved network must look like: the checks that save and load share.

Everything a file says is checked against everything else it says (sizes, shapes,
names), and errors name the file (or ``net``), the field and the layer. bpcore's own
format is ``.npz``; the book's network2.py JSON holds only what network2 can read back.
"""

from __future__ import annotations

import numpy as np

from bpcore import _checks
from bpcore.activations import ACTIVATIONS
from bpcore.backprop import NetworkLike
from bpcore.costs import COSTS

Array = np.ndarray

FORMAT = "bpcore-network"
VERSION = 1
#: network2.py stores the cost as its class name.
NETWORK2_COSTS = {"QuadraticCost": "quadratic", "CrossEntropyCost": "cross_entropy"}
COST_TO_NETWORK2 = {name: key for key, name in NETWORK2_COSTS.items()}


def check_arrays(
    source: str, sizes: list[int], field: str, arrays: object, column: bool, dtype: np.dtype
) -> list[Array]:
    """w^2..w^L (``column=False``) or b^2..b^L (``column=True``), checked against sizes.

    Each is cast to ``dtype`` first and checked after the cast, so a number that is
    finite in the file but overflows the network's float type (1e300 as float32) is
    refused rather than loaded as inf.
    """
    if not isinstance(arrays, (list, tuple)) or len(arrays) != len(sizes) - 1:
        found = (
            f"{len(arrays)} entries" if isinstance(arrays, (list, tuple)) else type(arrays).__name__
        )
        raise ValueError(
            f"{source}: field '{field}': expected a list of {len(sizes) - 1} arrays "
            f"(layers 2..{len(sizes)}), found {found}"
        )
    checked = []
    for layer, value in enumerate(arrays, start=2):
        expected = (sizes[layer - 1], 1) if column else (sizes[layer - 1], sizes[layer - 2])
        where = f"{source}: field '{field}', layer l = {layer}"
        try:
            array = np.asarray(value)
        except (ValueError, TypeError) as error:  # ragged or too deeply nested lists
            raise ValueError(
                f"{where}: expected a {expected} array of numbers, got ragged or nested lists"
            ) from error
        if (
            array.dtype == bool
            or not np.issubdtype(array.dtype, np.number)
            or np.iscomplexobj(array)
        ):
            raise ValueError(f"{where}: expected real numbers, found dtype {array.dtype}")
        if array.shape != expected:
            raise ValueError(f"{where}: expected shape {expected}, found {array.shape}")
        checked.append(cast_finite(where, array, dtype))
    return checked


def cast_finite(where: str, array: Array, dtype: np.dtype) -> Array:
    """``array`` as ``dtype``, refusing NaN and inf, and numbers the cast turns into inf."""
    with np.errstate(over="ignore", invalid="ignore"):
        cast = array.astype(dtype)
    if not np.all(np.isfinite(cast)):
        index = _checks.first_nonfinite(cast)
        if np.isfinite(array[index]):
            raise ValueError(
                f"{where}: expected numbers that fit {dtype} (at most {np.finfo(dtype).max:.4g} "
                f"in size), found {array[index]:.4g} at index {index}"
            )
        raise ValueError(f"{where}: expected finite numbers, found NaN or inf at index {index}")
    return cast


def check_sizes(source: str, sizes: object) -> list[int]:
    try:
        return _checks.sizes(sizes)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{source}: field 'sizes': {error}") from None


def activation_names(source: str, activations: object, num_layers: int) -> list[str]:
    if not isinstance(activations, list) or len(activations) != num_layers - 1:
        raise ValueError(
            f"{source}: field 'activations': expected a list of {num_layers - 1} names "
            f"(one per layer 2..{num_layers}), found {activations!r}"
        )
    for layer, name in enumerate(activations, start=2):
        if not isinstance(name, str) or name not in ACTIVATIONS:
            raise ValueError(
                f"{source}: field 'activations', layer l = {layer}: expected one of "
                f"{sorted(ACTIVATIONS)}, found {name!r}"
            )
    return activations


def cost_name(source: str, cost: object) -> str:
    name = NETWORK2_COSTS.get(cost, cost) if isinstance(cost, str) else None
    if name not in COSTS:
        raise ValueError(
            f"{source}: field 'cost': expected one of {sorted(NETWORK2_COSTS)} "
            f"(network2.py) or {sorted(COSTS)}, found {cost!r}"
        )
    return name


def describe(net: NetworkLike) -> dict:
    """Sizes, activation names, cost name and dtype of ``net``, refusing unnamed functions."""
    sizes = check_sizes("net", net.sizes)
    dtype = saved_dtype(net)
    check_arrays("net", sizes, "weights", list(net.weights), False, dtype)
    check_arrays("net", sizes, "biases", list(net.biases), True, dtype)
    names = []
    for layer, activation in enumerate(net.activation_functions, start=2):
        if ACTIVATIONS.get(activation.name) != activation:
            raise ValueError(
                f"net: layer l = {layer} uses the activation {activation.name!r}, which is not one "
                f"of the named ones {sorted(ACTIVATIONS)}; a function cannot be saved as data"
            )
        names.append(activation.name)
    cost = net.cost_function
    if COSTS.get(cost.name) != cost:
        raise ValueError(
            f"net: the cost {cost.name!r} is not one of the named ones {sorted(COSTS)}; "
            "a function cannot be saved as data"
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "sizes": sizes,
        "activations": names,
        "cost": cost.name,
        "dtype": str(dtype),
    }


def saved_dtype(net: NetworkLike) -> np.dtype:
    """The one float type of all of ``net``'s parameters: float64 or float32, as load reads."""
    dtypes = {str(getattr(p, "dtype", type(p).__name__)) for p in [*net.weights, *net.biases]}
    if len(dtypes) != 1 or not dtypes <= {"float64", "float32"}:
        raise ValueError(
            f"net: expected weights and biases all float64 or all float32 (the types a Network "
            f"has and load reads back), found {sorted(dtypes)}; convert them, e.g. "
            "Network.from_parameters(net.weights, net.biases, ..., dtype='float32')"
        )
    return np.dtype(dtypes.pop())


def check_network2(meta: dict) -> None:
    """Refuse a network that network2.py would read as another network.

    network2.py has no activations: it reads every layer of every file as sigmoid, so a
    relu or tanh network saved in its format would load there silently as a different
    network (whose predictions agree with the saved one on a fraction of MNIST). A
    warning is easy to miss in a notebook; a refusal that names the format that keeps
    everything is not. network2 knows two costs; any other would fail in its ``load``.
    """
    others = [(l, a) for l, a in enumerate(meta["activations"], start=2) if a != "sigmoid"]
    if others:
        layers = ", ".join(f"l = {layer} is {name}" for layer, name in others)
        raise ValueError(
            f"net: the book's network2.py JSON (.json) holds only sigmoid networks: network2 "
            f"would read this one as sigmoid throughout, but layer {layers}. Save it in "
            "bpcore's own format instead, a file name ending in .npz, which keeps every "
            "activation"
        )
    if meta["cost"] not in COST_TO_NETWORK2:
        raise ValueError(
            f"net: the book's network2.py JSON (.json) knows the costs "
            f"{sorted(COST_TO_NETWORK2)} ({', '.join(sorted(NETWORK2_COSTS))}), not "
            f"{meta['cost']!r}. Save it in bpcore's own format instead, a file name ending "
            "in .npz, which keeps the cost"
        )
