"""Whether operations are recorded for differentiation; the mode is per thread."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class _GradState(threading.local):
    # A class attribute of a threading.local subclass is each thread's starting value.
    enabled = True


grad_state = _GradState()


def is_grad_enabled() -> bool:
    """Return True if operations in this thread are recorded for backward."""
    return grad_state.enabled


class _GradModeContext:
    """Base of the grad-mode switches: a context manager and a decorator."""

    _mode: bool

    def __enter__(self) -> None:
        self._previous = grad_state.enabled
        grad_state.enabled = self._mode

    def __exit__(self, *exc_info: object) -> None:
        grad_state.enabled = self._previous

    def __call__(self, func: F) -> F:
        mode = self._mode

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            previous = grad_state.enabled
            grad_state.enabled = mode
            try:
                return func(*args, **kwargs)
            finally:
                grad_state.enabled = previous

        return wrapper  # type: ignore[return-value]


class no_grad(_GradModeContext):
    """Disable recording in this thread, as a ``with`` block or a decorator."""

    _mode = False


class enable_grad(_GradModeContext):
    """Enable recording in this thread (inside ``no_grad``), as a block or a decorator."""

    _mode = True


class set_grad_enabled(_GradModeContext):
    """Set recording on or off now; used in a ``with`` block, restore it on exit.

    Parameters
    ----------
    mode : bool
        True to record operations, False not to.
    """

    def __init__(self, mode: bool) -> None:
        self._mode = bool(mode)
        self._previous = grad_state.enabled
        grad_state.enabled = self._mode

    def __enter__(self) -> None:
        pass

    def __call__(self, func: F) -> F:
        # Used as a decorator, the switch must not stay flipped from construction time.
        grad_state.enabled = self._previous
        return super().__call__(func)
