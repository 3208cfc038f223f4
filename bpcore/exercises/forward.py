"""Notebook 03's checker: the forward pass, eq. 25 applied layer by layer."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bpcore.activations import LINEAR
from bpcore.backprop import feedforward_pass
from bpcore.exercises import cases as make
from bpcore.exercises import forbid
from bpcore.exercises.compare import compare_arrays
from bpcore.exercises.harness import Case, run
from bpcore.exercises.result import CheckResult

#: bpcore's forward pass, out of reach while the reader's function runs.
FORBIDDEN = forbid.Forbidden(
    forbid.FEEDFORWARD,
    "this exercise asks you to write the forward pass (eq. 25) yourself, without bpcore's",
)


def _case(rng: np.random.Generator, i: int) -> Case:
    net = make.sigmoid_net(rng, i)
    m = 1 if i < 3 else int(rng.integers(1, 6))
    x = rng.uniform(-1.0, 1.0, (net.sizes[0], m))
    expected = feedforward_pass(net, x).output

    def variant(**change: int) -> np.ndarray:
        other = net.copy()
        if "transpose" in change:  # only square w^l fit transposed
            other.weights = [w.T if w.shape[0] == w.shape[1] else w for w in net.weights]
        if "no_bias" in change:
            other.biases = [np.zeros_like(b) for b in net.biases]
        if "linear_output" in change:
            other.activation_functions = [*net.activation_functions[:-1], LINEAR]
        if "linear" in change:
            other.activation_functions = [LINEAR] * len(net.weights)
        return feedforward_pass(other, x).output

    return Case(
        f"sizes {net.sizes}, x {x.shape}",
        (net.weights, net.biases, x),
        expected,
        lambda got, want: compare_arrays(got, want, "a^L"),
        [
            ("this is z^L: apply σ to the output layer too", lambda: variant(linear_output=1)),
            (
                "σ was never applied: a^l = σ(w^l a^{l-1} + b^l) in every layer",
                lambda: variant(linear=1),
            ),
            ("the biases are missing: z^l = w^l a^{l-1} + b^l", lambda: variant(no_bias=1)),
            (
                "this uses (w^l)^T a^{l-1}; eq. 25 is w^l a^{l-1}, w^l of shape (n_l, n_{l-1})",
                lambda: variant(transpose=1),
            ),
        ],
        ("weights", "biases", "x"),
    )


def check_feedforward(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(weights, biases, x) -> a^L`` (eq. 25, sigmoid, applied layer by layer).

    ``weights[l-2]`` is w^l, shape (n_l, n_{l-1}); ``biases[l-2]`` is b^l, shape
    (n_l, 1); ``x`` is (n_1, m), one example per column; a^L is (n_L, m).
    """
    return run("check_feedforward", fn, _case, cases, seed, FORBIDDEN)
