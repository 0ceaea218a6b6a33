"""The learning-rate schedules beyond StepLR, ExponentialLR, CosineAnnealingLR and LambdaLR:
rates (and cycled momenta) against PyTorch's over 40 steps with two parameter groups, state
dicts saved mid-schedule, the closed forms of ``step(epoch)``, ReduceLROnPlateau over
scripted metrics, and the checks of the arguments."""

from __future__ import annotations

import copy
import math
import re
import warnings
from typing import Any

import numpy as np
import pytest

import nn

torch = pytest.importorskip("torch")


def make_optimizer(namespace: Any, kind: str = "SGD", **options: Any) -> Any:
    """An optimizer of two groups with rates 0.1 and 0.2, from ``nn.optim`` or ``torch.optim``."""
    if namespace is nn.optim:
        first, second = nn.Parameter(np.ones(3)), nn.Parameter(np.ones(2))
    else:
        first, second = (torch.nn.Parameter(torch.ones(n, dtype=torch.float64)) for n in (3, 2))
    return getattr(namespace, kind)([{"params": [first]}, {"params": [second], "lr": 0.2}], lr=0.1, **options)


class Halving:
    """A callable object with state, which a state dict keeps (a plain function it leaves out)."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, epoch: int) -> float:
        self.calls += 1
        return 0.5 if epoch % 3 == 0 else 1.0


# (id, optimizer, its options, schedule factory taking the lr_scheduler namespace and the optimizer)
CASES = [
    ("MultiStepLR", "SGD", {}, lambda s, o: s.MultiStepLR(o, milestones=[3, 7, 7, 20])),
    ("MultiStepLR-gamma", "SGD", {}, lambda s, o: s.MultiStepLR(o, milestones=[25, 5], gamma=0.5)),
    ("LinearLR", "SGD", {}, lambda s, o: s.LinearLR(o)),
    ("LinearLR-down", "SGD", {}, lambda s, o: s.LinearLR(o, start_factor=1.0, end_factor=0.05, total_iters=30)),
    ("LinearLR-up", "SGD", {}, lambda s, o: s.LinearLR(o, start_factor=0.1, end_factor=0.9, total_iters=12)),
    ("ConstantLR", "SGD", {}, lambda s, o: s.ConstantLR(o)),
    ("ConstantLR-long", "SGD", {}, lambda s, o: s.ConstantLR(o, factor=0.25, total_iters=17)),
    ("MultiplicativeLR", "SGD", {}, lambda s, o: s.MultiplicativeLR(o, lambda epoch: 0.95)),
    (
        "MultiplicativeLR-per-group",
        "SGD",
        {},
        lambda s, o: s.MultiplicativeLR(o, [lambda epoch: 0.9 if epoch < 10 else 1.01, Halving()]),
    ),
    ("PolynomialLR", "SGD", {}, lambda s, o: s.PolynomialLR(o)),
    ("PolynomialLR-power", "SGD", {}, lambda s, o: s.PolynomialLR(o, total_iters=30, power=2.5)),
    ("PolynomialLR-root", "SGD", {}, lambda s, o: s.PolynomialLR(o, total_iters=13, power=0.5)),
    ("CosineAnnealingWarmRestarts", "SGD", {}, lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=7)),
    (
        "CosineAnnealingWarmRestarts-mult",
        "SGD",
        {},
        lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001),
    ),
    ("OneCycleLR", "SGD", {"momentum": 0.9}, lambda s, o: s.OneCycleLR(o, max_lr=1.0, total_steps=40)),
    (
        "OneCycleLR-linear-Adam",
        "Adam",
        {},
        lambda s, o: s.OneCycleLR(o, max_lr=[0.5, 2.0], epochs=4, steps_per_epoch=10, anneal_strategy="linear"),
    ),
    (
        "OneCycleLR-three-phase",
        "SGD",
        {"momentum": 0.5},
        lambda s, o: s.OneCycleLR(
            o, max_lr=0.3, total_steps=45, pct_start=0.25, three_phase=True, base_momentum=[0.7, 0.8]
        ),
    ),
    (
        "OneCycleLR-no-momentum",
        "Adagrad",
        {},
        lambda s, o: s.OneCycleLR(o, max_lr=0.3, total_steps=41, cycle_momentum=False, div_factor=5.0),
    ),
    ("CyclicLR", "SGD", {"momentum": 0.9}, lambda s, o: s.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=4)),
    (
        "CyclicLR-triangular2-Adam",
        "Adam",
        {},
        lambda s, o: s.CyclicLR(
            o, base_lr=[0.01, 0.02], max_lr=0.1, step_size_up=3, step_size_down=5, mode="triangular2"
        ),
    ),
    (
        "CyclicLR-exp-range",
        "SGD",
        {},
        lambda s, o: s.CyclicLR(
            o, base_lr=0.01, max_lr=0.1, step_size_up=5, mode="exp_range", gamma=0.97, cycle_momentum=False
        ),
    ),
    (
        "CyclicLR-scale-fn",
        "SGD",
        {"momentum": 0.9},
        lambda s, o: s.CyclicLR(
            o, base_lr=0.01, max_lr=0.1, step_size_up=4, scale_fn=lambda x: 0.9**x, scale_mode="iterations"
        ),
    ),
    (
        "SequentialLR",
        "SGD",
        {},
        lambda s, o: s.SequentialLR(
            o, [s.LinearLR(o, start_factor=0.1, total_iters=5), s.ExponentialLR(o, gamma=0.9)], milestones=[5]
        ),
    ),
    (
        "SequentialLR-three",
        "SGD",
        {},
        lambda s, o: s.SequentialLR(
            o,
            [s.ConstantLR(o, factor=0.5), s.CosineAnnealingLR(o, T_max=10), s.MultiStepLR(o, [25, 30])],
            milestones=[4, 15],
        ),
    ),
    (
        "ChainedScheduler",
        "SGD",
        {},
        lambda s, o: s.ChainedScheduler([s.ConstantLR(o, factor=0.1, total_iters=2), s.ExponentialLR(o, gamma=0.9)]),
    ),
    (
        "ChainedScheduler-with-optimizer",
        "SGD",
        {},
        lambda s, o: s.ChainedScheduler([s.LinearLR(o, total_iters=8), s.MultiStepLR(o, [3, 12], gamma=0.3)], o),
    ),
]
IDS = [case[0] for case in CASES]


def build(namespace: Any, kind: str, options: dict, factory: Any) -> tuple[Any, Any]:
    optimizer = make_optimizer(namespace, kind, **options)
    return optimizer, factory(namespace.lr_scheduler, optimizer)


def settings(optimizer: Any) -> list[tuple[float, ...]]:
    """Each group's rate and the momentum a schedule may cycle (momentum or β₁), as floats."""
    return [
        (float(group["lr"]), float(group.get("momentum", 0.0)), float(group.get("betas", (0.0,))[0]))
        for group in optimizer.param_groups
    ]


