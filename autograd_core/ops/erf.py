"""The error function and its inverse on ndarrays (NumPy has neither), accurate to float64 rounding or near it."""

from __future__ import annotations

import math

import numpy as np

_SERIES_LIMIT = 2.5  # below: a series of positive terms; above: a continued fraction for erfc
_SERIES_TERMS = 64
_FRACTION_DEPTH = 80


def _erfc_fraction(a: np.ndarray) -> np.ndarray:
    """F(a) = a + ½/(a + 1/(a + 3⁄2/…)), so that erfc(a) = e^(−a²) / (√π·F(a)) for a > 0.

    Evaluated from the bottom of a fixed-depth continued fraction, which converges more slowly
    the smaller a is: at this depth it is exact to rounding for a ≥ 1.5. F(a) ≈ a for large a.
    """
    fraction = a.copy()
    for k in range(_FRACTION_DEPTH, 0, -1):
        fraction = a + (k / 2.0) / fraction
    return fraction


def erf_array(x: np.ndarray) -> np.ndarray:
    """erf(x) elementwise, computed in float64 and returned in x's floating dtype.

    For |x| < 2.5, erf(x) = (2/√π)·e^(−x²)·Σₙ (2x²)ⁿ·x / (1·3···(2n+1)), whose terms are all
    positive (no cancellation). Beyond, erfc(|x|) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + 3⁄2/…))),
    evaluated from the bottom of a fixed-depth continued fraction.
    """
    x = np.asarray(x)
    out_dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    values = x.astype(np.float64)
    result = np.empty_like(values)
    magnitude = np.abs(values)
    small = magnitude < _SERIES_LIMIT
    large = ~small & ~np.isnan(values)
    result[np.isnan(values)] = np.nan

    v = values[small]
    two_v_squared = 2.0 * v * v
    term = v.copy()
    total = v.copy()
    for n in range(1, _SERIES_TERMS):
        term *= two_v_squared / (2 * n + 1)
        total += term
    result[small] = (2.0 / math.sqrt(math.pi)) * np.exp(-v * v) * total

    a = magnitude[large]
    with np.errstate(over="ignore", invalid="ignore"):
        erfc = np.exp(-a * a) / (math.sqrt(math.pi) * _erfc_fraction(a))
    erfc = np.where(np.isinf(a), 0.0, erfc)
    result[large] = np.copysign(1.0 - erfc, values[large])
    return result.astype(out_dtype, copy=False)


# Giles' single-precision approximation of erfinv ("Approximating the erfinv function", GPU
# Computing Gems, 2011): a polynomial in w = −log(1 − y²) for the centre and one in √w for the
# tails, good to 1.3e-7 relative where it was fitted (float32's range, w < 16) — a starting point
# that Halley's or Newton's method refines to float64.
_CENTRE_COEFFICIENTS = (
    2.81022636e-08,
    3.43273939e-07,
    -3.5233877e-06,
    -4.39150654e-06,
    0.00021858087,
    -0.00125372503,
    -0.00417768164,
    0.246640727,
    1.50140941,
)
_TAIL_COEFFICIENTS = (
    -0.000200214257,
    0.000100950558,
    0.00134934322,
    -0.00367342844,
    0.00573950773,
    -0.0076224613,
    0.00943887047,
    1.00167406,
    2.83297682,
)
# From here on erf(x) is within 0.034 of ±1, so its rounding error, divided by the small slope
# e^(−x²), would cost x digits; the continued fraction is exact to rounding there.
_INVERSE_TAIL_START = 1.5
# Within 1e-7 of ±1 (w > 16) the tail polynomial extrapolates and starts up to 12% off; Newton
# then needs four steps to reach rounding (three leave 4e-10).
_TAIL_NEWTON_STEPS = 4


def erfinv_array(y: np.ndarray) -> np.ndarray:
    """erfinv(y) elementwise: the x with erf(x) = y, in float64, returned in y's floating dtype.

    ±inf at ±1 and NaN outside [−1, 1], as PyTorch's ``erfinv``. Giles' polynomial approximation
    is refined to a few parts in 10¹⁵. Where |x| < 1.5, one step of Halley's method on
    f(x) = erf(x) − y, with f′ = (2/√π)·e^(−x²) and f″ = −2x·f′, turns its relative error e into
    about e³:

        u = (erf(x) − y)·(√π/2)·e^(x²),   x ← x − u / (1 + x·u).

    Beyond, erf(x) is too close to ±1 for its rounding to tell x apart, so Newton's method
    solves log erfc(a) = log q for a = |x| and q = 1 − |y| (exact there) instead, with
    erfc(a) = e^(−a²)/(√π·F(a)) from the continued fraction F that :func:`erf_array` uses and
    (log erfc)′ = −2F:

        a ← a + (−a² − log(√π·F(a)) − log q) / (2·F(a)).
    """
    y = np.asarray(y)
    out_dtype = y.dtype if y.dtype.kind == "f" else np.dtype(np.float64)
    values = y.astype(np.float64).reshape(-1)  # 1-D, so that masks can assign into it
    magnitude = np.abs(values)
    result = np.where(magnitude == 1.0, np.copysign(np.inf, values), np.nan)  # also for |y| > 1 and NaN
    interior = magnitude < 1.0

    v = values[interior]
    w = -np.log((1.0 - v) * (1.0 + v))
    centre_estimate = np.polyval(_CENTRE_COEFFICIENTS, w - 2.5)
    tail_estimate = np.polyval(_TAIL_COEFFICIENTS, np.sqrt(w) - 3.0)
    x = np.where(w < 5.0, centre_estimate, tail_estimate) * v
    tail = np.abs(x) >= _INVERSE_TAIL_START

    centre_x = x[~tail]
    ratio = (erf_array(centre_x) - v[~tail]) * (math.sqrt(math.pi) / 2.0) * np.exp(centre_x * centre_x)
    x[~tail] = centre_x - ratio / (1.0 + centre_x * ratio)

    a = np.abs(x[tail])
    log_q = np.log1p(-np.abs(v[tail]))
    for _ in range(_TAIL_NEWTON_STEPS):
        fraction = _erfc_fraction(a)
        a = a + (-a * a - np.log(math.sqrt(math.pi) * fraction) - log_q) / (2.0 * fraction)
    x[tail] = np.copysign(a, v[tail])

    result[interior] = x
    return result.reshape(y.shape).astype(out_dtype, copy=False)
