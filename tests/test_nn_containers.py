"""ModuleDict, ParameterList, ParameterDict and Unflatten: dict and list behaviour, state-dict keys
that load strictly both ways with PyTorch, and PyTorch's errors."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import numpy as np
import pytest

import autograd_core as ag
import nn


def build(torch_nn: Any, tensor: Any) -> Any:
    """The same structure in either library, with every container."""

    class Holder(torch_nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.blocks = torch_nn.ModuleDict({"enc": torch_nn.Linear(2, 3), "act": torch_nn.ReLU()})
            self.blocks["dec"] = torch_nn.Linear(3, 1)
            self.scales = torch_nn.ParameterList([tensor(np.ones(3, dtype=np.float32))])
            self.scales.append(torch_nn.Parameter(tensor(np.zeros((2, 2), dtype=np.float32))))
            self.extras = torch_nn.ParameterDict({"zeta": tensor(np.ones(1, dtype=np.float32))})
            self.extras.update(
                {"beta": tensor(np.ones(2, dtype=np.float32)), "alpha": tensor(np.ones(4, dtype=np.float32))}
            )
            self.extras["gamma"] = torch_nn.Parameter(tensor(np.ones((1, 2), dtype=np.float32)))

    return Holder()


def test_container_state_dict_keys_and_parameter_names_match_pytorch_and_load_both_ways() -> None:
    torch = pytest.importorskip("torch")
    ours, theirs = build(nn, ag.tensor), build(torch.nn, torch.from_numpy)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [name for name, _ in ours.named_parameters()] == [name for name, _ in theirs.named_parameters()]
    theirs_state = {name: value.detach().numpy() + 1 for name, value in theirs.state_dict().items()}
    ours.load_state_dict(theirs_state)  # strict
    theirs.load_state_dict(
        {name: torch.from_numpy(np.asarray(value).copy()) for name, value in ours.state_dict().items()}
    )
    for name, value in ours.state_dict().items():
        np.testing.assert_array_equal(value.data, theirs_state[name])


def test_container_reprs_match_pytorch_up_to_dtype_names() -> None:
    torch = pytest.importorskip("torch")
    ours = repr(build(nn, ag.tensor))
    theirs = (
        repr(build(torch.nn, torch.from_numpy))
        .replace("torch.float32", "float32")
        .replace("torch.FloatTensor", "float32")
    )
    assert ours == theirs


def module_dict_story(torch_nn: Any) -> list[Any]:
    relu, tanh, lin = torch_nn.ReLU(), torch_nn.Tanh(), torch_nn.Linear(1, 1)
    modules = torch_nn.ModuleDict({"b": relu, "a": tanh})  # a plain dict keeps its order
    story: list[Any] = [list(modules), len(modules), "a" in modules, "z" in modules, modules["b"] is relu]
    modules.update([("c", lin), ["a", relu]])
    story += [list(modules.keys()), [m is relu for m in modules.values()], [k for k, _ in modules.items()]]
    story.append(modules.pop("b") is relu)
    del modules["a"]
    story += [list(modules), list(modules.state_dict())]
    modules.update(torch_nn.ModuleDict(OrderedDict([("y", tanh), ("x", relu)])))
    story.append(list(modules))
    modules.clear()
    story += [len(modules), list(modules.state_dict())]
    for bad in [lambda: modules["missing"], lambda: modules.update(3), lambda: modules.update([("a", relu, 1)])]:
        try:
            bad()
        except Exception as error:
            story.append((type(error).__name__, str(error)))
    return story


def test_module_dict_behaves_as_a_dict_like_pytorch() -> None:
    story = module_dict_story(nn)
    assert story[:5] == [["b", "a"], 2, True, False, True]
    assert story[5:8] == [["b", "a", "c"], [True, True, False], ["b", "a", "c"]]
    assert story[8:13] == [True, ["c"], ["c.weight", "c.bias"], ["c", "y", "x"], 0]
    assert story[-3:] == [
        ("KeyError", "'missing'"),
        ("TypeError", "ModuleDict.update should be called with an iterable of key/value pairs, but got int"),
        ("ValueError", "ModuleDict update sequence element #0 has length 3; 2 is required"),
    ]
    torch = pytest.importorskip("torch")
    assert story == module_dict_story(torch.nn)


def test_module_dict_registers_keys_as_module_names() -> None:
    modules = nn.ModuleDict()
    modules["enc"] = nn.Linear(2, 2)
    assert modules.enc is modules["enc"]
    with pytest.raises(KeyError, match="attribute 'keys' already exists"):
        modules["keys"] = nn.ReLU()
    with pytest.raises(KeyError, match=r"no '\.'"):
        modules["a.b"] = nn.ReLU()
    with pytest.raises(TypeError, match="cannot register a int as module 'x'"):
        modules["x"] = 3
    del modules["enc"]
    assert not hasattr(modules, "enc") and list(modules.parameters()) == []


def parameter_list_story(torch_nn: Any, tensor: Any) -> list[Any]:
    first = torch_nn.Parameter(tensor(np.ones(2, dtype=np.float32)))
    params = torch_nn.ParameterList([first, tensor(np.zeros(3, dtype=np.float32))])
    story: list[Any] = [len(params), params[0] is first, type(params[1]).__name__, params[-1] is params[1]]
    params += [tensor(np.zeros(1, dtype=np.float32))]
    params.extend([tensor(np.zeros((2, 2), dtype=np.float32))])
    params[0] = tensor(np.full(2, 5.0, dtype=np.float32))
    params.append("note")
    sliced = params[1:4:2]
    story += [len(params), type(sliced).__name__, len(sliced), sliced[0] is params[1], list(params.state_dict())]
    story += [[tuple(p.shape) for p in params.parameters()], np.asarray(params[0].detach()).tolist(), params[4]]
    for bad in [lambda: params[5], lambda: params.extend(tensor(np.ones(2))), lambda: params(1)]:
        try:
            bad()
        except Exception as error:
            story.append((type(error).__name__, str(error)))
    return story


def test_parameter_list_registers_tensors_as_numbered_parameters_like_pytorch() -> None:
    story = parameter_list_story(nn, ag.tensor)
    assert story[:4] == [2, True, "Parameter", True]
    assert story[4:9] == [5, "ParameterList", 2, True, ["0", "1", "2", "3"]]
    assert story[9:12] == [[(2,), (3,), (1,), (2, 2)], [5.0, 5.0], "note"]
    assert story[-3:] == [
        ("IndexError", "index 5 is out of range"),
        ("TypeError", "ParameterList.extend should be called with an iterable, but got Tensor"),
        ("RuntimeError", "ParameterList should not be called."),
    ]
    torch = pytest.importorskip("torch")
    assert story == parameter_list_story(torch.nn, torch.from_numpy)


def parameter_dict_story(torch_nn: Any, tensor: Any) -> list[Any]:
    def value(n: int) -> Any:
        return tensor(np.full(n, float(n), dtype=np.float32))

    params = torch_nn.ParameterDict({"b": value(1), "a": value(2)})  # a plain dict: sorted keys
    story: list[Any] = [list(params), type(params["a"]).__name__]
    params.update(OrderedDict([("z", value(3)), ("c", value(4))]))  # an OrderedDict keeps its order
    params["note"] = "text"
    story += [list(params), list(params.state_dict()), params.get("missing", 7), "z" in params]
    story += [params.setdefault("d", value(5)).shape[0], list(reversed(params))[:2]]
    story += [params.pop("b").shape[0], params.popitem()[0], len(params), list(params.keys())]
    merged = params | torch_nn.ParameterDict(OrderedDict([("e", value(6))]))
    story += [type(merged).__name__, list(merged), list(params), merged["a"] is params["a"]]
    params |= torch_nn.ParameterDict(OrderedDict([("f", value(7))]))
    story += [
        list(params),
        [k for k, _ in params.items()],
        [v.shape[0] for v in params.values() if hasattr(v, "shape")],
    ]
    del params["z"]
    params.clear()
    story += [len(params), list(params.state_dict()), list(params.fromkeys(["x", "y"]))]
    for bad in [lambda: params[1], lambda: params["missing"], lambda: params(1)]:
        try:
            bad()
        except Exception as error:
            story.append((type(error).__name__, str(error)))
    return story


def test_parameter_dict_behaves_as_a_dict_of_parameters_like_pytorch() -> None:
    story = parameter_dict_story(nn, ag.tensor)
    assert story[:2] == [["a", "b"], "Parameter"]
    assert story[2:6] == [["a", "b", "z", "c", "note"], ["a", "b", "z", "c"], 7, True]
    assert story[-3][0] == "TypeError" and "not a string (type is 'int')" in story[-3][1]
    assert story[-2:] == [
        ("AttributeError", "'ParameterDict' object has no attribute 'missing'"),  # PyTorch's kind
        ("RuntimeError", "ParameterDict should not be called."),
    ]
    torch = pytest.importorskip("torch")
    theirs = parameter_dict_story(torch.nn, torch.from_numpy)
    assert story[:-3] == theirs[:-3] and story[-2:] == theirs[-2:]


def test_parameter_dict_checks_keys_before_changing_anything() -> None:
    params = nn.ParameterDict()
    with pytest.raises(KeyError, match=r"no '\.'"):
        params["a.b"] = ag.zeros(1)
    with pytest.raises(KeyError, match="attribute 'update' already exists"):
        params["update"] = ag.zeros(1)
    assert len(params) == 0 and list(params.state_dict()) == []


def test_unflatten_splits_an_axis_like_pytorch() -> None:
    x = ag.tensor(np.arange(24, dtype=np.float64).reshape(2, 12), requires_grad=True)
    layer = nn.Unflatten(1, (3, -1))
    y = layer(x)
    assert y.shape == (2, 3, 4) and repr(layer) == "Unflatten(dim=1, unflattened_size=(3, -1))"
    np.testing.assert_array_equal(y.data, x.data.reshape(2, 3, 4))
    (y * y).sum().backward()
    np.testing.assert_array_equal(x.grad.data, 2 * x.data)
    assert nn.Unflatten(-1, [2, 2, 3])(x).shape == (2, 2, 2, 3)
    assert nn.Sequential(nn.Flatten(), nn.Unflatten(1, (3, 4)))(y).shape == (2, 3, 4)
    with pytest.raises(ValueError, match=r"Unflatten: sizes \[5, 2\] don't multiply up to the size of dim 1 \(12\)"):
        nn.Unflatten(1, (5, 2))(x)
    with pytest.raises(TypeError, match="unflattened_size must be a tuple of ints, but found type int"):
        nn.Unflatten(1, 6)
    with pytest.raises(TypeError, match="found element of type float at pos 1"):
        nn.Unflatten(1, (2, 3.0))
    torch = pytest.importorskip("torch")
    assert repr(torch.nn.Unflatten(1, (3, -1))) == repr(layer)
    assert tuple(torch.nn.Unflatten(-1, [2, 2, 3])(torch.zeros(2, 12)).shape) == (2, 2, 2, 3)


def test_unflatten_of_an_axis_out_of_range_is_an_index_error_as_pytorchs() -> None:
    with pytest.raises(IndexError, match=r"Unflatten: dim 3 is out of range for an input of shape \(2, 4\)"):
        nn.Unflatten(3, (2, 2))(ag.ones(2, 4))
