"""normalize, cosine_similarity, pairwise_distance and PyTorch-style pad: values against NumPy,
first- and second-order gradients by central differences in float64 on broadcasting shapes,
and clear errors. PyTorch parity is in ``test_nn_torch.py``."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import autograd_core as ag
import nn
import nn.functional as F


def leaf(rng: np.random.Generator, *shape: int) -> ag.Tensor:
    return ag.tensor(rng.standard_normal(shape), requires_grad=True)


@pytest.mark.parametrize(("shape", "p", "dim"), [((3, 4), 2.0, 1), ((2, 3, 4), 1.0, -1), ((2, 3), 3.0, 0)])
def test_normalize(shape: tuple, p: float, dim: int, rng: np.random.Generator) -> None:
    x = leaf(rng, *shape)
    norm = np.sum(np.abs(x.data) ** p, axis=dim, keepdims=True) ** (1 / p)
    np.testing.assert_allclose(F.normalize(x, p, dim).data, x.data / norm, rtol=1e-12)
    assert ag.gradcheck(lambda t: F.normalize(t, p, dim), (x,))
    assert ag.gradgradcheck(lambda t: F.normalize(t, p, dim), (x,))


def test_normalize_leaves_a_zero_vector_at_zero() -> None:
    x = ag.tensor(np.zeros((2, 3)), requires_grad=True)
    out = F.normalize(x)
    out.sum().backward()
    assert np.all(out.data == 0) and np.isfinite(x.grad.data).all()


@pytest.mark.parametrize(("shape1", "shape2", "dim"), [((4, 5), (4, 5), 1), ((3, 1, 4), (2, 4), -1), ((5,), (5,), 0)])
def test_cosine_similarity(shape1: tuple, shape2: tuple, dim: int, rng: np.random.Generator) -> None:
    a, b = leaf(rng, *shape1), leaf(rng, *shape2)
    x, y = np.broadcast_arrays(a.data, b.data)
    expected = (x * y).sum(dim) / (np.linalg.norm(x, axis=dim) * np.linalg.norm(y, axis=dim))
    np.testing.assert_allclose(F.cosine_similarity(a, b, dim).data, expected, rtol=1e-12)
    np.testing.assert_allclose(nn.CosineSimilarity(dim)(a, b).data, expected, rtol=1e-12)
    assert ag.gradcheck(lambda s, t: F.cosine_similarity(s, t, dim), (a, b))
    assert ag.gradgradcheck(lambda s, t: F.cosine_similarity(s, t, dim), (a, b))


@pytest.mark.parametrize("p", [1.0, 2.0, 3.0])
@pytest.mark.parametrize(("shape1", "shape2"), [((4, 5), (4, 5)), ((3, 4), (4,)), ((5,), (5,))])
def test_pairwise_distance(shape1: tuple, shape2: tuple, p: float, rng: np.random.Generator) -> None:
    a, b = leaf(rng, *shape1), leaf(rng, *shape2)
    expected = np.sum(np.abs(a.data - b.data + 1e-6) ** p, axis=-1) ** (1 / p)
    np.testing.assert_allclose(F.pairwise_distance(a, b, p).data, expected, rtol=1e-12)
    np.testing.assert_allclose(nn.PairwiseDistance(p, keepdim=True)(a, b).data, expected[..., None], rtol=1e-12)
    assert ag.gradcheck(lambda s, t: F.pairwise_distance(s, t, p), (a, b))
    assert ag.gradgradcheck(lambda s, t: F.pairwise_distance(s, t, p), (a, b))


def torch_style_widths(ndim: int, pad: tuple) -> list[tuple[int, int]]:
    pairs = [(pad[i], pad[i + 1]) for i in range(0, len(pad), 2)][::-1]
    return [(0, 0)] * (ndim - len(pairs)) + pairs


@pytest.mark.parametrize(
    ("pad", "mode"),
    [((1, 2), "constant"), ((1, 0, 0, 2), "reflect"), ((2, 1), "replicate"), ((3, 1, 1, 0), "circular")],
)
def test_pad_takes_the_last_axes_first_as_numpys_modes(pad: tuple, mode: str, rng: np.random.Generator) -> None:
    x = leaf(rng, 2, 3, 4)
    numpy_mode = {"constant": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}[mode]
    expected = np.pad(x.data, torch_style_widths(3, pad), mode=numpy_mode)
    np.testing.assert_array_equal(F.pad(x, pad, mode).data, expected)
    assert ag.gradcheck(lambda t: F.pad(t, pad, mode), (x,))
    assert ag.gradgradcheck(lambda t: F.pad(t, pad, mode) ** 2, (x,))


def test_pad_with_a_value_and_negative_sizes_that_crop(rng: np.random.Generator) -> None:
    x = leaf(rng, 3, 4)
    out = F.pad(x, (-1, 2, 1, -2), value=7.0)
    expected = np.pad(x.data, ((1, 0), (0, 2)), constant_values=7.0)[:2, 1:]
    np.testing.assert_array_equal(out.data, expected)
    assert ag.gradcheck(lambda t: F.pad(t, (-1, 2, 1, -2), value=7.0), (x,))


def test_pad_errors_name_the_problem() -> None:
    x = ag.ones(1, 2, 3)
    with pytest.raises(ValueError, match="even number"):
        F.pad(x, (1, 2, 3))
    with pytest.raises(ValueError, match="doesn't take in value"):
        F.pad(x, (1, 1), mode="reflect", value=1.0)
    with pytest.raises(ValueError, match=r"reflect padding \(3, 1\) must be smaller than the size 3"):
        F.pad(x, (3, 1), mode="reflect")
    with pytest.raises(ValueError, match="at most the size"):
        F.pad(x, (4, 1), mode="circular")
    with pytest.raises(NotImplementedError, match="1 to 3 axes"):
        F.pad(ag.ones(3), (1, 1), mode="replicate")
    with pytest.raises(NotImplementedError, match="'symmetric'"):
        F.pad(x, (1, 1), mode="symmetric")
    with pytest.raises(ValueError, match="negative size"):
        F.pad(x, (-2, -2))
    with pytest.raises(ValueError, match="crops more than the axis"):
        F.pad(x, (-4, 2))  # PyTorch refuses a crop beyond the axis even if a pad makes up for it


def test_ag_pad_keeps_numpys_meaning() -> None:
    assert ag.pad(ag.ones(2, 3), [(1, 0), (0, 0)]).shape == (3, 3)
    assert F.pad(ag.ones(2, 3), (1, 0)).shape == (2, 4)


@pytest.mark.parametrize(
    "call",
    [
        lambda x, **k: F.normalize(x, **k),
        lambda x, **k: F.cosine_similarity(x, x * 2.0 + 1.0, **k),
        lambda x, **k: F.glu(x, **k),
        lambda x, **k: nn.CosineSimilarity(**k)(x, x * 2.0 + 1.0),
        lambda x, **k: nn.GLU(**k)(x),
    ],
    ids=["normalize", "cosine_similarity", "glu", "CosineSimilarity", "GLU"],
)
def test_axis_and_pytorchs_dim_name_the_same_axis(call: Any) -> None:
    x = ag.tensor(np.random.default_rng(0).standard_normal((4, 6)))
    along_rows = call(x, axis=0).data
    np.testing.assert_array_equal(call(x, dim=0).data, along_rows)
    assert not np.array_equal(call(x, axis=1).data, along_rows) or along_rows.shape != call(x, axis=1).shape
    with pytest.raises(TypeError, match="got both axis=0 and dim=1"):
        call(x, axis=0, dim=1)


def test_cosine_similarity_of_overflowing_norms_is_finite_as_pytorchs() -> None:
    # ‖x‖ overflows to inf for entries of 1e200; PyTorch then gives 0, not inf − inf = NaN.
    x = ag.tensor(np.array([[1e200, 2e200], [1.0, 0.0]]))
    y = ag.tensor(np.array([[3e200, 1e200], [1.0, 1.0]]))
    with np.errstate(over="ignore"):
        similarity = F.cosine_similarity(x, y, axis=1).data
    np.testing.assert_allclose(similarity, [0.0, np.sqrt(0.5)])
