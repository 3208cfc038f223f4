"""Network: shapes and book indexing, seeding, copies, the forward pass, dtypes."""

import numpy as np
import pytest

import bpcore as bp
from bpcore.activations import RELU, SIGMOID, TANH


def test_shapes_follow_the_book():
    net = bp.Network([784, 30, 10], seed=0)
    assert net.sizes == [784, 30, 10] and net.num_layers == 3
    assert [w.shape for w in net.weights] == [(30, 784), (10, 30)]
    assert [b.shape for b in net.biases] == [(30, 1), (10, 1)]
    assert all(a.dtype == np.float64 for a in net.weights + net.biases)
    assert net.cost_function.name == "quadratic"
    assert [f.name for f in net.activation_functions] == ["sigmoid", "sigmoid"]


def test_initial_parameters_are_standard_gaussian():
    net = bp.Network([400, 300, 1], seed=1)
    w = net.weights[0]
    assert abs(w.mean()) < 0.01 and abs(w.std() - 1) < 0.01


def test_seed_makes_the_network_repeatable():
    a, b = bp.Network([3, 5, 2], seed=42), bp.Network([3, 5, 2], seed=42)
    c = bp.Network([3, 5, 2], seed=43)
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(a.weights[0], c.weights[0])


def test_book_indexing_w_l_and_b_l():
    net = bp.Network([2, 3, 4, 1], seed=0)
    for l in range(2, 5):
        assert net.w(l) is net.weights[l - 2]
        assert net.b(l) is net.biases[l - 2]
        assert net.w(l).shape == (net.sizes[l - 1], net.sizes[l - 2])
        assert net.b(l).shape == (net.sizes[l - 1], 1)
        assert net.activation_function(l) is net.activation_functions[l - 2]
    # w^l_jk connects neuron k of layer l-1 to neuron j of layer l: only z^3_j moves
    x = np.array([[0.3], [-0.2]])
    a2 = net.forward(x).activations[1]
    changed = net.copy()
    changed.w(3)[2, 1] += 0.5
    dz = changed.forward(x).zs[1] - net.forward(x).zs[1]
    np.testing.assert_allclose(dz[:, 0], [0.0, 0.0, 0.5 * a2[1, 0], 0.0], atol=1e-15)


@pytest.mark.parametrize("l", [0, 1, 5, -1, 100])
def test_book_indexing_outside_2_to_L_is_refused(l):
    net = bp.Network([2, 3, 4, 1], seed=0)
    for accessor in (net.w, net.b, net.activation_function):
        with pytest.raises(ValueError, match=rf"l: expected a layer number l in 2\.\.4.*got {l}"):
            accessor(l)


def test_book_indexing_needs_an_integer():
    net = bp.Network([2, 3, 1], seed=0)
    with pytest.raises(TypeError, match=r"l: expected a layer number l in 2\.\.3, got 2\.0"):
        net.w(2.0)
    assert net.w(np.int64(3)) is net.weights[1]


def test_copy_is_independent():
    net = bp.Network([2, 3, 2], seed=0)
    before = [p.copy() for p in net.weights + net.biases]
    clone = net.copy()
    clone.weights[0][0, 0] += 1.0
    clone.biases[1][1, 0] -= 1.0
    clone.sizes.append(7)
    clone.activation_functions[0] = TANH
    for p, q in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, q)
    assert clone.weights[0][0, 0] != net.weights[0][0, 0]
    assert net.sizes == [2, 3, 2]
    assert net.activation_functions[0] is SIGMOID
    # and the original's arrays are not shared with the copy
    assert all(p is not q for p, q in zip(net.weights + net.biases, clone.weights + clone.biases))


def test_feedforward_equals_forward_output_and_the_book_loop():
    net = bp.Network([3, 4, 2], activation=["tanh", "sigmoid"], seed=2)
    x = np.random.default_rng(0).standard_normal((3, 5))
    out = net.feedforward(x)
    np.testing.assert_array_equal(out, net.forward(x).output)
    # the book's loop, one column at a time
    for i in range(5):
        a = x[:, [i]]
        a = np.tanh(net.weights[0] @ a + net.biases[0])
        a = 1 / (1 + np.exp(-(net.weights[1] @ a + net.biases[1])))
        np.testing.assert_allclose(out[:, [i]], a, rtol=1e-14)


