"""Опыты урока с настоящим обучением сетей; каждый результат кэшируется на диске.

Страницы сайта вызывают эти функции и печатают числа из того, что они вернули, — ни одно
число точности в тексте не набрано руками. Первый вызов обучает сети (в один поток
процессора) и сохраняет результат через :func:`lessonlib.cache.cached`; следующие
вызовы с теми же настройками берут его из кэша за доли секунды.

Настройки каждого опыта — объект-«ручка» с полями эпох, ширин слоёв, шага обучения,
числа картинок и зёрен; по умолчанию — ровно те, с которыми посчитан сайт. Поменяйте
любое поле, и опыт обучится заново::

    prototype_experiment(PrototypeConfig(epochs=3, hidden=64))

* :func:`prototype_experiment` — прототип «4 против 8»: пять моделей, по пять зёрен;
* :func:`filter_learning_demo` — как обратное распространение ошибки находит фильтр;
* :func:`cnn_vs_fc_experiment` — все 10 цифр: полносвязная сеть против CNN и сдвиги.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from lessonlib import data, filters, models, progress, runs, shapes
from lessonlib import train as training
from lessonlib.cache import cached
from lessonlib.conv import check_int
from lessonlib.filters import SOBEL_VERTICAL, Filter
from lessonlib.lessons import lesson01
from lessonlib.models import ConvNet, FullyConnected, PrototypeCNN
from lessonlib.runs import (
    Architectures,
    Runs,
    Seeded,
    Training,
    balanced,
    check_convs,
    check_count,
    fit_all,
    shifted_accuracy,
)
from lessonlib.shapes import Conv

__all__ = [
    "CnnVsFcConfig",
    "CnnVsFcResult",
    "FilterDemoConfig",
    "FilterDemoResult",
    "PrototypeConfig",
    "PrototypeResult",
    "cnn_vs_fc_experiment",
    "filter_learning_demo",
    "prototype_experiment",
]

# Модули, чей код определяет результат опыта: правка одного из них обучает заново только
# опыты, которые его используют. Факты урока (цифры, фильтры) — поля настроек опыта, а не
# модуль фактов: правка другого факта урока не обучает ни одной сети.
_COMMON: Final = (data, training, runs, sys.modules[__name__])
_SOURCES: Final = {
    "prototype": (*_COMMON, filters, models),
    "filter_demo": (*_COMMON, filters),
    "cnn_vs_fc": (*_COMMON, models, shapes),
}


# --------------------------------------------------------------------------------------
# 1. Прототип «4 против 8»
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PrototypeConfig(Seeded):
    """Настройки прототипа; по умолчанию — те, с которыми посчитан сайт.

    Attributes:
        digits: какие две цифры различать.
        filters: два ручных фильтра: вертикальный и диагональный.
        train_images: сколько обучающих картинок взять (из 800 для двух цифр).
        hidden: нейронов в скрытом слое полносвязной части.
        seeds, epochs, batch_size, lr: зёрна, эпохи, мини-батч и шаг обучения Adam.
    """

    digits: tuple[int, ...] = lesson01.PROTOTYPE_DIGITS
    filters: tuple[Filter, ...] = lesson01.PROTOTYPE_FILTERS
    train_images: int = 800
    hidden: int = 16
    seeds: tuple[int, ...] = (0, 1, 2, 3, 4)
    epochs: int = 10
    batch_size: int = 32
    lr: float = 1e-3

    def __post_init__(self) -> None:
        super().__post_init__()
        data.check_digits(self.digits)
        if len(self.filters) != 2 or not all(isinstance(f, Filter) for f in self.filters):
            raise ValueError(
                "filters: ожидались два фильтра lessonlib.filters.Filter (вертикальный и "
                f"диагональный), получено {self.filters!r}"
            )
        check_int(self.train_images, "train_images (обучающих картинок)", minimum=1)
        check_int(self.hidden, "hidden (нейронов в скрытом слое)", minimum=1)


def _prototype_models(config: PrototypeConfig) -> Architectures:
    h, n = config.hidden, len(config.digits)
    vertical, diagonal = (f.kernel for f in config.filters)
    return {
        "a": ("полносвязная сеть на пикселях", lambda: FullyConnected(28 * 28, h, n)),
        "b": (
            "один фиксированный фильтр: вертикальный",
            lambda: PrototypeCNN([vertical], trainable=False, hidden=h, n_classes=n),
        ),
        "c": (
            "два фиксированных фильтра: вертикальный и диагональный",
            lambda: PrototypeCNN([vertical, diagonal], trainable=False, hidden=h, n_classes=n),
        ),
        "d": (
            "два обучаемых фильтра, начало — случайное",
            lambda: PrototypeCNN(n_filters=2, trainable=True, hidden=h, n_classes=n),
        ),
        "e": (
            "два обучаемых фильтра, начало — ручные",
            lambda: PrototypeCNN([vertical, diagonal], trainable=True, hidden=h, n_classes=n),
        ),
    }


@dataclass(frozen=True)
class PrototypeResult(Runs):
    """Пять моделей прототипа «4 против 8» (ключи ``a`` … ``e``), каждая — по нескольку зёрен."""

    config: PrototypeConfig

    def _architectures(self) -> Architectures:
        return _prototype_models(self.config)


def prototype_experiment(config: PrototypeConfig | None = None) -> PrototypeResult:
    """Прототип CNN из урока на четвёрках и восьмёрках MNIST (800 обучающих, 200 тестовых).

    Модели: (a) полносвязная сеть на пикселях; (b) фиксированный вертикальный фильтр
    Собеля → flatten → полносвязная сеть; (c) то же с двумя фиксированными фильтрами —
    вертикальным и диагональным 45°, их карты склеиваются; (d) та же архитектура, фильтры
    обучаются со случайного начала; (e) фильтры обучаются, начиная с ручных.
    """
    config = config or PrototypeConfig()

    def compute() -> PrototypeResult:
        split = balanced(data.load_mnist(config.digits), config.train_images, "train_images")
        runs = fit_all(_prototype_models(config), split, config, "прототип")
        return PrototypeResult(config=config, runs=runs)

    return cached("prototype", compute, config=config, sources=_SOURCES["prototype"])


# --------------------------------------------------------------------------------------
# 2. Обучаемый фильтр: обратное распространение ошибки находит фильтр Собеля
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class FilterDemoConfig(Training):
    """Настройки опыта с одним обучаемым фильтром; по умолчанию — как на сайте.

    Attributes:
        images: сколько первых обучающих цифр MNIST взять (из 4 000).
        seed: зерно начального фильтра и порядка примеров.
        epochs, batch_size, lr: эпохи, мини-батч и шаг обучения Adam.
    """

    images: int = 256
    seed: int = 0
    epochs: int = 20
    batch_size: int = 16
    lr: float = 0.05

    def __post_init__(self) -> None:
        super().__post_init__()
        check_int(self.images, "images (картинок)", minimum=1)
        check_int(self.seed, "seed (зерно)", minimum=0)


@dataclass(frozen=True)
class FilterDemoResult:
    """Как менялся один фильтр 3×3 при обучении.

    Attributes:
        config: настройки опыта.
        target: фильтр, который породил правильные ответы (вертикальный Собель).
        snapshots: фильтр до обучения (шаг 0) и после каждого шага, форма ``(шаги + 1, 3, 3)``.
        losses: средняя квадратичная ошибка на каждом шаге.
        seconds, cpu_seconds: время обучения по часам и процессорное.
    """

    config: FilterDemoConfig
    target: np.ndarray
    snapshots: np.ndarray
    losses: tuple[float, ...]
    seconds: float
    cpu_seconds: float


def filter_learning_demo(config: FilterDemoConfig | None = None) -> FilterDemoResult:
    """Обучает один фильтр 3×3 с нуля по парам «картинка → карта активации».

    Ответы — карты вертикального фильтра Собеля на 256 цифрах MNIST; сеть — одна свёртка
    без смещения со случайным началом; ошибка — средний квадрат разности карт. Фильтр
    обучается тем же циклом :func:`lessonlib.train.train`, что и все сети урока.
    """
    config = config or FilterDemoConfig()
    target = np.asarray(SOBEL_VERTICAL.kernel, dtype=np.float32)

    def compute() -> FilterDemoResult:
        x = data.load_mnist().x_train
        check_count(config.images, len(x), "images")
        x = x[: config.images]  # первые по порядку — все это нули: классы здесь не важны
        kernel = torch.from_numpy(target)[None, None]
        y = F.conv2d(x, kernel)
        snapshots: list[np.ndarray] = []
        with (
            training.deterministic(config.seed),
            progress.bar(config.epochs, "обучаемый фильтр") as bar,
        ):
            model = nn.Conv2d(1, 1, 3, bias=False)
            log = training.train(
                model,
                x,
                y,
                config.training,
                seed=config.seed,
                loss_fn=F.mse_loss,
                on_step=lambda step, m: snapshots.append(m.weight.detach()[0, 0].numpy().copy()),
                on_epoch=lambda _, loss: bar.update(),
            )
        return FilterDemoResult(
            config=config,
            target=target,
            snapshots=np.stack(snapshots),
            losses=log.losses,
            seconds=log.seconds,
            cpu_seconds=log.cpu_seconds,
        )

    return cached("filter_demo", compute, config=config, sources=_SOURCES["filter_demo"])


# --------------------------------------------------------------------------------------
# 3. Почему CNN лучше полносвязной сети: все 10 цифр и сдвиги
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CnnVsFcConfig(Seeded):
    """Настройки сравнения CNN и полносвязной сети; по умолчанию — как на сайте.

    Attributes:
        train_images: сколько обучающих цифр взять (из 4 000).
        convs: свёрточные слои CNN — число фильтров и их размер.
        fc_hidden: ширина скрытого слоя полносвязной сети (59 — чтобы параметров было
            почти как у CNN).
        shifts: на сколько пикселей сдвигать тестовые цифры.
        seeds, epochs, batch_size, lr: зёрна, эпохи, мини-батч и шаг обучения Adam.
    """

    train_images: int = 4000
    convs: tuple[Conv, ...] = (Conv(8, 3), Conv(8, 3))
    fc_hidden: int = 59
    shifts: tuple[int, ...] = tuple(range(7))
    seeds: tuple[int, ...] = (0, 1, 2)
    epochs: int = 6
    batch_size: int = 64
    lr: float = 2e-3

    def __post_init__(self) -> None:
        super().__post_init__()
        check_int(self.train_images, "train_images (обучающих картинок)", minimum=1)
        check_convs(self.convs, (28, 28, 1))
        check_int(self.fc_hidden, "fc_hidden (нейронов в скрытом слое)", minimum=1)
        if not self.shifts or not all(
            isinstance(s, int) and not isinstance(s, bool) and 0 <= s < 28 for s in self.shifts
        ):
            raise ValueError(
                f"shifts: ожидались сдвиги от 0 до 27 пикселей, например (0, 2, 4), "
                f"получено {self.shifts!r}"
            )


def _ten_class_models(config: CnnVsFcConfig) -> Architectures:
    convs = config.convs
    return {
        "fc": ("полносвязная сеть", lambda: FullyConnected(28 * 28, config.fc_hidden, 10)),
        "cnn": ("CNN, фильтры обучаются", lambda: ConvNet(1, 28, convs, 10)),
        "frozen": (
            "CNN, фильтры заморожены случайными",
            lambda: models.freeze_convolutions(ConvNet(1, 28, convs, 10)),
        ),
    }


@dataclass(frozen=True)
class CnnVsFcResult(Runs):
    """Три модели на всех 10 цифрах и их точность на сдвинутых цифрах.

    ``shift_accuracy[key]`` — массив ``(зёрна, len(config.shifts))``: точность для сдвига
    на каждое число пикселей из ``config.shifts``.
    """

    config: CnnVsFcConfig
    shift_accuracy: dict[str, np.ndarray]

    def _architectures(self) -> Architectures:
        return _ten_class_models(self.config)


def cnn_vs_fc_experiment(config: CnnVsFcConfig | None = None) -> CnnVsFcResult:
    """Все 10 цифр (4 000 обучающих, 1 000 тестовых): полносвязная сеть и CNN с почти
    одинаковым числом параметров, плюс та же CNN с замороженными случайными фильтрами.
    Каждая модель обучается с тремя зёрнами и проверяется на сдвинутых цифрах."""
    config = config or CnnVsFcConfig()

    def compute() -> CnnVsFcResult:
        split = balanced(data.load_mnist(), config.train_images, "train_images")
        curves: dict[str, list[list[float]]] = {}

        def measure(key: str) -> Callable[[nn.Module], None]:
            rows = curves.setdefault(key, [])
            return lambda m: rows.append([shifted_accuracy(m, split, s) for s in config.shifts])

        runs = fit_all(_ten_class_models(config), split, config, "10 цифр", measure)
        shifts = {key: np.array(rows) for key, rows in curves.items()}
        return CnnVsFcResult(config=config, runs=runs, shift_accuracy=shifts)

    return cached("cnn_vs_fc", compute, config=config, sources=_SOURCES["cnn_vs_fc"])
