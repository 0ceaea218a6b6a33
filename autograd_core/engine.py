"""The backward engine: one iterative traversal of the graph that yields one step per vertex.

Vertices are the nodes (primitive calls) and the leaf tensors that require grad. A first pass
counts, for every vertex, how many recorded edges consume it; the second pass starts from the
outputs and processes a vertex once all its consumers have sent their gradients (Kahn's
algorithm with a LIFO ready list: deterministic, and no recursion however deep the graph).
``Tensor.backward``, :func:`grad`, the notebook stepper and anomaly detection all consume
:meth:`BackwardPass.steps`.

A first-order pass carries gradients as ndarrays and runs each VJP on arrays; with
``create_graph=True`` it carries Tensors and records the VJPs, so that the gradients can be
differentiated again (see :class:`~autograd_core.primitive.Primitive`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence, Set
from typing import Any, Union

import numpy as np

from autograd_core import anomaly
from autograd_core.grad_mode import grad_state, set_grad_enabled
from autograd_core.ops.shape import reduce_to_shape, sum_to
from autograd_core.ops.unary import astype
from autograd_core.primitive import RELEASED_HINT, Primitive
from autograd_core.tensor import Tensor, make_tensor

Vertex = Union[Primitive, Tensor]
Step = tuple[Vertex, Any, Any]
"""One step: ``(vertex, grad_out, grads_in)``. For a node, ``grad_out`` is the gradient of its
output (a list for several outputs) and ``grads_in`` what it sent to each input; for a leaf,
``grad_out`` is the total gradient it received and ``grads_in`` is None. Gradients are
ndarrays in a first-order pass and Tensors with ``create_graph=True``."""

_ndarray = np.ndarray
_NOTHING: frozenset[Any] = frozenset()


def vertex_of(tensor: Tensor) -> Vertex:
    """The vertex that receives ``tensor``'s gradient: its node, or the leaf itself."""
    node = tensor.grad_fn
    return tensor if node is None else node


