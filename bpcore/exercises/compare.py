"""Reading what the reader's function returned, and comparing it with bpcore's answer.

Each ``compare_*`` function returns ``None`` when the answer is right and otherwise one
sentence saying what is wrong: the shape, the entry that differs most and by how much,
or why the value cannot be read as numbers at all. None of them raises on a strange
answer; :func:`read_numbers` is where every answer is read.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from bpcore import _checks

Array = np.ndarray

#: Two numbers agree when |got − expected| <= ATOL · max(1, largest |expected|) + RTOL · |expected|.
RTOL = 1e-6
ATOL = 1e-9

#: Where complex numbers usually come from in a reader's code.
_COMPLEX_SOURCES = "1j, or ** 0.5 of a negative Python number"


def _type_name(value: object) -> str:
    return type(value).__name__


def _refused_type(got: object, what: str) -> str | None:
    """What is wrong with ``got`` before numpy even looks at it (None, text, bool, ...)."""
    if got is None:
        return f"your function returned None instead of {what} (is `return` missing?)"
    if isinstance(got, (str, bytes)):
        return f"your function returned the string {got!r:.40} instead of {what}"
    if isinstance(got, (bool, np.bool_)):
        return f"your function returned {got}, a bool, instead of a number ({what})"
    if isinstance(got, (dict, set, frozenset)) or callable(got):
        return f"your function returned {_type_name(got)}, not an array of numbers ({what})"
    if hasattr(got, "__next__"):
        return (
            f"your function returned {_type_name(got)} (an iterator) instead of {what}; "
            "make it a list or an array, e.g. with list(...)"
        )
    return None


def _too_large(value: numbers.Integral) -> str:
    digits = int(int(value).bit_length() * 0.30103) + 1
    return (
        f"your function returned an integer of about {digits} digits, too large for a float "
        "(the largest is about 1.8e308)"
    )


def _element_problem(value: object, what: str) -> str | None:
    """What is wrong with one entry of an object array (None, text, complex, huge int, ...)."""
    if isinstance(value, (complex, np.complexfloating)):
        return f"{what} came back as complex numbers ({value}); it is real ({_COMPLEX_SOURCES}?)"
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        try:
            float(value)
        except OverflowError:
            return _too_large(value)
        return None
    problem = _refused_type(value, what)
    if problem:
        return problem.replace("your function returned", f"{what} holds", 1)
    try:
        float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError) as error:
        return f"{what} holds {_type_name(value)} {value!r:.40}, not a number ({error})"
    return None


def _dtype_problem(raw: Array, what: str) -> str | None:
    kind = raw.dtype.kind
    if kind == "c":
        zero = " (their imaginary parts are all 0: take .real)" if not np.any(raw.imag) else ""
        return (
            f"{what} came back as complex numbers (dtype {raw.dtype}); it is real: find "
            f"where the imaginary parts come from ({_COMPLEX_SOURCES}?){zero}"
        )
    if kind == "b":
        return f"your function returned True/False values instead of numbers ({what})"
    if kind in "USV":
        return f"your function returned text (dtype {raw.dtype}) instead of numbers ({what})"
    if kind in "mM":
        return f"your function returned dates or times instead of numbers ({what})"
    if kind == "O":
        for value in raw.flat:
            problem = _element_problem(value, what)
            if problem:
                return problem
    return None


def read_numbers(got: object, what: str) -> tuple[Array | None, str | None]:
    """``got`` as a float array and ``None``, or ``None`` and what is wrong with it.

    Accepted: numpy arrays, Python and numpy numbers, nested lists and tuples of numbers,
    and tensor-likes (anything with ``__array__``, such as a torch tensor) that convert
    to real numbers. Refused, with a sentence that says why: None, text, bools, complex
    numbers, integers too large for a float, ragged lists and what numpy cannot read.
    """
    problem = _refused_type(got, what)
    if problem:
        return None, problem
    try:
        raw = np.asarray(got)
    except Exception as error:  # a tensor that needs grad or lives on a GPU, a ragged list, ...
        advice = ""
        if hasattr(got, "__array__") and not isinstance(got, (list, tuple)):
            advice = " Return a numpy array (for a torch tensor: t.detach().cpu().numpy())."
        return None, (
            f"your function returned {_type_name(got)}, which numpy cannot read as {what}: "
            f"{type(error).__name__}: {error}.{advice}"
        )
    problem = _dtype_problem(raw, what)
    if problem:
        return None, problem
    try:
        return raw.astype(float), None
    except OverflowError:
        return None, f"your function returned a number too large for a float ({what})"
    except (TypeError, ValueError) as error:
        return None, f"your function returned {_type_name(got)}, not {what} ({error})"


def _index_text(index: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(i) for i in index) + "]" if index else ""


def _shape_hint(got: Array, expected: Array) -> str:
    if got.ndim == 2 and expected.ndim == 2 and got.shape == expected.shape[::-1]:
        return " That is the transposed shape."
    if got.ndim == 1 and expected.ndim == 2 and got.size == expected.size:
        return " It is 1-D: keep the column shape, e.g. with .reshape(-1, 1) or keepdims=True."
    if got.ndim == 0 and expected.ndim > 0:
        return " It is a single number."
    return ""


def _tolerance(expected: Array, atol: float, rtol: float) -> Array:
    scale = max(1.0, float(np.max(np.abs(expected)))) if expected.size else 1.0
    return atol * scale + rtol * np.abs(expected)


def compare_arrays(
    got: object, expected: Array, what: str, *, atol: float = ATOL, rtol: float = RTOL
) -> str | None:
    """``None`` if ``got`` has ``expected``'s shape and values, else what differs.

    Names the shapes, the entry with the largest difference, both values and how
    many entries differ. Entries agree within ``atol · max(1, max|expected|) +
    rtol · |expected|``. A list or a tensor that converts cleanly is as good as an array.
    """
    array, problem = read_numbers(got, what)
    if problem or array is None:
        return problem
    if array.shape != expected.shape:
        return (
            f"{what} should have shape {expected.shape}; your function returned shape "
            f"{array.shape}.{_shape_hint(array, expected)}"
        )
    if not np.all(np.isfinite(array)):
        index = _checks.first_nonfinite(array)
        where = f" entry {_index_text(index)}" if index else ""
        return (
            f"{what}{where} is {array[index]}, not a finite number (an overflow, e.g. np.exp "
            "of a large number, or a division by zero?)"
        )
    difference = np.abs(array - expected)
    wrong = difference > _tolerance(expected, atol, rtol)
    if not np.any(wrong):
        return None
    flat = np.unravel_index(np.argmax(np.where(wrong, difference, -1.0)), array.shape)
    index = tuple(int(i) for i in flat)
    where = f" entry {_index_text(index)}" if index else ""
    count = f"; {int(wrong.sum())} of {wrong.size} entries differ" if wrong.size > 1 else ""
    return (
        f"{what}{where} is {array[index]:.6g} but should be {expected[index]:.6g} "
        f"(off by {difference[index]:.3g}){count}."
    )


def compare_number(got: object, expected: float, what: str) -> str | None:
    """``None`` if ``got`` is one number equal to ``expected``, else what differs."""
    array, problem = read_numbers(got, what)
    if problem or array is None:
        return problem
    if array.size != 1:
        return (
            f"{what} is one number; your function returned an array of shape {array.shape}"
            " (if it holds one value per example, take their mean)."
        )
    return compare_arrays(array.reshape(()), np.asarray(float(expected)), what)


def compare_integer(got: object, expected: int, what: str) -> str | None:
    """``None`` if ``got`` is the whole number ``expected`` (13 and 13.0 both are), else why not."""
    array, problem = read_numbers(got, what)
    if problem or array is None:
        return problem
    if array.size != 1:
        return f"{what} is one whole number; your function returned shape {array.shape}"
    value = float(array.reshape(()))
    if not np.isfinite(value) or value != round(value):
        return f"{what} is {value:.6g} but should be the whole number {expected}."
    if int(value) != expected:
        return f"{what} is {int(value)} but should be {expected}."
    return None


def compare_tuple(
    got: object,
    expected: Sequence,
    names: Sequence[str],
    compare: Callable[[Any, Any, str], str | None],
) -> str | None:
    """``None`` if ``got`` holds one right item per name; a tuple, list or 1-D array will do."""
    if isinstance(got, np.ndarray) and got.ndim == 1:
        got = list(got)
    if not isinstance(got, (tuple, list)):
        return (
            f"your function returned {_type_name(got)}; expected a tuple of "
            f"{len(expected)}: ({', '.join(names)})"
        )
    if len(got) != len(expected):
        return (
            f"your function returned {len(got)} item(s); expected {len(expected)}: "
            f"({', '.join(names)})"
        )
    for item, want, name in zip(got, expected, names):
        problem = compare(item, want, name)
        if problem:
            return problem
    return None


def compare_gradients(
    got: object,
    expected: tuple[list[Array], list[Array]],
    *,
    atol: float = ATOL,
    rtol: float = RTOL,
) -> str | None:
    """``None`` if ``got`` is ``(nabla_b, nabla_w)`` equal to ``expected``, else what differs.

    Lists in book order: index 0 is layer 2. Entries are named as the book does,
    e.g. ``nabla_w[0] (∂C/∂w^2) entry [1, 0]``.
    """

    def compare_list(items: object, want: list[Array], name: str) -> str | None:
        if not isinstance(items, (list, tuple)):
            return (
                f"{name} should be a list of {len(want)} arrays (layers 2..{len(want) + 1}); "
                f"your function returned {_type_name(items)}"
            )
        if len(items) != len(want):
            return (
                f"{name} should hold {len(want)} arrays, one per layer l = 2..{len(want) + 1}; "
                f"yours holds {len(items)}"
            )
        symbol = "b" if name == "nabla_b" else "w"
        for i, (item, w) in enumerate(zip(items, want)):
            what = f"{name}[{i}] (∂C/∂{symbol}^{i + 2})"
            problem = compare_arrays(item, w, what, atol=atol, rtol=rtol)
            if problem:
                return problem
        return None

    if isinstance(got, np.ndarray):  # an array of arrays is not the book's pair of lists
        return "your function returned an array; expected a tuple of 2: (nabla_b, nabla_w)"
    return compare_tuple(got, expected, ("nabla_b", "nabla_w"), compare_list)
