"""Текст Markdown из кода: блокнот показывает его отформатированным, сайт вставляет в страницы."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Markdown", "table"]


@dataclass(frozen=True)
class Markdown:
    """Текст Markdown, который блокнот показывает отформатированным."""

    text: str

    def _repr_markdown_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> Markdown:
    """Таблица Markdown из заголовка и строк; ячейки — готовый текст или числа."""
    if any(len(row) != len(header) for row in rows):
        raise ValueError("rows: в каждой строке должно быть столько ячеек, сколько в header")
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(" --- " for _ in header) + "|",
        *("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows),
    ]
    return Markdown("\n".join(lines) + "\n")
