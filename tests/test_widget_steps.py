"""The step-by-step explorer (notebook 07), driven from Python as the page drives it.

Every number it shows is checked against a computation written here, step by step in
plain numpy (σ, the forward pass, BP1, BP2, BP3/BP4, the update), and the gradients also
against central differences of the cost: nothing here calls bpcore's backprop.
"""

from __future__ import annotations

import html
import json
import re

import numpy as np
import pytest

import bpcore as bp
from bpcore.examples import book_network
from bpcore.widgets import StepsWidget
from bpcore.widgets.steps import algorithm_steps
from bpcore.widgets.svg import ACTIVE


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def by_hand(net, x, y, eta=3.0):
    """The five steps in plain numpy, for a sigmoid network with the quadratic cost."""
    W, B = [w.copy() for w in net.weights], [b.copy() for b in net.biases]
    zs, activations = [], [x]
    for w, b in zip(W, B):
        zs.append(w @ activations[-1] + b)
        activations.append(sigmoid(zs[-1]))
    sp = [sigmoid(z) * (1 - sigmoid(z)) for z in zs]
    deltas = [(activations[-1] - y) * sp[-1]]
    for i in range(len(W) - 2, -1, -1):
        deltas.insert(0, (W[i + 1].T @ deltas[0]) * sp[i])
    nabla_w = [d @ a.T for d, a in zip(deltas, activations[:-1])]
    new_w = [w - eta * n for w, n in zip(W, nabla_w)]
    new_b = [b - eta * d for b, d in zip(B, deltas)]
    a = x
    for w, b in zip(new_w, new_b):
        a = sigmoid(w @ a + b)
    return {
        "zs": zs,
        "activations": activations,
        "sp": sp,
        "deltas": deltas,
        "nabla_w": nabla_w,
        "cost": 0.5 * float(np.sum((activations[-1] - y) ** 2)),
        "cost_after": 0.5 * float(np.sum((a - y) ** 2)),
        "new_w": new_w,
    }


def central_difference(net, x, y, layer, j, k, h=1e-6):
    def cost(dw):
        other = net.copy()
        if k is None:
            other.b(layer)[j, 0] += dw
        else:
            other.w(layer)[j, k] += dw
        return other.cost(x, y)

    return (cost(h) - cost(-h)) / (2 * h)


def expected_numbers(net, x, y, step, eta=3.0):
    """What the readout's ``numbers`` must hold at ``step``, from the computation above."""
    h = by_hand(net, x, y, eta)
    q, j, L = step.layer, step.j, net.num_layers
    if step.phase == "input":
        return {
            **{f"a^1_{k}": x[k, 0] for k in range(x.shape[0])},
            **{f"y_{k}": y[k, 0] for k in range(y.shape[0])},
        }
    if step.phase == "forward":
        w, a_prev = net.w(q), h["activations"][q - 2]
        out = {f"w^{q}_{j}{k}": w[j, k] for k in range(w.shape[1])}
        out |= {f"a^{q - 1}_{k}": a_prev[k, 0] for k in range(w.shape[1])}
        return out | {
            f"b^{q}_{j}": net.b(q)[j, 0],
            f"z^{q}_{j}": h["zs"][q - 2][j, 0],
            f"a^{q}_{j}": h["activations"][q - 1][j, 0],
        }
    if step.phase == "output":
        a = h["activations"][-1][j, 0]
        return {
            f"a^{L}_{j}": a,
            f"y_{j}": y[j, 0],
            f"∂C/∂a^{L}_{j}": a - y[j, 0],
            f"σ'(z^{L}_{j})": h["sp"][-1][j, 0],
            f"δ^{L}_{j}": h["deltas"][-1][j, 0],
            "C": h["cost"],
        }
    if step.phase == "backward":
        w_next = net.w(q + 1)
        out = {f"w^{q + 1}_{k}{j}": w_next[k, j] for k in range(w_next.shape[0])}
        out |= {f"δ^{q + 1}_{k}": h["deltas"][q - 1][k, 0] for k in range(w_next.shape[0])}
        return out | {
            f"σ'(z^{q}_{j})": h["sp"][q - 2][j, 0],
            f"δ^{q}_{j}": h["deltas"][q - 2][j, 0],
        }
    if step.phase == "gradient":
        delta = h["deltas"][q - 2][j, 0]
        out = {f"δ^{q}_{j}": delta, f"∂C/∂b^{q}_{j}": central_difference(net, x, y, q, j, None)}
        for k in range(net.sizes[q - 2]):
            out[f"a^{q - 1}_{k}"] = h["activations"][q - 2][k, 0]
            out[f"∂C/∂w^{q}_{j}{k}"] = central_difference(net, x, y, q, j, k)
        return out
    out = {"η": eta, "C before": h["cost"], "C after": h["cost_after"]}
    for q in range(2, L + 1):
        nabla = h["nabla_w"][q - 2]
        j, k = np.unravel_index(np.argmax(np.abs(nabla)), nabla.shape)
        out |= {
            f"w^{q}_{j}{k}": net.w(q)[j, k],
            f"∂C/∂w^{q}_{j}{k}": nabla[j, k],
            f"new w^{q}_{j}{k}": h["new_w"][q - 2][j, k],
        }
    return out


