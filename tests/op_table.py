"""One table of every public op of the Tensor contract (DESIGN.md §3), swept by the op tests.

Each :class:`OpSpec` says how to call the op three ways — on autograd_core Tensors, on NumPy
arrays (the reference for values) and on PyTorch tensors (the reference for values and
gradients where PyTorch is installed) — which shapes and parameters to try (a hypothesis
strategy for random cases plus fixed examples with size-1 and zero-size axes), and from which
domain to draw each input so that the op is smooth there (no kinks or ties within the
finite-difference step). ``tests/test_ops.py`` and ``tests/test_ops_torch.py`` sweep it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd_core as ag

Shape = tuple[int, ...]
Domain = Callable[[np.random.Generator, Shape], np.ndarray]


class _LazyTorch:
    """``torch`` imported on first use, so that the table loads (and most tests run) without it."""

    def __getattr__(self, name: str) -> Any:
        import torch

        return getattr(torch, name)


torch = _LazyTorch()


def _torch_functional() -> Any:
    import torch.nn.functional

    return torch.nn.functional


# ---------------------------------------------------------------------- cases and domains
@dataclass
class Case:
    """One call of an op: the input shapes and the keyword parameters."""

    shapes: tuple[Shape, ...]
    params: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={_short(v)}" for k, v in self.params.items())
        return f"Case({self.shapes}{', ' + shown if shown else ''})"


def _short(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"array(shape={value.shape}, dtype={value.dtype})"
    return repr(value)


def normal(rng: np.random.Generator, shape: Shape) -> np.ndarray:
    """Standard normal values: for ops smooth everywhere."""
    return rng.standard_normal(shape)


def positive(rng: np.random.Generator, shape: Shape) -> np.ndarray:
    """Values in [0.5, 2]: for log, sqrt, fractional powers, and bases of a ** b."""
    return rng.uniform(0.5, 2.0, shape)


def nonzero(rng: np.random.Generator, shape: Shape) -> np.ndarray:
    """Values with 0.2 ≤ |x| ≤ 2: for divisors and negative powers."""
    return rng.choice([-1.0, 1.0], shape) * rng.uniform(0.2, 2.0, shape)


def off_grid(rng: np.random.Generator, shape: Shape) -> np.ndarray:
    """Distinct values (k + ½)·0.1 in random order: never 0, ±0.5 or tied.

    Keeps relu, abs, leaky_relu, clip(±0.5) and max/min at least 0.05 away from their kinks
    and ties, far beyond gradcheck's finite-difference step.
    """
    count = math.prod(shape)
    values = (rng.permutation(count) - count // 2 + 0.5) * 0.1
    return values.reshape(shape)


def on_grid(rng: np.random.Generator, shape: Shape) -> np.ndarray:
    """Distinct values k·0.1: never equal to an :func:`off_grid` value (for maximum/minimum)."""
    count = math.prod(shape)
    return ((rng.permutation(count) - count // 2) * 0.1).reshape(shape)


# ---------------------------------------------------------------------- the spec
@dataclass
class OpSpec:
    """How to call, check and compare one op.

    Attributes
    ----------
    name : str
        The test id.
    fn : callable
        ``fn(*tensors, **params)`` on autograd_core Tensors; returns a Tensor or a tuple.
    reference : callable
        The same on float64 ndarrays with NumPy: the reference for forward values.
    torch_fn : callable or None
        The same on float64 torch tensors; None where PyTorch has no counterpart.
    cases : strategy of Case
        Random shapes (broadcasting, size-1 and zero-size axes) and parameters.
    examples : tuple of Case
        Fixed cases always checked, including edge shapes.
    domains : tuple of Domain
        How to draw each input (one entry used for every input when there is one).
    gradcheck_options : dict
        Overrides of eps/atol/rtol for ``ag.gradcheck`` and ``ag.gradgradcheck``.
    keeps_dtype : bool
        Whether a float32 input gives a float32 output.
    """

    name: str
    fn: Callable[..., Any]
    reference: Callable[..., Any]
    torch_fn: Callable[..., Any] | None
    cases: st.SearchStrategy[Case]
    examples: tuple[Case, ...]
    domains: tuple[Domain, ...] = (normal,)
    gradcheck_options: dict[str, float] = field(default_factory=dict)
    keeps_dtype: bool = True

    def domain(self, position: int) -> Domain:
        """The domain of input ``position``."""
        return self.domains[position] if len(self.domains) > 1 else self.domains[0]

    def arrays(self, case: Case, rng: np.random.Generator) -> list[np.ndarray]:
        """Float64 input values for ``case``."""
        return [np.asarray(self.domain(i)(rng, shape), dtype=np.float64) for i, shape in enumerate(case.shapes)]

    def __repr__(self) -> str:
        return self.name


def outputs_of(result: Any) -> tuple[Any, ...]:
    """An op's result as a tuple of outputs (split returns several)."""
    return tuple(result) if isinstance(result, (tuple, list)) else (result,)


# ---------------------------------------------------------------------- shape strategies
MAX_SIDE = 3
MAX_DIMS = 3

unary_shapes = hnp.array_shapes(min_dims=0, max_dims=MAX_DIMS, min_side=0, max_side=MAX_SIDE)
nonempty_shapes = hnp.array_shapes(min_dims=0, max_dims=MAX_DIMS, min_side=1, max_side=MAX_SIDE)


def _broadcast_shapes(count: int) -> st.SearchStrategy[tuple[Shape, ...]]:
    return hnp.mutually_broadcastable_shapes(
        num_shapes=count, min_dims=0, max_dims=MAX_DIMS, min_side=0, max_side=MAX_SIDE
    ).map(lambda result: tuple(result.input_shapes))


UNARY_EXAMPLES = ((), (1,), (4,), (2, 1, 3), (0,), (2, 0, 3))
BINARY_EXAMPLES = (
    ((), ()),
    ((3,), ()),
    ((), (3,)),
    ((2, 3), (3,)),
    ((2, 1), (1, 3)),
    ((1,), (2, 3)),
    ((2, 1, 3), (4, 1)),
    ((0,), (1,)),
    ((2, 0), (2, 1)),
)


def unary_cases(**params: Any) -> st.SearchStrategy[Case]:
    return unary_shapes.map(lambda shape: Case((shape,), dict(params)))


def unary_examples(**params: Any) -> tuple[Case, ...]:
    return tuple(Case((shape,), dict(params)) for shape in UNARY_EXAMPLES)


def binary_cases() -> st.SearchStrategy[Case]:
    return _broadcast_shapes(2).map(lambda shapes: Case(shapes))


def binary_examples() -> tuple[Case, ...]:
    return tuple(Case(shapes) for shapes in BINARY_EXAMPLES)


@st.composite
def axis_for(draw: st.DrawFn, ndim: int) -> Any:
    """None, an int (possibly negative) or a tuple of distinct axes, valid for ``ndim`` axes."""
    choices = [st.none(), hnp.valid_tuple_axes(ndim)]
    if ndim:
        choices.append(st.integers(-ndim, ndim - 1))
    return draw(st.one_of(*choices))


def reduced_count(shape: Shape, axis: Any) -> int:
    """How many elements each reduction over ``axis`` combines."""
    if axis is None:
        return math.prod(shape)
    axes = (axis,) if isinstance(axis, int) else axis
    return math.prod(shape[a] for a in axes)


@st.composite
def reduction_cases(draw: st.DrawFn, min_count: int = 0, ddof: bool = False) -> Case:
    shape = draw(unary_shapes)
    axis = draw(axis_for(len(shape)))
    params: dict[str, Any] = {"axis": axis, "keepdims": draw(st.booleans())}
    if ddof:
        params["ddof"] = draw(st.integers(0, 1))
    count = reduced_count(shape, axis)
    if count < min_count + params.get("ddof", 0):
        # Too few elements for this reduction: reduce over nothing but a full axis instead.
        shape, params["axis"] = (min_count + params.get("ddof", 0) + 1, *shape[1:]), 0
    return Case((shape,), params)


def reduction_examples(min_count: int = 0, ddof: int | None = None) -> tuple[Case, ...]:
    candidates = [
        ((3,), None, False),
        ((2, 3), None, True),
        ((2, 3), 1, False),
        ((2, 3), -2, True),
        ((2, 3, 2), (0, 2), False),
        ((2, 3, 2), (-1, 0), True),
        ((1, 3), 0, False),
        ((3, 1), (0, 1), True),
        ((), None, False),
        ((), (), True),
        ((2, 0), 0, False),
        ((0, 3), 1, True),
        ((0, 3), 0, False),
    ]
    examples = []
    for shape, axis, keepdims in candidates:
        params: dict[str, Any] = {"axis": axis, "keepdims": keepdims}
        if ddof is not None:
            params["ddof"] = ddof
        if reduced_count(shape, axis) >= min_count + (ddof or 0):
            examples.append(Case((shape,), params))
    return tuple(examples)


# ---------------------------------------------------------------------- NumPy references
_erf = np.vectorize(math.erf, otypes=[np.float64])


def _gelu_exact(x: np.ndarray) -> np.ndarray:
    return x * 0.5 * (1.0 + _erf(x / math.sqrt(2.0)))


