"""Where the user's code is on the stack, for messages and warnings that point at it."""

from __future__ import annotations

import os
import sys
import warnings
from types import FrameType

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
LIBRARY_DIRS = (_PACKAGE_DIR, os.path.join(os.path.dirname(_PACKAGE_DIR), "nn"))
"""The directories of autograd_core and nn: frames from files below them are the library's."""


def _in_library(frame: FrameType) -> bool:
    return os.path.abspath(frame.f_code.co_filename).startswith(LIBRARY_DIRS)


def user_frame() -> FrameType | None:
    """The innermost frame of code outside the library (None if there is none)."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None and _in_library(frame):
        frame = frame.f_back
    return frame


def warn(message: str, category: type[Warning] = UserWarning) -> None:
    """``warnings.warn`` attributed to the user's line that led to it, however deep the library's calls."""
    level = 2  # the caller of this function
    frame: FrameType | None = sys._getframe(1)
    while frame is not None and _in_library(frame):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)