def shown_numbers(widget) -> list[float]:
    text = html.unescape(re.sub("<[^>]+>", " ", widget.readout_html)).replace("\u2212", "-")
    text = re.sub(r"[a-zσδ′']+\^\d+_\d+|[a-zy]_\d+|\^\d+|_\d+", " ", text)  # names, not numbers
    return [float(t) for t in re.findall(r"[-+]?\d+\.?\d*(?:e[-+]?\d+)?", text)]


def assert_readout_is_right(widget, net, x, y, eta=3.0):
    step = widget.steps[widget.values["step"] - 1]
    want = expected_numbers(net, x, y, step, eta)
    got = widget.readout["numbers"]
    assert set(got) == set(want), (step, sorted(got), sorted(want))
    for name, value in want.items():
        tolerance = 1e-7 if "∂C/∂" in name and step.phase == "gradient" else 1e-12
        assert got[name] == pytest.approx(value, rel=1e-6, abs=tolerance), (step, name)
    # and the page shows each of them, with four significant digits
    shown = shown_numbers(widget)
    for name, value in want.items():
        if name.startswith("y_") or name == "η":
            continue
        assert any(abs(s - value) <= 5e-4 * abs(value) + 1e-12 for s in shown), (name, value, shown)


def test_the_steps_are_the_algorithms_in_order():
    steps = algorithm_steps([2, 3, 2])
    phases = [s.phase for s in steps]
    assert phases == ["input"] + ["forward"] * 5 + ["output"] * 2 + ["backward"] * 3 + [
        "gradient"
    ] * 5 + ["update"]
    assert [(s.layer, s.j) for s in steps if s.phase == "backward"] == [(2, 0), (2, 1), (2, 2)]
    assert [s.layer for s in algorithm_steps([2, 3, 3, 2]) if s.phase == "backward"] == [3] * 3 + [
        2
    ] * 3


def test_every_step_of_the_default_network_shows_the_right_numbers():
    net, x, y = book_network()
    widget = StepsWidget()
    assert widget.values["step"] == 1 and widget.readout["steps"] == 17
    for i in range(17):
        widget.set(step=i + 1)
        assert widget.error == ""
        assert_readout_is_right(widget, net, x, y)


def test_the_briefs_example_equation_is_shown():
    widget = StepsWidget(step=3)  # z^2_1
    assert (
        "z^2_1 = Σ_k w^2_1k a^1_k + b^2_1 = (+0.9471)(+0.8) + (−0.7037)(+0.3) + (−0.1321) = +0.4144"
        in widget.readout["equation"]
    )
    assert "<b>+0.4144</b>" in widget.readout_html


@pytest.mark.parametrize("values", [{"x_0": -1.25, "y_1": 0.6}, {"x_1": 2.0, "eta": 0.5}])
def test_the_input_target_and_eta_can_be_changed(values):
    net, x, y = book_network()
    widget = StepsWidget()
    widget.set(**values)
    x, y = x.copy(), y.copy()
    x[0, 0], x[1, 0] = values.get("x_0", x[0, 0]), values.get("x_1", x[1, 0])
    y[1, 0] = values.get("y_1", y[1, 0])
    for i in (3, 6, 9, 13, 16):
        widget.set(step=i + 1)
        assert_readout_is_right(widget, net, x, y, values.get("eta", 3.0))


def test_a_deeper_network_with_another_activation_and_cost():
    net = bp.Network([3, 4, 3, 2], seed=4)
    x, y = np.array([[0.2], [-0.4], [0.9]]), np.array([[0.0], [1.0]])
    widget = StepsWidget(net, x, y)
    assert widget.readout["steps"] == 1 + 9 + 2 + 7 + 9 + 1
    for i in range(widget.readout["steps"]):
        widget.set(step=i + 1)
        assert_readout_is_right(widget, net, x, y)
    # tanh hidden neurons and the cross-entropy cost: check δ against finite differences
    other = bp.Network([2, 3, 2], activation=["tanh", "sigmoid"], cost="cross_entropy", seed=1)
    x, y = np.array([[0.5], [-0.3]]), np.array([[1.0], [0.0]])
    widget = StepsWidget(other, x, y)
    for i, step in enumerate(widget.steps):
        if step.phase == "gradient":
            widget.set(step=i + 1)
            for k in range(2):
                name = f"∂C/∂w^{step.layer}_{step.j}{k}"
                if name in widget.readout["numbers"]:
                    want = central_difference(other, x, y, step.layer, step.j, k)
                    assert widget.readout["numbers"][name] == pytest.approx(want, abs=1e-8)


