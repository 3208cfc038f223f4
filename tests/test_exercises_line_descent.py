"""Notebook 02's descent checker: a right loop passes, each common slip gets its hint, and
bpcore's own descent is refused while the reader's function runs."""

from __future__ import annotations

import numpy as np
import pytest

from bpcore import exercises as ex
from bpcore import line


def descent(m, c, eta, steps, xs, ys):
    for _ in range(steps):
        r = m * xs + c - ys
        m, c = m - eta * float(r @ xs), c - eta * float(r.sum())
    return m, c


def test_a_right_descent_passes_and_the_first_case_is_notebook_02s():
    result = ex.check_line_descent(descent)
    assert result.ok, result.message
    m, c = descent(1.0, 0.0, 0.2, 200, np.array([1.0, 2.0]), np.array([2.0, 3.0]))
    assert (m, c) == pytest.approx((1.001198, 0.998062), abs=1e-6)


def _stale(m, c, eta, steps, xs, ys):  # c updated from the new m: not both from (m, c)
    for _ in range(steps):
        m = m - eta * float((m * xs + c - ys) @ xs)
        c = c - eta * float((m * xs + c - ys).sum())
    return m, c


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda m, c, eta, steps, xs, ys: descent(m, c, eta, steps - 1, xs, ys), "too few"),
        (lambda m, c, eta, steps, xs, ys: descent(m, c, eta, steps + 1, xs, ys), "too many"),
        (lambda m, c, eta, steps, xs, ys: (descent(m, c, eta, steps, xs, ys)[0], c), None),
        (lambda m, c, eta, steps, xs, ys: descent(m, c, -eta, steps, xs, ys), "uphill"),
    ],
)
def test_slips_are_named(wrong, hint):
    result = ex.check_line_descent(wrong)
    assert not result.ok
    if hint:
        assert "Hint:" in result.message and hint in result.message, result.message


def test_updating_c_from_the_new_m_is_wrong():
    assert not ex.check_line_descent(_stale).ok


def test_bpcores_descent_is_refused_and_a_stub_is_not_attempted():
    def borrowed(m, c, eta, steps, xs, ys):
        d = line.descend(m, c, eta, steps, xs, ys)
        return d.m[-1], d.c[-1]

    refused = ex.check_line_descent(borrowed)
    assert not refused.ok and "without bpcore.line's gradient" in refused.message

    def my_line_descent(m, c, eta, steps, xs, ys): ...  # your code

    assert ex.check_line_descent(my_line_descent).status == ex.NOT_ATTEMPTED
