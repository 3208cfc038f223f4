"""Worked solutions to the notebooks' exercises, written as a reader would write them.

Plain numpy, the book's names, a comment per step of the equation. No notebook runs
them: a reader who is stuck prints one with ``exercises.solution("bp2")``, which shows
the source (with the helpers and imports it uses) and the checker that accepts it.
The tests run every one through its checker, so they stay right. They carry no type
hints, unlike the rest of the package: they are the notebooks' code, to be read and
copied into a cell.
"""

import itertools

import numpy as np

# --- helpers a reader writes once --------------------------------------------------------------


def sigmoid(z):
    """σ(z) = 1 / (1 + e^{-z})."""
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    """σ'(z) = σ(z) (1 − σ(z))."""
    return sigmoid(z) * (1.0 - sigmoid(z))


# --- 02 · from a line to gradient descent ----------------------------------------------------


def my_line_gradient(m, c, xs, ys):
    s = m * xs + c - ys  # the errors s_i = f(x_i) − y_i, and ∂(½ s_i²)/∂s_i = s_i
    dC_dm = np.sum(s * xs)  # chain rule: ∂s_i/∂m = x_i
    dC_dc = np.sum(s)  #                 ∂s_i/∂c = 1
    return float(dC_dm), float(dC_dc)


def my_line_descent(m, c, eta, steps, xs, ys):
    for _ in range(steps):
        dC_dm, dC_dc = my_line_gradient(m, c, xs, ys)  # both from the same (m, c)
        m, c = m - eta * dC_dm, c - eta * dC_dc  # Δm = −η ∂C/∂m, Δc = −η ∂C/∂c
    return m, c


# --- 03 · the forward pass ---------------------------------------------------------------


def my_feedforward(weights, biases, x):
    a = x  # a^1 = x
    for w, b in zip(weights, biases):  # layers l = 2, ..., L
        a = sigmoid(w @ a + b)  # eq. 25: a^l = σ(w^l a^{l-1} + b^l)
    return a


def my_feedforward_loops(weights, biases, x):
    a = x
    for w, b in zip(weights, biases):
        n, n_prev = w.shape
        z = np.zeros((n, a.shape[1]))
        for col in range(a.shape[1]):  # every example
            for j in range(n):  # eq. 23: z^l_j = Σ_k w^l_jk a^{l-1}_k + b^l_j
                z[j, col] = sum(w[j, k] * a[k, col] for k in range(n_prev)) + b[j, 0]
        a = sigmoid(z)
    return a


# --- 04 · the cost and the Hadamard product ----------------------------------------------------


def my_hadamard(s, t):
    return s * t  # entry by entry, (s ⊙ t)_j = s_j t_j; not s @ t, not np.dot(s, t)


def my_quadratic_cost(a, y):
    C_x = 0.5 * np.sum((y - a) ** 2, axis=0)  # eq. 27 for each column: ½‖y(x) − a^L(x)‖²
    return float(np.mean(C_x))  # eq. 26: C = (1/n) Σ_x C_x


# --- 05 · the four fundamental equations -------------------------------------------------------


def my_bp1(grad_a_C, z_L):
    return grad_a_C * sigmoid_prime(z_L)  # BP1: δ^L = ∇_a C ⊙ σ'(z^L)


def my_bp2(w_next, delta_next, z_l):
    return (w_next.T @ delta_next) * sigmoid_prime(z_l)  # BP2: ((w^{l+1})^T δ^{l+1}) ⊙ σ'(z^l)


def my_bp3(delta):
    return delta.mean(axis=1, keepdims=True)  # BP3: ∂C/∂b^l = δ^l, averaged over the examples


def my_bp4(a_prev, delta):
    m = delta.shape[1]
    return delta @ a_prev.T / m  # BP4: δ^l (a^{l-1})^T sums the m examples; divide by m


def my_sigma_prime_matrix(z):
    return np.diag(sigmoid_prime(z)[:, 0])  # σ'(z_j) on the diagonal: np.diag of a 1-D array


# --- 06 · the proofs: BP3 and BP4 by the chain rule through z^l ----------------------------


