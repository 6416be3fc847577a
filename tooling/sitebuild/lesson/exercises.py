"""Задания для самопроверки — от лёгких к сложным, с ответами и решениями.

Текст заданий лежит в ``lessons/<урок>/exercises.yaml`` (его правит педагог), числа в
нём подставляет функция ``values.<ключ задания>()`` из ``lessons/<урок>/values.py``:
если поменяется пример урока или код свёртки, ответы поменяются вместе с ним. Поле
``value`` — тот же ответ в виде данных, его проверяют тесты независимым расчётом.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sitebuild.lesson import lessontext
from sitebuild.lesson.lessontext import REQUIRED, Field, Source

__all__ = ["LEVELS", "Exercise", "exercises", "get_exercise", "read_exercises"]

LEVELS = {1: "лёгкое", 2: "среднее", 3: "сложное"}
"""Уровни сложности заданий."""


@dataclass(frozen=True)
class Exercise:
    """Одно задание.

    Attributes:
        key: латинский идентификатор (якорь на странице, ссылки из технологической карты).
        level: сложность — ключ :data:`LEVELS`.
        title: короткое название.
        page: страница урока ``plot_NN_name``, где разбирается тема.
        question: условие (Markdown).
        answer: краткий ответ (Markdown).
        explanation: решение или образец ответа (Markdown).
        value: ответ в виде данных для проверки тестами (``None`` у вопросов «объясните»).
    """

    key: str
    level: int
    title: str
    page: str
    question: str
    answer: str
    explanation: str
    value: object = None

    @property
    def level_name(self) -> str:
        """Сложность словом: «лёгкое», «среднее» или «сложное»."""
        return LEVELS[self.level]


FIELDS = (
    Field("key", "text", REQUIRED),
    Field("level", "integer", REQUIRED),
    Field("title", "text", REQUIRED),
    Field("page", "text", REQUIRED),
    Field("question", "text", REQUIRED),
    Field("answer", "text", REQUIRED),
    Field("explanation", "text", REQUIRED),
)
FILE = Field("exercises", "list", REQUIRED, item=FIELDS)


def read_exercises(path: Path, lesson: str) -> tuple[Exercise, ...]:
    """Задания из файла ``path`` урока ``lesson``, от лёгких к сложным.

    Raises:
        LessonTextError: нет поля (например, ответа), неизвестный уровень, повтор ключа,
            страница, которой нет в уроке, или неизвестное имя в ``{{ … }}``.
    """
    data = lessontext.check_record(lessontext.read_yaml(path), (FILE,), Source(path))
    items: list[Exercise] = []
    for k, entry in enumerate(data["exercises"]):
        src = Source(path, f"exercises[{k}] ({entry['key']})")
        if entry["level"] not in LEVELS:
            raise src.at("level").error(
                f"ожидался уровень из {sorted(LEVELS)}, получено {entry['level']!r}"
            )
        if any(e.key == entry["key"] for e in items):
            raise src.error(f"задание с ключом {entry['key']!r} уже есть — ключи не повторяются")
        lessontext.page_exists(lesson, entry["page"], src.at("page"))
        values = lessontext.computed(path.parent, entry["key"], src)
        text = lessontext.render_record(entry, FIELDS, values, src)
        items.append(Exercise(**text, value=values.get("value")))
    return tuple(sorted(items, key=lambda e: e.level))  # sorted устойчива: порядок тем сохранён


@cache
def exercises(lesson: str | None = None) -> tuple[Exercise, ...]:
    """Все задания урока, от лёгких к сложным."""
    lesson = lessontext.resolve_lesson(lesson)
    return read_exercises(lessontext.LESSONS_DIR / lesson / "exercises.yaml", lesson)


def get_exercise(key: str, lesson: str | None = None) -> Exercise:
    """Задание по ключу, например ``get_exercise("map_sizes")``."""
    return lessontext.by_key(exercises(lesson), key, "задания")
