"""Единый визуальный язык рисунков урока и сохранение рисунков для страниц.

Цвета взяты из палитры Окабе — Ито: её различают люди с любым типом
цветового зрения, а при печати в оттенках серого цвета остаются разными по яркости.
Везде на сайте изображение — синее, фильтр — оранжевый, карта активации — зелёная,
выделение — красно-оранжевое.
"""

from __future__ import annotations

import functools
import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Final, ParamSpec

import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.ticker import ScalarFormatter

from lessonlib.folders import OUTPUT_ENV, SITE_ENV, output_path, writable, write_figure
from lessonlib.notebook import announce_saved

# Роли на рисунках (палитра Окабе — Ито).
IMAGE_COLOR: Final = "#0072B2"  # изображение (вход)
FILTER_COLOR: Final = "#E69F00"  # фильтр (ядро)
OUTPUT_COLOR: Final = "#009E73"  # карта активации (выход)
HIGHLIGHT_COLOR: Final = "#D55E00"  # текущее окно, выделение
NEUTRAL_COLOR: Final = "#555555"

# Цвета рецептивного поля из урока: жёлтый пиксель, красный участок, синее поле.
RF_PIXEL_COLOR: Final = "#F0E442"
RF_MIDDLE_COLOR: Final = "#D55E00"
RF_INPUT_COLOR: Final = "#0072B2"

# Цветовые карты.
GRAY_CMAP: Final = "gray"  # чёрно-белые изображения: 0 — чёрный, 255 — белый
MAGNITUDE_CMAP: Final = "gray"  # |карта|: чем больше по модулю, тем белее (как в уроке)
SIGNED_CMAP: Final = "RdBu_r"  # знак важен: синий < 0 < красный, ноль — белый
HEAT_CMAP: Final = "inferno"  # сила отклика поверх картинки: от тёмного к светло-жёлтому

# Размеры шрифта на рисунках, в пунктах, по ролям текста (один список на все рисунки).
FONT_SMALL: Final = 9  # номера карт, деления шкал, мелкие пояснения
FONT_NOTE: Final = 10  # легенды, подписи строк, числа в мелких клетках
FONT_LABEL: Final = 11  # подписи осей и панелей, числа в клетках
FONT_LEGEND: Final = 11.5  # легенда рисунка Собеля
FONT_HEADING: Final = 12  # заголовок панели, подписи классов
FONT_CELL: Final = 13  # числа пошаговой свёртки
FONT_EMPHASIS: Final = 14  # выделенные числа и формы
FONT_RESULT: Final = 15  # итоговая сумма шага свёртки
FONT_OPERATOR_SMALL: Final = 16  # знак операции с подписью («ReLU →»)
FONT_OPERATOR: Final = 22  # знаки ⊛ и = между матрицами
FONT_OPERATOR_BIG: Final = 26

FIGURE_DPI: Final = 150
_RC: Final = {
    "font.size": FONT_LABEL,
    "axes.titlesize": FONT_HEADING,
    "axes.labelsize": FONT_LABEL,
    "figure.titlesize": FONT_CELL,
    "savefig.dpi": FIGURE_DPI,
    "savefig.bbox": "tight",
    "figure.dpi": 100,
    "axes.spines.top": False,
    "axes.spines.right": False,
}

_NAME_RE: Final = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
# Атрибут рисунка: функция без аргументов, которая строит его раскладку для телефона.
_PHONE_ATTR: Final = "lessonlib_phone"
# Атрибут рисунка: файл, куда его сохранил save_figure.
_SAVED_ATTR: Final = "lessonlib_saved"
# Ключевые слова построителя, которые выбирают не раскладку страницы.
_LAYOUT_KEYWORDS: Final = ("phone", "wide")

P = ParamSpec("P")


def apply_style() -> None:
    """Включает единый стиль рисунков урока (шрифты, разрешение, рамки)."""
    plt.rcParams.update(_RC)


