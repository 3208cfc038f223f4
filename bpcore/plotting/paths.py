"""The paths of eq. 51–53: from one weight through the network to C, strongest thickest.

:func:`draw_paths` draws what :func:`bpcore.paths` lists; it computes nothing.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from bpcore.backprop import NetworkLike
from bpcore.paths import Paths
from bpcore.plotting.layout import Layout, check_column, grid_shape
from bpcore.plotting.style import NEGATIVE, POSITIVE, new_axes, parameter_tex


class PathsDrawing:
    """The drawn paths: ``lines[i]`` is the Line2D of ``paths.paths[i]`` (widths ∝ |rate|)."""

    def __init__(self, ax: Axes, layout: Layout, lines: list[Line2D], paths: Paths) -> None:
        self.ax, self.figure, self.layout = ax, ax.figure, layout
        self.lines, self.paths = lines, paths


def draw_paths(
    paths_result: Paths,
    net: NetworkLike,
    *,
    x: np.ndarray | None = None,
    ax: Axes | None = None,
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
        _, ax = new_axes(figsize)
    layout = Layout(net.sizes, max_circles)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    L = len(net.sizes)
    for i, n in enumerate(net.sizes):
        if layout.is_image[i]:
            rows, cols = grid_shape(n)
            pixels = np.full(rows * cols, np.nan)
            if i == 0 and x is not None:
                pixels[:n] = check_column(x, n, "x")
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
