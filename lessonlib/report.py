"""Числа результатов по-русски и таблицы Markdown для страниц.

Страницы печатают точности и времена только через эти функции: десятичная запятая,
настоящий минус, неразрывный пробел перед «%» и «с».
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch

from lessonlib.models import ConvNet, receptive_field_layers
from lessonlib.receptive_field import receptive_fields
from lessonlib.shapes import format_count

__all__ = [
    "Markdown",
    "accuracy",
    "conv_layers_table",
    "decimal",
    "percent",
    "seconds",
    "table",
]

_NBSP = "\u00a0"


@dataclass(frozen=True)
class Markdown:
    """Текст Markdown, который блокнот показывает отформатированным."""

    text: str

    def _repr_markdown_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def decimal(value: float, digits: int = 1) -> str:
    """Число с ``digits`` знаками после запятой: ``decimal(-0.25, 2) == '−0,25'``."""
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "−")


def percent(share: float, digits: int = 1) -> str:
    """Доля от 0 до 1 в процентах: ``percent(0.975) == '97,5 %'`` (с неразрывным пробелом)."""
    return f"{decimal(100 * share, digits)}{_NBSP}%"


def accuracy(mean: float, std: float | None = None, digits: int = 1) -> str:
    """Точность «среднее ± отклонение» в процентах: ``'97,5 ± 0,4 %'``."""
    if std is None:
        return percent(mean, digits)
    return f"{decimal(100 * mean, digits)} ± {decimal(100 * std, digits)}{_NBSP}%"


def seconds(value: float) -> str:
    """Время в секундах: ``seconds(12.34) == '12,3 с'``."""
    return f"{decimal(value, 1)}{_NBSP}с"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> Markdown:
    """Таблица Markdown из заголовка и строк (все ячейки — уже готовый текст)."""
    if any(len(row) != len(header) for row in rows):
        raise ValueError("rows: в каждой строке должно быть столько ячеек, сколько в header")
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(" --- " for _ in header) + "|",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]
    return Markdown("\n".join(lines) + "\n")


def conv_layers_table(model: ConvNet, image: torch.Tensor) -> Markdown:
    """Таблица свёрточных слоёв сети: фильтры, шаг, размер карты, поле, параметры.

    Размеры карт берутся из настоящего прохода картинки ``image`` ``(C, H, W)`` через
    сеть, рецептивные поля — из :func:`lessonlib.receptive_field.receptive_fields`.
    """
    layers = receptive_field_layers(model)
    with torch.no_grad():
        maps = model.activations(image[None])
    rows = []
    for k, (conv, layer, m, rf) in enumerate(
        zip(model.convs, layers, maps, receptive_fields(layers), strict=True)
    ):
        rows.append(
            [
                str(k + 1),
                str(conv.out_channels),
                f"{layer.kernel}×{layer.kernel}×{conv.in_channels}",
                str(layer.stride),
                f"{m.shape[-2]}×{m.shape[-1]}",
                f"{rf.size}×{rf.size}",
                format_count(sum(p.numel() for p in conv.parameters())),
            ]
        )
    header = ["слой", "фильтров", "фильтр", "шаг", "карта", "рецептивное поле", "параметров"]
    return table(header, rows)
