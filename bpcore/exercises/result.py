"""The verdict a checker returns: correct, wrong or not attempted, and the message that says so."""

from __future__ import annotations

import html
from dataclasses import dataclass

#: The three verdicts. Only ``CORRECT`` is true.
CORRECT = "correct"
WRONG = "wrong"
NOT_ATTEMPTED = "not attempted"
STATUSES = (CORRECT, WRONG, NOT_ATTEMPTED)

#: How a notebook shows each verdict: green, red, and a calm grey for a stub not yet written.
COLOURS = {CORRECT: "#1a7f37", WRONG: "#b42318", NOT_ATTEMPTED: "#57606a"}


@dataclass(frozen=True)
class CheckResult:
    """The verdict of a checker: its ``status``, the ``message`` it prints, and where it failed.

    ``status`` is ``"correct"``, ``"wrong"`` or ``"not attempted"`` (the function is
    still a stub). ``bool(result)`` and ``result.ok`` are true only when it is correct;
    printing it (or leaving it as the last line of a notebook cell) shows ``message``.
    ``failed_case`` is the 1-based number of the first wrong case, ``None`` otherwise.
    """

    checker: str
    status: str
    message: str
    cases: int
    failed_case: int | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status: expected one of {STATUSES}, got {self.status!r}")

    @property
    def ok(self) -> bool:
        """Whether the answer is correct."""
        return self.status == CORRECT

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        colour = COLOURS[self.status]
        return f'<pre style="color: {colour}">{html.escape(self.message)}</pre>'


def correct(checker: str, message: str, cases: int) -> CheckResult:
    """A ✓ verdict."""
    return CheckResult(checker, CORRECT, f"✓ {checker}: {message}", cases)


def wrong(checker: str, message: str, cases: int, failed_case: int | None = None) -> CheckResult:
    """A ✗ verdict; ``failed_case`` is the 1-based case that failed."""
    return CheckResult(checker, WRONG, f"✗ {checker}: {message}", cases, failed_case)


def not_attempted(checker: str, what_to_do: str, cases: int) -> CheckResult:
    """A calm ○ verdict for a stub: ``what_to_do`` says what to write."""
    message = f"○ {checker}: not attempted yet — {what_to_do}, then run this cell again."
    return CheckResult(checker, NOT_ATTEMPTED, message, cases)
