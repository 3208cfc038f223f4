"""The paths explorer (bpcore.widgets.paths), driven from Python as the page drives it.

What it shows is checked against numbers computed here without bpcore's paths or
backprop: every path enumerated with itertools.product over a forward pass written out
with numpy (σ by hand), ∂C/∂w and δ by central differences of the cost (δ^q_i is ∂C/∂b^q_i,
BP3), and the heads' sum ∂z^q_i/∂w by central differences of the weighted input z^q_i.
"""

from __future__ import annotations

import html
import itertools
import json
import math
import re

import numpy as np
import pytest

import bpcore as bp
from bpcore.widgets import PathsWidget
from bpcore.widgets.svg import ACTIVE, colour, shown

X, Y = np.array([[0.8], [0.3]]), np.array([[1.0], [0.0]])


def _sigma(z):
    return 1.0 / (1.0 + np.exp(-z))


def _forward(weights, biases, x):
    zs, activations = [], [x]
    for w, b in zip(weights, biases):
        zs.append(w @ activations[-1] + b)
        activations.append(_sigma(zs[-1]))
    return zs, activations


def _cost(weights, biases):
    return 0.5 * float(np.sum((_forward(weights, biases, X)[1][-1] - Y) ** 2))


def _moved(net, kind, layer, j, k, h):
    weights = [w.copy() for w in net.weights]
    biases = [b.copy() for b in net.biases]
    if kind == "b":
        biases[layer - 2][j, 0] += h
    else:
        weights[layer - 2][j, k] += h
    return weights, biases


def _derivative(net, kind, layer, j, k=None, of=_cost, h=1e-6):
    return (of(*_moved(net, kind, layer, j, k, h)) - of(*_moved(net, kind, layer, j, k, -h))) / (
        2 * h
    )


def _enumerate(net, layer, j, k):
    """Every path from w^l_jk (b^l_j if k is None) to C: {neurons: (factors, rate)}."""
    zs, activations = _forward(net.weights, net.biases, X)
    slope = [_sigma(z[:, 0]) * (1 - _sigma(z[:, 0])) for z in zs]
    first = slope[layer - 2][j] * (1.0 if k is None else activations[layer - 2][k, 0])
    found = {}
    for route in itertools.product(*(range(n) for n in net.sizes[layer:])):
        factors, previous = [first], j
        for q, i in zip(range(layer + 1, net.num_layers + 1), route):
            factors.append(slope[q - 2][i] * net.weights[q - 2][i, previous])
            previous = i
        factors.append(activations[-1][previous, 0] - Y[previous, 0])
        found[(j, *route)] = (factors, math.prod(factors))
    return found


def _net():
    return bp.Network([2, 3, 4, 3, 2], seed=2)


def _assert_shows(widget, net):
    v = widget.values
    layer, j, q, n = v["layer"], v["j"], v["group"], v["n"]
    k = None if v["k"] == "bias" else v["k"]
    r = widget.readout
    assert widget.error == ""
    every = _enumerate(net, layer, j, k)
    kind = "b" if k is None else "w"
    gradient = _derivative(net, kind, layer, j, k)
    assert r["count"] == len(every) == math.prod(net.sizes[layer:])
    assert r["gradient"] == pytest.approx(gradient, rel=1e-6, abs=1e-11)
    assert r["sum"] == pytest.approx(gradient, rel=1e-6, abs=1e-11)  # eq. 53
    factors, rate = every[tuple(r["path"])]
    np.testing.assert_allclose(r["factors"], factors, rtol=1e-10)
    assert r["rate"] == pytest.approx(rate, rel=1e-10)
    ranked = sorted(every.values(), key=lambda f: -abs(f[1]))
    assert r["largest"]["rate"] == pytest.approx(ranked[0][1], rel=1e-10)
    if v["order"] == "size":  # the first n of the paths ranked by |rate|
        expected = math.fsum(f[1] for f in ranked[:n])
        assert abs(rate) == pytest.approx(abs(ranked[n - 1][1]), rel=1e-10)
    else:  # all paths through the neurons of layer q before this one, then the rest in order
        through = r["path"][q - layer]
        rates = [f[1] for route, f in every.items() if route[q - layer] < through]
        mine = [f[1] for route, f in every.items() if route[q - layer] == through]
        mine.sort(key=abs, reverse=True)
        done = n - len(rates)
        expected = math.fsum(rates) + math.fsum(mine[:done])
    assert r["running_sum"] == pytest.approx(expected, rel=1e-9, abs=1e-15)
    _assert_regrouped(r, net, every, layer, j, k, q)
    # the page shows the running sum, the sum and ∂C/∂w (4 significant digits)
    plain = html.unescape(re.sub("<[^>]+>", " ", widget.readout_html)).replace("\u2212", "-")
    shown = [float(t) for t in re.findall(r"[-+]?\d+\.?\d*(?:e[-+]?\d+)?", plain)]
    for value in (expected, gradient, rate):
        assert any(abs(s - value) <= 6e-4 * abs(value) for s in shown), (value, shown)
    _assert_picture(widget, net, every, q)


