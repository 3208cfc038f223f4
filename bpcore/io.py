"""Saving and loading a Network: ``.npz`` or the book's network2.py JSON. No pickle.

Two formats:

- ``.npz`` (numpy's zip of arrays): ``w2 .. wL`` and ``b2 .. bL`` exactly as
  ``net.weights``/``net.biases`` (w^l has shape ``(n_l, n_{l-1})``, b^l ``(n_l, 1)``),
  and ``meta``, a JSON string with the sizes, the activation of each layer, the cost
  and the format version. Loaded with ``allow_pickle=False``.
- ``.json``: the format of the book's ``network2.py``, ``{"sizes", "weights",
  "biases", "cost": "QuadraticCost" | "CrossEntropyCost"}`` with weights and biases
  as nested lists, plus an ``"activations"`` key that network2 ignores. So a file
  saved here loads in network2.py, and a file saved by network2.py loads here (its
  network is all sigmoid).

The book's network.py pickles nothing, and network2.py writes JSON; pickle is not used
here either, because loading a pickle can run any code the file names. Only named
activations and costs are saved: a reader's own function is code, not data.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import numpy as np

from bpcore import _checks
from bpcore.activations import ACTIVATIONS
from bpcore.backprop import NetworkLike
from bpcore.costs import COSTS
from bpcore.network import Network

Array = np.ndarray

FORMAT = "bpcore-network"
VERSION = 1
SUFFIXES = (".npz", ".json")
#: network2.py stores the cost as its class name.
NETWORK2_COSTS = {"QuadraticCost": "quadratic", "CrossEntropyCost": "cross_entropy"}
_COST_TO_NETWORK2 = {name: key for key, name in NETWORK2_COSTS.items()}


def _resolve(path: str | os.PathLike) -> Path:
    return Path(os.path.expanduser(os.fspath(path))).absolute()


# --- what a network must look like to be saved or loaded ------------------------------------
def _check_arrays(
    source: str, sizes: list[int], field: str, arrays: object, column: bool
) -> list[Array]:
    """w^2..w^L (``column=False``) or b^2..b^L (``column=True``), checked against sizes."""
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
        except ValueError as error:  # ragged nested lists
            raise ValueError(f"{where}: expected a {expected} array, got ragged lists") from error
        if (
            array.dtype == bool
            or not np.issubdtype(array.dtype, np.number)
            or np.iscomplexobj(array)
        ):
            raise ValueError(f"{where}: expected real numbers, found dtype {array.dtype}")
        if array.shape != expected:
            raise ValueError(f"{where}: expected shape {expected}, found {array.shape}")
        if not np.all(np.isfinite(array)):
            raise ValueError(f"{where}: expected finite numbers, found NaN or inf")
        checked.append(array)
    return checked


def _check_sizes(source: str, sizes: object) -> list[int]:
    try:
        return _checks.sizes(sizes)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{source}: field 'sizes': {error}") from None


def _activation_names(source: str, activations: object, num_layers: int) -> list[str]:
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


def _cost_name(source: str, cost: object) -> str:
    name = NETWORK2_COSTS.get(cost, cost) if isinstance(cost, str) else None
    if name not in COSTS:
        raise ValueError(
            f"{source}: field 'cost': expected one of {sorted(NETWORK2_COSTS)} "
            f"(network2.py) or {sorted(COSTS)}, found {cost!r}"
        )
    return name


def _network(
    source: str,
    sizes: object,
    weights: object,
    biases: object,
    activations: object,
    cost: object,
    dtype: object = "float64",
) -> Network:
    """A Network from validated parts (checked here so that errors name the file's fields)."""
    sizes = _check_sizes(source, sizes)
    weights = _check_arrays(source, sizes, "weights", weights, column=False)
    biases = _check_arrays(source, sizes, "biases", biases, column=True)
    activations = _activation_names(source, activations, len(sizes))
    if dtype not in ("float64", "float32"):
        raise ValueError(f"{source}: field 'dtype': expected float64 or float32, found {dtype!r}")
    return Network.from_parameters(
        weights, biases, activation=activations, cost=_cost_name(source, cost), dtype=dtype
    )


def _describe(net: NetworkLike) -> dict:
    """Sizes, activation names, cost name and dtype of ``net``, refusing unnamed functions."""
    sizes = _check_sizes("net", net.sizes)
    _check_arrays("net", sizes, "weights", list(net.weights), column=False)
    _check_arrays("net", sizes, "biases", list(net.biases), column=True)
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
        "dtype": str(net.weights[0].dtype),
    }


