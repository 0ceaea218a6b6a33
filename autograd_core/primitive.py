"""The primitive: one differentiable operation, defined once; an instance is a graph node."""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

from autograd_core import anomaly
from autograd_core.errors import InputError
from autograd_core.grad_mode import grad_state
from autograd_core.hooks import RemovableHandle
from autograd_core.tensor import Tensor, make_tensor


class Primitive:
    """Base of every differentiable operation. One call of an operation is one instance.

    A subclass defines, in one place:

    ``name``
        The op's name, shown in graph drawings, the backward stepper and error messages.
    ``formula``
        The vector-Jacobian product in one line, ``g`` being the incoming gradient ∂L/∂out.
    ``saves``
        What ``backward`` reads, in the order it receives them: names of ``forward``'s
        parameters (the inputs), ``"out"`` (the result), or attributes that ``forward`` sets.
        Drawn with ``show_saved=True`` and released after backward.
    ``forward(*arrays)``
        The value, on ndarrays.
    ``backward(grad_out, *saved)``
        One gradient per input (None where an input needs none). It is written once, with
        operations that ndarrays and Tensors both have (operators, ``.sum``, ``.reshape``, …,
        and :mod:`autograd_core.ops.dual`): a first-order backward runs it on ndarrays, and
        ``create_graph=True`` runs it on Tensors, recording it, so gradients of gradients
        come for free.

    After the call, ``inputs`` holds the input Tensors and ``needs_input_grad`` which of them
    require grad.
    """

    __slots__ = (
        "inputs",
        "needs_input_grad",
        "released",
        "created_at",
        "_out_ref",
        "_hooks",
        "_retained",
        "_versions",
        "__weakref__",
    )

    name: ClassVar[str] = "primitive"
    formula: ClassVar[str] = ""
    saves: ClassVar[tuple[str, ...]] = ()
    num_outputs: ClassVar[int] = 1
    shown_parameters: ClassVar[tuple[str, ...]] = ()  # attributes that describe() shows
    # Derived from ``saves`` and ``forward``'s signature when the subclass is defined.
    arg_names: ClassVar[tuple[str, ...]] = ()
    _saved_input_positions: ClassVar[tuple[int, ...]] = ()
    _saves_output: ClassVar[bool] = False
    _saved_attributes: ClassVar[tuple[str, ...]] = ()
    _saved_spec: ClassVar[tuple[tuple[int, Any], ...]] = ()
    _plain_release: ClassVar[bool] = True  # releasing only sets the flag
    _saves_inputs_only: ClassVar[bool] = False
    # For the engine's usual pass: the positions of the saved inputs when backward reads one
    # or two inputs only, () when it reads nothing, None otherwise.
    _inline_positions: ClassVar[tuple[int, ...] | None] = ()
    # Backward returns fresh arrays (or grad_out itself): true of every primitive here, not
    # of user-written Function backwards, whose results the engine copies before storing.
    _trusted_backward: ClassVar[bool] = True
    # Whether ``forward`` may return a view of its first input (reshape, transpose, basic
    # indexing…): the result then shares that input's version counter, as PyTorch's views do.
    returns_view: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "forward" in cls.__dict__:
            parameters = list(inspect.signature(cls.forward).parameters)[1:]
            cls.arg_names = tuple(p for p in parameters if not p.startswith("*"))
        unknown_inputs = [n for n in cls.saves if n not in cls.arg_names and n != "out"]
        cls._saved_input_positions = tuple(cls.arg_names.index(n) for n in cls.saves if n in cls.arg_names)
        cls._saves_output = "out" in cls.saves
        cls._saved_attributes = tuple(unknown_inputs)
        cls._plain_release = not (cls._saves_output or cls._saved_attributes) and cls.release is Primitive.release
        cls._saves_inputs_only = bool(cls.saves) and len(cls._saved_input_positions) == len(cls.saves)
        if not cls.saves:
            cls._inline_positions = ()
        elif cls._saves_inputs_only and len(cls.saves) <= 2:
            cls._inline_positions = cls._saved_input_positions
        else:
            cls._inline_positions = None
        cls._saved_spec = tuple(
            (_OUTPUT, None)
            if n == "out"
            else (_INPUT, cls.arg_names.index(n))
            if n in cls.arg_names
            else (_ATTRIBUTE, n)
            for n in cls.saves
        )

    def forward(self, *arrays: np.ndarray) -> np.ndarray:
        """Compute the value on ndarrays."""
        raise NotImplementedError

    def backward(self, grad_out: Any, *saved: Any) -> tuple[Any, ...]:
        """Return ∂L/∂input for each input, given ``grad_out`` = ∂L/∂out and the saved values."""
        raise NotImplementedError

    def saved_for_backward(self, as_tensors: bool, check: bool = True) -> list[Any]:
        """The values named in ``saves``: Tensors (to record backward) or their arrays.

        ``check=False`` skips :meth:`check_unmodified`, for a backward pass that has just
        checked every node and has run no user code since.
        """
        if check:
            self.check_unmodified()
        inputs = self.inputs
        if self._saves_inputs_only and not as_tensors:
            return [inputs[position]._data for position in self._saved_input_positions]
        values = []
        for kind, key in self._saved_spec:
            if kind == _INPUT:
                tensor = self.inputs[key]
                values.append(tensor if as_tensors else tensor._data)
            elif kind == _OUTPUT:
                out = self._saved_output() if check else self._out_ref()
                values.append(out if as_tensors else out._data)
            else:
                values.append(getattr(self, key))
        return values

    def _saved_output(self) -> Tensor:
        out = self._out_ref()
        if out is None:
            raise RuntimeError(f"{self.name}: its output no longer exists, so backward cannot read it")
        if out._version != 0:  # made with version 0 by _recorded_output
            self._raise_modified("its output", out, 0)
        return out

    def check_unmodified(self) -> None:
        """Raise if anything backward will read was modified in place (or freed) since recording.

        The engine calls it for every node before a backward pass starts, so that such an error
        comes before any gradient is accumulated; backward checks again as it reads.
        """
        if self.released:
            raise RuntimeError(f"backward through '{self.name}': {RELEASED_HINT}")
        if self._saved_input_positions:
            inputs = self.inputs
            for position, version in zip(self._saved_input_positions, self._versions):
                if inputs[position]._version != version:
                    self._raise_modified(f"input '{self.arg_names[position]}'", inputs[position], version)
        if self._saves_output:
            self._saved_output()

    # ------------------------------------------------------------------ recording
    def __call__(self, *inputs: Tensor) -> Tensor:
        """Run ``forward`` on the inputs' arrays and, if any input requires grad, record."""
        count = len(inputs)
        try:
            if count == 1:
                out = self.forward(inputs[0]._data)
            elif count == 2:
                out = self.forward(inputs[0]._data, inputs[1]._data)
            elif count == 3:
                out = self.forward(inputs[0]._data, inputs[1]._data, inputs[2]._data)
            else:
                out = self.forward(*[t._data for t in inputs])
        except (ValueError, TypeError, IndexError, ZeroDivisionError) as error:
            raise _same_kind(error)(self.describe_error(inputs, error)) from None
        if out.__class__ is not np.ndarray:
            out = np.asarray(out)
        if _anomaly_state.enabled:
            anomaly.check_forward(self, inputs, out)
        result = None
        if grad_state.enabled:
            for tensor in inputs:
                if tensor._requires_grad:
                    if out.dtype.kind == "f":  # integer and bool results carry no gradient
                        result = self._recorded_output(inputs, out)
                    break
        if result is None:
            result = make_tensor(out)
        if self.returns_view and np.may_share_memory(out, inputs[0]._data):
            # An in-place change through the view changes the input too, and the other way round.
            inputs[0]._share_versions_with(result)
        return result

    def _recorded_output(self, inputs: tuple[Tensor, ...], out: np.ndarray) -> Tensor:
        """Connect this node to ``inputs`` and wrap ``out`` as its output (built inline, as
        :func:`make_tensor` does: this runs for every recorded op)."""
        self._connect(inputs)
        result = _new_tensor(Tensor)
        result._data = out
        result._grad = None
        result._requires_grad = True
        result.grad_fn = self
        result.name = None
        result._output_nr = 0
        result._hooks = None
        result._version = 0
        result._sharers = None
        if self._saves_output:
            # A weak reference: the output owns its node, so a strong one would be a cycle.
            # The output is alive whenever backward reaches this node (a consumer holds it).
            self._out_ref = weakref.ref(result)
        return result

    def _connect(self, inputs: tuple[Tensor, ...]) -> None:
        """Make this node the recorded consumer of ``inputs``, at least one of which requires grad."""
        self.inputs = inputs
        # Spelled out for one to three inputs: a comprehension is a function call of its own.
        count = len(inputs)
        if count == 1:
            self.needs_input_grad = _ONE_INPUT_NEEDS_GRAD
        elif count == 2:
            self.needs_input_grad = (inputs[0]._requires_grad, inputs[1]._requires_grad)
        elif count == 3:
            self.needs_input_grad = (inputs[0]._requires_grad, inputs[1]._requires_grad, inputs[2]._requires_grad)
        else:
            self.needs_input_grad = tuple([t._requires_grad for t in inputs])
        self.released = False
        self._hooks = None
        self._retained = None
        positions = self._saved_input_positions
        if positions:
            if len(positions) == 1:
                self._versions = (inputs[positions[0]]._version,)
            elif len(positions) == 2:
                self._versions = (inputs[positions[0]]._version, inputs[positions[1]]._version)
            else:
                self._versions = tuple([inputs[i]._version for i in positions])
        if _anomaly_state.enabled:
            self.created_at = anomaly.creation_site()

    def describe_error(self, inputs: tuple[Tensor, ...], error: BaseException) -> str:
        """The message for bad input: the op, what went wrong, and the inputs' shapes."""
        shapes = ", ".join(f"{tuple(t.shape)} {t.dtype}" for t in inputs)
        return f"{self.name}: {error} (inputs: {shapes})"

    # ------------------------------------------------------------------ saved values
    def saved_values(self) -> dict[str, np.ndarray]:
        """What backward reads, by name, as arrays (empty once released): for drawing memory use."""
        if getattr(self, "released", True):
            return {}
        values: dict[str, np.ndarray] = {}
        for name, value in zip(self.saves, self.saved_for_backward(as_tensors=False)):
            if isinstance(value, np.ndarray):
                values[name] = value
            elif isinstance(value, tuple):
                for position, item in enumerate(value):
                    if isinstance(item, np.ndarray):
                        values[f"{name}[{position}]"] = item
        return values

    def _raise_modified(self, what: str, tensor: Tensor, version: int) -> None:
        raise RuntimeError(
            f"{self.name}: {what} of shape {tuple(tensor.shape)}, needed for its "
            f"gradient, was modified in place (version {tensor._version}, expected {version}); do the in-place "
            "update after backward, or use an out-of-place operation"
        )

    def release(self) -> None:
        """Drop what backward would read; a later backward through this node raises."""
        self.released = True
        self._out_ref = None
        for attribute in self._saved_attributes:
            setattr(self, attribute, None)

    # ------------------------------------------------------------------ hooks
    def register_output_hook(self, output_nr: int, hook: Callable[[Tensor], Tensor | None]) -> RemovableHandle:
        """Register ``hook(grad)`` on output ``output_nr`` (see ``Tensor.register_hook``)."""
        if self._hooks is None:
            self._hooks = {}
        return RemovableHandle(self._hooks.setdefault(output_nr, []), hook)

    def retain_output_grad(self, tensor: Tensor) -> None:
        """Store the gradient of this node's output ``tensor`` in its ``.grad`` during backward."""
        if self._retained is None:
            self._retained = {}
        self._retained[tensor._output_nr] = weakref.ref(tensor)

    def describe(self) -> str:
        """The op's parameters in one line, e.g. ``p = 2`` or ``axes = (1, 0)`` ("" if none)."""
        parts = []
        for attribute in self.shown_parameters:
            value = getattr(self, attribute, None)
            if value is not None and value is not False:
                text = repr(value.tolist() if isinstance(value, np.ndarray) else value)
                parts.append(f"{attribute} = {text if len(text) <= 40 else text[:37] + '...'}")
        return ", ".join(parts)

    def __repr__(self) -> str:
        return f"<{self.name}>"


_INPUT, _OUTPUT, _ATTRIBUTE = 0, 1, 2
_new_tensor = object.__new__  # _recorded_output builds its Tensor inline, as make_tensor does: it is the hot path
_anomaly_state = anomaly.state
_ONE_INPUT_NEEDS_GRAD = (True,)

RELEASED_HINT = (
    "backward already ran through this graph and freed what it saved. "
    "Pass retain_graph=True to the first backward (or ag.grad) to run backward through it again"
)


def _same_kind(error: BaseException) -> type[Exception]:
    """The kind of error to raise for one from ``forward``: a ValueError (bad shapes or values)
    becomes an :class:`InputError`, which PyTorch's ``except RuntimeError`` catches too."""
    for kind in (IndexError, ZeroDivisionError):
        if isinstance(error, kind):
            return kind
    return InputError if isinstance(error, ValueError) else TypeError
