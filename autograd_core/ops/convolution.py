"""Sliding windows over images: ``unfold`` (im2col) and its adjoint ``fold`` (col2im).

A convolution is ``unfold`` followed by a matrix product, and a pooling layer is ``unfold``
followed by a reduction, so these two linear primitives are all that convolutional layers
need. Each is the other's vector-Jacobian product, which makes gradients of any order exact.

Shapes follow PyTorch's ``F.unfold`` / ``F.fold``: an image batch (N, C, H, W) unfolds to
columns (N, C·kh·kw, L), where L = out_h·out_w is the number of window positions and the
column axis runs over channels, then kernel rows, then kernel columns.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import as_strided

from autograd_core.ops.operands import as_tensor
from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor

Pair = tuple[int, int]


def pair(value: Any, what: str, op: str) -> Pair:
    """``value`` as (height, width): an int means the same for both."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value), int(value)
    try:
        first, second = value
    except (TypeError, ValueError):
        raise TypeError(f"{op}: {what} must be an int or a pair of ints, got {value!r}") from None
    if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in (first, second)):
        raise TypeError(f"{op}: {what} must be an int or a pair of ints, got {value!r}")
    return int(first), int(second)


def window_count(size: int, kernel: int, dilation: int, padding: int, stride: int, ceil_mode: bool = False) -> int:
    """How many windows fit along one axis: ⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1.

    With ``ceil_mode`` (pooling), the division rounds up, so that a last partial window counts,
    unless it would start in the right padding (PyTorch's rule).
    """
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    if not ceil_mode:
        return span // stride + 1
    count = -(-span // stride) + 1
    return count - 1 if (count - 1) * stride >= size + padding else count


class _Windows:
    """The geometry shared by unfold and fold."""

    __slots__ = ()

    kernel_size: Pair
    dilation: Pair
    padding: Pair
    stride: Pair

    def counts(self, height: int, width: int) -> Pair:
        (kh, kw), (dh, dw), (ph, pw), (sh, sw) = self.kernel_size, self.dilation, self.padding, self.stride
        return window_count(height, kh, dh, ph, sh), window_count(width, kw, dw, pw, sw)


class Unfold(Primitive, _Windows):
    """Extract sliding windows: (N, C, H, W) → (N, C·kh·kw, out_h·out_w), zero padding."""

    __slots__ = ("kernel_size", "dilation", "padding", "stride", "image_size")
    name = "unfold"
    formula = "∂x = fold(g): each window's gradient added back where the window was"

    def __init__(self, kernel_size: Pair, dilation: Pair, padding: Pair, stride: Pair) -> None:
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.ndim != 4:
            raise ValueError(f"expected an image batch of shape (N, C, H, W), got shape {x.shape}")
        batch, channels, height, width = x.shape
        self.image_size = (height, width)
        out_h, out_w = self.counts(height, width)
        if out_h <= 0 or out_w <= 0:
            raise ValueError(
                f"the kernel {self.kernel_size} with dilation {self.dilation} does not fit in the "
                f"image {(height, width)} padded by {self.padding}"
            )
        (kh, kw), (dh, dw), (ph, pw), (sh, sw) = self.kernel_size, self.dilation, self.padding, self.stride
        if ph or pw:
            x = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
        s_batch, s_channel, s_row, s_column = x.strides
        windows = as_strided(
            x,
            shape=(batch, channels, kh, kw, out_h, out_w),
            strides=(s_batch, s_channel, s_row * dh, s_column * dw, s_row * sh, s_column * sw),
            writeable=False,
        )
        return windows.reshape(batch, channels * kh * kw, out_h * out_w)  # copies into column order

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        fold = Fold(self.image_size, self.kernel_size, self.dilation, self.padding, self.stride)
        return (fold.forward(grad_out) if grad_out.__class__ is np.ndarray else fold(grad_out),)


class Fold(Primitive, _Windows):
    """Sum sliding windows back into images: (N, C·kh·kw, L) → (N, C, H, W), the adjoint of unfold."""

    __slots__ = ("output_size", "kernel_size", "dilation", "padding", "stride")
    name = "fold"
    formula = "∂cols = unfold(g)"

    def __init__(self, output_size: Pair, kernel_size: Pair, dilation: Pair, padding: Pair, stride: Pair) -> None:
        self.output_size = output_size
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def forward(self, cols: np.ndarray) -> np.ndarray:
        (kh, kw), (dh, dw), (ph, pw), (sh, sw) = self.kernel_size, self.dilation, self.padding, self.stride
        height, width = self.output_size
        out_h, out_w = self.counts(height, width)
        if cols.ndim != 3 or cols.shape[1] % (kh * kw) or cols.shape[2] != out_h * out_w:
            raise ValueError(
                f"expected columns of shape (N, C·{kh}·{kw}, {out_h * out_w}) for output size "
                f"{self.output_size}, got shape {cols.shape}"
            )
        batch = cols.shape[0]
        channels = cols.shape[1] // (kh * kw)
        blocks = cols.reshape(batch, channels, kh, kw, out_h, out_w)
        image = np.zeros((batch, channels, height + 2 * ph, width + 2 * pw), dtype=cols.dtype)
        # One strided addition per kernel offset: windows overlap, but the positions that a
        # single offset touches are distinct.
        for i in range(kh):
            rows = slice(i * dh, i * dh + sh * (out_h - 1) + 1, sh)
            for j in range(kw):
                image[:, :, rows, j * dw : j * dw + sw * (out_w - 1) + 1 : sw] += blocks[:, :, i, j]
        if ph or pw:
            image = image[:, :, ph : ph + height, pw : pw + width]
        return image

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        unfold = Unfold(self.kernel_size, self.dilation, self.padding, self.stride)
        return (unfold.forward(grad_out) if grad_out.__class__ is np.ndarray else unfold(grad_out),)


def unfold(input: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1) -> Tensor:
    """Sliding windows of an image batch as columns (im2col), PyTorch's ``F.unfold``.

    Parameters
    ----------
    input : Tensor
        Images of shape (N, C, H, W).
    kernel_size, dilation, padding, stride : int or pair of ints
        Window size, spacing of the window's elements, zero padding added on each side, and
        step between windows.

    Returns
    -------
    Tensor
        Shape (N, C·kh·kw, L): column ``l`` holds the window at position ``l`` (row-major over
        the out_h × out_w positions), channels first, then kernel rows, then kernel columns.
    """
    geometry = window_geometry(kernel_size, dilation, padding, stride, "unfold")
    return Unfold(*geometry)(as_tensor(input, op="unfold"))


def fold(
    input: Any, output_size: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1
) -> Tensor:
    """Sum columns of windows back into images (col2im), PyTorch's ``F.fold``; the adjoint of unfold.

    ``input`` is (N, C·kh·kw, L), as :func:`unfold` makes it. Where windows overlap, their values
    add up: ``fold(unfold(x))`` is ``x`` times the number of windows covering each pixel.
    """
    geometry = window_geometry(kernel_size, dilation, padding, stride, "fold")
    return Fold(pair(output_size, "output_size", "fold"), *geometry)(as_tensor(input, op="fold"))


def window_geometry(
    kernel_size: Any, dilation: Any, padding: Any, stride: Any, op: str
) -> tuple[Pair, Pair, Pair, Pair]:
    """The window arguments as (height, width) pairs, checked: positive sizes, non-negative padding."""
    kernel = pair(kernel_size, "kernel_size", op)
    spacing = pair(dilation, "dilation", op)
    border = pair(padding, "padding", op)
    step = pair(stride, "stride", op)
    if min(kernel) < 1 or min(spacing) < 1 or min(step) < 1 or min(border) < 0:
        raise ValueError(
            f"{op}: kernel_size, dilation and stride must be positive and padding non-negative, got "
            f"kernel_size={kernel}, dilation={spacing}, padding={border}, stride={step}"
        )
    return kernel, spacing, border, step
