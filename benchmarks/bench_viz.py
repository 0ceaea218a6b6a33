"""Drawing speed: the graph of a 20-layer MLP, built and rendered; the stepper on it.

Times are the best of several runs. "build" is ``draw_graph`` (walking the graph and writing
the DOT source); "render" adds laying it out and writing SVG with the renderer found (the
system ``dot``, else ``graphviz-pure``).

Run: python benchmarks/bench_viz.py [--layers 20] [--width 64] [--batch 32]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

import autograd_core as ag
from autograd_core.viz import BackwardStepper, GraphvizNotFoundError, draw_graph, find_renderer
from autograd_core.viz.recorded_graph import walk_graph


def mlp_loss(layers: int, width: int, batch: int) -> tuple[ag.Tensor, dict[str, ag.Tensor]]:
    """A ReLU MLP written with ops (``x @ W.T + b``), ending in mean squared error."""
    generator = ag.manual_seed(0)
    params: dict[str, ag.Tensor] = {}
    h = ag.tensor(generator.standard_normal((batch, width)).astype(np.float32))
    for index in range(layers):
        weight = ag.tensor((generator.standard_normal((width, width)) / np.sqrt(width)).astype(np.float32))
        bias = ag.zeros(width, requires_grad=True)
        weight.requires_grad_()
        params[f"layers.{index}.weight"], params[f"layers.{index}.bias"] = weight, bias
        h = (h @ weight.T + bias).relu()
    return (h**2).mean(), params


def best_of(function: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layers", type=int, default=20)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()

    loss, params = mlp_loss(arguments.layers, arguments.width, arguments.batch)
    vertices = len(walk_graph([loss]).vertices)
    print(f"{arguments.layers}-layer MLP, width {arguments.width}, batch {arguments.batch}: {vertices} vertices")

    cases = {
        "build draw_graph(loss)": lambda: draw_graph(loss),
        "build, params + show_data + show_saved": lambda: draw_graph(
            loss, params=params, show_data=True, show_saved=True
        ),
    }
    try:
        renderer = find_renderer()
        print(f"renderer: {renderer.kind} ({renderer.path})")
        cases["build + render SVG"] = lambda: draw_graph(loss, params=params).pipe(format="svg")
        cases["build + render PNG"] = lambda: draw_graph(loss, params=params).pipe(format="png")
    except GraphvizNotFoundError:
        print("renderer: none installed, rendering not timed")
    for label, function in cases.items():
        print(f"  {label:<42} {best_of(function, arguments.repeats) * 1e3:8.1f} ms")

    def step_through() -> None:
        stepped_loss, stepped_params = mlp_loss(arguments.layers, arguments.width, arguments.batch)
        stepper = BackwardStepper(stepped_loss, params=stepped_params)
        stepper.run()
        stepper.draw()

    stepper_time = best_of(step_through, arguments.repeats)
    print(f"  {'BackwardStepper run + draw (incl. forward)':<42} {stepper_time * 1e3:8.1f} ms")


if __name__ == "__main__":
    main()
