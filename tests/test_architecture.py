"""The shape of the code: rooms a reader can read in one sitting, arrows that point down.

ARCHITECTURE.md describes the module map these tests enforce. A new module must be given
its place in LAYERS below (and in ARCHITECTURE.md) before it can exist.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BPCORE = Path(__file__).resolve().parent.parent / "bpcore"

#: bpcore's modules from the ground up. A module may import only from earlier layers: the
#: numbers never import pictures or widgets, and nothing imports back up. A package
#: (plotting/, widgets/, exercises/) is one room; its own modules import each other freely.
LAYERS: list[set[str]] = [
    {"_checks", "files"},
    {"activations", "data", "line", "matrices", "download", "idx", "npz", "unpickle"},
    {"equations", "mnist"},
    {"costs"},
    {"backprop"},
    {"monitor", "epochs"},
    {"progress"},
    {"train", "gradcheck", "nudge", "saved"},
    {"network", "paths"},
    {"chain", "io"},
    {"examples"},
    {"exercises", "plotting"},
    {"figures", "widgets"},
    {"__init__"},
]
#: What only the picture rooms may import.
PICTURE_LIBRARIES = {"matplotlib", "ipywidgets", "anywidget", "PIL", "traitlets", "IPython"}
PICTURE_ROOMS = {"plotting", "widgets", "figures"}

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
#: A function may be longer when its docstring says why, in a sentence with these words.
LONG_REASON = "Long because"

SOURCES = sorted(BPCORE.rglob("*.py"))
#: The scripts around the package, held to the same length rules.
SCRIPTS = sorted(
    [*(BPCORE.parent / "benchmarks").glob("*.py"), *(BPCORE.parent / "tools").glob("*.py")]
)


def _room(path: Path) -> str:
    """The room of a source file: its module name, or its package's name."""
    parts = path.relative_to(BPCORE).with_suffix("").parts
    return parts[0]


def _layer(room: str) -> int:
    for index, rooms in enumerate(LAYERS):
        if room in rooms:
            return index
    raise AssertionError(
        f"bpcore/{room}: not in tests/test_architecture.py's LAYERS; give the new module its "
        "place in the module map (and in ARCHITECTURE.md)"
    )


def _imports(tree: ast.AST) -> set[str]:
    """Top-level names of everything imported anywhere in the module ('bpcore.x' kept whole)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "bpcore":
                names |= {f"bpcore.{alias.name}" for alias in node.names}
            else:
                names.add(node.module)
    return names


@pytest.mark.parametrize("path", SOURCES + SCRIPTS, ids=lambda p: str(p.relative_to(BPCORE.parent)))
def test_every_module_reads_in_one_sitting(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.name}: {lines} lines; split it along its ideas"


@pytest.mark.parametrize("path", SOURCES + SCRIPTS, ids=lambda p: str(p.relative_to(BPCORE.parent)))
def test_long_functions_say_why(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                docstring = ast.get_docstring(node) or ""
                assert LONG_REASON in docstring, (
                    f"{path.name}:{node.lineno} {node.name} is {length} lines; shorten it or "
                    f"say why in its docstring ('{LONG_REASON} ...')"
                )


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(BPCORE)))
def test_arrows_point_down(path):
    room = _room(path)
    layer = _layer(room)
    for name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        top = name.split(".")[0]
        if top in PICTURE_LIBRARIES:
            assert room in PICTURE_ROOMS, f"bpcore/{room} imports {name}: the numbers draw nothing"
        if top != "bpcore" or name == "bpcore":
            continue
        target = name.split(".")[1]
        if target == room:
            continue  # a package's modules import each other
        assert _layer(target) < layer, (
            f"bpcore/{room} imports bpcore.{target}, which is not below it in the module map"
        )