def _gelu_tanh(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))


def _logsumexp(x: np.ndarray, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims))


def _softmax(x: np.ndarray, axis: int) -> np.ndarray:
    exps = np.exp(x)
    return exps / exps.sum(axis=axis, keepdims=True)


def _flattened_shape(shape: Shape, start: int, end: int) -> Shape:
    if not shape:
        return (1,)
    start, end = start % len(shape), end % len(shape)
    return shape[:start] + (math.prod(shape[start : end + 1]),) + shape[end + 1 :]


def ramp(shape: Shape) -> np.ndarray:
    """A constant float64 array of ``shape`` (the left operand of reflected ndarray forms)."""
    return np.linspace(-1.0, 1.0, math.prod(shape)).reshape(shape)


# ---------------------------------------------------------------------- PyTorch references
def _torch_dims(x: Any, axis: Any) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(x.dim()))
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    return tuple(a % x.dim() for a in axes)


def _torch_reduce(name: str) -> Callable[..., Any]:
    """sum/mean/amax/amin over NumPy-style ``axis`` (None = all, () = none)."""

    def reduce(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
        dims = _torch_dims(x, axis)
        if not dims:
            return x * 1.0
        return getattr(torch, name)(x, dim=dims, keepdim=keepdims)

    return reduce


def _torch_var(x: Any, axis: Any = None, keepdims: bool = False, ddof: int = 0, root: bool = False) -> Any:
    dims = _torch_dims(x, axis)
    if not dims:  # a reduction over no axes: each element alone
        result = x * 0.0
    else:
        with warnings.catch_warnings():  # PyTorch warns about the degrees of freedom of empty tensors
            warnings.simplefilter("ignore", UserWarning)
            result = torch.var(x, dim=dims, correction=ddof, keepdim=keepdims)
    return result.sqrt() if root else result


def _torch_prod(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    # torch.prod reduces one axis at a time.
    for dim in sorted(_torch_dims(x, axis), reverse=True):
        x = x.prod(dim=dim, keepdim=keepdims)
    return x


def _torch_logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    dims = _torch_dims(x, axis)
    if not dims:
        return x * 1.0
    return torch.logsumexp(x, dim=dims, keepdim=keepdims)


def _torch_take(x: Any, index: Any) -> Any:
    """``x[index]`` for any NumPy index, as a gather of flat positions (PyTorch lacks negative steps)."""
    positions = np.arange(x.numel()).reshape(tuple(x.shape))[index]
    return torch.take(x, torch.from_numpy(np.array(positions)))


def _torch_pad(x: Any, pad_width: Any, constant_values: float = 0.0) -> Any:
    widths = np.broadcast_to(np.asarray(pad_width), (x.dim(), 2))
    flat = [int(w) for pair in widths[::-1] for w in pair]  # last axis first, as F.pad wants
    return _torch_functional().pad(x, flat, value=constant_values)


def _torch_where(a: Any, b: Any, condition: np.ndarray) -> Any:
    return torch.where(torch.from_numpy(condition), a, b)


# ---------------------------------------------------------------------- op families
def same(function: Callable[..., Any]) -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]:
    """One lambda written with operators/methods common to Tensors, ndarrays and torch tensors."""
    return function, function, function


SPECS: list[OpSpec] = []


def add_spec(name: str, fn: Any, reference: Any, torch_fn: Any, cases: Any, examples: Any, **options: Any) -> None:
    SPECS.append(OpSpec(name, fn, reference, torch_fn, cases, tuple(examples), **options))


def add_unary(name: str, fns: tuple[Any, Any, Any], domain: Domain = normal, **options: Any) -> None:
    add_spec(name, *fns, unary_cases(), unary_examples(), domains=(domain,), **options)


def add_binary(name: str, fns: tuple[Any, Any, Any], domains: tuple[Domain, ...] = (normal,), **options: Any) -> None:
    add_spec(name, *fns, binary_cases(), binary_examples(), domains=domains, **options)


# Arithmetic, tensor ⊕ tensor with broadcasting.
add_binary("add", same(lambda a, b: a + b))
add_binary("sub", same(lambda a, b: a - b))
add_binary("mul", same(lambda a, b: a * b))
add_binary("div", same(lambda a, b: a / b), domains=(normal, nonzero))
add_binary("pow", same(lambda a, b: a**b), domains=(positive, normal))
add_binary("add_fn", (ag.add, np.add, lambda a, b: torch.add(a, b)))
add_binary("sub_fn", (ag.sub, np.subtract, lambda a, b: torch.sub(a, b)))
add_binary("mul_fn", (ag.mul, np.multiply, lambda a, b: torch.mul(a, b)))
add_binary("div_fn", (ag.div, np.divide, lambda a, b: torch.div(a, b)), domains=(normal, nonzero))
add_binary("pow_fn", (ag.pow, np.power, lambda a, b: torch.pow(a, b)), domains=(positive, normal))
add_binary("maximum", (ag.maximum, np.maximum, lambda a, b: torch.maximum(a, b)), domains=(off_grid, on_grid))
add_binary("minimum", (ag.minimum, np.minimum, lambda a, b: torch.minimum(a, b)), domains=(off_grid, on_grid))

# Python scalars and ndarrays on either side (the reflected operators).
add_unary("add_scalar", same(lambda x: x + 1.5))
add_unary("radd_scalar", same(lambda x: 1.5 + x))
add_unary("sub_scalar", same(lambda x: x - 1.5))
add_unary("rsub_scalar", same(lambda x: 2.0 - x))
add_unary("mul_scalar", same(lambda x: x * -2.5))
add_unary("rmul_scalar", same(lambda x: 3 * x))
add_unary("div_scalar", same(lambda x: x / 4.0))
add_unary("rdiv_scalar", same(lambda x: 2.0 / x), nonzero)
add_unary("rpow_scalar", same(lambda x: 2.0**x))


def with_ndarray_on_the_left(
    function: Callable[[Any, Any], Any], shape_of: Callable[[Shape], Shape] = lambda shape: shape
) -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]:
    """``function(constant, x)`` with a float64 ndarray constant (a torch tensor for PyTorch)."""
    return (
        lambda x: function(ramp(shape_of(x.shape)), x),
        lambda x: function(ramp(shape_of(x.shape)), x),
        lambda x: function(torch.from_numpy(ramp(shape_of(tuple(x.shape)))), x),
    )


# A float64 ndarray promotes a float32 tensor to float64, as in NumPy: mixed-dtype ops.
add_unary("radd_array", with_ndarray_on_the_left(lambda c, x: c + x), keeps_dtype=False)
add_unary("rsub_array", with_ndarray_on_the_left(lambda c, x: c - x), keeps_dtype=False)
add_unary("rmul_array", with_ndarray_on_the_left(lambda c, x: c * x), keeps_dtype=False)
add_unary("rdiv_array", with_ndarray_on_the_left(lambda c, x: c / x), nonzero, keeps_dtype=False)
add_unary("rpow_array", with_ndarray_on_the_left(lambda c, x: (c + 2.0) ** x), keeps_dtype=False)
for exponent in (0, 1, 2, 3, 2.0):
    add_unary(f"pow_scalar_{exponent}", same(lambda x, p=exponent: x**p))
for exponent in (-1, -2):
    add_unary(f"pow_scalar_{exponent}", same(lambda x, p=exponent: x**p), nonzero)
for exponent in (0.5, -1.5, 2.5):
    add_unary(f"pow_scalar_{exponent}", same(lambda x, p=exponent: x**p), positive)
add_unary("neg", same(lambda x: -x))
add_unary("neg_fn", (ag.neg, np.negative, lambda x: torch.neg(x)))
add_unary("abs", same(lambda x: abs(x)), off_grid)
add_unary("abs_fn", (ag.abs, np.abs, lambda x: torch.abs(x)), off_grid)


def above_minus_one(rng: np.random.Generator, shape: Shape) -> np.ndarray:
    """Values in [−0.5, 2]: for log1p, whose domain ends at −1."""
    return rng.uniform(-0.5, 2.0, shape)


