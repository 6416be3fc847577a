"""Рисунки про локальность и перенос: всё на них посчитано свёрткой, а не нарисовано.

* Сдвинули объект — его отклик на карте сдвинулся на столько же (эквивариантность).
* Один и тот же объект в двух местах картинки даёт один и тот же отклик в двух
  соответственно сдвинутых местах карты активации.
* Изменение одного пикселя картинки меняет только те пиксели карты, в окна которых
  он попадает: каждый пиксель карты зависит только от своего окна.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from lessonlib import conv, fmt, style
from lessonlib.figures.panels import (
    add_colorbar,
    annotate_picture,
    new_figure,
    outline,
    show_picture,
    symmetric_limits,
)


def response_region(
    position: tuple[int, int],
    object_shape: tuple[int, int],
    kernel_shape: tuple[int, int],
    map_shape: tuple[int, int],
) -> tuple[slice, slice]:
    """Пиксели карты, чьи окна задевают объект: (строки, столбцы) карты активации.

    Объект размера ``h×w`` в позиции ``(r, c)`` попадает в окна с началом от
    ``r − kh + 1`` до ``r + h − 1`` по строкам (и так же по столбцам), в пределах карты.
    """
    (r, c), (h, w), (kh, kw) = position, object_shape, kernel_shape
    rows = slice(max(r - kh + 1, 0), min(r + h, map_shape[0]))
    cols = slice(max(c - kw + 1, 0), min(c + w, map_shape[1]))
    return rows, cols


@style.with_phone_layout
def locality_shift_figure(
    image: np.ndarray,
    kernel: np.ndarray,
    positions: Sequence[tuple[int, int]],
    object_shape: tuple[int, int],
    *,
    wide: bool = False,
    phone: bool = False,
) -> Figure:
    """Картинка с копиями объекта, карта активации и отклики на каждую копию крупно.

    В подписи откликов — наибольшая разница между ними: для одинаковых объектов,
    не задевающих край и друг друга, она равна нулю. ``wide=True`` — для слайда 16:9:
    картинка и карта — столбцом слева, отклики — крупно справа. ``phone=True`` — для
    телефона: картинка и карта рядом, под ними отклики по одному в строке.
    """
    image, kernel = np.asarray(image, dtype=float), np.asarray(kernel)
    if len(positions) < 2:
        raise ValueError("positions: нужны хотя бы две позиции объекта, чтобы сравнить отклики")
    fmap = conv.conv2d(image, kernel)
    regions = [response_region(p, object_shape, kernel.shape, fmap.shape) for p in positions]
    crops = [fmap[rows, cols] for rows, cols in regions]
    if len({crop.shape for crop in crops}) != 1:
        raise ValueError(
            "positions: объект слишком близко к краю — отклики обрезаны и их нельзя сравнить"
        )
    vmin, vmax = symmetric_limits(fmap)
    n = len(positions)
    if wide:
        fig = new_figure(3.2 + 3.3 * n, 5.6)
        grid = fig.add_gridspec(2, 1 + n, width_ratios=[1.0] + [1.1] * n)
        ax_img, ax_map = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[1, 0])
        crop_cells = [grid[:, 1 + k] for k in range(n)]
    elif phone:
        fig = new_figure(4.4, 2.6 + 3.6 * n)
        grid = fig.add_gridspec(1 + n, 2, height_ratios=[0.6] + [1.0] * n)
        ax_img, ax_map = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
        crop_cells = [grid[1 + k, :] for k in range(n)]
    else:
        fig = new_figure(7.6, 6.6)
        grid = fig.add_gridspec(2, n)
        top = grid[0, :].subgridspec(1, 2)
        ax_img, ax_map = fig.add_subplot(top[0]), fig.add_subplot(top[1])
        crop_cells = [grid[1, k] for k in range(n)]
    # Подписи узких панелей — в несколько строк: у откликов на слайде, у картинки и карты
    # на телефоне.
    sep, phone_sep = ("\n" if wide else " "), ("\n" if phone else " ")
    title = f"Картинка:{phone_sep}один объект{phone_sep}в двух местах"
    show_picture(ax_img, image, title=title, vmin=0, vmax=255)
    title = f"Карта{phone_sep}активации"
    art = show_picture(ax_map, fmap, title=title, cmap=style.SIGNED_CMAP, vmin=vmin, vmax=vmax)
    add_colorbar(ax_map, art)
    labels = [str(k + 1) for k in range(n)]
    for label, (r, c), (rows, cols) in zip(labels, positions, regions, strict=True):
        outline(ax_img, r, c, object_shape[0], object_shape[1])
        ax_img.text(
            c - 0.3,
            r - 0.3,
            label,
            ha="right",
            va="bottom",
            color="white",
            fontsize=style.FONT_CELL,
        )
        outline(ax_map, rows.start, cols.start, rows.stop - rows.start, cols.stop - cols.start)
        ax_map.text(
            cols.start - 0.3,
            rows.start - 0.3,
            label,
            ha="right",
            va="bottom",
            fontsize=style.FONT_CELL,
        )
    diff = max(float(np.abs(crop - crops[0]).max()) for crop in crops)
    for k, (label, crop) in enumerate(zip(labels, crops, strict=True)):
        rows, cols = regions[k]
        ax = fig.add_subplot(crop_cells[k])
        art = show_picture(
            ax,
            crop,
            title=f"Отклик {label}:{sep}строки {rows.start + 1}–{rows.stop}, "
            f"столбцы {cols.start + 1}–{cols.stop}",
            cmap=style.SIGNED_CMAP,
            vmin=vmin,
            vmax=vmax,
        )
        annotate_picture(ax, art, crop, fontsize=style.FONT_NOTE if phone else style.FONT_SMALL)
    fig.suptitle(
        f"Отклики на одинаковые объекты совпадают:{phone_sep}наибольшая разница {fmt.number(diff)}"
    )
    return fig


def window_dependence_figure(
    image: np.ndarray, kernel: np.ndarray, pixel: tuple[int, int], delta: float = 255.0
) -> Figure:
    """Меняем один пиксель картинки и смотрим, какие пиксели карты изменились.

    Измениться могут только пиксели карты, чьё окно накрывает изменённый пиксель, —
    квадрат ``kh×kw``; в заголовке — сколько пикселей изменилось вне квадрата (ноль).
    """
    image, kernel = np.asarray(image, dtype=float), np.asarray(kernel)
    r, c = pixel
    if not (0 <= r < image.shape[0] and 0 <= c < image.shape[1]):
        raise ValueError(f"pixel: ({r}, {c}) вне картинки {image.shape[0]}×{image.shape[1]}")
    changed = image.copy()
    changed[r, c] += delta
    diff = conv.conv2d(changed, kernel) - conv.conv2d(image, kernel)
    rows, cols = response_region(pixel, (1, 1), kernel.shape, diff.shape)
    inside = np.zeros(diff.shape, dtype=bool)
    inside[rows, cols] = True
    changed_outside = int(np.count_nonzero(diff[~inside]))
    fig = new_figure(4.4, 3.0)  # на телефоне числа шкалы не мельче 10 px
    ax_img, ax_diff = fig.subplots(1, 2)
    show_picture(ax_img, changed, title="Картинка: изменён\nодин пиксель", vmin=0, vmax=255)
    outline(ax_img, r, c, 1, 1)
    vmin, vmax = symmetric_limits(diff)
    art = show_picture(
        ax_diff,
        diff,
        title="Разница карт:\nпосле − до",
        cmap=style.SIGNED_CMAP,
        vmin=vmin,
        vmax=vmax,
    )
    add_colorbar(ax_diff, art)
    outline(ax_diff, rows.start, cols.start, rows.stop - rows.start, cols.stop - cols.start)
    fig.suptitle(
        f"Один пиксель влияет только на пиксели\nкарты в квадрате {rows.stop - rows.start}×"
        f"{cols.stop - cols.start}; вне квадрата\nизменилось пикселей: {changed_outside}"
    )
    return fig


def shift_equivariance_figure(
    image: np.ndarray,
    kernel: np.ndarray,
    position: tuple[int, int],
    object_shape: tuple[int, int],
    shift: int,
) -> Figure:
    """Объект до и после сдвига на ``shift`` пикселей вправо и карты активации обоих.

    Рамки на картах — где отклик на объект (:func:`response_region`); в заголовке —
    наибольшая разница между откликом до и после сдвига (для объекта вдали от краёв — 0).
    ``image`` — картинка с объектом в ``position``; сдвинутую картинку функция строит сама
    (``np.roll`` по столбцам, поэтому справа от объекта должно быть ``shift`` пустых
    столбцов).
    """
    image, kernel = np.asarray(image, dtype=float), np.asarray(kernel)
    if shift < 1 or position[1] + object_shape[1] + shift > image.shape[1]:
        raise ValueError(f"shift: объект нельзя сдвинуть на {shift} пикселей, не задев край")
    moved = np.roll(image, shift, axis=1)
    maps = [conv.conv2d(image, kernel), conv.conv2d(moved, kernel)]
    vmin, vmax = symmetric_limits(*maps)
    fig = new_figure(5.0, 5.1)
    axes = fig.subplots(2, 2)
    crops = []
    for row, (picture, fmap, dx) in enumerate(zip([image, moved], maps, [0, shift], strict=True)):
        r, c = position[0], position[1] + dx
        title = "Картинка" if dx == 0 else f"Картинка: объект\nсдвинут на {shift} вправо"
        show_picture(axes[row, 0], picture, title=title, vmin=0, vmax=255)
        outline(axes[row, 0], r, c, *object_shape)
        title = "Карта активации" if dx == 0 else f"Карта: отклик тоже\nсдвинулся на {shift}"
        art = show_picture(
            axes[row, 1], fmap, title=title, cmap=style.SIGNED_CMAP, vmin=vmin, vmax=vmax
        )
        add_colorbar(axes[row, 1], art)
        rows, cols = response_region((r, c), object_shape, kernel.shape, fmap.shape)
        outline(
            axes[row, 1], rows.start, cols.start, rows.stop - rows.start, cols.stop - cols.start
        )
        crops.append(fmap[rows, cols])
    diff = float(np.abs(crops[1] - crops[0]).max())
    fig.suptitle(
        f"Карта сдвигается вместе с объектом; разница откликов: {fmt.number(diff)}", wrap=True
    )
    return fig
