"""Проверка сети ученика (lessonlib.checks): типичные ошибки дают русское сообщение
с названием слоя и подсказкой, верные сети проходят; вердикт сверяется с тем, что
на самом деле делает PyTorch с такой сетью."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from lessonlib.checks import check_model

GOOD_CNN = lambda: nn.Sequential(  # noqa: E731
    nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 13 * 13, 10)
)
GOOD_FC = lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 10))  # noqa: E731


def runs_in_torch(model: nn.Module) -> bool:
    try:
        return model(torch.zeros(2, 1, 28, 28)).shape == (2, 10)
    except RuntimeError:
        return False


def test_good_models_pass():
    for model, kind in [(GOOD_CNN(), "cnn"), (GOOD_FC(), "fc")]:
        verdict = check_model(model, kind)
        assert verdict.ok and runs_in_torch(model), verdict
        params = sum(p.numel() for p in model.parameters())
        assert (
            f"{params:,}".replace(",", "\u00a0") in verdict.message
            or str(params) in verdict.message
        )


WRONG = {
    "forgot_flatten": (
        nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Linear(8 * 26 * 26, 10)),
        ["Забыли Flatten", "слой 2 (Linear)"],
    ),
    "flatten_before_conv": (
        nn.Sequential(nn.Flatten(), nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Linear(10, 10)),
        ["не в том порядке", "слой 1 (Conv2d)", "Flatten должен стоять после"],
    ),
    "linear_in_features": (
        nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.Flatten(), nn.Linear(784, 10)),
        ["ждёт 784", "приходит 5\u00a0408", "nn.Linear(5408, 10)"],
    ),
    "conv_channels": (
        nn.Sequential(
            nn.Conv2d(1, 8, 3),
            nn.ReLU(),
            nn.Conv2d(16, 8, 3),
            nn.Flatten(),
            nn.Linear(8 * 24 * 24, 10),
        ),
        ["слой 2 (Conv2d)", "16 каналов", "приходит 8"],
    ),
    "too_many_pools": (
        nn.Sequential(
            *[nn.MaxPool2d(2) for _ in range(5)], nn.Conv2d(1, 8, 3), nn.Flatten(), nn.Linear(8, 10)
        ),
        ["слой 4 (MaxPool2d)", "меньше окна"],
    ),
    "wrong_output": (
        nn.Sequential(nn.Conv2d(1, 8, 3), nn.Flatten(), nn.Linear(8 * 26 * 26, 2)),
        ["10 чисел", "nn.Linear(..., 10)"],
    ),
    "no_conv": (GOOD_FC(), ["добавьте хотя бы один слой nn.Conv2d"]),
}


@pytest.mark.parametrize("case", list(WRONG))
def test_typical_mistakes_are_named_in_russian(case):
    model, phrases = WRONG[case]
    verdict = check_model(model, "cnn")
    assert not verdict.ok
    for phrase in phrases:
        assert phrase in verdict.message, verdict.message
    assert repr(verdict).startswith("Есть ошибка.")
    # Всё, что проверка бракует по форме, PyTorch действительно не может посчитать
    # (кроме сети без свёрток — она считается, но это не CNN).
    if case != "no_conv":
        assert not runs_in_torch(model)


def test_not_a_sequential_and_bad_kind():
    assert "nn.Sequential" in check_model(nn.Linear(784, 10)).message
    with pytest.raises(ValueError, match="kind: ожидалось одно из"):
        check_model(GOOD_CNN(), "rnn")
    assert not check_model(GOOD_CNN(), "fc").ok
