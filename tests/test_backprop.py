"""backprop(net, x, y) against finite differences, PyTorch autograd, the book's own listing
(benchmarks/book_network.py) and the chapter's exercises."""

import importlib
import os
import sys
from pathlib import Path

import numpy as np
import pytest

import bpcore as bp

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import book_network  # noqa: E402 - the book's network.py, beside the benchmarks


def _torch():
    """PyTorch, the independent autograd (the test extra installs it). On a reader's
    machine without it these tests are skipped; under CI=true a missing torch fails, except
    in `make parity`, whose newer Python has no CPU build of torch here (it sets
    BPCORE_TORCH=absent; the main test run has the oracle)."""
    try:
        return importlib.import_module("torch")
    except ImportError as error:
        message = f"PyTorch is needed for the autograd oracle ({error}); pip install -e '.[test]'"
        expected_absent = os.environ.get("BPCORE_TORCH") == "absent"
        if os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"} and not expected_absent:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


CASES = [
    ([2, 3, 2], "sigmoid", "quadratic"),
    ([3, 5, 4, 2], "tanh", "quadratic"),
    ([4, 3, 3], ["tanh", "sigmoid"], "cross_entropy"),
    ([2, 4, 1], "linear", "quadratic"),
    ([3, 6, 5, 4, 3], ["relu", "tanh", "linear", "sigmoid"], "quadratic"),
    ([1, 1], "sigmoid", "cross_entropy"),
    ([5, 2, 6, 3], "sigmoid", "cross_entropy"),
]


def _data(sizes, m, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((sizes[0], m))
    y = rng.uniform(0.05, 0.95, (sizes[-1], m))
    return x, y


def _cost(net, x, y):
    """C by a forward pass written here, not bpcore's: z = w a + b, a = σ(z), C = mean C_x."""
    a = x
    for w, b, f in zip(net.weights, net.biases, net.activation_functions):
        a = f.function(w @ a + b)
    if net.cost_function.name == "quadratic":
        return float(np.mean(0.5 * np.sum((a - y) ** 2, axis=0)))
    return float(np.mean(-np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=0)))


def _central_differences(net, x, y, eps=1e-6):
    """∂C/∂p for every parameter p, each from a perturbed copy of the network."""
    result = []
    for params in ("biases", "weights"):
        for i, p in enumerate(getattr(net, params)):
            g = np.zeros_like(p)
            for index in np.ndindex(p.shape):
                plus, minus = net.copy(), net.copy()
                getattr(plus, params)[i][index] += eps
                getattr(minus, params)[i][index] -= eps
                g[index] = (_cost(plus, x, y) - _cost(minus, x, y)) / (2 * eps)
            result.append(g)
    return result


@pytest.mark.parametrize("sizes, activation, cost", CASES)
@pytest.mark.parametrize("m", [1, 3])
def test_backprop_matches_central_differences(sizes, activation, cost, m):
    net = bp.Network(sizes, activation=activation, cost=cost, seed=11)
    x, y = _data(sizes, m, seed=12)
    g = bp.backprop(net, x, y)
    numeric = _central_differences(net, x, y)
    exact = g.nabla_b + g.nabla_w
    scale = max(np.max(np.abs(n)) for n in numeric)
    for e, n in zip(exact, numeric):
        assert e.shape == n.shape
        np.testing.assert_allclose(e, n, rtol=0, atol=1e-7 * scale)


@pytest.mark.parametrize("sizes, activation, cost", CASES)
def test_backprop_matches_pytorch_autograd(sizes, activation, cost):
    torch = _torch()
    net = bp.Network(sizes, activation=activation, cost=cost, seed=21)
    x, y = _data(sizes, 4, seed=22)
    functions = {
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "linear": lambda t: t,
    }
    ws = [torch.tensor(w, requires_grad=True) for w in net.weights]
    bs = [torch.tensor(b, requires_grad=True) for b in net.biases]
    a = torch.tensor(x)
    target = torch.tensor(y)
    for w, b, f in zip(ws, bs, net.activation_functions):
        a = functions[f.name](w @ a + b)
    if cost == "quadratic":
        loss = (0.5 * ((a - target) ** 2).sum(dim=0)).mean()
    else:
        loss = torch.nn.functional.binary_cross_entropy(a, target, reduction="sum") / x.shape[1]
    loss.backward()
    g = bp.backprop(net, x, y)
    assert net.cost(x, y) == pytest.approx(loss.item(), rel=1e-12)
    for ours, theirs in zip(g.nabla_w + g.nabla_b, ws + bs):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-10, atol=1e-13)


def _book(net):
    """The book's network.py with ``net``'s weights and biases."""
    book = book_network.Network(net.sizes)
    book.weights = [w.copy() for w in net.weights]
    book.biases = [b.copy() for b in net.biases]
    return book


