"""The chain explorer (bpcore.widgets.chain), driven from Python as the page drives it.

Every number it shows is checked against the chain computed here by hand: σ written out
with math.exp, the factors of ∂C/∂w_1 multiplied in a loop, ∂C/∂w_1 by central
differences of that cost, and the exact ΔC from running the chain again with w_1 + Δw_1.
No bpcore function is used for the expected values.
"""

from __future__ import annotations

import html
import math
import re

import numpy as np
import pytest

from bpcore.widgets import ChainWidget
from bpcore.widgets.svg import colour


def _sigma(h: float) -> float:
    return 1.0 / (1.0 + math.exp(-h))


def _run(x: float, weights: list[float], y: float) -> tuple[list[float], list[float], float]:
    """h_i = w_i a_{i-1} (a_0 = x), a_i = σ(h_i); C = ½ (ŷ − y)²."""
    hs, activations, a = [], [], x
    for w in weights:
        hs.append(w * a)
        a = _sigma(w * a)
        activations.append(a)
    return hs, activations, 0.5 * (a - y) ** 2


def _by_hand(x: float, weights: list[float], y: float) -> dict:
    hs, activations, cost = _run(x, weights, y)
    slopes = [_sigma(h) * (1 - _sigma(h)) for h in hs]
    factors = [x]
    for i, slope in enumerate(slopes):
        if i > 0:
            factors.append(weights[i])
        factors.append(slope)
    factors.append(activations[-1] - y)
    step = 1e-6
    up = _run(x, [weights[0] + step, *weights[1:]], y)[2]
    down = _run(x, [weights[0] - step, *weights[1:]], y)[2]
    return {
        "h": hs,
        "a": activations,
        "cost": cost,
        "slopes": slopes,
        "factors": factors,
        "product": math.prod(factors),
        "numeric": (up - down) / (2 * step),
    }


def _weights(widget: ChainWidget) -> list[float]:
    return [widget.values[f"w_{i}"] for i in range(1, widget.n + 1)]


def _shown_numbers(text: str) -> list[float]:
    plain = html.unescape(re.sub("<[^>]+>", " ", text)).replace("\u2212", "-")
    return [float(t) for t in re.findall(r"[-+]?\d+\.?\d*(?:e[-+]?\d+)?", plain)]


def _assert_shows(widget: ChainWidget) -> None:
    v = widget.values
    truth = _by_hand(v["x"], _weights(widget), v["y"])
    r = widget.readout
    assert widget.error == ""
    np.testing.assert_allclose([value for _, value in r["factors"]], truth["factors"], rtol=1e-9)
    assert r["product"] == pytest.approx(truth["product"], rel=1e-9, abs=1e-300)
    assert r["backprop"] == pytest.approx(truth["numeric"], rel=1e-6, abs=1e-10)
    np.testing.assert_allclose(r["running"], np.cumprod(truth["factors"]), rtol=1e-9)
    np.testing.assert_allclose(r["h"], truth["h"], rtol=1e-12)
    assert r["cost"] == pytest.approx(truth["cost"], rel=1e-12)
    changed = _run(v["x"], [v["w_1"] + v["dw"], *_weights(widget)[1:]], v["y"])[2]
    assert r["dC"] == pytest.approx(changed - truth["cost"], rel=1e-9, abs=1e-16)
    assert r["dC_linear"] == pytest.approx(truth["product"] * v["dw"], rel=1e-9, abs=1e-300)
    # the page shows the same numbers, 4 significant digits
    shown = _shown_numbers(widget.readout_html)
    for value in (truth["product"], truth["numeric"], r["dC"], truth["product"] * v["dw"]):
        assert any(abs(s - value) <= 5e-4 * abs(value) + 1e-15 for s in shown), (value, shown)
    # the picture follows the nudge down the chain (eq. 79-84): each neuron's exact Δa and ΔC
    _, nudged, _ = _run(v["x"], [v["w_1"] + v["dw"], *_weights(widget)[1:]], v["y"])
    drawn = [
        float(t.replace("\u2212", "-"))
        for t in re.findall(r">Δa = ([^<]+)<", html.unescape(widget.svg))
    ]
    assert len(drawn) == widget.n
    for value, after, before in zip(drawn, nudged, truth["a"]):
        assert value == pytest.approx(after - before, rel=5e-3, abs=1e-300)
    (cost_change,) = re.findall(r">ΔC = ([^<]+)<", html.unescape(widget.svg))
    assert float(cost_change.replace("\u2212", "-")) == pytest.approx(r["dC"], rel=5e-3)
    # the neurons are coloured by σ'(h) on the scale the legend states (white 0, red ¼)
    fills = re.findall(r'<circle cx="[^"]+" cy="[^"]+" r="16" fill="(#[0-9a-f]{6})"', widget.svg)
    assert fills[: widget.n] == [colour(s, 0.25) for s in truth["slopes"]]


