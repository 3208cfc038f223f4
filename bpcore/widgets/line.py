"""The line explorer: fit f(x) = m·x + c by hand, then by gradient descent.

The prelude of "A simple backprop explanation" (2016): the weights are the slope m and the
intercept c; the errors r_i = f(x_i) − y_i; the absolute cost Σ|r_i| and the squared cost
½Σr_i²; gradient descent m ← m − η ∂C/∂m, c ← c − η ∂C/∂c from the (m, c) the sliders set.
Three panels: the data with the errors as bars, both costs against m at the current c (with
the descent on the curve when only m trains), and the cost over (m, c) as a heat map with
contour lines and the descent path. Every number is :mod:`bpcore.line`'s.

The sliders' values are exact decimals (m and c in steps of 0.01, η in steps of 0.001), so
c = 0 is 0 and η = 0.35 is 0.35, as the notebook's text writes them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib import colormaps

from bpcore import _checks
from bpcore import line as line_model
from bpcore.widgets.base import Choice, Control, Explorer, Slider
from bpcore.widgets.svg import Canvas, Chart, element, number, png_image, shown

Array = np.ndarray

#: Colours (Okabe–Ito, safe with colour-blindness) and the dash that tells the costs apart.
FIT, ERROR, ABSOLUTE, SQUARED, PATH, BEST = (
    "#0072b2",
    "#d55e00",
    "#cc79a7",
    "#0072b2",
    "#d55e00",
    "#009e73",
)
ABSOLUTE_DASH = "5 3"
#: Grid of the heat map (per side) and of the cost curves against m.
GRID, CURVE = 120, 161
STEPS_MAX = 200
TRAIN = [("m and c", "both"), ("m only (c fixed)", "m")]


@dataclass
class LineState:
    values: dict[str, Any]
    residuals: Array
    cost_squared: float
    cost_absolute: float
    gradient: tuple[float, float]
    descent: line_model.Descent


def _snap(value: object, step: float) -> object:
    """A slider's number on the slider's grid of exact decimals (0.35, not 0.35000000000000003)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        return value
    if not math.isfinite(float(value)):
        return value
    decimals = max(0, -math.floor(math.log10(step)))
    snapped = round(round(float(value) / step) * step, decimals)
    return 0.0 if snapped == 0 else snapped


def _span(centre: float, half: float) -> tuple[float, float]:
    """Whole-number ends around ``centre``, so that 0 and every 0.01 lie on the slider."""
    return float(math.floor(centre - half)), float(math.ceil(centre + half))


def _shown(value: float) -> str:
    """A number for the readout: 4 significant digits."""
    return shown(value, 4)


