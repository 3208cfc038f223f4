"""Notebook 11's checkers: the single-neuron chain's gradient, and eq. 95's matrix."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bpcore.chain import chain, chain_gradient
from bpcore.exercises import forbid
from bpcore.exercises.cases import shapes
from bpcore.exercises.compare import compare_arrays, compare_number
from bpcore.exercises.harness import Case, Slip, run
from bpcore.exercises.result import CheckResult

#: Why bpcore's gradients are out of reach.
REASON = (
    "this exercise asks you to multiply the chain's factors yourself (eq. 85), without "
    "bpcore's chain or backpropagation"
)


def _chain_case(rng: np.random.Generator, i: int) -> Case:
    n = 1 + i % 5
    x = float(rng.uniform(-2.0, 2.0))
    weights = [float(w) for w in rng.normal(0.0, 1.5, n)]
    y = float(rng.uniform(0.0, 1.0))
    c = chain(x, weights, y)
    expected = chain_gradient(c)
    slips: list[Slip] = [("the sign is flipped: ∂C/∂ŷ = ŷ − y", lambda: -expected)]
    for name, value in c.factors:
        if value != 0.0:
            slips.append(
                (
                    f"the factor {name} = {value:.4g} is missing from the product",
                    lambda value=value: expected / value,  # type: ignore[misc]
                )
            )
    return Case(
        f"x = {x:.4g}, {n} neuron(s), y = {y:.4g}",
        (x, weights, y),
        expected,
        lambda got, want: compare_number(got, want, "∂C/∂w_1"),
        slips,
        ("x", "weights", "y"),
    )


def check_chain_gradient(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(x, weights, y) -> ∂C/∂w_1`` for the chain of single sigmoid neurons.

    h_1 = w_1 x, a_i = σ(h_i), h_i = w_i a_{i-1}, no biases, ŷ = a_n and
    C = ½ (ŷ − y)². ``x`` and ``y`` are numbers, ``weights`` a list [w_1, ..., w_n].
    The answer is x · σ'(h_1) · w_2 σ'(h_2) ··· w_n σ'(h_n) · (ŷ − y).
    """
    forbidden = forbid.Forbidden(forbid.BACKPROPAGATION, REASON)
    return run("check_chain_gradient", fn, _chain_case, cases, seed, forbidden)


def _matrix_case(rng: np.random.Generator, i: int) -> Case:
    n_out = int(rng.integers(1, 6))
    n_hidden = n_out if i % 3 == 1 else int(rng.integers(1, 6))
    w = rng.normal(size=(n_out, n_hidden))
    return Case(
        shapes(w=w),
        (w,),
        w.T.copy(),
        lambda got, want: compare_arrays(got, want, "eq. 95's matrix"),
        [
            (
                "that is w itself: row j, column k holds the coefficient of δ^(3)_k in "
                "δ^(2)_j, which is w_kj",
                lambda: w,
            )
        ],
        ("w",),
    )


def check_hidden_error_matrix(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(w) -> M``, eq. 95's matrix: M[j, k] is the coefficient of δ^(3)_k in δ^(2)_j.

    ``w`` is w^(3), shape (n_3, n_2); eq. 92–94 give M[j, k] = w_kj, so M is w's
    transpose, shape (n_2, n_3). Every third case has a square w, where forgetting to
    swap the indices gives wrong numbers rather than a wrong shape.
    """
    return run("check_hidden_error_matrix", fn, _matrix_case, cases, seed)
