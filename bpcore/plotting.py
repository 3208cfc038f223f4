"""Pictures of chapter 2, drawn with matplotlib from numbers that bpcore computes.

* :func:`draw_network` — the network as the book draws it: neurons coloured by a value
  (Δa, δ or a) on a diverging scale centred at 0, edges as wide as |w| and coloured by
  its sign, the nudged weight highlighted, saturated neurons (σ'(z) ≈ 0) ringed in black.
  Layers too wide for circles (64 or 784 inputs) are drawn as small images (8×8, 28×28).
* :func:`plot_dC_vs_dw` and :func:`plot_gap_loglog` — ΔC against Δw beside the tangent
  line (∂C/∂w)Δw of eq. 47, and the gap between them, which falls as Δw² (slope 2).
* :func:`draw_paths` — the paths of eq. 51–53 from one weight to C, strongest thickest.
* :func:`plot_chain` — the factors of ∂C/∂w_1 along a chain of single neurons (eq. 75–87).
* :func:`plot_line` — f(x) = m·x + c: the errors, both costs against m, the cost bowl
  C(m, c) with the path of gradient descent (:mod:`bpcore.line`).

Every function takes an optional ``ax`` (or ``axes``); without one it makes a new figure
with :func:`matplotlib.pyplot.subplots` and an explicit size, so a notebook can
``plt.show()`` it. The functions that a widget redraws return an object that holds the
artists and has an ``update`` method: it changes data and colours of the existing
artists (``set_array``, ``set_data``, ...) and never builds new ones, so a redraw costs
only the rendering.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.colors import CenteredNorm, Normalize
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle

from bpcore import line as line_model
from bpcore.activations import SATURATION
from bpcore.chain import Chain
from bpcore.nudge import Nudger
from bpcore.paths import Paths

Array = np.ndarray

#: Diverging colour map for neuron values: blue < 0 < red, white at 0.
DIVERGING = "RdBu_r"
#: Edge colours for the sign of a weight (green +, purple −: apart from the neuron colours).
POSITIVE, NEGATIVE = "#1b7837", "#762a83"
#: The colour of the nudged weight and its neurons.
HIGHLIGHT = "#ff8c00"
#: Face colour of neurons that have no value to show.
NEUTRAL = "#e6e6e6"

_KEEP = object()  # "leave this unchanged" in update methods


def _new_axes(figsize: tuple[float, float], ncols: int = 1, **options):
    """A new figure with ``ncols`` axes, made by pyplot (the caller asked for a figure)."""
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, ncols, figsize=figsize, layout="constrained", **options)
    return figure, axes


def parameter_tex(layer: int, j: int, k: int | None) -> str:
    """The nudged parameter in mathtext: ``w^{3}_{12}``, ``w^{2}_{3,100}`` or ``b^{2}_{0}``."""
    if k is None:
        return f"b^{{{layer}}}_{{{j}}}"
    separator = "," if max(j, k) >= 10 else ""
    return f"w^{{{layer}}}_{{{j}{separator}{k}}}"


# --- the network ---------------------------------------------------------------------------


def _grid_shape(n: int) -> tuple[int, int]:
    """Rows and columns of the image of a wide layer: 8×8 for 64, 28×28 for 784."""
    rows = math.isqrt(n)
    if rows * rows == n:
        return rows, rows
    rows = math.ceil(math.sqrt(n))
    return rows, math.ceil(n / rows)


class _Layout:
    """Where every neuron of a network sits (data coordinates, equal aspect).

    Layer l (book numbering) is the column x = (l - 1)·gap. A layer of at most ``max_circles``
    neurons is a column of circles spread over the height ``span``; a wider one is an
    image of ``_grid_shape(n)`` pixels, neuron k at row k // columns, column k % columns.
    """

    def __init__(self, sizes: Sequence[int], max_circles: int) -> None:
        self.sizes = list(sizes)
        self.is_image = [n > max_circles for n in self.sizes]
        largest = max((n for n, image in zip(self.sizes, self.is_image) if not image), default=1)
        # The height of a column of circles: 2 layer gaps, taller for long columns.
        self.span = max(2.0, 0.1 * largest)
        self.gap = max(1.0, 0.6 * self.span)  # between columns
        self.radius = min(0.14, 0.36 * min(0.5, self.span / largest))
        self.positions: list[Array] = []
        self.extents: list[tuple[float, float, float, float] | None] = []
        for i, n in enumerate(self.sizes):
            if self.is_image[i]:
                rows, cols = _grid_shape(n)
                side = min(0.8 * self.gap, 0.5 * self.span) / max(rows, cols)
                width, height = side * cols, side * rows
                left, top = i * self.gap - width / 2, height / 2
                k = np.arange(n)
                xs = left + (k % cols + 0.5) * side
                ys = top - (k // cols + 0.5) * side
                self.extents.append((left, left + width, top - height, top))
            else:
                xs = np.full(n, i * self.gap)
                spacing = min(0.5, self.span / n)  # narrow layers spread out more
                ys = (np.arange(n)[::-1] - (n - 1) / 2) * spacing
                self.extents.append(None)
            self.positions.append(np.column_stack([xs, ys]))

    def position(self, layer: int, j: int) -> tuple[float, float]:
        x, y = self.positions[layer - 1][j]
        return float(x), float(y)

    def bottom(self) -> float:
        lows = [p[:, 1].min() for p in self.positions]
        return float(min(lows)) - self.radius


def _column(value, n: int, argument: str) -> Array:
    """One layer's values as a flat array of n numbers (from (n,), (n, 1) or a list)."""
    array = np.asarray(value, dtype=float)
    if array.size != n or (array.ndim == 2 and array.shape[1] != 1) or array.ndim > 2:
        raise ValueError(
            f"{argument}: expected {n} values, shape ({n},) or ({n}, 1) (one example), "
            f"got shape {array.shape}"
        )
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{argument}: expected finite numbers, got {array.ravel()}")
    return array.ravel()


