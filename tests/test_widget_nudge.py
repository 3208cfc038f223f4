"""The nudge explorer and the explorers' base, driven from Python as the page drives them.

What an explorer shows is checked against numbers computed here independently: the exact
ΔC from the cost of a perturbed copy of the network, the rate from central differences,
the colours from the colour scale the picture states.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pytest

import bpcore as bp
from bpcore.data import load_digits
from bpcore.examples import book_network, trained_digits_network
from bpcore.widgets import NudgeWidget
from bpcore.widgets.svg import colour


def _exact_change(net, x, y, layer, j, k, dw):
    """C after the nudge minus C before, on a copy: no Nudger involved."""
    other = net.copy()
    if k is None:
        other.b(layer)[j, 0] += dw
    else:
        other.w(layer)[j, k] += dw
    return other.cost(x, y) - net.cost(x, y)


def _rate(net, x, y, layer, j, k, h=1e-6):
    return (
        _exact_change(net, x, y, layer, j, k, h) - _exact_change(net, x, y, layer, j, k, -h)
    ) / (2 * h)


def _shown_numbers(widget) -> list[float]:
    text = html.unescape(re.sub("<[^>]+>", " ", widget.readout_html)).replace("\u2212", "-")
    return [float(t) for t in re.findall(r"[-+]?\d+\.?\d*(?:e[-+]?\d+)?", text)]


def _intent(widget, seq, values=None, action=None):
    """What the page sends when the reader moves a control or clicks the picture."""
    widget.intent = {"seq": seq, "values": values or {}, "action": action}


@pytest.mark.parametrize(
    "layer, j, k, dw",
    [(2, 1, 0, 0.1), (3, 0, 1, -0.7), (2, 2, None, 0.35), (3, 1, None, -1.0)],
)
def test_the_readout_is_the_exact_change_and_its_first_order_estimate(layer, j, k, dw):
    net, x, y = book_network()
    widget = NudgeWidget(net, x, y, layer=layer, j=j, k=k, dw=dw)
    r = widget.readout
    assert widget.error == ""
    assert r["dC"] == pytest.approx(_exact_change(net, x, y, layer, j, k, dw), rel=1e-10)
    assert r["gradient"] == pytest.approx(_rate(net, x, y, layer, j, k), rel=1e-6)
    assert r["dC_linear"] == pytest.approx(r["gradient"] * dw, rel=1e-12)
    # the page shows those numbers (4 significant digits), and calls a bias nudge Δb
    shown = _shown_numbers(widget)
    for value in (r["dC"], r["dC_linear"], r["gradient"]):
        assert any(abs(s - value) <= 5e-4 * abs(value) + 1e-12 for s in shown), (value, shown)
    symbol = "Δb" if k is None else "Δw"
    assert f"nudged by {symbol}" in widget.readout_html
    assert ("∂C/∂b" in widget.readout_html) == (k is None)


def test_the_colours_are_the_exact_changes_on_the_stated_scale():
    net, x, y = book_network()
    widget = NudgeWidget(net, x, y, layer=2, j=1, k=0, dw=0.4, scale=0.01)
    assert "clipped at ±0.01" in widget.svg
    changed = net.copy()
    changed.w(2)[1, 0] += 0.4
    da = [
        changed.forward(x).activations[q][:, 0] - net.forward(x).activations[q][:, 0]
        for q in (1, 2)
    ]
    fills = re.findall(r'<circle cx="[^"]+" cy="[^"]+" r="[^"]+" fill="(#[0-9a-f]{6})"', widget.svg)
    expected = ["#f2f2f2"] * 2 + [colour(v, 0.01) for v in np.concatenate(da)]
    assert fills[: len(expected)] == expected


def test_set_takes_keyword_arguments_as_one_state_in_any_order():
    widget = NudgeWidget(layer=3, j=0, k=0)
    assert widget.set(j=2, layer=2).error == ""  # j = 2 exists in layer 2, not in layer 3
    assert (widget.values["layer"], widget.values["j"]) == (2, 2)
    widget.set(layer=3, j=1)
    assert (widget.values["layer"], widget.values["j"]) == (3, 1)
    widget.set(layer=2)  # the page changes the layer alone: j and k follow if they must
    assert widget.values["j"] == 1 and widget.error == ""


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"j": 5}, r"j: expected one of 0, 1, 2, got 5"),
        ({"dw": 3.0}, r"dw: expected a number in \[-1, 1\], got 3.0"),
        ({"dw": float("nan")}, r"dw: expected a number in \[-1, 1\], got nan"),
        ({"layer": 1}, r"layer: expected one of 2, 3, got 1"),
        ({"view": "colour"}, r"view: expected one of 'da', 'delta', 'a'"),
        ({"speed": 1}, r"speed: not a control of NudgeWidget"),
        ({"k": True}, r"k: expected one of 'bias', 0, 1"),
    ],
)
def test_a_refused_value_is_shown_and_changes_nothing(changes, message):
    widget = NudgeWidget(layer=2, j=1, k=0, dw=0.1)
    before = (dict(widget.values), widget.svg, widget.readout_html, dict(widget.readout))
    widget.set(**changes)
    assert re.search(message, widget.error), widget.error
    assert (dict(widget.values), widget.svg, widget.readout_html, dict(widget.readout)) == before
    widget.set(dw=0.2)
    assert widget.error == "" and widget.readout["dw"] == 0.2


def test_the_page_moves_the_explorer_through_intents_and_learns_when_it_is_done():
    widget = NudgeWidget(layer=2, j=1, k=0, dw=0.1)
    _intent(widget, 1, {"dw": -0.25})
    assert widget.done == 1 and widget.readout["dw"] == -0.25
    _intent(widget, 2, {"layer": 3, "j": 1, "k": 2})  # a click on the edge w^3_12
    assert widget.done == 2 and widget.readout["parameter"] == "w^3_12"
    _intent(widget, 3, {"k": "bias"})  # a click on a neuron chooses its bias
    assert widget.readout["parameter"] == "b^3_1" and widget.done == 3
    _intent(widget, 4, {"dw": 9.0})  # refused, but answered: the page is never left waiting
    assert widget.done == 4 and widget.error and widget.readout["dw"] == -0.25


def test_every_edge_and_neuron_of_the_picture_can_be_clicked():
    widget = NudgeWidget()
    picks = re.findall(r'data-pick="([^"]+)"', widget.svg)
    edges = {html.unescape(p) for p in picks if '"k":"bias"' not in html.unescape(p)}
    biases = {html.unescape(p) for p in picks if '"k":"bias"' in html.unescape(p)}
    assert len(edges) == 2 * 3 + 3 * 2 and len(biases) == 3 + 2


def test_an_error_inside_the_mathematics_is_shown_not_raised(monkeypatch):
    widget = NudgeWidget()

    def broken(*args, **kwargs):
        raise FloatingPointError("overflow encountered")

    monkeypatch.setattr(widget, "compute", broken)
    widget.set(dw=0.3)
    assert widget.error == "FloatingPointError: overflow encountered"


def test_the_static_fallback_is_the_picture_and_a_summary():
    widget = NudgeWidget(layer=2, j=1, k=0, dw=0.1)
    data, _ = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["image/svg+xml"].startswith("<svg") and data["image/svg+xml"] == widget.svg
    assert data["text/plain"].endswith("w^2_10 nudged by Δw = 0.1: ΔC = 0.005533, linear 0.005628")


def test_the_network_passed_in_is_never_changed():
    net, x, y = book_network()
    before = [p.copy() for p in net.weights + net.biases]
    widget = NudgeWidget(net, x, y)
    widget.set(dw=0.9, cost="cross_entropy", layer=2, j=0, k=1)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights + net.biases))
    assert net.cost_function.name == "quadratic"


def test_the_cost_menu_offers_only_costs_the_output_allows():
    relu_out = bp.Network([2, 3, 2], activation=["sigmoid", "relu"], seed=1)
    widget = NudgeWidget(relu_out, [0.5, 0.2], [1.0, 0.0])
    costs = [spec for spec in widget.controls if spec["name"] == "cost"][0]["options"]
    assert [value for _, value in costs] == ["quadratic"]


def test_the_example_and_target_of_a_digits_network_can_be_chosen():
    example = trained_digits_network()
    _, _, test = load_digits()
    widget = NudgeWidget(
        example.net,
        example.x,
        example.y,
        layer=2,
        j=12,
        k=26,
        dw=1.0,
        dw_max=4.0,
        examples=test[:20],
    )
    assert widget.values["target"] == test[0][1]
    widget.set(example=3)
    x3, label3 = test[3]
    assert widget.values["target"] == label3  # the target follows the example
    y3 = np.zeros((10, 1))
    y3[label3] = 1.0
    assert widget.readout["dC"] == pytest.approx(
        _exact_change(example.net, x3, y3, 2, 12, 26, 1.0), rel=1e-9
    )
    widget.set(target=(label3 + 1) % 10)  # another target: the cost and ΔC change
    assert widget.readout["cost"] > 0.4


def test_saturated_neurons_are_counted_always_and_ringed_on_request():
    example = trained_digits_network()
    widget = NudgeWidget(example.net, example.x, example.y, layer=2, j=12, k=26)
    forward = example.net.forward(example.x)
    slopes = [a * (1 - a) for a in forward.activations[1:]]
    expected = int(sum((s < bp.activations.SATURATION).sum() for s in slopes))
    assert widget.readout["saturated"] == expected > 0
    assert f"{expected} saturated neurons" in widget.readout_html
    unringed = widget.svg.count('fill="none" stroke="#000000"')
    widget.set(rings=True)
    assert widget.svg.count('fill="none" stroke="#000000"') == unringed + expected


@pytest.mark.parametrize(
    "options, message",
    [
        ({"dw_max": 0}, r"dw_max: expected a finite number > 0, got 0"),
        ({"dw_max": "big"}, r"dw_max: expected a positive number, got str"),
        ({"dw": 2.0}, r"dw: expected a number in \[-1, 1\], got 2.0"),
        ({"view": "z"}, r"view: expected one of"),
        ({"net": "2-3-2"}, r"net: expected a bpcore Network, got str"),
    ],
)
def test_bad_constructor_options_are_named(options, message):
    if "net" in options:
        with pytest.raises(TypeError, match=message):
            NudgeWidget(options["net"], [0, 0], [0, 0])
        return
    with pytest.raises((TypeError, ValueError), match=message):
        NudgeWidget(**options)


def test_a_second_explorer_gets_its_own_title():
    example = trained_digits_network()
    widget = NudgeWidget(example.net, example.x, example.y, title="nudge explorer: digits")
    assert widget.title == "nudge explorer: digits"
    assert NudgeWidget().title == "nudge explorer"
    for bad in ("", "  ", 3):
        with pytest.raises(ValueError, match="title: expected a non-empty text"):
            NudgeWidget(title=bad)


def test_on_the_digits_network_output_changes_of_a_hundredth_show():
    """Notebook 10's second explorer: 50 test digits, the colour scale fixed at ±0.01."""
    example = trained_digits_network()
    _, _, test = load_digits()
    widget = NudgeWidget(
        example.net,
        example.x,
        example.y,
        layer=2,
        j=12,
        k=26,
        dw=1.0,
        dw_max=4.0,
        examples=test[:50],
        scale=0.01,
    )
    assert "clipped at ±0.01" in widget.svg
    changed = example.net.copy()
    changed.w(2)[12, 26] += 1.0
    da = changed.feedforward(example.x)[:, 0] - example.net.feedforward(example.x)[:, 0]
    fills = re.findall(r'<circle cx="[^"]+" cy="[^"]+" r="[^"]+" fill="(#[0-9a-f]{6})"', widget.svg)
    outputs = fills[30:40]  # after the 30 hidden neurons (the 64 inputs are an image)
    assert outputs == [colour(v, 0.01) for v in da]
    strong = [f for f, v in zip(outputs, da) if abs(v) >= 0.01]
    assert strong and all(f in (colour(0.01, 0.01), colour(-0.01, 0.01)) for f in strong)
    widget.set(example=49)
    x49, label49 = test[49]
    y49 = np.zeros((10, 1))
    y49[label49] = 1.0
    assert widget.values["target"] == label49
    assert widget.readout["dC"] == pytest.approx(
        _exact_change(example.net, x49, y49, 2, 12, 26, 1.0), rel=1e-9, abs=1e-15
    )


def test_the_edges_are_written_again_when_the_weights_or_the_highlight_change():
    """The picture keeps the edges' SVG between redraws; it must never show stale edges."""
    from bpcore.widgets.drawing import NetworkPicture, Scene
    from bpcore.widgets.svg import Canvas

    def drawn(picture, weights, scene):
        canvas = Canvas(600, 300)
        picture.draw(canvas, weights, scene)
        return canvas.svg()

    net, _, _ = book_network()
    picture = NetworkPicture(net.weights)
    first = drawn(picture, net.weights, Scene())
    changed = [w.copy() for w in net.weights]
    changed[1][0, 1] = -changed[1][0, 1]  # the same shapes, one sign flipped
    for weights, scene in [
        (changed, Scene()),
        (changed, Scene(active_edges={(3, 0, 1)})),
        (changed, Scene(edge_opacity=0.2)),
        (net.weights, Scene()),
    ]:
        assert drawn(picture, weights, scene) == drawn(NetworkPicture(weights), weights, scene)
    assert drawn(picture, net.weights, Scene()) == first
    assert drawn(picture, changed, Scene()) != first
