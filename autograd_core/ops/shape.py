"""Shape primitives: reshape, transpose, broadcast and its inverse sum_to, join, pad; and the
composites built on them: flatten, squeeze, split, t, flip, tile/repeat, chunk, unbind, roll."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

import numpy as np

import autograd_core.ops.constants as constants
import autograd_core.ops.dual as dual
import autograd_core.ops.indexing as indexing
from autograd_core.errors import InputError
from autograd_core.ops.operands import as_tensor, axis_alias, normalize_axes
from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor, shape_args


class Reshape(Primitive):
    __slots__ = ("shape", "input_shape")
    shown_parameters = ("shape",)
    returns_view = True
    name = "reshape"
    formula = "∂x = reshape(g, x.shape)"

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.input_shape = x.shape
        return x.reshape(self.shape)

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        return (grad_out.reshape(self.input_shape),)


class Transpose(Primitive):
    __slots__ = ("axes",)
    shown_parameters = ("axes",)
    returns_view = True
    name = "transpose"
    formula = "∂x = transpose(g, axes⁻¹)"

    def __init__(self, axes: tuple[int, ...]) -> None:
        self.axes = axes

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x.transpose(self.axes)

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        return (grad_out.transpose(tuple(np.argsort(self.axes).tolist())),)


class BroadcastTo(Primitive):
    __slots__ = ("shape", "input_shape")
    shown_parameters = ("shape",)
    returns_view = True
    name = "broadcast_to"
    formula = "∂x = sum_to(g, x.shape)"

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.input_shape = x.shape
        return np.broadcast_to(x, self.shape)

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        return (dual.sum_to(grad_out, self.input_shape),)


class SumTo(Primitive):
    """Sum a broadcast array back to the shape it was broadcast from: the "unbroadcast"."""

    __slots__ = ("shape", "input_shape")
    shown_parameters = ("shape",)
    returns_view = True
    name = "sum_to"
    formula = "∂x = broadcast_to(g, x.shape)"

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.input_shape = x.shape
        return reduce_to_shape(x, self.shape)

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        return (dual.broadcast_to(grad_out, self.input_shape),)


def column_sums(matrix: np.ndarray) -> np.ndarray:
    """Σᵢ matrix[i, :] of a 2-D array.

    For float32 and float64 up to a few thousand rows it is the product 1ᵀ·matrix, which BLAS
    does in a fraction of the time NumPy's reduction over the first axis takes for the short
    rows of a training batch; longer columns use NumPy's pairwise sum, which rounds less.
    """
    rows = matrix.shape[0]
    if rows > _BLAS_SUM_ROWS or matrix.dtype.char not in "fd":
        return matrix.sum(axis=0)
    return _dot(constants.filled(1, (rows,), matrix.dtype), matrix)


def row_sums(matrix: np.ndarray) -> np.ndarray:
    """Σⱼ matrix[:, j] of a 2-D array, as a column (rows, 1): matrix·1, as :func:`column_sums`."""
    columns = matrix.shape[1]
    if columns > _BLAS_SUM_ROWS or matrix.dtype.char not in "fd":
        return matrix.sum(axis=1, keepdims=True)
    return _dot(matrix, constants.filled(1, (columns, 1), matrix.dtype))


_BLAS_SUM_ROWS = 4096
# The ndarray method: np.dot's dispatch through __array_function__ costs about 0.4 µs a call.
_dot = np.ndarray.dot


def row_maxima(matrix: np.ndarray) -> np.ndarray:
    """maxⱼ matrix[:, j] of a 2-D array, as a column (rows, 1); NaN where a row holds one.

    NumPy reduces a short contiguous row one call of its inner loop at a time, so for the
    few classes of a classifier's logits the maximum is read at each row's ``argmax`` (a
    vectorized search), about twice as fast; ``argmax`` points at a row's first NaN,
    as ``maximum`` propagates it. Long rows, a single row and empty ones use the reduction.
    """
    rows, columns = matrix.shape
    if rows < 2 or not 0 < columns <= _ARGMAX_COLUMNS:
        return np.maximum.reduce(matrix, axis=1, keepdims=True)
    positions = matrix.argmax(axis=1)
    positions += constants.row_offsets(rows, columns)
    return matrix.ravel().take(positions).reshape((rows, 1))


_ARGMAX_COLUMNS = 256


def reduce_to_shape(array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``array`` over the axes that broadcasting ``shape`` to ``array.shape`` created."""
    lead = array.ndim - len(shape)
    if lead == 1 and array.ndim == 2 and array.shape[1:] == shape:  # a bias broadcast over a batch
        return column_sums(array)
    if lead > 0 and array.shape[lead:] == shape:  # the same over several leading axes
        total = array.sum(axis=tuple(range(lead)))
        return total if total.__class__ is np.ndarray else np.asarray(total)  # a 0-d sum is a NumPy scalar
    if lead < 0 or any(s not in (1, a) for s, a in zip(shape, array.shape[lead:])):
        raise ValueError(f"cannot sum shape {array.shape} to shape {shape}")
    axes = tuple(range(lead)) + tuple(lead + i for i, s in enumerate(shape) if s == 1 and array.shape[lead + i] != 1)
    if axes:
        array = array.sum(axis=axes, keepdims=True)
    return array.reshape(shape)


