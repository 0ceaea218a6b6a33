"""Optimizers and learning-rate schedules (PyTorch's ``torch.optim``)."""

from nn.optim import lr_scheduler
from nn.optim.adadelta import Adadelta
from nn.optim.adagrad import Adagrad
from nn.optim.adam import Adam, AdamW
from nn.optim.adamax import Adamax
from nn.optim.nadam import NAdam
from nn.optim.optimizer import Optimizer
from nn.optim.radam import RAdam
from nn.optim.rmsprop import RMSprop
from nn.optim.rprop import Rprop
from nn.optim.sgd import SGD

__all__ = [
    "SGD",
    "Adadelta",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "NAdam",
    "Optimizer",
    "RAdam",
    "RMSprop",
    "Rprop",
    "lr_scheduler",
]
