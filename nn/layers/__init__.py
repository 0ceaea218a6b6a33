"""The layers of nn, one family per file."""

from nn.layers.activation import (
    CELU,
    ELU,
    GELU,
    GLU,
    SELU,
    Hardshrink,
    Hardsigmoid,
    Hardswish,
    Hardtanh,
    LeakyReLU,
    LogSigmoid,
    LogSoftmax,
    Mish,
    PReLU,
    ReLU,
    ReLU6,
    Sigmoid,
    SiLU,
    Softmax,
    Softmin,
    Softplus,
    Softshrink,
    Softsign,
    Tanh,
    Tanhshrink,
    Threshold,
)
from nn.layers.batchnorm import BatchNorm1d, BatchNorm2d
from nn.layers.container import ModuleDict, ModuleList, Sequential
from nn.layers.conv import Conv2d
from nn.layers.distance import CosineSimilarity, PairwiseDistance
from nn.layers.dropout import Dropout
from nn.layers.embedding import Embedding
from nn.layers.linear import Dense, Linear
from nn.layers.normalization import LayerNorm
from nn.layers.parameter_container import ParameterDict, ParameterList
from nn.layers.pooling import AvgPool2d, MaxPool2d
from nn.layers.shape import Flatten, Identity, Unflatten
