"""Переменные и макросы для Markdown-страниц (плагин mkdocs-macros).

Числа и тексты на страницах с ``render_macros: true`` берутся из ``lessonlib`` и из
папки урока ``lessons/<урок>/``: технологическая карта — :mod:`sitebuild.lesson_plan`,
задания — :mod:`sitebuild.exercises`, глоссарий — :mod:`sitebuild.glossary`. Markdown
собирают шаблоны Jinja из ``tooling/sitebuild/templates/``.

Ссылки на страницы урока, рисунки и PDF ставятся, только если цель уже есть в
``docs/``: сайт собирается в строгом режиме и тогда, когда часть страниц урока ещё не
написана, а PDF ещё не напечатаны (``sitebuild.pdfs``).

Макросы (все возвращают Markdown; ``lesson`` можно не указывать, пока урок один):

- ``pdf_link(name, label="Скачать PDF")`` — кнопка на ``pdf/<name>.pdf`` (его печатает та же
  сборка, :mod:`sitebuild.pdfs`) или ничего, если печатать нечем;
- ``lesson_link(page, text=None)`` — ссылка на страницу урока ``plot_NN_name``;
- ``term(key, text=None)`` — ссылка на термин глоссария;
- ``plan_header()``, ``plan_overview()``, ``plan_stages()``, ``plan_resources()`` —
  части технологической карты;
- ``exercise_sheet(answers=False)`` — задания (с раскрытыми решениями при ``answers=True``);
- ``glossary_entries()`` — все термины глоссария.
"""

from __future__ import annotations

import json
import posixpath
from functools import cache
from pathlib import Path

import jinja2

from lessonlib import fmt
from sitebuild import lessontext, mdtext, pdfs, slides
from sitebuild.exercises import LEVELS, exercises, get_exercise
from sitebuild.glossary import get_term, sorted_terms
from sitebuild.lesson_plan import lesson_plan

LEVEL_HEADINGS = {1: "Лёгкие задания", 2: "Задания средней сложности", 3: "Сложные задания"}
LEVEL_STARS = {1: "★☆☆", 2: "★★☆", 3: "★★★"}
assert LEVEL_HEADINGS.keys() == LEVELS.keys() == LEVEL_STARS.keys()

TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # шаблоны дают Markdown; HTML из него делает MkDocs
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    # «{#» в Markdown — якорь заголовка ({#step-1}), поэтому комментарии шаблонов — «{## ##}».
    comment_start_string="{##",
    comment_end_string="##}",
)
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

    def lesson_link(self, page: str, text: str | None = None) -> str:
        target = self._page(page)
        title = notebook_title(self.docs_dir / target) if target else None
        label = text or title or page
        if target is None:
            return f"«{label}» (страница готовится)"
        return f"[{label}]({self.rel(target)})"

    def pdf_link(self, name: str, label: str) -> str:
        if not pdfs.can_print():
            return ""
        # Класс pdf-download прячет кнопку при печати (print.css).
        return (
            f"[⬇ {label}]({self.rel(f'{pdfs.PDF_DIR}/{name}.pdf')})"
            '{ .md-button .pdf-download download="' + f'{name}.pdf" }}'
        )

    def term_link(self, key: str, text: str | None = None) -> str:
        term = get_term(key, self.lesson)
        return f"[{text or term.ru.lower()}]({self.rel('glossary.md')}#{term.key})"


def plan_part(site: Site, part: str) -> str:
    """Часть технологической карты урока ``site.lesson``: header, overview, stages, resources."""
    plan = lesson_plan(site.lesson)
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
        deck=site.rel(slides.DECK_PAGE),
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


def glossary_entries(site: Site) -> str:
    return render("glossary_entries", site=site, terms=sorted_terms(site.lesson))


# ---------------------------------------------------------------------------
# Регистрация в mkdocs-macros
# ---------------------------------------------------------------------------


def define_env(env) -> None:
    """Регистрирует макросы страниц."""
    docs_dir = Path(env.conf["docs_dir"])

    resolve = cache(lessontext.resolve_lesson)

    def site(name: str | None = None, *, any_lesson: bool = False) -> Site:
        """Сайт со страницы, которую сейчас рисует плагин; урок — ``name`` или единственный."""
        chosen = None if any_lesson and name is None else resolve(name)
        return Site(docs_dir, env.page.file.src_uri, chosen)

    # Числа для текста страниц ({{ lesson_map }}, {{ fc_inputs }}…) — функция pages() урока;
    # общие страницы (главная, тренажёры) говорят о первом уроке.
    main = lessontext.first_lesson()
    env.variables["lesson_minutes"] = lesson_plan(main).total_minutes
    env.variables["exercise_count"] = len(exercises(main))
    values = lessontext.LESSONS_DIR / main / "values.py"
    env.variables.update(lessontext.computed(values.parent, "pages", lessontext.Source(values)))

    @env.macro
    def pdf_link(name: str, label: str = "Скачать PDF") -> str:
        """Кнопка «Скачать PDF» на ``pdf/<name>.pdf``; пусто, если PDF в этой сборке не будет."""
        if name not in pdfs.NAMES:
            raise ValueError(f"name: ожидалось одно из {pdfs.NAMES}, получено {name!r}")
        return site(any_lesson=True).pdf_link(name, label)

    @env.macro
    def lesson_link(page: str, text: str | None = None, lesson: str | None = None) -> str:
        """Ссылка на страницу урока ``plot_NN_name`` (текст — её заголовок)."""
        return site(lesson, any_lesson=True).lesson_link(page, text)

    @env.macro
    def term(key: str, text: str | None = None, lesson: str | None = None) -> str:
        """Ссылка на термин глоссария по якорю, например ``term("svertka", "свёртку")``."""
        return site(lesson).term_link(key, text)

    for part in ("header", "overview", "stages", "resources"):
        env.macro(lambda lesson=None, part=part: plan_part(site(lesson), part), f"plan_{part}")
    env.macro(
        lambda answers=False, lesson=None: exercise_sheet(site(lesson), answers),
        "exercise_sheet",
    )
    env.macro(lambda lesson=None: glossary_entries(site(lesson)), "glossary_entries")
    env.macro(
        lambda lesson=None: slides.outline(slides.deck(lesson_plan(lesson))), "slides_outline"
    )
