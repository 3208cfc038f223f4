"""f(x) = m·x + c (the line explorer): the fit, both costs against m, the bowl C(m, c).

The numbers — costs, gradients, the descent — are :mod:`bpcore.line`'s.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.contour import ContourSet

from bpcore import line as line_model
from bpcore.plotting.legend import ShownLegend
from bpcore.plotting.style import new_axes

#: The data of the line model: numbers, or None for :data:`bpcore.line.DATA_X` / ``DATA_Y``.
Data = np.ndarray | Sequence[float] | None


class LineDrawing:
    """Three panels of the line model: the fit, both costs against m, the bowl C(m, c).

    :meth:`update` moves the line, the error bars, the markers and the descent path; the
    bowl's legend names "gradient descent" only while a path (two points or more) is drawn.
    """

    def __init__(
        self,
        axes: Sequence[Axes],
        x: Data,
        y: Data,
        m_range: tuple[float, float],
        c_range: tuple[float, float],
        kind: str,
    ) -> None:
        self.axes = axes
        self.figure = axes[0].figure
        self.x, self.y = line_model.data_points(x, y)
        self.m_range, self.c_range = m_range, c_range
        self._draw_fit(axes[0])
        self._draw_costs(axes[1])
        self._draw_bowl(axes[2])
        self.kind: str | None = None
        self.set_kind(kind)

    def _draw_fit(self, fit_ax: Axes) -> None:
        """Panel 1: the data, the line, and each error r_i as a vertical bar."""
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

    def _draw_costs(self, cost_ax: Axes) -> None:
        """Panel 2: both costs as functions of m, at the current c."""
        self.m_grid = np.linspace(*self.m_range, 201)
        (self.absolute_line,) = cost_ax.plot(
            [], [], color="#9467bd", lw=1.8, label=r"$\sum_i |r_i|$"
        )
        (self.squared_line,) = cost_ax.plot(
            [], [], color="#1f77b4", lw=1.8, label=r"$\frac{1}{2}\sum_i r_i^2$"
        )
        (self.absolute_point,) = cost_ax.plot([], [], "o", color="#9467bd")
        (self.squared_point,) = cost_ax.plot([], [], "o", color="#1f77b4")
        cost_ax.set_xlim(*self.m_range)
        cost_ax.set_xlabel("$m$")
        cost_ax.set_ylabel("cost")
        cost_ax.legend(loc="upper center", fontsize=8)
        cost_ax.grid(alpha=0.25)

    def _draw_bowl(self, bowl_ax: Axes) -> None:
        """Panel 3: contours of the cost over (m, c) and the path of gradient descent."""
        self.contours: ContourSet | None = None
        (self.path_line,) = bowl_ax.plot(
            [], [], "o-", color="#d62728", ms=3, lw=1.2, label="gradient descent"
        )
        (self.start_point,) = bowl_ax.plot(
            [], [], "s", color="black", ms=6, label="start", zorder=5
        )
        m_best, c_best = line_model.least_squares(self.x, self.y)
        (self.best_point,) = bowl_ax.plot(
            [m_best],
            [c_best],
            "*",
            color="#2ca02c",
            ms=13,
            mec="black",
            mew=0.8,
            label="least squares",
            zorder=6,
        )  # above the contours and the path
        bowl_ax.set_xlim(*self.m_range)
        bowl_ax.set_ylim(*self.c_range)
        bowl_ax.set_xlabel("$m$")
        bowl_ax.set_ylabel("$c$")
        self._bowl_legend = ShownLegend(bowl_ax, loc="upper right", fontsize=7)

    def _update_bowl_legend(self, path_drawn: bool) -> None:
        """The bowl's legend: "gradient descent" only while a path is drawn."""
        shown: list[Artist] = [self.path_line] if path_drawn else []
        shown += [self.start_point, self.best_point]
        self._bowl_legend.show(path_drawn, lambda: shown)

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
        self._update_bowl_legend(descent is not None and len(descent.m) > 1)


def plot_line(
    m: float,
    c: float,
    x: Data = None,
    y: Data = None,
    *,
    eta: float | None = 0.05,
    steps: int = 20,
    kind: str = "squared",
    m_range: tuple[float, float] | None = None,
    c_range: tuple[float, float] | None = None,
    axes: Sequence[Axes] | None = None,
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
    m_low, m_high = (m_best - 2.0, m_best + 2.0) if m_range is None else m_range
    c_low, c_high = (c_best - 3.0, c_best + 3.0) if c_range is None else c_range
    if axes is None:
        _, axes = new_axes(figsize, ncols=3)
    drawing = LineDrawing(axes, x, y, (m_low, m_high), (c_low, c_high), kind)
    descent = None if eta is None else line_model.descend(m, c, eta, steps, x, y, kind)
    drawing.update(m, c, descent)
    return drawing
