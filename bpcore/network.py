"""The book's ``Network``: layer sizes, weights, biases, activations and a cost.

Conventions (the chapter's, kept exactly): layers are numbered l = 1 (input) .. L
(output); ``weights[l-2]`` is w^l with shape ``(n_l, n_{l-1})``, so w^l_jk connects
neuron k of layer l-1 to neuron j of layer l; ``biases[l-2]`` is b^l, shape
``(n_l, 1)``. Methods delegate to the modules that hold the mathematics.
"""

from __future__ import annotations

import copy as _copy
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from bpcore import _checks
from bpcore.activations import Activation, get_activation
from bpcore.backprop import (
    ForwardPass,
    Gradients,
    backprop,
    check_inputs,
    feedforward_pass,
    forward,
)
from bpcore.costs import Cost, check_cost_fits_output, get_cost

if TYPE_CHECKING:
    from bpcore.train import History

Array = np.ndarray
#: An activation for every layer, or a list with one per layer l = 2..L.
ActivationSpec = str | Activation | tuple | list


def _layer_activations(activation: ActivationSpec, sizes: list[int]) -> list[Activation]:
    """One Activation per layer 2..L from a single spec or a list of them.

    Each is checked against its layer's size (a per_neuron override of neuron j needs
    at least j + 1 neurons).
    """
    num_layers = len(sizes)
    is_pair = (
        isinstance(activation, tuple)
        and len(activation) == 2
        and all(callable(f) and not isinstance(f, Activation) for f in activation)
    )
    if isinstance(activation, (list, tuple)) and not is_pair:
        if len(activation) != num_layers - 1:
            raise ValueError(
                f"activation: expected one activation per layer l = 2..{num_layers} "
                f"({num_layers - 1} in all), got {len(activation)}"
            )
        arguments = [f"activation[{i}]" for i in range(num_layers - 1)]
        layers = [get_activation(a, name) for a, name in zip(activation, arguments)]
    else:
        assert not isinstance(activation, list)
        arguments = ["activation"] * (num_layers - 1)
        layers = [get_activation(activation)] * (num_layers - 1)
    for l, (act, n, argument) in enumerate(zip(layers, sizes[1:], arguments), start=2):
        if act.min_neurons > n:
            raise ValueError(
                f"{argument}: {act.name} needs at least {act.min_neurons} neurons, but "
                f"layer {l} has {n}"
            )
    return layers


