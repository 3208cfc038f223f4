"""Why backpropagation is fast: finite differences (eq. 46) against backpropagation.

* :func:`plot_pass_counts` — the passes through the network that one gradient needs, counted,
  against the number of parameters P.
* :func:`plot_gradient_times` — the seconds one gradient took, measured, against P.
* :func:`plot_difference_errors` — the error of forward and central differences against the
  step ε, beside the truncation and rounding terms that explain it.

The numbers come from the caller (notebook 09 counts, times and computes them with
:func:`bpcore.numerical_gradient` and :func:`bpcore.backprop`); this module only draws them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from bpcore.plotting.style import new_axes, parameter_tex


def _same_length(**series: Sequence[float]) -> list[np.ndarray]:
    """The series as float arrays, refused unless all are one-dimensional of one length ≥ 1."""
    arrays = {name: np.asarray(values, dtype=float) for name, values in series.items()}
    lengths = {name: a.shape for name, a in arrays.items()}
    if len(set(lengths.values())) != 1 or any(a.ndim != 1 or a.size == 0 for a in arrays.values()):
        raise ValueError(f"{', '.join(arrays)}: expected one value per point each, got {lengths}")
    return list(arrays.values())


def _finish(ax: Axes, xlabel: str, ylabel: str, title: str, **legend: object) -> None:
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(**legend)
    ax.grid(True, which="both", alpha=0.3)


def plot_pass_counts(
    parameters: Sequence[int],
    forward: Sequence[int],
    central: Sequence[int],
    backprop: Sequence[int],
    *,
    networks: str = "",
    figsize: tuple[float, float] = (6.5, 4.0),
) -> Figure:
    """The passes one gradient of one example needs, against P, on log-log axes.

    ``parameters``: the number P of weights and biases of each network. For each network,
    ``forward``: the forward passes eq. 46 made (P + 1 when counted right); ``central``: those
    central differences made (2P); ``backprop``: backpropagation's forward plus backward
    passes (1 + 1). ``networks`` names the family on the x axis, e.g. "[10, h, 10]".
    Returns the figure: one axes with three lines, in that order.
    """
    P, n_forward, n_central, n_backprop = _same_length(
        parameters=parameters, forward=forward, central=central, backprop=backprop
    )
    figure, ax = new_axes(figsize)
    ax.loglog(P, n_forward, "o-", label="eq. 46, forward differences: $P+1$")
    ax.loglog(P, n_central, "s--", label="central differences: $2P$")
    ax.loglog(P, n_backprop, "^-", label="backprop: 1 forward + 1 backward")
    family = f" (networks {networks})" if networks else ""
    xlabel = f"number of parameters $P${family}"
    _finish(
        ax, xlabel, "passes through the network (counted)", "How many passes one gradient needs"
    )
    return figure


def plot_gradient_times(
    parameters: Sequence[int],
    finite_differences: Sequence[float],
    backprop: Sequence[float],
    *,
    figsize: tuple[float, float] = (6.5, 4.0),
) -> Figure:
    """The measured seconds for one gradient of one example, against P, on log-log axes.

    ``parameters``: P of each network; ``finite_differences``: the seconds eq. 46 (forward
    differences) took on it; ``backprop``: the seconds backpropagation took. Returns the
    figure: one axes with two lines, eq. 46's first.
    """
    P, t_fd, t_bp = _same_length(
        parameters=parameters, finite_differences=finite_differences, backprop=backprop
    )
    figure, ax = new_axes(figsize)
    ax.loglog(P, t_fd, "o-", label="eq. 46 (forward differences)")
    ax.loglog(P, t_bp, "^-", label="backpropagation")
    _finish(
        ax,
        "number of parameters $P$",
        "seconds for one gradient (measured)",
        "Measured time for one gradient, one example",
    )
    return figure


def plot_difference_errors(
    epsilons: Sequence[float],
    forward: Sequence[float],
    central: Sequence[float],
    *,
    cost: float,
    second: float,
    third: float,
    parameter: tuple[int, int, int | None] = (3, 0, 1),
    u: float = float(np.finfo(float).eps) / 2,
    figsize: tuple[float, float] = (7.0, 4.5),
) -> Figure:
    """|finite difference − backprop| for one ∂C/∂w against the step ε, on log-log axes.

    ``forward`` and ``central``: the errors of the forward difference (eq. 46) and of the
    central difference at each step in ``epsilons``. Beside them, the terms that explain
    them: the truncation errors ½|C''|ε (slope 1) and ⅙|C'''|ε² (slope 2), from ``second`` =
    C'' and ``third`` = C''' along the parameter, and the rounding error u|C|/ε (slope −1)
    from ``cost`` = C and the unit roundoff ``u`` (2⁻⁵³ in float64). ``parameter`` = (l, j, k)
    names w^l_jk on the y axis ((l, j, None) for b^l_j). Returns the figure: one axes with
    five lines, the two measured ones first.
    """
    eps, e_forward, e_central = _same_length(epsilons=epsilons, forward=forward, central=central)
    figure, ax = new_axes(figsize)
    ax.loglog(eps, e_forward, "o", ms=4, label="forward difference (eq. 46)")
    ax.loglog(eps, e_central, "s", ms=4, label="central difference")
    ax.loglog(
        eps,
        0.5 * abs(second) * eps,
        "-",
        lw=1,
        color="C0",
        label=r"$\frac{1}{2}|C''|\,\epsilon$  (slope 1)",
    )
    ax.loglog(
        eps,
        abs(third) / 6 * eps**2,
        "-",
        lw=1,
        color="C1",
        label=r"$\frac{1}{6}|C'''|\,\epsilon^2$  (slope 2)",
    )
    ax.loglog(
        eps, u * abs(cost) / eps, "k--", lw=1, label=r"rounding $u\,|C|/\epsilon$  (slope −1)"
    )
    ax.set_ylim(1e-18, 1)
    layer, j, k = parameter
    rate = f"\\partial C/\\partial {parameter_tex(layer, j, k)}"
    ylabel = f"|finite difference − backprop|  for ${rate}$"
    _finish(ax, r"$\epsilon$", ylabel, "Error of finite differences", fontsize=8, loc="lower left")
    return figure
