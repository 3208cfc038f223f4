"""Short answers the reader types — a number, a layer, "up" or "down" — checked against bpcore.

A question is a function that computes the right answer from bpcore *when the answer is
checked* (never a number written into the code), registered with :func:`question`:

>>> @question("layers_of_232", notebook="01", kind=Integer(low=1))
... def layers_of_232():
...     '''How many layers L does bp.Network([2, 3, 2]) have?'''
...     import bpcore as bp
...     return bp.Network([2, 3, 2]).num_layers
>>> check_answer("layers_of_232", 3)
✓ layers_of_232: 3 is right.
>>> check_answer("layers_of_232", ...)
○ layers_of_232: not attempted yet — replace the ... by your answer, then run this cell again.
>>> del QUESTIONS["layers_of_232"]

The notebook's cell holds ``my_answer = ...`` until the reader types a value; the
checker cell is ``exercises.check_answer("layers_of_232", my_answer)``. The kinds of
answer are :class:`Number` (within a tolerance), :class:`Integer` (a whole number,
perhaps a layer in a range) and :class:`Choice` (one of a few words). ``slips``, when
given, maps the right answer to common wrong ones, each with the hint it deserves.
"""

from __future__ import annotations

import inspect
import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from bpcore.exercises.result import CheckResult, correct, not_attempted, wrong

Slips = Callable[[object], list[tuple[str, object]]]


def _as_number(answer: object) -> tuple[float | None, str | None]:
    """A typed answer as a finite float, or why it is not one."""
    if answer is None:
        return None, "None is not a number"
    if isinstance(answer, (bool, np.bool_)):
        return None, f"{answer} is a bool; the answer is a number"
    if isinstance(answer, str):
        try:
            return _as_number(float(answer.strip()))
        except ValueError:
            return None, f"{answer!r} is not a number"
    if isinstance(answer, numbers.Complex) and not isinstance(answer, numbers.Real):
        return None, f"{answer} is a complex number; the answer is real"
    try:
        value = float(np.asarray(answer, dtype=float).reshape(()))
    except (TypeError, ValueError, OverflowError):
        return None, f"{type(answer).__name__} {answer!r:.40} is not a number"
    if not math.isfinite(value):
        return None, f"{value} is not a finite number"
    return value, None


class Kind(Protocol):
    """How an answer is read and compared."""

    def read(self, answer: object) -> tuple[object, str | None]: ...

    def agrees(self, value: object, expected: object) -> bool: ...

    def hints(self, value: object) -> list[str]: ...


@dataclass(frozen=True)
class Number:
    """A real number, right within ``rtol`` · |answer| + ``atol``.

    The default, 0.5 %, accepts an answer typed with three significant digits.
    """

    rtol: float = 5e-3
    atol: float = 0.0

    def read(self, answer: object) -> tuple[object, str | None]:
        return _as_number(answer)

    def agrees(self, value: object, expected: object) -> bool:
        got, want = float(value), float(expected)  # type: ignore[arg-type]
        return abs(got - want) <= self.atol + self.rtol * abs(want)

    def hints(self, value: object) -> list[str]:
        return []


@dataclass(frozen=True)
class Integer:
    """A whole number, ``low`` ≤ answer ≤ ``high`` when given (a layer l in 2..L, say)."""

    low: int | None = None
    high: int | None = None
    what: str = "a whole number"

    def read(self, answer: object) -> tuple[object, str | None]:
        value, problem = _as_number(answer)
        if problem or value is None:
            return None, problem
        if value != round(value):
            return None, f"{value:g} is not {self.what}"
        return int(value), None

    def agrees(self, value: object, expected: object) -> bool:
        return value == expected

    def hints(self, value: object) -> list[str]:
        low = -math.inf if self.low is None else self.low
        high = math.inf if self.high is None else self.high
        if not low <= value <= high:  # type: ignore[operator]
            bounds = f"at least {self.low}" if self.high is None else f"{self.low}..{self.high}"
            return [f"the answer is {self.what} in {bounds}"]
        return []


@dataclass(frozen=True)
class Choice:
    """One of a few words, e.g. ``Choice(("up", "down"))``; case and spaces do not matter."""

    options: tuple[str, ...]

    def read(self, answer: object) -> tuple[object, str | None]:
        quoted = " or ".join(repr(o) for o in self.options)
        if not isinstance(answer, str):
            return None, f"answer with one of the words {quoted}, in quotes"
        word = answer.strip().lower()
        if word not in self.options:
            return None, f"{answer!r} is not one of {quoted}"
        return word, None

    def agrees(self, value: object, expected: object) -> bool:
        return value == expected

    def hints(self, value: object) -> list[str]:
        return []


@dataclass(frozen=True)
class Question:
    """A short question: ``compute()`` returns its right answer from bpcore, now."""

    id: str
    notebook: str
    prompt: str
    compute: Callable[[], object]
    kind: Kind
    slips: Slips | None = None


#: Every registered question, by id.
QUESTIONS: dict[str, Question] = {}


def question(
    question_id: str, *, notebook: str, kind: Kind, slips: Slips | None = None
) -> Callable[[Callable[[], object]], Callable[[], object]]:
    """Register the decorated function as question ``question_id``; its docstring is the prompt."""

    def register(compute: Callable[[], object]) -> Callable[[], object]:
        if question_id in QUESTIONS:
            raise ValueError(f"question_id: {question_id!r} is registered already")
        prompt = inspect.getdoc(compute) or ""
        QUESTIONS[question_id] = Question(question_id, notebook, prompt, compute, kind, slips)
        return compute

    return register


def _lookup(question_id: object) -> Question:
    if not isinstance(question_id, str) or question_id not in QUESTIONS:
        raise ValueError(
            f"question_id: no question {question_id!r}; the questions are: {', '.join(QUESTIONS)}"
        )
    return QUESTIONS[question_id]


def check_answer(question_id: str, answer: object) -> CheckResult:
    """Check the reader's ``answer`` to a registered question against bpcore's, computed now.

    ``...`` (the notebook's placeholder) is "not attempted". A wrong answer is not
    revealed; a common slip gets its hint. Raises ValueError for an unknown question.
    """
    q = _lookup(question_id)
    if answer is Ellipsis:
        return not_attempted(q.id, "replace the ... by your answer", 1)
    value, problem = q.kind.read(answer)
    if problem:
        return wrong(q.id, f"{problem}.", 1, 1)
    expected = q.compute()
    if q.kind.agrees(value, expected):
        return correct(q.id, f"{value!r} is right.", 1)
    slips = q.slips(expected) if q.slips else []
    hints = [hint for hint, slip in slips if q.kind.agrees(value, slip)] + q.kind.hints(value)
    hint = f"\n  Hint: {hints[0]}" if hints else ""
    return wrong(q.id, f"{value!r} is not the answer.{hint}", 1, 1)


def answer_source(q: Question) -> str:
    """What ``solution(question_id)`` prints: the question and how bpcore computes its answer."""
    note = (
        f'# How bpcore computes the answer to question "{q.id}" (notebook {q.notebook}); '
        f'check yours with exercises.check_answer("{q.id}", my_answer).'
    )
    lines = inspect.getsource(q.compute).rstrip().splitlines()
    start = next(i for i, text in enumerate(lines) if text.lstrip().startswith("def "))
    return "\n".join([note, *lines[start:]])  # without the @question(...) that registers it
