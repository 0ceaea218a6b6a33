"""Whether operations are recorded for differentiation; the mode is per thread."""

from __future__ import annotations

import functools
import inspect
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


class ModeSwitch:
    """Switches one per-thread setting, ``_state.enabled``, to ``_mode``: as a ``with`` block
    or as a decorator, restoring the previous value afterwards however the uses nest (one
    switch entered again inside itself, a decorated function that calls itself).

    The grad-mode switches below and :class:`~autograd_core.anomaly.detect_anomaly` are
    switches of their own settings.
    """

    _state: Any
    _mode: bool

    def __init__(self) -> None:
        self._previous: list[bool] = []  # a stack: the same switch may be entered again

    def __enter__(self) -> None:
        self._previous.append(self._state.enabled)
        self._state.enabled = self._mode

    def __exit__(self, *exc_info: object) -> None:
        self._state.enabled = self._previous.pop()

    def __call__(self, func: F) -> F:
        state, mode = self._state, self._mode
        if inspect.isgeneratorfunction(func):
            return _switched_generator(func, state, mode)  # type: ignore[return-value]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            previous = state.enabled
            state.enabled = mode
            try:
                return func(*args, **kwargs)
            finally:
                state.enabled = previous

        return wrapper  # type: ignore[return-value]


def _switched_generator(func: Callable[..., Any], state: Any, mode: bool) -> Callable[..., Any]:
    """A generator function whose body runs with the mode switched, each time it resumes, and
    the caller's mode in between (as PyTorch's decorators do for generators)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        generator = func(*args, **kwargs)
        resume, value = generator.send, None
        while True:
            previous = state.enabled
            state.enabled = mode
            try:
                item = resume(value)
            except StopIteration as stop:
                return stop.value
            finally:
                state.enabled = previous
            try:
                value = yield item
                resume = generator.send
            except GeneratorExit:
                generator.close()
                raise
            except BaseException as error:  # thrown in by the caller: pass it on, switched too
                resume, value = generator.throw, error

    return wrapper


class _ArgumentlessSwitch(ModeSwitch):
    """A switch without arguments, which also decorates without parentheses (``@no_grad``), as in PyTorch."""

    def __new__(cls, func: Callable[..., Any] | None = None) -> Any:
        switch = super().__new__(cls)
        if func is None:
            return switch
        if not callable(func):
            raise TypeError(f"{cls.__name__}() takes no arguments (or decorates a function), got {func!r}")
        switch.__init__()  # type: ignore[misc]
        return switch(func)


class no_grad(_ArgumentlessSwitch):
    """Disable recording in this thread, as a ``with`` block or a decorator."""

    _state = grad_state
    _mode = False


class enable_grad(_ArgumentlessSwitch):
    """Enable recording in this thread (inside ``no_grad``), as a block or a decorator."""

    _state = grad_state
    _mode = True


class set_grad_enabled(ModeSwitch):
    """Set recording on or off now; used in a ``with`` block, restore it on exit.

    Parameters
    ----------
    mode : bool
        True to record operations, False not to.
    """

    _state = grad_state

    def __init__(self, mode: bool) -> None:
        super().__init__()
        self._mode = bool(mode)
        self._previous.append(grad_state.enabled)
        grad_state.enabled = self._mode

    def __enter__(self) -> None:
        pass

    def __call__(self, func: F) -> F:
        # Used as a decorator, the switch must not stay flipped from construction time.
        grad_state.enabled = self._previous.pop()
        return super().__call__(func)
