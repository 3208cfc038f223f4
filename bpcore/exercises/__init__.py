"""Checkers for the reader's own code in the notebooks' exercises, and their worked solutions.

Each ``check_*`` function runs the reader's function on seeded random cases, compares
what it returns with bpcore's own answer and returns a :class:`CheckResult`:

>>> import numpy as np
>>> from bpcore.exercises import check_hadamard
>>> check_hadamard(lambda s, t: s * t)
✓ check_hadamard: correct on 20 of 20 random cases (seed 0).
>>> print(check_hadamard(lambda s, t: s + t))  # doctest: +NORMALIZE_WHITESPACE
✗ check_hadamard: wrong on case 1 of 20 (the book's example, eq. 28: s (2, 1), t (2, 1)).
  s ⊙ t entry [1, 0] is 6 but should be 8 (off by 2); 2 of 2 entries differ.
>>> def my_hadamard(s, t):
...     ...  # your code
>>> check_hadamard(my_hadamard)
○ check_hadamard: not attempted yet — write the body of my_hadamard above, then run this cell again.

A checker never raises because an answer is wrong: a wrong shape, a wrong entry, a
value of the wrong type, an exception inside the reader's function, a call of the
bpcore function that would give the answer away, a changed input or an endless loop
all become a precise message naming the case. Where the wrong answer matches a common
slip (a transposed matrix, a missing σ', a sum where the chapter takes a mean, a
flipped sign) the message says so. It raises only when called wrongly itself (``fn``
not callable, ``cases`` not a positive integer).

A reader who is stuck prints a worked solution with ``solution("bp2")`` (it is printed,
never run); :data:`EXERCISES` lists every exercise with its checker and notebook.
Short typed answers are checked by :func:`check_answer` against values bpcore
computes at check time (:data:`QUESTIONS`).

The modules: :mod:`.harness` (running and judging), :mod:`.compare` (reading answers),
:mod:`.stubs`, :mod:`.forbid`, :mod:`.timelimit`, :mod:`.plain_network`; the checkers as
the notebooks group them — :mod:`.line` (02), :mod:`.forward` (03), :mod:`.cost`
(04), :mod:`.equations` (05), :mod:`.proofs` (06), :mod:`.algorithm` (07, 08),
:mod:`.variants` (07), :mod:`.speed` (09), :mod:`.big_picture` (10), :mod:`.chain` (11);
:mod:`.solutions`, :mod:`.registry`,
:mod:`.answers` and :mod:`.questions`.
"""

from bpcore.exercises import questions as _questions  # noqa: F401  registers the questions
from bpcore.exercises.algorithm import check_backprop, check_matrix_backprop
from bpcore.exercises.answers import QUESTIONS, check_answer
from bpcore.exercises.big_picture import check_nudge, check_path_sum
from bpcore.exercises.chain import check_chain_gradient, check_hidden_error_matrix
from bpcore.exercises.compare import (
    ATOL,
    RTOL,
    compare_arrays,
    compare_gradients,
    compare_number,
)
from bpcore.exercises.cost import check_hadamard, check_quadratic_cost
from bpcore.exercises.equations import check_bp1, check_bp2, check_bp3, check_bp4, check_sigma_form
from bpcore.exercises.forward import check_feedforward
from bpcore.exercises.line import check_line_descent, check_line_gradient
from bpcore.exercises.proofs import check_rate_through_z
from bpcore.exercises.registry import EXERCISES, Exercise, solution
from bpcore.exercises.result import CORRECT, NOT_ATTEMPTED, WRONG, CheckResult
from bpcore.exercises.speed import check_numerical_gradient, check_passes_needed
from bpcore.exercises.timelimit import TIME_LIMIT
from bpcore.exercises.variants import check_linear_backprop, check_modified_backprop

__all__ = [
    "ATOL",
    "CORRECT",
    "EXERCISES",
    "NOT_ATTEMPTED",
    "RTOL",
    "TIME_LIMIT",
    "WRONG",
    "QUESTIONS",
    "CheckResult",
    "Exercise",
    "check_answer",
    "check_backprop",
    "check_bp1",
    "check_bp2",
    "check_bp3",
    "check_bp4",
    "check_chain_gradient",
    "check_feedforward",
    "check_hadamard",
    "check_hidden_error_matrix",
    "check_line_descent",
    "check_line_gradient",
    "check_linear_backprop",
    "check_matrix_backprop",
    "check_modified_backprop",
    "check_nudge",
    "check_numerical_gradient",
    "check_passes_needed",
    "check_path_sum",
    "check_quadratic_cost",
    "check_rate_through_z",
    "check_sigma_form",
    "compare_arrays",
    "compare_gradients",
    "compare_number",
    "solution",
]
