"""Reductions: sum, mean, max, min, prod (primitives), amax, amin, var, std and norm (composites), argmax."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import autograd_core.ops.binary as binary
import autograd_core.ops.dual as dual
import autograd_core.ops.unary as unary
from autograd_core.dtypes import get_default_dtype
from autograd_core.errors import DtypeError
from autograd_core.ops.operands import as_tensor, axis_alias, normalize_axes
from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor, make_tensor
from autograd_core.user_code import warn


def kept_shape(input_shape: tuple[int, ...], axes: tuple[int, ...] | None) -> tuple[int, ...]:
    """The shape of a reduction over ``axes`` with keepdims=True."""
    if axes is None:
        return (1,) * len(input_shape)
    return tuple(1 if i in axes else size for i, size in enumerate(input_shape))


def expand_reduced(grad_out: Any, input_shape: tuple[int, ...], axes: tuple[int, ...] | None) -> Any:
    """Broadcast the gradient of a reduction (an array or a Tensor) back over the reduced axes."""
    return dual.broadcast_to(grad_out.reshape(kept_shape(input_shape, axes)), input_shape)


class Reduction(Primitive):
    """Base of the reductions over ``axes`` (None: all), keeping them as size 1 with ``keepdims``."""

    __slots__ = ("axes", "keepdims", "input_shape")
    shown_parameters = ("axes", "keepdims")

    def __init__(self, axes: tuple[int, ...] | None, keepdims: bool) -> None:
        self.axes = axes
        self.keepdims = keepdims


class Sum(Reduction):
    __slots__ = ()
    name = "sum"
    formula = "∂x = broadcast(g, x.shape)"

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.input_shape = x.shape
        return x.sum(axis=self.axes, keepdims=self.keepdims)

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        return (expand_reduced(grad_out, self.input_shape, self.axes),)


class Mean(Reduction):
    __slots__ = ("count",)
    name = "mean"
    formula = "∂x = broadcast(g, x.shape) / n"

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.input_shape = x.shape
        self.count = x.size if self.axes is None else int(np.prod([x.shape[a] for a in self.axes]))
        if x.dtype.kind in "biu":
            x = x.astype(get_default_dtype())
        if self.count == 0:  # NaN, as in NumPy and PyTorch
            warn("mean: mean of an empty selection is nan", RuntimeWarning)
            return np.full(x.sum(axis=self.axes, keepdims=self.keepdims).shape, np.nan, dtype=x.dtype)
        # Σx / n, as PyTorch computes it (and without ndarray.mean's Python-level overhead).
        return x.sum(axis=self.axes, keepdims=self.keepdims) / self.count

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        scale = 1.0 / self.count if self.count else math.nan  # no element gets it when count is 0
        return (expand_reduced(grad_out * scale, self.input_shape, self.axes),)


class _Extremum(Reduction):
    """max or min over axes; ties share the gradient evenly."""

    __slots__ = ("share",)
    saves = ("x", "share")
    _reduce: Any = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.input_shape = x.shape
        if x.size == 0 and (self.axes is None or any(x.shape[a] == 0 for a in self.axes)):
            # As in NumPy: reducing over an empty axis has no answer; other axes may be empty.
            raise ValueError(f"{self.name} over an axis of length 0 has no identity (shape {x.shape})")
        out = type(self)._reduce(x, axis=self.axes, keepdims=True)
        if x.dtype.kind == "f":
            winners = x == out
            count = winners.sum(axis=self.axes, keepdims=True)
            if not count.all():  # NaN won (NaN ≠ NaN): the NaNs share the gradient, as in PyTorch
                winners |= np.isnan(x) & np.isnan(out)
                count = winners.sum(axis=self.axes, keepdims=True)
            share = winners / count
            self.share = share.astype(x.dtype, copy=False)
        return out if self.keepdims else out.reshape(reduced_shape(x.shape, self.axes))

    def backward(self, grad_out: Any, x: Any, share: np.ndarray) -> tuple[Any, ...]:
        return (expand_reduced(grad_out, self.input_shape, self.axes) * dual.piecewise_constant(share, x),)


class Max(_Extremum):
    __slots__ = ()
    name = "max"
    formula = "∂x = g at the maxima (shared evenly among ties), 0 elsewhere"
    _reduce = staticmethod(np.max)


class Min(_Extremum):
    __slots__ = ()
    name = "min"
    formula = "∂x = g at the minima (shared evenly among ties), 0 elsewhere"
    _reduce = staticmethod(np.min)


class Prod(Reduction):
    __slots__ = ()
    name = "prod"
    formula = "∂xᵢ = g·Πⱼ≠ᵢ xⱼ"
    saves = ("x", "out")

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.input_shape = x.shape
        return x.prod(axis=self.axes, keepdims=self.keepdims)

    def backward(self, grad_out: Any, x: Any, out: Any) -> tuple[Any, ...]:
        grad = expand_reduced(grad_out, self.input_shape, self.axes)
        if not (dual.values_of(x) == 0).any():
            return (grad * (expand_reduced(out, self.input_shape, self.axes) / x),)
        return (grad * _product_of_others(x, self.axes),)


def _product_of_others(x: Any, axes: tuple[int, ...] | None) -> Any:
    """Πⱼ≠ᵢ xⱼ over the reduced axes, without dividing (exact when some xⱼ are 0).

    Moves the reduced axes to the end as one axis of length K, builds K copies in which copy k
    has element k replaced by 1, and multiplies along the last axis: O(K²) work, only used
    when zeros make the division form unusable.
    """
    ndim = x.ndim
    reduced = tuple(range(ndim)) if axes is None else axes
    kept = tuple(a for a in range(ndim) if a not in reduced)
    kept_sizes = tuple(x.shape[a] for a in kept)
    length = int(np.prod([x.shape[a] for a in reduced]))
    flat = x.transpose(kept + reduced).reshape(kept_sizes + (1, length))
    copies = dual.broadcast_to(flat, kept_sizes + (length, length))
    others = dual.where(np.eye(length, dtype=bool), np.ones((), dtype=x.dtype), copies)
    products = others.prod(axis=-1).reshape(kept_sizes + tuple(x.shape[a] for a in reduced))
    return products.transpose(tuple(np.argsort(kept + reduced).tolist()))


def reduced_shape(shape: tuple[int, ...], axes: tuple[int, ...] | None) -> tuple[int, ...]:
    """The shape of a reduction over ``axes`` without keepdims."""
    if axes is None:
        return ()
    return tuple(size for i, size in enumerate(shape) if i not in axes)


# ---------------------------------------------------------------------- functions
def apply_reduction(cls: type[Reduction], x: Any, axis: Any, keepdims: Any, aliases: dict[str, Any]) -> Tensor:
    """Reduce ``x`` with the primitive ``cls``, taking NumPy's and PyTorch's argument names."""
    x = as_tensor(x, op=cls.name)
    axis, keepdims = axis_alias(axis, aliases, cls.name, keepdims)
    axes = normalize_axes(axis, x._data.ndim, cls.name)
    if x._data.ndim == 0:  # a scalar's one axis (0 or -1, as PyTorch allows) is all of it
        axes = None
    return cls(axes, bool(keepdims))(x)


def sum(x: Any, axis: Any = None, keepdims: bool = False, **aliases: Any) -> Tensor:
    """Σ over ``axis`` (an int, a tuple, or None for all axes)."""
    return apply_reduction(Sum, x, axis, keepdims, aliases)


def mean(x: Any, axis: Any = None, keepdims: bool = False, **aliases: Any) -> Tensor:
    """Arithmetic mean over ``axis``."""
    return apply_reduction(Mean, x, axis, keepdims, aliases)


def max(x: Any, axis: Any = None, keepdims: bool = False, **aliases: Any) -> Tensor:
    """Maximum over ``axis`` (NumPy's ``max``); ties share the gradient evenly."""
    return apply_reduction(Max, x, axis, keepdims, aliases)


def min(x: Any, axis: Any = None, keepdims: bool = False, **aliases: Any) -> Tensor:
    """Minimum over ``axis`` (NumPy's ``min``); ties share the gradient evenly."""
    return apply_reduction(Min, x, axis, keepdims, aliases)


def amax(x: Any, axis: Any = None, keepdims: bool = False, **aliases: Any) -> Tensor:
    """Maximum over ``axis``, PyTorch's ``amax``: as :func:`max`, ties sharing the gradient evenly,
    but an empty tuple of axes (PyTorch's default ``dim=()``) reduces every axis."""
    return _extremum_over_every_axis_if_empty(Max, "amax", x, axis, keepdims, aliases)


def amin(x: Any, axis: Any = None, keepdims: bool = False, **aliases: Any) -> Tensor:
    """Minimum over ``axis``, PyTorch's ``amin``: as :func:`min`, ties sharing the gradient evenly,
    but an empty tuple of axes (PyTorch's default ``dim=()``) reduces every axis."""
    return _extremum_over_every_axis_if_empty(Min, "amin", x, axis, keepdims, aliases)


def _extremum_over_every_axis_if_empty(
    cls: type[Reduction], op: str, x: Any, axis: Any, keepdims: Any, aliases: dict[str, Any]
) -> Tensor:
    x = as_tensor(x, op=op)
    axis, keepdims = axis_alias(axis, aliases, op, keepdims)
    if isinstance(axis, (tuple, list)) and not axis:
        axis = None  # PyTorch's dim=() means every axis (NumPy's axis=() would mean none)
    axes = normalize_axes(axis, x._data.ndim, op)
    if x._data.ndim == 0:  # a scalar's one axis (0 or -1, as PyTorch allows) is all of it
        axes = None
    return cls(axes, bool(keepdims))(x)


def prod(x: Any, axis: Any = None, keepdims: bool = False, **aliases: Any) -> Tensor:
    """Π over ``axis``; the gradient is exact also where elements are 0."""
    return apply_reduction(Prod, x, axis, keepdims, aliases)


def var(x: Any, axis: Any = None, keepdims: bool = False, ddof: int = 0, **aliases: Any) -> Tensor:
    """Variance, Σ(x − mean)² / (n − ddof), over ``axis`` (NumPy's ``var``; ``correction`` alias)."""
    x = as_tensor(x, op="var")
    if "correction" in aliases:
        ddof = aliases.pop("correction")
    if "unbiased" in aliases:
        ddof = 1 if aliases.pop("unbiased") else 0
    axis, keepdims = axis_alias(axis, aliases, "var", keepdims)
    axes = None if x.ndim == 0 else normalize_axes(axis, x.ndim, "var")
    count = x.size if axes is None else int(np.prod([x.shape[a] for a in axes]))
    if count - ddof <= 0:  # NaN or inf, as in NumPy and PyTorch, with a warning as both give
        warn(f"var: {count} elements with ddof={ddof} leave no degrees of freedom", RuntimeWarning)
    centered = binary.sub(x, mean(x, axes, keepdims=True))
    squares = sum(binary.mul(centered, centered), axes, keepdims=bool(keepdims))
    with np.errstate(divide="ignore", invalid="ignore"):  # warned above
        return binary.div(squares, float(count - ddof) if count > ddof else 0.0)


def std(x: Any, axis: Any = None, keepdims: bool = False, ddof: int = 0, **aliases: Any) -> Tensor:
    """Standard deviation, √var, over ``axis``.

    Where the variance is 0 the gradient is 0, as in PyTorch (√'s derivative there is
    infinite): √ is taken of the nonzero variances only, and 0 is put in elsewhere.
    """
    variance = var(x, axis, keepdims, ddof, **aliases)
    nonzero = variance._data != 0  # NaN counts as nonzero: it must stay NaN
    if nonzero.all():
        return unary.sqrt(variance)
    safe = binary.where(nonzero, variance, 1.0)
    return binary.where(nonzero, unary.sqrt(safe), 0.0)


def norm(x: Any, p: Any = 2, axis: Any = None, keepdims: bool = False, **aliases: Any) -> Tensor:
    """Vector p-norm over ``axis`` (all elements by default): (Σ|x|ᵖ)^(1/p).

    PyTorch's ``norm`` with a number ``p`` (``torch.linalg.vector_norm``): ``p`` is a positive
    number, ``inf`` (max |x|) or ``-inf`` (min |x|); ``"fro"`` is the 2-norm. ``dim=`` and
    ``keepdim=`` are accepted. As in PyTorch, a norm that is 0 has gradient 0 (the root's
    derivative there is infinite), and so do elements that are 0 (|x|ᵖ's, for p < 1): the
    power and the root are taken of nonzero values only, and 0 is put in elsewhere.
    """
    x = as_tensor(x, op="norm")
    if x._data.dtype.kind != "f":
        raise DtypeError(f"norm: expects a floating-point tensor, got dtype {x.dtype}; cast it with .float()")
    axis, keepdims = axis_alias(axis, aliases, "norm", keepdims)
    if isinstance(p, str) and p == "fro":
        p = 2
    if isinstance(p, (str, bool)) or not isinstance(p, (int, float, np.integer, np.floating)):
        raise ValueError(f"norm: p must be a positive number, inf, -inf or 'fro', got {p!r} (no matrix norms here)")
    p = float(p)
    if not (p > 0 or p == -math.inf):
        raise ValueError(f"norm: p must be a positive number, inf, -inf or 'fro', got {p!r}")
    axes = normalize_axes(axis, x.ndim, "norm")
    if axes == ():
        axes = None  # PyTorch's dim=() means every axis (NumPy's axis=() would mean none)
    if x.ndim == 0:  # a scalar's one axis (0 or -1, as PyTorch allows) is all of it
        axes = None
    keepdims = bool(keepdims)
    if math.isinf(p):
        return (max if p > 0 else min)(unary.absolute(x), axes, keepdims)
    if p == 1:
        return sum(unary.absolute(x), axes, keepdims)
    if p == 2:
        return _power_zero_safe(sum(binary.mul(x, x), axes, keepdims), 0.5)
    return _power_zero_safe(sum(_power_zero_safe(unary.absolute(x), p), axes, keepdims), 1.0 / p)


def _power_zero_safe(x: Tensor, exponent: float) -> Tensor:
    """x ** exponent for x ≥ 0, whose gradient is 0 (not inf or NaN) where x is 0, as std's."""

    def power(base: Tensor) -> Tensor:
        return unary.sqrt(base) if exponent == 0.5 else binary.power(base, exponent)

    nonzero = x._data != 0  # NaN counts as nonzero: it must stay NaN
    if nonzero.all():
        return power(x)
    safe = binary.where(nonzero, x, 1.0)
    return binary.where(nonzero, power(safe), 0.0)


def argmax(x: Any, axis: int | None = None, keepdims: bool = False, **aliases: Any) -> Tensor:
    """Indices of the maxima along ``axis`` (of the flattened tensor if None); not differentiable."""
    return _indices_of(np.argmax, "argmax", x, axis, keepdims, aliases)


def argmin(x: Any, axis: int | None = None, keepdims: bool = False, **aliases: Any) -> Tensor:
    """Indices of the minima along ``axis`` (of the flattened tensor if None); not differentiable."""
    return _indices_of(np.argmin, "argmin", x, axis, keepdims, aliases)


def _indices_of(find: Any, op: str, x: Any, axis: Any, keepdims: bool, aliases: dict[str, Any]) -> Tensor:
    """``find`` (np.argmax or np.argmin) on the array, with the axis checked and named by ``op``."""
    x = as_tensor(x, op=op)
    axis, keepdims = axis_alias(axis, aliases, op, keepdims)
    if axis is not None:
        normalize_axes(axis, x.ndim, op)
    return make_tensor(np.asarray(find(x._data, axis=axis, keepdims=bool(keepdims))))
