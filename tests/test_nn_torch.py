"""Parity with PyTorch in float64: every layer (outputs, input and parameter gradients, running
statistics), every loss (values and gradients, each reduction), every optimizer (30-step
trajectories) and schedule, and state dicts exchanged both ways."""

from __future__ import annotations

import inspect
import itertools
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import autograd_core as ag
import nn
import nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional
# The tensors here are tiny: PyTorch's thread pool only adds its wake-up cost (~10 ms a call).
torch.set_num_threads(1)

RTOL, ATOL = 1e-10, 1e-12


def to_torch(array: np.ndarray, requires_grad: bool = False) -> Any:
    return torch.from_numpy(np.array(array)).requires_grad_(requires_grad)


def copy_into_torch(ours: nn.Module, theirs: Any) -> None:
    theirs.load_state_dict({name: torch.from_numpy(np.array(t.data)) for name, t in ours.state_dict().items()})


def assert_close(mine: Any, reference: Any, rtol: float = RTOL, atol: float = ATOL) -> None:
    mine = mine.data if isinstance(mine, ag.Tensor) else np.asarray(mine)
    reference = reference.detach().numpy() if hasattr(reference, "detach") else np.asarray(reference)
    assert mine.shape == reference.shape
    np.testing.assert_allclose(mine, reference, rtol=rtol, atol=atol)


def check_layer(ours: nn.Module, theirs: Any, x: np.ndarray, steps: int = 1, input_grad: bool = True) -> None:
    """Forward, backward with a random upstream gradient, parameter gradients and buffers match."""
    ours.double()
    theirs.double()
    copy_into_torch(ours, theirs)
    rng = np.random.default_rng(7)
    for _ in range(steps):
        our_x = ag.tensor(x, requires_grad=input_grad)
        their_x = to_torch(x, input_grad)
        our_out, their_out = ours(our_x), theirs(their_x)
        assert_close(our_out, their_out)
        upstream = rng.standard_normal(our_out.shape)
        ours.zero_grad()
        theirs.zero_grad()
        our_out.backward(upstream)
        their_out.backward(to_torch(upstream))
        if input_grad:
            assert_close(our_x.grad, their_x.grad)
        their_parameters = dict(theirs.named_parameters())
        for name, parameter in ours.named_parameters():
            assert_close(parameter.grad, their_parameters[name].grad)
    their_state = theirs.state_dict()
    for name, tensor in ours.state_dict().items():
        assert_close(tensor, their_state[name])


# ---------------------------------------------------------------------- layers
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shape", [(5, 4), (2, 3, 4), (4,)])
def test_linear(bias: bool, shape: tuple[int, ...], rng: np.random.Generator) -> None:
    check_layer(nn.Linear(4, 3, bias=bias), torch.nn.Linear(4, 3, bias=bias), rng.standard_normal(shape))


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (nn.ReLU(), torch.nn.ReLU()),
        (nn.LeakyReLU(0.2), torch.nn.LeakyReLU(0.2)),
        (nn.LeakyReLU(), torch.nn.LeakyReLU()),
        (nn.Sigmoid(), torch.nn.Sigmoid()),
        (nn.Tanh(), torch.nn.Tanh()),
        (nn.GELU(), torch.nn.GELU()),
        (nn.GELU(approximate="tanh"), torch.nn.GELU(approximate="tanh")),
        (nn.Softmax(axis=1), torch.nn.Softmax(dim=1)),
        (nn.Softmax(dim=-1), torch.nn.Softmax(dim=-1)),
        (nn.LogSoftmax(axis=1), torch.nn.LogSoftmax(dim=1)),
        (nn.Softplus(), torch.nn.Softplus()),
        (nn.Softplus(beta=2.0, threshold=3.0), torch.nn.Softplus(beta=2.0, threshold=3.0)),
        (nn.Identity(), torch.nn.Identity()),
        (nn.Flatten(), torch.nn.Flatten()),
        (nn.Flatten(0, 1), torch.nn.Flatten(0, 1)),
    ],
    ids=lambda module: repr(module),
)
def test_activation_and_shape_layers(ours: nn.Module, theirs: Any, rng: np.random.Generator) -> None:
    check_layer(ours, theirs, rng.standard_normal((4, 5, 3)) * 3)


NEW_ACTIVATIONS = [
    (lambda m: m.SiLU(), "silu", {}),
    (lambda m: m.ELU(), "elu", {}),
    (lambda m: m.ELU(alpha=0.4), "elu", {"alpha": 0.4}),
    (lambda m: m.CELU(alpha=2.0), "celu", {"alpha": 2.0}),
    (lambda m: m.SELU(), "selu", {}),
    (lambda m: m.ReLU6(), "relu6", {}),
    (lambda m: m.Hardtanh(), "hardtanh", {}),
    (lambda m: m.Hardtanh(-2.0, 3.0), "hardtanh", {"min_val": -2.0, "max_val": 3.0}),
    (lambda m: m.Hardsigmoid(), "hardsigmoid", {}),
    (lambda m: m.Hardswish(), "hardswish", {}),
    (lambda m: m.LogSigmoid(), "logsigmoid", {}),
    (lambda m: m.Softsign(), "softsign", {}),
    (lambda m: m.Mish(), "mish", {}),
    (lambda m: m.Tanhshrink(), "tanhshrink", {}),
    (lambda m: m.Softshrink(), "softshrink", {}),
    (lambda m: m.Softshrink(1.0), "softshrink", {"lambd": 1.0}),
    (lambda m: m.Hardshrink(), "hardshrink", {}),
    (lambda m: m.Threshold(0.5, -2.0), "threshold", {"threshold": 0.5, "value": -2.0}),
    (lambda m: m.Softmin(dim=1), "softmin", {"dim": 1}),
    (lambda m: m.GLU(), "glu", {}),
    (lambda m: m.GLU(dim=0), "glu", {"dim": 0}),
]
# Every kink of the functions above, where PyTorch picks one side's derivative, and ±1e4.
KINKS = np.array([-1e4, -50.0, -6.0, -3.0, -2.0, -1.0, -0.5, 0.0, 0.3, 0.5, 1.0, 2.0, 3.0, 6.0, 50.0, 1e4])


def hardsigmoid_tolerance(name: str) -> dict:
    # PyTorch's float64 hardsigmoid backward multiplies by float32(1/6) = 0.16666667163...
    return {"rtol": 3e-8} if name == "hardsigmoid" else {}


@pytest.mark.parametrize(("make", "name", "kwargs"), NEW_ACTIVATIONS, ids=[f"{n}{k}" for _, n, k in NEW_ACTIVATIONS])
def test_new_activation_layers_and_functions(make: Callable, name: str, kwargs: dict, rng: np.random.Generator) -> None:
    x = rng.standard_normal((4, 6, 2)) * 3
    ours, theirs = make(nn), make(torch.nn)
    assert repr(ours) == repr(theirs)
    if name == "hardsigmoid":
        our_x, their_x = ag.tensor(x, requires_grad=True), to_torch(x, True)
        ours(our_x).backward(np.ones(x.shape))
        theirs(their_x).backward(torch.ones(x.shape, dtype=torch.float64))
        assert_close(our_x.grad, their_x.grad, rtol=3e-8)
    else:
        check_layer(ours, theirs, x)
    our_x, their_x = ag.tensor(x, requires_grad=True), to_torch(x, True)
    assert_close(getattr(F, name)(our_x, **kwargs), getattr(TF, name)(their_x, **kwargs))


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [(name, kwargs) for _, name, kwargs in NEW_ACTIVATIONS if name not in ("softmin", "glu")],
    ids=str,
)
def test_new_activations_at_their_kinks_and_at_plus_minus_1e4(name: str, kwargs: dict) -> None:
    our_x, their_x = ag.tensor(KINKS, requires_grad=True), to_torch(KINKS, True)
    mine, reference = getattr(F, name)(our_x, **kwargs), getattr(TF, name)(their_x, **kwargs)
    assert_close(mine, reference, rtol=1e-13, atol=0.0)
    mine.backward(np.ones(KINKS.shape))
    reference.backward(torch.ones(KINKS.shape, dtype=torch.float64))
    assert_close(our_x.grad, their_x.grad, atol=0.0, **hardsigmoid_tolerance(name))


@pytest.mark.parametrize(("num_parameters", "shape"), [(1, (4, 3)), (3, (4, 3)), (3, (2, 3, 4, 2)), (1, (5,))])
def test_prelu(num_parameters: int, shape: tuple, rng: np.random.Generator) -> None:
    ours, theirs = nn.PReLU(num_parameters, init=0.1), torch.nn.PReLU(num_parameters, init=0.1)
    assert repr(ours) == repr(theirs)
    ours.weight.data = rng.uniform(-0.5, 0.5, num_parameters)
    x = rng.standard_normal(shape)
    x.flat[0] = 0.0  # the kink: PyTorch gives the input a·g and the slope 0 there
    check_layer(ours, theirs, x)


