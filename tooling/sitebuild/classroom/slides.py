"""Слайды урока для проектора — слайды технологической карты один к одному.

Каждый слайд карты (:class:`sitebuild.lesson.lesson_plan.PlanSlide`) — один слайд презентации:
что на нём видно, вопрос (ответы открываются по щелчку) и слова педагога для него — его
заметки докладчика. Время слайда из карты (речь, вопрос, занятие класса) — таймер темпа
reveal.js. Основной путь идёт по порядку карты, запасные слайды — в конце, вне счёта.
Рисунки — те же, что на страницах урока (``<урок>/figures``), а мелкие для экрана 16:9 —
их версии для слайда; их и рисунки только для слайдов рисует
:mod:`sitebuild.runner.slide_figures`. Все картинки лежат в ``<урок>/teacher/deck/figures``.

Шаблон — ``templates/slides.html.j2`` (reveal.js лежит в ``docs/javascripts/vendor``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import segno

from lessonlib.fmt import decimal
from lessonlib.fmt import minutes as minutes_text
from sitebuild.lesson.exercises import get_exercise
from sitebuild.lesson.lesson_plan import LessonPlan, PlanSlide, Show
from sitebuild.runner.slide_figures import lesson_figures
from sitebuild.templates import render

DECK = "index.html"
"""Страница презентации в папке слайдов урока (:attr:`sitebuild.lesson.course.Lesson.deck_dir`)."""


@dataclass(frozen=True)
class Picture:
    """Рисунок слайда: имя файла в ``<урок>/teacher/deck/figures``, расширение и подпись
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
    """Один слайд презентации — слайд карты (:class:`~sitebuild.lesson.lesson_plan.PlanSlide`)
    с этапом, шагом и временем.

    Attributes:
        title: заголовок слайда.
        stage: этап урока, к которому относится слайд.
        step: шаг этапа «Изучение нового материала» (или пусто).
        number: номер шага (0 — у этапов без шагов).
        clock: когда идёт шаг или этап — минуты от начала урока, ``12–18 мин``.
        seconds: время слайда по карте (речь, вопрос, занятие класса); у запасного — 0.
        kind: что на слайде (:attr:`~sitebuild.lesson.lesson_plan.Show.kind`).
        picture: рисунок (или ``None``).
        points: текст на слайде — по пунктам.
        answers: ожидаемые ответы, которые открываются по щелчку.
        reply: как педагог подхватывает ответы (открывается вместе с ними).
        does: что делает класс в тренажёре или задании; ``activity_minutes`` — сколько минут.
        qr_svg: QR-код (SVG) страницы сайта — только если у сайта есть адрес (``site_url``).
        link: полный адрес страницы под QR-кодом (пусто без ``site_url``).
        page_title: страница урока, на которую ведёт слайд (``Страница 8 «…»``).
        say: слова педагога для этого слайда (заметки докладчика).
        formula: формула размера карты (у слайда с формулой).
        optional: запасной слайд — в конце презентации, вне часов урока.
    """

    title: str
    stage: str
    step: str
    number: int
    clock: str
    seconds: int = 0
    kind: str = ""
    picture: Picture | None = None
    points: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    reply: str = ""
    does: str = ""
    activity_minutes: float = 0.0
    qr_svg: str = ""
    link: str = ""
    page_title: str = ""
    say: str = ""
    formula: bool = False
    optional: bool = False
    source: PlanSlide | None = field(default=None, compare=False, repr=False)

    @property
    def header(self) -> str:
        """Строка для докладчика: этап, шаг, время шага и этого слайда."""
        where = f"Этап «{self.stage}»"
        if self.step:
            where += f" · шаг {self.number} «{self.step}»"
        if self.optional:
            return f"{where} · запасной слайд, вне времени урока"
        return f"{where} · {self.clock} урока · слайд ≈ {_seconds_text(self.seconds)}"

    @property
    def notes(self) -> tuple[str, ...]:
        """Заметки докладчика: слова педагога, затем что делает класс."""
        notes = [plain(self.say)]
        if self.answers or self.reply:
            notes.append("Сначала выслушать класс, потом открыть ответы щелчком.")
        if self.does:
            notes.append(f"Класс ({self.activity_label}): {self.does}")
        return tuple(notes)

    @property
    def activity_label(self) -> str:
        """Сколько длится занятие класса: ``5 мин``, ``3,5 мин``."""
        return duration(self.activity_minutes)


def duration(minutes: float) -> str:
    """Минуты по-русски: целые — ``5 мин``, дробные — ``3,5 мин``."""
    if float(minutes).is_integer():
        return minutes_text(int(minutes))
    return f"{decimal(minutes, 1)}\u00a0мин"


def _seconds_text(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds}\u00a0с"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}\u00a0мин {rest}\u00a0с" if rest else f"{minutes}\u00a0мин"


def plain(text: str) -> str:
    """Текст карты для слайда: формулы ``$…$`` — без знаков доллара."""
    return re.sub(r"\$([^$]+)\$", r"\1", text)


def _clock(start: float, end: float) -> str:
    return f"{round(start)}–{minutes_text(round(end))}"


def linked_pages(plan: LessonPlan) -> list[str]:
    """Страницы (исходные пути в docs/), на которые ведут слайды со ссылкой."""
    return [
        f"{plan.lesson}/{s.show.page}.ipynb"
        for stage in plan.stages
        for s in stage.all_slides
        if s.show.page
    ]


def picture_sources(plan: LessonPlan) -> dict[str, str]:
    """Картинки слайдов: имя → файл рисунка страницы урока (``lesson01/figures/x.png``)
    или ``""`` у рисунков, которые есть только на слайдах."""
    drawn = lesson_figures(plan.lesson).slide_only
    return {
        fig.name: "" if fig.name in drawn else f"{plan.lesson}/figures/{fig.name}.{fig.ext}"
        for stage in plan.stages
        for s in stage.all_slides
        if (fig := s.show.figure)
    }


