"""Why long sigmoid chains learn slowly: σ' ≤ ¼, and |∂C/∂w_1| against the chain's depth.

The numbers come from the caller (notebook 11 computes them with :func:`bpcore.chain`);
this module only draws them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bpcore.activations import get_activation
from bpcore.plotting.style import new_axes


def plot_vanishing(
    depths: Sequence[int],
    gradients: dict[str, Sequence[float]],
    figsize: tuple[float, float] = (10.5, 3.6),
) -> Figure:
    """Left: σ(h) and σ'(h) with the line ¼. Right: each series of ``gradients`` (a label →
    |∂C/∂w_1| for each depth in ``depths``) on a log scale, beside 4^-n, with whole-number
    depths on the axis."""
    figure, (ax_sp, ax_depth) = new_axes(figsize, ncols=2)
    h, sigma = np.linspace(-8, 8, 801), get_activation("sigmoid")
    ax_sp.plot(h, sigma(h), label=r"$\sigma(h)$")
    ax_sp.plot(h, sigma.prime(h), label=r"$\sigma'(h)$")
    ax_sp.axhline(0.25, color="gray", ls=":", lw=1)
    ax_sp.text(-7.8, 0.27, r"$\sigma' \leq 1/4$", color="gray", fontsize=9)
    ax_sp.set_xlabel("$h$")
    ax_sp.set_title("The sigmoid and its slope")
    ax_sp.legend(loc="center right")
    ax_sp.grid(alpha=0.3)
    n = np.asarray(depths, dtype=float)
    for (label, values), marker in zip(gradients.items(), "osd^v"):
        ax_depth.semilogy(n, values, f"{marker}-", ms=4, label=label)
    ax_depth.semilogy(n, 0.25**n, "k--", lw=1, label=r"$4^{-n}$")
    ax_depth.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax_depth.set_xlabel("number of neurons in the chain $n$")
    ax_depth.set_ylabel(r"$|\partial C/\partial w_1|$")
    ax_depth.set_title("The first weight's gradient shrinks with depth")
    ax_depth.legend()
    ax_depth.grid(alpha=0.3, which="both")
    return figure
