"""The chapter's notation drawn into a network: a^l_j on every neuron, b^l_j beside it.

Notebook 01's picture: :func:`draw_network`'s drawing of a small network with each neuron
labelled by its activation a^l_j, each neuron of layers 2..L by its bias b^l_j, one weight
w^l_jk highlighted and named in the legend, and the sum that makes z^l_j written beside
neuron j of layer l.
"""

from __future__ import annotations

from bpcore.backprop import NetworkLike
from bpcore.plotting.network import NetworkDrawing, draw_network


def draw_notation(
    net: NetworkLike,
    highlight: tuple[int, int, int] = (3, 0, 1),
    *,
    title: str | None = None,
    figsize: tuple[float, float] = (8.0, 4.8),
) -> NetworkDrawing:
    """``net`` labelled in the book's notation, with w^l_jk = ``highlight`` marked.

    Every neuron shows a^l_j, every neuron of layers 2..L its bias b^l_j; beside neuron j
    of layer l (the highlighted weight's) the weighted input z^l_j = Σ_k w^l_jk a^{l-1}_k +
    b^l_j and a^l_j = σ(z^l_j). Neurons are counted from 0, as in the code.
    """
    layer, j, k = highlight
    drawing = draw_network(
        net, highlight=highlight, colorbar=False, annotate=False, figsize=figsize, title=title
    )
    ax = drawing.ax
    for l, n in enumerate(net.sizes, start=1):
        for q in range(n):
            px, py = drawing.position(l, q)
            ax.text(px, py, f"$a^{{{l}}}_{{{q}}}$", ha="center", va="center", fontsize=11, zorder=8)
            if l > 1:
                bias = f"$b^{{{l}}}_{{{q}}}$"
                ax.text(px + 0.13, py - 0.13, bias, ha="left", va="top", fontsize=8, zorder=8)
    px, py = drawing.position(layer, j)
    z = f"z^{{{layer}}}_{{{j}}}"
    ax.annotate(
        f"${z} = \\sum_k w^{{{layer}}}_{{{j}k}}\\, a^{{{layer - 1}}}_k + b^{{{layer}}}_{{{j}}}$"
        f"\n$a^{{{layer}}}_{{{j}}} = \\sigma({z})$",
        xy=(px + 0.21, py),
        xytext=(px + 0.4, py),
        fontsize=9,
        va="center",
        ha="left",
        arrowprops={"arrowstyle": "->", "color": "#444444"},
    )
    ax.set_xlim(-0.6, len(net.sizes) - 1 + 1.75)
    legend = drawing.edge_legend
    if legend is not None:  # the highlighted weight's entry is named by its symbol
        for text in legend.get_texts():
            if "nudged" in text.get_text():
                text.set_text(f"$w^{{{layer}}}_{{{j}{k}}}$")
    return drawing