class BackwardPass:
    """One backward pass: validated and prepared on construction, run by :meth:`steps`.

    Parameters
    ----------
    outputs : sequence of Tensor
        Where the gradients start.
    grad_outputs : sequence of Tensor, array_like or None
        ∂L/∂output for each output; None means 1 for a one-element output.
    retain_graph : bool
        Keep the saved values so that backward can run through the graph again.
    create_graph : bool
        Record the backward computation, making the gradients differentiable.
    inputs : sequence of Tensor, optional
        Capture the gradients of these tensors instead of accumulating into leaves' ``.grad``
        (the :func:`grad` mode); only the part of the graph that leads to them runs.
    """

    __slots__ = (
        "retain_graph",
        "create_graph",
        "captured",
        "needed",
        "fills_retained",
        "_capture_keys",
        "dependencies",
        "pending",
        "_shared",
        "ready",
    )

    def __init__(
        self,
        outputs: Sequence[Tensor],
        grad_outputs: Sequence[Any],
        retain_graph: bool = False,
        create_graph: bool = False,
        inputs: Sequence[Tensor] | None = None,
    ) -> None:
        if len(outputs) != len(grad_outputs):
            raise ValueError(f"backward: {len(outputs)} outputs but {len(grad_outputs)} gradients")
        self.retain_graph = bool(retain_graph)
        self.create_graph = bool(create_graph)
        if len(outputs) == 1:  # the usual case (a loss), without the loops
            out = outputs[0]
            seeds = [_seed_gradient(0, out, grad_outputs[0])]
            roots: list[Vertex] = [out if out.grad_fn is None else out.grad_fn]
        else:
            seeds = []
            roots = []
            for position, (out, given) in enumerate(zip(outputs, grad_outputs)):
                seeds.append(_seed_gradient(position, out, given))
                roots.append(vertex_of(out))
        self.captured: dict[Vertex, Any] | None = None
        self.needed: set[Vertex] | None = None
        # Retained gradients (retain_grad) are filled by backward, also by backward(inputs=),
        # but not by grad(), which leaves every .grad untouched.
        self.fills_retained = inputs is None
        self._capture_keys: Set[Vertex] = _NOTHING
        if inputs is not None:
            self.captured = {}
            self._capture_keys = {vertex_of(t) for t in inputs}
            self.needed = _vertices_leading_to(roots, self._capture_keys)
        self.dependencies = _count_dependencies(roots, self.needed)
        self.pending: dict[Vertex, Any] = {}
        self._shared: set[int] = set()  # ids of gradient arrays that more than one place holds
        for out, root, seed, given in zip(outputs, roots, seeds, grad_outputs):
            if given is not None:
                self._shared.add(id(seed._data))  # the caller's array
            self._send(root, out._output_nr, seed if self.create_graph else seed._data)
        if len(roots) == 1:
            self.ready: list[Vertex] = roots
        else:
            self.ready = []
            seen: set[Vertex] = set()
            for root in reversed(roots):
                if root not in seen and self.dependencies.get(root, 0) == 0:
                    seen.add(root)
                    self.ready.append(root)

    # ------------------------------------------------------------------ running
    def run(self) -> None:
        """Run every step (without keeping any)."""
        for _ in self._traverse(record=False, just_built=False):
            pass

    def steps(self) -> Iterator[Step]:
        """Process the graph one vertex at a time, yielding each finished step."""
        return self._traverse(record=True, just_built=False)

    def _run_at_once(self) -> None:
        """:meth:`run`, for callers that run the pass right after building it (no code between)."""
        if self.captured is None and not self.create_graph and not anomaly.state.enabled and self._run_plain():
            return
        for _ in self._traverse(record=False, just_built=True):
            pass

    def _run_plain(self) -> bool:
        """The usual first-order pass, as far as it goes without user code: leaves and nodes of
        one output, without hooks or retained gradients, backwards of this library. Returns
        False, with the vertex that needs more left on the ready list, for :meth:`_traverse` to
        go on from.

        Nothing ran since the first pass checked every node for values modified in place, so
        the saved inputs are read without checking again.
        """
        ready = self.ready
        pending = self.pending
        dependencies = self.dependencies
        shared = self._shared
        retain_graph = self.retain_graph
        while ready:
            node = ready.pop()
            if isinstance(node, Tensor) and not node._hooks:  # a leaf that several consumers reached
                grad_out = pending.pop(node, None)
                if grad_out is not None:
                    _accumulate_array(node, grad_out, shared)
                continue
            if (
                isinstance(node, Tensor)
                or node.num_outputs != 1
                or node._hooks is not None
                or node._retained is not None
                or not node._trusted_backward
            ):
                ready.append(node)
                return False
            grad_out = pending.pop(node, None)
            if grad_out is None:
                self._pass_over(node)
                continue
            positions = node._inline_positions
            if positions is None:
                grads_in = node.backward(grad_out, *node.saved_for_backward(False, False))
            elif len(positions) == 1:
                grads_in = node.backward(grad_out, node.inputs[positions[0]]._data)
            elif positions:
                inputs = node.inputs
                grads_in = node.backward(grad_out, inputs[positions[0]]._data, inputs[positions[1]]._data)
            else:
                if node.released:
                    raise RuntimeError(f"backward through '{node.name}': {RELEASED_HINT}")
                grads_in = node.backward(grad_out)
            if retain_graph:
                pass
            elif node._plain_release:
                node.released = True
            else:
                node.release()
            last = None
            for tensor, grad, required in zip(node.inputs, grads_in, node.needs_input_grad):
                if not required:
                    last = None
                    continue
                if grad is not None:
                    data = tensor._data
                    if grad.__class__ is _ndarray and grad.shape == data.shape and grad.dtype is data.dtype:
                        # An array passed on unchanged, or sent to two inputs, must not become
                        # two leaves' .grad.
                        if grad is grad_out or grad is last:
                            shared.add(id(grad))
                    else:  # broadcast or of another dtype: summed and cast to the input's
                        grad = _conform_array(node, tensor, grad)
                last = grad
                target = tensor.grad_fn
                if target is None:  # a leaf
                    # Its only gradient goes straight into .grad, as is if it is a fresh array
                    # that nothing else holds; several are summed first (pending), as PyTorch.
                    if tensor._hooks is None and dependencies[tensor] == 1 and tensor not in pending:
                        if grad is None:
                            pass
                        elif (
                            tensor._grad is None
                            and grad.base is None
                            and id(grad) not in shared
                            and tensor._requires_grad
                            and grad.flags.writeable
                        ):
                            tensor._grad = make_tensor(grad)
                        else:
                            _accumulate_array(tensor, grad, shared)
                        continue
                    target = tensor
                if grad is None:
                    pass
                elif target is tensor or target.num_outputs == 1:
                    previous = pending.get(target)
                    pending[target] = grad if previous is None else _added(previous, grad)
                else:
                    self._send(target, tensor._output_nr, grad)
                remaining = dependencies[target] - 1
                dependencies[target] = remaining
                if remaining == 0:
                    ready.append(target)
        return True

    def _traverse(self, record: bool, just_built: bool) -> Iterator[Step]:
        """The general loop of the engine; with ``record``, it yields a step per vertex.

        It handles every case: hooks, retained gradients, several outputs, custom Functions,
        capture for :func:`grad`, recorded backwards and the stepper. :meth:`_run_plain` does
        the usual first-order pass and hands over to it at the first vertex it cannot do.
        ``just_built`` says that nothing ran since the first pass checked the graph.
        """
        ready = self.ready
        pending = self.pending
        dependencies = self.dependencies
        shared = self._shared
        create_graph = self.create_graph
        retain_graph = self.retain_graph
        captured = self.captured
        needed = self.needed
        anomaly_state = anomaly.state
        state = grad_state
        # Without hooks, capture, recording or steps to show, a leaf's gradient goes straight into
        # its .grad as each consumer sends it, instead of waiting its turn as a vertex.
        direct_leaves = captured is None and not create_graph and not record
        # The first pass checked every node that will run for values modified in place; when it
        # has just done so, and until user code runs (a hook, a custom Function), nothing can
        # have changed them since, so reading them need not check again.
        verified = just_built and not create_graph
        while ready:
            vertex = ready.pop()
            grad_out = pending.pop(vertex, None)
            if isinstance(vertex, Tensor):
                if grad_out is None:
                    continue
                if vertex._hooks:
                    verified = False
                grad_out = self._finish_leaf(vertex, grad_out)
                if record:
                    yield vertex, grad_out, None
                continue
            node = vertex
            if grad_out is None or (needed is not None and node not in needed):
                self._pass_over(node)
                continue
            # A first-order pass runs VJPs on arrays, which record nothing whatever the mode;
            # user code it calls (hooks, custom Functions) switches recording off itself.
            if create_graph:
                previous_mode = state.enabled
                state.enabled = True
            try:
                if node.num_outputs != 1 or node._hooks is not None or node._retained is not None:
                    if node._hooks is not None:
                        verified = False
                    grad_out = self._prepare_special(node, grad_out)
                if captured is not None and self._capture(node, grad_out):
                    sent = [None] * len(node.inputs)  # a wanted input, and nothing wanted beyond it
                else:
                    if not node._saved_spec:
                        if node.released:
                            raise RuntimeError(f"backward through '{node.name}': {RELEASED_HINT}")
                        grads_in = node.backward(grad_out)
                    else:
                        grads_in = node.backward(grad_out, *node.saved_for_backward(create_graph, not verified))
                    if not node._trusted_backward:
                        verified = False  # user code ran
                    if anomaly_state.enabled:
                        anomaly.check_backward(node, grads_in)
                    if retain_graph:
                        pass
                    elif node._plain_release:
                        node.released = True
                    else:
                        node.release()
                    trusted = node._trusted_backward
                    sent = [] if record else None
                    last = None  # the previous input's gradient
                    for tensor, grad, required in zip(node.inputs, grads_in, node.needs_input_grad):
                        if not required:
                            if record:
                                sent.append(None)
                            last = None
                            continue
                        target = tensor.grad_fn
                        if grad is not None:
                            data = tensor._data
                            if create_graph:
                                grad = _conform_tensor(node, tensor, grad)
                            elif grad.__class__ is _ndarray and grad.shape == data.shape and grad.dtype is data.dtype:
                                # Already conforms (the common case, checked inline). An array
                                # passed on unchanged, or sent to two inputs, must not become two
                                # leaves' .grad.
                                if grad is grad_out or grad is last or not trusted:
                                    shared.add(id(grad))
                            else:
                                grad = _conform_array(node, tensor, grad)
                        if record:
                            sent.append(grad)
                        last = grad
                        if target is None:  # a leaf
                            # Straight into .grad when this is its only gradient; several are
                            # summed first, then added once, as PyTorch does (same rounding).
                            if (
                                direct_leaves
                                and tensor._hooks is None
                                and dependencies[tensor] == 1
                                and tensor not in pending
                            ):
                                if grad is not None:
                                    _accumulate_array(tensor, grad, shared)
                                continue
                            target = tensor
                        if grad is None:
                            pass
                        elif target is tensor or target.num_outputs == 1:
                            previous = pending.get(target)
                            pending[target] = grad if previous is None else _added(previous, grad)
                        else:
                            self._send(target, tensor._output_nr, grad)
                        remaining = dependencies[target] - 1
                        dependencies[target] = remaining
                        if remaining == 0:
                            ready.append(target)
            finally:
                if create_graph:
                    state.enabled = previous_mode
            if record:
                yield node, grad_out, tuple(sent)

    def _capture(self, node: Primitive, grad_out: Any) -> bool:
        """In :func:`grad` mode, keep the gradient of a wanted node; True if nothing wanted lies beyond it."""
        if node not in self._capture_keys:
            return False
        self.captured[node] = grad_out  # type: ignore[index]
        if any(child in self.needed for child in _children(node)):  # type: ignore[operator]
            return False
        self._pass_over(node)
        return True

    def _prepare_special(self, node: Primitive, grad_out: Any) -> Any:
        """Several outputs (zeros for those no gradient reached), hooks, retained gradients."""
        if node.num_outputs > 1:
            grad_out = [g if g is not None else self._zeros_for(node, i) for i, g in enumerate(grad_out)]
        if node._hooks is not None or (node._retained is not None and self.fills_retained):
            grad_out = self._run_node_hooks(node, grad_out)
        return grad_out

    def _pass_over(self, node: Primitive) -> None:
        """A node that no gradient reaches (or that leads to no wanted input): release its inputs."""
        dependencies = self.dependencies
        for target in _children(node):
            remaining = dependencies[target] - 1
            dependencies[target] = remaining
            if remaining == 0:
                self.ready.append(target)

    def _send(self, target: Vertex, output_nr: int, grad: Any) -> None:
        """Add ``grad`` to what ``target`` has received so far."""
        pending = self.pending
        if not isinstance(target, Tensor) and target.num_outputs > 1:
            slots = pending.get(target)
            if slots is None:
                slots = pending[target] = [None] * target.num_outputs
            previous = slots[output_nr]
            slots[output_nr] = grad if previous is None else _added(previous, grad)
            return
        previous = pending.get(target)
        pending[target] = grad if previous is None else _added(previous, grad)

    def _zeros_for(self, node: Primitive, output_nr: int) -> Any:
        shape, dtype = node.output_metadata[output_nr]  # type: ignore[attr-defined]
        zeros = np.zeros(shape, dtype=dtype)
        return make_tensor(zeros) if self.create_graph else zeros

    # ------------------------------------------------------------------ hooks and leaves
    def _call_hooks(self, hooks: list[Any], grad: Any, where: str) -> Any:
        """Call each hook with the gradient as a Tensor; a returned Tensor replaces it."""
        with set_grad_enabled(self.create_graph):
            for hook in list(hooks):
                as_tensor = grad if self.create_graph else make_tensor(grad)
                replacement = hook(as_tensor)
                if replacement is not None:
                    grad = _checked_replacement(where, as_tensor, replacement, self.create_graph)
        return grad

    def _run_node_hooks(self, node: Primitive, grad_out: Any) -> Any:
        outputs = list(grad_out) if node.num_outputs > 1 else [grad_out]
        for output_nr, hooks in (node._hooks or {}).items():
            outputs[output_nr] = self._call_hooks(hooks, outputs[output_nr], f"hook on the output of '{node.name}'")
        if self.fills_retained:
            for output_nr, tensor_ref in (node._retained or {}).items():
                tensor = tensor_ref()
                if tensor is not None:
                    self._shared.add(id(outputs[output_nr]))  # it goes on to the node's backward too
                    self._accumulate(tensor, outputs[output_nr])
        return outputs if node.num_outputs > 1 else outputs[0]

    def _finish_leaf(self, leaf: Tensor, grad: Any) -> Any:
        """Hooks, then capture (in grad mode) or accumulation into ``.grad``."""
        if leaf._hooks:
            grad = self._call_hooks(leaf._hooks, grad, "leaf hook")
            if not self.create_graph:
                self._shared.add(id(grad))  # a hook's result may be held elsewhere
        if self.captured is not None:
            if leaf in self._capture_keys:
                self.captured[leaf] = grad
        else:
            self._accumulate(leaf, grad)
        return grad

    def _accumulate(self, tensor: Tensor, grad: Any) -> None:
        """Add ``grad`` into ``tensor.grad``: recorded with ``create_graph``, else into an array it owns."""
        if self.create_graph:
            if tensor._requires_grad:  # else switched off since it was used, as PyTorch: no .grad
                tensor._grad = grad if tensor._grad is None else tensor._grad + grad
        else:
            _accumulate_array(tensor, grad, self._shared)


