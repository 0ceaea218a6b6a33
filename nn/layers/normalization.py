"""Layer normalization."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from autograd_core.tensor import Tensor
from nn import functional as F
from nn.module import Module
from nn.parameter import Parameter, parameter_dtype


class LayerNorm(Module):
    """Normalize each sample over its last axes: y = (x − μ)/√(σ² + ε)·γ + β.

    Parameters
    ----------
    normalized_shape : int or tuple of int
        The shape of the last axes to normalize over.
    eps : float
        Added to the variance for stability.
    elementwise_affine : bool
        Learn γ (``weight``, ones) and, if ``bias``, β (``bias``, zeros), of shape
        ``normalized_shape``.
    bias : bool
        Learn β (when ``elementwise_affine``).
    device : str, optional
        Only "cpu" (the arrays are NumPy's), accepted for PyTorch's signature.
    dtype : dtype, optional
        The parameters' dtype (the default float dtype, float32 unless changed).
    """

    def __init__(
        self,
        normalized_shape: int | Sequence[int],
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        if isinstance(normalized_shape, (int, np.integer)):
            normalized_shape = (int(normalized_shape),)
        self.normalized_shape = tuple(int(size) for size in normalized_shape)
        if eps <= 0:
            raise ValueError(f"LayerNorm: eps must be positive, got {eps}")
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        dtype = parameter_dtype(dtype, device, "LayerNorm")
        if elementwise_affine:
            self.weight = Parameter(np.ones(self.normalized_shape, dtype=dtype))
            if bias:
                self.bias = Parameter(np.zeros(self.normalized_shape, dtype=dtype))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)

    def forward(self, input: Any) -> Tensor:
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (
            f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, "
            f"bias={self.bias is not None}"
        )
