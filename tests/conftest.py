"""Shared test settings: a hypothesis profile sized for a fast suite, and dtype isolation."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

import autograd_core as ag

# Random cases are drawn per op; few examples each keep the whole sweep fast, and no
# deadline because the first example of an op pays for imports and caches.
settings.register_profile(
    "default",
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.register_profile(
    "thorough",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.load_profile("default")


@pytest.fixture(autouse=True)
def _restore_global_state() -> Iterator[None]:
    """Every test starts with float32 as the default dtype, recording on and anomaly checks off."""
    dtype = ag.get_default_dtype()
    yield
    ag.set_default_dtype(dtype)
    ag.set_grad_enabled(True)
    ag.set_detect_anomaly(False)


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded generator, so that failures reproduce."""
    return np.random.default_rng(1234)
