"""network2.py's training API (chapter 3) and the book's two sessions, run as typed.

The references here are written out from the book's code, not taken from bpcore: the
per-example loops of network2.py's ``accuracy``, ``total_cost`` and ``update_mini_batch``
(with the book's own per-example backprop from benchmarks/book_network.py), and finite
differences of the regularised cost.
"""

import re
import sys
from pathlib import Path

import numpy as np
import pytest

import bpcore as bp
from bpcore.costs import CrossEntropyCost, QuadraticCost
from bpcore.equations import l2_term, regularised_weight_gradient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
book_network = pytest.importorskip("book_network")


@pytest.fixture(scope="module")
def digits():
    return bp.load_digits()


# --- the book's sessions, as typed (on the embedded digits, [64, 30, 10], 3 epochs) ---------


def test_chapter_1_session_runs_as_typed(digits, capfd):
    training_data, validation_data, test_data = digits
    net = bp.Network([64, 30, 10])
    net.SGD(training_data, 3, 10, 3.0, test_data=test_data)
    shown = "".join(capfd.readouterr())
    # the default is a bar whose text carries the book's number, "accuracy 281/300"
    assert re.search(r"SGD: 100%.*3/3.*accuracy \d+/300, cost \d\.\d{4}", shown), shown

    net = bp.Network([64, 30, 10])
    history = net.SGD(training_data, 3, 10, 3.0, test_data=test_data, progress="book")
    out, err = capfd.readouterr()
    lines = out.splitlines()
    assert [re.fullmatch(r"Epoch (\d): (\d+) / 300", line) is not None for line in lines] == [
        True
    ] * 3
    assert lines == [f"Epoch {e}: {history.accuracy[e]} / 300" for e in range(3)]
    assert err == ""
    # unseeded, as the book's session: after 3 epochs anything from 29 (a network whose
    # neurons saturate at the start) to 282 of 300 was measured, so no level is asserted
    assert all(0 <= a <= 300 for a in history.accuracy)


def test_chapter_3_session_runs_as_typed(digits, capfd):
    training_data, validation_data, test_data = digits
    net = bp.Network([64, 30, 10], cost=CrossEntropyCost)
    net.large_weight_initializer()
    evaluation_cost, evaluation_accuracy, training_cost, training_accuracy = net.SGD(
        training_data,
        3,
        10,
        0.5,
        lmbda=5.0,
        evaluation_data=validation_data,
        monitor_evaluation_accuracy=True,
        monitor_evaluation_cost=True,
        monitor_training_accuracy=True,
        monitor_training_cost=True,
        progress="book",
    )
    out, err = capfd.readouterr()
    expected = []
    for e in range(3):
        expected += [
            f"Epoch {e} training complete",
            f"Cost on training data: {training_cost[e]}",
            f"Accuracy on training data: {training_accuracy[e]} / 1200",
            f"Cost on evaluation data: {evaluation_cost[e]}",
            f"Accuracy on evaluation data: {evaluation_accuracy[e]} / 297",
            "",
        ]
    assert out.splitlines() == expected and err == ""
    assert all(len(values) == 3 for values in (evaluation_cost, training_accuracy))
    # the last numbers describe the trained network, as network2.py's methods measure it
    assert training_cost[-1] == pytest.approx(_total_cost(net, training_data, 5.0), rel=1e-12)
    assert evaluation_cost[-1] == pytest.approx(
        _total_cost(net, validation_data, 5.0, convert=True), rel=1e-12
    )
    assert training_accuracy[-1] == _accuracy(net, training_data, convert=True)
    assert evaluation_accuracy[-1] == _accuracy(net, validation_data)
    assert evaluation_accuracy[-1] > 0.8 * 297  # measured over 15 unseeded runs: 252–269


def test_the_chapter_3_session_shows_a_bar_by_default(digits, capfd):
    training_data, validation_data, _ = digits
    net = bp.Network([64, 30, 10], cost=CrossEntropyCost, seed=1)
    net.SGD(
        training_data[:200],
        2,
        10,
        0.5,
        lmbda=5.0,
        evaluation_data=validation_data,
        monitor_evaluation_accuracy=True,
        monitor_training_cost=True,
    )
    shown = "".join(capfd.readouterr())
    assert re.search(r"accuracy \d+/297, training cost \d+\.\d{4}", shown), shown
    assert "Epoch" not in shown


# --- network2.py's accuracy and total_cost, written out as the book writes them ------------


def _feedforward(net, x):
    a = x
    for w, b in zip(net.weights, net.biases):
        a = 1.0 / (1.0 + np.exp(-(w @ a + b)))
    return a


