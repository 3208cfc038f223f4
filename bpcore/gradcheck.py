"""Finite differences: the slow, independent way to the gradient (eq. 46).

∂C/∂w_j ≈ (C(w + ε e_j) − C(w)) / ε            forward difference (eq. 46), error O(ε)
∂C/∂w_j ≈ (C(w + ε e_j) − C(w − ε e_j)) / 2ε   central difference, error O(ε²)

Each partial derivative costs one or two forward passes through the whole network,
so a network with a million weights needs a million forward passes: the reason the
chapter gives for backpropagation, which gets them all from one forward and one
backward pass.
"""

from __future__ import annotations

import numpy as np

from bpcore import _checks
from bpcore.backprop import NetworkLike, backprop, check_inputs, feedforward_pass

Array = np.ndarray


def _cost(net: NetworkLike, x: Array, y: Array) -> float:
    return net.cost_function.mean(feedforward_pass(net, x).output, y)


def numerical_gradient(
    net: NetworkLike, x: object, y: object, eps: float = 1e-6, method: str = "central"
) -> tuple[list[Array], list[Array]]:
    """(nabla_b, nabla_w) by finite differences, one parameter at a time (eq. 46).

    ``method`` is ``"central"`` (default, error O(ε²)) or ``"forward"`` (eq. 46 as
    printed, error O(ε)). Shapes as ``net.biases`` and ``net.weights``. Each
    parameter is put back exactly as it was after its two evaluations.
    """
    x_checked, y_checked = check_inputs(net, x, y)
    assert y_checked is not None
    eps = _checks.positive_number(eps, "eps")
    if method not in ("central", "forward"):
        raise ValueError(f"method: expected 'central' or 'forward', got {method!r}")
    base = _cost(net, x_checked, y_checked) if method == "forward" else 0.0  # C(w)

    def cost() -> float:
        return _cost(net, x_checked, y_checked)

    def partials(parameters: list[Array]) -> list[Array]:
        result = []
        for p in parameters:
            g = np.zeros_like(p, dtype=float)
            for index in np.ndindex(p.shape):
                original = p[index]
                try:
                    p[index] = original + eps
                    plus = cost()
                    if method == "central":
                        p[index] = original - eps
                        minus = cost()
                        g[index] = (plus - minus) / (2 * eps)
                    else:
                        g[index] = (plus - base) / eps
                finally:
                    p[index] = original
            result.append(g)
        return result

    return partials(net.biases), partials(net.weights)


def relative_error(exact: list[Array], approximate: list[Array]) -> float:
    """max |exact − approximate| over every entry, relative to the largest entry in size.

    Normalising by the largest gradient entry rather than entry by entry keeps the
    measure meaningful for entries near zero, where a finite difference has only
    rounding noise (about 1e-16·C/ε) to offer.
    """
    difference = max(float(np.max(np.abs(e - a))) for e, a in zip(exact, approximate))
    scale = max(float(np.max(np.abs(g))) for g in [*exact, *approximate])
    return difference / max(scale, np.finfo(float).tiny)


def gradient_check(net: NetworkLike, x: object, y: object, eps: float = 1e-6) -> float:
    """The largest error between backprop's gradient and central differences (eq. 46),
    relative to the largest gradient entry (see :func:`relative_error`).

    Below about 1e-7 means backprop is right (for smooth activations and ε = 1e-6).
    """
    gradients = backprop(net, x, y)
    nabla_b, nabla_w = numerical_gradient(net, x, y, eps)
    return relative_error(gradients.nabla_b + gradients.nabla_w, nabla_b + nabla_w)
