"""The book's ``Network``: layer sizes, weights, biases, activations and a cost.

Conventions (the chapter's, kept exactly): layers are numbered l = 1 (input) .. L
(output); ``weights[l-2]`` is w^l with shape ``(n_l, n_{l-1})``, so w^l_jk connects
neuron k of layer l-1 to neuron j of layer l; ``biases[l-2]`` is b^l, shape
``(n_l, 1)``. Methods delegate to the modules that hold the mathematics.
"""

from __future__ import annotations

import copy as _copy
from collections.abc import Iterable, Sequence

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
from bpcore.monitor import History, accuracy, evaluate, total_cost
from bpcore.train import check_seed, update_mini_batch

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


#: The most weights and biases a network may have: 10^8 numbers, 800 MB in float64 — and
#: SGD keeps a weight-sized buffer beside them. The book's MNIST network has 23,860 and its
#: largest (chapter 6's) a few million; a size beyond this is a slip, refused before
#: anything is allocated rather than answered with a MemoryError (or a machine swapping).
MAX_PARAMETERS = 10**8


def _count(number: int) -> str:
    """A count for a message: with thousands separators, or its order of magnitude if huge."""
    return f"{number:,}" if number < 10**15 else f"about 10^{len(str(number)) - 1}"


def check_parameter_count(sizes: list[int]) -> None:
    """Refuse sizes whose weights and biases, Σ_l n_l (n_{l-1} + 1), pass MAX_PARAMETERS."""
    count = sum(n * (n_prev + 1) for n_prev, n in zip(sizes[:-1], sizes[1:]))
    if count > MAX_PARAMETERS:
        shown = [n if n < 10**15 else f"<{len(str(n))} digits>" for n in sizes]
        raise ValueError(
            f"sizes: {shown} would need {_count(count)} weights and biases; bpcore allows at "
            f"most {MAX_PARAMETERS:,} (800 MB as float64, before training's buffers)"
        )


def _parameter_arrays(values: object, argument: str, dtype: np.dtype) -> list[Array]:
    """One real, finite array per layer, as ``dtype`` (copies): ``argument[i]`` in messages.

    Refused: anything but real numbers (None, strings, objects; complex numbers, whose
    imaginary part a cast would silently drop), NaN and ±inf, and numbers that do not fit
    in ``dtype`` (1e300 as float32), checked after the cast.
    """
    if isinstance(values, (str, bytes, np.ndarray)) or not isinstance(values, Iterable):
        raise TypeError(
            f"{argument}: expected a list with one array per layer l = 2..L, got "
            f"{type(values).__name__}"
        )
    arrays = []
    for i, value in enumerate(values):
        name = f"{argument}[{i}]"
        try:
            array = np.asarray(value)
        except (TypeError, ValueError):  # ragged nested lists
            raise TypeError(
                f"{name}: expected an array of real numbers, got a ragged list"
            ) from None
        if array.dtype.kind == "c":
            raise TypeError(
                f"{name}: expected real numbers, got dtype {array.dtype} (a cast would drop "
                "the imaginary part)"
            )
        if array.dtype.kind not in "fiu":
            raise TypeError(f"{name}: expected an array of real numbers, got dtype {array.dtype}")
        with np.errstate(over="ignore"):
            cast = array.astype(dtype)
        if not np.all(np.isfinite(cast)):
            bad = _checks.first_nonfinite(cast)
            what = (
                f"a number that does not fit in {dtype}"
                if np.isfinite(array[bad])
                else "a non-finite number"
            )
            raise ValueError(
                f"{name}: expected finite numbers, got {what}, {float(array[bad])} at {bad}"
            )
        arrays.append(cast)
    return arrays


def _chained_sizes(weights: list[Array], biases: list[Array]) -> list[int]:
    """[n_1, ..., n_L] from w^l ``(n_l, n_{l-1})`` and b^l ``(n_l, 1)``, which must chain."""
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
                f"biases[{i}]: expected b^{i + 2} of shape {(sizes[i + 1], 1)}, got shape {b.shape}"
            )
    return sizes


