"""Checkers for the reader's own code in the notebooks' exercises.

Each ``check_*`` function runs the reader's function on seeded random cases, compares
what it returns with bpcore's own answer and returns a :class:`CheckResult`:

>>> import numpy as np
>>> from bpcore.exercises import check_hadamard
>>> check_hadamard(lambda s, t: s * t)
✓ check_hadamard: correct on 20 of 20 random cases (seed 0).
>>> print(check_hadamard(lambda s, t: s + t))  # doctest: +NORMALIZE_WHITESPACE
✗ check_hadamard: wrong on case 1 of 20 (the book's example, eq. 28: s (2, 1), t (2, 1)).
  s ⊙ t entry [1, 0] is 6 but should be 8 (off by 2); 2 of 2 entries differ.

A checker never raises because an answer is wrong: a wrong shape, a wrong entry, a
value of the wrong type or an exception inside the reader's function all become a
precise message naming the case, the shapes and the entry that differs. Where the
wrong answer matches a common slip (a transposed matrix, a missing σ', a sum where
the chapter takes a mean, a flipped sign) the message says so. It raises only when
called wrongly itself (``fn`` not callable, ``cases`` not a positive integer).

The reader's function gets copies of the inputs; changing an input in place (or
leaving a perturbed weight in the network) is reported too. Networks are sigmoid
with the quadratic cost, as in the chapter; ``x`` and ``y`` are columns (eq. 25).
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from bpcore import _checks, line
from bpcore.activations import LINEAR, SIGMOID
from bpcore.backprop import backprop, feedforward_pass
from bpcore.chain import chain, chain_gradient
from bpcore.costs import QUADRATIC
from bpcore.equations import (
    bp1_output_error,
    bp2_hidden_error,
    bp3_bias_gradient,
    bp4_weight_gradient,
    sigma_prime_matrix,
)
from bpcore.network import Network
from bpcore.nudge import nudge

Array = np.ndarray

#: Two numbers agree when |got − expected| <= ATOL · max(1, largest |expected|) + RTOL · |expected|.
RTOL = 1e-6
ATOL = 1e-9

#: Layer sizes the network checkers cycle through; [3, 3, 3] has square weight matrices,
#: so a transposed w^l gives wrong numbers instead of a shape error.
NETWORK_SIZES = ([2, 3, 2], [3, 4, 4, 2], [3, 3, 3], [4, 5, 3], [2, 2, 2, 2], [5, 3, 4])


@dataclass(frozen=True)
class CheckResult:
    """The verdict of a checker: ``ok``, the ``message`` it prints, and where it failed.

    ``bool(result)`` is ``ok``; printing it (or leaving it as the last line of a
    notebook cell) shows ``message``. ``failed_case`` is the 1-based number of the
    first wrong case, ``None`` when every case passed.
    """

    checker: str
    ok: bool
    message: str
    cases: int
    failed_case: int | None = None

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.ok else "#b42318"
        return f'<pre style="color: {colour}">{html.escape(self.message)}</pre>'


@dataclass
class _Case:
    """One test case: the arguments, bpcore's answer and how to compare.

    ``compare(got, expected)`` returns ``None`` when ``got`` is right, else what is
    wrong. ``slips`` pairs a hint with a thunk computing the answer that slip gives.
    """

    description: str
    args: tuple
    expected: object
    compare: Callable[[object, object], str | None]
    slips: list[tuple[str, Callable[[], object]]] = field(default_factory=list)
    names: tuple[str, ...] = ()


# --- comparing what came back with what should have ---------------------------------------


def _tolerance(expected: Array, atol: float, rtol: float) -> Array:
    scale = max(1.0, float(np.max(np.abs(expected)))) if expected.size else 1.0
    return atol * scale + rtol * np.abs(expected)


def _as_array(got, what: str) -> tuple[Array | None, str | None]:
    if got is None:
        return None, f"your function returned None instead of {what} (is `return` missing?)"
    if isinstance(got, (str, bytes)):
        return None, f"your function returned the string {got!r} instead of {what}"
    try:
        array = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return None, (
            f"your function returned {type(got).__name__}, not an array of numbers ({what})"
        )
    return array, None


def _index_text(index: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(i) for i in index) + "]" if index else ""


def _shape_hint(got: Array, expected: Array) -> str:
    if got.ndim == 2 and expected.ndim == 2 and got.shape == expected.shape[::-1]:
        return " That is the transposed shape."
    if got.ndim == 1 and expected.ndim == 2 and got.size == expected.size:
        return " It is 1-D: keep the column shape, e.g. with .reshape(-1, 1) or keepdims=True."
    if got.ndim == 0 and expected.ndim > 0:
        return " It is a single number."
    return ""


def compare_arrays(
    got, expected: Array, what: str, *, atol: float = ATOL, rtol: float = RTOL
) -> str | None:
    """``None`` if ``got`` has ``expected``'s shape and values, else what differs.

    Names the shapes, the entry with the largest difference, both values and how
    many entries differ. Entries agree within ``atol · max(1, max|expected|) +
    rtol · |expected|``.
    """
    array, problem = _as_array(got, what)
    if problem:
        return problem
    if array.shape != expected.shape:
        return (
            f"{what} should have shape {expected.shape}; your function returned shape "
            f"{array.shape}.{_shape_hint(array, expected)}"
        )
    if not np.all(np.isfinite(array)):
        index = _checks.first_nonfinite(array)
        return f"{what} entry {_index_text(index)} is {array[index]}, not a finite number."
    difference = np.abs(array - expected)
    wrong = difference > _tolerance(expected, atol, rtol)
    if not np.any(wrong):
        return None
    index = np.unravel_index(np.argmax(np.where(wrong, difference, -1.0)), array.shape)
    index = tuple(int(i) for i in index)
    where = f" entry {_index_text(index)}" if index else ""
    count = f"; {int(wrong.sum())} of {wrong.size} entries differ" if wrong.size > 1 else ""
    return (
        f"{what}{where} is {array[index]:.6g} but should be {expected[index]:.6g} "
        f"(off by {difference[index]:.3g}){count}."
    )


def compare_number(got, expected: float, what: str) -> str | None:
    """``None`` if ``got`` is one number equal to ``expected``, else what differs."""
    if isinstance(got, (bool, np.bool_)):
        return f"your function returned {got}, a bool, instead of a number ({what})"
    array, problem = _as_array(got, what)
    if problem:
        return problem
    if array.size != 1:
        return (
            f"{what} is one number; your function returned an array of shape {array.shape}"
            " (if it holds one value per example, take their mean)."
        )
    return compare_arrays(array.reshape(()), np.asarray(float(expected)), what)


def _compare_tuple(got, expected: tuple, names: Sequence[str], compare) -> str | None:
    if not isinstance(got, (tuple, list)):
        return (
            f"your function returned {type(got).__name__}; expected a tuple of "
            f"{len(expected)}: ({', '.join(names)})"
        )
    if len(got) != len(expected):
        return (
            f"your function returned {len(got)} item(s); expected {len(expected)}: "
            f"({', '.join(names)})"
        )
    for item, want, name in zip(got, expected, names):
        problem = compare(item, want, name)
        if problem:
            return problem
    return None


def compare_gradients(
    got, expected: tuple[list[Array], list[Array]], *, atol: float = ATOL, rtol: float = RTOL
) -> str | None:
    """``None`` if ``got`` is ``(nabla_b, nabla_w)`` equal to ``expected``, else what differs.

    Lists in book order: index 0 is layer 2. Entries are named as the book does,
    e.g. ``nabla_w[0] (∂C/∂w^2) entry [1, 0]``.
    """

    def compare_list(items, want: list[Array], name: str) -> str | None:
        if not isinstance(items, (list, tuple)):
            return (
                f"{name} should be a list of {len(want)} arrays (layers 2..{len(want) + 1}); "
                f"your function returned {type(items).__name__}"
            )
        if len(items) != len(want):
            return (
                f"{name} should hold {len(want)} arrays, one per layer l = 2..{len(want) + 1}; "
                f"yours holds {len(items)}"
            )
        symbol = "b" if name == "nabla_b" else "w"
        for i, (item, w) in enumerate(zip(items, want)):
            what = f"{name}[{i}] (∂C/∂{symbol}^{i + 2})"
            problem = compare_arrays(item, w, what, atol=atol, rtol=rtol)
            if problem:
                return problem
        return None

    return _compare_tuple(got, expected, ("nabla_b", "nabla_w"), compare_list)


def _matches(compare, got, slip: Callable[[], object]) -> bool:
    """Whether ``got`` equals what ``slip`` computes (a slip that cannot apply never matches)."""
    try:
        return compare(got, slip()) is None
    except Exception:  # e.g. a transposed w^l that does not fit: a hint never crashes a verdict
        return False


def _copy_argument(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, Network):
        return value.copy()
    if isinstance(value, list):
        return [_copy_argument(v) for v in value]
    return value


def _changed(before, after, name: str) -> str | None:
    """What changed in an argument the reader's function should only have read."""
    if isinstance(before, np.ndarray):
        if before.shape != after.shape or not np.array_equal(before, after):
            return (
                f"your function changed its argument {name} in place; leave its inputs as they are"
            )
        return None
    if isinstance(before, Network):
        for kind, symbol in (("weights", "w"), ("biases", "b")):
            for i, (b, a) in enumerate(zip(getattr(before, kind), getattr(after, kind))):
                if b.shape != a.shape or not np.array_equal(b, a):
                    if b.shape != a.shape:
                        return f"your function changed the shape of {name}.{kind}[{i}]"
                    index = tuple(int(v) for v in np.argwhere(b != a)[0])
                    return (
                        f"your function left {name}.{kind}[{i}]{_index_text(index)} "
                        f"({symbol}^{i + 2}) changed by {a[index] - b[index]:.3g}; put every "
                        "parameter back as it was"
                    )
        return None
    if isinstance(before, list):
        if len(before) != len(after):
            return f"your function changed the length of its argument {name}"
        for i, (b, a) in enumerate(zip(before, after)):
            problem = _changed(b, a, f"{name}[{i}]")
            if problem:
                return problem
    return None


