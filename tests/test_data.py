"""bpcore.data: the book's data format, the loaders (digits, MNIST pkl/IDX), as_matrices."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import os
import pickle
import socket
import struct
import subprocess
import sys
import threading

import numpy as np
import pytest

from bpcore import download, mnist
from bpcore.data import load_digits, two_blobs, xor_data
from bpcore.matrices import as_matrices
from bpcore.mnist import load_mnist

RNG = np.random.default_rng(0)


# --- helpers: tiny MNIST files ---------------------------------------------------------------
def check_book_format(training, validation, test, pixels: int) -> None:
    """The format of the book's load_data_wrapper, checked item by item."""
    for data in (training, validation, test):
        assert type(data) is list and data
    for x, y in training:
        assert x.shape == (pixels, 1) and x.dtype == np.float64
        assert y.shape == (10, 1) and y.dtype == np.float64
        assert np.sum(y) == 1.0 and set(np.unique(y)) <= {0.0, 1.0}
        assert 0.0 <= x.min() and x.max() <= 1.0
    for data in (validation, test):
        for x, label in data:
            assert x.shape == (pixels, 1) and x.dtype == np.float64
            assert type(label) is int and 0 <= label <= 9
            assert 0.0 <= x.min() and x.max() <= 1.0


def idx_bytes(array: np.ndarray, magic: int | None = None) -> bytes:
    """An IDX file of unsigned bytes: magic 0x0000080d (d = ndim), the dims, the data."""
    magic = 0x800 + array.ndim if magic is None else magic
    header = struct.pack(f">{1 + array.ndim}I", magic, *array.shape)
    return header + array.astype(np.uint8).tobytes()


def write_idx(directory, gz: bool, n_train=30, n_test=12, side=4):
    images = {
        "train": RNG.integers(0, 256, (n_train, side, side)),
        "t10k": RNG.integers(0, 256, (n_test, side, side)),
    }
    labels = {"train": np.arange(n_train) % 10, "t10k": (np.arange(n_test) * 3) % 10}
    for kind in ("train", "t10k"):
        for name, array in (
            (f"{kind}-images-idx3-ubyte", images[kind]),
            (f"{kind}-labels-idx1-ubyte", labels[kind]),
        ):
            data = idx_bytes(array)
            path = directory / (name + (".gz" if gz else ""))
            path.write_bytes(gzip.compress(data) if gz else data)
    return images, labels


def py2_array(array: np.ndarray) -> bytes:
    """Pickle opcodes for an ndarray as Python 2's cPickle wrote it (protocol 2).

    The raw data is a Python 2 ``str`` (BINSTRING), which Python 3 can read only with
    ``encoding="latin1"``, and the reconstructor lives in ``numpy.core.multiarray``.
    """
    dtype = array.dtype.str  # e.g. '<f4'
    out = b"cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\n"
    out += b"K\x00\x85U\x01b\x87R"  # _reconstruct(ndarray, (0,), 'b')
    out += b"(K\x01"  # state: (1, shape, dtype, is_fortran, rawdata)
    out += b"(" + b"".join(b"J" + struct.pack("<i", n) for n in array.shape) + b"t"
    out += b"cnumpy\ndtype\nU\x02" + dtype[1:].encode() + b"K\x00K\x01\x87R"
    out += b"(K\x03U\x01" + dtype[0].encode() + b"NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb"
    raw = array.tobytes()
    out += b"\x89T" + struct.pack("<i", len(raw)) + raw + b"tb"
    return out


def py2_mnist_pickle(splits) -> bytes:
    """The bytes of a Python 2 ``cPickle.dump((training, validation, test), f, 2)``."""
    body = b"".join(py2_array(x) + py2_array(y) + b"\x86" for x, y in splits)
    return b"\x80\x02" + body + b"\x87."


def small_splits(pixels=16, sizes=(20, 6, 8)):
    return tuple(
        (RNG.random((n, pixels)).astype(np.float32), (np.arange(n) * 7 % 10).astype(np.int64))
        for n in sizes
    )


