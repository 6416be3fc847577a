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
from sitebuild.lesson.lesson_plan import (
    PlanSlide,
    Show,
    Stage,
    Step,
    Timing,
    lesson_plan,
    read_plan,
    word_count,
)
from sitebuild.lesson.lessontext import LessonTextError
from sitebuild.runner.slide_figures import lesson_figures

from lessonlib.fmt import minutes as minutes_text
from lessonlib.lessons.lesson01.findings import CLAIMS_PAGE

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
        parts += [stage.title, stage.comment]
        for step in stage.steps:
            parts += [step.title, step.comment]
        for spec in stage.all_slides:
            parts += [spec.title, spec.say, *spec.show.text, spec.show.does]
            if spec.show.figure:
                parts.append(spec.show.figure.caption)
    return " ".join(parts).replace("\u00a0", " ")


def test_stages_follow_the_seed_and_their_slides_fill_them_within_a_minute():
    plan = lesson_plan(LESSON)
    assert [s.planned for s in plan.stages] == [minutes for _, minutes in SEED_STAGES]
    for stage, (title, minutes) in zip(plan.stages, SEED_STAGES, strict=True):
        assert stage.title.startswith(title)
        # Время этапа посчитано по его слайдам (речь, вопросы, задания), а не назначено.
        assert abs(stage.minutes - minutes) <= 1, (stage.title, stage.minutes)
    assert plan.total_minutes == 70 and abs(plan.timed_minutes - 70) <= 1


def test_slide_time_is_speech_plus_question_pause_plus_class_activity():
    plan = lesson_plan(LESSON)
    timing = plan.timing
    assert 100 <= timing.speech_rate <= 130  # педагог объясняет, а не читает
    for stage in plan.stages:
        for spec in stage.all_slides:
            expected = word_count([spec.say]) / timing.speech_rate + spec.show.minutes
            if spec.ask:
                expected += spec.ask.minutes or timing.question_pause
            assert spec.minutes == pytest.approx(expected), spec.title
        core = sum(s.minutes for s in stage.all_slides if not s.optional)
        assert stage.minutes == pytest.approx(core)
    assert word_count(["Фильтр — это матрица 3×3, ядро."]) == 6


def test_schedule_is_contiguous_and_steps_fill_the_new_material_stage():
    plan = lesson_plan(LESSON)
    schedule = plan.schedule()
    assert schedule[0][1] == 0 and schedule[-1][2] == pytest.approx(plan.timed_minutes)
    for (_, _, end), (_, start, _) in itertools.pairwise(schedule):
        assert start == end
    new = plan.stage("new_material")
    steps = plan.step_schedule()
    assert sum(step.minutes for step in new.steps) == pytest.approx(new.minutes)
    assert steps[0][1] == next(a for s, a, _ in schedule if s is new)
    assert steps[-1][2] == pytest.approx(next(b for s, _, b in schedule if s is new))


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
    assert "m — размер карты активации" in text


def _slide(**changes):
    base = {"title": "Слайд", "show": Show(), "say": "Раз два три четыре пять."}
    return PlanSlide(**(base | changes))


def test_bad_slides_and_timings_are_rejected_in_russian():
    timing = Timing(speech_rate=120, question_pause=1.0)
    slide = _slide(show=Show(task=1, does="Считают.", minutes=5.0)).timed(timing)
    step = Step("a", "Шаг", ("plot_01_convolution",), (slide,))
    with pytest.raises(ValueError, match="по расчёту"):
        Stage("x", "Этап", 9, "", steps=(step,))
    Stage("x", "Этап", 5, "", steps=(step,))  # 5 мин 3 с — в пределах минуты
    with pytest.raises(ValueError, match="say"):
        _slide(say=" ")
    with pytest.raises(ValueError, match="does"):
        Show(trainer="Пошаговая свёртка", minutes=2.0)
    with pytest.raises(ValueError, match="одно главное"):
        Show(formula=True, page="plot_08_conv_as_matmul")
    optional = _slide(optional=True).timed(timing)
    with pytest.raises(ValueError, match="основного"):
        Step("a", "Шаг", ("plot_01_convolution",), (optional,))


