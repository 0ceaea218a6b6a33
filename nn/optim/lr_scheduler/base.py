"""The base of the learning-rate schedules: epochs, the chainable and closed forms, state dicts."""

from __future__ import annotations

import numbers
from typing import Any

from autograd_core.user_code import warn
from nn.optim.optimizer import Optimizer

__all__ = ["EPOCH_DEPRECATION_WARNING", "STEP_ORDER_WARNING", "LRScheduler", "per_group"]

# PyTorch's messages, word for word, so that filters written for PyTorch's warnings match ours.
STEP_ORDER_WARNING = (
    "Detected call of `lr_scheduler.step()` before `optimizer.step()`. "
    "In PyTorch 1.1.0 and later, you should call them in the opposite order: "
    "`optimizer.step()` before `lr_scheduler.step()`.  Failure to do this "
    "will result in PyTorch skipping the first value of the learning rate schedule. "
    "See more details at "
    "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate"
)
EPOCH_DEPRECATION_WARNING = (
    "The epoch parameter in `scheduler.step()` was not necessary and is being "
    "deprecated where possible. Please use `scheduler.step()` to step the "
    "scheduler. During the deprecation, if epoch is different from None, the "
    "closed form is used instead of the new chainable form, where available. "
    "Please open an issue if you are unable to replicate your use case: "
    "https://github.com/pytorch/pytorch/issues/new/choose."
)


class LRScheduler:
    """Base of the schedules: sets each group's ``lr`` for the epoch count ``last_epoch``.

    Construction stores each group's ``initial_lr`` (the base rates) and applies epoch 0;
    each :meth:`step` (called after ``optimizer.step()``, usually once per epoch) advances
    one epoch and writes the new rates into ``optimizer.param_groups``. As in PyTorch, the
    first :meth:`step` warns if the optimizer has not stepped since the first schedule of
    that optimizer was made: the schedule's first rate would never be used.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose learning rates change.
    last_epoch : int
        The index of the last epoch when resuming; -1 starts from the beginning.
    """

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for number, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(
                        f"param 'initial_lr' is not specified in param_groups[{number}] when resuming a scheduler "
                        "with last_epoch >= 0"
                    )
        self.base_lrs: list[float] = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        if not getattr(optimizer, "_has_scheduler", False):
            # PyTorch counts the optimizer's steps from its first schedule on.
            optimizer._has_scheduler = True
            optimizer._opt_called = False
        self._initial_step()

    def _initial_step(self) -> None:
        """Apply the rates of epoch ``last_epoch + 1`` as construction does (``_is_initial`` meanwhile)."""
        self._step_count = 0
        self._is_initial = True
        try:
            self.step()
        finally:
            self._is_initial = False

    def get_lr(self) -> list[float]:
        """The learning rates for epoch ``last_epoch``, one per group."""
        raise NotImplementedError

    def step(self, epoch: float | None = None) -> None:
        """Advance one epoch and set the groups' learning rates.

        Parameters
        ----------
        epoch : int or float, optional
            Deprecated, as in PyTorch (and warns with its message): jump to this epoch
            (``last_epoch = epoch``) and take the rates from the schedule's closed form
            (:meth:`_get_closed_form_lr`) where it has one, else from :meth:`get_lr`.
        """
        if epoch is not None and (not isinstance(epoch, numbers.Real) or isinstance(epoch, bool)):
            raise TypeError(f"{type(self).__name__}.step: epoch must be a number or None, got {epoch!r}")
        if self._step_count == 1 and not getattr(self.optimizer, "_opt_called", True):
            warn(STEP_ORDER_WARNING)
        self._step_count += 1
        if epoch is not None:
            warn(EPOCH_DEPRECATION_WARNING)
        self._update_lr(epoch)

    def _update_lr(self, epoch: float | None = None) -> None:
        """Advance to the next epoch, or jump to ``epoch`` through the closed form, and write the rates.

        Neither warns nor counts a step: :class:`SequentialLR` restarts a schedule this way.
        """
        if epoch is None:
            self.last_epoch += 1
            rates = self.get_lr()
        else:
            self.last_epoch = epoch
            closed_form = getattr(self, "_get_closed_form_lr", None)
            rates = closed_form() if closed_form is not None else self.get_lr()
        for group, lr in zip(self.optimizer.param_groups, rates):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def get_last_lr(self) -> list[float]:
        """The learning rates set by the last :meth:`step`."""
        return self._last_lr

    def state_dict(self) -> dict[str, Any]:
        """Everything but the optimizer (numbers and lists: ``nn.save`` can write it)."""
        return {key: value for key, value in self.__dict__.items() if key != "optimizer"}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the state from :meth:`state_dict`."""
        self.__dict__.update(state_dict)

    def _current(self) -> list[float]:
        return [group["lr"] for group in self.optimizer.param_groups]


def per_group(name: str, optimizer: Optimizer, value: Any) -> list[Any]:
    """``value`` once per parameter group: a list or tuple as given (one per group), else repeated.

    Raises
    ------
    ValueError
        For a list or tuple whose length is not the number of groups (PyTorch's words).
    """
    groups = len(optimizer.param_groups)
    if isinstance(value, (list, tuple)):
        if len(value) != groups:
            raise ValueError(
                f"{name} must have the same length as optimizer.param_groups. "
                f"{name} has {len(value)} values, param_groups has {groups}."
            )
        return list(value)
    return [value] * groups
