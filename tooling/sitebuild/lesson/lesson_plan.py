"""Технологическая карта урока — единственный источник карты, слайдов, заметок и таймера.

Единица карты — слайд (:class:`PlanSlide`): что видит класс, вопрос до ответа и слова
педагога именно для этого слайда. Всё записано один раз в ``lessons/<урок>/plan.yaml``
(его правит педагог); здесь — типы карты и их чтение с проверкой. Время считается, а
не назначается (:class:`Timing`): слова педагога ÷ скорость речи + паузы на вопросы +
минуты тренажёров и заданий; время этапа сверяется с его минутами в карте (±1 мин),
сумма минут этапов — с длительностью урока ``duration``. Числа примеров (29, −192,
размеры карт, 40 500) подставляет ``plan()`` из ``lessons/<урок>/values.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from lessonlib.fmt import decimal
from lessonlib.fmt import minutes as minutes_text
from sitebuild.lesson import lessontext
from sitebuild.lesson.exercises import read_exercises
from sitebuild.lesson.lessontext import REQUIRED, Field, Source

__all__ = [
    "FigureRef",
    "LessonPlan",
    "PlanSlide",
    "Question",
    "Resource",
    "Show",
    "Stage",
    "Step",
    "Timing",
    "lesson_plan",
    "read_plan",
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
        minutes: сколько минут класс думает и отвечает (0 — пауза карты по умолчанию,
            :attr:`Timing.question_pause`).
    """

    text: str
    answers: tuple[str, ...] = ()
    reply: str = ""
    minutes: float = 0.0

    def __post_init__(self) -> None:
        _text(self.text, "text (вопрос)")
        for k, answer in enumerate(self.answers):
            _text(answer, f"answers[{k}]")


@dataclass(frozen=True)
class FigureRef:
    """Рисунок на слайде.

    Attributes:
        name: имя файла ``docs/<урок>/figures/<name>.png`` (или ``.gif``), которое
            сохраняет страница урока, либо рисунок только для слайдов
            (:mod:`sitebuild.runner.slide_figures`).
        caption: что на нём, по-русски (подпись и текст для незрячих).
        ext: расширение файла без точки.
    """

    name: str
    caption: str
    ext: str = "png"


LISTS = ("stages", "reflection", "homework", "assessment")
"""Списки, которые слайд берёт из самой карты: этапы, вопросы рефлексии, задания, критерии
оценки."""


@dataclass(frozen=True)
class Show:
    """Что видит класс на слайде — ровно одно из: рисунок, текст по пунктам, список из
    карты, формула, страница сайта, тренажёр или задание рабочего листа.

    Attributes:
        figure: рисунок (или ``None``).
        text: пункты текста на слайде.
        listing: список карты (:data:`LISTS`).
        formula: формула размера карты ``m = i − f + 1``.
        page: страница урока ``plot_NN_name``, куда ведёт слайд (QR-код — только если у
            сайта есть адрес).
        trainer: название тренажёра со страницы «Тренажёры».
        task: номер задания рабочего листа (1–4).
        does: что делает класс (тренажёр, задание, работа в блокноте); с ним нужны minutes.
        minutes: сколько минут длится занятие класса (тренажёр, задание, обсуждение).
    """

    figure: FigureRef | None = None
    text: tuple[str, ...] = ()
    listing: str = ""
    formula: bool = False
    page: str = ""
    trainer: str = ""
    task: int = 0
    does: str = ""
    minutes: float = 0.0

    @property
    def kind(self) -> str:
        """Вид слайда: ``figure``, ``task``, ``trainer``, ``page``, ``formula``, ``listing``,
        ``text`` или ``""`` (только вопрос)."""
        for kind in ("figure", "task", "trainer", "page", "formula", "listing", "text"):
            if getattr(self, kind):
                return kind
        return ""

    def __post_init__(self) -> None:
        shown = [
            k
            for k in ("figure", "formula", "page", "trainer", "task", "listing")
            if getattr(self, k)
        ]
        if len(shown) > 1:
            raise ValueError(f"show: на слайде одно главное — получено {', '.join(shown)}")
        if self.listing and self.listing not in LISTS:
            raise ValueError(f"show.listing: ожидалось одно из {LISTS}, получено {self.listing!r}")
        if (self.trainer or self.task) and not (self.does and self.minutes):
            raise ValueError("show: у тренажёра и задания нужны does (что делает класс) и minutes")
        if self.does and not self.minutes:
            raise ValueError(f"show.minutes: класс занят («{self.does[:40]}…»), а минут нет")


