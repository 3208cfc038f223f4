"""Every notebook, opened in JupyterLab and run from the Run menu, shows no error in the page.

(notebooks/10-big-picture.ipynb, the explorer, has its own tests in test_explorer_in_lab.py.)
"""

from __future__ import annotations

import re

import pytest
from conftest import NOTEBOOKS
from jupyter_ui import error_outputs, notebook, run_all_cells

pytestmark = pytest.mark.browser

EXPLORER = "10-big-picture.ipynb"
OTHERS = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb") if p.name != EXPLORER)


@pytest.mark.parametrize("name", OTHERS)
def test_notebook_runs_without_errors_in_lab(lab_page, artifacts, name):
    page = lab_page
    with notebook(page, name):
        prompts = run_all_cells(page, timeout=120)
        page.screenshot(path=str(artifacts / f"lab-{name.removesuffix('.ipynb')}.png"))
        errors = error_outputs(page)
        assert not errors, f"{name}: error output in the page:\n" + "\n---\n".join(errors)
        # Run All stops at the first error; every cell with a visible prompt must have run.
        not_run = [p for p in prompts if not re.fullmatch(r"\[\d+\]:", p)]
        assert prompts and not not_run, f"{name}: cells did not run: {prompts}"
        assert not page.console_errors, f"{name}: errors in the page: {page.console_errors}"
