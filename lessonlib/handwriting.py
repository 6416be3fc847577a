"""Нарисованная от руки цифра: подготовка рисунка, как в MNIST, и CNN тренажёра «Нарисуй цифру».

Цифры MNIST готовили так: рамка вокруг штрихов → уменьшение, чтобы большая сторона
рамки стала 20 пикселей (пропорции сохраняются) → перенос в поле 28×28 так, чтобы
центр масс яркости попал в его середину. :func:`mnist_frame` делает с рисунком то же
самое; тренажёр на сайте повторяет её на JavaScript, а сеть :func:`digit_net`, обученная
на цифрах MNIST (:func:`trained_digit_net`), распознаёт результат.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Final

import numpy as np
import torch
from torch import nn

from lessonlib import data
from lessonlib import train as training
from lessonlib.cache import cached
from lessonlib.train import TrainConfig

__all__ = [
    "BOX",
    "CONFIDENT",
    "FIELD",
    "INK",
    "DigitNet",
    "DigitNetConfig",
    "crowded_level",
    "digit_net",
    "mnist_frame",
    "resize_area",
    "trained_digit_net",
]

FIELD: Final = 28
"""Сторона картинки, которую видит сеть (как в MNIST)."""
BOX: Final = 20
"""Большая сторона рамки цифры после уменьшения: вокруг цифры остаются поля по 4 пикселя."""
INK: Final = 0.1
"""Пиксель рисунка ярче этого (яркость от 0 до 1) считается штрихом, а не фоном."""
CONFIDENT: Final = 0.5
"""Если ни одна цифра не набрала такой вероятности, сеть не уверена в ответе."""


def crowded_level() -> float:
    """Средняя яркость самой «жирной» обучающей цифры MNIST: картинка ярче — уже не цифра,
    а каракули (цифра — это штрихи, а не закрашенное пятно)."""
    return float(data.load_mnist().x_train.mean(dim=(1, 2, 3)).max())


def resize_area(image: np.ndarray, height: int, width: int) -> np.ndarray:
    """Картинка ``image`` в размере ``height × width``: каждый новый пиксель — среднее
    старых, которые он накрывает (с долями пикселей на краях)."""

    def weights(old: int, new: int) -> np.ndarray:
        edges = np.arange(new + 1) * old / new  # границы новых пикселей в старых
        lo, hi = edges[:-1, None], edges[1:, None]
        j = np.arange(old)[None, :]
        overlap = np.clip(np.minimum(hi, j + 1) - np.maximum(lo, j), 0, None)
        return overlap / (old / new)

    h, w = image.shape
    return weights(h, height) @ image @ weights(w, width).T


def mnist_frame(drawing: np.ndarray) -> np.ndarray:
    """Рисунок (яркость штрихов от 0 до 1 на чёрном фоне) — в картинку 28×28, как в MNIST.

    Raises:
        ValueError: на рисунке нет ни одного штриха.
    """
    drawing = np.asarray(drawing, dtype=np.float64)
    if drawing.ndim != 2:
        raise ValueError(f"drawing: ожидалась картинка (высота, ширина), форма {drawing.shape}")
    rows = np.flatnonzero((drawing > INK).any(axis=1))
    cols = np.flatnonzero((drawing > INK).any(axis=0))
    if rows.size == 0:
        raise ValueError("drawing: на рисунке нет ни одного штриха")
    crop = drawing[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    h, w = crop.shape
    scale = BOX / max(h, w)
    # Округление «половина — вверх», как Math.round в тренажёре.
    height, width = (max(1, int(np.floor(side * scale + 0.5))) for side in (h, w))
    digit = resize_area(crop, height, width)
    mass = digit.sum()
    cy = (digit.sum(axis=1) @ (np.arange(height) + 0.5)) / mass
    cx = (digit.sum(axis=0) @ (np.arange(width) + 0.5)) / mass
    top = int(np.clip(np.floor(FIELD / 2 - cy + 0.5), 0, FIELD - height))
    left = int(np.clip(np.floor(FIELD / 2 - cx + 0.5), 0, FIELD - width))
    frame = np.zeros((FIELD, FIELD))
    frame[top : top + height, left : left + width] = digit
    return np.clip(frame, 0.0, 1.0)


def digit_net() -> nn.Sequential:
    """Маленькая CNN для цифр 28×28: две свёртки 5×5 с ReLU и пулингом, затем классы."""
    return nn.Sequential(
        nn.Conv2d(1, 8, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 4 * 4, 10),
    )


@dataclass(frozen=True)
class DigitNetConfig:
    """Ручки обучения сети тренажёра: эпохи, мини-батч, шаг Adam и зерно."""

    epochs: int = 8
    batch_size: int = 32
    lr: float = 2e-3
    seed: int = 0


@dataclass(frozen=True)
class DigitNet:
    """Обученная сеть тренажёра: веса (numpy), точность на тестовых цифрах и сами цифры."""

    state: dict[str, np.ndarray]
    accuracy: float
    config: DigitNetConfig

    def model(self) -> nn.Sequential:
        """Модуль PyTorch с этими весами (в режиме оценки)."""
        net = digit_net()
        net.load_state_dict({k: torch.from_numpy(v) for k, v in self.state.items()})
        return net.eval()


def _train(config: DigitNetConfig) -> DigitNet:
    split = data.load_mnist()
    with training.deterministic(config.seed):
        net = digit_net()
        training.train(
            net,
            split.x_train,
            split.y_train,
            TrainConfig(epochs=config.epochs, batch_size=config.batch_size, lr=config.lr),
            seed=config.seed,
        )
    return DigitNet(
        state={k: v.detach().numpy().copy() for k, v in net.state_dict().items()},
        accuracy=training.accuracy(net, split.x_test, split.y_test),
        config=config,
    )


def trained_digit_net(config: DigitNetConfig | None = None) -> DigitNet:
    """Сеть тренажёра, обученная на 4 000 цифрах MNIST (из кэша, если уже обучена)."""
    config = config or DigitNetConfig()
    return cached(
        "digit-net",
        lambda: _train(config),
        config=config,
        sources=(data, training, sys.modules[__name__]),
    )
