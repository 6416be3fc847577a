"""Опыты урока с настоящим обучением сетей; каждый результат кэшируется на диске.

Страницы сайта вызывают эти функции и печатают числа из того, что они вернули, — ни одно
число точности в тексте не набрано руками. Первый вызов обучает сети (в один поток
процессора) и сохраняет результат через :func:`lessonlib.cache.cached`; следующие
вызовы берут его из кэша за доли секунды.

* :func:`prototype_experiment` — прототип «4 против 8»: пять моделей, по пять зёрен;
* :func:`filter_learning_demo` — как обратное распространение ошибки находит фильтр;
* :func:`cnn_vs_fc_experiment` — все 10 цифр: полносвязная сеть против CNN и сдвиги;
* :func:`scenes_experiment` — CNN из пяти свёрточных слоёв на цветных сценах.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from lessonlib import activations, data, models, shapes
from lessonlib import train as training
from lessonlib.activations import TopActivations
from lessonlib.cache import cached
from lessonlib.data import DataSplit
from lessonlib.filters import DIAGONAL_45, SOBEL_VERTICAL
from lessonlib.models import ConvNet, FullyConnected, PrototypeCNN
from lessonlib.shapes import Conv
from lessonlib.train import TrainConfig

__all__ = [
    "CNN_SPECS",
    "SCENES_SPECS",
    "SHIFTS",
    "CnnVsFcResult",
    "FilterDemoResult",
    "PrototypeResult",
    "Run",
    "ScenesResult",
    "cnn_vs_fc_experiment",
    "filter_learning_demo",
    "prototype_experiment",
    "scenes_experiment",
]

# Модули, чей код определяет результаты: их правка сбрасывает кэш.
_SOURCES: Final = (data, models, shapes, training, activations, sys.modules[__name__])


@dataclass(frozen=True)
class Run:
    """Одна архитектура, обученная несколько раз с разными зёрнами.

    Attributes:
        key, title: короткий ключ (``"a"``, ``"cnn"``) и название по-русски.
        parameters: число обучаемых параметров.
        seeds: зёрна (от зерна зависят начальные веса и порядок примеров).
        accuracies: точность на тесте для каждого зерна, доли от 0 до 1.
        seconds, cpu_seconds: время обучения для каждого зерна по часам и процессорное,
            секунды (измерено при обучении).
        losses: ошибка на каждом шаге обучения для каждого зерна.
        filters_before, filters_after: веса первого свёрточного слоя до и после
            обучения для каждого зерна; пустые кортежи, если свёрток нет.
        state: веса модели, обученной с первым зерном (для рисунков).
    """

    key: str
    title: str
    parameters: int
    seeds: tuple[int, ...]
    accuracies: tuple[float, ...]
    seconds: tuple[float, ...]
    cpu_seconds: tuple[float, ...]
    losses: tuple[tuple[float, ...], ...]
    filters_before: tuple[np.ndarray, ...]
    filters_after: tuple[np.ndarray, ...]
    state: dict[str, torch.Tensor]

    @property
    def mean(self) -> float:
        """Средняя точность по зёрнам."""
        return float(np.mean(self.accuracies))

    @property
    def std(self) -> float:
        """Стандартное отклонение точности по зёрнам (несмещённое, ``ddof=1``)."""
        return float(np.std(self.accuracies, ddof=1)) if len(self.accuracies) > 1 else 0.0

    @property
    def total_seconds(self) -> float:
        """Сколько секунд по часам заняло обучение со всеми зёрнами."""
        return float(sum(self.seconds))

    @property
    def total_cpu_seconds(self) -> float:
        """Процессорное время обучения со всеми зёрнами, секунды."""
        return float(sum(self.cpu_seconds))


def _first_conv(model: nn.Module) -> np.ndarray | None:
    for module in model.modules():
        if isinstance(module, nn.Conv2d):
            return module.weight.detach().numpy().copy()
    return None


def _train_runs(
    key: str,
    title: str,
    make: Callable[[], nn.Module],
    split: DataSplit,
    config: TrainConfig,
    seeds: Sequence[int],
    evaluate: Callable[[nn.Module], None] | None = None,
) -> Run:
    """Обучает ``make()`` с каждым зерном; ``evaluate(model)`` — доп. замеры после обучения."""
    accuracies, seconds, cpu, losses, before, after = [], [], [], [], [], []
    state: dict[str, torch.Tensor] = {}
    for seed in seeds:
        with training.deterministic(seed):
            model = make()
            initial = _first_conv(model)
            log = training.train(model, split.x_train, split.y_train, config, seed=seed)
            accuracies.append(training.accuracy(model, split.x_test, split.y_test))
            if evaluate is not None:
                evaluate(model)
        seconds.append(log.seconds)
        cpu.append(log.cpu_seconds)
        losses.append(log.losses)
        if initial is not None:
            before.append(initial)
            after.append(_first_conv(model))
        if not state:
            state = {k: v.clone() for k, v in model.state_dict().items()}
    return Run(
        key=key,
        title=title,
        parameters=models.trainable_parameters(model),
        seeds=tuple(seeds),
        accuracies=tuple(accuracies),
        seconds=tuple(seconds),
        cpu_seconds=tuple(cpu),
        losses=tuple(losses),
        filters_before=tuple(before),
        filters_after=tuple(after),
        state=state,
    )


def _load(model: nn.Module, state: dict[str, torch.Tensor]) -> nn.Module:
    model.load_state_dict(state)
    return model.eval()


# --------------------------------------------------------------------------------------
# 1. Прототип «4 против 8»
# --------------------------------------------------------------------------------------

PROTOTYPE_DIGITS: Final = (4, 8)
PROTOTYPE_SEEDS: Final = (0, 1, 2, 3, 4)
PROTOTYPE_HIDDEN: Final = 16
PROTOTYPE_CONFIG: Final = TrainConfig(epochs=10, batch_size=32, lr=1e-3)


def _handmade() -> list[np.ndarray]:
    return [SOBEL_VERTICAL.kernel, DIAGONAL_45.kernel]


def _prototype_models() -> dict[str, tuple[str, Callable[[], nn.Module]]]:
    h = PROTOTYPE_HIDDEN
    vertical, diagonal = _handmade()
    return {
        "a": ("полносвязная сеть на пикселях", lambda: FullyConnected(28 * 28, h, 2)),
        "b": (
            "один фиксированный фильтр: вертикальный",
            lambda: PrototypeCNN([vertical], trainable=False, hidden=h),
        ),
        "c": (
            "два фиксированных фильтра: вертикальный и диагональный",
            lambda: PrototypeCNN([vertical, diagonal], trainable=False, hidden=h),
        ),
        "d": (
            "два обучаемых фильтра, начало — случайное",
            lambda: PrototypeCNN(n_filters=2, trainable=True, hidden=h),
        ),
        "e": (
            "два обучаемых фильтра, начало — ручные",
            lambda: PrototypeCNN([vertical, diagonal], trainable=True, hidden=h),
        ),
    }


@dataclass(frozen=True)
class _Runs:
    """Несколько архитектур, каждая обучена с несколькими зёрнами."""

    runs: dict[str, Run]

    @staticmethod
    def _architectures() -> dict[str, tuple[str, Callable[[], nn.Module]]]:
        raise NotImplementedError

    @property
    def seconds(self) -> float:
        """Время обучения всех моделей со всеми зёрнами, секунды."""
        return sum(run.total_seconds for run in self.runs.values())

    def model(self, key: str) -> nn.Module:
        """Модель ``key``, обученная с первым зерном."""
        return _load(self._architectures()[key][1](), self.runs[key].state)


@dataclass(frozen=True)
class PrototypeResult(_Runs):
    """Пять моделей прототипа «4 против 8» (ключи ``a`` … ``e``), каждая — по пять зёрен."""

    _architectures = staticmethod(_prototype_models)


def prototype_experiment() -> PrototypeResult:
    """Прототип CNN из урока на четвёрках и восьмёрках MNIST (800 обучающих, 200 тестовых).

    Модели: (a) полносвязная сеть на пикселях; (b) фиксированный вертикальный фильтр
    Собеля → flatten → полносвязная сеть; (c) то же с двумя фиксированными фильтрами —
    вертикальным и диагональным 45°, их карты склеиваются; (d) та же архитектура, фильтры
    обучаются со случайного начала; (e) фильтры обучаются, начиная с ручных.
    """

    def compute() -> PrototypeResult:
        split = data.load_mnist(PROTOTYPE_DIGITS)
        runs = {
            key: _train_runs(key, title, make, split, PROTOTYPE_CONFIG, PROTOTYPE_SEEDS)
            for key, (title, make) in _prototype_models().items()
        }
        return PrototypeResult(runs=runs)

    params = {
        "digits": PROTOTYPE_DIGITS,
        "seeds": PROTOTYPE_SEEDS,
        "hidden": PROTOTYPE_HIDDEN,
        "config": PROTOTYPE_CONFIG,
        "filters": [k.tolist() for k in _handmade()],
    }
    return cached("prototype", compute, params=params, sources=_SOURCES)


# --------------------------------------------------------------------------------------
# 2. Обучаемый фильтр: обратное распространение ошибки находит фильтр Собеля
# --------------------------------------------------------------------------------------

FILTER_DEMO_IMAGES: Final = 256
FILTER_DEMO_SEED: Final = 0
FILTER_DEMO_CONFIG: Final = TrainConfig(epochs=20, batch_size=16, lr=0.05)


@dataclass(frozen=True)
class FilterDemoResult:
    """Как менялся один фильтр 3×3 при обучении.

    Attributes:
        target: фильтр, который породил правильные ответы (вертикальный Собель).
        snapshots: фильтр до обучения (шаг 0) и после каждого шага, форма ``(шаги + 1, 3, 3)``.
        losses: средняя квадратичная ошибка на каждом шаге.
        seconds, cpu_seconds: время обучения по часам и процессорное.
    """

    target: np.ndarray
    snapshots: np.ndarray
    losses: tuple[float, ...]
    seconds: float
    cpu_seconds: float


def filter_learning_demo() -> FilterDemoResult:
    """Обучает один фильтр 3×3 с нуля по парам «картинка → карта активации».

    Ответы — карты вертикального фильтра Собеля на 256 цифрах MNIST; сеть — одна свёртка
    без смещения со случайным началом; ошибка — средний квадрат разности карт. Фильтр
    обучается тем же циклом :func:`lessonlib.train.train`, что и все сети урока.
    """
    target = np.asarray(SOBEL_VERTICAL.kernel, dtype=np.float32)

    def compute() -> FilterDemoResult:
        x = data.load_mnist().x_train[:FILTER_DEMO_IMAGES]
        kernel = torch.from_numpy(target)[None, None]
        y = F.conv2d(x, kernel)
        snapshots: list[np.ndarray] = []
        with training.deterministic(FILTER_DEMO_SEED):
            model = nn.Conv2d(1, 1, 3, bias=False)
            log = training.train(
                model,
                x,
                y,
                FILTER_DEMO_CONFIG,
                seed=FILTER_DEMO_SEED,
                loss_fn=F.mse_loss,
                on_step=lambda step, m: snapshots.append(m.weight.detach()[0, 0].numpy().copy()),
            )
        return FilterDemoResult(
            target=target,
            snapshots=np.stack(snapshots),
            losses=log.losses,
            seconds=log.seconds,
            cpu_seconds=log.cpu_seconds,
        )

    params = {
        "images": FILTER_DEMO_IMAGES,
        "seed": FILTER_DEMO_SEED,
        "config": FILTER_DEMO_CONFIG,
        "target": target.tolist(),
    }
    return cached("filter_demo", compute, params=params, sources=_SOURCES)


# --------------------------------------------------------------------------------------
# 3. Почему CNN лучше полносвязной сети: все 10 цифр и сдвиги
# --------------------------------------------------------------------------------------

TEN_SEEDS: Final = (0, 1, 2)
TEN_CONFIG: Final = TrainConfig(epochs=6, batch_size=64, lr=2e-3)
CNN_SPECS: Final = (Conv(8, 3), Conv(8, 3))
FC_HIDDEN: Final = 59  # столько, чтобы параметров было почти как у CNN
SHIFTS: Final = tuple(range(7))
_DIRECTIONS: Final = ((0, 1), (0, -1), (1, 0), (-1, 0))


def _ten_class_models() -> dict[str, tuple[str, Callable[[], nn.Module]]]:
    return {
        "fc": ("полносвязная сеть", lambda: FullyConnected(28 * 28, FC_HIDDEN, 10)),
        "cnn": ("CNN, фильтры обучаются", lambda: ConvNet(1, 28, CNN_SPECS, 10)),
        "frozen": (
            "CNN, фильтры заморожены случайными",
            lambda: models.freeze_convolutions(ConvNet(1, 28, CNN_SPECS, 10)),
        ),
    }


def shifted_accuracy(model: nn.Module, split: DataSplit, shift: int) -> float:
    """Точность на тестовых цифрах, сдвинутых на ``shift`` пикселей, — среднее по четырём
    направлениям (вправо, влево, вниз, вверх)."""
    return float(
        np.mean(
            [
                training.accuracy(
                    model, data.shift_images(split.x_test, dy * shift, dx * shift), split.y_test
                )
                for dy, dx in _DIRECTIONS
            ]
        )
    )


@dataclass(frozen=True)
class CnnVsFcResult(_Runs):
    """Три модели на всех 10 цифрах и их точность на сдвинутых цифрах.

    ``shift_accuracy[key]`` — массив ``(зёрна, len(SHIFTS))``: точность для сдвига
    на 0, 1, …, 6 пикселей.
    """

    shift_accuracy: dict[str, np.ndarray]

    _architectures = staticmethod(_ten_class_models)


def cnn_vs_fc_experiment() -> CnnVsFcResult:
    """Все 10 цифр (4 000 обучающих, 1 000 тестовых): полносвязная сеть и CNN с почти
    одинаковым числом параметров, плюс та же CNN с замороженными случайными фильтрами.
    Каждая модель обучается с тремя зёрнами и проверяется на сдвинутых цифрах."""

    def compute() -> CnnVsFcResult:
        split = data.load_mnist()
        runs, shifts = {}, {}
        for key, (title, make) in _ten_class_models().items():
            curves: list[list[float]] = []
            runs[key] = _train_runs(
                key,
                title,
                make,
                split,
                TEN_CONFIG,
                TEN_SEEDS,
                evaluate=lambda m, c=curves: c.append(
                    [shifted_accuracy(m, split, s) for s in SHIFTS]
                ),
            )
            shifts[key] = np.array(curves)
        return CnnVsFcResult(runs=runs, shift_accuracy=shifts)

    params = {
        "seeds": TEN_SEEDS,
        "config": TEN_CONFIG,
        "specs": CNN_SPECS,
        "fc_hidden": FC_HIDDEN,
        "shifts": SHIFTS,
    }
    return cached("cnn_vs_fc", compute, params=params, sources=_SOURCES)


# --------------------------------------------------------------------------------------
# 4. Что видят слои: CNN из пяти свёрточных слоёв на цветных сценах
# --------------------------------------------------------------------------------------

SCENES_TRAIN: Final = 1600
SCENES_TEST: Final = 400
SCENES_SIZE: Final = 48
SCENES_SEEDS: Final = (0, 1, 2)
SCENES_CONFIG: Final = TrainConfig(epochs=8, batch_size=32, lr=2e-3)
SCENES_SPECS: Final = (
    Conv(8, 5, stride=1, padding=2),
    Conv(16, 3, stride=2, padding=1),
    Conv(16, 3, stride=1, padding=1),
    Conv(24, 3, stride=2, padding=1),
    Conv(24, 5, stride=1, padding=2),
)
TOP_K: Final = 9


def scenes_model() -> ConvNet:
    """CNN для сцен: пять свёрточных слоёв с ReLU, flatten и слой с ответами."""
    return ConvNet(3, SCENES_SIZE, SCENES_SPECS, len(data.SCENE_CLASSES), input_offset=0.5)


def scenes_test_set() -> data.Scenes:
    """Тестовые сцены (зерно :data:`lessonlib.data.SCENES_TEST_SEED`) — их сеть не видела."""
    return data.make_scenes(SCENES_TEST, data.SCENES_TEST_SEED, SCENES_SIZE)


@dataclass(frozen=True)
class ScenesResult:
    """CNN для сцен, обученная с несколькими зёрнами, и то, что измерено на тестовых сценах.

    Attributes:
        run: точность, время, ошибка по шагам и веса (рисунки — для первого зерна).
        top: для каждого слоя сети первого зерна — :data:`TOP_K` сильнейших откликов
            каждого фильтра.
        near_empty, near_empty_alive, dead: доли почти пустых карт (среди всех и среди
            живых фильтров) и мёртвых фильтров, массивы ``(зёрна, слои)``
            (см. :class:`lessonlib.activations.EmptyMaps`).
        majority: средняя по фильтрам слоя доля главного класса среди их лучших сцен,
            массив ``(зёрна, слои)`` (см. :func:`lessonlib.activations.majority_share`).
        data_seconds: сколько секунд рисовались сцены.
    """

    run: Run
    top: tuple[TopActivations, ...]
    near_empty: np.ndarray
    near_empty_alive: np.ndarray
    dead: np.ndarray
    majority: np.ndarray
    data_seconds: float

    @property
    def seconds(self) -> float:
        return self.run.total_seconds

    def model(self) -> ConvNet:
        """Сеть, обученная с первым зерном."""
        return _load(scenes_model(), self.run.state)


def scenes_experiment() -> ScenesResult:
    """Обучает CNN на 1 600 сценах с тремя зёрнами и изучает её слои на 400 тестовых."""

    def compute() -> ScenesResult:
        start = time.perf_counter()
        train_set = data.make_scenes(SCENES_TRAIN, data.SCENES_TRAIN_SEED, SCENES_SIZE)
        test_set = scenes_test_set()
        data_seconds = time.perf_counter() - start
        split = DataSplit(
            x_train=train_set.images,
            y_train=train_set.labels,
            x_test=test_set.images,
            y_test=test_set.labels,
            class_names=data.SCENE_CLASSES,
        )
        tops: list[list[TopActivations]] = []
        empties: list[activations.EmptyMaps] = []

        def analyse(model: nn.Module) -> None:
            tops.append(activations.top_activations(model, split.x_test, TOP_K))
            empties.append(activations.empty_maps(model, split.x_test))

        run = _train_runs(
            "scenes",
            "CNN из пяти свёрточных слоёв",
            scenes_model,
            split,
            SCENES_CONFIG,
            SCENES_SEEDS,
            evaluate=analyse,
        )
        labels = test_set.labels.numpy()
        return ScenesResult(
            run=run,
            top=tuple(tops[0]),
            near_empty=np.array([e.near_empty for e in empties]),
            near_empty_alive=np.array([e.near_empty_alive for e in empties]),
            dead=np.array([e.dead for e in empties]),
            majority=np.array(
                [[activations.majority_share(t, labels).mean() for t in seed] for seed in tops]
            ),
            data_seconds=data_seconds,
        )

    params = {
        "train": SCENES_TRAIN,
        "test": SCENES_TEST,
        "size": SCENES_SIZE,
        "seeds": (data.SCENES_TRAIN_SEED, data.SCENES_TEST_SEED, SCENES_SEEDS),
        "config": SCENES_CONFIG,
        "specs": SCENES_SPECS,
        "top_k": TOP_K,
        "near_empty": activations.NEAR_EMPTY_FRACTION,
    }
    return cached("scenes", compute, params=params, sources=_SOURCES)
