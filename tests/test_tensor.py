"""The Tensor contract of DESIGN.md §3: dtypes, attributes, conversions, comparisons, operators
with NumPy arrays on the left, creation functions, seeding, repr."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import autograd_core as ag


# ---------------------------------------------------------------------- dtypes
@pytest.mark.parametrize(
    ("data", "dtype"),
    [
        (1.5, np.float32),
        ([1.0, 2.0], np.float32),
        ([[1, 2.5], [3, 4]], np.float32),
        ([], np.float32),
        (3, np.int64),
        ([1, 2], np.int64),
        (True, np.bool_),
        ([True, False], np.bool_),
        (np.array([1.0, 2.0]), np.float64),
        (np.array([1, 2], dtype=np.int32), np.int32),
        (np.float16(1.0), np.float16),
        (np.arange(3, dtype=np.uint8), np.uint8),
    ],
)
def test_dtype_rules(data: object, dtype: type) -> None:
    assert ag.tensor(data).dtype == dtype


def test_set_default_dtype_changes_what_python_floats_become() -> None:
    assert ag.get_default_dtype() == np.float32
    ag.set_default_dtype(np.float64)
    try:
        assert ag.tensor([1.0]).dtype == np.float64
        assert ag.zeros(2).dtype == np.float64
        assert ag.randn(2).dtype == np.float64
        assert ag.tensor([1]).dtype == np.int64  # ints are unaffected
        assert (ag.tensor([1, 2]) * 0.5).dtype == np.float64
    finally:
        ag.set_default_dtype(np.float32)
    assert ag.tensor([1.0]).dtype == np.float32


def test_explicit_dtype_wins_and_data_is_copied() -> None:
    source = np.array([1.0, 2.0])
    t = ag.tensor(source, dtype=np.float32)
    assert t.dtype == np.float32
    t64 = ag.Tensor(source)
    source[0] = 9.0
    assert t64.data[0] == 1.0
    assert ag.tensor(ag.tensor([1.0, 2.0]), dtype=np.float64).dtype == np.float64


def test_python_scalars_keep_the_tensor_dtype() -> None:
    x = ag.tensor([1.0, 2.0])
    assert (x * 2.0).dtype == np.float32
    assert (2 + x).dtype == np.float32
    assert (x**2).dtype == np.float32
    assert (ag.tensor([1, 2]) + 1).dtype == np.int64


@pytest.mark.parametrize("data", [[1, 2], [True, False], np.arange(3, dtype=np.int32)])
def test_integer_and_bool_tensors_cannot_require_grad(data: object) -> None:
    with pytest.raises(TypeError, match=r"floating"):
        ag.tensor(data, requires_grad=True)
    t = ag.tensor(data)
    with pytest.raises(TypeError, match=r"floating"):
        t.requires_grad_()
    with pytest.raises(TypeError, match=r"floating"):
        t.requires_grad = True
    assert not t.requires_grad


# ---------------------------------------------------------------------- attributes
def test_attributes() -> None:
    t = ag.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True, name="weight")
    assert t.shape == (2, 3) and t.ndim == 2 and t.size == 6 and t.dtype == np.float32
    assert t.name == "weight" and t.is_leaf and t.grad_fn is None and t.grad is None
    assert t.T.shape == (3, 2)
    np.testing.assert_array_equal(t.T.data, t.data.T)
    assert len(t) == 2
    assert [row.shape for row in t] == [(3,), (3,)]
    y = t * 2.0
    assert not y.is_leaf
    assert y.grad_fn.name == "mul"
    assert isinstance(y.grad_fn.inputs, tuple) and y.grad_fn.inputs[0] is t
    assert isinstance(y.grad_fn.formula, str) and y.grad_fn.formula
    with pytest.raises(TypeError):
        len(ag.tensor(1.0))


def test_numpy_interoperation() -> None:
    t = ag.tensor([1.0, 2.0])
    array = np.asarray(t)
    assert isinstance(array, np.ndarray) and array.dtype == np.float32
    assert np.asarray(t, dtype=np.float64).dtype == np.float64
    assert t.numpy() is t.data
    assert np.sum(np.asarray(t)) == 3.0


def test_data_is_assignable_without_recording() -> None:
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    w.data = np.array([5.0, 6.0], dtype=np.float32)
    np.testing.assert_array_equal(w.data, [5.0, 6.0])
    assert w.is_leaf and w.requires_grad
    w.data = [7.0, 8.0]
    assert w.dtype == np.float32
    w.data = ag.tensor([0.5, 0.25])
    np.testing.assert_array_equal(w.data, [0.5, 0.25])
    (w * w).sum().backward()
    np.testing.assert_array_equal(w.grad.data, [1.0, 0.5])


def test_conversion_methods() -> None:
    t = ag.tensor([[1.5, 2.0]], requires_grad=True)
    assert ag.tensor([3.5]).item() == 3.5
    assert isinstance(ag.tensor(2).item(), int)
    with pytest.raises(ValueError, match=r"one-element"):
        t.item()
    assert t.tolist() == [[1.5, 2.0]]
    detached = t.detach()
    assert not detached.requires_grad and detached.is_leaf
    assert np.shares_memory(detached.data, t.data)
    assert t.astype(np.float64).dtype == np.float64
    assert float(ag.tensor(2.5)) == 2.5 and int(ag.tensor(3)) == 3


def test_pytorch_conversions_bool_half_cpu_and_checks_isnan_isfinite() -> None:
    t = ag.tensor([0.0, -1.5, np.nan, np.inf], requires_grad=True)
    assert t.bool().dtype == np.bool_ and t.bool().tolist() == [False, True, True, True]
    half = t.half()
    assert half.dtype == np.float16 and half.requires_grad
    half.sum().backward()
    assert t.grad.dtype == np.float32 and t.grad.tolist() == [1.0, 1.0, 1.0, 1.0]
    assert t.cpu() is t
    assert t.isnan().tolist() == [False, False, True, False]
    assert t.isfinite().tolist() == [True, True, False, False]
    assert not t.isnan().requires_grad


def test_requires_grad_and_zero_grad() -> None:
    t = ag.tensor([1.0, 2.0])
    assert t.requires_grad_() is t and t.requires_grad
    t.requires_grad_(False)
    assert not t.requires_grad
    t.requires_grad = True
    (t * 3.0).sum().backward()
    t.zero_grad(set_to_none=False)
    np.testing.assert_array_equal(t.grad.data, [0.0, 0.0])
    assert t.grad.dtype == t.dtype
    t.zero_grad()
    assert t.grad is None
    with pytest.raises(RuntimeError, match=r"leaf"):
        (t * 2.0).requires_grad_(False)


def test_grad_assignment_checks_the_shape_and_keeps_the_dtype() -> None:
    t = ag.tensor([1.0, 2.0], requires_grad=True)
    t.grad = np.array([1.0, 1.0])
    assert isinstance(t.grad, ag.Tensor) and t.grad.dtype == np.float32
    with pytest.raises(ValueError, match=r"shape"):
        t.grad = np.ones(3)


# ---------------------------------------------------------------------- operators
def test_comparisons_give_bool_tensors_without_gradients() -> None:
    x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    for result, expected in [
        (x < 2.0, [True, False, False]),
        (x <= 2.0, [True, True, False]),
        (x > 2.0, [False, False, True]),
        (x >= 2.0, [False, True, True]),
        (x == 2.0, [False, True, False]),
        (x != 2.0, [True, False, True]),
        (np.array([2.0, 2.0, 2.0]) < x, [False, False, True]),
        (x > ag.tensor([0.0, 5.0, 1.0]), [True, False, True]),
    ]:
        assert isinstance(result, ag.Tensor)
        assert result.dtype == np.bool_ and not result.requires_grad
        np.testing.assert_array_equal(result.data, expected)


def test_comparisons_by_pytorch_names_as_methods_and_functions() -> None:
    x = ag.tensor([1.0, 2.0, 3.0])
    for name, operator in [("lt", "<"), ("le", "<="), ("gt", ">"), ("ge", ">="), ("eq", "=="), ("ne", "!=")]:
        expected = eval(f"x.data {operator} 2.0")
        np.testing.assert_array_equal(getattr(x, name)(2.0).data, expected)
        np.testing.assert_array_equal(getattr(ag, name)(x, 2.0).data, expected)


def test_dtypes_by_pytorch_names() -> None:
    assert ag.zeros(2, dtype=ag.int64).dtype == np.int64
    assert ag.tensor([1, 0], dtype=ag.bool).dtype == np.bool_
    assert ag.tensor([1.0], dtype=ag.float16).dtype == np.float16
    assert {ag.int8, ag.int16, ag.int32, ag.uint8} == {np.int8, np.int16, np.int32, np.uint8}


def test_operators_with_an_ndarray_on_the_left_give_tensors() -> None:
    x = ag.tensor([1.0, 2.0], dtype=np.float64, requires_grad=True)
    left = np.array([3.0, 4.0])
    results = [left + x, left - x, left * x, left / x, left**x, left @ x]
    assert all(isinstance(r, ag.Tensor) and r.requires_grad for r in results)
    np.testing.assert_allclose(results[1].data, [2.0, 2.0])
    np.testing.assert_allclose(results[3].data, [3.0, 2.0])
    np.testing.assert_allclose(results[4].data, [3.0, 16.0])
    assert results[5].item() == 11.0
    sum(r.sum() for r in results).backward()
    expected = 1 - 1 + left - left / x.data**2 + left**x.data * np.log(left) + left
    np.testing.assert_allclose(x.grad.data, expected)


def test_unary_operators() -> None:
    x = ag.tensor([-1.0, 2.0])
    np.testing.assert_array_equal((-x).data, [1.0, -2.0])
    np.testing.assert_array_equal(abs(x).data, [1.0, 2.0])
    np.testing.assert_array_equal((+x).data, x.data)
    mask = ag.tensor([True, False])
    np.testing.assert_array_equal((~mask).data, [False, True])
    np.testing.assert_array_equal((mask & ~mask).data, [False, False])
    np.testing.assert_array_equal((mask | ~mask).data, [True, True])


def test_repr() -> None:
    assert repr(ag.tensor([1.0, 2.0])) == "tensor([1., 2.])"
    assert repr(ag.tensor([1, 2])) == "tensor([1, 2])"
    assert repr(ag.tensor([1.0], requires_grad=True)) == "tensor([1.], requires_grad=True)"
    assert repr(ag.tensor([1.0], dtype=np.float64)) == "tensor([1.], dtype=float64)"
    assert repr(ag.tensor([1.0], requires_grad=True) * 2.0) == "tensor([2.], grad_fn=<mul>)"
    assert "name='w'" in repr(ag.tensor(0.0, name="w"))


# ---------------------------------------------------------------------- creation
def test_creation_functions() -> None:
    assert ag.zeros(2, 3).shape == (2, 3) and ag.zeros((2, 3)).dtype == np.float32
    np.testing.assert_array_equal(ag.ones(2).data, [1.0, 1.0])
    full = ag.full((2, 2), 7)
    assert full.dtype == np.int64 and (full.data == 7).all()
    assert ag.full((2,), 0.5).dtype == np.float32
    like = ag.tensor([[1, 2]], dtype=np.int32)
    assert ag.zeros_like(like).dtype == np.int32 and ag.zeros_like(like).shape == (1, 2)
    assert ag.ones_like(like, dtype=np.float64).dtype == np.float64
    np.testing.assert_array_equal(ag.eye(2).data, np.eye(2))
    assert ag.eye(2, 3).shape == (2, 3)
    assert ag.arange(4).dtype == np.int64 and ag.arange(4).tolist() == [0, 1, 2, 3]
    np.testing.assert_allclose(ag.arange(0.0, 1.0, 0.25).data, [0.0, 0.25, 0.5, 0.75])
    np.testing.assert_allclose(ag.linspace(0, 1, 5).data, [0.0, 0.25, 0.5, 0.75, 1.0])
    assert ag.linspace(0, 1, 5).dtype == np.float32
    assert ag.zeros(2, requires_grad=True).requires_grad
    assert ag.zeros(2, dtype=np.float64).dtype == np.float64


def test_creation_functions_take_pytorch_keywords_too() -> None:
    for make in (ag.zeros, ag.ones, ag.rand, ag.randn):
        assert make(size=(2, 3)).shape == (2, 3)
    with pytest.raises(TypeError, match=r"zeros: pass the shape or size, not both"):
        ag.zeros(2, size=(2,))
    assert ag.arange(0, end=3).tolist() == [0, 1, 2]
    assert ag.arange(end=3).tolist() == [0, 1, 2]
    with pytest.raises(TypeError, match=r"arange: pass stop or end, not both"):
        ag.arange(0, 3, end=3)
    np.testing.assert_allclose(ag.linspace(0, 1, steps=5).data, [0.0, 0.25, 0.5, 0.75, 1.0])
    np.testing.assert_allclose(ag.linspace(start=0, end=1, steps=3).data, [0.0, 0.5, 1.0])
    assert ag.linspace(0, 1).shape == (50,)  # NumPy's default number
    integers = ag.randint(high=3, size=(50,))
    assert integers.dtype == np.int64 and set(integers.tolist()) <= {0, 1, 2}
    with pytest.raises(TypeError, match="floating-point"):
        ag.randint(0, 3, (2,), requires_grad=True)


def test_random_creation_ranges_and_dtypes() -> None:
    ag.manual_seed(0)
    uniform = ag.rand(1000)
    assert uniform.dtype == np.float32 and uniform.data.min() >= 0.0 and uniform.data.max() < 1.0
    normal = ag.randn(2000, dtype=np.float64)
    assert normal.dtype == np.float64 and abs(normal.data.mean()) < 0.1 and abs(normal.data.std() - 1) < 0.1
    integers = ag.randint(2, 5, (100,))
    assert integers.dtype == np.int64 and set(integers.tolist()) <= {2, 3, 4}
    assert ag.randint(3, (4,)).shape == (4,)
    assert ag.randn(2, 3, requires_grad=True).requires_grad


def test_manual_seed_makes_randomness_reproducible() -> None:
    def draw() -> list[np.ndarray]:
        return [ag.rand(3).data, ag.randn(2, 2).data, ag.randint(0, 100, (5,)).data]

    ag.manual_seed(42)
    first = draw()
    ag.manual_seed(42)
    second = draw()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    ag.manual_seed(43)
    assert not np.array_equal(ag.rand(3).data, first[0])
    generator = ag.manual_seed(7)
    assert ag.default_generator() is generator


@pytest.mark.parametrize(
    ("expression", "dtype"),
    [
        (lambda t: t([1, 2, 3]) * 2.5, np.float32),
        (lambda t: 2.5 * t([1, 2]), np.float32),
        (lambda t: t([1, 2, 3]) / 2, np.float32),
        (lambda t: 1 / t([1, 2]), np.float32),
        (lambda t: t([1, 2, 3]) ** 0.5, np.float32),
        (lambda t: t([1, 2, 3]) ** 2, np.int64),
        (lambda t: t([1, 2]) + 1, np.int64),
        (lambda t: t([1.0, 2.0, 3.0]) + t([1, 2, 3]), np.float32),
        (lambda t: t([True, False]) * 1.5, np.float32),
        (lambda t: t(np.array([1.0, 2.0])) * t([1, 2]), np.float64),
    ],
)
def test_integers_meeting_floats_take_pytorchs_dtypes(expression: Any, dtype: type) -> None:
    # NumPy would make each of the float32 results float64.
    result = expression(ag.tensor)
    assert result.dtype == dtype
    np.testing.assert_allclose(result.data, expression(np.asarray))


def test_pytorch_conveniences_clone_to_long_int_type_as_expand_as() -> None:
    x = ag.tensor([1.5, -2.0], requires_grad=True)
    copy = x.clone()
    assert copy.grad_fn is not None and copy.grad_fn.name == "clone"
    assert not np.shares_memory(copy.data, x.data)
    (copy * 3.0).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [3.0, 3.0])
    assert x.long().dtype == np.int64 and x.long().tolist() == [1, -2]
    assert x.int().dtype == np.int32
    assert x.to(np.float64).dtype == np.float64 and x.to("cpu") is x and x.to("float64").dtype == np.float64
    assert x.to(dtype=np.float64, device="cpu").dtype == np.float64
    assert x.to(ag.zeros(1, dtype=np.float64)).dtype == np.float64
    assert x.type_as(ag.zeros(1, dtype=np.float64)).dtype == np.float64
    assert x.contiguous() is x
    assert ag.ones(1, 2).expand_as(ag.zeros(3, 2)).shape == (3, 2)
    with pytest.raises(ValueError, match="only the 'cpu' device"):
        x.to("cuda")


def test_tensors_stay_numeric_and_gradients_keep_their_tensors_dtype() -> None:
    t = ag.tensor([1.0, 2.0], requires_grad=True)
    for dtype in (np.complex64, object, "U3"):
        with pytest.raises(TypeError, match=r"astype: tensors hold numbers"):
            t.astype(dtype)
    with pytest.raises(TypeError, match=r"data: tensors hold numbers"):
        t.data = np.array(["a", "b"])
    with pytest.raises(TypeError, match=r"grad: assigned gradient has dtype int64, but the tensor has dtype float32"):
        t.grad = ag.tensor([1, 2])
    t.grad = np.array([1, 2])  # an array is cast to the tensor's dtype
    assert t.grad.dtype == np.float32


def test_a_hook_may_not_change_the_gradients_dtype() -> None:
    t = ag.tensor([1.0, 2.0], requires_grad=True)
    t.register_hook(lambda grad: grad.astype(np.float64))  # a Tensor of another dtype (an array is cast)
    with pytest.raises(RuntimeError, match=r"dtype float64 for a gradient of shape \(2,\) and dtype float32"):
        (t * 2.0).sum().backward()


def test_integer_tensor_times_a_float_follows_the_current_default_dtype() -> None:
    integers = ag.tensor([1, 2])
    try:
        assert (integers * 2.5).dtype == np.float32
        ag.set_default_dtype(np.float64)
        assert (integers * 2.5).dtype == np.float64  # not what the first call gave
        ag.set_default_dtype(np.float32)
        assert (integers * 2.5).dtype == np.float32
    finally:
        ag.set_default_dtype(np.float32)
