"""Переменные и макросы для Markdown-страниц (плагин mkdocs-macros).

Числа и тексты на страницах с ``render_macros: true`` берутся из ``lessonlib`` и из
папки урока ``lessons/<урок>/``: технологическая карта — :mod:`sitebuild.lesson.lesson_plan`,
задания — :mod:`sitebuild.lesson.exercises`, глоссарий — :mod:`sitebuild.lesson.glossary`. Markdown
собирают шаблоны Jinja из ``tooling/sitebuild/templates/``.

Ссылки на страницы урока, рисунки и PDF ставятся, только если цель уже есть в
``docs/``: сайт собирается в строгом режиме и тогда, когда часть страниц урока ещё не
написана, а PDF ещё не напечатаны (``sitebuild.printing.pdfs``).

Урок страницы — папка урока, в которой она лежит (:func:`sitebuild.lesson.course.lesson_of`):
страницы урока ``<урок>/teacher/plan.md``, ``<урок>/exercises.md`` создаёт из шаблонов
``lesson_pages/`` хук :mod:`sitebuild.lesson.course`. На общих страницах курса урок называют
параметром ``lesson="lesson02"`` или макрос говорит обо всех уроках.

Макросы (возвращают Markdown, если не сказано иное):

- ``lesson()`` — урок страницы (:class:`sitebuild.lesson.course.Lesson`: ``{{ lesson().label }}``);
- ``lesson_minutes()``, ``exercise_count()`` — минуты урока по карте и число его заданий;
- ``pdf_link(name, label="Скачать PDF")`` — кнопка на PDF урока ``pdf/<урок>-<name>.pdf``
  (его печатает та же сборка, :mod:`sitebuild.printing.pdfs`) или ничего, если печатать нечем;
- ``lesson_link(page, text=None)`` — ссылка на страницу урока ``plot_NN_name``;
- ``term(key, text=None)`` — ссылка на термин глоссария;
- ``plan_header()``, ``plan_overview()``, ``plan_stages()``, ``plan_resources()`` —
  части технологической карты;
- ``exercise_sheet(answers=False)`` — задания (с раскрытыми решениями при ``answers=True``);
- ``glossary_entries()`` — термины всех уроков;
- ``worksheet_summary()`` — что в рабочем листе урока (его задания по номерам);
- ``lesson_list()`` — уроки курса для главной: страницы по заголовкам их скриптов;
- ``lesson_trainers()`` — разделы уроков на странице «Тренажёры»: «## Урок N. Тема» и
  ``lessons/<урок>/trainers.md`` (:func:`trainer_section`);
- ``teacher_pages()`` — свои страницы педагога урока (``lessons/<урок>/teacher/*.md``):
  список ``{title, url}`` со ссылками от текущей страницы;
- ``lesson_values(name)`` — словарь ``values.<name>()`` из ``lessons/<урок>/values.py``
  (для своих страниц урока: числа и тексты, посчитанные кодом урока);
- ``install_commands()`` — команды установки в классе без интернета
  (:mod:`sitebuild.lesson.lab_install`; их же выполняет проверка в новом окружении).
"""

from __future__ import annotations

import functools
import inspect
import json
import posixpath
import re
from collections.abc import Callable, Mapping
from pathlib import Path

from lessonlib import fmt
from sitebuild.classroom import slides, worksheet
from sitebuild.lesson import course, lab_install, lessontext, mdtext
from sitebuild.lesson.exercises import LEVELS, exercises, get_exercise
from sitebuild.lesson.glossary import course_terms, get_term
from sitebuild.lesson.lesson_plan import lesson_plan
from sitebuild.printing import pdfs
from sitebuild.settings import PATHS
from sitebuild.templates import environment

LEVEL_HEADINGS = {1: "Лёгкие задания", 2: "Задания средней сложности", 3: "Сложные задания"}
LEVEL_STARS = {1: "★☆☆", 2: "★★☆", 3: "★★★"}
assert LEVEL_HEADINGS.keys() == LEVELS.keys() == LEVEL_STARS.keys()

# Шаблоны дают Markdown; HTML из него делает MkDocs.
TEMPLATES = environment("markdown")
TEMPLATES.filters.update(
    minutes=fmt.minutes,
    block=mdtext.indent,
    decimal=fmt.decimal,
    duration=slides.duration,
    slide_range=slides.numbers_text,
)


def render(template: str, **context: object) -> str:
    """Markdown из шаблона ``templates/<template>.md.j2``."""
    return TEMPLATES.get_template(f"{template}.md.j2").render(context)


