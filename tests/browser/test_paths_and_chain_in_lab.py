"""The paths explorer (notebook 10) and the chain explorer (notebook 11) in JupyterLab.

Each notebook is opened from the file browser and run from the Run menu; then its explorer is
moved as a reader would — keys on a focused slider, arrow keys on the focused explorer, the ◀ ▶
buttons, a mouse drag, a click on the picture, menus and toggle buttons — and after each move the
page must show bpcore's numbers for what the controls show, the very picture an explorer made
here with the same settings writes, and no error output or console error.

The notebooks build the explorers as
``PathsWidget(bp.Network([2, 3, 4, 3, 2], seed=2), x, y, layer=2, j=1, k=0)`` with x, y of
``book_network()``, and ``ChainWidget(x=1.0, weights=[0.8, -1.5, 2.0], y=0.9, dw=0.01)``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

import numpy as np
import pytest
from explorer_ui import Explorer, number, same_number, svg_tree
from jupyter_ui import ACTIVE_PANEL, error_outputs, notebook, run_all_cells

import bpcore as bp
from bpcore.examples import book_network
from bpcore.widgets import ChainWidget, PathsWidget

pytestmark = pytest.mark.browser

_NUMBER = r"([-+\u2212]?(?:\d+\.?\d*|\.\d+)(?:e[-+\u2212]?\d+)?)"
_PATHS = re.compile(
    rf"path (\d+) of (\d+) \((.*?)\): ([wb]\^\d+_\d+) →.*?"
    rf"sum of the first (\d+) rates = {_NUMBER}.*?all (\d+): {_NUMBER}.*?"
    rf"backprop ∂C/∂([wb]\^\d+_\d+) = {_NUMBER}",
    re.S,
)
_CHAIN = re.compile(
    rf"product = ∂C/∂w₁ = {_NUMBER} \(eq\. 85\).*?backprop: {_NUMBER}.*?"
    rf"Δw₁ = {_NUMBER}: ΔC exact = {_NUMBER}.*?product × Δw₁ = {_NUMBER}",
    re.S,
)


# --- the paths explorer --------------------------------------------------------------------------


@dataclass(frozen=True)
class PathsReadout:
    n: int
    count: int
    order: str
    parameter: str
    running: float
    total: float
    gradient: float

    @classmethod
    def parse(cls, text: str) -> PathsReadout:
        match = _PATHS.search(text)
        if match is None:
            raise AssertionError(f"the paths explorer's readout is not as expected: {text!r}")
        n, count, order, parameter, n_again, running, count_again, total, name, gradient = (
            match.groups()
        )
        assert (n, count, parameter) == (n_again, count_again, name), text
        return cls(
            int(n), int(count), order, parameter, number(running), number(total), number(gradient)
        )


def _deep():
    _, x, y = book_network()
    return bp.Network([2, 3, 4, 3, 2], seed=2), x, y


def _parameter(text: str) -> tuple[int, int, int | None]:
    kind, layer, indices = re.fullmatch(r"([wb])\^(\d)_(\d+)", text).groups()
    if kind == "b":
        return int(layer), int(indices), None
    return int(layer), int(indices[0]), int(indices[1])


def assert_paths_show_bpcore(explorer: Explorer, shown: PathsReadout, group: int | None = None):
    """The running sum of the first n paths, their total and ∂C/∂w, as bpcore computes them,
    and the picture a PathsWidget made here draws for the same state."""
    net, x, y = _deep()
    layer, j, k = _parameter(shown.parameter)
    found = bp.paths(net, x, y, layer=layer, j=j, k=k)
    order = list(range(len(found)))
    if shown.order.startswith("grouped"):
        order.sort(key=lambda i: found[i].neurons[group - layer])
    running = math.fsum(found[i].rate for i in order[: shown.n])
    assert shown.count == found.count == len(found)
    assert same_number(shown.running, running), (shown, running)
    assert same_number(shown.total, found.total) and same_number(shown.gradient, found.total)
    here = PathsWidget(net, x, y, layer=2, j=1, k=0)
    state = {"layer": layer, "j": j, "k": "bias" if k is None else k, "n": shown.n}
    if shown.order.startswith("grouped"):
        state["order"] = "grouped"
    if group is not None:
        state["group"] = group
    here.set(**state)
    assert here.error == ""
    assert svg_tree(explorer.svg()) == svg_tree(here.svg)


def opened(page, name: str, title: str, artifacts):
    """Open notebook ``name``, run all its cells, and yield its explorer titled ``title``."""
    with notebook(page, name, artifacts):
        prompts = run_all_cells(page, name, timeout=180)
        errors = error_outputs(page)
        assert not errors, "error output in the page:\n" + "\n---\n".join(errors)
        assert prompts and all(re.fullmatch(r"\[\d+\]:", p) for p in prompts), prompts
        explorer = Explorer(page, page.locator(ACTIVE_PANEL), title)
        explorer.wait_visible()
        explorer.root.scroll_into_view_if_needed()
        yield explorer
        assert not error_outputs(page)
        assert not page.console_errors, page.console_errors


@pytest.fixture(scope="class")
def paths_explorer(lab_page, artifacts):
    yield from opened(lab_page, "10-big-picture.ipynb", "paths explorer", artifacts)


@pytest.fixture(scope="class")
def chain_explorer(lab_page, artifacts):
    yield from opened(lab_page, "11-one-neuron-per-layer.ipynb", "chain explorer", artifacts)


def click_edge(explorer: Explorer, pick: dict) -> None:
    """Click the edge ``pick`` with the mouse, at a point of it that no other edge covers."""
    attribute = json.dumps(pick, separators=(",", ":"))
    edge = explorer.picture.locator(f"line[data-pick='{attribute}']").first
    edge.scroll_into_view_if_needed()
    point = edge.evaluate(
        """(line) => {
          const svg = line.ownerSVGElement, m = line.getScreenCTM();
          const [x1, y1, x2, y2] = ["x1", "y1", "x2", "y2"].map((a) => +line.getAttribute(a));
          for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.35, 0.65, 0.25, 0.75]) {
            const p = svg.createSVGPoint();
            p.x = x1 + t * (x2 - x1);
            p.y = y1 + t * (y2 - y1);
            const s = p.matrixTransform(m);
            const hit = document.elementFromPoint(s.x, s.y);
            // The edge itself or its wide invisible hit stroke: both name the same pick.
            const owner = hit && hit.closest("[data-pick]");
            if (owner && owner.getAttribute("data-pick") === line.getAttribute("data-pick"))
              return { x: s.x, y: s.y };
          }
          return null;
        }"""
    )
    assert point is not None, f"no point of edge {pick} is on top"
    explorer.page.mouse.click(point["x"], point["y"])


class TestPathsExplorer:
    @pytest.fixture
    def explorer(self, paths_explorer):
        return paths_explorer

    def shoot(self, explorer: Explorer, artifacts, name: str) -> None:
        explorer.root.scroll_into_view_if_needed()
        explorer.root.screenshot(path=str(artifacts / f"paths-lab-{name}.png"))

    def test_it_starts_with_bpcores_numbers(self, explorer, artifacts):
        self.shoot(explorer, artifacts, "0-initial")
        shown = PathsReadout.parse(explorer.readout())
        assert (shown.parameter, shown.n, shown.count) == ("w^2_10", 1, 24)
        assert_paths_show_bpcore(explorer, shown)

    def test_keys_on_the_slider_and_on_the_explorer_step_through_the_paths(
        self, explorer, artifacts
    ):
        cells = explorer.page.locator(f"{ACTIVE_PANEL} .jp-Cell").count()
        before = explorer.readout()
        explorer.press("n", "ArrowRight", 3)
        text = explorer.settled(before, until=lambda t: PathsReadout.parse(t).n == 4)
        assert_paths_show_bpcore(explorer, PathsReadout.parse(text))
        explorer.root.focus()  # the explorer itself: ← → move its main slider, "paths summed"
        explorer.root.press("ArrowRight")
        text = explorer.settled(text, until=lambda t: PathsReadout.parse(t).n == 5)
        self.shoot(explorer, artifacts, "1-keyboard")
        assert_paths_show_bpcore(explorer, PathsReadout.parse(text))
        assert explorer.page.locator(f"{ACTIVE_PANEL} .jp-Cell").count() == cells

    def test_the_step_buttons_and_a_drag(self, explorer, artifacts):
        start = PathsReadout.parse(explorer.readout())
        explorer.root.get_by_role("button", name="paths summed one step on").click()
        text = explorer.settled("", until=lambda t: PathsReadout.parse(t).n == start.n + 1)
        assert_paths_show_bpcore(explorer, PathsReadout.parse(text))
        explorer.root.get_by_role("button", name="paths summed one step back").click()
        text = explorer.settled(text, until=lambda t: PathsReadout.parse(t).n == start.n)
        explorer.drag("n", 90)
        text = explorer.settled(text, until=lambda t: PathsReadout.parse(t).n > start.n + 2)
        self.shoot(explorer, artifacts, "2-drag")
        shown = PathsReadout.parse(text)
        assert shown.n == explorer.value("n")
        assert_paths_show_bpcore(explorer, shown)

    def test_a_click_on_an_edge_picks_its_weight_and_the_slider_follows(self, explorer, artifacts):
        click_edge(explorer, {"layer": 3, "j": 2, "k": 1})
        text = explorer.settled("", until=lambda t: PathsReadout.parse(t).parameter == "w^3_21")
        shown = PathsReadout.parse(text)
        assert shown.count == 6 and explorer.control("n").get_attribute("max") == "6"
        explorer.press("n", "Home")  # its first path alone
        text = explorer.settled(text, until=lambda t: PathsReadout.parse(t).n == 1)
        assert_paths_show_bpcore(explorer, PathsReadout.parse(text))
        explorer.press("n", "End")  # the last of its 6 paths: the sum is complete (eq. 53)
        text = explorer.settled(text, until=lambda t: PathsReadout.parse(t).n == 6)
        shown = PathsReadout.parse(text)
        self.shoot(explorer, artifacts, "3-click")
        assert shown.running == shown.total == shown.gradient
        assert_paths_show_bpcore(explorer, shown)

    def test_regrouped_at_a_layer_the_tails_are_delta(self, explorer, artifacts):
        click_edge(explorer, {"layer": 2, "j": 1, "k": 0})
        text = explorer.settled("", until=lambda t: PathsReadout.parse(t).parameter == "w^2_10")
        explorer.choose("group", "layer q = 4")
        text = explorer.settled(text, until=lambda t: "regrouped at layer q = 4" in t)
        explorer.choose("order", "grouped by layer q")
        text = explorer.settled(text, until=lambda t: "grouped by layer q" in t)
        self.shoot(explorer, artifacts, "4-regrouped")
        assert_paths_show_bpcore(explorer, PathsReadout.parse(text), group=4)
        net, x, y = _deep()
        deltas = bp.backprop(net, x, y).deltas[2][:, 0]  # δ^4
        rows = explorer.readout_box.locator("table tr").all_inner_texts()[1:]
        assert len(rows) == deltas.size
        for row, delta in zip(rows, deltas):
            cells = [number(c) for c in row.split("\t") if c.strip()]
            neuron, tails, shown_delta = int(cells[0]), cells[4], cells[5]
            assert same_number(tails, deltas[neuron]) and same_number(shown_delta, delta)


# --- the chain explorer ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReadout:
    product: float
    backprop: float
    dw: float
    dC: float
    dC_linear: float

    @classmethod
    def parse(cls, text: str) -> ChainReadout:
        match = _CHAIN.search(text)
        if match is None:
            raise AssertionError(f"the chain explorer's readout is not as expected: {text!r}")
        return cls(*(number(v) for v in match.groups()))


def assert_chain_shows_bpcore(explorer: Explorer, shown: ChainReadout) -> None:
    """The product, backprop's ∂C/∂w_1 and the exact ΔC for the values the sliders show."""
    values = {name: explorer.value(name) for name in ("x", "y", "dw", "w_1", "w_2", "w_3")}
    weights = [values["w_1"], values["w_2"], values["w_3"]]
    c = bp.chain(values["x"], weights, values["y"])
    after = bp.chain(values["x"], [weights[0] + values["dw"], *weights[1:]], values["y"])
    assert same_number(shown.product, c.product), (shown, c.product)
    assert same_number(shown.backprop, bp.chain_gradient(c))
    assert same_number(shown.dC, after.cost - c.cost), (shown, after.cost - c.cost)
    assert same_number(shown.dC_linear, c.product * values["dw"])
    here = ChainWidget(x=1.0, weights=[0.8, -1.5, 2.0], y=0.9, dw=0.01)
    here.set(**values)
    assert svg_tree(explorer.svg()) == svg_tree(here.svg)


