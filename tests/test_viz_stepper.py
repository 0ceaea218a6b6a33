"""BackwardStepper: it drives the engine's own pass, step by step, to backward()'s gradients."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pytest
from graph_walk import reachable_nodes

import autograd_core as ag
from autograd_core.viz import BackwardStepper, StepTable
from autograd_core.viz.__main__ import main
from autograd_core.viz.render import GraphvizNotFoundError


def mlp_with_batch_norm_and_dropout(seed: int = 0, dropout: float = 0.25):
    """linear → batch norm (batch statistics) → relu → inverted dropout → linear → MSE."""
    generator = ag.manual_seed(seed)

    def parameter(*shape, scale=0.5):
        return ag.tensor((generator.standard_normal(shape) * scale).astype(np.float32), requires_grad=True)

    params = {
        "fc1.weight": parameter(6, 4),
        "fc1.bias": parameter(6),
        "bn.weight": ag.tensor(np.ones(6, np.float32), requires_grad=True),
        "bn.bias": ag.tensor(np.zeros(6, np.float32), requires_grad=True),
        "fc2.weight": parameter(2, 6),
        "fc2.bias": parameter(2),
    }
    x = ag.randn(8, 4)
    target = ag.randn(8, 2)
    h = x @ params["fc1.weight"].T + params["fc1.bias"]
    mean = h.mean(axis=0, keepdims=True)
    variance = h.var(axis=0, keepdims=True)
    h = (h - mean) / (variance + 1e-5).sqrt() * params["bn.weight"] + params["bn.bias"]
    h = h.relu()
    keep = (ag.rand(8, 6) >= dropout).astype(np.float32)
    h = h * keep / (1 - dropout)
    out = h @ params["fc2.weight"].T + params["fc2.bias"]
    loss = ((out - target) ** 2).mean()
    return loss, params


def test_stepping_to_the_end_gives_the_gradients_of_backward():
    loss, params = mlp_with_batch_norm_and_dropout()
    stepper = BackwardStepper(loss, params=params)
    while not stepper.finished:
        stepper.step()
    reference_loss, reference_params = mlp_with_batch_norm_and_dropout()
    reference_loss.backward()
    for name, parameter in params.items():
        np.testing.assert_array_equal(parameter.grad.data, reference_params[name].grad.data, err_msg=name)


def test_steps_come_in_a_valid_reverse_topological_order_and_cover_every_vertex():
    loss, params = mlp_with_batch_norm_and_dropout(seed=1)
    stepper = BackwardStepper(loss)
    stepper.run()
    position = {id(step.vertex): step.number for step in stepper.history}
    assert len(position) == len(stepper.history)  # no vertex twice
    nodes = reachable_nodes(loss)
    leaves = {id(t) for node in nodes for t in node.inputs if t.grad_fn is None and t.requires_grad}
    assert set(position) == {id(node) for node in nodes} | leaves
    assert set(leaves) == {id(p) for p in params.values()}
    for node in nodes:
        for tensor, required in zip(node.inputs, node.needs_input_grad):
            if required:
                consumer, vertex = id(node), id(tensor.grad_fn or tensor)
                assert position[consumer] < position[vertex], f"{node.name} ran after its input's vertex"
    assert stepper.history[0].vertex is loss.grad_fn
    assert len(stepper.history) == stepper.expected_steps


def test_current_shows_the_op_its_formula_and_the_gradients_it_sends():
    loss, _ = mlp_with_batch_norm_and_dropout()
    stepper = BackwardStepper(loss)
    assert stepper.current is None
    first = stepper.step()
    assert stepper.current is first
    assert (first.number, first.kind, first.op) == (1, "op", "mean")
    assert first.formula == loss.grad_fn.formula
    np.testing.assert_array_equal(first.grad_out, np.ones((), np.float32))
    assert first.input_shapes == ((8, 2),)
    assert first.grads_in[0].shape == (8, 2)
    np.testing.assert_allclose(first.grads_in[0], np.full((8, 2), 1 / 16))
    assert first.input_names == ("x",)
    second = stepper.step()
    np.testing.assert_array_equal(second.grad_out, first.grads_in[0])  # what mean sent is pow's g
    assert "∂x → sub output" in second.describe()


def test_a_constant_input_gets_no_gradient_and_a_leaf_step_reports_its_total():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    w.name = "w"
    c = ag.tensor([3.0, 4.0])
    loss = (w * c + w).sum()
    stepper = BackwardStepper(loss)
    steps = stepper.run()
    mul = next(step for step in steps if step.op == "mul")
    assert mul.grads_in[1] is None
    assert "no gradient" in str(stepper.table())
    leaf = steps[-1]
    assert (leaf.kind, leaf.target, leaf.formula) == ("leaf", "w", "w.grad += g")
    np.testing.assert_array_equal(leaf.grad_out, [4.0, 5.0])
    np.testing.assert_array_equal(w.grad.data, [4.0, 5.0])


def test_records_are_copies_that_later_changes_do_not_alter():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    stepper = BackwardStepper((w * w).sum())
    stepper.run()
    recorded = stepper.current.grad_out.copy()
    w.grad.data[:] = 0.0  # what an optimizer or zero_grad may do in place
    np.testing.assert_array_equal(stepper.current.grad_out, recorded)


# ---------------------------------------------------------------------- errors
def test_a_released_graph_is_a_clear_error():
    loss, _ = mlp_with_batch_norm_and_dropout()
    loss.backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        BackwardStepper(loss)


def test_stepping_past_the_end_is_a_clear_error():
    x = ag.tensor([1.0], requires_grad=True)
    stepper = BackwardStepper((x * 3.0).sum())
    stepper.run()
    assert stepper.finished
    with pytest.raises(RuntimeError, match="finished after 3 steps"):
        stepper.step()
    assert stepper.run() == []


def test_finished_turns_true_after_the_last_step_when_a_branch_gets_no_gradient():
    class NoGradient(ag.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2.0

        @staticmethod
        def backward(ctx, grad):
            return None  # the leaf behind it is reached by no gradient

    x = ag.tensor([1.0, 2.0], requires_grad=True)
    stepper = BackwardStepper(NoGradient.apply(x).sum())
    steps = 0
    while not stepper.finished:
        stepper.step()
        steps += 1
    assert steps == 2 and x.grad is None
    with pytest.raises(RuntimeError, match="finished after 2 steps"):
        stepper.step()


def test_the_stepper_releases_the_graph_unless_asked_to_retain_it():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    loss = (x * x).sum()
    BackwardStepper(loss).run()
    with pytest.raises(RuntimeError, match="retain_graph"):
        loss.backward()

    y = ag.tensor([1.0, 2.0], requires_grad=True)
    kept = (y * y).sum()
    BackwardStepper(kept, retain_graph=True).run()
    kept.backward()
    np.testing.assert_array_equal(y.grad.data, [4.0, 8.0])


def test_a_loss_with_several_elements_needs_a_gradient():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="gradient"):
        BackwardStepper(x * 2.0)
    stepper = BackwardStepper(x * 2.0, gradient=np.array([1.0, -1.0], np.float32))
    stepper.run()
    np.testing.assert_array_equal(x.grad.data, [2.0, -2.0])
    with pytest.raises(TypeError, match="Tensor"):
        BackwardStepper(np.ones(2))


# ---------------------------------------------------------------------- showing
def node_line(source: str, node_id: str) -> str:
    match = re.search(rf"^\s*{re.escape(node_id)} \[(.*)\]$", source, re.MULTILINE)
    assert match, node_id
    return match.group(1)


def test_draw_highlights_the_current_vertex_and_marks_finished_ones():
    loss, params = mlp_with_batch_norm_and_dropout()
    stepper = BackwardStepper(loss, params=params)
    before = stepper.draw().source
    assert "∂" not in before.split("->", 1)[1]  # no gradient on any edge yet
    for _ in range(3):
        stepper.step()
    source = stepper.draw().source
    first, second, third = stepper.history
    assert "penwidth=3" in node_line(source, third.dot_id)
    assert "(step 3)" in node_line(source, third.dot_id)
    for finished in (first, second):
        line = node_line(source, finished.dot_id)
        assert "#bdbdbd" in line and "penwidth" not in line
    sent = sum(g is not None for step in stepper.history for g in step.grads_in)
    assert len(re.findall(r"-> op\d+ \[label=\"∂", source)) == sent
    assert "grad: " in source  # gradients known so far sit on their tensors
    assert stepper.draw(step=1).source.count("(step ") == 1
    with pytest.raises(ValueError, match="between 0 and 3"):
        stepper.draw(step=4)


def test_draw_renders(tmp_path):
    loss, params = mlp_with_batch_norm_and_dropout()
    stepper = BackwardStepper(loss, params=params)
    stepper.step()
    try:
        svg = stepper.draw(show_saved=True).pipe(format="svg", encoding="utf-8")
    except GraphvizNotFoundError:
        pytest.skip("no Graphviz renderer installed")
    assert "fc1.weight" in svg and "(step 1)" in svg


def test_table_is_text_in_a_terminal_and_html_in_a_notebook():
    loss, _ = mlp_with_batch_norm_and_dropout()
    stepper = BackwardStepper(loss)
    assert str(stepper.table()) == "(no backward steps yet)"
    stepper.run()
    table = stepper.table()
    assert isinstance(table, StepTable) and len(table) == len(stepper.history)
    text = str(table)
    assert text.splitlines()[0].split()[:2] == ["step", "vertex"]
    for step in stepper.history:
        assert re.search(rf"^{step.number}\s+{re.escape(step.target)}", text, re.MULTILINE)
    html = table._repr_html_()
    assert html.startswith("<table") and html.count("<tr>") == len(stepper.history) + 1
    assert len(stepper.table(step=2)) == 2


def test_slider_drives_the_engine_forward_and_replays_backward():
    widgets = pytest.importorskip("ipywidgets")
    loss, params = mlp_with_batch_norm_and_dropout()
    stepper = BackwardStepper(loss, params=params)
    box = stepper.slider()
    slider = next(w for w in box.children[0].children if isinstance(w, widgets.IntSlider))
    details, picture = box.children[1], box.children[2]
    assert slider.value == 0 and slider.max == stepper.expected_steps
    slider.value = 4
    assert len(stepper.history) == 4
    assert "step 4:" in details.value
    assert "<svg" in picture.value or "digraph" in picture.value
    slider.value = 1
    assert len(stepper.history) == 4 and "step 1:" in details.value
    slider.value = slider.max
    assert stepper.finished


# ---------------------------------------------------------------------- terminal
def test_terminal_demo_draws_the_example_and_prints_the_step_table(tmp_path, capsys):
    status = main(["-o", str(tmp_path / "graph.gv"), "--quiet-steps"])
    printed = capsys.readouterr().out
    assert status == 0
    assert (tmp_path / "graph.gv").read_text(encoding="utf-8").startswith("digraph")
    assert "step  vertex" in printed
    assert "hidden.weight (leaf)" in printed
    assert "equal what loss.backward() gives" in printed


def test_terminal_demo_refuses_an_unknown_file_type(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["-o", str(tmp_path / "graph.txt")])
    assert exit_info.value.code == 2
    assert "must end in one of" in capsys.readouterr().err
    assert not (tmp_path / "graph.txt").exists()


def test_python_dash_m_runs_the_demo(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "autograd_core.viz", "-o", str(tmp_path / "graph.svg"), "--steps-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert "step 1: mean" in completed.stdout
    if "No Graphviz renderer" not in completed.stderr:
        assert (tmp_path / "graph.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
        assert len(list(tmp_path.glob("step_*.svg"))) == 15


def _nn_model_and_loss(seed: int):
    import nn
    import nn.functional as F

    ag.manual_seed(seed)
    model = nn.Sequential(nn.Linear(5, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.3), nn.Linear(8, 3))
    inputs = ag.randn(6, 5)
    labels = ag.tensor([0, 2, 1, 1, 0, 2])
    return model, F.cross_entropy(model(inputs), labels)


def test_stepper_on_an_nn_mlp_with_batch_norm_and_dropout_matches_backward():
    stepped_model, stepped_loss = _nn_model_and_loss(seed=7)
    stepper = BackwardStepper(stepped_loss, params=stepped_model)
    steps = stepper.run()
    reference_model, reference_loss = _nn_model_and_loss(seed=7)  # same init, same dropout mask
    reference_loss.backward()
    stepped = dict(stepped_model.named_parameters())
    for name, parameter in reference_model.named_parameters():
        assert stepped[name].grad is not None, name
        np.testing.assert_array_equal(stepped[name].grad.data, parameter.grad.data, err_msg=name)
    ops = [step.op for step in steps if step.kind == "op"]
    assert "softmax_cross_entropy" in ops and "relu" in ops and ops.count("linear") == 2
    leaf_titles = {step.target for step in steps if step.kind == "leaf"}
    assert {"0.weight", "0.bias", "1.weight", "1.bias", "4.weight", "4.bias"} <= leaf_titles


def test_stepper_draws_a_folded_and_capped_graph_with_named_tensors_and_the_current_vertex():
    x = ag.tensor([1.0, 3.0], requires_grad=True, name="x")
    y = x
    for index in range(400):
        y = y * 2.0 if index == 0 else y * 1.0
        if index == 397:
            y.name = "late"
    stepper = BackwardStepper(y.sum())
    for _ in range(4):  # sum, then three muls: the last made "late"
        stepper.step()
    source = stepper.draw().source
    assert "folded" in source and "vertices nearest the output are drawn" in source
    late = next(v for v in stepper.graph.tensors if v.name == "late")
    assert re.search(rf'^\t{late.dot_id} \[label="late\\n\(2,\) float32\\ngrad: \[1, 1\]"', source, re.MULTILINE)
    current = re.search(rf"^\t{stepper.current.dot_id} \[(.*)\]$", source, re.MULTILINE)
    assert current and 'fillcolor="#ffd2d2"' in current.group(1) and "→" not in current.group(1)
    stepper.run()  # the last step is x's .grad, 400 ops from the output, drawn all the same
    leaf = stepper.graph.vertex_of_tensor(x).dot_id
    assert stepper.current.dot_id == leaf
    assert re.search(rf'^\t{leaf} \[label="x\\n.*fillcolor="#ffd2d2"', stepper.draw().source, re.MULTILINE)
    np.testing.assert_array_equal(x.grad.data, [2.0, 2.0])
