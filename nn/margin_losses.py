"""Margin and embedding losses, PyTorch's formulas and arguments; re-exported by :mod:`nn.functional`.

``reduction`` and the deprecated ``size_average``/``reduce`` work as in :mod:`nn.loss_functions`.
Hinges max(0, z) are ``clip(z, lo=0)``, whose derivative at z = 0 is 1, as PyTorch's
``clamp_min`` gives.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd_core as ag
from autograd_core.errors import InputError
from autograd_core.ops.operands import as_tensor
from autograd_core.tensor import Tensor
from nn.distance_functions import pairwise_distance
from nn.loss_functions import _check_reduction, _constant, _prepare, _reduce, legacy_reduction, log_one_plus_exp


def _hinge(z: Tensor) -> Tensor:
    return ag.clip(z, lo=0.0)


def _labels(target: Any, like: Tensor, op: str) -> np.ndarray:
    """A ±1 target as a constant array of ``like``'s dtype."""
    values = target.data if isinstance(target, Tensor) else np.asarray(target)
    return values.astype(like.dtype, copy=False)


def soft_margin_loss(
    input: Any, target: Any, size_average: bool | None = None, reduce: bool | None = None, reduction: str = "mean"
) -> Tensor:
    """Two-class logistic loss log(1 + e^(−y·x)) for labels y = ±1, exact for any y·x."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    x, y = _prepare(input, target, "soft_margin_loss", reduction)
    return _reduce(log_one_plus_exp(-(x * y)), reduction)


def margin_ranking_loss(
    input1: Any,
    input2: Any,
    target: Any,
    margin: float = 0.0,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """max(0, −y·(x₁ − x₂) + margin): x₁ should rank above x₂ where y = 1, below where y = −1.

    Raises
    ------
    InputError
        If the three shapes differ.
    """
    op = "margin_ranking_loss"
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction, op)
    x1 = as_tensor(input1, op=op)
    x2 = as_tensor(input2, x1, op=op)
    target_shape = tuple(np.shape(target.data if isinstance(target, Tensor) else target))
    if not x1.shape == x2.shape == target_shape:
        raise InputError(
            f"{op}: input1 {x1.shape}, input2 {x2.shape} and target {target_shape} must have the same shape"
        )
    y = as_tensor(target, x1, op=op).astype(x1.dtype)
    return _reduce(_hinge(-y * (x1 - x2) + margin), reduction)


def hinge_embedding_loss(
    input: Any,
    target: Any,
    margin: float = 1.0,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """x where y = 1, max(0, margin − x) where y = −1 (x is usually a distance); then reduced.

    As in PyTorch, a label that is neither 1 nor −1 gives x + max(0, margin − x).
    """
    op = "hinge_embedding_loss"
    reduction = legacy_reduction(size_average, reduce, reduction)
    x, y = _prepare(input, target, op, reduction)
    labels = _labels(y, x, op)
    zero = np.zeros((), dtype=x.dtype)
    losses = ag.where(labels != 1, _hinge(margin - x), zero) + ag.where(labels != -1, x, zero)
    return _reduce(losses, reduction)


def cosine_embedding_loss(
    input1: Any,
    input2: Any,
    target: Any,
    margin: float = 0.0,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """1 − cos(x₁, x₂) where y = 1, max(0, cos(x₁, x₂) − margin) where y = −1.

    cos = Σx₁x₂ / √((Σx₁² + 10⁻¹²)(Σx₂² + 10⁻¹²)) along the feature axis (PyTorch's formula);
    inputs are (N, D) with a target of shape (N,), or (D,) with a scalar target.
    """
    op = "cosine_embedding_loss"
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction, op)
    x1 = as_tensor(input1, op=op)
    x2 = as_tensor(input2, x1, op=op)
    labels = _labels(target, x1, op)
    if x1.shape != x2.shape or x1.ndim not in (1, 2) or labels.shape != x1.shape[:-1]:
        raise InputError(
            f"{op}: expected inputs of one shape (N, D) or (D,) and a target of shape (N,) or (), "
            f"got {x1.shape}, {x2.shape} and {labels.shape}"
        )
    axis = x1.ndim - 1
    epsilon = 1e-12
    product = (x1 * x2).sum(axis=axis)
    cosine = product / ag.sqrt(((x1 * x1).sum(axis=axis) + epsilon) * ((x2 * x2).sum(axis=axis) + epsilon))
    zero = np.zeros((), dtype=x1.dtype)
    losses = ag.where(labels == 1, 1.0 - cosine, zero) + ag.where(labels == -1, _hinge(cosine - margin), zero)
    return _reduce(losses, reduction)


def triplet_margin_loss(
    anchor: Any,
    positive: Any,
    negative: Any,
    margin: float = 1.0,
    p: float = 2,
    eps: float = 1e-6,
    swap: bool = False,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """max(0, d(a, p) − d(a, n) + margin) with d the :func:`~nn.functional.pairwise_distance`.

    ``swap`` uses min(d(a, n), d(p, n)) as the negative distance (Balntas et al., 2016).
    Inputs are (N, D) or (D,), all of the same number of axes.
    """
    op = "triplet_margin_loss"
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction, op)
    if margin <= 0:
        raise ValueError(f"{op}: margin must be greater than 0, got {margin}")
    a = as_tensor(anchor, op=op)
    positive_t, negative_t = as_tensor(positive, a, op=op), as_tensor(negative, a, op=op)
    if not a.ndim == positive_t.ndim == negative_t.ndim or a.ndim not in (1, 2):
        raise InputError(
            f"{op}: anchor {a.shape}, positive {positive_t.shape} and negative {negative_t.shape} "
            "must all be (N, D) or all (D,)"
        )
    positive_distance = pairwise_distance(a, positive_t, p, eps)
    negative_distance = pairwise_distance(a, negative_t, p, eps)
    if swap:
        negative_distance = ag.minimum(negative_distance, pairwise_distance(positive_t, negative_t, p, eps))
    return _reduce(_hinge(positive_distance - negative_distance + margin), reduction)


def multilabel_soft_margin_loss(
    input: Any,
    target: Any,
    weight: Any = None,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """Mean over the C classes of −(y·log σ(x) + (1 − y)·log σ(−x)), each class weighted by ``weight``.

    ``input`` is (N, C) or (C,), ``target`` 0/1 labels of its shape; each sample's loss is
    averaged over its classes before ``reduction`` (as in PyTorch), exact for any logit.
    """
    op = "multilabel_soft_margin_loss"
    reduction = legacy_reduction(size_average, reduce, reduction)
    x, y = _prepare(input, target, op, reduction)
    if x.ndim == 0:
        raise InputError(f"{op}: the input needs a class axis, got a scalar")
    # −log σ(x) = softplus(−x) and −log σ(−x) = softplus(x).
    losses = y * log_one_plus_exp(-x) + (1.0 - y) * log_one_plus_exp(x)
    class_weight = _constant(weight, x)
    if class_weight is not None:
        losses = losses * class_weight
    return _reduce(losses.sum(axis=-1) / x.shape[-1], reduction)