def my_rate_through_z(net, x, delta, layer, j, k):
    # The proof of BP3 and BP4. The parameter p (the bias b^l_j, or the weight w^l_jk when
    # k is given) appears in one place only: z^l_j = Σ_k w^l_jk a^{l-1}_k + b^l_j (eq. 23).
    # Nothing before layer l depends on it, and everything after depends on it through z^l,
    # so by the chain rule through the weighted inputs of layer l
    #     ∂C/∂p = Σ_i ∂C/∂z^l_i · ∂z^l_i/∂p = Σ_i δ^l_i ∂z^l_i/∂p.
    # Step 1: measure ∂z^l/∂p. Move p by ±h on a copy and run the forward pass again.
    h = 1e-6

    def z_after(change):
        moved = net.copy()
        if k is None:
            moved.b(layer)[j, 0] += change
        else:
            moved.w(layer)[j, k] += change
        return moved.forward(x).zs[layer - 2]

    dz_dp = (z_after(h) - z_after(-h)) / (2 * h)
    # The column is 0 in every row but j, where it is 1 for b^l_j and a^{l-1}_k for w^l_jk:
    # exactly what differentiating eq. 23 gives.
    # Step 2: the chain rule. Only the term i = j survives, so
    #     ∂C/∂b^l_j = δ^l_j (BP3)   and   ∂C/∂w^l_jk = a^{l-1}_k δ^l_j (BP4).
    dC_dp = float(np.sum(delta * dz_dp))
    return dz_dp, dC_dp


# --- 07, 08 · the algorithm --------------------------------------------------------------------


def my_backprop(net, x, y):
    # steps 1–2, feedforward, keeping zs[l - 2] = z^l and activations[l - 1] = a^l
    zs, activations = [], [x]
    for w, b in zip(net.weights, net.biases):
        zs.append(w @ activations[-1] + b)  # eq. 25
        activations.append(sigmoid(zs[-1]))
    nabla_b = [np.zeros(b.shape) for b in net.biases]
    nabla_w = [np.zeros(w.shape) for w in net.weights]
    # step 3, BP1: the output error, with ∇_a C = a^L − y for the quadratic cost (eq. 30)
    delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
    nabla_b[-1] = delta  # BP3
    nabla_w[-1] = delta @ activations[-2].T  # BP4
    # step 4, BP2: carry the error back, l = L-1, ..., 2 (w^{l+1} is net.weights[l - 1])
    for l in range(net.num_layers - 1, 1, -1):
        delta = (net.weights[l - 1].T @ delta) * sigmoid_prime(zs[l - 2])
        nabla_b[l - 2] = delta  # step 5: BP3 ...
        nabla_w[l - 2] = delta @ activations[l - 2].T  # ... and BP4, with a^{l-1}
    return nabla_b, nabla_w


def my_modified_backprop(net, x, y, layer, i, f, f_prime):
    # steps 1–2: feedforward; neuron i of `layer` computes f(z), every other neuron σ(z)
    zs, activations = [], [x]
    for l, (w, b) in enumerate(zip(net.weights, net.biases), start=2):
        z = w @ activations[-1] + b  # eq. 25
        a = sigmoid(z)
        if l == layer:
            a[i] = f(z[i])
        zs.append(z)
        activations.append(a)

    def prime(l):  # σ'(z^l), with f'(z^l_i) in place of σ'(z^l_i) in the modified layer
        s = sigmoid_prime(zs[l - 2])
        if l == layer:
            s[i] = f_prime(zs[l - 2][i])
        return s

    L = net.num_layers
    delta = (activations[-1] - y) * prime(L)  # step 3, BP1
    deltas = [delta]
    for l in range(L - 1, 1, -1):  # step 4, BP2: l = L-1, ..., 2
        delta = (net.weights[l - 1].T @ delta) * prime(l)
        deltas.insert(0, delta)
    nabla_w = [d @ a.T for d, a in zip(deltas, activations[:-1])]  # step 5, BP4
    return deltas, nabla_w  # BP3: ∂C/∂b^l = δ^l


def my_linear_backprop(net, x, y):
    # steps 1–2: with σ(z) = z the forward pass is a^l = z^l = w^l a^{l-1} + b^l
    activations = [x]
    for w, b in zip(net.weights, net.biases):
        activations.append(w @ activations[-1] + b)
    delta = activations[-1] - y  # step 3, BP1 with σ'(z) = 1: δ^L = ∇_a C
    deltas = [delta]
    for l in range(net.num_layers - 1, 1, -1):  # step 4, BP2 with σ' = 1: δ^l = (w^{l+1})^T δ^{l+1}
        delta = net.weights[l - 1].T @ delta
        deltas.insert(0, delta)
    nabla_w = [d @ a.T for d, a in zip(deltas, activations[:-1])]  # step 5, BP4
    return deltas, nabla_w  # BP3: ∂C/∂b^l = δ^l


