"""Технологическая карта урока — единственный источник страницы «Для педагога» и слайдов.

Этапы, их длительность, вопросы к классу, возможные ответы и рекомендации записаны
один раз в ``lessons/<урок>/plan.yaml`` (его правит педагог); здесь — типы карты и их
чтение с проверкой. Сумма этапов сверяется с длительностью урока ``duration``, а
длительность этапа «Изучение нового материала» — с суммой его шагов. Числа примеров
(29, −192, размеры карт, 40 500) подставляет ``plan()`` из ``lessons/<урок>/values.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lessonlib.fmt import minutes as minutes_text
from sitebuild.lesson import lessontext
from sitebuild.lesson.exercises import read_exercises
from sitebuild.lesson.lessontext import REQUIRED, Field, Source

__all__ = [
    "FigureRef",
    "LessonPlan",
    "Question",
    "Resource",
    "Stage",
    "Step",
    "lesson_plan",
    "read_plan",
    "reading_minutes",
    "word_count",
]


def _positive(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name}: ожидалось положительное целое число минут, получено {value!r}")


def _text(value: object, name: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name}: ожидался непустой текст, получено {value!r}")


@dataclass(frozen=True)
class Question:
    """Вопрос классу.

    Attributes:
        text: что спрашивает педагог.
        answers: возможные ответы обучающихся (как в исходной карте; может быть пусто).
        reply: как педагог подхватывает ответы (может быть пусто).
    """

    text: str
    answers: tuple[str, ...] = ()
    reply: str = ""

    def __post_init__(self) -> None:
        _text(self.text, "text (вопрос)")
        for k, answer in enumerate(self.answers):
            _text(answer, f"answers[{k}]")


@dataclass(frozen=True)
class FigureRef:
    """Рисунок, который педагог показывает на шаге.

    Attributes:
        name: имя файла ``docs/<урок>/figures/<name>.png`` (или ``.gif``), которое
            сохраняет страница урока.
        caption: что на нём, по-русски (подпись и текст для незрячих).
        ext: расширение файла без точки.
    """

    name: str
    caption: str
    ext: str = "png"


@dataclass(frozen=True)
class Step:
    """Шаг этапа «Изучение нового материала».

    Attributes:
        key: латинский идентификатор шага (якорь на странице).
        title: тема шага.
        minutes: сколько минут на шаг.
        pages: страницы урока ``plot_NN_name`` (без расширения), по которым идёт шаг.
        figures: рисунки, которые стоит показать.
        activity: что делает и говорит педагог — по пунктам.
        questions: вопросы классу; первый задаётся до объяснения, в котором звучит ответ.
        comment: комментарий и рекомендация педагогу (может быть пусто).
        tool: тренажёр или вопрос «Проверь себя», которым класс закрепляет шаг.
        deepening: необязательное углубление — быстрым ученикам или дома.
        qr: страница урока ``plot_NN_name``, на которую ведёт QR-код на слайде шага
            (может быть пусто).

    ``activity``, вопросы и ``tool`` — основной путь урока: его текст читается вслух
    быстрее, чем идут минуты шага (:func:`reading_minutes`); страницы урока целиком —
    углубление.
    """

    key: str
    title: str
    minutes: int
    pages: tuple[str, ...]
    figures: tuple[FigureRef, ...]
    activity: tuple[str, ...]
    questions: tuple[Question, ...] = ()
    comment: str = ""
    tool: str = ""
    deepening: tuple[str, ...] = ()
    qr: str = ""

    def __post_init__(self) -> None:
        _text(self.title, "title (тема шага)")
        _positive(self.minutes, f"minutes (шаг «{self.title}»)")
        if not self.pages:
            raise ValueError(f"pages: у шага «{self.title}» должна быть хотя бы одна страница")

    @property
    def core_text(self) -> list[str]:
        """Всё, что педагог говорит и спрашивает на основном пути шага."""
        spoken = [*self.activity, self.tool]
        for q in self.questions:
            spoken += [q.text, *q.answers, q.reply]
        return [t for t in spoken if t]


READING_SPEED = 150
"""Слов в минуту: по этой скорости чтения вслух план сверяет текст шага с его минутами."""


def word_count(texts: Iterable[str]) -> int:
    """Число слов (последовательностей букв и цифр) в текстах."""
    return sum(len(re.findall(r"\w+", t)) for t in texts)


def reading_minutes(texts: Iterable[str]) -> float:
    """Сколько минут займёт прочитать ``texts`` вслух: слова ÷ :data:`READING_SPEED`."""
    return word_count(texts) / READING_SPEED


@dataclass(frozen=True)
class Stage:
    """Этап урока — строка технологической карты.

    Attributes:
        key: латинский идентификатор (якорь на странице).
        title: название этапа.
        minutes: длительность; у этапа с шагами обязана совпадать с суммой шагов.
        activity: деятельность педагога — по пунктам.
        questions: вопросы классу и возможные ответы.
        comment: комментарии и рекомендации для педагога.
        steps: шаги этапа (только у изучения нового материала).
    """

    key: str
    title: str
    minutes: int
    activity: tuple[str, ...]
    questions: tuple[Question, ...]
    comment: str
    steps: tuple[Step, ...] = ()

    def __post_init__(self) -> None:
        _text(self.title, "title (название этапа)")
        _positive(self.minutes, f"minutes (этап «{self.title}»)")
        if self.steps and sum(s.minutes for s in self.steps) != self.minutes:
            total = sum(s.minutes for s in self.steps)
            raise ValueError(
                f"steps: шаги этапа «{self.title}» занимают {minutes_text(total)}, "
                f"а на этап отведено {minutes_text(self.minutes)}"
            )


@dataclass(frozen=True)
class Resource:
    """Рекомендуемый ресурс для самостоятельного изучения."""

    title: str
    url: str


@dataclass(frozen=True)
class LessonPlan:
    """Технологическая карта занятия целиком.

    Attributes:
        topic: тема занятия.
        annotation: аннотация.
        goal: цель занятия (несколько предложений).
        tasks: задачи занятия.
        stages: этапы по порядку.
        reflection: вопросы для рефлексии.
        homework: ключи заданий из :mod:`sitebuild.lesson.exercises` для необязательного
            домашнего задания.
        resources: рекомендуемые ресурсы.
        lesson: папка урока (``lesson01``): в ней страницы и рисунки шагов.
    """

    topic: str
    annotation: str
    goal: tuple[str, ...]
    tasks: tuple[str, ...]
    stages: tuple[Stage, ...]
    reflection: tuple[str, ...]
    homework: tuple[str, ...]
    resources: tuple[Resource, ...]
    lesson: str

    @property
    def total_minutes(self) -> int:
        """Длительность урока — сумма этапов."""
        return sum(stage.minutes for stage in self.stages)

    def schedule(self) -> list[tuple[Stage, int, int]]:
        """Этапы с минутой начала и конца от начала урока: ``(этап, 0, 5)``, ``(этап, 5, 12)``…"""
        result, start = [], 0
        for stage in self.stages:
            result.append((stage, start, start + stage.minutes))
            start += stage.minutes
        return result

    def step_schedule(self) -> list[tuple[Step, int, int]]:
        """Шаги всех этапов с минутой начала и конца от начала урока."""
        result = []
        for stage, start, _ in self.schedule():
            for step in stage.steps:
                result.append((step, start, start + step.minutes))
                start += step.minutes
        return result

    def stage(self, key: str) -> Stage:
        """Этап по ключу, например ``plan.stage("new_material")``."""
        for stage in self.stages:
            if stage.key == key:
                return stage
        known = ", ".join(s.key for s in self.stages)
        raise KeyError(f"key: нет этапа {key!r}; есть этапы: {known}")


STEP_FIELDS = (
    Field("key", "text", REQUIRED),
    Field("title", "text", REQUIRED),
    Field("minutes", "minutes", REQUIRED),
    Field("pages", "texts", REQUIRED),
    Field(
        "figures",
        "list",
        (),
        item=(
            Field("name", "text", REQUIRED),
            Field("caption", "text", REQUIRED),
            Field("ext", "text", "png"),
        ),
    ),
    Field("activity", "texts", REQUIRED),
    Field(
        "questions",
        "list",
        (),
        item=(
            Field("text", "text", REQUIRED),
            Field("answers", "texts", ()),
            Field("reply", "text", ""),
        ),
    ),
    Field("comment", "text", ""),
    Field("tool", "text", REQUIRED),
    Field("deepening", "texts", REQUIRED),
    Field("qr", "text", ""),
)
STAGE_FIELDS = (
    *(f for f in STEP_FIELDS if f.name not in ("pages", "figures", "tool", "deepening", "qr")),
    Field("steps", "list", (), item=STEP_FIELDS),
)
PLAN_FIELDS = (
    Field("topic", "text", REQUIRED),
    Field("duration", "minutes", REQUIRED),
    Field("annotation", "text", REQUIRED),
    Field("goal", "texts", REQUIRED),
    Field("tasks", "texts", REQUIRED),
    Field("stages", "list", REQUIRED, item=STAGE_FIELDS),
    Field("reflection", "texts", REQUIRED),
    Field("homework", "texts", ()),
    Field(
        "resources",
        "list",
        (),
        item=(Field("title", "text", REQUIRED), Field("url", "text", REQUIRED)),
    ),
)


def _questions(items: tuple[dict, ...]) -> tuple[Question, ...]:
    return tuple(Question(**q) for q in items)


def _step(entry: dict, src: Source, lesson: str) -> Step:
    for k, page in enumerate(entry["pages"]):
        lessontext.page_exists(lesson, page, Source(src.path, f"{src.where}.pages[{k}]"))
    if entry["qr"]:
        lessontext.page_exists(lesson, entry["qr"], Source(src.path, f"{src.where}.qr"))
    figures = tuple(FigureRef(**f) for f in entry.pop("figures"))
    try:
        return Step(**{**entry, "questions": _questions(entry["questions"])}, figures=figures)
    except ValueError as err:
        raise src.error(str(err)) from None


def _stage(entry: dict, src: Source, lesson: str) -> Stage:
    steps = tuple(
        _step(dict(step), Source(src.path, f"{src.where}.steps[{k}] ({step['key']})"), lesson)
        for k, step in enumerate(entry["steps"])
    )
    try:
        return Stage(**{**entry, "questions": _questions(entry["questions"]), "steps": steps})
    except ValueError as err:
        raise src.error(str(err)) from None


def read_plan(path: Path, lesson: str) -> LessonPlan:
    """Технологическая карта из файла ``path`` урока ``lesson``.

    Raises:
        LessonTextError: нет поля (например, длительности этапа), шаги не сходятся с
            длительностью этапа, этапы — с ``duration``, домашнее задание ссылается на
            задание, которого нет, или в ``{{ … }}`` неизвестное имя.
    """
    src = Source(path)
    data = lessontext.check_record(lessontext.read_yaml(path), PLAN_FIELDS, src)
    data = lessontext.render_record(
        data, PLAN_FIELDS, lessontext.computed(path.parent, "plan", src), src
    )
    stages = tuple(
        _stage(dict(stage), Source(path, f"stages[{k}] ({stage['key']})"), lesson)
        for k, stage in enumerate(data["stages"])
    )
    total = sum(stage.minutes for stage in stages)
    if total != data["duration"]:
        raise src.at("duration").error(
            f"этапы занимают {minutes_text(total)}, а урок длится {minutes_text(data['duration'])}"
        )
    known = {e.key for e in read_exercises(path.parent / "exercises.yaml", lesson)}
    for k, key in enumerate(data["homework"]):
        if key not in known:
            raise Source(path, f"homework[{k}]").error(
                f"нет задания {key!r}; есть задания: {', '.join(sorted(known))}"
            )
    return LessonPlan(
        topic=data["topic"],
        annotation=data["annotation"],
        goal=data["goal"],
        tasks=data["tasks"],
        stages=stages,
        reflection=data["reflection"],
        homework=data["homework"],
        resources=tuple(Resource(**r) for r in data["resources"]),
        lesson=lesson,
    )


@cache
def lesson_plan(lesson: str | None = None) -> LessonPlan:
    """Технологическая карта урока (для урока 1 — «Свёрточные нейросети», 70 минут)."""
    lesson = lessontext.resolve_lesson(lesson)
    return read_plan(lessontext.LESSONS_DIR / lesson / "plan.yaml", lesson)
