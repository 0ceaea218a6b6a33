"""The primitives added for nn — linear, unfold / fold, softmax_cross_entropy — against NumPy
references, with first- and second-order gradients checked by central differences."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import autograd_core as ag


def leaf(rng: np.random.Generator, *shape: int) -> ag.Tensor:
    return ag.tensor(rng.standard_normal(shape), requires_grad=True)


# ---------------------------------------------------------------------- linear
@pytest.mark.parametrize("input_shape", [(4, 3), (2, 2, 3), (3,)])
@pytest.mark.parametrize("with_bias", [True, False])
def test_linear_value_and_gradients(input_shape: tuple[int, ...], with_bias: bool, rng: np.random.Generator) -> None:
    x, weight, bias = leaf(rng, *input_shape), leaf(rng, 5, 3), leaf(rng, 5)
    inputs = (x, weight, bias) if with_bias else (x, weight)
    expected = x.data @ weight.data.T + (bias.data if with_bias else 0)
    np.testing.assert_allclose(ag.linear(*inputs).data, expected, rtol=1e-12)
    assert ag.gradcheck(ag.linear, inputs)
    assert ag.gradgradcheck(ag.linear, inputs)


def test_linear_computes_no_gradient_for_inputs_that_do_not_need_one(rng: np.random.Generator) -> None:
    x = ag.tensor(rng.standard_normal((4, 3)))
    weight = leaf(rng, 2, 3)
    ag.linear(x, weight).sum().backward()
    assert x.grad is None and weight.grad is not None


def test_linear_keeps_float32_and_reports_bad_shapes(rng: np.random.Generator) -> None:
    x = ag.tensor(rng.standard_normal((4, 3)).astype(np.float32))
    weight = ag.tensor(rng.standard_normal((2, 3)).astype(np.float32), requires_grad=True)
    bias = ag.tensor(np.zeros(2, dtype=np.float32), requires_grad=True)
    out = ag.linear(x, weight, bias)
    out.sum().backward()
    assert out.dtype == weight.grad.dtype == bias.grad.dtype == np.float32
    with pytest.raises(ValueError, match="in_features"):
        ag.linear(ag.ones(4, 5), weight)
    with pytest.raises(ValueError, match="bias"):
        ag.linear(x, weight, ag.ones(3))


# ---------------------------------------------------------------------- unfold and fold
def unfold_reference(x: np.ndarray, kernel: tuple, dilation: tuple, padding: tuple, stride: tuple) -> np.ndarray:
    """im2col by loops, straight from the definition."""
    n, c, h, w = x.shape
    padded = np.pad(x, ((0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2))
    out_h = (h + 2 * padding[0] - dilation[0] * (kernel[0] - 1) - 1) // stride[0] + 1
    out_w = (w + 2 * padding[1] - dilation[1] * (kernel[1] - 1) - 1) // stride[1] + 1
    columns = np.zeros((n, c * kernel[0] * kernel[1], out_h * out_w))
    for b, channel, i, j, row, column in itertools.product(
        range(n), range(c), range(kernel[0]), range(kernel[1]), range(out_h), range(out_w)
    ):
        value = padded[b, channel, row * stride[0] + i * dilation[0], column * stride[1] + j * dilation[1]]
        columns[b, (channel * kernel[0] + i) * kernel[1] + j, row * out_w + column] = value
    return columns


GEOMETRIES = [
    ((2, 2), (1, 1), (0, 0), (1, 1)),
    ((3, 2), (1, 2), (1, 0), (2, 1)),
    ((1, 3), (2, 1), (2, 1), (1, 3)),
]


@pytest.mark.parametrize(("kernel", "dilation", "padding", "stride"), GEOMETRIES)
def test_unfold_matches_the_definition_and_fold_is_its_adjoint(
    kernel: tuple, dilation: tuple, padding: tuple, stride: tuple, rng: np.random.Generator
) -> None:
    x = leaf(rng, 2, 2, 5, 6)
    columns = ag.unfold(x, kernel, dilation, padding, stride)
    np.testing.assert_allclose(columns.data, unfold_reference(x.data, kernel, dilation, padding, stride))
    # Adjoint: ⟨unfold(x), c⟩ = ⟨x, fold(c)⟩ for every x and c.
    c = rng.standard_normal(columns.shape)
    folded = ag.fold(ag.tensor(c), (5, 6), kernel, dilation, padding, stride)
    np.testing.assert_allclose(np.sum(columns.data * c), np.sum(x.data * folded.data), rtol=1e-12)


@pytest.mark.parametrize(("kernel", "dilation", "padding", "stride"), GEOMETRIES[1:])
def test_unfold_and_fold_gradients_of_first_and_second_order(
    kernel: tuple, dilation: tuple, padding: tuple, stride: tuple, rng: np.random.Generator
) -> None:
    x = leaf(rng, 1, 2, 4, 5)

    def unfold(t: ag.Tensor) -> ag.Tensor:
        return ag.unfold(t, kernel, dilation, padding, stride)

    columns = leaf(rng, *unfold(x).shape)

    def fold(t: ag.Tensor) -> ag.Tensor:
        return ag.fold(t, (4, 5), kernel, dilation, padding, stride)

    for function, tensor in ((unfold, x), (fold, columns)):
        assert ag.gradcheck(function, (tensor,))
        assert ag.gradgradcheck(lambda t, f=function: f(t) * f(t), (tensor,))


def test_unfold_errors_name_the_problem() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        ag.unfold(ag.ones(1, 1, 2, 2), 3)
    with pytest.raises(ValueError, match="N, C, H, W"):
        ag.unfold(ag.ones(2, 2), 1)
    with pytest.raises(ValueError, match="positive"):
        ag.unfold(ag.ones(1, 1, 3, 3), 2, stride=0)
    with pytest.raises(TypeError, match="kernel_size"):
        ag.unfold(ag.ones(1, 1, 3, 3), (1, 2, 3))


# ---------------------------------------------------------------------- softmax cross-entropy
def cross_entropy_reference(x: np.ndarray, target: np.ndarray) -> np.ndarray:
    shifted = x - x.max(axis=1, keepdims=True)
    log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -(target * log_probabilities).sum(axis=1)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_softmax_cross_entropy_value_gradient_and_second_order(reduction: str, rng: np.random.Generator) -> None:
    x = leaf(rng, 4, 3)
    target = rng.uniform(0, 1, (4, 3))  # any non-negative matrix: weighted, smoothed or soft labels
    rows = cross_entropy_reference(x.data, target)
    expected = {"mean": rows.sum() / 2.5, "sum": rows.sum(), "none": rows}[reduction]
    loss = ag.softmax_cross_entropy(x, target, reduction, normalizer=2.5)
    np.testing.assert_allclose(loss.data, expected, rtol=1e-12)

    def function(t: ag.Tensor) -> ag.Tensor:
        return ag.softmax_cross_entropy(t, target, reduction, normalizer=2.5)

    assert ag.gradcheck(function, (x,))
    assert ag.gradgradcheck(function, (x,))


def test_softmax_cross_entropy_gradient_is_softmax_minus_one_hot(rng: np.random.Generator) -> None:
    x = leaf(rng, 5, 4)
    one_hot = np.eye(4)[rng.integers(0, 4, 5)]
    ag.softmax_cross_entropy(x, one_hot, "sum", target_mass=1.0).backward()
    probabilities = np.exp(x.data) / np.exp(x.data).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(x.grad.data, probabilities - one_hot, rtol=1e-12, atol=1e-15)


def test_softmax_cross_entropy_handles_infinite_logits_like_the_definition() -> None:
    x = ag.tensor(np.array([[0.0, -np.inf, 1.0], [2.0, 0.0, -np.inf]]), requires_grad=True)
    target = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])  # no mass on the −inf logits
    loss = ag.softmax_cross_entropy(x, target, "sum")
    expected = -(np.log(1 / (1 + np.e)) + np.log(1 / (1 + np.e**2)))
    np.testing.assert_allclose(loss.item(), expected, rtol=1e-12)
    loss.backward()
    assert np.isfinite(x.grad.data).all()
    assert x.grad.data[0, 1] == 0 and x.grad.data[1, 2] == 0