def run(optimizer: Any, schedule: Any, steps: int) -> list[list[tuple[float, ...]]]:
    """The settings after each of ``steps`` optimizer-then-schedule steps, the last rates checked too."""
    found = []
    for _ in range(steps):
        optimizer.step()
        schedule.step()
        found.append(settings(optimizer))
        assert [float(lr) for lr in schedule.get_last_lr()] == [lr for lr, *_ in found[-1]]
    return found


@pytest.mark.parametrize(("name", "kind", "options", "factory"), CASES, ids=IDS)
def test_rates_and_momenta_match_pytorch(name: str, kind: str, options: dict, factory: Any) -> None:
    ours = build(nn.optim, kind, options, factory)
    theirs = build(torch.optim, kind, options, factory)
    np.testing.assert_allclose(settings(ours[0]), settings(theirs[0]), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(run(*ours, 40), run(*theirs, 40), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(("name", "kind", "options", "factory"), CASES, ids=IDS)
def test_a_state_dict_saved_mid_schedule_continues_it(name: str, kind: str, options: dict, factory: Any) -> None:
    optimizer, schedule = build(nn.optim, kind, options, factory)
    run(optimizer, schedule, 17)
    saved_optimizer, saved_schedule = optimizer.state_dict(), copy.deepcopy(schedule.state_dict())
    assert "optimizer" not in saved_schedule
    expected = run(optimizer, schedule, 23)
    resumed_optimizer, resumed = build(nn.optim, kind, options, factory)
    resumed_optimizer.load_state_dict(saved_optimizer)
    resumed.load_state_dict(saved_schedule)
    assert run(resumed_optimizer, resumed, 23) == expected


def test_a_callable_objects_state_is_saved_and_a_functions_is_not() -> None:
    optimizer, schedule = build(nn.optim, *CASES[IDS.index("MultiplicativeLR-per-group")][1:])
    run(optimizer, schedule, 5)
    saved = schedule.state_dict()
    assert saved["lr_lambdas"] == [None, {"calls": 5}]
    _, other = build(nn.optim, *CASES[IDS.index("MultiplicativeLR-per-group")][1:])
    other.load_state_dict(saved)
    assert other.lr_lambdas[1].calls == 5 and other.last_epoch == 5


# ---------------------------------------------------------------------- step(epoch)
def stepped_with_epochs(schedule: Any, optimizer: Any, plan: list) -> list[list[float]]:
    """The rates after each step of ``plan``: None for ``step()``, a number for ``step(epoch)``."""
    values = [list(map(float, schedule.get_last_lr()))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for epoch in plan:
            optimizer.step()
            schedule.step() if epoch is None else schedule.step(epoch)
            values.append(list(map(float, schedule.get_last_lr())))
    return values


EPOCH_PLAN = [None, None, 5, None, None, 2, 2, None, 11, None, 40, None, 0, None, 29, 8, None]
CLOSED_FORMS = {
    "MultiStepLR": (
        lambda s, o: s.MultiStepLR(o, [3, 7, 7, 20]),
        lambda t: 0.1 ** (t >= 3) * 0.1 ** (2 * (t >= 7)) * 0.1 ** (t >= 20),
    ),
    "LinearLR": (lambda s, o: s.LinearLR(o, start_factor=0.2, total_iters=10), lambda t: 0.2 + 0.8 * min(t, 10) / 10),
    "ConstantLR": (lambda s, o: s.ConstantLR(o, factor=0.25, total_iters=6), lambda t: 0.25 if t < 6 else 1.0),
    "PolynomialLR": (lambda s, o: s.PolynomialLR(o, total_iters=12, power=2.0), lambda t: (1 - min(t, 12) / 12) ** 2),
}


@pytest.mark.parametrize("name", list(CLOSED_FORMS))
def test_step_with_an_epoch_uses_the_closed_form_as_pytorch(name: str) -> None:
    factory, scale = CLOSED_FORMS[name]
    optimizer, schedule = build(nn.optim, "SGD", {}, factory)
    ours = stepped_with_epochs(schedule, optimizer, EPOCH_PLAN)
    assert ours == stepped_with_epochs(*reversed(build(torch.optim, "SGD", {}, factory)), EPOCH_PLAN)
    optimizer, schedule = build(nn.optim, "SGD", {}, factory)
    optimizer.step()
    with pytest.warns(UserWarning, match=r"The epoch parameter in `scheduler.step\(\)` was not necessary"):
        schedule.step(9)
    expected = scale(9)
    np.testing.assert_allclose(schedule.get_last_lr(), [0.1 * expected, 0.2 * expected], rtol=1e-12)


WARM_RESTART_PLAN = [0.25, 0.5, 1.7, None, 3.2, 10.5, None, None, 27.3, 5, None, 2.0, 45.9, None, 0]


@pytest.mark.parametrize("T_mult", [1, 2, 3])
def test_warm_restarts_take_fractional_epochs_as_pytorch(T_mult: int) -> None:
    def factory(s, o):
        return s.CosineAnnealingWarmRestarts(o, T_0=4, T_mult=T_mult, eta_min=0.01)

    optimizer, schedule = build(nn.optim, "SGD", {}, factory)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no deprecation warning: fractional epochs are how it is used
        schedule.step(0.5)
    ours = stepped_with_epochs(schedule, optimizer, WARM_RESTART_PLAN)
    their_optimizer, their_schedule = build(torch.optim, "SGD", {}, factory)
    their_schedule.step(0.5)
    np.testing.assert_allclose(
        ours, stepped_with_epochs(their_schedule, their_optimizer, WARM_RESTART_PLAN), rtol=1e-12
    )
    assert schedule.last_epoch == 0 and (schedule.T_cur, schedule.T_i) == (their_schedule.T_cur, their_schedule.T_i)


def test_warm_restarts_follow_the_restarted_cosine() -> None:
    optimizer, schedule = build(nn.optim, "SGD", {}, lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=2))
    found = [rates[0][0] for rates in run(optimizer, schedule, 13)]
    # Periods of 2, 4 and 8 epochs start at epochs 0, 2 and 6.
    positions = [(1, 2), (0, 4), (1, 4), (2, 4), (3, 4)] + [(t, 8) for t in range(8)]
    np.testing.assert_allclose(found, [0.05 * (1 + math.cos(math.pi * t / T)) for t, T in positions], rtol=1e-12)
    with pytest.raises(ValueError, match="non-negative epoch"):
        schedule.step(-1)


# ---------------------------------------------------------------------- ReduceLROnPlateau
METRICS = [5.0, 4.0, 4.0, 3.9999, 4.1, 4.2, 3.0, 3.0, 3.5, 3.5, 3.5, 3.5, 2.99, 3.2, 3.3, 3.4]
METRICS += [2.0 - 0.001 * n for n in range(10)] + [7.0, 7.0, 7.0, 7.0, 7.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]


def plateau_run(namespace: Any, metrics: list[float], **options: Any) -> list[tuple]:
    optimizer = make_optimizer(namespace)
    schedule = namespace.lr_scheduler.ReduceLROnPlateau(optimizer, **options)
    found = []
    for metric in metrics:
        optimizer.step()
        schedule.step(metric)
        found.append(
            (
                *map(float, schedule.get_last_lr()),
                schedule.best,
                schedule.num_bad_epochs,
                schedule.cooldown_counter,
                schedule.last_epoch,
            )
        )
    return found


@pytest.mark.parametrize("mode", ["min", "max"])
@pytest.mark.parametrize("threshold_mode", ["rel", "abs"])
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"patience": 2, "factor": 0.5},
        {"patience": 1, "cooldown": 2, "threshold": 0.01},
        {"patience": 0, "factor": 0.2, "min_lr": [0.01, 0.05], "threshold": 0.05},
        {"patience": 1, "factor": 0.5, "min_lr": 0.03, "eps": 0.02, "cooldown": 1},
    ],
    ids=["defaults", "patience", "cooldown", "min-lr-per-group", "min-lr-eps"],
)
def test_plateau_reductions_match_pytorch(mode: str, threshold_mode: str, options: dict) -> None:
    metrics = METRICS if mode == "min" else [-m for m in METRICS]
    settings = {"mode": mode, "threshold_mode": threshold_mode, **options}
    ours = plateau_run(nn.optim, metrics, **settings)
    assert ours == plateau_run(torch.optim, metrics, **settings)
    assert len({row[:2] for row in ours}) > 1 or not options  # the rates did change


