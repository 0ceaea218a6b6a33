"""Engine overhead: forward+backward time per op on tiny tensors, against PyTorch when installed;
backward time and peak memory through long scalar chains.

Run: python benchmarks/bench_engine.py [--quick]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

import autograd_core as ag

try:
    import torch

    torch.set_num_threads(1)
except ImportError:  # the comparison is skipped without PyTorch
    torch = None

CHAIN_OPS: dict[str, tuple[Callable, Callable | None]] = {
    "mul": (lambda y: y * 1.0001, lambda y: y * 1.0001),
    "add": (lambda y: y + 0.001, lambda y: y + 0.001),
    "tanh": (ag.tanh, torch.tanh if torch else None),
    "sin": (ag.sin, torch.sin if torch else None),
    "exp": (lambda y: (y * 0.001).exp(), lambda y: (y * 0.001).exp()),
}


def chain_time(make_leaf: Callable, op: Callable, length: int) -> float:
    """Seconds per op of building a chain of ``length`` ops and running backward."""
    x = make_leaf()
    start = time.perf_counter()
    y = x
    for _ in range(length):
        y = op(y)
    y.sum().backward()
    elapsed = (time.perf_counter() - start) / length
    del x, y
    gc.collect()
    return elapsed


def per_op_overhead(length: int, repeats: int) -> None:
    """Each op's chain, ours and PyTorch's measured in turn, ``repeats`` times.

    Taking the ratio within each pair of neighbouring runs, then its median, keeps a change in
    the machine's speed during the run from favouring either side.
    """
    print(f"Forward+backward per op, shape (8,), chain of {length:,} ops (medians of {repeats} paired runs):")
    header = f"  {'op':<6}{'autograd_core µs':>18}"
    if torch is not None:
        header += f"{'PyTorch µs':>13}{'ratio':>8}"
    print(header)
    data = np.random.default_rng(0).standard_normal(8).astype(np.float32)
    ratios = []
    for name, (ours, theirs) in CHAIN_OPS.items():
        mine, reference = [], []
        for _ in range(repeats):
            mine.append(chain_time(lambda: ag.Tensor(data, requires_grad=True), ours, length) * 1e6)
            if torch is not None and theirs is not None:
                reference.append(chain_time(lambda: torch.tensor(data, requires_grad=True), theirs, length) * 1e6)
        line = f"  {name:<6}{statistics.median(mine):>18.2f}"
        if reference:
            ratio = statistics.median(m / r for m, r in zip(mine, reference))
            ratios.append(ratio)
            line += f"{statistics.median(reference):>13.2f}{ratio:>8.2f}x"
        print(line)
    if ratios:
        print(f"  geometric mean ratio: {float(np.exp(np.mean(np.log(ratios)))):.2f}x (autograd_core / PyTorch)")


def long_chain(lengths: list[int]) -> None:
    print("Backward through a scalar chain (y = y * 1.000001 + 0.0, alternating):")
    print(f"  {'ops':>10}{'backward s':>12}{'µs per op':>11}{'peak MiB':>10}")
    for length in lengths:
        x = ag.Tensor(np.float64(1.0), requires_grad=True)
        y = x
        for i in range(length):
            y = y * 1.000001 if i % 2 == 0 else y + 0.0
        gc.collect()
        start = time.perf_counter()
        y.backward(retain_graph=True)
        elapsed = time.perf_counter() - start
        x.grad = None
        tracemalloc.start()
        y.backward()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  {length:>10,}{elapsed:>12.3f}{elapsed / length * 1e6:>11.2f}{peak / 2**20:>10.1f}")
        del x, y
        gc.collect()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs (for a smoke test)")
    args = parser.parse_args()
    per_op_overhead(length=2_000 if args.quick else 10_000, repeats=3 if args.quick else 11)
    print()
    long_chain([10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000])


if __name__ == "__main__":
    main()
