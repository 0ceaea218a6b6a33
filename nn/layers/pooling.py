"""Pooling layers: MaxPool2d and AvgPool2d."""

from __future__ import annotations

from typing import Any

from autograd_core.tensor import Tensor
from nn import functional as F
from nn.module import Module


class MaxPool2d(Module):
    """Maximum over sliding windows of (N, C, H, W) or (C, H, W); see :func:`nn.functional.max_pool2d`.

    ``stride`` defaults to ``kernel_size``; padding counts as −∞; with ``ceil_mode`` the last
    partial windows are kept; with ``return_indices`` the call returns ``(output, indices)``,
    the flat index of each maximum in its input plane. The gradient goes to the first maximum
    of each window. Arguments are checked when the layer is called, as in PyTorch.
    """

    def __init__(
        self,
        kernel_size: Any,
        stride: Any = None,
        padding: Any = 0,
        dilation: Any = 1,
        return_indices: bool = False,
        ceil_mode: bool = False,
    ) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def forward(self, input: Any) -> Tensor | tuple[Tensor, Tensor]:
        return F.max_pool2d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.dilation,
            ceil_mode=self.ceil_mode,
            return_indices=self.return_indices,
        )

    def extra_repr(self) -> str:
        # PyTorch's text, which leaves out return_indices.
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class AvgPool2d(Module):
    """Mean over sliding windows of (N, C, H, W) or (C, H, W); see :func:`nn.functional.avg_pool2d`.

    ``stride`` defaults to ``kernel_size``. Zero padding adds nothing to the sum and counts in
    the divisor unless ``count_include_pad=False``; ``divisor_override`` replaces the divisor.
    Arguments are checked when the layer is called, as in PyTorch.
    """

    def __init__(
        self,
        kernel_size: Any,
        stride: Any = None,
        padding: Any = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
        divisor_override: int | None = None,
    ) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input: Any) -> Tensor:
        return F.avg_pool2d(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.ceil_mode,
            self.count_include_pad,
            self.divisor_override,
        )

    def extra_repr(self) -> str:
        # PyTorch's text, which shows only the window.
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"