class Concatenate(Primitive):
    __slots__ = ("axis", "sizes")
    shown_parameters = ("axis",)
    name = "concatenate"
    formula = "∂xᵢ = the slice of g that xᵢ filled"

    def __init__(self, axis: int) -> None:
        self.axis = axis

    def forward(self, *arrays: np.ndarray) -> np.ndarray:
        self.sizes = [a.shape[self.axis] if a.ndim else 0 for a in arrays]
        return np.concatenate(arrays, axis=self.axis)

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        axis = self.axis % grad_out.ndim
        grads: list[Any] = []
        start = 0
        for size, needed in zip(self.sizes, self.needs_input_grad):
            index = (slice(None),) * axis + (slice(start, start + size),)
            grads.append(dual.getitem(grad_out, index) if needed else None)
            start += size
        return tuple(grads)


class Stack(Primitive):
    __slots__ = ("axis",)
    shown_parameters = ("axis",)
    name = "stack"
    formula = "∂xᵢ = g[..., i, ...] along the new axis"

    def __init__(self, axis: int) -> None:
        self.axis = axis

    def forward(self, *arrays: np.ndarray) -> np.ndarray:
        return np.stack(arrays, axis=self.axis)

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        axis = self.axis % grad_out.ndim
        return tuple(
            dual.getitem(grad_out, (slice(None),) * axis + (i,)) if needed else None
            for i, needed in enumerate(self.needs_input_grad)
        )


class Pad(Primitive):
    __slots__ = ("pad_width", "constant_values")
    shown_parameters = ("pad_width",)
    name = "pad"
    formula = "∂x = g without the padding"

    def __init__(self, pad_width: Any, constant_values: float) -> None:
        self.pad_width = pad_width
        self.constant_values = constant_values

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.pad_width = np.broadcast_to(np.asarray(self.pad_width, dtype=np.int64), (x.ndim, 2)).tolist()
        if any(before < 0 or after < 0 for before, after in self.pad_width):
            raise ValueError(f"pad widths must be non-negative, got {self.pad_width}")
        if x.ndim == 0:  # no axis to pad (np.pad itself fails on the empty list of widths)
            return x.copy()
        return np.pad(x, self.pad_width, mode="constant", constant_values=self.constant_values)

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        index = tuple(slice(before, size - after) for (before, after), size in zip(self.pad_width, grad_out.shape))
        return (dual.getitem(grad_out, index),)


# ---------------------------------------------------------------------- functions
def reshape(x: Any, shape: Sequence[int] | int) -> Tensor:
    """The same values in a new shape (one axis may be -1), NumPy's ``reshape``."""
    x = as_tensor(x, op="reshape")
    shape = _int_tuple(shape, "reshape")
    # Always a new tensor, also for the same shape: as a PyTorch view, it has hooks, a
    # retained .grad and a gradient of its own, apart from x's.
    return Reshape(shape)(x)


