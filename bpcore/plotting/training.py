"""What a training run measured, epoch by epoch.

* :func:`plot_training_cost` — the training cost C after each epoch of SGD (notebook 07).
* :func:`plot_validation_accuracy` — the validation accuracy after each epoch of several runs,
  e.g. one per value of the L2 parameter λ, beside a reference level (notebook 08).

The numbers are those :func:`bpcore.train.SGD` records in its :class:`bpcore.monitor.History`
(``History.cost``, network2's ``evaluation_accuracy``); this module only draws them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from bpcore.plotting.style import new_axes


def plot_training_cost(
    costs: Sequence[float],
    *,
    title: str = "",
    figsize: tuple[float, float] = (5.0, 3.2),
) -> Figure:
    """The training cost C after each epoch, as dots joined by a line; epochs counted from 1.

    ``costs``: one value of C per epoch, e.g. ``History.cost`` (the mean cost over the training
    examples, eq. 26, plus the L2 term of eq. 87 when λ > 0). ``title`` names the run (the
    network, η). Returns the figure: one axes with one line of ``len(costs)`` points.
    """
    values = np.asarray(costs, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"costs: expected one cost per epoch (at least one), got {values.shape}")
    figure, ax = new_axes(figsize)
    ax.plot(np.arange(1, values.size + 1), values, marker="o", ms=3)
    ax.set_xlabel("epoch")
    ax.set_ylabel("training cost C")
    ax.set_title(title, fontsize=10)
    return figure


def plot_validation_accuracy(
    runs: Mapping[str, Sequence[int] | None],
    size: int,
    *,
    reference: tuple[str, int] | None = None,
    title: str = "",
    figsize: tuple[float, float] = (6.5, 3.6),
) -> Figure:
    """The validation accuracy in percent after each epoch: one line of dots for each run.

    ``runs`` maps a label (e.g. "λ = 5.0") to the number of validation examples classified
    right after each epoch (network2's ``evaluation_accuracy``), out of ``size``; a run mapped
    to None has no per-epoch record and is left out. ``reference`` = (label, number right)
    adds a dashed grey horizontal line at that accuracy, e.g. the final accuracy of a run
    recorded only at its end. Returns the figure: one axes, a line per drawn run, the
    reference line last, and a legend naming each.
    """
    if size <= 0:
        raise ValueError(f"size: expected the number of validation examples (> 0), got {size}")
    drawn = {
        name: np.asarray(right, dtype=float) for name, right in runs.items() if right is not None
    }
    if not drawn and reference is None:
        raise ValueError("runs: expected at least one run with a per-epoch record, got none")
    figure, ax = new_axes(figsize)
    for name, right in drawn.items():
        epochs = np.arange(1, right.size + 1)
        ax.plot(epochs, 100 * right / size, "o-", ms=3, label=name)
    if reference is not None:
        label, right_at_end = reference
        ax.axhline(100 * right_at_end / size, color="grey", ls="--", label=label)
    ax.set_xlabel("epoch")
    ax.set_ylabel("validation accuracy (%)")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return figure