def _check_layer_values(values, sizes: list[int], argument: str) -> list[Array | None]:
    """A list with one entry per layer 1..L: an array of n_l values, or None."""
    if values is None:
        return [None] * len(sizes)
    if isinstance(values, np.ndarray) or len(values) != len(sizes):
        raise ValueError(
            f"{argument}: expected a list with one entry per layer l = 1..{len(sizes)} "
            f"({len(sizes)} in all; None where a layer has no value), got "
            f"{type(values).__name__} of length {len(values)}"
        )
    return [
        None if v is None else _column(v, n, f"{argument}[{i}] (layer {i + 1})")
        for i, (v, n) in enumerate(zip(values, sizes))
    ]


def _check_highlight(highlight, sizes: list[int]) -> tuple[int, int, int | None] | None:
    if highlight is None:
        return None
    if not isinstance(highlight, (tuple, list)) or len(highlight) != 3:
        raise ValueError(
            f"highlight: expected (l, j, k) for w^l_jk or (l, j, None) for b^l_j, got {highlight!r}"
        )
    from bpcore import _checks

    layer = _checks.layer(highlight[0], len(sizes), "highlight[0] (l)")
    j = _checks.index(highlight[1], sizes[layer - 1], "highlight[1] (j)", f"layer {layer} neuron")
    k = highlight[2]
    if k is not None:
        k = _checks.index(k, sizes[layer - 2], "highlight[2] (k)", f"layer {layer - 1} neuron")
    return layer, j, k


