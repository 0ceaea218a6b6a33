"""Custom differentiable operations: subclass :class:`Function`, as in PyTorch."""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from autograd_core.grad_mode import grad_state, no_grad
from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor, make_tensor


class FunctionContext:
    """The ``ctx`` passed to a custom Function's ``forward`` and ``backward``.

    Attributes
    ----------
    needs_input_grad : tuple of bool
        For each argument of ``forward``, whether it is a Tensor that requires grad.
    saved_tensors : tuple of Tensor
        What ``forward`` passed to :meth:`save_for_backward`.
    """

    def __init__(self, function_name: str = "Function") -> None:
        self.needs_input_grad: tuple[bool, ...] = ()
        # Tensors, None, or weak references to the outputs apply returned (see _track_outputs).
        self._saved: tuple[Any, ...] | None = ()
        self._versions: tuple[int, ...] = ()
        self._released = False
        self._function_name = function_name  # for error messages

    def save_for_backward(self, *tensors: Any) -> None:
        """Keep tensors (inputs or outputs of ``forward``) for ``backward``."""
        for position, item in enumerate(tensors):
            if item is not None and not isinstance(item, Tensor):
                raise TypeError(
                    f"save_for_backward: item {position} is a {type(item).__name__}; save Tensors "
                    "(other values can be stored as attributes of ctx)"
                )
        self._saved = tensors
        self._versions = tuple(-1 if item is None else item._version for item in tensors)

    @property
    def saved_tensors(self) -> tuple[Any, ...]:
        """The tensors given to :meth:`save_for_backward`."""
        if self._released:
            raise RuntimeError(
                "saved_tensors: backward already ran and freed them; pass retain_graph=True to "
                "run backward through this graph again"
            )
        self.check_unmodified()
        return self._resolved()

    def check_unmodified(self) -> None:
        """Raise if a saved tensor was modified in place after :meth:`save_for_backward`."""
        for position, (item, version) in enumerate(zip(self._resolved(), self._versions)):
            if item is not None and item._version != version:
                raise RuntimeError(
                    f"{self._function_name}: saved tensor {position} of shape {tuple(item.shape)} was modified in "
                    f"place (version {item._version}, expected {version}); do the in-place update after backward"
                )

    def _resolved(self) -> tuple[Any, ...]:
        """The saved tensors, with the outputs' weak references followed."""
        items = []
        for item in self._saved or ():
            if isinstance(item, weakref.ref):
                item = item()
                if item is None:
                    raise RuntimeError(f"{self._function_name}: a saved output no longer exists")
            items.append(item)
        return tuple(items)

    def _track_outputs(self, made: tuple[Tensor, ...], returned: tuple[Tensor, ...]) -> None:
        """Saved outputs of ``forward`` become the tensors ``apply`` returned in their place.

        Changing a returned output in place must count as changing the saved one. They are held
        weakly: an output owns this context through its node, so a strong reference would be a
        cycle. The output is alive whenever backward reaches the node (a consumer holds it).
        """
        saved, versions = list(self._saved or ()), list(self._versions)
        for position, item in enumerate(saved):
            for output, replacement in zip(made, returned):
                if item is output:
                    saved[position] = weakref.ref(replacement)
                    versions[position] = replacement._version
        self._saved, self._versions = tuple(saved), tuple(versions)


