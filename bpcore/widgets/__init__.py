"""The explorers: interactive pictures of chapter 2, one module each, on a small base.

* :class:`NudgeWidget` — nudge one weight (or bias) and watch Δa travel to ΔC (eq. 47–50).

Each is an anywidget: its state lives in Python (``.values``, ``.set(...)``, ``.readout``),
its picture is SVG drawn in the browser, and where no kernel runs it shows that picture.
See :mod:`bpcore.widgets.base` for how they work.
"""

from bpcore.widgets.chain import ChainWidget
from bpcore.widgets.legacy import LineWidget, SaturationWidget
from bpcore.widgets.nudge import NudgeWidget
from bpcore.widgets.paths import PathsWidget

__all__ = ["ChainWidget", "LineWidget", "NudgeWidget", "PathsWidget", "SaturationWidget"]
