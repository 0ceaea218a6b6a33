"""autograd_core: reverse-mode automatic differentiation on NumPy.

>>> import autograd_core as ag
>>> x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
>>> y = (x * x).sum()
>>> y.backward()
>>> x.grad
tensor([2., 4., 6.])
"""

import importlib

# dtypes by PyTorch's names (a Tensor's dtype is a NumPy dtype).
from numpy import bool_ as bool
from numpy import float16, float32, float64, int8, int16, int32, int64, uint8

import autograd_core.tensor  # first: the ops it imports at its end need the Tensor class
from autograd_core import functional
from autograd_core.anomaly import AnomalyError, detect_anomaly, is_anomaly_enabled, set_detect_anomaly
from autograd_core.creation import (
    arange,
    eye,
    full,
    full_like,
    linspace,
    ones,
    ones_like,
    rand,
    randint,
    randn,
    zeros,
    zeros_like,
)
from autograd_core.dtypes import get_default_dtype, set_default_dtype
from autograd_core.engine import BackwardPass, grad
from autograd_core.errors import DtypeError, InputError
from autograd_core.function import Function, FunctionContext
from autograd_core.grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from autograd_core.gradcheck import GradcheckError, gradcheck, gradgradcheck
from autograd_core.hooks import RemovableHandle
from autograd_core.ops import *
from autograd_core.ops import __all__ as _op_names
from autograd_core.primitive import Primitive
from autograd_core.random import default_generator, manual_seed
from autograd_core.tensor import Tensor

tensor = Tensor

__version__ = "0.1.0"

_VIZ_EXPORTS = ("draw_graph", "save_graph", "BackwardStepper")


def __getattr__(name: str):
    """Load the drawing tools (and graphviz) on first use: ag.viz, ag.draw_graph, ag.save_graph, ag.BackwardStepper."""
    if name in _VIZ_EXPORTS or name == "viz":
        viz = importlib.import_module("autograd_core.viz")  # (``from ... import viz`` would call back here)
        return viz if name == "viz" else getattr(viz, name)
    raise AttributeError(f"module 'autograd_core' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_VIZ_EXPORTS, "viz"])


__all__ = [
    "AnomalyError",
    "BackwardPass",
    "BackwardStepper",
    "Function",
    "FunctionContext",
    "GradcheckError",
    "DtypeError",
    "InputError",
    "Primitive",
    "RemovableHandle",
    "Tensor",
    "arange",
    "default_generator",
    "detect_anomaly",
    "draw_graph",
    "enable_grad",
    "eye",
    "full",
    "full_like",
    "functional",
    "get_default_dtype",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "is_anomaly_enabled",
    "is_grad_enabled",
    "linspace",
    "manual_seed",
    "no_grad",
    "ones",
    "ones_like",
    "rand",
    "randint",
    "randn",
    "save_graph",
    "set_default_dtype",
    "set_detect_anomaly",
    "set_grad_enabled",
    "tensor",
    "zeros",
    "zeros_like",
    *_op_names,
]