# Elementwise functions.
add_unary("exp", (ag.exp, np.exp, lambda x: torch.exp(x)))
add_unary("expm1", (ag.expm1, np.expm1, lambda x: torch.expm1(x)))
add_unary("expm1_method", (lambda x: x.expm1(), np.expm1, lambda x: x.expm1()))
add_unary("log", (ag.log, np.log, lambda x: torch.log(x)), positive)
add_unary("log1p", (ag.log1p, np.log1p, lambda x: torch.log1p(x)), above_minus_one)
add_unary("log1p_method", (lambda x: x.log1p(), np.log1p, lambda x: x.log1p()), positive)
add_unary("sqrt", (ag.sqrt, np.sqrt, lambda x: torch.sqrt(x)), positive)
add_unary("tanh", (ag.tanh, np.tanh, lambda x: torch.tanh(x)))
add_unary("sigmoid", (ag.sigmoid, lambda x: 1.0 / (1.0 + np.exp(-x)), lambda x: torch.sigmoid(x)))
add_unary("relu", (ag.relu, lambda x: np.maximum(x, 0.0), lambda x: torch.relu(x)), off_grid)
add_unary(
    "leaky_relu",
    (ag.leaky_relu, lambda x: np.where(x > 0, x, 0.01 * x), lambda x: _torch_functional().leaky_relu(x)),
    off_grid,
)
add_unary(
    "leaky_relu_0.2",
    (
        lambda x: ag.leaky_relu(x, 0.2),
        lambda x: np.where(x > 0, x, 0.2 * x),
        lambda x: _torch_functional().leaky_relu(x, 0.2),
    ),
    off_grid,
)
add_unary("gelu", (ag.gelu, _gelu_exact, lambda x: _torch_functional().gelu(x)))
add_unary(
    "gelu_tanh",
    (
        lambda x: ag.gelu(x, approximate="tanh"),
        _gelu_tanh,
        lambda x: _torch_functional().gelu(x, approximate="tanh"),
    ),
)
add_unary("erf", (ag.erf, _erf, lambda x: torch.erf(x)))
add_unary("sin", (ag.sin, np.sin, lambda x: torch.sin(x)))
add_unary("cos", (ag.cos, np.cos, lambda x: torch.cos(x)))
for low, high in ((-0.5, 0.5), (None, 0.5), (-0.5, None)):
    add_unary(
        f"clip_{low}_{high}",
        (
            lambda x, lo=low, hi=high: ag.clip(x, lo, hi),
            lambda x, lo=low, hi=high: np.clip(x, lo, hi),
            lambda x, lo=low, hi=high: torch.clamp(x, lo, hi),
        ),
        off_grid,
    )


def above_grid(rng: np.random.Generator, shape: Shape) -> np.ndarray:
    """Distinct values k·0.1 + 0.03: never equal to an :func:`off_grid` or :func:`on_grid` value."""
    return on_grid(rng, shape) + 0.03


# Tensor bounds that broadcast, get gradients, and cross (lo > hi picks hi, as PyTorch).
add_spec(
    "clip_tensor_bounds",
    lambda x, lo, hi: ag.clip(x, lo, hi),
    lambda x, lo, hi: np.minimum(np.maximum(x, lo), hi),
    # PyTorch's clamp backward fails when x is smaller than the result: expand x first (the same math).
    lambda x, lo, hi: torch.clamp(x.expand(torch.broadcast_shapes(x.shape, lo.shape, hi.shape)), lo, hi),
    _broadcast_shapes(3).map(lambda shapes: Case(shapes)),
    [Case(((2, 3), (3,), (2, 1))), Case(((), (2,), ())), Case(((4,), (4,), (4,))), Case(((0, 2), (2,), (1,)))],
    domains=(off_grid, on_grid, above_grid),
)
add_spec(
    "clip_tensor_min",
    lambda x, lo: ag.clip(x, min=lo),
    lambda x, lo: np.maximum(x, lo),
    lambda x, lo: torch.clamp(x.expand(torch.broadcast_shapes(x.shape, lo.shape)), min=lo),
    binary_cases(),
    binary_examples(),
    domains=(off_grid, on_grid),
)

add_unary("clone", (ag.clone, np.copy, lambda x: torch.clone(x)))
add_unary("clone_method", (lambda x: x.clone(), np.copy, lambda x: x.clone()))
add_unary(
    "astype_float32",
    (
        lambda x: ag.astype(x, np.float32),
        lambda x: x.astype(np.float32),
        lambda x: x.to(torch.float32),
    ),
    # Rounding to float32 (relative error 6e-8) needs a wider step for central differences.
    gradcheck_options={"eps": 1e-3, "atol": 1e-4, "rtol": 1e-3},
    keeps_dtype=False,
)


@st.composite
def where_cases(draw: st.DrawFn) -> Case:
    condition_shape, a_shape, b_shape = draw(_broadcast_shapes(3))
    condition = draw(hnp.arrays(np.bool_, condition_shape))
    return Case((a_shape, b_shape), {"condition": condition})


add_spec(
    "where",
    lambda a, b, condition: ag.where(condition, a, b),
    lambda a, b, condition: np.where(condition, a, b),
    _torch_where,
    where_cases(),
    [
        Case(((2, 3), (2, 3)), {"condition": np.array([[True, False, True], [False, False, True]])}),
        Case(((2, 1), (3,)), {"condition": np.array([True, False, True])}),
        Case(((), (2, 2)), {"condition": np.array([[True], [False]])}),
        Case(((0, 2), (2,)), {"condition": np.array(True)}),
    ],
)


# Matrix product: vectors, matrices, batches that broadcast, empty inner/outer sizes.
@st.composite
def matmul_cases(draw: st.DrawFn) -> Case:
    n, k, m = (draw(st.integers(0, 3)) for _ in range(3))
    a_batch, b_batch = draw(
        hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=2, min_side=1, max_side=2)
    ).input_shapes
    a_shape = draw(st.sampled_from([(k,), (*a_batch, n, k)]))
    b_shape = draw(st.sampled_from([(k,), (*b_batch, k, m)]))
    return Case((a_shape, b_shape))


MATMUL_EXAMPLES = [
    ((3,), (3,)),
    ((3,), (3, 2)),
    ((2, 3), (3,)),
    ((2, 3), (3, 4)),
    ((1, 1), (1, 1)),
    ((2, 2, 3), (3, 2)),
    ((3,), (2, 3, 2)),
    ((2, 1, 2, 3), (3, 3, 1)),
    ((2, 2, 3), (3,)),
    ((2, 0), (0, 3)),
    ((0, 2), (2, 3)),
    ((0,), (0,)),
]
add_spec(
    "matmul",
    lambda a, b: a @ b,
    np.matmul,
    lambda a, b: a @ b,
    matmul_cases(),
    [Case(shapes) for shapes in MATMUL_EXAMPLES],
)
add_spec(
    "matmul_fn",
    ag.matmul,
    np.matmul,
    lambda a, b: torch.matmul(a, b),
    matmul_cases(),
    [Case(((2, 3), (3, 2))), Case(((3,), (3, 2)))],
)
add_spec(
    "rmatmul_array",
    *with_ndarray_on_the_left(lambda c, x: c @ x, lambda shape: (2, shape[0])),
    st.sampled_from([Case(((3, 2),)), Case(((3,),)), Case(((1, 4),))]),
    [Case(((3, 2),))],
    keeps_dtype=False,
)


# Reductions.
def add_reduction(
    name: str, fns: tuple[Any, Any, Any], domain: Domain = normal, min_count: int = 0, ddof: bool = False
) -> None:
    add_spec(
        name,
        *fns,
        reduction_cases(min_count, ddof),
        reduction_examples(min_count, 1 if ddof else None) + (reduction_examples(min_count, 0) if ddof else ()),
        domains=(domain,),
    )


add_reduction("sum", (lambda x, **p: x.sum(**p), lambda x, **p: np.sum(x, **p), _torch_reduce("sum")))
add_reduction("sum_fn", (ag.sum, np.sum, _torch_reduce("sum")))
add_reduction("mean", (lambda x, **p: x.mean(**p), lambda x, **p: np.mean(x, **p), _torch_reduce("mean")), min_count=1)
add_reduction(
    "max", (lambda x, **p: x.max(**p), lambda x, **p: np.max(x, **p), _torch_reduce("amax")), off_grid, min_count=1
)
add_reduction("min", (ag.min, lambda x, **p: np.min(x, **p), _torch_reduce("amin")), off_grid, min_count=1)
add_reduction("var", (lambda x, **p: x.var(**p), lambda x, **p: np.var(x, **p), _torch_var), min_count=1, ddof=True)
add_reduction(
    "std",
    (ag.std, lambda x, **p: np.std(x, **p), lambda x, **p: _torch_var(x, **p, root=True)),
    # Each group needs two different values: √ has no derivative at a zero variance.
    min_count=2,
    ddof=True,
)
add_reduction("prod", (lambda x, **p: x.prod(**p), lambda x, **p: np.prod(x, **p), _torch_prod))
add_reduction("logsumexp", (lambda x, **p: x.logsumexp(**p), _logsumexp, _torch_logsumexp), min_count=1)


@st.composite
def single_axis_cases(draw: st.DrawFn, min_dims: int = 1) -> Case:
    shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=MAX_DIMS, min_side=0, max_side=MAX_SIDE))
    return Case((shape,), {"axis": draw(st.integers(-len(shape), len(shape) - 1))})


SOFTMAX_EXAMPLES = [
    Case(((4,),), {"axis": 0}),
    Case(((2, 3),), {"axis": -1}),
    Case(((2, 3),), {"axis": 0}),
    Case(((2, 1, 3),), {"axis": 1}),
    Case(((0, 3),), {"axis": 1}),
]
add_spec(
    "softmax",
    lambda x, axis: x.softmax(axis),
    _softmax,
    lambda x, axis: torch.softmax(x, dim=axis),
    single_axis_cases(),
    SOFTMAX_EXAMPLES,
)
add_spec(
    "log_softmax",
    ag.log_softmax,
    lambda x, axis: np.log(_softmax(x, axis)),
    lambda x, axis: torch.log_softmax(x, dim=axis),
    single_axis_cases(),
    SOFTMAX_EXAMPLES,
)


