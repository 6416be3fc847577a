"""Рисунки слайдов: версии рисунков урока для экрана 16:9 и рисунки только для слайдов.

Их рисует прогонщик галереи (:mod:`sitebuild.runner.gallery`) после скриптов урока — с теми же
обученными сетями из кэша опытов; сборка MkDocs только берёт готовые файлы
(:mod:`sitebuild.classroom.teacher`) и ни torch, ни matplotlib не загружает.

Какие рисунки рисовать, говорит сам урок: ``lessons/<урок>/slide_figures.py`` (кортежи
``VERSIONS`` и ``SLIDE_ONLY`` из :class:`SlideFigure`, см. :func:`lesson_figures`). Функция
рисунка вызывает тот же построитель библиотеки (``lessonlib.figures``), что и страница
урока, с теми же данными, но в широкой раскладке (``wide=True``) и без общего заголовка —
его роль на слайде играет заголовок слайда. Надписи поднимаются до кегля проектора
(:func:`readable`).

Файлы — в ``.cache/slides/``: PNG и замер его надписей (``.json``) под отпечатком
(:mod:`sitebuild.runner.fingerprint`, как у галереи) исходника функции рисунка, модулей
``lessonlib``, которые она импортирует (граф импортов :mod:`sitebuild.runner.imports`), и
версий библиотек (:func:`figure_path`).
"""

from __future__ import annotations

import ast
import inspect
import io
import json
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

from sitebuild.lesson.lessontext import load_file
from sitebuild.runner import fingerprint, imports
from sitebuild.settings import PATHS, use_lessonlib_cache

LIBRARY = Path(__file__).resolve().parents[3] / "lessonlib"
LESSONS_DIR = PATHS.lessons

BOX = (1900, 960)
"""Самое большое место рисунка на слайде 1920×1080: крупнее картинка не показывается."""


@dataclass(frozen=True)
class SlideFigure:
    """Рисунок, который сборка рисует для слайдов: имя файла и функция, которая его строит
    (подпись рисунка — в карте урока)."""

    name: str
    draw: Callable[[], object]

    def key(self) -> str:
        """Отпечаток всего, от чего зависит рисунок (см. описание модуля)."""
        source = textwrap.dedent(inspect.getsource(self.draw))
        inputs = {"функция": fingerprint.digest(source.encode())}
        for path in imports.closure(imports.imported_names(ast.parse(source)), LIBRARY):
            name = f"{LIBRARY.name}/{path.relative_to(LIBRARY).as_posix()}"
            inputs[name] = fingerprint.digest(path.read_bytes())
        inputs["версии"] = fingerprint.digest("\n".join(fingerprint.versions()).encode())
        # Кегль надписей для проектора (readable) — тоже часть рисунка слайда.
        inputs["надписи"] = fingerprint.digest(
            (inspect.getsource(readable) + repr((SLIDE_MIN_PX, BOX))).encode()
        )
        return fingerprint.key(inputs)[:24]

    def png(self) -> tuple[bytes, dict]:
        """PNG рисунка и замер его надписей (:func:`lessonlib.style.text_metrics`)."""
        from lessonlib.style import FIGURE_DPI, apply_style, comma_ticks, text_metrics

        apply_style()
        fig = self.draw()
        comma_ticks(fig)
        readable(fig)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=FIGURE_DPI, bbox_inches="tight", facecolor="white")
        png = buffer.getvalue()
        width = int.from_bytes(png[16:20], "big")
        return png, text_metrics(fig, width, FIGURE_DPI)


SLIDE_MIN_PX = 24.0
"""Надписи рисунка на слайде 1920×1080 — не мельче 24 px (их читают с последнего ряда)."""