def test_plateau_reduces_after_patience_waits_out_the_cooldown_and_stops_at_min_lr() -> None:
    steps = plateau_run(nn.optim, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], patience=1, cooldown=2, min_lr=0.015)
    assert [row[0] for row in steps] == pytest.approx([0.1, 0.1, 0.015, 0.015, 0.015, 0.015, 0.015, 0.015])
    assert [row[1] for row in steps] == pytest.approx([0.2, 0.2, 0.02, 0.02, 0.02, 0.02, 0.015, 0.015])
    assert [row[4] for row in steps] == [0, 0, 2, 1, 0, 0, 2, 1]  # the cooldown counter
    rising = plateau_run(nn.optim, [1.0, 2.0, 2.0001, 2.0001], mode="max", patience=0, threshold_mode="abs")
    assert [row[0] for row in rising] == pytest.approx([0.1, 0.1, 0.01, 0.001])  # 2.0001 > 2 + 1e-4 is false


def test_plateau_state_dict_round_trip_and_tensor_metrics() -> None:
    optimizer = make_optimizer(nn.optim)
    schedule = nn.optim.lr_scheduler.ReduceLROnPlateau(optimizer, patience=1, cooldown=1)
    for metric in METRICS[:9]:
        schedule.step(nn.Parameter(np.array(metric)))  # a one-element Tensor counts as its value
    saved = copy.deepcopy(schedule.state_dict())
    expected = plateau_run_from(optimizer, schedule, METRICS[9:])
    other_optimizer = make_optimizer(nn.optim)
    other_optimizer.load_state_dict(optimizer.state_dict())
    for group, lr in zip(other_optimizer.param_groups, saved["_last_lr"]):
        group["lr"] = lr
    other = nn.optim.lr_scheduler.ReduceLROnPlateau(other_optimizer, mode="max")
    other.load_state_dict(saved)
    assert other.mode == "min" and other.mode_worse == math.inf
    assert plateau_run_from(other_optimizer, other, METRICS[9:]) == expected


