"""Activation layers: elementwise nonlinearities, softmax, log-softmax and softmin."""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd_core as ag
from autograd_core.ops.operands import axis_alias
from autograd_core.tensor import Tensor
from autograd_core.user_code import warn
from nn import functional as F
from nn import init
from nn.module import Module
from nn.parameter import Parameter, parameter_dtype


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


class Softmin(Softmax):
    """softmax(−x) along ``axis`` (``dim`` alias); see :func:`nn.functional.softmin`."""

    def forward(self, input: Any) -> Tensor:
        return F.softmin(input, self.axis)


class _InplaceActivation(Module):
    """An elementwise function with PyTorch's ``inplace`` flag (accepted; the result is a new Tensor)."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class SiLU(_InplaceActivation):
    """x·σ(x) (swish); see :func:`nn.functional.silu`."""

    def forward(self, input: Any) -> Tensor:
        return F.silu(input)


class Mish(_InplaceActivation):
    """x·tanh(softplus(x)); see :func:`nn.functional.mish`."""

    def forward(self, input: Any) -> Tensor:
        return F.mish(input)


class SELU(_InplaceActivation):
    """λ·elu(x, α) with PyTorch's self-normalizing constants; see :func:`nn.functional.selu`."""

    def forward(self, input: Any) -> Tensor:
        return F.selu(input)


class ELU(Module):
    """x for x > 0, α(eˣ − 1) otherwise; see :func:`nn.functional.elu`."""

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:
        return F.elu(input, self.alpha)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class CELU(ELU):
    """max(0, x) + min(0, α(e^(x/α) − 1)); see :func:`nn.functional.celu`."""

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        if alpha == 0:
            raise ValueError("CELU: alpha must not be zero (the formula divides by it)")
        super().__init__(alpha, inplace)

    def forward(self, input: Any) -> Tensor:
        return F.celu(input, self.alpha)


class Hardtanh(Module):
    """x clipped to [min_val, max_val]; see :func:`nn.functional.hardtanh`.

    ``min_value`` and ``max_value`` are PyTorch's deprecated spellings, accepted with its warning.
    """

    def __init__(
        self,
        min_val: float = -1.0,
        max_val: float = 1.0,
        inplace: bool = False,
        min_value: float | None = None,
        max_value: float | None = None,
    ) -> None:
        super().__init__()
        if min_value is not None:
            warn("keyword argument `min_value` is deprecated and rename to `min_val`")
            min_val = min_value
        if max_value is not None:
            warn("keyword argument `max_value` is deprecated and rename to `max_val`")
            max_val = max_value
        if max_val < min_val:
            raise ValueError(f"{type(self).__name__}: max_val ({max_val}) must not be less than min_val ({min_val})")
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:
        return F.hardtanh(input, self.min_val, self.max_val)

    def extra_repr(self) -> str:
        return f"min_val={self.min_val}, max_val={self.max_val}" + (", inplace=True" if self.inplace else "")


class ReLU6(Hardtanh):
    """min(max(x, 0), 6), PyTorch's hardtanh on [0, 6]; see :func:`nn.functional.relu6`."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__(0.0, 6.0, inplace)

    def forward(self, input: Any) -> Tensor:
        return F.relu6(input)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class Hardsigmoid(Module):
    """relu6(x + 3) / 6; see :func:`nn.functional.hardsigmoid`. PyTorch prints no ``inplace``."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:
        return F.hardsigmoid(input)


class Hardswish(Hardsigmoid):
    """x·relu6(x + 3) / 6; see :func:`nn.functional.hardswish`."""

    def forward(self, input: Any) -> Tensor:
        return F.hardswish(input)


class LogSigmoid(Module):
    """log σ(x), stable for any x; see :func:`nn.functional.logsigmoid`."""

    def forward(self, input: Any) -> Tensor:
        return F.logsigmoid(input)


class Softsign(Module):
    """x / (1 + |x|)."""

    def forward(self, input: Any) -> Tensor:
        return F.softsign(input)


class Tanhshrink(Module):
    """x − tanh(x)."""

    def forward(self, input: Any) -> Tensor:
        return F.tanhshrink(input)


class Softshrink(Module):
    """x ∓ λ beyond ±λ, 0 between; see :func:`nn.functional.softshrink`."""

    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        if lambd < 0:
            raise ValueError(f"{type(self).__name__}: lambd must be greater or equal to 0, got {lambd}")
        self.lambd = lambd

    def forward(self, input: Any) -> Tensor:
        return F.softshrink(input, self.lambd)

    def extra_repr(self) -> str:
        return str(self.lambd)  # PyTorch's repr: Softshrink(0.5)


class Hardshrink(Softshrink):
    """x where |x| > λ, else 0; see :func:`nn.functional.hardshrink`."""

    def forward(self, input: Any) -> Tensor:
        return F.hardshrink(input, self.lambd)


class Threshold(Module):
    """x where x > ``threshold``, else ``value``; see :func:`nn.functional.threshold`."""

    def __init__(self, threshold: float, value: float, inplace: bool = False) -> None:
        super().__init__()
        self.threshold = threshold
        self.value = value
        self.inplace = inplace

    def forward(self, input: Any) -> Tensor:
        return F.threshold(input, self.threshold, self.value)

    def extra_repr(self) -> str:
        return f"threshold={self.threshold}, value={self.value}" + (", inplace=True" if self.inplace else "")


class PReLU(Module):
    """Parametric ReLU, x for x > 0 and a·x otherwise, with learned slopes a.

    Parameters
    ----------
    num_parameters : int
        1 (one slope shared by all channels) or the number of channels, axis 1 of the input.
    init : float
        The slopes' initial value.
    device, dtype
        As for :class:`~nn.Linear`.

    Attributes
    ----------
    weight : Parameter
        Shape (num_parameters,).
    """

    def __init__(self, num_parameters: int = 1, init: float = 0.25, device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        if not isinstance(num_parameters, (int, np.integer)) or isinstance(num_parameters, bool) or num_parameters < 1:
            raise ValueError(f"PReLU: num_parameters must be a positive int, got {num_parameters!r}")
        self.num_parameters = int(num_parameters)
        self.init = init
        self.weight = Parameter(np.empty((self.num_parameters,), dtype=parameter_dtype(dtype, device, "PReLU")))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Set every slope to ``init``."""
        init.constant_(self.weight, self.init)

    def forward(self, input: Any) -> Tensor:
        return F.prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class GLU(Module):
    """a·σ(b) of the two halves of the input along ``axis`` (``dim`` is accepted too, also as an
    attribute); see :func:`nn.functional.glu`."""

    def __init__(self, axis: int = -1, **aliases: Any) -> None:
        super().__init__()
        self.axis, _ = axis_alias(axis, aliases, "GLU", default_axis=-1)

    @property
    def dim(self) -> int:
        """PyTorch's name for ``axis``."""
        return self.axis

    def forward(self, input: Any) -> Tensor:
        return F.glu(input, self.axis)

    def extra_repr(self) -> str:
        return f"dim={self.axis}"  # PyTorch's repr
