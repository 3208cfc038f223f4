"""The exercise checkers: a right answer passes, a subtly wrong one fails with a precise message.

Each checker is tried on an independent plain-numpy solution (it must pass; bpcore's own
function is refused, see test_exercise_integrity.py), and on the slips a reader makes
(transposed, missing σ', a sum for a mean, a flipped sign, ...): it must fail, name the
case and the entry, and say which slip it looks like. A checker never raises because an
answer is wrong.
"""

from __future__ import annotations

import numpy as np
import pytest

import bpcore as bp
from bpcore import exercises as ex


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1.0 - sigmoid(z))


def assert_passes(result):
    assert result.ok, result.message
    assert bool(result) is True
    assert result.failed_case is None
    assert result.message.startswith("✓ ")
    assert f"correct on {result.cases} of {result.cases}" in result.message


def assert_fails(result, *fragments):
    assert not result.ok
    assert bool(result) is False
    assert result.message.startswith("✗ ")
    assert f"wrong on case {result.failed_case} of {result.cases}" in result.message
    for fragment in fragments:
        assert fragment in result.message, result.message


# --- the result object ----------------------------------------------------------------------


def test_result_prints_its_message_everywhere():
    result = ex.check_hadamard(lambda s, t: s * t)
    assert str(result) == repr(result) == result.message
    assert result.message == "✓ check_hadamard: correct on 20 of 20 random cases (seed 0)."
    assert result._repr_html_() == f'<pre style="color: #1a7f37">{result.message}</pre>'
    wrong = ex.check_hadamard(lambda s, t: s + t)
    assert wrong._repr_html_().startswith('<pre style="color: #b42318">✗ check_hadamard')
    assert "s ⊙ t entry [1, 0]" in wrong._repr_html_()


def test_result_is_deterministic_and_seeded():
    wrong = lambda s, t: s * t + 1e-3 * t  # noqa: E731
    first, second = ex.check_hadamard(wrong, seed=3), ex.check_hadamard(wrong, seed=3)
    assert first.message == second.message
    assert ex.check_hadamard(lambda s, t: s * t, cases=5, seed=7).message.endswith(
        "correct on 5 of 5 random cases (seed 7)."
    )


def test_the_book_example_is_the_first_hadamard_case():
    result = ex.check_hadamard(lambda s, t: s + t)
    assert result.failed_case == 1
    assert result.message == (
        "✗ check_hadamard: wrong on case 1 of 20 "
        "(the book's example, eq. 28: s (2, 1), t (2, 1)).\n"
        "  s ⊙ t entry [1, 0] is 6 but should be 8 (off by 2); 2 of 2 entries differ."
    )


@pytest.mark.parametrize("fn", [None, 3, "s * t"])
def test_calling_a_checker_wrongly_raises_naming_the_argument(fn):
    with pytest.raises(TypeError, match="fn: expected your function"):
        ex.check_hadamard(fn)


@pytest.mark.parametrize(("cases", "error"), [(0, ValueError), (2.5, TypeError), (True, TypeError)])
def test_bad_case_count_raises(cases, error):
    with pytest.raises(error, match="cases"):
        ex.check_bp1(lambda g, z: g, cases=cases)


def test_bad_seed_raises():
    with pytest.raises(TypeError, match="seed"):
        ex.check_bp1(lambda g, z: g, seed=-1)


# --- what a wrong answer looks like -----------------------------------------------------------


def test_an_exception_is_reported_with_its_type_and_message():
    def broken(grad, z):
        raise KeyError("oops")

    assert_fails(ex.check_bp1(broken), "case 1 of 20", "raised KeyError: 'oops'")


def test_a_stub_is_not_attempted_rather_than_wrong():
    def stub(grad, z):
        raise NotImplementedError

    result = ex.check_bp1(stub)
    assert result.status == "not attempted" and not result
    assert result.message == (
        "○ check_bp1: not attempted yet — write the body of stub above, then run this cell again."
    )


def test_none_returned_is_reported():
    assert_fails(ex.check_bp1(lambda grad, z: None), "returned None", "`return` missing")


