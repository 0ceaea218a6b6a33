"""Adagrad."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from autograd_core.tensor import Tensor, make_tensor
from nn.optim.optimizer import (
    Optimizer,
    advance_step,
    check_nonnegative,
    new_step,
    parameters_to_update,
    state_arrays,
)


class Adagrad(Optimizer):
    r"""Adagrad (Duchi et al., 2011), PyTorch's update.

    For each parameter θ with gradient g (−g with ``maximize``), at step t:

    .. math::

        g &\leftarrow g + \lambda\theta \\
        \tilde\eta &= \eta / (1 + (t - 1)\,\delta) \quad\text{(learning-rate decay } \delta\text{)} \\
        s_t &= s_{t-1} + g^2, \quad s_0 = \text{initial\_accumulator\_value} \\
        \theta &\leftarrow \theta - \tilde\eta\, g / (\sqrt{s_t} + \epsilon)

    Parameters
    ----------
    params : iterable of Tensor or of dict
        Parameters or parameter groups.
    lr : float
        Learning rate η.
    lr_decay : float
        δ.
    weight_decay : float
        λ, an L2 penalty added to the gradient.
    initial_accumulator_value : float
        s₀.
    eps : float
        ε, added to the denominator.
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
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
        initial_accumulator_value: float = 0.0,
        eps: float = 1e-10,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
    ) -> None:
        defaults = {
            "lr": lr,
            "lr_decay": lr_decay,
            "weight_decay": weight_decay,
            "initial_accumulator_value": initial_accumulator_value,
            "eps": eps,
            "maximize": maximize,
            "foreach": foreach,
        }
        super().__init__(params, defaults)
        # As in PyTorch, the accumulators exist from the start.
        for group in self.param_groups:
            for param in group["params"]:
                self._initialize_state(param, group)

    def check_hyperparameters(self, group: Mapping[str, Any]) -> None:
        check_nonnegative(group, "lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps")

    def _initialize_state(self, param: Tensor, group: Mapping[str, Any]) -> dict[str, Any]:
        state = self.state[param]
        state["step"] = new_step()
        state["sum"] = make_tensor(np.full_like(param.data, float(group["initial_accumulator_value"])))
        return state

    def update_group(self, group: dict[str, Any]) -> None:
        # Python floats, whatever real numbers the group holds: they keep the arrays' dtypes.
        lr, lr_decay = float(group["lr"]), float(group["lr_decay"])
        eps, weight_decay = float(group["eps"]), float(group["weight_decay"])
        for param, values, grad in parameters_to_update(group):
            state = self.state[param] or self._initialize_state(param, group)  # a group added later
            step = advance_step(state["step"])
            if weight_decay:
                grad = grad + weight_decay * values
            decayed_lr = lr / (1 + (step - 1) * lr_decay)
            (accumulator,) = state_arrays(state, "sum")
            accumulator += grad * grad
            values -= decayed_lr * (grad / (np.sqrt(accumulator) + eps))
