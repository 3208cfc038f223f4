"""Training by mini-batch stochastic gradient descent, with the book's two signatures.

The book's network.py loops over the examples of a mini-batch, calling backprop once
per example and summing the gradients. Here each mini-batch is one matrix with the
examples as columns and goes through backpropagation at once (the chapter's Problem 2);
the update is the same, with chapter 3's L2 regularisation when λ > 0 (eq. 93–94):

    w^l → (1 − ηλ/n) w^l − (η/m) Σ_x δ^{x,l} (a^{x,l-1})^T,    b^l → b^l − (η/m) Σ_x δ^{x,l}

(m examples in the mini-batch, n in the training set). The data keep the book's format:
``training_data`` is a list of ``(x, y)`` pairs of columns, ``test_data`` a list of
``(x, label)`` pairs. They are turned into matrices once per call of :func:`SGD`.

:func:`SGD` takes network.py's arguments (``test_data`` fifth) and network2.py's keywords
(``lmbda``, ``evaluation_data``, the four ``monitor_...`` flags) and returns a
:class:`~bpcore.monitor.History` that unpacks as network2.py's four lists.

Honest and atomic: every δ^l is computed before any parameter changes, and Ctrl-C waits
for the step in progress (:func:`steps_whole`), so a step is applied whole or not at all.
A run whose weights stop being finite stops with :class:`Diverged`, naming η, the epoch
and the mini-batch, and leaves the last finite weights (:mod:`bpcore.epochs`).

Speed (measured in benchmarks/RESULTS.md, never asserted in a test): the arguments are
checked and converted once per call; then each mini-batch is gathered from the
examples' rows into buffers reused by every batch (:class:`MiniBatches`) and goes
through the unvalidated :func:`~bpcore.backprop.feedforward_pass` and
:func:`~bpcore.backprop.backward_errors` (BP1, BP2); BP3 and BP4 are applied to η δ^l,
BP4 writing into one weight-sized buffer per layer that every batch reuses. All four
equations come from :mod:`bpcore.equations`: the training loop has no copy of its own.
Nothing but the step runs per mini-batch: the finiteness check and the bar run once
every thousand examples or so, and the full pass over the training set that measures
its cost only when asked (``monitor_training_cost``), as in network2.py.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from bpcore import _checks
from bpcore.backprop import NetworkLike, backward_errors, feedforward_pass
from bpcore.epochs import Diverged, MiniBatches, Run, non_finite, steps_whole
from bpcore.equations import bp3, regularised_weight_gradient
from bpcore.monitor import (
    History,
    accuracy,
    check_lmbda,
    cost_of,
    count_right,
    data_matrices,
    evaluate,
    total_cost,
)
from bpcore.progress import Monitoring, Progress, check_progress, progress_for

__all__ = [
    "SGD",
    "Diverged",
    "History",
    "MiniBatches",
    "accuracy",
    "evaluate",
    "gradient_step",
    "total_cost",
    "update_mini_batch",
]

Array = np.ndarray

#: The most epochs one call may ask for: far beyond the book's longest run (400 epochs),
#: and a typing slip (epochs=10**9) is refused rather than left running for days.
MAX_EPOCHS = 10**6


def gradient_step(
    net: NetworkLike,
    x: Array,
    y: Array,
    eta: float,
    buffers: list[Array] | None = None,
    lmbda: float = 0.0,
    n: int = 1,
) -> Array:
    """One gradient-descent step on the batch (x, y), columns ``(n_1, m)`` and ``(n_L, m)``.

    b^l → b^l − η ∂C/∂b^l (BP3) and w^l → w^l − η ∂C/∂w^l, where ∂C/∂w^l is BP4's gradient
    plus (λ/n) w^l (eq. 88, the weight decay of eq. 93), C the batch mean (eq. 20–21).
    ``buffers``, one array of each w^l's shape, receive the weight updates, so that a
    training run allocates its weight-sized arrays once rather than once per mini-batch.
    Returns a^L ``(n_L, m)``.

    Whole or not at all: every δ^l is known before the first parameter changes, so all
    that a reader's code does (σ, σ', the cost) and all that can fail has run by then; what
    follows is numpy arithmetic on arrays of fixed shapes. SGD and update_mini_batch hold
    Ctrl-C until the step is over (:func:`~bpcore.epochs.steps_whole`). (Applying each
    layer's update as soon as it is computed, rather than computing them all first, keeps
    the weight-sized buffer in cache: measured 3 µs, 2.5%, of a mini-batch-10 step.)
    """
    forward = feedforward_pass(net, x)
    deltas = backward_errors(net, forward, y)  # BP1, BP2: every δ^l, before any update
    outs: list[Array | None] = [None] * len(deltas) if buffers is None else list(buffers)
    decay = eta * lmbda
    for w, b, a_prev, delta, out in zip(
        net.weights, net.biases, forward.activations[:-1], deltas, outs
    ):
        # BP3 and BP4 are linear in δ (eq. 88 in δ and λ together), so η ∂C/∂b^l and
        # η ∂C/∂w^l are BP3 and eq. 88 of η δ^l and ηλ: scaling δ (n_l × m) costs less
        # than scaling the weight-sized gradient. BP4 of layer l needs δ^l and a^{l-1}
        # only, never w^l, so updating layer by layer gives the same step.
        eta_delta = eta * delta
        b -= bp3(eta_delta)
        w -= regularised_weight_gradient(a_prev, eta_delta, w, decay, n, out)
    return forward.output


def update_mini_batch(net: NetworkLike, mini_batch: Iterable[tuple], eta: float) -> None:
    """The book's ``update_mini_batch``: one step on a list of ``(x, y)`` pairs.

    A step that would make a weight or bias NaN or infinite is undone and refused
    (:class:`Diverged`): the network is left as it was.
    """
    step = _checks.positive_number(eta, "eta")
    x, y = data_matrices(net, mini_batch, "mini_batch", labels_ok=False)
    before = [p.copy() for p in [*net.weights, *net.biases]]
    with steps_whole(), np.errstate(all="ignore"):  # Ctrl-C waits for the step
        gradient_step(net, x, y, step)
        bad = non_finite(net)
        if bad:
            for p, saved in zip([*net.weights, *net.biases], before):
                p[...] = saved
    if bad:
        raise Diverged(
            f"eta: this step would have made {', '.join(bad)} NaN or infinite; the network "
            f"is unchanged. The learning rate η = {step:g} is too large for this network "
            f"and mini-batch: try a smaller eta, e.g. {step / 10:g}",
            0,
            0,
            step,
        )


def check_seed(seed: object, argument: str = "seed") -> int | None:
    """None, or an integer in 0..2**128 − 1 (numpy's seeds hold 128 bits of entropy)."""
    if seed is None:
        return None
    value = _checks.integer_in_range(seed, argument, 0)
    if value >= 2**128:
        raise ValueError(
            f"{argument}: expected an integer in 0..2**128 − 1 (numpy's seeds hold 128 bits), "
            f"got an integer of {len(str(value))} digits"
        )
    return value


def _flag(value: object, argument: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{argument}: expected True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def _evaluation_data(
    test_data: Iterable[tuple] | None, evaluation_data: Iterable[tuple] | None
) -> Iterable[tuple] | None:
    """network.py's test_data or network2.py's evaluation_data (one of them, or neither)."""
    if isinstance(test_data, numbers.Number):
        raise TypeError(
            f"test_data: got {type(test_data).__name__} {test_data!r}, a number. The fifth "
            "argument is network.py's test_data; network2.py's regularisation parameter λ "
            f"must be passed by name: SGD(training_data, epochs, mini_batch_size, eta, "
            f"lmbda={test_data!r}, ...)"
        )
    if test_data is not None and evaluation_data is not None:
        raise ValueError(
            "test_data, evaluation_data: expected one of them (network.py's test_data or "
            "network2.py's evaluation_data), got both"
        )
    return evaluation_data if test_data is None else test_data


def _monitoring(
    flags: Mapping[str, object], lmbda: float, test: bool, evaluation: bool
) -> Monitoring:
    """The monitors asked for, checked: the evaluation ones need evaluation data."""
    checked = {name: _flag(value, name) for name, value in flags.items()}
    for name in ("monitor_evaluation_cost", "monitor_evaluation_accuracy"):
        if checked[name] and not (test or evaluation):
            raise ValueError(f"{name}: expected evaluation_data to monitor, got none")
    return Monitoring(
        evaluation_cost=checked["monitor_evaluation_cost"],
        evaluation_accuracy=checked["monitor_evaluation_accuracy"] or test,
        training_cost=checked["monitor_training_cost"] or checked["monitor_cost"],
        training_accuracy=checked["monitor_training_accuracy"],
        # network2.py's lines when its keywords were used; network.py's with test_data alone
        book2=evaluation
        or any(checked[name] for name in flags if name != "monitor_cost")
        or (lmbda != 0 and not test),
    )


def measure(
    run: Run, history: History, watch: Monitoring, evaluation: tuple[Array, Array] | None
) -> None:
    """After an epoch: the training and evaluation numbers asked for, into ``history``."""
    net = run.net
    history.mini_batch_cost.append(run.running_cost())
    if watch.training_cost or watch.training_accuracy:
        output = feedforward_pass(net, run.X).output
        if watch.training_cost:
            history.training_cost.append(cost_of(net, output, run.Y, run.lmbda))
        if watch.training_accuracy:
            history.training_accuracy.append(count_right(output, run.Y))
    if evaluation is not None and (watch.evaluation_cost or watch.evaluation_accuracy):
        X, Y = evaluation
        output = feedforward_pass(net, X).output
        if watch.evaluation_cost:
            history.evaluation_cost.append(cost_of(net, output, Y, run.lmbda))
        if watch.evaluation_accuracy:
            history.evaluation_accuracy.append(count_right(output, Y))


def SGD(  # noqa: N802 - the book's name
    net: NetworkLike,
    training_data: Iterable[tuple],
    epochs: int,
    mini_batch_size: int,
    eta: float,
    test_data: Iterable[tuple] | None = None,
    *,
    lmbda: float = 0.0,
    evaluation_data: Iterable[tuple] | None = None,
    monitor_evaluation_cost: bool = False,
    monitor_evaluation_accuracy: bool = False,
    monitor_training_cost: bool = False,
    monitor_training_accuracy: bool = False,
    seed: int | None = None,
    progress: bool | str = True,
    monitor_cost: bool = False,
) -> History:
    """Train ``net`` in place by mini-batch SGD: network.py's and network2.py's signatures.

    Each epoch shuffles the training examples, cuts them into mini-batches of
    ``mini_batch_size`` columns and takes one gradient step per batch, with weight decay
    when ``lmbda`` (λ) > 0 (eq. 93; n is the size of the training set).

    network.py: ``test_data`` (``(x, label)`` pairs) is evaluated after every epoch.
    network2.py: ``evaluation_data`` and the ``monitor_...`` flags, each off by default,
    ask for the cost (with eq. 87's term) and the accuracy on the evaluation and the
    training data after every epoch; ``monitor_cost`` is ``monitor_training_cost``'s older
    name. Returns a :class:`~bpcore.monitor.History` (network2.py's four lists).

    ``seed`` makes the shuffling (and so the whole run) repeatable. ``progress``: True
    shows a bar (text in a terminal, a widget in Jupyter), "book" prints the book's lines
    after each epoch, False nothing. A step whose weights would not be finite raises
    :class:`Diverged` and leaves the weights from before it.

    Long because its signature is the book's two together (fifteen parameters); the body
    checks them (:func:`_plan`, :func:`_monitoring`), converts the data once, and runs.
    """
    flags = {
        "monitor_evaluation_cost": monitor_evaluation_cost,
        "monitor_evaluation_accuracy": monitor_evaluation_accuracy,
        "monitor_training_cost": monitor_training_cost,
        "monitor_training_accuracy": monitor_training_accuracy,
        "monitor_cost": monitor_cost,
    }
    plan = _plan((epochs, mini_batch_size, eta, lmbda), flags, seed)
    evaluating = _evaluation_data(test_data, evaluation_data)
    watch = _monitoring(flags, plan.lmbda, test_data is not None, evaluation_data is not None)
    check_progress(progress)
    # every argument is checked; now the data, before anything is allocated
    X, Y = data_matrices(net, training_data, "training_data", labels_ok=False)
    evaluation = None
    if evaluating is not None:
        name = "test_data" if test_data is not None else "evaluation_data"
        evaluation = data_matrices(net, evaluating, name, labels_ok=True)
    run = Run(net, X, Y, plan.mini_batch_size, plan.eta, plan.lmbda, gradient_step)
    history = History(test_size=0 if evaluation is None else evaluation[0].shape[1])
    history.training_size = run.n
    show = Progress()
    with steps_whole() as interrupt:
        try:
            show = progress_for(progress, plan.epochs, watch)
            for epoch in range(plan.epochs):
                run.epoch(plan.rng.permutation(run.n), epoch, show.batches, interrupt)
                measure(run, history, watch, evaluation)
                show.epoch(epoch, history)
                interrupt.raise_if_pending()
        finally:
            show.close()
    return history


@dataclass
class _Plan:
    """SGD's numbers, checked, and the generator that shuffles each epoch."""

    epochs: int
    mini_batch_size: int
    eta: float
    lmbda: float
    rng: np.random.Generator


def _plan(
    values: tuple[object, object, object, object], flags: Mapping[str, object], seed: object
) -> _Plan:
    """Check (epochs, mini_batch_size, eta, lmbda), the monitor flags and the seed."""
    epochs, mini_batch_size, eta, lmbda = values
    for name, value in flags.items():
        _flag(value, name)
    return _Plan(
        _checks.positive_integer(epochs, "epochs", high=MAX_EPOCHS),
        _checks.positive_integer(mini_batch_size, "mini_batch_size"),
        _checks.positive_number(eta, "eta"),
        check_lmbda(lmbda),
        np.random.default_rng(check_seed(seed)),
    )