# --- load_digits ---------------------------------------------------------------------------
def test_load_digits_format_and_sizes():
    training, validation, test = load_digits()
    assert (len(training), len(validation), len(test)) == (1200, 297, 300)
    assert len(training) + len(validation) + len(test) == 1797
    check_book_format(training, validation, test, pixels=64)
    assert max(x.max() for x, _ in training) == 1.0  # pixels 0..16 scaled by 1/16


def test_the_embedded_digits_are_the_uci_test_set_the_notebooks_were_made_with():
    """The 1,797 digits (pixels and labels) are byte for byte the copy that scikit-learn
    ships and that the notebooks' stored outputs were computed from (checksum taken
    from it), and the default split's first test digit is the 6 notebook 10 shows."""
    from bpcore.data import _digits

    pixels, labels = _digits()
    assert pixels.shape == (1797, 64) and labels.shape == (1797,)
    assert pixels.min() == 0 and pixels.max() == 16 and set(labels) == set(range(10))
    table = np.column_stack([pixels, labels]).astype(np.uint8).tobytes()
    assert hashlib.sha256(table).hexdigest() == (
        "68aea062d35a127749050fa0e52dca09d6569ac08092c925610e0954e172dde2"
    )
    _, _, test = load_digits()
    assert test[0][1] == 6