class NetworkDrawing:
    """The artists of a drawn network, recoloured in place by :meth:`update`.

    ``layers[i]`` is the artist of layer i + 1: a :class:`PatchCollection` of circles or
    an ``AxesImage``. ``edges[i]`` is the :class:`LineCollection` of w^{i+2} (None when
    a side is an image). ``highlight_edge`` is the line of the nudged weight,
    ``norm`` the shared :class:`CenteredNorm` (symmetric about 0) and ``colorbar`` its bar.
    """

    def __init__(
        self,
        net,
        values,
        ax,
        highlight,
        sigma_primes,
        inputs,
        symbol,
        saturation,
        vmax,
        max_circles,
        annotate,
        cmap,
        colorbar,
    ) -> None:
        self.net = net
        self.sizes = list(net.sizes)
        self.figure = ax.figure
        self.ax = ax
        self.saturation = float(saturation)
        self.layout = layout = _Layout(self.sizes, max_circles)
        self.norm = CenteredNorm(vcenter=0.0, halfrange=1.0)
        self.cmap = cmap
        self.vmax = vmax
        ax.set_aspect("equal", adjustable="box")
        ax.set_axis_off()
        self._draw_edges()
        self.layers = []
        self.value_texts: list[list] = []
        for i, n in enumerate(self.sizes):
            if layout.is_image[i]:
                rows, cols = _grid_shape(n)
                artist = ax.imshow(
                    np.full((rows, cols), np.nan),
                    cmap=cmap,
                    norm=self.norm,
                    extent=layout.extents[i],
                    interpolation="nearest",
                    zorder=3,
                )
                ax.add_patch(
                    Rectangle(
                        (layout.extents[i][0], layout.extents[i][2]),
                        layout.extents[i][1] - layout.extents[i][0],
                        layout.extents[i][3] - layout.extents[i][2],
                        fill=False,
                        edgecolor="#555555",
                        linewidth=0.8,
                        zorder=4,
                    )
                )
                texts = []
            else:
                circles = [Circle(tuple(p), layout.radius) for p in layout.positions[i]]
                artist = PatchCollection(
                    circles,
                    cmap=cmap,
                    norm=self.norm,
                    facecolor=NEUTRAL,
                    edgecolor="#555555",
                    linewidth=0.6,
                    zorder=3,
                )
                ax.add_collection(artist)
                show = annotate if annotate is not None else max(self._circle_sizes()) <= 6
                texts = (
                    [
                        ax.text(
                            px + layout.radius * 1.0,
                            py - layout.radius * 1.0,
                            "",
                            fontsize=7,
                            ha="left",
                            va="top",
                            zorder=6,
                            bbox={
                                "boxstyle": "square,pad=0.1",
                                "fc": "white",
                                "ec": "none",
                                "alpha": 0.8,
                            },
                        )
                        for px, py in layout.positions[i]
                    ]
                    if show
                    else []
                )
            self.layers.append(artist)
            self.value_texts.append(texts)
        self.layer_labels = [
            ax.text(i * layout.gap, layout.bottom() - 0.12, "", ha="center", va="top", fontsize=9)
            for i in range(len(self.sizes))
        ]
        self._draw_highlight_artists()
        # The data limits: every neuron, the labels below, a margin all round.
        ax.set_xlim(-0.6 * layout.gap, (len(self.sizes) - 0.4) * layout.gap)
        ax.set_ylim(layout.bottom() - 0.45, -layout.bottom() + 0.1)
        self.colorbar = None
        if colorbar:
            from matplotlib.cm import ScalarMappable

            self._mappable = ScalarMappable(norm=self.norm, cmap=cmap)
            self.colorbar = self.figure.colorbar(
                self._mappable, ax=ax, shrink=0.7, pad=0.01, aspect=25
            )
        self.symbol = symbol
        self.values: list[Array | None] = [None] * len(self.sizes)
        self.inputs = None
        self.highlight = None
        self.sigma_primes = None
        self.update(values, highlight, sigma_primes=sigma_primes, inputs=inputs, symbol=symbol)

    def _circle_sizes(self) -> list[int]:
        return [n for n, image in zip(self.sizes, self.layout.is_image) if not image] or [0]

    def _draw_edges(self) -> None:
        """One LineCollection per weight matrix between two columns of circles."""
        layout, ax = self.layout, self.ax
        drawn = [
            i
            for i in range(len(self.net.weights))
            if not (layout.is_image[i] or layout.is_image[i + 1])
        ]
        largest = max((np.abs(self.net.weights[i]).max() for i in drawn), default=1.0) or 1.0
        self.edges: list[LineCollection | None] = []
        for i, w in enumerate(self.net.weights):
            if i not in drawn:
                self.edges.append(None)
                continue
            source, target = layout.positions[i], layout.positions[i + 1]
            jj, kk = np.meshgrid(np.arange(w.shape[0]), np.arange(w.shape[1]), indexing="ij")
            segments = np.stack([source[kk.ravel()], target[jj.ravel()]], axis=1)
            weights = w.ravel()
            collection = LineCollection(
                segments,
                linewidths=0.2 + 2.8 * np.abs(weights) / largest,
                colors=np.where(weights >= 0, POSITIVE, NEGATIVE),
                alpha=0.65 if weights.size <= 60 else 0.3,
                zorder=1,
            )
            ax.add_collection(collection)
            self.edges.append(collection)
        self.edge_legend = ax.legend(
            handles=[
                Line2D([], [], color=POSITIVE, lw=2, label="$w > 0$"),
                Line2D([], [], color=NEGATIVE, lw=2, label="$w < 0$"),
                Line2D([], [], color=HIGHLIGHT, lw=3, label="nudged"),
                Line2D(
                    [],
                    [],
                    marker="o",
                    ls="",
                    markerfacecolor="white",
                    markeredgecolor="black",
                    markeredgewidth=2,
                    label=f"saturated: $\\sigma'(z) < {self.saturation:g}$",
                ),
            ],
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=4,
            fontsize=7,
            frameon=False,
            handlelength=1.5,
            columnspacing=1.0,
        )

    def _draw_highlight_artists(self) -> None:
        ax, radius = self.ax, self.layout.radius
        # Above the neurons and images (so it reaches into a pixel), trimmed at circles.
        self.highlight_edge = Line2D(
            [], [], color=HIGHLIGHT, lw=3.2, zorder=4, solid_capstyle="butt"
        )
        ax.add_line(self.highlight_edge)
        self.highlight_target = Circle(
            (0, 0),
            radius * 1.45,
            fill=False,
            edgecolor=HIGHLIGHT,
            linewidth=2.2,
            zorder=5,
            visible=False,
        )
        self.highlight_source = Circle(
            (0, 0),
            radius * 1.45,
            fill=False,
            edgecolor=HIGHLIGHT,
            linewidth=2.2,
            zorder=5,
            visible=False,
        )
        self.highlight_pixel = Rectangle(
            (0, 0), 0, 0, fill=False, edgecolor=HIGHLIGHT, linewidth=1.6, zorder=5, visible=False
        )
        for patch in (self.highlight_target, self.highlight_source, self.highlight_pixel):
            ax.add_patch(patch)
        self.highlight_label = ax.text(
            0,
            0,
            "",
            color="black",
            fontsize=10,
            ha="center",
            va="bottom",
            zorder=7,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": HIGHLIGHT, "alpha": 0.9},
        )

    def dynamic_artists(self) -> list:
        """The artists :meth:`update` changes (layers 2..L, value texts, highlight marks).

        Layer 1 is left out: it shows the input, which no nudge changes.
        """
        texts = [text for layer_texts in self.value_texts[1:] for text in layer_texts]
        return [
            *self.layers[1:],
            *texts,
            self.highlight_edge,
            self.highlight_target,
            self.highlight_source,
            self.highlight_pixel,
            self.highlight_label,
        ]

    def position(self, layer: int, j: int) -> tuple[float, float]:
        """Where neuron j of layer l (book numbering) is drawn: a circle's or a pixel's centre."""
        return self.layout.position(layer, j)

    def update(
        self,
        values=_KEEP,
        highlight=_KEEP,
        *,
        sigma_primes=_KEEP,
        inputs=_KEEP,
        symbol=_KEEP,
        vmax=_KEEP,
    ) -> None:
        """Recolour and move the existing artists; arguments left out stay as they were.

        ``values``: one entry per layer 1..L (an array of n_l numbers, or None).
        ``highlight``: (l, j, k) for w^l_jk, (l, j, None) for b^l_j, or None.
        ``sigma_primes``: σ'(z^l) for l = 2..L (as ``Nudger.sigma_primes``), or None.
        ``inputs``: x, shown in grey in layer 1 when ``values[0]`` is None.
        ``symbol``: the mathtext symbol of the values, e.g. ``r"\\Delta a"``.
        """
        sizes = self.sizes
        if values is not _KEEP:
            values = _check_layer_values(values, sizes, "values")
        if highlight is not _KEEP:
            highlight = _check_highlight(highlight, sizes)
        if sigma_primes is not _KEEP and sigma_primes is not None:
            sigma_primes = _check_layer_values([None, *sigma_primes], sizes, "sigma_primes")[1:]
        if inputs is not _KEEP and inputs is not None:
            inputs = _column(inputs, sizes[0], "inputs")
        # Everything is valid: now change the picture.
        changes = {
            "values": values,
            "highlight": highlight,
            "sigma_primes": sigma_primes,
            "inputs": inputs,
            "symbol": symbol,
            "vmax": vmax,
        }
        for name, value in changes.items():
            if value is not _KEEP:
                setattr(self, name, value)
        self._recolour()
        self._move_highlight()

    def _recolour(self) -> None:
        shown = [np.abs(v).max() for v in self.values if v is not None and v.size]
        largest = self.vmax if self.vmax is not None else max(shown, default=0.0)
        self.norm.halfrange = largest if largest > 0 else 1.0
        for i, (artist, value) in enumerate(zip(self.layers, self.values)):
            grey = value is None and i == 0 and self.inputs is not None
            shown_value = self.inputs if grey else value
            if self.layout.is_image[i]:
                rows, cols = _grid_shape(self.sizes[i])
                pixels = np.full(rows * cols, np.nan)
                if shown_value is not None:
                    pixels[: self.sizes[i]] = shown_value
                artist.set_data(pixels.reshape(rows, cols))
                if grey:
                    artist.set_cmap("Greys")
                    brightest = float(np.max(pixels[: self.sizes[i]]))
                    artist.set_norm(Normalize(0.0, max(1.0, brightest)))
                elif artist.norm is not self.norm:
                    artist.set_cmap(self.cmap)
                    artist.set_norm(self.norm)
            else:
                if value is None:
                    artist.set_array(None)
                    artist.set_facecolor(NEUTRAL)
                else:
                    artist.set_array(value)
                self._flag_saturated(i, artist)
            for text, v in zip(self.value_texts[i], shown_value if shown_value is not None else []):
                text.set_text(f"{v:.3g}" if grey else "0" if v == 0 else f"{v:+.3g}")
            if shown_value is None:
                for text in self.value_texts[i]:
                    text.set_text("")
            if value is not None:
                name = f"{self.symbol}^{{{i + 1}}}"
            else:
                name = "a^{1} = x" if i == 0 else f"a^{{{i + 1}}}"
            shape = ""
            if self.layout.is_image[i]:
                shape = " ({}×{})".format(*_grid_shape(self.sizes[i]))
            self.layer_labels[i].set_text(
                f"$l = {i + 1}$: ${name}$\n{self.sizes[i]} neurons{shape}"
            )
        if self.colorbar is not None:
            self.colorbar.ax.set_title(f"${self.symbol}$", fontsize=10)

    def _flag_saturated(self, i: int, artist: PatchCollection) -> None:
        """Black thick rings on neurons of layer i + 1 whose σ'(z) is below ``saturation``."""
        n = self.sizes[i]
        flagged = np.zeros(n, dtype=bool)
        if i > 0 and self.sigma_primes is not None and self.sigma_primes[i - 1] is not None:
            flagged = self.sigma_primes[i - 1] < self.saturation
        artist.set_edgecolor(np.where(flagged[:, None], (0, 0, 0, 1), (0.33, 0.33, 0.33, 1)))
        artist.set_linewidth(np.where(flagged, 2.2, 0.6))

    def _move_highlight(self) -> None:
        parts = (
            self.highlight_edge,
            self.highlight_target,
            self.highlight_source,
            self.highlight_pixel,
            self.highlight_label,
        )
        if self.highlight is None:
            for part in parts:
                part.set_visible(False)
            return
        layer, j, k = self.highlight
        layout = self.layout
        tx, ty = layout.position(layer, j)
        self.highlight_target.set_center((tx, ty))
        self.highlight_target.set_visible(not layout.is_image[layer - 1])
        if k is None:
            self.highlight_edge.set_visible(False)
            self.highlight_source.set_visible(False)
            self.highlight_pixel.set_visible(False)
            lx, ly = tx, ty + layout.radius * 1.6
        else:
            sx, sy = layout.position(layer - 1, k)
            # End the line at the rims of the circles (at the centre of a pixel).
            length = math.hypot(tx - sx, ty - sy) or 1.0
            ux, uy = (tx - sx) / length, (ty - sy) / length
            start = 0.0 if layout.is_image[layer - 2] else layout.radius
            end = 0.0 if layout.is_image[layer - 1] else layout.radius
            self.highlight_edge.set_data(
                [sx + start * ux, tx - end * ux], [sy + start * uy, ty - end * uy]
            )
            self.highlight_edge.set_visible(True)
            if layout.is_image[layer - 2]:
                left, right, _, _ = layout.extents[layer - 2]
                side = (right - left) / _grid_shape(self.sizes[layer - 2])[1]
                self.highlight_pixel.set_bounds(sx - side / 2, sy - side / 2, side, side)
                self.highlight_pixel.set_visible(True)
                self.highlight_source.set_visible(False)
            else:
                self.highlight_source.set_center((sx, sy))
                self.highlight_source.set_visible(True)
                self.highlight_pixel.set_visible(False)
            lx, ly = 0.5 * (sx + tx), 0.5 * (sy + ty) + layout.radius
        self.highlight_label.set_position((lx, ly))
        self.highlight_label.set_text(f"${parameter_tex(layer, j, k)}$")
        self.highlight_label.set_visible(True)


