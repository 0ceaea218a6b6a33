"""Module and Parameter: registration by attribute, dotted names, buffers, modes, repr, and
state dicts that load strictly and change nothing when they fail."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import autograd_core as ag
import nn


class Block(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.scale = nn.Parameter(np.ones(3, dtype=np.float32))
        self.inner = nn.Linear(3, 2)
        self.register_buffer("count", ag.tensor(np.zeros((), dtype=np.int64)))
        self.register_buffer("scratch", ag.zeros(2), persistent=False)
        self.plain = ag.zeros(4)  # a Tensor attribute that is neither parameter nor buffer
        self.note = "not registered"

    def forward(self, x: ag.Tensor) -> ag.Tensor:
        return self.inner(x * self.scale)


class Model(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.Sequential(Block(), nn.ReLU(), nn.BatchNorm1d(2))
        self.head = nn.Linear(2, 1, bias=False)

    def forward(self, x: ag.Tensor) -> ag.Tensor:
        return self.head(self.encoder(x))


def test_parameter_is_a_leaf_tensor_that_requires_grad() -> None:
    parameter = nn.Parameter(np.arange(3.0, dtype=np.float32))
    assert isinstance(parameter, ag.Tensor)
    assert parameter.requires_grad and parameter.is_leaf
    assert repr(parameter).startswith("Parameter containing:\ntensor(")
    frozen = nn.Parameter(ag.ones(2), requires_grad=False)
    assert not frozen.requires_grad
    source = ag.ones(3)
    shared = nn.Parameter(source)
    shared.data[0] = 5.0
    assert source.data[0] == 5.0  # a Tensor's array is shared, as in PyTorch
    with pytest.raises(TypeError):
        nn.Parameter(np.arange(3))  # integers cannot require grad


def test_parameters_modules_and_buffers_are_found_by_attribute_with_dotted_names() -> None:
    model = Model()
    assert [name for name, _ in model.named_parameters()] == [
        "encoder.0.scale",
        "encoder.0.inner.weight",
        "encoder.0.inner.bias",
        "encoder.2.weight",
        "encoder.2.bias",
        "head.weight",
    ]
    assert len(list(model.parameters())) == 6
    assert [name for name, _ in model.named_buffers()] == [
        "encoder.0.count",
        "encoder.0.scratch",
        "encoder.2.running_mean",
        "encoder.2.running_var",
        "encoder.2.num_batches_tracked",
    ]
    assert [name for name, _ in model.named_modules()] == [
        "",
        "encoder",
        "encoder.0",
        "encoder.0.inner",
        "encoder.1",
        "encoder.2",
        "head",
    ]
    assert [name for name, _ in model.named_children()] == ["encoder", "head"]
    assert list(model.children()) == [model.encoder, model.head]
    assert model.head.bias is None


def test_state_dict_has_parameters_then_persistent_buffers_per_module_in_pytorch_order() -> None:
    state = Model().state_dict()
    assert list(state) == [
        "encoder.0.scale",
        "encoder.0.count",
        "encoder.0.inner.weight",
        "encoder.0.inner.bias",
        "encoder.2.weight",
        "encoder.2.bias",
        "encoder.2.running_mean",
        "encoder.2.running_var",
        "encoder.2.num_batches_tracked",
        "head.weight",
    ]
    assert state["encoder.2.num_batches_tracked"].dtype == np.int64
    assert all(not tensor.requires_grad for tensor in state.values())


def test_shared_parameters_are_listed_once() -> None:
    layer = nn.Linear(2, 2)
    model = nn.Sequential(layer, nn.ReLU(), layer)
    assert len(list(model.parameters())) == 2
    assert list(model.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]


def test_reassigning_changes_the_kind_of_an_attribute() -> None:
    model = nn.Module()
    model.thing = nn.Linear(1, 1)
    assert [name for name, _ in model.named_parameters()] == ["thing.weight", "thing.bias"]
    model.thing = nn.Parameter(ag.ones(1))  # a parameter may replace a module
    assert [name for name, _ in model.named_parameters()] == ["thing"]
    assert "thing" not in model._modules
    with pytest.raises(TypeError, match="parameter 'thing'"):
        model.thing = nn.Linear(1, 1)  # but not the other way round, as in PyTorch
    model.thing = None
    assert list(model.parameters()) == []
    del model.thing
    assert not hasattr(model, "thing")
    model.thing = nn.Linear(1, 1)
    assert len(list(model.parameters())) == 2


def test_bad_assignments_and_registrations_are_clear_errors() -> None:
    layer = nn.Linear(2, 2)
    with pytest.raises(TypeError, match="parameter 'weight'"):
        layer.weight = ag.ones(2, 2)  # a plain Tensor where a Parameter is registered
    with pytest.raises(KeyError, match="already exists"):
        layer.register_buffer("in_features", ag.ones(1))
    with pytest.raises(KeyError, match=r"no '\.'"):
        layer.register_parameter("a.b", None)
    with pytest.raises(TypeError, match="buffer"):
        layer.register_buffer("stats", np.ones(2))

    class Forgetful(nn.Module):
        def __init__(self) -> None:
            self.weight = nn.Parameter(ag.ones(1))

    with pytest.raises(AttributeError, match=r"before Module\.__init__"):
        Forgetful()
    with pytest.raises(NotImplementedError, match="forward"):
        nn.Module()(1)


def test_train_and_eval_propagate_to_every_submodule() -> None:
    model = Model()
    assert all(module.training for module in model.modules())
    assert model.eval() is model
    assert not any(module.training for module in model.modules())
    model.train()
    assert all(module.training for module in model.modules())
    with pytest.raises(ValueError):
        model.train("yes")  # type: ignore[arg-type]


def test_empty_containers_are_submodules_too() -> None:
    inner = nn.Sequential()
    model = nn.Sequential(nn.Linear(2, 2), inner, nn.ModuleList())
    assert [name for name, _ in model.named_modules()] == ["", "0", "1", "2"]
    model.eval()
    assert not inner.training


def test_repr_shows_the_tree_like_pytorch() -> None:
    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Dropout(0.5), nn.Sequential(nn.Linear(3, 1, bias=False)))
    assert repr(model) == (
        "Sequential(\n"
        "  (0): Linear(in_features=4, out_features=3, bias=True)\n"
        "  (1): ReLU()\n"
        "  (2): Dropout(p=0.5, inplace=False)\n"
        "  (3): Sequential(\n"
        "    (0): Linear(in_features=3, out_features=1, bias=False)\n"
        "  )\n"
        ")"
    )
    assert repr(nn.BatchNorm1d(3)) == (
        "BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)"
    )
    assert repr(nn.Conv2d(1, 2, 3, padding=1)) == "Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))"


def test_zero_grad_requires_grad_and_astype() -> None:
    model = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    model(ag.randn(4, 3)).sum().backward()
    assert all(p.grad is not None for p in model.parameters())
    model.zero_grad(set_to_none=False)
    assert all(np.all(p.grad.data == 0) for p in model.parameters())
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())
    model.requires_grad_(False)
    assert not any(p.requires_grad for p in model.parameters())
    model.double()
    assert all(t.dtype == np.float64 for t in model.parameters())
    assert model[1].running_mean.dtype == np.float64
    assert model[1].num_batches_tracked.dtype == np.int64  # integer buffers stay integers


def test_state_dict_shares_arrays_and_load_state_dict_copies_in_place() -> None:
    source, target = Model(), Model()
    state = target.state_dict()
    weight_before = target.head.weight
    result = target.load_state_dict(source.state_dict())
    assert result.missing_keys == [] and result.unexpected_keys == []
    assert target.head.weight is weight_before  # the same Parameter object, now with source's values
    for name, tensor in source.state_dict().items():
        np.testing.assert_array_equal(target.state_dict()[name].data, tensor.data)
        np.testing.assert_array_equal(state[name].data, tensor.data)  # earlier views follow


def test_load_state_dict_accepts_arrays_and_lists() -> None:
    layer = nn.Linear(2, 1)
    layer.load_state_dict({"weight": [[1.0, 2.0]], "bias": np.array([3.0])})
    np.testing.assert_array_equal(layer(ag.tensor([[1.0, 1.0]])).data, [[6.0]])
    assert layer.weight.dtype == np.float32


def test_a_failed_strict_load_names_every_problem_and_changes_nothing() -> None:
    model, other = Model(), Model()
    before = {name: t.data.copy() for name, t in model.state_dict().items()}
    bad = {name: t for name, t in other.state_dict().items() if name != "head.weight"}
    bad["encoder.0.inner.weight"] = ag.zeros(5, 5)
    bad["encoder.2.running_mean"] = np.zeros(2, dtype=np.complex64)
    bad["extra.thing"] = ag.zeros(1)
    with pytest.raises(RuntimeError) as error:
        model.load_state_dict(bad)
    message = str(error.value)
    assert 'Missing key(s) in state_dict: "head.weight"' in message
    assert 'Unexpected key(s) in state_dict: "extra.thing"' in message
    assert "size mismatch for encoder.0.inner.weight" in message and "(5, 5)" in message and "(2, 3)" in message
    assert "encoder.2.running_mean" in message
    assert "nothing was loaded" in message
    for name, tensor in model.state_dict().items():
        np.testing.assert_array_equal(tensor.data, before[name])


def test_a_shape_mismatch_fails_even_when_not_strict_but_missing_keys_are_reported() -> None:
    model = nn.Linear(2, 2)
    result = model.load_state_dict({"weight": np.eye(2), "junk": np.ones(1)}, strict=False)
    assert result.missing_keys == ["bias"] and result.unexpected_keys == ["junk"]
    np.testing.assert_array_equal(model.weight.data, np.eye(2))
    with pytest.raises(RuntimeError, match="size mismatch"):
        model.load_state_dict({"weight": np.eye(3)}, strict=False)
    with pytest.raises(RuntimeError, match="dtype mismatch"):
        nn.BatchNorm1d(2).load_state_dict({**nn.BatchNorm1d(2).state_dict(), "num_batches_tracked": np.array(1.5)})


def test_load_state_dict_result_reads_as_a_success_or_lists_the_keys() -> None:
    model = nn.Linear(2, 2)
    matched = model.load_state_dict(model.state_dict())
    assert repr(matched) == str(matched) == "<All keys matched successfully>"
    assert matched == ([], []) and not matched.missing_keys  # still the named tuple
    partial = model.load_state_dict({"weight": np.eye(2), "junk": np.ones(1)}, strict=False)
    assert repr(partial) == str(partial) == "IncompatibleKeys(missing_keys=['bias'], unexpected_keys=['junk'])"
    extra = model.load_state_dict({**model.state_dict(), "junk": np.ones(1)}, strict=False)
    assert repr(extra) == "IncompatibleKeys(missing_keys=[], unexpected_keys=['junk'])"


def test_loading_marks_parameters_modified_for_graphs_that_saved_them() -> None:
    layer = nn.Linear(2, 2)
    loss = (layer(ag.ones(1, 2)) ** 2).sum()
    layer.load_state_dict(nn.Linear(2, 2).state_dict())
    with pytest.raises(RuntimeError, match="modified in place"):
        loss.backward()


def test_deepcopy_gives_an_independent_model() -> None:
    model = Model()
    clone = copy.deepcopy(model)
    assert isinstance(clone.head.weight, nn.Parameter)
    assert clone.head.weight is clone.head._parameters["weight"]  # registry and attribute stay one object
    clone.head.weight.data[...] = 0
    assert not np.all(model.head.weight.data == 0)
    assert [n for n, _ in clone.named_parameters()] == [n for n, _ in model.named_parameters()]


def test_apply_visits_every_module() -> None:
    seen = []
    Model().apply(lambda module: seen.append(type(module).__name__))
    assert seen == ["Linear", "Block", "ReLU", "BatchNorm1d", "Sequential", "Linear", "Model"]


def test_sequential_and_module_list_containers() -> None:
    first, second = nn.Linear(2, 3), nn.Linear(3, 1)
    model = nn.Sequential(first, nn.ReLU(), second)
    assert len(model) == 3 and model[0] is first and model[-1] is second
    assert list(model) == [first, model[1], second]
    assert isinstance(model[:2], nn.Sequential) and len(model[:2]) == 2
    with pytest.raises(IndexError):
        model[3]
    with pytest.raises(TypeError, match="not a Module"):
        nn.Sequential(nn.ReLU(), "relu")
    named = nn.Sequential({"hidden": nn.Linear(2, 2), "out": nn.Linear(2, 1)})
    assert next(name for name, _ in named.named_parameters()) == "hidden.weight"
    layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    layers.append(nn.Linear(2, 1))
    holder = nn.Module()
    holder.layers = layers
    assert len(list(holder.parameters())) == 8
    assert "layers.3.bias" in holder.state_dict()


def test_zero_grad_without_none_zeros_each_gradient_in_place() -> None:
    model = nn.Sequential(nn.Linear(3, 2))
    model(ag.randn(4, 3)).sum().backward()
    held = [(p.grad, p.grad.data) for p in model.parameters()]
    model.zero_grad(set_to_none=False)
    for parameter, (grad, array) in zip(model.parameters(), held):
        assert parameter.grad is grad and grad.data is array  # whoever holds the gradient sees the zeros
        np.testing.assert_array_equal(array, 0)
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    x.grad = np.broadcast_to(np.float32(1.0), (2,))  # a read-only view
    grad = x.grad
    x.zero_grad(set_to_none=False)
    assert x.grad is grad
    np.testing.assert_array_equal(grad.data, 0)


def test_zero_grad_detaches_a_recorded_gradient_in_place_as_pytorch() -> None:
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    (x**3).sum().backward(create_graph=True)
    grad = x.grad
    assert grad.grad_fn is not None
    x.zero_grad(set_to_none=False)
    assert x.grad is grad and grad.grad_fn is None and not grad.requires_grad
    np.testing.assert_array_equal(grad.data, 0)


def test_zero_grad_in_place_matches_pytorch() -> None:
    torch = pytest.importorskip("torch")
    theirs, ours = torch.nn.Linear(3, 2), nn.Linear(3, 2)
    theirs(torch.ones(1, 3)).sum().backward()
    ours(ag.ones(1, 3)).sum().backward()
    held_theirs, held_ours = theirs.weight.grad, ours.weight.grad
    theirs.zero_grad(set_to_none=False)
    ours.zero_grad(set_to_none=False)
    assert theirs.weight.grad is held_theirs and not held_theirs.any()
    assert ours.weight.grad is held_ours and not held_ours.data.any()


def test_replacing_a_member_keeps_its_place_in_the_state_dict_as_pytorch() -> None:
    class Pair(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.first = nn.Linear(1, 1)
            self.second = nn.Linear(1, 1)
            self.scale = nn.Parameter(np.ones(1))
            self.shift = nn.Parameter(np.zeros(1))
            self.register_buffer("low", ag.zeros(1))
            self.register_buffer("high", ag.ones(1))
            self.first = nn.Linear(1, 2)
            self.scale = nn.Parameter(np.ones(2))
            self.register_buffer("low", ag.zeros(2))
            self.register_parameter("shift", nn.Parameter(np.zeros(2)))

    assert list(Pair().state_dict()) == [
        "scale",
        "shift",
        "low",
        "high",
        "first.weight",
        "first.bias",
        "second.weight",
        "second.bias",
    ]


# ---------------------------------------------------------------------- containers as lists
def linear(n: int) -> nn.Linear:
    return nn.Linear(n, n)


def sizes(container: nn.Module) -> list[int]:
    return [module.in_features for module in container]


def test_sequential_changes_as_a_list_and_renumbers_as_pytorch() -> None:
    model = nn.Sequential(linear(1), nn.ReLU(), linear(2))
    assert model.append(linear(3)) is model and model.extend([linear(4)]) is model
    assert model.insert(0, linear(5)) is model and model.insert(-1, linear(6)) is model
    assert list(model.state_dict())[::2] == [f"{n}.weight" for n in (0, 1, 3, 4, 5, 6)]
    del model[2]  # the ReLU
    assert sizes(model) == [5, 1, 2, 3, 6, 4]
    assert [name for name, _ in model.named_parameters()][::2] == [f"{n}.weight" for n in range(6)]
    assert model.pop(-2).in_features == 6 and model.pop(slice(0, 2))[1].in_features == 1
    assert sizes(model) == [2, 3, 4] and list(model._modules) == ["0", "1", "2"]
    replacement = linear(7)
    model[1] = replacement
    assert model[1] is replacement and model.__dict__["1"] is replacement
    assert list(model.state_dict())[::2] == ["0.weight", "1.weight", "2.weight"]
    del model[::2]
    assert sizes(model) == [7] and model.__dict__.get("1") is None  # no stale attribute is left
    joined = model + nn.Sequential(linear(8), linear(9))
    assert isinstance(joined, nn.Sequential) and sizes(joined) == [7, 8, 9] and joined[0] is replacement
    assert list(joined.state_dict())[::2] == ["0.weight", "1.weight", "2.weight"]
    named = nn.Sequential({"hidden": linear(1), "act": nn.ReLU(), "out": linear(2)})
    named[1] = nn.Tanh()
    assert list(named._modules) == ["hidden", "act", "out"]
    del named[1]
    assert list(named._modules) == ["0", "1"]  # PyTorch renumbers named modules too
    with pytest.raises(IndexError):
        model[5] = linear(1)
    with pytest.raises(IndexError):
        del model[5]
    with pytest.raises(IndexError):
        model.insert(3, linear(1))
    with pytest.raises(TypeError, match="Module"):
        model.insert(0, "relu")
    with pytest.raises(TypeError, match="Module"):
        model[0] = 3
    with pytest.raises(ValueError, match="add operator supports only objects of Sequential class"):
        model + [linear(1)]


def test_module_list_changes_as_a_list_and_renumbers_as_pytorch() -> None:
    layers = nn.ModuleList([linear(1), linear(2), linear(3)])
    assert layers.insert(1, linear(4)) is None and sizes(layers) == [1, 4, 2, 3]
    layers.insert(-1, linear(5))
    layers.insert(len(layers), linear(6))
    assert sizes(layers) == [1, 4, 2, 5, 3, 6]
    assert list(layers.state_dict())[::2] == [f"{n}.weight" for n in range(6)]
    replacement = linear(7)
    layers[-1] = replacement
    assert layers[5] is replacement and list(layers._modules)[-1] == "5"
    del layers[0]
    del layers[::2]
    assert sizes(layers) == [2, 3] and [name for name, _ in layers.named_parameters()] == [
        "0.weight",
        "0.bias",
        "1.weight",
        "1.bias",
    ]
    assert layers.pop(0).in_features == 2 and sizes(layers) == [3]
    assert isinstance(layers.pop(slice(None)), nn.ModuleList) and len(layers) == 0
    layers.extend([linear(1), linear(2)])
    same = layers
    layers += (linear(3) for _ in range(2))
    assert layers is same and sizes(layers) == [1, 2, 3, 3]
    joined = layers + [linear(8)]
    assert isinstance(joined, nn.ModuleList) and sizes(joined) == [1, 2, 3, 3, 8] and joined[0] is layers[0]
    assert sizes(layers) == [1, 2, 3, 3]
    with pytest.raises(TypeError, match="iterable"):
        layers.extend(linear(1))
    with pytest.raises(IndexError):
        layers.insert(-6, linear(1))
    with pytest.raises(IndexError):
        layers.pop(4)


def edit_containers(torch_nn) -> list:
    """The same edits on either framework's containers; what they show afterwards."""
    torch_nn.Linear(1, 1)  # both frameworks build modules the same way
    model = torch_nn.Sequential(torch_nn.Linear(1, 2), torch_nn.ReLU(), torch_nn.Linear(2, 3))
    model.append(torch_nn.Linear(3, 4)).insert(1, torch_nn.Tanh()).extend([torch_nn.Linear(4, 5)])
    model[0] = torch_nn.Linear(1, 6)
    del model[2]
    popped = model.pop(-2)
    del model[::3]
    model = model + torch_nn.Sequential(torch_nn.Linear(9, 9))
    layers = torch_nn.ModuleList([torch_nn.Linear(2, 2) for _ in range(4)])
    layers.insert(2, torch_nn.ReLU())
    layers[0] = torch_nn.Linear(3, 3)
    del layers[1]
    layers += [torch_nn.Linear(2, 2), torch_nn.Linear(2, 2)]
    layers = layers + [torch_nn.Linear(5, 5)]
    layers.pop(0)
    return [
        list(model.state_dict()),
        [name for name, _ in model.named_parameters()],
        repr(model),
        repr(popped),
        list(layers.state_dict()),
        [name for name, _ in layers.named_parameters()],
        repr(layers),
    ]