def test_load_digits_needs_numpy_only():
    code = (
        "import sys, bpcore; bpcore.load_digits(); "
        "print(sorted(m for m in ('sklearn', 'scipy', 'matplotlib') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_load_digits_is_deterministic_and_seeded():
    first, second = load_digits(seed=3), load_digits(seed=3)
    for a, b in zip(first, second, strict=True):
        assert len(a) == len(b)
        assert all(np.array_equal(xa, xb) for (xa, _), (xb, _) in zip(a, b, strict=True))
        assert all(np.array_equal(ya, yb) for (_, ya), (_, yb) in zip(a, b, strict=True))
    other = load_digits(seed=4)
    assert not all(np.array_equal(a[0], b[0]) for a, b in zip(first[2], other[2], strict=True))


def test_load_digits_split_sizes():
    training, validation, test = load_digits(validation_size=0, test_size=97)
    assert (len(training), len(validation), len(test)) == (1700, 0, 97)
    with pytest.raises(ValueError, match="leaves no training examples"):
        load_digits(validation_size=1000, test_size=797)
    with pytest.raises(ValueError, match="test_size"):
        load_digits(test_size=-1)


def test_load_digits_trains_a_network():
    from bpcore.network import Network

    training, _, test = load_digits()
    net = Network([64, 20, 10], seed=0)
    net.SGD(training, 5, 10, 3.0, progress=False, seed=0)
    assert net.evaluate(test) > 240  # of 300: it learns from this format


# --- MNIST: IDX ---------------------------------------------------------------------------
@pytest.mark.parametrize("gz", [False, True])
def test_load_mnist_idx(tmp_path, gz):
    images, labels = write_idx(tmp_path, gz)
    training, validation, test = load_mnist(tmp_path, validation_size=10)
    assert (len(training), len(validation), len(test)) == (20, 10, 12)
    check_book_format(training, validation, test, pixels=16)
    # first 20 train, last 10 validate (the book's 50,000 / 10,000 cut); pixels / 255
    np.testing.assert_array_equal(training[3][0].ravel(), images["train"][3].ravel() / 255)
    assert np.argmax(training[3][1]) == labels["train"][3]
    np.testing.assert_array_equal(validation[0][0].ravel(), images["train"][20].ravel() / 255)
    assert [label for _, label in validation] == labels["train"][20:].tolist()
    assert [label for _, label in test] == labels["t10k"].tolist()


def test_load_mnist_idx_relative_path_and_pathlike(tmp_path, monkeypatch):
    (tmp_path / "x").mkdir()
    write_idx(tmp_path / "x", gz=True)
    monkeypatch.chdir(tmp_path)
    training, _, _ = load_mnist("x", validation_size=5)
    assert len(training) == 25
    assert len(load_mnist(tmp_path / "x", validation_size=5)[0]) == 25


def test_load_mnist_idx_errors(tmp_path):
    write_idx(tmp_path, gz=False)
    images = tmp_path / "train-images-idx3-ubyte"
    labels = tmp_path / "train-labels-idx1-ubyte"
    good_images, good_labels = images.read_bytes(), labels.read_bytes()

    images.write_bytes(struct.pack(">I", 1234) + good_images[4:])
    with pytest.raises(ValueError, match="expected IDX magic 2051 for images, got 1234") as error:
        load_mnist(tmp_path, validation_size=5)
    assert str(images) in str(error.value)

    images.write_bytes(good_images[:-7])
    with pytest.raises(ValueError, match="truncated"):
        load_mnist(tmp_path, validation_size=5)

    images.write_bytes(good_images)
    labels.write_bytes(idx_bytes(np.arange(29) % 10))
    with pytest.raises(ValueError, match="expected 30 labels.*found 29"):
        load_mnist(tmp_path, validation_size=5)

    labels.write_bytes(idx_bytes(np.full(30, 11)))
    with pytest.raises(ValueError, match="labels 0..9"):
        load_mnist(tmp_path, validation_size=5)

    labels.write_bytes(good_labels)
    with pytest.raises(ValueError, match="no training examples"):
        load_mnist(tmp_path, validation_size=30)

    os.remove(tmp_path / "t10k-labels-idx1-ubyte")
    with pytest.raises(FileNotFoundError, match="missing t10k-labels-idx1-ubyte"):
        load_mnist(tmp_path)


def test_load_mnist_not_gzip(tmp_path):
    write_idx(tmp_path, gz=True)
    (tmp_path / "t10k-images-idx3-ubyte.gz").write_bytes(b"not gzip at all")
    with pytest.raises(ValueError, match=r"t10k-images-idx3-ubyte.gz: expected a gzip file"):
        load_mnist(tmp_path, validation_size=5)


# --- MNIST: the book's pickle -----------------------------------------------------------------
def test_load_mnist_python2_pickle(tmp_path):
    """A byte-for-byte Python 2 pickle like the book's: latin1 strings, numpy.core names."""
    splits = small_splits()
    path = tmp_path / "mnist.pkl.gz"
    path.write_bytes(gzip.compress(py2_mnist_pickle(splits)))
    training, validation, test = load_mnist(path)
    assert (len(training), len(validation), len(test)) == (20, 6, 8)
    check_book_format(training, validation, test, pixels=16)
    np.testing.assert_array_equal(training[5][0].ravel(), splits[0][0][5].astype(np.float64))
    assert np.argmax(training[5][1]) == splits[0][1][5]
    assert [label for _, label in test] == splits[2][1].tolist()


def test_load_mnist_python3_protocol2_pickle(tmp_path):
    splits = small_splits(pixels=9)
    with gzip.open(tmp_path / "mnist.pkl.gz", "wb") as file:
        pickle.dump(splits, file, protocol=2)
    # a directory holding mnist.pkl.gz works too (the book's data/ folder)
    training, validation, test = load_mnist(tmp_path)
    check_book_format(training, validation, test, pixels=9)
    assert [label for _, label in validation] == splits[1][1].tolist()


def test_load_mnist_pickle_rejects_other_globals(tmp_path, capsys):
    """A pickle that would call a function is refused before anything is called."""
    marker = tmp_path / "pwned"
    command = f"touch {marker}".encode()
    calls = [
        (b"cbuiltins\nprint\n", b"PWNED", "builtins.print"),
        (b"cposix\nsystem\n", command, "posix.system"),
        (b"cos\nsystem\n", command, "os.system"),
        (b"cnumpy\nload\n", b"x", "numpy.load"),
    ]
    for global_, argument, name in calls:
        payload = b"\x80\x02" + global_ + b"X" + struct.pack("<I", len(argument)) + argument
        path = tmp_path / "mnist.pkl.gz"
        path.write_bytes(gzip.compress(payload + b"\x85R."))
        with pytest.raises(ValueError, match=f"refusing to unpickle the global {name}"):
            load_mnist(path)
    assert "PWNED" not in capsys.readouterr().out
    assert not marker.exists()


def test_load_mnist_pickle_errors(tmp_path):
    path = tmp_path / "mnist.pkl.gz"
    good = gzip.compress(py2_mnist_pickle(small_splits()))

    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(ValueError, match="mnist.pkl.gz: expected the book's mnist.pkl.gz"):
        load_mnist(path)

    path.write_bytes(py2_mnist_pickle(small_splits()))  # not gzipped
    with pytest.raises(ValueError, match="expected a gzip file"):
        load_mnist(path)

    path.write_bytes(gzip.compress(pickle.dumps((1, 2), protocol=2)))
    with pytest.raises(ValueError, match="expected a tuple .* of three"):
        load_mnist(path)

    tr, va, te = small_splits()
    path.write_bytes(gzip.compress(pickle.dumps((tr, (va[0], va[1][:-1]), te), protocol=2)))
    with pytest.raises(ValueError, match="validation: 6 images but 5 labels"):
        load_mnist(path)

    path.write_bytes(gzip.compress(pickle.dumps((tr, va, (te[0] * 3, te[1])), protocol=2)))
    with pytest.raises(ValueError, match=r"test: expected pixel values in \[0, 1\]"):
        load_mnist(path)


def test_load_mnist_missing_says_where_to_get_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError) as error:
        load_mnist("data/mnist.pkl.gz")
    message = str(error.value)
    assert str(tmp_path / "data" / "mnist.pkl.gz") in message  # the absolute path tried
    assert "github.com/mnielsen/neural-networks-and-deep-learning" in message
    assert "train-images-idx3-ubyte" in message and "load_digits()" in message


