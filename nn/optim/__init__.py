"""Optimizers and learning-rate schedules (PyTorch's ``torch.optim``)."""

from nn.optim import lr_scheduler
from nn.optim.adagrad import Adagrad
from nn.optim.adam import Adam, AdamW
from nn.optim.optimizer import Optimizer
from nn.optim.rmsprop import RMSprop
from nn.optim.sgd import SGD

__all__ = ["SGD", "Adagrad", "Adam", "AdamW", "Optimizer", "RMSprop", "lr_scheduler"]
