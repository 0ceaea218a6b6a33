"""Comparisons and logical operators: they give bool tensors and are not differentiable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autograd_core.errors import InputError
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
