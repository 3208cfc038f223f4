"""RESULTS.md's sections on training epochs: the seconds of every competitor, the
speed-ups, bpcore's mini-batch-10 epoch taken apart, and the roofline at mini-batch 1000.

Like report.py, it formats the results as results.json holds them and measures nothing.
"""

from __future__ import annotations

from summary import best_run
from timing import Samples

# the order of the training table's rows
COMPETITORS = ("book", "bpcore-defaults", "bpcore", "torch")
STAT_LABELS = {"median": "ratio of medians", "fastest": "ratio of the fastest runs"}


# --- training epoch ---------------------------------------------------------------------------
def training_table(results: dict) -> list[str]:
    """The seconds of every competitor's epoch, one row per (competitor, dtype, threads)."""
    training = results["training"]
    mbs = training["mini_batches"]
    lines = [
        "## Training epoch",
        "",
        f"(1 run): a configuration slower than {training['slow_seconds']:g} s in its first run "
        f"is not repeated; ~: a PyTorch run cut after {training['limit_seconds']:g} s, its "
        "time extrapolated from the mini-batches done. Both keep the suite within its time "
        "on a busy machine.",
        "",
        f"One epoch of SGD over {training['examples']:,} MNIST-shaped examples (uniform random "
        f"pixels, one-hot targets) in the book's list-of-pairs format, net {results['sizes']}, "
        f"sigmoid, quadratic cost, η = {results['eta']}. bpcore's time is one "
        "`net.SGD(data, 1, mb, η)` call, the conversion of the list of pairs to matrices "
        'included: as a reader types it ("defaults": float64, the progress bar on, BLAS\'s '
        "own thread count) and tuned (`progress=False`, the threads set); neither makes the "
        "pass over the training set for its cost, which is off unless asked for. PyTorch's "
        "time includes its conversion to one tensor. Seconds:",
        "",
        "| competitor | dtype | threads | " + " | ".join(f"mb = {mb}" for mb in mbs) + " |",
        "|---|---|---|" + "---|" * len(mbs),
    ]
    cells = {
        (r["competitor"], r["dtype"], r["threads"], r["mini_batch"]): Samples.from_json(r).cell()
        for r in training["runs"]
    }
    names = {
        "book": "book network.py (per example)",
        "bpcore-defaults": "bpcore, defaults",
        "bpcore": "bpcore",
        "torch": f"PyTorch {results['machine'].get('torch', '')}",
    }
    keys = sorted({k[:3] for k in cells}, key=lambda k: (COMPETITORS.index(k[0]), k[1], k[2]))
    for who, dtype, t in keys:
        row = [cells.get((who, dtype, t, mb), "—") for mb in mbs]
        shown = "BLAS's own" if t == 0 else t
        lines.append(f"| {names[who]} | {dtype} | {shown} | " + " | ".join(row) + " |")
    return lines


def speed_up_tables(training: dict) -> list[str]:
    """The speed-ups, as the ratio of the medians and of the fastest runs."""
    lines = []
    for stat, label in STAT_LABELS.items():
        lines += [
            "",
            f"Speed-ups ({label}; bpcore and PyTorch at their best thread count):",
            "",
            "| mb | bpcore f64 vs book | bpcore f32 vs book | "
            "bpcore f64 vs PyTorch f64 | bpcore f32 vs PyTorch f32 |",
            "|---|---|---|---|---|",
        ]
        for row in training["speed_ups"][stat]:
            cells = [f"{row['mini_batch']}"]
            cells += [f"{row['vs_book'][dtype]:.1f}×" for dtype in ("float64", "float32")]
            for dtype in ("float64", "float32"):
                torch = row["vs_torch"][dtype]
                cells.append(
                    "—"
                    if torch is None
                    else f"{torch['ratio']:.1f}× ({torch['bpcore_threads']} vs "
                    f"{torch['torch_threads']} threads)"
                )
            lines.append("| " + " | ".join(cells) + " |")
    lines += defaults_table(training)
    return lines + [
        "",
        "Every competitor runs the same number of times. A target is judged on the "
        "ratio of the fastest runs: on a shared machine load only ever adds time, so "
        "each side's fastest run is its least disturbed one, and with equal numbers of "
        "runs neither side gets more chances. The ratio of medians is given beside it.",
    ]


