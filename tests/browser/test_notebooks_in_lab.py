"""Every notebook, opened in JupyterLab and run from the Run menu, shows no error in the page.

(notebooks/10-big-picture.ipynb, the explorer, has its own tests in test_explorer_in_lab.py.)

To keep the suite short, the notebooks run two at a time, in two JupyterLab pages of the same
server: one thread starts a run in each page and polls both (the kernels and the browser work
on meanwhile). Each notebook's outcome is then one test.
"""

from __future__ import annotations

import re
import time

import pytest
from conftest import NOTEBOOKS, open_lab
from jupyter_ui import RunAll, close_notebook, error_outputs, fresh_workspace, open_notebook

pytestmark = pytest.mark.browser

EXPLORER = "10-big-picture.ipynb"
OTHERS = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb") if p.name != EXPLORER)
PAGES = 2


def _finish(page, name: str, run: RunAll, artifacts) -> dict:
    outcome = {"prompts": run.result(), "errors": error_outputs(page)}
    page.screenshot(path=str(artifacts / f"lab-{name.removesuffix('.ipynb')}.png"))
    return outcome


@pytest.fixture(scope="module")
def outcomes(browser, lab, lab_page, artifacts) -> dict[str, dict]:
    """Run every notebook in OTHERS; name → {"prompts", "errors", "page_errors"} or
    {"failure": message} when the run itself could not be done."""
    results: dict[str, dict] = {}
    todo = list(OTHERS)
    pages = [lab_page]
    extra_contexts = []
    running: dict[int, tuple[str, RunAll, int]] = {}  # page index → (name, run, errors before)

    def fail(index: int, name: str, error: Exception) -> None:
        page = pages[index]
        results[name] = {"failure": f"{type(error).__name__}: {error}"}
        try:
            page.screenshot(path=str(artifacts / f"FAILED-lab-{name.removesuffix('.ipynb')}.png"))
            close_notebook(page, name)
        except Exception:  # noqa: BLE001 - start the next notebook from a clean page
            fresh_workspace(page)

    try:
        while todo or running:
            for index in range(PAGES):
                if index not in running and todo:
                    if index >= len(pages):  # the second page loads while the first runs
                        context, page = open_lab(browser, lab, f"bpcore-tests-{index}")
                        extra_contexts.append(context)
                        pages.append(page)
                    page, name = pages[index], todo.pop(0)
                    try:
                        open_notebook(page, name)
                        run = RunAll(page, name).start()
                    except Exception as error:  # noqa: BLE001 - recorded, reported by its test
                        fail(index, name, error)
                        continue
                    running[index] = (name, run, len(page.console_errors))
            for index, (name, run, errors_before) in list(running.items()):
                page = pages[index]
                try:
                    if not run.done():
                        continue
                    results[name] = _finish(page, name, run, artifacts)
                    results[name]["page_errors"] = page.console_errors[errors_before:]
                    close_notebook(page, name)
                except Exception as error:  # noqa: BLE001 - recorded, reported by its test
                    fail(index, name, error)
                del running[index]
            time.sleep(0.2)
        yield results
    finally:
        for context in extra_contexts:
            context.close()


@pytest.mark.parametrize("name", OTHERS)
def test_notebook_runs_without_errors_in_lab(outcomes, name):
    outcome = outcomes[name]
    assert "failure" not in outcome, f"{name}: {outcome.get('failure')}"
    errors = outcome["errors"]
    assert not errors, f"{name}: error output in the page:\n" + "\n---\n".join(errors)
    # Run All stops at the first error; every cell with a visible prompt must have run.
    prompts = outcome["prompts"]
    not_run = [p for p in prompts if not re.fullmatch(r"\[\d+\]:", p)]
    assert prompts and not not_run, f"{name}: cells did not run: {prompts}"
    assert not outcome["page_errors"], f"{name}: errors in the page: {outcome['page_errors']}"