def test_a_non_numeric_value_is_reported():
    assert_fails(ex.check_bp3(lambda d: "delta"), "returned the string 'delta'")
    assert_fails(ex.check_bp3(lambda d: {"a": 1}), "returned dict, not an array of numbers")


def test_a_one_dimensional_column_is_named():
    assert_fails(
        ex.check_bp3(lambda delta: delta.mean(axis=1)),
        "∂C/∂b should have shape",
        "It is 1-D",
        "keepdims=True",
    )


def test_nan_is_reported():
    assert_fails(ex.check_bp1(lambda g, z: g * np.nan), "is nan, not a finite number")


def test_changing_an_argument_in_place_is_reported():
    def in_place(grad, z):
        grad *= sigmoid_prime(z)
        return grad

    assert_fails(ex.check_bp1(in_place), "changed its argument grad_a_C in place")


def test_the_largest_difference_is_named():
    def off_in_one_entry(s, t):
        result = s * t
        result[-1, -1] += 0.5
        return result

    result = ex.check_hadamard(off_in_one_entry)
    assert_fails(result, "off by 0.5", "1 of 2 entries differ")


# --- line (notebook 02) -----------------------------------------------------------------------


def line_gradient(m, c, xs, ys):
    residual = m * xs + c - ys
    return float(np.sum(residual * xs)), float(np.sum(residual))


def test_line_gradient():
    assert_passes(ex.check_line_gradient(line_gradient))
    assert_passes(ex.check_line_gradient(lambda *a: list(line_gradient(*a))))


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda *a: line_gradient(*a)[::-1], "you returned (∂C/∂c, ∂C/∂m)"),
        (lambda *a: tuple(-v for v in line_gradient(*a)), "the sign is flipped"),
        (lambda *a: tuple(2 * v for v in line_gradient(*a)), "twice the gradient"),
        (
            lambda m, c, xs, ys: tuple(v / len(xs) for v in line_gradient(m, c, xs, ys)),
            "the mean over the points",
        ),
        (lambda m, c, xs, ys: (float(np.sum(m * xs + c - ys)),) * 2, "needs the factor x_i"),
    ],
)
def test_line_gradient_slips(wrong, hint):
    assert_fails(ex.check_line_gradient(wrong), "Hint:", hint)


def test_line_gradient_wrong_arity():
    assert_fails(ex.check_line_gradient(lambda m, c, xs, ys: 1.0), "returned float")
    assert_fails(ex.check_line_gradient(lambda m, c, xs, ys: (1.0,)), "returned 1 item(s)")


# --- feedforward, cost, Hadamard (notebooks 03, 04) -------------------------------------------


def feedforward(weights, biases, x):
    a = x
    for w, b in zip(weights, biases):
        a = sigmoid(w @ a + b)
    return a


def test_feedforward():
    assert_passes(ex.check_feedforward(feedforward))


def _no_sigma_last(weights, biases, x):
    a = feedforward(weights[:-1], biases[:-1], x)
    return weights[-1] @ a + biases[-1]


def _transposed_where_square(weights, biases, x):
    a = x
    for w, b in zip(weights, biases):
        a = sigmoid((w.T @ a if w.shape[0] == w.shape[1] else w @ a) + b)
    return a


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (_no_sigma_last, "this is z^L"),
        (lambda W, B, x: feedforward(W, [0 * b for b in B], x), "the biases are missing"),
        (_transposed_where_square, "(w^l)^T a^{l-1}"),
    ],
)
def test_feedforward_slips(wrong, hint):
    assert_fails(ex.check_feedforward(wrong), "Hint:", hint)


def test_feedforward_shape_error_from_a_transpose_is_an_exception_message():
    def transposed(weights, biases, x):
        a = x
        for w, b in zip(weights, biases):
            a = sigmoid(w.T @ a + b)
        return a

    assert_fails(ex.check_feedforward(transposed), "raised ValueError")


def test_hadamard():
    assert_passes(ex.check_hadamard(np.multiply))


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda s, t: float(np.sum(s * t)), "inner product"),
        (lambda s, t: s @ t.T, "matrix product"),
    ],
)
def test_hadamard_slips(wrong, hint):
    assert_fails(ex.check_hadamard(wrong), "Hint:", hint)


