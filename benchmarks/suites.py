"""The comparisons: each suite times its competitors and returns what it measured, ready
for results.json (seconds, and FLOP/s for the matmul peak; no ratios, which summary.py
derives).

1. training epoch: the book against bpcore and PyTorch, and bpcore's epoch taken apart;
2. roofline: the FLOPs of a bpcore float32 epoch at mini-batch 1000 against the matmul
   peak measured in the same run;
3. finite differences (forward, central) against backprop for one gradient;
4. interactive latency: ``NudgeExplorer.nudge``, and one Δw slider move of
   ``bpcore.widgets.NudgeWidget`` (compute and redraw).
"""

from __future__ import annotations

import cProfile
import random
import time
from typing import Any

import numpy as np
from competitors import (
    SIZES,
    Pairs,
    as_rows,
    epoch_book,
    epoch_bpcore,
    epoch_bpcore_defaults,
    epoch_fused,
    epoch_gemms,
    epoch_loop_bpcore,
    epoch_torch,
    mnist_shaped,
    torch,
)
from timing import (
    Samples,
    describe_latency,
    latency_samples,
    load_average,
    profile_after_warm_up,
    profile_text,
    threads,
)

import bpcore as bp

MINI_BATCHES = (10, 100, 1000)
THREADS = (1, 2)  # this machine has two cores
DEFAULT_THREADS = 0  # in a record: BLAS's own thread count, not limited (bpcore's defaults)
SLOW = 20.0  # seconds: a configuration this slow in its first run is not repeated
LIMIT = 30.0  # seconds: a PyTorch epoch is cut here and its time extrapolated
PARTS = ("conversion", "products", "loop", "fused")  # bpcore's mini-batch-10 epoch, apart


# --- 1. training epoch ------------------------------------------------------------------------
def training_configs() -> list[tuple[str, str, int, int]]:
    """(competitor, dtype, threads, mini-batch) of every timed epoch. The book runs with one
    thread: its per-example products gain nothing from a second. "bpcore-defaults" is
    ``net.SGD(data, 1, mb, η)`` with every default (float64, the bar, BLAS's threads)."""
    configs = []
    for mb in MINI_BATCHES:
        configs.append(("book", "float64", 1, mb))
        configs.append(("bpcore-defaults", "float64", DEFAULT_THREADS, mb))
        for dtype in ("float64", "float32"):
            for t in THREADS:
                configs.append(("bpcore", dtype, t, mb))
                if torch is not None:
                    configs.append(("torch", dtype, t, mb))
    return configs


def time_part(name: str, t: int, data: Pairs, rows: tuple[np.ndarray, np.ndarray]) -> float:
    """Seconds of one part of bpcore's mini-batch-10 float64 epoch, with t threads.

    The parts: the conversion of the pairs (``bp.as_matrices``), the matrix products of an
    epoch alone (the floor that BLAS sets at this batch size), and bpcore's epoch loop
    beside a loop hand-specialised to this network (the floor numpy's per-call overhead
    sets), both on data already converted.
    """
    with threads(t):
        start = time.perf_counter()
        if name == "conversion":
            bp.as_matrices(data)
            return time.perf_counter() - start
        if name == "products":
            return epoch_gemms(len(data), 10, np.float64)
        if name == "loop":
            return epoch_loop_bpcore(*rows, 10, np.float64)
        return epoch_fused(*rows, 10, np.float64)


def time_epoch(who: str, dtype: str, t: int, mb: int, data: Pairs) -> tuple[float, bool]:
    """(seconds, extrapolated) of one epoch of one competitor."""
    np_dtype = np.dtype(dtype).type
    if who == "book":
        with threads(1):  # per-example products: one thread is the book's best
            return epoch_book(data, mb), False
    if who == "bpcore":
        with threads(t):
            return epoch_bpcore(data, mb, np_dtype), False
    if who == "bpcore-defaults":  # no thread limit: the reader's defaults
        return epoch_bpcore_defaults(data, mb), False
    torch.set_num_threads(t)
    with threads(t):
        return epoch_torch(data, mb, np_dtype, limit=LIMIT)


