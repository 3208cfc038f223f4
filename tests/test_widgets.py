"""The explorers (bpcore.widgets), driven from Python as a reader's browser would drive them."""

import base64
import io
import re

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
from bpcore.widgets import ChainWidget, LineWidget, NudgeWidget, SaturationWidget  # noqa: E402

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


# --- NudgeWidget ---------------------------------------------------------------------------------


def test_nudge_widget_defaults_to_the_book_network():
    widget = NudgeWidget()
    net, x, y = book_network()
    assert widget.net.sizes == [2, 3, 2]
    assert (widget.layer.value, widget.j.value, widget.k.value, widget.dw.value) == (3, 0, 0, 0.5)
    _assert_readout_is_bpcore(widget, net, x, y)
    assert widget.png.startswith(PNG_SIGNATURE)


def test_every_control_shows_bpcores_numbers():
    net, x, y = book_network()
    widget = NudgeWidget(net, x, y)
    for name, value in [
        ("dw", -0.8),
        ("layer", 2),
        ("j", 2),
        ("k", 1),
        ("k", "bias"),
        ("dw", 0.25),
        ("view", "delta"),
        ("view", "a"),
        ("layer", 3),
        ("j", 1),
        ("k", 2),
    ]:
        getattr(widget, name).value = value
        _assert_readout_is_bpcore(widget, net, x, y)
    assert widget.readout["parameter"] == "w^3_12"
    widget.cost.value = "cross_entropy"
    _assert_readout_is_bpcore(widget, net, x, y, cost="cross_entropy")
    assert widget.readout["cost"] == pytest.approx(
        bp.Network([2, 3, 2], seed=0, cost="cross_entropy").cost(x, y)
    )


def test_a_bias_is_chosen_with_k_bias():
    net, x, y = book_network()
    widget = NudgeWidget(net, x, y, layer=2, j=1, k="bias", dw=0.3)
    assert widget.readout["k"] is None and widget.readout["parameter"] == "b^2_1"
    _assert_readout_is_bpcore(widget, net, x, y)
    assert widget.drawing.highlight == (2, 1, None)


def test_set_changes_several_controls_and_draws_once():
    net, x, y = book_network()
    widget = NudgeWidget(net, x, y)
    widget.set(layer=2, j=2, k=0, dw=-0.4, view="delta")
    assert (widget.readout["layer"], widget.readout["j"], widget.readout["k"]) == (2, 2, 0)
    assert widget.readout["dw"] == -0.4
    _assert_readout_is_bpcore(widget, net, x, y)
    g = bp.backprop(net, x, y)
    for q in (2, 3):  # the δ view colours the neurons by backprop's δ^l
        np.testing.assert_allclose(widget.drawing.layers[q - 1].get_array(), g.deltas[q - 2][:, 0])


def test_j_and_k_options_follow_the_layer():
    net = bp.Network([3, 5, 4, 2], seed=1)
    x, y = np.full((3, 1), 0.5), np.array([[1.0], [0.0]])
    widget = NudgeWidget(net, x, y, layer=4, j=1, k=3)

    def options(control):
        return [value for _, value in control.options]

    assert options(widget.j) == [0, 1] and options(widget.k) == ["bias", 0, 1, 2, 3]
    widget.layer.value = 2
    assert options(widget.j) == [0, 1, 2, 3, 4] and options(widget.k) == ["bias", 0, 1, 2]
    assert (widget.j.value, widget.k.value) == (1, 0)  # j still valid; k = 3 was not
    _assert_readout_is_bpcore(widget, net, x, y)
    widget.set(layer=3, j=3, k=4)
    assert options(widget.j) == [0, 1, 2, 3] and options(widget.k) == ["bias", 0, 1, 2, 3, 4]
    _assert_readout_is_bpcore(widget, net, x, y)


