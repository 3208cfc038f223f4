"""The checking harness: three verdicts, stubs, strange answers, changed inputs, endless loops.

Whatever the reader's function does or returns, a checker answers with a verdict and a
sentence, never a traceback from inside the checker.
"""

from __future__ import annotations

import functools
import signal
import sys
import threading

import numpy as np
import pytest

from bpcore import exercises as ex
from bpcore.exercises import stubs, timelimit
from bpcore.exercises.result import CheckResult


def sigmoid_prime(z):
    s = 1.0 / (1.0 + np.exp(-z))
    return s * (1.0 - s)


def bp1(grad, z):
    return grad * sigmoid_prime(z)


def bp3(delta):
    return delta.mean(axis=1, keepdims=True)


def quadratic_cost(a, y):
    return float(np.mean(0.5 * np.sum((y - a) ** 2, axis=0)))


def book_backprop(net, x, y):
    activations, zs = [x], []
    for w, b in zip(net.weights, net.biases):
        zs.append(w @ activations[-1] + b)
        activations.append(1.0 / (1.0 + np.exp(-zs[-1])))
    delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
    nabla_b, nabla_w = [delta], [delta @ activations[-2].T]
    for i in range(len(net.weights) - 2, -1, -1):
        delta = (net.weights[i + 1].T @ delta) * sigmoid_prime(zs[i])
        nabla_b.insert(0, delta)
        nabla_w.insert(0, delta @ activations[i].T)
    return nabla_b, nabla_w


def chain_rule(x, weights, y):
    a, product = x, 1.0
    for i, w in enumerate(weights):
        h = w * a
        product *= sigmoid_prime(h) * (a if i == 0 else w)
        a = 1.0 / (1.0 + np.exp(-h))
    return float(product * (a - y))


def is_wrong(result, *fragments):
    assert isinstance(result, CheckResult)
    assert result.status == ex.WRONG and not result and not result.ok, result.message
    assert result.message.startswith("✗ ")
    for fragment in fragments:
        assert fragment in result.message, result.message
    return result


def is_not_attempted(result, name):
    assert result.status == ex.NOT_ATTEMPTED and not result, result.message
    assert result.message.startswith("○ ")
    assert "not attempted yet" in result.message and "Traceback" not in result.message
    assert f"write the body of {name}" in result.message
    return result


# --- the three verdicts ------------------------------------------------------------------------


def test_the_three_statuses_print_and_render_differently():
    right = ex.check_bp3(bp3)
    wrong = ex.check_bp3(lambda d: d)

    def my_bp3(delta): ...  # your code: ∂C/∂b^l = δ^l, averaged over the examples

    stub = ex.check_bp3(my_bp3)
    assert [r.status for r in (right, wrong, stub)] == ["correct", "wrong", "not attempted"]
    assert [bool(r) for r in (right, wrong, stub)] == [True, False, False]
    assert stub.message == (
        "○ check_bp3: not attempted yet — write the body of my_bp3 above, then run this cell again."
    )
    colours = [r._repr_html_().split('"')[1] for r in (right, wrong, stub)]
    assert colours == ["color: #1a7f37", "color: #b42318", "color: #57606a"]
    assert stub.failed_case is None and wrong.failed_case == 4  # cases 1-3 have one column


def test_a_status_must_be_one_of_three():
    with pytest.raises(ValueError, match="status"):
        CheckResult("check_bp1", "maybe", "?", 1)


# --- stubs: recognised whatever their shape, never a crash -------------------------------------


def stub_with_ellipsis(w_next, delta_next, z_l):
    ...  # your code: δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ'(z^l)
    # (ruff format would put ... on the def line; both forms are stubs)


def stub_with_pass(w_next, delta_next, z_l):
    # your code here
    pass


def stub_with_docstring(w_next, delta_next, z_l):
    """Return δ^l."""


def stub_with_everything(w_next, delta_next, z_l):
    """Return δ^l."""
    # step 1
    ...
    # step 2
    pass


def stub_raising(w_next, delta_next, z_l):
    raise NotImplementedError("write me")


