"""Validation of arguments: every message names the argument, what was expected and what came.

These run before anything is computed or changed, so a failed call leaves a network
exactly as it was.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping
from typing import TypeVar

import numpy as np

T = TypeVar("T")


def _describe(value: object) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}"


def sizes(value: object) -> list[int]:
    """The layer sizes [n_1, ..., n_L]: at least two layers of positive integers."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"sizes: expected a list of layer sizes such as [2, 3, 2], got {value!r}")
    items = list(value)
    if len(items) < 2:
        raise ValueError(
            f"sizes: expected at least two layers (input and output), got {len(items)}: {items}"
        )
    result = []
    for i, n in enumerate(items):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise TypeError(f"sizes[{i}]: expected a positive integer, got {_describe(n)}")
        if int(n) <= 0:
            raise ValueError(f"sizes[{i}]: expected a positive integer, got {n}")
        result.append(int(n))
    return result


def registered(registry: Mapping[str, T], name: str, argument: str, what: str, also: str = "") -> T:
    """``registry[name]``, or a ValueError listing the names there are (and ``also``)."""
    try:
        return registry[name]
    except KeyError:
        raise ValueError(
            f"{argument}: unknown {what} {name!r}; expected one of {sorted(registry)}{also}"
        ) from None


def first_nonfinite(array: np.ndarray) -> tuple[int, ...]:
    """The index of the first NaN or ±inf in ``array`` (there must be one)."""
    return tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])


def float_dtype(value: object, argument: str = "dtype") -> np.dtype:
    """float64 or float32, given as a dtype, a type or a name."""
    try:
        dtype = np.dtype(value)  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(f"{argument}: expected float64 or float32, got {value!r}") from None
    if dtype not in (np.float64, np.float32):
        raise ValueError(f"{argument}: expected float64 or float32, got {dtype}")
    return dtype


def batch(
    value: object,
    rows: int,
    argument: str,
    columns: int | None = None,
    dtype: np.dtype | None = None,
) -> np.ndarray:
    """A float array of shape (rows, m): one example per column.

    A 1-D array of length ``rows`` is read as one column (rows, 1), the only
    unambiguous reading. NaN and inf are refused. ``dtype`` (a network's float type),
    when given, is the type of the result; a number too large for it is refused.
    """
    try:
        array = np.asarray(value)
    except Exception as error:  # e.g. ragged nested lists
        raise TypeError(f"{argument}: expected a numeric array, got {_describe(value)}") from error
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise TypeError(f"{argument}: expected a numeric array, got dtype {array.dtype}")
    if np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"{argument}: expected real numbers, got dtype {array.dtype}")
    if array.ndim == 1 and array.shape[0] == rows:
        array = array.reshape(rows, 1)
    if array.ndim != 2 or array.shape[0] != rows:
        expected = f"({rows}, 1) for one example or ({rows}, m) for m examples as columns"
        if array.ndim == 2 and array.shape[1] == rows:
            expected += " (did you pass examples as rows? transpose it)"
        raise ValueError(f"{argument}: expected shape {expected}, got shape {array.shape}")
    if array.shape[1] == 0:
        raise ValueError(
            f"{argument}: expected at least one column (example), got shape {array.shape}"
        )
    if columns is not None and array.shape[1] != columns:
        raise ValueError(
            f"{argument}: expected {columns} column(s), one per example of x, "
            f"got shape {array.shape}"
        )
    if not np.issubdtype(array.dtype, np.floating):
        array = array.astype(float)
    if not np.all(np.isfinite(array)):
        bad = first_nonfinite(array)
        raise ValueError(f"{argument}: expected finite numbers, got {array[bad]} at index {bad}")
    if dtype is not None and array.dtype != dtype:
        with np.errstate(over="ignore"):
            cast = array.astype(dtype)
        if not np.all(np.isfinite(cast)):
            bad = first_nonfinite(cast)
            raise ValueError(
                f"{argument}: expected numbers that fit in {np.dtype(dtype)} (the network's "
                f"float type), got {array[bad]} at index {bad}"
            )
        array = cast
    return array


