"""Переменные и макросы для Markdown-страниц (плагин mkdocs-macros).

Числа и тексты на страницах с ``render_macros: true`` берутся отсюда, то есть из
``lessonlib``: технологическая карта — из :mod:`lessonlib.lesson_plan`, задания — из
:mod:`lessonlib.exercises`, глоссарий — из :mod:`lessonlib.glossary`.

Ссылки на страницы урока, рисунки и PDF ставятся, только если цель уже есть в
``docs/``: сайт собирается в строгом режиме и тогда, когда часть страниц урока ещё не
написана, а PDF ещё не напечатаны (``sitebuild.pdfs``).

Макросы (все возвращают Markdown):

- ``pdf_link(name, label="Скачать PDF")`` — кнопка на ``docs/pdf/<name>.pdf`` или ничего;
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
from collections.abc import Iterable
from pathlib import Path

from lessonlib.conv import conv2d
from lessonlib.examples import IMAGE, KERNEL
from lessonlib.exercises import LEVELS, Exercise, exercises, get_exercise
from lessonlib.glossary import get_term, sorted_terms
from lessonlib.lesson_plan import LessonPlan, Question, Stage, Step, lesson_plan, minutes_text
from lessonlib.shapes import Conv, Flatten, format_count, trace

LESSON_DIR = "lesson01"
PDF_DIR = "pdf"
PDF_NAMES = ("plan", "lesson", "exercises", "exercises-answers")
"""PDF, которые печатает ``sitebuild.pdfs`` в ``docs/pdf/``."""

LEVEL_HEADINGS = {1: "Лёгкие задания", 2: "Задания средней сложности", 3: "Сложные задания"}
LEVEL_STARS = {1: "★☆☆", 2: "★★☆", 3: "★★★"}


def indent(text: str, spaces: int = 4) -> str:
    """Сдвинуть Markdown вправо — содержимое раскрывающегося блока ``???``."""
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def clock(start: int, end: int) -> str:
    """Минуты от начала урока: ``12–18 мин``."""
    return f"{start}–{minutes_text(end)}"


def file_size(size: int) -> str:
    """Размер файла по-русски: ``120 КБ``, ``3,9 МБ``."""
    kib = size / 1024
    if kib < 1000:
        return f"{max(1, round(kib))}\u00a0КБ"
    return f"{kib / 1024:.1f}".replace(".", ",") + "\u00a0МБ"


def exercise_anchor(key: str) -> str:
    """Якорь задания на странице: ``map_sizes`` → ``ex-map-sizes``."""
    return "ex-" + key.replace("_", "-")


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
    """Что уже лежит в ``docs/`` и как на это сослаться со страницы ``src_uri``."""

    def __init__(self, docs_dir: Path, src_uri: str) -> None:
        self.docs_dir = docs_dir
        self.src_uri = src_uri

    def rel(self, target: str) -> str:
        """Путь от текущей страницы до файла ``target`` (путь внутри docs/)."""
        return posixpath.relpath(target, posixpath.dirname(self.src_uri) or ".")

    def exists(self, target: str) -> bool:
        return (self.docs_dir / target).is_file()

    def lesson_link(self, page: str, text: str | None = None) -> str:
        target = f"{LESSON_DIR}/{page}.ipynb"
        title = notebook_title(self.docs_dir / target) if self.exists(target) else None
        label = text or title or page
        if not self.exists(target):
            return f"«{label}» (страница готовится)"
        return f"[{label}]({self.rel(target)})"

    def figure_path(self, name: str, ext: str) -> str | None:
        target = f"{LESSON_DIR}/figures/{name}.{ext}"
        return target if self.exists(target) else None

    def pdf_link(self, name: str, label: str) -> str:
        target = f"{PDF_DIR}/{name}.pdf"
        if not self.exists(target):
            return ""
        size = file_size((self.docs_dir / target).stat().st_size)
        # Класс pdf-download прячет кнопку при печати (print.css).
        return (
            f"[⬇ {label} ({size})]({self.rel(target)})"
            '{ .md-button .pdf-download download="' + f'{name}.pdf" }}'
        )

    def term_link(self, key: str, text: str | None = None) -> str:
        term = get_term(key)
        return f"[{text or term.ru.lower()}]({self.rel('glossary.md')}#{term.key})"


# ---------------------------------------------------------------------------
# Технологическая карта
# ---------------------------------------------------------------------------


def _question_block(q: Question) -> str:
    body = []
    if q.answers:
        body.append("**Возможные ответы обучающихся:** " + "; ".join(q.answers) + ".")
    if q.reply:
        body.append(f"**Педагог:** {q.reply}")
    if not body:
        body.append("Обучающиеся отвечают и обсуждают.")
    return f'!!! question "{q.text}"\n\n' + indent("\n\n".join(body)) + "\n"


def _activity(points: Iterable[str]) -> str:
    return "\n".join(f"{k}. {p}" for k, p in enumerate(points, 1)) + "\n"


def _comment(text: str) -> str:
    return '!!! tip "Комментарий для педагога"\n\n' + indent(text) + "\n"


def _figures(site: Site, step: Step) -> str:
    if not step.figures:
        return ""
    names, thumbs = [], []
    for fig in step.figures:
        path = site.figure_path(fig.name, fig.ext)
        label = f"«{fig.caption}» (`{fig.name}.{fig.ext}`)"
        names.append(f"[{label}]({site.rel(path)})" if path else label)
        if path:
            thumbs.append(f"![{fig.caption}]({site.rel(path)}){{ .plan-thumb }}")
    text = "**Показать:** " + "; ".join(names) + ".\n"
    if thumbs:
        text += '\n<div class="plan-thumbs" markdown>\n' + "\n".join(thumbs) + "\n</div>\n"
    return text


def _step_block(site: Site, number: int, step: Step, start: int, end: int) -> str:
    pages = ", ".join(site.lesson_link(p) for p in step.pages)
    parts = [
        f'<div class="plan-step" markdown>\n\n### Шаг {number}. {step.title} '
        f"· {clock(start, end)} {{#step-{step.key.replace('_', '-')}}}\n",
        f"**Страница урока:** {pages}. **Время:** {minutes_text(step.minutes)}.\n",
        _figures(site, step),
        "**Деятельность педагога:**\n",
        _activity(step.activity),
    ]
    parts += [_question_block(q) for q in step.questions]
    if step.comment:
        parts.append(_comment(step.comment))
    parts.append("</div>\n")
    return "\n".join(p for p in parts if p)


def _steps_table(site: Site, plan: LessonPlan) -> str:
    rows = ["| Время урока | Шаг | Мин | Страница урока |", "|---|---|---|---|"]
    for k, (step, start, end) in enumerate(plan.step_schedule(), 1):
        pages = ", ".join(site.lesson_link(p) for p in step.pages)
        anchor = "step-" + step.key.replace("_", "-")
        rows.append(
            f"| {clock(start, end)} | [{k}. {step.title}](#{anchor}) | {step.minutes} | {pages} |"
        )
    total = sum(s.minutes for s, _, _ in plan.step_schedule())
    rows.append(f"| | **Итого** | **{total}** | |")
    return "\n".join(rows) + "\n"


def _extra(site: Site, plan: LessonPlan, stage: Stage) -> str:
    """Особая часть этапа: шаги, вопросы рефлексии, домашнее задание."""
    if stage.steps:
        blocks = [_steps_table(site, plan)]
        numbered = enumerate(plan.step_schedule(), 1)
        blocks += [_step_block(site, k, s, a, b) for k, (s, a, b) in numbered]
        return "\n".join(blocks)
    if stage.key == "reflection":
        return "**Вопросы для обсуждения:**\n\n" + "\n".join(f"- {q}" for q in plan.reflection)
    if stage.key == "homework":
        lines = ["**Необязательное домашнее задание** — задания для самопроверки:", ""]
        for key in plan.homework:
            ex = get_exercise(key)
            link = f"{site.rel('exercises.md')}#{exercise_anchor(ex.key)}"
            lines.append(f"- [{ex.title}]({link}) — {ex.level_name}")
        lines += [
            "",
            f"Ответы и решения — на странице [ответов]({site.rel('exercises-answers.md')}).",
        ]
        return "\n".join(lines) + "\n"
    return ""


def plan_header(plan: LessonPlan) -> str:
    tasks = "\n".join(f"- {t}" for t in plan.tasks)
    return (
        f"**Тема занятия:** {plan.topic}.\n\n"
        f"**Продолжительность:** {minutes_text(plan.total_minutes)}.\n\n"
        f"**Аннотация.** {plan.annotation}\n\n"
        f"**Цель занятия.** {' '.join(plan.goal)}\n\n"
        f"**Задачи занятия:**\n\n{tasks}\n"
    )


def plan_overview(plan: LessonPlan) -> str:
    rows = ["| № | Этап | Время урока | Длительность |", "|---|---|---|---|"]
    for k, (stage, start, end) in enumerate(plan.schedule(), 1):
        rows.append(
            f"| {k} | [{stage.title}](#{stage.key.replace('_', '-')}) | {clock(start, end)} "
            f"| {minutes_text(stage.minutes)} |"
        )
    rows.append(f"| | **Итого** | | **{minutes_text(plan.total_minutes)}** |")
    return "\n".join(rows) + "\n"


def plan_stages(site: Site, plan: LessonPlan) -> str:
    blocks = []
    for k, (stage, start, end) in enumerate(plan.schedule(), 1):
        anchor = stage.key.replace("_", "-")
        parts = [
            f"## {k}. {stage.title} — {minutes_text(stage.minutes)} {{#{anchor} .plan-stage}}\n",
            f"**Время урока:** {clock(start, end)}.\n",
            "**Деятельность педагога:**\n",
            _activity(stage.activity),
        ]
        parts += [_question_block(q) for q in stage.questions]
        # Длинная последовательность шагов идёт после комментария, короткие списки — до него.
        if stage.steps:
            parts += [_comment(stage.comment), _extra(site, plan, stage)]
        else:
            parts += [_extra(site, plan, stage), _comment(stage.comment)]
        blocks.append("\n".join(p for p in parts if p))
    return "\n\n".join(blocks) + "\n"


def plan_resources(plan: LessonPlan) -> str:
    return "\n".join(f"{k}. [{r.title}]({r.url})" for k, r in enumerate(plan.resources, 1)) + "\n"


# ---------------------------------------------------------------------------
# Задания
# ---------------------------------------------------------------------------


def _exercise_block(site: Site, number: int, ex: Exercise, answers: bool) -> str:
    # Тип блока задаёт класс <details>: print.css прячет «answer» и раскрывает «solution».
    kind, title = ("???+ solution", "Ответ и решение") if answers else ("??? answer", "Ответ")
    body = f"{ex.answer}\n\n{ex.explanation}"
    return (
        f"### {number}. {ex.title} {{#{exercise_anchor(ex.key)}}}\n\n"
        f"{LEVEL_STARS[ex.level]} {ex.level_name} · тема: {site.lesson_link(ex.page)}\n"
        "{ .exercise-meta }\n\n"
        f"{ex.question}\n\n"
        f'{kind} "{title}"\n\n{indent(body)}\n'
    )


def exercise_sheet(site: Site, answers: bool) -> str:
    blocks, number = [], 0
    for level in LEVELS:
        items = [e for e in exercises() if e.level == level]
        if not items:
            continue
        blocks.append(f"## {LEVEL_HEADINGS[level]}\n")
        for ex in items:
            number += 1
            blocks.append(_exercise_block(site, number, ex, answers))
    return "\n".join(blocks)


# ---------------------------------------------------------------------------
# Глоссарий
# ---------------------------------------------------------------------------


def glossary_entries(site: Site) -> str:
    blocks = []
    for t in sorted_terms():
        note = f"\n\n{t.note}" if t.note else ""
        blocks.append(
            f"## {t.ru} {{#{t.key}}}\n\n"
            f"*англ.* {t.en}\n{{ .glossary-en lang=en }}\n\n"
            f"{t.definition} *Где вводится:* {site.lesson_link(t.page)}.{note}\n"
        )
    return "\n".join(blocks)


# ---------------------------------------------------------------------------
# Регистрация в mkdocs-macros
# ---------------------------------------------------------------------------


def signed(n: int) -> str:
    """Целое с типографским минусом «−» и неразрывным пробелом между тысячами."""
    return ("−" if n < 0 else "") + format_count(abs(int(n)))


def lesson_numbers() -> dict[str, str]:
    """Числа урока для текста главной страницы — посчитанные, а не набранные руками."""
    maps = conv2d(IMAGE, KERNEL).ravel().tolist()
    flat = trace((100, 100, 1), [*[Conv(5, 3)] * 5, Flatten()])[-1].output_shape[0]
    return {
        "lesson_map": ", ".join(signed(v) for v in maps[:-1]) + " и " + signed(maps[-1]),
        "fc_inputs": format_count(flat),
    }


def define_env(env) -> None:
    """Регистрирует макросы страниц."""
    docs_dir = Path(env.conf["docs_dir"])
    plan = lesson_plan()

    def site() -> Site:
        return Site(docs_dir, env.page.file.src_uri)

    env.variables["lesson_minutes"] = plan.total_minutes
    env.variables["exercise_count"] = len(exercises())
    env.variables.update(lesson_numbers())

    @env.macro
    def pdf_link(name: str, label: str = "Скачать PDF") -> str:
        """Кнопка «Скачать PDF» на ``docs/pdf/<name>.pdf``; пусто, если PDF ещё нет."""
        if name not in PDF_NAMES:
            raise ValueError(f"name: ожидалось одно из {PDF_NAMES}, получено {name!r}")
        return site().pdf_link(name, label)

    @env.macro
    def lesson_link(page: str, text: str | None = None) -> str:
        """Ссылка на страницу урока ``plot_NN_name`` (текст — её заголовок)."""
        return site().lesson_link(page, text)

    @env.macro
    def term(key: str, text: str | None = None) -> str:
        """Ссылка на термин глоссария по якорю, например ``term("svertka", "свёртку")``."""
        return site().term_link(key, text)

    env.macro(lambda: plan_header(plan), "plan_header")
    env.macro(lambda: plan_overview(plan), "plan_overview")
    env.macro(lambda: plan_stages(site(), plan), "plan_stages")
    env.macro(lambda: plan_resources(plan), "plan_resources")
    env.macro(lambda answers=False: exercise_sheet(site(), answers), "exercise_sheet")
    env.macro(lambda: glossary_entries(site()), "glossary_entries")
