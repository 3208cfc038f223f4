"""The explorers not yet moved to the SVG base (being ported one by one; then removed).

Explorers for chapter 2: ipywidgets controls over bpcore's numbers, drawn by bpcore.plotting.

* :class:`NudgeWidget` — nudge one weight (or bias) by Δw and watch Δa travel to ΔC
  (eq. 47–50): the network recoloured by Δa (or δ, or a), ΔC exact beside (∂C/∂w)Δw.
* :class:`ChainWidget` — a chain of single neurons: each factor of ∂C/∂w_1 (eq. 75–87).

How they work. The state lives in Python: every control is an attribute (``.layer``,
``.j``, ``.dw``, ...) and setting its ``.value`` — by a slider in the browser or by code —
computes and redraws at once, before the assignment returns. ``.set(name=value, ...)``
changes several controls and redraws once. What a widget shows can be read back:
``.readout`` (a dict of the numbers), ``.text`` (the HTML readout), ``.png`` (the picture)
and ``.error`` (the message of the last failed change, or None).

The picture is a matplotlib figure that is drawn once; each change updates its artists
and renders it to PNG into an ``ipywidgets.Image``. No frontend extension beyond
ipywidgets is needed (JupyterLab 4, Notebook 7, Voila). A callback never raises into the
notebook: a bad value shows its message in the widget and the widget keeps its last good
state. Displayed where no kernel runs (GitHub, nbviewer) a widget falls back to the PNG of
its picture: ``_repr_mimebundle_`` offers ``image/png`` beside the widget view, and
viewers without the widget's state skip the view (nbconvert's WidgetsDataTypeFilter),
while JupyterLab ranks the widget renderer first.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import numbers

import ipywidgets as widgets
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bpcore import plotting
from bpcore.activations import SATURATION, get_activation
from bpcore.chain import chain, chain_gradient
from bpcore.costs import get_cost
from bpcore.examples import book_network
from bpcore.nudge import Nudger

_ERROR_STYLE = (
    "color:#8a1f11;background:#fdecea;border:1px solid #f5c2c0;border-radius:4px;"
    "padding:4px 8px;font-family:monospace"
)


def _same_option(value, option) -> bool:
    """``value`` selects ``option``: equal, and both strings or both integers."""
    if isinstance(option, str) or isinstance(value, str):
        return value == option
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        return False
    return value == option


def _check_number(name: str, value, low: float, high: float) -> None:
    """A real number in [low, high], or an error naming the control."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a number, got {type(value).__name__} {value!r}")
    if not (np.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name}: expected a number in [{low:g}, {high:g}], got {value!r}")


def _describe_options(values: list) -> str:
    shown = [repr(v) for v in values]
    if len(shown) > 8:
        shown = [*shown[:3], "...", *shown[-3:]]
    return ", ".join(shown)


