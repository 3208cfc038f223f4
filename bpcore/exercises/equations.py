"""Notebook 05's checkers: BP1–BP4 one at a time, and Problem 1's Σ'(z).

Each takes arrays with one column per example, as the reader's function does, and
forbids exactly bpcore's form of its own equation.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bpcore.activations import SIGMOID
from bpcore.equations import (
    bp1_output_error,
    bp2_hidden_error,
    bp3_bias_gradient,
    bp4_weight_gradient,
    sigma_prime_matrix,
)
from bpcore.exercises import cases as make
from bpcore.exercises import forbid
from bpcore.exercises.compare import compare_arrays
from bpcore.exercises.harness import Case, run
from bpcore.exercises.result import CheckResult


def _forbidden(functions: tuple[Callable, ...], equation: str) -> forbid.Forbidden:
    return forbid.Forbidden(
        functions, f"this exercise asks you to write {equation} yourself, without bpcore's"
    )


def _bp1_case(rng: np.random.Generator, i: int) -> Case:
    n, m = make.column_size(rng, i)
    grad, z = rng.normal(size=(n, m)), make.weighted_inputs(rng, (n, m))
    sigma = SIGMOID.function(z)
    return Case(
        make.shapes(grad_a_C=grad, z_L=z),
        (grad, z),
        bp1_output_error(grad, z, SIGMOID),
        lambda got, want: compare_arrays(got, want, "δ^L"),
        [
            ("this is ∇_a C alone: multiply by σ'(z^L) (BP1)", lambda: grad),
            (
                "this multiplies by σ(z^L); BP1 needs σ'(z^L) = σ(z)(1 − σ(z))",
                lambda: grad * sigma,
            ),
            ("this uses z(1 − z); σ'(z) = σ(z)(1 − σ(z))", lambda: grad * z * (1 - z)),
            ("the sign is flipped", lambda: -bp1_output_error(grad, z, SIGMOID)),
        ],
        ("grad_a_C", "z_L"),
    )


def check_bp1(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(grad_a_C, z_L) -> δ^L = ∇_a C ⊙ σ'(z^L)`` for sigmoid neurons (BP1a).

    Both arguments and the result have shape (n_L, m).
    """
    forbidden = _forbidden(forbid.BP1, "BP1 (δ^L = ∇_a C ⊙ σ'(z^L))")
    return run("check_bp1", fn, _bp1_case, cases, seed, forbidden)


def _bp2_case(rng: np.random.Generator, i: int) -> Case:
    n, m = make.column_size(rng, i)
    n_next = n if i % 3 == 1 else int(rng.integers(1, 6))
    w = rng.normal(size=(n_next, n))
    delta, z = rng.normal(size=(n_next, m)), make.weighted_inputs(rng, (n, m))
    expected = bp2_hidden_error(w, delta, z, SIGMOID)
    return Case(
        make.shapes(w_next=w, delta_next=delta, z_l=z),
        (w, delta, z),
        expected,
        lambda got, want: compare_arrays(got, want, "δ^l"),
        [
            (
                "this is (w^{l+1})^T δ^{l+1} alone: multiply by σ'(z^l) (BP2)",
                lambda: w.T @ delta,
            ),
            (
                "this uses w^{l+1} δ^{l+1}; BP2 needs the transpose (w^{l+1})^T",
                lambda: bp2_hidden_error(w.T, delta, z, SIGMOID),
            ),
            (
                "this multiplies by σ(z^l); BP2 needs σ'(z^l)",
                lambda: (w.T @ delta) * SIGMOID.function(z),
            ),
            ("the sign is flipped", lambda: -expected),
        ],
        ("w_next", "delta_next", "z_l"),
    )


