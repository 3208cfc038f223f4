"""Recognising a stub: a function the reader has not written yet.

A notebook poses an exercise as a function whose body is only ``...`` (or ``pass``),
a docstring and comments::

    def my_bp2(w_next, delta_next, z_l):
        ...  # your code: δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ'(z^l)

Checking such a function gives a calm "not attempted yet" instead of a failure. Two
witnesses are read: the source, parsed with :mod:`ast` (the body holds nothing but
``...``, ``pass`` and strings), and the compiled code (it does nothing but return
None or ``...``). When the source is there, both must agree, so a stale source (a file
edited after it was imported) never hides real code; when it is not (a function made
by ``exec``, a lambda on a line with others), the compiled code decides. Anything that
is not a plain Python function (a builtin, a ``functools.partial``, a callable object)
is never a stub. Nothing here raises.
"""

from __future__ import annotations

import ast
import dis
import inspect
import textwrap
import types

#: Instructions a body that does nothing compiles to, in every Python from 3.10 on.
_TRIVIAL_OPS = {"RESUME", "NOP", "CACHE", "LOAD_CONST", "RETURN_VALUE", "RETURN_CONST"}


def _function(fn: object) -> types.FunctionType | None:
    """The plain Python function behind ``fn`` (unwrapping decorators and methods), if any."""
    try:
        fn = inspect.unwrap(fn)  # type: ignore[arg-type]
    except Exception:  # a cycle of __wrapped__, an object whose attributes misbehave
        return None
    fn = getattr(fn, "__func__", fn)  # a bound method
    return fn if isinstance(fn, types.FunctionType) else None


def _does_nothing(code: types.CodeType, *, lambda_body: bool) -> bool:
    """Whether ``code`` only returns None or ``...`` (for a lambda: only ``...``)."""
    allowed = (Ellipsis,) if lambda_body else (None, Ellipsis)
    for instruction in dis.get_instructions(code):
        if instruction.opname not in _TRIVIAL_OPS:
            return False
        if instruction.opname in ("LOAD_CONST", "RETURN_CONST"):
            if not any(instruction.argval is value for value in allowed):
                return False
    return True


def _is_filler(statement: ast.stmt) -> bool:
    """``pass``, ``...`` or a string (a docstring) standing alone."""
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return statement.value.value is Ellipsis or isinstance(statement.value.value, str)
    return False


def _body_is_filler(function: types.FunctionType) -> bool | None:
    """Whether the source's body is only filler; ``None`` when the source cannot be read."""
    try:
        source = textwrap.dedent(inspect.getsource(function))
        tree = ast.parse(source)
    except Exception:  # no source (exec, a builtin's wrapper), or a fragment that does not parse
        return None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name == function.__name__:
                return all(_is_filler(statement) for statement in node.body)
    return None


def is_stub(fn: object) -> bool:
    """Whether ``fn`` is a function whose body has not been written (``...``, ``pass``, text)."""
    function = _function(fn)
    if function is None:
        return False
    code = function.__code__
    if function.__name__ == "<lambda>":
        return _does_nothing(code, lambda_body=True)
    if not _does_nothing(code, lambda_body=False):
        return False
    filler = _body_is_filler(function)
    return True if filler is None else filler


def function_name(fn: object) -> str | None:
    """The name the reader gave ``fn``, or ``None`` for a lambda or a nameless callable."""
    function = _function(fn)
    name = getattr(function or fn, "__name__", None)
    return None if name in (None, "<lambda>") else str(name)
