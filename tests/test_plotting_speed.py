"""Pictures of notebook 09 (bpcore.plotting.speed): passes, seconds, and the error of ε."""

import matplotlib

matplotlib.use("Agg")  # no display in tests; set here, not in the shared conftest

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from bpcore import plotting  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _only_axes(figure):
    assert isinstance(figure, Figure)
    figure.canvas.draw()
    (ax,) = figure.axes
    return ax


def _labels(ax):
    return [text.get_text() for text in ax.get_legend().get_texts()]


def test_pass_counts_are_three_log_log_lines_in_the_given_order():
    P = [31, 52, 94]
    ax = _only_axes(
        plotting.plot_pass_counts(
            P, [32, 53, 95], [62, 104, 188], [2, 2, 2], networks="[10, h, 10]"
        )
    )
    lines = ax.get_lines()
    assert [list(line.get_ydata()) for line in lines] == [[32, 53, 95], [62, 104, 188], [2, 2, 2]]
    assert all(list(line.get_xdata()) == P for line in lines)
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    assert _labels(ax) == [
        "eq. 46, forward differences: $P+1$",
        "central differences: $2P$",
        "backprop: 1 forward + 1 backward",
    ]
    assert ax.get_xlabel() == "number of parameters $P$ (networks [10, h, 10])"


def test_pass_counts_without_a_family_say_only_P():
    ax = _only_axes(plotting.plot_pass_counts([31], [32], [62], [2]))
    assert ax.get_xlabel() == "number of parameters $P$"


def test_gradient_times_are_two_lines_eq46_first():
    ax = _only_axes(plotting.plot_gradient_times([31, 5386], [4e-3, 0.27], [1.9e-4, 8.5e-5]))
    lines = ax.get_lines()
    assert [list(line.get_ydata()) for line in lines] == [[4e-3, 0.27], [1.9e-4, 8.5e-5]]
    assert _labels(ax) == ["eq. 46 (forward differences)", "backpropagation"]
    assert ax.get_ylabel() == "seconds for one gradient (measured)"


def test_difference_errors_draw_the_measurements_and_the_three_terms():
    eps = np.logspace(-8, 0, 9)
    forward, central = 1e-3 * eps + 1e-17 / eps, 1e-4 * eps**2 + 1e-17 / eps
    u = 2.0**-53
    ax = _only_axes(
        plotting.plot_difference_errors(
            eps, forward, central, cost=0.4, second=-0.03, third=0.003, parameter=(3, 0, 1)
        )
    )
    lines = ax.get_lines()
    assert len(lines) == 5
    assert np.array_equal(lines[0].get_ydata(), forward)
    assert np.array_equal(lines[1].get_ydata(), central)
    assert np.allclose(lines[2].get_ydata(), 0.5 * 0.03 * eps)  # ½|C''|ε, slope 1
    assert np.allclose(lines[3].get_ydata(), 0.003 / 6 * eps**2)  # ⅙|C'''|ε², slope 2
    assert np.allclose(lines[4].get_ydata(), u * 0.4 / eps)  # rounding, slope −1
    assert len(_labels(ax)) == 5
    assert "w^{3}_{01}" in ax.get_ylabel()
    assert ax.get_ylim() == (1e-18, 1)


def test_difference_errors_name_a_bias_as_b():
    ax = _only_axes(
        plotting.plot_difference_errors(
            [1e-3, 1e-2],
            [1e-6, 1e-5],
            [1e-9, 1e-8],
            cost=1,
            second=1,
            third=1,
            parameter=(2, 1, None),
        )
    )
    assert "b^{2}_{1}" in ax.get_ylabel()


@pytest.mark.parametrize(
    "call",
    [
        lambda: plotting.plot_pass_counts([1, 2], [2, 3], [2], [2, 2]),
        lambda: plotting.plot_gradient_times([], [], []),
        lambda: plotting.plot_difference_errors(
            [[1e-3]], [[1e-6]], [[1e-9]], cost=1, second=1, third=1
        ),
    ],
)
def test_series_of_different_lengths_or_shapes_are_refused(call):
    with pytest.raises(ValueError, match="expected one value per point each"):
        call()
