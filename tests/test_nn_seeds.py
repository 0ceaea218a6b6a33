"""The three seed texts, reproduced: their hand-written NumPy gradients and updates written out
here as they print them, and nn with the engine computing the same numbers with nothing
differentiated by hand (DESIGN.md §5 says how each seed's loss is to be read)."""

from __future__ import annotations

import numpy as np
import pytest

import autograd_core as ag
import nn


def set_linear(layer: nn.Linear, weight_in_out: np.ndarray, bias: np.ndarray) -> None:
    """The seeds store W as (in, out) and compute a·W + b; nn.Linear stores W as (out, in)."""
    layer.load_state_dict({"weight": weight_in_out.T, "bias": bias.reshape(-1)})


# ---------------------------------------------------------------------- seed 002
class SeedNetwork:
    """Seed 002's ReLU network with a linear output, its ``backward`` and ``update_parameters``
    copied from the seed; the forward pass (not printed there) as its backward expects."""

    def __init__(self, layer_sizes: list[int], learning_rate: float, rng: np.random.Generator) -> None:
        self.learning_rate = learning_rate
        self.weights = [rng.standard_normal((a, b)) * np.sqrt(2 / a) for a, b in zip(layer_sizes, layer_sizes[1:])]
        self.biases = [rng.standard_normal((1, b)) * 0.1 for b in layer_sizes[1:]]

    @staticmethod
    def relu(z: np.ndarray) -> np.ndarray:
        return np.maximum(0, z)

    @staticmethod
    def relu_derivative(z: np.ndarray) -> np.ndarray:
        return (z > 0).astype(float)

    def forward(self, X: np.ndarray) -> tuple[np.ndarray, list]:
        cache = []
        a = X
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = np.dot(a, w) + b
            a = z if i == len(self.weights) - 1 else self.relu(z)
            cache.append((z, a))
        return a, cache

    def backward(self, X: np.ndarray, y: np.ndarray, cache: list) -> tuple[list, list]:
        batch_size = X.shape[0]
        _, activations = zip(*cache)
        dw = [None] * len(self.weights)
        db = [None] * len(self.biases)
        y_pred = activations[-1]
        error = (y_pred - y) / batch_size  # This is δ^(L)
        for i in reversed(range(len(self.weights))):
            if i == len(self.weights) - 1:
                dw[i] = np.dot(activations[i - 1].T, error)
                db[i] = np.sum(error, axis=0, keepdims=True)
                error = np.dot(error, self.weights[i].T)
            else:
                z, _ = cache[i]
                error = error * self.relu_derivative(z)
                prev_activation = X if i == 0 else activations[i - 1]
                dw[i] = np.dot(prev_activation.T, error)
                db[i] = np.sum(error, axis=0, keepdims=True)
                if i > 0:
                    error = np.dot(error, self.weights[i].T)
        return dw, db

    def update_parameters(self, dw: list, db: list) -> None:
        for i in range(len(self.weights)):
            self.weights[i] -= self.learning_rate * dw[i]
            self.biases[i] -= self.learning_rate * db[i]


