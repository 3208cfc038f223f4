"""What training measures: accuracy and cost on a data set, and the record of a run.

The book's two programs measure differently. network.py's ``evaluate(test_data)`` counts
the test inputs classified right. network2.py adds ``accuracy(data, convert)`` and
``total_cost(data, lmbda, convert)``, the cost with chapter 3's regularisation term,

    C = (1/n) Σ_x C_x + (λ/2n) Σ_w w²                                  (eq. 87)

where n is the number of examples in ``data`` (network2.py divides by ``len(data)``, so
on the evaluation data the term is (λ/2 n_eval) Σ w²). The flag ``convert`` says how the
targets are written: network2.py keeps the training data's y as one-hot columns and the
validation and test data's y as int labels, and its two functions use the flag in
opposite senses (``accuracy``: convert=True for one-hot training data; ``total_cost``:
convert=True for int labels). bpcore sees which kind it is given, and refuses a flag that
says the other kind instead of counting wrong.

:class:`History` is what ``SGD`` returns: per-epoch lists under network2.py's names,
unpacking as network2.py's 4-tuple, with bpcore's own ``cost``, ``accuracy`` and
``test_size`` beside them.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from bpcore import _checks
from bpcore.backprop import NetworkLike, feedforward_pass
from bpcore.equations import l2_term
from bpcore.matrices import as_matrices

Array = np.ndarray


def data_matrices(
    net: NetworkLike, data: Iterable[tuple], name: str, labels_ok: bool
) -> tuple[Array, Array]:
    """(X, Y) from a list of pairs, checked against the network's input and output sizes.

    ``X`` is ``(n_1, m)`` in the network's float type (:func:`bpcore.matrices.as_matrices`
    has already refused NaN and inf); ``Y`` is ``(n_L, m)`` of that type, or integer
    labels ``(m,)`` when ``labels_ok``.
    """
    pairs = data if isinstance(data, (list, tuple)) else list(data)
    try:
        X, Y = as_matrices(pairs, name=name, dtype=net.weights[0].dtype)
    except OverflowError:  # an int label beyond int64
        raise _huge_label(pairs, name, net.sizes[-1]) from None
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


def _huge_label(pairs: Iterable[tuple], name: str, classes: int) -> ValueError:
    """The first int label too large for int64, as the error to raise."""
    for i, (_, y) in enumerate(pairs):
        if isinstance(y, numbers.Integral) and not -(2**63) <= int(y) < 2**63:
            digits = len(str(abs(int(y))))
            return ValueError(
                f"{name}[{i}]: expected a label in 0..{classes - 1} (one per output neuron), "
                f"got an integer of {digits} digits"
            )
    return ValueError(f"{name}: expected labels in 0..{classes - 1}")  # pragma: no cover


def one_hot(Y: Array, classes: int, dtype: np.dtype) -> Array:
    """Int labels ``(m,)`` as one-hot columns ``(classes, m)``; columns pass unchanged."""
    return np.eye(classes, dtype=dtype)[Y].T if Y.ndim == 1 else Y


def count_right(output: Array, Y: Array) -> int:
    """How many columns of a^L ``(n_L, m)`` have their most active neuron at the label
    (``Y``: int labels ``(m,)`` or one-hot columns ``(n_L, m)``)."""
    labels = Y if Y.ndim == 1 else np.argmax(Y, axis=0)
    return int(np.sum(np.argmax(output, axis=0) == labels))


def correct(net: NetworkLike, X: Array, Y: Array) -> int:
    """How many columns of X the network classifies right (most active output neuron)."""
    return count_right(feedforward_pass(net, X).output, Y)


def cost_of(net: NetworkLike, output: Array, Y: Array, lmbda: float) -> float:
    """C on a data set given the network's output a^L on it (eq. 26, plus eq. 87's term).

    ``output`` is a^L ``(n_L, m)``; ``Y`` one-hot columns or int labels; n = m (network2.py).
    """
    targets = one_hot(Y, net.sizes[-1], output.dtype)
    return net.cost_function.mean(output, targets) + l2_term(net.weights, lmbda, Y.shape[-1])


def evaluate(net: NetworkLike, test_data: Iterable[tuple]) -> int:
    """The number of test inputs for which the network outputs the right label (network.py).

    ``test_data``: a list of ``(x, label)`` pairs, or ``(x, y)`` with one-hot columns y.
    """
    X, Y = data_matrices(net, test_data, "test_data", labels_ok=True)
    return correct(net, X, Y)


def check_lmbda(lmbda: object) -> float:
    """λ, the regularisation parameter of eq. 87: a finite number >= 0."""
    value = _checks.finite_number(lmbda, "lmbda")
    if value < 0:
        raise ValueError(f"lmbda: expected a finite number >= 0 (λ of eq. 87), got {lmbda!r}")
    return value


def _convert(value: object, argument: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{argument}: expected True or False, got {type(value).__name__}")
    return bool(value)


def _check_kind(Y: Array, labels_expected: bool, convert: bool, function: str) -> None:
    """Refuse a ``convert`` flag that says the other kind of target than ``data`` holds."""
    if (Y.ndim == 1) != labels_expected:
        says = "int labels" if labels_expected else "one-hot columns y"
        holds = "int labels" if Y.ndim == 1 else "one-hot columns y"
        raise ValueError(
            f"convert: {function}(data, convert={convert}) expects {says} (as network2.py), "
            f"but data holds {holds}; pass convert={not convert}"
        )


def accuracy(net: NetworkLike, data: Iterable[tuple], convert: bool = False) -> int:
    """How many examples of ``data`` the network classifies right, as network2.py's.

    ``convert=False`` (the usual case): ``data`` is validation or test data, ``(x, label)``
    pairs with int labels. ``convert=True``: it is training data, ``(x, y)`` with one-hot
    columns y (network2.py then takes argmax y as the label).
    """
    convert = _convert(convert, "convert")
    X, Y = data_matrices(net, data, "data", labels_ok=True)
    _check_kind(Y, not convert, convert, "accuracy")
    return correct(net, X, Y)


def total_cost(
    net: NetworkLike, data: Iterable[tuple], lmbda: float, convert: bool = False
) -> float:
    """The cost on ``data`` with the regularisation term (eq. 87), as network2.py's.

    C = (1/n) Σ_x C_x + (λ/2n) Σ_w w², n = the number of examples in ``data``.
    ``convert=False`` (the usual case): ``data`` is training data with one-hot columns y.
    ``convert=True``: validation or test data with int labels, turned into one-hot
    columns (network2.py's ``vectorized_result``).
    """
    convert = _convert(convert, "convert")
    lmbda = check_lmbda(lmbda)
    X, Y = data_matrices(net, data, "data", labels_ok=True)
    _check_kind(Y, convert, convert, "total_cost")
    return cost_of(net, feedforward_pass(net, X).output, Y, lmbda)


@dataclass
class History:
    """What :func:`bpcore.train.SGD` measured, one entry per epoch.

    network2.py's four lists, each filled only when its ``monitor_...`` flag asked for it
    (empty otherwise), and in this order when the record is unpacked::

        evaluation_cost, evaluation_accuracy, training_cost, training_accuracy = net.SGD(...)

    With network.py's ``test_data``, ``evaluation_accuracy`` holds the test accuracy of
    every epoch (the number the book prints). Beside them:

    * ``mini_batch_cost[e]``: the mean cost of the examples of epoch e, each taken from the
      forward pass of its own step (so measured while the weights moved); free to record.
    * ``cost``: the training cost after each epoch (``training_cost``, eq. 26 plus eq. 87's
      term) when that pass ran, otherwise ``mini_batch_cost``.
    * ``accuracy``: ``evaluation_accuracy``, or None for each epoch when it was not measured;
      out of ``test_size`` examples (0 without evaluation data).
    """

    evaluation_cost: list[float] = field(default_factory=list)
    evaluation_accuracy: list[int] = field(default_factory=list)
    training_cost: list[float] = field(default_factory=list)
    training_accuracy: list[int] = field(default_factory=list)
    mini_batch_cost: list[float] = field(default_factory=list)
    test_size: int = 0
    training_size: int = 0

    @property
    def epochs(self) -> int:
        """The number of epochs run."""
        return len(self.mini_batch_cost)

    @property
    def cost(self) -> list[float]:
        return self.training_cost if self.training_cost else self.mini_batch_cost

    @property
    def accuracy(self) -> list[int | None]:
        if self.evaluation_accuracy:
            return list(self.evaluation_accuracy)
        return [None] * self.epochs

    def _lists(self) -> tuple[list[float], list[int], list[float], list[int]]:
        return (
            self.evaluation_cost,
            self.evaluation_accuracy,
            self.training_cost,
            self.training_accuracy,
        )

    def __iter__(self) -> Iterator[list]:
        """network2.py's return value: the four lists, evaluation before training."""
        return iter(self._lists())

    def __len__(self) -> int:
        return 4

    def __getitem__(self, index: int) -> list:
        return self._lists()[index]

    def __repr__(self) -> str:
        last = []
        if self.evaluation_accuracy:
            last.append(f"accuracy {self.evaluation_accuracy[-1]} / {self.test_size}")
        if self.epochs:
            kind = "training cost" if self.training_cost else "mean mini-batch cost"
            last.append(f"{kind} {self.cost[-1]:.4f}")
        end = f"; after the last: {', '.join(last)}" if last else ""
        return f"History({self.epochs} epochs{end})"
