"""Selecting and ordering elements by index: masked_fill, index_select, gather, sort, argsort, topk.

All are compositions: the positions are computed on the arrays (no gradient flows through an
index), and the values are then picked with :func:`~autograd_core.ops.indexing.getitem`, whose
gradient scatters back with accumulation, or blended with :func:`~autograd_core.ops.binary.where`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

import autograd_core.ops.binary as binary
import autograd_core.ops.indexing as indexing
import autograd_core.ops.shape as shape_ops
import autograd_core.ops.unary as unary
from autograd_core.errors import DtypeError, InputError
from autograd_core.ops.operands import as_tensor, axis_alias, checked_indices, normalize_axes
from autograd_core.tensor import Tensor, make_tensor


class ValuesIndices(NamedTuple):
    """What ``sort`` and ``topk`` return, as PyTorch's ``torch.return_types``: the values
    (differentiable) and their int64 positions along the axis (not differentiable)."""

    values: Tensor
    indices: Tensor


def masked_fill(x: Any, mask: Any, value: Any) -> Tensor:
    """``value`` where the bool ``mask`` is true, else ``x``: PyTorch's ``masked_fill``.

    ``value`` is a number or a 0-d tensor, cast to ``x``'s dtype; a 0-d tensor that requires
    grad gets the sum of the gradient over the filled positions. The mask broadcasts with ``x``.
    """
    x = as_tensor(x, op="masked_fill")
    condition = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    if condition.dtype != np.bool_:
        raise DtypeError(f"masked_fill: the mask must be a bool tensor, got dtype {condition.dtype}")
    try:
        np.broadcast_shapes(condition.shape, x.shape)
    except ValueError:
        raise InputError(
            f"masked_fill: a mask of shape {condition.shape} does not broadcast with the tensor's shape {x.shape}"
        ) from None
    if isinstance(value, Tensor):
        if value.ndim != 0:
            raise InputError(
                f"masked_fill: value must be a number or a 0-d tensor, got a tensor of shape {value.shape}"
            )
        if value.dtype != x.dtype:
            value = unary.astype(value, x.dtype)
    else:
        value = make_tensor(np.asarray(value, dtype=x.dtype))
    return binary.where(condition, value, x)


def masked_select(x: Any, mask: Any) -> Tensor:
    """The entries of ``x`` where the bool ``mask`` is true, as a vector (PyTorch's
    ``masked_select``); ``x`` and the mask broadcast. The gradient goes back to those entries."""
    x = as_tensor(x, op="masked_select")
    condition = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    if condition.dtype != np.bool_:
        raise DtypeError(f"masked_select: the mask must be a bool tensor, got dtype {condition.dtype}")
    try:
        shape = np.broadcast_shapes(condition.shape, x.shape)
    except ValueError:
        raise InputError(
            f"masked_select: a mask of shape {condition.shape} does not broadcast with the tensor's shape {x.shape}"
        ) from None
    if x.shape != shape:
        x = shape_ops.broadcast_to(x, shape)
    return indexing.getitem(x, np.broadcast_to(condition, shape))


def narrow(x: Any, axis: Any = None, start: Any = None, length: Any = None, **aliases: Any) -> Tensor:
    """``length`` entries from position ``start`` along ``axis``: PyTorch's ``narrow(dim, start,
    length)``, a view (basic slicing). A negative ``start`` counts from the end."""
    x = as_tensor(x, op="narrow")
    axis = _required_axis(axis, aliases, "narrow")
    if x.ndim == 0:
        raise InputError("narrow: cannot be applied to a 0-d tensor")
    axis = normalize_axes(axis, x.ndim, "narrow")[0]  # type: ignore[index]
    size = x.shape[axis]
    start, length = _integer(start, "start"), _integer(length, "length")
    if not -size <= start <= size:
        raise IndexError(f"narrow: start {start} is out of range for axis {axis} of size {size}")
    if start < 0:
        start += size
    if length < 0 or start + length > size:
        raise InputError(f"narrow: start ({start}) + length ({length}) exceeds the size of axis {axis} ({size})")
    return indexing.getitem(x, (slice(None),) * axis + (slice(start, start + length),))


def _integer(value: Any, name: str) -> int:
    """An int argument of ``narrow`` (a 0-d integer tensor counts, as in PyTorch)."""
    if isinstance(value, Tensor) and value.ndim == 0 and value.dtype.kind in "iu":
        return int(value.item())
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
        raise TypeError(f"narrow: {name} must be an int, got {value!r}")
    return int(value)


def nonzero(x: Any, as_tuple: bool = False) -> Any:
    """The positions of the nonzero entries (not differentiable): an int64 tensor of shape (n, ndim),
    one row per entry in row-major order, or with ``as_tuple`` one int64 vector per axis, as
    PyTorch's ``nonzero``."""
    x = as_tensor(x, op="nonzero")
    values = x._data
    if as_tuple:
        if values.ndim == 0:
            return (make_tensor(np.flatnonzero(values.reshape(1)).astype(np.int64)),)
        return tuple(make_tensor(axis_positions.astype(np.int64)) for axis_positions in np.nonzero(values))
    return make_tensor(np.argwhere(values).astype(np.int64))


