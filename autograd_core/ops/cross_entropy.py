"""Softmax cross-entropy from logits against a constant target matrix, as one primitive.

Every form of cross-entropy — class indices, class weights, ignored samples, label smoothing,
probability targets — is, row by row, ℓᵢ = −Σ_c Tᵢc · log softmax(xᵢ)_c for a constant matrix
T (one-hot rows scaled by class weights, smoothed rows, probability rows, zero rows for ignored
samples). One node computes the log-softmax once, stably, and its gradient is the familiar
softmax(x)·Σ_c T − T (ŷ − y for one-hot rows), so training costs what a hand-written
softmax/cross-entropy layer costs.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd_core.ops.operands import as_tensor
from autograd_core.ops.shape import row_maxima, row_sums
from autograd_core.ops.softmax import finite_shift, softmax
from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor


class SoftmaxCrossEntropy(Primitive):
    """Rows ℓᵢ = −Σ_c Tᵢc log softmax(xᵢ)_c of logits x (M, C); either all of them or scale·Σᵢ ℓᵢ."""

    __slots__ = ("target", "target_mass", "scale", "reduce", "probabilities")
    name = "softmax_cross_entropy"
    formula = "∂x = g·(softmax(x)·Σ_c T − T)"
    saves = ("x", "probabilities")

    def __init__(self, target: np.ndarray, target_mass: Any, scale: float, reduce: bool) -> None:
        self.target = target
        self.target_mass = target_mass
        self.scale = scale
        self.reduce = reduce

    def forward(self, x: np.ndarray) -> np.ndarray:
        target = self.target
        if x.ndim != 2 or x.shape != target.shape:
            raise ValueError(f"logits of shape {x.shape} do not match the target matrix of shape {target.shape}")
        if self.target_mass is None:
            self.target_mass = target.sum(axis=1, keepdims=True)
        shifted = x - row_maxima(x)
        probabilities = np.exp(shifted)
        sums = row_sums(probabilities)
        probabilities /= sums
        self.probabilities = probabilities
        log_sums = np.log(sums)
        if self.reduce:
            # Σᵢ ℓᵢ = Σᵢ mᵢ·log sᵢ − Σᵢ Σ_c Tᵢc·shiftedᵢc, with the row masses mᵢ = Σ_c Tᵢc: the
            # log-softmax matrix itself is not needed. Both sums are of non-negative terms (for
            # T ≥ 0), so nothing cancels. Python floats: no NumPy scalar math.
            mass = self.target_mass
            if mass.__class__ is not np.ndarray:  # one mass for every row (1.0 for one-hot rows)
                normalizers = float(mass) * float(np.add.reduce(log_sums, axis=None))
            else:
                normalizers = float(np.vdot(mass, log_sums))
            total = (normalizers - float(np.vdot(target, shifted))) * self.scale
            if math.isfinite(total):
                return np.asarray(total, dtype=x.dtype)
            return np.asarray(self._careful_losses(x).sum() * self.scale, dtype=x.dtype)
        log_probabilities = shifted
        log_probabilities -= log_sums
        losses = -(target * log_probabilities).sum(axis=1)
        return losses if np.isfinite(losses).all() else self._careful_losses(x)

    def _careful_losses(self, x: np.ndarray) -> np.ndarray:
        """The row losses when infinities are about: logits of −inf give log p = −inf, which
        must contribute nothing where T is 0 (0·(−inf) would be NaN), and rows of +inf."""
        shifted = x - finite_shift(x, (1,))
        with np.errstate(divide="ignore", invalid="ignore"):
            log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
            return -np.where(self.target == 0, 0, self.target * log_probabilities).sum(axis=1)

    def backward(self, grad_out: Any, x: Any, probabilities: np.ndarray) -> tuple[Any, ...]:
        recording = x.__class__ is not np.ndarray
        if recording:  # the softmax must be differentiable too
            probabilities = softmax(x, 1)
        if not self.reduce:
            row_grad = grad_out.reshape((-1, 1))
        elif recording:
            row_grad = grad_out * self.scale
        else:
            row_grad = float(grad_out) * self.scale  # a Python float: cheaper than a 0-d array, same dtype
        mass = self.target_mass
        if mass.__class__ is float and mass == 1.0:
            return ((probabilities - self.target) * row_grad,)
        return ((probabilities * mass - self.target) * row_grad,)

    def release(self) -> None:
        super().release()
        self.target = None
        self.target_mass = None


def softmax_cross_entropy(
    x: Any,
    target: Any,
    reduction: str = "mean",
    normalizer: float | None = None,
    target_mass: Any = None,
) -> Tensor:
    """Cross-entropy −Σ_c T_c log softmax(x)_c of logits ``x`` (M, C) per row, against constants T.

    The gradient with respect to the logits is softmax(x)·Σ_c T − T per row (ŷ − y for one-hot
    rows), times the incoming gradient.

    Parameters
    ----------
    x : Tensor
        Logits, one row per sample; any magnitude (the log-softmax is computed stably).
    target : array_like
        The constant matrix T of x's shape: one-hot rows for class indices (scaled by class
        weights, zero for ignored samples), probabilities, or smoothed labels.
    reduction : {"mean", "sum", "none"}
        ``"none"``: the M row losses; ``"sum"``: their sum; ``"mean"``: their sum divided by
        ``normalizer`` (M by default).
    normalizer : float, optional
        The divisor for ``"mean"``.
    target_mass : float or array, optional
        The row sums Σ_c T_c, shape (M, 1), when the caller knows them (the float 1.0 for
        one-hot rows); computed when None.

    Returns
    -------
    Tensor
        A scalar, or M values for ``reduction="none"``.
    """
    if not isinstance(x, Tensor):
        x = as_tensor(x, op="softmax_cross_entropy")
    if isinstance(target, Tensor):
        target = target._data
    dtype = x._data.dtype
    if target.__class__ is not np.ndarray or target.dtype != dtype:
        target = np.asarray(target, dtype=dtype)
    if reduction == "mean":
        count = x._data.shape[0] if normalizer is None else normalizer
        if not count:  # a mean over no samples (all ignored): NaN, but no gradient, as in PyTorch
            return SoftmaxCrossEntropy(target, target_mass, 0.0, True)(x) + math.nan
        return SoftmaxCrossEntropy(target, target_mass, 1.0 / count, True)(x)
    if reduction == "sum":
        return SoftmaxCrossEntropy(target, target_mass, 1.0, True)(x)
    if reduction == "none":
        return SoftmaxCrossEntropy(target, target_mass, 1.0, False)(x)
    raise ValueError(f"softmax_cross_entropy: reduction must be 'mean', 'sum' or 'none', got {reduction!r}")
