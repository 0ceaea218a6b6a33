"""Comparisons, logical operators and closeness tests: they give bool tensors (``allclose`` a
Python bool) and are not differentiable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograd_core.errors import DtypeError, InputError
from autograd_core.ops.operands import as_tensor, operands
from autograd_core.tensor import Tensor, make_tensor


def _elementwise(ufunc: Callable[..., np.ndarray], name: str) -> Callable[[Any, Any], Tensor]:
    def compare(a: Any, b: Any) -> Tensor:
        a, b = operands(a, b, name)
        try:
            return make_tensor(np.asarray(ufunc(a._data, b._data)))
        except ValueError as error:
            raise InputError(f"{name}: {error} (shapes {tuple(a.shape)} and {tuple(b.shape)})") from None

    compare.__name__ = name
    compare.__doc__ = f"Elementwise ``np.{ufunc.__name__}`` as a bool tensor (not differentiable)."
    return compare


less = _elementwise(np.less, "less")
less_equal = _elementwise(np.less_equal, "less_equal")
greater = _elementwise(np.greater, "greater")
greater_equal = _elementwise(np.greater_equal, "greater_equal")
equal = _elementwise(np.equal, "equal")
not_equal = _elementwise(np.not_equal, "not_equal")
logical_and = _elementwise(np.logical_and, "logical_and")
logical_or = _elementwise(np.logical_or, "logical_or")


def logical_not(x: Any) -> Tensor:
    """Elementwise logical not as a bool tensor."""
    return make_tensor(np.logical_not(as_tensor(x, op="logical_not")._data))


def isfinite(x: Any) -> Tensor:
    """Elementwise: True where the value is neither NaN nor ±Inf."""
    return make_tensor(np.isfinite(as_tensor(x, op="isfinite")._data))


def isnan(x: Any) -> Tensor:
    """Elementwise: True where the value is NaN."""
    return make_tensor(np.isnan(as_tensor(x, op="isnan")._data))


def isclose(a: Any, b: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> Tensor:
    """Elementwise |a − b| ≤ atol + rtol·|b| as a bool tensor (PyTorch's ``isclose``; not differentiable).

    Equal values are always close (equal infinities too); NaN is close to NaN only with
    ``equal_nan``. The operands broadcast and must have one dtype, as in PyTorch (a Python
    number takes the tensor's); ``rtol`` and ``atol`` must be non-negative.
    """
    a, b = _same_dtype(a, b, "isclose")
    if rtol < 0 or atol < 0:
        raise InputError(f"isclose: rtol and atol must be non-negative, got rtol={rtol}, atol={atol}")
    x, y = a._data, b._data
    with np.errstate(invalid="ignore", over="ignore"):  # inf − inf and overflow are answered below
        close = np.asarray(x == y)
        if equal_nan and x.dtype.kind == "f":
            close |= np.isnan(x) & np.isnan(y)
        if x.dtype.kind == "b" or (rtol == 0 and atol == 0):
            return make_tensor(close)
        error = np.abs(x - y)
        close |= np.isfinite(error) & (error <= atol + np.abs(rtol * y))
    return make_tensor(close)


def allclose(a: Any, b: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> bool:
    """Whether every element of ``a`` is close to ``b``'s (see :func:`isclose`), as a Python bool."""
    return bool(isclose(a, b, rtol, atol, equal_nan)._data.all())


def _same_dtype(a: Any, b: Any, op: str) -> tuple[Tensor, Tensor]:
    """Both operands as Tensors of one dtype and broadcastable shapes (a Python number takes the tensor's dtype)."""
    if not isinstance(a, Tensor) and isinstance(b, Tensor):
        b, a = _same_dtype(b, a, op)
        return a, b
    a = as_tensor(a, op=op)
    b = as_tensor(b, a, op)
    if a._data.dtype != b._data.dtype:
        raise DtypeError(f"{op}: the tensors have dtypes {a.dtype} and {b.dtype}; cast one first (PyTorch refuses too)")
    try:
        np.broadcast_shapes(a._data.shape, b._data.shape)
    except ValueError:
        raise InputError(f"{op}: shapes {tuple(a.shape)} and {tuple(b.shape)} do not broadcast") from None
    return a, b
