"""The IDX format of the original MNIST files, read header first.

An IDX file (http://yann.lecun.com/exdb/mnist/, "FILE FORMATS FOR THE MNIST DATABASE") is
a 4-byte magic number — two zero bytes, a type byte (0x08: unsigned bytes) and the number
of dimensions — then one big-endian 32-bit size per dimension, then the data. MNIST's
image files have three dimensions (images, rows, columns), its label files one.

:func:`read_idx` reads the header alone first and checks it (magic, dimensions, the data
size it declares against :data:`bpcore.files.MAX_IDX_BYTES` and, for an uncompressed
file, against the file's size) before reading exactly that much data; then it checks
that nothing follows. So no file can make it read or allocate more than the cap.
"""

from __future__ import annotations

import math
import os
import struct
from pathlib import Path

import numpy as np

from bpcore.files import MAX_IDX_BYTES, BoundedReader, open_maybe_gzip

Array = np.ndarray
#: The magic number of an IDX file of unsigned bytes (type 0x08) with 3 or 1 dimensions.
IDX_MAGIC = {3: 0x0803, 1: 0x0801}
_WHAT = {3: "images", 1: "labels"}
_DIMENSIONS = {3: "(images, rows, columns)", 1: "(labels,)"}


def _read_shape(file: BoundedReader, path: Path, dims: int) -> tuple[int, ...]:
    """The sizes an IDX header declares, after checking its magic number."""
    what = _WHAT[dims]
    (magic,) = struct.unpack(">I", file.read_exactly(4, "IDX header (magic number)"))
    if magic != IDX_MAGIC[dims]:
        raise ValueError(f"{path}: expected IDX magic {IDX_MAGIC[dims]} for {what}, got {magic}")
    shape = struct.unpack(f">{dims}I", file.read_exactly(4 * dims, f"IDX header ({what} sizes)"))
    if any(n == 0 for n in shape):
        raise ValueError(
            f"{path}: expected {what} of positive sizes {_DIMENSIONS[dims]}, "
            f"the header declares {shape}"
        )
    return tuple(shape)


def _check_declared(file: BoundedReader, path: Path, dims: int, shape: tuple[int, ...]) -> int:
    """The number of data bytes the header declares, if the file can hold them."""
    what = _WHAT[dims]
    size = math.prod(shape)  # a Python int: no overflow, however large the sizes
    if size > MAX_IDX_BYTES:
        raise ValueError(
            f"{path}: the header declares {what} of shape {shape}, {size:,} bytes of data; "
            f"MNIST's largest file holds 47,040,000 and bpcore reads at most {MAX_IDX_BYTES:,}"
        )
    if file.owner is None:  # not compressed: the file's size says what it holds
        held = os.fstat(file.raw.fileno()).st_size - 4 * (1 + dims)
        if held != size:
            raise ValueError(
                f"{path}: expected {size:,} bytes of data for {what} of shape {shape}, "
                f"found {held:,} (truncated or corrupt file)"
            )
    return size


def read_idx(path: Path, dims: int) -> Array:
    """The uint8 array of an IDX file with ``dims`` dimensions (3: images, 1: labels).

    ``path`` may be gzip-compressed (decided by its first bytes; a ``.gz`` name must be).
    Raises ValueError naming the file for a wrong magic number, a zero or oversized
    dimension, data shorter or longer than the header declares, or corrupt gzip data.
    """
    what = _WHAT[dims]
    with open_maybe_gzip(
        path, path.suffix == ".gz", MAX_IDX_BYTES + 64, f"an IDX {what} file"
    ) as file:
        shape = _read_shape(file, path, dims)
        size = _check_declared(file, path, dims, shape)
        data = file.read(size)
        if len(data) != size:
            raise ValueError(
                f"{path}: expected {size:,} bytes of data for {what} of shape {shape}, "
                f"found {len(data):,} (truncated or corrupt file)"
            )
        if file.read(1):
            raise ValueError(
                f"{path}: expected {size:,} bytes of data for {what} of shape {shape}, "
                "found more after them (corrupt file, or not an IDX file)"
            )
    return np.frombuffer(data, dtype=np.uint8).reshape(shape)