def _assert_regrouped(r, net, every, layer, j, k, q):
    """Each neuron i of layer q: its paths' rates = (Σ heads = ∂z^q_i/∂w) × (Σ tails = δ^q_i)."""
    kind = "b" if k is None else "w"
    groups = {g["neuron"]: g for g in r["groups"]}
    reached = sorted({route[q - layer] for route in every})
    assert sorted(groups) == reached
    for i in reached:
        g = groups[i]
        rates = [f[1] for route, f in every.items() if route[q - layer] == i]
        delta = _derivative(net, "b", q, i)  # BP3: ∂C/∂b^q_i = δ^q_i

        def z_i(weights, biases, i=i):
            return float(_forward(weights, biases, X)[0][q - 2][i, 0])

        heads = _derivative(net, kind, layer, j, k, of=z_i)
        assert g["count"] == len(rates)
        assert g["rates"] == pytest.approx(math.fsum(rates), rel=1e-9, abs=1e-15)
        assert g["tails"] == pytest.approx(delta, rel=1e-5, abs=1e-10)
        assert g["delta"] == pytest.approx(delta, rel=1e-5, abs=1e-10)
        assert g["heads"] == pytest.approx(heads, rel=1e-5, abs=1e-10)
        assert g["heads"] * g["tails"] == pytest.approx(g["rates"], rel=1e-9, abs=1e-15)


def _assert_picture(widget, net, every, q):
    svg = widget.svg
    # the neurons of layer q are coloured by δ^q on the stated scale
    deltas = [_derivative(net, "b", q, i) for i in range(net.sizes[q - 1])]
    halfrange = max(abs(d) for d in deltas)
    assert f"clipped at ±{halfrange:.2g}" in svg
    for i, d in enumerate(deltas):
        pick = html.escape(json.dumps({"layer": q, "j": i, "k": "bias"}, separators=(",", ":")))
        circle = re.search(rf'<circle [^>]*fill="(#[0-9a-f]{{6}})"[^>]*data-pick="{pick}"', svg)
        assert circle and circle.group(1) == colour(d, halfrange), (i, circle)
    # the current path is drawn through its neurons, and its factors are written on it
    r = widget.readout
    drawn = rf'<polyline points="([^"]+)" fill="none" stroke="{ACTIVE}" stroke-width="3.2"'
    current = re.findall(drawn, svg)
    assert len(current) == 1
    points = [tuple(float(c) for c in p.split(",")) for p in current[0].split()]
    layer = r["layer"]
    expected = [widget.picture.position(layer + s, i) for s, i in enumerate(r["path"])]
    if r["k"] is not None:
        expected.insert(0, widget.picture.position(layer - 1, r["k"]))
    np.testing.assert_allclose(points[:-1], expected, atol=0.06)
    labels = re.findall(rf'<text [^>]*fill="{ACTIVE}" font-weight="600"[^>]*>([^<]+)</text>', svg)
    factors, _ = every[tuple(r["path"])]
    assert labels == [shown(f, 2) for f in factors]
    # the waterfall: one bar per path, the first n strong
    bars = re.findall(r'<rect [^>]*fill-opacity="(0.85|0.2)"', svg)
    assert len(bars) == r["count"] and bars.count("0.85") == r["n"]


def test_it_starts_with_the_first_path_of_the_default_network():
    widget = PathsWidget(layer=2, j=1, k=0)
    assert widget.values == {
        "layer": 2,
        "j": 1,
        "k": 0,
        "n": 1,
        "order": "size",
        "group": 3,
    }
    _assert_shows(widget, _net())
    assert widget.readout["count"] == 24


@pytest.mark.parametrize(
    "changes",
    [
        {"n": 24},
        {"n": 7, "group": 4},
        {"order": "grouped", "group": 4, "n": 9},
        {"order": "grouped", "group": 5, "n": 17},
        {"group": 2, "n": 3},
        {"k": "bias", "n": 5},
        {"layer": 3, "j": 2, "k": 1, "n": 4},
        {"layer": 5, "j": 1, "k": 2, "n": 1, "group": 5},
        {"layer": 4, "j": 2, "k": "bias", "order": "grouped", "n": 2},
    ],
)
def test_every_control_shows_bpcores_numbers(changes):
    widget = PathsWidget(layer=2, j=1, k=0)
    widget.set(**changes)
    _assert_shows(widget, _net())


