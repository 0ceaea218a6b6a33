"""Adam (with AMSGrad) and AdamW."""

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


class Adam(Optimizer):
    r"""Adam, PyTorch's update (Kingma & Ba, 2015).

    For each parameter θ with gradient g (−g with ``maximize``), at step t:

    .. math::

        g &\leftarrow g + \lambda\theta \quad\text{(L2 weight decay; AdamW decays θ instead)} \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g \\
        v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g^2 \\
        \hat v_t &= \max(\hat v_{t-1}, v_t) \text{ with AMSGrad, else } v_t \\
        \theta &\leftarrow \theta - \frac{\eta}{1 - \beta_1^t}
            \cdot \frac{m_t}{\sqrt{\hat v_t} / \sqrt{1 - \beta_2^t} + \epsilon}

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
        λ, an L2 penalty added to the gradient.
    amsgrad : bool
        Use the running maximum of v (AMSGrad).
    maximize : bool
        Ascend instead of descend.
    foreach : bool or None
        Accepted and kept in the groups, as PyTorch keeps it; it changes nothing here (there
        is one implementation, on NumPy arrays).
    decoupled_weight_decay : bool
        Decay θ directly, θ ← θ·(1 − ηλ), instead of adding λθ to the gradient: AdamW's
        update (PyTorch's ``Adam(decoupled_weight_decay=True)``).
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        decoupled_weight_decay: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "betas": tuple(betas),
            "eps": eps,
            "weight_decay": weight_decay,
            "amsgrad": amsgrad,
            "maximize": maximize,
            "foreach": foreach,
            "decoupled_weight_decay": decoupled_weight_decay,
        }
        super().__init__(params, defaults)

    def check_hyperparameters(self, group: Mapping[str, Any]) -> None:
        check_adam_hyperparameters(group)

    def update_group(self, group: dict[str, Any]) -> None:
        lr, eps, weight_decay, beta1, beta2 = adam_hyperparameters(group)
        amsgrad = group["amsgrad"]
        for param, values, grad in parameters_to_update(group):
            state = self.state[param]
            if not state:
                state["step"] = new_step()
                zero_buffers(state, values, "exp_avg", "exp_avg_sq")
                if amsgrad:
                    zero_buffers(state, values, "max_exp_avg_sq")
            step = advance_step(state["step"])
            if weight_decay:
                grad = weight_decayed(grad, values, lr, weight_decay, group["decoupled_weight_decay"])
            exp_avg, exp_avg_sq = state_arrays(state, "exp_avg", "exp_avg_sq")
            exp_avg += (grad - exp_avg) * (1 - beta1)  # PyTorch's lerp: m + (1 − β₁)(g − m)
            exp_avg_sq *= beta2
            exp_avg_sq += (1 - beta2) * grad * grad
            second_moment = exp_avg_sq
            if amsgrad:
                (second_moment,) = state_arrays(state, "max_exp_avg_sq")
                np.maximum(second_moment, exp_avg_sq, out=second_moment)
            step_size = lr / (1 - beta1**step)
            denominator = np.sqrt(second_moment) / (1 - beta2**step) ** 0.5 + eps
            values -= step_size * (exp_avg / denominator)


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov & Hutter, 2019), PyTorch's update.

    Before the Adam step, θ ← θ·(1 − ηλ); the gradient itself is not changed, so the decay
    does not pass through the moment estimates. The default λ is 0.01.

    See :class:`Adam` for the update and the parameters.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
    ) -> None:
        super().__init__(
            params,
            lr,
            betas,
            eps,
            weight_decay,
            amsgrad,
            maximize=maximize,
            foreach=foreach,
            decoupled_weight_decay=True,
        )
