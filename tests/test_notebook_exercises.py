"""Run All never does a student's exercise for them: the stored notebooks (which nbval
re-runs and compares) show every exercise not attempted, and no solution anywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
CHECK = re.compile(r"exercises\.(check_\w+)\(")
# What a checker prints for a right answer ("✓ check_bp2: correct …", "✓ line_step_…: right").
EARNED = re.compile(r"✓ [\w.]+: ")


def _code_cells(path: Path) -> list[dict]:
    return [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]


def _output_text(cell: dict) -> str:
    return json.dumps(cell.get("outputs", []), ensure_ascii=False)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_stored_output_shows_a_pass_the_reader_did_not_earn(path):
    for cell in _code_cells(path):
        shown = EARNED.search(_output_text(cell))
        assert shown is None, (
            f"{path.name}: a cell shows {shown.group(0)!r}: " + "".join(cell["source"])[:120]
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_exercise_stands_not_attempted_after_run_all(path):
    """A checker on the reader's own stub says "not attempted"; the only other verdict a
    stored notebook may show is a ✗ on a deliberately wrong function it demonstrates."""
    checked = 0
    for cell in _code_cells(path):
        source = "".join(cell["source"])
        for match in CHECK.finditer(source):
            checked += 1
            text = _output_text(cell)
            assert "not attempted" in text or "✗" in text or "when its checker says" in text, (
                f"{path.name}: {match.group(0)} shows neither 'not attempted' nor a demonstrated"
                f" ✗: {text[:200]}"
            )
    assert checked, f"{path.name} poses no exercise a checker verifies"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_cell_runs_or_holds_a_worked_solution(path):
    for cell in _code_cells(path):
        source = "".join(cell["source"])
        assert "solution" not in cell.get("metadata", {}).get("tags", []), path.name
        assert not re.search(r"exercises\.solution\(", source), (
            f"{path.name}: a code cell prints a worked solution on Run All: {source[:120]}"
        )
