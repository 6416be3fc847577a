"""Сколько минут читается суть каждой страницы урока — и сколько на неё даёт план.

Суть — то, что ученик видит открытым: текст ячеек Markdown и то, что печатают ячейки
кода. Не считаются код, раскрывающиеся блоки («Подробнее», ответы «Проверь себя») и
разметка. Скорость чтения — :data:`WORDS_PER_MINUTE` слов в минуту; суть страницы — не
больше :data:`CORE_WORDS` слов, суть всего урока — не дольше :data:`LESSON_MINUTES` минут.

Запуск после прогона галереи::

    python -m sitebuild.lesson.reading docs/lesson01

Функцию :func:`reading_table` может показать и страница педагога (макрос).
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

WORDS_PER_MINUTE: Final = 120
"""Скорость чтения пятнадцатилетнего ученика, который вникает в текст (не пробегает его)."""
CORE_WORDS: Final = 250
"""Суть одной страницы урока — не больше стольких слов."""
LESSON_MINUTES: Final = 35
"""Суть всех страниц урока (кроме страницы подробностей опытов) читается за столько минут:
из 45 минут этапа остаётся время на слайды, тренажёры и задания."""

_DETAILS = re.compile(r"<details\b.*?</details>", re.DOTALL | re.IGNORECASE)
# Тренажёр: его текст для читателя без JavaScript виден, только когда тренажёра нет.
_TRAINER = re.compile(r"<div class=\"cnn-widget\".*?</div>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.DOTALL)
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+(?:[-’'][A-Za-zА-Яа-яЁё0-9]+)*")


def visible_text(markdown: str) -> str:
    """Текст, который читает ученик: без раскрывающихся блоков, тренажёров, тегов, адресов
    ссылок и формул (формула — не слова, её читают глазами отдельно)."""
    text = _TRAINER.sub(" ", _DETAILS.sub(" ", markdown))
    text = _LINK_TARGET.sub("]", text)
    text = _MATH.sub(" ", text)
    return _TAG.sub(" ", text)


def count_words(text: str) -> int:
    """Число слов (числа тоже слова: «28×28» — два)."""
    return len(_WORD.findall(text))


def _joined(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def core_words(notebook: Mapping) -> int:
    """Слова сути страницы в блокноте nbformat 4 (словарь из JSON)."""
    parts = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            parts.append(_joined(cell.get("source", "")))
            continue
        if "remove_input" in cell.get("metadata", {}).get("tags", []):
            continue  # ячейки ответов: ответ спрятан, вопрос — в тексте выше
        for output in cell.get("outputs", []):
            if output.get("name") == "stdout":
                parts.append(_joined(output.get("text", "")))
            data = output.get("data", {})
            if "text/markdown" in data:
                parts.append(_joined(data["text/markdown"]))
    return count_words(visible_text("\n".join(parts)))


@dataclass(frozen=True)
class ReadingTime:
    """Страница урока: слова сути, минуты чтения и минуты по плану (``None`` — нет в плане)."""

    page: str
    title: str
    words: int
    planned: float | None

    @property
    def minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE


PAGE_MINUTES: Final = 4.0
"""Сколько минут чтения план даёт сути страницы урока. На уроке шаг ведут слайды (их время
считает технологическая карта), а страница целиком — углубление шага: её читают быстрые
ученики, пока класс решает задание, или дома; суть должна уложиться в эти минуты."""


def planned_minutes(lesson: str) -> dict[str, float]:
    """Минуты плана на чтение каждой страницы шагов урока (:data:`PAGE_MINUTES`)."""
    from sitebuild.lesson.lesson_plan import lesson_plan

    return {
        page: PAGE_MINUTES
        for stage in lesson_plan(lesson).stages
        for step in stage.steps
        for page in step.pages
    }


def reading_times(lesson_dir: Path, planned: Mapping[str, float]) -> list[ReadingTime]:
    """:class:`ReadingTime` каждого блокнота ``plot_*.ipynb`` папки урока по порядку имён."""
    rows = []
    for path in sorted(Path(lesson_dir).glob("plot_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        title = next(
            (
                line.lstrip("# ").strip()
                for cell in notebook["cells"]
                if cell["cell_type"] == "markdown"
                for line in _joined(cell["source"]).splitlines()
                if line.startswith("# ")
            ),
            path.stem,
        )
        rows.append(ReadingTime(path.stem, title, core_words(notebook), planned.get(path.stem)))
    return rows


def _minutes(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "\u00a0мин"


def reading_table(rows: list[ReadingTime]) -> str:
    """Таблица Markdown «страница — слов — читается — по плану»."""
    lines = [
        "| страница | слов в сути | читается | по плану |",
        "| --- | --- | --- | --- |",
    ]
    for row in rows:
        planned = _minutes(row.planned) if row.planned is not None else "—"
        lines.append(f"| {row.title} | {row.words} | {_minutes(row.minutes)} | {planned} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lesson_dir", type=Path, help="папка с выполненными блокнотами урока")
    args = parser.parse_args(argv)
    planned = planned_minutes(args.lesson_dir.name)  # папка урока в docs/ — его имя
    print(reading_table(reading_times(args.lesson_dir, planned)), end="")


if __name__ == "__main__":
    main()
