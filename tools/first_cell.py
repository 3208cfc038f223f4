"""Put the Colab/JupyterLite set-up cell and the "Open in ..." badges into the notebooks, and
the same badges at the top of README.md. Idempotent: a second run changes nothing.

    python tools/first_cell.py                      # notebooks/*.ipynb and README.md
    python tools/first_cell.py a.ipynb b.ipynb      # only these notebooks (and no README)
    python tools/first_cell.py --check              # exit 1 if anything would change

In every notebook:

* a badge line (Open in Colab, Binder, JupyterLite) below the title of the first Markdown
  cell, marked ``<!-- bpcore-badges -->`` so that a later run replaces it;
* the set-up cell, a code cell tagged ``bpcore-setup`` placed right after that first cell
  (before any other code): on Colab ("google.colab" in sys.modules) it installs
  ``bpcore[widgets]`` (ipywidgets >= 8, anywidget, matplotlib) from GitHub and turns on
  Colab's custom widget manager; in JupyterLite (sys.platform == "emscripten") it installs
  ``bpcore[widgets]`` with piplite from the site's own wheels; anywhere else (JupyterLab,
  Notebook 7, Voila, Binder, nbval) it does nothing and prints nothing.

The repository's place on GitHub comes from tools/repository.txt (one line, owner/name).
Notebooks are read and written with nbformat, which gives back the same bytes for a
notebook it did not change.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
SETTING = Path(__file__).with_name("repository.txt")
TAG = "bpcore-setup"
BADGE_MARK = "<!-- bpcore-badges -->"
README_START, README_END = "<!-- badges -->", "<!-- /badges -->"

SETUP = """\
# Set-up on Colab and in JupyterLite (the browser), where bpcore is not installed yet: this
# installs bpcore with its widgets (ipywidgets 8, anywidget, matplotlib). Elsewhere (JupyterLab,
# Notebook 7, Binder) it does nothing.
import sys

if "google.colab" in sys.modules:
    %pip install --quiet "bpcore[widgets] @ git+https://github.com/{repository}"
    from google.colab import output

    output.enable_custom_widget_manager()
elif sys.platform == "emscripten":
    import piplite

    await piplite.install("bpcore[widgets]")"""


def repository() -> str:
    lines = [ln.strip() for ln in SETTING.read_text().splitlines()]
    (place,) = [ln for ln in lines if ln and not ln.startswith("#")]
    return place


def links(path: str, place: str) -> dict[str, str]:
    """Where a notebook (``path`` from the repository root, or "" for the start) opens."""
    owner, name = place.split("/")
    start = path or "notebooks/01-start-here.ipynb"
    lite = f"https://{owner}.github.io/{name}/"
    return {
        "colab": f"https://colab.research.google.com/github/{place}/blob/main/{start}",
        "binder": f"https://mybinder.org/v2/gh/{place}/main?urlpath=lab/tree/{start}",
        "lite": f"{lite}lab/index.html?path={path}" if path else lite,
    }


def badges(path: str, place: str) -> str:
    to = links(path, place)
    return " ".join(
        [
            f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
            f"({to['colab']})",
            f"[![Launch Binder](https://mybinder.org/badge_logo.svg)]({to['binder']})",
            f"[![Try it in JupyterLite](https://jupyterlite.rtfd.io/en/latest/_static/badge.svg)]"
            f"({to['lite']})",
        ]
    )


def setup_source(place: str) -> str:
    return SETUP.format(repository=place)


def with_badges(markdown: str, line: str) -> str:
    """``markdown`` with the badge line below its first line (the title), or in place of
    the badge line an earlier run put there."""
    lines = markdown.split("\n")
    marked = f"{line} {BADGE_MARK}"
    for i, text in enumerate(lines):
        if BADGE_MARK in text:
            lines[i] = marked
            return "\n".join(lines)
    return "\n".join([lines[0], "", marked, *lines[1:]])


def update_notebook(path: Path, place: str) -> bool:
    """Put the badges and the set-up cell into ``path``; True if the file changed."""
    raw = path.read_text(encoding="utf-8")
    notebook = nbformat.reads(raw, as_version=4)
    tagged = [c for c in notebook.cells if TAG in c.get("metadata", {}).get("tags", [])]
    cells = [c for c in notebook.cells if c not in tagged]
    relative = f"notebooks/{path.name}"
    first = cells[0] if cells else None
    if first is not None and first.cell_type == "markdown":
        first.source = with_badges(first.source, badges(relative, place))
        at = 1
    else:
        at = 0
    if len(tagged) == 1 and tagged[0].source == setup_source(place):
        setup = tagged[0]  # as it is, with the (empty) output of its last run
    else:
        setup = nbformat.v4.new_code_cell(setup_source(place))
        setup.id = TAG
        setup.metadata = {"tags": [TAG]}
    cells.insert(at, setup)
    notebook.cells = cells
    nbformat.validate(notebook)
    out = nbformat.writes(notebook) + "\n"
    if out == raw:
        return False
    path.write_text(out, encoding="utf-8")
    return True


def update_readme(path: Path, place: str) -> bool:
    """The badge block between <!-- badges --> and <!-- /badges --> (put below the title
    the first time); True if the file changed."""
    text = path.read_text(encoding="utf-8")
    block = f"{README_START}\n{badges('', place)}\n{README_END}"
    if README_START in text and README_END in text:
        before, rest = text.split(README_START, 1)
        after = rest.split(README_END, 1)[1]
        new = before + block + after
    else:
        title, _, body = text.partition("\n")
        new = f"{title}\n\n{block}\n{body}"
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    args = parser.parse_args(argv)
    place = repository()
    notebooks = args.notebooks or sorted((REPO / "notebooks").glob("*.ipynb"))
    readme = [] if args.notebooks else [REPO / "README.md"]
    changed = []
    for path in [*notebooks, *readme]:
        if args.check:
            original = path.read_bytes()
        did = (update_readme if path.suffix == ".md" else update_notebook)(path, place)
        if did:
            changed.append(path)
            if args.check:
                path.write_bytes(original)
    for path in changed:
        print(f"{'would change' if args.check else 'changed'}: {path}")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
