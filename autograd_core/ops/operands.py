"""Turning the arguments of an op into Tensors, with NumPy's dtype rules for Python scalars."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core.dtypes import get_default_dtype
from autograd_core.errors import InputError
from autograd_core.tensor import Tensor, make_tensor


def as_tensor(value: Any, like: Any = None, op: str = "op") -> Tensor:
    """Return ``value`` as a Tensor; a constant (no copy for ndarrays) if it is not one already.

    A Python scalar takes the dtype of the Tensor ``like`` it is combined with where that
    loses nothing (``x_float32 * 2.0`` stays float32, as in NumPy and PyTorch); a Python
    float meeting an integer tensor becomes the default float dtype.
    """
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (bool, int, float)) and isinstance(like, Tensor):
        return _scalar_constant(value, like._data.dtype)
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biuf":
            raise TypeError(f"{op}: expected numeric data, got an array of dtype {value.dtype}")
        return make_tensor(value)
    try:
        return Tensor(value)
    except TypeError as error:
        raise TypeError(f"{op}: {error}") from None


def floating(value: Any, op: str) -> Tensor:
    """``value`` as a Tensor of a floating dtype: integers and bools become the default float
    dtype, as PyTorch's ``exp``, ``sigmoid``, ``softmax``… give float32 for an integer tensor."""
    tensor = as_tensor(value, op=op)
    if tensor._data.dtype.kind != "f":
        return make_tensor(tensor._data.astype(get_default_dtype()))
    return tensor


_constants: dict[tuple[Any, type, np.dtype], Tensor] = {}


def _scalar_constant(value: bool | int | float, like: np.dtype) -> Tensor:
    """A constant Tensor for a Python number; the common ones are cached (they never change)."""
    # A float meeting an integer tensor takes the default dtype, which may change between calls.
    key = (value, value.__class__, like) if like.kind == "f" else (value, value.__class__, like, get_default_dtype())
    constant = _constants.get(key)
    if constant is None:
        constant = make_tensor(_scalar_array(value, like))
        if value or value.__class__ is not float:  # 0.0 and -0.0 compare equal: cache neither
            if len(_constants) >= 4096:
                _constants.clear()
            _constants[key] = constant
    return constant


def _scalar_array(value: bool | int | float, like: np.dtype) -> np.ndarray:
    if isinstance(value, bool):
        dtype = like
    elif isinstance(value, int):
        dtype = like if like.kind in "iuf" else np.dtype(np.int64)
    else:
        dtype = like if like.kind == "f" else get_default_dtype()
    try:
        return np.asarray(value, dtype=dtype)
    except OverflowError:
        return np.asarray(value)


def checked_indices(value: Any, count: int | None, op: str, index_noun: str, items_noun: str) -> np.ndarray:
    """``value`` as an integer array of indices into ``count`` items (each in [0, count)).

    Raises ``TypeError`` for a non-integer dtype and ``IndexError`` naming the first index out
    of range (``count`` None checks the dtype only): "{op}: {index_noun} 7 is out of range
    for 5 {items_noun}", e.g. "embedding: index 7 is out of range for 5 embeddings".
    """
    indices = value._data if isinstance(value, Tensor) else np.asarray(value)
    if indices.dtype.kind not in "iu":
        raise TypeError(f"{op}: indices must be integers, got dtype {indices.dtype}")
    # argmin and argmax take a fraction of min's and max's time on the short arrays of a batch.
    if (
        count is not None
        and indices.size
        and (indices.flat[indices.argmin()] < 0 or indices.flat[indices.argmax()] >= count)
    ):
        bad = indices[(indices < 0) | (indices >= count)].flat[0]
        raise IndexError(f"{op}: {index_noun} {bad} is out of range for {count} {items_noun}")
    return indices


def operands(a: Any, b: Any, op: str) -> tuple[Tensor, Tensor]:
    """Both operands of a binary op as Tensors.

    An integer or bool operand meeting a floating one takes the floating one's dtype, as in
    PyTorch (``int64 * float32`` and ``int64 * 2.5`` are float32; NumPy would give float64).
    Integer tensors carry no gradient, so the cast records nothing.
    """
    if isinstance(a, Tensor):
        if not isinstance(b, Tensor):
            b = as_tensor(b, a, op)
    else:
        a = as_tensor(a, b, op)
        if not isinstance(b, Tensor):
            b = as_tensor(b, None, op)
    dtype_a, dtype_b = a._data.dtype, b._data.dtype
    if dtype_a is dtype_b:
        return a, b
    kind_a, kind_b = dtype_a.kind, dtype_b.kind
    if kind_a != kind_b and (kind_a == "f" or kind_b == "f"):
        if kind_a == "f":
            b = make_tensor(b._data.astype(dtype_a))
        else:
            a = make_tensor(a._data.astype(dtype_b))
    elif _same_category(kind_a, kind_b) and (a._data.ndim == 0) != (b._data.ndim == 0) and dtype_a != dtype_b:
        # PyTorch: a 0-d tensor does not promote a tensor with axes of its own category
        # (float32 array × float64 scalar tensor is float32); the scalar is cast, differentiably.
        if a._data.ndim == 0:
            a = _cast(a, dtype_b)
        else:
            b = _cast(b, dtype_a)
    return a, b


def _same_category(kind_a: str, kind_b: str) -> bool:
    return kind_a == kind_b == "f" or (kind_a in "iu" and kind_b in "iu")


def _cast(tensor: Tensor, dtype: np.dtype) -> Tensor:
    if tensor._requires_grad:
        from autograd_core.ops.unary import astype  # unary builds on this module

        return astype(tensor, dtype)
    return make_tensor(tensor._data.astype(dtype))


def normalize_axes(axis: Any, ndim: int, op: str) -> tuple[int, ...] | None:
    """Axes as a sorted tuple of non-negative ints (None means all); errors name the op."""
    if axis is None:
        return None
    try:
        axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    except TypeError:
        raise TypeError(f"{op}: axis must be an int or a tuple of ints, got {axis!r}") from None
    normalized = []
    for item in axes:
        if not isinstance(item, (int, np.integer)):
            raise TypeError(f"{op}: axis must be an int or a tuple of ints, got {axis!r}")
        if not -max(ndim, 1) <= item < max(ndim, 1):  # a scalar takes 0 and -1, as in PyTorch
            raise IndexError(f"{op}: axis {item} is out of range for a tensor with {ndim} axes")
        normalized.append(int(item) % max(ndim, 1))
    if len(set(normalized)) != len(normalized):
        raise InputError(f"{op}: repeated axis in {axis!r}")
    return tuple(sorted(normalized))


def axis_alias(
    axis: Any, aliases: dict[str, Any], op: str, keepdims: Any = None, default_axis: Any = None
) -> tuple[Any, Any]:
    """Accept PyTorch's ``dim=`` / ``keepdim=`` spellings beside NumPy's ``axis`` / ``keepdims``.

    Both spellings of one argument at once are refused (``default_axis`` is what ``axis`` is
    when not given).
    """
    if aliases:
        unknown = set(aliases) - {"dim", "keepdim"}
        if unknown:
            raise TypeError(f"{op}: unexpected keyword argument(s) {sorted(unknown)}")
        if "dim" in aliases:
            if axis is not default_axis and axis != default_axis:
                raise TypeError(f"{op}: got both axis={axis!r} and dim={aliases['dim']!r}; pass one of them")
            axis = aliases["dim"]
        if "keepdim" in aliases:
            if keepdims:
                raise TypeError(f"{op}: got both keepdims and keepdim; pass one of them")
            keepdims = aliases["keepdim"]
    return axis, keepdims
