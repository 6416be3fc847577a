"""Практическая работа: обучить свою сеть и сравнить её с другой — одним и тем же кодом.

:func:`fit` обучает любую сеть циклом :func:`lessonlib.train.train` (полосу прогресса
показывает tqdm) и после каждой эпохи запоминает ошибку и точность на тестовых
картинках. Остальные функции считают то, что нужно для сравнения: таблицу
(:func:`comparison`), точность на сдвинутых цифрах (:func:`shift_accuracy`), матрицу
ошибок (:func:`confusion`) и её частые ошибки (:func:`confused_pairs`), таблица точности на
сдвигах (:func:`shift_table`) и номера картинок, на которых сеть ошиблась (:func:`mistakes`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from lessonlib import fmt, progress
from lessonlib import train as training
from lessonlib.data import DataSplit, shift_images
from lessonlib.folders import SITE_ENV
from lessonlib.markdown import Markdown, table
from lessonlib.models import trainable_parameters
from lessonlib.train import TrainConfig

__all__ = [
    "ON_SITE_TIME",
    "Fit",
    "comparison",
    "confused_pairs",
    "confusion",
    "fit",
    "mistakes",
    "shift_accuracy",
    "shift_table",
]


@dataclass(frozen=True)
class Fit:
    """Что осталось от обучения сети: название, сама сеть, ошибка и точность на тесте
    после каждой эпохи, время по часам и число параметров."""

    title: str
    model: nn.Module
    epoch_losses: tuple[float, ...]
    test_accuracy: tuple[float, ...]
    seconds: float
    parameters: int

    @property
    def accuracy(self) -> float:
        """Точность на тесте после последней эпохи, доля от 0 до 1."""
        return self.test_accuracy[-1]


def fit(model: nn.Module, split: DataSplit, config: TrainConfig, title: str, seed: int = 0) -> Fit:
    """Обучает ``model`` на обучающей части ``split`` (зерно ``seed``) и следит за тестом."""
    losses: list[float] = []
    accuracies: list[float] = []
    bar = progress.bar(config.epochs, title)

    def on_epoch(epoch: int, loss: float) -> None:
        losses.append(loss)
        accuracies.append(training.accuracy(model, split.x_test, split.y_test))
        model.train()  # accuracy() переводит сеть в режим оценки — возвращаем обучение
        bar.set_postfix_str(f"точность {fmt.percent(accuracies[-1])}")
        bar.update()

    with training.deterministic(seed):
        log = training.train(
            model, split.x_train, split.y_train, config, seed=seed, on_epoch=on_epoch
        )
    bar.close()
    return Fit(
        title=title,
        model=model,
        epoch_losses=tuple(losses),
        test_accuracy=tuple(accuracies),
        seconds=log.seconds,
        parameters=trainable_parameters(model),
    )


ON_SITE_TIME = "узнаете при запуске"
"""Ячейка времени обучения на сайте (см. :func:`comparison`)."""


def comparison(fits: Sequence[Fit]) -> Markdown:
    """Таблица сравнения: параметры, точность на тесте и время обучения каждой сети.

    Время по часам у каждого запуска своё, поэтому сайт (сборка: :data:`SITE_ENV`) его не
    печатает — иначе страница менялась бы от сборки к сборке; свои секунды ученик увидит,
    запустив блокнот.
    """
    on_site = bool(os.environ.get(SITE_ENV))
    return table(
        ["сеть", "параметров", "точность на тесте", "обучение"],
        [
            [
                f.title,
                fmt.integer(f.parameters),
                fmt.percent(f.accuracy),
                ON_SITE_TIME if on_site else fmt.seconds(f.seconds),
            ]
            for f in fits
        ],
    )


def shift_accuracy(model: nn.Module, split: DataSplit, shifts: Sequence[int]) -> np.ndarray:
    """Точность на тестовых цифрах, сдвинутых вправо на каждое число пикселей из ``shifts``."""
    return np.array(
        [training.accuracy(model, shift_images(split.x_test, 0, s), split.y_test) for s in shifts]
    )


def shift_table(shifts: Sequence[int], accuracies: dict[str, np.ndarray]) -> Markdown:
    """Точность каждой сети (название → точность на каждом сдвиге) на сдвинутых цифрах."""
    return table(
        ["сдвиг вправо, пикселей", *(str(s) for s in shifts)],
        [[title, *(fmt.percent(a) for a in values)] for title, values in accuracies.items()],
    )


def confused_pairs(matrix: np.ndarray, class_names: Sequence[str], top: int = 3) -> Markdown:
    """``top`` самых частых ошибок матрицы ошибок: верная цифра, ответ сети, сколько раз."""
    wrong = np.array(matrix, copy=True)
    np.fill_diagonal(wrong, 0)
    order = np.argsort(-wrong, axis=None, kind="stable")[:top]
    rows = [
        [class_names[t], class_names[p], fmt.integer(int(wrong[t, p]))]
        for t, p in zip(*np.unravel_index(order, wrong.shape), strict=True)
        if wrong[t, p]
    ]
    return table(["верная цифра", "ответ сети", "сколько раз"], rows)


def confusion(model: nn.Module, split: DataSplit) -> np.ndarray:
    """Матрица ошибок на тесте: строка — верная цифра, столбец — ответ сети."""
    n = len(split.class_names)
    predicted = training.predict(model, split.x_test)
    index = split.y_test * n + predicted
    return torch.bincount(index, minlength=n * n).reshape(n, n).numpy()


def mistakes(
    model: nn.Module, split: DataSplit, limit: int = 10, per_class: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Тестовые картинки, где сеть ошиблась увереннее всего: номера и ответы сети.

    Не больше ``per_class`` картинок каждой верной цифры (иначе на рисунке — одна и та же
    цифра), всего не больше ``limit``; сначала — где сеть увереннее в неверном ответе,
    при равной уверенности — раньше в тесте. Ответ не зависит от запуска.
    """
    if limit < 1 or per_class < 1:
        raise ValueError(f"limit и per_class: нужны числа от 1, получено {limit} и {per_class}")
    model.eval()
    with torch.no_grad():
        probs = torch.cat([model(part).softmax(dim=1) for part in split.x_test.split(500)])
    confidence, predicted = probs.max(dim=1)
    wrong = np.flatnonzero((predicted != split.y_test).numpy())
    # Стабильная сортировка: равные уверенности остаются в порядке теста.
    order = wrong[np.argsort(-confidence.numpy()[wrong], kind="stable")]
    truth = split.y_test.numpy()
    taken: dict[int, int] = {}
    picked = []
    for index in order:
        if taken.get(int(truth[index]), 0) < per_class:
            taken[int(truth[index])] = taken.get(int(truth[index]), 0) + 1
            picked.append(index)
            if len(picked) == limit:
                break
    chosen = np.array(picked, dtype=np.int64)
    return chosen, predicted.numpy()[chosen]
