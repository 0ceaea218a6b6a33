"""The autograd API of DESIGN.md §3: grad modes (per thread), custom Functions, anomaly detection,
``ag.grad``, ``ag.functional`` (against PyTorch and hand-derived values) and gradcheck's errors."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import functional as agf


def leaf(values: object) -> ag.Tensor:
    return ag.tensor(np.asarray(values, dtype=np.float64), requires_grad=True)


# ---------------------------------------------------------------------- grad modes
def test_no_grad_stops_recording_and_enable_grad_resumes_it() -> None:
    x = leaf([1.0])
    with ag.no_grad():
        assert not ag.is_grad_enabled()
        y = x * 2.0
        with ag.enable_grad():
            z = x * 2.0
    assert ag.is_grad_enabled()
    assert not y.requires_grad and y.grad_fn is None
    assert z.requires_grad and z.grad_fn is not None


def test_grad_modes_work_as_decorators() -> None:
    @ag.no_grad()
    def without(x: ag.Tensor) -> ag.Tensor:
        return x * 2.0

    @ag.enable_grad()
    def with_grad(x: ag.Tensor) -> ag.Tensor:
        return x * 2.0

    @ag.set_grad_enabled(False)
    def switched_off(x: ag.Tensor) -> ag.Tensor:
        return x * 2.0

    x = leaf([1.0])
    assert ag.is_grad_enabled()  # decorating changes nothing until the call
    assert not without(x).requires_grad
    assert not switched_off(x).requires_grad
    with ag.no_grad():
        assert with_grad(x).requires_grad
        assert not ag.is_grad_enabled()
    assert ag.is_grad_enabled()


def test_no_grad_and_enable_grad_decorate_without_parentheses_too() -> None:
    @ag.no_grad
    def without(x: ag.Tensor) -> ag.Tensor:
        return x * 2.0

    @ag.enable_grad
    def with_grad(x: ag.Tensor) -> ag.Tensor:
        return x * 2.0

    x = leaf([1.0])
    assert without.__name__ == "without" and ag.is_grad_enabled()
    assert not without(x).requires_grad
    with ag.no_grad():
        assert with_grad(x).requires_grad
        assert not ag.is_grad_enabled()
    assert ag.is_grad_enabled()


def test_set_grad_enabled_as_a_call_and_as_a_context_manager() -> None:
    x = leaf([1.0])
    ag.set_grad_enabled(False)
    assert not (x * 2.0).requires_grad
    ag.set_grad_enabled(True)
    with ag.set_grad_enabled(False):
        assert not ag.is_grad_enabled()
    assert ag.is_grad_enabled()
    with ag.no_grad(), ag.set_grad_enabled(True):
        assert (x * 2.0).requires_grad


def test_switches_restore_their_setting_however_they_nest() -> None:
    switch = ag.no_grad()
    with switch:
        with switch:  # the same switch entered again
            pass
        assert not ag.is_grad_enabled()
    assert ag.is_grad_enabled()

    @ag.detect_anomaly()
    def depth(n: int) -> bool:  # a decorated function that calls itself
        return depth(n - 1) if n else ag.is_anomaly_enabled()

    assert depth(2) and not ag.is_anomaly_enabled()
    anomaly = ag.detect_anomaly()
    with anomaly:
        with anomaly:
            pass
        assert ag.is_anomaly_enabled()
    assert not ag.is_anomaly_enabled()


def test_grad_mode_is_per_thread() -> None:
    barrier = threading.Barrier(2, timeout=10)
    seen: dict[str, Any] = {}
    x = leaf([1.0, 2.0])

    def inside_no_grad() -> None:
        with ag.no_grad():
            barrier.wait()  # both threads are now inside their blocks
            seen["no_grad_enabled"] = ag.is_grad_enabled()
            seen["no_grad_records"] = (x * 2.0).requires_grad
            barrier.wait()

    def recording() -> None:
        barrier.wait()
        seen["other_enabled"] = ag.is_grad_enabled()
        seen["other_records"] = (x * 2.0).requires_grad
        barrier.wait()

    threads = [threading.Thread(target=inside_no_grad), threading.Thread(target=recording)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"no_grad_enabled": False, "no_grad_records": False, "other_enabled": True, "other_records": True}


def test_a_new_thread_records_even_when_its_parent_is_in_no_grad() -> None:
    seen = []
    with ag.no_grad():
        thread = threading.Thread(target=lambda: seen.append(ag.is_grad_enabled()))
        thread.start()
        thread.join()
    assert seen == [True]


# ---------------------------------------------------------------------- custom Functions
class Cube(ag.Function):
    """x³, with a backward written in Tensor operations (so it has second derivatives)."""

    @staticmethod
    def forward(ctx: ag.FunctionContext, x: ag.Tensor) -> ag.Tensor:
        ctx.save_for_backward(x)
        return x * x * x

    @staticmethod
    def backward(ctx: ag.FunctionContext, grad: ag.Tensor) -> ag.Tensor:
        (x,) = ctx.saved_tensors
        return grad * 3.0 * x * x


class SinCos(ag.Function):
    """Two outputs from one input."""

    @staticmethod
    def forward(ctx: ag.FunctionContext, x: ag.Tensor) -> tuple[ag.Tensor, ag.Tensor]:
        ctx.save_for_backward(x)
        return ag.sin(x), ag.cos(x)

    @staticmethod
    def backward(ctx: ag.FunctionContext, grad_sin: ag.Tensor, grad_cos: ag.Tensor) -> ag.Tensor:
        (x,) = ctx.saved_tensors
        return grad_sin * ag.cos(x) - grad_cos * ag.sin(x)


class ScaledAdd(ag.Function):
    """a + scale·b with a non-tensor argument; records which inputs need gradients."""

    seen_needs_input_grad: tuple[bool, ...] = ()

    @staticmethod
    def forward(ctx: ag.FunctionContext, a: ag.Tensor, b: ag.Tensor, scale: float) -> ag.Tensor:
        ctx.scale = scale
        ScaledAdd.seen_needs_input_grad = ctx.needs_input_grad
        return a + b * scale

    @staticmethod
    def backward(ctx: ag.FunctionContext, grad: ag.Tensor) -> tuple[Any, ...]:
        return (
            grad if ctx.needs_input_grad[0] else None,
            grad * ctx.scale if ctx.needs_input_grad[1] else None,
            None,
        )


def test_function_with_one_output() -> None:
    x = leaf([1.0, -2.0])
    y = Cube.apply(x)
    assert y.grad_fn.name == "Cube"
    y.sum().backward()
    np.testing.assert_allclose(x.grad.data, 3 * x.data**2)
    assert ag.gradcheck(Cube.apply, (leaf([0.5, -1.5]),))
    assert ag.gradgradcheck(Cube.apply, (leaf([0.5, -1.5]),))


def test_function_with_two_outputs_gets_zeros_for_an_unused_one() -> None:
    x = leaf([0.3, 1.1])
    sine, _ = SinCos.apply(x)
    np.testing.assert_allclose(sine.data, np.sin(x.data))
    (sine * 2.0).sum().backward()
    np.testing.assert_allclose(x.grad.data, 2.0 * np.cos(x.data))
    assert ag.gradcheck(SinCos.apply, (leaf([0.3, 1.1]),))
    assert ag.gradgradcheck(SinCos.apply, (leaf([0.3, 1.1]),))


def test_function_needs_input_grad_and_non_tensor_arguments() -> None:
    a, b = leaf([1.0]), ag.tensor([2.0], dtype=np.float64)
    out = ScaledAdd.apply(a, b, 3.0)
    assert ScaledAdd.seen_needs_input_grad == (True, False, False)
    out.sum().backward()
    np.testing.assert_array_equal(a.grad.data, [1.0])
    with ag.no_grad():
        assert ScaledAdd.apply(a, b, 3.0).grad_fn is None


def test_function_saved_tensors_are_freed_after_backward() -> None:
    x = leaf([2.0])
    y = Cube.apply(x)
    node = y.grad_fn
    y.backward(np.array([1.0]))
    with pytest.raises(RuntimeError, match=r"retain_graph=True"):
        node.ctx.saved_tensors


def test_function_returning_the_wrong_number_of_gradients_is_an_error() -> None:
    class TooMany(ag.Function):
        @staticmethod
        def forward(ctx: ag.FunctionContext, x: ag.Tensor) -> ag.Tensor:
            return x * 1.0

        @staticmethod
        def backward(ctx: ag.FunctionContext, grad: ag.Tensor) -> tuple[Any, ...]:
            return grad, grad

    with pytest.raises(RuntimeError, match=r"TooMany.backward returned 2 gradients"):
        TooMany.apply(leaf([1.0])).sum().backward()


# ---------------------------------------------------------------------- anomaly detection
def test_anomaly_in_forward_names_the_op_and_the_line() -> None:
    x = leaf([-1.0, 1.0])
    with ag.detect_anomaly(), np.errstate(invalid="ignore"), pytest.raises(ag.AnomalyError) as error:
        ag.log(x)  # the line the message must point at
    message = str(error.value)
    assert "'log'" in message and "nan" in message
    assert "test_autograd_api.py" in message and "ag.log(x)" in message
    assert isinstance(error.value, RuntimeError)


def test_anomaly_in_backward_names_the_op_and_where_it_was_created() -> None:
    x = leaf([0.0, 4.0])
    with ag.detect_anomaly():
        root = x.sqrt()  # its gradient at 0 is infinite
        loss = root.sum()
        with np.errstate(divide="ignore"), pytest.raises(ag.AnomalyError) as error:
            loss.backward()
    message = str(error.value)
    assert "backward of 'sqrt'" in message and "inf" in message
    assert "root = x.sqrt()" in message


def test_anomaly_in_a_custom_backward_names_the_function() -> None:
    class NanGradient(ag.Function):
        @staticmethod
        def forward(ctx: ag.FunctionContext, x: ag.Tensor) -> ag.Tensor:
            return x * 1.0

        @staticmethod
        def backward(ctx: ag.FunctionContext, grad: ag.Tensor) -> ag.Tensor:
            return grad * float("nan")

    x = leaf([1.0])
    with ag.detect_anomaly(), pytest.raises(ag.AnomalyError, match=r"NanGradient"):
        NanGradient.apply(x).sum().backward()


def test_without_anomaly_detection_nan_passes_silently() -> None:
    x = leaf([-1.0])
    with np.errstate(invalid="ignore"):
        assert np.isnan(ag.log(x).data).all()
    assert not ag.is_anomaly_enabled()


# ---------------------------------------------------------------------- ag.grad
def test_grad_leaves_dot_grad_untouched() -> None:
    x = leaf([1.0, 2.0])
    (gradient,) = ag.grad((x * x).sum(), x)
    np.testing.assert_array_equal(gradient.data, [2.0, 4.0])
    assert x.grad is None
    x.grad = np.array([7.0, 7.0])
    ag.grad((x * 3.0).sum(), [x])
    np.testing.assert_array_equal(x.grad.data, [7.0, 7.0])


def test_grad_with_respect_to_a_non_leaf() -> None:
    x = leaf([1.0, 2.0])
    hidden = x * 3.0
    out = (hidden * hidden).sum()
    hidden_grad, x_grad = ag.grad(out, [hidden, x])
    np.testing.assert_array_equal(hidden_grad.data, 2 * hidden.data)
    np.testing.assert_array_equal(x_grad.data, 6 * hidden.data)


def test_grad_allow_unused() -> None:
    x, unused = leaf([1.0]), leaf([2.0])
    with pytest.raises(RuntimeError, match=r"allow_unused=True"):
        ag.grad((x * 2.0).sum(), [x, unused])
    x_grad, nothing = ag.grad((x * 2.0).sum(), [x, unused], allow_unused=True)
    assert nothing is None
    np.testing.assert_array_equal(x_grad.data, [2.0])


def test_grad_of_several_outputs_with_grad_outputs() -> None:
    x = leaf([1.0, 2.0])
    (gradient,) = ag.grad([x * 2.0, x * x], x, grad_outputs=[np.array([1.0, 0.0]), np.array([0.5, 1.0])])
    np.testing.assert_array_equal(gradient.data, [2.0 + 1.0, 4.0])


def test_grad_outputs_may_be_one_array_or_number() -> None:
    x = leaf([1.0, 2.0])
    y = x * 2.0
    (gradient,) = ag.grad(y, x, np.array([1.0, 3.0]), retain_graph=True)
    np.testing.assert_array_equal(gradient.data, [2.0, 6.0])
    (itself,) = ag.grad(y, y, grad_outputs=np.ones(2), retain_graph=True)
    np.testing.assert_array_equal(itself.data, [1.0, 1.0])
    (scaled,) = ag.grad(y.sum(), x, 2.0)
    np.testing.assert_array_equal(scaled.data, [4.0, 4.0])


def test_grad_create_graph_gives_higher_derivatives() -> None:
    x = leaf(1.5)
    y = x**3
    (first,) = ag.grad(y, x, create_graph=True)
    (second,) = ag.grad(first, x, create_graph=True)
    (third,) = ag.grad(second, x)
    assert first.item() == pytest.approx(3 * 1.5**2)
    assert second.item() == pytest.approx(6 * 1.5)
    assert third.item() == pytest.approx(6.0)
    z = leaf([0.5, -0.25])
    loss = (z.tanh() ** 2).sum()
    (gradient,) = ag.grad(loss, z, create_graph=True)
    (gradient * gradient).sum().backward()
    assert z.grad is not None and z.grad.shape == (2,)


def test_grad_frees_the_graph_unless_retained() -> None:
    x = leaf([1.0])
    y = (x.exp() * 2.0).sum()
    ag.grad(y, x, retain_graph=True)
    ag.grad(y, x)
    with pytest.raises(RuntimeError, match=r"retain_graph=True"):
        ag.grad(y, x)


# ---------------------------------------------------------------------- ag.functional
def scalar_function(x: ag.Tensor, y: ag.Tensor) -> ag.Tensor:
    return (x.exp() * y.sin()).sum() + (x * x * y).sum()


def vector_function(x: ag.Tensor, y: ag.Tensor) -> tuple[ag.Tensor, ag.Tensor]:
    return x * y.tanh(), (x**2).sum() * y


def test_jacobian_and_hessian_by_hand() -> None:
    matrix = np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]])
    x = leaf([0.2, -0.4, 1.0])
    np.testing.assert_allclose(agf.jacobian(lambda v: ag.tensor(matrix) @ v, x).data, matrix)
    square = np.array([[2.0, 1.0, 0.0], [0.0, 1.0, -1.0], [3.0, 0.0, 1.0]])
    hessian = agf.hessian(lambda v: v @ (ag.tensor(square) @ v), x)
    np.testing.assert_allclose(hessian.data, square + square.T)
    assert x.grad is None


def test_vjp_and_jvp_by_hand() -> None:
    x = leaf([1.0, 2.0])
    outputs, product = agf.vjp(lambda v: v**2, x, ag.tensor([1.0, -1.0], dtype=np.float64))
    np.testing.assert_array_equal(outputs.data, [1.0, 4.0])
    np.testing.assert_array_equal(product.data, [2.0, -4.0])
    outputs, product = agf.jvp(lambda v: v**2, x, ag.tensor([1.0, -1.0], dtype=np.float64))
    np.testing.assert_array_equal(product.data, [2.0, -4.0])
    _, scalar_product = agf.vjp(lambda v: (v**3).sum(), x)
    np.testing.assert_array_equal(scalar_product.data, [3.0, 12.0])


def test_value_and_grad_returns_value_and_gradient() -> None:
    value_and_grad = agf.value_and_grad(lambda w, b: ((w * 3.0 + b) ** 2).sum(), argnums=(0, 1))
    value, (w_grad, b_grad) = value_and_grad(np.array([1.0, 2.0]), ag.tensor(0.5, dtype=np.float64))
    assert value.item() == pytest.approx(3.5**2 + 6.5**2)
    np.testing.assert_allclose(w_grad.data, [6 * 3.5, 6 * 6.5])
    assert b_grad.item() == pytest.approx(2 * (3.5 + 6.5))
    value, gradient = agf.value_and_grad(lambda w: (w * w).sum())(ag.tensor([3.0, 4.0]))
    assert value.item() == 25.0 and not value.requires_grad
    np.testing.assert_array_equal(gradient.data, [6.0, 8.0])


def _nested_numpy(result: Any) -> Any:
    if isinstance(result, (tuple, list)):
        return tuple(_nested_numpy(item) for item in result)
    return result.detach().numpy() if hasattr(result, "detach") and not isinstance(result, ag.Tensor) else result.data


@pytest.mark.parametrize("create_graph", [False, True])
def test_functional_matches_pytorch(create_graph: bool) -> None:
    torch = pytest.importorskip("torch")
    tf = torch.autograd.functional
    x_values, y_values = np.array([0.3, -0.7, 1.2]), np.array([1.1, 0.4, -0.2])
    v_out = (np.array([0.5, -1.0, 2.0]), np.array([1.0, 0.25, -0.5]))
    v_in = (np.array([1.0, 0.0, -1.0]), np.array([0.3, 0.2, 0.1]))

    def ours_inputs() -> tuple[ag.Tensor, ag.Tensor]:
        return ag.tensor(x_values), ag.tensor(y_values)

    def torch_inputs() -> tuple[Any, Any]:
        return torch.from_numpy(x_values.copy()), torch.from_numpy(y_values.copy())

    def torch_scalar(x: Any, y: Any) -> Any:
        return (x.exp() * y.sin()).sum() + (x * x * y).sum()

    def torch_vector(x: Any, y: Any) -> Any:
        return x * y.tanh(), (x**2).sum() * y

    pairs = [
        (
            agf.vjp(vector_function, ours_inputs(), tuple(ag.tensor(v) for v in v_out), create_graph=create_graph),
            tf.vjp(torch_vector, torch_inputs(), tuple(torch.from_numpy(v) for v in v_out), create_graph=create_graph),
        ),
        (
            agf.jvp(vector_function, ours_inputs(), tuple(ag.tensor(v) for v in v_in), create_graph=create_graph),
            tf.jvp(torch_vector, torch_inputs(), tuple(torch.from_numpy(v) for v in v_in), create_graph=create_graph),
        ),
        (
            agf.jacobian(vector_function, ours_inputs(), create_graph=create_graph),
            tf.jacobian(torch_vector, torch_inputs(), create_graph=create_graph),
        ),
        (
            agf.jacobian(lambda x: x.exp() * 2.0, ag.tensor(x_values), create_graph=create_graph),
            tf.jacobian(lambda x: x.exp() * 2.0, torch.from_numpy(x_values.copy()), create_graph=create_graph),
        ),
        (
            agf.hessian(scalar_function, ours_inputs(), create_graph=create_graph),
            tf.hessian(torch_scalar, torch_inputs(), create_graph=create_graph),
        ),
        (
            agf.hessian(lambda x: (x.sin() * x).sum(), ag.tensor(x_values), create_graph=create_graph),
            tf.hessian(lambda x: (x.sin() * x).sum(), torch.from_numpy(x_values.copy()), create_graph=create_graph),
        ),
    ]
    for ours, theirs in pairs:
        ours_numpy, theirs_numpy = _nested_numpy(ours), _nested_numpy(theirs)
        np.testing.assert_equal(
            np.asarray(ours_numpy, dtype=object).shape, np.asarray(theirs_numpy, dtype=object).shape
        )
        for mine, reference in zip(_flatten(ours_numpy), _flatten(theirs_numpy)):
            assert mine.shape == reference.shape
            np.testing.assert_allclose(mine, reference, rtol=1e-12, atol=1e-14)


def _flatten(nested: Any) -> list[np.ndarray]:
    if isinstance(nested, tuple):
        return [array for item in nested for array in _flatten(item)]
    return [nested]


def test_functional_with_create_graph_can_be_differentiated_again() -> None:
    x = leaf([0.5, 1.5])
    hessian = agf.hessian(lambda v: (v**4).sum(), x, create_graph=True)
    hessian.sum().backward()  # Σ 12v² differentiated: 24v
    np.testing.assert_allclose(x.grad.data, 24 * x.data)


# ---------------------------------------------------------------------- gradcheck
class WrongSquare(ag.Function):
    """x², with a deliberately wrong derivative x (instead of 2x)."""

    @staticmethod
    def forward(ctx: ag.FunctionContext, x: ag.Tensor) -> ag.Tensor:
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx: ag.FunctionContext, grad: ag.Tensor) -> ag.Tensor:
        (x,) = ctx.saved_tensors
        return grad * x


class FirstOrderOnlyCube(Cube):
    """x³ whose backward treats 3x² as a constant: right first derivatives, wrong second ones."""

    @staticmethod
    def backward(ctx: ag.FunctionContext, grad: ag.Tensor) -> ag.Tensor:
        (x,) = ctx.saved_tensors
        return grad * ag.tensor(3.0 * x.data**2)


def test_gradcheck_error_names_input_element_and_both_values() -> None:
    a, b = leaf([1.0, 2.0]), leaf([3.0, 5.0])
    with pytest.raises(ag.GradcheckError) as error:
        ag.gradcheck(lambda first, second: first * WrongSquare.apply(second), (a, b))
    message = str(error.value)
    assert "input 1" in message
    assert "element [0]" in message
    # ∂(a·b²)/∂b₀ = 2·a₀·b₀ = 6 numerically; the wrong backward gives a₀·b₀ = 3.
    assert "numerical 6" in message and "analytical 3" in message


def test_gradcheck_passes_for_correct_gradients_and_checks_only_floating_inputs() -> None:
    assert ag.gradcheck(lambda x, k: x * k, (leaf([1.0, 2.0]), 3)) is True
    assert ag.gradcheck(lambda x: x.sum(axis=0), (leaf(np.ones((2, 3))),))
    with pytest.raises(ValueError, match=r"no input requires grad"):
        ag.gradcheck(lambda x: x * 2.0, (ag.tensor([1.0]),))


def test_gradgradcheck_catches_a_backward_that_is_not_differentiable() -> None:
    x = leaf([0.5, -1.0])
    assert ag.gradcheck(FirstOrderOnlyCube.apply, (x,))
    with pytest.raises(ag.GradcheckError, match=r"numerical .* analytical"):
        ag.gradgradcheck(FirstOrderOnlyCube.apply, (x,))


def test_gradchecks_return_false_instead_of_raising_when_asked() -> None:
    a, b = leaf([1.0, 2.0]), leaf([3.0, 5.0])
    assert ag.gradcheck(lambda first, second: first * WrongSquare.apply(second), (a, b), raise_exception=False) is False
    assert ag.gradgradcheck(FirstOrderOnlyCube.apply, (leaf([0.5, -1.0]),), raise_exception=False) is False
    assert ag.gradcheck(FirstOrderOnlyCube.apply, (leaf([0.5]),), raise_exception=False) is True
    with pytest.raises(ValueError, match=r"no input requires grad"):  # misuse still raises
        ag.gradcheck(lambda x: x * 2.0, (ag.tensor([1.0]),), raise_exception=False)


def test_gradcheck_works_in_float64_whatever_the_input_dtype() -> None:
    x = ag.tensor([0.3, 0.7], requires_grad=True)  # float32
    assert ag.gradcheck(lambda v: (v * v).exp(), (x,))
    assert x.dtype == np.float32 and x.grad is None


def test_functional_strict_mode_and_pytorch_options() -> None:
    x, unused = ag.tensor([1.0, 2.0], dtype=np.float64), ag.tensor([3.0], dtype=np.float64)
    jacobians = agf.jacobian(lambda a, b: a * 2.0, (x, unused))
    np.testing.assert_array_equal(jacobians[1].data, np.zeros((2, 1)))
    with pytest.raises(RuntimeError, match=r"independent of input 1"):
        agf.jacobian(lambda a, b: a * 2.0, (x, unused), strict=True)
    with pytest.raises(RuntimeError, match=r"independent of input 1"):
        agf.vjp(lambda a, b: (a * 2.0).sum(), (x, unused), strict=True)
    hessian = agf.hessian(lambda a: (a**3).sum(), x, vectorize=True, outer_jacobian_strategy="forward-mode")
    np.testing.assert_array_equal(hessian.data, np.diag(6 * x.data))
    with pytest.raises(ValueError, match=r"strategy"):
        agf.jacobian(lambda a: a, x, strategy="sideways")


@pytest.mark.parametrize(
    "function",
    [
        lambda t: t.relu(),
        lambda t: t.abs(),
        lambda t: t.leaky_relu(0.1),
        lambda t: t.clip(-0.5, 0.5),
        lambda t: ag.maximum(t, 0.3),
        lambda t: ag.minimum(t, 0.3),
        lambda t: t.max(),
        lambda t: t.min(axis=0),
    ],
    ids=["relu", "abs", "leaky_relu", "clip", "maximum", "minimum", "max", "min"],
)
def test_second_derivative_of_a_piecewise_linear_op_is_zero_not_an_error(function):
    # The first derivative is piecewise constant but still a function of x (as in PyTorch),
    # so differentiating it again gives zeros instead of "does not require grad".
    x = ag.tensor([-1.0, 0.2, 2.0], dtype=np.float64, requires_grad=True)
    (first,) = ag.grad(function(x).sum(), x, create_graph=True)
    assert first.requires_grad
    (second,) = ag.grad(first.sum(), x)
    np.testing.assert_array_equal(second.data, np.zeros(3))


class WrongShape(ag.Function):
    """The identity whose backward returns a gradient of shape (3,) for any input."""

    @staticmethod
    def forward(ctx: ag.FunctionContext, x: ag.Tensor) -> ag.Tensor:
        return x * 1.0

    @staticmethod
    def backward(ctx: ag.FunctionContext, grad: ag.Tensor) -> ag.Tensor:
        return ag.ones(3, dtype=grad.dtype)


@pytest.mark.parametrize("create_graph", [False, True])
def test_a_backward_of_the_wrong_shape_is_named(create_graph: bool) -> None:
    x = leaf([1.0, 2.0])
    with pytest.raises(
        RuntimeError, match=r"WrongShape: backward returned a gradient of shape \(3,\) for input 0 of shape \(2,\)"
    ):
        WrongShape.apply(x).sum().backward(create_graph=create_graph)
    assert x.grad is None


class SquareSavingInput(ag.Function):
    @staticmethod
    def forward(ctx: ag.FunctionContext, x: ag.Tensor) -> ag.Tensor:
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx: ag.FunctionContext, grad: ag.Tensor) -> ag.Tensor:
        (x,) = ctx.saved_tensors
        return grad * 2.0 * x


def test_a_function_refuses_a_saved_tensor_modified_in_place() -> None:
    a = leaf([1.0, 2.0, 3.0])
    loss = SquareSavingInput.apply(a).sum()
    with ag.no_grad():
        a += 10.0
    with pytest.raises(RuntimeError, match=r"SquareSavingInput: saved tensor 0 of shape \(3,\) was modified in place"):
        loss.backward()
    assert a.grad is None


class ExpSavingOutput(ag.Function):
    @staticmethod
    def forward(ctx: ag.FunctionContext, x: ag.Tensor) -> ag.Tensor:
        out = ag.exp(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx: ag.FunctionContext, grad: ag.Tensor) -> ag.Tensor:
        (out,) = ctx.saved_tensors
        return grad * out


def test_a_function_refuses_its_returned_output_modified_in_place() -> None:
    x = leaf([0.0, 1.0])
    y = ExpSavingOutput.apply(x)
    with ag.no_grad():
        y[0] = 100.0  # y is what backward reads as the saved output
    with pytest.raises(RuntimeError, match=r"ExpSavingOutput: saved tensor 0 of shape \(2,\) was modified"):
        y.sum().backward()
    x = leaf([0.0, 1.0])
    ExpSavingOutput.apply(x).sum().backward()  # unmodified: the usual gradient
    np.testing.assert_allclose(x.grad.data, np.exp([0.0, 1.0]))
    assert ag.gradgradcheck(ExpSavingOutput.apply, (leaf([0.3, -0.2]),))


def test_no_grad_refuses_an_argument_it_cannot_decorate() -> None:
    with pytest.raises(TypeError, match=r"no_grad\(\) takes no arguments"):
        ag.no_grad(True)


def test_library_warnings_point_at_the_users_line() -> None:
    with pytest.warns(RuntimeWarning, match="mean of an empty selection") as record:
        ag.zeros(0).mean()
    assert record[0].filename == __file__
    with pytest.warns(RuntimeWarning, match="degrees of freedom") as record:
        ag.tensor([1.0]).var(ddof=1)
    assert record[0].filename == __file__


# ---------------------------------------------------------------------- backward(inputs=...)
def test_backward_with_inputs_accumulates_only_into_them() -> None:
    a = ag.tensor([1.0, 2.0], requires_grad=True, dtype=np.float64)
    b = ag.tensor([3.0, 4.0], requires_grad=True, dtype=np.float64)
    hidden = a * b
    (hidden * hidden).sum().backward(inputs=[a, hidden])
    np.testing.assert_array_equal(a.grad.data, [2 * 3.0 * 3.0, 2 * 8.0 * 4.0])  # 2ab·b
    np.testing.assert_array_equal(hidden.grad.data, [6.0, 16.0])  # an intermediate tensor gets .grad too
    assert b.grad is None
    (a * b).sum().backward(inputs=a)  # one tensor; adds to the existing .grad
    np.testing.assert_array_equal(a.grad.data, [18.0 + 3.0, 64.0 + 4.0])
    assert b.grad is None


def test_backward_with_inputs_refuses_empty_or_gradless_inputs_and_skips_unused_ones() -> None:
    a = ag.tensor([1.0, 2.0], requires_grad=True)
    unused = ag.tensor([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="inputs cannot be empty"):
        (a * a).sum().backward(inputs=[])
    with pytest.raises(RuntimeError, match="input 0 does not require grad"):
        (a * a).sum().backward(inputs=[ag.tensor([1.0])])
    assert a.grad is None
    (a * a).sum().backward(inputs=[unused])  # as PyTorch: no error, nothing accumulated
    assert unused.grad is None and a.grad is None


def test_backward_with_inputs_and_create_graph_gives_differentiable_gradients() -> None:
    a = ag.tensor([1.0, 2.0], requires_grad=True, dtype=np.float64)
    (a * a * a).sum().backward(inputs=[a], create_graph=True)
    np.testing.assert_allclose(a.grad.data, 3 * a.data**2)
    (second,) = ag.grad(a.grad.sum(), a)
    np.testing.assert_allclose(second.data, 6 * a.data)


def test_backward_with_inputs_matches_pytorch() -> None:
    torch = pytest.importorskip("torch")
    values = np.random.default_rng(3).standard_normal((3, 4))
    weights = np.random.default_rng(4).standard_normal((4, 2))

    def run(library: Any, make: Any) -> list[Any]:
        x, w = make(values), make(weights)
        hidden = library.tanh(x @ w)
        loss = (hidden * hidden).sum() + (x * x).sum()
        loss.backward(inputs=[w, hidden])
        return [w.grad, hidden.grad, x.grad]

    ours = run(ag, lambda v: ag.tensor(v, requires_grad=True))
    theirs = run(torch, lambda v: torch.tensor(v, requires_grad=True))
    for mine, reference in zip(ours[:2], theirs[:2]):
        np.testing.assert_allclose(mine.data, reference.numpy(), rtol=1e-12)
    assert ours[2] is None and theirs[2] is None


def test_function_transforms_differentiate_inside_no_grad_as_pytorch() -> None:
    x = ag.tensor(np.array([1.0, 2.0]))
    with ag.no_grad():
        np.testing.assert_array_equal(agf.jacobian(lambda a: a**2, x).data, [[2, 0], [0, 4]])
        np.testing.assert_array_equal(agf.vjp(lambda a: a**2, x, x)[1].data, [2, 8])
        np.testing.assert_array_equal(agf.jvp(lambda a: a**2, x, x)[1].data, [2, 8])
        np.testing.assert_array_equal(agf.hessian(lambda a: (a**3).sum(), x).data, [[6, 0], [0, 12]])
        value, gradient = agf.value_and_grad(lambda a: (a**2).sum())(x)
        np.testing.assert_array_equal(gradient.data, [2, 4])
        assert not ag.is_grad_enabled()  # the caller's mode is back
        assert not value.requires_grad


def test_grad_mode_decorators_switch_generator_bodies_each_time_they_resume() -> None:
    @ag.no_grad()
    def generator() -> Any:
        received = yield ag.is_grad_enabled()
        try:
            yield (received, ag.is_grad_enabled())
        except ValueError:
            yield ("thrown", ag.is_grad_enabled())
        return "done"

    iterator = generator()
    assert next(iterator) is False
    assert ag.is_grad_enabled()  # the caller's mode between resumptions
    assert iterator.send(7) == (7, False)
    assert iterator.throw(ValueError()) == ("thrown", False)
    with pytest.raises(StopIteration) as stop:
        next(iterator)
    assert stop.value.value == "done"
    assert ag.is_grad_enabled()


def test_a_function_without_backward_says_so() -> None:
    class Square(ag.Function):
        @staticmethod
        def forward(ctx: Any, x: Any) -> Any:
            return x * x

    x = ag.tensor([1.0, 2.0], requires_grad=True)
    loss = Square.apply(x).sum()
    with pytest.raises(NotImplementedError, match="Square: backward is not defined"):
        loss.backward()


def test_backward_with_inputs_fills_retained_gradients_on_the_way_once() -> None:
    a = ag.tensor([1.0, 2.0], requires_grad=True)
    b = ag.tensor([3.0, 4.0], requires_grad=True)
    hidden = a * b
    hidden.retain_grad()
    (hidden * hidden).sum().backward(inputs=[a])  # hidden lies between the loss and a
    np.testing.assert_array_equal(hidden.grad.data, [6.0, 16.0])
    assert b.grad is None
    tripled = a * 3.0
    tripled.retain_grad()
    (tripled * tripled).sum().backward(inputs=[tripled])  # both an input and retained: added once
    np.testing.assert_array_equal(tripled.grad.data, [6.0, 12.0])
    unused_path = a * 2.0
    unused_path.retain_grad()
    ((a * b).sum() + unused_path.sum()).backward(inputs=[b])  # not on the way to b: untouched
    assert unused_path.grad is None
