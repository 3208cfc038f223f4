"""Bad input gets a clear error naming the argument, and nothing changes (issue 2).

One table: each row calls bpcore with one bad argument and names the exception and a
pattern its message must match (the argument, what was expected and what came). After
every failed call the network's parameters are compared with a snapshot taken before.
"""

import types
from fractions import Fraction

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
        r"epochs: expected an integer in 1\.\.1,000,000, got 0",
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
        "paths: a search for the top 100,000 on a wide network",
        lambda n, t: bp.paths(
            bp.Network([2, 50, 50, 50, 2], seed=0),
            [[0.5], [0.1]],
            [[1.0], [0.0]],
            2,
            0,
            0,
            limit=1,
            top=100_000,
        ),
        ValueError,
        r"top: finding the 100,000 largest of 5,000 paths would weigh 510,200,000 candidate "
        r"rates, more than the 10,000,000 bpcore allows \(a few seconds\); ask for at most 1,960",
    ),
    (
        "two_blobs of 10**12 points",
        lambda n, t: bp.data.two_blobs(n=10**12),
        ValueError,
        r"n: expected an integer in 1\.\.100,000, got 1000000000000",
    ),
    (
        "xor_clouds of 10**400 points",
        lambda n, t: bp.data.xor_clouds(n=10**400),
        ValueError,
        r"n: expected an integer in 1\.\.100,000, got an integer of 401 digits",
    ),
    (
        "load_digits with a validation set of 10**400",
        lambda n, t: bp.load_digits(validation_size=10**400),
        ValueError,
        r"validation_size \+ test_size = an integer of 401 digits leaves no training examples",
    ),
    (
        "save as JSON a network too large to load back as JSON",
        lambda n, t: bp.save(bp.Network([1000, 1600, 10], seed=0), t / "big.json"),
        ValueError,
        r"net: as JSON it takes [\d,]+ bytes, more than the 32,000,000 bpcore loads back as "
        r"JSON; save it as \.npz",
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

ROWS += [
    # --- networks never hold nonsense: from_parameters -----------------------------------------
    (
        "from_parameters with a NaN weight",
        lambda n, t: bp.Network.from_parameters([[[1.0, NAN]]], [[[0.0]]]),
        ValueError,
        r"weights\[0\]: expected finite numbers, got a non-finite number, nan at \(0, 1\)",
    ),
    (
        "from_parameters with an infinite bias",
        lambda n, t: bp.Network.from_parameters([np.ones((2, 3))], [[[0.0], [INF]]]),
        ValueError,
        r"biases\[0\]: expected finite numbers, got a non-finite number, inf at \(1, 0\)",
    ),
    (
        "from_parameters with None in a weight",
        lambda n, t: bp.Network.from_parameters([[[None, 1.0]]], [[[0.0]]]),
        TypeError,
        r"weights\[0\]: expected an array of real numbers, got dtype object",
    ),
    (
        "from_parameters with complex weights",
        lambda n, t: bp.Network.from_parameters([np.ones((1, 2)) + 1j], [[[0.0]]]),
        TypeError,
        r"weights\[0\]: expected real numbers, got dtype complex128 \(a cast would drop the "
        r"imaginary part\)",
    ),
    (
        "from_parameters with complex biases",
        lambda n, t: bp.Network.from_parameters([np.ones((1, 2))], [np.zeros((1, 1)) + 0j]),
        TypeError,
        r"biases\[0\]: expected real numbers, got dtype complex128",
    ),
    (
        "from_parameters with strings",
        lambda n, t: bp.Network.from_parameters([[["1", "2"]]], [[[0.0]]]),
        TypeError,
        r"weights\[0\]: expected an array of real numbers, got dtype <U1",
    ),
    (
        "from_parameters with booleans",
        lambda n, t: bp.Network.from_parameters([np.ones((1, 2), bool)], [[[0.0]]]),
        TypeError,
        r"weights\[0\]: expected an array of real numbers, got dtype bool",
    ),
    (
        "from_parameters with a ragged weight",
        lambda n, t: bp.Network.from_parameters([[[1.0], [1.0, 2.0]]], [[[0.0], [0.0]]]),
        TypeError,
        r"weights\[0\]: expected an array of real numbers, got a ragged list",
    ),
    (
        "from_parameters 1e300 as float32",
        lambda n, t: bp.Network.from_parameters([[[1e300, 0.0]]], [[[0.0]]], dtype="float32"),
        ValueError,
        r"weights\[0\]: expected finite numbers, got a number that does not fit in float32, "
        r"1e\+300 at \(0, 0\)",
    ),
    (
        "from_parameters with weights None",
        lambda n, t: bp.Network.from_parameters(None, [[[0.0]]]),
        TypeError,
        r"weights: expected a list with one array per layer l = 2\.\.L, got NoneType",
    ),
    (
        "from_parameters with one array, not a list",
        lambda n, t: bp.Network.from_parameters(np.ones((2, 3)), [np.ones((2, 1))]),
        TypeError,
        r"weights: expected a list with one array per layer l = 2\.\.L, got ndarray",
    ),
    (
        "from_parameters with an unknown dtype",
        lambda n, t: bp.Network.from_parameters([np.ones((1, 2))], [[[0.0]]], dtype="int8"),
        ValueError,
        r"dtype: expected float64 or float32, got int8",
    ),
    # --- sizes: of the wrong kind, or too large, refused before anything is allocated ---------
    (
        "a huge hidden layer",
        lambda n, t: bp.Network([784, 10**9, 10]),
        ValueError,
        r"sizes: \[784, 1000000000, 10\] would need 795,000,000,010 weights and biases; bpcore "
        r"allows at most 100,000,000",
    ),
    (
        "a size of 10**400",
        lambda n, t: bp.Network([2, 10**400]),
        ValueError,
        r"sizes: \[2, '<401 digits>'\] would need about 10\^400 weights and biases",
    ),
    (
        "a size that is a Fraction",
        lambda n, t: bp.Network([2, Fraction(3, 1)]),
        TypeError,
        r"sizes\[1\]: expected a positive integer, got Fraction Fraction\(3, 1\)",
    ),
    (
        "a size that is a numpy float",
        lambda n, t: bp.Network([np.float64(2.0), 3]),
        TypeError,
        r"sizes\[0\]: expected a positive integer, got float64",
    ),
    # --- seeds ---------------------------------------------------------------------------------
    (
        "Network seed a Fraction",
        lambda n, t: bp.Network([3, 2], seed=Fraction(1, 2)),
        TypeError,
        r"seed: expected an integer, got Fraction Fraction\(1, 2\)",
    ),
    (
        "Network seed a bool",
        lambda n, t: bp.Network([3, 2], seed=True),
        TypeError,
        r"seed: expected an integer, got bool True",
    ),
    (
        "Network seed negative",
        lambda n, t: bp.Network([3, 2], seed=-1),
        ValueError,
        r"seed: expected an integer >= 0, got -1",
    ),
    (
        "Network seed 10**400",
        lambda n, t: bp.Network([3, 2], seed=10**400),
        ValueError,
        r"seed: expected an integer in 0\.\.2\*\*128 − 1 .*got an integer of 401 digits",
    ),
    (
        "Network seed a float",
        lambda n, t: bp.Network([3, 2], seed=1.5),
        TypeError,
        r"seed: expected an integer, got float 1\.5",
    ),
    (
        "Network seed a string",
        lambda n, t: bp.Network([3, 2], seed="0"),
        TypeError,
        r"seed: expected an integer, got str '0'",
    ),
    (
        "SGD seed a bool",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1.0, seed=False),
        TypeError,
        r"seed: expected an integer, got bool False",
    ),
    (
        "SGD seed 2**128",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1.0, seed=2**128),
        ValueError,
        r"seed: expected an integer in 0\.\.2\*\*128 − 1 \(numpy's seeds hold 128 bits\), got "
        r"an integer of 39 digits",
    ),
    (
        "initialiser seed a bool",
        lambda n, t: n.default_weight_initializer(seed=True),
        TypeError,
        r"seed: expected an integer, got bool True",
    ),
    (
        "initialiser seed negative",
        lambda n, t: n.large_weight_initializer(seed=-3),
        ValueError,
        r"seed: expected an integer >= 0, got -3",
    ),
    (
        "initialiser seed a float",
        lambda n, t: n.default_weight_initializer(seed=0.5),
        TypeError,
        r"seed: expected an integer, got float 0\.5",
    ),
    # --- eta, lmbda, epochs, mini_batch_size of the wrong kind ----------------------------------
    (
        "eta 10**400",
        lambda n, t: n.SGD(_pairs(), 1, 2, 10**400),
        ValueError,
        r"eta: expected a finite number > 0, got an integer of 401 digits",
    ),
    (
        "eta a bool",
        lambda n, t: n.SGD(_pairs(), 1, 2, True),
        TypeError,
        r"eta: expected a positive number, got bool True",
    ),
    (
        "eta a negative Fraction",
        lambda n, t: n.SGD(_pairs(), 1, 2, Fraction(-1, 2)),
        ValueError,
        r"eta: expected a finite number > 0, got -1/2",
    ),
    (
        "eta complex",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1 + 0j),
        TypeError,
        r"eta: expected a positive number, got complex \(1\+0j\)",
    ),
    (
        "update_mini_batch eta a numpy array",
        lambda n, t: n.update_mini_batch(_pairs(), np.array([1.0])),
        TypeError,
        r"eta: expected a positive number, got an array of shape \(1,\)",
    ),
    (
        "lmbda negative",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1.0, lmbda=-1.0),
        ValueError,
        r"lmbda: expected a finite number >= 0 \(λ of eq\. 87\), got -1\.0",
    ),
    (
        "lmbda NaN",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1.0, lmbda=NAN),
        ValueError,
        r"lmbda: expected a finite number, got nan",
    ),
    (
        "lmbda a string",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1.0, lmbda="5"),
        TypeError,
        r"lmbda: expected a finite number, got str '5'",
    ),
    (
        "lmbda a bool",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1.0, lmbda=True),
        TypeError,
        r"lmbda: expected a finite number, got bool True",
    ),
    (
        "lmbda 10**400",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1.0, lmbda=10**400),
        ValueError,
        r"lmbda: expected a finite number, got an integer of 401 digits",
    ),
    (
        "epochs 10**400",
        lambda n, t: n.SGD(_pairs(), 10**400, 2, 1.0),
        ValueError,
        r"epochs: expected an integer in 1\.\.1,000,000, got an integer of 401 digits",
    ),
    (
        "epochs a bool",
        lambda n, t: n.SGD(_pairs(), True, 2, 1.0),
        TypeError,
        r"epochs: expected a positive integer, got bool True",
    ),
    (
        "mini_batch_size a bool",
        lambda n, t: n.SGD(_pairs(), 1, True, 1.0),
        TypeError,
        r"mini_batch_size: expected a positive integer, got bool True",
    ),
    (
        "mini_batch_size a Fraction",
        lambda n, t: n.SGD(_pairs(), 1, Fraction(2, 1), 1.0),
        TypeError,
        r"mini_batch_size: expected a positive integer, got Fraction",
    ),
    # --- labels of the wrong kind ----------------------------------------------------------------
    (
        "a 2**70 label in test data",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1.0, test_data=[(X, 0), (X, 2**70)]),
        ValueError,
        r"test_data\[1\]: expected a label in 0\.\.1 \(one per output neuron\), got an integer "
        r"of 22 digits",
    ),
    (
        "a 2**70 label to evaluate",
        lambda n, t: n.evaluate([(X, 2**70)]),
        ValueError,
        r"test_data\[0\]: expected a label in 0\.\.1 .*got an integer of 22 digits",
    ),
    (
        "a -2**70 label to evaluate",
        lambda n, t: n.evaluate([(X, 1), (X, -(2**70))]),
        ValueError,
        r"test_data\[1\]: expected a label in 0\.\.1 .*got an integer of 22 digits",
    ),
    (
        "a bool label after int labels",
        lambda n, t: n.evaluate([(X, 1), (X, True)]),
        ValueError,
        r"test_data\[1\]: y is an array, but test_data\[0\] has an int label",
    ),
    (
        "a float label",
        lambda n, t: n.evaluate([(X, 1.0)]),
        ValueError,
        r"test_data\[0\]: expected y to be a column of shape \(n, 1\) or a vector \(n,\) or an "
        r"int label, got shape \(\)",
    ),
    (
        "a 2**70 label in the evaluation data",
        lambda n, t: n.accuracy([(X, 2**70)]),
        ValueError,
        r"data\[0\]: expected a label in 0\.\.1 .*got an integer of 22 digits",
    ),
    # --- nudge's dw ------------------------------------------------------------------------------
    (
        "nudge dw 10**400",
        lambda n, t: bp.nudge(n, X, Y, layer=2, j=0, k=0, dw=10**400),
        ValueError,
        r"dw: expected a finite number, got an integer of 401 digits",
    ),
    (
        "nudge dw a bool",
        lambda n, t: bp.nudge(n, X, Y, layer=2, j=0, k=0, dw=True),
        TypeError,
        r"dw: expected a finite number, got bool True",
    ),
    (
        "nudge dw complex",
        lambda n, t: bp.nudge(n, X, Y, layer=2, j=0, dw=0.1j),
        TypeError,
        r"dw: expected a finite number, got complex 0\.1j",
    ),
    # --- network.py's and network2.py's calls told apart ------------------------------------------
    (
        "lambda where test_data belongs",
        lambda n, t: n.SGD(_pairs(), 1, 2, 0.5, 5.0),
        TypeError,
        r"test_data: got float 5\.0, a number\. The fifth argument is network\.py's test_data; "
        r"network2\.py's regularisation parameter λ must be passed by name: SGD\(training_data, "
        r"epochs, mini_batch_size, eta, lmbda=5\.0, \.\.\.\)",
    ),
    (
        "an int lambda where test_data belongs",
        lambda n, t: n.SGD(_pairs(), 1, 2, 0.5, 3),
        TypeError,
        r"test_data: got int 3, a number\..*lmbda=3, \.\.\.\)",
    ),
    (
        "test_data and evaluation_data both",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1.0, _labelled(), evaluation_data=_labelled()),
        ValueError,
        r"test_data, evaluation_data: expected one of them .*got both",
    ),
    (
        "evaluation monitor without evaluation data",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1.0, monitor_evaluation_accuracy=True),
        ValueError,
        r"monitor_evaluation_accuracy: expected evaluation_data to monitor, got none",
    ),
    (
        "evaluation cost monitor without evaluation data",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1.0, monitor_evaluation_cost=True),
        ValueError,
        r"monitor_evaluation_cost: expected evaluation_data to monitor, got none",
    ),
    (
        "a monitor flag that is not a bool",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1.0, monitor_training_cost="yes"),
        TypeError,
        r"monitor_training_cost: expected True or False, got str 'yes'",
    ),
    (
        "monitor_cost a number",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1.0, monitor_cost=1),
        TypeError,
        r"monitor_cost: expected True or False, got int 1",
    ),
    (
        "progress of an unknown kind",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1.0, progress="loud"),
        ValueError,
        r"progress: expected True \(a progress bar\), 'book' \(the book's lines\) or False "
        r"\(nothing\), got 'loud'",
    ),
    (
        "bad evaluation data",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1.0, evaluation_data=[(np.ones((2, 1)), 0)]),
        ValueError,
        r"evaluation_data\[0\]\[0\] \(x\): expected shape \(3, 1\)",
    ),
    (
        "a label past the output layer in evaluation data",
        lambda n, t: n.SGD(_pairs(), 1, 2, 1.0, evaluation_data=[(X, 5)]),
        ValueError,
        r"evaluation_data\[0\]: expected a label in 0\.\.1 \(one per output neuron\), got 5",
    ),
    (
        "accuracy of one-hot data without convert",
        lambda n, t: n.accuracy(_pairs()),
        ValueError,
        r"convert: accuracy\(data, convert=False\) expects int labels \(as network2\.py\), but "
        r"data holds one-hot columns y; pass convert=True",
    ),
    (
        "accuracy of labels with convert",
        lambda n, t: n.accuracy(_labelled(), convert=True),
        ValueError,
        r"convert: accuracy\(data, convert=True\) expects one-hot columns y",
    ),
    (
        "total_cost of labels without convert",
        lambda n, t: n.total_cost(_labelled(), 1.0),
        ValueError,
        r"convert: total_cost\(data, convert=False\) expects one-hot columns y .*pass "
        r"convert=True",
    ),
    (
        "total_cost with a negative lmbda",
        lambda n, t: n.total_cost(_pairs(), -2.0),
        ValueError,
        r"lmbda: expected a finite number >= 0",
    ),
    (
        "accuracy convert a string",
        lambda n, t: n.accuracy(_labelled(), convert="no"),
        TypeError,
        r"convert: expected True or False, got str",
    ),
    (
        "total_cost of nothing",
        lambda n, t: n.total_cost([], 0.0),
        ValueError,
        r"data is empty: expected a non-empty list of \(x, y\) pairs",
    ),
    # --- training that diverges in its first step: nothing changes --------------------------------
    (
        "SGD whose first step is not finite",
        lambda n, t: n.SGD([(X, np.full((2, 1), 1e300))], 3, 1, 1e10, progress=False),
        bp.train.Diverged,
        r"eta: training diverged at epoch 0, mini-batch 0 of 1 \(both counted from 0\): that "
        r"step would have made w\^2, w\^3, b\^2, b\^3 NaN or infinite",
    ),
    (
        "update_mini_batch whose step is not finite",
        lambda n, t: n.update_mini_batch([(X, np.full((2, 1), 1e300))], 1e10),
        bp.train.Diverged,
        r"eta: this step would have made w\^2, w\^3, b\^2, b\^3 NaN or infinite; the network "
        r"is unchanged",
    ),
    # --- the four equations as public functions: shapes checked, argument named -----------------
    (
        "BP1 with z_L of another shape",
        lambda n, t: bp.bp1_output_error(np.ones((2, 3)), np.ones((3, 2)), "sigmoid"),
        ValueError,
        r"z_L: expected shape \(2, 3\) \(z\^L is \(n_L, m\), as grad_a_C\), got shape \(3, 2\)",
    ),
    (
        "BP1 with no columns",
        lambda n, t: bp.bp1_output_error(np.ones((2, 0)), np.ones((2, 0)), "sigmoid"),
        ValueError,
        r"grad_a_C: expected a matrix of shape \(n_L, m\), with at least one row and one "
        r"column, got shape \(2, 0\)",
    ),
    (
        "BP1 with a 1-D grad",
        lambda n, t: bp.bp1_output_error(np.ones(2), np.ones((2, 1)), "sigmoid"),
        ValueError,
        r"grad_a_C: expected a matrix of shape \(n_L, m\).*got shape \(2,\)",
    ),
    (
        "BP1 with a_L of another shape",
        lambda n, t: bp.bp1_output_error(np.ones((2, 1)), np.ones((2, 1)), "sigmoid", np.ones(3)),
        ValueError,
        r"a_L: expected a matrix of shape \(2, 1\).*got shape \(3,\)",
    ),
    (
        "BP1 of strings",
        lambda n, t: bp.bp1_output_error([["a"]], [["b"]], "sigmoid"),
        TypeError,
        r"grad_a_C: expected an array \(n_L, m\) of real numbers, got dtype <U1",
    ),
    (
        "BP1 with None",
        lambda n, t: bp.bp1_output_error(None, np.ones((2, 1)), "sigmoid"),
        TypeError,
        r"grad_a_C: expected an array \(n_L, m\) of real numbers, got dtype object",
    ),
    (
        "BP1 ragged",
        lambda n, t: bp.bp1_output_error([[1.0], [1.0, 2.0]], np.ones((2, 1)), "sigmoid"),
        TypeError,
        r"grad_a_C: expected an array \(n_L, m\), got list",
    ),
    (
        "BP1 with an unknown activation",
        lambda n, t: bp.bp1_output_error(np.ones((2, 1)), np.ones((2, 1)), "sigmod"),
        ValueError,
        r"activation: unknown activation 'sigmod'",
    ),
    (
        "BP2 with delta_next of other rows",
        lambda n, t: bp.bp2_hidden_error(np.ones((2, 3)), np.ones((4, 5)), np.ones((3, 5)), "tanh"),
        ValueError,
        r"delta_next: expected shape \(2, m\), one row per row of w_next \(n_\{l\+1\} = 2; "
        r"w_next has shape \(2, 3\)\), got shape \(4, 5\)",
    ),
    (
        "BP2 with z_l of another shape",
        lambda n, t: bp.bp2_hidden_error(np.ones((2, 3)), np.ones((2, 5)), np.ones((3, 4)), "tanh"),
        ValueError,
        r"z_l: expected shape \(3, 5\) \(n_l columns of w_next by m columns of delta_next\), "
        r"got shape \(3, 4\)",
    ),
    (
        "BP2 with a 1-D w_next",
        lambda n, t: bp.bp2_hidden_error(np.ones(3), np.ones((1, 1)), np.ones((3, 1)), "tanh"),
        ValueError,
        r"w_next: expected a matrix of shape \(n_\{l\+1\}, n_l\).*got shape \(3,\)",
    ),
    (
        "BP2 with a_l of another shape",
        lambda n, t: bp.bp2_hidden_error(
            np.ones((2, 3)), np.ones((2, 1)), np.ones((3, 1)), "sigmoid", np.ones((3, 2))
        ),
        ValueError,
        r"a_l: expected shape \(3, 1\) \(a\^l is \(n_l, m\), as z_l\), got shape \(3, 2\)",
    ),
    (
        "BP2 with no columns",
        lambda n, t: bp.bp2_hidden_error(np.ones((2, 3)), np.ones((2, 0)), np.ones((3, 0)), "tanh"),
        ValueError,
        r"delta_next: expected a matrix .*got shape \(2, 0\)",
    ),
    (
        "BP3 with no columns",
        lambda n, t: bp.bp3_bias_gradient(np.ones((3, 0))),
        ValueError,
        r"delta_l: expected a matrix of shape \(n_l, m\), with at least one row and one column, "
        r"got shape \(3, 0\)",
    ),
    (
        "BP3 of a 1-D delta",
        lambda n, t: bp.bp3_bias_gradient(np.ones(3)),
        ValueError,
        r"delta_l: expected a matrix of shape \(n_l, m\).*got shape \(3,\)",
    ),
    (
        "BP3 of None",
        lambda n, t: bp.bp3_bias_gradient(None),
        TypeError,
        r"delta_l: expected an array \(n_l, m\) of real numbers, got dtype object",
    ),
    (
        "BP4 with other column counts",
        lambda n, t: bp.bp4_weight_gradient(np.ones((5, 3)), np.ones((4, 2))),
        ValueError,
        r"a_prev: expected shape \(n_\{l-1\}, 2\), one column per column \(example\) of "
        r"delta_l \(shape \(4, 2\)\), got shape \(5, 3\)",
    ),
    (
        "BP4 with no columns",
        lambda n, t: bp.bp4_weight_gradient(np.ones((5, 0)), np.ones((4, 0))),
        ValueError,
        r"delta_l: expected a matrix .*got shape \(4, 0\)",
    ),
    (
        "BP4 into out of the wrong shape",
        lambda n, t: bp.bp4_weight_gradient(np.ones((5, 2)), np.ones((4, 2)), out=np.ones((5, 4))),
        ValueError,
        r"out: expected a writeable float array of shape \(4, 5\) \(n_l, n_\{l-1\}\), got shape "
        r"\(5, 4\), dtype float64",
    ),
    (
        "BP4 into an int array",
        lambda n, t: bp.bp4_weight_gradient(
            np.ones((5, 2)), np.ones((4, 2)), out=np.ones((4, 5), int)
        ),
        ValueError,
        r"out: expected a writeable float array of shape \(4, 5\).*got shape \(4, 5\), dtype int64",
    ),
    (
        "BP4 into a read-only array",
        lambda n, t: bp.bp4_weight_gradient(
            np.ones((5, 2)), np.ones((4, 2)), out=np.broadcast_to(0.0, (4, 5))
        ),
        ValueError,
        r"out: expected a writeable float array .*dtype float64, read-only",
    ),
    (
        "BP4 into a list",
        lambda n, t: bp.bp4_weight_gradient(np.ones((5, 2)), np.ones((4, 2)), out=[[0.0] * 5] * 4),
        TypeError,
        r"out: expected a writeable float array of shape \(4, 5\) \(n_l, n_\{l-1\}\), got list",
    ),
    (
        "Σ' of a column too long for its n × n matrix",
        lambda n, t: bp.sigma_prime_matrix(np.zeros((20_000, 1)), "sigmoid"),
        ValueError,
        r"z: Σ'\(z\) for a column of 20,000 entries would be a 20,000 × 20,000 matrix; at most "
        r"100,000,000 entries are allowed",
    ),
    (
        "Σ' of an empty column",
        lambda n, t: bp.sigma_prime_matrix(np.zeros((0, 1)), "sigmoid"),
        ValueError,
        r"z: expected one column of shape \(n, 1\), got shape \(0, 1\)",
    ),
    (
        "BP1 Σ' form with two columns",
        lambda n, t: bp.bp1_sigma_form(np.ones((2, 2)), np.ones((2, 2)), "sigmoid"),
        ValueError,
        r"grad_a_C: expected one column of shape \(n_L, 1\), got shape \(2, 2\)",
    ),
    (
        "BP1 Σ' form with z_L of another length",
        lambda n, t: bp.bp1_sigma_form(np.ones((2, 1)), np.ones((3, 1)), "sigmoid"),
        ValueError,
        r"z_L: expected shape \(2, 1\) \(z\^L is one column, as grad_a_C\), got shape \(3, 1\)",
    ),
    (
        "BP2 Σ' form with delta_next of other rows",
        lambda n, t: bp.bp2_sigma_form(np.ones((2, 3)), np.ones((4, 1)), np.ones((3, 1)), "tanh"),
        ValueError,
        r"delta_next: expected shape \(2, m\), one row per row of w_next",
    ),
    (
        "BP2 Σ' form with a batch",
        lambda n, t: bp.bp2_sigma_form(np.ones((2, 3)), np.ones((2, 2)), np.ones((3, 2)), "tanh"),
        ValueError,
        r"delta_next: expected one column of shape \(n_\{l\+1\}, 1\), got shape \(2, 2\)",
    ),
    (
        "delta_expanded for a layer past L",
        lambda n, t: bp.delta_expanded(*_expanded(n), l=4),
        ValueError,
        r"l: expected a layer number l in 2\.\.3 \(the book numbers the input layer 1; it has "
        r"no weights\), got 4",
    ),
    (
        "delta_expanded for the input layer",
        lambda n, t: bp.delta_expanded(*_expanded(n), l=1),
        ValueError,
        r"l: expected a layer number l in 2\.\.3 .*got 1",
    ),
    (
        "delta_expanded for layer 2.0",
        lambda n, t: bp.delta_expanded(*_expanded(n), l=2.0),
        TypeError,
        r"l: expected a layer number l in 2\.\.3, got 2\.0",
    ),
    (
        "delta_expanded with one z too few",
        lambda n, t: bp.delta_expanded(n.weights, _expanded(n)[1][:1], *_expanded(n)[2:], l=2),
        ValueError,
        r"zs: expected one entry per layer l = 2\.\.3 \(2, as weights\), got 1",
    ),
    (
        "delta_expanded with weights that do not chain",
        lambda n, t: bp.delta_expanded([np.ones((4, 3)), np.ones((2, 5))], *_expanded(n)[1:], l=2),
        ValueError,
        r"weights\[1\]: expected w\^3 of shape \(2, 4\) to follow weights\[0\], got shape \(2, 5\)",
    ),
    (
        "delta_expanded with a batch of z",
        lambda n, t: bp.delta_expanded(
            n.weights, [np.ones((4, 2)), np.ones((2, 2))], *_expanded(n)[2:], l=2
        ),
        ValueError,
        r"zs\[0\]: expected shape \(4, 1\) \(z\^2: one column of n_2 rows\), got shape \(4, 2\)",
    ),
    (
        "delta_expanded with grad_a_C of another length",
        lambda n, t: bp.delta_expanded(
            n.weights, _expanded(n)[1], np.ones((3, 1)), ["tanh"] * 2, 2
        ),
        ValueError,
        r"grad_a_C: expected shape \(2, 1\) \(∇_a C: one column of n_L\), got shape \(3, 1\)",
    ),
    (
        "delta_expanded with an unknown activation",
        lambda n, t: bp.delta_expanded(n.weights, _expanded(n)[1], Y, ["tanh", "tahn"], 2),
        ValueError,
        r"activations\[1\]: unknown activation 'tahn'",
    ),
    (
        "delta_expanded with weights None",
        lambda n, t: bp.delta_expanded(None, _expanded(n)[1], Y, ["tanh"] * 2, 2),
        TypeError,
        r"weights: expected a non-empty list with one entry per layer l = 2\.\.L, got NoneType",
    ),
    # --- the verification tools ------------------------------------------------------------------
    (
        "gradient check of cross-entropy after a linear output",
        lambda n, t: bp.gradient_check(_cross_entropy_on_linear(n), X, Y),
        ValueError,
        r"cost: 'cross_entropy' is defined for outputs in \(0, 1\), but the output layer's "
        r"activation 'linear' gives values in \(-inf, inf\)",
    ),
    (
        "gradient check with eps a bool",
        lambda n, t: bp.gradient_check(n, X, Y, eps=True),
        TypeError,
        r"eps: expected a positive number, got bool True",
    ),
    (
        "numerical gradient with eps 10**400",
        lambda n, t: bp.numerical_gradient(n, X, Y, eps=10**400),
        ValueError,
        r"eps: expected a finite number > 0, got an integer of 401 digits",
    ),
    # --- costs, as network2.py names them ---------------------------------------------------------
    (
        "a Cost class that cannot be made",
        lambda n, t: bp.Network([3, 2], cost=bp.costs.Cost),
        TypeError,
        r"cost: the Cost class Cost could not be made with no arguments",
    ),
    (
        "a class that is not a Cost",
        lambda n, t: bp.Network([3, 2], cost=dict),
        TypeError,
        r"cost: expected a cost name or a Cost, got type",
    ),
]


