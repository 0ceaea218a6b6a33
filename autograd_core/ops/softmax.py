"""logsumexp, softmax and log_softmax: primitives with stable forwards (shift by the maximum)."""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd_core.ops.dual as dual
import autograd_core.ops.reduction as reduction
from autograd_core.ops.operands import axis_alias, floating, normalize_axes
from autograd_core.ops.shape import row_maxima
from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor


def maxima(x: np.ndarray, axis: Any) -> np.ndarray:
    """The maximum over ``axis`` (kept); along the rows of a matrix, see :func:`row_maxima`."""
    if x.ndim == 2 and axis in (1, -1):
        return row_maxima(x)
    return x.max(axis=axis, keepdims=True)


def finite_shift(x: np.ndarray, axes: Any) -> np.ndarray:
    """The maximum over ``axes`` (kept), with non-finite maxima replaced by 0.

    Shifting by it keeps exp from overflowing; replacing ±inf keeps logsumexp of all −inf
    at −inf (and of +inf at +inf) instead of NaN, as in PyTorch.
    """
    if x.size == 0:  # max has no identity for an empty reduction, and there is nothing to shift
        return np.zeros_like(x, shape=reduction.kept_shape(x.shape, axes))
    shift = maxima(x, axes[0] if isinstance(axes, tuple) and len(axes) == 1 else axes)
    if not np.isfinite(shift).all():
        shift = np.where(np.isfinite(shift), shift, 0)
    return shift


class LogSumExp(reduction.Reduction):
    __slots__ = ()
    name = "logsumexp"
    formula = "∂x = g·exp(x − out) = g·softmax(x)"
    saves = ("x", "out")

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.input_shape = x.shape
        shift = finite_shift(x, self.axes)
        with np.errstate(divide="ignore"):
            out = np.log(np.exp(x - shift).sum(axis=self.axes, keepdims=True)) + shift
        return out if self.keepdims else out.reshape(reduction.reduced_shape(x.shape, self.axes))

    def backward(self, grad_out: Any, x: Any, out: Any) -> tuple[Any, ...]:
        out = reduction.expand_reduced(out, self.input_shape, self.axes)
        grad = reduction.expand_reduced(grad_out, self.input_shape, self.axes)
        return (grad * dual.exp(x - out),)


class Softmax(Primitive):
    __slots__ = ("axis",)
    shown_parameters = ("axis",)
    name = "softmax"  # axis None: a scalar
    formula = "∂x = y·(g − Σ g·y),  y = softmax(x)"
    saves = ("out",)

    def __init__(self, axis: int) -> None:
        self.axis = axis

    def forward(self, x: np.ndarray) -> np.ndarray:
        # Shift by the maximum so exp cannot overflow; like PyTorch, a row whose maximum is
        # infinite gives NaN, so the finiteness check of logsumexp is not paid here.
        if x.size == 0:  # an empty softmax is empty (max would refuse an empty axis)
            return x.copy()
        exps = np.exp(x - maxima(x, self.axis))
        return exps / exps.sum(axis=self.axis, keepdims=True)

    def backward(self, grad_out: Any, out: Any) -> tuple[Any, ...]:
        inner = (grad_out * out).sum(axis=self.axis, keepdims=True)
        return (out * (grad_out - inner),)


class LogSoftmax(Primitive):
    __slots__ = ("axis",)
    shown_parameters = ("axis",)
    name = "log_softmax"
    formula = "∂x = g − softmax(x)·Σ g"
    saves = ("out",)

    def __init__(self, axis: int) -> None:
        self.axis = axis

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.size == 0:
            return x.copy()
        shifted = x - maxima(x, self.axis)  # as in Softmax.forward
        return shifted - np.log(np.exp(shifted).sum(axis=self.axis, keepdims=True))

    def backward(self, grad_out: Any, out: Any) -> tuple[Any, ...]:
        total = grad_out.sum(axis=self.axis, keepdims=True)
        return (grad_out - dual.exp(out) * total,)


def _single_axis(x: Tensor, axis: Any, aliases: dict[str, Any], op: str) -> int | None:
    """The one axis to normalize along; None for a scalar (axis 0 or -1), which is its own row."""
    axis, _ = axis_alias(axis, aliases, op, default_axis=-1)
    if not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{op}: axis must be one int, got {axis!r}")
    (normalized,) = normalize_axes(axis, x.ndim, op)  # type: ignore[misc]
    return None if x.ndim == 0 else normalized


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False, **aliases: Any) -> Tensor:
    """log Σ exp(x) over ``axis``, stable for large |x| (shifted by the maximum)."""
    return reduction.apply_reduction(LogSumExp, floating(x, "logsumexp"), axis, keepdims, aliases)


def softmax(x: Any, axis: int = -1, **aliases: Any) -> Tensor:
    """exp(x) / Σ exp(x) along ``axis``, stable for large |x|."""
    x = floating(x, "softmax")
    return Softmax(_single_axis(x, axis, aliases, "softmax"))(x)


def log_softmax(x: Any, axis: int = -1, **aliases: Any) -> Tensor:
    """x − logsumexp(x) along ``axis``, stable for large |x|."""
    x = floating(x, "log_softmax")
    return LogSoftmax(_single_axis(x, axis, aliases, "log_softmax"))(x)