def flatten(x: Any, start_axis: int = 0, end_axis: int = -1, **aliases: Any) -> Tensor:
    """Merge the axes from ``start_axis`` to ``end_axis`` (inclusive) into one."""
    x = as_tensor(x, op="flatten")
    if aliases:
        start_axis = aliases.pop("start_dim", start_axis)
        end_axis = aliases.pop("end_dim", end_axis)
        if aliases:
            raise TypeError(f"flatten: unexpected keyword argument(s) {sorted(aliases)}")
    shape = x._data.shape
    if not shape:
        return reshape(x, (1,))
    start = normalize_axes(start_axis, len(shape), "flatten")[0]  # type: ignore[index]
    end = normalize_axes(end_axis, len(shape), "flatten")[0]  # type: ignore[index]
    if start > end:
        raise InputError(f"flatten: start_axis {start_axis} comes after end_axis {end_axis}")
    if start == end:  # nothing to merge: the tensor itself, as PyTorch returns it
        return x
    merged = int(np.prod(shape[start : end + 1]))
    return reshape(x, shape[:start] + (merged,) + shape[end + 1 :])


def transpose(x: Any, axes: Sequence[int] | None = None) -> Tensor:
    """Permute the axes (reverse them by default), NumPy's ``transpose``."""
    x = as_tensor(x, op="transpose")
    ndim = x._data.ndim
    if axes is None:
        axes = tuple(range(ndim - 1, -1, -1))
    else:
        axes = tuple(int(a) for a in axes)
        if len(axes) != ndim or any(not -ndim <= a < ndim for a in axes) or len({a % ndim for a in axes}) != ndim:
            raise InputError(f"transpose: axes {axes} are not a permutation of the {ndim} axes of shape {x.shape}")
        axes = tuple(a % ndim for a in axes)
    return Transpose(axes)(x)  # a new tensor even for the identity (see reshape)


def swapaxes(x: Any, axis1: int, axis2: int) -> Tensor:
    """Exchange two axes."""
    x = as_tensor(x, op="swapaxes")
    ndim = x._data.ndim
    if ndim == 0:  # a scalar's one axis (0 or -1) swapped with itself
        for axis in (axis1, axis2):
            normalize_axes(axis, 0, "swapaxes")
        return reshape(x, ())
    first, second = (normalize_axes(a, ndim, "swapaxes")[0] for a in (axis1, axis2))  # type: ignore[index]
    axes = list(range(ndim))
    axes[first], axes[second] = axes[second], axes[first]
    return transpose(x, axes)


def squeeze(x: Any, axis: Any = None, **aliases: Any) -> Tensor:
    """Remove axes of length one (all of them, or those in ``axis``, which must have length one)."""
    x = as_tensor(x, op="squeeze")
    axis, _ = axis_alias(axis, aliases, "squeeze")
    shape = x._data.shape
    axes = normalize_axes(axis, len(shape), "squeeze")
    if not shape:  # a scalar stays one (its axis 0 or -1 may be named, as in PyTorch)
        return reshape(x, ())
    if axes is None:
        axes = tuple(i for i, size in enumerate(shape) if size == 1)
    for a in axes:
        if shape[a] != 1:
            raise InputError(f"squeeze: axis {a} has length {shape[a]}, not 1 (shape {shape})")
    return reshape(x, tuple(size for i, size in enumerate(shape) if i not in axes))


def unsqueeze(x: Any, axis: Any = None, **aliases: Any) -> Tensor:
    """Insert axes of length one at the positions ``axis`` (an int or a tuple) of the result,
    NumPy's ``expand_dims``."""
    x = as_tensor(x, op="unsqueeze")
    axis, _ = axis_alias(axis, aliases, "unsqueeze")
    if axis is None:  # optional in the signature only so that PyTorch's dim= can stand for it
        raise TypeError("unsqueeze: missing the axis (axis= or dim=)")
    shape = x._data.shape
    count = 1 if isinstance(axis, (int, np.integer)) else len(tuple(axis))
    positions = normalize_axes(axis, len(shape) + count, "unsqueeze") or ()
    remaining = iter(shape)
    return reshape(x, tuple(1 if i in positions else next(remaining) for i in range(len(shape) + count)))


expand_dims = unsqueeze


