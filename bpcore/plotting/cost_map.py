"""The cost of one example as a map over the output activations (chapter 2's assumption 2).

Notebook 04's picture: C_x = ½‖y − a^L‖² over the square of outputs (a^L_0, a^L_1) for a fixed
target y, a star at y, a marker where each given network's output lands, and the level line
through them: every output on it pays the same cost. The costs are :mod:`bpcore.costs`'.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.figure import Figure

from bpcore.costs import get_cost
from bpcore.plotting.style import new_axes

MARKERS = (("o", "#d55e00", 11, 1.0), ("x", "black", 9, 2.0), ("s", "#0072b2", 8, 1.0))


def plot_cost_map(
    y: np.ndarray,
    outputs: Mapping[str, np.ndarray],
    *,
    cost: str = "quadratic",
    figsize: tuple[float, float] = (5.8, 4.6),
) -> Figure:
    """C_x over (a^L_0, a^L_1) ∈ [0, 1]² for the target ``y`` (shape (2, 1)), with ``outputs``.

    ``outputs`` maps a label to an output column a^L (shape (2, 1)); each is marked, and the
    level line C_x = (the first output's cost) is dashed. Neurons are counted from 0.
    """
    figure, ax = new_axes(figsize)
    cost_function = get_cost(cost)
    grid = np.linspace(0.0, 1.0, 201)
    a0, a1 = np.meshgrid(grid, grid)
    points = np.vstack([a0.ravel(), a1.ravel()])  # every grid point as a column a^L
    targets = np.repeat(np.asarray(y, dtype=float).reshape(2, 1), points.shape[1], axis=1)
    values = cost_function.per_example(points, targets).reshape(a0.shape)
    filled = ax.contourf(a0, a1, values, levels=20, cmap="viridis")
    figure.colorbar(filled, ax=ax, label="$C_x$")
    star = {"marker": "*", "color": "white", "markersize": 14, "mec": "black"}
    ax.plot(*np.ravel(y), linestyle="none", label="target $y$ ($C_x = 0$)", **star)
    for (label, a), (marker, colour, size, width) in zip(outputs.items(), MARKERS):
        style = {"marker": marker, "color": colour, "markersize": size, "mew": width}
        ax.plot(*np.ravel(a), linestyle="none", label=label, **style)
    first = np.asarray(next(iter(outputs.values())), dtype=float).reshape(2, 1)
    level = float(cost_function.per_example(first, np.reshape(y, (2, 1)))[0])
    ax.contour(a0, a1, values, levels=[level], colors="white", linestyles="dashed", linewidths=1.2)
    ax.set(xlabel="$a^L_0$", ylabel="$a^L_1$", title="The cost sees only where the output lands")
    ax.legend(loc="upper right", fontsize=8)
    return figure
