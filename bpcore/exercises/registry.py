"""Every exercise of the notebooks: its id, notebook, checker and worked solution.

>>> from bpcore import exercises
>>> exercises.EXERCISES["bp2"].checker.__name__
'check_bp2'
>>> exercises.solution("bp2")  # doctest: +ELLIPSIS
# A worked solution to exercise "bp2" (notebook 05); exercises.check_bp2(my_bp2) accepts it.
import numpy as np
...

:func:`solution` prints a solution's source, with the helpers and imports it uses,
so that it can be read (or pasted into a cell); it never runs it and returns nothing.
A notebook's Run All therefore never fills in an answer the reader did not write.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from dataclasses import dataclass

from bpcore.exercises import solutions
from bpcore.exercises.algorithm import check_backprop, check_matrix_backprop
from bpcore.exercises.answers import QUESTIONS, answer_source
from bpcore.exercises.big_picture import check_nudge, check_path_sum
from bpcore.exercises.chain import check_chain_gradient, check_hidden_error_matrix
from bpcore.exercises.cost import check_hadamard, check_quadratic_cost
from bpcore.exercises.equations import check_bp1, check_bp2, check_bp3, check_bp4, check_sigma_form
from bpcore.exercises.forward import check_feedforward
from bpcore.exercises.line import check_line_descent, check_line_gradient
from bpcore.exercises.proofs import check_rate_through_z
from bpcore.exercises.result import CheckResult
from bpcore.exercises.speed import check_numerical_gradient, check_passes_needed
from bpcore.exercises.variants import check_linear_backprop, check_modified_backprop


@dataclass(frozen=True)
class Exercise:
    """One exercise: ``id``, the ``notebooks`` that pose it, its ``checker`` and ``solution``.

    The reader writes a function named like ``solution`` (``my_bp2``) and checks it
    with ``checker(my_bp2)``.
    """

    id: str
    notebooks: tuple[str, ...]
    checker: Callable[..., CheckResult]
    solution: Callable

    @property
    def function_name(self) -> str:
        """The name the notebook gives the reader's function, e.g. ``"my_bp2"``."""
        return self.solution.__name__


def _table(*exercises: Exercise) -> dict[str, Exercise]:
    table = {e.id: e for e in exercises}
    assert len(table) == len(exercises), "exercise ids must be unique"
    return table


S = solutions
#: Every exercise, by id, in the notebooks' order.
EXERCISES: dict[str, Exercise] = _table(
    Exercise("feedforward", ("03",), check_feedforward, S.my_feedforward),
    Exercise("line_gradient", ("02",), check_line_gradient, S.my_line_gradient),
    Exercise("line_descent", ("02",), check_line_descent, S.my_line_descent),
    Exercise("feedforward_loops", ("03",), check_feedforward, S.my_feedforward_loops),
    Exercise("hadamard", ("04",), check_hadamard, S.my_hadamard),
    Exercise("quadratic_cost", ("04",), check_quadratic_cost, S.my_quadratic_cost),
    Exercise("bp1", ("05",), check_bp1, S.my_bp1),
    Exercise("bp2", ("05",), check_bp2, S.my_bp2),
    Exercise("bp3", ("05",), check_bp3, S.my_bp3),
    Exercise("bp4", ("05",), check_bp4, S.my_bp4),
    Exercise("sigma_form", ("05",), check_sigma_form, S.my_sigma_prime_matrix),
    Exercise("bp3_bp4_proof", ("06",), check_rate_through_z, S.my_rate_through_z),
    Exercise("backprop", ("07",), check_backprop, S.my_backprop),
    Exercise("modified_neuron", ("07",), check_modified_backprop, S.my_modified_backprop),
    Exercise("linear_neurons", ("07",), check_linear_backprop, S.my_linear_backprop),
    Exercise("matrix_backprop", ("08",), check_matrix_backprop, S.my_matrix_backprop),
    Exercise("numerical_gradient", ("09",), check_numerical_gradient, S.my_numerical_gradient),
    Exercise("passes_needed", ("09",), check_passes_needed, S.passes_needed),
    Exercise("nudge", ("10",), check_nudge, S.my_nudge),
    Exercise("path_sum", ("10",), check_path_sum, S.my_path_sum),
    Exercise("chain_gradient", ("11",), check_chain_gradient, S.my_chain_gradient),
    Exercise("hidden_error_matrix", ("11",), check_hidden_error_matrix, S.hidden_error_matrix),
)


# --- printing a solution --------------------------------------------------------------------


def _global_names(code: types.CodeType) -> list[str]:
    """The global names ``code`` and the functions nested in it use, in order of first use."""
    names = list(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names += _global_names(constant)
    return list(dict.fromkeys(names))


def _needs(function: types.FunctionType, imports: dict[str, str], helpers: list) -> None:
    """Collect the import lines and the solutions' helper functions ``function`` uses."""
    for name in _global_names(function.__code__):
        value = vars(solutions).get(name)
        if isinstance(value, types.ModuleType):
            module = value.__name__
            imports[name] = f"import {module}" if module == name else f"import {module} as {name}"
        elif isinstance(value, types.FunctionType) and value is not function:
            if value not in helpers:
                _needs(value, imports, helpers)
                helpers.append(value)


def solution_source(exercise: Exercise) -> str:
    """The text :func:`solution` prints: a note, the imports, the helpers, the solution."""
    imports: dict[str, str] = {}
    helpers: list[types.FunctionType] = []
    _needs(exercise.solution, imports, helpers)  # type: ignore[arg-type]
    checker, name = exercise.checker.__name__, exercise.function_name
    notebooks = " and ".join(exercise.notebooks)
    note = (
        f'# A worked solution to exercise "{exercise.id}" (notebook {notebooks}); '
        f"exercises.{checker}({name}) accepts it."
    )
    blocks = [inspect.getsource(f).rstrip() for f in [*helpers, exercise.solution]]  # type: ignore[arg-type]
    return "\n".join([note, *sorted(imports.values())]) + "\n\n\n" + "\n\n\n".join(blocks)


def _unknown(exercise_id: object) -> ValueError:
    exercises = ", ".join(EXERCISES)
    questions = ", ".join(QUESTIONS)
    return ValueError(
        f"exercise_id: no exercise or question {exercise_id!r}; the exercises are: "
        f"{exercises}; the questions are: {questions}"
    )


def solution(exercise_id: str) -> None:
    """Print the worked solution of an exercise (or how a question's answer is computed).

    The source is printed, never run, so nothing in the notebook changes: read it, or
    paste it into a cell. ``exercise_id`` is a key of :data:`EXERCISES` (``"bp2"``) or
    of :data:`~bpcore.exercises.answers.QUESTIONS`; an unknown one raises ValueError
    listing them all.
    """
    if not isinstance(exercise_id, str):
        raise _unknown(exercise_id)
    if exercise_id in EXERCISES:
        print(solution_source(EXERCISES[exercise_id]))
    elif exercise_id in QUESTIONS:
        print(answer_source(QUESTIONS[exercise_id]))
    else:
        raise _unknown(exercise_id)