@pytest.mark.parametrize("shape", [(8, 3), (6, 3, 5)])
@pytest.mark.parametrize(
    "options",
    [{}, {"momentum": None}, {"momentum": 0.3, "eps": 1e-3}, {"affine": False}, {"track_running_stats": False}],
    ids=str,
)
def test_batchnorm1d_training_and_evaluation(shape: tuple[int, ...], options: dict, rng: np.random.Generator) -> None:
    ours, theirs = nn.BatchNorm1d(3, **options), torch.nn.BatchNorm1d(3, **options)
    x = rng.standard_normal(shape) * 2 + 1
    check_layer(ours, theirs, x, steps=3)
    ours.eval()
    theirs.eval()
    check_layer(ours, theirs, rng.standard_normal(shape))


def test_batchnorm2d_training_and_evaluation(rng: np.random.Generator) -> None:
    ours, theirs = nn.BatchNorm2d(4), torch.nn.BatchNorm2d(4)
    check_layer(ours, theirs, rng.standard_normal((3, 4, 5, 2)) + 2, steps=3)
    ours.eval()
    theirs.eval()
    check_layer(ours, theirs, rng.standard_normal((2, 4, 3, 3)))


def test_batchnorm_with_a_batch_of_one_image_is_fine(rng: np.random.Generator) -> None:
    check_layer(nn.BatchNorm2d(2), torch.nn.BatchNorm2d(2), rng.standard_normal((1, 2, 3, 3)))


@pytest.mark.parametrize(
    ("normalized_shape", "options", "shape"),
    [
        (5, {}, (3, 5)),
        ((4, 5), {}, (2, 3, 4, 5)),
        (5, {"bias": False}, (2, 5)),
        (5, {"elementwise_affine": False}, (4, 5)),
    ],
)
def test_layer_norm(normalized_shape: Any, options: dict, shape: tuple[int, ...], rng: np.random.Generator) -> None:
    ours, theirs = nn.LayerNorm(normalized_shape, **options), torch.nn.LayerNorm(normalized_shape, **options)
    with ag.no_grad():
        for parameter in ours.parameters():  # non-trivial affine parameters
            parameter.data = rng.standard_normal(parameter.shape).astype(parameter.dtype)
    check_layer(ours, theirs, rng.standard_normal(shape) * 3 + 1)


@pytest.mark.parametrize("padding_idx", [None, 2, -1])
def test_embedding(padding_idx: int | None, rng: np.random.Generator) -> None:
    ours = nn.Embedding(6, 3, padding_idx=padding_idx)
    theirs = torch.nn.Embedding(6, 3, padding_idx=padding_idx)
    ours.double()
    theirs.double()
    copy_into_torch(ours, theirs)
    indices = np.array([[0, 2, 5], [2, 2, 1]])
    upstream = rng.standard_normal((2, 3, 3))
    our_out = ours(indices)
    their_out = theirs(torch.from_numpy(indices))
    assert_close(our_out, their_out)
    our_out.backward(upstream)
    their_out.backward(to_torch(upstream))
    assert_close(ours.weight.grad, theirs.weight.grad)


CONVOLUTIONS = [
    ({"kernel_size": 3}, (2, 3, 7, 6)),
    ({"kernel_size": (2, 3), "stride": 2, "padding": 1}, (2, 3, 7, 6)),
    ({"kernel_size": 3, "dilation": 2, "padding": (2, 1)}, (1, 3, 8, 8)),
    ({"kernel_size": 3, "groups": 3, "bias": False}, (2, 3, 5, 5)),
    ({"kernel_size": 3, "padding": "same"}, (2, 3, 5, 6)),
    ({"kernel_size": 2, "padding": "same", "dilation": 3}, (2, 3, 7, 6)),
    ({"kernel_size": 3, "padding": "valid", "stride": (1, 2)}, (2, 3, 5, 6)),
    ({"kernel_size": 3, "padding": 1}, (3, 5, 5)),
]


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths")
@pytest.mark.parametrize(("options", "shape"), CONVOLUTIONS, ids=str)
def test_conv2d(options: dict, shape: tuple[int, ...], rng: np.random.Generator) -> None:
    out_channels = 6
    check_layer(
        nn.Conv2d(3, out_channels, **options), torch.nn.Conv2d(3, out_channels, **options), rng.standard_normal(shape)
    )


