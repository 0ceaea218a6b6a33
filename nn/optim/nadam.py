"""NAdam: Adam with Nesterov momentum."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from autograd_core.tensor import make_tensor
from nn.optim.optimizer import (
    Optimizer,
    _step_dtype,
    adam_hyperparameters,
    advance_step,
    check_adam_hyperparameters,
    new_step,
    parameters_to_update,
    state_arrays,
    weight_decayed,
    zero_buffers,
)


class NAdam(Optimizer):
    r"""NAdam (Dozat, 2016), PyTorch's update.

    For each parameter θ with gradient g (−g with ``maximize``), at step t:

    .. math::

        g &\leftarrow g + \lambda\theta \quad\text{(or } \theta \leftarrow \theta(1 - \eta\lambda)
            \text{ with decoupled weight decay)} \\
        \mu_t &= \beta_1 \left(1 - \tfrac12\, 0.96^{t\psi}\right) \quad\text{(momentum decay } \psi\text{)} \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g, \qquad v_t = \beta_2 v_{t-1} + (1 - \beta_2) g^2 \\
        d_t &= \sqrt{v_t / (1 - \beta_2^t)} + \epsilon \\
        \theta &\leftarrow \theta - \eta\,\frac{1 - \mu_t}{1 - \prod_{i \le t}\mu_i}\,\frac{g}{d_t}
            - \eta\,\frac{\mu_{t+1}}{1 - \prod_{i \le t+1}\mu_i}\,\frac{m_t}{d_t}

    The product of the μᵢ is kept in the state as ``mu_product`` (a 0-d Tensor, as in PyTorch).

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
    momentum_decay : float
        ψ.
    decoupled_weight_decay : bool
        Decay θ directly (as AdamW does) instead of adding λθ to the gradient.
    maximize : bool
        Ascend instead of descend.
    foreach : bool or None
        Accepted and kept in the groups, as PyTorch keeps it; it changes nothing here (there
        is one implementation, on NumPy arrays).
    """

    scalar_state_names = ("step", "mu_product")

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum_decay: float = 4e-3,
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
            "momentum_decay": momentum_decay,
            "decoupled_weight_decay": decoupled_weight_decay,
            "maximize": maximize,
            "foreach": foreach,
        }
        super().__init__(params, defaults)

    def check_hyperparameters(self, group: Mapping[str, Any]) -> None:
        check_adam_hyperparameters(group, "momentum_decay")

    def update_group(self, group: dict[str, Any]) -> None:
        lr, eps, weight_decay, beta1, beta2 = adam_hyperparameters(group)
        momentum_decay = float(group["momentum_decay"])
        for param, values, grad in parameters_to_update(group):
            state = self.state[param]
            if not state:
                state["step"] = new_step()
                state["mu_product"] = make_tensor(np.ones((), dtype=_step_dtype()))
                zero_buffers(state, values, "exp_avg", "exp_avg_sq")
            step = advance_step(state["step"])
            if weight_decay:
                grad = weight_decayed(grad, values, lr, weight_decay, group["decoupled_weight_decay"])
            mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * momentum_decay))
            mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * momentum_decay))
            mu_product_array, exp_avg, exp_avg_sq = state_arrays(state, "mu_product", "exp_avg", "exp_avg_sq")
            # The product stays in the state's precision, as PyTorch's 0-d tensor does.
            mu_product_array *= mu
            mu_product = mu_product_array.item()
            exp_avg += (grad - exp_avg) * (1 - beta1)  # PyTorch's lerp: m + (1 − β₁)(g − m)
            exp_avg_sq *= beta2
            exp_avg_sq += (1 - beta2) * grad * grad
            denominator = np.sqrt(exp_avg_sq / (1 - beta2**step)) + eps
            values += (-lr * (1.0 - mu) / (1.0 - mu_product)) * (grad / denominator)
            values += (-lr * mu_next / (1.0 - mu_product * mu_next)) * (exp_avg / denominator)
