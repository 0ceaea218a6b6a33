"""Scaling a gradient on its way back, leaving the value alone: PyTorch's scale_grad_by_freq."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core.ops.operands import as_tensor
from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor


class ScaleGradient(Primitive):
    """out = x, with the gradient multiplied by a constant ``scale`` on its way to x.

    Not a derivative but a chosen modification of one (as PyTorch's ``scale_grad_by_freq``),
    so it has no consistent second derivative: a recorded backward through it is refused
    with a clear error rather than given numbers that differentiate something else.
    """

    __slots__ = ("scale",)
    name = "scale_gradient"
    formula = "out = x,  ∂x = g·scale (a modified gradient, not a derivative)"

    def __init__(self, scale: np.ndarray) -> None:
        self.scale = scale

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x.copy()

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        if grad_out.__class__ is not np.ndarray:
            raise NotImplementedError(
                "scale_gradient (embedding's scale_grad_by_freq): a scaled gradient is not a derivative, "
                "so it cannot be differentiated again; use create_graph=False through it"
            )
        return (grad_out * self.scale,)


def scale_gradient(x: Any, scale: Any) -> Tensor:
    """``x`` itself, whose gradient is multiplied by ``scale`` (broadcast to x) in backward."""
    x = as_tensor(x, op="scale_gradient")
    return ScaleGradient(np.asarray(scale, dtype=x.dtype))(x)
