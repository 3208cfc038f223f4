"""Data in the book's format: the digits set (default), MNIST from pkl or IDX, toy sets.

The book's ``mnist_loader.load_data_wrapper`` returns three sequences:

- ``training_data``: ``(x, y)`` pairs, ``x`` a column of pixels of shape ``(n_1, 1)``
  and ``y`` the one-hot column of shape ``(10, 1)`` for the digit;
- ``validation_data`` and ``test_data``: ``(x, label)`` pairs, ``label`` an int.

Every loader here returns exactly that, with three differences from the book's
Python 2 code that matter in Python 3:

- The lists are real ``list`` objects. In Python 3 the book's ``zip(...)`` is a
  one-shot iterator: ``len(test_data)`` fails and a second epoch sees no data.
- The book's ``mnist.pkl.gz`` is a Python 2 pickle; it needs ``encoding="latin1"``
  to unpickle in Python 3. Here it is read by a restricted unpickler that builds
  numpy arrays and nothing else (unpickling can otherwise run arbitrary code).
- The book opens ``../data/mnist.pkl.gz``, relative to wherever Python was started.
  Here the path is an argument and a missing file says which absolute path was tried.

:func:`load_digits` needs no download: scikit-learn ships the 1,797 8×8 digits.
:func:`as_matrices` turns a list of pairs into the matrices ``(X, Y)`` with one
example per column, the form the matrix-based backpropagation works on.
"""

from __future__ import annotations

import gzip
import numbers
import os
import pickle
import struct
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from bpcore import _checks

Array = np.ndarray
TrainingData = list[tuple[Array, Array]]
LabelledData = list[tuple[Array, int]]

#: Where to get MNIST, quoted by every "file not found" message.
MNIST_SOURCES = (
    "Get the book's copy, data/mnist.pkl.gz from "
    "https://github.com/mnielsen/neural-networks-and-deep-learning, or the four IDX files "
    "(train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
    "t10k-labels-idx1-ubyte.gz) from the original MNIST site "
    "http://yann.lecun.com/exdb/mnist/ (or a mirror). Without any download, "
    "bpcore.load_digits() gives the small 8x8 digits set that is the default here."
)


# --- the book's format ------------------------------------------------------------------
def _book_format(
    images: Array, labels: Array, *, one_hot: bool, num_classes: int = 10
) -> list[tuple[Array, Array | int]]:
    """Pairs ``(x, y)`` from images of shape ``(m, n_1)`` and integer labels ``(m,)``.

    Each ``x`` is a ``(n_1, 1)`` view of one row of a single float64 array (one copy of
    the data, not m small ones). ``y`` is a one-hot ``(num_classes, 1)`` column when
    ``one_hot``, else the label as a Python int.
    """
    rows = np.ascontiguousarray(images, dtype=np.float64)
    n = rows.shape[1]
    xs = [row.reshape(n, 1) for row in rows]
    if not one_hot:
        return list(zip(xs, labels.tolist(), strict=True))
    targets = np.eye(num_classes)[labels]  # (m, num_classes), one row per example
    return [(x, t.reshape(num_classes, 1)) for x, t in zip(xs, targets, strict=True)]