# Shape ops.
@st.composite
def reshape_cases(draw: st.DrawFn) -> Case:
    shape = draw(unary_shapes)
    size = math.prod(shape)
    targets = [shape[::-1], (size,), (*shape, 1), (1, *shape)]
    if size:
        targets += [(-1,), (size, -1), (1, -1, 1)]
    return Case((shape,), {"shape": draw(st.sampled_from(targets))})


add_spec(
    "reshape",
    lambda x, shape: x.reshape(shape),
    lambda x, shape: x.reshape(shape),
    lambda x, shape: x.reshape(shape),
    reshape_cases(),
    [
        Case(((2, 3),), {"shape": (3, 2)}),
        Case(((2, 3),), {"shape": (-1,)}),
        Case(((6,),), {"shape": (1, 2, -1)}),
        Case(((),), {"shape": (1, 1)}),
        Case(((1,),), {"shape": ()}),
        Case(((0, 3),), {"shape": (3, 0)}),
    ],
)
add_spec(
    "reshape_varargs",
    lambda x: x.reshape(x.size, 1),
    lambda x: x.reshape(x.size, 1),
    lambda x: x.reshape(x.numel(), 1),
    unary_cases(),
    unary_examples(),
)


@st.composite
def flatten_cases(draw: st.DrawFn) -> Case:
    shape = draw(unary_shapes)
    ndim = max(len(shape), 1)
    start = draw(st.integers(-ndim, ndim - 1))
    end = draw(st.integers(start % ndim, ndim - 1))
    return Case((shape,), {"start_axis": start, "end_axis": end})


add_spec(
    "flatten",
    lambda x, **p: x.flatten(**p),
    lambda x, start_axis, end_axis: x.reshape(_flattened_shape(x.shape, start_axis, end_axis)),
    lambda x, start_axis, end_axis: x.flatten(start_axis, end_axis) if x.dim() else x.reshape(1),
    flatten_cases(),
    [
        Case(((2, 3, 2),), {"start_axis": 0, "end_axis": -1}),
        Case(((2, 3, 2),), {"start_axis": 1, "end_axis": 2}),
        Case(((2, 0, 2),), {"start_axis": 0, "end_axis": 1}),
        Case(((),), {"start_axis": 0, "end_axis": -1}),
    ],
)


@st.composite
def transpose_cases(draw: st.DrawFn) -> Case:
    shape = draw(unary_shapes)
    axes = draw(st.one_of(st.none(), st.permutations(range(len(shape))).map(tuple)))
    return Case((shape,), {"axes": axes})


add_spec(
    "transpose",
    lambda x, axes: x.transpose() if axes is None else x.transpose(*axes),
    lambda x, axes: np.transpose(x, axes),
    lambda x, axes: x.permute(tuple(axes if axes is not None else range(x.dim() - 1, -1, -1))),
    transpose_cases(),
    [
        Case(((2, 3),), {"axes": None}),
        Case(((2, 3, 4),), {"axes": (1, 2, 0)}),
        Case(((2, 0, 1),), {"axes": (2, 0, 1)}),
        Case(((),), {"axes": None}),
    ],
)
add_spec(
    "transpose_fn",
    ag.transpose,
    np.transpose,
    lambda x, axes=None: x.permute(tuple(axes if axes is not None else range(x.dim() - 1, -1, -1))),
    transpose_cases(),
    [Case(((2, 3, 4),), {"axes": (2, 0, 1)}), Case(((2, 3),), {"axes": None})],
)
add_spec(
    "T",
    lambda x: x.T,
    lambda x: x.T,
    lambda x: x.permute(tuple(range(x.dim() - 1, -1, -1))),
    unary_cases(),
    unary_examples(),
)


@st.composite
def two_axes_cases(draw: st.DrawFn) -> Case:
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=MAX_DIMS, min_side=0, max_side=MAX_SIDE))
    ndim = len(shape)
    return Case((shape,), {"axis1": draw(st.integers(-ndim, ndim - 1)), "axis2": draw(st.integers(-ndim, ndim - 1))})


add_spec(
    "swapaxes",
    lambda x, axis1, axis2: x.swapaxes(axis1, axis2),
    np.swapaxes,
    lambda x, axis1, axis2: torch.swapaxes(x, axis1, axis2),
    two_axes_cases(),
    [Case(((2, 3),), {"axis1": 0, "axis2": 1}), Case(((2, 1, 3),), {"axis1": -1, "axis2": 0})],
)


@st.composite
def squeeze_cases(draw: st.DrawFn) -> Case:
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=MAX_DIMS + 1, min_side=0, max_side=2))
    ones = [i for i, size in enumerate(shape) if size == 1]
    axis = draw(st.one_of(st.none(), st.sampled_from(ones) if ones else st.none()))
    return Case((shape,), {"axis": axis})


add_spec(
    "squeeze",
    lambda x, axis: x.squeeze(axis),
    lambda x, axis: np.squeeze(x, axis),
    lambda x, axis: x.squeeze() if axis is None else x.squeeze(axis),
    squeeze_cases(),
    [
        Case(((1, 3, 1),), {"axis": None}),
        Case(((1, 3, 1),), {"axis": 2}),
        Case(((1, 0, 1),), {"axis": 0}),
        Case(((1,),), {"axis": None}),
    ],
)


@st.composite
def unsqueeze_cases(draw: st.DrawFn) -> Case:
    shape = draw(unary_shapes)
    return Case((shape,), {"axis": draw(st.integers(-len(shape) - 1, len(shape)))})


add_spec(
    "unsqueeze",
    lambda x, axis: x.unsqueeze(axis),
    np.expand_dims,
    lambda x, axis: x.unsqueeze(axis),
    unsqueeze_cases(),
    [Case(((2, 3),), {"axis": 0}), Case(((2, 3),), {"axis": -1}), Case(((),), {"axis": 0})],
)


@st.composite
def broadcast_cases(draw: st.DrawFn) -> Case:
    target = draw(unary_shapes)
    kept = draw(st.integers(0, len(target)))
    source = tuple(size if draw(st.booleans()) else 1 for size in target[len(target) - kept :])
    return Case((source,), {"shape": target})


BROADCAST_EXAMPLES = [
    Case(((3,),), {"shape": (2, 3)}),
    Case(((2, 1),), {"shape": (2, 4)}),
    Case(((),), {"shape": (2, 2)}),
    Case(((1, 1),), {"shape": (3, 0, 2)}),
    Case(((2, 3),), {"shape": (2, 3)}),
]
add_spec(
    "broadcast_to",
    ag.broadcast_to,
    np.broadcast_to,
    lambda x, shape: torch.broadcast_to(x, shape),
    broadcast_cases(),
    BROADCAST_EXAMPLES,
)
add_spec(
    "expand",
    lambda x, shape: x.expand(*shape),
    np.broadcast_to,
    lambda x, shape: x.expand(tuple(shape)),
    broadcast_cases(),
    BROADCAST_EXAMPLES,
)
add_spec(
    "expand_keep",
    lambda x: x.expand(2, *([-1] * x.ndim)),
    lambda x: np.broadcast_to(x, (2, *x.shape)),
    lambda x: x.expand(2, *([-1] * x.dim())),
    unary_cases(),
    unary_examples(),
)


@st.composite
def join_cases(draw: st.DrawFn, new_axis: bool) -> Case:
    shape = draw(hnp.array_shapes(min_dims=0 if new_axis else 1, max_dims=MAX_DIMS, min_side=0, max_side=MAX_SIDE))
    count = draw(st.integers(1, 3))
    ndim = len(shape) + new_axis
    axis = draw(st.integers(-ndim, ndim - 1))
    if new_axis:
        shapes = (shape,) * count
    else:
        shapes = tuple(
            shape[: axis % ndim] + (draw(st.integers(0, 3)),) + shape[axis % ndim + 1 :] for _ in range(count)
        )
    return Case(shapes, {"axis": axis})


add_spec(
    "concatenate",
    lambda *xs, axis: ag.concatenate(list(xs), axis=axis),
    lambda *xs, axis: np.concatenate(xs, axis=axis),
    lambda *xs, axis: torch.cat(xs, dim=axis),
    join_cases(new_axis=False),
    [
        Case(((2, 3), (1, 3)), {"axis": 0}),
        Case(((2, 3), (2, 1), (2, 2)), {"axis": -1}),
        Case(((2, 0), (2, 2)), {"axis": 1}),
        Case(((3,),), {"axis": 0}),
    ],
)
add_spec(
    "cat",
    lambda *xs, axis: ag.cat(xs, axis=axis),
    lambda *xs, axis: np.concatenate(xs, axis=axis),
    lambda *xs, axis: torch.cat(xs, dim=axis),
    join_cases(new_axis=False),
    [Case(((2, 3), (2, 3)), {"axis": 1})],
)
add_spec(
    "stack",
    lambda *xs, axis: ag.stack(list(xs), axis=axis),
    lambda *xs, axis: np.stack(xs, axis=axis),
    lambda *xs, axis: torch.stack(xs, dim=axis),
    join_cases(new_axis=True),
    [
        Case(((2, 3), (2, 3)), {"axis": 0}),
        Case(((2, 3), (2, 3), (2, 3)), {"axis": -1}),
        Case(((), ()), {"axis": 0}),
        Case(((0, 2), (0, 2)), {"axis": 1}),
    ],
)


