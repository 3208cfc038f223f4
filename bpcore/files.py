"""Reading files bpcore did not write: regular files only, and never more than a cap.

Students load files they download. Three things here make sure such a file can only
ever fail with a clear message, never hang or exhaust memory:

- :func:`open_regular` opens a path only if it is a regular file. A FIFO (named pipe)
  or a device such as ``/dev/zero`` would block forever or never end.
- :class:`BoundedReader` returns at most ``limit`` bytes in all, however large a read
  is asked for, so a gzip bomb (a few MB that expand to GB) stops at the cap, and a
  length field that declares terabytes allocates no more than the cap either.
- :func:`parse_json` refuses what Python's ``json`` would accept but no saved network
  holds: NaN and Infinity literals, integers of thousands of digits, nesting deep
  enough to raise RecursionError.

Every error is a ValueError naming the file.
"""

from __future__ import annotations

import gzip
import json
import os
import stat
import zlib
from pathlib import Path
from typing import IO, Any

#: The largest decompressed IDX file bpcore reads. MNIST's largest, train-images-idx3-ubyte,
#: is 47,040,016 bytes (16 + 60,000 × 28 × 28); 200 MB leaves a margin of four times that.
MAX_IDX_BYTES = 200_000_000
#: The largest decompressed pickle. The book's mnist.pkl.gz unpacks to about 220 MB
#: (70,000 images × 784 float32 pixels, and int64 labels); 320 MB leaves 45 % margin.
MAX_PICKLE_BYTES = 320_000_000
#: The largest saved network bpcore loads (JSON text, or all arrays of an .npz): 320 MB
#: is 40 million float64 parameters, 1,600 times the book's 784-30-10 network.
MAX_NETWORK_BYTES = 320_000_000
#: The largest JSON network bpcore loads. Python's parser makes an object of every number,
#: about 9 times the text in memory, so the cap is lower than for .npz: 32 MB of text (some
#: 1.5 million parameters, 60 times the book's network) parse within about 300 MB.
MAX_JSON_NETWORK_BYTES = 32_000_000
_CHUNK = 1 << 24  # bytes asked of the underlying stream at a time (16 MiB)
#: Digits in one JSON integer: enough for any int64; a layer size or weight needs fewer.
MAX_JSON_INTEGER_DIGITS = 20