class Network:
    """A feed-forward network as in the book's network.py, with book-indexed layers.

    >>> net = Network([2, 3, 2], seed=0)
    >>> [w.shape for w in net.weights]
    [(3, 2), (2, 3)]
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: ActivationSpec = "sigmoid",
        cost: str | Cost = "quadratic",
        seed: int | None = None,
        dtype: object = np.float64,
    ) -> None:
        """Weights and biases drawn from a standard Gaussian, as in the book (seeded).

        ``activation``: one for every layer, or a list with one per layer l = 2..L.
        ``dtype``: float64 (default) or float32.
        """
        sizes = _checks.sizes(sizes)
        dtype = _checks.float_dtype(dtype)
        self.activation_functions = _layer_activations(activation, sizes)
        self.cost_function = get_cost(cost)
        check_cost_fits_output(self.cost_function, self.activation_functions[-1])
        self.sizes = sizes
        rng = np.random.default_rng(seed)
        self.biases = [rng.standard_normal((n, 1)).astype(dtype) for n in sizes[1:]]
        self.weights = [
            rng.standard_normal((n, n_prev)).astype(dtype)
            for n_prev, n in zip(sizes[:-1], sizes[1:])
        ]

    @classmethod
    def from_parameters(
        cls,
        weights: Sequence[Array],
        biases: Sequence[Array],
        activation: ActivationSpec = "sigmoid",
        cost: str | Cost = "quadratic",
        dtype: object = np.float64,
    ) -> Network:
        """A network with given parameters: ``weights[l-2]`` is w^l, ``biases[l-2]`` is b^l.

        The sizes follow from the shapes, which must chain: w^l is ``(n_l, n_{l-1})``
        and b^l is ``(n_l, 1)``. The arrays are copied (as ``dtype``).
        """
        weights = [np.asarray(w) for w in weights]
        biases = [np.asarray(b) for b in biases]
        if not weights or len(biases) != len(weights):
            raise ValueError(
                "weights, biases: expected one w^l and one b^l per layer l = 2..L, "
                f"got {len(weights)} weights and {len(biases)} biases"
            )
        if any(w.ndim != 2 for w in weights):
            i = next(i for i, w in enumerate(weights) if w.ndim != 2)
            raise ValueError(f"weights[{i}]: expected a matrix, got shape {weights[i].shape}")
        sizes = [weights[0].shape[1], *(w.shape[0] for w in weights)]
        for i, (w, b) in enumerate(zip(weights, biases)):
            if w.shape != (sizes[i + 1], sizes[i]):
                raise ValueError(
                    f"weights[{i}]: expected w^{i + 2} of shape {(sizes[i + 1], sizes[i])} to "
                    f"follow the layer before it, got shape {w.shape}"
                )
            if b.shape != (sizes[i + 1], 1):
                raise ValueError(
                    f"biases[{i}]: expected b^{i + 2} of shape {(sizes[i + 1], 1)}, "
                    f"got shape {b.shape}"
                )
        net = cls(sizes, activation=activation, cost=cost, dtype=dtype)  # checks the rest
        dtype = net.weights[0].dtype
        net.weights = [w.astype(dtype) for w in weights]
        net.biases = [b.astype(dtype) for b in biases]
        return net

    @property
    def num_layers(self) -> int:
        """L, the number of layers including the input layer."""
        return len(self.sizes)

    # --- book-indexed access ---------------------------------------------------------------
    def w(self, l: int) -> Array:
        """w^l for l = 2..L (the array itself, shape ``(n_l, n_{l-1})``)."""
        return self.weights[_checks.layer(l, self.num_layers, "l") - 2]

    def b(self, l: int) -> Array:
        """b^l for l = 2..L (the array itself, shape ``(n_l, 1)``)."""
        return self.biases[_checks.layer(l, self.num_layers, "l") - 2]

    def activation_function(self, l: int) -> Activation:
        """σ of layer l = 2..L."""
        return self.activation_functions[_checks.layer(l, self.num_layers, "l") - 2]

    # --- the forward pass -----------------------------------------------------------------
    def feedforward(self, a: object) -> Array:
        """a^L for input ``a`` of shape ``(n_1, m)`` (eq. 25 applied layer by layer)."""
        return feedforward_pass(self, check_inputs(self, a)[0]).output

    def forward(self, x: object) -> ForwardPass:
        """The forward pass with every z^l (``.zs``) and a^l (``.activations``) kept."""
        return forward(self, x)

    def cost(self, x: object, y: object) -> float:
        """C = (1/m) Σ_x C_x over the m columns of ``x`` and ``y`` (eq. 26)."""
        x_checked, y_checked = check_inputs(self, x, y)
        assert y_checked is not None
        return self.cost_function.mean(feedforward_pass(self, x_checked).output, y_checked)

    # --- learning ---------------------------------------------------------------------------
    def backprop(self, x: object, y: object) -> tuple[list[Array], list[Array]]:
        """``(nabla_b, nabla_w)`` for C_x (or the batch mean), as the book's network.py returns."""
        gradients: Gradients = backprop(self, x, y)
        return gradients.nabla_b, gradients.nabla_w

    def SGD(  # noqa: N802 - the book's name
        self,
        training_data: Iterable[tuple],
        epochs: int,
        mini_batch_size: int,
        eta: float,
        test_data: Iterable[tuple] | None = None,
        **options: Any,
    ) -> History:
        """Mini-batch stochastic gradient descent with the book's signature.

        See :func:`bpcore.train.SGD` for ``options`` (``seed``, ``progress``, ...).
        Returns the per-epoch :class:`bpcore.train.History`.
        """
        from bpcore.train import SGD

        return SGD(self, training_data, epochs, mini_batch_size, eta, test_data, **options)

    def update_mini_batch(self, mini_batch: Iterable[tuple], eta: float) -> None:
        """One gradient-descent step on a list of ``(x, y)`` pairs, as in the book."""
        from bpcore.train import update_mini_batch

        update_mini_batch(self, mini_batch, eta)

    def evaluate(self, test_data: Iterable[tuple]) -> int:
        """The number of examples whose most active output neuron is the right label."""
        from bpcore.train import evaluate

        return evaluate(self, test_data)

    # --- housekeeping -----------------------------------------------------------------------
    def copy(self) -> Network:
        """An independent copy (weights and biases copied, functions shared)."""
        clone = _copy.copy(self)
        clone.sizes = list(self.sizes)
        clone.activation_functions = list(self.activation_functions)
        clone.weights = [w.copy() for w in self.weights]
        clone.biases = [b.copy() for b in self.biases]
        return clone

    def __repr__(self) -> str:
        names = {a.name for a in self.activation_functions}
        activation = names.pop() if len(names) == 1 else [a.name for a in self.activation_functions]
        return f"Network({self.sizes}, activation={activation!r}, cost={self.cost_function.name!r})"
