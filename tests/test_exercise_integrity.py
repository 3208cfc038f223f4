"""Checkers check the method they teach: calling bpcore's own answer is refused, and says why.

For every checker, the cheats a reader might try — ``bp.backprop``, ``net.backprop``,
``bp.paths(...).total``, ``bp.nudge(...).dC``, ``bp.numerical_gradient``, the equation
functions, a name imported before the check — give ✗ with the exercise's reason. And
bpcore is itself again afterwards, whatever happened during the check.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

import bpcore as bp
from bpcore import exercises as ex
from bpcore import line
from bpcore.backprop import backprop as backprop_imported_early
from bpcore.examples import book_network
from bpcore.exercises import forbid, timelimit
from bpcore.exercises.plain_network import WITHHELD, PlainNetwork


def network(net):
    """A real bpcore Network with the plain network's parameters: the cheat's first move."""
    return bp.Network.from_parameters(net.weights, net.biases)


def path_sum(net, x, y, layer, j, k):
    record = net.forward(x)
    zs, activations = record.zs, record.activations
    sigma_prime = [bp.activations.sigmoid_prime(z) for z in zs]
    rates = np.zeros(net.sizes[layer - 1])
    rates[j] = sigma_prime[layer - 2][j, 0] * activations[layer - 2][k, 0]
    for q in range(layer, net.num_layers):
        rates = (sigma_prime[q - 1] * net.weights[q - 1]) @ rates
    return float(rates @ (activations[-1] - y)[:, 0])


def swallowing(cheat, honest):
    """Tries ``cheat``, catches the refusal, and returns the honest answer."""

    def fn(*args):
        try:
            cheat(*args)
        except Exception:
            pass
        return honest(*args)

    return fn


PATHS = "compute ∂C/∂w as a sum over paths, without backpropagation"
BACKPROP = "write backpropagation's steps yourself"
CHAIN = "multiply the chain's factors yourself (eq. 85)"
FINITE = "by finite differences yourself (eq. 46)"
NUDGE = "change the weight and run the network again yourself"

CHEATS = [
    # --- path sum (10): nothing of bpcore's that knows ∂C/∂w -------------------------------------
    (
        "path_sum bp.backprop",
        ex.check_path_sum,
        lambda net, x, y, l, j, k: bp.backprop(network(net), x, y).nabla_w[l - 2][j, k],
        ["your function called bp.backprop", PATHS],
    ),
    (
        "path_sum bp.backprop on the plain network",
        ex.check_path_sum,
        lambda net, x, y, l, j, k: bp.backprop(net, x, y).nabla_w[l - 2][j, k],
        ["called bp.backprop", PATHS],
    ),
    (
        "path_sum net.backprop",
        ex.check_path_sum,
        lambda net, x, y, l, j, k: net.backprop(x, y)[1][l - 2][j, k],
        ["asked the network for backprop", PATHS],
    ),
    (
        "path_sum Network.backprop",
        ex.check_path_sum,
        lambda net, x, y, l, j, k: network(net).backprop(x, y)[1][l - 2][j, k],
        ["called Network.backprop", PATHS],
    ),
    (
        "path_sum imported early",
        ex.check_path_sum,
        lambda net, x, y, l, j, k: backprop_imported_early(network(net), x, y).nabla_w[l - 2][j, k],
        ["called bp.backprop", PATHS],
    ),
    (
        "path_sum module attribute",
        ex.check_path_sum,
        lambda net, x, y, l, j, k: (
            sys.modules["bpcore.backprop"].backprop(network(net), x, y).nabla_w[l - 2][j, k]
        ),
        ["called bp.backprop", PATHS],
    ),
    (
        "path_sum bp.paths",
        ex.check_path_sum,
        lambda net, x, y, l, j, k: bp.paths(network(net), x, y, l, j, k).total,
        ["called bp.paths", PATHS],
    ),
    (
        "path_sum bp.nudge",
        ex.check_path_sum,
        lambda net, x, y, l, j, k: bp.nudge(network(net), x, y, l, j, k).gradient,
        ["called bp.nudge", PATHS],
    ),
    (
        "path_sum bp.Nudger",
        ex.check_path_sum,
        lambda net, x, y, l, j, k: bp.Nudger(network(net), x, y).nudge(l, j, k).gradient,
        ["called Nudger", PATHS],
    ),
    (
        "path_sum bp.numerical_gradient",
        ex.check_path_sum,
        lambda net, x, y, l, j, k: bp.numerical_gradient(network(net), x, y)[1][l - 2][j, k],
        ["called bp.numerical_gradient", PATHS],
    ),
    (
        "path_sum bp.gradient_check",
        ex.check_path_sum,
        lambda net, x, y, l, j, k: bp.gradient_check(network(net), x, y),
        ["called bp.gradient_check", PATHS],
    ),
    (
        "path_sum swallowing the refusal, then failing",
        ex.check_path_sum,
        swallowing(lambda net, x, y, *rest: bp.backprop(network(net), x, y), lambda *a: 1 / 0),
        ["called bp.backprop", PATHS],
    ),
    (
        "path_sum swallowing the refusal",
        ex.check_path_sum,
        swallowing(lambda net, x, y, *rest: bp.backprop(network(net), x, y), path_sum),
        ["called bp.backprop", PATHS],
    ),
    (
        "path_sum bp.delta_expanded",
        ex.check_path_sum,
        lambda net, x, y, l, j, k: bp.delta_expanded(net.weights, [], y, [], l)[j, 0],
        ["called bp.delta_expanded", PATHS],
    ),
    (
        "path_sum BP2 and BP4 one layer at a time",
        ex.check_path_sum,
        lambda net, x, y, l, j, k: bp.bp4_weight_gradient(
            x, bp.bp2_hidden_error(net.weights[-1], y, x)
        )[j, k],
        ["called bp.bp2_hidden_error", PATHS],
    ),
    (
        "path_sum BP1",
        ex.check_path_sum,
        lambda net, x, y, l, j, k: bp.bp1_output_error(x, y)[j, 0],
        ["called bp.bp1_output_error", PATHS],
    ),
    # --- the chain (11) --------------------------------------------------------------------------
    (
        "chain bp.chain",
        ex.check_chain_gradient,
        lambda x, w, y: bp.chain(x, w, y).product,
        ["called bp.chain", CHAIN],
    ),
    (
        "chain bp.chain_gradient",
        ex.check_chain_gradient,
        lambda x, w, y: bp.chain_gradient(bp.chain(x, w, y)),
        ["called bp.chain", CHAIN],
    ),
    (
        "chain bp.backprop",
        ex.check_chain_gradient,
        lambda x, w, y: bp.backprop(
            bp.Network.from_parameters([[[v]] for v in w], [[[0.0]] for v in w]), [[x]], [[y]]
        ).nabla_w[0][0, 0],
        ["called bp.backprop", CHAIN],
    ),
    (
        "chain BP1 and BP2",
        ex.check_chain_gradient,
        lambda x, w, y: bp.bp2_hidden_error([[w[-1]]], bp.bp1_output_error([[x]], [[y]]), [[x]])[
            0, 0
        ],
        ["called bp.bp1_output_error", CHAIN],
    ),
    # --- backprop (07, 08) -----------------------------------------------------------------------
    (
        "backprop net.backprop",
        ex.check_backprop,
        lambda net, x, y: net.backprop(x, y),
        ["asked the network for backprop", BACKPROP],
    ),
    (
        "backprop bp.backprop",
        ex.check_backprop,
        lambda net, x, y: bp.backprop(network(net), x, y).nabla_b,
        ["called bp.backprop", BACKPROP],
    ),
    (
        "backprop numerical gradient",
        ex.check_backprop,
        lambda net, x, y: bp.numerical_gradient(network(net), x, y),
        ["called bp.numerical_gradient", BACKPROP],
    ),
    (
        "backprop train.gradient_step",
        ex.check_backprop,
        lambda net, x, y: bp.train.gradient_step(network(net), x, y, 1.0),
        ["called bpcore.train.gradient_step", BACKPROP],
    ),
    (
        "matrix backprop net.backprop",
        ex.check_matrix_backprop,
        lambda net, X, Y: net.backprop(X, Y),
        ["asked the network for backprop", BACKPROP],
    ),
    (
        "matrix backprop bp.backprop",
        ex.check_matrix_backprop,
        lambda net, X, Y: network(net).backprop(X, Y),
        ["called Network.backprop", BACKPROP],
    ),
    # --- finite differences (09) -----------------------------------------------------------------
    (
        "numerical bp.numerical_gradient",
        ex.check_numerical_gradient,
        lambda net, x, y, eps: bp.numerical_gradient(network(net), x, y, eps),
        ["called bp.numerical_gradient", FINITE],
    ),
    (
        "numerical bp.backprop",
        ex.check_numerical_gradient,
        lambda net, x, y, eps: network(net).backprop(x, y),
        ["called Network.backprop", FINITE],
    ),
    (
        "passes by running",
        ex.check_passes_needed,
        lambda sizes, method: bp.gradient_check(bp.Network(sizes), np.ones((sizes[0], 1)), 0.5),
        ["called bp.gradient_check", "count the passes from the sizes"],
    ),
    # --- nudge (10) ------------------------------------------------------------------------------
    (
        "nudge bp.nudge",
        ex.check_nudge,
        lambda net, x, y, l, j, k, dw: bp.nudge(network(net), x, y, l, j, k, dw).dC,
        ["called bp.nudge", NUDGE],
    ),
    (
        "nudge bp.Nudger",
        ex.check_nudge,
        lambda net, x, y, l, j, k, dw: bp.Nudger(network(net), x, y).nudge(l, j, k, dw).dC,
        ["called Nudger", NUDGE],
    ),
    # --- the equations (05, 06) ------------------------------------------------------------------
    (
        "bp1",
        ex.check_bp1,
        lambda g, z: bp.bp1_output_error(g, z, "sigmoid"),
        ["called bp.bp1_output_error", "write BP1"],
    ),
    (
        "bp1 through the cost",
        ex.check_bp1,
        lambda g, z: bp.get_cost("quadratic").output_error(z, g, np.zeros_like(g), "sigmoid"),
        ["called bp.bp1_output_error", "write BP1"],
    ),
    (
        "bp2",
        ex.check_bp2,
        lambda w, d, z: bp.bp2_hidden_error(w, d, z, "sigmoid"),
        ["called bp.bp2_hidden_error", "write BP2"],
    ),
    ("bp3", ex.check_bp3, bp.bp3_bias_gradient, ["called bp.bp3_bias_gradient", "write BP3"]),
    ("bp4", ex.check_bp4, bp.bp4_weight_gradient, ["called bp.bp4_weight_gradient", "write BP4"]),
    (
        "sigma form",
        ex.check_sigma_form,
        lambda z: bp.sigma_prime_matrix(z, "sigmoid"),
        ["called bp.sigma_prime_matrix", "Σ'(z) (Problem 1)"],
    ),
    # --- forward pass, cost, line (01-04) --------------------------------------------------------
    (
        "feedforward Network",
        ex.check_feedforward,
        lambda W, B, x: bp.Network.from_parameters(W, B).feedforward(x),
        ["called Network.feedforward", "write the forward pass (eq. 25)"],
    ),
    (
        "feedforward bp.forward",
        ex.check_feedforward,
        lambda W, B, x: bp.forward(bp.Network.from_parameters(W, B), x).output,
        ["called bp.forward", "eq. 25"],
    ),
    (
        "quadratic cost",
        ex.check_quadratic_cost,
        lambda a, y: bp.get_cost("quadratic").mean(a, y),
        ["called Cost.mean", "eq. 26–27"],
    ),
    (
        "line gradient",
        ex.check_line_gradient,
        lambda m, c, xs, ys: line.gradient(m, c, xs, ys),
        ["called bpcore.line.gradient", "chain rule yourself"],
    ),
]


@pytest.mark.parametrize(
    ("checker", "cheat", "fragments"), [row[1:] for row in CHEATS], ids=[row[0] for row in CHEATS]
)
def test_bpcores_own_answer_is_refused_with_the_reason(checker, cheat, fragments):
    result = checker(cheat, cases=3)
    assert result.status == "wrong", result.message
    assert "wrong on case 1 of 3" in result.message
    for fragment in fragments:
        assert fragment in result.message, result.message
    assert "Traceback" not in result.message


def test_the_honest_path_sum_passes_where_backprop_is_refused():
    assert ex.check_path_sum(path_sum).ok


def test_allowed_bpcore_helpers_still_work_inside_a_check():
    def with_helpers(net, x, y, layer, j, k):
        assert bp.activations.sigmoid(np.zeros((1, 1)))[0, 0] == 0.5
        assert np.isfinite(net.cost(x, y)) and net.feedforward(x).shape == y.shape
        return path_sum(net, x, y, layer, j, k)

    assert ex.check_path_sum(with_helpers).ok


GROUPS = [
    forbid.GRADIENTS,
    forbid.FEEDFORWARD,
    forbid.NUDGE,
    forbid.QUADRATIC_COST,
    forbid.LINE_GRADIENT,
    forbid.BP1,
    forbid.BP2,
    forbid.BP3,
    forbid.BP4,
    forbid.SIGMA_PRIME_MATRIX,
    forbid.BACKPROPAGATION,
]


@pytest.mark.parametrize("group", GROUPS)
def test_every_group_swaps_and_restores_cleanly(group):
    codes = [f.__code__ for f in group]
    with forbid.forbidding(forbid.Forbidden(group, "a reason")) as called:
        assert all(f.__code__ is not code for f, code in zip(group, codes))
        with pytest.raises(forbid.Refused, match="a reason"):
            group[0](*([None] * group[0].__code__.co_argcount))
    assert called and all(f.__code__ is code for f, code in zip(group, codes))


def test_bpcore_is_itself_again_after_a_refusal_an_error_or_a_time_limit(monkeypatch):
    net, x, y = book_network()
    before = bp.backprop(net, x, y).nabla_w[0].copy()
    ex.check_path_sum(lambda net, x, y, *rest: bp.backprop(net, x, y), cases=1)
    ex.check_path_sum(lambda *args: 1 / 0, cases=1)
    if timelimit.alarm_available():
        monkeypatch.setattr(timelimit, "TIME_LIMIT", 0.1)

        def forever(*args):
            while True:
                pass

        assert "stopped after" in ex.check_path_sum(forever, cases=1).message
    np.testing.assert_array_equal(bp.backprop(net, x, y).nabla_w[0], before)
    assert bp.nudge(net, x, y, 2, 0, 0).dC != 0 and bp.chain(1.0, [1.0], 0.0).product != 0


def test_a_closure_cannot_be_forbidden():
    def outer():
        value = 1

        def inner():
            return value

        return inner

    with pytest.raises(TypeError, match="without a closure"):
        with forbid.forbidding(forbid.Forbidden((outer(),), "")):
            pass


# --- the plain network the exercises hand out --------------------------------------------------


def test_the_plain_network_has_the_books_parts_and_nothing_else():
    net, x, y = book_network()
    plain = PlainNetwork.of(net, "a reason")
    assert plain.sizes == net.sizes and plain.num_layers == 3
    assert plain.w(2) is plain.weights[0] and plain.b(3) is plain.biases[1]
    record, expected = plain.forward(x), bp.forward(net, x)
    for mine, theirs in zip(record.zs + record.activations, expected.zs + expected.activations):
        np.testing.assert_allclose(mine, theirs, rtol=1e-15)
    np.testing.assert_allclose(plain.feedforward(x), net.feedforward(x), rtol=1e-15)
    assert plain.cost(x, y) == pytest.approx(net.cost(x, y), rel=1e-15)
    np.testing.assert_array_equal(plain.cost_derivative(record.output, y), record.output - y)
    for name in WITHHELD:
        assert not hasattr(plain, name)
        with pytest.raises(AttributeError, match=f"for {name}, which .* does not have: a reason"):
            getattr(plain, name)
    with pytest.raises(AttributeError, match="'PlainNetwork' object has no attribute 'nope'"):
        plain.nope  # noqa: B018
    other = plain.copy()
    other.weights[0][0, 0] += 1
    assert plain.weights[0][0, 0] != other.weights[0][0, 0]
    assert "PlainNetwork([2, 3, 2]" in repr(plain)


def test_the_unchecked_cores_of_bp1_to_bp4_are_refused_too():
    """Backpropagation runs equations.bp1..bp4 (the cores without the argument checks): a
    student calling them in the BP1–BP4 exercises is refused as for the public names."""
    import numpy as np

    from bpcore import equations
    from bpcore.activations import SIGMOID
    from bpcore.exercises import check_bp1, check_bp2, check_bp3, check_bp4

    assert not check_bp1(lambda g, z: equations.bp1(g, z, SIGMOID))
    assert not check_bp2(lambda w, d, z: equations.bp2(w, d, z, SIGMOID))
    assert not check_bp3(lambda d: equations.bp3(d))
    assert not check_bp4(lambda a, d: equations.bp4(a, d))
    result = check_bp3(lambda d: equations.bp3(np.asarray(d)))
    assert "bp3" in result.message or "BP3" in result.message, result.message
