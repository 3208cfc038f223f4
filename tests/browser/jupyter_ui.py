"""What a reader does in JupyterLab, as Playwright steps: open a notebook from the file
browser, run every cell from the Run menu, wait until the kernel is done, read the error
outputs, close the notebook and shut its kernel down. Used by the browser tests only."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator

# Where JupyterLab shows a traceback (the brief's selector) and the texts ipywidgets shows
# in place of a widget whose front-end is missing.
STDERR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
WIDGET_FAILURES = ("Error displaying widget", "Failed to load model class")

ACTIVE_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

# The execution state of the active notebook: the toolbar's execution indicator and every
# visible input prompt ("[ ]:", "[*]:" while queued or running, "[12]:" when done).
_STATE_JS = """(panelSelector) => {
  const panel = document.querySelector(panelSelector);
  if (!panel) return null;
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .map(p => p.textContent.trim()).filter(t => t.length > 0);
  return {status: indicator ? indicator.dataset.status : 'unknown', prompts};
}"""


def menu(page, *path: str) -> None:
    """Click through the menu bar: ``menu(page, "Run", "Run All Cells")``."""
    page.locator("#jp-MainMenu").get_by_role("menuitem", name=path[0], exact=True).click()
    for label in path[1:]:
        exactly = re.compile(f"^{re.escape(label)}$")
        exact_label = page.locator(".lm-Menu-itemLabel", has_text=exactly)
        page.locator(".lm-Menu .lm-Menu-item").filter(has=exact_label).first.click()


def wait_kernel_idle(page, timeout: float = 60.0) -> None:
    """Wait until the active notebook's kernel is idle three polls in a row."""
    deadline = time.monotonic() + timeout
    idle_polls = 0
    state = None
    while time.monotonic() < deadline:
        state = page.evaluate(_STATE_JS, ACTIVE_PANEL)
        idle = state is not None and state["status"] == "idle"
        idle = idle and not any(p.startswith("[*]") for p in state["prompts"])
        idle_polls = idle_polls + 1 if idle else 0
        if idle_polls >= 3:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"kernel still busy after {timeout:.0f} s: {state}")


def run_all_cells(page, timeout: float = 60.0) -> list[str]:
    """Run ▸ Run All Cells, wait until every cell has run; returns the input prompts."""
    menu(page, "Run", "Run All Cells")
    # Queued cells show "[*]:" at once; wait for the queue to drain.
    wait_kernel_idle(page, timeout)
    return page.evaluate(_STATE_JS, ACTIVE_PANEL)["prompts"]


def error_outputs(page) -> list[str]:
    """Tracebacks and widget failures in the active notebook's outputs."""
    panel = page.locator(ACTIVE_PANEL)
    errors = [
        text for text in panel.locator(STDERR_OUTPUT).all_inner_texts() if "Traceback" in text
    ]
    outputs = panel.locator(".jp-OutputArea-output").all_inner_texts()
    errors += [text for text in outputs if any(f in text for f in WIDGET_FAILURES)]
    return errors


def open_notebook(page, name: str, timeout: float = 60.0) -> None:
    """Double-click ``name`` in the file browser (which shows notebooks/) and wait until the
    notebook is on screen with its kernel started and idle."""
    item = page.locator(".jp-DirListing-item", has=page.get_by_text(name, exact=True))
    item.first.dblclick()
    page.locator(f"{ACTIVE_PANEL} .jp-Cell").first.wait_for(timeout=timeout * 1000)
    current = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current", has_text=name)
    current.first.wait_for(timeout=timeout * 1000)
    wait_kernel_idle(page, timeout)


def _tab(page, name: str):
    return page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=name)


def close_notebook(page, name: str, timeout: float = 30.0) -> None:
    """File ▸ Close and Shut Down Notebook…, accepting the confirmation(s)."""
    if _tab(page, name).count() == 0:
        return
    menu(page, "File", "Close and Shut Down Notebook…")
    deadline = time.monotonic() + timeout
    while _tab(page, name).count() > 0:
        if time.monotonic() > deadline:
            raise AssertionError(f"{name} did not close within {timeout:.0f} s")
        dialog = page.locator(".jp-Dialog")
        if dialog.count() > 0 and dialog.first.is_visible():
            dialog.first.locator("button.jp-mod-accept, button.jp-mod-warn").last.click()
        page.wait_for_timeout(200)


@contextlib.contextmanager
def notebook(page, name: str, timeout: float = 60.0) -> Iterator[None]:
    """Open ``name``; close it and shut its kernel down afterwards, also when the test fails
    (if even that fails, a fresh workspace is loaded so the next test starts clean)."""
    open_notebook(page, name, timeout)
    try:
        yield
    finally:
        try:
            close_notebook(page, name)
        except Exception:  # noqa: BLE001 - cleanup; the session teardown stops the kernels
            fresh_workspace(page)


def fresh_workspace(page) -> None:
    """Load JupyterLab anew in an empty workspace, the file browser showing notebooks/."""
    page.fresh_workspaces = getattr(page, "fresh_workspaces", 0) + 1
    url = page.lab_url.replace("/workspaces/", f"/workspaces/fresh{page.fresh_workspaces}-")
    page.goto(url)
    page.locator(".jp-DirListing-content").wait_for(timeout=90_000)


def readout_number(text: str) -> float:
    """A number as ipywidgets shows it ("−0.80" uses U+2212 for the minus sign)."""
    cleaned = text.strip().replace("\u2212", "-").replace("\u2009", "").replace(",", "")
    return float(cleaned)
