"""The big picture (eq. 47–53): nudges, paths and the single-neuron chain."""

import itertools
import math

import numpy as np
import pytest

import bpcore as bp


def _setup(sizes=(3, 4, 3, 2), m=1, seed=0, **kw):
    net = bp.Network(list(sizes), seed=seed, **kw)
    rng = np.random.default_rng(seed + 50)
    x = rng.standard_normal((sizes[0], m))
    y = rng.uniform(0.1, 0.9, (sizes[-1], m))
    return net, x, y


def _perturbed(net, layer, j, k, dw):
    """A copy of the network with w^l_jk (or b^l_j when k is None) changed by dw."""
    other = net.copy()
    if k is None:
        other.b(layer)[j, 0] += dw
    else:
        other.w(layer)[j, k] += dw
    return other


def _params(net):
    return [p.copy() for p in net.weights + net.biases]


CHOICES = [(2, 1, 0), (2, 3, None), (3, 2, 3), (4, 1, 2), (4, 0, None), (3, 0, None)]


@pytest.mark.parametrize("layer, j, k", CHOICES)
@pytest.mark.parametrize("m", [1, 4])
def test_exact_changes_equal_a_forward_pass_of_a_perturbed_copy(layer, j, k, m):
    net, x, y = _setup(m=m)
    dw = 0.37
    n = bp.nudge(net, x, y, layer=layer, j=j, k=k, dw=dw)
    before, after = net.forward(x), _perturbed(net, layer, j, k, dw).forward(x)
    assert n.layers == list(range(layer, 5))
    assert len(n.dz) == len(n.da) == len(n.dz_linear) == len(n.da_linear) == 5 - layer
    for i, q in enumerate(n.layers):
        np.testing.assert_allclose(
            n.dz[i], after.zs[q - 2] - before.zs[q - 2], rtol=1e-12, atol=1e-14
        )
        np.testing.assert_allclose(
            n.da[i], after.activations[q - 1] - before.activations[q - 1], rtol=1e-12, atol=1e-14
        )
        assert n.da[i].shape == (net.sizes[q - 1], m)
    expected_dC = _perturbed(net, layer, j, k, dw).cost(x, y) - net.cost(x, y)
    assert n.dC == pytest.approx(expected_dC, rel=1e-10, abs=1e-15)
    assert n.cost == pytest.approx(net.cost(x, y), rel=1e-15)


@pytest.mark.parametrize("layer, j, k", CHOICES)
def test_first_order_prediction_is_the_backprop_gradient_times_dw(layer, j, k):
    net, x, y = _setup(m=3)
    nabla_b, nabla_w = net.backprop(x, y)
    n = bp.nudge(net, x, y, layer=layer, j=j, k=k, dw=0.02)
    gradient = nabla_b[layer - 2][j, 0] if k is None else nabla_w[layer - 2][j, k]
    assert n.gradient == gradient
    assert n.dC_linear == pytest.approx(gradient * 0.02, rel=1e-15)
    assert n.gap == pytest.approx(n.dC - n.dC_linear, rel=1e-15)
    assert n.parameter == (f"b^{layer}_{j}" if k is None else f"w^{layer}_{j}{k}")


@pytest.mark.parametrize("layer, j, k", CHOICES)
def test_linear_prediction_equals_the_chain_rule(layer, j, k):
    """da_linear = (∂a^q/∂w^l_jk) Δw, with the derivative taken by central differences."""
    net, x, y = _setup(m=2)
    dw, h = 0.05, 1e-6
    n = bp.nudge(net, x, y, layer=layer, j=j, k=k, dw=dw)
    plus = _perturbed(net, layer, j, k, h).forward(x)
    minus = _perturbed(net, layer, j, k, -h).forward(x)
    for i, q in enumerate(n.layers):
        da_dw = (plus.activations[q - 1] - minus.activations[q - 1]) / (2 * h)
        dz_dw = (plus.zs[q - 2] - minus.zs[q - 2]) / (2 * h)
        np.testing.assert_allclose(n.da_linear[i], da_dw * dw, rtol=1e-6, atol=1e-11)
        np.testing.assert_allclose(n.dz_linear[i], dz_dw * dw, rtol=1e-6, atol=1e-11)
    # only row j of z^l moves at first, by a^{l-1}_k Δw (or Δb)
    first = np.zeros_like(n.dz[0])
    first[j] = dw if k is None else dw * net.forward(x).activations[layer - 2][k]
    np.testing.assert_allclose(n.dz[0], first, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("layer, j, k", [(2, 1, 0), (3, 2, 3), (4, 1, None)])
def test_gap_is_second_order_in_dw(layer, j, k):
    net, x, y = _setup()
    steps = [0.08 / 2**i for i in range(5)]
    gaps = [abs(bp.nudge(net, x, y, layer=layer, j=j, k=k, dw=s).gap) for s in steps]
    slope = np.polyfit(np.log(steps), np.log(gaps), 1)[0]
    assert slope == pytest.approx(2.0, abs=0.1)
    # ΔC itself is first order
    dCs = [abs(bp.nudge(net, x, y, layer=layer, j=j, k=k, dw=s).dC) for s in steps]
    assert np.polyfit(np.log(steps), np.log(dCs), 1)[0] == pytest.approx(1.0, abs=0.1)


def test_nudge_leaves_the_network_unchanged():
    net, x, y = _setup(m=3)
    before = _params(net)
    for layer, j, k in CHOICES:
        bp.nudge(net, x, y, layer=layer, j=j, k=k, dw=1.5)
    for p, q in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, q)


