"""BP1–BP4 and the Σ' form of Problem 1, on hand-computed cases and against backprop."""

import math

import numpy as np
import pytest

import bpcore as bp
from bpcore import equations as eq
from bpcore.activations import SIGMOID


def test_bp1_by_hand():
    # σ'(0) = 1/4; σ(ln 3) = 3/4 so σ'(ln 3) = 3/4 · 1/4 = 3/16.
    grad = np.array([[0.5], [-0.25]])
    z = np.array([[0.0], [math.log(3.0)]])
    np.testing.assert_allclose(bp.bp1_output_error(grad, z, "sigmoid"), [[0.125], [-0.046875]])
    # with a = σ(z) given, σ' comes from the output form a(1 − a): same numbers
    a = SIGMOID(z)
    np.testing.assert_allclose(bp.bp1_output_error(grad, z, SIGMOID, a), [[0.125], [-0.046875]])
    # linear output neurons: δ^L = ∇_a C exactly
    np.testing.assert_array_equal(bp.bp1_output_error(grad, z, "linear"), grad)


def test_bp2_by_hand():
    w_next = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])  # w^{l+1}: (2, 3)
    delta_next = np.array([[1.0], [-1.0]])
    # (w^{l+1})^T δ^{l+1} = [1 − 4, 2 − 5, 3 − 6] = [−3, −3, −3]
    z = np.array([[1.0], [-1.0], [2.0]])
    np.testing.assert_array_equal(
        bp.bp2_hidden_error(w_next, delta_next, z, "relu"), [[-3.0], [0.0], [-3.0]]
    )
    np.testing.assert_array_equal(
        bp.bp2_hidden_error(w_next, delta_next, z, "linear"), [[-3.0], [-3.0], [-3.0]]
    )
    np.testing.assert_allclose(
        bp.bp2_hidden_error(w_next, delta_next, np.zeros((3, 1)), "sigmoid"), [[-0.75]] * 3
    )


def test_bp3_by_hand_is_the_mean_over_columns():
    delta = np.array([[1.0, 3.0], [2.0, -2.0]])
    np.testing.assert_array_equal(bp.bp3_bias_gradient(delta), [[2.0], [0.0]])
    assert bp.bp3_bias_gradient(delta[:, :1]).shape == (2, 1)


def test_bp4_by_hand():
    delta = np.array([[1.0, 0.0], [0.0, 2.0]])  # δ^l: (2, m=2)
    a_prev = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])  # a^{l-1}: (3, 2)
    # Σ_x δ^x (a^x)^T = [[1, 3, 5], [4, 8, 12]]; divided by m = 2
    np.testing.assert_array_equal(
        bp.bp4_weight_gradient(a_prev, delta), [[0.5, 1.5, 2.5], [2.0, 4.0, 6.0]]
    )
    # one example: ∂C/∂w_jk = a_k δ_j
    np.testing.assert_array_equal(
        bp.bp4_weight_gradient(a_prev[:, :1], delta[:, :1]), [[1.0, 3.0, 5.0], [0.0, 0.0, 0.0]]
    )


def _bp4_by_loops(a_prev, delta):
    """∂C/∂w_jk = (1/m) Σ_x a_k δ_j, summed one example and one entry at a time."""
    m = delta.shape[1]
    result = np.zeros((delta.shape[0], a_prev.shape[0]))
    for x in range(m):
        for j in range(delta.shape[0]):
            for k in range(a_prev.shape[0]):
                result[j, k] += a_prev[k, x] * delta[j, x] / m
    return result


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_bp4_writes_into_out_when_given(dtype):
    rng = np.random.default_rng(4)
    a_prev, delta = rng.standard_normal((5, 3)), rng.standard_normal((4, 3))
    a_prev, delta = a_prev.astype(dtype), delta.astype(dtype)
    out = np.full((4, 5), np.nan, dtype=dtype)
    result = bp.bp4_weight_gradient(a_prev, delta, out=out)
    assert result is out
    np.testing.assert_allclose(
        out, _bp4_by_loops(a_prev, delta), rtol=1e-5 if dtype == np.float32 else 1e-13
    )


def test_the_unchecked_equations_are_the_checked_ones():
    """What backprop and training call (bp1..bp4) computes what the public functions do."""
    rng = np.random.default_rng(5)
    grad, z = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    w, z_l = rng.standard_normal((3, 5)), rng.standard_normal((5, 4))
    a_prev = rng.standard_normal((5, 4))
    sigmoid = bp.get_activation("sigmoid")
    np.testing.assert_array_equal(eq.bp1(grad, z, sigmoid), bp.bp1_output_error(grad, z, sigmoid))
    np.testing.assert_array_equal(
        eq.bp2(w, grad, z_l, sigmoid), bp.bp2_hidden_error(w, grad, z_l, "sigmoid")
    )
    np.testing.assert_array_equal(eq.bp3(grad), bp.bp3_bias_gradient(grad))
    np.testing.assert_array_equal(eq.bp4(a_prev, grad), bp.bp4_weight_gradient(a_prev, grad))
    np.testing.assert_allclose(eq.bp4(a_prev, grad), _bp4_by_loops(a_prev, grad), rtol=1e-13)


