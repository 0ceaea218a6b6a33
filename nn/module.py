"""Module: the base of every layer and model — parameters, buffers and submodules by attribute."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

import numpy as np

from autograd_core.hooks import RemovableHandle
from autograd_core.tensor import Tensor, parse_to_arguments
from nn.parameter import Parameter


class IncompatibleKeys(NamedTuple):
    """What ``load_state_dict(strict=False)`` did not match: keys the model has that the state
    dict lacks, and keys of the state dict that the model does not have."""

    missing_keys: list[str]
    unexpected_keys: list[str]

    def __repr__(self) -> str:
        # PyTorch's _IncompatibleKeys: a success reads as one, not as two empty lists.
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return f"{type(self).__name__}(missing_keys={self.missing_keys!r}, unexpected_keys={self.unexpected_keys!r})"

    __str__ = __repr__


class _Hook:
    """One registration of a forward hook: the function and how to call it."""

    __slots__ = ("always_call", "fn", "with_kwargs")

    def __init__(self, fn: Callable[..., Any], with_kwargs: bool, always_call: bool) -> None:
        self.fn = fn
        self.with_kwargs = with_kwargs
        self.always_call = always_call


class _CallHooks:
    """The hooks of one module, in calling order; a module without hooks has none of this."""

    __slots__ = ("forward", "forward_pre")

    def __init__(self) -> None:
        self.forward_pre: list[_Hook] = []
        self.forward: list[_Hook] = []


class Module:
    """Base class of layers and models, as in PyTorch.

    Assigning a :class:`~nn.Parameter` or a Module as an attribute registers it; the dotted
    names of ``named_parameters()`` and ``state_dict()`` follow the attribute path
    (``encoder.0.weight``). Buffers (:meth:`register_buffer`) are non-learnable state such as
    batch-norm running statistics: they are saved in the state dict but not returned by
    ``parameters()``. ``train()`` and ``eval()`` set ``training`` on the whole tree.

    Subclasses call ``super().__init__()`` first and define ``forward``; calling the module
    calls ``forward``.

    Examples
    --------
    >>> import nn
    >>> class TwoLayer(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.hidden = nn.Linear(4, 8)
    ...         self.out = nn.Linear(8, 2)
    ...     def forward(self, x):
    ...         return self.out(self.hidden(x).relu())
    >>> [name for name, _ in TwoLayer().named_parameters()]
    ['hidden.weight', 'hidden.bias', 'out.weight', 'out.bias']
    """

    training: bool

    def __init__(self) -> None:
        # Registered members also live in the instance dict, so that reading self.weight in
        # forward is a plain attribute lookup.
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_buffers", {})
        object.__setattr__(self, "_non_persistent_buffers", set())
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "training", True)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """Compute the module's output; every subclass defines it."""
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # The hot path of training: a module without hooks costs one attribute test.
        if self._call_hooks is None:
            return self.forward(*args, **kwargs) if kwargs else self.forward(*args)
        return self._call_with_hooks(args, kwargs)

    # ------------------------------------------------------------------ hooks
    # None until a hook is registered: read from the class, so that no instance pays for it.
    _call_hooks: _CallHooks | None = None

    def register_forward_pre_hook(
        self, hook: Callable[..., Any], *, prepend: bool = False, with_kwargs: bool = False
    ) -> RemovableHandle:
        """Call ``hook`` before every ``forward``, as PyTorch's.

        ``hook(module, args)`` gets the positional inputs as a tuple and may return new ones
        (a value that is not a tuple is wrapped in one). With ``with_kwargs=True`` it is
        ``hook(module, args, kwargs)`` and may return a new ``(args, kwargs)`` pair.

        Parameters
        ----------
        hook : callable
            The hook.
        prepend : bool
            Call it before the hooks registered so far instead of after them.
        with_kwargs : bool
            Also pass (and let it replace) the keyword arguments.

        Returns
        -------
        RemovableHandle
            Its ``remove()`` unregisters the hook.
        """
        return self._add_hook("register_forward_pre_hook", "forward_pre", hook, prepend, with_kwargs, False)

    def register_forward_hook(
        self,
        hook: Callable[..., Any],
        *,
        prepend: bool = False,
        with_kwargs: bool = False,
        always_call: bool = False,
    ) -> RemovableHandle:
        """Call ``hook`` after every ``forward``, as PyTorch's.

        ``hook(module, args, output)`` (with ``with_kwargs=True``, ``hook(module, args,
        kwargs, output)``) gets the inputs as ``forward`` received them (after the pre-hooks)
        and the output; what it returns, unless None, replaces the output.

        Parameters
        ----------
        hook : callable
            The hook.
        prepend : bool
            Call it before the hooks registered so far instead of after them.
        with_kwargs : bool
            Also pass the keyword arguments.
        always_call : bool
            Call it also when the call raises (with the output so far, None if ``forward``
            raised); an error in the hook then becomes a warning and the first error is raised.

        Returns
        -------
        RemovableHandle
            Its ``remove()`` unregisters the hook.
        """
        return self._add_hook("register_forward_hook", "forward", hook, prepend, with_kwargs, always_call)

    def _add_hook(
        self, op: str, kind: str, hook: Callable[..., Any], prepend: bool, with_kwargs: bool, always_call: bool
    ) -> RemovableHandle:
        if not callable(hook):
            raise TypeError(f"{op}: the hook must be callable, got a {type(hook).__name__}")
        hooks = self._call_hooks
        if hooks is None:
            hooks = _CallHooks()
            object.__setattr__(self, "_call_hooks", hooks)
        registered = getattr(hooks, kind)
        # One record per registration, so that a handle removes its own registration even
        # when the same function is registered twice.
        handle = RemovableHandle(registered, _Hook(hook, with_kwargs, always_call))
        if prepend:
            registered.insert(0, registered.pop())
        return handle

    def _call_with_hooks(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """``__call__`` of a module with hooks, in PyTorch's order: pre-hooks, forward, hooks."""
        hooks = self._call_hooks
        assert hooks is not None
        output = None
        called: set[int] = set()
        try:
            for pre_hook in list(hooks.forward_pre):  # a copy: a hook may remove itself
                if pre_hook.with_kwargs:
                    replacement = pre_hook.fn(self, args, kwargs)
                    if replacement is not None:
                        if not (isinstance(replacement, tuple) and len(replacement) == 2):
                            raise RuntimeError(
                                "forward pre-hook must return None or a tuple of (new_args, new_kwargs), "
                                f"but got {replacement}."
                            )
                        args, kwargs = replacement
                else:
                    replacement = pre_hook.fn(self, args)
                    if replacement is not None:
                        args = replacement if isinstance(replacement, tuple) else (replacement,)
            output = self.forward(*args, **kwargs)
            for hook in list(hooks.forward):
                called.add(id(hook))
                if hook.with_kwargs:
                    replacement = hook.fn(self, args, kwargs, output)
                else:
                    replacement = hook.fn(self, args, output)
                if replacement is not None:
                    output = replacement
            return output
        except Exception:
            for hook in list(hooks.forward):
                if not hook.always_call or id(hook) in called:
                    continue
                try:
                    if hook.with_kwargs:
                        replacement = hook.fn(self, args, kwargs, output)
                    else:
                        replacement = hook.fn(self, args, output)
                    if replacement is not None:
                        output = replacement
                except Exception as error:
                    warnings.warn(
                        "module forward hook with ``always_call=True`` raised an exception that was "
                        f"silenced as another error was raised in forward: {error}",
                        stacklevel=2,
                    )
            raise

    # ------------------------------------------------------------------ registration
    def __setattr__(self, name: str, value: Any) -> None:
        registries = self.__dict__
        parameters = registries.get("_parameters")
        modules = registries.get("_modules")
        buffers = registries.get("_buffers")
        if isinstance(value, Parameter):
            if parameters is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._forget(name, keep=parameters)
            parameters[name] = value
        elif parameters is not None and name in parameters:
            if value is not None:
                raise TypeError(
                    f"cannot assign a {type(value).__name__} as parameter '{name}' (nn.Parameter or None expected)"
                )
            parameters[name] = None
        elif isinstance(value, Module):
            if modules is None:
                raise AttributeError("cannot assign a submodule before Module.__init__() call")
            self._forget(name, keep=modules)
            modules[name] = value
        elif modules is not None and name in modules:
            if value is not None:
                raise TypeError(
                    f"cannot assign a {type(value).__name__} as child module '{name}' (Module or None expected)"
                )
            modules[name] = None
        elif buffers is not None and name in buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign a {type(value).__name__} as buffer '{name}' (Tensor or None expected)")
            buffers[name] = value
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        self._forget(name)
        object.__delattr__(self, name)

    def _forget(self, name: str, keep: dict[str, Any] | None = None) -> None:
        """Remove ``name`` from every registry but ``keep`` (it is being replaced by something else).

        A member replaced by one of its own kind stays in ``keep``, at its place, so that the
        order of ``state_dict()`` and ``named_parameters()`` does not change (as in PyTorch).
        """
        for registry in (self._parameters, self._modules, self._buffers):
            if registry is not keep:
                registry.pop(name, None)
        if keep is not self._buffers:
            self._non_persistent_buffers.discard(name)

    def _check_new_name(self, name: str, kind: str, registry: dict[str, Any]) -> None:
        if "_parameters" not in self.__dict__:
            raise AttributeError(f"cannot register a {kind} before Module.__init__() call")
        if not isinstance(name, str):
            raise TypeError(f"{kind} name must be a str, got {type(name).__name__}")
        if not name or "." in name:
            raise KeyError(f"{kind} name must be non-empty and contain no '.', got {name!r}")
        if hasattr(self, name) and name not in registry:  # an attribute or a method, as PyTorch checks
            raise KeyError(f"attribute '{name}' already exists")

    def _register(self, kind: str, name: str, value: Any, expected: type, registry_name: str) -> None:
        """What registering a parameter, a buffer or a submodule has in common."""
        registry = self.__dict__.get(registry_name)
        self._check_new_name(name, kind, registry)  # type: ignore[arg-type]
        if value is not None and not isinstance(value, expected):
            raise TypeError(
                f"cannot register a {type(value).__name__} as {kind} '{name}' ({expected.__name__} or None expected)"
            )
        self._forget(name, keep=registry)
        registry[name] = value  # type: ignore[index]
        object.__setattr__(self, name, value)

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add a parameter (or None, a declared but absent parameter such as a disabled bias)."""
        self._register("parameter", name, param, Parameter, "_parameters")

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """Add a buffer: state that is not learned, such as running statistics.

        Parameters
        ----------
        name : str
            The attribute name.
        tensor : Tensor or None
            The buffer's value (None declares it without a value).
        persistent : bool
            Whether ``state_dict()`` includes it.
        """
        self._register("buffer", name, tensor, Tensor, "_buffers")
        if persistent:
            self._non_persistent_buffers.discard(name)
        else:
            self._non_persistent_buffers.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        """Add a child module under ``name`` (what assigning ``self.name = module`` does)."""
        self._register("module", name, module, Module, "_modules")

    register_module = add_module

    # ------------------------------------------------------------------ traversal
    def named_modules(self, prefix: str = "", remove_duplicate: bool = True) -> Iterator[tuple[str, Module]]:
        """This module and all below it, depth first, with dotted names ('' for this one)."""
        seen: set[int] = set()
        stack: list[tuple[str, Module]] = [(prefix, self)]
        while stack:
            name, module = stack.pop()
            if remove_duplicate:
                if id(module) in seen:
                    continue
                seen.add(id(module))
            yield name, module
            children = [
                (f"{name}.{key}" if name else key, child) for key, child in module._modules.items() if child is not None
            ]
            stack.extend(reversed(children))

    def modules(self) -> Iterator[Module]:
        """This module and all below it, depth first."""
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """The direct submodules with their names."""
        seen: set[int] = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self) -> Iterator[Module]:
        """The direct submodules."""
        for _, module in self.named_children():
            yield module

    def _named_members(
        self, registry: str, prefix: str, recurse: bool, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Tensor]]:
        seen: set[int] = set()
        modules = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if recurse else [(prefix, self)]
        for module_name, module in modules:
            for name, member in getattr(module, registry).items():
                if member is None or (remove_duplicate and id(member) in seen):
                    continue
                seen.add(id(member))
                yield (f"{module_name}.{name}" if module_name else name), member

    def named_parameters(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Parameter]]:
        """Every parameter once, with its dotted name, in registration order.

        With ``remove_duplicate=False``, a parameter shared by several modules (or reached
        through a module registered twice) comes once under each of its names, as in PyTorch.
        """
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)  # type: ignore[misc]

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Every parameter once, in registration order (what an optimizer takes)."""
        for _, parameter in self.named_parameters(recurse=recurse):
            yield parameter

    def named_buffers(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Tensor]]:
        """Every buffer once, with its dotted name (once under each name with ``remove_duplicate=False``)."""
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        """Every buffer once."""
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    def get_submodule(self, target: str) -> Module:
        """The submodule at the dotted path ``target`` ("" is this module), as PyTorch's.

        Raises
        ------
        AttributeError
            Naming the first part of the path that is missing or is not a Module.
        """
        if target == "":
            return self
        module: Module = self
        for item in target.split("."):
            if not hasattr(module, item):
                raise AttributeError(f"{type(module).__name__} has no attribute `{item}`")
            module = getattr(module, item)
            if not isinstance(module, Module):
                raise AttributeError(f"`{item}` is not an nn.Module")
        return module

    def get_parameter(self, target: str) -> Parameter:
        """The parameter at the dotted path ``target`` (``"encoder.0.weight"``), as PyTorch's.

        Raises
        ------
        AttributeError
            Naming what is missing, or the attribute that is not an nn.Parameter.
        """
        module, name = self._owner_of(target)
        parameter = getattr(module, name)
        if not isinstance(parameter, Parameter):
            raise AttributeError(f"`{name}` is not an nn.Parameter")
        return parameter

    def get_buffer(self, target: str) -> Tensor:
        """The buffer at the dotted path ``target`` (``"bn.running_mean"``), as PyTorch's.

        Raises
        ------
        AttributeError
            Naming what is missing, or the attribute that is not a buffer.
        """
        module, name = self._owner_of(target)
        if name not in module._buffers:
            raise AttributeError(f"`{name}` is not a buffer")
        return getattr(module, name)

    def _owner_of(self, target: str) -> tuple[Module, str]:
        """The submodule that holds the last name of the dotted path ``target``, and that name
        (which it has)."""
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if not hasattr(module, name):
            raise AttributeError(f"{type(module).__name__} has no attribute `{name}`")
        return module, name

    def apply(self, fn: Callable[[Module], None]) -> Module:
        """Call ``fn`` on every submodule (children first) and on this module; return self."""
        for child in self.children():
            child.apply(fn)
        fn(self)
        return self

    # ------------------------------------------------------------------ modes and gradients
    def train(self, mode: bool = True) -> Module:
        """Set training mode (``mode=True``) or evaluation mode on this module and all below it."""
        if not isinstance(mode, bool):
            raise ValueError(f"train: mode must be a bool, got {mode!r}")
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self) -> Module:
        """Set evaluation mode (batch norm uses running statistics, dropout does nothing)."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        """Switch gradient tracking of every parameter on or off (to freeze a part of a model)."""
        for parameter in self.parameters():
            parameter.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget every parameter's gradient: set it to None, or with ``set_to_none=False`` zero
        it in place (see :meth:`Tensor.zero_grad`)."""
        for parameter in self.parameters():
            parameter.zero_grad(set_to_none)

    def _cast(self, dtype: Any, op: str, floating_only: bool = True) -> Module:
        """Convert parameters and buffers (and their gradients) to ``dtype`` in place; return self.

        The Parameter and buffer objects stay the same (their ``.data`` is replaced, as
        PyTorch's conversions do), so optimizers built before keep referring to them. With
        ``floating_only``, integer and bool tensors (such as ``num_batches_tracked``) keep
        their dtype. Every tensor is checked before any is converted.
        """
        dtype = np.dtype(dtype)
        tensors = [*self.parameters(), *self.buffers()]
        if floating_only:
            if dtype.kind != "f":
                raise TypeError(f"{op}: modules convert only to floating dtypes, got dtype={dtype}")
            tensors = [tensor for tensor in tensors if tensor.dtype.kind == "f"]
        elif dtype.kind != "f":
            for name, parameter in self.named_parameters():
                if parameter.requires_grad:
                    raise RuntimeError(
                        f"{op}: parameter '{name}' requires grad, so it cannot become {dtype} "
                        "(only floating-point tensors can require gradients)"
                    )
        for tensor in tensors:
            if tensor.dtype != dtype:
                tensor.data = tensor.data.astype(dtype)
                if tensor.grad is not None:
                    tensor.grad = tensor.grad.data.astype(dtype)
        return self

    def astype(self, dtype: Any) -> Module:
        """Convert every floating parameter and buffer (and gradient) to ``dtype``, in place; return self."""
        return self._cast(dtype, "astype")

    def to(self, *args: Any, **kwargs: Any) -> Module:
        """Convert floating parameters and buffers in place, as PyTorch's ``Module.to``; return self.

        Accepts ``to(dtype)``, ``to(device)``, ``to(device, dtype)``, ``to(tensor)`` (its
        dtype) and the keywords ``dtype=``, ``device=``, ``non_blocking=`` and
        ``memory_format=``. A dtype is a NumPy dtype, its name or a NumPy type, and must be
        floating. Integer and bool tensors, such as batch norm's ``num_batches_tracked``, keep
        their dtype. The only device is the CPU (``"cpu"`` or a device whose str is "cpu").

        Raises
        ------
        TypeError
            For a dtype that is not floating, or unknown arguments.
        InputError
            For any device but the CPU (a ``ValueError`` and a ``RuntimeError``).
        """
        if "copy" in kwargs:
            raise RuntimeError("to: Module.to() does not accept the copy argument (as in PyTorch)")
        dtype = parse_to_arguments("to", args, kwargs)
        return self if dtype is None else self._cast(dtype, "to")

    def cpu(self) -> Module:
        """Return self: parameters and buffers are NumPy arrays on the CPU already."""
        return self

    def double(self) -> Module:
        """Convert floating parameters and buffers to float64."""
        return self._cast(np.float64, "double")

    def float(self) -> Module:
        """Convert floating parameters and buffers to float32."""
        return self._cast(np.float32, "float")

    def half(self) -> Module:
        """Convert floating parameters and buffers to float16."""
        return self._cast(np.float16, "half")

    def type(self, dst_type: Any) -> Module:
        """Convert every parameter and buffer, integer ones included, to ``dst_type``, as PyTorch's
        ``Module.type``; return self.

        Raises
        ------
        RuntimeError
            If a parameter that requires grad would become non-floating (nothing is converted).
        """
        return self._cast(dst_type, "type", floating_only=False)

    # ------------------------------------------------------------------ state
    def _state_members(self, prefix: str = "") -> Iterator[tuple[str, Tensor]]:
        """The state-dict entries: each module's parameters, then its persistent buffers, then
        its children's, recursively (PyTorch's order); shared modules appear under each name."""
        for name, parameter in self._parameters.items():
            if parameter is not None:
                yield prefix + name, parameter
        for name, buffer in self._buffers.items():
            if buffer is not None and name not in self._non_persistent_buffers:
                yield prefix + name, buffer
        for name, module in self._modules.items():
            if module is not None:
                yield from module._state_members(prefix + name + ".")

    def state_dict(self, prefix: str = "", keep_vars: bool = False) -> dict[str, Tensor]:
        """The parameters and persistent buffers by dotted name.

        Parameters
        ----------
        prefix : str
            Prepended to every key.
        keep_vars : bool
            Return the Parameter and buffer objects themselves instead of detached Tensors.

        Returns
        -------
        dict of str to Tensor
            Detached Tensors that share their arrays with the module (so they follow in-place
            updates, as in PyTorch); ``nn.save`` writes such a dict to a file.
        """
        return {name: tensor if keep_vars else tensor.detach() for name, tensor in self._state_members(prefix)}

    def load_state_dict(self, state_dict: Mapping[str, Any], strict: bool = True) -> IncompatibleKeys:
        """Copy parameters and buffers from ``state_dict`` into this module.

        Every key is checked before anything is copied: if a key is missing or unexpected
        (with ``strict=True``), or an array has the wrong shape or a dtype that cannot be
        converted, a ``RuntimeError`` names each such key and the module is left unchanged.

        Parameters
        ----------
        state_dict : mapping of str to Tensor or array_like
            For example from :meth:`state_dict`, :func:`nn.load`, or a PyTorch model's
            ``state_dict()``.
        strict : bool
            Require the keys to match exactly.

        Returns
        -------
        IncompatibleKeys
            ``(missing_keys, unexpected_keys)``, both empty when strict loading succeeds.
        """
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"load_state_dict: expected a mapping of names to tensors, got {type(state_dict).__name__}")
        targets = dict(self._state_members())
        missing = [name for name in targets if name not in state_dict]
        unexpected = [name for name in state_dict if name not in targets]
        problems: list[str] = []
        if strict and missing:
            problems.append("Missing key(s) in state_dict: " + ", ".join(f'"{name}"' for name in missing) + ".")
        if strict and unexpected:
            problems.append("Unexpected key(s) in state_dict: " + ", ".join(f'"{name}"' for name in unexpected) + ".")
        arrays: dict[str, np.ndarray] = {}
        for name, target in targets.items():
            if name not in state_dict:
                continue
            try:
                array = _as_array(state_dict[name])
            except (TypeError, ValueError) as error:
                problems.append(f"value for {name} is not numeric data ({error}).")
                continue
            if array.shape != target.shape:
                problems.append(
                    f"size mismatch for {name}: copying a param with shape {array.shape} from checkpoint, "
                    f"the shape in current model is {target.shape}."
                )
            elif not np.can_cast(array.dtype, target.dtype, casting="same_kind"):
                problems.append(f"dtype mismatch for {name}: cannot load {array.dtype} values into {target.dtype}.")
            else:
                arrays[name] = array
        if problems:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__} (nothing was loaded):\n\t"
                + "\n\t".join(problems)
            )
        for name, array in arrays.items():
            target = targets[name]
            # In place, as PyTorch does: optimizers and earlier state_dict() views keep
            # referring to the same arrays.
            np.copyto(target.data, array, casting="same_kind")
            target.data = target.data  # marks the tensor as modified for the graph's version checks
        return IncompatibleKeys(missing, unexpected)

    # ------------------------------------------------------------------ display
    def extra_repr(self) -> str:
        """The module's settings shown inside its repr, e.g. ``in_features=4, out_features=2``."""
        return ""

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = []
        for name, module in self._modules.items():
            child = repr(module).replace("\n", "\n  ")
            child_lines.append(f"({name}): {child}")
        lines = extra_lines + child_lines
        body = ""
        if len(extra_lines) == 1 and not child_lines:
            body = extra_lines[0]
        elif lines:
            body = "\n  " + "\n  ".join(lines) + "\n"
        return f"{type(self).__name__}({body})"


def _as_array(value: Any) -> np.ndarray:
    """The values of a Tensor, an ndarray, a PyTorch tensor or nested numbers, as an ndarray."""
    if isinstance(value, Tensor):
        return value.data
    if isinstance(value, np.ndarray):
        array = value
    elif hasattr(value, "detach") and hasattr(value, "cpu"):  # a PyTorch tensor
        array = value.detach().cpu().numpy()
    else:
        array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"dtype {array.dtype}")
    return array
