"""Числа результатов по-русски и таблицы Markdown для страниц.

Страницы печатают точности и времена только через эти функции: десятичная запятая,
настоящий минус, неразрывный пробел перед «%» и «с».
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Markdown", "accuracy", "decimal", "percent", "seconds", "table"]

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