def test_net_backprop_returns_nabla_b_nabla_w_like_the_book():
    net = bp.Network([3, 4, 5, 2], seed=0)
    x, y = _data([3, 4, 5, 2], 1)
    result = net.backprop(x, y)
    assert isinstance(result, tuple) and len(result) == 2
    nabla_b, nabla_w = result
    assert [b.shape for b in nabla_b] == [b.shape for b in net.biases] == [(4, 1), (5, 1), (2, 1)]
    assert [w.shape for w in nabla_w] == [(4, 3), (5, 4), (2, 5)]
    # the book's own listing, one example: the same numbers
    book_b, book_w = _book(net).backprop(x, y)
    for ours, theirs in zip(nabla_b + nabla_w, book_b + book_w, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)
    # and for a batch, the mean of the book's per-example gradients
    X, Y = _data([3, 4, 5, 2], 6, seed=1)
    batch_b, batch_w = net.backprop(X, Y)
    singles = [_book(net).backprop(X[:, [i]], Y[:, [i]]) for i in range(6)]
    for l in range(3):
        np.testing.assert_allclose(
            batch_b[l], np.mean([s[0][l] for s in singles], axis=0), rtol=1e-12, atol=1e-15
        )
        np.testing.assert_allclose(
            batch_w[l], np.mean([s[1][l] for s in singles], axis=0), rtol=1e-12, atol=1e-15
        )


def test_gradients_record_the_forward_pass_and_deltas():
    net = bp.Network([3, 4, 5, 2], seed=1)
    x, y = _data([3, 4, 5, 2], 6)
    g = bp.backprop(net, x, y)
    f = net.forward(x)
    assert len(g.zs) == len(g.deltas) == 3 and len(g.activations) == 4
    for mine, theirs in zip(g.zs + g.activations, f.zs + f.activations):
        np.testing.assert_array_equal(mine, theirs)
    assert [d.shape for d in g.deltas] == [(4, 6), (5, 6), (2, 6)]
    # BP3/BP4 from the recorded δ and a
    for l in range(2, 5):
        np.testing.assert_allclose(g.nabla_b[l - 2], g.deltas[l - 2].mean(axis=1, keepdims=True))
        np.testing.assert_allclose(
            g.nabla_w[l - 2], g.deltas[l - 2] @ g.activations[l - 2].T / 6, rtol=1e-13
        )


def test_backward_errors_are_the_books_deltas():
    """δ^l of every example, against the book's listing (whose nabla_b for one example is δ^l,
    BP3) for sigmoid neurons and the quadratic cost."""
    from bpcore.backprop import backward_errors, feedforward_pass

    net = bp.Network([3, 4, 5, 2], seed=2)
    x, y = _data([3, 4, 5, 2], 7)
    deltas = backward_errors(net, feedforward_pass(net, x), y)
    for i in range(7):
        book_deltas, _ = _book(net).backprop(x[:, [i]], y[:, [i]])
        for mine, theirs in zip(deltas, book_deltas, strict=True):
            np.testing.assert_allclose(mine[:, [i]], theirs, rtol=1e-12, atol=1e-15)


def test_backward_errors_are_the_rates_of_the_cost_in_z():
    """δ^l_j = ∂C_x/∂z^l_j (eq. 29), for any activation: a change of b^l_j changes z^l_j by
    as much, so central differences in b^l give δ^l of one example."""
    from bpcore.backprop import backward_errors, feedforward_pass

    net = bp.Network([3, 4, 5, 2], activation=["tanh", "sigmoid", "linear"], seed=2)
    x, y = _data([3, 4, 5, 2], 1, seed=3)
    deltas = backward_errors(net, feedforward_pass(net, x), y)
    numeric = _central_differences(net, x, y)[:3]  # the biases come first
    for mine, theirs in zip(deltas, numeric, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=0, atol=1e-8)


@pytest.mark.parametrize("sizes, activation, cost", CASES)
def test_batch_gradient_is_the_mean_of_per_example_gradients(sizes, activation, cost):
    net = bp.Network(sizes, activation=activation, cost=cost, seed=3)
    x, y = _data(sizes, 5, seed=4)
    batch = bp.backprop(net, x, y)
    singles = [bp.backprop(net, x[:, [i]], y[:, [i]]) for i in range(5)]
    for l in range(len(sizes) - 1):
        np.testing.assert_allclose(
            batch.nabla_w[l],
            np.mean([s.nabla_w[l] for s in singles], axis=0),
            rtol=1e-12,
            atol=1e-15,
        )
        np.testing.assert_allclose(
            batch.nabla_b[l],
            np.mean([s.nabla_b[l] for s in singles], axis=0),
            rtol=1e-12,
            atol=1e-15,
        )
        # the per-example errors δ are the columns of the batch's δ
        np.testing.assert_allclose(
            batch.deltas[l], np.hstack([s.deltas[l] for s in singles]), rtol=1e-12, atol=1e-15
        )


