"""The backward engine apart from the ops: graph shapes (diamonds, reuse, deep chains), gradient
accumulation, retain_graph, hooks, memory, in-place checks, gradient ownership and dtypes, and
the order of the backward steps."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

import autograd_core as ag
from autograd_core.engine import vertex_of


def leaf(values: object, dtype: object = np.float64) -> ag.Tensor:
    return ag.tensor(np.asarray(values, dtype=dtype), requires_grad=True)


@pytest.fixture
def no_cycle_collector() -> Iterator[None]:
    """Switch the cycle collector off, so that only reference counting can free a graph."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


# ---------------------------------------------------------------------- graph shapes
def test_diamond_sums_the_gradients_of_both_paths() -> None:
    x = leaf([0.3, -1.2])
    shared = x * 2.0
    out = (shared.exp() * shared.sin()).sum()
    out.backward()
    a = 2.0 * x.data
    expected = 2.0 * (np.exp(a) * np.sin(a) + np.exp(a) * np.cos(a))
    np.testing.assert_allclose(x.grad.data, expected, rtol=1e-12)


def test_a_tensor_used_many_times_gets_every_contribution() -> None:
    x = leaf([1.0, 2.0])
    total = x * 0.0
    for k in range(1, 101):
        total = total + x * float(k)
    (total * x).sum().backward()
    # d/dx [x · Σk·x] = 2·Σk·x with Σk = 5050.
    np.testing.assert_allclose(x.grad.data, 2 * 5050 * x.data)


def test_nested_diamonds_with_non_leaf_reuse() -> None:
    x = leaf(0.7)
    a = x * x
    b = a + a
    c = b * a
    d = c + b * b
    d.backward()
    value = 0.7
    # d = 2a² + 4a² = 6a² = 6x⁴, so dd/dx = 24x³.
    np.testing.assert_allclose(x.grad.data, 24 * value**3)


def test_gradients_accumulate_across_backward_calls() -> None:
    x = leaf([1.0, -3.0])
    (x * 2.0).sum().backward()
    (x * x).sum().backward()
    np.testing.assert_allclose(x.grad.data, 2.0 + 2 * x.data)
    x.zero_grad()
    assert x.grad is None


def test_retain_graph_allows_a_second_backward_and_accumulates() -> None:
    x = leaf([1.0, 2.0])
    loss = (x.exp() * x).sum()
    loss.backward(retain_graph=True)
    first = x.grad.data.copy()
    loss.backward()
    np.testing.assert_allclose(x.grad.data, 2 * first)


def test_second_backward_through_a_freed_graph_says_retain_graph_and_changes_nothing() -> None:
    x = leaf([1.0, 2.0])
    w = leaf([3.0])
    hidden = x.exp()
    hidden.sum().backward()
    grad_before = x.grad.data.copy()
    # A new graph whose leaf w could be reached before the freed part is.
    loss = (hidden * 2.0).sum() + (w * 5.0).sum()
    with pytest.raises(RuntimeError, match=r"retain_graph=True"):
        loss.backward()
    assert w.grad is None
    np.testing.assert_array_equal(x.grad.data, grad_before)
    with pytest.raises(RuntimeError, match=r"retain_graph=True"):
        ag.grad(hidden.sum(), x)


def test_a_million_node_chain_needs_no_recursion() -> None:
    x = leaf(1.5)
    y = x
    for _ in range(1_000_000):
        y = -y
    y.backward()
    assert x.grad.item() == 1.0
    del y  # freeing the chain must not recurse either


# ---------------------------------------------------------------------- hooks
def test_leaf_hook_is_called_once_with_the_total_gradient() -> None:
    x = leaf([1.0, 2.0])
    received: list[np.ndarray] = []
    x.register_hook(lambda grad: received.append(grad.data.copy()))
    (x * 2.0 + x * 3.0).sum().backward()
    assert len(received) == 1
    np.testing.assert_array_equal(received[0], [5.0, 5.0])