def test_load_mnist_expands_home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=str(tmp_path / "nowhere")):
        load_mnist("~/nowhere")


@pytest.mark.parametrize("protocol", [2, 4, 5])
def test_load_mnist_pickles_written_by_this_numpy(tmp_path, protocol):
    """numpy >= 1.16 writes protocol-5 arrays with numpy._core.numeric._frombuffer (numpy.core
    in numpy 1.x): accepted, as are protocols 2 and 4 (_reconstruct); Fortran order kept."""
    tr, va, te = small_splits(pixels=12)
    splits = ((np.asfortranarray(tr[0]), tr[1]), va, te)
    with gzip.open(tmp_path / "mnist.pkl.gz", "wb") as file:
        pickle.dump(splits, file, protocol=protocol)
    training, validation, test = load_mnist(tmp_path / "mnist.pkl.gz")
    check_book_format(training, validation, test, pixels=12)
    np.testing.assert_array_equal(training[4][0].ravel(), tr[0][4])
    assert [label for _, label in test] == te[1].tolist()


def test_load_mnist_numpy1_protocol5_names(tmp_path):
    """The global numpy 1.x writes (numpy.core.numeric._frombuffer) is the same function."""
    splits = small_splits(pixels=4)
    data = pickle.dumps(splits, protocol=5).replace(b"numpy._core.numeric", b"numpy.core.numeric")
    data = data.replace(b"\x8c\x13numpy.core.numeric", b"\x8c\x12numpy.core.numeric")
    (tmp_path / "mnist.pkl").write_bytes(data)
    training, _, _ = load_mnist(tmp_path / "mnist.pkl")
    np.testing.assert_array_equal(training[0][0].ravel(), splits[0][0][0])


def test_the_pickle_keeps_its_own_scale_and_idx_bytes_are_divided_by_255(tmp_path):
    """The book's file stores k/256 (max 0.99609375) and is loaded as stored; IDX bytes / 255."""
    pixels = (np.arange(40 * 16) % 256).reshape(40, 16)
    labels = np.arange(40) % 10
    book = tuple(
        (pixels[:n].astype(np.float32) / np.float32(256), labels[:n]) for n in (20, 10, 10)
    )
    (tmp_path / "mnist.pkl.gz").write_bytes(gzip.compress(py2_mnist_pickle(book)))
    training, _, _ = load_mnist(tmp_path / "mnist.pkl.gz")
    assert max(x.max() for x, _ in training) == 255 / 256
    idx_folder = tmp_path / "idx"
    idx_folder.mkdir()
    write_idx(idx_folder, gz=True)
    training, _, _ = load_mnist(idx_folder, validation_size=5)
    assert max(x.max() for x, _ in training) == 1.0


