"""Optimizers against the update rules written out in NumPy, parameter groups, state dicts,
hyper-parameter validation, and learning-rate schedules against their closed forms."""

from __future__ import annotations

import math
import re
import warnings
from collections import defaultdict
from fractions import Fraction

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


# ---------------------------------------------------------------------- named parameters
def small_model() -> nn.Module:
    return nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))


@pytest.mark.parametrize(
    "optimizer_type",
    [
        nn.optim.SGD,
        nn.optim.Adam,
        nn.optim.AdamW,
        nn.optim.RMSprop,
        nn.optim.Adagrad,
        nn.optim.NAdam,
        nn.optim.RAdam,
        nn.optim.Adamax,
        nn.optim.Adadelta,
        nn.optim.Rprop,
    ],
)
def test_named_parameters_keep_their_names_and_train_as_without(optimizer_type: type) -> None:
    named_model, plain_model = small_model(), small_model()
    plain_model.load_state_dict(named_model.state_dict())
    named = optimizer_type(named_model.named_parameters(), lr=0.05)
    plain = optimizer_type(plain_model.parameters(), lr=0.05)
    (group,) = named.param_groups
    assert group["param_names"] == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert all(a is b for a, b in zip(group["params"], named_model.parameters()))
    assert "param_names" not in plain.param_groups[0]
    x = ag.tensor(np.random.default_rng(0).standard_normal((4, 2)))
    for _ in range(3):
        for model, optimizer in [(named_model, named), (plain_model, plain)]:
            optimizer.zero_grad()
            (model(x) ** 2).mean().backward()
            optimizer.step()
    for a, b in zip(named_model.parameters(), plain_model.parameters()):
        np.testing.assert_array_equal(a.data, b.data)
    saved = named.state_dict()["param_groups"][0]
    assert saved["param_names"] == group["param_names"] and saved["params"] == [0, 1, 2, 3]
    saved["param_names"].append("changed")  # the state dict's own list
    assert len(group["param_names"]) == 4


def test_named_parameter_groups_and_added_groups() -> None:
    model = small_model()
    optimizer = nn.optim.SGD(
        [
            {"params": model[0].named_parameters(prefix="encoder")},
            {"params": list(model[2].named_parameters()), "lr": 1.0},
        ],
        lr=0.1,
    )
    assert [group["param_names"] for group in optimizer.param_groups] == [
        ["encoder.weight", "encoder.bias"],
        ["weight", "bias"],
    ]
    assert [group["lr"] for group in optimizer.param_groups] == [0.1, 1.0]
    extra = nn.Parameter(np.ones(2))
    optimizer.add_param_group({"params": [("extra", extra)], "momentum": 0.5})
    assert optimizer.param_groups[2]["param_names"] == ["extra"] and optimizer.param_groups[2]["params"][0] is extra
    assert [group["param_names"] for group in optimizer.state_dict()["param_groups"]] == [
        ["encoder.weight", "encoder.bias"],
        ["weight", "bias"],
        ["extra"],
    ]
    assert "param_names: ['extra']" in repr(optimizer)
    with pytest.raises(ValueError, match="cannot add param group without names"):
        optimizer.add_param_group({"params": [nn.Parameter(np.ones(1))]})
    assert len(optimizer.param_groups) == 3


# Each factory takes the optimizer namespace (nn.optim or torch.optim) and a model's named parameters.
NAME_MIXES = [
    (
        lambda optim, named: optim.SGD([{"params": named[:2]}, {"params": [p for _, p in named[2:]]}], lr=0.1),
        "all optimizer param groups should be with/without names. cannot add param group without names",
    ),
    (
        lambda optim, named: optim.SGD([{"params": [p for _, p in named[:2]]}, {"params": named[2:]}], lr=0.1),
        "all optimizer param groups should be with/without names. cannot add param group with names",
    ),
    (
        lambda optim, named: optim.SGD([named[0], named[1][1]], lr=0.1),
        "all optimizer params should be with/without names. Some param names are missing",
    ),
    (
        lambda optim, named: optim.SGD([named[0][1], named[1]], lr=0.1),
        "all optimizer params should be with/without names. Some param names are missing",
    ),
    (
        lambda optim, named: optim.SGD(named[:2], lr=0.1).add_param_group({"params": [p for _, p in named[2:]]}),
        "all optimizer param groups should be with/without names. cannot add param group without names",
    ),
]


