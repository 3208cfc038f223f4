"""Bad input gets a clear error naming the argument, and nothing changes (issue 2).

One table: each row calls bpcore with one bad argument and names the exception and a
pattern its message must match (the argument, what was expected and what came). After
every failed call the network's parameters are compared with a snapshot taken before.
"""

import numpy as np
import pytest

import bpcore as bp
from bpcore import exercises

NAN, INF = float("nan"), float("inf")
X = np.ones((3, 1))  # a good input for Network([3, 4, 2])
Y = np.full((2, 1), 0.5)  # a good target


def _pairs(n=4, x_rows=3, y_rows=2):
    """Good training data for Network([3, 4, 2]) in the book's format, unless the rows differ."""
    rng = np.random.default_rng(0)
    return [(rng.standard_normal((x_rows, 1)), np.eye(y_rows)[:, [i % y_rows]]) for i in range(n)]


def _with(data, index, x=None, y=None):
    """A copy of ``data`` with pair ``index`` replaced in part."""
    data = list(data)
    old_x, old_y = data[index]
    data[index] = (old_x if x is None else x, old_y if y is None else y)
    return data


def _labelled(n=4):
    return [(x, int(np.argmax(y))) for x, y in _pairs(n)]


def _garbage(tmp, name, content=b"this is not a data file"):
    path = tmp / name
    path.write_bytes(content)
    return path


