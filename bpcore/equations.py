"""The four fundamental equations of backpropagation, BP1–BP4, and the forward step (eq. 25).

Every function works on one example (columns of shape ``(n, 1)``) or on a batch
(``(n, m)``, one example per column) with no loop over examples: the chapter's
Problem 2. For a batch, BP3 and BP4 return the *mean* over the columns, because
the cost of a batch is the mean of the per-example costs (eq. 26).

Two doors lead to each equation. :func:`bp1`, :func:`bp2`, :func:`bp3` and :func:`bp4` are
the equations themselves, one line of numpy each, with no checks: backpropagation and the
training loop call them thousands of times a second on arrays they built themselves. The
functions named as the chapter names them — :func:`bp1_output_error`,
:func:`bp2_hidden_error`, :func:`bp3_bias_gradient`, :func:`bp4_weight_gradient`, the Σ'
forms — check the shapes of what they are given and name the argument and the shape they
expected, then call the same equation. Values are not checked (NaN in, NaN out).

The alternative form of Problem 1 writes the Hadamard product with σ'(z) as a
product with the diagonal matrix Σ'(z): :func:`sigma_prime_matrix`,
:func:`bp1_sigma_form`, :func:`bp2_sigma_form` and :func:`delta_expanded`.

Chapter 3's L2 regularisation adds (λ/2n) Σ_w w² to the cost (eq. 87), and so (λ/n) w to
BP4's gradient (eq. 88): :func:`l2_term` and :func:`regularised_weight_gradient`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bpcore import _checks
from bpcore.activations import Activation, get_activation

Array = np.ndarray

#: The most entries Σ'(z) may have (n² for a layer of n neurons): the bound on a network's
#: parameters (bpcore.network.MAX_PARAMETERS), 800 MB in float64.
MAX_SIGMA_ENTRIES = 10**8


# --- the equations, unchecked: what backpropagation and training call ------------------------


def forward_layer(w: Array, b: Array, a_prev: Array, activation: Activation) -> tuple[Array, Array]:
    """One layer of the forward pass, eq. 25: z^l = w^l a^{l-1} + b^l and a^l = σ(z^l).

    ``w`` is w^l ``(n_l, n_{l-1})``, ``b`` is b^l ``(n_l, 1)``, ``a_prev`` is a^{l-1}
    ``(n_{l-1}, m)``. Returns ``(z, a)``, each ``(n_l, m)``. The feedforward pass, a
    nudge's re-run of the later layers and the single-neuron chain all step with this.
    """
    z = w @ a_prev
    z += b  # in place: one new array per layer, not two
    return z, activation.function(z)


def bp1(grad_a_C: Array, z_L: Array, activation: Activation, a_L: Array | None = None) -> Array:
    """BP1, δ^L = ∇_a C ⊙ σ'(z^L), unchecked: shapes as in :func:`bp1_output_error`."""
    if activation.elementwise:
        return grad_a_C * activation.prime(z_L, a_L)
    return activation.jacobian_transpose_times(z_L, _output(activation, z_L, a_L), grad_a_C)


def bp2(
    w_next: Array,
    delta_next: Array,
    z_l: Array,
    activation: Activation,
    a_l: Array | None = None,
) -> Array:
    """BP2, δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ'(z^l), unchecked: shapes as in
    :func:`bp2_hidden_error`."""
    if activation.elementwise:
        return (w_next.T @ delta_next) * activation.prime(z_l, a_l)
    return activation.jacobian_transpose_times(
        z_l, _output(activation, z_l, a_l), w_next.T @ delta_next
    )


def _output(activation: Activation, z: Array, a: Array | None) -> Array:
    """a = σ(z), computed when the caller did not pass it."""
    return activation.function(z) if a is None else a


def bp3(delta_l: Array) -> Array:
    """BP3, ∂C/∂b^l = δ^l averaged over the m columns, unchecked: ``(n_l, m)`` → ``(n_l, 1)``."""
    return delta_l.sum(axis=1, keepdims=True) / delta_l.shape[1]


def bp4(a_prev: Array, delta_l: Array, out: Array | None = None) -> Array:
    """BP4, ∂C/∂w^l = δ^l (a^{l-1})^T averaged over the m columns, unchecked.

    ``a_prev`` ``(n_{l-1}, m)``, ``delta_l`` ``(n_l, m)``; the result ``(n_l, n_{l-1})``,
    written into ``out`` when given. One matrix product sums the m outer products
    (dividing δ, n_l × m, by m rather than the product is the same number and less work).
    """
    return np.matmul(delta_l / delta_l.shape[1], a_prev.T, out=out)


