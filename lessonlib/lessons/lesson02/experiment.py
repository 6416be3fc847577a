"""Опыт урока 2: одна и та же свёрточная сеть на цифрах MNIST без пулинга, с пулингом
и с шагом 2 — точность, параметры, время обучения и устойчивость к сдвигу цифры.

Каждая сеть обучается с несколькими зёрнами; результат кэшируется
(:func:`lessonlib.cache.cached`), так что страница берёт его из кэша за доли секунды.
Поменяйте любое поле настроек, и опыт обучится заново::

    pooling_experiment(PoolingConfig(epochs=2, seeds=(0,)))
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Final

import numpy as np
import torch
from torch import nn

from lessonlib import data, network, pooling, runs, shapes
from lessonlib import train as training
from lessonlib.cache import cached
from lessonlib.conv import check_int
from lessonlib.lessons import lesson02
from lessonlib.runs import Architectures, Runs, Seeded, balanced, fit_all, shifted_accuracy
from lessonlib.shapes import Dense

__all__ = ["PoolingConfig", "PoolingResult", "pooling_experiment"]

_SOURCES: Final = (data, network, pooling, runs, shapes, training, lesson02, sys.modules[__name__])


@dataclass(frozen=True, kw_only=True)
class PoolingConfig(Seeded):
    """Настройки опыта; по умолчанию — те, с которыми посчитан сайт.

    Attributes:
        train_images: сколько обучающих цифр взять (из 4 000, всех цифр поровну).
        shifts: на сколько пикселей сдвигать тестовые цифры.
        seeds, epochs, batch_size, lr: зёрна, эпохи, мини-батч и шаг обучения Adam.
    """

    train_images: int = 2000
    shifts: tuple[int, ...] = (0, 1, 2, 3, 4)
    seeds: tuple[int, ...] = (0, 1, 2)
    epochs: int = 4
    batch_size: int = 64
    lr: float = 2e-3

    def __post_init__(self) -> None:
        super().__post_init__()
        check_int(self.train_images, "train_images (обучающих картинок)", minimum=1)
        if not self.shifts or not all(
            isinstance(s, int) and not isinstance(s, bool) and 0 <= s < 28 for s in self.shifts
        ):
            raise ValueError(
                f"shifts: ожидались сдвиги от 0 до 27 пикселей, например (0, 2, 4), "
                f"получено {self.shifts!r}"
            )


class _Centred(nn.Module):
    """Сеть, которая вычитает 0,5 из яркостей 0…1 и начинает с весов «под ReLU».

    Пять узких слоёв по 5 фильтров с ReLU легко «умирают»: если все карты слоя стали
    нулями, дальше сигнал не идёт, и сеть угадывает наугад (10 %). Так получалось при
    обычных начальных весах PyTorch — они для глубокой узкой сети слишком малы, а вход
    без вычитания весь положительный. Веса по Каймину (He) сохраняют размах сигнала от
    слоя к слою, и все сети опыта обучаются при любом зерне.
    """

    def __init__(self, net: nn.Module) -> None:
        super().__init__()
        self.net = net
        for module in net.modules():
            if isinstance(module, nn.Conv2d):
                nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
                nn.init.zeros_(module.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x - 0.5)


def _models() -> Architectures:
    def make(layers: tuple, pool: str):
        return lambda: _Centred(network.sequential((28, 28, 1), [*layers, Dense(10)], pool=pool))

    return {
        key: (title, make(layers, pool))
        for key, (title, layers, pool) in lesson02.MNIST_LAYERS.items()
    }


@dataclass(frozen=True)
class PoolingResult(Runs):
    """Сети ``lesson02.MNIST_LAYERS``, обученные с каждым зерном.

    ``shift_accuracy[key]`` — массив ``(зёрна, len(config.shifts))``: точность на тестовых
    цифрах, сдвинутых на каждое число пикселей (среднее по четырём направлениям).
    """

    config: PoolingConfig
    shift_accuracy: dict[str, np.ndarray]

    def _architectures(self) -> Architectures:
        return _models()


def pooling_experiment(config: PoolingConfig | None = None) -> PoolingResult:
    """Обучить четыре сети урока 2 на цифрах MNIST и измерить их на сдвинутых цифрах."""
    config = config or PoolingConfig()

    def compute() -> PoolingResult:
        split = balanced(data.load_mnist(), config.train_images, "train_images")
        curves: dict[str, list[list[float]]] = {}

        def measure(key: str):
            rows = curves.setdefault(key, [])
            return lambda m: rows.append([shifted_accuracy(m, split, s) for s in config.shifts])

        runs = fit_all(_models(), split, config, "пулинг", measure)
        shifts = {key: np.array(rows) for key, rows in curves.items()}
        return PoolingResult(config=config, runs=runs, shift_accuracy=shifts)

    return cached("lesson02_pooling", compute, config=config, sources=_SOURCES)