def test_non_leaf_hook_is_called_once_with_the_total_gradient() -> None:
    x = leaf([1.0, 2.0])
    hidden = x * x
    received: list[np.ndarray] = []
    hidden.register_hook(lambda grad: received.append(grad.data.copy()))
    (hidden * 2.0 + hidden.sum()).sum().backward()
    assert len(received) == 1
    np.testing.assert_array_equal(received[0], [4.0, 4.0])


def test_a_hook_can_replace_the_gradient() -> None:
    x = leaf([1.0, 2.0])
    hidden = x * 3.0
    hidden.register_hook(lambda grad: grad * 10.0)
    x.register_hook(lambda grad: grad + 1.0)
    hidden.sum().backward()
    np.testing.assert_array_equal(x.grad.data, [31.0, 31.0])


def test_removed_hook_is_not_called() -> None:
    x = leaf([1.0])
    calls: list[int] = []
    handle = x.register_hook(lambda grad: calls.append(1))
    handle.remove()
    handle.remove()  # removing twice is harmless
    (x * 2.0).sum().backward()
    assert calls == []
    np.testing.assert_array_equal(x.grad.data, [2.0])


def test_retain_grad_keeps_the_gradient_of_a_non_leaf() -> None:
    x = leaf([1.0, 2.0])
    kept = x * x
    kept.retain_grad()
    dropped = x * 2.0
    (kept * 3.0 + dropped).sum().backward()
    np.testing.assert_array_equal(kept.grad.data, [3.0, 3.0])
    assert dropped.grad is None
    assert kept.grad.dtype == kept.dtype


def test_hooks_see_a_tensor_and_cannot_change_the_shape() -> None:
    x = leaf([1.0, 2.0])
    x.register_hook(lambda grad: ag.ones(3, dtype=np.float64))
    with pytest.raises(RuntimeError, match=r"shape \(3,\)"):
        x.sum().backward()


# ---------------------------------------------------------------------- memory
def test_graph_is_freed_when_the_loss_goes_out_of_scope(no_cycle_collector: None) -> None:
    x = leaf(np.ones(4))
    loss = ((x * 2.0).exp() * x).sum()
    node = weakref.ref(loss.grad_fn)
    inner = weakref.ref(loss.grad_fn.inputs[0].grad_fn)
    del loss
    assert node() is None
    assert inner() is None


def test_graph_is_freed_after_backward(no_cycle_collector: None) -> None:
    x = leaf(np.ones(4))
    hidden = x.tanh()
    hidden.retain_grad()
    hidden.register_hook(lambda grad: grad)
    loss = (hidden.sigmoid() * x).mean()
    loss.backward()
    nodes = [weakref.ref(loss.grad_fn), weakref.ref(hidden.grad_fn)]
    del loss, hidden
    assert all(node() is None for node in nodes)


def test_saved_output_does_not_keep_itself_alive(no_cycle_collector: None) -> None:
    x = leaf([0.5])
    out = x.exp()  # exp saves its output
    output_ref = weakref.ref(out)
    del out
    assert output_ref() is None


# ---------------------------------------------------------------------- in-place changes
def test_in_place_update_under_no_grad_makes_backward_fail() -> None:
    x = leaf([1.0, 2.0])
    loss = (x * x).sum()
    with ag.no_grad():
        x += 1.0
    with pytest.raises(RuntimeError, match=r"modified in place"):
        loss.backward()
    assert x.grad is None


def test_item_assignment_under_no_grad_makes_backward_fail() -> None:
    x = leaf([1.0, 2.0])
    loss = x.exp().sum() + (x * x).sum()
    with ag.no_grad():
        x[0] = 5.0
    with pytest.raises(RuntimeError, match=r"version"):
        loss.backward()


@pytest.mark.parametrize(
    "view",
    [
        lambda t: t.reshape(2, 1),
        lambda t: t.T,
        lambda t: t.transpose(0),
        lambda t: t[:1],
        lambda t: t[None],
        lambda t: t.unsqueeze(0).squeeze(0),
        lambda t: t.detach().reshape(2, 1),
    ],
    ids=["reshape", "T", "transpose", "slice", "newaxis", "unsqueeze_squeeze", "detach_reshape"],
)
def test_an_in_place_change_through_a_view_makes_backward_fail(view: Any) -> None:
    # As PyTorch's views share their base's version counter: the saved x was changed.
    x = leaf([1.0, 2.0])
    loss = (x * x).sum()
    with ag.no_grad():
        v = view(x)
        v += 1.0
    assert x.data[0] == 2.0  # the view wrote into x's memory
    with pytest.raises(RuntimeError, match=r"mul: input 'a' .*modified in place"):
        loss.backward()


