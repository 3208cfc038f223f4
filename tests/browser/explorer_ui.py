"""Reading and driving bpcore's NudgeWidget in a page (JupyterLab or Voila), and what
bpcore computes for the same choice, for the browser tests."""

from __future__ import annotations

import base64
import io
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# The readout NudgeWidget writes: "<b>w^2_10</b> nudged by Δw = 0.125 · ΔC exact = <b>…</b> ·
# ΔC linear = ∂C/∂w·Δw = … × … = <b>…</b> · relative difference = …"
_NUMBER = r"([-+\u2212]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)"
_READOUT = re.compile(
    rf"(?P<parameter>[wb]\^\d+_\d+(?:,\d+)?)\s+nudged by Δw = {_NUMBER}.*?"
    rf"ΔC exact = {_NUMBER}.*?ΔC linear = ∂C/∂w·Δw = {_NUMBER} × {_NUMBER} = {_NUMBER}",
    re.S,
)


def number(text: str) -> float:
    """A number as a page shows it (ipywidgets' slider readout writes − as U+2212)."""
    return float(text.strip().replace("\u2212", "-").replace(",", ""))


@dataclass(frozen=True)
class Readout:
    """What the explorer shows: the nudged parameter, Δw, ΔC exact, ∂C/∂w and ΔC linear."""

    parameter: str
    dw: float
    dC: float
    gradient: float
    dC_linear: float

    @classmethod
    def parse(cls, text: str) -> Readout:
        match = _READOUT.search(text)
        if match is None:
            raise AssertionError(f"the explorer's readout is not as expected: {text!r}")
        parameter, dw, dC, gradient, _, dC_linear = match.groups()
        return cls(parameter, number(dw), number(dC), number(gradient), number(dC_linear))


class Explorer:
    """The first NudgeWidget inside ``scope`` (a page or a locator)."""

    def __init__(self, page, scope) -> None:
        self.page = page
        # The widget's outermost box: the one holding both the Δw slider and the picture.
        self.root = (
            scope.locator(".widget-vbox")
            .filter(has=page.locator(".widget-slider", has_text="Δw"))
            .filter(has=page.locator("img"))
            .first
        )
        self.slider = self.root.locator(".widget-slider", has_text="Δw").first
        self.handle = self.slider.locator(".noUi-handle").first
        self.text = self.root.locator(".widget-html", has_text="ΔC exact").first
        self.image = self.root.locator("img").first

    def wait_visible(self, timeout: float = 60.0) -> None:
        self.image.wait_for(state="visible", timeout=timeout * 1000)
        self.text.wait_for(state="visible", timeout=timeout * 1000)

    def slider_value(self) -> float:
        return number(self.slider.locator(".widget-readout").inner_text())

    def readout(self) -> Readout:
        return Readout.parse(self.text.inner_text())

    def image_src(self) -> str:
        return self.image.get_attribute("src") or ""

    def image_pixels(self) -> np.ndarray:
        """The picture the page shows, decoded (RGB array)."""
        import PIL.Image

        encoded = self.image.evaluate(
            """async (img) => {
                 const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
                 let s = '';
                 for (let i = 0; i < bytes.length; i += 8192)
                   s += String.fromCharCode(...bytes.subarray(i, i + 8192));
                 return btoa(s);
               }"""
        )
        return np.asarray(PIL.Image.open(io.BytesIO(base64.b64decode(encoded))).convert("RGB"))

    def choose(self, control: str, label: str) -> None:
        """Pick ``label`` in the dropdown whose description is ``control`` (layer, j, k)."""
        dropdown = self.root.locator(".widget-dropdown").filter(
            has=self.page.locator("label.widget-label", has_text=re.compile(rf"^{control}$"))
        )
        dropdown.locator("select").select_option(label=label)

    def press(self, key: str, times: int) -> None:
        """Focus the slider handle and press ``key`` ``times`` times, as a keyboard user."""
        self.handle.focus()
        for _ in range(times):
            self.handle.press(key)

    def drag(self, dx: float) -> None:
        """Drag the slider handle by ``dx`` pixels with the mouse."""
        box = self.handle.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        mouse = self.page.mouse
        mouse.move(x, y)
        mouse.down()
        mouse.move(x + dx, y, steps=12)
        mouse.up()

    def settled(
        self,
        previous: Readout | None,
        until: Callable[[Readout], bool] = lambda readout: True,
        timeout: float = 30.0,
    ) -> Readout:
        """Wait until the kernel has answered the last change: the readout differs from
        ``previous``, shows the Δw the slider shows and satisfies ``until``; returns it."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = self.readout()
                shown = self.slider_value()
            except AssertionError:
                last = None
            else:
                if (
                    last != previous
                    and until(last)
                    and math.isclose(last.dw, shown, rel_tol=1e-3, abs_tol=5e-4)
                ):
                    # Twice the same: no update in flight any more.
                    self.page.wait_for_timeout(300)
                    if self.readout() == last and self.slider_value() == shown:
                        return last
            self.page.wait_for_timeout(150)
        raise AssertionError(f"the explorer did not update within {timeout:.0f} s: {last}")


def same_number(shown: float, exact: float, digits: int = 6) -> bool:
    """``shown`` is ``exact`` rounded to ``digits`` significant digits (the widget's ``.6g``)."""
    if exact == 0:
        return shown == 0
    half_unit = 0.5 * 10 ** (math.floor(math.log10(abs(exact))) - (digits - 1))
    return abs(shown - exact) <= half_unit * (1 + 1e-9)
