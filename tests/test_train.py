"""Training: the book's SGD/update_mini_batch/evaluate, on the matrix path."""

import numpy as np
import pytest

import bpcore as bp


def _separable(n, seed):
    """Points in the square, class 1 above the line x_0 + x_1 = 0: book-format pairs."""
    rng = np.random.default_rng(seed)
    points = rng.uniform(-1, 1, (n, 2))
    labels = (points[:, 0] + points[:, 1] > 0).astype(int)
    training = [(p.reshape(2, 1), np.eye(2)[c].reshape(2, 1)) for p, c in zip(points, labels)]
    test = [(p.reshape(2, 1), int(c)) for p, c in zip(points, labels)]
    return training, test


def _params(net):
    return [p.copy() for p in net.weights + net.biases]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sgd_learns_a_separable_set(seed):
    training, _ = _separable(200, 0)
    _, test = _separable(100, 1)
    net = bp.Network([2, 4, 2], seed=seed)
    before = net.evaluate(test)
    # the book's call: net.SGD(training_data, epochs, mini_batch_size, eta, test_data=...)
    history = net.SGD(training, 10, 10, 3.0, test_data=test, seed=seed, progress=False)
    # measured: 97–100 of 100 after 10 epochs for seeds 0..4, from 46–67 before
    assert before <= 75
    assert history.accuracy[-1] >= 90
    assert history.cost[-1] < history.cost[0] / 3


def test_same_seed_same_weights_different_seed_different_weights():
    training, _ = _separable(60, 2)
    runs = []
    for seed in (5, 5, 6):
        net = bp.Network([2, 3, 2], seed=0)
        net.SGD(training, 3, 7, 1.0, seed=seed, progress=False)
        runs.append(_params(net))
    for p, q in zip(runs[0], runs[1]):
        np.testing.assert_array_equal(p, q)
    assert not all(np.array_equal(p, q) for p, q in zip(runs[0], runs[2]))


def test_history_lengths_and_contents():
    training, test = _separable(40, 3)
    net = bp.Network([2, 3, 2], seed=0)
    history = net.SGD(
        training, 4, 8, 0.5, test_data=test[:25], progress=False, monitor_training_cost=True
    )
    assert len(history.cost) == len(history.accuracy) == history.epochs == 4
    assert history.test_size == 25 and history.training_size == 40
    assert all(isinstance(a, int) and 0 <= a <= 25 for a in history.accuracy)
    # the last entries describe the trained network
    X = np.hstack([x for x, _ in training])
    Y = np.hstack([y for _, y in training])
    assert history.cost == history.training_cost
    assert history.cost[-1] == pytest.approx(net.cost(X, Y), rel=1e-12)
    assert history.accuracy[-1] == net.evaluate(test[:25])

    no_test = bp.Network([2, 3, 2], seed=0).SGD(training, 2, 8, 0.5, progress=False)
    assert no_test.accuracy == [None, None] and no_test.test_size == 0
    assert no_test.evaluation_accuracy == [] and no_test.training_cost == []
    # without monitoring, cost is the mean of the mini-batch costs: finite, one per epoch
    assert no_test.cost == no_test.mini_batch_cost and len(no_test.cost) == 2
    assert all(np.isfinite(c) for c in no_test.cost)


def test_the_training_cost_pass_runs_only_when_asked():
    """The full pass over the training set (network2.py's monitor_training_cost) is off by
    default: the forward passes over all 30 examples are counted through σ's calls."""
    widths = []

    def sigma(z):
        widths.append(z.shape[1])
        return 1 / (1 + np.exp(-z))

    counting = bp.custom(sigma, lambda z: sigma(z) * (1 - sigma(z)))
    training, _ = _separable(30, 11)
    for monitor, full_passes in ((False, 0), (True, 2)):
        widths.clear()
        net = bp.Network([2, 3, 2], activation=counting, seed=0)
        net.SGD(training, 2, 10, 1.0, progress=False, monitor_training_cost=monitor)
        # two layers per forward pass; mini-batches have 10 columns, a full pass 30
        assert widths.count(30) == 2 * full_passes


def test_mini_batch_cost_is_the_mean_cost_of_each_batch_before_its_step():
    """Replayed by hand: the same shuffle, the book's update_mini_batch, and the cost of
    each mini-batch measured just before its step."""
    training, _ = _separable(23, 12)
    net = bp.Network([2, 4, 2], seed=3)
    by_hand = net.copy()
    history = net.SGD(training, 2, 5, 2.0, seed=7, progress=False)
    rng = np.random.default_rng(7)
    for epoch in range(2):
        order = rng.permutation(23)
        costs = []
        for k in range(0, 23, 5):
            batch = [training[i] for i in order[k : k + 5]]
            X = np.hstack([x for x, _ in batch])
            Y = np.hstack([y for _, y in batch])
            costs.append(by_hand.cost(X, Y) * len(batch))
            by_hand.update_mini_batch(batch, 2.0)
        assert history.mini_batch_cost[epoch] == pytest.approx(sum(costs) / 23, rel=1e-12)
    for p, q in zip(net.weights + net.biases, by_hand.weights + by_hand.biases):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-14)


def test_evaluate_counts_by_hand():
    # a linear [2, 2] network with w = I, b = 0 outputs x: the predicted label is argmax x
    net = bp.Network([2, 2], activation="linear", seed=0)
    net.weights[0][:] = np.eye(2)
    net.biases[0][:] = 0.0
    cases = [([1.0, 0.0], 0), ([0.0, 1.0], 1), ([2.0, 1.0], 1), ([0.0, 3.0], 0), ([-1.0, -2.0], 0)]
    labelled = [(np.array(x).reshape(2, 1), label) for x, label in cases]
    assert net.evaluate(labelled) == 3
    one_hot = [(x, np.eye(2)[label].reshape(2, 1)) for x, label in labelled]
    assert net.evaluate(one_hot) == 3
    assert net.evaluate(labelled[:2]) == 2
    assert net.evaluate(labelled[2:4]) == 0


