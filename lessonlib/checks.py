"""Проверка сети, которую ученик собрал из ``nn.Sequential``: что не так — по-русски.

:func:`check_model` пропускает пробную картинку через слои по одному и на первом
сбое называет слой и причину: забыт ``Flatten``, слои стоят не в том порядке, числа
входов ``Linear`` или каналов ``Conv2d`` не сходятся с тем, что приходит на самом деле,
на выходе не столько чисел, сколько классов. Ответ — :class:`Verdict`: в блокноте он
печатается сообщением, а не трассировкой ошибки.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from lessonlib import fmt

__all__ = ["KINDS", "Verdict", "check_model"]

KINDS = {"fc": "полносвязная сеть", "cnn": "свёрточная сеть"}


@dataclass(frozen=True)
class Verdict:
    """Итог проверки: ``ok`` и сообщение для ученика."""

    ok: bool
    message: str

    def __repr__(self) -> str:
        return ("Всё верно. " if self.ok else "Есть ошибка. ") + self.message

    def __bool__(self) -> bool:
        return self.ok


def _shape(x: torch.Tensor) -> str:
    return fmt.shape(tuple(x.shape[1:])) if x.ndim > 1 else fmt.shape(tuple(x.shape))


def _layer_name(k: int, layer: nn.Module) -> str:
    """Слой в начале сообщения: «Слой 3 (Linear)» — после «Есть ошибка.» с большой буквы."""
    return f"Слой {k} ({type(layer).__name__})"


def _diagnose(k: int, layer: nn.Module, x: torch.Tensor, layers: list[nn.Module]) -> str | None:
    """Что не так со слоем ``layer`` для входа ``x`` (или ``None``, если всё в порядке)."""
    name = _layer_name(k, layer)
    if isinstance(layer, nn.Linear):
        if x.ndim > 2:
            return (
                f"{name} получает карты активации формы {_shape(x)}, а ждёт вектор. "
                "Забыли Flatten: перед первым Linear поставьте nn.Flatten()."
            )
        if x.shape[1] != layer.in_features:
            return (
                f"{name} ждёт {fmt.plural(layer.in_features, 'число', 'числа', 'чисел')} "
                "на входе, а приходит "
                f"{fmt.integer(x.shape[1])}. Поправьте первое число: "
                f"nn.Linear({x.shape[1]}, {layer.out_features})."
            )
    if isinstance(layer, nn.Conv2d | nn.MaxPool2d):
        if x.ndim != 4:
            before = [type(m).__name__ for m in layers[:k]]
            hint = (
                " Flatten должен стоять после всех свёрток и пулингов, перед Linear."
                if "Flatten" in before
                else ""
            )
            return (
                f"{name} ждёт карты активации (каналы × высота × ширина), а получает вектор "
                f"из {fmt.integer(x.shape[-1])} чисел: слои стоят не в том порядке.{hint}"
            )
        size = layer.kernel_size if isinstance(layer, nn.Conv2d) else (layer.kernel_size,) * 2
        size = size if isinstance(size, tuple) else (size, size)
        if isinstance(layer, nn.Conv2d) and x.shape[1] != layer.in_channels:
            return (
                f"{name} ждёт {fmt.plural(layer.in_channels, 'канал', 'канала', 'каналов')} "
                f"на входе, а приходит {x.shape[1]}. "
                "Первое число Conv2d — это число фильтров предыдущей свёртки "
                "(у первой свёртки — каналы картинки: 1 для чёрно-белой)."
            )
        if x.shape[2] < size[0] or x.shape[3] < size[1]:
            return (
                f"{name}: карта {_shape(x)} меньше окна {fmt.shape(size)}. "
                "Уберите лишний слой или возьмите окно поменьше."
            )
    return None


def check_model(
    model: object,
    kind: str = "cnn",
    *,
    image_shape: tuple[int, int, int] = (1, 28, 28),
    n_classes: int = 10,
) -> Verdict:
    """Проверяет сеть ученика на пробной картинке формы ``image_shape``.

    Args:
        model: сеть ``nn.Sequential``.
        kind: ``"cnn"`` — в сети должна быть свёртка ``Conv2d``; ``"fc"`` — не должно.
        n_classes: сколько чисел должно быть на выходе (по одному на класс).
    """
    if kind not in KINDS:
        raise ValueError(f"kind: ожидалось одно из {sorted(KINDS)}, получено {kind!r}")
    if not isinstance(model, nn.Sequential):
        return Verdict(
            False,
            f"Ожидалась сеть nn.Sequential(...), а получено {type(model).__name__}. "
            "Соберите слои внутри nn.Sequential(слой, слой, ...).",
        )
    layers = list(model)
    if not layers:
        return Verdict(False, "В nn.Sequential() нет ни одного слоя.")
    convs = [m for m in layers if isinstance(m, nn.Conv2d)]
    if kind == "cnn" and not convs:
        return Verdict(False, "Это ещё не свёрточная сеть: добавьте хотя бы один слой nn.Conv2d.")
    if kind == "fc" and convs:
        return Verdict(False, "В полносвязной сети не должно быть свёрток nn.Conv2d.")
    x = torch.zeros(2, *image_shape)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            for k, layer in enumerate(layers):
                problem = _diagnose(k, layer, x, layers)
                if problem is not None:
                    return Verdict(False, problem)
                try:
                    x = layer(x)
                except RuntimeError:
                    return Verdict(
                        False,
                        f"{_layer_name(k, layer)} не может обработать вход формы {_shape(x)}: "
                        "проверьте его числа и порядок слоёв.",
                    )
    finally:
        model.train(was_training)
    if x.ndim != 2 or x.shape[1] != n_classes:
        return Verdict(
            False,
            f"На выходе должно быть {n_classes} чисел — по одному на класс, а получилось "
            f"{_shape(x)}. Последний слой — nn.Linear(..., {n_classes}).",
        )
    params = sum(p.numel() for p in model.parameters())
    return Verdict(
        True,
        f"{KINDS[kind].capitalize()} собрана правильно: на выходе {n_classes} чисел, "
        f"параметров {fmt.integer(params)}.",
    )
