"""Embedding: a lookup table of learned vectors."""

from __future__ import annotations

from typing import Any

import numpy as np

from autograd_core.tensor import Tensor
from nn import functional as F
from nn import init
from nn.module import Module
from nn.parameter import Parameter, parameter_dtype


class Embedding(Module):
    """Maps integer indices to rows of a learned table ``weight`` (num_embeddings, embedding_dim).

    Parameters
    ----------
    num_embeddings : int
        The number of rows (the vocabulary size).
    embedding_dim : int
        The length of each vector.
    padding_idx : int, optional
        A row that starts at zero and receives no gradient (for padding tokens).
    max_norm : float, optional
        Rows looked up with a ``norm_type``-norm above it are rescaled to it, in place.
    norm_type : float
        The p of the p-norm for ``max_norm``.
    scale_grad_by_freq : bool
        Divide each row's gradient by how often its index occurs in the batch.
    sparse : bool
        Accepted for compatibility with PyTorch: gradients are dense here.
    _weight, _freeze
        PyTorch's internal way to start from a given table, frozen or not (``from_pretrained``).
    device : str, optional
        Only "cpu" (the arrays are NumPy's), accepted for PyTorch's signature.
    dtype : dtype, optional
        The parameters' dtype (the default float dtype, float32 unless changed).

    The table is initialized from N(0, 1), as in PyTorch (or is ``_weight`` when given, frozen
    by ``_freeze``). Input of any shape of integers gives output of that shape plus
    (embedding_dim,).
    """

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        padding_idx: int | None = None,
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        sparse: bool = False,
        _weight: Any = None,
        _freeze: bool = False,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        if num_embeddings < 0 or embedding_dim < 0:
            raise ValueError(
                "Embedding: num_embeddings and embedding_dim must be non-negative, "
                f"got {num_embeddings}, {embedding_dim}"
            )
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise ValueError(f"Embedding: padding_idx {padding_idx} is out of range for {num_embeddings} rows")
            padding_idx = padding_idx % num_embeddings
        if max_norm is not None and not max_norm >= 0:
            raise ValueError(f"Embedding: max_norm must be non-negative, got {max_norm}")
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        self.padding_idx = padding_idx
        self.max_norm = max_norm
        self.norm_type = norm_type
        self.scale_grad_by_freq = scale_grad_by_freq
        self.sparse = sparse
        dtype = parameter_dtype(dtype, device, "Embedding")
        if _weight is None:
            self.weight = Parameter(np.empty((num_embeddings, embedding_dim), dtype=dtype), requires_grad=not _freeze)
            self.reset_parameters()
        else:
            table = _weight if isinstance(_weight, Tensor) else Tensor(np.asarray(_weight))
            if table.shape != (num_embeddings, embedding_dim):
                raise ValueError(
                    f"Embedding: _weight of shape {table.shape} does not match "
                    f"(num_embeddings, embedding_dim) = {(num_embeddings, embedding_dim)}"
                )
            self.weight = Parameter(table, requires_grad=not _freeze)  # shares the table, as in PyTorch

    def reset_parameters(self) -> None:
        """Draw the table from N(0, 1) and zero the padding row."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            self.weight.data[self.padding_idx] = 0

    @classmethod
    def from_pretrained(
        cls,
        embeddings: Any,
        freeze: bool = True,
        padding_idx: int | None = None,
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        sparse: bool = False,
    ) -> Embedding:
        """An Embedding whose table is ``embeddings`` (rows, dim); ``freeze`` stops its training."""
        table = embeddings if isinstance(embeddings, Tensor) else Tensor(np.asarray(embeddings))
        if table.ndim != 2:
            raise ValueError(f"Embedding.from_pretrained: expected a 2-D table, got shape {table.shape}")
        return cls(
            table.shape[0],
            table.shape[1],
            padding_idx,
            max_norm,
            norm_type,
            scale_grad_by_freq,
            sparse,
            _weight=table,
            _freeze=freeze,
        )

    def forward(self, input: Any) -> Tensor:
        return F.embedding(
            input, self.weight, self.padding_idx, self.max_norm, self.norm_type, self.scale_grad_by_freq, self.sparse
        )

    def extra_repr(self) -> str:
        text = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            text += f", padding_idx={self.padding_idx}"
        if self.max_norm is not None:
            text += f", max_norm={self.max_norm}"
        if self.norm_type != 2:
            text += f", norm_type={self.norm_type}"
        if self.scale_grad_by_freq:
            text += f", scale_grad_by_freq={self.scale_grad_by_freq}"
        if self.sparse:
            text += ", sparse=True"
        return text
