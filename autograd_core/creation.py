"""Functions that make new tensors: zeros, ones, full, eye, arange, linspace, rand, randn, randint."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd_core.dtypes import get_default_dtype
from autograd_core.errors import InputError
from autograd_core.random import default_generator
from autograd_core.tensor import Tensor, shape_args


def _either(numpy_value: Any, torch_value: Any, numpy_name: str, torch_name: str, op: str) -> Any:
    """An argument that may come by NumPy's name or by PyTorch's (None where not given)."""
    if torch_value is None:
        return numpy_value
    if numpy_value is not None:
        raise TypeError(f"{op}: pass {numpy_name} or {torch_name}, not both")
    return torch_value


def _shape(shape: tuple[Any, ...], op: str, size: Any = None) -> tuple[int, ...]:
    """The shape given as ints (``zeros(2, 3)``), one sequence (``zeros((2, 3))``) or ``size=``."""
    if size is not None:
        if shape:
            raise TypeError(f"{op}: pass the shape or size, not both")
        shape = (size,)
    resolved = shape_args(shape)
    if any(not isinstance(s, (int, np.integer)) or s < 0 for s in resolved):
        raise InputError(f"{op}: a shape is non-negative ints, got {resolved}")
    return tuple(int(s) for s in resolved)


def _finish(array: np.ndarray, dtype: Any, requires_grad: bool, default: Any = None) -> Tensor:
    target = np.dtype(dtype) if dtype is not None else (np.dtype(default) if default is not None else array.dtype)
    return Tensor(array.astype(target, copy=False), requires_grad=requires_grad)


def zeros(*shape: Any, size: Any = None, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of zeros: ``zeros(2, 3)``, ``zeros((2, 3))`` or ``zeros(size=(2, 3))``."""
    return _finish(np.zeros(_shape(shape, "zeros", size)), dtype, requires_grad, get_default_dtype())


def ones(*shape: Any, size: Any = None, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of ones."""
    return _finish(np.ones(_shape(shape, "ones", size)), dtype, requires_grad, get_default_dtype())


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


def arange(
    start: Any = None,
    stop: Any = None,
    step: Any = 1,
    dtype: Any = None,
    requires_grad: bool = False,
    *,
    end: Any = None,
) -> Tensor:
    """Evenly spaced values in [start, stop); int64 for int arguments, else the default float.

    ``arange(stop)`` starts at 0; ``end`` is PyTorch's name for ``stop`` (``arange(end=5)``).
    """
    stop = _either(stop, end, "stop", "end", "arange")
    if stop is None:
        start, stop = 0, start
    elif start is None:
        start = 0
    if stop is None:
        raise TypeError("arange: missing the end of the range (stop, or end)")
    if step == 0:
        raise ValueError("arange: step must not be zero")
    is_int = all(isinstance(v, (int, np.integer)) for v in (start, stop, step))
    default = np.int64 if is_int else get_default_dtype()
    return _finish(np.arange(start, stop, step), dtype, requires_grad, default)


def linspace(
    start: float,
    stop: float | None = None,
    num: int | None = None,
    dtype: Any = None,
    requires_grad: bool = False,
    *,
    end: float | None = None,
    steps: int | None = None,
) -> Tensor:
    """``num`` evenly spaced values (50 by default) from ``start`` to ``stop`` inclusive.

    ``end`` and ``steps`` are PyTorch's names for ``stop`` and ``num``.
    """
    stop = _either(stop, end, "stop", "end", "linspace")
    if stop is None:
        raise TypeError("linspace: missing the end point (stop, or end)")
    num = _either(num, steps, "num", "steps", "linspace")
    return _finish(np.linspace(start, stop, 50 if num is None else num), dtype, requires_grad, get_default_dtype())


def rand(*shape: Any, size: Any = None, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Uniform samples in [0, 1), from the generator that ``manual_seed`` seeds."""
    samples = default_generator().random(_shape(shape, "rand", size))
    return _finish(samples, dtype, requires_grad, get_default_dtype())


def randn(*shape: Any, size: Any = None, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Standard normal samples, from the generator that ``manual_seed`` seeds."""
    samples = default_generator().standard_normal(_shape(shape, "randn", size))
    return _finish(samples, dtype, requires_grad, get_default_dtype())


def randint(
    low: int | None = None, high: int | None = None, size: Any = (), dtype: Any = None, requires_grad: bool = False
) -> Tensor:
    """Random integers in [low, high) (``randint(high, size)`` means low = 0), as int64."""
    if isinstance(high, (tuple, list)):  # PyTorch's randint(high, size)
        high, size = None, high
    if high is None:
        low, high = 0, low
    elif low is None:  # randint(high=..., size=...)
        low = 0
    if high is None:
        raise TypeError("randint: missing high")
    if high <= low:
        raise InputError(f"randint: high ({high}) must be greater than low ({low})")
    size = (size,) if isinstance(size, (int, np.integer)) else tuple(size)
    samples = default_generator().integers(low, high, size=_shape(size, "randint"))
    return _finish(samples, dtype, requires_grad, np.int64)


def filled(shape: tuple[Any, ...], fill_value: Any, dtype: Any, requires_grad: bool, op: str) -> Tensor:
    """``fill_value`` in every element of ``shape`` (ints, or one sequence) as ``dtype``: the
    body of ``Tensor.new_zeros``, ``new_ones`` and ``new_full``, whose errors name ``op``."""
    return _finish(np.full(_shape(shape, op), fill_value), dtype, requires_grad)
