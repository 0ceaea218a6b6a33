"""Turning DOT source into SVG, PNG or PDF with no system package required.

The renderer is found when something is rendered, not at import: the system Graphviz ``dot``
when it is on PATH, else the ``graphviz-pure`` program that ``pip install graphviz-pure``
puts next to the Python interpreter (found there even when the environment's ``bin``
directory is not on PATH). With neither, rendering raises :class:`GraphvizNotFoundError`,
which says how to get one; the DOT source stays available (``digraph.source``).

``graphviz-pure`` writes SVG, PNG and JPEG but no PDF; a PDF is then made from a
high-resolution PNG with Pillow, so it is a raster image rather than vector graphics.

:class:`PortableDigraph` is a ``graphviz.Digraph`` that renders this way: its ``pipe()``,
``render()`` and Jupyter display (``_repr_mimebundle_``) all use :func:`pipe_source`.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import graphviz

PDF_RASTER_DPI = 150
"""Resolution of the PNG that a PDF is made from when no system Graphviz is installed."""

PDF_RASTER_MAX_INCHES = 40
"""Larger drawings are scaled down to fit this many inches a side in such a PDF, which keeps
the image (and the memory to make it) bounded for very large graphs."""

INSTALL_HINT = (
    "Install one of them: `pip install graphviz-pure` (a self-contained program, no system "
    "package needed), or the system Graphviz (`apt install graphviz`, `brew install graphviz`, "
    "`conda install -c conda-forge graphviz`, or https://graphviz.org/download/)."
)


class GraphvizNotFoundError(graphviz.ExecutableNotFound):
    """No Graphviz renderer was found: neither the system ``dot`` nor ``graphviz-pure``.

    A subclass of ``graphviz.ExecutableNotFound`` (so existing handlers catch it) whose message
    says how to install a renderer. ``source`` holds the DOT source when it is known.
    """

    def __init__(self, message: str, source: str | None = None) -> None:
        RuntimeError.__init__(self, message)
        self.source = source


@dataclass(frozen=True)
class Renderer:
    """A Graphviz program found on this machine.

    Attributes
    ----------
    path : str
        The executable.
    kind : {"dot", "graphviz-pure"}
        The system Graphviz, or the graphviz-pure port from PyPI.
    """

    path: str
    kind: Literal["dot", "graphviz-pure"]

    @property
    def writes_pdf(self) -> bool:
        """Whether the program itself writes PDF (graphviz-pure does not)."""
        return self.kind == "dot"


def interpreter_script_dirs() -> list[Path]:
    """Where pip puts the programs of packages installed for this interpreter.

    A virtual environment's ``bin`` (``Scripts`` on Windows) is often not on PATH, for
    example in a Jupyter kernel started by its full path. ``sys.executable`` is not resolved:
    in a virtual environment it is a link whose directory is the environment's own.
    """
    candidates = [Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))]
    with contextlib.suppress(KeyError):  # `pip install --user`, where the platform has that scheme
        candidates.append(Path(sysconfig.get_path("scripts", sysconfig.get_preferred_scheme("user"))))
    unique: list[Path] = []
    for directory in candidates:
        if directory not in unique:
            unique.append(directory)
    return unique


def find_renderer() -> Renderer:
    """Find the program to render with: the system ``dot``, else ``graphviz-pure``.

    Returns
    -------
    Renderer
        The program and its kind.

    Raises
    ------
    GraphvizNotFoundError
        If neither is installed; the message says how to install one.
    """
    system_dot = shutil.which("dot")
    if system_dot:
        return Renderer(system_dot, "dot")
    on_path = shutil.which("graphviz-pure")
    if on_path:
        return Renderer(on_path, "graphviz-pure")
    searched = interpreter_script_dirs()
    for directory in searched:
        found = shutil.which("graphviz-pure", path=str(directory))
        if found:
            return Renderer(found, "graphviz-pure")
    places = ", ".join(str(d) for d in searched)
    raise GraphvizNotFoundError(
        "No Graphviz renderer found: neither the system `dot` nor `graphviz-pure` is on PATH, "
        f"and `graphviz-pure` is not next to this Python ({places}). {INSTALL_HINT} "
        "The DOT source is still available as `.source` of the graph (save it with "
        "`.save('graph.gv')`)."
    )


def pipe_source(
    source: str | bytes,
    format: str = "svg",
    engine: str = "dot",
    *,
    renderer: str | None = None,
    formatter: str | None = None,
    neato_no_op: bool | int | None = None,
    quiet: bool = False,
) -> bytes:
    """Render DOT ``source`` into ``format`` and return the bytes.

    Parameters
    ----------
    source : str or bytes
        DOT source (str is encoded as UTF-8).
    format : str
        ``svg``, ``png``, ``pdf``, ``jpeg``, … (any format the renderer has; ``pdf`` also
        without system Graphviz, as a raster image).
    engine : str
        Layout engine (``dot``, ``neato``, …).
    renderer, formatter, neato_no_op
        Passed on as ``dot`` takes them (``-Tformat:renderer:formatter``, ``-n``).
    quiet : bool
        Do not echo the renderer's warnings.

    Raises
    ------
    GraphvizNotFoundError
        If no renderer is installed.
    graphviz.CalledProcessError
        If the renderer fails (for example on invalid DOT).
    """
    data = source.encode("utf-8") if isinstance(source, str) else source
    program = find_renderer()
    if format == "pdf" and not program.writes_pdf:
        size = f"-Gsize={PDF_RASTER_MAX_INCHES},{PDF_RASTER_MAX_INCHES}"
        png = _run(program, data, "png", engine, None, None, neato_no_op, quiet, [f"-Gdpi={PDF_RASTER_DPI}", size])
        return png_to_pdf(png, PDF_RASTER_DPI)
    return _run(program, data, format, engine, renderer, formatter, neato_no_op, quiet, [])


def _run(
    program: Renderer,
    data: bytes,
    format: str,
    engine: str,
    renderer: str | None,
    formatter: str | None,
    neato_no_op: bool | int | None,
    quiet: bool,
    extra: list[str],
) -> bytes:
    output_format = ":".join(part for part in (format, renderer, formatter) if part)
    command = [program.path, f"-K{engine}", f"-T{output_format}", *extra]
    if neato_no_op:
        command.append(f"-n{int(neato_no_op)}")
    if program.kind == "graphviz-pure":
        # Its only routine warnings are about estimated widths of non-ASCII glyphs (∂, ·);
        # they say nothing actionable, and errors still fail the run with a message.
        command.append("-q")
    completed = subprocess.run(command, input=data, capture_output=True, check=False)
    if completed.returncode != 0:
        raise graphviz.CalledProcessError(
            completed.returncode, command, output=completed.stdout, stderr=completed.stderr
        )
    if completed.stderr and not quiet:
        sys.stderr.write(completed.stderr.decode("utf-8", "replace"))
    return completed.stdout


def png_to_pdf(png: bytes, dpi: int = PDF_RASTER_DPI) -> bytes:
    """Wrap a PNG image in a one-page PDF (a raster PDF) with Pillow.

    Raises
    ------
    ImportError
        If Pillow is not installed (it comes with matplotlib), with how to get it.
    """
    try:
        from PIL import Image
    except ImportError:
        raise ImportError(
            "Writing PDF without the system Graphviz needs Pillow (`pip install pillow`; matplotlib "
            "brings it). Alternatively save as .svg or .png, or install the system Graphviz."
        ) from None
    with Image.open(io.BytesIO(png)) as image:
        rgba = image.convert("RGBA")
    page = Image.new("RGB", rgba.size, "white")  # PDF pages have no alpha channel
    page.paste(rgba, mask=rgba.getchannel("A"))
    buffer = io.BytesIO()
    page.save(buffer, format="PDF", resolution=float(dpi))
    return buffer.getvalue()


class PortableDigraph(graphviz.Digraph):
    """A ``graphviz.Digraph`` that renders with the system ``dot`` or ``graphviz-pure``.

    Everything else is ``graphviz.Digraph``: ``.source``, ``.save()``, ``.node()``,
    ``.edge()``, ``.subgraph()``. ``pipe()``, ``render()`` and the inline display in Jupyter
    find their renderer with :func:`find_renderer`; ``pdf`` works without system Graphviz
    too (as a raster image). Without any renderer, Jupyter shows the DOT source and how to
    install one instead of an error.
    """

    @property
    def _pipe_lines(self) -> Any:
        return _pipe_lines

    @property
    def _pipe_lines_string(self) -> Any:
        return _pipe_lines_string

    @property
    def _render(self) -> Any:
        return _render_file

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **kwargs: Any) -> dict[str, bytes | str]:
        try:
            return super()._repr_mimebundle_(include, exclude, **kwargs)
        except GraphvizNotFoundError as error:
            return {"text/plain": f"{error}\n\n{self.source}"}

    def _repr_svg_(self) -> str | None:
        """The drawing as SVG, for front ends that ask for SVG alone (None if no renderer)."""
        try:
            return self.pipe(format="svg", encoding="utf-8")
        except GraphvizNotFoundError:
            return None


def _pipe_lines(
    engine: str,
    format: str,
    input_lines: Iterator[str],
    *,
    input_encoding: str,
    renderer: str | None = None,
    formatter: str | None = None,
    neato_no_op: bool | int | None = None,
    quiet: bool = False,
) -> bytes:
    data = b"".join(line.encode(input_encoding) for line in input_lines)
    return pipe_source(
        data, format, engine, renderer=renderer, formatter=formatter, neato_no_op=neato_no_op, quiet=quiet
    )


def _pipe_lines_string(
    engine: str,
    format: str,
    input_lines: Iterator[str],
    *,
    encoding: str,
    renderer: str | None = None,
    formatter: str | None = None,
    neato_no_op: bool | int | None = None,
    quiet: bool = False,
) -> str:
    raw = _pipe_lines(
        engine,
        format,
        input_lines,
        input_encoding=encoding,
        renderer=renderer,
        formatter=formatter,
        neato_no_op=neato_no_op,
        quiet=quiet,
    )
    return raw.decode(encoding)


def _render_file(
    engine: str,
    format: str,
    filepath: os.PathLike[str] | str,
    renderer: str | None = None,
    formatter: str | None = None,
    neato_no_op: bool | int | None = None,
    quiet: bool = False,
    *,
    outfile: os.PathLike[str] | str | None = None,
    raise_if_result_exists: bool = False,
    overwrite_filepath: bool = False,
) -> str:
    """``graphviz``'s file rendering (source file in, image file out) with our renderer."""
    source_path = Path(filepath)
    if outfile is None:
        suffix = ".".join(part for part in (formatter, renderer, format) if part)
        target = source_path.with_suffix(f"{source_path.suffix}.{suffix}")
    else:
        target = Path(outfile)
        if not overwrite_filepath and target.resolve() == source_path.resolve():
            raise ValueError(f"outfile {target.name!r} must be different from the source file {source_path.name!r}")
    if raise_if_result_exists and target.exists():
        raise graphviz.FileExistsError(f"output file exists: {os.fspath(target)!r}")
    image = pipe_source(
        source_path.read_bytes(),
        format,
        engine,
        renderer=renderer,
        formatter=formatter,
        neato_no_op=neato_no_op,
        quiet=quiet,
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(image)
    return os.fspath(target)
