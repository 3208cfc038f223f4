"""Notebook 04's checkers: the Hadamard product (eq. 28) and the quadratic cost of a batch."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bpcore.costs import QUADRATIC
from bpcore.exercises import cases as make
from bpcore.exercises import forbid
from bpcore.exercises.compare import compare_arrays, compare_number
from bpcore.exercises.harness import Case, run
from bpcore.exercises.result import CheckResult

#: bpcore's quadratic cost, out of reach while the reader's function runs. (s ⊙ t is
#: numpy's own ``s * t``: nothing of bpcore's to forbid there.)
FORBIDDEN_COST = forbid.Forbidden(
    forbid.QUADRATIC_COST,
    "this exercise asks you to write the cost (eq. 26–27) yourself, without bpcore's",
)


def _hadamard_case(rng: np.random.Generator, i: int) -> Case:
    if i == 0:
        s, t = np.array([[1.0], [2.0]]), np.array([[3.0], [4.0]])
        description = f"the book's example, eq. 28: {make.shapes(s=s, t=t)}"
    else:
        n, m = make.column_size(rng, i, 2)
        s, t = rng.normal(size=(n, m)), rng.normal(size=(n, m))
        description = make.shapes(s=s, t=t)
    return Case(
        description,
        (s, t),
        s * t,
        lambda got, want: compare_arrays(got, want, "s ⊙ t"),
        [
            (
                "that is the inner product Σ_j s_j t_j; ⊙ keeps one entry per j",
                lambda: np.sum(s * t),
            ),
            (
                "that is a matrix product; ⊙ multiplies entry by entry (s * t in numpy)",
                lambda: s @ t.T,
            ),
        ],
        ("s", "t"),
    )


def check_hadamard(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(s, t) -> s ⊙ t``, the elementwise (Hadamard) product (eq. 28).

    ``s`` and ``t`` have the same shape, (n, 1) or (n, m); so has the result. The
    first case is the book's example [1, 2] ⊙ [3, 4] = [3, 8].
    """
    return run("check_hadamard", fn, _hadamard_case, cases, seed)


def _cost_case(rng: np.random.Generator, i: int) -> Case:
    n, m = make.column_size(rng, i)
    if i < 3:
        m = 1
    elif m == 1:
        m = 3
    a, y = rng.uniform(0.0, 1.0, (n, m)), rng.uniform(0.0, 1.0, (n, m))
    per_example = QUADRATIC.per_example(a, y)
    C = float(per_example.mean())
    return Case(
        make.shapes(a=a, y=y),
        (a, y),
        C,
        lambda got, want: compare_number(got, want, "C"),
        [
            (
                "that is the sum over the examples; eq. 26 takes the mean (1/n) Σ_x",
                lambda: C * m,
            ),
            ("the ½ of eq. 27 is missing", lambda: 2 * C),
            (
                "that is the mean over every entry; average over the columns (examples) only",
                lambda: C / n,
            ),
            (
                "that uses ‖y − a‖, not its square ‖y − a‖²",
                lambda: float(np.mean(0.5 * np.sqrt(2 * per_example))),
            ),
        ],
        ("a", "y"),
    )


def check_quadratic_cost(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(a, y) -> C``, the quadratic cost averaged over the columns (eq. 26/27).

    ``a = a^L`` and ``y`` have shape (n_L, m); C = (1/m) Σ_x ½‖y(x) − a^L(x)‖², one number.
    """
    return run("check_quadratic_cost", fn, _cost_case, cases, seed, FORBIDDEN_COST)
