"""Рисунки урока 2: рамка из нулей, покрытие пикселей, шаг свёртки и пулинг по окнам.

Все рисунки узкие (не шире 5 дюймов): числа в клетках остаются крупными и на телефоне.
Цвета — роли урока: изображение синее, карта зелёная, окна — выделение.
"""

from __future__ import annotations

import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from lessonlib import conv, fmt, style
from lessonlib.figures.panels import draw_cells, new_figure, outline
from lessonlib.pooling import MODES, pool2d, pool2d_steps
from lessonlib.windows import coverage2d

__all__ = ["coverage_figure", "padded_conv_figure", "pooling_figure", "stride_figure"]

# Окна по очереди: цвета различимы и в сером, штрих — на случай печати.
_WINDOW_STYLES = (
    (style.HIGHLIGHT_COLOR, "-"),
    (style.IMAGE_COLOR, "--"),
    (style.FILTER_COLOR, ":"),
    (style.OUTPUT_COLOR, "-."),
)


def _check_gray(x: np.ndarray, name: str) -> np.ndarray:
    x = np.asarray(x)
    if x.ndim != 2:
        raise ValueError(f"{name}: ожидалась чёрно-белая картинка (H, W), получена форма {x.shape}")
    return x


def _panel(ax, rows: int, cols: int, title: str) -> None:
    ax.set_xlim(-0.1, cols + 0.1)
    ax.set_ylim(rows + 0.1, -0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=style.FONT_HEADING)


def _mark_result(ax, row: int, col: int, k: int) -> None:
    """Обвести клетку результата так же, как окно ``k``, из которого она получилась."""
    color, line = _WINDOW_STYLES[k]
    outline(ax, row + 0.08, col + 0.08, 0.84, 0.84, color=color, linestyle=line, linewidth=2.5)


def coverage_figure(shape: tuple[int, int], f: int, padding: int) -> Figure:
    """Сколько окон фильтра ``f×f`` накрывает каждый пиксель: без рамки и с рамкой."""
    fig = new_figure(4.6, 2.9)
    axes = fig.subplots(1, 2)
    for ax, p in zip(axes, (0, padding), strict=True):
        counts = coverage2d(shape, f, padding=p)
        draw_cells(ax, counts, color=style.IMAGE_COLOR, fontsize=style.FONT_HEADING)
        _panel(ax, *shape, "без рамки" if p == 0 else f"с рамкой {p}")
    fig.suptitle(f"Сколько окон {f}×{f} накрывает пиксель")
    return fig


def padded_conv_figure(image: np.ndarray, kernel: np.ndarray, padding: int) -> Figure:
    """Картинка в рамке из нулей (нули бледные) и карта, которая получается свёрткой."""
    image = _check_gray(image, "image")
    padded = np.pad(image, padding)
    fmap = conv.conv2d(image, kernel, padding=padding)
    zero = np.ones(padded.shape, dtype=bool)
    zero[padding : padding + image.shape[0], padding : padding + image.shape[1]] = False
    fig = new_figure(5.0, 3.0)
    # Клетки карты шире клеток картинки: в них четырёхзначные числа с минусом («−744»).
    left, right = fig.subplots(1, 2, width_ratios=[padded.shape[1], 1.15 * fmap.shape[1] + 0.4])
    draw_cells(left, padded, color=style.IMAGE_COLOR, faint=zero, fontsize=style.FONT_HEADING)
    outline(left, padding, padding, *image.shape, color=style.NEUTRAL_COLOR, linewidth=2)
    _panel(left, *padded.shape, f"картинка {fmt.shape(image.shape)} в рамке")
    draw_cells(right, fmap, color=style.OUTPUT_COLOR, fontsize=style.FONT_HEADING)
    _panel(right, *fmap.shape, f"карта {fmt.shape(fmap.shape)}")
    return fig


