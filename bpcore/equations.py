"""The four fundamental equations of backpropagation, BP1–BP4, and the forward step (eq. 25).

Every function works on one example (columns of shape ``(n, 1)``) or on a batch
(``(n, m)``, one example per column) with no loop over examples: the chapter's
Problem 2. For a batch, BP3 and BP4 return the *mean* over the columns, because
the cost of a batch is the mean of the per-example costs (eq. 26).

The alternative form of Problem 1 writes the Hadamard product with σ'(z) as a
product with the diagonal matrix Σ'(z): :func:`sigma_prime_matrix`,
:func:`bp1_sigma_form`, :func:`bp2_sigma_form` and :func:`delta_expanded`.
"""

from __future__ import annotations

import numpy as np

from bpcore.activations import Activation, get_activation

Array = np.ndarray


def forward_layer(w: Array, b: Array, a_prev: Array, activation: Activation) -> tuple[Array, Array]:
    """One layer of the forward pass, eq. 25: z^l = w^l a^{l-1} + b^l and a^l = σ(z^l).

    ``w`` is w^l ``(n_l, n_{l-1})``, ``b`` is b^l ``(n_l, 1)``, ``a_prev`` is a^{l-1}
    ``(n_{l-1}, m)``. Returns ``(z, a)``, each ``(n_l, m)``. The feedforward pass, a
    nudge's re-run of the later layers and the single-neuron chain all step with this.
    """
    z = w @ a_prev
    z += b  # in place: one new array per layer, not two
    return z, activation.function(z)


def bp1_output_error(
    grad_a_C: Array, z_L: Array, activation: str | Activation, a_L: Array | None = None
) -> Array:
    """BP1: δ^L = ∇_a C ⊙ σ'(z^L).

    ``grad_a_C`` and ``z_L`` have shape ``(n_L, m)``; so does the result.
    ``a_L = σ(z^L)``, when given, lets σ' be computed from the output (sigmoid: a(1−a)).
    For a coupled output layer (softmax: each a^L_j depends on every z^L_i) the Hadamard
    product with σ'(z^L) becomes the product with the layer's transposed Jacobian,
    δ^L_i = Σ_j ∂C/∂a^L_j ∂a^L_j/∂z^L_i, which needs ``a_L``.
    """
    activation = get_activation(activation)
    if activation.elementwise:
        return grad_a_C * activation.prime(z_L, a_L)
    return activation.jacobian_transpose_times(z_L, _output(activation, z_L, a_L), grad_a_C)


def bp2_hidden_error(
    w_next: Array,
    delta_next: Array,
    z_l: Array,
    activation: str | Activation,
    a_l: Array | None = None,
) -> Array:
    """BP2: δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ'(z^l).

    ``w_next`` is w^{l+1}, shape ``(n_{l+1}, n_l)``; ``delta_next`` is δ^{l+1},
    shape ``(n_{l+1}, m)``; ``z_l`` has shape ``(n_l, m)``; so does the result.
    For a coupled layer the Hadamard product becomes the transposed Jacobian, as in BP1.
    """
    activation = get_activation(activation)
    if activation.elementwise:
        return (w_next.T @ delta_next) * activation.prime(z_l, a_l)
    return activation.jacobian_transpose_times(
        z_l, _output(activation, z_l, a_l), w_next.T @ delta_next
    )


def _output(activation: Activation, z: Array, a: Array | None) -> Array:
    """a = σ(z), computed when the caller did not pass it."""
    return activation.function(z) if a is None else a


def bp3_bias_gradient(delta_l: Array) -> Array:
    """BP3: ∂C/∂b^l_j = δ^l_j, averaged over the m columns: shape ``(n_l, 1)``."""
    return delta_l.sum(axis=1, keepdims=True) / delta_l.shape[1]


def bp4_weight_gradient(a_prev: Array, delta_l: Array, out: Array | None = None) -> Array:
    """BP4: ∂C/∂w^l_jk = a^{l-1}_k δ^l_j, i.e. δ^l (a^{l-1})^T, averaged over the m columns.

    ``a_prev`` is a^{l-1}, shape ``(n_{l-1}, m)``; ``delta_l`` is δ^l, shape ``(n_l, m)``.
    One matrix product sums the m outer products; the result has w^l's shape ``(n_l, n_{l-1})``.
    (Dividing δ, n_l × m, by m rather than the product is the same number and less work.)
    ``out``, an array of that shape, receives the result instead of a new array.
    """
    return np.matmul(delta_l / delta_l.shape[1], a_prev.T, out=out)


# --- Problem 1: the same equations with the diagonal matrix Σ'(z) ------------------------


def sigma_prime_matrix(z: Array, activation: str | Activation) -> Array:
    """Σ'(z): the diagonal matrix with σ'(z_j) on its diagonal. ``z`` is one column (n, 1).

    Problem 1's form holds for elementwise activations, whose Jacobian is diagonal; a
    coupled one (softmax) is refused by :meth:`Activation.prime`.
    """
    z = np.asarray(z)
    if z.ndim != 2 or z.shape[1] != 1:
        raise ValueError(f"z: expected one column of shape (n, 1), got shape {z.shape}")
    return np.diag(get_activation(activation).prime(z)[:, 0])


def bp1_sigma_form(grad_a_C: Array, z_L: Array, activation: str | Activation) -> Array:
    """BP1 as δ^L = Σ'(z^L) ∇_a C (Problem 1). One column."""
    return sigma_prime_matrix(z_L, activation) @ grad_a_C


def bp2_sigma_form(
    w_next: Array, delta_next: Array, z_l: Array, activation: str | Activation
) -> Array:
    """BP2 as δ^l = Σ'(z^l) (w^{l+1})^T δ^{l+1} (Problem 1). One column."""
    return sigma_prime_matrix(z_l, activation) @ w_next.T @ delta_next


def delta_expanded(
    weights: list[Array], zs: list[Array], grad_a_C: Array, activations: list, l: int
) -> Array:
    """δ^l = Σ'(z^l) (w^{l+1})^T Σ'(z^{l+1}) ··· Σ'(z^{L-1}) (w^L)^T Σ'(z^L) ∇_a C (Problem 1).

    The fully expanded product, built from the right: ``weights``, ``zs`` and
    ``activations`` are lists in book order (index 0 is layer 2, so layer l is
    index l − 2); ``grad_a_C`` is ∇_a C for one example, shape ``(n_L, 1)``.
    """
    L = len(weights) + 1
    delta = sigma_prime_matrix(zs[L - 2], activations[L - 2]) @ grad_a_C
    for q in range(L - 1, l - 1, -1):  # q = L-1 down to l
        delta = sigma_prime_matrix(zs[q - 2], activations[q - 2]) @ weights[q - 1].T @ delta
    return delta
