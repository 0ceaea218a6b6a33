"""Stateless forms of the layers and every loss (PyTorch's ``torch.nn.functional``).

``import nn.functional as F``. Everything here is composition of autograd_core primitives:
nothing writes a derivative. Axis arguments are NumPy's ``axis``; PyTorch's ``dim`` is
accepted as an alias.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

import autograd_core as ag
from autograd_core.errors import InputError
from autograd_core.ops.convolution import fold, unfold, window_count, window_geometry
from autograd_core.ops.gradient_scaling import scale_gradient
from autograd_core.ops.operands import as_tensor, axis_alias, checked_indices
from autograd_core.random import default_generator
from autograd_core.tensor import Tensor
from autograd_core.user_code import warn
from nn.activation_functions import (
    celu,
    elu,
    glu,
    hardshrink,
    hardsigmoid,
    hardswish,
    hardtanh,
    logsigmoid,
    mish,
    prelu,
    relu6,
    selu,
    silu,
    softshrink,
    softsign,
    tanhshrink,
    threshold,
)
from nn.distance_functions import cosine_similarity, normalize, pairwise_distance
from nn.loss_functions import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    gaussian_nll_loss,
    huber_loss,
    kl_div,
    l1_loss,
    log_one_plus_exp,
    mse_loss,
    nll_loss,
    poisson_nll_loss,
    smooth_l1_loss,
)
from nn.margin_losses import (
    cosine_embedding_loss,
    hinge_embedding_loss,
    margin_ranking_loss,
    multilabel_soft_margin_loss,
    soft_margin_loss,
    triplet_margin_loss,
)
from nn.padding import pad

__all__ = [
    "gaussian_nll_loss",
    "kl_div",
    "poisson_nll_loss",
    "cosine_embedding_loss",
    "hinge_embedding_loss",
    "margin_ranking_loss",
    "multilabel_soft_margin_loss",
    "soft_margin_loss",
    "triplet_margin_loss",
    "cosine_similarity",
    "normalize",
    "pad",
    "pairwise_distance",
    "celu",
    "elu",
    "glu",
    "hardshrink",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "logsigmoid",
    "mish",
    "prelu",
    "relu6",
    "selu",
    "silu",
    "softmin",
    "softshrink",
    "softsign",
    "tanhshrink",
    "threshold",
    "avg_pool2d",
    "batch_norm",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "conv2d",
    "cross_entropy",
    "dropout",
    "embedding",
    "flatten",
    "fold",
    "gelu",
    "huber_loss",
    "l1_loss",
    "layer_norm",
    "leaky_relu",
    "linear",
    "log_softmax",
    "max_pool2d",
    "mse_loss",
    "nll_loss",
    "one_hot",
    "relu",
    "sigmoid",
    "smooth_l1_loss",
    "softmax",
    "softplus",
    "tanh",
    "unfold",
]

linear = ag.linear


# ---------------------------------------------------------------------- activations
def relu(input: Any, inplace: bool = False) -> Tensor:
    """max(x, 0) elementwise (derivative 0 at 0, as in PyTorch).

    ``inplace`` is accepted for compatibility, as by the layers: the result is a new Tensor.
    """
    return ag.relu(input)


def leaky_relu(input: Any, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """x if x > 0 else negative_slope·x (``inplace`` accepted, as by :func:`relu`)."""
    return ag.leaky_relu(input, negative_slope)


def sigmoid(input: Any) -> Tensor:
    """1 / (1 + e⁻ˣ), without overflow for any x."""
    return ag.sigmoid(input)


def tanh(input: Any) -> Tensor:
    """Hyperbolic tangent."""
    return ag.tanh(input)


def gelu(input: Any, approximate: str = "none") -> Tensor:
    """x·Φ(x), exact with erf (``approximate="none"``) or with PyTorch's tanh formula."""
    return ag.gelu(input, approximate)


