"""An epoch of SGD: the shuffled mini-batches, and what keeps a training run honest.

A step is applied whole or not at all. :func:`bpcore.train.gradient_step` computes every
δ^l (running all of the reader's functions) before it changes any parameter, and
:func:`steps_whole` makes Ctrl-C (SIGINT) wait for the step in progress: the interrupt is
raised between two steps, never inside one.

A run whose weights stop being finite stops. Checking every weight after every step
would add a pass over all of them per mini-batch (measured: about 5% of a mini-batch-10
epoch on the book's 784-30-10 network), so :class:`Run` checks once a *window* (about a
thousand examples, see :data:`WINDOW_EXAMPLES`) with one sum per array — a sum is finite
exactly when no entry is NaN or ±inf, unless finite entries overflow it, and only then is
each entry looked at — and keeps a copy of the parameters from the window's start. When a
window ends with non-finite parameters, the copy is put back and the window's steps are
replayed one at a time, each checked, until the first one whose result is not finite:
the run stops there with :class:`Diverged`, naming η, the epoch and the mini-batch, and
the network keeps the weights from before that step — the last finite ones.
"""

from __future__ import annotations

import contextlib
import math
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bpcore.backprop import NetworkLike
from bpcore.equations import l2_term

Array = np.ndarray

#: Examples between two checks that every parameter is finite (a window of
#: WINDOW_EXAMPLES // mini_batch_size steps, at least one).
WINDOW_EXAMPLES = 1000


class MiniBatches:
    """The training set as rows, gathered one shuffled mini-batch at a time.

    ``rows_x`` is ``(n, n_1)`` and ``rows_y`` ``(n, n_L)``: one example per row, so an
    example is one contiguous run of memory. Each mini-batch is copied with ``take``
    into buffers that every batch of the call reuses; the buffer's transpose is the
    ``(n_1, m)`` column matrix of the book, which BLAS reads as a transposed operand
    without a copy. Gathering batch by batch, rather than shuffling a copy of the whole
    set each epoch, keeps the copy small enough to stay in cache.
    """

    def __init__(self, rows_x: Array, rows_y: Array, size: int) -> None:
        self.rows = (rows_x, rows_y)
        self.size = min(size, rows_x.shape[0])
        self.buffers = [np.empty((self.size, rows.shape[1]), rows.dtype) for rows in self.rows]

    def __call__(self, order: Array) -> Iterator[tuple[Array, Array]]:
        """Yield ``(x, y)`` column matrices, one mini-batch after another, in ``order``."""
        for k in range(0, len(order), self.size):
            index = order[k : k + self.size]
            m = len(index)
            # mode="clip" writes straight into the buffer (the default mode buffers the
            # copy to guard against bad indices; a permutation has none).
            x, y = (
                rows.take(index, axis=0, out=buffer[:m], mode="clip")
                for rows, buffer in zip(self.rows, self.buffers)
            )
            yield x.T, y.T


class Diverged(FloatingPointError):
    """SGD stopped: a step would have made weights or biases NaN or infinite.

    ``epoch`` and ``mini_batch`` (both counted from 0, as the book prints epochs) say which
    step; the network keeps its parameters from before that step.
    """

    def __init__(self, message: str, epoch: int, mini_batch: int, eta: float) -> None:
        super().__init__(message)
        self.epoch, self.mini_batch, self.eta = epoch, mini_batch, eta


@dataclass
class Interrupt:
    """A Ctrl-C that arrived during a step, to be raised once the step is whole."""

    pending: tuple[int, Any] | None = None
    previous: Any = signal.default_int_handler

    def raise_if_pending(self) -> None:
        """Raise the interrupt that came during the step (the handler that was there does)."""
        if self.pending is None:
            return
        signum, frame = self.pending
        self.pending = None
        if callable(self.previous):
            self.previous(signum, frame)
        elif self.previous != signal.SIG_IGN:
            raise KeyboardInterrupt


@contextlib.contextmanager
def steps_whole() -> Iterator[Interrupt]:
    """Within the block, Ctrl-C (SIGINT) is held until the code asks for it between steps
    (:meth:`Interrupt.raise_if_pending`). Outside the main thread, where Python delivers no
    SIGINT, nothing changes. One still pending at the end is raised then."""
    interrupt = Interrupt()
    if threading.current_thread() is not threading.main_thread():
        yield interrupt
        return
    interrupt.previous = signal.getsignal(signal.SIGINT)

    def hold(signum: int, frame: Any) -> None:
        interrupt.pending = (signum, frame)

    signal.signal(signal.SIGINT, hold)
    try:
        yield interrupt
    finally:
        signal.signal(signal.SIGINT, interrupt.previous)
    interrupt.raise_if_pending()


def all_finite(arrays: list[Array]) -> bool:
    """Whether no entry of any array is NaN or ±inf: one sum each, a full look if it overflows."""
    for array in arrays:
        if not math.isfinite(array.sum()) and not np.isfinite(array).all():
            return False
    return True


#: One gradient step: (net, x, y, eta, buffers, lmbda, n) → a^L, as bpcore.train.gradient_step.
Step = Callable[[NetworkLike, Array, Array, float, list[Array], float, int], Array]
#: What is told after each window: (examples done, examples in all, the running mean cost).
Shown = Callable[[int, int, Callable[[], float]], None]


def non_finite(net: NetworkLike) -> list[str]:
    """The book's names of the parameters that hold NaN or ±inf, e.g. ['w^2', 'b^3']."""
    named = [(f"w^{i + 2}", w) for i, w in enumerate(net.weights)]
    named += [(f"b^{i + 2}", b) for i, b in enumerate(net.biases)]
    return [name for name, p in named if not all_finite([p])]


