"""Ответы к вопросам «Проверь себя», спрятанные под раскрывающийся блок.

Числа в ответах считает ``lessonlib`` прямо в ячейке страницы, поэтому ответ
всегда совпадает с тем, что показывают рисунки.
"""

from __future__ import annotations

from dataclasses import dataclass


def details_html(summary: str, text: str) -> str:
    """Раскрывающийся блок, закрытый, пока его не откроют. Пустые строки вокруг текста
    нужны, чтобы Markdown внутри ``<details>`` тоже разобрался."""
    return f"<details>\n<summary>{summary}</summary>\n\n{text}\n\n</details>\n"


@dataclass(frozen=True, repr=False)
class Answer:
    """Скрытый ответ; блокнот показывает его как Markdown-блок «Ответ»."""

    text: str
    summary: str = "Ответ"

    def _repr_markdown_(self) -> str:
        return details_html(self.summary, self.text)

    def __str__(self) -> str:
        return f"{self.summary}: {self.text}"

    __repr__ = __str__


def answer(text: str, summary: str = "Ответ") -> Answer:
    """Спрятанный ответ: оставьте его последним выражением ячейки.

    >>> str(answer("26×26"))
    'Ответ: 26×26'
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text: ожидался непустой текст ответа, получено {text!r}")
    return Answer(text=text, summary=summary)