# ---------------------------------------------------------------------- graph structure
def _count_dependencies(roots: Sequence[Vertex], needed: set[Vertex] | None = None) -> dict[Vertex, int]:
    """For every vertex reachable from ``roots``: how many recorded edges consume it.

    Vertices are their own keys (they hash by identity). Raises before anything runs if the
    graph was already released, or if a value that a node which will run (every node, or
    those in ``needed``) saved was modified in place since.
    """
    dependencies: dict[Vertex, int] = {}
    stack = []
    root_set: set[Vertex] = set()
    for root in roots:
        if isinstance(root, Primitive) and root not in root_set:
            root_set.add(root)
            stack.append(root)
    while stack:
        node = stack.pop()
        if needed is None or node in needed:
            node.check_unmodified()
        elif node.released:
            raise RuntimeError(f"backward through '{node.name}': {RELEASED_HINT}")
        for tensor, required in zip(node.inputs, node.needs_input_grad):
            if required:
                target = tensor.grad_fn
                if target is None:  # a leaf
                    dependencies[tensor] = dependencies.get(tensor, 0) + 1
                elif target in dependencies:
                    dependencies[target] += 1
                else:
                    # First time seen: a node is walked from here, unless it is a root (walked already).
                    dependencies[target] = 1
                    if target not in root_set:
                        stack.append(target)
    return dependencies