POOLS = [
    ({"kernel_size": 2}, (2, 3, 6, 6)),
    ({"kernel_size": 2}, (2, 3, 5, 7)),
    ({"kernel_size": 3, "stride": 2, "padding": 1}, (2, 2, 7, 6)),
    ({"kernel_size": (2, 3), "stride": (1, 2), "dilation": (2, 1)}, (1, 2, 7, 8)),
    ({"kernel_size": 3, "stride": 2, "ceil_mode": True}, (2, 2, 8, 6)),
    ({"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True}, (1, 1, 5, 5)),
    ({"kernel_size": 2}, (3, 4, 4)),
]


@pytest.mark.parametrize(("options", "shape"), POOLS, ids=str)
def test_max_pool2d(options: dict, shape: tuple[int, ...], rng: np.random.Generator) -> None:
    check_layer(nn.MaxPool2d(**options), torch.nn.MaxPool2d(**options), rng.standard_normal(shape))


def test_max_pool2d_sends_the_gradient_of_tied_windows_to_one_element_as_pytorch() -> None:
    x = np.zeros((1, 1, 4, 4))
    x[0, 0, 1, 1] = x[0, 0, 0, 1] = 1.0  # a tie in the first window
    check_layer(nn.MaxPool2d(2), torch.nn.MaxPool2d(2), x)


@pytest.mark.parametrize(
    "options",
    [
        {"kernel_size": 2},
        {"kernel_size": 3, "stride": 2, "padding": 1},
        {"kernel_size": 3, "padding": 1, "count_include_pad": False},
        {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True},
        {"kernel_size": (2, 3), "stride": (2, 1), "padding": (1, 0), "ceil_mode": True, "count_include_pad": False},
        {"kernel_size": 2, "ceil_mode": True, "divisor_override": 3},
    ],
    ids=str,
)
def test_avg_pool2d(options: dict, rng: np.random.Generator) -> None:
    check_layer(nn.AvgPool2d(**options), torch.nn.AvgPool2d(**options), rng.standard_normal((2, 3, 7, 6)))


def pool_sweep(with_dilation: bool) -> list[tuple]:
    """Window arguments, both pooling layers' valid ones (padding at most half the kernel)."""
    cases = []
    for kernel, stride, padding, extra in itertools.product(
        [1, 2, 3, (2, 3)], [None, 1, 2, (2, 1)], [0, 1, (1, 0)], [1, 2, (2, 1)] if with_dilation else [None]
    ):
        kernel_pair = kernel if isinstance(kernel, tuple) else (kernel, kernel)
        padding_pair = padding if isinstance(padding, tuple) else (padding, padding)
        if all(p <= k // 2 for p, k in zip(padding_pair, kernel_pair)):
            cases.append((kernel, stride, padding, extra))
    return cases


def check_pool(ours: Callable, theirs: Callable, x: np.ndarray) -> None:
    """Outputs (and indices when there are two), and the input gradients of a random upstream."""
    our_x, their_x = ag.tensor(x, requires_grad=True), to_torch(x, True)
    our_out, their_out = ours(our_x), theirs(their_x)
    if isinstance(their_out, tuple):
        (our_out, our_indices), (their_out, their_indices) = our_out, their_out
        assert our_indices.dtype == np.int64 and not our_indices.requires_grad
        np.testing.assert_array_equal(our_indices.data, their_indices.numpy())
    assert_close(our_out, their_out)
    upstream = np.random.default_rng(7).standard_normal(our_out.shape)
    our_out.backward(upstream)
    their_out.backward(to_torch(upstream))
    assert_close(our_x.grad, their_x.grad)


@pytest.mark.parametrize("shape", [(2, 2, 7, 6), (2, 5, 8)], ids=str)
@pytest.mark.parametrize("ceil_mode", [False, True])
@pytest.mark.parametrize(("kernel", "stride", "padding", "dilation"), pool_sweep(with_dilation=True), ids=str)
def test_max_pool2d_sweep(
    kernel: Any, stride: Any, padding: Any, dilation: Any, ceil_mode: bool, shape: tuple, rng: np.random.Generator
) -> None:
    x = rng.integers(-3, 4, shape).astype(np.float64)  # few distinct values: ties in most windows
    options = {"stride": stride, "padding": padding, "dilation": dilation, "ceil_mode": ceil_mode}
    check_pool(
        lambda t: F.max_pool2d(t, kernel, return_indices=True, **options),
        lambda t: TF.max_pool2d(t, kernel, return_indices=True, **options),
        x,
    )


@pytest.mark.parametrize("shape", [(2, 2, 7, 6), (2, 5, 8)], ids=str)
@pytest.mark.parametrize("divisor_override", [None, 3])
@pytest.mark.parametrize("count_include_pad", [True, False])
@pytest.mark.parametrize("ceil_mode", [False, True])
@pytest.mark.parametrize(("kernel", "stride", "padding", "_"), pool_sweep(with_dilation=False), ids=str)
def test_avg_pool2d_sweep(
    kernel: Any,
    stride: Any,
    padding: Any,
    _: None,
    ceil_mode: bool,
    count_include_pad: bool,
    divisor_override: int | None,
    shape: tuple,
    rng: np.random.Generator,
) -> None:
    options = {
        "stride": stride,
        "padding": padding,
        "ceil_mode": ceil_mode,
        "count_include_pad": count_include_pad,
        "divisor_override": divisor_override,
    }
    check_pool(
        lambda t: F.avg_pool2d(t, kernel, **options),
        lambda t: TF.avg_pool2d(t, kernel, **options),
        rng.standard_normal(shape),
    )


@pytest.mark.parametrize(
    "arguments",
    [(2,), (3, 2, 1, 2, True), (2, 2, 0, 1, False, True), ((2, 3), (1, 2), (1, 0), (2, 1), True, True), (3, None, 1)],
    ids=str,
)
def test_max_pool2d_layer_takes_pytorchs_positional_arguments_and_prints_as_pytorch(
    arguments: tuple, rng: np.random.Generator
) -> None:
    ours, theirs = nn.MaxPool2d(*arguments), torch.nn.MaxPool2d(*arguments)
    assert repr(ours) == repr(theirs)
    check_pool(ours, theirs, rng.integers(-3, 4, (2, 3, 7, 6)).astype(np.float64))


@pytest.mark.parametrize(
    "arguments",
    [(2,), (3, 2, 1, True), (3, 2, 1, True, False), ((2, 3), (2, 1), (1, 0), True, False, 4), (3, None, 1)],
    ids=str,
)
def test_avg_pool2d_layer_takes_pytorchs_positional_arguments_and_prints_as_pytorch(
    arguments: tuple, rng: np.random.Generator
) -> None:
    ours, theirs = nn.AvgPool2d(*arguments), torch.nn.AvgPool2d(*arguments)
    assert repr(ours) == repr(theirs)
    check_pool(ours, theirs, rng.standard_normal((2, 3, 7, 6)))


def test_max_pool2d_picks_nan_and_minus_infinity_as_pytorch() -> None:
    x = np.array([[[[np.nan, 1.0, np.nan, 2.0], [-np.inf, -np.inf, -np.inf, -np.inf]]]])
    for options in ({"kernel_size": (1, 4)}, {"kernel_size": 2, "stride": 1, "padding": 1}):
        ours = F.max_pool2d(x, return_indices=True, **options)
        theirs = TF.max_pool2d(to_torch(x), return_indices=True, **options)
        np.testing.assert_array_equal(ours[0].data, theirs[0].numpy())
        np.testing.assert_array_equal(ours[1].data, theirs[1].numpy())


def test_a_whole_model_with_shared_weights_of_both_frameworks(rng: np.random.Generator) -> None:
    ours = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1),
        nn.BatchNorm2d(4),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(4 * 3 * 3, 8),
        nn.LayerNorm(8),
        nn.GELU(),
        nn.Linear(8, 3),
    )
    theirs = torch.nn.Sequential(
        torch.nn.Conv2d(1, 4, 3, padding=1),
        torch.nn.BatchNorm2d(4),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(4 * 3 * 3, 8),
        torch.nn.LayerNorm(8),
        torch.nn.GELU(),
        torch.nn.Linear(8, 3),
    )
    check_layer(ours, theirs, rng.standard_normal((5, 1, 6, 6)), steps=2)


# ---------------------------------------------------------------------- state dicts
def test_state_dicts_load_strictly_both_ways(rng: np.random.Generator) -> None:
    ours = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Dropout(0.2), nn.Linear(4, 2))
    theirs = torch.nn.Sequential(
        torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.ReLU(), torch.nn.Dropout(0.2), torch.nn.Linear(4, 2)
    )
    theirs(torch.randn(6, 3))  # running statistics and num_batches_tracked that differ from ours
    ours.load_state_dict(theirs.state_dict())
    for name, tensor in ours.state_dict().items():
        assert_close(tensor, theirs.state_dict()[name], rtol=0, atol=0)
        assert tensor.dtype == theirs.state_dict()[name].numpy().dtype
    ours(ag.tensor(rng.standard_normal((5, 3)).astype(np.float32)))
    theirs.load_state_dict({name: torch.from_numpy(np.array(t.data)) for name, t in ours.state_dict().items()})
    assert int(theirs[1].num_batches_tracked) == int(ours[1].num_batches_tracked.item()) == 2
    assert list(ours.state_dict()) == list(theirs.state_dict())


def test_load_state_dict_result_prints_as_pytorchs() -> None:
    ours, theirs = nn.Linear(2, 3), torch.nn.Linear(2, 3)
    state = {name: torch.from_numpy(np.array(t.data)) for name, t in ours.state_dict().items()}
    assert repr(ours.load_state_dict(state)) == repr(theirs.load_state_dict(state)) == "<All keys matched successfully>"
    assert str(ours.load_state_dict(state)) == str(theirs.load_state_dict(state))
    partial = {"weight": state["weight"], "extra": state["bias"]}
    mine, reference = ours.load_state_dict(partial, strict=False), theirs.load_state_dict(partial, strict=False)
    assert (
        repr(mine)
        == repr(reference).lstrip("_")
        == "IncompatibleKeys(missing_keys=['bias'], unexpected_keys=['extra'])"
    )
    assert tuple(mine) == tuple(reference)


# ---------------------------------------------------------------------- losses
def check_loss(
    ours: Callable[..., ag.Tensor], theirs: Callable[..., Any], x: np.ndarray, target: Any, **kwargs: Any
) -> None:
    our_x, their_x = ag.tensor(x, requires_grad=True), to_torch(x, True)
    their_target = torch.from_numpy(np.array(target)) if isinstance(target, np.ndarray) else target
    for reduction in ("mean", "sum", "none"):
        our_x.grad = None
        their_x.grad = None
        mine = ours(our_x, target, reduction=reduction, **kwargs)
        reference = theirs(their_x, their_target, reduction=reduction, **kwargs)
        assert_close(mine, reference)
        upstream = np.random.default_rng(3).standard_normal(mine.shape)
        mine.backward(upstream)
        reference.backward(to_torch(upstream))
        assert_close(our_x.grad, their_x.grad)


