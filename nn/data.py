"""Datasets and mini-batches: TensorDataset, Subset, ConcatDataset, random_split and DataLoader
(PyTorch's ``torch.utils.data``)."""

from __future__ import annotations

import bisect
import itertools
import math
import warnings
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from autograd_core.random import default_generator
from autograd_core.tensor import Tensor

__all__ = [
    "ConcatDataset",
    "DataLoader",
    "Dataset",
    "Subset",
    "TensorDataset",
    "default_collate",
    "default_convert",
    "random_split",
]


class Dataset:
    """A sized collection of samples: subclasses define ``__getitem__(index)`` and ``__len__``."""

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def __add__(self, other: Any) -> ConcatDataset:
        """The samples of this dataset, then those of ``other``."""
        return ConcatDataset([self, other])


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


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order: ``subset[i]`` is
    ``dataset[indices[i]]``."""

    def __init__(self, dataset: Any, indices: Sequence[int]) -> None:
        self.dataset = dataset
        self.indices = indices

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, list):
            return self.dataset[[self.indices[i] for i in index]]
        return self.dataset[self.indices[index]]

    def __len__(self) -> int:
        return len(self.indices)


class ConcatDataset(Dataset):
    """Several datasets one after the other; negative indices count from the end, as in PyTorch."""

    def __init__(self, datasets: Iterable[Any]) -> None:
        self.datasets = list(datasets)
        if not self.datasets:
            raise ValueError("ConcatDataset: datasets should not be an empty iterable")
        self.cumulative_sizes = list(itertools.accumulate(len(d) for d in self.datasets))

    def __getitem__(self, index: int) -> Any:
        if index < 0:
            if -index > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            index += len(self)
        which = bisect.bisect_right(self.cumulative_sizes, index)
        start = self.cumulative_sizes[which - 1] if which else 0
        return self.datasets[which][index - start]

    def __len__(self) -> int:
        return self.cumulative_sizes[-1]


def random_split(dataset: Any, lengths: Sequence[float], generator: np.random.Generator | None = None) -> list[Subset]:
    """Split ``dataset`` into non-overlapping random subsets of the given ``lengths``.

    ``lengths`` are either counts that add up to ``len(dataset)`` or fractions that add up to 1;
    fractions become ⌊fraction·n⌋ samples each, and the samples left over go one each to the
    subsets in turn from the first, as PyTorch distributes them. The order is a permutation
    drawn from ``generator`` (a ``numpy.random.Generator``), by default from
    ``ag.default_generator()``, so that ``ag.manual_seed`` makes the split reproducible.
    """
    total = len(dataset)
    lengths = list(lengths)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        counts = []
        for position, fraction in enumerate(lengths):
            if not 0 <= fraction <= 1:
                raise ValueError(f"Fraction at index {position} is not between 0 and 1")
            counts.append(math.floor(total * fraction))
        for position in range(total - sum(counts)):
            counts[position % len(counts)] += 1
        for position, count in enumerate(counts):
            if count == 0:
                warnings.warn(
                    f"Length of split at index {position} is 0. This might result in an empty dataset.",
                    stacklevel=2,
                )
        lengths = counts
    if sum(lengths) != total:
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    order = (generator if generator is not None else default_generator()).permutation(total).tolist()
    ends = itertools.accumulate(lengths)
    return [Subset(dataset, order[end - length : end]) for end, length in zip(ends, lengths)]


def default_convert(sample: Any) -> Any:
    """A sample without batching (``DataLoader(batch_size=None)``): arrays and NumPy numbers
    become Tensors, tuples and lists become lists of converted fields, dicts dicts, the rest
    is kept, as PyTorch's ``default_convert``."""
    if isinstance(sample, (np.ndarray, np.generic)):
        return Tensor(np.asarray(sample))
    if isinstance(sample, dict):
        return {key: default_convert(value) for key, value in sample.items()}
    if isinstance(sample, tuple) and hasattr(sample, "_fields"):
        return type(sample)(*(default_convert(field) for field in sample))
    if isinstance(sample, (tuple, list)):
        return [default_convert(field) for field in sample]
    return sample


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
    batch_size : int or None
        Samples per batch (the last one may be smaller). None yields the samples one by one,
        through ``collate_fn`` if given, else :func:`default_convert`.
    shuffle : bool
        Draw a new order every epoch from ``generator`` or ``ag.default_generator()``, so that
        ``ag.manual_seed`` makes the order reproducible.
    drop_last : bool
        Skip the last batch if it is smaller than ``batch_size``.
    collate_fn : callable, optional
        Turns a list of samples into a batch (:func:`default_collate` by default).
    sampler : iterable of int, optional
        The order of the samples (iterated anew every epoch), instead of ``shuffle``.
    batch_sampler : iterable of lists of int, optional
        The batches' indices (iterated anew every epoch), instead of ``batch_size``,
        ``shuffle``, ``sampler`` and ``drop_last``.
    num_workers : int
        Accepted for PyTorch's code: the batches are always loaded in this process, in the
        same order as PyTorch's workers deliver them.
    pin_memory, timeout, worker_init_fn, prefetch_factor, persistent_workers
        Accepted and checked as in PyTorch; with no workers and no GPU they change nothing.
    generator : numpy.random.Generator, optional
        Where ``shuffle`` draws its orders.

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
        batch_size: int | None = 1,
        shuffle: bool = False,
        drop_last: bool = False,
        collate_fn: Any = None,
        *,
        sampler: Iterable[int] | None = None,
        batch_sampler: Iterable[Sequence[int]] | None = None,
        num_workers: int = 0,
        pin_memory: bool = False,
        timeout: float = 0,
        worker_init_fn: Any = None,
        generator: np.random.Generator | None = None,
        prefetch_factor: int | None = None,
        persistent_workers: bool = False,
    ) -> None:
        # PyTorch's checks and words.
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError(
                    "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last"
                )
        elif batch_size is None:
            if drop_last:
                raise ValueError(
                    "batch_size=None option disables auto-batching and is mutually exclusive with drop_last"
                )
        elif not isinstance(batch_size, (int, np.integer)) or isinstance(batch_size, bool) or batch_size <= 0:
            raise ValueError(f"DataLoader: batch_size should be a positive integer, got {batch_size!r}")
        if not (hasattr(dataset, "__len__") and hasattr(dataset, "__getitem__")):
            raise TypeError(
                f"DataLoader: the dataset must have __len__ and __getitem__ (a map-style dataset such as "
                f"TensorDataset), got {type(dataset).__name__}"
            )
        self.dataset = dataset
        self.batch_size = None if batch_size is None or batch_sampler is not None else int(batch_size)
        self.shuffle = bool(shuffle)
        self.drop_last = bool(drop_last)
        self.collate_fn = collate_fn
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.num_workers = num_workers
        self.pin_memory = pin_memory
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.generator = generator
        self.prefetch_factor = prefetch_factor
        self.persistent_workers = persistent_workers

    def __len__(self) -> int:
        if self.batch_sampler is not None:
            return len(self.batch_sampler)  # type: ignore[arg-type]
        count = len(self.sampler if self.sampler is not None else self.dataset)  # type: ignore[arg-type]
        if self.batch_size is None:
            return count
        if self.drop_last:
            return count // self.batch_size
        return -(-count // self.batch_size)

    def __iter__(self) -> Iterator[Any]:
        if self.batch_sampler is not None:
            batches: Iterable[Sequence[int]] = self.batch_sampler
        else:
            if self.sampler is not None:
                order: Any = list(self.sampler)
            elif self.shuffle:
                order = (self.generator if self.generator is not None else default_generator()).permutation(
                    len(self.dataset)
                )
            else:
                order = np.arange(len(self.dataset))
            if self.batch_size is None:
                convert = self.collate_fn or default_convert
                for index in order:
                    yield convert(self.dataset[int(index)])
                return
            size = self.batch_size
            stop = len(order) - len(order) % size if self.drop_last else len(order)
            batches = (order[start : start + size] for start in range(0, stop, size))
        # A TensorDataset indexed by the whole batch at once: one fancy index per tensor, and
        # the tensors in a list, as default_collate gives them.
        whole_batches = isinstance(self.dataset, TensorDataset) and self.collate_fn is None
        collate = self.collate_fn or default_collate
        for indices in batches:
            if whole_batches:
                yield list(self.dataset[np.asarray(indices, dtype=np.int64)])
            else:
                yield collate([self.dataset[int(i)] for i in indices])