def quadratic_cost(a, y):
    return float(np.mean(0.5 * np.sum((y - a) ** 2, axis=0)))


def test_quadratic_cost():
    assert_passes(ex.check_quadratic_cost(quadratic_cost))
    assert_passes(ex.check_quadratic_cost(lambda a, y: np.array([[quadratic_cost(a, y)]])))


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda a, y: 0.5 * np.sum((y - a) ** 2), "the sum over the examples"),
        (lambda a, y: 2 * quadratic_cost(a, y), "the ½ of eq. 27 is missing"),
        (lambda a, y: 0.5 * np.mean((y - a) ** 2), "mean over every entry"),
        (lambda a, y: np.mean(0.5 * np.linalg.norm(y - a, axis=0)), "not its square"),
    ],
)
def test_quadratic_cost_slips(wrong, hint):
    assert_fails(ex.check_quadratic_cost(wrong), "Hint:", hint)


def test_quadratic_cost_per_example_array_is_named():
    result = ex.check_quadratic_cost(lambda a, y: 0.5 * np.sum((y - a) ** 2, axis=0))
    assert_fails(result, "C is one number", "take their mean")


# --- BP1–BP4 and Σ' (notebook 05) -------------------------------------------------------------


def test_bp1():
    assert_passes(ex.check_bp1(lambda grad, z: grad * sigmoid_prime(z)))
    assert_passes(ex.check_bp1(lambda grad, z: grad * bp.activations.sigmoid_prime(z)))


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda grad, z: grad, "∇_a C alone"),
        (lambda grad, z: grad * sigmoid(z), "multiplies by σ(z^L)"),
        (lambda grad, z: grad * z * (1 - z), "z(1 − z)"),
        (lambda grad, z: -grad * sigmoid_prime(z), "the sign is flipped"),
    ],
)
def test_bp1_slips(wrong, hint):
    assert_fails(ex.check_bp1(wrong), "δ^L entry", "Hint:", hint)


def test_bp2():
    assert_passes(ex.check_bp2(lambda w, d, z: np.dot(w.T, d) * sigmoid_prime(z)))


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda w, d, z: w.T @ d, "(w^{l+1})^T δ^{l+1} alone"),
        (
            lambda w, d, z: (w @ d if w.shape[0] == w.shape[1] else w.T @ d) * sigmoid_prime(z),
            "needs the transpose",
        ),
        (lambda w, d, z: (w.T @ d) * sigmoid(z), "multiplies by σ(z^l)"),
        (lambda w, d, z: -(w.T @ d) * sigmoid_prime(z), "the sign is flipped"),
    ],
)
def test_bp2_slips(wrong, hint):
    assert_fails(ex.check_bp2(wrong), "δ^l entry", "Hint:", hint)


def test_bp2_without_transpose_fails_on_shapes():
    assert_fails(ex.check_bp2(lambda w, d, z: (w @ d) * sigmoid_prime(z)), "raised ValueError")


def test_bp3():
    assert_passes(ex.check_bp3(lambda d: np.mean(d, axis=1).reshape(-1, 1)))


def test_bp3_slips():
    assert_fails(ex.check_bp3(lambda d: d.sum(axis=1, keepdims=True)), "Hint: that is the sum")
    assert_fails(ex.check_bp3(lambda d: d), "should have shape", "Hint: that is δ for every")


def test_bp4():
    assert_passes(ex.check_bp4(lambda a, d: d @ a.T / a.shape[1]))

    def outer_products(a, d):
        return sum(np.outer(d[:, i], a[:, i]) for i in range(a.shape[1])) / a.shape[1]

    assert_passes(ex.check_bp4(outer_products))


def test_bp4_slips():
    assert_fails(ex.check_bp4(lambda a, d: d @ a.T), "Hint: that is the sum over the examples")
    assert_fails(ex.check_bp4(lambda a, d: a @ d.T / a.shape[1]), "Hint: that is a^{l-1} δ^T")
    assert_fails(ex.check_bp4(lambda a, d: -d @ a.T / a.shape[1]), "Hint: the sign is flipped")