@dataclass(frozen=True)
class Timing:
    """Как карта считает время: речь педагога и паузы на ответы класса.

    Attributes:
        speech_rate: слов в минуту, когда педагог объясняет у доски.
        question_pause: минут на ответы класса после вопроса (если у вопроса нет своих).
    """

    speech_rate: int
    question_pause: float

    def speech_minutes(self, text: str) -> float:
        """Минуты, за которые педагог скажет ``text``."""
        return word_count([text]) / self.speech_rate


@dataclass(frozen=True)
class PlanSlide:
    """Слайд — единица урока: что видно, вопрос до ответа и слова педагога для него.

    Attributes:
        title: заголовок слайда.
        show: что на слайде.
        say: что педагог говорит, пока слайд на экране, — о том, что на нём.
        ask: вопрос классу (ответы открываются по щелчку) или ``None``.
        optional: запасной слайд — вне основного пути и его часов.
        minutes: время слайда по :class:`Timing`: речь + пауза на вопрос + занятие класса.
    """

    title: str
    show: Show
    say: str
    ask: Question | None = None
    optional: bool = False
    minutes: float = 0.0

    def __post_init__(self) -> None:
        _text(self.title, "title (заголовок слайда)")
        _text(self.say, f"say (слова педагога, слайд «{self.title}»)")

    def timed(self, timing: Timing) -> PlanSlide:
        """Тот же слайд со временем по ``timing``."""
        minutes = timing.speech_minutes(self.say) + self.show.minutes
        if self.ask:
            minutes += self.ask.minutes or timing.question_pause
        return replace(self, minutes=minutes)


def _core_minutes(slides: Iterable[PlanSlide]) -> float:
    return sum(s.minutes for s in slides if not s.optional)


@dataclass(frozen=True)
class Step:
    """Шаг этапа «Изучение нового материала».

    Attributes:
        key: латинский идентификатор шага (якорь на странице).
        title: тема шага.
        pages: страницы урока ``plot_NN_name`` (без расширения), по которым идёт шаг.
        slides: слайды шага по порядку.
        comment: комментарий и рекомендация педагогу (может быть пусто).
        deepening: необязательное углубление — быстрым ученикам или дома.
    """

    key: str
    title: str
    pages: tuple[str, ...]
    slides: tuple[PlanSlide, ...]
    comment: str = ""
    deepening: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _text(self.title, "title (тема шага)")
        if not self.pages:
            raise ValueError(f"pages: у шага «{self.title}» должна быть хотя бы одна страница")
        if not any(not s.optional for s in self.slides):
            raise ValueError(f"slides: у шага «{self.title}» нет ни одного основного слайда")

    @property
    def minutes(self) -> float:
        """Время шага — сумма основных слайдов."""
        return _core_minutes(self.slides)

    @property
    def figures(self) -> tuple[FigureRef, ...]:
        """Рисунки слайдов шага по порядку."""
        return tuple(s.show.figure for s in self.slides if s.show.figure)


def word_count(texts: Iterable[str]) -> int:
    """Число слов (последовательностей букв и цифр) в текстах."""
    return sum(len(re.findall(r"\w+", t)) for t in texts)


TOLERANCE = 1.0
"""Насколько минут время этапа по расчёту может отличаться от минут этапа в карте."""


