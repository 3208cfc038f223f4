"""What every explorer shares: state in Python, a picture drawn in the browser, errors shown.

An explorer is an ``anywidget`` whose browser side (``explorer.js``) only draws: controls
from the specs Python sends, the SVG picture and the readout Python computed. Everything
else happens here, in Python, synchronously:

* the state is ``values`` (one entry per control); :meth:`Explorer.set` changes several
  controls as ONE consistent state, whatever the order of its keyword arguments;
* each change is validated as a whole, computed by bpcore, drawn and described; a bad value
  changes nothing — the controls, picture and readout keep the last good state — and its
  message is shown in the widget (``error``); a callback never raises into the notebook;
* what is shown can be read back: ``readout`` (the numbers), ``readout_html``, ``svg``;
* where no kernel runs (GitHub, nbviewer) the output falls back to the SVG picture, and its
  text is a summary of the numbers (nbval compares both).

A subclass lists its controls and implements :meth:`Explorer.compute` (bpcore's numbers),
:meth:`Explorer.draw` (the SVG) and :meth:`Explorer.describe` (the readout), and may
override :meth:`Explorer.choices` (options that depend on the state, such as the neurons
of the chosen layer) and :meth:`Explorer.adjust` (how a control follows another).
"""

from __future__ import annotations

import builtins
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import anywidget
import numpy as np
import traitlets

from bpcore import _checks
from bpcore.widgets.svg import shown


def _asset(name: str) -> str:
    # Read now (not a file path): a watched file would need a thread, which Pyodide lacks.
    return resources.files("bpcore.widgets").joinpath(name).read_text(encoding="utf-8")


# --- controls ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slider:
    """A number from ``low`` to ``high`` in steps of ``step`` (``integer``: whole steps).

    ``digits`` is how many decimals the page shows; ``stepper`` adds ◀ ▶ buttons; the
    ``primary`` slider also moves with ← → when the explorer itself has the focus. A range
    that depends on the state (how many paths the chosen weight has) comes from
    :meth:`Explorer.choices` as ``[("low", a), ("high", b)]`` under the slider's name.
    """

    name: str
    label: str
    low: float
    high: float
    step: float
    digits: int = 2
    integer: bool = False
    stepper: bool = False
    primary: bool = False
    new_row: bool = False

    def spec(self) -> dict[str, Any]:
        return {
            "kind": "slider",
            "name": self.name,
            "label": self.label,
            "min": self.low,
            "max": self.high,
            "step": self.step,
            "digits": 0 if self.integer else self.digits,
            "stepper": self.stepper,
            "primary": self.primary,
            "new_row": self.new_row,
        }

    def check(self, value: object, options: object = None) -> float | int:
        bounds = dict(options) if isinstance(options, (list, tuple)) else {}
        low, high = bounds.get("low", self.low), bounds.get("high", self.high)
        if self.integer:
            return _checks.integer_in_range(value, self.name, int(low), int(high))
        return _checks.number_in_range(value, self.name, low, high)


@dataclass(frozen=True)
class Choice:
    """One of a list of ``options``, pairs (label, value); shown as a menu or as buttons.

    The options may change with the state (:meth:`Explorer.choices`).
    """

    name: str
    label: str
    options: Sequence[tuple[str, Any]] = ()
    buttons: bool = False
    new_row: bool = False

    def spec(self) -> dict[str, Any]:
        return {
            "kind": "toggles" if self.buttons else "choice",
            "name": self.name,
            "label": self.label,
            "options": [list(o) for o in self.options],
            "new_row": self.new_row,
        }

    def check(self, value: object, options: Sequence[tuple[str, Any]] | None = None) -> Any:
        allowed = [v for _, v in (self.options if options is None else options)]
        for option in allowed:
            if _same(value, option):
                return option
        shown = [repr(v) for v in allowed]
        if len(shown) > 8:
            shown = [*shown[:3], "...", *shown[-3:]]
        raise ValueError(f"{self.name}: expected one of {', '.join(shown)}, got {value!r}")