def test_an_in_place_change_of_the_base_makes_a_graph_that_saved_a_view_fail() -> None:
    base = ag.tensor([1.0, 2.0, 3.0])
    weight = leaf([1.0, 1.0])
    loss = (base[:2] * weight).sum()  # the slice is saved for weight's gradient
    base[0] = 5.0
    with pytest.raises(RuntimeError, match=r"mul: input 'a' .*modified in place"):
        loss.backward()
    assert weight.grad is None


def test_a_copy_made_by_advanced_indexing_is_not_a_view() -> None:
    base = ag.tensor([1.0, 2.0, 3.0])
    weight = leaf([1.0, 1.0])
    loss = (base[[0, 1]] * weight).sum()  # a copy: changing base afterwards is harmless
    base[0] = 5.0
    loss.backward()
    np.testing.assert_array_equal(weight.grad.data, [1.0, 2.0])


def test_views_of_a_parameter_taken_every_step_do_not_pile_up() -> None:
    weight = leaf(np.ones((2, 3)))
    for _ in range(50):
        (ag.ones(4, 3) @ weight.T).sum().backward()
    assert len(weight._sharers) <= 3  # the dead views are forgotten as new ones join


def test_in_place_update_while_recording_is_refused() -> None:
    x = leaf([1.0, 2.0])
    with pytest.raises(RuntimeError, match=r"no_grad"):
        x += 1.0
    np.testing.assert_array_equal(x.data, [1.0, 2.0])


def test_in_place_update_of_an_unsaved_input_is_allowed() -> None:
    x = leaf([1.0, 2.0])
    loss = (x + 1.0).sum()  # add saves nothing, so changing x does not matter to backward
    with ag.no_grad():
        x *= 3.0
    loss.backward()
    np.testing.assert_array_equal(x.grad.data, [1.0, 1.0])


# ---------------------------------------------------------------------- ownership and dtypes
def test_leaves_do_not_share_gradient_memory() -> None:
    x, y = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    (x + y).sum().backward()
    assert not np.shares_memory(x.grad.data, y.grad.data)
    x.grad.data[0] = 100.0
    assert y.grad.data[0] == 1.0


def test_gradients_are_writable_arrays_of_their_own() -> None:
    x, y = leaf([1.0, 2.0]), leaf(0.5)
    seed = ag.tensor([1.0, 1.0], dtype=np.float64)
    (x + y).backward(seed)
    for tensor in (x, y):
        assert tensor.grad.data.flags.writeable
        assert not np.shares_memory(tensor.grad.data, seed.data)
    z = leaf([[1.0], [2.0]])
    z.expand(2, 3).sum().backward()  # broadcast views in backward
    assert z.grad.data.flags.writeable


def test_the_implied_seed_of_a_scalar_never_becomes_a_gradient_s_memory() -> None:
    first = leaf(2.0)
    first.backward()  # the seed itself reaches a leaf
    assert first.grad.data.flags.writeable
    first.grad.data[...] = 5.0
    second = leaf(3.0)
    second.backward()
    (second * 1.0).backward()
    assert second.grad.item() == 2.0 and first.grad.item() == 5.0
    y = second * 3.0
    (of_itself,) = ag.grad(y, y)  # the seed handed out as it is
    of_itself.data[...] = 7.0
    assert ag.grad(y, y)[0].item() == 1.0
    third = leaf(1.0)
    third.backward(create_graph=True)
    assert third.grad.data.flags.writeable and third.grad.item() == 1.0