def _vertices_leading_to(roots: Sequence[Vertex], targets: set[Vertex]) -> set[Vertex]:
    """The vertices from which some target vertex can be reached (targets included)."""
    leads: set[Vertex] = set()
    done: set[Vertex] = set()
    # (vertex, None) to visit; (vertex, its children) once they have been visited.
    stack: list[tuple[Vertex, list[Vertex] | None]] = [(root, None) for root in roots]
    while stack:
        vertex, children = stack.pop()
        if vertex in done:
            continue
        if children is not None:
            if vertex in targets or any(child in leads for child in children):
                leads.add(vertex)
            done.add(vertex)
            continue
        children = _children(vertex)
        stack.append((vertex, children))
        stack.extend((child, None) for child in children if child not in done)
    return leads


def _children(vertex: Vertex) -> list[Vertex]:
    """The vertices a vertex sends gradients to: its inputs that require grad (none for a leaf)."""
    if isinstance(vertex, Tensor):
        return []
    return [vertex_of(t) for t, required in zip(vertex.inputs, vertex.needs_input_grad) if required]


# ---------------------------------------------------------------------- gradients
def _seed_gradient(position: int, output: Tensor, gradient: Any) -> Tensor:
    if not isinstance(output, Tensor):
        raise TypeError(f"backward: output {position} is a {type(output).__name__}, not a Tensor")
    if not output._requires_grad:
        raise RuntimeError(
            f"backward: output {position} (shape {tuple(output.shape)}) does not require grad and has "
            "no grad_fn; nothing recorded leads to it (was it computed under no_grad, or from "
            "tensors without requires_grad=True?)"
        )
    if gradient is None:
        if output._data.size != 1:
            raise RuntimeError(
                f"backward: the gradient can be implied only for one-element outputs, but output "
                f"{position} has shape {tuple(output.shape)}; pass gradient= of that shape"
            )
        data = output._data
        return make_tensor(np.array(1, dtype=data.dtype) if data.shape == () else np.ones_like(data))
    if not isinstance(gradient, Tensor):
        try:
            gradient = make_tensor(np.array(gradient, dtype=output._data.dtype))
        except (TypeError, ValueError) as error:
            raise TypeError(f"backward: gradient {position} is not numeric data ({error})") from None
    if gradient.shape != output.shape:
        raise RuntimeError(
            f"backward: gradient {position} has shape {tuple(gradient.shape)}, but its output has "
            f"shape {tuple(output.shape)}"
        )
    if gradient.dtype != output.dtype:
        gradient = astype(gradient, output.dtype)
    return gradient