class LineWidget(Explorer):
    """Fit f(x) = m·x + c to the data (x_i, y_i) by hand and by gradient descent.

    Controls: ``m``, ``c`` (the line, and where the descent starts), ``eta`` (η, from
    0.001 to ``eta_max`` in steps of 0.001), ``steps`` (0..200), ``cost`` (``"squared"`` or
    ``"absolute"``, the cost descended) and ``train`` (``"both"``: m and c; ``"m"``: m
    alone, c fixed). ``readout``: ``m``, ``c``, ``residuals`` (r_i = f(x_i) − y_i),
    ``cost_squared`` (½Σr_i²), ``cost_absolute`` (Σ|r_i|), ``gradient`` ((∂C/∂m, ∂C/∂c)
    of ``cost``), ``eta``, ``steps``, ``m_end``, ``c_end``, ``cost_start``, ``cost_end``.
    ``x``, ``y`` default to :data:`bpcore.line.DATA_X`, ``DATA_Y``; ``m_range`` and
    ``c_range`` (whole numbers) to least squares ± 2 and ± 3.
    """

    def __init__(
        self,
        x: Any = None,
        y: Any = None,
        *,
        m: float = 1.0,
        c: float = 0.0,
        eta: float = 0.02,
        steps: int = 20,
        cost: str = "squared",
        train: str = "both",
        eta_max: float = 0.5,
        m_range: tuple[float, float] | None = None,
        c_range: tuple[float, float] | None = None,
    ) -> None:
        self.x_data, self.y_data = line_model.data_points(x, y)
        self.best = line_model.least_squares(self.x_data, self.y_data)
        self.m_range = _range("m_range", m_range, _span(self.best[0], 2.0))
        self.c_range = _range("c_range", c_range, _span(self.best[1], 3.0))
        eta_max = _checks.number_in_range(eta_max, "eta_max", 0.002, 10.0)
        controls: list[Control] = [
            Slider("m", "m", *self.m_range, 0.01, primary=True),
            Slider("c", "c", *self.c_range, 0.01),
            Slider("eta", "η", 0.001, round(eta_max, 3), 0.001, digits=3, new_row=True),
            Slider("steps", "steps", 0, STEPS_MAX, 1, integer=True),
            Choice("cost", "descend", [("squared", "squared"), ("absolute", "absolute")], True),
            Choice("train", "train", TRAIN, buttons=True),
        ]
        values = {"m": m, "c": c, "eta": eta, "steps": steps, "cost": cost, "train": train}
        super().__init__(controls, values, "line explorer")

    # --- the state ---------------------------------------------------------------------------
    def adjust(self, values: dict[str, Any], given: set[str]) -> dict[str, Any]:
        """Numbers land on the sliders' grids: m, c to 0.01, η to 0.001."""
        for name, step in (("m", 0.01), ("c", 0.01), ("eta", 0.001)):
            if name in values:
                values[name] = _snap(values[name], step)
        return values

    def compute(self, values: dict[str, Any], action: str | None) -> LineState:
        m, c, kind = values["m"], values["c"], values["cost"]
        x, y = self.x_data, self.y_data
        both = values["train"] == "both"
        descent = line_model.descend(m, c, values["eta"], values["steps"], x, y, kind, both)
        return LineState(
            values,
            line_model.residuals(m, c, x, y),
            line_model.cost_squared(m, c, x, y),
            line_model.cost_absolute(m, c, x, y),
            line_model.gradient(m, c, x, y, kind),
            descent,
        )

    # --- the picture ---------------------------------------------------------------------------
    def draw(self, state: LineState) -> str:
        v = state.values
        canvas = Canvas(930, 345, title=f"f(x) = {_shown(v['m'])}·x + {_shown(v['c'])}")
        self._draw_fit(canvas, state)
        self._draw_costs(canvas, state)
        self._draw_bowl(canvas, state)
        return canvas.svg()

    def _draw_fit(self, canvas: Canvas, state: LineState) -> None:
        x, y = self.x_data, self.y_data
        m, c = state.values["m"], state.values["c"]
        span = float(x.max() - x.min()) or 1.0
        x_range = (float(x.min()) - 0.25 * span, float(x.max()) + 0.25 * span)
        low, high = float(y.min()), float(y.max())
        chart = Chart(canvas, 60, 34, 230, 230, x_range, (low - (high - low) - 1, high + 1.2))
        chart.axes("x", "y", "the data and f(x) = m·x + c")
        clip = _clip(canvas, "bp-line-fit", chart)
        xs = np.array(x_range)
        chart.line(xs, line_model.predict(m, c, xs), FIT, width=2.2, clip_path=clip)
        for xi, yi, fi in zip(x, y, line_model.predict(m, c, x)):
            chart.line([xi, xi], [yi, fi], ERROR, width=2.4, clip_path=clip)
            chart.point(float(xi), float(yi), "#000000", r=4)
        _legend(
            canvas,
            20,
            314,
            [("point", "#000000", "data (xᵢ, yᵢ)"), ("line", FIT, "f(x)")],
        )
        _legend(canvas, 20, 332, [("line", ERROR, "errors rᵢ = f(xᵢ) − yᵢ")])

    def _draw_costs(self, canvas: Canvas, state: LineState) -> None:
        v = state.values
        grid = _m_grid(self.m_range)
        row = np.full_like(grid, v["c"])
        absolute = line_model.cost_absolute(grid, row, self.x_data, self.y_data)
        squared = line_model.cost_squared(grid, row, self.x_data, self.y_data)
        top = float(max(absolute.max(), squared.max())) * 1.05
        chart = Chart(canvas, 360, 34, 230, 230, self.m_range, (0.0, top))
        chart.axes("m", "cost", f"both costs against m, at c = {_shown(v['c'])}")
        chart.line(grid, absolute, ABSOLUTE, width=1.8, dash=ABSOLUTE_DASH)
        chart.line(grid, squared, SQUARED, width=1.8)
        chart.point(v["m"], state.cost_absolute, ABSOLUTE, r=4.5, stroke="#000000")
        chart.point(v["m"], state.cost_squared, SQUARED, r=4.5, stroke="#000000")
        entries = [("dash", ABSOLUTE, "Σ|rᵢ|"), ("line", SQUARED, "½Σrᵢ²")]
        if v["train"] == "m" and v["steps"] > 0:  # the descent walks on this very curve
            d = state.descent
            clip = _clip(canvas, "bp-line-costs", chart)
            chart.line(d.m, d.cost, PATH, width=1.1, clip_path=clip)
            _dots(chart, d.m, d.cost, PATH, clip)
            entries.append(("path", PATH, "descent"))
        _legend(canvas, 340, 314, entries)

    def _draw_bowl(self, canvas: Canvas, state: LineState) -> None:
        v, d = state.values, state.descent
        kind = v["cost"]
        chart = Chart(canvas, 670, 34, 230, 230, self.m_range, self.c_range)
        geometry = (chart.left, chart.top, chart.width, chart.height)
        canvas.raw(
            _bowl(
                self.x_data.tobytes(),
                self.y_data.tobytes(),
                kind,
                self.m_range,
                self.c_range,
                geometry,
            )
        )
        clip = _clip(canvas, "bp-line-bowl", chart)
        chart.axes("m", "c", f"{kind} cost over (m, c)")
        _star(canvas, chart.x(self.best[0]), chart.y(self.best[1]), BEST)
        entries = [("square", "#000000", "start"), ("star", BEST, "least squares")]
        if v["steps"] > 0:
            chart.line(d.m, d.c, PATH, width=1.3, clip_path=clip)
            _dots(chart, d.m[1:], d.c[1:], PATH, clip)
            entries.insert(0, ("path", PATH, f"{v['steps']} steps, η = {v['eta']:g}"))
        x0, y0 = chart.x(v["m"]), chart.y(v["c"])
        canvas.add("rect", x=x0 - 4, y=y0 - 4, width=8, height=8, fill="#000000", stroke="#ffffff")
        _legend(canvas, 640, 314, entries[:2])
        _legend(canvas, 640, 332, entries[2:])

    # --- the readout -----------------------------------------------------------------------------
    def describe(self, state: LineState) -> tuple[dict[str, Any], str]:
        v, d = state.values, state.descent
        readout = {
            "m": v["m"],
            "c": v["c"],
            "cost": v["cost"],
            "train": v["train"],
            "residuals": [float(r) for r in state.residuals],
            "cost_squared": state.cost_squared,
            "cost_absolute": state.cost_absolute,
            "gradient": state.gradient,
            "eta": v["eta"],
            "steps": v["steps"],
            "m_end": float(d.m[-1]),
            "c_end": float(d.c[-1]),
            "cost_start": float(d.cost[0]),
            "cost_end": float(d.cost[-1]),
        }
        errors = ", ".join(_shown(r) for r in state.residuals)
        dm, dc = state.gradient
        trained = "m and c" if v["train"] == "both" else "m alone (c fixed)"
        text = (
            f"f(x) = {_shown(v['m'])}·x + {_shown(v['c'])} &nbsp;·&nbsp; "
            f"errors r<sub>i</sub> = {errors}<br>"
            f"½Σr² = <b>{_shown(state.cost_squared)}</b> &nbsp;·&nbsp; "
            f"Σ|r| = <b>{_shown(state.cost_absolute)}</b> &nbsp;·&nbsp; "
            f"{v['cost']} cost: ∂C/∂m = {_shown(dm)}, ∂C/∂c = {_shown(dc)}<br>"
            f"after {v['steps']} steps of η = {v['eta']:g} on {trained}: "
            f"m = {_shown(readout['m_end'])}, c = {_shown(readout['c_end'])}, "
            f"C = <b>{_shown(readout['cost_end'])}</b> (from {_shown(readout['cost_start'])})"
        )
        return readout, text

    def summary(self) -> str:
        r = self.readout
        return (
            f"LineWidget: f(x) = {_shown(r['m'])}·x + {_shown(r['c'])}, "
            f"½Σr² = {_shown(r['cost_squared'])}, Σ|r| = {_shown(r['cost_absolute'])}; "
            f"{r['steps']} steps of η = {r['eta']:g} ({r['cost']}, "
            f"{'m and c' if r['train'] == 'both' else 'm only'}): "
            f"m = {_shown(r['m_end'])}, c = {_shown(r['c_end'])}, C = {_shown(r['cost_end'])}"
        )


