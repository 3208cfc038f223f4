"""Activation functions σ and their derivatives σ' (eq. 23/25).

An :class:`Activation` is a pair of vectorised functions, ``σ(z)`` and ``σ'(z)``,
applied elementwise to a column ``z`` of shape ``(n, 1)`` or a batch of shape
``(n, m)``. Where σ' can be written in terms of the output ``a = σ(z)``
(sigmoid: ``a(1 - a)``, tanh: ``1 - a²``) the activation also carries that form,
which backpropagation uses because ``a`` is already stored by the forward pass.

Everything that takes an activation accepts a name (``"sigmoid"``, ``"tanh"``,
``"relu"``, ``"linear"``), an :class:`Activation`, or a pair ``(f, f_prime)`` of
the reader's own functions. :func:`per_neuron` builds a layer in which chosen
neurons use a different function: the chapter's exercise "backpropagation with a
single modified neuron".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from bpcore import _checks

Array = np.ndarray
ArrayFunction = Callable[[Array], Array]


#: σ'(z) below which a neuron counts as saturated: a fifth of the sigmoid's largest slope,
#: 1/4. A saturated neuron changes its output, and so learns, at most a fifth as fast as it
#: could (BP1, BP2); every picture, readout and widget of bpcore uses this one threshold.
SATURATION = 0.05


@dataclass(frozen=True)
class Activation:
    """An activation σ of a layer: elementwise with its derivative σ', or coupled.

    **Elementwise** (every activation of chapter 2): a^l_j = σ(z^l_j) depends on z^l_j
    alone, so ∂a^l_j/∂z^l_i is σ'(z^l_j) when i = j and 0 otherwise, and BP1 and BP2
    are Hadamard products with σ'(z). ``function(z)`` and ``derivative(z)`` take and
    return arrays of the same shape, a column ``(n, 1)`` or a batch ``(n, m)``;
    ``derivative_from_output(a)``, when given, returns σ'(z) from a = σ(z).

    **Coupled** (softmax, chapter 3): a^l_j depends on every z^l_i of its layer. Then
    ``derivative`` is None and ``jacobian(z, a)`` returns J of shape ``(m, n, n)``,
    ``J[c, j, i] = ∂a^l_j/∂z^l_i`` for column c; the Hadamard product with σ'(z) becomes
    a product with J (:meth:`jacobian_times`, :meth:`jacobian_transpose_times`).

    ``min_neurons`` is the fewest neurons a layer using it may have (a
    :func:`per_neuron` override of neuron j needs j + 1); a Network checks it.
    ``output_range`` is the open interval (low, high) its outputs lie in, or None where
    unknown (a reader's own function); a cost defined only on (0, 1) checks it.
    """

    name: str
    function: ArrayFunction
    derivative: ArrayFunction | None
    derivative_from_output: ArrayFunction | None = None
    min_neurons: int = 0
    jacobian: Callable[[Array, Array], Array] | None = None
    output_range: tuple[float, float] | None = None

    def __call__(self, z: Array) -> Array:
        return self.function(z)

    @property
    def elementwise(self) -> bool:
        """Whether a_j depends on z_j alone (then σ' exists and ∂a/∂z is diagonal)."""
        return self.jacobian is None

    def prime(self, z: Array, a: Array | None = None) -> Array:
        """σ'(z); from the output ``a`` instead when this activation allows it."""
        if a is not None and self.derivative_from_output is not None:
            return self.derivative_from_output(a)
        if self.derivative is None:
            raise ValueError(
                f"activation {self.name!r}: each a_j depends on every z_i of the layer, so "
                "there is no elementwise σ'(z); its Jacobian takes the place of σ'(z) ⊙"
            )
        return self.derivative(z)

    def slopes(self, z: Array, a: Array) -> Array:
        """∂a_j/∂z_j for every neuron, shape of ``z``: σ'(z), or the Jacobian's diagonal.

        A neuron whose own slope is below :data:`SATURATION` is saturated.
        """
        if self.elementwise:
            return self.prime(z, a)
        return np.diagonal(self.jacobian_at(z, a), axis1=1, axis2=2).T

    def jacobian_times(self, z: Array, a: Array, v: Array) -> Array:
        """J v column by column: the first-order change Δa ≈ (∂a/∂z) Δz for Δz = ``v``.

        σ'(z) ⊙ v for an elementwise activation (eq. 48–49's rate factors).
        """
        if self.elementwise:
            return self.prime(z, a) * v
        return np.einsum("cji,ic->jc", self.jacobian_at(z, a), v)

    def jacobian_transpose_times(self, z: Array, a: Array, v: Array) -> Array:
        """J^T v column by column: ∂C/∂z from ∂C/∂a = ``v`` (the chain rule behind BP1, BP2).

        σ'(z) ⊙ v for an elementwise activation, where J is diagonal.
        """
        if self.elementwise:
            return self.prime(z, a) * v
        return np.einsum("cji,jc->ic", self.jacobian_at(z, a), v)

    def jacobian_at(self, z: Array, a: Array | None = None) -> Array:
        """J of shape ``(m, n, n)``, ``J[c, j, i] = ∂a_j/∂z_i`` for column c of ``z``.

        Diagonal, with σ'(z) on the diagonal, for an elementwise activation.
        """
        a = self.function(z) if a is None else np.asarray(a)
        if self.jacobian is None:
            slopes = self.prime(z, a).T  # (m, n)
            return slopes[:, :, None] * np.eye(slopes.shape[1], dtype=slopes.dtype)
        return self.jacobian(np.asarray(z), a)

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


# --- sigmoid, σ(z) = 1 / (1 + e^{-z}) ---------------------------------------------------
def _sigmoid(z: Array) -> Array:
    # σ(z) = 1 / (1 + e^{-z}), in place on one buffer. For z < -709 (float32: -88) e^{-z}
    # overflows to inf and 1/(1 + inf) = 0, which is σ(z) to the last bit; that overflow is
    # expected, so its warning is silenced. Both tails stay accurate to rounding: for
    # z << 0 the result is 1/(a huge number), not a difference of nearly equal ones.
    z = np.asarray(z)
    t = np.asarray(np.negative(z, dtype=float_type_of(z)))  # 0-d stays an array
    with np.errstate(over="ignore"):
        np.exp(t, out=t)
    t += 1.0
    return np.reciprocal(t, out=t)


def _sigmoid_from_output(a: Array) -> Array:
    return a * (1.0 - a)


def _sigmoid_prime(z: Array) -> Array:
    # σ'(z) = e^{-|z|} / (1 + e^{-|z|})², symmetric in z and accurate in both tails
    # (a(1 - a) would round to 0 for z > 37).
    e = np.exp(-np.abs(np.asarray(z)))
    r = 1.0 / (1.0 + e)
    return e * r * r


def _tanh_from_output(a: Array) -> Array:
    return 1.0 - a * a


def _tanh_prime(z: Array) -> Array:
    return _tanh_from_output(np.tanh(z))


def float_type_of(z: Array) -> np.dtype:
    """z's dtype if it is a float type (float32 stays float32), else float64."""
    dtype = np.asarray(z).dtype
    # dtype.kind == "f" is np.issubdtype(dtype, np.floating), at a tenth of the cost:
    # this runs for every layer of every mini-batch.
    return dtype if dtype.kind == "f" else np.dtype(np.float64)


def _relu(z: Array) -> Array:
    return np.maximum(z, 0.0)


def _relu_prime(z: Array) -> Array:
    # The derivative at exactly 0 is taken to be 0, as most libraries do.
    return (np.asarray(z) > 0).astype(float_type_of(z))


def _identity(z: Array) -> Array:
    # A copy, not z itself: z^l and a^l are kept separately by the forward pass.
    return np.array(z, dtype=float_type_of(z))


def _ones_like(z: Array) -> Array:
    return np.ones_like(z, dtype=float_type_of(z))


# --- softmax, a_j = e^{z_j} / Σ_i e^{z_i}: a coupled layer (the book's chapter 3) -----------
def _softmax(z: Array) -> Array:
    z = np.asarray(z, dtype=float_type_of(z))
    e = np.exp(z - z.max(axis=0, keepdims=True))  # the shift leaves a unchanged, avoids overflow
    return e / e.sum(axis=0, keepdims=True)


def _softmax_jacobian(z: Array, a: Array) -> Array:
    # ∂a_j/∂z_i = a_j (δ_ji − a_i): J = diag(a) − a aᵀ for each column, shape (m, n, n).
    columns = a.T
    return columns[:, :, None] * (np.eye(a.shape[0], dtype=a.dtype) - columns[:, None, :])


SIGMOID = Activation(
    "sigmoid", _sigmoid, _sigmoid_prime, _sigmoid_from_output, output_range=(0.0, 1.0)
)
TANH = Activation("tanh", np.tanh, _tanh_prime, _tanh_from_output, output_range=(-1.0, 1.0))
RELU = Activation(
    "relu", _relu, _relu_prime, lambda a: (a > 0).astype(a.dtype), output_range=(0.0, np.inf)
)
LINEAR = Activation("linear", _identity, _ones_like, _ones_like, output_range=(-np.inf, np.inf))
SOFTMAX = Activation("softmax", _softmax, None, jacobian=_softmax_jacobian, output_range=(0.0, 1.0))

ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (SIGMOID, TANH, RELU, LINEAR, SOFTMAX)}

#: Public names for the book's helpers in network.py.
sigmoid = SIGMOID.function
sigmoid_prime = SIGMOID.derivative


def custom(function: ArrayFunction, derivative: ArrayFunction, name: str = "custom") -> Activation:
    """A reader's own activation from a function and its derivative (both elementwise)."""
    if not callable(function) or not callable(derivative):
        raise TypeError(
            "activation: expected two callables (function, derivative), got "
            f"{type(function).__name__} and {type(derivative).__name__}"
        )
    return Activation(name, function, derivative)


def get_activation(spec: str | Activation | tuple, argument: str = "activation") -> Activation:
    """Turn a name, an :class:`Activation` or a pair ``(f, f_prime)`` into an Activation."""
    if isinstance(spec, Activation):
        return spec
    if isinstance(spec, str):
        also = ", an Activation, or a pair (function, derivative)"
        return _checks.registered(ACTIVATIONS, spec, argument, "activation", also)
    if isinstance(spec, tuple) and len(spec) == 2:
        return custom(*spec)
    raise TypeError(
        f"{argument}: expected a name such as 'sigmoid', an Activation or a pair "
        f"(function, derivative), got {type(spec).__name__}"
    )


def per_neuron(
    default: str | Activation | tuple, overrides: Mapping[int, str | Activation | tuple]
) -> Activation:
    """A layer whose neurons ``j`` in ``overrides`` use their own activation.

    ``overrides`` maps a neuron index ``j`` (0-based, as rows of ``z^l``) to its
    activation; every other neuron uses ``default``. This is the chapter's exercise
    on a single modified neuron: in BP1/BP2 only that neuron's σ'(z_j) changes.
    """
    base = get_activation(default)
    special = {}
    for j, spec in overrides.items():
        if isinstance(j, bool) or not isinstance(j, (int, np.integer)) or j < 0:
            raise ValueError(f"overrides: neuron index must be an integer >= 0, got {j!r}")
        special[int(j)] = get_activation(spec, argument=f"overrides[{j}]")
    for argument, activation in [
        ("default", base),
        *((f"overrides[{j}]", a) for j, a in special.items()),
    ]:
        if not activation.elementwise:
            raise ValueError(
                f"{argument}: expected an elementwise activation (one neuron's own function), "
                f"got {activation.name!r}, which couples every neuron of its layer"
            )
    if not special:
        return base

    def apply(z: Array, which: str) -> Array:
        if z.shape[0] <= max(special):
            raise ValueError(
                f"per_neuron: neuron {max(special)} overridden, but the layer has "
                f"only {z.shape[0]} neurons"
            )
        # A copy: the default may hand back z itself, which must not be overwritten.
        out = np.array(getattr(base, which)(z))
        for j, act in special.items():
            out[j] = getattr(act, which)(z[j])
        return out

    names = ", ".join(f"{j}: {a.name}" for j, a in sorted(special.items()))
    return Activation(
        f"per_neuron({base.name}; {names})",
        lambda z: apply(np.asarray(z, dtype=float_type_of(z)), "function"),
        lambda z: apply(np.asarray(z, dtype=float_type_of(z)), "derivative"),
        min_neurons=max(special) + 1,
    )