@pytest.mark.parametrize(("factory", "message"), NAME_MIXES, ids=range(len(NAME_MIXES)))
def test_named_and_unnamed_parameters_do_not_mix(factory, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        factory(nn.optim, list(small_model().named_parameters()))


@pytest.mark.parametrize(("factory", "message"), NAME_MIXES, ids=range(len(NAME_MIXES)))
def test_named_and_unnamed_parameters_do_not_mix_as_in_pytorch(factory, message: str) -> None:
    torch = pytest.importorskip("torch")
    theirs = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
    with pytest.raises(ValueError) as their_error:
        factory(torch.optim, list(theirs.named_parameters()))
    with pytest.raises(ValueError) as our_error:
        factory(nn.optim, list(small_model().named_parameters()))
    assert str(our_error.value).startswith(str(their_error.value)) and str(their_error.value).startswith(message)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            [("w", nn.Parameter(np.ones(2)), 3)],
            r"\(str, Tensor\) pairs, but parameter 0 is a tuple of \(str, Parameter, int\)",
        ),
        ([(1, nn.Parameter(np.ones(2)))], r"parameter 0 is a tuple of \(int, Parameter\)"),
        ([("w", nn.Parameter(np.ones(2))), ("v", np.ones(2))], r"parameter 1 is a tuple of \(str, ndarray\)"),
    ],
)
def test_named_parameters_must_be_name_and_tensor_pairs(params: list, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        nn.optim.SGD(params, lr=0.1)


def test_a_non_leaf_named_parameter_is_refused_by_name() -> None:
    leaf = nn.Parameter(np.ones(2))
    with pytest.raises(ValueError, match=r"non-leaf Tensor \(parameter 1 \('doubled'\)\)"):
        nn.optim.SGD([("leaf", leaf), ("doubled", leaf * 2)], lr=0.1)


def named_and_plain_optimizers(names: list[str]) -> tuple[nn.optim.SGD, nn.optim.SGD]:
    """Two momentum SGDs of two parameters: one with ``names``, one without; the named one has stepped."""
    named = nn.optim.SGD([(name, nn.Parameter(np.ones(2))) for name in names], lr=0.1, momentum=0.9)
    for param in named.param_groups[0]["params"]:
        param.sum().backward()
    named.step()
    plain = nn.optim.SGD([nn.Parameter(np.ones(2)) for _ in names], lr=0.1, momentum=0.9)
    return named, plain


def test_names_in_a_loaded_state_dict_replace_the_optimizers_and_play_no_part_in_matching() -> None:
    named, plain = named_and_plain_optimizers(["a", "b"])
    plain.load_state_dict(named.state_dict())  # matched by position, as in PyTorch
    assert plain.param_groups[0]["param_names"] == ["a", "b"]
    assert plain.state[plain.param_groups[0]["params"][1]]["momentum_buffer"].tolist() == [1.0, 1.0]
    other, _ = named_and_plain_optimizers(["x", "y"])
    other.load_state_dict(named.state_dict())
    assert other.param_groups[0]["param_names"] == ["a", "b"]
    unnamed_state = nn.optim.SGD([nn.Parameter(np.ones(2)), nn.Parameter(np.ones(2))], lr=0.5).state_dict()
    other.load_state_dict(unnamed_state)  # keeps its names
    assert other.param_groups[0]["param_names"] == ["a", "b"] and other.param_groups[0]["lr"] == 0.5


def test_loaded_names_are_checked_before_anything_changes() -> None:
    named, plain = named_and_plain_optimizers(["a", "b"])
    state = named.state_dict()
    state["param_groups"][0]["param_names"] = ["a"]
    with pytest.raises(ValueError, match=r"parameter group 0: 'param_names' has 1 names for 2 parameters"):
        plain.load_state_dict(state)
    assert not plain.state and "param_names" not in plain.param_groups[0]
    first, second = nn.Parameter(np.ones(2)), nn.Parameter(np.ones(2))
    grouped = nn.optim.SGD([{"params": [("a", first)]}, {"params": [("b", second)]}], lr=0.1)
    mixed = grouped.state_dict()
    del mixed["param_groups"][1]["param_names"]
    with pytest.raises(ValueError, match=r"'param_names' in some parameter groups only \(groups \[0\]\)"):
        nn.optim.SGD([{"params": [nn.Parameter(np.ones(2))]}, {"params": [nn.Parameter(np.ones(2))]}]).load_state_dict(
            mixed
        )


def test_names_through_state_dicts_as_in_pytorch() -> None:
    torch = pytest.importorskip("torch")

    def names_after_loading(optim, make_param) -> list:
        named = optim.SGD([("a", make_param()), ("b", make_param())], lr=0.1)
        renamed = optim.SGD([("x", make_param()), ("y", make_param())], lr=0.1)
        plain = optim.SGD([make_param(), make_param()], lr=0.1)
        grouped = optim.SGD([{"params": [("g", make_param())]}, {"params": [("h", make_param())], "lr": 0.2}], lr=0.1)
        found = [[group.get("param_names") for group in grouped.state_dict()["param_groups"]]]
        plain.load_state_dict(named.state_dict())
        found.append(plain.param_groups[0].get("param_names"))
        renamed.load_state_dict(optim.SGD([make_param(), make_param()], lr=0.1).state_dict())
        found.append(renamed.param_groups[0].get("param_names"))
        renamed.load_state_dict(named.state_dict())
        found.append(renamed.param_groups[0].get("param_names"))
        found.append(list(named.state_dict()["param_groups"][0]))
        return found

    ours = names_after_loading(nn.optim, lambda: nn.Parameter(np.ones(2)))
    theirs = names_after_loading(torch.optim, lambda: torch.nn.Parameter(torch.ones(2)))
    assert ours[:4] == theirs[:4]
    # The same keys, PyTorch's extra ones (foreach, fused, ...) aside.
    assert "param_names" in ours[4] and set(ours[4]) <= set(theirs[4])


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


# Each factory takes the optimizer namespace (nn.optim or torch.optim) and a parameter list.
PYTORCH_MESSAGES = [
    (lambda optim, p: optim.SGD(p, lr=-1), "Invalid learning rate: -1"),
    (lambda optim, p: optim.Adam(p, lr=-1), "Invalid learning rate: -1"),
    (lambda optim, p: optim.Adam(p, eps=-1), "Invalid epsilon value: -1"),
    (lambda optim, p: optim.RMSprop(p, eps=-1), "Invalid epsilon value: -1"),
    (lambda optim, p: optim.Adagrad(p, eps=-1), "Invalid epsilon value: -1"),
    (lambda optim, p: optim.SGD(p, lr=0.1, momentum=-1), "Invalid momentum value: -1"),
    (lambda optim, p: optim.RMSprop(p, momentum=-1), "Invalid momentum value: -1"),
    (lambda optim, p: optim.SGD(p, lr=0.1, weight_decay=-1), "Invalid weight_decay value: -1"),
    (lambda optim, p: optim.AdamW(p, weight_decay=-1), "Invalid weight_decay value: -1"),
    (lambda optim, p: optim.Adagrad(p, weight_decay=-1), "Invalid weight_decay value: -1"),
    (lambda optim, p: optim.RMSprop(p, alpha=-1), "Invalid alpha value: -1"),
    (lambda optim, p: optim.Adagrad(p, lr_decay=-1), "Invalid lr_decay value: -1"),
    (lambda optim, p: optim.Adagrad(p, initial_accumulator_value=-1), "Invalid initial_accumulator_value value: -1"),
    (lambda optim, p: optim.Adam(p, betas=(1.0, 0.999)), "Invalid beta parameter at index 0: 1.0"),
    (lambda optim, p: optim.Adam(p, betas=(0.9, -0.5)), "Invalid beta parameter at index 1: -0.5"),
    (lambda optim, p: optim.SGD(p, lr=0.1, nesterov=True), "Nesterov momentum requires a momentum and zero dampening"),
    (lambda optim, p: optim.NAdam(p, lr=-1), "Invalid learning rate: -1"),
    (lambda optim, p: optim.NAdam(p, eps=-1), "Invalid epsilon value: -1"),
    (lambda optim, p: optim.NAdam(p, betas=(1.0, 0.999)), "Invalid beta parameter at index 0: 1.0"),
    (lambda optim, p: optim.NAdam(p, weight_decay=-1), "Invalid weight_decay value: -1"),
    (lambda optim, p: optim.NAdam(p, momentum_decay=-1), "Invalid momentum_decay value: -1"),
    (lambda optim, p: optim.RAdam(p, lr=-1), "Invalid learning rate: -1"),
    (lambda optim, p: optim.RAdam(p, betas=(0.9, 1.5)), "Invalid beta parameter at index 1: 1.5"),
    (lambda optim, p: optim.RAdam(p, weight_decay=-1), "Invalid weight_decay value: -1"),
    (lambda optim, p: optim.Adamax(p, eps=-1), "Invalid epsilon value: -1"),
    (lambda optim, p: optim.Adamax(p, betas=(-0.1, 0.999)), "Invalid beta parameter at index 0: -0.1"),
    (lambda optim, p: optim.Adamax(p, weight_decay=-1), "Invalid weight_decay value: -1"),
    (lambda optim, p: optim.Adadelta(p, lr=-1), "Invalid learning rate: -1"),
    (lambda optim, p: optim.Adadelta(p, rho=1.5), "Invalid rho value: 1.5"),
    (lambda optim, p: optim.Adadelta(p, rho=-0.5), "Invalid rho value: -0.5"),
    (lambda optim, p: optim.Adadelta(p, eps=-1), "Invalid epsilon value: -1"),
    (lambda optim, p: optim.Adadelta(p, weight_decay=-1), "Invalid weight_decay value: -1"),
    (lambda optim, p: optim.Rprop(p, lr=-1), "Invalid learning rate: -1"),
    (lambda optim, p: optim.Rprop(p, etas=(1.5, 1.2)), "Invalid eta values: 1.5, 1.2"),
    (lambda optim, p: optim.Rprop(p, etas=(0.5, 0.9)), "Invalid eta values: 0.5, 0.9"),
    (lambda optim, p: optim.Rprop(p, etas=(0.0, 1.2)), "Invalid eta values: 0.0, 1.2"),
    (
        lambda optim, p: optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.5, nesterov=True),
        "Nesterov momentum requires a momentum and zero dampening",
    ),
]
PYTORCH_MESSAGE_IDS = [f"{number}-{message}" for number, (_, message) in enumerate(PYTORCH_MESSAGES)]


