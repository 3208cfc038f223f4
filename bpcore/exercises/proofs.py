"""Notebook 06's checker: the chapter's exercise "prove BP3 and BP4", as a numeric proof.

The reader's function gets a network, an input x, the errors δ^l of layer l (as a column)
and a parameter p — the bias b^l_j (``k is None``) or the weight w^l_jk — and completes
the proof's two steps:

1. ∂z^l/∂p, measured by moving p on a copy of the network and running the forward pass
   again (the column is 1 or a^{l-1}_k in row j and 0 elsewhere: p enters z^l_j alone);
2. ∂C/∂p = Σ_i δ^l_i ∂z^l_i/∂p, the chain rule through the weighted inputs of layer l.

It returns both, ``(dz_dp, dC_dp)``. It gets no target y, so it cannot difference the
cost: the only way to ∂C/∂p is through δ^l, as in the proof. bpcore's gradient functions
(backprop, finite differences of C, nudges) refuse while it runs.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bpcore.backprop import backprop
from bpcore.exercises import cases as make
from bpcore.exercises import forbid
from bpcore.exercises.compare import compare_arrays, compare_number, compare_tuple
from bpcore.exercises.harness import Case, Slip, run
from bpcore.exercises.plain_network import PlainNetwork
from bpcore.exercises.result import CheckResult

Array = np.ndarray

#: Why bpcore's gradients are out of reach in the proof of BP3 and BP4.
PROOF_REASON = (
    "this exercise asks you to prove BP3 and BP4: measure ∂z^l/∂p with the forward pass and "
    "apply the chain rule with δ^l, without bpcore's gradients"
)
#: A measured ∂z^l/∂p is a finite difference: allow its rounding (about 1e-10 for h = 1e-6).
DZ_ATOL = 1e-7


def _compare(got: object, expected: object, what: str) -> str | None:
    if what == "dz_dp":
        return compare_arrays(got, np.asarray(expected), "∂z^l/∂p (dz_dp)", atol=DZ_ATOL)
    return compare_number(got, float(expected), "∂C/∂p (dC_dp)")  # type: ignore[arg-type]


def _rate_case(rng: np.random.Generator, i: int) -> Case:
    net = make.sigmoid_net(rng, i)
    x, y = make.example(rng, net)
    layer, j, k_weight = make.weight(rng, net)
    k = None if i % 2 == 0 else k_weight  # biases and weights in turn, a bias first
    g = backprop(net, x, y)
    delta, a_prev = g.deltas[layer - 2], g.activations[layer - 2]
    row = np.zeros_like(delta)
    row[j, 0] = 1.0
    factor = 1.0 if k is None else float(a_prev[k, 0])  # ∂z^l_j/∂p, from eq. 23
    dz, rate = factor * row, factor * float(delta[j, 0])
    names = ("dz_dp", "dC_dp")
    slips: list[Slip] = [
        ("the sign of ∂C/∂p is flipped", lambda: (dz, -rate)),
        (
            "that adds up every δ^l_i; the chain rule weights each by ∂z^l_i/∂p, which is 0 "
            "for i ≠ j",
            lambda: (dz, float(delta.sum()) * factor),
        ),
    ]
    if k is not None:
        slips.append(
            (
                "moving w^l_jk by h moves z^l_j by a^{l-1}_k·h (eq. 23), not by h: measure "
                "the change of z^l, do not assume it",
                lambda: (row, float(delta[j, 0])),
            )
        )
    kind = f"b^{layer}_{j}" if k is None else f"w^{layer}_{j}{k}"
    return Case(
        f"sizes {net.sizes}, p = {kind}",
        (PlainNetwork.of(net, PROOF_REASON), x, delta, layer, j, k),
        (dz, rate),
        lambda got, want: compare_tuple(got, want, names, _compare),
        slips,
        ("net", "x", "delta", "layer", "j", "k"),
    )


def check_rate_through_z(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(net, x, delta, layer, j, k) -> (dz_dp, dC_dp)``: the proof of BP3 and BP4.

    p is the bias b^l_j when ``k is None``, else the weight w^l_jk (``layer`` the book's l,
    j and k from 0). ``delta`` is δ^l for the input ``x``, shape (n_l, 1). ``dz_dp`` is
    ∂z^l/∂p, shape (n_l, 1), measured by moving p on ``net.copy()`` and running
    ``forward(x)`` again; ``dC_dp`` is Σ_i δ^l_i ∂z^l_i/∂p (the chain rule), a number.
    """
    forbidden = forbid.Forbidden(forbid.GRADIENTS, PROOF_REASON)
    return run("check_rate_through_z", fn, _rate_case, cases, seed, forbidden)