def stride_figure(image: np.ndarray, kernel: np.ndarray, padding: int, stride: int) -> Figure:
    """Окна фильтра с шагом ``stride`` на картинке в рамке и карта, которую они дают.

    Окна и пиксели карты обведены одинаково: видно, какое окно дало какое число.
    """
    image = _check_gray(image, "image")
    padded = np.pad(image, padding)
    steps = list(conv.conv2d_steps(image, kernel, stride=stride, padding=padding))
    fmap = conv.conv2d(image, kernel, stride=stride, padding=padding)
    if len(steps) > len(_WINDOW_STYLES):
        raise ValueError(
            f"stride: рисунок показывает до {len(_WINDOW_STYLES)} окон, при шаге {stride} "
            f"их {len(steps)} — возьмите шаг больше или картинку меньше"
        )
    fig = new_figure(4.8, 3.0)
    left, right = fig.subplots(1, 2, width_ratios=[padded.shape[1], fmap.shape[1] + 1])
    zero = np.ones(padded.shape, dtype=bool)
    zero[padding : padding + image.shape[0], padding : padding + image.shape[1]] = False
    draw_cells(left, padded, color=style.IMAGE_COLOR, faint=zero, fontsize=style.FONT_HEADING)
    draw_cells(right, fmap, color=style.OUTPUT_COLOR, fontsize=style.FONT_HEADING)
    kh, kw = np.asarray(kernel).shape
    for k, step in enumerate(steps):
        color, line = _WINDOW_STYLES[k]
        inset = 0.06 * (k + 1)  # соседние окна перекрываются — рамки чуть внутрь, не слитно
        top, lft = step.window[0].start, step.window[1].start
        outline(
            left,
            top + inset,
            lft + inset,
            kh - 2 * inset,
            kw - 2 * inset,
            color=color,
            linestyle=line,
            linewidth=2.5,
        )
        _mark_result(right, step.row, step.col, k)
    # Рамки перекрывающихся окон проходят по числам: числа — поверх рамок, с белой каймой.
    for text in left.texts:
        text.set_zorder(6)
        text.set_path_effects([patheffects.withStroke(linewidth=3, foreground="white")])
    _panel(left, *padded.shape, f"окна {kh}×{kw}, шаг {stride}")
    _panel(right, *fmap.shape, f"карта {fmt.shape(fmap.shape)}")
    return fig


def pooling_figure(fmap: np.ndarray, size: int, stride: int | None = None) -> Figure:
    """Карта с окнами пулинга и что от неё остаётся: максимум и среднее каждого окна."""
    fmap = _check_gray(fmap, "fmap")
    steps = list(pool2d_steps(fmap, size, stride))
    if len(steps) > len(_WINDOW_STYLES):
        raise ValueError(
            f"fmap: рисунок показывает до {len(_WINDOW_STYLES)} окон пулинга, получилось "
            f"{len(steps)}"
        )
    results = {mode: pool2d(fmap, size, stride, mode) for mode in MODES}
    out_cols = results["max"].shape[1]
    # Итоги — столбиком справа от карты: рисунок узкий, числа крупные и на телефоне.
    # Клетки итогов крупнее клеток карты: в них помещаются дроби среднего («−521,25»).
    fig = new_figure(5.0, 4.8)
    axes = fig.subplot_mosaic(
        [["map", "max"], ["map", "average"]], width_ratios=[fmap.shape[1], 2.0 * out_cols]
    )
    draw_cells(axes["map"], fmap, color=style.OUTPUT_COLOR, fontsize=style.FONT_HEADING)
    for k, step in enumerate(steps):
        color, line = _WINDOW_STYLES[k]
        top, left = step.window[0].start, step.window[1].start
        outline(
            axes["map"],
            top + 0.06,
            left + 0.06,
            size - 0.12,
            size - 0.12,
            color=color,
            linestyle=line,
            linewidth=2.5,
        )
        # Клетка максимума окна залита цветом окна: рамка поверх числа его перечёркивала.
        r, c = step.where
        axes["map"].add_patch(
            Rectangle((left + c, top + r), 1, 1, facecolor=color, alpha=0.35, edgecolor="none")
        )
        for mode in MODES:
            _mark_result(axes[mode], step.row, step.col, k)
    _panel(axes["map"], *fmap.shape, f"карта {fmt.shape(fmap.shape)}")
    for mode, values in results.items():
        draw_cells(
            axes[mode],
            values,
            color=style.OUTPUT_COLOR,
            fontsize=style.FONT_HEADING,
            fmt=fmt.exact,
        )
        _panel(axes[mode], *values.shape, MODES[mode])
    fig.suptitle(f"Пулинг {size}×{size}: из каждого окна — одно число")
    return fig
