"""The optimizer base: parameter groups, lazy per-parameter state, state dicts."""

from __future__ import annotations

import functools
import numbers
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from autograd_core.dtypes import get_default_dtype
from autograd_core.grad_mode import enable_grad, grad_state
from autograd_core.tensor import Tensor, make_tensor, shape_changes


class Optimizer:
    """Base class of optimizers, as in PyTorch.

    Parameters
    ----------
    params : iterable of Tensor, iterable of (str, Tensor) pairs, or iterable of dict
        The tensors to optimize, the same with their names (``model.named_parameters()``),
        or parameter groups: dicts with a ``"params"`` entry (tensors or named pairs) and any
        hyper-parameters that override ``defaults`` for that group. As in PyTorch, either
        every parameter of every group has a name or none has.
    defaults : dict
        The hyper-parameters of groups that do not set them.

    Attributes
    ----------
    param_groups : list of dict
        Each group's ``"params"`` (a list of tensors), ``"param_names"`` (a list of str,
        only when the parameters were given with names) and hyper-parameters; a
        learning-rate scheduler changes ``group["lr"]`` here.
    state : collections.defaultdict of dict
        Per-parameter state, keyed by the parameter and created on its first update, as in
        PyTorch: Tensors (momentum buffers, moment estimates, and the step count as a 0-d
        float Tensor) that the updates change in place.

    Subclasses implement :meth:`update_group` (updating ``param.data`` and the state arrays
    in place; nothing is recorded meanwhile) and :meth:`check_hyperparameters`.
    """

    scalar_state_names: tuple[str, ...] = ("step",)
    """The per-parameter state that is one number (a 0-d float Tensor), not an array shaped like
    the parameter: :meth:`load_state_dict` loads these as the step count is loaded."""

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors or dicts, but got a Tensor"
            )
        self.check_hyperparameters(defaults)
        self.defaults = dict(defaults)
        # Whether step() ran since a learning-rate scheduler was first attached (PyTorch's
        # _opt_called, which that scheduler resets): the scheduler warns if it steps first.
        self._has_scheduler = False
        self._opt_called = False
        self._shapes_checked_at = -1  # the shape-change count at the last check that passed
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], Mapping):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # A subclass may override step() the PyTorch way; its calls count as steps too.
        step = cls.__dict__.get("step")
        if callable(step):
            cls.step = _noting_the_call(step)  # type: ignore[method-assign]

    def check_hyperparameters(self, group: Mapping[str, Any]) -> None:
        """Raise ``ValueError`` for invalid hyper-parameters (each optimizer checks its own)."""

    def add_param_group(self, param_group: Mapping[str, Any]) -> None:
        """Add a group of parameters with its own hyper-parameters (unset ones from ``defaults``).

        ``param_group["params"]`` holds Tensors or ``(name, Tensor)`` pairs (as
        ``module.named_parameters()`` yields); the names are kept in the group's
        ``"param_names"``. Everything is checked before the group is added.
        """
        if not isinstance(param_group, Mapping):
            raise TypeError(f"a parameter group must be a dict, got {type(param_group).__name__}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, not a set")
        params, names = _split_names(list(params))
        if names is None and "param_names" in param_group:
            names = _checked_names(param_group["param_names"], len(params), "add_param_group")
        for position, param in enumerate(params):
            label = f"parameter {position}" if names is None else f"parameter {position} ('{names[position]}')"
            if not isinstance(param, Tensor):
                raise TypeError(f"optimizer can only optimize Tensors, but {label} is a {type(param).__name__}")
            if not param.is_leaf:
                raise ValueError(f"can't optimize a non-leaf Tensor ({label})")
        if len({id(p) for p in params}) != len(params):
            raise ValueError("a parameter group contains a parameter more than once")
        if self.param_groups and ("param_names" in self.param_groups[0]) != (names is not None):
            # PyTorch's words. Every group has names or none has, so group 0 speaks for all.
            raise ValueError(
                "all optimizer param groups should be with/without names. cannot add param group "
                f"{'with' if names is not None else 'without'} names to the optimizer"
            )
        existing = {id(p) for group in self.param_groups for p in group["params"]}
        if any(id(p) in existing for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        group = {**self.defaults, **{k: v for k, v in param_group.items() if k not in ("params", "param_names")}}
        self.check_hyperparameters(group)
        group["params"] = params
        if names is not None:
            group["param_names"] = names
        self.param_groups.append(group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients of all parameters: set them to None, or with ``set_to_none=False``
        fill the existing gradients with zeros in place (see :meth:`Tensor.zero_grad`)."""
        for group in self.param_groups:
            for param in group["params"]:
                if set_to_none:
                    param._grad = None  # what Tensor.zero_grad does, without a call per parameter
                else:
                    param.zero_grad(False)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update the parameters from their ``.grad`` once; return ``closure()`` if given.

        ``closure`` re-evaluates the model and returns the loss (called with recording on,
        before the update). Parameters whose ``.grad`` is None are skipped.
        """
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        groups = self.param_groups
        # Every gradient must fit its parameter, checked for all groups before any update. The
        # fit can only be lost by a .data of another shape, so the check waits for one.
        if shape_changes.count != self._shapes_checked_at:
            for number, group in enumerate(groups):
                _check_gradient_shapes(number, group)
            self._shapes_checked_at = shape_changes.count
        # Not recorded (as ``with no_grad()``, switched directly: this runs every training step).
        previous = grad_state.enabled
        grad_state.enabled = False
        try:
            for group in groups:
                self.update_group(group)
        finally:
            grad_state.enabled = previous
        self._opt_called = True
        return loss

    def update_group(self, group: dict[str, Any]) -> None:
        """Apply the update rule to the parameters of one group."""
        raise NotImplementedError

    # ------------------------------------------------------------------ state dicts
    def state_dict(self) -> dict[str, Any]:
        """The optimizer's state as PyTorch lays it out.

        Returns
        -------
        dict
            ``{"state": {index: {name: value}}, "param_groups": [{hyper-parameters...,
            "params": [index, ...]}]}``, parameters numbered across the groups in order, states
            in the order they were made (a parameter's first update); a group given with names
            also has its ``"param_names"``, as in PyTorch. Arrays are
            returned as Tensors sharing the optimizer's arrays; ``nn.save`` writes the dict
            to a file.
        """
        index_of: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            indices = []
            for param in group["params"]:
                index_of.setdefault(id(param), len(index_of))
                indices.append(index_of[id(param)])
            packed = {k: v for k, v in group.items() if k != "params"}
            if "param_names" in packed:
                packed["param_names"] = list(packed["param_names"])  # the caller's to change
            groups.append({**packed, "params": indices})
        state = {}
        for param, values in self.state.items():  # in the order the states were made, as PyTorch
            if id(param) in index_of:
                state[index_of[id(param)]] = {
                    name: make_tensor(value) if isinstance(value, np.ndarray) else value
                    for name, value in values.items()
                }
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: Mapping[str, Any]) -> None:
        """Load the state from :meth:`state_dict` (possibly read back with ``nn.load``).

        Everything is checked before anything changes: the groups must have the same sizes,
        and every state array the shape of its parameter (a ``ValueError`` otherwise). State
        arrays are copied into Tensors of the parameter's dtype; ``"step"`` becomes a 0-d float
        Tensor as PyTorch keeps it (also when it was saved as a plain number).

        As in PyTorch, parameter names play no part in matching (groups and parameters are
        matched by position): a group's loaded ``"param_names"`` replace its own, and a
        group saved without names keeps the names it has.
        """
        if "state" not in state_dict or "param_groups" not in state_dict:
            raise ValueError("optimizer state dict must have the keys 'state' and 'param_groups'")
        saved_groups = list(state_dict["param_groups"])
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(
                f"loaded state dict has {len(saved_groups)} parameter groups, "
                f"the optimizer has {len(self.param_groups)}"
            )
        if len({"param_names" in saved for saved in saved_groups}) > 1:
            raise ValueError(
                "loaded state dict has 'param_names' in some parameter groups only "
                f"(groups {[n for n, saved in enumerate(saved_groups) if 'param_names' in saved]})"
            )
        by_index: dict[int, Tensor] = {}
        for number, (group, saved) in enumerate(zip(self.param_groups, saved_groups)):
            if len(saved["params"]) != len(group["params"]):
                raise ValueError(
                    f"loaded state dict's parameter group {number} has {len(saved['params'])} parameters, "
                    f"the optimizer's has {len(group['params'])}"
                )
            merged = {**group, **{k: v for k, v in saved.items() if k != "params"}}
            self.check_hyperparameters(merged)
            if "param_names" in saved:
                _checked_names(saved["param_names"], len(group["params"]), f"load_state_dict: parameter group {number}")
            for index, param in zip(saved["params"], group["params"]):
                if int(index) in by_index:
                    raise ValueError(f"loaded state dict lists parameter {int(index)} more than once")
                by_index[int(index)] = param
        new_state: dict[Tensor, dict[str, Any]] = {}
        for key, values in state_dict["state"].items():
            index = int(key)
            if index not in by_index:
                raise ValueError(f"loaded state dict has state for parameter {index}, which no group lists")
            param = by_index[index]
            entry = {}
            for name, value in values.items():
                if isinstance(value, Tensor):
                    value = value.data
                if name in self.scalar_state_names:
                    entry[name] = _step_tensor(value, name)
                    continue
                if isinstance(value, np.ndarray):
                    if value.shape != param.shape:
                        raise ValueError(
                            f"loaded state '{name}' of parameter {index} has shape {value.shape}, "
                            f"the parameter has shape {param.shape}"
                        )
                    value = make_tensor(np.array(value, dtype=param.dtype))
                entry[name] = value
            new_state[param] = entry
        self.state = defaultdict(dict, new_state)
        for group, saved in zip(self.param_groups, saved_groups):
            group.update({k: v for k, v in saved.items() if k != "params"})
            if "param_names" in saved:
                group["param_names"] = list(saved["param_names"])

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for number, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {number}")
            lines.extend(f"    {key}: {group[key]}" for key in sorted(group) if key != "params")
        lines.append(")")
        return "\n".join(lines)


# PyTorch's wording, so that a test written for PyTorch matches the message.
_WORDING = {"lr": "learning rate", "eps": "epsilon value"}


def check_real(value: Any, description: str) -> None:
    """Raise ``TypeError`` unless ``value`` is a real number (a NumPy scalar counts, a bool does not).

    ``description`` names the value as PyTorch's messages do ("learning rate", "momentum
    value", "beta parameter at index 0"); PyTorch raises ``TypeError`` for ``lr=None`` too.
    """
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise TypeError(f"Invalid {description}: {value!r} (expected a real number)")


def check_adam_hyperparameters(group: Mapping[str, Any], *more: str) -> None:
    """Check an Adam-family group (Adam, AdamW, NAdam, RAdam, Adamax) in PyTorch's order: lr, eps,
    betas, weight_decay, then the ``more`` names (each a real number ≥ 0)."""
    check_nonnegative(group, "lr", "eps")
    check_betas(group)
    check_nonnegative(group, "weight_decay", *more)


def adam_hyperparameters(group: Mapping[str, Any]) -> tuple[float, float, float, float, float]:
    """lr, eps, weight_decay, β₁ and β₂ of an Adam-family group, as Python floats whatever real
    numbers the group holds: they keep the arrays' dtypes in the update."""
    beta1, beta2 = group["betas"]
    return float(group["lr"]), float(group["eps"]), float(group["weight_decay"]), float(beta1), float(beta2)


def check_nonnegative(group: Mapping[str, Any], *names: str) -> None:
    """Check that each named hyper-parameter of ``group`` is a real number ≥ 0, in PyTorch's words.

    Raises
    ------
    TypeError
        For a value that is not a real number (None, a string, a bool).
    ValueError
        For a negative value or NaN: ``Invalid learning rate: -1``, ``Invalid epsilon value:
        -1``, ``Invalid momentum value: -1``, ...
    """
    for name in names:
        value = group.get(name)
        description = _WORDING.get(name, f"{name} value")
        check_real(value, description)
        if not value >= 0:
            raise ValueError(f"Invalid {description}: {value} ({name} must be >= 0)")


def check_betas(group: Mapping[str, Any]) -> None:
    """Check that ``group["betas"]`` holds two real numbers in [0, 1), in PyTorch's words.

    Raises
    ------
    TypeError
        For a beta that is not a real number.
    ValueError
        For another count of betas, or a beta out of range: ``Invalid beta parameter at index 0: 1.0``.
    """
    betas = group["betas"]
    if len(betas) != 2:
        raise ValueError(f"Invalid betas: expected two values, got {betas!r}")
    for position, beta in enumerate(betas):
        check_real(beta, f"beta parameter at index {position}")
        if not 0.0 <= beta < 1.0:
            raise ValueError(f"Invalid beta parameter at index {position}: {beta}")


def new_step() -> Tensor:
    """A step count of 0 for a parameter's state: a 0-d float Tensor, as PyTorch stores it."""
    return make_tensor(np.zeros((), dtype=_step_dtype()))


def advance_step(step: Tensor) -> float:
    """Add one to the step count in place and return the new count as a Python number.

    The bias corrections read the count as a number, as PyTorch's do (``step.item()``);
    float32 counts steps exactly up to 2²⁴.
    """
    step._data += 1
    step._changed_in_place()
    return step._data.item()


def zero_buffers(state: dict[str, Any], like: np.ndarray, *names: str) -> None:
    """Start each named running estimate in a parameter's state at zeros shaped as ``like``."""
    for name in names:
        state[name] = make_tensor(np.zeros_like(like))


def weight_decayed(grad: np.ndarray, values: np.ndarray, lr: float, weight_decay: float, decoupled: bool) -> np.ndarray:
    """The gradient after weight decay λ: g + λθ, or with ``decoupled`` (AdamW's) θ ← θ·(1 − ηλ)
    in place and g as it was."""
    if decoupled:
        values *= 1 - lr * weight_decay
        return grad
    return grad + weight_decay * values


def state_arrays(state: Mapping[str, Tensor], *names: str) -> list[np.ndarray]:
    """The arrays of the named state Tensors, for the update to change in place.

    Each Tensor counts as modified (its version advances), as the parameters do.
    """
    arrays = []
    for name in names:
        tensor = state[name]
        tensor._changed_in_place()
        arrays.append(tensor._data)
    return arrays


def _step_dtype() -> np.dtype:
    # PyTorch's _get_scalar_dtype: float64 under a float64 default dtype, float32 otherwise.
    return np.dtype(np.float64) if get_default_dtype() == np.float64 else np.dtype(np.float32)


def _step_tensor(value: Any, name: str = "step") -> Tensor:
    """A loaded step count (or other one-number state) as a 0-d float Tensor (a float array keeps
    its dtype, as in PyTorch)."""
    array = np.asarray(value)
    if array.shape != () or array.dtype.kind not in "iuf":
        raise ValueError(f"loaded state '{name}' must be a single number, got {value!r}")
    dtype = array.dtype if array.dtype.kind == "f" else _step_dtype()
    return make_tensor(np.array(array, dtype=dtype))


def parameters_to_update(group: Mapping[str, Any]) -> list[tuple[Tensor, np.ndarray, np.ndarray]]:
    """The parameters of ``group`` that have a gradient, as ``(param, values, gradient)`` arrays.

    ``values`` is the parameter's own array, for the update to change in place; ``gradient``
    is negated when ``group["maximize"]``. Each returned parameter counts as modified in place
    (its version advances), so that a graph that saved its old values refuses to run backward
    instead of silently using the new ones.
    """
    maximize = group["maximize"]
    updates = []
    for param in group["params"]:
        grad = param._grad
        if grad is not None:
            if param._sharers is None:
                param._version += 1
            else:
                param._changed_in_place()  # also counts for tensors detached from it (a state_dict's)
            updates.append((param, param._data, -grad._data if maximize else grad._data))
    return updates


def _noting_the_call(step: Callable[..., Any]) -> Callable[..., Any]:
    """``step`` that also records on the optimizer that it ran (see ``Optimizer._opt_called``)."""

    @functools.wraps(step)
    def step_and_note(self: Optimizer, *args: Any, **kwargs: Any) -> Any:
        result = step(self, *args, **kwargs)
        self._opt_called = True
        return result

    return step_and_note


def _split_names(params: list[Any]) -> tuple[list[Any], list[str] | None]:
    """The tensors of a group's ``params`` and their names, if given as ``(name, Tensor)`` pairs.

    Raises
    ------
    ValueError
        If some parameters have names and others not (PyTorch's words).
    TypeError
        For a tuple that is not a ``(str, Tensor)`` pair.
    """
    named = [position for position, param in enumerate(params) if isinstance(param, tuple)]
    if not named:
        return params, None
    if len(named) != len(params):
        unnamed = next(position for position, param in enumerate(params) if not isinstance(param, tuple))
        raise ValueError(
            "all optimizer params should be with/without names. Some param names are missing "
            f"(parameter {named[0]} is a (name, Tensor) pair, "
            f"parameter {unnamed} is a {type(params[unnamed]).__name__})"
        )
    for position, pair in enumerate(params):
        if len(pair) != 2 or not isinstance(pair[0], str) or not isinstance(pair[1], Tensor):
            described = ", ".join(type(item).__name__ for item in pair)
            raise TypeError(
                f"optimizer params given with names must be (str, Tensor) pairs, but parameter {position} is "
                f"a tuple of ({described})"
            )
    return [pair[1] for pair in params], [pair[0] for pair in params]


def _checked_names(names: Any, count: int, where: str) -> list[str]:
    """``names`` as a list, after checking that it names each of ``count`` parameters once."""
    if isinstance(names, (str, bytes)) or not isinstance(names, (list, tuple)):
        raise TypeError(f"{where}: 'param_names' must be a list of str, got {type(names).__name__}")
    if len(names) != count:
        raise ValueError(f"{where}: 'param_names' has {len(names)} names for {count} parameters")
    return list(names)


def _check_gradient_shapes(number: int, group: Mapping[str, Any]) -> None:
    """Raise if a gradient no longer fits its parameter (whose ``.data`` was replaced by another shape)."""
    for position, param in enumerate(group["params"]):
        grad = param._grad
        if grad is not None and grad._data.shape != param._data.shape:
            raise ValueError(
                f"optimizer step: parameter {position} of group {number} has shape {param._data.shape} but its "
                f"gradient has shape {grad._data.shape}; nothing was updated"
            )
