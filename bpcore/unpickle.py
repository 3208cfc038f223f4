"""Unpickling numpy arrays, and nothing else: what reading the book's ``mnist.pkl.gz`` needs.

A pickle is a small program: its opcodes can name any importable callable (``os.system``
...) and call it. :class:`ArrayUnpickler` runs only the opcodes that build tuples, lists,
strings and numbers, and lets a pickle name only the few numpy functions that rebuild an
array; even those are replaced by stand-ins that check what they are given, so that
nothing a file declares is allocated before the data that backs it has been read:

- ``numpy.core.multiarray._reconstruct`` (the book's Python 2 file; ``numpy._core`` in
  numpy 2) starts an empty array whose data and shape arrive later (``BUILD``): the data
  must be exactly shape × item size bytes, read from the file, before an array is made.
- ``numpy.core.numeric._frombuffer`` (``numpy._core.numeric`` in numpy 2) is what numpy
  ≥ 1.16 writes with pickle protocol 5: the same check, then a view of those bytes.
  Out-of-band buffers (``NEXT_BUFFER``) cannot be in a file and are refused.
- ``numpy.dtype`` only for plain numbers (bool, int, uint, float), byte order from
  its state, nothing else (no fields, no objects).
- ``_codecs.encode``, which a Python 3 protocol-2 pickle uses for bytes, only as latin1.

The stream is read through :class:`bpcore.files.BoundedReader` (a decompression cap), and
at most :data:`MAX_OPCODES` opcodes are run: the MNIST pickle needs a few hundred, and the
cap bounds the objects a small file can make. Every refusal is a ValueError naming the file.
"""

from __future__ import annotations

import math
import pickle
import pickletools
import struct
from collections.abc import Callable
from typing import Any

import numpy as np

from bpcore.files import BoundedReader, TooLargeError

Array = np.ndarray

#: Opcodes run at most: a pickle of three pairs of arrays needs about 150 to 250.
MAX_OPCODES = 10_000
_ALLOWED_OPCODES = (
    "PROTO FRAME STOP MARK POP POP_MARK DUP GET BINGET LONG_BINGET PUT BINPUT LONG_BINPUT "
    "MEMOIZE NONE NEWTRUE NEWFALSE INT BININT BININT1 BININT2 LONG LONG1 BINFLOAT "
    "STRING BINSTRING SHORT_BINSTRING UNICODE BINUNICODE SHORT_BINUNICODE BINUNICODE8 "
    "BINBYTES SHORT_BINBYTES BINBYTES8 BYTEARRAY8 EMPTY_TUPLE TUPLE TUPLE1 TUPLE2 TUPLE3 "
    "EMPTY_LIST LIST APPEND APPENDS GLOBAL STACK_GLOBAL REDUCE BUILD"
).split()
_NUMERIC_KINDS = "biuf"


class ForbiddenGlobalError(ValueError):
    """A pickle names a callable other than those that rebuild numpy arrays."""


class _Refused(ValueError):
    """A stand-in refused what the pickle gave it (re-raised with the file's name)."""


class _PendingDtype:
    """A dtype whose byte order may still arrive in a ``BUILD`` (numpy's dtype state)."""

    def __init__(self, dtype: np.dtype) -> None:
        self.dtype = dtype

    def __setstate__(self, state: object) -> None:
        if not (isinstance(state, tuple) and len(state) >= 5 and state[2:5] == (None,) * 3):
            raise _Refused(f"expected the state of a plain numeric dtype, got {state!r:.200}")
        order = state[1]
        if order not in ("<", ">", "|", "="):
            raise _Refused(f"expected a byte order '<', '>', '|' or '=', got {order!r:.50}")
        if order in "<>":
            self.dtype = self.dtype.newbyteorder(order)


def _dtype(spec: object, align: object = False, copy: object = True) -> _PendingDtype:
    """``numpy.dtype(spec)`` for a plain number type only; always a fresh copy."""
    if isinstance(spec, bytes):
        spec = spec.decode("latin1")
    if not isinstance(spec, str) or len(spec) > 16:
        raise _Refused(f"expected a numeric dtype name such as 'f4', got {spec!r}")
    try:
        dtype = np.dtype(spec)
    except TypeError as error:
        raise _Refused(f"not a dtype: {spec!r} ({error})") from None
    if dtype.kind not in _NUMERIC_KINDS or dtype.fields or dtype.subdtype:
        raise _Refused(f"expected a numeric dtype (bool, int, uint or float), got {dtype}")
    return _PendingDtype(dtype)


def _resolve_dtype(dtype: object) -> np.dtype:
    if isinstance(dtype, _PendingDtype):
        return dtype.dtype
    raise _Refused(f"expected a numpy dtype, got {type(dtype).__name__}")


