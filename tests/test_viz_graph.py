"""draw_graph: what the drawing holds, checked on the rendered SVG and JSON and on the DOT source."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree

import graphviz
import numpy as np
import pytest
from graph_walk import reachable_nodes

import autograd_core as ag
import nn
from autograd_core.viz import DEFAULT_MAX_NODES, draw_graph
from autograd_core.viz.recorded_graph import walk_graph

SVG = "{http://www.w3.org/2000/svg}"


# ---------------------------------------------------------------------- models
def linear(x, weight, bias):
    return x @ weight.T + bias


def small_model(seed: int = 0):
    """loss = mean(relu(x W1ᵀ + b1) W2ᵀ + b2)² with named parameters."""
    ag.manual_seed(seed)
    params = {
        "hidden.weight": ag.randn(3, 2, requires_grad=True),
        "hidden.bias": ag.zeros(3, requires_grad=True),
        "out.weight": ag.randn(1, 3, requires_grad=True),
        "out.bias": ag.zeros(1, requires_grad=True),
    }
    x = ag.randn(4, 2)
    x.name = "x"
    hidden = linear(x, params["hidden.weight"], params["hidden.bias"]).relu()
    loss = (linear(hidden, params["out.weight"], params["out.bias"]) ** 2).mean()
    return loss, params


def deep_mlp(layers: int = 20, width: int = 16):
    ag.manual_seed(1)
    params = {}
    h = ag.randn(8, width)
    for index in range(layers):
        weight = ag.randn(width, width, requires_grad=True)
        bias = ag.zeros(width, requires_grad=True)
        params[f"layers.{index}.weight"], params[f"layers.{index}.bias"] = weight, bias
        h = linear(h, weight, bias).relu()
    return h.mean(), params


class _Module:
    """Just enough of nn.Module for drawing: named_parameters and named_modules."""

    def __init__(self, **members):
        self.members = members

    def named_modules(self, prefix: str = ""):
        yield prefix, self
        for name, member in self.members.items():
            if isinstance(member, _Module):
                yield from member.named_modules(f"{prefix}.{name}" if prefix else name)

    def named_parameters(self, prefix: str = ""):
        for name, member in self.members.items():
            path = f"{prefix}.{name}" if prefix else name
            if isinstance(member, _Module):
                yield from member.named_parameters(path)
            else:
                yield path, member


class Linear(_Module):
    pass


class Sequential(_Module):
    pass


class Encoder(_Module):
    pass


# ---------------------------------------------------------------------- reading drawings
def independent_counts(root):
    """Vertices and edges of the expected drawing, counted without the viz code."""
    nodes = reachable_nodes(root)
    tensors, edges = set(), 0
    for node in nodes:
        for tensor in node.inputs:
            folded = tensor.grad_fn is None and tensor.ndim == 0 and not tensor.requires_grad and tensor.name is None
            if folded:
                continue
            edges += 1  # input tensor -> op
            key = id(tensor) if tensor.grad_fn is None else (id(tensor.grad_fn), tensor._output_nr)
            if key not in tensors and tensor.grad_fn is not None:
                edges += 1  # producing op -> this tensor, once per made tensor
            tensors.add(key)
    tensors.add((id(root.grad_fn), root._output_nr))
    edges += 1  # last op -> root
    return len(nodes), len(tensors), edges


def svg_nodes_and_edges(drawing):
    tree = ElementTree.fromstring(drawing.pipe(format="svg"))
    nodes = {}
    for group in tree.iter(f"{SVG}g"):
        if group.get("class") == "node":
            title = group.find(f"{SVG}title").text
            # SVG keeps runs of spaces as no-break spaces
            nodes[title] = [(text.text or "").replace("\xa0", " ") for text in group.iter(f"{SVG}text")]
    edges = [group.find(f"{SVG}title").text for group in tree.iter(f"{SVG}g") if group.get("class") == "edge"]
    return nodes, edges


def dot_attributes(source: str, node_id: str) -> str:
    match = re.search(rf"^\s*{re.escape(node_id)} \[(.*)\]$", source, re.MULTILINE)
    assert match, f"no node {node_id} in the DOT source"
    return match.group(1)


def clusters_from_json(drawing):
    """{cluster label: set of node names directly or indirectly inside}."""
    layout = json.loads(drawing.pipe(format="json"))
    objects = layout["objects"]
    names = {obj["_gvid"]: obj["name"] for obj in objects}
    return {
        obj["label"]: {names[i] for i in obj.get("nodes", [])} for obj in objects if obj["name"].startswith("cluster")
    }


# ---------------------------------------------------------------------- structure
def test_node_and_edge_counts_equal_the_recorded_graph():
    loss, params = small_model()
    drawing = draw_graph(loss, params=params)
    nodes, edges = svg_nodes_and_edges(drawing)
    op_count, tensor_count, edge_count = independent_counts(loss)
    assert len(nodes) == op_count + tensor_count
    assert len(edges) == edge_count
    assert sum(1 for title in nodes if title.startswith("op")) == op_count


def test_shared_input_and_repeated_use_draw_one_vertex_and_one_edge_per_use():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x + x).sum()
    nodes, edges = svg_nodes_and_edges(draw_graph(y))
    recorded = walk_graph([y])
    x_id = recorded.vertex_of_tensor(x).dot_id
    assert sum(1 for title in nodes if title == x_id) == 1
    assert sum(1 for edge in edges if edge.startswith(f"{x_id}->")) == 3  # mul twice, add once


def test_labels_carry_op_names_formulas_names_shapes_and_dtypes():
    loss, params = small_model()
    nodes, _ = svg_nodes_and_edges(draw_graph(loss, params=params))
    text = {title: " | ".join(lines) for title, lines in nodes.items()}
    everything = "\n".join(text.values())
    for node in walk_graph([loss]).ops:
        assert node.node.name in text[node.dot_id]
        assert node.node.formula in text[node.dot_id]
    assert "hidden.weight | (3, 2) float32" in everything
    assert "out.bias | (1,) float32" in everything
    assert "x | (4, 2) float32" in everything
    assert "output | scalar float32" in everything


def test_python_scalars_are_folded_into_the_op_label():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    source = draw_graph((x * 2.5).sum()).source
    assert "with b = 2.5" in source
    assert source.count("->") == 4  # x -> mul -> t -> sum -> out, and no edge from the constant


def test_roles_are_visibly_distinct():
    loss, params = small_model()
    recorded = walk_graph([loss], {id(t): n for n, t in params.items()})
    source = draw_graph(loss, params=params).source
    style = {v.role: dot_attributes(source, v.dot_id) for v in recorded.tensors}
    assert "peripheries=2" in style["output"]
    assert "style=dashed" in style["constant"]
    assert 'fillcolor="#cdebd0"' in style["parameter"]
    assert len({style[role].split("tooltip")[0] for role in ("output", "constant", "parameter")}) == 3
    x = ag.tensor([1.0], requires_grad=True)
    leaf_source = draw_graph((x * x).sum()).source
    assert 'fillcolor="#cfe0fc"' in leaf_source


def test_custom_function_and_multiple_outputs_are_drawn():
    class SplitHalves(ag.Function):
        @staticmethod
        def forward(ctx, values):
            half = values.shape[0] // 2
            return ag.tensor(values.data[:half]), ag.tensor(values.data[half:])

        @staticmethod
        def backward(ctx, grad_low, grad_high):
            return ag.concatenate([grad_low, grad_high])

    x = ag.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    low, high = SplitHalves.apply(x)
    loss = (low * 2.0 + high).sum()
    nodes, edges = svg_nodes_and_edges(draw_graph(loss))
    split = [lines for lines in nodes.values() if lines and lines[0] == "SplitHalves"]
    assert split and "user-defined backward" in split[0]
    op_count, tensor_count, edge_count = independent_counts(loss)
    assert (len(nodes), len(edges)) == (op_count + tensor_count, edge_count)


# ---------------------------------------------------------------------- modules
def test_module_boxes_hold_the_right_parameters():
    ag.manual_seed(0)
    first = Linear(weight=ag.randn(4, 3, requires_grad=True), bias=ag.zeros(4, requires_grad=True))
    second = Linear(weight=ag.randn(2, 4, requires_grad=True), bias=ag.zeros(2, requires_grad=True))
    head = Linear(weight=ag.randn(1, 2, requires_grad=True))
    model = Encoder(encoder=Sequential(**{"0": first, "1": second}), head=head)
    x = ag.randn(5, 3)
    h = linear(linear(x, first.members["weight"], first.members["bias"]).relu(), **second.members)
    loss = (h @ head.members["weight"].T).sum()

    drawing = draw_graph(loss, params=model)
    recorded = walk_graph([loss], {id(t): n for n, t in model.named_parameters()})
    id_of = {v.name: v.dot_id for v in recorded.tensors if v.role == "parameter"}
    boxes = clusters_from_json(drawing)
    assert boxes["encoder.0 (Linear)"] == {id_of["encoder.0.weight"], id_of["encoder.0.bias"]}
    assert boxes["encoder.1 (Linear)"] == {id_of["encoder.1.weight"], id_of["encoder.1.bias"]}
    assert boxes["head (Linear)"] == {id_of["head.weight"]}
    # one box per module that owns parameters; containers get none (their path is in the titles)
    assert set(boxes) == {"encoder.0 (Linear)", "encoder.1 (Linear)", "head (Linear)"}

    with_dict = clusters_from_json(draw_graph(loss, params=dict(model.named_parameters())))
    assert with_dict["encoder.0"] == boxes["encoder.0 (Linear)"]
    nodes, _ = svg_nodes_and_edges(drawing)
    assert nodes[id_of["encoder.1.bias"]] == ["encoder.1.bias", "(2,) float32"]


def test_parameters_of_the_root_module_get_a_box_named_by_its_class():
    weight = ag.tensor([[1.0, 2.0]], requires_grad=True)
    model = Linear(weight=weight)
    boxes = clusters_from_json(draw_graph((weight * weight).sum(), params=model))
    assert list(boxes) == ["Linear"]


def test_bad_params_and_roots_raise_clear_errors():
    x = ag.tensor([1.0], requires_grad=True)
    with pytest.raises(TypeError, match="params"):
        draw_graph(x * 2, params=42)
    with pytest.raises(TypeError, match="not a Tensor"):
        draw_graph(x * 2, params={"w": np.ones(1)})
    with pytest.raises(TypeError, match="root must be a Tensor"):
        draw_graph(np.ones(2))


# ---------------------------------------------------------------------- values, gradients, memory
def test_show_data_shows_small_tensors_in_full_and_large_ones_as_a_summary():
    small = ag.tensor([1.5, -2.0], requires_grad=True)
    large = ag.tensor(np.arange(100.0, dtype=np.float32), requires_grad=True)
    source = draw_graph([small.sum(), large.sum()], show_data=True).source
    assert "data: [1.5, -2]" in source
    assert "data: mean 49.5, min 0, max 99" in source


def test_show_grad_shows_leaf_gradients_after_backward():
    x = ag.tensor([1.0, 3.0], requires_grad=True)
    x.name = "x"
    y = (x * x).sum()
    assert "grad: None" in draw_graph(y, show_grad=True).source
    y.backward(retain_graph=True)
    assert "grad: [2, 6]" in draw_graph(y, show_grad=True).source


def test_show_saved_lists_arrays_and_bytes_and_backward_releases_them():
    ag.manual_seed(0)
    a = ag.randn(4, 3, requires_grad=True)
    b = ag.randn(3, 2, dtype=np.float64, requires_grad=True)
    loss = (a.astype(np.float64) @ b).sum()
    source = draw_graph(loss, show_saved=True).source
    assert "saved a: (4, 3) float64, 96 B" in source
    assert "saved b: (3, 2) float64, 48 B" in source
    assert "saved for backward:" in source
    loss.backward()
    after = draw_graph(loss, show_saved=True).source
    assert "released by backward" in after
    assert "saved for backward: 0 B" in after


def test_highlight_outlines_the_given_vertices():
    loss, params = small_model()
    recorded = walk_graph([loss])
    weight_id = recorded.vertex_of_tensor(params["out.weight"]).dot_id
    mean_id = recorded.op_of_node[id(loss.grad_fn)].dot_id
    source = draw_graph(loss, highlight=[params["out.weight"], loss.grad_fn]).source
    for node_id in (weight_id, mean_id):
        assert "penwidth=3" in dot_attributes(source, node_id)
    with pytest.raises(ValueError, match="not in the drawn graph"):
        draw_graph(loss, highlight=ag.tensor([1.0]))


def test_same_graph_gives_the_same_drawing():
    first, first_params = small_model(seed=3)
    second, second_params = small_model(seed=3)
    options = {"show_data": True, "show_saved": True}
    once = draw_graph(first, params=first_params, **options).source
    assert once == draw_graph(first, params=first_params, **options).source
    assert once == draw_graph(second, params=second_params, **options).source


def test_rankdir_is_passed_on():
    loss, _ = small_model()
    assert "rankdir=LR" in draw_graph(loss, rankdir="LR").source


# ---------------------------------------------------------------------- large graphs
def test_large_graph_folds_intermediate_tensors_first():
    loss, params = deep_mlp(layers=20)
    full = walk_graph([loss])
    assert len(full.vertices) < DEFAULT_MAX_NODES  # a 20-layer MLP is drawn in full by default
    intermediate = sum(1 for t in full.tensors if t.role == "intermediate")
    folded_size = len(full.vertices) - intermediate
    drawing = draw_graph(loss, params=params, max_nodes=folded_size)
    nodes, _ = svg_nodes_and_edges(drawing)
    assert len(nodes) == folded_size
    assert "folded" in drawing.source
    assert any("→ (8, 16) float32" in lines for lines in nodes.values())


def test_past_max_nodes_the_drawing_is_cut_with_a_visible_note():
    loss, params = deep_mlp(layers=20)
    drawing = draw_graph(loss, params=params, max_nodes=40)
    nodes, edges = svg_nodes_and_edges(drawing)
    assert len(nodes) == 40  # 39 vertices and the note
    note = nodes["more"]
    assert any("more vertices not drawn" in line for line in note)
    assert any(edge.startswith("more->") for edge in edges)
    assert "nearest the output" in drawing.source
    with pytest.raises(ValueError, match="max_nodes"):
        draw_graph(loss, max_nodes=1)


def test_a_deep_chain_draws_without_recursion():
    x = ag.tensor([1.0], requires_grad=True)
    y = x
    for _ in range(5000):
        y = y * 1.0001
    source = draw_graph(y.sum()).source
    assert "more vertices not drawn" in source


def test_returns_a_graphviz_digraph():
    loss, _ = small_model()
    drawing = draw_graph(loss)
    assert isinstance(drawing, graphviz.Digraph)
    assert drawing.source.startswith("digraph")


def test_op_nodes_show_their_parameters():
    x = ag.randn(2, 3, requires_grad=True)
    y = (x**3).sum(axis=1, keepdims=True).reshape(1, 2).T
    source = draw_graph(y).source
    assert "p = 3" in source
    assert "axes = (1,), keepdims = True" in source
    assert "shape = (1, 2)" in source
    assert "axes = (1, 0)" in source


def test_highlight_takes_a_module_and_names_what_it_cannot_find() -> None:
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    loss = model(ag.randn(4, 2)).sum()
    plain = ag.draw_graph(loss, params=model).source
    highlighted = ag.draw_graph(loss, params=model, highlight=model[0]).source
    assert highlighted.count("penwidth=3") == plain.count("penwidth=3") + 2  # the first layer's weight and bias
    with pytest.raises(ValueError, match=r"cannot highlight a Tensor of shape \(2, 3\)"):
        ag.draw_graph(loss, highlight=ag.ones(2, 3))
    with pytest.raises(TypeError, match=r"highlight takes a Tensor, a graph node, a module"):
        ag.draw_graph(loss, highlight=3)
    with pytest.raises(ValueError, match=r"cannot highlight the Linear: none of its parameters is in the graph"):
        ag.draw_graph(loss, highlight=nn.Linear(2, 2))
    with pytest.raises(TypeError, match=r"params must give names, got a Tensor of shape \(3, 2\) alone"):
        ag.draw_graph(loss, params=model.parameters())


def test_a_capped_drawing_keeps_the_highlighted_vertices() -> None:
    x = ag.tensor([0.5, -0.5], requires_grad=True)
    y = x
    for _ in range(400):
        y = y.tanh()
    source = ag.draw_graph(y.sum(), max_nodes=20, highlight=x).source
    assert "vertices nearest the output are drawn" in source
    assert "penwidth=3" in source  # the leaf, 400 ops from the output, is still drawn and outlined


def test_a_folded_drawing_keeps_a_highlighted_intermediate_tensor() -> None:
    x = ag.tensor([1.0, 2.0], requires_grad=True, name="x")
    h = (x * 2).exp()
    h.name = "h"
    loss = (h * h).sum()
    h_id = walk_graph([loss]).vertex_of_tensor(h).dot_id
    source = draw_graph(loss, highlight=h, max_nodes=6).source
    assert "intermediate tensors are folded" in source
    attributes = dot_attributes(source, h_id)
    assert attributes.startswith('label="h\\n(2,) float32"')
    assert "penwidth=3" in attributes
    # h is one of the vertices nearest the output anyway: pinning it takes no second place
    assert len(re.findall(r"^\t(?:t|op)\d+ \[", source, re.MULTILINE)) == 5  # and the note: 6 in all


def test_a_capped_chain_keeps_the_highlighted_tensor_next_to_the_output() -> None:
    x = ag.tensor([0.5, -0.5], requires_grad=True)
    y = x
    for _ in range(400):
        y = y.tanh()
    loss = y.sum()
    recorded = walk_graph([loss])
    assert len(recorded.vertices) > DEFAULT_MAX_NODES
    source = draw_graph(loss, highlight=y).source  # the default cap
    assert "folded" in source and "vertices nearest the output are drawn" in source
    attributes = dot_attributes(source, recorded.vertex_of_tensor(y).dot_id)
    assert attributes.startswith('label="(2,) float32"')
    assert "penwidth=3" in attributes
    assert source.count("penwidth=3") == 1
    assert len(re.findall(r"^\t(?:t|op)\d+ \[", source, re.MULTILINE)) == DEFAULT_MAX_NODES - 1


def test_a_folded_drawing_keeps_named_tensors_and_shown_retained_gradients() -> None:
    x = ag.tensor([1.0, 3.0], requires_grad=True)
    y = x
    for index in range(400):
        y = y * 1.0
        if index == 390:
            y.name = "named"
        if index == 395:
            y.retain_grad()
            retained = y
    loss = y.sum()
    loss.backward(retain_graph=True)
    recorded = walk_graph([loss])
    source = draw_graph(loss, show_grad=True).source
    assert "folded" in source
    assert dot_attributes(source, recorded.vertex_of_tensor(retained).dot_id).startswith(
        'label="(2,) float32\\ngrad: [1, 1]"'
    )
    named_id = next(v.dot_id for v in recorded.tensors if v.name == "named")
    assert dot_attributes(source, named_id).startswith('label="named\\n(2,) float32"')
    # the op that made the named tensor no longer lists it, and its edges go through the tensor
    producer = next(v for v in recorded.tensors if v.name == "named").producer.dot_id
    assert "→" not in dot_attributes(source, producer)
    assert f"{producer} -> {named_id}" in source
    # without show_grad the retained gradient has nothing to show, and that tensor folds
    plain = draw_graph(loss).source
    assert f"\t{recorded.vertex_of_tensor(retained).dot_id} [" not in plain
    assert f"\t{named_id} [" in plain


def test_viz_is_an_attribute_of_the_package() -> None:
    import autograd_core

    assert autograd_core.viz.draw_graph is ag.draw_graph