def defaults_table(training: dict) -> list[str]:
    """bpcore's SGD with every default against the book, both ratios, at each mini-batch."""
    rows = {stat: training["speed_ups"][stat] for stat in STAT_LABELS}
    if all(row.get("defaults_vs_book") is None for row in rows["fastest"]):
        return []
    lines = [
        "",
        "bpcore as a reader calls it, `net.SGD(data, 1, mb, η)` with every default, against "
        "the book (float64):",
        "",
        "| mb | ratio of the fastest runs | ratio of medians |",
        "|---|---|---|",
    ]
    for fastest, median in zip(rows["fastest"], rows["median"]):
        cells = [fastest.get("defaults_vs_book"), median.get("defaults_vs_book")]
        shown = ["—" if c is None else f"{c:.1f}×" for c in cells]
        lines.append(f"| {fastest['mini_batch']} | {shown[0]} | {shown[1]} |")
    return lines


def breakdown(training: dict) -> list[str]:
    """bpcore's mini-batch-10 float64 epoch taken apart, beside the book's fastest run.

    Sums and differences of parts use each part's fastest run: on a shared machine load
    only ever adds time, and medians of separately timed parts need not add up.
    """
    book = Samples.from_json(best_run(training["runs"], "book", "float64", 10))
    ours = Samples.from_json(best_run(training["runs"], "bpcore", "float64", 10))
    parts = {(p["part"], p["threads"]): Samples.from_json(p) for p in training["parts"]}
    conversion, products, loop, fused = (
        parts[(name, 1)].low for name in ("conversion", "products", "loop", "fused")
    )
    return [
        "",
        "Where bpcore's mini-batch-10 float64 epoch goes (1 thread where not said; the "
        "loops run on data already converted). Cells are median (min–max); the "
        "differences, sums and ratios in the last column use the fastest runs:",
        "",
        "| part | seconds | the book's fastest run / this |",
        "|---|---|---|",
        f"| the whole `SGD` call (best thread count, from the table above) | "
        f"{ours.cell()} | {book.low / ours.low:.1f}× |",
        f"| converting the list of pairs (`bp.as_matrices`) | "
        f"{parts[('conversion', 1)].cell()} | |",
        f"| bpcore's epoch loop (`train.gradient_step` on `train.MiniBatches`) | "
        f"{parts[('loop', 1)].cell()} | {book.low / loop:.1f}× |",
        f"| — of which the five matrix products per batch alone (fixed buffers; 2 threads "
        f"{parts[('products', 2)].cell()}) | {parts[('products', 1)].cell()} | |",
        f"| — of which everything else: gather, σ, σ', BP1–BP4's elementwise work, the "
        f"update, numpy's per-call overhead | {loop - products:.3f} | |",
        f"| the same loop hand-specialised to this network (`epoch_fused`: sigmoid and "
        f"quadratic written out, every array preallocated, every step in place) | "
        f"{parts[('fused', 1)].cell()} | {book.low / fused:.1f}× |",
        f"| ceiling: conversion + the products alone | {conversion + products:.3f} | "
        f"{book.low / (conversion + products):.1f}× |",
        f"| ceiling: conversion + the hand-specialised loop | {conversion + fused:.3f} | "
        f"{book.low / (conversion + fused):.1f}× |",
        "",
        f"bpcore's generality (any activation and cost per layer, BP1–BP4 kept as the "
        f"functions the notebooks show) costs {100 * (loop / fused - 1):.0f}% of the loop "
        "against the hand-specialised one. The rest is the floor of numpy on this "
        "machine: five BLAS calls on skinny matrices and some thirty other numpy calls "
        "per mini-batch of 10, each a microsecond or more, plus the one conversion.",
        "",
        "![training epoch](../figures/bench-training.png)",
        "",
    ]


