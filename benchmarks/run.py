"""bpcore's speed, measured: ``python benchmarks/run.py`` (``make bench``) writes
results.json, and from it RESULTS.md and figures/bench-*.png.

The comparisons (suites.py), each run in this one process with the competitors
interleaved (every repetition runs each competitor once, in a shuffled order, so that a
burst of load on this shared machine hits all of them alike); medians with min–max:
training epoch (the book, bpcore, PyTorch), roofline, finite differences against
backprop, and the latency of a nudge and of a slider move. benchmarks/README.md says
what each measures and what results.json holds.

Options: ``--quick`` (a smoke run of about a minute: fewer examples and repetitions;
its results are not the reference numbers), ``--output PATH`` (RESULTS.md),
``--json PATH`` (results.json; by default beside ``--output``), ``--figures DIR``,
``--only NAME ...`` (training, roofline, fd, nudge, slider, ui: only these are measured,
and the other suites' results already in results.json are kept), ``--report-only``
(rewrite RESULTS.md and the plots from the results.json there, measuring nothing).
``ui`` (ui_latency.py, ``make bench-ui``) times the explorers in JupyterLab in chromium.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
import plots  # noqa: E402
import report  # noqa: E402
import suites  # noqa: E402
import summary  # noqa: E402
import ui_latency  # noqa: E402
from competitors import ETA, SIZES, mnist_shaped  # noqa: E402
from machine import machine  # noqa: E402
from timing import load_average  # noqa: E402

SUITES = ("training", "roofline", "fd", "nudge", "slider", "ui")
SCHEMA_VERSION = 1

# How much each run measures. examples: training and roofline data set size; reps: runs of
# each bpcore configuration (book_reps, torch_reps: of the book's and PyTorch's);
# roof_reps: roofline runs; fd_max: largest net (weights) of the finite differences;
# calls: nudges timed; moves: slider moves timed.
FULL = dict(
    examples=50_000,
    reps=7,
    book_reps=7,
    torch_reps=7,
    roof_reps=5,
    fd_max=100_000,
    calls=2000,
    moves=200,
    presses=30,
)
QUICK = dict(
    examples=5_000,
    reps=2,
    book_reps=2,
    torch_reps=2,
    roof_reps=2,
    fd_max=11_000,
    calls=200,
    moves=60,
    presses=8,
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fast smoke run (not reference)")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--json", type=Path, default=None, help="results.json (default: beside --output)"
    )
    parser.add_argument("--figures", type=Path, default=ROOT / "figures")
    parser.add_argument("--only", nargs="*", default=None, choices=list(SUITES))
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="rewrite RESULTS.md and the plots from the results.json, measuring nothing",
    )
    args = parser.parse_args(argv)
    if args.json is None:
        args.json = args.output.parent / "results.json"
    return args


def measure(want: set[str], quick: bool) -> dict:
    """Run the suites in ``want`` and return their results, as results.json holds them."""
    size = QUICK if quick else FULL
    n = size["examples"]
    results = {
        "schema_version": SCHEMA_VERSION,
        "quick": quick,
        "sizes": SIZES,
        "eta": ETA,
        "machine": machine(),
        "profiles": {},
    }
    print(f"bpcore benchmarks ({'quick' if quick else 'full'}); load {load_average()}")
    if "training" in want:
        print("training epoch ...", flush=True)
        reps = (size["reps"], size["book_reps"], size["torch_reps"])
        results["training"] = suites.bench_training(n, *reps)
        data = mnist_shaped(n)
        results["profiles"]["mb10"] = suites.profile_epoch(data, 10, np.float64, 1)
        results["profiles"]["mb1000"] = suites.profile_epoch(data, 1000, np.float32, 2)
    if "roofline" in want:
        print("roofline ...", flush=True)
        results["roofline"] = suites.bench_roofline(n, size["roof_reps"])
    if "fd" in want:
        print("finite differences vs backprop ...", flush=True)
        results["finite_differences"] = suites.bench_finite_differences(size["fd_max"])
    if "nudge" in want:
        print("nudge latency ...", flush=True)
        results["nudge"] = suites.bench_nudge(size["calls"])
    if "slider" in want:
        print("slider latency ...", flush=True)
        results["slider"] = suites.bench_slider(size["moves"])
    if "ui" in want:
        print("explorers in the browser ...", flush=True)
        results["ui"] = ui_latency.bench_ui(presses=size["presses"])
    if "roofline" in want and "training" not in want:
        results["profiles"]["mb1000"] = suites.profile_epoch(mnist_shaped(n), 1000, np.float32, 2)
    results["machine"]["load average at end"] = load_average()
    return summary.summarise(results)


def publish(args: argparse.Namespace) -> None:
    """RESULTS.md and the plots, from results.json as written on disk."""
    results = json.loads(args.json.read_text(encoding="utf-8"))
    args.figures.mkdir(parents=True, exist_ok=True)
    plots.write_plots(results, args.figures)
    report.write_report(results, args.output)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    if not args.report_only:
        results = measure(set(args.only or SUITES), args.quick)
        if args.only and args.json.exists():  # keep what the other suites measured before
            before = json.loads(args.json.read_text(encoding="utf-8"))
            kept = {k: v for k, v in before.items() if k not in results or k == "profiles"}
            results = summary.summarise(
                {
                    **kept,
                    **results,
                    "profiles": {**before.get("profiles", {}), **results.get("profiles", {})},
                }
            )
        args.json.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(results, indent=1, ensure_ascii=False, allow_nan=False)
        args.json.write_text(text + "\n", encoding="utf-8")
    publish(args)
    source = "from" if args.report_only else "and"
    print(f"wrote {args.output} {source} {args.json} in {time.perf_counter() - started:.0f} s")
    print(
        args.output.read_text(encoding="utf-8")
        .split("## Training epoch")[0]
        .split("## Targets")[-1]
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