def _split_sizes(total: int, validation_size: int, test_size: int) -> None:
    for name, value in (("validation_size", validation_size), ("test_size", test_size)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
            raise ValueError(f"{name}: expected an integer >= 0, got {value!r}")
    if validation_size + test_size >= total:
        raise ValueError(
            f"validation_size + test_size = {validation_size + test_size} leaves no training "
            f"examples out of {total}"
        )


# --- the digits set (embedded in scikit-learn) -------------------------------------------
def load_digits(
    validation_size: int = 297, test_size: int = 300, seed: int = 0
) -> tuple[TrainingData, LabelledData, LabelledData]:
    """scikit-learn's 1,797 handwritten 8×8 digits in the book's format.

    Returns ``(training_data, validation_data, test_data)``: ``training_data`` a list of
    ``(x, y)`` with ``x`` of shape ``(64, 1)`` in [0, 1] (pixels 0..16 divided by 16) and
    ``y`` one-hot ``(10, 1)``; the other two lists of ``(x, label)``. The split is a
    permutation seeded by ``seed``: the first ``test_size`` examples are the test set,
    the next ``validation_size`` the validation set, the rest (1,200 by default) train.
    Use it with ``Network([64, 30, 10])`` as the book uses ``Network([784, 30, 10])``.
    """
    try:
        from sklearn.datasets import load_digits as sklearn_digits
    except ImportError as error:
        raise ImportError(
            "load_digits needs scikit-learn, which ships the digits data: pip install scikit-learn"
        ) from error
    digits = sklearn_digits()
    images = digits.data.astype(np.float64) / 16.0  # (1797, 64), pixels 0..16
    labels = digits.target.astype(np.int64)
    _split_sizes(len(labels), validation_size, test_size)
    order = np.random.default_rng(seed).permutation(len(labels))
    test, validation = order[:test_size], order[test_size : test_size + validation_size]
    train = order[test_size + validation_size :]
    return (
        _book_format(images[train], labels[train], one_hot=True),
        _book_format(images[validation], labels[validation], one_hot=False),
        _book_format(images[test], labels[test], one_hot=False),
    )


# --- MNIST: the book's mnist.pkl.gz ----------------------------------------------------------
def _numpy_reconstruct():
    try:
        from numpy._core.multiarray import _reconstruct  # numpy >= 2
    except ImportError:  # pragma: no cover - numpy 1.x
        from numpy.core.multiarray import _reconstruct
    return _reconstruct


def _latin1_encode(text: str, encoding: str = "latin1") -> bytes:
    """What ``_codecs.encode`` does in a pickle: bytes from a str (protocol-2 bytes)."""
    if encoding not in ("latin1", "latin-1"):
        raise ValueError(f"unexpected encoding {encoding!r} in pickle")
    return text.encode("latin1")


class ForbiddenGlobalError(ValueError):
    """A pickle names a callable other than those that rebuild numpy arrays."""


class _ArrayUnpickler(pickle.Unpickler):
    """Unpickles numpy arrays in tuples and lists, and refuses every other global.

    A pickle can name any importable callable (``os.system`` ...) and have it called;
    :meth:`find_class` is where it is looked up, so only the few callables that
    rebuild an ndarray are allowed. The book's file (a Python 2 pickle) names
    ``numpy.core.multiarray._reconstruct``, ``numpy.ndarray`` and ``numpy.dtype``;
    a protocol-2 pickle written by Python 3 also uses ``_codecs.encode`` for bytes.
    """

    def __init__(self, file, source: str) -> None:
        super().__init__(file, encoding="latin1")
        self.source = source
        self.allowed = {
            ("numpy.core.multiarray", "_reconstruct"): _numpy_reconstruct(),
            ("numpy._core.multiarray", "_reconstruct"): _numpy_reconstruct(),
            ("numpy", "ndarray"): np.ndarray,
            ("numpy", "dtype"): np.dtype,
            ("_codecs", "encode"): _latin1_encode,
        }

    def find_class(self, module: str, name: str):
        try:
            return self.allowed[(module, name)]
        except KeyError:
            raise ForbiddenGlobalError(
                f"{self.source}: refusing to unpickle the global {module}.{name}: an MNIST "
                "pickle holds only numpy arrays, and a pickle naming other callables could "
                "run arbitrary code"
            ) from None


def _open_maybe_gzip(path: Path, must_be_gzip: bool):
    """A binary file object for ``path``, decompressing it if it is gzip."""
    with open(path, "rb") as file:
        magic = file.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rb")
    if must_be_gzip:
        raise ValueError(
            f"{path}: expected a gzip file (starting with bytes 1f 8b), found bytes "
            f"{magic.hex(' ') or 'nothing (empty file)'}"
        )
    return open(path, "rb")


def _check_split(source: str, what: str, images, labels) -> tuple[Array, Array]:
    """A split ``(images, labels)`` of the pickle: ``(m, n_1)`` pixels in [0, 1], labels 0..9."""
    if not (isinstance(images, np.ndarray) and isinstance(labels, np.ndarray)):
        raise ValueError(
            f"{source}: {what}: expected a pair (images, labels) of numpy arrays, "
            f"got ({type(images).__name__}, {type(labels).__name__})"
        )
    if images.ndim != 2 or labels.ndim != 1:
        raise ValueError(
            f"{source}: {what}: expected images of shape (m, pixels) and labels of shape (m,), "
            f"got {images.shape} and {labels.shape}"
        )
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"{source}: {what}: {images.shape[0]} images but {labels.shape[0]} labels")
    if np.issubdtype(images.dtype, np.integer):
        images = images / 255.0  # raw 0..255 pixels, as in the IDX files
    elif not np.issubdtype(images.dtype, np.floating):
        raise ValueError(f"{source}: {what}: expected numeric pixels, got dtype {images.dtype}")
    if images.size and not (np.all(np.isfinite(images)) and 0 <= images.min() <= images.max() <= 1):
        raise ValueError(f"{source}: {what}: expected pixel values in [0, 1]")
    return images, _check_labels(source, what, labels)