class TestChainExplorer:
    @pytest.fixture
    def explorer(self, chain_explorer):
        return chain_explorer

    def shoot(self, explorer: Explorer, artifacts, name: str) -> None:
        explorer.root.scroll_into_view_if_needed()
        explorer.root.screenshot(path=str(artifacts / f"chain-lab-{name}.png"))

    def test_it_starts_with_bpcores_numbers(self, explorer, artifacts):
        self.shoot(explorer, artifacts, "0-initial")
        shown = ChainReadout.parse(explorer.readout())
        assert shown.dw == pytest.approx(0.01)
        assert_chain_shows_bpcore(explorer, shown)

    def test_keys_move_a_weight_and_the_explorer_moves_the_nudge(self, explorer, artifacts):
        before = explorer.readout()
        explorer.press("w_2", "ArrowRight", 4)  # four steps of 0.05: w_2 from −1.5 to −1.3
        text = explorer.settled(before, until=lambda t: abs(explorer.value("w_2") + 1.3) < 1e-9)
        assert_chain_shows_bpcore(explorer, ChainReadout.parse(text))
        explorer.root.focus()
        explorer.root.press("ArrowRight")  # the explorer's main slider, Δw_1, one step of 0.005
        text = explorer.settled(text, until=lambda t: ChainReadout.parse(t).dw > 0.0149)
        self.shoot(explorer, artifacts, "1-keyboard")
        shown = ChainReadout.parse(text)
        assert shown.dw == pytest.approx(0.015)
        assert_chain_shows_bpcore(explorer, shown)

    def test_dragging_x_changes_every_factor(self, explorer, artifacts):
        before = explorer.readout()
        start = explorer.value("x")
        explorer.drag("x", 40)
        text = explorer.settled(before, until=lambda t: explorer.value("x") > start + 0.2)
        self.shoot(explorer, artifacts, "2-drag")
        assert_chain_shows_bpcore(explorer, ChainReadout.parse(text))
        factors = explorer.readout_box.locator("table td").all_inner_texts()
        assert [f.split("\n")[0] for f in factors][:2] == ["x", "σ'(h_1)"]
        assert np.isclose(number(factors[0].split("\n")[1]), explorer.value("x"), atol=5e-3)
