"""The benchmark's plots, figures/bench-*.png, drawn from the results as results.json holds
them (nothing is measured here)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import numpy as np
from summary import best_run


def pyplot() -> ModuleType:
    """matplotlib.pyplot on the Agg backend (files only, no window)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_training(training: dict, sizes: list[int], path: Path) -> None:
    """Seconds per epoch of each competitor at each mini-batch size (median, min–max bars;
    bpcore and PyTorch at their best thread count), on a log axis."""
    import matplotlib.ticker

    plt = pyplot()
    runs, mbs = training["runs"], training["mini_batches"]
    groups = [("book", "float64", "book network.py (per example)", "#999999")]
    for dtype, color in (("float64", "#1f77b4"), ("float32", "#6baed6")):
        groups.append(("bpcore", dtype, f"bpcore {dtype}", color))
    if any(r["competitor"] == "torch" for r in runs):
        for dtype, color in (("float64", "#d62728"), ("float32", "#ff9896")):
            groups.append(("torch", dtype, f"PyTorch {dtype}", color))
    fig, ax = plt.subplots(figsize=(8, 4.2), dpi=110, layout="constrained")
    width = 0.8 / len(groups)
    for g, (who, dtype, label, color) in enumerate(groups):
        medians, lows, highs = [], [], []
        for mb in mbs:
            s = best_run(runs, who, dtype, mb)
            medians.append(s["median"])
            lows.append(s["median"] - s["fastest"])
            highs.append(s["slowest"] - s["median"])
        xs = np.arange(len(mbs)) + (g - (len(groups) - 1) / 2) * width
        ax.bar(xs, medians, width, yerr=[lows, highs], label=label, color=color, capsize=2)
    ax.set_xticks(np.arange(len(mbs)), [f"mini-batch {mb}" for mb in mbs])
    ax.set_yscale("log")
    # plain numbers (0.3, 1, 4) on the log axis rather than 3×10⁻¹
    ax.yaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
    ax.yaxis.set_minor_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
    ax.set_ylabel("seconds per epoch (log scale)")
    ax.set_title(
        f"One SGD epoch, {training['examples']:,} examples, {sizes} "
        "(median, min–max; best thread count)",
        fontsize=10,
    )
    # below the axes, where it covers no bar
    fig.legend(
        *ax.get_legend_handles_labels(), loc="outside lower center", fontsize=8, ncols=len(groups)
    )
    fig.savefig(path)
    plt.close(fig)


def plot_finite_differences(rows: list[dict], path: Path) -> None:
    """Seconds of one gradient each way against the number of weights, and the slow-down
    of the finite differences against backprop, both log-log."""
    plt = pyplot()
    weights = [r["weights"] for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.8), dpi=110, layout="constrained")
    for key, label, style in (
        ("central", "central differences", "o-"),
        ("forward", "forward differences (eq. 46)", "s-"),
        ("backprop", "backpropagation", "^-"),
    ):
        left.loglog(weights, [r[key] for r in rows], style, label=label)
    left.set_xlabel("number of weights")
    left.set_ylabel("seconds for one gradient")
    left.legend(fontsize=8)
    left.set_title("Time for one gradient", fontsize=10)
    for key, label, style in (
        ("central", "central / backprop", "o-"),
        ("forward", "forward / backprop", "s-"),
    ):
        right.loglog(weights, [r[key] / r["backprop"] for r in rows], style, label=label)
    right.set_xlabel("number of weights")
    right.set_ylabel("slow-down against backprop")
    right.legend(fontsize=8)
    right.set_title("The ratio grows with the number of weights", fontsize=10)
    fig.savefig(path)
    plt.close(fig)


def write_plots(results: dict, figures: Path) -> list[Path]:
    """The plots of the suites that ran, into the folder ``figures``; their paths."""
    written = []
    if results.get("training") is not None:
        written.append(figures / "bench-training.png")
        plot_training(results["training"], results["sizes"], written[-1])
    if results.get("finite_differences") is not None:
        written.append(figures / "bench-finite-differences.png")
        plot_finite_differences(results["finite_differences"], written[-1])
    return written
