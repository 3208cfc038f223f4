"""The matrix explorer, driven from Python as the page drives it.

Every number it shows is checked against a forward pass written here in numpy (eq. 25 with
the sigmoid written out, one example by loops over j and k as eq. 23 writes it), never
against bpcore's forward pass, which the explorer itself calls.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pytest

import bpcore as bp
from bpcore.widgets import MatrixWidget
from bpcore.widgets.grid import BOTH_FILL, COLUMN_FILL, ROW_FILL
from bpcore.widgets.svg import ACTIVE

NET = bp.Network([2, 3, 2], seed=0)
X = np.column_stack([[0.5, -1.0], np.random.default_rng(0).uniform(-1, 1, (2, 4))])


def _forward(weights, biases, X):
    """Eq. 25 layer by layer, σ written out: every z^l and a^l of the batch."""
    zs, activations = [], [X]
    for w, b in zip(weights, biases):
        zs.append(w @ activations[-1] + b)
        activations.append(1.0 / (1.0 + np.exp(-zs[-1])))
    return zs, activations


def _z_by_loops(w, b, a_prev, j):
    """Eq. 23 for one neuron of one example: Σ_k w_jk a_k + b_j."""
    return sum(w[j, k] * a_prev[k] for k in range(w.shape[1])) + b[j, 0]


def _shown(text: str) -> list[float]:
    plain = html.unescape(re.sub("<[^>]+>", " ", text)).replace("\u2212", "-")
    return [float(t) for t in re.findall(r"(?<![\w^])[-+]?\d+\.?\d*(?:e[-+]?\d+)?", plain)]


def _cells(svg: str) -> list[tuple[str, str]]:
    """(fill, number) of every grid cell, in drawing order."""
    return re.findall(
        r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="22" fill="(#[0-9a-f]{6})"[^>]*/>'
        r"<text [^>]*>([^<]+)</text>",
        svg,
    )


@pytest.mark.parametrize(
    "layer, j, column, batch",
    [(2, 1, 0, False), (2, 2, 3, True), (3, 0, 4, True), (3, 1, 2, False)],
)
def test_the_numbers_are_eq_25_computed_here(layer, j, column, batch):
    widget = MatrixWidget(NET, X, layer=layer, j=j, column=column, batch=batch)
    assert widget.error == ""
    r = widget.readout
    zs, activations = _forward(NET.weights, NET.biases, X)
    w, b = NET.weights[layer - 2], NET.biases[layer - 2]
    a_prev = activations[layer - 2][:, column]
    assert r["row"] == pytest.approx(list(w[j]), rel=1e-15)
    assert r["inputs"] == pytest.approx(list(a_prev), rel=1e-12)
    assert r["terms"] == pytest.approx(list(w[j] * a_prev), rel=1e-12)
    assert r["bias"] == b[j, 0]
    assert r["z"] == pytest.approx(_z_by_loops(w, b, a_prev, j), rel=1e-12)
    assert r["z"] == pytest.approx(zs[layer - 2][j, column], rel=1e-12)
    assert r["z_alone"] == pytest.approx(r["z"], rel=1e-12)
    assert r["a"] == pytest.approx(1 / (1 + np.exp(-r["z"])), rel=1e-12)
    shown = _shown(widget.readout_html)
    for value in (r["z"], r["a"], r["bias"], *r["terms"]):
        assert any(abs(s - value) <= 5e-3 * abs(value) + 1e-12 for s in shown), (value, shown)


@pytest.mark.parametrize("batch", [False, True])
def test_the_grids_show_w_the_input_b_and_z_with_row_j_and_column_i_marked(batch):
    layer, j, i = 2, 1, 3
    widget = MatrixWidget(NET, X, layer=layer, j=j, column=i, batch=batch)
    zs, activations = _forward(NET.weights, NET.biases, X)
    w, b = NET.weights[0], NET.biases[0]
    inputs = activations[0] if batch else activations[0][:, [i]]
    outputs = zs[0] if batch else zs[0][:, [i]]
    cells = _cells(widget.svg)
    expected = []
    for matrix, kind in ((w, "row"), (inputs, "column"), (b, "row"), (outputs, "both")):
        for r in range(matrix.shape[0]):
            for c in range(matrix.shape[1]):
                marked_column = (c == i) if batch else True
                fill = {
                    "row": ROW_FILL if r == j else "#ffffff",
                    "column": COLUMN_FILL if marked_column else "#ffffff",
                    "both": BOTH_FILL if r == j and marked_column else "#ffffff",
                }[kind]
                expected.append((fill, float(matrix[r, c])))
    assert len(cells) == len(expected)
    for (fill, text), (want_fill, value) in zip(cells, expected):
        assert fill == want_fill
        assert float(text.replace("\u2212", "-")) == pytest.approx(value, rel=5e-3, abs=1e-12)
    names = re.findall(r'font-weight="600">([^<]+)</text>', widget.svg)
    assert names == ["w²", "X" if batch else "a¹", "b²", "Z²" if batch else "z²"]


def test_the_network_draws_the_weights_of_row_j_strong():
    widget = MatrixWidget(NET, X, layer=3, j=1)
    strong = re.findall(r'<line [^>]*stroke="' + ACTIVE + r'"[^>]*data-pick="([^"]+)"', widget.svg)
    picks = {html.unescape(p) for p in strong}
    assert picks == {'{"layer":3,"j":1}'}  # the three edges w^3_1k all choose neuron 1
    assert len(strong) == 3
    assert '"k"' not in html.unescape(widget.svg)  # a click picks a neuron, never a weight


def test_set_takes_a_consistent_state_and_j_follows_the_layer():
    widget = MatrixWidget(NET, X, layer=2, j=2)
    widget.set(layer=3)  # neuron 2 does not exist in layer 3: j goes to 0
    assert (widget.values["layer"], widget.values["j"]) == (3, 0) and widget.error == ""
    widget.set(j=2, layer=2)
    assert (widget.values["layer"], widget.values["j"]) == (2, 2)


def test_the_page_moves_it_by_intents_and_clicks():
    widget = MatrixWidget(NET, X)
    widget.intent = {"seq": 1, "values": {"layer": 3, "j": 1}, "action": None}  # a neuron
    assert widget.done == 1 and (widget.readout["layer"], widget.readout["j"]) == (3, 1)
    widget.intent = {"seq": 2, "values": {"batch": True, "column": 4}, "action": None}
    assert widget.readout["column"] == 4 and "Z³" in widget.svg
    widget.intent = {"seq": 3, "values": {"j": 0, "column": 2}, "action": None}  # a Z cell
    assert (widget.readout["j"], widget.readout["column"]) == (0, 2)
    widget.intent = {"seq": 4, "values": {"column": 9}, "action": None}  # refused, answered
    assert widget.done == 4 and "column" in widget.error and widget.readout["column"] == 2


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"j": 3}, r"j: expected one of 0, 1, 2, got 3"),
        ({"layer": 1}, r"layer: expected one of 2, 3, got 1"),
        ({"column": 5}, r"column: expected an integer in 0..4, got 5"),
        ({"batch": "yes"}, r"batch: expected one of False, True"),
        ({"k": 0}, r"k: not a control of MatrixWidget"),
    ],
)
def test_a_refused_value_is_shown_and_changes_nothing(changes, message):
    widget = MatrixWidget(NET, X, layer=2, j=1)
    before = (dict(widget.values), widget.svg, widget.readout_html)
    widget.set(**changes)
    assert re.search(message, widget.error), widget.error
    assert (dict(widget.values), widget.svg, widget.readout_html) == before


@pytest.mark.parametrize(
    "args, message",
    [
        ((bp.Network([2, 8, 2]), None), r"net: the explorer writes every weight as a number"),
        (("2-3-2", None), r"net: expected a bpcore Network, got str"),
        ((NET, np.zeros((3, 2))), r"X"),
        ((NET, np.zeros((2, 7))), r"X: expected 1 to 6 examples as columns, got 7"),
    ],
)
def test_bad_constructor_options_are_named(args, message):
    with pytest.raises((TypeError, ValueError), match=message):
        MatrixWidget(*args)


def test_the_network_passed_in_is_never_changed_and_the_fallback_is_the_picture():
    net = bp.Network([2, 3, 2], seed=0)
    before = [p.copy() for p in net.weights + net.biases]
    widget = MatrixWidget(net, X, layer=2, j=1)
    widget.set(batch=True, column=3, layer=3)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights + net.biases))
    data, _ = widget._repr_mimebundle_()
    assert data["image/svg+xml"] == widget.svg
    zs, _ = _forward(net.weights, net.biases, X)
    assert data["text/plain"].endswith(
        f"layer 3, neuron j = 1, example i = 3 (the batch): z = {zs[1][1, 3]:.4g}, "
        f"a = σ(z) = {1 / (1 + np.exp(-zs[1][1, 3])):.4g}"
    )
