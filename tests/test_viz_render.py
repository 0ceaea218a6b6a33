"""Rendering without a system package: graphviz-pure next to the interpreter, the system ``dot``
when there is one, and a clear error (with the DOT source kept) when there is neither."""

from __future__ import annotations

import os
import shutil
import stat
import sys

import graphviz
import pytest

import autograd_core as ag
from autograd_core.viz import GraphvizNotFoundError, draw_graph, find_renderer, save_graph
from autograd_core.viz import render as render_module

pytestmark = pytest.mark.skipif(
    render_module.shutil.which("graphviz-pure", path=os.pathsep.join(map(str, render_module.interpreter_script_dirs())))
    is None,
    reason="graphviz-pure is not installed next to this interpreter",
)


@pytest.fixture
def loss():
    x = ag.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    x.name = "x"
    return (x * x).sum()


@pytest.fixture
def no_dot_on_path(tmp_path, monkeypatch):
    """An empty PATH: no system dot, and graphviz-pure only where pip put it."""
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    return empty


@pytest.fixture
def no_renderer(no_dot_on_path, monkeypatch):
    monkeypatch.setattr(render_module, "interpreter_script_dirs", lambda: [no_dot_on_path])


def test_without_dot_on_path_graphviz_pure_is_found_next_to_the_interpreter(no_dot_on_path):
    renderer = find_renderer()
    assert renderer.kind == "graphviz-pure"
    assert os.path.dirname(renderer.path) in {str(d) for d in render_module.interpreter_script_dirs()}


@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<svg"), (".png", b"\x89PNG"), (".pdf", b"%PDF")])
def test_save_graph_writes_each_format_without_system_graphviz(no_dot_on_path, tmp_path, loss, suffix, magic):
    path = save_graph(loss, tmp_path / f"graph{suffix}", show_data=True)
    content = path.read_bytes()
    assert magic in content[:400]


def test_pdf_without_system_graphviz_is_a_raster_page(no_dot_on_path, tmp_path, loss):
    pdf = save_graph(loss, tmp_path / "graph.pdf").read_bytes()
    assert b"/Image" in pdf or b"/XObject" in pdf


def test_pipe_render_and_jupyter_display_use_the_found_renderer(no_dot_on_path, tmp_path, loss):
    drawing = draw_graph(loss)
    assert drawing.pipe(format="svg").lstrip().startswith(b"<?xml")
    assert drawing.pipe(format="pdf").startswith(b"%PDF")
    rendered = drawing.render(outfile=tmp_path / "rendered.png")
    with open(rendered, "rb") as image:
        assert image.read(4) == b"\x89PNG"
    bundle = drawing._repr_mimebundle_()
    assert "<svg" in bundle["image/svg+xml"]
    assert "<svg" in drawing._repr_svg_()


def test_ipython_displays_the_drawing_as_svg(no_dot_on_path, loss):
    formatters = pytest.importorskip("IPython.core.formatters")
    data, _ = formatters.DisplayFormatter().format(draw_graph(loss))
    assert "<svg" in data["image/svg+xml"]


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in dot is a shell script")
def test_a_system_dot_on_path_is_preferred(no_dot_on_path, tmp_path, loss):
    pure = find_renderer().path
    calls = tmp_path / "calls.txt"
    fake_dot = no_dot_on_path / "dot"
    fake_dot.write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\nexec "{pure}" "$@"\n')
    fake_dot.chmod(fake_dot.stat().st_mode | stat.S_IXUSR)
    renderer = find_renderer()
    assert (renderer.kind, renderer.path) == ("dot", str(fake_dot))
    assert b"<svg" in draw_graph(loss).pipe(format="svg")
    assert "-Tsvg" in calls.read_text()


def test_with_no_renderer_the_error_says_how_to_get_one(no_renderer, tmp_path, loss):
    with pytest.raises(GraphvizNotFoundError, match="pip install graphviz-pure") as caught:
        find_renderer()
    assert isinstance(caught.value, graphviz.ExecutableNotFound)

    drawing = draw_graph(loss)  # drawing needs no renderer: the DOT source is there
    assert "mul" in drawing.source
    with pytest.raises(GraphvizNotFoundError, match="pip install graphviz-pure"):
        drawing.pipe(format="svg")

    with pytest.raises(GraphvizNotFoundError, match=r"graph\.png") as caught:
        save_graph(loss, tmp_path / "graph.png")
    assert caught.value.source == drawing.source
    assert not (tmp_path / "graph.png").exists()

    assert save_graph(loss, tmp_path / "graph.gv").read_text(encoding="utf-8") == drawing.source

    bundle = drawing._repr_mimebundle_()
    assert "pip install graphviz-pure" in bundle["text/plain"]
    assert drawing.source in bundle["text/plain"]
    assert drawing._repr_svg_() is None


def test_save_graph_rejects_unknown_extensions(tmp_path, loss):
    with pytest.raises(ValueError, match=r"\.svg"):
        save_graph(loss, tmp_path / "graph.bmpx")


def test_save_graph_accepts_a_finished_drawing(no_dot_on_path, tmp_path, loss):
    path = save_graph(draw_graph(loss, show_data=True), tmp_path / "drawing.svg")
    assert "data:" in path.read_text(encoding="utf-8")
    with pytest.raises(TypeError, match="drawing options"):
        save_graph(draw_graph(loss), tmp_path / "again.svg", show_data=True)


def test_invalid_dot_reports_the_renderers_error(no_dot_on_path):
    broken = render_module.PortableDigraph(body=["a -> \n"])
    with pytest.raises(graphviz.CalledProcessError, match="syntax error"):
        broken.pipe(format="svg")


def test_plain_graphviz_is_left_untouched(no_dot_on_path):
    """The package is not patched globally: a plain Digraph still looks for `dot` only."""
    with pytest.raises(graphviz.ExecutableNotFound):
        graphviz.Digraph(body=["a\n"]).pipe(format="svg")
    assert shutil.which("dot") is None
