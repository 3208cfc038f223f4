"""Stopping a reader's function that runs far too long (an endless loop, a runaway recursion).

Where Python can deliver an alarm signal — the main thread of CPython on Linux or macOS,
which is where a notebook kernel runs the reader's cells — :func:`time_limit` arms
``signal.setitimer`` and the alarm raises :class:`TimeLimitExceeded` inside the
reader's function. Elsewhere (a thread, Windows, Pyodide in the browser) there is no
limit, and nothing breaks: the function simply runs to its end.

The signal is only looked at between Python bytecodes: one enormous numpy call (a
product of two 10^5 × 10^5 matrices) finishes before the alarm can stop it.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

#: Seconds one case may take. Every worked solution of the notebooks' exercises takes
#: at most a few milliseconds per case here (finite differences or a path sum written
#: with Python loops), and some tens of times that in a browser (Pyodide) or on a slow
#: laptop. Ten seconds is a thousand times more, so only a function that never ends (a
#: ``while`` whose condition never changes, a recursion without a base case) meets it,
#: and the reader waits ten seconds, not forever.
TIME_LIMIT = 10.0

#: After the first alarm, how often it rings again if the reader's code swallowed it
#: (a bare ``except:`` inside a loop).
_REPEAT = 0.5


class TimeLimitExceeded(BaseException):
    """The reader's function ran past the time limit.

    A :class:`BaseException`, like :class:`KeyboardInterrupt`, so that an
    ``except Exception`` in the reader's code does not swallow it.
    """


def alarm_available() -> bool:
    """Whether :func:`time_limit` can stop a function here (main thread, SIGALRM and setitimer)."""
    return (
        hasattr(signal, "setitimer")
        and hasattr(signal, "SIGALRM")
        and threading.current_thread() is threading.main_thread()
    )


def _handler_or_default(handler: Any) -> Any:
    """``signal.signal`` returns None for a handler not set from Python; put the default back."""
    return signal.SIG_DFL if handler is None else handler


@contextlib.contextmanager
def time_limit(seconds: float = TIME_LIMIT) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the ``with`` block after ``seconds`` seconds.

    The default, :data:`TIME_LIMIT` (10 s), is a thousand times what an honest answer
    needs, so it stops only a function that would never end. No limit where alarms
    are not available. A timer armed before (by pytest-timeout,
    say) is put back afterwards with the time it had left.
    """
    if not alarm_available():
        yield
        return
    armed = True

    def ring(signum: int, frame: object) -> None:
        if armed:
            raise TimeLimitExceeded(f"stopped after {seconds:g} s")

    try:
        previous_handler = signal.signal(signal.SIGALRM, ring)
    except (ValueError, OSError):  # not the main interpreter, or no signals here after all
        yield
        return
    start = time.monotonic()
    try:
        previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds, _REPEAT)
    except (ValueError, OSError):
        signal.signal(signal.SIGALRM, _handler_or_default(previous_handler))
        yield
        return
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, _handler_or_default(previous_handler))
        if previous_delay > 0:
            left = max(previous_delay - (time.monotonic() - start), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left, previous_interval)