def draw_network(
    net,
    values=None,
    ax=None,
    highlight=None,
    *,
    sigma_primes=None,
    inputs=None,
    symbol: str = r"\Delta a",
    saturation: float = SATURATION,
    vmax: float | None = None,
    max_circles: int = 40,
    annotate: bool | None = None,
    cmap: str = DIVERGING,
    colorbar: bool = True,
    title: str | None = None,
    figsize: tuple[float, float] = (7.0, 4.2),
) -> NetworkDrawing:
    """Draw ``net`` with its neurons coloured by ``values`` and return the artists.

    ``values``: a list with one entry per layer l = 1..L — an array of the n_l values of
    that layer (shape (n_l,) or (n_l, 1), e.g. Δa^l from :func:`bpcore.nudge`, δ^l or a^l),
    or None for a layer with nothing to show (drawn light grey; layer 1 shows ``inputs``
    in grey when given). The colour scale is diverging and centred at 0 (white), with
    limits ±``vmax`` (default: the largest |value|), so + and − are told apart at a glance.

    Edges: width ∝ |w^l_jk|, green for w > 0 and purple for w < 0 (not drawn where one
    side is an image: 784 × 30 lines would hide everything). ``highlight=(l, j, k)``
    marks w^l_jk (``(l, j, None)`` marks the bias b^l_j). Neurons whose σ'(z) (from
    ``sigma_primes``, one array per layer 2..L) is below ``saturation`` get a thick black
    ring: they pass almost no change on (BP2). Layers wider than ``max_circles`` are
    drawn as an image (64 → 8×8, 784 → 28×28). ``annotate`` writes each value beside its
    circle (default: when no column has more than 6 circles).

    Returns a :class:`NetworkDrawing`; call its ``update(values, highlight, ...)`` to
    recolour the same artists.
    """
    if ax is None:
        _, ax = _new_axes(figsize)
    drawing = NetworkDrawing(
        net,
        values,
        ax,
        highlight,
        sigma_primes,
        inputs,
        symbol,
        saturation,
        vmax,
        max_circles,
        annotate,
        cmap,
        colorbar,
    )
    if title:
        ax.set_title(title, fontsize=10)
    return drawing