def test_a_leaf_reached_by_several_paths_sums_them_into_a_grad_of_its_own() -> None:
    x = leaf([1.0, 2.0])
    x.grad = ag.tensor([10.0, 10.0], dtype=np.float64)
    y = x * 3.0
    (y + x + (x * x).exp().log()).sum().backward()  # three consumers, one of them twice
    np.testing.assert_allclose(x.grad.data, [10.0 + 3.0 + 1.0 + 2.0, 10.0 + 3.0 + 1.0 + 4.0])
    shared = leaf([1.0, 2.0])
    (shared + shared).sum().backward()  # add sends one array to both of its inputs
    np.testing.assert_array_equal(shared.grad.data, [2.0, 2.0])
    assert shared.grad.data.flags.writeable


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_grad_has_the_dtype_of_its_tensor(dtype: type) -> None:
    x = leaf([1.0, 2.0], dtype)
    (x.exp() * 2.0 + x.sum() / 3).sum().backward()
    assert x.grad.dtype == dtype


def test_grad_dtypes_in_mixed_dtype_ops() -> None:
    single, double = leaf([1.0, 2.0], np.float32), leaf([3.0, 4.0], np.float64)
    out = single * double
    assert out.dtype == np.float64
    out.sum().backward()
    assert single.grad.dtype == np.float32 and double.grad.dtype == np.float64
    np.testing.assert_allclose(single.grad.data, [3.0, 4.0])
    half = leaf([1.0], np.float32)
    result = half.astype(np.float64) * 2.0
    result.backward(np.array([1.5]))
    assert half.grad.dtype == np.float32
    np.testing.assert_array_equal(half.grad.data, [3.0])


def test_backward_casts_the_given_gradient_to_the_outputs_dtype() -> None:
    x = leaf([1.0, 2.0], np.float32)
    (x * 2.0).backward(np.array([1.0, 1.0], dtype=np.float64))
    assert x.grad.dtype == np.float32


# ---------------------------------------------------------------------- the order of the steps
def build_graph() -> tuple[ag.Tensor, list[ag.Tensor]]:
    a, b = leaf([1.0, 2.0]), leaf([0.5, -1.0])
    shared = a * b
    left = shared.exp() + a
    right = (shared * 2.0).tanh() * b
    loss = (left * right + shared).sum()
    return loss, [a, b]


def graph_edges(loss: ag.Tensor) -> list[tuple[object, object]]:
    """(consumer, producer) pairs between vertices: gradient flows from consumer to producer."""
    edges = []
    stack, seen = [loss.grad_fn], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for tensor, required in zip(node.inputs, node.needs_input_grad):
            if required:
                edges.append((node, vertex_of(tensor)))
                if tensor.grad_fn is not None:
                    stack.append(tensor.grad_fn)
    return edges


def test_steps_come_in_a_valid_reverse_topological_order() -> None:
    loss, leaves = build_graph()
    edges = graph_edges(loss)
    steps = list(ag.BackwardPass([loss], [None]).steps())
    position = {id(vertex): i for i, (vertex, _, _) in enumerate(steps)}
    vertices = {id(v) for edge in edges for v in edge}
    assert set(position) == vertices  # every vertex once
    assert len(steps) == len(vertices)
    for consumer, producer in edges:
        assert position[id(consumer)] < position[id(producer)]
    # After the last step, the leaves hold what backward() gives.
    loss_again, fresh = build_graph()
    loss_again.backward()
    for stepped, expected in zip(leaves, fresh):
        np.testing.assert_allclose(stepped.grad.data, expected.grad.data, rtol=1e-15)


def test_steps_are_deterministic() -> None:
    def names() -> list[str]:
        loss, _ = build_graph()
        return [
            getattr(vertex, "name", None) or repr(vertex.shape)
            for vertex, _, _ in ag.BackwardPass([loss], [None]).steps()
        ]

    assert names() == names()


def test_steps_report_what_each_node_sent() -> None:
    x = leaf([1.0, 2.0])
    y = x * 3.0
    steps = list(ag.BackwardPass([y.sum()], [None]).steps())
    sum_node, mul_node, leaf_step = (vertex for vertex, _, _ in steps)
    assert sum_node.name == "sum" and mul_node.name == "mul" and leaf_step is x
    _, grad_out, grads_in = steps[1]
    np.testing.assert_array_equal(grad_out, [1.0, 1.0])
    np.testing.assert_array_equal(grads_in[0], [3.0, 3.0])
    assert steps[2][2] is None


