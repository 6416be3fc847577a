"""Рисунки «на что реагирует фильтр»: карта со знаком и карта модулей рядом.

Карта со знаком раскрашена расходящейся шкалой (ноль — белый), карта модулей —
серой: чем больше число по модулю, тем белее пиксель, как на слайдах урока.
У каждой карты — своя цветовая шкала с числами.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from lessonlib import conv, style
from lessonlib.figures.panels import (
    add_colorbar,
    draw_matrix,
    new_figure,
    show_picture,
    symmetric_limits,
    wrap_title,
)
from lessonlib.filters import Filter

_LEGEND = (
    "Слева — фильтр.\n"
    "В середине — карта активации со знаком:\n"
    "красный > 0, синий < 0, белый — ноль.\n"
    "Справа — модули тех же чисел:\n"
    "чем белее пиксель, тем больше\n"
    "число по модулю."
)


def filter_response_figure(
    image: np.ndarray,
    filters: Sequence[Filter],
    title: str,
    *,
    quantile: float = 1.0,
    wide: bool = False,
) -> Figure:
    """Картинка и её карты активации для каждого фильтра: со знаком и по модулю.

    Первая строка — исходная картинка и пояснение к цветам; дальше по строке на
    фильтр: сам фильтр (числами), карта со знаком, карта модулей. Шкалы общие для
    всех фильтров, поэтому яркость карт можно сравнивать между строками.

    ``quantile < 1`` обрезает шкалу по квантилю модулей: на фотографии несколько
    очень ярких точек иначе делают остальную карту почти чёрной.

    ``wide=True`` — раскладка для слайда 16:9: картинка и пояснение — в левом столбце,
    строки фильтров — справа от них.
    """
    image = np.asarray(image, dtype=float)
    if image.ndim != 2:
        raise ValueError(f"image: ожидалась чёрно-белая картинка (H, W), получено {image.shape}")
    if not filters:
        raise ValueError("filters: нужен хотя бы один фильтр")
    maps = [conv.conv2d(image, f.kernel) for f in filters]
    vmin, vmax = symmetric_limits(*maps, quantile=quantile)
    n = len(filters)
    if wide:
        fig = new_figure(10.0, 2.6 * max(n, 2))
        grid = fig.add_gridspec(max(n, 2), 4, width_ratios=[1.1, 0.75, 1, 1], wspace=0.12)
        rows = [[fig.add_subplot(grid[k, c]) for c in (1, 2, 3)] for k in range(n)]
        picture, legend_ax = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[1:, 0])
        legend_text = textwrap.fill(" ".join(_LEGEND.split()), 24)
    else:
        fig = new_figure(4.8, 2.2 * (1 + n))
        axes = fig.subplots(
            1 + n,
            3,
            gridspec_kw={
                "width_ratios": [0.9, 1, 1],
                "height_ratios": [0.8] + [1] * n,
                "wspace": 0.12,
            },
        )
        rows, picture, legend_ax, legend_text = axes[1:], axes[0, 0], axes[0, 1], _LEGEND
        axes[0, 2].axis("off")
    show_picture(picture, image, title="Картинка", vmin=0, vmax=255)
    legend_ax.axis("off")
    legend = legend_ax.text(
        0.0, 0.5, legend_text, ha="left", va="center", fontsize=style.FONT_LEGEND, linespacing=1.4
    )
    legend.set_in_layout(False)  # текст заходит на соседнюю пустую панель — это нормально
    for (ax_f, ax_signed, ax_abs), filt, fmap in zip(rows, filters, maps, strict=True):
        draw_matrix(
            ax_f,
            filt.kernel,
            color=style.FILTER_COLOR,
            title=wrap_title(filt.title, width=12),
            fontsize=style.FONT_LABEL,
        )
        signed = show_picture(
            ax_signed, fmap, title="карта со знаком", cmap=style.SIGNED_CMAP, vmin=vmin, vmax=vmax
        )
        add_colorbar(ax_signed, signed)
        magnitude = show_picture(
            ax_abs, np.abs(fmap), title="|карта|", cmap=style.MAGNITUDE_CMAP, vmin=0, vmax=vmax
        )
        add_colorbar(ax_abs, magnitude)
    fig.suptitle(title, wrap=True)
    return fig
