"""The line explorer, driven from Python as the page drives it.

Every number it shows is checked against a computation written here: the errors and both
costs from their definitions, the gradient from central differences of the cost, the
descent from a loop of m ← m − η ∂C/∂m, c ← c − η ∂C/∂c with those differences.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pytest

from bpcore.widgets import LineWidget
from bpcore.widgets.line import ERROR, PATH

A_B = (np.array([1.0, 2.0]), np.array([2.0, 3.0]))  # notebook 02's two points


def _cost(m, c, x, y, kind):
    r = m * x + c - y
    return 0.5 * float(np.sum(r * r)) if kind == "squared" else float(np.sum(np.abs(r)))


def _slopes(m, c, x, y, kind, h=1e-7):
    """(∂C/∂m, ∂C/∂c) by central differences (away from the absolute cost's kinks)."""
    dm = (_cost(m + h, c, x, y, kind) - _cost(m - h, c, x, y, kind)) / (2 * h)
    dc = (_cost(m, c + h, x, y, kind) - _cost(m, c - h, x, y, kind)) / (2 * h)
    return dm, dc


def _descent(m, c, eta, steps, x, y, kind, both=True):
    """Gradient descent with the gradient written out (sign(r) for the absolute cost)."""
    ms, cs = [m], [c]
    for _ in range(steps):
        r = m * x + c - y
        outer = r if kind == "squared" else np.sign(r)
        m, c = m - eta * float(np.sum(outer * x)), (c - eta * float(np.sum(outer))) if both else c
        ms.append(m)
        cs.append(c)
    return np.array(ms), np.array(cs), _cost(m, c, x, y, kind)


def _shown_numbers(widget) -> list[float]:
    text = html.unescape(re.sub("<[^>]+>", " ", widget.readout_html)).replace("\u2212", "-")
    return [float(t) for t in re.findall(r"[-+]?\d+\.?\d*(?:e[-+]?\d+)?", text)]


def _is_shown(value: float, widget) -> bool:
    return any(abs(s - value) <= 5e-4 * abs(value) + 1e-12 for s in _shown_numbers(widget))


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"m": 1.5, "c": -0.5},
        {"eta": 0.005, "steps": 40},
        {"cost": "absolute", "m": 0.3, "c": 0.7},
        {"train": "m", "eta": 0.1, "steps": 12},
        {"train": "m", "cost": "absolute", "eta": 0.1, "steps": 12},
        {"eta": 0.35, "steps": 30},
    ],
)
def test_every_number_shown_is_the_independent_computation(changes):
    x, y = A_B
    widget = LineWidget(x, y, m=1.0, c=0.0, eta=0.2, steps=50).set(**changes)
    assert widget.error == ""
    v, r = widget.values, widget.readout
    m, c, kind = v["m"], v["c"], v["cost"]
    np.testing.assert_allclose(r["residuals"], m * x + c - y, rtol=1e-12)
    assert r["cost_squared"] == pytest.approx(_cost(m, c, x, y, "squared"), rel=1e-12)
    assert r["cost_absolute"] == pytest.approx(_cost(m, c, x, y, "absolute"), rel=1e-12)
    assert r["gradient"] == pytest.approx(_slopes(m, c, x, y, kind), rel=1e-6, abs=1e-6)
    ms, cs, end = _descent(m, c, v["eta"], v["steps"], x, y, kind, v["train"] == "both")
    assert (r["m_end"], r["c_end"]) == pytest.approx((ms[-1], cs[-1]), rel=1e-9)
    assert r["cost_end"] == pytest.approx(end, rel=1e-9)
    for value in (r["cost_squared"], r["cost_absolute"], *r["gradient"], r["cost_end"]):
        assert _is_shown(value, widget), (value, widget.readout_html)
    assert _is_shown(r["m_end"], widget) and _is_shown(r["c_end"], widget)


def test_the_start_of_notebook_02_reads_as_its_text():
    widget = LineWidget(*A_B, m=1.0, c=0.0, eta=0.35, steps=30)
    text = html.unescape(re.sub("<[^>]+>", "", widget.readout_html))
    assert "f(x) = 1·x + 0" in text and "errors ri = −1, −1" in text
    assert "½Σr² = 1" in text and "Σ|r| = 2" in text and "∂C/∂m = −3, ∂C/∂c = −2" in text
    assert "30 steps of η = 0.35 on m and c" in text
    assert widget.summary().startswith("LineWidget: f(x) = 1·x + 0, ½Σr² = 1, Σ|r| = 2;")


