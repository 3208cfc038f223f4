"""What is timed: one training epoch each way, and the data they all train on.

* the book's per-example ``network.py`` (book_network.py, the reference the chapter's
  Problem 2 asks to beat);
* bpcore's ``SGD`` call, as the benchmark tunes it (no bar, a fixed thread count) and as a
  reader calls it, every default on; and its epoch loop alone on data already converted;
* PyTorch autograd with ``torch.optim.SGD``, written the way PyTorch is usually written;
* two yardsticks that are not bpcore's code: the matrix products of an epoch alone, and
  ``epoch_fused``, the epoch loop hand-specialised to this one network.

Every ``epoch_*`` function returns the wall-clock seconds of one epoch (``epoch_torch``
also says whether its time was extrapolated). The network is the book's [784, 30, 10],
sigmoid, quadratic cost, η = 3.0.
"""

from __future__ import annotations

import contextlib
import io
import random
import time

import book_network
import numpy as np

import bpcore as bp
from bpcore import train

try:
    import torch
except ImportError:  # pragma: no cover - the bench extra installs it
    torch = None

SIZES = [784, 30, 10]  # the book's MNIST network
ETA = 3.0  # the book's learning rate for it

Pairs = list[tuple[np.ndarray, np.ndarray]]


def mnist_shaped(n: int, seed: int = 0) -> Pairs:
    """n pairs (x, y): x a (784, 1) column of uniform [0, 1) pixels, y a one-hot (10, 1).

    As the book's mnist_loader builds them: each x is a (784, 1) view into one array.
    """
    rng = np.random.default_rng(seed)
    images = rng.random((n, SIZES[0]))
    labels = rng.integers(0, SIZES[-1], n)
    eye = np.eye(SIZES[-1])
    return [(images[i].reshape(-1, 1), eye[:, [labels[i]]]) for i in range(n)]


# --- from the list of pairs, as a reader of the book calls them ------------------------------
def epoch_book(data: Pairs, mb: int) -> float:
    """Seconds of one epoch of the book's ``SGD`` (one ``backprop`` per example)."""
    net = book_network.Network(SIZES, seed=1)
    random.seed(1)
    pairs = list(data)  # the book shuffles its list in place
    start = time.perf_counter()
    with np.errstate(over="ignore"):  # the book's sigmoid may overflow in exp(-z)
        net.SGD(pairs, 1, mb, ETA)
    return time.perf_counter() - start


def epoch_bpcore(data: Pairs, mb: int, dtype: type) -> float:
    """Seconds of one ``net.SGD`` call of bpcore, the conversion of the pairs included."""
    net = bp.Network(SIZES, seed=1, dtype=dtype)
    start = time.perf_counter()
    # the book's call; no progress bar and no extra pass for the training cost, so
    # that bpcore does the work the book's SGD does (conversion included)
    net.SGD(data, 1, mb, ETA, seed=1, progress=False)
    return time.perf_counter() - start


def epoch_bpcore_defaults(data: Pairs, mb: int) -> float:
    """Seconds of ``net.SGD(data, 1, mb, η)`` exactly as a reader of the book types it:
    float64, every default on — the progress bar (drawn into a buffer here rather than on
    the terminal, so it does all its work), no pass over the training set for its cost
    (off by default, as in network2.py), BLAS's own thread count — conversion included."""
    net = bp.Network(SIZES, seed=1)
    bar = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stderr(bar):
        net.SGD(data, 1, mb, ETA)
    return time.perf_counter() - start


def epoch_torch(
    data: Pairs, mb: int, dtype: type, limit: float = float("inf")
) -> tuple[float, bool]:
    """PyTorch autograd + torch.optim.SGD: the same net, cost, η and data, idiomatically.

    Returns (seconds, extrapolated). A run that passes ``limit`` seconds stops there and
    its time is extrapolated from the batches done (two OpenMP threads on a busy shared
    machine can be 10× slower than one; the suite must still finish).
    """
    tdtype = {np.float64: torch.float64, np.float32: torch.float32}[dtype]
    torch.manual_seed(1)
    start = time.perf_counter()
    # the conversion from the list of pairs counts here too: one (n, 784) tensor
    X = torch.from_numpy(np.array([x.ravel() for x, _ in data])).to(tdtype)
    Y = torch.from_numpy(np.array([y.ravel() for _, y in data])).to(tdtype)
    model = torch.nn.Sequential(
        torch.nn.Linear(SIZES[0], SIZES[1]),
        torch.nn.Sigmoid(),
        torch.nn.Linear(SIZES[1], SIZES[2]),
        torch.nn.Sigmoid(),
    ).to(tdtype)
    optimizer = torch.optim.SGD(model.parameters(), lr=ETA)
    n = X.shape[0]
    order = torch.randperm(n)
    X, Y = X[order], Y[order]
    setup = time.perf_counter()
    for k in range(0, n, mb):
        x, y = X[k : k + mb], Y[k : k + mb]
        optimizer.zero_grad()
        loss = 0.5 * ((model(x) - y) ** 2).sum() / x.shape[0]  # quadratic cost, batch mean
        loss.backward()
        optimizer.step()
        now = time.perf_counter()
        if now - start > limit and k + mb < n:
            done = k + mb
            return setup - start + (now - setup) * n / done, True
    return time.perf_counter() - start, False


