"""The checking harness: run the reader's function on seeded cases and judge each answer.

:func:`run` is what every ``check_*`` function calls. For each case it

1. copies the arguments, so the reader's function cannot spoil bpcore's answer;
2. calls the function, with the bpcore functions the exercise forbids made to refuse
   (:mod:`~bpcore.exercises.forbid`), under a time limit
   (:mod:`~bpcore.exercises.timelimit`), and numpy's warnings recorded, not shown;
3. compares the answer with bpcore's, adding the hint of the first common slip the
   wrong answer matches;
4. checks that no argument was changed: an array written in place, a network whose
   weights were left nudged, deleted, replaced or cut short.

It stops at the first wrong case. A stub (a body of ``...``) or a function that raises
``NotImplementedError`` on the first case is "not attempted", not wrong. Nothing the
reader's function does or returns makes a checker raise: an exception inside it, a
strange answer, a forbidden call or an endless loop each become a message.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bpcore import _checks
from bpcore.exercises import timelimit
from bpcore.exercises.forbid import NOTHING, Forbidden, Refused, forbidding
from bpcore.exercises.plain_network import Withheld
from bpcore.exercises.result import CheckResult, correct, not_attempted, wrong
from bpcore.exercises.stubs import function_name, is_stub
from bpcore.exercises.timelimit import TimeLimitExceeded, time_limit

Slip = tuple[str, Callable[[], Any]]


@dataclass
class Case:
    """One test case: the arguments, bpcore's answer and how to compare.

    ``compare(got, expected)`` returns ``None`` when ``got`` is right, else what is
    wrong. ``slips`` pairs a hint with a thunk computing the answer that slip gives;
    the thunks run after the reader's function, outside the forbidden zone. ``names``
    name the arguments in messages.
    """

    description: str
    args: tuple
    expected: Any
    compare: Callable[[Any, Any], str | None]
    slips: list[Slip] = field(default_factory=list)
    names: tuple[str, ...] = ()


@dataclass
class _Call:
    """What calling the reader's function gave: an answer, or a problem, and numpy's warnings."""

    got: object = None
    problem: str | None = None
    not_attempted: bool = False
    warnings: list[str] = field(default_factory=list)


# --- arguments in, arguments unchanged ---------------------------------------------------------


def _is_network(value: object) -> bool:
    return hasattr(value, "weights") and hasattr(value, "biases") and hasattr(value, "copy")


def copy_argument(value: Any) -> Any:
    """A copy the reader's function may do anything to: arrays, networks and lists are copied."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if _is_network(value):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(copy_argument(v) for v in value)
    return value


#: How far a parameter may be left from where it was, relative to max(1, |value|): the
#: rounding of putting a nudge back by subtracting it (w + dw − dw), not a change.
ROUNDING_SLACK = 16 * float(np.finfo(np.float64).eps)


def _network_changed(before: Any, after: Any, name: str) -> str | None:
    """How the reader's function changed a network it should only have read."""
    for kind, symbol in (("weights", "w"), ("biases", "b")):
        old, new = getattr(before, kind), getattr(after, kind, None)
        where = f"{name}.{kind}"
        if new is None:
            return f"your function changed the network: it deleted {where}"
        if not isinstance(new, list):
            return f"your function changed the network: {where} is now a {type(new).__name__}"
        if len(new) != len(old):
            return (
                f"your function changed the network: {where} holds {len(new)} arrays, "
                f"{len(old)} before (one per layer l = 2..{len(old) + 1})"
            )
        for i, (b, a) in enumerate(zip(old, new)):
            if not isinstance(a, np.ndarray) or a.shape != b.shape:
                return (
                    f"your function changed the network: it replaced {where}[{i}] "
                    f"({symbol}^{i + 2})"
                )
            if a.dtype != b.dtype:
                return (
                    f"your function changed the network: {where}[{i}] ({symbol}^{i + 2}) "
                    f"holds {a.dtype} numbers, {b.dtype} before"
                )
            # Rounding is forgiven: w += dw, then w -= dw, leaves w off by an ulp or so.
            moved = ~(np.abs(a - b) <= ROUNDING_SLACK * np.maximum(1.0, np.abs(b)))
            if moved.any():
                index = tuple(int(v) for v in np.argwhere(moved)[0])
                return (
                    f"your function left {where}[{i}][{', '.join(map(str, index))}] "
                    f"({symbol}^{i + 2}) changed by {a[index] - b[index]:.3g}; put every "
                    "parameter back as it was"
                )
    if list(getattr(after, "sizes", [])) != list(before.sizes):
        return f"your function changed the network: {name}.sizes"
    return None


def changed(before: Any, after: Any, name: str) -> str | None:
    """What changed in an argument the reader's function should only have read, or ``None``."""
    if isinstance(before, np.ndarray):
        if not isinstance(after, np.ndarray) or after.shape != before.shape:
            return f"your function changed the shape of its argument {name}"
        if not np.array_equal(before, after, equal_nan=True):
            return (
                f"your function changed its argument {name} in place; leave its inputs as they are"
            )
        return None
    if _is_network(before):
        return _network_changed(before, after, name)
    if isinstance(before, (list, tuple)):
        if len(before) != len(after):
            return f"your function changed the length of its argument {name}"
        for i, (b, a) in enumerate(zip(before, after)):
            problem = changed(b, a, f"{name}[{i}]")
            if problem:
                return problem
        return None
    if isinstance(before, numbers.Number) and not (before == after or before != before):
        return (
            f"your function changed {name} from {before!r} to {after!r}; leave its inputs "
            "as they are"
        )
    return None