# ---------------------------------------------------------------------- scalar (0-d) gradients
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_scalar_elements_used_several_times(dtype: type) -> None:
    # NumPy adds two 0-d arrays into a scalar, not an array: the sums of 0-d gradients must
    # stay arrays for the backward of the indexing that made them.
    x = leaf([1.0, 2.0, 3.0], dtype)
    a, b = x[0], x[1]
    ((1 - a) ** 2 + 100 * (b - a**2) ** 2).backward()  # Rosenbrock's function
    np.testing.assert_allclose(x.grad.data, [-400.0, 200.0, 0.0])
    assert x.grad.dtype == dtype


def test_a_scalar_leaf_reached_twice_gets_an_array_gradient() -> None:
    w = leaf(1.5)
    (w * w + w).backward()
    assert isinstance(w.grad.data, np.ndarray) and w.grad.data.shape == ()
    assert w.grad.item() == 4.0


def test_second_order_through_scalar_elements() -> None:
    hessian = ag.functional.hessian(lambda x: (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2, leaf([1.0, 2.0]))
    np.testing.assert_allclose(hessian.data, [[402.0, -400.0], [-400.0, 200.0]])  # by hand: 1200x²−400y+2, …
    assert ag.gradgradcheck(lambda v: v[0] * v[0] * v[1], (leaf([1.0, 2.0]),))


def test_gradients_accumulate_into_the_existing_grad_in_place() -> None:
    x = leaf([1.0, 2.0])
    (x * x).sum().backward()
    held = x.grad
    (x * 3.0).sum().backward()
    assert x.grad is held  # as in PyTorch: a reference to .grad sees the sum
    np.testing.assert_array_equal(held.data, [5.0, 7.0])
    x.zero_grad(set_to_none=False)
    (x * 3.0).sum().backward()
    assert x.grad is held and held.data.tolist() == [3.0, 3.0]


def test_a_graph_that_saved_a_grad_sees_its_in_place_accumulation() -> None:
    x = leaf([1.0, 2.0])
    (x * x).sum().backward()
    w = leaf([1.0, 1.0])
    uses_grad = (w * x.grad).sum()  # saves x.grad for w's gradient
    (x * x).sum().backward()  # adds into x.grad in place
    with pytest.raises(RuntimeError, match="modified in place"):
        uses_grad.backward()


def test_an_output_saved_for_backward_and_modified_in_place_is_refused() -> None:
    a = leaf([0.5, 1.0, 2.0])
    s = a.sigmoid()  # its backward reads its output, s·(1 − s)
    loss = s.sum()
    with ag.no_grad():
        s *= 0.0
    with pytest.raises(RuntimeError, match=r"sigmoid: its output of shape \(3,\).*modified in place"):
        loss.backward()
    assert a.grad is None


def test_a_modified_saved_value_is_refused_before_any_gradient_is_accumulated() -> None:
    x, y = leaf([1.0, 1.0, 1.0]), leaf([1.0, 1.0, 1.0])
    loss = (y * y).sum() + (x * 2.0).sum()
    with ag.no_grad():
        y += 1.0
    with pytest.raises(RuntimeError, match=r"mul: input 'a' .*modified in place"):
        loss.backward()
    assert x.grad is None and y.grad is None  # nothing changed: x's branch did not run either


def test_grad_checks_only_the_part_of_the_graph_it_runs() -> None:
    # As in PyTorch: a branch that leads to no wanted input is not run, so a change to what it
    # saved does not matter.
    a, b = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    c = b * 1.0
    loss = (a * a).sum() + (c * c).sum()
    with ag.no_grad():
        c[0] = 10.0
    (gradient,) = ag.grad(loss, [a], retain_graph=True)
    np.testing.assert_array_equal(gradient.data, [2.0, 4.0])
    with pytest.raises(RuntimeError, match="modified in place"):
        ag.grad(loss, [b])


def test_a_change_through_a_detached_alias_is_caught(no_cycle_collector: None) -> None:
    # detach() shares the array; as in PyTorch, writing through it counts as writing the original.
    a = leaf([1.0, 2.0])
    b = a * 1.0
    loss = (b * b).sum()
    alias = b.detach()
    with ag.no_grad():
        alias += 1.0
    with pytest.raises(RuntimeError, match=r"mul: input 'a' .*modified in place"):
        loss.backward()
    # The alias holds its source weakly: a detached loss does not keep the graph alive.
    value = (leaf([1.0]) * 2.0).sum()
    node = weakref.ref(value.grad_fn)
    kept = value.detach()
    del value
    assert node() is None and kept.item() == 2.0


def test_a_change_through_a_state_dict_entry_is_caught() -> None:
    import nn

    layer = nn.Linear(2, 1)
    loss = layer(ag.ones(1, 2)).sum()
    layer.state_dict()["weight"] += 100.0
    with pytest.raises(RuntimeError, match=r"linear: input 'weight' .*modified in place"):
        loss.backward()


def test_a_change_of_the_original_is_caught_through_its_detached_alias() -> None:
    import nn

    # A target copy made with detach() and used in a graph; the optimizer then changes the
    # original in place: backward must not read the new values through the alias.
    weight = nn.Parameter(np.ones(2))
    optimizer = nn.optim.SGD([weight], lr=0.1)
    target = weight.detach()
    x = leaf([1.0, 2.0])
    loss = (x * target).sum()
    weight.grad = np.ones(2)
    optimizer.step()
    with pytest.raises(RuntimeError, match=r"mul: input 'b' .*modified in place"):
        loss.backward()


def test_a_copy_shares_no_array_and_no_version_with_its_original() -> None:
    import copy

    import nn

    layer = nn.Linear(2, 1)
    layer.state_dict()  # the parameters now have detached aliases
    twin = copy.deepcopy(layer)
    assert not np.shares_memory(twin.weight.data, layer.weight.data)
    loss = layer(ag.ones(1, 2)).sum()
    with ag.no_grad():
        twin.weight += 1.0  # the copy's change is not the original's
    loss.backward()
    assert layer.weight.grad is not None


def test_a_tensor_given_a_new_array_no_longer_shares_changes_with_its_old_aliases() -> None:
    a = leaf([1.0, 2.0])
    alias = a.detach()
    alias.data = np.array([5.0, 5.0])  # its own array now: changing it does not change a
    loss = (a * a).sum()
    with ag.no_grad():
        alias += 1.0
    loss.backward()
    np.testing.assert_array_equal(a.grad.data, [2.0, 4.0])
    shared = a.detach()
    loss = (a * a).sum()
    with ag.no_grad():
        shared += 1.0  # still shares a's array
    with pytest.raises(RuntimeError, match="modified in place"):
        loss.backward()


def test_several_contributions_are_summed_before_they_are_added_to_an_existing_grad() -> None:
    # PyTorch's order, G + (g1 + g2), and the stepper's: the same bits, not (G + g1) + g2.
    rng = np.random.default_rng(1)
    start, a, b, previous = (rng.standard_normal(1000).astype(np.float32) for _ in range(4))
    previous *= 100

    def build() -> tuple[ag.Tensor, ag.Tensor]:
        w = ag.tensor(start.copy(), requires_grad=True)
        w.grad = ag.tensor(previous.copy())
        return w, (w * ag.tensor(a)).sum() + (w * ag.tensor(b)).sum()

    by_backward, loss = build()
    loss.backward()
    by_stepper, loss = build()
    ag.BackwardStepper(loss).run()
    np.testing.assert_array_equal(by_backward.grad.data, previous + (a + b))
    np.testing.assert_array_equal(by_stepper.grad.data, by_backward.grad.data)


@pytest.mark.parametrize(
    "same_shape",
    [
        lambda t: t.reshape(t.shape),
        lambda t: t.T,
        lambda t: ag.transpose(t, (0,)),
        lambda t: ag.swapaxes(t, 0, 0),
        lambda t: ag.squeeze(t),
        lambda t: ag.broadcast_to(t, (3,)),
        lambda t: t.expand(3),
    ],
    ids=["reshape", "T", "transpose", "swapaxes", "squeeze", "broadcast_to", "expand"],
)
def test_a_shape_op_that_keeps_the_shape_still_gives_a_tensor_of_its_own(same_shape: Any) -> None:
    # As PyTorch's views: hooks, retained gradients and ag.grad see the view's own gradient.
    x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    hidden = x * 2.0
    view = same_shape(hidden)
    assert view is not hidden
    (of_view,) = ag.grad((view * 3.0).sum() + (hidden * 5.0).sum(), view)
    np.testing.assert_array_equal(of_view.data, [3.0, 3.0, 3.0])
    view = same_shape(hidden)
    seen = []
    view.register_hook(lambda grad: seen.append(grad.data.copy()))
    view.retain_grad()
    ((view * 3.0).sum() + (hidden * 5.0).sum()).backward()
    np.testing.assert_array_equal(seen[0], [3.0, 3.0, 3.0])
    np.testing.assert_array_equal(view.grad.data, [3.0, 3.0, 3.0])
    np.testing.assert_array_equal(x.grad.data, [16.0, 16.0, 16.0])
    leaf_view = same_shape(x)
    assert not leaf_view.is_leaf


def test_an_indexed_scalar_meeting_a_broadcasting_op_gets_its_gradient() -> None:
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    (x[0] * x).sum().backward()  # the scalar's gradient is a broadcast gradient summed to shape ()
    np.testing.assert_array_equal(x.grad.data, [4.0, 1.0])
    x.grad = None
    ag.where(np.array([True, False]), x[:1], x[1]).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [1.0, 1.0])


