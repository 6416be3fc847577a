"""Один цикл обучения для всех опытов урока и воспроизводимые настройки PyTorch.

Любая сеть урока — полносвязная, прототип или CNN — обучается одной и той же функцией
:func:`train`: ей всё равно, что внутри модели. Это и есть мысль урока: фильтры
обучаются тем же обратным распространением ошибки, что и полносвязные слои.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from lessonlib.conv import check_int

__all__ = ["THREADS", "TrainConfig", "TrainLog", "accuracy", "deterministic", "predict", "train"]

THREADS = 1
"""Сколько потоков процессора берёт PyTorch при обучении. Один: сети урока маленькие,
и второй поток на двух ядрах сборочной машины больше ждёт синхронизации, чем считает
(замерено: при занятом процессоре обучение в два потока шло в разы медленнее). К тому же
в один поток порядок сложений всегда один — веса совпадают до последнего знака."""


@dataclass(frozen=True)
class TrainConfig:
    """Настройки обучения: эпохи, размер мини-батча, шаг Adam и L2-штраф на веса."""

    epochs: int
    batch_size: int = 32
    lr: float = 1e-3
    weight_decay: float = 0.0

    def __post_init__(self) -> None:
        check_int(self.epochs, "epochs", minimum=1)
        check_int(self.batch_size, "batch_size", minimum=1)
        if not self.lr > 0:
            raise ValueError(f"lr: ожидалось положительное число, получено {self.lr!r}")


@dataclass(frozen=True)
class TrainLog:
    """Что осталось от обучения: ошибка на каждом шаге и время в секундах — по часам
    (``seconds``) и процессорное (``cpu_seconds``: не растёт, если процессор занят
    другими программами)."""

    losses: tuple[float, ...]
    seconds: float
    cpu_seconds: float


@contextmanager
def deterministic(seed: int) -> Iterator[None]:
    """Воспроизводимые вычисления внутри блока ``with``; после него настройки возвращаются.

    Задаёт зерно генератора PyTorch, детерминированные алгоритмы и :data:`THREADS`
    потоков (при другом числе потоков порядок сложения чисел может отличаться, а с ним —
    последние знаки весов).
    """
    threads = torch.get_num_threads()
    was_deterministic = torch.are_deterministic_algorithms_enabled()
    rng_state = torch.get_rng_state()
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(seed)
    try:
        yield
    finally:
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(was_deterministic)
        torch.set_rng_state(rng_state)


def train(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    config: TrainConfig,
    *,
    seed: int = 0,
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] = F.cross_entropy,
    on_step: Callable[[int, nn.Module], None] | None = None,
    on_epoch: Callable[[int, float], None] | None = None,
) -> TrainLog:
    """Обучает ``model`` на парах ``(x, y)`` оптимизатором Adam по мини-батчам.

    Обучаются только параметры с ``requires_grad``: замороженные фильтры оптимизатор
    даже не видит, поэтому они не меняются ни на одно число.

    Args:
        seed: зерно перемешивания примеров перед каждой эпохой.
        loss_fn: функция ошибки ``loss_fn(выход модели, y)``; по умолчанию — перекрёстная
            энтропия для классификации.
        on_step: вызывается как ``on_step(номер шага, model)`` до первого шага (номер 0)
            и после каждого шага — например, чтобы запомнить фильтры по ходу обучения.
        on_epoch: вызывается как ``on_epoch(номер эпохи с 1, средняя ошибка эпохи)`` —
            например, чтобы двигать полосу прогресса (:mod:`lessonlib.progress`).
    """
    if len(x) != len(y) or len(x) == 0:
        raise ValueError(
            f"x, y: ожидались непустые наборы одной длины, получено {len(x)} и {len(y)}"
        )
    params = [p for p in model.parameters() if p.requires_grad]
    if not params:
        raise ValueError("model: нет обучаемых параметров — всё заморожено")
    optimizer = torch.optim.Adam(params, lr=config.lr, weight_decay=config.weight_decay)
    generator = torch.Generator().manual_seed(seed)
    losses: list[float] = []
    model.train()
    start, cpu_start = time.perf_counter(), time.process_time()
    if on_step is not None:
        on_step(0, model)
    for epoch in range(config.epochs):
        order = torch.randperm(len(x), generator=generator)
        for batch in order.split(config.batch_size):
            loss = loss_fn(model(x[batch]), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            if on_step is not None:
                on_step(len(losses), model)
        if on_epoch is not None:
            epoch_losses = losses[-len(order.split(config.batch_size)) :]
            on_epoch(epoch + 1, sum(epoch_losses) / len(epoch_losses))
    model.eval()
    return TrainLog(
        losses=tuple(losses),
        seconds=time.perf_counter() - start,
        cpu_seconds=time.process_time() - cpu_start,
    )


@torch.no_grad()
def predict(model: nn.Module, x: torch.Tensor, batch_size: int = 500) -> torch.Tensor:
    """Номера предсказанных классов для картинок ``x`` (модель в режиме оценки)."""
    model.eval()
    return torch.cat([model(part).argmax(dim=1) for part in x.split(batch_size)])


def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    """Доля правильных ответов модели на ``(x, y)``: число от 0 до 1."""
    return float((predict(model, x) == y).float().mean())
