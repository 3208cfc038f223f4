"""Reading and driving bpcore's explorers in a page (JupyterLab, Notebook 7 or Voila).

Every explorer has the same browser side (bpcore/widgets/explorer.js): a root element
``.bp-explorer`` named by its title, controls marked ``data-control="<name>"``, a readout
``.bp-readout`` and an SVG picture ``.bp-picture`` whose clickable parts carry
``data-pick``. The helpers below use only those, as a reader's mouse and keyboard would.
"""

from __future__ import annotations

import json
import math
import re
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass

_NUMBER = r"([-+\u2212]?(?:\d+\.?\d*|\.\d+)(?:e[-+\u2212]?\d+)?)"
# NudgeWidget's readout: "w^2_10 nudged by Δw = +0.1: ΔC exact = +0.005533 · ΔC linear =
# ∂C/∂w·Δw = +0.05628 × +0.1 = +0.005628 · apart by 1.7 %"
_NUDGE = re.compile(
    rf"(?P<parameter>[wb]\^\d+_\d+(?:,\d+)?) nudged by Δ[wb] = {_NUMBER}: "
    rf"ΔC exact = {_NUMBER}.*?ΔC linear = ∂C/∂[wb]·Δ[wb] = {_NUMBER} × {_NUMBER} = {_NUMBER}",
    re.S,
)


def number(text: str) -> float:
    """A number as a page shows it (with a real minus sign, U+2212)."""
    return float(text.strip().replace("\u2212", "-").replace(",", ""))


@dataclass(frozen=True)
class NudgeReadout:
    """What the nudge explorer shows: the parameter, Δw, ΔC exact, ∂C/∂w and ΔC linear."""

    parameter: str
    dw: float
    dC: float
    gradient: float
    dC_linear: float

    @classmethod
    def parse(cls, text: str) -> NudgeReadout:
        match = _NUDGE.search(text)
        if match is None:
            raise AssertionError(f"the nudge explorer's readout is not as expected: {text!r}")
        parameter, dw, dC, gradient, _, dC_linear = match.groups()
        return cls(parameter, number(dw), number(dC), number(gradient), number(dC_linear))


class Explorer:
    """The explorer titled ``title`` inside ``scope`` (a page or a locator)."""

    def __init__(self, page, scope, title: str) -> None:
        self.page = page
        self.root = scope.locator(f'.bp-explorer[aria-label="{title}"]').first
        self.readout_box = self.root.locator(".bp-readout")
        self.picture = self.root.locator(".bp-picture")
        self.message = self.root.locator(".bp-message")

    def wait_visible(self, timeout: float = 60.0) -> None:
        self.picture.locator("svg").wait_for(state="visible", timeout=timeout * 1000)

    def control(self, name: str):
        return self.root.locator(f'[data-control="{name}"]').first

    def readout(self) -> str:
        return self.readout_box.inner_text()

    def svg(self) -> str:
        return self.picture.inner_html()

    def value(self, name: str) -> float:
        """A slider's value as its readout beside it shows it."""
        return number(self.control(name).locator("xpath=..").locator("output").inner_text())

    def press(self, name: str, key: str, times: int = 1) -> None:
        """Focus control ``name`` and press ``key`` ``times`` times, as a keyboard user."""
        control = self.control(name)
        control.focus()
        for _ in range(times):
            control.press(key)

    def drag(self, name: str, dx: float) -> None:
        """Drag slider ``name``'s thumb by ``dx`` pixels with the mouse."""
        box = self.control(name).bounding_box()
        value = self.control(name).evaluate("e => (e.value - e.min) / (e.max - e.min)")
        x = box["x"] + 8 + value * (box["width"] - 16)  # where the thumb is
        y = box["y"] + box["height"] / 2
        mouse = self.page.mouse
        mouse.move(x, y)
        mouse.down()
        mouse.move(x + dx, y, steps=12)
        mouse.up()

    def choose(self, name: str, label: str) -> None:
        """Pick ``label`` in menu ``name``, or press the button ``label`` of a toggle group."""
        control = self.control(name)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=label)
        else:
            self.root.get_by_role("radio", name=f"{name}: {label}").click()

    def click(self, pick: dict) -> None:
        """Click the part of the picture that chooses ``pick`` (an edge, a neuron, a pixel)."""
        attribute = json.dumps(pick, separators=(",", ":"))
        self.picture.locator(f"[data-pick='{attribute}']").first.click(force=True)

    def settled(
        self,
        previous: str,
        until: Callable[[str], bool] = lambda text: True,
        timeout: float = 30.0,
    ) -> str:
        """Wait until Python has answered: the readout differs from ``previous``, satisfies
        ``until``, nothing is in flight and it stays so; returns the readout."""
        deadline = time.monotonic() + timeout
        text = previous
        while time.monotonic() < deadline:
            text = self.readout()
            busy = "bp-busy" in (self.root.get_attribute("class") or "")
            if text != previous and until(text) and not busy:
                self.page.wait_for_timeout(250)
                if self.readout() == text:
                    return text
            self.page.wait_for_timeout(100)
        raise AssertionError(f"the explorer did not update within {timeout:.0f} s: {text}")


def svg_tree(svg: str) -> list[tuple[str, dict]]:
    """An SVG as (tag, attributes) in document order, for comparing what the page shows
    with what Python wrote (the browser's serialisation differs in form, not content)."""
    root = ElementTree.fromstring(svg)
    return [(element.tag.split("}")[-1], dict(element.attrib)) for element in root.iter()]


def same_number(shown: float, exact: float, digits: int = 4) -> bool:
    """``shown`` is ``exact`` rounded to ``digits`` significant digits."""
    if exact == 0:
        return shown == 0
    half_unit = 0.5 * 10 ** (math.floor(math.log10(abs(exact))) - (digits - 1))
    return abs(shown - exact) <= half_unit * (1 + 1e-9)
