"""Опыт урока — несколько архитектур, каждая обучена с несколькими зёрнами.

Общий механизм опытов всех уроков: настройки обучения (:class:`Training`, :class:`Seeded`),
обучение всех архитектур под одной полосой прогресса (:func:`fit_all`), результат одной
архитектуры (:class:`Run`: точность, время, ошибка и веса по зёрнам) и замеры, которые
нужны не одному уроку (:func:`shifted_accuracy`). Сами опыты живут в папке своего урока
(``lessonlib/lessons/<урок>/``) и кэшируются :func:`lessonlib.cache.cached`; этот модуль —
среди их источников, так что его правка обучает сети заново.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import torch
from torch import nn

from lessonlib import data, models, progress, shapes
from lessonlib import train as training
from lessonlib.conv import check_int
from lessonlib.data import DataSplit
from lessonlib.fmt import decimal
from lessonlib.shapes import Conv
from lessonlib.train import TrainConfig

__all__ = [
    "Architectures",
    "Run",
    "Runs",
    "Seeded",
    "Training",
    "balanced",
    "check_convs",
    "check_count",
    "fit_all",
    "load_state",
    "shifted_accuracy",
]


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


@dataclass(frozen=True, kw_only=True)
class Training:
    """Ручки обучения, общие для всех опытов: эпохи, мини-батч и шаг Adam (``lr``)."""

    epochs: int
    batch_size: int
    lr: float

    def __post_init__(self) -> None:
        _ = self.training  # TrainConfig сам проверяет epochs, batch_size и lr

    @property
    def training(self) -> TrainConfig:
        """Эти же настройки для цикла :func:`lessonlib.train.train`."""
        return TrainConfig(epochs=self.epochs, batch_size=self.batch_size, lr=self.lr)


@dataclass(frozen=True, kw_only=True)
class Seeded(Training):
    """Ручки опыта, в котором каждую сеть обучают несколько раз — по разу на зерно."""

    seeds: tuple[int, ...]

    def __post_init__(self) -> None:
        super().__post_init__()
        seeds = tuple(self.seeds) if isinstance(self.seeds, Sequence) else ()
        if not seeds or not all(isinstance(s, int) and not isinstance(s, bool) for s in seeds):
            raise ValueError(
                f"seeds: ожидался непустой набор целых зёрен, например (0, 1, 2), "
                f"получено {self.seeds!r}"
            )
        for seed in seeds:
            check_int(seed, "seeds (зёрна)", minimum=0)


def check_convs(convs: Sequence[Conv], input_shape: tuple[int, int, int]) -> None:
    """Свёрточные слои помещаются в картинку (иначе — ошибка с номером слоя)."""
    if not convs or not all(isinstance(c, Conv) for c in convs):
        raise ValueError(
            f"convs: ожидались свёрточные слои Conv(фильтров, размер), например "
            f"(Conv(8, 3), Conv(8, 3)), получено {convs!r}"
        )
    try:
        shapes.trace(input_shape, list(convs))
    except ValueError as error:
        raise ValueError(str(error).replace("layers[", "convs[", 1)) from None


def check_count(n: int, available: int, name: str) -> None:
    if n > available:
        raise ValueError(
            f"{name}: ожидалось не больше {available} — столько обучающих картинок есть, "
            f"получено {n}"
        )


def balanced(split: DataSplit, n: int, name: str) -> DataSplit:
    """``n`` обучающих картинок, всех классов поровну (тест не меняется).

    Картинки каждого класса берутся по порядку, классы — по очереди; выбранные остаются
    в исходном порядке, так что при ``n``, равном всем картинкам, набор не меняется.
    """
    check_count(n, len(split.x_train), name)
    labels = split.y_train
    rank = torch.empty_like(labels)
    for label in labels.unique():
        members = labels == label
        rank[members] = torch.arange(int(members.sum()))
    turn = rank * len(split.class_names) + labels  # номер картинки в очереди классов
    chosen = torch.sort(torch.argsort(turn, stable=True)[:n]).values
    return DataSplit(
        x_train=split.x_train[chosen],
        y_train=labels[chosen],
        x_test=split.x_test,
        y_test=split.y_test,
        class_names=split.class_names,
    )


def _first_conv(model: nn.Module) -> np.ndarray | None:
    for module in model.modules():
        if isinstance(module, nn.Conv2d):
            return module.weight.detach().numpy().copy()
    return None


def _bar_total(config: Seeded, architectures: int = 1) -> int:
    return architectures * len(config.seeds) * config.epochs


def _train_runs(
    key: str,
    title: str,
    make: Callable[[], nn.Module],
    split: DataSplit,
    config: Seeded,
    bar: progress.tqdm,
    evaluate: Callable[[nn.Module], None] | None = None,
) -> Run:
    """Обучает ``make()`` с каждым зерном; ``evaluate(model)`` — доп. замеры после обучения."""
    accuracies, seconds, cpu, losses, before, after = [], [], [], [], [], []
    state: dict[str, torch.Tensor] = {}
    for seed in config.seeds:

        def on_epoch(_: int, loss: float, seed: int = seed) -> None:
            bar.set_postfix_str(f"{title}, зерно {seed}, ошибка {decimal(loss, 3)}", refresh=False)
            bar.update()

        with training.deterministic(seed):
            model = make()
            initial = _first_conv(model)
            log = training.train(
                model, split.x_train, split.y_train, config.training, seed=seed, on_epoch=on_epoch
            )
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
        seeds=tuple(config.seeds),
        accuracies=tuple(accuracies),
        seconds=tuple(seconds),
        cpu_seconds=tuple(cpu),
        losses=tuple(losses),
        filters_before=tuple(before),
        filters_after=tuple(after),
        state=state,
    )


def load_state(model: nn.Module, state: dict[str, torch.Tensor]) -> nn.Module:
    model.load_state_dict(state)
    return model.eval()


Architectures = dict[str, tuple[str, Callable[[], nn.Module]]]
"""Модели опыта: ключ → (название по-русски, функция, которая строит необученную сеть)."""


@dataclass(frozen=True)
class Runs:
    """Несколько архитектур, каждая обучена с несколькими зёрнами."""

    config: Seeded
    runs: dict[str, Run]

    def _architectures(self) -> Architectures:
        raise NotImplementedError

    @property
    def seconds(self) -> float:
        """Время обучения всех моделей со всеми зёрнами, секунды."""
        return sum(run.total_seconds for run in self.runs.values())

    def model(self, key: str) -> nn.Module:
        """Модель ``key``, обученная с первым зерном."""
        return load_state(self._architectures()[key][1](), self.runs[key].state)


def fit_all(
    architectures: Architectures,
    split: DataSplit,
    config: Seeded,
    title: str,
    evaluate: Callable[[str], Callable[[nn.Module], None] | None] = lambda _: None,
) -> dict[str, Run]:
    """Обучает все архитектуры со всеми зёрнами под одной полосой прогресса."""
    with progress.bar(_bar_total(config, len(architectures)), title) as bar:
        return {
            key: _train_runs(key, name, make, split, config, bar, evaluate(key))
            for key, (name, make) in architectures.items()
        }


_DIRECTIONS: Final = ((0, 1), (0, -1), (1, 0), (-1, 0))


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
