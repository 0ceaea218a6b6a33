"""RMSprop, optionally centered and with momentum."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from nn.optim.optimizer import (
    Optimizer,
    advance_step,
    check_nonnegative,
    new_step,
    parameters_to_update,
    state_arrays,
    zero_buffers,
)


class RMSprop(Optimizer):
    r"""RMSprop (Hinton), PyTorch's update.

    For each parameter θ with gradient g (−g with ``maximize``):

    .. math::

        g &\leftarrow g + \lambda\theta \\
        v_t &= \alpha v_{t-1} + (1 - \alpha) g^2 \\
        \tilde v_t &= v_t - \bar g_t^2 \text{ with } \bar g_t = \alpha \bar g_{t-1} + (1 - \alpha) g
            \text{ if centered, else } v_t \\
        b_t &= \mu b_{t-1} + g / (\sqrt{\tilde v_t} + \epsilon),
            \quad \theta \leftarrow \theta - \eta b_t \quad\text{(momentum } \mu > 0\text{)} \\
        \theta &\leftarrow \theta - \eta\, g / (\sqrt{\tilde v_t} + \epsilon) \quad\text{(otherwise)}

    Parameters
    ----------
    params : iterable of Tensor or of dict
        Parameters or parameter groups.
    lr : float
        Learning rate η.
    alpha : float
        α, the smoothing constant of the squared-gradient average.
    eps : float
        ε, added to the denominator.
    weight_decay : float
        λ, an L2 penalty added to the gradient.
    momentum : float
        μ.
    centered : bool
        Normalize by an estimate of the gradient's variance instead of its second moment.
    maximize : bool
        Ascend instead of descend.
    foreach : bool or None
        Accepted and kept in the groups, as PyTorch keeps it; it changes nothing here (there
        is one implementation, on NumPy arrays).
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
    ) -> None:
        defaults = {
            "lr": lr,
            "alpha": alpha,
            "eps": eps,
            "weight_decay": weight_decay,
            "momentum": momentum,
            "centered": centered,
            "maximize": maximize,
            "foreach": foreach,
        }
        super().__init__(params, defaults)

    def check_hyperparameters(self, group: Mapping[str, Any]) -> None:
        check_nonnegative(group, "lr", "eps", "momentum", "weight_decay", "alpha")  # PyTorch's order

    def update_group(self, group: dict[str, Any]) -> None:
        # Python floats, whatever real numbers the group holds: they keep the arrays' dtypes.
        lr, alpha, eps = float(group["lr"]), float(group["alpha"]), float(group["eps"])
        weight_decay, momentum = float(group["weight_decay"]), float(group["momentum"])
        centered = group["centered"]
        for param, values, grad in parameters_to_update(group):
            state = self.state[param]
            if not state:
                state["step"] = new_step()
                zero_buffers(state, values, "square_avg")
                if momentum > 0:
                    zero_buffers(state, values, "momentum_buffer")
                if centered:
                    zero_buffers(state, values, "grad_avg")
            advance_step(state["step"])
            if weight_decay:
                grad = grad + weight_decay * values
            (square_avg,) = state_arrays(state, "square_avg")
            square_avg *= alpha
            square_avg += (1 - alpha) * grad * grad
            if centered:
                (grad_avg,) = state_arrays(state, "grad_avg")
                grad_avg += (grad - grad_avg) * (1 - alpha)
                average = np.sqrt(square_avg - grad_avg * grad_avg)
            else:
                average = np.sqrt(square_avg)
            average += eps
            if momentum > 0:
                (buffer,) = state_arrays(state, "momentum_buffer")
                buffer *= momentum
                buffer += grad / average
                values -= lr * buffer
            else:
                values -= lr * (grad / average)
