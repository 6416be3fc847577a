"""Рабочий лист урока (A4) и экземпляр педагога с ответами — у урока, у которого он есть.

Лист живёт в папке урока ``lessons/<урок>/``:

- ``worksheet.py`` — ``TASKS`` (названия заданий: задание N — ``TASKS[N − 1]``), по желанию
  ``NOTE`` (фраза о листе для страницы слайдов) и функция ``context()`` — все числа
  заданий и ответы к ним, посчитанные ``lessonlib`` из фактов урока;
- ``worksheet.html.j2`` — задания: шаблон расширяет общую рамку
  ``templates/worksheet_frame.html.j2`` (заголовок, строка для имени, стили A4) и пишет
  заголовок задания N как ``{{ task(N) }}``.

Здесь — только общее: два варианта листа (:data:`SHEETS`), загрузка листа урока
(:func:`lesson_sheet`), проверка, что слайды карты называют задания, которые есть на
листе (:func:`check_plan`), и отрисовка (:func:`render_sheet`). У урока без
``worksheet.py`` нет ни страниц листа, ни ссылок на них, ни PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup

from sitebuild.lesson.course import WORKSHEET
from sitebuild.lesson.lesson_plan import LessonPlan
from sitebuild.lesson.lessontext import LESSONS_DIR, load_file
from sitebuild.templates import environment

TEMPLATE = "worksheet.html.j2"
"""Шаблон листа в папке урока."""


@dataclass(frozen=True)
class Sheet:
    """Вариант листа: файл в папке педагога урока (``<урок>/teacher/``), заголовок и нужны
    ли ответы."""

    path: str
    title: str
    answers: bool


SHEETS = (
    Sheet("worksheet.html", "Рабочий лист", answers=False),
    Sheet("worksheet-answers.html", "Рабочий лист: экземпляр педагога с ответами", True),
)


@dataclass(frozen=True)
class LessonSheet:
    """Рабочий лист урока: его папка, названия заданий по номерам, фраза о листе и числа."""

    lesson: str
    folder: Path
    tasks: tuple[str, ...]
    note: str
    compute: Callable[[], dict[str, object]]

    def context(self) -> dict[str, object]:
        """Числа и ответы листа (считаются один раз на процесс)."""
        return _context(self)

    def heading(self, number: int) -> Markup:
        """Заголовок задания ``number``: «2. Размер карты активации»."""
        if not 1 <= number <= len(self.tasks):
            raise ValueError(
                f"{self.folder / TEMPLATE}: task({number}) — на листе задания 1–{len(self.tasks)}"
            )
        return Markup(f"{number}. ") + self.tasks[number - 1]


@cache
def _context(sheet: LessonSheet) -> dict[str, object]:
    return sheet.compute()


def lesson_sheet(lesson: str, lessons_dir: Path = LESSONS_DIR) -> LessonSheet | None:
    """Лист урока ``lesson`` из ``lessons/<урок>/worksheet.py``; у урока без файла — ``None``.

    Raises:
        ValueError: в файле нет ``TASKS`` (непустые строки) или ``context()``, или рядом
            нет шаблона :data:`TEMPLATE`; сообщение называет файл.
    """
    folder = lessons_dir / lesson
    path = folder / WORKSHEET
    if not path.is_file():
        return None
    module = _load(path)
    tasks = getattr(module, "TASKS", None)
    if not (isinstance(tasks, tuple) and tasks and all(isinstance(t, str) and t for t in tasks)):
        raise ValueError(f"{path}: TASKS — ожидался кортеж названий заданий, получено {tasks!r}")
    compute = getattr(module, "context", None)
    if not callable(compute):
        raise ValueError(f"{path}: нет функции context() — числа и ответы листа")
    if not (folder / TEMPLATE).is_file():
        raise ValueError(f"{path}: рядом нет шаблона листа {TEMPLATE}")
    return LessonSheet(lesson, folder, tasks, getattr(module, "NOTE", ""), compute)


@cache
def _load(path: Path):
    return load_file(path, f"worksheet_{path.parent.name}")


def check_plan(plan: LessonPlan, sheet: LessonSheet | None) -> None:
    """Слайды карты (``show.task``) называют только задания, которые есть на листе урока.

    Raises:
        ValueError: слайд называет задание, которого на листе нет, или у урока нет листа.
    """
    for stage in plan.stages:
        for spec in stage.all_slides:
            number = spec.show.task
            if not number:
                continue
            where = f"lessons/{plan.lesson}/plan.yaml: слайд «{spec.title}» этапа «{stage.title}»"
            if sheet is None:
                raise ValueError(f"{where} — задание {number} рабочего листа, а листа у урока нет")
            if number > len(sheet.tasks):
                raise ValueError(
                    f"{where} — задание {number}, а на рабочем листе задания 1–{len(sheet.tasks)}"
                )


def summary(sheet: LessonSheet | None) -> str:
    """Что в листе — для страницы слайдов урока: задания по номерам и фраза ``NOTE``."""
    if sheet is None:
        return ""
    tasks = "; ".join(f"{k}) {t[0].lower()}{t[1:]}" for k, t in enumerate(sheet.tasks, 1))
    note = f" {sheet.note}" if sheet.note else ""
    return f"Лист ученика на A4: {tasks}.{note} Экземпляр педагога — с ответами."


def render_sheet(plan: LessonPlan, sheet: Sheet, root: str, lesson: LessonSheet) -> str:
    """HTML листа ``sheet`` урока; ``root`` — путь от него до корня сайта."""
    template = environment("page", lesson.folder).get_template(TEMPLATE)
    return template.render(
        sheet=sheet, root=root, topic=plan.topic, task=lesson.heading, **lesson.context()
    )
