"""Indexing: ``x[index]`` and its adjoint, scattering a gradient back with accumulation."""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd_core.ops.dual as dual
from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor


class GetItem(Primitive):
    __slots__ = ("index", "input_shape")
    shown_parameters = ("index",)
    returns_view = True
    name = "getitem"
    formula = "∂x = zeros with g added at [index]"
    saves = ("index",)

    def __init__(self, index: Any) -> None:
        self.index = index

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.input_shape = x.shape
        return x[self.index]

    def backward(self, grad_out: Any, index: Any) -> tuple[Any, ...]:
        return (dual.scatter_add(grad_out, index, self.input_shape),)

    def describe_error(self, inputs: tuple[Tensor, ...], error: BaseException) -> str:
        return f"getitem: {error} (indexing a tensor of shape {tuple(inputs[0].shape)})"


class ScatterAdd(Primitive):
    """Zeros of ``shape`` with the input added at ``index`` (repeated indices accumulate)."""

    __slots__ = ("index", "shape")
    name = "scatter_add"
    formula = "∂x = g[index]"
    saves = ("index",)

    def __init__(self, index: Any, shape: tuple[int, ...]) -> None:
        self.index = index
        self.shape = shape

    def forward(self, x: np.ndarray) -> np.ndarray:
        out = np.zeros(self.shape, dtype=x.dtype)
        if _is_basic(self.index):
            out[self.index] = x  # a basic index selects each element at most once
        else:
            np.add.at(out, self.index, x)
        return out

    def backward(self, grad_out: Any, index: Any) -> tuple[Any, ...]:
        return (dual.getitem(grad_out, index),)


def _is_basic(index: Any) -> bool:
    items = index if isinstance(index, tuple) else (index,)
    return all(isinstance(item, (int, np.integer, slice)) or item is None or item is Ellipsis for item in items)


def normalize_index(index: Any) -> Any:
    """Replace Tensors in an index by their arrays and lists by arrays (NumPy semantics)."""
    if isinstance(index, tuple):
        return tuple(_normalize_item(item) for item in index)
    return _normalize_item(index)


def _normalize_item(item: Any) -> Any:
    if isinstance(item, Tensor):
        item = item._data
    elif isinstance(item, list):
        item = np.asarray(item)
    if isinstance(item, np.ndarray):
        if item.dtype.kind not in "biu":
            raise IndexError(f"getitem: index arrays must be integer or bool, got dtype {item.dtype}")
    elif isinstance(item, float):
        raise IndexError(f"getitem: indices must be integers, slices, None, ... or arrays, got {item!r}")
    return item


def getitem(x: Tensor, index: Any) -> Tensor:
    """``x[index]`` with NumPy semantics: ints, slices, None, ..., integer arrays, bool masks.

    The gradient scatters back into zeros of x's shape, accumulating repeated indices.
    """
    return GetItem(normalize_index(index))(x)
