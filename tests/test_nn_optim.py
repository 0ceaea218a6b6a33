"""Optimizers against the update rules written out in NumPy, parameter groups, state dicts,
hyper-parameter validation, and learning-rate schedules against their closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest

import autograd_core as ag
import nn


# ---------------------------------------------------------------------- references
def sgd_reference(theta, g, state, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    g = g + weight_decay * theta
    if momentum:
        state["b"] = g.copy() if "b" not in state else momentum * state["b"] + (1 - dampening) * g
        g = g + momentum * state["b"] if nesterov else state["b"]
    return theta - lr * g


def adam_reference(theta, g, state, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, decoupled=False):
    beta1, beta2 = betas
    t = state["t"] = state.get("t", 0) + 1
    if decoupled:
        theta = theta * (1 - lr * weight_decay)
    else:
        g = g + weight_decay * theta
    state["m"] = beta1 * state.get("m", 0) + (1 - beta1) * g
    state["v"] = beta2 * state.get("v", 0) + (1 - beta2) * g * g
    v = state["v_max"] = np.maximum(state.get("v_max", 0), state["v"]) if amsgrad else state["v"]
    m_hat, v_hat = state["m"] / (1 - beta1**t), v / (1 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps)


def rmsprop_reference(theta, g, state, lr, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False):
    g = g + weight_decay * theta
    state["v"] = alpha * state.get("v", 0) + (1 - alpha) * g * g
    v = state["v"]
    if centered:
        state["mean"] = alpha * state.get("mean", 0) + (1 - alpha) * g
        v = v - state["mean"] ** 2
    step = g / (np.sqrt(v) + eps)
    if momentum:
        state["b"] = momentum * state.get("b", 0) + step
        step = state["b"]
    return theta - lr * step


def adagrad_reference(theta, g, state, lr, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10):
    t = state["t"] = state.get("t", 0) + 1
    g = g + weight_decay * theta
    state["s"] = state.get("s", initial_accumulator_value) + g * g
    return theta - lr / (1 + (t - 1) * lr_decay) * g / (np.sqrt(state["s"]) + eps)


CASES = [
    (nn.optim.SGD, sgd_reference, {"lr": 0.1}),
    (nn.optim.SGD, sgd_reference, {"lr": 0.1, "momentum": 0.9, "dampening": 0.2, "weight_decay": 0.05}),
    (nn.optim.SGD, sgd_reference, {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    (nn.optim.Adam, adam_reference, {"lr": 0.05}),
    (nn.optim.Adam, adam_reference, {"lr": 0.05, "betas": (0.5, 0.9), "weight_decay": 0.1, "amsgrad": True}),
    (nn.optim.AdamW, lambda *a, **k: adam_reference(*a, decoupled=True, weight_decay=0.01, **k), {"lr": 0.05}),
    (nn.optim.RMSprop, rmsprop_reference, {"lr": 0.01}),
    (nn.optim.RMSprop, rmsprop_reference, {"lr": 0.01, "centered": True, "momentum": 0.7, "weight_decay": 0.1}),
    (nn.optim.Adagrad, adagrad_reference, {"lr": 0.1}),
    (nn.optim.Adagrad, adagrad_reference, {"lr": 0.1, "lr_decay": 0.1, "initial_accumulator_value": 0.3}),
]


def loss_of(theta: ag.Tensor) -> ag.Tensor:
    """A bowl with a rotated, badly conditioned valley: gradients change from step to step."""
    return (theta * theta * ag.tensor(np.array([1.0, 10.0, 0.1]))).sum() + (theta[0] * theta[1]).sin()


@pytest.mark.parametrize(
    ("optimizer_type", "reference", "options"), CASES, ids=[f"{case[0].__name__}-{case[2]}" for case in CASES]
)
def test_updates_follow_the_published_rule(optimizer_type: type, reference, options: dict) -> None:
    theta = nn.Parameter(np.array([1.0, -0.5, 2.0]))
    optimizer = optimizer_type([theta], **options)
    expected, state = theta.data.copy(), {}
    for _ in range(15):
        optimizer.zero_grad()
        loss_of(theta).backward()
        grad = theta.grad.data.copy()
        optimizer.step()
        expected = reference(expected, grad, state, **options)
        np.testing.assert_allclose(theta.data, expected, rtol=1e-12, atol=1e-14)


def test_maximize_ascends() -> None:
    theta = nn.Parameter(np.array([1.0]))
    optimizer = nn.optim.SGD([theta], lr=0.1, maximize=True)
    (theta * 2.0).sum().backward()
    optimizer.step()
    np.testing.assert_allclose(theta.data, [1.2])


def test_parameters_without_a_gradient_are_left_alone_and_float32_stays_float32() -> None:
    used = nn.Parameter(np.ones(2, dtype=np.float32))
    unused = nn.Parameter(np.ones(2, dtype=np.float32))
    optimizer = nn.optim.Adam([used, unused], lr=0.1)
    (used * 3.0).sum().backward()
    optimizer.step()
    assert used.data.dtype == np.float32 and not np.allclose(used.data, 1)
    np.testing.assert_array_equal(unused.data, 1)
    assert unused not in optimizer.state


def test_parameter_groups_and_their_defaults() -> None:
    first, second = nn.Parameter(np.ones(2)), nn.Parameter(np.ones(2))
    optimizer = nn.optim.SGD([{"params": [first]}, {"params": second, "lr": 1.0}], lr=0.1, momentum=0.5)
    assert [group["lr"] for group in optimizer.param_groups] == [0.1, 1.0]
    assert optimizer.param_groups[1]["momentum"] == 0.5
    (first.sum() + second.sum()).backward()
    optimizer.step()
    np.testing.assert_allclose(first.data, 0.9)
    np.testing.assert_allclose(second.data, 0.0)
    third = nn.Parameter(np.ones(1))
    optimizer.add_param_group({"params": [third], "lr": 0.5})
    assert optimizer.param_groups[2]["momentum"] == 0.5
    with pytest.raises(ValueError, match="more than one parameter group"):
        optimizer.add_param_group({"params": [first]})


@pytest.mark.parametrize(
    ("factory", "message"),
    [
        (lambda p: nn.optim.SGD(p, lr=-0.1), "lr"),
        (lambda p: nn.optim.SGD(p, momentum=-1), "momentum"),
        (lambda p: nn.optim.SGD(p, nesterov=True), "Nesterov"),
        (lambda p: nn.optim.SGD(p, momentum=0.9, dampening=0.1, nesterov=True), "Nesterov"),
        (lambda p: nn.optim.Adam(p, betas=(1.0, 0.999)), "beta parameter at index 0"),
        (lambda p: nn.optim.Adam(p, betas=(0.9, -0.1)), "beta parameter at index 1"),
        (lambda p: nn.optim.Adam(p, eps=-1e-8), "eps"),
        (lambda p: nn.optim.AdamW(p, weight_decay=-0.01), "weight_decay"),
        (lambda p: nn.optim.RMSprop(p, alpha=-0.5), "alpha"),
        (lambda p: nn.optim.Adagrad(p, lr_decay=-1), "lr_decay"),
        (lambda p: nn.optim.SGD([{"params": p, "lr": -1}], lr=0.1), "lr"),
        (lambda p: nn.optim.SGD([], lr=0.1), "empty parameter list"),
    ],
)
def test_invalid_hyperparameters_raise_value_error(factory, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        factory([nn.Parameter(np.ones(2))])


def test_non_leaf_and_non_tensor_parameters_are_refused() -> None:
    leaf = nn.Parameter(np.ones(2))
    with pytest.raises(ValueError, match="non-leaf"):
        nn.optim.SGD([leaf * 2], lr=0.1)
    with pytest.raises(TypeError, match="Tensors"):
        nn.optim.SGD([np.ones(2)], lr=0.1)
    with pytest.raises(TypeError, match="iterable"):
        nn.optim.SGD(leaf, lr=0.1)


def test_step_with_a_closure_returns_its_loss() -> None:
    theta = nn.Parameter(np.array([3.0]))
    optimizer = nn.optim.SGD([theta], lr=0.25)

    def closure() -> ag.Tensor:
        optimizer.zero_grad()
        loss = (theta * theta).sum()
        loss.backward()
        return loss

    with ag.no_grad():  # the closure records even so
        loss = optimizer.step(closure)
    assert loss.item() == 9.0
    np.testing.assert_allclose(theta.data, [1.5])


def test_an_update_marks_parameters_modified_for_graphs_that_saved_them() -> None:
    theta = nn.Parameter(np.array([2.0]))
    optimizer = nn.optim.SGD([theta], lr=0.1)
    (theta * theta).sum().backward()
    stale = (theta * theta).sum()
    optimizer.step()
    with pytest.raises(RuntimeError, match="modified in place"):
        stale.backward()


@pytest.mark.parametrize(
    ("optimizer_type", "options"),
    [
        (nn.optim.Adam, {"amsgrad": True}),
        (nn.optim.RMSprop, {"momentum": 0.5, "centered": True}),
        (nn.optim.SGD, {"momentum": 0.9, "lr": 0.01}),
        (nn.optim.Adagrad, {}),
    ],
    ids=["Adam", "RMSprop", "SGD", "Adagrad"],
)
def test_state_dict_round_trip_continues_the_same_trajectory(optimizer_type: type, options: dict) -> None:
    def run(steps: int, optimizer, theta) -> None:
        for _ in range(steps):
            optimizer.zero_grad()
            loss_of(theta).backward()
            optimizer.step()

    theta = nn.Parameter(np.array([1.0, -0.5, 2.0]))
    optimizer = optimizer_type([theta], **options)
    run(5, optimizer, theta)
    saved_theta, saved_state = theta.data.copy(), optimizer.state_dict()
    assert sorted(saved_state) == ["param_groups", "state"]
    assert saved_state["param_groups"][0]["params"] == [0]
    copied_state = {
        "state": {
            k: {n: np.array(v.data) if isinstance(v, ag.Tensor) else v for n, v in s.items()}
            for k, s in saved_state["state"].items()
        },
        "param_groups": saved_state["param_groups"],
    }
    run(5, optimizer, theta)
    clone = nn.Parameter(saved_theta)
    restored = optimizer_type([clone], lr=123.0)  # hyper-parameters come back from the state dict
    restored.load_state_dict(copied_state)
    assert restored.param_groups[0]["lr"] == optimizer.param_groups[0]["lr"]
    run(5, restored, clone)
    np.testing.assert_array_equal(clone.data, theta.data)


def test_load_state_dict_checks_before_changing_anything() -> None:
    theta = nn.Parameter(np.ones(3))
    optimizer = nn.optim.Adam([theta])
    (theta.sum()).backward()
    optimizer.step()
    state = optimizer.state_dict()
    other = nn.optim.Adam([nn.Parameter(np.ones(4))])
    with pytest.raises(ValueError, match="shape"):
        other.load_state_dict(state)
    assert other.state == {}
    with pytest.raises(ValueError, match="parameter groups"):
        other.load_state_dict({"state": {}, "param_groups": []})
    with pytest.raises(ValueError, match="group 0 has 1 parameters"):
        nn.optim.Adam([nn.Parameter(np.ones(3)), nn.Parameter(np.ones(3))]).load_state_dict(state)


def test_zero_grad_to_none_or_zeros() -> None:
    theta = nn.Parameter(np.ones(2))
    optimizer = nn.optim.SGD([theta], lr=0.1)
    theta.sum().backward()
    optimizer.zero_grad(set_to_none=False)
    np.testing.assert_array_equal(theta.grad.data, 0)
    optimizer.zero_grad()
    assert theta.grad is None


def test_zero_grad_without_none_zeros_the_gradient_in_place_as_pytorch() -> None:
    theta = nn.Parameter(np.ones(2))
    optimizer = nn.optim.SGD([theta], lr=0.1)
    (theta * 3.0).sum().backward()
    held, array = theta.grad, theta.grad.data
    optimizer.zero_grad(set_to_none=False)
    assert theta.grad is held and theta.grad.data is array
    np.testing.assert_array_equal(held.data, 0)


# ---------------------------------------------------------------------- schedules
def rates(schedule, optimizer, epochs: int) -> list[float]:
    values = []
    for _ in range(epochs):
        values.append(schedule.get_last_lr()[0])
        optimizer.step()
        schedule.step()
    return values


def fresh_optimizer(lr: float = 0.1) -> nn.optim.SGD:
    return nn.optim.SGD([nn.Parameter(np.ones(1))], lr=lr)


def test_step_exponential_and_lambda_schedules_follow_their_closed_forms() -> None:
    optimizer = fresh_optimizer()
    values = rates(nn.optim.lr_scheduler.StepLR(optimizer, step_size=3, gamma=0.5), optimizer, 10)
    np.testing.assert_allclose(values, [0.1 * 0.5 ** (t // 3) for t in range(10)], rtol=1e-12)
    optimizer = fresh_optimizer()
    values = rates(nn.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.9), optimizer, 10)
    np.testing.assert_allclose(values, [0.1 * 0.9**t for t in range(10)], rtol=1e-12)
    optimizer = fresh_optimizer()
    values = rates(nn.optim.lr_scheduler.LambdaLR(optimizer, lambda t: 1 / (t + 1)), optimizer, 10)
    np.testing.assert_allclose(values, [0.1 / (t + 1) for t in range(10)], rtol=1e-12)


def test_cosine_annealing_follows_the_half_cosine_to_eta_min() -> None:
    optimizer = fresh_optimizer()
    values = rates(nn.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=8, eta_min=0.01), optimizer, 9)
    expected = [0.01 + 0.5 * (0.1 - 0.01) * (1 + math.cos(math.pi * t / 8)) for t in range(9)]
    np.testing.assert_allclose(values, expected, rtol=1e-12)


def test_schedules_write_the_optimizer_rate_validate_and_save_their_state() -> None:
    optimizer = fresh_optimizer()
    schedule = nn.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    optimizer.step()
    schedule.step()
    assert optimizer.param_groups[0]["lr"] == 0.05
    state = schedule.state_dict()
    assert "optimizer" not in state and state["last_epoch"] == 1
    other_optimizer = fresh_optimizer()
    other = nn.optim.lr_scheduler.StepLR(other_optimizer, step_size=1, gamma=0.5)
    other.load_state_dict(state)
    assert other.last_epoch == 1
    with pytest.raises(ValueError, match="step_size"):
        nn.optim.lr_scheduler.StepLR(optimizer, step_size=0)
    with pytest.raises(ValueError, match="T_max"):
        nn.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=0)
    with pytest.raises(TypeError, match="not an Optimizer"):
        nn.optim.lr_scheduler.ExponentialLR("sgd", gamma=0.9)
