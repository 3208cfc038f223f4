"""Costs C and ∇_a C (eq. 26/27, BP1): values by hand, finite differences, edges, batches."""

import math
import warnings

import numpy as np
import pytest

import bpcore as bp
from bpcore.activations import SIGMOID, TANH
from bpcore.costs import COSTS, CROSS_ENTROPY, LOG_LIKELIHOOD, QUADRATIC

# Two examples (columns) of a 3-neuron output layer.
A = np.array([[0.2, 0.7], [0.9, 0.1], [0.5, 0.35]])
Y = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 0.0]])


def test_quadratic_eq27_by_hand():
    # C_x = ½ ‖y − a‖²: column 0: ½(0.04 + 0.01 + 0.25); column 1: ½(0.09 + 0.01 + 0.1225)
    per = QUADRATIC.per_example(A, Y)
    assert per.shape == (2,)
    np.testing.assert_allclose(per, [0.15, 0.11125], rtol=1e-14)
    assert QUADRATIC.mean(A, Y) == pytest.approx((0.15 + 0.11125) / 2, rel=1e-14)
    np.testing.assert_array_equal(QUADRATIC.gradient(A, Y), A - Y)


def test_cross_entropy_by_hand():
    c0 = -(math.log(0.8) + math.log(0.9) + math.log(0.5))
    c1 = -(math.log(0.7) + math.log(0.9) + math.log(0.65))
    np.testing.assert_allclose(CROSS_ENTROPY.per_example(A, Y), [c0, c1], rtol=1e-14)
    assert CROSS_ENTROPY.mean(A, Y) == pytest.approx((c0 + c1) / 2, rel=1e-14)
    np.testing.assert_allclose(CROSS_ENTROPY.gradient(A, Y), (A - Y) / (A * (1 - A)), rtol=1e-14)


def test_log_likelihood_by_hand():
    # C_x = −Σ_j y_j ln a_j: column 0 has y = e_1, column 1 has y = e_0
    np.testing.assert_allclose(
        LOG_LIKELIHOOD.per_example(A, Y), [-math.log(0.9), -math.log(0.7)], rtol=1e-14
    )
    np.testing.assert_allclose(LOG_LIKELIHOOD.gradient(A, Y), -Y / A, rtol=1e-14)


def test_log_likelihood_with_softmax_gives_a_minus_y():
    softmax = bp.get_activation("softmax")
    z = np.array([[0.3, -2.0], [1.1, 0.4], [-0.5, 0.0]])
    a = softmax(z)
    exact = LOG_LIKELIHOOD.output_error(z, a, Y, softmax)
    np.testing.assert_allclose(exact, a - Y, rtol=1e-14)  # Y is one-hot
    # and the general BP1 with softmax's Jacobian gives the same numbers
    general = bp.bp1_output_error(LOG_LIKELIHOOD.gradient(a, Y), z, softmax, a)
    np.testing.assert_allclose(general, exact, rtol=1e-12, atol=1e-15)


def test_every_named_cost_is_tested_here():
    """A cost added to bpcore.costs.COSTS must get its by-hand test above and join the
    finite-difference test below (the recipe in ARCHITECTURE.md)."""
    assert set(COSTS) == {"quadratic", "cross_entropy", "log_likelihood"}


