"""nn.init: PyTorch's gains and fan computations, the distributions each initializer draws
from, reproducibility under ag.manual_seed, and writes that graphs notice."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd_core as ag
import nn
from nn import init


def empty(*shape: int) -> nn.Parameter:
    return nn.Parameter(np.zeros(shape, dtype=np.float64))


@pytest.mark.parametrize(
    ("nonlinearity", "param", "gain"),
    [
        ("linear", None, 1.0),
        ("conv2d", None, 1.0),
        ("sigmoid", None, 1.0),
        ("tanh", None, 5 / 3),
        ("relu", None, math.sqrt(2)),
        ("leaky_relu", None, math.sqrt(2 / (1 + 0.01**2))),
        ("leaky_relu", 0.2, math.sqrt(2 / 1.04)),
        ("selu", None, 0.75),
    ],
)
def test_calculate_gain(nonlinearity: str, param: float | None, gain: float) -> None:
    assert init.calculate_gain(nonlinearity, param) == pytest.approx(gain)


def test_calculate_gain_matches_pytorch() -> None:
    torch = pytest.importorskip("torch")
    for name in ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu"):
        assert init.calculate_gain(name) == pytest.approx(torch.nn.init.calculate_gain(name))
    with pytest.raises(ValueError, match="unsupported"):
        init.calculate_gain("swish")


def test_fans_of_dense_and_convolution_weights() -> None:
    assert init.fan_in_and_fan_out(empty(30, 20)) == (20, 30)
    assert init.fan_in_and_fan_out(empty(8, 4, 3, 5)) == (60, 120)
    with pytest.raises(ValueError, match="fewer than 2 axes"):
        init.fan_in_and_fan_out(empty(5))


def test_uniform_initializers_fill_their_whole_interval() -> None:
    ag.manual_seed(0)
    weight = empty(300, 200)
    init.xavier_uniform_(weight, gain=2.0)
    bound = 2.0 * math.sqrt(6 / 500)
    assert np.abs(weight.data).max() <= bound
    np.testing.assert_allclose(weight.data.var(), bound**2 / 3, rtol=0.02)
    init.kaiming_uniform_(weight, nonlinearity="relu")
    bound = math.sqrt(2) * math.sqrt(3 / 200)
    assert bound * 0.99 < np.abs(weight.data).max() <= bound
    init.kaiming_uniform_(weight, mode="fan_out", nonlinearity="relu")
    assert np.abs(weight.data).max() <= math.sqrt(2) * math.sqrt(3 / 300)
    init.uniform_(weight, -0.5, 2.0)
    assert weight.data.min() >= -0.5 and weight.data.max() < 2.0


def test_normal_initializers_have_the_stated_spread() -> None:
    ag.manual_seed(1)
    weight = empty(400, 300)
    init.xavier_normal_(weight)
    np.testing.assert_allclose(weight.data.std(), math.sqrt(2 / 700), rtol=0.02)
    init.kaiming_normal_(weight, nonlinearity="relu")
    np.testing.assert_allclose(weight.data.std(), math.sqrt(2 / 300), rtol=0.02)
    init.normal_(weight, mean=3.0, std=0.5)
    np.testing.assert_allclose([weight.data.mean(), weight.data.std()], [3.0, 0.5], rtol=0.02)
    init.trunc_normal_(weight, std=1.0, a=-1.0, b=0.5)
    assert weight.data.min() >= -1.0 and weight.data.max() <= 0.5


def test_deterministic_initializers() -> None:
    weight = empty(3, 4)
    np.testing.assert_array_equal(init.ones_(weight).data, 1)
    np.testing.assert_array_equal(init.zeros_(weight).data, 0)
    np.testing.assert_array_equal(init.constant_(weight, 0.25).data, 0.25)
    np.testing.assert_array_equal(init.eye_(weight).data, np.eye(3, 4))
    with pytest.raises(ValueError, match="matrices"):
        init.eye_(empty(2, 2, 2))


def test_orthogonal_rows_or_columns() -> None:
    for shape in ((4, 6), (6, 4), (3, 2, 2)):
        weight = init.orthogonal_(empty(*shape), gain=2.0)
        flat = weight.data.reshape(shape[0], -1)
        gram = flat @ flat.T if shape[0] <= flat.shape[1] else flat.T @ flat
        np.testing.assert_allclose(gram, 4.0 * np.eye(len(gram)), atol=1e-12)


def test_initialization_is_reproducible_in_place_and_noticed_by_graphs() -> None:
    weight = nn.Parameter(np.zeros((5, 5), dtype=np.float32))
    array = weight.data
    ag.manual_seed(7)
    init.normal_(weight)
    assert weight.data is array and weight.dtype == np.float32
    first = weight.data.copy()
    ag.manual_seed(7)
    np.testing.assert_array_equal(init.normal_(weight).data, first)
    loss = (weight * weight).sum()
    init.zeros_(weight)
    with pytest.raises(RuntimeError, match="modified in place"):
        loss.backward()


def test_a_layer_without_inputs_initializes_with_pytorchs_warning() -> None:
    with pytest.warns(UserWarning, match="zero-element tensors is a no-op"):
        layer = nn.Linear(0, 2)
    assert layer.weight.shape == (2, 0)
    np.testing.assert_array_equal(layer.bias.data, [0.0, 0.0])  # bound 1/√fan_in taken as 0, as in PyTorch
    assert layer(ag.zeros(3, 0)).shape == (3, 2)
