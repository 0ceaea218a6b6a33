"""Module conversions (to, double, half, type), lookups by dotted path (get_submodule,
get_parameter, get_buffer) and forward hooks, checked directly and against PyTorch."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import autograd_core as ag
import nn


def small_model(torch_nn: Any) -> Any:
    """The same structure in either library: floating parameters and buffers, and an integer buffer."""
    return torch_nn.Sequential(torch_nn.Linear(3, 4), torch_nn.BatchNorm1d(4), torch_nn.ReLU(), torch_nn.Linear(4, 2))


def dtypes_by_key(model: Any) -> dict[str, str]:
    return {name: str(tensor.dtype).removeprefix("torch.") for name, tensor in model.state_dict().items()}


# ------------------------------------------------------------------ to, double, float, half, type
def test_to_casts_floating_tensors_in_place_and_keeps_integer_buffers() -> None:
    model = small_model(nn)
    weight = model[0].weight
    model[0](ag.ones((2, 3))).sum().backward()
    assert model.to(np.float64) is model
    assert model[0].weight is weight  # the same Parameter objects: optimizers keep working
    assert weight.dtype == np.float64 and weight.grad.dtype == np.float64
    assert model[1].running_var.dtype == np.float64
    assert model[1].num_batches_tracked.dtype == np.int64
    for spelling in ("float32", np.float32, np.dtype(np.float32), ag.zeros(1)):
        model.to(np.float64)
        assert model.to(spelling) is model and weight.dtype == np.float32, spelling
    model.to(dtype=np.float16, device="cpu")
    assert weight.dtype == np.float16
    model.to("cpu", np.float64)
    assert weight.dtype == np.float64
    model.to(np.float32, True)  # PyTorch's positional non_blocking
    assert weight.dtype == np.float32


def test_to_casts_the_same_tensors_as_pytorch() -> None:
    torch = pytest.importorskip("torch")
    ours, theirs = small_model(nn), small_model(torch.nn)
    for our_args, their_args in [
        ((np.float64,), (torch.float64,)),
        (("cpu",), ("cpu",)),
        ((), ()),
        ((ag.zeros(1, dtype=np.float16),), (torch.zeros(1, dtype=torch.float16),)),
        (("cpu", np.float32), ("cpu", torch.float32)),
    ]:
        assert ours.to(*our_args) is ours and theirs.to(*their_args) is theirs
        assert dtypes_by_key(ours) == dtypes_by_key(theirs), our_args
    assert dtypes_by_key(ours.double()) == dtypes_by_key(theirs.double())
    assert dtypes_by_key(ours.half()) == dtypes_by_key(theirs.half())
    assert dtypes_by_key(ours.float()) == dtypes_by_key(theirs.float())
    assert ours.cpu() is ours
    # type converts integer buffers too.
    assert dtypes_by_key(ours.type(np.float64)) == dtypes_by_key(theirs.type(torch.float64))


def test_to_accepts_a_device_object_whose_str_is_cpu() -> None:
    class Device:
        def __str__(self) -> str:
            return "cpu"

    model = nn.Linear(2, 2)
    assert model.to(device=Device()) is model and model.weight.dtype == np.float32
    torch = pytest.importorskip("torch")
    assert model.to(torch.device("cpu")) is model


def test_to_rejects_other_devices_integer_dtypes_and_unknown_arguments_before_changing_anything() -> None:
    model = small_model(nn)
    with pytest.raises(ValueError, match=r"only the 'cpu' device.*'cuda'"):
        model.to("cuda", np.float64)
    with pytest.raises(RuntimeError, match="only the 'cpu' device"):  # PyTorch's kind too
        model.to(device="meta")
    with pytest.raises(TypeError, match="to: modules convert only to floating dtypes, got dtype=int64"):
        model.to(np.int64)
    with pytest.raises(TypeError, match="floating dtypes, got dtype=int64"):
        model.to(ag.zeros(1, dtype=np.int64))
    with pytest.raises(TypeError, match="more than one dtype"):
        model.to(np.float32, np.float64)
    with pytest.raises(TypeError, match=r"unexpected keyword argument\(s\) \['dtyp'\]"):
        model.to(dtyp=np.float64)
    with pytest.raises(RuntimeError, match="copy"):
        model.to(np.float64, copy=True)
    assert set(dtypes_by_key(model).values()) == {"float32", "int64"}


def test_type_refuses_an_integer_dtype_for_parameters_that_require_grad() -> None:
    model = small_model(nn)
    with pytest.raises(RuntimeError, match=r"type: parameter '0\.weight' requires grad"):
        model.type(np.int64)
    assert set(dtypes_by_key(model).values()) == {"float32", "int64"}  # nothing converted
    model.requires_grad_(False)
    assert model.type(np.int32) is model
    assert set(dtypes_by_key(model).values()) == {"int32"}


# ------------------------------------------------------------------ lookups by dotted path
def make_net(torch_nn: Any) -> Any:
    """The same model in either library, its class named Net in both (errors name it)."""

    class Net(torch_nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = torch_nn.Sequential(torch_nn.Linear(2, 3), torch_nn.BatchNorm1d(3))
            self.head = torch_nn.Linear(3, 1, bias=False)
            self.label = "net"

    return Net()


def test_get_submodule_parameter_and_buffer_follow_dotted_paths() -> None:
    net = make_net(nn)
    assert net.get_submodule("") is net
    assert net.get_submodule("encoder.1") is net.encoder[1]
    assert net.get_parameter("encoder.0.weight") is net.encoder[0].weight
    assert net.get_parameter("head.weight") is net.head.weight
    assert net.get_buffer("encoder.1.running_mean") is net.encoder[1].running_mean
    assert net.get_buffer("encoder.1.num_batches_tracked") is net.encoder[1].num_batches_tracked


def lookup_errors(net: Any) -> list[str]:
    messages = []
    for lookup, target in [
        (net.get_submodule, "encoder.2"),
        (net.get_submodule, "decoder"),
        (net.get_submodule, "label"),
        (net.get_submodule, "encoder.0.weight"),
        (net.get_parameter, "encoder.0.scale"),
        (net.get_parameter, "head.bias"),  # declared but None
        (net.get_parameter, "encoder.1.running_mean"),
        (net.get_parameter, "missing.weight"),
        (net.get_buffer, "encoder.1.mean"),
        (net.get_buffer, "encoder.0.weight"),
        (net.get_buffer, "label"),
    ]:
        with pytest.raises(AttributeError) as error:
            lookup(target)
        messages.append(str(error.value))
    return messages


def test_lookup_errors_name_what_is_missing() -> None:
    messages = lookup_errors(make_net(nn))
    assert messages[:4] == [
        "Sequential has no attribute `2`",
        "Net has no attribute `decoder`",
        "`label` is not an nn.Module",
        "`weight` is not an nn.Module",
    ]
    assert messages[5] == "`bias` is not an nn.Parameter"
    assert messages[-1] == "`label` is not a buffer"


def test_lookup_errors_match_pytorch() -> None:
    torch = pytest.importorskip("torch")

    assert lookup_errors(make_net(nn)) == lookup_errors(make_net(torch.nn))


# ------------------------------------------------------------------ shared members, once or under each name
def shared_members(torch_nn: Any) -> list[list[str]]:
    """Names of a model whose second layer shares the first's weight, whose first layer is
    registered twice, and whose batch norm is registered under two names."""
    first, second = torch_nn.Linear(2, 2), torch_nn.Linear(2, 2)
    second.weight = first.weight
    model = torch_nn.Sequential(first, second, first, torch_nn.BatchNorm1d(2))
    model.add_module("norm", model[3])
    return [
        [name for name, _ in model.named_parameters()],
        [name for name, _ in model.named_parameters(remove_duplicate=False)],
        [name for name, _ in model.named_parameters("m", False, False)],
        [name for name, _ in model.named_buffers()],
        [name for name, _ in model.named_buffers(remove_duplicate=False)],
    ]


def test_named_members_can_keep_duplicates_under_each_name() -> None:
    kept, every, _, buffers, every_buffer = shared_members(nn)
    assert kept == ["0.weight", "0.bias", "1.bias", "3.weight", "3.bias"]
    assert every == ["0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias", "3.weight", "3.bias"] + [
        "norm.weight",
        "norm.bias",
    ]
    assert buffers == ["3.running_mean", "3.running_var", "3.num_batches_tracked"]
    assert every_buffer == buffers + ["norm.running_mean", "norm.running_var", "norm.num_batches_tracked"]


def test_named_members_keep_duplicates_as_pytorch() -> None:
    torch = pytest.importorskip("torch")

    assert shared_members(nn) == shared_members(torch.nn)


# ------------------------------------------------------------------ forward hooks
class Recorder(nn.Module):
    """Returns its inputs, so that hooks' replacements are visible in the output."""

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return args, kwargs


