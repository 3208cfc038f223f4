"""Reading an ``.npz`` without trusting it: names first, each array's header before its data.

An ``.npz`` is a zip archive with one ``.npy`` file per array; each ``.npy`` starts with
a small header declaring the array's dtype and shape. ``numpy.load`` allocates what a
header declares before reading the data (``numpy.lib.format.read_array``), so a member
of a few bytes whose header declares 10¹² floats asks for 8 TB, and it reads every
member a caller asks for before the caller can check its name.

:class:`NpzReader` lists the members' names without reading them, reads a header with
``numpy.lib.format`` (the magic string, then the header alone), and reads data only
after the caller has checked the dtype and shape, and only if the archive's own record
of the member's size agrees with what the header declares (an uncompressed member
holds exactly header + data; a compressed one cannot expand more than deflate allows).
"""

from __future__ import annotations

import math
import zipfile
from typing import IO

import numpy as np
from numpy.lib import format as npy

Array = np.ndarray
#: deflate expands at most about 1032:1 (RFC 1951's longest match per few bits).
_DEFLATE_MAX_RATIO = 1032
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class NpzReader:
    """The members of an ``.npz`` (opened binary ``file``), read one checked header at a time.

    Every problem is a ValueError starting with ``source``.
    """

    def __init__(self, file: IO[bytes], source: str) -> None:
        self.source = source
        try:
            self.archive = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise self._error(
                f"it is not a readable zip archive ({error}); the file may be truncated or corrupt"
            ) from None
        members = [info.filename for info in self.archive.infolist()]
        if len(set(members)) != len(members):
            raise self._error(f"the archive names a member twice: {sorted(members)}")
        self.infos = {info.filename.removesuffix(".npy"): info for info in self.archive.infolist()}
        self.names = set(self.infos)
        self.total = 0  # data bytes read so far
        self.header_sizes: dict[str, int] = {}

    def _error(self, problem: str) -> ValueError:
        return ValueError(
            f"{self.source}: expected an .npz archive saved by bpcore.save, but {problem}"
        )

    def header(self, name: str) -> tuple[tuple[int, ...], bool, np.dtype]:
        """The shape, Fortran order and dtype the member ``name`` declares; no data read."""
        info = self.infos[name]
        if info.compress_type not in _COMPRESSIONS or not info.filename.endswith(".npy"):
            raise self._error(f"member {info.filename!r} is not a stored or deflated .npy file")
        try:
            with self.archive.open(info) as member:
                version = npy.read_magic(member)
                if version not in ((1, 0), (2, 0)):
                    raise ValueError(f"format version {version}")
                read = npy.read_array_header_1_0 if version == (1, 0) else npy.read_array_header_2_0
                shape, fortran, dtype = read(member)
                self.header_sizes[name] = member.tell()
        except Exception as error:  # numpy parses the header text: any failure means unreadable
            raise self._error(
                f"the header of member '{name}' is unreadable ({type(error).__name__}: {error})"
            ) from None
        return shape, fortran, dtype

    def array(
        self, name: str, shape: tuple[int, ...], fortran: bool, dtype: np.dtype, limit: int
    ) -> Array:
        """The data of member ``name``, whose :meth:`header` declared these (the caller checks).

        Read only if the zip archive's record of the member's size agrees, and if all
        data read from this archive stays within ``limit`` bytes.
        """
        info = self.infos[name]
        size = math.prod(shape) * dtype.itemsize
        if self.total + size > limit:
            raise self._error(
                f"its arrays declare more than {limit:,} bytes, more than bpcore loads "
                f"(member '{name}' declares shape {shape})"
            )
        holds, start = info.file_size, self.header_sizes[name]
        if (
            holds != start + size
            or (info.compress_type == zipfile.ZIP_STORED and info.compress_size != holds)
            or holds > _DEFLATE_MAX_RATIO * info.compress_size + 1024
        ):
            raise self._error(
                f"member '{name}' declares shape {shape} ({size:,} bytes of {dtype}), but the "
                f"archive records {holds:,} bytes for it ({info.compress_size:,} stored)"
            )
        try:
            with self.archive.open(info) as member:
                member.seek(start)  # past the header
                data = member.read(size)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise self._error(f"member '{name}' is unreadable ({error})") from None
        if len(data) != size:
            raise self._error(f"member '{name}' ends after {len(data):,} of {size:,} bytes")
        self.total += size
        return np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")

    def close(self) -> None:
        self.archive.close()
