"""Checking analytical gradients against central differences in float64."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd_core.engine import grad
from autograd_core.functional import checked_outputs, gradients_or_zeros
from autograd_core.tensor import Tensor, make_tensor


class GradcheckError(RuntimeError):
    """An analytical derivative disagrees with the numerical one; the message says where."""


def _as_float64_inputs(inputs: Any) -> tuple[Any, ...]:
    items = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
    prepared = []
    for item in items:
        if isinstance(item, Tensor) and item.dtype.kind == "f":
            copy = make_tensor(item.data.astype(np.float64))
            prepared.append(copy.requires_grad_() if item.requires_grad else copy)
        else:
            prepared.append(item)
    return tuple(prepared)


def _call(fn: Callable[..., Any], inputs: Sequence[Any]) -> tuple[Tensor, ...]:
    return checked_outputs(fn(*inputs), "gradcheck")[1]


def _numerical_jacobians(fn: Callable[..., Any], inputs: Sequence[Any], position: int, eps: float) -> list[np.ndarray]:
    """∂output/∂inputs[position] for each output, by central differences: (f(x+ε) − f(x−ε)) / 2ε."""
    tensor = inputs[position]
    data = tensor.data
    outputs = _call(fn, inputs)
    jacobians = [np.zeros((out.size, data.size)) for out in outputs]
    flat = data.reshape(-1)  # a view: writing it perturbs the input
    for column in range(data.size):
        original = flat[column]
        flat[column] = original + eps
        plus = [out.data.astype(np.float64).reshape(-1) for out in _call(fn, inputs)]
        flat[column] = original - eps
        minus = [out.data.astype(np.float64).reshape(-1) for out in _call(fn, inputs)]
        flat[column] = original
        for jacobian, high, low in zip(jacobians, plus, minus):
            jacobian[:, column] = (high - low) / (2 * eps)
    return jacobians


def _analytical_jacobians(outputs: Sequence[Tensor], tensor: Tensor) -> list[np.ndarray]:
    """∂output/∂tensor for each output, one backward pass per output element."""
    jacobians = []
    for out in outputs:
        jacobian = np.zeros((out.size, tensor.size))
        if out.requires_grad and out.dtype.kind == "f":
            for row in range(out.size):
                selector = np.zeros(out.size, dtype=out.dtype)
                selector[row] = 1
                (received,) = grad(
                    out, tensor, Tensor(selector.reshape(out.shape)), retain_graph=True, allow_unused=True
                )
                if received is not None:
                    jacobian[row] = received.data.reshape(-1)
        jacobians.append(jacobian)
    return jacobians


def gradcheck(
    fn: Callable[..., Any],
    inputs: Any,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    raise_exception: bool = True,
) -> bool:
    """Compare backward's gradients of ``fn`` with central differences, in float64.

    Floating inputs are copied to float64 (keeping ``requires_grad``); every input that
    requires grad is checked against every output:
    |analytical − numerical| ≤ atol + rtol·|numerical|, elementwise.

    Returns
    -------
    bool
        True when every derivative agrees; False at a disagreement if ``raise_exception`` is
        False.

    Raises
    ------
    GradcheckError
        At the first disagreement (unless ``raise_exception=False``), naming the input's
        position, the output, the element's index and both values.
    """
    try:
        return _gradcheck(fn, inputs, eps, atol, rtol)
    except GradcheckError:
        if raise_exception:
            raise
        return False


def _gradcheck(fn: Callable[..., Any], inputs: Any, eps: float, atol: float, rtol: float) -> bool:
    prepared = _as_float64_inputs(inputs)
    checked = [i for i, t in enumerate(prepared) if isinstance(t, Tensor) and t.requires_grad]
    if not checked:
        raise ValueError("gradcheck: no input requires grad, so there is nothing to check")
    outputs = _call(fn, prepared)
    for position in checked:
        tensor = prepared[position]
        analytical = _analytical_jacobians(outputs, tensor)
        numerical = _numerical_jacobians(fn, prepared, position, eps)
        for output_nr, (exact, approx) in enumerate(zip(analytical, numerical)):
            bad = ~(np.abs(exact - approx) <= atol + rtol * np.abs(approx))
            if bad.any():
                row, column = np.argwhere(bad)[0]
                element = np.unravel_index(column, tensor.shape) if tensor.shape else ()
                out_index = np.unravel_index(row, outputs[output_nr].shape) if outputs[output_nr].shape else ()
                raise GradcheckError(
                    f"gradcheck: derivative of output {output_nr}{_index(out_index)} with respect to "
                    f"input {position}, element {_index(element) or '()'}: numerical {approx[row, column]:.10g}, "
                    f"analytical {exact[row, column]:.10g}"
                )
    return True


def _index(index: tuple[Any, ...]) -> str:
    return "[" + ", ".join(str(int(i)) for i in index) + "]" if index else ""


def gradgradcheck(
    fn: Callable[..., Any],
    inputs: Any,
    grad_outputs: Any = None,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    seed: int = 0,
    raise_exception: bool = True,
) -> bool:
    """Check second derivatives: :func:`gradcheck` of the map (inputs, v) ↦ vᵀ·∂fn/∂inputs.

    The backward pass is recorded (``create_graph=True``) and its gradients are checked against
    central differences, with respect to the inputs and to the vectors ``v`` (``grad_outputs``,
    random by default). Returns True, or raises :class:`GradcheckError` (returns False with
    ``raise_exception=False``) as :func:`gradcheck` does.
    """
    prepared = _as_float64_inputs(inputs)
    differentiable = [i for i, t in enumerate(prepared) if isinstance(t, Tensor) and t.requires_grad]
    if not differentiable:
        raise ValueError("gradgradcheck: no input requires grad, so there is nothing to check")
    outputs = _call(fn, prepared)
    if grad_outputs is None:
        generator = np.random.default_rng(seed)
        vectors = [make_tensor(generator.standard_normal(out.shape)).requires_grad_() for out in outputs]
    else:
        given = (grad_outputs,) if isinstance(grad_outputs, Tensor) else tuple(grad_outputs)
        vectors = list(
            _as_float64_inputs(
                tuple(make_tensor(np.asarray(v.data if isinstance(v, Tensor) else v)).requires_grad_() for v in given)
            )
        )
    count = len(prepared)

    def first_derivatives(*args: Any) -> tuple[Tensor, ...]:
        current_inputs, current_vectors = args[:count], args[count:]
        current_outputs = _call(fn, current_inputs)
        pairs = [(o, v) for o, v in zip(current_outputs, current_vectors) if o.requires_grad]
        targets = [current_inputs[i] for i in differentiable]
        if not pairs:
            return gradients_or_zeros([None] * len(targets), targets, create_graph=True)
        grads = grad([o for o, _ in pairs], targets, [v for _, v in pairs], create_graph=True, allow_unused=True)
        return gradients_or_zeros(grads, targets, create_graph=True)

    return gradcheck(
        first_derivatives, (*prepared, *vectors), eps=eps, atol=atol, rtol=rtol, raise_exception=raise_exception
    )
