"""The nudged parameter marked on a drawn network: w^l_jk as an orange line, b^l_j as a ring.

:class:`HighlightMarks` builds its artists once, hidden, and :meth:`HighlightMarks.move`
places them on the chosen parameter (or hides them), so a widget that changes the
parameter never builds new artists.
"""

from __future__ import annotations

import math

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle
from matplotlib.text import Text

from bpcore.plotting.layout import Layout, Parameter, grid_shape
from bpcore.plotting.style import HIGHLIGHT, parameter_tex


def _ring(radius: float) -> Circle:
    return Circle((0, 0), radius, fill=False, edgecolor=HIGHLIGHT, linewidth=2.2, zorder=5)


class HighlightMarks:
    """The marks of the nudged parameter: ``edge`` (the line of w^l_jk), ``target`` and
    ``source`` (rings round neuron j of layer l and neuron k of layer l-1), ``pixel`` (a
    box round pixel k when layer l-1 is an image) and ``label`` (the parameter's name).
    """

    def __init__(self, ax: Axes, layout: Layout) -> None:
        self.layout = layout
        # Above the neurons and images (so it reaches into a pixel), trimmed at circles.
        self.edge = Line2D([], [], color=HIGHLIGHT, lw=3.2, zorder=4, solid_capstyle="butt")
        ax.add_line(self.edge)
        self.target = _ring(layout.radius * 1.45)
        self.source = _ring(layout.radius * 1.45)
        self.pixel = Rectangle(
            (0, 0), 0, 0, fill=False, edgecolor=HIGHLIGHT, linewidth=1.6, zorder=5
        )
        for patch in (self.target, self.source, self.pixel):
            ax.add_patch(patch)
        self.label: Text = ax.text(
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
        self.move(None)

    @property
    def artists(self) -> list[Artist]:
        """Every mark, in the order edge, target, source, pixel, label."""
        return [self.edge, self.target, self.source, self.pixel, self.label]

    def move(self, chosen: Parameter | None) -> None:
        """Mark ``chosen`` = (l, j, k) (k None for the bias b^l_j), or hide every mark."""
        for artist in self.artists:
            artist.set_visible(False)
        if chosen is None:
            return
        layer, j, k = chosen
        layout = self.layout
        tx, ty = layout.position(layer, j)
        self.target.set_center((tx, ty))
        self.target.set_visible(not layout.is_image[layer - 1])
        if k is None:
            lx, ly = tx, ty + layout.radius * 1.6
        else:
            sx, sy = layout.position(layer - 1, k)
            self._draw_edge((sx, sy), (tx, ty), layer)
            self._mark_source((sx, sy), layer)
            lx, ly = 0.5 * (sx + tx), 0.5 * (sy + ty) + layout.radius
        self.label.set_position((lx, ly))
        self.label.set_text(f"${parameter_tex(layer, j, k)}$")
        self.label.set_visible(True)

    def _draw_edge(
        self, source: tuple[float, float], target: tuple[float, float], layer: int
    ) -> None:
        """The line of w^l_jk, ending at the rims of the circles (at the centre of a pixel)."""
        layout = self.layout
        (sx, sy), (tx, ty) = source, target
        length = math.hypot(tx - sx, ty - sy) or 1.0
        ux, uy = (tx - sx) / length, (ty - sy) / length
        start = 0.0 if layout.is_image[layer - 2] else layout.radius
        end = 0.0 if layout.is_image[layer - 1] else layout.radius
        self.edge.set_data([sx + start * ux, tx - end * ux], [sy + start * uy, ty - end * uy])
        self.edge.set_visible(True)

    def _mark_source(self, source: tuple[float, float], layer: int) -> None:
        """A ring round neuron k of layer l-1, or a box round its pixel."""
        layout = self.layout
        sx, sy = source
        if layout.is_image[layer - 2]:
            left, right, _, _ = layout.extent(layer - 1)
            side = (right - left) / grid_shape(layout.sizes[layer - 2])[1]
            self.pixel.set_bounds(sx - side / 2, sy - side / 2, side, side)
            self.pixel.set_visible(True)
        else:
            self.source.set_center((sx, sy))
            self.source.set_visible(True)