def _check_labels(source: str, what: str, labels: Array) -> Array:
    if not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"{source}: {what}: expected integer labels, got dtype {labels.dtype}")
    if labels.size and not 0 <= labels.min() <= labels.max() <= 9:
        raise ValueError(
            f"{source}: {what}: expected labels 0..9, found {labels.min()}..{labels.max()}"
        )
    return labels.astype(np.int64)


def _load_pickle(path: Path) -> tuple[TrainingData, LabelledData, LabelledData]:
    source = str(path)
    with _open_maybe_gzip(path, must_be_gzip=path.suffix == ".gz") as file:
        try:
            content = _ArrayUnpickler(file, source).load()
        except ForbiddenGlobalError:
            raise
        except Exception as error:  # truncated, corrupt, not a pickle at all
            raise ValueError(
                f"{source}: expected the book's mnist.pkl.gz (a gzipped pickle of three "
                f"(images, labels) pairs; for the IDX files pass their directory), but reading "
                f"it failed: {type(error).__name__}: {error}"
            ) from error
    if not (isinstance(content, (tuple, list)) and len(content) == 3):
        raise ValueError(
            f"{source}: expected a tuple (training, validation, test) of three "
            f"(images, labels) pairs, found {type(content).__name__}"
            + (f" of length {len(content)}" if hasattr(content, "__len__") else "")
        )
    splits = []
    for what, split in zip(("training", "validation", "test"), content, strict=True):
        if not (isinstance(split, (tuple, list)) and len(split) == 2):
            raise ValueError(f"{source}: {what}: expected a pair (images, labels)")
        splits.append(_check_split(source, what, *split))
    if len({images.shape[1] for images, _ in splits}) != 1:
        raise ValueError(
            f"{source}: the three splits have different image sizes: "
            f"{[images.shape[1] for images, _ in splits]}"
        )
    (train_x, train_y), (valid_x, valid_y), (test_x, test_y) = splits
    return (
        _book_format(train_x, train_y, one_hot=True),
        _book_format(valid_x, valid_y, one_hot=False),
        _book_format(test_x, test_y, one_hot=False),
    )


# --- MNIST: the original IDX files -----------------------------------------------------------
IDX_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
_IDX_MAGIC = {3: 2051, 1: 2049}  # unsigned bytes (0x08) and 3 or 1 dimensions


def _find_idx(directory: Path, name: str) -> Path | None:
    """``name`` in ``directory``, plain or gzipped, spelt with '-' or '.' before 'idx'."""
    stem, _, rest = name.partition("-idx")
    for candidate in (name, f"{stem}.idx{rest}"):
        for suffix in ("", ".gz"):
            path = directory / (candidate + suffix)
            if path.is_file():
                return path
    return None


