"""Matrix multiplication with NumPy's matmul semantics (1-D, 2-D and batched broadcasting), and
PyTorch's narrower ``mm`` (matrices) and ``dot`` (vectors) on the same primitive."""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd_core.ops.dual as dual
from autograd_core.errors import InputError
from autograd_core.ops.operands import operands
from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor


class MatMul(Primitive):
    __slots__ = ()
    name = "matmul"
    formula = "∂a = g·bᵀ,  ∂b = aᵀ·g"
    saves = ("a", "b")

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if a.ndim == 0 or b.ndim == 0:
            raise ValueError("matmul needs tensors with at least one axis (use * for scalars)")
        return np.matmul(a, b)

    def describe_error(self, inputs: tuple[Tensor, ...], error: BaseException) -> str:
        reason = str(error).removeprefix("matmul: ")
        return f"matmul: cannot multiply shapes {tuple(inputs[0].shape)} and {tuple(inputs[1].shape)}: {reason}"

    def backward(self, grad_out: Any, a: Any, b: Any) -> tuple[Any, ...]:
        needs_a, needs_b = self.needs_input_grad
        if a.ndim == 2 and b.ndim == 2:
            # The common case: no promotion of vectors, no batch axes. Each gradient is computed
            # in its operand's memory order, so that a weight used as W.T gets a row-major
            # gradient (an update mixing memory orders is several times slower).
            grad_a = grad_b = None
            if needs_a:
                grad_a = (b @ grad_out.T).T if _column_major(a) else grad_out @ b.T
            if needs_b:
                grad_b = (grad_out.T @ a).T if _column_major(b) else a.T @ grad_out
            return grad_a, grad_b
        # Promote vectors to matrices as NumPy does: a (k,) → (1, k), b (k,) → (k, 1).
        a2 = a.reshape((1, a.shape[0])) if a.ndim == 1 else a
        b2 = b.reshape((b.shape[0], 1)) if b.ndim == 1 else b
        out_shape = np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2]) + (a2.shape[-2], b2.shape[-1])
        grad2 = grad_out.reshape(out_shape)
        grad_a = grad_b = None
        if needs_a:
            grad_a = dual.sum_to(grad2 @ b2.swapaxes(-1, -2), a2.shape).reshape(a.shape)
        if needs_b:
            grad_b = dual.sum_to(a2.swapaxes(-1, -2) @ grad2, b2.shape).reshape(b.shape)
        return grad_a, grad_b


def _column_major(operand: Any) -> bool:
    flags = dual.values_of(operand).flags
    return flags.f_contiguous and not flags.c_contiguous


def matmul(a: Any, b: Any) -> Tensor:
    """Matrix product with NumPy's rules: vectors are promoted, batch axes broadcast."""
    a, b = operands(a, b, "matmul")
    return MatMul()(a, b)


def mm(a: Any, b: Any) -> Tensor:
    """PyTorch's ``mm``: the product of two matrices (2-D only; :func:`matmul` for the rest)."""
    a, b = operands(a, b, "mm")
    if a.ndim != 2 or b.ndim != 2:
        raise InputError(f"mm: expects two matrices (2-D), got shapes {tuple(a.shape)} and {tuple(b.shape)}")
    if a.shape[1] != b.shape[0]:
        raise InputError(
            f"mm: cannot multiply shapes {tuple(a.shape)} and {tuple(b.shape)}: {a.shape[1]} ≠ {b.shape[0]}"
        )
    return MatMul()(a, b)


def dot(a: Any, b: Any) -> Tensor:
    """PyTorch's ``dot``: Σᵢ aᵢbᵢ of two vectors of one length (1-D only, unlike NumPy's ``dot``)."""
    a, b = operands(a, b, "dot")
    if a.ndim != 1 or b.ndim != 1:
        raise InputError(f"dot: expects two vectors (1-D), got shapes {tuple(a.shape)} and {tuple(b.shape)}")
    if a.shape != b.shape:
        raise InputError(f"dot: the vectors have different lengths, shapes {tuple(a.shape)} and {tuple(b.shape)}")
    return MatMul()(a, b)