def test_regularised_weight_gradient_adds_lambda_w_over_n_to_bp4():
    rng = np.random.default_rng(6)
    a_prev, delta, w = (rng.standard_normal(s) for s in ((5, 3), (4, 3), (4, 5)))
    out = np.empty((4, 5))
    result = eq.regularised_weight_gradient(a_prev, delta, w, 2.5, 10, out=out)
    assert result is out
    np.testing.assert_allclose(result, _bp4_by_loops(a_prev, delta) + 0.25 * w, rtol=1e-13)
    np.testing.assert_array_equal(
        eq.regularised_weight_gradient(a_prev, delta, w, 0.0, 10), eq.bp4(a_prev, delta)
    )
    assert eq.l2_term([w, 2 * w], 2.5, 10) == pytest.approx(0.125 * 5 * np.sum(w**2))
    assert eq.l2_term([w], 0.0, 10) == 0.0


def test_bp3_bp4_for_a_batch_are_the_mean_of_per_example_results():
    rng = np.random.default_rng(0)
    delta = rng.standard_normal((4, 7))
    a_prev = rng.standard_normal((5, 7))
    per_b = [bp.bp3_bias_gradient(delta[:, [i]]) for i in range(7)]
    per_w = [bp.bp4_weight_gradient(a_prev[:, [i]], delta[:, [i]]) for i in range(7)]
    np.testing.assert_allclose(bp.bp3_bias_gradient(delta), np.mean(per_b, axis=0), rtol=1e-13)
    np.testing.assert_allclose(
        bp.bp4_weight_gradient(a_prev, delta), np.mean(per_w, axis=0), rtol=1e-12, atol=1e-15
    )


def test_bp1_bp2_work_on_a_batch_column_by_column():
    rng = np.random.default_rng(1)
    grad, z = rng.standard_normal((3, 5)), rng.standard_normal((3, 5))
    w_next, z_l = rng.standard_normal((3, 4)), rng.standard_normal((4, 5))
    batch1 = bp.bp1_output_error(grad, z, "tanh")
    batch2 = bp.bp2_hidden_error(w_next, grad, z_l, "sigmoid")
    for i in range(5):
        np.testing.assert_allclose(
            batch1[:, [i]], bp.bp1_output_error(grad[:, [i]], z[:, [i]], "tanh")
        )
        np.testing.assert_allclose(
            batch2[:, [i]], bp.bp2_hidden_error(w_next, grad[:, [i]], z_l[:, [i]], "sigmoid")
        )


# --- Problem 1: Σ'(z) -------------------------------------------------------------------------


def test_sigma_prime_matrix_is_diagonal():
    z = np.array([[0.0], [math.log(3.0)], [-1.0]])
    s = bp.sigma_prime_matrix(z, "sigmoid")
    assert s.shape == (3, 3)
    np.testing.assert_allclose(np.diag(s), [0.25, 0.1875, SIGMOID.derivative(z)[2, 0]])
    np.testing.assert_array_equal(s - np.diag(np.diag(s)), np.zeros((3, 3)))


def test_sigma_prime_matrix_needs_one_column():
    with pytest.raises(
        ValueError, match=r"z: expected one column of shape \(n, 1\), got shape \(3, 2\)"
    ):
        bp.sigma_prime_matrix(np.zeros((3, 2)), "sigmoid")
    with pytest.raises(ValueError, match=r"got shape \(3,\)"):
        bp.sigma_prime_matrix(np.zeros(3), "sigmoid")


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "linear"])
def test_sigma_form_equals_hadamard_form(name):
    rng = np.random.default_rng(2)
    grad, z_L = rng.standard_normal((3, 1)), rng.standard_normal((3, 1))
    w_next, z_l = rng.standard_normal((3, 4)), rng.standard_normal((4, 1))
    np.testing.assert_allclose(
        bp.bp1_sigma_form(grad, z_L, name), bp.bp1_output_error(grad, z_L, name), rtol=1e-14
    )
    np.testing.assert_allclose(
        bp.bp2_sigma_form(w_next, grad, z_l, name),
        bp.bp2_hidden_error(w_next, grad, z_l, name),
        rtol=1e-13,
    )


@pytest.mark.parametrize(
    "sizes, activation",
    [
        ([3, 4, 5, 2], "sigmoid"),
        ([2, 3, 3, 3, 1], ["tanh", "sigmoid", "linear", "sigmoid"]),
        ([4, 2], "tanh"),
    ],
)
def test_delta_expanded_equals_backprop_deltas_in_every_layer(sizes, activation):
    net = bp.Network(sizes, activation=activation, seed=4)
    rng = np.random.default_rng(5)
    x, y = rng.standard_normal((sizes[0], 1)), rng.uniform(0, 1, (sizes[-1], 1))
    g = bp.backprop(net, x, y)
    grad_a_C = net.cost_function.gradient(g.output, y)
    for l in range(2, len(sizes) + 1):
        expanded = bp.delta_expanded(net.weights, g.zs, grad_a_C, net.activation_functions, l)
        np.testing.assert_allclose(expanded, g.deltas[l - 2], rtol=1e-12, atol=1e-15)