@pytest.mark.parametrize(
    ("ours", "theirs", "kwargs"),
    [
        (F.mse_loss, TF.mse_loss, {}),
        (F.l1_loss, TF.l1_loss, {}),
        (F.huber_loss, TF.huber_loss, {}),
        (F.huber_loss, TF.huber_loss, {"delta": 0.5}),
        (F.smooth_l1_loss, TF.smooth_l1_loss, {}),
        (F.smooth_l1_loss, TF.smooth_l1_loss, {"beta": 0.3}),
        (F.smooth_l1_loss, TF.smooth_l1_loss, {"beta": 0.0}),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_regression_losses(ours: Callable, theirs: Callable, kwargs: dict, rng: np.random.Generator) -> None:
    x, target = rng.standard_normal((4, 3)) * 2, rng.standard_normal((4, 3))
    check_loss(ours, theirs, x, target, **kwargs)


def test_regression_losses_also_differentiate_the_target(rng: np.random.Generator) -> None:
    x, y = rng.standard_normal((3, 2)), rng.standard_normal((3, 2))
    our_y, their_y = ag.tensor(y, requires_grad=True), to_torch(y, True)
    F.huber_loss(ag.tensor(x), our_y).backward()
    TF.huber_loss(to_torch(x), their_y).backward()
    assert_close(our_y.grad, their_y.grad)


CROSS_ENTROPY_CASES = [
    ((6, 4), "indices", {}),
    ((6, 4), "indices", {"weight": np.array([0.5, 2.0, 1.0, 0.1])}),
    ((6, 4), "indices", {"ignore_index": 1}),
    ((6, 4), "indices", {"label_smoothing": 0.2}),
    ((6, 4), "indices", {"label_smoothing": 0.3, "weight": np.array([0.5, 2.0, 1.0, 0.1]), "ignore_index": 2}),
    ((2, 4, 3, 2), "indices", {"weight": np.array([0.5, 2.0, 1.0, 0.1])}),
    ((4,), "indices", {}),
    ((6, 4), "probabilities", {}),
    ((6, 4), "probabilities", {"label_smoothing": 0.1, "weight": np.array([0.5, 2.0, 1.0, 0.1])}),
    ((2, 4, 3), "probabilities", {}),
]


@pytest.mark.parametrize(("shape", "kind", "kwargs"), CROSS_ENTROPY_CASES, ids=str)
def test_cross_entropy(shape: tuple[int, ...], kind: str, kwargs: dict, rng: np.random.Generator) -> None:
    x = rng.standard_normal(shape) * 3
    if kind == "indices":
        target_shape = () if len(shape) == 1 else (shape[0], *shape[2:])
        target = rng.integers(0, shape[0 if len(shape) == 1 else 1], target_shape)
    else:
        target = rng.dirichlet(np.ones(shape[1]), size=(shape[0], *shape[2:]))
        target = np.moveaxis(target, -1, 1)
    their_kwargs = {k: to_torch(v) if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}

    def ours(x: ag.Tensor, t: Any, reduction: str) -> ag.Tensor:
        return nn.CrossEntropyLoss(reduction=reduction, **kwargs)(x, t)

    def theirs(x: Any, t: Any, reduction: str) -> Any:
        return torch.nn.CrossEntropyLoss(reduction=reduction, **their_kwargs)(x, t)

    check_loss(ours, theirs, x, target)


def test_cross_entropy_with_an_ignored_sample_in_the_fast_path_is_also_right(rng: np.random.Generator) -> None:
    x = rng.standard_normal((5, 3))
    check_loss(F.cross_entropy, TF.cross_entropy, x, np.array([0, -100, 2, 1, 1]))


@pytest.mark.parametrize("kwargs", [{}, {"weight": np.array([1.0, 3.0, 0.5])}, {"ignore_index": 0}], ids=str)
@pytest.mark.parametrize("shape", [(5, 3), (2, 3, 4)])
def test_nll_loss(kwargs: dict, shape: tuple[int, ...], rng: np.random.Generator) -> None:
    x = np.log(rng.dirichlet(np.ones(3), size=(shape[0], *shape[2:])))
    x = np.moveaxis(x, -1, 1)
    target = rng.integers(0, 3, (shape[0], *shape[2:]))
    their_kwargs = {k: to_torch(v) if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}
    check_loss(
        lambda a, t, reduction: F.nll_loss(a, t, reduction=reduction, **kwargs),
        lambda a, t, reduction: TF.nll_loss(a, t, reduction=reduction, **their_kwargs),
        x,
        target,
    )


@pytest.mark.parametrize("with_weight", [False, True])
def test_binary_cross_entropy(with_weight: bool, rng: np.random.Generator) -> None:
    p = rng.uniform(0.05, 0.95, (4, 3))
    target = rng.uniform(0, 1, (4, 3))
    weight = rng.uniform(0.5, 2, (4, 3)) if with_weight else None
    check_loss(
        lambda a, t, reduction: nn.BCELoss(weight, reduction=reduction)(a, t),
        lambda a, t, reduction: torch.nn.BCELoss(None if weight is None else to_torch(weight), reduction=reduction)(
            a, t
        ),
        p,
        target,
    )


@pytest.mark.parametrize(
    "options", [{}, {"weight": True}, {"pos_weight": True}, {"weight": True, "pos_weight": True}], ids=str
)
def test_binary_cross_entropy_with_logits(options: dict, rng: np.random.Generator) -> None:
    x = rng.standard_normal((4, 3)) * 4
    x[0, 0] = 0.0  # the derivative of log(1 + e^−x) at 0 is −½
    target = (rng.uniform(0, 1, (4, 3)) > 0.5).astype(float)
    weight = rng.uniform(0.5, 2, (4, 3)) if options.get("weight") else None
    pos_weight = rng.uniform(0.5, 3, 3) if options.get("pos_weight") else None

    def theirs(a: Any, t: Any, reduction: str) -> Any:
        return torch.nn.BCEWithLogitsLoss(
            None if weight is None else to_torch(weight),
            reduction=reduction,
            pos_weight=None if pos_weight is None else to_torch(pos_weight),
        )(a, t)

    check_loss(
        lambda a, t, reduction: nn.BCEWithLogitsLoss(weight, reduction=reduction, pos_weight=pos_weight)(a, t),
        theirs,
        x,
        target,
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_logit_losses_are_stable_at_plus_minus_1e4(dtype: type) -> None:
    logits = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4], [0.0, 0.0, -1e4]], dtype=dtype)
    classes = np.array([1, 2, 2])
    targets = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 1.0, 0.0]], dtype=dtype)
    for ours, theirs, target in [
        (F.cross_entropy, TF.cross_entropy, classes),
        (F.binary_cross_entropy_with_logits, TF.binary_cross_entropy_with_logits, targets),
    ]:
        for reduction in ("mean", "none"):
            our_x, their_x = ag.tensor(logits, requires_grad=True), to_torch(logits, True)
            mine = ours(our_x, target, reduction=reduction)
            reference = theirs(their_x, torch.from_numpy(target), reduction=reduction)
            assert np.isfinite(mine.data).all()
            np.testing.assert_allclose(mine.data, reference.detach().numpy(), rtol=1e-6)
            mine.sum().backward()
            reference.sum().backward()
            assert np.isfinite(our_x.grad.data).all()
            np.testing.assert_allclose(our_x.grad.data, their_x.grad.numpy(), rtol=1e-6, atol=1e-7)


# ---------------------------------------------------------------------- optimizers
def make_models() -> tuple[nn.Module, Any]:
    ag.manual_seed(5)
    ours = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2)).double()
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Tanh(), torch.nn.Linear(5, 2)).double()
    copy_into_torch(ours, theirs)
    return ours, theirs


OPTIMIZERS = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.01}),
    ("SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "maximize": True}),
    ("Adam", {"lr": 0.01}),
    ("Adam", {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.01, "amsgrad": True}),
    ("AdamW", {"lr": 0.01}),
    ("Adam", {"lr": 0.01, "weight_decay": 0.3, "decoupled_weight_decay": True, "foreach": False}),
    ("AdamW", {"lr": 0.01, "weight_decay": 0.5, "amsgrad": True}),
    ("RMSprop", {"lr": 0.01}),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True, "weight_decay": 0.1}),
    ("RMSprop", {"lr": 0.01, "centered": True}),
    ("Adagrad", {"lr": 0.1}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.1, "initial_accumulator_value": 0.5}),
    ("NAdam", {"lr": 0.01}),
    ("NAdam", {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1, "momentum_decay": 0.01}),
    ("NAdam", {"lr": 0.01, "weight_decay": 0.2, "decoupled_weight_decay": True, "maximize": True}),
    ("RAdam", {"lr": 0.01}),
    ("RAdam", {"lr": 0.01, "betas": (0.8, 0.9), "weight_decay": 0.1}),  # rectified from step 6
    ("RAdam", {"lr": 0.01, "weight_decay": 0.2, "decoupled_weight_decay": True, "maximize": True}),
    ("Adamax", {"lr": 0.01}),
    ("Adamax", {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-3, "weight_decay": 0.1, "maximize": True}),
    ("Adadelta", {}),
    ("Adadelta", {"lr": 0.5, "rho": 0.8, "eps": 1e-4, "weight_decay": 0.1}),
    ("Adadelta", {"rho": 0.95, "maximize": True}),
    ("Rprop", {}),
    ("Rprop", {"lr": 0.05, "etas": (0.3, 1.5), "step_sizes": (1e-3, 0.1)}),
    ("Rprop", {"lr": 0.001, "maximize": True}),
]


@pytest.mark.parametrize(("name", "options"), OPTIMIZERS, ids=str)
def test_optimizer_trajectories_over_30_steps(name: str, options: dict) -> None:
    ours, theirs = make_models()
    our_optimizer = getattr(nn.optim, name)(ours.parameters(), **options)
    their_optimizer = getattr(torch.optim, name)(theirs.parameters(), **options)
    rng = np.random.default_rng(11)
    for _ in range(30):
        train_both_one_step(ours, theirs, our_optimizer, their_optimizer, rng, batch=8)
        for mine, reference in zip(ours.parameters(), theirs.parameters()):
            assert_close(mine, reference, rtol=1e-9, atol=1e-11)


