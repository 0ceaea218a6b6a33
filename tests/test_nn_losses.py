"""Losses against NumPy references, with every reduction; gradients by central differences;
stability for logits of ±1e4; clear errors for bad targets."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import autograd_core as ag
import nn
import nn.functional as F

REDUCE = {"mean": np.mean, "sum": np.sum, "none": lambda values: values}


def leaf(rng: np.random.Generator, *shape: int, scale: float = 1.0) -> ag.Tensor:
    return ag.tensor(rng.standard_normal(shape) * scale, requires_grad=True)


def log_softmax(x: np.ndarray, axis: int = 1) -> np.ndarray:
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_regression_losses(reduction: str, rng: np.random.Generator) -> None:
    x, y = leaf(rng, 4, 3, scale=2), rng.standard_normal((4, 3))
    d = x.data - y
    expected = {
        nn.MSELoss(reduction=reduction): d**2,
        nn.L1Loss(reduction=reduction): np.abs(d),
        nn.HuberLoss(reduction=reduction, delta=0.7): np.where(np.abs(d) < 0.7, 0.5 * d**2, 0.7 * (np.abs(d) - 0.35)),
        nn.SmoothL1Loss(reduction=reduction, beta=0.7): np.where(np.abs(d) < 0.7, 0.5 * d**2 / 0.7, np.abs(d) - 0.35),
    }
    for loss, values in expected.items():
        np.testing.assert_allclose(loss(x, y).data, REDUCE[reduction](values), rtol=1e-12)
        assert ag.gradcheck(lambda t, loss=loss: loss(t, y), (x,))


def test_mse_gradient_is_two_times_the_error_over_n() -> None:
    x = ag.tensor(np.array([1.0, 2.0, 4.0]), requires_grad=True)
    F.mse_loss(x, np.array([0.0, 0.0, 0.0])).backward()
    np.testing.assert_allclose(x.grad.data, 2 * x.data / 3)


def test_regression_losses_refuse_targets_of_another_shape() -> None:
    with pytest.raises(ValueError, match=r"target shape \(4,\) differs from input shape \(4, 1\)"):
        F.mse_loss(ag.ones(4, 1), np.ones(4))
    with pytest.raises(ValueError, match="reduction"):
        nn.L1Loss(reduction="average")
    with pytest.raises(ValueError, match="delta"):
        nn.HuberLoss(delta=0)


def test_losses_keep_float32() -> None:
    x = ag.tensor(np.ones((3, 2), dtype=np.float32), requires_grad=True)
    for loss in (F.mse_loss(x, np.zeros((3, 2))), F.binary_cross_entropy_with_logits(x, np.zeros((3, 2)))):
        loss.backward()
        assert loss.dtype == x.grad.dtype == np.float32
    logits = ag.tensor(np.zeros((3, 4), dtype=np.float32), requires_grad=True)
    F.cross_entropy(logits, np.array([0, 1, 3])).backward()
    assert logits.grad.dtype == np.float32


# ---------------------------------------------------------------------- cross-entropy and NLL
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_with_class_indices_weights_and_ignored_samples(reduction: str, rng: np.random.Generator) -> None:
    x = leaf(rng, 6, 4, scale=2)
    target = np.array([0, 3, 1, 1, 2, 3])
    weight = np.array([0.2, 1.0, 2.0, 0.5])
    picked = -log_softmax(x.data)[np.arange(6), target]
    np.testing.assert_allclose(F.cross_entropy(x, target, reduction=reduction).data, REDUCE[reduction](picked))
    counted = target != 3
    weighted = np.where(counted, weight[target] * picked, 0.0)
    expected = {"mean": weighted.sum() / weight[target][counted].sum(), "sum": weighted.sum(), "none": weighted}
    loss = nn.CrossEntropyLoss(weight=weight, ignore_index=3, reduction=reduction)
    np.testing.assert_allclose(loss(x, target).data, expected[reduction], rtol=1e-12)
    assert ag.gradcheck(lambda t: loss(t, target), (x,))


@pytest.mark.parametrize(
    "loss",
    [
        lambda x, t: F.cross_entropy(x, t),
        lambda x, t: F.cross_entropy(x, t, label_smoothing=0.1),
        lambda x, t: F.nll_loss(ag.log_softmax(x, axis=1), t),
    ],
)
def test_a_mean_over_only_ignored_samples_is_nan_without_gradient(loss: Any, rng: np.random.Generator) -> None:
    # A batch of padding only: PyTorch gives the loss 0/0 = NaN and the logits gradient 0, so
    # that such a batch does not poison the weights.
    x = leaf(rng, 4, 5)
    value = loss(x, np.full(4, -100))
    value.backward()
    assert np.isnan(value.item())
    np.testing.assert_array_equal(x.grad.data, np.zeros((4, 5)))


def test_cross_entropy_label_smoothing_mixes_in_the_uniform_distribution(rng: np.random.Generator) -> None:
    x = leaf(rng, 5, 3)
    target = np.array([0, 2, 1, 1, 0])
    smoothed = 0.8 * np.eye(3)[target] + 0.2 / 3
    expected = -(smoothed * log_softmax(x.data)).sum(axis=1).mean()
    np.testing.assert_allclose(F.cross_entropy(x, target, label_smoothing=0.2).data, expected, rtol=1e-12)
    np.testing.assert_allclose(F.cross_entropy(x, smoothed).data, expected, rtol=1e-12)  # probability targets
    assert ag.gradcheck(lambda t: F.cross_entropy(t, target, label_smoothing=0.2), (x,))


def test_cross_entropy_over_extra_axes_and_without_a_batch(rng: np.random.Generator) -> None:
    x = leaf(rng, 2, 3, 4)
    target = rng.integers(0, 3, (2, 4))
    picked = np.take_along_axis(log_softmax(x.data, axis=1), target[:, None, :], axis=1)[:, 0, :]
    np.testing.assert_allclose(F.cross_entropy(x, target, reduction="none").data, -picked, rtol=1e-12)
    single = leaf(rng, 3)
    np.testing.assert_allclose(F.cross_entropy(single, np.array(2)).data, -log_softmax(single.data, 0)[2])
    assert F.cross_entropy(single, np.array(2), reduction="none").shape == ()


def test_cross_entropy_with_a_learned_probability_target_differentiates_the_target_too(
    rng: np.random.Generator,
) -> None:
    x, raw = leaf(rng, 3, 4), leaf(rng, 3, 4)
    assert ag.gradcheck(lambda logits, t: F.cross_entropy(logits, ag.softmax(t, axis=1)), (x, raw))


def test_cross_entropy_errors_name_the_problem(rng: np.random.Generator) -> None:
    x = leaf(rng, 3, 4)
    with pytest.raises(IndexError, match="target 4 is out of range for 4 classes"):
        F.cross_entropy(x, np.array([0, 4, 1]))
    with pytest.raises(IndexError, match="target -2 is out of range"):
        F.cross_entropy(x, np.array([0, -2, 1]))
    with pytest.raises(ValueError, match=r"target of shape \(3,\)"):
        F.cross_entropy(x, np.array([[0], [1], [2]]))
    with pytest.raises(ValueError, match="label_smoothing"):
        nn.CrossEntropyLoss(label_smoothing=1.5)
    with pytest.raises(ValueError, match=r"weight must have shape \(4,\)"):
        F.cross_entropy(x, np.array([0, 1, 2]), weight=np.ones(3))


def test_nll_loss_of_log_probabilities(rng: np.random.Generator) -> None:
    log_probabilities = ag.log_softmax(leaf(rng, 5, 3), axis=1)
    target = np.array([2, 0, 1, 1, 0])
    weight = np.array([1.0, 2.0, 0.5])
    picked = -log_probabilities.data[np.arange(5), target] * weight[target]
    loss = nn.NLLLoss(weight=weight)(log_probabilities, target)
    np.testing.assert_allclose(loss.data, picked.sum() / weight[target].sum(), rtol=1e-12)
    composed = nn.NLLLoss()(log_probabilities, target)
    np.testing.assert_allclose(composed.data, F.cross_entropy(log_probabilities, target).data, rtol=1e-12)


# ---------------------------------------------------------------------- binary
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_binary_cross_entropy_of_probabilities_and_of_logits(reduction: str, rng: np.random.Generator) -> None:
    logits = leaf(rng, 4, 3, scale=2)
    y = (rng.uniform(size=(4, 3)) > 0.5).astype(float)
    p = 1 / (1 + np.exp(-logits.data))
    expected = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    with_logits = F.binary_cross_entropy_with_logits(logits, y, reduction=reduction)
    np.testing.assert_allclose(with_logits.data, REDUCE[reduction](expected), rtol=1e-12)
    probabilities = ag.sigmoid(logits)
    np.testing.assert_allclose(
        F.binary_cross_entropy(probabilities, y, reduction=reduction).data, REDUCE[reduction](expected), rtol=1e-10
    )
    assert ag.gradcheck(lambda t: F.binary_cross_entropy_with_logits(t, y, reduction=reduction), (logits,))
    assert ag.gradcheck(lambda t: F.binary_cross_entropy(ag.sigmoid(t), y, reduction=reduction), (logits,))


def test_binary_cross_entropy_with_logits_pos_weight_and_weight(rng: np.random.Generator) -> None:
    logits = leaf(rng, 4, 3)
    y = rng.uniform(size=(4, 3))
    pos_weight, weight = np.array([1.0, 3.0, 0.5]), rng.uniform(0.5, 2, (4, 3))
    p = 1 / (1 + np.exp(-logits.data))
    expected = -weight * (pos_weight * y * np.log(p) + (1 - y) * np.log(1 - p))
    loss = nn.BCEWithLogitsLoss(weight=weight, pos_weight=pos_weight, reduction="sum")
    np.testing.assert_allclose(loss(logits, y).data, expected.sum(), rtol=1e-12)
    assert ag.gradcheck(lambda t: loss(t, y), (logits,))


def test_binary_cross_entropy_clamps_its_logs_at_minus_100() -> None:
    p = ag.tensor(np.array([0.0, 1.0]), requires_grad=True)
    loss = F.binary_cross_entropy(p, np.array([1.0, 0.0]), reduction="none")
    np.testing.assert_allclose(loss.data, [100.0, 100.0], rtol=1e-6)
    loss.sum().backward()
    # PyTorch's gradient (p − y) / max(p(1 − p), 1e-12): finite where p is exactly 0 or 1.
    np.testing.assert_allclose(p.grad.data, [-1e12, 1e12], rtol=1e-12)
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.binary_cross_entropy(ag.tensor([1.5]), np.array([1.0]))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_binary_cross_entropy_of_a_saturated_sigmoid_has_a_finite_gradient(dtype: type) -> None:
    # In float32, sigmoid(20) is exactly 1 and sigmoid(-120) exactly 0: the loss is the clamp's
    # 100 and the gradient must stay finite (e⁻¹⁰⁰ is subnormal in float32, its reciprocal inf).
    z = ag.tensor(np.array([20.0, -120.0, 0.5], dtype=dtype), requires_grad=True)
    target = np.array([0.0, 1.0, 1.0], dtype=dtype)
    loss = nn.BCELoss(reduction="sum")(ag.sigmoid(z), target)
    loss.backward()
    assert np.isfinite(loss.item()) and np.isfinite(z.grad.data).all()
    assert loss.dtype == z.grad.dtype == dtype
    if dtype == np.float32:
        np.testing.assert_allclose(loss.item(), 200.0 + np.log1p(np.exp(-0.5)), rtol=1e-6)


def test_binary_cross_entropy_primitive_first_and_second_order(rng: np.random.Generator) -> None:
    p = ag.tensor(rng.uniform(0.05, 0.95, (3, 4)), requires_grad=True)
    y = ag.tensor(rng.uniform(0.0, 1.0, (3, 4)), requires_grad=True)
    expected = -(y.data * np.log(p.data) + (1 - y.data) * np.log(1 - p.data))
    np.testing.assert_allclose(ag.binary_cross_entropy(p, y).data, expected, rtol=1e-12)
    assert ag.gradcheck(ag.binary_cross_entropy, (p, y))
    assert ag.gradgradcheck(ag.binary_cross_entropy, (p, y))
    with pytest.raises(ValueError, match=r"binary_cross_entropy: .*\(3, 4\).*\(4,\)"):
        ag.binary_cross_entropy(p, ag.ones(4))


def test_logit_losses_are_exact_at_plus_minus_1e4() -> None:
    logits = ag.tensor(np.array([[1e4, -1e4, 0.0], [-1e4, 0.0, 1e4]]), requires_grad=True)
    loss = F.cross_entropy(logits, np.array([1, 2]), reduction="none")
    np.testing.assert_allclose(loss.data, [2e4, 0.0], rtol=1e-12)
    loss.sum().backward()
    np.testing.assert_allclose(logits.grad.data, [[1.0, -1.0, 0.0], [0.0, 0.0, 0.0]], atol=1e-12)
    binary = ag.tensor(np.array([1e4, -1e4, 1e4, -1e4]), requires_grad=True)
    y = np.array([1.0, 0.0, 0.0, 1.0])
    loss = F.binary_cross_entropy_with_logits(binary, y, reduction="none")
    np.testing.assert_allclose(loss.data, [0.0, 0.0, 1e4, 1e4], rtol=1e-12)
    loss.sum().backward()
    np.testing.assert_allclose(binary.grad.data, [0.0, 0.0, 1.0, -1.0], atol=1e-12)  # σ(x) − y


def test_binary_cross_entropy_checks_its_weights_and_refuses_nan_probabilities() -> None:
    p = ag.tensor(np.full((2, 3), 0.5), requires_grad=True)
    y = np.ones((2, 3))
    with pytest.raises(ValueError, match=r"binary_cross_entropy: weight of shape \(3, 1\) does not broadcast"):
        F.binary_cross_entropy(p, y, weight=np.ones((3, 1)), reduction="none")
    logits = ag.tensor(np.zeros((2, 3)), requires_grad=True)
    with pytest.raises(ValueError, match=r"binary_cross_entropy_with_logits: pos_weight of shape \(2,\)"):
        F.binary_cross_entropy_with_logits(logits, y, pos_weight=np.ones(2))
    assert F.binary_cross_entropy(p, y, weight=np.ones(3), reduction="none").shape == (2, 3)  # broadcasts
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.binary_cross_entropy(ag.tensor([0.5, np.nan]), np.array([1.0, 0.0]))


def test_regression_losses_take_an_elementwise_weight_as_pytorch(rng: np.random.Generator) -> None:
    x, y = leaf(rng, 4, 3), rng.standard_normal((4, 3))
    weight = rng.uniform(0.5, 2.0, (4, 3))
    d = x.data - y
    huber = np.where(np.abs(d) < 1.0, 0.5 * d**2, np.abs(d) - 0.5)
    # PyTorch's means: Σ w·e / Σ w for MSE and L1, but the plain mean of w·e for Huber.
    cases = [
        (F.mse_loss, d**2, np.sum(weight * d**2) / weight.sum()),
        (F.l1_loss, np.abs(d), np.sum(weight * np.abs(d)) / weight.sum()),
        (F.huber_loss, huber, np.mean(weight * huber)),
    ]
    for function, elementwise, mean in cases:
        np.testing.assert_allclose(function(x, y, weight=weight).data, mean, rtol=1e-12)
        np.testing.assert_allclose(function(x, y, reduction="sum", weight=weight).data, np.sum(weight * elementwise))
        np.testing.assert_allclose(function(x, y, reduction="none", weight=weight).data, weight * elementwise)
        assert ag.gradcheck(lambda t, function=function: function(t, y, weight=weight), (x,))
        with pytest.raises(ValueError, match=r"weight of shape \(3,\) must have the input's shape \(4, 3\)"):
            function(x, y, weight=weight[0])


def test_legacy_size_average_and_reduce_become_a_reduction_with_a_warning(rng: np.random.Generator) -> None:
    x, y = leaf(rng, 4, 3), rng.standard_normal((4, 3))
    for (size_average, reduce), reduction in {
        (False, None): "sum",
        (None, False): "none",
        (True, True): "mean",
        (False, True): "sum",
    }.items():
        with pytest.warns(UserWarning, match=f"reduction='{reduction}'"):
            module = nn.MSELoss(size_average, reduce)
        assert module.reduction == reduction
        with pytest.warns(UserWarning):
            legacy = F.mse_loss(x, y, size_average, reduce)
        np.testing.assert_array_equal(legacy.data, F.mse_loss(x, y, reduction=reduction).data)
    # Positional arguments land where PyTorch's do: (weight, size_average, ignore_index, ...).
    assert nn.CrossEntropyLoss(None, None, 3).ignore_index == 3
    assert nn.NLLLoss(None, None, 2).ignore_index == 2


# ---------------------------------------------------------------------- KL, Gaussian/Poisson NLL, margin losses
def more_loss_functions(rng: np.random.Generator) -> list[tuple[str, Any, tuple[ag.Tensor, ...]]]:
    """(name, function of the differentiable inputs, those inputs), away from every hinge's kink."""
    x, y = leaf(rng, 4, 3), leaf(rng, 4, 3)
    probabilities = rng.dirichlet(np.ones(3), 4)
    probabilities[0, 1] = 0.0  # a zero target term: 0·log 0 = 0
    labels = np.where(rng.random((4, 3)) < 0.5, -1.0, 1.0)
    signs = np.array([1.0, -1.0, 1.0, -1.0])
    counts = rng.poisson(2.0, (4, 3)).astype(float)
    variance = ag.tensor(rng.uniform(0.5, 2.0, (4, 1)), requires_grad=True)  # broadcast along the last axis
    return [
        ("kl_div", lambda t: F.kl_div(t, probabilities, reduction="batchmean"), (x,)),
        ("kl_div_log_target", lambda s, t: F.kl_div(s, t, reduction="sum", log_target=True), (x, y)),
        ("gaussian_nll_loss", lambda s, v: F.gaussian_nll_loss(s, counts, v, full=True), (x, variance)),
        ("poisson_nll_loss", lambda t: F.poisson_nll_loss(t, counts), (x,)),
        ("poisson_nll_loss_rates", lambda t: F.poisson_nll_loss(ag.exp(t), counts, log_input=False), (x,)),
        ("soft_margin_loss", lambda t: F.soft_margin_loss(t, labels), (x,)),
        ("margin_ranking_loss", lambda s, t: F.margin_ranking_loss(s, t, signs, margin=0.1), (x[:, 0], y[:, 0])),
        ("hinge_embedding_loss", lambda t: F.hinge_embedding_loss(t, labels, margin=5.0), (x,)),
        ("cosine_embedding_loss", lambda s, t: F.cosine_embedding_loss(s, t, signs, margin=-2.0), (x, y)),
        (
            "triplet_margin_loss",
            lambda a, p: F.triplet_margin_loss(a, p, y.detach(), margin=20.0),
            (x, leaf(rng, 4, 3)),
        ),
        ("multilabel_soft_margin_loss", lambda t: F.multilabel_soft_margin_loss(t, labels > 0, [1.0, 2.0, 0.5]), (x,)),
    ]


