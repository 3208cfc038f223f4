"""The saturation explorer, driven from Python as the page drives it.

Every number it shows is checked against a computation written here: the sigmoid and the
two costs in closed form, ∂C/∂w and ∂C/∂b by central differences of the cost of one
neuron, the heat map's pixels against the colour of a_in·δ_out on the stated scale, and the
shaded tails against where σ′(z) = SATURATION.
"""

from __future__ import annotations

import base64
import html
import io
import re

import numpy as np
import PIL.Image
import pytest

from bpcore.activations import SATURATION
from bpcore.widgets import SaturationWidget
from bpcore.widgets.svg import DIVERGING, shown


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _cost(w, b, a_in, y, cost):
    """C of one neuron a = σ(w·a_in + b) with target y, written out."""
    a = _sigmoid(w * a_in + b)
    if cost == "cross_entropy":
        return -(y * np.log(a) + (1 - y) * np.log(1 - a))
    return 0.5 * (a - y) ** 2


def _rates(a_in, z, y, cost, h=1e-6):
    """∂C/∂w and ∂C/∂b by central differences at w = 1, b = z − a_in."""
    w, b = 1.0, z - a_in
    dC_dw = (_cost(w + h, b, a_in, y, cost) - _cost(w - h, b, a_in, y, cost)) / (2 * h)
    dC_db = (_cost(w, b + h, a_in, y, cost) - _cost(w, b - h, a_in, y, cost)) / (2 * h)
    return dC_dw, dC_db


def _shown(widget) -> str:
    return html.unescape(re.sub("<[^>]+>", " ", widget.readout_html)).replace("\u2212", "-")


def _heat_map(widget) -> np.ndarray:
    """The heat map's pixels (rows from the top), decoded from the picture."""
    uri = re.search(r'<image href="data:image/png;base64,([^"]+)" x="520"', widget.svg).group(1)
    return np.asarray(PIL.Image.open(io.BytesIO(base64.b64decode(uri))))


CASES = [
    (0.8, 0.0, 0.0),
    (0.05, 1.0, 1.0),
    (0.9, 7.5, 0.0),  # saturated and wrong
    (0.6, -6.0, 1.0),  # saturated and wrong, the other tail
    (0.7, -6.0, 0.0),  # saturated and right
    (0.0, 2.0, 0.3),  # no input: the weight cannot learn here
]


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
@pytest.mark.parametrize("a_in, z, y", CASES)
def test_the_readout_is_bp1_and_bp4_in_closed_form_and_by_finite_differences(a_in, z, y, cost):
    widget = SaturationWidget(cost=cost).set(a_in=a_in, z=z, y=y)
    r = widget.readout
    assert widget.error == ""
    a = _sigmoid(z)
    slope = np.exp(-z) / (1 + np.exp(-z)) ** 2
    assert r["a"] == pytest.approx(a, rel=1e-12)
    assert r["sigma_prime"] == pytest.approx(slope, rel=1e-9)
    assert r["saturated"] == (slope < SATURATION)
    # BP1 in closed form: quadratic (a − y)σ′(z); cross-entropy a − y
    delta = a - y if cost == "cross_entropy" else (a - y) * slope
    assert r["delta"] == pytest.approx(delta, rel=1e-9, abs=1e-15)
    dC_dw, dC_db = _rates(a_in, z, y, cost)
    assert r["dC_dw"] == pytest.approx(dC_dw, rel=1e-6, abs=1e-10)
    assert r["dC_db"] == pytest.approx(dC_db, rel=1e-6, abs=1e-10)
    # the page shows them with four significant digits
    text = _shown(widget)
    for value in (r["delta"], r["dC_dw"], r["sigma_prime"]):
        assert shown(value, 4).replace("\u2212", "-") in text.replace("+", ""), (value, text)
    assert ("σ′ cancels" in text) == (cost == "cross_entropy")


@pytest.mark.parametrize(
    "a_in, z, y, cost, reason",
    [
        (0.8, 5.0, 0.0, "quadratic", "saturated"),  # confidently wrong: slow
        (0.8, 5.0, 0.0, "cross_entropy", "learning"),  # the cure for the output neuron
        (0.8, -5.0, 0.0, "quadratic", "right"),  # saturated too, but right
        (0.02, 0.0, 1.0, "quadratic", "low input"),
        (0.8, 0.5, 1.0, "quadratic", "learning"),
    ],
)
def test_the_verdict_tells_a_small_error_from_a_small_slope(a_in, z, y, cost, reason):
    widget = SaturationWidget(a_in=a_in, z=z, y=y, cost=cost)
    r = widget.readout
    assert r["reason"] == reason
    if reason == "saturated":  # wrong by almost 1, but the slope throttles it
        assert abs(r["a"] - y) > 0.9 and r["sigma_prime"] < SATURATION
        assert "although its output is wrong" in widget.readout_html
    if reason == "right":
        assert abs(r["a"] - y) < 0.05 and "already right" in widget.readout_html


