"""The explorers not yet moved to the SVG base (being ported one by one; then removed).

Explorers for chapter 2: ipywidgets controls over bpcore's numbers, drawn by bpcore.plotting.

* :class:`NudgeWidget` — nudge one weight (or bias) by Δw and watch Δa travel to ΔC
  (eq. 47–50): the network recoloured by Δa (or δ, or a), ΔC exact beside (∂C/∂w)Δw.
* :class:`SaturationWidget` — ∂C/∂w = a_in·δ_out (BP4) shrinks when a_in is small or the
  output neuron saturates (σ'(z) ≈ 0, BP1).
* :class:`LineWidget` — f(x) = m·x + c: errors, absolute and squared cost, gradient descent.

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

from bpcore import line as line_model
from bpcore import plotting
from bpcore.activations import SATURATION, get_activation
from bpcore.backprop import backprop
from bpcore.costs import get_cost
from bpcore.examples import book_network
from bpcore.network import Network
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


# --- saturation: ∂C/∂w = a_in · δ_out (BP4) ---------------------------------------------------


class SaturationWidget(ExplorerWidget):
    """One connection a_in → w → output neuron: why ∂C/∂w = a_in·δ_out can be tiny.

    The output neuron has weighted input z = w·a_in + b and activation σ(z); its error is
    δ_out = ∂C/∂a·σ'(z) (BP1) and the weight's gradient ∂C/∂w = a_in·δ_out (BP4). Both a
    low-activation input (a_in ≈ 0) and a saturated output (σ'(z) ≈ 0, |z| large) make it
    small: that weight learns slowly. With the cross-entropy cost the σ'(z) factor cancels.

    Controls: ``a_in`` (0..1), ``z`` (−10..10), ``y`` (the target, 0..1), ``cost``.
    ``readout``: ``a_in``, ``z``, ``sigma_prime``, ``delta``, ``dC_dw`` — computed by
    :func:`bpcore.backprop` on a 1-1 network with w = 1 and b = z − a_in.
    """

    def __init__(
        self,
        a_in: float = 0.8,
        z: float = 0.0,
        y: float = 0.0,
        *,
        cost="quadratic",
        saturation: float = SATURATION,
        dpi: float = 80,
        figsize: tuple[float, float] = (11.0, 3.8),
    ) -> None:
        for name, value, low in (("a_in", a_in, 0.0), ("z", z, -10.0), ("y", y, 0.0)):
            _check_number(name, value, low, 1.0 if low == 0.0 else 10.0)
        super().__init__(figsize, dpi)
        self.saturation = float(saturation)
        self.a_in = widgets.FloatSlider(value=a_in, min=0.0, max=1.0, step=0.01, description="a_in")
        self.z = widgets.FloatSlider(value=z, min=-10.0, max=10.0, step=0.05, description="z_out")
        self.y = widgets.FloatSlider(value=y, min=0.0, max=1.0, step=0.01, description="y")
        self.cost = widgets.Dropdown(
            options=[("quadratic", "quadratic"), ("cross-entropy", "cross_entropy")],
            value=get_cost(cost).name,
            description="cost",
        )
        self._add_controls(a_in=self.a_in, z=self.z, y=self.y, cost=self.cost)
        self.sigmoid = get_activation("sigmoid")
        curve_ax, map_ax = self.figure.subplots(1, 2, width_ratios=[1, 1.2])
        zs = np.linspace(-10, 10, 401)
        curve_ax.plot(zs, self.sigmoid.function(zs), color="#1f77b4", label=r"$\sigma(z)$")
        curve_ax.plot(zs, self.sigmoid.derivative(zs), color="#d62728", label=r"$\sigma'(z)$")
        flat = self.sigmoid.derivative(zs) < self.saturation
        curve_ax.fill_between(
            zs,
            0,
            1,
            where=flat,
            color="#bbbbbb",
            alpha=0.35,
            lw=0,
            label=f"saturated: $\\sigma' < {self.saturation:g}$",
        )
        (self.z_marker,) = curve_ax.plot([], [], "o", color="#d62728", ms=7)
        (self.a_marker,) = curve_ax.plot([], [], "o", color="#1f77b4", ms=7)
        curve_ax.set_xlabel("$z$ of the output neuron")
        curve_ax.set_xlim(-10, 10)
        curve_ax.set_ylim(-0.02, 1.02)
        curve_ax.legend(loc="center left", fontsize=8)
        curve_ax.grid(alpha=0.25)
        self.a_grid = np.linspace(0, 1, 101)
        self.z_grid = np.linspace(-10, 10, 201)
        self.norm = plotting.CenteredNorm(vcenter=0.0, halfrange=1.0)
        self.map = map_ax.imshow(
            np.zeros((self.a_grid.size, self.z_grid.size)),
            origin="lower",
            aspect="auto",
            extent=(-10, 10, 0, 1),
            cmap=plotting.DIVERGING,
            norm=self.norm,
        )
        (self.point,) = map_ax.plot(
            [], [], "o", markerfacecolor="none", markeredgecolor="black", ms=10, mew=2
        )
        map_ax.set_xlabel("$z$ of the output neuron")
        map_ax.set_ylabel("$a_{in}$")
        self.figure.colorbar(self.map, ax=map_ax, label=r"$\partial C/\partial w$")
        self.axes = (curve_ax, map_ax)
        self._map_key = None
        self._finish([_row(self.a_in, self.z), _row(self.y, self.cost)])

    def _network(self) -> Network:
        return Network.from_parameters(
            [[[1.0]]], [[[self.z.value - self.a_in.value]]], cost=self.cost.value
        )

    def _update(self) -> None:
        cost = get_cost(self.cost.value)
        if self._map_key != (self.y.value, cost.name):
            # ∂C/∂w over the grid: BP1 for every z at once, then BP4 per example (a_in·δ).
            z_row = self.z_grid[None, :]
            delta = cost.output_error(
                z_row, self.sigmoid.function(z_row), np.full_like(z_row, self.y.value), self.sigmoid
            )
            gradients = self.a_grid[:, None] * delta
            self.map.set_data(gradients)
            self.norm.halfrange = float(np.abs(gradients).max()) or 1.0
            self.axes[1].set_title(
                f"$\\partial C/\\partial w = a_{{in}}\\,\\delta_{{out}}$"
                f"  ({cost.name}, $y = {self.y.value:g}$)",
                fontsize=10,
            )
            self._map_key = (self.y.value, cost.name)
        g = backprop(self._network(), np.array([[self.a_in.value]]), np.array([[self.y.value]]))
        z, a_in = self.z.value, self.a_in.value
        sigma_prime = float(self.sigmoid.derivative(np.array(z)))
        delta, dC_dw = float(g.deltas[0][0, 0]), float(g.nabla_w[0][0, 0])
        self.z_marker.set_data([z], [sigma_prime])
        self.a_marker.set_data([z], [float(self.sigmoid.function(np.array(z)))])
        self.point.set_data([z], [a_in])
        saturated = sigma_prime < self.saturation
        self.axes[0].set_title(
            f"$\\sigma'(z) = {sigma_prime:.3g}$" + ("  (saturated)" if saturated else ""),
            fontsize=10,
        )
        self.readout = {
            "a_in": a_in,
            "z": z,
            "y": self.y.value,
            "cost": cost.name,
            "sigma_prime": sigma_prime,
            "delta": delta,
            "dC_dw": dC_dw,
            "saturated": bool(saturated),
        }
        self.text.value = (
            f"σ'(z) = {sigma_prime:.4g}{' (saturated)' if saturated else ''} &nbsp;·&nbsp; "
            f"δ_out = {delta:.6g} &nbsp;·&nbsp; ∂C/∂w = a_in·δ_out = {a_in:.3g} × {delta:.6g}"
            f" = <b>{dC_dw:.6g}</b>"
        )

    def _summary(self) -> str:
        return f"SaturationWidget: ∂C/∂w = {_fmt(self.readout.get('dC_dw'))}"


# --- the line f(x) = m·x + c ------------------------------------------------------------------


class LineWidget(ExplorerWidget):
    """Fit f(x) = m·x + c by hand and by gradient descent (the "simple backprop explanation").

    Controls: ``m``, ``c``, ``eta`` (learning rate η), ``steps`` and ``kind`` (the cost
    descended: ``"squared"`` or ``"absolute"``). ``readout``: ``cost_squared``,
    ``cost_absolute``, ``gradient`` (∂C/∂m, ∂C/∂c of ``kind``), and the ``descent`` from
    (m, c) (a :class:`bpcore.line.Descent`; its last point as ``m_end``, ``c_end``,
    ``cost_end``). Numbers from :mod:`bpcore.line`; ``x``, ``y`` default to its data.
    """

    def __init__(
        self,
        x=None,
        y=None,
        *,
        m: float = 0.0,
        c: float = 0.0,
        eta: float = 0.02,
        steps: int = 20,
        kind: str = "squared",
        dpi: float = 80,
        figsize: tuple[float, float] = (12.0, 3.8),
    ) -> None:
        super().__init__(figsize, dpi)
        self.x_data, self.y_data = line_model.data_points(x, y)
        m_best, c_best = line_model.least_squares(self.x_data, self.y_data)
        m_range, c_range = (m_best - 2.0, m_best + 2.0), (c_best - 3.0, c_best + 3.0)
        self.m = widgets.FloatSlider(
            value=0.0, min=m_range[0], max=m_range[1], step=0.01, description="m"
        )
        self.c = widgets.FloatSlider(
            value=0.0, min=c_range[0], max=c_range[1], step=0.01, description="c"
        )
        self.eta = widgets.FloatLogSlider(
            value=0.02, base=10, min=-3, max=0, step=0.05, description="η", readout_format=".3f"
        )
        self.steps = widgets.IntSlider(value=20, min=0, max=100, description="steps")
        self.kind = widgets.ToggleButtons(
            options=list(line_model.COSTS), value="squared", description="descend"
        )
        self._add_controls(m=self.m, c=self.c, eta=self.eta, steps=self.steps, kind=self.kind)
        with self._hold():
            for name, value in (("m", m), ("c", c), ("eta", eta), ("steps", steps), ("kind", kind)):
                self.controls[name].value = self._check_value(name, value)
        axes = self.figure.subplots(1, 3)
        self.drawing = plotting.LineDrawing(axes, self.x_data, self.y_data, m_range, c_range, kind)
        self._finish([_row(self.m, self.c), _row(self.eta, self.steps, self.kind)])

    def _update(self) -> None:
        m, c, kind = self.m.value, self.c.value, self.kind.value
        x, y = self.x_data, self.y_data
        descent = line_model.descend(m, c, self.eta.value, self.steps.value, x, y, kind)
        self.drawing.set_kind(kind)
        self.drawing.update(m, c, descent)
        dm, dc = line_model.gradient(m, c, x, y, kind)
        self.descent = descent
        self.readout = {
            "m": m,
            "c": c,
            "cost_squared": line_model.cost_squared(m, c, x, y),
            "cost_absolute": line_model.cost_absolute(m, c, x, y),
            "kind": kind,
            "gradient": (dm, dc),
            "eta": self.eta.value,
            "steps": self.steps.value,
            "m_end": float(descent.m[-1]),
            "c_end": float(descent.c[-1]),
            "cost_end": float(descent.cost[-1]),
        }
        r = self.readout
        self.text.value = (
            f"½Σr² = {r['cost_squared']:.5g} &nbsp;·&nbsp; Σ|r| = {r['cost_absolute']:.5g}"
            f" &nbsp;·&nbsp; ∂C/∂m = {dm:.5g}, ∂C/∂c = {dc:.5g} ({kind})"
            f"<br>after {r['steps']} steps of η = {r['eta']:.3g}: m = {r['m_end']:.5g},"
            f" c = {r['c_end']:.5g}, C = <b>{r['cost_end']:.5g}</b>"
        )

    def _summary(self) -> str:
        r = self.readout
        return f"LineWidget: m = {_fmt(r.get('m'), '.4g')}, c = {_fmt(r.get('c'), '.4g')}"
