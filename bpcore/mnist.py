"""MNIST in the book's format, from the book's ``mnist.pkl.gz`` or the original IDX files.

Returns what :func:`bpcore.data.load_digits` returns, with 28×28 = 784 pixels, and three
differences from the book's Python 2 ``mnist_loader`` that matter in Python 3:

- The lists are real ``list`` objects (the book's ``zip(...)`` is a one-shot iterator).
- The book's ``mnist.pkl.gz`` is a Python 2 pickle; it needs ``encoding="latin1"`` to
  unpickle in Python 3. Here it is read by a restricted unpickler that builds numpy
  arrays and nothing else (unpickling can otherwise run arbitrary code).
- The book opens ``../data/mnist.pkl.gz``, relative to wherever Python was started.
  Here the path is an argument and a missing file says which absolute path was tried.
"""

from __future__ import annotations

import gzip
import os
import pickle
import struct
from collections.abc import Callable
from pathlib import Path
from typing import IO

import numpy as np

from bpcore.data import LabelledData, TrainingData, book_format, check_split_sizes

Array = np.ndarray

#: Where to get MNIST, quoted by every "file not found" message.
MNIST_SOURCES = (
    "Get the book's copy, data/mnist.pkl.gz from "
    "https://github.com/mnielsen/neural-networks-and-deep-learning, or the four IDX files "
    "(train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
    "t10k-labels-idx1-ubyte.gz) from the original MNIST site "
    "http://yann.lecun.com/exdb/mnist/ (or a mirror). Without any download, "
    "bpcore.load_digits() gives the small 8x8 digits set that is the default here."
)


# --- MNIST: the book's mnist.pkl.gz ----------------------------------------------------------
def _numpy_reconstruct() -> Callable[..., object]:
    try:
        from numpy._core import multiarray  # numpy >= 2
    except ImportError:  # pragma: no cover - numpy 1.x
        from numpy.core import multiarray  # type: ignore[no-redef]
    reconstruct: Callable[..., object] = multiarray._reconstruct
    return reconstruct


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

    def __init__(self, file: IO[bytes], source: str) -> None:
        super().__init__(file, encoding="latin1")
        self.source = source
        self.allowed: dict[tuple[str, str], Callable[..., object]] = {
            ("numpy.core.multiarray", "_reconstruct"): _numpy_reconstruct(),
            ("numpy._core.multiarray", "_reconstruct"): _numpy_reconstruct(),
            ("numpy", "ndarray"): np.ndarray,
            ("numpy", "dtype"): np.dtype,
            ("_codecs", "encode"): _latin1_encode,
        }

    def find_class(self, module: str, name: str) -> Callable[..., object]:
        try:
            return self.allowed[(module, name)]
        except KeyError:
            raise ForbiddenGlobalError(
                f"{self.source}: refusing to unpickle the global {module}.{name}: an MNIST "
                "pickle holds only numpy arrays, and a pickle naming other callables could "
                "run arbitrary code"
            ) from None


def _open_maybe_gzip(path: Path, must_be_gzip: bool) -> IO[bytes]:
    """A binary file object for ``path``, decompressing it if it is gzip."""
    with open(path, "rb") as file:
        magic = file.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if must_be_gzip:
        raise ValueError(
            f"{path}: expected a gzip file (starting with bytes 1f 8b), found bytes "
            f"{magic.hex(' ') or 'nothing (empty file)'}"
        )
    return open(path, "rb")


def _check_split(source: str, what: str, images: object, labels: object) -> tuple[Array, Array]:
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
        book_format(train_x, train_y, one_hot=True),
        book_format(valid_x, valid_y, one_hot=False),
        book_format(test_x, test_y, one_hot=False),
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
    found = {key: _find_idx(directory, name) for key, name in IDX_FILES.items()}
    missing = [IDX_FILES[key] for key, path in found.items() if path is None]
    paths = {key: path for key, path in found.items() if path is not None}
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
    validation_size, _ = check_split_sizes(len(train_y), validation_size, 0)
    cut = len(train_y) - validation_size  # the book: first 50,000 train, last 10,000 validate
    return (
        book_format(train_x[:cut], train_y[:cut], one_hot=True),
        book_format(train_x[cut:], train_y[cut:], one_hot=False),
        book_format(test_x, test_y, one_hot=False),
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
