"""Drawing what the engine recorded as a ``graphviz.Digraph``.

Tensors are boxes and ops are ellipses; edges follow the forward data flow (gradients flow
against them). Roles are told apart by fill and outline so that they survive grey-scale
printing: parameters green (inside a dashed box per module), other leaves that require grad
blue, constants (inputs, targets, masks) white with a dashed outline, the output orange with
a double outline, ops grey.

Large graphs stay readable: past ``max_nodes`` the intermediate tensors are folded into the
ops that made them (their shape moves into the op's label), and if that is still too many,
only the ``max_nodes`` vertices nearest the output are drawn, with a note saying how many
were left out. Highlighted vertices (and the stepper's current one) are always drawn; named
intermediate tensors and those whose retained ``.grad`` is shown keep a vertex of their own
when the others fold.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import graphviz
import numpy as np

from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor
from autograd_core.viz.labels import format_bytes, format_shape, format_values
from autograd_core.viz.modules import ParameterNames, read_parameters
from autograd_core.viz.recorded_graph import OpVertex, RecordedGraph, TensorVertex, Vertex, walk_graph
from autograd_core.viz.render import PortableDigraph

DEFAULT_MAX_NODES = 300
"""How many vertices (ops and tensors) a drawing shows in full when ``max_nodes`` is None."""

NOTE_ID = "more"
RANK_DIRECTIONS = ("TB", "LR", "BT", "RL")

_FONT = "Helvetica"
_TENSOR_STYLE = {
    "parameter": {"style": "filled", "fillcolor": "#cdebd0"},
    "leaf": {"style": "filled", "fillcolor": "#cfe0fc"},
    "constant": {"style": "dashed"},
    "intermediate": {"style": "filled", "fillcolor": "#ffffff"},
    "output": {"style": "filled", "fillcolor": "#ffd9a0", "peripheries": "2"},
}
_OP_STYLE = {"shape": "ellipse", "style": "filled", "fillcolor": "#ececec"}
_HIGHLIGHT = {"color": "#d62728", "penwidth": "3"}
_CURRENT = {"color": "#d62728", "penwidth": "3", "fillcolor": "#ffd2d2"}
_FINISHED_OP = {"fillcolor": "#bdbdbd"}
_SPINE_WEIGHT = "10"  # layout weight of the edges along the main chain (see _spine_inputs)
_EDGE_VALUES = 4  # an edge label shows at most this many values, else a summary
_GRADIENT_EDGE = {"color": "#d62728", "fontcolor": "#d62728", "fontsize": "9"}


@dataclass
class StepOverlay:
    """The state of a backward pass drawn on top of the graph (used by the stepper).

    All keys are DOT node ids of the :class:`RecordedGraph` vertices.

    Attributes
    ----------
    current : set of str
        Vertices processed by the latest step (drawn in red).
    step_of : dict of str to int
        Step number of every finished vertex (finished ops drawn darker).
    tensor_grads : dict of str to ndarray
        Each tensor's total gradient, once it is known.
    edge_grads : dict of (str, int) to ndarray
        The gradient an op sent to its input at a position, once the op has run.
    """

    current: set[str] = field(default_factory=set)
    step_of: dict[str, int] = field(default_factory=dict)
    tensor_grads: dict[str, Any] = field(default_factory=dict)
    edge_grads: dict[tuple[str, int], Any] = field(default_factory=dict)


@dataclass
class DrawingOptions:
    """What to show; see :func:`draw_graph`."""

    show_data: bool = False
    show_grad: bool = False
    show_saved: bool = False
    rankdir: str = "TB"
    max_nodes: int | None = None


def draw_graph(
    root: Tensor | Sequence[Tensor],
    params: Any = None,
    show_data: bool = False,
    show_grad: bool = False,
    show_saved: bool = False,
    rankdir: str = "TB",
    max_nodes: int | None = None,
    highlight: Any = None,
) -> graphviz.Digraph:
    """Draw the computation graph that produced ``root``.

    Parameters
    ----------
    root : Tensor or sequence of Tensor
        The output(s), usually a loss.
    params : module, dict or iterable of (str, Tensor), optional
        Names for parameters: ``model`` (anything with ``named_parameters()``) or
        ``dict(model.named_parameters())``. Parameters are labelled with their dotted names
        (``encoder.0.weight``) and grouped in one box per module.
    show_data : bool
        Show values: in full for tensors of at most 12 elements, as ``mean, min, max``
        otherwise.
    show_grad : bool
        Show ``.grad`` the same way (leaves after backward, or tensors that ``retain_grad()``).
    show_saved : bool
        List, in each op, the arrays it keeps for backward and their bytes, and the total in
        the title: this is where training memory goes. Backward releases them.
    rankdir : {"TB", "LR", "BT", "RL"}
        Direction of the forward flow: top to bottom, left to right, ….
    max_nodes : int, optional
        Most vertices to draw (default 300). Past it, intermediate tensors are folded into
        their ops (except highlighted or named ones, and those whose gradient ``show_grad``
        shows), then only the vertices nearest the output are kept (and the highlighted
        ones), with a note.
    highlight : Tensor, node, module, or iterable of Tensors and nodes, optional
        Vertices to outline in red; a module stands for its parameters.

    Returns
    -------
    graphviz.Digraph
        The drawing (a :class:`~autograd_core.viz.render.PortableDigraph`): it displays inline
        in Jupyter, ``.source`` is its DOT text, ``.pipe(format="svg")`` and
        ``.render(...)`` render it with the system ``dot`` or ``graphviz-pure``.

    Examples
    --------
    >>> import autograd_core as ag
    >>> x = ag.tensor([1.0, 2.0], requires_grad=True, name="x")
    >>> drawing = draw_graph((x * x).sum(), show_data=True)
    >>> "mul" in drawing.source
    True
    >>> drawing.render(outfile="graph.svg")  # doctest: +SKIP
    """
    roots = as_roots(root, "draw_graph")
    names = read_parameters(params)
    recorded = walk_graph(roots, names.name_of)
    options = DrawingOptions(show_data, show_grad, show_saved, rankdir, max_nodes)
    return draw_recorded(recorded, names, options, highlight_ids(recorded, highlight))


def as_roots(root: Any, caller: str) -> list[Tensor]:
    """``root`` as a list of Tensors, or a clear TypeError."""
    if isinstance(root, Tensor):
        return [root]
    if isinstance(root, (list, tuple)) and root and all(isinstance(t, Tensor) for t in root):
        return list(root)
    raise TypeError(f"{caller}: root must be a Tensor or a non-empty list of Tensors, got {type(root).__name__}")


def highlight_ids(recorded: RecordedGraph, highlight: Any) -> set[str]:
    """DOT ids of the vertices to highlight: tensors and nodes, alone or in an iterable."""
    if highlight is None:
        return set()
    if hasattr(highlight, "parameters") and not isinstance(highlight, Tensor):  # a module: its parameters
        parameters = [recorded.vertex_of_tensor(p) for p in highlight.parameters()]
        ids = {vertex.dot_id for vertex in parameters if vertex is not None}
        if not ids:
            raise ValueError(
                f"draw_graph: cannot highlight the {type(highlight).__name__}: none of its parameters is in the graph"
            )
        return ids
    items = [highlight] if isinstance(highlight, (Tensor, Primitive)) else highlight
    if not isinstance(items, Iterable) or isinstance(items, (str, bytes)):
        raise TypeError(
            f"draw_graph: highlight takes a Tensor, a graph node, a module, or an iterable of Tensors and "
            f"nodes; got {type(highlight).__name__}"
        )
    ids: set[str] = set()
    for item in items:
        vertex: Vertex | None
        if isinstance(item, Tensor):
            vertex = recorded.vertex_of_tensor(item)
            described = f"a Tensor of shape {tuple(item.shape)}"
        elif isinstance(item, Primitive):
            vertex = recorded.op_of_node.get(id(item))
            described = f"the node {item!r}"
        else:
            raise TypeError(
                f"draw_graph: highlight takes Tensors and graph nodes (or one module), got {type(item).__name__}"
            )
        if vertex is None:
            raise ValueError(f"draw_graph: cannot highlight {described}: it is not in the drawn graph")
        ids.add(vertex.dot_id)
    return ids


def draw_recorded(
    recorded: RecordedGraph,
    names: ParameterNames,
    options: DrawingOptions,
    highlighted: set[str] | None = None,
    overlay: StepOverlay | None = None,
) -> PortableDigraph:
    """Draw a walked graph, optionally with a backward pass's state on top."""
    if str(options.rankdir).upper() not in RANK_DIRECTIONS:
        raise ValueError(f"draw_graph: rankdir must be one of {', '.join(RANK_DIRECTIONS)}, got {options.rankdir!r}")
    limit = DEFAULT_MAX_NODES if options.max_nodes is None else int(options.max_nodes)
    if limit < 2:
        raise ValueError(f"draw_graph: max_nodes must be at least 2, got {options.max_nodes}")
    return _Drawer(recorded, names, options, limit, highlighted or set(), overlay).draw()