@pytest.mark.parametrize(("factory", "message"), PYTORCH_MESSAGES, ids=PYTORCH_MESSAGE_IDS)
def test_hyperparameter_errors_use_pytorchs_words(factory, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        factory(nn.optim, [nn.Parameter(np.ones(2))])


@pytest.mark.parametrize(("factory", "message"), PYTORCH_MESSAGES, ids=PYTORCH_MESSAGE_IDS)
def test_hyperparameter_errors_begin_as_pytorchs_own(factory, message: str) -> None:
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError) as theirs:
        factory(torch.optim, [torch.nn.Parameter(torch.ones(2))])
    with pytest.raises(ValueError) as ours:
        factory(nn.optim, [nn.Parameter(np.ones(2))])
    assert str(ours.value).startswith(str(theirs.value)) and str(theirs.value).startswith(message)


def sgd_trajectory(value) -> np.ndarray:
    """Three SGD steps of a float32 parameter with every hyper-parameter set to ``value``."""
    theta = nn.Parameter(np.array([1.0, -0.5, 2.0], dtype=np.float32))
    optimizer = nn.optim.SGD([theta], lr=value, momentum=value, dampening=value, weight_decay=value)
    for _ in range(3):
        optimizer.zero_grad()
        loss_of(theta).backward()
        optimizer.step()
    assert optimizer.state[theta]["momentum_buffer"].dtype == np.float32
    return theta.data


