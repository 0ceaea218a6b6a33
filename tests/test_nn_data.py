"""TensorDataset and DataLoader: every sample once per epoch, batch sizes, shuffling that
ag.manual_seed reproduces."""

from __future__ import annotations

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


def test_invalid_batch_size() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        DataLoader(dataset(), batch_size=0)