def test_flatten_that_merges_nothing_is_the_tensor_itself_as_in_pytorch() -> None:
    hidden = ag.tensor([[1.0], [2.0]], requires_grad=True) * 2.0
    assert hidden.flatten(1, 1) is hidden  # torch.flatten returns its input when nothing merges
    assert ag.tensor([1.0, 2.0]).flatten().shape == (2,)
    assert hidden.flatten().shape == (2,) and hidden.flatten() is not hidden


@pytest.mark.parametrize("create_graph", [False, True])
def test_a_leaf_that_stopped_requiring_grad_gets_no_gradient(create_graph: bool) -> None:
    # As PyTorch: requires_grad_(False) after the graph was recorded leaves .grad None.
    weight, other = leaf([1.0, 2.0]), leaf([3.0])
    loss = (weight * weight).sum() * other
    weight.requires_grad_(False)
    loss.backward(create_graph=create_graph)
    assert weight.grad is None
    np.testing.assert_array_equal(other.grad.data, [5.0])


def test_a_hook_that_modifies_a_saved_value_during_backward_is_caught() -> None:
    # The first pass checks every node; code run during the pass (here a tensor hook) can still
    # change a value that a later node reads, so each node checks again after user code.
    a, b = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    product = a * b  # saves a and b
    c = product * 2.0

    def bump(grad: ag.Tensor) -> None:
        with ag.no_grad():
            b.add_(1.0)

    c.register_hook(bump)
    with pytest.raises(RuntimeError, match=r"mul: input 'b' .*modified in place"):
        c.sum().backward()