# --- MNIST: the download, from a local server (nothing here reaches the internet) --------------
def idx_gz_files(n_train=30, n_test=12, side=4) -> dict[str, bytes]:
    """The four MNIST files as gzipped tiny IDX files, by their download names."""
    rng = np.random.default_rng(5)
    arrays = {
        "train-images-idx3-ubyte": rng.integers(0, 256, (n_train, side, side)),
        "train-labels-idx1-ubyte": np.arange(n_train) % 10,
        "t10k-images-idx3-ubyte": rng.integers(0, 256, (n_test, side, side)),
        "t10k-labels-idx1-ubyte": (np.arange(n_test) * 7) % 10,
    }
    return {f"{name}.gz": gzip.compress(idx_bytes(a), mtime=0) for name, a in arrays.items()}


def sha256_of(files):
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


class Server:
    """http.server on 127.0.0.1 (a free port) serving ``files``, counting requests."""

    def __init__(self, files: dict[str, bytes], send_length=True, cut=0):
        self.files, self.requests = files, []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                name = self.path.rsplit("/", 1)[-1]
                server.requests.append(name)
                if name not in server.files:
                    self.send_error(404, "Not Found")
                    return
                body = server.files[name]
                self.send_response(200)
                if send_length:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) - cut])  # cut > 0: the connection drops early

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/mnist/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def closed_port_url(name="mnist.pkl.gz"):
    """A URL on 127.0.0.1 where nothing listens: connection refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/{name}"


def cache_files(cache):
    folder = cache / "mnist"
    return sorted(os.listdir(folder)) if folder.exists() else []


def test_download_from_a_mirror_then_read_the_cache(tmp_path):
    files = idx_gz_files()
    with Server(files) as server:
        arguments = dict(url=server.url, sha256=sha256_of(files), cache_dir=tmp_path)
        training, validation, test = load_mnist(validation_size=10, progress=False, **arguments)
        assert sorted(server.requests) == sorted(files)
        check_book_format(training, validation, test, pixels=16)
        assert (len(training), len(validation), len(test)) == (20, 10, 12)
        assert cache_files(tmp_path) == sorted(files)  # and no temporary files
        again = load_mnist(validation_size=10, progress=False, **arguments)
        assert len(server.requests) == 4  # the cache was read: no second request
    np.testing.assert_array_equal(again[0][3][0], training[3][0])
    # the cache folder is an IDX folder like any other
    assert len(load_mnist(tmp_path / "mnist", validation_size=10)[2]) == 12


def test_download_default_uses_torchvision_md5s_env_cache_and_next_mirror(tmp_path, monkeypatch):
    """No arguments: the mirrors in turn (the first one down), MD5s, $BPCORE_CACHE_DIR."""
    files = idx_gz_files()
    md5s = {name: hashlib.md5(data).hexdigest() for name, data in files.items()}
    monkeypatch.setattr(mnist, "MNIST_MD5", md5s)
    monkeypatch.setenv("BPCORE_CACHE_DIR", str(tmp_path / "env-cache"))
    with Server(files) as server:
        monkeypatch.setattr(mnist, "MNIST_MIRRORS", (closed_port_url(""), server.url))
        training, _, _ = load_mnist(validation_size=5, progress=False)
        assert len(training) == 25 and len(server.requests) == 4
        load_mnist(validation_size=5, progress=False)
        assert len(server.requests) == 4
    assert cache_files(tmp_path / "env-cache") == sorted(files)


def test_download_shows_a_progress_bar(tmp_path, capsys):
    files = idx_gz_files()
    with Server(files) as server:
        load_mnist(url=server.url, sha256=sha256_of(files), cache_dir=tmp_path, validation_size=5)
    assert "train-images-idx3-ubyte.gz" in capsys.readouterr().err


def test_download_one_file_the_books_pickle(tmp_path):
    splits = small_splits()
    body = gzip.compress(py2_mnist_pickle(splits), mtime=0)
    with Server({"mnist.pkl.gz": body}) as server:
        url = server.url + "mnist.pkl.gz"
        sha256 = hashlib.sha256(body).hexdigest()
        training, _, test = load_mnist(url=url, sha256=sha256, cache_dir=tmp_path, progress=False)
        load_mnist(url=url, sha256=sha256.upper(), cache_dir=tmp_path, progress=False)
        assert server.requests == ["mnist.pkl.gz"]
    assert [label for _, label in test] == splits[2][1].tolist()
    assert cache_files(tmp_path) == ["mnist.pkl.gz"]


def test_download_checksum_mismatch_leaves_nothing(tmp_path):
    body = gzip.compress(py2_mnist_pickle(small_splits()))
    with Server({"mnist.pkl.gz": body}) as server:
        with pytest.raises(download.DownloadError) as error:
            load_mnist(
                url=server.url + "mnist.pkl.gz", sha256="0" * 64, cache_dir=tmp_path, progress=False
            )
    message = str(error.value)
    assert "its sha256 is " + hashlib.sha256(body).hexdigest() in message
    assert "but " + "0" * 64 + " was expected" in message
    assert f"Nothing was saved in {tmp_path / 'mnist'}" in message
    assert "To get it by hand" in message
    assert cache_files(tmp_path) == []


def test_download_server_down_leaves_nothing_and_says_where_to_get_it(tmp_path):
    url = closed_port_url()
    with pytest.raises(download.DownloadError, match=r"no connection \(.*refused") as error:
        load_mnist(url=url, sha256="a" * 64, cache_dir=tmp_path, progress=False)
    assert url in str(error.value) and "put it in" in str(error.value)
    assert cache_files(tmp_path) == []


def test_download_http_error_and_a_half_done_mirror(tmp_path):
    """A 404 names the status; files that did download stay (each one verified)."""
    files = idx_gz_files()
    served = {k: v for k, v in files.items() if not k.startswith("t10k-labels")}
    with Server(served) as server:
        with pytest.raises(download.DownloadError, match=r"HTTP 404") as error:
            load_mnist(url=server.url, sha256=sha256_of(files), cache_dir=tmp_path, progress=False)
    assert "t10k-labels-idx1-ubyte.gz" in str(error.value)
    assert cache_files(tmp_path) == sorted(served)


def test_a_download_cut_short_leaves_nothing(tmp_path):
    body = gzip.compress(py2_mnist_pickle(small_splits()))
    with Server({"mnist.pkl.gz": body}, cut=100) as server:
        stopped = r"the download stopped after \d[\d,]* of \d[\d,]* bytes"
        with pytest.raises(download.DownloadError, match=stopped) as error:
            load_mnist(
                url=server.url + "mnist.pkl.gz",
                sha256=hashlib.sha256(body).hexdigest(),
                cache_dir=tmp_path,
                progress=False,
            )
    assert "Nothing was saved" in str(error.value)
    assert cache_files(tmp_path) == []


def test_a_damaged_cached_file_is_downloaded_again(tmp_path):
    files = idx_gz_files()
    with Server(files) as server:
        arguments = dict(url=server.url, sha256=sha256_of(files), cache_dir=tmp_path)
        load_mnist(validation_size=5, progress=False, **arguments)
        (tmp_path / "mnist" / "t10k-images-idx3-ubyte.gz").write_bytes(b"damaged")
        load_mnist(validation_size=5, progress=False, **arguments)
        assert server.requests.count("t10k-images-idx3-ubyte.gz") == 2
    assert (tmp_path / "mnist" / "t10k-images-idx3-ubyte.gz").read_bytes() == files[
        "t10k-images-idx3-ubyte.gz"
    ]


def test_download_from_a_file_url_and_the_size_cap(tmp_path, monkeypatch):
    """file:// (an offline copy) works; more bytes than the cap stop the download."""
    body = gzip.compress(py2_mnist_pickle(small_splits()))
    (tmp_path / "copy.pkl.gz").write_bytes(body)
    url = (tmp_path / "copy.pkl.gz").as_uri()
    sha256 = hashlib.sha256(body).hexdigest()
    cache = tmp_path / "cache"
    training, _, _ = load_mnist(url=url, sha256=sha256, cache_dir=cache, progress=False)
    assert len(training) == 20 and cache_files(cache) == ["copy.pkl.gz"]
    monkeypatch.setattr(download, "MAX_DOWNLOAD_BYTES", 100)
    with pytest.raises(
        download.DownloadError, match=r"announces \d[\d,]* bytes, more than the 100 bytes"
    ):
        load_mnist(url=url, sha256=sha256, cache_dir=tmp_path / "other", progress=False)
    assert cache_files(tmp_path / "other") == []
    with Server({"copy.pkl.gz": body}, send_length=False) as server:  # no Content-Length
        with pytest.raises(download.DownloadError, match=r"more than the 100 bytes .* arrived"):
            load_mnist(
                url=server.url + "copy.pkl.gz",
                sha256=sha256,
                cache_dir=tmp_path / "other",
                progress=False,
            )
    assert cache_files(tmp_path / "other") == []


