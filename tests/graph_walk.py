"""Walking a recorded graph in the tests, independently of the engine and the drawing code."""

from __future__ import annotations

import autograd_core as ag


def reachable_nodes(root: ag.Tensor) -> list:
    """Every node (primitive call) that ``root`` was computed through, each once."""
    nodes, stack, seen = [], [root.grad_fn], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        nodes.append(node)
        stack.extend(t.grad_fn for t in node.inputs if t.grad_fn is not None)
    return nodes