def my_matrix_backprop(net, X, Y):
    m = X.shape[1]
    zs, activations = [], [X]
    for w, b in zip(net.weights, net.biases):
        zs.append(w @ activations[-1] + b)  # b (n_l, 1) is added to every column
        activations.append(sigmoid(zs[-1]))
    Delta = (activations[-1] - Y) * sigmoid_prime(zs[-1])  # BP1 for every column at once
    deltas = [Delta]
    for l in range(net.num_layers - 1, 1, -1):  # BP2, l = L-1, ..., 2
        Delta = (net.weights[l - 1].T @ Delta) * sigmoid_prime(zs[l - 2])
        deltas.insert(0, Delta)
    nabla_b = [D.sum(axis=1, keepdims=True) / m for D in deltas]  # BP3, mean over columns
    nabla_w = [D @ A.T / m for D, A in zip(deltas, activations[:-1])]  # BP4: Σ_x δ a^T = Δ A^T
    return nabla_b, nabla_w


# --- 09 · why backpropagation is fast ----------------------------------------------------------


def my_numerical_gradient(net, x, y, eps):
    base = net.cost(x, y)  # C(w), once

    def partials(parameters):
        result = []
        for p in parameters:
            g = np.zeros(p.shape)
            for index in np.ndindex(p.shape):
                original = p[index]
                p[index] = original + eps
                g[index] = (net.cost(x, y) - base) / eps  # eq. 46
                p[index] = original  # put it back exactly
            result.append(g)
        return result

    return partials(net.biases), partials(net.weights)


def passes_needed(sizes, method):
    P = sum(n * n_prev + n for n_prev, n in zip(sizes[:-1], sizes[1:]))  # weights and biases
    if method == "forward":
        return P + 1  # C(w) once, then C(w + ε e_j) for every parameter (eq. 46)
    if method == "central":
        return 2 * P  # C(w + ε e_j) and C(w − ε e_j) for every parameter
    return 1  # backprop: one forward pass (and one backward pass) for all of them


# --- 10 · the big picture ---------------------------------------------------------------------


def my_nudge(net, x, y, layer, j, k, dw):
    before = net.cost(x, y)
    w = net.weights[layer - 2]  # w^l
    original = w[j, k]
    w[j, k] = original + dw  # nudge w^l_jk ...
    after = net.cost(x, y)  # ... and run the network again
    w[j, k] = original  # put it back as it was
    return after - before  # the exact ΔC


def my_path_sum(net, x, y, layer, j, k):
    record = net.forward(x)
    zs, activations = record.zs, record.activations  # zs[q - 2] is z^q, activations[q - 1] a^q
    # the first factor: ∂a^l_j/∂w^l_jk = σ'(z^l_j) a^{l-1}_k
    first = sigmoid_prime(zs[layer - 2][j, 0]) * activations[layer - 2][k, 0]
    later = range(layer + 1, net.num_layers + 1)  # the layers l+1, ..., L
    total = 0.0
    for route in itertools.product(*(range(net.sizes[q - 1]) for q in later)):
        rate, previous = first, j
        for q, i in zip(later, route):  # the edge a^{q-1}_previous → a^q_i
            rate *= sigmoid_prime(zs[q - 2][i, 0]) * net.weights[q - 2][i, previous]
            previous = i
        total += rate * (activations[-1][previous, 0] - y[previous, 0])  # × ∂C/∂a^L_m
    return total  # eq. 53: the sum over every path


# --- 11 · one neuron per layer -----------------------------------------------------------------


def my_chain_gradient(x, weights, y):
    hs, a = [], x
    for w in weights:  # forward: h_i = w_i a_{i-1}, a_i = σ(h_i)
        hs.append(w * a)
        a = sigmoid(hs[-1])
    gradient = x * sigmoid_prime(hs[0])  # ∂h_1/∂w_1 · ∂a_1/∂h_1
    for w, h in zip(weights[1:], hs[1:]):
        gradient *= w * sigmoid_prime(h)  # ∂h_i/∂a_{i-1} · ∂a_i/∂h_i
    return float(gradient * (a - y))  # · ∂C/∂ŷ (eq. 85)


def hidden_error_matrix(w):
    n_out, n_hidden = w.shape
    M = np.zeros((n_hidden, n_out))
    for j in range(n_hidden):
        for k in range(n_out):
            M[j, k] = w[k, j]  # the coefficient of δ^(3)_k in δ^(2)_j is w^(3)_kj (eq. 92–94)
    return M