@pytest.mark.parametrize(
    "stub",
    [stub_with_ellipsis, stub_with_pass, stub_with_docstring, stub_with_everything, stub_raising],
)
def test_stubs_are_not_attempted(stub):
    assert stubs.is_stub(stub) is (stub is not stub_raising)
    is_not_attempted(ex.check_bp2(stub), stub.__name__)


def test_a_function_returning_none_explicitly_is_wrong_not_a_stub():
    def returns_none(grad, z):
        return None

    assert not stubs.is_stub(returns_none)
    is_wrong(ex.check_bp1(returns_none), "returned None", "`return` missing")


def test_a_body_that_forgot_return_is_wrong_not_a_stub():
    def forgot_return(grad, z):
        grad * sigmoid_prime(z)

    assert not stubs.is_stub(forgot_return)
    is_wrong(ex.check_bp1(forgot_return), "returned None")


def test_lambdas_are_read_without_crashing():
    assert stubs.is_stub(lambda g, z: ...)
    assert not stubs.is_stub(lambda g, z: None)
    assert not stubs.is_stub(lambda g, z: g)
    result = ex.check_bp1(lambda g, z: ...)
    assert result.status == ex.NOT_ATTEMPTED
    assert "write the body of your function" in result.message


def test_functions_without_source_are_judged_by_their_code():
    namespace = {}
    source = (
        "def exec_stub(grad, z):\n    ...\ndef exec_real(grad, z):\n    return grad * (1 - z) * 0\n"
    )
    exec(compile(source, "<no file>", "exec"), namespace)
    assert stubs.is_stub(namespace["exec_stub"])
    assert not stubs.is_stub(namespace["exec_real"])
    is_not_attempted(ex.check_bp1(namespace["exec_stub"]), "exec_stub")
    is_wrong(ex.check_bp1(namespace["exec_real"]), "δ^L")


def test_decorated_functions_are_read_through_their_wrapper():
    def wrapping(fn):
        @functools.wraps(fn)
        def wrapper(*args):
            return fn(*args)

        return wrapper

    def plain(fn):
        return lambda *args: fn(*args)

    @wrapping
    def my_bp1(grad, z): ...

    @wrapping
    def real_bp1(grad, z):
        return bp1(grad, z)

    @plain
    def hidden_stub(grad, z): ...

    is_not_attempted(ex.check_bp1(my_bp1), "my_bp1")
    assert ex.check_bp1(real_bp1).ok
    is_wrong(ex.check_bp1(hidden_stub), "returned None")  # the wrapper is not a stub


def test_other_callables_are_never_stubs():
    class Callable:
        def __call__(self, s, t):
            return s * t

        def stub(self, s, t): ...

    assert not stubs.is_stub(np.multiply)
    assert not stubs.is_stub(functools.partial(np.multiply))
    assert not stubs.is_stub(Callable())
    assert stubs.is_stub(Callable().stub)
    assert ex.check_hadamard(np.multiply).ok and ex.check_hadamard(Callable()).ok
    assert ex.check_hadamard(functools.partial(np.multiply)).ok

    async def coroutine(s, t): ...

    assert not stubs.is_stub(coroutine)


def test_not_implemented_on_a_later_case_is_wrong():
    def batches_missing(grad, z):
        if grad.shape[1] > 1:
            raise NotImplementedError("batches")
        return bp1(grad, z)

    result = is_wrong(ex.check_bp1(batches_missing), "raised NotImplementedError: batches")
    assert "does not handle this case yet" in result.message and result.failed_case > 1


# --- strange answers: a verdict with a reason, accepted when they convert cleanly --------------


class TensorLike:
    """Anything with __array__ (a torch tensor, a cupy array...)."""

    def __init__(self, array, fail=False):
        self.array, self.fail = array, fail

    def __array__(self, dtype=None, copy=None):
        if self.fail:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad")
        return np.asarray(self.array, dtype=dtype)


def _generator(d):
    return (v for v in d.mean(axis=1))


