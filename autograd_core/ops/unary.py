"""Unary elementwise primitives: exp, log, log1p, expm1, sqrt, trigonometric and activation functions;
and square, reciprocal and rsqrt by composition."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

import autograd_core.ops.binary as binary
import autograd_core.ops.constants as constants
import autograd_core.ops.dual as dual
from autograd_core.errors import DtypeError, InputError
from autograd_core.ops.erf import erf_array
from autograd_core.ops.operands import as_tensor, floating, operands
from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor, make_tensor

_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


class Exp(Primitive):
    __slots__ = ()
    name = "exp"
    formula = "∂x = g·exp(x)"
    saves = ("out",)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.exp(x)

    def backward(self, grad_out: Any, out: Any) -> tuple[Any, ...]:
        return (grad_out * out,)


class Expm1(Primitive):
    """eˣ − 1, exact near 0 where ``exp(x) - 1`` loses every digit below eˣ's rounding."""

    __slots__ = ()
    name = "expm1"
    formula = "∂x = g·exp(x)"
    saves = ("x",)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.expm1(x)

    def backward(self, grad_out: Any, x: Any) -> tuple[Any, ...]:
        # exp(x), not expm1(x) + 1, which rounds to 0 for x below about −37.
        return (grad_out * dual.exp(x),)


class Log(Primitive):
    __slots__ = ()
    name = "log"
    formula = "∂x = g / x"
    saves = ("x",)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.log(x)

    def backward(self, grad_out: Any, x: Any) -> tuple[Any, ...]:
        return (grad_out / x,)


class Log1p(Primitive):
    """log(1 + x), exact near 0 where ``log(1 + x)`` loses the digits of x below 1's rounding."""

    __slots__ = ()
    name = "log1p"
    formula = "∂x = g / (1 + x)"
    saves = ("x",)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.log1p(x)

    def backward(self, grad_out: Any, x: Any) -> tuple[Any, ...]:
        return (grad_out / (x + 1.0),)


class Sqrt(Primitive):
    __slots__ = ()
    name = "sqrt"
    formula = "∂x = g / (2·√x)"
    saves = ("out",)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.sqrt(x)

    def backward(self, grad_out: Any, out: Any) -> tuple[Any, ...]:
        return (grad_out * 0.5 / out,)


class Tanh(Primitive):
    __slots__ = ()
    name = "tanh"
    formula = "∂x = g·(1 − tanh²(x))"
    saves = ("out",)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.tanh(x)

    def backward(self, grad_out: Any, out: Any) -> tuple[Any, ...]:
        return (grad_out * (1.0 - out * out),)


class Sigmoid(Primitive):
    __slots__ = ()
    name = "sigmoid"
    formula = "∂x = g·σ(x)·(1 − σ(x))"
    saves = ("out",)

    def forward(self, x: np.ndarray) -> np.ndarray:
        # exp of a non-positive number only: no overflow for any x.
        decay = np.exp(-np.abs(x))
        return np.exp(np.minimum(x, 0)) / (1 + decay)

    def backward(self, grad_out: Any, out: Any) -> tuple[Any, ...]:
        return (grad_out * (out * (1.0 - out)),)


class Relu(Primitive):
    __slots__ = ()
    name = "relu"
    formula = "∂x = g·[x > 0]"
    saves = ("x",)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.maximum(x, constants.zeros_for(x))

    def backward(self, grad_out: Any, x: Any) -> tuple[Any, ...]:
        # A mask of x's dtype: NumPy multiplies two floats in about half the time of a float and a bool.
        return (grad_out * dual.piecewise_constant((dual.values_of(x) > 0).astype(x.dtype), x),)


