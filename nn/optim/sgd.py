"""Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from autograd_core.tensor import make_tensor
from nn.optim.optimizer import Optimizer, check_nonnegative, check_real, parameters_to_update, state_arrays


class SGD(Optimizer):
    r"""Stochastic gradient descent, PyTorch's update.

    For each parameter θ with gradient g (−g with ``maximize``), at step t:

    .. math::

        g &\leftarrow g + \lambda\theta \quad\text{(weight decay } \lambda\text{)} \\
        b_t &= g \text{ if } t = 1 \text{ else } \mu b_{t-1} + (1 - \tau) g
            \quad\text{(momentum } \mu\text{, dampening } \tau\text{)} \\
        g &\leftarrow g + \mu b_t \text{ (Nesterov) or } b_t \text{ (plain momentum)} \\
        \theta &\leftarrow \theta - \eta g

    Without momentum this is θ ← θ − η·∂L/∂θ.

    Parameters
    ----------
    params : iterable of Tensor or of dict
        Parameters or parameter groups.
    lr : float
        Learning rate η.
    momentum : float
        μ (0 disables the buffer).
    dampening : float
        τ, the fraction of the new gradient left out of the buffer.
    weight_decay : float
        λ, an L2 penalty ½λ‖θ‖² added to the loss.
    nesterov : bool
        Nesterov momentum (needs μ > 0 and τ = 0).
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
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
    ) -> None:
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "dampening": dampening,
            "weight_decay": weight_decay,
            "nesterov": nesterov,
            "maximize": maximize,
            "foreach": foreach,
        }
        super().__init__(params, defaults)

    def check_hyperparameters(self, group: Mapping[str, Any]) -> None:
        check_nonnegative(group, "lr", "momentum", "weight_decay")
        check_real(group["dampening"], "dampening value")  # any value, as in PyTorch, but a number
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")

    def update_group(self, group: dict[str, Any]) -> None:
        # Python floats, whatever real numbers the group holds: they keep the arrays' dtypes.
        lr, momentum = float(group["lr"]), float(group["momentum"])
        dampening, weight_decay = float(group["dampening"]), float(group["weight_decay"])
        for param, values, grad in parameters_to_update(group):
            if weight_decay:
                grad = grad + weight_decay * values
            if momentum:
                state = self.state[param]
                if state.get("momentum_buffer") is None:
                    buffer = np.array(grad)
                    state["momentum_buffer"] = make_tensor(buffer)
                else:
                    (buffer,) = state_arrays(state, "momentum_buffer")
                    buffer *= momentum
                    buffer += (1 - dampening) * grad
                grad = grad + momentum * buffer if group["nesterov"] else buffer
            values -= lr * grad
