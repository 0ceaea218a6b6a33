"""Every differentiable primitive, by family, and the functions that apply them.

Each primitive is defined once: forward on ndarrays, backward with Tensor operations, a
one-line formula. Composites (var, std, split, flatten, ...) are built from primitives.
"""

from autograd_core.ops.affine import Linear, linear
from autograd_core.ops.binary import (
    Add,
    Div,
    Maximum,
    Minimum,
    Mul,
    Neg,
    Power,
    PowerScalar,
    Sub,
    Where,
    add,
    div,
    maximum,
    minimum,
    mul,
    neg,
    power,
    sub,
    where,
)
from autograd_core.ops.binary_cross_entropy import BinaryCrossEntropy, binary_cross_entropy
from autograd_core.ops.comparison import (
    allclose,
    equal,
    greater,
    greater_equal,
    isclose,
    isfinite,
    isnan,
    less,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    not_equal,
)
from autograd_core.ops.convolution import Fold, Unfold, fold, unfold
from autograd_core.ops.cross_entropy import SoftmaxCrossEntropy, softmax_cross_entropy
from autograd_core.ops.cumulative import CumSum, cumsum
from autograd_core.ops.indexing import GetItem, ScatterAdd, getitem
from autograd_core.ops.linalg import MatMul, bmm, diag, dot, matmul, mm, outer, trace, tril, triu
from autograd_core.ops.reduction import (
    Max,
    Mean,
    Min,
    Prod,
    Sum,
    amax,
    amin,
    argmax,
    argmin,
    max,
    mean,
    min,
    norm,
    prod,
    std,
    sum,
    var,
)
from autograd_core.ops.rounding import ceil, floor, round, sign, trunc
from autograd_core.ops.selection import (
    ValuesIndices,
    argsort,
    gather,
    index_select,
    masked_fill,
    masked_select,
    narrow,
    nonzero,
    sort,
    topk,
)
from autograd_core.ops.shape import (
    BroadcastTo,
    Concatenate,
    Pad,
    Reshape,
    Stack,
    SumTo,
    Transpose,
    broadcast_to,
    cat,
    chunk,
    concatenate,
    expand,
    expand_dims,
    flatten,
    flip,
    pad,
    reshape,
    roll,
    split,
    squeeze,
    stack,
    sum_to,
    swapaxes,
    t,
    tile,
    transpose,
    unbind,
    unsqueeze,
)
from autograd_core.ops.softmax import LogSoftmax, LogSumExp, Softmax, log_softmax, logsumexp, softmax
from autograd_core.ops.unary import (
    Absolute,
    Cast,
    Clip,
    Clone,
    Cos,
    Erf,
    Exp,
    Expm1,
    Gelu,
    LeakyRelu,
    Log,
    Log1p,
    Relu,
    Sigmoid,
    Sin,
    Sqrt,
    Tanh,
    absolute,
    astype,
    clip,
    clone,
    cos,
    erf,
    exp,
    expm1,
    gelu,
    leaky_relu,
    log,
    log1p,
    reciprocal,
    relu,
    rsqrt,
    sigmoid,
    sin,
    sqrt,
    square,
    tanh,
)

abs = absolute
clamp = clip
pow = power
subtract = sub
multiply = mul
divide = div
negative = neg
# PyTorch's names of the comparisons.
eq, ne, lt, le, gt, ge = equal, not_equal, less, less_equal, greater, greater_equal

# `import *` (and so the top-level `autograd_core` namespace) takes the functions; the primitive
# classes stay reachable as `autograd_core.ops.<Name>`.
__all__ = [
    name
    for name, value in list(globals().items())
    if not name.startswith("_") and name[0].islower() and not isinstance(value, type(__import__("sys")))
]
