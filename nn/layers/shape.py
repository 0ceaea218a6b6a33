"""Layers that pass values through or reshape them: Identity, Flatten and Unflatten."""

from __future__ import annotations

import math
from typing import Any

import autograd_core as ag
from autograd_core.errors import InputError
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


class Unflatten(Module):
    """Split axis ``dim`` into the axes ``unflattened_size``, as PyTorch's (the inverse of Flatten).

    Parameters
    ----------
    dim : int
        The axis to split (negative counts from the end).
    unflattened_size : tuple or list of int
        The new axes' lengths; their product must be the axis' length (one of them may be
        -1, inferred).

    Examples
    --------
    >>> import autograd_core as ag
    >>> import nn
    >>> nn.Unflatten(1, (2, 3))(ag.zeros((4, 6))).shape
    (4, 2, 3)
    """

    def __init__(self, dim: int, unflattened_size: tuple[int, ...] | list[int]) -> None:
        super().__init__()
        if not isinstance(unflattened_size, (tuple, list)):
            raise TypeError(
                f"unflattened_size must be a tuple of ints, but found type {type(unflattened_size).__name__}"
            )
        for position, length in enumerate(unflattened_size):
            if not isinstance(length, int) or isinstance(length, bool):
                raise TypeError(
                    "unflattened_size must be tuple of ints, "
                    f"but found element of type {type(length).__name__} at pos {position}"
                )
        self.dim = dim
        self.unflattened_size = unflattened_size

    def forward(self, input: Tensor) -> Tensor:
        shape = input.shape
        if not -len(shape) <= self.dim < len(shape):  # an IndexError, as for any axis out of range
            raise IndexError(
                f"Unflatten: dim {self.dim} is out of range for an input of shape {shape} ({len(shape)} axes)"
            )
        axis = self.dim % len(shape)
        sizes = tuple(self.unflattened_size)
        known = math.prod(length for length in sizes if length != -1)
        inferable = sizes.count(-1) == 1 and known != 0 and shape[axis] % known == 0
        if sizes.count(-1) > 1 or (-1 in sizes and not inferable) or (-1 not in sizes and known != shape[axis]):
            raise InputError(
                f"Unflatten: sizes {list(sizes)} don't multiply up to the size of dim {self.dim} "
                f"({shape[axis]}) of the input of shape {shape}"
            )
        return ag.reshape(input, shape[:axis] + sizes + shape[axis + 1 :])

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
