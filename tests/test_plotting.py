"""Pictures (bpcore.plotting) and the line model's numbers (bpcore.line)."""

import math
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")  # no display in tests; set here, not in the shared conftest

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import bpcore as bp  # noqa: E402
from bpcore import line, plotting  # noqa: E402
from bpcore.activations import SATURATION  # noqa: E402
from bpcore.examples import book_network, wide_network  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _ax(figsize=(7, 4)):
    return Figure(figsize=figsize).subplots()


def _setup(sizes, seed=0):
    net = bp.Network(sizes, seed=seed)
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, (sizes[0], 1))
    y = rng.uniform(0.1, 0.9, (sizes[-1], 1))
    return net, x, y


def _values(net, seed=1):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(n) for n in net.sizes]


# --- draw_network ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sizes, kinds",
    [
        ([2, 3, 2], ["circles", "circles", "circles"]),
        ([4, 30, 10], ["circles", "circles", "circles"]),
        ([64, 30, 10], ["image 8x8", "circles", "circles"]),
        ([784, 30, 10], ["image 28x28", "circles", "circles"]),
        ([784, 50, 10], ["image 28x28", "image 8x7", "circles"]),
    ],
)
def test_layers_are_circles_or_small_images(sizes, kinds):
    net, _, _ = _setup(sizes)
    values = _values(net)
    drawing = plotting.draw_network(net, values, ax=_ax())
    for artist, kind, value, n in zip(drawing.layers, kinds, values, sizes):
        if kind == "circles":
            assert len(artist.get_paths()) == n
            np.testing.assert_array_equal(artist.get_array(), value)
        else:
            rows, cols = (int(v) for v in kind.split()[1].split("x"))
            image = np.asarray(artist.get_array())
            assert image.shape == (rows, cols)
            np.testing.assert_array_equal(image.ravel()[:n], value)
            assert np.all(np.isnan(image.ravel()[n:]))  # padding of a non-square layer
    # Edges are drawn only between two columns of circles, one line per weight.
    for i, edges in enumerate(drawing.edges):
        if kinds[i] == kinds[i + 1] == "circles":
            assert len(edges.get_segments()) == sizes[i] * sizes[i + 1]
        else:
            assert edges is None
    drawing.figure.canvas.draw()  # renders without error


def test_edges_width_grows_with_abs_w_and_colour_gives_the_sign():
    net, _, _ = _setup([3, 4, 2])
    drawing = plotting.draw_network(net, ax=_ax())
    for w, edges in zip(net.weights, drawing.edges):
        widths = np.asarray(edges.get_linewidths())
        order = np.argsort(np.abs(w.ravel()))
        assert np.all(np.diff(widths[order]) >= 0)
        colours = edges.get_colors()
        positive = matplotlib.colors.to_rgba(plotting.POSITIVE)[:3]
        negative = matplotlib.colors.to_rgba(plotting.NEGATIVE)[:3]
        for weight, colour in zip(w.ravel(), colours):
            assert tuple(colour[:3]) == pytest.approx(positive if weight >= 0 else negative)


def test_colour_scale_is_symmetric_about_zero():
    net, _, _ = _setup([2, 3, 2])
    values = [None, np.array([0.2, -0.05, 0.0]), np.array([0.1, -0.3])]
    drawing = plotting.draw_network(net, values, ax=_ax())
    norm = drawing.norm
    assert norm.vmin == -norm.vmax == pytest.approx(-0.3)
    assert norm(0.0) == 0.5
    assert norm(0.3) == pytest.approx(1.0) and norm(-0.3) == pytest.approx(0.0)
    # +v and -v get mirror colours of the diverging map; 0 is its white middle.
    drawing.layers[1].update_scalarmappable()  # what a draw does
    faces = drawing.layers[1].get_facecolors()
    cmap = matplotlib.colormaps[plotting.DIVERGING]
    np.testing.assert_allclose(faces[2], cmap(0.5))
    np.testing.assert_allclose(faces[0], cmap(norm(0.2)))
    # The colour bar shows the same symmetric scale.
    assert drawing.colorbar.norm is norm
    drawing.update(vmax=2.0)
    assert (norm.vmin, norm.vmax) == (-2.0, 2.0)


# Machado, Oliveira & Fernandes (2009), severity 1: linear RGB as a dichromat sees it.
_DICHROMATS = {
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
}  # fmt: skip


