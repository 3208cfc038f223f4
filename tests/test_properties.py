"""Property tests (hypothesis) over random architectures, activations, costs and batch sizes."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import bpcore as bp
from bpcore.network import check_cost_fits_output

SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)
# Every named activation and cost bpcore has: one added to the registries is tested here too.
ACTIVATIONS = sorted(bp.activations.ACTIVATIONS)
COSTS = sorted(bp.costs.COSTS)


def _fits(cost: str, output: str) -> bool:
    try:
        check_cost_fits_output(bp.get_cost(cost), bp.get_activation(output))
    except ValueError:
        return False
    return True


@st.composite
def problems(draw):
    """A network, a batch (x, y) and a seed, with the conditions finite differences need."""
    sizes = draw(st.lists(st.integers(1, 6), min_size=2, max_size=4))
    activations = draw(
        st.lists(st.sampled_from(ACTIVATIONS), min_size=len(sizes) - 1, max_size=len(sizes) - 1)
    )
    # a cost defined on (0, 1) (cross-entropy, log-likelihood) needs outputs that stay there
    cost = draw(st.sampled_from([c for c in COSTS if _fits(c, activations[-1])]))
    m = draw(st.integers(1, 5))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    net = bp.Network(sizes, activation=activations, cost=cost, seed=seed)
    x = rng.standard_normal((sizes[0], m))
    y = rng.uniform(0, 1, (sizes[-1], m))
    f = net.forward(x)
    for name, z in zip(activations, f.zs):
        if name == "relu":  # a central difference must not step across the kink at 0
            assume(np.min(np.abs(z)) > 1e-3)
    if bp.get_cost(cost).output_range is not None:  # a logarithm of a^L: not saturated, so
        assume(np.all((f.output > 1e-3) & (f.output < 1 - 1e-3)))  # its difference stays exact
    return net, x, y


def _resolvable(net, x, y, arrays) -> bool:
    """Whether finite differences can resolve these derivatives of C.

    A central difference with ε = 1e-6 carries rounding noise of up to ~1e-8·(1 + C)
    (measured over 3000 random cases: at most 4e-9). Where the largest derivative is not far
    above that (saturated neurons, relu layers switched off) there are no digits to compare.
    """
    return max(np.max(np.abs(a)) for a in arrays) > 1e-2 * (1 + net.cost(x, y))


@SETTINGS
@given(problems())
def test_backprop_agrees_with_central_differences(problem):
    net, x, y = problem
    g = bp.backprop(net, x, y)
    assume(_resolvable(net, x, y, g.nabla_w + g.nabla_b))
    assert bp.gradient_check(net, x, y) < 1e-7


@SETTINGS
@given(problems())
def test_batch_gradient_is_the_mean_of_per_example_gradients(problem):
    net, x, y = problem
    m = x.shape[1]
    batch = bp.backprop(net, x, y)
    singles = [bp.backprop(net, x[:, [i]], y[:, [i]]) for i in range(m)]
    for i in range(len(net.weights)):
        mean_w = sum(s.nabla_w[i] for s in singles) / m
        mean_b = sum(s.nabla_b[i] for s in singles) / m
        scale = 1 + np.max(np.abs(mean_w))
        np.testing.assert_allclose(batch.nabla_w[i], mean_w, rtol=1e-10, atol=1e-13 * scale)
        np.testing.assert_allclose(batch.nabla_b[i], mean_b, rtol=1e-10, atol=1e-13 * scale)


@SETTINGS
@given(problems())
def test_bp3_and_bp4_identities(problem):
    net, x, y = problem
    m = x.shape[1]
    g = bp.backprop(net, x, y)
    for delta, a_prev, nabla_b, nabla_w in zip(g.deltas, g.activations, g.nabla_b, g.nabla_w):
        # BP3: ∂C/∂b^l_j = δ^l_j; BP4: ∂C/∂w^l_jk = a^{l-1}_k δ^l_j — as means over the batch
        np.testing.assert_allclose(nabla_b, delta.mean(axis=1, keepdims=True), rtol=1e-12)
        outer = sum(np.outer(delta[:, c], a_prev[:, c]) for c in range(m)) / m
        np.testing.assert_allclose(
            nabla_w, outer, rtol=1e-10, atol=1e-13 * (1 + np.abs(outer).max())
        )
    # and for one example, δ^l itself is ∂C/∂b^l measured by central differences
    x1, y1 = x[:, :1], y[:, :1]
    one = bp.backprop(net, x1, y1)
    assume(_resolvable(net, x1, y1, one.deltas))
    numeric_b, numeric_w = bp.numerical_gradient(net, x1, y1)
    scale = max(np.max(np.abs(d)) for d in one.deltas)
    for delta, a_prev, nb, nw in zip(one.deltas, one.activations, numeric_b, numeric_w):
        np.testing.assert_allclose(delta, nb, rtol=0, atol=1e-6 * scale)
        w_scale = max(scale, scale * np.max(np.abs(a_prev)))
        np.testing.assert_allclose(delta @ a_prev.T, nw, rtol=0, atol=1e-6 * w_scale)


@SETTINGS
@given(problems(), st.data())
def test_nudge_exact_change_is_the_cost_of_a_perturbed_copy(problem, data):
    net, x, y = problem
    layer = data.draw(st.integers(2, net.num_layers), label="layer")
    j = data.draw(st.integers(0, net.sizes[layer - 1] - 1), label="j")
    k = data.draw(st.one_of(st.none(), st.integers(0, net.sizes[layer - 2] - 1)), label="k")
    dw = data.draw(st.floats(-2, 2, allow_nan=False), label="dw")
    before = [p.copy() for p in net.weights + net.biases]
    n = bp.nudge(net, x, y, layer=layer, j=j, k=k, dw=dw)
    other = net.copy()
    if k is None:
        other.b(layer)[j, 0] += dw
    else:
        other.w(layer)[j, k] += dw
    expected = other.cost(x, y) - net.cost(x, y)
    assert n.dC == pytest.approx(expected, rel=1e-9, abs=1e-12 * (1 + net.cost(x, y)))
    np.testing.assert_allclose(
        n.da[-1], other.feedforward(x) - net.feedforward(x), rtol=1e-9, atol=1e-12
    )
    for p, q in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, q)


@SETTINGS
@given(problems(), st.data())
def test_first_order_cascade_and_path_sum_are_the_derivative(problem, data):
    """eq. 48–50's first-order Δa and eq. 53's path sum, against central differences of the
    exact nudge — for every activation, softmax's coupled layers included."""
    net, x, y = problem
    x, y = x[:, :1], y[:, :1]
    layer = data.draw(st.integers(2, net.num_layers), label="layer")
    j = data.draw(st.integers(0, net.sizes[layer - 1] - 1), label="j")
    k = data.draw(st.one_of(st.none(), st.integers(0, net.sizes[layer - 2] - 1)), label="k")
    h = 1e-6
    plus, minus = (bp.nudge(net, x, y, layer, j, k, step) for step in (h, -h))
    rate = bp.nudge(net, x, y, layer, j, k, 1.0)  # first order at Δw = 1: the rates ∂a^q/∂w
    for exact_plus, exact_minus, linear in zip(plus.da, minus.da, rate.da_linear):
        central = (exact_plus - exact_minus) / (2 * h)
        np.testing.assert_allclose(linear, central, rtol=0, atol=1e-6 * (1 + np.abs(central).max()))
    p = bp.paths(net, x, y, layer=layer, j=j, k=k)
    assert p.complete and len(p) == p.count
    assert p.listed_sum == pytest.approx(p.total, rel=1e-9, abs=1e-15)
    assume(abs(p.total) > 1e-2 * (1 + net.cost(x, y)))
    assert p.total == pytest.approx((plus.dC - minus.dC) / (2 * h), rel=1e-5)


@SETTINGS
@given(problems(), st.floats(1e-2, 1e12), st.floats(0, 1e3), st.integers(1, 5))
def test_training_leaves_finite_weights_whatever_eta_and_lambda(problem, eta, lmbda, mini_batch):
    """However large η or λ, SGD either trains or stops with Diverged; the network never
    holds NaN or ±inf, and no warning escapes (the test settings turn warnings into errors)."""
    net, x, y = problem
    training = [(x[:, [i]], y[:, [i]]) for i in range(x.shape[1])]
    try:
        history = net.SGD(training, 3, mini_batch, eta, lmbda=lmbda, seed=0, progress=False)
    except bp.train.Diverged as error:
        assert 0 <= error.epoch < 3 and error.eta == eta
    else:
        assert history.epochs == 3
    assert all(np.isfinite(p).all() for p in net.weights + net.biases)
