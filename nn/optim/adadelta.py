"""Adadelta."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from nn.optim.optimizer import (
    Optimizer,
    advance_step,
    check_nonnegative,
    check_real,
    new_step,
    parameters_to_update,
    state_arrays,
    zero_buffers,
)


class Adadelta(Optimizer):
    r"""Adadelta (Zeiler, 2012), PyTorch's update.

    For each parameter θ with gradient g (−g with ``maximize``):

    .. math::

        g &\leftarrow g + \lambda\theta \\
        v_t &= \rho v_{t-1} + (1 - \rho) g^2 \\
        \Delta_t &= \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}}\, g \\
        u_t &= \rho u_{t-1} + (1 - \rho) \Delta_t^2 \\
        \theta &\leftarrow \theta - \eta \Delta_t

    v is kept in the state as ``square_avg`` and u as ``acc_delta``.

    Parameters
    ----------
    params : iterable of Tensor or of dict
        Parameters or parameter groups.
    lr : float
        Learning rate η, a factor applied to Δ.
    rho : float
        ρ, the decay rate of both averages, in [0, 1].
    eps : float
        ε, added inside both square roots.
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
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0.0,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
    ) -> None:
        defaults = {
            "lr": lr,
            "rho": rho,
            "eps": eps,
            "weight_decay": weight_decay,
            "maximize": maximize,
            "foreach": foreach,
        }
        super().__init__(params, defaults)

    def check_hyperparameters(self, group: Mapping[str, Any]) -> None:
        check_nonnegative(group, "lr")  # in PyTorch's order: lr, rho, eps, weight_decay
        check_real(group["rho"], "rho value")
        if not 0.0 <= group["rho"] <= 1.0:
            raise ValueError(f"Invalid rho value: {group['rho']} (rho must be in [0, 1])")
        check_nonnegative(group, "eps", "weight_decay")

    def update_group(self, group: dict[str, Any]) -> None:
        # Python floats, whatever real numbers the group holds: they keep the arrays' dtypes.
        lr, rho = float(group["lr"]), float(group["rho"])
        eps, weight_decay = float(group["eps"]), float(group["weight_decay"])
        for param, values, grad in parameters_to_update(group):
            state = self.state[param]
            if not state:
                state["step"] = new_step()
                zero_buffers(state, values, "square_avg", "acc_delta")
            advance_step(state["step"])
            if weight_decay:
                grad = grad + weight_decay * values
            square_avg, acc_delta = state_arrays(state, "square_avg", "acc_delta")
            square_avg *= rho
            square_avg += (1 - rho) * grad * grad
            delta = np.sqrt(acc_delta + eps) / np.sqrt(square_avg + eps) * grad
            acc_delta *= rho
            acc_delta += (1 - rho) * delta * delta
            values -= lr * delta