def _shown(value: object) -> str:
    """``value`` for a message: a huge integer by its number of digits, not all of them."""
    if isinstance(value, numbers.Integral) and abs(int(value)) > 10**30:
        return f"an integer of {len(str(abs(int(value))))} digits"
    return repr(value)


def _real(value: object, argument: str, expected: str, finite: str | None = None) -> float:
    """``value`` as a finite float, or a TypeError saying ``expected`` (a ValueError saying
    ``finite``, default ``expected``, for NaN, ±inf or a number too large for a float)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{argument}: expected {expected}, got {_describe(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = float("inf")
    if not np.isfinite(number):
        raise ValueError(f"{argument}: expected {finite or expected}, got {_shown(value)}")
    return number


def _integer(value: object, argument: str, expected: str) -> int:
    """``value`` as an int, or a TypeError saying ``expected`` (bools and floats refused)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{argument}: expected {expected}, got {_describe(value)}")
    return int(value)


def positive_number(value: object, argument: str) -> float:
    """A finite number > 0 (a learning rate η, a step ε)."""
    number = _real(value, argument, "a positive number", "a finite number > 0")
    if number <= 0:
        raise ValueError(f"{argument}: expected a finite number > 0, got {value}")
    return number


def finite_number(value: object, argument: str) -> float:
    """Any finite real number (a nudge Δw)."""
    return _real(value, argument, "a finite number")


def number_in_range(value: object, argument: str, low: float, high: float) -> float:
    """A finite real number in [low, high] (a slider's value, a target in [0, 1])."""
    number = _real(value, argument, f"a number in [{low:g}, {high:g}]")
    if not low <= number <= high:
        raise ValueError(f"{argument}: expected a number in [{low:g}, {high:g}], got {value!r}")
    return number


def positive_integer(value: object, argument: str, high: int | None = None) -> int:
    """An integer >= 1 (epochs, mini_batch_size), at most ``high`` when given."""
    number = _integer(value, argument, "a positive integer")
    if number < 1 or (high is not None and number > high):
        bounds = ">= 1" if high is None else f"in 1..{high:,}"
        raise ValueError(f"{argument}: expected an integer {bounds}, got {_shown(value)}")
    return number


def integer_in_range(value: object, argument: str, low: int, high: int | None = None) -> int:
    """An integer in low..high (no upper bound when ``high`` is None); bools are refused."""
    number = _integer(value, argument, "an integer")
    if number < low or (high is not None and number > high):
        bounds = f">= {low}" if high is None else f"in {low}..{high:,}"
        raise ValueError(f"{argument}: expected an integer {bounds}, got {_shown(value)}")
    return number


def nonnegative_integer(value: object, argument: str) -> int:
    """An integer >= 0 (a seed, a number of steps, the size of a split)."""
    return integer_in_range(value, argument, 0)


def index(value: object, size: int, argument: str, what: str) -> int:
    """A 0-based index into ``size`` items, e.g. neuron j of a layer of ``size`` neurons."""
    number = _integer(value, argument, f"an integer {what} index")
    if not 0 <= number < size:
        raise ValueError(
            f"{argument}: expected a {what} index in 0..{size - 1}, got {_shown(value)}"
        )
    return number


def layer(value: object, num_layers: int, argument: str = "layer") -> int:
    """A layer number l in the book's numbering: 2..L (layers with weights and biases)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{argument}: expected a layer number l in 2..{num_layers}, got {value!r}")
    if not 2 <= int(value) <= num_layers:
        raise ValueError(
            f"{argument}: expected a layer number l in 2..{num_layers} (the book numbers the "
            f"input layer 1; it has no weights), got {_shown(value)}"
        )
    return int(value)
