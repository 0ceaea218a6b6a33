"""Layers against NumPy references and central differences: Linear, BatchNorm, Dropout, the
activations, Identity, Flatten, LayerNorm, Embedding, Conv2d, MaxPool2d and AvgPool2d."""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pytest

import autograd_core as ag
import nn
import nn.functional as F


def leaf(rng: np.random.Generator, *shape: int, scale: float = 1.0) -> ag.Tensor:
    return ag.tensor(rng.standard_normal(shape) * scale, requires_grad=True)


# ---------------------------------------------------------------------- Linear
def test_linear_has_pytorch_shapes_and_initialization() -> None:
    ag.manual_seed(0)
    layer = nn.Linear(400, 300)
    assert layer.weight.shape == (300, 400) and layer.bias.shape == (300,)
    assert layer.weight.dtype == np.float32
    bound = 1 / math.sqrt(400)
    for values in (layer.weight.data, layer.bias.data):
        assert np.abs(values).max() <= bound
        assert np.abs(values).max() > 0.95 * bound  # uniform over the whole interval
    np.testing.assert_allclose(layer.weight.data.var(), bound**2 / 3, rtol=0.02)  # U(−b, b) has variance b²/3
    assert nn.Dense is nn.Linear


def test_initialization_is_reproducible_under_manual_seed() -> None:
    ag.manual_seed(3)
    first = nn.Linear(5, 4).weight.data.copy()
    ag.manual_seed(3)
    np.testing.assert_array_equal(nn.Linear(5, 4).weight.data, first)


def test_linear_forward_and_gradients(rng: np.random.Generator) -> None:
    layer = nn.Linear(3, 2, dtype=np.float64)
    x = leaf(rng, 4, 3)
    np.testing.assert_allclose(layer(x).data, x.data @ layer.weight.data.T + layer.bias.data, rtol=1e-12)
    assert ag.gradcheck(lambda t, w, b: F.linear(t, w, b), (x, layer.weight, layer.bias))
    with pytest.raises(ValueError, match="in_features"):
        layer(ag.ones(4, 5))
    with pytest.raises(ValueError, match="non-negative int"):
        nn.Linear(-1, 2)