@dataclass(frozen=True)
class Stage:
    """Этап урока — строка технологической карты.

    Attributes:
        key: латинский идентификатор (якорь на странице).
        title: название этапа.
        planned: минуты этапа в карте (5, 7, 45, 8, 5).
        comment: комментарии и рекомендации для педагога.
        slides: слайды этапа без шагов.
        steps: шаги этапа (только у изучения нового материала).
    """

    key: str
    title: str
    planned: int
    comment: str
    slides: tuple[PlanSlide, ...] = ()
    steps: tuple[Step, ...] = ()

    def __post_init__(self) -> None:
        _text(self.title, "title (название этапа)")
        _positive(self.planned, f"minutes (этап «{self.title}»)")
        if bool(self.slides) == bool(self.steps):
            raise ValueError(f"у этапа «{self.title}» нужны либо slides, либо steps")
        if abs(self.minutes - self.planned) > TOLERANCE:
            raise ValueError(
                f"slides: по расчёту (речь, вопросы, задания) этап «{self.title}» занимает "
                f"{decimal(self.minutes, 1)} мин, а в карте — {minutes_text(self.planned)}; "
                f"допустимо расхождение до {decimal(TOLERANCE, 0)} мин"
            )

    @property
    def minutes(self) -> float:
        """Время этапа по расчёту — сумма основных слайдов (или шагов)."""
        if self.steps:
            return sum(step.minutes for step in self.steps)
        return _core_minutes(self.slides)

    @property
    def all_slides(self) -> tuple[PlanSlide, ...]:
        """Слайды этапа по порядку, со слайдами всех шагов."""
        return self.slides + tuple(s for step in self.steps for s in step.slides)


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
        timing: скорость речи и паузы, по которым считается время слайдов.
        stages: этапы по порядку.
        reflection: вопросы для рефлексии.
        assessment: критерии оценки («5» — …); карта показывает их на этапе ``assessment``.
        homework: ключи заданий из :mod:`sitebuild.lesson.exercises` для необязательного
            домашнего задания.
        resources: рекомендуемые ресурсы.
        lesson: папка урока (``lesson01``): в ней страницы и рисунки шагов.
    """

    topic: str
    annotation: str
    goal: tuple[str, ...]
    tasks: tuple[str, ...]
    timing: Timing
    stages: tuple[Stage, ...]
    reflection: tuple[str, ...]
    assessment: tuple[str, ...]
    homework: tuple[str, ...]
    resources: tuple[Resource, ...]
    lesson: str

    @property
    def total_minutes(self) -> int:
        """Длительность урока по карте — сумма минут этапов."""
        return sum(stage.planned for stage in self.stages)

    @property
    def timed_minutes(self) -> float:
        """Длительность урока по расчёту — сумма основных слайдов."""
        return sum(stage.minutes for stage in self.stages)

    def schedule(self) -> list[tuple[Stage, float, float]]:
        """Этапы с минутой начала и конца от начала урока по расчёту времени слайдов."""
        result, start = [], 0.0
        for stage in self.stages:
            result.append((stage, start, start + stage.minutes))
            start += stage.minutes
        return result

    def step_schedule(self) -> list[tuple[Step, float, float]]:
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


QUESTION_FIELDS = (
    Field("text", "text", REQUIRED),
    Field("answers", "texts", ()),
    Field("reply", "text", ""),
    Field("minutes", "number", 0.0),
)
SHOW_FIELDS = (
    Field(
        "figure",
        "record",
        None,
        item=(
            Field("name", "text", REQUIRED),
            Field("caption", "text", REQUIRED),
            Field("ext", "text", "png"),
        ),
    ),
    Field("text", "texts", ()),
    Field("listing", "text", ""),
    Field("formula", "flag", False),
    Field("page", "text", ""),
    Field("trainer", "text", ""),
    Field("task", "integer", 0),
    Field("does", "text", ""),
    Field("minutes", "number", 0.0),
)
SLIDE_FIELDS = (
    Field("title", "text", ""),
    Field("show", "record", REQUIRED, item=SHOW_FIELDS),
    Field("say", "text", REQUIRED),
    Field("ask", "record", None, item=QUESTION_FIELDS),
    Field("optional", "flag", False),
)
STEP_FIELDS = (
    Field("key", "text", REQUIRED),
    Field("title", "text", REQUIRED),
    Field("pages", "texts", REQUIRED),
    Field("slides", "list", REQUIRED, item=SLIDE_FIELDS),
    Field("comment", "text", ""),
    Field("deepening", "texts", REQUIRED),
)
STAGE_FIELDS = (
    Field("key", "text", REQUIRED),
    Field("title", "text", REQUIRED),
    Field("minutes", "minutes", REQUIRED),
    Field("comment", "text", ""),
    Field("slides", "list", (), item=SLIDE_FIELDS),
    Field("steps", "list", (), item=STEP_FIELDS),
)
PLAN_FIELDS = (
    Field("topic", "text", REQUIRED),
    Field("duration", "minutes", REQUIRED),
    Field("speech_rate", "integer", REQUIRED),
    Field("question_pause", "number", REQUIRED),
    Field("annotation", "text", REQUIRED),
    Field("goal", "texts", REQUIRED),
    Field("tasks", "texts", REQUIRED),
    Field("stages", "list", REQUIRED, item=STAGE_FIELDS),
    Field("reflection", "texts", REQUIRED),
    Field("assessment", "texts", ()),
    Field("homework", "texts", ()),
    Field(
        "resources",
        "list",
        (),
        item=(Field("title", "text", REQUIRED), Field("url", "text", REQUIRED)),
    ),
)


def _slide(entry: dict, src: Source, lesson: str, timing: Timing) -> PlanSlide:
    show = dict(entry["show"])
    if show["page"]:
        lessontext.page_exists(lesson, show["page"], src.at("show.page"))
    ask = Question(**entry["ask"]) if entry["ask"] else None
    figure = show.pop("figure")
    figure = FigureRef(**figure) if figure else None
    title = entry["title"] or (ask.text if ask else figure.caption if figure else "")
    try:
        slide = PlanSlide(
            title=title,
            show=Show(**show, figure=figure),
            say=entry["say"],
            ask=ask,
            optional=entry["optional"],
        )
    except ValueError as err:
        raise src.error(str(err)) from None
    return slide.timed(timing)


def _slides(entries: tuple[dict, ...], src: Source, lesson: str, timing: Timing):
    return tuple(
        _slide(dict(e), Source(src.path, f"{src.where}.slides[{k}]"), lesson, timing)
        for k, e in enumerate(entries)
    )


def _step(entry: dict, src: Source, lesson: str, timing: Timing) -> Step:
    for k, page in enumerate(entry["pages"]):
        lessontext.page_exists(lesson, page, Source(src.path, f"{src.where}.pages[{k}]"))
    slides = _slides(entry.pop("slides"), src, lesson, timing)
    try:
        return Step(**entry, slides=slides)
    except ValueError as err:
        raise src.error(str(err)) from None


def _stage(entry: dict, src: Source, lesson: str, timing: Timing) -> Stage:
    steps = tuple(
        _step(
            dict(step), Source(src.path, f"{src.where}.steps[{k}] ({step['key']})"), lesson, timing
        )
        for k, step in enumerate(entry.pop("steps"))
    )
    slides = _slides(entry.pop("slides"), src, lesson, timing)
    planned = entry.pop("minutes")
    try:
        return Stage(**entry, planned=planned, slides=slides, steps=steps)
    except ValueError as err:
        raise src.error(str(err)) from None


def read_plan(path: Path, lesson: str) -> LessonPlan:
    """Технологическая карта из файла ``path`` урока ``lesson``.

    Raises:
        LessonTextError: нет поля (например, слов педагога у слайда), время этапа по
            расчёту расходится с его минутами больше чем на :data:`TOLERANCE`, этапы не
            сходятся с ``duration``, домашнее задание ссылается на задание, которого нет,
            или в ``{{ … }}`` неизвестное имя.
    """
    src = Source(path)
    data = lessontext.check_record(lessontext.read_yaml(path), PLAN_FIELDS, src)
    data = lessontext.render_record(
        data, PLAN_FIELDS, lessontext.computed(path.parent, "plan", src), src
    )
    timing = Timing(data["speech_rate"], data["question_pause"])
    stages = tuple(
        _stage(dict(stage), Source(path, f"stages[{k}] ({stage['key']})"), lesson, timing)
        for k, stage in enumerate(data["stages"])
    )
    total = sum(stage.planned for stage in stages)
    if total != data["duration"]:
        raise src.at("duration").error(
            f"этапы занимают {minutes_text(total)}, а урок длится {minutes_text(data['duration'])}"
        )
    shown = {
        s.show.listing
        for stage in stages
        for s in (*stage.slides, *(x for step in stage.steps for x in step.slides))
    }
    if "assessment" in shown and not data["assessment"]:
        raise src.at("assessment").error("слайд показывает критерии оценки, а их в карте нет")
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
        timing=timing,
        stages=stages,
        reflection=data["reflection"],
        assessment=data["assessment"],
        homework=data["homework"],
        resources=tuple(Resource(**r) for r in data["resources"]),
        lesson=lesson,
    )


@cache
def lesson_plan(lesson: str | None = None) -> LessonPlan:
    """Технологическая карта урока (для урока 1 — «Свёрточные нейросети», 70 минут)."""
    lesson = lessontext.resolve_lesson(lesson)
    return read_plan(lessontext.LESSONS_DIR / lesson / "plan.yaml", lesson)
