"""The activations beyond ReLU/GELU (ELU family, hard and shrink functions, SiLU, Mish, PReLU,
GLU, Softmin...): values and first- and second-order gradients by central differences in
float64, away from their kinks; PyTorch parity, including at the kinks and at ±1e4, is in
``test_nn_torch.py``."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

import autograd_core as ag
import nn
import nn.functional as F

ALPHA, SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946


def softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, x)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


# (function, NumPy reference, the points where its derivative jumps)
ELEMENTWISE: list[tuple[str, Callable, Callable, tuple[float, ...]]] = [
    ("silu", F.silu, lambda x: x * sigmoid(x), ()),
    ("elu", F.elu, lambda x: np.where(x > 0, x, np.expm1(x)), (0.0,)),
    ("elu_0.4", lambda x: F.elu(x, 0.4), lambda x: np.where(x > 0, x, 0.4 * np.expm1(x)), (0.0,)),
    ("celu_2", lambda x: F.celu(x, 2.0), lambda x: np.where(x > 0, x, 2.0 * np.expm1(x / 2.0)), (0.0,)),
    ("selu", F.selu, lambda x: SCALE * np.where(x > 0, x, ALPHA * np.expm1(x)), (0.0,)),
    ("relu6", F.relu6, lambda x: np.clip(x, 0, 6), (0.0, 6.0)),
    ("hardtanh", F.hardtanh, lambda x: np.clip(x, -1, 1), (-1.0, 1.0)),
    ("hardtanh_-2_3", lambda x: F.hardtanh(x, -2.0, 3.0), lambda x: np.clip(x, -2, 3), (-2.0, 3.0)),
    ("hardsigmoid", F.hardsigmoid, lambda x: np.clip(x / 6 + 0.5, 0, 1), (-3.0, 3.0)),
    ("hardswish", F.hardswish, lambda x: x * np.clip(x + 3, 0, 6) / 6, (-3.0, 3.0)),
    ("logsigmoid", F.logsigmoid, lambda x: -softplus(-x), ()),
    ("softsign", F.softsign, lambda x: x / (1 + np.abs(x)), (0.0,)),
    ("mish", F.mish, lambda x: x * np.tanh(softplus(x)), ()),
    ("tanhshrink", F.tanhshrink, lambda x: x - np.tanh(x), ()),
    ("softshrink", F.softshrink, lambda x: np.sign(x) * np.maximum(np.abs(x) - 0.5, 0), (-0.5, 0.5)),
    ("softshrink_1", lambda x: F.softshrink(x, 1.0), lambda x: np.sign(x) * np.maximum(np.abs(x) - 1, 0), (-1, 1)),
    ("hardshrink", F.hardshrink, lambda x: np.where(np.abs(x) > 0.5, x, 0.0), (-0.5, 0.5)),
    ("threshold", lambda x: F.threshold(x, 0.3, -2.0), lambda x: np.where(x > 0.3, x, -2.0), (0.3,)),
]


def away_from(x: np.ndarray, kinks: tuple[float, ...], gap: float = 0.05) -> np.ndarray:
    """``x`` with every value closer than ``gap`` to a kink pushed ``gap`` away from it."""
    x = np.array(x, dtype=np.float64)  # a copy, also of a 0-D draw
    for kink in kinks:
        close = np.abs(x - kink) < gap
        x[close] = kink + np.where(x[close] >= kink, gap, -gap)
    return x


@pytest.mark.parametrize(("name", "function", "reference", "kinks"), ELEMENTWISE, ids=[e[0] for e in ELEMENTWISE])
@pytest.mark.parametrize("shape", [(3, 4), (2, 1, 3), ()], ids=str)
def test_values_and_gradients_of_first_and_second_order(
    name: str, function: Callable, reference: Callable, kinks: tuple, shape: tuple, rng: np.random.Generator
) -> None:
    x = ag.tensor(away_from(rng.standard_normal(shape) * 3, kinks), requires_grad=True)
    np.testing.assert_allclose(function(x).data, reference(x.data), rtol=1e-12, atol=1e-15)
    assert ag.gradcheck(function, (x,))
    assert ag.gradgradcheck(function, (x,))


@pytest.mark.parametrize(("name", "function", "reference", "kinks"), ELEMENTWISE, ids=[e[0] for e in ELEMENTWISE])
def test_finite_values_and_gradients_at_plus_minus_1e4(
    name: str, function: Callable, reference: Callable, kinks: tuple
) -> None:
    x = ag.tensor(np.array([-1e4, -50.0, 50.0, 1e4]), requires_grad=True)
    out = function(x)
    with np.errstate(over="ignore"):  # the references overflow in branches np.where discards
        expected = reference(x.data)
    np.testing.assert_allclose(out.data, expected, rtol=1e-12)
    out.sum().backward()
    assert np.isfinite(x.grad.data).all()


def test_the_elu_family_is_exact_near_zero() -> None:
    # exp(x) − 1 would keep only ~7 digits of e⁻¹⁰ − 1 here; expm1 keeps them all.
    x = np.array([-1e-10, -1e-14])
    np.testing.assert_allclose(F.elu(ag.tensor(x)).data, np.expm1(x), rtol=1e-15)
    np.testing.assert_allclose(F.selu(ag.tensor(x)).data, SCALE * ALPHA * np.expm1(x), rtol=1e-15)


def test_integer_input_gives_the_default_float_dtype() -> None:
    assert F.elu(ag.tensor([-1, 2])).dtype == np.float32
    assert F.hardtanh(ag.tensor([-3, 0, 3])).data.tolist() == [-1.0, 0.0, 1.0]


def test_functions_keep_float32() -> None:
    x = ag.tensor(np.linspace(-4, 4, 9, dtype=np.float32), requires_grad=True)
    for name, function, _, _ in ELEMENTWISE:
        out = function(x)
        assert out.dtype == np.float32, name
        x.grad = None
        out.sum().backward()
        assert x.grad.dtype == np.float32, name


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_softmin_is_softmax_of_minus_x(axis: int, rng: np.random.Generator) -> None:
    x = ag.tensor(rng.standard_normal((3, 4)), requires_grad=True)
    negated = -x.data
    expected = np.exp(negated) / np.exp(negated).sum(axis=axis, keepdims=True)
    np.testing.assert_allclose(F.softmin(x, dim=axis).data, expected, rtol=1e-12)
    np.testing.assert_allclose(nn.Softmin(axis)(x).data, expected, rtol=1e-12)
    assert ag.gradcheck(lambda t: F.softmin(t, axis), (x,))
    assert ag.gradgradcheck(lambda t: F.softmin(t, axis), (x,))


def test_softmin_without_an_axis_warns_as_softmax_does() -> None:
    with pytest.warns(UserWarning, match="softmin"):
        F.softmin(ag.ones(2, 3))


@pytest.mark.parametrize(
    ("x_shape", "weight_shape"), [((4, 3), (3,)), ((2, 3, 2, 2), (3,)), ((2, 3, 4), (1,)), ((5,), (1,)), ((), ())]
)
def test_prelu_broadcasts_its_slopes_over_the_channel_axis(
    x_shape: tuple, weight_shape: tuple, rng: np.random.Generator
) -> None:
    x = ag.tensor(away_from(rng.standard_normal(x_shape), (0.0,)), requires_grad=True)
    weight = ag.tensor(rng.uniform(0.1, 0.5, weight_shape), requires_grad=True)
    channel_shape = (1, -1) + (1,) * (len(x_shape) - 2) if len(x_shape) >= 2 else ()
    slopes = weight.data.reshape(channel_shape)
    np.testing.assert_allclose(F.prelu(x, weight).data, np.where(x.data > 0, x.data, slopes * x.data), rtol=1e-14)
    assert ag.gradcheck(F.prelu, (x, weight))
    assert ag.gradgradcheck(F.prelu, (x, weight))


def test_prelu_layer_learns_one_slope_per_channel() -> None:
    layer = nn.PReLU(3, init=0.1)
    assert layer.weight.shape == (3,) and np.all(layer.weight.data == np.float32(0.1))
    assert [name for name, _ in layer.named_parameters()] == ["weight"]
    x = ag.tensor(np.array([[-1.0, -2.0, 3.0], [-4.0, 5.0, 0.0]], dtype=np.float32))
    layer(x).sum().backward()
    np.testing.assert_array_equal(layer.weight.grad.data, [-5.0, -2.0, 0.0])


def test_prelu_refuses_slopes_that_do_not_fit() -> None:
    with pytest.raises(ValueError, match=r"prelu: weight has 3 parameters .* shape \(2, 4\) has 4 channel"):
        F.prelu(ag.ones(2, 4), ag.ones(3))
    with pytest.raises(ValueError, match="scalar or 1-D"):
        F.prelu(ag.ones(2, 4), ag.ones(2, 2))
    with pytest.raises(ValueError, match="num_parameters"):
        nn.PReLU(0)


@pytest.mark.parametrize(("shape", "dim"), [((4, 6), -1), ((2, 4, 3), 1), ((6,), 0)])
def test_glu_gates_the_first_half_with_the_second(shape: tuple, dim: int, rng: np.random.Generator) -> None:
    x = ag.tensor(rng.standard_normal(shape), requires_grad=True)
    first, second = np.split(x.data, 2, axis=dim)
    np.testing.assert_allclose(F.glu(x, dim).data, first * sigmoid(second), rtol=1e-12)
    np.testing.assert_allclose(nn.GLU(dim)(x).data, first * sigmoid(second), rtol=1e-12)
    assert ag.gradcheck(lambda t: F.glu(t, dim), (x,))
    assert ag.gradgradcheck(lambda t: F.glu(t, dim), (x,))


def test_glu_and_other_argument_errors_name_the_problem() -> None:
    with pytest.raises(ValueError, match=r"glu: halving dimension must be even.*\(2, 3\)"):
        F.glu(ag.ones(2, 3))
    with pytest.raises(ValueError, match="scalars"):
        F.glu(ag.tensor(1.0))
    with pytest.raises(ValueError, match="out of range"):
        F.glu(ag.ones(2, 4), 2)
    with pytest.raises(ValueError, match="max_val"):
        nn.Hardtanh(1.0, -1.0)
    with pytest.raises(ValueError, match="lambd"):
        nn.Softshrink(-0.1)
    with pytest.raises(ValueError, match="alpha"):
        F.celu(ag.ones(2), 0.0)


def test_hardtanh_accepts_pytorchs_deprecated_min_value_with_its_warning() -> None:
    with pytest.warns(UserWarning, match="min_value"):
        layer = nn.Hardtanh(min_value=-2.0)
    assert (layer.min_val, layer.max_val) == (-2.0, 1.0)


@pytest.mark.parametrize(
    "layer",
    [
        nn.SiLU(),
        nn.ELU(0.5),
        nn.CELU(1.5),
        nn.SELU(),
        nn.ReLU6(),
        nn.Hardtanh(-2.0, 2.0),
        nn.Hardsigmoid(),
        nn.Hardswish(),
        nn.LogSigmoid(),
        nn.Softsign(),
        nn.Mish(),
        nn.Tanhshrink(),
        nn.Softshrink(0.3),
        nn.Hardshrink(0.3),
        nn.Threshold(0.1, 5.0),
    ],
    ids=repr,
)
def test_layers_apply_their_function(layer: nn.Module, rng: np.random.Generator) -> None:
    x = ag.tensor(rng.standard_normal((3, 4)) * 3)
    name = {"SiLU": "silu", "SELU": "selu", "LogSigmoid": "logsigmoid", "ReLU6": "relu6"}.get(
        type(layer).__name__, type(layer).__name__.lower()
    )
    arguments = {
        "ELU": (0.5,),
        "CELU": (1.5,),
        "Hardtanh": (-2.0, 2.0),
        "Softshrink": (0.3,),
        "Hardshrink": (0.3,),
        "Threshold": (0.1, 5.0),
    }.get(type(layer).__name__, ())
    np.testing.assert_array_equal(layer(x).data, getattr(F, name)(x, *arguments).data)
    assert not list(layer.parameters())
    assert math.isfinite(float(layer(x).sum().item()))