def test_explorer_reuses_one_pass_and_refreshes():
    net, x, y = _setup()
    explorer = bp.NudgeExplorer(net, x, y)
    for dw in (-0.3, 0.0, 0.2):
        a = explorer.nudge(3, 1, 2, dw)
        b = bp.nudge(net, x, y, layer=3, j=1, k=2, dw=dw)
        assert a.dC == b.dC
        for u, v in zip(a.da, b.da):
            np.testing.assert_array_equal(u, v)
    zero = explorer.nudge(2, 0, 0, 0.0)
    assert zero.dC == 0.0 and all(not d.any() for d in zero.da)
    # σ'(z^q) kept for the first-order predictions
    g = bp.backprop(net, x, y)
    for s, z, f in zip(explorer.sigma_primes, g.zs, net.activation_functions):
        np.testing.assert_allclose(s, f.derivative(z), rtol=1e-12)
    # after the network changes, refresh() brings the explorer up to date
    net.weights[1][0, 0] += 1.0
    explorer.refresh()
    assert explorer.cost == pytest.approx(net.cost(x, y), rel=1e-15)
    assert explorer.nudge(3, 1, 2, 0.1).dC == pytest.approx(
        bp.nudge(net, x, y, layer=3, j=1, k=2, dw=0.1).dC, rel=1e-12
    )


@pytest.mark.parametrize("activation", [["relu", "tanh", "linear"], "tanh"])
def test_nudge_with_other_activations(activation):
    net, x, y = _setup(m=2, activation=activation)
    n = bp.nudge(net, x, y, layer=2, j=2, k=1, dw=0.25)
    other = _perturbed(net, 2, 2, 1, 0.25)
    assert n.dC == pytest.approx(other.cost(x, y) - net.cost(x, y), rel=1e-10)


# --- paths (eq. 51–53) -------------------------------------------------------------------------


def _all_paths_by_enumeration(net, x, y, layer, j, k):
    """Every path's rate product, enumerated here with itertools (independent of bpcore)."""
    g = bp.backprop(net, x, y)
    sp = [f.derivative(z)[:, 0] for f, z in zip(net.activation_functions, g.zs)]
    first = sp[layer - 2][j] * (1.0 if k is None else g.activations[layer - 2][k, 0])
    dC_da = g.output[:, 0] - y[:, 0]  # quadratic cost
    rates = {}
    later = [range(n) for n in net.sizes[layer:]]
    for route in itertools.product(*later):
        neurons = (j, *route)
        rate = first
        for s, i in enumerate(route):
            q = layer + 1 + s  # the layer of neuron i
            rate *= net.w(q)[i, neurons[s]] * sp[q - 2][i]
        rates[neurons] = rate * dC_da[neurons[-1]]
    return rates


