"""Containers of parameters: ParameterList and ParameterDict, registered under their positions
("0", "1", ...) or keys, so that state-dict keys are PyTorch's."""

from __future__ import annotations

import operator
from collections import OrderedDict
from collections.abc import Iterable, Iterator, KeysView, Mapping
from typing import Any, NoReturn

from autograd_core.tensor import Tensor
from nn.layers.container import _update
from nn.module import Module
from nn.parameter import Parameter


def _as_parameter(value: Any) -> Any:
    """A Tensor that is not a Parameter becomes one (sharing its array), as PyTorch's containers do."""
    if isinstance(value, Tensor) and not isinstance(value, Parameter):
        return Parameter(value)
    return value


def _describe(value: Any) -> str:
    """One line of a parameter container's repr, in PyTorch's words."""
    if isinstance(value, Tensor):
        kind = "Parameter" if isinstance(value, Parameter) else "Tensor"
        size = "x".join(str(length) for length in value.shape)
        return f"{kind} containing: [{value.dtype} of size {size}]"
    return f"Object of type: {type(value).__name__}"


class ParameterList(Module):
    """A list of parameters registered as "0", "1", ..., as PyTorch's.

    Tensors put into it become Parameters (sharing their arrays); other values are kept as
    plain attributes. It grows with :meth:`append`, :meth:`extend` and ``+=``; items can be
    replaced by index; a slice is a new ParameterList holding the same parameters.

    Parameters
    ----------
    values : iterable, optional
        The initial parameters.

    Examples
    --------
    >>> import autograd_core as ag
    >>> import nn
    >>> weights = nn.ParameterList([ag.zeros((2, 2)), ag.zeros(2)])
    >>> list(weights.state_dict())
    ['0', '1']
    """

    def __init__(self, values: Iterable[Any] | None = None) -> None:
        super().__init__()
        self._size = 0
        if values is not None:
            self += values

    def _absolute_index(self, index: int) -> str:
        index = operator.index(index)
        if not -len(self) <= index < len(self):
            raise IndexError(f"index {index} is out of range")
        return str(index % len(self))

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return type(self)([self[position] for position in range(*index.indices(len(self)))])
        return getattr(self, self._absolute_index(index))

    def __setitem__(self, index: int, value: Any) -> None:
        setattr(self, self._absolute_index(index), _as_parameter(value))

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Any]:
        return (self[position] for position in range(len(self)))

    def __iadd__(self, values: Iterable[Any]) -> ParameterList:
        return self.extend(values)

    def append(self, value: Any) -> ParameterList:
        """Add ``value`` at the end; return self."""
        position = len(self)
        self._size += 1
        try:
            self[position] = value
        except Exception:
            self._size -= 1  # a value that cannot be registered leaves the list as it was
            raise
        return self

    def extend(self, values: Iterable[Any]) -> ParameterList:
        """Add each of ``values`` at the end; return self."""
        # A Tensor is iterable, but is one value, never a list of them.
        if not isinstance(values, Iterable) or isinstance(values, Tensor):
            raise TypeError(f"ParameterList.extend should be called with an iterable, but got {type(values).__name__}")
        for value in values:
            self.append(value)
        return self

    def extra_repr(self) -> str:
        return "\n".join(f"  ({position}): {_describe(value)}" for position, value in enumerate(self))

    def __call__(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("ParameterList should not be called.")


class ParameterDict(Module):
    """A dict of parameters registered under their keys, as PyTorch's.

    It keeps insertion order and reads and changes as a dict (``pd[key]``, ``pd[key] =
    value``, ``del``, ``len``, iteration over keys, ``in``, :meth:`keys`, :meth:`items`,
    :meth:`values`, :meth:`get`, :meth:`setdefault`, :meth:`pop`, :meth:`popitem`,
    :meth:`clear`, :meth:`update`, :meth:`copy`, ``|`` and ``|=``). Tensors put into it
    become Parameters (sharing their arrays). As in PyTorch, :meth:`update` with a plain dict
    adds its keys in sorted order (an OrderedDict keeps its order).

    Parameters
    ----------
    parameters : mapping or iterable of (str, value) pairs, optional
        The initial parameters.
    """

    def __init__(self, parameters: Any = None) -> None:
        super().__init__()
        self._keys: dict[str, None] = {}
        if parameters is not None:
            self.update(parameters)

    @staticmethod
    def _checked_key(key: Any) -> str:
        if not isinstance(key, str):
            raise TypeError(
                "Index given to ParameterDict cannot be used as a key as it is not a string "
                f"(type is '{type(key).__name__}')."
            )
        return key

    def __getitem__(self, key: str) -> Any:
        if self._checked_key(key) not in self._keys:
            # PyTorch's ParameterDict looks keys up as attributes, so a missing one is an AttributeError.
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{key}'")
        return getattr(self, key)

    def __setitem__(self, key: str, value: Any) -> None:
        self._checked_key(key)
        value = _as_parameter(value)
        if isinstance(value, Parameter):
            self.register_parameter(key, value)  # checks the name as PyTorch does ('.', clashes)
        else:
            setattr(self, key, value)
        self._keys[key] = None

    def __delitem__(self, key: str) -> None:
        if self._checked_key(key) not in self._keys:
            raise KeyError(key)
        del self._keys[key]
        delattr(self, key)

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __reversed__(self) -> Iterator[str]:
        return reversed(list(self._keys))

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def copy(self) -> ParameterDict:
        """A new ParameterDict holding the same parameters."""
        return ParameterDict(OrderedDict((key, self[key]) for key in self._keys))

    def get(self, key: str, default: Any = None) -> Any:
        """The value under ``key``, or ``default``."""
        return getattr(self, key) if key in self._keys else default

    def setdefault(self, key: str, default: Any = None) -> Any:
        """The value under ``key``, first set to ``default`` if the key is absent."""
        if key not in self:
            self[key] = default
        return self[key]

    def pop(self, key: str) -> Any:
        """Remove the value under ``key`` and return it."""
        value = self[key]
        del self[key]
        return value

    def popitem(self) -> tuple[str, Any]:
        """Remove the last inserted (key, value) pair and return it."""
        if not self._keys:
            raise KeyError("popitem(): ParameterDict is empty")
        key = next(reversed(self._keys))
        return key, self.pop(key)

    def clear(self) -> None:
        """Remove every value."""
        for key in list(self._keys):
            del self[key]

    def fromkeys(self, keys: Iterable[str], default: Any = None) -> ParameterDict:
        """A new ParameterDict with ``keys``, each holding ``default``."""
        return ParameterDict((key, default) for key in keys)

    def keys(self) -> KeysView[str]:
        """The keys, in order."""
        return self._keys.keys()

    def items(self) -> Iterator[tuple[str, Any]]:
        """The (key, value) pairs, in order."""
        return ((key, self[key]) for key in self._keys)

    def values(self) -> Iterator[Any]:
        """The values, in order."""
        return (self[key] for key in self._keys)

    def update(self, parameters: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> None:
        """Add or replace values from a mapping (a plain dict in sorted key order) or (key, value) pairs."""
        _update(self, parameters, "ParameterDict")

    def __or__(self, other: ParameterDict) -> ParameterDict:
        merged = self.copy()
        merged.update(other)
        return merged

    def __ror__(self, other: ParameterDict) -> ParameterDict:
        merged = other.copy()
        merged.update(self)
        return merged

    def __ior__(self, other: ParameterDict) -> ParameterDict:
        self.update(other)
        return self

    def extra_repr(self) -> str:
        return "\n".join(f"  ({key}): {_describe(value)}" for key, value in self.items())

    def __call__(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("ParameterDict should not be called.")
