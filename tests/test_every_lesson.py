"""Проверки, которые проходят по каждому уроку курса, а не только по первому: слайды,
страницы урока и их PDF так, как их видит педагог накануне урока."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from sitebuild.classroom import slides
from sitebuild.lesson import course
from sitebuild.lesson.lesson_plan import Show, lesson_plan

ROOT = Path(__file__).resolve().parent.parent
LESSONS = [lesson.name for lesson in course.lessons()]
SCRIPTS = sorted((ROOT / "gallery").glob("lesson*/plot_*.py"))


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_class_activity_on_a_slide_shows_the_minutes_of_the_plan(lesson):
    shown = 0
    for slide in slides.deck(lesson_plan(lesson)):
        if not slide.does:
            continue
        minutes = slide.source.show.minutes
        assert minutes > 0 and slide.activity_minutes == minutes, slide.title
        assert slide.activity_label == slides.duration(minutes), slide.title
        assert slide.notes[-1].startswith(f"Класс ({slide.activity_label})"), slide.title
        shown += 1
    assert shown


def test_a_class_activity_without_minutes_is_rejected_naming_the_field():
    with pytest.raises(ValueError, match=r"show\.minutes"):
        Show(page="plot_01_a", does="Работают в блокноте.")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_check_yourself_is_the_last_section_and_holds_every_question(script):
    """Страница урока: цели → ядро → «Проверь себя» в конце, все вопросы — в этом разделе."""
    lines = script.read_text(encoding="utf-8").splitlines()
    headings = [
        (k, line[2:])
        for k, (line, under) in enumerate(itertools.pairwise(lines))
        if line.startswith("# ") and re.fullmatch(r"# -{3,}", under) and len(under) == len(line)
    ]
    questions = [k for k, line in enumerate(lines) if re.match(r"# \*\*\d+\.\*\*", line)]
    if not questions:  # страница без вопросов (подробности для любопытных)
        return
    assert headings[-1][1] == "Проверь себя", [title for _, title in headings[-3:]]
    assert min(questions) > headings[-1][0]