_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def describe_kind(mode: int) -> str:
    """What a file of ``st_mode`` ``mode`` is, in words ("a directory", "a FIFO ...")."""
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def check_regular(path: Path, what: str) -> None:
    """Refuse ``path`` unless it is a regular file (following symbolic links)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: not found (a link to nothing?)") from None
    if not stat.S_ISREG(mode):
        raise ValueError(
            f"{path}: expected {what} (a regular file), found {describe_kind(mode)}; "
            "reading it could block forever or never end"
        )


def open_regular(path: Path, what: str) -> IO[bytes]:
    """``path`` opened for binary reading, if it is a regular file (ValueError otherwise).

    The kind is checked before opening (opening a FIFO blocks until a writer comes)
    and again on the open descriptor, which is opened non-blocking, so a file swapped
    for a FIFO in between is refused too.
    """
    check_regular(path, what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise ValueError(
                f"{path}: expected {what} (a regular file), found {describe_kind(mode)}"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


class TooLargeError(ValueError):
    """A file holds (or decompresses to) more bytes than bpcore reads from one file."""


class BoundedReader:
    """A binary stream that returns at most ``limit`` bytes in all, then refuses.

    ``read(n)`` never asks the underlying stream for more than the bytes still allowed
    (plus one, to notice going over), so a huge ``n`` taken from a file's length field
    allocates no more than the cap. Decompression errors become ValueError naming
    ``source``.
    """

    def __init__(
        self, raw: IO[bytes], limit: int, source: str, what: str, owner: IO[bytes] | None = None
    ) -> None:
        self.raw = raw
        self.owner = owner  # the file under a decompressing ``raw``, closed with it
        self.limit = limit
        self.source = source
        self.what = what
        self.count = 0

    @property
    def remaining(self) -> int:
        """How many more bytes may be read."""
        return self.limit - self.count

    def _allowed(self, size: int | None) -> int:
        room = self.remaining + 1
        return room if size is None or size < 0 or size > room else size

    def _account(self, data: bytes) -> bytes:
        self.count += len(data)
        if self.count > self.limit:
            holds = "holds" if self.owner is None else "decompresses to"
            raise TooLargeError(
                f"{self.source}: {holds} more than {self.limit:,} bytes, more than bpcore reads "
                f"from one file ({self.what}); it is not the expected file, or it is a "
                "decompression bomb"
            )
        return data

    def _call(self, method: str, size: int) -> bytes:
        try:
            data: bytes = getattr(self.raw, method)(size)
        except (OSError, EOFError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
            raise ValueError(
                f"{self.source}: corrupt or truncated data ({type(error).__name__}: {error})"
            ) from error
        return self._account(data)

    def read(self, size: int | None = -1) -> bytes:
        """Up to ``size`` bytes (all, if negative), in chunks: memory follows what arrives."""
        size = self._allowed(size)
        if size <= _CHUNK:
            return self._call("read", size)
        chunks = []
        while size > 0 and (chunk := self._call("read", min(size, _CHUNK))):
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def readline(self, size: int | None = -1) -> bytes:
        return self._call("readline", self._allowed(size))

    def read_exactly(self, size: int, field: str) -> bytes:
        """``size`` bytes, or a ValueError saying the file ends inside ``field``."""
        data = self.read(size)
        if len(data) != size:
            raise ValueError(
                f"{self.source}: expected {size:,} bytes of {field}, found {len(data):,} "
                "(truncated file)"
            )
        return data

    def close(self) -> None:
        self.raw.close()
        if self.owner is not None:
            self.owner.close()

    def __enter__(self) -> BoundedReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_maybe_gzip(path: Path, must_be_gzip: bool, limit: int, what: str) -> BoundedReader:
    """A bounded binary stream over ``path``, decompressing it if it starts like gzip."""
    file = open_regular(path, what)
    try:
        magic = file.read(2)
        file.seek(0)
        if magic != b"\x1f\x8b" and must_be_gzip:
            raise ValueError(
                f"{path}: expected a gzip file (starting with bytes 1f 8b), found bytes "
                f"{magic.hex(' ') or 'nothing (empty file)'}"
            )
    except BaseException:
        file.close()
        raise
    if magic == b"\x1f\x8b":
        unpacked: IO[bytes] = gzip.GzipFile(fileobj=file, mode="rb")  # type: ignore[assignment]
        return BoundedReader(unpacked, limit, str(path), what, owner=file)
    return BoundedReader(file, limit, str(path), what)


# --- JSON --------------------------------------------------------------------------------------
class _Refused(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _Refused(f"the literal {name}, which is not a JSON number (a saved network is finite)")


def _integer(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_JSON_INTEGER_DIGITS:
        raise _Refused(
            f"an integer of {digits} digits (at most {MAX_JSON_INTEGER_DIGITS} are read: "
            "no layer size or weight needs more)"
        )
    return int(text)


def parse_json(data: bytes, source: str, expected: str) -> Any:
    """The JSON value in ``data`` (UTF-8), or a ValueError naming ``source``.

    Refused: invalid UTF-8 or JSON, NaN/Infinity literals, integers of more than
    :data:`MAX_JSON_INTEGER_DIGITS` digits, and nesting deep enough that the parser
    would raise RecursionError. ``expected`` says what the file should have held.
    """
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_refuse_constant, parse_int=_integer)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problem = f"it does not parse: {error}"
    except _Refused as error:
        problem = f"it holds {error}"
    except RecursionError:
        problem = "its lists or objects are nested too deeply to read"
    raise ValueError(f"{source}: expected {expected}, but {problem}") from None
