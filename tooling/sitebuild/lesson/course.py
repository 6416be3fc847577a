"""Курс — уроки, найденные по папкам: меню, страницы педагога, задания и PDF каждого урока.

Урок — имя папки (``lesson02``), одинаковое в трёх местах:

- ``gallery/<урок>/plot_*.py`` — страницы урока (скрипты галереи);
- ``lessons/<урок>/plan.yaml`` — технологическая карта (её ``topic`` — название урока),
  рядом ``exercises.yaml``, ``glossary.yaml`` и ``values.py``;
- ``lessonlib/lessons/<урок>/`` — факты урока: числа и примеры его страниц.

Рабочий лист — по желанию урока: ``lessons/<урок>/worksheet.py`` (:data:`WORKSHEET`, см.
:mod:`sitebuild.classroom.worksheet`); без него у урока нет ни листа, ни ссылок на него, ни PDF.

Свой раздел на странице «Тренажёры» урок кладёт в ``lessons/<урок>/trainers.md``
(:data:`TRAINERS`): сборка ставит его под заголовком «Урок N. Тема», без файла у урока
раздела нет.

Свои страницы педагога урок кладёт в ``lessons/<урок>/teacher/*.md`` (Markdown с теми же
макросами, что у карты): они выходят по адресу ``<урок>/teacher/<имя>.html``, встают в меню
материалов педагога после карты и слайдов, а карта урока ссылается на них. Название в
меню — первый заголовок ``# …`` файла.

Номер урока — число в имени папки (``lesson02`` → 2); уроки идут по номеру. Первый шаг
плагина сборки (:mod:`sitebuild.plugin`) ставит в меню на места меток ``course:lessons``,
``course:exercises`` и ``course:teacher`` разделы уроков, их задания и материалы педагога,
а страницы каждого урока создаёт из шаблонов ``lesson_pages/`` под ``<урок>/``.
"""

from __future__ import annotations

import ast
import itertools
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from mkdocs.structure.files import File, Files

from sitebuild.lesson import lessontext
from sitebuild.settings import PATHS

PAGE_TEMPLATES = Path(__file__).parent / "lesson_pages"
"""Страницы, которые есть у каждого урока: Markdown с макросами, урок — по папке страницы."""
NAV_MARKS = ("course:lessons", "course:exercises", "course:teacher")
WORKSHEET = "worksheet.py"
"""Файл рабочего листа в папке урока ``lessons/<урок>/``."""
TRAINERS = "trainers.md"
"""Раздел урока на странице «Тренажёры» в папке урока ``lessons/<урок>/`` — Markdown с
макросами и числами ``values.trainers()`` урока (:mod:`sitebuild.lesson.macros`)."""
TEACHER = "teacher"
"""Папка страниц педагога: в шаблонах, в папке урока ``lessons/<урок>/`` и на сайте."""
_NUMBER = re.compile(r"(\d+)$")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


@dataclass(frozen=True)
class Script:
    """Страница урока по её скрипту: имя, заголовок и первое «вы сможете» из docstring."""

    name: str
    title: str
    goal: str


@dataclass(frozen=True)
class TeacherPage:
    """Своя страница педагога урока: заголовок, путь на сайте и исходный файл."""

    title: str
    page: str
    source: Path


@dataclass(frozen=True)
class Lesson:
    """Урок курса; пути страниц — внутри ``docs/`` (они же в ``site/``)."""

    name: str
    number: int
    title: str

    @property
    def label(self) -> str:
        """«Урок 2. Тема» — так урок называют меню, главная и PDF."""
        return f"Урок {self.number}. {self.title}"

    def page(self, path: str) -> str:
        """Путь страницы урока: ``teacher/plan.md`` → ``lesson02/teacher/plan.md``."""
        return f"{self.name}/{path}"

    @property
    def plan_page(self) -> str:
        return self.page("teacher/plan.md")

    @property
    def slides_page(self) -> str:
        return self.page("teacher/slides.md")

    @property
    def exercises_page(self) -> str:
        return self.page("exercises.md")

    @property
    def answers_page(self) -> str:
        return self.page("exercises-answers.md")

    @property
    def has_worksheet(self) -> bool:
        """Есть ли у урока рабочий лист (``lessons/<урок>/worksheet.py``)."""
        return (PATHS.lessons / self.name / WORKSHEET).is_file()

    @property
    def trainers(self) -> Path | None:
        """Раздел урока на странице «Тренажёры» (``lessons/<урок>/trainers.md``) или ``None``."""
        path = PATHS.lessons / self.name / TRAINERS
        return path if path.is_file() else None

    @property
    def deck_dir(self) -> str:
        return self.page("teacher/deck")

    def pdf(self, document: str) -> str:
        """PDF урока: ``pdf/lesson02-plan.pdf`` (имя скачанного файла называет урок)."""
        return f"pdf/{self.name}-{document}.pdf"

    def teacher_pages(self, lessons_dir: Path | None = None) -> list[TeacherPage]:
        """Свои страницы педагога урока (``lessons/<урок>/teacher/*.md``) по именам файлов."""
        folder = (lessons_dir or PATHS.lessons) / self.name / TEACHER
        found = []
        for path in sorted(folder.glob("*.md")):
            src = lessontext.Source(path)
            if (PAGE_TEMPLATES / TEACHER / path.name).is_file():
                raise src.error(f"страница {path.name} уже есть у каждого урока — назовите иначе")
            title = next(
                (
                    line[2:].strip()
                    for line in src.path.read_text("utf-8").splitlines()
                    if line.startswith("# ")
                ),
                "",
            )
            if not title or "{" in title:
                raise src.error("нужен заголовок «# Название» без макросов — он же пункт меню")
            found.append(TeacherPage(title, self.page(f"{TEACHER}/{path.name}"), path))
        return found

    def scripts(self, gallery: Path | None = None) -> list[Script]:
        """Страницы урока по порядку имён скриптов."""
        folder = (gallery or PATHS.gallery) / self.name
        return [script_info(path) for path in sorted(folder.glob("plot_*.py"))]


