"""Learning-rate schedules: StepLR, ExponentialLR, CosineAnnealingLR, LambdaLR (PyTorch's)."""

from __future__ import annotations

import math
import numbers
import types
from collections.abc import Callable, Sequence
from typing import Any

from autograd_core.user_code import warn
from nn.optim.optimizer import Optimizer

__all__ = ["CosineAnnealingLR", "ExponentialLR", "LRScheduler", "LambdaLR", "StepLR"]

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
        self._step_count = 0
        self._is_initial = True
        self.step()
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
        if epoch is None:
            self.last_epoch += 1
            rates = self.get_lr()
        else:
            warn(EPOCH_DEPRECATION_WARNING)
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


class StepLR(LRScheduler):
    """Multiply the learning rates by ``gamma`` every ``step_size`` epochs:
    η_t = η₀·γ^⌊t / step_size⌋."""

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1) -> None:
        if not isinstance(step_size, numbers.Integral) or isinstance(step_size, bool) or step_size <= 0:
            raise ValueError(f"StepLR: step_size must be a positive int, got {step_size!r}")
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return self._current()
        return [lr * self.gamma for lr in self._current()]

    def _get_closed_form_lr(self) -> list[float]:
        """η₀·γ^⌊t / step_size⌋ for epoch ``last_epoch`` (what :meth:`step` with an epoch uses)."""
        return [base * self.gamma ** (self.last_epoch // self.step_size) for base in self.base_lrs]


class ExponentialLR(LRScheduler):
    """Multiply the learning rates by ``gamma`` every epoch: η_t = η₀·γᵗ."""

    def __init__(self, optimizer: Optimizer, gamma: float, last_epoch: int = -1) -> None:
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self._is_initial:
            return self._current()
        return [lr * self.gamma for lr in self._current()]

    def _get_closed_form_lr(self) -> list[float]:
        """η₀·γᵗ for epoch ``last_epoch`` (what :meth:`step` with an epoch uses)."""
        return [base * self.gamma**self.last_epoch for base in self.base_lrs]


class CosineAnnealingLR(LRScheduler):
    r"""Cosine annealing from the base rate to ``eta_min`` over ``T_max`` epochs:

    .. math:: \eta_t = \eta_{min} + \tfrac12(\eta_0 - \eta_{min})(1 + \cos(\pi t / T_{max}))

    computed recursively from the current rate, as PyTorch does (so that other changes to
    the rate carry over); past T_max the rate rises again, periodically.
    """

    def __init__(self, optimizer: Optimizer, T_max: float, eta_min: float = 0.0, last_epoch: int = -1) -> None:
        # Any positive real number, as PyTorch accepts (T_max=10.0 gives the rates of T_max=10).
        if not isinstance(T_max, numbers.Real) or isinstance(T_max, bool):
            raise TypeError(f"CosineAnnealingLR: T_max must be a positive number, got {T_max!r}")
        if not T_max > 0:
            raise ValueError(f"CosineAnnealingLR: T_max must be a positive number, got {T_max!r}")
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        # A Python float: a NumPy float32 T_max would make π / T_max a float32.
        epoch, period, floor = self.last_epoch, float(self.T_max), self.eta_min
        if self._is_initial:
            return self._current()
        if self._step_count == 1 and epoch > 0:
            return [floor + (base - floor) * (1 + math.cos(epoch * math.pi / period)) / 2 for base in self.base_lrs]
        if (epoch - 1 - period) % (2 * period) == 0:
            return [
                lr + (base - floor) * (1 - math.cos(math.pi / period)) / 2
                for lr, base in zip(self._current(), self.base_lrs)
            ]
        ratio = (1 + math.cos(math.pi * epoch / period)) / (1 + math.cos(math.pi * (epoch - 1) / period))
        return [ratio * (lr - floor) + floor for lr in self._current()]

    def _get_closed_form_lr(self) -> list[float]:
        """The half cosine at epoch ``last_epoch`` from the base rates (what :meth:`step` with an epoch uses)."""
        epoch, period, floor = self.last_epoch, float(self.T_max), self.eta_min
        return [floor + (base - floor) * (1 + math.cos(math.pi * epoch / period)) / 2 for base in self.base_lrs]


class LambdaLR(LRScheduler):
    """η_t = η₀·λ(t) for a function λ of the epoch (one per group, or one for all)."""

    def __init__(
        self,
        optimizer: Optimizer,
        lr_lambda: Callable[[int], float] | Sequence[Callable[[int], float]],
        last_epoch: int = -1,
    ) -> None:
        groups = len(optimizer.param_groups)
        if isinstance(lr_lambda, (list, tuple)):
            if len(lr_lambda) != groups:
                raise ValueError(f"LambdaLR: expected {groups} lr_lambdas, but got {len(lr_lambda)}")
            self.lr_lambdas = list(lr_lambda)
        else:
            self.lr_lambdas = [lr_lambda] * groups
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        return [base * factor(self.last_epoch) for factor, base in zip(self.lr_lambdas, self.base_lrs)]

    def state_dict(self) -> dict[str, Any]:
        """The state without the functions (a callable object's attributes are kept, as in PyTorch)."""
        state = {key: value for key, value in self.__dict__.items() if key not in ("optimizer", "lr_lambdas")}
        state["lr_lambdas"] = [
            None if isinstance(fn, types.FunctionType) else dict(fn.__dict__) for fn in self.lr_lambdas
        ]
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        state = dict(state_dict)
        saved_lambdas = state.pop("lr_lambdas", [])
        self.__dict__.update(state)
        for fn, saved in zip(self.lr_lambdas, saved_lambdas):
            if saved is not None:
                fn.__dict__.update(saved)
