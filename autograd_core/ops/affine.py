"""The affine map of a dense layer, x·Wᵀ + b, as one primitive.

Composed from ``matmul``, ``transpose`` and ``add`` it would be three graph nodes and, in the
backward pass, a gradient for Wᵀ that must be transposed back; as one node it costs what the
hand-written layer costs: one matrix product forward, two backward, one sum for the bias.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd_core.ops.shape as shape_ops
from autograd_core.ops import dual
from autograd_core.ops.operands import as_tensor
from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor


class Linear(Primitive):
    """y = x·Wᵀ + b for x of shape (..., in), W of shape (out, in) and b of shape (out,).

    The bias is optional: ``forward(x, weight)`` or ``forward(x, weight, bias)``.
    """

    __slots__ = ()
    name = "linear"
    formula = "∂x = g·W,  ∂W = gᵀ·x,  ∂b = Σ g over the batch axes"
    saves = ("x", "weight")

    def forward(self, x: np.ndarray, weight: np.ndarray, *bias: np.ndarray) -> np.ndarray:
        if weight.ndim != 2 or x.ndim == 0 or x.shape[-1] != weight.shape[1]:
            raise ValueError(
                f"the input's last axis (input shape {x.shape}) must match in_features of the weight "
                f"(out_features, in_features) = {weight.shape}"
            )
        out = x.dot(weight.T) if x.ndim == 2 else np.matmul(x, weight.T)  # dot does less per call than matmul
        if bias:
            (b,) = bias
            if b.shape != (weight.shape[0],):
                raise ValueError(f"the bias must have shape ({weight.shape[0]},), got {b.shape}")
            if b.dtype is out.dtype or b.dtype == np.result_type(out, b):
                out += b  # in place: the product is a fresh array
            else:
                out = out + b
        return out

    def backward(self, grad_out: Any, x: Any, weight: Any) -> tuple[Any, ...]:
        needs = self.needs_input_grad
        # The products and the sum, as NumPy calls on a first-order batch of rows (the usual
        # case: no wrapper calls), as recorded ops otherwise.
        if grad_out.__class__ is np.ndarray and x.ndim == 2:
            matmul, column_sums = np.ndarray.dot, shape_ops.column_sums
        else:
            matmul, column_sums = dual.matmul, dual.column_sums
        grad_x = matmul(grad_out, weight) if needs[0] else None
        grad_weight = grad_bias = None
        if needs[1]:
            if x.ndim == 2:
                grad_weight = matmul(grad_out.T, x)
            else:  # every leading axis is a batch axis: fold them into one
                grad_weight = grad_out.reshape((-1, weight.shape[0])).T @ x.reshape((-1, weight.shape[1]))
        if len(needs) == 3 and needs[2]:
            grad_bias = column_sums(grad_out) if grad_out.ndim == 2 else grad_out.sum(axis=tuple(range(x.ndim - 1)))
        return (grad_x, grad_weight, grad_bias)[: len(needs)]


def linear(input: Any, weight: Any, bias: Any = None) -> Tensor:
    """The affine map x·Wᵀ + b of a dense layer (PyTorch's ``F.linear``).

    Parameters
    ----------
    input : Tensor
        Input of shape (..., in_features).
    weight : Tensor
        Weight of shape (out_features, in_features).
    bias : Tensor, optional
        Bias of shape (out_features,).

    Returns
    -------
    Tensor
        Shape (..., out_features).
    """
    # Tensors (the layer's case, every step) skip the conversions.
    x = input if isinstance(input, Tensor) else as_tensor(input, op="linear")
    if not isinstance(weight, Tensor):
        weight = as_tensor(weight, x, op="linear")
    if bias is None:
        return Linear()(x, weight)
    return Linear()(x, weight, bias if isinstance(bias, Tensor) else as_tensor(bias, x, op="linear"))
