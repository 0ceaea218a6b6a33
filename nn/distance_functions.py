"""Norms, similarities and distances along an axis (PyTorch's ``normalize``, ``cosine_similarity``,
``pairwise_distance``); re-exported by :mod:`nn.functional`. Compositions of primitives."""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd_core as ag
from autograd_core.ops.operands import as_tensor, axis_alias, floating
from autograd_core.tensor import Tensor


def normalize(input: Any, p: float = 2.0, axis: int = 1, eps: float = 1e-12, out: Any = None, **aliases: Any) -> Tensor:
    """x / max(‖x‖_p, ε) along ``axis`` (PyTorch's ``dim``): unit vectors, with the norm clamped away from 0.

    The clamp is differentiable as PyTorch's ``clamp_min``: where the norm is below ε the
    denominator is the constant ε. ``out`` is not supported (results are new Tensors).
    """
    if out is not None:
        raise TypeError("normalize: out= is not supported; use the returned Tensor")
    axis, _ = axis_alias(axis, aliases, "normalize", default_axis=1)
    x = floating(input, "normalize")
    return x / ag.clip(ag.norm(x, p, axis=axis, keepdims=True), lo=eps)


def _norm_held_above(x: Tensor, axis: int, eps: float) -> Tensor:
    """‖x‖₂ along ``axis`` (kept), raised to ε where smaller, with the derivative of the plain norm.

    PyTorch's cosine_similarity clamps the norms in place outside of autograd, so its gradient
    is that of the unclamped norm even where the value was clamped; adding the clamp as a
    constant reproduces that.
    """
    norm = ag.norm(x, 2, axis=axis, keepdims=True)
    # The shortfall below ε only (not max(norm, ε) − norm, which is inf − inf for an overflowing norm).
    shortfall = np.where(norm.data < eps, eps - norm.data, 0).astype(norm.dtype)
    return norm + shortfall


def cosine_similarity(x1: Any, x2: Any, axis: int = 1, eps: float = 1e-8, **aliases: Any) -> Tensor:
    """Σ (x₁ / max(‖x₁‖, ε)) · (x₂ / max(‖x₂‖, ε)) along ``axis`` (PyTorch's ``dim``); x₁ and x₂ broadcast.

    Each vector is divided by its own norm before the product (PyTorch's order), which keeps
    the result within [−1, 1] for large inputs.
    """
    axis, _ = axis_alias(axis, aliases, "cosine_similarity", default_axis=1)
    a = floating(x1, "cosine_similarity")
    b = as_tensor(x2, a, op="cosine_similarity")
    shape = np.broadcast_shapes(a.shape, b.shape)
    a, b = ag.broadcast_to(a, shape), ag.broadcast_to(b, shape)
    return ((a / _norm_held_above(a, axis, eps)) * (b / _norm_held_above(b, axis, eps))).sum(axis=axis)


def pairwise_distance(x1: Any, x2: Any, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> Tensor:
    """‖x₁ − x₂ + ε‖_p along the last axis (x₁ and x₂ broadcast), as PyTorch computes it.

    ε is added to the difference, so equal vectors are ε·n^(1/p) apart, not 0.
    """
    a = floating(x1, "pairwise_distance")
    b = as_tensor(x2, a, op="pairwise_distance")
    difference = a - b + eps
    if difference.ndim == 0:  # one 1-element vector; the distance is 0-D, kept or not (PyTorch's)
        return ag.norm(difference.reshape((1,)), p, axis=-1)
    return ag.norm(difference, p, axis=-1, keepdims=keepdim)