def nudge_values(net, nudge, view: str = "da", gradients=None) -> tuple[list, str]:
    """Per-layer values for :func:`draw_network` from a :class:`bpcore.nudge.Nudge`, and
    their mathtext symbol: see :meth:`bpcore.nudge.Nudge.layer_values` for ``view``.
    """
    symbols = {"da": r"\Delta a", "delta": r"\delta", "a": r"a + \Delta a"}
    return nudge.layer_values(view), symbols[view]


# --- ΔC against Δw (eq. 47) ------------------------------------------------------------------


def _explorer(net, x, y) -> Nudger:
    if isinstance(net, Nudger):
        if x is not None or y is not None:
            raise ValueError("x, y: a Nudger already holds x and y; pass None for both")
        return net
    return Nudger(net, x, y)


class NudgeCurve:
    """ΔC(Δw) exact and linear on one axes; :meth:`set_parameter` and :meth:`mark` update it."""

    def __init__(self, ax, explorer: Nudger, num: int) -> None:
        self.ax, self.figure, self.explorer, self.num = ax, ax.figure, explorer, int(num)
        (self.exact_line,) = ax.plot([], [], color="black", lw=1.8, label=r"exact $\Delta C$")
        (self.linear_line,) = ax.plot(
            [],
            [],
            color=HIGHLIGHT,
            lw=1.6,
            ls="--",
            label=r"linear $(\partial C/\partial w)\,\Delta w$",
        )
        self.gap_fill = None
        (self.gap_segment,) = ax.plot(
            [], [], color="#d62728", lw=2.5, zorder=4, label="gap (second order)"
        )
        (self.current_exact,) = ax.plot([], [], "o", color="black", ms=6, zorder=5)
        (self.current_linear,) = ax.plot([], [], "o", color=HIGHLIGHT, ms=5, zorder=5)
        ax.axhline(0, color="#999999", lw=0.6)
        ax.axvline(0, color="#999999", lw=0.6)
        ax.set_xlabel(r"$\Delta w$")
        ax.set_ylabel(r"$\Delta C$")
        ax.legend(loc="best", fontsize=8)
        ax.grid(alpha=0.25)
        self.parameter = None

    def set_parameter(self, layer: int, j: int, k: int | None, dw_max: float) -> None:
        """Compute ΔC over Δw ∈ [−dw_max, dw_max] for w^l_jk (b^l_j if k is None)."""
        dws = np.linspace(-dw_max, dw_max, self.num)
        nudges = [self.explorer.nudge(layer, j, k, dw) for dw in dws]
        exact = np.array([n.dC for n in nudges])
        linear = nudges[0].gradient * dws
        self.dws, self.exact, self.linear = dws, exact, linear
        self.gradient = nudges[0].gradient
        self.parameter = (layer, j, k)
        self.exact_line.set_data(dws, exact)
        self.linear_line.set_data(dws, linear)
        if self.gap_fill is not None:
            self.gap_fill.remove()
        self.gap_fill = self.ax.fill_between(
            dws, exact, linear, color="#d62728", alpha=0.15, lw=0, zorder=0
        )
        self.ax.set_xlim(-dw_max, dw_max)
        low, high = min(exact.min(), linear.min()), max(exact.max(), linear.max())
        margin = 0.08 * (high - low) if high > low else 1e-12
        self.ax.set_ylim(low - margin, high + margin)
        self.ax.set_title(
            f"$\\Delta C$ for a nudge of ${parameter_tex(layer, j, k)}$"
            f"  ($\\partial C/\\partial w = {self.gradient:.4g}$)",
            fontsize=10,
        )

    def dynamic_artists(self) -> list:
        """The artists :meth:`mark` moves."""
        return [self.gap_segment, self.current_exact, self.current_linear]

    def mark(self, dw: float, dC: float, dC_linear: float) -> None:
        """Mark the current Δw: ΔC exact (black), linear (orange) and the gap between them."""
        self.current_exact.set_data([dw], [dC])
        self.current_linear.set_data([dw], [dC_linear])
        self.gap_segment.set_data([dw, dw], [dC_linear, dC])


def plot_dC_vs_dw(
    net,
    x=None,
    y=None,
    layer: int = 2,
    j: int = 0,
    k: int | None = 0,
    *,
    dw_max: float = 1.0,
    num: int = 101,
    current: float | None = None,
    ax=None,
    figsize: tuple[float, float] = (5.0, 3.6),
) -> NudgeCurve:
    """ΔC against Δw for w^l_jk: the exact curve beside the tangent (∂C/∂w)Δw (eq. 47).

    ``net`` with ``x`` (n_1, m) and ``y`` (n_L, m), or a :class:`bpcore.Nudger`
    (then x = y = None). Every point is :func:`bpcore.nudge`'s exact ΔC; the shaded
    band between curve and line is the second-order gap. ``current`` marks one Δw.
    """
    from bpcore import _checks

    explorer = _explorer(net, x, y)
    dw_max = _checks.positive_number(dw_max, "dw_max")
    num = _checks.positive_integer(num, "num")
    if ax is None:
        _, ax = _new_axes(figsize)
    curve = NudgeCurve(ax, explorer, num)
    curve.set_parameter(*explorer.check(layer, j, k)[:3], dw_max)
    if current is not None:
        n = explorer.nudge(layer, j, k, current)
        curve.mark(n.dw, n.dC, n.dC_linear)
    return curve


class GapFit:
    """The log-log gap plot's data: ``dws``, ``gaps`` = |ΔC − ΔC_linear|, fitted ``slope``."""

    def __init__(self, ax, dws: Array, gaps: Array, slope: float, intercept: float) -> None:
        self.ax, self.figure = ax, ax.figure
        self.dws, self.gaps, self.slope, self.intercept = dws, gaps, slope, intercept