@st.composite
def split_cases(draw: st.DrawFn) -> Case:
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=MAX_DIMS, min_side=0, max_side=4))
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    length = shape[axis]
    divisors = [n for n in range(1, 5) if length % n == 0]
    sections = draw(st.one_of(st.sampled_from(divisors), st.lists(st.integers(0, length), max_size=3).map(sorted)))
    return Case((shape,), {"indices_or_sections": sections, "axis": axis})


add_spec(
    "split",
    lambda x, indices_or_sections, axis: tuple(ag.split(x, indices_or_sections, axis)),
    lambda x, indices_or_sections, axis: np.split(x, indices_or_sections, axis),
    lambda x, indices_or_sections, axis: torch.tensor_split(x, indices_or_sections, dim=axis),
    split_cases(),
    [
        Case(((4, 3),), {"indices_or_sections": 2, "axis": 0}),
        Case(((2, 6),), {"indices_or_sections": [1, 4], "axis": -1}),
        Case(((2, 3),), {"indices_or_sections": [0, 0, 3], "axis": 1}),
        Case(((0, 3),), {"indices_or_sections": 3, "axis": 1}),
    ],
)
add_spec(
    "split_method",
    lambda x, indices_or_sections, axis: tuple(x.split(indices_or_sections, axis=axis)),
    lambda x, indices_or_sections, axis: np.split(x, indices_or_sections, axis),
    lambda x, indices_or_sections, axis: torch.tensor_split(x, indices_or_sections, dim=axis),
    split_cases(),
    [Case(((4, 3),), {"indices_or_sections": [2], "axis": 0})],
)


@st.composite
def pad_cases(draw: st.DrawFn) -> Case:
    shape = draw(unary_shapes)
    # NumPy refuses an empty per-axis list for a 0-d array.
    form = draw(st.sampled_from(["per_axis", "int", "pair"] if shape else ["int", "pair"]))
    if form == "int":
        pad_width: Any = draw(st.integers(0, 2))
    elif form == "pair":
        pad_width = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    else:
        pad_width = tuple((draw(st.integers(0, 2)), draw(st.integers(0, 2))) for _ in shape)
    return Case((shape,), {"pad_width": pad_width, "constant_values": draw(st.sampled_from([0.0, 1.5]))})


add_spec(
    "pad",
    ag.pad,
    lambda x, pad_width, constant_values: np.pad(x, pad_width, constant_values=constant_values),
    _torch_pad,
    pad_cases(),
    [
        Case(((2, 3),), {"pad_width": ((1, 0), (2, 1)), "constant_values": 0.0}),
        Case(((2, 3),), {"pad_width": 1, "constant_values": -1.0}),
        Case(((0, 2),), {"pad_width": ((1, 1), (0, 2)), "constant_values": 0.0}),
        Case(((3,),), {"pad_width": (0, 0), "constant_values": 0.0}),
    ],
)


# Indexing: basic indices, integer arrays (with repeats), boolean masks, and mixtures.
@st.composite
def basic_index_cases(draw: st.DrawFn) -> Case:
    shape = draw(unary_shapes)
    return Case((shape,), {"index": draw(hnp.basic_indices(shape, allow_newaxis=True, allow_ellipsis=True))})


@st.composite
def integer_array_cases(draw: st.DrawFn) -> Case:
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=MAX_DIMS, min_side=1, max_side=MAX_SIDE))
    index = draw(hnp.integer_array_indices(shape, result_shape=hnp.array_shapes(min_dims=0, max_dims=2, max_side=4)))
    return Case((shape,), {"index": index})


@st.composite
def mask_cases(draw: st.DrawFn) -> Case:
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=MAX_DIMS, min_side=0, max_side=MAX_SIDE))
    leading = draw(st.integers(1, len(shape)))
    return Case((shape,), {"index": draw(hnp.arrays(np.bool_, shape[:leading]))})


def _index_spec(name: str, cases: st.SearchStrategy[Case], examples: Sequence[Case]) -> None:
    add_spec(name, lambda x, index: x[index], lambda x, index: x[index], _torch_take, cases, examples)


_REPEATS = np.array([0, 2, 0, 0])
_index_spec(
    "getitem_basic",
    basic_index_cases(),
    [
        Case(((4,),), {"index": 2}),
        Case(((4,),), {"index": -1}),
        Case(((3, 4),), {"index": (slice(None), 1)}),
        Case(((3, 4),), {"index": (slice(0, 3, 2), slice(None, None, -1))}),
        Case(((3, 4),), {"index": (None, Ellipsis, 1)}),
        Case(((2, 3, 4),), {"index": (1, Ellipsis, None)}),
        Case(((2, 3),), {"index": ()}),
        Case(((2, 3),), {"index": slice(2, 0)}),
        Case(((0, 3),), {"index": (slice(None), 0)}),
    ],
)
_index_spec(
    "getitem_integer_array",
    integer_array_cases(),
    [
        Case(((4,),), {"index": _REPEATS}),
        Case(((3, 4),), {"index": (_REPEATS[:3], slice(1, 3))}),
        Case(((3, 4),), {"index": (np.array([[0, 1], [1, 1]]), np.array([3, -1]))}),
        Case(((3, 4),), {"index": (slice(None), [1, 1, -1])}),
        Case(((2, 3, 4),), {"index": (Ellipsis, None, [0, 0])}),
        Case(((3, 4),), {"index": np.zeros(0, dtype=np.int64)}),
    ],
)
_index_spec(
    "getitem_bool_mask",
    mask_cases(),
    [
        Case(((4,),), {"index": np.array([True, False, True, True])}),
        Case(((2, 3),), {"index": np.array([[True, False, True], [False, False, True]])}),
        Case(((2, 3),), {"index": (slice(None), np.array([False, True, True]))}),
        Case(((3, 2),), {"index": np.zeros(3, dtype=bool)}),
    ],
)


# PyTorch's tensor methods, as compositions of the primitives above (cumsum is a primitive).
@st.composite
def matrix_cases(draw: st.DrawFn, max_dims: int = 2) -> Case:
    return Case((draw(hnp.array_shapes(min_dims=0, max_dims=max_dims, min_side=0, max_side=MAX_SIDE)),))


add_spec(
    "t", lambda x: x.t(), lambda x: x.T, lambda x: x.t(), matrix_cases(), [Case(((2, 3),)), Case(((3,),)), Case(((),))]
)
add_spec("t_fn", ag.t, np.transpose, lambda x: torch.t(x), matrix_cases(), [Case(((1, 0),))])


@st.composite
def mm_cases(draw: st.DrawFn) -> Case:
    n, k, m = (draw(st.integers(0, 3)) for _ in range(3))
    return Case(((n, k), (k, m)))


add_spec(
    "mm",
    lambda a, b: a.mm(b),
    np.matmul,
    lambda a, b: a.mm(b),
    mm_cases(),
    [Case(((2, 3), (3, 4))), Case(((2, 0), (0, 1)))],
)
add_spec("mm_fn", ag.mm, np.matmul, lambda a, b: torch.mm(a, b), mm_cases(), [Case(((1, 1), (1, 3)))])
add_spec(
    "dot",
    lambda a, b: a.dot(b),
    np.dot,
    lambda a, b: a.dot(b),
    st.integers(0, 4).map(lambda k: Case(((k,), (k,)))),
    [Case(((3,), (3,))), Case(((0,), (0,)))],
)
add_spec("dot_fn", ag.dot, np.dot, lambda a, b: torch.dot(a, b), st.just(Case(((2,), (2,)))), [Case(((1,), (1,)))])