def _run(name: str, fn, make_case: Callable, cases: int, seed: int) -> CheckResult:
    """Run ``fn`` on ``cases`` cases from ``make_case(rng, i)``; stop at the first wrong one."""
    if not callable(fn):
        raise TypeError(
            f"fn: expected your function (a callable), got {type(fn).__name__} {fn!r:.60}"
        )
    cases = _checks.positive_integer(cases, "cases")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(f"seed: expected an integer >= 0, got {seed!r}")
    rng = np.random.default_rng(seed)
    for i in range(cases):
        case = make_case(rng, i)
        arguments = tuple(_copy_argument(a) for a in case.args)
        try:
            got = fn(*arguments)
        except Exception as error:  # the reader's bug is the verdict, not a crash
            text = str(error) or "(no message)"
            if isinstance(error, NotImplementedError):
                text += " — the stub is still there: write the function's body"
            problem = f"your function raised {type(error).__name__}: {text}"
        else:
            problem = case.compare(got, case.expected)
            if problem:
                hints = [hint for hint, slip in case.slips if _matches(case.compare, got, slip)]
                problem += "".join(f"\n  Hint: {hint}" for hint in hints[:1])
            else:
                names = case.names or tuple(f"argument {n + 1}" for n in range(len(case.args)))
                for before, after, arg_name in zip(case.args, arguments, names):
                    problem = _changed(before, after, arg_name)
                    if problem:
                        break
        if problem:
            message = (
                f"✗ {name}: wrong on case {i + 1} of {cases} ({case.description}).\n  {problem}"
            )
            return CheckResult(name, False, message, cases, i + 1)
    message = f"✓ {name}: correct on {cases} of {cases} random cases (seed {seed})."
    return CheckResult(name, True, message, cases, None)