class Network:
    """A feed-forward network as in the book's network.py, with book-indexed layers.

    >>> net = Network([2, 3, 2], seed=0)
    >>> [w.shape for w in net.weights]
    [(3, 2), (2, 3)]

    ``rng``, the network's random generator (seeded by ``seed``), is where the
    initialisers draw from when given no seed of their own.
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: ActivationSpec = "sigmoid",
        cost: str | Cost | type = "quadratic",
        seed: int | None = None,
        dtype: object = np.float64,
    ) -> None:
        """Weights and biases drawn from a standard Gaussian, as in the book's network.py
        (seeded); network2.py's :meth:`default_weight_initializer` scales the weights.

        ``activation``: one for every layer, or a list with one per layer l = 2..L.
        ``cost``: a name ("quadratic", "cross_entropy"), a Cost, or a Cost class such as
        network2.py's ``CrossEntropyCost`` (bpcore.costs has it).
        ``seed``: None or an integer in 0..2**128 − 1. ``dtype``: float64 (default) or float32.
        """
        float_type = self._configure(sizes, activation, cost, dtype)
        self.rng = np.random.default_rng(check_seed(seed))
        biases, weights = self._draw(self.rng)
        self.biases = [b.astype(float_type) for b in biases]
        self.weights = [w.astype(float_type) for w in weights]

    def _configure(
        self, sizes: object, activation: ActivationSpec, cost: str | Cost | type, dtype: object
    ) -> np.dtype:
        """Check and set sizes, activations and cost; the float type to use."""
        sizes = _checks.sizes(sizes)
        check_parameter_count(sizes)
        float_type = _checks.float_dtype(dtype)
        self.activation_functions = _layer_activations(activation, sizes)
        self.cost_function = get_cost(cost)
        check_cost_fits_output(self.cost_function, self.activation_functions[-1])
        self.sizes = sizes
        return float_type

    def _draw(self, rng: np.random.Generator) -> tuple[list[Array], list[Array]]:
        """(biases, weights) from N(0, 1), in float64, drawn in the books' order: every b^l
        first, then every w^l."""
        sizes = self.sizes
        biases = [rng.standard_normal((n, 1)) for n in sizes[1:]]
        weights = [rng.standard_normal((n, n_prev)) for n_prev, n in zip(sizes[:-1], sizes[1:])]
        return biases, weights

    @classmethod
    def from_parameters(
        cls,
        weights: Sequence[Array],
        biases: Sequence[Array],
        activation: ActivationSpec = "sigmoid",
        cost: str | Cost | type = "quadratic",
        dtype: object = np.float64,
    ) -> Network:
        """A network with given parameters: ``weights[l-2]`` is w^l, ``biases[l-2]`` is b^l.

        The sizes follow from the shapes, which must chain: w^l is ``(n_l, n_{l-1})``
        and b^l is ``(n_l, 1)``. The arrays are copied (as ``dtype``); they must hold real,
        finite numbers that fit in ``dtype``.
        """
        float_type = _checks.float_dtype(dtype)
        weights = _parameter_arrays(weights, "weights", float_type)
        biases = _parameter_arrays(biases, "biases", float_type)
        sizes = _chained_sizes(weights, biases)
        net = cls.__new__(cls)
        net._configure(sizes, activation, cost, float_type)  # checks the rest
        net.rng = np.random.default_rng()
        net.weights, net.biases = weights, biases
        return net

    # --- network2.py's initialisers (chapter 3) ---------------------------------------------
    def default_weight_initializer(self, seed: int | None = None) -> None:
        """network2.py's default: w^l_jk from N(0, 1/n_{l-1}) — a Gaussian of standard
        deviation 1/√n_{l-1}, n_{l-1} the weights into each neuron — and b^l_j from N(0, 1).

        Drawn from ``seed``'s generator when given, else from the network's own ``rng``
        (seeded by the constructor's ``seed``, so a seeded network initialises repeatably).
        The arrays are overwritten in place, in the network's float type.
        """
        self._initialise(seed, fan_in=True)

    def large_weight_initializer(self, seed: int | None = None) -> None:
        """network2.py's other initialiser, chapter 1's: w^l_jk and b^l_j from N(0, 1).

        Seeded as :meth:`default_weight_initializer`; the arrays are overwritten in place.
        """
        self._initialise(seed, fan_in=False)

    def _initialise(self, seed: object, fan_in: bool) -> None:
        rng = self.rng if seed is None else np.random.default_rng(check_seed(seed))
        biases, weights = self._draw(rng)
        if fan_in:
            weights = [w / np.sqrt(w.shape[1]) for w in weights]
        for target, new in zip(self.biases + self.weights, biases + weights):
            target[...] = new

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
        *,
        lmbda: float = 0.0,
        evaluation_data: Iterable[tuple] | None = None,
        monitor_evaluation_cost: bool = False,
        monitor_evaluation_accuracy: bool = False,
        monitor_training_cost: bool = False,
        monitor_training_accuracy: bool = False,
        seed: int | None = None,
        progress: bool | str = True,
        monitor_cost: bool = False,
    ) -> History:
        """Mini-batch stochastic gradient descent with the book's two signatures.

        network.py's ``SGD(training_data, epochs, mini_batch_size, eta, test_data=None)``
        and network2.py's ``SGD(..., eta, lmbda=0.0, evaluation_data=None,
        monitor_evaluation_cost=False, monitor_evaluation_accuracy=False,
        monitor_training_cost=False, monitor_training_accuracy=False)`` (λ by name: a
        number in ``test_data``'s place is refused). Returns a
        :class:`bpcore.monitor.History`, which unpacks as network2.py's
        ``(evaluation_cost, evaluation_accuracy, training_cost, training_accuracy)``.
        See :func:`bpcore.train.SGD` for ``seed``, ``progress`` (True, "book", False) and
        ``monitor_cost``.
        """
        from bpcore.train import SGD

        return SGD(
            self,
            training_data,
            epochs,
            mini_batch_size,
            eta,
            test_data,
            lmbda=lmbda,
            evaluation_data=evaluation_data,
            monitor_evaluation_cost=monitor_evaluation_cost,
            monitor_evaluation_accuracy=monitor_evaluation_accuracy,
            monitor_training_cost=monitor_training_cost,
            monitor_training_accuracy=monitor_training_accuracy,
            seed=seed,
            progress=progress,
            monitor_cost=monitor_cost,
        )

    def update_mini_batch(self, mini_batch: Iterable[tuple], eta: float) -> None:
        """One gradient-descent step on a list of ``(x, y)`` pairs, as in the book."""
        update_mini_batch(self, mini_batch, eta)

    def evaluate(self, test_data: Iterable[tuple]) -> int:
        """The number of examples whose most active output neuron is the right label."""
        return evaluate(self, test_data)

    def accuracy(self, data: Iterable[tuple], convert: bool = False) -> int:
        """network2.py's ``accuracy``: examples of ``data`` classified right. ``convert``:
        False for validation/test data (int labels), True for training data (one-hot y)."""
        return accuracy(self, data, convert)

    def total_cost(self, data: Iterable[tuple], lmbda: float, convert: bool = False) -> float:
        """network2.py's ``total_cost``: C on ``data`` plus (λ/2n) Σ w² (eq. 87), n = len(data).
        ``convert``: False for training data (one-hot y), True for int labels."""
        return total_cost(self, data, lmbda, convert)

    # --- housekeeping -----------------------------------------------------------------------
    def copy(self) -> Network:
        """An independent copy (weights and biases copied, functions shared)."""
        clone = _copy.copy(self)
        clone.rng = _copy.deepcopy(self.rng)
        clone.sizes = list(self.sizes)
        clone.activation_functions = list(self.activation_functions)
        clone.weights = [w.copy() for w in self.weights]
        clone.biases = [b.copy() for b in self.biases]
        return clone

    def __repr__(self) -> str:
        names = {a.name for a in self.activation_functions}
        activation = names.pop() if len(names) == 1 else [a.name for a in self.activation_functions]
        return f"Network({self.sizes}, activation={activation!r}, cost={self.cost_function.name!r})"