def _shape(shape: object) -> tuple[int, ...]:
    if not (
        isinstance(shape, tuple)
        and len(shape) <= 32
        and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape)
    ):
        raise _Refused(f"expected a shape (a tuple of sizes), got {shape!r:.200}")
    return shape


def _array(data: object, dtype: object, shape: object, fortran: bool) -> Array:
    """A read-only array over ``data``: exactly shape × item size bytes, checked first."""
    if isinstance(data, str):  # a Python 2 str, decoded as latin1 (the book's file)
        data = data.encode("latin1")
    if not isinstance(data, (bytes, bytearray)):
        raise _Refused(f"expected the array's data as bytes, got {type(data).__name__}")
    dtype, shape = _resolve_dtype(dtype), _shape(shape)
    expected = math.prod(shape) * dtype.itemsize
    if len(data) != expected:
        raise _Refused(
            f"an array of shape {shape} and dtype {dtype} needs {expected:,} bytes, "
            f"but its data has {len(data):,}"
        )
    return np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")


class _PendingArray:
    """What ``_reconstruct`` returns: an array to be, made when its state (data) arrives."""

    array: Array | None = None

    def __setstate__(self, state: object) -> None:
        if isinstance(state, tuple) and len(state) == 5:
            state = state[1:]  # (version, shape, dtype, is_fortran, data)
        if not (isinstance(state, tuple) and len(state) == 4):
            raise _Refused(
                f"expected an array's state (shape, dtype, order, data), got {state!r:.200}"
            )
        shape, dtype, fortran, data = state
        self.array = _array(data, dtype, shape, bool(fortran))


def _reconstruct(subtype: object, shape: object, dtype: object) -> _PendingArray:
    """numpy's ``_reconstruct(ndarray, (0,), b'b')``: the empty start of an unpickled array."""
    if subtype is not _NDARRAY or shape != (0,) or dtype not in (b"b", "b"):
        raise _Refused(
            "expected _reconstruct(numpy.ndarray, (0,), b'b') as numpy writes it, "
            f"got arguments of shape {shape!r:.50} and dtype {dtype!r:.50}"
        )
    return _PendingArray()


def _frombuffer(data: object, dtype: object, shape: object, order: object) -> Array:
    """numpy's ``_frombuffer`` (pickle protocol 5): an array over the pickled bytes."""
    if order not in ("C", "F"):
        raise _Refused(f"expected the order 'C' or 'F', got {order!r:.50}")
    return _array(data, dtype, shape, order == "F")


class _NDArrayName:
    """``numpy.ndarray`` as a name only: passed to ``_reconstruct``, never called."""

    def __call__(self, *args: object) -> None:
        raise _Refused("numpy.ndarray may only be named as the type for _reconstruct")


_NDARRAY = _NDArrayName()


def _latin1_encode(text: object, encoding: object = "latin1") -> bytes:
    """What ``_codecs.encode`` does in a protocol-2 pickle: bytes from a str."""
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1"):
        raise _Refused(f"expected _codecs.encode(str, 'latin1'), got encoding {encoding!r:.50}")
    return text.encode("latin1")


ALLOWED_GLOBALS: dict[tuple[str, str], Callable[..., Any]] = {
    **{(f"numpy.{core}.multiarray", "_reconstruct"): _reconstruct for core in ("core", "_core")},
    **{(f"numpy.{core}.numeric", "_frombuffer"): _frombuffer for core in ("core", "_core")},
    ("numpy", "ndarray"): _NDARRAY,
    ("numpy", "dtype"): _dtype,
    ("_codecs", "encode"): _latin1_encode,
}


class _Opcodes(dict):
    """The opcodes that may run; any other one is refused by name."""

    def __missing__(self, code: int) -> Callable[..., None]:
        name = _OPCODE_NAMES.get(code, f"0x{code:02x}")
        hint = (
            " (out-of-band buffers cannot be stored in a file)"
            if name in ("NEXT_BUFFER", "READONLY_BUFFER")
            else ""
        )
        raise _Refused(f"the pickle uses the opcode {name}{hint}, which no MNIST pickle needs")


_OPCODE_NAMES = {ord(op.code): op.name for op in pickletools.opcodes}
_ORIGINAL = (
    pickle._Unpickler.dispatch
)  # the pure-Python unpickler's table (documented in pickle.py)


def _counted(function: Callable[..., None]) -> Callable[..., None]:
    def run(unpickler: ArrayUnpickler) -> None:
        unpickler.opcodes += 1
        if unpickler.opcodes > MAX_OPCODES:
            raise _Refused(
                f"the pickle runs more than {MAX_OPCODES:,} opcodes (an MNIST pickle needs ~200)"
            )
        function(unpickler)

    return run


