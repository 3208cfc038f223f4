"""Notebook 05's saturation and learning explorers and notebook 06's proof explorer in
JupyterLab, as a reader uses them: each notebook is opened from the file browser and run from
the Run menu; then every explorer is moved by keyboard and by mouse (and the learning
explorer played and paused), and what the page shows is checked against numbers computed in
this process — closed forms and forward passes written here, and the picture an explorer
made here with the same settings writes.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pytest
from explorer_ui import Explorer, number, same_number, svg_tree
from jupyter_ui import ACTIVE_PANEL, error_outputs, notebook, run_all_cells

import bpcore as bp
from bpcore.data import xor_clouds
from bpcore.widgets import LearnWidget, ProofWidget, SaturationWidget

pytestmark = pytest.mark.browser

NB05, NB06 = "05-four-equations.ipynb", "06-proofs.ipynb"
_NUMBER = r"([-+\u2212]?\d+\.?\d*(?:e[-+\u2212]?\d+)?)"


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _run(page, name, artifacts):
    prompts = run_all_cells(page, name, timeout=180)
    errors = error_outputs(page)
    assert not errors, "error output in the page:\n" + "\n---\n".join(errors)
    assert prompts and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts), prompts
    page.screenshot(path=str(artifacts / f"lab-{name.removesuffix('.ipynb')}-explorers.png"))


def _explorer(page, title) -> Explorer:
    explorer = Explorer(page, page.locator(ACTIVE_PANEL), title)
    explorer.wait_visible()
    explorer.root.scroll_into_view_if_needed()
    return explorer


def _shoot(explorer: Explorer, artifacts, name: str) -> None:
    explorer.root.scroll_into_view_if_needed()
    explorer.root.screenshot(path=str(artifacts / f"explorer-lab-{name}.png"))


def _click(explorer: Explorer, control: str) -> None:
    explorer.control(control).click()


def _played_to(explorer: Explorer, step: int, timeout: float = 90.0) -> None:
    """Wait while playing until the readout shows at least ``step`` gradient steps."""
    deadline = time.monotonic() + timeout
    while _learn_readout(explorer.readout())["step"] < step:
        assert time.monotonic() < deadline, explorer.readout()
        explorer.page.wait_for_timeout(100)


def _toggle(explorer: Explorer, group: str, label: str) -> None:
    """Press the button ``label`` of a row of toggle buttons (a radio group named ``group``)."""
    explorer.root.get_by_role("radio", name=f"{group}: {label}").click()


# --- notebook 05 ---------------------------------------------------------------------------------


@pytest.fixture(scope="class")
def nb05(lab_page, artifacts):
    with notebook(lab_page, NB05, artifacts):
        _run(lab_page, NB05, artifacts)
        yield lab_page


def _saturation_readout(text: str) -> dict[str, float]:
    """a, σ′(z), δ_out and ∂C/∂w as the saturation explorer's readout shows them."""
    found = {
        "a": rf"a = σ\(z\) = {_NUMBER}",
        "slope": rf"σ′\(z\) = {_NUMBER}",
        "dC_dw": rf"∂C/∂w = a_in · δ_out = {_NUMBER} × {_NUMBER} = {_NUMBER}",
    }
    values = {}
    for key, pattern in found.items():
        match = re.search(pattern, text)
        assert match, (key, text)
        values[key] = number(match.groups()[-1])
        if key == "dC_dw":
            values["a_in"] = number(match.group(1))
    return values


def _assert_saturation(explorer: Explorer, text: str, cost: str = "quadratic") -> None:
    """The readout is BP1 and BP4 in closed form at the sliders' values; the picture is what
    a SaturationWidget made here with those values draws."""
    z, a_in, y = explorer.value("z"), explorer.value("a_in"), explorer.value("y")
    shown = _saturation_readout(text)
    a = _sigmoid(z)
    slope = a * (1 - a)
    delta = a - y if cost == "cross_entropy" else (a - y) * slope
    assert same_number(shown["a"], a) and same_number(shown["slope"], slope), (shown, z)
    assert shown["a_in"] == pytest.approx(a_in, abs=5e-3)
    assert same_number(shown["dC_dw"], a_in * delta), (shown, a_in * delta)
    here = SaturationWidget(a_in=a_in, z=z, y=y, cost=cost)
    assert svg_tree(explorer.svg()) == svg_tree(here.svg)


def _learn_readout(text: str) -> dict[str, float]:
    step = re.search(r"step (\d+)", text)
    cost = re.search(rf"C = {_NUMBER}", text)
    wrong = re.search(r"called wrong: (\d+) of (\d+)", text)
    eta = re.search(rf"η = {_NUMBER}", text)
    assert step and cost and wrong and eta, text
    return {
        "step": int(step.group(1)),
        "C": number(cost.group(1)),
        "wrong": int(wrong.group(1)),
        "eta": number(eta.group(1)),
    }


