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

    def compare(got: object, expected: object) -> str | None:
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