def test_cache_folder_rules(tmp_path, monkeypatch):
    monkeypatch.delenv("BPCORE_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert download.cache_root() == tmp_path / "xdg" / "bpcore"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec: absolute only
    assert download.cache_root() == tmp_path / ".cache" / "bpcore"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert download.cache_root() == tmp_path / ".cache" / "bpcore"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert download.cache_root() == tmp_path / "Library" / "Caches" / "bpcore"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    assert download.cache_root() == tmp_path / "AppData" / "Local" / "bpcore" / "Cache"
    monkeypatch.setenv("BPCORE_CACHE_DIR", "~/mine")
    assert download.cache_root() == tmp_path / "mine"
    assert download.cache_root(tmp_path / "given") == tmp_path / "given"


# --- toy sets -------------------------------------------------------------------------------
def test_xor_data():
    data = xor_data()
    assert type(data) is list and len(data) == 4
    for x, y in data:
        assert x.shape == (2, 1) and y.shape == (1, 1)
        assert y[0, 0] == float(x[0, 0] != x[1, 0])


def test_two_blobs():
    data = two_blobs(n=50, seed=1)
    assert type(data) is list and len(data) == 50
    X, Y = as_matrices(data)
    assert X.shape == (2, 50) and Y.shape == (2, 50)
    assert Y.sum(axis=1).tolist() == [25.0, 25.0]
    assert X[0, Y[1] == 1].mean() > X[0, Y[0] == 1].mean()  # class 1 lies to the right
    np.testing.assert_array_equal(as_matrices(two_blobs(n=50, seed=1))[0], X)
    with pytest.raises(ValueError, match="n: expected"):
        two_blobs(n=0)


# --- as_matrices -----------------------------------------------------------------------------
def test_as_matrices_columns_and_labels():
    pairs = [(np.full((3, 1), i, float), np.eye(2)[:, [i % 2]]) for i in range(5)]
    X, Y = as_matrices(pairs)
    assert X.shape == (3, 5) and X.dtype == np.float64
    assert Y.shape == (2, 5) and Y.dtype == np.float64
    np.testing.assert_array_equal(X[:, 4], [4, 4, 4])
    np.testing.assert_array_equal(Y[:, 1], [0, 1])

    X, labels = as_matrices([(x, i % 2) for i, (x, _) in enumerate(pairs)], name="test_data")
    assert labels.shape == (5,) and labels.dtype == np.int64
    assert labels.tolist() == [0, 1, 0, 1, 0]

    _, one_hot = as_matrices([(x, i % 2) for i, (x, _) in enumerate(pairs)], num_classes=2)
    np.testing.assert_array_equal(one_hot, Y)


def test_as_matrices_accepts_vectors_zip_and_numpy_labels():
    xs = [np.arange(4.0) + i for i in range(3)]
    X, labels = as_matrices(zip(xs, np.array([2, 0, 1]), strict=True))  # the book's Python 2 zip
    assert X.shape == (4, 3) and labels.tolist() == [2, 0, 1]
    X, Y = as_matrices([(x, np.array([1, 0])) for x in xs])
    assert Y.shape == (2, 3)
    X, _ = as_matrices([(np.arange(4, dtype=np.uint8), 1)])
    assert X.dtype == np.float64 and X.shape == (4, 1)


def test_as_matrices_agrees_with_columns_of_digits():
    training, _, test = load_digits()
    X, Y = as_matrices(training)
    assert X.shape == (64, 1200) and Y.shape == (10, 1200)
    np.testing.assert_array_equal(X[:, 17:18], training[17][0])
    np.testing.assert_array_equal(Y[:, 17:18], training[17][1])
    _, labels = as_matrices(test, name="test_data")
    assert labels.tolist() == [label for _, label in test]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], r"training_data is empty"),
        (
            [(np.zeros((3, 1)), 1), (np.zeros((4, 1)), 1)],
            r"training_data\[1\]: x has shape \(4, 1\), but training_data\[0\] has \(3, 1\)",
        ),
        (
            [(np.zeros((3, 1)), np.zeros((2, 1))), (np.zeros((3, 1)), np.zeros((3, 1)))],
            r"training_data\[1\]: y has shape \(3, 1\)",
        ),
        ([(np.zeros((3, 1)), 1), (np.zeros((3, 1)),)], r"training_data\[1\]: expected a pair"),
        ([(np.zeros((3, 2)), 1)], r"training_data\[0\]: expected x to be a column"),
        (
            [(np.zeros((3, 1)), 1), (np.zeros((3, 1)), np.zeros((2, 1)))],
            r"training_data\[1\]: y is an array, but training_data\[0\] has an int label",
        ),
        ([(np.zeros((3, 1)), 1), (np.zeros((3, 1)), -1)], r"training_data\[1\]: expected a label"),
        ([(np.zeros((3, 1)), 0), (np.full((3, 1), np.nan), 1)], r"training_data\[1\]: x .*NaN"),
        ([(np.zeros((3, 1)), 0.0)], r"expected y to be a column .* or an int label"),
    ],
)
def test_as_matrices_errors(data, message):
    with pytest.raises(ValueError, match=message):
        as_matrices(data)


