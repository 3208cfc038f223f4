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
from bpcore.examples import (  # noqa: E402
    book_network,
    digit_as_mnist,
    trained_digits_network,
    wide_network,
)
from bpcore.widgets import ChainWidget  # noqa: E402

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


def test_chain_widget_shows_the_factors_and_the_exact_change():
    widget = ChainWidget(x=0.9, weights=[0.5, -1.0, 2.0], y=0.1, dw=1e-3)
    for name, value in [(None, None), ("w_2", 1.7), ("x", -0.4), ("y", 0.8), ("dw", 0.1)]:
        if name is not None:
            widget.controls[name].value = value
        weights = [s.value for s in widget.weights]
        c = bp.chain(widget.x.value, weights, widget.y.value)
        r = widget.readout
        assert widget.error is None
        assert [name for name, _ in r["factors"]] == [name for name, _ in c.factors]
        np.testing.assert_allclose([v for _, v in r["factors"]], [v for _, v in c.factors])
        assert r["product"] == pytest.approx(bp.chain_gradient(c), rel=1e-10)
        assert r["backprop"] == pytest.approx(bp.chain_gradient(c), rel=1e-12)
        # the exact ΔC when w_1 changes, from a forward pass of the changed chain
        changed = bp.chain(widget.x.value, [weights[0] + r["dw"], *weights[1:]], widget.y.value)
        assert r["dC"] == pytest.approx(changed.cost - c.cost, rel=1e-9, abs=1e-15)
        assert f"{c.product:.6g}" in widget.text.value
    assert widget.readout["dw"] == pytest.approx(0.1)


def test_chain_widget_errors_are_shown():
    widget = ChainWidget()
    widget.set(w_1=10.0)
    assert "w_1: expected a number in [-4, 4]" in widget.error
    widget.set(w_9=1.0)
    assert "w_9: not a control" in widget.error
    with pytest.raises(ValueError, match="weights"):
        ChainWidget(weights=[])


@pytest.mark.parametrize("make", [ChainWidget])
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