def test_seed_002_relu_mlp_gradients_and_ten_updates_equal_the_hand_written_ones() -> None:
    rng = np.random.default_rng(2)
    sizes = [5, 16, 8, 1]
    seed = SeedNetwork(sizes, learning_rate=0.05, rng=rng)
    layers: list[nn.Module] = []
    for i, (weight, bias) in enumerate(zip(seed.weights, seed.biases)):
        layers.append(nn.Linear(weight.shape[0], weight.shape[1], dtype=np.float64))
        set_linear(layers[-1], weight, bias)
        if i < len(seed.weights) - 1:
            layers.append(nn.ReLU())
    model = nn.Sequential(*layers)
    linears = [layer for layer in model if isinstance(layer, nn.Linear)]
    optimizer = nn.optim.SGD(model.parameters(), lr=seed.learning_rate)
    mse = nn.MSELoss()
    for _ in range(10):
        X, y = rng.standard_normal((12, sizes[0])), rng.standard_normal((12, 1))
        _, cache = seed.forward(X)
        dw, db = seed.backward(X, y, cache)
        optimizer.zero_grad()
        # The seed's δ = (a − y)/batch_size is the gradient of ½·MSE (it drops the 2).
        loss = 0.5 * mse(model(ag.tensor(X)), y)
        loss.backward()
        for layer, grad_weight, grad_bias in zip(linears, dw, db):
            np.testing.assert_allclose(layer.weight.grad.data, grad_weight.T, rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(layer.bias.grad.data, grad_bias.ravel(), rtol=1e-12, atol=1e-12)
        seed.update_parameters(dw, db)
        optimizer.step()
    for layer, weight, bias in zip(linears, seed.weights, seed.biases):
        np.testing.assert_allclose(layer.weight.data, weight.T, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(layer.bias.data, bias.ravel(), rtol=1e-12, atol=1e-12)


def test_seed_002_mse_loss_itself_has_the_true_derivative_twice_the_seeds_delta() -> None:
    prediction = ag.tensor(np.array([[0.5], [2.0], [-1.0]]), requires_grad=True)
    target = np.array([[1.0], [1.0], [1.0]])
    nn.MSELoss()(prediction, target).backward()
    np.testing.assert_allclose(prediction.grad.data, 2 * (prediction.data - target) / 3, rtol=1e-15)


# ---------------------------------------------------------------------- seed 001
def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def sigmoid_derivative(x: np.ndarray) -> np.ndarray:
    return x * (1 - x)  # the seed passes the activation, not z


def test_seed_001_sigmoid_xor_network_learns_xor_with_the_seeds_gradients_at_every_step() -> None:
    inputs = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    outputs = np.array([[0], [1], [1], [0]], dtype=float)
    legacy = np.random.RandomState(42)  # the seed's np.random.seed(42), without touching global state
    weights_input_hidden = legacy.rand(2, 2)
    weights_hidden_output = legacy.rand(2, 1)
    bias_hidden = legacy.rand(1, 2)
    bias_output = legacy.rand(1, 1)
    learning_rate = 0.1

    hidden, output = nn.Linear(2, 2, dtype=np.float64), nn.Linear(2, 1, dtype=np.float64)
    set_linear(hidden, weights_input_hidden, bias_hidden)
    set_linear(output, weights_hidden_output, bias_output)
    model = nn.Sequential(hidden, nn.Sigmoid(), output, nn.Sigmoid())
    optimizer = nn.optim.SGD(model.parameters(), lr=learning_rate)
    x = ag.tensor(inputs)
    ours: list[list[np.ndarray]] = []
    seeds: list[list[np.ndarray]] = []
    for _ in range(10000):
        hidden_layer_output = sigmoid(np.dot(inputs, weights_input_hidden) + bias_hidden)
        predicted_output = sigmoid(np.dot(hidden_layer_output, weights_hidden_output) + bias_output)
        error = outputs - predicted_output
        d_predicted_output = error * sigmoid_derivative(predicted_output)
        error_hidden_layer = d_predicted_output.dot(weights_hidden_output.T)
        d_hidden_layer = error_hidden_layer * sigmoid_derivative(hidden_layer_output)

        # The seed adds (y − ŷ)·σ' terms: gradient descent on ½Σ(y − ŷ)², sign folded in.
        optimizer.zero_grad()
        prediction = model(x)
        loss = 0.5 * ((outputs - prediction) ** 2).sum()
        loss.backward()
        parameters = (output.weight, hidden.weight, output.bias, hidden.bias)
        ours.append([prediction.data, *(parameter.grad.data.ravel() for parameter in parameters)])
        seeds.append(
            [
                predicted_output,
                -hidden_layer_output.T.dot(d_predicted_output).T.ravel(),
                -inputs.T.dot(d_hidden_layer).T.ravel(),
                -np.sum(d_predicted_output, axis=0),
                -np.sum(d_hidden_layer, axis=0),
            ]
        )
        optimizer.step()

        weights_hidden_output += hidden_layer_output.T.dot(d_predicted_output) * learning_rate
        weights_input_hidden += inputs.T.dot(d_hidden_layer) * learning_rate
        bias_output += np.sum(d_predicted_output, axis=0, keepdims=True) * learning_rate
        bias_hidden += np.sum(d_hidden_layer, axis=0, keepdims=True) * learning_rate

    for column in range(5):  # predictions, then the four gradients, at every step
        mine = np.stack([step[column] for step in ours])
        reference = np.stack([step[column] for step in seeds])
        np.testing.assert_allclose(mine, reference, rtol=1e-10, atol=1e-12)
    final = model(x).data
    np.testing.assert_array_equal(final.round(), outputs)
    assert np.abs(final - outputs).max() < 0.1


# ---------------------------------------------------------------------- seed 000
class Seed000Network:
    """dense → batch norm → ReLU → dropout → dense → softmax + cross-entropy, in float64."""

    def __init__(self) -> None:
        ag.manual_seed(0)
        self.dense = nn.Dense(4, 6, dtype=np.float64)
        self.norm = nn.BatchNorm1d(6, dtype=np.float64)
        self.dropout = nn.Dropout(0.25)
        self.out = nn.Dense(6, 3, dtype=np.float64)
        self.model = nn.Sequential(self.dense, self.norm, nn.ReLU(), self.dropout, self.out)
        with ag.no_grad():
            self.norm.weight.data = np.array([1.5, 0.5, 1.0, 2.0, 0.8, 1.2])
            self.norm.bias.data = np.array([0.1, -0.2, 0.3, 0.0, 0.2, -0.1])

    def forward(self, x: np.ndarray, labels: np.ndarray) -> dict[str, ag.Tensor]:
        """Every intermediate value, each keeping its gradient."""
        values = {"x": ag.tensor(x, requires_grad=True)}
        values["z"] = self.dense(values["x"])
        values["x_hat_affine"] = self.norm(values["z"])
        values["relu"] = ag.relu(values["x_hat_affine"])
        # The mask, seen by dropping out ones from the same generator state.
        generator = ag.default_generator().bit_generator
        state = generator.state
        values["mask"] = self.dropout(ag.ones(values["relu"].shape, dtype=np.float64))
        generator.state = state
        values["dropped"] = self.dropout(values["relu"])
        values["logits"] = self.out(values["dropped"])
        for name in ("z", "x_hat_affine", "relu", "dropped", "logits"):
            values[name].retain_grad()
        values["loss"] = nn.CrossEntropyLoss()(values["logits"], labels)
        values["loss"].backward()
        return values


@pytest.fixture
def seed_000_batch() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return rng.standard_normal((8, 4)), rng.integers(0, 3, 8)


def test_seed_000_output_gradient_is_softmax_minus_one_hot(seed_000_batch: tuple) -> None:
    x, labels = seed_000_batch
    values = Seed000Network().forward(x, labels)
    logits = values["logits"].data
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    one_hot = np.eye(3)[labels]
    expected_loss = -np.sum(one_hot * np.log(probabilities)) / len(x)  # −Σ y log ŷ, averaged
    np.testing.assert_allclose(values["loss"].item(), expected_loss, rtol=1e-13)
    np.testing.assert_allclose(values["logits"].grad.data, (probabilities - one_hot) / len(x), atol=1e-15)


def test_seed_000_dense_relu_and_dropout_backward(seed_000_batch: tuple) -> None:
    x, labels = seed_000_batch
    network = Seed000Network()
    values = network.forward(x, labels)
    delta = values["logits"].grad.data
    # Dense: ∂L/∂W = Xᵀδ (transposed for the (out, in) weight), ∂L/∂b = Σδ, δ passed on as δWᵀ.
    np.testing.assert_allclose(network.out.weight.grad.data, (values["dropped"].data.T @ delta).T, atol=1e-15)
    np.testing.assert_allclose(network.out.bias.grad.data, delta.sum(axis=0), atol=1e-15)
    np.testing.assert_allclose(values["dropped"].grad.data, delta @ network.out.weight.data, atol=1e-15)
    # Dropout: the mask, scaled by 1/(1 − p), multiplies the values and the gradient alike.
    mask = values["mask"].data
    assert set(np.unique(mask)) == {0.0, 1 / (1 - network.dropout.p)}
    np.testing.assert_allclose(values["dropped"].data, values["relu"].data * mask, atol=1e-15)
    np.testing.assert_allclose(values["relu"].grad.data, values["dropped"].grad.data * mask, atol=1e-15)
    # ReLU: the gradient passes where z > 0 (and not at 0).
    positive = values["x_hat_affine"].data > 0
    np.testing.assert_allclose(values["x_hat_affine"].grad.data, values["relu"].grad.data * positive, atol=1e-15)
    # The first dense layer, from the gradient that reached its output.
    delta_1 = values["z"].grad.data
    np.testing.assert_allclose(network.dense.weight.grad.data, (x.T @ delta_1).T, atol=1e-14)
    np.testing.assert_allclose(values["x"].grad.data, delta_1 @ network.dense.weight.data, atol=1e-14)


def test_seed_000_batch_norm_backward_in_evaluation_is_the_seeds_formula(seed_000_batch: tuple) -> None:
    x, labels = seed_000_batch
    network = Seed000Network()
    network.forward(x, labels)  # one training batch: non-trivial running statistics
    network.model.eval()
    network.model.zero_grad()
    values = network.forward(x, labels)
    gamma = network.norm.weight.data
    grad_x_hat = values["x_hat_affine"].grad.data * gamma  # ∂L/∂X̂
    variance = network.norm.running_var.data
    # The seed's dL/dX = dL/dX̂ / √(σ² + ε): exact when σ² is a constant, as in evaluation.
    np.testing.assert_allclose(values["z"].grad.data, grad_x_hat / np.sqrt(variance + 1e-5), atol=1e-14)


def test_seed_000_batch_norm_backward_in_training_goes_through_the_batch_statistics(seed_000_batch: tuple) -> None:
    x, labels = seed_000_batch
    network = Seed000Network()
    values = network.forward(x, labels)
    z = values["z"].data
    n = len(z)
    mean, variance = z.mean(axis=0), z.var(axis=0)
    inverse_std = 1 / np.sqrt(variance + 1e-5)
    x_hat = (z - mean) * inverse_std
    grad_out = values["x_hat_affine"].grad.data
    gamma = network.norm.weight.data
    grad_x_hat = grad_out * gamma
    full = inverse_std / n * (n * grad_x_hat - grad_x_hat.sum(axis=0) - x_hat * (grad_x_hat * x_hat).sum(axis=0))
    np.testing.assert_allclose(values["z"].grad.data, full, atol=1e-13)
    seeds_formula = grad_x_hat * inverse_std
    assert not np.allclose(values["z"].grad.data, seeds_formula)  # constant statistics would be wrong here
    np.testing.assert_allclose(network.norm.weight.grad.data, (grad_out * x_hat).sum(axis=0), atol=1e-13)
    np.testing.assert_allclose(network.norm.bias.grad.data, grad_out.sum(axis=0), atol=1e-13)


@pytest.mark.parametrize("optimizer_name", ["SGD", "Adam"])
def test_seed_000_one_optimizer_step_follows_its_update_rule(optimizer_name: str, seed_000_batch: tuple) -> None:
    x, labels = seed_000_batch
    network = Seed000Network()
    lr = 0.01
    optimizer = getattr(nn.optim, optimizer_name)(network.model.parameters(), lr=lr)
    network.forward(x, labels)
    before = {name: p.data.copy() for name, p in network.model.named_parameters()}
    grads = {name: p.grad.data.copy() for name, p in network.model.named_parameters()}
    optimizer.step()
    for name, parameter in network.model.named_parameters():
        g = grads[name]
        if optimizer_name == "SGD":  # θ ← θ − η·∂L/∂θ
            expected = before[name] - lr * g
        else:  # first Adam step: m̂ = g, v̂ = g², θ ← θ − η·m̂/(√v̂ + ε)
            m, v = 0.1 * g, 0.001 * g * g
            m_hat, v_hat = m / (1 - 0.9), v / (1 - 0.999)
            expected = before[name] - lr * m_hat / (np.sqrt(v_hat) + 1e-8)
        np.testing.assert_allclose(parameter.data, expected, rtol=1e-13, atol=1e-15)