def script_info(path: Path) -> Script:
    """Заголовок (строка над ``===``) и первая цель «После этой страницы вы сможете»."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    lines = [line.strip() for line in doc.splitlines()]
    title = next((line for line in lines if line), path.stem)
    goal, bullet = "", []
    for line in lines:
        if bullet and (not line or line.startswith("- ")):
            break
        if line.startswith("- ") or bullet:
            bullet.append(line.removeprefix("- "))
    if bullet:
        goal = _LINK.sub(r"\1", " ".join(bullet)).rstrip(";.")
    return Script(path.stem, title, goal)


def _lesson(root: Path, name: str) -> Lesson:
    src = lessontext.Source(root / name / "plan.yaml")
    number = _NUMBER.search(name)
    if number is None:
        raise src.error(f"имя папки урока {name!r} должно кончаться номером, например lesson02")
    plan = lessontext.read_yaml(src.path)
    topic = plan.get("topic") if isinstance(plan, dict) else None
    if not isinstance(topic, str) or not topic.strip():
        raise src.at("topic").error("нет темы урока — она же его название в меню и в PDF")
    return Lesson(name, int(number.group(1)), topic.strip())


@cache
def _lessons(root: Path) -> tuple[Lesson, ...]:
    found = sorted(
        (_lesson(root, name) for name in lessontext.lesson_names(root)), key=lambda x: x.number
    )
    for a, b in itertools.pairwise(found):
        if a.number == b.number:
            raise lessontext.LessonTextError(
                f"lesson: у уроков {a.name} и {b.name} один номер {a.number}"
            )
    return tuple(found)


def lessons() -> tuple[Lesson, ...]:
    """Все уроки курса по номеру (папки ``lessons/<урок>/`` с ``plan.yaml``)."""
    return _lessons(PATHS.lessons)


def get(name: str) -> Lesson:
    """Урок по имени папки; неизвестное имя — ошибка со списком уроков."""
    for lesson in lessons():
        if lesson.name == name:
            return lesson
    known = ", ".join(x.name for x in lessons()) or "ни одного"
    raise lessontext.LessonTextError(f"lesson: нет урока {name!r}; есть: {known}")


def lesson_of(src_uri: str) -> Lesson | None:
    """Урок, которому принадлежит страница ``docs/`` (по первой папке пути), или ``None``."""
    folder = src_uri.split("/", 1)[0]
    return next((x for x in lessons() if x.name == folder and "/" in src_uri), None)


# ---------------------------------------------------------------------------
# Хук MkDocs: меню и страницы уроков
# ---------------------------------------------------------------------------


def nav_sections(lesson: Lesson) -> dict[str, list]:
    """Пункты меню урока для каждой метки :data:`NAV_MARKS`."""
    kit = "слайды и рабочий лист" if lesson.has_worksheet else "слайды"
    return {
        "course:lessons": [
            {lesson.label: [lesson.page(f"{s.name}.ipynb") for s in lesson.scripts()]}
        ],
        "course:exercises": [
            {f"Урок {lesson.number}: задания": lesson.exercises_page},
            {f"Урок {lesson.number}: ответы и решения": lesson.answers_page},
        ],
        "course:teacher": [
            {f"Урок {lesson.number}: технологическая карта": lesson.plan_page},
            {f"Урок {lesson.number}: {kit}": lesson.slides_page},
            *({f"Урок {lesson.number}: {p.title}": p.page} for p in lesson.teacher_pages()),
        ],
    }


def expand_nav(nav: list) -> list:
    """Меню ``mkdocs.yml`` с метками :data:`NAV_MARKS`, заменёнными пунктами всех уроков."""
    parts = [nav_sections(lesson) for lesson in lessons()]

    def walk(items: list) -> list:
        result: list = []
        for item in items:
            if isinstance(item, str) and item in NAV_MARKS:
                result += [entry for part in parts for entry in part[item]]
            elif isinstance(item, dict):
                result.append({k: walk(v) if isinstance(v, list) else v for k, v in item.items()})
            else:
                result.append(item)
        return result

    return walk(nav)


def on_config(config):
    # Каждая сборка (и каждая пересборка ``mkdocs serve``) заново смотрит папки уроков.
    _lessons.cache_clear()
    config["nav"] = expand_nav(config["nav"])
    return config


def on_serve(server, config, builder):
    """``mkdocs serve`` пересобирает сайт и после правки в ``lessons/`` (план, задания, урок)."""
    server.watch(str(PATHS.lessons))
    return server


def on_files(files: Files, config) -> Files:
    for lesson in lessons():
        for template in sorted(PAGE_TEMPLATES.rglob("*.md")):
            path = lesson.page(template.relative_to(PAGE_TEMPLATES).as_posix())
            content = template.read_text(encoding="utf-8")
            files.append(File.generated(config, path, content=content))
        for page in lesson.teacher_pages():
            content = page.source.read_text(encoding="utf-8")
            files.append(File.generated(config, page.page, content=content))
    return files
