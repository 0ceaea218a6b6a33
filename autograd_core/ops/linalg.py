"""Matrix multiplication with NumPy's matmul semantics (1-D, 2-D and batched broadcasting), and
PyTorch's narrower ``mm`` (matrices) and ``dot`` (vectors) on the same primitive; PyTorch's
``outer``, ``tril``, ``triu`` and ``trace`` by composition."""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd_core.ops.binary as binary
import autograd_core.ops.dual as dual
import autograd_core.ops.indexing as indexing
import autograd_core.ops.reduction as reduction
import autograd_core.ops.shape as shape_ops
import autograd_core.ops.unary as unary
from autograd_core.errors import DtypeError, InputError
from autograd_core.ops.operands import as_tensor, operands
from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor, make_tensor


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


def bmm(a: Any, b: Any) -> Tensor:
    """PyTorch's ``bmm``: the products of two batches of matrices, (b, n, k) @ (b, k, m) → (b, n, m)
    (3-D only, the same batch size; :func:`matmul` broadcasts the rest)."""
    a, b = operands(a, b, "bmm")
    if a.ndim != 3 or b.ndim != 3:
        raise InputError(
            f"bmm: expects two batches of matrices (3-D), got shapes {tuple(a.shape)} and {tuple(b.shape)}"
        )
    if a.shape[0] != b.shape[0] or a.shape[2] != b.shape[1]:
        raise InputError(
            f"bmm: cannot multiply shapes {tuple(a.shape)} and {tuple(b.shape)}: the batch sizes must be equal "
            f"and {a.shape[2]} must equal {b.shape[1]}"
        )
    return MatMul()(a, b)


def diag(x: Any, diagonal: int = 0) -> Tensor:
    """PyTorch's ``diag``: a vector's square matrix with the vector on a diagonal, or a matrix's
    diagonal as a vector.

    ``diagonal`` = 0 is the main diagonal, k > 0 the k-th above it, k < 0 below. Both ways are
    compositions of indexing, so the gradient of one is the other.
    """
    x = as_tensor(x, op="diag")
    if not isinstance(diagonal, (int, np.integer)) or isinstance(diagonal, bool):
        raise TypeError(f"diag: diagonal must be an int, got {diagonal!r}")
    offset = int(diagonal)
    if x.ndim == 1:
        size = x.shape[0] + abs(offset)
        positions = np.arange(x.shape[0])
        rows, columns = (positions, positions + offset) if offset >= 0 else (positions - offset, positions)
        return indexing.ScatterAdd((rows, columns), (size, size))(x)
    if x.ndim != 2:
        raise InputError(f"diag: expects a vector or a matrix (1-D or 2-D), got shape {tuple(x.shape)}")
    row_count, column_count = x.shape
    start_row, start_column = (0, offset) if offset >= 0 else (-offset, 0)
    length = max(0, min(row_count - start_row, column_count - start_column))
    positions = np.arange(length)
    return indexing.getitem(x, (positions + start_row, positions + start_column))


def dot(a: Any, b: Any) -> Tensor:
    """PyTorch's ``dot``: Σᵢ aᵢbᵢ of two vectors of one length (1-D only, unlike NumPy's ``dot``)."""
    a, b = operands(a, b, "dot")
    if a.ndim != 1 or b.ndim != 1:
        raise InputError(f"dot: expects two vectors (1-D), got shapes {tuple(a.shape)} and {tuple(b.shape)}")
    if a.shape != b.shape:
        raise InputError(f"dot: the vectors have different lengths, shapes {tuple(a.shape)} and {tuple(b.shape)}")
    return MatMul()(a, b)


def outer(a: Any, b: Any) -> Tensor:
    """PyTorch's ``outer``: the matrix out[i, j] = aᵢ·bⱼ of two vectors (1-D only), a broadcast product."""
    a, b = operands(a, b, "outer")
    if a.ndim != 1 or b.ndim != 1:
        raise InputError(f"outer: expects two vectors (1-D), got shapes {tuple(a.shape)} and {tuple(b.shape)}")
    return binary.mul(shape_ops.reshape(a, (a.shape[0], 1)), shape_ops.reshape(b, (1, b.shape[0])))


def tril(x: Any, diagonal: int = 0) -> Tensor:
    """The lower triangle of a matrix (of each matrix in a batch: the last two axes), zeros above.

    PyTorch's ``tril``: entry (i, j) is kept where j − i ≤ ``diagonal`` (0 the main diagonal,
    positive above it, negative below). Built as ``where`` with a constant mask, so the
    gradient is g's lower triangle, and infinities above the diagonal become 0 (not NaN).
    """
    return _triangle(x, diagonal, "tril")


def triu(x: Any, diagonal: int = 0) -> Tensor:
    """The upper triangle of a matrix (of each matrix in a batch), zeros below: entry (i, j) is
    kept where j − i ≥ ``diagonal`` (PyTorch's ``triu``; see :func:`tril`)."""
    return _triangle(x, diagonal, "triu")


def _triangle(x: Any, diagonal: int, op: str) -> Tensor:
    x = as_tensor(x, op=op)
    if x.ndim < 2:
        raise InputError(f"{op}: expects a matrix or a batch of matrices (at least 2 axes), got shape {tuple(x.shape)}")
    if not isinstance(diagonal, (int, np.integer)) or isinstance(diagonal, bool):
        raise TypeError(f"{op}: diagonal must be an int, got {diagonal!r}")
    rows, columns = x.shape[-2:]
    if op == "tril":
        keep = np.tri(rows, columns, int(diagonal), dtype=bool)
    else:
        keep = ~np.tri(rows, columns, int(diagonal) - 1, dtype=bool)
    return binary.where(keep, x, make_tensor(np.zeros((), dtype=x.dtype)))


def trace(x: Any) -> Tensor:
    """PyTorch's ``trace``: Σᵢ x[i, i] of a matrix (2-D only; a rectangular one has min(n, m)
    diagonal entries). Integer matrices give int64, as in PyTorch. The gradient is g on the diagonal."""
    x = as_tensor(x, op="trace")
    if x.ndim != 2:
        raise InputError(f"trace: expects a matrix (2-D), got shape {tuple(x.shape)}")
    kind = x._data.dtype.kind
    if kind == "b":
        raise DtypeError("trace: not defined for bool tensors (as in PyTorch); cast with .long() first")
    positions = np.arange(min(x.shape))
    diagonal = indexing.getitem(x, (positions, positions))
    if kind in "iu" and x._data.dtype != np.int64:
        diagonal = unary.astype(diagonal, np.int64)
    return reduction.sum(diagonal)