@pytest.mark.parametrize("value", [np.float32(0.1), np.float64(0.1), Fraction(1, 10)], ids=repr)
def test_hyperparameters_may_be_any_real_number(value) -> None:
    # As Python floats: NumPy scalars do not change the arrays' dtypes.
    trajectory = sgd_trajectory(value)
    assert trajectory.dtype == np.float32
    np.testing.assert_array_equal(trajectory, sgd_trajectory(float(value)))
    for optimizer_type, options in [
        (nn.optim.Adam, {"betas": (value, value * 9)}),
        (nn.optim.AdamW, {"amsgrad": True}),
        (nn.optim.RMSprop, {"alpha": value, "momentum": value, "centered": True}),
        (nn.optim.Adagrad, {"lr_decay": value, "initial_accumulator_value": value}),
    ]:
        theta = nn.Parameter(np.ones(3, dtype=np.float32))
        optimizer = optimizer_type([theta], lr=value, eps=value, weight_decay=value, **options)
        loss_of(theta).backward()
        optimizer.step()
        assert theta.data.dtype == np.float32 and np.all(np.isfinite(theta.data))
        assert all(tensor.dtype == np.float32 for tensor in optimizer.state[theta].values())


@pytest.mark.parametrize(
    ("factory", "message"),
    [
        (lambda p: nn.optim.SGD(p, lr=None), "Invalid learning rate: None"),
        (lambda p: nn.optim.Adam(p, lr="0.1"), "Invalid learning rate: '0.1'"),
        (lambda p: nn.optim.SGD(p, lr=0.1, momentum=True), "Invalid momentum value: True"),
        (lambda p: nn.optim.SGD(p, lr=0.1, dampening=None), "Invalid dampening value: None"),
        (lambda p: nn.optim.Adam(p, betas=(None, 0.9)), "Invalid beta parameter at index 0: None"),
        (lambda p: nn.optim.Adagrad(p, eps=np.ones(1)), "Invalid epsilon value"),
    ],
)
def test_hyperparameters_that_are_not_real_numbers_raise_type_error(factory, message: str) -> None:
    with pytest.raises(TypeError, match=re.escape(message) + r".*real number"):
        factory([nn.Parameter(np.ones(2))])


def test_a_missing_learning_rate_is_a_type_error_as_in_pytorch() -> None:
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError):
        torch.optim.SGD([torch.nn.Parameter(torch.ones(2))], lr=None)
    with pytest.raises(TypeError, match=r"Invalid learning rate: None"):
        nn.optim.SGD([nn.Parameter(np.ones(2))], lr=None)


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
        (nn.optim.NAdam, {"lr": 0.01, "weight_decay": 0.1}),
        (nn.optim.RAdam, {"lr": 0.01, "decoupled_weight_decay": True, "weight_decay": 0.1}),
        (nn.optim.Adamax, {"lr": 0.01}),
        (nn.optim.Adadelta, {"rho": 0.8}),
        (nn.optim.Rprop, {"lr": 0.01}),
    ],
    ids=["Adam", "RMSprop", "SGD", "Adagrad", "NAdam", "RAdam", "Adamax", "Adadelta", "Rprop"],
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


STATE_CASES = [
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("Adam", {"amsgrad": True}),
    ("AdamW", {}),
    ("RMSprop", {"momentum": 0.5, "centered": True}),
    ("Adagrad", {"lr_decay": 0.1}),
    ("NAdam", {}),
    ("RAdam", {}),
    ("Adamax", {}),
    ("Adadelta", {}),
    ("Rprop", {}),
]


def state_layout(state: dict) -> dict:
    """Each state entry's kind, dtype and shape, the same way for both frameworks."""
    return {
        name: (type(value).__name__, str(value.dtype).removeprefix("torch."), tuple(value.shape))
        for name, value in state.items()
    }


@pytest.mark.parametrize(("name", "options"), STATE_CASES, ids=[case[0] for case in STATE_CASES])
def test_state_holds_tensors_updated_in_place_and_a_float_step(name: str, options: dict) -> None:
    theta = nn.Parameter(np.array([1.0, -0.5, 2.0], dtype=np.float32))
    optimizer = getattr(nn.optim, name)([theta], **options)
    assert isinstance(optimizer.state, defaultdict)
    loss_of(theta).backward()
    optimizer.step()
    state = optimizer.state[theta]
    held = dict(state)
    before = {key: value.data.copy() for key, value in state.items()}
    versions = {key: value._version for key, value in state.items()}
    for _ in range(2):
        optimizer.zero_grad()
        loss_of(theta).backward()
        optimizer.step()
    for key, value in state.items():
        assert isinstance(value, ag.Tensor) and value is held[key]  # the same Tensors, changed in place
        assert value.dtype == np.float32 and not value.requires_grad
        assert not np.array_equal(value.data, before[key]) and value._version > versions[key]
    if name != "SGD":  # PyTorch's SGD keeps no step count
        assert state["step"].shape == () and state["step"].item() == 3.0
    saved = optimizer.state_dict()
    assert all(saved["state"][0][key] is value for key, value in state.items())  # as PyTorch's state_dict
    restored = getattr(nn.optim, name)([nn.Parameter(theta.data.copy())], **options)
    restored.load_state_dict(saved)
    assert isinstance(restored.state, defaultdict)
    (restored_state,) = restored.state.values()
    assert state_layout(restored_state) == state_layout(state)
    assert all(restored_state[key] is not value for key, value in state.items())  # copies, not shared