def test_cost_is_the_mean_over_columns():
    net = bp.Network([2, 3, 2], cost="cross_entropy", seed=3)
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((2, 4)), rng.uniform(0, 1, (2, 4))
    a = net.feedforward(x)
    expected = np.mean(-np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=0))
    assert net.cost(x, y) == pytest.approx(expected, rel=1e-13)
    assert net.cost(x, y) == pytest.approx(
        np.mean([net.cost(x[:, [i]], y[:, [i]]) for i in range(4)])
    )


def test_activation_per_layer_and_pairs():
    net = bp.Network([2, 3, 3, 1], activation=["relu", TANH, (np.sin, np.cos)], seed=0)
    assert net.activation_functions[0] is RELU and net.activation_functions[1] is TANH
    assert net.activation_functions[2].name == "custom"
    # a single pair (f, f') is one activation for every layer, not a list of two
    pair = bp.Network([2, 3, 1], activation=(np.sin, np.cos), seed=0)
    assert all(f.function is np.sin for f in pair.activation_functions)
    # a tuple of names is per layer
    named = bp.Network([2, 3, 1], activation=("tanh", "linear"), seed=0)
    assert [f.name for f in named.activation_functions] == ["tanh", "linear"]


def test_float32_network():
    net = bp.Network([3, 4, 2], seed=0, dtype=np.float32)
    assert all(p.dtype == np.float32 for p in net.weights + net.biases)
    x = np.ones((3, 2), dtype=np.float32)
    assert net.feedforward(x).dtype == np.float32
    # fed float64 or integers, a float32 network still computes in float32
    assert net.feedforward(np.ones((3, 2))).dtype == np.float32
    assert net.feedforward([1, 0, 2]).dtype == np.float32
    np.testing.assert_array_equal(net.feedforward(np.ones((3, 2))), net.feedforward(x))
    nabla_b, nabla_w = net.backprop(np.ones((3, 1)), np.array([[1.0], [0.0]]))
    assert all(p.dtype == np.float32 for p in nabla_b + nabla_w)
    ref = bp.Network([3, 4, 2], seed=0)
    np.testing.assert_allclose(net.weights[0], ref.weights[0], rtol=1e-7)
    np.testing.assert_allclose(net.feedforward(x), ref.feedforward(x), rtol=1e-5)
    with pytest.raises(ValueError, match=r"dtype: expected float64 or float32, got int32"):
        bp.Network([3, 4, 2], dtype=np.int32)


def test_repr():
    assert (
        repr(bp.Network([2, 3, 1])) == "Network([2, 3, 1], activation='sigmoid', cost='quadratic')"
    )
    mixed = bp.Network([2, 3, 1], activation=["tanh", "sigmoid"], cost="cross_entropy")
    assert repr(mixed) == "Network([2, 3, 1], activation=['tanh', 'sigmoid'], cost='cross_entropy')"


@pytest.mark.parametrize("output", ["tanh", "relu", "linear"])
@pytest.mark.parametrize("cost", ["cross_entropy", "log_likelihood"])
def test_a_cost_defined_on_0_1_refuses_outputs_that_leave_it(output, cost):
    with pytest.raises(ValueError, match=rf"cost: '{cost}' is defined for outputs in \(0, 1\)"):
        bp.Network([2, 3, 2], activation=["sigmoid", output], cost=cost)
    bp.Network([2, 3, 2], activation=[output, "softmax"], cost=cost)  # a (0, 1) output is fine


def test_sizes_may_be_numpy_integers_or_a_tuple():
    net = bp.Network(np.array([2, 3, 1]))
    assert net.sizes == [2, 3, 1] and all(type(n) is int for n in net.sizes)
    assert bp.Network((4, 2)).weights[0].shape == (2, 4)


