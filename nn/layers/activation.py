"""Activation layers: elementwise nonlinearities, softmax and log-softmax."""

from __future__ import annotations

from typing import Any

import autograd_core as ag
from autograd_core.ops.operands import axis_alias
from autograd_core.tensor import Tensor
from nn import functional as F
from nn.module import Module


class ReLU(Module):
    """max(x, 0) elementwise. ``inplace`` is accepted for compatibility; the result is the same."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:
        return ag.relu(input)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class LeakyReLU(Module):
    """x if x > 0 else negative_slope·x."""

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:
        return ag.leaky_relu(input, self.negative_slope)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class Sigmoid(Module):
    """σ(x) = 1 / (1 + e⁻ˣ)."""

    def forward(self, input: Any) -> Tensor:
        return ag.sigmoid(input)


class Tanh(Module):
    """Hyperbolic tangent."""

    def forward(self, input: Any) -> Tensor:
        return ag.tanh(input)


class GELU(Module):
    """x·Φ(x): exact with erf (``approximate="none"``, PyTorch's default) or the tanh formula."""

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh', got {approximate!r}")
        self.approximate = approximate

    def forward(self, input: Any) -> Tensor:
        return ag.gelu(input, self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class Softplus(Module):
    """log(1 + e^(βx)) / β, linear above ``threshold``; see :func:`nn.functional.softplus`."""

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input: Any) -> Tensor:
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class Softmax(Module):
    """exp(x) / Σ exp(x) along ``axis`` (PyTorch's ``dim`` is accepted too, also as an attribute).

    Without an axis (``axis=None``), PyTorch's implicit choice, with its warning: axis 0 for 0-,
    1- and 3-D inputs, else axis 1 (see :func:`nn.functional.softmax`).
    """

    def __init__(self, axis: int | None = None, **aliases: Any) -> None:
        super().__init__()
        self.axis, _ = axis_alias(axis, aliases, type(self).__name__)

    @property
    def dim(self) -> int | None:
        """PyTorch's name for ``axis``."""
        return self.axis

    def forward(self, input: Any) -> Tensor:
        return F.softmax(input, self.axis)

    def extra_repr(self) -> str:
        return f"dim={self.axis}"  # PyTorch's repr


class LogSoftmax(Softmax):
    """x − logsumexp(x) along ``axis``: log-probabilities, for :class:`~nn.NLLLoss`."""

    def forward(self, input: Any) -> Tensor:
        return F.log_softmax(input, self.axis)
