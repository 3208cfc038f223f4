"""The nudge explorer (notebooks/10-big-picture.ipynb) in JupyterLab, as a reader uses it.

The notebook is opened from the file browser and run from the Run menu. Its first explorer
is ``NudgeWidget(net, x, y, layer=2, j=1, k=0, dw=0.1)`` on ``bpcore.examples.book_network()``,
so this process can compute what the page must show for whatever the reader chose: ΔC
exact from a perturbed copy of the network, ∂C/∂w, and the picture itself (a NudgeWidget
made here with the same settings writes the same SVG).
"""

from __future__ import annotations

import os
import re
import shutil

import pytest
from conftest import REPO
from explorer_ui import Explorer, NudgeReadout, same_number, svg_tree
from jupyter_ui import ACTIVE_PANEL, error_outputs, notebook, run_all_cells

import bpcore as bp
from bpcore.examples import book_network

pytestmark = pytest.mark.browser

NOTEBOOK = "10-big-picture.ipynb"
FIRST_EXPLORER = {"layer": 2, "j": 1, "k": 0, "dw": 0.1}  # as the notebook builds it


def parameter_of(readout: NudgeReadout) -> tuple[int, int, int | None]:
    # "w^3_12", "w^2_3,10" (two-digit indices get a comma) or "b^2_0"
    kind, layer, indices = re.fullmatch(r"([wb])\^(\d+)_([\d,]+)", readout.parameter).groups()
    if kind == "b":
        return int(layer), int(indices), None
    j, k = indices.split(",") if "," in indices else indices
    return int(layer), int(j), int(k)


def assert_shows_bpcore(explorer: Explorer, readout: NudgeReadout) -> None:
    """ΔC, ∂C/∂w and the picture are what bpcore computes for the Δw the slider shows."""
    from bpcore.widgets import NudgeWidget

    dw = explorer.value("dw")
    layer, j, k = parameter_of(readout)
    example = book_network()
    changed = example.net.copy()
    if k is None:
        changed.b(layer)[j, 0] += dw
    else:
        changed.w(layer)[j, k] += dw
    exact = changed.cost(example.x, example.y) - example.net.cost(example.x, example.y)
    truth = bp.nudge(example.net, example.x, example.y, layer=layer, j=j, k=k, dw=dw)
    assert readout.parameter == truth.parameter
    assert same_number(readout.dC, exact), (readout, exact)
    assert same_number(readout.gradient, truth.gradient), (readout, truth.gradient)
    assert same_number(readout.dC_linear, truth.dC_linear), (readout, truth.dC_linear)
    here = NudgeWidget(example.net, example.x, example.y, **FIRST_EXPLORER)
    here.set(layer=layer, j=j, k="bias" if k is None else k, dw=dw)
    assert svg_tree(explorer.svg()) == svg_tree(here.svg)


@pytest.fixture(scope="module")
def explorer(lab_page, artifacts):
    page = lab_page
    with notebook(page, NOTEBOOK, artifacts):
        prompts = run_all_cells(page, NOTEBOOK, timeout=120)
        errors = error_outputs(page)
        assert not errors, "error output in the page:\n" + "\n---\n".join(errors)
        assert prompts and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts), prompts
        explorer = Explorer(page, page.locator(ACTIVE_PANEL), "nudge explorer")
        explorer.wait_visible()
        explorer.root.scroll_into_view_if_needed()
        yield explorer


def shoot(explorer: Explorer, artifacts, name: str) -> None:
    explorer.root.scroll_into_view_if_needed()
    explorer.root.screenshot(path=str(artifacts / f"explorer-lab-{name}.png"))
    explorer.page.screenshot(path=str(artifacts / f"explorer-lab-{name}-page.png"))


def readout(explorer: Explorer) -> NudgeReadout:
    return NudgeReadout.parse(explorer.readout())


def test_explorer_starts_with_bpcores_numbers(explorer, artifacts):
    shoot(explorer, artifacts, "0-initial")
    first = readout(explorer)
    assert first.parameter == "w^2_10"
    assert explorer.value("dw") == pytest.approx(FIRST_EXPLORER["dw"])
    assert_shows_bpcore(explorer, first)
    assert not explorer.page.console_errors


def test_keyboard_moves_dw_and_not_the_notebook(explorer, artifacts):
    before = explorer.readout()
    start = explorer.value("dw")
    cells = explorer.page.locator(f"{ACTIVE_PANEL} .jp-Cell").count()
    target = start + 5 * 0.005  # one key press is one slider step: Δw_max / 200
    explorer.press("dw", "ArrowRight", 5)
    text = explorer.settled(before, until=lambda t: abs(NudgeReadout.parse(t).dw - target) < 1e-4)
    shoot(explorer, artifacts, "1-keyboard")
    assert explorer.value("dw") == pytest.approx(target, abs=1e-9)
    assert explorer.page.locator(f"{ACTIVE_PANEL} .jp-Cell").count() == cells
    assert_shows_bpcore(explorer, NudgeReadout.parse(text))


def test_mouse_drag_moves_dw(explorer, artifacts):
    before = explorer.readout()
    start = explorer.value("dw")
    explorer.drag("dw", -60)
    text = explorer.settled(before)
    shoot(explorer, artifacts, "2-drag")
    assert explorer.value("dw") < start - 0.1
    shown = NudgeReadout.parse(text)
    assert shown.dw == pytest.approx(explorer.value("dw"), abs=5e-4)
    assert_shows_bpcore(explorer, shown)
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
def test_menus_change_the_highlighted_weight(explorer, artifacts, choices, parameter):
    for control, label in choices.items():  # each choice changes the parameter shown
        before = explorer.readout()
        explorer.choose(control, label)
        text = explorer.settled(before)
    assert NudgeReadout.parse(text).parameter == parameter
    shoot(explorer, artifacts, f"3-{parameter.replace('^', '').replace('_', '-')}")
    assert_shows_bpcore(explorer, NudgeReadout.parse(text))


@pytest.mark.parametrize(
    "pick, parameter",
    [({"layer": 3, "j": 1, "k": 2}, "w^3_12"), ({"layer": 2, "j": 0, "k": "bias"}, "b^2_0")],
)
def test_clicking_the_picture_chooses_a_weight_or_a_bias(explorer, artifacts, pick, parameter):
    explorer.click(pick)
    text = explorer.settled("", until=lambda t: NudgeReadout.parse(t).parameter == parameter)
    shoot(explorer, artifacts, f"4-click-{parameter.replace('^', '').replace('_', '-')}")
    assert_shows_bpcore(explorer, NudgeReadout.parse(text))