BAD_ANSWERS = [
    ("complex, zero imaginary", lambda d: bp3(d).astype(complex), ["complex numbers", "all 0"]),
    ("complex", lambda d: bp3(d) + 1e-3j, ["complex numbers", "1j"]),
    ("python complex", lambda d: [[(-1.0) ** 0.5]] * d.shape[0], ["complex numbers"]),
    ("too large", lambda d: [[10**400]] * d.shape[0], ["too large for a float"]),
    ("nan", lambda d: bp3(d) * np.nan, ["not a finite number"]),
    ("inf", lambda d: bp3(d) / 0.0, ["inf, not a finite number", "numpy warned: divide by zero"]),
    ("None", lambda d: None, ["returned None"]),
    ("dict", lambda d: {"b": bp3(d)}, ["returned dict"]),
    ("set", lambda d: {1.0}, ["returned set"]),
    ("string", lambda d: "delta", ["returned the string 'delta'"]),
    ("text array", lambda d: bp3(d).astype(str), ["text"]),
    ("bools", lambda d: bp3(d) > 0, ["True/False"]),
    ("generator", _generator, ["iterator", "list(...)"]),
    ("function", lambda d: bp3, ["returned function"]),
    ("object", lambda d: object(), ["not a number"]),
    ("ragged list", lambda d: [[1.0], [2.0, 3.0]], ["numpy cannot read", "ValueError"]),
    ("list with None", lambda d: [[None]] * d.shape[0], ["None"]),
    ("wrong shape", lambda d: d.T, ["should have shape"]),
    ("1-D", lambda d: d.mean(axis=1), ["It is 1-D"]),
    ("one number", lambda d: 0.5, ["It is a single number"]),
    ("tensor needing grad", lambda d: TensorLike(bp3(d), fail=True), ["numpy cannot", "detach"]),
]


@pytest.mark.parametrize(
    ("answer", "fragments"), [row[1:] for row in BAD_ANSWERS], ids=[row[0] for row in BAD_ANSWERS]
)
def test_a_strange_answer_gets_a_reason_not_a_traceback(answer, fragments):
    is_wrong(ex.check_bp3(answer), "wrong on case", *fragments)


@pytest.mark.parametrize(
    ("answer", "fragments"),
    [
        (lambda a, y: 10**400, ["integer of about 401 digits", "too large for a float"]),
        (lambda a, y: quadratic_cost(a, y) + 0j, ["complex numbers"]),
        (lambda a, y: True, ["a bool"]),
        (lambda a, y: float("nan"), ["C is nan, not a finite number"]),
        (lambda a, y: [quadratic_cost(a, y)] * 2, ["one number"]),
    ],
)
def test_strange_numbers(answer, fragments):
    is_wrong(ex.check_quadratic_cost(answer), *fragments)


@pytest.mark.parametrize(
    "convert",
    [
        lambda v: v.tolist(),
        lambda v: TensorLike(v),
        lambda v: np.asmatrix(v),
        lambda v: v.astype(np.float32).astype(np.float64),
    ],
    ids=["list", "tensor-like", "matrix", "float64 again"],
)
def test_answers_that_convert_cleanly_are_accepted(convert):
    assert ex.check_bp3(lambda d: convert(bp3(d))).ok
    assert ex.check_line_gradient(lambda m, c, xs, ys: np.array(_line(m, c, xs, ys))).ok


def _line(m, c, xs, ys):
    r = m * xs + c - ys
    return float(r @ xs), float(r.sum())


def test_a_torch_tensor_is_accepted_or_explained():
    torch = pytest.importorskip("torch")
    assert ex.check_bp3(lambda d: torch.tensor(bp3(d))).ok
    needs_grad = ex.check_bp3(lambda d: torch.tensor(bp3(d), requires_grad=True))
    is_wrong(needs_grad, "Tensor", "detach")


def test_an_exception_inside_the_function_is_named():
    def divides(grad, z):
        return grad / 0 if False else 1 / 0

    is_wrong(ex.check_bp1(divides), "raised ZeroDivisionError: division by zero")
    is_wrong(ex.check_bp1(lambda g, z: sys.exit(3)), "raised SystemExit: 3")
    is_wrong(ex.check_bp1(lambda g, z: np.array([1, 2]) @ np.ones(3)), "raised ValueError")


def test_an_exception_that_cannot_print_itself_is_still_named():
    class Unprintable(Exception):
        def __str__(self):
            raise RuntimeError("no")

    def raises(grad, z):
        raise Unprintable

    is_wrong(ex.check_bp1(raises), "raised Unprintable: (a message that cannot be shown)")


