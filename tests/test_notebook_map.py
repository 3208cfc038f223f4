"""Notebook 01's map names every notebook by the title the notebook itself has."""

from __future__ import annotations

import json
import re
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def _title(path: Path) -> str:
    first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"]
    return "".join(first).splitlines()[0].removeprefix("# ").strip()


def test_the_map_links_every_notebook_by_its_own_title():
    start = json.loads((NOTEBOOKS / "01-start-here.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in start["cells"] if c["cell_type"] == "markdown")
    table = text[text.index("## A map of the chapter") :]
    links = dict(
        (target, label)
        for label, target in re.findall(r"\| \[([^\]]+)\]\((\S+\.ipynb)\) \|", table)
    )
    others = sorted(p for p in NOTEBOOKS.glob("*.ipynb") if p.name != "01-start-here.ipynb")
    assert sorted(links) == [p.name for p in others]
    for path in others:
        assert links[path.name] == _title(path), path.name
