"""bpcore.io: save/load in .npz and the book's network2.py JSON, and refusing bad files."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from bpcore.activations import custom, per_neuron
from bpcore.io import load, save
from bpcore.network import Network

X = np.random.default_rng(1).standard_normal((3, 7))


def networks():
    return [
        Network([3, 4, 2], seed=0),
        Network([3, 5, 4, 2], activation=["tanh", "relu", "sigmoid"], cost="cross_entropy", seed=1),
        Network([3, 2], activation="linear", seed=2),
        Network([3, 4, 2], seed=3, dtype=np.float32),
    ]


def assert_same(a: Network, b: Network) -> None:
    assert a.sizes == b.sizes and a.num_layers == b.num_layers
    assert [f.name for f in a.activation_functions] == [f.name for f in b.activation_functions]
    assert a.cost_function.name == b.cost_function.name
    for u, v in zip(a.weights + a.biases, b.weights + b.biases, strict=True):
        assert u.dtype == v.dtype and u.shape == v.shape
        np.testing.assert_array_equal(u, v)
    np.testing.assert_array_equal(a.feedforward(X), b.feedforward(X))


# --- round trips -------------------------------------------------------------------------
#: The networks network2.py can read back as themselves (sigmoid, quadratic/cross-entropy).
SIGMOID = [0, 3]


@pytest.mark.parametrize(
    ("suffix", "index"),
    [(".npz", i) for i in range(4)] + [(".json", i) for i in SIGMOID],
)
def test_round_trip(tmp_path, suffix, index):
    net = networks()[index]
    path = save(net, tmp_path / f"net{suffix}")
    assert path == tmp_path / f"net{suffix}" and path.is_file()
    assert_same(net, load(path))
    assert_same(net, load(str(path)))


def test_round_trip_of_a_softmax_log_likelihood_network_in_npz(tmp_path):
    net = Network([3, 4, 2], activation=["relu", "softmax"], cost="log_likelihood", seed=4)
    assert_same(net, load(save(net, tmp_path / "net.npz")))


def test_json_written_before_the_sigmoid_rule_still_loads(tmp_path):
    """Older bpcore wrote tanh/relu networks to .json with an "activations" key: they load."""
    net = networks()[1]
    content = {
        "sizes": net.sizes,
        "weights": [w.tolist() for w in net.weights],
        "biases": [b.tolist() for b in net.biases],
        "cost": "CrossEntropyCost",
        "activations": ["tanh", "relu", "sigmoid"],
    }
    (tmp_path / "old.json").write_text(json.dumps(content))
    assert_same(net, load(tmp_path / "old.json"))


def test_save_overwrites_atomically_and_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "net.npz"
    save(Network([3, 4, 2], seed=0), path)
    second = Network([3, 4, 2], seed=9)
    save(second, path)
    assert_same(second, load(path))
    assert sorted(os.listdir(tmp_path)) == ["net.npz"]


def test_save_relative_path_and_home(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    net = Network([3, 4, 2], seed=0)
    save(net, "relative.json")
    save(net, "~/home.npz")
    assert_same(net, load(tmp_path / "relative.json"))
    assert_same(net, load("~/home.npz"))


def test_json_is_network2_format(tmp_path):
    """What the book's network2.load reads: four keys, cost as a class name."""
    net = Network([3, 4, 2], cost="cross_entropy", seed=0)
    save(net, tmp_path / "net.json")
    data = json.loads((tmp_path / "net.json").read_text())
    assert data["sizes"] == [3, 4, 2]
    assert data["cost"] == "CrossEntropyCost"
    assert data["activations"] == ["sigmoid", "sigmoid"]
    # network2.load: net.weights = [np.array(w) for w in data["weights"]]
    for w, saved in zip(net.weights, data["weights"], strict=True):
        np.testing.assert_array_equal(np.array(saved), w)
    for b, saved in zip(net.biases, data["biases"], strict=True):
        np.testing.assert_array_equal(np.array(saved), b)


@pytest.mark.parametrize("cost", ["QuadraticCost", "CrossEntropyCost"])
def test_load_a_file_written_by_network2(tmp_path, cost):
    """network2.py's save, verbatim: json.dump of the four keys to an open file."""
    rng = np.random.default_rng(0)
    sizes = [4, 3, 2]
    weights = [rng.standard_normal((y, x)) for x, y in zip(sizes[:-1], sizes[1:], strict=True)]
    biases = [rng.standard_normal((y, 1)) for y in sizes[1:]]
    data = {
        "sizes": sizes,
        "weights": [w.tolist() for w in weights],
        "biases": [b.tolist() for b in biases],
        "cost": cost,
    }
    filename = tmp_path / "network2_net"  # network2 takes any file name
    with open(filename, "w") as f:
        json.dump(data, f)
        f.close()
    net = load(filename)
    assert net.sizes == sizes
    assert [a.name for a in net.activation_functions] == ["sigmoid", "sigmoid"]
    assert net.cost_function.name == {"QuadraticCost": "quadratic"}.get(cost, "cross_entropy")
    for u, v in zip(net.weights + net.biases, weights + biases, strict=True):
        np.testing.assert_array_equal(u, v)


# --- refusing to save -----------------------------------------------------------------------
def test_save_refuses_unnamed_activations_and_unknown_suffix(tmp_path):
    net = Network([3, 4, 2], activation=["sigmoid", custom(np.sin, np.cos)], seed=0)
    with pytest.raises(ValueError, match=r"layer l = 3 uses the activation 'custom'"):
        save(net, tmp_path / "net.npz")
    impostor = custom(np.sin, np.cos, name="tanh")  # named like a known one, but not it
    with pytest.raises(ValueError, match=r"layer l = 2 uses the activation 'tanh'"):
        save(Network([3, 4, 2], activation=[impostor, "sigmoid"]), tmp_path / "net.json")
    with pytest.raises(ValueError, match="layer l = 2"):
        save(Network([3, 4, 2], activation=per_neuron("sigmoid", {0: "relu"})), tmp_path / "n.npz")
    with pytest.raises(ValueError, match=r"one of \('.npz', '.json'\), got '.pkl'"):
        save(Network([3, 4, 2]), tmp_path / "net.pkl")
    assert os.listdir(tmp_path) == []


