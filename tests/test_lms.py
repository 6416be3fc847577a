"""Задания уроков в файлах Moodle (sitebuild.lms): файлы разбираются независимым
разбором (ElementTree для XML, свой разбор для GIFT), число вопросов и ответы сверяются
с ответами, которые посчитал код урока (поле ``value`` заданий)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from sitebuild.classroom import lms
from sitebuild.lesson import lessontext
from sitebuild.lesson.exercises import exercises

LESSONS = [
    name
    for name in lessontext.lesson_names()
    if (lessontext.LESSONS_DIR / name / "exercises.yaml").exists()
]
CYRILLIC = re.compile("[а-яё]", re.I)


def flat(table) -> list[float]:
    return [float(v) for row in table for v in row]


@pytest.mark.parametrize("lesson", LESSONS)
def test_moodle_xml_answers_are_the_computed_ones(lesson):
    quiz = ET.fromstring(lms.moodle_xml(lesson))
    questions = [q for q in quiz.findall("question") if q.get("type") != "category"]
    items = exercises(lesson)
    assert len(questions) == len(items)
    kinds = set()
    for q, ex in zip(questions, items, strict=True):
        kind = q.get("type")
        kinds.add(kind)
        assert ex.title in q.findtext("name/text")
        assert CYRILLIC.search(q.findtext("generalfeedback/text")), ex.key
        value = ex.value
        if kind == "numerical":
            (answer,) = q.findall("answer")
            assert float(answer.findtext("text")) == pytest.approx(value)
            assert float(answer.findtext("tolerance")) == lms.tolerance(value)
        elif kind == "multichoice":
            right = [a.findtext("text") for a in q.findall("answer") if a.get("fraction") == "100"]
            assert right == ["Да" if value else "Нет"]
        elif kind == "cloze":
            fields = re.findall(r"\{1:NUMERICAL:=([^:}]+):", q.findtext("questiontext/text"))
            assert [float(v) for v in fields] == flat(value)
        else:
            assert kind == "essay"
            assert CYRILLIC.search(q.findtext("graderinfo/text")), ex.key
        if isinstance(value, bool):
            assert kind == "multichoice"
        elif isinstance(value, int | float):
            assert kind == "numerical"
    assert "essay" in kinds or len(kinds) > 1


def gift_questions(text: str) -> list[tuple[str, str]]:
    """Вопросы GIFT: (название, блок ответа без скобок); комментарии и категория — мимо."""
    found = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if not line.startswith(("//", "$CATEGORY"))]
        if not lines:
            continue
        body = " ".join(lines)
        title = re.match(r"::(.*?)(?<!\\)::", body)
        answer = re.search(r"(?<!\\)\{(.*)(?<!\\)\}$", body)
        assert title and answer, body[:80]
        found.append((title.group(1).replace("\\", ""), answer.group(1)))
    return found


@pytest.mark.parametrize("lesson", LESSONS)
def test_gift_answers_are_the_computed_ones(lesson):
    questions = gift_questions(lms.gift(lesson))
    items = exercises(lesson)
    assert len(questions) == len(items)
    for (title, answer), ex in zip(questions, items, strict=True):
        assert ex.title in title
        general = answer.split("####", 1)[1]
        assert CYRILLIC.search(general), ex.key
        if isinstance(ex.value, bool):
            right = re.search(r"(?<!\\)=(\S+?)#", answer).group(1)
            assert right == ("Да" if ex.value else "Нет")
        elif isinstance(ex.value, int | float):
            number, tol = re.match(r"#=([^:]+):([^#]+)#", answer).groups()
            assert float(number) == pytest.approx(ex.value)
            assert float(tol) == lms.tolerance(ex.value)
        else:
            assert answer.startswith("####"), ex.key  # эссе: ответ — в общем отзыве


def test_bad_markup_is_escaped_in_gift():
    assert lms._gift_text("a = {b}\n\n~c: #d") == r"a \= \{b\} \~c\: \#d"


@pytest.mark.parametrize("lesson", LESSONS)
def test_site_offers_the_files_on_the_teacher_page(site_dir, lesson):
    for ext, make in lms.FORMATS.items():
        path = site_dir / lms.FOLDER / f"{lesson}.{ext}"
        assert path.read_text(encoding="utf-8") == make(lesson)
    page = (site_dir / "moodle.html").read_text(encoding="utf-8")
    assert f'href="{lms.FOLDER}/{lesson}.xml"' in page
    assert f'href="{lms.FOLDER}/{lesson}.gift"' in page
