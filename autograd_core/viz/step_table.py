"""The steps of a backward pass as a table: HTML in a notebook, aligned text in a terminal."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd_core.viz.labels import format_shape, format_values

if TYPE_CHECKING:
    from autograd_core.viz.stepper import BackwardStep

COLUMNS = ("step", "vertex", "formula", "g (incoming gradient)", "sent to each input")
_TEXT_WIDTHS = (5, 24, 40, 44, 90)  # most characters per text column; longer text is cut with "…"


class StepTable:
    """A table of backward steps, one row per step.

    In a notebook it displays as HTML (``_repr_html_``); ``str()`` and ``print()`` give
    aligned text for a terminal. ``rows`` holds the cells, each a list of lines.

    Parameters
    ----------
    steps : sequence of BackwardStep
        The steps to show, in order.
    """

    def __init__(self, steps: Sequence[BackwardStep]) -> None:
        self.steps = list(steps)
        self.rows = [_cells(step) for step in self.steps]

    def __len__(self) -> int:
        return len(self.rows)

    def to_text(self) -> str:
        """The table as aligned plain text (a step with several inputs takes several lines)."""
        if not self.rows:
            return "(no backward steps yet)"
        cut_rows = [
            [[_cut(line, limit) for line in cell] for cell, limit in zip(row, _TEXT_WIDTHS)] for row in self.rows
        ]
        widths = [len(title) for title in COLUMNS]
        for row in cut_rows:
            for column, cell in enumerate(row):
                widths[column] = max(widths[column], *(len(line) for line in cell))
        lines = [_join(COLUMNS, widths), _join(["-" * w for w in widths], widths)]
        for row in cut_rows:
            height = max(len(cell) for cell in row)
            for index in range(height):
                lines.append(_join([cell[index] if index < len(cell) else "" for cell in row], widths))
        return "\n".join(line.rstrip() for line in lines)

    def to_html(self) -> str:
        """The table as an HTML ``<table>``."""
        head = "".join(f"<th style='text-align:left'>{html.escape(title)}</th>" for title in COLUMNS)
        body = []
        for row in self.rows:
            cells = "".join(
                "<td style='text-align:left; vertical-align:top; font-family:monospace'>"
                + "<br>".join(html.escape(line) for line in cell)
                + "</td>"
                for cell in row
            )
            body.append(f"<tr>{cells}</tr>")
        return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"

    def _repr_html_(self) -> str:
        return self.to_html()

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        return self.to_text()


def _cells(step: BackwardStep) -> list[list[str]]:
    if step.kind == "leaf":
        received = _shape_and_values(step.grad_out)
        vertex = step.target if step.target.startswith("leaf") else f"{step.target} (leaf)"
        return [[str(step.number)], [vertex], [step.formula], [received], ["—"]]
    pairs = step.incoming()
    if len(pairs) == 1:
        incoming = [_shape_and_values(pairs[0][1])]
    else:  # the column is g already: label only the output's position
        incoming = [f"{name[1:]} {_shape_and_values(grad)}" for name, grad in pairs]
    sent = step.sent_lines(_shape_and_values)
    return [[str(step.number)], [step.op], [step.formula], incoming, sent or ["—"]]


def _shape_and_values(array: Any) -> str:
    values = np.asarray(array)
    return f"{format_shape(values.shape)} {format_values(values)}"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _join(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths))