def active_edges(svg: str) -> set[tuple[int, int, int]]:
    out = set()
    for attributes in re.findall(r"<line ([^>]*)/>", svg):
        pick = re.search(r'data-pick="([^"]+)"', attributes)
        if pick and f'stroke="{ACTIVE}"' in attributes:
            p = json.loads(html.unescape(pick.group(1)))
            out.add((p["layer"], p["j"], p["k"]))
    return out


def test_each_step_highlights_what_it_uses_and_labels_what_is_known():
    widget = StepsWidget(step=3)  # z^2_1 uses w^2_10, w^2_11
    assert active_edges(widget.svg) == {(2, 1, 0), (2, 1, 1)}
    assert "a=+0.6913" in widget.svg and "a=+0.6022" in widget.svg  # a^2_0 and a^2_1 known
    assert "a=+0.3638" not in widget.svg  # a^2_2 comes at the next step
    widget.set(step=10)  # δ^2_1 uses w^3_01, w^3_11
    assert active_edges(widget.svg) == {(3, 0, 1), (3, 1, 1)}
    assert "δ=−0.004283" in widget.svg and "δ=+0.07035" in widget.svg
    assert "δ=+0.005098" not in widget.svg  # δ^2_2 comes at the next step
    widget.set(step=7)  # δ^3_0 (BP1) uses no weight
    assert active_edges(widget.svg) == set()
    widget.set(step=17)  # the update: new biases beside the neurons
    net, x, y = book_network()
    h = by_hand(net, x, y)
    new_b = net.b(3)[0, 0] - 3.0 * h["deltas"][1][0, 0]
    assert f"b→{new_b:+.4g}".replace("-", "−") in widget.svg


def test_the_page_steps_through_intents():
    widget = StepsWidget()
    for seq in range(1, 5):
        widget.intent = {"seq": seq, "values": {"step": seq}, "action": None}
        assert widget.done == seq and widget.readout["step"] == seq
    widget.intent = {"seq": 5, "values": {"step": 18}, "action": None}
    assert widget.done == 5 and "step: expected" in widget.error and widget.readout["step"] == 4


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"step": 0}, r"step: expected an integer in 1..17, got 0"),
        ({"step": 2.5}, r"step"),
        ({"x_0": 3.0}, r"x_0: expected a number in \[-2, 2\]"),
        ({"y_0": float("nan")}, r"y_0"),
        ({"eta": 0}, r"eta"),
        ({"x_5": 0.1}, r"x_5: not a control of StepsWidget"),
    ],
)
def test_a_refused_value_is_shown_and_changes_nothing(changes, message):
    widget = StepsWidget(step=4)
    before = (dict(widget.values), widget.svg, widget.readout_html)
    widget.set(**changes)
    assert re.search(message, widget.error), widget.error
    assert (dict(widget.values), widget.svg, widget.readout_html) == before


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"net": "2-3-2"}, r"net: expected a bpcore Network, got str"),
        ({"net": bp.Network([2, 12, 2])}, r"net: .* at most 6 layers of at most 10 neurons"),
        (
            {
                "net": bp.Network(
                    [2, 3, 2], activation=["sigmoid", "softmax"], cost="log_likelihood"
                )
            },
            r"net: layer 3's activation 'softmax' couples",
        ),
        ({"x": [1, 2]}, r"net: x and y were given without a network"),
        ({"step": 99}, r"step"),
    ],
)
def test_bad_constructor_arguments_are_named(arguments, message):
    if "net" in arguments and not isinstance(arguments["net"], str):
        net = arguments["net"]
        arguments = {"net": net, "x": np.zeros((2, 1)), "y": np.zeros((2, 1))}
    with pytest.raises((TypeError, ValueError), match=message):
        StepsWidget(**arguments)


def test_the_network_passed_in_is_never_changed_and_the_fallback_is_the_picture():
    net, x, y = book_network()
    before = [w.copy() for w in net.weights]
    widget = StepsWidget(net, x, y, step=17)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights))
    data, _ = widget._repr_mimebundle_()
    assert data["image/svg+xml"] == widget.svg and data["image/svg+xml"].startswith("<svg")
    assert data["text/plain"].startswith("StepsWidget([2, 3, 2]): 17 / 17 · C on this example")
