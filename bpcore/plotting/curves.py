"""ΔC against Δw (eq. 47): the exact change of the cost beside the tangent (∂C/∂w)Δw.

* :func:`plot_dC_vs_dw` draws both over a range of nudges, the gap between them shaded;
  a widget keeps the :class:`NudgeCurve` and moves its marks.
* :func:`plot_gap_loglog` shows that the gap is second order: on log-log axes its
  points lie on a line of slope 2.

Every number is :meth:`bpcore.Nudger.nudge`'s; nothing is computed here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import Collection
from matplotlib.patches import Patch

from bpcore import _checks
from bpcore.backprop import NetworkLike
from bpcore.nudge import Nudger
from bpcore.plotting.style import HIGHLIGHT, change_tex, gradient_tex, new_axes, parameter_tex

#: The gap between exact ΔC and its linear estimate: the shading and the segment at Δw.
GAP = "#d62728"


def _nudger(net: NetworkLike | Nudger, x: np.ndarray | None, y: np.ndarray | None) -> Nudger:
    """``net`` itself when it is a :class:`Nudger` (then x = y = None), else a new one."""
    if isinstance(net, Nudger):
        if x is not None or y is not None:
            raise ValueError("x, y: a Nudger already holds x and y; pass None for both")
        return net
    return Nudger(net, x, y)


def _linear_label(k: int | None) -> str:
    return f"linear $({gradient_tex(k)})\\,{change_tex(k)}$"


class NudgeCurve:
    """ΔC(Δw) exact and linear on one axes; :meth:`set_parameter` and :meth:`mark` update it.

    For a bias (k is None) every label says Δb and ∂C/∂b instead of Δw and ∂C/∂w.
    """

    def __init__(self, ax: Axes, explorer: Nudger, num: int) -> None:
        self.ax, self.figure, self.explorer, self.num = ax, ax.figure, explorer, int(num)
        (self.exact_line,) = ax.plot([], [], color="black", lw=1.8, label=r"exact $\Delta C$")
        (self.linear_line,) = ax.plot(
            [], [], color=HIGHLIGHT, lw=1.6, ls="--", label=_linear_label(0)
        )
        self.gap_fill: Collection | None = None
        (self.gap_segment,) = ax.plot([], [], color=GAP, lw=2.5, zorder=4)
        (self.current_exact,) = ax.plot([], [], "o", color="black", ms=6, zorder=5)
        (self.current_linear,) = ax.plot([], [], "o", color=HIGHLIGHT, ms=5, zorder=5)
        ax.axhline(0, color="#999999", lw=0.6)
        ax.axvline(0, color="#999999", lw=0.6)
        ax.set_xlabel(f"${change_tex(0)}$")
        ax.set_ylabel(r"$\Delta C$")
        # The gap is always in the picture as the shading between the curves (the segment at
        # the current Δw can be too short to see), so the legend names the shading.
        shading = Patch(color=GAP, alpha=0.3, label="gap between them (second order)")
        self.legend = ax.legend(
            handles=[self.exact_line, self.linear_line, shading], loc="best", fontsize=8
        )
        ax.grid(alpha=0.25)
        self.parameter: tuple[int, int, int | None] | None = None

    def set_parameter(self, layer: int, j: int, k: int | None, dw_max: float) -> None:
        """Compute ΔC over Δw ∈ [−dw_max, dw_max] for w^l_jk (Δb for b^l_j if k is None)."""
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
            dws, exact, linear, color=GAP, alpha=0.15, lw=0, zorder=0
        )
        self.ax.set_xlim(-dw_max, dw_max)
        low, high = min(exact.min(), linear.min()), max(exact.max(), linear.max())
        margin = 0.08 * (high - low) if high > low else 1e-12
        self.ax.set_ylim(low - margin, high + margin)
        self.ax.set_title(
            f"$\\Delta C$ for a nudge of ${parameter_tex(layer, j, k)}$"
            f"  (${gradient_tex(k)} = {self.gradient:.4g}$)",
            fontsize=10,
        )
        self.ax.set_xlabel(f"${change_tex(k)}$")
        self.linear_line.set_label(_linear_label(k))
        self.legend.get_texts()[1].set_text(_linear_label(k))

    def dynamic_artists(self) -> list:
        """The artists :meth:`mark` moves."""
        return [self.gap_segment, self.current_exact, self.current_linear]

    def mark(self, dw: float, dC: float, dC_linear: float) -> None:
        """Mark the current Δw: ΔC exact (black), linear (orange) and the gap between them."""
        self.current_exact.set_data([dw], [dC])
        self.current_linear.set_data([dw], [dC_linear])
        self.gap_segment.set_data([dw, dw], [dC_linear, dC])


def plot_dC_vs_dw(
    net: NetworkLike | Nudger,
    x: np.ndarray | None = None,
    y: np.ndarray | None = None,
    layer: int = 2,
    j: int = 0,
    k: int | None = 0,
    *,
    dw_max: float = 1.0,
    num: int = 101,
    current: float | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] = (5.0, 3.6),
) -> NudgeCurve:
    """ΔC against Δw for w^l_jk: the exact curve beside the tangent (∂C/∂w)Δw (eq. 47).

    With ``k=None`` the parameter is the bias b^l_j, and the labels say Δb and ∂C/∂b.

    ``net`` with ``x`` (n_1, m) and ``y`` (n_L, m), or a :class:`bpcore.Nudger`
    (then x = y = None). Every point is :func:`bpcore.nudge`'s exact ΔC; the shaded
    band between curve and line is the second-order gap. ``current`` marks one Δw.
    """
    explorer = _nudger(net, x, y)
    dw_max = _checks.positive_number(dw_max, "dw_max")
    num = _checks.positive_integer(num, "num")
    if ax is None:
        _, ax = new_axes(figsize)
    curve = NudgeCurve(ax, explorer, num)
    curve.set_parameter(*explorer.check(layer, j, k)[:3], dw_max)
    if current is not None:
        n = explorer.nudge(layer, j, k, current)
        curve.mark(n.dw, n.dC, n.dC_linear)
    return curve


class GapFit:
    """The log-log gap plot's data: ``dws``, ``gaps`` = |ΔC − ΔC_linear|, fitted ``slope``."""

    def __init__(
        self, ax: Axes, dws: np.ndarray, gaps: np.ndarray, slope: float, intercept: float
    ) -> None:
        self.ax, self.figure = ax, ax.figure
        self.dws, self.gaps, self.slope, self.intercept = dws, gaps, slope, intercept


