"""Batch normalization over (N, C), (N, C, L) and (N, C, H, W) inputs."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core.errors import InputError
from autograd_core.ops.operands import as_tensor
from autograd_core.tensor import Tensor
from nn import functional as F
from nn.module import Module
from nn.parameter import Parameter, parameter_dtype


class _BatchNorm(Module):
    """Shared by BatchNorm1d and BatchNorm2d, which differ only in the input shapes they accept.

    Parameters
    ----------
    num_features : int
        C, the number of channels (axis 1 of the input).
    eps : float
        Added to the variance for stability.
    momentum : float or None
        Weight of the current batch in the running averages; None gives the cumulative
        average (weight 1 / num_batches_tracked).
    affine : bool
        Learn a scale γ (``weight``, ones) and shift β (``bias``, zeros) per channel.
    device, dtype
        PyTorch's factory arguments (the device can only be the CPU).
    bias : bool
        With ``affine``, learn the shift β too (keyword only, as in PyTorch).
    track_running_stats : bool
        Keep ``running_mean`` (zeros), ``running_var`` (ones) and ``num_batches_tracked``
        (int64) buffers, used in evaluation. Without them, batch statistics are used always.
    """

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        device: Any = None,
        dtype: Any = None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__()
        if not isinstance(num_features, (int, np.integer)) or num_features <= 0:
            raise ValueError(f"{type(self).__name__}: num_features must be a positive int, got {num_features!r}")
        if eps <= 0:
            raise ValueError(f"{type(self).__name__}: eps must be positive, got {eps}")
        if momentum is not None and not 0.0 <= momentum <= 1.0:
            raise ValueError(f"{type(self).__name__}: momentum must be in [0, 1] or None, got {momentum}")
        dtype = parameter_dtype(dtype, device, type(self).__name__)
        self.num_features = int(num_features)
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        if affine:
            self.weight = Parameter(np.ones(self.num_features, dtype=dtype))
            if bias:
                self.bias = Parameter(np.zeros(self.num_features, dtype=dtype))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", Tensor(np.zeros(self.num_features, dtype=dtype)))
            self.register_buffer("running_var", Tensor(np.ones(self.num_features, dtype=dtype)))
            self.register_buffer("num_batches_tracked", Tensor(np.array(0, dtype=np.int64)))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)

    def reset_running_stats(self) -> None:
        """Running mean 0, running variance 1, no batch seen."""
        if self.track_running_stats:
            self.running_mean.data = np.zeros_like(self.running_mean.data)
            self.running_var.data = np.ones_like(self.running_var.data)
            self.num_batches_tracked.data = np.zeros_like(self.num_batches_tracked.data)

    def reset_parameters(self) -> None:
        """Running statistics reset, γ = 1 and β = 0."""
        self.reset_running_stats()
        if self.affine:
            self.weight.data = np.ones_like(self.weight.data)
            if self.bias is not None:
                self.bias.data = np.zeros_like(self.bias.data)

    def _check_input(self, x: Tensor) -> None:
        raise NotImplementedError

    def forward(self, input: Any) -> Tensor:
        x = as_tensor(input, op=type(self).__name__)
        self._check_input(x)
        if x.shape[1] != self.num_features:
            raise InputError(
                f"{type(self).__name__}: expected {self.num_features} channels (axis 1), got input of shape {x.shape}"
            )
        update_running = self.training and self.track_running_stats
        factor = 0.0 if self.momentum is None else self.momentum
        if update_running and self.momentum is None:  # a cumulative average over the batches, this one included
            factor = 1.0 / (float(self.num_batches_tracked.data) + 1.0)
        use_batch_statistics = self.training or self.running_mean is None
        out = F.batch_norm(
            x,
            self.running_mean if not self.training or self.track_running_stats else None,
            self.running_var if not self.training or self.track_running_stats else None,
            self.weight,
            self.bias,
            use_batch_statistics,
            factor,
            self.eps,
        )
        if update_running:  # counted once batch_norm has accepted the batch, so that a refused one changes nothing
            self.num_batches_tracked.data = np.asarray(self.num_batches_tracked.data + 1)
        return out

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
            f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}"
        )


class BatchNorm1d(_BatchNorm):
    """Batch normalization of (N, C) or (N, C, L) inputs, per channel C.

    In training: y = (x − μ_B)/√(σ²_B + ε)·γ + β with the batch's mean and biased variance
    over N (and L), and running averages r ← (1 − momentum)·r + momentum·s updated with the
    unbiased variance. In evaluation the running averages replace the batch statistics. A
    channel with a single value in training (a batch of one) is an error.
    """

    def _check_input(self, x: Tensor) -> None:
        if x.ndim not in (2, 3):
            raise InputError(f"BatchNorm1d: expected a 2-D (N, C) or 3-D (N, C, L) input, got shape {x.shape}")


class BatchNorm2d(_BatchNorm):
    """Batch normalization of (N, C, H, W) inputs, per channel C, statistics over N, H and W.

    See :class:`BatchNorm1d` for the formulas.
    """

    def _check_input(self, x: Tensor) -> None:
        if x.ndim != 4:
            raise InputError(f"BatchNorm2d: expected a 4-D (N, C, H, W) input, got shape {x.shape}")