def broadcast_to(x: Any, shape: Sequence[int]) -> Tensor:
    """Broadcast to ``shape`` with NumPy's rules; the gradient is summed back."""
    x = as_tensor(x, op="broadcast_to")
    shape = _int_tuple(shape, "broadcast_to")
    if shape == x._data.shape:
        return reshape(x, shape)  # a new tensor (see reshape), without a broadcast to undo
    return BroadcastTo(shape)(x)


def expand(x: Any, *shape: Any) -> Tensor:
    """PyTorch's name for :func:`broadcast_to` (-1 keeps an axis's length)."""
    x = as_tensor(x, op="expand")
    target = shape_args(shape)
    offset = len(target) - x._data.ndim
    target = tuple(x._data.shape[i - offset] if size == -1 and i >= offset else size for i, size in enumerate(target))
    return broadcast_to(x, target)


def sum_to(x: Any, shape: Sequence[int]) -> Tensor:
    """Sum ``x`` over the axes that broadcasting ``shape`` created (the inverse of broadcast_to)."""
    x = as_tensor(x, op="sum_to")
    shape = tuple(shape)
    if shape == x._data.shape:
        return x
    return SumTo(shape)(x)


def concatenate(tensors: Sequence[Any], axis: int = 0, **aliases: Any) -> Tensor:
    """Join tensors along an existing axis, NumPy's ``concatenate``."""
    axis, _ = axis_alias(axis, aliases, "concatenate", default_axis=0)
    tensors = _tensor_list(tensors, "concatenate")
    if axis is None:  # NumPy's meaning: join the flattened tensors
        tensors = [reshape(t, (-1,)) for t in tensors]
        axis = 0
    if tensors[0].ndim:  # (NumPy's own error covers 0-d tensors, which cannot be joined)
        axis = normalize_axes(axis, tensors[0].ndim, "concatenate")[0]  # type: ignore[index]
    return Concatenate(axis)(*tensors)


cat = concatenate


def stack(tensors: Sequence[Any], axis: int = 0, **aliases: Any) -> Tensor:
    """Join tensors of one shape along a new axis, NumPy's ``stack``."""
    axis, _ = axis_alias(axis, aliases, "stack", default_axis=0)
    tensors = _tensor_list(tensors, "stack")
    return Stack(axis)(*tensors)


def split(x: Any, indices_or_sections: Any, axis: int = 0, **aliases: Any) -> list[Tensor]:
    """Split into pieces along ``axis``, NumPy's ``split``.

    An int N gives N equal pieces (an error if the axis does not divide); a list of indices
    gives the pieces between them.
    """
    x = as_tensor(x, op="split")
    axis, _ = axis_alias(axis, aliases, "split", default_axis=0)
    if x.ndim == 0:
        raise InputError("split: a scalar has no axis to split along")
    axis = normalize_axes(axis, x.ndim, "split")[0]  # type: ignore[index]
    length = x.shape[axis]
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if sections <= 0 or length % sections:
            raise InputError(f"split: axis {axis} of length {length} does not divide into {sections} equal pieces")
        step = length // sections
        bounds = [(i * step, (i + 1) * step) for i in range(sections)]
    else:
        cuts = [int(i) for i in indices_or_sections]
        edges = [0, *cuts, length]
        bounds = list(zip(edges[:-1], edges[1:]))
    prefix = (slice(None),) * axis
    return [indexing.getitem(x, prefix + (slice(start, stop),)) for start, stop in bounds]


def pad(x: Any, pad_width: Any, constant_values: float = 0) -> Tensor:
    """Pad with a constant, NumPy's ``pad(x, pad_width, mode="constant")``."""
    return Pad(pad_width, constant_values)(as_tensor(x, op="pad"))


def _int_tuple(shape: Any, op: str) -> tuple[int, ...]:
    """A shape as a tuple of ints; floats are refused rather than truncated, as in NumPy."""
    items = (shape,) if isinstance(shape, (int, np.integer)) else shape
    try:
        return tuple(operator.index(size) for size in items)
    except TypeError:
        raise TypeError(f"{op}: a shape is a sequence of ints, got {shape!r}") from None