# ---------------------------------------------------------------------- BatchNorm
def batch_norm_reference(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, axes: tuple, eps: float) -> np.ndarray:
    shape = [1] * x.ndim
    shape[1] = -1
    mean, variance = x.mean(axis=axes, keepdims=True), x.var(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(variance + eps) * gamma.reshape(shape) + beta.reshape(shape)


@pytest.mark.parametrize(
    ("layer_type", "shape", "axes"),
    [
        (nn.BatchNorm1d, (6, 3), (0,)),
        (nn.BatchNorm1d, (4, 3, 5), (0, 2)),
        (nn.BatchNorm2d, (2, 3, 4, 5), (0, 2, 3)),
    ],
)
def test_batch_norm_training_running_averages_and_evaluation(
    layer_type: type, shape: tuple, axes: tuple, rng: np.random.Generator
) -> None:
    layer = layer_type(3, momentum=0.2, dtype=np.float64)
    layer.weight.data = rng.uniform(0.5, 2, 3)
    layer.bias.data = rng.standard_normal(3)
    expected_mean, expected_var = np.zeros(3), np.ones(3)
    for _ in range(3):
        x = rng.standard_normal(shape) * 3 + 2
        out = layer(ag.tensor(x))
        np.testing.assert_allclose(out.data, batch_norm_reference(x, layer.weight.data, layer.bias.data, axes, 1e-5))
        count = x.size // 3
        expected_mean = 0.8 * expected_mean + 0.2 * x.mean(axis=axes)
        expected_var = 0.8 * expected_var + 0.2 * x.var(axis=axes) * count / (count - 1)  # unbiased
    np.testing.assert_allclose(layer.running_mean.data, expected_mean, rtol=1e-12)
    np.testing.assert_allclose(layer.running_var.data, expected_var, rtol=1e-12)
    assert layer.num_batches_tracked.item() == 3
    layer.eval()
    x = rng.standard_normal(shape)
    channel_shape = [1, 3] + [1] * (len(shape) - 2)
    expected = (x - expected_mean.reshape(channel_shape)) / np.sqrt(expected_var.reshape(channel_shape) + 1e-5)
    expected = expected * layer.weight.data.reshape(channel_shape) + layer.bias.data.reshape(channel_shape)
    np.testing.assert_allclose(layer(ag.tensor(x)).data, expected, rtol=1e-12)
    assert layer.num_batches_tracked.item() == 3  # evaluation changes no statistic


def test_batch_norm_gradients_go_through_the_batch_statistics(rng: np.random.Generator) -> None:
    layer = nn.BatchNorm1d(2, dtype=np.float64)
    layer.weight.data = np.array([1.5, 0.5])
    x = leaf(rng, 5, 2)
    assert ag.gradcheck(lambda t, w, b: F.batch_norm(t, None, None, w, b, training=True), (x, layer.weight, layer.bias))
    assert ag.gradgradcheck(lambda t: F.batch_norm(t, None, None, training=True) ** 2, (x,))


def test_batch_norm_cumulative_average_when_momentum_is_none(rng: np.random.Generator) -> None:
    layer = nn.BatchNorm1d(2, momentum=None, dtype=np.float64)
    batches = [rng.standard_normal((4, 2)) for _ in range(3)]
    for x in batches:
        layer(ag.tensor(x))
    np.testing.assert_allclose(layer.running_mean.data, np.mean([b.mean(axis=0) for b in batches], axis=0))


def test_batch_norm_with_one_value_per_channel_in_training_is_an_error_that_changes_nothing() -> None:
    layer = nn.BatchNorm1d(3)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        layer(ag.ones(1, 3))
    assert layer.num_batches_tracked.item() == 0
    np.testing.assert_array_equal(layer.running_mean.data, 0)
    layer.eval()
    assert layer(ag.ones(1, 3)).shape == (1, 3)  # fine in evaluation


def test_batch_norm_input_checks() -> None:
    with pytest.raises(ValueError, match="2-D"):
        nn.BatchNorm1d(3)(ag.ones(2, 3, 4, 5))
    with pytest.raises(ValueError, match="4-D"):
        nn.BatchNorm2d(3)(ag.ones(2, 3))
    with pytest.raises(ValueError, match="expected 3 channels"):
        nn.BatchNorm1d(3)(ag.ones(4, 2))
    with pytest.raises(ValueError, match="momentum"):
        nn.BatchNorm1d(3, momentum=2.0)


def test_batch_norm_without_running_statistics_always_uses_the_batch(rng: np.random.Generator) -> None:
    layer = nn.BatchNorm1d(2, track_running_stats=False, affine=False, dtype=np.float64)
    assert layer.running_mean is None and list(layer.state_dict()) == []
    layer.eval()
    x = rng.standard_normal((5, 2))
    np.testing.assert_allclose(layer(ag.tensor(x)).data, (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-5))


# ---------------------------------------------------------------------- Dropout
def test_dropout_zeroes_a_fraction_p_and_scales_the_rest() -> None:
    ag.manual_seed(0)
    layer = nn.Dropout(0.3)
    x = ag.ones(200, 500)
    out = layer(x).data
    assert out.dtype == np.float32
    np.testing.assert_allclose((out == 0).mean(), 0.3, atol=0.01)
    np.testing.assert_allclose(out[out != 0], 1 / 0.7, rtol=1e-6)
    np.testing.assert_allclose(out.mean(), 1.0, atol=0.01)  # the expectation is unchanged


def test_dropout_gradient_is_the_same_mask(rng: np.random.Generator) -> None:
    x = leaf(rng, 6, 7)
    out = F.dropout(x, 0.5)
    upstream = rng.standard_normal((6, 7))
    out.backward(upstream)
    mask = out.data / x.data
    assert set(np.round(np.unique(mask), 12)) <= {0.0, 2.0}
    np.testing.assert_allclose(x.grad.data, upstream * mask, rtol=1e-12)


def test_dropout_is_reproducible_and_varies_between_calls() -> None:
    layer = nn.Dropout(0.5)
    ag.manual_seed(42)
    first, second = layer(ag.ones(50)).data, layer(ag.ones(50)).data
    assert not np.array_equal(first, second)
    ag.manual_seed(42)
    np.testing.assert_array_equal(layer(ag.ones(50)).data, first)


def test_dropout_in_evaluation_and_the_edge_probabilities() -> None:
    x = ag.randn(4, 4)
    layer = nn.Dropout(0.9)
    layer.eval()
    assert layer(x) is x
    assert nn.Dropout(0.0)(x) is x
    np.testing.assert_array_equal(nn.Dropout(1.0)(x).data, 0)
    for p in (-0.1, 1.5):
        with pytest.raises(ValueError, match="between 0 and 1"):
            nn.Dropout(p)


# ---------------------------------------------------------------------- activations and shapes
def numpy_gelu(x: np.ndarray) -> np.ndarray:
    return x * 0.5 * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


ACTIVATIONS = [
    (nn.ReLU(), lambda x: np.maximum(x, 0)),
    (nn.LeakyReLU(), lambda x: np.where(x > 0, x, 0.01 * x)),
    (nn.LeakyReLU(0.3), lambda x: np.where(x > 0, x, 0.3 * x)),
    (nn.Sigmoid(), lambda x: 1 / (1 + np.exp(-x))),
    (nn.Tanh(), np.tanh),
    (nn.GELU(), numpy_gelu),
    (nn.GELU("tanh"), lambda x: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))),
    (nn.Softmax(axis=1), lambda x: np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)),
    (nn.LogSoftmax(dim=1), lambda x: x - np.log(np.exp(x).sum(axis=1, keepdims=True))),
    (nn.Softplus(), lambda x: np.log1p(np.exp(x))),
    (nn.Softplus(beta=2, threshold=1), lambda x: np.where(2 * x > 1, x, np.log1p(np.exp(2 * x)) / 2)),
    (nn.Identity(54, unused=True), lambda x: x),
]


