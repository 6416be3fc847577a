"""Рисунки про цветные картинки: три канала и два способа их свернуть.

Способ 1 — трёхмерный фильтр (kh, kw, 3) даёт одну двумерную карту (так делают CNN);
способ 2 — каждый канал сворачивается своим двумерным фильтром, карт получается три.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from lessonlib import conv, fmt, style
from lessonlib.figures.panels import (
    draw_matrix,
    new_figure,
    operator,
    show_picture,
    symmetric_limits,
)

CHANNEL_NAMES = ("R — красный", "G — зелёный", "B — синий")


def _check_rgb(rgb: np.ndarray) -> np.ndarray:
    rgb = np.asarray(rgb, dtype=float)
    if rgb.ndim != 3 or rgb.shape[2] != 3:
        raise ValueError(f"rgb: ожидалась картинка формы (H, W, 3), получено {rgb.shape}")
    return rgb


def _check_kernel3d(kernel: np.ndarray) -> np.ndarray:
    kernel = np.asarray(kernel)
    if kernel.ndim != 3 or kernel.shape[2] != 3:
        raise ValueError(f"kernel: ожидался фильтр формы (kh, kw, 3), получено {kernel.shape}")
    return kernel


def color_channels_figure(rgb: np.ndarray) -> Figure:
    """Цветная фотография и три её канала — три чёрно-белые картинки того же размера."""
    rgb = _check_rgb(rgb)
    fig = new_figure(5.4, 4.6)
    axes = fig.subplots(2, 2)
    show_picture(axes[0, 0], rgb / 255.0, title=f"Фотография {fmt.shape(rgb.shape)}")
    for ax, c, name in zip(axes.flat[1:], range(3), CHANNEL_NAMES, strict=True):
        show_picture(
            ax, rgb[:, :, c], title=f"Канал {name}, {fmt.shape(rgb.shape[:2])}", vmin=0, vmax=255
        )
    fig.suptitle("Цветная картинка — это три матрицы: по одной на канал", wrap=True)
    return fig


# На фотографиях несколько очень ярких точек иначе делают всю карту бледной.
_PHOTO_QUANTILE = 0.995


def color_conv_3d_figure(rgb: np.ndarray, kernel: np.ndarray) -> Figure:
    """Способ 1: фотография ⊛ трёхмерный фильтр = одна двумерная карта активации.

    Три слоя фильтра показаны числами: слой ``c`` умножается на канал ``c`` окна, и все
    27 произведений (для 3×3×3) складываются в одно число карты.
    """
    rgb, kernel = _check_rgb(rgb), _check_kernel3d(kernel)
    fmap = conv.conv2d(rgb, kernel)
    vmin, vmax = symmetric_limits(fmap, quantile=_PHOTO_QUANTILE)
    fig = new_figure(5.0, 3.8)
    grid = fig.add_gridspec(3, 5, width_ratios=[3, 0.35, 1.5, 0.35, 3])
    show_picture(
        fig.add_subplot(grid[:, 0]), rgb / 255.0, title=f"Фотография\n{fmt.shape(rgb.shape)}"
    )
    operator(fig.add_subplot(grid[:, 1]), "⊛", fontsize=style.FONT_OPERATOR)
    for c, name in enumerate(CHANNEL_NAMES):
        ax = fig.add_subplot(grid[c, 2])
        draw_matrix(ax, kernel[:, :, c], color=style.FILTER_COLOR, fontsize=style.FONT_LABEL)
        ax.set_ylabel(
            name.split(" ")[0], rotation=0, labelpad=12, va="center", fontsize=style.FONT_LABEL
        )
        if c == 0:
            ax.set_title(f"Фильтр\n{fmt.shape(kernel.shape)}")
    operator(fig.add_subplot(grid[:, 3]), "=", fontsize=style.FONT_OPERATOR)
    show_picture(
        fig.add_subplot(grid[:, 4]),
        fmap,
        title=f"Одна карта\n{fmt.shape(fmap.shape)}",
        cmap=style.SIGNED_CMAP,
        vmin=vmin,
        vmax=vmax,
    )
    fig.suptitle("Способ 1: трёхмерный фильтр даёт одну двумерную карту", wrap=True)
    return fig


@style.with_phone_layout
def color_conv_per_channel_figure(
    rgb: np.ndarray, kernel: np.ndarray, *, phone: bool = False
) -> Figure:
    """Способ 2: каждый канал ⊛ свой двумерный фильтр = своя карта, всего три карты.

    ``kernel`` формы (kh, kw, 3): слой ``c`` — двумерный фильтр для канала ``c``
    (так же его понимает :func:`lessonlib.conv.conv2d_per_channel`). ``phone=True`` —
    для телефона: рисунок уже, подписи — в несколько строк.
    """
    rgb, kernel = _check_rgb(rgb), _check_kernel3d(kernel)
    maps = conv.conv2d_per_channel(rgb, kernel)
    vmin, vmax = symmetric_limits(maps, quantile=_PHOTO_QUANTILE)
    # На телефоне фильтр шире: числа в его клетках того же кегля, что подписи.
    fig = new_figure(4.5, 6.3) if phone else new_figure(7.6, 7.4)
    ratios = [2.6, 0.35, 1.9, 0.35, 2.6] if phone else [3, 0.35, 1.3, 0.35, 3]
    axes = fig.subplots(3, 5, gridspec_kw={"width_ratios": ratios})
    sep = "\n" if phone else " "
    for c, name in enumerate(CHANNEL_NAMES):
        ax_in, ax_op, ax_k, ax_eq, ax_out = axes[c]
        channel_title = f"Канал {name.replace(' — ', f' —{sep}')}\n{fmt.shape(rgb.shape[:2])}"
        show_picture(ax_in, rgb[:, :, c], title=channel_title, vmin=0, vmax=255)
        operator(ax_op, "⊛", fontsize=style.FONT_OPERATOR)
        draw_matrix(
            ax_k,
            kernel[:, :, c],
            color=style.FILTER_COLOR,
            title=f"Фильтр{sep}{fmt.shape(kernel.shape[:2])}",
            fontsize=style.FONT_NOTE,
        )
        operator(ax_eq, "=", fontsize=style.FONT_OPERATOR)
        show_picture(
            ax_out,
            maps[:, :, c],
            title=f"Карта {c + 1}\n{fmt.shape(maps.shape[:2])}",
            cmap=style.SIGNED_CMAP,
            vmin=vmin,
            vmax=vmax,
        )
    fig.suptitle(f"Способ 2: каждый канал — своим фильтром,{sep}карт три ({fmt.shape(maps.shape)})")
    return fig