def test_sigma_form():
    assert_passes(ex.check_sigma_form(lambda z: np.diagflat(sigmoid_prime(z))))


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda z: sigmoid_prime(z), "that is the column σ'(z)"),
        (lambda z: np.diag(sigmoid_prime(z)), "np.diag of an (n, 1) column"),
        (lambda z: np.diagflat(sigmoid(z)), "σ(z) on the diagonal"),
        (lambda z: sigmoid_prime(z) @ sigmoid_prime(z).T, "outer product"),
    ],
)
def test_sigma_form_slips(wrong, hint):
    assert_fails(ex.check_sigma_form(wrong), "Hint:", hint)


# --- the algorithm (notebooks 07, 08) -------------------------------------------------------


def book_backprop(net, x, y, hidden_prime=True):
    """The book's per-example backprop in plain numpy (an independent solution)."""
    activation, activations, zs = x, [x], []
    for b, w in zip(net.biases, net.weights):
        z = w @ activation + b
        zs.append(z)
        activation = sigmoid(z)
        activations.append(activation)
    delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
    nabla_b, nabla_w = [delta], [delta @ activations[-2].T]
    for l in range(2, net.num_layers):
        sp = sigmoid_prime(zs[-l]) if hidden_prime else 1.0
        delta = (net.weights[-l + 1].T @ delta) * sp
        nabla_b.insert(0, delta)
        nabla_w.insert(0, delta @ activations[-l - 1].T)
    return nabla_b, nabla_w


def matrix_backprop(net, X, Y):
    nabla_b, nabla_w = book_backprop(net, X, Y)
    m = X.shape[1]
    return [b.sum(axis=1, keepdims=True) / m for b in nabla_b], [w / m for w in nabla_w]


def test_backprop():
    assert_passes(ex.check_backprop(book_backprop))


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda net, x, y: book_backprop(net, x, y)[::-1], "(nabla_w, nabla_b)"),
        (lambda net, x, y: tuple(g[::-1] for g in book_backprop(net, x, y)), "from layer L down"),
        (lambda net, x, y: book_backprop(net, x, 2 * _a_L(net, x) - y), "the sign is flipped"),
        (lambda net, x, y: book_backprop(net, x, y, hidden_prime=False), "missing the factor σ'"),
    ],
)
def test_backprop_slips(wrong, hint):
    assert_fails(ex.check_backprop(wrong), "Hint:", hint)


def _a_L(net, x):
    return net.feedforward(x)


def test_backprop_wrong_entry_is_named_in_book_notation():
    def off(net, x, y):
        nabla_b, nabla_w = book_backprop(net, x, y)
        nabla_w[0][1, 0] += 0.25
        return nabla_b, nabla_w

    assert_fails(ex.check_backprop(off), "nabla_w[0] (∂C/∂w^2) entry [1, 0]", "off by 0.25")


def test_backprop_wrong_structure_is_named():
    assert_fails(ex.check_backprop(lambda net, x, y: book_backprop(net, x, y)[0]), "nabla_b should")
    assert_fails(
        ex.check_backprop(lambda net, x, y: (book_backprop(net, x, y)[0][:-1], [])),
        "nabla_b should hold",
    )


def test_backprop_that_changes_the_network_is_reported():
    def sneaky(net, x, y):
        result = book_backprop(net, x, y)
        net.weights[0][0, 0] += 1e-5
        return result

    assert_fails(ex.check_backprop(sneaky), "net.weights[0][0, 0] (w^2) changed by 1e-05")


def test_a_nudge_put_back_by_subtracting_it_is_not_a_change():
    """w += dw, then w -= dw, leaves w an ulp or so off: the natural way to put a nudge back
    passes; a parameter left 1e-12 off does not."""

    def nudge_and_undo(net, x, y, layer, j, k, dw):
        before = net.cost(x, y)
        net.weights[layer - 2][j, k] += dw
        after = net.cost(x, y)
        net.weights[layer - 2][j, k] -= dw
        return after - before

    def left_off(net, x, y, layer, j, k, dw):
        change = nudge_and_undo(net, x, y, layer, j, k, dw)
        net.weights[layer - 2][j, k] += 1e-12
        return change

    assert_passes(ex.check_nudge(nudge_and_undo))
    assert_fails(ex.check_nudge(left_off), "changed by 1e-12; put every parameter back")


