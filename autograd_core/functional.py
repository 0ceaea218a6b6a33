"""Function transforms: vjp, jvp, jacobian, hessian (PyTorch's signatures) and value_and_grad (JAX's)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd_core.engine import grad
from autograd_core.errors import DtypeError
from autograd_core.grad_mode import enable_grad
from autograd_core.tensor import Tensor, make_tensor

__all__ = ["hessian", "jacobian", "jvp", "value_and_grad", "vjp"]


def _prepare(inputs: Tensor | Sequence[Tensor], create_graph: bool, op: str) -> tuple[bool, tuple[Tensor, ...]]:
    is_tuple = not isinstance(inputs, Tensor)
    items = tuple(inputs) if is_tuple else (inputs,)
    prepared = []
    for position, item in enumerate(items):
        if not isinstance(item, Tensor):
            item = Tensor(item)
        if item.dtype.kind != "f":
            raise DtypeError(f"{op}: input {position} has dtype {item.dtype}; differentiation needs floating point")
        if create_graph and item.requires_grad:
            prepared.append(item * 1.0)  # stays connected to the caller's graph
        else:
            prepared.append(make_tensor(item.data).requires_grad_())
    return is_tuple, tuple(prepared)


def checked_outputs(result: Any, op: str) -> tuple[bool, tuple[Tensor, ...]]:
    """A function's result as a tuple of Tensors, and whether it was a tuple (or list)."""
    is_tuple = isinstance(result, (tuple, list))
    items = tuple(result) if is_tuple else (result,)
    for position, item in enumerate(items):
        if not isinstance(item, Tensor):
            raise TypeError(f"{op}: the function must return Tensors, output {position} is a {type(item).__name__}")
    return is_tuple, items


def gradients_or_zeros(
    values: Sequence[Tensor | None], like: Sequence[Tensor], create_graph: bool, strict: str | None = None
) -> tuple[Tensor, ...]:
    """Zeros for missing gradients, detached unless ``create_graph``.

    ``strict`` names the op when ``strict=True`` was passed: then a missing gradient (an input
    the outputs do not depend on) is an error, as in PyTorch.
    """
    finished = []
    for position, (value, reference) in enumerate(zip(values, like)):
        if value is None and strict:
            raise RuntimeError(
                f"{strict}: the output of the function is independent of input {position}, "
                "which strict=True does not allow"
            )
        if value is None:
            value = make_tensor(np.zeros(reference.shape, dtype=reference.dtype))
        elif not create_graph:
            value = value.detach()
        finished.append(value)
    return tuple(finished)


def _vectors(v: Any, like: Sequence[Tensor], op: str, what: str) -> list[Tensor | None]:
    if v is None:
        if any(t.size != 1 for t in like):
            raise RuntimeError(f"{op}: v can be omitted only when every {what} has one element")
        return [None] * len(like)
    vectors = list(v) if isinstance(v, (tuple, list)) else [v]
    if len(vectors) != len(like):
        raise ValueError(f"{op}: got {len(vectors)} vectors v for {len(like)} {what}s")
    result = []
    for position, (vector, reference) in enumerate(zip(vectors, like)):
        vector = vector if isinstance(vector, Tensor) else Tensor(np.asarray(vector, dtype=reference.dtype))
        if vector.shape != reference.shape:
            raise ValueError(
                f"{op}: v[{position}] has shape {tuple(vector.shape)}, the {what} has shape {tuple(reference.shape)}"
            )
        result.append(vector)
    return result


