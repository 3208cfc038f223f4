"""The paths of eq. 51–53: from one weight through the network to C, strongest thickest.

:func:`draw_paths` draws what :func:`bpcore.paths` lists; it computes nothing. The
neurons are a :class:`~bpcore.plotting.network.NetworkDrawing` without its edges, so a
path passes through the very circles (or pixels) that :func:`draw_network` draws.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from bpcore.backprop import NetworkLike
from bpcore.paths import Paths
from bpcore.plotting.legend import BELOW, sign_handles
from bpcore.plotting.network import NetworkDrawing
from bpcore.plotting.style import gradient_tex, new_axes, parameter_tex, sign_styles


class PathsDrawing:
    """The drawn paths: ``lines[i]`` is the Line2D of ``paths.paths[i]`` (widths ∝ |rate|).

    ``network`` is the :class:`NetworkDrawing` of the neurons, ``layout`` its layout.
    """

    def __init__(self, network: NetworkDrawing, lines: list[Line2D], paths: Paths) -> None:
        self.network, self.layout = network, network.layout
        self.ax, self.figure = network.ax, network.figure
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
    colour and style give the sign (dashed when negative), so the strongest paths are
    thickest. The title compares the sum of the rates with ∂C/∂w from backpropagation
    (eq. 53; ∂C/∂b for a bias). ``x`` (the input) is shown in grey when layer 1 is drawn
    as an image.
    """
    if not isinstance(paths_result, Paths):
        raise TypeError(f"paths_result: expected a bpcore Paths, got {type(paths_result).__name__}")
    if ax is None:
        _, ax = new_axes(figsize)
    network = NetworkDrawing(
        net, ax=ax, inputs=x, max_circles=max_circles, annotate=False, colorbar=False, edges=False
    )
    layout = network.layout
    for i, artist in enumerate(network.layers):
        if layout.is_image[i]:  # beneath the paths, which start at a pixel's centre
            artist.set_zorder(1)
            artist.set_alpha(0.6)
    L = len(net.sizes)
    cost_point = ((L - 0.25) * layout.gap, 0.0)
    cost_circle = Circle(
        cost_point, max(layout.radius, 0.08), facecolor="#f2f2f2", edgecolor="black", zorder=3
    )
    ax.add_patch(cost_circle)
    ax.text(*cost_point, "$C$", ha="center", va="center", fontsize=11, zorder=4)
    lines = _draw_lines(network, paths_result, cost_point)
    ax.set_xlim(-0.6 * layout.gap, (L + 0.1) * layout.gap)
    ax.set_ylim(layout.bottom() - 0.45, -layout.bottom() + 0.15)
    listed_text = (
        f"all {paths_result.count} paths"
        if paths_result.complete
        else f"the {len(paths_result)} strongest of {paths_result.count} paths"
    )
    ax.set_title(
        f"Paths from ${parameter_tex(paths_result.layer, paths_result.j, paths_result.k)}$ "
        f"to $C$: {listed_text}\nsum of rates = {paths_result.listed_sum:.4g},  "
        f"${gradient_tex(paths_result.k)}$ (backprop) = {paths_result.total:.4g}",
        fontsize=9,
    )
    ax.legend(
        handles=sign_handles("rate > 0", "rate < 0", lw=3),
        ncol=2,
        fontsize=8,
        handlelength=3.0,
        **BELOW,
    )
    return PathsDrawing(network, lines, paths_result)


def _draw_lines(
    network: NetworkDrawing, paths_result: Paths, cost_point: tuple[float, float]
) -> list[Line2D]:
    """One line per listed path, in the order of ``paths_result`` (largest |rate| first)."""
    listed = paths_result.paths
    largest = max((abs(p.rate) for p in listed), default=1.0) or 1.0
    first = paths_result.layer
    lines = []
    for path in sorted(listed, key=lambda p: abs(p.rate)):  # strongest drawn last, on top
        points = []
        if paths_result.k is not None:
            points.append(network.position(first - 1, paths_result.k))
        points += [network.position(first + s, n) for s, n in enumerate(path.neurons)]
        points.append(cost_point)
        xs, ys = zip(*points)
        (colour,), (style,) = sign_styles(np.array([path.rate]))
        (line,) = network.ax.plot(
            xs,
            ys,
            color=colour,
            ls=style,
            lw=0.4 + 7.0 * abs(path.rate) / largest,
            alpha=0.75,
            solid_capstyle="round",
            dash_capstyle="round",
            zorder=2,
        )
        lines.append(line)
    lines.reverse()  # back to the order of paths_result.paths (largest first)
    return lines
