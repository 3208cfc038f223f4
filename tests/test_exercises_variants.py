"""The checkers of notebook 07's chapter exercises (single modified neuron, linear neurons) and
the questions of notebooks 07–09: right answers pass, each common slip gets its hint, cheats
are refused, and the answers agree with an independent computation written here."""

from __future__ import annotations

import numpy as np
import pytest

import bpcore as bp
from bpcore import exercises as ex
from bpcore.exercises import solutions as S


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_the_solutions_pass_and_stubs_are_not_attempted():
    assert ex.check_modified_backprop(S.my_modified_backprop).status == "correct"
    assert ex.check_linear_backprop(S.my_linear_backprop).status == "correct"

    def my_linear_backprop(net, x, y): ...  # your code

    assert ex.check_linear_backprop(my_linear_backprop).status == "not attempted"


def test_the_sigmoid_gradient_is_refused_with_its_hint():
    result = ex.check_linear_backprop(S.my_backprop)
    assert result.status == "wrong" and "sigmoid network's gradient" in result.message

    def ignores_the_neuron(net, x, y, layer, i, f, f_prime):
        return S.my_backprop(net, x, y)

    result = ex.check_modified_backprop(ignores_the_neuron)
    assert result.status == "wrong" and "plain sigmoid network's gradient" in result.message


def test_a_linear_backprop_that_keeps_sigma_prime_gets_the_hint():
    def keeps_prime(net, x, y):
        activations = [x]
        for w, b in zip(net.weights, net.biases):
            activations.append(w @ activations[-1] + b)
        sp = [_sigmoid(a) * (1 - _sigmoid(a)) for a in activations[1:]]
        delta = (activations[-1] - y) * sp[-1]
        deltas = [delta]
        for i in range(len(net.weights) - 2, -1, -1):
            delta = (net.weights[i + 1].T @ delta) * sp[i]
            deltas.insert(0, delta)
        return deltas, [d @ a.T for d, a in zip(deltas, activations[:-1])]

    result = ex.check_linear_backprop(keeps_prime)
    assert result.status == "wrong" and "drop the σ' factors" in result.message


def test_the_modified_neurons_sigma_prime_slip_gets_its_hint():
    def sigma_prime_everywhere(net, x, y, layer, i, f, f_prime):
        return S.my_modified_backprop(
            net, x, y, layer, i, f, lambda z: _sigmoid(z) * (1 - _sigmoid(z))
        )

    result = ex.check_modified_backprop(sigma_prime_everywhere)
    assert result.status == "wrong" and "needs f'(z^l_i)" in result.message


def test_calling_bpcore_is_refused():
    def cheat(net, x, y):
        return bp.backprop(net, x, y).nabla_b, []

    result = ex.check_linear_backprop(cheat)
    assert result.status == "wrong" and "your function called bp.backprop" in result.message


def test_the_modified_checker_agrees_with_finite_differences():
    # the expected gradient of one case, against central differences of the cost
    rng = np.random.default_rng(3)
    net = bp.Network([2, 3, 2], seed=1)
    x, y = rng.uniform(-1, 1, (2, 1)), rng.uniform(0, 1, (2, 1))
    hidden = bp.per_neuron("sigmoid", {1: bp.custom(np.tanh, lambda z: 1 - np.tanh(z) ** 2)})
    modified = bp.Network([2, 3, 2], activation=[hidden, "sigmoid"])
    modified.weights = [w.copy() for w in net.weights]
    modified.biases = [b.copy() for b in net.biases]
    plain = ex.plain_network.PlainNetwork.of(net)
    nabla_b, nabla_w = S.my_modified_backprop(
        plain, x, y, 2, 1, np.tanh, lambda z: 1 - np.tanh(z) ** 2
    )
    h = 1e-6
    for l in (2, 3):
        w = modified.w(l)
        for j, k in np.ndindex(w.shape):
            w[j, k] += h
            up = modified.cost(x, y)
            w[j, k] -= 2 * h
            down = modified.cost(x, y)
            w[j, k] += h
            assert nabla_w[l - 2][j, k] == pytest.approx((up - down) / (2 * h), abs=1e-8)


def test_the_questions_of_07_to_09_against_hand_counts():
    assert ex.QUESTIONS["numbers_kept"].compute() == (30 + 10) + (784 + 30 + 10)
    assert ex.QUESTIONS["passes_784_30_10"].compute() == 784 * 30 + 30 * 10 + 30 + 10 + 1
    forward = 784 * 30 + 30 * 10
    assert ex.QUESTIONS["backprop_in_forward_passes"].compute() == pytest.approx(
        (forward + 30 * 10 + forward) / forward
    )
    net, x, y = bp.examples.book_network()
    a = x
    for w, b in zip(net.weights, net.biases):
        a = _sigmoid(w @ a + b)
    assert ex.QUESTIONS["output_error_sign"].compute() == ("negative" if a[0, 0] < 1 else "")
    assert ex.check_answer("speedup_source", "fewer calls").ok
