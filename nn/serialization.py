"""Saving and loading state dicts in the safetensors format.

A safetensors file is a JSON header (names, dtypes, shapes, byte offsets, and a string-to-
string metadata table) followed by the raw array bytes; reading one parses JSON and copies
bytes, so loading a file never runs code. A module's state dict (names to arrays) is written
as exactly those names, so ``safetensors.torch.load_file`` reads it into a PyTorch model
with the same keys. Nested state (an optimizer's or a scheduler's) is written with its arrays
under dotted names and the rest of its structure as JSON in the metadata.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from collections.abc import Mapping
from typing import Any

import numpy as np
import safetensors
import safetensors.numpy

from autograd_core.tensor import Tensor, make_tensor

__all__ = ["load", "save"]

_STRUCTURE_KEY = "nn.structure"
_ORDER_KEY = "nn.order"
_SUPPORTED_KINDS = "biuf"
PathLike = str | os.PathLike


def save(obj: Mapping[str, Any], path: PathLike) -> None:
    """Write a state dict to ``path`` in the safetensors format.

    Parameters
    ----------
    obj : mapping
        A module's ``state_dict()`` (names to Tensors or arrays) — written as those names
        only — or a nested state such as an optimizer's ``state_dict()``: dicts, lists and
        tuples of Tensors, arrays, numbers, strings, booleans and None.
    path : str or path-like
        The file to write (replaced atomically if it exists).

    Raises
    ------
    TypeError
        For values that are not data (functions, arbitrary objects, complex arrays).
    """
    if not isinstance(obj, Mapping):
        raise TypeError(f"nn.save: expected a state dict (a mapping), got {type(obj).__name__}")
    arrays: dict[str, np.ndarray] = {}
    metadata: dict[str, str] | None = None
    if all(isinstance(key, str) and _is_array(value) for key, value in obj.items()):
        for key, value in obj.items():
            arrays[key] = _contiguous(value, key)
        metadata = {_ORDER_KEY: json.dumps(list(arrays))}  # the format itself sorts the names
    else:
        structure = _encode(obj, "", arrays)
        metadata = {_STRUCTURE_KEY: json.dumps(structure)}
    payload = safetensors.numpy.save(arrays, metadata=metadata)
    directory = os.path.dirname(os.path.abspath(os.fspath(path)))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".nn-save-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def load(path: PathLike) -> dict[str, Any]:
    """Read a file written by :func:`save` (or any safetensors file).

    Returns
    -------
    dict
        Names to Tensors for a module's state dict (ready for ``load_state_dict``), or the
        nested state that was saved, with its arrays as Tensors.

    Raises
    ------
    ValueError
        If the file is not a valid safetensors file (corrupt, truncated, or another format),
        or its structure header is damaged or nested too deeply to read.
    FileNotFoundError, IsADirectoryError
        If ``path`` does not exist, or is a directory.
    """
    if os.path.isdir(path):  # safetensors would report only "No such device"
        raise IsADirectoryError(errno.EISDIR, "nn.load: expected a safetensors file, got a directory", os.fspath(path))
    try:
        with safetensors.safe_open(os.fspath(path), framework="numpy") as file:
            metadata = file.metadata() or {}
            arrays = {name: file.get_tensor(name) for name in file.keys()}  # noqa: SIM118
    except safetensors.SafetensorError as error:
        raise ValueError(f"nn.load: '{path}' is not a valid safetensors file ({error})") from None
    except TypeError as error:  # a dtype NumPy lacks, such as bfloat16
        raise ValueError(f"nn.load: '{path}' holds a tensor NumPy cannot represent ({error})") from None
    if _STRUCTURE_KEY not in metadata:
        return {name: make_tensor(arrays[name]) for name in _saved_order(metadata, arrays)}
    try:
        structure = json.loads(metadata[_STRUCTURE_KEY])
        return _decode(structure, arrays)
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"nn.load: '{path}' has a damaged structure header ({error})") from None
    except RecursionError:
        # Parsing and decoding recurse once per level; no state dict nests this deep, a crafted file can.
        raise ValueError(f"nn.load: '{path}' has a structure header nested too deeply to read") from None


def _saved_order(metadata: dict[str, str], arrays: dict[str, np.ndarray]) -> list[str]:
    """The names in the order they were saved in, when the file records it (else the file's)."""
    try:
        order = json.loads(metadata.get(_ORDER_KEY, "null"))
    except (ValueError, RecursionError):  # unreadable (a crafted file can nest it deeply): the file's order
        order = None
    if isinstance(order, list) and sorted(map(str, order)) == sorted(arrays):
        return order
    return list(arrays)


def _is_array(value: Any) -> bool:
    return isinstance(value, (Tensor, np.ndarray))


def _contiguous(value: Any, name: str) -> np.ndarray:
    array = value.data if isinstance(value, Tensor) else value
    if array.dtype.kind not in _SUPPORTED_KINDS:
        raise TypeError(f"nn.save: '{name}' has dtype {array.dtype}, which safetensors cannot store")
    return np.ascontiguousarray(array).reshape(array.shape)  # ascontiguousarray makes 0-d arrays 1-d


def _encode(value: Any, path: str, arrays: dict[str, np.ndarray]) -> Any:
    """The JSON skeleton of ``value``; its arrays go into ``arrays`` under dotted names."""
    if _is_array(value):
        name = path or "tensor"
        while name in arrays:
            name += "_"
        arrays[name] = _contiguous(value, name)
        return {"tensor": name}
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Mapping):
        items = []
        for key, item in value.items():
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                raise TypeError(f"nn.save: dict keys must be str or int, got {key!r} at '{path}'")
            items.append([key, _encode(item, f"{path}.{key}" if path else str(key), arrays)])
        return {"dict": items}
    if isinstance(value, (list, tuple)):
        encoded = [_encode(item, f"{path}.{i}" if path else str(i), arrays) for i, item in enumerate(value)]
        return {"tuple" if isinstance(value, tuple) else "list": encoded}
    raise TypeError(
        f"nn.save: cannot store a {type(value).__name__} at '{path}'; state dicts hold tensors, arrays, "
        "numbers, strings, booleans, None, and dicts, lists and tuples of them"
    )


def _decode(node: Any, arrays: dict[str, np.ndarray]) -> Any:
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    if not isinstance(node, dict) or len(node) != 1:
        raise ValueError(f"unexpected node {node!r}")
    ((kind, content),) = node.items()
    if kind == "tensor":
        return make_tensor(arrays[content])
    if kind == "dict":
        return {key: _decode(item, arrays) for key, item in content}
    if kind == "list":
        return [_decode(item, arrays) for item in content]
    if kind == "tuple":
        return tuple(_decode(item, arrays) for item in content)
    raise ValueError(f"unknown node kind {kind!r}")
