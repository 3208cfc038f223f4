"""tools/first_cell.py: the Colab/JupyterLite set-up cell and the badges.

The script runs on copies of the notebooks in a temporary folder (never on notebooks/),
twice, to show that it is idempotent and touches nothing else. The set-up cell's code runs
here as IPython would run it (its %pip line transformed by IPython), with Colab or
JupyterLite faked: "google.colab" put in sys.modules, or sys.platform set to "emscripten"
with a stand-in piplite.
"""

from __future__ import annotations

import ast
import asyncio
import concurrent.futures
import inspect
import json
import shutil
import sys
import types
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import first_cell  # noqa: E402

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.fixture
def copies(tmp_path) -> list[Path]:
    (tmp_path / "notebooks").mkdir()
    for path in NOTEBOOKS:
        shutil.copy2(path, tmp_path / "notebooks" / path.name)
    return sorted((tmp_path / "notebooks").glob("*.ipynb"))


def cells_of(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def test_script_adds_the_cell_and_the_badges_once(copies):
    assert NOTEBOOKS, "no notebooks"
    before = {
        path: [c for c in cells_of(path) if first_cell.TAG not in c["metadata"].get("tags", [])]
        for path in copies
    }
    first_cell.main([str(path) for path in copies])
    once = {path: path.read_bytes() for path in copies}
    first_cell.main([str(path) for path in copies])
    assert {path: path.read_bytes() for path in copies} == once, "a second run changed a file"
    assert first_cell.main(["--check", *map(str, copies)]) == 0
    place = first_cell.repository()
    for path in copies:
        nbformat.validate(nbformat.read(path, as_version=4))
        cells = cells_of(path)
        setup = [c for c in cells if first_cell.TAG in c["metadata"].get("tags", [])]
        assert len(setup) == 1, path.name
        old = before[path]
        at = 1 if old[0]["cell_type"] == "markdown" else 0
        assert cells[at] is not None and cells[at]["id"] == first_cell.TAG
        assert "".join(cells[at]["source"]) == first_cell.setup_source(place)
        assert cells[at]["outputs"] == []  # it prints nothing where bpcore is installed
        # Before every other code cell.
        assert all(c["cell_type"] == "markdown" for c in cells[:at]), path.name
        # Every other cell as it was, but for the badge line in the title cell.
        rest = cells[:at] + cells[at + 1 :]
        assert [c["id"] for c in rest] == [c["id"] for c in old]
        assert rest[1:] == old[1:]
        if at == 1:
            title = "".join(rest[0]["source"]).split("\n")
            badge_lines = [ln for ln in title if first_cell.BADGE_MARK in ln]
            assert len(badge_lines) == 1
            assert f"urlpath=lab/tree/notebooks/{path.name}" in badge_lines[0]
            assert f"blob/main/notebooks/{path.name}" in badge_lines[0]
            assert f"lab/index.html?path=notebooks/{path.name}" in badge_lines[0]
            without = [ln for ln in title if first_cell.BADGE_MARK not in ln]
            old_title = "".join(old[0]["source"]).split("\n")
            if any(first_cell.BADGE_MARK in ln for ln in old_title):  # replaced in place
                assert without == [ln for ln in old_title if first_cell.BADGE_MARK not in ln]
            else:  # put below the title, after a blank line
                assert without == old_title[:1] + [""] + old_title[1:]


def test_script_updates_an_older_cell_and_badge_line_in_place(copies, monkeypatch):
    path = copies[0]
    first_cell.main([str(path)])
    monkeypatch.setattr(first_cell, "repository", lambda: "someone/elsewhere")
    first_cell.main([str(path)])
    text = path.read_text()
    assert "<user>/<repo>" not in text and "someone/elsewhere" in text
    cells = cells_of(path)
    assert sum(first_cell.TAG in c["metadata"].get("tags", []) for c in cells) == 1
    assert sum(first_cell.BADGE_MARK in "".join(c["source"]) for c in cells) == 1


def test_readme_badges_are_the_scripts(tmp_path):
    """README.md's badge block is what the script writes for tools/repository.txt."""
    readme = tmp_path / "README.md"
    shutil.copy2(REPO / "README.md", readme)
    assert not first_cell.update_readme(readme, first_cell.repository()), (
        "README.md's badges differ from tools/repository.txt: run python tools/first_cell.py"
    )
    text = readme.read_text()
    head = text.split("\n## ", 1)[0]
    for badge in ("colab-badge.svg", "badge_logo.svg", "jupyterlite"):
        assert badge in head, f"no {badge} badge at the top of README.md"


def test_repository_is_one_setting():
    place = first_cell.repository()
    assert place.count("/") == 1, place


# --- the cell's code, run as IPython runs it ------------------------------------------------


class Recorder:
    def __init__(self):
        self.calls: list[tuple] = []


def run_setup(monkeypatch, *, colab: bool = False, platform: str | None = None) -> Recorder:
    from IPython.core.inputtransformer2 import TransformerManager

    seen = Recorder()
    code = TransformerManager().transform_cell(first_cell.setup_source("owner/name"))
    shell = types.SimpleNamespace(
        run_line_magic=lambda name, line: seen.calls.append(("magic", name, line))
    )
    if colab:
        google = types.ModuleType("google")
        colab_module = types.ModuleType("google.colab")
        colab_module.output = types.SimpleNamespace(
            enable_custom_widget_manager=lambda: seen.calls.append(("widget manager",))
        )
        google.colab = colab_module
        monkeypatch.setitem(sys.modules, "google", google)
        monkeypatch.setitem(sys.modules, "google.colab", colab_module)
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    if platform:
        monkeypatch.setattr(sys, "platform", platform)

    async def install(requirements, **kwargs):
        seen.calls.append(("piplite", requirements))

    piplite = types.ModuleType("piplite")
    piplite.install = install
    monkeypatch.setitem(sys.modules, "piplite", piplite)
    namespace = {"get_ipython": lambda: shell, "__name__": "__main__"}
    compiled = compile(code, "<setup cell>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    result = eval(compiled, namespace)  # noqa: S307 - the cell's own code
    if inspect.isawaitable(result):
        # In a thread of its own: an event loop may already run in this one (Playwright's
        # sync API leaves one running when the browser tests ran first).
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, result).result()
    return seen


def test_cell_does_nothing_on_the_desktop(monkeypatch, capsys):
    seen = run_setup(monkeypatch)
    assert seen.calls == []
    assert capsys.readouterr() == ("", "")


def test_cell_installs_bpcore_with_widgets_on_colab(monkeypatch):
    seen = run_setup(monkeypatch, colab=True)
    assert seen.calls[0][:2] == ("magic", "pip") and seen.calls[1] == ("widget manager",)
    assert len(seen.calls) == 2
    line = seen.calls[0][2]
    assert line.startswith("install ")
    spec = line.split('"')[1]
    requirement = Requirement(spec)
    assert requirement.name == "bpcore" and requirement.extras == {"widgets"}
    assert requirement.url == "git+https://github.com/owner/name"


def test_cell_installs_bpcore_with_piplite_in_jupyterlite(monkeypatch):
    seen = run_setup(monkeypatch, platform="emscripten")
    assert seen.calls == [("piplite", "bpcore[widgets]")]


def test_widgets_extra_brings_ipywidgets_8_and_anywidget():
    """What the cell installs: bpcore[widgets] has ipywidgets >= 8, anywidget, matplotlib."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    extra = {
        Requirement(r).name: Requirement(r) for r in project["optional-dependencies"]["widgets"]
    }
    assert {"ipywidgets", "anywidget", "matplotlib"} <= set(extra)
    assert not extra["ipywidgets"].specifier.contains("7.8")
    assert extra["ipywidgets"].specifier.contains("8.1.9")
