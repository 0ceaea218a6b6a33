"""The error function on ndarrays (NumPy has none), accurate to float64 rounding."""

from __future__ import annotations

import math

import numpy as np

_SERIES_LIMIT = 2.5  # below: a series of positive terms; above: a continued fraction for erfc
_SERIES_TERMS = 64
_FRACTION_DEPTH = 80


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
        fraction = a.copy()
        for k in range(_FRACTION_DEPTH, 0, -1):
            fraction = a + (k / 2.0) / fraction
        erfc = np.exp(-a * a) / (math.sqrt(math.pi) * fraction)
    erfc = np.where(np.isinf(a), 0.0, erfc)
    result[large] = np.copysign(1.0 - erfc, values[large])
    return result.astype(out_dtype, copy=False)
