"""Слайды урока для проектора — из технологической карты и рисунков сайта.

Порядок слайдов — порядок этапов и шагов :func:`lessonlib.lesson_plan.lesson_plan`:
вопрос классу идёт раньше ответа (ответ открывается по щелчку), затем рисунки шага.
Рисунки — те же файлы, что на страницах урока (``lesson01/figures``); схему CNN целиком
и фотографии рисует библиотека при сборке. В заметках докладчика — этап, шаг, минуты и
текст педагога из карты; по минутам шага reveal.js ведёт таймер темпа.

Шаблон — ``templates/slides.html.j2`` (reveal.js лежит в ``docs/javascripts/vendor``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import segno
from matplotlib.figure import Figure

from lessonlib.conv import output_size
from lessonlib.figures.networks import cnn_scheme_figure
from lessonlib.figures.photos import photo_examples_figure
from lessonlib.fmt import minutes as minutes_text
from lessonlib.lessons.lesson01 import COLOR_INPUT, COLOR_LAYERS, MNIST_SIDE
from lessonlib.shapes import Dense, Flatten, ReLU
from lessonlib.style import FIGURE_DPI, apply_style
from sitebuild.exercises import get_exercise
from sitebuild.lesson_plan import LessonPlan, Question, Stage, Step
from sitebuild.templates import render

DECK_DIR = "teacher/deck"
DECK_PAGE = f"{DECK_DIR}/index.html"
FIGURE_DIR = "lesson01/figures"
MATRIX_PAGE = "lesson01/plot_08_conv_as_matmul.ipynb"
"""Страница со свёрткой как умножением на матрицу: на неё ведёт QR-код."""


@dataclass(frozen=True)
class Picture:
    """Рисунок слайда: путь внутри сайта и подпись (она же текст для незрячих)."""

    path: str
    caption: str


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
        qr_svg: QR-код (SVG) и ``link`` — адрес под ним.
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


@dataclass(frozen=True)
class Drawn:
    """Рисунок, который библиотека рисует при сборке только для слайдов."""

    name: str
    caption: str
    draw: Callable[[], Figure]

    @property
    def path(self) -> str:
        return f"{DECK_DIR}/figures/{self.name}.png"

    def png(self) -> bytes:
        apply_style()
        buffer = io.BytesIO()
        self.draw().savefig(
            buffer, format="png", dpi=FIGURE_DPI, bbox_inches="tight", facecolor="white"
        )
        return buffer.getvalue()


CNN_LAYERS = (*COLOR_LAYERS, Flatten(), Dense(64), ReLU(), Dense(10))
"""Сеть из урока (вход 32×32×3, пять и три фильтра) с полносвязной частью на 10 классов."""

CNN_SCHEME = Drawn(
    "cnn_scheme",
    "Свёрточная сеть целиком: свёртка → ReLU → свёртка → ReLU → flatten → полносвязные слои",
    lambda: cnn_scheme_figure(COLOR_INPUT, CNN_LAYERS, "Свёрточная сеть целиком"),
)
PHOTOS = Drawn(
    "photo_examples",
    "Примеры сложных объектов на настоящих фотографиях: кошка, человек, чашка, ракета",
    photo_examples_figure,
)
DRAWN = (CNN_SCHEME, PHOTOS)


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


def _step_slides(step: Step, number: int, clock: str, urls: dict[str, str]) -> list[Slide]:
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
    extras = _extra_slides(step, base, urls)
    parts.figures += [slide for anchor, slide in extras if anchor == ""]
    for fig in step.figures:
        picture = Picture(f"{FIGURE_DIR}/{fig.name}.{fig.ext}", fig.caption)
        parts.figures.append(Slide(title=fig.caption, picture=picture, **base))
        parts.figures += [slide for anchor, slide in extras if anchor == fig.name]
    known = {""} | {fig.name for fig in step.figures}
    parts.figures += [slide for anchor, slide in extras if anchor not in known]
    slides = parts.all
    share = step.minutes * 60 // len(slides)
    notes = spread([plain(p) for p in step.activity], len(slides))
    return [
        replace(s, seconds=share, notes=s.notes + extra)
        for s, extra in zip(slides, notes, strict=True)
    ]


def formula_points() -> tuple[str, ...]:
    """Легенда формулы размера карты и два примера урока, посчитанные :func:`output_size`."""
    examples = ((4, 3), (MNIST_SIDE, 3), (MNIST_SIDE, 5))
    return (
        "m — размер карты активации",
        "i — размер изображения",
        "f — размер фильтра",
        "Примеры: " + ";  ".join(f"{i} − {f} + 1 = {output_size(i, f)}" for i, f in examples),
    )


def _extra_slides(step: Step, base: dict, urls: dict[str, str]) -> list[tuple[str, Slide]]:
    """Слайды, которых нет среди рисунков страниц: формула, фотографии, QR, схема CNN.

    Каждый — с рисунком шага, после которого он идёт (``""`` — раньше всех рисунков).
    """
    if step.key == "output_size":
        slide = Slide(title="Формула размера карты", formula=True, points=formula_points(), **base)
        return [("output_size_mnist", slide)]
    if step.key == "trainable":
        link = urls[MATRIX_PAGE]
        qr = segno.make(link, error="m")
        svg = qr.svg_inline(border=2, omitsize=True, title="QR-код: ссылка на страницу урока")
        photos = Picture(PHOTOS.path, PHOTOS.caption)
        qr_slide = Slide(
            title="Подробности: свёртка как умножение на матрицу",
            qr_svg=svg,
            link=link,
            **base,
        )
        return [
            ("", Slide(title="Сколько сложных форм!", picture=photos, **base)),
            ("conv_matrix", qr_slide),
        ]
    if step.key == "multilayer":
        picture = Picture(CNN_SCHEME.path, CNN_SCHEME.caption)
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
        points = tuple(get_exercise(key).title for key in plan.homework)
        title = "Домашнее задание по желанию (предложение авторов сайта)"
        slides = [Slide(title=title, points=points, **base)]
    else:
        slides = [_question(q, base) for q in stage.questions]
    share = stage.minutes * 60 // len(slides)
    return [replace(s, seconds=share, notes=s.notes + notes) for s in slides]


def deck(plan: LessonPlan, urls: dict[str, str] | None = None) -> list[Slide]:
    """Все слайды урока по порядку.

    ``urls`` — адреса страниц сайта по их исходному пути (нужен адрес страницы
    :data:`MATRIX_PAGE` для QR-кода); без него — адрес внутри сайта.
    """
    urls = urls or {MATRIX_PAGE: MATRIX_PAGE.replace(".ipynb", ".html")}
    slides: list[Slide] = []
    numbered = iter(enumerate(plan.step_schedule(), 1))
    for stage, start, end in plan.schedule():
        if stage.steps:
            for _ in stage.steps:
                number, (step, a, b) = next(numbered)
                slides += _step_slides(step, number, f"{a}–{minutes_text(b)}", urls)
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