def _softmax_operand(input: Any, axis: Any, dtype: Any, aliases: dict[str, Any], op: str) -> tuple[Tensor, int]:
    """The tensor and axis that ``softmax`` and ``log_softmax`` work on, functions and layers alike.

    ``dtype`` casts the input first, differentiably, as PyTorch does. Without an axis, PyTorch's
    implicit choice, with its deprecation warning: axis 0 for 0-, 1- and 3-D inputs, else axis 1.
    """
    axis, _ = axis_alias(axis, aliases, op)
    x = as_tensor(input, op=op)
    if dtype is not None:
        if np.dtype(dtype).kind != "f":
            raise TypeError(f"{op}: dtype must be a floating dtype, got {np.dtype(dtype)}")
        x = x.astype(dtype)
    if axis is None:
        axis = 0 if x.ndim in (0, 1, 3) else 1
        warn(
            f"Implicit dimension choice for {op} has been deprecated. Change the call to include dim=X as an argument."
        )
    return x, axis


def softmax(input: Any, axis: int | None = None, _stacklevel: int = 3, dtype: Any = None, **aliases: Any) -> Tensor:
    """exp(x) / Σ exp(x) along ``axis`` (``dim`` alias), stable for large |x|.

    PyTorch's arguments. Without an axis (``axis=None`` or ``dim=None``, the default), PyTorch's
    deprecated implicit choice, with its warning: axis 0 for 0-, 1- and 3-D inputs, else axis 1.
    ``dtype`` casts the input first, differentiably. ``_stacklevel`` is accepted and ignored: the
    warning always points at the caller's line.
    """
    x, axis = _softmax_operand(input, axis, dtype, aliases, "softmax")
    return ag.softmax(x, axis)


def log_softmax(input: Any, axis: int | None = None, _stacklevel: int = 3, dtype: Any = None, **aliases: Any) -> Tensor:
    """x − logsumexp(x) along ``axis`` (``dim`` alias), stable for large |x|.

    Takes PyTorch's arguments, as :func:`softmax` does.
    """
    x, axis = _softmax_operand(input, axis, dtype, aliases, "log_softmax")
    return ag.log_softmax(x, axis)


def softmin(input: Any, axis: int | None = None, _stacklevel: int = 3, dtype: Any = None, **aliases: Any) -> Tensor:
    """softmax(−x) along ``axis`` (``dim`` alias): exp(−x) / Σ exp(−x), stable for large |x|.

    Takes PyTorch's arguments, as :func:`softmax` does (the same implicit axis without one).
    """
    x, axis = _softmax_operand(input, axis, dtype, aliases, "softmin")
    return ag.softmax(-x, axis)


