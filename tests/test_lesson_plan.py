"""Технологическая карта: факты исходного плана урока, время, шаги, страница сайта."""

from __future__ import annotations

import html
import itertools
import re
from pathlib import Path

import pytest
from conftest import nav_entries
from sitebuild.lesson import course
from sitebuild.lesson.exercises import exercises
from sitebuild.lesson.lesson_plan import Stage, Step, lesson_plan

from lessonlib.findings import CLAIMS_PAGE
from lessonlib.fmt import minutes as minutes_text

ROOT = Path(__file__).resolve().parent.parent
LESSON = "lesson01"  # карта урока 1: проверки её текста

# Этапы и минуты из исходной технологической карты (seed): независимая опора для проверки.
SEED_STAGES = [
    ("Организационный этап", 5),
    ("Постановка цели и задач", 7),
    ("Изучение нового материала", 45),
    ("Подведение итогов", 8),
    ("Информация о домашнем задании", 5),
]
SEED_RESOURCES = [
    "https://habr.com/ru/post/309508/",
    "https://www.helenkapatsa.ru/sviortochnaia-nieironnaia-siet/",
    "https://habr.com/ru/company/skillfactory/blog/565232/",
]
# Числа, которые урок называет вслух: пример свёртки, размеры карт, 90×90×5 = 40 500.
SEED_NUMBERS = ["29", "−192", "−35", "−22", "2×2", "26×26", "24×24", "30×30", "27×27", "5×5"]


def plan_text() -> str:
    plan = lesson_plan(LESSON)
    parts = [plan.annotation, *plan.goal, *plan.tasks]
    for stage in plan.stages:
        parts += [stage.title, *stage.activity, stage.comment]
        for step in stage.steps:
            parts += [step.title, *step.activity, step.comment]
            parts += [f.caption for f in step.figures]
    return " ".join(parts).replace("\u00a0", " ")


def test_stages_and_minutes_follow_the_seed():
    plan = lesson_plan(LESSON)
    assert [s.minutes for s in plan.stages] == [minutes for _, minutes in SEED_STAGES]
    for stage, (title, _) in zip(plan.stages, SEED_STAGES, strict=True):
        assert stage.title.startswith(title)
    assert plan.total_minutes == 70


def test_schedule_is_contiguous_and_steps_fill_the_new_material_stage():
    plan = lesson_plan(LESSON)
    schedule = plan.schedule()
    assert schedule[0][1] == 0 and schedule[-1][2] == plan.total_minutes
    for (_, _, end), (_, start, _) in itertools.pairwise(schedule):
        assert start == end
    new = plan.stage("new_material")
    steps = plan.step_schedule()
    assert sum(step.minutes for step in new.steps) == new.minutes == 45
    assert steps[0][1] == next(a for s, a, _ in schedule if s is new)
    assert steps[-1][2] == next(b for s, _, b in schedule if s is new)


def test_steps_cover_every_lesson_page_once_in_lesson_order():
    pages = [p for step in lesson_plan(LESSON).stage("new_material").steps for p in step.pages]
    lesson_nav = [
        Path(e).stem for e in nav_entries() if re.match(r"lesson01/plot_\d+_.*\.ipynb$", e)
    ]
    # Последняя страница — проверки утверждений урока для любопытных, не шаг урока.
    assert lesson_nav[-1] == Path(CLAIMS_PAGE).stem
    assert pages == lesson_nav[:-1]
    assert len(pages) == 15


def test_issue_topics_are_all_steps():
    titles = " ".join(s.title.lower() for s in lesson_plan(LESSON).stage("new_material").steps)
    for topic in (
        "свёртк",
        "размер карты",
        "цветн",
        "собел",
        "прототип",
        "обучаем",
        "многослойн",
        "иерархи",
        "рецептивн",
        "преимуществ",
        "параметров",
    ):
        assert topic in titles, topic


def test_plan_keeps_the_seed_numbers():
    text = plan_text()
    for number in SEED_NUMBERS:
        assert number in text, number
    assert "40 500" in text
    assert "$m = i - f + 1$" in text


def test_mismatched_steps_are_rejected():
    step = Step("a", "Шаг", 3, ("plot_01_convolution",), (), ("Текст",))
    with pytest.raises(ValueError, match="шаги этапа"):
        Stage("x", "Этап", 5, ("Текст",), (), "", steps=(step,))
    with pytest.raises(ValueError, match="minutes"):
        Step("a", "Шаг", 0, ("plot_01_convolution",), (), ())