def _independent_cost(net, cost: str) -> float:
    """The cost of ``net`` on the explorer's 80 points, written out (sigmoid layers)."""
    pairs = xor_clouds(80, seed=0)
    X, Y = np.hstack([x for x, _ in pairs]), np.hstack([t for _, t in pairs])
    a = X
    for w, b in zip(net.weights, net.biases):
        a = _sigmoid(w @ a + b)
    if cost == "cross_entropy":
        return float(np.mean(-np.sum(Y * np.log(a) + (1 - Y) * np.log(1 - a), axis=0)))
    return float(np.mean(0.5 * np.sum((a - Y) ** 2, axis=0)))


class TestNotebook05:
    def test_the_saturation_explorer_starts_with_bpcores_numbers(self, nb05, artifacts):
        explorer = _explorer(nb05, "saturation explorer")
        _shoot(explorer, artifacts, "saturation-0-initial")
        text = explorer.readout()
        assert "although its output is wrong" in text
        _assert_saturation(explorer, text)
        assert not nb05.console_errors

    def test_the_saturation_explorer_moves_by_keyboard(self, nb05, artifacts):
        explorer = _explorer(nb05, "saturation explorer")
        before = explorer.readout()
        start = explorer.value("z")
        explorer.press("z", "ArrowRight", 10)  # a slider step is 0.05
        text = explorer.settled(
            before, until=lambda t: abs(_saturation_readout(t)["a"] - _sigmoid(start + 0.5)) < 1e-4
        )
        assert explorer.value("z") == pytest.approx(start + 0.5, abs=1e-9)
        _assert_saturation(explorer, text)
        # the explorer itself focused: ← moves its primary slider, z, and not the notebook
        cells = nb05.locator(f"{ACTIVE_PANEL} .jp-Cell").count()
        before = text
        explorer.root.focus()
        for _ in range(4):
            nb05.keyboard.press("ArrowLeft")
        text = explorer.settled(
            before, until=lambda t: abs(_saturation_readout(t)["a"] - _sigmoid(start + 0.3)) < 1e-4
        )
        assert explorer.value("z") == pytest.approx(start + 0.3, abs=1e-9)
        assert nb05.locator(f"{ACTIVE_PANEL} .jp-Cell").count() == cells
        _shoot(explorer, artifacts, "saturation-1-keyboard")
        _assert_saturation(explorer, text)

    def test_the_saturation_explorer_moves_by_mouse_and_switches_the_cost(self, nb05, artifacts):
        explorer = _explorer(nb05, "saturation explorer")
        before = explorer.readout()
        start = explorer.value("a_in")
        explorer.drag("a_in", -90)
        text = explorer.settled(before)
        assert explorer.value("a_in") < start - 0.1
        _assert_saturation(explorer, text)
        _toggle(explorer, "cost", "cross-entropy")
        text = explorer.settled(text, until=lambda t: "σ′ cancels" in t)
        _shoot(explorer, artifacts, "saturation-2-cross-entropy")
        _assert_saturation(explorer, text, cost="cross_entropy")
        assert not nb05.console_errors

    def test_the_learning_explorer_plays_pauses_and_steps(self, nb05, artifacts):
        explorer = _explorer(nb05, "learning explorer")
        first = _learn_readout(explorer.readout())
        assert (first["step"], first["wrong"]) == (0, 40)
        _shoot(explorer, artifacts, "learn-0-initial")
        _click(explorer, "play")
        _played_to(explorer, 40)
        _click(explorer, "play")  # pause
        nb05.wait_for_timeout(1500)
        paused = explorer.readout()
        nb05.wait_for_timeout(1500)
        assert explorer.readout() == paused, "the explorer went on after pause"
        shown = _learn_readout(paused)
        assert shown["step"] % 5 == 0
        here = LearnWidget()
        for _ in range(shown["step"] // 5):
            here.act("play")
        assert same_number(shown["C"], _independent_cost(here.state.net, "quadratic"))
        assert shown["wrong"] == here.readout["wrong"]
        assert svg_tree(explorer.svg()) == svg_tree(here.svg)
        _shoot(explorer, artifacts, "learn-1-paused")
        _click(explorer, "step")
        text = explorer.settled(paused)
        here.act("step")
        assert _learn_readout(text)["step"] == shown["step"] + 1
        assert same_number(
            _learn_readout(text)["C"], _independent_cost(here.state.net, "quadratic")
        )

    def test_the_learning_explorer_switches_cost_moves_eta_and_resets(self, nb05, artifacts):
        explorer = _explorer(nb05, "learning explorer")
        before = explorer.readout()
        step = _learn_readout(before)["step"]
        _toggle(explorer, "cost", "cross-entropy")
        text = explorer.settled(before, until=lambda t: "σ′ cancels" in t)
        assert _learn_readout(text)["step"] == step  # the network carries on
        explorer.press("eta", "ArrowRight", 2)  # a slider step is 0.05
        text = explorer.settled(text, until=lambda t: _learn_readout(t)["eta"] == 1.1)
        _click(explorer, "play")
        _played_to(explorer, step + 20)
        _click(explorer, "play")
        nb05.wait_for_timeout(1000)
        _shoot(explorer, artifacts, "learn-2-cross-entropy")
        assert "→ cross-entropy" in explorer.svg()
        before = explorer.readout()
        _click(explorer, "reset")
        text = explorer.settled(before, until=lambda t: _learn_readout(t)["step"] == 0)
        here = LearnWidget(eta=1.1, cost="cross_entropy")
        assert same_number(
            _learn_readout(text)["C"], _independent_cost(here.state.net, "cross_entropy")
        )
        assert svg_tree(explorer.svg()) == svg_tree(here.svg)
        assert not nb05.console_errors and not error_outputs(nb05)


# --- notebook 06 ---------------------------------------------------------------------------------


@pytest.fixture(scope="class")
def nb06(lab_page, artifacts):
    with notebook(lab_page, NB06, artifacts):
        _run(lab_page, NB06, artifacts)
        yield lab_page


NET = bp.Network([2, 3, 3, 2], seed=1)
X, Y = np.array([[0.8], [0.3]]), np.array([[1.0], [0.0]])
_PROOF = re.compile(
    rf"z(\d)(\d) nudged by Δz = {_NUMBER}: ΔC exact = {_NUMBER}.*?·Δz = {_NUMBER} × {_NUMBER} = "
    rf"{_NUMBER} \(eq\. 29\)",
    re.S,
)


def _cost_with_z_moved(layer, j, dz):
    """C with z^l_j moved by dz and the later layers run again, written out."""
    a = X
    for q, (w, b) in enumerate(zip(NET.weights, NET.biases), start=2):
        z = w @ a + b
        if q == layer:
            z[j, 0] += dz
        a = _sigmoid(z)
    return 0.5 * float(np.sum((a - Y) ** 2))


def _assert_proof(explorer: Explorer, text: str, values: dict) -> None:
    match = _PROOF.search(text)
    assert match, text
    layer, j, dz, dC, delta, _, linear = match.groups()
    layer, j = int(layer), int(j)
    dz = explorer.value("dz")
    assert number(match.group(3)) == pytest.approx(dz, abs=5e-4)
    exact = _cost_with_z_moved(layer, j, dz) - _cost_with_z_moved(layer, j, 0.0)
    h = 1e-6
    rate = (_cost_with_z_moved(layer, j, h) - _cost_with_z_moved(layer, j, -h)) / (2 * h)
    assert same_number(number(dC), exact), (dC, exact)
    assert same_number(number(delta), rate) and same_number(number(linear), rate * dz)
    here = ProofWidget(NET, X, Y, layer=layer, j=j, dz=dz, term=values.get("term", "all"))
    assert svg_tree(explorer.svg()) == svg_tree(here.svg)


class TestNotebook06:
    def test_the_proof_explorer_starts_with_the_exact_change(self, nb06, artifacts):
        explorer = _explorer(nb06, "proof explorer")
        _shoot(explorer, artifacts, "proof-0-initial")
        _assert_proof(explorer, explorer.readout(), {})
        assert "(eq. 45)" in explorer.readout()
        assert not nb06.console_errors

    def test_the_proof_explorer_moves_by_keyboard_and_mouse(self, nb06, artifacts):
        explorer = _explorer(nb06, "proof explorer")
        before = explorer.readout()
        start = explorer.value("dz")
        explorer.root.focus()
        for _ in range(10):
            nb06.keyboard.press("ArrowLeft")  # the primary slider, Δz, one step of 0.01
        text = explorer.settled(
            before, until=lambda t: f"Δz = {start - 0.1:+.3g}" in t.replace("\u2212", "-")
        )
        assert explorer.value("dz") == pytest.approx(start - 0.1, abs=1e-9)
        _assert_proof(explorer, text, {})
        before = text
        explorer.drag("dz", -70)
        text = explorer.settled(before)
        assert explorer.value("dz") < start - 0.2
        _shoot(explorer, artifacts, "proof-1-dragged")
        _assert_proof(explorer, text, {})

    def test_menus_and_clicks_choose_the_neuron_and_the_term(self, nb06, artifacts):
        explorer = _explorer(nb06, "proof explorer")
        before = explorer.readout()
        explorer.choose("layer", "l = 2")
        text = explorer.settled(before)
        explorer.choose("j", "j = 2")
        text = explorer.settled(text, until=lambda t: "z22 nudged" in t)
        explorer.choose("term", "k = 1")
        text = explorer.settled(text)
        _shoot(explorer, artifacts, "proof-2-term")
        _assert_proof(explorer, text, {"term": 1})
        explorer.click({"layer": 4, "j": 1, "k": "bias"})  # a click on an output neuron
        text = explorer.settled(text, until=lambda t: "z41 nudged" in t)
        assert "BP1, eq. 39" in text
        _assert_proof(explorer, text, {})
        assert not nb06.console_errors and not error_outputs(nb06)