def test_container_edits_match_pytorch() -> None:
    torch = pytest.importorskip("torch")
    assert edit_containers(nn) == edit_containers(torch.nn)


def test_module_list_repr_shows_runs_of_identical_modules_once_as_pytorch() -> None:
    layers = nn.ModuleList([linear(2), linear(2), linear(2), nn.ReLU(), linear(2), linear(2), linear(3)])
    assert repr(layers) == (
        "ModuleList(\n"
        "  (0-2): 3 x Linear(in_features=2, out_features=2, bias=True)\n"
        "  (3): ReLU()\n"
        "  (4-5): 2 x Linear(in_features=2, out_features=2, bias=True)\n"
        "  (6): Linear(in_features=3, out_features=3, bias=True)\n"
        ")"
    )
    assert repr(nn.ModuleList()) == "ModuleList()"
    assert repr(nn.ModuleList([nn.ReLU()])) == "ModuleList(\n  (0): ReLU()\n)"

    class Layer(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.blocks = nn.ModuleList([linear(4) for _ in range(3)])
            self.act = nn.ReLU()

    nested = nn.ModuleList([Layer(), Layer(), nn.Sequential(linear(1), linear(1))])
    assert repr(nested) == (
        "ModuleList(\n"
        "  (0-1): 2 x Layer(\n"
        "    (blocks): ModuleList(\n"
        "      (0-2): 3 x Linear(in_features=4, out_features=4, bias=True)\n"
        "    )\n"
        "    (act): ReLU()\n"
        "  )\n"
        "  (2): Sequential(\n"
        "    (0): Linear(in_features=1, out_features=1, bias=True)\n"
        "    (1): Linear(in_features=1, out_features=1, bias=True)\n"
        "  )\n"
        ")"
    )
    # Sequential does not merge, in PyTorch either.
    assert repr(nn.Sequential(nn.ReLU(), nn.ReLU())) == "Sequential(\n  (0): ReLU()\n  (1): ReLU()\n)"


def test_module_list_reprs_match_pytorch() -> None:
    torch = pytest.importorskip("torch")

    def reprs(torch_nn) -> list[str]:
        def lin(n: int):
            return torch_nn.Linear(n, n)

        return [
            repr(torch_nn.ModuleList([lin(2), lin(2), torch_nn.ReLU(), torch_nn.ReLU(), lin(2), lin(3), lin(3)])),
            repr(torch_nn.ModuleList([torch_nn.ModuleList([lin(1), lin(1)]), torch_nn.ModuleList([lin(1), lin(1)])])),
            repr(torch_nn.Sequential(torch_nn.ModuleList([torch_nn.Tanh()] * 3), lin(1), lin(1))),
            repr(torch_nn.ModuleList([])),
        ]

    assert reprs(nn) == reprs(torch.nn)


def test_sequential_in_place_add_and_repeat_as_pytorch() -> None:
    first, second = nn.Linear(1, 1), nn.ReLU()
    model = nn.Sequential(first)
    same = model
    model += nn.Sequential(second)
    assert model is same and list(model) == [first, second]  # in place, not a new object
    repeated = model * 2
    assert list(repeated) == [first, second, first, second]
    assert list(repeated._modules) == ["0", "1", "2", "3"]  # named_children lists a shared module once
    assert list(2 * model) == list(repeated)
    with pytest.raises(ValueError, match="Non-positive multiplication factor 0"):
        model * 0
    with pytest.raises(ValueError, match="supports only objects of Sequential class"):
        model += nn.ModuleList([first])
