"""Pictures of chapter 2, drawn with matplotlib from numbers that bpcore computes.

* :func:`draw_network` (:mod:`.network`) — the network as the book draws it: neurons
  coloured by a value (Δa, δ or a) on a diverging scale centred at 0, edges as wide as
  |w| (:mod:`.edges`), the nudged parameter marked (:mod:`.highlight`), saturated
  neurons ringed. Layers too wide for circles are drawn as small images (:mod:`.layout`).
* :func:`plot_dC_vs_dw` and :func:`plot_gap_loglog` (:mod:`.curves`) — ΔC against Δw
  beside the tangent line (∂C/∂w)Δw of eq. 47, and the gap between them (slope 2).
* :func:`draw_paths` (:mod:`.paths`) — the paths of eq. 51–53 from one weight to C.
* :func:`plot_chain` (:mod:`.chain`) — the factors of ∂C/∂w_1 along a chain of single neurons.
* :func:`slow_learning_figure` and :func:`plot_jacobians` (:mod:`.four_equations`) — when a
  weight learns slowly (BP1's two factors, ∂C/∂w signed over (z, a_in)), and the
  Jacobians of the proofs (notebooks 05 and 06).
* :func:`plot_line` (:mod:`.line`) — f(x) = m·x + c: the errors, both costs against m,
  the cost bowl C(m, c) with the path of gradient descent (:mod:`bpcore.line`).

Colours and mathtext symbols live in :mod:`.style`; legends that list only what their
picture shows, in :mod:`.legend`.

Every function takes an optional ``ax`` (or ``axes``); without one it makes a new figure
with :func:`matplotlib.pyplot.subplots` and an explicit size, so a notebook can
``plt.show()`` it. The functions that a widget redraws return an object that holds the
artists and has an ``update`` method: it changes data and colours of the existing
artists (``set_array``, ``set_data``, ...) and never builds new ones, so a redraw costs
only the rendering.
"""

from matplotlib.colors import CenteredNorm  # used by bpcore.widgets as plotting.CenteredNorm

from bpcore.plotting.chain import ChainDrawing, chain_factor_tex, plot_chain
from bpcore.plotting.cost_map import plot_cost_map
from bpcore.plotting.curves import GapFit, NudgeCurve, plot_dC_vs_dw, plot_gap_loglog
from bpcore.plotting.descent import plot_descents
from bpcore.plotting.four_equations import plot_jacobians, slow_learning_figure
from bpcore.plotting.line import LineDrawing, plot_line
from bpcore.plotting.network import KEEP, NetworkDrawing, draw_network
from bpcore.plotting.notation import draw_notation
from bpcore.plotting.paths import PathsDrawing, draw_paths
from bpcore.plotting.speed import plot_difference_errors, plot_gradient_times, plot_pass_counts
from bpcore.plotting.style import (
    DIVERGING,
    HIGHLIGHT,
    NEGATIVE,
    NEUTRAL,
    POSITIVE,
    VIEW_SYMBOLS,
    nudge_values,
    parameter_tex,
)
from bpcore.plotting.training import plot_training_cost, plot_validation_accuracy
from bpcore.plotting.vanishing import plot_vanishing

__all__ = [
    "DIVERGING",
    "HIGHLIGHT",
    "KEEP",
    "NEGATIVE",
    "NEUTRAL",
    "POSITIVE",
    "VIEW_SYMBOLS",
    "CenteredNorm",
    "ChainDrawing",
    "GapFit",
    "LineDrawing",
    "NetworkDrawing",
    "NudgeCurve",
    "PathsDrawing",
    "chain_factor_tex",
    "draw_network",
    "draw_notation",
    "draw_paths",
    "nudge_values",
    "parameter_tex",
    "plot_chain",
    "plot_cost_map",
    "plot_dC_vs_dw",
    "plot_descents",
    "plot_gap_loglog",
    "plot_jacobians",
    "plot_line",
    "slow_learning_figure",
    "plot_vanishing",
    "plot_pass_counts",
    "plot_gradient_times",
    "plot_difference_errors",
    "plot_training_cost",
    "plot_validation_accuracy",
]