def plateau_run_from(optimizer: Any, schedule: Any, metrics: list[float]) -> list[list[float]]:
    found = []
    for metric in metrics:
        schedule.step(metric)
        found.append([group["lr"] for group in optimizer.param_groups])
    return found


def test_plateau_step_with_an_epoch_warns() -> None:
    schedule = nn.optim.lr_scheduler.ReduceLROnPlateau(make_optimizer(nn.optim))
    with pytest.warns(UserWarning, match=r"The epoch parameter in `scheduler.step\(\)`"):
        schedule.step(1.0, epoch=7)
    assert schedule.last_epoch == 7


# ---------------------------------------------------------------------- arguments and warnings
INVALID = [
    (lambda s, o: s.ConstantLR(o, factor=1.5), "between 0 and 1"),
    (lambda s, o: s.ConstantLR(o, factor=-0.1), "between 0 and 1"),
    (lambda s, o: s.LinearLR(o, start_factor=0), "greater than 0"),
    (lambda s, o: s.LinearLR(o, start_factor=1.5), "greater than 0"),
    (lambda s, o: s.LinearLR(o, end_factor=1.5), "between 0 and 1"),
    (lambda s, o: s.MultiplicativeLR(o, [lambda e: 1.0]), "lr_lambdas"),
    (lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=0), "T_0"),
    (lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=2.5), "T_0"),
    (lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=0), "T_mult"),
    (lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=2, eta_min="0"), "eta_min"),
    (lambda s, o: s.OneCycleLR(o, max_lr=1.0), "total_steps"),
    (lambda s, o: s.OneCycleLR(o, max_lr=1.0, total_steps=0), "total_steps"),
    (lambda s, o: s.OneCycleLR(o, max_lr=1.0, epochs=0, steps_per_epoch=3), "epochs"),
    (lambda s, o: s.OneCycleLR(o, max_lr=1.0, total_steps=10, pct_start=1.5), "pct_start"),
    (lambda s, o: s.OneCycleLR(o, max_lr=1.0, total_steps=10, anneal_strategy="step"), "anneal_strategy"),
    (lambda s, o: s.OneCycleLR(o, max_lr=[1.0, 2.0, 3.0], total_steps=10), "max_lr"),
    (lambda s, o: s.CyclicLR(o, base_lr=0.1, max_lr=1.0, mode="square"), "mode"),
    (lambda s, o: s.CyclicLR(o, base_lr=[0.1], max_lr=1.0), "base_lr"),
    (lambda s, o: s.ReduceLROnPlateau(o, factor=1.0), "Factor"),
    (lambda s, o: s.ReduceLROnPlateau(o, mode="lowest"), "mode"),
    (lambda s, o: s.ReduceLROnPlateau(o, threshold_mode="ratio"), "threshold mode"),
    (lambda s, o: s.ReduceLROnPlateau(o, min_lr=[0.1]), "min_lrs"),
    (lambda s, o: s.SequentialLR(o, [s.ConstantLR(o), s.ConstantLR(o)], milestones=[]), "milestone"),
    (lambda s, o: s.SequentialLR(o, [], milestones=[]), "at least one"),
    (lambda s, o: s.SequentialLR(o, [s.ReduceLROnPlateau(o)], milestones=[]), "ReduceLROnPlateau"),
    (lambda s, o: s.ChainedScheduler([]), "at least one"),
    (lambda s, o: s.ChainedScheduler([s.ReduceLROnPlateau(o)]), "ReduceLROnPlateau"),
]


