"""Training is honest and atomic: a diverging run stops with the last finite weights, and a
step is applied whole or not at all, Ctrl-C included; the bar is closed whatever happens.

Each expected state is computed by replaying the same steps by hand with the book's
``update_mini_batch`` on a copy of the network.
"""

import os
import re
import signal
import threading

import numpy as np
import pytest

import bpcore as bp
from bpcore import progress as progress_module
from bpcore.train import Diverged, gradient_step


def _data(n, seed=0, rows=2):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (n, rows))
    labels = (x.sum(axis=1) > 0).astype(int)
    return [(p.reshape(rows, 1), np.eye(2)[:, [c]]) for p, c in zip(x, labels)]


def _params(net):
    return [p.copy() for p in net.weights + net.biases]


def _replay(net, training, eta, seed, steps, mini_batch_size):
    """The first ``steps`` steps of SGD(training, ..., seed=seed), by hand, on ``net``."""
    rng = np.random.default_rng(seed)
    n, done = len(training), 0
    while done < steps:
        order = rng.permutation(n)
        for k in range(0, n, mini_batch_size):
            if done == steps:
                return None
            batch = [training[i] for i in order[k : k + mini_batch_size]]
            net.update_mini_batch(batch, eta)
            done += 1
    return None


def _batch(training, seed, epoch, index, mini_batch_size):
    rng = np.random.default_rng(seed)
    for _ in range(epoch + 1):
        order = rng.permutation(len(training))
    chosen = order[index * mini_batch_size : (index + 1) * mini_batch_size]
    return [training[i] for i in chosen]


@pytest.mark.parametrize(
    "mini_batch_size, dtype", [(10, np.float64), (1, np.float64), (7, np.float32)]
)
def test_a_diverging_run_stops_naming_eta_and_keeps_the_last_finite_weights(mini_batch_size, dtype):
    training = _data(60)
    net = bp.Network([2, 8, 2], activation="linear", seed=0, dtype=dtype)
    start = net.copy()
    eta = 4.0
    with pytest.raises(Diverged) as info:
        net.SGD(training, 50, mini_batch_size, eta, seed=3, progress=False)
    error = info.value
    assert re.match(
        rf"eta: training diverged at epoch {error.epoch}, mini-batch {error.mini_batch} of "
        rf"{-(-60 // mini_batch_size)} \(both counted from 0\): that step would have made "
        r"(w\^\d|b\^\d)(, (w\^\d|b\^\d))* NaN or infinite\. The network keeps its weights and "
        r"biases from before that step, the last finite ones\. The learning rate η = 4 is too "
        r"large .*try a smaller eta, e\.g\. 0\.4",
        str(error),
    ), str(error)
    assert all(np.isfinite(p).all() for p in net.weights + net.biases)
    # the weights are those after every step before the reported one, replayed by hand
    steps = error.epoch * -(-60 // mini_batch_size) + error.mini_batch
    by_hand = start.copy()
    _replay(by_hand, training, eta, 3, steps, mini_batch_size)
    for ours, theirs in zip(net.weights + net.biases, by_hand.weights + by_hand.biases):
        np.testing.assert_array_equal(ours, theirs)
    # and the reported step is the first whose result is not finite
    bad = _batch(training, 3, error.epoch, error.mini_batch, mini_batch_size)
    X = np.hstack([x for x, _ in bad]).astype(dtype)
    Y = np.hstack([y for _, y in bad]).astype(dtype)
    with np.errstate(all="ignore"):
        gradient_step(by_hand, X, Y, eta)
    assert not all(np.isfinite(p).all() for p in by_hand.weights + by_hand.biases)


def test_update_mini_batch_refuses_a_step_that_is_not_finite_and_changes_nothing():
    net = bp.Network([2, 3, 2], activation="linear", seed=0)
    net.weights[0][:] = 1e200
    before = _params(net)
    with pytest.raises(Diverged, match=r"eta: this step would have made w\^2.* NaN or infinite"):
        net.update_mini_batch(_data(4), 1e200)
    for p, q in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, q)


def test_with_lambda_the_message_says_what_weight_decay_does():
    training = _data(4)
    net = bp.Network([2, 3, 2], seed=0)
    # ηλ/n = 3 · 10 / 4: each step multiplies the weights by 1 − 7.5 = −6.5
    with pytest.raises(Diverged, match=r"1 − ηλ/n = -6\.5; ηλ < n = 4 keeps"):
        net.SGD(training, 400, 4, 3.0, lmbda=10.0, progress=False)
    assert all(np.isfinite(p).all() for p in net.weights + net.biases)


class _Counting:
    """σ' that does something on its ``at``-th call: two calls a step for a [2, 3, 2] net."""

    def __init__(self, at, action):
        self.calls, self.at, self.action = 0, at, action
        self.sigmoid = bp.get_activation("sigmoid")

    def derivative(self, z):
        self.calls += 1
        if self.calls == self.at:
            self.action()
        return self.sigmoid.derivative(z)

    def activation(self):
        return bp.custom(self.sigmoid.function, self.derivative)


def _interrupt():
    os.kill(os.getpid(), signal.SIGINT)


def _raise_interrupt():
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    "action, whole_steps",
    [
        (_interrupt, 4),  # Ctrl-C in step 4's backward pass: step 4 is finished, then it stops
        (_raise_interrupt, 3),  # an exception inside step 4: none of step 4 is applied
    ],
)
def test_ctrl_c_stops_between_steps_and_closes_the_bar(monkeypatch, action, whole_steps):
    closed = []
    close = progress_module.Bar.close
    monkeypatch.setattr(progress_module.Bar, "close", lambda bar: closed.append(close(bar)))
    counting = _Counting(at=7, action=action)  # calls 7 and 8 are step 4's
    net = bp.Network([2, 3, 2], activation=counting.activation(), seed=0)
    plain = _Counting(at=0, action=None)  # the same σ', never acting
    reference = bp.Network([2, 3, 2], activation=plain.activation(), seed=0)
    training = _data(30)
    handler = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        net.SGD(training, 2, 5, 1.0, seed=4)
    assert closed == [None]  # the bar was closed, once
    assert signal.getsignal(signal.SIGINT) is handler
    _replay(reference, training, 1.0, 4, whole_steps, 5)
    for ours, theirs in zip(net.weights + net.biases, reference.weights + reference.biases):
        np.testing.assert_array_equal(ours, theirs)


def test_sgd_runs_outside_the_main_thread():
    net = bp.Network([2, 3, 2], seed=0)
    reference = net.copy()
    failures = []

    def train():
        try:
            net.SGD(_data(20), 2, 5, 1.0, seed=1, progress=False)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)

    thread = threading.Thread(target=train)
    thread.start()
    thread.join()
    assert failures == []
    _replay(reference, _data(20), 1.0, 1, 8, 5)
    for ours, theirs in zip(net.weights + net.biases, reference.weights + reference.biases):
        np.testing.assert_array_equal(ours, theirs)


def test_a_refused_call_draws_no_bar(capfd):
    net = bp.Network([2, 3, 2], seed=0)
    with pytest.raises(ValueError, match="progress"):
        net.SGD(_data(4), 1, 2, 1.0, progress="loud")
    with pytest.raises(ValueError, match="test_data"):
        net.SGD(_data(4), 1, 2, 1.0, test_data=[(np.ones((3, 1)), 0)])
    assert capfd.readouterr() == ("", "")
