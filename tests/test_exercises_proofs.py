"""Notebook 06's exercise, the proof of BP3 and BP4 (bpcore.exercises.proofs): the checker
accepts the proof, names each common slip and refuses every shortcut around it."""

from __future__ import annotations

import numpy as np

import bpcore as bp
from bpcore import exercises
from bpcore.exercises.solutions import my_rate_through_z


def _row(delta, j, value=1.0):
    column = np.zeros_like(delta)
    column[j, 0] = value
    return column


def test_the_worked_proof_passes_and_a_stub_is_not_attempted():
    assert exercises.check_rate_through_z(my_rate_through_z).ok

    def my_rate_through_z_stub(net, x, delta, layer, j, k): ...  # your code

    result = exercises.check_rate_through_z(my_rate_through_z_stub)
    assert result.status == "not attempted"


def test_the_formula_without_measuring_is_a_proof_too():
    def from_eq_23(net, x, delta, layer, j, k):
        a_prev = net.forward(x).activations[layer - 2]
        factor = 1.0 if k is None else a_prev[k, 0]
        return _row(delta, j, factor), factor * delta[j, 0]

    assert exercises.check_rate_through_z(from_eq_23).ok


def test_each_slip_gets_its_hint():
    def forgot_the_input(net, x, delta, layer, j, k):
        return _row(delta, j), delta[j, 0]

    message = exercises.check_rate_through_z(forgot_the_input).message
    assert "case 2 of 20" in message and "moves z^l_j by a^{l-1}_k·h" in message

    def every_delta(net, x, delta, layer, j, k):
        dz, _ = my_rate_through_z(net, x, delta, layer, j, k)
        return dz, float(delta.sum() * dz[j, 0])

    assert "weights each by ∂z^l_i/∂p" in exercises.check_rate_through_z(every_delta).message

    def flipped(net, x, delta, layer, j, k):
        dz, rate = my_rate_through_z(net, x, delta, layer, j, k)
        return dz, -rate

    assert "sign of ∂C/∂p is flipped" in exercises.check_rate_through_z(flipped).message

    def one_number(net, x, delta, layer, j, k):
        return my_rate_through_z(net, x, delta, layer, j, k)[1]

    assert (
        "expected a tuple of 2: (dz_dp, dC_dp)"
        in exercises.check_rate_through_z(one_number).message
    )


def test_shortcuts_around_the_proof_are_refused():
    def by_backprop(net, x, delta, layer, j, k):
        return bp.backprop(net, x, np.zeros((net.sizes[-1], 1)))

    result = exercises.check_rate_through_z(by_backprop)
    assert not result and "prove BP3 and BP4" in result.message

    def by_nudge(net, x, delta, layer, j, k):
        return bp.nudge(net, x, np.zeros((net.sizes[-1], 1)), layer, j, k, 1e-6)

    assert "your function called" in exercises.check_rate_through_z(by_nudge).message

    def left_nudged(net, x, delta, layer, j, k):
        dz, rate = my_rate_through_z(net, x, delta, layer, j, k)
        net.b(layer)[j, 0] += 1e-3  # measured on the network itself, not on a copy
        return dz, rate

    assert "put every parameter back" in exercises.check_rate_through_z(left_nudged).message