def plot_gap_loglog(
    net,
    x=None,
    y=None,
    layer: int = 2,
    j: int = 0,
    k: int | None = 0,
    *,
    dws: Sequence[float] | None = None,
    ax=None,
    figsize: tuple[float, float] = (5.0, 3.6),
) -> GapFit:
    """|ΔC − (∂C/∂w)Δw| against |Δw| on log-log axes, with a fitted straight line.

    The linear estimate misses ½ (∂²C/∂w²) Δw² + ..., so the points lie on a line of
    slope 2 (the fitted slope is annotated and returned as ``.slope``). ``dws`` are
    positive nudges (default: 25 from 10^-3 to 10^-1). Points whose gap is exactly 0 are
    left out (they have no logarithm).
    """
    explorer = _explorer(net, x, y)
    dws = np.logspace(-3, -1, 25) if dws is None else np.asarray(dws, dtype=float)
    if dws.ndim != 1 or dws.size < 2 or not np.all(np.isfinite(dws)) or np.any(dws <= 0):
        raise ValueError(f"dws: expected at least two positive finite nudges, got {dws!r}")
    gaps = np.array([abs(explorer.nudge(layer, j, k, dw).gap) for dw in dws])
    keep = gaps > 0
    if keep.sum() < 2:
        raise ValueError(
            f"dws: fewer than two nudges of {parameter_tex(layer, j, k)} give a non-zero gap"
        )
    slope, intercept = np.polyfit(np.log10(dws[keep]), np.log10(gaps[keep]), 1)
    if ax is None:
        _, ax = _new_axes(figsize)
    ax.loglog(
        dws[keep],
        gaps[keep],
        "o",
        color="black",
        ms=4,
        label=r"$|\Delta C - (\partial C/\partial w)\,\Delta w|$",
    )
    fitted = 10 ** (intercept + slope * np.log10(dws[keep]))
    ax.loglog(dws[keep], fitted, color="#d62728", lw=1.4, label=f"fit: slope {slope:.3f}")
    ax.set_xlabel(r"$|\Delta w|$")
    ax.set_ylabel("gap")
    ax.set_title(
        f"The gap is second order: slope ≈ 2  (${parameter_tex(layer, j, k)}$)", fontsize=10
    )
    ax.grid(alpha=0.3, which="both")
    ax.legend(loc="upper left", fontsize=8)
    return GapFit(ax, dws[keep], gaps[keep], float(slope), float(intercept))


# --- the paths of eq. 51–53 ------------------------------------------------------------------


class PathsDrawing:
    """The drawn paths: ``lines[i]`` is the Line2D of ``paths.paths[i]`` (widths ∝ |rate|)."""

    def __init__(self, ax, layout: _Layout, lines: list[Line2D], paths: Paths) -> None:
        self.ax, self.figure, self.layout = ax, ax.figure, layout
        self.lines, self.paths = lines, paths


