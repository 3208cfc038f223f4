"""Gradient descent on a line's slope m with several learning rates, side by side.

Notebook 02's picture of "too small, about right, too large": each run's steps as dots on the
cost curve C(m) (c fixed), and the distance to the minimum cost, step by step, on a log scale.
The numbers are :func:`bpcore.line.descend`'s.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.figure import Figure

from bpcore import line as line_model
from bpcore.plotting.style import new_axes


def plot_descents(
    descents: Mapping[str, line_model.Descent],
    x: np.ndarray,
    y: np.ndarray,
    *,
    c: float = 0.0,
    figsize: tuple[float, float] = (15.0, 3.6),
) -> Figure:
    """One panel per named run (its steps on C(m) at intercept ``c``), and their distances.

    ``descents`` maps a name ("too small", ...) to a descent of m alone; the run named "too
    large" gets a wide view. The last panel shows C − C_min against the step, log scale.
    """
    figure, axes = new_axes(figsize, ncols=len(descents) + 1)
    m_plot = np.linspace(-2.0, 5.0, 400)
    curve = line_model.cost_squared(m_plot, np.full_like(m_plot, c), x, y)
    for ax, (name, d) in zip(axes, descents.items()):
        ax.plot(m_plot, curve, color="#0072b2", lw=1.5, label=f"$C(m)$, $c = {c:g}$")
        ax.plot(d.m, d.cost, "o-", color="#d55e00", ms=4, lw=1, label="gradient descent")
        ax.plot(d.m[0], d.cost[0], "s", color="black", ms=6, label=f"start $m = {d.m[0]:g}$")
        wide = name == "too large"
        ax.set(xlabel="$m$", ylabel="$C$", title=f"{name}: $\\eta = {d.eta:g}$")
        if wide:
            ax.set(xlim=(-2.0, 5.0), ylim=(0.0, 25.0))
        else:
            ax.set(xlim=(0.6, 2.6), ylim=(0.0, 1.2))
        ax.grid(alpha=0.25)
    axes[0].legend(fontsize=8, loc="upper left")
    m_best = float(x @ (y - c) / (x @ x))  # dC/dm = Σ (m x_i + c − y_i) x_i = 0
    lowest = line_model.cost_squared(m_best, c, x, y)
    last = axes[-1]
    for name, d in descents.items():
        label = f"$\\eta = {d.eta:g}$ ({name})"
        last.semilogy(np.arange(d.cost.size), d.cost - lowest + 1e-16, "o-", ms=3, label=label)
    last.set(xlabel="step", ylabel="$C - C_{\\min}$", title="distance to the minimum cost")
    last.legend(fontsize=8)
    last.grid(alpha=0.25)
    return figure
