"""Handles returned by ``register_hook`` and friends."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count
from typing import Any


class RemovableHandle:
    """Keeps a registered hook; ``remove()`` unregisters it (once; later calls do nothing).

    Parameters
    ----------
    hooks : list
        The list the hook was appended to.
    hook : callable
        The registered hook.

    Attributes
    ----------
    id : int
        A number no other handle has, as PyTorch's handles carry.
    """

    def __init__(self, hooks: list[Any], hook: Callable[..., Any]) -> None:
        hooks.append(hook)
        self._hooks = hooks
        self._hook = hook
        self.id = next(_handle_ids)

    def remove(self) -> None:
        """Unregister the hook."""
        for position, registered in enumerate(self._hooks):
            if registered is self._hook:
                del self._hooks[position]
                return

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.remove()


_handle_ids = count()
