"""Functions for writing VJPs once, for ndarrays and Tensors alike.

A first-order backward runs every VJP on ndarrays (fast: plain NumPy); ``create_graph=True``
runs the same code on Tensors, so the backward pass itself is recorded and can be
differentiated. Operators (``+ - * / ** @``, ``[]``) and the methods ``.sum``, ``.mean``,
``.reshape``, ``.transpose``, ``.swapaxes``, ``.astype``, ``.prod`` already work on both; the
functions here cover what ndarrays lack: on arrays each is the NumPy call (or the ``forward``)
of the primitive it records on Tensors.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import autograd_core.ops.binary as binary
import autograd_core.ops.indexing as indexing
import autograd_core.ops.piecewise as piecewise
import autograd_core.ops.shape as shape_ops
import autograd_core.ops.unary as unary
from autograd_core.ops.erf import erf_array

_ndarray = np.ndarray
_dot = np.ndarray.dot
_COPY_BELOW = 1 << 14


def values_of(x: Any) -> np.ndarray:
    """The ndarray behind ``x``: for masks and other constants of the backward pass."""
    return x if x.__class__ is _ndarray else x._data


def piecewise_constant(values: np.ndarray, *inputs: Any) -> Any:
    """A mask, sign or tie share computed from ``inputs`` by comparisons: ``values`` on arrays,
    a recorded Tensor of derivative 0 on Tensors (see :class:`~autograd_core.ops.piecewise.PiecewiseConstant`)."""
    if inputs[0].__class__ is _ndarray:
        return values
    return piecewise.piecewise_constant(values, *inputs)


def matmul(a: Any, b: Any) -> Any:
    """a @ b; for two matrices as arrays, ``ndarray.dot``, which does less per call than the matmul
    ufunc (and than ``np.dot``, which dispatches through ``__array_function__`` first)."""
    if a.__class__ is _ndarray and a.ndim == 2 and b.ndim == 2:
        return _dot(a, b)
    return a @ b


def column_sums(a: Any) -> Any:
    """Σᵢ a[i, :] of a matrix (on arrays, see :func:`~autograd_core.ops.shape.column_sums`)."""
    return shape_ops.column_sums(a) if a.__class__ is _ndarray else a.sum(axis=0)


def exp(x: Any) -> Any:
    """e**x."""
    return np.exp(x) if x.__class__ is _ndarray else unary.exp(x)


def log(x: Any) -> Any:
    """Natural logarithm."""
    return np.log(x) if x.__class__ is _ndarray else unary.log(x)


def sin(x: Any) -> Any:
    """Sine."""
    return np.sin(x) if x.__class__ is _ndarray else unary.sin(x)


def cos(x: Any) -> Any:
    """Cosine."""
    return np.cos(x) if x.__class__ is _ndarray else unary.cos(x)


def erf(x: Any) -> Any:
    """The error function."""
    return erf_array(x) if x.__class__ is _ndarray else unary.erf(x)


def where(condition: np.ndarray, a: Any, b: Any) -> Any:
    """``a`` where the constant ``condition`` holds, else ``b``."""
    if a.__class__ is _ndarray and b.__class__ is _ndarray:
        return np.where(condition, a, b)
    return binary.where(condition, a, b)


def broadcast_to(x: Any, shape: tuple[int, ...]) -> Any:
    """Broadcast to ``shape`` (a read-only view for large arrays, a small copy otherwise)."""
    if x.__class__ is not _ndarray:
        return shape_ops.broadcast_to(x, shape)
    if math.prod(shape) <= _COPY_BELOW:
        out = np.empty(shape, dtype=x.dtype)
        out[...] = x  # cheaper than np.broadcast_to's Python-level set-up for small arrays
        return out
    return np.broadcast_to(x, shape)


def sum_to(x: Any, shape: tuple[int, ...]) -> Any:
    """Sum over the axes that broadcasting ``shape`` created."""
    if x.__class__ is _ndarray:
        return x if x.shape == shape else shape_ops.reduce_to_shape(x, shape)
    return shape_ops.sum_to(x, shape)


def scatter_add(x: Any, index: Any, shape: tuple[int, ...]) -> Any:
    """Zeros of ``shape`` with ``x`` added at ``index``."""
    primitive = indexing.ScatterAdd(index, shape)
    return primitive.forward(x) if x.__class__ is _ndarray else primitive(x)


def getitem(x: Any, index: Any) -> Any:
    """``x[index]`` (the index already normalized)."""
    return x[index] if x.__class__ is _ndarray else indexing.GetItem(index)(x)


def zeros(shape: tuple[int, ...], like: Any) -> Any:
    """Zeros of ``shape`` as a constant of ``like``'s kind and dtype."""
    array = np.zeros(shape, dtype=like.dtype)
    if like.__class__ is _ndarray:
        return array
    from autograd_core.tensor import make_tensor

    return make_tensor(array)
