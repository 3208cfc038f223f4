"""The proof explorer, driven from Python as the page drives it.

What it shows is checked against a forward pass written here in plain numpy, with z^l_j
moved by hand: the exact ΔC, δ^l_j = ∂C/∂z^l_j and every factor of eq. 45 by central
differences (∂z^{l+1}_k/∂z^l_j from the weighted inputs, δ^{l+1}_k from the cost).
"""

from __future__ import annotations

import html
import re

import numpy as np
import pytest

import bpcore as bp
from bpcore.widgets.proof import ProofWidget
from bpcore.widgets.svg import colour

NET = bp.Network([2, 3, 3, 2], seed=1)
X = np.array([[0.8], [0.3]])
Y = np.array([[1.0], [0.0]])


def _run(net, x, y, moved=None):
    """Every z^q and the quadratic cost, with z^l_j moved by dz first: moved = (l, j, dz)."""
    a, zs = x, []
    for q, (w, b) in enumerate(zip(net.weights, net.biases), start=2):
        z = w @ a + b
        if moved is not None and moved[0] == q:
            z = z.copy()
            z[moved[1], 0] += moved[2]
        zs.append(z)
        a = 1.0 / (1.0 + np.exp(-z))
    return zs, 0.5 * float(np.sum((a - y) ** 2))


def _delta(layer, j, h=1e-6):
    return (_run(NET, X, Y, (layer, j, h))[1] - _run(NET, X, Y, (layer, j, -h))[1]) / (2 * h)


def _shown(widget) -> list[float]:
    text = html.unescape(re.sub("<[^>]+>", " ", widget.readout_html)).replace("\u2212", "-")
    return [float(t) for t in re.findall(r"[-+]?\d+\.?\d*(?:e[-+]?\d+)?", text)]


def _is_shown(value, shown):
    return any(abs(s - value) <= 5e-4 * abs(value) + 1e-12 for s in shown)


@pytest.mark.parametrize(
    "layer, j, dz", [(3, 0, 0.5), (3, 2, -0.8), (2, 1, 0.3), (2, 0, -0.05), (4, 1, 1.0)]
)
def test_the_exact_change_and_delta_times_dz(layer, j, dz):
    widget = ProofWidget(NET, X, Y, layer=layer, j=j, dz=dz)
    r = widget.readout
    assert widget.error == "" and r["neuron"] == f"z^{layer}_{j}"
    exact = _run(NET, X, Y, (layer, j, dz))[1] - _run(NET, X, Y)[1]
    assert r["dC"] == pytest.approx(exact, rel=1e-10)
    assert r["delta"] == pytest.approx(_delta(layer, j), rel=1e-6)
    assert r["dC_linear"] == pytest.approx(r["delta"] * dz, rel=1e-12)
    shown = _shown(widget)
    for value in (r["dC"], r["dC_linear"], r["delta"]):
        assert _is_shown(value, shown), (value, shown)


@pytest.mark.parametrize("layer, j", [(3, 0), (3, 1), (2, 2)])
def test_the_terms_of_eq_45_are_the_chain_rules_factors_and_sum_to_delta(layer, j):
    widget = ProofWidget(NET, X, Y, layer=layer, j=j, dz=0.4)
    r, h = widget.readout, 1e-6
    assert [t["k"] for t in r["terms"]] == list(range(NET.sizes[layer]))
    up, down = _run(NET, X, Y, (layer, j, h))[0], _run(NET, X, Y, (layer, j, -h))[0]
    for t in r["terms"]:
        k = t["k"]
        rate = (up[layer - 1][k, 0] - down[layer - 1][k, 0]) / (2 * h)  # ∂z^{l+1}_k/∂z^l_j
        assert t["w"] * t["sigma_prime"] == pytest.approx(rate, rel=1e-6)  # eq. 44
        assert t["delta_next"] == pytest.approx(_delta(layer + 1, k), rel=1e-6)
        assert t["term"] == pytest.approx(rate * _delta(layer + 1, k), rel=1e-6)
        moved = (
            _run(NET, X, Y, (layer, j, 0.4))[0][layer - 1][k, 0]
            - _run(NET, X, Y)[0][layer - 1][k, 0]
        )
        assert t["dz_next"] == pytest.approx(moved, rel=1e-10)
        assert t["dz_next_linear"] == pytest.approx(rate * 0.4, rel=1e-6)
        assert _is_shown(t["term"], _shown(widget))
    assert r["sum_of_terms"] == pytest.approx(_delta(layer, j), rel=1e-6)
    # on the picture: each term on its edge, δ beside every neuron of the next layer
    for t in r["terms"]:
        assert f"{t['term']:+.3g}".replace("-", "\u2212") in widget.svg
        assert f"δ {t['delta_next']:+.2g}".replace("-", "\u2212") in widget.svg


def test_the_output_layer_shows_bp1():
    widget = ProofWidget(NET, X, Y, layer=4, j=0, dz=0.2)
    r = widget.readout
    a = 1.0 / (1.0 + np.exp(-_run(NET, X, Y)[0][-1]))
    assert r["terms"] == [] and r["sum_of_terms"] is None
    assert r["grad_a"] == pytest.approx(a[0, 0] - 1.0, rel=1e-12)  # ∂C/∂a = a − y
    assert r["sigma_prime"] == pytest.approx(a[0, 0] * (1 - a[0, 0]), rel=1e-12)
    assert r["delta"] == pytest.approx(_delta(4, 0), rel=1e-6)
    assert "BP1, eq. 39" in widget.readout_html and "BP1, eq. 39" in widget.svg
    assert [label for label, _ in widget.options["term"]] == ["every term"]


