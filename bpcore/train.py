"""Training by mini-batch stochastic gradient descent, with the book's signatures.

The book's network.py loops over the examples of a mini-batch, calling backprop once
per example and summing the gradients. Here each mini-batch is one matrix with the
examples as columns and goes through backpropagation at once (the chapter's Problem 2);
the update is the same,

    w^l → w^l − (η/m) Σ_x δ^{x,l} (a^{x,l-1})^T,    b^l → b^l − (η/m) Σ_x δ^{x,l}.

The data keep the book's format: ``training_data`` is a list of ``(x, y)`` pairs of
columns, ``test_data`` a list of ``(x, label)`` pairs. They are turned into matrices
once per call of :func:`SGD`, not once per epoch or mini-batch.

Speed (measured in benchmarks/RESULTS.md, never asserted in a test): the arguments are
checked and converted once per call; then each mini-batch is gathered from the
examples' rows into buffers reused by every batch (:class:`MiniBatches`) and goes
through the unvalidated :func:`~bpcore.backprop.feedforward_pass` and
:func:`~bpcore.backprop.backward_errors` (BP1, BP2); BP3 and BP4 are applied to η δ^l,
BP4 writing into one weight-sized buffer per layer that every batch reuses. All four
equations come from :mod:`bpcore.equations`: the training loop has no copy of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from bpcore import _checks
from bpcore.backprop import NetworkLike, backward_errors, feedforward_pass
from bpcore.equations import bp3_bias_gradient, bp4_weight_gradient
from bpcore.matrices import as_matrices

Array = np.ndarray


@dataclass
class History:
    """What happened in each epoch of :func:`SGD`.

    ``cost[e]`` is the cost on the whole training set after epoch e (eq. 26), and
    ``accuracy[e]`` the number of test examples classified right (``None`` without
    test data) out of ``test_size``.
    """

    cost: list[float] = field(default_factory=list)
    accuracy: list[int | None] = field(default_factory=list)
    test_size: int = 0

    @property
    def epochs(self) -> int:
        return len(self.cost)


def _check_learning(epochs: object, mini_batch_size: object, eta: object) -> tuple[int, int, float]:
    return (
        _checks.positive_integer(epochs, "epochs"),
        _checks.positive_integer(mini_batch_size, "mini_batch_size"),
        _checks.positive_number(eta, "eta"),
    )


def _matrices(
    net: NetworkLike, data: Iterable[tuple], name: str, labels_ok: bool
) -> tuple[Array, Array]:
    """(X, Y) from a list of pairs, checked against the network's input and output sizes.

    ``X`` is ``(n_1, m)`` in the network's float type (:func:`bpcore.matrices.as_matrices`
    has already refused NaN and inf); ``Y`` is ``(n_L, m)`` of that type, or integer
    labels ``(m,)`` when ``labels_ok``.
    """
    X, Y = as_matrices(data, name=name, dtype=net.weights[0].dtype)
    _checks.batch(X[:, :1], net.sizes[0], f"{name}[0][0] (x)")
    if Y.ndim == 1:
        if not labels_ok:
            raise ValueError(
                f"{name}: expected (x, y) pairs with y a column of {net.sizes[-1]} targets, "
                "got integer labels (the book's training_data uses one-hot columns)"
            )
        if Y.max() >= net.sizes[-1]:
            i = int(np.argmax(Y >= net.sizes[-1]))
            raise ValueError(
                f"{name}[{i}]: expected a label in 0..{net.sizes[-1] - 1} (one per output "
                f"neuron), got {Y[i]}"
            )
    else:
        _checks.batch(Y[:, :1], net.sizes[-1], f"{name}[0][1] (y)")
    return X, Y


def gradient_step(
    net: NetworkLike, x: Array, y: Array, eta: float, buffers: list[Array] | None = None
) -> None:
    """One gradient-descent step on the batch (x, y), columns ``(n_1, m)`` and ``(n_L, m)``.

    w^l → w^l − η ∂C/∂w^l and b^l → b^l − η ∂C/∂b^l, with C the batch mean (eq. 20–21).
    ``buffers``, one array of each w^l's shape, receive BP4's product, so that a training
    run allocates its weight-sized arrays once rather than once per mini-batch.
    """
    forward = feedforward_pass(net, x)
    deltas = backward_errors(net, forward, y)  # BP1, BP2
    outs: list[Array | None] = [None] * len(deltas) if buffers is None else list(buffers)
    for w, b, a_prev, delta, buffer in zip(
        net.weights, net.biases, forward.activations[:-1], deltas, outs
    ):
        # BP3 and BP4 are linear in δ, so η ∂C/∂b^l and η ∂C/∂w^l are BP3 and BP4 of η δ^l:
        # scaling δ (n_l × m) costs less than scaling the weight-sized gradient.
        eta_delta = eta * delta
        b -= bp3_bias_gradient(eta_delta)
        w -= bp4_weight_gradient(a_prev, eta_delta, out=buffer)


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


def update_mini_batch(net: NetworkLike, mini_batch: Iterable[tuple], eta: float) -> None:
    """The book's ``update_mini_batch``: one step on a list of ``(x, y)`` pairs."""
    step = _checks.positive_number(eta, "eta")
    x, y = _matrices(net, mini_batch, "mini_batch", labels_ok=False)
    gradient_step(net, x, y, step)


