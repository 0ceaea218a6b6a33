"""Conv2d: 2-D convolution (cross-correlation) over image batches."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core.ops.convolution import pair
from autograd_core.tensor import Tensor
from nn import functional as F
from nn import init
from nn.module import Module
from nn.parameter import Parameter, parameter_dtype


class Conv2d(Module):
    """2-D convolution of (N, C_in, H, W) into (N, C_out, H_out, W_out), PyTorch's ``Conv2d``.

    out[n, o] = b[o] + Σ_c W[o, c] ⋆ x[n, c], with H_out = ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1.

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size : int or pair
    stride, dilation : int or pair
    padding : int, pair, "valid" or "same"
        Zero padding on each side ("same" keeps the size, stride 1 only).
    groups : int
        Channels split into independent groups (``in_channels`` and ``out_channels``
        divisible by it).
    bias : bool
    padding_mode : "zeros"
        The only mode supported.
    device : str, optional
        Only "cpu" (the arrays are NumPy's), accepted for PyTorch's signature.
    dtype : dtype, optional
        The parameters' dtype (the default float dtype, float32 unless changed).

    Attributes
    ----------
    weight : Parameter
        (out_channels, in_channels / groups, kh, kw), initialized as in PyTorch from
        U(−1/√fan_in, 1/√fan_in), fan_in = in_channels / groups · kh · kw; ``bias`` likewise.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Any,
        stride: Any = 1,
        padding: Any = 0,
        dilation: Any = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        if groups <= 0 or in_channels % groups or out_channels % groups:
            raise ValueError(
                f"Conv2d: in_channels ({in_channels}) and out_channels ({out_channels}) must be divisible "
                f"by groups ({groups})"
            )
        if padding_mode != "zeros":
            raise ValueError(f"Conv2d: only padding_mode='zeros' is supported, got {padding_mode!r}")
        if isinstance(padding, str):
            if padding not in ("valid", "same"):
                raise ValueError(f"Conv2d: padding must be an int, a pair, 'valid' or 'same', got {padding!r}")
            if padding == "same" and pair(stride, "stride", "Conv2d") != (1, 1):
                raise ValueError("Conv2d: padding='same' is not supported for strided convolutions")
        else:
            padding = pair(padding, "padding", "Conv2d")
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = pair(kernel_size, "kernel_size", "Conv2d")
        self.stride = pair(stride, "stride", "Conv2d")
        self.padding = padding
        self.dilation = pair(dilation, "dilation", "Conv2d")
        self.groups = groups
        self.padding_mode = padding_mode
        dtype = parameter_dtype(dtype, device, "Conv2d")
        shape = (out_channels, in_channels // groups, *self.kernel_size)
        self.weight = Parameter(np.empty(shape, dtype=dtype))
        if bias:
            self.bias = Parameter(np.empty((out_channels,), dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw new initial values (PyTorch's default initialization)."""
        init.default_layer_init_(self.weight, self.bias)

    def forward(self, input: Any) -> Tensor:
        return F.conv2d(input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)

    def extra_repr(self) -> str:
        text = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0, 0):
            text += f", padding={self.padding}"  # a string without quotes, as PyTorch prints it
        if self.dilation != (1, 1):
            text += f", dilation={self.dilation}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        return text