def test_save_refuses_nan_weights_and_missing_directory(tmp_path):
    net = Network([3, 4, 2], seed=0)
    net.weights[1][0, 0] = np.nan
    with pytest.raises(ValueError, match=r"net: field 'weights', layer l = 3: expected finite"):
        save(net, tmp_path / "net.npz")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        save(Network([3, 2]), tmp_path / "no" / "net.npz")


# --- refusing to load -----------------------------------------------------------------------
def network2_dict(**changes):
    net = Network([3, 4, 2], seed=0)
    data = {
        "sizes": net.sizes,
        "weights": [w.tolist() for w in net.weights],
        "biases": [b.tolist() for b in net.biases],
        "cost": "QuadraticCost",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


W3 = np.zeros((2, 4)).tolist()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"weights": None}, r"missing 'weights'"),
        ({"cost": "HingeCost"}, r"field 'cost': expected one of .*found 'HingeCost'"),
        ({"cost": ["x"]}, r"field 'cost'"),
        ({"sizes": [3, 0, 2]}, r"field 'sizes': sizes\[1\]"),
        ({"sizes": "abc"}, r"field 'sizes'"),
        ({"weights": [W3]}, r"field 'weights': expected a list of 2 arrays .*found 1 entries"),
        (
            {"weights": [np.zeros((4, 3)).tolist(), np.zeros((4, 2)).tolist()]},
            r"field 'weights', layer l = 3: expected shape \(2, 4\), found \(4, 2\)",
        ),
        (
            {"weights": [[[0.0, 0.0, 0.0]] * 3 + [[0.0]], W3]},
            r"field 'weights', layer l = 2: expected a \(4, 3\) array of numbers, got ragged",
        ),
        (
            {"weights": [np.full((4, 3), np.nan).tolist(), W3]},
            r"holds the literal NaN, which is not a JSON number",
        ),
        (
            {"weights": [np.full((4, 3), 1e400).tolist(), W3]},  # json writes Infinity
            r"holds the literal Infinity, which is not a JSON number",
        ),
        ({"biases": [[[0.0]] * 4, [["a"], ["b"]]]}, r"field 'biases', layer l = 3: expected real"),
        (
            {"biases": [[0.0] * 4, [0.0] * 2]},
            r"field 'biases', layer l = 2: expected shape \(4, 1\)",
        ),
        (
            {"activations": ["sigmoid", "swish"]},
            r"field 'activations', layer l = 3: expected one of .*found 'swish'",
        ),
        ({"activations": ["sigmoid"]}, r"field 'activations': expected a list of 2 names"),
    ],
)
def test_load_refuses_bad_json(tmp_path, changes, message):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(network2_dict(**changes)))
    with pytest.raises(ValueError, match=message) as error:
        load(path)
    assert str(path) in str(error.value)


def test_load_refuses_unparsable_files(tmp_path):
    path = tmp_path / "net.json"
    path.write_text('{"sizes": [3, 4')
    with pytest.raises(ValueError, match="does not parse"):
        load(path)
    path.write_text("[1, 2]")
    with pytest.raises(ValueError, match="expected a JSON object, found list"):
        load(path)
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ValueError, match="does not parse"):
        load(path)
    with pytest.raises(FileNotFoundError, match=str(tmp_path / "absent.npz")):
        load(tmp_path / "absent.npz")


def test_load_refuses_truncated_and_bad_npz(tmp_path):
    path = tmp_path / "net.npz"
    save(Network([3, 4, 2], seed=0), path)
    good = path.read_bytes()

    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(ValueError, match=r"net.npz: expected an .npz archive .*truncated"):
        load(path)

    path.write_bytes(b"{}")
    with pytest.raises(ValueError, match=r"expected an .npz archive \(a zip file"):
        load(path)

    np.savez(path, w2=np.zeros((4, 3)))  # no meta
    with pytest.raises(ValueError, match="expected an array 'meta'"):
        load(path)

    net = Network([3, 4, 2], seed=0)
    meta = {
        "format": "bpcore-network",
        "version": 1,
        "sizes": [3, 4, 2],
        "activations": ["sigmoid", "sigmoid"],
        "cost": "quadratic",
    }
    arrays = {"w2": net.weights[0], "w3": net.weights[1], "b2": net.biases[0]}
    np.savez(path, meta=np.array(json.dumps(meta)), **arrays)
    with pytest.raises(ValueError, match=r"expected arrays \['b2', 'b3', 'w2', 'w3'\]"):
        load(path)

    arrays["b3"] = np.full((2, 1), np.inf)
    np.savez(path, meta=np.array(json.dumps(meta)), **arrays)
    with pytest.raises(ValueError, match=r"field 'biases', layer l = 3: expected finite"):
        load(path)

    arrays["b3"] = net.biases[1]
    np.savez(path, meta=np.array(json.dumps({**meta, "version": 99})), **arrays)
    with pytest.raises(ValueError, match="expected format version 1, found 99"):
        load(path)

    np.savez(path, meta=np.array(json.dumps({**meta, "cost": "log"})), **arrays)
    with pytest.raises(ValueError, match="field 'cost'"):
        load(path)

    np.savez(path, meta=np.array([object()], dtype=object), **arrays)  # would need pickle
    with pytest.raises(ValueError, match="net.npz"):
        load(path)