def regularised_weight_gradient(
    a_prev: Array,
    delta_l: Array,
    w: Array,
    lmbda: float,
    n: int,
    out: Array | None = None,
) -> Array:
    """∂C/∂w^l = ∂C₀/∂w^l + (λ/n) w^l (the book's eq. 88), with ∂C₀/∂w^l by BP4; unchecked.

    The gradient of the L2-regularised cost C = C₀ + (λ/2n) Σ_w w² (eq. 87), n the size
    of the training set. Gradient descent with it is the book's weight decay, eq. 91–93:
    w → w − η ∂C/∂w = (1 − ηλ/n) w − η ∂C₀/∂w. The biases are not regularised (eq. 89).
    ``a_prev``, ``delta_l`` and ``out`` as in :func:`bp4`; ``w`` is w^l ``(n_l, n_{l-1})``.
    Linear in (δ, λ) together: called with η δ and η λ it returns η ∂C/∂w^l.
    """
    gradient = bp4(a_prev, delta_l, out)
    if lmbda:
        gradient += (lmbda / n) * w
    return gradient


def l2_term(weights: Sequence[Array], lmbda: float, n: int) -> float:
    """(λ/2n) Σ_w w², the regularisation term of eq. 87, over every weight (no bias)."""
    if not lmbda:
        return 0.0
    return 0.5 * (lmbda / n) * sum(float(np.vdot(w, w)) for w in weights)


# --- the public equations: the shapes checked, then the equation above -----------------------


def _matrix(value: object, argument: str, shape: object) -> Array:
    """``value`` as a 2-D array of real numbers with at least one row and one column.

    ``shape`` is the expected shape for the message, in the book's terms (``"(n_L, m)"``).
    """
    array = value if type(value) is np.ndarray else _as_array(value, argument, shape)
    if array.ndim != 2 or not array.size or array.dtype.kind not in "fiu":
        _refuse_matrix(array, argument, shape)
    return array


def _as_array(value: object, argument: str, shape: object) -> Array:
    try:
        return np.asarray(value)
    except (TypeError, ValueError):  # ragged nested lists
        name = type(value).__name__
        raise TypeError(f"{argument}: expected an array {shape}, got {name}") from None


def _refuse_matrix(array: Array, argument: str, shape: object) -> None:
    """Why ``array`` is not a matrix of real numbers ``shape``, as an error."""
    if array.dtype.kind not in "fiu":
        raise TypeError(
            f"{argument}: expected an array {shape} of real numbers, got dtype {array.dtype}"
        )
    raise ValueError(
        f"{argument}: expected a matrix of shape {shape}, with at least one row and one "
        f"column, got shape {array.shape}"
    )


def _like(value: object, argument: str, shape: tuple[int, ...], why: str) -> Array:
    """``value`` as a real array of exactly ``shape``; ``why`` says where the shape comes from."""
    array = _matrix(value, argument, shape)
    if array.shape != shape:
        raise ValueError(f"{argument}: expected shape {shape} ({why}), got shape {array.shape}")
    return array


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
    # Backpropagation reaches BP1 through here once a mini-batch (Cost.output_error), so the
    # usual case — arrays of one shape — is recognised in one expression; anything else is
    # converted or refused by _bp1_arguments.
    if not (
        type(grad_a_C) is np.ndarray
        and type(z_L) is np.ndarray
        and grad_a_C.ndim == 2
        and grad_a_C.size
        and z_L.shape == grad_a_C.shape
        and (a_L is None or (type(a_L) is np.ndarray and a_L.shape == grad_a_C.shape))
        and grad_a_C.dtype.kind in "fiu"
        and z_L.dtype.kind in "fiu"
    ):
        grad_a_C, z_L, a_L = _bp1_arguments(grad_a_C, z_L, a_L)
    return bp1(grad_a_C, z_L, activation, a_L)


def _bp1_arguments(grad_a_C: object, z_L: object, a_L: object) -> tuple[Array, Array, Array | None]:
    """BP1's ∇_a C, z^L and a^L, each ``(n_L, m)``, checked."""
    grad = _matrix(grad_a_C, "grad_a_C", "(n_L, m)")
    z = _like(z_L, "z_L", grad.shape, "z^L is (n_L, m), as grad_a_C")
    a = None if a_L is None else _like(a_L, "a_L", grad.shape, "a^L is (n_L, m), as grad_a_C")
    return grad, z, a


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
    w, delta, z = _bp2_arguments(w_next, delta_next, z_l)
    a = None if a_l is None else _like(a_l, "a_l", z.shape, "a^l is (n_l, m), as z_l")
    return bp2(w, delta, z, activation, a)


