"""TensorDataset and DataLoader: every sample once per epoch, batch sizes, shuffling that
ag.manual_seed reproduces."""

from __future__ import annotations

from collections import namedtuple

import numpy as np
import pytest

import autograd_core as ag
import nn
from nn.data import DataLoader, Dataset, TensorDataset


def dataset(size: int = 10) -> TensorDataset:
    inputs = np.arange(size * 2, dtype=np.float32).reshape(size, 2)
    return TensorDataset(ag.tensor(inputs), np.arange(size))


def test_tensor_dataset_indexes_rows_of_every_tensor() -> None:
    data = dataset()
    assert len(data) == 10
    x, y = data[3]
    np.testing.assert_array_equal(x.data, [6.0, 7.0])
    assert y.item() == 3
    with pytest.raises(ValueError, match="same length"):
        TensorDataset(np.zeros((3, 2)), np.zeros(4))


@pytest.mark.parametrize(
    ("batch_size", "drop_last", "sizes"), [(4, False, [4, 4, 2]), (4, True, [4, 4]), (10, False, [10]), (20, True, [])]
)
def test_batches_in_order(batch_size: int, drop_last: bool, sizes: list[int]) -> None:
    loader = DataLoader(dataset(), batch_size=batch_size, drop_last=drop_last)
    batches = list(loader)
    assert len(loader) == len(batches) == len(sizes)
    assert [len(y) for _, y in batches] == sizes
    if batches:
        np.testing.assert_array_equal(np.concatenate([y.data for _, y in batches]), np.arange(sum(sizes)))
        assert batches[0][0].dtype == np.float32


def test_shuffling_covers_every_sample_is_reproducible_and_differs_between_epochs() -> None:
    loader = DataLoader(dataset(), batch_size=3, shuffle=True)
    ag.manual_seed(0)
    first = np.concatenate([y.data for _, y in loader])
    second = np.concatenate([y.data for _, y in loader])
    assert sorted(first) == list(range(10)) and sorted(second) == list(range(10))
    assert not np.array_equal(first, second)
    ag.manual_seed(0)
    np.testing.assert_array_equal(np.concatenate([y.data for _, y in loader]), first)
    inputs = np.concatenate([x.data for x, _ in loader])
    targets = np.concatenate([y.data for _, y in loader])
    assert inputs.shape == (10, 2) and targets.shape == (10,)


def test_any_dataset_with_the_default_collate() -> None:
    class Squares(Dataset):
        def __len__(self) -> int:
            return 5

        def __getitem__(self, index: int) -> dict:
            return {"x": np.array([index, index**2], dtype=np.float64), "label": index % 2}

    batches = list(DataLoader(Squares(), batch_size=2))
    assert [batch["x"].shape for batch in batches] == [(2, 2), (2, 2), (1, 2)]
    np.testing.assert_array_equal(batches[1]["label"].data, [0, 1])


def test_a_training_loop_over_a_loader_learns() -> None:
    ag.manual_seed(0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 2)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int64)
    model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 2))
    optimizer = nn.optim.Adam(model.parameters(), lr=0.05)
    loader = DataLoader(TensorDataset(x, y), batch_size=16, shuffle=True)
    for _ in range(30):
        for inputs, targets in loader:
            optimizer.zero_grad()
            nn.CrossEntropyLoss()(model(inputs), targets).backward()
            optimizer.step()
    accuracy = (model(ag.tensor(x)).data.argmax(axis=1) == y).mean()
    assert accuracy > 0.95


def test_tensor_dataset_batches_are_lists_as_pytorchs_default_collate() -> None:
    for loader in [
        DataLoader(dataset(), batch_size=4),
        DataLoader(dataset(), batch_size=4, shuffle=True),
        DataLoader(dataset(), batch_size=4, collate_fn=nn.data.default_collate),  # one sample at a time
    ]:
        batches = list(loader)
        assert all(type(batch) is list and len(batch) == 2 for batch in batches)
        assert batches[0][0].shape == (4, 2) and batches[0][1].dtype == np.int64
    (only,) = next(iter(DataLoader(TensorDataset(np.zeros((3, 2))), batch_size=3)))
    assert only.shape == (3, 2)


def test_default_collate_gives_lists_for_tuples_and_keeps_named_tuples() -> None:
    pairs = [(np.float32(i), i) for i in range(3)]
    batch = nn.data.default_collate(pairs)
    assert type(batch) is list and batch[0].dtype == np.float32 and batch[1].tolist() == [0, 1, 2]
    assert type(nn.data.default_collate([[1.0, 2], [3.0, 4]])) is list
    Point = namedtuple("Point", ["x", "y"])
    points = nn.data.default_collate([Point(np.ones(2), 0), Point(np.zeros(2), 1)])
    assert type(points) is Point and points.x.shape == (2, 2) and points.y.tolist() == [0, 1]
    with pytest.raises(RuntimeError, match=r"should be of equal size, got lengths \[2, 3\]"):
        nn.data.default_collate([(1, 2), (1, 2, 3)])


def test_tensor_dataset_follows_the_tensor_dtype_rules() -> None:
    data = TensorDataset([[0.5, 1.0], [1.5, 2.0]], [0, 1], [True, False], np.zeros(2, dtype=np.float16))
    assert [t.dtype for t in data.tensors] == [np.float32, np.int64, np.bool_, np.float16]
    x, y, flag, half = next(iter(DataLoader(data, batch_size=2)))
    assert x.dtype == np.float32 and y.dtype == np.int64 and flag.dtype == np.bool_ and half.dtype == np.float16
    ag.set_default_dtype(np.float64)  # the default dtype is read when the dataset is made
    assert TensorDataset([0.5, 1.0]).tensors[0].dtype == np.float64


def test_invalid_batch_size() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        DataLoader(dataset(), batch_size=0)