def test_hooks_run_in_order_around_forward_and_prepend_goes_first() -> None:
    module, calls = Recorder(), []
    module.register_forward_pre_hook(lambda m, args: calls.append(("pre", args)))
    module.register_forward_pre_hook(lambda m, args: calls.append(("pre first", args)), prepend=True)
    module.register_forward_hook(lambda m, args, out: calls.append(("post", args, out)))
    module.register_forward_hook(lambda m, args, out: calls.append(("post first", args, out)), prepend=True)
    output = module(1, 2, key=3)
    assert output == ((1, 2), {"key": 3})
    assert calls == [
        ("pre first", (1, 2)),
        ("pre", (1, 2)),
        ("post first", (1, 2), output),
        ("post", (1, 2), output),
    ]


def test_hooks_replace_inputs_and_outputs() -> None:
    module = Recorder()
    module.register_forward_pre_hook(lambda m, args: 10)  # not a tuple: wrapped in one
    module.register_forward_pre_hook(lambda m, args: (*args, 20))
    module.register_forward_hook(lambda m, args, out: None)  # None keeps the output
    module.register_forward_hook(lambda m, args, out: ("replaced", args, out))
    assert module(1, key=3) == ("replaced", (10, 20), ((10, 20), {"key": 3}))


def test_hooks_with_kwargs_see_and_replace_keyword_arguments() -> None:
    module, seen = Recorder(), []
    module.register_forward_pre_hook(lambda m, args, kwargs: ((*args, 2), {**kwargs, "extra": 4}), with_kwargs=True)
    module.register_forward_hook(lambda m, args, kwargs, out: seen.append((args, kwargs, out)), with_kwargs=True)
    assert module(1, key=3) == ((1, 2), {"key": 3, "extra": 4})
    assert seen == [((1, 2), {"key": 3, "extra": 4}, ((1, 2), {"key": 3, "extra": 4}))]
    module.register_forward_pre_hook(lambda m, args, kwargs: (args,), with_kwargs=True)
    with pytest.raises(RuntimeError, match=r"must return None or a tuple of \(new_args, new_kwargs\)"):
        module(1)