def test_a_custom_function_that_modifies_a_saved_value_during_backward_is_caught() -> None:
    a, b = leaf([1.0, 2.0]), leaf([3.0, 4.0])

    class Meddling(ag.Function):
        @staticmethod
        def forward(ctx: Any, x: ag.Tensor) -> ag.Tensor:
            return x * 1.0

        @staticmethod
        def backward(ctx: Any, grad: ag.Tensor) -> ag.Tensor:
            with ag.no_grad():
                b.add_(1.0)
            return grad

    loss = Meddling.apply(a * b).sum()
    with pytest.raises(RuntimeError, match=r"mul: input 'b' .*modified in place"):
        loss.backward()


def test_a_leaf_hook_that_modifies_a_saved_value_during_backward_is_caught() -> None:
    a, b, w = leaf([1.0, 2.0]), leaf([3.0, 4.0]), leaf([1.0, 1.0])
    left = (w * 3.0).sum()  # w's gradient arrives first: this branch runs before a * b
    right = (a * b).sum()

    def bump(grad: ag.Tensor) -> None:
        with ag.no_grad():
            b.add_(1.0)

    w.register_hook(bump)
    with pytest.raises(RuntimeError, match=r"mul: input 'b' .*modified in place"):
        (right + left).backward()


def test_a_pass_built_then_run_later_checks_again_what_changed_in_between() -> None:
    a, b = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    loss = (a * b).sum()
    backward_pass = ag.BackwardPass([loss], [None])  # checks the graph now
    with ag.no_grad():
        b.add_(1.0)
    with pytest.raises(RuntimeError, match=r"mul: input 'b' .*modified in place"):
        backward_pass.run()


