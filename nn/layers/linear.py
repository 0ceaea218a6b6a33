"""Linear (alias Dense): the fully connected layer y = x·Wᵀ + b."""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd_core as ag
from autograd_core.tensor import Tensor
from nn import init
from nn.module import Module
from nn.parameter import Parameter, parameter_dtype


def _count(value: Any, what: str, layer: str) -> int:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{layer}: {what} must be a non-negative int, got {value!r}")
    return int(value)


class Linear(Module):
    """Fully connected layer: y = x·Wᵀ + b, for inputs of shape (..., in_features).

    Parameters
    ----------
    in_features, out_features : int
        Sizes of each input and output sample.
    bias : bool
        Whether to learn the additive bias b.
    device : str, optional
        Only "cpu" (the arrays are NumPy's), accepted for PyTorch's signature.
    dtype : dtype, optional
        The parameters' dtype (the default float dtype, float32 unless changed).

    Attributes
    ----------
    weight : Parameter
        Shape (out_features, in_features), as in PyTorch, so that state dicts exchange with
        it. Initialized from U(−1/√in_features, 1/√in_features) (PyTorch's
        ``kaiming_uniform_(a=√5)``).
    bias : Parameter or None
        Shape (out_features,), initialized from the same distribution.
    """

    def __init__(
        self, in_features: int, out_features: int, bias: bool = True, device: Any = None, dtype: Any = None
    ) -> None:
        super().__init__()
        self.in_features = _count(in_features, "in_features", "Linear")
        self.out_features = _count(out_features, "out_features", "Linear")
        dtype = parameter_dtype(dtype, device, "Linear")
        self.weight = Parameter(np.empty((self.out_features, self.in_features), dtype=dtype))
        if bias:
            self.bias = Parameter(np.empty((self.out_features,), dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw new initial values (PyTorch's default initialization)."""
        init.default_layer_init_(self.weight, self.bias)

    def forward(self, input: Any) -> Tensor:
        return ag.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


Dense = Linear