def _shape_error(node: Primitive, tensor: Tensor, grad_shape: tuple[int, ...]) -> RuntimeError:
    position = next(i for i, t in enumerate(node.inputs) if t is tensor)
    return RuntimeError(
        f"{node.name}: backward returned a gradient of shape {grad_shape} for input {position} "
        f"of shape {tuple(tensor.shape)}"
    )


def _conform_array(node: Primitive, tensor: Tensor, grad: Any) -> np.ndarray:
    """Sum a broadcast gradient back to its input's shape and cast it to the input's dtype."""
    if grad.__class__ is not _ndarray:
        grad = np.asarray(grad)  # NumPy gives scalars for 0-d results
    data = tensor._data
    if grad.shape != data.shape:
        try:
            grad = reduce_to_shape(grad, data.shape)
        except ValueError:
            raise _shape_error(node, tensor, grad.shape) from None
    if grad.dtype is not data.dtype and grad.dtype != data.dtype:
        grad = grad.astype(data.dtype)
    return grad


def _conform_tensor(node: Primitive, tensor: Tensor, grad: Any) -> Tensor:
    """The same for a recorded backward: the summing and the cast are recorded too."""
    if not isinstance(grad, Tensor):
        grad = make_tensor(np.asarray(grad))
    shape = tensor._data.shape
    if grad._data.shape != shape:
        try:
            grad = sum_to(grad, shape)
        except ValueError:
            raise _shape_error(node, tensor, grad._data.shape) from None
    if grad._data.dtype != tensor._data.dtype:
        grad = astype(grad, tensor._data.dtype)
    return grad