def check_bp2(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(w_next, delta_next, z_l) -> δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ'(z^l)`` (BP2).

    ``w_next`` is (n_{l+1}, n_l), ``delta_next`` (n_{l+1}, m), ``z_l`` and the result (n_l, m).
    Every third case has a square w^{l+1}, where a missing transpose gives wrong numbers.
    """
    forbidden = _forbidden(forbid.BP2, "BP2 (δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ'(z^l))")
    return run("check_bp2", fn, _bp2_case, cases, seed, forbidden)


def _bp3_case(rng: np.random.Generator, i: int) -> Case:
    n, m = make.batch_size(rng, i, instead_of_one=4)
    delta = rng.normal(size=(n, m))
    expected = bp3_bias_gradient(delta)
    return Case(
        make.shapes(delta=delta),
        (delta,),
        expected,
        lambda got, want: compare_arrays(got, want, "∂C/∂b"),
        [
            (
                "that is the sum over the examples; the batch cost is a mean, so take the mean",
                lambda: expected * m,
            ),
            (
                "that is δ for every example; average the m columns (axis=1, keepdims=True)",
                lambda: delta,
            ),
        ],
        ("delta",),
    )


def check_bp3(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(delta) -> ∂C/∂b^l = δ^l`` (BP3), averaged over the m columns: shape (n_l, 1)."""
    forbidden = _forbidden(forbid.BP3, "BP3 (∂C/∂b^l = δ^l, averaged over the examples)")
    return run("check_bp3", fn, _bp3_case, cases, seed, forbidden)


def _bp4_case(rng: np.random.Generator, i: int) -> Case:
    n, m = make.batch_size(rng, i, instead_of_one=3)
    n_prev = n if i % 3 == 1 else int(rng.integers(1, 6))
    a, delta = rng.uniform(0.0, 1.0, (n_prev, m)), rng.normal(size=(n, m))
    expected = bp4_weight_gradient(a, delta)
    return Case(
        make.shapes(a_prev=a, delta=delta),
        (a, delta),
        expected,
        lambda got, want: compare_arrays(got, want, "∂C/∂w"),
        [
            (
                "that is the sum over the examples; the batch cost is a mean, so divide by m",
                lambda: expected * m,
            ),
            (
                "that is a^{l-1} δ^T, the transpose: ∂C/∂w^l_jk = a^{l-1}_k δ^l_j is δ a^T",
                lambda: expected.T,
            ),
            ("the sign is flipped", lambda: -expected),
        ],
        ("a_prev", "delta"),
    )


def check_bp4(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(a_prev, delta) -> ∂C/∂w^l`` with entries a^{l-1}_k δ^l_j (BP4).

    ``a_prev`` is a^{l-1}, (n_{l-1}, m); ``delta`` is δ^l, (n_l, m); the result is
    δ^l (a^{l-1})^T / m, shape (n_l, n_{l-1}) like w^l: the mean over the examples.
    """
    forbidden = _forbidden(forbid.BP4, "BP4 (∂C/∂w^l_jk = a^{l-1}_k δ^l_j)")
    return run("check_bp4", fn, _bp4_case, cases, seed, forbidden)


def _sigma_form_case(rng: np.random.Generator, i: int) -> Case:
    n = int(rng.integers(1, 7)) if i else 3
    z = make.weighted_inputs(rng, (n, 1))
    prime = SIGMOID.prime(z)
    return Case(
        make.shapes(z=z),
        (z,),
        sigma_prime_matrix(z, SIGMOID),
        lambda got, want: compare_arrays(got, want, "Σ'(z)"),
        [
            (
                "that is the column σ'(z); Σ'(z) puts it on the diagonal of an (n, n) matrix",
                lambda: prime,
            ),
            (
                "np.diag of an (n, 1) column returns its diagonal (one number): "
                "use np.diag(column[:, 0]) to build the matrix",
                lambda: np.diag(prime),
            ),
            (
                "that has σ(z) on the diagonal; Σ'(z) needs σ'(z)",
                lambda: np.diag(SIGMOID.function(z)[:, 0]),
            ),
            (
                "that is the outer product σ'(z) σ'(z)^T; Σ'(z) is zero off the diagonal",
                lambda: prime @ prime.T,
            ),
        ],
        ("z",),
    )


def check_sigma_form(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(z) -> Σ'(z)``: the (n, n) diagonal matrix with σ'(z_j) on its diagonal.

    ``z`` is one column, shape (n, 1); sigmoid σ (the chapter's Problem 1).
    """
    forbidden = _forbidden(forbid.SIGMA_PRIME_MATRIX, "Σ'(z) (Problem 1)")
    return run("check_sigma_form", fn, _sigma_form_case, cases, seed, forbidden)
