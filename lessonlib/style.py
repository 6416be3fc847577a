"""Единый визуальный язык рисунков урока и сохранение рисунков для страниц.

Цвета взяты из палитры Окабе — Ито: её различают люди с любым типом
цветового зрения, а при печати в оттенках серого цвета остаются разными по яркости.
Везде на сайте изображение — синее, фильтр — оранжевый, карта активации — зелёная,
выделение — красно-оранжевое.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import ScalarFormatter

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
FONT_TINY: Final = 8  # подписи над столбиками
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


def save_figure(fig: Figure, name: str, directory: str | Path = "figures") -> Figure:
    """Сохраняет рисунок в PNG под постоянным именем ``figures/<name>.png``.

    Скрипты галереи выполняются в папке своего урока, поэтому относительный путь
    ``figures`` попадает рядом со страницами, которые вставляют рисунок как
    ``![…](figures/<name>.png)``. Возвращает тот же рисунок, чтобы ячейка блокнота,
    которая заканчивается вызовом ``save_figure(...)``, сразу его и показала.
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig: ожидался рисунок matplotlib (Figure), получено {type(fig).__name__}")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ValueError(
            f"name: ожидалось имя из строчных латинских букв, цифр, «_» и «-», получено {name!r}"
        )
    comma_ticks(fig)
    path = Path(directory) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=FIGURE_DPI, bbox_inches="tight", facecolor="white")
    return fig