@pytest.mark.parametrize(
    "sent, kept",
    [
        ({"c": 1.1102230246251565e-15}, {"c": 0.0}),
        ({"c": -0.001}, {"c": 0.0}),
        ({"eta": 0.35000000000000003}, {"eta": 0.35}),
        ({"eta": 0.355}, {"eta": 0.355}),
        ({"m": 0.1 + 0.2}, {"m": 0.3}),
    ],
)
def test_slider_values_are_exact_decimals(sent, kept):
    widget = LineWidget(*A_B)
    widget.intent = {"seq": 1, "values": sent, "action": None}
    assert widget.done == 1 and widget.error == ""
    for name, value in kept.items():
        assert widget.values[name] == value and repr(widget.values[name]) == repr(value)
    assert "e-15" not in widget.readout_html and "e-15" not in widget.svg
    if "c" in kept:
        assert "f(x) = 1·x + 0 " in html.unescape(widget.readout_html)


def test_the_eta_slider_holds_every_rate_the_notebook_uses():
    spec = next(s for s in LineWidget(*A_B).controls if s["name"] == "eta")
    for eta in (0.01, 0.02, 0.1, 0.2, 0.29, 0.35, 0.45):
        n = (eta - spec["min"]) / spec["step"]
        assert abs(n - round(n)) < 1e-9 and spec["min"] <= eta <= spec["max"]


def test_the_picture_draws_what_the_state_has():
    widget = LineWidget(*A_B, m=1.0, c=0.0, eta=0.2, steps=0)
    svg = widget.svg
    assert svg.startswith("<svg") and "data:image/png;base64," in svg  # the heat map
    assert svg.count(f'stroke="{ERROR}"') == 2 + 1  # one bar per point, and its legend
    assert "descent" not in svg and "steps, η" not in svg  # no path: no legend entry
    widget.set(steps=20)
    assert "20 steps, η = 0.2" in widget.svg and ">descent<" not in widget.svg
    widget.set(train="m")  # the descent walks on the curve C(m): drawn there too
    assert ">descent<" in widget.svg
    assert "both costs against m, at c = 0" in widget.svg
    widget.set(cost="absolute")
    assert "absolute cost over (m, c)" in widget.svg


def test_a_diverging_descent_is_refused_and_changes_nothing():
    widget = LineWidget(steps=100, eta=0.01)
    before = (dict(widget.values), widget.svg, widget.readout_html)
    widget.set(eta=0.5, steps=200)  # the default data: η far beyond 2/λ_max
    assert widget.error.startswith("ValueError: eta: the steps diverged")
    assert (dict(widget.values), widget.svg, widget.readout_html) == before
    widget.set(eta=0.02)
    assert widget.error == "" and widget.readout["eta"] == 0.02


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"m": 100.0}, r"m: expected a number in \[-1, 4\], got 100.0"),
        ({"steps": 3.5}, r"steps: expected an integer"),
        ({"cost": "cubic"}, r"cost: expected one of 'squared', 'absolute'"),
        ({"train": "c"}, r"train: expected one of 'both', 'm'"),
        ({"eta": 0.0}, r"eta: expected a number in \[0.001, 0.5\]"),
        ({"speed": 1}, r"speed: not a control of LineWidget"),
    ],
)
def test_a_refused_value_is_shown_and_changes_nothing(changes, message):
    widget = LineWidget(*A_B)
    before = (dict(widget.values), widget.svg, widget.readout_html)
    widget.set(**changes)
    assert re.search(message, widget.error), widget.error
    assert (dict(widget.values), widget.svg, widget.readout_html) == before


@pytest.mark.parametrize(
    "options, message",
    [
        ({"m": 100.0}, r"m: expected a number in"),
        ({"eta_max": 0}, r"eta_max: expected a number in"),
        ({"m_range": (0.5, 2)}, r"m_range: expected whole numbers"),
        ({"c_range": "wide"}, r"c_range: expected a pair"),
        ({"x": [1.0, 2.0], "y": [1.0]}, r"y: expected 2 values, one per x"),
    ],
)
def test_bad_constructor_options_are_named(options, message):
    with pytest.raises(ValueError, match=message):
        LineWidget(**options)


def test_the_page_moves_it_through_intents():
    widget = LineWidget(*A_B, m=1.0, c=0.0)
    widget.intent = {"seq": 1, "values": {"m": 1.6}, "action": None}
    assert widget.done == 1 and widget.readout["m"] == 1.6
    assert widget.readout["cost_squared"] == pytest.approx(_cost(1.6, 0.0, *A_B, "squared"))
    widget.intent = {"seq": 2, "values": {"m": 99.0}, "action": None}  # refused, answered
    assert widget.done == 2 and widget.error and widget.readout["m"] == 1.6


def test_the_static_fallback_is_the_picture_and_a_summary():
    widget = LineWidget(*A_B, m=1.0, c=0.0, eta=0.2, steps=200)
    data, _ = widget._repr_mimebundle_()
    assert data["image/svg+xml"] == widget.svg
    ms, cs, end = _descent(1.0, 0.0, 0.2, 200, *A_B, "squared")
    text = data["text/plain"].replace("\u2212", "-")
    shown = re.search(r"m = (\S+), c = (\S+), C = (\S+)$", text).groups()
    assert [float(s) for s in shown] == pytest.approx([ms[-1], cs[-1], end], rel=5e-4)
    assert PATH in widget.svg
