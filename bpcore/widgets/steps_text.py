"""The step-by-step explorer's steps and their equations, with bpcore's numbers plugged in.

:func:`algorithm_steps` lists the steps of backpropagation for a network's sizes, neuron
by neuron; :func:`equation` writes a step's equation as text (e.g. ``z^2_1 = (+0.9471)(+0.8)
+ (−0.7037)(+0.3) + (−0.1321) = +0.4144``) with every number it uses, by name. The numbers
come from the state :class:`bpcore.widgets.steps.StepsWidget` computed with bpcore.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from bpcore.backprop import Gradients
from bpcore.network import Network
from bpcore.widgets.svg import shown

Array = np.ndarray

PHASES = {
    "input": "algorithm step 1: input x",
    "forward": "algorithm step 2: feedforward (eq. 23, 25)",
    "output": "algorithm step 3: output error (BP1)",
    "backward": "algorithm step 4: backpropagate the error (BP2)",
    "gradient": "algorithm step 5: the gradient (BP3, BP4)",
    "update": "then gradient descent: w → w − η ∂C/∂w, b → b − η ∂C/∂b",
}


@dataclass(frozen=True)
class Step:
    """One step: its ``phase`` (a key of :data:`PHASES`), and the neuron (``layer``, ``j``)."""

    phase: str
    layer: int = 0
    j: int = 0


def algorithm_steps(sizes: list[int]) -> list[Step]:
    """The steps for a network of these sizes, in the order the algorithm takes them."""
    L = len(sizes)
    steps = [Step("input", 1)]
    steps += [Step("forward", q, j) for q in range(2, L + 1) for j in range(sizes[q - 1])]
    steps += [Step("output", L, j) for j in range(sizes[-1])]
    steps += [Step("backward", q, j) for q in range(L - 1, 1, -1) for j in range(sizes[q - 1])]
    steps += [Step("gradient", q, j) for q in range(2, L + 1) for j in range(sizes[q - 1])]
    return [*steps, Step("update")]


def number(value: float) -> str:
    """Four significant digits, always signed (+0.4144, −0.7037)."""
    return shown(value, 4, sign=True)


@dataclass
class StepsState:
    values: dict[str, Any]
    step: Step
    index: int
    g: Gradients
    grad_a: Array  # ∇_a C at the output, by the network's cost
    primes: list[Array]  # σ'(z^l) of each layer l = 2..L, by its activation
    cost: float
    updated: Network | None  # after w → w − η ∂C/∂w (the update step only)
    y: Array  # the target, (n_L, 1)


def equation(state: StepsState, net: Network) -> tuple[str, dict[str, float], str]:
    """The step's equation with bpcore's numbers plugged in: (text, numbers by name, result)."""
    step, g = state.step, state.g
    q, j = step.layer, step.j
    if step.phase == "input":
        x = g.activations[0][:, 0]
        xs = ", ".join(number(v) for v in x)
        targets = [float(v) for v in _target(state, net)]
        numbers = {f"a^1_{k}": float(v) for k, v in enumerate(x)}
        numbers |= {f"y_{k}": v for k, v in enumerate(targets)}
        text = f"a^1 = x = ({xs}); the target is y = ({', '.join(number(v) for v in targets)})"
        return text, numbers, ""
    if step.phase == "forward":
        return _forward_equation(g, net, q, j)
    if step.phase == "output":
        return _output_equation(state, net, j)
    if step.phase == "backward":
        return _backward_equation(state, net, q, j)
    if step.phase == "gradient":
        return _gradient_equation(g, q, j)
    return _update_equation(state, net)


def _target(state: StepsState, net: Network) -> Array:
    return state.y[:, 0]


def _forward_equation(g: Gradients, net: Network, q: int, j: int) -> tuple[str, dict, str]:
    w, b = net.w(q), net.b(q)
    a_prev, z, a = g.activations[q - 2][:, 0], g.zs[q - 2][j, 0], g.activations[q - 1][j, 0]
    terms = " + ".join(f"({number(w[j, k])})({number(a_prev[k])})" for k in range(w.shape[1]))
    numbers = {f"w^{q}_{j}{k}": float(w[j, k]) for k in range(w.shape[1])}
    numbers |= {f"a^{q - 1}_{k}": float(a_prev[k]) for k in range(w.shape[1])}
    numbers |= {f"b^{q}_{j}": float(b[j, 0]), f"z^{q}_{j}": float(z), f"a^{q}_{j}": float(a)}
    result = number(z)
    text = (
        f"z^{q}_{j} = Σ_k w^{q}_{j}k a^{q - 1}_k + b^{q}_{j} = {terms} + ({number(b[j, 0])}) = "
        f"{result}\na^{q}_{j} = σ(z^{q}_{j}) = {number(a)}"
    )
    return text, numbers, result


def _output_equation(state: StepsState, net: Network, j: int) -> tuple[str, dict, str]:
    g, L = state.g, net.num_layers
    a, s = g.activations[-1][j, 0], state.primes[-1][j, 0]
    grad, delta = state.grad_a[j, 0], g.deltas[-1][j, 0]
    y = _target(state, net)[j]
    result = number(delta)
    numbers = {
        f"a^{L}_{j}": float(a),
        f"y_{j}": float(y),
        f"∂C/∂a^{L}_{j}": float(grad),
        f"σ'(z^{L}_{j})": float(s),
        f"δ^{L}_{j}": float(delta),
        "C": state.cost,
    }
    text = (
        f"δ^{L}_{j} = ∂C/∂a^{L}_{j} · σ′(z^{L}_{j}) = ({number(grad)})({number(s)}) = {result}\n"
        f"∂C/∂a^{L}_{j} from the {net.cost_function.name} cost at a^{L}_{j} = {number(a)}, "
        f"y_{j} = {number(y)}; C = {state.cost:.4g}"
    )
    return text, numbers, result


def _backward_equation(state: StepsState, net: Network, q: int, j: int) -> tuple[str, dict, str]:
    g = state.g
    w_next, delta_next = net.w(q + 1), g.deltas[q - 1][:, 0]
    s, delta = state.primes[q - 2][j, 0], g.deltas[q - 2][j, 0]
    total = float(w_next[:, j] @ delta_next)
    terms = " + ".join(
        f"({number(w_next[k, j])})({number(delta_next[k])})" for k in range(w_next.shape[0])
    )
    numbers = {f"w^{q + 1}_{k}{j}": float(w_next[k, j]) for k in range(w_next.shape[0])}
    numbers |= {f"δ^{q + 1}_{k}": float(delta_next[k]) for k in range(w_next.shape[0])}
    numbers |= {f"σ'(z^{q}_{j})": float(s), f"δ^{q}_{j}": float(delta)}
    result = number(delta)
    text = (
        f"δ^{q}_{j} = (Σ_k w^{q + 1}_k{j} δ^{q + 1}_k) σ′(z^{q}_{j}) = [{terms}] ({number(s)}) "
        f"= ({number(total)})({number(s)}) = {result}"
    )
    return text, numbers, result


def _gradient_equation(g: Gradients, q: int, j: int) -> tuple[str, dict, str]:
    a_prev, delta = g.activations[q - 2][:, 0], g.deltas[q - 2][j, 0]
    nabla_w, nabla_b = g.nabla_w[q - 2], g.nabla_b[q - 2][j, 0]
    result = number(nabla_b)
    lines = [f"∂C/∂b^{q}_{j} = δ^{q}_{j} = {result}  (BP3)"]
    numbers = {f"δ^{q}_{j}": float(delta), f"∂C/∂b^{q}_{j}": float(nabla_b)}
    for k, a in enumerate(a_prev):
        lines.append(
            f"∂C/∂w^{q}_{j}{k} = a^{q - 1}_{k} δ^{q}_{j} = ({number(a)})({number(delta)}) = "
            f"{number(nabla_w[j, k])}  (BP4)"
        )
        numbers[f"a^{q - 1}_{k}"] = float(a)
        numbers[f"∂C/∂w^{q}_{j}{k}"] = float(nabla_w[j, k])
    return "\n".join(lines), numbers, result


def _update_equation(state: StepsState, net: Network) -> tuple[str, dict, str]:
    g, eta, updated = state.g, float(state.values["eta"]), state.updated
    assert updated is not None
    x, y = g.activations[0], _target(state, net).reshape(-1, 1)
    after = updated.cost(x, y)
    lines = [f"every w^l_jk → w^l_jk − η ∂C/∂w^l_jk and b^l_j → b^l_j − η ∂C/∂b^l_j, η = {eta:g}:"]
    numbers = {"η": eta, "C before": state.cost, "C after": after}
    for q in range(2, net.num_layers + 1):
        nabla = g.nabla_w[q - 2]
        j, k = (int(i) for i in np.unravel_index(np.argmax(np.abs(nabla)), nabla.shape))
        w, new = net.w(q)[j, k], updated.w(q)[j, k]
        lines.append(
            f"the largest step of layer {q}: w^{q}_{j}{k} = {number(w)} − ({eta:g})"
            f"({number(nabla[j, k])}) = {number(new)}"
        )
        numbers |= {f"w^{q}_{j}{k}": float(w), f"∂C/∂w^{q}_{j}{k}": float(nabla[j, k])}
        numbers[f"new w^{q}_{j}{k}"] = float(new)
    result = f"{after:.4g}"
    lines.insert(0, f"C on this example: {state.cost:.4g} before the step, {result} after")
    return "\n".join(lines), numbers, result
