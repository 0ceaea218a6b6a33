"""Writing a drawing to a file: SVG, PNG or PDF by the file's extension, or the DOT source."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import graphviz

from autograd_core.viz.graph import draw_graph
from autograd_core.viz.render import GraphvizNotFoundError, pipe_source

FILE_FORMATS = {
    ".svg": "svg",
    ".png": "png",
    ".pdf": "pdf",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".gv": "dot",
    ".dot": "dot",
}
"""Extensions that :func:`save_graph` understands, and the format each one selects."""


def save_graph(root: Any, path: os.PathLike[str] | str, **draw_options: Any) -> Path:
    """Draw the graph behind ``root`` and write it to ``path``, in the format of its extension.

    Parameters
    ----------
    root : Tensor, sequence of Tensor, or graphviz.Digraph
        What to draw (as :func:`~autograd_core.viz.draw_graph` does), or a drawing already
        made (for example by ``BackwardStepper.draw()``).
    path : str or path-like
        Where to write: ``.svg``, ``.png``, ``.pdf``, ``.jpg``/``.jpeg``, or ``.gv``/``.dot``
        for the DOT source (which needs no renderer). Without the system Graphviz a PDF is
        a raster image (a PNG at 150 dpi, wrapped by Pillow).
    **draw_options
        Passed to :func:`~autograd_core.viz.draw_graph` (``params``, ``show_data``, …).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ValueError
        For an extension that is not one of those.
    GraphvizNotFoundError
        If no renderer is installed; its ``source`` attribute holds the DOT source.
    """
    target = Path(path)
    format = FILE_FORMATS.get(target.suffix.lower())
    if format is None:
        known = ", ".join(sorted(FILE_FORMATS))
        raise ValueError(f"save_graph: cannot tell the format of {os.fspath(target)!r}; use one of {known}")
    if isinstance(root, graphviz.Digraph):
        if draw_options:
            raise TypeError("save_graph: drawing options apply to a tensor, not to a finished drawing")
        source = root.source
    else:
        source = draw_graph(root, **draw_options).source
    if format == "dot":
        target.write_text(source, encoding="utf-8")
        return target
    try:
        image = pipe_source(source, format)
    except GraphvizNotFoundError as error:
        raise GraphvizNotFoundError(
            f"save_graph: cannot write {os.fspath(target)!r}. {error} (here: `error.source`, or save to a .gv path)",
            source,
        ) from None
    target.write_bytes(image)
    return target