# --- helpers ------------------------------------------------------------------------------------


def _range(name: str, given: object, default: tuple[float, float]) -> tuple[float, float]:
    if given is None:
        return default
    if not isinstance(given, (tuple, list)) or len(given) != 2:
        raise ValueError(f"{name}: expected a pair (low, high) of whole numbers, got {given!r}")
    low, high = (_checks.finite_number(v, name) for v in given)
    if low != round(low) or high != round(high) or not low < high:
        raise ValueError(f"{name}: expected whole numbers low < high, got {given!r}")
    return float(low), float(high)


@lru_cache(maxsize=8)
def _m_grid(m_range: tuple[float, float]) -> Array:
    return np.linspace(*m_range, CURVE)


@lru_cache(maxsize=16)
def _bowl(
    x: bytes,
    y: bytes,
    kind: str,
    m_range: tuple[float, float],
    c_range: tuple[float, float],
    geometry: tuple[float, float, float, float],
) -> str:
    """The heat map of log C over (m, c) and its contour lines, as SVG: once per cost and data."""
    from contourpy import contour_generator

    xs, ys = np.frombuffer(x), np.frombuffer(y)
    ms, cs = np.linspace(*m_range, GRID), np.linspace(*c_range, GRID)
    grid_m, grid_c = np.meshgrid(ms, cs)
    values = line_model.cost(grid_m, grid_c, xs, ys, kind)
    logs = np.log10(np.maximum(values, 1e-3))
    shade = (logs - logs.min()) / ((logs.max() - logs.min()) or 1.0)
    rgba = (colormaps["viridis"](shade[::-1]) * 255).astype(np.uint8)  # rows from the top
    chart = Chart(Canvas(0, 0), *geometry, m_range, c_range)
    chart.image(png_image(rgba))
    levels = np.geomspace(max(float(values.min()), 1e-3), float(values.max()), 12)[1:-1]
    generator = contour_generator(ms, cs, values)
    for level in levels:
        for path in generator.lines(float(level)):
            points = np.asarray(path)
            chart.line(points[:, 0], points[:, 1], "#ffffff", width=0.7, stroke_opacity=0.8)
    return "".join(chart.canvas.parts)


