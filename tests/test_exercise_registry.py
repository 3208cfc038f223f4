"""The registry of exercises and questions: every solution passes its checker, is printed (never
run), and every exercise a notebook checks is registered. Also the package's own rules: no
module over 400 lines, no function over 60 without a reason, public functions type-hinted.
"""

from __future__ import annotations

import ast
import doctest
import json
import re
from pathlib import Path

import numpy as np
import pytest

from bpcore import exercises as ex
from bpcore.exercises import answers, registry, solutions
from bpcore.exercises.answers import Choice, Integer, Number, question

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bpcore" / "exercises"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


# --- solutions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise_id", list(ex.EXERCISES))
def test_every_solution_passes_its_checker(exercise_id):
    exercise = ex.EXERCISES[exercise_id]
    result = exercise.checker(exercise.solution)
    assert result.status == "correct", result.message


@pytest.mark.parametrize("exercise_id", list(ex.EXERCISES))
def test_the_printed_solution_runs_on_its_own_and_passes(exercise_id, capsys):
    exercise = ex.EXERCISES[exercise_id]
    assert ex.solution(exercise_id) is None
    text = capsys.readouterr().out
    first = text.splitlines()[0]
    assert first == (
        f'# A worked solution to exercise "{exercise_id}" (notebook '
        f"{' and '.join(exercise.notebooks)}); exercises.{exercise.checker.__name__}"
        f"({exercise.function_name}) accepts it."
    )
    namespace: dict = {}
    exec(compile(text, f"<solution {exercise_id}>", "exec"), namespace)  # a fresh cell
    assert exercise.checker(namespace[exercise.function_name]).ok


def test_printing_a_solution_defines_and_runs_nothing(capsys):
    before = dict(globals())
    ex.solution("bp2")
    out = capsys.readouterr().out
    assert "def my_bp2(w_next, delta_next, z_l):" in out and "import numpy as np" in out
    assert "def sigmoid_prime(z):" in out  # the helpers it uses come along
    assert "def my_bp1" not in out  # and only those
    assert globals().keys() == before.keys()


def test_a_solution_that_uses_another_prints_both(capsys):
    ex.solution("line_descent")
    out = capsys.readouterr().out
    assert out.index("def my_line_gradient(") < out.index("def my_line_descent(")
    ex.solution("path_sum")
    assert "import itertools" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["bp5", "", None, 2])
def test_an_unknown_id_lists_the_known_ones(bad):
    with pytest.raises(ValueError, match="the exercises are: feedforward, line_gradient, .*bp2"):
        ex.solution(bad)


def test_the_registry_covers_every_checker_and_names_its_notebooks():
    checkers = {name for name in ex.__all__ if name.startswith("check_") and name != "check_answer"}
    registered = {e.checker.__name__ for e in ex.EXERCISES.values()}
    assert checkers == registered
    for exercise in ex.EXERCISES.values():
        assert exercise.notebooks and all(re.fullmatch(r"\d\d", n) for n in exercise.notebooks)
        assert getattr(solutions, exercise.function_name) is exercise.solution
    assert set(ex.EXERCISES).isdisjoint(ex.QUESTIONS)


@pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks")
def test_every_checker_and_question_a_notebook_uses_is_registered():
    by_notebook: dict[str, set[str]] = {}
    for exercise in ex.EXERCISES.values():
        for notebook in exercise.notebooks:
            by_notebook.setdefault(notebook, set()).add(exercise.checker.__name__)
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        used = set(re.findall(r"exercises\.(check_\w+)\(", source)) - {"check_answer"}
        assert used <= by_notebook.get(path.name[:2], set()), (path.name, used)
        for question_id in re.findall(r"check_answer\(\s*[\"'](\w+)[\"']", source):
            assert question_id in ex.QUESTIONS, (path.name, question_id)
        for exercise_id in re.findall(r"solution\(\s*[\"'](\w+)[\"']", source):
            assert exercise_id in ex.EXERCISES or exercise_id in ex.QUESTIONS, exercise_id


# --- questions ------------------------------------------------------------------------------------


@pytest.mark.parametrize("question_id", list(ex.QUESTIONS))
def test_every_question_accepts_its_answer_and_refuses_a_stub(question_id):
    q = ex.QUESTIONS[question_id]
    right = q.compute()
    assert ex.check_answer(question_id, right).status == "correct"
    stub = ex.check_answer(question_id, ...)
    assert stub.status == "not attempted"
    assert stub.message == (
        f"○ {question_id}: not attempted yet — replace the ... by your answer, then run this "
        "cell again."
    )
    assert q.prompt and q.notebook
    for _, slip in q.slips(right) if q.slips else []:
        assert ex.check_answer(question_id, slip).status == "wrong"


