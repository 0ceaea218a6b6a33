"""RAdam: Adam with the variance of the adaptive rate rectified."""

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
    weight_decayed,
    zero_buffers,
)


class RAdam(Optimizer):
    r"""RAdam (Liu et al., 2020), PyTorch's update.

    For each parameter θ with gradient g (−g with ``maximize``), at step t:

    .. math::

        g &\leftarrow g + \lambda\theta \quad\text{(or } \theta \leftarrow \theta(1 - \eta\lambda)
            \text{ with decoupled weight decay)} \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g, \qquad v_t = \beta_2 v_{t-1} + (1 - \beta_2) g^2 \\
        \rho_\infty &= 2 / (1 - \beta_2) - 1, \qquad
            \rho_t = \rho_\infty - 2 t \beta_2^t / (1 - \beta_2^t) \\
        \theta &\leftarrow \theta - \eta\,\frac{m_t}{1 - \beta_1^t}\,
            \begin{cases}
            r_t \sqrt{1 - \beta_2^t} / (\sqrt{v_t} + \epsilon) & \rho_t > 5 \\
            1 & \text{otherwise}
            \end{cases} \\
        r_t &= \sqrt{\frac{(\rho_t - 4)(\rho_t - 2)\rho_\infty}{(\rho_\infty - 4)(\rho_\infty - 2)\rho_t}}

    Parameters
    ----------
    params : iterable of Tensor or of dict
        Parameters or parameter groups.
    lr : float
        Learning rate η.
    betas : (float, float)
        β₁ and β₂, the decay rates of the moment estimates, each in [0, 1).
    eps : float
        ε, added to the denominator.
    weight_decay : float
        λ.
    decoupled_weight_decay : bool
        Decay θ directly (as AdamW does) instead of adding λθ to the gradient.
    maximize : bool
        Ascend instead of descend.
    foreach : bool or None
        Accepted and kept in the groups, as PyTorch keeps it; it changes nothing here (there
        is one implementation, on NumPy arrays).
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        decoupled_weight_decay: bool = False,
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
            "decoupled_weight_decay": decoupled_weight_decay,
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
                zero_buffers(state, values, "exp_avg", "exp_avg_sq")
            step = advance_step(state["step"])
            if weight_decay:
                grad = weight_decayed(grad, values, lr, weight_decay, group["decoupled_weight_decay"])
            exp_avg, exp_avg_sq = state_arrays(state, "exp_avg", "exp_avg_sq")
            exp_avg += (grad - exp_avg) * (1 - beta1)  # PyTorch's lerp: m + (1 − β₁)(g − m)
            exp_avg_sq *= beta2
            exp_avg_sq += (1 - beta2) * grad * grad
            bias_correction1 = 1 - beta1**step
            bias_correction2 = 1 - beta2**step
            corrected_exp_avg = exp_avg / bias_correction1
            rho_inf = 2 / (1 - beta2) - 1
            rho_t = rho_inf - 2 * step * beta2**step / bias_correction2
            if rho_t > 5.0:
                # The variance of the adaptive rate is finite from here on: rectify it.
                rectification = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
                adaptive_lr = bias_correction2**0.5 / (np.sqrt(exp_avg_sq) + eps)
                values -= corrected_exp_avg * lr * adaptive_lr * rectification
            else:
                values -= corrected_exp_avg * lr
