"""The network as the book draws it, with every neuron coloured by a value (Δa, δ or a).

Neurons are coloured on a diverging scale centred at 0, edges are as wide as |w| and
coloured by its sign (dashed when negative), the nudged weight is marked in orange and
saturated neurons (σ'(z) ≈ 0) are ringed in black. Layers too wide for circles (64 or
784 inputs) are drawn as small images (8×8, 28×28). :func:`draw_network` returns a
:class:`NetworkDrawing`, whose ``update`` recolours the same artists for a widget.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.collections import PatchCollection
from matplotlib.colors import CenteredNorm, Normalize
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from matplotlib.patches import Circle, Rectangle
from matplotlib.text import Text

from bpcore.activations import SATURATION
from bpcore.backprop import NetworkLike
from bpcore.plotting.edges import draw_edges
from bpcore.plotting.highlight import HighlightMarks
from bpcore.plotting.layout import (
    LayerValues,
    Layout,
    Parameter,
    check_column,
    check_highlight,
    check_layer_values,
    grid_shape,
)
from bpcore.plotting.legend import BELOW, ShownLegend, network_handles
from bpcore.plotting.style import DIVERGING, NEUTRAL, new_axes

#: The size of a new figure for a network (inches).
FIGSIZE = (7.0, 4.2)
#: The rim of a neuron that is not saturated, and of an image layer.
RIM = "#555555"


class _Keep:
    """The type of :data:`KEEP`."""

    def __repr__(self) -> str:
        return "KEEP"


#: "Leave this unchanged", the default of every argument of :meth:`NetworkDrawing.update`.
KEEP = _Keep()


class NetworkDrawing:
    """The artists of a drawn network, recoloured in place by :meth:`update`.

    ``layers[i]`` is the artist of layer i + 1: a :class:`PatchCollection` of circles or
    an ``AxesImage``. ``edges[i]`` is the :class:`LineCollection` of w^{i+2} (None when
    a side is an image). ``highlight_edge`` is the line of the nudged weight,
    ``norm`` the shared :class:`CenteredNorm` (symmetric about 0) and ``colorbar`` its bar.
    ``saturated`` counts the neurons ringed as saturated. ``edge_legend`` lists only what
    the picture shows: the signs of w where edges are drawn, "nudged" while a parameter
    is marked, "saturated" while a neuron is ringed (None when there is nothing to list).

    Every argument but ``net`` is a keyword, with the meaning and default it has in
    :func:`draw_network`; without ``ax`` the drawing gets a new figure of size :data:`FIGSIZE`.
    """

    def __init__(
        self,
        net: NetworkLike,
        *,
        ax: Axes | None = None,
        values: LayerValues | None = None,
        highlight: Parameter | None = None,
        sigma_primes: Sequence[np.ndarray] | None = None,
        inputs: np.ndarray | None = None,
        symbol: str = r"\Delta a",
        saturation: float = SATURATION,
        vmax: float | None = None,
        max_circles: int = 40,
        annotate: bool | None = None,
        cmap: str = DIVERGING,
        colorbar: bool = True,
        edges: bool = True,
    ) -> None:
        if ax is None:
            _, ax = new_axes(FIGSIZE)
        self.net = net
        self.sizes = list(net.sizes)
        self.figure = ax.figure
        self.ax = ax
        self.saturation = float(saturation)
        self.layout = layout = Layout(self.sizes, max_circles)
        self.norm = CenteredNorm(vcenter=0.0, halfrange=1.0)
        self.cmap = cmap
        self.vmax = vmax
        ax.set_aspect("equal", adjustable="box")
        ax.set_axis_off()
        self.edges = draw_edges(ax, layout, net.weights, edges)
        self._draw_neurons(annotate)
        self.marks = HighlightMarks(ax, layout)
        self.highlight_edge, self.highlight_target, self.highlight_source = self.marks.artists[:3]
        self.highlight_pixel, self.highlight_label = self.marks.pixel, self.marks.label
        self._draw_colorbar(colorbar)
        self._legend = ShownLegend(ax, one_row=True, fontsize=7, handlelength=2.6, **BELOW)
        self.symbol = symbol
        self.values: list[np.ndarray | None] = [None] * len(self.sizes)
        self.inputs: np.ndarray | None = None
        self.highlight: Parameter | None = None
        self.sigma_primes: list[np.ndarray | None] | None = None
        self.saturated = 0
        self.update(values, highlight, sigma_primes=sigma_primes, inputs=inputs, symbol=symbol)

    # --- building -----------------------------------------------------------------------------

    def _draw_neurons(self, annotate: bool | None) -> None:
        """Every layer (circles or an image), the texts for values and labels, the limits."""
        layout, ax = self.layout, self.ax
        self.layers: list[PatchCollection | AxesImage] = []
        self.value_texts: list[list[Text]] = []
        for i in range(len(self.sizes)):
            self.layers.append(self._draw_image(i) if layout.is_image[i] else self._draw_circles(i))
            self.value_texts.append(self._draw_value_texts(i, annotate))
        self.layer_labels = [
            ax.text(i * layout.gap, layout.bottom() - 0.12, "", ha="center", va="top", fontsize=9)
            for i in range(len(self.sizes))
        ]
        # The data limits: every neuron, the labels below, a margin all round.
        ax.set_xlim(-0.6 * layout.gap, (len(self.sizes) - 0.4) * layout.gap)
        ax.set_ylim(layout.bottom() - 0.45, -layout.bottom() + 0.1)

    def _draw_colorbar(self, colorbar: bool) -> None:
        self.colorbar = None
        if colorbar:
            self._mappable = ScalarMappable(norm=self.norm, cmap=self.cmap)
            self.colorbar = self.figure.colorbar(
                self._mappable, ax=self.ax, shrink=0.7, pad=0.01, aspect=25
            )

    def _draw_image(self, i: int) -> AxesImage:
        """Layer i + 1 as an image of its neurons, framed (values come in :meth:`update`)."""
        left, right, bottom, top = self.layout.extent(i + 1)
        artist = self.ax.imshow(
            np.full(grid_shape(self.sizes[i]), np.nan),
            cmap=self.cmap,
            norm=self.norm,
            extent=(left, right, bottom, top),
            interpolation="nearest",
            zorder=3,
        )
        frame = Rectangle(
            (left, bottom), right - left, top - bottom, fill=False, edgecolor=RIM, lw=0.8, zorder=4
        )
        self.ax.add_patch(frame)
        return artist

    def _draw_circles(self, i: int) -> PatchCollection:
        """Layer i + 1 as a column of circles (colours come in :meth:`update`)."""
        layout = self.layout
        circles = [Circle(tuple(p), layout.radius) for p in layout.positions[i]]
        artist = PatchCollection(
            circles,
            cmap=self.cmap,
            norm=self.norm,
            facecolor=NEUTRAL,
            edgecolor=RIM,
            linewidth=0.6,
            zorder=3,
        )
        self.ax.add_collection(artist)
        return artist

    def _draw_value_texts(self, i: int, annotate: bool | None) -> list[Text]:
        """Empty texts beside the circles of layer i + 1, for their values (none for images)."""
        circle_sizes = [n for n, image in zip(self.sizes, self.layout.is_image) if not image]
        show = annotate if annotate is not None else max(circle_sizes, default=0) <= 6
        if self.layout.is_image[i] or not show:
            return []
        offset = self.layout.radius
        box = {"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8}
        return [
            self.ax.text(
                px + offset, py - offset, "", fontsize=7, ha="left", va="top", zorder=6, bbox=box
            )
            for px, py in self.layout.positions[i]
        ]

    # --- changing -----------------------------------------------------------------------------

    def dynamic_artists(self) -> list[Artist]:
        """The artists :meth:`update` changes (layers 2..L, value texts, highlight marks).

        Layer 1 is left out: it shows the input, which no nudge changes.
        """
        texts = [text for layer_texts in self.value_texts[1:] for text in layer_texts]
        return [*self.layers[1:], *texts, *self.marks.artists]

    def position(self, layer: int, j: int) -> tuple[float, float]:
        """Where neuron j of layer l (book numbering) is drawn: a circle's or a pixel's centre."""
        return self.layout.position(layer, j)

    def update(
        self,
        values: LayerValues | None | _Keep = KEEP,
        highlight: Parameter | None | _Keep = KEEP,
        *,
        sigma_primes: Sequence[np.ndarray] | None | _Keep = KEEP,
        inputs: np.ndarray | None | _Keep = KEEP,
        symbol: str | _Keep = KEEP,
        vmax: float | None | _Keep = KEEP,
    ) -> None:
        """Recolour and move the existing artists; arguments left out stay as they were.

        ``values``: one entry per layer 1..L (an array of n_l numbers, or None).
        ``highlight``: (l, j, k) for w^l_jk, (l, j, None) for b^l_j, or None.
        ``sigma_primes``: σ'(z^l) for l = 2..L (as ``Nudger.sigma_primes``), or None.
        ``inputs``: x, shown in grey in layer 1 when ``values[0]`` is None.
        ``symbol``: the mathtext symbol of the values, e.g. ``r"\\Delta a"``.
        """
        sizes = self.sizes
        changes: dict[str, object] = {"symbol": symbol, "vmax": vmax}
        # Check everything before anything changes: a bad value leaves the picture as it was.
        if not isinstance(values, _Keep):
            changes["values"] = check_layer_values(values, sizes, "values")
        if not isinstance(highlight, _Keep):
            changes["highlight"] = check_highlight(highlight, sizes)
        if not isinstance(sigma_primes, _Keep):
            changes["sigma_primes"] = (
                None
                if sigma_primes is None
                else check_layer_values([None, *sigma_primes], sizes, "sigma_primes")[1:]
            )
        if not isinstance(inputs, _Keep):
            changes["inputs"] = None if inputs is None else check_column(inputs, sizes[0], "inputs")
        for name, value in changes.items():
            if not isinstance(value, _Keep):
                setattr(self, name, value)
        self._recolour()
        self.marks.move(self.highlight)
        self._update_legend()

    def _update_legend(self) -> None:
        """The legend below lists what the picture shows now (see :class:`ShownLegend`)."""
        shown = ["edges"] if any(edges is not None for edges in self.edges) else []
        if self.highlight is not None:
            shown.append("nudged bias" if self.highlight[2] is None else "nudged weight")
        if self.saturated:
            shown.append("saturated")
        self._legend.show(tuple(shown), lambda: network_handles(shown, self.saturation))

    @property
    def edge_legend(self) -> Legend | None:
        """The legend below the network, or None when it has nothing to list."""
        return self._legend.legend

    def _recolour(self) -> None:
        shown = [np.abs(v).max() for v in self.values if v is not None and v.size]
        largest = self.vmax if self.vmax is not None else max(shown, default=0.0)
        self.norm.halfrange = largest if largest > 0 else 1.0
        self.saturated = 0
        for i in range(len(self.sizes)):
            value = self.values[i]
            grey = value is None and i == 0 and self.inputs is not None
            shown_value = self.inputs if grey else value
            artist = self.layers[i]
            if isinstance(artist, AxesImage):
                self._recolour_image(artist, i, shown_value, grey)
            else:
                self._recolour_circles(artist, i, value)
            self._write_values(i, shown_value, grey)
            self._label_layer(i)
        if self.colorbar is not None:
            self.colorbar.ax.set_title(f"${self.symbol}$", fontsize=10)

    def _recolour_image(
        self, artist: AxesImage, i: int, shown_value: np.ndarray | None, grey: bool
    ) -> None:
        """The pixels of layer i + 1: the diverging map, or the input x in grey."""
        rows, cols = grid_shape(self.sizes[i])
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

    def _recolour_circles(self, artist: PatchCollection, i: int, value: np.ndarray | None) -> None:
        """The circles of layer i + 1: the diverging map (light grey for None), their rims."""
        if value is None:
            artist.set_array(None)
            artist.set_facecolor(NEUTRAL)
        else:
            artist.set_array(value)
        self._flag_saturated(i, artist)

    def _write_values(self, i: int, shown_value: np.ndarray | None, grey: bool) -> None:
        """Each value beside its circle, signed (the input x plain), or nothing."""
        texts = self.value_texts[i]
        if shown_value is None:
            for text in texts:
                text.set_text("")
            return
        for text, v in zip(texts, shown_value):
            text.set_text(f"{v:.3g}" if grey else "0" if v == 0 else f"{v:+.3g}")

    def _label_layer(self, i: int) -> None:
        """Below layer l: "l = 2: Δa^2", its size, and its image's shape."""
        if self.values[i] is not None:
            name = f"{self.symbol}^{{{i + 1}}}"
        else:
            name = "a^{1} = x" if i == 0 else f"a^{{{i + 1}}}"
        shape = ""
        if self.layout.is_image[i]:
            shape = " ({}×{})".format(*grid_shape(self.sizes[i]))
        self.layer_labels[i].set_text(f"$l = {i + 1}$: ${name}$\n{self.sizes[i]} neurons{shape}")

    def _flag_saturated(self, i: int, artist: PatchCollection) -> None:
        """Black thick rings on neurons of layer i + 1 whose σ'(z) is below ``saturation``."""
        primes = None if i == 0 or self.sigma_primes is None else self.sigma_primes[i - 1]
        flagged = (
            np.zeros(self.sizes[i], dtype=bool) if primes is None else primes < self.saturation
        )
        self.saturated += int(flagged.sum())
        artist.set_edgecolor(["black" if f else RIM for f in flagged])
        artist.set_linewidth([2.2 if f else 0.6 for f in flagged])


