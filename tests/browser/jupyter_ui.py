"""What a reader does in JupyterLab, as Playwright steps: open a notebook from the file
browser, run every cell from the Run menu, wait until the kernel is done, read the error
outputs, close the notebook and shut its kernel down. Used by the browser tests only."""

from __future__ import annotations

import contextlib
import json
import re
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

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


def kernel_of(page, name: str) -> dict | None:
    """The kernel the server runs for notebooks/``name`` (its REST API), or None."""
    lab = page.lab
    request = urllib.request.Request(lab.url + "api/sessions")
    request.add_header("Authorization", f"token {lab.token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        sessions = json.load(response)
    kernels = [s["kernel"] for s in sessions if s.get("path") == f"notebooks/{name}"]
    return kernels[0] if len(kernels) == 1 and kernels[0] else None


def wait_kernel_ready(page, name: str, timeout: float = 60.0) -> str:
    """Wait until the notebook's kernel has started, is connected and stays the same one.

    The status bar must say "… | Idle" for this notebook, and the server must show one idle
    kernel for it with the same id for a second: JupyterLab sometimes replaces the first
    kernel it starts, and a Run All sent before that would be lost. Returns the kernel id.
    """
    status = page.locator("#jp-main-statusbar .jp-StatusBar-Item", has_text="| Idle").filter(
        has=page.locator(f'[title="Change kernel for {name}"]')
    )
    deadline = time.monotonic() + timeout
    stable_since, kernel_id, kernel = None, None, None
    while time.monotonic() < deadline:
        kernel = kernel_of(page, name)
        ready = kernel is not None and kernel.get("execution_state") == "idle"
        if ready and kernel["id"] == kernel_id and status.count() > 0:
            if time.monotonic() - stable_since >= 1.0:
                return kernel_id
        elif ready:
            stable_since, kernel_id = time.monotonic(), kernel["id"]
        else:
            stable_since, kernel_id = None, None
        page.wait_for_timeout(250)
    raise AssertionError(f"{name}: no kernel ready after {timeout:.0f} s (server: {kernel})")


class RunAll:
    """Run ▸ Run All Cells on the notebook open in ``page``, followed without blocking, so
    that one thread can keep runs going in several pages at once.

    ``start()`` waits for a settled kernel, clicks the menu and waits until the run has
    begun; ``done()`` polls once (finished = the kernel idle and no cell queued, three polls
    in a row); ``result()`` checks that the kernel was not replaced meanwhile and returns
    the input prompts.
    """

    def __init__(self, page, name: str, timeout: float = 120.0) -> None:
        self.page, self.name, self.timeout = page, name, timeout
        self.kernel_id: str | None = None
        self.deadline = 0.0
        self.idle_polls = 0
        self.state: dict | None = None

    def _state(self) -> dict:
        self.state = self.page.evaluate(_STATE_JS, ACTIVE_PANEL)
        return self.state

    def start(self) -> RunAll:
        self.kernel_id = wait_kernel_ready(self.page, self.name)
        before = self._state()["prompts"]
        menu(self.page, "Run", "Run All Cells")
        # Queued cells show "[*]:" at once (the stored notebook shows the counts of its
        # last run, so only a change tells that this run began).
        began = time.monotonic() + 20
        while True:
            prompts = self._state()["prompts"]
            if "[*]:" in prompts or prompts != before:
                break
            if time.monotonic() > began:
                raise AssertionError(f"{self.name}: Run All Cells did not start: {prompts}")
            self.page.wait_for_timeout(100)
        self.deadline = time.monotonic() + self.timeout
        return self

    def done(self) -> bool:
        state = self._state()
        idle = state is not None and state["status"] == "idle"
        idle = idle and not any(p.startswith("[*]") for p in state["prompts"])
        self.idle_polls = self.idle_polls + 1 if idle else 0
        if self.idle_polls >= 3:
            return True
        if time.monotonic() > self.deadline:
            raise AssertionError(f"{self.name}: still running after {self.timeout:.0f} s: {state}")
        return False

    def result(self) -> list[str]:
        kernel = kernel_of(self.page, self.name)
        if kernel is None or kernel["id"] != self.kernel_id:
            raise AssertionError(f"{self.name}: the kernel was replaced during the run ({kernel})")
        return self._state()["prompts"]


def run_all_cells(page, name: str, timeout: float = 120.0) -> list[str]:
    """Run ▸ Run All Cells and wait until every cell has run; returns the input prompts."""
    run = RunAll(page, name, timeout).start()
    while not run.done():
        page.wait_for_timeout(250)
    return run.result()


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
    wait_kernel_ready(page, name, timeout)


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
def notebook(page, name: str, artifacts: Path, timeout: float = 60.0) -> Iterator[None]:
    """Open ``name``; close it and shut its kernel down afterwards, also when the test fails
    (then a screenshot FAILED-lab-<name>.png goes to ``artifacts`` first; if even closing
    fails, a fresh workspace is loaded so that the next test starts clean)."""
    try:
        open_notebook(page, name, timeout)
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            page.screenshot(path=str(artifacts / f"FAILED-lab-{name.removesuffix('.ipynb')}.png"))
        raise
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
