"""A matrix drawn as a grid of numbers in SVG, with a chosen row and column marked.

For the explorers that show the chapter's matrices entry by entry (the matrix explorer's
w^l, a^{l-1} or A^{l-1}, b^l and z^l or Z^l). Each cell can carry a ``data-pick``, so a click
on a row or a column chooses it in the page.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bpcore.widgets.svg import ACTIVE, HIGHLIGHT, Canvas, number, shown

Array = np.ndarray

#: The widest cell, its height, and the fills of a marked row, column and their crossing.
CELL_W, CELL_H = 44.0, 22.0
ROW_FILL, COLUMN_FILL, BOTH_FILL = "#fde7c2", "#d6e6f4", "#f6c77e"


def grid(
    canvas: Canvas,
    x: float,
    top: float,
    name: str,
    matrix: Array,
    marks: dict[str, Any],
    pick: str,
    cell: float,
) -> float:
    """A matrix as a grid of numbers with its name and shape above; returns its right edge."""
    rows, columns = matrix.shape
    height = rows * CELL_H
    y0 = top + 60 - height / 2 + 4
    canvas.text(x + columns * cell / 2, y0 - 22, name, size=15, font_weight=600)
    canvas.text(x + columns * cell / 2, y0 - 7, f"{rows}×{columns}", size=10, fill="#666666")
    for r in range(rows):
        for c in range(columns):
            in_row = marks.get("row") == r
            in_column = marks.get("all") or marks.get("column") == c
            if pick == "both":
                fill = BOTH_FILL if in_row and in_column else "#ffffff"
            elif pick == "j":
                fill = ROW_FILL if in_row else "#ffffff"
            else:
                fill = COLUMN_FILL if in_column else "#ffffff"
            data = {"j": r} if pick == "j" else {"column": c} if pick == "column" else None
            if pick == "both":
                data = {"j": r, "column": c} if columns > 1 else {"j": r}
            canvas.add(
                "rect",
                x=x + c * cell,
                y=y0 + r * CELL_H,
                width=cell,
                height=CELL_H,
                fill=fill,
                stroke="#c8c8c8",
                stroke_width=0.6,
                data_pick=data,
            )
            canvas.text(
                x + (c + 0.5) * cell,
                y0 + (r + 0.72) * CELL_H,
                shown(float(matrix[r, c])),
                size=min(11.5, cell / 3.8),
                pointer_events="none",  # a click reaches the cell's rectangle and its pick
            )
    _brackets(canvas, x, y0, columns * cell, height)
    _outline(canvas, x, y0, (rows, columns), marks, pick, cell)
    return x + columns * cell


def _outline(
    canvas: Canvas,
    x: float,
    y0: float,
    shape: tuple[int, int],
    marks: dict,
    pick: str,
    cell: float,
) -> None:
    """The chosen row (orange) and the chosen column (blue) outlined."""
    rows, columns = shape
    if "row" in marks and pick in ("j", "both"):
        r = marks["row"]
        if pick == "both":
            c = marks.get("column", 0)
            canvas.add(
                "rect",
                x=x + c * cell,
                y=y0 + r * CELL_H,
                width=cell,
                height=CELL_H,
                fill="none",
                pointer_events="none",
                stroke=HIGHLIGHT,
                stroke_width=2.4,
            )
        else:
            canvas.add(
                "rect",
                x=x,
                y=y0 + r * CELL_H,
                width=columns * cell,
                height=CELL_H,
                fill="none",
                pointer_events="none",
                stroke=HIGHLIGHT,
                stroke_width=2.4,
            )
    if pick == "column":
        c0, c1 = (0, columns) if marks.get("all") else (marks["column"], marks["column"] + 1)
        canvas.add(
            "rect",
            x=x + c0 * cell,
            y=y0,
            width=(c1 - c0) * cell,
            height=rows * CELL_H,
            fill="none",
            pointer_events="none",
            stroke=ACTIVE,
            stroke_width=2.4,
        )


def legend(canvas: Canvas, x: float, y: float, batch: bool) -> None:
    """What the colours mean."""
    entries = [
        (ROW_FILL, HIGHLIGHT, "row j of w and b: neuron j's weights and bias"),
        (COLUMN_FILL, ACTIVE, "the column of example i" if batch else "the input column"),
    ]
    for fill, stroke, label in entries:
        canvas.add(
            "rect", x=x, y=y - 10, width=16, height=12, fill=fill, stroke=stroke, stroke_width=2
        )
        canvas.text(x + 22, y, label, size=11, anchor="start")
        x += 40 + 6.3 * len(label)


def _brackets(canvas: Canvas, x: float, y: float, width: float, height: float) -> None:
    for side, sign in ((x - 3, 1), (x + width + 3, -1)):
        path = f"M{number(side + 5 * sign)} {number(y)} h{number(-5 * sign)} v{number(height)} "
        path += f"h{number(5 * sign)}"
        canvas.add("path", d=path, fill="none", stroke="#333333", stroke_width=1.3)