@pytest.mark.parametrize(("name", "options"), STATE_CASES, ids=[case[0] for case in STATE_CASES])
def test_state_has_pytorchs_layout(name: str, options: dict) -> None:
    torch = pytest.importorskip("torch")
    ours = nn.Parameter(np.array([1.0, -0.5, 2.0], dtype=np.float32))
    theirs = torch.nn.Parameter(torch.tensor([1.0, -0.5, 2.0]))
    our_optimizer = getattr(nn.optim, name)([ours], **options)
    their_optimizer = getattr(torch.optim, name)([theirs], **options)
    for _ in range(3):
        our_optimizer.zero_grad()
        their_optimizer.zero_grad()
        loss_of(ours).backward()
        (theirs * theirs * torch.tensor([1.0, 10.0, 0.1])).sum().add(torch.sin(theirs[0] * theirs[1])).backward()
        our_optimizer.step()
        their_optimizer.step()
    assert type(our_optimizer.state) is type(their_optimizer.state)
    assert state_layout(our_optimizer.state[ours]) == state_layout(their_optimizer.state[theirs])
    for key, value in our_optimizer.state[ours].items():
        np.testing.assert_allclose(value.data, their_optimizer.state[theirs][key].numpy(), rtol=1e-5)


OPTIMIZER_NAMES = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "NAdam", "RAdam", "Adamax", "Adadelta", "Rprop"]


def states_in_order_of_first_update(namespace, make_param) -> list[list]:
    """The state dict's keys after the middle parameter gets its first gradient one step late."""
    params = [make_param() for _ in range(3)]
    found = []
    for name in OPTIMIZER_NAMES:
        optimizer = getattr(namespace.optim, name)(params, lr=0.1, **({"momentum": 0.9} if name == "SGD" else {}))
        for step in range(2):
            optimizer.zero_grad()
            for position, param in enumerate(params):
                if position != 1 or step == 1:
                    (param * param).sum().backward()
            optimizer.step()
        found.append(list(optimizer.state_dict()["state"]))
    return found


def test_state_dict_lists_states_in_the_order_they_were_made() -> None:
    found = states_in_order_of_first_update(nn, lambda: nn.Parameter(np.ones(2)))
    # Adagrad makes every state at construction; the others at a parameter's first update.
    assert found == [[0, 1, 2] if name == "Adagrad" else [0, 2, 1] for name in OPTIMIZER_NAMES]


def test_state_dict_lists_states_in_pytorchs_order() -> None:
    torch = pytest.importorskip("torch")
    ours = states_in_order_of_first_update(nn, lambda: nn.Parameter(np.ones(2)))
    assert ours == states_in_order_of_first_update(torch, lambda: torch.nn.Parameter(torch.ones(2)))


@pytest.mark.parametrize("name", OPTIMIZER_NAMES)
def test_foreach_is_accepted_and_kept_in_the_groups_as_in_pytorch(name: str) -> None:
    trajectories = []
    for foreach in (None, False, True):
        theta = nn.Parameter(np.array([1.0, -0.5, 2.0]))
        optimizer = getattr(nn.optim, name)([theta], lr=0.01, foreach=foreach)
        assert optimizer.param_groups[0]["foreach"] is foreach
        for _ in range(3):
            optimizer.zero_grad()
            loss_of(theta).backward()
            optimizer.step()
        trajectories.append(theta.data.copy())
    np.testing.assert_array_equal(trajectories[0], trajectories[1])
    np.testing.assert_array_equal(trajectories[0], trajectories[2])


def test_adam_with_decoupled_weight_decay_is_adamw() -> None:
    found = []
    for make in (
        lambda p: nn.optim.Adam(p, lr=0.01, weight_decay=0.3, decoupled_weight_decay=True),
        lambda p: nn.optim.AdamW(p, lr=0.01, weight_decay=0.3),
        lambda p: nn.optim.Adam(p, lr=0.01, weight_decay=0.3),
    ):
        theta = nn.Parameter(np.array([1.0, -0.5, 2.0]))
        optimizer = make([theta])
        for _ in range(5):
            optimizer.zero_grad()
            loss_of(theta).backward()
            optimizer.step()
        found.append((theta.data.copy(), optimizer.param_groups[0]["decoupled_weight_decay"]))
    np.testing.assert_array_equal(found[0][0], found[1][0])
    assert not np.allclose(found[0][0], found[2][0])
    assert [decoupled for _, decoupled in found] == [True, True, False]


def test_a_step_count_saved_as_a_number_loads_as_a_float_tensor_and_continues() -> None:
    def run(optimizer, theta, steps: int) -> None:
        for _ in range(steps):
            optimizer.zero_grad()
            loss_of(theta).backward()
            optimizer.step()

    theta = nn.Parameter(np.array([1.0, -0.5, 2.0]))
    optimizer = nn.optim.Adam([theta], lr=0.05)
    run(optimizer, theta, 4)
    saved_theta = theta.data.copy()
    saved = optimizer.state_dict()
    old_style = {  # the layout of earlier versions: the step as an int, the moments as arrays
        "state": {
            0: {"step": 4, **{key: value.data.copy() for key, value in saved["state"][0].items() if key != "step"}}
        },
        "param_groups": saved["param_groups"],
    }
    run(optimizer, theta, 3)
    clone = nn.Parameter(saved_theta)
    restored = nn.optim.Adam([clone])
    restored.load_state_dict(old_style)
    step = restored.state[clone]["step"]
    assert isinstance(step, ag.Tensor) and step.dtype == np.float32 and step.item() == 4.0
    run(restored, clone, 3)
    np.testing.assert_array_equal(clone.data, theta.data)
    with pytest.raises(ValueError, match="'step' must be a single number"):
        restored.load_state_dict({**old_style, "state": {0: {"step": np.ones(2)}}})