@dataclass(frozen=True)
class Action:
    """A button that does something rather than choose a value (a step, a reset).

    ``play``: the button toggles playing, and the page asks for the action again each time
    the last one is done (no faster than ``Explorer.interval`` milliseconds).
    """

    name: str
    label: str
    description: str = ""
    play: bool = False
    new_row: bool = False

    def spec(self) -> dict[str, Any]:
        return {
            "kind": "action",
            "name": self.name,
            "label": self.label,
            "description": self.description or self.label,
            "play": self.play,
            "new_row": self.new_row,
        }


Control = Slider | Choice | Action


def _same(value: object, option: object) -> bool:
    """``value`` selects ``option``: equal, and both text or both (non-bool) numbers."""
    if isinstance(option, str) or isinstance(value, str) or option is None or value is None:
        return value == option
    if isinstance(value, (bool, np.bool_)) or isinstance(option, bool):
        return value is option
    return isinstance(value, (int, float, np.number)) and value == option


# --- the explorer ----------------------------------------------------------------------------


class Explorer(anywidget.AnyWidget):
    """The base of every explorer: see the module's docstring for how they work."""

    _esm = _asset("explorer.js")
    _css = _asset("explorer.css")

    title = traitlets.Unicode("").tag(sync=True)
    controls = traitlets.List(traitlets.Dict()).tag(sync=True)
    options = traitlets.Dict().tag(sync=True)
    values = traitlets.Dict().tag(sync=True)
    intent = traitlets.Dict().tag(sync=True)
    done = traitlets.Int(0).tag(sync=True)
    interval = traitlets.Int(0).tag(sync=True)
    svg = traitlets.Unicode("").tag(sync=True)
    readout_html = traitlets.Unicode("").tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)

    def __init__(self, controls: Sequence[Control], values: Mapping[str, Any], title: str) -> None:
        super().__init__()
        self._controls = {c.name: c for c in controls}
        self.title = title
        self.readout: dict[str, Any] = {}
        self.state: Any = None
        self.observe(self._on_intent, names="intent")
        self.controls = [c.spec() for c in controls]
        values = dict(values)
        self._apply(values, None, given=set(values), raise_errors=True)

    # --- what a subclass implements ------------------------------------------------------------
    def choices(self, values: dict[str, Any]) -> dict[str, list[tuple[str, Any]]]:
        """Options of the choices that depend on the state (by control name); for a
        slider, its range: ``[("low", a), ("high", b)]``."""
        return {}

    def adjust(self, values: dict[str, Any], given: builtins.set[str]) -> dict[str, Any]:
        """Make controls the reader did not set follow those they did (e.g. clamp j)."""
        return values

    def picked(self, changes: dict[str, Any]) -> dict[str, Any]:
        """The controls a change from the page sets; a click on the picture sends the values
        of the element's ``data-pick`` (e.g. ``{"layer": 3, "j": 1, "k": 2}``), which an
        explorer whose controls differ translates here. By default they are taken as they are."""
        return changes

    def compute(self, values: dict[str, Any], action: str | None) -> Any:
        raise NotImplementedError

    def draw(self, state: Any) -> str:
        raise NotImplementedError

    def describe(self, state: Any) -> tuple[dict[str, Any], str]:
        """The readout: the numbers (a dict) and the same as HTML for the page."""
        raise NotImplementedError

    def summary(self) -> str:
        """One line of plain text with the numbers, for viewers without widgets."""
        return f"{type(self).__name__}: " + ", ".join(
            f"{k} = {_plain(v)}" for k, v in self.readout.items() if isinstance(v, (int, float))
        )

    # --- changing ------------------------------------------------------------------------------
    def set(self, **changes: Any) -> Explorer:
        """Set several controls as one state, compute and draw once; never raises.

        A value the explorer cannot take (an unknown control, out of range, not an option,
        a state the mathematics refuses) changes nothing and shows its message in ``error``.
        """
        self._apply(changes, None, given=set(changes))
        return self

    def act(self, action: str) -> Explorer:
        """Press an :class:`Action` button (by name); never raises."""
        self._apply({}, action, given=set())
        return self

    def _on_intent(self, change: dict[str, Any]) -> None:
        intent = change["new"] or {}
        values = self.picked(dict(intent.get("values") or {}))
        try:
            self._apply(dict(values), intent.get("action"), given=set(values))
        finally:
            self.done = max(self.done, int(intent.get("seq", 0)))

    def _validate(
        self, changes: dict[str, Any], given: builtins.set[str], action: str | None
    ) -> dict:
        unknown = [name for name in changes if name not in self._controls]
        if unknown:
            raise ValueError(
                f"{unknown[0]}: not a control of {type(self).__name__}; the controls are "
                f"{', '.join(n for n, c in self._controls.items() if not isinstance(c, Action))}"
            )
        if action is not None and not isinstance(self._controls.get(action), Action):
            raise ValueError(f"{action}: not an action of {type(self).__name__}")
        values = self.adjust({**self.values, **changes}, given)
        options = self.choices(values)
        checked = {}
        for name, control in self._controls.items():
            if isinstance(control, Action) or name not in values:
                continue
            checked[name] = control.check(values[name], options.get(name))
        return checked

    def _apply(
        self,
        changes: dict[str, Any],
        action: str | None,
        given: builtins.set[str],
        raise_errors: bool = False,
    ) -> bool:
        try:
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                values = self._validate(changes, given, action)
                state = self.compute(values, action)
                svg = self.draw(state)
                readout, readout_html = self.describe(state)
        except Exception as error:  # noqa: BLE001 - a callback must never raise
            if raise_errors:
                raise
            self.error = f"{type(error).__name__}: {error}"
            self.send_state(["values", "options"])  # the page's controls snap back
            return False
        with self.hold_sync():
            self.options = {k: [list(o) for o in v] for k, v in self.choices(values).items()}
            self.values = values
            self.svg = svg
            self.readout_html = readout_html
            self.error = ""
        self.state, self.readout = state, readout
        return True

    # --- showing -------------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict, dict] | None:
        """The live view where widgets run; the SVG picture and a text summary elsewhere."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        data, metadata = bundle
        data = {**data, "image/svg+xml": self.svg, "text/plain": self.summary()}
        return data, metadata


def example_sliders(x: np.ndarray, y: np.ndarray, most: int) -> tuple[list[Control], dict]:
    """Sliders ``x_0`` … (−2..2) for the input column ``x`` and ``y_0`` … (0..1) for the
    target column ``y``, each row of them only when it has at most ``most`` entries; and
    their starting values."""
    controls: list[Control] = []
    values: dict[str, float] = {}
    for name, column, low, high in (("x", x, -2.0, 2.0), ("y", y, 0.0, 1.0)):
        if column.shape[0] <= most:
            for i in range(column.shape[0]):
                controls.append(
                    Slider(f"{name}_{i}", f"{name}_{i}", low, high, 0.05, new_row=i == 0)
                )
                values[f"{name}_{i}"] = float(column[i, 0])
    return controls, values


def example_from(values: Mapping[str, Any], x: np.ndarray, y: np.ndarray) -> tuple:
    """The example that the sliders of :func:`example_sliders` set: copies of the columns
    ``x`` and ``y`` with ``values["x_i"]``, ``values["y_i"]`` where a slider has one."""
    x, y = x.copy(), y.copy()
    for name, column in (("x", x), ("y", y)):
        for i in range(column.shape[0]):
            column[i, 0] = values.get(f"{name}_{i}", column[i, 0])
    return x, y


def keep_or_zero(values: dict, options: Mapping[str, list], given: builtins.set[str]) -> None:
    """A choice the reader did not just set (``given``) that is no longer among its options
    (the layer changed, and it has fewer neurons) goes to 0; one that still exists stays."""
    for name in ("j", "k"):
        allowed = [v for _, v in options.get(name, [])]
        if name not in given and allowed and values.get(name) not in allowed:
            values[name] = 0


def _plain(value: float) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def signed(value: float, digits: int = 4) -> str:
    """``value`` with ``digits`` significant digits and a real minus sign, for readouts."""
    return html.escape(shown(value, digits, sign=True))
