"""Цикл обучения: замороженное не меняется, обучение работает, результат воспроизводим."""

from __future__ import annotations

import sys

import numpy as np
import pytest
import torch
from torch import nn

from lessonlib import progress
from lessonlib.data import load_mnist
from lessonlib.filters import DIAGONAL_45, SOBEL_VERTICAL
from lessonlib.lessons.lesson01.experiments import CnnVsFcConfig
from lessonlib.models import ConvNet, PrototypeCNN, freeze_convolutions
from lessonlib.train import THREADS, TrainConfig, accuracy, deterministic, predict, train

HAND = [SOBEL_VERTICAL.kernel, DIAGONAL_45.kernel]
CNN_SPECS = CnnVsFcConfig().convs
SHORT = TrainConfig(epochs=3, batch_size=32, lr=1e-3)


@pytest.fixture(scope="module")
def small():
    """240 обучающих четвёрок и восьмёрок и все 200 тестовых."""
    split = load_mnist((4, 8))
    return split.x_train[::3], split.y_train[::3], split.x_test, split.y_test


def test_fixed_filters_stay_exactly_unchanged(small) -> None:
    x, y, _, _ = small
    with deterministic(0):
        model = PrototypeCNN(HAND, trainable=False)
        before = model.conv.weight.detach().clone()
        head_before = model.head.net[1].weight.detach().clone()
        train(model, x, y, SHORT)
    assert torch.equal(model.conv.weight, before)
    assert not torch.equal(model.head.net[1].weight, head_before)  # а голова училась


def test_frozen_random_convolutions_stay_unchanged(small) -> None:
    x, y, _, _ = small
    with deterministic(0):
        model = freeze_convolutions(ConvNet(1, 28, CNN_SPECS, 10))
        convs = [c.weight.detach().clone() for c in model.convs]
        biases = [c.bias.detach().clone() for c in model.convs]
        train(model, x, y, TrainConfig(epochs=1))
    assert all(torch.equal(c.weight, w) for c, w in zip(model.convs, convs, strict=True))
    assert all(torch.equal(c.bias, b) for c, b in zip(model.convs, biases, strict=True))


def test_trainable_filters_do_change(small) -> None:
    x, y, _, _ = small
    with deterministic(0):
        model = PrototypeCNN(HAND, trainable=True)
        train(model, x, y, SHORT)
    hand = torch.from_numpy(np.stack(HAND)).float()
    assert not torch.equal(model.conv.weight.detach()[:, 0], hand)


def test_short_training_beats_chance_clearly(small) -> None:
    x, y, x_test, y_test = small
    with deterministic(0):
        model = PrototypeCNN(HAND, trainable=False)
        log = train(model, x, y, SHORT)
    # Два класса поровну: наугад — 50 %.
    assert accuracy(model, x_test, y_test) > 0.85
    assert log.losses[-1] < log.losses[0]
    assert len(log.losses) == SHORT.epochs * -(-len(x) // SHORT.batch_size)
    assert log.seconds > 0


def test_same_seed_same_weights_other_seed_other_weights(small) -> None:
    x, y, _, _ = small

    def run(seed: int) -> list[torch.Tensor]:
        with deterministic(seed):
            model = PrototypeCNN(n_filters=2)
            train(model, x, y, TrainConfig(epochs=1), seed=seed)
        return [p.detach() for p in model.parameters()]

    first, again, other = run(3), run(3), run(4)
    assert all(torch.equal(a, b) for a, b in zip(first, again, strict=True))
    assert not all(torch.equal(a, b) for a, b in zip(first, other, strict=True))


def test_deterministic_restores_settings() -> None:
    threads = torch.get_num_threads()
    flag = torch.are_deterministic_algorithms_enabled()
    state = torch.get_rng_state()
    with deterministic(5):
        assert torch.get_num_threads() == THREADS
        assert torch.are_deterministic_algorithms_enabled()
        torch.rand(3)
    assert torch.get_num_threads() == threads
    assert torch.are_deterministic_algorithms_enabled() == flag
    assert torch.equal(torch.get_rng_state(), state)


def test_on_step_sees_every_step_and_the_start(small) -> None:
    x, y, _, _ = small
    seen: list[int] = []
    with deterministic(0):
        train(
            nn.Sequential(nn.Flatten(), nn.Linear(784, 2)),
            x[:64],
            y[:64],
            TrainConfig(epochs=2, batch_size=16),
            on_step=lambda step, _: seen.append(step),
        )
    assert seen == list(range(9))


def test_train_rejects_frozen_model_and_bad_data() -> None:
    model = nn.Linear(2, 2).requires_grad_(False)
    with pytest.raises(ValueError, match="model"):
        train(model, torch.zeros(4, 2), torch.zeros(4, dtype=torch.long), SHORT)
    with pytest.raises(ValueError, match="x, y"):
        train(nn.Linear(2, 2), torch.zeros(4, 2), torch.zeros(3, dtype=torch.long), SHORT)
    with pytest.raises(ValueError, match="epochs"):
        TrainConfig(epochs=0)


def test_predict_and_accuracy_agree_with_argmax() -> None:
    model = nn.Linear(3, 4)
    x = torch.randn(50, 3)
    with torch.no_grad():
        expected = model(x).argmax(dim=1)
    assert torch.equal(predict(model, x, batch_size=7), expected)
    assert accuracy(model, x, expected) == 1.0


def test_on_epoch_gets_the_mean_loss_of_each_epoch() -> None:
    x, y = torch.rand(48, 1, 4, 4), torch.randint(0, 2, (48,))
    seen: list[tuple[int, float]] = []
    with deterministic(0):
        log = train(
            nn.Sequential(nn.Flatten(), nn.Linear(16, 2)),
            x,
            y,
            TrainConfig(epochs=3, batch_size=16),
            on_epoch=lambda epoch, loss: seen.append((epoch, loss)),
        )
    assert [epoch for epoch, _ in seen] == [1, 2, 3]
    for epoch, loss in seen:  # три шага в эпохе — среднее их ошибок
        assert loss == pytest.approx(np.mean(log.losses[3 * (epoch - 1) : 3 * epoch]))


@pytest.mark.parametrize(
    ("value", "interactive", "shown"),
    [("0", True, False), ("1", False, True), ("", True, True), ("", False, False)],
)
def test_progress_bar_only_when_someone_watches(monkeypatch, capsys, value, interactive, shown):
    monkeypatch.setenv(progress.ENV, value)
    monkeypatch.setattr(
        progress.sys, "modules", {k: v for k, v in sys.modules.items() if k != "ipykernel"}
    )
    monkeypatch.setattr(progress.sys.stderr, "isatty", lambda: interactive, raising=False)
    assert progress.enabled() is shown
    with progress.bar(4, "проба") as bar:
        bar.update(4)
    assert ("проба" in capsys.readouterr().err) is shown