def test_the_heat_map_keeps_the_sign_of_dC_dw_on_its_stated_scale():
    widget = SaturationWidget(a_in=0.5, z=0.0, y=0.5)
    pixels = _heat_map(widget)
    assert pixels.shape == (101, 201, 4)
    # the colour bar states ±halfrange: the largest |a_in · δ_out| on the grid
    zs, a_ins = np.linspace(-10, 10, 201), np.linspace(0, 1, 101)
    grid = a_ins[:, None] * (_sigmoid(zs) - 0.5) * _sigmoid(zs) * (1 - _sigmoid(zs))
    halfrange = np.abs(grid).max()
    assert widget.readout["halfrange"] == pytest.approx(halfrange, rel=1e-12)
    assert f"+{halfrange:.3g}" in widget.svg and f"\u2212{halfrange:.3g}" in widget.svg
    for row, col in [(0, 50), (100, 50), (100, 150), (80, 120), (30, 90)]:  # a_in row, z col
        value = grid[row, col]
        expected = np.array(DIVERGING(0.5 + 0.5 * value / halfrange, bytes=True))
        assert np.abs(pixels[100 - row, col].astype(int) - expected).max() <= 1
    # y = 0.5: δ < 0 where a < y (z < 0) and > 0 where a > y: blue on the left, red on the right
    left, right = pixels[0, 90], pixels[0, 110]
    assert left[2] > left[0] and right[0] > right[2]
    assert (pixels[100] == pixels[100, 0]).all()  # a_in = 0: white, the weight cannot learn


def test_the_saturated_tails_are_shaded_where_sigma_prime_falls_below_the_threshold():
    widget = SaturationWidget()
    # σ′(z) = a(1 − a) = SATURATION where a = (1 + √(1 − 4s))/2
    a = (1 + np.sqrt(1 - 4 * SATURATION)) / 2
    edge = np.log(a / (1 - a))
    assert _sigmoid(edge) * (1 - _sigmoid(edge)) == pytest.approx(SATURATION)
    rects = re.findall(
        r'<rect x="([\d.]+)" y="34" width="([\d.]+)" height="230" fill="#d9d9d9"', widget.svg
    )
    assert len(rects) == 2
    px = 360 / 20  # the chart is 360 px wide for z from −10 to 10
    (x0, w0), (x1, w1) = [(float(x), float(w)) for x, w in rects]
    assert x0 == pytest.approx(60) and x0 + w0 == pytest.approx(60 + (10 - edge) * px, abs=0.01)
    assert x1 == pytest.approx(60 + (10 + edge) * px, abs=0.01)
    assert f"saturated: σ′ &lt; {SATURATION:g}" in widget.svg


def test_the_tails_say_which_one_is_right_for_the_target():
    widget = SaturationWidget(y=0.0)
    assert "a ≈ y: right" in widget.svg and "wrong by 1.00" in widget.svg
    widget.set(y=1.0)
    labels = re.findall(r">(a ≈ y: right|wrong by [\d.]+)<", widget.svg)
    assert labels == ["wrong by 1.00", "a ≈ y: right"]


def test_the_page_moves_it_through_intents_and_refused_values_change_nothing():
    widget = SaturationWidget()
    widget.intent = {"seq": 1, "values": {"z": 4.0}, "action": None}
    assert widget.done == 1 and widget.readout["z"] == 4.0
    widget.intent = {"seq": 2, "values": {"cost": "cross_entropy", "y": 1.0}, "action": None}
    assert widget.readout["cost"] == "cross_entropy" and widget.readout["y"] == 1.0
    before = (dict(widget.values), widget.svg, widget.readout_html)
    widget.intent = {"seq": 3, "values": {"z": 11.0}, "action": None}
    assert widget.done == 3 and "z: expected a number in [-10, 10]" in widget.error
    assert (dict(widget.values), widget.svg, widget.readout_html) == before
    widget.set(cost="absolute")
    assert "cost: expected one of 'quadratic', 'cross_entropy'" in widget.error
    widget.set(a_in=0.5)
    assert widget.error == "" and widget.readout["a_in"] == 0.5


@pytest.mark.parametrize(
    "options, message",
    [
        ({"a_in": 1.5}, r"a_in: expected a number in \[0, 1\], got 1.5"),
        ({"z": "big"}, r"z: expected a number"),
        ({"y": -0.1}, r"y: expected a number in \[0, 1\]"),
        ({"cost": "log_likelihood"}, r"cost: expected one of"),
    ],
)
def test_bad_constructor_options_are_named(options, message):
    with pytest.raises((TypeError, ValueError), match=message):
        SaturationWidget(**options)


def test_the_static_fallback_is_the_picture_and_a_summary():
    widget = SaturationWidget(a_in=0.8, z=5.0, y=0.0)
    data, _ = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["image/svg+xml"] == widget.svg and widget.svg.startswith("<svg")
    assert data["text/plain"] == (
        "SaturationWidget: a_in = 0.8, z = 5, y = 0 (quadratic): σ′(z) = 0.006648, "
        "δ_out = 0.006604, ∂C/∂w = 0.005283"
    )
