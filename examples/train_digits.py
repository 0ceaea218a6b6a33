"""Train an MLP on scikit-learn's handwritten digits (8×8 images, 10 classes) with autograd_core + nn.

The model is Linear → BatchNorm1d → ReLU → Dropout (twice) → Linear, trained with Adam and a
cosine learning-rate schedule on softmax cross-entropy. It writes, into the output folder:

- ``model.safetensors``: the trained weights (``nn.save``; loads with ``nn.load`` or PyTorch's
  ``safetensors.torch.load_file``),
- ``loss_curve.png``: training loss and test accuracy per epoch,
- ``graph.svg``: the computation graph of one training loss, parameters boxed by module.

Run ``python examples/train_digits.py --help`` for the flags.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tqdm import tqdm

import autograd_core as ag
import nn
import nn.functional as F


def build_model(inputs: int, hidden: int, classes: int, dropout: float) -> nn.Module:
    """Two hidden blocks of Linear → BatchNorm1d → ReLU → Dropout, then a linear classifier."""
    return nn.Sequential(
        nn.Linear(inputs, hidden),
        nn.BatchNorm1d(hidden),
        nn.ReLU(),
        nn.Dropout(dropout),
        nn.Linear(hidden, hidden // 2),
        nn.BatchNorm1d(hidden // 2),
        nn.ReLU(),
        nn.Dropout(dropout),
        nn.Linear(hidden // 2, classes),
    )


def load_data(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The digits, scaled to [0, 1], split 80/20 with every class in both parts."""
    digits = load_digits()
    images = (digits.data / 16.0).astype(np.float32)
    return train_test_split(images, digits.target, test_size=0.2, random_state=seed, stratify=digits.target)


def accuracy(model: nn.Module, images: np.ndarray, labels: np.ndarray) -> float:
    """Fraction of correctly classified images, with the model in eval mode."""
    model.eval()
    with ag.no_grad():
        predictions = model(ag.Tensor(images)).argmax(axis=1).numpy()
    model.train()
    return float((predictions == labels).mean())


def save_loss_curve(losses: list[float], accuracies: list[float], path: Path) -> None:
    """Plot the training loss and the test accuracy per epoch."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs = np.arange(1, len(losses) + 1)
    figure, loss_axis = plt.subplots(figsize=(7, 4))
    loss_axis.plot(epochs, losses, color="tab:blue", label="training loss")
    loss_axis.set_xlabel("epoch")
    loss_axis.set_ylabel("cross-entropy", color="tab:blue")
    accuracy_axis = loss_axis.twinx()
    accuracy_axis.plot(epochs, accuracies, color="tab:orange", label="test accuracy")
    accuracy_axis.set_ylabel("test accuracy", color="tab:orange")
    accuracy_axis.set_ylim(0.8, 1.0)
    figure.suptitle("MLP on the digits data set")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=40, help="passes over the training set (default 40)")
    parser.add_argument("--batch-size", type=int, default=64, help="examples per step (default 64)")
    parser.add_argument("--lr", type=float, default=3e-3, help="Adam's initial learning rate (default 3e-3)")
    parser.add_argument("--hidden", type=int, default=128, help="width of the first hidden layer (default 128)")
    parser.add_argument("--dropout", type=float, default=0.2, help="dropout probability (default 0.2)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the split, init, dropout, shuffling (default 0)")
    parser.add_argument("--out", type=Path, default=Path("runs/digits"), help="output folder (default runs/digits)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars (for logs)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> float:
    """Train, report, save; return the final test accuracy."""
    args = parse_arguments(argv)
    started = time.perf_counter()
    ag.manual_seed(args.seed)
    train_images, test_images, train_labels, test_labels = load_data(args.seed)
    loader = nn.data.DataLoader(
        nn.data.TensorDataset(ag.Tensor(train_images), ag.Tensor(train_labels)),
        batch_size=args.batch_size,
        shuffle=True,
        drop_last=True,  # a batch of one cannot be batch-normalized in training
    )
    model = build_model(train_images.shape[1], args.hidden, 10, args.dropout)
    optimizer = nn.optim.Adam(model.parameters(), lr=args.lr)
    schedule = nn.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    print(model)
    print(f"{len(train_images)} training and {len(test_images)} test images")

    losses: list[float] = []
    accuracies: list[float] = []
    for epoch in range(1, args.epochs + 1):
        total, correct, count = 0.0, 0, 0
        bar = tqdm(loader, desc=f"epoch {epoch:>2}/{args.epochs}", leave=False, disable=args.no_progress)
        for images, labels in bar:
            logits = model(images)
            loss = F.cross_entropy(logits, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(labels)
            correct += int((logits.argmax(axis=1).numpy() == labels.numpy()).sum())
            count += len(labels)
            bar.set_postfix(loss=f"{total / count:.4f}", accuracy=f"{correct / count:.2%}", refresh=False)
        schedule.step()
        losses.append(total / count)
        accuracies.append(accuracy(model, test_images, test_labels))
        if epoch == 1 or epoch % 5 == 0 or epoch == args.epochs:
            print(
                f"epoch {epoch:>2}: loss {losses[-1]:.4f}, training accuracy {correct / count:.2%}, "
                f"test accuracy {accuracies[-1]:.2%}"
            )

    args.out.mkdir(parents=True, exist_ok=True)
    nn.save(model.state_dict(), args.out / "model.safetensors")
    save_loss_curve(losses, accuracies, args.out / "loss_curve.png")
    sample_images, sample_labels = next(iter(loader))
    sample_loss = F.cross_entropy(model(sample_images[:8]), sample_labels[:8])
    ag.save_graph(sample_loss, args.out / "graph.svg", params=model)
    elapsed = time.perf_counter() - started
    print(f"test accuracy {accuracies[-1]:.2%} after {args.epochs} epochs in {elapsed:.1f} s")
    print(f"wrote model.safetensors, loss_curve.png and graph.svg to {args.out.resolve()}")
    return accuracies[-1]


if __name__ == "__main__":
    main()