def _numpy_norm(x: np.ndarray, p: float, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    if axis is not None and not isinstance(axis, int) and not len(axis):
        axis = None  # PyTorch's dim=(): every axis (NumPy's axis=() would be none)
    magnitude = np.abs(x)
    if p == math.inf:
        return np.max(magnitude, axis=axis, keepdims=keepdims)
    if p == -math.inf:
        return np.min(magnitude, axis=axis, keepdims=keepdims)
    return np.sum(magnitude**p, axis=axis, keepdims=keepdims) ** (1.0 / p)


def _norm_count(case: Case) -> int:
    """How many elements a norm combines (dim=() is every axis)."""
    axis = case.params["axis"]
    return reduced_count(case.shapes[0], None if axis == () else axis)


def _torch_norm(x: Any, p: float, axis: Any = None, keepdims: bool = False) -> Any:
    return x.norm(p=p, dim=_torch_dims(x, axis), keepdim=keepdims)  # dim=() means every axis


for order, domain, min_count in (
    (2, normal, 0),
    (1, nonzero, 0),
    # Over nothing the norm is 0, where PyTorch's second derivative for p ∉ {1, 2} is NaN, ours 0.
    (3, nonzero, 1),
    (0.5, nonzero, 1),
    # above_grid's magnitudes are distinct and at least 0.03: no ties for max |x| or min |x|.
    (math.inf, above_grid, 1),
    (-math.inf, above_grid, 1),
):
    add_spec(
        "norm" if order == 2 else f"norm_{order}",
        lambda x, p=order, **params: x.norm(p, **params),
        lambda x, p=order, **params: _numpy_norm(x, p, **params),
        lambda x, p=order, **params: _torch_norm(x, p, **params),
        # dim=() is every axis for a norm, so it needs min_count elements in all.
        reduction_cases(min_count).filter(lambda case, n=min_count: _norm_count(case) >= n),
        [case for case in reduction_examples(min_count) if _norm_count(case) >= min_count],
        domains=(domain,),
    )
add_spec(
    "norm_fn_dim",
    lambda x, axis: ag.norm(x, dim=axis, keepdim=True),
    lambda x, axis: _numpy_norm(x, 2, axis=axis, keepdims=True),
    lambda x, axis: torch.norm(x, dim=axis, keepdim=True),
    single_axis_cases(),
    [Case(((2, 3),), {"axis": 1}), Case(((0, 3),), {"axis": 0})],
)


def _numpy_cumsum(x: np.ndarray, axis: int) -> np.ndarray:
    return np.cumsum(x, axis=axis) if x.ndim else x.copy()


CUMSUM_EXAMPLES = [
    Case(((4,),), {"axis": 0}),
    Case(((2, 3),), {"axis": -1}),
    Case(((2, 3, 2),), {"axis": 1}),
    Case(((0, 3),), {"axis": 0}),
    Case(((),), {"axis": 0}),
]
add_spec(
    "cumsum",
    lambda x, axis: x.cumsum(axis),
    _numpy_cumsum,
    lambda x, axis: x.cumsum(axis),
    single_axis_cases(),
    CUMSUM_EXAMPLES,
)
add_spec(
    "cumsum_fn",
    lambda x, axis: ag.cumsum(x, dim=axis),
    _numpy_cumsum,
    lambda x, axis: torch.cumsum(x, dim=axis),
    single_axis_cases(),
    CUMSUM_EXAMPLES,
)


@st.composite
def axes_to_flip(draw: st.DrawFn) -> Case:
    shape = draw(unary_shapes)
    return Case((shape,), {"axis": draw(axis_for(len(shape)))})


def _torch_flip(x: Any, axis: Any) -> Any:
    dims = tuple(range(x.dim())) if axis is None else (axis,) if isinstance(axis, int) else tuple(axis)
    return torch.flip(x, dims) if x.dim() else x * 1.0


add_spec(
    "flip",
    ag.flip,
    np.flip,
    _torch_flip,
    axes_to_flip(),
    [
        Case(((2, 3),), {"axis": None}),
        Case(((2, 3),), {"axis": 1}),
        Case(((2, 3, 2),), {"axis": (0, -1)}),
        Case(((0, 3),), {"axis": 0}),
        Case(((),), {"axis": None}),
    ],
)
add_spec(
    "flip_method",
    lambda x, dims: x.flip(*dims),
    lambda x, dims: np.flip(x, dims),
    lambda x, dims: x.flip(dims),
    st.just(Case(((2, 3, 2),), {"dims": (2, 0)})),
    [Case(((2, 3),), {"dims": (-1,)})],
)


@st.composite
def tile_cases(draw: st.DrawFn, at_least_one_per_axis: bool) -> Case:
    shape = draw(unary_shapes)
    count = draw(st.integers(len(shape) if at_least_one_per_axis else 1, len(shape) + 2))
    return Case((shape,), {"reps": tuple(draw(st.integers(0, 3)) for _ in range(count))})


add_spec(
    "tile",
    ag.tile,
    np.tile,
    lambda x, reps: torch.tile(x, reps),
    tile_cases(at_least_one_per_axis=False),
    [
        Case(((2, 3),), {"reps": (2, 1)}),
        Case(((2, 3),), {"reps": (3,)}),
        Case(((3,),), {"reps": (2, 1, 2)}),
        Case(((2, 1),), {"reps": (0, 2)}),
        Case(((),), {"reps": (2,)}),
    ],
)
add_spec(
    "tile_repeat_method",
    lambda x, reps: x.repeat(*reps),
    np.tile,
    lambda x, reps: x.repeat(reps),  # (PyTorch's varargs form refuses no sizes at all)
    tile_cases(at_least_one_per_axis=True),
    [Case(((2, 3),), {"reps": (2, 2)}), Case(((3,),), {"reps": (2, 1, 3)}), Case(((),), {"reps": ()})],
)


@st.composite
def chunk_cases(draw: st.DrawFn) -> Case:
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=MAX_DIMS, min_side=0, max_side=7))
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    return Case((shape,), {"chunks": draw(st.integers(1, 5)), "axis": axis})


def _numpy_chunk(x: np.ndarray, chunks: int, axis: int) -> tuple[np.ndarray, ...]:
    """PyTorch's rule: pieces of ⌈n / chunks⌉ along the axis, the last one shorter."""
    length = x.shape[axis]
    if length == 0:
        return (x.copy(),) * chunks
    step = -(-length // chunks)
    return tuple(np.take(x, np.arange(start, min(start + step, length)), axis=axis) for start in range(0, length, step))


add_spec(
    "chunk",
    lambda x, chunks, axis: tuple(x.chunk(chunks, axis)),
    _numpy_chunk,
    lambda x, chunks, axis: torch.chunk(x, chunks, dim=axis),
    chunk_cases(),
    [
        Case(((5,),), {"chunks": 3, "axis": 0}),
        Case(((5, 2),), {"chunks": 4, "axis": 0}),
        Case(((2, 6),), {"chunks": 4, "axis": -1}),
        Case(((2, 3),), {"chunks": 5, "axis": 1}),
        Case(((0, 2),), {"chunks": 2, "axis": 0}),
    ],
)
add_spec(
    "chunk_fn",
    lambda x, chunks, axis: tuple(ag.chunk(x, chunks, dim=axis)),
    _numpy_chunk,
    lambda x, chunks, axis: torch.chunk(x, chunks, dim=axis),
    chunk_cases(),
    [Case(((7, 2),), {"chunks": 3, "axis": 0})],
)


@st.composite
def index_select_cases(draw: st.DrawFn) -> Case:
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=MAX_DIMS, min_side=1, max_side=MAX_SIDE))
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    index = draw(hnp.arrays(np.int64, st.integers(0, 4), elements=st.integers(0, shape[axis] - 1)))
    return Case((shape,), {"axis": axis, "index": index})


add_spec(
    "index_select",
    lambda x, axis, index: x.index_select(axis, ag.tensor(index)),
    lambda x, axis, index: np.take(x, index, axis=axis),
    lambda x, axis, index: x.index_select(axis, torch.from_numpy(index)),
    index_select_cases(),
    [
        Case(((4,),), {"axis": 0, "index": _REPEATS}),
        Case(((3, 4),), {"axis": 1, "index": np.array([3, 0, 3])}),
        Case(((3, 2, 2),), {"axis": -2, "index": np.array([1])}),
        Case(((3, 2),), {"axis": 0, "index": np.zeros(0, dtype=np.int64)}),
    ],
)
add_spec(
    "index_select_fn",
    lambda x, axis, index: ag.index_select(x, dim=axis, index=index),
    lambda x, axis, index: np.take(x, index, axis=axis),
    lambda x, axis, index: torch.index_select(x, axis, torch.from_numpy(index)),
    index_select_cases(),
    [Case(((2, 3),), {"axis": 1, "index": np.array([2, 2])})],
)


@st.composite
def gather_cases(draw: st.DrawFn) -> Case:
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=MAX_DIMS, min_side=1, max_side=MAX_SIDE))
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    # Along the gathering axis any length; along the others at most the tensor's.
    index_shape = tuple(
        draw(st.integers(0, 4)) if d == axis % len(shape) else draw(st.integers(0, size))
        for d, size in enumerate(shape)
    )
    index = draw(hnp.arrays(np.int64, index_shape, elements=st.integers(0, shape[axis] - 1)))
    return Case((shape,), {"axis": axis, "index": index})


def _numpy_gather(x: np.ndarray, axis: int, index: np.ndarray) -> np.ndarray:
    if x.ndim <= 1 and index.ndim <= 1 and 0 in (x.ndim, index.ndim):  # PyTorch: 0-d counts as one element
        return x.reshape(-1)[index.reshape(-1)].reshape(index.shape)
    axis %= x.ndim
    corner = tuple(slice(None) if d == axis else slice(0, size) for d, size in enumerate(index.shape))
    return np.take_along_axis(x[corner], index, axis=axis)


