"""TensorDataset and DataLoader: every sample once per epoch, batch sizes, shuffling that
ag.manual_seed reproduces."""

from __future__ import annotations

import warnings
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


def _plain(batch: object) -> object:
    """A batch as nested lists of Python numbers, comparable across libraries."""
    if isinstance(batch, (list, tuple)):
        return [_plain(item) for item in batch]
    return np.asarray(batch).tolist()


def _pytorch_data() -> object:
    return pytest.importorskip("torch").utils.data


@pytest.mark.parametrize(
    "options",
    [
        {"batch_size": 3, "sampler": [7, 1, 4, 4, 0, 9, 2]},
        {"batch_size": 3, "sampler": [7, 1, 4, 4, 0, 9, 2], "drop_last": True},
        {"batch_sampler": [[3, 1], [0], [9, 8, 7, 2]]},
        {"batch_size": None, "sampler": [5, 2]},
        {"batch_size": None},
        {"batch_size": 4, "num_workers": 0, "pin_memory": False, "timeout": 0, "persistent_workers": False},
    ],
    ids=["sampler", "sampler_drop_last", "batch_sampler", "no_batching_sampler", "no_batching", "worker_options"],
)
def test_samplers_and_loader_options_give_pytorchs_batches(options: dict) -> None:
    data = _pytorch_data()
    torch = pytest.importorskip("torch")
    values = np.arange(20.0).reshape(10, 2)
    labels = np.arange(10) % 3
    ours = DataLoader(TensorDataset(values, labels), **options)
    theirs = data.DataLoader(data.TensorDataset(torch.from_numpy(values), torch.from_numpy(labels)), **options)
    assert len(ours) == len(theirs)
    assert [_plain(batch) for batch in ours] == [_plain(batch) for batch in theirs]


def test_samplers_go_through_a_collate_fn_for_any_dataset() -> None:
    class Squares(Dataset):
        def __getitem__(self, index: int) -> int:
            return index * index

        def __len__(self) -> int:
            return 6

    loader = DataLoader(Squares(), batch_size=2, sampler=[5, 0, 3], collate_fn=list)
    assert list(loader) == [[25, 0], [9]] and len(loader) == 2
    assert list(DataLoader(Squares(), batch_sampler=[[1, 2], [4]], collate_fn=sum)) == [5, 16]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"sampler": [1, 2], "shuffle": True}, "sampler option is mutually exclusive with shuffle"),
        ({"batch_sampler": [[1]], "batch_size": 2}, "batch_sampler option is mutually exclusive with batch_size"),
        ({"batch_sampler": [[1]], "drop_last": True}, "batch_sampler option is mutually exclusive"),
        ({"num_workers": -1}, "num_workers option should be non-negative"),
        ({"timeout": -1}, "timeout option should be non-negative"),
        ({"batch_size": None, "drop_last": True}, "batch_size=None option disables auto-batching"),
    ],
)
def test_loader_options_pytorch_refuses_are_refused_with_its_words(options: dict, message: str) -> None:
    dataset = TensorDataset(np.arange(4.0))
    with pytest.raises(ValueError, match=message):
        DataLoader(dataset, **options)


def test_shuffle_draws_from_the_given_generator() -> None:
    dataset = TensorDataset(np.arange(8.0))
    orders = [
        [_plain(batch) for batch in DataLoader(dataset, batch_size=8, shuffle=True, generator=np.random.default_rng(3))]
        for _ in range(2)
    ]
    assert orders[0] == orders[1]
    assert orders[0] != [[list(range(8))]]


@pytest.mark.parametrize("lengths", [[3, 3, 4], [0.3, 0.3, 0.4], [0.25, 0.25, 0.5], [0.5, 0.5], [1.0, 0.0]])
def test_random_split_sizes_are_pytorchs_and_the_parts_cover_the_dataset_once(lengths: list) -> None:
    values = np.arange(10.0)
    ag.manual_seed(0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parts = nn.data.random_split(TensorDataset(values), lengths)
    assert [str(w.message) for w in caught] == (
        ["Length of split at index 1 is 0. This might result in an empty dataset."] if 0.0 in lengths else []
    )
    if _has_torch():
        import torch.utils.data

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = torch.utils.data.random_split(range(10), lengths)
        assert [len(part) for part in parts] == [len(part) for part in theirs]
    assert sum(len(part) for part in parts) == 10
    seen = sorted(float(part[i][0].item()) for part in parts for i in range(len(part)))
    assert seen == values.tolist()
    ag.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        again = nn.data.random_split(TensorDataset(values), lengths)
    assert [part.indices for part in again] == [part.indices for part in parts]


def _has_torch() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def test_random_split_refuses_lengths_that_do_not_add_up() -> None:
    for lengths in ([3, 3], [0.5, 0.6]):
        with pytest.raises(ValueError, match="Sum of input lengths does not equal the length of the input dataset"):
            nn.data.random_split(TensorDataset(np.arange(10.0)), lengths)


def test_subset_and_concat_dataset_index_as_pytorchs() -> None:
    first, second = TensorDataset(np.arange(3.0)), TensorDataset(np.arange(10.0, 14.0))
    joined = nn.data.ConcatDataset([first, second])
    assert len(joined) == 7 and joined.cumulative_sizes == [3, 7]
    assert [sample[0].item() for sample in (first + second)] == [0.0, 1.0, 2.0, 10.0, 11.0, 12.0, 13.0]
    assert [joined[i][0].item() for i in (0, 2, 3, 6, -1, -7)] == [0.0, 2.0, 10.0, 13.0, 13.0, 0.0]
    with pytest.raises(ValueError, match="absolute value of index should not exceed dataset length"):
        joined[-8]
    with pytest.raises(ValueError, match="datasets should not be an empty iterable"):
        nn.data.ConcatDataset([])
    subset = nn.data.Subset(second, [3, 0])
    assert len(subset) == 2 and subset[0][0].item() == 13.0 and subset[1][0].item() == 10.0
    batches = list(DataLoader(subset, batch_size=2))
    assert _plain(batches) == [[[13.0, 10.0]]]