def _seen_by(kind, colour):
    linear = np.where(colour <= 0.04045, colour / 12.92, ((colour + 0.055) / 1.055) ** 2.4)
    seen = np.clip(np.asarray(_DICHROMATS[kind]) @ linear, 0, 1)
    return np.where(seen <= 0.0031308, 12.92 * seen, 1.055 * seen ** (1 / 2.4) - 0.055)


@pytest.mark.parametrize("kind", sorted(_DICHROMATS))
def test_signs_stay_apart_for_red_green_colour_blind_readers(kind):
    cmap = matplotlib.colormaps[plotting.DIVERGING]
    for v in (0.3, 0.5, 1.0):  # -v and +v of the halfrange, as norm maps them
        below = _seen_by(kind, np.array(cmap(0.5 - v / 2)[:3]))
        above = _seen_by(kind, np.array(cmap(0.5 + v / 2)[:3]))
        assert np.linalg.norm(below - above) > 0.2
        assert below[2] > above[2]  # the negative side stays the bluer one
    positive, negative = (
        _seen_by(kind, np.array(matplotlib.colors.to_rgb(c)))
        for c in (plotting.POSITIVE, plotting.NEGATIVE)
    )
    assert np.linalg.norm(positive - negative) > 0.2


def _on_segment(point, start, end):
    (px, py), (sx, sy), (ex, ey) = point, start, end
    return abs((ex - sx) * (py - sy) - (ey - sy) * (px - sx)) < 1e-9


@pytest.mark.parametrize(
    "sizes, highlight",
    [
        ([2, 3, 2], (3, 1, 2)),
        ([2, 3, 2], (2, 0, 1)),
        ([4, 5, 5, 3], (3, 4, 0)),
        ([784, 30, 10], (2, 7, 300)),
        ([784, 30, 10], (3, 9, 29)),
    ],
)
def test_highlighted_edge_is_the_chosen_weight(sizes, highlight):
    net, _, _ = _setup(sizes)
    drawing = plotting.draw_network(net, ax=_ax(), highlight=highlight)
    layer, j, k = highlight
    source, target = drawing.position(layer - 1, k), drawing.position(layer, j)
    xs, ys = drawing.highlight_edge.get_data()
    start, end = (xs[0], ys[0]), (xs[1], ys[1])
    radius = drawing.layout.radius
    assert drawing.highlight_edge.get_visible()
    assert _on_segment(start, source, target) and _on_segment(end, source, target)
    # It ends at the rim of the target circle and starts at the source circle's rim,
    # or at the centre of the source pixel when layer l-1 is an image.
    assert math.dist(end, target) == pytest.approx(radius)
    source_is_image = drawing.layout.is_image[layer - 2]
    assert math.dist(start, source) == pytest.approx(0.0 if source_is_image else radius)
    assert drawing.highlight_target.center == pytest.approx(target)
    assert drawing.highlight_pixel.get_visible() == source_is_image
    assert drawing.highlight_label.get_text() == f"${plotting.parameter_tex(layer, j, k)}$"


