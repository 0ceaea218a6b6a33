"""A first end-to-end check of the engine: forward values and gradients of a small expression."""

import numpy as np

import autograd_core as ag


def test_polynomial_gradient_matches_hand_derivative():
    x = ag.tensor([1.0, -2.0, 3.0], requires_grad=True)
    y = (x**3 - 2 * x).sum()
    y.backward()
    np.testing.assert_allclose(x.grad.data, 3 * x.data**2 - 2, rtol=1e-6)


def test_matmul_relu_chain_passes_gradcheck():
    ag.manual_seed(0)
    w = ag.randn(3, 4, requires_grad=True, dtype=np.float64)
    x = ag.randn(5, 3, dtype=np.float64)
    assert ag.gradcheck(lambda weight: (x @ weight).tanh().sum(axis=0), (w,))
    assert ag.gradgradcheck(lambda weight: (x @ weight).tanh().sum(axis=0), (w,))