@pytest.mark.parametrize(("layer", "reference"), ACTIVATIONS, ids=[repr(layer) for layer, _ in ACTIVATIONS])
def test_activation_values_and_gradients(layer: nn.Module, reference, rng: np.random.Generator) -> None:
    x = leaf(rng, 3, 4, scale=2)
    np.testing.assert_allclose(layer(x).data, reference(x.data), rtol=1e-10, atol=1e-12)
    assert ag.gradcheck(layer, (x,))


@pytest.mark.parametrize(("shape", "implicit_axis"), [((5,), 0), ((2, 3), 1), ((2, 3, 4), 0), ((2, 3, 4, 5), 1)])
def test_softmax_without_an_axis_takes_pytorchs_implicit_one_with_a_warning(
    shape: tuple[int, ...], implicit_axis: int, rng: np.random.Generator
) -> None:
    x = leaf(rng, *shape)
    forms = [
        ("softmax", ag.softmax, lambda t: F.softmax(t)),
        ("softmax", ag.softmax, lambda t: F.softmax(t, dim=None)),
        ("softmax", ag.softmax, lambda t: nn.Softmax()(t)),
        ("log_softmax", ag.log_softmax, lambda t: F.log_softmax(t, axis=None)),
        ("log_softmax", ag.log_softmax, lambda t: nn.LogSoftmax(dim=None)(t)),
    ]
    for name, primitive, form in forms:
        with pytest.warns(UserWarning, match=f"^Implicit dimension choice for {name} has been deprecated"):
            result = form(x)
        np.testing.assert_array_equal(result.data, primitive(x, implicit_axis).data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an explicit axis, even -1, says nothing
        np.testing.assert_array_equal(F.softmax(x, -1).data, ag.softmax(x, -1).data)
        np.testing.assert_array_equal(nn.LogSoftmax(-1)(x).data, ag.log_softmax(x, -1).data)


def test_softmax_dtype_casts_the_input_first_and_differentiably(rng: np.random.Generator) -> None:
    x = ag.tensor(rng.standard_normal((3, 4)).astype(np.float32), requires_grad=True)
    result = F.log_softmax(x, dim=1, dtype=np.float64)
    assert result.dtype == np.float64 and result.grad_fn.inputs[0].grad_fn.name == "astype"
    np.testing.assert_array_equal(result.data, ag.log_softmax(x.data.astype(np.float64), 1).data)
    result.sum().backward()
    assert x.grad.dtype == np.float32
    probabilities = ag.softmax(x.data.astype(np.float64), 1).data
    np.testing.assert_allclose(x.grad.data, 1 - 4 * probabilities, rtol=1e-6)  # ∂/∂x Σ log softmax = 1 − C·p
    assert ag.gradcheck(lambda t: F.softmax(t, 0, dtype=np.float64), (leaf(rng, 3, 2),))
    assert F.softmax(x, 1).grad_fn.inputs == (x,)  # no cast without dtype
    with pytest.raises(TypeError, match="softmax: dtype must be a floating dtype, got int64"):
        F.softmax(x, 1, dtype=np.int64)


def test_softplus_derivative_at_zero_is_one_half() -> None:
    x = ag.tensor(np.zeros(3), requires_grad=True)
    F.softplus(x).sum().backward()
    np.testing.assert_allclose(x.grad.data, 0.5)


def test_flatten_keeps_the_batch_axis_by_default() -> None:
    x = ag.ones(2, 3, 4, 5)
    assert nn.Flatten()(x).shape == (2, 60)
    assert nn.Flatten(start_dim=2)(x).shape == (2, 3, 20)
    assert nn.Flatten(0, 2)(x).shape == (24, 5)
    assert F.flatten(x).shape == (120,)


# ---------------------------------------------------------------------- LayerNorm
def test_layer_norm_normalizes_each_sample_over_its_last_axes(rng: np.random.Generator) -> None:
    layer = nn.LayerNorm((3, 4), dtype=np.float64)
    layer.weight.data = rng.standard_normal((3, 4))
    layer.bias.data = rng.standard_normal((3, 4))
    x = leaf(rng, 2, 3, 4, scale=3)
    mean = x.data.mean(axis=(1, 2), keepdims=True)
    variance = x.data.var(axis=(1, 2), keepdims=True)
    expected = (x.data - mean) / np.sqrt(variance + 1e-5) * layer.weight.data + layer.bias.data
    np.testing.assert_allclose(layer(x).data, expected, rtol=1e-10)
    assert ag.gradcheck(lambda t, w, b: F.layer_norm(t, (3, 4), w, b), (x, layer.weight, layer.bias))
    with pytest.raises(ValueError, match="normalized_shape"):
        layer(ag.ones(2, 4, 3))


# ---------------------------------------------------------------------- Embedding
def test_embedding_lookup_and_accumulated_gradient() -> None:
    ag.manual_seed(1)
    layer = nn.Embedding(5, 3)
    indices = np.array([[1, 1, 4], [0, 1, 2]])
    out = layer(indices)
    assert out.shape == (2, 3, 3)
    np.testing.assert_array_equal(out.data, layer.weight.data[indices])
    out.sum().backward()
    np.testing.assert_array_equal(layer.weight.grad.data[:, 0], [1, 3, 1, 0, 1])  # index 1 used three times


def test_embedding_padding_row_starts_at_zero_and_gets_no_gradient() -> None:
    layer = nn.Embedding(4, 2, padding_idx=0)
    np.testing.assert_array_equal(layer.weight.data[0], 0)
    out = layer(ag.tensor(np.array([0, 2, 0])))
    (out * 3.0).sum().backward()
    np.testing.assert_array_equal(layer.weight.grad.data[0], 0)
    np.testing.assert_array_equal(layer.weight.grad.data[2], 3)


def test_embedding_errors_and_pretrained_tables() -> None:
    layer = nn.Embedding(3, 2)
    with pytest.raises(IndexError, match="out of range"):
        layer(np.array([0, 3]))
    with pytest.raises(IndexError, match="out of range"):
        layer(np.array([-1]))  # NumPy would wrap around; an embedding must not
    with pytest.raises(TypeError, match="integers"):
        layer(np.array([0.0]))
    table = np.arange(6.0).reshape(3, 2)
    frozen = nn.Embedding.from_pretrained(table)
    np.testing.assert_array_equal(frozen(np.array([2])).data, [[4.0, 5.0]])
    assert not frozen.weight.requires_grad


# ---------------------------------------------------------------------- convolution and pooling
def conv2d_reference(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int, padding: int, groups: int) -> np.ndarray:
    n, _, h, width = x.shape
    out_channels, group_channels, kh, kw = w.shape
    padded = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    out_h = (h + 2 * padding - kh) // stride + 1
    out_w = (width + 2 * padding - kw) // stride + 1
    out = np.zeros((n, out_channels, out_h, out_w))
    per_group = out_channels // groups
    for batch, o, i, j in itertools.product(range(n), range(out_channels), range(out_h), range(out_w)):
        first = (o // per_group) * group_channels
        window = padded[
            batch, first : first + group_channels, i * stride : i * stride + kh, j * stride : j * stride + kw
        ]
        out[batch, o, i, j] = np.sum(window * w[o]) + b[o]
    return out


@pytest.mark.parametrize(("stride", "padding", "groups"), [(1, 0, 1), (2, 1, 1), (1, 1, 2)])
def test_conv2d_matches_the_definition(stride: int, padding: int, groups: int, rng: np.random.Generator) -> None:
    layer = nn.Conv2d(4, 6, 3, stride=stride, padding=padding, groups=groups, dtype=np.float64)
    x = rng.standard_normal((2, 4, 6, 5))
    expected = conv2d_reference(x, layer.weight.data, layer.bias.data, stride, padding, groups)
    np.testing.assert_allclose(layer(ag.tensor(x)).data, expected, rtol=1e-10, atol=1e-12)
    fan_in = 4 // groups * 9
    assert np.abs(layer.weight.data).max() <= 1 / math.sqrt(fan_in)


def test_conv2d_gradients(rng: np.random.Generator) -> None:
    x, w, b = leaf(rng, 1, 2, 4, 4), leaf(rng, 2, 1, 2, 2), leaf(rng, 2)
    assert ag.gradcheck(lambda t, weight, bias: F.conv2d(t, weight, bias, stride=2, padding=1, groups=2), (x, w, b))


def test_conv2d_checks_its_arguments() -> None:
    with pytest.raises(ValueError, match="divisible"):
        nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match="padding_mode"):
        nn.Conv2d(3, 4, 3, padding_mode="reflect")
    with pytest.raises(ValueError, match="strided"):
        nn.Conv2d(3, 4, 3, stride=2, padding="same")
    with pytest.raises(ValueError, match="channels"):
        nn.Conv2d(3, 4, 3)(ag.ones(1, 2, 5, 5))
    for bad in ({"stride": 0}, {"dilation": 0}, {"padding": -1}):
        with pytest.raises(ValueError, match=r"^conv2d: .*positive"):  # named as conv2d, not as its unfold
            F.conv2d(ag.ones(1, 1, 5, 5), ag.ones(1, 1, 3, 3), **bad)


def test_pooling_counts_windows_as_pytorch_with_ceil_mode() -> None:
    # 5 rows, kernel 2, stride 2: ceil_mode adds the partial last window; with padding 1, a
    # fourth window would start in the right padding, so PyTorch does not count it.
    x = ag.arange(25.0).reshape((1, 1, 5, 5))
    assert F.max_pool2d(x, 2, 2, ceil_mode=True).shape == (1, 1, 3, 3)
    assert F.max_pool2d(x, 2, 2, ceil_mode=False).shape == (1, 1, 2, 2)
    assert F.max_pool2d(x, 2, 2, padding=1, ceil_mode=True).shape == (1, 1, 3, 3)


def pool_reference(x: np.ndarray, kernel: int, stride: int, reduce) -> np.ndarray:
    n, c, h, w = x.shape
    out_h, out_w = (h - kernel) // stride + 1, (w - kernel) // stride + 1
    out = np.zeros((n, c, out_h, out_w))
    for i, j in itertools.product(range(out_h), range(out_w)):
        window = x[:, :, i * stride : i * stride + kernel, j * stride : j * stride + kernel]
        out[:, :, i, j] = reduce(window, axis=(2, 3))
    return out


@pytest.mark.parametrize(("kernel", "stride"), [(2, 2), (3, 1), (3, 2)])
def test_pooling_matches_the_definition(kernel: int, stride: int, rng: np.random.Generator) -> None:
    x = leaf(rng, 2, 3, 7, 6)
    np.testing.assert_allclose(nn.MaxPool2d(kernel, stride)(x).data, pool_reference(x.data, kernel, stride, np.max))
    np.testing.assert_allclose(
        nn.AvgPool2d(kernel, stride)(x).data, pool_reference(x.data, kernel, stride, np.mean), rtol=1e-12
    )
    small = leaf(rng, 1, 2, 4, 5)
    assert ag.gradcheck(lambda t: F.max_pool2d(t, kernel, stride), (small,))
    assert ag.gradcheck(lambda t: F.avg_pool2d(t, kernel, stride, padding=1), (small,))


def test_max_pool_gradient_goes_to_the_maximum_only() -> None:
    x = ag.tensor(np.array([[[[1.0, 5.0], [5.0, 2.0]]]]), requires_grad=True)
    F.max_pool2d(x, 2).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [[[[0.0, 1.0], [0.0, 0.0]]]])  # the first of the tied maxima


