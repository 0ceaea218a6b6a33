"""Layers that pass values through: Identity and Flatten."""

from __future__ import annotations

from typing import Any

import autograd_core as ag
from autograd_core.tensor import Tensor
from nn.module import Module


class Identity(Module):
    """Returns its input; any constructor arguments are ignored (a placeholder layer)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Any) -> Any:
        return input


class Flatten(Module):
    """Merge axes ``start_axis..end_axis`` into one; by default all but the batch axis.

    PyTorch's ``start_dim`` / ``end_dim`` are accepted as aliases.
    """

    def __init__(self, start_axis: int = 1, end_axis: int = -1, **aliases: Any) -> None:
        super().__init__()
        unknown = set(aliases) - {"start_dim", "end_dim"}
        if unknown:
            raise TypeError(f"Flatten: unexpected keyword argument(s) {sorted(unknown)}")
        self.start_axis = aliases.get("start_dim", start_axis)
        self.end_axis = aliases.get("end_dim", end_axis)

    @property
    def start_dim(self) -> int:
        """PyTorch's name for ``start_axis``."""
        return self.start_axis

    @property
    def end_dim(self) -> int:
        """PyTorch's name for ``end_axis``."""
        return self.end_axis

    def forward(self, input: Any) -> Tensor:
        return ag.flatten(input, self.start_axis, self.end_axis)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_axis}, end_dim={self.end_axis}"  # PyTorch's repr
