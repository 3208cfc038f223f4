"""The ready-made examples (bpcore.examples): seeded networks with an input and a target."""

import numpy as np
import pytest

import bpcore as bp
from bpcore.examples import book_network, digit_as_mnist, trained_digits_network, wide_network


def test_examples():
    net, x, y = book_network()
    assert net.sizes == [2, 3, 2] and x.shape == (2, 1) and y.shape == (2, 1)
    np.testing.assert_array_equal(book_network().net.weights[0], net.weights[0])  # seeded
    wide = wide_network()
    assert wide.net.sizes == [784, 30, 10] and wide.x.shape == (784, 1)
    assert wide.y.sum() == 1 and 0 <= wide.x.min() and wide.x.max() <= 1
    image = np.arange(64) / 63
    big = digit_as_mnist(image).reshape(28, 28)
    assert big[2, 2] == image[0] and big[4, 4] == image[0] and big[5, 5] == image[9]
    assert np.all(big[:2] == 0) and np.all(big[:, -2:] == 0)
    with pytest.raises(ValueError, match="image"):
        digit_as_mnist(np.ones(10))


def test_trained_digits_network_learns_and_is_independent():
    example = trained_digits_network(seed=0)
    net, x, y = example
    assert net.sizes == [64, 30, 10] and x.shape == (64, 1)
    _, _, test = bp.load_digits(seed=0)
    assert net.evaluate(test) >= 0.85 * len(test)
    assert example.label == int(np.argmax(net.feedforward(x)))
    net.weights[0][:] = 0.0  # each call returns its own copy
    assert np.any(trained_digits_network(seed=0).net.weights[0] != 0.0)
