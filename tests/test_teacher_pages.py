"""Свои страницы педагога урока (``lessons/<урок>/teacher/*.md``): меню, ссылки, содержание.

Для практической работы (урок 3): «Частые ошибки» показывают ровно то, что печатает
проверка сети на неверных сетях из фактов урока; «Подготовка компьютерного класса» —
вывод ячейки «Цифры», тот же, что в выполненном блокноте страницы; критерии оценки карты
— на карте и на слайде.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from sitebuild.lesson import course
from sitebuild.lesson.lesson_plan import lesson_plan

from lessonlib.checks import check_model
from lessonlib.lessons.lesson03 import SOLVED, TYPICAL_ERRORS, build

ROOT = Path(__file__).resolve().parent.parent
_TAG = re.compile(r"<[^>]+>")


def _text(path: Path) -> str:
    """Текст страницы без тегов, пробелы схлопнуты (в коде и в абзацах)."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    return " ".join(html.unescape(_TAG.sub(" ", raw)).split())


def _squeezed(text: str) -> str:
    """Без тегов (подсветка кода режет строки на куски) и без пробелов: сравнить код."""
    return "".join(html.unescape(_TAG.sub("", text)).split())


def _html(site: Path, page: str) -> Path:
    return site / Path(page).with_suffix(".html")


def _teacher_pages() -> list[tuple[course.Lesson, course.TeacherPage]]:
    return [(lesson, page) for lesson in course.lessons() for page in lesson.teacher_pages()]


def test_lesson_teacher_pages_are_in_the_menu_and_linked_from_the_plan(site_dir: Path) -> None:
    found = _teacher_pages()
    assert {lesson.name for lesson, _ in found} >= {"lesson03"}
    for lesson, page in found:
        built = _html(site_dir, page.page)
        assert built.is_file(), page.page
        assert "<h1" in built.read_text(encoding="utf-8") and page.title in _text(built)
        plan = _html(site_dir, lesson.plan_page).read_text(encoding="utf-8")
        href = Path(page.page).with_suffix(".html").name
        assert f'href="{href}"' in plan, f"карта {lesson.name} не ссылается на {href}"
        index = (site_dir / "index.html").read_text(encoding="utf-8")
        assert f'href="{Path(page.page).with_suffix(".html").as_posix()}"' in index  # меню
        assert f"Урок {lesson.number}: {page.title}" in _text(site_dir / "index.html")


def test_a_teacher_page_needs_a_plain_title_and_its_own_name(tmp_path: Path) -> None:
    lesson = course.get("lesson03")
    folder = tmp_path / lesson.name / course.TEACHER
    folder.mkdir(parents=True)
    (folder / "a.md").write_text("# Своя страница\n", encoding="utf-8")
    (pages,) = [lesson.teacher_pages(tmp_path)]
    assert [(p.title, p.page) for p in pages] == [("Своя страница", "lesson03/teacher/a.md")]
    (folder / "b.md").write_text("Текст без заголовка\n", encoding="utf-8")
    with pytest.raises(Exception, match="заголовок"):
        lesson.teacher_pages(tmp_path)
    (folder / "b.md").unlink()
    (folder / "plan.md").write_text("# Карта\n", encoding="utf-8")
    with pytest.raises(Exception, match="уже есть у каждого урока"):
        lesson.teacher_pages(tmp_path)


def test_error_page_shows_what_the_check_really_prints(site_dir: Path) -> None:
    page = site_dir / "lesson03" / "teacher" / "troubleshooting.html"
    text, code = _text(page), _squeezed(page.read_text(encoding="utf-8"))
    assert len(TYPICAL_ERRORS) >= 5
    for error in TYPICAL_ERRORS:
        verdict = check_model(error.model(), "cnn")
        assert not verdict.ok
        assert " ".join(repr(verdict).split()) in text, error.key
        assert _squeezed(error.code) in code, error.key
        assert error.title in text and error.fix in text
    assert _squeezed(SOLVED) in code and check_model(build(SOLVED), "cnn").ok


def test_lab_page_shows_what_the_digits_cell_prints_on_the_page(site_dir: Path) -> None:
    """Вывод ячейки «Цифры» на странице педагога — тот же, что в выполненном блокноте."""
    cells = json.loads((ROOT / "docs" / "lesson03" / "plot_01_own_cnn.ipynb").read_text("utf-8"))
    printed = [
        "".join(o["text"])
        for c in cells["cells"]
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
        if o.get("name") == "stdout"
    ]
    text = _text(site_dir / "lesson03" / "teacher" / "lab-setup.html")
    assert " ".join(printed[0].split()) in text
    assert "обучение" in printed[0]


def test_assessment_criteria_are_on_the_plan_and_on_the_slide(site_dir: Path) -> None:
    plan = lesson_plan("lesson03")
    assert [c[:3] for c in plan.assessment] == ["«3»", "«4»", "«5»"]
    lesson = course.get("lesson03")
    page = _text(_html(site_dir, lesson.plan_page))
    slides = " ".join(_text(p) for p in sorted((site_dir / lesson.deck_dir).rglob("*.html")))
    for criterion in plan.assessment:
        assert " ".join(criterion.split()) in page
        assert " ".join(criterion.split()) in slides
    organization = next(s for s in plan.stages if s.key == "organization")
    assert "lab-setup.md" in organization.comment  # карта отсылает к чек-листу, не повторяет его
    assert "--no-index" not in organization.comment
