"""The learning explorer, driven from Python as the page drives it (play, step, reset).

Its numbers are checked against computations written here: one gradient step by hand with
finite-difference gradients of the batch cost, the cost and the count of wrong answers
from a forward pass in plain numpy, every neuron's mean |δ| by central differences of
each example's cost in its weighted input, the saturated neurons from σ′ directly, and
the plane's pixels from the network's outputs on the stated colour scale.
"""

from __future__ import annotations

import base64
import io
import re

import numpy as np
import PIL.Image
import pytest

import bpcore as bp
from bpcore.activations import SATURATION
from bpcore.data import xor_clouds
from bpcore.widgets.learn import GRID, STEPS_PER_TICK, LearnWidget
from bpcore.widgets.svg import DIVERGING


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _data():
    pairs = xor_clouds(80, seed=0)
    return np.hstack([x for x, _ in pairs]), np.hstack([y for _, y in pairs])


def _start(seed=0):
    """The explorer's "wrong" start, as its docstring describes it."""
    net = bp.Network([2, 4, 2], seed=seed)
    net.weights[-1] *= 0.25
    net.biases[-1][:] = [[5.0], [-5.0]]
    return net


def _forward(weights, biases, X, moved=None):
    """Weighted inputs and outputs of a sigmoid network; ``moved`` = (l, j, column, h)."""
    a, zs = X, []
    for q, (w, b) in enumerate(zip(weights, biases), start=2):
        z = w @ a + b
        if moved is not None and moved[0] == q:
            z = z.copy()
            z[moved[1], moved[2]] += moved[3]
        zs.append(z)
        a = _sigmoid(z)
    return zs, a


def _costs(a, Y, cost):
    """Each example's cost (a row of m numbers)."""
    if cost == "cross_entropy":
        return -np.sum(Y * np.log(a) + (1 - Y) * np.log(1 - a), axis=0)
    return 0.5 * np.sum((a - Y) ** 2, axis=0)


def _fd_step(net, X, Y, eta, cost, h=1e-6):
    """Parameters after one gradient step, the gradient by central differences (eq. 46)."""
    params = [p.copy() for p in net.weights + net.biases]
    L = len(net.weights)

    def C(ps):
        return float(np.mean(_costs(_forward(ps[:L], ps[L:], X)[1], Y, cost)))

    new = []
    for i, p in enumerate(params):
        grad = np.zeros_like(p)
        for index in np.ndindex(p.shape):
            up = [q.copy() for q in params]
            down = [q.copy() for q in params]
            up[i][index] += h
            down[i][index] -= h
            grad[index] = (C(up) - C(down)) / (2 * h)
        new.append(p - eta * grad)
    return new


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_one_step_is_gradient_descent_with_finite_difference_gradients(cost):
    widget = LearnWidget(cost=cost, eta=1.5)
    X, Y = _data()
    expected = _fd_step(_start(), X, Y, 1.5, cost)
    widget.act("step")
    net = widget.state.net
    assert widget.error == "" and widget.readout["step"] == 1
    for got, want in zip(net.weights + net.biases, expected):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-8)


def test_the_cost_the_wrong_count_and_the_errors_are_what_the_network_does():
    widget = LearnWidget()
    for _ in range(3):
        widget.act("play")
    r, net = widget.readout, widget.state.net
    X, Y = _data()
    zs, a = _forward(net.weights, net.biases, X)
    assert r["step"] == 3 * STEPS_PER_TICK
    assert r["C"] == pytest.approx(np.mean(_costs(a, Y, "quadratic")), rel=1e-12)
    assert r["wrong"] == int(np.sum(np.argmax(a, 0) != np.argmax(Y, 0))) and r["m"] == 80
    # every neuron's mean |δ| over the examples, by central differences of C_x in z^l_j
    h = 1e-6
    for q, shown in zip((2, 3), r["deltas"]):
        for j, value in enumerate(shown):
            per_example = [
                (
                    _costs(_forward(net.weights, net.biases, X, (q, j, c, h))[1], Y, "quadratic")[c]
                    - _costs(
                        _forward(net.weights, net.biases, X, (q, j, c, -h))[1], Y, "quadratic"
                    )[c]
                )
                / (2 * h)
                for c in range(80)
            ]
            assert value == pytest.approx(np.mean(np.abs(per_example)), rel=1e-5, abs=1e-10)
    # saturated: σ′ < SATURATION on at least half of the examples
    slopes = [_sigmoid(z) * (1 - _sigmoid(z)) for z in zs]
    rings = {
        (q, j)
        for q, s in zip((2, 3), slopes)
        for j in range(len(s))
        if np.median(s[j]) < SATURATION
    }
    assert {tuple(n) for n in r["saturated"]} == rings
    assert widget.svg.count('fill="none" stroke="#000000"') == len(rings) + (1 if rings else 0)
    assert r["output_error"] == pytest.approx(np.abs(a - Y).mean(axis=1).tolist(), rel=1e-12)
    assert r["output_slope"] == pytest.approx(slopes[-1].mean(axis=1).tolist(), rel=1e-12)


def test_the_start_is_saturated_and_wrong_and_cross_entropy_removes_the_slope():
    quadratic = LearnWidget()
    r = quadratic.readout
    assert r["wrong"] == 40  # every point called class 0: the 40 of class 1 are wrong
    assert {(3, 0), (3, 1)} <= {tuple(n) for n in r["saturated"]}
    assert all(e > 0.45 for e in r["output_error"]) and all(
        s < SATURATION for s in r["output_slope"]
    )
    assert "saturated and wrong" in quadratic.readout_html
    # BP1: quadratic δ^L = (a − y)σ′(z) is tiny; cross-entropy δ^L = a − y is not
    quadratic.set(cost="cross_entropy")
    ce = quadratic.readout
    assert ce["step"] == 0  # the cost changes, the network does not
    for j in range(2):
        assert ce["deltas"][-1][j] == pytest.approx(ce["output_error"][j], rel=1e-12)
        assert ce["deltas"][-1][j] > 50 * r["deltas"][-1][j]
    assert "σ′ cancels in BP1" in quadratic.readout_html