class _CommaFormatter(ScalarFormatter):
    """Обычные подписи делений matplotlib, но с десятичной запятой, как в тексте."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return super().__call__(x, pos).replace(".", ",")


def comma_ticks(fig: Figure) -> None:
    """Все числовые оси и цветовые шкалы рисунка — с десятичной запятой.

    Меняются только обычные числовые подписи (ScalarFormatter); подписи, заданные
    текстом (названия моделей, номера слоёв), не трогаются.
    """
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if type(axis.get_major_formatter()) is ScalarFormatter:
                axis.set_major_formatter(_CommaFormatter())


def figure_alt(fig: Figure) -> str:
    """Подпись рисунка для тех, кто его не видит: общий заголовок или заголовки осей."""
    if fig.get_suptitle().strip():
        return fig.get_suptitle().strip()
    titles = [ax.get_title().strip() for ax in fig.axes if ax.get_title().strip()]
    return "; ".join(titles)


class _TextRecorder(RendererAgg):
    """Отрисовка, которая не рисует, а запоминает кегль каждой видимой надписи."""

    def __init__(self, fig: Figure) -> None:
        super().__init__(int(fig.bbox.width), int(fig.bbox.height), fig.dpi)
        self.texts: list[tuple[float, str]] = []

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None) -> None:
        clip = gc.get_clip_rectangle()
        hidden = gc.get_rgb()[3] == 0 or (clip is not None and not clip.contains(x, y))
        if s.strip() and not hidden:
            self.texts.append((prop.get_size_in_points(), s))


def smallest_text(fig: Figure) -> tuple[float, str] | None:
    """Самая мелкая надпись, которую рисунок действительно рисует: (кегль в пунктах, текст).

    Надписи собираются при отрисовке, поэтому скрытые оси, пустые строки, прозрачные и
    обрезанные краем панели надписи не считаются. ``None`` — на рисунке нет текста.
    """
    recorder = _TextRecorder(fig)
    fig.draw(recorder)
    return min(recorder.texts, default=None)


def text_metrics(fig: Figure, width_px: int, dpi: float) -> dict:
    """Что нужно, чтобы узнать высоту букв рисунка на экране: кегль самой мелкой
    надписи (пункты), сама надпись и ширина картинки в дюймах (``width_px`` при ``dpi``).

    Показанный шириной ``W`` CSS-пикселей, рисунок даёт буквы высотой
    ``smallest_pt / 72 × W / width_in`` CSS-пикселей (это проверяют тесты сайта на 375 px).
    """
    found = smallest_text(fig)
    return {
        "smallest_pt": None if found is None else round(found[0], 2),
        "smallest_text": None if found is None else found[1],
        "width_in": round(width_px / dpi, 3),
    }


def with_phone_layout(builder: Callable[P, Figure]) -> Callable[P, Figure]:
    """Построитель с ключом ``phone=True`` (раскладка для экрана телефона): рисунок в
    раскладке страницы несёт и телефонную, но строит её, только когда она понадобится
    (:func:`phone_figure`). Код ячейки урока от этого не меняется."""

    @functools.wraps(builder)
    def build(*args: P.args, **kwargs: P.kwargs) -> Figure:
        fig = builder(*args, **kwargs)
        if not any(kwargs.get(key) for key in _LAYOUT_KEYWORDS):
            setattr(fig, _PHONE_ATTR, lambda: builder(*args, **{**kwargs, "phone": True}))
        return fig

    return build


def phone_figure(fig: Figure) -> Figure | None:
    """Тот же рисунок в раскладке для телефона (строится сейчас) или ``None``, если её нет."""
    build = getattr(fig, _PHONE_ATTR, None)
    return None if build is None else build()


def _finish(fig: Figure, name: str) -> Figure:
    """Последние штрихи рисунка страницы: запятая в числах осей и постоянное имя."""
    comma_ticks(fig)
    fig.set_label(name)  # имя рисунка видно и в блокноте (lessonlib.notebook)
    return fig


def save_figure(fig: Figure, name: str, directory: str | Path = "figures") -> Figure:
    """Сохраняет рисунок в PNG под постоянным именем ``figures/<name>.png``.

    Скрипты галереи выполняются в папке своего урока, поэтому относительный путь
    ``figures`` попадает рядом со страницами, которые вставляют рисунок как
    ``![…](figures/<name>.png)``. У ученика относительный путь считается от
    ``$LESSONLIB_OUTPUT_DIR``, если она задана; в папку только для чтения рисунок не
    пишется, а уходит во временную папку системы (:mod:`lessonlib.folders`).
    Возвращает тот же рисунок, чтобы ячейка блокнота, которая заканчивается вызовом
    ``save_figure(...)``, сразу его и показала.
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig: ожидался рисунок matplotlib (Figure), получено {type(fig).__name__}")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ValueError(
            f"name: ожидалось имя из строчных латинских букв, цифр, «_» и «-», получено {name!r}"
        )
    _finish(fig, name)
    build = getattr(fig, _PHONE_ATTR, None)
    if build is not None:  # телефонная раскладка — с теми же штрихами
        setattr(fig, _PHONE_ATTR, lambda: _finish(build(), name))
    folder = writable(output_path(directory), "рисунки", OUTPUT_ENV)
    if folder is None:
        return fig  # рисунок всё равно виден в блокноте или окне
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=FIGURE_DPI, bbox_inches="tight", facecolor="white")
    path = folder / f"{name}.png"
    if os.environ.get(SITE_ENV):  # сайт вставляет и этот файл (figure_markdown)
        write_figure(path, out.getvalue(), figure_notes(fig, out.getvalue(), FIGURE_DPI))
    else:
        path.write_bytes(out.getvalue())
    setattr(fig, _SAVED_ATTR, path)
    announce_saved(fig, path)
    return fig


def saved_path(fig: Figure) -> Path | None:
    """Файл, в который :func:`save_figure` сохранил рисунок (``None`` — не сохранял)."""
    return getattr(fig, _SAVED_ATTR, None)


def figure_notes(fig: Figure, png: bytes, dpi: float) -> dict:
    """Описание картинки ``png`` рисунка ``fig`` для сайта: подпись (alt) и замер надписей
    (:func:`text_metrics`); рядом с картинкой его пишет :func:`lessonlib.folders.write_figure`."""
    return {"alt": figure_alt(fig), **text_metrics(fig, int.from_bytes(png[16:20], "big"), dpi)}
