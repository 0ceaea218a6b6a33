"""The op table swept: forward against NumPy, first derivatives against central differences in
float64 (``ag.gradcheck``), second derivatives (``ag.gradgradcheck``), and dtypes in float32;
then the cases a table cannot hold: ties, kinks, zeros in products, large inputs."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_table import CONTRACT_OPS, SPECS, Case, OpSpec, outputs_of

import autograd_core as ag

EXAMPLES = [pytest.param(spec, case, id=f"{spec.name}-{i}") for spec in SPECS for i, case in enumerate(spec.examples)]
SPEC_PARAMS = [pytest.param(spec, id=spec.name) for spec in SPECS]
seeds = st.integers(0, 2**32 - 1)


def leaves(arrays: list[np.ndarray], dtype: Any = np.float64) -> list[ag.Tensor]:
    return [ag.tensor(array.astype(dtype), requires_grad=True) for array in arrays]


def check_forward(spec: OpSpec, case: Case, arrays: list[np.ndarray]) -> None:
    """Values, shapes and dtypes equal NumPy's, and the inputs are left unchanged."""
    expected = outputs_of(spec.reference(*[a.copy() for a in arrays], **case.params))
    inputs = [ag.tensor(a) for a in arrays]
    got = outputs_of(spec.fn(*inputs, **case.params))
    assert len(got) == len(expected)
    for out, reference in zip(got, expected):
        reference = np.asarray(reference)
        assert isinstance(out, ag.Tensor)
        assert out.shape == reference.shape
        assert out.dtype == reference.dtype
        np.testing.assert_allclose(out.data, reference, rtol=1e-10, atol=1e-12)
    for tensor, array in zip(inputs, arrays):
        np.testing.assert_array_equal(tensor.data, array)


def differentiable(spec: OpSpec, case: Case) -> Any:
    return lambda *tensors: spec.fn(*tensors, **case.params)


def check_first_derivatives(spec: OpSpec, case: Case, arrays: list[np.ndarray]) -> None:
    assert ag.gradcheck(differentiable(spec, case), leaves(arrays), **spec.gradcheck_options)


def check_second_derivatives(spec: OpSpec, case: Case, arrays: list[np.ndarray]) -> None:
    assert ag.gradgradcheck(differentiable(spec, case), leaves(arrays), **spec.gradcheck_options)


