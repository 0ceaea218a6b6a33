"""Learning-rate schedules (PyTorch's ``torch.optim.lr_scheduler``)."""

from nn.optim.lr_scheduler.base import EPOCH_DEPRECATION_WARNING, STEP_ORDER_WARNING, LRScheduler
from nn.optim.lr_scheduler.composite import ChainedScheduler, SequentialLR
from nn.optim.lr_scheduler.cosine import CosineAnnealingLR, CosineAnnealingWarmRestarts
from nn.optim.lr_scheduler.cyclic import CyclicLR, OneCycleLR
from nn.optim.lr_scheduler.multiplicative import (
    ConstantLR,
    ExponentialLR,
    LambdaLR,
    LinearLR,
    MultiplicativeLR,
    MultiStepLR,
    PolynomialLR,
    StepLR,
)
from nn.optim.lr_scheduler.plateau import ReduceLROnPlateau

__all__ = [
    "EPOCH_DEPRECATION_WARNING",
    "STEP_ORDER_WARNING",
    "ChainedScheduler",
    "ConstantLR",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
    "CyclicLR",
    "ExponentialLR",
    "LRScheduler",
    "LambdaLR",
    "LinearLR",
    "MultiStepLR",
    "MultiplicativeLR",
    "OneCycleLR",
    "PolynomialLR",
    "ReduceLROnPlateau",
    "SequentialLR",
    "StepLR",
]
