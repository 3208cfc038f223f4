"""Pictures of notebooks 05 and 06: when a weight learns slowly, and the Jacobians of the proofs.

* :func:`plot_bp1_factors` — δ_out = ∂C/∂a · σ′(z) along z for one output neuron: the
  two factors and their product, the saturated tails (σ′ < :data:`SATURATION`) shaded and
  labelled "right" or "wrong" for the target, so that "small because the error is small"
  and "small because σ′ is small" are told apart.
* :func:`plot_weight_rate_map` — ∂C/∂w = a_in·δ_out (BP4) over (z, a_in), signed, on a
  diverging scale centred at 0.
* :func:`plot_runs` — quantities recorded along gradient descent, one line per run.
* :func:`slow_learning_figure` — the four above as notebook 05's figure.
* :func:`plot_jacobians` — matrices with their entries written in (eq. 38 and eq. 44).

Every number comes from bpcore: the cost's gradient, the activation's σ′ and BP1
(:func:`bpcore.equations.bp1_output_error`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import CenteredNorm
from matplotlib.figure import Figure

from bpcore.activations import SATURATION, SIGMOID
from bpcore.costs import get_cost
from bpcore.equations import bp1_output_error
from bpcore.plotting.style import DIVERGING, new_axes

Array = np.ndarray

#: |a − y| below this counts as "right" in the tails' labels.
RIGHT = 0.05


def saturated_edge() -> float:
    """z_s > 0 with σ′(±z_s) = SATURATION: the sigmoid is saturated where |z| > z_s."""
    a = (1.0 + np.sqrt(1.0 - 4.0 * SATURATION)) / 2.0  # a(1 − a) = SATURATION
    return float(np.log(a / (1.0 - a)))


def _shade_tails(ax: Axes, z: Array, y: float) -> None:
    """Grey where σ′(z) < SATURATION, each tail labelled by how far a is from the target."""
    edge = saturated_edge()
    for low, high, end in ((z[0], -edge, z[0]), (edge, z[-1], z[-1])):
        ax.axvspan(low, high, color="#d9d9d9", alpha=0.6, lw=0)
        gap = abs(float(SIGMOID.function(np.array(end))) - y)
        label = "saturated,\nright: a ≈ y" if gap < RIGHT else f"saturated,\nwrong by {gap:.2f}"
        ax.text((low + high) / 2, 0.97, label, ha="center", va="top", fontsize=8)


def plot_bp1_factors(
    ax: Axes | None = None, y: float = 0.0, z_range: tuple[float, float] = (-8.0, 8.0)
) -> Axes:
    """The two factors of BP1 for one sigmoid output neuron with the quadratic cost, and δ.

    ∂C/∂a = a − y (eq. 30), σ′(z), and their product δ_out, against z; the tails where
    σ′ < SATURATION are shaded and labelled right or wrong for the target ``y``.
    """
    if ax is None:
        _, ax = new_axes((6.0, 3.6))
    z = np.linspace(*z_range, 401).reshape(1, -1)
    a = SIGMOID.function(z)
    target = np.full_like(z, y)
    grad = get_cost("quadratic").gradient(a, target)  # ∂C/∂a = a − y
    delta = bp1_output_error(grad, z, SIGMOID)  # BP1
    _shade_tails(ax, z[0], y)
    ax.plot(z[0], grad[0], color="#0072b2", lw=2, label=r"$\partial C/\partial a = a - y$")
    ax.plot(z[0], SIGMOID.prime(z)[0], color="#cc4c02", lw=2, ls="--", label=r"$\sigma'(z)$")
    ax.plot(z[0], delta[0], color="black", lw=2.4, label=r"$\delta = (a - y)\,\sigma'(z)$")
    ax.axhline(0, color="#777777", lw=0.6)
    ax.set_xlim(*z_range)
    ax.set_ylim(min(-0.05, float(grad.min()) - 0.05), 1.05)
    ax.set_xlabel(f"$z$ of the output neuron (target $y = {y:g}$)")
    ax.legend(loc="center left", fontsize=8, framealpha=0.9)
    ax.set_title(f"BP1's two factors (saturated: $\\sigma' < {SATURATION:g}$, shaded)", fontsize=10)
    return ax


def plot_weight_rate_map(
    ax: Axes | None = None,
    y: float = 0.0,
    cost: str = "quadratic",
    z_range: tuple[float, float] = (-8.0, 8.0),
) -> Axes:
    """∂C/∂w = a_in·δ_out (BP4, with BP1 for δ_out) over every (z, a_in), signed.

    Blue below 0, red above, white at 0 (the colour bar says how far each reaches). The
    saturated tails are marked by dotted lines at ±z_s.
    """
    if ax is None:
        _, ax = new_axes((6.0, 3.6))
    z = np.linspace(*z_range, 321).reshape(1, -1)
    a_in = np.linspace(0.0, 1.0, 81).reshape(-1, 1)
    a = SIGMOID.function(z)
    delta = get_cost(cost).output_error(z, a, np.full_like(z, y), SIGMOID)  # BP1
    rate = a_in * delta  # BP4 for every (a_in, z): shape (81, 321)
    image = ax.imshow(
        rate,
        origin="lower",
        aspect="auto",
        cmap=DIVERGING,
        norm=CenteredNorm(vcenter=0.0),
        extent=(z_range[0], z_range[1], 0.0, 1.0),
    )
    ax.figure.colorbar(
        image, ax=ax, label=r"$\partial C/\partial w = a_{\rm in}\,\delta_{\rm out}$"
    )
    for edge in (-saturated_edge(), saturated_edge()):
        ax.axvline(edge, color="#555555", ls=":", lw=1)
    ax.set_xlabel(f"$z$ of the output neuron (target $y = {y:g}$)")
    ax.set_ylabel(r"$a_{\rm in}$")
    name = "cross-entropy" if cost == "cross_entropy" else "quadratic"
    ax.set_title(f"BP1 + BP4: $\\partial C/\\partial w$ ({name} cost)", fontsize=10)
    return ax


def plot_runs(
    ax: Axes,
    runs: Mapping[str, Array],
    ylabel: str,
    title: str,
    styles: Sequence[str] = ("-", "--", "-.", ":"),
) -> Axes:
    """One line per run (a name and the values after each gradient step)."""
    for (name, values), style in zip(runs.items(), styles):
        ax.plot(np.asarray(values), ls=style, lw=2, label=name)
    ax.set_xlabel("gradient-descent step")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.25)
    ax.set_title(title, fontsize=10)
    return ax


def slow_learning_figure(
    outputs: Mapping[str, Array], changes: Mapping[str, Array], y: float = 0.0
) -> Figure:
    """Notebook 05's figure: BP1's factors, the ∂C/∂w map, the outputs and the changes.

    ``outputs``: the output a of each run after every step; ``changes``: how far a
    parameter has moved from its start after every step (w − w_start, b − b_start).
    """
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(2, 2, figsize=(12, 7.6), layout="constrained")
    plot_bp1_factors(axes[0, 0], y)
    plot_weight_rate_map(axes[0, 1], y)
    plot_runs(
        axes[1, 0], outputs, f"output $a$ (target {y:g})", "a saturated, wrong neuron starts late"
    )
    plot_runs(
        axes[1, 1], changes, "change since the start", "a low-activation input hardly moves w"
    )
    return figure


def plot_jacobians(
    matrices: Sequence[Array], titles: Sequence[str], axes: Sequence[Axes] | None = None
) -> Sequence[Axes]:
    """Each matrix as a diverging image with its entries written in; rows k, columns j."""
    if axes is None:
        _, axes = new_axes((4.6 * len(matrices), 3.6), ncols=len(matrices))
    for ax, matrix, title in zip(axes, matrices, titles):
        limit = float(np.abs(matrix).max()) or 1.0
        image = ax.imshow(matrix, cmap=DIVERGING, vmin=-limit, vmax=limit)
        for (k, j), value in np.ndenumerate(matrix):
            ink = "white" if abs(value) > 0.6 * limit else "black"
            ax.text(j, k, f"{value:.3f}", ha="center", va="center", fontsize=9, color=ink)
        ax.set_xticks(range(matrix.shape[1]))
        ax.set_yticks(range(matrix.shape[0]))
        ax.set_xlabel("$j$")
        ax.set_ylabel("$k$")
        ax.set_title(title, fontsize=10)
        ax.figure.colorbar(image, ax=ax, shrink=0.8)
    return axes