def test_matrix_backprop():
    assert_passes(ex.check_matrix_backprop(matrix_backprop))


def test_matrix_backprop_slips():
    def summed(net, X, Y):
        nabla_b, nabla_w = book_backprop(net, X, Y)
        return [b.sum(axis=1, keepdims=True) for b in nabla_b], nabla_w

    def bias_summed(net, X, Y):
        nabla_b, nabla_w = matrix_backprop(net, X, Y)
        return [b * X.shape[1] for b in nabla_b], nabla_w

    def weights_summed(net, X, Y):
        nabla_b, nabla_w = matrix_backprop(net, X, Y)
        return nabla_b, [w * X.shape[1] for w in nabla_w]

    assert_fails(ex.check_matrix_backprop(summed), "Hint: that is the sum over the m examples")
    assert_fails(ex.check_matrix_backprop(bias_summed), "Hint: nabla_b is summed")
    assert_fails(ex.check_matrix_backprop(weights_summed), "Hint: nabla_w is summed")
    assert_fails(
        ex.check_matrix_backprop(lambda net, X, Y: book_backprop(net, X[:, :1], Y[:, :1])),
        "Hint: that is the gradient of the first example",
    )


def test_matrix_backprop_unaveraged_bias_shape_is_named():
    assert_fails(
        ex.check_matrix_backprop(lambda net, X, Y: book_backprop(net, X, Y)),
        "nabla_b[0] (∂C/∂b^2) should have shape",
    )


# --- finite differences (notebook 09) ----------------------------------------------------------


def forward_differences(net, x, y, eps):
    base = net.cost(x, y)
    result = []
    for parameters in (net.biases, net.weights):
        grads = []
        for p in parameters:
            g = np.zeros_like(p)
            for index in np.ndindex(p.shape):
                original = p[index]
                p[index] = original + eps
                g[index] = (net.cost(x, y) - base) / eps
                p[index] = original
            grads.append(g)
        result.append(grads)
    return tuple(result)


def central_differences(net, x, y, eps):
    result = []
    for parameters in (net.biases, net.weights):
        grads = []
        for p in parameters:
            g = np.zeros_like(p)
            for index in np.ndindex(p.shape):
                original = p[index]
                p[index] = original + eps
                plus = net.cost(x, y)
                p[index] = original - eps
                g[index] = (plus - net.cost(x, y)) / (2 * eps)
                p[index] = original
            grads.append(g)
        result.append(grads)
    return tuple(result)


def test_numerical_gradient():
    assert_passes(ex.check_numerical_gradient(forward_differences))
    assert_passes(ex.check_numerical_gradient(central_differences))


def test_numerical_gradient_slips():
    def not_restored(net, x, y, eps):
        base = net.cost(x, y)
        nabla_b = [np.zeros_like(b) for b in net.biases]
        nabla_w = []
        for w in net.weights:
            g = np.zeros_like(w)
            for index in np.ndindex(w.shape):
                original = w[index]
                w[index] = original + eps
                g[index] = (net.cost(x, y) - base) / eps
            nabla_w.append(g)
        return nabla_b, nabla_w

    def undivided(net, x, y, eps):
        nabla_b, nabla_w = central_differences(net, x, y, eps)
        return [b * eps for b in nabla_b], [w * eps for w in nabla_w]

    def halved(net, x, y, eps):
        nabla_b, nabla_w = central_differences(net, x, y, eps)
        return [b / 2 for b in nabla_b], [w / 2 for w in nabla_w]

    assert_fails(ex.check_numerical_gradient(undivided), "Hint: these are the differences")
    assert_fails(ex.check_numerical_gradient(halved), "nabla_b[0] (∂C/∂b^2) entry")
    # Leaving the perturbations in place gives wrong values (later entries see earlier
    # nudges) or, at the latest, an altered network.
    assert_fails(ex.check_numerical_gradient(not_restored))


