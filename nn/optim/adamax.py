"""Adamax: Adam with the infinity norm."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from nn.optim.optimizer import (
    Optimizer,
    adam_hyperparameters,
    advance_step,
    check_adam_hyperparameters,
    new_step,
    parameters_to_update,
    state_arrays,
    zero_buffers,
)


class Adamax(Optimizer):
    r"""Adamax (Kingma & Ba, 2015, §7.1), PyTorch's update.

    For each parameter θ with gradient g (−g with ``maximize``), at step t:

    .. math::

        g &\leftarrow g + \lambda\theta \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g \\
        u_t &= \max(\beta_2 u_{t-1}, |g| + \epsilon) \\
        \theta &\leftarrow \theta - \frac{\eta}{1 - \beta_1^t}\,\frac{m_t}{u_t}

    Parameters
    ----------
    params : iterable of Tensor or of dict
        Parameters or parameter groups.
    lr : float
        Learning rate η.
    betas : (float, float)
        β₁ and β₂, the decay rates of m and u, each in [0, 1).
    eps : float
        ε, added to |g|.
    weight_decay : float
        λ, an L2 penalty added to the gradient.
    maximize : bool
        Ascend instead of descend.
    foreach : bool or None
        Accepted and kept in the groups, as PyTorch keeps it; it changes nothing here (there
        is one implementation, on NumPy arrays).
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
    ) -> None:
        defaults = {
            "lr": lr,
            "betas": tuple(betas),
            "eps": eps,
            "weight_decay": weight_decay,
            "maximize": maximize,
            "foreach": foreach,
        }
        super().__init__(params, defaults)

    def check_hyperparameters(self, group: Mapping[str, Any]) -> None:
        check_adam_hyperparameters(group)

    def update_group(self, group: dict[str, Any]) -> None:
        lr, eps, weight_decay, beta1, beta2 = adam_hyperparameters(group)
        for param, values, grad in parameters_to_update(group):
            state = self.state[param]
            if not state:
                state["step"] = new_step()
                zero_buffers(state, values, "exp_avg", "exp_inf")
            step = advance_step(state["step"])
            if weight_decay:
                grad = grad + weight_decay * values
            exp_avg, exp_inf = state_arrays(state, "exp_avg", "exp_inf")
            exp_avg += (grad - exp_avg) * (1 - beta1)  # PyTorch's lerp: m + (1 − β₁)(g − m)
            exp_inf *= beta2
            np.maximum(exp_inf, np.abs(grad) + eps, out=exp_inf)
            values -= (lr / (1 - beta1**step)) * (exp_avg / exp_inf)
