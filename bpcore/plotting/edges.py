"""The weights of a drawn network: one line per w^l_jk, as wide as |w|, its sign in two cues.

A positive weight is a solid green line, a negative one a dashed purple line, so the
sign can be read without telling colours apart. Lines are drawn only between two
columns of circles: 784 × 30 lines out of an image would hide everything.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

from bpcore.plotting.layout import Layout
from bpcore.plotting.style import sign_styles


def draw_edges(
    ax: Axes, layout: Layout, weights: Sequence[np.ndarray], show: bool = True
) -> list[LineCollection | None]:
    """One LineCollection per weight matrix w^l (``weights[l - 2]``, shape (n_l, n_{l-1})).

    Entry l - 2 is None where a side of w^l is an image, or everywhere if not ``show``.
    Widths are 0.2 + 2.8·|w|/(the largest |w| drawn), in points.
    """
    drawn = [
        i
        for i in range(len(weights))
        if show and not (layout.is_image[i] or layout.is_image[i + 1])
    ]
    largest = max((np.abs(weights[i]).max() for i in drawn), default=1.0) or 1.0
    edges: list[LineCollection | None] = []
    for i, w in enumerate(weights):
        if i not in drawn:
            edges.append(None)
            continue
        source, target = layout.positions[i], layout.positions[i + 1]
        jj, kk = np.meshgrid(np.arange(w.shape[0]), np.arange(w.shape[1]), indexing="ij")
        segments = list(np.stack([source[kk.ravel()], target[jj.ravel()]], axis=1))
        values = w.ravel()
        colours, styles = sign_styles(values)
        collection = LineCollection(
            segments,
            linewidths=0.2 + 2.8 * np.abs(values) / largest,
            colors=colours,
            linestyles=styles,
            alpha=0.65 if values.size <= 60 else 0.3,
            zorder=1,
        )
        ax.add_collection(collection)
        edges.append(collection)
    return edges
