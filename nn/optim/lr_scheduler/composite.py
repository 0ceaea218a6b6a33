"""Schedules made of schedules: SequentialLR and ChainedScheduler (PyTorch's)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from nn.optim.lr_scheduler.base import LRScheduler
from nn.optim.lr_scheduler.plateau import ReduceLROnPlateau
from nn.optim.optimizer import Optimizer

__all__ = ["ChainedScheduler", "SequentialLR"]


def _check_schedulers(kind: str, optimizer: Optimizer, schedulers: Sequence[LRScheduler]) -> None:
    """PyTorch's checks: each schedule has an optimizer, the same one, and steps without arguments."""
    for position, scheduler in enumerate(schedulers):
        if not hasattr(scheduler, "optimizer"):
            raise TypeError(f"{kind} at index {position} should have `optimizer` as its attribute.")
        if isinstance(scheduler, ReduceLROnPlateau):
            raise ValueError(
                f"{kind} does not support `ReduceLROnPlateau` scheduler as it requires additional kwargs to be "
                f"specified when calling `step`, but got one at index {position} in the given schedulers sequence."
            )
        if optimizer is not scheduler.optimizer:
            raise ValueError(
                f"{kind} expects all schedulers to belong to the same optimizer, but got scheduler "
                f"{type(scheduler).__name__} at index {position} has {scheduler.optimizer}, which is different "
                f"from {type(optimizer).__name__}."
            )


def _nested_state(schedule: SequentialLR | ChainedScheduler) -> dict[str, Any]:
    state = {key: value for key, value in schedule.__dict__.items() if key not in ("optimizer", "_schedulers")}
    state["_schedulers"] = [scheduler.state_dict() for scheduler in schedule._schedulers]
    return state


def _load_nested_state(schedule: SequentialLR | ChainedScheduler, state_dict: dict[str, Any]) -> None:
    state = dict(state_dict)
    saved = state.pop("_schedulers")
    schedule.__dict__.update(state)
    for scheduler, scheduler_state in zip(schedule._schedulers, saved):
        scheduler.load_state_dict(scheduler_state)


class SequentialLR(LRScheduler):
    """Run the schedules one after another, switching at the milestone epochs.

    Schedule i runs from ``milestones[i - 1]`` on; at its milestone it starts afresh from the
    base rates (PyTorch's ``_update_lr(0)``), whatever the previous schedule left.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer of all the schedules.
    schedulers : list of LRScheduler
        The schedules, made for ``optimizer`` (ReduceLROnPlateau cannot be one).
    milestones : list of int
        The epochs at which each schedule after the first begins; one fewer than the schedules.
    last_epoch : int
        The index of the last epoch when resuming; -1 starts from the beginning.
    """

    def __init__(
        self, optimizer: Optimizer, schedulers: list[LRScheduler], milestones: list[int], last_epoch: int = -1
    ) -> None:
        if len(schedulers) < 1:
            raise ValueError(f"{type(self).__name__} expects at least one scheduler, but got no scheduler.")
        _check_schedulers(type(self).__name__, optimizer, schedulers)
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(
                "Sequential Schedulers expects number of schedulers provided to be one more than the number of "
                f"milestone points, but got number of schedulers {len(schedulers)} and the number of milestones "
                f"to be equal to {len(milestones)}"
            )
        self._schedulers = schedulers
        self._milestones = milestones
        self.last_epoch = last_epoch + 1
        self.optimizer = optimizer
        # Each schedule stepped once when it was made; undo that and start the first one again.
        for group in optimizer.param_groups:
            group["lr"] = group["initial_lr"]
        self.recursive_undo()
        first = bisect_right(milestones, 0)
        schedulers[first]._initial_step()
        self._last_lr = schedulers[first].get_last_lr()

    def recursive_undo(self, sched: Any = None) -> None:
        """Take one epoch back from each schedule, those inside nested composites too."""
        schedules = self if sched is None else sched
        if hasattr(schedules, "_schedulers"):
            for inner in schedules._schedulers:
                self.recursive_undo(inner)
        elif hasattr(schedules, "last_epoch"):
            schedules.last_epoch -= 1

    def step(self) -> None:  # type: ignore[override]
        """Advance one epoch with the schedule whose turn it is."""
        self.last_epoch += 1
        index = bisect_right(self._milestones, self.last_epoch)
        scheduler = self._schedulers[index]
        if index > 0 and self._milestones[index - 1] == self.last_epoch:
            scheduler._update_lr(0)
        else:
            scheduler.step()
        self._last_lr = scheduler.get_last_lr()

    def state_dict(self) -> dict[str, Any]:
        """The state, with each schedule's own state dict in ``"_schedulers"``."""
        return _nested_state(self)

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the state from :meth:`state_dict`, the schedules' too."""
        _load_nested_state(self, state_dict)


class ChainedScheduler(LRScheduler):
    """Step several schedules together, each from the rates the previous one left.

    Parameters
    ----------
    schedulers : sequence of LRScheduler
        The schedules, all of the same optimizer (ReduceLROnPlateau cannot be one).
    optimizer : Optimizer, optional
        Their optimizer (the first schedule's if None).
    """

    def __init__(self, schedulers: Sequence[LRScheduler], optimizer: Optimizer | None = None) -> None:
        if len(schedulers) < 1:
            raise ValueError(
                f"{type(self).__name__} expects at least one scheduler to be chained, but got no scheduler."
            )
        optimizer = optimizer or schedulers[0].optimizer
        _check_schedulers(type(self).__name__, optimizer, schedulers)
        self._schedulers = schedulers
        self.optimizer = optimizer
        self._last_lr = self._current()

    def step(self) -> None:  # type: ignore[override]
        """Step each schedule once, in order."""
        for scheduler in self._schedulers:
            scheduler.step()
        self._last_lr = self._current()

    def state_dict(self) -> dict[str, Any]:
        """The state, with each schedule's own state dict in ``"_schedulers"``."""
        return _nested_state(self)

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the state from :meth:`state_dict`, the schedules' too."""
        _load_nested_state(self, state_dict)