def test_as_matrices_in_float32_and_with_a_sum_that_overflows():
    pairs = [(np.arange(3.0).reshape(3, 1) + i, np.eye(2)[:, [i % 2]]) for i in range(4)]
    X64, Y64 = as_matrices(pairs)
    X32, Y32 = as_matrices(pairs, dtype=np.float32)
    assert (X32.dtype, Y32.dtype, X64.dtype) == (np.float32, np.float32, np.float64)
    np.testing.assert_array_equal(X32, X64.astype(np.float32))
    np.testing.assert_array_equal(Y32, Y64)
    _, one_hot = as_matrices([(x, i % 2) for i, (x, _) in enumerate(pairs)], 2, dtype="float32")
    assert one_hot.dtype == np.float32
    # every entry finite, though their sum overflows to inf: accepted, unchanged
    huge = [(np.full((2, 1), 1e308), 0), (np.full((2, 1), 1e308), 1)]
    np.testing.assert_array_equal(as_matrices(huge)[0], np.full((2, 2), 1e308))
    # and -inf among them is found, with the pair it is in
    with pytest.raises(ValueError, match=r"training_data\[1\]: x contains NaN or inf$"):
        as_matrices([huge[0], (np.array([[1e308], [-np.inf]]), 1)])


def test_as_matrices_names_the_argument_and_checks_num_classes():
    with pytest.raises(ValueError, match=r"test_data is empty"):
        as_matrices([], name="test_data")
    with pytest.raises(ValueError, match=r"test_data\[0\]: expected a label in 0..9, got 10"):
        as_matrices([(np.zeros(2), 10)], num_classes=10, name="test_data")
    with pytest.raises(ValueError, match="expected y columns of 10 rows"):
        as_matrices([(np.zeros(2), np.zeros(3))], num_classes=10)
