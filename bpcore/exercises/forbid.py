"""Keeping bpcore's own answer out of reach while the reader's function runs.

An exercise that asks for the path sum is not passed by calling ``bp.backprop``, nor
one that asks for BP2 by calling ``bp.bp2_hidden_error``. While a checker runs the
reader's function, the bpcore functions that would give the answer away are made to
refuse: calling one raises :class:`Refused` with the exercise's reason, e.g. "this
exercise asks you to compute ∂C/∂w as a sum over paths, without backpropagation".

How: the function object's code is swapped for a stand-in's and swapped back in a
``finally``. Swapping the code, not the name, also catches every other way to reach
the same function: ``bp.backprop``, ``bpcore.backprop.backprop``, a name imported
earlier with ``from bpcore import backprop``, ``net.backprop`` (whose method calls
it), and every bpcore function that calls it on the way (``bp.gradient_check``).
A call is recorded even when the reader's code catches the exception. The swap holds
for the whole process while the reader's function runs (a check runs in the kernel's
main thread, where nothing else runs meanwhile) and is undone however the function ends.

The groups below say what each kind of exercise must not call; a checker passes one
to :func:`~bpcore.exercises.harness.run` with its reason.
"""

from __future__ import annotations

import contextlib
import sys
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import bpcore
from bpcore import equations, line
from bpcore.backprop import backprop, backward_errors, backward_pass, feedforward_pass, forward
from bpcore.chain import chain, chain_gradient
from bpcore.costs import Cost, QuadraticCost
from bpcore.gradcheck import gradient_check, numerical_gradient
from bpcore.network import Network
from bpcore.nudge import Nudger, nudge
from bpcore.paths import paths
from bpcore.train import gradient_step


class Refused(Exception):
    """Raised when the reader's function reaches a bpcore function its exercise forbids."""


# --- what each kind of exercise must not call ----------------------------------------------

#: Everything in bpcore that computes ∂C/∂w or ∂C/∂b: backpropagation and the functions built
#: on it, δ^l from the expanded product (Problem 1), finite differences, nudges, paths and the
#: single-neuron chain.
GRADIENTS: tuple[Callable, ...] = (
    backprop,
    equations.delta_expanded,
    Network.backprop,
    backward_pass,
    backward_errors,
    gradient_step,
    numerical_gradient,
    gradient_check,
    nudge,
    Nudger.__init__,
    Nudger.nudge,
    paths,
    chain,
    chain_gradient,
)

#: The feedforward pass (eq. 25).
FEEDFORWARD: tuple[Callable, ...] = (
    forward,
    feedforward_pass,
    equations.forward_layer,
    Network.feedforward,
    Network.forward,
)

#: The exact change of the cost after a nudge.
NUDGE: tuple[Callable, ...] = (nudge, Nudger.__init__, Nudger.nudge)

#: The quadratic cost (eq. 26–27).
QUADRATIC_COST: tuple[Callable, ...] = (QuadraticCost.per_example, Cost.mean)

#: The line's gradient and the descent built on it.
LINE_GRADIENT: tuple[Callable, ...] = (line.gradient, line.descend)

#: BP1–BP4 and Problem 1's Σ' form, one equation at a time.
#: Each public equation and the unchecked core that backpropagation itself runs.
BP1: tuple[Callable, ...] = (
    equations.bp1_output_error,
    equations.bp1,
    equations.bp1_sigma_form,
    equations.delta_expanded,
)
BP2: tuple[Callable, ...] = (
    equations.bp2_hidden_error,
    equations.bp2,
    equations.bp2_sigma_form,
    equations.delta_expanded,
)
BP3: tuple[Callable, ...] = (equations.bp3_bias_gradient, equations.bp3)
BP4: tuple[Callable, ...] = (equations.bp4_weight_gradient, equations.bp4)
SIGMA_PRIME_MATRIX: tuple[Callable, ...] = (equations.sigma_prime_matrix,)

#: Backpropagation in any form: GRADIENTS and BP1–BP4 one at a time, for the exercises that
#: teach another way to the same derivative (the sum over paths, the chain's product).
BACKPROPAGATION: tuple[Callable, ...] = GRADIENTS + BP1 + BP2 + BP3 + BP4


@dataclass(frozen=True)
class Forbidden:
    """The bpcore functions an exercise must not call, and the reason the reader is told."""

    functions: tuple[Callable, ...] = ()
    reason: str = ""


#: Nothing forbidden (an exercise whose answer bpcore does not hold, such as s ⊙ t).
NOTHING = Forbidden()


# --- the swap --------------------------------------------------------------------------------


@dataclass(eq=False)
class _Active:
    """One ``with forbidding(...)`` block: its reason, its stand-ins by id, the calls made."""

    reason: str
    names: dict[int, tuple[types.CodeType, str]] = field(default_factory=dict)
    called: list[str] = field(default_factory=list)


_active: list[_Active] = []


def _stand_in(*args: object, **kwargs: object) -> None:
    # Runs with the *forbidden* function's globals, so it reaches this module by import.
    from bpcore.exercises import forbid

    forbid.refuse()


def refuse() -> None:
    """Called by a stand-in: record the call and raise :class:`Refused` naming the function."""
    code = sys._getframe(1).f_code
    for state in reversed(_active):
        if id(code) in state.names:
            name = state.names[id(code)][1]
            state.called.append(name)
            raise Refused(f"your function called {name}: {state.reason}")
    raise Refused("a bpcore function was called that this exercise forbids")


def display_name(function: Callable) -> str:
    """How the reader would have written the call: ``bp.backprop``, ``Network.backprop``, ..."""
    name, qualname = function.__name__, function.__qualname__
    if getattr(bpcore, name, None) is function:
        return f"bp.{name}"
    if "." in qualname:
        owner, _, method = qualname.rpartition(".")
        return owner if method == "__init__" else f"{owner}.{method}"
    return f"{function.__module__}.{name}"


def _plain_function(function: Callable) -> types.FunctionType:
    if not isinstance(function, types.FunctionType) or function.__code__.co_freevars:
        raise TypeError(
            f"forbid: {function!r} must be a plain Python function without a closure "
            "(its code is swapped while the reader's function runs)"
        )
    return function


def _stand_in_for(original: types.CodeType) -> types.CodeType:
    """The stand-in's code under the original's name, so that a traceback reads well."""
    code = _stand_in.__code__.replace(co_name=original.co_name)
    if sys.version_info >= (3, 11):
        code = code.replace(co_qualname=original.co_qualname)
    return code


@contextlib.contextmanager
def forbidding(forbidden: Forbidden) -> Iterator[list[str]]:
    """Make ``forbidden.functions`` refuse inside the ``with`` block; yields the calls made."""
    functions: Sequence[types.FunctionType] = list(
        dict.fromkeys(_plain_function(f) for f in forbidden.functions)
    )
    state = _Active(forbidden.reason)
    originals = []
    try:
        for function in functions:
            original = function.__code__
            stand_in = _stand_in_for(original)
            state.names[id(stand_in)] = (stand_in, display_name(function))
            originals.append((function, original))
            function.__code__ = stand_in
        _active.append(state)
        yield state.called
    finally:
        _active[:] = [other for other in _active if other is not state]
        for function, original in reversed(originals):
            function.__code__ = original
