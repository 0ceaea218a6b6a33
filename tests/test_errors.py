"""Bad input: each case raises a clear exception that names the op and what is wrong, before
anything is recorded or any state changes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

import autograd_core as ag
import nn
import nn.functional as F
from autograd_core.primitive import Primitive


@pytest.fixture
def recordings(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the nodes recorded while the test runs."""
    names: list[str] = []
    original = Primitive._recorded_output

    def counting(self: Primitive, inputs: Any, out: np.ndarray) -> ag.Tensor:
        names.append(self.name)
        return original(self, inputs, out)

    monkeypatch.setattr(Primitive, "_recorded_output", counting)
    yield names


def leaf(*shape: int) -> ag.Tensor:
    return ag.ones(*shape, dtype=np.float64, requires_grad=True)


# (description, call, exception type, pattern the message must match)
BAD_CALLS: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    ("add shapes", lambda: leaf(2) + leaf(3), ValueError, r"add: .*\(2,\).*\(3,\)"),
    ("sub shapes", lambda: leaf(2, 3) - leaf(3, 2), ValueError, r"sub: .*\(2, ?3\).*\(3, ?2\)"),
    ("mul shapes", lambda: leaf(4) * leaf(2, 3), ValueError, r"mul: .*\(4,\).*\(2, ?3\)"),
    ("div shapes", lambda: leaf(2) / leaf(3), ValueError, r"div: .*\(2,\).*\(3,\)"),
    ("pow shapes", lambda: leaf(2) ** leaf(3), ValueError, r"pow: .*\(2,\).*\(3,\)"),
    ("maximum shapes", lambda: ag.maximum(leaf(2), leaf(3)), ValueError, r"maximum: .*\(2,\).*\(3,\)"),
    ("minimum shapes", lambda: ag.minimum(leaf(2), leaf(3)), ValueError, r"minimum: .*\(2,\).*\(3,\)"),
    (
        "where shapes",
        lambda: ag.where(np.array([True, False]), leaf(3), leaf(3)),
        ValueError,
        r"where: .*\(2,\).*\(3,\)",
    ),
    ("matmul shapes", lambda: leaf(2, 3) @ leaf(2, 3), ValueError, r"matmul: .*\(2, 3\) and \(2, 3\)"),
    ("matmul scalar", lambda: leaf() @ leaf(3), ValueError, r"matmul: .*at least one axis"),
    ("concatenate shapes", lambda: ag.concatenate([leaf(2, 3), leaf(2, 2)]), ValueError, r"concatenate: .*\(2, 2\)"),
    ("stack shapes", lambda: ag.stack([leaf(2, 3), leaf(2, 2)]), ValueError, r"stack: .*\(2, 3\).*\(2, 2\)"),
    ("reshape size", lambda: leaf(2, 3).reshape(4, 2), ValueError, r"reshape: .*size 6.*\(4, ?2\)"),
    ("reshape float", lambda: leaf(4).reshape(2.0, 2), TypeError, r"reshape: .*ints"),
    ("broadcast_to shape", lambda: leaf(2, 3).broadcast_to((3, 3)), ValueError, r"broadcast_to: .*\(3, ?3\)"),
    ("expand shape", lambda: leaf(2, 3).expand(4, 3), ValueError, r"broadcast_to: .*\(4, ?3\)"),
    ("in-place shape", lambda: _in_place_add(leaf(3), ag.ones(2, 3)), ValueError, r"\+=: .*\(2, 3\).*\(3,\)"),
    ("string data", lambda: ag.tensor("abc"), TypeError, r"numeric"),
    ("object data", lambda: ag.tensor([object()]), TypeError, r"numeric"),
    ("ragged data", lambda: ag.tensor([[1.0, 2.0], [3.0]]), TypeError, r"numeric"),
    ("complex data", lambda: ag.tensor(1 + 2j), TypeError, r"numeric.*complex"),
    ("None data", lambda: ag.tensor(None), TypeError, r"numeric"),
    ("string operand", lambda: leaf(2) + "a", TypeError, r"add: .*numeric"),
    ("None operand", lambda: leaf(2) * None, TypeError, r"mul: .*numeric"),
    ("string array operand", lambda: leaf(2) - np.array(["a", "b"]), TypeError, r"sub: .*numeric"),
    ("int requires_grad", lambda: ag.tensor([1, 2], requires_grad=True), TypeError, r"floating.*int64"),
    ("bool requires_grad", lambda: ag.tensor([True], requires_grad=True), TypeError, r"floating.*bool"),
    ("int creation requires_grad", lambda: ag.zeros(2, dtype=np.int64, requires_grad=True), TypeError, r"floating"),
    ("index out of range", lambda: leaf(3)[5], IndexError, r"getitem: .*5.*\(3,\)"),
    ("negative index out of range", lambda: leaf(2, 3)[:, -4], IndexError, r"getitem: .*-4.*\(2, 3\)"),
    ("index array out of range", lambda: leaf(3)[[0, 3]], IndexError, r"getitem: .*3.*\(3,\)"),
    ("too many indices", lambda: leaf(3)[0, 0], IndexError, r"getitem: .*too many indices.*\(3,\)"),
    ("mask shape", lambda: leaf(3)[np.array([True, False])], IndexError, r"getitem: .*boolean.*\(3,\)"),
    ("float index", lambda: leaf(3)[1.0], IndexError, r"getitem: .*integers"),
    ("float index array", lambda: leaf(3)[np.array([0.5])], IndexError, r"getitem: .*float"),
    ("string index", lambda: leaf(3)["a"], IndexError, r"getitem"),
    ("sum axis", lambda: leaf(2, 3).sum(axis=2), IndexError, r"sum: axis 2 .*2 axes"),
    ("mean negative axis", lambda: leaf(2, 3).mean(axis=-3), IndexError, r"mean: axis -3"),
    ("max repeated axis", lambda: leaf(2, 3).max(axis=(0, 0)), ValueError, r"max: repeated axis"),
    ("var axis type", lambda: leaf(2, 3).var(axis=0.5), TypeError, r"var: axis must be an int"),
    ("prod axis tuple", lambda: leaf(2, 3).prod(axis=(0, 5)), IndexError, r"prod: axis 5"),
    ("logsumexp axis", lambda: leaf(2).logsumexp(axis=1), IndexError, r"logsumexp: axis 1"),
    ("softmax axis", lambda: leaf(2, 3).softmax(axis=2), IndexError, r"softmax: axis 2"),
    ("log_softmax axis tuple", lambda: ag.log_softmax(leaf(2, 3), axis=(0, 1)), TypeError, r"log_softmax: axis"),
    ("squeeze axis", lambda: leaf(2, 3).squeeze(0), ValueError, r"squeeze: axis 0 has length 2"),
    ("unsqueeze axis", lambda: leaf(2, 3).unsqueeze(4), IndexError, r"unsqueeze: axis 4"),
    ("swapaxes axis", lambda: leaf(2, 3).swapaxes(0, 2), IndexError, r"swapaxes: axis 2"),
    ("transpose axes", lambda: leaf(2, 3).transpose(0, 0), ValueError, r"transpose: .*\(0, 0\)"),
    ("flatten axes", lambda: leaf(2, 3).flatten(1, 0), ValueError, r"flatten: start_axis 1"),
    ("concatenate axis", lambda: ag.concatenate([leaf(2, 3), leaf(2, 3)], axis=2), IndexError, r"concatenate: axis 2"),
    ("stack axis", lambda: ag.stack([leaf(2), leaf(2)], axis=3), IndexError, r"stack: .*axis 3"),
    ("split sections", lambda: ag.split(leaf(5), 2), ValueError, r"split: .*length 5 .*2 equal"),
    ("split axis", lambda: ag.split(leaf(4), 2, axis=1), IndexError, r"split: axis 1"),
    ("argmax axis", lambda: leaf(2, 3).argmax(axis=2), IndexError, r"argmax: axis 2"),
    ("max of empty", lambda: ag.max(leaf(0)), ValueError, r"max: .*length 0"),
    ("pad negative", lambda: ag.pad(leaf(2), -1), ValueError, r"pad: .*non-negative"),
    ("clip without bounds", lambda: leaf(2).clip(), ValueError, r"clip: .*lo and hi"),
    ("gelu approximation", lambda: ag.gelu(leaf(2), approximate="fast"), ValueError, r"gelu: .*'fast'"),
    ("unknown keyword", lambda: leaf(2).sum(dims=0), TypeError, r"sum: unexpected keyword"),
    ("t of 3 axes", lambda: leaf(2, 3, 4).t(), ValueError, r"t: .*at most 2 axes.*\(2, 3, 4\)"),
    ("mm of a vector", lambda: leaf(3).mm(leaf(3, 2)), ValueError, r"mm: .*2-D.*\(3,\) and \(3, 2\)"),
    (
        "mm shapes",
        lambda: ag.mm(leaf(2, 3), leaf(2, 3)),
        ValueError,
        r"mm: cannot multiply shapes \(2, 3\) and \(2, 3\)",
    ),
    ("dot of matrices", lambda: leaf(2, 1).dot(leaf(2, 1)), ValueError, r"dot: .*1-D.*\(2, 1\)"),
    ("dot lengths", lambda: ag.dot(leaf(2), leaf(3)), ValueError, r"dot: .*different lengths.*\(2,\) and \(3,\)"),
    ("norm p=0", lambda: leaf(3).norm(0), ValueError, r"norm: p must be a positive number.*got 0"),
    ("norm nuclear", lambda: leaf(2, 2).norm("nuc"), ValueError, r"norm: .*'nuc'"),
    ("norm of integers", lambda: ag.tensor([3, 4]).norm(), TypeError, r"norm: .*floating.*int64"),
    ("norm axis", lambda: leaf(2, 3).norm(dim=2), IndexError, r"norm: axis 2"),
    ("cumsum without axis", lambda: leaf(3).cumsum(), TypeError, r"cumsum: missing the axis"),
    ("cumsum axis", lambda: leaf(3).cumsum(1), IndexError, r"cumsum: axis 1"),
    ("flip repeated axis", lambda: leaf(2, 3).flip(0, 0), ValueError, r"flip: repeated axis"),
    ("flip axis and dims", lambda: ag.flip(leaf(2), 0, dims=0), TypeError, r"flip: got both axis=0 and dims=0"),
    ("repeat too few sizes", lambda: leaf(2, 3).repeat(2), ValueError, r"repeat: 1 sizes \(2,\) for .*\(2, 3\)"),
    ("tile negative", lambda: ag.tile(leaf(2), (-1,)), ValueError, r"tile: .*non-negative.*\(-1,\)"),
    ("chunk zero", lambda: leaf(4).chunk(0), ValueError, r"chunk: .*positive int, got 0"),
    ("chunk scalar", lambda: ag.chunk(leaf(), 2), ValueError, r"chunk: a scalar"),
    (
        "index_select matrix index",
        lambda: leaf(3).index_select(0, ag.tensor([[0]])),
        ValueError,
        r"index_select: .*1-D.*\(1, 1\)",
    ),
    (
        "index_select range",
        lambda: leaf(2, 3).index_select(1, [0, 3]),
        IndexError,
        r"index_select: index 3 .*3 elements along axis 1",
    ),
    (
        "index_select negative",
        lambda: leaf(3).index_select(0, [-1]),
        IndexError,
        r"index_select: index -1 is out of range",
    ),
    (
        "index_select float index",
        lambda: leaf(3).index_select(0, [0.5]),
        TypeError,
        r"index_select: indices must be integers",
    ),
    (
        "gather axes",
        lambda: leaf(2, 3).gather(0, ag.tensor([0, 1])),
        ValueError,
        r"gather: .*as many axes.*\(2,\).*\(2, 3\)",
    ),
    (
        "gather longer",
        lambda: leaf(2, 3).gather(0, ag.tensor([[0, 1, 1, 0]])),
        ValueError,
        r"gather: .*\(1, 4\) is longer .*along axis 1",
    ),
    (
        "gather range",
        lambda: leaf(2, 3).gather(0, ag.tensor([[0, 2]])),
        IndexError,
        r"gather: index 2 .*2 elements along axis 0",
    ),
    ("gather without axis", lambda: leaf(2).gather(index=ag.tensor([0])), TypeError, r"gather: missing the axis"),
    ("topk k", lambda: leaf(3).topk(4), ValueError, r"topk: k=4 is out of range for 3 elements"),
    ("sort axis", lambda: leaf(3).sort(1), IndexError, r"sort: axis 1"),
    (
        "masked_fill int mask",
        lambda: leaf(3).masked_fill(ag.tensor([1, 0, 1]), 0.0),
        TypeError,
        r"masked_fill: .*bool.*int64",
    ),
    (
        "masked_fill mask shape",
        lambda: leaf(3).masked_fill(np.ones(2, bool), 0.0),
        ValueError,
        r"masked_fill: .*\(2,\).*\(3,\)",
    ),
    (
        "masked_fill value",
        lambda: leaf(3).masked_fill(np.ones(3, bool), leaf(3)),
        ValueError,
        r"masked_fill: .*0-d tensor.*\(3,\)",
    ),
    (
        "add float alpha for integers",
        lambda: ag.tensor([1]).add(ag.tensor([2]), alpha=0.5),
        TypeError,
        r"add: alpha=0.5",
    ),
    ("sub alpha type", lambda: ag.sub(leaf(2), leaf(2), alpha=None), TypeError, r"sub: alpha must be a number"),
    ("floor of bool", lambda: ag.floor(ag.tensor([True])), TypeError, r"floor: not defined for bool"),
    ("round decimals float", lambda: leaf(2).round(0.5), TypeError, r"round: decimals must be an int, got 0.5"),
    ("amax axis", lambda: leaf(2, 3).amax(axis=2), IndexError, r"amax: axis 2 .*2 axes"),
    ("amin repeated axis", lambda: ag.amin(leaf(2, 3), dim=(1, 1)), ValueError, r"amin: repeated axis"),
    ("amax of empty", lambda: ag.amax(leaf(0)), ValueError, r"max over an axis of length 0"),
    (
        "isclose dtypes",
        lambda: ag.isclose(ag.tensor([1]), ag.tensor([1.0])),
        TypeError,
        r"isclose: the tensors have dtypes int64 and float32",
    ),
    ("isclose shapes", lambda: leaf(2).isclose(leaf(3)), ValueError, r"isclose: shapes \(2,\) and \(3,\)"),
    ("allclose atol", lambda: ag.allclose(leaf(2), leaf(2), atol=-1.0), ValueError, r"isclose: .*atol=-1.0"),
    ("outer of a matrix", lambda: ag.outer(leaf(2, 2), leaf(2)), ValueError, r"outer: .*1-D.*\(2, 2\) and \(2,\)"),
    ("tril of a vector", lambda: leaf(3).tril(), ValueError, r"tril: .*at least 2 axes.*\(3,\)"),
    ("triu diagonal", lambda: ag.triu(leaf(2, 2), 0.5), TypeError, r"triu: diagonal must be an int"),
    ("trace of 3 axes", lambda: leaf(2, 2, 2).trace(), ValueError, r"trace: .*2-D.*\(2, 2, 2\)"),
    ("trace of bool", lambda: ag.trace(ag.tensor([[True]])), TypeError, r"trace: not defined for bool"),
    ("roll two shifts no axis", lambda: leaf(2, 3).roll((1, 2)), ValueError, r"roll: .*one shift, got shifts \(1, 2\)"),
    (
        "roll shifts and axes",
        lambda: ag.roll(leaf(2, 3), (1, 2), (0,)),
        ValueError,
        r"roll: shifts \(1, 2\) and axes \(0,\) must pair up",
    ),
    ("roll axis", lambda: leaf(2, 3).roll(1, 2), IndexError, r"roll: axis 2"),
    ("roll scalar axis", lambda: ag.roll(leaf(), 1, 0), IndexError, r"roll: axis 0 .*0 axes"),
    (
        "roll float shift",
        lambda: leaf(3).roll(1.5),
        TypeError,
        r"roll: shifts must be an int or a tuple of ints, got 1.5",
    ),
    ("unbind scalar", lambda: ag.unbind(leaf()), IndexError, r"unbind: axis 0 .*0 axes"),
    ("unbind axis", lambda: leaf(2, 3).unbind(dim=2), IndexError, r"unbind: axis 2"),
    ("view_as size", lambda: leaf(2, 3).view_as(leaf(4)), ValueError, r"reshape: .*\(4,\)"),
    ("new_zeros shape", lambda: leaf(2).new_zeros(-1, 2), ValueError, r"new_zeros: a shape is non-negative ints"),
    ("new_full device", lambda: leaf(2).new_full((2,), 1.0, device="cuda"), ValueError, r"new_full: only the 'cpu'"),
    (
        "new_ones int requires_grad",
        lambda: ag.tensor([1]).new_ones(2, requires_grad=True),
        TypeError,
        r"floating.*int64",
    ),
]