@pytest.mark.parametrize(
    "changes, match",
    [
        ({"j": 7}, "j: expected one of 0, 1"),
        ({"k": -1}, "k: expected one of 'bias', 0, 1, 2"),
        ({"layer": 4}, "layer: expected one of 2, 3"),
        ({"dw": 5.0}, r"dw: expected a number in \[-1, 1\]"),
        ({"dw": float("nan")}, "dw: expected a number"),
        ({"view": "z"}, "view: expected one of 'da', 'delta', 'a'"),
        ({"cost": "hinge"}, "cost: expected one of 'quadratic', 'cross_entropy'"),
        ({"eta": 0.1}, "eta: not a control of NudgeWidget"),
        ({"layer": 2, "j": 2, "k": 5}, "k: expected one of"),  # layer changed, then k fails
    ],
)
def test_a_bad_choice_shows_a_message_and_changes_nothing(changes, match):
    net, x, y = book_network()
    widget = NudgeWidget(net, x, y)
    before, png = dict(widget.readout), widget.png
    controls = {name: control.value for name, control in widget.controls.items()}
    widget.set(**changes)  # never raises
    assert widget.error is not None
    assert re.search(match, widget.error)
    assert "⚠" in widget.message.value and "color:#8a1f11" in widget.message.value
    assert {name: c.value for name, c in widget.controls.items()} == controls
    assert widget.readout == before and _pixels(widget.png).tolist() == _pixels(png).tolist()
    widget.dw.value = 0.1  # a good change clears the message
    assert widget.error is None and widget.message.value == ""


def test_an_error_inside_a_callback_is_shown_not_raised(monkeypatch):
    widget = NudgeWidget()

    def broken(*args, **kwargs):
        raise FloatingPointError("overflow in the test")

    monkeypatch.setattr(widget.explorer, "nudge", broken)
    widget.dw.value = 0.2  # the slider moved: the callback fails inside
    assert widget.error == "FloatingPointError: overflow in the test"
    assert "overflow in the test" in widget.message.value


def test_the_picture_changes_with_dw_and_is_redrawn_in_place():
    widget = NudgeWidget()
    first = widget.png
    network_children = list(widget.drawing.ax.get_children())
    widget.dw.value = -0.9
    assert widget.png != first and widget.png.startswith(PNG_SIGNATURE)
    assert list(widget.drawing.ax.get_children()) == network_children
    # The fast path (background + moving artists) draws exactly what a full redraw draws.
    fast = _pixels(widget.png)
    widget._render(full=True)
    np.testing.assert_array_equal(_pixels(widget.png), fast)
    widget.dw.value = 0.0
    assert widget.readout["dC"] == 0.0 and widget.readout["relative_difference"] is None
    assert "—" in widget.text.value


def test_mimebundle_has_the_widget_view_and_a_png_fallback():
    widget = NudgeWidget()
    bundle = widget._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == widget.model_id
    assert base64.b64decode(bundle["image/png"]) == widget.png
    assert bundle["text/plain"].startswith("NudgeWidget(") and "w^3_00" in bundle["text/plain"]


def test_the_network_passed_in_is_never_changed():
    net, x, y = book_network()
    weights = [w.copy() for w in net.weights]
    widget = NudgeWidget(net, x, y)
    widget.set(cost="cross_entropy", layer=2, dw=0.9)
    assert net.cost_function.name == "quadratic"
    for before, after in zip(weights, net.weights):
        np.testing.assert_array_equal(before, after)


def test_nudge_widget_on_784_inputs():
    net, x, y = wide_network()
    k = int(np.argmax(x[:, 0]))
    widget = NudgeWidget(net, x, y, layer=2, j=4, k=k)
    assert widget.drawing.layout.is_image == [True, False, False]
    for dw in (-1.0, 0.3):
        widget.dw.value = dw
        _assert_readout_is_bpcore(widget, net, x, y)
    assert widget.readout["saturated"] == sum(
        int((s < 0.05).sum()) for s in bp.NudgeExplorer(net, x, y).sigma_primes
    )


def test_nudge_widget_refuses_bad_arguments():
    net, x, y = book_network()
    with pytest.raises(ValueError, match="x: the explorer shows one example"):
        NudgeWidget(net, np.ones((2, 3)), np.ones((2, 3)))
    with pytest.raises(ValueError, match="j"):
        NudgeWidget(net, x, y, layer=3, j=5)
    with pytest.raises(ValueError, match="dw_max"):
        NudgeWidget(net, x, y, dw=2.0)
    with pytest.raises(ValueError, match="net"):
        NudgeWidget(None, x, y)


# --- ChainWidget ---------------------------------------------------------------------------------


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


@pytest.mark.parametrize("make", [ChainWidget, SaturationWidget, LineWidget])
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
