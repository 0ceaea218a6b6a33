"""Schedules that scale the base rates by a factor of the epoch: StepLR, MultiStepLR, ExponentialLR,
ConstantLR, LinearLR, PolynomialLR, LambdaLR, MultiplicativeLR (PyTorch's)."""

from __future__ import annotations

import numbers
import types
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from nn.optim.lr_scheduler.base import LRScheduler
from nn.optim.optimizer import Optimizer

__all__ = [
    "ConstantLR",
    "ExponentialLR",
    "LambdaLR",
    "LinearLR",
    "MultiStepLR",
    "MultiplicativeLR",
    "PolynomialLR",
    "StepLR",
]


class StepLR(LRScheduler):
    """Multiply the learning rates by ``gamma`` every ``step_size`` epochs:
    η_t = η₀·γ^⌊t / step_size⌋.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose learning rates change.
    step_size : int
        The number of epochs between drops (positive).
    gamma : float
        γ, the factor of each drop.
    last_epoch : int
        The index of the last epoch when resuming; -1 starts from the beginning.
    """

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


class MultiStepLR(LRScheduler):
    """Multiply the learning rates by ``gamma`` at each milestone epoch:
    η_t = η₀·γ^(number of milestones ≤ t).

    A milestone listed k times multiplies by γᵏ there, as in PyTorch.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose learning rates change.
    milestones : iterable of int
        The epochs at which the rates drop.
    gamma : float
        γ, the factor of each drop.
    last_epoch : int
        The index of the last epoch when resuming; -1 starts from the beginning.
    """

    def __init__(
        self, optimizer: Optimizer, milestones: Iterable[int], gamma: float = 0.1, last_epoch: int = -1
    ) -> None:
        self.milestones = Counter(milestones)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self.last_epoch not in self.milestones:
            return self._current()
        return [lr * self.gamma ** self.milestones[self.last_epoch] for lr in self._current()]

    def _get_closed_form_lr(self) -> list[float]:
        """η₀·γ^(milestones ≤ t) for epoch ``last_epoch`` (what :meth:`step` with an epoch uses)."""
        milestones = sorted(self.milestones.elements())
        return [base * self.gamma ** bisect_right(milestones, self.last_epoch) for base in self.base_lrs]


class ExponentialLR(LRScheduler):
    """Multiply the learning rates by ``gamma`` every epoch: η_t = η₀·γᵗ.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose learning rates change.
    gamma : float
        γ, the factor applied at every epoch.
    last_epoch : int
        The index of the last epoch when resuming; -1 starts from the beginning.
    """

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


class ConstantLR(LRScheduler):
    """Scale the learning rates by ``factor`` until epoch ``total_iters``, then restore them:
    η_t = η₀·factor for t < total_iters, η₀ after.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose learning rates change.
    factor : float
        The factor, in [0, 1].
    total_iters : int
        The epoch at which the base rates come back.
    last_epoch : int
        The index of the last epoch when resuming; -1 starts from the beginning.
    """

    def __init__(
        self, optimizer: Optimizer, factor: float = 1.0 / 3, total_iters: int = 5, last_epoch: int = -1
    ) -> None:
        if factor > 1.0 or factor < 0:
            raise ValueError(f"Constant multiplicative factor expected to be between 0 and 1, got {factor}")
        self.factor = factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self.last_epoch == 0:
            return [lr * self.factor for lr in self._current()]
        if self.last_epoch != self.total_iters:
            return self._current()
        return [lr * (1.0 / self.factor) for lr in self._current()]

    def _get_closed_form_lr(self) -> list[float]:
        """η₀·factor before ``total_iters``, η₀ from there (what :meth:`step` with an epoch uses)."""
        scale = self.factor + (self.last_epoch >= self.total_iters) * (1 - self.factor)
        return [base * scale for base in self.base_lrs]