def test_the_slider_range_follows_the_number_of_paths():
    widget = PathsWidget(layer=2, j=0, k=0, n=20)
    assert widget.options["n"] == [["low", 1], ["high", 24]]
    widget.set(layer=4)  # 2 paths from a weight of layer 4: n follows, q stays where it can
    assert widget.values["n"] == 2 and widget.options["n"] == [["low", 1], ["high", 2]]
    assert widget.values["group"] == 5
    widget.set(n=3)
    assert "n: expected an integer in 1..2, got 3" in widget.error
    assert widget.values["n"] == 2
    widget.set(n=20, layer=2)  # one state, whatever the order of the keywords
    assert widget.error == "" and widget.values["n"] == 20
    _assert_shows(widget, _net())


def test_the_page_moves_it_and_a_click_picks_a_weight_or_a_bias():
    widget = PathsWidget(layer=2, j=1, k=0)
    widget.intent = {"seq": 1, "values": {"n": 12}, "action": None}
    assert widget.done == 1 and widget.readout["n"] == 12
    widget.intent = {"seq": 2, "values": {"layer": 3, "j": 3, "k": 2}, "action": None}
    assert widget.readout["parameter"] == "w^3_32" and widget.readout["count"] == 6
    assert widget.values["n"] == 6  # clamped to the paths the new weight has
    widget.intent = {"seq": 3, "values": {"k": "bias"}, "action": None}
    assert widget.readout["parameter"] == "b^3_3" and widget.done == 3
    _assert_shows(widget, _net())
    widget.intent = {"seq": 4, "values": {"group": 2}, "action": None}  # before layer l
    assert widget.done == 4 and "group: expected one of 3, 4, 5" in widget.error
    picks = {html.unescape(p) for p in re.findall(r'data-pick="([^"]+)"', widget.svg)}
    assert len(picks) == 2 * 3 + 3 * 4 + 4 * 3 + 3 * 2 + (3 + 4 + 3 + 2)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"layer": 1}, r"layer: expected one of 2, 3, 4, 5, got 1"),
        ({"j": 9}, r"j: expected one of 0, 1, 2, got 9"),
        ({"n": 0}, r"n: expected an integer in 1..24, got 0"),
        ({"n": 2.5}, r"n: expected an integer, got float"),
        ({"order": "random"}, r"order: expected one of 'size', 'grouped'"),
        ({"speed": 1}, r"speed: not a control of PathsWidget"),
    ],
)
def test_a_refused_value_changes_nothing(changes, message):
    widget = PathsWidget(layer=2, j=1, k=0, n=3)
    before = (dict(widget.values), widget.svg, widget.readout_html)
    widget.set(**changes)
    assert re.search(message, widget.error), widget.error
    assert (dict(widget.values), widget.svg, widget.readout_html) == before


def test_any_small_network_and_it_is_never_changed():
    net = bp.Network([3, 4, 4, 2], seed=5)
    x, y = np.array([[0.2], [-0.5], [0.9]]), np.array([[0.0], [1.0]])
    before = [p.copy() for p in net.weights + net.biases]
    widget = PathsWidget(net, x, y, layer=2, j=3, k=2, n=8, order="grouped")
    found = bp.paths(net, x, y, layer=2, j=3, k=2)
    assert widget.readout["count"] == 8 and widget.readout["sum"] == pytest.approx(found.total)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights + net.biases))


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: PathsWidget("2-3-2", [0, 0], [0, 0]), TypeError, r"net: expected a bpcore"),
        (
            lambda: PathsWidget(bp.Network([2, 20, 20, 20, 10]), [0, 0], [0] * 10),
            ValueError,
            r"net: a weight of layer 2 has 4,000 paths to C; the explorer lists at most 1,000",
        ),
        (
            lambda: PathsWidget(
                bp.Network([2, 3, 2], activation=["sigmoid", "softmax"], cost="cross_entropy"),
                [0, 0],
                [1, 0],
            ),
            ValueError,
            r"net: every layer must be elementwise",
        ),
        (lambda: PathsWidget(x=[1, 2]), ValueError, r"net: x and y were given without"),
        (lambda: PathsWidget(layer=7), ValueError, r"layer: expected one of 2, 3, 4, 5"),
        (lambda: PathsWidget(order="up"), ValueError, r"order: expected one of"),
    ],
)
def test_bad_constructor_options_are_named(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_the_static_fallback_is_the_picture_and_a_summary():
    widget = PathsWidget(layer=2, j=1, k=0, n=24)
    data, _ = widget._repr_mimebundle_()
    assert data["image/svg+xml"] == widget.svg and widget.svg.startswith("<svg")
    gradient = _derivative(_net(), "w", 2, 1, 0)
    assert data["text/plain"].startswith("PathsWidget(Network([2, 3, 4, 3, 2]")
    assert f"all 24: {gradient:.4g} = ∂C/∂w by backprop {gradient:.4g}" in data["text/plain"]
