"""Rprop: resilient backpropagation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from autograd_core.tensor import Tensor, make_tensor
from nn.optim.optimizer import (
    Optimizer,
    advance_step,
    check_nonnegative,
    check_real,
    new_step,
    parameters_to_update,
    state_arrays,
)


class Rprop(Optimizer):
    r"""Rprop (Riedmiller & Braun, 1993), PyTorch's update: only the sign of the gradient counts.

    For each element of a parameter θ with gradient g (−g with ``maximize``), previous
    gradient g' (0 at first) and step size s (η at first):

    .. math::

        s &\leftarrow \operatorname{clip}\left(s \cdot
            \begin{cases} \eta_+ & g g' > 0 \\ \eta_- & g g' < 0 \\ 1 & g g' = 0 \end{cases},
            \; s_{min}, s_{max}\right) \\
        g &\leftarrow 0 \text{ where } g g' < 0 \quad\text{(a sign change: skip this step)} \\
        \theta &\leftarrow \theta - \operatorname{sign}(g)\, s, \qquad g' \leftarrow g

    g' is kept in the state as ``prev`` and s as ``step_size``.

    Parameters
    ----------
    params : iterable of Tensor or of dict
        Parameters or parameter groups.
    lr : float
        η, the initial step size.
    etas : (float, float)
        η₋ and η₊, with 0 < η₋ < 1 < η₊.
    step_sizes : (float, float)
        s_min and s_max.
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
        etas: tuple[float, float] = (0.5, 1.2),
        step_sizes: tuple[float, float] = (1e-6, 50),
        *,
        maximize: bool = False,
        foreach: bool | None = None,
    ) -> None:
        defaults = {
            "lr": lr,
            "etas": tuple(etas),
            "step_sizes": tuple(step_sizes),
            "maximize": maximize,
            "foreach": foreach,
        }
        super().__init__(params, defaults)

    def check_hyperparameters(self, group: Mapping[str, Any]) -> None:
        check_nonnegative(group, "lr")
        etas, step_sizes = group["etas"], group["step_sizes"]
        if len(etas) != 2 or len(step_sizes) != 2:
            raise ValueError(f"Invalid etas or step_sizes: expected two values each, got {etas!r} and {step_sizes!r}")
        for eta in etas:
            check_real(eta, "eta values")
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]} (0 < etaminus < 1 < etaplus)")
        for size in step_sizes:
            check_real(size, "step sizes")

    def _initialize_state(self, param: Tensor, lr: float) -> dict[str, Any]:
        state = self.state[param]
        state["step"] = new_step()
        state["prev"] = make_tensor(np.zeros_like(param.data))
        state["step_size"] = make_tensor(np.full_like(param.data, lr))
        return state

    def update_group(self, group: dict[str, Any]) -> None:
        # Python floats, whatever real numbers the group holds: they keep the arrays' dtypes.
        etaminus, etaplus = (float(eta) for eta in group["etas"])
        smallest, largest = (float(size) for size in group["step_sizes"])
        for param, values, grad in parameters_to_update(group):
            state = self.state[param] or self._initialize_state(param, float(group["lr"]))
            advance_step(state["step"])
            prev, step_size = state_arrays(state, "prev", "step_size")
            agreement = grad * prev
            factor = np.where(agreement > 0, etaplus, np.where(agreement < 0, etaminus, 1.0)).astype(values.dtype)
            step_size *= factor
            np.clip(step_size, smallest, largest, out=step_size)
            grad = np.where(agreement < 0, 0, grad).astype(values.dtype)
            values -= np.sign(grad) * step_size
            prev[...] = grad
