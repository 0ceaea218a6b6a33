"""Loss functions, PyTorch's formulas and arguments; re-exported by :mod:`nn.functional`.

``reduction`` is ``"mean"`` (the default), ``"sum"`` or ``"none"`` (one loss per element or
sample). Regression losses require input and target of the same shape: broadcasting (N, 1)
against (N,) is a classic silent bug, so it is an error here.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

import autograd_core as ag
from autograd_core import user_code
from autograd_core.errors import DtypeError, InputError
from autograd_core.ops.operands import as_tensor, checked_indices
from autograd_core.tensor import Tensor

_REDUCTIONS = ("mean", "sum", "none")


def log_one_plus_exp(z: Tensor) -> Tensor:
    """log(1 + eᶻ) (softplus) to full relative precision for every z: z + log1p(e⁻ᶻ) for z > 0,
    log1p(eᶻ) otherwise, so that e.g. softplus(−50) ≈ 1.9·10⁻²² rather than log(1 + 1.9·10⁻²²) = 0.

    The exponentials only see −|z|, so nothing overflows; the derivative is σ(z) everywhere,
    ½ at 0 (where a composition with |z| would give 0).
    """
    positive = z.data > 0
    zero = np.zeros((), dtype=z.dtype)
    above = z + ag.log1p(ag.exp(-ag.where(positive, z, zero)))
    below = ag.log1p(ag.exp(ag.where(positive, zero, z)))
    return ag.where(positive, above, below)


def _check_reduction(reduction: str, op: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{op}: reduction must be 'mean', 'sum' or 'none', got {reduction!r}")


def legacy_reduction(size_average: bool | None, reduce: bool | None, reduction: str) -> str:
    """PyTorch's deprecated ``size_average``/``reduce`` pair as a ``reduction`` (with its warning).

    Either given overrides ``reduction``: ``reduce=False`` is "none", else ``size_average=False``
    is "sum", else "mean" (a missing one counts as True).
    """
    if size_average is None and reduce is None:
        return reduction
    if reduce is None or reduce:
        reduction = "mean" if size_average is None or size_average else "sum"
    else:
        reduction = "none"
    user_code.warn(f"size_average and reduce args will be deprecated, please use reduction='{reduction}' instead.")
    return reduction


def _reduce(losses: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    return losses


def _weighted(losses: Tensor, weight: Any, reduction: str, op: str, mean_over_weight: bool) -> Tensor:
    """Elementwise losses times ``weight`` (PyTorch's regression-loss ``weight``: the input's shape),
    reduced; the mean divides by Σ weight or, with ``mean_over_weight`` False, by the count."""
    if weight is None:
        return _reduce(losses, reduction)
    weight = as_tensor(weight, losses, op)
    if tuple(weight.shape) != tuple(losses.shape):
        raise InputError(f"{op}: weight of shape {tuple(weight.shape)} must have the input's shape {losses.shape}")
    weighted = losses * weight
    if reduction == "mean" and mean_over_weight:
        return weighted.sum() / weight.sum()
    return _reduce(weighted, reduction)


def _prepare(input: Any, target: Any, op: str, reduction: str) -> tuple[Tensor, Any]:
    """The input as a Tensor and the target as a Tensor or an array of the input's dtype."""
    _check_reduction(reduction, op)
    x = as_tensor(input, op=op)
    if isinstance(target, Tensor):
        if target.dtype != x.dtype:
            target = target.astype(x.dtype)
    else:
        target = np.asarray(target, dtype=x.dtype)
    if target.shape != x.shape:
        raise InputError(
            f"{op}: target shape {tuple(target.shape)} differs from input shape {tuple(x.shape)}; "
            "reshape one of them (broadcasting them is usually a mistake)"
        )
    return x, target


def _constant(value: Any, like: Tensor) -> np.ndarray | None:
    """A weight argument as a constant array of ``like``'s dtype (None stays None)."""
    if value is None:
        return None
    array = value.data if isinstance(value, Tensor) else np.asarray(value)
    return array.astype(like.dtype, copy=False)


