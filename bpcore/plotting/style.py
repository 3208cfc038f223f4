"""What every picture shares: the colours, the symbols in mathtext, new axes.

The colours stay apart for readers with red-green colour blindness (deuteranopia,
protanopia): neuron values on ColorBrewer's blue-white-red scale, which those readers
see as blue against yellow-brown; the sign of a weight or of a path's rate in green
and purple and, as a second cue that needs no colour at all, solid against dashed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from bpcore.backprop import Gradients, NetworkLike
from bpcore.nudge import Nudge

#: Diverging colour map for neuron values: blue < 0 < red, white at 0. Under deuteranopia
#: and protanopia it reads blue < 0 < yellow-brown (ColorBrewer marks RdBu colour-blind
#: safe). PuOr would be as safe, but its orange would clash with :data:`HIGHLIGHT`.
DIVERGING = "RdBu_r"
#: Edge colours for the sign of a weight (green +, purple −: apart from the neuron colours).
POSITIVE, NEGATIVE = "#1b7837", "#762a83"
#: Line styles for the sign, so that it never rests on colour alone: solid +, dashed −.
POSITIVE_STYLE, NEGATIVE_STYLE = "solid", "dashed"
#: The colour of the nudged weight and its neurons.
HIGHLIGHT = "#ff8c00"
#: Face colour of neurons that have no value to show.
NEUTRAL = "#e6e6e6"


def new_axes(figsize: tuple[float, float], ncols: int = 1, **options: Any) -> tuple[Figure, Any]:
    """A new figure with ``ncols`` axes, made by pyplot (the caller asked for a figure).

    Returns the figure and its axes: one ``Axes``, or an array of ``ncols`` of them.
    """
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, ncols, figsize=figsize, layout="constrained", **options)
    return figure, axes


def parameter_tex(layer: int, j: int, k: int | None) -> str:
    """The nudged parameter in mathtext: ``w^{3}_{12}``, ``w^{2}_{3,100}`` or ``b^{2}_{0}``."""
    if k is None:
        return f"b^{{{layer}}}_{{{j}}}"
    separator = "," if max(j, k) >= 10 else ""
    return f"w^{{{layer}}}_{{{j}{separator}{k}}}"


def change_tex(k: int | None) -> str:
    """The nudge in mathtext: Δw for a weight w^l_jk, Δb for a bias (``k is None``)."""
    return r"\Delta b" if k is None else r"\Delta w"


def gradient_tex(k: int | None) -> str:
    """The rate in mathtext: ∂C/∂w for a weight w^l_jk, ∂C/∂b for a bias (``k is None``)."""
    return r"\partial C/\partial b" if k is None else r"\partial C/\partial w"


#: The mathtext symbol of each view of :meth:`bpcore.nudge.Nudge.layer_values`.
VIEW_SYMBOLS = {"da": r"\Delta a", "delta": r"\delta", "a": r"a + \Delta a"}


def nudge_values(
    net: NetworkLike, nudge: Nudge, view: str = "da", gradients: Gradients | None = None
) -> tuple[list[np.ndarray | None], str]:
    """``nudge.layer_values(view)`` and the mathtext symbol of that view, for ``draw_network``.

    A thin helper: the numbers are :meth:`bpcore.nudge.Nudge.layer_values`'s. ``net`` and
    ``gradients`` are not used (the nudge holds what it needs); they are kept so that
    older calls still run.
    """
    return nudge.layer_values(view), VIEW_SYMBOLS[view]


def sign_styles(values: np.ndarray) -> tuple[list[str], list[str]]:
    """The colour and the line style of each value's sign (solid green +, dashed purple −)."""
    positive = np.asarray(values).ravel() >= 0
    colours = [POSITIVE if p else NEGATIVE for p in positive]
    styles = [POSITIVE_STYLE if p else NEGATIVE_STYLE for p in positive]
    return colours, styles
