"""What the proof explorer writes besides the network: its readout, the ΔC chart and the
sums under the picture (:mod:`bpcore.widgets.proof` computes the state they show)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bpcore.widgets.base import signed
from bpcore.widgets.svg import HIGHLIGHT, Canvas, Chart, legend, shown

if TYPE_CHECKING:
    from bpcore.widgets.proof import ProofState


def readout_html(state: ProofState) -> str:
    v, n = state.values, state.nudge
    layer, j = v["layer"], v["j"]
    d = f"δ<sup>{layer}</sup><sub>{j}</sub>"
    apart = "—" if n.dC == 0 else f"{100 * abs(n.gap) / abs(n.dC):.2g} %"
    first = (
        f"<b>z<sup>{layer}</sup><sub>{j}</sub></b> nudged by Δz = {signed(n.dw, 3)}: "
        f"ΔC exact = <b>{signed(n.dC)}</b> &nbsp;·&nbsp; {d}·Δz = {signed(state.delta)} × "
        f"{signed(n.dw, 3)} = <b>{signed(n.dC_linear)}</b> (eq. 29) &nbsp;·&nbsp; apart by {apart}"
    )
    if state.grad_a is not None:
        second = (
            f"{d} = ∂C/∂a<sup>{layer}</sup><sub>{j}</sub> · σ′(z<sup>{layer}</sup><sub>{j}</sub>)"
            f" = {signed(state.grad_a)} × {state.sigma_prime:.4g} = <b>{signed(state.delta)}</b>"
            " (BP1, eq. 39): the output layer, where the proof of BP2 is not needed"
        )
        return first + "<br>" + second
    nxt = layer + 1
    factors = " + ".join(
        f"({signed(t.w)})({t.sigma_prime:.4g})({signed(t.delta_next)})" for t in state.terms
    )
    values = " ".join(signed(t.value) for t in state.terms)  # one term per neuron k, in order
    total = sum(t.value for t in state.terms)
    second = (
        f"{d} = Σ<sub>k</sub> w<sup>{nxt}</sup><sub>k{j}</sub> σ′(z<sup>{layer}</sup><sub>{j}"
        f"</sub>) δ<sup>{nxt}</sup><sub>k</sub> (eq. 45) = {factors} = {values} = "
        f"<b>{signed(total)}</b>"
    )
    shown = [t for t in state.terms if v["term"] in ("all", t.k)]
    moves = ", ".join(
        f"Δz<sup>{nxt}</sup><sub>{t.k}</sub> = {signed(t.dz_next)} (eq. 44: "
        f"{signed(t.dz_next_linear)})"
        for t in shown
    )
    third = f"the nudge moves the next layer's weighted inputs: {moves}"
    return "<br>".join([first, second, third])


def draw_curve(canvas: Canvas, state: ProofState, name: str) -> None:
    grid, exact = state.curve
    tangent = state.delta * grid
    low = float(min(exact.min(), tangent.min()))
    high = float(max(exact.max(), tangent.max()))
    pad = 0.08 * (high - low or 1.0)
    chart = Chart(
        canvas, 650, 40, 230, 240, (float(grid[0]), float(grid[-1])), (low - pad, high + pad)
    )
    chart.axes(f"Δz of {name}", "ΔC", "ΔC against Δz")
    chart.line(grid.tolist(), tangent.tolist(), "#0072b2", dash="6 4")
    chart.line(grid.tolist(), exact.tolist(), "#1a1a1a", width=2.0)
    chart.point(state.nudge.dw, state.nudge.dC, HIGHLIGHT, r=5, stroke="#000000", stroke_width=1)
    legend(
        canvas,
        610,
        346,
        [
            ("exact ΔC", {"stroke": "#1a1a1a", "stroke_width": 2}),
            (
                "δ·Δz (eq. 29)",
                {"stroke": "#0072b2", "stroke_width": 1.6, "stroke_dasharray": "6 4"},
            ),
        ],
    )


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def script(upper: int | str, lower: int | str) -> str:
    """``3, 0`` → ``³₀``: the book's indices written on the picture."""
    return str(upper).translate(_SUPERSCRIPT) + str(lower).translate(_SUBSCRIPT)


def draw_sums(canvas: Canvas, state: ProofState) -> None:
    """Under the network: ΔC beside δΔz, and δ^l_j as eq. 45's sum (or BP1) with its numbers."""
    v, n = state.values, state.nudge
    layer, j = v["layer"], v["j"]
    d = "δ" + script(layer, j)
    canvas.text(
        20,
        298,
        f"ΔC = {short(n.dC, 4)} exact,   {d}·Δz = {short(state.delta, 4)} × "
        f"{short(n.dw, 3)} = {short(n.dC_linear, 4)}   (eq. 29)",
        size=12,
        anchor="start",
    )
    if state.grad_a is not None:
        line = (
            f"{d} = ∂C/∂a{script(layer, j)} · σ′(z{script(layer, j)}) = "
            f"{short(state.grad_a, 4)} × {state.sigma_prime:.4g} = {short(state.delta, 4)}"
            "   (BP1, eq. 39)"
        )
    else:
        up, sub = str(layer + 1).translate(_SUPERSCRIPT), str(j).translate(_SUBSCRIPT)
        terms = short(state.terms[0].value, 3).lstrip("+")
        for t in state.terms[1:]:
            terms += f" {'+' if t.value >= 0 else '−'} {abs(t.value):.3g}"
        line = (
            f"{d} = Σₖ w{up}ₖ{sub} σ′(z{script(layer, j)}) δ{up}ₖ = {terms} = "
            f"{short(state.delta, 4)}   (eq. 45)"
        )
    canvas.text(20, 322, line, size=12, anchor="start", fill="#0b3d91")


def short(value: float, digits: int = 2) -> str:
    """A value written on the picture: few significant digits, always signed."""
    return shown(value, digits, sign=True)
