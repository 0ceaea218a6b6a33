"""Similarity and distance between two batches of vectors, as layers."""

from __future__ import annotations

from typing import Any

from autograd_core.ops.operands import axis_alias
from autograd_core.tensor import Tensor
from nn import functional as F
from nn.module import Module


class CosineSimilarity(Module):
    """Cosine of the angle between x₁ and x₂ along ``axis`` (``dim`` is accepted too, also as an
    attribute); see :func:`nn.functional.cosine_similarity`."""

    def __init__(self, axis: int = 1, eps: float = 1e-8, **aliases: Any) -> None:
        super().__init__()
        self.axis, _ = axis_alias(axis, aliases, "CosineSimilarity", default_axis=1)
        self.eps = eps

    @property
    def dim(self) -> int:
        """PyTorch's name for ``axis``."""
        return self.axis

    def forward(self, x1: Any, x2: Any) -> Tensor:
        return F.cosine_similarity(x1, x2, self.axis, self.eps)


class PairwiseDistance(Module):
    """‖x₁ − x₂ + ε‖_p along the last axis; see :func:`nn.functional.pairwise_distance`."""

    def __init__(self, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> None:
        super().__init__()
        self.norm = p
        self.eps = eps
        self.keepdim = keepdim

    def forward(self, x1: Any, x2: Any) -> Tensor:
        return F.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)