@pytest.mark.parametrize(("factory", "message"), INVALID, ids=[str(n) for n in range(len(INVALID))])
def test_invalid_arguments_raise_value_error_as_in_pytorch(factory: Any, message: str) -> None:
    with pytest.raises(ValueError):
        factory(torch.optim.lr_scheduler, make_optimizer(torch.optim, momentum=0.9))
    with pytest.raises(ValueError, match=message):
        factory(nn.optim.lr_scheduler, make_optimizer(nn.optim, momentum=0.9))


@pytest.mark.parametrize("namespace", [nn.optim, torch.optim], ids=["ours", "torch"])
def test_schedules_of_another_optimizer_and_momentum_cycling_without_momentum_are_refused(namespace: Any) -> None:
    schedules = namespace.lr_scheduler
    optimizer, other = make_optimizer(namespace), make_optimizer(namespace)
    with pytest.raises(ValueError, match="same optimizer"):
        schedules.SequentialLR(optimizer, [schedules.ConstantLR(other)], milestones=[])
    with pytest.raises(ValueError, match="same optimizer"):
        schedules.ChainedScheduler([schedules.ConstantLR(optimizer), schedules.ConstantLR(other)])
    with pytest.raises(ValueError, match="momentum or beta1"):
        schedules.OneCycleLR(make_optimizer(namespace, "Adagrad"), max_lr=1.0, total_steps=10)
    with pytest.raises(ValueError, match="momentum or beta1"):
        schedules.CyclicLR(make_optimizer(namespace, "Adagrad"), base_lr=0.1, max_lr=1.0)