def passes_needed(sizes, method):
    P = sum(n * n_prev + n for n_prev, n in zip(sizes[:-1], sizes[1:]))
    return {"forward": P + 1, "central": 2 * P, "backprop": 1}[method]


def test_passes_needed():
    assert_passes(ex.check_passes_needed(passes_needed))
    assert_passes(ex.check_passes_needed(lambda s, m: float(passes_needed(s, m))))


def test_passes_needed_counts_match_the_notebook():
    from bpcore.exercises.speed import count_forward_passes

    for sizes in ([2, 3, 2], [4, 5, 3, 2], [3, 1, 1, 1, 2]):
        for method in ("forward", "central", "backprop"):
            assert count_forward_passes(sizes, method) == passes_needed(sizes, method)


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda s, m: passes_needed(s, m) - (m == "forward"), "C(w) itself, once"),
        (lambda s, m: passes_needed(s, m) + (m == "central"), "never needs C(w) itself"),
        (lambda s, m: passes_needed(s, m) + (m == "backprop"), "backward pass is not a forward"),
    ],
)
def test_passes_needed_slips(wrong, hint):
    assert_fails(ex.check_passes_needed(wrong), "Hint:", hint)


def test_passes_needed_wants_a_whole_number():
    result = ex.check_passes_needed(lambda s, m: passes_needed(s, m) + 0.5)
    assert_fails(result, "but should be the whole number")


# --- the big picture (notebook 10) -------------------------------------------------------------


def exact_nudge(net, x, y, layer, j, k, dw):
    other = net.copy()
    other.weights[layer - 2][j, k] += dw
    return other.cost(x, y) - net.cost(x, y)


def test_nudge():
    assert_passes(ex.check_nudge(exact_nudge))


def test_nudge_slips():
    def linear(net, x, y, layer, j, k, dw):
        return book_backprop(net, x, y)[1][layer - 2][j, k] * dw

    def swapped(net, x, y, layer, j, k, dw):
        if k < net.sizes[layer - 1] and j < net.sizes[layer - 2]:
            return exact_nudge(net, x, y, layer, k, j, dw)
        return exact_nudge(net, x, y, layer, j, k, dw)

    assert_fails(ex.check_nudge(linear), "ΔC is", "Hint: that is the first-order estimate")
    assert_fails(ex.check_nudge(lambda *a: -exact_nudge(*a)), "Hint: the sign is flipped")
    assert_fails(
        ex.check_nudge(lambda net, x, y, *rest: net.cost(x, y) + exact_nudge(net, x, y, *rest)),
        "Hint: that is C after the nudge",
    )
    assert_fails(ex.check_nudge(swapped), "Hint: that nudges w^l_kj")


def test_nudge_that_leaves_the_network_changed_is_reported():
    def in_place(net, x, y, layer, j, k, dw):
        before = net.cost(x, y)
        net.weights[layer - 2][j, k] += dw
        return net.cost(x, y) - before

    assert_fails(ex.check_nudge(in_place), "your function left net.weights[")


def path_sum(net, x, y, layer, j, k):
    """∂C/∂w^l_jk as an explicit sum over all paths (eq. 51–53), plain numpy."""
    zs, activations = [], [x]
    for w, b in zip(net.weights, net.biases):
        zs.append(w @ activations[-1] + b)
        activations.append(sigmoid(zs[-1]))
    rates = np.zeros(net.sizes[layer - 1])
    rates[j] = sigmoid_prime(zs[layer - 2][j, 0]) * activations[layer - 2][k, 0]
    for q in range(layer, net.num_layers):  # q = l+1..L in book numbering is index q - 1
        step = sigmoid_prime(zs[q - 1]) * net.weights[q - 1]  # ∂a^{q+1}_i / ∂a^q_p
        rates = step @ rates  # summing over every path into each neuron
    return float(rates @ (activations[-1] - y)[:, 0])


