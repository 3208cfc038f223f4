"""The line explorer (notebook 02) and the matrix explorer (notebook 03) in JupyterLab.

Each notebook is opened from the file browser and run from the Run menu. Then the explorer is
moved as a reader moves it — arrow keys on a focused slider, a mouse drag, a menu, a toggle,
a click on the picture — and after each move the page must show what this process computes
for the state the controls show: the numbers from formulas written here (the costs and the
descent of the line, eq. 25 in numpy for the matrices), and the very picture an explorer made
here in the same state writes. No error output, no console error.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from explorer_ui import Explorer, number, same_number, svg_tree
from jupyter_ui import ACTIVE_PANEL, error_outputs, notebook, run_all_cells

import bpcore as bp

pytestmark = pytest.mark.browser

A_B = (np.array([1.0, 2.0]), np.array([2.0, 3.0]))  # notebook 02's points


def _open(page, name: str, title: str, artifacts) -> Explorer:
    prompts = run_all_cells(page, name, timeout=180)
    errors = error_outputs(page)
    assert not errors, "error output in the page:\n" + "\n---\n".join(errors)
    assert prompts and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts), prompts
    explorer = Explorer(page, page.locator(ACTIVE_PANEL), title)
    explorer.wait_visible()
    explorer.root.scroll_into_view_if_needed()
    return explorer


def _shoot(explorer: Explorer, artifacts, name: str) -> None:
    explorer.root.scroll_into_view_if_needed()
    explorer.root.screenshot(path=str(artifacts / f"{name}.png"))


def _menu(explorer: Explorer, name: str) -> str:
    """The label a menu (a select) shows."""
    return explorer.control(name).evaluate("e => e.options[e.selectedIndex].text")


def _toggle(explorer: Explorer, label: str) -> str:
    """The pressed button of the toggle group labelled ``label``."""
    group = explorer.root.locator(f'[role="radiogroup"][aria-label="{label}"]')
    return group.locator('[aria-checked="true"]').inner_text()


def _press_toggle(explorer: Explorer, label: str, option: str) -> None:
    explorer.root.get_by_role("radio", name=f"{label}: {option}").click()


# --- the line explorer ------------------------------------------------------------------------


def _line_state(explorer: Explorer) -> dict:
    return {
        "m": explorer.value("m"),
        "c": explorer.value("c"),
        "eta": explorer.value("eta"),
        "steps": int(explorer.value("steps")),
        "cost": _toggle(explorer, "descend"),
        "train": {"m and c": "both", "m only (c fixed)": "m"}[_toggle(explorer, "train")],
    }


def _assert_line_shows(explorer: Explorer, text: str) -> None:
    from bpcore.widgets import LineWidget

    s = _line_state(explorer)
    x, y = A_B
    r = s["m"] * x + s["c"] - y
    squared, absolute = 0.5 * float(r @ r), float(np.abs(r).sum())
    m, c = s["m"], s["c"]
    for _ in range(s["steps"]):
        outer = m * x + c - y if s["cost"] == "squared" else np.sign(m * x + c - y)
        m, c = (
            m - s["eta"] * float(outer @ x),
            c - s["eta"] * float(outer.sum()) * (s["train"] == "both"),
        )
    end = m * x + c - y
    end_cost = 0.5 * float(end @ end) if s["cost"] == "squared" else float(np.abs(end).sum())
    plain = text.replace("\u2212", "-")
    shown = {k: number(v) for k, v in re.findall(r"(½Σr²|Σ\|r\|) = ([-\d.e+]+)", plain)}
    assert same_number(shown["½Σr²"], squared) and same_number(shown["Σ|r|"], absolute), text
    tail = re.search(r"m = ([-\d.e+]+), c = ([-\d.e+]+), C = ([-\d.e+]+)", plain)
    assert tail, text
    assert same_number(number(tail.group(1)), m) and same_number(number(tail.group(3)), end_cost)
    assert f"η = {s['eta']:g}" in text  # exactly the slider's decimal, e.g. 0.35
    here = LineWidget(*A_B, **s)
    assert svg_tree(explorer.svg()) == svg_tree(here.svg)


@pytest.fixture(scope="class")
def line_explorer(lab_page, artifacts):
    with notebook(lab_page, "02-line-to-gradient-descent.ipynb", artifacts):
        yield _open(lab_page, "02-line-to-gradient-descent.ipynb", "line explorer", artifacts)


class TestLineExplorer:
    @pytest.fixture
    def explorer(self, line_explorer):
        return line_explorer

    def test_it_starts_where_the_notebook_left_it(self, explorer, artifacts):
        _shoot(explorer, artifacts, "line-0-initial")
        state = _line_state(explorer)
        assert (state["m"], state["c"], state["eta"], state["steps"]) == (1.0, 0.0, 0.35, 30)
        _assert_line_shows(explorer, explorer.readout())
        assert not explorer.page.console_errors

    def test_arrow_keys_move_m_by_exact_steps(self, explorer, artifacts):
        before = explorer.readout()
        explorer.press("eta", "Home")  # η = 0.001: tame the descent first
        text = explorer.settled(before, until=lambda t: "η = 0.001" in t)
        explorer.press("m", "ArrowRight", 5)
        text = explorer.settled(text, until=lambda t: "f(x) = 1.05·x + 0" in t)
        _shoot(explorer, artifacts, "line-1-keyboard")
        assert explorer.value("m") == 1.05
        _assert_line_shows(explorer, text)

    def test_dragging_eta_and_switching_the_cost(self, explorer, artifacts):
        before = explorer.readout()
        explorer.drag("eta", 40)
        text = explorer.settled(before)
        assert explorer.value("eta") > 0.01
        _assert_line_shows(explorer, text)
        before = text
        _press_toggle(explorer, "descend", "absolute")
        text = explorer.settled(before, until=lambda t: "absolute cost" in t)
        _press_toggle(explorer, "train", "m only (c fixed)")
        text = explorer.settled(text, until=lambda t: "m alone" in t)
        _shoot(explorer, artifacts, "line-2-drag-absolute")
        _assert_line_shows(explorer, text)
        assert not explorer.page.console_errors


# --- the matrix explorer ----------------------------------------------------------------------


def _matrix_state(explorer: Explorer) -> dict:
    return {
        "layer": int(_menu(explorer, "layer").split("=")[1]),
        "j": int(_menu(explorer, "j").split("=")[1]),
        "column": int(explorer.value("column")),
        "batch": _toggle(explorer, "input") == "a batch",
    }


def _assert_matrix_shows(explorer: Explorer, text: str) -> None:
    from bpcore.widgets import MatrixWidget

    s = _matrix_state(explorer)
    net = bp.Network([2, 3, 2], seed=0)  # notebook 03's network and batch
    x = np.array([[0.5], [-1.0]])
    X = np.column_stack([x, np.random.default_rng(0).uniform(-1.0, 1.0, size=(2, 4))])
    A = X
    for l, (w, b) in enumerate(zip(net.weights, net.biases), start=2):  # eq. 25 in numpy
        Z = w @ A + b
        if l == s["layer"]:
            break
        A = 1 / (1 + np.exp(-Z))
    z = float(Z[s["j"], s["column"]])
    plain = text.replace("\u2212", "-")
    assert f"example i = {s['column']} of 5" in text, text
    sums = re.search(r"= ([-\d.e+]+)\s*·\s*a", plain)
    assert sums and abs(number(sums.group(1)) - z) <= 5e-3 * abs(z) + 1e-12, (text, z)
    sigma = re.search(r"σ\([^)]*\) = ([-\d.e+]+)", plain)
    a = 1 / (1 + np.exp(-z))
    assert sigma and abs(number(sigma.group(1)) - a) <= 5e-3 * a, (text, a)
    here = MatrixWidget(net, X, **s)
    assert svg_tree(explorer.svg()) == svg_tree(here.svg)


@pytest.fixture(scope="class")
def matrix_explorer(lab_page, artifacts):
    with notebook(lab_page, "03-matrix-forward-pass.ipynb", artifacts):
        yield _open(lab_page, "03-matrix-forward-pass.ipynb", "matrix explorer", artifacts)


class TestMatrixExplorer:
    @pytest.fixture
    def explorer(self, matrix_explorer):
        return matrix_explorer

    def test_it_starts_where_the_notebook_left_it(self, explorer, artifacts):
        _shoot(explorer, artifacts, "matrix-0-initial")
        assert _matrix_state(explorer) == {"layer": 2, "j": 1, "column": 3, "batch": True}
        _assert_matrix_shows(explorer, explorer.readout())
        assert not explorer.page.console_errors

    def test_arrow_keys_step_through_the_examples(self, explorer, artifacts):
        before = explorer.readout()
        explorer.press("column", "ArrowLeft", 2)
        text = explorer.settled(before, until=lambda t: "example i = 1 of 5" in t)
        _shoot(explorer, artifacts, "matrix-1-keyboard")
        _assert_matrix_shows(explorer, text)

    def test_menus_toggles_and_clicks_choose_what_is_shown(self, explorer, artifacts):
        before = explorer.readout()
        explorer.choose("layer", "l = 3")
        text = explorer.settled(before, until=lambda t: "Z3" in t or "z3" in t)
        _assert_matrix_shows(explorer, text)
        explorer.click({"j": 1, "column": 4})  # a cell of Z^3
        text = explorer.settled(text, until=lambda t: "example i = 4 of 5" in t)
        assert _matrix_state(explorer)["j"] == 1
        _assert_matrix_shows(explorer, text)
        _press_toggle(explorer, "input", "one example")
        text = explorer.settled(text, until=lambda t: "(2×1)" in t)
        explorer.click({"layer": 2, "j": 0})  # a neuron of layer 2 in the drawing
        text = explorer.settled(text, until=lambda t: _matrix_state(explorer)["layer"] == 2)
        _shoot(explorer, artifacts, "matrix-2-clicks")
        assert _matrix_state(explorer)["j"] == 0
        _assert_matrix_shows(explorer, text)
        explorer.drag("column", -200)  # the mouse, to the first example
        text = explorer.settled(text, until=lambda t: "example i = 0 of 5" in t)
        _assert_matrix_shows(explorer, text)
        assert not explorer.page.console_errors