def bench_training(n: int, reps: int, book_reps: int, torch_reps: int, seed: int = 0) -> dict:
    """Every competitor's epoch, ``reps`` (``book_reps``, ``torch_reps``) times each, and
    bpcore's parts ``reps`` times; each repetition runs them once each in a shuffled order.

    Returns {"examples", "mini_batches", "threads", "slow_seconds", "limit_seconds",
    "runs": [one record per configuration], "parts": [one record per part]}, every record
    with its seconds (see benchmarks/README.md).
    """
    data = mnist_shaped(n, seed)
    configs = training_configs()
    results = {c: Samples() for c in configs}
    parts = {
        (name, t): Samples() for name in PARTS for t in (THREADS if name == "products" else (1,))
    }
    rows = as_rows(data)
    order_rng = random.Random(seed)
    repeats = {"book": book_reps, "bpcore": reps, "bpcore-defaults": reps, "torch": torch_reps}
    for rep in range(max(reps, book_reps, torch_reps)):
        todo = [
            c
            for c in configs
            if rep < repeats[c[0]] and not (results[c].values and results[c].values[0] > SLOW)
        ]
        if rep < reps:
            todo += [("part", name, t, 10) for name, t in parts]
        order_rng.shuffle(todo)
        for who, dtype, t, mb in todo:
            if who == "part":
                parts[(dtype, t)].values.append(time_part(dtype, t, data, rows))
                continue
            seconds, cut = time_epoch(who, dtype, t, mb, data)
            results[(who, dtype, t, mb)].extrapolated |= cut
            results[(who, dtype, t, mb)].values.append(seconds)
        print(f"  training: repetition {rep + 1} done (load {load_average()})", flush=True)
    return {
        "examples": n,
        "mini_batches": list(MINI_BATCHES),
        "threads": list(THREADS),
        "slow_seconds": SLOW,
        "limit_seconds": LIMIT,
        "runs": [
            {"competitor": who, "dtype": dtype, "threads": t, "mini_batch": mb, **s.to_json()}
            for (who, dtype, t, mb), s in results.items()
        ],
        "parts": [
            {"part": name, "threads": t, "mini_batch": 10, **s.to_json()}
            for (name, t), s in parts.items()
        ],
    }


def profile_epoch(data: Pairs, mb: int, dtype: type, t: int) -> str:
    """cProfile of one bpcore epoch: by cumulative time (the call tree), then by own time."""
    return profile_after_warm_up(t, epoch_bpcore, data, mb, dtype)


# --- 2. roofline ------------------------------------------------------------------------------
def epoch_flops(sizes: list[int], n: int) -> int:
    """Multiply-adds ×2 of one epoch: forward w^l a^{l-1} for every layer, BP4 δ^l (a^{l-1})^T
    for every layer, and BP2 (w^{l+1})^T δ^{l+1} for l = L-1..2 (none into the input layer)."""
    products = [a * b for a, b in zip(sizes[:-1], sizes[1:])]
    return 2 * n * (2 * sum(products) + sum(products[1:]))


def matmul_peak(dtype: type, t: int, size: int, reps: int) -> float:
    """FLOP/s of a square size × size matrix product (best of reps), with t threads."""
    rng = np.random.default_rng(0)
    a = rng.random((size, size)).astype(dtype)
    b = rng.random((size, size)).astype(dtype)
    out = np.empty_like(a)
    best_time = float("inf")
    with threads(t):
        np.matmul(a, b, out=out)  # warm up
        for _ in range(reps):
            start = time.perf_counter()
            np.matmul(a, b, out=out)
            best_time = min(best_time, time.perf_counter() - start)
    return 2 * size**3 / best_time


def bench_roofline(n: int, reps: int, seed: int = 0) -> dict:
    """bpcore's float32 epoch at mini-batch 1000 (its products alone, its loop, the whole
    ``SGD`` call: seconds) and the matmul peak (FLOP/s), ``reps`` times, interleaved so
    that both see the same load."""
    data = mnist_shaped(n, seed)
    rows_x, rows_y = as_rows(data)
    size = 2048
    peaks = {(d, t): [] for d in ("float32", "float64") for t in THREADS}
    loops = {t: Samples() for t in THREADS}
    calls = {t: Samples() for t in THREADS}
    gemms = {t: Samples() for t in THREADS}
    for _ in range(reps):  # interleave the peak with the epochs: same load for both
        for (d, t), values in peaks.items():
            values.append(matmul_peak(np.dtype(d).type, t, size, 3))
        for t in THREADS:
            with threads(t):
                loops[t].values.append(epoch_loop_bpcore(rows_x, rows_y, 1000, np.float32))
                calls[t].values.append(epoch_bpcore(data, 1000, np.float32))
                gemms[t].values.append(epoch_gemms(n, 1000, np.float32))
    return {
        "examples": n,
        "mini_batch": 1000,
        "dtype": "float32",
        "flops": epoch_flops(SIZES, n),
        "matrix_size": size,
        "peaks": [
            {"dtype": d, "threads": t, "flops_per_second": max(values)}
            for (d, t), values in peaks.items()
        ],
        **{
            key: [{"threads": t, **table[t].to_json()} for t in THREADS]
            for key, table in (("products", gemms), ("loop", loops), ("call", calls))
        },
    }