# --- one call, one case ---------------------------------------------------------------------------


def _error_text(error: BaseException) -> str:
    """``"KeyError: 'oops'"``, even for an exception whose ``str`` itself fails."""
    try:
        text = str(error) or "(no message)"
    except Exception:
        text = "(a message that cannot be shown)"
    return f"{type(error).__name__}: {text}"


def call(fn: Callable, arguments: tuple, forbidden: Forbidden = NOTHING) -> _Call:
    """Call ``fn(*arguments)`` with ``forbidden`` refused, under the time limit; never raises
    (but for KeyboardInterrupt: the reader may stop a cell)."""
    result = _Call()
    limit = timelimit.TIME_LIMIT  # read now, so that a test may lower it
    with warnings.catch_warnings(record=True) as caught, forbidding(forbidden) as called:
        warnings.simplefilter("always")
        try:
            with time_limit(limit):
                result.got = fn(*arguments)
        except TimeLimitExceeded:
            result.problem = (
                f"your function was stopped after {limit:g} s on this case, which takes "
                "a right answer milliseconds (an endless loop?)"
            )
        except (Refused, Withheld) as error:
            result.problem = str(error)
        except NotImplementedError as error:
            result.not_attempted = True
            result.problem = f"your function raised {_error_text(error)}"
        except (Exception, SystemExit) as error:  # the reader's bug is the verdict, not a crash
            result.problem = f"your function raised {_error_text(error)}"
        if called:  # also when the reader's code caught the refusal and went on
            result.problem = f"your function called {called[0]}: {forbidden.reason}"
            result.not_attempted = False
    result.warnings = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    return result


def _matches(compare: Callable, got: object, slip: Callable[[], object]) -> bool:
    """Whether ``got`` equals what ``slip`` computes (a slip that cannot apply never matches)."""
    try:
        return compare(got, slip()) is None
    except Exception:  # e.g. a transposed w^l that does not fit: a hint never crashes a verdict
        return False


def judge(case: Case, got: object) -> str | None:
    """What is wrong with ``got`` for ``case`` (with the first matching slip's hint), or None."""
    try:
        problem = case.compare(got, case.expected)
    except Exception as error:  # a strange answer must not crash the verdict
        return f"your function's answer could not be read ({_error_text(error)})"
    if not problem:
        return None
    hints = [hint for hint, slip in case.slips if _matches(case.compare, got, slip)]
    return problem + "".join(f"\n  Hint: {hint}" for hint in hints[:1])


def _run_case(fn: Callable, case: Case, forbidden: Forbidden) -> _Call:
    """Call ``fn`` on a copy of the case's arguments; ``problem`` says what went wrong."""
    arguments = tuple(copy_argument(a) for a in case.args)
    outcome = call(fn, arguments, forbidden)
    if outcome.problem is None:
        outcome.problem = judge(case, outcome.got)
    if outcome.problem is None:
        names = case.names or tuple(f"argument {n + 1}" for n in range(len(case.args)))
        for before, after, name in zip(case.args, arguments, names):
            try:
                outcome.problem = changed(before, after, name)
            except Exception as error:  # an argument changed beyond recognition
                outcome.problem = f"your function changed its argument {name} ({error})"
            if outcome.problem:
                break
    if outcome.problem and outcome.warnings:
        outcome.problem += f"\n  numpy warned: {outcome.warnings[0]}"
    return outcome


# --- the whole check ------------------------------------------------------------------------------


def _checked_call(fn: object, cases: object, seed: object) -> int:
    """Refuse a checker called wrongly (not a reader's wrong answer): returns ``cases``."""
    if not callable(fn):
        raise TypeError(
            f"fn: expected your function (a callable), got {type(fn).__name__} {fn!r:.60}"
        )
    count = _checks.positive_integer(cases, "cases")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(f"seed: expected an integer >= 0, got {seed!r}")
    return count


def what_to_write(fn: object) -> str:
    """The not-attempted advice: ``write the body of my_bp2 above``."""
    name = function_name(fn)
    return f"write the body of {name} above" if name else "write the body of your function"


def run(
    name: str,
    fn: Callable,
    make_case: Callable[[np.random.Generator, int], Case],
    cases: int,
    seed: int,
    forbidden: Forbidden = NOTHING,
) -> CheckResult:
    """Run ``fn`` on ``cases`` cases from ``make_case(rng, i)``; stop at the first wrong one.

    ``forbidden`` names the bpcore functions that would give the answer away; they
    refuse while ``fn`` runs. Raises only if called wrongly (``fn`` not callable,
    ``cases`` not a positive integer, ``seed`` not an integer >= 0).
    """
    cases = _checked_call(fn, cases, seed)
    if is_stub(fn):
        return not_attempted(name, what_to_write(fn), cases)
    rng = np.random.default_rng(seed)
    for i in range(cases):
        case = make_case(rng, i)
        outcome = _run_case(fn, case, forbidden)
        if outcome.not_attempted and i == 0:
            return not_attempted(name, what_to_write(fn), cases)
        if outcome.problem:
            if outcome.not_attempted:
                outcome.problem += " (it does not handle this case yet)"
            message = f"wrong on case {i + 1} of {cases} ({case.description}).\n  {outcome.problem}"
            return wrong(name, message, cases, i + 1)
    return correct(name, f"correct on {cases} of {cases} random cases (seed {seed}).", cases)