def readable(fig, box: tuple[int, int] | None = None, slack: float = 1.1) -> None:
    """Поднимает кегль надписей, которые на слайде вышли бы мельче :data:`SLIDE_MIN_PX`.

    Рисунок вписывается в место рисунка на слайде ``box`` (по умолчанию :data:`BOX`);
    ``slack`` — запас на поля, которые добавляет обрезка по содержимому.
    """
    from matplotlib.text import Text

    width_in, height_in = fig.get_size_inches()
    box_w, box_h = box or BOX
    shown = min(box_w, box_h * width_in / height_in)
    smallest = SLIDE_MIN_PX * 72 * width_in / shown * slack
    # Подписи делений matplotlib создаёт заново при отрисовке: их кегль — через tick_params.
    for ax in fig.axes:
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            labels = axis.get_ticklabels(which="both")
            if labels and min(t.get_fontsize() for t in labels) < smallest:
                ax.tick_params(axis=name, which="both", labelsize=smallest)
    fig.draw_without_rendering()
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text().strip() and text.get_fontsize() < smallest:
            text.set_fontsize(smallest)


# --- Рисунки слайдов урока ---------------------------------------------------------------


@dataclass(frozen=True)
class LessonFigures:
    """Рисунки, которые сборка рисует для слайдов урока (``lessons/<урок>/slide_figures.py``).

    ``versions`` — версии рисунков страниц для 16:9 (рисунок карты с тем же именем на
    слайде заменяется), ``slide_only`` — рисунки, которых на страницах нет.
    """

    versions: dict[str, SlideFigure]
    slide_only: dict[str, SlideFigure]

    @property
    def all(self) -> dict[str, SlideFigure]:
        return self.slide_only | self.versions


def lesson_figures(lesson: str, lessons_dir: Path = LESSONS_DIR) -> LessonFigures:
    """Рисунки слайдов урока ``lesson``; у урока без файла ``slide_figures.py`` — никаких.

    Файл загружается по пути, как ``values.py`` (:func:`sitebuild.lesson.lessontext.load_file`).
    """
    path = lessons_dir / lesson / "slide_figures.py"
    if not path.is_file():
        return LessonFigures({}, {})
    module = _load(path)
    found = {}
    for field in ("VERSIONS", "SLIDE_ONLY"):
        figures = getattr(module, field, ())
        if not all(isinstance(f, SlideFigure) for f in figures):
            raise ValueError(f"{path}: {field} — ожидался кортеж SlideFigure(имя, функция)")
        found[field] = {f.name: f for f in figures}
    return LessonFigures(found["VERSIONS"], found["SLIDE_ONLY"])


@cache
def _load(path: Path) -> ModuleType:
    return load_file(path, f"slide_figures_{path.parent.name}")


# --- Файлы рисунков --------------------------------------------------------------------


def figure_path(figure: SlideFigure, cache: Path) -> Path:
    """PNG рисунка ``figure`` в папке ``cache``; замер надписей — рядом, ``.json``."""
    return cache / f"{figure.name}-{figure.key()}.png"


def draw(figure: SlideFigure, cache: Path) -> Path:
    """Рисует ``figure`` в ``cache``, если его там ещё нет; возвращает путь к PNG."""
    path = figure_path(figure, cache)
    metrics = path.with_suffix(".json")
    if not (path.is_file() and metrics.is_file()):
        cache.mkdir(parents=True, exist_ok=True)
        png, measured = figure.png()
        path.write_bytes(png)
        metrics.write_text(json.dumps(measured), encoding="utf-8")
    return path


def drawn_metrics(figure: SlideFigure, cache: Path) -> dict | None:
    """Замер надписей нарисованного рисунка (``None`` — его ещё не рисовали)."""
    path = figure_path(figure, cache).with_suffix(".json")
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def draw_lessons(
    lessons: Iterable[str], cache: Path, experiments: Path, lessons_dir: Path = LESSONS_DIR
) -> list[str]:
    """Рисунки слайдов уроков ``lessons``, которых ещё нет в ``cache``; возвращает их имена.

    ``experiments`` — кэш опытов галереи (``.cache/lessonlib``): обученные сети — оттуда.
    """
    drawn = []
    for lesson in sorted(set(lessons)):
        for figure in lesson_figures(lesson, lessons_dir).all.values():
            if not figure_path(figure, cache).with_suffix(".json").is_file():
                use_lessonlib_cache(experiments)
                draw(figure, cache)
                drawn.append(f"{lesson}/{figure.name}")
    return drawn