def _elementwise_weight(value: Any, like: Tensor, op: str, name: str) -> np.ndarray | None:
    """A weight for the elements of ``like``: a constant that broadcasts to ``like``'s shape as it is."""
    array = _constant(value, like)
    if array is not None:
        try:
            fits = np.broadcast_shapes(array.shape, like.shape) == like.shape
        except ValueError:
            fits = False
        if not fits:
            raise InputError(
                f"{op}: {name} of shape {array.shape} does not broadcast to the input's shape {like.shape}"
            )
    return array


# ---------------------------------------------------------------------- regression
def mse_loss(
    input: Any,
    target: Any,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
    weight: Any = None,
) -> Tensor:
    """Mean squared error: (x − y)² per element, then reduced.

    The gradient of the mean is 2(x − y)/n (as in PyTorch); some texts drop the 2 by
    differentiating ½·MSE instead. With ``weight`` (the input's shape), each term is
    weighted and the mean is Σ w(x − y)² / Σ w. ``size_average`` and ``reduce`` are
    PyTorch's deprecated spelling of ``reduction``.
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    x, y = _prepare(input, target, "mse_loss", reduction)
    difference = x - y
    return _weighted(difference * difference, weight, reduction, "mse_loss", mean_over_weight=True)


def l1_loss(
    input: Any,
    target: Any,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
    weight: Any = None,
) -> Tensor:
    """Mean absolute error: |x − y| per element, then reduced (derivative 0 where x = y).

    With ``weight`` (the input's shape), the mean is Σ w|x − y| / Σ w, as in PyTorch.
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    x, y = _prepare(input, target, "l1_loss", reduction)
    return _weighted(ag.absolute(x - y), weight, reduction, "l1_loss", mean_over_weight=True)


def huber_loss(input: Any, target: Any, reduction: str = "mean", delta: float = 1.0, weight: Any = None) -> Tensor:
    """Huber loss: ½d² where |d| < δ, else δ(|d| − ½δ), with d = x − y.

    With ``weight`` (the input's shape), each term is weighted and the mean stays over the
    number of elements, as in PyTorch.
    """
    if delta <= 0:
        raise ValueError(f"huber_loss: delta must be positive, got {delta}")
    x, y = _prepare(input, target, "huber_loss", reduction)
    difference = x - y
    size = ag.absolute(difference)
    quadratic = difference * difference * 0.5
    linear = (size - 0.5 * delta) * delta
    return _weighted(ag.where(size.data < delta, quadratic, linear), weight, reduction, "huber_loss", False)


def smooth_l1_loss(
    input: Any,
    target: Any,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
    beta: float = 1.0,
) -> Tensor:
    """Smooth L1: ½d²/β where |d| < β, else |d| − ½β (plain L1 for β = 0)."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    if beta < 0:
        raise ValueError(f"smooth_l1_loss: beta must be non-negative, got {beta}")
    x, y = _prepare(input, target, "smooth_l1_loss", reduction)
    difference = x - y
    size = ag.absolute(difference)
    if beta == 0:
        return _reduce(size, reduction)
    quadratic = difference * difference * (0.5 / beta)
    return _reduce(ag.where(size.data < beta, quadratic, size - 0.5 * beta), reduction)


# ---------------------------------------------------------------------- classification
def _rows(x: Tensor, op: str) -> tuple[Tensor, int]:
    """Logits (N, C, d1, ...) or (C,) as a matrix (M, C) with one sample per row."""
    if x.ndim == 0:
        raise InputError(f"{op}: the input needs a class axis, got a scalar")
    if x.ndim == 1:
        return x.reshape((1, -1)), x.shape[0]
    classes = x.shape[1]
    if x.ndim == 2:
        return x, classes
    channels_last = x.transpose((0, *range(2, x.ndim), 1))
    return channels_last.reshape((-1, classes)), classes


def _class_indices(target: Any, x: Tensor, classes: int, ignore_index: int, op: str) -> tuple[np.ndarray, np.ndarray]:
    """Flat class indices and the mask of samples that count; checks shape and range."""
    indices = target.data if isinstance(target, Tensor) else np.asarray(target)
    expected = _sample_shape(x)
    if indices.shape != expected:
        raise InputError(
            f"{op}: expected a target of shape {expected} for input of shape {x.shape}, got {indices.shape}"
        )
    flat = indices.reshape(-1)
    counted = flat != ignore_index
    checked_indices(flat[counted], classes, op, "target", "classes")
    return flat, counted


def cross_entropy(
    input: Any,
    target: Any,
    weight: Any = None,
    size_average: bool | None = None,
    ignore_index: int = -100,
    reduce: bool | None = None,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """Cross-entropy of logits, −Σ_c t_c log softmax(x)_c, against class indices or probabilities.

    Parameters
    ----------
    input : Tensor
        Logits (N, C), (N, C, d1, ...) or (C,). Any magnitude: log-softmax is computed stably.
    target : Tensor or array_like
        Integer class indices of shape (N, d1, ...) (or a scalar for (C,) input), or class
        probabilities of the input's shape.
    weight : array_like, optional
        A rescaling weight w_c per class.
    size_average, reduce : bool, optional
        PyTorch's deprecated spelling of ``reduction`` (see :func:`legacy_reduction`).
    ignore_index : int
        Samples with this class index contribute nothing (indices only).
    reduction : {"mean", "sum", "none"}
        With indices, ``"mean"`` divides by Σ w_{yᵢ} over the counted samples (their number
        without ``weight``); with probabilities, by the number of samples.
    label_smoothing : float in [0, 1]
        Mixes the target with the uniform distribution: t ← (1 − ε)·t + ε/C.

    Notes
    -----
    For one-hot targets the gradient with respect to the logits is ŷ − y (divided by N for
    the mean): one fused primitive computes it, without a separate softmax node.
    """
    op = "cross_entropy"
    if size_average is not None or reduce is not None:
        reduction = legacy_reduction(size_average, reduce, reduction)
    if reduction not in _REDUCTIONS:
        _check_reduction(reduction, op)
    x = input if isinstance(input, Tensor) else as_tensor(input, op=op)
    if isinstance(target, Tensor):
        indices = target._data
    else:
        indices = target if target.__class__ is np.ndarray else np.asarray(target)
    logits = x._data
    # The common case, kept short (it runs every training step): one-hot rows picked from the
    # identity. A negative index (ignored or invalid) or one too large goes to the general
    # path below, which sorts them out.
    if (
        weight is None
        and not label_smoothing
        and logits.ndim == 2
        and indices.dtype.kind in "iu"
        and indices.shape == logits.shape[:1]
        and not 0 <= ignore_index < logits.shape[1]
        and indices.size
        and indices[indices.argmin()] >= 0  # argmin: a fraction of min's time on a short vector
    ):
        try:
            one_hot = _identity(logits.shape[1], logits.dtype).take(indices, axis=0)  # faster than [indices]
        except IndexError:
            pass
        else:
            return ag.softmax_cross_entropy(x, one_hot, reduction, None, 1.0)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"{op}: label_smoothing must be between 0 and 1, got {label_smoothing}")
    rows, classes = _rows(x, op)
    class_weight = _class_weight(weight, x, classes, op)
    if indices.dtype.kind == "f":
        probabilities = target if isinstance(target, Tensor) else indices
        return _cross_entropy_probabilities(x, rows, probabilities, class_weight, reduction, label_smoothing)
    if indices.dtype.kind not in "iu":
        raise DtypeError(f"{op}: class indices must be integers or probabilities, got dtype {indices.dtype}")
    flat, counted = _class_indices(indices, x, classes, ignore_index, op)
    matrix = np.zeros(rows.shape, dtype=x.dtype)
    sample_rows = np.flatnonzero(counted)
    sample_classes = flat[counted]
    sample_weight = 1.0 if class_weight is None else class_weight[sample_classes]
    matrix[sample_rows, sample_classes] = (1.0 - label_smoothing) * sample_weight
    if label_smoothing:
        uniform = (label_smoothing / classes) * (1.0 if class_weight is None else class_weight)
        matrix[sample_rows] += uniform
    normalizer = float(counted.sum()) if class_weight is None else float(np.sum(sample_weight))
    return _shaped_losses(ag.softmax_cross_entropy(rows, matrix, reduction, normalizer), x, reduction)


@functools.lru_cache(maxsize=64)
def _identity(classes: int, dtype: np.dtype) -> np.ndarray:
    """One-hot rows to pick from (shared, never written)."""
    identity = np.eye(classes, dtype=dtype)
    identity.flags.writeable = False
    return identity


def _shaped_losses(losses: Tensor, x: Tensor, reduction: str) -> Tensor:
    """Per-sample losses in the shape of the target (a scalar for (C,) input)."""
    if reduction != "none":
        return losses
    return losses.reshape(_sample_shape(x))


def _sample_shape(x: Tensor) -> tuple[int, ...]:
    """The shape of one loss per sample for class scores ``x``: (N, d1, ...), or () for (C,)."""
    return () if x.ndim == 1 else (x.shape[0], *x.shape[2:])


def _class_weight(weight: Any, x: Tensor, classes: int, op: str) -> np.ndarray | None:
    """The per-class rescaling weight as a constant of ``x``'s dtype, checked to have one entry per class."""
    class_weight = _constant(weight, x)
    if class_weight is not None and class_weight.shape != (classes,):
        raise InputError(f"{op}: weight must have shape ({classes},), got {class_weight.shape}")
    return class_weight


def _cross_entropy_probabilities(
    x: Tensor, rows: Tensor, target: Any, class_weight: np.ndarray | None, reduction: str, label_smoothing: float
) -> Tensor:
    op = "cross_entropy"
    classes = rows.shape[1]
    if tuple(target.shape) != x.shape:
        raise InputError(f"{op}: probability targets must have the input's shape {x.shape}, got {tuple(target.shape)}")
    if isinstance(target, Tensor) and target.requires_grad:
        # A learned target: differentiate through it too, by composition.
        target_rows = _rows(target.astype(x.dtype), op)[0]
        if label_smoothing:
            target_rows = target_rows * (1.0 - label_smoothing) + label_smoothing / classes
        if class_weight is not None:
            target_rows = target_rows * class_weight
        losses = -(ag.log_softmax(rows, axis=1) * target_rows).sum(axis=1)
        total = losses if reduction == "none" else losses.sum()
        if reduction == "mean":
            total = total / rows.shape[0]
    else:
        values = target.data if isinstance(target, Tensor) else np.asarray(target)
        matrix = _rows(Tensor(values.astype(x.dtype, copy=False)), op)[0].data
        if label_smoothing:
            matrix = matrix * (1.0 - label_smoothing) + label_smoothing / classes
        if class_weight is not None:
            matrix = matrix * class_weight
        total = ag.softmax_cross_entropy(rows, matrix, reduction, float(rows.shape[0]))
    return _shaped_losses(total, x, reduction)


def nll_loss(
    input: Any,
    target: Any,
    weight: Any = None,
    size_average: bool | None = None,
    ignore_index: int = -100,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood of log-probabilities: −w_{yᵢ}·x[i, yᵢ] per sample.

    ``input`` is (N, C), (N, C, d1, ...) or (C,) log-probabilities (e.g. from ``log_softmax``),
    ``target`` integer class indices; ``"mean"`` divides by Σ w_{yᵢ} over the counted samples.
    """
    op = "nll_loss"
    reduction = legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction, op)
    x = as_tensor(input, op=op)
    rows, classes = _rows(x, op)
    class_weight = _class_weight(weight, x, classes, op)
    flat, counted = _class_indices(target, x, classes, ignore_index, op)
    safe_classes = np.where(counted, flat, 0)
    sample_weight = counted.astype(x.dtype)
    if class_weight is not None:
        sample_weight = sample_weight * class_weight[safe_classes]
    picked = rows[np.arange(rows.shape[0]), safe_classes]
    losses = -(picked * sample_weight)
    if reduction == "none":
        return _shaped_losses(losses, x, reduction)
    total = losses.sum()
    if reduction != "mean":
        return total
    normalizer = float(sample_weight.sum())
    if not normalizer:  # a mean over no samples (all ignored): NaN, but no gradient, as in PyTorch
        return total * 0.0 + math.nan
    return total / normalizer


def binary_cross_entropy(
    input: Any,
    target: Any,
    weight: Any = None,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """−w·(y log p + (1 − y) log(1 − p)) of probabilities p in [0, 1], each log clamped at −100.

    Prefer :func:`binary_cross_entropy_with_logits`, which is exact for any logit.
    """
    op = "binary_cross_entropy"
    reduction = legacy_reduction(size_average, reduce, reduction)
    p, y = _prepare(input, target, op, reduction)
    values = p.data
    if values.size and not ((values >= 0) & (values <= 1)).all():  # NaN fails too
        raise InputError(f"{op}: all elements of input should be between 0 and 1")
    class_weight = _elementwise_weight(weight, p, op, "weight")
    losses = ag.binary_cross_entropy(p, y)
    if class_weight is not None:
        losses = losses * class_weight
    return _reduce(losses, reduction)


def binary_cross_entropy_with_logits(
    input: Any,
    target: Any,
    weight: Any = None,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
    pos_weight: Any = None,
) -> Tensor:
    """Binary cross-entropy of logits x: (1 − y)·x + (1 + (q − 1)·y)·log(1 + e⁻ˣ), stable for any x.

    ``pos_weight`` q multiplies the positive term (broadcast along the last axis, one per
    class); ``weight`` rescales each element. log(1 + e⁻ˣ) is computed stably (see
    :func:`log_one_plus_exp`), so logits of ±1e4 give exact values and gradients σ(x) − y.
    """
    op = "binary_cross_entropy_with_logits"
    reduction = legacy_reduction(size_average, reduce, reduction)
    x, y = _prepare(input, target, op, reduction)
    positive_weight = _elementwise_weight(pos_weight, x, op, "pos_weight")
    class_weight = _elementwise_weight(weight, x, op, "weight")
    softplus_of_negative = log_one_plus_exp(-x)
    if positive_weight is None:
        losses = (1.0 - y) * x + softplus_of_negative
    else:
        losses = (1.0 - y) * x + (1.0 + (positive_weight - 1.0) * y) * softplus_of_negative
    if class_weight is not None:
        losses = losses * class_weight
    return _reduce(losses, reduction)


# ---------------------------------------------------------------------- distributions
def _held_above(x: Tensor, floor: float) -> Tensor:
    """``x`` raised to ``floor`` where smaller, with the gradient of ``x`` itself: PyTorch clamps
    such values in place outside of autograd, so their gradient passes unchanged."""
    return x + (np.maximum(x.data, floor) - x.data)


def _xlogx(t: Tensor) -> Tensor:
    """t·log t, and 0 where t = 0 (its limit), without a log of 0 in the graph."""
    positive = t.data > 0
    return ag.where(positive, t * ag.log(ag.where(positive, t, np.ones((), dtype=t.dtype))), np.zeros((), t.dtype))


def kl_div(
    input: Any,
    target: Any,
    size_average: bool | None = None,
    reduce: bool | None = None,
    reduction: str = "mean",
    log_target: bool = False,
) -> Tensor:
    """Kullback–Leibler divergence of the distribution ``target`` from the log-probabilities ``input``.

    Pointwise t·(log t − x) (0 where t = 0), or eᵗ·(t − x) for a ``log_target``; then reduced.

    Parameters
    ----------
    input : Tensor
        Log-probabilities (for example from ``log_softmax``).
    target : Tensor or array_like
        Probabilities, or log-probabilities with ``log_target=True``; the input's shape.
    reduction : {"mean", "batchmean", "sum", "none"}
        "batchmean" divides the sum by the batch size (axis 0): the true KL divergence per
        sample. "mean" divides by the number of elements and, as in PyTorch, warns that this
        is not the KL divergence.
    size_average, reduce : bool, optional
        PyTorch's deprecated spelling of ``reduction`` (see :func:`legacy_reduction`).
    """
    op = "kl_div"
    if size_average is not None or reduce is not None:
        reduction = legacy_reduction(size_average, reduce, reduction)
    elif reduction == "mean":
        user_code.warn(
            "reduction: 'mean' divides the total loss by both the batch size and the support size."
            "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
            "'mean' will be changed to behave the same as 'batchmean' in the next major release."
        )
    if reduction != "batchmean":
        _check_reduction(reduction, op)
    x, t = _prepare(input, target, op, "sum" if reduction == "batchmean" else reduction)
    t = t if isinstance(t, Tensor) else Tensor(t)
    if log_target:
        losses = ag.exp(t) * (t - x)
    else:
        losses = _xlogx(t) - t * x
    if reduction == "batchmean":
        total = losses.sum()
        return total / x.shape[0] if x.ndim else total
    return _reduce(losses, reduction)


def gaussian_nll_loss(
    input: Any, target: Any, var: Any, full: bool = False, eps: float = 1e-6, reduction: str = "mean"
) -> Tensor:
    """Negative log-likelihood of ``target`` under N(input, var): ½(log max(σ², ε) + (x − y)² / max(σ², ε)).

    ``var`` is a number, the input's shape, or that shape with one axis of size 1 or the last
    axis missing (one variance shared along it), as in PyTorch. Variances below ε count as ε
    with the gradient of the variance itself (PyTorch clamps them outside of autograd).
    ``full`` adds the constant ½·log 2π.

    Raises
    ------
    InputError
        If ``var`` has another shape; ValueError if an entry is negative.
    """
    op = "gaussian_nll_loss"
    x = as_tensor(input, op=op)
    y = as_tensor(target, x, op=op)
    variance = as_tensor(var, x, op=op)
    if variance.ndim == 0 and not isinstance(var, Tensor):
        variance = ag.broadcast_to(variance, x.shape)
    if (variance.data < 0).any():
        raise ValueError(f"{op}: var has negative entry/entries")
    if variance.shape != x.shape:
        if variance.shape == x.shape[:-1]:
            variance = variance.reshape((*variance.shape, 1))
        elif not (variance.ndim == x.ndim and sum(v for i, v in zip(x.shape, variance.shape) if i != v) == 1):
            raise InputError(f"{op}: var of shape {variance.shape} is of incorrect size for input of shape {x.shape}")
    _check_reduction(reduction, op)
    variance = _held_above(variance, eps)
    difference = x - y
    losses = (ag.log(variance) + difference * difference / variance) * 0.5
    if full:
        losses = losses + 0.5 * math.log(2 * math.pi)
    return _reduce(losses, reduction)


def poisson_nll_loss(
    input: Any,
    target: Any,
    log_input: bool = True,
    full: bool = False,
    size_average: bool | None = None,
    eps: float = 1e-8,
    reduce: bool | None = None,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood of counts ``target`` under Poisson(λ), dropping the constant log(y!).

    With ``log_input`` (the default), ``input`` is log λ and the loss is e^x − y·x; otherwise
    ``input`` is λ and the loss is λ − y·log(λ + ε). ``full`` adds Stirling's approximation of
    log(y!), y·log y − y + ½·log(2πy), for targets above 1.
    """
    op = "poisson_nll_loss"
    reduction = legacy_reduction(size_average, reduce, reduction)
    x, y = _prepare(input, target, op, reduction)
    losses = ag.exp(x) - y * x if log_input else x - y * ag.log(x + eps)
    if full:
        # Differentiable in a target that requires grad, as PyTorch's; the log only sees counts > 1.
        above = (y.data if isinstance(y, Tensor) else y) > 1
        counts = ag.where(above, y, np.ones((), dtype=x.dtype))
        stirling = counts * ag.log(counts) - counts + 0.5 * ag.log(counts * (2 * math.pi))
        losses = losses + ag.where(above, stirling, np.zeros((), dtype=x.dtype))
    return _reduce(losses, reduction)
