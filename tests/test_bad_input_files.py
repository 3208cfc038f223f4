"""Bad files get a clear error naming the file, and nothing changes: the files' table.

Built like tests/test_bad_input.py's table: each row calls bpcore with one bad file or
argument, and names the exception and a pattern its message must match (the file or the
argument, what was expected and what came). After every failed call the network's
parameters are compared with a snapshot taken before, and no file was left behind (no
temporary file, nothing in the download cache, no saved network).

The rows follow issue 12's classes: files are bounded before anything is allocated
(pickle, gzip, IDX, .npz), only regular files are read, IDX files must agree, newer
pickles load but nothing else runs, JSON is bounded, and networks never hold nonsense
(the float type's range, what network2.py can read back).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import struct
import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest

import bpcore as bp
from bpcore import mnist

# --- helpers: the snapshot (as in tests/test_bad_input.py) ---------------------------------------


def _snapshot(net):
    return (
        [p.copy() for p in net.weights],
        [p.copy() for p in net.biases],
        list(net.sizes),
        [f.name for f in net.activation_functions],
        net.cost_function.name,
    )


def _assert_unchanged(net, snapshot):
    weights, biases, sizes, activations, cost = snapshot
    assert len(net.weights) == len(weights) and len(net.biases) == len(biases)
    for now, before in zip(net.weights + net.biases, weights + biases, strict=True):
        assert now.dtype == before.dtype
        np.testing.assert_array_equal(now, before)
    assert net.sizes == sizes
    assert [f.name for f in net.activation_functions] == activations
    assert net.cost_function.name == cost


# --- helpers: files that are not regular ----------------------------------------------------------
def _fifo(tmp: Path, name: str) -> Path:
    path = tmp / name
    os.mkfifo(path)
    return path


def _within(call, seconds=10.0):
    """``call()`` in a thread: its result or its exception, or a failure if it blocks."""
    outcome = {}

    def run():
        try:
            outcome["value"] = call()
        except BaseException as error:  # noqa: BLE001 (handed to the caller)
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise AssertionError(f"blocked for {seconds} s (reading a FIFO or device?)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def _device(name: str) -> Path:
    path = Path("/dev") / name
    if not path.exists():
        pytest.skip(f"no {path} here")
    return path


def _idx_folder(tmp: Path, **replace: bytes) -> Path:
    """A folder of the four tiny IDX files, with some replaced by the bytes given (by key)."""
    rng = np.random.default_rng(0)
    arrays = {
        "train_images": rng.integers(0, 256, (30, 4, 4)),
        "train_labels": np.arange(30) % 10,
        "test_images": rng.integers(0, 256, (12, 4, 4)),
        "test_labels": np.arange(12) % 10,
    }
    folder = tmp / "idx"
    folder.mkdir(exist_ok=True)
    for key, name in mnist.IDX_FILES.items():
        data = replace.get(key, _idx(arrays[key]))
        (folder / f"{name}.gz").write_bytes(gzip.compress(data))
    return folder


def _idx(array: np.ndarray, magic: int | None = None) -> bytes:
    magic = 0x800 + array.ndim if magic is None else magic
    return struct.pack(f">{1 + array.ndim}I", magic, *array.shape) + array.astype("u1").tobytes()


def _idx_header(*shape: int, magic: int | None = None) -> bytes:
    magic = 0x800 + len(shape) if magic is None else magic
    return struct.pack(f">{1 + len(shape)}I", magic, *shape)


def _zeros_gz(megabytes: int) -> bytes:
    """Gzip members of 16 MiB of zeros each: ``megabytes`` MiB that fit in a few hundred KB."""
    member = gzip.compress(bytes(1 << 24), compresslevel=9, mtime=0)
    return member * (megabytes // 16)


def _write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


def _gz(tmp: Path, name: str, data: bytes) -> Path:
    return _write(tmp, name, gzip.compress(data, mtime=0))


# --- helpers: pickles written opcode by opcode ----------------------------------------------------
def _global(module: str, name: str) -> bytes:
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def _int(n: int) -> bytes:  # LONG1: any size
    raw = n.to_bytes((n.bit_length() + 8) // 8, "little", signed=True)
    return b"\x8a" + bytes([len(raw)]) + raw


def _text(s: str) -> bytes:  # BINUNICODE
    return b"X" + struct.pack("<I", len(s.encode())) + s.encode()


def _raw(data: bytes) -> bytes:  # BINBYTES
    return b"B" + struct.pack("<I", len(data)) + data


def _tuple(*items: bytes) -> bytes:
    return b"(" + b"".join(items) + b"t"


def _call(function: bytes, *arguments: bytes) -> bytes:
    return function + _tuple(*arguments) + b"R"


def _pickle(body: bytes) -> bytes:
    return b"\x80\x02" + body + b"."


RECONSTRUCT = _global("numpy._core.multiarray", "_reconstruct")
FROMBUFFER = _global("numpy._core.numeric", "_frombuffer")
NDARRAY = _global("numpy", "ndarray")
F8 = _call(_global("numpy", "dtype"), _text("f8"), _int(0), _int(1))
EMPTY = _call(RECONSTRUCT, NDARRAY, _tuple(_int(0)), _raw(b"b"))


def _array_with_state(shape: tuple[int, ...], data: bytes, dtype: bytes = F8) -> bytes:
    state = _tuple(_int(1), _tuple(*map(_int, shape)), dtype, b"\x89", _raw(data))
    return EMPTY + state + b"b"


def _mnist_pickle(tmp: Path, body: bytes) -> Path:
    return _gz(tmp, "mnist.pkl.gz", _pickle(body))


# --- helpers: networks and their files ------------------------------------------------------------
def _network2_json(tmp: Path, name="net.json", text: str | None = None, **changes) -> Path:
    net = bp.Network([3, 4, 2], seed=0)
    content = {
        "sizes": net.sizes,
        "weights": [w.tolist() for w in net.weights],
        "biases": [b.tolist() for b in net.biases],
        "cost": "QuadraticCost",
    }
    content.update(changes)
    return _write(tmp, name, (text if text is not None else json.dumps(content)).encode())


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def _npy_header(shape, descr="<f8", fortran=False) -> bytes:
    buffer = io.BytesIO()
    header = {"descr": descr, "fortran_order": fortran, "shape": tuple(shape)}
    np.lib.format.write_array_header_1_0(buffer, header)
    return buffer.getvalue()


def _meta(**changes) -> bytes:
    meta = {
        "format": "bpcore-network",
        "version": 1,
        "sizes": [3, 4, 2],
        "activations": ["sigmoid", "sigmoid"],
        "cost": "quadratic",
        "dtype": "float64",
    }
    meta.update(changes)
    return _npy(np.array(json.dumps(meta)))


def _npz(tmp: Path, members=None, compression=zipfile.ZIP_STORED, **replace) -> Path:
    """bpcore's .npz of Network([3, 4, 2]), member bytes replaced by keyword (None: removed)."""
    net = bp.Network([3, 4, 2], seed=0)
    content = {"meta": _meta()}
    content |= {f"w{layer}": _npy(w) for layer, w in enumerate(net.weights, start=2)}
    content |= {f"b{layer}": _npy(b) for layer, b in enumerate(net.biases, start=2)}
    content |= replace
    path = tmp / "net.npz"
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in (members or content).items():
            if data is not None:
                archive.writestr(name if "." in name else f"{name}.npy", data)
    return path


