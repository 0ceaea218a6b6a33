"""Stepping through backpropagation one vertex at a time, driven by the engine itself.

:class:`BackwardStepper` does not re-implement backward: it advances the generator
:meth:`autograd_core.engine.BackwardPass.steps`, which ``Tensor.backward`` runs to the end,
so the order, the gradients and the release of saved values are the engine's own. Each step
is kept as a :class:`BackwardStep` (with copies of its gradients) so that drawings and
tables can show any point of the pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import graphviz
import numpy as np

from autograd_core.engine import BackwardPass
from autograd_core.tensor import Tensor
from autograd_core.viz.graph import DrawingOptions, StepOverlay, draw_recorded
from autograd_core.viz.labels import describe_array
from autograd_core.viz.modules import read_parameters
from autograd_core.viz.recorded_graph import OpVertex, TensorVertex, walk_graph
from autograd_core.viz.step_table import StepTable


@dataclass(frozen=True, eq=False)
class BackwardStep:
    """One step of a backward pass: an op sending gradients to its inputs, or a leaf's ``.grad``.

    Attributes
    ----------
    number : int
        1 for the first step.
    kind : {"op", "leaf"}
        An op (a graph node) or a leaf tensor receiving its total gradient.
    op : str
        The op's name; ``"accumulate grad"`` for a leaf.
    formula : str
        The op's vector-Jacobian product (``g`` is the incoming gradient); for a leaf,
        ``name.grad += g``.
    target : str
        What the step is about: the op's name, or the leaf's name (or role and shape).
    grad_out : ndarray or list of ndarray
        ``g``: the gradient arriving at the op's output (one per output for several), or the
        leaf's total gradient.
    grads_in : tuple of ndarray or None
        What the op sent to each input; None for an input that needs no gradient. Empty for
        a leaf.
    input_names : tuple of str
        The inputs' names in the formula (``a``, ``b``, ``x``).
    input_titles : tuple of str
        What each input is (a parameter's name, or role and shape).
    input_shapes : tuple of tuple of int
        The shape of each input.
    output_shape : tuple of int or list of tuple of int
        The shape of the op's output(s), or of the leaf.
    vertex : Primitive or Tensor
        The engine's vertex (the graph node, or the leaf tensor).
    dot_id : str
        Its node name in the stepper's drawings.
    """

    number: int
    kind: Literal["op", "leaf"]
    op: str
    formula: str
    target: str
    grad_out: Any
    grads_in: tuple[Any, ...]
    input_names: tuple[str, ...]
    input_titles: tuple[str, ...]
    input_shapes: tuple[tuple[int, ...], ...]
    output_shape: Any
    vertex: Any
    dot_id: str

    def incoming(self) -> list[tuple[str, Any]]:
        """``g`` with its name: one pair, or ``g[0]``, ``g[1]``, … for an op with several outputs."""
        outputs = self.grad_out if isinstance(self.grad_out, list) else [self.grad_out]
        if len(outputs) == 1:
            return [("g", outputs[0])]
        return [(f"g[{position}]", grad) for position, grad in enumerate(outputs)]

    def sent_lines(self, show: Callable[[Any], str]) -> list[str]:
        """One line per input, ``∂x → what x is: <gradient shown by show>`` (or "no gradient")."""
        return [
            f"∂{name} → {title}: " + ("no gradient" if grad is None else show(grad))
            for name, title, grad in zip(self.input_names, self.input_titles, self.grads_in)
        ]

    def describe(self) -> str:
        """The step in a few lines of text: op, formula, ``g`` and what each input received."""
        if self.kind == "leaf":
            header = f"step {self.number}: {self.target} receives its gradient   ({self.formula})"
        else:
            header = f"step {self.number}: {self.op}   {self.formula}"
        lines = [header, *(f"  {name} = {describe_array(grad)}" for name, grad in self.incoming())]
        lines.extend(f"  {line}" for line in self.sent_lines(describe_array))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.describe()

    def __repr__(self) -> str:
        return f"<BackwardStep {self.number}: {self.op} {self.target if self.kind == 'leaf' else ''}>".replace(
            " >", ">"
        )


class BackwardStepper:
    """Walk a backward pass one vertex at a time, in the engine's real order.

    Parameters
    ----------
    loss : Tensor
        Where backward starts (one element, unless ``gradient`` is given).
    gradient : array_like, optional
        ∂L/∂loss for a loss with several elements.
    retain_graph : bool
        Keep what the graph saved, so that backward can run through it again afterwards.
    params : module, dict or iterable of (str, Tensor), optional
        Parameter names for drawings and tables, as in :func:`~autograd_core.viz.draw_graph`.

    Raises
    ------
    RuntimeError
        If the graph was already released by a backward pass (or the loss needs no grad).

    Notes
    -----
    Each :meth:`step` runs exactly one vertex of the engine's own pass
    (:meth:`autograd_core.engine.BackwardPass.steps`): an op computes the gradients of its
    inputs, or a leaf adds its total gradient to ``.grad``. After the last step every leaf's
    ``.grad`` is what ``loss.backward()`` gives, and the saved values are released (unless
    ``retain_graph``).

    Examples
    --------
    >>> import autograd_core as ag
    >>> w = ag.tensor([1.0, 2.0], requires_grad=True, name="w")
    >>> stepper = BackwardStepper((w * w).sum())
    >>> stepper.step().op           # the engine's first step: the sum
    'sum'
    >>> stepper.draw()              # doctest: +SKIP
    >>> len(stepper.run())          # the remaining steps: mul, then w's .grad
    2
    >>> w.grad
    tensor([2., 4.])
    >>> print(stepper.table())      # doctest: +SKIP
    """

    def __init__(self, loss: Tensor, gradient: Any = None, retain_graph: bool = False, params: Any = None) -> None:
        if not isinstance(loss, Tensor):
            raise TypeError(f"BackwardStepper: loss must be a Tensor, got {type(loss).__name__}")
        self.loss = loss
        self._names = read_parameters(params)
        self.graph = walk_graph([loss], self._names.name_of)
        try:
            self._pass = BackwardPass([loss], [gradient], retain_graph=retain_graph, create_graph=False)
        except RuntimeError as error:
            raise RuntimeError(f"BackwardStepper: {error}") from error
        self._steps = self._pass.steps()
        self._exhausted = False
        self._failed = False
        self.history: list[BackwardStep] = []
        """Every step taken so far, in order."""

    # ------------------------------------------------------------------ stepping
    @property
    def current(self) -> BackwardStep | None:
        """The latest step (None before the first)."""
        return self.history[-1] if self.history else None

    @property
    def finished(self) -> bool:
        """True when no step is left: no vertex still waits with a gradient to process.

        (The engine's ready list can still hold vertices that no gradient reached; it passes
        over them without a step.)
        """
        return self._exhausted or not self._pass.pending

    @property
    def expected_steps(self) -> int:
        """How many steps the pass takes: one per op and per leaf that requires grad."""
        ops = len(self.graph.op_of_node)
        leaves = sum(1 for t in self.graph.tensors if t.is_leaf and t.tensor.requires_grad)
        return max(ops + leaves, len(self.history))

    def step(self) -> BackwardStep:
        """Run the engine's next step and return it.

        Raises
        ------
        RuntimeError
            If the pass is finished, or the engine meets a graph that another backward
            released meanwhile.
        """
        record = self._advance()
        if record is None:
            raise RuntimeError(self._finished_message())
        return record

    def run(self) -> list[BackwardStep]:
        """Run the remaining steps and return them (an empty list if none remain)."""
        taken: list[BackwardStep] = []
        while True:
            record = self._advance()
            if record is None:
                return taken
            taken.append(record)

    def _advance(self) -> BackwardStep | None:
        """The engine's next step, recorded; None once the pass has ended."""
        if self._exhausted:
            return None
        try:
            vertex, grad_out, grads_in = next(self._steps)
        except StopIteration:
            self._exhausted = True
            return None
        except RuntimeError as error:
            self._exhausted = self._failed = True
            raise RuntimeError(f"BackwardStepper: step {len(self.history) + 1} failed: {error}") from error
        except Exception:
            self._exhausted = self._failed = True  # the engine's generator cannot resume after an error
            raise
        record = self._record(vertex, grad_out, grads_in)
        self.history.append(record)
        return record

    def _finished_message(self) -> str:
        if self._failed:
            return (
                f"BackwardStepper: the pass stopped at an error after {len(self.history)} steps; "
                "make a new forward pass and a new stepper"
            )
        return (
            f"BackwardStepper: backward is finished after {len(self.history)} steps and every leaf's "
            ".grad is set; there is no next step (make a new forward pass and a new stepper to step again)"
        )

    def _record(self, vertex: Any, grad_out: Any, grads_in: Any) -> BackwardStep:
        number = len(self.history) + 1
        if isinstance(vertex, Tensor):
            leaf = self.graph.vertex_of_tensor(vertex)
            title = leaf.title() if leaf is not None else "leaf"
            named = leaf is not None and leaf.name
            return BackwardStep(
                number=number,
                kind="leaf",
                op="accumulate grad",
                formula=f"{title}.grad += g" if named else ".grad += g",
                target=title,
                grad_out=_snapshot(grad_out),
                grads_in=(),
                input_names=(),
                input_titles=(),
                input_shapes=(),
                output_shape=tuple(vertex.shape),
                vertex=vertex,
                dot_id=leaf.dot_id if leaf is not None else "",
            )
        op = self.graph.op_of_node[id(vertex)]
        titles = tuple(_input_title(op, position) for position in range(len(vertex.inputs)))
        return BackwardStep(
            number=number,
            kind="op",
            op=vertex.name,
            formula=vertex.formula,
            target=vertex.name,
            grad_out=_snapshot(grad_out),
            grads_in=tuple(_snapshot(g) for g in grads_in),
            input_names=op.input_names,
            input_titles=titles,
            input_shapes=tuple(tuple(t.shape) for t in vertex.inputs),
            output_shape=[np.shape(g) for g in grad_out] if isinstance(grad_out, list) else np.shape(grad_out),
            vertex=vertex,
            dot_id=op.dot_id,
        )

    # ------------------------------------------------------------------ showing
    def overlay(self, step: int | None = None) -> StepOverlay:
        """The state after ``step`` steps (default: all taken so far), for drawing."""
        steps = self._steps_until(step)
        overlay = StepOverlay()
        for record in steps:
            overlay.step_of[record.dot_id] = record.number
            if record.kind == "leaf":
                overlay.tensor_grads[record.dot_id] = record.grad_out
                continue
            op = self.graph.op_of_node[id(record.vertex)]
            outputs = record.grad_out if isinstance(record.grad_out, list) else [record.grad_out]
            for output_nr, out in op.outputs.items():
                if output_nr < len(outputs):
                    overlay.tensor_grads[out.dot_id] = outputs[output_nr]
            for position, grad in enumerate(record.grads_in):
                if grad is not None:
                    overlay.edge_grads[(op.dot_id, position)] = grad
        if steps:
            overlay.current.add(steps[-1].dot_id)
        return overlay

    def draw(
        self,
        step: int | None = None,
        show_data: bool = False,
        show_saved: bool = False,
        rankdir: str = "TB",
        max_nodes: int | None = None,
    ) -> graphviz.Digraph:
        """The graph with the pass drawn on it: the current vertex in red, finished ops darker
        with their step number, each known gradient on its tensor, and each gradient sent on
        its edge (labelled ``∂a``, ``∂b`` as in the op's formula).

        Parameters
        ----------
        step : int, optional
            Draw the state after this many steps (default: all steps taken so far).
        show_data, show_saved, rankdir, max_nodes
            As in :func:`~autograd_core.viz.draw_graph`; ``show_saved`` shows the memory
            that backward has released so far.
        """
        options = DrawingOptions(show_data=show_data, show_saved=show_saved, rankdir=rankdir, max_nodes=max_nodes)
        return draw_recorded(self.graph, self._names, options, overlay=self.overlay(step))

    def table(self, step: int | None = None) -> StepTable:
        """The steps so far (or the first ``step``) as a table: HTML in notebooks, text otherwise."""
        return StepTable(self._steps_until(step))

    def slider(self, **draw_options: Any) -> Any:
        """An ipywidgets slider (with a play button) over the steps: moving it forward drives
        the engine, moving it back replays what was recorded. Needs ``ipywidgets``.

        Parameters
        ----------
        **draw_options
            Passed to :meth:`draw` (``show_data``, ``show_saved``, ``rankdir``, ``max_nodes``).
        """
        from autograd_core.viz.widget import step_slider

        return step_slider(self, **draw_options)

    def _steps_until(self, step: int | None) -> list[BackwardStep]:
        if step is None:
            return list(self.history)
        if not 0 <= step <= len(self.history):
            raise ValueError(
                f"BackwardStepper: step must be between 0 and {len(self.history)} (the steps taken), got {step}"
            )
        return self.history[:step]

    def __repr__(self) -> str:
        state = "finished" if self.finished else "running"
        current = f", current: {self.current.op}" if self.current is not None else ""
        return f"<BackwardStepper: {len(self.history)} of {self.expected_steps} steps, {state}{current}>"


def _snapshot(grad: Any) -> Any:
    """A private copy of a gradient: later steps and optimizers must not change the record."""
    if grad is None:
        return None
    if isinstance(grad, list):
        return [_snapshot(g) for g in grad]
    return np.array(grad, copy=True)


def _input_title(op: OpVertex, position: int) -> str:
    """What an op's input is, in a few words: a name, a constant's value, or what made it."""
    vertex: TensorVertex | None = op.inputs[position]
    if vertex is None:
        value = dict(op.folded).get(op.input_names[position], "")
        return f"constant {value}"
    if vertex.name:
        return vertex.name
    if vertex.producer is not None:
        node = vertex.producer.node
        return f"{node.name} output" if node.num_outputs == 1 else f"{node.name} output[{vertex.tensor._output_nr}]"
    return vertex.role