def check_float32(spec: OpSpec, case: Case, arrays: list[np.ndarray]) -> None:
    """float32 in, float32 out; every .grad has its tensor's dtype and shape and the float64 values."""
    inputs32 = leaves(arrays, np.float32)
    outputs = outputs_of(spec.fn(*inputs32, **case.params))
    if spec.keeps_dtype:
        assert all(out.dtype == np.float32 for out in outputs)
    sum(out.sum() for out in outputs).backward()
    inputs64 = leaves(arrays)
    sum(out.sum() for out in outputs_of(spec.fn(*inputs64, **case.params))).backward()
    for tensor32, tensor64 in zip(inputs32, inputs64):
        assert tensor32.grad is not None
        assert tensor32.grad.dtype == np.float32
        assert tensor32.grad.shape == tensor32.shape
        np.testing.assert_allclose(tensor32.grad.data, tensor64.grad.data, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize(("spec", "case"), EXAMPLES)
def test_fixed_examples(spec: OpSpec, case: Case) -> None:
    arrays = spec.arrays(case, np.random.default_rng(0))
    check_forward(spec, case, arrays)
    check_first_derivatives(spec, case, arrays)
    check_second_derivatives(spec, case, arrays)
    check_float32(spec, case, arrays)


@pytest.mark.parametrize("spec", SPEC_PARAMS)
@given(data=st.data())
def test_random_cases_forward_and_gradient(spec: OpSpec, data: st.DataObject) -> None:
    case = data.draw(spec.cases, label="case")
    arrays = spec.arrays(case, np.random.default_rng(data.draw(seeds, label="seed")))
    check_forward(spec, case, arrays)
    check_first_derivatives(spec, case, arrays)


@pytest.mark.parametrize("spec", SPEC_PARAMS)
@settings(max_examples=max(10, settings.default.max_examples // 2))  # each example is costlier
@given(data=st.data())
def test_random_cases_second_derivatives(spec: OpSpec, data: st.DataObject) -> None:
    case = data.draw(spec.cases, label="case")
    arrays = spec.arrays(case, np.random.default_rng(data.draw(seeds, label="seed")))
    check_second_derivatives(spec, case, arrays)


def test_table_covers_every_public_op_of_the_contract() -> None:
    names = {spec.name for spec in SPECS}
    for op in CONTRACT_OPS:
        assert any(name == op or name.startswith(op + "_") for name in names), f"{op} is missing from the table"
        if op != "getitem":
            assert callable(getattr(ag, op)), f"ag.{op} is missing"


TORCH_TENSOR_METHODS = [
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
    "erf",
    "sin",
    "cos",
    "clip",
    "clamp",
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
    "permute",
    "swapaxes",
    "squeeze",
    "unsqueeze",
    "broadcast_to",
    "expand",
    "split",
    "argmax",
    "argmin",
    "t",
    "mm",
    "dot",
    "norm",
    "cumsum",
    "flip",
    "repeat",
    "tile",
    "chunk",
    "index_select",
    "gather",
    "masked_fill",
    "sort",
    "argsort",
    "topk",
    "isnan",
    "isfinite",
    "bool",
    "half",
    "cpu",
    "less",
    "less_equal",
    "greater",
    "greater_equal",
    "not_equal",
    "logical_and",
    "logical_or",
    "logical_not",
    "subtract",
    "multiply",
    "divide",
    "negative",
    "absolute",
    "square",
    "reciprocal",
    "rsqrt",
    "log1p",
    "expm1",
    "sign",
    "floor",
    "ceil",
    "round",
    "trunc",
    "amax",
    "amin",
    "isclose",
    "allclose",
    "equal",
    "view_as",
    "reshape_as",
    "expand_as",
    "new_zeros",
    "new_ones",
    "new_full",
    "new_tensor",
    "unbind",
    "outer",
    "tril",
    "triu",
    "trace",
    "roll",
    "nelement",
    "zero_",
    "fill_",
    "copy_",
    "add_",
    "sub_",
    "mul_",
    "div_",
    "clamp_",
    "clip_",
    "neg_",
    "uniform_",
    "normal_",
    "detach_",
]


@pytest.mark.parametrize("method", TORCH_TENSOR_METHODS)
def test_tensor_has_the_methods_pytorch_has(method: str) -> None:
    assert callable(getattr(ag.Tensor, method))


def test_the_listed_methods_are_pytorchs() -> None:
    torch = pytest.importorskip("torch")
    missing = [method for method in TORCH_TENSOR_METHODS if not callable(getattr(torch.Tensor, method, None))]
    assert missing == []


UNARY_METHODS = [
    "exp",
    "tanh",
    "sigmoid",
    "relu",
    "erf",
    "sin",
    "cos",
    "abs",
    "neg",
    "gelu",
    "leaky_relu",
    "square",
    "reciprocal",
    "rsqrt",
    "log1p",
    "expm1",
    "sign",
    "floor",
    "ceil",
    "round",
    "trunc",
]


@pytest.mark.parametrize("method", UNARY_METHODS)
def test_unary_methods_equal_the_functions(method: str) -> None:
    x = ag.tensor([-1.5, 0.25, 2.0], dtype=np.float64, requires_grad=True)
    with np.errstate(invalid="ignore"):  # rsqrt(-1.5) is NaN for both
        by_method = getattr(x, method)()
        by_function = getattr(ag, method)(x)
    np.testing.assert_array_equal(by_method.data, by_function.data)
    assert by_method.grad_fn.name == by_function.grad_fn.name


def test_binary_methods_equal_the_operators() -> None:
    a = ag.tensor([[1.0, -2.0], [0.5, 3.0]], dtype=np.float64)
    b = ag.tensor([2.0, 0.25], dtype=np.float64)
    for method, expected in [
        ("add", a.data + b.data),
        ("sub", a.data - b.data),
        ("mul", a.data * b.data),
        ("div", a.data / b.data),
        ("maximum", np.maximum(a.data, b.data)),
        ("minimum", np.minimum(a.data, b.data)),
        ("matmul", a.data @ b.data),
    ]:
        np.testing.assert_array_equal(getattr(a, method)(b).data, expected)
    np.testing.assert_array_equal(a.pow(2).data, a.data**2)
    condition = a > 0
    np.testing.assert_array_equal(a.where(condition, b).data, np.where(a.data > 0, a.data, b.data))


# ---------------------------------------------------------------------- ties and kinks, exactly
def grad_of(fn: Any, *values: Any) -> list[np.ndarray]:
    tensors = [ag.tensor(np.asarray(v, dtype=np.float64), requires_grad=True) for v in values]
    fn(*tensors).sum().backward()
    return [t.grad.data for t in tensors]


def test_max_and_min_split_the_gradient_evenly_among_ties() -> None:
    (grad,) = grad_of(lambda x: x.max(), [1.0, 3.0, 3.0, 2.0])
    np.testing.assert_array_equal(grad, [0.0, 0.5, 0.5, 0.0])
    (grad,) = grad_of(lambda x: x.min(), [2.0, 2.0, 2.0, 5.0])
    np.testing.assert_allclose(grad, [1 / 3, 1 / 3, 1 / 3, 0.0], rtol=1e-15)
    (grad,) = grad_of(lambda x: x.max(axis=1), [[1.0, 1.0], [0.0, 4.0]])
    np.testing.assert_array_equal(grad, [[0.5, 0.5], [0.0, 1.0]])
    (grad,) = grad_of(lambda x: x.max(axis=(0, 1), keepdims=True) * 4.0, np.ones((2, 2)))
    np.testing.assert_array_equal(grad, np.ones((2, 2)))


def test_maximum_and_minimum_split_ties_in_half_with_broadcasting() -> None:
    a_grad, b_grad = grad_of(ag.maximum, [[1.0, 2.0], [3.0, 0.0]], [1.0, 0.0])
    np.testing.assert_array_equal(a_grad, [[0.5, 1.0], [1.0, 0.5]])
    np.testing.assert_array_equal(b_grad, [0.5, 0.5])
    a_grad, b_grad = grad_of(ag.minimum, [2.0, 5.0], 2.0)
    np.testing.assert_array_equal(a_grad, [0.5, 0.0])
    np.testing.assert_array_equal(b_grad, 1.5)


def test_kinks_have_pytorchs_one_sided_derivatives() -> None:
    at = [-1.0, 0.0, 1.0]
    np.testing.assert_array_equal(grad_of(ag.relu, at)[0], [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(grad_of(abs, at)[0], [-1.0, 0.0, 1.0])
    np.testing.assert_allclose(grad_of(ag.leaky_relu, at)[0], [0.01, 0.01, 1.0])
    np.testing.assert_array_equal(grad_of(lambda x: x.clip(-1.0, 1.0), [-2.0, -1.0, 1.0, 2.0])[0], [0, 1, 1, 0])


def test_prod_gradient_is_exact_with_zeros() -> None:
    (grad,) = grad_of(lambda x: x.prod(), [2.0, 0.0, 3.0])
    np.testing.assert_array_equal(grad, [0.0, 6.0, 0.0])
    (grad,) = grad_of(lambda x: x.prod(), [0.0, 5.0, 0.0])
    np.testing.assert_array_equal(grad, [0.0, 0.0, 0.0])
    (grad,) = grad_of(lambda x: x.prod(axis=0), [[0.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(grad, [[3.0, 4.0], [0.0, 2.0]])
    with_zeros = ag.tensor([[0.0, 2.0, 3.0], [1.5, 0.0, 0.0]], dtype=np.float64, requires_grad=True)
    assert ag.gradcheck(lambda x: x.prod(axis=1), (with_zeros,))
    assert ag.gradgradcheck(lambda x: x.prod(axis=1), (with_zeros,))


def test_power_of_a_zero_base_has_zero_gradient_for_the_exponent() -> None:
    base_grad, exponent_grad = grad_of(lambda a, b: a**b, [0.0, 2.0], [2.0, 3.0])
    np.testing.assert_array_equal(base_grad, [0.0, 12.0])
    np.testing.assert_allclose(exponent_grad, [0.0, 8.0 * math.log(2.0)])


def test_repeated_indices_accumulate_their_gradients() -> None:
    (grad,) = grad_of(lambda x: x[[0, 0, 2, 0]], [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(grad, [3.0, 0.0, 1.0])
    (grad,) = grad_of(lambda x: x[np.array([[1, 1], [1, 0]]), :], np.ones((2, 2)))
    np.testing.assert_array_equal(grad, [[1.0, 1.0], [3.0, 3.0]])


def test_stable_functions_stay_finite_for_large_inputs() -> None:
    big = ag.tensor([-1000.0, 0.0, 1000.0], requires_grad=True)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        np.testing.assert_array_equal(big.sigmoid().data, [0.0, 0.5, 1.0])
        np.testing.assert_allclose(ag.logsumexp(big).data, 1000.0)
        np.testing.assert_allclose(ag.softmax(big).data, [0.0, 0.0, 1.0], atol=1e-30)
        np.testing.assert_allclose(ag.log_softmax(big).data, [-2000.0, -1000.0, 0.0])
        twins = ag.tensor([1e4, 1e4], requires_grad=True)
        np.testing.assert_allclose(ag.logsumexp(twins).data, 1e4 + math.log(2.0), rtol=1e-7)
        (big.sigmoid().sum() + ag.logsumexp(big) + ag.log_softmax(big)[0]).backward()
    assert np.isfinite(big.grad.data).all()
    assert np.isfinite(ag.logsumexp(ag.tensor([-np.inf, -np.inf])).data) == np.False_


def test_logsumexp_and_softmax_of_empty_axes() -> None:
    empty = ag.tensor(np.zeros((0, 3)), requires_grad=True)
    np.testing.assert_array_equal(ag.logsumexp(empty, axis=0).data, [-np.inf] * 3)
    assert ag.softmax(ag.tensor(np.zeros((2, 0))), axis=1).shape == (2, 0)
    assert ag.max(empty, axis=1).shape == (0,)


def test_matmul_of_two_vectors_is_a_scalar() -> None:
    a = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = ag.tensor([4.0, 5.0, 6.0], requires_grad=True)
    out = a @ b
    assert out.shape == ()
    out.backward()
    np.testing.assert_array_equal(a.grad.data, b.data)
    np.testing.assert_array_equal(b.grad.data, a.data)


def test_astype_gradient_is_cast_back() -> None:
    x = ag.tensor([1.0, 2.0], dtype=np.float64, requires_grad=True)
    y = x.astype(np.float32)
    assert y.dtype == np.float32 and y.grad_fn is not None
    (y * 3.0).sum().backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_array_equal(x.grad.data, [3.0, 3.0])
    assert x.astype(np.int64).requires_grad is False
    assert x.astype(np.float64) is x


def test_pytorch_keyword_spellings_are_accepted() -> None:
    x = ag.tensor(np.arange(24.0).reshape(2, 3, 4))
    pairs = [
        (x.sum(dim=1, keepdim=True), x.data.sum(axis=1, keepdims=True)),
        (x.mean(dim=(0, 2)), x.data.mean(axis=(0, 2))),
        (x.max(dim=1), x.data.max(axis=1)),
        (ag.min(x, dim=2, keepdim=True), x.data.min(axis=2, keepdims=True)),
        (x.var(dim=1, unbiased=True), x.data.var(axis=1, ddof=1)),
        (x.std(dim=1, correction=1), x.data.std(axis=1, ddof=1)),
        (x.prod(dim=1), x.data.prod(axis=1)),
        (x.softmax(dim=0), np.exp(x.data) / np.exp(x.data).sum(axis=0)),
        (x.unsqueeze(dim=0), x.data[None]),
        (x[:, :1].squeeze(dim=1), x.data[:, 0]),
        (ag.cat([x, x], dim=2), np.concatenate([x.data, x.data], axis=2)),
        (ag.stack([x, x], dim=1), np.stack([x.data, x.data], axis=1)),
        (x.flatten(start_dim=1), x.data.reshape(2, 12)),
        (x.argmax(dim=1), x.data.argmax(axis=1)),
        (x.clamp(min=3.0), np.maximum(x.data, 3.0)),
        (ag.clip(x, max=3.0), np.minimum(x.data, 3.0)),
    ]
    for ours, expected in pairs:
        np.testing.assert_allclose(ours.data, expected, rtol=1e-6)
    assert [piece.shape for piece in x.split(2, dim=2)] == [(2, 3, 2), (2, 3, 2)]


# ---------------------------------------------------------------------- degenerate reductions
def test_mean_of_nothing_is_nan_with_a_warning_as_in_numpy() -> None:
    x = ag.tensor(np.zeros((0, 3)), requires_grad=True)
    with pytest.warns(RuntimeWarning, match="mean: .*empty"):
        total = x.mean()
    assert np.isnan(total.item())
    with pytest.warns(RuntimeWarning):
        per_column = ag.mean(x, axis=0)
    assert per_column.shape == (3,) and np.isnan(per_column.data).all()
    total.backward()
    assert x.grad.shape == (0, 3)


def test_variance_without_degrees_of_freedom_is_nan_or_inf_with_a_warning() -> None:
    with pytest.warns(RuntimeWarning, match=r"var: 1 elements with ddof=1"):
        assert np.isnan(ag.var(ag.tensor([1.0]), ddof=1).item())
    with pytest.warns(RuntimeWarning):
        expected = np.var(np.array([1.0, 2.0]), ddof=3)  # NumPy's value: inf
        assert ag.var(ag.tensor([1.0, 2.0]), ddof=3).item() == expected


def test_std_of_constant_rows_has_gradient_zero_as_in_pytorch() -> None:
    # √ has an infinite derivative at 0; PyTorch defines std's gradient there as 0.
    x = ag.tensor(np.array([[1.0, 1.0, 1.0], [1.0, 2.0, 4.0]]), requires_grad=True)
    x.std(axis=1).sum().backward()
    row = x.data[1]
    expected = (row - row.mean()) / (row.size * row.std())
    np.testing.assert_allclose(x.grad.data, [[0.0, 0.0, 0.0], expected], rtol=1e-12)
    assert ag.gradcheck(lambda t: t.std(axis=1), (ag.tensor(np.array([[1.0, 2.0], [3.0, 5.0]]), requires_grad=True),))
    assert np.isnan(ag.std(ag.tensor([np.nan, 1.0])).item())  # NaN stays NaN


def test_clip_of_integers_by_a_float_bound_is_float_as_in_pytorch() -> None:
    # PyTorch's clamp promotes: clamp(tensor([0, 1, 2]), min=0.5) is tensor([0.5, 1., 2.]).
    result = ag.clip(ag.tensor([0, 1, 2]), 0.5)
    assert result.dtype == np.float32
    np.testing.assert_array_equal(result.data, [0.5, 1.0, 2.0])
    mixed = ag.clip(ag.tensor([0, 1, 2]), 1, 1.5)  # an integer lower bound follows the float upper one
    assert mixed.dtype == np.float32
    np.testing.assert_array_equal(mixed.data, [1.0, 1.0, 1.5])
    integers = ag.clip(ag.tensor([-5, 1, 7]), max=2)
    assert integers.dtype == np.int64
    np.testing.assert_array_equal(integers.data, [-5, 1, 2])


def test_clip_sends_gradients_to_tensor_bounds_only_where_they_win() -> None:
    x = ag.tensor([0.0, 1.0, 1.5, 2.0, 3.0, 5.0], requires_grad=True)
    lo = ag.tensor([1.0, 1.0, 1.0, 1.0, 1.0, 6.0], requires_grad=True)
    hi = ag.tensor([2.0, 2.0, 2.0, 2.0, 2.0, 4.0], requires_grad=True)
    ag.clip(x, lo, hi).backward(ag.arange(1.0, 7.0))
    # Ties go to x; with lo > hi the result is hi, which alone gets the gradient (PyTorch's clamp).
    np.testing.assert_array_equal(x.grad.data, [0, 2, 3, 4, 0, 0])
    np.testing.assert_array_equal(lo.grad.data, [1, 0, 0, 0, 0, 0])
    np.testing.assert_array_equal(hi.grad.data, [0, 0, 0, 0, 5, 6])


@pytest.mark.parametrize(
    "op",
    [
        ag.exp,
        ag.log,
        ag.sqrt,
        ag.tanh,
        ag.sigmoid,
        ag.sin,
        ag.cos,
        ag.erf,
        ag.gelu,
        ag.leaky_relu,
        ag.logsumexp,
        ag.log1p,
        ag.expm1,
        ag.rsqrt,
        ag.reciprocal,
    ],
    ids=lambda op: op.__name__,
)
def test_floating_ops_of_integer_tensors_give_the_default_float_dtype(op: Any) -> None:
    integers = np.array([1, 2, 3])
    result = op(ag.tensor(integers))
    assert result.dtype == np.float32  # as PyTorch: float32, not NumPy's float64
    expected = op(ag.tensor(integers.astype(np.float32)))
    np.testing.assert_array_equal(result.data, expected.data)
    try:
        ag.set_default_dtype(np.float64)
        assert op(ag.tensor(integers)).dtype == np.float64
    finally:
        ag.set_default_dtype(np.float32)


def test_softmax_and_reductions_of_a_scalar_take_axis_0_or_minus_1() -> None:
    scalar = ag.tensor(2.0, requires_grad=True)
    for axis in (0, -1):
        assert ag.softmax(scalar, axis).item() == 1.0
        assert ag.log_softmax(scalar, axis).item() == 0.0
        for reduce in (ag.sum, ag.mean, ag.max, ag.min, ag.prod, ag.logsumexp):
            assert reduce(scalar, axis=axis).item() == pytest.approx(2.0)
        assert ag.squeeze(scalar, axis).shape == ()
        assert ag.swapaxes(scalar, 0, axis).shape == ()
    ag.softmax(scalar, 0).backward()
    assert scalar.grad.item() == 0.0
    with pytest.raises(IndexError, match="axis 1 is out of range"):
        ag.softmax(scalar, 1)
    with pytest.raises(ValueError, match="split: a scalar"):
        ag.split(scalar, 1)


def test_unsqueeze_with_a_tuple_of_axes_is_numpys_expand_dims() -> None:
    values = np.zeros((2, 3))
    for axis in [(0, 1), (-1, 0), (0, 3), (1,), 2, -1]:
        assert ag.expand_dims(ag.tensor(values), axis).shape == np.expand_dims(values, axis).shape
    with pytest.raises(ValueError, match="repeated axis"):
        ag.unsqueeze(ag.tensor(values), (0, 0))


def test_concatenate_without_an_axis_joins_the_flattened_tensors_as_numpy() -> None:
    a = ag.tensor(np.arange(4.0).reshape(2, 2), requires_grad=True)
    b = ag.tensor(np.arange(3.0), requires_grad=True)
    joined = ag.concatenate([a, b], axis=None)
    np.testing.assert_array_equal(joined.data, np.concatenate([a.data, b.data], axis=None))
    (joined * ag.arange(7.0)).sum().backward()
    np.testing.assert_array_equal(a.grad.data, [[0, 1], [2, 3]])
    np.testing.assert_array_equal(b.grad.data, [4, 5, 6])


def test_axis_and_dim_together_are_refused() -> None:
    x = ag.ones(2, 3)
    with pytest.raises(TypeError, match="both axis=1 and dim=0"):
        x.sum(axis=1, dim=0)
    with pytest.raises(TypeError, match="both axis=1 and dim=0"):
        ag.softmax(x, 1, dim=0)
    with pytest.raises(TypeError, match="both keepdims and keepdim"):
        x.sum(1, keepdims=True, keepdim=True)
    assert x.sum(dim=0).shape == (3,)
    assert ag.softmax(x, dim=0).shape == (2, 3)


def test_a_scalar_tensor_does_not_promote_a_tensor_of_its_kind_as_in_pytorch() -> None:
    vector = ag.tensor(np.ones(3, np.float32))
    scale = ag.tensor(np.float64(2.0), requires_grad=True)
    product = vector * scale
    assert product.dtype == np.float32
    product.sum().backward()
    assert scale.grad.dtype == np.float64 and scale.grad.item() == 3.0
    assert ag.maximum(vector, ag.tensor(np.float64(0.5))).dtype == np.float32
    assert (ag.tensor(np.array([1, 2], np.int32)) * ag.tensor(2)).dtype == np.int32
    assert (ag.tensor([1, 2]) * ag.tensor(np.float64(2.5))).dtype == np.float64  # another kind: it promotes
    assert (ag.tensor(1.0) * ag.tensor(np.float64(2.5))).dtype == np.float64  # two scalars: NumPy's rule


def test_the_recorded_gradient_of_x_to_the_first_stays_differentiable() -> None:
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    (first,) = ag.grad((x**1).sum(), x, create_graph=True)
    assert first.requires_grad
    (second,) = ag.grad(first.sum(), x)
    np.testing.assert_array_equal(second.data, [0.0, 0.0])


# ---------------------------------------------------------------------- PyTorch's tensor methods
def test_norm_has_gradient_zero_at_the_zero_vector_as_in_pytorch() -> None:
    for p in (2, 3, 0.5, 1, math.inf):
        x = ag.tensor(np.zeros((2, 3)), requires_grad=True)
        x.norm(p, axis=1).sum().backward()
        np.testing.assert_array_equal(x.grad.data, np.zeros((2, 3)), err_msg=f"p={p}")
    # Zero elements in a nonzero vector: |x|^p has no finite derivative there for p < 1; 0, as PyTorch.
    x = ag.tensor([0.0, 3.0, -4.0], dtype=np.float64, requires_grad=True)
    x.norm(0.5).backward()
    assert x.grad.data[0] == 0.0 and np.isfinite(x.grad.data).all()
    y = ag.tensor([0.0, 3.0, -4.0], dtype=np.float64, requires_grad=True)
    y.norm().backward()
    np.testing.assert_allclose(y.grad.data, [0.0, 0.6, -0.8], rtol=1e-15)
    zeros = ag.tensor(np.zeros(3), requires_grad=True)
    (first,) = ag.grad(zeros.norm(), zeros, create_graph=True)
    (second,) = ag.grad(first.sum(), zeros)
    assert np.isfinite(second.data).all()


def test_norm_keywords_and_frobenius() -> None:
    values = np.arange(-3.0, 3.0).reshape(2, 3)
    x = ag.tensor(values)
    np.testing.assert_allclose(x.norm().item(), np.linalg.norm(values), rtol=1e-12)
    np.testing.assert_allclose(x.norm("fro").item(), np.linalg.norm(values), rtol=1e-12)
    np.testing.assert_allclose(ag.norm(x, 1, dim=1, keepdim=True).data, [[6.0], [3.0]])
    np.testing.assert_allclose(x.norm(p=-math.inf, axis=0).data, [0.0, 1.0, 1.0])


def test_cumsum_gradient_is_the_reversed_running_sum() -> None:
    x = ag.tensor(np.arange(8.0).reshape(2, 4), requires_grad=True)
    (x.cumsum(1) * ag.tensor(np.array([1.0, 10.0, 100.0, 1000.0]))).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [[1111.0, 1110.0, 1100.0, 1000.0]] * 2)
    assert ag.gradcheck(
        lambda t: (t.cumsum(0) ** 2).cumsum(1),
        (ag.tensor(np.random.default_rng(0).standard_normal((3, 2)), requires_grad=True),),
    )
    assert ag.gradgradcheck(
        lambda t: (t.cumsum(0) ** 2).cumsum(1),
        (ag.tensor(np.random.default_rng(1).standard_normal((3, 2)), requires_grad=True),),
    )


def test_cumsum_of_integers_and_bools_is_int64_as_in_pytorch() -> None:
    assert ag.cumsum(ag.tensor(np.array([1, 2, 3], np.int32)), 0).dtype == np.int64
    ones = ag.tensor([True, False, True]).cumsum(dim=0)
    assert ones.dtype == np.int64 and ones.tolist() == [1, 1, 2]


def test_sort_argsort_and_topk_indices() -> None:
    values = np.array([[3.0, 1.0, 3.0, 2.0], [0.0, np.nan, -1.0, 0.0]])
    x = ag.tensor(values)
    ascending = x.sort()
    assert ascending.indices.dtype == np.int64 and not ascending.indices.requires_grad
    # Stable: equal values keep their order; NaN is the largest, as in PyTorch.
    assert ascending.indices.tolist() == [[1, 3, 0, 2], [2, 0, 3, 1]]
    descending = x.sort(dim=1, descending=True)
    assert descending.indices.tolist() == [[0, 2, 3, 1], [1, 0, 3, 2]]
    np.testing.assert_array_equal(descending.values.data, np.take_along_axis(values, descending.indices.data, 1))
    assert x.argsort(1, descending=True).tolist() == descending.indices.tolist()
    assert ag.argsort(x, axis=0).tolist() == [[1, 0, 1, 1], [0, 1, 0, 0]]
    top = x.topk(2)
    assert top.indices.tolist() == [[0, 2], [1, 0]]
    smallest, indices = ag.topk(x, 1, dim=0, largest=False)  # a named tuple unpacks as PyTorch's
    assert indices.tolist() == [[1, 0, 1, 1]] and smallest.tolist() == [[0.0, 1.0, -1.0, 0.0]]
    scalar = ag.tensor(5.0).sort()
    assert scalar.values.shape == () and scalar.indices.tolist() == 0


def test_sort_and_topk_send_gradients_back_to_where_values_came_from() -> None:
    x = ag.tensor([[2.0, -1.0, 5.0]], dtype=np.float64, requires_grad=True)
    values, _ = x.topk(2)
    (values * ag.tensor([10.0, 1.0], dtype=np.float64)).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [[1.0, 0.0, 10.0]])
    y = ag.tensor([3.0, 1.0, 2.0], dtype=np.float64, requires_grad=True)
    (y.sort(descending=True).values * ag.arange(1.0, 4.0, dtype=np.float64)).sum().backward()
    np.testing.assert_array_equal(y.grad.data, [1.0, 3.0, 2.0])


def test_indices_of_sort_and_topk_match_pytorch() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    tied = rng.integers(0, 3, (4, 6)).astype(np.float64)  # many ties: the stable order must agree
    for axis in (0, 1, -1):
        for descending in (False, True):
            ours = ag.sort(ag.tensor(tied), axis, descending)
            theirs = torch.sort(torch.from_numpy(tied), dim=axis, descending=descending, stable=True)
            np.testing.assert_array_equal(ours.indices.data, theirs.indices.numpy())
            np.testing.assert_array_equal(ours.values.data, theirs.values.numpy())
    distinct = rng.permutation(24).reshape(4, 6).astype(np.float64)
    for k, largest in ((3, True), (2, False), (6, True)):
        ours = ag.topk(ag.tensor(distinct), k, largest=largest)
        theirs = torch.topk(torch.from_numpy(distinct), k, largest=largest)
        np.testing.assert_array_equal(ours.indices.data, theirs.indices.numpy())


def test_gather_index_select_and_masked_fill_accept_pytorch_spellings() -> None:
    x = ag.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    picked = ag.gather(x, dim=1, index=ag.tensor([[2], [0]]))
    np.testing.assert_array_equal(picked.data, [[2.0], [3.0]])
    np.testing.assert_array_equal(x.index_select(dim=0, index=ag.tensor(1)).data, [[3.0, 4.0, 5.0]])
    assert ag.index_select(ag.tensor(5.0), 0, [0]).shape == ()
    integers = ag.tensor([1, 2, 3]).masked_fill(ag.tensor([True, False, True]), 2.7)
    assert integers.dtype == np.int64 and integers.tolist() == [2, 2, 2]  # the value takes the tensor's dtype
    value = ag.tensor(np.float64(4.0), requires_grad=True)
    x.masked_fill(x > 2.5, value).sum().backward()
    assert value.grad.item() == 3.0  # the sum of the gradient over the filled positions
    np.testing.assert_array_equal(x.grad.data, [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]])


def test_chunk_flip_repeat_t_mm_dot_follow_pytorch() -> None:
    assert [piece.shape for piece in ag.arange(5.0).chunk(4)] == [(2,), (2,), (1,)]  # fewer chunks than asked
    assert [piece.shape for piece in ag.zeros(0, 2).chunk(3)] == [(0, 2)] * 3
    x = ag.tensor(np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(x.flip(dims=(0, 1)).data, x.data[::-1, ::-1])
    np.testing.assert_array_equal(x.flip([1]).data, x.data[:, ::-1])
    np.testing.assert_array_equal(x.repeat(1, 2, 1).data, np.tile(x.data, (1, 2, 1)))
    np.testing.assert_array_equal(x.repeat([2, 1]).data, np.tile(x.data, (2, 1)))
    assert x.tile(2).shape == (2, 6) and ag.tile(x, (2, 1, 1)).shape == (2, 2, 3)
    assert x[0].t().shape == (3,) and ag.tensor(1.0).t().shape == ()
    np.testing.assert_array_equal(x.mm(x.t()).data, x.data @ x.data.T)
    assert x[0].dot(x[1]).item() == 0 * 3 + 1 * 4 + 2 * 5


def test_pytorchs_longer_method_names_are_the_same_operations() -> None:
    a, b = ag.tensor([1.0, -2.0, 3.0]), ag.tensor([2.0, -2.0, 1.0])
    pairs = [
        (a.less(b), a < b),
        (a.less_equal(b), a <= b),
        (a.greater(b), a > b),
        (a.greater_equal(b), a >= b),
        (a.not_equal(b), a != b),
        (a.subtract(b), a - b),
        (a.multiply(b), a * b),
        (a.divide(b), a / b),
        (a.negative(), -a),
        (a.absolute(), abs(a)),
        ((a > 0).logical_and(b > 0), ag.logical_and(a > 0, b > 0)),
        ((a > 0).logical_or(b > 0), ag.logical_or(a > 0, b > 0)),
        ((a > 0).logical_not(), ag.logical_not(a > 0)),
    ]
    for longer, shorter in pairs:
        assert longer.dtype == shorter.dtype
        np.testing.assert_array_equal(longer.data, shorter.data)


def test_norm_over_an_empty_dim_is_over_every_axis_as_pytorchs_vector_norm() -> None:
    x = ag.tensor(np.arange(6.0).reshape(2, 3))
    for dim in ((), []):
        np.testing.assert_allclose(x.norm(2, dim=dim).data, np.sqrt(np.sum(np.arange(6.0) ** 2)))
        assert ag.norm(x, 1, axis=dim).item() == 15.0


def test_chunk_gives_a_tuple_and_cumsum_takes_a_dtype_as_pytorch() -> None:
    pieces = ag.arange(5.0).chunk(2)
    assert isinstance(pieces, tuple) and [p.shape for p in pieces] == [(3,), (2,)]
    x = ag.tensor(np.array([1.0, 2.0, 3.0], np.float32), requires_grad=True)
    running = x.cumsum(0, dtype=np.float64)
    assert running.dtype == np.float64
    np.testing.assert_array_equal(running.data, [1.0, 3.0, 6.0])
    running.sum().backward()
    assert x.grad.dtype == np.float32
    np.testing.assert_array_equal(x.grad.data, [3.0, 2.0, 1.0])
    with pytest.raises(RuntimeError, match="repeated axis"):  # an InputError
        x.norm(2, dim=(0, 0))


def test_nan_winners_of_max_and_min_share_the_gradient_and_abs_of_nan_has_gradient_zero() -> None:
    # As PyTorch: max() of a tensor with NaN is NaN, and its gradient goes to the NaNs (without
    # a 0/0 that made every gradient NaN); the derivative of |x| at NaN is sign(NaN) = 0.
    nan = float("nan")
    for reduce in (ag.max, ag.min):
        x = ag.tensor([nan, nan, 1.0], requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            reduce(x).backward()
        np.testing.assert_array_equal(x.grad.data, [0.5, 0.5, 0.0])
    x = ag.tensor([1.0, nan, -2.0, 0.0], requires_grad=True)
    x.abs().sum().backward()
    np.testing.assert_array_equal(x.grad.data, [1.0, 0.0, -1.0, 0.0])


# ---------------------------------------------------------------------- elementwise functions, amax, matrix helpers
def test_log1p_and_expm1_are_exact_for_tiny_x_where_log_and_exp_lose_everything() -> None:
    tiny = ag.tensor([1e-20, -3e-17, 1e-300], dtype=np.float64, requires_grad=True)
    np.testing.assert_array_equal(ag.log1p(tiny).data, tiny.data)  # log(1 + x) would give 0
    np.testing.assert_array_equal(ag.expm1(tiny).data, tiny.data)  # exp(x) − 1 would give 0
    (ag.log1p(tiny) + ag.expm1(tiny)).sum().backward()
    np.testing.assert_array_equal(tiny.grad.data, [2.0, 2.0, 2.0])
    assert ag.log1p(tiny).grad_fn.name == "log1p" and ag.expm1(tiny).grad_fn.formula == "∂x = g·exp(x)"


@pytest.mark.parametrize("op", [ag.sign, ag.floor, ag.ceil, ag.round, ag.trunc], ids=lambda op: op.__name__)
def test_piecewise_constant_functions_have_gradient_zeros_not_none(op: Any) -> None:
    x = ag.tensor([-1.7, -0.5, 0.0, 0.5, 2.5, np.nan], dtype=np.float64, requires_grad=True)
    y = op(x)
    assert y.requires_grad
    (gradient,) = ag.grad(y.sum(), x)
    assert gradient is not None
    np.testing.assert_array_equal(gradient.data, np.zeros(6))
    (first,) = ag.grad((op(x) * x).sum(), x, create_graph=True)  # d(f(x)·x)/dx = f(x): differentiable again
    (second,) = ag.grad(first.sum(), x)
    np.testing.assert_array_equal(second.data, np.zeros(6))


def test_rounding_follows_pytorch_halves_to_even_and_sign_of_nan_is_zero() -> None:
    values = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.35, 0.25, -0.0])
    x = ag.tensor(values)
    np.testing.assert_array_equal(x.round().data, [-2.0, -2.0, -0.0, 0.0, 2.0, 2.0, 0.0, 0.0, -0.0])
    np.testing.assert_array_equal(ag.round(x, decimals=1).data, np.round(values, 1))
    np.testing.assert_array_equal(ag.round(ag.tensor([15.0, 25.0, 149.0]), decimals=-1).data, [20.0, 20.0, 150.0])
    np.testing.assert_array_equal(ag.sign(ag.tensor([np.nan, -3.0, 0.0, 4.0])).data, [0.0, -1.0, 0.0, 1.0])


def test_integer_and_bool_tensors_in_the_new_elementwise_functions_take_pytorchs_dtypes() -> None:
    integers = ag.tensor([-2, 0, 3])
    for op in (ag.floor, ag.ceil, ag.round, ag.trunc, ag.sign, ag.square):
        result = op(integers)
        assert result.dtype == np.int64, op.__name__
    assert ag.sign(integers).tolist() == [-1, 0, 1] and ag.floor(integers).tolist() == [-2, 0, 3]
    flags = ag.tensor([True, False])
    assert ag.sign(flags).dtype == np.bool_ and ag.sign(flags).tolist() == [True, False]
    assert ag.square(flags).dtype == np.int64 and ag.square(flags).tolist() == [1, 0]
    with np.errstate(divide="ignore"):
        assert ag.reciprocal(flags).dtype == np.float32
    for op in (ag.floor, ag.ceil, ag.round, ag.trunc):
        with pytest.raises(TypeError, match=rf"{op.__name__}: not defined for bool"):
            op(flags)
    with pytest.raises(TypeError, match=r"round: decimals=1 needs a floating-point tensor"):
        ag.round(integers, decimals=1)


def test_new_elementwise_functions_match_pytorch_on_integers_and_edge_values() -> None:
    torch = pytest.importorskip("torch")
    integers = np.array([-3, 0, 2, 7])
    edges = np.array([-2.5, -0.5, 0.0, 0.5, 1.5, np.inf, -np.inf, np.nan, 1e-30])
    for name in ("floor", "ceil", "round", "trunc", "sign", "square"):
        ours, theirs = getattr(ag, name)(ag.tensor(integers)), getattr(torch, name)(torch.from_numpy(integers))
        assert str(theirs.dtype) == f"torch.{ours.dtype}", name
        np.testing.assert_array_equal(ours.data, theirs.numpy())
    for name in ("floor", "ceil", "round", "trunc", "sign", "square", "reciprocal", "rsqrt", "log1p", "expm1"):
        with np.errstate(divide="ignore", invalid="ignore"):
            ours = getattr(ag, name)(ag.tensor(edges))
        theirs = getattr(torch, name)(torch.from_numpy(edges))
        np.testing.assert_allclose(ours.data, theirs.numpy(), rtol=1e-15, err_msg=name)
    for name in ("reciprocal", "rsqrt", "log1p", "expm1"):
        ours, theirs = getattr(ag, name)(ag.tensor(integers[2:])), getattr(torch, name)(torch.from_numpy(integers[2:]))
        assert ours.dtype == np.float32 and theirs.dtype == torch.float32
        np.testing.assert_allclose(ours.data, theirs.numpy(), rtol=1e-6)


def test_amax_and_amin_reduce_every_axis_for_an_empty_tuple_and_split_ties_as_pytorch() -> None:
    torch = pytest.importorskip("torch")
    values = np.array([[1.0, 3.0, 3.0], [0.0, 0.0, -2.0]])
    for ours_call, torch_call in [
        (lambda x: x.amax(), lambda x: x.amax()),
        (lambda x: ag.amax(x, dim=()), lambda x: torch.amax(x, dim=())),
        (lambda x: x.amin(axis=()), lambda x: x.amin(dim=())),
        (lambda x: ag.amin(x, 1, keepdims=True), lambda x: torch.amin(x, 1, keepdim=True)),
        (lambda x: x.amax(dim=(0, 1)), lambda x: x.amax(dim=(0, 1))),
    ]:
        mine = ag.tensor(values, requires_grad=True)
        reference = torch.from_numpy(values.copy()).requires_grad_()
        out, expected = ours_call(mine), torch_call(reference)
        np.testing.assert_array_equal(out.data, expected.detach().numpy())
        out.sum().backward()
        expected.sum().backward()
        np.testing.assert_array_equal(mine.grad.data, reference.grad.numpy())
    assert ag.amax(ag.tensor([1, 5, 2])).dtype == np.int64
    assert ag.max(ag.tensor(values), axis=()).shape == (2, 3)  # NumPy's max keeps its meaning


def test_add_and_sub_scale_the_second_operand_by_alpha() -> None:
    a = ag.tensor([1.0, 2.0], dtype=np.float64, requires_grad=True)
    b = ag.tensor([[3.0, 4.0]], dtype=np.float64, requires_grad=True)
    out = ag.add(a, b, alpha=-2) + a.sub(b, alpha=0.5) + a.subtract(b, alpha=3)
    np.testing.assert_array_equal(out.data, [[1.0 - 6.0 + 1.0 - 1.5 + 1.0 - 9.0, 2.0 - 8.0 + 2.0 - 2.0 + 2.0 - 12.0]])
    out.sum().backward()
    np.testing.assert_array_equal(a.grad.data, [3.0, 3.0])
    np.testing.assert_array_equal(b.grad.data, [[-5.5, -5.5]])
    integers = ag.tensor([1, 2])
    assert ag.add(integers, 3, alpha=2).tolist() == [7, 8] and ag.add(integers, 3, alpha=2).dtype == np.int64
    assert ag.add(integers, ag.tensor([0.5, 1.0]), alpha=0.5).dtype == np.float32  # a float operand: fine
    with pytest.raises(TypeError, match=r"add: alpha=0.5 is a float, but the operands have dtypes int64 and int64"):
        ag.add(integers, integers, alpha=0.5)
    with pytest.raises(TypeError, match=r"sub: alpha must be a number, got str"):
        a.sub(a, alpha="2")
    assert ag.add(a, b).grad_fn.name == "add" and ag.add(a, b).grad_fn.inputs[1] is b  # alpha=1 adds no node


def test_tril_triu_keep_infinities_out_and_send_gradients_to_the_kept_triangle() -> None:
    values = np.array([[1.0, np.inf], [-np.inf, 4.0]])
    assert ag.tril(ag.tensor(values)).tolist() == [[1.0, 0.0], [-np.inf, 4.0]]  # not inf·0 = NaN
    assert ag.triu(ag.tensor(values), 1).tolist() == [[0.0, np.inf], [0.0, 0.0]]
    x = ag.tensor(np.ones((2, 3, 3)), requires_grad=True)
    x.triu(-1).sum().backward()
    np.testing.assert_array_equal(x.grad.data, np.broadcast_to(np.triu(np.ones((3, 3)), -1), (2, 3, 3)))
    assert ag.tril(ag.tensor([[True, True], [True, True]])).tolist() == [[True, False], [True, True]]


def test_trace_outer_roll_and_unbind_follow_pytorch() -> None:
    assert ag.tensor(np.array([[1, 2], [3, 4]], np.int32)).trace().dtype == np.int64  # as PyTorch's sum
    assert ag.trace(ag.ones(2, 3)).item() == 2.0 and ag.trace(ag.ones(0, 3)).item() == 0.0
    x = ag.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    x.trace().backward()
    np.testing.assert_array_equal(x.grad.data, [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    assert ag.outer(ag.tensor([1, 2]), ag.tensor([True, False])).tolist() == [[1, 0], [2, 0]]
    grid = ag.arange(6).reshape(2, 3)
    assert grid.roll(1).tolist() == [[5, 0, 1], [2, 3, 4]]  # no axis: flattened, rolled, shaped back
    assert grid.roll((1, 1), (1, 1)).tolist() == [[1, 2, 0], [4, 5, 3]]
    assert ag.roll(grid, -1, dims=0).tolist() == [[3, 4, 5], [0, 1, 2]]
    pieces = x.unbind(1)
    assert isinstance(pieces, tuple) and [p.tolist() for p in pieces] == [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]]
    assert ag.unbind(ag.zeros(0, 2)) == ()
    (pieces[2] * 2.0).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [[1.0, 0.0, 2.0], [0.0, 1.0, 2.0]])  # added to the trace's


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("shape", [(64, 10), (1, 3), (0, 4), (5, 0), (5000, 2)])
def test_blas_column_and_row_sums_equal_numpys_sums(dtype: Any, shape: tuple[int, int]) -> None:
    from autograd_core.ops.shape import column_sums, row_sums

    matrix = np.random.default_rng(0).standard_normal(shape).astype(dtype)
    tolerance = {np.float16: 1e-2, np.float32: 1e-5, np.float64: 1e-12}[dtype]
    pairs = [(column_sums(matrix), matrix.sum(axis=0)), (row_sums(matrix), matrix.sum(axis=1, keepdims=True))]
    for ours, numpys in pairs:
        assert ours.dtype == dtype and ours.shape == numpys.shape
        np.testing.assert_allclose(ours, numpys, rtol=tolerance, atol=tolerance)
    if matrix.size:  # NaN and infinities go through as in a sum
        matrix[0, 0], matrix[-1, -1] = np.nan, np.inf
        np.testing.assert_array_equal(np.isnan(column_sums(matrix)), np.isnan(matrix.sum(axis=0)))
        np.testing.assert_array_equal(np.isinf(row_sums(matrix)), np.isinf(matrix.sum(axis=1, keepdims=True)))


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int64])
@pytest.mark.parametrize("shape", [(64, 10), (1, 3), (0, 4), (7, 1), (3, 300), (2000, 2)])
def test_row_maxima_equal_numpys_maximum_with_nan_infinities_and_layouts(dtype: Any, shape: tuple[int, int]) -> None:
    from autograd_core.ops.shape import row_maxima

    matrix = (np.random.default_rng(0).standard_normal(shape) * 10).astype(dtype)
    expected = np.maximum.reduce(matrix, axis=1, keepdims=True)
    ours = row_maxima(matrix)
    assert ours.shape == expected.shape and ours.dtype == dtype
    np.testing.assert_array_equal(ours, expected)
    np.testing.assert_array_equal(row_maxima(np.asfortranarray(matrix)), expected)  # any memory layout
    if matrix.size and dtype != np.int64:
        special = matrix.copy()
        special[0, -1] = np.nan  # a NaN anywhere in a row makes its maximum NaN
        special[-1, :] = -np.inf  # a row of -inf has maximum -inf
        if shape[1] > 1:
            special[shape[0] // 2, 0] = np.inf
        np.testing.assert_array_equal(row_maxima(special), np.maximum.reduce(special, axis=1, keepdims=True))


@pytest.mark.parametrize(
    "values",
    [np.array([[0.0, 1.5], [-2.0, 0.0]]), np.array(3.0), np.array(0.0), np.zeros((2, 0)), np.array([[[1, 0, 2]]])],
    ids=["matrix", "scalar", "zero_scalar", "empty", "3d_int"],
)
def test_nonzero_gives_pytorchs_positions(values: np.ndarray) -> None:
    positions = ag.tensor(values).nonzero()
    assert positions.dtype == np.int64 and positions.shape == (np.count_nonzero(values), values.ndim)
    as_tuple = ag.nonzero(ag.tensor(values), as_tuple=True)
    assert all(part.dtype == np.int64 for part in as_tuple)
    torch = pytest.importorskip("torch")
    theirs = torch.from_numpy(values)
    assert positions.tolist() == theirs.nonzero().tolist() and positions.shape == tuple(theirs.nonzero().shape)
    assert [part.tolist() for part in as_tuple] == [part.tolist() for part in theirs.nonzero(as_tuple=True)]


def test_narrow_is_a_view_and_its_bad_arguments_are_named() -> None:
    x = ag.tensor(np.arange(12.0).reshape(3, 4))
    part = x.narrow(dim=1, start=ag.tensor(1), length=2)
    assert np.shares_memory(part.data, x.data)
    np.testing.assert_array_equal(part.data, [[1.0, 2.0], [5.0, 6.0], [9.0, 10.0]])
    with pytest.raises(ag.InputError, match=r"narrow: start \(3\) \+ length \(2\) exceeds the size of axis 1 \(4\)"):
        x.narrow(1, 3, 2)
    with pytest.raises(IndexError, match="narrow: start 5 is out of range for axis 1 of size 4"):
        x.narrow(1, 5, 0)
    with pytest.raises(TypeError, match="narrow: length must be an int"):
        x.narrow(1, 0, 1.5)


def test_bmm_and_masked_select_name_bad_shapes() -> None:
    with pytest.raises(ag.InputError, match=r"bmm: expects two batches of matrices \(3-D\)"):
        ag.bmm(ag.ones(2, 3), ag.ones(2, 3, 1))
    with pytest.raises(ag.InputError, match=r"bmm: cannot multiply shapes \(2, 3, 4\) and \(3, 4, 1\)"):
        ag.bmm(ag.ones(2, 3, 4), ag.ones(3, 4, 1))
    with pytest.raises(ag.InputError, match=r"masked_select: a mask of shape \(3,\) does not broadcast"):
        ag.masked_select(ag.ones(2, 4), ag.tensor([True, False, True]))
    with pytest.raises(ag.DtypeError, match="masked_select: the mask must be a bool tensor"):
        ag.masked_select(ag.ones(2), ag.ones(2))
    with pytest.raises(ag.InputError, match=r"diag: expects a vector or a matrix \(1-D or 2-D\)"):
        ag.diag(ag.ones(2, 2, 2))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_relu_against_shared_zeros_matches_numpys_maximum_including_nan_and_signed_zero(dtype: Any) -> None:
    from autograd_core.ops import constants

    values = np.array([[-np.inf, -1.5, -0.0, 0.0, 2.0, np.inf, np.nan, -np.nan]], dtype=dtype)
    np.testing.assert_array_equal(ag.relu(ag.tensor(values)).data, np.maximum(values, 0))
    zeros = constants.zeros_for(values)
    assert zeros is constants.zeros_for(values.copy())  # shared
    assert not zeros.flags.writeable and zeros.dtype == dtype and not zeros.any()
    big = np.broadcast_to(np.zeros((), dtype), (constants._MAX_CACHED_ZEROS + 1,))
    assert constants.zeros_for(big) == 0  # no copy of a huge array: the scalar


def test_relu_keeps_integer_dtypes_and_refuses_bools_as_pytorch() -> None:
    np.testing.assert_array_equal(ag.relu(ag.tensor(np.array([-1, 2], np.int8))).data, np.array([0, 2], np.int8))
    assert ag.relu(ag.tensor(np.array([-1, 2], np.int8))).dtype == np.int8
    with pytest.raises(ag.DtypeError, match="relu: Boolean inputs not supported"):
        ag.relu(ag.tensor([True, False]))


@pytest.mark.parametrize("slope", [0.01, 0.5, 1.0, 0.0, -0.2, 3.0])
def test_leaky_relu_keeps_infinities_nan_and_signed_zeros_for_every_slope(slope: float) -> None:
    values = np.array([-np.inf, -2.0, -1e-310, -0.0, 0.0, 1e-310, 3.0, np.inf, np.nan], dtype=np.float64)
    with np.errstate(invalid="ignore"):  # 0·(−inf) is NaN, in PyTorch too
        expected = np.where(values > 0, values, values * slope)
        result = ag.leaky_relu(ag.tensor(values), slope).data
    np.testing.assert_array_equal(result, expected)
    np.testing.assert_array_equal(np.signbit(result), np.signbit(expected))
