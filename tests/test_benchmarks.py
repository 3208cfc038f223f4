"""The benchmark's competitors compute what they claim.

Speed is never asserted here; only that the book's reference and the hand-specialised
yardstick do the same arithmetic as bpcore, so that their times compare like with like.
"""

import sys
from pathlib import Path

import numpy as np
import pytest

import bpcore as bp

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
book_network = pytest.importorskip("book_network")
competitors = pytest.importorskip("competitors")
suites = pytest.importorskip("suites")


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