@pytest.mark.parametrize("layer, j, k", [(2, 1, 0), (2, 0, None), (3, 2, 1), (4, 1, 2)])
def test_paths_sum_to_the_gradient_and_match_enumeration(layer, j, k):
    net, x, y = _setup(sizes=(3, 4, 3, 2))
    p = bp.paths(net, x, y, layer=layer, j=j, k=k)
    expected = _all_paths_by_enumeration(net, x, y, layer, j, k)
    assert p.count == math.prod(net.sizes[layer:]) == len(expected) == len(p.paths)
    assert p.complete
    nabla_b, nabla_w = net.backprop(x, y)
    total = nabla_b[layer - 2][j, 0] if k is None else nabla_w[layer - 2][j, k]
    assert p.total == pytest.approx(total, rel=1e-15)
    assert p.listed_sum == pytest.approx(total, rel=1e-10, abs=1e-15)
    for path in p.paths:
        assert path.rate == pytest.approx(expected[path.neurons], rel=1e-12)
        assert math.prod(path.factors) == pytest.approx(path.rate, rel=1e-12)
        assert len(path.factors) == len(path.neurons) + 1
        assert path.neurons[0] == j
    sizes = [abs(path.rate) for path in p.paths]
    assert sizes == sorted(sizes, reverse=True)


def test_path_factors_are_the_chapters_rates():
    net, x, y = _setup(sizes=(2, 3, 2))
    g = bp.backprop(net, x, y)
    p = bp.paths(net, x, y, layer=2, j=1, k=0)
    sigmoid = bp.get_activation("sigmoid")
    for path in p.paths:
        _, i = path.neurons
        first, step, last = path.factors
        # ∂a^2_1/∂w^2_10 = σ'(z^2_1) a^1_0; ∂a^3_i/∂a^2_1 = σ'(z^3_i) w^3_i1; ∂C/∂a^3_i = a − y
        assert first == pytest.approx(sigmoid.derivative(g.zs[0][1, 0]) * x[0, 0], rel=1e-13)
        assert step == pytest.approx(sigmoid.derivative(g.zs[1][i, 0]) * net.w(3)[i, 1], rel=1e-13)
        assert last == pytest.approx(g.output[i, 0] - y[i, 0], rel=1e-13)


def test_top_paths_are_the_largest_of_the_full_enumeration():
    net, x, y = _setup(sizes=(2, 4, 5, 4, 3), seed=3)
    expected = _all_paths_by_enumeration(net, x, y, 2, 2, 1)
    full = bp.paths(net, x, y, layer=2, j=2, k=1)
    assert full.complete and full.count == 5 * 4 * 3 == 60
    limited = bp.paths(net, x, y, layer=2, j=2, k=1, limit=10, top=7)
    assert not limited.complete and limited.count == 60 and len(limited.paths) == 7
    largest = sorted(expected.items(), key=lambda item: -abs(item[1]))[:7]
    assert [path.neurons for path in limited.paths] == [neurons for neurons, _ in largest]
    for path, (_, rate) in zip(limited.paths, largest):
        assert path.rate == pytest.approx(rate, rel=1e-12)
    assert [p.neurons for p in limited.paths] == [p.neurons for p in full.paths[:7]]
    assert limited.total == full.total


def test_paths_from_the_output_layer():
    net, x, y = _setup(sizes=(3, 2))
    p = bp.paths(net, x, y, layer=2, j=1, k=2)
    assert p.count == 1 and len(p.paths) == 1 and p.paths[0].neurons == (1,)
    assert p.paths[0].rate == pytest.approx(net.backprop(x, y)[1][0][1, 2], rel=1e-13)


def test_paths_need_one_example():
    net, x, y = _setup(m=2)
    with pytest.raises(ValueError, match=r"x: paths are traced for one example.*got 2 columns"):
        bp.paths(net, x, y, layer=2, j=0, k=0)


# --- the chain of single neurons (eq. 75–87) ----------------------------------------------------


@pytest.mark.parametrize("weights", [[0.8], [1.5, -0.7], [0.9, 1.2, -2.0, 0.4]])
def test_chain_factors_multiply_to_the_gradient(weights):
    x, y = 0.6, 0.2
    c = bp.chain(x, weights, y)
    assert c.product == pytest.approx(bp.chain_gradient(c), rel=1e-12)
    # and to a finite difference of the chain's cost in w_1
    h = 1e-6
    plus = bp.chain(x, [weights[0] + h, *weights[1:]], y).cost
    minus = bp.chain(x, [weights[0] - h, *weights[1:]], y).cost
    assert c.product == pytest.approx((plus - minus) / (2 * h), rel=1e-7)
    # the factors: x, σ'(h_1), w_2, σ'(h_2), ..., ∂C/∂ŷ
    names = [name for name, _ in c.factors]
    assert names[0] == "x" and names[-1] == "∂C/∂ŷ"
    assert len(c.factors) == 2 * len(weights) + 1
    for name, value in c.factors:
        if name.startswith("σ'"):
            assert 0 < value <= 0.25
    # the forward values
    a = x
    for w, h_i, a_i in zip(weights, c.h, c.a):
        assert h_i == pytest.approx(w * a)
        a = 1 / (1 + math.exp(-w * a))
        assert a_i == pytest.approx(a)
    assert c.cost == pytest.approx(0.5 * (a - y) ** 2)