def test_from_parameters_takes_the_given_weights_and_copies_them():
    w2, b2 = np.arange(6.0).reshape(3, 2), np.ones((3, 1))
    w3, b3 = np.full((1, 3), -0.5), np.zeros((1, 1))
    net = bp.Network.from_parameters([w2, w3], [b2, b3], activation=["tanh", "linear"])
    assert net.sizes == [2, 3, 1]
    assert [f.name for f in net.activation_functions] == ["tanh", "linear"]
    x = np.array([[0.2], [-0.1]])
    expected = w3 @ np.tanh(w2 @ x + b2) + b3
    np.testing.assert_allclose(net.feedforward(x), expected, rtol=1e-15)
    w2[0, 0] = 99.0  # the network holds copies
    assert net.weights[0][0, 0] == 0.0
    assert bp.Network.from_parameters([w3], [b3], dtype=np.float32).weights[0].dtype == np.float32


@pytest.mark.parametrize(
    ("weights", "biases", "message"),
    [
        (
            [np.ones((3, 2)), np.ones((1, 4))],
            [np.ones((3, 1)), np.ones((1, 1))],
            r"weights\[1\]: expected w\^3 of shape \(1, 3\) to follow the layer before it, "
            r"got shape \(1, 4\)",
        ),
        (
            [np.ones((3, 2))],
            [np.ones((2, 1))],
            r"biases\[0\]: expected b\^2 of shape \(3, 1\), got shape \(2, 1\)",
        ),
        ([np.ones((3, 2))], [], r"weights, biases: expected one w\^l and one b\^l per layer"),
        ([np.ones(3)], [np.ones((3, 1))], r"weights\[0\]: expected a matrix, got shape \(3,\)"),
    ],
)
def test_from_parameters_refuses_shapes_that_do_not_chain(weights, biases, message):
    with pytest.raises(ValueError, match=message):
        bp.Network.from_parameters(weights, biases)


# --- network2.py's initialisers (chapter 3) -------------------------------------------------


def _gaussians(seed, sizes):
    """The draws network2.py makes, from numpy's Generator: every b^l, then every w^l."""
    rng = np.random.default_rng(seed)
    biases = [rng.standard_normal((n, 1)) for n in sizes[1:]]
    weights = [rng.standard_normal((n, k)) for k, n in zip(sizes[:-1], sizes[1:])]
    return biases, weights


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_default_weight_initializer_is_network2s(dtype):
    net = bp.Network([5, 4, 3], seed=0, dtype=dtype)
    arrays = [*net.weights, *net.biases]
    net.default_weight_initializer(seed=7)
    biases, weights = _gaussians(7, [5, 4, 3])
    # network2.py: np.random.randn(y, x)/np.sqrt(x) for w, np.random.randn(y, 1) for b
    for w, expected in zip(net.weights, weights):
        np.testing.assert_allclose(w, expected / np.sqrt(expected.shape[1]), rtol=1e-6)
    for b, expected in zip(net.biases, biases):
        np.testing.assert_allclose(b, expected, rtol=1e-6)
    # in place, in the network's float type
    assert all(p is q for p, q in zip(arrays, [*net.weights, *net.biases]))
    assert all(p.dtype == dtype for p in arrays)


def test_large_weight_initializer_is_network2s():
    net = bp.Network([5, 4, 3], seed=0)
    net.large_weight_initializer(seed=7)
    biases, weights = _gaussians(7, [5, 4, 3])
    for p, expected in zip(net.weights + net.biases, weights + biases):
        np.testing.assert_array_equal(p, expected)


def test_initialisers_have_the_books_spread():
    net = bp.Network([400, 300, 1], seed=1)
    net.default_weight_initializer()
    assert abs(net.weights[0].std() - 1 / np.sqrt(400)) < 0.01 / np.sqrt(400)
    assert abs(net.biases[0].std() - 1) < 0.15
    net.large_weight_initializer()
    assert abs(net.weights[0].std() - 1) < 0.01


