"""Masks, signs and tie-sharing weights inside VJPs: piecewise-constant functions of the inputs."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor


class PiecewiseConstant(Primitive):
    """Values computed from the inputs by comparisons only (a mask, a sign, shares of a tie).

    Such a function is constant wherever it is differentiable, so its derivative is 0. A
    recorded backward uses it instead of a plain constant so that the gradient it helps build
    stays connected to the inputs: differentiating that gradient again then gives zeros (as in
    PyTorch) rather than failing because nothing requires grad.
    """

    __slots__ = ("values",)
    name = "piecewise_constant"
    formula = "∂x = 0 (constant between the points where it jumps)"

    def __init__(self, values: np.ndarray) -> None:
        self.values = values

    def forward(self, *inputs: np.ndarray) -> np.ndarray:
        return self.values

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        zeros = grad_out * 0.0  # the engine sums it back to each input's shape
        return tuple(zeros if needed else None for needed in self.needs_input_grad)


def piecewise_constant(values: np.ndarray, *inputs: Any) -> Any:
    """``values`` derived from ``inputs`` by comparisons: the array itself in a first-order
    backward, a recorded Tensor of derivative 0 when the backward is being recorded."""
    tensors = [item for item in inputs if isinstance(item, Tensor)]
    if not tensors:
        return values
    return PiecewiseConstant(np.asarray(values, dtype=tensors[0].dtype))(*tensors)