@dataclass(frozen=True)
class _Context:
    """Что нужно слайдам кроме карты: адреса и заголовки страниц, расширения картинок."""

    plan: LessonPlan
    urls: Mapping[str, str]
    titles: Mapping[str, str]
    exts: Mapping[str, str]

    def picture(self, name: str, caption: str) -> Picture:
        return Picture(name, caption, self.exts.get(name, "png"))

    def points(self, show: Show) -> tuple[str, ...]:
        if show.listing == "stages":
            return tuple(f"{s.title} — {minutes_text(s.planned)}" for s in self.plan.stages)
        if show.listing == "reflection":
            return self.plan.reflection
        if show.listing == "assessment":
            return self.plan.assessment
        if show.listing == "homework":
            return tuple(get_exercise(key, self.plan.lesson).title for key in self.plan.homework)
        return tuple(plain(p) for p in show.text)


def _slide(spec: PlanSlide, base: dict, ctx: _Context) -> Slide:
    show = spec.show
    fields: dict = {
        "source": spec,
        "title": plain(spec.title),
        "kind": show.kind,
        "points": ctx.points(show),
        "say": spec.say,
        "formula": show.formula,
        "optional": spec.optional,
        "seconds": 0 if spec.optional else round(spec.minutes * 60),
        "does": show.does,
        # Минуты занятия класса — у любого слайда, где класс что-то делает (does): и у
        # тренажёра с заданием, и у страницы блокнота на практической работе.
        "activity_minutes": show.minutes if show.does else 0.0,
    }
    if show.figure:
        fields["picture"] = ctx.picture(show.figure.name, plain(show.figure.caption))
    if spec.ask:
        fields |= {"answers": spec.ask.answers, "reply": spec.ask.reply}
    if show.page:
        source = f"{ctx.plan.lesson}/{show.page}.ipynb"
        link = ctx.urls.get(source, "")
        fields["page_title"] = ctx.titles.get(source, "")
        if urlsplit(link).scheme:
            qr = segno.make(link, error="m")
            title = "QR-код: ссылка на страницу урока"
            fields["qr_svg"] = qr.svg_inline(border=2, omitsize=True, title=title)
            fields["link"] = link
    return Slide(**base, **fields)


def deck(
    plan: LessonPlan,
    urls: Mapping[str, str] | None = None,
    exts: Mapping[str, str] | None = None,
    titles: Mapping[str, str] | None = None,
) -> list[Slide]:
    """Все слайды урока: основной путь по порядку карты, затем запасные слайды.

    ``urls`` — полные адреса страниц сайта по их исходному пути (:func:`linked_pages`;
    QR-код только у адреса с ``https://``), ``titles`` — их заголовки. ``exts`` —
    расширения картинок слайдов по имени (``jpg`` или ``png``); без него — ``png``.
    """
    ctx = _Context(plan, urls or {}, titles or {}, exts or {})
    core: list[Slide] = []
    backup: list[Slide] = []
    numbered = iter(enumerate(plan.step_schedule(), 1))
    for stage, start, end in plan.schedule():
        groups = []
        if stage.steps:
            for _ in stage.steps:
                number, (step, a, b) = next(numbered)
                groups.append(
                    (step.slides, {"step": step.title, "number": number, "clock": _clock(a, b)})
                )
        else:
            groups.append((stage.slides, {"step": "", "number": 0, "clock": _clock(start, end)}))
        for specs, where in groups:
            base = {"stage": stage.title, **where}
            for spec in specs:
                (backup if spec.optional else core).append(_slide(spec, base, ctx))
    return core + backup


def step_slide_numbers(slides: Sequence[Slide]) -> dict[str, list[int]]:
    """Номера основных слайдов (с 1) каждого шага — на них ссылается технологическая карта."""
    numbers: dict[str, list[int]] = {}
    for k, slide in enumerate(slides, 1):
        if slide.step and not slide.optional:
            numbers.setdefault(slide.step, []).append(k)
    return numbers


def slide_numbers(slides: Sequence[Slide]) -> dict[tuple[str, str, str], int]:
    """Номер каждого слайда по (этап, шаг, заголовок) — для хода урока в карте."""
    return {(s.stage, s.step, s.title): k for k, s in enumerate(slides, 1)}


def numbers_text(numbers: Sequence[int]) -> str:
    """``[5, 6, 7]`` → ``"5–7"``, ``[4]`` → ``"4"``: слайды шага идут подряд."""
    return str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"


def outline(slides: Sequence[Slide]) -> str:
    """Markdown-таблица слайдов: номер, этап или шаг, заголовок, время по карте."""
    rows = ["| Слайд | Этап или шаг | На слайде | Время |", "|---|---|---|---|"]
    for k, slide in enumerate(slides, 1):
        where = f"{slide.number}. {slide.step}" if slide.step else slide.stage
        kind = " (вопрос, ответы по щелчку)" if slide.answers else ""
        time = "запасной" if slide.optional else _seconds_text(slide.seconds)
        rows.append(f"| {k} | {where} | {slide.title}{kind} | {time} |")
    return "\n".join(rows) + "\n"


def render_deck(plan: LessonPlan, slides: Sequence[Slide], root: str) -> str:
    """HTML презентации; ``root`` — путь от неё до корня сайта (``../../``)."""
    core = [s for s in slides if not s.optional]
    return render(
        "slides.html.j2",
        plan=plan,
        slides=slides,
        core_count=len(core),
        root=root,
        total_seconds=sum(s.seconds for s in core),
    )
