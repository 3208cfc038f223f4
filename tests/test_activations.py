"""Activations σ and σ' (eq. 23/25): closed forms, finite differences, stability, dtypes."""

import math
import warnings

import numpy as np
import pytest

import bpcore as bp
from bpcore.activations import LINEAR, RELU, SIGMOID, TANH

NAMES = ["sigmoid", "tanh", "relu", "linear"]

# Closed forms written out independently of bpcore, elementwise with Python's math.
CLOSED = {
    "sigmoid": (lambda z: 1 / (1 + math.exp(-z)), lambda z: math.exp(-z) / (1 + math.exp(-z)) ** 2),
    "tanh": (math.tanh, lambda z: 1 / math.cosh(z) ** 2),
    "relu": (lambda z: max(z, 0.0), lambda z: 1.0 if z > 0 else 0.0),
    "linear": (lambda z: z, lambda z: 1.0),
}

# z values away from relu's kink at 0, one column and a batch.
Z = np.array([[-3.7, -1.2, -0.3], [0.4, 1.1, 2.9], [-0.05, 0.7, 5.0]])


def _elementwise(f, z):
    return np.vectorize(f, otypes=[float])(z)


def test_every_named_activation_is_tested_here():
    """An activation added to bpcore.activations.ACTIVATIONS needs its closed form in CLOSED
    (or, if it couples its neurons, tests like softmax's below): ARCHITECTURE.md's recipe."""
    assert set(bp.activations.ACTIVATIONS) == set(CLOSED) | {"softmax"}


