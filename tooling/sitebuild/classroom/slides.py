"""Слайды урока для проектора — из технологической карты и рисунков сайта.

Порядок слайдов — порядок этапов и шагов :func:`sitebuild.lesson.lesson_plan.lesson_plan`:
вопрос классу идёт раньше ответа (ответ открывается по щелчку), затем рисунки шага.
Рисунки — те же, что на страницах урока (``<урок>/figures``), а мелкие для экрана 16:9 —
их версии для слайда; их и схему CNN целиком с фотографиями рисует
:mod:`sitebuild.classroom.slide_figures`. Все картинки лежат в
``<урок>/teacher/deck/figures``. В заметках
докладчика — этап, шаг, минуты и текст педагога из карты; по минутам шага reveal.js
ведёт таймер темпа.

Шаблон — ``templates/slides.html.j2`` (reveal.js лежит в ``docs/javascripts/vendor``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

import segno

from lessonlib.conv import output_size
from lessonlib.fmt import minutes as minutes_text
from sitebuild.classroom.slide_figures import CNN_SCHEME, PHOTOS
from sitebuild.lesson.exercises import get_exercise
from sitebuild.lesson.lesson_plan import LessonPlan, Question, Stage, Step
from sitebuild.lesson.lessontext import lesson_facts
from sitebuild.templates import render

DECK = "index.html"
"""Страница презентации в папке слайдов урока (:attr:`sitebuild.lesson.course.Lesson.deck_dir`)."""


@dataclass(frozen=True)
class Picture:
    """Рисунок слайда: имя файла в ``figures/`` папки слайдов, расширение и подпись
    (она же текст для незрячих)."""

    name: str
    caption: str
    ext: str = "png"

    @property
    def file(self) -> str:
        """Путь от папки слайдов урока."""
        return f"figures/{self.name}.{self.ext}"


@dataclass(frozen=True)
class Slide:
    """Один слайд.

    Attributes:
        title: заголовок слайда.
        stage: этап урока, к которому относится слайд.
        step: шаг этапа «Изучение нового материала» (или пусто).
        number: номер шага (0 — у этапов без шагов).
        minutes: минуты шага или этапа по карте.
        clock: когда идёт шаг — минуты от начала урока, ``12–18 мин``.
        seconds: сколько секунд отведено этому слайду (таймер темпа докладчика).
        picture: рисунок (или ``None``).
        points: текст на слайде — по пунктам.
        answers: ожидаемые ответы, которые открываются по щелчку.
        reply: как педагог подхватывает ответы (открывается вместе с ними).
        qr_svg: QR-код (SVG) и ``link`` — адрес под ним. Если адрес сайта не задан
            (``site_url``), ``link`` — путь внутри сайта, а QR-кода нет: с телефона по нему
            не открыть.
        notes: заметки докладчика — текст педагога.
        formula: формула размера карты (у слайда с формулой).
    """

    title: str
    stage: str
    step: str
    number: int
    minutes: int
    clock: str
    seconds: int = 0
    picture: Picture | None = None
    points: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    reply: str = ""
    qr_svg: str = ""
    link: str = ""
    notes: tuple[str, ...] = ()
    formula: bool = False

    @property
    def header(self) -> str:
        """Строка для докладчика: этап, шаг, минуты."""
        where = f"Этап «{self.stage}»"
        if self.step:
            where += f" · шаг {self.number} «{self.step}»"
        return f"{where} · {minutes_text(self.minutes)} по плану ({self.clock} урока)"


@dataclass
class _StepSlides:
    """Слайды одного шага до раздачи заметок и минут."""

    before: list[Slide] = field(default_factory=list)
    figures: list[Slide] = field(default_factory=list)
    after: list[Slide] = field(default_factory=list)

    @property
    def all(self) -> list[Slide]:
        return self.before + self.figures + self.after


def plain(text: str) -> str:
    """Текст карты для слайда: формулы ``$…$`` — без знаков доллара."""
    return re.sub(r"\$([^$]+)\$", r"\1", text)


def spread(points: Sequence[str], count: int) -> list[tuple[str, ...]]:
    """Разложить пункты текста педагога по ``count`` слайдам по порядку.

    Пунктов больше — слайды получают их подряд группами; слайдов больше — пункт
    повторяется на соседних слайдах, так что заметки есть у каждого слайда.
    """
    if count < 1:
        raise ValueError(f"count: ожидалось хотя бы 1 слайд, получено {count!r}")
    if not points:
        return [()] * count
    n = len(points)
    if n >= count:
        return [tuple(points[j * n // count : (j + 1) * n // count]) for j in range(count)]
    return [(points[j * n // count],) for j in range(count)]


def _question(q: Question, base: dict) -> Slide:
    notes = ("Сначала спросить класс, выслушать ответы, потом открыть ответы щелчком.",)
    return Slide(title=q.text, answers=q.answers, reply=q.reply, notes=notes, **base)


def linked_pages(plan: LessonPlan) -> list[str]:
    """Страницы (исходные пути в docs/), на которые ведут QR-коды слайдов."""
    return [f"{plan.lesson}/{step.qr}.ipynb" for step, _, _ in plan.step_schedule() if step.qr]


def picture_sources(plan: LessonPlan) -> dict[str, str]:
    """Картинки слайдов: имя → файл рисунка страницы урока (``lesson01/figures/x.png``)
    или ``""`` у рисунков, которые есть только на слайдах."""
    sources = {
        fig.name: f"{plan.lesson}/figures/{fig.name}.{fig.ext}"
        for step, _, _ in plan.step_schedule()
        for fig in step.figures
    }
    return sources | {drawn.name: "" for drawn in (CNN_SCHEME, PHOTOS)}


def _step_slides(step: Step, number: int, clock: str, ctx: _Context) -> list[Slide]:
    base = {
        "stage": "Изучение нового материала",
        "step": step.title,
        "number": number,
        "minutes": step.minutes,
        "clock": clock,
    }
    parts = _StepSlides()
    # Первый вопрос шага задают до объяснения, остальные — после.
    for k, q in enumerate(step.questions):
        (parts.before if k == 0 else parts.after).append(_question(q, base))
    extras = _extra_slides(step, base, ctx)
    parts.figures += [slide for anchor, slide in extras if anchor == ""]
    for fig in step.figures:
        picture = ctx.picture(fig.name, fig.caption)
        parts.figures.append(Slide(title=fig.caption, picture=picture, **base))
        parts.figures += [slide for anchor, slide in extras if anchor == fig.name]
    known = {""} | {fig.name for fig in step.figures}
    parts.figures += [slide for anchor, slide in extras if anchor not in known]
    # Шаг без вопросов и рисунков — один слайд с его темой и тем, что делает педагог.
    slides = parts.all or [Slide(title=step.title, points=tuple(map(plain, step.activity)), **base)]
    share = step.minutes * 60 // len(slides)
    notes = spread([plain(p) for p in step.activity], len(slides))
    return [
        replace(s, seconds=share, notes=s.notes + extra)
        for s, extra in zip(slides, notes, strict=True)
    ]


def formula_points(lesson: str) -> tuple[str, ...]:
    """Легенда формулы размера карты и два примера урока, посчитанные :func:`output_size`."""
    side = lesson_facts(lesson).MNIST_SIDE
    examples = ((4, 3), (side, 3), (side, 5))
    return (
        "m — размер карты активации",
        "i — размер изображения",
        "f — размер фильтра",
        "Примеры: " + ";  ".join(f"{i} − {f} + 1 = {output_size(i, f)}" for i, f in examples),
    )


@dataclass(frozen=True)
class _Context:
    """Что нужно слайдам шага кроме карты: адреса страниц и расширения картинок."""

    lesson: str
    urls: Mapping[str, str]
    exts: Mapping[str, str]

    def picture(self, name: str, caption: str) -> Picture:
        return Picture(name, caption, self.exts.get(name, "png"))


def _extra_slides(step: Step, base: dict, ctx: _Context) -> list[tuple[str, Slide]]:
    """Слайды, которых нет среди рисунков страниц: формула, фотографии, QR, схема CNN.

    Каждый — с рисунком шага, после которого он идёт (``""`` — раньше всех рисунков).
    """
    if step.key == "output_size":
        slide = Slide(
            title="Формула размера карты", formula=True, points=formula_points(ctx.lesson), **base
        )
        return [("output_size_mnist", slide)]
    if step.key == "trainable":
        photos = ctx.picture(PHOTOS.name, PHOTOS.caption)
        extras = [("", Slide(title="Сколько сложных форм!", picture=photos, **base))]
        if step.qr:
            link = ctx.urls[f"{ctx.lesson}/{step.qr}.ipynb"]
            svg = ""
            if urlsplit(link).scheme:
                qr = segno.make(link, error="m")
                title = "QR-код: ссылка на страницу урока"
                svg = qr.svg_inline(border=2, omitsize=True, title=title)
            qr_slide = Slide(
                title="Подробности: свёртка как умножение на матрицу",
                qr_svg=svg,
                link=link,
                **base,
            )
            extras.append((step.figures[0].name if step.figures else "", qr_slide))
        return extras
    if step.key == "multilayer":
        picture = ctx.picture(CNN_SCHEME.name, CNN_SCHEME.caption)
        return [("shape_chain", Slide(title="Свёрточная сеть целиком", picture=picture, **base))]
    return []


def _stage_slides(plan: LessonPlan, stage: Stage, clock: str) -> list[Slide]:
    base = {"stage": stage.title, "step": "", "number": 0, "minutes": stage.minutes, "clock": clock}
    notes = tuple(plain(p) for p in stage.activity) + ((stage.comment,) if stage.comment else ())
    if stage.key == "organization":
        points = tuple(f"{s.title} — {minutes_text(s.minutes)}" for s in plan.stages)
        slides = [Slide(title=plan.topic, points=points, **base)]
    elif stage.key == "reflection":
        slides = [Slide(title="Подведём итоги", points=plan.reflection, **base)]
    elif stage.key == "homework":
        points = tuple(get_exercise(key, plan.lesson).title for key in plan.homework)
        title = "Домашнее задание по желанию (предложение авторов сайта)"
        slides = [Slide(title=title, points=points, **base)]
    else:
        slides = [_question(q, base) for q in stage.questions]
    share = stage.minutes * 60 // len(slides)
    return [replace(s, seconds=share, notes=s.notes + notes) for s in slides]


def deck(
    plan: LessonPlan,
    urls: Mapping[str, str] | None = None,
    exts: Mapping[str, str] | None = None,
) -> list[Slide]:
    """Все слайды урока по порядку.

    ``urls`` — адреса страниц сайта по их исходному пути (:func:`linked_pages`, для
    QR-кодов); без него — адрес внутри сайта. ``exts`` — расширения картинок слайдов по
    имени (``jpg`` или ``png``, как их закодировала сборка); без него — ``png``.
    """
    if urls is None:
        urls = {page: page.replace(".ipynb", ".html") for page in linked_pages(plan)}
    ctx = _Context(plan.lesson, urls, exts or {})
    slides: list[Slide] = []
    numbered = iter(enumerate(plan.step_schedule(), 1))
    for stage, start, end in plan.schedule():
        if stage.steps:
            for _ in stage.steps:
                number, (step, a, b) = next(numbered)
                slides += _step_slides(step, number, f"{a}–{minutes_text(b)}", ctx)
        else:
            slides += _stage_slides(plan, stage, f"{start}–{minutes_text(end)}")
    return slides


def step_slide_numbers(slides: Sequence[Slide]) -> dict[str, list[int]]:
    """Номера слайдов (с 1) каждого шага — на них ссылается технологическая карта."""
    numbers: dict[str, list[int]] = {}
    for k, slide in enumerate(slides, 1):
        if slide.step:
            numbers.setdefault(slide.step, []).append(k)
    return numbers


def numbers_text(numbers: Sequence[int]) -> str:
    """``[5, 6, 7]`` → ``"5–7"``, ``[4]`` → ``"4"``: слайды шага идут подряд."""
    return str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"


def outline(slides: Sequence[Slide]) -> str:
    """Markdown-таблица слайдов: номер, этап или шаг, заголовок, время по плану."""
    rows = ["| Слайд | Этап или шаг | На слайде |", "|---|---|---|"]
    for k, slide in enumerate(slides, 1):
        where = f"{slide.number}. {slide.step}" if slide.step else slide.stage
        kind = " (вопрос, ответы по щелчку)" if slide.answers else ""
        rows.append(f"| {k} | {where} | {slide.title}{kind} |")
    return "\n".join(rows) + "\n"


def render_deck(plan: LessonPlan, slides: Sequence[Slide], root: str) -> str:
    """HTML презентации; ``root`` — путь от неё до корня сайта (``../../``)."""
    return render(
        "slides.html.j2",
        plan=plan,
        slides=slides,
        root=root,
        total_seconds=plan.total_minutes * 60,
    )
