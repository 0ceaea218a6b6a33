"""See the graph and step through backpropagation.

- :func:`draw_graph` draws what the engine recorded as a ``graphviz.Digraph`` (inline in
  Jupyter); :func:`save_graph` writes it as SVG, PNG or PDF.
- :class:`BackwardStepper` drives the engine's own backward pass one vertex at a time.
- Rendering needs no system package: the system Graphviz ``dot`` when present, else the
  ``graphviz-pure`` program from PyPI (a PDF made without system Graphviz is a raster image).
- ``python -m autograd_core.viz`` draws a small example and prints its backward steps.
"""

from autograd_core.viz.graph import DEFAULT_MAX_NODES, draw_graph
from autograd_core.viz.render import GraphvizNotFoundError, PortableDigraph, Renderer, find_renderer, pipe_source
from autograd_core.viz.save import save_graph
from autograd_core.viz.step_table import StepTable
from autograd_core.viz.stepper import BackwardStep, BackwardStepper

__all__ = [
    "DEFAULT_MAX_NODES",
    "BackwardStep",
    "BackwardStepper",
    "GraphvizNotFoundError",
    "PortableDigraph",
    "Renderer",
    "StepTable",
    "draw_graph",
    "find_renderer",
    "pipe_source",
    "save_graph",
]