ROWS = [
    # --- Network(sizes, activation, cost, dtype) ------------------------------------------------
    (
        "one layer",
        lambda n, t: bp.Network([3]),
        ValueError,
        r"sizes: expected at least two layers \(input and output\), got 1: \[3\]",
    ),
    (
        "no layers",
        lambda n, t: bp.Network([]),
        ValueError,
        r"sizes: expected at least two layers .*got 0",
    ),
    (
        "sizes an int",
        lambda n, t: bp.Network(3),
        TypeError,
        r"sizes: expected a list of layer sizes such as \[2, 3, 2\], got 3",
    ),
    (
        "sizes a string",
        lambda n, t: bp.Network("32"),
        TypeError,
        r"sizes: expected a list of layer sizes .*got '32'",
    ),
    (
        "float size",
        lambda n, t: bp.Network([3, 2.0]),
        TypeError,
        r"sizes\[1\]: expected a positive integer, got float 2\.0",
    ),
    (
        "bool size",
        lambda n, t: bp.Network([True, 2]),
        TypeError,
        r"sizes\[0\]: expected a positive integer, got bool True",
    ),
    (
        "zero size",
        lambda n, t: bp.Network([3, 0, 2]),
        ValueError,
        r"sizes\[1\]: expected a positive integer, got 0",
    ),
    (
        "negative size",
        lambda n, t: bp.Network([-3, 2]),
        ValueError,
        r"sizes\[0\]: expected a positive integer, got -3",
    ),
    (
        "unknown activation",
        lambda n, t: bp.Network([3, 2], activation="sigmod"),
        ValueError,
        r"activation: unknown activation 'sigmod'; expected one of \['linear', 'relu', ",
    ),
    (
        "activation of wrong type",
        lambda n, t: bp.Network([3, 2], activation=5),
        TypeError,
        r"activation: expected a name such as 'sigmoid'.*got int",
    ),
    (
        "too few activations",
        lambda n, t: bp.Network([3, 4, 2], activation=["tanh"]),
        ValueError,
        r"activation: expected one activation per layer l = 2\.\.3 \(2 in all\), got 1",
    ),
    (
        "unknown activation in list",
        lambda n, t: bp.Network([3, 4, 2], activation=["tanh", "nope"]),
        ValueError,
        r"activation\[1\]: unknown activation 'nope'",
    ),
    (
        "custom pair not callable",
        lambda n, t: bp.get_activation((np.sin, 1.0)),
        TypeError,
        r"activation: expected two callables \(function, derivative\), got ufunc and",
    ),
    (
        "unknown cost",
        lambda n, t: bp.Network([3, 2], cost="mse"),
        ValueError,
        r"cost: unknown cost 'mse'; expected one of "
        r"\['cross_entropy', 'log_likelihood', 'quadratic'\]",
    ),
    (
        "cost of wrong type",
        lambda n, t: bp.Network([3, 2], cost=None),
        TypeError,
        r"cost: expected a cost name or a Cost, got NoneType",
    ),
    (
        "integer dtype",
        lambda n, t: bp.Network([3, 2], dtype=np.int64),
        ValueError,
        r"dtype: expected float64 or float32, got int64",
    ),
    (
        "unknown dtype",
        lambda n, t: bp.Network([3, 2], dtype="float65"),
        TypeError,
        r"dtype: expected float64 or float32, got 'float65'",
    ),
    (
        "override past the layer",
        lambda n, t: bp.Network([3, 4, 2], activation=bp.per_neuron("sigmoid", {3: "tanh"})),
        ValueError,
        r"activation: per_neuron\(sigmoid; 3: tanh\) needs at least 4 neurons, but layer 3 "
        r"has 2",
    ),
    (
        "override past the layer, in a list",
        lambda n, t: bp.Network([3, 4, 2], activation=["tanh", bp.per_neuron("tanh", {2: "relu"})]),
        ValueError,
        r"activation\[1\]: per_neuron\(tanh; 2: relu\) needs at least 3 neurons",
    ),
    (
        "bad override index",
        lambda n, t: bp.per_neuron("sigmoid", {-1: "tanh"}),
        ValueError,
        r"overrides: neuron index must be an integer >= 0, got -1",
    ),
    # --- x and y against the network ------------------------------------------------------------
    (
        "x too short",
        lambda n, t: n.feedforward(np.ones((2, 1))),
        ValueError,
        r"x: expected shape \(3, 1\) for one example or \(3, m\) .*got shape \(2, 1\)",
    ),
    (
        "x as rows",
        lambda n, t: n.feedforward(np.ones((5, 3))),
        ValueError,
        r"x: expected shape \(3, 1\).*as rows\? transpose it\), got shape \(5, 3\)",
    ),
    (
        "1-D x of wrong length",
        lambda n, t: n.feedforward(np.ones(4)),
        ValueError,
        r"x: expected shape \(3, 1\).*got shape \(4,\)",
    ),
    (
        "3-D x",
        lambda n, t: n.feedforward(np.ones((3, 1, 1))),
        ValueError,
        r"x: expected shape \(3, 1\).*got shape \(3, 1, 1\)",
    ),
    (
        "x with no columns",
        lambda n, t: n.feedforward(np.ones((3, 0))),
        ValueError,
        r"x: expected at least one column \(example\), got shape \(3, 0\)",
    ),
    (
        "NaN in x",
        lambda n, t: n.feedforward([[1.0], [NAN], [0.0]]),
        ValueError,
        r"x: expected finite numbers, got nan at index \(1, 0\)",
    ),
    (
        "inf in x",
        lambda n, t: bp.forward(n, [[1.0, -INF], [0, 0], [0, 0]]),
        ValueError,
        r"x: expected finite numbers, got -inf at index \(0, 1\)",
    ),
    (
        "x of strings",
        lambda n, t: n.feedforward(["a", "b", "c"]),
        TypeError,
        r"x: expected a numeric array, got dtype <U1",
    ),
    (
        "ragged x",
        lambda n, t: n.feedforward([[1.0], [2.0, 3.0], [4.0]]),
        TypeError,
        r"x: expected a numeric array, got list",
    ),
    (
        "complex x",
        lambda n, t: n.feedforward(np.ones((3, 1)) * 1j),
        TypeError,
        r"x: expected real numbers, got dtype complex128",
    ),
    (
        "x is None",
        lambda n, t: n.feedforward(None),
        TypeError,
        r"x: expected a numeric array, got dtype object",
    ),
    (
        "y not matching the output layer",
        lambda n, t: n.backprop(X, np.ones((3, 1))),
        ValueError,
        r"y: expected shape \(2, 1\) for one example or \(2, m\).*got shape \(3, 1\)",
    ),
    (
        "y with other column count",
        lambda n, t: n.backprop(X, np.ones((2, 2))),
        ValueError,
        r"y: expected 1 column\(s\), one per example of x, got shape \(2, 2\)",
    ),
    (
        "NaN in y",
        lambda n, t: bp.backprop(n, X, [[0.5], [NAN]]),
        ValueError,
        r"y: expected finite numbers, got nan at index \(1, 0\)",
    ),
    (
        "cost with wrong y",
        lambda n, t: n.cost(X, np.ones(5)),
        ValueError,
        r"y: expected shape \(2, 1\).*got shape \(5,\)",
    ),
    (
        "gradient check with wrong x",
        lambda n, t: bp.gradient_check(n, np.ones((4, 1)), Y),
        ValueError,
        r"x: expected shape \(3, 1\).*got shape \(4, 1\)",
    ),
    (
        "eps zero",
        lambda n, t: bp.numerical_gradient(n, X, Y, eps=0.0),
        ValueError,
        r"eps: expected a finite number > 0, got 0\.0",
    ),
    (
        "unknown method",
        lambda n, t: bp.numerical_gradient(n, X, Y, method="backward"),
        ValueError,
        r"method: expected 'central' or 'forward', got 'backward'",
    ),
    # --- book-indexed access --------------------------------------------------------------------
    (
        "w(1)",
        lambda n, t: n.w(1),
        ValueError,
        r"l: expected a layer number l in 2\.\.3 \(the book numbers the input layer 1; "
        r"it has no weights\), got 1",
    ),
    ("b(4)", lambda n, t: n.b(4), ValueError, r"l: expected a layer number l in 2\.\.3.*got 4"),
    (
        "w('2')",
        lambda n, t: n.w("2"),
        TypeError,
        r"l: expected a layer number l in 2\.\.3, got '2'",
    ),
    # --- training -------------------------------------------------------------------------------
    (
        "eta zero",
        lambda n, t: n.SGD(_pairs(), 1, 2, 0),
        ValueError,
        r"eta: expected a finite number > 0, got 0",
    ),
    (
        "eta negative",
        lambda n, t: n.SGD(_pairs(), 1, 2, -3.0),
        ValueError,
        r"eta: expected a finite number > 0, got -3\.0",
    ),
    (
        "eta NaN",
        lambda n, t: n.SGD(_pairs(), 1, 2, NAN),
        ValueError,
        r"eta: expected a finite number > 0, got nan",
    ),
    (
        "eta inf",
        lambda n, t: n.SGD(_pairs(), 1, 2, INF),
        ValueError,
        r"eta: expected a finite number > 0, got inf",
    ),
    (
        "eta a string",
        lambda n, t: n.SGD(_pairs(), 1, 2, "3.0"),
        TypeError,
        r"eta: expected a positive number, got str '3\.0'",
    ),
    (
        "empty training set",
        lambda n, t: n.SGD([], 1, 2, 3.0),
        ValueError,
        r"training_data is empty: expected a non-empty list of \(x, y\) pairs",
    ),
    (
        "mini-batch size 0",
        lambda n, t: n.SGD(_pairs(), 1, 0, 3.0),
        ValueError,
        r"mini_batch_size: expected an integer >= 1, got 0",
    ),
    (
        "mini-batch size 2.5",
        lambda n, t: n.SGD(_pairs(), 1, 2.5, 3.0),
        TypeError,
        r"mini_batch_size: expected a positive integer, got float 2\.5",
    ),
    (
        "epochs 0",
        lambda n, t: n.SGD(_pairs(), 0, 2, 3.0),
        ValueError,
        r"epochs: expected an integer >= 1, got 0",
    ),
    (
        "epochs None",
        lambda n, t: n.SGD(_pairs(), None, 2, 3.0),
        TypeError,
        r"epochs: expected a positive integer, got NoneType None",
    ),
    (
        "integer labels as training targets",
        lambda n, t: n.SGD(_labelled(), 1, 2, 3.0),
        ValueError,
        r"training_data: expected \(x, y\) pairs with y a column of 2 targets, got integer labels",
    ),
    (
        "training x of wrong length",
        lambda n, t: n.SGD(_pairs(x_rows=4), 1, 2, 3.0),
        ValueError,
        r"training_data\[0\]\[0\] \(x\): expected shape \(3, 1\).*got shape \(4, 1\)",
    ),
    (
        "training y of wrong length",
        lambda n, t: n.SGD(_pairs(y_rows=3), 1, 2, 3.0),
        ValueError,
        r"training_data\[0\]\[1\] \(y\): expected shape \(2, 1\).*got shape \(3, 1\)",
    ),
    (
        "training x of mixed shapes",
        lambda n, t: n.SGD(_with(_pairs(), 2, x=np.ones((4, 1))), 1, 2, 3.0),
        ValueError,
        r"training_data\[2\]: x has shape \(4, 1\), but training_data\[0\] has \(3, 1\)",
    ),
    (
        "NaN in training x",
        lambda n, t: n.SGD(_with(_pairs(), 3, x=np.full((3, 1), NAN)), 1, 2, 3.0),
        ValueError,
        r"training_data\[3\]: x contains NaN or inf",
    ),
    (
        "inf in training y",
        lambda n, t: n.SGD(_with(_pairs(), 1, y=np.array([[INF], [0.0]])), 1, 2, 3.0),
        ValueError,
        r"training_data\[1\]: y contains NaN or inf",
    ),
    (
        "x too large for a float32 network",
        lambda n, t: bp.Network([3, 4, 2], dtype=np.float32).feedforward([[1.0], [1e39], [0.0]]),
        ValueError,
        r"x: expected numbers that fit in float32 \(the network's float type\), got 1e\+39 "
        r"at index \(1, 0\)",
    ),
    (
        "finite in float64, inf in a float32 network",
        lambda n, t: bp.Network([3, 4, 2], dtype=np.float32).SGD(
            _with(_pairs(), 2, x=np.full((3, 1), 1e39)), 1, 2, 3.0
        ),
        ValueError,
        r"training_data\[2\]: x contains NaN or inf \(as float32\)",
    ),
    (
        "as_matrices with an integer dtype",
        lambda n, t: bp.as_matrices(_pairs(), dtype=np.int32),
        ValueError,
        r"dtype: expected float64 or float32, got int32",
    ),
    (
        "not a pair",
        lambda n, t: n.SGD([(X, Y, 1)], 1, 2, 3.0),
        ValueError,
        r"training_data\[0\]: expected a pair \(x, y\), got tuple of length 3",
    ),
    (
        "bad test data, after good training data",
        lambda n, t: n.SGD(_pairs(), 1, 2, 3.0, test_data=_pairs(x_rows=5)),
        ValueError,
        r"test_data\[0\]\[0\] \(x\): expected shape \(3, 1\).*got shape \(5, 1\)",
    ),
    (
        "empty test data",
        lambda n, t: n.SGD(_pairs(), 1, 2, 3.0, test_data=[]),
        ValueError,
        r"test_data is empty: expected a non-empty list of \(x, y\) pairs",
    ),
    (
        "update_mini_batch with eta 0",
        lambda n, t: n.update_mini_batch(_pairs(), 0.0),
        ValueError,
        r"eta: expected a finite number > 0, got 0\.0",
    ),
    (
        "update_mini_batch with empty batch",
        lambda n, t: n.update_mini_batch([], 1.0),
        ValueError,
        r"mini_batch is empty: expected a non-empty list",
    ),
    (
        "update_mini_batch with labels",
        lambda n, t: n.update_mini_batch(_labelled(), 1.0),
        ValueError,
        r"mini_batch: expected \(x, y\) pairs with y a column of 2 targets",
    ),
    (
        "evaluate with wrong x",
        lambda n, t: n.evaluate([(np.ones((2, 1)), 0)]),
        ValueError,
        r"test_data\[0\]\[0\] \(x\): expected shape \(3, 1\).*got shape \(2, 1\)",
    ),
    (
        "evaluate with negative label",
        lambda n, t: n.evaluate([(X, -1)]),
        ValueError,
        r"test_data\[0\]: expected a label >= 0, got -1",
    ),
    (
        "evaluate with a label past the output layer",
        lambda n, t: n.evaluate([(X, 0), (X, 2)]),
        ValueError,
        r"test_data\[1\]: expected a label in 0\.\.1 \(one per output neuron\), got 2",
    ),
    # --- nudge, paths, chain -------------------------------------------------------------------
    (
        "nudge layer 1",
        lambda n, t: bp.nudge(n, X, Y, layer=1, j=0, k=0),
        ValueError,
        r"layer: expected a layer number l in 2\.\.3 \(the book numbers the input layer 1; ",
    ),
    (
        "nudge layer L + 1",
        lambda n, t: bp.nudge(n, X, Y, layer=4, j=0, k=0),
        ValueError,
        r"layer: expected a layer number l in 2\.\.3 .*got 4",
    ),
    (
        "nudge layer 2.0",
        lambda n, t: bp.nudge(n, X, Y, layer=2.0, j=0, k=0),
        TypeError,
        r"layer: expected a layer number l in 2\.\.3, got 2\.0",
    ),
    (
        "nudge j out of range",
        lambda n, t: bp.nudge(n, X, Y, layer=2, j=4, k=0),
        ValueError,
        r"j: expected a neuron \(layer 2\) index in 0\.\.3, got 4",
    ),
    (
        "nudge j negative",
        lambda n, t: bp.nudge(n, X, Y, layer=3, j=-1, k=0),
        ValueError,
        r"j: expected a neuron \(layer 3\) index in 0\.\.1, got -1",
    ),
    (
        "nudge k out of range",
        lambda n, t: bp.nudge(n, X, Y, layer=2, j=0, k=3),
        ValueError,
        r"k: expected a neuron \(layer 1\) index in 0\.\.2, got 3",
    ),
    (
        "nudge k a float",
        lambda n, t: bp.nudge(n, X, Y, layer=3, j=0, k=1.0),
        TypeError,
        r"k: expected an integer neuron \(layer 2\) index, got float 1\.0",
    ),
    (
        "nudge dw NaN",
        lambda n, t: bp.nudge(n, X, Y, layer=2, j=0, k=0, dw=NAN),
        ValueError,
        r"dw: expected a finite number, got nan",
    ),
    (
        "nudge dw inf",
        lambda n, t: bp.nudge(n, X, Y, layer=2, j=0, dw=-INF),
        ValueError,
        r"dw: expected a finite number, got -inf",
    ),
    (
        "nudge dw a string",
        lambda n, t: bp.nudge(n, X, Y, layer=2, j=0, dw="0.1"),
        TypeError,
        r"dw: expected a finite number, got str '0\.1'",
    ),
    (
        "nudge with wrong x",
        lambda n, t: bp.nudge(n, np.ones((2, 1)), Y, layer=2, j=0),
        ValueError,
        r"x: expected shape \(3, 1\).*got shape \(2, 1\)",
    ),
    (
        "nudge with wrong y",
        lambda n, t: bp.nudge(n, X, np.ones((1, 1)), layer=2, j=0),
        ValueError,
        r"y: expected shape \(2, 1\).*got shape \(1, 1\)",
    ),
    (
        "explorer nudge j out of range",
        lambda n, t: bp.NudgeExplorer(n, X, Y).nudge(3, 2, 0, 0.1),
        ValueError,
        r"j: expected a neuron \(layer 3\) index in 0\.\.1, got 2",
    ),
    (
        "paths layer outside 2..L",
        lambda n, t: bp.paths(n, X, Y, layer=0, j=0),
        ValueError,
        r"layer: expected a layer number l in 2\.\.3 .*got 0",
    ),
    (
        "paths k out of range",
        lambda n, t: bp.paths(n, X, Y, layer=3, j=0, k=4),
        ValueError,
        r"k: expected a neuron \(layer 2\) index in 0\.\.3, got 4",
    ),
    (
        "paths for a batch",
        lambda n, t: bp.paths(n, np.ones((3, 2)), np.ones((2, 2)), 2, 0, 0),
        ValueError,
        r"x: paths are traced for one example, shape \(3, 1\); got 2 columns",
    ),
    (
        "paths limit 0",
        lambda n, t: bp.paths(n, X, Y, layer=2, j=0, k=0, limit=0),
        ValueError,
        r"limit: expected an integer >= 1, got 0",
    ),
    (
        "paths top None",
        lambda n, t: bp.paths(n, X, Y, layer=2, j=0, k=0, top=None),
        TypeError,
        r"top: expected an integer, got NoneType None",
    ),
    (
        "chain without weights",
        lambda n, t: bp.chain(0.5, [], 0.1),
        ValueError,
        r"weights: expected at least one weight, got none",
    ),
    (
        "chain with NaN weight",
        lambda n, t: bp.chain(0.5, [1.0, NAN], 0.1),
        ValueError,
        r"weights\[1\]: expected a finite number, got nan",
    ),
    (
        "chain with inf x",
        lambda n, t: bp.chain(INF, [1.0], 0.1),
        ValueError,
        r"x: expected a finite number, got inf",
    ),
    # --- files (the data engineer's tests cover the formats; a few rows here) -------------------
    (
        "MNIST file that is not gzip",
        lambda n, t: bp.load_mnist(_garbage(t, "mnist.pkl.gz")),
        ValueError,
        r"mnist\.pkl\.gz: expected a gzip file \(starting with bytes 1f 8b\), found",
    ),
    (
        "network file that is not JSON",
        lambda n, t: bp.load(_garbage(t, "net.json")),
        ValueError,
        r"net\.json: expected a JSON network .* but it does not parse",
    ),
    (
        "network JSON missing fields",
        lambda n, t: bp.load(_garbage(t, "net.json", b'{"sizes": [2, 3]}')),
        ValueError,
        r"net\.json: expected the fields 'sizes', 'weights', 'biases' and 'cost'.*missing",
    ),
    (
        "save to an unknown format",
        lambda n, t: bp.save(n, t / "net.txt"),
        ValueError,
        r"net\.txt: expected a file name ending in one of \('\.npz', '\.json'\), got '\.txt'",
    ),
    # --- the exercises: calling a checker wrongly (a wrong *answer* is a verdict, not an error) --
    (
        "checker without a function",
        lambda n, t: exercises.check_bp1(None),
        TypeError,
        r"fn: expected your function \(a callable\), got NoneType None",
    ),
    (
        "checker with no cases",
        lambda n, t: exercises.check_path_sum(lambda *a: 0.0, cases=0),
        ValueError,
        r"cases: expected an integer >= 1, got 0",
    ),
    (
        "checker with a negative seed",
        lambda n, t: exercises.check_nudge(lambda *a: 0.0, seed=-1),
        TypeError,
        r"seed: expected an integer >= 0, got -1",
    ),
    (
        "solution of an unknown exercise",
        lambda n, t: exercises.solution("bp5"),
        ValueError,
        r"exercise_id: no exercise or question 'bp5'; the exercises are: feedforward, ",
    ),
    (
        "answer to an unknown question",
        lambda n, t: exercises.check_answer("chain_lenght", 16),
        ValueError,
        r"question_id: no question 'chain_lenght'; the questions are: line_step_direction, ",
    ),
]


