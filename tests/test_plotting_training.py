"""Pictures of a training run (bpcore.plotting.training): what each figure holds."""

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


def test_training_cost_is_one_line_of_the_costs_against_epochs_from_one():
    costs = [0.24, 0.18, 0.15, 0.11]
    figure = plotting.plot_training_cost(costs, title="SGD, $\\eta = 0.5$")
    figure.canvas.draw()
    assert isinstance(figure, Figure)
    (ax,) = figure.axes
    (line,) = ax.get_lines()
    assert list(line.get_xdata()) == [1, 2, 3, 4]
    assert np.array_equal(line.get_ydata(), costs)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("epoch", "training cost C")
    assert ax.get_title() == "SGD, $\\eta = 0.5$"


@pytest.mark.parametrize("costs", [[], [[0.1, 0.2]]])
def test_training_cost_refuses_what_is_not_one_cost_per_epoch(costs):
    with pytest.raises(ValueError, match="costs: expected one cost per epoch"):
        plotting.plot_training_cost(costs)


def test_validation_accuracy_draws_each_recorded_run_in_percent_and_the_reference():
    runs = {"λ = 5.0": [250, 260, 272], "λ = 0.12": [270, 280, 287], "λ = 0 (above)": None}
    figure = plotting.plot_validation_accuracy(
        runs, 300, reference=("λ = 0: after 3 epochs", 288), title="the 8×8 digits"
    )
    figure.canvas.draw()
    (ax,) = figure.axes
    lines = ax.get_lines()
    assert len(lines) == 3  # two recorded runs, then the reference; the None run is left out
    assert list(lines[0].get_xdata()) == [1, 2, 3]
    assert np.allclose(lines[0].get_ydata(), [250 / 3, 260 / 3, 272 / 3])
    assert np.allclose(lines[1].get_ydata(), [90.0, 280 / 3, 287 / 3])
    assert np.allclose(lines[2].get_ydata(), [96.0, 96.0])
    assert lines[2].get_linestyle() == "--"
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["λ = 5.0", "λ = 0.12", "λ = 0: after 3 epochs"]
    assert ax.get_ylabel() == "validation accuracy (%)"
    assert ax.get_title() == "the 8×8 digits"


def test_validation_accuracy_without_a_reference_has_no_dashed_line():
    figure = plotting.plot_validation_accuracy({"run": [1, 2]}, 4)
    (ax,) = figure.axes
    assert [line.get_linestyle() for line in ax.get_lines()] == ["-"]
    assert np.allclose(ax.get_lines()[0].get_ydata(), [25.0, 50.0])


@pytest.mark.parametrize(
    "runs, size, match",
    [({"run": [1]}, 0, "size: expected"), ({"run": None}, 10, "runs: expected at least one")],
)
def test_validation_accuracy_refuses_bad_input(runs, size, match):
    with pytest.raises(ValueError, match=match):
        plotting.plot_validation_accuracy(runs, size)
