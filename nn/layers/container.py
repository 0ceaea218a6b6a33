"""Containers of modules: Sequential (a pipeline), ModuleList and ModuleDict (a list and a dict of
registered modules)."""

from __future__ import annotations

import operator
from collections import OrderedDict
from collections.abc import Iterable, Iterator, KeysView, Mapping
from itertools import chain
from typing import Any

from nn.module import Module


class _ModuleSequence(Module):
    """What Sequential and ModuleList share: modules registered as "0", "1", ... in order.

    Inserting or deleting renumbers the modules after the change, as in PyTorch, so that the
    names (and the keys of ``state_dict()``) stay "0", "1", ... in order.
    """

    def append(self, module: Module) -> Any:
        """Add ``module`` at the end; return self."""
        self.add_module(str(len(self._modules)), module)
        return self

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def __delitem__(self, index: int | slice) -> None:
        modules = list(self._modules.values())
        if isinstance(index, slice):
            del modules[index]
        else:
            del modules[_position(index, len(modules))]
        self._renumber(modules)

    def pop(self, index: int | slice) -> Any:
        """Remove the module at ``index`` (or a slice of them) and return it (them, in a container)."""
        popped = self[index]
        del self[index]
        return popped

    def _insert(self, index: int, module: Module) -> None:
        if not isinstance(module, Module):
            raise TypeError(f"{type(self).__name__}.insert: expected a Module, got {type(module).__name__}")
        modules = list(self._modules.values())
        length = len(modules)
        index = operator.index(index)
        if not -length <= index <= length:
            raise IndexError(f"{type(self).__name__}.insert: index {index} is out of range for {length} modules")
        modules.insert(index, module)
        self._renumber(modules)

    def _renumber(self, modules: list[Module]) -> None:
        """Register ``modules`` as "0", "1", ... in place of the current ones (as PyTorch renumbers)."""
        for name in list(self._modules):
            del self._modules[name]
            self.__dict__.pop(name, None)
        for number, module in enumerate(modules):
            self._modules[str(number)] = module
            object.__setattr__(self, str(number), module)


class Sequential(_ModuleSequence):
    """Modules applied one after the other: ``Sequential(a, b, c)(x) == c(b(a(x)))``.

    Built from modules (named "0", "1", ... so that parameters are "0.weight", as in
    PyTorch) or from one ordered dict of names to modules. Indexing gives a module, slicing
    a new Sequential sharing the modules; as a list, it can be changed with :meth:`append`,
    :meth:`extend` (also ``+=``), :meth:`insert`, :meth:`pop`, item assignment and ``del``,
    joined with ``+`` and repeated with ``*``. Deleting or inserting renumbers the modules
    "0", "1", ... (also named ones, as PyTorch does).
    """

    def __init__(self, *modules: Module) -> None:
        super().__init__()
        if len(modules) == 1 and isinstance(modules[0], (OrderedDict, dict)):
            for name, module in modules[0].items():
                self.add_module(name, module)
        else:
            for index, module in enumerate(modules):
                if not isinstance(module, Module):
                    raise TypeError(f"Sequential: argument {index} is a {type(module).__name__}, not a Module")
                self.add_module(str(index), module)

    def forward(self, input: Any) -> Any:
        for module in self._modules.values():
            input = module(input)
        return input

    def __getitem__(self, index: int | slice) -> Any:
        items = list(self._modules.items())
        if isinstance(index, slice):
            return Sequential(OrderedDict(items[index]))
        return items[_position(index, len(items))][1]

    def __setitem__(self, index: int, module: Module) -> None:
        """Replace the module at ``index``; it keeps its name and place."""
        names = list(self._modules)
        setattr(self, names[_position(index, len(names))], _checked(module, "Sequential"))

    def extend(self, sequential: Iterable[Module]) -> Sequential:
        """Add each module of ``sequential`` at the end; return self."""
        for module in sequential:
            self.append(module)
        return self

    def insert(self, index: int, module: Module) -> Sequential:
        """Insert ``module`` before position ``index`` (``-len(self) <= index <= len(self)``); return self."""
        self._insert(index, module)
        return self

    def __add__(self, other: Sequential) -> Sequential:
        """A new Sequential of this one's modules then ``other``'s (the same module objects)."""
        if not isinstance(other, Sequential):
            raise ValueError(f"add operator supports only objects of Sequential class, but {type(other)} is given.")
        combined = Sequential()
        for module in chain(self, other):
            combined.append(module)
        return combined

    def __iadd__(self, other: Sequential) -> Sequential:
        """Add ``other``'s modules at the end of this one (in place, as PyTorch's ``+=``)."""
        if not isinstance(other, Sequential):
            raise ValueError(f"add operator supports only objects of Sequential class, but {type(other)} is given.")
        return self.extend(list(other))

    def __mul__(self, times: int) -> Sequential:
        """A new Sequential of this one's modules ``times`` over (the same module objects, as PyTorch)."""
        if not isinstance(times, int) or isinstance(times, bool):
            raise TypeError(f"unsupported operand type(s) for *: Sequential and {type(times).__name__}")
        if times <= 0:
            raise ValueError(f"Non-positive multiplication factor {times} for Sequential")
        return Sequential(*(list(self) * times))

    __rmul__ = __mul__