def test_a_bad_plan_file_names_the_field(tmp_path):
    import yaml

    source = ROOT / "lessons" / "lesson01" / "plan.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    del data["stages"][0]["slides"][0]["say"]
    lesson = tmp_path / "lesson01"
    lesson.mkdir()
    for name in ("exercises.yaml", "values.py"):
        (lesson / name).write_bytes((source.parent / name).read_bytes())
    (lesson / "plan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LessonTextError, match=r"stages\[0\].*slides\[0\].*'say'"):
        read_plan(lesson / "plan.yaml", "lesson01")


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
    drawn = set(lesson_figures(LESSON).slide_only)  # их рисует сборка слайдов
    missing = [
        f"{f.name}.{f.ext} ({step.title})"
        for step in lesson_plan(LESSON).stage("new_material").steps
        if set(step.pages) <= executed  # страницы выполнены — их рисунки должны быть
        for f in step.figures
        if f"{f.name}.{f.ext}" not in built and f.name not in drawn
    ]
    assert not missing, f"рисунков нет в docs/lesson01/figures: {missing}"


def test_plan_page_in_the_site(site_dir):
    lesson = course.lessons()[0]  # карта первого урока курса; у каждого урока — своя
    path = site_dir / lesson.name / "teacher" / "plan.html"
    page = html.unescape(path.read_text(encoding="utf-8"))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace("\u00a0", " ")
    plan = lesson_plan(lesson.name)
    for stage in plan.stages:
        assert f"{stage.title} — {stage.planned} мин" in text
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


def test_every_step_has_slides_and_a_deepening():
    for step in lesson_plan(LESSON).stage("new_material").steps:
        assert step.deepening and any(not s.optional for s in step.slides), step.title


def _all_claims():
    from lessonlib.lessons.lesson01.findings import cnn_vs_fc_topic, prototype_topic
    from lessonlib.lessons.lesson01.realnet import real_network_topic

    topics = (prototype_topic(), real_network_topic(), cnn_vs_fc_topic())
    return {c.claim: c for topic in topics for c in topic.claims}


@pytest.mark.slow  # считает выводы всех опытов урока
def test_every_verdict_the_plan_and_slides_print_is_the_finding_of_the_pages():
    claims = _all_claims()
    text = plan_text()
    said = re.findall(r"«([^»]+)» — (не подтвердилось|подтвердилось)", text)
    assert len(said) >= 6
    for claim, verdict in said:
        assert claim in claims, claim
        assert (verdict == "подтвердилось") == claims[claim].held, claim
        assert claims[claim].finding in text or claim in text
    # Кошачья история: о голове кошки карта говорит только так, как показала проверка.
    deep = next(c for c in claims.values() if c.key == "cat_map")
    assert deep.held or "голов" not in text.lower()


def test_plan_retells_what_the_experiments_measured():
    from lessonlib.fmt import integer, percent
    from lessonlib.lessons.lesson01.realnet import empty_shares, real_network_topic

    plan = lesson_plan(LESSON)
    steps = {s.key: s for s in plan.stage("new_material").steps}

    def said(key: str) -> str:
        return " ".join(spec.say for spec in steps[key].slides)

    prototype = said("prototype")
    assert "наоборот" not in prototype
    near = empty_shares()["chelsea"]
    assert ", ".join(percent(v, 0) for v in near) in said("filter_patterns")
    face_parts = real_network_topic().claim("face_parts").finding
    assert "SqueezeNet" in said("hierarchy") and face_parts in said("hierarchy")
    problem = said("parameter_problem")
    side = 100 - 5 * (3 - 1)  # пять свёрток 3×3 без рамки
    inputs = side * side * 5
    assert f"{integer(inputs)} чисел" in problem
    assert f"{integer(inputs * 128)} весов" in problem


def test_no_maintainer_talk_in_the_plan():
    text = plan_text().lower()
    for phrase in (
        "авторов сайта",
        "авторы сайта",
        "исходной карте",
        "исходный план",
        "не задан",
        ".html",
    ):
        assert phrase not in text, phrase
