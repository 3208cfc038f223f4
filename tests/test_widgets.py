"""The explorers not yet moved to the SVG base (bpcore.widgets.legacy), driven from Python.

The nudge explorer and the base are tested in test_widget_nudge.py."""

import base64
import io

import matplotlib

matplotlib.use("Agg")  # no display in tests; set here, not in the shared conftest

import numpy as np  # noqa: E402
import PIL.Image  # noqa: E402
import pytest  # noqa: E402

import bpcore as bp  # noqa: E402
from bpcore import line  # noqa: E402
from bpcore.examples import (  # noqa: E402
    book_network,
    digit_as_mnist,
    trained_digits_network,
    wide_network,
)
from bpcore.widgets import LineWidget, SaturationWidget  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(PIL.Image.open(io.BytesIO(png)))


def _expected_nudge(net, x, y, readout, cost=None):
    """The same nudge computed by bpcore directly, on an independent copy of the network."""
    other = net.copy()
    if cost is not None:
        other.cost_function = bp.get_cost(cost)
    return bp.nudge(other, x, y, readout["layer"], readout["j"], readout["k"], readout["dw"])


def _assert_readout_is_bpcore(widget, net, x, y, cost=None):
    n = _expected_nudge(net, x, y, widget.readout, cost)
    r = widget.readout
    assert widget.error is None
    assert r["parameter"] == n.parameter
    np.testing.assert_allclose(
        [r["dC"], r["dC_linear"], r["gradient"], r["gap"], r["cost"]],
        [n.dC, n.dC_linear, n.gradient, n.gap, n.cost],
        rtol=1e-12,
        atol=1e-15,
    )
    if n.dC != 0:
        assert r["relative_difference"] == pytest.approx(abs(n.gap) / abs(n.dC))
    # The HTML readout shows the same numbers.
    assert f"{n.dC:.6g}" in widget.text.value and f"{n.dC_linear:.6g}" in widget.text.value


# --- SaturationWidget ----------------------------------------------------------------------------


def _cost_of_w(w, a_in, b, y, cross_entropy):
    a = 1.0 / (1.0 + np.exp(-(w * a_in + b)))
    if cross_entropy:
        return -(y * np.log(a) + (1 - y) * np.log(1 - a))
    return 0.5 * (a - y) ** 2


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_saturation_widget_gradient_is_a_in_times_delta(cost):
    widget = SaturationWidget(cost=cost)
    for a_in, z, y in [(0.8, 0.0, 0.0), (0.05, 1.0, 1.0), (0.9, 7.5, 0.0), (0.6, -6.0, 1.0)]:
        widget.set(a_in=a_in, z=z, y=y)
        r = widget.readout
        assert widget.error is None
        sigma_prime = np.exp(-z) / (1 + np.exp(-z)) ** 2
        assert r["sigma_prime"] == pytest.approx(sigma_prime)
        assert r["saturated"] == (sigma_prime < 0.05)
        assert r["dC_dw"] == pytest.approx(a_in * r["delta"], rel=1e-12)
        # ∂C/∂w by central differences of the cost of w (w = 1, b = z - a_in)
        b, eps = z - a_in, 1e-6
        numeric = (
            _cost_of_w(1 + eps, a_in, b, y, cost == "cross_entropy")
            - _cost_of_w(1 - eps, a_in, b, y, cost == "cross_entropy")
        ) / (2 * eps)
        assert r["dC_dw"] == pytest.approx(numeric, rel=1e-6, abs=1e-10)
    # the heat map holds a_in·δ for every (a_in, z) of its grid
    grid = np.asarray(widget.map.get_array())
    assert grid.shape == (widget.a_grid.size, widget.z_grid.size)
    np.testing.assert_allclose(grid[0], 0.0)  # a_in = 0: the weight cannot learn


def test_saturation_widget_out_of_range():
    widget = SaturationWidget()
    widget.set(z=11.0)
    assert "z: expected a number in [-10, 10]" in widget.error
    assert widget.readout["z"] == 0.0
    with pytest.raises(ValueError, match="a_in"):
        SaturationWidget(a_in=1.5)


# --- LineWidget ----------------------------------------------------------------------------------


def test_line_widget_shows_bpcore_line_numbers():
    widget = LineWidget(m=0.2, c=0.1, eta=0.02, steps=15)
    for changes in [
        {},
        {"m": 1.5},
        {"c": -0.5},
        {"eta": 0.005},
        {"steps": 40},
        {"kind": "absolute"},
    ]:
        widget.set(**changes)
        r = widget.readout
        assert widget.error is None
        m, c, kind = widget.m.value, widget.c.value, widget.kind.value
        assert r["cost_squared"] == pytest.approx(line.cost_squared(m, c))
        assert r["cost_absolute"] == pytest.approx(line.cost_absolute(m, c))
        assert r["gradient"] == pytest.approx(line.gradient(m, c, kind=kind))
        d = line.descend(m, c, widget.eta.value, widget.steps.value, kind=kind)
        assert (r["m_end"], r["c_end"], r["cost_end"]) == pytest.approx(
            (d.m[-1], d.c[-1], d.cost[-1])
        )
        np.testing.assert_allclose(widget.drawing.path_line.get_xdata(), d.m)


def test_line_widget_divergence_is_a_message():
    widget = LineWidget(steps=100)
    widget.eta.value = 1.0  # far too large: the steps blow up
    assert widget.error is not None and "eta" in widget.error
    widget.eta.value = 0.01
    assert widget.error is None
    widget.set(steps=3.5)
    assert "steps: expected an integer" in widget.error
    with pytest.raises(ValueError, match="m: expected a number in"):
        LineWidget(m=100.0)


@pytest.mark.parametrize("make", [SaturationWidget, LineWidget])
def test_every_widget_has_a_png_fallback(make):
    widget = make()
    first = widget.png
    bundle = widget._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]) == first and first.startswith(PNG_SIGNATURE)
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith(type(widget).__name__)
    name = next(iter(widget.controls))
    control = widget.controls[name]
    widget.set(**{name: control.max if control.value != control.max else control.min})
    assert widget.error is None and widget.png != first


# --- the ready-made examples -------------------------------------------------------------------


def test_examples():
    net, x, y = book_network()
    assert net.sizes == [2, 3, 2] and x.shape == (2, 1) and y.shape == (2, 1)
    np.testing.assert_array_equal(book_network().net.weights[0], net.weights[0])  # seeded
    wide = wide_network()
    assert wide.net.sizes == [784, 30, 10] and wide.x.shape == (784, 1)
    assert wide.y.sum() == 1 and 0 <= wide.x.min() and wide.x.max() <= 1
    image = np.arange(64) / 63
    big = digit_as_mnist(image).reshape(28, 28)
    assert big[2, 2] == image[0] and big[4, 4] == image[0] and big[5, 5] == image[9]
    assert np.all(big[:2] == 0) and np.all(big[:, -2:] == 0)
    with pytest.raises(ValueError, match="image"):
        digit_as_mnist(np.ones(10))


def test_trained_digits_network_learns_and_is_independent():
    example = trained_digits_network(seed=0)
    net, x, y = example
    assert net.sizes == [64, 30, 10] and x.shape == (64, 1)
    _, _, test = bp.load_digits(seed=0)
    assert net.evaluate(test) >= 0.85 * len(test)
    assert example.label == int(np.argmax(net.feedforward(x)))
    net.weights[0][:] = 0.0  # each call returns its own copy
    assert np.any(trained_digits_network(seed=0).net.weights[0] != 0.0)