def test_max_pool_padding_counts_as_minus_infinity() -> None:
    x = -ag.ones(1, 1, 2, 2)
    np.testing.assert_array_equal(F.max_pool2d(x, 2, stride=1, padding=1).data, -1.0)
    with pytest.raises(ValueError, match="half of the kernel"):
        F.max_pool2d(x, 2, padding=2)


def test_layers_accept_the_cpu_device_only() -> None:
    for make in (
        lambda device: nn.Linear(2, 3, device=device),
        lambda device: nn.Conv2d(1, 2, 3, device=device),
        lambda device: nn.BatchNorm1d(3, device=device),
        lambda device: nn.LayerNorm(3, device=device),
        lambda device: nn.Embedding(4, 2, device=device),
    ):
        assert all(p.dtype == np.float32 for p in make("cpu").parameters())
        with pytest.raises(ValueError, match=r"only the 'cpu' device"):
            make("cuda")


def pooled_size(size: int, kernel: int, stride: int, padding: int, dilation: int, ceil_mode: bool) -> int:
    """PyTorch's documented output size, with its rule that no window starts in the right padding."""
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    count = (math.ceil(span / stride) if ceil_mode else span // stride) + 1
    return count - 1 if ceil_mode and (count - 1) * stride >= size + padding else count


def max_pool_reference(
    x: np.ndarray, kernel: int, stride: int, padding: int, dilation: int, ceil_mode: bool
) -> tuple[np.ndarray, np.ndarray]:
    """PyTorch's CPU loop: scan each window's elements inside the input in row-major order and
    keep one that is greater than the best so far, or NaN."""
    *lead, h, w = x.shape
    out_h, out_w = (pooled_size(size, kernel, stride, padding, dilation, ceil_mode) for size in (h, w))
    out, indices = np.zeros((*lead, out_h, out_w)), np.zeros((*lead, out_h, out_w), dtype=np.int64)
    for y, z in itertools.product(range(out_h), range(out_w)):
        best, index, seen = np.full(lead, -np.inf), np.zeros(lead, dtype=np.int64), False
        for i, j in itertools.product(range(kernel), range(kernel)):
            row, column = y * stride - padding + i * dilation, z * stride - padding + j * dilation
            if 0 <= row < h and 0 <= column < w:
                value = x[..., row, column]
                take = (value > best) | np.isnan(value) | (not seen)
                best, index, seen = np.where(take, value, best), np.where(take, row * w + column, index), True
        out[..., y, z], indices[..., y, z] = best, index
    return out, indices


def avg_pool_reference(
    x: np.ndarray, kernel: int, stride: int, padding: int, ceil_mode: bool, count_include_pad: bool, divisor: int | None
) -> np.ndarray:
    """PyTorch's CPU loop: sum the window's elements inside the input; divide by the window cut to
    the padded input, or to the input itself without count_include_pad, or by the override."""
    *lead, h, w = x.shape
    out_h, out_w = (pooled_size(size, kernel, stride, padding, 1, ceil_mode) for size in (h, w))
    out = np.zeros((*lead, out_h, out_w))
    for y, z in itertools.product(range(out_h), range(out_w)):
        top, left = y * stride - padding, z * stride - padding
        bottom, right = min(top + kernel, h + padding), min(left + kernel, w + padding)
        cut = (max(top, 0), min(bottom, h), max(left, 0), min(right, w))
        window_sum = x[..., cut[0] : cut[1], cut[2] : cut[3]].sum(axis=(-2, -1))
        if divisor is None:
            divisor_here = (
                (bottom - top) * (right - left) if count_include_pad else (cut[1] - cut[0]) * (cut[3] - cut[2])
            )
        else:
            divisor_here = divisor
        out[..., y, z] = window_sum / divisor_here
    return out


MAX_POOLS = [  # (kernel, stride, padding, dilation, ceil_mode)
    (2, 2, 0, 1, False),
    (3, 2, 1, 1, True),
    (2, 2, 1, 1, True),
    (3, 1, 1, 2, False),
    (2, 3, 1, 2, True),
    (3, 2, 0, 2, True),
]


@pytest.mark.parametrize("shape", [(2, 3, 7, 6), (3, 5, 5)], ids=str)
@pytest.mark.parametrize("options", MAX_POOLS, ids=str)
def test_max_pool_values_and_indices_match_pytorchs_definition(
    options: tuple, shape: tuple[int, ...], rng: np.random.Generator
) -> None:
    x = rng.integers(-2, 3, shape).astype(np.float64)  # few distinct values: many ties
    out, indices = F.max_pool2d(x, *options[:4], ceil_mode=options[4], return_indices=True)
    expected_out, expected_indices = max_pool_reference(x, *options)
    np.testing.assert_array_equal(out.data, expected_out)
    np.testing.assert_array_equal(indices.data, expected_indices)
    assert indices.dtype == np.int64 and not indices.requires_grad


def test_max_pool_gradient_lands_where_the_indices_point(rng: np.random.Generator) -> None:
    x = ag.tensor(rng.integers(-2, 3, (2, 3, 7, 6)).astype(np.float64), requires_grad=True)
    out, indices = F.max_pool2d(x, 3, 2, 1, 2, True, True)
    out.sum().backward()
    planes = indices.data.reshape((6, -1))
    counts = np.stack([np.bincount(plane, minlength=42) for plane in planes]).reshape(x.shape)
    np.testing.assert_array_equal(x.grad.data, counts)


def test_max_pool_picks_the_last_nan_and_never_the_padding() -> None:
    x = np.array([[[np.nan, 1.0, np.nan, 2.0], [-np.inf, -np.inf, -np.inf, -np.inf]]])
    out, indices = F.max_pool2d(x, (1, 4), return_indices=True)
    assert np.isnan(out.data[0, 0, 0]) and out.data[0, 1, 0] == -np.inf
    np.testing.assert_array_equal(indices.data, [[[2], [4]]])  # the second NaN; the first −∞ inside
    _, padded = F.max_pool2d(np.full((1, 2, 2), -np.inf), 2, 1, 1, return_indices=True)
    np.testing.assert_array_equal(padded.data, [[[0, 0, 1], [0, 0, 1], [2, 2, 3]]])


@pytest.mark.parametrize("shape", [(2, 3, 7, 6), (3, 5, 8)], ids=str)
@pytest.mark.parametrize(
    "options",  # (kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)
    [
        (2, 2, 0, True, True, None),
        (3, 2, 1, True, True, None),
        (3, 2, 1, True, False, None),
        (2, 2, 1, True, True, None),
        (2, 2, 1, True, False, None),
        (3, 2, 1, False, False, 4),
        (3, 2, 1, True, True, -5),
        (2, 3, 1, True, False, 3),
    ],
    ids=str,
)
def test_avg_pool_matches_pytorchs_definition(options: tuple, shape: tuple[int, ...], rng: np.random.Generator) -> None:
    x = rng.standard_normal(shape)
    np.testing.assert_allclose(F.avg_pool2d(x, *options).data, avg_pool_reference(x, *options), rtol=1e-12)


def test_pooling_gradients_of_the_new_options(rng: np.random.Generator) -> None:
    small = leaf(rng, 1, 2, 5, 6)
    assert ag.gradcheck(lambda t: F.max_pool2d(t, 3, 2, 1, 2, True, True)[0], (small,))
    assert ag.gradcheck(lambda t: F.max_pool2d(t, 2, 2, 1, ceil_mode=True), (small,))
    assert ag.gradcheck(lambda t: F.avg_pool2d(t, 3, 2, 1, ceil_mode=True), (small,))
    assert ag.gradcheck(lambda t: F.avg_pool2d(t, 2, 2, 1, True, False), (small,))
    assert ag.gradcheck(lambda t: F.avg_pool2d(t, 3, 2, 1, True, True, 4), (small,))
    assert ag.gradgradcheck(lambda t: F.avg_pool2d(t, 3, 2, 1, True, False), (small,))


def test_pooling_takes_pytorchs_positional_arguments() -> None:
    x = ag.arange(25.0).reshape((1, 1, 5, 5))
    layer = nn.MaxPool2d(2, 2, 0, 1, True)  # kernel_size, stride, padding, dilation, return_indices
    assert layer.return_indices and not layer.ceil_mode
    out, indices = layer(x)
    assert out.shape == indices.shape == (1, 1, 2, 2)
    assert nn.MaxPool2d(2, 2, 0, 1, False, True)(x).shape == (1, 1, 3, 3)
    assert F.max_pool2d(x, 2, 2, 0, 1, True).shape == (1, 1, 3, 3)  # F: ceil_mode comes first
    assert isinstance(F.max_pool2d(x, 2, 2, 0, 1, False, True), tuple)
    pool = nn.AvgPool2d(2, 2, 1, True, False, 3)
    assert (pool.ceil_mode, pool.count_include_pad, pool.divisor_override) == (True, False, 3)
    np.testing.assert_allclose(pool(x).data, F.avg_pool2d(x, 2, 2, 1, True, False, 3).data)
    np.testing.assert_allclose(pool(x).data[0, 0, 0, 0], 0.0)  # the corner: only x[0, 0] = 0, over 3
    np.testing.assert_allclose(pool(x).data[0, 0, 1, 1], (6 + 7 + 11 + 12) / 3)


def test_pooling_layers_default_the_stride_to_the_kernel() -> None:
    assert nn.MaxPool2d(3).stride == 3 and nn.AvgPool2d((2, 3)).stride == (2, 3)
    assert nn.MaxPool2d(3, 1).stride == 1
    x = ag.ones(1, 1, 6, 6)
    assert F.max_pool2d(x, 3, []).shape == F.avg_pool2d(x, 3, ()).shape == (1, 1, 2, 2)


def test_pooling_layers_print_as_pytorch() -> None:
    assert repr(nn.MaxPool2d(2)) == "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)"
    assert (
        repr(nn.MaxPool2d((2, 3), (1, 2), (1, 0), 2, True, True))
        == "MaxPool2d(kernel_size=(2, 3), stride=(1, 2), padding=(1, 0), dilation=2, ceil_mode=True)"
    )
    assert repr(nn.AvgPool2d(2)) == "AvgPool2d(kernel_size=2, stride=2, padding=0)"
    assert repr(nn.AvgPool2d(3, 1, 1, True, False, 2)) == "AvgPool2d(kernel_size=3, stride=1, padding=1)"


def test_pooling_checks_its_arguments() -> None:
    x = ag.ones(1, 1, 5, 5)
    with pytest.raises(ValueError, match=r"^avg_pool2d: divisor_override must not be zero"):
        F.avg_pool2d(x, 2, divisor_override=0)
    with pytest.raises(ValueError, match=r"^avg_pool2d: divisor_override"):
        nn.AvgPool2d(2, divisor_override=0)(x)
    for bad in (2.5, True):
        with pytest.raises(TypeError, match=r"^avg_pool2d: divisor_override must be an int"):
            F.avg_pool2d(x, 2, divisor_override=bad)
    for op in (F.max_pool2d, F.avg_pool2d):
        name = op.__name__
        with pytest.raises(ValueError, match=rf"^{name}: .*half of the kernel"):
            op(x, 3, padding=2)
        with pytest.raises(ValueError, match=rf"^{name}: .*positive"):
            op(x, 2, stride=0)
        with pytest.raises(ValueError, match=rf"^{name}: .*does not fit"):
            op(x, 6)
        with pytest.raises(ValueError, match=rf"^{name}: expected an input of shape"):
            op(ag.ones(5, 5), 2)
    # Every element of this dilated window lands in the padding; PyTorch returns an index
    # outside the input there, and its backward then corrupts memory.
    with pytest.raises(ValueError, match=r"^max_pool2d: .*only padding"):
        F.max_pool2d(ag.ones(1, 1, 2, 2), 2, 1, 1, 3)


def test_one_hot_encodes_integer_classes() -> None:
    labels = np.array([[0, 2], [1, 2]])
    encoded = F.one_hot(ag.tensor(labels))
    assert encoded.dtype == np.int64 and encoded.shape == (2, 2, 3)
    np.testing.assert_array_equal(encoded.data, np.eye(3, dtype=np.int64)[labels])
    assert F.one_hot(labels, num_classes=5).shape == (2, 2, 5)
    with pytest.raises(IndexError, match=r"one_hot: class value 2 is out of range for 2 classes"):
        F.one_hot(labels, num_classes=2)
    with pytest.raises(IndexError, match=r"one_hot: class value -1"):
        F.one_hot(np.array([0, -1]), num_classes=3)
    with pytest.raises(TypeError, match=r"one_hot: indices must be integers, got dtype float64"):
        F.one_hot(np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"one_hot: cannot infer"):
        F.one_hot(np.zeros(0, dtype=np.int64))
    assert F.one_hot(np.zeros(0, dtype=np.int64), num_classes=3).shape == (0, 3)


def test_embedding_names_a_bad_index() -> None:
    weight = ag.randn(4, 2)
    with pytest.raises(IndexError, match=r"embedding: index 4 is out of range for 4 embeddings"):
        F.embedding(np.array([0, 4]), weight)
    with pytest.raises(TypeError, match=r"embedding: indices must be integers, got dtype float64"):
        F.embedding(np.array([0.0]), weight)


def test_normalization_checks_weight_and_bias_before_updating_anything() -> None:
    x = ag.randn(4, 3)
    running_mean, running_var = ag.zeros(3), ag.ones(3)
    with pytest.raises(ValueError, match=r"batch_norm: weight has shape \(5,\), expected \(3,\)"):
        F.batch_norm(x, running_mean, running_var, weight=ag.ones(5), training=True)
    assert running_mean.data.tolist() == [0.0, 0.0, 0.0] and running_var.data.tolist() == [1.0, 1.0, 1.0]
    with pytest.raises(ValueError, match=r"batch_norm: running_var has shape \(2,\)"):
        F.batch_norm(x, running_mean, ag.ones(2), training=True)
    with pytest.raises(ValueError, match=r"layer_norm: bias has shape \(4,\), expected \(3,\)"):
        F.layer_norm(x, (3,), bias=ag.zeros(4))


def test_embedding_max_norm_rescales_the_looked_up_rows_in_place() -> None:
    table = np.array([[3.0, 4.0], [0.3, 0.4], [6.0, 8.0]])
    layer = nn.Embedding.from_pretrained(table.copy(), max_norm=1.0)
    out = layer(np.array([0, 1]))
    np.testing.assert_allclose(out.data, [[0.6, 0.8], [0.3, 0.4]], rtol=1e-6)
    np.testing.assert_allclose(layer.weight.data[2], [6.0, 8.0])  # not looked up: unchanged


def test_embedding_scale_grad_by_freq_divides_by_the_count_in_the_batch() -> None:
    layer = nn.Embedding(4, 2, scale_grad_by_freq=True, dtype=np.float64)
    before = layer.weight.data.copy()
    out = layer(np.array([1, 1, 1, 3]))
    np.testing.assert_array_equal(out.data, before[[1, 1, 1, 3]])  # the value is untouched
    out.sum().backward()
    np.testing.assert_allclose(layer.weight.grad.data, [[0, 0], [1, 1], [0, 0], [1, 1]])


def test_embedding_scale_grad_by_freq_refuses_to_be_differentiated_twice() -> None:
    # A scaled gradient is not a derivative: differentiating it again would give numbers for
    # some other function, so a recorded backward through it is refused.
    weight = ag.tensor(np.array([[1.0], [2.0]]), requires_grad=True)
    loss = (F.embedding(np.array([0, 0]), weight, scale_grad_by_freq=True) ** 3).sum()
    with pytest.raises(NotImplementedError, match=r"scale_grad_by_freq.*cannot be differentiated again"):
        ag.grad(loss, weight, create_graph=True)
    loss = (F.embedding(np.array([0, 0]), weight, scale_grad_by_freq=True) ** 3).sum()
    (first,) = ag.grad(loss, weight)
    np.testing.assert_array_equal(first.data, [[3.0], [0.0]])  # (3 + 3) / 2 uses of row 0


def test_embedding_checks_padding_idx_before_max_norm_changes_the_table() -> None:
    table = ag.tensor(np.array([[3.0, 4.0], [0.3, 0.4]]))
    with pytest.raises(ag.InputError, match="padding_idx 2 is out of range for 2 embeddings"):
        F.embedding(np.array([0]), table, padding_idx=2, max_norm=1.0)
    np.testing.assert_array_equal(table.data, [[3.0, 4.0], [0.3, 0.4]])
    assert nn.Embedding(0, 2).weight.shape == (0, 2)  # as PyTorch: an empty table is allowed


def test_from_pretrained_shares_the_table_and_its_version_counter_as_pytorch() -> None:
    table = ag.tensor(np.arange(6.0).reshape(3, 2))
    embedding = nn.Embedding.from_pretrained(table, freeze=False)
    assert np.shares_memory(embedding.weight.data, table.data)
    with ag.no_grad():
        embedding.weight.mul_(2.0)  # an optimizer's in-place step
    np.testing.assert_array_equal(table.data[1], [4.0, 6.0])
    assert table._version == 1  # a graph that saved the table would refuse backward