def test_more_losses_have_first_and_second_order_gradients(rng: np.random.Generator) -> None:
    for name, function, inputs in more_loss_functions(rng):
        assert ag.gradcheck(function, inputs), name
        assert ag.gradgradcheck(function, inputs), name


def test_kl_div_values_and_reductions(rng: np.random.Generator) -> None:
    log_q = np.log(rng.dirichlet(np.ones(3), 4))
    p = rng.dirichlet(np.ones(3), 4)
    pointwise = p * (np.log(p) - log_q)
    with pytest.warns(UserWarning, match="batchmean"):
        np.testing.assert_allclose(F.kl_div(ag.tensor(log_q), p).item(), pointwise.mean(), rtol=1e-12)
    np.testing.assert_allclose(nn.KLDivLoss(reduction="batchmean")(ag.tensor(log_q), p).item(), pointwise.sum() / 4)
    np.testing.assert_allclose(F.kl_div(ag.tensor(log_q), np.log(p), reduction="none", log_target=True).data, pointwise)
    with pytest.raises(ValueError, match="reduction"):
        nn.KLDivLoss(reduction="average")


def test_more_losses_check_their_arguments() -> None:
    with pytest.raises(ValueError, match="var has negative"):
        F.gaussian_nll_loss(ag.ones(2, 3), np.zeros((2, 3)), -np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"var of shape \(3,\) is of incorrect size"):
        F.gaussian_nll_loss(ag.ones(2, 3), np.zeros((2, 3)), np.ones(3))
    with pytest.raises(ValueError, match="same shape"):
        F.margin_ranking_loss(ag.ones(3), ag.ones(3), np.ones(2))
    with pytest.raises(ValueError, match="cosine_embedding_loss"):
        F.cosine_embedding_loss(ag.ones(2, 3), ag.ones(2, 3), np.ones(3))
    with pytest.raises(ValueError, match="triplet_margin_loss"):
        F.triplet_margin_loss(ag.ones(2, 3), ag.ones(3), ag.ones(2, 3))
    with pytest.raises(ValueError, match="margin"):
        nn.TripletMarginLoss(margin=0.0)
    with pytest.raises(ValueError, match="target shape"):
        F.soft_margin_loss(ag.ones(2, 3), np.ones(3))


def test_softplus_and_bce_with_logits_keep_full_relative_precision_far_below_zero() -> None:
    # log(1 + e⁻⁵⁰) is 1.93e-22, not log(1 + 1.93e-22) = 0; its derivative there is e⁻⁵⁰ too.
    x = ag.tensor([-50.0, -700.0], dtype=np.float64, requires_grad=True)
    expected = np.log1p(np.exp([-50.0, -700.0]))
    np.testing.assert_allclose(F.softplus(x).data, expected, rtol=1e-15)
    F.softplus(x).sum().backward()
    np.testing.assert_allclose(x.grad.data, np.exp([-50.0, -700.0]) / (1 + np.exp([-50.0, -700.0])), rtol=1e-15)
    logits = ag.tensor([50.0], dtype=np.float64)
    loss = F.binary_cross_entropy_with_logits(logits, ag.tensor([1.0], dtype=np.float64), reduction="none")
    np.testing.assert_allclose(loss.data, np.log1p(np.exp([-50.0])), rtol=1e-15)
