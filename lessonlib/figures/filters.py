"""Рисунки «на что реагирует фильтр»: карта со знаком и карта модулей рядом.

Карта со знаком раскрашена расходящейся шкалой (ноль — белый), карта модулей —
серой: чем больше число по модулю, тем белее пиксель, как на слайдах урока.
У каждой карты — своя цветовая шкала с числами.
"""

from __future__ import annotations

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
    image: np.ndarray, filters: Sequence[Filter], title: str, *, quantile: float = 1.0
) -> Figure:
    """Картинка и её карты активации для каждого фильтра: со знаком и по модулю.

    Первая строка — исходная картинка и пояснение к цветам; дальше по строке на
    фильтр: сам фильтр (числами), карта со знаком, карта модулей. Шкалы общие для
    всех фильтров, поэтому яркость карт можно сравнивать между строками.

    ``quantile < 1`` обрезает шкалу по квантилю модулей: на фотографии несколько
    очень ярких точек иначе делают остальную карту почти чёрной.
    """
    image = np.asarray(image, dtype=float)
    if image.ndim != 2:
        raise ValueError(f"image: ожидалась чёрно-белая картинка (H, W), получено {image.shape}")
    if not filters:
        raise ValueError("filters: нужен хотя бы один фильтр")
    maps = [conv.conv2d(image, f.kernel) for f in filters]
    vmin, vmax = symmetric_limits(*maps, quantile=quantile)
    fig = new_figure(4.8, 2.2 * (1 + len(filters)))
    axes = fig.subplots(
        1 + len(filters),
        3,
        gridspec_kw={
            "width_ratios": [0.9, 1, 1],
            "height_ratios": [0.8] + [1] * len(filters),
            "wspace": 0.12,
        },
    )
    show_picture(axes[0, 0], image, title="Картинка", vmin=0, vmax=255)
    for ax in axes[0, 1:]:
        ax.axis("off")
    legend = axes[0, 1].text(
        0.0, 0.5, _LEGEND, ha="left", va="center", fontsize=style.FONT_LEGEND, linespacing=1.4
    )
    legend.set_in_layout(False)  # текст заходит на соседнюю пустую панель — это нормально
    for row, (filt, fmap) in enumerate(zip(filters, maps, strict=True), start=1):
        ax_f, ax_signed, ax_abs = axes[row]
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
