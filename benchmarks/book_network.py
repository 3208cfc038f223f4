"""The book's network.py, per-example, ported to Python 3: the benchmark's reference.

This is the algorithm of chapter 1's ``network.py`` (used unchanged in chapter 2) kept
exactly as the book runs it, so that the benchmark compares bpcore with what a reader
of the book actually executes:

* ``SGD`` shuffles the list of ``(x, y)`` pairs in place with :mod:`random` and slices
  it into mini-batches (lists of pairs);
* ``update_mini_batch`` calls ``backprop`` once per example, one column ``(n, 1)`` at
  a time, sums the per-example gradients in fresh lists, and then rebinds the weights
  and biases to new arrays ``w - (eta/m) nabla_w``;
* ``backprop`` is the chapter's five steps for a single example, with the book's naive
  ``sigmoid`` and ``sigmoid_prime`` computed from z (σ is evaluated twice).

Only the Python 2 idioms change (``xrange`` → ``range``, ``print`` as a function, the
``zip`` objects turned into lists where they are reused). Nothing here is optimised:
that is the point. It is not part of ``bpcore``.
"""

from __future__ import annotations

import random

import numpy as np


class Network:
    """A sigmoid network with the quadratic cost, trained one example at a time."""

    def __init__(self, sizes, seed=None):
        rng = np.random.RandomState(seed)
        self.num_layers = len(sizes)
        self.sizes = sizes
        self.biases = [rng.randn(y, 1) for y in sizes[1:]]
        self.weights = [rng.randn(y, x) for x, y in zip(sizes[:-1], sizes[1:])]

    def feedforward(self, a):
        """The output of the network for the input column ``a``."""
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(np.dot(w, a) + b)
        return a

    def SGD(self, training_data, epochs, mini_batch_size, eta, test_data=None):  # noqa: N802
        """Mini-batch stochastic gradient descent; ``training_data`` is a list of (x, y)."""
        if test_data:
            n_test = len(test_data)
        n = len(training_data)
        for j in range(epochs):
            random.shuffle(training_data)
            mini_batches = [
                training_data[k : k + mini_batch_size] for k in range(0, n, mini_batch_size)
            ]
            for mini_batch in mini_batches:
                self.update_mini_batch(mini_batch, eta)
            if test_data:
                print(f"Epoch {j}: {self.evaluate(test_data)} / {n_test}")

    def update_mini_batch(self, mini_batch, eta):
        """One gradient-descent step: backprop on each example, sum, then update."""
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
        self.weights = [w - (eta / len(mini_batch)) * nw for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - (eta / len(mini_batch)) * nb for b, nb in zip(self.biases, nabla_b)]

    def backprop(self, x, y):
        """(nabla_b, nabla_w): the gradient of C_x for one example, layer by layer."""
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        # feedforward
        activation = x
        activations = [x]  # all the activations, layer by layer
        zs = []  # all the z vectors, layer by layer
        for b, w in zip(self.biases, self.weights):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        # backward pass
        delta = self.cost_derivative(activations[-1], y) * sigmoid_prime(zs[-1])
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        # l = 1 is the last layer, l = 2 the second-last, and so on (the book's
        # Python indexing, counting from the end)
        for l in range(2, self.num_layers):
            z = zs[-l]
            sp = sigmoid_prime(z)
            delta = np.dot(self.weights[-l + 1].transpose(), delta) * sp
            nabla_b[-l] = delta
            nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
        return (nabla_b, nabla_w)

    def evaluate(self, test_data):
        """How many (x, label) pairs the network classifies right."""
        test_results = [(np.argmax(self.feedforward(x)), y) for (x, y) in test_data]
        return sum(int(x == y) for (x, y) in test_results)

    def cost_derivative(self, output_activations, y):
        """∂C_x/∂a for the quadratic cost."""
        return output_activations - y


def sigmoid(z):
    """The sigmoid function (the book's form)."""
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    """Derivative of the sigmoid function (the book's form)."""
    return sigmoid(z) * (1 - sigmoid(z))