add_spec(
    "gather",
    lambda x, axis, index: x.gather(axis, ag.tensor(index)),
    _numpy_gather,
    lambda x, axis, index: x.gather(axis, torch.from_numpy(index)),
    gather_cases(),
    [
        Case(((2, 3),), {"axis": 1, "index": np.array([[0, 0], [2, 1]])}),
        Case(((2, 3),), {"axis": 0, "index": np.array([[1, 1, 0]])}),
        Case(((3, 2),), {"axis": 1, "index": np.array([[1, 1, 1, 0], [0, 0, 0, 0]])}),
        Case(((2, 2, 3),), {"axis": -1, "index": np.zeros((1, 2, 0), dtype=np.int64)}),
    ],
)
add_spec(
    "gather_fn",
    lambda x, axis, index: ag.gather(x, dim=axis, index=index),
    _numpy_gather,
    lambda x, axis, index: torch.gather(x, axis, torch.from_numpy(index)),
    gather_cases(),
    [
        Case(((3,),), {"axis": 0, "index": np.array([2, 2, 0, 1])}),
        Case(((),), {"axis": 0, "index": np.array([0, 0])}),
        Case(((3,),), {"axis": -1, "index": np.array(2)}),
        Case(((),), {"axis": 0, "index": np.array(0)}),
    ],
)


@st.composite
def sort_cases(draw: st.DrawFn) -> Case:
    case = draw(single_axis_cases())
    case.params["descending"] = draw(st.booleans())
    return case


def _numpy_sort(x: np.ndarray, axis: int, descending: bool) -> np.ndarray:
    ascending = np.sort(x, axis=axis)
    return np.flip(ascending, axis) if descending else ascending


add_spec(
    "sort",
    lambda x, axis, descending: x.sort(axis, descending).values,
    _numpy_sort,
    lambda x, axis, descending: x.sort(axis, descending).values,
    sort_cases(),
    [
        Case(((4,),), {"axis": 0, "descending": False}),
        Case(((2, 3),), {"axis": -1, "descending": True}),
        Case(((3, 2, 2),), {"axis": 0, "descending": True}),
        Case(((0, 3),), {"axis": 1, "descending": False}),
    ],
    domains=(off_grid,),  # distinct values: each has one place in the order
)
add_spec(
    "sort_fn",
    lambda x, axis, descending: ag.sort(x, dim=axis, descending=descending)[0],
    _numpy_sort,
    lambda x, axis, descending: torch.sort(x, dim=axis, descending=descending)[0],
    sort_cases(),
    [Case(((2, 3),), {"axis": 0, "descending": False})],
    domains=(off_grid,),
)


@st.composite
def topk_cases(draw: st.DrawFn) -> Case:
    case = draw(single_axis_cases())
    length = case.shapes[0][case.params["axis"]]
    case.params["k"] = draw(st.integers(0, length))
    case.params["largest"] = draw(st.booleans())
    return case


def _numpy_topk(x: np.ndarray, axis: int, k: int, largest: bool) -> np.ndarray:
    ordered = _numpy_sort(x, axis, descending=largest)
    return np.take(ordered, np.arange(k), axis=axis)


add_spec(
    "topk",
    lambda x, axis, k, largest: x.topk(k, axis, largest).values,
    _numpy_topk,
    lambda x, axis, k, largest: x.topk(k, axis, largest).values,
    topk_cases(),
    [
        Case(((5,),), {"axis": 0, "k": 2, "largest": True}),
        Case(((2, 4),), {"axis": -1, "k": 3, "largest": False}),
        Case(((3, 2),), {"axis": 0, "k": 3, "largest": True}),
        Case(((2, 3),), {"axis": 1, "k": 0, "largest": True}),
    ],
    domains=(off_grid,),
)
add_spec(
    "topk_fn",
    lambda x, axis, k, largest: ag.topk(x, k, dim=axis, largest=largest)[0],
    _numpy_topk,
    lambda x, axis, k, largest: torch.topk(x, k, dim=axis, largest=largest)[0],
    topk_cases(),
    [Case(((4, 2),), {"axis": 0, "k": 1, "largest": False})],
    domains=(off_grid,),
)


@st.composite
def masked_fill_cases(draw: st.DrawFn, tensor_value: bool) -> Case:
    x_shape, mask_shape = draw(_broadcast_shapes(2))
    mask = draw(hnp.arrays(np.bool_, mask_shape))
    return Case((x_shape, ()) if tensor_value else (x_shape,), {"mask": mask})


MASK = np.array([[True, False, True], [False, False, True]])
add_spec(
    "masked_fill",
    lambda x, mask: x.masked_fill(ag.tensor(mask), -1.5),
    lambda x, mask: np.where(mask, -1.5, x),
    lambda x, mask: x.masked_fill(torch.from_numpy(mask), -1.5),
    masked_fill_cases(tensor_value=False),
    [
        Case(((2, 3),), {"mask": MASK}),
        Case(((2, 3),), {"mask": np.array([True, False, False])}),
        Case(((3,),), {"mask": MASK}),
        Case(((0, 3),), {"mask": np.array(True)}),
    ],
)


@st.composite
def bmm_cases(draw: st.DrawFn) -> Case:
    batch, n, k, m = (draw(st.integers(0, 3)) for _ in range(4))
    return Case(((batch, n, k), (batch, k, m)))


add_spec(
    "bmm",
    lambda a, b: a.bmm(b),
    np.matmul,
    lambda a, b: torch.bmm(a, b),
    bmm_cases(),
    [Case(((2, 3, 4), (2, 4, 1))), Case(((1, 0, 2), (1, 2, 3)))],
)


@st.composite
def diag_cases(draw: st.DrawFn) -> Case:
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=2, min_side=0, max_side=MAX_SIDE))
    return Case((shape,), {"diagonal": draw(st.integers(-4, 4))})


add_spec(
    "diag",
    lambda x, diagonal: x.diag(diagonal),
    lambda x, diagonal: np.diag(x, diagonal),
    lambda x, diagonal: torch.diag(x, diagonal),
    diag_cases(),
    [
        Case(((3,),), {"diagonal": 0}),
        Case(((2,),), {"diagonal": -2}),
        Case(((3, 4),), {"diagonal": 1}),
        Case(((3, 4),), {"diagonal": -5}),
    ],
)


@st.composite
def masked_select_cases(draw: st.DrawFn) -> Case:
    x_shape, mask_shape = draw(_broadcast_shapes(2))
    return Case((x_shape,), {"mask": draw(hnp.arrays(np.bool_, mask_shape))})


add_spec(
    "masked_select",
    lambda x, mask: x.masked_select(ag.tensor(mask)),
    lambda x, mask: np.broadcast_to(x, np.broadcast_shapes(x.shape, mask.shape))[
        np.broadcast_to(mask, np.broadcast_shapes(x.shape, mask.shape))
    ],
    lambda x, mask: torch.masked_select(x, torch.from_numpy(mask)),
    masked_select_cases(),
    [Case(((2, 3),), {"mask": MASK}), Case(((3,),), {"mask": MASK}), Case(((2, 1),), {"mask": np.array(True)})],
)


@st.composite
def narrow_cases(draw: st.DrawFn) -> Case:
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=MAX_DIMS, min_side=0, max_side=MAX_SIDE))
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    size = shape[axis]
    start = draw(st.integers(-size, size))
    length = draw(st.integers(0, size - (start % size if size and start < 0 else start)))
    return Case((shape,), {"axis": axis, "start": start, "length": length})


def _numpy_narrow(x: np.ndarray, axis: int, start: int, length: int) -> np.ndarray:
    start += x.shape[axis] if start < 0 else 0
    return np.take(x, np.arange(start, start + length), axis=axis)


add_spec(
    "narrow",
    lambda x, axis, start, length: x.narrow(axis, start, length),
    _numpy_narrow,
    lambda x, axis, start, length: x.narrow(axis, start, length),
    narrow_cases(),
    [
        Case(((3, 4),), {"axis": 1, "start": 1, "length": 2}),
        Case(((3, 4),), {"axis": 0, "start": -2, "length": 2}),
        Case(((5,),), {"axis": -1, "start": 5, "length": 0}),
    ],
)
add_spec(
    "masked_fill_tensor_value",
    lambda x, value, mask: ag.masked_fill(x, mask, value),
    lambda x, value, mask: np.where(mask, value, x),
    lambda x, value, mask: torch.masked_fill(x, torch.from_numpy(mask), value),
    masked_fill_cases(tensor_value=True),
    [
        Case(((2, 3), ()), {"mask": MASK}),
        Case(((2, 1), ()), {"mask": MASK}),
        Case(((3,), ()), {"mask": np.array(False)}),
    ],
)

# PyTorch's add/sub with alpha, and elementwise functions (log1p and expm1 are primitives).
add_binary(
    "add_alpha",
    (lambda a, b: ag.add(a, b, alpha=-1.5), lambda a, b: a + -1.5 * b, lambda a, b: torch.add(a, b, alpha=-1.5)),
)
add_binary("sub_alpha", (lambda a, b: a.sub(b, alpha=2), lambda a, b: a - 2 * b, lambda a, b: a.sub(b, alpha=2)))


