"""A network drawn as SVG, in the book's picture: layers left to right, w^l_jk from k to j.

:class:`NetworkPicture` fixes where every neuron sits once (per network shape) and then
writes the picture for any values: neurons coloured on a diverging scale, edges as wide as
|w| (solid for w > 0, dashed for w < 0), the chosen weight or bias highlighted, saturated
neurons ringed on request, numbers written beside the neurons, and, for the algorithm's
steps, the neurons and weights a step uses drawn strong and the rest faint. Every edge and
neuron carries a ``data-pick`` attribute, so a click in the page chooses it.

Layers too wide for circles (64 or 784 inputs) are drawn as a square image, neuron k at row
k // side and column k % side (the 8×8 digit, the 28×28 MNIST digit).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from bpcore.widgets.svg import (
    ACTIVE,
    HIGHLIGHT,
    MUTED,
    NEGATIVE,
    NEGATIVE_DASH,
    POSITIVE,
    Canvas,
    colour,
    legend,
)

Array = np.ndarray
Neuron = tuple[int, int]  # (l, j) in the book's numbering
Weight = tuple[int, int, int | None]  # (l, j, k); k None for the bias b^l_j


@dataclass
class Scene:
    """What to show on the network: everything optional.

    ``values[l-1]`` colours layer l (None: grey); ``halfrange`` clips the colour scale;
    ``labels[l-1]`` are texts beside layer l's neurons; ``chosen`` is the highlighted
    weight (l, j, k) or bias (l, j, None); ``rings`` are neurons ringed as saturated;
    ``active`` neurons and ``active_edges`` (l, j, k) are drawn strong and everything else
    faint, when either is given; ``edge_opacity`` draws every edge at that opacity (a faint
    background for paths drawn on top).
    """

    values: Sequence[Array | None] = ()
    halfrange: float = 1.0
    labels: Sequence[Sequence[str] | None] = ()
    chosen: Weight | None = None
    rings: set[Neuron] = field(default_factory=set)
    active: set[Neuron] | None = None
    active_edges: set[tuple[int, int, int]] | None = None
    edge_opacity: float | None = None


class NetworkPicture:
    """The positions of a network's neurons in an SVG of ``width`` × ``height`` pixels.

    ``left``/``right``/``top``/``bottom`` leave room around the columns; ``max_circles`` is
    the widest layer drawn as circles. Each layer spreads its neurons over the height, so a
    narrow layer gets large circles and a wide one small ones (``radii``).
    """

    def __init__(
        self,
        weights: Sequence[Array],
        *,
        width: float = 520,
        height: float = 300,
        left: float = 48,
        right: float = 70,
        top: float = 24,
        bottom: float = 34,
        max_circles: int = 40,
        max_image: float = 150,
    ) -> None:
        self.sizes = [weights[0].shape[1], *(w.shape[0] for w in weights)]
        self.width, self.height = width, height
        self.top, self.bottom = top, bottom
        self.is_image = [n > max_circles for n in self.sizes]
        usable = height - top - bottom
        self.middle = top + usable / 2
        self.sides = [math.ceil(math.sqrt(n)) for n in self.sizes]
        self.spacings = [min(50.0, usable / n) for n in self.sizes]
        self.radii = [max(2.5, min(15.0, 0.36 * d)) for d in self.spacings]
        self.pixel = [min(usable, max_image) / side for side in self.sides]
        half = [
            side * p / 2 if image else r
            for side, p, image, r in zip(self.sides, self.pixel, self.is_image, self.radii)
        ]
        first, last = left + half[0], width - right - half[-1]
        L = len(self.sizes)
        self.columns = [first + (last - first) * i / max(L - 1, 1) for i in range(L)]
        self.positions = [self._place(i) for i in range(L)]
        self._edge_cache: tuple[tuple, list[str]] | None = None

    def _place(self, i: int) -> Array:
        n = self.sizes[i]
        if not self.is_image[i]:
            ys = self.middle + (np.arange(n) - (n - 1) / 2) * self.spacings[i]
            return np.column_stack([np.full(n, self.columns[i]), ys])
        side, p = self.sides[i], self.pixel[i]
        k = np.arange(n)
        x0, y0 = self.columns[i] - side * p / 2, self.middle - side * p / 2
        return np.column_stack([x0 + (k % side + 0.5) * p, y0 + (k // side + 0.5) * p])

    def position(self, layer: int, j: int) -> tuple[float, float]:
        """Where neuron j of layer l (book numbering) sits."""
        x, y = self.positions[layer - 1][j]
        return float(x), float(y)

    def reach(self, layer: int) -> float:
        """How far from a neuron's centre an edge stops: its radius (0 inside an image)."""
        return 0.0 if self.is_image[layer - 1] else self.radii[layer - 1]

    # --- drawing ----------------------------------------------------------------------------
    def draw(self, canvas: Canvas, weights: Sequence[Array], scene: Scene) -> None:
        """Edges, then neurons, then marks, in that order (later is on top)."""
        focused = scene.active is not None or scene.active_edges is not None
        self._edges(canvas, weights, scene, focused)
        for layer in range(1, len(self.sizes) + 1):
            values = scene.values[layer - 1] if len(scene.values) >= layer else None
            if self.is_image[layer - 1]:
                self._image_layer(canvas, layer, values, scene.halfrange)
            else:
                self._circles(canvas, layer, values, scene, focused)
        self._chosen(canvas, weights, scene.chosen)
        for layer in range(1, len(self.sizes) + 1):
            canvas.text(
                self.columns[layer - 1], self.height - 8, f"l = {layer}", size=11, fill="#555555"
            )

    def sign_legend(self, canvas: Canvas, x: float, y: float) -> None:
        """What the edges mean: width |w|, solid w > 0, dashed w < 0."""
        legend(
            canvas,
            x,
            y,
            [
                ("w > 0", {"stroke": POSITIVE, "stroke_width": 2}),
                (
                    "w < 0 (dashed)",
                    {"stroke": NEGATIVE, "stroke_width": 2, "stroke_dasharray": NEGATIVE_DASH},
                ),
            ],
        )
        canvas.text(x + 190, y, "width ∝ |w|", size=10.5, anchor="start", fill="#555555")

    def _edges(self, canvas: Canvas, weights: Sequence[Array], scene: Scene, focused: bool) -> None:
        """The edges, written again only when the weights or what is highlighted change (a
        slider that moves Δw redraws 300 unchanged edges of a 64-30-10 network otherwise)."""
        active = None if scene.active_edges is None else frozenset(scene.active_edges)
        key = (focused, active, scene.edge_opacity, tuple(np.asarray(w).tobytes() for w in weights))
        if self._edge_cache is None or self._edge_cache[0] != key:
            scratch = Canvas(canvas.width, canvas.height)
            self._write_edges(scratch, weights, scene, focused)
            self._edge_cache = (key, scratch.parts)
        canvas.parts.extend(self._edge_cache[1])

    def _write_edges(
        self, canvas: Canvas, weights: Sequence[Array], scene: Scene, focused: bool
    ) -> None:
        drawn = [i for i in range(len(weights)) if not (self.is_image[i] or self.is_image[i + 1])]
        largest = max((float(np.abs(weights[i]).max()) for i in drawn), default=1.0) or 1.0
        for i in drawn:
            w, layer = weights[i], i + 2
            faint = w.size > 80
            thin = 0.6 if faint else 1.0
            for j in range(w.shape[0]):
                for k in range(w.shape[1]):
                    active = not focused or (
                        scene.active_edges is not None and (layer, j, k) in scene.active_edges
                    )
                    x1, y1 = self.position(layer - 1, k)
                    x2, y2 = self.position(layer, j)
                    value = float(w[j, k])
                    opacity = 0.12 if not active else 0.22 if faint else 0.75
                    if scene.edge_opacity is not None:
                        opacity = scene.edge_opacity
                    ends = {
                        "x1": x1 + self.reach(layer - 1),
                        "y1": y1,
                        "x2": x2 - self.reach(layer),
                        "y2": y2,
                    }
                    canvas.add(
                        "line",
                        **ends,
                        stroke=(
                            ACTIVE if focused and active else POSITIVE if value >= 0 else NEGATIVE
                        ),
                        stroke_width=thin * (0.4 + 3.2 * abs(value) / largest),
                        stroke_dasharray=None if value >= 0 else NEGATIVE_DASH,
                        stroke_opacity=opacity,
                        data_pick={"layer": layer, "j": j, "k": k},
                    )
                    # What a click hits: a wide, invisible stroke along the edge (a thin or
                    # dashed line alone would let most clicks fall through its gaps).
                    canvas.add(
                        "line",
                        **ends,
                        stroke="#000000",
                        stroke_opacity=0,
                        stroke_width=7,
                        data_pick={"layer": layer, "j": j, "k": k},
                    )

    def _circles(
        self,
        canvas: Canvas,
        layer: int,
        values: Array | None,
        scene: Scene,
        focused: bool,
    ) -> None:
        labels = scene.labels[layer - 1] if len(scene.labels) >= layer else None
        r = self.radii[layer - 1]
        if self.spacings[layer - 1] < 14:
            labels = None  # no room to write beside small circles
        for j, (x, y) in enumerate(self.positions[layer - 1]):
            active = not focused or (scene.active is not None and (layer, j) in scene.active)
            fill = "#f2f2f2" if values is None else colour(float(values[j]), scene.halfrange)
            pick = None if layer == 1 else {"layer": layer, "j": j, "k": "bias"}
            canvas.add(
                "circle",
                cx=float(x),
                cy=float(y),
                r=r,
                fill=fill,
                stroke=ACTIVE if focused and active else "#555555",
                stroke_width=2.2 if focused and active else 0.8,
                opacity=1.0 if active else 0.35,
                data_pick=pick,
            )
            if (layer, j) in scene.rings:
                canvas.add(
                    "circle",
                    cx=float(x),
                    cy=float(y),
                    r=r + 0.2 * r + 1.2,
                    fill="none",
                    stroke="#000000",
                    stroke_width=max(1.0, 0.16 * r),
                )
            if labels is not None and labels[j]:
                left = layer == 1  # an input's value sits left of it, clear of its edges
                canvas.text(
                    float(x) - r - 3 if left else float(x) + r + 3,
                    float(y) + 4,
                    labels[j],
                    size=10.5,
                    anchor="end" if left else "start",
                    fill="#1a1a1a" if active else MUTED,
                    stroke="#ffffff",
                    stroke_width=3,
                    paint_order="stroke",
                )

    def _image_layer(
        self, canvas: Canvas, layer: int, values: Array | None, halfrange: float
    ) -> None:
        p = self.pixel[layer - 1]
        for k, (x, y) in enumerate(self.positions[layer - 1]):
            if values is None:
                fill = "#f7f7f7"
            elif layer == 1:  # the input image in grey: 0 white, 1 black
                shade = round(255 * (1 - float(np.clip(values[k], 0, 1))))
                fill = f"#{shade:02x}{shade:02x}{shade:02x}"
            else:
                fill = colour(float(values[k]), halfrange)
            pick = {"k": k} if layer == 1 else {"layer": layer, "j": k, "k": "bias"}
            canvas.add(
                "rect",
                x=float(x) - p / 2,
                y=float(y) - p / 2,
                width=p,
                height=p,
                fill=fill,
                data_pick=pick,
            )
        xs, ys = self.positions[layer - 1][:, 0], self.positions[layer - 1][:, 1]
        canvas.add(
            "rect",
            x=float(xs.min()) - p / 2,
            y=float(ys.min()) - p / 2,
            width=float(xs.max() - xs.min()) + p,
            height=float(ys.max() - ys.min()) + p,
            fill="none",
            stroke="#555555",
            stroke_width=0.8,
        )

    def _chosen(self, canvas: Canvas, weights: Sequence[Array], chosen: Weight | None) -> None:
        if chosen is None:
            return
        layer, j, k = chosen
        tx, ty = self.position(layer, j)
        if k is not None:
            sx, sy = self.position(layer - 1, k)
            start, end = self.reach(layer - 1), self.reach(layer)
            for colour_, width in (("#000000", 6.0), (HIGHLIGHT, 3.6)):
                canvas.add(
                    "line",
                    x1=sx + start,
                    y1=sy,
                    x2=tx - end,
                    y2=ty,
                    stroke=colour_,
                    stroke_width=width,
                    stroke_linecap="round",
                    data_pick={"layer": layer, "j": j, "k": k},
                )
            self._mark(canvas, layer - 1, sx, sy)
        self._mark(canvas, layer, tx, ty)

    def _mark(self, canvas: Canvas, layer: int, x: float, y: float) -> None:
        """A ring (a square on an image) around the chosen weight's neurons."""
        if self.is_image[layer - 1]:
            p = self.pixel[layer - 1]
            canvas.add(
                "rect",
                x=x - p / 2,
                y=y - p / 2,
                width=p,
                height=p,
                fill="none",
                stroke=HIGHLIGHT,
                stroke_width=2.6,
            )
        else:
            canvas.add(
                "circle",
                cx=x,
                cy=y,
                r=self.radii[layer - 1] + 4,
                fill="none",
                stroke=HIGHLIGHT,
                stroke_width=2.6,
            )