def _steps_to_learn(cost, limit=2000):
    widget = LearnWidget(cost=cost)
    while widget.readout["wrong"] > 8 and widget.readout["step"] < limit:
        widget.act("play")
    return widget.readout["step"]


def test_cross_entropy_learns_several_times_faster_from_the_saturated_start():
    slow, fast = _steps_to_learn("quadratic"), _steps_to_learn("cross_entropy")
    assert fast * 3 <= slow < 2000, (fast, slow)


def test_the_plane_shows_the_networks_answer_on_the_diverging_scale():
    widget = LearnWidget(start="random", seed=3)
    for _ in range(4):
        widget.act("play")
    net = widget.state.net
    uri = re.search(r'<image href="data:image/png;base64,([^"]+)"', widget.svg).group(1)
    pixels = np.asarray(PIL.Image.open(io.BytesIO(base64.b64decode(uri))))
    assert pixels.shape == (GRID, GRID, 4)
    X, _ = _data()
    low = np.floor(2 * (X.min(axis=1) - 0.3)) / 2
    high = np.ceil(2 * (X.max(axis=1) + 0.3)) / 2
    for row, col in [(0, 0), (10, 40), (47, 47), (24, 24), (30, 5)]:
        x0 = low[0] + (high[0] - low[0]) * col / (GRID - 1)
        x1 = high[1] - (high[1] - low[1]) * row / (GRID - 1)
        a = _forward(net.weights, net.biases, np.array([[x0], [x1]]))[1][:, 0]
        expected = np.array(DIVERGING(0.5 + 0.5 * (a[1] - a[0]), bytes=True))
        assert np.abs(pixels[row, col].astype(int) - expected).max() <= 1


def test_play_step_and_reset_through_the_page_and_what_resets():
    widget = LearnWidget()
    widget.intent = {"seq": 1, "values": {}, "action": "play"}
    widget.intent = {"seq": 2, "values": {}, "action": "step"}
    assert widget.done == 2 and widget.readout["step"] == STEPS_PER_TICK + 1
    widget.intent = {"seq": 3, "values": {"eta": 2.0}, "action": None}
    assert widget.readout["step"] == STEPS_PER_TICK + 1  # η carries on
    widget.intent = {"seq": 4, "values": {}, "action": "reset"}
    assert widget.readout["step"] == 0 and len(widget.state.history) == 1
    widget.act("play")
    for change in ({"seed": 5}, {"data": "blobs"}, {"activation": "tanh"}, {"start": "random"}):
        widget.act("step")
        widget.set(**change)
        assert widget.readout["step"] == 0, change
    net = widget.state.net
    assert net.activation_functions[0].name == "tanh" and net.sizes == [2, 4, 2]


def test_switching_the_cost_is_marked_on_the_curve():
    widget = LearnWidget()
    widget.act("play")
    assert "→ cross-entropy" not in widget.svg
    widget.set(cost="cross_entropy")
    widget.act("play")
    assert "→ cross-entropy" in widget.svg
    assert [r.cost for r in widget.state.history] == [
        "quadratic",
        "quadratic",
        "cross_entropy",
        "cross_entropy",
    ]
    assert "quadratic" in widget.svg and "cross-entropy" in widget.svg


def test_refused_values_change_nothing_and_bad_options_are_named():
    widget = LearnWidget()
    widget.act("play")
    before = (dict(widget.values), widget.svg, widget.readout_html, widget.state)
    for change, message in [
        ({"eta": 0.0}, r"eta: expected a number in \[0.05, 5\]"),
        ({"seed": 1.5}, r"seed: expected an integer"),
        ({"data": "moons"}, r"data: expected one of 'xor', 'blobs'"),
        ({"cost": "log_likelihood"}, r"cost: expected one of"),
    ]:
        widget.set(**change)
        assert re.search(message, widget.error), widget.error
        assert (dict(widget.values), widget.svg, widget.readout_html, widget.state) == before
    widget.act("fly")
    assert "fly: not an action of LearnWidget" in widget.error
    with pytest.raises(ValueError, match=r"hidden: expected an integer in 1..8, got 0"):
        LearnWidget(hidden=0)
    with pytest.raises(ValueError, match=r"activation: expected one of 'sigmoid', 'tanh', 'relu'"):
        LearnWidget(activation="softmax")


def test_the_static_fallback_and_the_toy_set():
    widget = LearnWidget()
    data, _ = widget._repr_mimebundle_()
    assert data["image/svg+xml"] == widget.svg
    assert data["text/plain"].startswith(
        "LearnWidget: step 0, C = 0.4905 (quadratic), wrong 40 of 80"
    )
    assert widget.interval > 0
    X, Y = _data()
    assert X.shape == (2, 80) and Y.shape == (2, 80)
    assert list(np.argmax(Y, axis=0)) == [0, 1, 1, 0] * 20  # corners (−,−), (−,+), (+,−), (+,+)
    for corner, centre in enumerate([(-1, -1), (-1, 1), (1, -1), (1, 1)]):
        assert np.abs(X[:, corner::4].mean(axis=1) - centre).max() < 0.3
    with pytest.raises(ValueError, match="spread"):
        xor_clouds(spread=0)


def test_nothing_in_the_picture_pretends_to_be_clickable():
    assert "data-pick" not in LearnWidget().svg