add_unary("square", (ag.square, np.square, lambda x: torch.square(x)))
add_unary("reciprocal", (ag.reciprocal, np.reciprocal, lambda x: torch.reciprocal(x)), nonzero)
add_unary("rsqrt", (ag.rsqrt, lambda x: 1.0 / np.sqrt(x), lambda x: torch.rsqrt(x)), positive)
# Piecewise constant, gradient 0: off_grid's values (k + ½)·0.1 are never 0, whole or halves,
# and above_grid's k·0.1 + 0.03 never a multiple of 0.05, so no jump lies within the
# finite-difference step (for round with one decimal, the jumps are at odd multiples of 0.05).
add_unary("sign", (ag.sign, np.sign, lambda x: torch.sign(x)), off_grid)
add_unary("floor", (ag.floor, np.floor, lambda x: torch.floor(x)), off_grid)
add_unary("ceil", (lambda x: x.ceil(), np.ceil, lambda x: x.ceil()), off_grid)
add_unary("trunc", (ag.trunc, np.trunc, lambda x: torch.trunc(x)), off_grid)
add_unary("round", (lambda x: x.round(), np.round, lambda x: x.round()), off_grid)
for decimals in (1, -1):
    add_unary(
        f"round_decimals_{decimals}",
        (
            lambda x, d=decimals: ag.round(x, decimals=d),
            lambda x, d=decimals: np.round(x, d),
            lambda x, d=decimals: torch.round(x, decimals=d),
        ),
        above_grid,
    )


# amax and amin: max and min, but an empty tuple of axes (PyTorch's default dim=()) is every axis.
def _numpy_every_axis_if_empty(reduce: Callable[..., Any]) -> Callable[..., Any]:
    def reference(x: np.ndarray, axis: Any = None, keepdims: bool = False) -> np.ndarray:
        return reduce(x, axis=None if axis == () else axis, keepdims=keepdims)

    return reference


def _torch_every_axis_if_empty(name: str) -> Callable[..., Any]:
    def reference(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
        return getattr(torch, name)(x, dim=() if axis is None else axis, keepdim=keepdims)

    return reference


for name, method, reduce in (("amax", True, np.max), ("amin", False, np.min)):
    add_spec(
        name,
        (lambda x, n=name, **p: getattr(x, n)(**p)) if method else getattr(ag, name),
        _numpy_every_axis_if_empty(reduce),
        _torch_every_axis_if_empty(name),
        reduction_cases(1).filter(lambda case: _norm_count(case) >= 1),
        [case for case in reduction_examples(1) if _norm_count(case) >= 1],
        domains=(off_grid,),
    )


# Matrix helpers: outer, tril, triu, trace.
@st.composite
def vector_pair_cases(draw: st.DrawFn) -> Case:
    return Case(((draw(st.integers(0, 4)),), (draw(st.integers(0, 4)),)))


add_spec(
    "outer",
    ag.outer,
    np.outer,
    lambda a, b: torch.outer(a, b),
    vector_pair_cases(),
    [Case(((3,), (2,))), Case(((1,), (4,))), Case(((0,), (3,)))],
)


@st.composite
def triangle_cases(draw: st.DrawFn) -> Case:
    shape = draw(hnp.array_shapes(min_dims=2, max_dims=MAX_DIMS + 1, min_side=0, max_side=MAX_SIDE + 1))
    return Case((shape,), {"diagonal": draw(st.integers(-4, 4))})


TRIANGLE_EXAMPLES = [
    Case(((3, 3),), {"diagonal": 0}),
    Case(((3, 4),), {"diagonal": 1}),
    Case(((4, 2),), {"diagonal": -1}),
    Case(((2, 3, 3),), {"diagonal": -5}),
    Case(((0, 3),), {"diagonal": 0}),
]
for name in ("tril", "triu"):
    add_spec(
        name,
        lambda x, diagonal, n=name: getattr(x, n)(diagonal),
        lambda x, diagonal, n=name: getattr(np, n)(x, diagonal),
        lambda x, diagonal, n=name: getattr(torch, n)(x, diagonal),
        triangle_cases(),
        TRIANGLE_EXAMPLES,
    )
add_spec(
    "trace",
    lambda x: x.trace(),
    np.trace,
    lambda x: torch.trace(x),
    hnp.array_shapes(min_dims=2, max_dims=2, min_side=0, max_side=4).map(lambda shape: Case((shape,))),
    [Case(((3, 3),)), Case(((2, 4),)), Case(((1, 1),)), Case(((0, 2),))],
)


# roll, unbind, view_as.
@st.composite
def roll_cases(draw: st.DrawFn) -> Case:
    shape = draw(unary_shapes)
    shift = st.integers(-4, 4)
    if not shape or draw(st.booleans()):
        return Case((shape,), {"shifts": draw(shift), "axis": None})
    axes = draw(st.lists(st.integers(-len(shape), len(shape) - 1), min_size=1, max_size=3))
    return Case((shape,), {"shifts": tuple(draw(shift) for _ in axes), "axis": tuple(axes)})


add_spec(
    "roll",
    lambda x, shifts, axis: x.roll(shifts, axis),
    lambda x, shifts, axis: np.roll(x, shifts, axis),
    lambda x, shifts, axis: torch.roll(x, shifts, axis),
    roll_cases(),
    [
        Case(((5,),), {"shifts": 2, "axis": None}),
        Case(((2, 3),), {"shifts": -4, "axis": None}),
        Case(((2, 3),), {"shifts": (1, -1), "axis": (0, 1)}),
        Case(((2, 3, 2),), {"shifts": (1, 2), "axis": (-1, -1)}),  # one axis twice: rolled by the sum
        Case(((0, 3),), {"shifts": (1,), "axis": (0,)}),
        Case(((),), {"shifts": 3, "axis": None}),
    ],
)
add_spec(
    "roll_fn",
    lambda x, shifts, axis: ag.roll(x, shifts, dims=axis),
    lambda x, shifts, axis: np.roll(x, shifts, axis),
    lambda x, shifts, axis: torch.roll(x, shifts, dims=axis),
    st.just(Case(((3, 2),), {"shifts": 1, "axis": 0})),
    [Case(((2, 3),), {"shifts": 7, "axis": 1})],
)
add_spec(
    "unbind",
    lambda x, axis: x.unbind(axis),
    lambda x, axis: tuple(np.moveaxis(x, axis, 0)),
    lambda x, axis: torch.unbind(x, dim=axis),
    # An axis of length 0 unbinds into no tensors at all: nothing to differentiate.
    single_axis_cases().filter(lambda case: case.shapes[0][case.params["axis"]] > 0),
    [
        Case(((3,),), {"axis": 0}),
        Case(((2, 3),), {"axis": -1}),
        Case(((2, 1, 3),), {"axis": 1}),
        Case(((2, 0),), {"axis": 0}),
    ],
)
add_spec(
    "view_as",
    lambda x, shape: x.view_as(ag.zeros(*np.zeros(x.shape).reshape(shape).shape)),
    lambda x, shape: x.reshape(shape),
    lambda x, shape: x.view_as(torch.zeros(x.reshape(shape).shape, dtype=x.dtype)),
    reshape_cases(),
    [Case(((2, 3),), {"shape": (3, 2)}), Case(((),), {"shape": (1, 1)})],
)
add_spec(
    "reshape_as",
    lambda x, target: x.reshape_as(target),
    lambda x, target: x.reshape(target.shape),
    lambda x, target: x.reshape_as(torch.from_numpy(target)),
    st.just(Case(((2, 3),), {"target": np.zeros((3, 1, 2))})),
    [Case(((4,),), {"target": np.zeros((2, 2))})],
)

SPECS_BY_NAME = {spec.name: spec for spec in SPECS}
assert len(SPECS_BY_NAME) == len(SPECS), "op names in the table must be unique"

# The public ops of DESIGN.md §3 "Tensor"; the table must cover each (see test_ops.py).
CONTRACT_OPS = [
    "add",
    "sub",
    "mul",
    "div",
    "pow",
    "neg",
    "abs",
    "matmul",
    "exp",
    "log",
    "sqrt",
    "tanh",
    "sigmoid",
    "relu",
    "leaky_relu",
    "gelu",
    "erf",
    "sin",
    "cos",
    "clip",
    "maximum",
    "minimum",
    "where",
    "sum",
    "mean",
    "max",
    "min",
    "var",
    "std",
    "prod",
    "logsumexp",
    "softmax",
    "log_softmax",
    "reshape",
    "flatten",
    "transpose",
    "swapaxes",
    "squeeze",
    "unsqueeze",
    "broadcast_to",
    "expand",
    "concatenate",
    "cat",
    "stack",
    "split",
    "pad",
    "getitem",
    "astype",
    # PyTorch's tensor methods beyond the list of §3 (``repeat`` is covered as ``tile_repeat_method``).
    "t",
    "mm",
    "dot",
    "norm",
    "cumsum",
    "flip",
    "tile",
    "chunk",
    "index_select",
    "gather",
    "sort",
    "topk",
    "masked_fill",
    "square",
    "reciprocal",
    "rsqrt",
    "log1p",
    "expm1",
    "sign",
    "floor",
    "ceil",
    "trunc",
    "round",
    "amax",
    "amin",
    "outer",
    "tril",
    "triu",
    "trace",
    "roll",
    "unbind",
    "bmm",
    "diag",
    "masked_select",
    "narrow",
]
