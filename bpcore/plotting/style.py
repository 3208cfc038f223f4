"""What every picture shares: the colours, the nudged parameter in mathtext, new axes.

The colours are chosen to stay apart for readers with red-green colour blindness
(deuteranopia, protanopia): neuron values on a blue-white-red scale, signs of weights
in green and purple.
"""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure

#: Diverging colour map for neuron values: blue < 0 < red, white at 0.
DIVERGING = "RdBu_r"
#: Edge colours for the sign of a weight (green +, purple −: apart from the neuron colours).
POSITIVE, NEGATIVE = "#1b7837", "#762a83"
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