def _bp2_arguments(w_next: object, delta_next: object, z_l: object) -> tuple[Array, Array, Array]:
    """BP2's w^{l+1} ``(n_{l+1}, n_l)``, δ^{l+1} ``(n_{l+1}, m)`` and z^l ``(n_l, m)``, checked."""
    w = _matrix(w_next, "w_next", "(n_{l+1}, n_l)")
    delta = _matrix(delta_next, "delta_next", "(n_{l+1}, m)")
    if delta.shape[0] != w.shape[0]:
        raise ValueError(
            f"delta_next: expected shape ({w.shape[0]}, m), one row per row of w_next "
            f"(n_{{l+1}} = {w.shape[0]}; w_next has shape {w.shape}), got shape {delta.shape}"
        )
    why = "n_l columns of w_next by m columns of delta_next"
    return w, delta, _like(z_l, "z_l", (w.shape[1], delta.shape[1]), why)


def bp3_bias_gradient(delta_l: Array) -> Array:
    """BP3: ∂C/∂b^l_j = δ^l_j, averaged over the m columns: ``(n_l, m)`` → ``(n_l, 1)``."""
    return bp3(_matrix(delta_l, "delta_l", "(n_l, m)"))


def bp4_weight_gradient(a_prev: Array, delta_l: Array, out: Array | None = None) -> Array:
    """BP4: ∂C/∂w^l_jk = a^{l-1}_k δ^l_j, i.e. δ^l (a^{l-1})^T, averaged over the m columns.

    ``a_prev`` is a^{l-1}, shape ``(n_{l-1}, m)``; ``delta_l`` is δ^l, shape ``(n_l, m)``.
    One matrix product sums the m outer products; the result has w^l's shape ``(n_l, n_{l-1})``.
    ``out``, a writeable float array of that shape, receives the result instead of a new array.
    """
    delta = _matrix(delta_l, "delta_l", "(n_l, m)")
    a = _matrix(a_prev, "a_prev", "(n_{l-1}, m)")
    if a.shape[1] != delta.shape[1]:
        raise ValueError(
            f"a_prev: expected shape (n_{{l-1}}, {delta.shape[1]}), one column per column "
            f"(example) of delta_l (shape {delta.shape}), got shape {a.shape}"
        )
    if out is not None:
        _check_out(out, (delta.shape[0], a.shape[0]), np.result_type(delta, a, 1.0))
    return bp4(a, delta, out)


def _check_out(out: object, shape: tuple[int, int], dtype: np.dtype) -> None:
    """``out`` must be a writeable array of ``shape`` into which ``dtype`` can be written."""
    expected = f"a writeable float array of shape {shape} (n_l, n_{{l-1}})"
    if not isinstance(out, np.ndarray):
        raise TypeError(f"out: expected {expected}, got {type(out).__name__}")
    if out.shape != shape or out.dtype.kind != "f" or not out.flags.writeable:
        got = f"shape {out.shape}, dtype {out.dtype}" + (
            "" if out.flags.writeable else ", read-only"
        )
        raise ValueError(f"out: expected {expected}, got {got}")
    if not np.can_cast(dtype, out.dtype, "same_kind"):  # pragma: no cover - floats only
        raise ValueError(f"out: expected dtype {dtype}, got {out.dtype}")


# --- Problem 1: the same equations with the diagonal matrix Σ'(z) ------------------------


def _column(value: object, argument: str, rows: str) -> Array:
    """One column ``(n, 1)``, the only shape Problem 1's matrix form takes."""
    array = np.asarray(value)
    if array.ndim != 2 or array.shape[1] != 1 or array.shape[0] == 0:
        raise ValueError(
            f"{argument}: expected one column of shape ({rows}, 1), got shape {array.shape}"
        )
    return _matrix(array, argument, f"({rows}, 1)")


def sigma_prime_matrix(z: Array, activation: str | Activation) -> Array:
    """Σ'(z): the diagonal matrix with σ'(z_j) on its diagonal. ``z`` is one column (n, 1).

    Problem 1's form holds for elementwise activations, whose Jacobian is diagonal; a
    coupled one (softmax) is refused by :meth:`Activation.prime`. Σ'(z) has n² entries: a
    layer of more than 10,000 neurons is refused rather than asked for 800 MB.
    """
    z = _column(z, "z", "n")
    n = z.shape[0]
    if n * n > MAX_SIGMA_ENTRIES:
        raise ValueError(
            f"z: Σ'(z) for a column of {n:,} entries would be a {n:,} × {n:,} matrix; at most "
            f"{MAX_SIGMA_ENTRIES:,} entries are allowed (use the Hadamard form, bp1/bp2)"
        )
    return np.diag(get_activation(activation).prime(z)[:, 0])


