"""Activation functions beyond the primitives, PyTorch's formulas; re-exported by :mod:`nn.functional`.

Each is a composition of autograd_core primitives, so first and second derivatives come from
theirs. Where a function has a kink, its derivative there is PyTorch's choice: the pieces are
joined with ``where`` on a constant mask that puts the kink on the side PyTorch's backward
does. ``inplace`` is accepted where PyTorch has it, as by :func:`nn.functional.relu`: the
result is always a new Tensor.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd_core as ag
from autograd_core.errors import InputError
from autograd_core.ops.operands import as_tensor, axis_alias, floating
from autograd_core.tensor import Tensor
from nn.loss_functions import log_one_plus_exp

# SELU's constants (Klambauer et al., 2017), to PyTorch's digits.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _negative_branch(x: Tensor) -> Tensor:
    """x where x ≤ 0, else 0 (a constant there): the argument of an exponential branch that must
    not overflow for large positive x, with derivative 1 at 0 (unlike ``minimum``, which splits it)."""
    return ag.where(x.data > 0, np.zeros((), dtype=x.dtype), x)


def _exponential_branch(x: Tensor, alpha: float, input_scale: float) -> Tensor:
    """α(e^(sx) − 1) for x < 0, and its tangent α·s·x at x = 0: the negative side of ELU, CELU and
    SELU, with derivative αs at 0 as in PyTorch, and second derivative 0 there (PyTorch's double
    backward counts 0 on the linear side), where the exponential alone would give αs²."""
    exponential = ag.expm1(_negative_branch(x) * input_scale) * alpha
    return ag.where(x.data < 0, exponential, x * (alpha * input_scale))


def _hard_clip(x: Tensor, low: float, high: float) -> Tensor:
    """x clipped to [low, high], with derivative 1 strictly inside and 0 at and beyond the bounds.

    That is PyTorch's hardtanh (and relu6) derivative; ``clip``'s includes the bounds.
    """
    values = x.data
    inside = (values > low) & (values < high)
    return ag.where(inside, x, np.clip(values, low, high).astype(x.dtype, copy=False))


def elu(input: Any, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """Exponential linear unit: x for x > 0, α(eˣ − 1) for x ≤ 0.

    The derivative is 1 for x > 0 and αeˣ for x ≤ 0 (α at 0, as in PyTorch, with second
    derivative 0 there). eˣ − 1 is ``expm1``, exact near 0, and is taken of min(x, 0) only, so
    large x cannot overflow.
    """
    x = floating(input, "elu")
    return ag.where(x.data > 0, x, _exponential_branch(x, alpha, 1.0))


def celu(input: Any, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """Continuously differentiable ELU: max(0, x) + min(0, α(e^(x/α) − 1)).

    Raises
    ------
    ValueError
        If α is 0 (the formula divides by it).
    """
    if alpha == 0:
        raise ValueError("celu: alpha must not be zero (the formula divides by it)")
    x = floating(input, "celu")
    return ag.where(x.data > 0, x, _exponential_branch(x, alpha, 1.0 / alpha))


def selu(input: Any, inplace: bool = False) -> Tensor:
    """Scaled ELU: λ·elu(x, α) with PyTorch's α ≈ 1.6733 and λ ≈ 1.0507 (self-normalizing)."""
    x = floating(input, "selu")
    return ag.where(x.data > 0, x * SELU_SCALE, _exponential_branch(x, SELU_ALPHA * SELU_SCALE, 1.0))


def silu(input: Any, inplace: bool = False) -> Tensor:
    """Sigmoid linear unit (swish): x·σ(x), finite for any x."""
    x = floating(input, "silu")
    return x * ag.sigmoid(x)


def mish(input: Any, inplace: bool = False) -> Tensor:
    """x·tanh(softplus(x)), with softplus(x) = log(1 + eˣ) computed stably for any x."""
    x = floating(input, "mish")
    return x * ag.tanh(log_one_plus_exp(x))


