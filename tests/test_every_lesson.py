"""Проверки, которые проходят по каждому уроку курса, а не только по первому: слайды,
страницы урока и их PDF так, как их видит педагог накануне урока."""

from __future__ import annotations

import pytest
from sitebuild.classroom import slides
from sitebuild.lesson import course
from sitebuild.lesson.lesson_plan import Show, lesson_plan

LESSONS = [lesson.name for lesson in course.lessons()]


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
