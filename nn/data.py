"""Datasets and mini-batches: TensorDataset and DataLoader (PyTorch's ``torch.utils.data``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from autograd_core.random import default_generator
from autograd_core.tensor import Tensor

__all__ = ["DataLoader", "Dataset", "TensorDataset", "default_collate"]


class Dataset:
    """A sized collection of samples: subclasses define ``__getitem__(index)`` and ``__len__``."""

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError


class TensorDataset(Dataset):
    """Samples are the rows of tensors that share their first axis: ``dataset[i]`` is
    ``(t[i] for t in tensors)`` as a tuple.

    Parameters
    ----------
    *tensors : Tensor or array_like
        Inputs, targets, ...: each with the same length along axis 0. Anything but a Tensor
        becomes one by ``ag.tensor``'s rules: arrays keep their dtype, Python floats take the
        default dtype (float32 unless changed), Python ints int64.
    """

    def __init__(self, *tensors: Any) -> None:
        if not tensors:
            raise ValueError("TensorDataset needs at least one tensor")
        self.tensors = tuple(t if isinstance(t, Tensor) else Tensor(t) for t in tensors)
        lengths = [t.shape[0] if t.ndim else None for t in self.tensors]
        if None in lengths or len(set(lengths)) != 1:
            shapes = ", ".join(str(t.shape) for t in self.tensors)
            raise ValueError(f"TensorDataset: all tensors need the same length along axis 0, got shapes {shapes}")

    def __getitem__(self, index: Any) -> tuple[Tensor, ...]:
        return tuple(Tensor(t.data[index]) for t in self.tensors)

    def __len__(self) -> int:
        return self.tensors[0].shape[0]


def default_collate(samples: Sequence[Any]) -> Any:
    """Stack a list of samples into a batch, as PyTorch's ``default_collate``.

    Tensors, arrays and numbers are stacked along a new axis 0 (into one Tensor); dicts and
    sequences are collated field by field: a dict gives a dict, a named tuple the same named
    tuple, and any other tuple or list a ``list`` of batches (so ``x, y = batch`` works and
    ``batch`` is a list, as in PyTorch). Anything else is returned as the list of samples.

    Raises
    ------
    RuntimeError
        If sequence samples differ in length (PyTorch's words, with the lengths).
    """
    first = samples[0]
    if isinstance(first, Tensor):
        return Tensor(np.stack([s.data for s in samples]))
    if isinstance(first, (np.ndarray, np.generic, int, float, bool)):
        return Tensor(np.stack([np.asarray(s) for s in samples]))
    if isinstance(first, dict):
        return {key: default_collate([s[key] for s in samples]) for key in first}
    if isinstance(first, (tuple, list)):
        lengths = sorted({len(s) for s in samples})
        if len(lengths) != 1:  # zip would silently drop the fields of the longer samples
            raise RuntimeError(f"each element in list of batch should be of equal size, got lengths {lengths}")
        fields = [default_collate(list(field)) for field in zip(*samples)]
        if isinstance(first, tuple) and hasattr(first, "_fields"):  # a named tuple keeps its type
            return type(first)(*fields)
        return fields
    return list(samples)


class DataLoader:
    """Iterate over a dataset in mini-batches.

    Parameters
    ----------
    dataset : Dataset
        Anything with ``__len__`` and ``__getitem__``; a :class:`TensorDataset` is batched
        with one indexing per tensor instead of one per sample.
    batch_size : int
        Samples per batch (the last one may be smaller).
    shuffle : bool
        Draw a new order every epoch from ``ag.default_generator()``, so that
        ``ag.manual_seed`` makes the order reproducible.
    drop_last : bool
        Skip the last batch if it is smaller than ``batch_size``.
    collate_fn : callable, optional
        Turns a list of samples into a batch (:func:`default_collate` by default).

    Examples
    --------
    >>> import autograd_core as ag
    >>> x, y = ag.randn(100, 3), ag.randint(0, 2, (100,))
    >>> loader = DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True)
    >>> [tuple(inputs.shape) for inputs, targets in loader]  # each batch is a list [inputs, targets]
    [(32, 3), (32, 3), (32, 3), (4, 3)]
    """

    def __init__(
        self,
        dataset: Any,
        batch_size: int = 1,
        shuffle: bool = False,
        drop_last: bool = False,
        collate_fn: Any = None,
    ) -> None:
        if not isinstance(batch_size, (int, np.integer)) or isinstance(batch_size, bool) or batch_size <= 0:
            raise ValueError(f"DataLoader: batch_size should be a positive integer, got {batch_size!r}")
        if not (hasattr(dataset, "__len__") and hasattr(dataset, "__getitem__")):
            raise TypeError(
                f"DataLoader: the dataset must have __len__ and __getitem__ (a map-style dataset such as "
                f"TensorDataset), got {type(dataset).__name__}"
            )
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        self.collate_fn = collate_fn

    def __len__(self) -> int:
        count = len(self.dataset)
        if self.drop_last:
            return count // self.batch_size
        return -(-count // self.batch_size)

    def __iter__(self) -> Iterator[Any]:
        count = len(self.dataset)
        order = default_generator().permutation(count) if self.shuffle else np.arange(count)
        # A TensorDataset indexed by the whole batch at once: one fancy index per tensor, and
        # the tensors in a list, as default_collate gives them.
        whole_batches = isinstance(self.dataset, TensorDataset) and self.collate_fn is None
        collate = self.collate_fn or default_collate
        for start in range(0, len(self) * self.batch_size, self.batch_size):
            indices = order[start : start + self.batch_size]
            if whole_batches:
                yield list(self.dataset[indices])
            else:
                yield collate([self.dataset[int(i)] for i in indices])
