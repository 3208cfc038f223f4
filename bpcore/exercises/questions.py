"""The notebooks' short questions, each answer computed from bpcore when it is checked.

Adding one takes a few lines: a function under its notebook's heading in the module of its
notebooks (``questions_01_04`` … ``questions_10_11``), its docstring the prompt, its body
the computation, registered with :func:`~.answers.question` (see
:mod:`bpcore.exercises.answers` for the kinds of answer and for ``slips``). Importing this
module registers them all, in the notebooks' order.
"""

from bpcore.exercises import (  # noqa: F401  each import registers its questions
    questions_01_04,
    questions_05_06,
    questions_07_09,
    questions_10_11,
)
