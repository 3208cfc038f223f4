"""The big-picture explorer (notebooks/10-big-picture.ipynb) in JupyterLab, as a reader uses it.

The notebook is opened from the file browser and run from the Run menu. Its first explorer is
``NudgeWidget(net, x, y, layer=2, j=1, k=0, dw=0.1)`` on ``bpcore.examples.book_network()``,
so this process can build the same network and compute, with bpcore, what the page must show
for whatever Δw the slider ends at: ΔC exact, ∂C/∂w and the picture itself (a NudgeWidget
made here with the same settings renders the same pixels).
"""

from __future__ import annotations

import os
import re
import shutil

import numpy as np
import pytest
from conftest import REPO
from explorer_ui import Explorer, Readout, same_number
from jupyter_ui import ACTIVE_PANEL, error_outputs, notebook, run_all_cells

import bpcore as bp
from bpcore.examples import book_network

pytestmark = pytest.mark.browser

NOTEBOOK = "10-big-picture.ipynb"
FIRST_EXPLORER = {"layer": 2, "j": 1, "k": 0, "dw": 0.1}  # as the notebook builds it


def expected(layer: int, j: int, k: int | None, dw: float):
    example = book_network()
    return bp.nudge(example.net, example.x, example.y, layer=layer, j=j, k=k, dw=dw)


def reference_pixels(layer: int, j: int, k: int | None, dw: float) -> np.ndarray:
    """The picture bpcore draws for this choice: a widget made here as the notebook makes
    its explorer, then set to the same choice (its layout is fixed by the first drawing)."""
    import io

    import PIL.Image

    from bpcore.widgets import NudgeWidget

    example = book_network()
    widget = NudgeWidget(example.net, example.x, example.y, **FIRST_EXPLORER)
    widget.set(layer=layer, j=j, k="bias" if k is None else k, dw=dw)
    assert widget.error is None, widget.error
    return np.asarray(PIL.Image.open(io.BytesIO(widget.png)).convert("RGB"))


def parameter_of(readout: Readout) -> tuple[int, int, int | None]:
    # "w^3_12", "w^2_3,10" (two-digit indices get a comma) or "b^2_0"
    kind, layer, indices = re.fullmatch(r"([wb])\^(\d+)_([\d,]+)", readout.parameter).groups()
    if kind == "b":
        return int(layer), int(indices), None
    j, k = indices.split(",") if "," in indices else indices
    return int(layer), int(j), int(k)


def assert_shows_bpcore(explorer: Explorer, readout: Readout) -> None:
    """ΔC, ∂C/∂w and the picture are what bpcore computes for the Δw the slider shows."""
    dw = explorer.slider_value()
    layer, j, k = parameter_of(readout)
    truth = expected(layer, j, k, dw)
    assert readout.parameter == truth.parameter
    assert same_number(readout.dC, truth.dC), (readout, truth.dC)
    assert same_number(readout.gradient, truth.gradient), (readout, truth.gradient)
    assert same_number(readout.dC_linear, truth.dC_linear), (readout, truth.dC_linear)
    shown = explorer.image_pixels()
    drawn = reference_pixels(layer, j, k, dw)
    assert shown.shape == drawn.shape
    differing = np.any(shown != drawn, axis=-1).mean()
    assert differing < 1e-3, f"{differing:.2%} of the picture's pixels differ from bpcore's"


@pytest.fixture(scope="module")
def explorer(lab_page, artifacts):
    page = lab_page
    with notebook(page, NOTEBOOK, artifacts):
        prompts = run_all_cells(page, NOTEBOOK, timeout=120)
        errors = error_outputs(page)
        assert not errors, "error output in the page:\n" + "\n---\n".join(errors)
        assert prompts and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts), prompts
        explorer = Explorer(page, page.locator(ACTIVE_PANEL))
        explorer.wait_visible()
        explorer.root.scroll_into_view_if_needed()
        yield explorer


def shoot(explorer: Explorer, artifacts, name: str) -> None:
    explorer.root.scroll_into_view_if_needed()
    explorer.root.screenshot(path=str(artifacts / f"explorer-lab-{name}.png"))
    explorer.page.screenshot(path=str(artifacts / f"explorer-lab-{name}-page.png"))


def test_explorer_starts_with_bpcores_numbers(explorer, artifacts):
    readout = explorer.readout()
    shoot(explorer, artifacts, "0-initial")
    assert readout.parameter == "w^2_10"
    assert explorer.slider_value() == pytest.approx(FIRST_EXPLORER["dw"])
    assert_shows_bpcore(explorer, readout)
    assert not explorer.page.console_errors


def test_keyboard_moves_dw(explorer, artifacts):
    before, picture = explorer.readout(), explorer.image_src()
    start = explorer.slider_value()
    target = start + 5 * 0.005  # one key press is one slider step: Δw_max / 200
    explorer.press("ArrowRight", 5)
    readout = explorer.settled(before, until=lambda r: abs(r.dw - target) < 1e-4)
    shoot(explorer, artifacts, "1-keyboard")
    assert explorer.slider_value() == pytest.approx(target, abs=1e-9)
    assert readout.dC != before.dC
    assert explorer.image_src() != picture
    assert_shows_bpcore(explorer, readout)


def test_mouse_drag_moves_dw(explorer, artifacts):
    before, picture = explorer.readout(), explorer.image_src()
    start = explorer.slider_value()
    explorer.drag(-120)
    readout = explorer.settled(before)
    shoot(explorer, artifacts, "2-drag")
    assert explorer.slider_value() < start - 0.1  # 420 px for Δw from -1 to 1
    assert readout.dw == pytest.approx(explorer.slider_value(), abs=5e-4)
    assert explorer.image_src() != picture
    assert_shows_bpcore(explorer, readout)
    # The README's picture is this screenshot: BPCORE_SAVE_EXPLORER_FIGURE=1 renews it.
    if os.environ.get("BPCORE_SAVE_EXPLORER_FIGURE"):
        shutil.copyfile(artifacts / "explorer-lab-2-drag.png", REPO / "figures" / "explorer.png")


@pytest.mark.parametrize(
    "choices, parameter",
    [
        ({"layer": "l = 3"}, "w^3_10"),  # j = 1 and k = 0 stay valid in layer 3
        ({"j": "j = 0", "k": "k = 2"}, "w^3_02"),
        ({"k": "bias b"}, "b^3_0"),
        ({"layer": "l = 2", "j": "j = 2", "k": "k = 1"}, "w^2_21"),
    ],
)
def test_dropdowns_change_the_highlighted_weight(explorer, artifacts, choices, parameter):
    before, picture = explorer.readout(), explorer.image_src()
    for control, label in choices.items():
        explorer.choose(control, label)
    readout = explorer.settled(before, until=lambda r: r.parameter == parameter)
    shoot(explorer, artifacts, f"3-{parameter.replace('^', '').replace('_', '-')}")
    assert before.parameter != parameter
    assert readout.parameter == parameter
    assert explorer.image_src() != picture
    assert_shows_bpcore(explorer, readout)
