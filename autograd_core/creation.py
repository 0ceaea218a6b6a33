"""Functions that make new tensors: zeros, ones, full, eye, arange, linspace, rand, randn, randint."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd_core.dtypes import get_default_dtype
from autograd_core.random import default_generator
from autograd_core.tensor import Tensor, shape_args


def _shape(shape: tuple[Any, ...], op: str) -> tuple[int, ...]:
    resolved = shape_args(shape)
    if any(not isinstance(s, (int, np.integer)) or s < 0 for s in resolved):
        raise ValueError(f"{op}: a shape is non-negative ints, got {resolved}")
    return tuple(int(s) for s in resolved)


def _finish(array: np.ndarray, dtype: Any, requires_grad: bool, default: Any = None) -> Tensor:
    target = np.dtype(dtype) if dtype is not None else (np.dtype(default) if default is not None else array.dtype)
    return Tensor(array.astype(target, copy=False), requires_grad=requires_grad)


def zeros(*shape: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of zeros: ``zeros(2, 3)`` or ``zeros((2, 3))``."""
    return _finish(np.zeros(_shape(shape, "zeros")), dtype, requires_grad, get_default_dtype())


def ones(*shape: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of ones."""
    return _finish(np.ones(_shape(shape, "ones")), dtype, requires_grad, get_default_dtype())


def full(shape: Sequence[int] | int, fill_value: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor filled with ``fill_value`` (its dtype follows the Tensor rules for Python data)."""
    value = Tensor(fill_value)
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    return _finish(np.full(_shape(shape, "full"), value.data), dtype, requires_grad, value.dtype)


def zeros_like(tensor: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Zeros with the shape (and dtype, unless given) of ``tensor``."""
    array = np.asarray(tensor)
    return _finish(np.zeros(array.shape), dtype, requires_grad, array.dtype)


def ones_like(tensor: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Ones with the shape (and dtype, unless given) of ``tensor``."""
    array = np.asarray(tensor)
    return _finish(np.ones(array.shape), dtype, requires_grad, array.dtype)


def full_like(tensor: Any, fill_value: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """``fill_value`` everywhere, with the shape (and dtype, unless given) of ``tensor``."""
    array = np.asarray(tensor)
    return _finish(np.full(array.shape, fill_value), dtype, requires_grad, array.dtype)


def eye(n: int, m: int | None = None, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """The n×m identity matrix (n×n by default)."""
    return _finish(np.eye(n, m), dtype, requires_grad, get_default_dtype())


def arange(start: Any, stop: Any = None, step: Any = 1, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Evenly spaced values in [start, stop); int64 for int arguments, else the default float."""
    if stop is None:
        start, stop = 0, start
    is_int = all(isinstance(v, (int, np.integer)) for v in (start, stop, step))
    default = np.int64 if is_int else get_default_dtype()
    return _finish(np.arange(start, stop, step), dtype, requires_grad, default)


def linspace(start: float, stop: float, num: int = 50, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """``num`` evenly spaced values from ``start`` to ``stop`` inclusive."""
    return _finish(np.linspace(start, stop, num), dtype, requires_grad, get_default_dtype())


def rand(*shape: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Uniform samples in [0, 1), from the generator that ``manual_seed`` seeds."""
    return _finish(default_generator().random(_shape(shape, "rand")), dtype, requires_grad, get_default_dtype())


def randn(*shape: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Standard normal samples, from the generator that ``manual_seed`` seeds."""
    samples = default_generator().standard_normal(_shape(shape, "randn"))
    return _finish(samples, dtype, requires_grad, get_default_dtype())


def randint(low: int, high: int | None = None, size: Any = (), dtype: Any = None) -> Tensor:
    """Random integers in [low, high) (``randint(high, size)`` means low = 0), as int64."""
    if isinstance(high, (tuple, list)):  # PyTorch's randint(high, size)
        high, size = None, high
    if high is None:
        low, high = 0, low
    if high <= low:
        raise ValueError(f"randint: high ({high}) must be greater than low ({low})")
    size = (size,) if isinstance(size, (int, np.integer)) else tuple(size)
    samples = default_generator().integers(low, high, size=_shape(size, "randint"))
    return _finish(samples, dtype, False, np.int64)