class LeakyRelu(Primitive):
    __slots__ = ("negative_slope",)
    shown_parameters = ("negative_slope",)
    name = "leaky_relu"
    formula = "∂x = g·(1 if x > 0 else negative_slope)"
    saves = ("x",)

    def __init__(self, negative_slope: float) -> None:
        self.negative_slope = negative_slope

    def forward(self, x: np.ndarray) -> np.ndarray:
        scaled = x * np.asarray(self.negative_slope, dtype=x.dtype)
        if 0.0 < self.negative_slope <= 1.0:
            # max(x, slope·x) is the same, infinities, NaN and signed zeros included, and about
            # five times as fast as np.where for a batch of activations.
            return np.maximum(x, scaled)
        return np.where(x > 0, x, scaled)

    def backward(self, grad_out: Any, x: Any) -> tuple[Any, ...]:
        slope = np.where(dual.values_of(x) > 0, 1.0, self.negative_slope).astype(x.dtype)
        return (grad_out * dual.piecewise_constant(slope, x),)


class Erf(Primitive):
    __slots__ = ()
    name = "erf"
    formula = "∂x = g·(2/√π)·exp(−x²)"
    saves = ("x",)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return erf_array(x)

    def backward(self, grad_out: Any, x: Any) -> tuple[Any, ...]:
        return (grad_out * (dual.exp(-(x * x)) * _TWO_OVER_SQRT_PI),)


class Gelu(Primitive):
    """Exact GELU, x·Φ(x) with Φ the standard normal CDF."""

    __slots__ = ()
    name = "gelu"
    formula = "∂x = g·(Φ(x) + x·φ(x))"
    saves = ("x",)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x * (0.5 * (1.0 + erf_array(x * _SQRT_HALF))).astype(x.dtype, copy=False)

    def backward(self, grad_out: Any, x: Any) -> tuple[Any, ...]:
        cdf = (dual.erf(x * _SQRT_HALF) + 1.0) * 0.5
        pdf = dual.exp(x * x * -0.5) * _INV_SQRT_2PI
        return (grad_out * (cdf + x * pdf),)


class Sin(Primitive):
    __slots__ = ()
    name = "sin"
    formula = "∂x = g·cos(x)"
    saves = ("x",)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.sin(x)

    def backward(self, grad_out: Any, x: Any) -> tuple[Any, ...]:
        return (grad_out * dual.cos(x),)


class Cos(Primitive):
    __slots__ = ()
    name = "cos"
    formula = "∂x = −g·sin(x)"
    saves = ("x",)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.cos(x)

    def backward(self, grad_out: Any, x: Any) -> tuple[Any, ...]:
        return (-(grad_out * dual.sin(x)),)


class Absolute(Primitive):
    __slots__ = ()
    name = "abs"
    formula = "∂x = g·sign(x)"
    saves = ("x",)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return np.abs(x)

    def backward(self, grad_out: Any, x: Any) -> tuple[Any, ...]:
        sign = np.sign(dual.values_of(x))
        if np.isnan(sign).any():  # sign(NaN) counts as 0, as in PyTorch
            sign = np.nan_to_num(sign, nan=0.0)
        return (grad_out * dual.piecewise_constant(sign, x),)