# --- 3. finite differences vs backprop --------------------------------------------------------
FD_WIDTHS = (7, 12, 22, 39, 71, 122, 223)  # nets [w, w, w]: 2w² ≈ 10², …, 10⁵ weights


def bench_finite_differences(max_weights: int, seed: int = 0) -> list[dict]:
    """Seconds of one gradient by backprop, forward and central differences, on nets
    [w, w, w] up to ``max_weights`` weights: one row per net."""
    rows = []
    for width in FD_WIDTHS:
        sizes = [width, width, width]
        weights = 2 * width * width
        if weights > max_weights:
            break
        net = bp.Network(sizes, seed=seed)
        rng = np.random.default_rng(seed)
        x = rng.random((width, 1))
        y = rng.random((width, 1))
        row = {"sizes": sizes, "weights": weights, "parameters": weights + 2 * width}
        # backprop: the minimum of many calls (each well under a millisecond)
        calls = 200
        best_time = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(calls):
                bp.backprop(net, x, y)
            best_time = min(best_time, (time.perf_counter() - start) / calls)
        row["backprop"] = best_time
        # best of a few runs, the two methods alternating so that load hits both alike
        row["forward"] = row["central"] = float("inf")
        for _ in range(3 if weights <= 10_000 else 2):
            for method in ("forward", "central"):
                start = time.perf_counter()
                bp.numerical_gradient(net, x, y, method=method)
                row[method] = min(row[method], time.perf_counter() - start)
        rows.append(row)
        print(
            f"  finite differences: {weights} weights, central/backprop = "
            f"{row['central'] / row['backprop']:.0f}",
            flush=True,
        )
    return rows


# --- 4. interactive latency -------------------------------------------------------------------
def bench_nudge(calls: int, seed: int = 0) -> dict:
    """Seconds of ``NudgeExplorer.nudge`` at random (layer, j, k, Δw), per layer, and of
    ``refresh``: median, 95th percentile, max, min and the number of calls of each."""
    net = bp.Network(SIZES, seed=seed)
    data = mnist_shaped(1, seed)
    x, y = data[0]
    explorer = bp.NudgeExplorer(net, x, y)
    rng = np.random.default_rng(seed)
    choices = []
    for _ in range(calls):
        layer = int(rng.integers(2, 4))
        j = int(rng.integers(0, SIZES[layer - 1]))
        k = int(rng.integers(0, SIZES[layer - 2]))
        choices.append((layer, j, k, float(rng.uniform(-1, 1))))
    explorer.nudge(*choices[0][:3], dw=0.1)  # warm up
    result = {}
    for layer in (2, 3):
        picked = [c for c in choices if c[0] == layer]
        values = latency_samples(
            lambda i, picked=picked: explorer.nudge(
                picked[i][0], picked[i][1], picked[i][2], picked[i][3]
            ),
            len(picked),
        )
        result[f"layer_{layer}"] = describe_latency(values)
    refresh = latency_samples(lambda i: explorer.refresh(), 50)
    result["refresh"] = describe_latency(refresh)
    return result


def bench_slider(calls: int, seed: int = 0) -> dict[str, Any]:
    """Seconds of one Δw slider move of ``NudgeWidget`` in the kernel (``widget.set(dw=...)``:
    recompute the nudge, redraw the SVG picture and the readout): median, 95th percentile,
    max, min, the number of moves, the seconds to build the widget, and the cProfile of 20
    moves. {"error": message} if the widget can't be built.
    """
    try:
        from bpcore.widgets import NudgeWidget
    except Exception as error:  # noqa: BLE001 - the widgets' libraries may be missing
        return {"error": f"{type(error).__name__}: {error}"}
    net = bp.Network(SIZES, seed=seed)
    x, y = mnist_shaped(1, seed)[0]
    start = time.perf_counter()
    widget = NudgeWidget(net, x, y, layer=2, j=3, k=400, dw=0.0)
    built = time.perf_counter() - start
    limit = float(widget._controls["dw"].high)  # the slider's end: ±dw_max
    values = np.linspace(-limit, limit, calls)

    def move(i):
        widget.set(dw=float(values[i]))

    move(0)
    samples = latency_samples(move, calls)
    result = describe_latency(samples)
    result["build"] = built
    result["error_after"] = widget.error
    profile = cProfile.Profile()
    profile.enable()
    for i in range(min(calls, 20)):
        move(i)
    profile.disable()
    result["profile"] = profile_text(profile, 14)
    return result
