"""Binary cross-entropy of probabilities, as one primitive with PyTorch's clamping.

ℓ = −(y·log p + (1 − y)·log(1 − p)) with each log clamped at −100, so that p = 0 or 1 gives a
finite loss. Composed from ``log`` and ``clip``, the clamp would need p itself clamped to
e⁻¹⁰⁰, which is subnormal in float32: its reciprocal overflows and a saturated sigmoid output
would get a NaN gradient. As one node the gradient is PyTorch's (p − y) / max(p(1 − p), 10⁻¹²),
finite for every p in [0, 1].
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core.ops import dual
from autograd_core.ops.operands import operands
from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor

LOG_FLOOR = -100.0
"""Where each log term is clamped (PyTorch's value)."""
DENOMINATOR_FLOOR = 1e-12
"""The smallest p(1 − p) the gradient divides by (PyTorch's value)."""


class BinaryCrossEntropy(Primitive):
    """ℓ = −(y·max(log p, −100) + (1 − y)·max(log(1 − p), −100)), elementwise."""

    __slots__ = ()
    name = "binary_cross_entropy"
    formula = "∂p = g·(p − y) / max(p(1 − p), 1e-12),  ∂y = g·(log(1 − p) − log p)"
    saves = ("p", "y")

    def forward(self, p: np.ndarray, y: np.ndarray) -> np.ndarray:
        if p.shape != y.shape:
            raise ValueError(f"probabilities of shape {p.shape} and targets of shape {y.shape} differ")
        with np.errstate(divide="ignore"):  # log 0 = −inf, clamped next
            log_p = np.maximum(np.log(p), LOG_FLOOR)
            log_not_p = np.maximum(np.log(1 - p), LOG_FLOOR)
        return -(y * log_p + (1 - y) * log_not_p)

    def backward(self, grad_out: Any, p: Any, y: Any) -> tuple[Any, ...]:
        needs = self.needs_input_grad
        grad_p = grad_y = None
        if needs[0]:
            denominator = p * (1.0 - p)
            small = dual.values_of(denominator) < DENOMINATOR_FLOOR
            if small.any():
                floor = np.full(small.shape, DENOMINATOR_FLOOR, dtype=dual.values_of(p).dtype)
                denominator = dual.where(small, dual.zeros(small.shape, p) + floor, denominator)
            grad_p = grad_out * (p - y) / denominator
        if needs[1]:  # PyTorch's target gradient: −g·logit(p), not clamped
            with np.errstate(divide="ignore"):
                grad_y = grad_out * (dual.log(1.0 - p) - dual.log(p))
        return grad_p, grad_y


def binary_cross_entropy(p: Any, y: Any) -> Tensor:
    """Elementwise −(y·log p + (1 − y)·log(1 − p)), each log clamped at −100 (PyTorch's rule).

    Parameters
    ----------
    p : Tensor
        Probabilities in [0, 1].
    y : Tensor or array_like
        Targets of ``p``'s shape (usually 0 or 1; any value in [0, 1] works).

    Returns
    -------
    Tensor
        The losses, of ``p``'s shape; the gradient with respect to p is
        (p − y) / max(p(1 − p), 10⁻¹²), finite also where p is exactly 0 or 1.
    """
    p, y = operands(p, y, "binary_cross_entropy")
    return BinaryCrossEntropy()(p, y)