def train_both_one_step(ours, theirs, our_optimizer, their_optimizer, rng: np.random.Generator, batch: int) -> None:
    """One MSE step of both models on the same random batch."""
    x, y = rng.standard_normal((batch, 3)), rng.standard_normal((batch, 2))
    our_optimizer.zero_grad()
    their_optimizer.zero_grad()
    F.mse_loss(ours(ag.tensor(x)), y).backward()
    TF.mse_loss(theirs(to_torch(x)), to_torch(y)).backward()
    our_optimizer.step()
    their_optimizer.step()


def test_parameter_groups_with_their_own_settings() -> None:
    ours, theirs = make_models()
    our_optimizer = nn.optim.SGD(
        [{"params": ours[0].parameters()}, {"params": ours[2].parameters(), "lr": 0.3, "momentum": 0.9}], lr=0.1
    )
    their_optimizer = torch.optim.SGD(
        [{"params": theirs[0].parameters()}, {"params": theirs[2].parameters(), "lr": 0.3, "momentum": 0.9}], lr=0.1
    )
    rng = np.random.default_rng(2)
    for _ in range(5):
        train_both_one_step(ours, theirs, our_optimizer, their_optimizer, rng, batch=4)
    for mine, reference in zip(ours.parameters(), theirs.parameters()):
        assert_close(mine, reference)


