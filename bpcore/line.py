"""Training a straight line f(x) = m·x + c: the simplest picture of a cost and its gradient.

Before a network, the "simple backprop explanation" trains a line. The weights are
the slope ``m`` and the intercept ``c``; the data are points (x_i, y_i); the error
of point i is the residual r_i = f(x_i) − y_i. Two costs compare the line with the data:

* the absolute cost   C_abs(m, c) = Σ_i |r_i|        (has a kink wherever some r_i = 0)
* the squared cost    C(m, c)     = ½ Σ_i r_i²       (smooth, a bowl)

By the chain rule, ∂C/∂m = Σ_i r_i · x_i and ∂C/∂c = Σ_i r_i for the squared cost
(for the absolute cost, r_i is replaced by sign(r_i)). Gradient descent repeats
m ← m − η ∂C/∂m, c ← c − η ∂C/∂c. This module holds only those numbers (numpy, no
plotting), so notebooks and tests can check them; :mod:`bpcore.plotting` draws them.

Everything here accepts ``m`` and ``c`` as numbers or as numpy arrays of the same
shape (a grid of lines): the cost of every grid point comes back at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from bpcore import _checks

Array = np.ndarray

#: The example data: four points near the line y = x + 1, as the line explorer's default.
DATA_X = np.array([0.5, 1.5, 2.5, 3.5])
DATA_Y = np.array([1.8, 2.2, 3.9, 4.3])

#: The two costs, by name.
COSTS = ("squared", "absolute")


def data_points(x: ArrayLike | None, y: ArrayLike | None) -> tuple[Array, Array]:
    """The data as two 1-D float arrays of equal length (defaults: DATA_X, DATA_Y)."""
    if x is None and y is None:
        return DATA_X, DATA_Y
    if x is None or y is None:
        raise ValueError("x, y: give both data arrays or neither (neither uses DATA_X, DATA_Y)")
    xs = _checks.batch(np.ravel(x), np.size(x), "x")[:, 0]
    ys = _checks.batch(np.ravel(y), np.size(y), "y")[:, 0]
    if xs.size == 0:
        raise ValueError("x: expected at least one data point, got none")
    if xs.shape != ys.shape:
        raise ValueError(f"y: expected {xs.size} values, one per x, got {ys.size}")
    return xs, ys


def cost_kind(cost: str) -> str:
    if cost not in COSTS:
        raise ValueError(f"cost: expected one of {COSTS}, got {cost!r}")
    return cost


def predict(m: float, c: float, x: ArrayLike) -> Array:
    """f(x) = m·x + c at every x."""
    return m * np.asarray(x, dtype=float) + c


def residuals(
    m: ArrayLike, c: ArrayLike, x: ArrayLike | None = None, y: ArrayLike | None = None
) -> Array:
    """r_i = f(x_i) − y_i, the errors of the line at each data point.

    Shape ``(n,)`` for scalar m, c; ``m.shape + (n,)`` for arrays of m and c.
    """
    xs, ys = data_points(x, y)
    ms, cs = np.broadcast_arrays(np.asarray(m, dtype=float), np.asarray(c, dtype=float))
    return ms[..., None] * xs + cs[..., None] - ys


def cost_absolute(
    m: ArrayLike, c: ArrayLike, x: ArrayLike | None = None, y: ArrayLike | None = None
) -> Any:
    """C_abs(m, c) = Σ_i |m·x_i + c − y_i|: a float, or an array shaped like m and c."""
    total = np.abs(residuals(m, c, x, y)).sum(axis=-1)
    return float(total) if total.ndim == 0 else total


def cost_squared(
    m: ArrayLike, c: ArrayLike, x: ArrayLike | None = None, y: ArrayLike | None = None
) -> Any:
    """C(m, c) = ½ Σ_i (m·x_i + c − y_i)²: a float, or an array shaped like m and c."""
    total = 0.5 * (residuals(m, c, x, y) ** 2).sum(axis=-1)
    return float(total) if total.ndim == 0 else total


def cost(
    m: ArrayLike,
    c: ArrayLike,
    x: ArrayLike | None = None,
    y: ArrayLike | None = None,
    kind: str = "squared",
) -> Any:
    """The ``kind`` cost ("squared" or "absolute") of the line m·x + c."""
    return cost_squared(m, c, x, y) if cost_kind(kind) == "squared" else cost_absolute(m, c, x, y)


def gradient(
    m: float,
    c: float,
    x: ArrayLike | None = None,
    y: ArrayLike | None = None,
    kind: str = "squared",
) -> tuple[float, float]:
    """(∂C/∂m, ∂C/∂c) by the chain rule.

    Squared cost: ∂C/∂m = Σ_i r_i·x_i, ∂C/∂c = Σ_i r_i. Absolute cost: the same with
    sign(r_i) in place of r_i (at a kink, r_i = 0, sign gives 0: one of the subgradients).
    """
    x, y = data_points(x, y)
    m = _checks.finite_number(m, "m")
    c = _checks.finite_number(c, "c")
    return _chain_rule(m, c, x, y, cost_kind(kind))


def _chain_rule(m: float, c: float, x: Array, y: Array, kind: str) -> tuple[float, float]:
    """(∂C/∂m, ∂C/∂c) for checked data: the chain rule through r_i = m·x_i + c − y_i."""
    r = m * x + c - y
    # dC/dr_i: r_i for ½ r², sign(r_i) for |r|; then dr_i/dm = x_i and dr_i/dc = 1.
    outer = r if kind == "squared" else np.sign(r)
    return float(outer @ x), float(outer.sum())


@dataclass
class Descent:
    """The points of gradient descent: ``m[t]``, ``c[t]`` and ``cost[t]`` for t = 0..steps."""

    m: Array
    c: Array
    cost: Array
    eta: float
    kind: str

    @property
    def path(self) -> Array:
        """The path as rows (m_t, c_t), shape ``(steps + 1, 2)``."""
        return np.column_stack([self.m, self.c])


def descend(
    m0: float,
    c0: float,
    eta: float,
    steps: int,
    x: ArrayLike | None = None,
    y: ArrayLike | None = None,
    kind: str = "squared",
    fit_intercept: bool = True,
) -> Descent:
    """Gradient descent from (m0, c0): m ← m − η ∂C/∂m, c ← c − η ∂C/∂c, ``steps`` times.

    With ``fit_intercept=False`` c stays at c0 (the source's first example trains m alone).
    A too-large η makes the steps overshoot and grow; the costs then grow too (they are
    returned, not refused, since that is what the learning-rate slider is meant to show),
    but a cost that overflows to inf stops with a ValueError naming ``eta``.
    """
    x, y = data_points(x, y)
    m = _checks.finite_number(m0, "m0")
    c = _checks.finite_number(c0, "c0")
    eta = _checks.positive_number(eta, "eta")
    steps = _checks.nonnegative_integer(steps, "steps")
    kind = cost_kind(kind)
    ms, cs = [m], [c]
    for _ in range(steps):
        dm, dc = _chain_rule(m, c, x, y, kind)  # the data were checked once, above
        m, c = m - eta * dm, (c - eta * dc) if fit_intercept else c
        if not (np.isfinite(m) and np.isfinite(c) and abs(m) < 1e100 and abs(c) < 1e100):
            raise ValueError(
                f"eta: the steps diverged (|m| or |c| beyond 1e100 after {len(ms)} steps); "
                f"choose a smaller learning rate than {eta}"
            )
        ms.append(m)
        cs.append(c)
    m_path, c_path = np.array(ms), np.array(cs)
    return Descent(m_path, c_path, np.asarray(cost(m_path, c_path, x, y, kind)), eta, kind)


def least_squares(x: ArrayLike | None = None, y: ArrayLike | None = None) -> tuple[float, float]:
    """The (m, c) at the bottom of the squared cost's bowl, by least squares."""
    x, y = data_points(x, y)
    design = np.column_stack([x, np.ones_like(x)])
    (m, c), *_ = np.linalg.lstsq(design, y, rcond=None)
    return float(m), float(c)