def test_a_batch_goes_through_each_layer_once_with_no_loop_over_examples():
    """Problem 2: σ and σ' are called once per layer with the whole (n, m) matrix, whatever m."""
    calls = []

    def f(z):
        calls.append(("f", z.shape))
        return np.tanh(z)

    def fp(z):
        calls.append(("fp", z.shape))
        return 1 - np.tanh(z) ** 2

    net = bp.Network([3, 4, 5, 2], activation=bp.custom(f, fp), seed=0)
    shapes_by_m = {}
    for m in (1, 7, 50):
        calls.clear()
        x, y = _data([3, 4, 5, 2], m)
        bp.backprop(net, x, y)
        shapes_by_m[m] = list(calls)
    for m, seen in shapes_by_m.items():
        # 3 layers forward (σ) and 3 layers backward (σ'): BP1 once, BP2 for l = 3, 2.
        assert [kind for kind, _ in seen] == ["f", "f", "f", "fp", "fp", "fp"]
        assert [shape for _, shape in seen] == [(4, m), (5, m), (2, m), (2, m), (5, m), (4, m)]


def test_one_dimensional_x_and_y_are_read_as_columns():
    net = bp.Network([3, 2, 2], seed=5)
    x, y = _data([3, 2, 2], 1)
    column = bp.backprop(net, x, y)
    flat = bp.backprop(net, x.ravel(), y.ravel())
    for a, b in zip(column.nabla_w + column.nabla_b, flat.nabla_w + flat.nabla_b):
        np.testing.assert_array_equal(a, b)


def test_single_modified_neuron_passes_the_gradient_check():
    """The chapter's exercise: one neuron of a hidden layer uses f(z) = sin z instead of σ."""
    odd = bp.per_neuron("sigmoid", {1: (np.sin, np.cos)})
    net = bp.Network([3, 4, 3, 2], activation=[odd, "sigmoid", "sigmoid"], seed=6)
    x, y = _data([3, 4, 3, 2], 3, seed=7)
    g = bp.backprop(net, x, y)
    numeric = _central_differences(net, x, y)
    scale = max(np.max(np.abs(n)) for n in numeric)
    for e, n in zip(g.nabla_b + g.nabla_w, numeric):
        np.testing.assert_allclose(e, n, rtol=0, atol=1e-7 * scale)
    assert bp.gradient_check(net, x, y) < 1e-7
    # and the modification matters: without it the gradient is different
    plain = bp.Network([3, 4, 3, 2], seed=6)
    assert not np.allclose(bp.backprop(plain, x, y).nabla_w[0], g.nabla_w[0])
    # BP2 for the modified neuron uses cos(z), for the others σ'(z)
    z2 = g.zs[0]
    back = net.weights[1].T @ g.deltas[1]
    np.testing.assert_allclose(g.deltas[0][1], back[1] * np.cos(z2[1]), rtol=1e-13)
    np.testing.assert_allclose(
        g.deltas[0][[0, 2, 3]],
        back[[0, 2, 3]] * bp.get_activation("sigmoid").derivative(z2[[0, 2, 3]]),
        rtol=1e-13,
    )


def test_linear_neurons_backprop_exactly_through_the_transposed_weights():
    """The chapter's exercise: with σ(z) = z, δ^L = ∇_a C and δ^l = (w^{l+1})^T δ^{l+1}."""
    net = bp.Network([3, 4, 5, 2], activation="linear", seed=8)
    x, y = _data([3, 4, 5, 2], 4)
    g = bp.backprop(net, x, y)
    np.testing.assert_array_equal(g.deltas[-1], g.output - y)
    for l in (3, 2):
        np.testing.assert_array_equal(g.deltas[l - 2], net.w(l + 1).T @ g.deltas[l - 1])
    # a linear network is the affine map W x + b: its output is exactly that
    W = net.weights[2] @ net.weights[1] @ net.weights[0]
    b = net.weights[2] @ (net.weights[1] @ net.biases[0] + net.biases[1]) + net.biases[2]
    np.testing.assert_allclose(g.output, W @ x + b, rtol=1e-12)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
def test_float32_network_gives_float32_gradients(activation):
    net = bp.Network([3, 4, 2], activation=activation, seed=9, dtype=np.float32)
    x, y = (a.astype(np.float32) for a in _data([3, 4, 2], 3))
    g = bp.backprop(net, x, y)
    assert all(a.dtype == np.float32 for a in g.nabla_w + g.nabla_b + g.deltas)
    ref = bp.Network([3, 4, 2], activation=activation, seed=9)
    ref.weights = [w.astype(np.float64) for w in net.weights]
    ref.biases = [b.astype(np.float64) for b in net.biases]
    g64 = bp.backprop(ref, x.astype(np.float64), y.astype(np.float64))
    for a, b in zip(g.nabla_w, g64.nabla_w):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)


def test_forward_keeps_every_z_and_a():
    net = bp.Network([2, 3, 2], activation=["relu", "sigmoid"], seed=10)
    x = np.array([[0.5, -1.0], [2.0, 0.25]])
    f = bp.forward(net, x)
    z2 = net.weights[0] @ x + net.biases[0]
    a2 = np.maximum(z2, 0)
    z3 = net.weights[1] @ a2 + net.biases[1]
    np.testing.assert_allclose(f.zs[0], z2)
    np.testing.assert_allclose(f.activations[1], a2)
    np.testing.assert_allclose(f.zs[1], z3)
    np.testing.assert_allclose(f.output, 1 / (1 + np.exp(-z3)))
    np.testing.assert_array_equal(f.activations[0], x)