def test_chain_network_is_the_same_chain():
    c = bp.chain(0.3, [1.1, -0.4, 2.0], 0.9)
    net = c.network()
    assert net.sizes == [1, 1, 1, 1]
    assert net.feedforward(np.array([[0.3]]))[0, 0] == pytest.approx(c.a[-1], rel=1e-14)
    assert all(b[0, 0] == 0 for b in net.biases)


@pytest.mark.parametrize("activation, cost", [("tanh", "quadratic"), ("sigmoid", "cross_entropy")])
def test_chain_with_another_activation_and_cost_keeps_them(activation, cost):
    c = bp.chain(0.5, [0.7, 1.3], 0.25, activation=activation, cost=cost)
    h = 1e-6
    plus = bp.chain(0.5, [0.7 + h, 1.3], 0.25, activation=activation, cost=cost).cost
    minus = bp.chain(0.5, [0.7 - h, 1.3], 0.25, activation=activation, cost=cost).cost
    assert c.product == pytest.approx((plus - minus) / (2 * h), rel=1e-7)
    assert bp.chain_gradient(c) == pytest.approx(c.product, rel=1e-12)
    net = c.network()
    assert net.activation_functions[0].name == activation and net.cost_function.name == cost


def test_long_sigmoid_chains_shrink_the_gradient():
    short = bp.chain(1.0, [1.0] * 2, 0.0)
    long = bp.chain(1.0, [1.0] * 8, 0.0)
    assert abs(long.product) < abs(short.product) * 0.25**5


def test_parameter_name_keeps_two_digit_indices_apart():
    net = bp.Network([12, 4, 2], seed=0)
    x, y = np.zeros((12, 1)), np.zeros((2, 1))
    assert bp.nudge(net, x, y, layer=2, j=1, k=2, dw=0.1).parameter == "w^2_12"
    assert bp.nudge(net, x, y, layer=2, j=3, k=10, dw=0.1).parameter == "w^2_3,10"
    assert bp.nudge(net, x, y, layer=3, j=1, k=None, dw=0.1).parameter == "b^3_1"


# --- a coupled layer: softmax, where each a_j depends on every z_i of its layer --------------


@pytest.mark.parametrize("layer", [2, 3])
def test_softmax_layers_nudge_and_path_sum_use_the_jacobian(layer):
    """With softmax layers eq. 48–49's σ'(z) ⊙ becomes the Jacobian: an elementwise rule would
    be silently wrong here (it would give a path sum away from ∂C/∂w). The path sum is
    checked against a finite difference of the cost, not against bpcore's own backprop."""
    net = bp.Network([3, 4, 3], activation=["softmax", "softmax"], cost="log_likelihood", seed=2)
    x, y = np.array([[0.3], [-1.2], [0.8]]), np.array([[0.0], [1.0], [0.0]])
    j, k, h = 1, 2, 1e-6
    p = bp.paths(net, x, y, layer=layer, j=j, k=k)
    # a path may leave w^l_jk through any neuron of a softmax layer l
    assert p.count == net.sizes[layer - 1] * math.prod(net.sizes[layer:]) and p.complete
    assert {path.neurons[0] for path in p} == set(range(net.sizes[layer - 1]))
    plus, minus = (bp.nudge(net, x, y, layer, j, k, step) for step in (h, -h))
    assert p.listed_sum == pytest.approx((plus.dC - minus.dC) / (2 * h), rel=1e-7)
    # the first-order cascade is the derivative of the exact one
    rate = bp.nudge(net, x, y, layer, j, k, 1.0)
    for exact_plus, exact_minus, linear in zip(plus.da, minus.da, rate.da_linear):
        np.testing.assert_allclose(linear, (exact_plus - exact_minus) / (2 * h), atol=1e-8)
    # the nudge of z^l_j moves every neuron of a softmax layer, not only neuron j
    assert not np.allclose(rate.da_linear[0][np.arange(net.sizes[layer - 1]) != j], 0.0)


def test_the_single_neuron_chain_refuses_a_coupled_activation():
    with pytest.raises(ValueError, match="activation: expected an elementwise activation"):
        bp.chain(1.0, [0.5, 0.5], 0.0, activation="softmax")
