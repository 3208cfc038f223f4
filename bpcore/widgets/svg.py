"""SVG text for the explorers' pictures: a few primitives, a colour scale and a small chart.

The explorers draw in the browser: Python writes the picture as SVG text (a few
milliseconds), the page shows it at once, and the same text is the static picture where no
kernel runs. Colours and tick positions come from matplotlib; everything else is a handful
of SVG elements written here.
"""

from __future__ import annotations

import base64
import html
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from matplotlib import colormaps
from matplotlib.ticker import MaxNLocator

Array = np.ndarray

#: Neuron values on a diverging scale, readable with deuteranopia and protanopia:
#: blue below 0, white at 0, red above.
DIVERGING = colormaps["RdBu_r"]
#: A weight's sign is told twice: by colour and by the line (solid > 0, dashed < 0).
POSITIVE, NEGATIVE = "#3b3b3b", "#8c510a"
NEGATIVE_DASH = "5 3"
#: The chosen weight or neuron, and the color of what a step of the algorithm uses.
HIGHLIGHT = "#e69f00"
ACTIVE = "#0072b2"
MUTED = "#9a9a9a"
FONT = "font-family:system-ui,-apple-system,'Segoe UI',sans-serif"


def number(value: float) -> str:
    """A coordinate with at most two decimals, as short as it can be."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def shown(value: float, digits: int = 3, *, sign: bool = False) -> str:
    """A value written for the reader: ``digits`` significant digits, a real minus sign
    (U+2212), 0 never −0, a short exponent (1.2e−5, not 1.2e-05); ``sign`` puts + before a
    positive value."""
    if value == 0:
        return "0"
    text = f"{value:{'+' if sign else ''}.{digits}g}"
    mantissa, _, exponent = text.partition("e")
    if exponent:
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", "\u2212")


def _attributes(attributes: dict[str, object]) -> str:
    parts = []
    for key, value in attributes.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        if isinstance(value, dict):
            value = json.dumps(value, separators=(",", ":"))
        elif isinstance(value, float):
            value = number(value)
        parts.append(f'{name}="{html.escape(str(value), quote=True)}"')
    return " ".join(parts)


def element(tag: str, text: str | None = None, /, **attributes: object) -> str:
    """One SVG element; ``stroke_width=2`` becomes ``stroke-width="2"``; ``text`` is escaped."""
    inner = "" if text is None else html.escape(text)
    attrs = _attributes(attributes)
    if text is None:
        return f"<{tag} {attrs}/>"
    return f"<{tag} {attrs}>{inner}</{tag}>"


def colour(value: float, halfrange: float) -> str:
    """``value`` on the diverging scale clipped at ±``halfrange``, as #rrggbb."""
    if not np.isfinite(value) or halfrange <= 0:
        return "#f2f2f2"
    r, g, b, _ = DIVERGING(0.5 + 0.5 * float(np.clip(value / halfrange, -1.0, 1.0)))
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def png_image(rgba: Array) -> str:
    """An RGBA array (rows from the top) as a base64 PNG data URI (for heat maps)."""
    import PIL.Image

    buffer = io.BytesIO()
    PIL.Image.fromarray(np.ascontiguousarray(rgba)).save(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@dataclass
class Canvas:
    """A picture being written: elements in drawing order, then :meth:`svg`."""

    width: float
    height: float
    title: str = ""
    parts: list[str] = field(default_factory=list)

    def add(self, tag: str, text: str | None = None, /, **attributes: object) -> None:
        self.parts.append(element(tag, text, **attributes))

    def raw(self, svg: str) -> None:
        self.parts.append(svg)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float = 12,
        anchor: str = "middle",
        **more: object,
    ) -> None:
        self.add("text", text, x=x, y=y, font_size=size, text_anchor=anchor, **more)

    def svg(self) -> str:
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{number(self.width)}" '
            f'height="{number(self.height)}" viewBox="0 0 {number(self.width)} '
            f'{number(self.height)}" role="img" style="{FONT}">'
        )
        title = element("title", self.title) if self.title else ""
        return head + title + "".join(self.parts) + "</svg>"


