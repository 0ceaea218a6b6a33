"""A small end-to-end example: fit y = 3x − 1 with a hand-written linear model."""

import numpy as np

import autograd_core as ag

ag.manual_seed(0)
x = ag.Tensor(np.linspace(-1, 1, 64).reshape(-1, 1))
y = 3 * x - 1
w = ag.zeros(1, 1, requires_grad=True)
b = ag.zeros(1, requires_grad=True)
for _step in range(200):
    loss = ((x @ w + b - y) ** 2).mean()
    loss.backward()
    with ag.no_grad():
        w -= 0.1 * w.grad
        b -= 0.1 * b.grad
    w.grad = None
    b.grad = None
print(f"w = {w.item():.4f}, b = {b.item():.4f}, loss = {loss.item():.2e}")
