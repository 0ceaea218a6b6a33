"""nn.save / nn.load: safetensors files, no code run on loading, PyTorch reads them with the
same keys, nested optimizer state, and clear errors for damaged files."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest

import autograd_core as ag
import nn


def model() -> nn.Module:
    return nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))


def test_a_state_dict_round_trips_exactly(tmp_path: Path) -> None:
    source = model()
    source(ag.randn(5, 3))  # running statistics that differ from the initial ones
    path = tmp_path / "model.safetensors"
    nn.save(source.state_dict(), path)
    loaded = nn.load(path)
    assert list(loaded) == list(source.state_dict())  # in the saved order (the format sorts names)
    for name, tensor in source.state_dict().items():
        assert loaded[name].dtype == tensor.dtype
        np.testing.assert_array_equal(loaded[name].data, tensor.data)
    target = model()
    target.load_state_dict(loaded)
    x = ag.randn(2, 3)
    source.eval()
    target.eval()
    np.testing.assert_array_equal(target(x).data, source(x).data)


def test_the_file_is_plain_safetensors_with_exactly_the_state_dict_keys(tmp_path: Path) -> None:
    from safetensors.numpy import load_file

    state = model().state_dict()
    path = tmp_path / "plain.safetensors"
    nn.save(state, str(path))
    arrays = load_file(str(path))
    assert set(arrays) == set(state)
    assert arrays["1.num_batches_tracked"].dtype == np.int64 and arrays["1.num_batches_tracked"].shape == ()


def test_pytorch_loads_the_file_into_its_model(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    from safetensors.torch import load_file

    ours = model()
    ours(ag.randn(6, 3))
    path = tmp_path / "for_torch.safetensors"
    nn.save(ours.state_dict(), path)
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    loaded = load_file(str(path))
    assert set(loaded) == set(theirs.state_dict())
    theirs.load_state_dict(loaded)  # strict
    ours.eval()
    theirs.eval()
    x = np.random.default_rng(0).standard_normal((3, 3)).astype(np.float32)
    # float32 sums in another order: outputs near zero differ by more than rtol alone allows.
    np.testing.assert_allclose(
        theirs(torch.from_numpy(x)).detach().numpy(), ours(ag.tensor(x)).data, rtol=1e-5, atol=1e-6
    )


def test_nested_optimizer_and_scheduler_state_round_trips(tmp_path: Path) -> None:
    parameters = [nn.Parameter(np.ones((2, 2))), nn.Parameter(np.zeros(3))]
    optimizer = nn.optim.Adam(parameters, lr=0.01, amsgrad=True)
    schedule = nn.optim.lr_scheduler.StepLR(optimizer, step_size=2)
    (parameters[0].sum() * 2 + parameters[1].sum()).backward()
    optimizer.step()
    schedule.step()
    nn.save(optimizer.state_dict(), tmp_path / "optimizer.safetensors")
    nn.save(schedule.state_dict(), tmp_path / "schedule.safetensors")
    loaded = nn.load(tmp_path / "optimizer.safetensors")
    assert loaded["param_groups"][0]["betas"] == (0.9, 0.999)
    assert loaded["state"][0]["step"] == 1 and set(loaded["state"]) == {0, 1}
    np.testing.assert_array_equal(loaded["state"][1]["exp_avg"].data, optimizer.state[parameters[1]]["exp_avg"])
    restored = nn.optim.Adam([nn.Parameter(np.ones((2, 2))), nn.Parameter(np.zeros(3))])
    restored.load_state_dict(loaded)
    assert restored.param_groups[0]["amsgrad"] is True
    assert nn.load(tmp_path / "schedule.safetensors")["last_epoch"] == 1


def test_objects_that_are_not_data_cannot_be_saved(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="cannot store a function"):
        nn.save({"fn": lambda: 0, "w": np.ones(2)}, tmp_path / "bad.safetensors")
    with pytest.raises(TypeError, match="state dict"):
        nn.save([np.ones(2)], tmp_path / "bad.safetensors")
    with pytest.raises(TypeError, match="complex"):
        nn.save({"w": np.ones(2, dtype=np.complex128)}, tmp_path / "bad.safetensors")
    assert not (tmp_path / "bad.safetensors").exists()


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "header"])
def test_damaged_files_give_a_clear_error(damage: str, tmp_path: Path) -> None:
    path = tmp_path / "model.safetensors"
    nn.save(model().state_dict(), path)
    content = path.read_bytes()
    damaged = {
        "truncated": content[: len(content) // 2],
        "garbage": b"\x00\x01not a safetensors file at all" * 10,
        "empty": b"",
        "header": content[:9] + b"!!!" + content[12:],  # the JSON header no longer parses
    }[damage]
    path.write_bytes(damaged)
    with pytest.raises(ValueError, match="not a valid safetensors file"):
        nn.load(path)


@pytest.mark.parametrize("depth", [600, 100_000])
def test_a_deeply_nested_structure_header_is_a_clear_error(depth: int, tmp_path: Path) -> None:
    import safetensors.numpy

    # Just past Python's default recursion limit, and far past it.
    nested = '{"list": [' * depth + "null" + "]}" * depth
    path = tmp_path / "crafted.safetensors"
    path.write_bytes(safetensors.numpy.save({"a": np.ones(2)}, metadata={"nn.structure": nested}))
    with pytest.raises(
        ValueError, match=rf"nn.load: '{re.escape(str(path))}' has a structure header nested too deeply"
    ):
        nn.load(path)


def test_a_deeply_nested_name_order_is_ignored_as_any_unreadable_one(tmp_path: Path) -> None:
    import safetensors.numpy

    path = tmp_path / "crafted.safetensors"
    arrays = {"b": np.ones(2), "a": np.zeros(1)}
    path.write_bytes(safetensors.numpy.save(arrays, metadata={"nn.order": "[" * 100_000 + "]" * 100_000}))
    assert list(nn.load(path)) == ["a", "b"]  # the file's own order


def test_loading_a_directory_or_a_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(
        IsADirectoryError, match=rf"nn.load: expected a safetensors file, got a directory: '{re.escape(str(tmp_path))}'"
    ):
        nn.load(tmp_path)
    with pytest.raises(FileNotFoundError, match=re.escape(str(tmp_path / "missing.safetensors"))):
        nn.load(tmp_path / "missing.safetensors")


def test_parameter_names_of_an_optimizer_round_trip(tmp_path: Path) -> None:
    source = model()
    optimizer = nn.optim.SGD(source.named_parameters(), lr=0.1, momentum=0.9)
    source(ag.randn(4, 3)).sum().backward()
    optimizer.step()
    nn.save(optimizer.state_dict(), tmp_path / "optimizer.safetensors")
    loaded = nn.load(tmp_path / "optimizer.safetensors")
    assert loaded["param_groups"][0]["param_names"] == [name for name, _ in source.named_parameters()]
    restored = nn.optim.SGD(model().parameters(), lr=0.5)
    restored.load_state_dict(loaded)
    assert restored.param_groups[0]["param_names"] == optimizer.param_groups[0]["param_names"]


def test_loading_never_runs_code_even_for_a_malicious_pickle(tmp_path: Path) -> None:
    import pickle

    marker = tmp_path / "code_ran"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    path = tmp_path / "model.safetensors"
    path.write_bytes(pickle.dumps({"weight": Exploit()}))
    with pytest.raises(ValueError, match="not a valid safetensors file"):
        nn.load(path)
    assert not marker.exists()


def test_saving_replaces_an_existing_file_atomically(tmp_path: Path) -> None:
    path = tmp_path / "model.safetensors"
    nn.save({"a": np.ones(2)}, path)
    nn.save({"b": np.zeros(3)}, path)
    assert list(nn.load(path)) == ["b"]
    assert [p.name for p in tmp_path.iterdir()] == ["model.safetensors"]  # no temporary left behind
