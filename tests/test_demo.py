"""The main job: examples/train_digits.py trains to at least 97% test accuracy and writes its files."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("sklearn")
pytest.importorskip("matplotlib")
pytest.importorskip("tqdm")

import autograd_core as ag
import nn

SCRIPT = Path(__file__).resolve().parents[1] / "examples" / "train_digits.py"


def load_demo():
    spec = importlib.util.spec_from_file_location("train_digits", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_demo_reaches_97_percent_and_writes_model_curve_and_graph(tmp_path):
    demo = load_demo()
    accuracy = demo.main(["--no-progress", "--out", str(tmp_path)])
    assert accuracy >= 0.97

    state = nn.load(tmp_path / "model.safetensors")
    model = demo.build_model(64, 128, 10, 0.2)
    model.load_state_dict(state)  # strict: every key and shape matches
    model.eval()
    _, test_images, _, test_labels = demo.load_data(seed=0)
    with ag.no_grad():
        predictions = model(ag.tensor(test_images)).argmax(axis=1).numpy()
    assert np.mean(predictions == test_labels) == pytest.approx(accuracy)

    assert (tmp_path / "loss_curve.png").read_bytes().startswith(b"\x89PNG")
    svg = (tmp_path / "graph.svg").read_text()
    assert "<svg" in svg and "0.weight" in svg and "BatchNorm1d" in svg


def test_the_demo_explains_its_flags(capsys):
    demo = load_demo()
    with pytest.raises(SystemExit):
        demo.parse_arguments(["--help"])
    text = capsys.readouterr().out
    for flag in ("--epochs", "--batch-size", "--seed", "--out"):
        assert flag in text
