"""Draw the two pictures of the README: a model's graph, and the backward stepper half-way.

Run: python examples/readme_images.py  (writes examples/images/graph.svg and stepper.svg)
"""

from pathlib import Path

import autograd_core as ag
import nn
import nn.functional as F

IMAGES = Path(__file__).resolve().parent / "images"


def main() -> None:
    IMAGES.mkdir(exist_ok=True)
    ag.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3))
    inputs, labels = ag.randn(5, 4), ag.tensor([0, 2, 1, 1, 0])
    loss = F.cross_entropy(model(inputs), labels)
    ag.save_graph(loss, IMAGES / "graph.svg", params=model, show_saved=True)

    x = ag.tensor([1.5, -0.5], requires_grad=True, name="x")
    w = ag.tensor([[0.8, -1.2], [0.3, 0.9]], requires_grad=True, name="w")
    b = ag.tensor([0.1, -0.2], requires_grad=True, name="b")
    out = (w @ x + b).tanh().sum()
    stepper = ag.BackwardStepper(out)
    for _ in range(3):
        stepper.step()
    ag.save_graph(stepper.draw(show_data=True), IMAGES / "stepper.svg")
    print(f"wrote {IMAGES / 'graph.svg'} and {IMAGES / 'stepper.svg'}")


if __name__ == "__main__":
    main()