def _correct(net: NetworkLike, X: Array, Y: Array) -> int:
    """How many columns of X the network classifies right (most active output neuron)."""
    predicted = np.argmax(feedforward_pass(net, X).output, axis=0)
    labels = Y if Y.ndim == 1 else np.argmax(Y, axis=0)
    return int(np.sum(predicted == labels))


def evaluate(net: NetworkLike, test_data: Iterable[tuple]) -> int:
    """The number of test inputs for which the network outputs the right label (network.py).

    ``test_data``: a list of ``(x, label)`` pairs, or ``(x, y)`` with one-hot columns y.
    """
    X, Y = _matrices(net, test_data, "test_data", labels_ok=True)
    return _correct(net, X, Y)


def SGD(  # noqa: N802 - the book's name
    net: NetworkLike,
    training_data: Iterable[tuple],
    epochs: int,
    mini_batch_size: int,
    eta: float,
    test_data: Iterable[tuple] | None = None,
    *,
    seed: int | None = None,
    progress: bool = True,
    monitor_cost: bool = True,
) -> History:
    """Train ``net`` in place by mini-batch SGD; the book's signature and data format.

    Each epoch shuffles the training examples, cuts them into mini-batches of
    ``mini_batch_size`` columns and takes one gradient step per batch. ``seed`` makes
    the shuffling (and so the whole run) repeatable. ``progress`` shows a tqdm bar
    (a widget in Jupyter, text in a terminal). ``monitor_cost`` records the training
    cost after each epoch (one extra forward pass over the training set).
    """
    epochs, mini_batch_size, eta = _check_learning(epochs, mini_batch_size, eta)
    X, Y = _matrices(net, training_data, "training_data", labels_ok=False)
    if test_data is not None:
        X_test, Y_test = _matrices(net, test_data, "test_data", labels_ok=True)
    n = X.shape[1]
    rng = np.random.default_rng(seed)
    # as_matrices stacks the examples as rows, in the network's float type, and returns
    # the transpose: the rows are there already and this copies nothing.
    rows_x, rows_y = (np.ascontiguousarray(M.T) for M in (X, Y))
    mini_batches = MiniBatches(rows_x, rows_y, mini_batch_size)
    buffers = [np.empty_like(w) for w in net.weights]
    history = History(test_size=0 if test_data is None else X_test.shape[1])
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=epochs, desc="SGD", unit="epoch")
    for _ in range(epochs):
        for x, y in mini_batches(rng.permutation(n)):
            gradient_step(net, x, y, eta, buffers)
        if monitor_cost:
            history.cost.append(net.cost_function.mean(feedforward_pass(net, X).output, Y))
        else:
            history.cost.append(float("nan"))
        history.accuracy.append(None if test_data is None else _correct(net, X_test, Y_test))
        if bar is not None:
            postfix = {"cost": f"{history.cost[-1]:.4f}"}
            if test_data is not None:
                postfix["accuracy"] = f"{history.accuracy[-1]}/{history.test_size}"
            bar.set_postfix(postfix)
            bar.update()
    if bar is not None:
        bar.close()
    return history