@dataclass
class Run:
    """One call of SGD: the network, its training set as rows, and the reused buffers.

    ``X`` ``(n_1, n)`` and ``Y`` ``(n_L, n)`` are the training set as columns (for the
    monitors); ``outputs`` keeps a^L of every mini-batch ``(n_L, m)`` in the order the
    epoch visits them (the step's own array, not a copy), for the mean cost of the
    mini-batches. ``gradient_step`` is
    :func:`bpcore.train.gradient_step`, passed in by the module above this one.
    """

    net: NetworkLike
    X: Array
    Y: Array
    mini_batch_size: int
    eta: float
    lmbda: float
    gradient_step: Step
    rows: tuple[Array, Array] = field(init=False)
    done: int = 0

    def __post_init__(self) -> None:
        # as_matrices stacks the examples as rows and returns the transpose: copies nothing.
        self.rows = (np.ascontiguousarray(self.X.T), np.ascontiguousarray(self.Y.T))
        self.mini_batches = MiniBatches(*self.rows, self.mini_batch_size)
        self.buffers = [np.empty_like(w) for w in self.net.weights]
        self.outputs: list[Array] = []
        self.window = max(1, WINDOW_EXAMPLES // self.mini_batches.size)
        self.order = np.arange(self.n)

    @property
    def n(self) -> int:
        """The number of training examples."""
        return self.X.shape[1]

    def parameters(self) -> list[Array]:
        return [*self.net.weights, *self.net.biases]

    def running_cost(self) -> float:
        """The mean cost C_x over the examples of this epoch so far, each from the forward
        pass of its own step (the mean of the mini-batch costs), plus eq. 87's term."""
        targets = self.rows[1].take(self.order[: self.done], axis=0).T
        outputs = np.hstack(self.outputs)
        with np.errstate(over="ignore", invalid="ignore"):  # huge outputs: inf, said as such
            cost = self.net.cost_function.mean(outputs, targets)
            return cost + l2_term(self.net.weights, self.lmbda, self.n)

    def epoch(self, order: Array, epoch: int, shown: Shown, interrupt: Interrupt) -> None:
        """One pass over the training set in ``order``, window by window; after each window
        ``shown(done, n, running_cost)`` (the bar's hook) is called.

        numpy's warnings are off for the steps: an overflow on the way to divergence is
        caught by the finiteness check, and a warning turned into an error (as the tests
        do) must not stop a step half-applied.
        """
        self.order, self.done, self.outputs = order, 0, []
        size = self.mini_batches.size
        batches = self.mini_batches(order)
        for first in range(0, math.ceil(self.n / size), self.window):
            start = [p.copy() for p in self.parameters()]
            with np.errstate(all="ignore"):
                self.window_steps(batches, start, interrupt)
                if not all_finite(self.parameters()):
                    self.restore(start)
                    self.replay(order[first * size : (first + self.window) * size], epoch, first)
            shown(self.done, self.n, self.running_cost)

    def window_steps(
        self, batches: Iterator[tuple[Array, Array]], start: list[Array], interrupt: Interrupt
    ) -> None:
        """The next ``window`` steps; on any exception (Ctrl-C among them) the parameters
        are left finite: those of the window's start if the current ones are not."""
        try:
            for _, (x, y) in zip(range(self.window), batches):
                self.step(x, y)
                if interrupt.pending is not None:
                    interrupt.raise_if_pending()
        except BaseException:
            if not all_finite(self.parameters()):
                self.restore(start)
            raise

    def step(self, x: Array, y: Array) -> None:
        output = self.gradient_step(self.net, x, y, self.eta, self.buffers, self.lmbda, self.n)
        self.outputs.append(output)
        self.done += output.shape[1]

    def restore(self, saved: list[Array]) -> None:
        for p, q in zip(self.parameters(), saved):
            p[...] = q

    def replay(self, order: Array, epoch: int, first: int) -> None:
        """The window's steps again, one at a time and each checked (see the module's doc);
        raises :class:`Diverged` at the first step whose result is not finite."""
        self.done -= len(order)
        del self.outputs[len(self.outputs) - math.ceil(len(order) / self.mini_batches.size) :]
        for i, (x, y) in enumerate(self.mini_batches(order)):
            before = [p.copy() for p in self.parameters()]
            self.step(x, y)
            if not all_finite(self.parameters()):
                bad = non_finite(self.net)
                self.restore(before)
                raise Diverged(self.message(epoch, first + i, bad), epoch, first + i, self.eta)

    def message(self, epoch: int, batch: int, bad: list[str]) -> str:
        batches = math.ceil(self.n / self.mini_batches.size)
        text = (
            f"eta: training diverged at epoch {epoch}, mini-batch {batch} of {batches} (both "
            f"counted from 0): that step would have made {', '.join(bad)} NaN or infinite. "
            "The network keeps its weights and biases from before that step, the last finite "
            f"ones. The learning rate η = {self.eta:g} is too large for this network and "
            f"data: try a smaller eta, e.g. {self.eta / 10:g}"
        )
        decay = self.eta * self.lmbda / self.n
        if decay > 1:
            text += (
                f" (with lmbda = {self.lmbda:g} each step multiplies the weights by "
                f"1 − ηλ/n = {1 - decay:g}; ηλ < n = {self.n} keeps that factor in (0, 1))"
            )
        return text
