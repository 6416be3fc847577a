"""Файлы текста урока: плохой файл отвергается по-русски с именем файла, записи и ожидания.

Каждый тест берёт настоящий файл урока, портит в нём одно место и проверяет сообщение.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from sitebuild.lesson import lessontext
from sitebuild.lesson.exercises import read_exercises
from sitebuild.lesson.glossary import read_terms
from sitebuild.lesson.lesson_plan import lesson_plan, read_plan
from sitebuild.lesson.lessontext import LessonTextError

LESSON = lessontext.LESSONS_DIR / "lesson01"
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


@pytest.fixture
def copy(tmp_path) -> Path:
    """Копия папки урока (тексты и values.py), которую тест может портить."""
    target = tmp_path / "lesson01"
    shutil.copytree(LESSON, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def save(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def rejected(call, *parts: str) -> str:
    with pytest.raises(LessonTextError) as info:
        call()
    message = str(info.value)
    assert CYRILLIC.search(message), message
    for part in parts:
        assert part in message, message
    return message


def test_lesson_files_load_and_add_up():
    plan = lesson_plan("lesson01")
    assert plan.total_minutes == 70
    new = plan.stage("new_material")
    assert new.planned == 45 and abs(new.minutes - 45) <= 1
    assert sum(s.minutes for s in new.steps) == pytest.approx(new.minutes)
    assert "lesson01" in lessontext.lesson_names()


def test_missing_stage_duration(copy):
    data = load(copy / "plan.yaml")
    del data["stages"][1]["minutes"]
    save(copy / "plan.yaml", data)
    rejected(
        lambda: read_plan(copy / "plan.yaml", "lesson01"),
        "plan.yaml",
        "stages[1]",
        "'minutes'",
        "положительное целое число минут",
    )


def test_bad_question_pause_names_the_slide(copy):
    data = load(copy / "plan.yaml")
    data["stages"][2]["steps"][0]["slides"][0]["ask"]["minutes"] = "шесть"
    save(copy / "plan.yaml", data)
    rejected(
        lambda: read_plan(copy / "plan.yaml", "lesson01"),
        "stages[2].steps[0].slides[0].ask.minutes",
        "'шесть'",
    )


def test_slides_must_fill_their_stage(copy):
    data = load(copy / "plan.yaml")
    task = next(s for s in data["stages"][2]["steps"][0]["slides"] if "task" in s["show"])
    task["show"]["minutes"] += 5
    save(copy / "plan.yaml", data)
    rejected(
        lambda: read_plan(copy / "plan.yaml", "lesson01"),
        "stages[2] (new_material)",
        "по расчёту",
        "45\u00a0мин",
    )


def test_stages_must_fill_the_lesson(copy):
    data = load(copy / "plan.yaml")
    data["duration"] = 80
    save(copy / "plan.yaml", data)
    rejected(lambda: read_plan(copy / "plan.yaml", "lesson01"), "duration", "70\u00a0мин")


def test_homework_names_an_existing_exercise(copy):
    data = load(copy / "plan.yaml")
    data["homework"].append("no_such_exercise")
    save(copy / "plan.yaml", data)
    rejected(lambda: read_plan(copy / "plan.yaml", "lesson01"), "homework[", "'no_such_exercise'")


def test_exercise_without_answer(copy):
    data = load(copy / "exercises.yaml")
    del data["exercises"][3]["answer"]
    save(copy / "exercises.yaml", data)
    rejected(
        lambda: read_exercises(copy / "exercises.yaml", "lesson01"),
        "exercises.yaml",
        "exercises[3]",
        "'answer'",
        "непустой текст",
    )


def test_exercise_with_unknown_level_and_page(copy):
    data = load(copy / "exercises.yaml")
    data["exercises"][0]["level"] = 4
    save(copy / "exercises.yaml", data)
    rejected(
        lambda: read_exercises(copy / "exercises.yaml", "lesson01"),
        "exercises[0] (window_by_hand).level",
        "[1, 2, 3]",
    )
    data["exercises"][0]["level"] = 1
    data["exercises"][0]["page"] = "plot_99_nothing"
    save(copy / "exercises.yaml", data)
    rejected(
        lambda: read_exercises(copy / "exercises.yaml", "lesson01"),
        "exercises[0] (window_by_hand).page",
        "'plot_99_nothing'",
        "plot_01_convolution",
    )


def test_unknown_name_in_a_template(copy):
    data = load(copy / "exercises.yaml")
    data["exercises"][0]["answer"] = "**{{ totl | integer }}**"
    save(copy / "exercises.yaml", data)
    message = rejected(
        lambda: read_exercises(copy / "exercises.yaml", "lesson01"),
        "exercises[0] (window_by_hand).answer",
        "totl",
    )
    assert "step" in message  # и какие имена есть


def test_glossary_link_to_no_term(copy):
    data = load(copy / "glossary.yaml")
    data["terms"][1]["definition"] += " См. [свёртку](#svertka) и [пулинг](#puling-net)."
    save(copy / "glossary.yaml", data)
    rejected(
        lambda: read_terms(copy / "glossary.yaml", "lesson01"),
        "glossary.yaml",
        "terms[1] (filtr)",
        "#puling-net",
    )


def test_glossary_unknown_field_and_repeated_key(copy):
    data = load(copy / "glossary.yaml")
    data["terms"][0]["synonyms"] = ["ядро"]
    save(copy / "glossary.yaml", data)
    rejected(lambda: read_terms(copy / "glossary.yaml", "lesson01"), "'synonyms'", "rejected")
    del data["terms"][0]["synonyms"]
    data["terms"][2]["key"] = data["terms"][0]["key"]
    save(copy / "glossary.yaml", data)
    rejected(lambda: read_terms(copy / "glossary.yaml", "lesson01"), "terms[2]", "'svertka'")


def test_not_yaml_names_the_line(copy):
    (copy / "glossary.yaml").write_text("terms:\n  - key: [oops\n", encoding="utf-8")
    rejected(lambda: read_terms(copy / "glossary.yaml", "lesson01"), "glossary.yaml", "строка")


def test_unknown_lesson():
    rejected(lambda: lesson_plan("lesson99"), "'lesson99'", "lesson01")


VALUES = """
from pathlib import Path


def plan():
    with Path({calls!r}).open("a") as log:
        log.write("x")
    return {{"number": {number}}}
"""


def test_values_are_cached_until_values_py_changes(tmp_path, monkeypatch):
    # Кэш чисел values.py — по отпечатку файла: без правок функция не вызывается заново
    # (и в новом процессе), после правки — вызывается.
    monkeypatch.setattr(lessontext, "VALUES_CACHE", tmp_path / "cache")
    lesson, calls = tmp_path / "lesson99", tmp_path / "calls.txt"
    lesson.mkdir()
    values = lesson / "values.py"
    values.write_text(VALUES.format(calls=str(calls), number=7), encoding="utf-8")
    src = lessontext.Source(values)
    assert lessontext.computed(lesson, "plan", src) == {"number": 7}
    lessontext._cached_values.cache_clear()  # как в новом процессе: только файл кэша
    assert lessontext.computed(lesson, "plan", src) == {"number": 7}
    assert calls.read_text() == "x"
    values.write_text(VALUES.format(calls=str(calls), number=1234), encoding="utf-8")
    assert lessontext.computed(lesson, "plan", src) == {"number": 1234}
    assert calls.read_text() == "xx"
    assert lessontext.computed(lesson, "no_such_function", src) == {}
