"""Anomaly detection: the first NaN or Inf made in forward or backward names its op and source."""

from __future__ import annotations

import linecache
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from autograd_core.grad_mode import ModeSwitch
from autograd_core.user_code import user_frame

if TYPE_CHECKING:
    from autograd_core.primitive import Primitive
    from autograd_core.tensor import Tensor


class AnomalyError(RuntimeError, FloatingPointError):
    """A NaN or Inf found by :class:`detect_anomaly`; the message names the op and its source line."""


class _AnomalyState:
    enabled = False


state = _AnomalyState()


def creation_site() -> str:
    """Describe the innermost frame of user code on the stack: ``file:line in func: code``."""
    frame = user_frame()
    if frame is None:
        return "an unknown place"
    source = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
    where = f'File "{frame.f_code.co_filename}", line {frame.f_lineno}, in {frame.f_code.co_name}'
    return f"{where}: {source}" if source else where


def _finite(array: np.ndarray) -> bool:
    return array.dtype.kind != "f" or bool(np.isfinite(array).all())


def check_forward(node: Primitive, inputs: Sequence[Tensor], out: np.ndarray) -> None:
    """Raise if ``node`` turned finite inputs into a NaN or Inf."""
    if _finite(out) or not all(_finite(t._data) for t in inputs):
        return
    kind = "nan" if np.isnan(out).any() else "inf"
    raise AnomalyError(
        f"detect_anomaly: forward of '{node.name}' produced {kind} values from finite inputs, at {creation_site()}"
    )


def check_backward(node: Primitive, grads: Sequence[Any]) -> None:
    """Raise if the backward of ``node`` produced a NaN or Inf gradient."""
    for position, grad in enumerate(grads):
        values = grad if grad is None or isinstance(grad, np.ndarray) else np.asarray(grad.data)
        if values is not None and not _finite(np.asarray(values)):
            kind = "nan" if np.isnan(values).any() else "inf"
            created = getattr(node, "created_at", None) or "an unknown place (created before detect_anomaly)"
            raise AnomalyError(
                f"detect_anomaly: backward of '{node.name}' returned {kind} values in the gradient "
                f"for input {position} (shape {tuple(grad.shape)}); the op was created at {created}"
            )


class detect_anomaly(ModeSwitch):
    """Within this block (or decorated function), the first NaN/Inf raises :class:`AnomalyError`.

    The error names the op that produced it and the line of user code that created the op.
    Forward checks every op's output; backward checks every gradient an op returns. It slows
    everything down: use it to find a bug, not in training.
    """

    _state = state

    def __init__(self, check_nan: bool = True) -> None:
        super().__init__()
        self._mode = bool(check_nan)


def set_detect_anomaly(mode: bool) -> None:
    """Turn anomaly detection on or off globally."""
    state.enabled = bool(mode)


def is_anomaly_enabled() -> bool:
    """True while anomaly detection is on."""
    return state.enabled