def test_initialisers_draw_from_the_networks_seeded_generator():
    a, b = bp.Network([3, 5, 2], seed=42), bp.Network([3, 5, 2], seed=42)
    a.default_weight_initializer()
    b.default_weight_initializer()
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_array_equal(p, q)
    before = [p.copy() for p in a.weights]
    a.default_weight_initializer()  # the generator moved on: new draws
    assert not np.array_equal(a.weights[0], before[0])
    # a copy has its own generator, in the same state
    c = a.copy()
    a.large_weight_initializer()
    c.large_weight_initializer()
    for p, q in zip(a.weights + a.biases, c.weights + c.biases):
        np.testing.assert_array_equal(p, q)


@pytest.mark.parametrize(
    "cost, name",
    [
        (bp.costs.CrossEntropyCost, "cross_entropy"),
        (bp.costs.QuadraticCost, "quadratic"),
        (bp.costs.LogLikelihoodCost, "log_likelihood"),
    ],
)
def test_a_cost_class_is_accepted_as_network2_takes_it(cost, name):
    net = bp.Network([2, 3, 2], activation=["sigmoid", "softmax"], cost=cost)
    assert net.cost_function is bp.costs.COSTS[name]


def test_a_readers_own_cost_class_is_made_with_no_arguments():
    class Halved(bp.costs.QuadraticCost):
        def per_example(self, a, y):
            return 0.5 * super().per_example(a, y)

    net = bp.Network([2, 3, 2], cost=Halved, seed=0)
    assert isinstance(net.cost_function, Halved)
    with pytest.raises(TypeError, match=r"cost: the Cost class Cost could not be made"):
        bp.Network([2, 3, 2], cost=bp.costs.Cost)


def test_sizes_past_the_bound_are_refused_before_anything_is_allocated():
    import tracemalloc

    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"sizes: \[784, 200000, 10\] would need 159,000,010 "):
            bp.Network([784, 200_000, 10])
        with pytest.raises(ValueError, match=r"would need about 10\^800 weights"):
            bp.Network([10**400, 10**400])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000  # not the 1.3 GB the first would take
    assert bp.Network([784, 1000, 1000, 10], seed=0).sizes[1] == 1000  # 1.8 M: fine


@pytest.mark.parametrize(
    ("weights", "biases", "error", "message"),
    [
        (
            [[[np.nan, 1.0]]],
            [[[0.0]]],
            ValueError,
            r"weights\[0\]: expected finite numbers, got a non-finite number, nan at \(0, 0\)",
        ),
        (
            [[[1.0, 2.0]]],
            [[[-np.inf]]],
            ValueError,
            r"biases\[0\]: expected finite numbers, got a non-finite number, -inf at",
        ),
        (
            [[[None, 1.0]]],
            [[[0.0]]],
            TypeError,
            r"weights\[0\]: expected an array of real numbers, got dtype object",
        ),
        (
            [np.ones((1, 2)) * (1 + 2j)],
            [[[0.0]]],
            TypeError,
            r"weights\[0\]: expected real numbers, got dtype complex128 \(a cast would drop",
        ),
        (
            [[[1.0, 2.0]], [[1.0], [2.0, 3.0]]],
            [[[0.0]], [[0.0]]],
            TypeError,
            r"weights\[1\]: expected an array of real numbers, got a ragged list",
        ),
        (None, [[[0.0]]], TypeError, r"weights: expected a list with one array per layer"),
    ],
)
def test_from_parameters_refuses_what_is_not_a_real_finite_number(weights, biases, error, message):
    with pytest.raises(error, match=message):
        bp.Network.from_parameters(weights, biases)


def test_from_parameters_checks_finiteness_after_the_cast():
    with pytest.raises(
        ValueError,
        match=r"weights\[0\]: expected finite numbers, got a number that does not fit in "
        r"float32, 1e\+300 at \(0, 1\)",
    ):
        bp.Network.from_parameters([[[1.0, 1e300]]], [[[0.0]]], dtype=np.float32)
    net = bp.Network.from_parameters([[[1.0, 1e30]]], [[[0.0]]], dtype=np.float32)
    assert net.weights[0].dtype == np.float32 and net.weights[0][0, 1] == np.float32(1e30)
