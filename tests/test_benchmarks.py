"""The benchmark's competitors compute what they claim, and its report says what it measured.

Speed is never asserted here; only that the book's reference and the hand-specialised
yardstick do the same arithmetic as bpcore, so that their times compare like with like,
and that RESULTS.md is written from the numbers in the results (nothing is timed).
"""

import json
import sys
from pathlib import Path

import numpy as np
import pytest

import bpcore as bp

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
book_network = pytest.importorskip("book_network")
competitors = pytest.importorskip("competitors")
suites = pytest.importorskip("suites")
report = pytest.importorskip("report")
summary = pytest.importorskip("summary")
timing = pytest.importorskip("timing")


def _rows(n, sizes, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, sizes[0])), np.eye(sizes[-1])[rng.integers(0, sizes[-1], n)]


def test_book_reference_backprop_is_bpcore_backprop():
    net = bp.Network([5, 4, 3], seed=2)
    book = book_network.Network([5, 4, 3], seed=0)
    book.weights = [w.copy() for w in net.weights]
    book.biases = [b.copy() for b in net.biases]
    rows_x, rows_y = _rows(1, [5, 4, 3])
    x, y = rows_x.T, rows_y.T
    nabla_b, nabla_w = book.backprop(x, y)
    g = bp.backprop(net, x, y)
    for mine, theirs in zip(g.nabla_b + g.nabla_w, nabla_b + nabla_w, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("mb", [4, 7])  # 7 leaves a short last batch of 30 examples
def test_fused_yardstick_takes_the_same_steps_as_bpcore(mb):
    rows_x, rows_y = _rows(30, competitors.SIZES)
    ours = bp.Network(competitors.SIZES, seed=1)
    fused = ours.copy()
    competitors.epoch_loop_bpcore(rows_x, rows_y, mb, np.float64, net=ours)
    competitors.epoch_fused(rows_x, rows_y, mb, np.float64, net=fused)
    changed = bp.Network(competitors.SIZES, seed=1)
    assert not np.allclose(ours.weights[1], changed.weights[1])  # training did something
    for p, q in zip(ours.weights + ours.biases, fused.weights + fused.biases, strict=True):
        np.testing.assert_allclose(p, q, rtol=1e-10, atol=1e-12)


def test_epoch_flops_counts_forward_bp4_and_bp2_products():
    # [3, 4, 2], one example: forward 12 + 8, BP4 12 + 8, BP2 into layer 2 only: 8
    assert suites.epoch_flops([3, 4, 2], 1) == 2 * (12 + 8 + 12 + 8 + 8)


def _runs(who, dtype, threads, seconds):
    """Training records as the training suite writes them, the same seconds at every mb."""
    return [
        {
            "competitor": who,
            "dtype": dtype,
            "threads": threads,
            "mini_batch": mb,
            **timing.Samples(list(seconds)).to_json(),
        }
        for mb in (10, 100, 1000)
    ]


def _small_results():
    """A results dict as results.json holds it, with round numbers and nothing timed."""
    runs = _runs("book", "float64", 1, [4.0, 5.0])
    runs += _runs("bpcore-defaults", "float64", 0, [1.0, 1.25])
    for dtype, scale in (("float64", 1.0), ("float32", 0.5)):
        runs += _runs("bpcore", dtype, 1, [0.5 * scale, 0.6 * scale])
        runs += _runs("bpcore", dtype, 2, [0.7 * scale, 0.8 * scale])
        runs += _runs("torch", dtype, 2, [2.0 * scale, 3.0 * scale])
    parts = [
        {"part": name, "threads": t, "mini_batch": 10, **timing.Samples([s, s]).to_json()}
        for name, t, s in [
            ("conversion", 1, 0.125),
            ("products", 1, 0.25),
            ("products", 2, 0.25),
            ("loop", 1, 0.375),
            ("fused", 1, 0.3125),
        ]
    ]
    latency = {"median": 2e-4, "p95": 3e-4, "max": 4e-4, "min": 1e-4, "calls": 50}
    return {
        "schema_version": 1,
        "quick": False,
        "sizes": [784, 30, 10],
        "eta": 3.0,
        "machine": {"date": "2030-01-02T03:04:05", "numpy": "9.9.9", "threadpools": []},
        "profiles": {"mb10": "PROFILE OF MINI-BATCH 10"},
        "training": {
            "examples": 50_000,
            "mini_batches": [10, 100, 1000],
            "threads": [1, 2],
            "slow_seconds": 20.0,
            "limit_seconds": 30.0,
            "runs": runs,
            "parts": parts,
        },
        "finite_differences": [
            {
                "sizes": [7, 7, 7],
                "weights": 98,
                "parameters": 112,
                "backprop": 1e-4,
                "forward": 0.004,
                "central": 0.008,
            }
        ],
        "nudge": {"layer_2": latency, "layer_3": latency, "refresh": latency},
    }


def test_report_writes_results_md_from_the_numbers_in_the_results(tmp_path):
    results = json.loads(json.dumps(summary.summarise(_small_results()), allow_nan=False))
    fastest = results["training"]["speed_ups"]["fastest"][0]
    assert fastest["mini_batch"] == 10
    assert fastest["vs_book"]["float64"] == pytest.approx(4.0 / 0.5)
    assert fastest["vs_torch"]["float32"]["ratio"] == pytest.approx(2.0 / 0.5)
    assert fastest["defaults_vs_book"] == pytest.approx(4.0 / 1.0)
    assert [t["name"] for t in results["targets"]] == [
        "book",
        "book_defaults",
        "torch_float64",
        "torch_float32",
        "nudge",
    ]
    report.write_report(results, tmp_path / "RESULTS.md")
    text = (tmp_path / "RESULTS.md").read_text(encoding="utf-8")
    assert "on 2030-01-02T03:04:05" in text and "| numpy | 9.9.9 |" in text
    # the book's row, bpcore's float64 rows, seconds as median (min–max)
    assert "| book network.py (per example) | float64 | 1 | 4.500 (4.000–5.000) |" in text
    assert "| bpcore | float64 | 2 | 0.750 (0.700–0.800) |" in text
    # fastest-run ratios: 4.0 / 0.5 against the book, 2.0 / 0.5 against PyTorch at 1 vs 2 threads
    assert "| 10 | 8.0× | 16.0× | 4.0× (1 vs 2 threads) | 4.0× (1 vs 2 threads) |" in text
    assert (
        "| 10 | 8.2× | 16.4× | 4.5× (1 vs 2 threads) | 4.5× (1 vs 2 threads) |" in text
    )  # medians
    assert "8.0× (medians 8.2×) | **missed**: short by 1.50× |" in text
    # bpcore with every default: 4.0 / 1.0 (fastest), 4.5 / 1.125 (medians), short of 5×
    assert "| bpcore, defaults | float64 | BLAS's own | 1.125 (1.000–1.250) |" in text
    assert "| 10 | 4.0× | 4.0× |" in text
    assert (
        "| bpcore's default `net.SGD(data, 1, 10, η)` ≥ 5× the book's per-example algorithm "
        "(float64, the bar on, no training-cost pass, BLAS's own threads) | 4.0× (medians "
        "4.0×) | **missed**: short by 1.25× |"
    ) in text
    assert "| bpcore mb=10 ≥ 3× PyTorch mb=10, float64 | 4.0× (medians 4.5×) | **met** |" in text
    # the breakdown: loop − products = 0.375 − 0.25, and the ceiling 0.125 + 0.25
    assert "numpy's per-call overhead | 0.125 |" in text
    assert "| ceiling: conversion + the products alone | 0.375 | 10.7× |" in text
    assert "| [7, 7, 7] | 98 | 1.00e-04 | 0.00400 | 0.00800 | 40× | 80× |" in text
    assert "| nudge, layer l = 2 | 50 | 0.200 | 0.300 | 0.400 |" in text
    assert "| nudge < 1 ms (median, worse layer) | 0.200 ms | **met** |" in text
    assert "PROFILE OF MINI-BATCH 10" in text  # the book's target was missed
    assert "## Roofline" not in text and "### Slider move" not in text  # not in the results


def test_the_default_settings_epoch_draws_its_bar_into_a_buffer(capfd):
    seconds = competitors.epoch_bpcore_defaults(competitors.mnist_shaped(30), 10)
    assert seconds > 0
    assert capfd.readouterr() == ("", "")  # the bar did its work, off the terminal