@pytest.mark.parametrize("name", NAMES)
def test_values_and_derivatives_match_closed_forms(name):
    act = bp.get_activation(name)
    f, fp = CLOSED[name]
    np.testing.assert_allclose(act(Z), _elementwise(f, Z), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(act.derivative(Z), _elementwise(fp, Z), rtol=1e-13, atol=1e-15)
    # σ' computed from the output a = σ(z), as backprop does, is the same number.
    np.testing.assert_allclose(act.prime(Z, act(Z)), _elementwise(fp, Z), rtol=1e-12, atol=1e-15)
    assert act(Z).shape == Z.shape and act.derivative(Z).shape == Z.shape


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_difference(name):
    act = bp.get_activation(name)
    h = 1e-6
    numeric = (act(Z + h) - act(Z - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(Z), numeric, rtol=1e-8, atol=1e-9)


def test_sigmoid_known_values():
    assert SIGMOID(np.array([[0.0]]))[0, 0] == 0.5
    assert SIGMOID.derivative(np.array([[0.0]]))[0, 0] == 0.25
    # σ(-z) = 1 - σ(z)
    np.testing.assert_allclose(SIGMOID(-Z), 1 - SIGMOID(Z), rtol=0, atol=1e-15)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sigmoid_is_stable_for_huge_z(dtype):
    z = np.array([[-1e4], [-800.0], [-40.0], [0.0], [40.0], [800.0], [1e4]], dtype=dtype)
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        a = SIGMOID(z)
        d = SIGMOID.derivative(z)
        d_out = SIGMOID.prime(z, a)
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(d)) and np.all(np.isfinite(d_out))
    assert a[0, 0] == 0.0 and a[-1, 0] == 1.0
    assert np.all((a >= 0) & (a <= 1))
    assert np.all((d >= 0) & (d <= 0.25))
    # In the left tail σ(z) ≈ e^z is still resolved (not flushed to 0): relative accuracy.
    if dtype == np.float64:
        assert a[2, 0] == pytest.approx(math.exp(-40.0) / (1 + math.exp(-40.0)), rel=1e-14)
        assert d[4, 0] == pytest.approx(math.exp(-40.0) / (1 + math.exp(-40.0)) ** 2, rel=1e-14)


@pytest.mark.parametrize("name", NAMES)
def test_float32_is_preserved(name):
    act = bp.get_activation(name)
    z = Z.astype(np.float32)
    a = act(z)
    assert a.dtype == np.float32
    assert act.derivative(z).dtype == np.float32
    assert act.prime(z, a).dtype == np.float32


@pytest.mark.parametrize("name", NAMES)
def test_activation_does_not_modify_its_input(name):
    z = Z.copy()
    bp.get_activation(name)(z)
    bp.get_activation(name).derivative(z)
    np.testing.assert_array_equal(z, Z)


def test_relu_derivative_at_zero_is_zero_and_prime_from_output_agrees():
    z = np.array([[-1.0], [0.0], [1.0]])
    np.testing.assert_array_equal(RELU.derivative(z), [[0.0], [0.0], [1.0]])
    np.testing.assert_array_equal(RELU.prime(z, RELU(z)), RELU.derivative(z))


def test_linear_is_identity_with_unit_derivative():
    np.testing.assert_array_equal(LINEAR(Z), Z)
    np.testing.assert_array_equal(LINEAR.derivative(Z), np.ones_like(Z))


def test_tanh_prime_from_output():
    a = TANH(Z)
    np.testing.assert_allclose(TANH.prime(Z, a), 1 - np.tanh(Z) ** 2, rtol=1e-14)


# --- per_neuron: the chapter's single modified neuron -----------------------------------------


@pytest.mark.parametrize("base", NAMES)
def test_per_neuron_changes_only_the_chosen_neuron(base):
    act = bp.per_neuron(base, {1: "tanh" if base != "tanh" else "sigmoid"})
    other = "tanh" if base != "tanh" else "sigmoid"
    z = Z.copy()
    a, d = act(z), act.derivative(z)
    base_act, other_act = bp.get_activation(base), bp.get_activation(other)
    for j in (0, 2):
        np.testing.assert_array_equal(a[j], base_act(Z)[j])
        np.testing.assert_array_equal(d[j], base_act.derivative(Z)[j])
    np.testing.assert_array_equal(a[1], other_act(Z)[1])
    np.testing.assert_array_equal(d[1], other_act.derivative(Z)[1])
    # z is left alone (a linear base returned z itself and the override wrote into it)
    np.testing.assert_array_equal(z, Z)


def test_per_neuron_without_overrides_is_the_default():
    assert bp.per_neuron("tanh", {}) is TANH


def test_per_neuron_with_a_custom_pair():
    act = bp.per_neuron("sigmoid", {0: (np.sin, np.cos)})
    np.testing.assert_allclose(act(Z)[0], np.sin(Z[0]))
    np.testing.assert_allclose(act.derivative(Z)[0], np.cos(Z[0]))
    np.testing.assert_allclose(act(Z)[1:], SIGMOID(Z)[1:])


def test_per_neuron_errors():
    with pytest.raises(ValueError, match=r"overrides: neuron index .* >= 0, got -1"):
        bp.per_neuron("sigmoid", {-1: "tanh"})
    with pytest.raises(ValueError, match=r"overrides\[0\]: unknown activation 'nope'"):
        bp.per_neuron("sigmoid", {0: "nope"})
    act = bp.per_neuron("sigmoid", {5: "tanh"})
    with pytest.raises(ValueError, match=r"neuron 5 overridden, but the layer has only 3 neurons"):
        act(Z)


# --- custom activations and get_activation ----------------------------------------------------


def test_custom_pair_is_used_as_given():
    softplus = bp.custom(lambda z: np.log1p(np.exp(z)), SIGMOID.function, name="softplus")
    assert softplus.name == "softplus"
    np.testing.assert_allclose(softplus(Z), np.log1p(np.exp(Z)))
    np.testing.assert_allclose(softplus.derivative(Z), SIGMOID(Z))
    h = 1e-6
    np.testing.assert_allclose(
        softplus.derivative(Z), (softplus(Z + h) - softplus(Z - h)) / (2 * h), rtol=1e-8
    )
    # No output form: prime(z, a) falls back to the derivative of z.
    np.testing.assert_allclose(softplus.prime(Z, softplus(Z)), SIGMOID(Z))


def test_get_activation_accepts_names_objects_and_pairs():
    for name in NAMES:
        act = bp.get_activation(name)
        assert act.name == name
        assert bp.get_activation(act) is act
    pair = bp.get_activation((np.sin, np.cos))
    np.testing.assert_allclose(pair.derivative(Z), np.cos(Z))


@pytest.mark.parametrize(
    "spec, error, message",
    [
        ("sigmod", ValueError, r"activation: unknown activation 'sigmod'; expected one of "),
        ("", ValueError, r"activation: unknown activation ''"),
        (3, TypeError, r"activation: expected a name such as 'sigmoid'.*got int"),
        (None, TypeError, r"activation: expected a name .*got NoneType"),
        ((np.sin,), TypeError, r"got tuple"),
        (
            (np.sin, 2),
            TypeError,
            r"expected two callables \(function, derivative\), got ufunc and int",
        ),
    ],
)
def test_get_activation_errors(spec, error, message):
    with pytest.raises(error, match=message):
        bp.get_activation(spec)


def test_custom_requires_callables():
    with pytest.raises(TypeError, match=r"expected two callables.*got str and builtin_function"):
        bp.custom("sin", abs)


def test_repr_names_the_activation():
    assert repr(SIGMOID) == "Activation('sigmoid')"
    assert "tanh" in bp.per_neuron("sigmoid", {0: "tanh"}).name


def test_per_neuron_keeps_float32():
    act = bp.per_neuron("linear", {0: "sigmoid"})
    z = Z.astype(np.float32)
    assert act(z).dtype == np.float32 and act.derivative(z).dtype == np.float32


# --- softmax: a coupled layer, with a Jacobian in place of σ' ---------------------------------


def test_softmax_values_sum_to_one_and_stay_finite():
    softmax = bp.get_activation("softmax")
    z = np.array([[1000.0, -3.0], [999.0, 0.5], [-1000.0, 2.0]])
    a = softmax(z)
    np.testing.assert_allclose(a.sum(axis=0), 1.0, rtol=1e-15)
    assert np.all(np.isfinite(a)) and np.all(a >= 0)
    # column 1 written out with Python's math: e^{z_j} / Σ_i e^{z_i}
    column = [-3.0, 0.5, 2.0]
    total = sum(math.exp(v) for v in column)
    np.testing.assert_allclose(a[:, 1], [math.exp(v) / total for v in column], rtol=1e-14)
    assert a[2, 0] == 0.0 and a[0, 0] == pytest.approx(1 / (1 + math.exp(-1)), rel=1e-14)


def test_softmax_jacobian_is_its_derivative():
    softmax = bp.get_activation("softmax")
    rng = np.random.default_rng(4)
    z = rng.standard_normal((4, 3))
    J = softmax.jacobian(z, softmax(z))
    h = 1e-6
    for c in range(3):
        for i in range(4):
            step = np.zeros((4, 1))
            step[i] = h
            column = z[:, [c]]
            central = (softmax(column + step) - softmax(column - step))[:, 0] / (2 * h)
            np.testing.assert_allclose(J[c, :, i], central, atol=1e-9)
    v = rng.standard_normal((4, 3))
    a = softmax(z)
    np.testing.assert_allclose(
        softmax.jacobian_times(z, a, v), np.einsum("cji,ic->jc", J, v), rtol=1e-14
    )
    np.testing.assert_allclose(
        softmax.jacobian_transpose_times(z, a, v), np.einsum("cji,jc->ic", J, v), rtol=1e-14
    )
    np.testing.assert_allclose(softmax.slopes(z, a), a * (1 - a), rtol=1e-14)


def test_softmax_has_no_elementwise_derivative():
    softmax = bp.get_activation("softmax")
    assert not softmax.elementwise and bp.get_activation("sigmoid").elementwise
    with pytest.raises(ValueError, match="no elementwise σ'"):
        softmax.prime(np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"overrides\[1\]: expected an elementwise activation"):
        bp.per_neuron("sigmoid", {1: "softmax"})
    with pytest.raises(ValueError, match="no elementwise σ'"):
        bp.sigma_prime_matrix(np.zeros((3, 1)), "softmax")


def test_an_elementwise_jacobian_is_diagonal_with_sigma_prime():
    sigmoid = bp.get_activation("sigmoid")
    z = np.array([[0.5, -2.0], [1.5, 3.0]])
    J = sigmoid.jacobian_at(z)
    for c in range(2):
        np.testing.assert_allclose(J[c], np.diag(sigmoid.derivative(z[:, c])), rtol=1e-14)
