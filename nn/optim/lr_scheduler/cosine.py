"""Cosine schedules: CosineAnnealingLR and CosineAnnealingWarmRestarts (PyTorch's)."""

from __future__ import annotations

import math
import numbers

from nn.optim.lr_scheduler.base import LRScheduler
from nn.optim.optimizer import Optimizer

__all__ = ["CosineAnnealingLR", "CosineAnnealingWarmRestarts"]


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


class CosineAnnealingWarmRestarts(LRScheduler):
    r"""Cosine annealing that restarts from the base rates (SGDR, Loshchilov & Hutter, 2017):

    .. math:: \eta_t = \eta_{min} + \tfrac12(\eta_0 - \eta_{min})(1 + \cos(\pi T_{cur} / T_i))

    where T_cur counts the epochs since the last restart and the i-th period lasts
    T_i = T_0·T_multⁱ epochs.

    :meth:`step` takes a fractional epoch (``step(epoch + batch / batches)`` inside an epoch),
    without the deprecation warning of the other schedules, and, as in PyTorch, does not warn
    when it runs before the optimizer's.

    Parameters
    ----------
    optimizer : Optimizer
        The optimizer whose learning rates change.
    T_0 : int
        The length of the first period, in epochs.
    T_mult : int
        The factor by which each period is longer than the last (≥ 1).
    eta_min : float
        η_min, the lowest rate.
    last_epoch : int
        The index of the last epoch when resuming; -1 starts from the beginning.
    """

    def __init__(
        self, optimizer: Optimizer, T_0: int, T_mult: int = 1, eta_min: float = 0.0, last_epoch: int = -1
    ) -> None:
        if not _is_int(T_0) or T_0 <= 0:
            raise ValueError(f"Expected positive integer T_0, but got {T_0}")
        if not _is_int(T_mult) or T_mult < 1:
            raise ValueError(f"Expected integer T_mult >= 1, but got {T_mult}")
        if not isinstance(eta_min, numbers.Real) or isinstance(eta_min, bool):
            raise ValueError(f"Expected float or int eta_min, but got {eta_min} of type {type(eta_min)}")
        self.T_0 = T_0
        self.T_i = T_0
        self.T_mult = T_mult
        self.eta_min = eta_min
        self.T_cur: float = last_epoch
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        floor = self.eta_min
        cosine = 1 + math.cos(math.pi * self.T_cur / self.T_i)
        return [floor + (base - floor) * cosine / 2 for base in self.base_lrs]

    def step(self, epoch: float | None = None) -> None:
        """Advance one epoch, or go to ``epoch`` (possibly fractional), and set the rates.

        Raises
        ------
        ValueError
            For a negative ``epoch``.
        """
        if epoch is not None and (not isinstance(epoch, numbers.Real) or isinstance(epoch, bool)):
            raise TypeError(f"{type(self).__name__}.step: epoch must be a number or None, got {epoch!r}")
        if epoch is None and self.last_epoch < 0:
            epoch = 0
        if epoch is None:
            epoch = self.last_epoch + 1
            self.T_cur = self.T_cur + 1
            if self.T_cur >= self.T_i:
                self.T_cur = self.T_cur % self.T_i
                self.T_i = self.T_i * self.T_mult
        else:
            if epoch < 0:
                raise ValueError(f"Expected non-negative epoch, but got {epoch}")
            if epoch >= self.T_0:
                if self.T_mult == 1:
                    self.T_cur = epoch % self.T_0
                else:
                    # The number of whole periods before ``epoch``: T_0(T_multⁿ − 1)/(T_mult − 1) ≤ epoch.
                    n = int(math.log(epoch / self.T_0 * (self.T_mult - 1) + 1, self.T_mult))
                    self.T_cur = epoch - self.T_0 * (self.T_mult**n - 1) / (self.T_mult - 1)
                    self.T_i = self.T_0 * self.T_mult**n
            else:
                self.T_i = self.T_0
                self.T_cur = epoch
        self.last_epoch = math.floor(epoch)
        for group, lr in zip(self.optimizer.param_groups, self.get_lr()):
            group["lr"] = lr
        self._last_lr = self._current()


def _is_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)
