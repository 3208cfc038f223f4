"""From the book's list of ``(x, y)`` pairs to matrices with one example per column.

The book's code feeds one ``(x, y)`` at a time; the chapter's Problem 2 asks for the
whole mini-batch as one matrix X = [x_1 x_2 … x_m]. :func:`as_matrices` is that one
conversion, done once per training run by :mod:`bpcore.train`.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np

from bpcore import _checks

Array = np.ndarray


def _bad_pair(pairs: list, name: str) -> ValueError:
    """The first pair that is not a 2-sequence, as a ValueError (the slow path)."""
    for i, pair in enumerate(pairs):
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
            return ValueError(
                f"{name}[{i}]: expected a pair (x, y), got {type(pair).__name__}"
                + (f" of length {len(pair)}" if hasattr(pair, "__len__") else "")
            )
    return ValueError(f"{name}: expected a list of (x, y) pairs")  # pragma: no cover


def _shape_error(items: list, name: str, part: str) -> ValueError:
    """Why ``items`` are not columns of one shape: the first offending item (the slow path)."""
    kinds = [_is_label(item) for item in items] if part == "y" else []
    if kinds and not all(kind == kinds[0] for kind in kinds):
        i = kinds.index(not kinds[0])
        kind = {True: "an int label", False: "an array"}
        return ValueError(
            f"{name}[{i}]: y is {kind[kinds[i]]}, but {name}[0] has {kind[kinds[0]]}; "
            "use one kind throughout"
        )
    arrays = [np.asarray(item) for item in items]
    first = arrays[0].shape
    if len(first) not in (1, 2) or (len(first) == 2 and first[1] != 1):
        label = " or an int label" if part == "y" else ""
        return ValueError(
            f"{name}[0]: expected {part} to be a column of shape (n, 1) or a vector (n,)"
            f"{label}, got shape {first}"
        )
    for i, array in enumerate(arrays):
        if array.shape != first:
            return ValueError(
                f"{name}[{i}]: {part} has shape {array.shape}, but {name}[0] has {first}"
            )
    return ValueError(f"{name}: {part} must be numeric arrays")


def _columns(items: list, name: str, part: str, dtype: np.dtype) -> Array:
    """Stack ``items`` (each ``(n,)`` or ``(n, 1)``) as the columns of a ``(n, m)`` matrix."""
    try:
        # One pass in C when every item has the same shape; anything else is diagnosed
        # item by item only then, so the common case pays for no Python loop. A number
        # too large for float32 becomes inf here, and is reported as such below.
        with np.errstate(over="ignore"):
            matrix = np.array(items, dtype=dtype)
    except (TypeError, ValueError):
        matrix = None
    if matrix is None or matrix.ndim not in (2, 3) or matrix.shape[2:] not in ((), (1,)):
        raise _shape_error(items, name, part)
    matrix = matrix.reshape(len(items), -1)
    # A sum is finite exactly when no entry is NaN or ±inf, unless finite entries
    # overflow it; only then (or to name the bad pair) is each entry looked at. The sum
    # reads the matrix once and writes nothing; np.isfinite would write a mask as large.
    with np.errstate(over="ignore", invalid="ignore"):
        finite = np.isfinite(matrix.sum())
    if not finite and not np.all(np.isfinite(matrix)):
        i = _checks.first_nonfinite(matrix)[0]
        in_dtype = "" if matrix.dtype == np.float64 else f" (as {matrix.dtype})"
        raise ValueError(f"{name}[{i}]: {part} contains NaN or inf{in_dtype}")
    return matrix.T  # (n, m); column-major, so each example stays contiguous


def _is_label(y: object) -> bool:
    if isinstance(y, (bool, np.bool_)):
        return False
    return isinstance(y, numbers.Integral) or (
        isinstance(y, np.ndarray) and y.ndim == 0 and np.issubdtype(y.dtype, np.integer)
    )


def as_matrices(
    data: Iterable[tuple],
    num_classes: int | None = None,
    *,
    name: str = "training_data",
    dtype: object = np.float64,
) -> tuple[Array, Array]:
    """``(X, Y)`` from a list of ``(x, y)`` pairs, one example per column (Problem 2).

    ``x``: a column ``(n, 1)`` or a vector ``(n,)``, the same shape for every pair.
    ``y``: a column ``(k, 1)``/vector ``(k,)`` of targets, or an int label, the same
    kind for every pair.

    Returns ``X`` of shape ``(n, m)`` as ``dtype`` (float64 or float32), and ``Y`` of
    shape ``(k, m)`` as ``dtype`` for columns or an int64 array ``(m,)`` for labels.
    With ``num_classes`` labels are checked to lie in ``0..num_classes - 1`` and turned
    into one-hot columns ``(num_classes, m)``; target columns are checked to have
    ``num_classes`` rows.
    ``name`` is the argument's name in error messages. The book's code feeds one
    ``(x, y)`` at a time; this is the one conversion to the matrix form, done once.
    """
    dtype = _checks.float_dtype(dtype)
    pairs = list(data)  # also takes the book's Python 2 zip (an iterator in Python 3)
    if not pairs:
        raise ValueError(f"{name} is empty: expected a non-empty list of (x, y) pairs")
    try:
        xs = [x for x, _ in pairs]
        ys = [y for _, y in pairs]
    except (TypeError, ValueError):
        raise _bad_pair(pairs, name) from None
    X = _columns(xs, name, "x", dtype)
    if _is_label(ys[0]):
        if not all(_is_label(y) for y in ys):
            raise _shape_error(ys, name, "y")
        Y = np.array(ys, dtype=np.int64)
        bad = (Y < 0) if num_classes is None else (Y < 0) | (Y >= num_classes)
        if bad.any():
            i = int(np.argmax(bad))
            expected = "a label >= 0" if num_classes is None else f"a label in 0..{num_classes - 1}"
            raise ValueError(f"{name}[{i}]: expected {expected}, got {Y[i]}")
        if num_classes is not None:
            Y = np.eye(num_classes, dtype=dtype)[Y].T
        return X, Y
    Y = _columns(ys, name, "y", dtype)
    if num_classes is not None and Y.shape[0] != num_classes:
        raise ValueError(
            f"{name}: expected y columns of {num_classes} rows (num_classes), got {Y.shape[0]}"
        )
    return X, Y
