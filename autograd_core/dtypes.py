"""Dtype rules: what Python data becomes, and which dtypes can carry gradients."""

from __future__ import annotations

import numpy as np

_default_float = np.dtype(np.float32)


def get_default_dtype() -> np.dtype:
    """Return the dtype that Python floats become (float32 unless changed)."""
    return _default_float


def set_default_dtype(dtype: np.dtype | type | str) -> None:
    """Set the dtype that Python floats (and lists of them) become.

    Parameters
    ----------
    dtype : float16, float32 or float64
        Any spelling NumPy understands.
    """
    global _default_float
    resolved = np.dtype(dtype)
    if resolved.kind != "f":
        raise TypeError(f"set_default_dtype: expected a floating dtype, got {resolved}")
    _default_float = resolved


def is_differentiable(dtype: np.dtype) -> bool:
    """True for dtypes that can require gradients (floating point)."""
    return dtype.kind == "f"


def _python_kind(data: object) -> str | None:
    """Kind of the scalars in nested Python data: 'b', 'i', 'f' or None when not pure Python."""
    kinds = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, bool):
            kinds.add("b")
        elif isinstance(item, int):
            kinds.add("i")
        elif isinstance(item, float):
            kinds.add("f")
        else:
            return None
    if "f" in kinds:
        return "f"
    if "i" in kinds:
        return "i"
    return "b" if kinds else "f"


def to_array(data: object, dtype: object = None) -> np.ndarray:
    """Convert user data to a new ndarray (a copy) following the Tensor dtype rules.

    Python floats become the default float dtype, Python ints int64, bools bool; NumPy arrays
    and scalars keep their dtype; ``dtype`` overrides all of that.

    Raises
    ------
    TypeError
        If the data is not numeric (strings, objects, complex numbers).
    """
    if dtype is not None:
        dtype = np.dtype(dtype)
    elif not isinstance(data, (np.ndarray, np.generic)):
        kind = _python_kind(data)
        if kind == "f":
            dtype = _default_float
        elif kind == "i":
            dtype = np.dtype(np.int64)
    try:
        array = np.array(data, dtype=dtype)
    except (ValueError, TypeError) as error:
        raise TypeError(f"Tensor: cannot make a numeric array from {type(data).__name__} data ({error})") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"Tensor: data must be numeric (bool, integer or floating), got dtype {array.dtype}")
    return array
