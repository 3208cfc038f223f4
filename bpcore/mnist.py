"""MNIST in the book's format: downloaded once, or from the book's ``mnist.pkl.gz`` or IDX files.

``load_mnist()`` with no path downloads the four original IDX files into bpcore's cache
folder (see :mod:`bpcore.download`), checks them against the MD5s torchvision publishes,
and reads them; the next call reads the cache. ``load_mnist(path)`` reads the book's
``mnist.pkl.gz`` or a folder of IDX files. Either returns what
:func:`bpcore.data.load_digits` returns, with 28×28 = 784 pixels, and three differences
from the book's Python 2 ``mnist_loader`` that matter in Python 3:

- The lists are real ``list`` objects (the book's ``zip(...)`` is a one-shot iterator).
- The book's ``mnist.pkl.gz`` is a Python 2 pickle; unpickling can run any code a file
  names, so it is read by :mod:`bpcore.unpickle`, which builds numpy arrays and nothing
  else, and by the caps of :mod:`bpcore.files` (no file can hang or exhaust memory).
- The book opens ``../data/mnist.pkl.gz``, relative to wherever Python was started.
  Here the path is an argument and a missing file says which absolute path was tried.

**Pixel scale.** The book's pickle (made by the LISA lab for the deeplearning.net
tutorials) stores float32 pixels already divided by **256**, so its brightest pixel is
255/256 = 0.99609375 (a known quirk: lisa-lab/pylearn2 issue #93; Lasagne's MNIST
example divides the IDX bytes by 256 "for compatibility" with that file). bpcore keeps
the pickle's values exactly as stored and divides the IDX files' bytes 0..255 by
**255**, the usual scale, so their brightest pixel is 1.0: the same pixel differs by
k/255 − k/256, at most 1/256 ≈ 0.0039 (for k = 255), between the two sources.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from bpcore import _checks
from bpcore.data import LabelledData, TrainingData, book_format, check_split_sizes
from bpcore.download import cache_root, fetch, file_digest
from bpcore.files import MAX_PICKLE_BYTES, check_regular, open_maybe_gzip
from bpcore.idx import read_idx
from bpcore.unpickle import ForbiddenGlobalError, load_arrays

Array = np.ndarray
Splits = tuple[TrainingData, LabelledData, LabelledData]

__all__ = ["ForbiddenGlobalError", "load_mnist"]

#: Where to get MNIST, quoted by every "file not found" message.
MNIST_SOURCES = (
    "bpcore.load_mnist() with no path downloads it. Or get the book's copy, "
    "data/mnist.pkl.gz from https://github.com/mnielsen/neural-networks-and-deep-learning, "
    "or the four IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
    "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) from a mirror such as "
    "https://ossci-datasets.s3.amazonaws.com/mnist/. Without any download, "
    "bpcore.load_digits() gives the small 8x8 digits set that is the default here."
)

# --- where the download comes from ------------------------------------------------------------
#: The mirrors and MD5s of the four original MNIST files as torchvision publishes them:
#: repository pytorch/vision, file torchvision/datasets/mnist.py, class MNIST, attributes
#: ``mirrors`` and ``resources`` (read at commit 01977a187961243eaf66ead246fd92a5c6c7ccfc).
#: The https mirror is tried first. MD5 is what torchvision publishes; it is not
#: collision-resistant, but no one can make a second file to match these existing ones.
MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)
MNIST_MD5 = {
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
}
#: The cache's subfolder for MNIST: ``<cache>/mnist/``.
CACHE_SUBFOLDER = "mnist"


# --- the book's mnist.pkl.gz ------------------------------------------------------------------
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
    if images.dtype == bool or not np.issubdtype(images.dtype, np.number):
        raise ValueError(f"{source}: {what}: expected numeric pixels, got dtype {images.dtype}")
    if np.issubdtype(images.dtype, np.integer):
        images = images / 255.0  # raw 0..255 pixels, as in the IDX files
    else:
        images = images.astype(np.float64)  # a writable copy (the pickle's bytes are read-only)
    if images.size and not (np.all(np.isfinite(images)) and 0 <= images.min() <= images.max() <= 1):
        raise ValueError(f"{source}: {what}: expected pixel values in [0, 1]")
    return images, _check_labels(source, what, labels)


def _check_labels(source: str, what: str, labels: Array) -> Array:
    if labels.dtype == bool or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"{source}: {what}: expected integer labels, got dtype {labels.dtype}")
    if labels.size and not 0 <= labels.min() <= labels.max() <= 9:
        raise ValueError(
            f"{source}: {what}: expected labels 0..9, found {labels.min()}..{labels.max()}"
        )
    return labels.astype(np.int64)


_PICKLE = (
    "the book's mnist.pkl.gz (a gzipped pickle of three (images, labels) pairs; "
    "for the IDX files pass their folder)"
)


def _load_pickle(path: Path) -> Splits:
    source = str(path)
    with open_maybe_gzip(
        path, path.suffix == ".gz", MAX_PICKLE_BYTES, "the book's MNIST pickle"
    ) as file:
        content = load_arrays(file, _PICKLE)
    if not (isinstance(content, (tuple, list)) and len(content) == 3):
        raise ValueError(
            f"{source}: expected a tuple (training, validation, test) of three "
            f"(images, labels) pairs, found {type(content).__name__}"
            + (f" of length {len(content)}" if isinstance(content, (tuple, list)) else "")
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


# --- the original IDX files -------------------------------------------------------------------
IDX_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def _regular(path: Path, what: str) -> Path | None:
    """``path`` if it is a regular file, None if nothing is there; refuses a FIFO, a device…"""
    if not os.path.lexists(path):
        return None
    check_regular(path, what)
    return path


def _find_idx(directory: Path, name: str) -> Path | None:
    """``name`` in ``directory``, plain or gzipped, spelt with '-' or '.' before 'idx'."""
    stem, _, rest = name.partition("-idx")
    for candidate in (name, f"{stem}.idx{rest}"):
        for suffix in ("", ".gz"):
            found = _regular(directory / (candidate + suffix), "IDX file")
            if found is not None:
                return found
    return None


def _read_pair(paths: dict[str, Path], kind: str) -> tuple[Array, Array]:
    """Images ``(m, rows, columns)`` and checked labels ``(m,)`` of ``kind`` (train or test)."""
    images_path, labels_path = paths[f"{kind}_images"], paths[f"{kind}_labels"]
    images = read_idx(images_path, 3)
    labels = read_idx(labels_path, 1)
    if images.shape[0] != labels.shape[0]:
        raise ValueError(
            f"{labels_path}: expected {images.shape[0]} labels, one per image of "
            f"{images_path.name}, found {labels.shape[0]}"
        )
    return images, _check_labels(str(labels_path), "labels", labels)


def _load_idx(directory: Path, validation_size: int) -> Splits:
    found = {key: _find_idx(directory, name) for key, name in IDX_FILES.items()}
    missing = [IDX_FILES[key] for key, path in found.items() if path is None]
    paths = {key: path for key, path in found.items() if path is not None}
    if missing:
        raise FileNotFoundError(
            f"{directory}: expected the MNIST IDX files (each optionally .gz) or mnist.pkl.gz "
            f"in this directory; missing {', '.join(missing)}. {MNIST_SOURCES}"
        )
    train_images, train_y = _read_pair(paths, "train")
    test_images, test_y = _read_pair(paths, "test")
    if train_images.shape[1:] != test_images.shape[1:]:
        raise ValueError(
            f"{paths['test_images']}: expected images of "
            f"{'×'.join(map(str, train_images.shape[1:]))} pixels like those of "
            f"{paths['train_images'].name}, found {'×'.join(map(str, test_images.shape[1:]))}"
        )
    validation_size, _ = check_split_sizes(len(train_y), validation_size, 0)
    train_x = train_images.reshape(len(train_y), -1) / 255.0
    test_x = test_images.reshape(len(test_y), -1) / 255.0
    cut = len(train_y) - validation_size  # the book: first 50,000 train, last 10,000 validate
    return (
        book_format(train_x[:cut], train_y[:cut], one_hot=True),
        book_format(train_x[cut:], train_y[cut:], one_hot=False),
        book_format(test_x, test_y, one_hot=False),
    )


def _load_path(path: str | os.PathLike, validation_size: int) -> Splits:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path: expected a file or folder path, got {type(path).__name__}")
    path = Path(os.path.expanduser(os.fspath(path))).absolute()
    if not os.path.lexists(path):
        raise FileNotFoundError(f"MNIST not found at {path}. {MNIST_SOURCES}")
    if path.is_dir():
        for name in ("mnist.pkl.gz", "mnist.pkl"):
            pickle_path = _regular(path / name, "the book's MNIST pickle")
            if pickle_path is not None and _find_idx(path, IDX_FILES["train_images"]) is None:
                return _load_pickle(pickle_path)
        return _load_idx(path, validation_size)
    check_regular(path, "the book's mnist.pkl.gz or a folder of IDX files")
    return _load_pickle(path)


# --- the download -----------------------------------------------------------------------------
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")


def _sha256(value: object, argument: str) -> str:
    if not (isinstance(value, str) and _HEX64.fullmatch(value)):
        raise ValueError(
            f"{argument}: expected a SHA-256 checksum (64 hexadecimal digits, as "
            f"`sha256sum FILE` prints it), got {value!r:.80}"
        )
    return value.lower()


def _url(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"url: expected a URL string, got {type(value).__name__}")
    if urllib.parse.urlsplit(value).scheme not in ("http", "https", "file"):
        raise ValueError(
            f"url: expected an http://, https:// or file:// URL (a file, or a folder ending "
            f"in '/' that holds the four IDX files), got {value!r:.200}"
        )
    return value


def _mirror_checksums(sha256: object) -> dict[str, tuple[str, str]]:
    """The checksum of each IDX file: torchvision's MD5s, or a mapping name → SHA-256."""
    if sha256 is None:
        return {name: ("md5", md5) for name, md5 in MNIST_MD5.items()}
    if not isinstance(sha256, Mapping) or set(sha256) != set(MNIST_MD5):
        raise ValueError(
            f"sha256: for a folder of IDX files, expected a mapping from each of "
            f"{sorted(MNIST_MD5)} to its SHA-256, got {sha256!r:.200}"
        )
    return {name: ("sha256", _sha256(sha256[name], f"sha256[{name!r}]")) for name in MNIST_MD5}