def test_it_starts_with_the_numbers_of_the_chain():
    widget = ChainWidget(x=1.0, weights=[0.8, -1.5, 2.0], y=0.9, dw=0.01)
    _assert_shows(widget)
    assert [name for name, _ in widget.readout["factors"]] == [
        "x",
        "σ'(h_1)",
        "w_2",
        "σ'(h_2)",
        "w_3",
        "σ'(h_3)",
        "∂C/∂ŷ",
    ]
    # the notebook's numbers: ∂C/∂w_1 = 0.007882, ΔC = 7.866e-05 against 7.882e-05
    assert widget.summary() == (
        "ChainWidget(3 neurons): ∂C/∂w_1 = 0.007882 (backprop 0.007882); Δw_1 = 0.01: "
        "ΔC = 7.866e-05, product·Δw_1 = 7.882e-05"
    )


@pytest.mark.parametrize(
    "changes",
    [{"w_2": 1.7}, {"x": -0.4}, {"y": 0.8}, {"dw": 0.35}, {"dw": -1.0}, {"w_1": 4.0, "x": 3.0}],
)
def test_every_control_moves_the_numbers_and_the_picture(changes):
    widget = ChainWidget(x=0.9, weights=[0.5, -1.0, 2.0], y=0.1, dw=0.01)
    before = widget.svg, widget.readout_html
    widget.set(**changes)
    _assert_shows(widget)
    assert widget.svg != before[0] and widget.readout_html != before[1]


def test_the_page_moves_it_through_intents():
    widget = ChainWidget()
    widget.intent = {"seq": 1, "values": {"w_3": -2.5}, "action": None}
    assert widget.done == 1 and widget.values["w_3"] == -2.5
    _assert_shows(widget)
    widget.intent = {"seq": 2, "values": {"w_3": 9.0}, "action": None}  # refused, answered
    assert widget.done == 2 and "w_3: expected a number in [-4, 4]" in widget.error
    assert widget.values["w_3"] == -2.5


def test_a_large_weight_meeting_a_small_activation_makes_a_factor_above_one():
    # a_1 = σ(−2.2) ≈ 0.0998, then w_2 = 6: w_2 σ'(w_2 a_1) ≈ 1.37 > 1 — the product grows there
    widget = ChainWidget(x=1.0, weights=[-2.2, 6.0], y=0.0, weight_range=8.0)
    _assert_shows(widget)
    running = widget.readout["running"]  # x, ·σ'(h_1), ·w_2, ·σ'(h_2), ·∂C/∂ŷ
    a1 = _sigma(-2.2)
    link = 6.0 * _sigma(6.0 * a1) * (1 - _sigma(6.0 * a1))
    assert link == pytest.approx(1.37, abs=0.005)
    assert running[3] / running[1] == pytest.approx(link, rel=1e-9)


def test_a_zero_nudge_and_a_zero_factor():
    widget = ChainWidget(x=0.0, weights=[1.0, 1.0], y=0.5, dw=0.0)
    _assert_shows(widget)
    r = widget.readout
    assert r["product"] == 0.0 and r["dC"] == 0.0 and r["relative_difference"] is None
    assert "apart by —" in widget.readout_html


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"w_1": 10.0}, r"w_1: expected a number in \[-4, 4\], got 10.0"),
        ({"w_9": 1.0}, r"w_9: not a control of ChainWidget"),
        ({"x": float("nan")}, r"x: expected a number in \[-3, 3\], got nan"),
        ({"y": 1.5}, r"y: expected a number in \[0, 1\], got 1.5"),
        ({"dw": "big"}, r"dw: expected a number in \[-1, 1\], got str"),
    ],
)
def test_a_refused_value_changes_nothing(changes, message):
    widget = ChainWidget()
    before = (dict(widget.values), widget.svg, widget.readout_html, dict(widget.readout))
    widget.set(**changes)
    assert re.search(message, widget.error), widget.error
    assert (dict(widget.values), widget.svg, widget.readout_html, dict(widget.readout)) == before


@pytest.mark.parametrize(
    "options, error, message",
    [
        ({"weights": []}, ValueError, r"weights: expected 1 to 10 weights, got 0"),
        ({"weights": "0.5"}, TypeError, r"weights: expected a list of numbers, got str"),
        ({"weights": [0.5] * 11}, ValueError, r"weights: expected 1 to 10 weights, got 11"),
        ({"weights": [0.5, 7.0]}, ValueError, r"weights\[1\] \(w_2\): expected a number in"),
        ({"weight_range": 0}, ValueError, r"weight_range: expected a finite number > 0"),
        ({"x": 5.0}, ValueError, r"x: expected a number in \[-3, 3\], got 5.0"),
        ({"dw": 2.0}, ValueError, r"dw: expected a number in \[-1, 1\], got 2.0"),
        ({"activation": "softmax"}, ValueError, r"activation: expected an elementwise"),
    ],
)
def test_bad_constructor_options_are_named(options, error, message):
    with pytest.raises(error, match=message):
        ChainWidget(**options)


def test_the_static_fallback_is_the_picture_and_a_summary():
    widget = ChainWidget(x=1.0, weights=[1.0] * 10, y=0.0)
    _assert_shows(widget)
    data, _ = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["image/svg+xml"] == widget.svg and widget.svg.startswith("<svg")
    assert data["text/plain"].startswith("ChainWidget(10 neurons): ∂C/∂w_1 = 1.835e-07")
    # the running product's axis is labelled in powers of ten, down to the last product
    assert "1e−7" in widget.svg