def hardtanh(input: Any, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> Tensor:
    """x clipped to [min_val, max_val]; derivative 1 strictly inside, 0 at the bounds (PyTorch's).

    Raises
    ------
    ValueError
        If ``max_val`` < ``min_val``.
    """
    if max_val < min_val:
        raise ValueError(f"hardtanh: max_val ({max_val}) must not be less than min_val ({min_val})")
    return _hard_clip(floating(input, "hardtanh"), min_val, max_val)


def relu6(input: Any, inplace: bool = False) -> Tensor:
    """min(max(x, 0), 6): hardtanh on [0, 6], so the derivative is 0 at 0 and at 6 (PyTorch's)."""
    return _hard_clip(floating(input, "relu6"), 0.0, 6.0)


def hardsigmoid(input: Any, inplace: bool = False) -> Tensor:
    """Piecewise-linear sigmoid: relu6(x + 3) / 6, i.e. 0, x/6 + ½, 1.

    The derivative is 1/6 for −3 < x < 3 and 0 elsewhere (also at ±3), as in PyTorch, whose
    float64 kernel uses the float32 value of 1/6 (a relative difference of 3·10⁻⁸).
    """
    x = floating(input, "hardsigmoid")
    return _hard_clip(x / 6.0 + 0.5, 0.0, 1.0)


def hardswish(input: Any, inplace: bool = False) -> Tensor:
    """x·relu6(x + 3) / 6: 0 for x ≤ −3, x for x ≥ 3, x(x + 3)/6 between.

    The derivative is 0 at −3, 1 at 3 and x/3 + ½ strictly between, as in PyTorch.
    """
    x = floating(input, "hardswish")
    return x * _hard_clip(x + 3.0, 0.0, 6.0) / 6.0


def logsigmoid(input: Any) -> Tensor:
    """log σ(x) = −softplus(−x), exact for any x (−x itself for very negative x)."""
    return -log_one_plus_exp(-floating(input, "logsigmoid"))


def softsign(input: Any) -> Tensor:
    """x / (1 + |x|), with derivative 1 / (1 + |x|)²."""
    x = floating(input, "softsign")
    return x / (ag.absolute(x) + 1.0)


def tanhshrink(input: Any) -> Tensor:
    """x − tanh(x)."""
    x = floating(input, "tanhshrink")
    return x - ag.tanh(x)


def _nan_else_zero(values: np.ndarray) -> np.ndarray:
    """The constant that the shrinks give between ±λ: 0, or NaN where the input is NaN (PyTorch
    passes a NaN through, with gradient 0)."""
    return np.where(np.isnan(values), values, np.zeros((), dtype=values.dtype))


def softshrink(input: Any, lambd: float = 0.5) -> Tensor:
    """Soft thresholding: x − λ for x > λ, x + λ for x < −λ, 0 between (and at ±λ); NaN stays NaN.

    Raises
    ------
    ValueError
        If λ is negative.
    """
    if lambd < 0:
        raise ValueError(f"softshrink: lambd must be greater or equal to 0, got {lambd}")
    x = floating(input, "softshrink")
    values = x.data
    shift = np.where(values > 0, lambd, -lambd).astype(x.dtype)
    return ag.where(np.abs(values) > lambd, x - shift, _nan_else_zero(values))


def hardshrink(input: Any, lambd: float = 0.5) -> Tensor:
    """Hard thresholding: x where |x| > λ, else 0 (derivative 0 at ±λ, as in PyTorch)."""
    x = floating(input, "hardshrink")
    return ag.where(np.abs(x.data) > lambd, x, _nan_else_zero(x.data))


def threshold(input: Any, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """x where x > ``threshold`` (or x is NaN), else ``value`` (a constant: derivative 0 there and
    at the threshold)."""
    x = as_tensor(input, op="threshold")
    return ag.where(~(x.data <= threshold), x, np.asarray(value, dtype=x.dtype))


def prelu(input: Any, weight: Any) -> Tensor:
    """Parametric ReLU: x for x > 0, a·x otherwise, with a learnable slope a.

    ``weight`` holds one slope, or one per channel of axis 1 (the only channel of a 0- or 1-D
    input), broadcast over the other axes as in PyTorch. The slope's derivative is x where
    x ≤ 0, the input's is 1 for x > 0 and a for x ≤ 0.

    Raises
    ------
    InputError
        If ``weight`` is not a scalar or 1-D, or its size is neither 1 nor the channel count.
    """
    x = floating(input, "prelu")
    slope = as_tensor(weight, x, op="prelu")
    if slope.ndim > 1:
        raise InputError(f"prelu: expected weight to be a scalar or 1-D, got shape {slope.shape}")
    channels = x.shape[1] if x.ndim >= 2 else 1
    if slope.size not in (1, channels):
        raise InputError(
            f"prelu: weight has {slope.size} parameters but the input of shape {x.shape} has "
            f"{channels} channel(s) (axis 1); expected 1 or {channels}"
        )
    if slope.ndim == 1 and x.ndim >= 2:
        slope = slope.reshape((1, slope.size) + (1,) * (x.ndim - 2))
    elif slope.ndim == 1:
        slope = slope.reshape(())
    # At x = 0 the slope enters as a constant: the derivative in x is still a, and the mixed
    # second derivative (d/dx of the slope's gradient x) is 0 there, as in PyTorch.
    at_zero = x * slope.data
    return ag.where(x.data > 0, x, ag.where(x.data < 0, slope * x, at_zero))


def glu(input: Any, axis: int = -1, **aliases: Any) -> Tensor:
    """Gated linear unit: a·σ(b), with a and b the first and second halves of ``input`` along
    ``axis`` (PyTorch's ``dim``).

    Raises
    ------
    InputError
        For a 0-D input or an odd size along ``dim``.
    """
    dim, _ = axis_alias(axis, aliases, "glu", default_axis=-1)
    x = floating(input, "glu")
    if x.ndim == 0:
        raise InputError("glu: does not support scalars because the halving size must be even")
    axis = dim + x.ndim if dim < 0 else dim
    if not 0 <= axis < x.ndim:
        raise InputError(f"glu: dim {dim} is out of range for an input of shape {x.shape}")
    if x.shape[axis] % 2:
        raise InputError(f"glu: halving dimension must be even, but dimension {dim} of shape {x.shape} is odd")
    first, second = ag.split(x, 2, axis=axis)
    return first * ag.sigmoid(second)