def _cached(urls: list[str], destination: Path, checksum: tuple[str, str], progress: bool) -> Path:
    """``destination`` if it is there and matches ``checksum``; else downloaded from ``urls``."""
    if destination.is_file() and file_digest(destination, checksum[0]) == checksum[1]:
        return destination
    by_hand = (
        f"To get it by hand, download {destination.name} (from {' or '.join(urls)}, or any "
        f"MNIST mirror) and put it in {destination.parent}, or pass its folder as "
        "bpcore.load_mnist('path/to/folder')."
    )
    return fetch(urls, destination, checksum, by_hand, progress=progress)


def _download(url: object, sha256: object, cache_dir: object, progress: bool) -> Path:
    """The downloaded (or cached) MNIST: the IDX folder, or the one file ``url`` names."""
    folder = cache_root(cache_dir) / CACHE_SUBFOLDER  # type: ignore[arg-type]
    if url is not None and not _url(url).endswith("/"):
        name = urllib.parse.unquote(urllib.parse.urlsplit(str(url)).path.rsplit("/", 1)[-1])
        if not name or name.startswith(".") or "\\" in name:
            raise ValueError(f"url: expected a URL ending in a file name, got {url!r:.200}")
        if sha256 is None:
            raise ValueError(
                "sha256: expected the SHA-256 of the file at url= (64 hexadecimal digits): a "
                "download is used only once it matches a checksum; without url=, bpcore "
                "downloads the IDX files and checks them against torchvision's MD5s"
            )
        checksum = ("sha256", _sha256(sha256, "sha256"))
        return _cached([str(url)], folder / name, checksum, progress)
    mirrors = list(MNIST_MIRRORS) if url is None else [str(url)]
    for name, checksum in _mirror_checksums(sha256).items():
        _cached([mirror + name for mirror in mirrors], folder / name, checksum, progress)
    return folder


