"""One random generator for everything random: init, dropout, shuffling, rand/randn."""

from __future__ import annotations

import numpy as np

_generator = np.random.default_rng()


def manual_seed(seed: int) -> np.random.Generator:
    """Seed all randomness of autograd_core and nn (init, dropout, shuffling) and return the generator."""
    global _generator
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise TypeError(f"manual_seed: seed must be an int, got {type(seed).__name__}")
    _generator = np.random.default_rng(int(seed) & 0xFFFFFFFFFFFFFFFF)
    return _generator


def default_generator() -> np.random.Generator:
    """The generator that every random operation draws from."""
    return _generator


def resolve_generator(generator: np.random.Generator | None, op: str) -> np.random.Generator:
    """The generator a random operation draws from: ``generator`` itself (PyTorch's
    ``generator=``; here a ``numpy.random.Generator``), or the global one for None."""
    if generator is None:
        return _generator
    if not isinstance(generator, np.random.Generator):
        raise TypeError(f"{op}: generator must be a numpy.random.Generator or None, got {type(generator).__name__}")
    return generator
