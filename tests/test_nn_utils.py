"""Gradient clipping (nn.utils) against the formulas, and against PyTorch where installed."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd_core as ag
import nn


def with_gradients(gradients: list[np.ndarray]) -> list[ag.Tensor]:
    params = []
    for gradient in gradients:
        param = ag.tensor(np.zeros_like(gradient), requires_grad=True)
        param.grad = ag.tensor(gradient.copy())
        params.append(param)
    return params


GRADIENTS = [np.array([[3.0, 0.0], [0.0, 4.0]]), np.array([12.0]), np.array([-0.5, 0.5])]


@pytest.mark.parametrize("norm_type", [2.0, 1.0, math.inf, 3.0])
def test_clip_grad_norm_scales_all_gradients_together(norm_type: float) -> None:
    params = with_gradients(GRADIENTS)
    magnitudes = np.abs(np.concatenate([g.ravel() for g in GRADIENTS]))
    expected = magnitudes.max() if norm_type == math.inf else np.sum(magnitudes**norm_type) ** (1 / norm_type)
    total = nn.utils.clip_grad_norm_(params, 1.0, norm_type)
    assert total.item() == pytest.approx(expected, rel=1e-12)
    for param, gradient in zip(params, GRADIENTS):
        np.testing.assert_allclose(param.grad.data, gradient / (expected + 1e-6), rtol=1e-12)


def test_clip_grad_norm_leaves_small_gradients_and_skips_missing_ones() -> None:
    params = with_gradients(GRADIENTS) + [ag.tensor([1.0], requires_grad=True)]  # the last has no .grad
    total = nn.utils.clip_grad_norm_(params, max_norm=100.0)
    assert total.item() == pytest.approx(math.sqrt(9 + 16 + 144 + 0.5), rel=1e-12)
    for param, gradient in zip(params, GRADIENTS):
        np.testing.assert_array_equal(param.grad.data, gradient)
    assert params[-1].grad is None


def test_clip_grad_norm_of_nonfinite_gradients_raises_only_when_asked() -> None:
    params = with_gradients([np.array([np.inf, 1.0])])
    with pytest.raises(ag.InputError, match=r"total norm of order 2\.0 of the gradients is inf"):
        nn.utils.clip_grad_norm_(params, 1.0, error_if_nonfinite=True)
    np.testing.assert_array_equal(params[0].grad.data, [np.inf, 1.0])  # nothing changed


def test_clip_grad_value_clamps_each_element() -> None:
    params = with_gradients(GRADIENTS)
    nn.utils.clip_grad_value_(params, 0.7)
    for param, gradient in zip(params, GRADIENTS):
        np.testing.assert_array_equal(param.grad.data, np.clip(gradient, -0.7, 0.7))


def test_clipping_counts_as_an_in_place_change_of_the_gradient() -> None:
    param = with_gradients([np.array([3.0, 4.0])])[0]
    weight = ag.tensor([1.0, 1.0], requires_grad=True)
    product = weight * param.grad  # a graph that saved the gradient for its backward
    nn.utils.clip_grad_value_([param], 1.0)
    with pytest.raises(RuntimeError, match="modified in place"):
        product.sum().backward()


def test_clipping_matches_pytorch() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    gradients = [rng.standard_normal((3, 4)) * 3, rng.standard_normal(5), rng.standard_normal((2, 2))]
    for norm_type in (2.0, 1.0, math.inf, 0.5):
        for max_norm in (0.5, 100.0):
            ours = with_gradients(gradients)
            theirs = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in gradients]
            for param, gradient in zip(theirs, gradients):
                param.grad = torch.tensor(gradient.copy())
            total = nn.utils.clip_grad_norm_(ours, max_norm, norm_type)
            reference = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type)
            assert total.item() == pytest.approx(reference.item(), rel=1e-12)
            for mine, param in zip(ours, theirs):
                np.testing.assert_allclose(mine.grad.data, param.grad.numpy(), rtol=1e-12)
    ours, theirs = with_gradients(gradients), [torch.zeros(g.shape, dtype=torch.float64) for g in gradients]
    for param, gradient in zip(theirs, gradients):
        param.grad = torch.tensor(gradient.copy())
    nn.utils.clip_grad_value_(ours, 0.7)
    torch.nn.utils.clip_grad_value_(theirs, 0.7)
    for mine, param in zip(ours, theirs):
        np.testing.assert_array_equal(mine.grad.data, param.grad.numpy())


def test_a_norm_beyond_the_gradients_dtype_is_inf_and_clips_to_zero_as_in_pytorch() -> None:
    params = with_gradients([np.array([3e38, 3e38], np.float32)])
    with pytest.raises(RuntimeError, match="is inf"):
        nn.utils.clip_grad_norm_(params, 1.0, error_if_nonfinite=True)
    total = nn.utils.clip_grad_norm_(params, 1.0)
    assert total.dtype == np.float32 and total.item() == math.inf
    np.testing.assert_array_equal(params[0].grad.data, [0.0, 0.0])
    mixed = with_gradients([np.ones(2, np.float32), np.ones(2, np.float64)])
    assert nn.utils.clip_grad_norm_(mixed, 10.0).dtype == np.float64  # the promoted dtype


def test_parameters_to_vector_joins_flattened_parameters_differentiably() -> None:
    model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1))
    vector = nn.utils.parameters_to_vector(model.parameters())
    expected = np.concatenate([p.data.ravel() for p in model.parameters()])
    np.testing.assert_array_equal(vector.data, expected)
    (vector * ag.tensor(np.arange(vector.size, dtype=np.float32))).sum().backward()
    np.testing.assert_array_equal(model[0].weight.grad.data, np.arange(6, dtype=np.float32).reshape(2, 3))
    np.testing.assert_array_equal(model[1].bias.grad.data, [10.0])
    with pytest.raises(TypeError, match="parameters_to_vector: parameter 1 is a list"):
        nn.utils.parameters_to_vector([model[0].weight, [1.0]])


def test_vector_to_parameters_writes_in_place_and_round_trips() -> None:
    model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1))
    weight, weight_array, view = model[0].weight, model[0].weight.data, model.state_dict()["0.weight"]
    total = sum(p.size for p in model.parameters())
    values = np.arange(total, dtype=np.float64)  # cast to each parameter's float32, as copy_ does
    assert nn.utils.vector_to_parameters(ag.tensor(values), model.parameters()) is None
    assert model[0].weight is weight and weight.data is weight_array  # in place
    np.testing.assert_array_equal(view.data, values[:6].reshape(2, 3))  # earlier views see the values
    assert weight.dtype == np.float32
    np.testing.assert_array_equal(nn.utils.parameters_to_vector(model.parameters()).data, values)
    before = nn.utils.parameters_to_vector(model.parameters()).data.copy()
    with pytest.raises(ValueError, match=f"expected a 1-D vector of {total} elements.*got shape \\(3,\\)"):
        nn.utils.vector_to_parameters(ag.zeros(3), model.parameters())
    with pytest.raises(TypeError, match="vector_to_parameters: expected a Tensor, but got: ndarray"):
        nn.utils.vector_to_parameters(values, model.parameters())
    np.testing.assert_array_equal(nn.utils.parameters_to_vector(model.parameters()).data, before)  # unchanged


def test_parameter_vectors_match_pytorch() -> None:
    torch = pytest.importorskip("torch")
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Linear(2, 1))
    ours = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1))
    ours.load_state_dict(theirs.state_dict())
    np.testing.assert_array_equal(
        nn.utils.parameters_to_vector(ours.parameters()).data,
        torch.nn.utils.parameters_to_vector(theirs.parameters()).detach().numpy(),
    )
    values = np.linspace(-1, 1, 11).astype(np.float32)
    nn.utils.vector_to_parameters(ag.tensor(values), ours.parameters())
    torch.nn.utils.vector_to_parameters(torch.from_numpy(values.copy()), theirs.parameters())
    for name, value in theirs.state_dict().items():
        np.testing.assert_array_equal(ours.state_dict()[name].data, value.numpy())