def test_nadams_mu_product_is_one_number_that_loads_as_the_step_does() -> None:
    theta = nn.Parameter(np.array([1.0, -0.5, 2.0]))
    optimizer = nn.optim.NAdam([theta], lr=0.01)
    for _ in range(3):
        optimizer.zero_grad()
        loss_of(theta).backward()
        optimizer.step()
    saved = optimizer.state_dict()
    product = saved["state"][0]["mu_product"]
    assert product.shape == () and product.dtype == np.float32 and 0 < product.item() < 0.9**3
    restored = nn.optim.NAdam([nn.Parameter(theta.data.copy())])
    restored.load_state_dict({**saved, "state": {0: {**saved["state"][0], "mu_product": product.item()}}})
    (loaded,) = restored.state.values()
    assert isinstance(loaded["mu_product"], ag.Tensor) and loaded["mu_product"].item() == product.item()
    with pytest.raises(ValueError, match="'mu_product' must be a single number"):
        restored.load_state_dict({**saved, "state": {0: {**saved["state"][0], "mu_product": np.ones(3)}}})


def test_rprop_steps_by_the_sign_and_backs_off_when_the_sign_changes() -> None:
    theta = nn.Parameter(np.array([1.0, -1.0]))
    optimizer = nn.optim.Rprop([theta], lr=0.1, etas=(0.5, 2.0), step_sizes=(0.01, 0.3))
    found = []
    for grad in ([3.0, -1.0], [5.0, 1.0], [-1.0, 2.0], [-1.0, 2.0], [2.0, 2.0]):
        theta.grad = np.array(grad)
        optimizer.step()
        found.append(theta.data.copy())
    # First element: +, + (step size doubles), − (halves, no step), − (no memory of the sign
    # change: a plain step), + (halves again, no step). Second: −, + (halves, no step), +, +, +.
    expected = np.cumsum([[-0.1, 0.1], [-0.2, 0.0], [0.0, -0.05], [0.1, -0.1], [0.0, -0.2]], axis=0) + [1.0, -1.0]
    np.testing.assert_allclose(found, expected, rtol=1e-12)
    np.testing.assert_allclose(optimizer.state[theta]["step_size"].data, [0.05, 0.2])


def test_a_float64_default_dtype_counts_steps_in_float64_as_pytorch() -> None:
    ag.set_default_dtype(np.float64)
    theta = nn.Parameter(np.ones(2, dtype=np.float32))
    optimizer = nn.optim.RMSprop([theta])
    theta.sum().backward()
    optimizer.step()
    assert optimizer.state[theta]["step"].dtype == np.float64


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


def test_load_state_dict_checks_the_loaded_hyperparameters_and_state() -> None:
    theta = nn.Parameter(np.ones(3))
    optimizer = nn.optim.Adam([theta], lr=0.1)
    theta.sum().backward()
    optimizer.step()
    state = optimizer.state_dict()
    target = nn.optim.Adam([nn.Parameter(np.ones(3))], lr=0.1)
    bad_lr = {**state, "param_groups": [{**state["param_groups"][0], "lr": -5.0}]}
    with pytest.raises(ValueError, match=r"Invalid learning rate: -5\.0"):
        target.load_state_dict(bad_lr)
    scalar_moment = {
        "state": {0: {**state["state"][0], "exp_avg": np.array(0.0)}},
        "param_groups": state["param_groups"],
    }
    with pytest.raises(ValueError, match=r"'exp_avg' of parameter 0 has shape \(\)"):
        target.load_state_dict(scalar_moment)
    assert target.state == {} and target.param_groups[0]["lr"] == 0.1  # nothing loaded
    pair = nn.optim.SGD([nn.Parameter(np.ones(2)), nn.Parameter(np.ones(2))], lr=0.1)
    twice = pair.state_dict()
    twice["param_groups"][0]["params"] = [0, 0]
    with pytest.raises(ValueError, match="lists parameter 0 more than once"):
        pair.load_state_dict(twice)


@pytest.mark.parametrize("grouped", [False, True])
def test_a_step_that_cannot_apply_changes_no_parameter(grouped: bool) -> None:
    params = [nn.Parameter(np.ones(2)) for _ in range(3)]
    groups = [{"params": params[:2]}, {"params": params[2:]}] if grouped else params
    optimizer = nn.optim.SGD(groups, lr=0.1, momentum=0.9)
    for param in params:
        param.grad = np.ones(2)
    params[2].data = np.ones(3)  # replaced by an array of another shape: its gradient no longer fits
    where = "parameter 0 of group 1" if grouped else "parameter 2 of group 0"
    with pytest.raises(ValueError, match=rf"{where} has shape \(3,\) but its gradient has shape \(2,\)"):
        optimizer.step()
    assert all(p.data.tolist() == [1.0, 1.0] for p in params[:2])  # an earlier group was not updated either
    assert not optimizer.state and [p._version for p in params[:2]] == [0, 0]