def _snapshot(net):
    return (
        [p.copy() for p in net.weights],
        [p.copy() for p in net.biases],
        list(net.sizes),
        [f.name for f in net.activation_functions],
        net.cost_function.name,
    )


def _assert_unchanged(net, snapshot):
    weights, biases, sizes, activations, cost = snapshot
    assert len(net.weights) == len(weights) and len(net.biases) == len(biases)
    for now, before in zip(net.weights + net.biases, weights + biases):
        assert now.dtype == before.dtype
        np.testing.assert_array_equal(now, before)
    assert net.sizes == sizes
    assert [f.name for f in net.activation_functions] == activations
    assert net.cost_function.name == cost


def test_the_table_is_large_and_names_are_unique():
    assert len(ROWS) >= 40
    assert len({row[0] for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize("call, error, message", [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_bad_input_raises_a_clear_error_and_changes_nothing(call, error, message, tmp_path):
    net = bp.Network([3, 4, 2], seed=0)
    before = _snapshot(net)
    with pytest.raises(error, match=message):
        call(net, tmp_path)
    _assert_unchanged(net, before)
    assert not (tmp_path / "net.txt").exists()


# --- beside the table: what is unambiguous is accepted ------------------------------------------


def test_one_dimensional_x_and_y_are_read_as_one_column():
    net = bp.Network([3, 4, 2], seed=0)
    x, y = np.array([0.5, -1.0, 2.0]), np.array([0.0, 1.0])
    np.testing.assert_array_equal(net.feedforward(x), net.feedforward(x.reshape(3, 1)))
    assert net.feedforward(x).shape == (2, 1)
    assert net.cost(x, y) == net.cost(x.reshape(3, 1), y.reshape(2, 1))
    nudged = bp.nudge(net, x, y, layer=2, j=1, k=0, dw=0.1)
    assert nudged.da[0].shape == (4, 1)


def test_lists_and_integer_arrays_are_accepted_as_x():
    net = bp.Network([3, 4, 2], seed=0)
    expected = net.feedforward(np.array([[1.0], [0.0], [2.0]]))
    np.testing.assert_array_equal(net.feedforward([[1], [0], [2]]), expected)
    np.testing.assert_array_equal(net.feedforward(np.array([1, 0, 2])), expected)


def test_a_failed_training_call_after_a_good_one_leaves_the_trained_weights():
    net = bp.Network([3, 4, 2], seed=0)
    net.SGD(_pairs(), 1, 2, 1.0, progress=False)
    before = _snapshot(net)
    bad_test = _labelled(3) + [(np.ones((5, 1)), 0)]
    with pytest.raises(ValueError, match=r"test_data\[3\]: x has shape \(5, 1\), but test_data"):
        net.SGD(_pairs(), 1, 2, 1.0, test_data=bad_test, progress=False)
    _assert_unchanged(net, before)