GROUPED_OPTIMIZERS = [
    ("NAdam", {"lr": 0.01}, {"lr": 0.03, "betas": (0.5, 0.9), "weight_decay": 0.1, "momentum_decay": 0.1}),
    ("RAdam", {"lr": 0.01}, {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("Adamax", {"lr": 0.01}, {"lr": 0.05, "betas": (0.5, 0.9), "maximize": True}),
    ("Adadelta", {"lr": 1.0}, {"lr": 0.5, "rho": 0.5, "weight_decay": 0.1}),
    ("Rprop", {"lr": 0.01}, {"lr": 0.001, "etas": (0.4, 1.1), "step_sizes": (1e-4, 0.02)}),
]


def grouped_optimizer(namespace: Any, model: Any, name: str, defaults: dict, second: dict) -> Any:
    return getattr(namespace, name)(
        [{"params": model[0].parameters()}, {"params": model[2].parameters(), **second}], **defaults
    )


@pytest.mark.parametrize(
    ("name", "defaults", "second"), GROUPED_OPTIMIZERS, ids=[case[0] for case in GROUPED_OPTIMIZERS]
)
def test_optimizers_with_parameter_groups_and_a_state_dict_reloaded_mid_run(
    name: str, defaults: dict, second: dict
) -> None:
    ours, theirs = make_models()
    our_optimizer = grouped_optimizer(nn.optim, ours, name, defaults, second)
    their_optimizer = grouped_optimizer(torch.optim, theirs, name, defaults, second)
    rng = np.random.default_rng(3)
    for _ in range(15):
        train_both_one_step(ours, theirs, our_optimizer, their_optimizer, rng, batch=8)
    saved = our_optimizer.state_dict()
    their_saved = their_optimizer.state_dict()
    assert saved["state"].keys() == their_saved["state"].keys()
    for index, state in saved["state"].items():
        assert list(state) == list(their_saved["state"][index])  # PyTorch's names, in its order
        for key, value in state.items():
            assert_close(value, their_saved["state"][index][key], rtol=1e-9, atol=1e-11)
    # A new optimizer (with other hyper-parameters, which the state dict replaces) carries on.
    copied = {"state": {k: {n: ag.tensor(np.array(v.data)) for n, v in s.items()} for k, s in saved["state"].items()}}
    our_optimizer = grouped_optimizer(nn.optim, ours, name, {"lr": 123.0}, {})
    our_optimizer.load_state_dict({**copied, "param_groups": saved["param_groups"]})
    for _ in range(15):
        train_both_one_step(ours, theirs, our_optimizer, their_optimizer, rng, batch=8)
        for mine, reference in zip(ours.parameters(), theirs.parameters()):
            assert_close(mine, reference, rtol=1e-9, atol=1e-11)


SCHEDULES = [
    ("StepLR", {"step_size": 3, "gamma": 0.5}),
    ("ExponentialLR", {"gamma": 0.9}),
    ("CosineAnnealingLR", {"T_max": 7}),
    ("CosineAnnealingLR", {"T_max": 5, "eta_min": 0.01}),
    ("LambdaLR", {"lr_lambda": lambda epoch: 1 / (1 + epoch)}),
]


@pytest.mark.parametrize(("name", "options"), SCHEDULES, ids=[name for name, _ in SCHEDULES])
def test_learning_rate_schedules(name: str, options: dict) -> None:
    ours, theirs = make_models()
    our_optimizer = nn.optim.SGD(
        [{"params": ours[0].parameters()}, {"params": ours[2].parameters(), "lr": 0.2}], lr=0.1
    )
    their_optimizer = torch.optim.SGD(
        [{"params": theirs[0].parameters()}, {"params": theirs[2].parameters(), "lr": 0.2}], lr=0.1
    )
    our_schedule = getattr(nn.optim.lr_scheduler, name)(our_optimizer, **options)
    their_schedule = getattr(torch.optim.lr_scheduler, name)(their_optimizer, **options)
    for _ in range(25):  # past T_max, where the cosine rises again
        np.testing.assert_allclose(our_schedule.get_last_lr(), their_schedule.get_last_lr(), rtol=1e-12)
        our_optimizer.step()
        their_optimizer.step()
        our_schedule.step()
        their_schedule.step()


@pytest.mark.parametrize(("name", "options"), SCHEDULES, ids=[name for name, _ in SCHEDULES])
def test_learning_rate_schedules_resumed_at_a_later_epoch(name: str, options: dict) -> None:
    ours, theirs = make_models()
    our_optimizer = nn.optim.SGD(ours.parameters(), lr=0.1)
    their_optimizer = torch.optim.SGD(theirs.parameters(), lr=0.1)
    for group in our_optimizer.param_groups + their_optimizer.param_groups:
        group["initial_lr"] = 1.0  # as a saved schedule leaves it
    our_schedule = getattr(nn.optim.lr_scheduler, name)(our_optimizer, last_epoch=4, **options)
    their_schedule = getattr(torch.optim.lr_scheduler, name)(their_optimizer, last_epoch=4, **options)
    for _ in range(12):
        np.testing.assert_allclose(our_schedule.get_last_lr(), their_schedule.get_last_lr(), rtol=1e-12)
        our_optimizer.step()
        their_optimizer.step()
        our_schedule.step()
        their_schedule.step()


# ---------------------------------------------------------------------- construction and reprs
@pytest.mark.parametrize(
    "make",
    [
        lambda m: m.BatchNorm1d(3),
        lambda m: m.BatchNorm2d(4, bias=False),
        lambda m: m.BatchNorm1d(3, affine=False, momentum=None, track_running_stats=False),
        lambda m: m.LayerNorm(4),
        lambda m: m.LayerNorm((2, 3), bias=False),
        lambda m: m.LayerNorm(4, elementwise_affine=False),
        lambda m: m.ReLU(inplace=True),
        lambda m: m.LeakyReLU(0.2, inplace=True),
        lambda m: m.Softmax(dim=1),
        lambda m: m.LogSoftmax(dim=None),
        lambda m: m.Flatten(),
        lambda m: m.Flatten(start_dim=0, end_dim=2),
        lambda m: m.MSELoss(reduction="sum"),
        lambda m: m.CrossEntropyLoss(label_smoothing=0.1),
        lambda m: m.Conv2d(1, 2, 3, padding="same"),
        lambda m: m.Conv2d(1, 2, 3, padding="valid"),
        lambda m: m.Conv2d(2, 4, (3, 2), stride=2, padding=(1, 0), dilation=2, groups=2, bias=False),
        lambda m: m.Linear(3, 2, device="cpu"),
        lambda m: m.ELU(alpha=0.4, inplace=True),
        lambda m: m.SiLU(inplace=True),
        lambda m: m.ReLU6(inplace=True),
        lambda m: m.Hardtanh(-2, 3, inplace=True),
        lambda m: m.Hardsigmoid(inplace=True),
        lambda m: m.Threshold(0.1, 20, inplace=True),
        lambda m: m.Softmin(),
        lambda m: m.PReLU(3),
        lambda m: m.Embedding(10, 3, padding_idx=0, device="cpu"),
    ],
)
def test_layers_print_as_pytorch_prints_them(make: Callable[[Any], Any]) -> None:
    assert repr(make(nn)) == repr(make(torch.nn))


def test_batch_norm_without_bias_has_the_keys_and_values_of_pytorch() -> None:
    ours, theirs = nn.BatchNorm1d(3, bias=False), torch.nn.BatchNorm1d(3, bias=False).double()
    assert list(ours.state_dict()) == list(theirs.state_dict())
    check_layer(ours, theirs, np.random.default_rng(0).standard_normal((5, 3)))


@pytest.mark.parametrize("shape", [(3,), (2, 3), (2, 3, 4), (2, 3, 4, 5)])
def test_softmax_without_an_axis_picks_pytorchs_axis(shape: tuple[int, ...]) -> None:
    x = np.random.default_rng(1).standard_normal(shape)
    with pytest.warns(UserWarning):  # PyTorch warns that the implicit choice is deprecated
        expected = torch.nn.Softmax()(to_torch(x))
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax"):  # and so do we
        assert_close(nn.Softmax()(ag.tensor(x)), expected)
    with pytest.warns(UserWarning, match="Implicit dimension choice for log_softmax"):
        expected = torch.nn.LogSoftmax()(to_torch(x))
    with pytest.warns(UserWarning, match="Implicit dimension choice for log_softmax"):
        assert_close(nn.LogSoftmax()(ag.tensor(x)), expected)


@pytest.mark.parametrize("shape", [(3,), (2, 3), (2, 3, 4), (2, 3, 4, 5)])
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@pytest.mark.parametrize("spelling", [{}, {"dim": None}, {"axis": None}], ids=str)
def test_softmax_functions_without_an_axis_pick_pytorchs_axis_with_its_warning(
    shape: tuple[int, ...], name: str, spelling: dict, rng: np.random.Generator
) -> None:
    x = rng.standard_normal(shape)
    their_x, our_x = to_torch(x, True), ag.tensor(x, requires_grad=True)
    with pytest.warns(UserWarning) as their_warning:
        expected = getattr(TF, name)(their_x, **({"dim": None} if spelling else {}))
    with pytest.warns(UserWarning) as our_warning:
        result = getattr(F, name)(our_x, **spelling)
    assert str(our_warning[0].message) == str(their_warning[0].message)
    assert our_warning[0].filename == __file__  # the caller's line, as PyTorch's _stacklevel aims for
    assert_close(result, expected)
    upstream = rng.standard_normal(shape)
    result.backward(upstream)
    expected.backward(to_torch(upstream))
    assert_close(our_x.grad, their_x.grad)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_functions_take_pytorchs_arguments_and_cast_with_dtype(name: str, rng: np.random.Generator) -> None:
    x = rng.standard_normal((3, 4)).astype(np.float32)
    their_x, our_x = to_torch(x, True), ag.tensor(x, requires_grad=True)
    expected = getattr(TF, name)(their_x, 0, 3, torch.float64)  # dim, _stacklevel, dtype by position
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = getattr(F, name)(our_x, 0, 3, np.float64)
    assert result.dtype == np.float64 and expected.dtype == torch.float64
    assert_close(result, expected)  # computed after the cast: float64 values, not float32 ones
    upstream = rng.standard_normal((3, 4))
    result.backward(upstream)
    expected.backward(to_torch(upstream))
    assert our_x.grad.dtype == np.float32 and their_x.grad.dtype == torch.float32
    assert_close(our_x.grad, their_x.grad, rtol=1e-6, atol=1e-7)
    assert_close(
        getattr(F, name)(our_x, dim=1, dtype="float64"), getattr(TF, name)(their_x, dim=1, dtype=torch.float64)
    )
    integers = np.arange(6).reshape(2, 3)
    assert_close(
        getattr(F, name)(integers, dim=1, dtype=np.float32),
        getattr(TF, name)(torch.from_numpy(integers), dim=1, dtype=torch.float32),
        rtol=1e-6,
    )
    ours = [p for p in inspect.signature(getattr(F, name)).parameters if p != "aliases"]
    theirs = list(inspect.signature(getattr(TF, name)).parameters)
    assert ours == [p if p != "dim" else "axis" for p in theirs]  # NumPy's axis, with dim as its alias


@pytest.mark.parametrize(
    "name",
    ["MSELoss", "L1Loss", "HuberLoss", "SmoothL1Loss", "CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss"],
)
def test_loss_modules_take_pytorchs_arguments_in_its_order(name: str) -> None:
    ours = list(inspect.signature(getattr(nn, name)).parameters)
    theirs = list(inspect.signature(getattr(torch.nn, name)).parameters)
    assert ours == theirs


@pytest.mark.parametrize(
    "name",
    [
        "mse_loss",
        "l1_loss",
        "huber_loss",
        "smooth_l1_loss",
        "cross_entropy",
        "nll_loss",
        "binary_cross_entropy",
        "binary_cross_entropy_with_logits",
    ],
)
def test_loss_functions_take_pytorchs_arguments_in_its_order(name: str) -> None:
    ours = list(inspect.signature(getattr(F, name)).parameters)
    theirs = list(inspect.signature(getattr(torch.nn.functional, name)).parameters)
    assert ours == theirs


@pytest.mark.parametrize("name", ["mse_loss", "l1_loss", "huber_loss"])
def test_weighted_regression_losses_match_pytorch(name: str, rng: np.random.Generator) -> None:
    x, y, weight = rng.standard_normal((5, 3)) * 2, rng.standard_normal((5, 3)), rng.uniform(0.1, 2.0, (5, 3))
    for reduction in ("mean", "sum", "none"):
        mine = ag.tensor(x, requires_grad=True)
        ours = getattr(F, name)(mine, y, reduction=reduction, weight=weight)
        reference = to_torch(x, requires_grad=True)
        theirs = getattr(torch.nn.functional, name)(
            reference, to_torch(y), reduction=reduction, weight=to_torch(weight)
        )
        assert_close(ours.data, theirs.detach().numpy())
        ours.sum().backward()
        theirs.sum().backward()
        assert_close(mine.grad.data, reference.grad.numpy())


# ---------------------------------------------------------------------- init
@pytest.mark.parametrize("name", [name for name in nn.init.__all__ if hasattr(torch.nn.init, name)])
def test_init_functions_take_pytorchs_arguments_in_its_order(name: str) -> None:
    ours = list(inspect.signature(getattr(nn.init, name)).parameters)
    theirs = list(inspect.signature(getattr(torch.nn.init, name)).parameters)
    assert ours == theirs  # generator= wherever PyTorch takes one


@pytest.mark.filterwarnings("ignore:mean is more than 2 std")
@pytest.mark.parametrize(("mean", "std", "a", "b"), [(0.0, 1.0, -2.0, 2.0), (0.5, 2.0, 1.0, 1.5), (0.0, 1.0, 6.0, 7.0)])
def test_trunc_normal_draws_from_pytorchs_distribution(mean: float, std: float, a: float, b: float) -> None:
    ag.manual_seed(0)
    ours = nn.init.trunc_normal_(nn.Parameter(np.zeros(40_000)), mean, std, a, b).data
    theirs = torch.nn.init.trunc_normal_(
        torch.empty(40_000, dtype=torch.float64), mean, std, a, b, generator=torch.Generator().manual_seed(0)
    ).numpy()
    levels = [0.05, 0.25, 0.5, 0.75, 0.95]
    # Two samples of 40,000: quantiles agree to a few hundredths of the interval's width.
    np.testing.assert_allclose(np.quantile(ours, levels), np.quantile(theirs, levels), rtol=0, atol=0.02 * (b - a))


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"padding_idx": 2},
        {"max_norm": 1.5},
        {"max_norm": 1.0, "norm_type": 1.0},
        {"scale_grad_by_freq": True},
        {"scale_grad_by_freq": True, "padding_idx": 1, "max_norm": 2.0},
    ],
)
def test_embedding_options_match_pytorch(options: dict, rng: np.random.Generator) -> None:
    table = rng.standard_normal((6, 3)) * 2
    indices = np.array([[0, 2, 2], [5, 2, 1]])
    upstream = rng.standard_normal((2, 3, 3))
    ours = nn.Embedding.from_pretrained(table.copy(), freeze=False, **options)
    theirs = torch.nn.Embedding.from_pretrained(to_torch(table.copy()), freeze=False, **options)
    out = ours(indices)
    out.backward(ag.tensor(upstream))
    reference = theirs(torch.from_numpy(indices))
    reference.backward(to_torch(upstream))
    assert_close(out.data, reference.detach().numpy())
    assert_close(ours.weight.grad.data, theirs.weight.grad.numpy())
    assert_close(ours.weight.data, theirs.weight.detach().numpy())  # max_norm rescales the table in place
    assert repr(ours) == repr(theirs)


