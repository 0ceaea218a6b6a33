"""Binary elementwise primitives with NumPy broadcasting.

Backward returns gradients in the broadcast (output) shape; the engine sums each one back to
its operand's shape (one place for "unbroadcast": :func:`autograd_core.ops.shape.sum_to`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

import autograd_core.ops.dual as dual
from autograd_core.ops.operands import as_tensor, floating, operands
from autograd_core.primitive import Primitive
from autograd_core.tensor import Tensor


class Add(Primitive):
    __slots__ = ()
    name = "add"
    formula = "∂a = g,  ∂b = g"

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a + b

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        return grad_out, grad_out


class Sub(Primitive):
    __slots__ = ()
    name = "sub"
    formula = "∂a = g,  ∂b = −g"

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a - b

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        return grad_out, -grad_out if self.needs_input_grad[1] else None


class Mul(Primitive):
    __slots__ = ()
    name = "mul"
    formula = "∂a = g·b,  ∂b = g·a"
    saves = ("a", "b")

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a * b

    def backward(self, grad_out: Any, a: Any, b: Any) -> tuple[Any, ...]:
        needs_a, needs_b = self.needs_input_grad
        return (grad_out * b if needs_a else None, grad_out * a if needs_b else None)


class Div(Primitive):
    __slots__ = ()
    name = "div"
    formula = "∂a = g / b,  ∂b = −g·a / b²"
    saves = ("a", "b")

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a / b

    def backward(self, grad_out: Any, a: Any, b: Any) -> tuple[Any, ...]:
        grad_over_b = grad_out / b
        return grad_over_b, -(grad_over_b * a / b) if self.needs_input_grad[1] else None


class Neg(Primitive):
    __slots__ = ()
    name = "neg"
    formula = "∂x = −g"

    def forward(self, x: np.ndarray) -> np.ndarray:
        return -x

    def backward(self, grad_out: Any) -> tuple[Any, ...]:
        return (-grad_out,)


class PowerScalar(Primitive):
    """x ** p for a constant number p."""

    __slots__ = ("exponent",)
    name = "pow"
    formula = "∂x = g·p·x^(p−1)"
    saves = ("x",)

    def __init__(self, exponent: float) -> None:
        self.exponent = exponent

    def describe(self) -> str:
        return f"p = {self.exponent!r}"  # the name the formula uses

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x**self.exponent

    def backward(self, grad_out: Any, x: Any) -> tuple[Any, ...]:
        p = self.exponent
        if p == 0:
            return (grad_out * 0.0,)
        if p == 1 and x.__class__ is np.ndarray:  # recorded, it stays x-dependent, as PyTorch's
            return (grad_out,)
        if p == 2:
            return (grad_out * (x * 2.0),)
        return (grad_out * (x ** (p - 1) * p),)


class Power(Primitive):
    """a ** b with both operands tensors."""

    __slots__ = ()
    name = "pow"
    formula = "∂a = g·b·a^(b−1),  ∂b = g·a^b·ln a"
    saves = ("a", "b", "out")

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a**b

    def backward(self, grad_out: Any, a: Any, b: Any, out: Any) -> tuple[Any, ...]:
        needs_a, needs_b = self.needs_input_grad
        grad_a = grad_b = None
        if needs_a:
            grad_a = grad_out * (b * a ** (b - 1.0))
            zero_exponent = dual.values_of(b) == 0
            if zero_exponent.any():  # as in PyTorch: a^0 is constant, so ∂a = 0 even at a = 0
                grad_a = dual.where(zero_exponent, dual.zeros((), grad_a), grad_a)
        if needs_b:
            # As in PyTorch, ∂b is 0 where a == 0 and b ≥ 0 (the limit of a^b ln a for b > 0);
            # for b < 0 it stays a^b·ln a = −inf.
            base_zero = (dual.values_of(a) == 0) & (dual.values_of(b) >= 0)
            safe_a = dual.where(base_zero, np.ones((), dtype=a.dtype), a)
            grad_b = grad_out * (out * dual.log(safe_a))
        return grad_a, grad_b


class Maximum(Primitive):
    __slots__ = ()
    name = "maximum"
    formula = "∂a = g·[a > b] + ½g·[a = b],  ∂b = g·[b > a] + ½g·[a = b]"
    saves = ("a", "b")

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.maximum(a, b)

    def backward(self, grad_out: Any, a: Any, b: Any) -> tuple[Any, ...]:
        a_values, b_values = dual.values_of(a), dual.values_of(b)
        return _split_by_winner(grad_out, a_values > b_values, a_values == b_values, a, b)


class Minimum(Primitive):
    __slots__ = ()
    name = "minimum"
    formula = "∂a = g·[a < b] + ½g·[a = b],  ∂b = g·[b < a] + ½g·[a = b]"
    saves = ("a", "b")

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.minimum(a, b)

    def backward(self, grad_out: Any, a: Any, b: Any) -> tuple[Any, ...]:
        a_values, b_values = dual.values_of(a), dual.values_of(b)
        return _split_by_winner(grad_out, a_values < b_values, a_values == b_values, a, b)


def _split_by_winner(grad_out: Any, a_wins: np.ndarray, tie: np.ndarray, a: Any, b: Any) -> tuple[Any, Any]:
    """Send the gradient to the winning operand, half to each on a tie (as PyTorch does)."""
    share_a = (a_wins + 0.5 * tie).astype(grad_out.dtype, copy=False)
    return grad_out * dual.piecewise_constant(share_a, a, b), grad_out * dual.piecewise_constant(1.0 - share_a, a, b)


class Where(Primitive):
    """Pick from a where the (constant) condition holds, else from b."""

    __slots__ = ("condition",)
    name = "where"
    formula = "∂a = g·[cond],  ∂b = g·[¬cond]"
    saves = ("condition",)

    def __init__(self, condition: np.ndarray) -> None:
        self.condition = condition

    def forward(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.where(self.condition, a, b)

    def backward(self, grad_out: Any, condition: np.ndarray) -> tuple[Any, ...]:
        needs_a, needs_b = self.needs_input_grad
        zero = dual.zeros((), grad_out)
        return (
            dual.where(condition, grad_out, zero) if needs_a else None,
            dual.where(condition, zero, grad_out) if needs_b else None,
        )


# ---------------------------------------------------------------------- functions
def add(a: Any, b: Any, alpha: Any = 1) -> Tensor:
    """Elementwise a + alpha·b with broadcasting (PyTorch's ``add(input, other, alpha=1)``).

    ``alpha`` is a number; a float alpha needs a floating operand, as in PyTorch. The scaling
    is a multiplication recorded before the sum, so ∂b = alpha·g.
    """
    a, b = operands(a, b, "add")
    return Add()(a, _scaled(b, alpha, a, "add"))


def sub(a: Any, b: Any, alpha: Any = 1) -> Tensor:
    """Elementwise a − alpha·b with broadcasting (PyTorch's ``sub(input, other, alpha=1)``)."""
    a, b = operands(a, b, "sub")
    return Sub()(a, _scaled(b, alpha, a, "sub"))


def _scaled(b: Tensor, alpha: Any, a: Tensor, op: str) -> Tensor:
    """alpha·b, or b itself for alpha = 1 (the plain sum or difference records nothing more)."""
    if not isinstance(alpha, (int, float, np.integer, np.floating, np.bool_)):
        raise TypeError(f"{op}: alpha must be a number, got {type(alpha).__name__}")
    if alpha == 1:
        return b
    if isinstance(alpha, (float, np.floating)) and a._data.dtype.kind != "f":
        # (operands made both floating if either was: so here neither is)
        raise TypeError(
            f"{op}: alpha={alpha!r} is a float, but the operands have dtypes {a.dtype} and {b.dtype}; "
            "for integer tensors alpha must be an int, as in PyTorch"
        )
    return mul(b, alpha)


def mul(a: Any, b: Any) -> Tensor:
    """Elementwise a · b with broadcasting."""
    a, b = operands(a, b, "mul")
    return Mul()(a, b)


def div(a: Any, b: Any) -> Tensor:
    """Elementwise a / b with broadcasting (true division; of integers, into the default float dtype)."""
    a, b = operands(a, b, "div")
    if a._data.dtype.kind != "f":  # then neither is floating (operands): PyTorch's dtype, not NumPy's float64
        a, b = floating(a, "div"), floating(b, "div")
    return Div()(a, b)


def neg(x: Any) -> Tensor:
    """Elementwise −x."""
    return Neg()(as_tensor(x, op="neg"))


def power(a: Any, b: Any) -> Tensor:
    """Elementwise a ** b; a Python number exponent makes the simpler primitive x ** p."""
    if isinstance(b, (int, float)) and not isinstance(b, bool) and isinstance(a, Tensor):
        if isinstance(b, float) and a._data.dtype.kind != "f":
            a = floating(a, "pow")  # an integer tensor to a float power: PyTorch's float dtype
        return PowerScalar(b)(a)
    a, b = operands(a, b, "pow")
    return Power()(a, b)


def maximum(a: Any, b: Any) -> Tensor:
    """Elementwise maximum; on ties each operand gets half the gradient."""
    a, b = operands(a, b, "maximum")
    return Maximum()(a, b)


def minimum(a: Any, b: Any) -> Tensor:
    """Elementwise minimum; on ties each operand gets half the gradient."""
    a, b = operands(a, b, "minimum")
    return Minimum()(a, b)


def where(condition: Any, a: Any, b: Any) -> Tensor:
    """Elementwise ``a`` where ``condition`` is true, else ``b`` (NumPy's ``where``).

    The condition is a constant (a bool Tensor or array); gradients flow to ``a`` and ``b``.
    """
    if isinstance(condition, Tensor):
        condition = condition._data
    condition = np.asarray(condition)
    if condition.dtype != np.bool_:
        condition = condition.astype(bool)
    a, b = operands(a, b, "where")
    return Where(condition)(a, b)