def notebook_title(notebook: Path) -> str | None:
    """Заголовок страницы урока — первая строка ``# …`` первой текстовой ячейки блокнота."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return None
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        for line in source.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
        return None
    return None


class Site:
    """Что уже лежит в ``docs/`` и как на это сослаться со страницы ``src_uri``.

    ``lesson`` — папка урока в ``docs/``, где искать страницы и рисунки; без неё
    страница ищется во всех уроках.
    """

    def __init__(self, docs_dir: Path, src_uri: str, lesson: str | None = None) -> None:
        self.docs_dir = docs_dir
        self.src_uri = src_uri
        self.lesson = lesson

    def rel(self, target: str) -> str:
        """Путь от текущей страницы до файла ``target`` (путь внутри docs/)."""
        return posixpath.relpath(target, posixpath.dirname(self.src_uri) or ".")

    def exists(self, target: str) -> bool:
        return (self.docs_dir / target).is_file()

    def _page(self, page: str) -> str | None:
        """Путь блокнота страницы ``page`` внутри docs/ или ``None``, если его ещё нет."""
        if self.lesson is not None:
            target = f"{self.lesson}/{page}.ipynb"
            return target if self.exists(target) else None
        found = sorted(self.docs_dir.glob(f"*/{page}.ipynb"))
        return found[0].relative_to(self.docs_dir).as_posix() if found else None

    def lesson_link(self, page: str, text: str | None = None, lesson: str | None = None) -> str:
        """Ссылка на страницу ``page`` урока ``lesson`` (по умолчанию — урока этой страницы)."""
        target = (
            Site(self.docs_dir, self.src_uri, lesson)._page(page) if lesson else self._page(page)
        )
        title = notebook_title(self.docs_dir / target) if target else None
        label = text or title or page
        if target is None:
            return f"«{label}» (страница готовится)"
        return f"[{label}]({self.rel(target)})"

    def pdf_link(self, path: str, label: str) -> str:
        """Кнопка на PDF ``path`` (путь в site/)."""
        if not pdfs.can_print():
            return ""
        # Класс pdf-download прячет кнопку при печати (print.css).
        name = posixpath.basename(path)
        return (
            f"[⬇ {label}]({self.rel(path)})"
            + '{ .md-button .pdf-download download="'
            + f'{name}" }}'
        )

    def term_link(self, key: str, text: str | None = None) -> str:
        term = get_term(key, self.lesson)
        return f"[{text or term.ru.lower()}]({self.rel('glossary.md')}#{term.key})"


def plan_part(site: Site, part: str) -> str:
    """Часть технологической карты урока ``site.lesson``: header, overview, stages, resources."""
    plan, lesson = lesson_plan(site.lesson), course.get(site.lesson)
    homework = [get_exercise(key, site.lesson) for key in plan.homework]
    deck = slides.deck(plan)
    numbers = {id(s.source): k for k, s in enumerate(deck, 1)}
    return render(
        f"plan_{part}",
        plan=plan,
        site=site,
        homework=homework,
        number=lambda spec: numbers[id(spec)],
        slide_numbers=slides.step_slide_numbers(deck),
        deck=site.rel(f"{lesson.deck_dir}/{slides.DECK}"),
        lesson=lesson,
    )


def exercise_sheet(site: Site, answers: bool) -> str:
    items = exercises(site.lesson)
    numbers = {ex.key: k for k, ex in enumerate(items, 1)}
    return render(
        "exercise_sheet",
        site=site,
        exercises=items,
        numbers=numbers,
        answers=answers,
        headings=LEVEL_HEADINGS,
        stars=LEVEL_STARS,
    )


_TOP_HEADING = re.compile(r"^#{1,2} ", re.M)


def trainer_section(
    lesson: course.Lesson,
    path: Path,
    macros: Mapping[str, Callable],
    variables: Mapping[str, object],
) -> str:
    """Раздел урока на странице «Тренажёры»: заголовок «## Урок N. Тема» и его файл ``path``
    (``lessons/<урок>/trainers.md``) с переменными страницы ``variables`` и числами
    ``values.trainers()`` урока. Макросы с параметром урока (``lesson_link``, ``term``…) в
    разделе говорят о его уроке."""
    src = lessontext.Source(path)
    text = path.read_text(encoding="utf-8")
    if _TOP_HEADING.search(text):
        raise src.error("заголовки раздела — «### …» и мельче: «## Урок N. Тема» ставит сборка")
    bound = {
        name: functools.partial(macro, lesson=lesson.name)
        for name, macro in macros.items()
        if "lesson" in inspect.signature(macro).parameters
    }
    folder = path.parent
    values = lessontext.computed(folder, "trainers", lessontext.Source(folder / "values.py"))
    context = {**variables, **macros, **bound, "lesson": lambda: lesson, **values}
    return f"## {lesson.label}\n\n" + lessontext.render(text, context, src)


def glossary_entries(site: Site) -> str:
    """Термины всех уроков по алфавиту; у каждого — ссылка на страницу, где он вводится."""
    return render("glossary_entries", site=site, entries=course_terms())


# ---------------------------------------------------------------------------
# Регистрация в mkdocs-macros
# ---------------------------------------------------------------------------


def define_env(env) -> None:
    """Регистрирует макросы страниц.

    Урок страницы — папка урока, в которой она лежит (``lesson02/teacher/plan.md`` →
    ``lesson02``, :mod:`sitebuild.lesson.course`); общие страницы курса (главная, глоссарий)
    называют урок сами или говорят обо всех уроках сразу.
    """
    docs_dir = Path(env.conf["docs_dir"])

    def page_lesson(name: str | None = None) -> str | None:
        if name is not None:
            return course.get(name).name
        found = course.lesson_of(env.page.file.src_uri)
        return found.name if found else None

    def site(name: str | None = None) -> Site:
        return Site(docs_dir, env.page.file.src_uri, page_lesson(name))

    def lesson_site(name: str | None = None) -> Site:
        """Сайт урока: на общей странице урок нужно назвать (``lesson="lesson02"``)."""
        chosen = site(name)
        if chosen.lesson is None:
            raise ValueError(
                f"lesson: страница {env.page.file.src_uri} не лежит в папке урока — "
                f"укажите урок, например lesson={course.lessons()[0].name!r}"
            )
        return chosen

    # torch — только когда макросы страниц заданы
    from sitebuild.pages import digit_model, squeezenet_assets

    env.variables.update(digit_model.page_values())  # тренажёр «Нарисуй цифру»
    env.variables.update(squeezenet_assets.page_values(docs_dir))  # «Что видит настоящая сеть»

    @env.macro
    def lesson(name: str | None = None) -> course.Lesson:
        """Урок страницы (или урок ``name``): ``{{ lesson().label }}``."""
        return course.get(lesson_site(name).lesson)

    @env.macro
    def lesson_minutes(lesson: str | None = None) -> int:
        """Длительность урока по технологической карте, минуты."""
        return lesson_plan(lesson_site(lesson).lesson).total_minutes

    @env.macro
    def exercise_count(lesson: str | None = None) -> int:
        return len(exercises(lesson_site(lesson).lesson))

    @env.macro
    def pdf_link(name: str, label: str = "Скачать PDF", lesson: str | None = None) -> str:
        """Кнопка «Скачать PDF» на PDF урока; пусто, если PDF в этой сборке не будет."""
        if name not in pdfs.NAMES:
            raise ValueError(f"name: ожидалось одно из {pdfs.NAMES}, получено {name!r}")
        chosen = lesson_site(lesson)
        found = course.get(chosen.lesson)
        if name not in {doc.kind for doc in pdfs.lesson_documents(found)}:
            raise ValueError(f"name: у урока {found.name} нет PDF {name!r}")
        return chosen.pdf_link(found.pdf(name), label)

    @env.macro
    def lesson_link(page: str, text: str | None = None, lesson: str | None = None) -> str:
        """Ссылка на страницу урока ``plot_NN_name`` (текст — её заголовок)."""
        return site(lesson).lesson_link(page, text)

    @env.macro
    def term(key: str, text: str | None = None, lesson: str | None = None) -> str:
        """Ссылка на термин глоссария по якорю, например ``term("svertka", "свёртку")``."""
        return site(lesson).term_link(key, text)

    @env.macro
    def lesson_list() -> str:
        """Уроки курса для главной: страницы с заголовками скриптов, задания, карта, PDF."""
        return render("lesson_list", site=site(), lessons=course.lessons(), plan=lesson_plan)

    @env.macro
    def lesson_trainers() -> str:
        """Разделы уроков на странице «Тренажёры» — у кого есть ``lessons/<урок>/trainers.md``."""
        return "\n\n".join(
            trainer_section(found, found.trainers, env.macros, env.variables)
            for found in course.lessons()
            if found.trainers
        )

    @env.macro
    def teacher_pages(lesson: str | None = None) -> list[dict[str, str]]:
        """Свои страницы педагога урока: ``[{title, url}]`` со ссылками от этой страницы."""
        chosen = lesson_site(lesson)
        return [
            {"title": p.title, "url": chosen.rel(p.page)}
            for p in course.get(chosen.lesson).teacher_pages()
        ]

    @env.macro
    def lesson_values(name: str, lesson: str | None = None) -> dict[str, object]:
        """Результат ``values.<name>()`` урока страницы; нет такой функции — ошибка."""
        folder = PATHS.lessons / lesson_site(lesson).lesson
        src = lessontext.Source(folder / "values.py")
        found = lessontext.computed(folder, name, src)
        if not found:
            raise src.error(f"нет функции {name}() или она вернула пустой словарь")
        return found

    @env.macro
    def install_commands() -> lab_install.Commands:
        """Команды установки без интернета: ``home``, ``lab`` — строки для страниц."""
        return lab_install.commands(env.conf)

    for part in ("header", "overview", "stages", "resources"):
        env.macro(
            lambda lesson=None, part=part: plan_part(lesson_site(lesson), part), f"plan_{part}"
        )
    env.macro(
        lambda answers=False, lesson=None: exercise_sheet(lesson_site(lesson), answers),
        "exercise_sheet",
    )
    env.macro(lambda: glossary_entries(site()), "glossary_entries")
    env.macro(
        lambda lesson=None: worksheet.summary(worksheet.lesson_sheet(lesson_site(lesson).lesson)),
        "worksheet_summary",
    )
    env.macro(
        lambda lesson=None: slides.outline(slides.deck(lesson_plan(lesson_site(lesson).lesson))),
        "slides_outline",
    )
