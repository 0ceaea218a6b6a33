"""Parameter initialization, in place and with PyTorch's formulas (``torch.nn.init``).

Every random function draws from ``ag.default_generator()``, so ``ag.manual_seed(s)`` makes
initialization reproducible, unless it is given its own ``generator=`` (PyTorch's keyword; here
a ``numpy.random.Generator``), which then leaves the global stream where it was. Each writes
into the tensor without recording anything and returns the tensor.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from autograd_core.ops.erf import erfinv_array
from autograd_core.random import resolve_generator as _generator
from autograd_core.tensor import Tensor
from autograd_core.user_code import warn

__all__ = [
    "calculate_gain",
    "constant_",
    "eye_",
    "kaiming_normal_",
    "kaiming_uniform_",
    "normal_",
    "ones_",
    "orthogonal_",
    "trunc_normal_",
    "uniform_",
    "xavier_normal_",
    "xavier_uniform_",
    "zeros_",
]


def _fill(tensor: Tensor, values: Any) -> Tensor:
    if not isinstance(tensor, Tensor):
        raise TypeError(f"init: expected a Tensor, got {type(tensor).__name__}")
    np.copyto(tensor.data, values, casting="unsafe")
    tensor.data = tensor.data  # marks it modified, so a graph that saved the old values fails loudly
    return tensor


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain for an activation: 1 for linear and sigmoid, 5/3 for tanh, √2 for
    relu, √(2 / (1 + slope²)) for leaky_relu (slope 0.01 unless ``param``), 3/4 for selu."""
    linear = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d")
    if nonlinearity in linear or nonlinearity == "sigmoid":
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            slope = float(param)
        else:
            raise ValueError(f"calculate_gain: negative_slope {param!r} is not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"calculate_gain: unsupported nonlinearity {nonlinearity!r}")


def fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight (out, in, *kernel): in·∏kernel and out·∏kernel."""
    if tensor.ndim < 2:
        raise ValueError(
            f"fan in and fan out cannot be computed for a tensor with fewer than 2 axes (shape {tensor.shape})"
        )
    receptive_field = int(np.prod(tensor.shape[2:])) if tensor.ndim > 2 else 1
    return tensor.shape[1] * receptive_field, tensor.shape[0] * receptive_field


def _fan(tensor: Tensor, mode: str) -> int:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode must be 'fan_in' or 'fan_out', got {mode!r}")
    fan_in, fan_out = fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0, generator: np.random.Generator | None = None) -> Tensor:
    """Fill with samples of U(a, b)."""
    return _fill(tensor, _generator(generator, "uniform_").uniform(a, b, size=tensor.shape))


def normal_(
    tensor: Tensor, mean: float = 0.0, std: float = 1.0, generator: np.random.Generator | None = None
) -> Tensor:
    """Fill with samples of N(mean, std²)."""
    return _fill(tensor, _generator(generator, "normal_").normal(mean, std, size=tensor.shape))


def trunc_normal_(
    tensor: Tensor,
    mean: float = 0.0,
    std: float = 1.0,
    a: float = -2.0,
    b: float = 2.0,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Fill with samples of N(mean, std²) truncated to [a, b], exactly, in float64.

    With Φ the standard normal distribution function, α = (a − mean)/std and
    β = (b − mean)/std, a uniform u in [2Φ(α) − 1, 2Φ(β) − 1] = [erf(α/√2), erf(β/√2)] gives

        x = mean + std·√2·erfinv(u),

    then clamped to [a, b] against rounding (the method of earlier PyTorch versions; 2.13
    samples by rejection). One uniform draw per element, however unlikely [a, b] is. Far in a
    tail u is close to ±1, where float64 is coarse, so an interval wholly beyond 3 std on one
    side is sampled instead by rejection from an exponential (or, if short, a uniform)
    proposal, which accepts most draws there and is exact however far out. Like PyTorch, it
    warns when mean is more than 2 std from [a, b].
    """
    if not a < b:
        raise ValueError(f"trunc_normal_: need a < b, got a={a}, b={b}")
    if not std > 0:
        raise ValueError(f"trunc_normal_: std must be positive, got std={std}")
    generator = _generator(generator, "trunc_normal_")
    if mean < a - 2 * std or mean > b + 2 * std:
        warn(
            "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect."
        )
    alpha, beta = (a - mean) / std, (b - mean) / std
    if alpha > _TAIL or beta < -_TAIL:  # all of [a, b] in one tail: erf is too coarse there
        side = 1.0 if alpha > _TAIL else -1.0
        low, high = (alpha, beta) if side > 0 else (-beta, -alpha)
        standard = side * _upper_tail_normal(low, high, tensor.shape, generator)
        return _fill(tensor, np.clip(mean + std * standard, a, b))
    low = math.erf(alpha / math.sqrt(2.0))  # 2Φ(α) − 1, without the cancellation of 1 + erf
    high = math.erf(beta / math.sqrt(2.0))
    uniform = generator.uniform(low, high, size=tensor.shape)
    values = mean + (std * math.sqrt(2.0)) * erfinv_array(uniform)
    return _fill(tensor, np.clip(values, a, b))


_TAIL = 3.0  # standard deviations from the mean beyond which the tail sampler takes over


def _upper_tail_normal(low: float, high: float, shape: tuple[int, ...], generator: np.random.Generator) -> np.ndarray:
    """Standard normal samples conditioned on [low, high] with 0 < low < high, by rejection.

    The proposal is low + Exp(λ) with λ = (low + √(low² + 4))/2, accepted with probability
    exp(−(z − λ)²/2) (Robert, 1995), or uniform on [low, high] accepted with probability
    exp((low² − z²)/2) when the interval is short; each accepts most draws this far out.
    """
    count = math.prod(shape)
    samples = np.empty(count)
    filled = 0
    short = (high - low) * (high + low) / 2 < 1.0
    rate = (low + math.sqrt(low * low + 4.0)) / 2.0
    while filled < count:
        size = count - filled
        if short:
            proposal = generator.uniform(low, high, size)
            keep = generator.random(size) <= np.exp((low * low - proposal * proposal) / 2.0)
        else:
            proposal = low + generator.exponential(1.0 / rate, size)
            keep = (proposal <= high) & (generator.random(size) <= np.exp(-((proposal - rate) ** 2) / 2.0))
        accepted = proposal[keep]
        samples[filled : filled + accepted.size] = accepted
        filled += accepted.size
    return samples.reshape(shape)


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fill with ``val``."""
    return _fill(tensor, val)


def ones_(tensor: Tensor) -> Tensor:
    """Fill with ones."""
    return _fill(tensor, 1)


def zeros_(tensor: Tensor) -> Tensor:
    """Fill with zeros."""
    return _fill(tensor, 0)


def eye_(tensor: Tensor) -> Tensor:
    """Fill a matrix with the identity (ones on the diagonal)."""
    if tensor.ndim != 2:
        raise ValueError(f"eye_: only matrices can be filled with the identity, got shape {tensor.shape}")
    return _fill(tensor, np.eye(*tensor.shape))


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, generator: np.random.Generator | None = None) -> Tensor:
    """Glorot initialization: U(−a, a) with a = gain·√(6 / (fan_in + fan_out))."""
    fan_in, fan_out = fan_in_and_fan_out(tensor)
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return uniform_(tensor, -bound, bound, _generator(generator, "xavier_uniform_"))


def xavier_normal_(tensor: Tensor, gain: float = 1.0, generator: np.random.Generator | None = None) -> Tensor:
    """Glorot initialization: N(0, std²) with std = gain·√(2 / (fan_in + fan_out))."""
    fan_in, fan_out = fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)), _generator(generator, "xavier_normal_"))


def kaiming_uniform_(
    tensor: Tensor,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: np.random.Generator | None = None,
) -> Tensor:
    """He initialization: U(−b, b) with b = gain·√(3 / fan), gain = calculate_gain(nonlinearity, a).

    PyTorch's default for ``Linear`` and ``Conv2d`` weights is ``a=√5``, which gives
    b = 1/√fan_in.
    """
    generator = _generator(generator, "kaiming_uniform_")
    if _is_empty(tensor):
        return tensor
    bound = calculate_gain(nonlinearity, a) * math.sqrt(3.0 / _fan(tensor, mode))
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(
    tensor: Tensor,
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: np.random.Generator | None = None,
) -> Tensor:
    """He initialization: N(0, std²) with std = gain / √fan, gain = calculate_gain(nonlinearity, a)."""
    generator = _generator(generator, "kaiming_normal_")
    if _is_empty(tensor):
        return tensor
    return normal_(tensor, 0.0, calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode)), generator)


def orthogonal_(tensor: Tensor, gain: float = 1.0, generator: np.random.Generator | None = None) -> Tensor:
    """Fill with a (semi-)orthogonal matrix times ``gain`` (axes after the first are flattened)."""
    if tensor.ndim < 2:
        raise ValueError(f"orthogonal_: only tensors with 2 or more axes are supported, got shape {tensor.shape}")
    rows = tensor.shape[0]
    columns = tensor.size // rows
    flat = _generator(generator, "orthogonal_").normal(0.0, 1.0, size=(rows, columns))
    if rows < columns:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    q *= np.sign(np.diag(r))  # makes the distribution uniform over orthogonal matrices
    if rows < columns:
        q = q.T
    return _fill(tensor, gain * q.reshape(tensor.shape))


def _is_empty(tensor: Tensor) -> bool:
    """A tensor with no elements, which He initialization leaves alone with a warning, as in PyTorch."""
    if tensor.size:
        return False
    warn("Initializing zero-element tensors is a no-op")
    return True


def default_layer_init_(weight: Tensor, bias: Tensor | None) -> None:
    """PyTorch's default initialization of a Linear or Conv layer, in place.

    The weight is Kaiming-uniform with a = √5, i.e. uniform in ±1/√fan_in, and the bias is
    uniform in ±1/√fan_in too.
    """
    kaiming_uniform_(weight, a=math.sqrt(5))
    if bias is not None:
        fan_in, _ = fan_in_and_fan_out(weight)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
        uniform_(bias, -bound, bound)