def _accumulate_array(tensor: Tensor, grad: np.ndarray, shared: set[int]) -> None:
    """Add ``grad`` into ``tensor.grad`` (first order).

    A fresh array that nothing else holds becomes the .grad as it is; anything else (a view,
    an array sent elsewhere too, a caller's array) is copied first, so that .grad is the
    tensor's own. An existing .grad is added to in place, as in PyTorch: a reference to it
    sees the sum.
    """
    if not tensor._requires_grad:  # switched off since it was used, as PyTorch: no .grad
        return
    previous = tensor._grad
    if previous is not None:
        if previous._data.flags.writeable:
            np.add(previous._data, grad, out=previous._data)
            previous._changed_in_place()  # a graph that saved the old .grad must not use the sum
        else:
            tensor._grad = make_tensor(_added(previous._data, grad))
    elif grad.base is None and id(grad) not in shared and grad.flags.writeable:
        tensor._grad = make_tensor(grad)
    else:
        tensor._grad = make_tensor(np.array(grad))


def _added(previous: Any, grad: Any) -> Any:
    """The sum of two gradients, an ndarray also for 0-d arrays (whose sum NumPy gives as a scalar)."""
    total = previous + grad
    return np.asarray(total) if isinstance(total, np.generic) else total


def _checked_replacement(where: str, grad: Tensor, replacement: Any, create_graph: bool) -> Any:
    if not isinstance(replacement, Tensor):
        replacement = make_tensor(np.asarray(replacement, dtype=grad.dtype))
    if replacement.shape != grad.shape or replacement.dtype != grad.dtype:
        raise RuntimeError(
            f"{where}: a hook returned a gradient of shape {tuple(replacement.shape)} and dtype "
            f"{replacement.dtype} for a gradient of shape {tuple(grad.shape)} and dtype {grad.dtype}"
        )
    return replacement if create_graph else replacement._data


# ---------------------------------------------------------------------- entry points
def _as_list(value: Any) -> list[Any]:
    """One item per output: a Tensor, an ndarray or a number is one item; a sequence is several."""
    if value is None or isinstance(value, (Tensor, np.ndarray, int, float)):
        return [value]
    return list(value)


def _captured_gradient(captured: dict[Vertex, Any], tensor: Tensor) -> Any:
    """What a :func:`grad`-mode pass captured for ``tensor`` (None if nothing reached it)."""
    received = captured.get(vertex_of(tensor))
    return received[tensor._output_nr] if isinstance(received, list) else received


def _unused_input(position: int, tensor: Tensor) -> RuntimeError:
    return RuntimeError(
        f"grad: input {position} (shape {tuple(tensor.shape)}) was not used to compute the outputs; pass "
        "allow_unused=True to get None for it"
    )


