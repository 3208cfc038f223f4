"""Legends that list only what their picture shows.

An entry for something the picture does not show ("saturated" with no neuron ringed,
"nudged" with nothing marked) sends a reader looking for it. A :class:`ShownLegend`
is built again whenever what the picture shows changes, and left alone otherwise, so
a slider that only moves and recolours artists never builds a legend.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

from bpcore.plotting.style import (
    HIGHLIGHT,
    NEGATIVE,
    NEGATIVE_STYLE,
    POSITIVE,
    POSITIVE_STYLE,
)

#: Where a legend goes under a picture of a network: below the axes, without a frame.
BELOW: dict[str, Any] = {
    "loc": "upper center",
    "bbox_to_anchor": (0.5, 0.0),
    "frameon": False,
    "columnspacing": 1.0,
}


class ShownLegend:
    """The legend of ``ax``, made by :meth:`show` from the handles of what is shown.

    ``options`` go to :meth:`matplotlib.axes.Axes.legend`; ``one_row`` puts every
    entry in a single row. ``legend`` is the current :class:`Legend`, or None.
    """

    def __init__(self, ax: Axes, *, one_row: bool = False, **options: Any) -> None:
        self.ax, self.one_row, self.options = ax, one_row, options
        self.legend: Legend | None = None
        self.shown: Hashable = object()  # equal to nothing: the first show builds

    def show(self, shown: Hashable, handles: Callable[[], list[Artist]]) -> None:
        """List ``handles()`` if ``shown`` (what the picture shows) differs from last time."""
        if shown == self.shown:
            return
        if self.legend is not None:
            self.legend.remove()
            self.legend = None
        self.shown = shown
        made = handles()
        if made:
            ncol = {"ncol": len(made)} if self.one_row else {}
            self.legend = self.ax.legend(handles=made, **ncol, **self.options)


def sign_handles(positive: str, negative: str, lw: float) -> list[Artist]:
    """Entries ``positive`` (solid green) and ``negative`` + " (dashed)" (dashed purple)."""
    return [
        Line2D([], [], color=POSITIVE, ls=POSITIVE_STYLE, lw=lw, label=positive),
        Line2D([], [], color=NEGATIVE, ls=NEGATIVE_STYLE, lw=lw, label=f"{negative} (dashed)"),
    ]


def network_handles(shown: Sequence[str], saturation: float) -> list[Artist]:
    """The entries of a network's legend for what it ``shown``: any of "edges" (the signs
    of w), "nudged weight" (an orange line), "nudged bias" (an orange ring) and
    "saturated" (a black ring, σ'(z) below ``saturation``), in that order.
    """
    ring: dict[str, Any] = {
        "marker": "o",
        "ls": "",
        "markerfacecolor": "white",
        "markeredgewidth": 2,
    }
    handles: list[Artist] = []
    if "edges" in shown:
        handles += sign_handles("$w > 0$", "$w < 0$", lw=2)
    if "nudged weight" in shown:
        handles.append(Line2D([], [], color=HIGHLIGHT, lw=3, label="nudged"))
    if "nudged bias" in shown:
        handles.append(Line2D([], [], markeredgecolor=HIGHLIGHT, label="nudged", **ring))
    if "saturated" in shown:
        label = f"saturated: $\\sigma'(z) < {saturation:g}$"
        handles.append(Line2D([], [], markeredgecolor="black", label=label, **ring))
    return handles
