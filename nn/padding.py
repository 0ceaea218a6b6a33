"""PyTorch's ``F.pad``: pads given for the last axes first, negative pads crop; four modes.

(``autograd_core.pad`` keeps NumPy's meaning, one (before, after) pair per axis from the first.)
Constant padding is the ``pad`` primitive plus slicing; the other modes pick elements with an
integer index per padded axis, whose gradient accumulates where an element is picked twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

import autograd_core as ag
from autograd_core.errors import InputError
from autograd_core.ops.operands import as_tensor
from autograd_core.tensor import Tensor

_MODES = ("constant", "reflect", "replicate", "circular")


def pad(input: Any, pad: Sequence[int], mode: str = "constant", value: float | None = None) -> Tensor:
    """Pad (or, with negative sizes, crop) the last ``len(pad) // 2`` axes of ``input``.

    Parameters
    ----------
    input : Tensor
    pad : sequence of int
        (left, right) for the last axis, then (top, bottom) for the one before, and so on:
        ``F.pad(x, (1, 1, 2, 0))`` adds a column on each side and two rows on top.
    mode : {"constant", "reflect", "replicate", "circular"}
        ``constant`` fills with ``value``; ``reflect`` mirrors without repeating the edge
        (pads smaller than the axis); ``replicate`` repeats the edge; ``circular`` wraps around
        (pads at most the axis). The last three pad 1 to 3 axes of an input with one or two
        more axes, as in PyTorch.
    value : float, optional
        The fill of ``constant`` mode (0 by default); not accepted by the other modes.

    Raises
    ------
    InputError
        For an odd-length ``pad``, more pairs than axes, or sizes the mode cannot pad with.
    """
    x = as_tensor(input, op="pad")
    sizes = [int(size) for size in pad]
    if mode not in _MODES:
        raise NotImplementedError(f"pad: mode {mode!r} is not one of {', '.join(_MODES)}")
    if len(sizes) % 2 or len(sizes) // 2 > x.ndim:
        raise InputError(
            f"pad: expected an even number of sizes, at most two per axis, got {tuple(sizes)} for shape {x.shape}"
        )
    count = len(sizes) // 2
    # (before, after) for each padded axis, from the first of them to the last.
    pairs = [(sizes[2 * i], sizes[2 * i + 1]) for i in range(count)][::-1]
    axes = range(x.ndim - count, x.ndim)
    if mode == "constant":
        return _constant(x, axes, pairs, 0.0 if value is None else value)
    if value is not None and value != 0:  # PyTorch accepts a zero value in every mode
        raise ValueError(f'pad: padding mode "{mode}" doesn\'t take in value argument')
    if not 1 <= count <= 3 or x.ndim not in (count + 1, count + 2):
        raise NotImplementedError(
            f"pad: mode {mode!r} pads the last 1 to 3 axes of an input with 1 or 2 more axes (PyTorch's rule); "
            f"got {len(sizes)} sizes for an input of shape {x.shape}"
        )
    for axis, (before, after) in zip(axes, pairs):
        x = ag.index_select(x, axis, _source_positions(x.shape[axis], before, after, mode, axis))
    return x


def _constant(x: Tensor, axes: range, pairs: list[tuple[int, int]], value: float) -> Tensor:
    """Grow with ``value`` where the sizes are positive, then cut where they are negative."""
    widths = [(0, 0)] * x.ndim
    cuts: list[slice] = [slice(None)] * x.ndim
    for axis, (before, after) in zip(axes, pairs):
        if x.shape[axis] + min(before, 0) + min(after, 0) < 0:
            raise InputError(
                f"pad: padding ({before}, {after}) of axis {axis} of size {x.shape[axis]} crops more than "
                "the axis (a negative size)"
            )
        widths[axis] = (max(before, 0), max(after, 0))
        end = x.shape[axis] + widths[axis][0] + widths[axis][1]
        cuts[axis] = slice(max(-before, 0), end - max(-after, 0))
    if any(width != (0, 0) for width in widths):
        x = ag.pad(x, widths, constant_values=value)
    if any(cut != slice(None) for cut in cuts):
        x = x[tuple(cuts)]
    return x


def _source_positions(size: int, before: int, after: int, mode: str, axis: int) -> np.ndarray:
    """For each output position along one axis, the input position it copies."""
    if mode == "reflect" and (before >= size or after >= size):
        raise InputError(
            f"pad: reflect padding ({before}, {after}) must be smaller than the size {size} of axis {axis}"
        )
    if mode == "circular" and (before > size or after > size):
        raise InputError(f"pad: circular padding ({before}, {after}) must be at most the size {size} of axis {axis}")
    if mode == "replicate" and size == 0:
        raise InputError(f"pad: replicate padding needs a non-empty axis {axis}")
    positions = np.arange(-before, size + after)
    if mode == "replicate":
        return np.clip(positions, 0, size - 1)
    if mode == "circular":
        # PyTorch crops first and wraps around what is left: with a negative pad on one side, the
        # other side's padding copies from the cropped axis.
        start, kept = max(-before, 0), size - max(-before, 0) - max(-after, 0)
        if kept <= 0:
            raise InputError(f"pad: circular padding ({before}, {after}) crops all of axis {axis} of size {size}")
        return start + np.arange(-max(before, 0), kept + max(after, 0)) % kept
    period = 2 * (size - 1)
    if period == 0:
        return np.zeros_like(positions)
    folded = positions % period
    return np.where(folded < size, folded, period - folded)
