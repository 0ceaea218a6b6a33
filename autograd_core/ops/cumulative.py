"""Cumulative sums: the one scan primitive, whose adjoint is the same scan run backwards."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core.ops.operands import as_tensor, axis_alias, normalize_axes
from autograd_core.ops.shape import reshape
from autograd_core.ops.unary import astype
from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor


class CumSum(Primitive):
    """Running sums along ``axis``: outᵢ = Σⱼ≤ᵢ xⱼ, or Σⱼ≥ᵢ xⱼ with ``reverse``.

    Each xⱼ appears in every outᵢ with i ≥ j, so ∂xⱼ = Σᵢ≥ⱼ gᵢ: the reversed scan of g. That
    is this primitive again with ``reverse`` flipped, so gradients of any order come for free.
    """

    __slots__ = ("axis", "reverse")
    shown_parameters = ("axis", "reverse")
    name = "cumsum"
    formula = "∂x = cumsum of g taken from the other end of the axis"

    def __init__(self, axis: int, reverse: bool = False) -> None:
        self.axis = axis
        self.reverse = reverse

    def forward(self, x: np.ndarray) -> np.ndarray:
        if not self.reverse:
            return np.cumsum(x, axis=self.axis)
        return np.flip(np.cumsum(np.flip(x, self.axis), axis=self.axis), self.axis)

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        adjoint = CumSum(self.axis, not self.reverse)
        return (adjoint.forward(grad_out) if grad_out.__class__ is np.ndarray else adjoint(grad_out),)


def cumsum(x: Any, axis: Any = None, *, dtype: Any = None, **aliases: Any) -> Tensor:
    """Running sums along ``axis`` (PyTorch's ``cumsum(dim)``; ``dim=`` accepted).

    out[..., i, ...] = Σⱼ≤ᵢ x[..., j, ...]. Integer and bool tensors give int64, as in PyTorch.
    The axis is required (NumPy's flattening ``axis=None`` is not PyTorch's meaning).
    """
    x = as_tensor(x, op="cumsum")
    if dtype is not None:  # PyTorch's dtype=: cast first (differentiably between floats)
        x = astype(x, dtype)
    axis, _ = axis_alias(axis, aliases, "cumsum")
    if axis is None:  # optional in the signature only so that PyTorch's dim= can stand for it
        raise TypeError("cumsum: missing the axis (axis= or dim=)")
    if not isinstance(axis, (int, np.integer)):
        raise TypeError(f"cumsum: axis must be an int, got {axis!r}")
    axis = normalize_axes(axis, x.ndim, "cumsum")[0]  # type: ignore[index]
    if x.dtype.kind in "bui" and x.dtype != np.int64:
        x = as_tensor(x._data.astype(np.int64))
    if x.ndim == 0:  # a scalar's one axis (0 or -1): the running sum is the value itself
        return reshape(CumSum(0)(reshape(x, (1,))), ())
    return CumSum(axis)(x)
