"""What the engine recorded, walked once into plain vertices: the model that drawings share.

The picture is bipartite, as in micrograd: tensors (values) and ops (primitive calls)
alternate, edges follow the forward data flow (input tensor → op → output tensor), and
gradients flow against the arrows. Python scalars that an op combined with a tensor
(``x * 2``) are folded into the op's label instead of getting a node each.

The walk is iterative (no recursion limit however deep the graph) and deterministic: vertices
come in forward topological order, found by following each node's ``inputs`` tuple in order.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Union

from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor
from autograd_core.viz.labels import format_number

TensorRole = Literal["parameter", "leaf", "constant", "intermediate", "output"]
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@dataclass(eq=False)
class TensorVertex:
    """A tensor in the drawing.

    Attributes
    ----------
    dot_id : str
        Its node name in the DOT source (``t0``, ``t1``, …, in drawing order).
    tensor : Tensor
        The tensor itself.
    role : str
        ``parameter`` (named in ``params``), ``leaf`` (requires grad, made by no op),
        ``constant`` (requires no grad), ``intermediate`` (made by an op) or ``output``
        (a root of the drawing).
    name : str or None
        The parameter's dotted name, else the tensor's ``name``.
    producer : OpVertex or None
        The op that made it.
    """

    dot_id: str
    tensor: Tensor
    role: TensorRole
    name: str | None
    producer: OpVertex | None = None

    @property
    def is_leaf(self) -> bool:
        """True for tensors that no recorded op made (the engine's leaf vertices)."""
        return self.producer is None

    def title(self) -> str:
        """What tables call this tensor: its name, else its role and shape."""
        if self.name:
            return self.name
        return f"{self.role} {tuple(self.tensor.shape)}"


@dataclass(eq=False)
class OpVertex:
    """One recorded op (a :class:`~autograd_core.primitive.Primitive` call) in the drawing.

    Attributes
    ----------
    dot_id : str
        Its node name in the DOT source (``op0``, ``op1``, …).
    node : Primitive
        The graph node.
    input_names : tuple of str
        The name of each input as the op's formula uses it (``a``, ``b``, ``x``, ``x₀``…).
    inputs : list of TensorVertex or None
        The vertex of each input, None for a folded Python scalar.
    folded : list of (str, str)
        ``(input name, value)`` for each folded scalar, shown in the op's label.
    outputs : dict of int to TensorVertex
        The drawn outputs by output number (an output nothing used is not drawn).
    """

    dot_id: str
    node: Primitive
    input_names: tuple[str, ...]
    inputs: list[TensorVertex | None] = field(default_factory=list)
    folded: list[tuple[str, str]] = field(default_factory=list)
    outputs: dict[int, TensorVertex] = field(default_factory=dict)


Vertex = Union[TensorVertex, OpVertex]


@dataclass
class RecordedGraph:
    """Every vertex and edge reachable from the roots, in forward topological order."""

    roots: list[TensorVertex]
    vertices: list[Vertex]
    op_of_node: dict[int, OpVertex]
    tensor_of_key: dict[Any, TensorVertex]

    @property
    def ops(self) -> list[OpVertex]:
        """The op vertices, in forward order."""
        return [v for v in self.vertices if isinstance(v, OpVertex)]

    @property
    def tensors(self) -> list[TensorVertex]:
        """The tensor vertices, in forward order."""
        return [v for v in self.vertices if isinstance(v, TensorVertex)]

    def vertex_of_tensor(self, tensor: Tensor) -> TensorVertex | None:
        """The vertex drawn for ``tensor``, or None if it is not in the graph."""
        return self.tensor_of_key.get(tensor_key(tensor))


def tensor_key(tensor: Tensor) -> Any:
    """Identity of a tensor in the graph: the leaf itself, or (its node, its output number)."""
    node = tensor.grad_fn
    return id(tensor) if node is None else (id(node), tensor._output_nr)


def input_names(node: Primitive) -> tuple[str, ...]:
    """The names the op's formula gives its inputs (``a``, ``b``), else ``x₀``, ``x₁``, …."""
    count = len(node.inputs)
    names = tuple(getattr(node, "arg_names", ()))
    if len(names) == count:
        return names
    function = getattr(node, "function", None)  # a custom Function's node
    positions = getattr(node, "tensor_positions", None)
    if function is not None and positions is not None:
        try:
            parameters = list(inspect.signature(function.forward).parameters)[1:]  # after ctx
            names = tuple(parameters[p] for p in positions)
        except (TypeError, ValueError, IndexError):
            names = ()
        if len(names) == count and all(not n.startswith("*") for n in names):
            return names
    return tuple(f"x{i}".translate(_SUBSCRIPTS) for i in range(count))


def forward_order(root_nodes: Sequence[Primitive]) -> list[Primitive]:
    """The nodes that lead to ``root_nodes``, inputs before the ops that consume them.

    An iterative depth-first post-order: deterministic (it follows ``inputs`` in order) and
    without recursion.
    """
    order: list[Primitive] = []
    seen: set[int] = set()
    for root in root_nodes:
        stack: list[tuple[Primitive, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            for tensor in reversed(node.inputs):
                producer = tensor.grad_fn
                if producer is not None and id(producer) not in seen:
                    stack.append((producer, False))
    return order


def is_folded_scalar(tensor: Tensor, parameter_names: dict[int, str]) -> bool:
    """A 0-d constant with no name: a Python number that an op turned into a Tensor."""
    return (
        tensor.grad_fn is None
        and tensor.ndim == 0
        and not tensor.requires_grad
        and tensor.name is None
        and id(tensor) not in parameter_names
    )


def walk_graph(roots: Sequence[Tensor], parameter_names: dict[int, str] | None = None) -> RecordedGraph:
    """Walk what the engine recorded behind ``roots`` into a :class:`RecordedGraph`.

    Parameters
    ----------
    roots : sequence of Tensor
        The outputs to draw (usually one loss).
    parameter_names : dict of int to str, optional
        Dotted names of parameters, by ``id`` of the tensor.
    """
    names = parameter_names or {}
    root_keys = {tensor_key(t) for t in roots}
    root_nodes = [t.grad_fn for t in roots if t.grad_fn is not None]
    order = forward_order(root_nodes)

    # Consumers hold the intermediate tensors (a node keeps only a weak link to its output).
    outputs_of: dict[int, dict[int, Tensor]] = {}
    for tensor in [t for node in order for t in node.inputs] + list(roots):
        if tensor.grad_fn is not None:
            outputs_of.setdefault(id(tensor.grad_fn), {}).setdefault(tensor._output_nr, tensor)

    vertices: list[Vertex] = []
    tensor_of_key: dict[Any, TensorVertex] = {}
    op_of_node: dict[int, OpVertex] = {}

    def add_tensor(tensor: Tensor, producer: OpVertex | None) -> TensorVertex:
        key = tensor_key(tensor)
        name = names.get(id(tensor)) or tensor.name
        if key in root_keys:
            role: TensorRole = "output"
        elif producer is not None:
            role = "intermediate"
        elif id(tensor) in names:
            role = "parameter"
        else:
            role = "leaf" if tensor.requires_grad else "constant"
        vertex = TensorVertex(f"t{len(tensor_of_key)}", tensor, role, name, producer)
        tensor_of_key[key] = vertex
        vertices.append(vertex)
        return vertex

    for node in order:
        op = OpVertex(f"op{len(op_of_node)}", node, input_names(node))
        for input_name, tensor in zip(op.input_names, node.inputs):
            if is_folded_scalar(tensor, names):
                op.folded.append((input_name, _scalar_text(tensor)))
                op.inputs.append(None)
                continue
            vertex = tensor_of_key.get(tensor_key(tensor))
            if vertex is None:  # a leaf met for the first time (made tensors precede their users)
                vertex = add_tensor(tensor, None)
            op.inputs.append(vertex)
        op_of_node[id(node)] = op
        vertices.append(op)
        for output_nr, tensor in sorted(outputs_of.get(id(node), {}).items()):
            op.outputs[output_nr] = add_tensor(tensor, op)

    for tensor in roots:  # a root that no op made (a leaf drawn on its own)
        if tensor_key(tensor) not in tensor_of_key:
            add_tensor(tensor, None)
    drawn_roots = [tensor_of_key[tensor_key(t)] for t in roots]
    return RecordedGraph(drawn_roots, vertices, op_of_node, tensor_of_key)


def _scalar_text(tensor: Tensor) -> str:
    return format_number(tensor.data.item())