def draw_paths(
    paths_result: Paths,
    net,
    *,
    x=None,
    ax=None,
    max_circles: int = 40,
    figsize: tuple[float, float] = (7.0, 4.0),
) -> PathsDrawing:
    """Every listed path of ``paths_result`` (from :func:`bpcore.paths`) through ``net``.

    A path runs a^{l-1}_k → a^l_j → a^{l+1}_i → … → a^L → C (from a^l_j for a bias);
    its width is proportional to |rate| (the product of its factors, eq. 53) and its
    colour gives the sign, so the strongest paths are thickest. The title compares the
    sum of the rates with ∂C/∂w from backpropagation (eq. 55). ``x`` (the input) is shown
    in grey when layer 1 is drawn as an image.
    """
    if not isinstance(paths_result, Paths):
        raise TypeError(f"paths_result: expected a bpcore Paths, got {type(paths_result).__name__}")
    if ax is None:
        _, ax = _new_axes(figsize)
    layout = _Layout(net.sizes, max_circles)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    L = net.num_layers
    for i, n in enumerate(net.sizes):
        if layout.is_image[i]:
            rows, cols = _grid_shape(n)
            pixels = np.full(rows * cols, np.nan)
            if i == 0 and x is not None:
                pixels[:n] = _column(x, n, "x")
            else:
                pixels[:n] = 0.0
            ax.imshow(
                pixels.reshape(rows, cols),
                cmap="Greys",
                vmin=0,
                vmax=max(1, np.nanmax(pixels)),
                extent=layout.extents[i],
                interpolation="nearest",
                zorder=1,
                alpha=0.6,
            )
        else:
            ax.add_collection(
                PatchCollection(
                    [Circle(tuple(p), layout.radius) for p in layout.positions[i]],
                    facecolor="white",
                    edgecolor="#777777",
                    linewidth=0.8,
                    zorder=3,
                )
            )
        ax.text(
            i * layout.gap,
            layout.bottom() - 0.12,
            f"$l = {i + 1}$",
            ha="center",
            va="top",
            fontsize=9,
        )
    cost_point = ((L - 0.25) * layout.gap, 0.0)
    ax.add_patch(
        Circle(
            cost_point, max(layout.radius, 0.08), facecolor="#f2f2f2", edgecolor="black", zorder=3
        )
    )
    ax.text(*cost_point, "$C$", ha="center", va="center", fontsize=11, zorder=4)
    listed = paths_result.paths
    largest = max((abs(p.rate) for p in listed), default=1.0) or 1.0
    lines = []
    first = paths_result.layer
    for path in sorted(listed, key=lambda p: abs(p.rate)):  # strongest drawn last, on top
        points = []
        if paths_result.k is not None:
            points.append(layout.position(first - 1, paths_result.k))
        points += [layout.position(first + s, n) for s, n in enumerate(path.neurons)]
        points.append(cost_point)
        xs, ys = zip(*points)
        (line,) = ax.plot(
            xs,
            ys,
            color=POSITIVE if path.rate >= 0 else NEGATIVE,
            lw=0.4 + 7.0 * abs(path.rate) / largest,
            alpha=0.75,
            solid_capstyle="round",
            zorder=2,
        )
        lines.append(line)
    lines.reverse()  # back to the order of paths_result.paths (largest first)
    ax.set_xlim(-0.6 * layout.gap, (L + 0.1) * layout.gap)
    ax.set_ylim(layout.bottom() - 0.45, -layout.bottom() + 0.15)
    listed_text = (
        f"all {paths_result.count} paths"
        if paths_result.complete
        else f"the {len(listed)} strongest of {paths_result.count} paths"
    )
    ax.set_title(
        f"Paths from ${parameter_tex(first, paths_result.j, paths_result.k)}$ to $C$: "
        f"{listed_text}\nsum of rates = {paths_result.listed_sum:.6g},  "
        f"$\\partial C/\\partial w$ (backprop) = {paths_result.total:.6g}",
        fontsize=9,
    )
    ax.legend(
        handles=[
            Line2D([], [], color=POSITIVE, lw=3, label="rate > 0"),
            Line2D([], [], color=NEGATIVE, lw=3, label="rate < 0"),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=2,
        fontsize=8,
        frameon=False,
    )
    return PathsDrawing(ax, layout, lines, paths_result)


# --- the single-neuron chain (eq. 75–87) -----------------------------------------------------

_GREEK = {"σ": r"\sigma", "∂": r"\partial ", "ŷ": r"\hat{y}"}


def chain_factor_tex(name: str) -> str:
    """A factor's name from :func:`bpcore.chain` in mathtext, e.g. σ'(h_2) → $\\sigma'(h_2)$."""
    tex = re.sub("|".join(_GREEK), lambda match: _GREEK[match.group(0)], name)
    return f"${tex}$"


class ChainDrawing:
    """Bars of the chain's factors and the running product; :meth:`update` changes heights."""

    def __init__(self, axes, chain: Chain, backprop_value: float | None) -> None:
        self.axes = axes
        self.figure = axes[0].figure
        bars_ax, product_ax = axes
        names = [name for name, _ in chain.factors]
        colours = [
            "#1f77b4" if n.startswith("σ") else "#7f7f7f" if n.startswith("w") else "#2ca02c"
            for n in names
        ]
        positions = np.arange(len(names))
        self.bars = bars_ax.bar(positions, [v for _, v in chain.factors], color=colours)
        bars_ax.set_xticks(positions, [chain_factor_tex(n) for n in names], fontsize=9)
        bars_ax.axhline(
            0.25, color="#1f77b4", ls=":", lw=1.2, label=r"$\sigma'(h) \leq 1/4$ for the sigmoid"
        )
        bars_ax.legend(loc="best", fontsize=8)
        bars_ax.axhline(0, color="black", lw=0.6)
        bars_ax.set_ylabel("factor value")
        bars_ax.grid(axis="y", alpha=0.25)
        (self.product_line,) = product_ax.semilogy(
            positions, np.ones(len(names)), "o-", color="black", ms=4
        )
        product_ax.set_xticks(positions, [chain_factor_tex(n) for n in names], fontsize=9)
        product_ax.set_ylabel("|product so far|")
        product_ax.grid(alpha=0.25, which="both")
        self.update(chain, backprop_value)

    def update(self, chain: Chain, backprop_value: float | None = None) -> None:
        """New factor values (the same chain length) and, optionally, backprop's ∂C/∂w_1."""
        values = np.array([v for _, v in chain.factors])
        if values.size != len(self.bars):
            raise ValueError(
                f"chain: expected {len(self.bars)} factors as drawn, got {values.size}"
            )
        for bar, value in zip(self.bars, values):
            bar.set_height(value)
        bars_ax, product_ax = self.axes
        low, high = min(values.min(), 0.0), max(values.max(), 0.3)
        bars_ax.set_ylim(low - 0.08 * (high - low), high + 0.08 * (high - low))
        running = np.abs(np.cumprod(values))
        shown = np.where(running > 0, running, np.nan)
        self.product_line.set_ydata(shown)
        finite = shown[np.isfinite(shown)]
        if finite.size:
            product_ax.set_ylim(finite.min() / 3, max(finite.max(), 1.0) * 3)
        compare = "" if backprop_value is None else f",  backprop: {backprop_value:.6g}"
        bars_ax.set_title(
            f"$\\partial C/\\partial w_1$ = product of the factors = {chain.product:.6g}{compare}",
            fontsize=9,
        )
        product_ax.set_title("each σ' ≤ 1/4 shrinks the gradient", fontsize=9)


def plot_chain(
    chain: Chain,
    axes=None,
    backprop_value: float | None = None,
    figsize: tuple[float, float] = (9.0, 3.4),
) -> ChainDrawing:
    """The factors of ∂C/∂w_1 = x·σ'(h_1)·w_2·σ'(h_2)···σ'(h_n)·∂C/∂ŷ (from :func:`bpcore.chain`).

    Left: one bar per factor, with the line σ' = 1/4 (a sigmoid's largest slope). Right:
    |product of the factors so far| on a log scale — each σ' multiplies the gradient by
    at most 1/4, so long sigmoid chains learn slowly. ``axes``: two axes, or None.
    """
    if not isinstance(chain, Chain):
        raise TypeError(f"chain: expected a bpcore Chain, got {type(chain).__name__}")
    if axes is None:
        _, axes = _new_axes(figsize, ncols=2)
    return ChainDrawing(axes, chain, backprop_value)


# --- f(x) = m·x + c (the line explorer) ------------------------------------------------------


class LineDrawing:
    """Three panels of the line model: the fit, both costs against m, the bowl C(m, c).

    :meth:`update` moves the line, the error bars, the markers and the descent path.
    """

    def __init__(self, axes, x, y, m_range, c_range, kind: str) -> None:
        self.axes = axes
        self.figure = axes[0].figure
        self.x, self.y = line_model.data_points(x, y)
        self.m_range, self.c_range = m_range, c_range
        fit_ax, cost_ax, bowl_ax = axes
        # Panel 1: the data, the line, and each error r_i as a vertical bar.
        fit_ax.plot(self.x, self.y, "o", color="black", zorder=3, label="data $(x_i, y_i)$")
        span = self.x.max() - self.x.min() or 1.0
        self.x_line = np.array([self.x.min() - 0.2 * span, self.x.max() + 0.2 * span])
        (self.fit_line,) = fit_ax.plot([], [], color="#1f77b4", lw=2, label="$f(x) = mx + c$")
        self.errors = LineCollection(
            [], colors="#d62728", linewidths=2, zorder=2, label="errors $r_i$"
        )
        fit_ax.add_collection(self.errors)
        fit_ax.set_xlim(*self.x_line)
        low, high = self.y.min(), self.y.max()
        fit_ax.set_ylim(low - (high - low) - 1, high + (high - low) + 1)
        fit_ax.set_xlabel("$x$")
        fit_ax.set_ylabel("$y$")
        fit_ax.legend(loc="upper left", fontsize=8)
        fit_ax.grid(alpha=0.25)
        # Panel 2: both costs as functions of m, at the current c.
        self.m_grid = np.linspace(*m_range, 201)
        (self.absolute_line,) = cost_ax.plot(
            [], [], color="#9467bd", lw=1.8, label=r"$\sum_i |r_i|$"
        )
        (self.squared_line,) = cost_ax.plot(
            [], [], color="#1f77b4", lw=1.8, label=r"$\frac{1}{2}\sum_i r_i^2$"
        )
        (self.absolute_point,) = cost_ax.plot([], [], "o", color="#9467bd")
        (self.squared_point,) = cost_ax.plot([], [], "o", color="#1f77b4")
        cost_ax.set_xlim(*m_range)
        cost_ax.set_xlabel("$m$")
        cost_ax.set_ylabel("cost")
        cost_ax.legend(loc="upper center", fontsize=8)
        cost_ax.grid(alpha=0.25)
        # Panel 3: contours of the cost over (m, c) and the path of gradient descent.
        self.contours = None
        (self.path_line,) = bowl_ax.plot(
            [], [], "o-", color="#d62728", ms=3, lw=1.2, label="gradient descent"
        )
        (self.start_point,) = bowl_ax.plot([], [], "s", color="black", ms=6, label="start")
        m_best, c_best = line_model.least_squares(self.x, self.y)
        bowl_ax.plot([m_best], [c_best], "*", color="#2ca02c", ms=11, label="least squares")
        bowl_ax.set_xlim(*m_range)
        bowl_ax.set_ylim(*c_range)
        bowl_ax.set_xlabel("$m$")
        bowl_ax.set_ylabel("$c$")
        bowl_ax.legend(loc="upper right", fontsize=7)
        self.kind = None
        self.set_kind(kind)

    def set_kind(self, kind: str) -> None:
        """Draw the contours of the ``kind`` cost ("squared" or "absolute")."""
        if kind == self.kind:
            return
        line_model.cost_kind(kind)
        if self.contours is not None:
            self.contours.remove()
        m_grid, c_grid = np.meshgrid(
            np.linspace(*self.m_range, 121), np.linspace(*self.c_range, 121)
        )
        values = line_model.cost(m_grid, c_grid, self.x, self.y, kind)
        levels = np.geomspace(max(values.min(), 1e-3), values.max(), 14)
        self.contours = self.axes[2].contour(
            m_grid, c_grid, values, levels=levels, cmap="viridis", linewidths=0.9
        )
        self.axes[2].set_title(f"{kind} cost $C(m, c)$", fontsize=10)
        self.kind = kind

    def update(self, m: float, c: float, descent: line_model.Descent | None = None) -> None:
        """Show the line m·x + c, its errors and costs, and the descent path (if given)."""
        self.fit_line.set_data(self.x_line, line_model.predict(m, c, self.x_line))
        fitted = line_model.predict(m, c, self.x)
        self.errors.set_segments(
            [[(xi, yi), (xi, fi)] for xi, yi, fi in zip(self.x, self.y, fitted)]
        )
        c_row = np.full_like(self.m_grid, c)
        absolute = line_model.cost_absolute(self.m_grid, c_row, self.x, self.y)
        squared = line_model.cost_squared(self.m_grid, c_row, self.x, self.y)
        self.absolute_line.set_data(self.m_grid, absolute)
        self.squared_line.set_data(self.m_grid, squared)
        self.absolute_point.set_data([m], [line_model.cost_absolute(m, c, self.x, self.y)])
        self.squared_point.set_data([m], [line_model.cost_squared(m, c, self.x, self.y)])
        top = max(absolute.max(), squared.max())
        self.axes[1].set_ylim(0, top * 1.05)
        self.axes[1].set_title(f"costs against $m$ at $c = {c:.3g}$", fontsize=10)
        self.axes[0].set_title(f"$f(x) = {m:.3g}\\,x {c:+.3g}$", fontsize=10)
        self.start_point.set_data([m], [c])
        if descent is None:
            self.path_line.set_data([], [])
        else:
            self.path_line.set_data(descent.m, descent.c)


def plot_line(
    m: float,
    c: float,
    x=None,
    y=None,
    *,
    eta: float | None = 0.05,
    steps: int = 20,
    kind: str = "squared",
    m_range=None,
    c_range=None,
    axes=None,
    figsize: tuple[float, float] = (12.0, 3.6),
) -> LineDrawing:
    """The line explorer's three panels for f(x) = m·x + c and the data (x, y).

    Left: the data with the errors r_i = f(x_i) − y_i as red bars. Middle: the absolute
    and squared costs as functions of m (c fixed). Right: the contours of the ``kind``
    cost over (m, c) with ``steps`` steps of gradient descent of learning rate ``eta``
    from (m, c) (no path if ``eta`` is None). ``x``, ``y`` default to
    :data:`bpcore.line.DATA_X`, ``DATA_Y``.
    """
    x, y = line_model.data_points(x, y)
    m_best, c_best = line_model.least_squares(x, y)
    m_range = (m_best - 2.0, m_best + 2.0) if m_range is None else tuple(m_range)
    c_range = (c_best - 3.0, c_best + 3.0) if c_range is None else tuple(c_range)
    if axes is None:
        _, axes = _new_axes(figsize, ncols=3)
    drawing = LineDrawing(axes, x, y, m_range, c_range, kind)
    descent = None if eta is None else line_model.descend(m, c, eta, steps, x, y, kind)
    drawing.update(m, c, descent)
    return drawing
