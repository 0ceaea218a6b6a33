"""nn.init: PyTorch's gains and fan computations, the distributions each initializer draws
from, reproducibility under ag.manual_seed and with a generator of one's own, the erfinv that
trunc_normal_ samples with, and writes that graphs notice."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np
import pytest

import autograd_core as ag
import nn
from autograd_core.ops.erf import erf_array, erfinv_array
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


# ---------------------------------------------------------------------- erfinv
def test_erfinv_inverts_erf_in_the_centre() -> None:
    x = np.linspace(-1.5, 1.5, 20001)
    np.testing.assert_allclose(erfinv_array(erf_array(x)), x, rtol=1e-14, atol=1e-15)
    y = np.random.default_rng(0).uniform(-1.0, 1.0, 100_000)
    np.testing.assert_allclose(erf_array(erfinv_array(y)), y, rtol=0, atol=2e-15)


def test_erfinv_is_accurate_in_the_tails_to_within_one_ulp_of_one() -> None:
    # Near ±1 erf's own rounding cannot tell x apart, so check erfc(erfinv(y)) = 1 − y instead,
    # with math.erfc, down to the last representable y below 1 (x ≈ 5.86).
    q = np.logspace(-15.95, math.log10(0.03), 400)
    y = 1.0 - q
    q = 1.0 - y  # the gap that y actually has, exactly
    x = erfinv_array(y)
    np.testing.assert_allclose([math.erfc(v) for v in x], q, rtol=1e-13)
    np.testing.assert_array_equal(erfinv_array(-y), -x)  # odd
    assert erfinv_array(np.nextafter(1.0, 0.0)) == pytest.approx(5.863584748755168, rel=1e-14)


def test_erfinv_edges_shapes_and_dtypes() -> None:
    edges = erfinv_array(np.array([1.0, -1.0, 1.5, -2.0, np.nan, 0.0]))
    np.testing.assert_array_equal(edges, [np.inf, -np.inf, np.nan, np.nan, np.nan, 0.0])
    assert math.copysign(1.0, erfinv_array(np.array(-0.0))) == -1.0
    assert erfinv_array(np.array(0.5)).shape == () and erfinv_array(np.zeros((2, 0))).shape == (2, 0)
    single = erfinv_array(np.array([0.3, -0.9], dtype=np.float32))
    assert single.dtype == np.float32
    np.testing.assert_allclose(single, [0.27246271472675443, -1.1630871536766743], rtol=1e-7)
    assert erfinv_array(np.array([0, 1])).dtype == np.float64


def test_erfinv_matches_pytorch() -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    y = np.concatenate(
        [
            rng.uniform(-1.0, 1.0, 100_000),
            np.linspace(-1.0, 1.0, 20_001),
            1.0 - np.logspace(-16, -1, 1000),
            -1.0 + np.logspace(-16, -1, 1000),
            [1e-300, 5e-324, -0.0, 1.0 - 2.0**-53],
        ]
    )
    np.testing.assert_allclose(erfinv_array(y), torch.erfinv(torch.from_numpy(y)).numpy(), rtol=2e-14, atol=0)


# ---------------------------------------------------------------------- trunc_normal_
def truncated_normal_cdf(x: np.ndarray, mean: float, std: float, a: float, b: float) -> np.ndarray:
    """From the side of the distribution [a, b] lies on, where erfc keeps every digit."""

    def below(t: float) -> float:  # P(X ≤ t)
        return 0.5 * math.erfc(-(t - mean) / (std * math.sqrt(2)))

    def above(t: float) -> float:  # P(X > t)
        return 0.5 * math.erfc((t - mean) / (std * math.sqrt(2)))

    if a > mean:
        return np.array([(above(a) - above(v)) / (above(a) - above(b)) for v in x])
    return np.array([(below(v) - below(a)) / (below(b) - below(a)) for v in x])


@pytest.mark.filterwarnings("ignore:mean is more than 2 std")
@pytest.mark.parametrize(
    ("mean", "std", "a", "b"),
    [
        (0.0, 1.0, -2.0, 2.0),
        (0.0, 1.0, -1.0, 0.5),
        (1.0, 0.02, 0.99, 1.5),
        (0.0, 1.0, 2.0, 3.0),
        (0.0, 1.0, -4.0, -3.9),
        # Wholly beyond 3 std: sampled by rejection, exact where erf rounds to ±1.
        (0.0, 1.0, 8.0, 9.0),
        (0.0, 1.0, 20.0, 21.0),
        (0.0, 1.0, -10.0, -9.0),
        (0.0, 1.0, 9.0, 9.001),
        (2.0, 0.5, 5.0, 100.0),
    ],
)
def test_trunc_normal_has_the_truncated_distribution(mean: float, std: float, a: float, b: float) -> None:
    ag.manual_seed(2)
    weight = init.trunc_normal_(empty(200, 250), mean, std, a, b)
    values = np.sort(weight.data.ravel())
    assert a <= values[0] and values[-1] <= b
    # The Kolmogorov–Smirnov distance, on a grid; 0.0087 is its 0.1% critical value for 50,000 draws.
    points = np.linspace(a, b, 41)
    empirical = np.searchsorted(values, points, side="right") / values.size
    assert np.abs(empirical - truncated_normal_cdf(points, mean, std, a, b)).max() < 0.0087


def test_trunc_normal_far_in_a_tail_finishes_and_warns_like_pytorch() -> None:
    ag.manual_seed(3)
    weight = nn.Parameter(np.zeros((100, 100), dtype=np.float32))
    with pytest.warns(UserWarning, match=r"mean is more than 2 std from \[a, b\] in nn.init.trunc_normal_") as record:
        init.trunc_normal_(weight, mean=0.0, std=1.0, a=6.0, b=7.0)
    assert record[0].filename == __file__  # attributed to the caller's line
    assert weight.dtype == np.float32 and weight.data.min() >= 6.0 and weight.data.max() <= 7.0
    # The truncated normal on [6, 7] has mean (φ(6) − φ(7)) / (Φ(7) − Φ(6)) = 6.15721 and std 0.15.
    assert weight.data.mean() == pytest.approx(6.15721, abs=0.006)
    with pytest.warns(UserWarning, match="more than 2 std"):
        init.trunc_normal_(weight, mean=10.0, std=1.0, a=-1.0, b=7.5)


def test_trunc_normal_warns_only_beyond_2_std() -> None:
    weight = empty(3, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        init.trunc_normal_(weight, mean=0.0, std=1.0, a=2.0, b=3.0)  # exactly 2 std: no warning
        init.trunc_normal_(weight, mean=5.0, std=1.0, a=2.0, b=3.0)
    with pytest.warns(UserWarning, match="more than 2 std"):
        init.trunc_normal_(weight, mean=-0.01, std=1.0, a=2.0, b=3.0)


def test_trunc_normal_draws_one_uniform_per_element_and_keeps_the_dtype() -> None:
    ag.manual_seed(4)
    weight = nn.Parameter(np.zeros((30, 40), dtype=np.float32))
    init.trunc_normal_(weight, std=0.02, a=-0.05, b=-0.04)
    reference = np.random.default_rng(4)
    reference.uniform(size=(30, 40))
    assert ag.default_generator().bit_generator.state == reference.bit_generator.state
    assert weight.dtype == np.float32
    assert np.float32(-0.05) <= weight.data.min() and weight.data.max() <= np.float32(-0.04)


def test_trunc_normal_checks_its_arguments() -> None:
    with pytest.raises(ValueError, match=r"trunc_normal_: need a < b, got a=1.0, b=1.0"):
        init.trunc_normal_(empty(2), a=1.0, b=1.0)
    with pytest.raises(ValueError, match=r"trunc_normal_: std must be positive, got std=0"):
        init.trunc_normal_(empty(2), std=0)


# ---------------------------------------------------------------------- generator=
RANDOM_INITIALIZERS: list[tuple[str, Callable[..., nn.Parameter]]] = [
    ("uniform_", lambda w, **g: init.uniform_(w, -1.0, 2.0, **g)),
    ("normal_", lambda w, **g: init.normal_(w, 1.0, 3.0, **g)),
    ("trunc_normal_", lambda w, **g: init.trunc_normal_(w, 0.0, 1.0, -1.0, 1.0, **g)),
    ("xavier_uniform_", lambda w, **g: init.xavier_uniform_(w, 2.0, **g)),
    ("xavier_normal_", lambda w, **g: init.xavier_normal_(w, 2.0, **g)),
    ("kaiming_uniform_", lambda w, **g: init.kaiming_uniform_(w, math.sqrt(5), **g)),
    ("kaiming_normal_", lambda w, **g: init.kaiming_normal_(w, 0.0, "fan_out", "relu", **g)),
    ("orthogonal_", lambda w, **g: init.orthogonal_(w, 1.5, **g)),
]


@pytest.mark.parametrize(("name", "initialize"), RANDOM_INITIALIZERS, ids=[name for name, _ in RANDOM_INITIALIZERS])
def test_a_generator_of_ones_own_gives_reproducible_values_and_leaves_the_global_stream(
    name: str, initialize: Callable[..., nn.Parameter]
) -> None:
    ag.manual_seed(5)
    state = ag.default_generator().bit_generator.state
    first = initialize(empty(6, 4), generator=np.random.default_rng(11)).data.copy()
    second = initialize(empty(6, 4), generator=np.random.default_rng(11)).data
    assert ag.default_generator().bit_generator.state == state  # the global stream did not move
    np.testing.assert_array_equal(first, second)
    assert not np.array_equal(first, initialize(empty(6, 4), generator=np.random.default_rng(12)).data)
    # The generator is the one drawn from: the global generator seeded alike gives the same values.
    ag.manual_seed(11)
    np.testing.assert_array_equal(initialize(empty(6, 4)).data, first)
    assert ag.default_generator().bit_generator.state != np.random.default_rng(11).bit_generator.state


def test_a_generator_must_be_a_numpy_generator() -> None:
    with pytest.raises(TypeError, match=r"normal_: generator must be a numpy\.random\.Generator or None, got int"):
        init.normal_(empty(2), generator=0)
    with pytest.raises(TypeError, match=r"xavier_uniform_: generator .* got RandomState"):
        init.xavier_uniform_(empty(2, 2), generator=np.random.RandomState(0))
    with pytest.raises(TypeError, match="kaiming_normal_: generator"):
        init.kaiming_normal_(empty(0, 2), generator="seed")  # checked even where nothing is drawn
