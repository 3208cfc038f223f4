"""What SGD shows while it runs: a progress bar, the book's own lines, or nothing.

``progress=True`` (the default) shows a tqdm bar — a widget in Jupyter, text in a
terminal — whose text carries the numbers the book prints: during an epoch the mean cost
of the mini-batches so far, after it the test accuracy and whatever else was monitored.
``progress="book"`` prints, after each epoch, the lines the book's programs print:

    Epoch 0: 9129 / 10000                      network.py, with test_data
    Epoch 0 complete                           network.py, without
    Epoch 0 training complete                  network2.py, then one line per monitor:
    Cost on training data: 0.4858...
    Accuracy on training data: 45396 / 50000
    Cost on evaluation data: 0.9712...
    Accuracy on evaluation data: 9066 / 10000
                                               (and an empty line)

``progress=False`` prints nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bpcore.monitor import History

#: Seconds between two redraws of the bar during an epoch.
REFRESH_SECONDS = 0.5


@dataclass(frozen=True)
class Monitoring:
    """What is measured after each epoch, and whose lines the book mode prints.

    ``book2``: the call used network2.py's keywords (evaluation data, a monitor, λ), so
    the book mode prints network2.py's lines; otherwise network.py's.
    """

    evaluation_cost: bool = False
    evaluation_accuracy: bool = False
    training_cost: bool = False
    training_accuracy: bool = False
    book2: bool = False


def book_lines(epoch: int, history: History, watch: Monitoring) -> list[str]:
    """The lines the book's SGD prints after epoch ``epoch`` (counted from 0, as the book)."""
    if not watch.book2:
        if history.evaluation_accuracy:
            return [f"Epoch {epoch}: {history.evaluation_accuracy[-1]} / {history.test_size}"]
        return [f"Epoch {epoch} complete"]
    lines = [f"Epoch {epoch} training complete"]
    if watch.training_cost:
        lines.append(f"Cost on training data: {history.training_cost[-1]}")
    if watch.training_accuracy:
        lines.append(
            f"Accuracy on training data: {history.training_accuracy[-1]} / {history.training_size}"
        )
    if watch.evaluation_cost:
        lines.append(f"Cost on evaluation data: {history.evaluation_cost[-1]}")
    if watch.evaluation_accuracy:
        lines.append(
            f"Accuracy on evaluation data: {history.evaluation_accuracy[-1]} / {history.test_size}"
        )
    return [*lines, ""]


def summary(history: History, watch: Monitoring) -> str:
    """The numbers of the last epoch, for the bar: the book's, in a line."""
    parts = []
    if history.evaluation_accuracy:
        parts.append(f"accuracy {history.evaluation_accuracy[-1]}/{history.test_size}")
    if watch.evaluation_cost:
        parts.append(f"evaluation cost {history.evaluation_cost[-1]:.4f}")
    if watch.training_accuracy:
        parts.append(f"training accuracy {history.training_accuracy[-1]}/{history.training_size}")
    if history.training_cost:
        parts.append(f"training cost {history.training_cost[-1]:.4f}")
    else:
        parts.append(f"cost {history.mini_batch_cost[-1]:.4f}")
    return ", ".join(parts)


class Progress:
    """Shows nothing: the base of the bar and the book's lines (``progress=False``)."""

    def batches(self, done: int, total: int, running_cost: Callable[[], float]) -> None:
        """``done`` of the epoch's ``total`` examples are through; ``running_cost()`` gives
        the mean cost of their mini-batches (computed only when called)."""

    def epoch(self, epoch: int, history: History) -> None:
        """Epoch ``epoch`` (from 0) is over and measured; ``history`` holds its numbers."""

    def close(self) -> None:
        """The run is over, finished or not."""


class BookLines(Progress):
    """``progress="book"``: the book's lines after every epoch, on standard output."""

    def __init__(self, watch: Monitoring) -> None:
        self.watch = watch

    def epoch(self, epoch: int, history: History) -> None:
        print("\n".join(book_lines(epoch, history, self.watch)), flush=True)


class Bar(Progress):
    """``progress=True``: a tqdm bar over the epochs, the latest numbers as its text."""

    def __init__(self, epochs: int, watch: Monitoring) -> None:
        from tqdm.auto import tqdm

        self.watch = watch
        self.bar = tqdm(total=epochs, desc="SGD", unit="epoch")
        self.last = time.monotonic()
        self.done: str = ""

    def batches(self, done: int, total: int, running_cost: Callable[[], float]) -> None:
        now = time.monotonic()
        if now - self.last < REFRESH_SECONDS:
            return
        self.last = now
        text = f"{100 * done // total}% of the epoch, cost {running_cost():.4f}"
        self.bar.set_postfix_str(f"{self.done}; {text}" if self.done else text)

    def epoch(self, epoch: int, history: History) -> None:
        self.done = summary(history, self.watch)
        self.bar.set_postfix_str(self.done, refresh=False)
        self.bar.update()
        self.last = time.monotonic()

    def close(self) -> None:
        self.bar.close()


def check_progress(progress: object) -> bool | str:
    """True (a bar), "book" (the book's lines) or False (nothing)."""
    if isinstance(progress, (bool, np.bool_)):
        return bool(progress)
    if isinstance(progress, str) and progress == "book":
        return progress
    raise ValueError(
        f"progress: expected True (a progress bar), 'book' (the book's lines) or False "
        f"(nothing), got {progress!r}"
    )


def progress_for(progress: object, epochs: int, watch: Monitoring) -> Progress:
    """The display ``progress`` asks for (see :func:`check_progress`)."""
    mode = check_progress(progress)
    if mode == "book":
        return BookLines(watch)
    return Bar(epochs, watch) if mode else Progress()