def _shapes(**arrays) -> str:
    return ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())


def _column_size(rng, i: int, low: int = 1, high: int = 6) -> tuple[int, int]:
    """(n, m): n neurons, m examples; the first cases are single columns."""
    n = int(rng.integers(low, high + 1))
    m = 1 if i < 3 else int(rng.integers(1, 6))
    return n, m


def _sigmoid_net(rng, i: int) -> Network:
    return Network(NETWORK_SIZES[i % len(NETWORK_SIZES)], seed=int(rng.integers(2**31)))


def _example(rng, net: Network, m: int = 1) -> tuple[Array, Array]:
    x = rng.uniform(-1.0, 1.0, (net.sizes[0], m))
    y = rng.uniform(0.0, 1.0, (net.sizes[-1], m))
    return x, y


# --- notebook 02: the line --------------------------------------------------------------


def check_line_gradient(fn, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(m, c, xs, ys) -> (∂C/∂m, ∂C/∂c)`` for C(m, c) = ½ Σ_i (m x_i + c − y_i)².

    ``xs``, ``ys``: 1-D arrays of the data points. The chain rule gives
    ∂C/∂m = Σ_i (m x_i + c − y_i) x_i and ∂C/∂c = Σ_i (m x_i + c − y_i).
    """

    def make(rng, i):
        if i == 0:  # the line explorer's data, starting from m = 1, c = 0
            m, c, xs, ys = 1.0, 0.0, line.DATA_X.copy(), line.DATA_Y.copy()
        else:
            n = 2 if i < 3 else int(rng.integers(2, 8))
            m, c = (float(v) for v in rng.uniform(-2.0, 2.0, 2))
            xs, ys = rng.uniform(-3.0, 3.0, n), rng.uniform(-3.0, 3.0, n)
        n = xs.size
        dm, dc = line.gradient(m, c, xs, ys)
        names = ("∂C/∂m", "∂C/∂c")

        def compare(got, expected):
            return _compare_tuple(got, expected, names, compare_number)

        return _Case(
            f"m = {m:.4g}, c = {c:.4g}, {n} data points",
            (m, c, xs, ys),
            (dm, dc),
            compare,
            [
                ("you returned (∂C/∂c, ∂C/∂m): the order is (∂C/∂m, ∂C/∂c)", lambda: (dc, dm)),
                ("the sign is flipped: the residual is f(x) − y = m x + c − y", lambda: (-dm, -dc)),
                (
                    "that is twice the gradient: the ½ in C cancels the 2 of the square",
                    lambda: (2 * dm, 2 * dc),
                ),
                (
                    "that is the mean over the points; C here is a sum (½ Σ_i)",
                    lambda: (dm / n, dc / n),
                ),
                ("∂C/∂m needs the factor x_i from ∂(m x_i + c)/∂m", lambda: (dc, dc)),
            ],
            ("m", "c", "xs", "ys"),
        )

    return _run("check_line_gradient", fn, make, cases, seed)


# --- notebooks 03 and 04: the forward pass, the cost, ⊙ ---------------------------------------


def check_feedforward(fn, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(weights, biases, x) -> a^L`` (eq. 25, sigmoid, applied layer by layer).

    ``weights[l-2]`` is w^l, shape (n_l, n_{l-1}); ``biases[l-2]`` is b^l, shape
    (n_l, 1); ``x`` is (n_1, m), one example per column; a^L is (n_L, m).
    """

    def make(rng, i):
        net = _sigmoid_net(rng, i)
        m = 1 if i < 3 else int(rng.integers(1, 6))
        x = rng.uniform(-1.0, 1.0, (net.sizes[0], m))
        expected = feedforward_pass(net, x).output

        def variant(**change):
            other = net.copy()
            if "transpose" in change:  # only square w^l fit transposed
                other.weights = [w.T if w.shape[0] == w.shape[1] else w for w in net.weights]
            if "no_bias" in change:
                other.biases = [np.zeros_like(b) for b in net.biases]
            if "linear_output" in change:
                other.activation_functions = [*net.activation_functions[:-1], LINEAR]
            if "linear" in change:
                other.activation_functions = [LINEAR] * len(net.weights)
            return feedforward_pass(other, x).output

        return _Case(
            f"sizes {net.sizes}, x {x.shape}",
            (net.weights, net.biases, x),
            expected,
            lambda got, want: compare_arrays(got, want, "a^L"),
            [
                ("this is z^L: apply σ to the output layer too", lambda: variant(linear_output=1)),
                (
                    "σ was never applied: a^l = σ(w^l a^{l-1} + b^l) in every layer",
                    lambda: variant(linear=1),
                ),
                ("the biases are missing: z^l = w^l a^{l-1} + b^l", lambda: variant(no_bias=1)),
                (
                    "this uses (w^l)^T a^{l-1}; eq. 25 is w^l a^{l-1}, w^l of shape (n_l, n_{l-1})",
                    lambda: variant(transpose=1),
                ),
            ],
            ("weights", "biases", "x"),
        )

    return _run("check_feedforward", fn, make, cases, seed)


def check_hadamard(fn, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(s, t) -> s ⊙ t``, the elementwise (Hadamard) product (eq. 28).

    ``s`` and ``t`` have the same shape, (n, 1) or (n, m); so has the result. The
    first case is the book's example [1, 2] ⊙ [3, 4] = [3, 8].
    """

    def make(rng, i):
        if i == 0:
            s, t = np.array([[1.0], [2.0]]), np.array([[3.0], [4.0]])
            description = f"the book's example, eq. 28: {_shapes(s=s, t=t)}"
        else:
            n, m = _column_size(rng, i, 2)
            s, t = rng.normal(size=(n, m)), rng.normal(size=(n, m))
            description = _shapes(s=s, t=t)
        return _Case(
            description,
            (s, t),
            s * t,
            lambda got, want: compare_arrays(got, want, "s ⊙ t"),
            [
                (
                    "that is the inner product Σ_j s_j t_j; ⊙ keeps one entry per j",
                    lambda: np.sum(s * t),
                ),
                (
                    "that is a matrix product; ⊙ multiplies entry by entry (s * t in numpy)",
                    lambda: s @ t.T,
                ),
            ],
            ("s", "t"),
        )

    return _run("check_hadamard", fn, make, cases, seed)


def check_quadratic_cost(fn, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(a, y) -> C``, the quadratic cost averaged over the columns (eq. 26/27).

    ``a = a^L`` and ``y`` have shape (n_L, m); C = (1/m) Σ_x ½‖y(x) − a^L(x)‖², one number.
    """

    def make(rng, i):
        n, m = _column_size(rng, i)
        if i < 3:
            m = 1
        elif m == 1:
            m = 3
        a, y = rng.uniform(0.0, 1.0, (n, m)), rng.uniform(0.0, 1.0, (n, m))
        per_example = QUADRATIC.per_example(a, y)
        C = float(per_example.mean())
        return _Case(
            _shapes(a=a, y=y),
            (a, y),
            C,
            lambda got, want: compare_number(got, want, "C"),
            [
                (
                    "that is the sum over the examples; eq. 26 takes the mean (1/n) Σ_x",
                    lambda: C * m,
                ),
                ("the ½ of eq. 27 is missing", lambda: 2 * C),
                (
                    "that is the mean over every entry; average over the columns (examples) only",
                    lambda: C / n,
                ),
                (
                    "that uses ‖y − a‖, not its square ‖y − a‖²",
                    lambda: float(np.mean(0.5 * np.sqrt(2 * per_example))),
                ),
            ],
            ("a", "y"),
        )

    return _run("check_quadratic_cost", fn, make, cases, seed)


# --- notebook 05: BP1–BP4 and Problem 1 ---------------------------------------------------


def _z(rng, shape) -> Array:
    """Weighted inputs z, some in σ's saturated tails."""
    return rng.uniform(-5.0, 5.0, shape)


def check_bp1(fn, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(grad_a_C, z_L) -> δ^L = ∇_a C ⊙ σ'(z^L)`` for sigmoid neurons (BP1a).

    Both arguments and the result have shape (n_L, m).
    """

    def make(rng, i):
        n, m = _column_size(rng, i)
        grad, z = rng.normal(size=(n, m)), _z(rng, (n, m))
        sigma = SIGMOID.function(z)
        return _Case(
            _shapes(grad_a_C=grad, z_L=z),
            (grad, z),
            bp1_output_error(grad, z, SIGMOID),
            lambda got, want: compare_arrays(got, want, "δ^L"),
            [
                ("this is ∇_a C alone: multiply by σ'(z^L) (BP1)", lambda: grad),
                (
                    "this multiplies by σ(z^L); BP1 needs σ'(z^L) = σ(z)(1 − σ(z))",
                    lambda: grad * sigma,
                ),
                ("this uses z(1 − z); σ'(z) = σ(z)(1 − σ(z))", lambda: grad * z * (1 - z)),
                ("the sign is flipped", lambda: -bp1_output_error(grad, z, SIGMOID)),
            ],
            ("grad_a_C", "z_L"),
        )

    return _run("check_bp1", fn, make, cases, seed)


def check_bp2(fn, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(w_next, delta_next, z_l) -> δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ'(z^l)`` (BP2).

    ``w_next`` is (n_{l+1}, n_l), ``delta_next`` (n_{l+1}, m), ``z_l`` and the result (n_l, m).
    Every third case has a square w^{l+1}, where a missing transpose gives wrong numbers.
    """

    def make(rng, i):
        n, m = _column_size(rng, i)
        n_next = n if i % 3 == 1 else int(rng.integers(1, 6))
        w = rng.normal(size=(n_next, n))
        delta, z = rng.normal(size=(n_next, m)), _z(rng, (n, m))
        expected = bp2_hidden_error(w, delta, z, SIGMOID)
        return _Case(
            _shapes(w_next=w, delta_next=delta, z_l=z),
            (w, delta, z),
            expected,
            lambda got, want: compare_arrays(got, want, "δ^l"),
            [
                (
                    "this is (w^{l+1})^T δ^{l+1} alone: multiply by σ'(z^l) (BP2)",
                    lambda: w.T @ delta,
                ),
                (
                    "this uses w^{l+1} δ^{l+1}; BP2 needs the transpose (w^{l+1})^T",
                    lambda: bp2_hidden_error(w.T, delta, z, SIGMOID),
                ),
                (
                    "this multiplies by σ(z^l); BP2 needs σ'(z^l)",
                    lambda: (w.T @ delta) * SIGMOID.function(z),
                ),
                ("the sign is flipped", lambda: -expected),
            ],
            ("w_next", "delta_next", "z_l"),
        )

    return _run("check_bp2", fn, make, cases, seed)


def check_bp3(fn, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(delta) -> ∂C/∂b^l = δ^l`` (BP3), averaged over the m columns: shape (n_l, 1)."""

    def make(rng, i):
        n, m = _column_size(rng, i)
        if i >= 3 and m == 1:
            m = 4
        delta = rng.normal(size=(n, m))
        expected = bp3_bias_gradient(delta)
        return _Case(
            _shapes(delta=delta),
            (delta,),
            expected,
            lambda got, want: compare_arrays(got, want, "∂C/∂b"),
            [
                (
                    "that is the sum over the examples; the batch cost is a mean, so take the mean",
                    lambda: expected * m,
                ),
                (
                    "that is δ for every example; average the m columns (axis=1, keepdims=True)",
                    lambda: delta,
                ),
            ],
            ("delta",),
        )

    return _run("check_bp3", fn, make, cases, seed)


def check_bp4(fn, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(a_prev, delta) -> ∂C/∂w^l`` with entries a^{l-1}_k δ^l_j (BP4).

    ``a_prev`` is a^{l-1}, (n_{l-1}, m); ``delta`` is δ^l, (n_l, m); the result is
    δ^l (a^{l-1})^T / m, shape (n_l, n_{l-1}) like w^l: the mean over the examples.
    """

    def make(rng, i):
        n, m = _column_size(rng, i)
        if i >= 3 and m == 1:
            m = 3
        n_prev = n if i % 3 == 1 else int(rng.integers(1, 6))
        a, delta = rng.uniform(0.0, 1.0, (n_prev, m)), rng.normal(size=(n, m))
        expected = bp4_weight_gradient(a, delta)
        return _Case(
            _shapes(a_prev=a, delta=delta),
            (a, delta),
            expected,
            lambda got, want: compare_arrays(got, want, "∂C/∂w"),
            [
                (
                    "that is the sum over the examples; the batch cost is a mean, so divide by m",
                    lambda: expected * m,
                ),
                (
                    "that is a^{l-1} δ^T, the transpose: ∂C/∂w^l_jk = a^{l-1}_k δ^l_j is δ a^T",
                    lambda: expected.T,
                ),
                ("the sign is flipped", lambda: -expected),
            ],
            ("a_prev", "delta"),
        )

    return _run("check_bp4", fn, make, cases, seed)


def check_sigma_form(fn, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(z) -> Σ'(z)``: the (n, n) diagonal matrix with σ'(z_j) on its diagonal.

    ``z`` is one column, shape (n, 1); sigmoid σ (the chapter's Problem 1).
    """

    def make(rng, i):
        n = int(rng.integers(1, 7)) if i else 3
        z = _z(rng, (n, 1))
        prime = SIGMOID.derivative(z)
        return _Case(
            _shapes(z=z),
            (z,),
            sigma_prime_matrix(z, SIGMOID),
            lambda got, want: compare_arrays(got, want, "Σ'(z)"),
            [
                (
                    "that is the column σ'(z); Σ'(z) puts it on the diagonal of an (n, n) matrix",
                    lambda: prime,
                ),
                (
                    "np.diag of an (n, 1) column returns its diagonal (one number): "
                    "use np.diag(column[:, 0]) to build the matrix",
                    lambda: np.diag(prime),
                ),
                (
                    "that has σ(z) on the diagonal; Σ'(z) needs σ'(z)",
                    lambda: np.diag(SIGMOID.function(z)[:, 0]),
                ),
                (
                    "that is the outer product σ'(z) σ'(z)^T; Σ'(z) is zero off the diagonal",
                    lambda: prime @ prime.T,
                ),
            ],
            ("z",),
        )

    return _run("check_sigma_form", fn, make, cases, seed)


# --- notebooks 07 and 08: the whole algorithm --------------------------------------------


def _backprop_slips(net: Network, x: Array, y: Array, expected) -> list:
    """Hints for wrong (nabla_b, nabla_w): orders, signs and a BP2 without σ'."""
    nabla_b, nabla_w = expected

    def without_hidden_prime():
        g = backprop(net, x, y)
        deltas = [g.deltas[-1]]
        for i in range(len(net.weights) - 2, -1, -1):
            deltas.insert(0, bp2_hidden_error(net.weights[i + 1], deltas[0], g.zs[i], LINEAR))
        return (
            [bp3_bias_gradient(d) for d in deltas],
            [bp4_weight_gradient(a, d) for a, d in zip(g.activations[:-1], deltas)],
        )

    return [
        (
            "you returned (nabla_w, nabla_b); network.py returns (nabla_b, nabla_w)",
            lambda: (nabla_w, nabla_b),
        ),
        (
            "your lists run from layer L down to 2; index 0 should be layer 2, like net.weights",
            lambda: (nabla_b[::-1], nabla_w[::-1]),
        ),
        (
            "the sign is flipped: ∇_a C = a^L − y for the quadratic cost (eq. 30)",
            lambda: ([-b for b in nabla_b], [-w for w in nabla_w]),
        ),
        ("BP2 is missing the factor σ'(z^l) in the hidden layers", without_hidden_prime),
    ]


def check_backprop(fn, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(net, x, y) -> (nabla_b, nabla_w)`` for one example (the five steps).

    ``net`` is a sigmoid, quadratic-cost :class:`~bpcore.network.Network` (use its
    ``weights``, ``biases``, ``num_layers``); ``x`` is (n_1, 1), ``y`` is (n_L, 1).
    ``nabla_b[l-2]`` and ``nabla_w[l-2]`` have the shapes of b^l and w^l.
    """

    def make(rng, i):
        net = _sigmoid_net(rng, i)
        x, y = _example(rng, net)
        g = backprop(net, x, y)
        expected = (g.nabla_b, g.nabla_w)
        return _Case(
            f"sizes {net.sizes}, {_shapes(x=x, y=y)}",
            (net, x, y),
            expected,
            compare_gradients,
            _backprop_slips(net, x, y, expected),
            ("net", "x", "y"),
        )

    return _run("check_backprop", fn, make, cases, seed)


def check_matrix_backprop(fn, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(net, X, Y) -> (nabla_b, nabla_w)`` for a mini-batch as columns (Problem 2).

    ``X`` is (n_1, m), ``Y`` is (n_L, m); the gradients are the mean over the m
    examples, as ``update_mini_batch`` uses them (shapes of b^l and w^l).
    """

    def make(rng, i):
        net = _sigmoid_net(rng, i)
        m = int(rng.integers(2, 9)) if i != 2 else 1
        X, Y = _example(rng, net, m)
        g = backprop(net, X, Y)
        expected = (g.nabla_b, g.nabla_w)
        nabla_b, nabla_w = expected

        def first_column():
            first = backprop(net, X[:, :1], Y[:, :1])
            return first.nabla_b, first.nabla_w

        slips = [
            (
                "that is the sum over the m examples; the batch gradient is their mean",
                lambda: ([b * m for b in nabla_b], [w * m for w in nabla_w]),
            ),
            (
                "nabla_b is summed over the examples, not averaged (divide by m)",
                lambda: ([b * m for b in nabla_b], nabla_w),
            ),
            (
                "nabla_w is summed over the examples, not averaged (divide by m)",
                lambda: (nabla_b, [w * m for w in nabla_w]),
            ),
            ("that is the gradient of the first example (column) only", first_column),
        ]
        return _Case(
            f"sizes {net.sizes}, {_shapes(X=X, Y=Y)}",
            (net, X, Y),
            expected,
            compare_gradients,
            slips + _backprop_slips(net, X, Y, expected),
            ("net", "X", "Y"),
        )

    return _run("check_matrix_backprop", fn, make, cases, seed)


# --- notebook 09: finite differences -------------------------------------------------------


def check_numerical_gradient(fn, *, cases: int = 10, seed: int = 0) -> CheckResult:
    """Check ``fn(net, x, y, eps) -> (nabla_b, nabla_w)`` by finite differences (eq. 46).

    Forward differences (C(w + ε e_j) − C(w))/ε, as eq. 46 prints, and central ones both
    pass: the result is compared with backpropagation's gradient to within 10 ε,
    entry by entry (forward differences are off by about ε/2 · ∂²C/∂w²). The network
    must be left exactly as it came: put every perturbed parameter back.
    """
    eps = 1e-5
    tolerance = 10 * eps

    def compare_close(got, expected):
        # finite differences' accuracy instead of rounding's
        return compare_gradients(got, expected, atol=tolerance, rtol=0.0)

    def make(rng, i):
        net = _sigmoid_net(rng, i)
        x, y = _example(rng, net)
        g = backprop(net, x, y)
        expected = (g.nabla_b, g.nabla_w)
        slips = _backprop_slips(net, x, y, expected)[:3] + [
            (
                "these are the differences C(w + ε e_j) − C(w) themselves: divide by ε",
                lambda: ([b * eps for b in g.nabla_b], [w * eps for w in g.nabla_w]),
            ),
        ]
        return _Case(
            f"sizes {net.sizes}, {_shapes(x=x, y=y)}, eps = {eps:g}",
            (net, x, y, eps),
            expected,
            compare_close,
            slips,
            ("net", "x", "y", "eps"),
        )

    return _run("check_numerical_gradient", fn, make, cases, seed)


# --- notebook 10: the big picture (eq. 47–53) ---------------------------------------------


def _parameter(rng, net: Network) -> tuple[int, int, int]:
    """A random weight w^l_jk: (l, j, k) in the book's layer numbering."""
    layer = int(rng.integers(2, net.num_layers + 1))
    j = int(rng.integers(net.sizes[layer - 1]))
    k = int(rng.integers(net.sizes[layer - 2]))
    return layer, j, k


def check_nudge(fn, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(net, x, y, layer, j, k, dw) -> ΔC``, the exact change of the cost.

    Change w^l_jk (``layer`` is the book's l in 2..L; j, k 0-based) by ``dw``,
    run the network again and return C(after) − C(before) (eq. 47–50 describe its
    first-order part). The network must be left as it came.
    """

    def make(rng, i):
        net = _sigmoid_net(rng, i)
        x, y = _example(rng, net)
        layer, j, k = _parameter(rng, net)
        dw = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 1.5))
        result = nudge(net, x, y, layer, j, k, dw)
        slips = [
            (
                "that is the first-order estimate (∂C/∂w) Δw of eq. 47; the exercise asks for "
                "the exact ΔC: run the network again with the changed weight",
                lambda: result.dC_linear,
            ),
            ("the sign is flipped: ΔC = C(after) − C(before)", lambda: -result.dC),
            (
                "that is C after the nudge; ΔC is its difference from C before",
                lambda: result.cost + result.dC,
            ),
        ]
        if k < net.sizes[layer - 1] and j < net.sizes[layer - 2] and j != k:
            swapped = nudge(net, x, y, layer, k, j, dw).dC
            slips.append(
                (
                    "that nudges w^l_kj: w^l_jk is net.weights[l-2][j, k], from neuron k of "
                    "layer l-1 to neuron j of layer l",
                    lambda: swapped,
                )
            )
        return _Case(
            f"sizes {net.sizes}, w^{layer}_{j}{k} nudged by dw = {dw:.4g}",
            (net, x, y, layer, j, k, dw),
            result.dC,
            lambda got, want: compare_number(got, want, "ΔC"),
            slips,
            ("net", "x", "y", "layer", "j", "k", "dw"),
        )

    return _run("check_nudge", fn, make, cases, seed)


def check_path_sum(fn, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(net, x, y, layer, j, k) -> ∂C/∂w^l_jk`` computed as a sum over paths.

    Every path w^l_jk → a^l_j → a^{l+1}_q → … → a^L_m → C contributes the product
    of its rate factors ∂a/∂a along it (eq. 53); the sum over all paths is the
    derivative (eq. 54–55). Compared with backpropagation's ∂C/∂w^l_jk.
    """

    def make(rng, i):
        net = _sigmoid_net(rng, i)
        x, y = _example(rng, net)
        layer, j, k = _parameter(rng, net)
        g = backprop(net, x, y)
        expected = float(g.nabla_w[layer - 2][j, k])
        slips = [
            ("the sign is flipped: ∂C/∂a^L = a^L − y for the quadratic cost", lambda: -expected),
            (
                "that leaves out the first factor's a^{l-1}_k: ∂z^l_j/∂w^l_jk = a^{l-1}_k",
                lambda: expected / float(g.activations[layer - 2][k, 0]),
            ),
        ]
        if k < net.sizes[layer - 1] and j < net.sizes[layer - 2] and j != k:
            swapped = float(g.nabla_w[layer - 2][k, j])
            slips.append(
                (
                    "that is ∂C/∂w^l_kj: w^l_jk goes from neuron k of layer l-1 to neuron j "
                    "of layer l",
                    lambda: swapped,
                )
            )
        return _Case(
            f"sizes {net.sizes}, w^{layer}_{j}{k}",
            (net, x, y, layer, j, k),
            expected,
            lambda got, want: compare_number(got, want, f"∂C/∂w^{layer}_{j}{k}"),
            slips,
            ("net", "x", "y", "layer", "j", "k"),
        )

    return _run("check_path_sum", fn, make, cases, seed)


# --- notebook 11: one neuron per layer ----------------------------------------------------


def check_chain_gradient(fn, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(x, weights, y) -> ∂C/∂w_1`` for the chain of single sigmoid neurons.

    h_1 = w_1 x, a_i = σ(h_i), h_i = w_i a_{i-1}, no biases, ŷ = a_n and
    C = ½ (ŷ − y)². ``x`` and ``y`` are numbers, ``weights`` a list [w_1, ..., w_n].
    The answer is x · σ'(h_1) · w_2 σ'(h_2) ··· w_n σ'(h_n) · (ŷ − y).
    """

    def make(rng, i):
        n = 1 + i % 5
        x = float(rng.uniform(-2.0, 2.0))
        weights = [float(w) for w in rng.normal(0.0, 1.5, n)]
        y = float(rng.uniform(0.0, 1.0))
        c = chain(x, weights, y)
        expected = chain_gradient(c)
        slips = [("the sign is flipped: ∂C/∂ŷ = ŷ − y", lambda: -expected)]
        for name, value in c.factors:
            if value != 0.0:
                slips.append(
                    (
                        f"the factor {name} = {value:.4g} is missing from the product",
                        lambda value=value: expected / value,
                    )
                )
        return _Case(
            f"x = {x:.4g}, {n} neuron(s), y = {y:.4g}",
            (x, weights, y),
            expected,
            lambda got, want: compare_number(got, want, "∂C/∂w_1"),
            slips,
            ("x", "weights", "y"),
        )

    return _run("check_chain_gradient", fn, make, cases, seed)


__all__ = [
    "ATOL",
    "RTOL",
    "CheckResult",
    "check_backprop",
    "check_bp1",
    "check_bp2",
    "check_bp3",
    "check_bp4",
    "check_chain_gradient",
    "check_feedforward",
    "check_hadamard",
    "check_line_gradient",
    "check_matrix_backprop",
    "check_nudge",
    "check_numerical_gradient",
    "check_path_sum",
    "check_quadratic_cost",
    "check_sigma_form",
    "compare_arrays",
    "compare_gradients",
    "compare_number",
]