def _accuracy(net, data, convert=False):
    if convert:
        results = [(np.argmax(_feedforward(net, x)), np.argmax(y)) for (x, y) in data]
    else:
        results = [(np.argmax(_feedforward(net, x)), y) for (x, y) in data]
    return sum(int(x == y) for (x, y) in results)


def _total_cost(net, data, lmbda, convert=False):
    cost = 0.0
    for x, y in data:
        a = _feedforward(net, x)
        if convert:
            y = np.eye(net.sizes[-1])[:, [y]]
        if net.cost_function.name == "cross_entropy":
            cost += np.sum(np.nan_to_num(-y * np.log(a) - (1 - y) * np.log(1 - a))) / len(data)
        else:
            cost += 0.5 * np.linalg.norm(a - y) ** 2 / len(data)
    cost += 0.5 * (lmbda / len(data)) * sum(np.linalg.norm(w) ** 2 for w in net.weights)
    return cost


@pytest.mark.parametrize("cost", [CrossEntropyCost, QuadraticCost])
def test_accuracy_and_total_cost_are_network2s(digits, cost):
    training_data, validation_data, _ = digits
    net = bp.Network([64, 20, 10], cost=cost, seed=4)
    net.default_weight_initializer()
    assert net.accuracy(validation_data) == _accuracy(net, validation_data)
    assert net.accuracy(training_data, convert=True) == _accuracy(net, training_data, True)
    for lmbda in (0.0, 5.0):
        assert net.total_cost(training_data, lmbda) == pytest.approx(
            _total_cost(net, training_data, lmbda), rel=1e-12
        )
        assert net.total_cost(validation_data, lmbda, convert=True) == pytest.approx(
            _total_cost(net, validation_data, lmbda, convert=True), rel=1e-12
        )


def test_convert_that_says_the_other_kind_of_target_is_refused(digits):
    training_data, validation_data, _ = digits
    net = bp.Network([64, 20, 10], seed=4)
    with pytest.raises(ValueError, match=r"convert: accuracy\(data, convert=False\) expects int"):
        net.accuracy(training_data)
    with pytest.raises(ValueError, match=r"pass convert=False"):
        net.accuracy(validation_data, convert=True)
    with pytest.raises(ValueError, match=r"convert: total_cost\(data, convert=True\) expects int"):
        net.total_cost(training_data, 1.0, convert=True)
    with pytest.raises(ValueError, match=r"but data holds int labels; pass convert=True"):
        net.total_cost(validation_data, 1.0)


# --- L2 regularisation: the update is network2.py's, the gradient is the cost's ------------


def _network2_step(book, mini_batch, eta, lmbda, n):
    """network2.py's update_mini_batch, with the book's per-example backprop."""
    nabla_b = [np.zeros(b.shape) for b in book.biases]
    nabla_w = [np.zeros(w.shape) for w in book.weights]
    for x, y in mini_batch:
        delta_nabla_b, delta_nabla_w = book.backprop(x, y)
        nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
        nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
    book.weights = [
        (1 - eta * (lmbda / n)) * w - (eta / len(mini_batch)) * nw
        for w, nw in zip(book.weights, nabla_w)
    ]
    book.biases = [b - (eta / len(mini_batch)) * nb for b, nb in zip(book.biases, nabla_b)]


@pytest.mark.parametrize("mini_batch_size", [3, 4, 11])
def test_regularised_sgd_takes_network2s_steps(mini_batch_size):
    rng = np.random.default_rng(5)
    n, eta, lmbda = 11, 1.5, 2.0
    training = [(rng.standard_normal((3, 1)), rng.uniform(0, 1, (2, 1))) for _ in range(n)]
    net = bp.Network([3, 4, 2], seed=6)
    book = book_network.Network([3, 4, 2])
    book.weights = [w.copy() for w in net.weights]
    book.biases = [b.copy() for b in net.biases]
    net.SGD(training, 2, mini_batch_size, eta, lmbda=lmbda, seed=8, progress=False)
    order_rng = np.random.default_rng(8)
    for _ in range(2):
        order = order_rng.permutation(n)
        for k in range(0, n, mini_batch_size):
            batch = [training[i] for i in order[k : k + mini_batch_size]]
            _network2_step(book, batch, eta, lmbda, n)
    for ours, theirs in zip(net.weights + net.biases, book.weights + book.biases, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)