def index_select(x: Any, axis: Any = None, index: Any = None, **aliases: Any) -> Tensor:
    """The entries at positions ``index`` (a vector of ints) along ``axis``: PyTorch's
    ``index_select(input, dim, index)``. Repeated positions get their gradients summed."""
    x = as_tensor(x, op="index_select")
    axis = _required_axis(axis, aliases, "index_select")
    if index is None:
        raise TypeError("index_select: missing the index")
    indices = checked_indices(index, None, "index_select", "index", "")
    if indices.ndim > 1:
        raise InputError(f"index_select: the index must be a vector (1-D), got shape {indices.shape}")
    indices = indices.reshape(-1)
    axis = normalize_axes(axis, x.ndim, "index_select")[0]  # type: ignore[index]
    if x.ndim == 0:  # a scalar's one axis holds the one element (PyTorch keeps it 0-d)
        checked_indices(indices, 1, "index_select", "index", "element of a 0-d tensor")
        if indices.size != 1:
            raise InputError(f"index_select: a 0-d tensor takes one index, got {indices.size}")
        return shape_ops.reshape(x, ())
    checked_indices(indices, x.shape[axis], "index_select", "index", f"elements along axis {axis}")
    return indexing.getitem(x, (slice(None),) * axis + (indices,))


def gather(x: Any, axis: Any = None, index: Any = None, **aliases: Any) -> Tensor:
    """PyTorch's ``gather(input, dim, index)``: out[i][j][k] = x[index[i][j][k]][j][k] for axis 0.

    ``index`` has as many axes as ``x`` and the result has its shape; along every other axis
    it may not be longer than ``x``. Repeated positions get their gradients summed.
    """
    x = as_tensor(x, op="gather")
    axis = _required_axis(axis, aliases, "gather")
    if index is None:
        raise TypeError("gather: missing the index")
    indices = checked_indices(index, None, "gather", "index", "")
    if x.ndim <= 1 and indices.ndim <= 1 and x.ndim != indices.ndim:
        # As in PyTorch, a 0-d tensor or index counts as one of a single element here.
        normalize_axes(axis, 1, "gather")
        flat = shape_ops.reshape(x, (-1,))
        checked_indices(indices, flat.shape[0], "gather", "index", "elements along axis 0")
        return shape_ops.reshape(_take_along(flat, indices.reshape(-1), 0), indices.shape)
    if indices.ndim != x.ndim:
        raise InputError(
            f"gather: the index must have as many axes as the tensor, got index shape {indices.shape} "
            f"for tensor shape {x.shape}"
        )
    axis = normalize_axes(axis, x.ndim, "gather")[0]  # type: ignore[index]
    if x.ndim == 0:
        checked_indices(indices, 1, "gather", "index", "element of a 0-d tensor")
        return shape_ops.reshape(x, ())
    for other, (wanted, available) in enumerate(zip(indices.shape, x.shape)):
        if other != axis and wanted > available:
            raise InputError(
                f"gather: index shape {indices.shape} is longer than tensor shape {x.shape} along axis {other}; "
                f"only the gathering axis {axis} may be"
            )
    checked_indices(indices, x.shape[axis], "gather", "index", f"elements along axis {axis}")
    return _take_along(x, indices, axis)