def run_backward(
    outputs: Sequence[Tensor],
    grad_outputs: Sequence[Any],
    retain_graph: bool = False,
    create_graph: bool = False,
    inputs: Tensor | Sequence[Tensor] | None = None,
) -> None:
    """Accumulate ∂outputs/∂leaf into every leaf's ``.grad`` (what ``Tensor.backward`` does), or
    into the ``.grad`` of ``inputs`` only when they are given."""
    retain_graph = retain_graph or create_graph
    if inputs is None:
        BackwardPass(outputs, grad_outputs, retain_graph, create_graph)._run_at_once()
        return
    input_list = _as_list(inputs)
    if not input_list:
        raise RuntimeError("backward: inputs cannot be empty; pass None to accumulate into every leaf")
    for position, tensor in enumerate(input_list):
        if not isinstance(tensor, Tensor):
            raise TypeError(f"backward: input {position} is a {type(tensor).__name__}, not a Tensor")
        if not tensor.requires_grad:
            raise RuntimeError(f"backward: input {position} does not require grad, so it has no gradient")
    backward_pass = BackwardPass(outputs, grad_outputs, retain_graph, create_graph, inputs=input_list)
    backward_pass.fills_retained = True  # as PyTorch: retained tensors on the way get their .grad
    backward_pass._run_at_once()
    captured = backward_pass.captured or {}
    done: set[int] = set()
    for tensor in input_list:
        received = _captured_gradient(captured, tensor)
        if received is None or id(tensor) in done:  # an input the outputs do not use keeps its .grad, as in PyTorch
            continue
        node = tensor.grad_fn
        if node is not None and node._retained and tensor._output_nr in node._retained:
            continue  # retain_grad filled its .grad on the way
        done.add(id(tensor))
        backward_pass._shared.add(id(received))  # it may be held elsewhere in the pass: copy it
        backward_pass._accumulate(tensor, received)


def grad(
    outputs: Tensor | Sequence[Tensor],
    inputs: Tensor | Sequence[Tensor],
    grad_outputs: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> tuple[Tensor | None, ...]:
    """Return the gradients of ``outputs`` with respect to ``inputs``, leaving ``.grad`` untouched.

    Parameters
    ----------
    outputs : Tensor or sequence of Tensor
        The differentiated tensors.
    inputs : Tensor or sequence of Tensor
        The tensors to differentiate with respect to (leaves or intermediate tensors).
    grad_outputs : Tensor, array or sequence of them, optional
        The vector in the vector-Jacobian product, ∂L/∂output; defaults to 1 for
        one-element outputs.
    retain_graph : bool, optional
        Keep the graph's saved values; defaults to ``create_graph``.
    create_graph : bool
        Record the computation so that the result can be differentiated again.
    allow_unused : bool
        Return None for an input the outputs do not depend on, instead of raising.

    Returns
    -------
    tuple of Tensor or None
        ∂(Σ grad_outputs · outputs)/∂input, one per input.
    """
    output_list = _as_list(outputs)
    input_list = _as_list(inputs)
    grad_list = [None] * len(output_list) if grad_outputs is None else _as_list(grad_outputs)
    for position, tensor in enumerate(input_list):
        if not isinstance(tensor, Tensor):
            raise TypeError(f"grad: input {position} is a {type(tensor).__name__}, not a Tensor")
        if not tensor.requires_grad:
            raise RuntimeError(f"grad: input {position} does not require grad, so it has no gradient")
    retain = create_graph if retain_graph is None else retain_graph
    backward_pass = BackwardPass(output_list, grad_list, retain, create_graph, inputs=input_list)
    if not allow_unused:  # before running, so that the graph is not freed by a pass that fails
        for position, tensor in enumerate(input_list):
            if vertex_of(tensor) not in backward_pass.needed:  # type: ignore[operator]
                raise _unused_input(position, tensor)
    backward_pass._run_at_once()
    captured = backward_pass.captured or {}
    results: list[Tensor | None] = []
    for position, tensor in enumerate(input_list):
        received = _captured_gradient(captured, tensor)
        if received is None:
            if not allow_unused:
                raise _unused_input(position, tensor)
            results.append(None)
        else:
            results.append(received if create_graph else make_tensor(received))
    return tuple(results)