def test_position_of_a_pixel_is_its_row_and_column_in_the_image():
    net, _, _ = _setup([784, 30, 10])
    drawing = plotting.draw_network(net, ax=_ax())
    left, right, bottom, top = drawing.layout.extents[0]
    side = (right - left) / 28
    for k in (0, 27, 28, 300, 783):
        x, y = drawing.position(1, k)
        assert x == pytest.approx(left + (k % 28 + 0.5) * side)
        assert y == pytest.approx(top - (k // 28 + 0.5) * side)


def test_a_bias_highlights_its_neuron_without_an_edge():
    net, _, _ = _setup([2, 3, 2])
    drawing = plotting.draw_network(net, ax=_ax(), highlight=(2, 1, None))
    assert not drawing.highlight_edge.get_visible()
    assert drawing.highlight_target.center == pytest.approx(drawing.position(2, 1))
    assert drawing.highlight_label.get_text() == "$b^{2}_{1}$"
    drawing.update(highlight=None)
    assert not drawing.highlight_target.get_visible()


def test_update_recolours_the_same_artists():
    net, _, _ = _setup([64, 30, 10])
    drawing = plotting.draw_network(net, _values(net, 1), ax=_ax(), highlight=(2, 3, 10))
    children = list(drawing.ax.get_children())
    new = _values(net, 2)
    drawing.update(new, (3, 2, 5))
    assert list(drawing.ax.get_children()) == children  # nothing built, nothing removed
    np.testing.assert_array_equal(drawing.layers[1].get_array(), new[1])
    np.testing.assert_array_equal(np.asarray(drawing.layers[0].get_array()).ravel(), new[0])
    assert drawing.highlight == (3, 2, 5)
    assert drawing.norm.vmax == pytest.approx(max(np.abs(v).max() for v in new))


@pytest.mark.parametrize(
    "values, highlight, match",
    [
        ([np.zeros(2), np.zeros(3)], None, "values: expected a list with one entry per layer"),
        ([None, np.zeros(4), None], None, r"values\[1\] \(layer 2\): expected 3 values"),
        ([None, np.zeros((3, 2)), None], None, r"values\[1\].*one example"),
        ([None, np.array([0, np.nan, 0]), None], None, "finite"),
        (None, (4, 0, 0), "layer number l in 2..3"),
        (None, (3, 2, 0), r"highlight\[1\] \(j\)"),
        (None, (3, 0, 3), r"highlight\[2\] \(k\)"),
        (None, (3, 0), "highlight: expected"),
    ],
)
def test_bad_values_or_highlight_raise_and_change_nothing(values, highlight, match):
    net, _, _ = _setup([2, 3, 2])
    good = [None, np.array([0.1, 0.2, 0.3]), np.array([-0.4, 0.5])]
    drawing = plotting.draw_network(net, good, ax=_ax(), highlight=(3, 1, 2))
    with pytest.raises(ValueError, match=match):
        drawing.update(values if values is not None else good, highlight)
    assert drawing.highlight == (3, 1, 2)
    np.testing.assert_array_equal(drawing.layers[1].get_array(), good[1])


def test_saturated_neurons_get_a_thick_black_ring():
    net, _, _ = _setup([2, 3, 2])
    sigma_primes = [np.array([[0.2], [0.01], [0.1]]), np.array([[0.001], [0.25]])]
    drawing = plotting.draw_network(net, ax=_ax(), sigma_primes=sigma_primes)
    assert drawing.saturation == SATURATION  # the one threshold of bpcore
    for layer_artist, primes in zip(drawing.layers[1:], sigma_primes):
        widths = np.asarray(layer_artist.get_linewidths())
        flagged = primes[:, 0] < SATURATION
        assert np.all(widths[flagged] > 2 * widths[~flagged].max())
        edges = np.asarray(layer_artist.get_edgecolors())
        np.testing.assert_allclose(edges[flagged][:, :3], 0.0)
        assert np.all(edges[~flagged][:, :3] > 0.2)


def _legend_labels(legend):
    return [] if legend is None else [text.get_text() for text in legend.get_texts()]


def test_network_legend_lists_only_what_the_picture_shows():
    net, _, _ = _setup([2, 3, 2])
    calm = [np.full((3, 1), 0.2), np.full((2, 1), 0.2)]  # σ' well above SATURATION
    drawing = plotting.draw_network(net, ax=_ax(), sigma_primes=calm)
    assert _legend_labels(drawing.edge_legend) == ["$w > 0$", "$w < 0$ (dashed)"]
    assert drawing.saturated == 0
    # A marked weight brings "nudged"; a ringed neuron brings "saturated" with the threshold.
    tired = [np.array([[0.2], [0.01], [0.2]]), np.full((2, 1), 0.2)]
    drawing.update(highlight=(3, 1, 2), sigma_primes=tired)
    labels = _legend_labels(drawing.edge_legend)
    assert labels[:3] == ["$w > 0$", "$w < 0$ (dashed)", "nudged"]
    assert labels[3] == f"saturated: $\\sigma'(z) < {SATURATION:g}$"
    assert drawing.saturated == 1
    assert drawing.ax.get_legend() is drawing.edge_legend  # the old legend is gone
    # A bias is marked by a ring, and its legend entry is a ring too.
    drawing.update(highlight=(2, 0, None), sigma_primes=None)
    assert _legend_labels(drawing.edge_legend)[2:] == ["nudged"]
    assert drawing.edge_legend.legend_handles[2].get_marker() == "o"
    # Moving the nudged weight or recolouring keeps the same legend (a slider builds nothing).
    drawing.update(highlight=(2, 1, None))
    legend = drawing.edge_legend
    drawing.update(_values(net), (2, 2, None))
    assert drawing.edge_legend is legend
    # Without edges (both sides images) and without marks there is nothing to list.
    wide, _, _ = _setup([784, 50, 10])
    assert plotting.draw_network(wide, ax=_ax()).edge_legend is None


def test_negative_weights_are_dashed_as_well_as_purple():
    net, _, _ = _setup([3, 4, 2])
    drawing = plotting.draw_network(net, ax=_ax())
    for w, edges in zip(net.weights, drawing.edges):
        for weight, (_, dashes) in zip(w.ravel(), edges.get_linestyles()):
            assert (dashes is not None) == (weight < 0)
    handles = drawing.edge_legend.legend_handles
    assert handles[0].get_linestyle() == "-" and handles[1].get_linestyle() == "--"


def test_nudge_values_for_each_view():
    net, x, y = _setup([3, 4, 4, 2])
    explorer = bp.Nudger(net, x, y)
    n = explorer.nudge(3, 1, 2, 0.4)
    g = bp.backprop(net, x, y)
    values, symbol = plotting.nudge_values(net, n, "da")
    assert values[0] is None and symbol == r"\Delta a" == plotting.VIEW_SYMBOLS["da"]
    for mine, theirs in zip(values[1:], n.layer_values("da")[1:]):  # a thin helper
        np.testing.assert_array_equal(mine, theirs)
    np.testing.assert_array_equal(values[1], np.zeros(4))  # layer 2 lies before the nudge
    for q in (3, 4):
        np.testing.assert_allclose(values[q - 1], n.da[q - 3][:, 0])
    values, _ = plotting.nudge_values(net, n, "delta", explorer.gradients)
    for q in (2, 3, 4):
        np.testing.assert_allclose(values[q - 1], g.deltas[q - 2][:, 0])
    values, _ = plotting.nudge_values(net, n, "a", explorer.gradients)
    after = net.copy()
    after.w(3)[1, 2] += 0.4
    for q in (2, 3, 4):
        np.testing.assert_allclose(values[q - 1], after.forward(x).activations[q - 1][:, 0])
    with pytest.raises(ValueError, match="view"):
        plotting.nudge_values(net, n, "z", explorer.gradients)


def test_network_drawing_takes_keywords_only():
    net, x, _ = _setup([2, 3, 2])
    ax = _ax()
    with pytest.raises(TypeError):
        plotting.NetworkDrawing(net, None, ax)  # the old positional call
    drawing = plotting.NetworkDrawing(net, ax=ax, inputs=x, highlight=(3, 1, 2), colorbar=False)
    assert drawing.ax is ax and drawing.highlight == (3, 1, 2) and drawing.colorbar is None
    assert drawing.saturation == SATURATION
    # Without an axes it makes its own figure, as draw_network does.
    alone = plotting.NetworkDrawing(net)
    assert tuple(alone.figure.get_size_inches()) == (7.0, 4.2)


def test_input_layer_shows_x_in_grey():
    net, x, _ = wide_network()
    drawing = plotting.draw_network(net, ax=_ax(), inputs=x)
    image = drawing.layers[0]
    np.testing.assert_array_equal(np.asarray(image.get_array()).ravel(), x[:, 0])
    assert image.get_cmap().name == "Greys"


# --- ΔC against Δw ------------------------------------------------------------------------------


@pytest.mark.parametrize("layer, j, k", [(2, 1, 0), (3, 0, 2), (3, 1, None)])
def test_dC_curve_is_the_exact_nudge_beside_the_backprop_tangent(layer, j, k):
    net, x, y = _setup([3, 4, 2])
    curve = plotting.plot_dC_vs_dw(
        net, x, y, layer, j, k, dw_max=1.5, num=21, current=0.6, ax=_ax()
    )
    g = bp.backprop(net, x, y)
    gradient = g.nabla_b[layer - 2][j, 0] if k is None else g.nabla_w[layer - 2][j, k]
    np.testing.assert_allclose(curve.dws, np.linspace(-1.5, 1.5, 21))
    exact = [bp.nudge(net, x, y, layer, j, k, dw).dC for dw in curve.dws]
    np.testing.assert_allclose(curve.exact_line.get_ydata(), exact, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(curve.linear_line.get_ydata(), gradient * curve.dws, rtol=1e-12)
    n = bp.nudge(net, x, y, layer, j, k, 0.6)
    assert curve.current_exact.get_ydata()[0] == pytest.approx(n.dC)
    assert list(curve.gap_segment.get_ydata()) == pytest.approx([n.dC_linear, n.dC])


def test_dC_curve_takes_a_nudger_and_updates_in_place():
    net, x, y = _setup([3, 4, 2])
    explorer = bp.Nudger(net, x, y)
    curve = plotting.plot_dC_vs_dw(explorer, None, None, 2, 0, 1, ax=_ax())
    line_before = curve.exact_line
    curve.set_parameter(3, 1, None, 0.5)
    assert curve.exact_line is line_before
    expected = bp.nudge(net, x, y, 3, 1, None, 0.5).dC
    assert curve.exact_line.get_ydata()[-1] == pytest.approx(expected)
    with pytest.raises(ValueError, match="x, y"):
        plotting.plot_dC_vs_dw(explorer, x, y, 2, 0, 1, ax=_ax())


def test_a_bias_is_labelled_db_and_dC_db_never_dw():
    net, x, y = _setup([3, 4, 2])
    curve = plotting.plot_dC_vs_dw(net, x, y, 3, 1, None, current=0.3, ax=_ax())
    texts = [curve.ax.get_xlabel(), curve.ax.get_title()]
    texts += [t.get_text() for t in curve.ax.get_legend().get_texts()]
    assert curve.ax.get_xlabel() == r"$\Delta b$"
    assert r"\partial C/\partial b" in curve.ax.get_title()
    assert r"(\partial C/\partial b)\,\Delta b" in texts[3]
    assert not any(r"\Delta w" in t or r"\partial w" in t for t in texts)
    # Back to a weight: the same artists say Δw and ∂C/∂w again.
    curve.set_parameter(3, 1, 0, 1.0)
    assert curve.ax.get_xlabel() == r"$\Delta w$"
    assert r"\partial C/\partial w" in curve.ax.get_title()
    assert r"\Delta w" in curve.ax.get_legend().get_texts()[1].get_text()
    fit = plotting.plot_gap_loglog(net, x, y, 3, 1, None, ax=_ax())
    assert fit.ax.get_xlabel() == r"$|\Delta b|$"
    assert r"\partial C/\partial b" in fit.ax.get_legend().get_texts()[0].get_text()
    drawing = plotting.draw_paths(bp.paths(net, x, y, 2, 1, None), net, ax=_ax())
    assert r"\partial C/\partial b" in drawing.ax.get_title()
    assert r"\partial w" not in drawing.ax.get_title()


@pytest.mark.parametrize(
    "sizes, layer, j, k",
    [
        ([2, 3, 2], 3, 1, 2),
        ([2, 3, 2], 2, 0, 1),
        ([3, 4, 4, 2], 2, 3, 0),
        ([3, 4, 4, 2], 4, 0, None),
    ],
)
def test_gap_loglog_slope_is_two(sizes, layer, j, k):
    net, x, y = _setup(sizes)
    fit = plotting.plot_gap_loglog(net, x, y, layer, j, k, ax=_ax())
    assert fit.slope == pytest.approx(2.0, abs=0.1)
    expected = [abs(bp.nudge(net, x, y, layer, j, k, dw).gap) for dw in fit.dws]
    np.testing.assert_allclose(fit.gaps, expected)
    assert "slope" in fit.ax.get_legend().get_texts()[1].get_text()


def test_gap_loglog_refuses_nudges_without_logarithms():
    net, x, y = _setup([2, 3, 2])
    with pytest.raises(ValueError, match="dws"):
        plotting.plot_gap_loglog(net, x, y, 3, 0, 0, dws=[0.1, -0.1], ax=_ax())


# --- paths and the chain ------------------------------------------------------------------------


def test_paths_drawn_thickest_for_the_strongest():
    net, x, y = _setup([3, 4, 4, 2])
    result = bp.paths(net, x, y, 2, 1, 0)
    drawing = plotting.draw_paths(result, net, ax=_ax())
    assert len(drawing.lines) == result.count == 8
    widths = [line.get_linewidth() for line in drawing.lines]
    rates = [abs(p.rate) for p in result.paths]
    assert widths == sorted(widths, reverse=True) and rates == sorted(rates, reverse=True)
    assert widths[0] / widths[-1] > 1
    # Each line runs a^1_k → a^2_j → a^3_i → a^4_i' → C through the path's neurons.
    layout = drawing.layout
    for line_artist, path in zip(drawing.lines, result.paths):
        xs, ys = line_artist.get_data()
        assert (xs[0], ys[0]) == pytest.approx(layout.position(1, 0))
        for s, neuron in enumerate(path.neurons):
            assert (xs[s + 1], ys[s + 1]) == pytest.approx(layout.position(2 + s, neuron))
    assert f"{result.total:.4g}" in drawing.ax.get_title()


def test_paths_from_a_784_input_start_at_the_pixel():
    net, x, y = wide_network()
    k = int(np.argmax(x[:, 0]))
    result = bp.paths(net, x, y, 2, 4, k)
    drawing = plotting.draw_paths(result, net, x=x, ax=_ax())
    xs, ys = drawing.lines[0].get_data()
    assert (xs[0], ys[0]) == pytest.approx(drawing.layout.position(1, k))
    with pytest.raises(TypeError, match="paths_result"):
        plotting.draw_paths([1, 2], net, ax=_ax())


def test_chain_bars_are_the_factors():
    c = bp.chain(0.7, [1.1, -0.8, 2.0], 0.2)
    axes = Figure().subplots(1, 2)
    drawing = plotting.plot_chain(c, axes=axes, backprop_value=bp.chain_gradient(c))
    heights = [bar.get_height() for bar in drawing.bars]
    np.testing.assert_allclose(heights, [v for _, v in c.factors])
    np.testing.assert_allclose(
        drawing.product_line.get_ydata(), np.abs(np.cumprod([v for _, v in c.factors]))
    )
    assert drawing.product_line.get_ydata()[-1] == pytest.approx(abs(bp.chain_gradient(c)))
    ticks = [t.get_text() for t in axes[0].get_xticklabels()]
    assert ticks[:3] == ["$x$", r"$\sigma'(h_1)$", "$w_2$"]
    assert ticks[-1] == r"$\partial C/\partial \hat{y}$"
    assert f"= {c.product:.4g},  backprop: {bp.chain_gradient(c):.4g}" in axes[0].get_title()
    other = bp.chain(0.3, [0.5, 0.5, 0.5], 0.9)
    drawing.update(other)
    heights = [b.get_height() for b in drawing.bars]
    np.testing.assert_allclose(heights, [v for _, v in other.factors])
    with pytest.raises(ValueError, match="chain"):
        drawing.update(bp.chain(0.3, [0.5], 0.9))


def test_parameter_tex():
    assert plotting.parameter_tex(3, 1, 2) == "w^{3}_{12}"
    assert plotting.parameter_tex(2, 12, 3) == "w^{2}_{12,3}"
    assert plotting.parameter_tex(2, 5, None) == "b^{2}_{5}"


def test_figures_from_pyplot_when_no_axes_are_given():
    net, x, y = book_network()
    drawing = plotting.draw_network(net)
    assert drawing.figure in [plt.figure(n) for n in plt.get_fignums()]
    assert tuple(drawing.figure.get_size_inches()) == (7.0, 4.2)


# --- the line model: numbers against hand calculations and finite differences ------------------


def test_line_costs_by_hand():
    x, y = np.array([1.0, 2.0, 4.0]), np.array([1.0, 3.0, 2.0])
    # m = 1, c = 0.5: f = 1.5, 2.5, 4.5; r = 0.5, -0.5, 2.5
    np.testing.assert_allclose(line.residuals(1.0, 0.5, x, y), [0.5, -0.5, 2.5])
    assert line.cost_absolute(1.0, 0.5, x, y) == pytest.approx(3.5)
    assert line.cost_squared(1.0, 0.5, x, y) == pytest.approx(0.5 * (0.25 + 0.25 + 6.25))
    # ∂C/∂m = Σ r x = 0.5 - 1 + 10 = 9.5; ∂C/∂c = Σ r = 2.5
    assert line.gradient(1.0, 0.5, x, y) == pytest.approx((9.5, 2.5))
    # absolute: Σ sign(r) x = 1 - 2 + 4 = 3; Σ sign(r) = 1
    assert line.gradient(1.0, 0.5, x, y, "absolute") == pytest.approx((3.0, 1.0))


@pytest.mark.parametrize("kind", ["squared", "absolute"])
@pytest.mark.parametrize("m, c", [(0.3, -0.2), (1.7, 2.1), (-0.9, 0.4)])
def test_line_gradient_matches_finite_differences(kind, m, c):
    eps = 1e-6
    dm = (line.cost(m + eps, c, kind=kind) - line.cost(m - eps, c, kind=kind)) / (2 * eps)
    dc = (line.cost(m, c + eps, kind=kind) - line.cost(m, c - eps, kind=kind)) / (2 * eps)
    assert line.gradient(m, c, kind=kind) == pytest.approx((dm, dc), rel=1e-6, abs=1e-6)


def test_line_costs_over_a_grid():
    m, c = np.meshgrid(np.linspace(-1, 2, 4), np.linspace(0, 1, 3))
    grid = line.cost_squared(m, c)
    assert grid.shape == (3, 4)
    assert grid[1, 2] == pytest.approx(line.cost_squared(m[1, 2], c[1, 2]))
    assert line.cost_absolute(m, c)[2, 0] == pytest.approx(line.cost_absolute(m[2, 0], c[2, 0]))


def test_descend_steps_follow_the_update_rule_and_reach_least_squares():
    d = line.descend(0.0, 0.0, 0.02, 3)
    m, c = 0.0, 0.0
    for t in range(1, 4):
        dm, dc = line.gradient(m, c)
        m, c = m - 0.02 * dm, c - 0.02 * dc
        assert (d.m[t], d.c[t]) == pytest.approx((m, c), rel=1e-14)
    np.testing.assert_allclose(d.cost, [line.cost_squared(a, b) for a, b in d.path])
    far = line.descend(0.0, 0.0, 0.02, 3000)
    assert (far.m[-1], far.c[-1]) == pytest.approx(line.least_squares(), abs=1e-6)
    assert line.least_squares() == pytest.approx(tuple(np.polyfit(line.DATA_X, line.DATA_Y, 1)))
    assert np.all(np.diff(far.cost) <= 1e-12)  # a small learning rate only goes downhill
    fixed = line.descend(0.0, 0.5, 0.02, 5, fit_intercept=False)
    assert np.all(fixed.c == 0.5)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: line.descend(0, 0, 0.0, 5), "eta"),
        (lambda: line.descend(0, 0, 0.1, -1), "steps"),
        (lambda: line.descend(0, 0, 0.1, 2.5), "steps"),
        (lambda: line.descend(0, 0, 0.1, 5, kind="cubic"), "cost"),
        (lambda: line.descend(0, 0, 1.0, 500), "eta: the steps diverged"),
        (lambda: line.cost_squared(0, 0, [1, 2], [1]), "y: expected 2 values"),
        (lambda: line.cost_squared(0, 0, [1, 2], None), "x, y"),
        (lambda: line.gradient(float("nan"), 0), "m"),
    ],
)
def test_line_bad_input(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()


def test_plot_line_draws_the_errors_and_the_path():
    axes = Figure().subplots(1, 3)
    drawing = plotting.plot_line(0.5, 1.0, eta=0.02, steps=10, axes=axes)
    for segment, xi, yi in zip(drawing.errors.get_segments(), line.DATA_X, line.DATA_Y):
        np.testing.assert_allclose(segment, [[xi, yi], [xi, 0.5 * xi + 1.0]])
    d = line.descend(0.5, 1.0, 0.02, 10)
    np.testing.assert_allclose(drawing.path_line.get_xdata(), d.m)
    np.testing.assert_allclose(drawing.path_line.get_ydata(), d.c)
    assert drawing.squared_point.get_ydata()[0] == pytest.approx(line.cost_squared(0.5, 1.0))
    contours = drawing.contours
    drawing.set_kind("absolute")
    assert drawing.contours is not contours


def test_line_legend_names_gradient_descent_only_when_a_path_is_drawn():
    axes = Figure().subplots(1, 3)
    drawing = plotting.plot_line(0.5, 1.0, eta=None, axes=axes)
    assert _legend_labels(axes[2].get_legend()) == ["start", "least squares"]
    drawing.update(0.5, 1.0, line.descend(0.5, 1.0, 0.02, 10))
    assert _legend_labels(axes[2].get_legend()) == ["gradient descent", "start", "least squares"]
    drawing.update(0.5, 1.0, line.descend(0.5, 1.0, 0.02, 0))  # no step: no path
    assert _legend_labels(axes[2].get_legend())[0] == "start"


def test_numbers_import_without_matplotlib_or_ipywidgets():
    code = (
        "import sys, bpcore, bpcore.line, bpcore.examples, bpcore.nudge;"
        "bad = [m for m in ('matplotlib', 'ipywidgets') if m in sys.modules];"
        "sys.exit(str(bad) if bad else 0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