def load_mnist(
    path: str | os.PathLike | None = None,
    validation_size: int = 10_000,
    *,
    url: str | None = None,
    sha256: str | Mapping[str, str] | None = None,
    cache_dir: str | os.PathLike | None = None,
    progress: bool = True,
) -> Splits:
    """MNIST in the book's format: downloaded once, or from ``mnist.pkl.gz`` or IDX files.

    ``path`` is the book's ``mnist.pkl.gz`` (50,000 / 10,000 / 10,000 images), or a
    folder holding it or the four original IDX files (each optionally ``.gz``). A
    relative ``path`` is taken from the current directory and ``~`` is expanded.

    Without ``path``, the four IDX files are downloaded (with a progress bar unless
    ``progress=False``) into ``<cache>/mnist/``, checked against the MD5s torchvision
    publishes, and read; the next call reads the cache (checked again). ``<cache>`` is
    ``cache_dir``, else $BPCORE_CACHE_DIR, else the platform's cache folder (see
    :mod:`bpcore.download`). ``url`` overrides the source: a folder URL ending in ``/``
    (a mirror of the four files, checked against the same MD5s unless ``sha256`` maps
    each file name to its SHA-256), or the URL of one file such as the book's
    ``mnist.pkl.gz``, with ``sha256`` its SHA-256 (required). ``file://`` URLs work.
    A failed or mismatched download leaves nothing in the cache and says where to get
    the files by hand.

    From the IDX training set's 60,000 images the last ``validation_size`` become the
    validation set, as in the book's file. Pixels: the pickle's as stored (0..255/256),
    the IDX files' bytes divided by 255 (see this module's docstring).

    Returns ``(training_data, validation_data, test_data)`` as :func:`load_digits` does:
    ``x`` of shape ``(784, 1)``, float64 in [0, 1]; ``y`` one-hot ``(10, 1)`` for
    training, an int label otherwise. Real lists (the book's Python 2 ``zip``).
    """
    validation_size = _checks.nonnegative_integer(validation_size, "validation_size")
    if path is not None:
        given = [
            name
            for name, value in (("url", url), ("sha256", sha256), ("cache_dir", cache_dir))
            if value is not None
        ]
        if given:
            raise ValueError(
                f"path: a path reads files already there, and {', '.join(given)} describe a "
                "download; pass either path or the download's arguments, not both"
            )
        return _load_path(path, validation_size)
    if not isinstance(progress, bool):
        raise TypeError(f"progress: expected True or False, got {type(progress).__name__}")
    return _load_path(_download(url, sha256, cache_dir, progress), validation_size)
