"""Parameter names and module boxes, read by duck typing from anything like ``nn.Module``.

``params`` may be a mapping from dotted names (``encoder.0.weight``) to tensors, an iterable
of ``(name, tensor)`` pairs, or an object with ``named_parameters()`` (a module). A module
that also has ``named_modules()`` gives each box its class name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from autograd_core.tensor import Tensor


@dataclass
class ModuleBox:
    """One module's box in a drawing: its dotted path, a title, and the parameters it owns."""

    path: str
    title: str
    parameter_keys: list[int] = field(default_factory=list)


@dataclass
class ParameterNames:
    """Which tensors are parameters, their dotted names, and the module each belongs to."""

    name_of: dict[int, str]
    module_types: dict[str, str]
    is_module: bool

    @property
    def empty(self) -> bool:
        """True when no parameters were given."""
        return not self.name_of

    def owner_path(self, name: str) -> str:
        """``encoder.0`` for ``encoder.0.weight``; ``""`` for a parameter of the root module."""
        return name.rpartition(".")[0]

    def boxes(self, drawn: Iterable[Tensor]) -> list[ModuleBox]:
        """One box per module that owns drawn parameters, in the order they are first met.

        Boxes are not nested: a container's box would have to enclose the parameters of
        all its layers, which pulls every layer's weights to one place in the layout; the
        dotted path in each title (``encoder.0 (Linear)``) says where the module sits. The
        root module's own parameters get a box named by its class when a module is given.
        """
        by_path: dict[str, ModuleBox] = {}
        for tensor in drawn:
            name = self.name_of.get(id(tensor))
            if name is None:
                continue
            path = self.owner_path(name)
            if path == "" and not self.is_module:
                continue  # a plain mapping names no root module to draw a box for
            box = by_path.get(path)
            if box is None:
                box = by_path[path] = ModuleBox(path, self._title(path))
            box.parameter_keys.append(id(tensor))
        return list(by_path.values())

    def _title(self, path: str) -> str:
        kind = self.module_types.get(path)
        label = path if path else "model"
        if kind is None:
            return label
        return kind if not path else f"{label} ({kind})"


def read_parameters(params: Any) -> ParameterNames:
    """Collect parameter names from a module, a mapping, pairs, or None.

    Raises
    ------
    TypeError
        If ``params`` is none of those, or a value is not a Tensor.
    """
    if params is None:
        return ParameterNames({}, {}, is_module=False)
    module_types: dict[str, str] = {}
    is_module = False
    if hasattr(params, "named_parameters"):
        is_module = True
        if hasattr(params, "named_modules"):
            module_types = {path: type(module).__name__ for path, module in params.named_modules()}
        pairs: Iterable[Any] = params.named_parameters()
    elif isinstance(params, Mapping):
        pairs = params.items()
    elif isinstance(params, Iterable) and not isinstance(params, (str, bytes, Tensor)):
        pairs = params
    else:
        raise TypeError(
            "draw_graph: params must be a module (anything with named_parameters()), a dict "
            f"from names to Tensors, or (name, Tensor) pairs; got {type(params).__name__}"
        )
    name_of: dict[int, str] = {}
    for item in pairs:
        if isinstance(item, Tensor):  # e.g. model.parameters(): tensors without their names
            raise TypeError(
                f"draw_graph: params must give names, got a Tensor of shape {tuple(item.shape)} alone; pass the "
                "model, model.named_parameters() or a dict from names to Tensors"
            )
        try:
            name, tensor = item
        except (TypeError, ValueError):
            raise TypeError(f"draw_graph: params must yield (name, Tensor) pairs, got {type(item).__name__}") from None
        if not isinstance(tensor, Tensor):
            raise TypeError(f"draw_graph: parameter '{name}' is a {type(tensor).__name__}, not a Tensor")
        name_of.setdefault(id(tensor), str(name))  # a shared parameter keeps its first name
    return ParameterNames(name_of, module_types, is_module)