def test_numpy_warnings_are_recorded_not_shown():
    with np.errstate(all="warn"):
        result = ex.check_bp1(lambda g, z: g * np.exp(np.full_like(z, 1000.0)))
    is_wrong(result, "not a finite number", "numpy warned: overflow encountered in exp")


# --- changed inputs ----------------------------------------------------------------------------


def _then(change):
    """backprop, then ``change(net, x, y)``: a right answer from a function that also meddles."""

    def fn(net, x, y):
        result = book_backprop(net, x, y)
        change(net, x, y)
        return result

    return fn


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda n, x, y: n.weights.pop(), "net.weights holds 1 arrays, 2 before"),
        (lambda n, x, y: n.biases.append(n.biases[0]), "net.biases holds 3 arrays"),
        (lambda n, x, y: delattr(n, "weights"), "it deleted net.weights"),
        (lambda n, x, y: setattr(n, "weights", tuple(n.weights)), "net.weights is now a tuple"),
        (lambda n, x, y: setattr(n, "weights", n.weights[::-1]), "it replaced net.weights[0]"),
        (lambda n, x, y: n.weights.__setitem__(0, None), "it replaced net.weights[0]"),
        (lambda n, x, y: n.sizes.append(1), "net.sizes"),
    ],
)
def test_a_function_that_changes_the_network_is_wrong(change, fragment):
    is_wrong(ex.check_backprop(_then(change)), "changed the network", fragment)


def test_a_replaced_but_equal_network_is_fine():
    def copies(net, x, y):
        net.weights = [w.copy() for w in net.weights]
        return book_backprop(net, x, y)

    assert ex.check_backprop(copies).ok


def test_changed_inputs_are_named():
    def bump_x(net, x, y):
        result = book_backprop(net, x, y)
        x += 1.0
        return result

    is_wrong(ex.check_backprop(bump_x), "changed its argument x in place")

    def first_weight_zero(x, weights, y):
        result = chain_rule(x, weights, y)
        weights[0] = 0.0
        return result

    is_wrong(ex.check_chain_gradient(first_weight_zero), "changed weights[0] from")

    def shorter(x, weights, y):
        result = chain_rule(x, weights, y)
        weights.pop()
        return result

    is_wrong(ex.check_chain_gradient(shorter), "changed the length of its argument weights")


# --- endless loops -----------------------------------------------------------------------------


@pytest.fixture
def short_limit(monkeypatch):
    monkeypatch.setattr(timelimit, "TIME_LIMIT", 0.2)


def forever(grad, z):
    while True:
        pass


def forever_catching(grad, z):
    while True:
        try:
            sum(range(10))
        except Exception:  # does not catch the time limit, a BaseException
            pass


@pytest.mark.skipif(not timelimit.alarm_available(), reason="no SIGALRM here")
@pytest.mark.parametrize("fn", [forever, forever_catching])
def test_an_endless_loop_is_stopped(short_limit, fn):
    is_wrong(ex.check_bp1(fn), "stopped after 0.2 s on this case", "endless loop")


@pytest.mark.skipif(not timelimit.alarm_available(), reason="no SIGALRM here")
def test_a_timer_armed_before_is_put_back(short_limit):
    rang = []
    previous = signal.signal(signal.SIGALRM, lambda *a: rang.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 50.0)
        is_wrong(ex.check_bp1(forever), "stopped after")
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 45.0 < left <= 50.0
        assert signal.getsignal(signal.SIGALRM) is not previous
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert rang == []


def test_without_alarms_there_is_no_limit_and_no_crash(short_limit, monkeypatch):
    monkeypatch.delattr(signal, "setitimer")
    assert not timelimit.alarm_available()

    def slow(grad, z):
        import time

        time.sleep(0.01)
        return bp1(grad, z)

    assert ex.check_bp1(slow, cases=3).ok


def test_in_a_thread_there_is_no_limit_and_no_crash(short_limit):
    results = []

    def slow_once(grad, z):
        import time

        time.sleep(0.3 if not results else 0)
        results.append(1)
        return bp1(grad, z)

    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(ex.check_bp1(slow_once, cases=3)))
    thread.start()
    thread.join()
    assert outcome and outcome[0].ok
