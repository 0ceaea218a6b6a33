"""The errors for input an operation cannot take, in both libraries' words."""

from __future__ import annotations


class InputError(ValueError, RuntimeError):
    """Input an operation cannot take: shapes that do not fit, values out of its domain.

    It is a ``ValueError``, as NumPy raises for such mistakes, and a ``RuntimeError``, as
    PyTorch raises for the same ones, so that ``except`` clauses written for either catch it.
    The message names the op and the shapes or values at fault.
    """


class DtypeError(TypeError, RuntimeError):
    """A tensor of a dtype an operation cannot take, such as an integer tensor asked to
    require gradients or a float tensor used as a mask.

    It is a ``TypeError``, as Python and NumPy raise for a wrong kind of value, and a
    ``RuntimeError``, as PyTorch raises for the same mistakes, so that ``except`` clauses
    written for either catch it. The message names the op and the dtype at fault.
    """