def _in_place_add(target: ag.Tensor, other: ag.Tensor) -> None:
    with ag.no_grad():
        target += other


@pytest.mark.parametrize(
    ("call", "kind", "pattern"), [pytest.param(call, kind, pattern, id=name) for name, call, kind, pattern in BAD_CALLS]
)
def test_bad_input_raises_a_clear_error_before_recording(
    recordings: list[str], call: Callable[[], Any], kind: type[Exception], pattern: str
) -> None:
    with pytest.raises(kind, match=pattern):
        call()
    assert recordings == []


def test_failed_in_place_update_leaves_the_tensor_unchanged() -> None:
    x = ag.tensor([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"shape"):
        x += ag.ones(2, 3)
    np.testing.assert_array_equal(x.data, [1.0, 2.0, 3.0])
    assert x._version == 0


# ---------------------------------------------------------------------- backward misuse
def test_backward_of_a_non_scalar_needs_a_gradient_and_changes_nothing() -> None:
    x = leaf(2)
    y = x.exp()
    with pytest.raises(RuntimeError, match=r"one-element .*shape \(2,\).*gradient="):
        y.backward()
    assert x.grad is None
    y.backward(np.ones(2))  # the graph was not consumed by the failed call
    np.testing.assert_allclose(x.grad.data, np.e)


def test_backward_with_a_gradient_of_the_wrong_shape() -> None:
    x = leaf(2)
    with pytest.raises(RuntimeError, match=r"gradient 0 has shape \(3,\).*shape \(2,\)"):
        x.exp().backward(np.ones(3))
    with pytest.raises(RuntimeError, match=r"shape \(1, 2\)"):
        x.exp().backward(ag.ones(1, 2))
    assert x.grad is None


def test_backward_with_a_non_numeric_gradient() -> None:
    with pytest.raises(TypeError, match=r"not numeric"):
        leaf(2).exp().backward("ab")


def test_backward_of_a_tensor_outside_the_graph() -> None:
    with pytest.raises(RuntimeError, match=r"does not require grad"):
        ag.ones(2).sum().backward()
    with ag.no_grad():
        detached = (leaf(2) * 2.0).sum()
    with pytest.raises(RuntimeError, match=r"no_grad"):
        detached.backward()


def test_grad_misuse() -> None:
    x = leaf(2)
    with pytest.raises(RuntimeError, match=r"input 0 does not require grad"):
        ag.grad(x.sum(), ag.ones(2))
    with pytest.raises(ValueError, match=r"2 outputs but 1 gradients"):
        ag.grad([x.sum(), x.sum()], x, grad_outputs=[None])
    with pytest.raises(TypeError, match=r"grad: input 0 is a ndarray, not a Tensor"):
        ag.grad(x.sum(), np.ones(2))


def test_grad_of_an_unused_input_raises_before_the_graph_is_freed() -> None:
    x, unused = leaf(3), leaf(2)
    loss = (x * x).sum()
    with pytest.raises(RuntimeError, match=r"grad: input 1 \(shape \(2,\)\) was not used"):
        ag.grad(loss, [x, unused])
    (gradient,) = ag.grad(loss, [x])  # the graph is still there
    np.testing.assert_allclose(gradient.data, 2 * x.data)


def test_functional_misuse() -> None:
    with pytest.raises(ValueError, match=r"v\[0\] has shape \(3,\)"):
        ag.functional.vjp(lambda v: v * 2.0, ag.ones(2), ag.ones(3))
    with pytest.raises(RuntimeError, match=r"one number"):
        ag.functional.hessian(lambda v: v * 2.0, ag.ones(2))
    with pytest.raises(TypeError, match=r"one-element"):
        ag.functional.value_and_grad(lambda v: v * 2.0)(ag.ones(2))
    with pytest.raises(TypeError, match=r"floating point"):
        ag.functional.jacobian(lambda v: v * 2, ag.tensor([1, 2]))


def test_function_forward_must_return_tensors() -> None:
    class ReturnsArray(ag.Function):
        @staticmethod
        def forward(ctx: ag.FunctionContext, x: ag.Tensor) -> Any:
            return x.data * 2

        @staticmethod
        def backward(ctx: ag.FunctionContext, grad: ag.Tensor) -> ag.Tensor:
            return grad

    with pytest.raises(TypeError, match=r"ReturnsArray.forward must return Tensors"):
        ReturnsArray.apply(leaf(2))


def test_creation_and_configuration_misuse() -> None:
    with pytest.raises(ValueError, match=r"zeros: .*non-negative"):
        ag.zeros(-1)
    with pytest.raises(ValueError, match=r"randint: high"):
        ag.randint(5, 2)
    with pytest.raises(ValueError, match=r"arange: step must not be zero"):
        ag.arange(0, 5, 0)
    with pytest.raises(TypeError, match=r"manual_seed"):
        ag.manual_seed("seed")
    with pytest.raises(TypeError, match=r"set_default_dtype"):
        ag.set_default_dtype(np.int32)
    assert ag.get_default_dtype() == np.float32


def test_the_recording_counter_sees_recorded_ops(recordings: list[str]) -> None:
    leaf(2) * 2.0
    assert recordings == ["mul"]


def test_nn_misuse_is_named_before_it_matters(tmp_path: Any) -> None:
    import nn

    with pytest.raises(TypeError, match=r"DataLoader: the dataset must have __len__ and __getitem__"):
        nn.data.DataLoader(5)
    module = nn.Module()
    with pytest.raises(KeyError, match=r"attribute 'forward' already exists"):  # it would hide the method
        module.register_parameter("forward", nn.Parameter(np.ones(1)))
    path = tmp_path / "half.safetensors"
    header = b'{"x":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}'
    path.write_bytes(len(header).to_bytes(8, "little") + header + b"\0" * 4)
    with pytest.raises(ValueError, match=r"nn.load: .*half.safetensors"):
        nn.load(path)


@pytest.mark.parametrize(
    "mistake",
    [
        lambda: ag.ones(2, 3) @ ag.ones(4, 5),
        lambda: ag.ones(2, 3) + ag.ones(4, 5),
        lambda: ag.ones(6).reshape(4, 2),
        lambda: ag.concatenate([ag.ones(2, 3), ag.ones(2, 4)]),
        lambda: F.linear(ag.ones(2, 3), ag.ones(4, 5)),
        lambda: nn.BatchNorm1d(3)(ag.ones(4, 5)),
        lambda: F.cross_entropy(ag.ones(3, 4), ag.ones(3, 5)),
        lambda: F.binary_cross_entropy(ag.full((3,), 1.5), ag.ones(3)),
        lambda: nn.LayerNorm(3)(ag.ones(4, 5)),
        lambda: nn.Conv2d(3, 4, 2)(ag.ones(1, 5, 4, 4)),
        lambda: nn.MaxPool2d(5)(ag.ones(1, 3, 4, 4)),
    ],
    ids=[
        "matmul",
        "add",
        "reshape",
        "concatenate",
        "linear",
        "batch_norm",
        "cross_entropy",
        "bce_range",
        "layer_norm",
        "conv2d",
        "max_pool2d",
    ],
)
def test_bad_input_is_both_a_value_error_and_pytorchs_runtime_error(mistake: Any) -> None:
    with pytest.raises(ag.InputError) as raised:
        mistake()
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, RuntimeError)