def test_regularisation_decays_weights_not_biases():
    """With a zero gradient (linear network at its target), a step is pure weight decay."""
    net = bp.Network.from_parameters([[[2.0, -1.0]]], [[[0.5]]], activation="linear")
    x = np.array([[1.0], [1.0]])
    training = [(x, net.feedforward(x))]  # C₀ = 0 and ∂C₀/∂w = 0 here
    net.SGD(training, 1, 1, 0.1, lmbda=3.0, progress=False)
    # w → (1 − ηλ/n) w with n = 1: a factor 0.7; b unchanged (eq. 93–94)
    np.testing.assert_allclose(net.weights[0], [[1.4, -0.7]], rtol=1e-15)
    np.testing.assert_array_equal(net.biases[0], [[0.5]])


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_regularised_gradient_is_the_derivative_of_the_regularised_cost(cost):
    """eq. 88 against central differences of eq. 87's C = C₀ + (λ/2n) Σ w² over n examples."""
    rng = np.random.default_rng(9)
    n, lmbda = 6, 3.0
    data = [(rng.standard_normal((3, 1)), rng.uniform(0.1, 0.9, (2, 1))) for _ in range(n)]
    net = bp.Network([3, 4, 2], cost=cost, seed=10)
    X = np.hstack([x for x, _ in data])
    Y = np.hstack([y for _, y in data])
    g = bp.backprop(net, X, Y)
    eps = 1e-6
    for l in range(2):
        ours = regularised_weight_gradient(g.activations[l], g.deltas[l], net.weights[l], lmbda, n)
        numeric = np.zeros_like(ours)
        for index in np.ndindex(ours.shape):
            plus, minus = net.copy(), net.copy()
            plus.weights[l][index] += eps
            minus.weights[l][index] -= eps
            numeric[index] = (_total_cost(plus, data, lmbda) - _total_cost(minus, data, lmbda)) / (
                2 * eps
            )
        np.testing.assert_allclose(ours, numeric, rtol=1e-6, atol=1e-8)
        # and the penalty really is part of it: eq. 88's (λ/n) w is not small here
        assert np.max(np.abs(lmbda / n * net.weights[l])) > 0.1
    assert l2_term(net.weights, lmbda, n) == pytest.approx(
        lmbda / (2 * n) * sum(float(np.sum(w**2)) for w in net.weights), rel=1e-14
    )


# --- the two calls told apart --------------------------------------------------------------


def test_lambda_in_test_datas_place_is_refused_with_the_keyword_to_use():
    net = bp.Network([3, 4, 2], seed=0)
    training = [(np.ones((3, 1)), np.array([[1.0], [0.0]]))]
    with pytest.raises(TypeError, match=r"test_data: got float 5\.0, a number\..*lmbda=5\.0"):
        net.SGD(training, 1, 1, 0.5, 5.0)


def test_history_unpacks_as_network2s_four_lists_and_keeps_its_attributes():
    rng = np.random.default_rng(1)
    training = [(rng.standard_normal((3, 1)), np.eye(2)[:, [i % 2]]) for i in range(8)]
    labelled = [(x, i % 2) for i, (x, _) in enumerate(training)]
    net = bp.Network([3, 4, 2], seed=0)
    history = net.SGD(
        training,
        2,
        4,
        0.5,
        evaluation_data=labelled,
        monitor_evaluation_accuracy=True,
        monitor_training_cost=True,
        progress=False,
    )
    evaluation_cost, evaluation_accuracy, training_cost, training_accuracy = history
    assert len(history) == 4 and history[1] is history.evaluation_accuracy
    assert evaluation_cost == [] and training_accuracy == []  # their flags were off
    assert len(evaluation_accuracy) == len(training_cost) == 2
    assert history.accuracy == evaluation_accuracy and history.test_size == 8
    assert history.cost == training_cost
    assert repr(history) == (
        f"History(2 epochs; after the last: accuracy {evaluation_accuracy[-1]} / 8, "
        f"training cost {training_cost[-1]:.4f})"
    )


def test_regularised_training_with_networks_test_data_prints_networks_lines(capfd):
    rng = np.random.default_rng(2)
    training = [(rng.standard_normal((3, 1)), np.eye(2)[:, [i % 2]]) for i in range(8)]
    labelled = [(x, i % 2) for i, (x, _) in enumerate(training)]
    history = bp.Network([3, 4, 2], seed=0).SGD(
        training, 2, 4, 0.5, test_data=labelled, lmbda=1.0, progress="book"
    )
    lines = capfd.readouterr().out.splitlines()
    assert lines == [f"Epoch {e}: {history.accuracy[e]} / 8" for e in range(2)]