def bp1_sigma_form(grad_a_C: Array, z_L: Array, activation: str | Activation) -> Array:
    """BP1 as δ^L = Σ'(z^L) ∇_a C (Problem 1). ``grad_a_C`` and ``z_L``: one column (n_L, 1)."""
    grad = _column(grad_a_C, "grad_a_C", "n_L")
    z = _like(z_L, "z_L", grad.shape, "z^L is one column, as grad_a_C")
    return sigma_prime_matrix(z, activation) @ grad


def bp2_sigma_form(
    w_next: Array, delta_next: Array, z_l: Array, activation: str | Activation
) -> Array:
    """BP2 as δ^l = Σ'(z^l) (w^{l+1})^T δ^{l+1} (Problem 1). One column: ``w_next``
    ``(n_{l+1}, n_l)``, ``delta_next`` ``(n_{l+1}, 1)``, ``z_l`` and the result ``(n_l, 1)``."""
    _column(delta_next, "delta_next", "n_{l+1}")
    w, delta, z = _bp2_arguments(w_next, delta_next, z_l)
    return sigma_prime_matrix(z, activation) @ w.T @ delta


def delta_expanded(
    weights: list[Array], zs: list[Array], grad_a_C: Array, activations: list, l: int
) -> Array:
    """δ^l = Σ'(z^l) (w^{l+1})^T Σ'(z^{l+1}) ··· Σ'(z^{L-1}) (w^L)^T Σ'(z^L) ∇_a C (Problem 1).

    The fully expanded product, built from the right: ``weights``, ``zs`` and
    ``activations`` are lists in book order (index 0 is layer 2, so layer l is
    index l − 2); ``grad_a_C`` is ∇_a C for one example, shape ``(n_L, 1)``; ``l`` is the
    book's layer, 2..L. The result is δ^l, shape ``(n_l, 1)``.
    """
    weights, zs, functions = _expanded_arguments(weights, zs, activations)
    L = len(weights) + 1
    l = _checks.layer(l, L, "l")
    grad = _like(grad_a_C, "grad_a_C", (weights[-1].shape[0], 1), "∇_a C: one column of n_L")
    delta = sigma_prime_matrix(zs[L - 2], functions[L - 2]) @ grad
    for q in range(L - 1, l - 1, -1):  # q = L-1 down to l
        delta = sigma_prime_matrix(zs[q - 2], functions[q - 2]) @ weights[q - 1].T @ delta
    return delta


def _expanded_arguments(
    weights: object, zs: object, activations: object
) -> tuple[list[Array], list[Array], list[Activation]]:
    """delta_expanded's lists: w^l that chain, one z^l column per layer, one σ per layer."""
    for argument, value in (("weights", weights), ("zs", zs), ("activations", activations)):
        if not isinstance(value, Sequence) or isinstance(value, str) or not value:
            raise TypeError(
                f"{argument}: expected a non-empty list with one entry per layer l = 2..L, "
                f"got {type(value).__name__}"
            )
    assert isinstance(weights, Sequence) and isinstance(zs, Sequence)
    assert isinstance(activations, Sequence)
    ws = [_matrix(w, f"weights[{i}]", f"(n_{i + 2}, n_{i + 1})") for i, w in enumerate(weights)]
    for i in range(1, len(ws)):
        if ws[i].shape[1] != ws[i - 1].shape[0]:
            raise ValueError(
                f"weights[{i}]: expected w^{i + 2} of shape ({ws[i].shape[0]}, "
                f"{ws[i - 1].shape[0]}) to follow weights[{i - 1}], got shape {ws[i].shape}"
            )
    for argument, value in (("zs", zs), ("activations", activations)):
        if len(value) != len(ws):
            raise ValueError(
                f"{argument}: expected one entry per layer l = 2..{len(ws) + 1} ({len(ws)}, "
                f"as weights), got {len(value)}"
            )
    columns = [
        _like(z, f"zs[{i}]", (w.shape[0], 1), f"z^{i + 2}: one column of n_{i + 2} rows")
        for i, (z, w) in enumerate(zip(zs, ws))
    ]
    functions = [get_activation(a, f"activations[{i}]") for i, a in enumerate(activations)]
    return ws, columns, functions