def test_question_answers_and_hints():
    assert ex.check_answer("chain_depth", 16).message == "✓ chain_depth: 16 is right."
    assert ex.check_answer("chain_depth", "16").ok and ex.check_answer("chain_depth", 16.0).ok
    assert "Hint: at that depth" in ex.check_answer("chain_depth", 15).message
    assert "Hint: that is the estimate from σ' ≤ 1/4" in ex.check_answer("chain_depth", 17).message
    assert ex.check_answer("chain_depth", 40).message == "✗ chain_depth: 40 is not the answer."
    assert "16.5 is not a number of neurons" in ex.check_answer("chain_depth", 16.5).message
    assert ex.check_answer("bias_nudge_ratio", 0.8).ok
    assert ex.check_answer("bias_nudge_ratio", 0.799).ok  # within 0.5 %
    assert not ex.check_answer("bias_nudge_ratio", 0.78)
    assert "the other way" in ex.check_answer("bias_nudge_ratio", 1.25).message
    assert ex.check_answer("line_step_direction", " UP ").ok
    assert "not one of 'up' or 'down'" in ex.check_answer("line_step_direction", "left").message
    assert "in quotes" in ex.check_answer("line_step_direction", 1).message
    layer = ex.check_answer("smallest_error_layer", 9)
    assert "Hint: the answer is a layer number l in 2..6" in layer.message


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (True, "a bool"),
        (1 + 2j, "a complex number"),
        ("eight", "'eight' is not a number"),
        (float("nan"), "not a finite number"),
        (10**400, "is not a number"),
        ([1, 2], "is not a number"),
        (None, "is not a number"),
    ],
)
def test_strange_typed_answers_get_a_reason(answer, fragment):
    result = ex.check_answer("bias_nudge_ratio", answer)
    assert result.status == "wrong" and fragment in result.message, result.message


def test_the_answer_is_computed_when_checked_not_stored():
    setting = {"value": 1.0}

    @question("test_live_answer", notebook="99", kind=Number(rtol=0.0))
    def live() -> float:
        """A number that changes."""
        return setting["value"]

    try:
        assert ex.check_answer("test_live_answer", 1.0).ok
        setting["value"] = 2.0
        assert not ex.check_answer("test_live_answer", 1.0)
        assert ex.check_answer("test_live_answer", np.float64(2.0)).ok
        with pytest.raises(ValueError, match="registered already"):
            question("test_live_answer", notebook="99", kind=Number())(live)
    finally:
        del answers.QUESTIONS["test_live_answer"]


def test_an_unknown_question_lists_the_known_ones():
    with pytest.raises(ValueError, match="the questions are: line_step_direction, "):
        ex.check_answer("chain_lenght", 16)


def test_solution_of_a_question_prints_how_bpcore_computes_it(capsys):
    ex.solution("chain_depth")
    out = capsys.readouterr().out
    assert out.startswith('# How bpcore computes the answer to question "chain_depth"')
    assert "def chain_depth() -> int:" in out and "@question" not in out


def test_kinds_read_and_compare():
    assert Number(rtol=0.01).agrees(1.005, 1.0) and not Number(rtol=0.001).agrees(1.005, 1.0)
    assert Integer().read("7") == (7, None) and Integer().read(7.5)[1]
    assert Choice(("up", "down")).read("Down") == ("down", None)


@pytest.mark.parametrize("module", [ex, registry, answers], ids=lambda m: m.__name__)
def test_the_docstring_examples_run(module):
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    failures, tried = doctest.testmod(module, optionflags=flags)
    assert tried and not failures


# --- the package's own rules ---------------------------------------------------------------------


MODULES = sorted(PACKAGE.glob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_modules_and_functions_stay_short(path):
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 400
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            docstring = ast.get_docstring(node) or ""
            assert length <= 60 or "long" in docstring, f"{path.name}: {node.name} {length}"


@pytest.mark.parametrize(
    "path", [p for p in MODULES if p.name != "solutions.py"], ids=lambda p: p.name
)
def test_public_functions_are_type_hinted(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef) and not n.name.startswith("_")]
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    functions += [n for c in classes for n in c.body if isinstance(n, ast.FunctionDef)]
    for node in functions:
        if node.name.startswith("_") and node.name != "__init__":
            continue
        arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
        missing = [a.arg for a in arguments if not a.annotation and a.arg not in ("self", "cls")]
        assert not missing and node.returns is not None, f"{path.name}: {node.name} {missing}"