def test_embedding_takes_pytorchs_arguments_in_its_order() -> None:
    import inspect

    for ours, theirs in [
        (nn.Embedding, torch.nn.Embedding),
        (F.embedding, torch.nn.functional.embedding),
        (nn.Embedding.from_pretrained, torch.nn.Embedding.from_pretrained),
    ]:
        assert list(inspect.signature(ours).parameters) == list(inspect.signature(theirs).parameters)


# ---------------------------------------------------------------------- distances and padding
def check_function(ours: Callable, theirs: Callable, *arrays: np.ndarray, rtol: float = RTOL) -> None:
    """Values and the gradients of every input against PyTorch, for a random upstream gradient."""
    our_inputs = [ag.tensor(a, requires_grad=True) for a in arrays]
    their_inputs = [to_torch(a, True) for a in arrays]
    mine, reference = ours(*our_inputs), theirs(*their_inputs)
    assert_close(mine, reference, rtol=rtol)
    upstream = np.random.default_rng(5).standard_normal(mine.shape)
    mine.backward(upstream)
    reference.backward(to_torch(upstream))
    for our_input, their_input in zip(our_inputs, their_inputs):
        assert_close(our_input.grad, their_input.grad, rtol=rtol)


@pytest.mark.parametrize(
    ("shape1", "shape2", "kwargs"),
    [((4, 5), (4, 5), {}), ((3, 1, 4), (2, 4), {"dim": -1}), ((5,), (5,), {"dim": 0, "eps": 1e-3})],
    ids=str,
)
def test_cosine_similarity_and_its_layer(shape1: tuple, shape2: tuple, kwargs: dict, rng: np.random.Generator) -> None:
    a, b = rng.standard_normal(shape1), rng.standard_normal(shape2)
    check_function(
        lambda s, t: F.cosine_similarity(s, t, **kwargs), lambda s, t: TF.cosine_similarity(s, t, **kwargs), a, b
    )
    check_function(nn.CosineSimilarity(**kwargs), torch.nn.CosineSimilarity(**kwargs), a, b)


def test_cosine_similarity_of_vectors_shorter_than_eps_has_pytorchs_gradient() -> None:
    # PyTorch clamps the norms outside of autograd: the gradient is that of the unclamped norm.
    a, b = np.array([[1e-9, 2e-9], [1.0, 2.0]]), np.array([[3.0, 1.0], [1e-10, 0.0]])
    check_function(F.cosine_similarity, TF.cosine_similarity, a, b)


@pytest.mark.parametrize("kwargs", [{}, {"p": 1.0}, {"p": 3.0, "eps": 1e-3, "keepdim": True}], ids=str)
@pytest.mark.parametrize(("shape1", "shape2"), [((4, 5), (4, 5)), ((3, 4), (4,)), ((5,), (5,))], ids=str)
def test_pairwise_distance_and_its_layer(shape1: tuple, shape2: tuple, kwargs: dict, rng: np.random.Generator) -> None:
    a, b = rng.standard_normal(shape1), rng.standard_normal(shape2)
    check_function(
        lambda s, t: F.pairwise_distance(s, t, **kwargs), lambda s, t: TF.pairwise_distance(s, t, **kwargs), a, b
    )
    check_function(nn.PairwiseDistance(**kwargs), torch.nn.PairwiseDistance(**kwargs), a, b)


@pytest.mark.parametrize("kwargs", [{}, {"p": 1.0, "dim": -1}, {"dim": 0, "eps": 0.5}], ids=str)
def test_normalize(kwargs: dict, rng: np.random.Generator) -> None:
    x = rng.standard_normal((3, 4)) * 0.3
    x[0] = 0.0  # a zero vector: clamped to eps
    check_function(lambda t: F.normalize(t, **kwargs), lambda t: TF.normalize(t, **kwargs), x)


@pytest.mark.parametrize(
    ("shape", "pad", "kwargs"),
    [
        ((2, 3, 4), (1, 2), {}),
        ((2, 3, 4), (1, 0, 2, 1), {"value": 2.5}),
        ((2, 3, 4), (-1, 2, 0, -2), {}),
        ((3, 4), (1, 1, 1, 1), {}),
        ((2, 3, 4), (2, 1), {"mode": "reflect"}),
        ((1, 2, 3, 4), (1, 3, 2, 0), {"mode": "reflect"}),
        ((2, 3, 4), (2, 3), {"mode": "replicate"}),
        ((1, 2, 3, 4), (1, 0, 0, 2), {"mode": "replicate"}),
        ((2, 3, 4), (4, 1), {"mode": "circular"}),
        ((1, 2, 3, 4), (1, 2, 3, 0), {"mode": "circular"}),
        ((1, 1, 2, 3, 4), (1, 1, 1, 0, 0, 1), {"mode": "replicate"}),
    ],
    ids=str,
)
def test_pad(shape: tuple, pad: tuple, kwargs: dict, rng: np.random.Generator) -> None:
    check_function(lambda t: F.pad(t, pad, **kwargs), lambda t: TF.pad(t, pad, **kwargs), rng.standard_normal(shape))


# ---------------------------------------------------------------------- more losses
def loss_arrays(name: str, rng: np.random.Generator) -> tuple[list[np.ndarray], list[Any]]:
    """(differentiable inputs, constant arguments) of one loss, at random."""
    x = rng.standard_normal((4, 3)) * 2
    signs = np.where(rng.random(4) < 0.5, -1.0, 1.0)
    labels = np.where(rng.random((4, 3)) < 0.5, -1.0, 1.0)
    if name == "kl_div":
        return [np.log(rng.dirichlet(np.ones(3), 4))], [rng.dirichlet(np.ones(3), 4) * (rng.random((4, 3)) < 0.8)]
    if name == "gaussian_nll_loss":
        return [x, rng.uniform(1e-7, 2.0, (4, 3))], [rng.standard_normal((4, 3))]
    if name == "poisson_nll_loss":
        return [x * 0.5], [rng.poisson(2.0, (4, 3)).astype(float)]
    if name in ("soft_margin_loss", "hinge_embedding_loss"):
        return [x], [labels]
    if name == "margin_ranking_loss":
        return [x[:, 0], x[:, 1]], [signs]
    if name == "cosine_embedding_loss":
        return [x, rng.standard_normal((4, 3))], [signs]
    if name == "triplet_margin_loss":
        return [x, rng.standard_normal((4, 3)), rng.standard_normal((4, 3))], []
    return [x], [(rng.random((4, 3)) < 0.5).astype(float)]  # multilabel_soft_margin_loss


LOSS_CASES = [
    ("kl_div", {}),
    ("kl_div", {"log_target": True}),
    ("gaussian_nll_loss", {}),
    ("gaussian_nll_loss", {"full": True, "eps": 0.5}),
    ("poisson_nll_loss", {}),
    ("poisson_nll_loss", {"log_input": False, "full": True}),
    ("soft_margin_loss", {}),
    ("margin_ranking_loss", {}),
    ("margin_ranking_loss", {"margin": 0.5}),
    ("cosine_embedding_loss", {}),
    ("cosine_embedding_loss", {"margin": 0.2}),
    ("hinge_embedding_loss", {}),
    ("hinge_embedding_loss", {"margin": 2.0}),
    ("triplet_margin_loss", {}),
    ("triplet_margin_loss", {"p": 1.0, "swap": True, "margin": 2.0}),
    ("multilabel_soft_margin_loss", {}),
    ("multilabel_soft_margin_loss", {"weight": np.array([1.0, 0.5, 2.0])}),
]


def call_loss(module: Any, name: str, differentiable: list, constants: list, kwargs: dict, reduction: str) -> Any:
    function = getattr(module, name)
    if name == "poisson_nll_loss" and kwargs.get("log_input") is False:
        differentiable = [d.exp() for d in differentiable]  # rates, positive
    if name == "gaussian_nll_loss":
        return function(differentiable[0], constants[0], differentiable[1], reduction=reduction, **kwargs)
    return function(*differentiable, *constants, reduction=reduction, **kwargs)


@pytest.mark.parametrize(("name", "kwargs"), LOSS_CASES, ids=str)
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_more_losses(name: str, kwargs: dict, reduction: str, rng: np.random.Generator) -> None:
    arrays, constants = loss_arrays(name, rng)
    torch_kwargs = {k: to_torch(v) if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}
    our_inputs = [ag.tensor(a, requires_grad=True) for a in arrays]
    their_inputs = [to_torch(a, True) for a in arrays]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # kl_div's warning about "mean"
        mine = call_loss(F, name, our_inputs, constants, kwargs, reduction)
        reference = call_loss(TF, name, their_inputs, [to_torch(c) for c in constants], torch_kwargs, reduction)
    assert_close(mine, reference)
    upstream = np.random.default_rng(5).standard_normal(mine.shape)
    mine.backward(upstream)
    reference.backward(to_torch(upstream))
    for our_input, their_input in zip(our_inputs, their_inputs):
        assert_close(our_input.grad, their_input.grad)


