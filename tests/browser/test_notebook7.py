"""The nudge explorer (notebooks/10-big-picture.ipynb) in Notebook 7, as in JupyterLab.

``jupyter notebook`` (Notebook 7) from this environment is started on 127.0.0.1 with a
random token and the same private settings as the lab tests, serving the same temporary
copy of notebooks/. The notebook is opened at its Notebook 7 address, run from the Run
menu, and the explorer is driven by keyboard: the arrow keys move the Δw slider, and must
neither move, select nor collapse cells.
"""

from __future__ import annotations

import re
import shutil
import time

import pytest
from conftest import new_page, start_jupyter, stop_server
from explorer_ui import Explorer, NudgeReadout
from jupyter_ui import error_outputs, kernel_of
from test_explorer_in_lab import FIRST_EXPLORER, assert_shows_bpcore

pytestmark = pytest.mark.browser

NOTEBOOK = "10-big-picture.ipynb"
PANEL = ".jp-NotebookPanel"
# Thrown by Notebook 7.6's own front end while it loads its settings, on any page of this
# environment, before a cell has run and with no settings of ours (seen with an unrun
# 01-start-here.ipynb): not the explorer's. Any other page error fails the test.
NOTEBOOK7_OWN_ERRORS = ("Cannot read properties of undefined (reading 'schema')",)

# Per cell: its input's text, whether it is the active cell, whether its input or its
# outputs are collapsed, and its prompt.
_CELLS_JS = """(panel) => [...document.querySelectorAll(panel + ' .jp-Cell')].map(c => ({
  text: (c.querySelector('.jp-InputArea-editor') || c).textContent.slice(0, 80),
  active: c.classList.contains('jp-mod-active'),
  selected: c.classList.contains('jp-mod-selected'),
  inputHidden: !!c.querySelector('.jp-InputArea.lm-mod-hidden, .jp-InputPlaceholder'),
  outputHidden: !!c.querySelector('.jp-OutputPlaceholder') ||
    !!(c.querySelector('.jp-Cell-outputWrapper') &&
       c.querySelector('.jp-Cell-outputWrapper').classList.contains('lm-mod-hidden')),
  prompt: ((c.querySelector('.jp-InputPrompt') || {}).textContent || '').trim(),
}))"""


@pytest.fixture(scope="module")
def notebook7(browser, lab_root, tmp_path_factory, artifacts):
    """Notebook 7 (``python -m notebook``) on 127.0.0.1:<free port> with a random token."""
    server = start_jupyter(
        "notebook", lab_root, tmp_path_factory.mktemp("notebook7-home"), "notebook7.log"
    )
    try:
        yield server
    finally:
        stop_server(server.process)
        shutil.copyfile(server.log, artifacts / "notebook7.log")


def cells(page) -> list[dict]:
    return page.evaluate(_CELLS_JS, PANEL)


def wait_kernel_idle(page, timeout: float = 90.0) -> str:
    """The notebook's kernel (the server's REST API) is idle and stays the same one for 1 s."""
    deadline = time.monotonic() + timeout
    since, kernel_id = None, None
    while time.monotonic() < deadline:
        kernel = kernel_of(page, NOTEBOOK)
        if kernel and kernel.get("execution_state") == "idle":
            if kernel["id"] != kernel_id:
                since, kernel_id = time.monotonic(), kernel["id"]
            elif time.monotonic() - since >= 1.0:
                return kernel_id
        else:
            since, kernel_id = None, None
        page.wait_for_timeout(250)
    raise AssertionError(f"{NOTEBOOK}: no idle kernel after {timeout:.0f} s")