@dataclass
class Chart:
    """A plot area on a canvas: data ranges mapped to pixels, axes with tick labels."""

    canvas: Canvas
    left: float
    top: float
    width: float
    height: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    def x(self, value: float) -> float:
        low, high = self.x_range
        return self.left + (value - low) / (high - low or 1.0) * self.width

    def y(self, value: float) -> float:
        low, high = self.y_range
        return self.top + self.height - (value - low) / (high - low or 1.0) * self.height

    def axes(
        self,
        x_label: str = "",
        y_label: str = "",
        title: str = "",
        x_ticks: Sequence[tuple[float, str]] | None = None,
        y_ticks: Sequence[tuple[float, str]] | None = None,
    ) -> None:
        """The frame, grid lines with tick labels, axis labels and title.

        Ticks are chosen from the ranges unless given as (value, label) pairs (whole
        numbers on a count axis, powers of ten on a log axis, names of factors).
        """
        c = self.canvas
        if x_ticks is None:
            x_ticks = [(t, _tick_label(t)) for t in _ticks(*self.x_range)]
        if y_ticks is None:
            y_ticks = [(t, _tick_label(t)) for t in _ticks(*self.y_range)]
        c.add(
            "rect",
            x=self.left,
            y=self.top,
            width=self.width,
            height=self.height,
            fill="none",
            stroke="#777777",
            stroke_width=0.8,
        )
        self._grid(x_ticks, y_ticks)
        if x_label:
            c.text(self.left + self.width / 2, self.top + self.height + 28, x_label, size=11)
        if y_label:
            c.text(
                self.left - 38,
                self.top + self.height / 2,
                y_label,
                size=11,
                transform=f"rotate(-90 {number(self.left - 38)} "
                f"{number(self.top + self.height / 2)})",
            )
        if title:
            c.text(self.left + self.width / 2, self.top - 7, title, size=12, font_weight=600)

    def _grid(
        self, x_ticks: Sequence[tuple[float, str]], y_ticks: Sequence[tuple[float, str]]
    ) -> None:
        c = self.canvas
        for tick, label in x_ticks:
            px = self.x(tick)
            c.add(
                "line",
                x1=px,
                x2=px,
                y1=self.top,
                y2=self.top + self.height,
                stroke="#e4e4e4",
                stroke_width=0.8,
            )
            c.text(px, self.top + self.height + 13, label, size=10)
        for tick, label in y_ticks:
            py = self.y(tick)
            c.add(
                "line",
                x1=self.left,
                x2=self.left + self.width,
                y1=py,
                y2=py,
                stroke="#e4e4e4",
                stroke_width=0.8,
            )
            c.text(self.left - 4, py + 3.5, label, size=10, anchor="end")

    def line(
        self,
        xs: Sequence[float] | Array,
        ys: Sequence[float] | Array,
        stroke: str,
        width: float = 1.6,
        dash: str | None = None,
        **more: object,
    ) -> None:
        points = " ".join(
            f"{number(self.x(x))},{number(self.y(y))}"
            for x, y in zip(xs, ys)
            if np.isfinite(x) and np.isfinite(y)
        )
        self.canvas.add(
            "polyline",
            points=points,
            fill="none",
            stroke=stroke,
            stroke_width=width,
            stroke_dasharray=dash,
            **more,
        )

    def point(self, x: float, y: float, fill: str, r: float = 4.0, **more: object) -> None:
        self.canvas.add("circle", cx=self.x(x), cy=self.y(y), r=r, fill=fill, **more)

    def image(self, uri: str) -> None:
        """A picture (a heat map) stretched over the whole plot area."""
        self.canvas.add(
            "image",
            href=uri,
            x=self.left,
            y=self.top,
            width=self.width,
            height=self.height,
            preserveAspectRatio="none",
            style="image-rendering:pixelated",
        )


def legend(canvas: Canvas, x: float, y: float, entries: Sequence[tuple[str, dict]]) -> None:
    """A row of legend entries: (label, line attributes) drawn as a short line and text."""
    for label, style in entries:
        canvas.add("line", x1=x, x2=x + 18, y1=y - 4, y2=y - 4, **style)
        canvas.text(x + 22, y, label, size=10.5, anchor="start")
        x += 30 + 6.2 * len(label)


def _ticks(low: float, high: float) -> list[float]:
    if not (np.isfinite(low) and np.isfinite(high)) or high <= low:
        return []
    return [float(t) for t in MaxNLocator(nbins=5).tick_values(low, high) if low <= t <= high]


def _tick_label(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 1e4 or abs(value) < 1e-3:
        mantissa, exponent = f"{value:.0e}".split("e")
        return f"{mantissa}e{int(exponent)}".replace("-", "\u2212")
    return f"{value:.4g}".replace("-", "\u2212")


def diverging_image(values: Array, halfrange: float) -> str:
    """A 2-D array (rows from the top) on :data:`DIVERGING`, clipped at ±``halfrange``, as a
    PNG data URI: a heat map whose colours mean what :func:`colour` and :func:`colour_bar` say."""
    scaled = 0.5 + 0.5 * np.clip(np.asarray(values, dtype=float) / (halfrange or 1.0), -1.0, 1.0)
    return png_image(DIVERGING(scaled, bytes=True))


@lru_cache(maxsize=2)
def _ramp(signed: bool) -> str:
    """The colour bar's image: +1 at the top down to −1 (or to 0 when not ``signed``)."""
    return diverging_image(np.linspace(1.0, -1.0 if signed else 0.0, 64).reshape(-1, 1), 1.0)


def colour_bar(
    canvas: Canvas,
    x: float,
    y: float,
    height: float,
    halfrange: float,
    label: str,
    width: float = 12,
    signed: bool = True,
) -> None:
    """A vertical colour bar for :data:`DIVERGING` from −``halfrange`` (bottom) to +``halfrange``,
    with its ticks and a label below it: the key to a heat map or to coloured neurons.

    ``signed=False``: only the upper half, 0 to +``halfrange``, for values that are never
    negative (a size such as |δ|)."""
    canvas.add(
        "image",
        href=_ramp(signed),
        x=x,
        y=y,
        width=width,
        height=height,
        preserveAspectRatio="none",
    )
    canvas.add("rect", x=x, y=y, width=width, height=height, fill="none", stroke="#777777")
    ticks = [(halfrange, y), (0.0, y + height / 2), (-halfrange, y + height)]
    for value, py in ticks if signed else [(halfrange, y), (0.0, y + height)]:
        canvas.add("line", x1=x + width, x2=x + width + 4, y1=py, y2=py, stroke="#777777")
        text = "0" if value == 0 else f"{value:+.3g}".replace("-", "\u2212")
        canvas.text(x + width + 6, py + 3.5, text, size=10, anchor="start")
    canvas.text(x + width / 2, y + height + 22, label, size=11)
