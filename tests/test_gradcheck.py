"""Finite differences (eq. 46) and gradient_check."""

import numpy as np
import pytest

import bpcore as bp
from bpcore.gradcheck import TOLERANCE, relative_error, step_size


def _setup(seed=0, sizes=(3, 4, 2), **kw):
    net = bp.Network(list(sizes), seed=seed, **kw)
    rng = np.random.default_rng(seed + 100)
    x = rng.standard_normal((sizes[0], 3))
    y = rng.uniform(0, 1, (sizes[-1], 3))
    return net, x, y


def _max_error(net, x, y, **kw):
    g = bp.backprop(net, x, y)
    nb, nw = bp.numerical_gradient(net, x, y, **kw)
    return relative_error(g.nabla_b + g.nabla_w, nb + nw)


def test_numerical_gradient_shapes_follow_the_network():
    net, x, y = _setup()
    nb, nw = bp.numerical_gradient(net, x, y)
    assert [b.shape for b in nb] == [b.shape for b in net.biases]
    assert [w.shape for w in nw] == [w.shape for w in net.weights]


def test_central_differences_are_second_order_forward_first_order():
    net, x, y = _setup(seed=1)
    central = [_max_error(net, x, y, eps=e) for e in (1e-2, 5e-3)]
    forward = [_max_error(net, x, y, eps=e, method="forward") for e in (1e-2, 5e-3)]
    # halving ε quarters the central error and halves the forward one
    assert central[0] / central[1] == pytest.approx(4.0, rel=0.1)
    assert forward[0] / forward[1] == pytest.approx(2.0, rel=0.1)
    assert central[1] < forward[1] / 100


def test_numerical_gradient_by_hand_on_one_neuron():
    # [1, 1] linear network: C = ½(w x + b − y)², ∂C/∂w = (w x + b − y) x, ∂C/∂b = w x + b − y
    net = bp.Network([1, 1], activation="linear", seed=0)
    net.weights[0][0, 0], net.biases[0][0, 0] = 2.0, 0.5
    nb, nw = bp.numerical_gradient(net, [[3.0]], [[1.0]])
    assert nw[0][0, 0] == pytest.approx((6.5 - 1.0) * 3.0, rel=1e-9)
    assert nb[0][0, 0] == pytest.approx(6.5 - 1.0, rel=1e-9)


@pytest.mark.parametrize("method", ["central", "forward"])
def test_parameters_are_restored_bit_for_bit(method):
    net, x, y = _setup(seed=2)
    before = [p.copy() for p in net.weights + net.biases]
    bp.numerical_gradient(net, x, y, eps=1e-3, method=method)
    for p, q in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, q)


@pytest.mark.parametrize(
    "sizes, activation, cost",
    [
        ((3, 4, 2), "sigmoid", "quadratic"),
        ((2, 5, 3, 2), "tanh", "quadratic"),
        ((4, 3, 1), ["tanh", "sigmoid"], "cross_entropy"),
    ],
)
def test_gradient_check_passes_for_backprop(sizes, activation, cost):
    net, x, y = _setup(seed=3, sizes=sizes, activation=activation, cost=cost)
    assert bp.gradient_check(net, x, y) < 1e-7


def test_gradient_check_catches_a_wrong_derivative():
    # σ' off by a factor 1.01 in the hidden layer: backprop is then wrong, and the check says so.
    sigmoid = bp.get_activation("sigmoid")
    wrong = bp.custom(sigmoid.function, lambda z: 1.01 * sigmoid.derivative(z), name="wrong")
    net, x, y = _setup(seed=4, sizes=(3, 4, 2), activation=[wrong, "sigmoid"])
    error = bp.gradient_check(net, x, y)
    assert error > 1e-4


def test_relative_error_by_hand():
    exact = [np.array([[1.0, -4.0]]), np.array([[0.5]])]
    approx = [np.array([[1.0, -3.9]]), np.array([[0.3]])]
    # largest difference 0.2, largest entry 4.0
    assert relative_error(exact, approx) == pytest.approx(0.05)
    assert relative_error(exact, exact) == 0.0
    zeros = [np.zeros((2, 1))]
    assert relative_error(zeros, zeros) == 0.0


def test_numerical_gradient_errors():
    net, x, y = _setup()
    with pytest.raises(
        ValueError, match=r"method: expected 'central' or 'forward', got 'backward'"
    ):
        bp.numerical_gradient(net, x, y, method="backward")
    with pytest.raises(ValueError, match=r"eps: expected a finite number > 0, got 0"):
        bp.numerical_gradient(net, x, y, eps=0)
    with pytest.raises(ValueError, match=r"x: expected shape \(3, 1\)"):
        bp.numerical_gradient(net, np.ones((2, 1)), y[:, :1])


# --- the check never lies: saturated networks, float32, a cost that does not fit -----------