# --- on data already converted: bpcore's loop and the yardsticks ------------------------------
def as_rows(data: Pairs) -> tuple[np.ndarray, np.ndarray]:
    """The pairs as bpcore's SGD holds them: one example per row, float64."""
    return tuple(np.ascontiguousarray(M.T) for M in bp.as_matrices(data))


def epoch_setup(
    rows_x: np.ndarray, rows_y: np.ndarray, mb: int, dtype: type, net: bp.Network | None = None
) -> tuple[bp.Network, train.MiniBatches, np.ndarray]:
    """(net, mini-batches, order) for an epoch loop on converted data, as SGD sets them up.

    ``net``: the network to train (a new [784, 30, 10] of ``dtype`` by default).
    """
    net = bp.Network(SIZES, seed=1, dtype=dtype) if net is None else net
    rows_x, rows_y = (rows.astype(dtype, copy=False) for rows in (rows_x, rows_y))
    order = np.random.default_rng(1).permutation(rows_x.shape[0])
    return net, train.MiniBatches(rows_x, rows_y, mb), order


def epoch_loop_bpcore(
    rows_x: np.ndarray, rows_y: np.ndarray, mb: int, dtype: type, net: bp.Network | None = None
) -> float:
    """Seconds of the epoch loop of bpcore.train.SGD alone (data already converted).

    ``net`` as in :func:`epoch_setup`.
    """
    net, batches, order = epoch_setup(rows_x, rows_y, mb, dtype, net)
    buffers = [np.empty_like(w) for w in net.weights]  # as SGD allocates them, once per call
    start = time.perf_counter()
    for x, y in batches(order):
        train.gradient_step(net, x, y, ETA, buffers)
    return time.perf_counter() - start


def epoch_gemms(n: int, mb: int, dtype: type) -> float:
    """Seconds of only the matrix products of an epoch (same shapes and layouts, buffers
    reused): the ceiling that BLAS itself sets for these skinny products."""
    rng = np.random.default_rng(0)
    n1, n2, n3 = SIZES
    w2, w3 = rng.random((n2, n1)).astype(dtype), rng.random((n3, n2)).astype(dtype)
    x_rows = rng.random((mb, n1)).astype(dtype)
    z2, d2 = np.empty((n2, mb), dtype), rng.random((n2, mb)).astype(dtype)
    z3, d3 = np.empty((n3, mb), dtype), rng.random((n3, mb)).astype(dtype)
    g2, g3 = np.empty_like(w2), np.empty_like(w3)
    start = time.perf_counter()
    for _ in range(n // mb):
        np.matmul(w2, x_rows.T, out=z2)  # forward, layer 2
        np.matmul(w3, d2, out=z3)  # forward, layer 3
        np.matmul(w3.T, d3, out=d2)  # BP2
        np.matmul(d2, x_rows, out=g2)  # BP4, layer 2
        np.matmul(d3, z2.T, out=g3)  # BP4, layer 3
    return time.perf_counter() - start


def epoch_fused(
    rows_x: np.ndarray, rows_y: np.ndarray, mb: int, dtype: type, net: bp.Network | None = None
) -> float:
    """Seconds of the epoch loop hand-specialised to this one network: a yardstick, not
    bpcore's code.

    Sigmoid and quadratic cost written out, every batch-sized array preallocated and each
    elementwise step done in place, η/m applied once to δ^L (BP2 is linear in δ). It
    shows what a numpy loop can do at best here, per-call overhead included, and so what
    bpcore's generality (any activation and cost per layer, equations kept as functions)
    costs. Data already converted and ``net`` as in :func:`epoch_setup`.
    """
    net, batches, order = epoch_setup(rows_x, rows_y, mb, dtype, net)
    weights, biases = net.weights, net.biases
    outputs = [np.empty((w.shape[0], mb), dtype) for w in weights]
    grads = [np.empty_like(w) for w in weights]
    start = time.perf_counter()
    with np.errstate(over="ignore"):  # exp(-z) may overflow to inf: σ = 1/(1 + inf) = 0
        for x, y in batches(order):
            m = x.shape[1]
            activations = [x]
            for w, b, out in zip(weights, biases, outputs):
                a = np.matmul(w, activations[-1], out=out[:, :m])
                a += b
                np.negative(a, out=a)
                np.exp(a, out=a)
                a += 1.0
                np.reciprocal(a, out=a)  # a = σ(z), in place of z
                activations.append(a)
            a = activations[-1]
            delta = a - y  # BP1: (a − y) ⊙ a(1 − a), times η/m once for every layer
            delta *= a
            delta *= (ETA / m) * (1.0 - a)
            for i in range(len(weights) - 1, -1, -1):
                if i:  # BP2 with w^{l+1} before it is updated
                    a = activations[i]
                    below = weights[i].T @ delta
                    below *= a
                    below *= 1.0 - a
                weights[i] -= np.matmul(delta, activations[i].T, out=grads[i])  # BP4
                biases[i] -= delta.sum(axis=1, keepdims=True)  # BP3
                if i:
                    delta = below
    return time.perf_counter() - start