def test_following_one_term_highlights_its_edge_alone():
    widget = ProofWidget(NET, X, Y, layer=3, j=1)
    edges = re.findall(r'<line [^>]*stroke="#0072b2"[^>]*data-pick="([^"]+)"', widget.svg)
    assert len(edges) == 2  # j = 1 of layer 3 feeds both output neurons
    widget.set(term=1)
    edges = re.findall(r'<line [^>]*stroke="#0072b2"[^>]*data-pick="([^"]+)"', widget.svg)
    assert [html.unescape(e) for e in edges] == ['{"layer":4,"j":1,"k":1}']
    term = widget.readout["terms"][1]["term"]
    assert f"{term:+.3g}".replace("-", "\u2212") in widget.svg
    other = widget.readout["terms"][0]["term"]
    assert f">{other:+.3g}<".replace("-", "\u2212") not in widget.svg


def test_the_neurons_are_coloured_by_the_exact_change_of_z_on_the_stated_scale():
    widget = ProofWidget(NET, X, Y, layer=3, j=2, dz=0.6)
    assert ">+1<" in widget.svg and ">\u22121<" in widget.svg  # the colour bar: ±|Δz|max = ±1
    before, after = _run(NET, X, Y)[0], _run(NET, X, Y, (3, 2, 0.6))[0]
    moved = np.concatenate([(after[q] - before[q])[:, 0] for q in range(3)])
    fills = re.findall(r'<circle cx="[^"]+" cy="[^"]+" r="[^"]+" fill="(#[0-9a-f]{6})"', widget.svg)
    expected = ["#f2f2f2"] * 2 + [colour(v, 1.0) for v in moved]
    assert fills[: len(expected)] == expected


def test_set_is_one_state_and_the_page_drives_it_through_intents():
    widget = ProofWidget(NET, X, Y, layer=2, j=2, term=0)
    widget.set(layer=4)  # j = 2 does not exist in layer 4, and no term there
    assert (widget.values["j"], widget.values["term"]) == (0, "all") and widget.error == ""
    widget.set(j=2, layer=3, term=1)
    assert (widget.values["layer"], widget.values["j"], widget.values["term"]) == (3, 2, 1)
    widget.intent = {"seq": 1, "values": {"dz": -0.25}, "action": None}
    assert widget.done == 1 and widget.readout["dz"] == -0.25
    before = (dict(widget.values), widget.svg, widget.readout_html)
    widget.intent = {"seq": 2, "values": {"term": 3}, "action": None}
    assert widget.done == 2 and "term: expected one of 'all', 0, 1, got 3" in widget.error
    assert (dict(widget.values), widget.svg, widget.readout_html) == before
    widget.set(dz=2.0)
    assert "dz: expected a number in [-1, 1], got 2.0" in widget.error


@pytest.mark.parametrize(
    "options, error, message",
    [
        ({"dz_max": 0}, ValueError, r"dz_max: expected a finite number > 0, got 0"),
        ({"layer": 5}, ValueError, r"layer: expected one of 2, 3, 4, got 5"),
        ({"j": 3, "layer": 4}, ValueError, r"j: expected one of 0, 1, got 3"),
        ({"net": "2-3-2"}, TypeError, r"net: expected a bpcore Network, got str"),
        ({"x": [1, 2]}, ValueError, r"net: x and y were given without a network"),
    ],
)
def test_bad_constructor_options_are_named(options, error, message):
    if "net" in options:
        with pytest.raises(error, match=message):
            ProofWidget(options["net"], X, Y)
        return
    with pytest.raises(error, match=message):
        ProofWidget(**options)


def test_a_coupled_output_layer_is_refused():
    softmax = bp.Network([2, 3, 2], activation=["sigmoid", "softmax"], cost="log_likelihood")
    with pytest.raises(ValueError, match="net: the proofs of BP1 and BP2 are for elementwise"):
        ProofWidget(softmax, [0.1, 0.2], [1, 0])


def test_the_network_is_never_changed_and_the_fallback_is_the_picture():
    net = NET.copy()
    widget = ProofWidget(net, X, Y)
    widget.set(layer=2, j=0, dz=-1.0)
    assert all(
        np.array_equal(a, b) for a, b in zip(net.weights + net.biases, NET.weights + NET.biases)
    )
    data, _ = widget._repr_mimebundle_()
    assert data["image/svg+xml"] == widget.svg
    assert data["text/plain"].startswith("ProofWidget(Network([2, 3, 3, 2]")
    assert "z^2_0 nudged by Δz = -1: ΔC = " in data["text/plain"]


def test_a_click_on_the_picture_chooses_a_neuron_or_follows_an_edge():
    widget = ProofWidget(NET, X, Y, layer=3, j=0)
    picks = {html.unescape(p) for p in re.findall(r'data-pick="([^"]+)"', widget.svg)}
    assert '{"layer":2,"j":1,"k":"bias"}' in picks and '{"layer":4,"j":1,"k":2}' in picks
    widget.intent = {"seq": 1, "values": {"layer": 2, "j": 1, "k": "bias"}, "action": None}
    assert (widget.values["layer"], widget.values["j"], widget.error) == (2, 1, "")
    # the edge from neuron 2 of layer 3 to neuron 1 of layer 4: z^3_2, following the term k = 1
    widget.intent = {"seq": 2, "values": {"layer": 4, "j": 1, "k": 2}, "action": None}
    assert (widget.values["layer"], widget.values["j"], widget.values["term"]) == (3, 2, 1)
    before = dict(widget.values)
    widget.intent = {"seq": 3, "values": {"layer": 2, "j": 0, "k": 1}, "action": None}
    assert widget.values == before and widget.error == "" and widget.done == 3
