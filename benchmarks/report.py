"""RESULTS.md, written from the results as results.json holds them.

Nothing here measures anything: every number comes from the results dict (seconds,
FLOP/s, and the ratios and verdicts that summary.py derived), so RESULTS.md can be
rewritten from results.json alone (``python benchmarks/run.py --report-only``). The
sections on training epochs are in report_training.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import report_ui
from report_training import (
    breakdown,
    roofline_prose,
    roofline_tables,
    speed_up_tables,
    training_table,
)


def verdict(ok: bool) -> str:
    """A target's verdict, in bold."""
    return "**met**" if ok else "**missed**"


# --- the top: how it was run, on what machine, and the targets --------------------------------
def header(results: dict) -> list[str]:
    """The title, how the file was written, and the machine."""
    info = results["machine"]
    quick = results["quick"]
    lines = [
        "# bpcore benchmarks",
        "",
        f"Written by `python benchmarks/run.py{' --quick' if quick else ''}` "
        f"(`make bench`) on {info['date']}. Every comparison ran in one process, the",
        "competitors interleaved in a shuffled order in each repetition; times are",
        "**median (min–max)** over the repetitions. See benchmarks/README.md for what",
        "each comparison means.",
        "",
    ]
    if quick:
        lines += [
            "> **Quick run** (`--quick`): fewer examples and repetitions. These are not",
            "> the reference numbers; run `make bench` for those.",
            "",
        ]
    lines += ["## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in info.items() if key != "threadpools"]
    lines += ["", "Thread pools (threadpoolctl):", "", "```"]
    lines += [json.dumps(pool) for pool in info.get("threadpools", [])]
    lines += [
        "```",
        "",
        "The machine is shared (2 cores, other jobs running); the load average above says",
        "how busy it was. Ratios within one run are the meaningful numbers.",
        "",
    ]
    return lines


def target_row(t: dict) -> str:
    """One row of the targets table: what was asked, what was measured, the verdict."""
    name, goal, measured = t["name"], t["target"], t["measured"]
    short = f": short by {goal / measured:.2f}×" if t["met"] is False else ""
    if name == "book":
        return (
            f"| bpcore mb=10 float64 ≥ {goal:.0f}× the book's per-example algorithm "
            f"(an earlier target: ≥ 10×) | {measured:.1f}× (medians "
            f"{t['measured_medians']:.1f}×) | {verdict(t['met'])}{short} |"
        )
    if name == "book_defaults":
        return (
            f"| bpcore's default `net.SGD(data, 1, 10, η)` ≥ {goal:.0f}× the book's per-example "
            f"algorithm (float64, the bar on, no training-cost pass, BLAS's own threads) | "
            f"{measured:.1f}× (medians {t['measured_medians']:.1f}×) | {verdict(t['met'])}{short} |"
        )
    if name.startswith("torch_"):
        return (
            f"| bpcore mb=10 ≥ {goal:.0f}× PyTorch mb=10, {name[len('torch_') :]} | "
            f"{measured:.1f}× (medians {t['measured_medians']:.1f}×) "
            f"| {verdict(t['met'])}{short} |"
        )
    if name == "roofline":
        return (
            f"| ≥ {goal:.0%} of matmul peak at mb=1000 float32 (epoch loop) | "
            f"{measured:.0%} | {verdict(t['met'])}{short} |"
        )
    if name == "nudge":
        return (
            f"| nudge < {1e3 * goal:g} ms (median, worse layer) | "
            f"{1e3 * measured:.3f} ms | {verdict(t['met'])} |"
        )
    if measured is None:  # the slider, when the widget could not be built
        return f"| slider move < {1e3 * goal:g} ms | not yet measurable | — |"
    return (
        f"| slider move < {1e3 * goal:g} ms (median) | {1e3 * measured:.1f} ms "
        f"| {verdict(t['met'])} |"
    )


def targets_table(targets: list[dict]) -> list[str]:
    return ["## Targets", "", "| target | measured | verdict |", "|---|---|---|"] + [
        target_row(t) for t in targets
    ]


# --- finite differences, latency, profiles ----------------------------------------------------
def finite_differences(rows: list[dict]) -> list[str]:
    """Seconds of one gradient each way, and the slow-down against backprop."""
    lines = [
        "## Finite differences vs backpropagation",
        "",
        "One gradient (every ∂C/∂w and ∂C/∂b) of nets [w, w, w] at one example: "
        "`bp.numerical_gradient` (forward differences, eq. 46, one extra forward pass "
        "per parameter; central, two) against `bp.backprop` (one forward and one "
        "backward pass). Seconds (best of 3 runs, of 2 above 10⁴ weights; the two "
        "difference methods alternate):",
        "",
        "| net | weights | backprop | forward differences | central differences | "
        "forward / backprop | central / backprop |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['sizes']} | {row['weights']:,} | {row['backprop']:.2e} | "
            f"{row['forward']:#.3g} | {row['central']:#.3g} | "
            f"{row['forward'] / row['backprop']:,.0f}× | "
            f"{row['central'] / row['backprop']:,.0f}× |"
        )
    return lines + [
        "",
        "The ratio grows in proportion to the number of weights, as the chapter argues: "
        "a million weights would need a million forward passes.",
        "",
        "![finite differences vs backprop](../figures/bench-finite-differences.png)",
        "",
    ]


def nudge_latency(nudge: dict, sizes: list[int]) -> list[str]:
    """Milliseconds of a nudge in each layer, and of a refresh."""
    lines = [
        "## Interactive latency",
        "",
        f"`NudgeExplorer.nudge(layer, j, k, dw)` on {sizes} at one example, random "
        "(j, k, Δw) (milliseconds):",
        "",
        "| call | calls | median | 95th percentile | max |",
        "|---|---|---|---|---|",
    ]
    for key, label in (
        ("layer_2", "nudge, layer l = 2"),
        ("layer_3", "nudge, layer l = 3"),
        ("refresh", "refresh (forward + backprop once)"),
    ):
        d = nudge[key]
        lines.append(
            f"| {label} | {d['calls']} | {1e3 * d['median']:.3f} | "
            f"{1e3 * d['p95']:.3f} | {1e3 * d['max']:.3f} |"
        )
    return lines + [""]


def slider_latency(slider: dict, sizes: list[int]) -> list[str]:
    """Milliseconds of a slider move, and where they go."""
    if "error" in slider:
        return [
            "### Slider move",
            "",
            "Not yet measurable: `bpcore.widgets.NudgeWidget` could not be imported "
            f"({slider['error']}).",
            "",
        ]
    return [
        "### Slider move",
        "",
        f"`NudgeWidget(net, x, y)` on {sizes} (nudging w^2_3,400), one Δw slider "
        "move in the kernel = `widget.set(dw=...)`, which recomputes the nudge and draws "
        "the new SVG picture and readout before it returns (milliseconds; the browser's "
        "part is in the section on the explorers in the browser):",
        "",
        "| moves | median | 95th percentile | max | building the widget |",
        "|---|---|---|---|---|",
        f"| {slider['calls']} | {1e3 * slider['median']:.1f} | {1e3 * slider['p95']:.1f} | "
        f"{1e3 * slider['max']:.1f} | {1e3 * slider['build']:.0f} |",
        "",
        "Where the time of 20 moves goes (cProfile, by own time):",
        "",
        "```",
        slider["profile"],
        "```",
        "",
    ]


def profiles_of_misses(targets: list[dict], profiles: dict[str, str]) -> list[str]:
    """The cProfile listings that explain the missed targets."""
    missed = {t["name"] for t in targets if t["met"] is False}
    if not missed or not profiles:
        return []
    lines = ["## Where the time goes (misses)", ""]
    if missed & {"book", "book_defaults", "torch_float64", "torch_float32"} and "mb10" in profiles:
        lines += [
            "cProfile of one bpcore `SGD` epoch at mini-batch 10, float64, 1 thread, "
            "sorted by cumulative time, then by own time (profiling inflates small "
            "calls):",
            "",
            "```",
            profiles["mb10"],
            "```",
            "",
        ]
    if "roofline" in missed and "mb1000" in profiles:
        lines += [
            "cProfile of one bpcore `SGD` epoch at mini-batch 1000, float32, 2 threads, "
            "sorted by cumulative time, then by own time:",
            "",
            "```",
            profiles["mb1000"],
            "```",
            "",
        ]
    return lines


# --- the whole file ---------------------------------------------------------------------------
def render(results: dict[str, Any]) -> str:
    """The text of RESULTS.md for the results (a dict as results.json holds it)."""
    sections = []
    training = results.get("training")
    if training is not None:
        sections += training_table(results) + speed_up_tables(training) + breakdown(training)
    roofline = results.get("roofline")
    if roofline is not None:
        goal = next(t["target"] for t in results["targets"] if t["name"] == "roofline")
        sections += roofline_tables(roofline) + roofline_prose(roofline, goal)
    if results.get("finite_differences") is not None:
        sections += finite_differences(results["finite_differences"])
    if results.get("nudge") is not None:
        sections += nudge_latency(results["nudge"], results["sizes"])
    if results.get("slider") is not None:
        sections += slider_latency(results["slider"], results["sizes"])
    if "ui" in results:
        sections += report_ui.ui_latency(results["ui"])
    sections += profiles_of_misses(results["targets"], results.get("profiles", {}))
    text = "\n".join(header(results) + targets_table(results["targets"]) + [""] + sections)
    return text.rstrip() + "\n"


def write_report(results: dict[str, Any], path: Path) -> None:
    """Write RESULTS.md for the results to ``path``."""
    path.write_text(render(results), encoding="utf-8")
