"""Saving and loading a Network: ``.npz`` or the book's network2.py JSON. No pickle.

Two formats:

- ``.npz`` (numpy's zip of arrays), bpcore's own format: ``w2 .. wL`` and ``b2 .. bL``
  exactly as ``net.weights``/``net.biases`` (w^l has shape ``(n_l, n_{l-1})``, b^l
  ``(n_l, 1)``), and ``meta``, a JSON string with the sizes, the activation of each
  layer, the cost, the float type and the format version. It holds any network of
  named activations and costs. Read by :class:`bpcore.npz.NpzReader`: names first,
  then each array's header, then its data, never pickle.
- ``.json``: the format of the book's ``network2.py``, ``{"sizes", "weights",
  "biases", "cost": "QuadraticCost" | "CrossEntropyCost"}`` with weights and biases
  as nested lists, plus keys that network2 ignores (``"activations"``, ``"dtype"``).
  So a file saved here loads in network2.py as the same network, and a file saved by
  network2.py loads here (its network is all sigmoid). Because network2 reads every
  layer as sigmoid and knows two costs, only such networks are saved as ``.json``
  (see :func:`bpcore.saved.check_network2`).

The book's network.py pickles nothing, and network2.py writes JSON; pickle is not used
here either, because loading a pickle can run any code the file names. Only named
activations and costs are saved: a reader's own function is code, not data.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import numpy as np

from bpcore.backprop import NetworkLike
from bpcore.files import MAX_JSON_NETWORK_BYTES, MAX_NETWORK_BYTES, open_regular, parse_json
from bpcore.network import Network
from bpcore.npz import NpzReader
from bpcore.saved import (
    COST_TO_NETWORK2,
    FORMAT,
    VERSION,
    activation_names,
    check_arrays,
    check_network2,
    check_sizes,
    cost_name,
    describe,
)

Array = np.ndarray

SUFFIXES = (".npz", ".json")


def _resolve(path: str | os.PathLike) -> Path:
    return Path(os.path.expanduser(os.fspath(path))).absolute()


# --- what a network must look like to be saved or loaded ------------------------------------
def _network(
    source: str,
    sizes: object,
    weights: object,
    biases: object,
    activations: object,
    cost: object,
    dtype: object = "float64",
) -> Network:
    """A Network from validated parts (checked here so that errors name the file's fields)."""
    if dtype not in ("float64", "float32"):
        raise ValueError(
            f"{source}: field 'dtype': expected float64 or float32, found {dtype!r:.80}"
        )
    sizes = check_sizes(source, sizes)
    weights = check_arrays(source, sizes, "weights", weights, False, np.dtype(dtype))
    biases = check_arrays(source, sizes, "biases", biases, True, np.dtype(dtype))
    activations = activation_names(source, activations, len(sizes))
    return Network.from_parameters(
        weights, biases, activation=activations, cost=cost_name(source, cost), dtype=dtype
    )


# --- save ---------------------------------------------------------------------------------
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_atomically(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Call ``write(file)`` on a temporary file next to ``path``, then rename it over ``path``.

    A crash midway leaves the old file (or none), never half a file.
    """
    if not path.parent.is_dir():
        raise FileNotFoundError(f"{path}: the directory {path.parent} does not exist")
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private (0600)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def save(net: NetworkLike, path: str | os.PathLike) -> Path:
    """Save ``net`` to ``path`` (``.npz`` or ``.json``, chosen by the suffix); returns the path.

    ``.npz`` is bpcore's own format and keeps everything. ``.json`` is the book's
    network2.py format (plus keys network2 ignores), so network2's ``load`` reads it
    too; it therefore takes only what network2 can read back as the same network:
    sigmoid layers and the quadratic or cross-entropy cost. Parameters must be all
    float64 or all float32 (what :func:`load` gives back). Raises ValueError for another
    suffix, for a network the format cannot hold, or when a layer's activation or the
    cost is not a named one (a reader's own function).
    """
    path = _resolve(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(
            f"{path}: expected a file name ending in one of {SUFFIXES}, got {suffix!r}"
        )
    meta = describe(net)
    if suffix == ".json":
        check_network2(meta)
    if suffix == ".npz":
        arrays = {"meta": np.array(json.dumps(meta))}
        arrays |= {f"w{layer}": w for layer, w in enumerate(net.weights, start=2)}
        arrays |= {f"b{layer}": b for layer, b in enumerate(net.biases, start=2)}
        _write_atomically(path, lambda file: np.savez(file, **arrays))  # type: ignore[arg-type]
    else:
        content = {
            "sizes": meta["sizes"],
            "weights": [w.tolist() for w in net.weights],
            "biases": [b.tolist() for b in net.biases],
            "cost": COST_TO_NETWORK2[meta["cost"]],
            "activations": meta["activations"],
            "format": FORMAT,
            "version": VERSION,
            "dtype": meta["dtype"],
        }
        text = json.dumps(content).encode("utf-8")
        if len(text) > MAX_JSON_NETWORK_BYTES:
            raise ValueError(
                f"net: as JSON it takes {len(text):,} bytes, more than the "
                f"{MAX_JSON_NETWORK_BYTES:,} bpcore loads back as JSON; save it as .npz"
            )
        _write_atomically(path, lambda file: file.write(text))
    return path


# --- load ---------------------------------------------------------------------------------
_MEMBER = re.compile(r"meta|[wb][1-9][0-9]{0,5}")
_META_LIMIT = 1 << 16  # characters of the 'meta' JSON string; bpcore writes a few hundred


def _npz_meta(archive: NpzReader) -> dict:
    """The 'meta' member of a bpcore .npz: its JSON string, read and checked."""
    shape, _, dtype = archive.header("meta")
    if shape != () or dtype.kind != "U" or dtype.itemsize > 4 * _META_LIMIT:
        raise archive._error(
            f"member 'meta' is a {dtype} array of shape {shape}, not a JSON string"
        )
    text = str(archive.array("meta", shape, False, dtype, 4 * _META_LIMIT)[()])
    meta = parse_json(text.encode("utf-8"), f"{archive.source}: field 'meta'", "a JSON object")
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ValueError(
            f"{archive.source}: field 'meta': expected format {FORMAT!r}, found {meta!r:.200}"
        )
    if meta.get("version") != VERSION:
        raise ValueError(
            f"{archive.source}: field 'meta': expected format version {VERSION}, "
            f"found {meta.get('version')!r:.50}"
        )
    return meta


def _npz_arrays(archive: NpzReader, sizes: list[int], prefix: str) -> list[Array]:
    """w^2..w^L or b^2..b^L: each header checked against ``sizes`` before its data is read."""
    arrays = []
    for layer in range(2, len(sizes) + 1):
        name = f"{prefix}{layer}"
        expected = (sizes[layer - 1], 1 if prefix == "b" else sizes[layer - 2])
        shape, fortran, dtype = archive.header(name)
        kind = "biases" if prefix == "b" else "weights"
        field = f"{archive.source}: field '{kind}', layer l = {layer}"
        if dtype.kind not in "fiu" or dtype.fields is not None or dtype.subdtype is not None:
            raise ValueError(f"{field}: expected real numbers, found dtype {dtype}")
        if shape != expected:
            raise ValueError(f"{field}: expected shape {expected}, found {shape}")
        arrays.append(archive.array(name, shape, fortran, dtype, MAX_NETWORK_BYTES))
    return arrays


def _load_npz(file: IO[bytes], source: str) -> Network:
    """A network from bpcore's .npz: names first, then 'meta', then each header, then data."""
    archive = NpzReader(file, source)
    try:
        unexpected = sorted(name for name in archive.names if not _MEMBER.fullmatch(name))
        if unexpected:
            raise ValueError(
                f"{source}: expected only the arrays 'meta', 'w2'.. and 'b2'.. of bpcore.save, "
                f"found {unexpected} as well (none of them was read)"
            )
        if "meta" not in archive.names:
            raise ValueError(
                f"{source}: expected an array 'meta' (saved by bpcore.save), found none "
                f"among {sorted(archive.names)}"
            )
        meta = _npz_meta(archive)
        sizes = check_sizes(source, meta.get("sizes"))
        expected = {"meta"} | {f"{p}{layer}" for p in "wb" for layer in range(2, len(sizes) + 1)}
        if archive.names != expected:
            raise ValueError(
                f"{source}: expected arrays {sorted(expected - {'meta'})} for sizes {sizes}, "
                f"found {sorted(archive.names - {'meta'})}"
            )
        weights, biases = _npz_arrays(archive, sizes, "w"), _npz_arrays(archive, sizes, "b")
    finally:
        archive.close()
    return _network(
        source,
        sizes,
        weights,
        biases,
        meta.get("activations"),
        meta.get("cost"),
        meta.get("dtype", "float64"),
    )


def _load_json(file: IO[bytes], source: str) -> Network:
    size = os.fstat(file.fileno()).st_size
    if size > MAX_JSON_NETWORK_BYTES:
        raise ValueError(
            f"{source}: expected a JSON network of at most {MAX_JSON_NETWORK_BYTES:,} bytes, "
            f"found {size:,} (not a network, or larger than bpcore loads as JSON: save "
            "large networks as .npz)"
        )
    content = parse_json(
        file.read(MAX_JSON_NETWORK_BYTES + 1),
        source,
        "a JSON network (bpcore.save or the book's network2.py)",
    )
    if not isinstance(content, dict):
        raise ValueError(f"{source}: expected a JSON object, found {type(content).__name__}")
    missing = [key for key in ("sizes", "weights", "biases", "cost") if key not in content]
    if missing:
        raise ValueError(
            f"{source}: expected the fields 'sizes', 'weights', 'biases' and 'cost' "
            f"(network2.py's format), missing {', '.join(repr(key) for key in missing)}"
        )
    sizes = check_sizes(source, content["sizes"])
    # network2.py's networks are sigmoid throughout and write no "activations".
    activations = content.get("activations", ["sigmoid"] * (len(sizes) - 1))
    return _network(
        source,
        sizes,
        content["weights"],
        content["biases"],
        activations,
        content["cost"],
        content.get("dtype", "float64"),
    )


def load(path: str | os.PathLike) -> Network:
    """The Network saved in ``path`` by :func:`save`, or by the book's network2.py ``save``.

    The format is read from the file's first bytes (a zip archive is ``.npz``, anything
    else is parsed as JSON), so network2 files with any name load. Everything is
    checked, and checked before it is allocated: that the path is a regular file (not
    a FIFO or a device, which would block), the archive's member names, each array's
    declared dtype and shape against the sizes, the file's size against
    :data:`bpcore.files.MAX_NETWORK_BYTES`, finite values after the cast to the
    network's float type, activation and cost names. A problem raises ValueError
    naming the file, the field, what was expected and what was found.
    """
    path = _resolve(path)
    if not os.path.lexists(path):
        raise FileNotFoundError(f"no saved network at {path}")
    with open_regular(path, "a saved network") as file:
        start = file.read(4)
        file.seek(0)
        if start.startswith(b"PK"):
            return _load_npz(file, str(path))
        if path.suffix.lower() == ".npz":
            raise ValueError(
                f"{path}: expected an .npz archive (a zip file starting with 'PK'), "
                f"found bytes {start.hex(' ') or 'nothing (empty file)'}"
            )
        return _load_json(file, str(path))