# --- roofline ---------------------------------------------------------------------------------
def roofline_tables(roofline: dict) -> list[str]:
    """The epoch's FLOPs, the matmul peaks, and each part of the epoch's share of the peak."""
    flops, peak = roofline["flops"], roofline["peak_flops_per_second"]
    size = roofline["matrix_size"]
    threads = [r["threads"] for r in roofline["loop"]]
    peaks = {(p["dtype"], p["threads"]): p["flops_per_second"] for p in roofline["peaks"]}
    lines = [
        f"## Roofline (mini-batch {roofline['mini_batch']}, {roofline['dtype']})",
        "",
        f"FLOPs of one epoch over {roofline['examples']:,} examples: 2 × multiply-adds of the "
        "forward products w^l a^{l-1} (every layer), of BP4's δ^l (a^{l-1})^T (every "
        "layer) and of BP2's (w^{l+1})^T δ^{l+1} (l = L-1..2; nothing is propagated "
        f"into the input layer) = **{flops / 1e9:.3f} GFLOP** (elementwise work not "
        f"counted). Peak: the best of {size}×{size} matrix products, measured between the "
        "epochs (GFLOP/s):",
        "",
        "| dtype | " + " | ".join(f"{t} thread{'s' * (t > 1)}" for t in threads) + " |",
        "|---|" + "---|" * len(threads),
    ]
    for d in ("float32", "float64"):
        lines.append(f"| {d} | " + " | ".join(f"{peaks[(d, t)] / 1e9:.1f}" for t in threads) + " |")
    lines += [
        "",
        "| bpcore float32, mb = 1000 | threads | seconds | GFLOP/s (fastest run) | % of peak |",
        "|---|---|---|---|---|",
    ]
    for label, key in (
        ("only the matrix products of an epoch (BLAS ceiling)", "products"),
        ("epoch loop (data already converted)", "loop"),
        ("whole `SGD` call (conversion included)", "call"),
    ):
        for record in roofline[key]:
            rate = flops / record["fastest"]  # the fastest run, as the peak is the fastest product
            lines.append(
                f"| {label} | {record['threads']} | {Samples.from_json(record).cell()} | "
                f"{rate / 1e9:.1f} | {100 * rate / peak:.0f}% |"
            )
    return lines


def roofline_prose(roofline: dict, goal: float) -> list[str]:
    """What the peak means here, and why the products alone fall short of ``goal``."""
    peak = roofline["peak_flops_per_second"]
    gemm_share, loop_share = roofline["products_share_of_peak"], roofline["loop_share_of_peak"]
    why = (
        f", below the {goal:.0%} target before any other work is done: w^2 "
        "has 30 rows, and BLAS reaches its square-matrix peak only on operands large in "
        "every dimension, so the target cannot be met with these shapes and this BLAS"
        if gemm_share < goal
        else ""
    )
    return [
        "",
        f"Peak = {peak / 1e9:.1f} GFLOP/s (float32, best thread count). The target is "
        f"judged on the epoch loop: the one-time conversion of {roofline['examples']:,} Python "
        "pairs is data loading, not arithmetic (the whole call's share is shown beside it). "
        "The peak is measured under the same load as the epochs: when another job holds "
        "one of the two cores, the 2-thread peak drops towards the 1-thread one and the "
        "percentages rise with it; the BLAS-ceiling row, measured the same way, is the "
        "fair yardstick for the loop.",
        "",
        f"The products alone reach {gemm_share:.0%} of the peak{why}. The epoch loop "
        f"reaches {loop_share / gemm_share:.0%} of what the products allow; the rest of "
        "its time is gathering each mini-batch of 1000 rows (3 MB in float32, "
        f"{roofline['examples'] // 1000} times an epoch), σ and σ' over 40 × 1000 numbers, "
        "and BP1–BP4's elementwise work (the mini-batch-1000 profile under \"Where the "
        'time goes" shows each).',
        "",
    ]