def run_all(page, timeout: float = 180.0) -> list[str]:
    """Run ▸ Run All Cells from Notebook 7's menu bar; wait until no cell is queued or
    running and the kernel is idle; returns the prompts."""
    kernel_id = wait_kernel_idle(page)
    before = [cell["prompt"] for cell in cells(page)]
    page.locator(".lm-MenuBar").get_by_role("menuitem", name="Run", exact=True).click()
    label = page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$"))
    page.locator(".lm-Menu .lm-Menu-item").filter(has=label).first.click()
    # Queued cells show "[*]:" at once; a fresh kernel numbers the cells as the stored
    # notebook does, so only the queue (or a change) tells that this run began.
    began = time.monotonic() + 20
    while True:
        prompts = [cell["prompt"] for cell in cells(page)]
        if "[*]:" in prompts or prompts != before:
            break
        assert time.monotonic() < began, f"{NOTEBOOK}: Run All Cells did not start"
        page.wait_for_timeout(100)
    deadline = time.monotonic() + timeout
    idle_polls = 0
    while idle_polls < 3:
        assert time.monotonic() < deadline, f"{NOTEBOOK}: still running after {timeout:.0f} s"
        prompts = [cell["prompt"] for cell in cells(page)]
        kernel = kernel_of(page, NOTEBOOK)
        done = not any(p.startswith("[*]") for p in prompts)
        idle_polls = idle_polls + 1 if done and kernel["execution_state"] == "idle" else 0
        page.wait_for_timeout(300)
    assert kernel_of(page, NOTEBOOK)["id"] == kernel_id, "the kernel was replaced during the run"
    return prompts


@pytest.fixture(scope="module")
def explorer(browser, notebook7, artifacts):
    context, page = new_page(browser)
    page.lab = notebook7  # kernel_of asks this server
    try:
        page.goto(f"{notebook7.url}notebooks/notebooks/{NOTEBOOK}?token={notebook7.token}")
        page.locator(f"{PANEL} .jp-Cell").first.wait_for(timeout=90_000)
        prompts = [p for p in run_all(page) if p]
        errors = error_outputs(page)
        assert not errors, "error output in the page:\n" + "\n---\n".join(errors)
        assert prompts and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts), prompts
        explorer = Explorer(page, page.locator(PANEL), "nudge explorer")
        explorer.wait_visible()
        explorer.root.scroll_into_view_if_needed()
        yield explorer
    except BaseException:
        page.screenshot(path=str(artifacts / "FAILED-notebook7.png"))
        raise
    finally:
        context.close()


def test_notebook7_shows_the_explorer_with_bpcores_numbers(explorer, artifacts):
    first = NudgeReadout.parse(explorer.readout())
    assert first.parameter == "w^2_10"
    assert explorer.value("dw") == pytest.approx(FIRST_EXPLORER["dw"])
    assert_shows_bpcore(explorer, first)
    explorer.root.screenshot(path=str(artifacts / "explorer-notebook7-0-initial.png"))
    errors = [e for e in explorer.page.console_errors if e not in NOTEBOOK7_OWN_ERRORS]
    assert not errors


def scroll_top(page) -> float:
    return page.evaluate(
        "(p) => document.querySelector(p + ' .jp-WindowedPanel-outer, ' + p).scrollTop", PANEL
    )


def test_notebook7_arrow_keys_move_dw_and_not_the_cells(explorer, artifacts):
    page = explorer.page
    for key, steps in (("ArrowRight", 5), ("ArrowLeft", 3)):
        # Focusing the slider makes its cell the active one, as a click would: that is the
        # state the keys must leave as it is.
        explorer.control("dw").focus()
        page.wait_for_timeout(300)
        before_cells, before_scroll = cells(page), scroll_top(page)
        before = explorer.readout()
        start = explorer.value("dw")
        direction = 1 if key == "ArrowRight" else -1
        target = start + direction * steps * 0.005  # one key press is one step: Δw_max / 200
        explorer.press("dw", key, steps)
        # The cells are where they were: same order, same active and selected cell, nothing
        # collapsed, the page did not scroll, and the slider kept the focus.
        assert cells(page) == before_cells
        assert scroll_top(page) == pytest.approx(before_scroll, abs=2)
        assert explorer.control("dw").evaluate("e => e === document.activeElement")
        text = explorer.settled(
            before, until=lambda t, target=target: abs(NudgeReadout.parse(t).dw - target) < 1e-4
        )
        explorer.root.screenshot(path=str(artifacts / f"explorer-notebook7-{key}.png"))
        assert explorer.value("dw") == pytest.approx(target, abs=1e-9)
        assert_shows_bpcore(explorer, NudgeReadout.parse(text))
