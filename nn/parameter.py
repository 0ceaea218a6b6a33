"""Parameter: a Tensor that a Module registers as learnable."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core.dtypes import get_default_dtype
from autograd_core.tensor import Tensor, check_device


class Parameter(Tensor):
    """A leaf Tensor that, assigned as an attribute of a :class:`~nn.Module`, becomes one of its
    parameters (listed by ``parameters()``, saved by ``state_dict()``, updated by optimizers).

    Parameters
    ----------
    data : Tensor or array_like, optional
        The initial values. A Tensor's array is shared, not copied (as in PyTorch); other data
        is copied. None gives an empty parameter of the default float dtype.
    requires_grad : bool
        Whether the parameter is trained (True by default). Only floating-point parameters
        can require gradients.

    Examples
    --------
    >>> import numpy as np
    >>> import nn
    >>> weight = nn.Parameter(np.zeros((2, 3), dtype=np.float32))
    >>> weight.requires_grad, weight.is_leaf
    (True, True)
    """

    __slots__ = ()

    def __init__(self, data: Any = None, requires_grad: bool = True) -> None:
        if data is None:
            data = np.empty((0,), dtype=get_default_dtype())
        if isinstance(data, Tensor):
            shared = data.data
            super().__init__(np.empty((0,), dtype=shared.dtype))
            self._data = shared
            self.requires_grad_(requires_grad)
            data._share_versions_with(self)  # one array, so one version counter, as in PyTorch
        else:
            super().__init__(data, requires_grad=requires_grad)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()


def parameter_dtype(dtype: Any, device: Any, layer: str) -> np.dtype:
    """The dtype a layer makes its parameters with (the default float dtype unless given).

    ``device`` is PyTorch's factory argument: everything here lives in NumPy on the CPU, so
    only None and "cpu" are accepted.
    """
    check_device(device, layer)
    return np.dtype(dtype) if dtype is not None else get_default_dtype()