class FunctionNode(Primitive):
    """The graph node of one call of a custom :class:`Function`."""

    __slots__ = ("function", "ctx", "output_metadata", "tensor_positions", "argument_count")
    formula = "user-defined backward"
    _trusted_backward = False  # a user's backward may return arrays it also keeps

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.function.__name__

    @property
    def num_outputs(self) -> int:  # type: ignore[override]
        return len(self.output_metadata)

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        grads = list(grad_out) if isinstance(grad_out, list) else [grad_out]
        # The user's backward works on Tensors; a first-order pass carries arrays.
        array_mode = not isinstance(grads[0], Tensor)
        if array_mode:
            with no_grad():
                result = self.function.backward(self.ctx, *[make_tensor(g) for g in grads])
        else:
            result = self.function.backward(self.ctx, *grads)
        if not isinstance(result, tuple):
            result = (result,)
        expected = self.argument_count
        if len(result) < expected or any(g is not None for g in result[expected:]):
            raise RuntimeError(
                f"{self.name}.backward returned {len(result)} gradients, but forward took {expected} "
                "arguments: return one gradient (or None) per argument"
            )
        grads_in = []
        for position in self.tensor_positions:
            grad = result[position]
            if grad is not None and not isinstance(grad, Tensor):
                grad = Tensor(np.asarray(grad))
            grads_in.append(grad._data if array_mode and grad is not None else grad)
        return tuple(grads_in)

    def saved_values(self) -> dict[str, np.ndarray]:
        if self.ctx._released:
            return {}
        return {f"saved[{i}]": t.data for i, t in enumerate(self.ctx._resolved()) if t is not None}

    def check_unmodified(self) -> None:
        super().check_unmodified()
        self.ctx.check_unmodified()

    def release(self) -> None:
        super().release()
        self.ctx._released = True


class Function:
    """Base class of custom differentiable operations.

    Define ``forward(ctx, *args)`` and ``backward(ctx, *grad_outputs)`` as static methods and
    call ``MyOp.apply(*args)``. ``forward`` receives the Tensor arguments (it runs without
    recording) and returns a Tensor or a tuple of Tensors; ``backward`` receives one gradient
    per output and returns one gradient (or None) per argument of ``forward``. Write
    ``backward`` with Tensor operations to make it differentiable again.

    Examples
    --------
    >>> class Cube(Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x * x * x
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         (x,) = ctx.saved_tensors
    ...         return grad * 3 * x * x
    >>> y = Cube.apply(Tensor([2.0], requires_grad=True))
    """

    @staticmethod
    def forward(ctx: FunctionContext, *args: Any, **kwargs: Any) -> Any:
        """Compute the outputs from the arguments (Tensors and other values)."""
        name = getattr(ctx, "_function_name", "Function")
        raise NotImplementedError(f"{name}: a Function must define forward(ctx, *args) as a static method")

    @staticmethod
    def backward(ctx: FunctionContext, *grad_outputs: Tensor) -> Any:
        """Return ∂L/∂argument for each argument of ``forward`` (None for non-tensors)."""
        name = getattr(ctx, "_function_name", "Function")
        raise NotImplementedError(
            f"{name}: backward is not defined; a Function must define backward(ctx, *grad_outputs) "
            "as a static method to be differentiated"
        )

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        """Run ``forward`` and, if any Tensor argument requires grad, record one graph node."""
        ctx = FunctionContext(cls.__name__)
        tensor_positions = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
        inputs = tuple(args[i] for i in tensor_positions)
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        with no_grad():
            result = cls.forward(ctx, *args, **kwargs)
        outputs = result if isinstance(result, tuple) else (result,)
        for position, out in enumerate(outputs):
            if not isinstance(out, Tensor):
                raise TypeError(
                    f"{cls.__name__}.forward must return Tensors, output {position} is a {type(out).__name__}"
                )
        recording = grad_state.enabled and any(t.requires_grad for t in inputs)
        if not recording:
            return result
        node = FunctionNode()
        node.function = cls
        node.ctx = ctx
        node.tensor_positions = tensor_positions
        node.argument_count = len(args)
        node.output_metadata = tuple((out.shape, out.dtype) for out in outputs)
        node._connect(inputs)
        wrapped = []
        for output_nr, out in enumerate(outputs):
            if out.dtype.kind != "f":
                wrapped.append(make_tensor(out.data))
                continue
            tensor = make_tensor(out.data, True, node)
            tensor._output_nr = output_nr
            wrapped.append(tensor)
        ctx._track_outputs(outputs, tuple(wrapped))
        return tuple(wrapped) if isinstance(result, tuple) else wrapped[0]