class Clip(Primitive):
    """min(max(x, lo), hi) with the bounds as inputs, so that Tensor bounds get gradients too.

    As in PyTorch's ``clamp``: x gets the gradient where lo ≤ x ≤ hi (ties included), lo
    where it wins (x < lo ≤ hi), hi where it caps (max(x, lo) > hi, also when lo > hi).
    A missing bound is the dtype's extreme, which never wins.
    """

    __slots__ = ()
    name = "clip"
    formula = "∂x = g·[lo ≤ x ≤ hi],  ∂lo = g·[x < lo ≤ hi],  ∂hi = g·[max(x, lo) > hi]"
    saves = ("x", "lo", "hi")

    def forward(self, x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        return np.minimum(np.maximum(x, lo), hi)

    def backward(self, grad_out: Any, x: Any, lo: Any, hi: Any) -> tuple[Any, ...]:
        x_values, lo_values, hi_values = dual.values_of(x), dual.values_of(lo), dual.values_of(hi)
        needs = self.needs_input_grad
        masks = (
            (lo_values <= x_values) & (x_values <= hi_values) if needs[0] else None,
            (x_values < lo_values) & (lo_values <= hi_values) if needs[1] else None,
            np.maximum(x_values, lo_values) > hi_values if needs[2] else None,
        )
        return tuple(None if mask is None else grad_out * dual.piecewise_constant(mask, x, lo, hi) for mask in masks)


class Cast(Primitive):
    __slots__ = ("dtype",)
    shown_parameters = ("dtype",)
    name = "astype"
    formula = "∂x = g cast back to x's dtype"

    def __init__(self, dtype: np.dtype) -> None:
        self.dtype = dtype

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x.astype(self.dtype)

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        return (grad_out.astype(self.inputs[0].dtype),)


class Clone(Cast):
    """A copy in the graph: a cast to the same dtype."""

    __slots__ = ()
    shown_parameters = ()
    name = "clone"
    formula = "∂x = g"


# ---------------------------------------------------------------------- functions
def exp(x: Any) -> Tensor:
    """Elementwise e**x."""
    return Exp()(floating(x, "exp"))


def expm1(x: Any) -> Tensor:
    """Elementwise eˣ − 1, accurate for x near 0 (the ELU family's negative branch)."""
    return Expm1()(floating(x, "expm1"))


def log(x: Any) -> Tensor:
    """Elementwise natural logarithm."""
    return Log()(floating(x, "log"))


def log1p(x: Any) -> Tensor:
    """Elementwise log(1 + x), accurate for x near 0 (softplus of very negative numbers)."""
    return Log1p()(floating(x, "log1p"))


def sqrt(x: Any) -> Tensor:
    """Elementwise square root."""
    return Sqrt()(floating(x, "sqrt"))


def rsqrt(x: Any) -> Tensor:
    """Elementwise 1 / √x (PyTorch's ``rsqrt``), computed as that quotient, as PyTorch does.

    ∂/∂x = −½·x^(−3/2), from the quotient and the root.
    """
    return binary.div(1, sqrt(x))


def square(x: Any) -> Tensor:
    """Elementwise x², as x ** 2 (∂/∂x = 2x). Integers stay integers; bools become int64, as in PyTorch."""
    x = as_tensor(x, op="square")
    if x._data.dtype.kind == "b":
        x = make_tensor(x._data.astype(np.int64))
    return binary.power(x, 2)


def reciprocal(x: Any) -> Tensor:
    """Elementwise 1 / x (∂/∂x = −1/x²); integers and bools give the default float dtype."""
    return binary.div(1, floating(x, "reciprocal"))


def tanh(x: Any) -> Tensor:
    """Elementwise hyperbolic tangent."""
    return Tanh()(floating(x, "tanh"))


def sigmoid(x: Any) -> Tensor:
    """Elementwise logistic function σ(x) = 1 / (1 + e^−x), without overflow for any x."""
    return Sigmoid()(floating(x, "sigmoid"))


def relu(x: Any) -> Tensor:
    """Elementwise max(x, 0); the derivative at 0 is 0, as in PyTorch."""
    x = x if isinstance(x, Tensor) else as_tensor(x, op="relu")
    if x._data.dtype.kind == "b":
        raise DtypeError("relu: Boolean inputs not supported for relu (as in PyTorch)")
    return Relu()(x)


def leaky_relu(x: Any, negative_slope: float = 0.01) -> Tensor:
    """Elementwise x if x > 0 else negative_slope·x."""
    return LeakyRelu(negative_slope)(floating(x, "leaky_relu"))


def erf(x: Any) -> Tensor:
    """The error function, erf(x) = (2/√π) ∫₀ˣ e^(−t²) dt."""
    return Erf()(floating(x, "erf"))


def gelu(x: Any, approximate: str = "none") -> Tensor:
    """Gaussian error linear unit.

    ``approximate="none"`` is exact, x·Φ(x) = x·½(1 + erf(x/√2)) (PyTorch's default);
    ``approximate="tanh"`` is ½x(1 + tanh(√(2/π)(x + 0.044715x³))), built from primitives.
    """
    x = floating(x, "gelu")
    if approximate == "none":
        return Gelu()(x)
    if approximate == "tanh":
        inner = binary.mul(binary.add(x, binary.mul(binary.power(x, 3), 0.044715)), math.sqrt(2.0 / math.pi))
        return binary.mul(binary.mul(x, 0.5), binary.add(tanh(inner), 1.0))
    raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")


def sin(x: Any) -> Tensor:
    """Elementwise sine."""
    return Sin()(floating(x, "sin"))


def cos(x: Any) -> Tensor:
    """Elementwise cosine."""
    return Cos()(floating(x, "cos"))


def absolute(x: Any) -> Tensor:
    """Elementwise |x|; the derivative at 0 is 0."""
    return Absolute()(as_tensor(x, op="abs"))


def clip(x: Any, lo: Any = None, hi: Any = None, **aliases: Any) -> Tensor:
    """Limit values to [lo, hi] (either may be None), PyTorch's ``clamp``.

    The bounds are numbers, arrays or Tensors that broadcast with ``x``; Tensor bounds that
    require grad get their gradient (where they win). The gradient flows to ``x`` where
    lo ≤ x ≤ hi. An integer tensor meeting a float bound gives a float result, as in PyTorch.
    ``min=`` and ``max=`` are accepted for ``lo`` and ``hi``, as PyTorch's ``clamp`` and
    NumPy's ``clip`` spell them.
    """
    if aliases:
        unknown = set(aliases) - {"min", "max"}
        if unknown:
            raise TypeError(f"clip: unexpected keyword argument(s) {sorted(unknown)}")
        lo = aliases.get("min", lo)
        hi = aliases.get("max", hi)
    if lo is None and hi is None:
        raise InputError("clip: at least one of lo and hi must be given")
    x = as_tensor(x, op="clip")
    bounds = []
    for bound in (lo, hi):
        if bound is not None:
            x, bound = operands(x, bound, "clip")
        bounds.append(bound)
    dtype = x._data.dtype
    lo, hi = (
        _extreme(dtype, side) if bound is None else _promoted(bound, dtype) for bound, side in zip(bounds, (-1, 1))
    )
    return Clip()(x, lo, hi)


def _promoted(bound: Tensor, dtype: np.dtype) -> Tensor:
    """An integer bound of a tensor that became floating (through the other bound) follows it."""
    if bound._data.dtype.kind != "f" and dtype.kind == "f":
        return make_tensor(bound._data.astype(dtype))
    return bound


def _extreme(dtype: np.dtype, side: int) -> Tensor:
    """The bound that never binds: ∓inf, or the integer dtype's limits."""
    if dtype.kind == "f":
        value: Any = side * np.inf
    elif dtype.kind == "b":
        value = side > 0
    else:
        limits = np.iinfo(dtype)
        value = limits.max if side > 0 else limits.min
    return make_tensor(np.array(value, dtype=dtype))


def clone(x: Any) -> Tensor:
    """A copy of ``x`` that stays in the graph (PyTorch's ``clone``): the gradient passes unchanged."""
    x = as_tensor(x, op="clone")
    return Clone(x._data.dtype)(x)


def astype(x: Any, dtype: Any) -> Tensor:
    """Cast to ``dtype``; differentiable between floating dtypes."""
    x = as_tensor(x, op="astype")
    dtype = np.dtype(dtype)
    if dtype.kind not in "biuf":
        raise TypeError(f"astype: tensors hold numbers (bool, integer or floating dtypes), got dtype {dtype}")
    if dtype == x._data.dtype:
        return x
    return Cast(dtype)(x)