def draw_network(
    net: NetworkLike,
    values: LayerValues | None = None,
    ax: Axes | None = None,
    highlight: Parameter | None = None,
    *,
    sigma_primes: Sequence[np.ndarray] | None = None,
    inputs: np.ndarray | None = None,
    symbol: str = r"\Delta a",
    saturation: float = SATURATION,
    vmax: float | None = None,
    max_circles: int = 40,
    annotate: bool | None = None,
    cmap: str = DIVERGING,
    colorbar: bool = True,
    edges: bool = True,
    title: str | None = None,
    figsize: tuple[float, float] = FIGSIZE,
) -> NetworkDrawing:
    """Draw ``net`` with its neurons coloured by ``values`` and return the artists.

    ``values``: a list with one entry per layer l = 1..L — an array of the n_l values of
    that layer (shape (n_l,) or (n_l, 1), e.g. Δa^l from :func:`bpcore.nudge`, δ^l or a^l),
    or None for a layer with nothing to show (drawn light grey; layer 1 shows ``inputs``
    in grey when given). The colour scale is diverging and centred at 0 (white), with
    limits ±``vmax`` (default: the largest |value|), so + and − are told apart at a glance.

    Edges: width ∝ |w^l_jk|, solid green for w > 0 and dashed purple for w < 0 (not drawn
    where one side is an image: 784 × 30 lines would hide everything; nor at all when
    ``edges`` is False). ``highlight=(l, j, k)`` marks w^l_jk (``(l, j, None)`` marks the
    bias b^l_j). Neurons whose σ'(z) (from ``sigma_primes``, one array per layer 2..L) is
    below ``saturation`` get a thick black ring: they pass almost no change on (BP2).
    Layers wider than ``max_circles`` are drawn as an image (64 → 8×8, 784 → 28×28).
    ``annotate`` writes each value beside its circle (default: when no column has more
    than 6 circles). The legend below lists only what the picture shows.

    Returns a :class:`NetworkDrawing`; call its ``update(values, highlight, ...)`` to
    recolour the same artists.
    """
    if ax is None:
        _, ax = new_axes(figsize)
    drawing = NetworkDrawing(
        net,
        ax=ax,
        values=values,
        highlight=highlight,
        sigma_primes=sigma_primes,
        inputs=inputs,
        symbol=symbol,
        saturation=saturation,
        vmax=vmax,
        max_circles=max_circles,
        annotate=annotate,
        cmap=cmap,
        colorbar=colorbar,
        edges=edges,
    )
    if title:
        ax.set_title(title, fontsize=10)
    return drawing