def _tensor_list(tensors: Sequence[Any], op: str) -> list[Tensor]:
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{op}: expected a list or tuple of tensors, got {type(tensors).__name__}")
    if not tensors:
        raise InputError(f"{op}: needs at least one tensor")
    first = next((t for t in tensors if isinstance(t, Tensor)), None)
    return [as_tensor(t, first, op) for t in tensors]


# ---------------------------------------------------------------------- composites
def t(x: Any) -> Tensor:
    """PyTorch's ``t``: a matrix transposed; a vector or scalar unchanged (0, 1 or 2 axes only)."""
    x = as_tensor(x, op="t")
    if x.ndim > 2:
        raise InputError(f"t: expects a tensor with at most 2 axes, got shape {x.shape}; use transpose or swapaxes")
    return transpose(x)


def flip(x: Any, axis: Any = None, **aliases: Any) -> Tensor:
    """Reverse the order of the elements along ``axis`` (an int or a tuple; None: every axis),
    NumPy's ``flip``; PyTorch's ``dims=`` is accepted. A reversing slice: its gradient is g flipped back."""
    x = as_tensor(x, op="flip")
    axis = _axis_or_dims(axis, aliases, "flip")
    axes = normalize_axes(axis, x.ndim, "flip")
    if x.ndim == 0:  # a scalar has nothing to reverse (its axis 0 or -1 may be named, as in PyTorch)
        return reshape(x, ())
    if axes is None:
        axes = tuple(range(x.ndim))
    return indexing.getitem(x, tuple(slice(None, None, -1) if a in axes else slice(None) for a in range(x.ndim)))


def tile(x: Any, reps: Any) -> Tensor:
    """Repeat the whole tensor ``reps[i]`` times along each axis i, NumPy's and PyTorch's ``tile``.

    With fewer ``reps`` than axes, the leading axes are repeated once; with more, the tensor
    gets leading axes of length 1 first. Built as a broadcast of the tensor with an axis of
    length 1 before each of its own, so the gradient is the sum over the copies.
    """
    x = as_tensor(x, op="tile")
    reps = _int_tuple(reps, "tile")
    if any(r < 0 for r in reps):
        raise InputError(f"tile: repetitions must be non-negative, got {reps}")
    ndim = max(len(reps), x.ndim)
    reps = (1,) * (ndim - len(reps)) + reps
    shape = (1,) * (ndim - x.ndim) + x.shape
    interleaved = tuple(size for pair in zip((1,) * ndim, shape) for size in pair)
    repeated = tuple(size for pair in zip(reps, shape) for size in pair)
    copies = broadcast_to(reshape(x, interleaved), repeated)
    return reshape(copies, tuple(r * s for r, s in zip(reps, shape)))


def repeat(x: Any, *sizes: Any) -> Tensor:
    """PyTorch's ``Tensor.repeat``: :func:`tile` with at least one size per axis of ``x``."""
    x = as_tensor(x, op="repeat")
    sizes = _int_tuple(shape_args(sizes), "repeat")
    if len(sizes) < x.ndim:
        raise InputError(
            f"repeat: {len(sizes)} sizes {sizes} for a tensor of shape {x.shape}; give one per axis at least"
        )
    return tile(x, sizes)


def chunk(x: Any, chunks: int, axis: Any = 0, **aliases: Any) -> tuple[Tensor, ...]:
    """Split into at most ``chunks`` pieces along ``axis``, as PyTorch's ``chunk``.

    Every piece has ⌈n / chunks⌉ elements along the axis but the last, which may have fewer;
    so there may be fewer than ``chunks`` pieces (7 elements in 4 chunks make 2, 2, 2, 1, but
    5 in 4 make 2, 2, 1). An empty axis gives ``chunks`` empty pieces.
    """
    x = as_tensor(x, op="chunk")
    axis, _ = axis_alias(axis, aliases, "chunk", default_axis=0)
    if not isinstance(chunks, (int, np.integer)) or isinstance(chunks, bool) or chunks <= 0:
        raise InputError(f"chunk: the number of chunks must be a positive int, got {chunks!r}")
    if x.ndim == 0:
        raise InputError("chunk: a scalar has no axis to split along")
    axis = normalize_axes(axis, x.ndim, "chunk")[0]  # type: ignore[index]
    length = x.shape[axis]
    if length == 0:
        return tuple(split(x, [0] * (int(chunks) - 1), axis))
    step = -(-length // int(chunks))
    return tuple(split(x, list(range(step, length, step)), axis))  # a tuple, as PyTorch's


def unbind(x: Any, axis: Any = 0, **aliases: Any) -> tuple[Tensor, ...]:
    """The slices of ``x`` along ``axis``, each without that axis, as a tuple (PyTorch's ``unbind``).

    Each slice is an index of ``x``, so its gradient goes back to its place; an axis of
    length 0 gives an empty tuple.
    """
    x = as_tensor(x, op="unbind")
    axis, _ = axis_alias(axis, aliases, "unbind", default_axis=0)
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"unbind: axis must be an int, got {axis!r}")
    if x.ndim == 0:
        raise IndexError(
            f"unbind: axis {axis} is out of range for a tensor with 0 axes (a scalar has nothing to unbind)"
        )
    axis = normalize_axes(axis, x.ndim, "unbind")[0]  # type: ignore[index]
    prefix = (slice(None),) * axis
    return tuple(indexing.getitem(x, prefix + (i,)) for i in range(x.shape[axis]))