def _read_idx(path: Path, dims: int) -> Array:
    """The array of an IDX file of unsigned bytes with ``dims`` dimensions (3 images, 1 labels)."""
    what = "images" if dims == 3 else "labels"
    with _open_maybe_gzip(path, must_be_gzip=path.suffix == ".gz") as file:
        try:
            raw = file.read()
        except (OSError, EOFError) as error:  # gzip.BadGzipFile is an OSError
            raise ValueError(f"{path}: corrupt gzip data: {error}") from error
    header = 4 * (1 + dims)
    if len(raw) < header:
        raise ValueError(
            f"{path}: expected an IDX header of {header} bytes, found a file of {len(raw)} bytes"
        )
    magic, *shape = struct.unpack(f">{1 + dims}I", raw[:header])
    if magic != _IDX_MAGIC[dims]:
        raise ValueError(f"{path}: expected IDX magic {_IDX_MAGIC[dims]} for {what}, got {magic}")
    expected = int(np.prod(shape))
    if len(raw) - header != expected:
        raise ValueError(
            f"{path}: expected {expected} bytes of data for {what} of shape {tuple(shape)}, "
            f"found {len(raw) - header} (truncated or corrupt file)"
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def _load_idx(
    directory: Path, validation_size: int
) -> tuple[TrainingData, LabelledData, LabelledData]:
    paths = {key: _find_idx(directory, name) for key, name in IDX_FILES.items()}
    missing = [IDX_FILES[key] for key, path in paths.items() if path is None]
    if missing:
        raise FileNotFoundError(
            f"{directory}: expected the MNIST IDX files (each optionally .gz) or mnist.pkl.gz "
            f"in this directory; missing {', '.join(missing)}. {MNIST_SOURCES}"
        )
    arrays = {}
    for kind in ("train", "test"):
        images = _read_idx(paths[f"{kind}_images"], 3)
        labels = _read_idx(paths[f"{kind}_labels"], 1)
        if images.shape[0] != labels.shape[0]:
            raise ValueError(
                f"{paths[f'{kind}_labels']}: expected {images.shape[0]} labels, one per image of "
                f"{paths[f'{kind}_images'].name}, found {labels.shape[0]}"
            )
        labels = _check_labels(str(paths[f"{kind}_labels"]), "labels", labels)
        arrays[kind] = (images.reshape(images.shape[0], -1) / 255.0, labels)
    (train_x, train_y), (test_x, test_y) = arrays["train"], arrays["test"]
    _split_sizes(len(train_y), validation_size, 0)
    cut = len(train_y) - validation_size  # the book: first 50,000 train, last 10,000 validate
    return (
        _book_format(train_x[:cut], train_y[:cut], one_hot=True),
        _book_format(train_x[cut:], train_y[cut:], one_hot=False),
        _book_format(test_x, test_y, one_hot=False),
    )


def load_mnist(
    path: str | os.PathLike, validation_size: int = 10_000
) -> tuple[TrainingData, LabelledData, LabelledData]:
    """MNIST in the book's format, from ``mnist.pkl.gz`` or a directory of IDX files.

    ``path`` is the book's ``mnist.pkl.gz`` (50,000 / 10,000 / 10,000 images), or a
    directory holding it or the four original IDX files (each optionally ``.gz``). From
    the IDX training set's 60,000 images the last ``validation_size`` become the
    validation set, as in the book's file. A relative ``path`` is taken from the current
    directory and ``~`` is expanded.

    Returns ``(training_data, validation_data, test_data)`` as :func:`load_digits` does:
    ``x`` of shape ``(784, 1)``, float64 in [0, 1]; ``y`` one-hot ``(10, 1)`` for
    training, an int label otherwise. Real lists (the book's Python 2 ``zip``).
    """
    path = Path(os.path.expanduser(os.fspath(path))).absolute()
    if not path.exists():
        raise FileNotFoundError(f"MNIST not found at {path}. {MNIST_SOURCES}")
    if path.is_dir():
        for name in ("mnist.pkl.gz", "mnist.pkl"):
            if (path / name).is_file() and _find_idx(path, IDX_FILES["train_images"]) is None:
                return _load_pickle(path / name)
        return _load_idx(path, validation_size)
    return _load_pickle(path)


# --- small toy sets for notebooks -------------------------------------------------------------
def xor_data() -> TrainingData:
    """The four XOR examples: ``x`` of shape ``(2, 1)``, target ``y`` of shape ``(1, 1)``.

    A network ``[2, 2, 1]`` (or wider) can learn it; no network without a hidden layer can.
    """
    inputs = [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]
    return [(np.array([[a], [b]]), np.array([[float(a != b)]])) for a, b in inputs]


def two_blobs(n: int = 200, seed: int = 0, distance: float = 3.0) -> TrainingData:
    """Two Gaussian clouds in the plane, ``n`` points in all, classes alternating.

    Pairs ``(x, y)``: ``x`` of shape ``(2, 1)``, ``y`` one-hot ``(2, 1)``. Class 0 is
    centred at ``(-distance/2, 0)``, class 1 at ``(+distance/2, 0)``, unit spread. Use
    with ``Network([2, ..., 2])``; ``net.evaluate`` accepts the same list.
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"n: expected an integer >= 1, got {n!r}")
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 2
    points = rng.standard_normal((n, 2))
    points[:, 0] += np.where(labels == 1, distance / 2, -distance / 2)
    return _book_format(points, labels, one_hot=True, num_classes=2)


# --- from pairs to matrices ----------------------------------------------------------------
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


def _columns(items: list, name: str, part: str, dtype=np.float64) -> Array:
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


def _is_label(y) -> bool:
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
    dtype=np.float64,
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
