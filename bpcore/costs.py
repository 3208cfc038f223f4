"""Cost functions C and their gradients ∇_a C (eq. 26–27, BP1).

The chapter's two assumptions about the cost (section "The two assumptions we
need about the cost function"):

1. C is an average over training examples, C = (1/n) Σ_x C_x (eq. 26). So a
   :class:`Cost` gives the per-example cost C_x of every column of a batch, and
   :meth:`Cost.mean` averages them.
2. C_x is a function of the output activations a^L alone (and the target y).
   So ``per_example(a, y)`` and ``gradient(a, y)`` take only ``a = a^L`` and ``y``.

Shapes: ``a`` and ``y`` are ``(n_L, m)``, one example per column. ``per_example``
returns shape ``(m,)``; ``gradient`` returns ∇_a C_x for each column, shape
``(n_L, m)`` (not divided by m: the averaging happens in BP3/BP4).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import numpy as np

from bpcore import _checks
from bpcore.activations import (
    ACTIVATIONS,
    SIGMOID,
    SOFTMAX,
    Activation,
    float_type_of,
    get_activation,
)
from bpcore.equations import bp1_output_error

Array = np.ndarray

# Cross-entropy evaluates log(a) and log(1 - a). At a = 0 or 1 these are -inf; we clip
# a to [TINY, 1 - TINY] so the cost stays finite there (the book's network2.py uses
# np.nan_to_num for the same purpose).
TINY = 1e-15


def _clip(a: Array) -> Array:
    """a clipped to [t, 1 − t], t = max(TINY, machine epsilon of a's dtype).

    In float32, 1 − 1e-15 rounds to 1, so the bound must widen to float32's epsilon.
    """
    a = np.asarray(a, dtype=float_type_of(a))
    tiny = max(TINY, float(np.finfo(a.dtype).eps))
    return np.clip(a, tiny, 1.0 - tiny)


@dataclass(frozen=True)
class Cost:
    """A cost: its name, C_x per column, and ∇_a C_x per column.

    ``output_range``, when set, is the interval (low, high) outside which C_x is not
    defined (a logarithm of a^L): a network refuses an output activation whose values
    can leave it.
    """

    name: str
    output_range: tuple[float, float] | None = None

    def per_example(self, a: Array, y: Array) -> Array:  # pragma: no cover - abstract
        raise NotImplementedError

    def gradient(self, a: Array, y: Array) -> Array:  # pragma: no cover - abstract
        raise NotImplementedError

    def mean(self, a: Array, y: Array) -> float:
        """C = (1/m) Σ_x C_x over the m columns (eq. 26)."""
        return float(np.mean(self.per_example(a, y)))

    def mean_at(self, z: Array, a: Array, y: Array, activation: Activation) -> float:
        """C = (1/m) Σ_x C_x for a^L = σ(z^L): :meth:`mean` of ``a``, unless the cost can
        be computed from z^L exactly where a^L has rounded to 0 or 1 (a logarithm of a^L;
        see :class:`CrossEntropyCost`). Finite differences of C (eq. 46) use this.
        """
        return self.mean(a, y)

    def output_error(self, z: Array, a: Array, y: Array, activation: Activation) -> Array:
        """δ^L = ∇_a C ⊙ σ'(z^L) (BP1), shape ``(n_L, m)``: backpropagation's step 3.

        A cost may override this with an exact form of BP1 for one activation (see
        :class:`CrossEntropyCost`); every other case is :func:`bp1_output_error` itself.
        """
        return bp1_output_error(self.gradient(a, y), z, activation, a)

    def __repr__(self) -> str:
        return f"Cost({self.name!r})"


class QuadraticCost(Cost):
    """C_x = ½‖y − a^L‖² (eq. 27); ∇_a C_x = a^L − y (so BP1 reads eq. 30)."""

    def __init__(self) -> None:
        super().__init__("quadratic")

    def per_example(self, a: Array, y: Array) -> Array:
        return 0.5 * np.sum((a - y) ** 2, axis=0)

    def gradient(self, a: Array, y: Array) -> Array:
        return a - y


class CrossEntropyCost(Cost):
    """C_x = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)] (the book's chapter 3, network2.py).

    ∇_a C_x = (a − y) / (a(1 − a)). With sigmoid output neurons σ'(z) = a(1 − a)
    cancels the denominator and δ^L = a^L − y exactly; :meth:`output_error` uses
    that form, which stays exact where the neuron saturates (a = 0 or 1).
    """

    def __init__(self) -> None:
        super().__init__("cross_entropy", output_range=(0.0, 1.0))

    def per_example(self, a: Array, y: Array) -> Array:
        a = _clip(a)
        return -np.sum(y * np.log(a) + (1.0 - y) * np.log1p(-a), axis=0)

    def gradient(self, a: Array, y: Array) -> Array:
        a = _clip(a)
        return (a - y) / (a * (1.0 - a))

    def mean_at(self, z: Array, a: Array, y: Array, activation: Activation) -> float:
        # With a sigmoid output, −y ln σ(z) − (1 − y) ln(1 − σ(z)) = ln(1 + e^z) − y z: no
        # logarithm of a rounded a (1 − a loses every digit once z > 37), nothing clipped.
        if get_activation(activation) == SIGMOID:
            z = np.asarray(z)
            return float(np.mean(np.sum(np.logaddexp(0.0, z) - y * z, axis=0)))
        return super().mean_at(z, a, y, activation)

    def output_error(self, z: Array, a: Array, y: Array, activation: Activation) -> Array:
        # BP1 with a sigmoid output: ∇_a C ⊙ σ'(z) = (a − y)/(a(1 − a)) ⊙ a(1 − a) = a − y.
        # Computed as a − y, because the general form divides by a(1 − a), which rounds to
        # 0 where the neuron saturates. Only for the sigmoid itself: a reader's own function
        # named "sigmoid" may differ.
        if get_activation(activation) == SIGMOID:
            return a - y
        return super().output_error(z, a, y, activation)


class LogLikelihoodCost(Cost):
    """C_x = −Σ_j y_j ln a_j, the log-likelihood (−ln a_y for a one-hot y; the book's chapter 3).

    ∇_a C_x = −y / a. With softmax output neurons, BP1's Jacobian product gives
    δ^L = a^L (Σ_j y_j) − y, which is a^L − y for a one-hot y: :meth:`output_error`
    uses that form, exact where a_j rounds to 0.
    """

    def __init__(self) -> None:
        super().__init__("log_likelihood", output_range=(0.0, 1.0))

    def per_example(self, a: Array, y: Array) -> Array:
        return -np.sum(y * np.log(_clip(a)), axis=0)

    def gradient(self, a: Array, y: Array) -> Array:
        return -y / _clip(a)

    def mean_at(self, z: Array, a: Array, y: Array, activation: Activation) -> float:
        # With a softmax output, −Σ_j y_j ln a_j = Σ_j y_j (log Σ_i e^{z_i} − z_j): exact
        # where a_j rounds to 0.
        if get_activation(activation) == SOFTMAX:
            z = np.asarray(z)
            top = z.max(axis=0, keepdims=True)
            log_total = top + np.log(np.sum(np.exp(z - top), axis=0, keepdims=True))
            return float(np.mean(np.sum(y * (log_total - z), axis=0)))
        return super().mean_at(z, a, y, activation)

    def output_error(self, z: Array, a: Array, y: Array, activation: Activation) -> Array:
        # BP1 with a softmax output: Σ_j (−y_j/a_j) a_j (δ_ji − a_i) = a_i Σ_j y_j − y_i,
        # free of the division by a_j. Only for bpcore's softmax itself.
        if get_activation(activation) == SOFTMAX:
            return a * y.sum(axis=0, keepdims=True) - y
        return super().output_error(z, a, y, activation)


QUADRATIC = QuadraticCost()
CROSS_ENTROPY = CrossEntropyCost()
LOG_LIKELIHOOD = LogLikelihoodCost()
COSTS: dict[str, Cost] = {c.name: c for c in (QUADRATIC, CROSS_ENTROPY, LOG_LIKELIHOOD)}


def get_cost(spec: str | Cost | type, argument: str = "cost") -> Cost:
    """Turn a name (``"quadratic"``, ``"cross_entropy"``) or a :class:`Cost` into a Cost.

    A Cost class itself is accepted too, as the book's network2.py takes one:
    ``Network(sizes, cost=CrossEntropyCost)`` — bpcore's :class:`CrossEntropyCost`,
    :class:`QuadraticCost` and :class:`LogLikelihoodCost` give their one instance, a
    reader's own subclass is instantiated with no arguments.
    """
    if isinstance(spec, Cost):
        return spec
    if isinstance(spec, str):
        return _checks.registered(COSTS, spec, argument, "cost", " or a Cost")
    if isinstance(spec, type) and issubclass(spec, Cost):
        for cost in COSTS.values():
            if type(cost) is spec:
                return cost
        try:
            return cast(Callable[[], Cost], spec)()  # a subclass whose __init__ takes none
        except TypeError as error:
            raise TypeError(
                f"{argument}: the Cost class {spec.__name__} could not be made with no "
                f"arguments ({error}); pass an instance"
            ) from None
    raise TypeError(f"{argument}: expected a cost name or a Cost, got {type(spec).__name__}")


def check_cost_fits_output(cost: Cost, output: Activation) -> None:
    """Refuse a cost defined only on (0, 1) (cross-entropy, log-likelihood) after an output
    activation whose values can leave that interval (relu, tanh, linear).

    There C_x is not defined (a logarithm of a^L ≤ 0), and the cost's gradient, clipped to
    keep it finite, is no longer the derivative of the cost that is computed: BP1 would
    not be the gradient a finite difference measures.
    """
    if cost.output_range is None or output.output_range is None:
        return
    (low, high), (out_low, out_high) = cost.output_range, output.output_range
    if out_low < low or out_high > high:
        fitting = [
            name
            for name, a in ACTIVATIONS.items()
            if a.output_range is not None and low <= a.output_range[0] <= a.output_range[1] <= high
        ]
        raise ValueError(
            f"cost: {cost.name!r} is defined for outputs in ({low:g}, {high:g}), but the "
            f"output layer's activation {output.name!r} gives values in ({out_low:g}, "
            f"{out_high:g}); use an output activation among {fitting}, or another cost"
        )
