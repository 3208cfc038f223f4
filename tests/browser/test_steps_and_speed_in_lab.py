"""The step-by-step explorer (notebook 07) and the speed explorer (notebook 09) in JupyterLab.

Each notebook is opened from the file browser and run from the Run menu. The step explorer is
``StepsWidget()`` on ``bpcore.examples.book_network()``, so this process can compute what the
page must show at any step: the equation text of a StepsWidget made here at the same step, and
its picture. It is moved with the ▶ button, the ◀ button, the slider (keyboard) and the arrow
keys on the focused explorer. The speed explorer's counts are checked against a count made here.
"""

from __future__ import annotations

import re

import pytest
from explorer_ui import Explorer, number, svg_tree
from jupyter_ui import ACTIVE_PANEL, error_outputs, notebook, run_all_cells

from bpcore.widgets import SpeedWidget, StepsWidget

pytestmark = pytest.mark.browser


def step_shown(explorer: Explorer) -> int:
    """The step the readout shows, counted from 1 as the slider counts ("3 / 17 · ...")."""
    match = re.search(r"(\d+) / (\d+)", explorer.readout())
    assert match, explorer.readout()
    return int(match.group(1))


def assert_shows_bpcore(explorer: Explorer, step: int) -> None:
    here = StepsWidget(step=step)
    text = explorer.readout()
    for line in here.readout["equation"].split("\n"):
        assert line in text, (line, text)
    assert svg_tree(explorer.svg()) == svg_tree(here.svg)


def click(explorer: Explorer, label: str) -> None:
    explorer.root.get_by_role("button", name=label).click()


@pytest.fixture(scope="module")
def steps(lab_page, artifacts):
    page = lab_page
    with notebook(page, "07-algorithm.ipynb", artifacts):
        prompts = run_all_cells(page, "07-algorithm.ipynb", timeout=180)
        errors = error_outputs(page)
        assert not errors, "error output in the page:\n" + "\n---\n".join(errors)
        assert prompts and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts), prompts
        explorer = Explorer(page, page.locator(ACTIVE_PANEL), "backpropagation step by step")
        explorer.wait_visible()
        explorer.root.scroll_into_view_if_needed()
        yield explorer


def test_the_step_explorer_starts_at_the_input(steps, artifacts):
    steps.root.screenshot(path=str(artifacts / "steps-lab-0-initial.png"))
    assert step_shown(steps) == 1 and steps.value("step") == 1
    assert_shows_bpcore(steps, 1)
    assert not steps.page.console_errors


def test_the_buttons_step_forward_and_back(steps, artifacts):
    start = step_shown(steps)
    for _ in range(3):
        before = steps.readout()
        click(steps, "step one step on")
        steps.settled(before)
    steps.root.screenshot(path=str(artifacts / "steps-lab-1-buttons.png"))
    assert step_shown(steps) == start + 3
    assert_shows_bpcore(steps, start + 3)
    before = steps.readout()
    click(steps, "step one step back")
    steps.settled(before)
    assert step_shown(steps) == start + 2


def test_the_slider_moves_by_keyboard_to_bp2(steps, artifacts):
    before = steps.readout()
    steps.press("step", "End")  # the last step: the update
    text = steps.settled(before)
    assert "before the step" in text and step_shown(steps) == 17
    before = text
    steps.press("step", "ArrowLeft", 7)  # step 10: δ^2_1 by BP2
    steps.settled(before, until=lambda t: "10 / 17" in t)
    steps.root.screenshot(path=str(artifacts / "steps-lab-2-bp2.png"))
    assert step_shown(steps) == 10 and steps.value("step") == 10 and "BP2" in steps.readout()
    assert_shows_bpcore(steps, 10)


def test_the_arrow_keys_move_the_focused_explorer(steps, artifacts):
    cells = steps.page.locator(f"{ACTIVE_PANEL} .jp-Cell").count()
    start = step_shown(steps)
    steps.root.focus()
    before = steps.readout()
    steps.root.press("ArrowRight")
    steps.settled(before)
    assert step_shown(steps) == start + 1
    assert steps.page.locator(f"{ACTIVE_PANEL} .jp-Cell").count() == cells
    assert_shows_bpcore(steps, start + 1)
    assert not steps.page.console_errors


def test_the_speed_explorer_counts_and_times_on_request(lab_page, artifacts):
    page = lab_page
    with notebook(page, "09-why-backprop-is-fast.ipynb", artifacts):
        run_all_cells(page, "09-why-backprop-is-fast.ipynb", timeout=300)
        errors = error_outputs(page)
        assert not errors, "error output in the page:\n" + "\n---\n".join(errors)
        speed = Explorer(page, page.locator(ACTIVE_PANEL), "why backprop is fast")
        speed.wait_visible()
        speed.root.scroll_into_view_if_needed()
        text = speed.readout()
        assert "23,861 forward passes (eq. 46)" in text and "Timed" not in text
        before = text
        speed.choose("preset", "784-1000-200-10 (≈ a million weights)")
        text = speed.settled(before)
        here = SpeedWidget("784-1000-200-10")
        assert f"{here.readout['passes_forward']:,} forward passes" in text
        assert svg_tree(speed.svg()) == svg_tree(here.svg)
        before = text
        speed.root.get_by_role(
            "button", name="time one forward pass and one backpropagation"
        ).click()
        text = speed.settled(before, until=lambda t: "Timed" in t, timeout=60)
        speed.root.screenshot(path=str(artifacts / "speed-lab-timed.png"))
        forward = re.search(r"a forward pass ([\d.,]+) (µs|ms|s)", text)
        assert forward and number(forward.group(1)) > 0
        assert not page.console_errors