class ModuleList(_ModuleSequence):
    """A list of modules whose parameters belong to the owner (names "0", "1", ...).

    It changes as a list does: :meth:`append`, :meth:`extend` (also ``+=``), :meth:`insert`,
    :meth:`pop`, item assignment and ``del`` (the modules after a change are renumbered);
    ``+`` gives a new ModuleList. Its repr shows a run of identical modules once, as
    PyTorch's does: ``(0-2): 3 x Linear(...)``.
    """

    def __init__(self, modules: Iterable[Module] | None = None) -> None:
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def extend(self, modules: Iterable[Module]) -> ModuleList:
        """Add each module at the end; return self."""
        if not isinstance(modules, Iterable):
            raise TypeError(f"ModuleList.extend should be called with an iterable, but got {type(modules).__name__}")
        for module in modules:
            self.append(module)
        return self

    def insert(self, index: int, module: Module) -> None:
        """Insert ``module`` before position ``index`` (``-len(self) <= index <= len(self)``)."""
        self._insert(index, module)

    def __getitem__(self, index: int | slice) -> Any:
        modules = list(self._modules.values())
        if isinstance(index, slice):
            return ModuleList(modules[index])
        return modules[_position(index, len(modules))]

    def __setitem__(self, index: int, module: Module) -> None:
        """Replace the module at ``index``."""
        setattr(self, str(_position(index, len(self._modules))), _checked(module, "ModuleList"))

    def __add__(self, other: Iterable[Module]) -> ModuleList:
        """A new ModuleList of this one's modules then ``other``'s (the same module objects)."""
        return ModuleList(chain(self, other))

    def __iadd__(self, modules: Iterable[Module]) -> ModuleList:
        return self.extend(modules)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("ModuleList has no forward: iterate over it and call its modules")

    def __repr__(self) -> str:
        # PyTorch's: consecutive modules with the same repr are shown once, as "(i-j): n x repr".
        runs: list[tuple[int, int, str]] = []
        for number, module in enumerate(self):
            text = repr(module)
            if runs and runs[-1][2] == text:
                runs[-1] = (runs[-1][0], number, text)
            else:
                runs.append((number, number, text))
        if not runs:
            return f"{type(self).__name__}()"
        lines = [
            (f"({first}): " if first == last else f"({first}-{last}): {last - first + 1} x ")
            + text.replace("\n", "\n  ")
            for first, last, text in runs
        ]
        return f"{type(self).__name__}(\n  " + "\n  ".join(lines) + "\n)"


class ModuleDict(Module):
    """A dict of modules whose parameters belong to the owner, named by their keys.

    As PyTorch's: it keeps the order in which keys were inserted, and reads and changes as a
    dict (``md[key]``, ``md[key] = module``, ``del md[key]``, ``len``, iteration over the
    keys, ``in``, :meth:`keys`, :meth:`items`, :meth:`values`, :meth:`update`, :meth:`pop`,
    :meth:`clear`). Keys are strings without '.' that are not attributes of a Module.

    Parameters
    ----------
    modules : mapping or iterable of (str, Module) pairs, optional
        The initial modules, in order.
    """

    def __init__(self, modules: Mapping[str, Module] | Iterable[tuple[str, Module]] | None = None) -> None:
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key: str) -> Module:
        return self._modules[key]  # type: ignore[return-value]

    def __setitem__(self, key: str, module: Module) -> None:
        self.add_module(key, module)

    def __delitem__(self, key: str) -> None:
        if key not in self._modules:
            raise KeyError(key)
        delattr(self, key)

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __contains__(self, key: object) -> bool:
        return key in self._modules

    def clear(self) -> None:
        """Remove every module."""
        for key in list(self._modules):
            del self[key]

    def pop(self, key: str) -> Module:
        """Remove the module under ``key`` and return it."""
        module = self[key]
        del self[key]
        return module

    def keys(self) -> KeysView[str]:
        """The keys, in order."""
        return self._modules.keys()

    def items(self) -> Iterable[tuple[str, Module]]:
        """The (key, module) pairs, in order."""
        return self._modules.items()  # type: ignore[return-value]

    def values(self) -> Iterable[Module]:
        """The modules, in order."""
        return self._modules.values()  # type: ignore[return-value]

    def update(self, modules: Mapping[str, Module] | Iterable[tuple[str, Module]]) -> None:
        """Add or replace modules from a mapping or an iterable of (key, module) pairs, in their order."""
        _update(self, modules, "ModuleDict")


def _update(container: Any, items: Any, kind: str) -> None:
    """``update`` of ModuleDict and ParameterDict, with PyTorch's checks and messages."""
    if not isinstance(items, Iterable):
        raise TypeError(
            f"{kind}.update should be called with an iterable of key/value pairs, but got {type(items).__name__}"
        )
    if isinstance(items, Mapping) or (isinstance(items, Module) and hasattr(items, "items")):
        pairs = list(items.items())
        # PyTorch sorts the keys of a plain dict given to ParameterDict (not those of an
        # OrderedDict or another ParameterDict), so that state-dict keys come in its order.
        if kind == "ParameterDict" and isinstance(items, Mapping) and not isinstance(items, OrderedDict):
            pairs = sorted(pairs, key=lambda pair: pair[0])
    else:
        pairs = []
        for number, pair in enumerate(items):
            if not isinstance(pair, Iterable):
                raise TypeError(
                    f"{kind} update sequence element #{number} should be Iterable; is {type(pair).__name__}"
                )
            pair = list(pair)
            if len(pair) != 2:
                raise ValueError(f"{kind} update sequence element #{number} has length {len(pair)}; 2 is required")
            pairs.append(pair)
    for key, value in pairs:
        container[key] = value


def _position(index: int, length: int) -> int:
    index = operator.index(index)
    if not -length <= index < length:
        raise IndexError(f"index {index} is out of range for {length} modules")
    return index % length


def _checked(module: Any, container: str) -> Module:
    if not isinstance(module, Module):
        raise TypeError(f"{container}: cannot assign a {type(module).__name__}, expected a Module")
    return module