class _Drawer:
    """Builds one drawing; one instance per call."""

    def __init__(
        self,
        recorded: RecordedGraph,
        names: ParameterNames,
        options: DrawingOptions,
        limit: int,
        highlighted: set[str],
        overlay: StepOverlay | None,
    ) -> None:
        self.recorded = recorded
        self.names = names
        self.options = options
        self.highlighted = highlighted
        self.overlay = overlay
        self.notes: list[str] = []
        # Highlighted vertices and the stepper's current ones are drawn whatever the size of the
        # graph: neither folded into their op nor cut for being far from the output.
        self.pinned = highlighted | (overlay.current if overlay is not None else set())
        total = len(recorded.vertices)
        self.folded = total > limit
        self.hidden: set[str] = set()
        if self.folded:
            self.notes.append(
                f"{total} vertices > max_nodes={limit}: intermediate tensors are folded into the ops that made them"
            )
            self.hidden = {v.dot_id for v in recorded.vertices if self._folds(v)}
        shown = [v for v in recorded.vertices if v.dot_id not in self.hidden]
        self.left_out = 0
        if len(shown) > limit:
            must = self.pinned & {v.dot_id for v in shown}
            kept = self._nearest_to_output(max(limit - 1, len(must) + 1), must)
            self.left_out = len(shown) - len(kept)
            shown = [v for v in shown if v.dot_id in kept]
            self.notes.append(
                f"only the {len(shown)} vertices nearest the output are drawn; pass a larger max_nodes to see all"
            )
        self.shown = shown
        self.shown_ids = {v.dot_id for v in shown}
        self.spine_input = _spine_inputs(recorded)
        # What each op saved, read once for the title's total and the ops' labels.
        self.saved: dict[str, dict[str, np.ndarray]] = (
            {op.dot_id: _saved_arrays(op.node) for op in recorded.ops} if options.show_saved else {}
        )

    # ------------------------------------------------------------------ structure
    def _folds(self, vertex: Vertex) -> bool:
        """Whether a folded drawing draws this vertex inside the op that made it.

        Only intermediate tensors fold, and not those the reader singled out: a pinned one
        (its outline would vanish), a named one (its name would), nor one whose retained
        ``.grad`` is shown (the op's label has no room for it).
        """
        if not isinstance(vertex, TensorVertex) or vertex.role != "intermediate":
            return False
        if vertex.dot_id in self.pinned or vertex.name:
            return False
        return not (self.options.show_grad and vertex.tensor.grad is not None)

    def _is_hidden_tensor(self, vertex: Vertex) -> bool:
        return vertex.dot_id in self.hidden

    def _visible_source(self, vertex: TensorVertex) -> Vertex:
        """What an edge into an op starts from: the tensor, or its producer when folded."""
        if self._is_hidden_tensor(vertex) and vertex.producer is not None:
            return vertex.producer
        return vertex

    def _nearest_to_output(self, count: int, must: set[str]) -> set[str]:
        """``must`` and the vertices nearest the output, ``count`` in all.

        Breadth-first from the roots against the arrows, on the (folded) graph. A vertex of
        ``must`` met on the way takes no second place, so it costs nothing to pin a vertex
        that would have been drawn anyway.
        """
        kept = set(must)
        seen: set[str] = set()
        queue: deque[Vertex] = deque(self.recorded.roots)
        while queue and len(kept) < count:
            vertex = queue.popleft()
            if vertex.dot_id in seen:
                continue
            seen.add(vertex.dot_id)
            kept.add(vertex.dot_id)
            if isinstance(vertex, TensorVertex):
                if vertex.producer is not None:
                    queue.append(vertex.producer)
            else:
                queue.extend(self._visible_source(t) for t in vertex.inputs if t is not None)
        return kept

    # ------------------------------------------------------------------ drawing
    def draw(self) -> PortableDigraph:
        graph = PortableDigraph(name="autograd")
        graph.attr(rankdir=self.options.rankdir.upper(), fontname=_FONT, fontsize="11", nodesep="0.3", ranksep="0.35")
        graph.attr("node", fontname=_FONT, fontsize="10", shape="box", margin="0.08,0.04", height="0.3")
        graph.attr("edge", fontname=_FONT, fontsize="9", arrowsize="0.7")
        title = self._title_lines()
        if title:
            graph.attr(label=_label(title), labelloc="t", labeljust="l")
        in_boxes = self._draw_module_boxes(graph)
        for vertex in self.shown:
            if vertex.dot_id in in_boxes:
                continue
            self._draw_vertex(graph, vertex)
        if self.left_out:
            graph.node(
                NOTE_ID,
                _label([f"… {self.left_out} more vertices not drawn", "(pass a larger max_nodes)"]),
                shape="note",
                style="filled",
                fillcolor="#fff5c2",
            )
        self._draw_edges(graph)
        return graph

    def _title_lines(self) -> list[str]:
        lines = list(self.notes)
        if self.options.show_saved:
            unique: dict[int, int] = {}
            for arrays in self.saved.values():
                for array in arrays.values():
                    owner = array
                    while isinstance(owner.base, np.ndarray):  # a view holds its base's memory
                        owner = owner.base
                    unique[id(owner)] = owner.nbytes
            total = sum(unique.values())
            lines.append(f"saved for backward: {format_bytes(total)} in {len(unique)} distinct arrays")
        return lines

    def _draw_module_boxes(self, graph: PortableDigraph) -> set[str]:
        if self.names.empty:
            return set()
        drawn_parameters = [v.tensor for v in self.shown if isinstance(v, TensorVertex) and v.role == "parameter"]
        placed: set[str] = set()
        for number, box in enumerate(self.names.boxes(drawn_parameters)):
            with graph.subgraph(name=f"cluster_{number}") as cluster:
                cluster.attr(label=box.title, style="rounded,dashed", color="#7f7f7f", fontcolor="#555555")
                for key in box.parameter_keys:
                    vertex = self.recorded.tensor_of_key[key]
                    self._draw_vertex(cluster, vertex)
                    placed.add(vertex.dot_id)
        return placed

    def _draw_vertex(self, graph: graphviz.Digraph, vertex: Vertex) -> None:
        if isinstance(vertex, OpVertex):
            lines, attributes = self._op_label(vertex), dict(_OP_STYLE)
            attributes["tooltip"] = f"{vertex.node.name}: {vertex.node.formula}"
        else:
            lines, attributes = self._tensor_label(vertex), dict(_TENSOR_STYLE[vertex.role])
            attributes["tooltip"] = vertex.role
        overlay = self.overlay
        if overlay is not None:
            if vertex.dot_id in overlay.step_of and isinstance(vertex, OpVertex):
                attributes.update(_FINISHED_OP)
            if vertex.dot_id in overlay.current:
                attributes.update(_CURRENT)
                if "filled" not in attributes.get("style", ""):
                    attributes["style"] = ",".join(filter(None, [attributes.get("style"), "filled"]))
        if vertex.dot_id in self.highlighted:
            attributes.update(_HIGHLIGHT)
        graph.node(vertex.dot_id, _label(lines), **attributes)

    def _tensor_label(self, vertex: TensorVertex) -> list[str]:
        tensor = vertex.tensor
        lines = []
        if vertex.name:
            lines.append(vertex.name)
        elif vertex.role in ("output", "leaf", "constant"):
            lines.append(vertex.role)
        if vertex.producer is not None and vertex.producer.node.num_outputs > 1:
            lines.append(f"out[{tensor._output_nr}]")
        lines.append(f"{format_shape(tensor.shape)} {tensor.dtype}")
        if self.options.show_data:
            lines.extend(_value_lines("data", tensor.data))
        grad = self._known_grad(vertex)
        if grad is not None:
            lines.extend(_value_lines("grad", grad))
        elif self.options.show_grad and vertex.role in ("parameter", "leaf"):
            lines.append("grad: None")
        overlay = self.overlay
        if overlay is not None and vertex.dot_id in overlay.step_of:
            lines.append(f"step {overlay.step_of[vertex.dot_id]}: .grad accumulated")
        return lines

    def _known_grad(self, vertex: TensorVertex) -> Any:
        if self.overlay is not None:
            return self.overlay.tensor_grads.get(vertex.dot_id)
        if self.options.show_grad and vertex.tensor.grad is not None:
            return vertex.tensor.grad.data
        return None

    def _op_label(self, vertex: OpVertex) -> list[str]:
        node = vertex.node
        overlay = self.overlay
        step = overlay.step_of.get(vertex.dot_id) if overlay is not None else None
        lines = [node.name if step is None else f"{node.name}  (step {step})"]
        parameters = node.describe() if hasattr(node, "describe") else ""
        if parameters:
            lines.append(parameters)
        if vertex.folded:
            lines.append("with " + ", ".join(f"{name} = {value}" for name, value in vertex.folded))
        if node.formula:
            lines.append(node.formula)
        if self.folded:
            for output_nr, out in sorted(vertex.outputs.items()):
                if self._is_hidden_tensor(out):
                    prefix = "→ " if len(vertex.outputs) == 1 else f"→ out[{output_nr}] "
                    lines.append(f"{prefix}{format_shape(out.tensor.shape)} {out.tensor.dtype}")
                    grad = overlay.tensor_grads.get(out.dot_id) if overlay is not None else None
                    if grad is not None:
                        lines.extend(_value_lines("grad", grad))
        if self.options.show_saved:
            lines.extend(_saved_lines(node, self.saved[vertex.dot_id]))
        return lines

    def _draw_edges(self, graph: PortableDigraph) -> None:
        shown = self.shown_ids
        from_note: set[str] = set()
        overlay = self.overlay
        for vertex in self.shown:
            if not isinstance(vertex, OpVertex):
                continue
            for position, tensor in enumerate(vertex.inputs):
                if tensor is None:
                    continue
                source = self._visible_source(tensor)
                attributes: dict[str, str] = {}
                if overlay is not None:
                    grad = overlay.edge_grads.get((vertex.dot_id, position))
                    if grad is not None:
                        attributes.update(_GRADIENT_EDGE)
                        summary = format_values(grad, max_elements=_EDGE_VALUES)
                        attributes["label"] = f"∂{vertex.input_names[position]}: {summary}"
                if position == self.spine_input.get(vertex.dot_id):
                    attributes["weight"] = _SPINE_WEIGHT
                if source.dot_id in shown:
                    graph.edge(source.dot_id, vertex.dot_id, **attributes)
                elif vertex.dot_id not in from_note:
                    from_note.add(vertex.dot_id)
                    graph.edge(NOTE_ID, vertex.dot_id, style="dashed")
            for _, out in sorted(vertex.outputs.items()):
                if out.dot_id in shown:
                    graph.edge(vertex.dot_id, out.dot_id, weight=_SPINE_WEIGHT)