@pytest.mark.parametrize("cost", list(COSTS.values()), ids=lambda c: c.name)
def test_gradient_matches_finite_differences(cost):
    h = 1e-6
    numeric = np.zeros_like(A)
    for index in np.ndindex(A.shape):
        plus, minus = A.copy(), A.copy()
        plus[index] += h
        minus[index] -= h
        # ∇_a C_x of column c: the change of that column's C_x only.
        c = index[1]
        numeric[index] = (cost.per_example(plus, Y)[c] - cost.per_example(minus, Y)[c]) / (2 * h)
    np.testing.assert_allclose(cost.gradient(A, Y), numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("cost", [QUADRATIC, CROSS_ENTROPY], ids=lambda c: c.name)
def test_batch_cost_is_the_mean_of_per_example_costs(cost):
    rng = np.random.default_rng(3)
    a = rng.uniform(0.05, 0.95, size=(4, 6))
    y = rng.uniform(0, 1, size=(4, 6))
    singles = [cost.mean(a[:, [i]], y[:, [i]]) for i in range(6)]
    assert cost.mean(a, y) == pytest.approx(np.mean(singles), rel=1e-14)
    assert isinstance(cost.mean(a, y), float)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_cross_entropy_is_finite_at_a_equal_0_and_1(dtype):
    a = np.array([[0.0, 1.0, 0.0, 1.0]], dtype=dtype)
    y = np.array([[0.0, 1.0, 1.0, 0.0]], dtype=dtype)
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        per = CROSS_ENTROPY.per_example(a, y)
        grad = CROSS_ENTROPY.gradient(a, y)
    assert np.all(np.isfinite(per)) and np.all(np.isfinite(grad))
    # Right answers cost (almost) nothing; wrong ones cost a lot, with the right sign of slope.
    assert per[0] < 1e-6 and per[1] < 1e-6
    assert per[2] > 10 and per[3] > 10
    assert grad[0, 2] < 0 < grad[0, 3]
    # The gradient at a correct saturated output is ≈ ±1 (the limit of (a − y)/(a(1 − a))).
    np.testing.assert_allclose(grad[0, :2], [1.0, -1.0], rtol=1e-6)


def test_quadratic_output_error_is_bp1():
    z = np.array([[0.3, -2.0], [1.5, 0.0], [-0.7, 4.0]])
    a = SIGMOID(z)
    sp = np.exp(-z) / (1 + np.exp(-z)) ** 2
    np.testing.assert_allclose(QUADRATIC.output_error(z, a, Y, SIGMOID), (a - Y) * sp, rtol=1e-13)


def test_cross_entropy_with_sigmoid_output_error_is_a_minus_y_even_when_saturated():
    z = np.array([[40.0, -40.0], [0.3, 800.0], [-800.0, 0.0]])
    a = SIGMOID(z)
    np.testing.assert_array_equal(CROSS_ENTROPY.output_error(z, a, Y, SIGMOID), a - Y)
    np.testing.assert_array_equal(CROSS_ENTROPY.output_error(z, a, Y, "sigmoid"), a - Y)


def test_cross_entropy_with_another_output_uses_the_general_bp1():
    z = np.array([[0.3, -0.2], [1.0, 0.4], [-0.7, 0.1]])
    a = SIGMOID(z) * 0.9 + 0.05  # a squashed sigmoid: not σ, so a − y would be wrong
    squashed = bp.custom(
        lambda z: SIGMOID(z) * 0.9 + 0.05, lambda z: 0.9 * SIGMOID.derivative(z), name="sigmoid"
    )
    expected = (a - Y) / (a * (1 - a)) * 0.9 * SIGMOID.derivative(z)
    np.testing.assert_allclose(CROSS_ENTROPY.output_error(z, a, Y, squashed), expected, rtol=1e-12)
    z_pos = np.abs(z)  # tanh(z) in (0, 1), where cross-entropy is defined
    a_tanh = np.tanh(z_pos)
    expected = (a_tanh - Y) / (a_tanh * (1 - a_tanh)) / np.cosh(z_pos) ** 2
    np.testing.assert_allclose(
        CROSS_ENTROPY.output_error(z_pos, a_tanh, Y, TANH), expected, rtol=1e-12
    )


def test_get_cost():
    assert bp.get_cost("quadratic") is QUADRATIC
    assert bp.get_cost("cross_entropy") is CROSS_ENTROPY
    assert bp.get_cost(CROSS_ENTROPY) is CROSS_ENTROPY
    assert repr(QUADRATIC) == "Cost('quadratic')"
    with pytest.raises(ValueError, match=r"cost: unknown cost 'crossentropy'; expected one of"):
        bp.get_cost("crossentropy")
    with pytest.raises(TypeError, match=r"cost: expected a cost name or a Cost, got int"):
        bp.get_cost(1)
