"""Кирпичики рисунков: матрица с числами, картинка, рамка-выделение, цветовая шкала.

Все построители рисунков урока собирают панели из этих функций — так у чисел,
рамок и подписей на всех страницах один и тот же вид.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import matplotlib.colors as mcolors
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colorbar import Colorbar
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.patches import Rectangle

from lessonlib import style
from lessonlib.fmt import number


def new_figure(width: float, height: float) -> Figure:
    """Новый рисунок с автоматической раскладкой панелей — без pyplot.

    Рисунок не регистрируется в pyplot, поэтому блокнот показывает его ровно один
    раз — когда ячейка возвращает его последним выражением, — а память освобождается,
    как только рисунок больше не нужен.
    """
    return Figure(figsize=(width, height), layout="constrained")


# Матрицы больше этого размера рисуются картинкой: числа в них уже не прочесть.
MAX_NUMBERED_SIDE = 8


def _tint(color: str, amount: float) -> tuple[float, float, float]:
    """Светлый оттенок ``color``: фон клеток, на котором чёрные числа хорошо видны."""
    rgb = np.array(mcolors.to_rgb(color))
    return tuple(1 - amount * (1 - rgb))


def draw_cells(
    ax: Axes,
    values: np.ndarray,
    *,
    color: str = style.NEUTRAL_COLOR,
    top: float = 0.0,
    left: float = 0.0,
    show: np.ndarray | None = None,
    faint: np.ndarray | None = None,
    fontsize: float = style.FONT_HEADING,
    fmt: Callable[[float], str] = number,
    clip_on: bool = True,
) -> None:
    """Клетки матрицы с числами на светлом фоне цвета роли, левый верхний угол — (top, left).

    ``show`` — логическая маска клеток, в которых число видно (остальные пусты): так
    рисуется карта активации, заполненная лишь частично. ``faint`` — клетки, которые
    рисуются бледно (например, нули матрицы свёртки), чтобы взгляд цеплялся за остальные.
    ``clip_on=False`` — рамки крайних клеток не обрезаются краем панели.
    """
    values = np.asarray(values)
    if values.ndim != 2:
        raise ValueError(f"values: ожидалась двумерная матрица, получена форма {values.shape}")
    visible = np.ones(values.shape, dtype=bool) if show is None else np.asarray(show, dtype=bool)
    pale = np.zeros(values.shape, dtype=bool) if faint is None else np.asarray(faint, dtype=bool)
    fill = _tint(color, 0.22)
    for (r, c), value in np.ndenumerate(values):
        ax.add_patch(
            Rectangle(
                (left + c, top + r),
                1,
                1,
                facecolor="white" if pale[r, c] else fill,
                edgecolor=_tint(color, 0.45) if pale[r, c] else color,
                linewidth=1.2,
                clip_on=clip_on,
            )
        )
        if visible[r, c]:
            _cell_text(
                ax, top + r, left + c, fmt(value), fontsize, "#8C8C8C" if pale[r, c] else "black"
            )


def _cell_text(ax: Axes, top: float, left: float, text: str, fontsize: float, color: str) -> None:
    ax.text(left + 0.5, top + 0.5, text, ha="center", va="center", fontsize=fontsize, color=color)


def draw_matrix(
    ax: Axes,
    values: np.ndarray,
    *,
    color: str = style.NEUTRAL_COLOR,
    title: str | None = None,
    show: np.ndarray | None = None,
    fontsize: float = style.FONT_HEADING,
) -> None:
    """Маленькая матрица на отдельной панели: клетки с числами, без осей и рамки."""
    values = np.asarray(values)
    # Край панели проходит ровно по внешним рамкам клеток: обрезанные наполовину, на мелких
    # кадрах GIF правая и нижняя рамки пропадали совсем.
    draw_cells(ax, values, color=color, show=show, fontsize=fontsize, clip_on=False)
    _frame(ax, values.shape[0], values.shape[1], title)


def show_picture(
    ax: Axes,
    image: np.ndarray,
    *,
    title: str | None = None,
    cmap: str = style.GRAY_CMAP,
    vmin: float | None = None,
    vmax: float | None = None,
    offset: tuple[float, float] = (0.0, 0.0),
) -> AxesImage:
    """Рисует большую матрицу картинкой: каждый пиксель — клетка единичного размера.

    ``offset`` сдвигает картинку (строка, столбец) — так карта активации встаёт
    над той частью изображения, из которой она получилась.
    """
    image = np.asarray(image)
    top, left = offset
    rows, cols = image.shape[:2]
    artist = ax.imshow(
        image,
        cmap=cmap,
        vmin=vmin,
        vmax=vmax,
        extent=(left, left + cols, top + rows, top),
        interpolation="nearest",
    )
    _frame(ax, rows + top, cols + left, title)
    return artist


def annotate_picture(
    ax: Axes, artist: AxesImage, values: np.ndarray, *, fontsize: float = style.FONT_SMALL
) -> None:
    """Подписывает числа поверх картинки: чёрным на светлых клетках, белым на тёмных."""
    values = np.asarray(values)
    left, _, _, top = artist.get_extent()  # так её задаёт show_picture: (лево, право, низ, верх)
    for (r, c), value in np.ndenumerate(values):
        red, green, blue, _ = artist.cmap(artist.norm(value))
        light = 0.299 * red + 0.587 * green + 0.114 * blue > 0.5
        _cell_text(ax, top + r, left + c, number(value), fontsize, "black" if light else "white")


def _frame(ax: Axes, rows: float, cols: float, title: str | None) -> None:
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title:
        ax.set_title(title)


def outline(
    ax: Axes,
    top: float,
    left: float,
    height: float,
    width: float,
    *,
    color: str = style.HIGHLIGHT_COLOR,
    linewidth: float = 3.5,
    linestyle: str = "-",
    fill: str | None = None,
) -> Rectangle:
    """Рамка вокруг клеток (например, окна фильтра). Толстая линия видна и в сером."""
    rect = Rectangle(
        (left, top),
        width,
        height,
        facecolor=fill if fill else "none",
        edgecolor=color,
        linewidth=linewidth,
        linestyle=linestyle,
        zorder=5,
    )
    ax.add_patch(rect)
    return rect


def symmetric_limits(*arrays: np.ndarray, quantile: float = 1.0) -> tuple[float, float]:
    """Пределы цветовой шкалы ``(−a, a)``: ноль всегда в середине, белым цветом.

    ``a`` — наибольший модуль чисел или, при ``quantile < 1``, его квантиль: на
    фотографиях редкие очень большие числа иначе делают всю карту бледной.
    """
    a = max(float(np.quantile(np.abs(arr), quantile)) for arr in arrays)
    a = a if a > 0 else 1.0
    return -a, a


def add_colorbar(ax: Axes, artist: AxesImage, label: str | None = None) -> Colorbar:
    """Цветовая шкала вплотную справа от картинки и высотой с неё.

    Шкала — вставка внутри панели, поэтому оставьте справа от панели место
    (например, ``wspace`` у сетки рисунка).
    """
    cax = ax.inset_axes((1.03, 0.0, 0.05, 1.0))
    bar = ax.figure.colorbar(artist, cax=cax)
    bar.ax.tick_params(labelsize=style.FONT_LABEL)
    if label:
        bar.set_label(label, fontsize=style.FONT_LABEL)
    return bar


def operator(ax: Axes, symbol: str, fontsize: float = style.FONT_OPERATOR_BIG) -> None:
    """Пустая панель со знаком операции (⊛, =, →) посередине."""
    ax.axis("off")
    ax.text(0.5, 0.5, symbol, ha="center", va="center", fontsize=fontsize, transform=ax.transAxes)


def wrap_title(text: str, width: int = 16) -> str:
    """Переносит длинный заголовок узкой панели по словам."""
    return textwrap.fill(text, width=width, break_long_words=False)