def test_kl_div_batchmean_and_its_warning_for_mean(rng: np.random.Generator) -> None:
    (x,), (target,) = loss_arrays("kl_div", rng)
    with pytest.warns(UserWarning, match="batchmean"):
        F.kl_div(ag.tensor(x), target)
    ours, theirs = nn.KLDivLoss(reduction="batchmean"), torch.nn.KLDivLoss(reduction="batchmean")
    check_function(lambda t: ours(t, target), lambda t: theirs(t, to_torch(target)), x)


def test_loss_modules_match_pytorchs(rng: np.random.Generator) -> None:
    a, b, c = (rng.standard_normal((4, 3)) for _ in range(3))
    signs = np.array([1.0, -1.0, 1.0, -1.0])
    for make, args in [
        (lambda m: m.SoftMarginLoss(), (a, np.sign(b))),
        (lambda m: m.MarginRankingLoss(0.3), (a[:, 0], a[:, 1], signs)),
        (lambda m: m.HingeEmbeddingLoss(0.5), (a, np.sign(b))),
        (lambda m: m.CosineEmbeddingLoss(0.1), (a, b, signs)),
        (lambda m: m.TripletMarginLoss(swap=True), (a, b, c)),
        (lambda m: m.MultiLabelSoftMarginLoss(), (a, (b > 0).astype(float))),
        (lambda m: m.PoissonNLLLoss(), (a, np.abs(np.round(b * 3)))),
        (lambda m: m.GaussianNLLLoss(), (a, b, np.abs(c[:, 0]))),
    ]:
        ours, theirs = make(nn), make(torch.nn)
        assert repr(ours) == repr(theirs)
        assert_close(ours(*map(ag.tensor, args)), theirs(*map(to_torch, args)))


def test_margin_losses_at_their_kinks_and_logistic_losses_at_plus_minus_1e4() -> None:
    # The hinges are 0 exactly here: PyTorch's clamp_min passes the gradient at the tie.
    check_function(
        lambda s, t: F.margin_ranking_loss(s, t, ag.tensor(np.array([1.0, -1.0])), margin=1.0),
        lambda s, t: TF.margin_ranking_loss(s, t, torch.tensor([1.0, -1.0], dtype=torch.float64), margin=1.0),
        np.array([2.0, 0.0]),
        np.array([1.0, 1.0]),
    )
    check_function(
        lambda s: F.hinge_embedding_loss(s, np.array([-1.0, -1.0, 1.0])),
        lambda s: TF.hinge_embedding_loss(s, torch.tensor([-1.0, -1.0, 1.0], dtype=torch.float64)),
        np.array([1.0, 0.5, 1.0]),
    )
    logits = np.array([[-1e4, 1e4, 30.0], [1e4, -1e4, -50.0]])
    labels = np.array([[1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])
    check_function(
        lambda s: F.multilabel_soft_margin_loss(s, labels),
        lambda s: TF.multilabel_soft_margin_loss(s, to_torch(labels)),
        logits,
    )
    # PyTorch's soft_margin_loss overflows to inf at y·x = −1e4; ours is exact: log(1 + e^(1e4)) = 1e4.
    loss = F.soft_margin_loss(ag.tensor(logits, requires_grad=True), 2 * labels - 1, reduction="none")
    np.testing.assert_allclose(loss.data[0, :2], [1e4, 1e4], rtol=1e-15)


# ---------------------------------------------------------------------- audit regressions
def second_order_gradients(function: Callable, arrays: list[np.ndarray], library: str) -> list[np.ndarray]:
    """∂/∂inputs of Σ v·∂(Σ g·f)/∂inputs, with fixed g and v, by ``ag.grad`` or ``torch.autograd.grad``."""
    rng = np.random.default_rng(3)
    if library == "torch":
        inputs = [to_torch(a, True) for a in arrays]
        out = function(*inputs)
        first = torch.autograd.grad(out, inputs, to_torch(rng.standard_normal(out.shape)), create_graph=True)
        total = sum((g * to_torch(rng.standard_normal(g.shape))).sum() for g in first)
        return [g.detach().numpy() for g in torch.autograd.grad(total, inputs)]
    inputs = [ag.tensor(a, requires_grad=True) for a in arrays]
    out = function(*inputs)
    first = ag.grad(out, inputs, rng.standard_normal(out.shape), create_graph=True)
    total = sum((g * rng.standard_normal(g.shape)).sum() for g in first)
    return [g.data for g in ag.grad(total, inputs)]


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("elu", {}), ("elu", {"alpha": 0.4}), ("celu", {"alpha": 2.0}), ("celu", {"alpha": -1.5}), ("selu", {})],
    ids=str,
)
def test_the_elu_family_has_pytorchs_second_derivative_at_zero(name: str, kwargs: dict) -> None:
    # PyTorch's double backward counts x = 0 on the linear side: f'(0) = αs but f''(0) = 0.
    x = np.array([-2.0, -0.5, 0.0, 0.0, 0.5, 2.0])
    mine = second_order_gradients(lambda t: getattr(F, name)(t, **kwargs), [x], "ours")
    reference = second_order_gradients(lambda t: getattr(TF, name)(t, **kwargs), [x], "torch")
    assert_close(mine[0], reference[0])


def test_prelu_has_pytorchs_mixed_second_derivative_at_zero() -> None:
    x, slope = np.array([[0.0, -1.0, 2.0], [0.0, 0.5, -0.3]]), np.array([0.25])
    mine = second_order_gradients(F.prelu, [x, slope], "ours")
    reference = second_order_gradients(TF.prelu, [x, slope], "torch")
    for ours_, theirs in zip(mine, reference):
        assert_close(ours_, theirs)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("softshrink", {}),
        ("softshrink", {"lambd": 0.0}),
        ("hardshrink", {}),
        ("threshold", {"threshold": 0.5, "value": -2.0}),
    ],
    ids=str,
)
def test_shrinks_and_threshold_pass_nan_through(name: str, kwargs: dict) -> None:
    x = np.array([np.nan, -1.0, 0.2, 1.0])
    our_x, their_x = ag.tensor(x, requires_grad=True), to_torch(x, True)
    mine, reference = getattr(F, name)(our_x, **kwargs), getattr(TF, name)(their_x, **kwargs)
    assert np.isnan(mine.data[0])
    assert_close(mine.data[1:], reference[1:])
    mine.backward(np.ones(4))
    reference.backward(torch.ones(4, dtype=torch.float64))
    # (PyTorch's gradient at the NaN itself depends on which of its kernels' paths it takes.)
    assert_close(our_x.grad.data[1:], their_x.grad[1:])


@pytest.mark.parametrize("log_input", [True, False])
def test_poisson_nll_loss_full_differentiates_the_target_as_pytorch(log_input: bool) -> None:
    x = np.array([[0.5, 1.2, 2.0], [0.3, 0.9, 1.5]])
    target = np.array([[0.5, 1.0, 3.0], [2.5, 7.0, 1.5]])  # Stirling's term only for targets above 1
    check_function(
        lambda a, t: F.poisson_nll_loss(a, t, log_input=log_input, full=True, reduction="sum"),
        lambda a, t: TF.poisson_nll_loss(a, t, log_input=log_input, full=True, reduction="sum"),
        x,
        target,
    )


def test_pairwise_distance_of_scalars_is_0d_even_with_keepdim() -> None:
    for keep in (False, True):
        check_function(
            lambda a, b, keep=keep: F.pairwise_distance(a, b, keepdim=keep),
            lambda a, b, keep=keep: TF.pairwise_distance(a, b, keepdim=keep),
            np.array(1.5),
            np.array(-0.5),
        )


@pytest.mark.parametrize("pad", [(-1, 2), (2, -1), (-2, -1), (-1, 3), (1, -2, -1, 1)], ids=str)
def test_circular_pad_with_a_crop_wraps_around_what_is_left(pad: tuple, rng: np.random.Generator) -> None:
    shape = (2, 3, 4) if len(pad) == 2 else (1, 2, 3, 4)
    check_function(
        lambda t: F.pad(t, pad, mode="circular"), lambda t: TF.pad(t, pad, mode="circular"), rng.standard_normal(shape)
    )


def test_pad_takes_a_zero_value_in_every_mode(rng: np.random.Generator) -> None:
    for mode in ("reflect", "replicate", "circular"):
        check_function(
            lambda t, mode=mode: F.pad(t, (1, 2), mode=mode, value=0.0),
            lambda t, mode=mode: TF.pad(t, (1, 2), mode=mode, value=0.0),
            rng.standard_normal((2, 3, 4)),
        )
