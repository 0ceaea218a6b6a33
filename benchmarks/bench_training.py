"""One training step of an MLP (forward, softmax cross-entropy, backward, SGD step) in float32 on
one thread: nn against the seeds' hand-written NumPy and, when installed, PyTorch. Then peak
memory over 1,000 training steps.

Run: python benchmarks/bench_training.py [--quick] [--phases]
"""

from __future__ import annotations

import argparse
import collections
import gc
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

# One thread for every contender, set before NumPy (and its BLAS) loads.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

import autograd_core as ag
import nn

try:
    import torch

    torch.set_num_threads(1)
except ImportError:  # the comparison is skipped without PyTorch
    torch = None

LEARNING_RATE = 0.01
MODELS = {
    "large": ((784, 512, 256, 10), 256),
    "small": ((64, 128, 10), 64),
}


def initial_weights(sizes: tuple[int, ...]) -> list[tuple[np.ndarray, np.ndarray]]:
    """The same starting point for every contender: (W (out, in), b (out,)) per layer."""
    generator = np.random.default_rng(0)
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = 1 / np.sqrt(fan_in)
        weight = generator.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32)
        bias = generator.uniform(-bound, bound, fan_out).astype(np.float32)
        layers.append((weight, bias))
    return layers


def batch(sizes: tuple[int, ...], batch_size: int) -> tuple[np.ndarray, np.ndarray]:
    generator = np.random.default_rng(1)
    inputs = generator.standard_normal((batch_size, sizes[0])).astype(np.float32)
    labels = generator.integers(0, sizes[-1], batch_size)
    return inputs, labels


# ---------------------------------------------------------------------- contenders
def numpy_step(sizes: tuple[int, ...], batch_size: int) -> Callable[[], None]:
    """The seeds' hand-written network: z = a·W + b, ReLU, softmax, the cross-entropy
    −Σ y log ŷ (seed 000's formula), δ = (ŷ − y)/n, backward layer by layer, SGD."""
    layers = initial_weights(sizes)
    weights = [w.T.copy() for w, _ in layers]  # (in, out), as the seeds store them
    biases = [b.reshape(1, -1).copy() for _, b in layers]
    inputs, labels = batch(sizes, batch_size)
    one_hot = np.eye(sizes[-1], dtype=np.float32)[labels]
    last = len(weights) - 1
    losses = collections.deque(maxlen=1)  # every contender computes the loss value

    def relu_derivative(z: np.ndarray) -> np.ndarray:
        return (z > 0).astype(z.dtype)

    def step() -> None:
        activations = [inputs]
        pre_activations = []
        for i, (weight, bias) in enumerate(zip(weights, biases)):
            z = np.dot(activations[-1], weight) + bias
            pre_activations.append(z)
            activations.append(np.maximum(z, 0) if i < last else z)
        logits = activations[-1]
        exps = np.exp(logits - logits.max(axis=1, keepdims=True))
        probabilities = exps / exps.sum(axis=1, keepdims=True)
        losses.append(-np.sum(one_hot * np.log(probabilities)) / batch_size)
        error = (probabilities - one_hot) / batch_size  # ∂L/∂z = ŷ − y, averaged
        for i in reversed(range(len(weights))):
            grad_weight = np.dot(activations[i].T, error)
            grad_bias = np.sum(error, axis=0, keepdims=True)
            if i > 0:
                error = np.dot(error, weights[i].T) * relu_derivative(pre_activations[i - 1])
            weights[i] -= LEARNING_RATE * grad_weight
            biases[i] -= LEARNING_RATE * grad_bias

    return step


def nn_training(
    sizes: tuple[int, ...], batch_size: int
) -> tuple[nn.Module, nn.Module, nn.optim.SGD, ag.Tensor, np.ndarray]:
    """The model, loss, optimizer, inputs and labels of nn's contender."""
    layers: list[nn.Module] = []
    for i, (weight, bias) in enumerate(initial_weights(sizes)):
        linear = nn.Linear(weight.shape[1], weight.shape[0])
        linear.load_state_dict({"weight": weight, "bias": bias})
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    model = nn.Sequential(*layers)
    loss_function = nn.CrossEntropyLoss()
    optimizer = nn.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    inputs, labels = batch(sizes, batch_size)
    return model, loss_function, optimizer, ag.Tensor(inputs), labels