# --- save ---------------------------------------------------------------------------------
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_atomically(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Call ``write(file)`` on a temporary file next to ``path``, then rename it over ``path``.

    A crash midway leaves the old file (or none), never half a file.
    """
    if not path.parent.is_dir():
        raise FileNotFoundError(f"{path}: the directory {path.parent} does not exist")
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private (0600)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def save(net: NetworkLike, path: str | os.PathLike) -> Path:
    """Save ``net`` to ``path`` (``.npz`` or ``.json``, chosen by the suffix); returns the path.

    ``.json`` is the book's network2.py format (plus an ``"activations"`` key), so
    network2's ``load`` reads it too. Raises ValueError for another suffix, or when a
    layer's activation or the cost is not a named one (a reader's own function).
    """
    path = _resolve(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(
            f"{path}: expected a file name ending in one of {SUFFIXES}, got {suffix!r}"
        )
    meta = _describe(net)
    if suffix == ".npz":
        arrays = {"meta": np.array(json.dumps(meta))}
        arrays |= {f"w{layer}": w for layer, w in enumerate(net.weights, start=2)}
        arrays |= {f"b{layer}": b for layer, b in enumerate(net.biases, start=2)}
        _write_atomically(path, lambda file: np.savez(file, **arrays))  # type: ignore[arg-type]
    else:
        content = {
            "sizes": meta["sizes"],
            "weights": [w.tolist() for w in net.weights],
            "biases": [b.tolist() for b in net.biases],
            "cost": _COST_TO_NETWORK2[meta["cost"]],
            "activations": meta["activations"],
            "format": FORMAT,
            "version": VERSION,
            "dtype": meta["dtype"],
        }
        _write_atomically(path, lambda file: file.write(json.dumps(content).encode("utf-8")))
    return path


# --- load ---------------------------------------------------------------------------------
def _load_npz(path: Path) -> Network:
    source = str(path)
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, KeyError) as error:
        raise ValueError(
            f"{source}: expected an .npz archive saved by bpcore.save, but reading it failed "
            f"({type(error).__name__}: {error}); the file may be truncated or corrupt"
        ) from error
    if "meta" not in arrays:
        raise ValueError(f"{source}: expected an array 'meta' (saved by bpcore.save), found none")
    try:
        meta = json.loads(str(arrays.pop("meta")[()]))
    except (json.JSONDecodeError, IndexError) as error:
        raise ValueError(f"{source}: field 'meta': expected a JSON string ({error})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ValueError(f"{source}: field 'meta': expected format {FORMAT!r}, found {meta!r}")
    if meta.get("version") != VERSION:
        raise ValueError(
            f"{source}: field 'meta': expected format version {VERSION}, "
            f"found {meta.get('version')!r}"
        )
    sizes = _check_sizes(source, meta.get("sizes"))
    expected = {f"{p}{layer}" for p in "wb" for layer in range(2, len(sizes) + 1)}
    if set(arrays) != expected:
        raise ValueError(
            f"{source}: expected arrays {sorted(expected)} for sizes {sizes}, "
            f"found {sorted(arrays)}"
        )
    return _network(
        source,
        sizes,
        [arrays[f"w{layer}"] for layer in range(2, len(sizes) + 1)],
        [arrays[f"b{layer}"] for layer in range(2, len(sizes) + 1)],
        meta.get("activations"),
        meta.get("cost"),
        meta.get("dtype", "float64"),
    )


def _load_json(path: Path) -> Network:
    source = str(path)
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(
            f"{source}: expected a JSON network (bpcore.save or the book's network2.py), "
            f"but it does not parse: {error}"
        ) from None
    if not isinstance(content, dict):
        raise ValueError(f"{source}: expected a JSON object, found {type(content).__name__}")
    missing = [key for key in ("sizes", "weights", "biases", "cost") if key not in content]
    if missing:
        raise ValueError(
            f"{source}: expected the fields 'sizes', 'weights', 'biases' and 'cost' "
            f"(network2.py's format), missing {', '.join(repr(key) for key in missing)}"
        )
    sizes = _check_sizes(source, content["sizes"])
    # network2.py's networks are sigmoid throughout and write no "activations".
    activations = content.get("activations", ["sigmoid"] * (len(sizes) - 1))
    return _network(
        source,
        sizes,
        content["weights"],
        content["biases"],
        activations,
        content["cost"],
        content.get("dtype", "float64"),
    )


def load(path: str | os.PathLike) -> Network:
    """The Network saved in ``path`` by :func:`save`, or by the book's network2.py ``save``.

    The format is read from the file's first bytes (a zip archive is ``.npz``, anything
    else is parsed as JSON), so network2 files with any name load. Everything is
    checked: sizes, array shapes against sizes, finite values, activation and cost
    names; a problem raises ValueError naming the file, the field, what was expected
    and what was found.
    """
    path = _resolve(path)
    if not path.is_file():
        raise FileNotFoundError(f"no saved network at {path}")
    with open(path, "rb") as file:
        start = file.read(4)
    if start.startswith(b"PK"):
        return _load_npz(path)
    if path.suffix.lower() == ".npz":
        raise ValueError(
            f"{path}: expected an .npz archive (a zip file starting with 'PK'), "
            f"found bytes {start.hex(' ') or 'nothing (empty file)'}"
        )
    return _load_json(path)