def _take_along(x: Tensor, indices: np.ndarray, axis: int) -> Tensor:
    """x at ``indices`` along ``axis`` and at the same position along the others (checked)."""
    ndim = x.ndim
    grids = [
        np.arange(size).reshape([size if a == d else 1 for a in range(ndim)]) for d, size in enumerate(indices.shape)
    ]
    grids[axis] = indices
    return indexing.getitem(x, tuple(grids))


def sort(x: Any, axis: Any = -1, descending: bool = False, stable: bool = False, **aliases: Any) -> ValuesIndices:
    """The values sorted along ``axis`` and their positions: PyTorch's ``sort``.

    Returns ``(values, indices)``. Equal values keep their order (the sort is always stable,
    so ``stable`` changes nothing); NaN counts as larger than every number, as in PyTorch.
    The gradient of the values goes back to the positions they came from.
    """
    x = as_tensor(x, op="sort")
    axis, _ = axis_alias(axis, aliases, "sort", default_axis=-1)
    order = _order(x, axis, bool(descending), "sort")
    return _picked(x, order, axis)


def argsort(x: Any, axis: Any = -1, descending: bool = False, stable: bool = False, **aliases: Any) -> Tensor:
    """The positions that sort ``x`` along ``axis`` (int64, not differentiable): PyTorch's
    ``argsort``; stable, with NaN last (first when ``descending``)."""
    x = as_tensor(x, op="argsort")
    axis, _ = axis_alias(axis, aliases, "argsort", default_axis=-1)
    order = _order(x, axis, bool(descending), "argsort")
    return make_tensor(order.reshape(x.shape))


def topk(x: Any, k: int, axis: Any = -1, largest: bool = True, sorted: bool = True, **aliases: Any) -> ValuesIndices:
    """The ``k`` largest (or, with ``largest=False``, smallest) values along ``axis`` and their
    positions: PyTorch's ``topk``. They always come sorted (``sorted=False`` lets PyTorch
    return any order; this one is as good). Among equal values the first positions win.
    """
    x = as_tensor(x, op="topk")
    axis, _ = axis_alias(axis, aliases, "topk", default_axis=-1)
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool):
        raise TypeError(f"topk: k must be an int, got {k!r}")
    order = _order(x, axis, bool(largest), "topk")
    position = normalize_axes(axis, x.ndim, "topk")[0] if x.ndim else 0  # type: ignore[index]
    length = order.shape[position]
    if not 0 <= k <= length:
        raise InputError(f"topk: k={k} is out of range for {length} elements along axis {axis} (shape {x.shape})")
    return _picked(x, np.take(order, np.arange(k), axis=position), axis)


def _order(x: Tensor, axis: Any, descending: bool, op: str) -> np.ndarray:
    """The positions that sort ``x`` along ``axis``, stably (for a scalar, of its one element)."""
    data = x._data
    if not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{op}: axis must be an int, got {axis!r}")
    axis = normalize_axes(axis, data.ndim, op)[0]  # type: ignore[index]
    if data.ndim == 0:
        data = data.reshape(1)
    if not descending:
        return np.argsort(data, axis=axis, kind="stable")
    # Sorting the reversed axis stably and reversing the result puts equal values in their
    # original order, and NaN (NumPy's largest) first, as PyTorch's descending sort.
    ascending = np.argsort(np.flip(data, axis), axis=axis, kind="stable")
    return np.flip(data.shape[axis] - 1 - ascending, axis)


def _picked(x: Tensor, order: np.ndarray, axis: Any) -> ValuesIndices:
    if x.ndim == 0:  # the one element of a scalar: 0-d values and indices (also for k=0, as in PyTorch)
        return ValuesIndices(shape_ops.reshape(x, ()), make_tensor(np.zeros((), dtype=np.int64)))
    axis = normalize_axes(axis, x.ndim, "sort")[0]  # type: ignore[index]
    return ValuesIndices(_take_along(x, order, axis), make_tensor(order))


def _required_axis(axis: Any, aliases: dict[str, Any], op: str) -> Any:
    axis, _ = axis_alias(axis, aliases, op)
    if axis is None:  # optional in the signature only so that PyTorch's dim= can stand for it
        raise TypeError(f"{op}: missing the axis (axis= or dim=)")
    if not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{op}: axis must be an int, got {axis!r}")
    return axis
