"""``python -m autograd_core.viz``: draw a small example's graph and print its backward steps.

For people without notebooks: the graph of the XOR network (see
:mod:`autograd_core.viz.example`) is written to a file, the backward pass is stepped through
with :class:`~autograd_core.viz.BackwardStepper`, and the step table is printed.

    python -m autograd_core.viz                        # writes backprop_example.svg
    python -m autograd_core.viz -o graph.png --steps-dir steps --show-data
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from autograd_core.viz.example import xor_example
from autograd_core.viz.render import GraphvizNotFoundError
from autograd_core.viz.save import FILE_FORMATS, save_graph
from autograd_core.viz.stepper import BackwardStepper


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m autograd_core.viz",
        description="Draw the graph of a small XOR network and print its backward pass step by step.",
    )
    parser.add_argument(
        "-o", "--output", default="backprop_example.svg", help="drawing to write: .svg, .png, .pdf or .gv"
    )
    parser.add_argument("--steps-dir", help="also write one drawing per backward step into this directory")
    parser.add_argument("--show-data", action="store_true", help="show tensor values in the drawings")
    parser.add_argument("--seed", type=int, default=0, help="seed of the weights (default 0)")
    parser.add_argument("--quiet-steps", action="store_true", help="print only the table, not each step")
    arguments = parser.parse_args(argv)
    if Path(arguments.output).suffix.lower() not in FILE_FORMATS:
        parser.error(f"--output: the file name must end in one of {', '.join(sorted(FILE_FORMATS))}")
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    """Run the terminal demonstration; return the exit status."""
    arguments = parse_arguments(argv)
    loss, params = xor_example(arguments.seed)
    output = Path(arguments.output)
    try:
        save_graph(loss, output, params=params, show_data=arguments.show_data, show_saved=True)
        print(f"graph of the forward pass written to {output}")
    except GraphvizNotFoundError as error:
        fallback = output.with_suffix(".gv")
        fallback.write_text(error.source or "", encoding="utf-8")
        print(f"{error}\nThe DOT source was written to {fallback} instead.", file=sys.stderr)
        arguments.steps_dir = None

    stepper = BackwardStepper(loss, params=params)
    steps_dir = Path(arguments.steps_dir) if arguments.steps_dir else None
    if steps_dir is not None:
        steps_dir.mkdir(parents=True, exist_ok=True)
    width = len(str(stepper.expected_steps))
    while not stepper.finished:
        step = stepper.step()
        if not arguments.quiet_steps:
            print(step.describe(), end="\n\n")
        if steps_dir is not None:
            path = steps_dir / f"step_{step.number:0{width}d}{output.suffix}"
            save_graph(stepper.draw(show_data=arguments.show_data), path)
    if steps_dir is not None:
        print(f"one drawing per step written to {steps_dir}/")

    print(stepper.table())
    print()
    reference_loss, reference_params = xor_example(arguments.seed)
    reference_loss.backward()
    same = all(
        np.array_equal(params[name].grad.data, reference_params[name].grad.data)  # type: ignore[union-attr]
        for name in params
    )
    verdict = "equal" if same else "DIFFER FROM"
    print(f"after {len(stepper.history)} steps the parameters' .grad {verdict} what loss.backward() gives")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
