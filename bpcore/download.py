"""Download a file once into bpcore's cache folder, verified against a published checksum.

The cache folder is, in this order: the ``cache_dir`` argument; the environment variable
``BPCORE_CACHE_DIR``; the platform's cache folder with ``bpcore`` inside it —
``%LOCALAPPDATA%\\bpcore\\Cache`` on Windows, ``~/Library/Caches/bpcore`` on macOS, and
``$XDG_CACHE_HOME/bpcore`` (``~/.cache/bpcore`` when XDG_CACHE_HOME is unset) elsewhere,
as the XDG Base Directory specification says. (platformdirs computes the same folders;
these few lines spare a dependency.)

:func:`fetch` writes to a temporary file in the destination folder, hashing as the bytes
arrive, and renames it to its name only when its checksum matches. A download that fails
or does not match leaves nothing behind, and says what happened and where to get the
file by hand. ``file://`` URLs work too (an offline copy).
"""

from __future__ import annotations

import hashlib
import http.client
import os
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

#: Seconds to wait for a server to answer or send the next bytes.
TIMEOUT = 30
#: The most bytes one download may bring (the largest file bpcore fetches is 9.9 MB).
MAX_DOWNLOAD_BYTES = 320_000_000
_CHUNK = 1 << 16


class DownloadError(OSError):
    """A download failed, or what arrived does not match its checksum."""


def cache_root(cache_dir: str | os.PathLike | None = None) -> Path:
    """bpcore's cache folder: ``cache_dir``, else $BPCORE_CACHE_DIR, else the platform's."""
    if cache_dir is not None:
        if not isinstance(cache_dir, (str, os.PathLike)):
            raise TypeError(f"cache_dir: expected a folder path, got {type(cache_dir).__name__}")
        chosen = os.fspath(cache_dir)
    elif os.environ.get("BPCORE_CACHE_DIR"):
        chosen = os.environ["BPCORE_CACHE_DIR"]
    elif sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser(r"~\AppData\Local")
        chosen = os.path.join(base, "bpcore", "Cache")
    elif sys.platform == "darwin":
        chosen = os.path.expanduser("~/Library/Caches/bpcore")
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base = xdg if os.path.isabs(xdg) else os.path.expanduser("~/.cache")  # the XDG rule
        chosen = os.path.join(base, "bpcore")
    return Path(os.path.expanduser(str(chosen))).absolute()


def file_digest(path: Path, algorithm: str) -> str:
    """The hex digest of the file at ``path`` ("md5" or "sha256")."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _progress_bar(total: int | None, name: str, show: bool) -> Any:
    from tqdm.auto import tqdm

    return tqdm(
        total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=name, disable=not show
    )


def _copy(url: str, file: IO[bytes], algorithm: str, name: str, progress: bool) -> str:
    """Stream ``url`` into ``file``, returning the hex digest of what came."""
    digest = hashlib.new(algorithm)
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 (http/file)
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        if total is not None and total > MAX_DOWNLOAD_BYTES:
            raise DownloadError(
                f"the server announces {total:,} bytes, more than the {MAX_DOWNLOAD_BYTES:,} "
                "bytes bpcore downloads in one file"
            )
        bar = _progress_bar(total, name, progress)
        try:
            received = 0
            while chunk := response.read(_CHUNK):
                received += len(chunk)
                if received > MAX_DOWNLOAD_BYTES:
                    raise DownloadError(
                        f"more than the {MAX_DOWNLOAD_BYTES:,} bytes bpcore downloads in one "
                        "file arrived"
                    )
                digest.update(chunk)
                file.write(chunk)
                bar.update(len(chunk))
        finally:
            bar.close()
    if total is not None and received != total:
        raise DownloadError(f"the download stopped after {received:,} of {total:,} bytes")
    return digest.hexdigest()


def fetch(
    urls: Sequence[str],
    destination: Path,
    checksum: tuple[str, str],
    by_hand: str,
    progress: bool = True,
) -> Path:
    """Download ``destination`` from the first of ``urls`` that works; verify; rename.

    ``checksum`` is ``(algorithm, hex digest)``, e.g. ``("md5", "f68b…")``. Each URL is
    tried in turn; the file appears at ``destination`` only once a download has matched.
    Raises DownloadError listing what each URL gave, and ``by_hand`` (where to get the
    file by hand and where to put it).
    """
    algorithm, expected = checksum[0], checksum[1].lower()
    destination.parent.mkdir(parents=True, exist_ok=True)
    failures = []
    for url in urls:
        descriptor, temporary = tempfile.mkstemp(
            dir=destination.parent, prefix=f".{destination.name}.", suffix=".part"
        )
        try:
            with os.fdopen(descriptor, "wb") as file:
                got = _copy(url, file, algorithm, destination.name, progress)
            if got != expected:
                raise DownloadError(
                    f"its {algorithm} is {got}, but {expected} was expected (a changed, "
                    "damaged or wrong file)"
                )
            os.replace(temporary, destination)
            return destination
        except (OSError, ValueError, http.client.HTTPException) as error:  # URLError: an OSError
            failures.append(f"{url}: {_reason(error)}")
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    raise DownloadError(
        f"could not download {destination.name}: "
        + "; ".join(failures)
        + f". Nothing was saved in {destination.parent}. {by_hand}"
    )


def _reason(error: BaseException) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"the server answered HTTP {error.code} {error.reason}"
    if isinstance(error, urllib.error.URLError):
        return f"no connection ({error.reason})"
    if isinstance(error, DownloadError):
        return str(error)
    return f"{type(error).__name__}: {error}"
