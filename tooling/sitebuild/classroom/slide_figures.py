"""Рисунки слайдов: версии рисунков урока для экрана 16:9 и рисунки только для слайдов.

Какие рисунки рисовать, говорит сам урок: ``lessons/<урок>/slide_figures.py`` (кортежи
``VERSIONS`` и ``SLIDE_ONLY`` из :class:`SlideFigure`, см. :func:`lesson_figures`). Функция
рисунка вызывает тот же построитель библиотеки (``lessonlib.figures``), что и страница
урока, с теми же данными, но в широкой раскладке (``wide=True``) и без общего заголовка —
его роль на слайде играет заголовок слайда. Надписи поднимаются до кегля проектора
(:func:`readable`).

Кэш ``.cache/slides/``: имя файла — отпечаток (:mod:`sitebuild.runner.fingerprint`, как у галереи)
исходника функции рисунка, модулей ``lessonlib``, которые она импортирует (граф импортов
:mod:`sitebuild.runner.imports`), и версий библиотек. Сборка без правок не импортирует ни torch,
ни matplotlib и ничего не рисует.
Все картинки слайдов кодируются для проектора и печати одинаково: JPEG, если он неотличим
от исходника, иначе PNG с палитрой (:mod:`sitebuild.pages.imagecodec`) — Chromium кладёт JPEG
в PDF как есть.
"""

from __future__ import annotations

import ast
import inspect
import io
import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

from sitebuild.lesson.lessontext import load_file
from sitebuild.runner import fingerprint, imports
from sitebuild.settings import PATHS, use_lessonlib_cache

LIBRARY = Path(__file__).resolve().parents[3] / "lessonlib"
LESSONS_DIR = PATHS.lessons


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


# --- Кодирование и кэш ----------------------------------------------------------------


PROJECTOR_PSNR_DB = 36.0
"""JPEG слайда годится, если отличие от исходника не больше этого (проектор и печать
16:9 не показывают разницы, которую видно на хорошем мониторе вблизи)."""
PROJECTOR_QUALITIES = (75, 80, 85)
BOX = (1900, 960)
"""Самое большое место рисунка на слайде 1920×1080: крупнее картинка не показывается."""
ENCODING = "jpeg{}-psnr{:g}-{}x{}".format(
    "-".join(map(str, PROJECTOR_QUALITIES)), PROJECTOR_PSNR_DB, *BOX
)
"""Правила кодирования — часть имени файла в кэше: их смена перекодирует картинки."""


def _encode(data: bytes) -> tuple[bytes, str]:
    """Самое лёгкое из годного и для экрана, и для PDF: JPEG или PNG (GIF — как есть).

    Картинка крупнее места на слайде (:data:`BOX`) сначала уменьшается до него.
    """
    from PIL import Image

    from sitebuild.pages.imagecodec import encode_small, psnr

    image = Image.open(io.BytesIO(data))
    if image.format == "GIF":
        return data, "gif"
    fit = min(1.0, BOX[0] / image.width, BOX[1] / image.height)
    if fit < 1.0:
        size = (round(image.width * fit), round(image.height * fit))
        out = io.BytesIO()
        image.convert("RGB").resize(size, Image.Resampling.LANCZOS).save(out, "PNG")
        data = out.getvalue()
    encoded = encode_small(data)
    best = (encoded.data, encoded.ext)
    if encoded.print_data is not None:
        best = (encoded.print_data, encoded.print_ext)
    rgb = Image.open(io.BytesIO(data)).convert("RGB")
    for quality in PROJECTOR_QUALITIES:
        out = io.BytesIO()
        rgb.save(out, "JPEG", quality=quality, subsampling=0, optimize=True)
        jpeg = out.getvalue()
        if psnr(rgb, Image.open(io.BytesIO(jpeg))) >= PROJECTOR_PSNR_DB:
            return (jpeg, "jpg") if len(jpeg) < len(best[0]) else best
    return best


def drawn(figure: SlideFigure, cache: Path, experiments: Path) -> tuple[bytes, str]:
    """Рисунок ``figure`` для слайда (байты и расширение) — из кэша или нарисованный.

    Нарисованный PNG хранится под отпечатком :meth:`SlideFigure.key` вместе с замером
    надписей (:func:`drawn_metrics`), его кодировка — под отпечатком содержимого.
    ``experiments`` — кэш опытов галереи (``.cache/lessonlib``): обученные сети берутся
    оттуда.
    """
    path = cache / f"{figure.name}-{figure.key()}.png"
    metrics = path.with_suffix(".json")
    if not (path.is_file() and metrics.is_file()):
        use_lessonlib_cache(experiments)
        cache.mkdir(parents=True, exist_ok=True)
        png, measured = figure.png()
        path.write_bytes(png)
        metrics.write_text(json.dumps(measured), encoding="utf-8")
    return encoded(path, cache)


def drawn_metrics(figure: SlideFigure, cache: Path) -> dict | None:
    """Замер надписей нарисованного рисунка из кэша (``None`` — его ещё не рисовали)."""
    path = cache / f"{figure.name}-{figure.key()}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def encoded(path: Path, cache: Path) -> tuple[bytes, str]:
    """Картинка ``path`` в кодировке слайдов (:func:`_encode`); кэш — по содержимому."""
    data = path.read_bytes()
    stem = f"encoded-{fingerprint.digest(data)[:24]}-{ENCODING}"
    found = sorted(cache.glob(f"{stem}.*"))
    if found:
        return found[0].read_bytes(), found[0].suffix[1:]
    result, ext = _encode(data)
    cache.mkdir(parents=True, exist_ok=True)
    (cache / f"{stem}.{ext}").write_bytes(result)
    return result, ext
