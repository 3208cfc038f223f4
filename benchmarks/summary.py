"""What the measurements add up to: speed-ups, the roofline's shares of the peak, and the
targets judged on them. Works on the results as results.json holds them (plain dicts),
so it times nothing and needs neither bpcore nor torch.

The targets below are each judged on numbers measured in one run on one machine.
"""

from __future__ import annotations

from typing import Any

# bpcore's SGD at mini-batch 10, float64, at least this many times faster than the book's
# per-example algorithm (the ratio of the fastest runs). An earlier, looser target asked 10×.
TARGET_BOOK = 12.0
# bpcore's SGD as a reader calls it, net.SGD(data, 1, 10, η) with every default (float64, the
# progress bar, no training-cost pass, BLAS's own threads; the conversion of the book's list
# of pairs counted), at least this many times faster than the book's per-example algorithm.
TARGET_BOOK_DEFAULTS = 5.0
# bpcore's SGD at mini-batch 10 at least this many times faster than PyTorch autograd at
# mini-batch 10, in the same dtype, each at its best thread count.
TARGET_TORCH = 3.0
# bpcore's float32 epoch loop at mini-batch 1000 reaches at least this share of the
# machine's matmul peak: the epoch's FLOPs over its fastest run, against the FLOP/s of the
# fastest 2048×2048 product.
TARGET_ROOFLINE = 0.40
# One NudgeExplorer.nudge (what a Δw slider calls) under this many milliseconds: median,
# in the slower of the two layers.
TARGET_NUDGE_MS = 1.0
# One Δw slider move of NudgeWidget, recompute and redraw, under this many milliseconds.
TARGET_SLIDER_MS = 150.0

STATS = ("median", "fastest")  # speed-ups as the ratio of the medians, of the fastest runs


def best_run(runs: list[dict], competitor: str, dtype: str, mb: int) -> dict | None:
    """The record (over thread counts) with the smallest median, or None if none ran."""
    options = [
        r
        for r in runs
        if (r["competitor"], r["dtype"], r["mini_batch"]) == (competitor, dtype, mb)
        and r["seconds"]
    ]
    return min(options, key=lambda r: r["median"]) if options else None


def speed_ups(training: dict) -> dict[str, list[dict]]:
    """Speed-ups of bpcore over the book and over PyTorch, each at its best thread count.

    {"median": rows, "fastest": rows}: ratios of the medians and of the fastest runs. A row
    per mini-batch: {"mini_batch", "vs_book": {dtype: ratio}, "defaults_vs_book": ratio of
    bpcore with every default (None when not measured), "vs_torch": {dtype: {"ratio",
    "bpcore_threads", "torch_threads"} or None when PyTorch did not run}}. A ratio is the
    other side's seconds over bpcore's: 5.0 means bpcore is five times faster.
    """
    runs = training["runs"]
    tables = {}
    for stat in STATS:
        rows = []
        for mb in training["mini_batches"]:
            book = best_run(runs, "book", "float64", mb)
            row = {"mini_batch": mb, "vs_book": {}, "vs_torch": {}}
            defaults = best_run(runs, "bpcore-defaults", "float64", mb)
            row["defaults_vs_book"] = None if defaults is None else book[stat] / defaults[stat]
            for dtype in ("float64", "float32"):
                ours = best_run(runs, "bpcore", dtype, mb)
                row["vs_book"][dtype] = book[stat] / ours[stat]
                theirs = best_run(runs, "torch", dtype, mb)
                row["vs_torch"][dtype] = None
                if theirs is not None:
                    row["vs_torch"][dtype] = {
                        "ratio": theirs[stat] / ours[stat],
                        "bpcore_threads": ours["threads"],
                        "torch_threads": theirs["threads"],
                    }
            rows.append(row)
        tables[stat] = rows
    return tables