def test_one_cycle_refuses_to_step_past_its_end() -> None:
    optimizer, schedule = build(nn.optim, "SGD", {}, lambda s, o: s.OneCycleLR(o, max_lr=1.0, total_steps=3))
    run(optimizer, schedule, 3)
    with pytest.raises(ValueError, match=re.escape("Tried to step 4 times. The specified number of total steps is 3")):
        schedule.step()


def warnings_of_early_steps(namespace: Any, kind: str, options: dict, factory: Any) -> list[str]:
    """The warnings of stepping a schedule before its optimizer, then twice in the right order."""
    optimizer, schedule = build(namespace, kind, options, factory)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        schedule.step()
        for _ in range(2):
            optimizer.step()
            schedule.step()
    return [str(warning.message) for warning in record]


@pytest.mark.parametrize(("name", "kind", "options", "factory"), CASES, ids=IDS)
def test_stepping_before_the_optimizer_warns_as_pytorch(name: str, kind: str, options: dict, factory: Any) -> None:
    ours = warnings_of_early_steps(nn.optim, kind, options, factory)
    assert ours == warnings_of_early_steps(torch.optim, kind, options, factory)
    assert all(re.match(r"Detected call of `lr_scheduler.step\(\)` before `optimizer.step\(\)`", m) for m in ours)
