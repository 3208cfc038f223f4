"""A chain of single neurons: the factors of ∂C/∂w_1 and how their product shrinks.

The chain and its factors come from :func:`bpcore.chain` (the "General Back Propagation"
derivation, its eq. 75–87; a single path of the book's eq. 51–53).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from bpcore.chain import Chain
from bpcore.plotting.style import new_axes

_GREEK = {"σ": r"\sigma", "∂": r"\partial ", "ŷ": r"\hat{y}"}


def chain_factor_tex(name: str) -> str:
    """A factor's name from :func:`bpcore.chain` in mathtext, e.g. σ'(h_2) → $\\sigma'(h_2)$."""
    tex = re.sub("|".join(_GREEK), lambda match: _GREEK[match.group(0)], name)
    return f"${tex}$"


class ChainDrawing:
    """Bars of the chain's factors and the running product; :meth:`update` changes heights."""

    def __init__(self, axes: Sequence[Axes], chain: Chain, backprop_value: float | None) -> None:
        self.axes = axes
        self.figure = axes[0].figure
        bars_ax, product_ax = axes
        names = [name for name, _ in chain.factors]
        colours = [
            "#1f77b4" if n.startswith("σ") else "#7f7f7f" if n.startswith("w") else "#2ca02c"
            for n in names
        ]
        positions = np.arange(len(names))
        self.bars = bars_ax.bar(positions, [v for _, v in chain.factors], color=colours)
        bars_ax.set_xticks(positions, [chain_factor_tex(n) for n in names], fontsize=9)
        bars_ax.axhline(
            0.25, color="#1f77b4", ls=":", lw=1.2, label=r"$\sigma'(h) \leq 1/4$ for the sigmoid"
        )
        bars_ax.legend(loc="best", fontsize=8)
        bars_ax.axhline(0, color="black", lw=0.6)
        bars_ax.set_ylabel("factor value")
        bars_ax.grid(axis="y", alpha=0.25)
        (self.product_line,) = product_ax.semilogy(
            positions, np.ones(len(names)), "o-", color="black", ms=4
        )
        product_ax.set_xticks(positions, [chain_factor_tex(n) for n in names], fontsize=9)
        product_ax.set_ylabel("|product so far|")
        product_ax.grid(alpha=0.25, which="both")
        self.update(chain, backprop_value)

    def update(self, chain: Chain, backprop_value: float | None = None) -> None:
        """New factor values (the same chain length) and, optionally, backprop's ∂C/∂w_1."""
        values = np.array([v for _, v in chain.factors])
        if values.size != len(self.bars):
            raise ValueError(
                f"chain: expected {len(self.bars)} factors as drawn, got {values.size}"
            )
        for bar, value in zip(self.bars, values):
            bar.set_height(value)
        bars_ax, product_ax = self.axes
        low, high = min(values.min(), 0.0), max(values.max(), 0.3)
        bars_ax.set_ylim(low - 0.08 * (high - low), high + 0.08 * (high - low))
        running = np.abs(np.cumprod(values))
        shown = np.where(running > 0, running, np.nan)
        self.product_line.set_ydata(shown)
        finite = shown[np.isfinite(shown)]
        if finite.size:
            product_ax.set_ylim(finite.min() / 3, max(finite.max(), 1.0) * 3)
        compare = "" if backprop_value is None else f",  backprop: {backprop_value:.4g}"
        bars_ax.set_title(
            f"$\\partial C/\\partial w_1$ = product of the factors = {chain.product:.4g}{compare}",
            fontsize=9,
        )
        product_ax.set_title("each σ' ≤ 1/4 shrinks the gradient", fontsize=9)


def plot_chain(
    chain: Chain,
    axes: Sequence[Axes] | None = None,
    backprop_value: float | None = None,
    figsize: tuple[float, float] = (9.0, 3.4),
) -> ChainDrawing:
    """The factors of ∂C/∂w_1 = x·σ'(h_1)·w_2·σ'(h_2)···σ'(h_n)·∂C/∂ŷ (from :func:`bpcore.chain`).

    Left: one bar per factor, with the line σ' = 1/4 (a sigmoid's largest slope). Right:
    |product of the factors so far| on a log scale — each σ' multiplies the gradient by
    at most 1/4, so long sigmoid chains learn slowly. ``axes``: two axes, or None.
    """
    if not isinstance(chain, Chain):
        raise TypeError(f"chain: expected a bpcore Chain, got {type(chain).__name__}")
    if axes is None:
        _, axes = new_axes(figsize, ncols=2)
    return ChainDrawing(axes, chain, backprop_value)