def _dots(chart: Chart, xs: Array, ys: Array, colour: str, clip: str) -> None:
    """A dot at every point, as one path (round caps on zero-length segments)."""
    inside = np.isfinite(xs) & np.isfinite(ys)
    moves = " ".join(
        f"M{number(chart.x(a))} {number(chart.y(b))}h0" for a, b in zip(xs[inside], ys[inside])
    )
    chart.canvas.add(
        "path",
        d=moves,
        stroke=colour,
        stroke_width=4.6,
        stroke_linecap="round",
        fill="none",
        clip_path=clip,
    )


def _clip(canvas: Canvas, name: str, chart: Chart) -> str:
    """A clip path of the chart's area (a path that leaves the plot is cut at its edge)."""
    rect = element("rect", x=chart.left, y=chart.top, width=chart.width, height=chart.height)
    canvas.raw(f'<clipPath id="{name}">{rect}</clipPath>')
    return f"url(#{name})"


def _star(canvas: Canvas, x: float, y: float, fill: str, r: float = 8.0) -> None:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else 0.45 * r
        angle = math.pi / 2 + i * math.pi / 5
        px, py = x + radius * math.cos(angle), y - radius * math.sin(angle)
        points.append(f"{number(px)},{number(py)}")
    canvas.add("polygon", points=" ".join(points), fill=fill, stroke="#000000", stroke_width=0.8)


def _legend(canvas: Canvas, x: float, y: float, entries: list[tuple[str, str, str]]) -> None:
    """Legend entries (marker, colour, label); markers: line, dash, path, point, square, star."""
    for marker, colour, label in entries:
        if marker in ("line", "dash", "path"):
            dash = ABSOLUTE_DASH if marker == "dash" else None
            canvas.add(
                "line",
                x1=x,
                x2=x + 18,
                y1=y - 4,
                y2=y - 4,
                stroke=colour,
                stroke_width=2,
                stroke_dasharray=dash,
            )
            if marker == "path":
                canvas.add("circle", cx=x + 9, cy=y - 4, r=2.4, fill=colour)
        elif marker == "point":
            canvas.add("circle", cx=x + 9, cy=y - 4, r=4, fill=colour)
        elif marker == "square":
            canvas.add("rect", x=x + 5, y=y - 8, width=8, height=8, fill=colour)
        else:
            _star(canvas, x + 9, y - 4, colour, r=6.5)
        canvas.text(x + 22, y, label, size=10.5, anchor="start")
        x += 30 + 6.0 * len(label)