def _axis_or_dims(axis: Any, aliases: dict[str, Any], op: str) -> Any:
    """``axis``, or PyTorch's ``dims=`` (or ``dim=``) for it; both at once are refused."""
    if "dims" in aliases:
        if axis is not None:
            raise TypeError(f"{op}: got both axis={axis!r} and dims={aliases['dims']!r}; pass one of them")
        axis = aliases.pop("dims")
    axis, _ = axis_alias(axis, aliases, op)
    return axis


def roll(x: Any, shifts: Any, axis: Any = None, **aliases: Any) -> Tensor:
    """Shift the elements ``shifts`` places along ``axis``, those pushed off the end coming back
    at the start: PyTorch's ``roll`` (and NumPy's).

    ``shifts`` and ``axis`` are ints or tuples of one length (axis i rolled by shifts[i], a
    repeated axis rolled once per mention). Without an axis the tensor is rolled flattened and
    then given its shape back, which takes a single shift. PyTorch's ``dims=`` is accepted.
    Built from two slices joined in the other order, so the gradient is g rolled back.
    """
    x = as_tensor(x, op="roll")
    axis = _axis_or_dims(axis, aliases, "roll")
    shift_list = _ints(shifts, "roll", "shifts")
    if axis is None:
        if len(shift_list) != 1:
            raise InputError(
                f"roll: without an axis the flattened tensor is rolled by one shift, got shifts {shift_list}"
            )
        flat = reshape(x, (-1,))
        return reshape(_rolled(flat, shift_list[0], 0), x.shape)
    axes = _ints(axis, "roll", "axis")
    if len(axes) != len(shift_list):
        raise InputError(f"roll: shifts {shift_list} and axes {axes} must pair up (one shift per axis)")
    if x.ndim == 0 and axes:
        raise IndexError(f"roll: axis {axes[0]} is out of range for a tensor with 0 axes")
    result = x
    for shift, position in zip(shift_list, axes):
        result = _rolled(result, shift, normalize_axes(position, x.ndim, "roll")[0])  # type: ignore[index]
    return reshape(result, x.shape) if result is x else result  # a new tensor also when nothing moves


def _ints(value: Any, op: str, what: str) -> tuple[int, ...]:
    """An int or a sequence of ints as a tuple; anything else is refused, naming ``what``."""
    items = (value,) if isinstance(value, (int, np.integer)) else value
    try:
        return tuple(operator.index(item) for item in items)
    except TypeError:
        raise TypeError(f"{op}: {what} must be an int or a tuple of ints, got {value!r}") from None


def _rolled(x: Tensor, shift: int, axis: int) -> Tensor:
    """``x`` rolled by ``shift`` along ``axis``: its last ``shift`` entries moved to the front."""
    length = x.shape[axis]
    if length == 0 or shift % length == 0:
        return x
    cut = length - shift % length
    prefix = (slice(None),) * axis
    tail = indexing.getitem(x, prefix + (slice(cut, None),))
    head = indexing.getitem(x, prefix + (slice(0, cut),))
    return concatenate([tail, head], axis)
