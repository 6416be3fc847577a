"""Глоссарий урока: русский термин, английский, определение в одну строку и страница,
где термин вводится.

Термины лежат в ``lessons/<урок>/glossary.yaml`` (их правит педагог) и читаются через
:mod:`sitebuild.lesson.lessontext`. У каждого термина постоянный латинский якорь ``key``:
страницы урока ссылаются на него как ``../glossary.html#<key>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sitebuild.lesson import lessontext
from sitebuild.lesson.lessontext import REQUIRED, Field, Source

__all__ = ["Term", "get_term", "read_terms", "sorted_terms", "terms"]


@dataclass(frozen=True)
class Term:
    """Термин глоссария.

    Attributes:
        key: якорь на странице глоссария (латиница, дефисы).
        ru: термин по-русски (с синонимами через «/»).
        en: английский термин.
        definition: определение одной строкой.
        page: страница урока ``plot_NN_name``, где термин вводится.
        note: уточнение (может быть пусто).
        rejected: слова, которыми этот термин на сайте не называют (основы слов).
    """

    key: str
    ru: str
    en: str
    definition: str
    page: str
    note: str = ""
    rejected: tuple[str, ...] = ()


FIELDS = (
    Field("key", "text", REQUIRED),
    Field("ru", "text", REQUIRED),
    Field("en", "text", REQUIRED),
    Field("definition", "text", REQUIRED),
    Field("page", "text", REQUIRED),
    Field("note", "text", ""),
    Field("rejected", "texts", ()),
)
FILE = Field("terms", "list", REQUIRED, item=FIELDS)


def read_terms(path: Path, lesson: str) -> tuple[Term, ...]:
    """Термины из файла ``path`` урока ``lesson``; плохой файл — :class:`LessonTextError`."""
    data = lessontext.check_record(lessontext.read_yaml(path), (FILE,), Source(path))
    result: list[Term] = []
    for k, entry in enumerate(data["terms"]):
        src = Source(path, f"terms[{k}] ({entry['key']})")
        if any(t.key == entry["key"] for t in result):
            raise src.error(f"термин с ключом {entry['key']!r} уже есть — ключи не повторяются")
        lessontext.page_exists(lesson, entry["page"], src.at("page"))
        result.append(Term(**entry))
    keys = {t.key for t in result}
    for k, term in enumerate(result):
        for anchor in lessontext.term_links(term.definition + "\n" + term.note):
            if anchor not in keys:
                raise Source(path, f"terms[{k}] ({term.key})").error(
                    f"ссылка на термин #{anchor}, которого нет в глоссарии"
                )
    return tuple(result)


@cache
def terms(lesson: str | None = None) -> tuple[Term, ...]:
    """Термины урока в порядке, в котором их вводит урок."""
    lesson = lessontext.resolve_lesson(lesson)
    return read_terms(lessontext.LESSONS_DIR / lesson / "glossary.yaml", lesson)


def _sort_key(term: Term) -> str:
    # Латинские термины (CNN, ReLU) идут перед русскими; «ё» сортируется как «е».
    return term.ru.lower().replace("ё", "е")


def sorted_terms(lesson: str | None = None) -> list[Term]:
    """Термины по алфавиту — так они стоят на странице глоссария."""
    return sorted(terms(lesson), key=_sort_key)


def course_terms() -> list[tuple[str, Term]]:
    """Термины всех уроков по алфавиту, каждый с уроком, где он введён.

    Термин, который уже ввёл прежний урок (тот же ключ), остаётся с его определением.
    """
    found: dict[str, tuple[str, Term]] = {}
    for lesson in lessontext.lesson_names():
        for term in terms(lesson):
            found.setdefault(term.key, (lesson, term))
    return sorted(found.values(), key=lambda entry: _sort_key(entry[1]))


def get_term(key: str, lesson: str | None = None) -> Term:
    """Термин по якорю, например ``get_term("svertka")``; без урока — из всех уроков."""
    if lesson is None:
        return lessontext.by_key([t for _, t in course_terms()], key, "термина")
    return lessontext.by_key(terms(lesson), key, "термина")
