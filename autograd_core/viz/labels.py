"""Short, deterministic text for tensors, gradients and memory, shared by drawings and tables."""

from __future__ import annotations

from typing import Any

import numpy as np

SMALL_TENSOR_SIZE = 12
"""Tensors with at most this many elements are shown in full; larger ones as a summary."""


def format_shape(shape: tuple[int, ...]) -> str:
    """``(3, 4)`` for a matrix, ``scalar`` for a 0-d tensor."""
    if len(shape) == 0:
        return "scalar"
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ", ".join(str(n) for n in shape) + ")"


def format_number(value: float) -> str:
    """Four significant digits, without the trailing noise of ``repr``."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    return f"{value:.4g}"


def format_values(array: Any, max_elements: int = SMALL_TENSOR_SIZE, one_line: bool = True) -> str:
    """The values of a small array, or ``mean …, min …, max …`` for a large one.

    Parameters
    ----------
    array : array_like
        The values.
    max_elements : int
        Arrays with more elements than this are summarized.
    one_line : bool
        Put a matrix on one line; otherwise each row of a small array gets its own line.

    Returns
    -------
    str
        For example ``[[1, 2], [3, 4]]`` or ``mean 0.01, min -2.3, max 2.9``.
    """
    values = np.asarray(array)
    if values.size == 0:
        return "[] (empty)"
    if values.size <= max_elements:
        if values.ndim == 0:
            return format_number(values.item())
        text = np.array2string(
            values,
            separator=", ",
            formatter={"float_kind": format_number, "bool": str},
            max_line_width=10_000,
            threshold=max_elements + 1,
        )
        if one_line:
            return " ".join(text.split())
        return "\n".join(" ".join(row.split()) for row in text.splitlines())
    return summarize(values)


def summarize(array: np.ndarray) -> str:
    """``mean …, min …, max …`` of an array (booleans and integers included)."""
    values = np.asarray(array)
    if values.dtype.kind == "b":
        return f"{int(values.sum())} of {values.size} true"
    with np.errstate(all="ignore"):
        mean = float(np.mean(values, dtype=np.float64))
        low = values.min().item()
        high = values.max().item()
    return f"mean {format_number(mean)}, min {format_number(low)}, max {format_number(high)}"


def format_bytes(count: int) -> str:
    """``48 B``, ``1.5 KiB``, ``3.2 MiB``: binary units, as memory is counted."""
    if count < 1024:
        return f"{count} B"
    for unit in ("KiB", "MiB", "GiB"):
        count /= 1024
        if count < 1024 or unit == "GiB":
            return f"{count:.3g} {unit}"
    raise AssertionError("unreachable")


def describe_array(array: Any) -> str:
    """Shape, dtype and values in one line: ``(2, 3) float32: mean …`` (used by tables)."""
    values = np.asarray(array)
    return f"{format_shape(values.shape)} {values.dtype}: {format_values(values)}"