def test_path_sum():
    assert_passes(ex.check_path_sum(path_sum))


def test_path_sum_slips():
    def swapped(net, x, y, layer, j, k):
        if k < net.sizes[layer - 1] and j < net.sizes[layer - 2]:
            return path_sum(net, x, y, layer, k, j)
        return path_sum(net, x, y, layer, j, k)

    assert_fails(ex.check_path_sum(lambda *a: -path_sum(*a)), "Hint: the sign is flipped")
    assert_fails(ex.check_path_sum(swapped), "Hint: that is ∂C/∂w^l_kj")


# --- one neuron per layer (notebook 11) -----------------------------------------------------------


def chain_rule(x, weights, y):
    a, factors = x, []
    for i, w in enumerate(weights):
        h = w * a
        factors.append(sigmoid_prime(h) * (a if i == 0 else w))
        a = sigmoid(h)
    return float(np.prod(factors) * (a - y))


def test_chain_gradient():
    assert_passes(ex.check_chain_gradient(chain_rule))


def test_chain_gradient_slips():
    def no_x(x, weights, y):
        return chain_rule(x, weights, y) / x

    assert_fails(ex.check_chain_gradient(lambda *a: -chain_rule(*a)), "Hint: the sign is flipped")
    assert_fails(ex.check_chain_gradient(no_x), "Hint: the factor x = ")
    assert_fails(ex.check_chain_gradient(lambda x, w, y: [chain_rule(x, w, y)] * 2), "shape (2,)")


def hidden_error_matrix(w):
    n_out, n_hidden = w.shape
    M = np.empty((n_hidden, n_out))
    for j in range(n_hidden):
        for k in range(n_out):
            M[j, k] = w[k, j]
    return M


def test_hidden_error_matrix():
    assert_passes(ex.check_hidden_error_matrix(hidden_error_matrix))
    assert_fails(
        ex.check_hidden_error_matrix(lambda w: w.copy() if w.shape[0] == w.shape[1] else w.T),
        "Hint: that is w itself",
    )
    assert_fails(ex.check_hidden_error_matrix(lambda w: w), "should have shape", "transposed shape")


# --- every checker passes bpcore and fails a slightly perturbed answer ---------------------------

RIGHT = {
    ex.check_line_gradient: line_gradient,
    ex.check_feedforward: feedforward,
    ex.check_hadamard: np.multiply,
    ex.check_quadratic_cost: quadratic_cost,
    ex.check_bp1: lambda g, z: g * sigmoid_prime(z),
    ex.check_bp2: lambda w, d, z: (w.T @ d) * sigmoid_prime(z),
    ex.check_bp3: lambda d: d.mean(axis=1, keepdims=True),
    ex.check_bp4: lambda a, d: d @ a.T / d.shape[1],
    ex.check_sigma_form: lambda z: np.diagflat(sigmoid_prime(z)),
    ex.check_backprop: book_backprop,
    ex.check_matrix_backprop: matrix_backprop,
    ex.check_numerical_gradient: central_differences,
    ex.check_passes_needed: lambda sizes, method: passes_needed(sizes, method),
    ex.check_nudge: exact_nudge,
    ex.check_path_sum: path_sum,
    ex.check_chain_gradient: chain_rule,
    ex.check_hidden_error_matrix: lambda w: w.T,
}


def _perturb(value):
    if isinstance(value, (tuple, list)):
        return type(value)(_perturb(v) for v in value)
    return np.asarray(value) * 1.001 + 1e-3


@pytest.mark.parametrize("checker", list(RIGHT), ids=lambda c: c.__name__)
def test_every_checker_passes_a_right_answer_and_fails_a_slightly_wrong_one(checker):
    right = RIGHT[checker]
    assert_passes(checker(right, cases=5, seed=1))
    # 0.1 % + 1e-3 off everywhere: more than finite differences' tolerance (10 ε = 1e-4).
    wrong = checker(lambda *a: _perturb(right(*a)), cases=5, seed=1)
    assert_fails(wrong, "case 1 of 5", "but should be")
    assert checker.__doc__ and "fn(" in checker.__doc__