# ---------------------------------------------------------------------- random graphs
def _sin_cos(library: Any) -> Any:
    """(sin x, cos x) as one custom Function of ``library`` (this one or PyTorch)."""
    base = ag.Function if library is ag else library.autograd.Function

    class SinCos(base):  # type: ignore[misc, valid-type]
        @staticmethod
        def forward(ctx: Any, x: Any) -> tuple[Any, Any]:
            ctx.save_for_backward(x)
            return library.sin(x), library.cos(x)

        @staticmethod
        def backward(ctx: Any, grad_sin: Any, grad_cos: Any) -> Any:
            (x,) = ctx.saved_tensors
            return grad_sin * library.cos(x) - grad_cos * library.sin(x)

    return SinCos


def _random_graph(seed: int, library: Any, leaves: list[Any]) -> tuple[Any, list[Any]]:
    """A random graph over ``leaves`` with reuse, broadcasting, a two-output op, tensor hooks
    and retained gradients, built the same way in this library and in PyTorch."""
    generator = np.random.default_rng(seed)
    full = [leaves[0] * leaves[1] + leaves[2]]  # values of shape (3, 4)
    operands = leaves + full  # anything that broadcasts to (3, 4)
    retained = []
    for _ in range(int(generator.integers(3, 9))):
        kind = int(generator.integers(0, 7))
        a = full[int(generator.integers(0, len(full)))]
        b = operands[int(generator.integers(0, len(operands)))]
        if kind == 0:
            out = a * b
        elif kind == 1:
            out = a + b.tanh()
        elif kind == 2:
            out = (a - b).relu()
        elif kind == 3:
            out = a.sigmoid() * 2.0
        elif kind == 4:  # a custom Function with two outputs, one of them used
            first, second = _sin_cos(library).apply(a)
            out = first * 2.0 + (second * b if generator.random() < 0.5 else 0.0)
        elif kind == 5:
            out = a.sum(1, keepdim=True) * a + b
        else:
            out = library.exp(a * 0.1)
        if generator.random() < 0.3:
            out.register_hook(lambda grad: grad * 2.0)  # replaces the gradient
        if generator.random() < 0.3:
            out.retain_grad()
            retained.append(out)
        full.append(out)
        operands.append(out)
    loss = sum(value.sum() * float(i + 1) for i, value in enumerate(full))
    return loss, retained


@pytest.mark.parametrize("seed", range(40))
def test_random_graphs_give_the_same_gradients_through_backward_grad_and_pytorch(seed: int) -> None:
    # backward() takes the usual pass and hands over to the general one at the first hook,
    # retained gradient or two-output node; ag.grad() takes the general one throughout.
    shapes = [(3, 4), (4,), (3, 1)]
    arrays = [np.random.default_rng(seed).standard_normal(shape) for shape in shapes]
    ours = [leaf(array) for array in arrays]
    loss, retained = _random_graph(seed, ag, ours)
    loss.backward(retain_graph=True)
    expected = ag.grad(loss, ours)
    for tensor, gradient in zip(ours, expected):
        np.testing.assert_allclose(tensor.grad.data, gradient.data, rtol=1e-12, atol=1e-12)
    torch = pytest.importorskip("torch")
    theirs = [torch.tensor(array, requires_grad=True) for array in arrays]
    their_loss, their_retained = _random_graph(seed, torch, theirs)
    their_loss.backward()
    np.testing.assert_allclose(loss.item(), their_loss.item(), rtol=1e-12)
    for mine, reference in zip(ours + retained, theirs + their_retained):
        np.testing.assert_allclose(mine.grad.data, reference.grad.numpy(), rtol=1e-10, atol=1e-12)
