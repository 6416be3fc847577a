"""Рисунки к настоящей сети (SqueezeNet): карты ступеней, карта «кошка» поверх снимка,
каналы, которые загораются на разных фотографиях.

Построители получают готовые карты (:mod:`lessonlib.realnet`) и только рисуют. Карты
серые: чёрный — ноль, белый — самое большое число на рисунке (или в строке рисунка).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lessonlib import style
from lessonlib.activations import near_empty_maps
from lessonlib.figures.panels import new_figure, outline

__all__ = ["channels_by_photo_figure", "class_map_figure", "stage_maps_figure"]


def _gray_map(ax: Axes, values: np.ndarray, vmax: float, title: str | None = None) -> None:
    ax.imshow(values, cmap=style.MAGNITUDE_CMAP, vmin=0, vmax=vmax or 1.0, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_edgecolor(style.NEUTRAL_COLOR)
        spine.set_linewidth(0.8)
    if title:
        ax.set_title(title, fontsize=style.FONT_LABEL, pad=2)


def stage_maps_figure(maps: np.ndarray, channels: Sequence[int], title: str) -> Figure:
    """Карты ``maps[channels]`` ступени ``(каналы, h, w)`` в общей серой шкале, по 4 в ряд;
    над картой — номер канала. В заголовке ``title`` — сколько карт у ступени почти пусто."""
    maps = np.asarray(maps, dtype=float)
    if maps.ndim != 3:
        raise ValueError(f"maps: ожидался массив (каналы, h, w), получено {maps.shape}")
    columns = 4
    rows = -(-len(channels) // columns)
    fig = new_figure(4.8, 1.25 * rows + 0.8)
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    vmax = float(maps[list(channels)].max())
    for ax in axes[len(channels) :]:
        ax.axis("off")
    for ax, channel in zip(axes, channels, strict=False):
        _gray_map(ax, maps[channel], vmax, f"канал {channel + 1}")
    empty = int(near_empty_maps(maps).sum())
    fig.suptitle(f"{title}\nпочти пустых карт у ступени: {empty} из {len(maps)}")
    return fig


def class_map_figure(rgb: np.ndarray, heat: np.ndarray, box: tuple, title: str) -> Figure:
    """Снимок ``rgb`` и та же картинка с картой ``heat`` поверх (карта растянута на весь
    снимок, как его видит сеть); рамка ``box`` = (верх, низ, лево, право) — морда кошки."""
    rgb = np.asarray(rgb, dtype=float) / 255.0
    height, width = rgb.shape[:2]
    fig = new_figure(4.8, 2.4)
    left_ax, right_ax = fig.subplots(1, 2)
    extent = (0, width, height, 0)
    for ax in (left_ax, right_ax):
        ax.imshow(rgb, extent=extent)
        ax.axis("off")
    right_ax.imshow(
        heat / (heat.max() or 1.0),
        cmap=style.HEAT_CMAP,
        alpha=0.65,
        extent=extent,
        interpolation="bilinear",
        vmin=0,
        vmax=1,
    )
    top, bottom, left, right = box
    for ax in (left_ax, right_ax):
        outline(
            ax, top, left, bottom - top, right - left, color="white", linewidth=2, linestyle="--"
        )
    left_ax.set_title("снимок;\nрамка — морда", fontsize=style.FONT_LABEL)
    right_ax.set_title("карта «кошка»:\nярче — сильнее", fontsize=style.FONT_LABEL)
    fig.suptitle(title)
    return fig


def channels_by_photo_figure(
    photos: Mapping[str, np.ndarray],
    maps: Mapping[str, np.ndarray],
    channels: Mapping[str, int],
    title: str,
) -> Figure:
    """Строка на канал: его карта на каждой фотографии, общая шкала строки.

    ``photos`` — подпись → снимок (0…255), ``maps`` — подпись → карты ступени
    ``(каналы, h, w)``, ``channels`` — подпись строки → номер канала.
    """
    names = list(photos)
    fig = new_figure(4.8, 1.15 * (len(channels) + 1) + 0.6)
    axes = fig.subplots(len(channels) + 1, len(names), squeeze=False)
    for ax, name in zip(axes[0], names, strict=True):
        ax.imshow(np.asarray(photos[name], dtype=float) / 255.0, aspect="auto")
        ax.axis("off")
        ax.set_title(name, fontsize=style.FONT_LABEL, pad=2)
    for row, (label, channel) in zip(axes[1:], channels.items(), strict=True):
        vmax = max(float(maps[n][channel].max()) for n in names)
        for ax, name in zip(row, names, strict=True):
            _gray_map(ax, maps[name][channel], vmax)
        row[0].set_ylabel(f"канал {channel + 1}\n({label})", fontsize=style.FONT_LABEL)
    fig.suptitle(title)
    return fig