def _expanded(net):
    """delta_expanded's good arguments for ``net`` (one example): weights, zs, ∇_a C, σs."""
    forward = bp.forward(net, X)
    return net.weights, forward.zs, Y, [f.name for f in net.activation_functions]


def _cross_entropy_on_linear(net):
    """A NetworkLike holding the pair a Network refuses: cross-entropy after linear outputs."""
    return types.SimpleNamespace(
        sizes=net.sizes,
        weights=net.weights,
        biases=net.biases,
        activation_functions=[net.activation_functions[0], bp.get_activation("linear")],
        cost_function=bp.get_cost("cross_entropy"),
    )


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


# Each row's name is its test id: no two alike (pytest would quietly number them).
assert len({row[0] for row in ROWS}) == len(ROWS), "two rows of ROWS share a name"


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


def test_numbers_of_other_kinds_that_are_numbers_are_accepted():
    """A Fraction is a number, a numpy integer an integer: taken at their value."""
    net = bp.Network([3, 4, 2], seed=np.int64(0))
    twin = bp.Network([3, 4, 2], seed=0)
    for p, q in zip(net.weights + net.biases, twin.weights + twin.biases):
        np.testing.assert_array_equal(p, q)
    net.SGD(_pairs(), 1, 2, Fraction(1, 2), lmbda=Fraction(1, 4), seed=np.uint8(3), progress=False)
    twin.SGD(_pairs(), 1, 2, 0.5, lmbda=0.25, seed=3, progress=False)
    for p, q in zip(net.weights + net.biases, twin.weights + twin.biases):
        np.testing.assert_array_equal(p, q)
    nudged = bp.nudge(net, X, Y, layer=2, j=0, k=0, dw=Fraction(1, 10))
    assert nudged.dC == bp.nudge(net, X, Y, layer=2, j=0, k=0, dw=0.1).dC
    # a mini-batch larger than the training set is the whole set, in one batch
    net.SGD(_pairs(), 1, 10**400, 0.5, seed=1, progress=False)
    twin.SGD(_pairs(), 1, 4, 0.5, seed=1, progress=False)
    for p, q in zip(net.weights + net.biases, twin.weights + twin.biases):
        np.testing.assert_allclose(p, q, rtol=1e-14)