def test_a_gradient_that_stops_fitting_after_earlier_steps_is_still_refused() -> None:
    # The fit is checked again whenever some .data got another shape since the last check, be it
    # a parameter's or a gradient's own .data.
    weight, bias = nn.Parameter(np.ones((2, 3))), nn.Parameter(np.ones(3))
    optimizer = nn.optim.SGD([weight, bias], lr=0.1)
    for _ in range(2):
        optimizer.zero_grad()
        (weight.sum() + bias.sum()).backward()
        optimizer.step()
    weight.data = np.ones((1, 3))
    with pytest.raises(ValueError, match=r"parameter 0 of group 0 has shape \(1, 3\) but its gradient has shape"):
        optimizer.step()
    weight.data = np.ones((2, 3))
    optimizer.step()  # fits again
    weight.grad.data = np.ones(3)  # NumPy would broadcast it over the rows without complaint
    before = weight.data.copy()
    with pytest.raises(
        ValueError, match=r"parameter 0 of group 0 has shape \(2, 3\) but its gradient has shape \(3,\)"
    ):
        optimizer.step()
    np.testing.assert_array_equal(weight.data, before)


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


@pytest.mark.parametrize("T_max", [10.0, np.float32(4.0), 7.5])
def test_cosine_annealing_takes_a_real_t_max(T_max) -> None:
    optimizer = fresh_optimizer()
    values = rates(nn.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=T_max, eta_min=0.01), optimizer, 30)
    expected = [0.01 + 0.5 * (0.1 - 0.01) * (1 + math.cos(math.pi * t / float(T_max))) for t in range(30)]
    np.testing.assert_allclose(values, expected, rtol=1e-9, atol=1e-12)
    if float(T_max).is_integer():  # the same rates as the int
        optimizer = fresh_optimizer()
        schedule = nn.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=int(T_max), eta_min=0.01)
        assert rates(schedule, optimizer, 30) == values


@pytest.mark.parametrize("T_max", [10.0, 7.5, 3])
def test_cosine_annealing_with_a_float_t_max_matches_pytorch(T_max: float) -> None:
    torch = pytest.importorskip("torch")
    optimizer = fresh_optimizer()
    ours = rates(nn.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=T_max, eta_min=0.01), optimizer, 30)
    their_optimizer = torch.optim.SGD([torch.nn.Parameter(torch.ones(1))], lr=0.1)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(their_optimizer, T_max=T_max, eta_min=0.01)
    assert ours == rates(schedule, their_optimizer, 30)


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
    with pytest.raises(TypeError, match="T_max"):
        nn.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max="10")
    assert nn.optim.lr_scheduler.StepLR(optimizer, step_size=np.int64(2)).step_size == 2
    with pytest.raises(TypeError, match="not an Optimizer"):
        nn.optim.lr_scheduler.ExponentialLR("sgd", gamma=0.9)


STEP_ORDER = "Detected call of `lr_scheduler.step()` before `optimizer.step()`"


def test_a_schedule_stepped_before_its_optimizer_warns_at_the_users_line() -> None:
    optimizer = fresh_optimizer()
    schedule = nn.optim.lr_scheduler.StepLR(optimizer, step_size=2)
    with pytest.warns(UserWarning, match=re.escape(STEP_ORDER)) as record:
        schedule.step()
    assert len(record) == 1 and record[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # only the first step is checked, as in PyTorch
        optimizer.step()
        schedule.step()


def no_warnings(run) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run()


def test_no_step_order_warning_when_the_optimizer_stepped_first() -> None:
    optimizer = fresh_optimizer()
    schedule = nn.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.9)

    def in_order() -> None:
        optimizer.step()
        schedule.step()
        later = nn.optim.lr_scheduler.StepLR(optimizer, step_size=2)  # the optimizer has stepped since the first
        later.step()

    no_warnings(in_order)

    class Halving(nn.optim.Optimizer):
        """An optimizer that overrides step() itself, the PyTorch way."""

        def __init__(self, params) -> None:
            super().__init__(params, {"lr": 0.5})

        def step(self, closure=None):
            for param in self.param_groups[0]["params"]:
                param.data = param.data * self.param_groups[0]["lr"]

    custom = Halving([nn.Parameter(np.ones(1))])
    custom_schedule = nn.optim.lr_scheduler.StepLR(custom, step_size=1)

    def custom_in_order() -> None:
        custom.step()
        custom_schedule.step()

    no_warnings(custom_in_order)
    assert custom.param_groups[0]["params"][0].item() == 0.5 and custom.param_groups[0]["lr"] == 0.05


def test_a_step_before_the_first_schedule_does_not_count() -> None:
    optimizer = fresh_optimizer()
    optimizer.step()
    schedule = nn.optim.lr_scheduler.StepLR(optimizer, step_size=2)
    with pytest.warns(UserWarning, match=re.escape(STEP_ORDER)):
        schedule.step()


def step_order_warnings(namespace, optimizer_factory) -> list[list[str]]:
    """The warnings of several orders of optimizer and schedule steps, as lists of messages."""

    def first_schedule_then_optimizer(optimizer) -> None:
        schedule = namespace.lr_scheduler.StepLR(optimizer, step_size=2)
        schedule.step()
        optimizer.step()
        schedule.step()

    def optimizer_then_schedule(optimizer) -> None:
        schedule = namespace.lr_scheduler.StepLR(optimizer, step_size=2)
        optimizer.step()
        schedule.step()

    def optimizer_before_any_schedule(optimizer) -> None:
        optimizer.step()
        namespace.lr_scheduler.ExponentialLR(optimizer, gamma=0.5).step()

    def second_schedule(optimizer) -> None:
        first = namespace.lr_scheduler.StepLR(optimizer, step_size=2)
        optimizer.step()
        namespace.lr_scheduler.ExponentialLR(optimizer, gamma=0.5).step()
        first.step()

    def resumed_schedule(optimizer) -> None:
        schedule = namespace.lr_scheduler.StepLR(optimizer, step_size=2)
        optimizer.step()
        schedule.step()
        other = optimizer_factory()
        resumed = namespace.lr_scheduler.StepLR(other, step_size=2)
        resumed.load_state_dict(schedule.state_dict())
        resumed.step()

    found = []
    for scenario in [
        first_schedule_then_optimizer,
        optimizer_then_schedule,
        optimizer_before_any_schedule,
        second_schedule,
        resumed_schedule,
    ]:
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            scenario(optimizer_factory())
        found.append([str(warning.message) for warning in record])
    return found


