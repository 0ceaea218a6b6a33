"""The Tensor: an ndarray, its gradient, and its link into the graph. Operators are sugar only.

Every method that computes something calls a function from :mod:`autograd_core.ops`, where
each primitive is defined once; nothing here writes a derivative.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd_core.dtypes import is_differentiable, to_array
from autograd_core.errors import DtypeError, InputError
from autograd_core.grad_mode import grad_state
from autograd_core.hooks import RemovableHandle
from autograd_core.random import resolve_generator

if TYPE_CHECKING:
    from autograd_core.primitive import Primitive

Axis = int | Sequence[int] | None
_new_object = object.__new__


class ShapeChanges:
    """How many times a tensor's ``.data`` was replaced by an array of another shape.

    It is the only way a ``.grad`` can stop fitting its tensor: the engine makes gradients of
    their tensor's shape and the ``.grad`` setter refuses any other. So code that relies on the
    fit (an optimizer's step) needs to check it again only after this count has moved.
    """

    __slots__ = ("count",)

    def __init__(self) -> None:
        self.count = 0


shape_changes = ShapeChanges()


class Tensor:
    """An n-dimensional array that records the operations applied to it.

    Parameters
    ----------
    data : array_like
        Numbers: a Python scalar, nested lists, a NumPy array or another Tensor. The data is
        copied. Python floats become float32 (see :func:`set_default_dtype`), Python ints
        int64, bools bool; NumPy arrays keep their dtype.
    requires_grad : bool
        Record operations on this tensor so that ``backward`` computes ``.grad`` for it. Only
        floating-point tensors can require gradients.
    dtype : dtype, optional
        Convert the data to this dtype.
    name : str, optional
        A label shown in graph drawings and error messages.

    Examples
    --------
    >>> x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> (x * x).sum().backward()
    >>> x.grad
    tensor([2., 4., 6.])
    """

    __slots__ = (
        "_data",
        "_grad",
        "_requires_grad",
        "grad_fn",
        "name",
        "_output_nr",
        "_hooks",
        "_version",
        "_sharers",  # None, or weak references to every tensor sharing this array (detach(), views)
        "__weakref__",
    )
    # NumPy must hand mixed expressions (ndarray + Tensor) to the Tensor's reflected operator.
    __array_ufunc__ = None
    __hash__ = object.__hash__

    def __init__(
        self,
        data: Any,
        requires_grad: bool = False,
        dtype: Any = None,
        name: str | None = None,
    ) -> None:
        if isinstance(data, Tensor):
            data = data._data
        array = to_array(data, dtype)
        if requires_grad and not is_differentiable(array.dtype):
            raise DtypeError(
                f"Tensor: only floating-point tensors can require gradients, got dtype "
                f"{array.dtype}; pass dtype=np.float32 or float data"
            )
        self._data = array
        self._grad = None
        self._requires_grad = bool(requires_grad)
        self.grad_fn = None
        self.name = name
        self._output_nr = 0
        self._hooks = None
        self._version = 0
        self._sharers = None

    # ----------------------------------------------------------------- data and graph links
    @property
    def data(self) -> np.ndarray:
        """The values, as an ndarray. Assigning replaces them without recording anything."""
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        if isinstance(value, Tensor):
            value = value._data
        elif not isinstance(value, np.ndarray):
            value = to_array(value, self._data.dtype)
        elif value.dtype.kind not in "biuf":
            raise TypeError(f"data: tensors hold numbers (bool, integer or floating dtypes), got dtype {value.dtype}")
        if value.shape != self._data.shape:
            shape_changes.count += 1
        self._data = value
        self._version += 1
        self._stop_sharing()  # the new array is this tensor's alone

    @property
    def grad(self) -> Tensor | None:
        """The accumulated gradient (a Tensor of this tensor's shape and dtype) or None."""
        return self._grad

    @grad.setter
    def grad(self, value: Tensor | np.ndarray | None) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                value = make_tensor(np.asarray(value, dtype=self._data.dtype))
            if value.shape != self._data.shape:
                raise InputError(
                    f"grad: assigned gradient has shape {value.shape}, but the tensor has shape {self._data.shape}"
                )
            if value.dtype != self._data.dtype:  # gradients have their tensor's dtype
                raise DtypeError(
                    f"grad: assigned gradient has dtype {value.dtype}, but the tensor has dtype {self._data.dtype}"
                )
        self._grad = value

    @property
    def requires_grad(self) -> bool:
        """Whether operations on this tensor are recorded for differentiation."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        self.requires_grad_(value)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set ``requires_grad`` in place on a leaf tensor and return it."""
        if self.grad_fn is not None:
            raise RuntimeError(
                "requires_grad_: only leaf tensors can change requires_grad; "
                f"this one was made by '{self.grad_fn.name}'. Use .detach() for a leaf copy"
            )
        if requires_grad and not is_differentiable(self._data.dtype):
            raise DtypeError(
                f"requires_grad_: only floating-point tensors can require gradients, got dtype {self._data.dtype}"
            )
        self._requires_grad = bool(requires_grad)
        return self

    @property
    def is_leaf(self) -> bool:
        """True for tensors not made by a recorded operation (inputs and parameters)."""
        return self.grad_fn is None

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape, as a tuple of ints."""
        return self._data.shape

    @property
    def ndim(self) -> int:
        """The number of axes."""
        return self._data.ndim

    @property
    def size(self) -> int:
        """The number of elements (NumPy's ``size``)."""
        return self._data.size

    @property
    def dtype(self) -> np.dtype:
        """The NumPy dtype of the values."""
        return self._data.dtype

    @property
    def T(self) -> Tensor:
        """The tensor with its axes reversed (NumPy's ``.T``)."""
        return transpose(self)

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return len(self._data)

    def __iter__(self) -> Iterator[Tensor]:
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(len(self._data)))

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        if dtype is not None and dtype != self._data.dtype:
            return self._data.astype(dtype)
        return self._data.copy() if copy else self._data

    # ------------------------------------------------------------------ conversions
    def item(self) -> float | int | bool:
        """Return the value of a one-element tensor as a Python number."""
        if self._data.size != 1:
            raise InputError(f"item: only one-element tensors can be converted, this one has shape {self._data.shape}")
        return self._data.item()

    def numpy(self) -> np.ndarray:
        """Return the values as an ndarray (shared, not copied)."""
        return self._data

    def tolist(self) -> Any:
        """Return the values as (nested) Python lists."""
        return self._data.tolist()

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __index__(self) -> int:
        if self._data.dtype.kind not in "iu":
            raise TypeError(f"only integer tensors can be used as an index, got {self.dtype}")
        return int(self.item())

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise InputError(
                f"the truth value of a tensor of shape {self._data.shape} is ambiguous; use .any() or .all()"
            )
        return bool(self._data.item())

    def detach(self) -> Tensor:
        """Return a new leaf tensor sharing these values, cut from the graph.

        An in-place change through it counts as a change of this tensor too (as in PyTorch,
        where the two share a version counter), so a graph that saved this tensor refuses to
        run backward instead of reading the new values.
        """
        detached = make_tensor(self._data)
        self._share_versions_with(detached)
        return detached

    def astype(self, dtype: Any) -> Tensor:
        """Return the tensor cast to ``dtype`` (differentiable between floating dtypes)."""
        return astype(self, dtype)

    def float(self) -> Tensor:
        """Cast to float32."""
        return astype(self, np.float32)

    def double(self) -> Tensor:
        """Cast to float64."""
        return astype(self, np.float64)

    def long(self) -> Tensor:
        """Cast to int64 (PyTorch's name)."""
        return astype(self, np.int64)

    def int(self) -> Tensor:
        """Cast to int32 (PyTorch's name)."""
        return astype(self, np.int32)

    def half(self) -> Tensor:
        """Cast to float16 (PyTorch's name)."""
        return astype(self, np.float16)

    def bool(self) -> Tensor:
        """Cast to bool: True where nonzero (PyTorch's name)."""
        return astype(self, np.bool_)

    def type_as(self, other: Tensor) -> Tensor:
        """Cast to ``other``'s dtype."""
        return astype(self, other.dtype)

    def to(self, *args: Any, **kwargs: Any) -> Tensor:
        """PyTorch's ``to``: ``to(dtype)`` casts as :meth:`astype`; a device can only be the CPU."""
        kwargs.pop("copy", None)
        dtype = parse_to_arguments("to", args, kwargs)
        return self if dtype is None else astype(self, dtype)

    def clone(self) -> Tensor:
        """A copy that stays in the graph (the gradient passes through unchanged)."""
        return clone(self)

    def cpu(self) -> Tensor:
        """The tensor itself: it is on the CPU already (PyTorch compatibility)."""
        return self

    def contiguous(self) -> Tensor:
        """The tensor itself: its array is what NumPy makes of it (PyTorch compatibility)."""
        return self

    def numel(self) -> int:
        """The number of elements (PyTorch's name for ``size``)."""
        return self._data.size

    nelement = numel  # PyTorch's other name

    @property
    def device(self) -> str:
        """Where the values live: always ``"cpu"`` (NumPy arrays). PyTorch gives a ``torch.device``;
        this is its string, which ``to(device)`` and the ``device=`` arguments take back."""
        return "cpu"

    def dim(self) -> int:
        """The number of axes (PyTorch's name for ``ndim``)."""
        return self._data.ndim

    # ------------------------------------------------------------------ autograd
    def backward(
        self,
        gradient: Tensor | np.ndarray | float | None = None,
        retain_graph: bool = False,
        create_graph: bool = False,
        inputs: Tensor | Sequence[Tensor] | None = None,
    ) -> None:
        """Accumulate the gradient of this tensor into every leaf's ``.grad``.

        Parameters
        ----------
        gradient : array_like, optional
            The gradient with respect to this tensor, ``∂L/∂self``. Required unless the tensor
            has exactly one element, where it defaults to 1.
        retain_graph : bool
            Keep what the graph saved so that backward can run through it again.
        create_graph : bool
            Record the backward pass itself, so that the gradients can be differentiated.
        inputs : Tensor or sequence of Tensor, optional
            Accumulate only into these tensors' ``.grad`` (leaves or intermediate tensors), as
            PyTorch's ``inputs=``; only the part of the graph that leads to them runs.
        """
        run_backward((self,), (gradient,), retain_graph, create_graph, inputs)

    def retain_grad(self) -> None:
        """Keep ``.grad`` for this non-leaf tensor during backward (leaves always keep it)."""
        if not self._requires_grad:
            raise RuntimeError("retain_grad: the tensor does not require grad")
        if self.grad_fn is not None:
            self.grad_fn.retain_output_grad(self)

    def register_hook(self, hook: Callable[[Tensor], Tensor | None]) -> RemovableHandle:
        """Call ``hook(grad)`` once with this tensor's total gradient during backward.

        If the hook returns a Tensor, it replaces the gradient. Returns a handle whose
        ``remove()`` unregisters the hook.
        """
        if not self._requires_grad:
            raise RuntimeError("register_hook: cannot register a hook on a tensor that does not require grad")
        if self.grad_fn is not None:
            return self.grad_fn.register_output_hook(self._output_nr, hook)
        if self._hooks is None:
            self._hooks = []
        return RemovableHandle(self._hooks, hook)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the accumulated gradient: set it to None, or with ``set_to_none=False`` zero it in place.

        In place as PyTorch's ``zero_grad(set_to_none=False)``: whoever holds the gradient
        (``g = p.grad``) sees the zeros. A gradient recorded with ``create_graph=True`` is
        first detached in place (``detach_``), so it is a plain tensor of zeros afterwards.
        """
        grad = self._grad
        if set_to_none or grad is None:
            self._grad = None
            return
        grad.grad_fn = None
        grad._requires_grad = False
        if grad._data.flags.writeable:
            grad._data.fill(0)
            grad._changed_in_place()  # a graph that saved the gradient's old values refuses to run backward
        else:  # a read-only view (a broadcast gradient that was assigned): the Tensor gets its own zeros
            grad.data = np.zeros_like(grad._data)

    # ------------------------------------------------------------------ display
    def __repr__(self) -> str:
        body = np.array2string(self._data, separator=", ", prefix="tensor(")
        extras = []
        if self._data.dtype not in (np.dtype(np.float32), np.dtype(np.int64), np.dtype(bool)):
            extras.append(f"dtype={self._data.dtype}")
        if self.grad_fn is not None:
            extras.append(f"grad_fn=<{self.grad_fn.name}>")
        elif self._requires_grad:
            extras.append("requires_grad=True")
        if self.name is not None:
            extras.append(f"name={self.name!r}")
        return "tensor(" + ", ".join([body, *extras]) + ")"

    # ------------------------------------------------------------------ operators
    def __add__(self, other: Any) -> Tensor:
        return add(self, other)

    def __radd__(self, other: Any) -> Tensor:
        return add(other, self)

    def __sub__(self, other: Any) -> Tensor:
        return sub(self, other)

    def __rsub__(self, other: Any) -> Tensor:
        return sub(other, self)

    def __mul__(self, other: Any) -> Tensor:
        return mul(self, other)

    def __rmul__(self, other: Any) -> Tensor:
        return mul(other, self)

    def __truediv__(self, other: Any) -> Tensor:
        return div(self, other)

    def __rtruediv__(self, other: Any) -> Tensor:
        return div(other, self)

    def __pow__(self, other: Any) -> Tensor:
        return power(self, other)

    def __rpow__(self, other: Any) -> Tensor:
        return power(other, self)

    def __matmul__(self, other: Any) -> Tensor:
        return matmul(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return matmul(other, self)

    def __neg__(self) -> Tensor:
        return neg(self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return absolute(self)

    def __lt__(self, other: Any) -> Tensor:
        return less(self, other)

    def __le__(self, other: Any) -> Tensor:
        return less_equal(self, other)

    def __gt__(self, other: Any) -> Tensor:
        return greater(self, other)

    def __ge__(self, other: Any) -> Tensor:
        return greater_equal(self, other)

    def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
        return equal(self, other)

    def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
        return not_equal(self, other)

    # PyTorch's method names of the comparisons.
    lt, le, gt, ge, eq, ne = __lt__, __le__, __gt__, __ge__, __eq__, __ne__
    # PyTorch's longer names for the same comparisons.
    less, less_equal, greater, greater_equal, not_equal = __lt__, __le__, __gt__, __ge__, __ne__

    def logical_and(self, other: Any) -> Tensor:
        """Elementwise self ∧ other, as bool (not differentiable)."""
        return logical_and(self, other)

    def logical_or(self, other: Any) -> Tensor:
        """Elementwise self ∨ other, as bool (not differentiable)."""
        return logical_or(self, other)

    def logical_not(self) -> Tensor:
        """Elementwise ¬self, as bool (not differentiable)."""
        return logical_not(self)

    def __invert__(self) -> Tensor:
        return logical_not(self)

    def __and__(self, other: Any) -> Tensor:
        return logical_and(self, other)

    def __or__(self, other: Any) -> Tensor:
        return logical_or(self, other)

    def __getitem__(self, index: Any) -> Tensor:
        return getitem(self, index)

    def __setitem__(self, index: Any, value: Any) -> None:
        self._check_in_place("__setitem__")
        self._check_writeable("__setitem__")
        self._data[_unwrap_index(index)] = value._data if isinstance(value, Tensor) else value
        self._changed_in_place()

    def _check_in_place(self, op: str) -> None:
        # As in PyTorch, in-place updates are for no_grad blocks (optimizer steps) and for
        # tensors outside the graph; a backward that needs the old values then fails loudly
        # through the version counter instead of using the new ones.
        if self._requires_grad and grad_state.enabled:
            kind = "a leaf tensor that requires grad" if self.grad_fn is None else "a tensor in a graph"
            raise RuntimeError(
                f"{op}: in-place change of {kind} while recording; write y = x + ... "
                "(out of place), or do the update inside `with ag.no_grad():`"
            )

    def _check_writeable(self, op: str) -> None:
        if not self._data.flags.writeable:
            raise InputError(
                f"{op}: this tensor's values are read-only (several elements share one memory location, as "
                f"after expand or broadcast_to; shape {self._data.shape}); clone() it before changing it in place"
            )

    def _in_place(self, op: str, result: Tensor) -> Tensor:
        """Write ``result``, computed out of place from ``self.detach()``, into this tensor's array."""
        self._check_in_place(op)
        _refuse_recorded_source(op, result)
        if result._data.shape != self._data.shape:
            raise InputError(
                f"{op}: the result has shape {result._data.shape}, but an in-place update cannot change "
                f"the shape {self._data.shape}"
            )
        if not _can_cast_in_place(result._data.dtype, self._data.dtype):
            raise DtypeError(
                f"{op}: the result has dtype {result.dtype}, which cannot be written into this tensor's dtype "
                f"{self.dtype} in place (PyTorch refuses too); compute it out of place, or cast the tensor first"
            )
        return self._overwrite(op, result._data)

    def _overwrite(self, op: str, values: np.ndarray) -> Tensor:
        """Copy ``values`` (broadcast to this shape, cast to this dtype) into the array, in place."""
        self._check_in_place(op)
        self._check_writeable(op)
        try:
            fits = np.broadcast_shapes(values.shape, self._data.shape) == self._data.shape
        except ValueError:
            fits = False
        if not fits:
            raise InputError(
                f"{op}: values of shape {values.shape} do not broadcast to this tensor's shape {self._data.shape}"
            )
        np.copyto(self._data, values, casting="unsafe")
        self._changed_in_place()
        return self

    def __getstate__(self) -> tuple[None, dict[str, Any]]:
        """The slots, for ``copy`` and ``pickle``; a copy shares no array, so it has no sharers."""
        state = {}
        for cls in type(self).__mro__:
            for name in getattr(cls, "__slots__", ()):
                if name != "__weakref__" and hasattr(self, name):
                    state[name] = getattr(self, name)
        state["_sharers"] = None
        return None, state

    def _share_versions_with(self, other: Tensor) -> None:
        """Put ``other``, a new tensor whose array shares this one's memory (a detached tensor or
        a view), in this tensor's group, so that an in-place change of either counts for both."""
        sharers = self._sharers
        if sharers is None:
            sharers = self._sharers = [weakref.ref(self)]
        else:
            sharers[:] = [ref for ref in sharers if ref() is not None]  # forget the ones gone
        sharers.append(weakref.ref(other))
        other._sharers = sharers

    def _changed_in_place(self) -> None:
        """Advance the version of this tensor and of those sharing its array (see :meth:`detach`)."""
        self._version += 1
        if self._sharers is not None:
            for ref in self._sharers:
                sharer = ref()
                if sharer is not None and sharer is not self:
                    sharer._version += 1

    def _stop_sharing(self) -> None:
        """Leave the group of tensors that shared this tensor's array (it has a new one)."""
        sharers = self._sharers
        if sharers is not None:
            sharers[:] = [ref for ref in sharers if ref() is not None and ref() is not self]
            self._sharers = None

    def __iadd__(self, other: Any) -> Tensor:
        return self._in_place("+=", add(self.detach(), other))

    def __isub__(self, other: Any) -> Tensor:
        return self._in_place("-=", sub(self.detach(), other))

    def __imul__(self, other: Any) -> Tensor:
        return self._in_place("*=", mul(self.detach(), other))

    def __itruediv__(self, other: Any) -> Tensor:
        return self._in_place("/=", div(self.detach(), other))

    # ------------------------------------------------------------------ in-place methods
    # PyTorch's trailing-underscore methods. Each changes the array in place and returns the
    # tensor; as the operators above, they refuse a tensor that requires grad while recording,
    # refuse new values that would need recording, and advance the version, so that a graph
    # that saved the old values refuses to run backward. The result of an operation is written
    # only where PyTorch would write it: a float result into an integer tensor is refused.
    def zero_(self) -> Tensor:
        """Set every element to 0 in place and return the tensor."""
        return self._overwrite("zero_", np.zeros((), dtype=self._data.dtype))

    def fill_(self, value: Any) -> Tensor:
        """Set every element to ``value`` (a number or a 0-d tensor, cast to this dtype) in place."""
        if isinstance(value, Tensor):
            if value._data.ndim != 0:
                raise InputError(
                    f"fill_: the value must be a number or a 0-d tensor, got a tensor of shape {value.shape}"
                )
            _refuse_recorded_source("fill_", value)
            value = value._data
        elif not isinstance(value, (bool, int, float, np.bool_, np.number)):
            raise TypeError(f"fill_: the value must be a number or a 0-d tensor, got {type(value).__name__}")
        return self._overwrite("fill_", np.asarray(value))

    def copy_(self, src: Any, non_blocking: bool = False) -> Tensor:
        """Copy ``src``'s values in place: broadcast to this shape and cast to this dtype (any
        dtype, as PyTorch: floats into integers are truncated toward 0). ``non_blocking`` is
        accepted for PyTorch's signature and changes nothing."""
        if isinstance(src, Tensor):
            _refuse_recorded_source("copy_", src)
            values = src._data
        else:
            try:
                values = to_array(src)
            except TypeError as error:
                raise TypeError(f"copy_: {error}") from None
        return self._overwrite("copy_", values)

    def add_(self, other: Any, alpha: Any = 1) -> Tensor:
        """self += alpha·other in place (PyTorch's ``add_``), e.g. an update ``w.add_(g, alpha=-lr)``."""
        return self._in_place("add_", add(self.detach(), other, alpha))

    def sub_(self, other: Any, alpha: Any = 1) -> Tensor:
        """self −= alpha·other in place (PyTorch's ``sub_``), e.g. ``w.sub_(w.grad, alpha=lr)``."""
        return self._in_place("sub_", sub(self.detach(), other, alpha))

    def mul_(self, other: Any) -> Tensor:
        """self ·= other in place."""
        return self._in_place("mul_", mul(self.detach(), other))

    def div_(self, other: Any) -> Tensor:
        """self /= other in place (true division: refused for an integer tensor, as in PyTorch)."""
        return self._in_place("div_", div(self.detach(), other))

    def clip_(self, lo: Any = None, hi: Any = None, **aliases: Any) -> Tensor:
        """Limit the values to [lo, hi] in place (``min=``/``max=`` also accepted); see :func:`autograd_core.clip`."""
        return self._in_place("clip_", clip(self.detach(), lo, hi, **aliases))

    clamp_ = clip_

    def neg_(self) -> Tensor:
        """self = −self in place."""
        return self._in_place("neg_", neg(self.detach()))

    def uniform_(self, a: float = 0.0, b: float = 1.0, generator: np.random.Generator | None = None) -> Tensor:
        """Fill in place with samples of U(a, b), from the generator ``ag.manual_seed`` seeds
        (or ``generator``, a ``numpy.random.Generator``); the same draws as ``nn.init.uniform_``."""
        self._check_in_place("uniform_")
        _check_floating(self, "uniform_")
        if not a <= b:
            raise InputError(f"uniform_: expects a ≤ b for the range [a, b), got a={a}, b={b}")
        return self._overwrite("uniform_", resolve_generator(generator, "uniform_").uniform(a, b, size=self.shape))

    def normal_(self, mean: float = 0.0, std: float = 1.0, generator: np.random.Generator | None = None) -> Tensor:
        """Fill in place with samples of N(mean, std²), from the generator ``ag.manual_seed`` seeds
        (or ``generator``); the same draws as ``nn.init.normal_``."""
        self._check_in_place("normal_")
        _check_floating(self, "normal_")
        if not std >= 0:
            raise InputError(f"normal_: expects std ≥ 0, got std={std}")
        return self._overwrite("normal_", resolve_generator(generator, "normal_").normal(mean, std, size=self.shape))

    def detach_(self) -> Tensor:
        """Make this tensor, in place, a leaf that does not require grad, and return it.

        Operations on it are no longer recorded. Unlike PyTorch, where a graph recorded through
        the tensor before still reaches the operations that made it, here such a graph ends at
        the tensor (the graph holds the tensor, not a separate edge): call ``detach_`` once those
        graphs have run backward, or use ``t = t.detach()``. A graph that saved the tensor
        refuses to run backward afterwards, as in PyTorch.
        """
        if self.grad_fn is not None:
            self.grad_fn = None
            self._output_nr = 0
            # A graph that saved the tensor would send its gradient here rather than to what made
            # it: the version makes it refuse. (Tensors sharing the array keep theirs: the values
            # did not change.)
            self._version += 1
        self._requires_grad = False
        return self

    # ------------------------------------------------------------------ methods (ops)
    def sum(self, axis: Axis = None, keepdims: bool = False, **aliases: Any) -> Tensor:
        """Sum over ``axis`` (all axes by default); see :func:`autograd_core.sum`."""
        return sum(self, axis, keepdims, **aliases)

    def mean(self, axis: Axis = None, keepdims: bool = False, **aliases: Any) -> Tensor:
        """Arithmetic mean over ``axis``; see :func:`autograd_core.mean`."""
        return mean(self, axis, keepdims, **aliases)

    def max(self, axis: Axis = None, keepdims: bool = False, **aliases: Any) -> Tensor:
        """Maximum over ``axis``; ties share the gradient evenly."""
        return max(self, axis, keepdims, **aliases)

    def min(self, axis: Axis = None, keepdims: bool = False, **aliases: Any) -> Tensor:
        """Minimum over ``axis``; ties share the gradient evenly."""
        return min(self, axis, keepdims, **aliases)

    def amax(self, axis: Axis = None, keepdims: bool = False, **aliases: Any) -> Tensor:
        """Maximum over ``axis`` (every axis for None or ``()``, as PyTorch's ``amax``); ties share the gradient."""
        return amax(self, axis, keepdims, **aliases)

    def amin(self, axis: Axis = None, keepdims: bool = False, **aliases: Any) -> Tensor:
        """Minimum over ``axis`` (every axis for None or ``()``, as PyTorch's ``amin``); ties share the gradient."""
        return amin(self, axis, keepdims, **aliases)

    def var(self, axis: Axis = None, keepdims: bool = False, ddof: int = 0, **aliases: Any) -> Tensor:
        """Variance over ``axis`` with ``ddof`` delta degrees of freedom (NumPy's default 0)."""
        return var(self, axis, keepdims, ddof, **aliases)

    def std(self, axis: Axis = None, keepdims: bool = False, ddof: int = 0, **aliases: Any) -> Tensor:
        """Standard deviation over ``axis`` with ``ddof`` delta degrees of freedom."""
        return std(self, axis, keepdims, ddof, **aliases)

    def prod(self, axis: Axis = None, keepdims: bool = False, **aliases: Any) -> Tensor:
        """Product over ``axis``."""
        return prod(self, axis, keepdims, **aliases)

    def logsumexp(self, axis: Axis = None, keepdims: bool = False, **aliases: Any) -> Tensor:
        """log(Σ exp(x)) over ``axis``, computed stably."""
        return logsumexp(self, axis, keepdims, **aliases)

    def argmax(self, axis: int | None = None, keepdims: bool = False, **aliases: Any) -> Tensor:
        """Indices of the maxima (an int64 tensor, not differentiable)."""
        return argmax(self, axis, keepdims, **aliases)

    def argmin(self, axis: int | None = None, keepdims: bool = False, **aliases: Any) -> Tensor:
        """Indices of the minima (an int64 tensor, not differentiable)."""
        return argmin(self, axis, keepdims, **aliases)

    def norm(self, p: Any = 2, axis: Axis = None, keepdims: bool = False, **aliases: Any) -> Tensor:
        """Vector p-norm over ``axis`` (p a positive number, inf or -inf); see :func:`autograd_core.norm`."""
        return norm(self, p, axis, keepdims, **aliases)

    def cumsum(self, axis: int | None = None, **aliases: Any) -> Tensor:
        """Running sums along ``axis`` (PyTorch's ``cumsum(dim)``)."""
        return cumsum(self, axis, **aliases)

    def isnan(self) -> Tensor:
        """Elementwise: True where the value is NaN (a bool tensor)."""
        return isnan(self)

    def isfinite(self) -> Tensor:
        """Elementwise: True where the value is neither NaN nor ±Inf (a bool tensor)."""
        return isfinite(self)

    def any(self, axis: Axis = None, keepdims: bool = False) -> Tensor:
        """Whether any element is true (not differentiable)."""
        return make_tensor(np.asarray(self._data.any(axis=axis, keepdims=keepdims)))

    def all(self, axis: Axis = None, keepdims: bool = False) -> Tensor:
        """Whether all elements are true (not differentiable)."""
        return make_tensor(np.asarray(self._data.all(axis=axis, keepdims=keepdims)))

    def isclose(self, other: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> Tensor:
        """Elementwise |self − other| ≤ atol + rtol·|other| (a bool tensor); see :func:`autograd_core.isclose`."""
        return isclose(self, other, rtol, atol, equal_nan)

    def allclose(self, other: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> bool:
        """Whether every element is close to ``other``'s (a Python bool); see :func:`autograd_core.allclose`."""
        return allclose(self, other, rtol, atol, equal_nan)

    def equal(self, other: Any) -> bool:
        """Whether ``other`` has this shape and these values, as a Python bool (PyTorch's ``torch.equal``).

        Values are compared after the usual promotion (``tensor([1, 2])`` equals
        ``tensor([1.0, 2.0])``); NaN equals nothing. Not to be confused with the function
        ``ag.equal(a, b)``, which is NumPy's elementwise ``==`` and gives a bool tensor.
        """
        other_values = other._data if isinstance(other, Tensor) else to_array(other)
        return self._data.shape == other_values.shape and bool(np.array_equal(self._data, other_values))

    def add(self, other: Any, alpha: Any = 1) -> Tensor:
        """Elementwise self + alpha·other, with broadcasting."""
        return add(self, other, alpha)

    def sub(self, other: Any, alpha: Any = 1) -> Tensor:
        """Elementwise self − alpha·other, with broadcasting."""
        return sub(self, other, alpha)

    def mul(self, other: Any) -> Tensor:
        """Elementwise self · other, with broadcasting."""
        return mul(self, other)

    def div(self, other: Any) -> Tensor:
        """Elementwise self / other (true division), with broadcasting."""
        return div(self, other)

    def neg(self) -> Tensor:
        """Elementwise −self."""
        return neg(self)

    # PyTorch's (and NumPy's) longer names for the same operations.
    subtract, multiply, divide, negative = sub, mul, div, neg

    def where(self, condition: Any, other: Any) -> Tensor:
        """``self`` where ``condition`` holds, else ``other`` (PyTorch's ``Tensor.where``)."""
        return where(condition, self, other)

    def exp(self) -> Tensor:
        """Elementwise e**x."""
        return exp(self)

    def expm1(self) -> Tensor:
        """Elementwise e**x − 1, accurate near 0."""
        return expm1(self)

    def log(self) -> Tensor:
        """Elementwise natural logarithm."""
        return log(self)

    def log1p(self) -> Tensor:
        """Elementwise log(1 + x), accurate near 0."""
        return log1p(self)

    def sqrt(self) -> Tensor:
        """Elementwise square root."""
        return sqrt(self)

    def rsqrt(self) -> Tensor:
        """Elementwise 1 / √x."""
        return rsqrt(self)

    def square(self) -> Tensor:
        """Elementwise x²."""
        return square(self)

    def reciprocal(self) -> Tensor:
        """Elementwise 1 / x."""
        return reciprocal(self)

    def sign(self) -> Tensor:
        """Elementwise −1, 0 or 1 (0 for NaN); gradient 0."""
        return sign(self)

    def floor(self) -> Tensor:
        """Elementwise ⌊x⌋; gradient 0."""
        return floor(self)

    def ceil(self) -> Tensor:
        """Elementwise ⌈x⌉; gradient 0."""
        return ceil(self)

    def round(self, decimals: int = 0) -> Tensor:
        """Elementwise rounding to ``decimals`` places, halves to even; gradient 0."""
        return round(self, decimals)

    def trunc(self) -> Tensor:
        """Elementwise rounding toward 0; gradient 0."""
        return trunc(self)

    def tanh(self) -> Tensor:
        """Elementwise hyperbolic tangent."""
        return tanh(self)

    def sigmoid(self) -> Tensor:
        """Elementwise logistic function 1 / (1 + e**-x), computed stably."""
        return sigmoid(self)

    def relu(self) -> Tensor:
        """Elementwise max(x, 0)."""
        return relu(self)

    def leaky_relu(self, negative_slope: float = 0.01) -> Tensor:
        """Elementwise x if x > 0 else negative_slope * x."""
        return leaky_relu(self, negative_slope)

    def gelu(self, approximate: str = "none") -> Tensor:
        """Gaussian error linear unit, x Φ(x) (or its tanh approximation)."""
        return gelu(self, approximate)

    def erf(self) -> Tensor:
        """Elementwise error function."""
        return erf(self)

    def sin(self) -> Tensor:
        """Elementwise sine."""
        return sin(self)

    def cos(self) -> Tensor:
        """Elementwise cosine."""
        return cos(self)

    def abs(self) -> Tensor:
        """Elementwise absolute value."""
        return absolute(self)

    absolute = abs  # PyTorch's and NumPy's longer name

    def clip(self, lo: Any = None, hi: Any = None, **aliases: Any) -> Tensor:
        """Limit the values to [lo, hi] (``min=``/``max=`` also accepted)."""
        return clip(self, lo, hi, **aliases)

    clamp = clip

    def maximum(self, other: Any) -> Tensor:
        """Elementwise maximum with ``other``."""
        return maximum(self, other)

    def minimum(self, other: Any) -> Tensor:
        """Elementwise minimum with ``other``."""
        return minimum(self, other)

    def pow(self, exponent: Any) -> Tensor:
        """Elementwise self ** exponent."""
        return power(self, exponent)

    def softmax(self, axis: int = -1, **aliases: Any) -> Tensor:
        """Softmax along ``axis``, computed stably."""
        return softmax(self, axis, **aliases)

    def log_softmax(self, axis: int = -1, **aliases: Any) -> Tensor:
        """Logarithm of softmax along ``axis``, computed stably."""
        return log_softmax(self, axis, **aliases)

    def reshape(self, *shape: Any) -> Tensor:
        """Same values in a new shape (``reshape(2, 3)`` or ``reshape((2, 3))``)."""
        return reshape(self, shape_args(shape))

    view = reshape

    def flatten(self, start_axis: int = 0, end_axis: int = -1, **aliases: Any) -> Tensor:
        """Merge axes ``start_axis..end_axis`` into one (all of them by default)."""
        return flatten(self, start_axis, end_axis, **aliases)

    def transpose(self, *axes: Any) -> Tensor:
        """Permute the axes (reverse them when none are given), NumPy's ``transpose``."""
        return transpose(self, shape_args(axes) if axes else None)

    def permute(self, *axes: Any) -> Tensor:
        """Permute the axes, PyTorch's name for ``transpose(*axes)``."""
        return transpose(self, shape_args(axes))

    def swapaxes(self, axis1: int, axis2: int) -> Tensor:
        """Exchange two axes."""
        return swapaxes(self, axis1, axis2)

    def squeeze(self, axis: Axis = None, **aliases: Any) -> Tensor:
        """Remove axes of length one."""
        return squeeze(self, axis, **aliases)

    def unsqueeze(self, axis: int | None = None, **aliases: Any) -> Tensor:
        """Insert an axis of length one at ``axis``."""
        return unsqueeze(self, axis, **aliases)

    def expand(self, *shape: Any) -> Tensor:
        """Broadcast to a larger shape (PyTorch's name for ``broadcast_to``; -1 keeps an axis)."""
        return expand(self, *shape)

    def expand_as(self, other: Tensor) -> Tensor:
        """Broadcast to ``other``'s shape."""
        return expand(self, *other.shape)

    def reshape_as(self, other: Any) -> Tensor:
        """The same values in ``other``'s shape."""
        return reshape(self, other.shape if isinstance(other, Tensor) else np.shape(other))

    view_as = reshape_as  # (as ``view``: every reshape here is a new tensor of its own)

    def new_zeros(self, *size: Any, dtype: Any = None, requires_grad: bool = False, device: Any = None) -> Tensor:
        """Zeros of ``size`` (``new_zeros(2, 3)`` or ``new_zeros((2, 3))``), of this tensor's dtype unless ``dtype``."""
        return self._new_filled("new_zeros", size, 0, dtype, requires_grad, device)

    def new_ones(self, *size: Any, dtype: Any = None, requires_grad: bool = False, device: Any = None) -> Tensor:
        """Ones of ``size`` with this tensor's dtype unless ``dtype``."""
        return self._new_filled("new_ones", size, 1, dtype, requires_grad, device)

    def new_full(
        self, size: Any, fill_value: Any, dtype: Any = None, requires_grad: bool = False, device: Any = None
    ) -> Tensor:
        """``fill_value`` everywhere in ``size``, cast to this tensor's dtype unless ``dtype``."""
        return self._new_filled("new_full", (size,), fill_value, dtype, requires_grad, device)

    def new_tensor(self, data: Any, dtype: Any = None, requires_grad: bool = False, device: Any = None) -> Tensor:
        """A new leaf tensor holding a copy of ``data``, cast to this tensor's dtype unless ``dtype``
        (so ``int_tensor.new_tensor([1.5])`` is ``tensor([1])``, as in PyTorch)."""
        check_device(device, "new_tensor")
        return Tensor(data, requires_grad=requires_grad, dtype=self._data.dtype if dtype is None else dtype)

    def _new_filled(
        self, op: str, size: tuple[Any, ...], fill_value: Any, dtype: Any, requires_grad: bool, device: Any
    ) -> Tensor:
        check_device(device, op)
        return filled(size, fill_value, self._data.dtype if dtype is None else dtype, requires_grad, op)

    def broadcast_to(self, shape: Sequence[int]) -> Tensor:
        """Broadcast to ``shape`` with NumPy's rules."""
        return broadcast_to(self, tuple(shape))

    def matmul(self, other: Any) -> Tensor:
        """Matrix product, NumPy's ``matmul``."""
        return matmul(self, other)

    def split(self, indices_or_sections: Any, axis: int = 0, **aliases: Any) -> list[Tensor]:
        """Split into pieces along ``axis``, NumPy's ``split``."""
        return split(self, indices_or_sections, axis, **aliases)

    def chunk(self, chunks: int, axis: int = 0, **aliases: Any) -> list[Tensor]:
        """Split into at most ``chunks`` pieces of ⌈n / chunks⌉ along ``axis``, PyTorch's ``chunk``."""
        return chunk(self, chunks, axis, **aliases)

    def unbind(self, axis: int = 0, **aliases: Any) -> tuple[Tensor, ...]:
        """The slices along ``axis``, each without that axis (PyTorch's ``unbind(dim)``)."""
        return unbind(self, axis, **aliases)

    def roll(self, shifts: Any, axis: Any = None, **aliases: Any) -> Tensor:
        """Shift the elements ``shifts`` places along ``axis``, wrapping around (flattened if no axis)."""
        return roll(self, shifts, axis, **aliases)

    def t(self) -> Tensor:
        """A matrix transposed; a vector or scalar unchanged (PyTorch's ``t``, at most 2 axes)."""
        return t(self)

    def mm(self, other: Any) -> Tensor:
        """Matrix product of two 2-D tensors (PyTorch's ``mm``)."""
        return mm(self, other)

    def dot(self, other: Any) -> Tensor:
        """Inner product of two 1-D tensors of one length (PyTorch's ``dot``)."""
        return dot(self, other)

    def bmm(self, other: Any) -> Tensor:
        """Products of two batches of matrices (3-D tensors), PyTorch's ``bmm``."""
        return bmm(self, other)

    def diag(self, diagonal: int = 0) -> Tensor:
        """A vector's matrix with it on a diagonal, or a matrix's diagonal (PyTorch's ``diag``)."""
        return diag(self, diagonal)

    def outer(self, other: Any) -> Tensor:
        """The outer product of two vectors: out[i, j] = self[i]·other[j]."""
        return outer(self, other)

    def tril(self, diagonal: int = 0) -> Tensor:
        """The lower triangle of the matrix (or of each in a batch), zeros above ``diagonal``."""
        return tril(self, diagonal)

    def triu(self, diagonal: int = 0) -> Tensor:
        """The upper triangle of the matrix (or of each in a batch), zeros below ``diagonal``."""
        return triu(self, diagonal)

    def trace(self) -> Tensor:
        """The sum of the diagonal of a matrix."""
        return trace(self)

    def flip(self, *axes: Any, **aliases: Any) -> Tensor:
        """Reverse the order along the given axes (``flip(0, 1)`` or ``flip((0, 1))``; ``dims=`` too)."""
        return flip(self, shape_args(axes) if axes else None, **aliases)

    def repeat(self, *sizes: Any) -> Tensor:
        """Tile the tensor ``sizes[i]`` times along axis i (PyTorch's ``repeat``: one size per axis at least)."""
        return repeat(self, *sizes)

    def tile(self, *reps: Any) -> Tensor:
        """Tile the tensor ``reps[i]`` times along axis i, NumPy's and PyTorch's ``tile``."""
        return tile(self, shape_args(reps))

    def masked_select(self, mask: Any) -> Tensor:
        """The entries where the bool ``mask`` is true, as a vector (PyTorch's ``masked_select``)."""
        return masked_select(self, mask)

    def narrow(self, axis: int | None = None, start: Any = None, length: Any = None, **aliases: Any) -> Tensor:
        """``length`` entries from ``start`` along ``axis`` (PyTorch's ``narrow(dim, start, length)``)."""
        return narrow(self, axis, start, length, **aliases)

    def nonzero(self, as_tuple: bool = False) -> Any:
        """The positions of the nonzero entries (PyTorch's ``nonzero``): (n, ndim) int64, or a tuple."""
        return nonzero(self, as_tuple)

    def masked_fill(self, mask: Any, value: Any) -> Tensor:
        """``value`` where the bool ``mask`` is true, else this tensor (PyTorch's ``masked_fill``)."""
        return masked_fill(self, mask, value)

    def index_select(self, axis: int | None = None, index: Any = None, **aliases: Any) -> Tensor:
        """The entries at positions ``index`` along ``axis`` (PyTorch's ``index_select(dim, index)``)."""
        return index_select(self, axis, index, **aliases)

    def gather(self, axis: int | None = None, index: Any = None, **aliases: Any) -> Tensor:
        """PyTorch's ``gather(dim, index)``: the entries at ``index`` along ``axis``, in its shape."""
        return gather(self, axis, index, **aliases)

    def sort(self, axis: int = -1, descending: bool = False, stable: bool = False, **aliases: Any) -> ValuesIndices:
        """``(values, indices)`` sorted along ``axis`` (PyTorch's ``sort``; stable)."""
        return sort(self, axis, descending, stable, **aliases)

    def argsort(self, axis: int = -1, descending: bool = False, stable: bool = False, **aliases: Any) -> Tensor:
        """The positions that sort the tensor along ``axis`` (PyTorch's ``argsort``; stable)."""
        return argsort(self, axis, descending, stable, **aliases)

    def topk(self, k: int, axis: int = -1, largest: bool = True, sorted: bool = True, **aliases: Any) -> ValuesIndices:
        """``(values, indices)`` of the ``k`` largest (or smallest) entries along ``axis`` (PyTorch's ``topk``)."""
        return topk(self, k, axis, largest, sorted, **aliases)


def shape_args(args: tuple[Any, ...]) -> tuple[int, ...]:
    """Accept both f(2, 3) and f((2, 3))."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        return tuple(args[0])
    return tuple(args)


def _unwrap_index(index: Any) -> Any:
    if isinstance(index, Tensor):
        return index._data
    if isinstance(index, tuple):
        return tuple(item._data if isinstance(item, Tensor) else item for item in index)
    return index


def _is_dtype_name(name: str) -> bool:
    """Whether a string names a NumPy dtype ("float64") rather than a device ("cpu")."""
    try:
        np.dtype(name)
    except TypeError:
        return False
    return True


def parse_to_arguments(op: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The dtype that PyTorch-style ``to(...)`` arguments ask for, or None to keep the dtype.

    Accepts what PyTorch's ``to`` does: a dtype, a device, both, or a Tensor (whose dtype is
    taken) positionally, ``dtype=``, ``device=``, ``non_blocking=`` and ``memory_format=``
    keywords. Everything lives in NumPy on the CPU, so the device must be the CPU.

    Raises
    ------
    TypeError
        For unknown keywords or more than one dtype.
    InputError
        For a device other than the CPU.
    """
    dtype = kwargs.pop("dtype", None)
    device = kwargs.pop("device", None)
    kwargs.pop("non_blocking", None)  # nothing is asynchronous here
    kwargs.pop("memory_format", None)  # NumPy decides the memory layout
    if kwargs:
        raise TypeError(f"{op}: unexpected keyword argument(s) {sorted(kwargs)}")
    dtypes = [dtype] if dtype is not None else []
    for arg in args:
        if isinstance(arg, Tensor):
            dtypes.append(arg.dtype)
        elif isinstance(arg, bool):  # PyTorch's positional non_blocking
            continue
        elif type(arg).__name__ == "device" or (isinstance(arg, str) and not _is_dtype_name(arg)):
            device = arg
        else:
            dtypes.append(arg)
    if len(dtypes) > 1:
        raise TypeError(f"{op}: got more than one dtype: {', '.join(map(str, dtypes))}")
    check_device(device, op)
    return dtypes[0] if dtypes else None


def check_device(device: Any, op: str) -> None:
    """Refuse any device but the CPU (a string or a ``torch.device``), naming ``op``."""
    if device is not None and str(device) not in ("cpu", "cpu:0"):
        raise InputError(f"{op}: only the 'cpu' device exists here, got {device!r}")


def _can_cast_in_place(source: np.dtype, target: np.dtype) -> bool:
    """PyTorch's rule for writing a result into a tensor: anything into a floating tensor, integers
    and bools into an integer one (narrowing too), only bools into a bool one."""
    if target.kind == "f":
        return True
    if target.kind in "iu":
        return source.kind in "biu"
    return source.kind == "b"


def _refuse_recorded_source(op: str, source: Tensor) -> None:
    """An in-place update writes values and records nothing, so values that require grad while
    recording would lose their gradient silently: refuse them."""
    if source._requires_grad and grad_state.enabled:
        raise RuntimeError(
            f"{op}: the new values require grad, but an in-place update is not recorded, so no gradient "
            "would reach them; compute the result out of place (y = x + ...), or write it inside "
            "`with ag.no_grad():` if no gradient should flow"
        )


def _check_floating(tensor: Tensor, op: str) -> None:
    if tensor._data.dtype.kind != "f":
        raise DtypeError(f"{op}: expects a floating-point tensor, got dtype {tensor.dtype} (PyTorch refuses it too)")


def make_tensor(data: np.ndarray, requires_grad: bool = False, grad_fn: Primitive | None = None) -> Tensor:
    """Wrap an ndarray in a Tensor without copying or checking (for the engine and ops)."""
    tensor = _new_object(Tensor)
    tensor._data = data
    tensor._grad = None
    tensor._requires_grad = requires_grad
    tensor.grad_fn = grad_fn
    tensor.name = None
    tensor._output_nr = 0
    tensor._hooks = None
    tensor._version = 0
    tensor._sharers = None
    return tensor


# The methods above call these module-level functions; they live with their primitives.
from autograd_core.creation import filled  # noqa: E402
from autograd_core.engine import run_backward  # noqa: E402
from autograd_core.ops import (  # noqa: E402
    ValuesIndices,
    absolute,
    add,
    allclose,
    amax,
    amin,
    argmax,
    argmin,
    argsort,
    astype,
    bmm,
    broadcast_to,
    ceil,
    chunk,
    clip,
    clone,
    cos,
    cumsum,
    diag,
    div,
    dot,
    equal,
    erf,
    exp,
    expand,
    expm1,
    flatten,
    flip,
    floor,
    gather,
    gelu,
    getitem,
    greater,
    greater_equal,
    index_select,
    isclose,
    isfinite,
    isnan,
    leaky_relu,
    less,
    less_equal,
    log,
    log1p,
    log_softmax,
    logical_and,
    logical_not,
    logical_or,
    logsumexp,
    masked_fill,
    masked_select,
    matmul,
    max,
    maximum,
    mean,
    min,
    minimum,
    mm,
    mul,
    narrow,
    neg,
    nonzero,
    norm,
    not_equal,
    outer,
    power,
    prod,
    reciprocal,
    relu,
    reshape,
    roll,
    round,
    rsqrt,
    sigmoid,
    sign,
    sin,
    softmax,
    sort,
    split,
    sqrt,
    square,
    squeeze,
    std,
    sub,
    sum,
    swapaxes,
    t,
    tanh,
    tile,
    topk,
    trace,
    transpose,
    tril,
    triu,
    trunc,
    unbind,
    unsqueeze,
    var,
    where,
)
from autograd_core.ops.shape import repeat  # noqa: E402  (a method only: NumPy's repeat means something else)