def nn_step(sizes: tuple[int, ...], batch_size: int) -> Callable[[], None]:
    model, loss_function, optimizer, inputs, labels = nn_training(sizes, batch_size)

    def step() -> None:
        loss = loss_function(model(inputs), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    return step


def torch_step(sizes: tuple[int, ...], batch_size: int) -> Callable[[], None]:
    layers: list[torch.nn.Module] = []
    for i, (weight, bias) in enumerate(initial_weights(sizes)):
        linear = torch.nn.Linear(weight.shape[1], weight.shape[0])
        linear.load_state_dict({"weight": torch.from_numpy(weight), "bias": torch.from_numpy(bias)})
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    loss_function = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    inputs, labels = batch(sizes, batch_size)
    inputs, labels = torch.from_numpy(inputs), torch.from_numpy(labels)

    def step() -> None:
        loss = loss_function(model(inputs), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    return step


# ---------------------------------------------------------------------- measuring
def time_steps(step: Callable[[], None], count: int) -> float:
    """Seconds per step over ``count`` consecutive steps."""
    start = time.perf_counter()
    for _ in range(count):
        step()
    return (time.perf_counter() - start) / count


def compare(name: str, sizes: tuple[int, ...], batch_size: int, rounds: int, steps: int) -> dict[str, float]:
    """Median ms per step of each contender, and the median over rounds of its ratio to NumPy.

    The contenders run in turn within each round, so that a change in machine speed (other
    processes, frequency scaling) hits all of them alike; the ratio of each round is taken
    between neighbouring measurements, which makes it steadier than a ratio of medians. Many
    short rounds keep those measurements milliseconds apart and give the median many ratios
    to choose from: on a shared machine its run-to-run spread shrinks about threefold against
    a few long rounds. The cycle collector is off while timing, as in ``timeit``: no contender
    leaves cycles behind (the memory check runs with it on).
    """
    contenders = {"numpy": numpy_step(sizes, batch_size), "nn": nn_step(sizes, batch_size)}
    if torch is not None:
        contenders["torch"] = torch_step(sizes, batch_size)
    for step in contenders.values():  # warm-up: caches, allocator, lazy imports
        time_steps(step, max(3 * steps, 3))
    samples: dict[str, list[float]] = {key: [] for key in contenders}
    gc.collect()
    gc.disable()
    try:
        for _ in range(rounds):
            for key, step in contenders.items():
                samples[key].append(time_steps(step, steps))
    finally:
        gc.enable()
    medians = {key: statistics.median(values) * 1e3 for key, values in samples.items()}
    ratios = {
        key: statistics.median(mine / base for mine, base in zip(values, samples["numpy"]))
        for key, values in samples.items()
    }
    label = "-".join(map(str, sizes))
    print(f"MLP {label}, batch {batch_size} ({name}): ms per step, median of {rounds} rounds of {steps} steps")
    for key, value in medians.items():
        print(f"  {key:<6}{value:>9.3f} ms   {ratios[key]:.2f}x hand-written NumPy")
    return ratios


def phases(sizes: tuple[int, ...], batch_size: int, steps: int) -> None:
    """Where nn's step spends its time: the 5th percentile of each phase over ``steps`` steps,
    each step followed by one hand-written NumPy step (whose 5th percentile is the baseline)."""
    model, loss_function, optimizer, inputs, labels = nn_training(sizes, batch_size)
    numpy_baseline = numpy_step(sizes, batch_size)
    clock = time.perf_counter
    times = np.empty((steps, 6))
    for position in range(steps):
        start = clock()
        outputs = model(inputs)
        forward = clock()
        loss = loss_function(outputs, labels)
        lossed = clock()
        optimizer.zero_grad()
        zeroed = clock()
        loss.backward()
        backward = clock()
        optimizer.step()
        stepped = clock()
        numpy_baseline()
        times[position] = np.diff([start, forward, lossed, zeroed, backward, stepped, clock()])
    low = np.percentile(times[steps // 10 :], 5, axis=0) * 1e6  # after a warm-up tenth
    names = ("forward", "loss", "zero_grad", "backward", "step")
    print(f"MLP {'-'.join(map(str, sizes))}, batch {batch_size}: µs per phase (5th percentile of {steps} steps)")
    print("  " + ", ".join(f"{name} {value:.1f}" for name, value in zip(names, low)))
    print(f"  nn {low[:5].sum():.1f} µs, hand-written NumPy {low[5]:.1f} µs: {low[:5].sum() / low[5]:.2f}x")


def memory_check(steps: int) -> None:
    """Peak traced memory of nn's small-model training in the first and last 10% of ``steps``."""
    sizes, batch_size = MODELS["small"]
    step = nn_step(sizes, batch_size)
    window = steps // 10
    tracemalloc.start()
    peaks = []
    for position in range(steps):
        if position % window == 0:
            tracemalloc.reset_peak()
        step()
        if position % window == window - 1:
            peaks.append(tracemalloc.get_traced_memory()[1])
    current = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    first, last = peaks[0], peaks[-1]
    verdict = "no growth" if last <= first * 1.02 + 4096 else "GROWS"
    print(
        f"Peak traced memory, small model: steps 1-{window}: {first / 1024:.1f} KiB, "
        f"steps {steps - window + 1}-{steps}: {last / 1024:.1f} KiB, after: {current / 1024:.1f} KiB ({verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps (a smoke test)")
    parser.add_argument("--phases", action="store_true", help="only the small model's time per phase")
    args = parser.parse_args()
    if args.phases:
        sizes, batch_size = MODELS["small"]
        phases(sizes, batch_size, 2000 if args.quick else 20000)
        return
    print(f"NumPy {np.__version__}" + (f", PyTorch {torch.__version__}" if torch is not None else ", no PyTorch"))
    ratios = {}
    for name, (sizes, batch_size) in MODELS.items():
        if args.quick:
            rounds, steps = (3, 2) if name == "large" else (10, 30)
        else:
            rounds, steps = (40, 3) if name == "large" else (200, 30)
        ratios[name] = compare(name, sizes, batch_size, rounds, steps)["nn"]
        print()
    memory_check(200 if args.quick else 1000)
    print()
    summary = ", ".join(f"{name} {ratio:.2f}x" for name, ratio in ratios.items())
    print(f"nn / hand-written NumPy: {summary} (targets: large <= 1.05x, small <= 1.5x)")


if __name__ == "__main__":
    main()