def plot_gap_loglog(
    net: NetworkLike | Nudger,
    x: np.ndarray | None = None,
    y: np.ndarray | None = None,
    layer: int = 2,
    j: int = 0,
    k: int | None = 0,
    *,
    dws: Sequence[float] | np.ndarray | None = None,
    ax: Axes | None = None,
    figsize: tuple[float, float] = (5.0, 3.6),
) -> GapFit:
    """|ΔC − (∂C/∂w)Δw| against |Δw| on log-log axes, with a fitted straight line.

    The linear estimate misses ½ (∂²C/∂w²) Δw² + ..., so the points lie on a line of
    slope 2 (the fitted slope is annotated and returned as ``.slope``). ``dws`` are
    positive nudges (default: 25 from 10^-3 to 10^-1). Points whose gap is exactly 0 are
    left out (they have no logarithm). For a bias (``k=None``) the labels say Δb, ∂C/∂b.
    """
    explorer = _nudger(net, x, y)
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
        _, ax = new_axes(figsize)
    ax.loglog(
        dws[keep],
        gaps[keep],
        "o",
        color="black",
        ms=4,
        label=f"$|\\Delta C - ({gradient_tex(k)})\\,{change_tex(k)}|$",
    )
    fitted = 10 ** (intercept + slope * np.log10(dws[keep]))
    ax.loglog(dws[keep], fitted, color="#d62728", lw=1.4, label=f"fit: slope {slope:.3f}")
    ax.set_xlabel(f"$|{change_tex(k)}|$")
    ax.set_ylabel("gap")
    ax.set_title(
        f"The gap is second order: slope ≈ 2  (${parameter_tex(layer, j, k)}$)", fontsize=10
    )
    ax.grid(alpha=0.3, which="both")
    ax.legend(loc="upper left", fontsize=8)
    return GapFit(ax, dws[keep], gaps[keep], float(slope), float(intercept))