@pytest.mark.parametrize(
    "mistake",
    [
        lambda: ag.Tensor([1, 2], requires_grad=True),
        lambda: ag.Tensor([1, 2]).requires_grad_(),
        lambda: setattr(ag.Tensor([1.0, 2.0], requires_grad=True), "grad", ag.Tensor(np.zeros(2))),
        lambda: ag.norm(ag.Tensor([1, 2])),
        lambda: ag.masked_fill(ag.Tensor([1.0, 2.0]), ag.Tensor([1.0, 0.0]), 0.0),
        lambda: ag.functional.jacobian(lambda t: t * 2, ag.Tensor([1, 2])),
        lambda: nn.functional.cross_entropy(ag.Tensor([[1.0, 2.0]]), ag.Tensor([True])),
        lambda: ag.isclose(ag.Tensor([1.0]), ag.Tensor(np.array([1.0]))),
        lambda: ag.floor(ag.Tensor([True])),
        lambda: ag.trace(ag.Tensor([[True]])),
    ],
    ids=[
        "tensor",
        "requires_grad_",
        "grad_setter",
        "norm",
        "masked_fill",
        "jacobian",
        "cross_entropy",
        "isclose",
        "floor",
        "trace",
    ],
)
def test_dtype_mistakes_are_both_a_type_error_and_pytorchs_runtime_error(mistake: Any) -> None:
    with pytest.raises(ag.DtypeError) as raised:
        mistake()
    assert isinstance(raised.value, TypeError) and isinstance(raised.value, RuntimeError)


def test_norm_names_itself_for_an_axis_that_is_not_an_int() -> None:
    with pytest.raises(TypeError, match=r"norm: axis must be an int or a tuple of ints, got 0.5"):
        ag.norm(ag.ones(3, 4), axis=0.5)


def test_item_assignment_into_an_expanded_tensor_says_to_clone_it() -> None:
    expanded = ag.ones(3).expand(2, 3)
    with pytest.raises(ag.InputError, match=r"__setitem__: .*read-only.*shape \(2, 3\).*clone\(\)"):
        expanded[0] = 5.0


def test_an_in_place_result_of_another_kind_is_a_dtype_error() -> None:
    counts = ag.tensor([1, 2])
    with pytest.raises(ag.DtypeError, match=r"add_: .*float32.*int64"):
        counts.add_(0.5)
    np.testing.assert_array_equal(counts.data, [1, 2])
