"""As ``torch.nn.utils``: gradient clipping (rescale or clamp parameters' ``.grad`` in place) and
conversion between parameters and one flat vector."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd_core.errors import DtypeError, InputError
from autograd_core.ops.shape import concatenate, reshape
from autograd_core.tensor import Tensor, make_tensor

__all__ = ["clip_grad_norm_", "clip_grad_value_", "parameters_to_vector", "vector_to_parameters"]


def _gradients(parameters: Tensor | Iterable[Tensor], op: str) -> list[Tensor]:
    """The ``.grad`` Tensors of ``parameters`` (a Tensor or an iterable of them) that have one."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    gradients = []
    for position, param in enumerate(parameters):
        if not isinstance(param, Tensor):
            raise TypeError(f"{op}: parameter {position} is a {type(param).__name__}, not a Tensor")
        if param._grad is not None:
            gradients.append(param._grad)
    return gradients


def clip_grad_norm_(
    parameters: Tensor | Iterable[Tensor],
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
    foreach: Any = None,
) -> Tensor:
    """Scale all gradients together so that their joint ``norm_type``-norm is at most ``max_norm``.

    The joint norm is the norm of the vector of every gradient's norm, ‖(‖g₁‖, ‖g₂‖, …)‖_p
    (``inf`` for the largest magnitude). If it exceeds ``max_norm``, each gradient is
    multiplied in place by max_norm / (norm + 1e-6), as in PyTorch. ``foreach`` is accepted
    for compatibility.

    Each norm is taken in float64 and then held in its gradient's dtype, so that one beyond
    that dtype's range is inf there (and clips every gradient to 0), as in PyTorch.

    Returns
    -------
    Tensor
        The joint norm before clipping (0-d), of the gradients' promoted dtype.
    """
    op = "clip_grad_norm_"
    max_norm, norm_type = float(max_norm), float(norm_type)
    gradients = _gradients(parameters, op)
    if not gradients:
        return make_tensor(np.zeros((), dtype=np.float32))
    dtype = np.result_type(*[g._data.dtype for g in gradients])
    with np.errstate(over="ignore"):  # a norm beyond a dtype's range is inf in it, as in PyTorch
        norms = np.array([np.float64(_vector_norm(g._data, norm_type)).astype(g._data.dtype) for g in gradients])
        total = float(np.float64(_vector_norm(norms.astype(np.float64), norm_type)).astype(dtype))
    if error_if_nonfinite and not math.isfinite(total):
        raise InputError(
            f"{op}: the total norm of order {norm_type} of the gradients is {total}, so they cannot be "
            "clipped; set error_if_nonfinite=False to clip anyway"
        )
    scale = min(max_norm / (total + 1e-6), 1.0)  # as PyTorch: scaled by 1 when within the norm
    for grad in gradients:
        np.multiply(grad._data, np.asarray(scale, dtype=grad._data.dtype), out=grad._data)
        grad._changed_in_place()
    return make_tensor(np.asarray(total, dtype=dtype))


def clip_grad_value_(parameters: Tensor | Iterable[Tensor], clip_value: float, foreach: Any = None) -> None:
    """Clamp every gradient element to [−clip_value, clip_value], in place (``foreach`` is accepted)."""
    clip_value = float(clip_value)
    for grad in _gradients(parameters, "clip_grad_value_"):
        np.clip(grad._data, -clip_value, clip_value, out=grad._data)
        grad._changed_in_place()


def _vector_norm(values: np.ndarray, order: float) -> float:
    """The ``order``-norm of all of ``values`` as one vector, in float64 (0 for no values)."""
    flat = values.astype(np.float64, copy=False).ravel()
    return float(np.linalg.norm(flat, ord=order)) if flat.size else 0.0


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """All of ``parameters`` flattened and joined into one 1-D Tensor, in order, as PyTorch's.

    The vector is differentiable: gradients flow back to each parameter.

    Raises
    ------
    TypeError
        If an element is not a Tensor.
    ValueError
        If there are no parameters (PyTorch cannot concatenate nothing either).
    """
    flat = []
    for position, param in enumerate(parameters):
        if not isinstance(param, Tensor):
            raise TypeError(f"parameters_to_vector: parameter {position} is a {type(param).__name__}, not a Tensor")
        flat.append(reshape(param, (-1,)))
    if not flat:
        raise InputError("parameters_to_vector: got no parameters")
    return concatenate(flat)


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Copy consecutive slices of the 1-D ``vec`` into each parameter's data, in place.

    The inverse of :func:`parameters_to_vector`; nothing is recorded for differentiation.
    The same Parameter objects (and their arrays) keep the new values, so optimizers and
    earlier ``state_dict()`` views see them. Unlike PyTorch, which ignores extra elements,
    ``vec`` must hold exactly as many elements as the parameters together; every check is
    made before any parameter changes.

    Raises
    ------
    TypeError
        If ``vec`` or a parameter is not a Tensor, or ``vec``'s dtype cannot be cast to a
        parameter's (floating values into an integer tensor).
    InputError
        If ``vec`` is not 1-D or its length differs from the parameters' total size.
    """
    op = "vector_to_parameters"
    if not isinstance(vec, Tensor):
        raise TypeError(f"{op}: expected a Tensor, but got: {type(vec).__name__}")
    params = list(parameters)
    for position, param in enumerate(params):
        if not isinstance(param, Tensor):
            raise TypeError(f"{op}: parameter {position} is a {type(param).__name__}, not a Tensor")
        if not np.can_cast(vec.dtype, param.dtype, casting="same_kind"):
            raise DtypeError(f"{op}: cannot write {vec.dtype} values into parameter {position} of dtype {param.dtype}")
    total = sum(param.size for param in params)
    if vec.ndim != 1 or vec.size != total:
        raise InputError(
            f"{op}: expected a 1-D vector of {total} elements (the parameters' total size), got shape {vec.shape}"
        )
    pointer = 0
    for param in params:
        chunk = vec.data[pointer : pointer + param.size].reshape(param.shape)
        np.copyto(param.data, chunk, casting="same_kind")
        param._changed_in_place()  # a graph that saved the old values refuses to run backward
        pointer += param.size