def _recording(function: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``function`` with recording on, as PyTorch's functional API does: differentiating
    needs a graph even when the caller is inside ``no_grad``."""

    @functools.wraps(function)
    def recording(*args: Any, **kwargs: Any) -> Any:
        with enable_grad():
            return function(*args, **kwargs)

    return recording


@_recording
def vjp(
    func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False, strict: bool = False
) -> tuple[Any, Any]:
    """Vector-Jacobian product vᵀ·J of ``func`` at ``inputs``.

    Returns
    -------
    (outputs, vjp)
        ``func(*inputs)`` and vᵀ·∂func/∂inputs, each a Tensor or tuple matching what was given.
    """
    inputs_tuple, prepared = _prepare(inputs, create_graph, "vjp")
    outputs_tuple, outputs = checked_outputs(func(*prepared), "vjp")
    vectors = _vectors(v, outputs, "vjp", "output")
    differentiable = [o for o in outputs if o.requires_grad]
    if differentiable:
        grads = grad(
            differentiable,
            prepared,
            [vec for vec, o in zip(vectors, outputs) if o.requires_grad],
            retain_graph=create_graph,
            create_graph=create_graph,
            allow_unused=True,
        )
    else:
        grads = (None,) * len(prepared)
    result = gradients_or_zeros(grads, prepared, create_graph, "vjp" if strict else None)
    shown_outputs = tuple(o if create_graph else o.detach() for o in outputs)
    return (shown_outputs if outputs_tuple else shown_outputs[0], result if inputs_tuple else result[0])


@_recording
def jvp(
    func: Callable[..., Any], inputs: Any, v: Any = None, create_graph: bool = False, strict: bool = False
) -> tuple[Any, Any]:
    """Jacobian-vector product J·v of ``func`` at ``inputs``, by differentiating a vjp.

    uᵀJ is linear in u, so J·v = ∂(uᵀJ·v)/∂u: two reverse passes give the forward-mode result.
    """
    _inputs_tuple, prepared = _prepare(inputs, True, "jvp")
    outputs_tuple, outputs = checked_outputs(func(*prepared), "jvp")
    vectors = _vectors(v, prepared, "jvp", "input")
    dummies = [make_tensor(np.zeros(o.shape, dtype=o.dtype)).requires_grad_() for o in outputs]
    differentiable = [(o, u) for o, u in zip(outputs, dummies) if o.requires_grad]
    results: tuple[Tensor | None, ...] = (None,) * len(outputs)
    if differentiable:
        transposed = grad(
            [o for o, _ in differentiable],
            prepared,
            [u for _, u in differentiable],
            create_graph=True,
            allow_unused=True,
        )
        pairs = [(g, vec) for g, vec in zip(transposed, vectors) if g is not None and g.requires_grad]
        if pairs:
            results = grad(
                [g for g, _ in pairs],
                dummies,
                [vec for _, vec in pairs],
                create_graph=create_graph,
                allow_unused=True,
            )
    result = gradients_or_zeros(results, outputs, create_graph, "jvp" if strict else None)
    shown_outputs = tuple(o if create_graph else o.detach() for o in outputs)
    return (shown_outputs if outputs_tuple else shown_outputs[0], result if outputs_tuple else result[0])


@_recording
def jacobian(
    func: Callable[..., Any],
    inputs: Any,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    strategy: str = "reverse-mode",
) -> Any:
    """The Jacobian ∂func/∂inputs, one reverse pass per output element.

    ``vectorize`` and ``strategy`` ("reverse-mode" or "forward-mode") are PyTorch's speed
    options, accepted for compatibility: the result does not depend on them, and it is always
    built from reverse passes here.

    Returns
    -------
    Tensor, or tuples of Tensors
        Of shape ``output.shape + input.shape``; a tuple over inputs when ``inputs`` is a
        tuple, and a tuple over outputs (of those) when ``func`` returns a tuple.
    """
    _check_strategy(strategy, "jacobian", "strategy")
    inputs_tuple, prepared = _prepare(inputs, create_graph, "jacobian")
    outputs_tuple, outputs = checked_outputs(func(*prepared), "jacobian")
    blocks = []
    for output in outputs:
        rows: list[list[Tensor]] = [[] for _ in prepared]
        for index in np.ndindex(*output.shape):
            if output.requires_grad:
                selector = np.zeros(output.shape, dtype=output.dtype)
                selector[index] = 1
                grads = grad(
                    output, prepared, Tensor(selector), retain_graph=True, create_graph=create_graph, allow_unused=True
                )
            else:
                grads = (None,) * len(prepared)
            completed = gradients_or_zeros(grads, prepared, create_graph, "jacobian" if strict else None)
            for position, row in enumerate(completed):
                rows[position].append(row)
        block = []
        for position, tensor in enumerate(prepared):
            from autograd_core.ops import reshape, stack

            stacked = (
                stack(rows[position]) if rows[position] else make_tensor(np.zeros((0,) + tensor.shape, tensor.dtype))
            )
            block.append(reshape(stacked, output.shape + tensor.shape))
        blocks.append(tuple(block) if inputs_tuple else block[0])
    return tuple(blocks) if outputs_tuple else blocks[0]


@_recording
def hessian(
    func: Callable[..., Any],
    inputs: Any,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    outer_jacobian_strategy: str = "reverse-mode",
) -> Any:
    """The Hessian of a scalar function: ∂²func/∂inputs², of shape ``input.shape + input.shape``.

    ``vectorize`` and ``outer_jacobian_strategy`` are accepted as in :func:`jacobian`.

    For a tuple of inputs, a tuple of tuples: ``H[i][j]`` = ∂²func/∂inputᵢ∂inputⱼ.
    """
    _check_strategy(outer_jacobian_strategy, "hessian", "outer_jacobian_strategy")
    inputs_tuple, prepared = _prepare(inputs, create_graph, "hessian")

    def gradient(*args: Tensor) -> tuple[Tensor, ...]:
        _, (value,) = checked_outputs(func(*args), "hessian")
        if value.size != 1:
            raise RuntimeError(f"hessian: the function must return one number, got shape {tuple(value.shape)}")
        grads = grad(value, args, create_graph=True, allow_unused=True)
        return gradients_or_zeros(grads, args, True, "hessian" if strict else None)

    result = jacobian(gradient, prepared, create_graph=create_graph, strict=strict)
    return result if inputs_tuple else result[0][0]


def _check_strategy(strategy: str, op: str, name: str) -> None:
    if strategy not in ("reverse-mode", "forward-mode"):
        raise ValueError(f"{op}: {name} must be 'reverse-mode' or 'forward-mode', got {strategy!r}")


def value_and_grad(func: Callable[..., Any], argnums: int | Sequence[int] = 0) -> Callable[..., tuple[Tensor, Any]]:
    """Return a function computing ``(func(*args), ∂func/∂args[argnums])``, as JAX's value_and_grad.

    ``func`` must return one number. The arguments at ``argnums`` may be Tensors, arrays or
    numbers; the gradient is a Tensor (a tuple of them when ``argnums`` is a tuple).
    """
    positions = (argnums,) if isinstance(argnums, int) else tuple(argnums)

    @_recording
    def wrapped(*args: Any, **kwargs: Any) -> tuple[Tensor, Any]:
        arguments = list(args)
        for position in positions:
            if position >= len(arguments):
                raise TypeError(f"value_and_grad: argnums {position} but only {len(arguments)} arguments")
            # One argument, even when it is an array or a list (which _prepare would iterate).
            _, (arguments[position],) = _prepare((arguments[position],), False, "value_and_grad")
        value = func(*arguments, **kwargs)
        if not isinstance(value, Tensor) or value.size != 1:
            raise TypeError("value_and_grad: the function must return a one-element Tensor")
        targets = [arguments[p] for p in positions]
        if value.requires_grad:
            grads = grad(value, targets, allow_unused=True)
        else:
            grads = (None,) * len(targets)
        finished = gradients_or_zeros(grads, targets, False)
        return value.detach(), finished[0] if isinstance(argnums, int) else finished

    return wrapped