def test_step_order_warnings_as_pytorchs() -> None:
    torch = pytest.importorskip("torch")
    ours = step_order_warnings(nn.optim, fresh_optimizer)
    theirs = step_order_warnings(torch.optim, lambda: torch.optim.SGD([torch.nn.Parameter(torch.ones(1))], lr=0.1))
    assert ours == theirs
    assert sum(len(messages) for messages in ours) == 2  # the tests above do not pass for want of warnings


def stepped_with_epochs(schedule, optimizer, plan: list) -> list[float]:
    """The rates after each step of ``plan``: None for ``step()``, a number for ``step(epoch)``."""
    values = [schedule.get_last_lr()[0]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for epoch in plan:
            optimizer.step()
            schedule.step() if epoch is None else schedule.step(epoch)
            values.append(schedule.get_last_lr()[0])
            assert optimizer.param_groups[0]["lr"] == values[-1]
    return values


EPOCH_PLAN = [None, None, 5, None, None, 2, 2, None, 11, None, 7.5, None, 0, None]
EPOCH_SCHEDULES = [
    ("StepLR", {"step_size": 3, "gamma": 0.5}),
    ("ExponentialLR", {"gamma": 0.9}),
    ("CosineAnnealingLR", {"T_max": 7, "eta_min": 0.01}),
    ("LambdaLR", {"lr_lambda": lambda epoch: 1 / (1 + epoch)}),
]


def test_step_with_an_epoch_warns_jumps_there_and_uses_the_closed_form() -> None:
    optimizer = fresh_optimizer()
    schedule = nn.optim.lr_scheduler.StepLR(optimizer, step_size=3, gamma=0.5)
    optimizer.step()
    with pytest.warns(UserWarning, match=r"The epoch parameter in `scheduler.step\(\)` was not necessary") as record:
        schedule.step(7)
    assert record[0].filename == __file__
    assert schedule.last_epoch == 7 and optimizer.param_groups[0]["lr"] == 0.1 * 0.5**2
    closed_forms = {
        "StepLR": lambda t: 0.1 * 0.5 ** (t // 3),
        "ExponentialLR": lambda t: 0.1 * 0.9**t,
        "CosineAnnealingLR": lambda t: 0.01 + (0.1 - 0.01) * (1 + math.cos(math.pi * t / 7)) / 2,
        "LambdaLR": lambda t: 0.1 / (1 + t),
    }
    for name, options in EPOCH_SCHEDULES:
        optimizer = fresh_optimizer()
        schedule = getattr(nn.optim.lr_scheduler, name)(optimizer, **options)
        values = stepped_with_epochs(schedule, optimizer, [None, None, 5, 2, 9])
        np.testing.assert_allclose(values[3:], [closed_forms[name](t) for t in (5, 2, 9)], rtol=1e-12, err_msg=name)
        assert schedule.last_epoch == 9


def test_step_with_an_epoch_that_is_not_a_number_changes_nothing() -> None:
    optimizer = fresh_optimizer()
    schedule = nn.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.5)
    optimizer.step()
    with pytest.raises(TypeError, match=r"ExponentialLR.step: epoch must be a number or None, got '3'"):
        schedule.step("3")
    assert schedule.last_epoch == 0 and schedule._step_count == 1 and optimizer.param_groups[0]["lr"] == 0.1


@pytest.mark.parametrize(("name", "options"), EPOCH_SCHEDULES, ids=[name for name, _ in EPOCH_SCHEDULES])
def test_step_with_an_epoch_gives_pytorchs_rates_and_warning(name: str, options: dict) -> None:
    torch = pytest.importorskip("torch")
    from torch.optim.lr_scheduler import EPOCH_DEPRECATION_WARNING

    optimizer = fresh_optimizer()
    ours = stepped_with_epochs(getattr(nn.optim.lr_scheduler, name)(optimizer, **options), optimizer, EPOCH_PLAN)
    their_optimizer = torch.optim.SGD([torch.nn.Parameter(torch.ones(1))], lr=0.1)
    their_schedule = getattr(torch.optim.lr_scheduler, name)(their_optimizer, **options)
    assert ours == stepped_with_epochs(their_schedule, their_optimizer, EPOCH_PLAN)
    schedule = getattr(nn.optim.lr_scheduler, name)(optimizer, **options)
    optimizer.step()
    with pytest.warns(UserWarning) as record:
        schedule.step(3)
    assert [str(warning.message) for warning in record] == [EPOCH_DEPRECATION_WARNING]


def test_lambda_lr_needs_callables() -> None:
    optimizer = nn.optim.SGD([nn.Parameter(np.zeros(1))], lr=1.0)
    with pytest.raises(TypeError, match="LambdaLR: lr_lambda 0 must be callable, got int"):
        nn.optim.lr_scheduler.LambdaLR(optimizer, 3)