def _nested(depth: int) -> list:
    value: object = 0.0
    for _ in range(depth):
        value = [value]
    return value  # type: ignore[return-value]


def _sparse(tmp: Path, name: str, size: int) -> Path:
    """A file of ``size`` bytes (zeros) that takes no room on disk."""
    path = tmp / name
    with open(path, "wb") as file:
        file.truncate(size)
    return path


def _net_with(**parameters):
    net = bp.Network([3, 4, 2], seed=0)
    for name, value in parameters.items():
        setattr(net, name, value)
    return net


def _twice_named(tmp: Path) -> Path:
    path = tmp / "net.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("meta.npy", _meta())
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("meta.npy", _meta())
    return path


def _closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: a connection there is refused."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CLOSED = f"http://127.0.0.1:{_closed_port()}/"
SHA = "ab" * 32


ROWS = [
    # --- only regular files are read: a FIFO or a device would block or never end ----------------
    (
        "MNIST path is a FIFO",
        lambda n, t: _within(lambda: bp.load_mnist(_fifo(t, "mnist.pkl.gz"))),
        ValueError,
        r"mnist\.pkl\.gz: expected the book's mnist\.pkl\.gz .*\(a regular file\), found a FIFO",
    ),
    (
        "MNIST folder with a FIFO for mnist.pkl.gz",
        lambda n, t: _within(lambda: bp.load_mnist(_fifo(t, "mnist.pkl.gz").parent)),
        ValueError,
        r"mnist\.pkl\.gz: expected the book's MNIST pickle \(a regular file\), found a FIFO",
    ),
    (
        "IDX folder with a FIFO for an IDX file",
        lambda n, t: _within(
            lambda: bp.load_mnist(_fifo(t, "train-images-idx3-ubyte").parent, validation_size=5)
        ),
        ValueError,
        r"train-images-idx3-ubyte: expected IDX file \(a regular file\), found a FIFO",
    ),
    (
        "IDX folder with a FIFO for a gzipped IDX file",
        lambda n, t: _within(
            lambda: bp.load_mnist(_fifo(t, "t10k-labels-idx1-ubyte.gz").parent, validation_size=5)
        ),
        ValueError,
        r"t10k-labels-idx1-ubyte\.gz: expected IDX file \(a regular file\), found a FIFO",
    ),
    (
        "IDX folder with a folder for an IDX file",
        lambda n, t: bp.load_mnist((t / "train-labels-idx1-ubyte").mkdir() or t, validation_size=5),
        ValueError,
        r"train-labels-idx1-ubyte: expected IDX file \(a regular file\), found a directory",
    ),
    (
        "MNIST path is /dev/zero",
        lambda n, t: _within(lambda: bp.load_mnist(_device("zero"))),
        ValueError,
        r"/dev/zero: expected the book's mnist\.pkl\.gz .*found a character device",
    ),
    (
        "network path is a FIFO (.npz)",
        lambda n, t: _within(lambda: bp.load(_fifo(t, "net.npz"))),
        ValueError,
        r"net\.npz: expected a saved network \(a regular file\), found a FIFO",
    ),
    (
        "network path is a FIFO (.json)",
        lambda n, t: _within(lambda: bp.load(_fifo(t, "net.json"))),
        ValueError,
        r"net\.json: expected a saved network \(a regular file\), found a FIFO",
    ),
    (
        "network path is a link to a FIFO",
        lambda n, t: _within(
            lambda: bp.load(os.symlink(_fifo(t, "pipe"), t / "net.json") or t / "net.json")
        ),
        ValueError,
        r"net\.json: expected a saved network \(a regular file\), found a FIFO",
    ),
    (
        "network path is /dev/zero",
        lambda n, t: _within(lambda: bp.load(_device("zero"))),
        ValueError,
        r"/dev/zero: expected a saved network \(a regular file\), found a character device",
    ),
    (
        "network path is a folder",
        lambda n, t: bp.load(t),
        ValueError,
        r": expected a saved network \(a regular file\), found a directory",
    ),
    # --- the book's pickle: nothing a file declares is allocated before its bytes are read -------
    (
        "pickle: _reconstruct asked for 20 GiB",
        lambda n, t: bp.load_mnist(
            _mnist_pickle(t, _call(RECONSTRUCT, NDARRAY, _tuple(_int(20 << 30)), _raw(b"b")))
        ),
        ValueError,
        r"mnist\.pkl\.gz: expected the book's mnist\.pkl\.gz .*, but expected "
        r"_reconstruct\(numpy\.ndarray, \(0,\), b'b'\) as numpy writes it",
    ),
    (
        "pickle: _reconstruct of another type",
        lambda n, t: bp.load_mnist(
            _mnist_pickle(t, _call(RECONSTRUCT, F8, _tuple(_int(0)), _raw(b"b")))
        ),
        ValueError,
        r"expected _reconstruct\(numpy\.ndarray, \(0,\), b'b'\)",
    ),
    (
        "pickle: numpy.ndarray called for 10**10 elements",
        lambda n, t: bp.load_mnist(_mnist_pickle(t, _call(NDARRAY, _tuple(_int(10**10))))),
        ValueError,
        r"mnist\.pkl\.gz: .*numpy\.ndarray may only be named as the type for _reconstruct",
    ),
    (
        "pickle: array state declares 10**10 floats for 3 bytes",
        lambda n, t: bp.load_mnist(_mnist_pickle(t, _array_with_state((10**10,), b"abc"))),
        ValueError,
        r"an array of shape \(10000000000,\) and dtype float64 needs 80,000,000,000 bytes, "
        r"but its data has 3",
    ),
    (
        "pickle: array state with a negative size",
        lambda n, t: bp.load_mnist(_mnist_pickle(t, _array_with_state((-1,), b""))),
        ValueError,
        r"expected a shape \(a tuple of sizes\), got \(-1,\)",
    ),
    (
        "pickle: protocol-5 _frombuffer declares more than its bytes",
        lambda n, t: bp.load_mnist(
            _mnist_pickle(
                t, _call(FROMBUFFER, _raw(b"12345678"), F8, _tuple(_int(10**9)), _text("C"))
            )
        ),
        ValueError,
        r"an array of shape \(1000000000,\) and dtype float64 needs 8,000,000,000 bytes, "
        r"but its data has 8",
    ),
    (
        "pickle: protocol-5 _frombuffer with order X",
        lambda n, t: bp.load_mnist(
            _mnist_pickle(t, _call(FROMBUFFER, _raw(b"12345678"), F8, _tuple(_int(1)), _text("X")))
        ),
        ValueError,
        r"expected the order 'C' or 'F', got 'X'",
    ),
    (
        "pickle: an object dtype",
        lambda n, t: bp.load_mnist(
            _mnist_pickle(t, _call(_global("numpy", "dtype"), _text("O"), _int(0), _int(1)))
        ),
        ValueError,
        r"expected a numeric dtype \(bool, int, uint or float\), got object",
    ),
    (
        "pickle: a 100 MB void dtype",
        lambda n, t: bp.load_mnist(
            _mnist_pickle(t, _call(_global("numpy", "dtype"), _text("V100000000")))
        ),
        ValueError,
        r"expected a numeric dtype \(bool, int, uint or float\), got \|V100000000",
    ),
    (
        "pickle: a dtype state with fields",
        lambda n, t: bp.load_mnist(
            _mnist_pickle(
                t, F8 + _tuple(_int(3), _text("<"), b"N", _tuple(_text("a")), b"N") + b"b"
            )
        ),
        ValueError,
        r"expected the state of a plain numeric dtype",
    ),
    (
        "pickle: a bytearray that declares 1 TiB",
        lambda n, t: bp.load_mnist(
            _mnist_pickle(t, b"\x96" + struct.pack("<Q", 1 << 40) + b"tiny")
        ),
        ValueError,
        r"a bytearray declares 1,099,511,627,776 bytes, more than the file holds",
    ),
    (
        "pickle: bytes that declare 4 EiB",
        lambda n, t: bp.load_mnist(_mnist_pickle(t, b"\x8e" + struct.pack("<Q", 1 << 62))),
        ValueError,
        r"mnist\.pkl\.gz: expected the book's mnist\.pkl\.gz .*, but reading it failed",
    ),
    (
        "pickle: a frame that declares 1 TiB (nothing allocated; what follows is read)",
        lambda n, t: bp.load_mnist(
            _gz(t, "mnist.pkl.gz", b"\x80\x04\x95" + struct.pack("<Q", 1 << 40) + b"N.")
        ),
        ValueError,
        r"mnist\.pkl\.gz: expected a tuple \(training, validation, test\) .*, found NoneType",
    ),
    (
        "pickle: out-of-band buffer",
        lambda n, t: bp.load_mnist(_gz(t, "mnist.pkl.gz", b"\x80\x05\x97.")),
        ValueError,
        r"the opcode NEXT_BUFFER \(out-of-band buffers cannot be stored in a file\)",
    ),
    (
        "pickle: INST opcode",
        lambda n, t: bp.load_mnist(_mnist_pickle(t, b"(ios\nsystem\n")),
        ValueError,
        r"uses the opcode INST, which no MNIST pickle needs",
    ),
    (
        "pickle: a dict",
        lambda n, t: bp.load_mnist(_mnist_pickle(t, b"}")),
        ValueError,
        r"uses the opcode EMPTY_DICT, which no MNIST pickle needs",
    ),
    (
        "pickle: 20,000 opcodes",
        lambda n, t: bp.load_mnist(_mnist_pickle(t, b"(" + b"N" * 20_000 + b"l")),
        ValueError,
        r"the pickle runs more than 10,000 opcodes",
    ),
    (
        "pickle: 30 levels of one shared pair (2**30 leaves if each share were copied)",
        lambda n, t: bp.load_mnist(_mnist_pickle(t, b")" + b"2\x86" * 30)),
        ValueError,
        r"expected a tuple \(training, validation, test\) .*, found tuple of length 2",
    ),
    (
        "pickle: tuples nested 40 deep",
        lambda n, t: bp.load_mnist(_mnist_pickle(t, b"(" * 40 + b"N" + b"t" * 40)),
        ValueError,
        r"tuples and lists nest more than 32 levels deep",
    ),
    (
        "pickle: a list that contains itself",
        lambda n, t: bp.load_mnist(_mnist_pickle(t, b"]2a")),
        ValueError,
        r"a tuple or list contains itself",
    ),
    (
        "pickle: state set on a list",
        lambda n, t: bp.load_mnist(_mnist_pickle(t, b"]" + _tuple(_int(1)) + b"b")),
        ValueError,
        r"the pickle sets the state of a list",
    ),
    (
        "pickle: lists nested 4,000 deep",
        lambda n, t: bp.load_mnist(_mnist_pickle(t, b"]" * 4000 + b"a" * 3999)),
        ValueError,
        r"tuples and lists nest more than 32 levels deep",
    ),
    (
        "pickle: _codecs.encode to utf-8",
        lambda n, t: bp.load_mnist(
            _mnist_pickle(t, _call(_global("_codecs", "encode"), _text("x"), _text("utf-8")))
        ),
        ValueError,
        r"expected _codecs\.encode\(str, 'latin1'\), got encoding 'utf-8'",
    ),
    (
        "pickle: numpy.load named",
        lambda n, t: bp.load_mnist(_mnist_pickle(t, _call(_global("numpy", "load"), _text("x")))),
        ValueError,
        r"refusing to unpickle the global numpy\.load",
    ),
    (
        "pickle: a gzip bomb (400 MB of zeros in 400 KB)",
        lambda n, t: bp.load_mnist(
            _write(
                t,
                "mnist.pkl.gz",
                gzip.compress(b"\x80\x02B\xff\xff\xff\xff", mtime=0) + _zeros_gz(400),
            )
        ),
        ValueError,
        r"mnist\.pkl\.gz: decompresses to more than 320,000,000 bytes, more than bpcore reads "
        r"from one file \(the book's MNIST pickle\); .* decompression bomb",
    ),
    (
        "pickle: corrupt gzip",
        lambda n, t: bp.load_mnist(
            _write(t, "mnist.pkl.gz", gzip.compress(_pickle(_raw(os.urandom(5000))))[:-2000])
        ),
        ValueError,
        r"reading it failed: corrupt or truncated data",
    ),
    (
        "pickle: an array of strings",
        lambda n, t: bp.load_mnist(
            _mnist_pickle(t, _call(_global("numpy", "dtype"), _text("U8"), _int(0), _int(1)))
        ),
        ValueError,
        r"expected a numeric dtype \(bool, int, uint or float\), got <U8",
    ),
    (
        "pickle: three splits of which one has boolean pixels",
        lambda n, t: bp.load_mnist(
            _gz(
                t,
                "mnist.pkl.gz",
                __import__("pickle").dumps(
                    tuple((np.ones((2, 4), bool), np.zeros(2, int)) for _ in range(3)), protocol=5
                ),
            )
        ),
        ValueError,
        r"training: expected numeric pixels, got dtype bool",
    ),
    # --- IDX: the header first, checked against the cap and the file -----------------------------
    (
        "IDX header declares 10 GB of images",
        lambda n, t: bp.load_mnist(
            _idx_folder(t, train_images=_idx_header(100_000, 1000, 100) + b"\0" * 64)
        ),
        ValueError,
        r"train-images-idx3-ubyte\.gz: the header declares images of shape \(100000, 1000, 100\), "
        r"10,000,000,000 bytes of data; MNIST's largest file holds 47,040,000",
    ),
    (
        "IDX header dimensions that overflow int64",
        lambda n, t: bp.load_mnist(
            _idx_folder(t, test_images=_idx_header(2**32 - 1, 2**32 - 1, 2**32 - 1))
        ),
        ValueError,
        r"t10k-images-idx3-ubyte\.gz: the header declares images of shape "
        r"\(4294967295, 4294967295, 4294967295\), [\d,]{38} bytes of data; MNIST's largest",
    ),
    (
        "IDX header with a zero size",
        lambda n, t: bp.load_mnist(_idx_folder(t, train_images=_idx_header(30, 0, 4))),
        ValueError,
        r"train-images-idx3-ubyte\.gz: expected images of positive sizes "
        r"\(images, rows, columns\), the header declares \(30, 0, 4\)",
    ),
    (
        "IDX header cut short",
        lambda n, t: bp.load_mnist(_idx_folder(t, test_labels=b"\0\0\x08\x01\0\0")),
        ValueError,
        r"t10k-labels-idx1-ubyte\.gz: expected 4 bytes of IDX header \(labels sizes\), found 2",
    ),
    (
        "IDX labels with the images' magic",
        lambda n, t: bp.load_mnist(_idx_folder(t, test_labels=_idx(np.zeros((12, 4, 4))))),
        ValueError,
        r"t10k-labels-idx1-ubyte\.gz: expected IDX magic 2049 for labels, got 2051",
    ),
    (
        "IDX gzipped data shorter than the header says",
        lambda n, t: bp.load_mnist(
            _idx_folder(t, train_images=_idx_header(30, 4, 4) + b"\0" * 100)
        ),
        ValueError,
        r"train-images-idx3-ubyte\.gz: expected 480 bytes of data for images of shape "
        r"\(30, 4, 4\), found 100 \(truncated",
    ),
    (
        "IDX gzipped data longer than the header says",
        lambda n, t: bp.load_mnist(
            _idx_folder(t, train_images=_idx_header(30, 4, 4) + b"\0" * 481)
        ),
        ValueError,
        r"expected 480 bytes of data for images of shape \(30, 4, 4\), found more after them",
    ),
    (
        "IDX uncompressed file shorter than the header says",
        lambda n, t: bp.load_mnist(
            _write(
                _idx_folder(t),
                "t10k-images-idx3-ubyte",
                _idx_header(12, 4, 4) + b"\0" * 10,
            ).parent
        ),
        ValueError,
        r"t10k-images-idx3-ubyte: expected 192 bytes of data for images of shape \(12, 4, 4\), "
        r"found 10",
    ),
    (
        "IDX gzip bomb after a valid header",
        lambda n, t: bp.load_mnist(
            _write(
                _idx_folder(t),
                "t10k-labels-idx1-ubyte.gz",
                gzip.compress(_idx(np.zeros(12))) + _zeros_gz(400),
            ).parent
        ),
        ValueError,
        r"t10k-labels-idx1-ubyte\.gz: expected 12 bytes of data for labels of shape \(12,\), "
        r"found more after them",
    ),
    (
        "IDX test images larger than the training images",
        lambda n, t: bp.load_mnist(
            _idx_folder(t, test_images=_idx(np.zeros((12, 5, 5)))), validation_size=5
        ),
        ValueError,
        r"t10k-images-idx3-ubyte\.gz: expected images of 4×4 pixels like those of "
        r"train-images-idx3-ubyte\.gz, found 5×5",
    ),
    (
        "IDX test images of another shape with the same pixel count",
        lambda n, t: bp.load_mnist(
            _idx_folder(t, test_images=_idx(np.zeros((12, 2, 8)))), validation_size=5
        ),
        ValueError,
        r"expected images of 4×4 pixels like those of train-images-idx3-ubyte\.gz, found 2×8",
    ),
    (
        "IDX labels up to 255",
        lambda n, t: bp.load_mnist(_idx_folder(t, train_labels=_idx(np.full(30, 255)))),
        ValueError,
        r"train-labels-idx1-ubyte\.gz: labels: expected labels 0\.\.9, found 255\.\.255",
    ),
    (
        "IDX file with a bad gzip checksum",
        lambda n, t: bp.load_mnist(
            _write(
                _idx_folder(t),
                "train-labels-idx1-ubyte.gz",
                gzip.compress(_idx(np.zeros(30)))[:-8] + b"\0" * 8,
            ).parent
        ),
        ValueError,
        r"train-labels-idx1-ubyte\.gz: corrupt or truncated data \(BadGzipFile: CRC check failed",
    ),
    (
        "IDX .gz name on plain bytes",
        lambda n, t: bp.load_mnist(
            _write(_idx_folder(t), "train-labels-idx1-ubyte.gz", _idx(np.zeros(30))).parent
        ),
        ValueError,
        r"train-labels-idx1-ubyte\.gz: expected a gzip file \(starting with bytes 1f 8b\), "
        r"found bytes 00 00",
    ),
    # --- .npz: member names first, each header before its data -----------------------------------
    (
        "npz member declares 10**12 floats",
        lambda n, t: bp.load(
            _npz(
                t,
                meta=_meta(sizes=[1_000_000, 1_000_000]),
                w2=_npy_header((1_000_000, 1_000_000)) + b"\0" * 8,
                b2=_npy_header((1_000_000, 1)),
                w3=None,
                b3=None,
            )
        ),
        ValueError,
        r"net\.npz: expected an \.npz archive saved by bpcore\.save, but its arrays declare more "
        r"than 320,000,000 bytes, more than bpcore loads \(member 'w2' declares shape "
        r"\(1000000, 1000000\)\)",
    ),
    (
        "npz member declares more than it holds",
        lambda n, t: bp.load(_npz(t, w3=_npy_header((2, 4)) + b"\0" * 8)),
        ValueError,
        r"net\.npz: .*member 'w3' declares shape \(2, 4\) \(64 bytes of float64\), but the "
        r"archive records \d+ bytes for it",
    ),
    (
        "npz deflated member declares more than it holds",
        lambda n, t: bp.load(
            _npz(t, compression=zipfile.ZIP_DEFLATED, b2=_npy_header((4, 1)) + b"\0" * 8)
        ),
        ValueError,
        r"member 'b2' declares shape \(4, 1\) \(32 bytes of float64\), but the archive records",
    ),
    (
        "npz member of the wrong shape",
        lambda n, t: bp.load(_npz(t, w2=_npy(np.zeros((3, 4))))),
        ValueError,
        r"net\.npz: field 'weights', layer l = 2: expected shape \(4, 3\), found \(3, 4\)",
    ),
    (
        "npz member of objects (pickled)",
        lambda n, t: bp.load(_npz(t, b3=_npy(np.array([[None], [1]], dtype=object)))),
        ValueError,
        r"net\.npz: field 'biases', layer l = 3: expected real numbers, found dtype object",
    ),
    (
        "npz member of complex numbers",
        lambda n, t: bp.load(_npz(t, w3=_npy(np.zeros((2, 4), complex)))),
        ValueError,
        r"field 'weights', layer l = 3: expected real numbers, found dtype complex128",
    ),
    (
        "npz member of booleans",
        lambda n, t: bp.load(_npz(t, b2=_npy(np.ones((4, 1), bool)))),
        ValueError,
        r"field 'biases', layer l = 2: expected real numbers, found dtype bool",
    ),
    (
        "npz member of a structured dtype",
        lambda n, t: bp.load(_npz(t, b2=_npy(np.zeros((4, 1), [("a", "f8")])))),
        ValueError,
        r"field 'biases', layer l = 2: expected real numbers, found dtype \[\('a', '<f8'\)\]",
    ),
    (
        "npz with an unexpected member (never read)",
        lambda n, t: bp.load(_npz(t, evil=_npy_header((10**12,)))),
        ValueError,
        r"net\.npz: expected only the arrays 'meta', 'w2'\.\. and 'b2'\.\. of bpcore\.save, found "
        r"\['evil'\] as well \(none of them was read\)",
    ),
    (
        "npz with a member that is not .npy",
        lambda n, t: bp.load(_npz(t, **{"w2.txt": b"hello"})),
        ValueError,
        r"found \['w2\.txt'\] as well",
    ),
    (
        "npz naming a member twice",
        lambda n, t: bp.load(_twice_named(t)),
        ValueError,
        r"net\.npz: .*the archive names a member twice: \['meta\.npy', 'meta\.npy'\]",
    ),
    (
        "npz compressed with bzip2",
        lambda n, t: bp.load(_npz(t, compression=zipfile.ZIP_BZIP2)),
        ValueError,
        r"member 'meta\.npy' is not a stored or deflated \.npy file",
    ),
    (
        "npz meta of 10 million characters",
        lambda n, t: bp.load(_npz(t, meta=_npy_header((), descr="<U10000000"))),
        ValueError,
        r"net\.npz: .*member 'meta' is a <U10000000 array of shape \(\), not a JSON string",
    ),
    (
        "npz meta that is numbers",
        lambda n, t: bp.load(_npz(t, meta=_npy(np.zeros(3)))),
        ValueError,
        r"member 'meta' is a float64 array of shape \(3,\), not a JSON string",
    ),
    (
        "npz meta with NaN",
        lambda n, t: bp.load(_npz(t, meta=_npy(np.array('{"format": NaN}')))),
        ValueError,
        r"net\.npz: field 'meta': expected a JSON object, but it holds the literal NaN",
    ),
    (
        "npz meta for more layers than its arrays",
        lambda n, t: bp.load(_npz(t, meta=_meta(sizes=[3, 4, 4, 2]))),
        ValueError,
        r"expected arrays \['b2', 'b3', 'b4', 'w2', 'w3', 'w4'\] for sizes \[3, 4, 4, 2\], "
        r"found \['b2', 'b3', 'w2', 'w3'\]",
    ),
    (
        "npz header of an unknown version",
        lambda n, t: bp.load(_npz(t, w2=b"\x93NUMPY\x09\x00" + b"\0" * 20)),
        ValueError,
        r"the header of member 'w2' is unreadable \(.*9",
    ),
    (
        "npz header that is garbage",
        lambda n, t: bp.load(_npz(t, w2=b"\x93NUMPY\x01\x00\x10\x00{'descr': print()}")),
        ValueError,
        r"the header of member 'w2' is unreadable",
    ),
    (
        "npz float32 network with 1e300",
        lambda n, t: bp.load(_npz(t, meta=_meta(dtype="float32"), w2=_npy(np.full((4, 3), 1e300)))),
        ValueError,
        r"net\.npz: field 'weights', layer l = 2: expected numbers that fit float32 \(at most "
        r"3\.403e\+38 in size\), found 1e\+300 at index \(0, 0\)",
    ),
    (
        "npz float32 network with -1e39 in a bias",
        lambda n, t: bp.load(
            _npz(t, meta=_meta(dtype="float32"), b3=_npy(np.array([[0.0], [-1e39]])))
        ),
        ValueError,
        r"field 'biases', layer l = 3: expected numbers that fit float32 .*found -1e\+39 at "
        r"index \(1, 0\)",
    ),
    (
        "npz float16 network",
        lambda n, t: bp.load(_npz(t, meta=_meta(dtype="float16"))),
        ValueError,
        r"net\.npz: field 'dtype': expected float64 or float32, found 'float16'",
    ),
    # --- JSON: bounded, and no literal JSON does not know ----------------------------------------
    (
        "JSON nested 100,000 deep",
        lambda n, t: bp.load(_write(t, "net.json", b"[" * 100_000 + b"]" * 100_000)),
        ValueError,
        r"net\.json: expected a JSON network .*, but its lists or objects are nested too deeply",
    ),
    (
        "JSON weights nested 50,000 deep",
        lambda n, t: bp.load(
            _network2_json(t, text='{"sizes": [3, 2], "weights": ' + "[" * 50_000 + "]" * 50_000)
        ),
        ValueError,
        r"net\.json: .*nested too deeply to read",
    ),
    (
        "JSON weights nested 20 deep",
        lambda n, t: bp.load(_network2_json(t, weights=[_nested(20), _nested(20)])),
        ValueError,
        r"net\.json: field 'weights', layer l = 2: expected shape \(4, 3\), found \(1, 1, ",
    ),
    (
        "JSON weights nested 70 deep (more dimensions than numpy has)",
        lambda n, t: bp.load(_network2_json(t, weights=[_nested(70), _nested(70)])),
        ValueError,
        r"net\.json: field 'weights', layer l = 2: expected a \(4, 3\) array of numbers, got "
        r"ragged or nested lists",
    ),
    (
        "JSON size of 5,000 digits",
        lambda n, t: bp.load(_network2_json(t, text='{"sizes": [3, ' + "9" * 5000 + "]}")),
        ValueError,
        r"net\.json: expected a JSON network .*, but it holds an integer of 5000 digits",
    ),
    (
        "JSON weight of -5,000 digits",
        lambda n, t: bp.load(_network2_json(t, text='{"weights": [[-' + "1" * 5000 + "]]}")),
        ValueError,
        r"it holds an integer of 5000 digits \(at most 20 are read",
    ),
    (
        "JSON NaN literal",
        lambda n, t: bp.load(_network2_json(t, text='{"sizes": [3, 2], "weights": [NaN]}')),
        ValueError,
        r"net\.json: .*but it holds the literal NaN, which is not a JSON number",
    ),
    (
        "JSON Infinity literal",
        lambda n, t: bp.load(_network2_json(t, text='{"biases": [[Infinity]]}')),
        ValueError,
        r"it holds the literal Infinity, which is not a JSON number",
    ),
    (
        "JSON -Infinity literal",
        lambda n, t: bp.load(_network2_json(t, text="[-Infinity]")),
        ValueError,
        r"it holds the literal -Infinity, which is not a JSON number",
    ),
    (
        "JSON number 1e400 (infinite as a float)",
        lambda n, t: bp.load(
            _network2_json(
                t,
                text=json.dumps(
                    json.loads(_network2_json(t).read_text())
                    | {"biases": [[[0.0]] * 4, [[0.0], [0.0]]]}
                ).replace("0.0]]]", "1e400]]]"),
            )
        ),
        ValueError,
        r"field 'biases', layer l = 3: expected finite numbers, found NaN or inf at index \(1, 0\)",
    ),
    (
        "JSON file of 400 MB",
        lambda n, t: bp.load(_sparse(t, "net.json", 400_000_000)),
        ValueError,
        r"net\.json: expected a JSON network of at most 32,000,000 bytes, found 400,000,000",
    ),
    (
        "JSON file of 40 MB (it would take some 360 MB to parse)",
        lambda n, t: bp.load(_sparse(t, "net.json", 40_000_000)),
        ValueError,
        r"net\.json: expected a JSON network of at most 32,000,000 bytes, found 40,000,000 "
        r"\(not a network, or larger than bpcore loads as JSON: save large networks as \.npz\)",
    ),
    (
        "JSON with a UTF-8 byte-order mark",
        lambda n, t: bp.load(_write(t, "net.json", "\ufeff{}".encode())),
        ValueError,
        r"net\.json: expected a JSON network .* but it does not parse: Unexpected UTF-8 BOM",
    ),
    (
        "JSON sizes of a trillion neurons",
        lambda n, t: bp.load(_network2_json(t, sizes=[3, 10**12, 2])),
        ValueError,
        r"field 'weights', layer l = 2: expected shape \(1000000000000, 3\), found \(4, 3\)",
    ),
    (
        "JSON float32 network with 1e300",
        lambda n, t: bp.load(
            _network2_json(t, dtype="float32", weights=[[[1e300] * 3] * 4, [[0.0] * 4] * 2])
        ),
        ValueError,
        r"net\.json: field 'weights', layer l = 2: expected numbers that fit float32 .*found "
        r"1e\+300",
    ),
    (
        "JSON float32 network with 4e38 in a bias",
        lambda n, t: bp.load(
            _network2_json(t, dtype="float32", biases=[[[0.0]] * 4, [[0.0], [4e38]]])
        ),
        ValueError,
        r"field 'biases', layer l = 3: expected numbers that fit float32 .*found 4e\+38",
    ),
    (
        "JSON float16 network",
        lambda n, t: bp.load(_network2_json(t, dtype="float16")),
        ValueError,
        r"net\.json: field 'dtype': expected float64 or float32, found 'float16'",
    ),
    (
        "JSON dtype that is a list",
        lambda n, t: bp.load(_network2_json(t, dtype=["float64"])),
        ValueError,
        r"field 'dtype': expected float64 or float32, found \['float64'\]",
    ),
    # --- saving: what load and network2.py read back is the network saved ------------------------
    (
        "save relu to network2 JSON",
        lambda n, t: bp.save(bp.Network([3, 4, 2], activation="relu"), t / "out.json"),
        ValueError,
        r"net: the book's network2\.py JSON \(\.json\) holds only sigmoid networks: network2 "
        r"would read this one as sigmoid throughout, but layer l = 2 is relu, l = 3 is relu\. "
        r"Save it in bpcore's own format instead, a file name ending in \.npz",
    ),
    (
        "save tanh hidden layer to network2 JSON",
        lambda n, t: bp.save(bp.Network([3, 4, 2], activation=["tanh", "sigmoid"]), t / "out.json"),
        ValueError,
        r"holds only sigmoid networks: .*but layer l = 2 is tanh\. Save it .*\.npz",
    ),
    (
        "save linear output to network2 JSON",
        lambda n, t: bp.save(
            bp.Network([3, 4, 2], activation=["sigmoid", "linear"]), t / "OUT.JSON"
        ),
        ValueError,
        r"but layer l = 3 is linear",
    ),
    (
        "save log-likelihood cost to network2 JSON",
        lambda n, t: bp.save(bp.Network([3, 4, 2], cost="log_likelihood"), t / "out.json"),
        ValueError,
        r"net: the book's network2\.py JSON \(\.json\) knows the costs \['cross_entropy', "
        r"'quadratic'\] \(CrossEntropyCost, QuadraticCost\), not 'log_likelihood'\. Save it in "
        r"bpcore's own format instead, a file name ending in \.npz",
    ),
    (
        "save float16 network",
        lambda n, t: bp.save(
            _net_with(
                weights=[w.astype(np.float16) for w in n.weights],
                biases=[b.astype(np.float16) for b in n.biases],
            ),
            t / "out.npz",
        ),
        ValueError,
        r"net: expected weights and biases all float64 or all float32 \(the types a Network has "
        r"and load reads back\), found \['float16'\]",
    ),
    (
        "save float16 network to JSON",
        lambda n, t: bp.save(
            _net_with(weights=[w.astype(np.float16) for w in n.weights]), t / "out.json"
        ),
        ValueError,
        r"net: expected weights and biases all float64 or all float32 .*found "
        r"\['float16', 'float64'\]",
    ),
    (
        "save integer weights",
        lambda n, t: bp.save(
            _net_with(weights=[np.zeros((4, 3), int), np.zeros((2, 4), int)]), t / "out.npz"
        ),
        ValueError,
        r"found \['float64', 'int64'\]",
    ),
    (
        "save mixed float32 and float64",
        lambda n, t: bp.save(
            _net_with(weights=[w.astype(np.float32) for w in n.weights]), t / "out.npz"
        ),
        ValueError,
        r"found \['float32', 'float64'\]; convert them",
    ),
    (
        "save infinite bias",
        lambda n, t: bp.save(
            _net_with(biases=[np.full((4, 1), np.inf), np.zeros((2, 1))]), t / "out.json"
        ),
        ValueError,
        r"net: field 'biases', layer l = 2: expected finite numbers, found NaN or inf at index",
    ),
    # --- the download's arguments (nothing here reaches a server but 127.0.0.1) ------------------
    (
        "load_mnist with both a path and url",
        lambda n, t: bp.load_mnist(t, url=CLOSED),
        ValueError,
        r"path: a path reads files already there, and url describe a download; pass either",
    ),
    (
        "load_mnist with a path and cache_dir",
        lambda n, t: bp.load_mnist(t, cache_dir=t, sha256=SHA),
        ValueError,
        r"path: .* and sha256, cache_dir describe a download",
    ),
    (
        "load_mnist path of the wrong type",
        lambda n, t: bp.load_mnist(784),
        TypeError,
        r"path: expected a file or folder path, got int",
    ),
    (
        "load_mnist url not a string",
        lambda n, t: bp.load_mnist(url=b"http://127.0.0.1/"),
        TypeError,
        r"url: expected a URL string, got bytes",
    ),
    (
        "load_mnist url by ftp",
        lambda n, t: bp.load_mnist(url="ftp://127.0.0.1/mnist.pkl.gz", sha256=SHA),
        ValueError,
        r"url: expected an http://, https:// or file:// URL .*, got 'ftp://127\.0\.0\.1/",
    ),
    (
        "load_mnist url of one file without sha256",
        lambda n, t: bp.load_mnist(url=CLOSED + "mnist.pkl.gz"),
        ValueError,
        r"sha256: expected the SHA-256 of the file at url= \(64 hexadecimal digits\)",
    ),
    (
        "load_mnist sha256 too short",
        lambda n, t: bp.load_mnist(url=CLOSED + "mnist.pkl.gz", sha256="abc123"),
        ValueError,
        r"sha256: expected a SHA-256 checksum \(64 hexadecimal digits.*got 'abc123'",
    ),
    (
        "load_mnist sha256 an MD5",
        lambda n, t: bp.load_mnist(url=CLOSED + "x.gz", sha256="f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        ValueError,
        r"sha256: expected a SHA-256 checksum",
    ),
    (
        "load_mnist sha256 for a folder missing a file",
        lambda n, t: bp.load_mnist(url=CLOSED, sha256={"train-images-idx3-ubyte.gz": SHA}),
        ValueError,
        r"sha256: for a folder of IDX files, expected a mapping from each of \['t10k-images",
    ),
    (
        "load_mnist sha256 for a folder with a bad entry",
        lambda n, t: bp.load_mnist(url=CLOSED, sha256=dict.fromkeys(mnist.MNIST_MD5, "zz")),
        ValueError,
        r"sha256\['train-images-idx3-ubyte\.gz'\]: expected a SHA-256 checksum",
    ),
    (
        "load_mnist url naming a hidden file",
        lambda n, t: bp.load_mnist(url=CLOSED + ".bashrc", sha256=SHA),
        ValueError,
        r"url: expected a URL ending in a file name, got 'http://127\.0\.0\.1:\d+/\.bashrc'",
    ),
    (
        "load_mnist cache_dir of the wrong type",
        lambda n, t: bp.load_mnist(cache_dir=3.5),
        TypeError,
        r"cache_dir: expected a folder path, got float",
    ),
    (
        "load_mnist progress not a bool",
        lambda n, t: bp.load_mnist(progress="yes", cache_dir=t / "cache"),
        TypeError,
        r"progress: expected True or False, got str",
    ),
    (
        "load_mnist negative validation_size",
        lambda n, t: bp.load_mnist(validation_size=-1, cache_dir=t / "cache"),
        (TypeError, ValueError),
        r"validation_size: expected an integer >= 0, got -1",
    ),
    (
        "load_mnist from a server that is down",
        lambda n, t: bp.load_mnist(url=CLOSED + "mnist.pkl.gz", sha256=SHA, progress=False),
        OSError,
        r"could not download mnist\.pkl\.gz: http://127\.0\.0\.1:\d+/mnist\.pkl\.gz: no "
        r"connection \(.*refused.*\)\. Nothing was saved in .*cache.mnist\. To get it by hand",
    ),
    (
        "load_mnist of a file that does not match its sha256",
        lambda n, t: bp.load_mnist(
            url=_write(t, "copy.pkl.gz", b"not MNIST").as_uri(), sha256=SHA, progress=False
        ),
        OSError,
        r"could not download copy\.pkl\.gz: file://.*: its sha256 is [0-9a-f]{64}, but "
        r"(ab){32} was expected .*Nothing was saved",
    ),
    (
        "load_mnist of a mirror folder that is down",
        lambda n, t: bp.load_mnist(url=CLOSED, progress=False),
        OSError,
        r"could not download train-images-idx3-ubyte\.gz: .*no connection",
    ),
]


def test_the_table_covers_every_class_and_names_are_unique():
    assert len(ROWS) >= 80
    assert len({row[0] for row in ROWS}) == len(ROWS)


@pytest.fixture(autouse=True)
def _no_internet_and_a_private_cache(tmp_path, monkeypatch):
    """Every download goes to a folder of this test, and the default mirrors are closed."""
    monkeypatch.setenv("BPCORE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(mnist, "MNIST_MIRRORS", (CLOSED,))


def _left_behind(tmp_path: Path) -> list[str]:
    """Temporary files, saved networks and cached downloads: none may follow a refusal."""
    found = []
    for folder, _, names in os.walk(tmp_path):
        for name in names:
            path = Path(folder) / name
            if (
                name.endswith((".part", ".tmp"))
                or name.lower().startswith("out.")
                or "cache" in path.relative_to(tmp_path).parts
            ):
                found.append(str(path.relative_to(tmp_path)))
    return found


@pytest.mark.parametrize("call, error, message", [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_bad_file_raises_a_clear_error_and_changes_nothing(call, error, message, tmp_path):
    net = bp.Network([3, 4, 2], seed=0)
    before = _snapshot(net)
    with pytest.raises(error, match=message):
        call(net, tmp_path)
    _assert_unchanged(net, before)
    assert _left_behind(tmp_path) == []
