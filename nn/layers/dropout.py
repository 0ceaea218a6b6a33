"""Dropout: inverted dropout in training, the identity in evaluation."""

from __future__ import annotations

from typing import Any

from autograd_core.tensor import Tensor
from nn import functional as F
from nn.module import Module


class Dropout(Module):
    """Zero each element with probability ``p`` in training and scale the others by 1/(1 − p).

    In evaluation (``model.eval()``) it returns its input. The mask comes from
    ``ag.default_generator()``: ``ag.manual_seed`` makes it reproducible. ``inplace`` is
    accepted for compatibility; the result is the same.
    """

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:
        return F.dropout(input, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"