def _saturated(dtype=np.float64):
    """A sigmoid network whose neurons all saturate: every gradient entry below 1e-16.

    (Measured before the fix: gradient_check returned 1.0 here, in both float types.)
    """
    net = bp.Network([3, 4, 2], seed=0, dtype=dtype)
    net.weights = [(300 * w).astype(dtype) for w in net.weights]
    net.biases = [(300 * b).astype(dtype) for b in net.biases]
    x, y = np.ones((3, 1)), np.array([[0.3], [0.6]])
    return net, x, y


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_gradient_check_passes_a_right_backprop_on_a_saturated_network(dtype):
    net, x, y = _saturated(dtype)
    g = bp.backprop(net, x, y)
    assert max(np.max(np.abs(a)) for a in g.nabla_w + g.nabla_b) < 1e-16
    assert bp.gradient_check(net, x, y) < TOLERANCE[np.dtype(dtype)]


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_gradient_check_passes_a_right_float32_backprop(activation, cost):
    # (before the fix, 0.34 to 0.51 here: float64's step in a float32 quotient is noise)
    net, x, y = _setup(seed=5, sizes=(4, 5, 3), activation=[activation, "sigmoid"], cost=cost)
    net32 = bp.Network([4, 5, 3], activation=[activation, "sigmoid"], cost=cost, dtype="float32")
    net32.weights = [w.astype(np.float32) for w in net.weights]
    net32.biases = [b.astype(np.float32) for b in net.biases]
    assert bp.gradient_check(net32, x, y) < TOLERANCE[np.dtype(np.float32)] == 1e-4


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("factor", [1.01, 1.001])
def test_gradient_check_catches_a_slightly_wrong_derivative_in_either_float_type(dtype, factor):
    sigmoid = bp.get_activation("sigmoid")
    wrong = bp.custom(sigmoid.function, lambda z: factor * sigmoid.derivative(z), name="wrong")
    net, x, y = _setup(seed=4, sizes=(3, 4, 2), activation=[wrong, "sigmoid"], dtype=dtype)
    assert bp.gradient_check(net, x, y) > 2 * TOLERANCE[np.dtype(dtype)]


def test_numerical_gradient_steps_by_the_float_type():
    assert step_size(np.float64) == 1e-6
    assert step_size(np.float32) == pytest.approx(np.finfo(np.float32).eps ** (1 / 3))
    net, x, y = _setup(seed=6, dtype=np.float32)
    reference = bp.Network([3, 4, 2], seed=6)
    nb, nw = bp.numerical_gradient(net, x, y)  # ε ≈ 4.9e-3 in float32
    g = bp.backprop(reference, x, y)  # float64 backprop of the same weights
    scale = max(np.max(np.abs(a)) for a in g.nabla_w)
    for ours, exact in zip(nw + nb, g.nabla_w + g.nabla_b):
        np.testing.assert_allclose(ours, exact, rtol=0, atol=5e-3 * scale)


class _Plain:
    """A NetworkLike that is not a Network: the four lists and a cost."""

    def __init__(self, net, cost=None, output=None):
        self.sizes = list(net.sizes)
        self.weights, self.biases = net.weights, net.biases
        self.activation_functions = list(net.activation_functions)
        if output is not None:
            self.activation_functions[-1] = bp.get_activation(output)
        self.cost_function = bp.get_cost(cost or net.cost_function)


def test_gradient_check_works_on_any_network_like_object():
    net, x, y = _setup(seed=7)
    assert bp.gradient_check(_Plain(net), x, y) == bp.gradient_check(net, x, y) < 1e-7


def test_gradient_check_refuses_a_cost_whose_outputs_the_layer_leaves():
    # cross-entropy after a linear output: the cost is clipped, backprop is not its gradient
    net, x, y = _setup(seed=8)
    plain = _Plain(net, cost="cross_entropy", output="linear")
    with pytest.raises(ValueError, match=r"cost: 'cross_entropy' is defined for outputs in"):
        bp.gradient_check(plain, x, y)


@pytest.mark.parametrize(
    "output, cost", [("sigmoid", "cross_entropy"), ("softmax", "log_likelihood")]
)
def test_gradient_check_passes_a_right_backprop_whose_log_cost_saturates(output, cost):
    """Outputs that round to 0 or 1: a cost computed from a^L has lost its digits there (and
    is clipped), so its differences said "wrong" (about 1) for a right backprop. The
    differences now take the cost from z^L (Cost.mean_at)."""
    net = bp.Network([4, 5, 3], activation=["tanh", output], cost=cost, seed=35)
    net.weights = [30 * w for w in net.weights]
    net.biases = [30 * b for b in net.biases]
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((4, 2)), np.eye(3)[:, [0, 2]]
    a = net.feedforward(x)
    assert np.any((a < 1e-15) | (a > 1 - 1e-15))  # saturated outputs
    assert bp.gradient_check(net, x, y) < TOLERANCE[np.dtype(np.float64)]


def test_the_cost_from_z_is_the_cost_from_a_where_a_has_digits():
    rng = np.random.default_rng(2)
    z, y = rng.normal(size=(3, 4)), rng.uniform(0, 1, (3, 4))
    sigmoid, softmax = bp.get_activation("sigmoid"), bp.get_activation("softmax")
    for cost, activation in (("cross_entropy", sigmoid), ("log_likelihood", softmax)):
        c, a = bp.get_cost(cost), activation.function(z)
        assert c.mean_at(z, a, y, activation) == pytest.approx(c.mean(a, y), rel=1e-13)
    # z = 40: σ(z) rounds to 1, so ln(1 − a) is clipped; the exact cost is ln(1 + e^40) − y·40
    z, y = np.array([[40.0]]), np.array([[0.25]])
    exact = np.log1p(np.exp(40.0)) - 0.25 * 40.0
    c = bp.get_cost("cross_entropy")
    assert c.mean_at(z, sigmoid.function(z), y, sigmoid) == pytest.approx(exact, rel=1e-15)
    assert c.mean(sigmoid.function(z), y) < exact - 4  # about 25.9: ln(1 − a) clipped at -34.5