def test_removing_a_handle_unregisters_only_its_own_registration() -> None:
    module, calls = Recorder(), []

    def hook(m: nn.Module, args: tuple[Any, ...], out: Any) -> None:
        calls.append(args)

    first = module.register_forward_hook(hook)
    second = module.register_forward_hook(hook, prepend=True)
    module(1)
    assert calls == [(1,), (1,)]
    first.remove()
    first.remove()  # a second remove does nothing
    module(2)
    assert calls == [(1,), (1,), (2,)]
    second.remove()
    with module.register_forward_pre_hook(lambda m, args: (5,)):
        assert module(3) == ((5,), {})
    assert module(3) == ((3,), {})
    assert calls == [(1,), (1,), (2,)]


def test_always_call_hooks_run_when_forward_raises() -> None:
    class Failing(nn.Module):
        def forward(self, x: Any) -> Any:
            raise ValueError("forward failed")

    module, calls = Failing(), []
    module.register_forward_hook(lambda m, args, out: calls.append(("always", args, out)), always_call=True)
    module.register_forward_hook(lambda m, args, out: calls.append(("normal", args, out)))
    module.register_forward_hook(lambda m, args, out: 1 / 0, always_call=True)
    with (
        pytest.warns(UserWarning, match=r"always_call=True.*division by zero"),
        pytest.raises(ValueError, match="forward failed"),
    ):
        module(7)
    assert calls == [("always", (7,), None)]


def test_hooks_are_per_instance_and_see_the_module() -> None:
    hooked, plain, seen = nn.Linear(2, 2), nn.Linear(2, 2), []
    hooked.register_forward_hook(lambda m, args, out: seen.append(m))
    plain(ag.ones((1, 2)))
    assert seen == [] and plain._call_hooks is None
    hooked(ag.ones((1, 2)))
    assert seen == [hooked]
    with pytest.raises(TypeError, match="register_forward_hook: the hook must be callable, got a int"):
        hooked.register_forward_hook(3)


def hook_trace(torch_nn: Any, tensor: Any) -> list[Any]:
    """Hooks on a small model, recorded as plain numbers, in either library."""
    model = torch_nn.Sequential(torch_nn.Linear(2, 2), torch_nn.ReLU())
    trace: list[Any] = []
    layer = model[0]
    handles = [
        layer.register_forward_pre_hook(lambda m, args: trace.append(("pre", type(m).__name__, len(args)))),
        layer.register_forward_pre_hook(lambda m, args: args[0] * 2, prepend=True),
        layer.register_forward_hook(lambda m, args, out: trace.append(("post", tuple(out.shape)))),
        layer.register_forward_hook(lambda m, args, out: out * 0, prepend=True),
        model.register_forward_hook(
            lambda m, args, kwargs, out: trace.append(("model", sorted(kwargs), tuple(args[0].shape))),
            with_kwargs=True,
        ),
    ]
    trace.append(np.asarray(model(tensor(np.ones((3, 2), dtype=np.float32))).detach()).tolist())
    for handle in handles[1::2]:
        handle.remove()
    # Without the replacing hooks, the output is the plain forward's (whatever the random weights).
    x = tensor(np.ones((3, 2), dtype=np.float32))
    plain = torch_nn.functional.linear(x, layer.weight, layer.bias)
    trace.append(bool(np.array_equal(np.asarray(layer(x).detach()), np.asarray(plain.detach()))))
    return trace


def test_hook_calling_conventions_match_pytorch() -> None:
    torch = pytest.importorskip("torch")
    assert hook_trace(nn, ag.tensor) == hook_trace(torch.nn, torch.from_numpy)


def test_hook_handles_carry_distinct_ids_as_pytorchs() -> None:
    layer, x = nn.Linear(2, 2), ag.ones((1, 2), requires_grad=True)
    handles = [layer.register_forward_hook(lambda *args: None), layer.register_forward_pre_hook(lambda *args: None)]
    handles.append(x.register_hook(lambda grad: grad))
    ids = [handle.id for handle in handles]
    assert all(isinstance(number, int) for number in ids) and len(set(ids)) == 3
