"""PyTorch's in-place methods (zero_, fill_, copy_, add_, sub_, mul_, div_, clamp_/clip_, neg_,
uniform_, normal_, detach_) and the Tensor conveniences beside them: isclose/allclose/equal,
new_zeros/new_ones/new_full/new_tensor, view_as/reshape_as, device, nelement.

Values are compared with NumPy, and with PyTorch where it is installed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import autograd_core as ag
import nn

VALUES = np.array([[1.5, -2.25, 0.0], [4.0, -0.5, 3.0]])
OTHER = np.array([0.5, -1.0, 2.0])

# (id, call on ours, call on torch (t is the torch module), NumPy's expected values of VALUES)
IN_PLACE_CASES: list[tuple[str, Callable[[Any], Any], Callable[[Any, Any], Any], np.ndarray]] = [
    ("zero_", lambda x: x.zero_(), lambda x, t: x.zero_(), np.zeros((2, 3))),
    ("fill_", lambda x: x.fill_(2.5), lambda x, t: x.fill_(2.5), np.full((2, 3), 2.5)),
    (
        "fill_0d_tensor",
        lambda x: x.fill_(ag.tensor(-1.0)),
        lambda x, t: x.fill_(t.tensor(-1.0)),
        np.full((2, 3), -1.0),
    ),
    (
        "copy_broadcast",
        lambda x: x.copy_(ag.tensor(OTHER)),
        lambda x, t: x.copy_(t.from_numpy(OTHER)),
        np.broadcast_to(OTHER, (2, 3)),
    ),
    (
        "add_alpha",
        lambda x: x.add_(ag.tensor(OTHER), alpha=-2),
        lambda x, t: x.add_(t.from_numpy(OTHER), alpha=-2),
        VALUES - 2 * OTHER,
    ),
    ("add_scalar", lambda x: x.add_(1.5), lambda x, t: x.add_(1.5), VALUES + 1.5),
    (
        "sub_alpha",
        lambda x: x.sub_(ag.tensor(OTHER), alpha=0.5),
        lambda x, t: x.sub_(t.from_numpy(OTHER), alpha=0.5),
        VALUES - 0.5 * OTHER,
    ),
    ("mul_", lambda x: x.mul_(ag.tensor(OTHER)), lambda x, t: x.mul_(t.from_numpy(OTHER)), VALUES * OTHER),
    ("div_", lambda x: x.div_(ag.tensor(OTHER)), lambda x, t: x.div_(t.from_numpy(OTHER)), VALUES / OTHER),
    ("clamp_", lambda x: x.clamp_(min=-1.0, max=2.0), lambda x, t: x.clamp_(min=-1.0, max=2.0), np.clip(VALUES, -1, 2)),
    ("clip_", lambda x: x.clip_(0.0), lambda x, t: x.clip_(0.0), np.maximum(VALUES, 0.0)),
    ("clamp_max", lambda x: x.clamp_(max=0.0), lambda x, t: x.clamp_(max=0.0), np.minimum(VALUES, 0.0)),
    ("neg_", lambda x: x.neg_(), lambda x, t: x.neg_(), -VALUES),
]
IN_PLACE_IDS = [case[0] for case in IN_PLACE_CASES]


@pytest.mark.parametrize(("name", "ours", "theirs", "expected"), IN_PLACE_CASES, ids=IN_PLACE_IDS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_in_place_methods_change_the_values_and_return_the_tensor(
    name: str, ours: Any, theirs: Any, expected: np.ndarray, dtype: Any
) -> None:
    x = ag.tensor(VALUES, dtype=dtype)
    array = x.data
    assert ours(x) is x
    assert x.data is array and x.dtype == dtype  # the same array, changed
    assert x._version == 1
    np.testing.assert_allclose(x.data, expected.astype(dtype), rtol=1e-6 if dtype == np.float32 else 1e-15)


@pytest.mark.parametrize(("name", "ours", "theirs", "expected"), IN_PLACE_CASES, ids=IN_PLACE_IDS)
def test_in_place_methods_match_pytorch(name: str, ours: Any, theirs: Any, expected: np.ndarray) -> None:
    torch = pytest.importorskip("torch")
    x = ag.tensor(VALUES)
    reference = torch.from_numpy(VALUES.copy())
    ours(x)
    theirs(reference, torch)
    np.testing.assert_array_equal(x.data, reference.numpy())


def test_integer_tensors_take_what_pytorch_writes_into_them_and_refuse_floats() -> None:
    integers = ag.tensor([1, 2, 3])
    assert integers.add_(ag.tensor(np.array([1, 1, 1], np.int32)), alpha=2).tolist() == [3, 4, 5]
    assert integers.fill_(2.7).tolist() == [2, 2, 2]  # fill_ casts its value, as PyTorch's
    assert integers.copy_(ag.tensor([1.7, -2.7, 0.2])).tolist() == [1, -2, 0]  # truncated toward 0
    assert integers.clamp_(min=0).tolist() == [1, 0, 0]
    assert integers.dtype == np.int64
    small = ag.tensor(np.array([250, 1], np.uint8)).add_(ag.tensor([10, 1]))
    assert small.dtype == np.uint8 and small.tolist() == [4, 2]  # wraps around, as PyTorch's uint8
    flags = ag.tensor([True, False]).fill_(2)
    assert flags.dtype == np.bool_ and flags.tolist() == [True, True]


REFUSED_CASTS = [
    (lambda: ag.tensor([1, 2]).add_(0.5), r"add_: the result has dtype float32, .*int64"),
    (lambda: ag.tensor([1, 2]).sub_(ag.tensor([0.5, 1.0])), r"sub_: the result has dtype float32, .*int64"),
    (lambda: ag.tensor([1, 2]).mul_(2.0), r"mul_: the result has dtype float32, .*int64"),
    (lambda: ag.tensor([4, 2]).div_(2), r"div_: the result has dtype float32, .*int64"),
    (lambda: ag.tensor([1, 2]).clamp_(min=0.5), r"clip_: the result has dtype float32, .*int64"),
    (lambda: ag.tensor([True, False]).add_(1), r"add_: the result has dtype int64, .*bool"),
    (lambda: ag.tensor([1, 2]).uniform_(), r"uniform_: expects a floating-point tensor, got dtype int64"),
    (lambda: ag.tensor([1, 2]).normal_(), r"normal_: expects a floating-point tensor, got dtype int64"),
]


@pytest.mark.parametrize(("call", "pattern"), REFUSED_CASTS)
def test_results_that_pytorch_cannot_write_into_the_dtype_raise_a_clear_type_error(call: Any, pattern: str) -> None:
    with pytest.raises(TypeError, match=pattern):
        call()


def test_pytorch_refuses_the_same_casts() -> None:
    torch = pytest.importorskip("torch")
    for call in [
        lambda: torch.tensor([1, 2]).add_(0.5),
        lambda: torch.tensor([4, 2]).div_(2),
        lambda: torch.tensor([1, 2]).clamp_(min=0.5),
        lambda: torch.tensor([True, False]).add_(1),
        lambda: torch.tensor([1, 2]).uniform_(),
    ]:
        with pytest.raises((RuntimeError, NotImplementedError)):
            call()


def test_a_refused_cast_changes_nothing() -> None:
    integers = ag.tensor([1, 2])
    with pytest.raises(TypeError):
        integers.add_(0.5)
    assert integers.tolist() == [1, 2] and integers._version == 0


# ---------------------------------------------------------------------- autograd rules
ALL_IN_PLACE: list[tuple[str, Callable[[ag.Tensor], Any]]] = [
    (case[0], case[1]) for case in IN_PLACE_CASES if case[0] not in ("add_scalar", "clamp_max")
] + [
    ("uniform_", lambda x: x.uniform_()),
    ("normal_", lambda x: x.normal_()),
    ("setitem", lambda x: x.__setitem__(0, 1.0)),
    ("iadd", lambda x: x.__iadd__(1.0)),
]


@pytest.mark.parametrize(("name", "call"), ALL_IN_PLACE, ids=[name for name, _ in ALL_IN_PLACE])
def test_in_place_on_a_leaf_that_requires_grad_while_recording_raises_and_changes_nothing(name: str, call: Any) -> None:
    w = ag.tensor(VALUES, requires_grad=True)
    ag.manual_seed(0)
    with pytest.raises(RuntimeError, match=r"in-place change of a leaf tensor that requires grad while recording"):
        call(w)
    np.testing.assert_array_equal(w.data, VALUES.astype(np.float32))
    assert w._version == 0 and w.requires_grad and w.is_leaf
    generator = ag.default_generator()
    ag.manual_seed(0)
    assert generator.random() == ag.default_generator().random()  # no random numbers were drawn


@pytest.mark.parametrize(("name", "call"), ALL_IN_PLACE, ids=[name for name, _ in ALL_IN_PLACE])
def test_in_place_change_of_a_saved_tensor_makes_backward_raise(name: str, call: Any) -> None:
    w = ag.tensor(VALUES, requires_grad=True)
    loss = (w * w).sum()  # mul saves w
    with ag.no_grad():
        call(w)
    assert w._version == 1
    with pytest.raises(RuntimeError, match=r"mul: input 'a' .*modified in place"):
        loss.backward()
    assert w.grad is None


def test_in_place_on_a_tensor_in_a_graph_while_recording_raises() -> None:
    w = ag.tensor(VALUES, requires_grad=True)
    y = w * 2.0
    with pytest.raises(RuntimeError, match=r"add_: in-place change of a tensor in a graph while recording"):
        y.add_(1.0)


def test_an_sgd_step_by_sub_with_alpha_under_no_grad() -> None:
    w = ag.tensor([1.0, -2.0], requires_grad=True)
    (w * w).sum().backward()
    with ag.no_grad():
        result = w.sub_(w.grad, alpha=0.1)
    assert result is w and w.is_leaf and w.requires_grad and w.grad_fn is None
    np.testing.assert_allclose(w.data, [1.0 - 0.2, -2.0 + 0.4], rtol=1e-6)
    w.grad.zero_()
    (w * 3.0).sum().backward()  # the updated leaf takes part in a new graph
    np.testing.assert_array_equal(w.grad.data, [3.0, 3.0])


def test_values_that_require_grad_are_refused_while_recording_and_taken_under_no_grad() -> None:
    source = ag.tensor(OTHER, requires_grad=True)
    scalar = ag.tensor(2.0, requires_grad=True)
    for call in [
        lambda x: x.add_(source),
        lambda x: x.mul_(source),
        lambda x: x.copy_(source),
        lambda x: x.fill_(scalar),
        lambda x: x.clamp_(min=source),
    ]:
        target = ag.zeros(2, 3)
        with pytest.raises(RuntimeError, match=r"the new values require grad, but an in-place update is not recorded"):
            call(target)
        assert target._version == 0 and not target.data.any()
        with ag.no_grad():
            call(target)
        assert target._version == 1 and not target.requires_grad


def test_a_read_only_broadcast_is_refused_with_a_hint_to_clone() -> None:
    expanded = ag.ones(2).expand(3, 2)
    with pytest.raises(ValueError, match=r"add_: this tensor's values are read-only .*clone\(\)"):
        expanded.add_(1.0)
    assert expanded.clone().add_(1.0).tolist() == [[2.0, 2.0]] * 3


def test_an_in_place_change_is_seen_by_tensors_sharing_the_array() -> None:
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    alias = w.detach()
    x = ag.tensor([1.0, 1.0], requires_grad=True)
    loss = (x * alias).sum()  # mul saves the alias for x's gradient
    with ag.no_grad():
        w.mul_(2.0)
    np.testing.assert_array_equal(alias.data, [2.0, 4.0])
    assert alias._version == 1
    with pytest.raises(RuntimeError, match=r"mul: input 'b' .*modified in place"):
        loss.backward()


def test_copy_and_fill_check_their_inputs() -> None:
    x = ag.zeros(3)
    with pytest.raises(ValueError, match=r"copy_: values of shape \(2, 3\) do not broadcast to .*\(3,\)"):
        x.copy_(ag.zeros(2, 3))
    with pytest.raises(ValueError, match=r"copy_: values of shape \(2,\) do not broadcast to .*\(3,\)"):
        x.copy_(np.zeros(2))
    with pytest.raises(TypeError, match=r"copy_: .*numeric"):
        x.copy_(["a", "b", "c"])
    with pytest.raises(ValueError, match=r"fill_: the value must be a number or a 0-d tensor, .*shape \(2,\)"):
        x.fill_(ag.ones(2))
    with pytest.raises(TypeError, match=r"fill_: the value must be a number or a 0-d tensor, got str"):
        x.fill_("1")
    with pytest.raises(ValueError, match=r"add_: the result has shape \(2, 3\), .*\(3,\)"):
        x.add_(ag.ones(2, 3))
    assert x._version == 0 and x.tolist() == [0.0, 0.0, 0.0]
    assert x.copy_([1, 2, 3]).tolist() == [1.0, 2.0, 3.0] and x.copy_(np.array(5.0)).tolist() == [5.0] * 3


# ---------------------------------------------------------------------- random fills
def test_uniform_and_normal_are_reproducible_under_manual_seed_and_match_nn_init() -> None:
    def draws() -> list[np.ndarray]:
        return [ag.zeros(1000).uniform_(-2.0, 3.0).data, ag.zeros(500, dtype=np.float64).normal_(1.0, 0.5).data]

    ag.manual_seed(5)
    first = draws()
    ag.manual_seed(5)
    second = draws()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    uniform, normal = first
    assert uniform.dtype == np.float32 and uniform.min() >= -2.0 and uniform.max() < 3.0
    assert normal.dtype == np.float64 and abs(normal.mean() - 1.0) < 0.1 and abs(normal.std() - 0.5) < 0.05
    ag.manual_seed(5)
    by_init = [
        nn.init.uniform_(ag.zeros(1000), -2.0, 3.0).data,
        nn.init.normal_(ag.zeros(500, dtype=np.float64), 1.0, 0.5).data,
    ]
    for a, b in zip(first, by_init):
        np.testing.assert_array_equal(a, b)


def test_uniform_and_normal_take_a_generator_and_leave_the_global_stream_alone() -> None:
    ag.manual_seed(1)
    expected = ag.rand(3).data
    ag.manual_seed(1)
    mine = ag.zeros(4).uniform_(generator=np.random.default_rng(9))
    theirs = ag.zeros(4).normal_(generator=np.random.default_rng(9))
    np.testing.assert_array_equal(ag.rand(3).data, expected)
    np.testing.assert_array_equal(mine.data, np.random.default_rng(9).uniform(0, 1, 4).astype(np.float32))
    assert theirs.data.std() > 0
    with pytest.raises(TypeError, match=r"uniform_: generator must be a numpy.random.Generator"):
        ag.zeros(2).uniform_(generator=3)
    with pytest.raises(ValueError, match=r"uniform_: expects a ≤ b"):
        ag.zeros(2).uniform_(1.0, 0.0)
    with pytest.raises(ValueError, match=r"normal_: expects std ≥ 0, got std=-1"):
        ag.zeros(2).normal_(0.0, -1)


# ---------------------------------------------------------------------- detach_
def test_detach_in_place_makes_a_leaf_that_records_nothing() -> None:
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    assert w.detach_() is w and not w.requires_grad and w.is_leaf
    assert (w * 2.0).grad_fn is None
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3.0
    assert y.detach_() is y and y.grad_fn is None and y.is_leaf and not y.requires_grad
    assert not (y * y).requires_grad
    with ag.no_grad():
        y.add_(1.0)  # now a plain tensor: no_grad or not, it may change
    y.add_(1.0)
    np.testing.assert_array_equal(y.data, [5.0, 8.0])


def test_a_graph_that_saved_a_tensor_detached_in_place_refuses_backward_as_pytorch() -> None:
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2.0
    loss = (y * y).sum()  # mul saves y
    y.detach_()
    with pytest.raises(RuntimeError, match=r"mul: input 'a' .*modified in place"):
        loss.backward()
    torch = pytest.importorskip("torch")
    tx = torch.tensor([1.0, 2.0], requires_grad=True)
    ty = tx * 2.0
    tloss = (ty * ty).sum()
    ty.detach_()
    with pytest.raises(RuntimeError, match=r"detached in-place"):
        tloss.backward()


# ---------------------------------------------------------------------- isclose, allclose, equal
CLOSENESS_CASES = [
    (
        np.array([1.0, 1.0 + 1e-6, 1.0 + 1e-4, np.inf, -np.inf, np.nan]),
        np.array([1.0, 1.0, 1.0, np.inf, np.inf, np.nan]),
    ),
    (np.array([[0.0, 1e-9], [1e-7, -1e-9]]), np.array([0.0, 0.0])),
    (np.array([100.0, 100.001, 1e10]), np.array([100.0001, 100.0, 1e10 + 1e5])),
]
CLOSENESS_OPTIONS = [{}, {"rtol": 0.0, "atol": 0.0}, {"rtol": 1e-3}, {"atol": 1e-6, "equal_nan": True}]


@pytest.mark.parametrize("options", CLOSENESS_OPTIONS)
@pytest.mark.parametrize(("a", "b"), CLOSENESS_CASES)
def test_isclose_and_allclose_follow_numpys_formula(a: np.ndarray, b: np.ndarray, options: dict[str, Any]) -> None:
    close = ag.isclose(ag.tensor(a), ag.tensor(b), **options)
    assert close.dtype == np.bool_ and not close.requires_grad
    np.testing.assert_array_equal(close.data, np.isclose(a, b, **options))
    assert ag.tensor(a).isclose(b, **options).tolist() == close.tolist()  # an ndarray other
    everywhere = ag.allclose(ag.tensor(a), ag.tensor(b), **options)
    assert type(everywhere) is bool and everywhere == np.allclose(a, b, **options)
    assert ag.tensor(a).allclose(ag.tensor(b), **options) == everywhere


@pytest.mark.parametrize("options", CLOSENESS_OPTIONS)
@pytest.mark.parametrize(("a", "b"), CLOSENESS_CASES)
def test_isclose_and_allclose_match_pytorch(a: np.ndarray, b: np.ndarray, options: dict[str, Any]) -> None:
    torch = pytest.importorskip("torch")
    for dtype in (np.float64, np.float32):
        ours = ag.isclose(ag.tensor(a, dtype=dtype), ag.tensor(b, dtype=dtype), **options)
        theirs = torch.isclose(torch.from_numpy(a.astype(dtype)), torch.from_numpy(b.astype(dtype)), **options)
        np.testing.assert_array_equal(ours.data, theirs.numpy())
        assert ag.allclose(ag.tensor(a, dtype=dtype), ag.tensor(b, dtype=dtype), **options) == torch.allclose(
            torch.from_numpy(a.astype(dtype)), torch.from_numpy(b.astype(dtype)), **options
        )
    integers = np.array([1, 5, -3])
    assert (
        ag.isclose(ag.tensor(integers), ag.tensor(integers + 1), atol=1).tolist()
        == torch.isclose(torch.from_numpy(integers), torch.from_numpy(integers + 1), atol=1).tolist()
    )


def test_equal_method_is_pytorchs_torch_equal_and_ag_equal_stays_elementwise() -> None:
    a = ag.tensor([1.0, 2.0, 3.0])
    assert a.equal(ag.tensor([1.0, 2.0, 3.0])) is True
    assert a.equal(ag.tensor([1, 2, 3])) is True  # values after promotion, as torch.equal
    assert a.equal(ag.tensor([1.0, 2.0, 4.0])) is False
    assert a.equal(ag.tensor([[1.0, 2.0, 3.0]])) is False  # another shape, though it broadcasts
    assert ag.tensor([np.nan]).equal(ag.tensor([np.nan])) is False
    assert a.equal(np.array([1.0, 2.0, 3.0])) is True
    elementwise = ag.equal(a, ag.tensor([1.0, 0.0, 3.0]))
    assert isinstance(elementwise, ag.Tensor) and elementwise.tolist() == [True, False, True]
    torch = pytest.importorskip("torch")
    for left, right in [([1.0, 2.0], [1, 2]), ([1.0], [[1.0]]), ([np.nan], [np.nan]), ([0.0], [-0.0])]:
        expected = torch.equal(torch.tensor(left), torch.tensor(right))
        assert ag.tensor(left).equal(ag.tensor(right)) is expected


# ---------------------------------------------------------------------- new tensors, shapes, device
def test_new_tensors_take_this_tensors_dtype_unless_told() -> None:
    x = ag.tensor(np.array([1.0, 2.0], np.float64), requires_grad=True)
    zeros = x.new_zeros(2, 3)
    assert zeros.shape == (2, 3) and zeros.dtype == np.float64 and not zeros.requires_grad and zeros.is_leaf
    assert x.new_zeros((2, 3)).shape == (2, 3) and x.new_zeros([]).shape == ()
    ones = x.new_ones(4, dtype=np.int32)
    assert ones.dtype == np.int32 and ones.tolist() == [1, 1, 1, 1]
    full = x.new_full((2,), 7, requires_grad=True)
    assert full.dtype == np.float64 and full.requires_grad and full.tolist() == [7.0, 7.0]
    integers = ag.tensor([1, 2])
    assert integers.new_full((2,), 2.5).tolist() == [2, 2] and integers.new_tensor([1.5, 2.7]).tolist() == [1, 2]
    data = np.array([3.0, 4.0])
    copy = x.new_tensor(data)
    assert copy.dtype == np.float64 and not np.shares_memory(copy.data, data) and not copy.requires_grad
    assert x.new_tensor(x).grad_fn is None and not np.shares_memory(x.new_tensor(x).data, x.data)
    assert x.new_tensor([1, 2], dtype=np.int64, device="cpu").dtype == np.int64


def test_new_tensors_match_pytorch() -> None:
    torch = pytest.importorskip("torch")
    for values in ([1.5, 2.0], [1, 2], [True]):
        ours, theirs = ag.tensor(values), torch.tensor(values)
        for make in (
            lambda t: t.new_zeros(2, 3),
            lambda t: t.new_ones((1, 2)),
            lambda t: t.new_full((3,), 2.5),
            lambda t: t.new_tensor([0.5, 3.7]),
        ):
            mine, reference = make(ours), make(theirs)
            assert str(reference.dtype) == f"torch.{mine.dtype}"
            np.testing.assert_array_equal(mine.data, reference.numpy())


def test_view_as_and_reshape_as_take_the_other_tensors_shape() -> None:
    x = ag.tensor(np.arange(6.0), requires_grad=True)
    y = x.view_as(ag.zeros(2, 3))
    assert y.shape == (2, 3) and y.grad_fn.name == "reshape"
    assert x.reshape_as(np.zeros((3, 2))).shape == (3, 2)
    (y * ag.tensor([[1.0, 2.0, 3.0]])).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [1.0, 2.0, 3.0, 1.0, 2.0, 3.0])


def test_device_is_the_cpu_and_nelement_is_numel() -> None:
    x = ag.zeros(2, 3)
    assert x.device == "cpu" and x.to(x.device) is x
    assert ag.zeros(1, dtype=np.float64).new_zeros(2, device=x.device).shape == (2,)
    assert x.nelement() == x.numel() == 6
    torch = pytest.importorskip("torch")
    assert str(torch.zeros(2, 3).device) == x.device
    assert torch.zeros(2, 3).nelement() == x.nelement()
