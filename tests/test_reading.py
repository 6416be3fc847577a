"""Время чтения сути страницы: что считается, а что нет."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sitebuild.lesson.course import lessons
from sitebuild.lesson.reading import (
    CORE_WORDS,
    LESSON_MINUTES,
    WORDS_PER_MINUTE,
    ReadingTime,
    core_words,
    planned_minutes,
    reading_table,
    reading_times,
)

from lessonlib.lessons.lesson01.findings import CLAIMS_PAGE
from lessonlib.trainer import trainer

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _notebook() -> dict:
    return {
        "cells": [
            {"cell_type": "markdown", "source": ["# Заголовок страницы\n", "Два слова."]},
            {
                "cell_type": "markdown",
                "source": "<details>\n<summary>Подробнее</summary>\n\nсто слов тут\n</details>",
            },
            {
                "cell_type": "code",
                "source": "print('код не считается')",
                "metadata": {},
                "outputs": [
                    {"name": "stdout", "text": ["точность 95,3 %\n"]},
                    {"data": {"text/markdown": "* вывод [ссылка](a.html) $x^2$\n$$\\frac{a}{b}$$"}},
                    {
                        "data": {
                            "text/markdown": "<details><summary>Подробнее</summary>x y</details>"
                        }
                    },
                    {"data": {"text/markdown": str(trainer("conv-stepper", "Нужен JavaScript."))}},
                ],
            },
            {
                "cell_type": "code",
                "source": "answer('…')",
                "metadata": {"tags": ["remove_input"]},
                "outputs": [{"data": {"text/markdown": "спрятанный ответ из пяти слов"}}],
            },
        ]
    }


def test_core_words_skip_code_details_trainers_links_and_math() -> None:
    # «Заголовок страницы Два слова» (4) + «точность 95,3» (3) + «вывод ссылка» (2).
    assert core_words(_notebook()) == 4 + 3 + 2


def test_reading_times_and_table(tmp_path) -> None:
    (tmp_path / "plot_01_a.ipynb").write_text(json.dumps(_notebook()), encoding="utf-8")
    rows = reading_times(tmp_path, {"plot_01_a": 2.0})
    assert rows == [ReadingTime("plot_01_a", "Заголовок страницы", 9, 2.0)]
    assert rows[0].minutes == 9 / WORDS_PER_MINUTE
    table = reading_table([*rows, ReadingTime("plot_02_b", "Б", 300, None)])
    assert "| Заголовок страницы | 9 | 0,1\u00a0мин | 2,0\u00a0мин |" in table
    assert "| Б | 300 | 2,5\u00a0мин | — |" in table


@pytest.mark.parametrize("lesson", [lesson.name for lesson in lessons()])
def test_every_lesson_page_core_reads_within_its_planned_minutes(lesson: str) -> None:
    """Суть каждой выполненной страницы читается не дольше, чем план даёт её шагу;
    без плана — только страница проверок утверждений (её читают дома)."""
    rows = reading_times(DOCS / lesson, planned_minutes(lesson))
    if not rows:
        pytest.skip("Блокнотов ещё нет: запустите python -m sitebuild.runner.gallery")
    unplanned = [row.page for row in rows if row.planned is None]
    assert set(unplanned) <= {Path(CLAIMS_PAGE).stem}
    slow = [
        f"{row.title}: {row.minutes:.1f} мин > {row.planned:.1f} мин ({row.words} слов)"
        for row in rows
        if row.planned is not None and row.minutes > row.planned
    ]
    assert not slow, "суть читается дольше плана:\n" + "\n".join(slow)


def _lesson_rows(lesson: str) -> list[ReadingTime]:
    rows = reading_times(DOCS / lesson, planned_minutes(lesson))
    if not rows:
        pytest.skip("Блокнотов ещё нет: запустите python -m sitebuild.runner.gallery")
    return [row for row in rows if row.page != Path(CLAIMS_PAGE).stem]


@pytest.mark.parametrize("lesson", [lesson.name for lesson in lessons()])
def test_every_lesson_page_has_a_short_core(lesson: str) -> None:
    """Суть каждой страницы каждого урока — не больше CORE_WORDS слов: остальное
    в «Подробнее»."""
    rows = _lesson_rows(lesson)
    long = [f"{row.title}: {row.words} слов" for row in rows if row.words > CORE_WORDS]
    assert not long, f"суть длиннее {CORE_WORDS} слов:\n" + "\n".join(long)


@pytest.mark.parametrize("lesson", [lesson.name for lesson in lessons()])
def test_lesson_core_reads_within_the_lesson_budget(lesson: str) -> None:
    """Суть всех страниц каждого урока (без страницы подробностей опытов) — не дольше
    LESSON_MINUTES минут при WORDS_PER_MINUTE словах в минуту."""
    rows = _lesson_rows(lesson)
    total = sum(row.minutes for row in rows)
    assert total <= LESSON_MINUTES, f"{total:.1f} мин ({sum(r.words for r in rows)} слов)"