def _load_bytearray8(unpickler: ArrayUnpickler) -> None:
    """BYTEARRAY8 with its declared length checked before the bytearray is allocated."""
    (size,) = struct.unpack("<Q", unpickler.read(8))
    if size > unpickler.stream.remaining:
        raise _Refused(f"a bytearray declares {size:,} bytes, more than the file holds")
    unpickler.append(bytearray(unpickler.read(size)))


def _load_build(unpickler: ArrayUnpickler) -> None:
    """BUILD (``setstate``) only on the arrays and dtypes started above, never on others."""
    state = unpickler.stack.pop()
    target = unpickler.stack[-1]
    if not isinstance(target, (_PendingArray, _PendingDtype)):
        raise _Refused(f"the pickle sets the state of a {type(target).__name__}")
    target.__setstate__(state)


_OWN = {"BYTEARRAY8": _load_bytearray8, "BUILD": _load_build}


class ArrayUnpickler(pickle._Unpickler):
    """The pure-Python unpickler restricted to numpy arrays in tuples and lists.

    The pure-Python one (not ``pickle.Unpickler``, written in C) because it reads each
    string through ``read(n)`` instead of allocating the ``n`` that the file declares.
    """

    # Set by pickle._Unpickler.load(); named here for the opcodes above.
    stack: list[Any]
    read: Callable[[int], bytes]
    append: Callable[[Any], None]

    dispatch = _Opcodes(
        {
            code: _counted(_OWN.get(_OPCODE_NAMES[code], run))
            for code, run in _ORIGINAL.items()
            if _OPCODE_NAMES.get(code) in _ALLOWED_OPCODES
        }
    )

    def __init__(self, stream: BoundedReader) -> None:
        super().__init__(stream, encoding="latin1")
        self.stream = stream
        self.opcodes = 0

    def find_class(self, module: str, name: str) -> Callable[..., Any]:
        try:
            return ALLOWED_GLOBALS[(module, name)]
        except KeyError:
            raise ForbiddenGlobalError(
                f"{self.stream.source}: refusing to unpickle the global {module}.{name}: an "
                "MNIST pickle holds only numpy arrays, and a pickle naming other callables "
                "could run arbitrary code"
            ) from None


#: How deep tuples and lists may nest: the book's pickle is three levels deep (a tuple of
#: three (images, labels) pairs).
MAX_DEPTH = 32


def _finish(value: object, done: dict[int, object] | None = None, depth: int = 0) -> object:
    """``value`` with every finished :class:`_PendingArray` replaced by its array.

    A pickle can share one object many times (``DUP``, memo ``GET``): each is finished once
    and shared again (``done``, by id), so a few bytes of nested references cannot grow into
    an exponential tree; a tuple or list that contains itself, or nesting deeper than
    :data:`MAX_DEPTH`, is refused.
    """
    if done is None:
        done = {}
    if isinstance(value, _PendingArray):
        if value.array is None:
            raise _Refused("an array was started but its data never came")
        return value.array
    if isinstance(value, _PendingDtype):
        raise _Refused("expected arrays, found a bare dtype")
    if not isinstance(value, (tuple, list)):
        return value
    key = id(value)
    if key in done:
        if done[key] is _BUSY:
            raise _Refused("a tuple or list contains itself")
        return done[key]
    if depth >= MAX_DEPTH:
        raise _Refused(f"tuples and lists nest more than {MAX_DEPTH} levels deep (MNIST's: 3)")
    done[key] = _BUSY
    items = [_finish(item, done, depth + 1) for item in value]
    finished = tuple(items) if isinstance(value, tuple) else items
    done[key] = finished
    return finished


_BUSY = object()  # in done: a tuple or list being finished, so met again inside itself


def load_arrays(stream: BoundedReader, expected: str) -> object:
    """Unpickle ``stream``: numpy arrays in tuples and lists, nothing executed.

    ``expected`` describes the file for error messages. Raises ForbiddenGlobalError for a
    pickle that names any other callable, ValueError (naming the file) for anything else
    that is wrong, including a stream larger than the reader's cap.
    """
    try:
        return _finish(ArrayUnpickler(stream).load())
    except ForbiddenGlobalError:
        raise
    except _Refused as error:
        raise ValueError(f"{stream.source}: expected {expected}, but {error}") from None
    except TooLargeError:
        raise
    except ValueError as error:  # bpcore.files: corrupt or truncated gzip data
        problem = str(error).removeprefix(f"{stream.source}: ")
    except (
        pickle.UnpicklingError,
        EOFError,
        TypeError,
        KeyError,
        IndexError,
        struct.error,
    ) as error:
        problem = f"{type(error).__name__}: {error}"  # truncated, corrupt, not a pickle at all
    raise ValueError(f"{stream.source}: expected {expected}, but reading it failed: {problem}")
