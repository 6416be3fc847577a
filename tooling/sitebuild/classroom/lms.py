"""Задания уроков для Moodle: файлы GIFT и Moodle XML из тех же данных, что страницы заданий.

Хук MkDocs (:func:`on_files`) кладёт в сайт по два файла на урок — ``teacher/moodle/<урок>.gift``
и ``teacher/moodle/<урок>.xml``; макрос ``moodle_files()`` (модуль ``modules`` плагина
mkdocs-macros) перечисляет их на странице педагога. Вид вопроса зависит от ответа задания
(поле ``value`` из ``lessons/<урок>/values.py``):

- число — «Числовой ответ» с допуском (:func:`tolerance`);
- да/нет — «Множественный выбор» из двух вариантов;
- таблица чисел (список строк) — «Вложенные ответы» (Cloze) в Moodle XML: по полю на число;
  в GIFT таких вопросов нет, там это «Эссе»;
- всё остальное (несколько разнородных чисел, объяснение словами) — «Эссе»: ответ и решение
  видит педагог при проверке.

Условие, ответ и решение — HTML из Markdown задания; формулы — в ``\\( … \\)``, их рисует
фильтр MathJax в Moodle. Ни один урок здесь не назван: уроки — папки ``lessons/``.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Real

import markdown
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from lessonlib import fmt
from sitebuild.lesson import lessontext
from sitebuild.lesson.exercises import Exercise, exercises
from sitebuild.lesson.lesson_plan import lesson_plan

__all__ = [
    "FOLDER",
    "RELATIVE_TOLERANCE",
    "Question",
    "gift",
    "moodle_xml",
    "question",
    "tolerance",
]

FOLDER = "teacher/moodle"
RELATIVE_TOLERANCE = 0.01
"""Допуск дробного ответа — 1 % от него: ученик округляет по-своему. Целый ответ — точный."""
_MARKDOWN_EXTENSIONS = ["tables", "pymdownx.arithmatex"]
_MARKDOWN_CONFIG = {"pymdownx.arithmatex": {"generic": True}}


def tolerance(value: float) -> float:
    """Допуск числового ответа: 0 для целого, :data:`RELATIVE_TOLERANCE` от дробного."""
    return 0.0 if float(value).is_integer() else abs(float(value)) * RELATIVE_TOLERANCE


def html(text: str) -> str:
    """HTML из Markdown задания; формулы остаются текстом ``\\( … \\)`` и ``\\[ … \\]``."""
    return markdown.markdown(
        text, extensions=_MARKDOWN_EXTENSIONS, extension_configs=_MARKDOWN_CONFIG
    ).strip()


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _is_table(value: object) -> bool:
    return (
        isinstance(value, Sequence)
        and len(value) > 0
        and all(
            isinstance(row, Sequence) and len(row) > 0 and all(_is_number(v) for v in row)
            for row in value
        )
    )


@dataclass(frozen=True)
class Question:
    """Вопрос Moodle из задания: вид (``numerical``, ``choice``, ``table``, ``essay``),
    ответ в виде данных и тексты в HTML."""

    name: str
    kind: str
    value: object
    text: str
    answer: str
    explanation: str


def question(exercise: Exercise) -> Question:
    """Вопрос Moodle для задания ``exercise``."""
    value = exercise.value
    if isinstance(value, bool):
        kind = "choice"
    elif _is_number(value):
        kind = "numerical"
    elif _is_table(value):
        kind = "table"
    else:
        kind = "essay"
    return Question(
        name=f"{exercise.title} ({exercise.level_name})",
        kind=kind,
        value=value,
        text=html(exercise.question),
        answer=html(exercise.answer),
        explanation=html(exercise.explanation),
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _category(lesson: str) -> str:
    return f"$course$/top/{lesson_plan(lesson).topic}: {lesson}"


# ------------------------------------------------------------------ GIFT


def _gift_text(text: str) -> str:
    """Текст для GIFT: одной строкой (пустая строка там — конец вопроса), служебные знаки
    экранированы."""
    for char in "\\~=#{}:":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def gift(lesson: str) -> str:
    """Файл GIFT со всеми заданиями урока ``lesson``."""
    blocks = [
        f"// Задания урока «{lesson_plan(lesson).topic}» ({lesson}) для Moodle: формат GIFT.",
        f"$CATEGORY: {_category(lesson)}",
    ]
    for ex in exercises(lesson):
        q = question(ex)
        solved = _gift_text(f"{q.answer} {q.explanation}")
        head = f"::{_gift_text(q.name)}::[html]{_gift_text(q.text)}"
        if q.kind == "numerical":
            body = f"{{#={_number(q.value)}:{_number(tolerance(q.value))}#Верно. ####{solved}}}"
        elif q.kind == "choice":
            right, wrong = ("Да", "Нет") if q.value else ("Нет", "Да")
            body = f"{{={right}#Верно. ~{wrong}#Неверно. ####{solved}}}"
        else:
            body = f"{{####{solved}}}"
        blocks.append(f"// {ex.key}\n{head}{body}")
    return "\n\n".join(blocks) + "\n"


# ------------------------------------------------------------------ Moodle XML


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, attrs)
    ET.SubElement(node, "text").text = text
    return node


def _cloze_table(table: Sequence[Sequence[float]]) -> str:
    rows = "".join(
        "<tr>"
        + "".join(f"<td>{{1:NUMERICAL:={_number(v)}:{_number(tolerance(v))}}}</td>" for v in row)
        + "</tr>"
        for row in table
    )
    return f'<table class="generaltable">{rows}</table>'


def _xml_question(q: Question) -> ET.Element:
    kind = {"numerical": "numerical", "choice": "multichoice", "table": "cloze"}.get(
        q.kind, "essay"
    )
    node = ET.Element("question", type=kind)
    _text(node, "name", q.name)
    text = q.text + (_cloze_table(q.value) if q.kind == "table" else "")
    _text(node, "questiontext", text, format="html")
    _text(node, "generalfeedback", q.answer + q.explanation, format="html")
    ET.SubElement(node, "defaultgrade").text = "1"
    if q.kind == "numerical":
        answer = _text(node, "answer", _number(q.value), fraction="100")
        ET.SubElement(answer, "tolerance").text = _number(tolerance(q.value))
        _text(answer, "feedback", "Верно.", format="html")
    elif q.kind == "choice":
        ET.SubElement(node, "single").text = "true"
        ET.SubElement(node, "shuffleanswers").text = "0"
        ET.SubElement(node, "answernumbering").text = "none"
        for label, truth in (("Да", True), ("Нет", False)):
            right = truth == q.value
            answer = _text(node, "answer", label, fraction="100" if right else "0", format="html")
            _text(answer, "feedback", "Верно." if right else "Неверно.", format="html")
    elif q.kind != "table":
        ET.SubElement(node, "responseformat").text = "editor"
        ET.SubElement(node, "responserequired").text = "1"
        ET.SubElement(node, "responsefieldlines").text = "5"
        _text(node, "graderinfo", q.answer + q.explanation, format="html")
    return node


def moodle_xml(lesson: str) -> str:
    """Файл Moodle XML со всеми заданиями урока ``lesson``."""
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", type="category")
    _text(category, "category", _category(lesson))
    for ex in exercises(lesson):
        quiz.append(_xml_question(question(ex)))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


# ------------------------------------------------------------------ сайт

FORMATS = {"gift": gift, "xml": moodle_xml}
LABELS = {"xml": "Moodle XML", "gift": "GIFT"}


def _lessons() -> list[str]:
    return [
        name
        for name in lessontext.lesson_names()
        if (lessontext.LESSONS_DIR / name / "exercises.yaml").exists()
    ]


def on_files(files: Files, config) -> Files:
    """Хук MkDocs: файлы Moodle всех уроков в ``teacher/moodle/``."""
    for lesson in _lessons():
        for ext, make in FORMATS.items():
            path = posixpath.join(FOLDER, f"{lesson}.{ext}")
            files.append(File.generated(config, path, content=make(lesson)))
    return files


def define_env(env) -> None:
    """Макрос ``moodle_files()`` для mkdocs-macros: таблица файлов всех уроков со ссылками;
    переменная ``moodle_tolerance`` — допуск дробного ответа."""
    env.variables["moodle_tolerance"] = fmt.percent(RELATIVE_TOLERANCE, digits=0)

    @env.macro
    def moodle_files() -> str:
        page = env.page.url
        rows = ["| Урок | Заданий | Скачать |", "| --- | --- | --- |"]
        for lesson in _lessons():
            links = [
                f"[{label}]({get_relative_url(f'{FOLDER}/{lesson}.{ext}', page)})"
                for ext, label in LABELS.items()
            ]
            count = fmt.integer(len(exercises(lesson)))
            rows.append(f"| {lesson_plan(lesson).topic} | {count} | {' · '.join(links)} |")
        return "\n".join(rows)