def softplus(input: Any, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """log(1 + e^(βx)) / β, and x itself where βx > threshold (PyTorch's formula).

    Computed stably for any x, to full relative precision also far below 0 (see
    :func:`~nn.loss_functions.log_one_plus_exp`), with the exact derivative σ(βx) everywhere.
    """
    x = as_tensor(input, op="softplus")
    scaled = x * beta if beta != 1 else x
    smooth = log_one_plus_exp(scaled)
    if beta != 1:
        smooth = smooth / beta
    return ag.where(scaled.data > threshold, x, smooth)


# ---------------------------------------------------------------------- regularization
def dropout(input: Any, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Inverted dropout: zero each element with probability ``p`` and scale the rest by 1/(1 − p).

    The expectation is unchanged, so nothing is rescaled in evaluation (``training=False``
    returns the input). The mask comes from ``ag.default_generator()``, so ``ag.manual_seed``
    makes it reproducible; the gradient is the incoming gradient times the same mask.
    ``inplace`` is accepted, as by :func:`relu`.
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    x = as_tensor(input, op="dropout")
    if not training or p == 0.0:
        return x
    if p == 1.0:
        return x * np.zeros((), dtype=x.dtype)
    keep = default_generator().random(x.shape, dtype=np.float32) >= p
    return x * (keep * np.asarray(1.0 / (1.0 - p), dtype=x.dtype))


# ---------------------------------------------------------------------- normalization
def batch_norm(
    input: Any,
    running_mean: Tensor | None,
    running_var: Tensor | None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Batch normalization over every axis except the channel axis 1 of (N, C, ...).

    In training, y = (x − μ_B) / √(σ²_B + ε) · γ + β with the batch mean and biased variance
    per channel, differentiated through μ_B and σ²_B; the running statistics (if given) are
    updated in place: r ← (1 − momentum)·r + momentum·s, with the unbiased variance
    σ²_B·n/(n − 1) for ``running_var``. In evaluation the running statistics replace the batch's.

    Raises
    ------
    ValueError
        In training, when a channel has a single value (a batch of one), whose variance is 0.
    """
    x = as_tensor(input, op="batch_norm")
    if x.ndim < 2:
        raise InputError(f"batch_norm: expected an input of shape (N, C, ...), got shape {x.shape}")
    channels = x.shape[1]
    axes = (0, *range(2, x.ndim))
    channel_shape = (1, channels) + (1,) * (x.ndim - 2)
    _check_shapes(
        "batch_norm", (channels,), running_mean=running_mean, running_var=running_var, weight=weight, bias=bias
    )
    if training:
        count = x.size // channels if channels else 0
        if count <= 1:
            raise InputError(
                f"batch_norm: expected more than 1 value per channel when training, got input of shape {x.shape}"
            )
        normalized, mean, variance = _standardize(x, axes, eps)
        if running_mean is not None:
            running_mean.data = _moving_average(running_mean.data, mean.data.reshape(channels), momentum)
        if running_var is not None:
            unbiased = variance.data.reshape(channels) * (count / (count - 1))
            running_var.data = _moving_average(running_var.data, unbiased, momentum)
    else:
        if running_mean is None or running_var is None:
            raise ValueError("batch_norm: evaluation needs running_mean and running_var (or pass training=True)")
        shift = running_mean.data.reshape(channel_shape).astype(x.dtype, copy=False)
        inverse_std = (1.0 / np.sqrt(running_var.data + eps)).reshape(channel_shape).astype(x.dtype, copy=False)
        normalized = (x - shift) * inverse_std
    return _scale_and_shift(normalized, weight, bias, channel_shape)


def _check_shapes(op: str, expected: tuple[int, ...], **tensors: Any) -> None:
    """Raise, naming the argument, unless each given tensor has shape ``expected`` (before any update)."""
    for name, tensor in tensors.items():
        if tensor is not None and tuple(tensor.shape) != expected:
            raise InputError(f"{op}: {name} has shape {tuple(tensor.shape)}, expected {expected}")


def _standardize(x: Tensor, axes: tuple[int, ...], eps: float) -> tuple[Tensor, Tensor, Tensor]:
    """(x − μ) / √(σ² + ε) over ``axes``, with the mean μ and biased variance σ² it used (axes kept)."""
    mean = x.mean(axis=axes, keepdims=True)
    centered = x - mean
    variance = (centered * centered).mean(axis=axes, keepdims=True)
    return centered / ag.sqrt(variance + eps), mean, variance


def _scale_and_shift(x: Tensor, weight: Tensor | None, bias: Tensor | None, shape: tuple[int, ...] | None) -> Tensor:
    """x·γ + β for the optional γ and β, reshaped to ``shape`` first unless it is None."""
    if weight is not None:
        x = x * (weight if shape is None else weight.reshape(shape))
    if bias is not None:
        x = x + (bias if shape is None else bias.reshape(shape))
    return x


def _moving_average(running: np.ndarray, batch: np.ndarray, momentum: float) -> np.ndarray:
    return (momentum * batch + (1.0 - momentum) * running).astype(running.dtype, copy=False)


def layer_norm(
    input: Any,
    normalized_shape: int | Sequence[int],
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Layer normalization over the last axes, those of ``normalized_shape``.

    y = (x − μ) / √(σ² + ε) · γ + β with the mean and biased variance of each sample's last
    ``len(normalized_shape)`` axes; γ and β have shape ``normalized_shape``.
    """
    x = as_tensor(input, op="layer_norm")
    shape = (int(normalized_shape),) if isinstance(normalized_shape, (int, np.integer)) else tuple(normalized_shape)
    if not shape or x.shape[x.ndim - len(shape) :] != shape or x.ndim < len(shape):
        raise InputError(f"layer_norm: the input's last axes {x.shape} do not match normalized_shape {shape}")
    _check_shapes("layer_norm", shape, weight=weight, bias=bias)
    axes = tuple(range(x.ndim - len(shape), x.ndim))
    normalized, _, _ = _standardize(x, axes, eps)
    return _scale_and_shift(normalized, weight, bias, None)


# ---------------------------------------------------------------------- lookup
def embedding(
    input: Any,
    weight: Tensor,
    padding_idx: int | None = None,
    max_norm: float | None = None,
    norm_type: float = 2.0,
    scale_grad_by_freq: bool = False,
    sparse: bool = False,
) -> Tensor:
    """Rows of ``weight`` (num_embeddings, dim) picked by the integer indices ``input``.

    The gradient adds up into the picked rows (repeated indices accumulate); the row
    ``padding_idx``, if given, gets no gradient. As in PyTorch, ``max_norm`` first rescales, in
    place, each picked row whose ``norm_type``-norm exceeds it to norm ``max_norm``, and
    ``scale_grad_by_freq`` divides each row's gradient by how often its index occurs in
    ``input`` (a modified gradient, so it cannot be differentiated again). ``sparse`` is
    accepted for compatibility: gradients are dense here.
    """
    count = weight.shape[0]
    indices = checked_indices(input, count, "embedding", "index", "embeddings")
    if padding_idx is not None and not -count <= padding_idx < count:  # checked before max_norm changes rows
        raise InputError(f"embedding: padding_idx {padding_idx} is out of range for {count} embeddings")
    if max_norm is not None:
        _renormalize_rows(weight, np.unique(indices), max_norm, norm_type)
    rows = weight[indices]
    if padding_idx is not None:
        padding = padding_idx + count if padding_idx < 0 else padding_idx
        rows = ag.where((indices != padding)[..., None], rows, rows.detach())
    if scale_grad_by_freq:
        _, positions, counts = np.unique(indices, return_inverse=True, return_counts=True)
        share = 1.0 / counts[positions.reshape(indices.shape)].astype(weight.dtype)
        rows = scale_gradient(rows, share[..., None])
    return rows


def _renormalize_rows(weight: Tensor, rows: np.ndarray, max_norm: float, norm_type: float) -> None:
    """PyTorch's embedding_renorm_: rows of norm above ``max_norm`` scaled to it, in place."""
    table = weight.data
    norms = np.linalg.norm(table[rows].astype(np.float64), ord=norm_type, axis=1)
    too_long = norms > max_norm
    if too_long.any():
        scale = (max_norm / (norms[too_long] + 1e-7)).astype(table.dtype)
        with ag.no_grad():
            table[rows[too_long]] *= scale[:, None]
        weight._changed_in_place()


def one_hot(tensor: Any, num_classes: int = -1) -> Tensor:
    """int64 one-hot encoding: shape (*, num_classes) (the largest index + 1 when -1)."""
    indices = checked_indices(tensor, None, "one_hot", "class value", "classes")
    if num_classes == -1:
        if not indices.size:
            raise ValueError("one_hot: cannot infer the number of classes of an empty tensor; pass num_classes")
        num_classes = int(indices.max()) + 1
    checked_indices(indices, num_classes, "one_hot", "class value", "classes")
    return Tensor(np.eye(num_classes, dtype=np.int64)[indices])


def flatten(input: Any, start_axis: int = 0, end_axis: int = -1, **aliases: Any) -> Tensor:
    """Merge axes ``start_axis..end_axis`` into one (``start_dim``/``end_dim`` aliases)."""
    return ag.flatten(input, start_axis, end_axis, **aliases)


# ---------------------------------------------------------------------- convolution and pooling
def _batched(x: Tensor, op: str) -> tuple[Tensor, bool]:
    """Accept (C, H, W) as a batch of one, as PyTorch does."""
    if x.ndim == 3:
        return x.reshape((1, *x.shape)), True
    if x.ndim != 4:
        raise InputError(f"{op}: expected an input of shape (N, C, H, W) or (C, H, W), got shape {x.shape}")
    return x, False


def conv2d(
    input: Any,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
) -> Tensor:
    """2-D cross-correlation (what deep learning calls convolution), PyTorch's ``F.conv2d``.

    out[n, o] = b[o] + Σ_c Σ_ij W[o, c, i, j] · x[n, c, s·y + d·i − p, s·x + d·j − p],
    computed as ``unfold`` (windows as columns) followed by one batched matrix product per
    group.

    Parameters
    ----------
    input : Tensor
        (N, C, H, W) or (C, H, W).
    weight : Tensor
        (out_channels, C / groups, kh, kw).
    bias : Tensor, optional
        (out_channels,).
    stride, dilation : int or pair
    padding : int, pair, "valid" or "same"
        Zeros added on each side; "same" (stride 1 only) keeps H and W.
    groups : int
        Split the channels into this many independent groups.
    """
    x, unbatched = _batched(as_tensor(input, op="conv2d"), "conv2d")
    weight = as_tensor(weight, x, op="conv2d")
    if weight.ndim != 4:
        raise InputError(f"conv2d: the weight must have shape (out, in / groups, kh, kw), got {weight.shape}")
    out_channels, group_channels, kernel_h, kernel_w = weight.shape
    batch, channels = x.shape[:2]
    if groups < 1 or channels != group_channels * groups or out_channels % groups:
        raise InputError(
            f"conv2d: input with {channels} channels, weight of shape {weight.shape} and groups={groups} "
            "do not fit (need in_channels = weight.shape[1]·groups and out_channels divisible by groups)"
        )
    kernel = (kernel_h, kernel_w)
    numeric_padding = 0 if isinstance(padding, str) else padding
    _, spacing, border, step = window_geometry(kernel, dilation, numeric_padding, stride, "conv2d")
    if isinstance(padding, str):
        x, border = _string_padding(x, padding, kernel, spacing, step)
    columns = unfold(x, kernel, spacing, border, step)
    out_h = window_count(x.shape[2], kernel_h, spacing[0], border[0], step[0])
    out_w = window_count(x.shape[3], kernel_w, spacing[1], border[1], step[1])
    if groups == 1:
        out = weight.reshape((out_channels, -1)) @ columns
    else:
        grouped_weight = weight.reshape((groups, out_channels // groups, -1))
        out = grouped_weight @ columns.reshape((batch, groups, -1, out_h * out_w))
    out = out.reshape((batch, out_channels, out_h, out_w))
    if bias is not None:
        out = out + bias.reshape((1, out_channels, 1, 1))
    return out.reshape(out.shape[1:]) if unbatched else out


def _string_padding(
    x: Tensor, padding: str, kernel: tuple[int, int], dilation: tuple[int, int], stride: tuple[int, int]
) -> tuple[Tensor, tuple[int, int]]:
    if padding == "valid":
        return x, (0, 0)
    if padding != "same":
        raise ValueError(f"conv2d: padding must be an int, a pair, 'valid' or 'same', got {padding!r}")
    if stride != (1, 1):
        raise ValueError("conv2d: padding='same' is not supported for strided convolutions")
    totals = [d * (k - 1) for k, d in zip(kernel, dilation)]
    if all(total % 2 == 0 for total in totals):
        return x, (totals[0] // 2, totals[1] // 2)
    # An odd total: the extra row or column goes at the end, as in PyTorch.
    widths = [(0, 0), (0, 0)] + [(total // 2, total - total // 2) for total in totals]
    return ag.pad(x, widths), (0, 0)


def _pool_geometry(
    x: Tensor, kernel_size: Any, stride: Any, padding: Any, dilation: Any, ceil_mode: bool, op: str
) -> tuple[tuple[int, int], ...]:
    """Kernel, stride, padding, dilation and window counts of a pooling, checked as PyTorch does."""
    # PyTorch's functional forms mean "stride = kernel_size" by None and by an empty list.
    if stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0):
        stride = kernel_size
    kernel, spacing, border, step = window_geometry(kernel_size, dilation, padding, stride, op)
    if any(p > k / 2 for p, k in zip(border, kernel)):
        raise InputError(f"{op}: padding {border} should be at most half of the kernel size {kernel}")
    counts = tuple(map(window_count, x.shape[2:], kernel, spacing, border, step, (ceil_mode, ceil_mode)))
    if min(counts) < 1:
        raise InputError(f"{op}: the kernel {kernel} does not fit in the input of shape {x.shape}")
    return kernel, step, border, spacing, counts


def _pool_windows(
    x: Tensor,
    kernel: tuple[int, int],
    step: tuple[int, int],
    border: tuple[int, int],
    spacing: tuple[int, int],
    counts: tuple[int, int],
    fill: float,
) -> Tensor:
    """The windows of ``x`` as (N, C, kh·kw, out_h·out_w), with the padding filled with ``fill``.

    ceil_mode's last windows may run past the padded input; they read ``fill`` there too.
    """
    overhang = [
        max(0, (count - 1) * s + d * (k - 1) + 1 - (size + 2 * p))
        for count, s, d, k, size, p in zip(counts, step, spacing, kernel, x.shape[2:], border)
    ]
    if fill == 0:
        # unfold pads with zeros itself; only the overhang needs a pad of its own.
        widths, unfold_padding = [(0, extra) for extra in overhang], border
    else:
        widths, unfold_padding = [(p, p + extra) for p, extra in zip(border, overhang)], (0, 0)
    if any(after for _, after in widths):
        x = ag.pad(x, [(0, 0), (0, 0), *widths], constant_values=fill)
    windows = unfold(x, kernel, spacing, unfold_padding, step)
    return windows.reshape((x.shape[0], x.shape[1], kernel[0] * kernel[1], counts[0] * counts[1]))


def _window_positions(count: int, kernel: int, dilation: int, padding: int, stride: int) -> np.ndarray:
    """Input coordinate of each window element along one axis, shape (kernel, count): row i, column o
    holds o·stride − padding + i·dilation (negative or past the end in the padding)."""
    return np.arange(kernel)[:, None] * dilation + (np.arange(count) * stride - padding)[None, :]


def max_pool2d(
    input: Any,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    dilation: Any = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tensor | tuple[Tensor, Tensor]:
    """Maximum over sliding windows of (N, C, H, W) or (C, H, W), PyTorch's ``F.max_pool2d``.

    out[n, c, y, x] = max_ij input[n, c, s·y + d·i − p, s·x + d·j − p], padding counting as −∞.

    Parameters
    ----------
    input : Tensor
        (N, C, H, W) or (C, H, W).
    kernel_size : int or pair
    stride : int or pair, optional
        Defaults to ``kernel_size``.
    padding : int or pair
        −∞ added on each side; at most half the kernel size.
    dilation : int or pair
        Spacing between a window's elements.
    ceil_mode : bool
        Round the number of windows up, keeping a last partial window unless it would start in
        the right padding.
    return_indices : bool
        Also return, for each output, the flat index into its input plane (row · W + column)
        of the element it came from.

    Returns
    -------
    Tensor or (Tensor, Tensor)
        The maxima, and with ``return_indices`` their int64 indices (no gradient). As in
        PyTorch, each window's winner, and so its gradient, is its first maximum in row-major
        order, or its last NaN if it holds any.
    """
    x, unbatched = _batched(as_tensor(input, op="max_pool2d"), "max_pool2d")
    kernel, step, border, spacing, (out_h, out_w) = _pool_geometry(
        x, kernel_size, stride, padding, dilation, ceil_mode, "max_pool2d"
    )
    batch, channels, height, width = x.shape
    windows = _pool_windows(x, kernel, step, border, spacing, (out_h, out_w), -np.inf)
    rows = _window_positions(out_h, kernel[0], spacing[0], border[0], step[0])
    columns = _window_positions(out_w, kernel[1], spacing[1], border[1], step[1])
    # (kh·kw, out_h·out_w) tables: is each window element inside the input, and where.
    inside = ((rows >= 0) & (rows < height))[:, None, :, None] & ((columns >= 0) & (columns < width))[None, :, None, :]
    inside = inside.reshape(windows.shape[2:])
    if not inside.any(axis=0).all():
        # PyTorch returns an index outside the input here and corrupts memory in backward.
        raise InputError(
            f"max_pool2d: with dilation {spacing} and padding {border}, a window holds only padding "
            f"for an input of shape {tuple(x.shape)}"
        )
    flat_index = (rows[:, None, :, None] * width + columns[None, :, None, :]).reshape(windows.shape[2:])
    winner = _first_maximum(windows.data, inside)
    chosen = np.arange(windows.shape[2]).reshape((1, 1, -1, 1)) == winner[:, :, None, :]
    out = ag.where(chosen, windows, 0.0).sum(axis=2).reshape((batch, channels, out_h, out_w))
    if unbatched:
        out = out.reshape(out.shape[1:])
    if not return_indices:
        return out
    indices = flat_index[winner, np.arange(winner.shape[-1])]  # flat_index[winner[n, c, l], l]
    return out, Tensor(indices.reshape(out.shape).astype(np.int64, copy=False))


def _first_maximum(values: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """Which element of each window PyTorch's max pooling picks: (N, C, K, L) → (N, C, L).

    PyTorch scans the window's elements inside the input in row-major order and takes one that
    is greater than the best so far or NaN: the first maximum, the last NaN, and the first
    element inside the input when all are −∞ (never the padding).
    """
    winner = values.argmax(axis=2)
    best = values.max(axis=2)
    if not (np.isnan(best) | (best == -np.inf)).any():
        # argmax's first maximum is PyTorch's choice, and a finite maximum is never padding.
        return winner
    best = np.where(inside, values, -np.inf).max(axis=2, keepdims=True)
    first_maximum = (inside & (values == best)).argmax(axis=2)
    is_nan = inside & np.isnan(values)
    last_nan = values.shape[2] - 1 - is_nan[:, :, ::-1].argmax(axis=2)
    return np.where(is_nan.any(axis=2), last_nan, first_maximum)


def _covered_sizes(count: int, size: int, kernel: int, padding: int, stride: int, include_pad: bool) -> np.ndarray:
    """How many elements each window counts along one axis, as PyTorch's avg_pool2d divides.

    A window runs from o·stride − padding for ``kernel`` elements, cut at the end of the padded
    input (ceil_mode's last window may run past it); without ``include_pad``, cut to the input.
    """
    starts = np.arange(count) * stride - padding
    ends = np.minimum(starts + kernel, size + padding)
    if include_pad:
        return ends - starts
    return np.minimum(ends, size) - np.maximum(starts, 0)


def avg_pool2d(
    input: Any,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> Tensor:
    """Mean over sliding windows of (N, C, H, W) or (C, H, W), PyTorch's ``F.avg_pool2d``.

    out[n, c, y, x] = Σ_ij input[n, c, s·y + i − p, s·x + j − p] / divisor, the padding adding
    zeros to the sum.

    Parameters
    ----------
    input : Tensor
        (N, C, H, W) or (C, H, W).
    kernel_size : int or pair
    stride : int or pair, optional
        Defaults to ``kernel_size``.
    padding : int or pair
        Zeros added on each side; at most half the kernel size.
    ceil_mode : bool
        Round the number of windows up, keeping a last partial window unless it would start in
        the right padding.
    count_include_pad : bool
        Divide by the number of window elements inside the padded input (kh·kw except for
        ceil_mode's last windows); if False, by the number inside the input itself.
    divisor_override : int, optional
        A nonzero divisor used for every window instead.
    """
    if divisor_override is not None and (
        not isinstance(divisor_override, (int, np.integer)) or isinstance(divisor_override, bool)
    ):
        raise TypeError(f"avg_pool2d: divisor_override must be an int or None, got {divisor_override!r}")
    if divisor_override == 0:
        raise ValueError("avg_pool2d: divisor_override must not be zero")
    x, unbatched = _batched(as_tensor(input, op="avg_pool2d"), "avg_pool2d")
    kernel, step, border, spacing, counts = _pool_geometry(x, kernel_size, stride, padding, 1, ceil_mode, "avg_pool2d")
    batch, channels = x.shape[:2]
    total = _pool_windows(x, kernel, step, border, spacing, counts, 0.0).sum(axis=2)
    if divisor_override is not None:
        out = total / int(divisor_override)
    else:
        sizes = [
            _covered_sizes(count, size, k, p, s, count_include_pad)
            for count, size, k, p, s in zip(counts, x.shape[2:], kernel, border, step)
        ]
        out = total / np.outer(*sizes).reshape(-1).astype(x.dtype)
    out = out.reshape((batch, channels, *counts))
    return out.reshape(out.shape[1:]) if unbatched else out
