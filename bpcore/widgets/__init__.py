"""The explorers: interactive pictures of chapter 2, one module each, on a small base.

* :class:`NudgeWidget` — nudge one weight (or bias) and watch Δa travel to ΔC (eq. 47–50).
* :class:`LineWidget` — fit f(x) = m·x + c: the errors, both costs, gradient descent.
* :class:`MatrixWidget` — eq. 25 as matrices: row j of wˡ times aˡ⁻¹ plus bˡⱼ, and a batch.

Each is an anywidget: its state lives in Python (``.values``, ``.set(...)``, ``.readout``),
its picture is SVG drawn in the browser, and where no kernel runs it shows that picture.
See :mod:`bpcore.widgets.base` for how they work.
"""

from bpcore.widgets.legacy import ChainWidget, SaturationWidget
from bpcore.widgets.line import LineWidget
from bpcore.widgets.matrix import MatrixWidget
from bpcore.widgets.nudge import NudgeWidget
from bpcore.widgets.speed import SpeedWidget
from bpcore.widgets.steps import StepsWidget

__all__ = [
    "ChainWidget",
    "LineWidget",
    "MatrixWidget",
    "NudgeWidget",
    "SaturationWidget",
    "SpeedWidget",
    "StepsWidget",
]
