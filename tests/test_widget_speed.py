"""The speed explorer (notebook 09): its counts against counts made here, by hand and by
counting the forward passes while finite differences run; its timings consistent with
what it says it extrapolates; its static output free of timings."""

from __future__ import annotations

import html
import re

import numpy as np
import pytest

import bpcore as bp
from bpcore.activations import SIGMOID
from bpcore.widgets import SpeedWidget
from bpcore.widgets.speed import PRESETS


def counted_passes(sizes, method):
    """Forward passes made while ``method`` computes one gradient: the output σ counts them."""
    calls = [0]

    def sigma(z):
        calls[0] += 1
        return 1.0 / (1.0 + np.exp(-z))

    output = bp.custom(sigma, SIGMOID.derivative, name="counted")
    net = bp.Network(sizes, activation=["sigmoid"] * (len(sizes) - 2) + [output], seed=0)
    x, y = np.full((sizes[0], 1), 0.3), np.full((sizes[-1], 1), 0.6)
    if method == "backprop":
        bp.backprop(net, x, y)
    else:
        bp.numerical_gradient(net, x, y, method=method)
    return calls[0]


def shown(widget) -> str:
    return html.unescape(re.sub("<[^>]+>", "", widget.readout_html.replace("<br>", " ")))


@pytest.mark.parametrize("sizes", [[2, 3, 2], [2, 5, 4, 2], [3, 1, 2]])
def test_the_counted_passes_are_the_passes_finite_differences_make(sizes):
    inputs, *hidden, outputs = sizes
    widget = SpeedWidget("2-3-2")
    widget._controls["inputs"] = type(widget._controls["inputs"])(  # allow 3 inputs here
        "inputs", "inputs", [(str(n), n) for n in (2, 3, 64, 784)]
    )
    widget.set(inputs=inputs, h1=hidden[0], h2=hidden[1] if len(hidden) > 1 else 0, outputs=2)
    assert widget.error == "" and widget.readout["sizes"] == sizes
    r = widget.readout
    assert r["passes_forward"] == counted_passes(sizes, "forward")
    assert r["passes_central"] == counted_passes(sizes, "central")
    assert counted_passes(sizes, "backprop") == 1


@pytest.mark.parametrize("preset", list(PRESETS))
def test_the_counts_of_every_preset_by_hand(preset):
    sizes = PRESETS[preset]
    widget = SpeedWidget(preset)
    r = widget.readout
    weights = [a * b for a, b in zip(sizes[:-1], sizes[1:])]
    W, biases = sum(weights), sum(sizes[1:])
    assert (r["weights"], r["biases"], r["parameters"]) == (W, biases, W + biases)
    assert r["passes_forward"] == W + biases + 1 and r["passes_central"] == 2 * (W + biases)
    bp2 = sum(weights[1:])  # no δ^1: the first layer's weights are never transposed
    assert r["backprop_multiply_adds"] == W + bp2 + W
    assert r["backprop_in_forward_passes"] == pytest.approx((2 * W + bp2) / W)
    assert r["arithmetic_ratio"] == pytest.approx((W + biases + 1) * W / (2 * W + bp2))
    text = shown(widget)
    assert f"P = {W + biases:,} parameters" in text
    assert f"{W + biases + 1:,} forward passes (eq. 46)" in text
    assert f"= {(2 * W + bp2) / W:.3g} forward passes of arithmetic" in text
    assert "Timed" not in text and "t_forward" not in r  # nothing timed until asked


def test_the_books_network_and_the_million_weights():
    r = SpeedWidget("784-30-10").readout
    assert r["passes_forward"] == 23_861 and r["backprop_in_forward_passes"] == pytest.approx(
        2.0126, abs=1e-4
    )
    r = SpeedWidget("784-1000-200-10").readout
    assert r["weights"] == 986_000 and r["backprop_in_forward_passes"] == pytest.approx(
        2.2049, abs=1e-4
    )


def test_a_preset_sets_the_sizes_and_sizes_select_their_preset():
    widget = SpeedWidget("2-3-2")
    widget.set(preset="784-1000-200-10")
    assert [widget.values[k] for k in ("inputs", "h1", "h2", "outputs")] == [784, 1000, 200, 10]
    widget.set(h2=0, h1=30)
    assert widget.values["preset"] == "784-30-10"
    widget.set(h1=31)
    assert widget.values["preset"] == "custom" and widget.readout["sizes"] == [784, 31, 10]
    widget.intent = {"seq": 1, "values": {"preset": "64-30-10"}, "action": None}
    assert widget.done == 1 and widget.readout["sizes"] == [64, 30, 10]


def test_time_it_measures_and_says_what_it_extrapolates():
    widget = SpeedWidget("64-30-10")
    static = widget.svg
    widget.intent = {"seq": 1, "values": {}, "action": "time"}
    assert widget.done == 1 and widget.error == ""
    r = widget.readout
    assert 0 < r["t_forward"] < 1 and 0 < r["t_backprop"] < 1
    assert r["t_finite_differences"] == pytest.approx(r["passes_forward"] * r["t_forward"])
    assert r["timed_ratio"] == pytest.approx(r["t_finite_differences"] / r["t_backprop"])
    text = shown(widget)
    assert "eq. 46 extrapolated: 2,261 ×" in text and "seconds on this machine" in widget.svg
    assert widget.svg != static
    widget.set(h1=40)  # another network: its timing is not known yet
    assert "t_forward" not in widget.readout and "Timed" not in shown(widget)
    widget.set(h1=30)  # back: the timing made for it is shown again
    assert widget.readout["t_forward"] == r["t_forward"]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"h1": 0}, r"h1: expected an integer in 1..1,000"),
        ({"h2": 1001}, r"h2: expected an integer in 0..1,000"),
        ({"inputs": 5}, r"inputs: expected one of 2, 64, 784"),
        ({"preset": "784-30"}, r"preset: expected one of '2-3-2'"),
    ],
)
def test_a_refused_value_changes_nothing(changes, message):
    widget = SpeedWidget()
    before = (dict(widget.values), widget.svg, widget.readout_html)
    widget.set(**changes)
    assert re.search(message, widget.error), widget.error
    assert (dict(widget.values), widget.svg, widget.readout_html) == before


def test_bad_preset_is_named_and_the_static_output_is_deterministic():
    with pytest.raises(ValueError, match="preset: expected one of 2-3-2"):
        SpeedWidget("1-2-3")
    data, _ = SpeedWidget()._repr_mimebundle_()
    assert data["image/svg+xml"] == SpeedWidget().svg
    assert data["text/plain"] == (
        "SpeedWidget([784, 30, 10]): P = 23,860; eq. 46 needs 23,861 forward passes, "
        "backprop ≈ 2.01"
    )
