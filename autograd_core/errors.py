"""The error for input an operation cannot take, in both libraries' words."""

from __future__ import annotations


class InputError(ValueError, RuntimeError):
    """Input an operation cannot take: shapes that do not fit, values out of its domain.

    It is a ``ValueError``, as NumPy raises for such mistakes, and a ``RuntimeError``, as
    PyTorch raises for the same ones, so that ``except`` clauses written for either catch it.
    The message names the op and the shapes or values at fault.
    """
