"""The explorers: interactive pictures of chapter 2, one module each, on a small base.

* :class:`NudgeWidget` — nudge one weight (or bias) and watch Δa travel to ΔC (eq. 47–50).
* :class:`LineWidget` — fit f(x) = m·x + c: the errors, both costs, gradient descent.
* :class:`MatrixWidget` — eq. 25 as matrices: row j of wˡ times aˡ⁻¹ plus bˡⱼ, and a batch.
* :class:`SaturationWidget` — ∂C/∂w = a_in·δ_out (BP1, BP4): small input, right output or
  a saturated neuron.
* :class:`LearnWidget` — watch a small network learn a toy set of the plane, every neuron's
  |δ| and the saturated ones marked, with the quadratic or the cross-entropy cost.
* :class:`ProofWidget` — nudge z^l_j: ΔC ≈ δ^l_j Δz (eq. 29), and BP2's proof term by term.
* :class:`StepsWidget` — the algorithm step by step: every z, a, δ and gradient, with the
  equation and its numbers (eq. 25, BP1–BP4) and the update.
* :class:`SpeedWidget` — why backpropagation is fast: forward passes of finite differences
  (eq. 46) against one backpropagation, counted and timed.
* :class:`PathsWidget` — the sum over paths on a deep network (eq. 53), and its regrouping
  into δ.
* :class:`ChainWidget` — one neuron per layer: the factors of ∂C/∂w₁ and their product.

Each is an anywidget: its state lives in Python (``.values``, ``.set(...)``, ``.readout``),
its picture is SVG drawn in the browser, and where no kernel runs it shows that picture.
See :mod:`bpcore.widgets.base` for how they work.
"""

from bpcore.widgets.chain import ChainWidget
from bpcore.widgets.learn import LearnWidget
from bpcore.widgets.line import LineWidget
from bpcore.widgets.matrix import MatrixWidget
from bpcore.widgets.nudge import NudgeWidget
from bpcore.widgets.paths import PathsWidget
from bpcore.widgets.proof import ProofWidget
from bpcore.widgets.saturation import SaturationWidget
from bpcore.widgets.speed import SpeedWidget
from bpcore.widgets.steps import StepsWidget

__all__ = [
    "ChainWidget",
    "LearnWidget",
    "LineWidget",
    "MatrixWidget",
    "NudgeWidget",
    "PathsWidget",
    "ProofWidget",
    "SaturationWidget",
    "SpeedWidget",
    "StepsWidget",
]
