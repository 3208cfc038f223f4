"""Notebook 02's checker: the gradient of a straight line's squared cost, by the chain rule."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bpcore import line
from bpcore.exercises import forbid
from bpcore.exercises.compare import compare_number, compare_tuple
from bpcore.exercises.harness import Case, run
from bpcore.exercises.result import CheckResult

#: bpcore's answer, out of reach while the reader's function runs.
FORBIDDEN = forbid.Forbidden(
    forbid.LINE_GRADIENT,
    "this exercise asks you to apply the chain rule yourself, without bpcore.line's gradient",
)


def _case(rng: np.random.Generator, i: int) -> Case:
    if i == 0:  # the line explorer's data, starting from m = 1, c = 0
        m, c, xs, ys = 1.0, 0.0, line.DATA_X.copy(), line.DATA_Y.copy()
    else:
        n = 2 if i < 3 else int(rng.integers(2, 8))
        m, c = (float(v) for v in rng.uniform(-2.0, 2.0, 2))
        xs, ys = rng.uniform(-3.0, 3.0, n), rng.uniform(-3.0, 3.0, n)
    n = xs.size
    dm, dc = line.gradient(m, c, xs, ys)
    names = ("∂C/∂m", "∂C/∂c")

    def compare(got: object, expected: tuple[float, float]) -> str | None:
        return compare_tuple(got, expected, names, compare_number)

    return Case(
        f"m = {m:.4g}, c = {c:.4g}, {n} data points",
        (m, c, xs, ys),
        (dm, dc),
        compare,
        [
            ("you returned (∂C/∂c, ∂C/∂m): the order is (∂C/∂m, ∂C/∂c)", lambda: (dc, dm)),
            ("the sign is flipped: the residual is f(x) − y = m x + c − y", lambda: (-dm, -dc)),
            (
                "that is twice the gradient: the ½ in C cancels the 2 of the square",
                lambda: (2 * dm, 2 * dc),
            ),
            (
                "that is the mean over the points; C here is a sum (½ Σ_i)",
                lambda: (dm / n, dc / n),
            ),
            ("∂C/∂m needs the factor x_i from ∂(m x_i + c)/∂m", lambda: (dc, dc)),
        ],
        ("m", "c", "xs", "ys"),
    )


def check_line_gradient(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(m, c, xs, ys) -> (∂C/∂m, ∂C/∂c)`` for C(m, c) = ½ Σ_i (m x_i + c − y_i)².

    ``xs``, ``ys``: 1-D arrays of the data points. The chain rule gives
    ∂C/∂m = Σ_i (m x_i + c − y_i) x_i and ∂C/∂c = Σ_i (m x_i + c − y_i).
    """
    return run("check_line_gradient", fn, _case, cases, seed, FORBIDDEN)


def _descent(
    m: float,
    c: float,
    eta: float,
    steps: int,
    xs: np.ndarray,
    ys: np.ndarray,
    sign: float = 1.0,
    both: bool = True,
) -> tuple[float, float]:
    """A slip's path: ``steps`` steps of m ← m − sign·η ∂C/∂m (c too when ``both``)."""
    for _ in range(steps):
        r = m * xs + c - ys
        m, c = m - sign * eta * float(r @ xs), c - sign * eta * float(r.sum()) if both else c
    return m, c


def _descent_case(rng: np.random.Generator, i: int) -> Case:
    if i == 0:  # notebook 02: from (1, 0), η = 0.2, 200 steps on A = (1, 2), B = (2, 3)
        m, c, eta, steps = 1.0, 0.0, 0.2, 200
        xs, ys = np.array([1.0, 2.0]), np.array([2.0, 3.0])
    else:
        n = int(rng.integers(2, 6))
        xs, ys = rng.uniform(-2.0, 2.0, n), rng.uniform(-2.0, 2.0, n)
        m, c = (float(v) for v in rng.uniform(-2.0, 2.0, 2))
        curvature = np.linalg.eigvalsh([[xs @ xs, xs.sum()], [xs.sum(), n]]).max()
        eta = float(rng.uniform(0.2, 0.9) / curvature)  # below 2/λ_max: the steps settle
        steps = int(rng.integers(1, 30))
    d = line.descend(m, c, eta, steps, xs, ys)
    names = ("m", "c")

    def compare(got: object, expected: tuple[float, float]) -> str | None:
        return compare_tuple(got, expected, names, compare_number)

    return Case(
        f"from m = {m:.4g}, c = {c:.4g}, η = {eta:.4g}, {steps} steps, {xs.size} points",
        (m, c, eta, steps, xs, ys),
        (float(d.m[-1]), float(d.c[-1])),
        compare,
        [
            (
                "one step too few: take all `steps` steps",
                lambda: _descent(m, c, eta, steps - 1, xs, ys),
            ),
            ("one step too many", lambda: _descent(m, c, eta, steps + 1, xs, ys)),
            (
                "c never moved: update c with its own ∂C/∂c too",
                lambda: _descent(m, c, eta, steps, xs, ys, both=False),
            ),
            (
                "the steps go uphill: descent is m ← m − η ∂C/∂m",
                lambda: _descent(m, c, eta, steps, xs, ys, -1.0),
            ),
        ],
        ("m", "c", "eta", "steps", "xs", "ys"),
    )


def check_line_descent(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(m, c, eta, steps, xs, ys) -> (m, c)``: gradient descent on the squared cost.

    ``steps`` times: m ← m − η ∂C/∂m and c ← c − η ∂C/∂c, both from the same (m, c), for
    C(m, c) = ½ Σ_i (m x_i + c − y_i)². Returns the last (m, c).
    """
    return run("check_line_descent", fn, _descent_case, cases, seed, FORBIDDEN)