def test_update_mini_batch_is_one_step_of_the_batch_mean_gradient():
    training, _ = _separable(6, 4)
    net = bp.Network([2, 3, 2], seed=1)
    before = net.copy()
    X = np.hstack([x for x, _ in training])
    Y = np.hstack([y for _, y in training])
    nabla_b, nabla_w = before.backprop(X, Y)
    net.update_mini_batch(training, 0.7)
    for w, w0, nw in zip(net.weights, before.weights, nabla_w):
        np.testing.assert_allclose(w, w0 - 0.7 * nw, rtol=1e-14, atol=1e-15)
    for b, b0, nb in zip(net.biases, before.biases, nabla_b):
        np.testing.assert_allclose(b, b0 - 0.7 * nb, rtol=1e-14, atol=1e-15)
    # and the book's per-example loop gives the same step: (η/m) Σ_x ∇C_x
    book = before.copy()
    sums_w = [np.zeros_like(w) for w in book.weights]
    sums_b = [np.zeros_like(b) for b in book.biases]
    for x, y in training:
        db, dw = book.backprop(x, y)
        sums_w = [s + d for s, d in zip(sums_w, dw)]
        sums_b = [s + d for s, d in zip(sums_b, db)]
    for w, w0, s in zip(net.weights, book.weights, sums_w):
        np.testing.assert_allclose(w, w0 - 0.7 / 6 * s, rtol=1e-13, atol=1e-15)
    for b, b0, s in zip(net.biases, book.biases, sums_b):
        np.testing.assert_allclose(b, b0 - 0.7 / 6 * s, rtol=1e-13, atol=1e-15)


def test_sgd_with_one_batch_per_epoch_is_full_batch_gradient_descent():
    training, _ = _separable(9, 5)
    net = bp.Network([2, 3, 2], seed=2)
    reference = net.copy()
    net.SGD(training, 2, 9, 1.5, seed=0, progress=False)
    reference.update_mini_batch(training, 1.5)
    reference.update_mini_batch(training[::-1], 1.5)  # order within a batch does not matter
    for p, q in zip(net.weights + net.biases, reference.weights + reference.biases):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-14)


def test_sgd_cuts_each_epoch_into_mini_batches_of_the_given_size():
    shapes = []

    def fp(z):
        shapes.append(z.shape)
        return 1 - np.tanh(z) ** 2

    net = bp.Network([2, 3, 2], activation=bp.custom(np.tanh, fp), seed=0)
    training, _ = _separable(7, 6)
    net.SGD(training, 2, 3, 0.1, progress=False)
    # σ' is called once per layer per mini-batch (BP1, BP2) with all of the batch's columns
    assert [m for _, m in shapes] == [3, 3, 3, 3, 1, 1] * 2


def test_sgd_takes_the_books_python2_zip_and_1d_vectors():
    training, test = _separable(30, 7)
    xs, ys = zip(*training)
    net = bp.Network([2, 3, 2], seed=0)
    copy = net.copy()
    net.SGD(zip(xs, ys), 1, 5, 1.0, seed=0, progress=False)
    copy.SGD([(x.ravel(), y.ravel()) for x, y in training], 1, 5, 1.0, seed=0, progress=False)
    for p, q in zip(net.weights + net.biases, copy.weights + copy.biases):
        np.testing.assert_array_equal(p, q)


def test_progress_false_prints_nothing_and_true_shows_a_bar(capfd):
    training, test = _separable(20, 8)
    bp.Network([2, 3, 2], seed=0).SGD(training, 2, 5, 1.0, test_data=test, progress=False)
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    net = bp.Network([2, 3, 2], seed=0)
    history = net.SGD(training, 2, 5, 1.0, test_data=test, progress=True)
    out, err = capfd.readouterr()
    # the bar's text carries the book's numbers: the test accuracy and the cost
    assert "SGD" in out + err and "2/2" in out + err
    assert f"accuracy {history.accuracy[-1]}/20" in out + err
    assert f"cost {history.cost[-1]:.4f}" in out + err


def test_progress_book_prints_networks_lines(capfd):
    training, test = _separable(20, 8)
    net = bp.Network([2, 3, 2], seed=0)
    history = net.SGD(training, 3, 5, 1.0, test_data=test, progress="book")
    out, err = capfd.readouterr()
    expected = [f"Epoch {e}: {history.accuracy[e]} / 20" for e in range(3)]
    assert out.splitlines() == expected and err == ""
    bp.Network([2, 3, 2], seed=0).SGD(training, 2, 5, 1.0, progress="book")
    assert capfd.readouterr().out.splitlines() == ["Epoch 0 complete", "Epoch 1 complete"]


def test_float32_network_trains_in_float32():
    training, _ = _separable(20, 9)
    net = bp.Network([2, 3, 2], seed=0, dtype=np.float32)
    twin = bp.Network([2, 3, 2], seed=0)  # the same parameters, in float64
    history = net.SGD(training, 2, 5, 1.0, progress=False, seed=3, monitor_training_cost=True)
    twin.SGD(training, 2, 5, 1.0, progress=False, seed=3)
    assert all(p.dtype == np.float32 for p in net.weights + net.biases)
    assert all(isinstance(c, float) for c in history.cost + history.mini_batch_cost)
    # the same steps, to float32's precision
    for p, q in zip(net.weights + net.biases, twin.weights + twin.biases):
        np.testing.assert_allclose(p, q, rtol=1e-4, atol=1e-5)