class LinearLR(LRScheduler):
    r"""Scale the learning rates by a factor that changes linearly from ``start_factor`` to
    ``end_factor`` over ``total_iters`` epochs, and stays there:

    .. math:: \eta_t = \eta_0 \left(s + (e - s)\,\frac{\min(t, T)}{T}\right)

    computed recursively from the current rate, as PyTorch does.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose learning rates change.
    start_factor : float
        s, in (0, 1].
    end_factor : float
        e, in [0, 1].
    total_iters : int
        T, the epochs the change takes.
    last_epoch : int
        The index of the last epoch when resuming; -1 starts from the beginning.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        start_factor: float = 1.0 / 3,
        end_factor: float = 1.0,
        total_iters: int = 5,
        last_epoch: int = -1,
    ) -> None:
        if start_factor > 1.0 or start_factor <= 0:
            raise ValueError(
                "Starting multiplicative factor expected to be greater than 0 and less or equal to 1, "
                f"got {start_factor}"
            )
        if end_factor > 1.0 or end_factor < 0:
            raise ValueError(f"Ending multiplicative factor expected to be between 0 and 1, got {end_factor}")
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self.last_epoch == 0:
            return [lr * self.start_factor for lr in self._current()]
        if self._is_initial or self.last_epoch > self.total_iters:
            return self._current()
        change = self.end_factor - self.start_factor
        # The ratio of this epoch's factor to the last one's.
        ratio = 1.0 + change / (self.total_iters * self.start_factor + (self.last_epoch - 1) * change)
        return [lr * ratio for lr in self._current()]

    def _get_closed_form_lr(self) -> list[float]:
        """η₀(s + (e − s)·min(t, T)/T) for epoch ``last_epoch`` (what :meth:`step` with an epoch uses)."""
        change = self.end_factor - self.start_factor
        scale = self.start_factor + change * min(self.total_iters, self.last_epoch) / self.total_iters
        return [base * scale for base in self.base_lrs]


class PolynomialLR(LRScheduler):
    r"""Decay the learning rates polynomially to 0 over ``total_iters`` epochs:

    .. math:: \eta_t = \eta_0 \,(1 - \min(t, T) / T)^{p}

    computed recursively from the current rate, as PyTorch does.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose learning rates change.
    total_iters : int
        T, the epochs of the decay.
    power : float
        p.
    last_epoch : int
        The index of the last epoch when resuming; -1 starts from the beginning.
    """

    def __init__(self, optimizer: Optimizer, total_iters: int = 5, power: float = 1.0, last_epoch: int = -1) -> None:
        self.total_iters = total_iters
        self.power = power
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self._is_initial or self.last_epoch > self.total_iters:
            return self._current()
        epoch, total = self.last_epoch, self.total_iters
        decay = ((1.0 - epoch / total) / (1.0 - (epoch - 1) / total)) ** self.power
        return [lr * decay for lr in self._current()]

    def _get_closed_form_lr(self) -> list[float]:
        """η₀(1 − min(t, T)/T)ᵖ for epoch ``last_epoch`` (what :meth:`step` with an epoch uses)."""
        remaining = 1.0 - min(self.total_iters, self.last_epoch) / self.total_iters
        return [base * remaining**self.power for base in self.base_lrs]


class _FunctionsOfEpoch(LRScheduler):
    """A schedule driven by functions of the epoch, one per parameter group: their list, and a
    state that keeps the functions out (PyTorch's, shared by LambdaLR and MultiplicativeLR)."""

    lr_lambdas: list[Callable[[int], float]]

    def _set_functions(
        self, optimizer: Optimizer, lr_lambda: Callable[[int], float] | Sequence[Callable[[int], float]]
    ) -> None:
        """``lr_lambda`` for every group, or a list with one per group (checked against their count)."""
        groups = len(optimizer.param_groups)
        if isinstance(lr_lambda, (list, tuple)):
            if len(lr_lambda) != groups:
                raise ValueError(f"{type(self).__name__}: expected {groups} lr_lambdas, but got {len(lr_lambda)}")
            self.lr_lambdas = list(lr_lambda)
        else:
            self.lr_lambdas = [lr_lambda] * groups

    def state_dict(self) -> dict[str, Any]:
        """The state without the functions (a callable object's attributes are kept, as in PyTorch)."""
        state = {key: value for key, value in self.__dict__.items() if key not in ("optimizer", "lr_lambdas")}
        # Plain functions are code, not state; a callable object's attributes are state.
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


class LambdaLR(_FunctionsOfEpoch):
    """η_t = η₀·λ(t) for a function λ of the epoch (one per group, or one for all).

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose learning rates change.
    lr_lambda : callable or list of callables
        λ(epoch) → factor, one for every group or a list with one per group.
    last_epoch : int
        The index of the last epoch when resuming; -1 starts from the beginning.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        lr_lambda: Callable[[int], float] | Sequence[Callable[[int], float]],
        last_epoch: int = -1,
    ) -> None:
        self._set_functions(optimizer, lr_lambda)
        for position, function in enumerate(self.lr_lambdas):
            if not callable(function):
                raise TypeError(f"LambdaLR: lr_lambda {position} must be callable, got {type(function).__name__}")
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        return [base * factor(self.last_epoch) for factor, base in zip(self.lr_lambdas, self.base_lrs)]


class MultiplicativeLR(_FunctionsOfEpoch):
    """Multiply each rate by λ(t) at every epoch t after the first: η_t = η_{t−1}·λ(t).

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose learning rates change.
    lr_lambda : callable or list of callable
        λ, a function of the epoch (one per group, or one for all).
    last_epoch : int
        The index of the last epoch when resuming; -1 starts from the beginning.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        lr_lambda: Callable[[int], float] | Sequence[Callable[[int], float]],
        last_epoch: int = -1,
    ) -> None:
        self._set_functions(optimizer, lr_lambda)
        for function in self.lr_lambdas:
            if not callable(function):
                raise TypeError(f"lr_lambda should be a function, but got {type(function).__name__}")
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self._is_initial:
            return self._current()
        return [lr * factor(self.last_epoch) for factor, lr in zip(self.lr_lambdas, self._current())]
