"""A small built-in example to draw and step through: the XOR network with sigmoids.

Two inputs, three hidden sigmoid units, one sigmoid output, mean squared error over the four
XOR cases, written with autograd_core ops only (a linear layer is ``x @ W.T + b``, as in
``nn.Linear``).
"""

from __future__ import annotations

import numpy as np

import autograd_core.random as random
from autograd_core.tensor import Tensor


def xor_example(seed: int = 0, hidden: int = 3) -> tuple[Tensor, dict[str, Tensor]]:
    """Build the XOR network's loss and return it with its named parameters.

    Parameters
    ----------
    seed : int
        Seed of the weights' initialisation.
    hidden : int
        Number of hidden units.

    Returns
    -------
    loss : Tensor
        ``mean((σ(σ(x W₁ᵀ + b₁) W₂ᵀ + b₂) − y)²)``, a scalar with its graph.
    params : dict of str to Tensor
        ``hidden.weight``, ``hidden.bias``, ``output.weight``, ``output.bias``.
    """
    generator = random.manual_seed(seed)
    x = Tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], name="x")
    y = Tensor([[0.0], [1.0], [1.0], [0.0]], name="y")
    params = {
        "hidden.weight": Tensor(generator.uniform(-1, 1, (hidden, 2)).astype(np.float32), requires_grad=True),
        "hidden.bias": Tensor(np.zeros(hidden, np.float32), requires_grad=True),
        "output.weight": Tensor(generator.uniform(-1, 1, (1, hidden)).astype(np.float32), requires_grad=True),
        "output.bias": Tensor(np.zeros(1, np.float32), requires_grad=True),
    }
    hidden_activation = (x @ params["hidden.weight"].T + params["hidden.bias"]).sigmoid()
    prediction = (hidden_activation @ params["output.weight"].T + params["output.bias"]).sigmoid()
    loss = ((prediction - y) ** 2).mean()
    loss.name = "loss"
    return loss, params