def roofline_shares(roofline: dict) -> dict[str, float]:
    """The float32 peak (FLOP/s, best thread count) and the shares of it that the products
    alone and the epoch loop reach (the epoch's FLOPs over its fastest run, best thread
    count): fractions, 0.25 meaning 25%."""
    peak = max(p["flops_per_second"] for p in roofline["peaks"] if p["dtype"] == "float32")
    flops = roofline["flops"]
    return {
        "peak_flops_per_second": peak,
        "products_share_of_peak": max(flops / r["fastest"] for r in roofline["products"]) / peak,
        "loop_share_of_peak": max(flops / r["fastest"] for r in roofline["loop"]) / peak,
    }


def target(name: str, goal: float, measured: float | None, met: bool | None, **more) -> dict:
    """One row of results.json's "targets"."""
    return {"name": name, "target": goal, "measured": measured, "met": met, **more}


def training_targets(training: dict) -> list[dict]:
    """The targets on the speed-ups at mini-batch 10: against the book, against PyTorch."""
    fastest, medians = (
        next(row for row in training["speed_ups"][stat] if row["mini_batch"] == 10)
        for stat in ("fastest", "median")
    )
    r = fastest["vs_book"]["float64"]
    medians_r = medians["vs_book"]["float64"]
    targets = [
        target("book", TARGET_BOOK, r, r >= TARGET_BOOK, unit="ratio", measured_medians=medians_r)
    ]
    if fastest.get("defaults_vs_book") is not None:
        r, medians_r = fastest["defaults_vs_book"], medians["defaults_vs_book"]
        ok = r >= TARGET_BOOK_DEFAULTS
        targets.append(
            target(
                "book_defaults",
                TARGET_BOOK_DEFAULTS,
                r,
                ok,
                unit="ratio",
                measured_medians=medians_r,
            )
        )
    for dtype in ("float64", "float32"):
        if fastest["vs_torch"][dtype] is None:
            continue  # PyTorch is not installed
        r = fastest["vs_torch"][dtype]["ratio"]
        medians_r = medians["vs_torch"][dtype]["ratio"]
        ok = r >= TARGET_TORCH
        targets.append(
            target(f"torch_{dtype}", TARGET_TORCH, r, ok, unit="ratio", measured_medians=medians_r)
        )
    return targets


def judge(results: dict) -> list[dict]:
    """The targets of the suites that ran, in the order RESULTS.md lists them.

    Each {"name", "target", "measured", "met", "unit"}, plus "measured_medians" for the
    speed-ups. Units: "ratio" (5.0 = five times faster), "share of peak" (a fraction,
    0.25 = 25%) or "seconds". "measured" and "met" are None for what could not be measured.
    """
    targets = []
    if results.get("training") is not None:
        targets += training_targets(results["training"])
    roofline = results.get("roofline")
    if roofline is not None:
        share = roofline["loop_share_of_peak"]
        ok = share >= TARGET_ROOFLINE
        targets.append(target("roofline", TARGET_ROOFLINE, share, ok, unit="share of peak"))
    nudge = results.get("nudge")
    if nudge is not None:
        worst = max(nudge["layer_2"]["median"], nudge["layer_3"]["median"])
        ok = worst * 1e3 < TARGET_NUDGE_MS
        targets.append(target("nudge", TARGET_NUDGE_MS / 1e3, worst, ok, unit="seconds"))
    slider = results.get("slider")
    if slider is not None:
        goal = TARGET_SLIDER_MS / 1e3
        if "error" in slider:  # the widget could not be built
            targets.append(target("slider", goal, None, None, unit="seconds"))
        else:
            ok = slider["median"] * 1e3 < TARGET_SLIDER_MS
            targets.append(target("slider", goal, slider["median"], ok, unit="seconds"))
    return targets


def summarise(results: dict[str, Any]) -> dict[str, Any]:
    """Add the derived numbers to ``results`` (in place, and return it): the speed-ups, the
    roofline's shares of the peak, and the judged targets."""
    if results.get("training") is not None:
        results["training"]["speed_ups"] = speed_ups(results["training"])
    if results.get("roofline") is not None:
        results["roofline"].update(roofline_shares(results["roofline"]))
    results["targets"] = judge(results)
    return results
