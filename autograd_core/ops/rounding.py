"""Rounding and sign: floor, ceil, round, trunc, sign.

Each is constant between the points where it jumps, so its derivative is 0 wherever it has
one, and PyTorch defines it as 0 at the jumps too. They are compositions: the values come from
NumPy, and :func:`~autograd_core.ops.piecewise.piecewise_constant` keeps a result of a tensor
that requires grad in the graph with gradient 0 (zeros, not None, as PyTorch gives).

Integer tensors keep their dtype and values (they are already whole), as in PyTorch; bool
tensors are refused, except by ``sign``, which keeps them as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import autograd_core.ops.piecewise as piecewise
from autograd_core.errors import DtypeError
from autograd_core.ops.operands import as_tensor
from autograd_core.tensor import Tensor, make_tensor


def _piecewise_constant(x: Any, op: str, values_of: Callable[[np.ndarray], np.ndarray]) -> Tensor:
    """``values_of`` applied to a floating tensor's array, with gradient 0; integers unchanged."""
    x = as_tensor(x, op=op)
    kind = x._data.dtype.kind
    if kind == "b":
        raise DtypeError(f"{op}: not defined for bool tensors (as in PyTorch); cast with .long() or .float() first")
    if kind in "iu":
        return make_tensor(x._data.copy())
    return piecewise.piecewise_constant(values_of(x._data), x)


def floor(x: Any) -> Tensor:
    """Elementwise ⌊x⌋, the largest integer ≤ x; gradient 0."""
    return _piecewise_constant(x, "floor", np.floor)


def ceil(x: Any) -> Tensor:
    """Elementwise ⌈x⌉, the smallest integer ≥ x; gradient 0."""
    return _piecewise_constant(x, "ceil", np.ceil)


def trunc(x: Any) -> Tensor:
    """Elementwise x rounded toward 0 (its integer part); gradient 0."""
    return _piecewise_constant(x, "trunc", np.trunc)


def round(x: Any, decimals: int = 0) -> Tensor:
    """Elementwise x rounded to ``decimals`` decimal places, halves to even (PyTorch's ``round``).

    With d = ``decimals``: rint(x·10ᵈ) / 10ᵈ for d ≥ 0 and rint(x / 10⁻ᵈ)·10⁻ᵈ for d < 0, in
    x's dtype, as PyTorch and NumPy compute it (so 2.5 → 2, 0.35 → 0.4 in float64 with d = 1,
    where 0.35·10 rounds to 3.5). Gradient 0. Integer tensors take only ``decimals=0``, as in
    PyTorch.
    """
    if not isinstance(decimals, (int, np.integer)) or isinstance(decimals, bool):
        raise TypeError(f"round: decimals must be an int, got {decimals!r}")
    x = as_tensor(x, op="round")
    if decimals == 0:
        return _piecewise_constant(x, "round", np.rint)
    if x._data.dtype.kind != "f":
        raise DtypeError(
            f"round: decimals={decimals} needs a floating-point tensor, got dtype {x.dtype} (as in PyTorch)"
        )
    scale = np.asarray(10.0 ** abs(int(decimals)), dtype=x._data.dtype)

    def rounded(values: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):  # beyond the dtype's range: ±inf, as in PyTorch
            if decimals > 0:
                return np.rint(values * scale) / scale
            return np.rint(values / scale) * scale

    return _piecewise_constant(x, "round", rounded)


def sign(x: Any) -> Tensor:
    """Elementwise −1, 0 or 1 by the sign of x, with sign(NaN) = 0 as in PyTorch; gradient 0.

    Integer tensors keep their dtype, bool tensors are returned as they are (a copy).
    """
    x = as_tensor(x, op="sign")
    kind = x._data.dtype.kind
    if kind == "b":
        return make_tensor(x._data.copy())
    if kind in "iu":
        return make_tensor(np.asarray(np.sign(x._data)))
    return piecewise.piecewise_constant(np.nan_to_num(np.sign(x._data), nan=0.0), x)
