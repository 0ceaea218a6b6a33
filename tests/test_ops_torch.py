"""Parity with PyTorch, in float64, for every op of the table: values, vector-Jacobian products
with a random upstream gradient, and (for the fixed examples) second-order products."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_table import SPECS, Case, OpSpec, outputs_of

import autograd_core as ag

torch = pytest.importorskip("torch")

WITH_TORCH = [spec for spec in SPECS if spec.torch_fn is not None]
EXAMPLES = [
    pytest.param(spec, case, id=f"{spec.name}-{i}") for spec in WITH_TORCH for i, case in enumerate(spec.examples)
]


def as_numpy(value: Any, like: Any) -> np.ndarray:
    """A gradient (Tensor, torch tensor or None meaning zeros) as an ndarray shaped like ``like``."""
    if value is None:
        return np.zeros(tuple(like.shape))
    if isinstance(value, ag.Tensor):
        return value.data
    return value.detach().numpy(force=True)  # force: PyTorch may return a lazy zero tensor


def run_both(spec: OpSpec, case: Case, arrays: list[np.ndarray], order: int) -> None:
    """Compare values and gradients (to ``order``) of ``spec`` with PyTorch's."""
    ours = [ag.tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.from_numpy(a.copy()).requires_grad_() for a in arrays]
    our_outputs = outputs_of(spec.fn(*ours, **case.params))
    their_outputs = outputs_of(spec.torch_fn(*theirs, **case.params))
    assert len(our_outputs) == len(their_outputs)
    for mine, reference in zip(our_outputs, their_outputs):
        assert mine.shape == tuple(reference.shape)
        np.testing.assert_allclose(mine.data, reference.detach().numpy(), rtol=1e-10, atol=1e-12)

    rng = np.random.default_rng(1)
    vectors = [rng.standard_normal(out.shape) for out in our_outputs]
    our_vectors = [ag.tensor(v, requires_grad=True) for v in vectors]
    their_vectors = [torch.from_numpy(v.copy()).requires_grad_() for v in vectors]
    pairs = [(o, v) for o, v in zip(our_outputs, our_vectors) if o.requires_grad]
    their_pairs = [(o, v) for o, v in zip(their_outputs, their_vectors) if o.requires_grad]
    if not pairs:
        return
    our_grads = ag.grad([o for o, _ in pairs], ours, [v for _, v in pairs], create_graph=order > 1, allow_unused=True)
    their_grads = torch.autograd.grad(
        [o for o, _ in their_pairs], theirs, [v for _, v in their_pairs], create_graph=order > 1, allow_unused=True
    )
    for mine, reference, tensor in zip(our_grads, their_grads, ours):
        np.testing.assert_allclose(as_numpy(mine, tensor), as_numpy(reference, tensor), rtol=1e-9, atol=1e-12)

    # The same products through backward() on a fresh graph: the engine's usual first-order
    # pass (grad() above takes its general one).
    leaves = [ag.tensor(a, requires_grad=True) for a in arrays]
    fresh = outputs_of(spec.fn(*leaves, **case.params))
    total = sum((out * ag.tensor(v)).sum() for out, v in zip(fresh, vectors) if out.requires_grad)
    total.backward()
    for leaf, reference in zip(leaves, their_grads):
        np.testing.assert_allclose(as_numpy(leaf.grad, leaf), as_numpy(reference, leaf), rtol=1e-9, atol=1e-12)
    if order < 2:
        return

    # Second order: differentiate Σ wᵢ·gradᵢ with respect to the inputs and the vectors.
    # A gradient that does not depend on anything recorded has second derivatives of zero.
    weights = [rng.standard_normal(t.shape) for t in ours]
    targets = ours + [v for _, v in pairs]
    our_terms = [(g * w).sum() for g, w in zip(our_grads, weights) if g is not None and g.requires_grad]
    our_second: Any = [None] * len(targets)
    if our_terms:
        our_second = ag.grad(sum(our_terms), targets, allow_unused=True)
    their_targets = theirs + [v for _, v in their_pairs]
    their_terms = [(g * torch.from_numpy(w)).sum() for g, w in zip(their_grads, weights) if g is not None]
    their_terms = [t for t in their_terms if t.requires_grad]
    their_second: Any = [None] * len(targets)
    if their_terms:
        their_second = torch.autograd.grad(sum(their_terms), their_targets, allow_unused=True)
    for mine, reference, tensor in zip(our_second, their_second, targets):
        np.testing.assert_allclose(as_numpy(mine, tensor), as_numpy(reference, tensor), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize(("spec", "case"), EXAMPLES)
def test_fixed_examples_match_pytorch(spec: OpSpec, case: Case) -> None:
    run_both(spec, case, spec.arrays(case, np.random.default_rng(0)), order=2)


@pytest.mark.parametrize("spec", [pytest.param(spec, id=spec.name) for spec in WITH_TORCH])
@settings(max_examples=max(15, settings.default.max_examples * 2 // 3))
@given(data=st.data())
def test_random_cases_match_pytorch(spec: OpSpec, data: st.DataObject) -> None:
    case = data.draw(spec.cases, label="case")
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    run_both(spec, case, spec.arrays(case, np.random.default_rng(seed)), order=1)


# ---------------------------------------------------------------------- where the table cannot go
def test_ties_and_kinks_match_pytorch() -> None:
    values = np.array([[1.0, 3.0, 3.0], [0.0, 0.0, -2.0]])
    checks = [
        (lambda x: x.max(), lambda x: x.amax()),
        (lambda x: x.min(axis=1), lambda x: x.amin(dim=1)),
        (lambda x: ag.maximum(x, 0.0), lambda x: torch.maximum(x, torch.zeros(()).double())),
        (lambda x: ag.minimum(x, 3.0), lambda x: torch.minimum(x, torch.full((), 3.0).double())),
        (ag.relu, torch.relu),
        (abs, torch.abs),
        (ag.leaky_relu, torch.nn.functional.leaky_relu),
        (lambda x: x.clip(0.0, 3.0), lambda x: x.clamp(0.0, 3.0)),
        (lambda x: x.prod(axis=1), lambda x: x.prod(dim=1)),
        (lambda x: x**2.0, lambda x: x**2.0),
        (lambda x: (x + 2.0) ** x, lambda x: (x + 2.0) ** x),
        (lambda x: x ** (x * 0.0), lambda x: x ** (x * 0.0)),
        (lambda x: x**0, lambda x: x**0),
        (lambda x: x**0.5, lambda x: x**0.5),
    ]
    for ours, theirs in checks:
        mine = ag.tensor(values, requires_grad=True)
        reference = torch.from_numpy(values.copy()).requires_grad_()
        with np.errstate(divide="ignore", invalid="ignore"):  # 0⁻¹ and √−2 are meant: inf and nan
            ours(mine).sum().backward()
        theirs(reference).sum().backward()
        np.testing.assert_allclose(mine.grad.data, reference.grad.numpy(), rtol=1e-12)


def test_stable_ops_match_pytorch_on_large_inputs() -> None:
    values = np.array([[-1e4, 0.0, 1e4], [1e4, 1e4, -3.0]])
    for ours, theirs in [
        (ag.sigmoid, torch.sigmoid),
        (lambda x: ag.softmax(x, axis=1), lambda x: torch.softmax(x, dim=1)),
        (lambda x: ag.log_softmax(x, axis=0), lambda x: torch.log_softmax(x, dim=0)),
        (lambda x: ag.logsumexp(x, axis=1), lambda x: torch.logsumexp(x, dim=1)),
    ]:
        mine = ag.tensor(values, requires_grad=True)
        reference = torch.from_numpy(values.copy()).requires_grad_()
        out, expected = ours(mine), theirs(reference)
        np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-12)
        weights = np.linspace(-1.0, 1.0, out.size).reshape(out.shape)
        (out * weights).sum().backward()
        (expected * torch.from_numpy(weights)).sum().backward()
        np.testing.assert_allclose(mine.grad.data, reference.grad.numpy(), rtol=1e-12, atol=1e-300)


def test_result_dtypes_of_mixed_operands_match_pytorch() -> None:
    cases = [
        (np.ones(3, np.float32), np.float64(2.0)),
        (np.ones(3, np.int32), np.int64(2)),
        (np.ones(3, np.int64), np.float64(2.5)),
        (np.float32(1.0), np.float64(2.5)),
        (np.ones(3, np.float32), np.ones(3, np.float64)),
    ]
    for left, right in cases:
        ours = ag.tensor(np.asarray(left)) * ag.tensor(np.asarray(right))
        theirs = torch.from_numpy(np.asarray(left)) * torch.from_numpy(np.asarray(right))
        assert ours.dtype == np.dtype(str(theirs.dtype).removeprefix("torch.")), (left, right)
    integers = np.array([1, 2, 3])
    for ours_op, torch_op in [(ag.exp, torch.exp), (ag.sigmoid, torch.sigmoid), (ag.sqrt, torch.sqrt)]:
        ours = ours_op(ag.tensor(integers))
        theirs = torch_op(torch.from_numpy(integers))
        assert ours.dtype == np.float32 and theirs.dtype == torch.float32
        np.testing.assert_allclose(ours.data, theirs.numpy(), rtol=1e-6)