def _spine_inputs(recorded: RecordedGraph) -> dict[str, int]:
    """For each op, the position of its input on the longest path from a leaf.

    Weighting those edges keeps the main chain of a deep network straight; left to itself,
    the layout centres every op between its inputs, and the side branches (weights, biases)
    push each layer sideways until a deep network is drawn as a wide staircase.
    """
    depth: dict[str, int] = {}
    spine: dict[str, int] = {}
    for vertex in recorded.vertices:  # forward order: inputs come first
        if isinstance(vertex, TensorVertex):
            depth[vertex.dot_id] = depth[vertex.producer.dot_id] + 1 if vertex.producer is not None else 0
            continue
        best_position, best_depth = None, -1
        for position, tensor in enumerate(vertex.inputs):
            if tensor is not None and depth[tensor.dot_id] > best_depth:
                best_position, best_depth = position, depth[tensor.dot_id]
        depth[vertex.dot_id] = best_depth + 1
        if best_position is not None:
            spine[vertex.dot_id] = best_position
    return spine


def _value_lines(what: str, array: Any) -> list[str]:
    """``data: [[1, 2],`` / ``[3, 4]]``: a small matrix one row per line, anything else one line."""
    rows = format_values(array, one_line=False).split("\n")
    return [f"{what}: {rows[0]}", *rows[1:]]


def _saved_arrays(node: Primitive) -> dict[str, np.ndarray]:
    try:
        return node.saved_values()
    except RuntimeError:  # a saved output that no longer exists
        return {}


def _saved_lines(node: Primitive, saved: dict[str, np.ndarray]) -> list[str]:
    if getattr(node, "released", False):
        return ["saved: released by backward"]
    if not saved:
        return ["saves nothing"]
    return [
        f"saved {name}: {format_shape(array.shape)} {array.dtype}, {format_bytes(array.nbytes)}"
        for name, array in saved.items()
    ]


def _label(lines: Iterable[str]) -> str:
    """A DOT label from lines of plain text: backslashes kept literal, lines centered."""
    return graphviz.nohtml("\\n".join(line.replace("\\", "\\\\") for line in lines))