def test_reflection_homework_and_resources():
    plan = lesson_plan(LESSON)
    assert len(plan.reflection) == 4
    keys = {e.key for e in exercises(LESSON)}
    assert plan.homework and set(plan.homework) <= keys
    assert [r.url for r in plan.resources] == SEED_RESOURCES


def test_figures_named_by_the_plan_exist_once_the_gallery_ran():
    figures = ROOT / "docs" / "lesson01" / "figures"
    built = {p.name for p in figures.glob("*")} if figures.is_dir() else set()
    if not built:
        pytest.skip("Рисунков ещё нет: запустите python -m sitebuild.runner.gallery")
    executed = {p.stem for p in (ROOT / "docs" / "lesson01").glob("plot_*.ipynb")}
    missing = [
        f"{f.name}.{f.ext} ({step.title})"
        for step in lesson_plan(LESSON).stage("new_material").steps
        if set(step.pages) <= executed  # страницы выполнены — их рисунки должны быть
        for f in step.figures
        if f"{f.name}.{f.ext}" not in built
    ]
    assert not missing, f"рисунков нет в docs/lesson01/figures: {missing}"


def test_plan_page_in_the_site(site_dir):
    lesson = course.lessons()[0]  # карта первого урока курса; у каждого урока — своя
    path = site_dir / lesson.name / "teacher" / "plan.html"
    page = html.unescape(path.read_text(encoding="utf-8"))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace("\u00a0", " ")
    plan = lesson_plan(lesson.name)
    for stage in plan.stages:
        assert f"{stage.title} — {stage.minutes} мин" in text
    assert f"Итого {minutes_text(plan.total_minutes)}".replace("\u00a0", " ") in text
    for step in plan.stage("new_material").steps:
        assert step.title in text
        for name in step.pages:
            if (site_dir / lesson.name / f"{name}.html").exists():
                assert f'href="../{name}.html"' in page, name
    for question in plan.reflection:
        assert question in text
    for resource in plan.resources:
        assert f'href="{resource.url}"' in page
    # Каждый этап начинается на печати с нового листа (класс для print.css).
    assert page.count('class="plan-stage"') == len(plan.stages)


def test_every_step_has_a_core_path_that_fits_and_a_deepening():
    from sitebuild.lesson.lesson_plan import READING_SPEED, reading_minutes, word_count

    plan = lesson_plan(LESSON)
    for step in plan.stage("new_material").steps:
        assert step.tool.strip() and step.deepening, step.title
        assert "Проверь себя" in step.tool or "Тренажёр" in step.tool or "Калькулятор" in step.tool
        assert reading_minutes(step.core_text) <= step.minutes, step.title
    # Слова считаются как последовательности букв и цифр; 150 слов — минута.
    assert word_count(["Фильтр — это матрица 3×3, ядро."]) == 6
    assert reading_minutes(["слово"] * READING_SPEED) == 1


def test_plan_retells_what_the_experiments_measured():
    from lessonlib.experiments import scenes_experiment
    from lessonlib.fmt import integer, percent

    plan = lesson_plan(LESSON)
    steps = {s.key: s for s in plan.stage("new_material").steps}
    prototype = " ".join(steps["prototype"].activity)
    assert "наоборот" not in prototype and "страница 7" in prototype
    near = scenes_experiment().near_empty.mean(axis=0)
    patterns = " ".join(steps["filter_patterns"].activity)
    assert ", ".join(percent(v, 0) for v in near) in patterns
    assert "растёт с глубиной" not in " ".join(f.caption for f in steps["filter_patterns"].figures)
    hierarchy = " ".join(steps["hierarchy"].activity)
    assert "домика" in hierarchy and "исходный план" in hierarchy.lower()
    problem = " ".join(steps["parameter_problem"].activity)
    side = 100 - 5 * (3 - 1)  # пять свёрток 3×3 без рамки
    inputs = side * side * 5
    assert f"{integer(inputs)} чисел. Это число входов" in problem
    assert f"при 128 нейронах уже {integer(inputs * 128)}" in problem
    assert "нейронов (входов)" not in problem