class ExplorerWidget(widgets.VBox):
    """The machinery the explorers share: a figure rendered to PNG, controls, errors.

    Subclasses register their controls in ``self.controls`` (name → ipywidget, in the
    order they must be applied), draw into ``self.figure`` and implement ``_update``
    (recompute everything) and optionally ``_changed(control)`` (a cheaper update).
    """

    def __init__(self, figsize: tuple[float, float], dpi: float) -> None:
        super().__init__()
        self.dpi = float(dpi)
        self.figure = Figure(figsize=figsize, dpi=self.dpi, layout="constrained")
        FigureCanvasAgg(self.figure)
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.text = widgets.HTML()
        self.message = widgets.HTML()
        self.controls: dict[str, widgets.Widget] = {}
        self.readout: dict = {}
        self.error: str | None = None
        self.png = b""
        self._background = None
        self._holding = 0

    # --- building -------------------------------------------------------------------------
    def _add_controls(self, **controls: widgets.Widget) -> None:
        for name, control in controls.items():
            self.controls[name] = control
            control.observe(self._on_value, names="value")

    def _finish(self, rows: list[widgets.Widget]) -> None:
        """Lay the widget out, draw the first picture and fix the layout for fast redraws."""
        self.children = [*rows, self.text, self.message, self.image]
        self._update()
        self._render()
        # The constrained layout placed everything on that first draw; keep those
        # positions, so later redraws skip the layout pass.
        self.figure.set_layout_engine("none")

    # --- changing -------------------------------------------------------------------------
    @contextlib.contextmanager
    def _hold(self):
        """Inside: control changes are recorded but not computed or drawn."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1

    def _on_value(self, change) -> None:
        if self._holding:
            return
        self._guarded(self._changed, change["owner"])

    def _guarded(self, action, *args) -> bool:
        """Run ``action``; on any exception show its message instead of raising."""
        try:
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                action(*args)
        except Exception as error:  # noqa: BLE001 - a callback must never raise
            self._show_error(error)
            return False
        self._show_error(None)
        return True

    def _show_error(self, error: Exception | None) -> None:
        if error is None:
            self.error = None
            self.message.value = ""
            return
        self.error = f"{type(error).__name__}: {error}"
        self.message.value = f'<div style="{_ERROR_STYLE}">⚠ {html.escape(self.error)}</div>'

    def _changed(self, control) -> None:
        """One control changed: by default, recompute and redraw everything."""
        self._update()
        self._render()

    def _check_value(self, name: str, value):
        """The value as the control holds it; refuses what the control cannot take.

        A dropdown takes only its options, a slider only numbers within its range
        (ipywidgets itself would clamp them silently).
        """
        control = self.controls[name]
        if isinstance(control, (widgets.Dropdown, widgets.ToggleButtons)):
            allowed = [
                option[1] if isinstance(option, tuple) else option for option in control.options
            ]
            for option in allowed:
                if _same_option(value, option):
                    return option
            raise ValueError(f"{name}: expected one of {_describe_options(allowed)}, got {value!r}")
        if isinstance(control, widgets.FloatLogSlider):
            low, high = control.base**control.min, control.base**control.max
        else:
            low, high = control.min, control.max
        _check_number(name, value, low, high)
        if isinstance(control, widgets.IntSlider):
            if not isinstance(value, numbers.Integral):
                raise TypeError(f"{name}: expected an integer, got {value!r}")
            return int(value)
        return float(value)

    def set(self, **values) -> ExplorerWidget:
        """Set several controls (by name) and compute and redraw once, synchronously.

        Never raises: an unknown name or a value out of range shows a message in the
        widget (and in ``.error``), and every control keeps the value it had.
        """
        before = {name: control.value for name, control in self.controls.items()}
        try:
            with self._hold():
                for name, value in values.items():
                    if name not in self.controls:
                        raise ValueError(
                            f"{name}: not a control of {type(self).__name__}; the controls are "
                            f"{', '.join(self.controls)}"
                        )
                    self.controls[name].value = self._check_value(name, value)
        except Exception as error:  # noqa: BLE001 - restore, redraw, show the message
            with self._hold():
                for name, value in before.items():
                    self.controls[name].value = value
            self._guarded(self._changed, None)
            self._show_error(error)
            return self
        self._guarded(self._changed, None)
        return self

    # --- showing --------------------------------------------------------------------------
    def _dynamic_artists(self) -> list:
        """Artists that a cheap change redraws over the cached background (none by default)."""
        return []

    def _render(self, full: bool = True) -> None:
        """Render the figure to PNG and show it (the only place that rasterises).

        ``full``: draw everything and cache the picture without the dynamic artists as the
        background. Otherwise restore that background and draw only the dynamic artists
        (the matplotlib "blitting" technique) — what a slider move needs.
        """
        canvas = self.figure.canvas
        dynamic = sorted(self._dynamic_artists(), key=lambda artist: artist.get_zorder())
        if full or self._background is None:
            shown = [artist.get_visible() for artist in dynamic]
            for artist in dynamic:
                artist.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            for artist, visible in zip(dynamic, shown):
                artist.set_visible(visible)
        else:
            canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for artist in dynamic:
            artist.draw(renderer)
        pixels = np.asarray(canvas.buffer_rgba())[..., :3]
        buffer = io.BytesIO()
        PIL.Image.fromarray(pixels).save(buffer, format="png", compress_level=1)
        self.png = buffer.getvalue()
        self.image.value = self.png

    def _summary(self) -> str:
        return type(self).__name__

    def _repr_mimebundle_(self, **kwargs):
        """The widget view for a live kernel, plus a PNG of the picture and a text summary.

        JupyterLab, Notebook 7 and Voila render the widget view (its renderer has the
        highest rank); static viewers without the widget state fall back to image/png.
        """
        bundle = dict(super()._repr_mimebundle_(**kwargs) or {})
        bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        bundle["text/plain"] = self._summary()
        return bundle


def _row(*children) -> widgets.HBox:
    return widgets.HBox(list(children), layout=widgets.Layout(flex_flow="row wrap"))


def _fmt(value: float | None, spec: str = ".6g") -> str:
    return "—" if value is None else format(value, spec)


# --- the nudge explorer (eq. 47–50) -----------------------------------------------------------


class NudgeWidget(ExplorerWidget):
    """Nudge w^l_jk (or b^l_j) by Δw and see the change travel to the cost.

    Controls: ``layer`` (l = 2..L), ``j``, ``k`` (a neuron of layer l-1, or ``"bias"``
    for b^l_j), ``dw`` (Δw slider), ``cost`` (``"quadratic"``/``"cross_entropy"``),
    ``view`` (``"da"``: Δa, ``"delta"``: δ, ``"a"``: a + Δa). The j and k options follow
    the chosen layer. ``readout`` holds ``dC``, ``dC_linear``, ``gradient``, ``gap``,
    ``relative_difference`` (|gap|/|ΔC|, None when ΔC = 0), ``cost``, ``saturated``
    (neurons with σ'(z) < ``saturation``) and the parameter. Every number is
    :meth:`bpcore.Nudger.nudge`'s; the network passed in is copied, never changed.

    ``net``, ``x``, ``y``: default the 2-3-2 :func:`bpcore.examples.book_network`.
    ``x`` must be one example (n_1, 1). ``continuous_update``: recompute while the slider
    is dragged (ipywidgets sends only the latest value once the kernel is idle, so a slow
    redraw never queues up); False recomputes when it is released.
    """

    def __init__(
        self,
        net=None,
        x=None,
        y=None,
        *,
        layer: int | None = None,
        j: int = 0,
        k: int | str | None = 0,
        dw: float = 0.5,
        dw_max: float = 1.0,
        cost=None,
        view: str = "da",
        saturation: float = SATURATION,
        dpi: float = 80,
        continuous_update: bool = True,
        figsize: tuple[float, float] = (11.0, 4.6),
    ) -> None:
        if net is None:
            if x is not None or y is not None:
                raise ValueError("net: x and y were given without a network; pass all three")
            net, x, y = book_network()
        super().__init__(figsize, dpi)
        self.net = net.copy()
        if cost is not None:
            self.net.cost_function = get_cost(cost)
        self.explorer = Nudger(self.net, x, y)
        if self.explorer.x.shape[1] != 1:
            raise ValueError(
                f"x: the explorer shows one example, shape ({net.sizes[0]}, 1); "
                f"got {self.explorer.x.shape[1]} columns"
            )
        L = self.net.num_layers
        layer = L if layer is None else layer
        k = None if k == "bias" else k
        layer, j, k, dw = self.explorer.check(layer, j, k, dw)
        dw_max = float(dw_max)
        if not (np.isfinite(dw_max) and dw_max > 0 and abs(dw) <= dw_max):
            raise ValueError(f"dw_max: expected a number > 0 and >= |dw| = {abs(dw)}, got {dw_max}")
        if view not in ("da", "delta", "a"):
            raise ValueError(f"view: expected 'da', 'delta' or 'a', got {view!r}")
        costs = [("quadratic", "quadratic"), ("cross-entropy", "cross_entropy")]
        if self.net.cost_function.name not in dict(costs).values():
            costs.append((self.net.cost_function.name, self.net.cost_function.name))
        self.layer = widgets.Dropdown(
            options=[(f"l = {q}", q) for q in range(2, L + 1)], value=layer, description="layer"
        )
        self.j = widgets.Dropdown(description="j")
        self.k = widgets.Dropdown(description="k")
        self._index_options(layer)
        self.j.value = j
        self.k.value = "bias" if k is None else k
        self.dw = widgets.FloatSlider(
            value=dw,
            min=-dw_max,
            max=dw_max,
            step=dw_max / 200,
            description="Δw",
            readout_format=".3f",
            continuous_update=continuous_update,
            layout=widgets.Layout(width="420px"),
        )
        self.cost = widgets.Dropdown(
            options=costs, value=self.net.cost_function.name, description="cost"
        )
        self.view = widgets.ToggleButtons(
            options=[("Δa", "da"), ("δ", "delta"), ("a", "a")], value=view, description="colour by"
        )
        self.view.style.button_width = "60px"
        self.layer.observe(self._on_layer, names="value")
        self._add_controls(
            layer=self.layer, j=self.j, k=self.k, dw=self.dw, cost=self.cost, view=self.view
        )
        grid = self.figure.add_gridspec(1, 2, width_ratios=[1.55, 1])
        network_ax = self.figure.add_subplot(grid[0])
        curve_ax = self.figure.add_subplot(grid[1])
        self.drawing = plotting.draw_network(
            self.net,
            None,
            ax=network_ax,
            inputs=self.explorer.x,
            sigma_primes=self.explorer.sigma_primes,
            saturation=saturation,
        )
        self.curve = plotting.NudgeCurve(curve_ax, self.explorer, num=101)
        self.saturation = float(saturation)
        self._finish([_row(self.layer, self.j, self.k, self.cost), _row(self.dw, self.view)])

    def _index_options(self, layer: int) -> None:
        """j runs over layer l, k over layer l-1 (plus the bias); keep them when still valid."""
        sizes = self.net.sizes
        j, k = self.j.value, self.k.value
        with self._hold():
            self.j.options = [(f"j = {q}", q) for q in range(sizes[layer - 1])]
            self.k.options = [("bias b", "bias")] + [
                (f"k = {q}", q) for q in range(sizes[layer - 2])
            ]
            self.j.value = j if isinstance(j, int) and j < sizes[layer - 1] else 0
            self.k.value = k if k == "bias" or (isinstance(k, int) and k < sizes[layer - 2]) else 0

    def _on_layer(self, change) -> None:
        self._index_options(change["new"])

    def parameter(self) -> tuple[int, int, int | None]:
        """The chosen (l, j, k); k is None for the bias b^l_j."""
        k = self.k.value
        return self.layer.value, self.j.value, None if k == "bias" else k

    def _update(self) -> None:
        """The choice of parameter or cost changed: new curve and colour scale, then the nudge."""
        if self.cost.value != self.net.cost_function.name:
            self.net.cost_function = get_cost(self.cost.value)
            self.explorer.refresh()
            self.drawing.update(sigma_primes=self.explorer.sigma_primes)
        layer, j, k = self.parameter()
        self.curve.set_parameter(layer, j, k, self.dw.max)
        # Fix the Δa colour scale to the largest |Δa| over the slider's range, so that the
        # colours grow with |Δw| instead of being rescaled on every move.
        extremes = [self.explorer.nudge(layer, j, k, d) for d in (-self.dw.max, self.dw.max)]
        self._da_scale = max(float(np.abs(d).max()) for n in extremes for d in n.da)
        self._update_nudge()

    def _changed(self, control) -> None:
        if control is self.dw:
            scale = self.drawing.norm.halfrange
            self._update_nudge()
            # Only the dynamic artists changed, unless the colour bar had to rescale.
            self._render(full=self.drawing.norm.halfrange != scale)
            return
        if control is self.view:
            self._update_nudge()
        else:
            self._update()
        self._render()

    def _dynamic_artists(self) -> list:
        return [*self.drawing.dynamic_artists(), *self.curve.dynamic_artists()]

    def _update_nudge(self) -> None:
        layer, j, k = self.parameter()
        n = self.explorer.nudge(layer, j, k, self.dw.value)
        view = self.view.value
        values, symbol = plotting.nudge_values(self.net, n, view, self.explorer.gradients)
        self.drawing.update(
            values,
            (layer, j, k),
            symbol=symbol,
            vmax=self._da_scale if view == "da" and self._da_scale > 0 else None,
        )
        self.curve.mark(n.dw, n.dC, n.dC_linear)
        saturated = int(sum((s < self.saturation).sum() for s in self.explorer.sigma_primes))
        relative = abs(n.gap) / abs(n.dC) if n.dC != 0 else None
        self.nudge = n
        self.readout = {
            "parameter": n.parameter,
            "layer": layer,
            "j": j,
            "k": k,
            "dw": n.dw,
            "cost": n.cost,
            "gradient": n.gradient,
            "dC": n.dC,
            "dC_linear": n.dC_linear,
            "gap": n.gap,
            "relative_difference": relative,
            "saturated": saturated,
        }
        self.text.value = (
            f"<b>{html.escape(n.parameter)}</b> nudged by Δw = {n.dw:.4g} &nbsp;·&nbsp; "
            f"ΔC exact = <b>{n.dC:.6g}</b> &nbsp;·&nbsp; "
            f"ΔC linear = ∂C/∂w·Δw = {n.gradient:.6g} × {n.dw:.4g} = <b>{n.dC_linear:.6g}</b>"
            f" &nbsp;·&nbsp; relative difference = {_fmt(relative, '.3%')}"
            f"<br>C = {n.cost:.6g} &nbsp;·&nbsp; saturated neurons (σ'(z) &lt; "
            f"{self.saturation:g}): {saturated}"
        )

    def _summary(self) -> str:
        r = self.readout
        return (
            f"NudgeWidget({self.net!r}): {r.get('parameter')} nudged by "
            f"Δw = {_fmt(r.get('dw'), '.4g')}:"
            f" ΔC = {_fmt(r.get('dC'))}, linear {_fmt(r.get('dC_linear'))}"
        )


# --- the single-neuron chain (eq. 75–87) -------------------------------------------------------


class ChainWidget(ExplorerWidget):
    """A chain x → σ → σ → … → ŷ with one neuron per layer and no biases.

    Controls: ``x``, ``w_1`` … ``w_n`` (one slider per weight), ``y`` (the target) and
    ``dw`` (the nudge of w_1). ``readout``: ``factors`` [(name, value)] of
    ∂C/∂w_1 = x·σ'(h_1)·w_2·σ'(h_2)···∂C/∂ŷ, their ``product``, ``backprop`` (∂C/∂w_1 by
    backpropagation on the same chain), and the exact ``dC`` when w_1 changes by ``dw``
    beside ``dC_linear`` = product·Δw (from :func:`bpcore.nudge` on the chain's network).
    """

    def __init__(
        self,
        x: float = 1.0,
        weights=(0.8, -1.2, 1.5, 0.9),
        y: float = 0.0,
        *,
        activation="sigmoid",
        cost="quadratic",
        dw: float = 0.01,
        weight_range: float = 4.0,
        dpi: float = 80,
        figsize: tuple[float, float] = (11.0, 3.8),
    ) -> None:
        first = chain(x, weights, y, activation, cost)  # validates the numbers
        _check_number("x", x, -3.0, 3.0)
        _check_number("y", y, 0.0, 1.0)
        _check_number("dw", dw, 1e-6, 1.0)
        for i, w in enumerate(first.weights, start=1):
            _check_number(f"weights[{i - 1}] (w_{i})", w, -weight_range, weight_range)
        super().__init__(figsize, dpi)
        self.activation, self.cost_name = get_activation(activation), get_cost(cost)
        self.x = widgets.FloatSlider(value=x, min=-3.0, max=3.0, step=0.01, description="x")
        self.weights = [
            widgets.FloatSlider(
                value=w, min=-weight_range, max=weight_range, step=0.01, description=f"w_{i}"
            )
            for i, w in enumerate(first.weights, start=1)
        ]
        self.y = widgets.FloatSlider(value=y, min=0.0, max=1.0, step=0.01, description="y")
        self.dw = widgets.FloatLogSlider(
            value=dw, base=10, min=-6, max=0, step=0.1, description="Δw_1", readout_format=".1e"
        )
        self._add_controls(
            x=self.x, **{f"w_{i}": s for i, s in enumerate(self.weights, 1)}, y=self.y, dw=self.dw
        )
        axes = self.figure.subplots(1, 2, width_ratios=[1.4, 1])
        self.drawing = plotting.plot_chain(first, axes=axes)
        self._finish([_row(self.x, self.y, self.dw), _row(*self.weights)])

    def _update(self) -> None:
        c = chain(
            self.x.value,
            [s.value for s in self.weights],
            self.y.value,
            self.activation,
            self.cost_name,
        )
        backprop_value = chain_gradient(c, self.activation, self.cost_name)
        net = c.network(self.activation, self.cost_name)
        n = Nudger(net, np.array([[c.x]]), np.array([[c.y]])).nudge(2, 0, 0, self.dw.value)
        self.chain = c
        self.drawing.update(c, backprop_value)
        self.readout = {
            "factors": list(c.factors),
            "product": c.product,
            "backprop": backprop_value,
            "cost": c.cost,
            "dw": n.dw,
            "dC": n.dC,
            "dC_linear": c.product * n.dw,
            "dC_over_dw": n.dC / n.dw,
        }
        rows = "".join(
            f"<td style='padding:0 6px'>{html.escape(name)}<br><b>{value:.4g}</b></td>"
            for name, value in c.factors
        )
        self.text.value = (
            f"<table><tr>{rows}</tr></table>"
            f"product = ∂C/∂w_1 = <b>{c.product:.6g}</b> (backprop: {backprop_value:.6g})"
            f" &nbsp;·&nbsp; w_1 changed by Δw_1 = {n.dw:.3g}: ΔC exact = <b>{n.dC:.6g}</b>,"
            f" product × Δw_1 = {c.product * n.dw:.6g}"
        )

    def _summary(self) -> str:
        r = self.readout
        return (
            f"ChainWidget({len(self.weights)} neurons): ∂C/∂w_1 = {_fmt(r.get('product'))},"
            f" backprop {_fmt(r.get('backprop'))}"
        )


# --- the line f(x) = m·x + c ------------------------------------------------------------------
