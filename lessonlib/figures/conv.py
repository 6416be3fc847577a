"""Рисунки про саму операцию свёртки: шаги, общий вид, анимация, размеры, матрица, ReLU.

Все числа на рисунках считает :mod:`lessonlib.conv`; построители только раскладывают
их по панелям.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from lessonlib import conv, fmt, style
from lessonlib.figures import animation
from lessonlib.figures.panels import (
    MAX_NUMBERED_SIDE,
    annotate_picture,
    draw_cells,
    draw_matrix,
    new_figure,
    operator,
    outline,
    show_picture,
    symmetric_limits,
)


def _steps(image: np.ndarray, kernel: np.ndarray) -> list[conv.ConvStep]:
    return list(conv.conv2d_steps(image, kernel))


def _position_words(step: conv.ConvStep) -> str:
    rows, cols = step.window
    return f"окно — строки {rows.start + 1}–{rows.stop}, столбцы {cols.start + 1}–{cols.stop}"


def conv_step_figure(
    image: np.ndarray, kernel: np.ndarray, step: int, *, written: bool = True
) -> Figure:
    """Один шаг свёртки (``step`` с нуля): окно, фильтр, произведения и их сумма.

    Четыре панели 2×2: изображение с выделенным окном, фильтр, поэлементные
    произведения с суммой и карта активации, в которой заполнены клетки уже
    пройденных шагов. ``written=False`` показывает шаг до записи суммы в карту —
    так устроены промежуточные кадры анимации.
    """
    image, kernel = np.asarray(image), np.asarray(kernel)
    steps = _steps(image, kernel)
    if not 0 <= step < len(steps):
        raise ValueError(f"step: ожидался номер шага от 0 до {len(steps) - 1}, получено {step!r}")
    current = steps[step]
    out = conv.conv2d(image, kernel)
    filled = np.zeros(out.shape, dtype=bool)
    for done in steps[: step + (1 if written else 0)]:
        filled[done.row, done.col] = True

    fig = new_figure(5.4, 5.8)
    axes = fig.subplots(2, 2)
    (ax_img, ax_ker), (ax_prod, ax_out) = axes
    rows, cols = current.window
    draw_matrix(
        ax_img,
        image,
        color=style.IMAGE_COLOR,
        title=f"Изображение {fmt.shape(image.shape)}",
        fontsize=style.FONT_CELL,
    )
    outline(ax_img, rows.start, cols.start, rows.stop - rows.start, cols.stop - cols.start)
    draw_matrix(
        ax_ker,
        kernel,
        color=style.FILTER_COLOR,
        title=f"Фильтр {fmt.shape(kernel.shape)}",
        fontsize=style.FONT_CELL,
    )
    draw_matrix(
        ax_prod,
        current.products,
        color=style.HIGHLIGHT_COLOR,
        title="Окно × фильтр",
        fontsize=style.FONT_CELL,
    )
    ax_prod.text(
        kernel.shape[1] / 2,
        kernel.shape[0] + 0.15,
        f"сумма = {fmt.number(current.total)}",
        ha="center",
        va="top",
        fontsize=style.FONT_RESULT,
        fontweight="bold",
    )
    ax_prod.set_ylim(kernel.shape[0] + 0.9, 0)
    draw_matrix(
        ax_out,
        out,
        color=style.OUTPUT_COLOR,
        title=f"Карта активации {fmt.shape(out.shape)}",
        show=filled,
        fontsize=style.FONT_EMPHASIS,
    )
    outline(ax_out, current.row, current.col, 1, 1)
    # Карта меньше фильтра: те же клетки, что и у соседей, только лишнее поле пустое.
    ax_out.set_xlim(
        -0.5 * (kernel.shape[1] - out.shape[1]),
        out.shape[1] + 0.5 * (kernel.shape[1] - out.shape[1]),
    )
    ax_out.set_ylim(kernel.shape[0] + 0.9, 0)
    fig.suptitle(f"Положение {step + 1} из {len(steps)}: {_position_words(current)}")
    return fig


def conv_overview_figure(image: np.ndarray, kernel: np.ndarray) -> Figure:
    """Вся свёртка одной строкой: изображение ⊛ фильтр = карта активации, с числами."""
    image, kernel = np.asarray(image), np.asarray(kernel)
    out = conv.conv2d(image, kernel)
    fig = new_figure(5.5, 3.1)
    axes = fig.subplots(
        1, 5, gridspec_kw={"width_ratios": [image.shape[1], 1, kernel.shape[1], 1, out.shape[1]]}
    )
    draw_matrix(
        axes[0], image, color=style.IMAGE_COLOR, title=f"Изображение\n{fmt.shape(image.shape)}"
    )
    operator(axes[1], "⊛")
    draw_matrix(
        axes[2], kernel, color=style.FILTER_COLOR, title=f"Фильтр\n{fmt.shape(kernel.shape)}"
    )
    operator(axes[3], "=")
    draw_matrix(
        axes[4], out, color=style.OUTPUT_COLOR, title=f"Карта\nактивации\n{fmt.shape(out.shape)}"
    )
    fig.suptitle("Свёртка: фильтр проходит по всем окнам изображения")
    return fig


def save_conv_animation(
    image: np.ndarray, kernel: np.ndarray, path: str | Path, *, seconds: float = 1.2
) -> Path:
    """Сохраняет GIF со всем проходом фильтра: на каждом шаге два кадра — счёт и запись.

    Файл получается небольшим (десятки килобайт): в рисунке мало цветов. Кадр «запись»
    каждого шага сохраняется и неподвижной картинкой — для показа без движения.
    """
    n_steps = len(_steps(np.asarray(image), np.asarray(kernel)))
    frames = []
    for step in range(n_steps):
        frames.append(conv_step_figure(image, kernel, step, written=False))
        frames.append(conv_step_figure(image, kernel, step, written=True))
    durations = [seconds, seconds * 1.5] * n_steps
    durations[-1] = seconds * 3  # последний кадр — готовая карта, на ней задержимся
    return animation.save_gif(frames, path, seconds=durations, stills=range(1, len(frames), 2))


def output_size_figure(image: np.ndarray, kernels: Sequence[np.ndarray], title: str) -> Figure:
    """Изображение и его карты активации для фильтров разного размера, с подписями размеров.

    Каждая карта нарисована над той частью изображения, из которой она получилась, а
    пунктир показывает рамку исходного изображения — видно, на сколько карта меньше.
    Маленькие матрицы подписаны числами. Карты с отрицательными числами раскрашены
    расходящейся шкалой, неотрицательные — серой, как картинка.
    """
    image = np.asarray(image, dtype=float)
    if image.ndim != 2:
        raise ValueError(f"image: ожидалась чёрно-белая картинка (H, W), получено {image.shape}")
    if not kernels:
        raise ValueError("kernels: нужен хотя бы один фильтр")
    maps = [conv.conv2d(image, np.asarray(k)) for k in kernels]
    h, w = image.shape
    numbered = max(h, w) <= MAX_NUMBERED_SIDE
    # Панель с числами шире: им нужно место; без чисел рисунок уже — для телефона.
    fig = new_figure((2.45 if numbered else 1.85) * (1 + len(maps)), 3.4 if numbered else 2.9)
    axes = fig.subplots(1, 1 + len(maps))
    art = show_picture(axes[0], image, title=f"Изображение\n{fmt.shape(image.shape)}")
    if numbered:
        annotate_picture(axes[0], art, image, fontsize=style.FONT_LABEL)
    for ax, kernel, fmap in zip(axes[1:], kernels, maps, strict=True):
        kh, kw = np.asarray(kernel).shape
        if fmap.min() < 0:
            cmap, (vmin, vmax) = style.SIGNED_CMAP, symmetric_limits(fmap)
        else:
            cmap, vmin, vmax = style.GRAY_CMAP, 0.0, float(fmap.max())
        art = show_picture(
            ax,
            fmap,
            title=f"Фильтр {kh}×{kw} →\nкарта {fmt.shape(fmap.shape)}",
            cmap=cmap,
            vmin=vmin,
            vmax=vmax,
            offset=((kh - 1) / 2, (kw - 1) / 2),
        )
        if numbered:
            annotate_picture(ax, art, fmap, fontsize=style.FONT_LABEL)
        outline(ax, 0, 0, h, w, color=style.NEUTRAL_COLOR, linewidth=1.5, linestyle="--")
        ax.set_xlim(-0.5, w + 0.5)
        ax.set_ylim(h + 0.5, -0.5)
    fig.suptitle(title)
    return fig


def conv_matrix_figure(image: np.ndarray, kernel: np.ndarray, *, wide: bool = False) -> Figure:
    """Свёртка как умножение матрицы на вектор: ``conv_matrix(kernel) @ image.ravel()``.

    Рисунок вытянут вниз, чтобы читаться и на телефоне: слева — вытянутое в столбец
    изображение ``x``, справа от него — строки матрицы ``W``, повёрнутые столбцами, так
    что каждое число матрицы стоит напротив пикселя, на который оно умножается. Внизу —
    суммы столбцов ``W·x``: они совпадают с картой активации.

    ``wide=True`` — для слайда 16:9: ``x`` — строкой сверху, под ним строки ``W``,
    справа — столбец ``W·x``.
    """
    image, kernel = np.asarray(image), np.asarray(kernel)
    matrix = conv.conv_matrix(kernel, image.shape)
    x = image.ravel()
    y = matrix @ x
    n_out, n_in = matrix.shape
    gap = 1.8  # строки (столбцы) W отделены от x пустой полосой
    result = n_in + 0.6  # W·x — за последним пикселем
    if wide:
        fig = new_figure(0.5 * (result + 2.5), 0.5 * (gap + n_out + 1.5) + 1.0)
        ax = fig.subplots()
        cells = {"left": 1.2, "fontsize": style.FONT_LABEL}
        draw_cells(ax, x[np.newaxis, :], color=style.IMAGE_COLOR, **cells)
        draw_cells(ax, matrix, color=style.FILTER_COLOR, top=gap, faint=matrix == 0, **cells)
        cells["left"] += result
        draw_cells(ax, y[:, np.newaxis], color=style.OUTPUT_COLOR, top=gap, **cells)
        label = {"ha": "right", "va": "center", "fontsize": style.FONT_LABEL}
        ax.text(0.9, 0.5, "x", **label | {"fontsize": style.FONT_EMPHASIS, "style": "italic"})
        for k in range(n_out):
            ax.text(0.9, gap + k + 0.5, str(k + 1), **label)
        heading = {"va": "bottom", "fontsize": style.FONT_HEADING}
        ax.text(0.9, gap - 0.25, "строки W", ha="right", **heading)
        ax.text(1.7 + result, gap - 0.25, "W·x", ha="center", **heading)
        ax.set_xlim(-1.6, result + 2.4)
        ax.set_ylim(gap + n_out + 0.2, -0.2)
    else:
        fig = new_figure(0.42 * (gap + n_out) + 1.2, 0.42 * (result + 1) + 1.4)
        ax = fig.subplots()
        draw_cells(ax, x[:, np.newaxis], color=style.IMAGE_COLOR, fontsize=style.FONT_LABEL)
        draw_cells(
            ax,
            matrix.T,
            color=style.FILTER_COLOR,
            left=gap,
            faint=matrix.T == 0,
            fontsize=style.FONT_LABEL,
        )
        draw_cells(
            ax,
            y[np.newaxis, :],
            color=style.OUTPUT_COLOR,
            top=result,
            left=gap,
            fontsize=style.FONT_NOTE,
        )
        ax.text(
            0.5, -0.25, "x", ha="center", va="bottom", fontsize=style.FONT_EMPHASIS, style="italic"
        )
        for k in range(n_out):
            ax.text(
                gap + k + 0.5,
                -0.25,
                str(k + 1),
                ha="center",
                va="bottom",
                fontsize=style.FONT_LABEL,
            )
        ax.text(
            gap + n_out / 2, -1.0, "строки W", ha="center", va="bottom", fontsize=style.FONT_HEADING
        )
        ax.text(
            gap - 0.15, result + 0.5, "W·x =", ha="right", va="center", fontsize=style.FONT_HEADING
        )
        ax.set_xlim(-0.2, gap + n_out + 0.2)
        ax.set_ylim(result + 1.2, -1.8)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"Свёртка как W·x:\nW — {n_out}×{n_in}, x — {n_in} пикселей")
    return fig


def relu_figure(values: np.ndarray) -> Figure:
    """Карта активации до и после ReLU: отрицательные числа становятся нулями."""
    values = np.asarray(values)
    after = conv.relu(values)
    fig = new_figure(5.4, 3.0)
    axes = fig.subplots(1, 3, gridspec_kw={"width_ratios": [values.shape[1], 1.2, values.shape[1]]})
    draw_matrix(
        axes[0], values, color=style.OUTPUT_COLOR, title="До ReLU", fontsize=style.FONT_EMPHASIS
    )
    operator(axes[1], "ReLU\n→", fontsize=style.FONT_OPERATOR_SMALL)
    draw_matrix(
        axes[2], after, color=style.OUTPUT_COLOR, title="После ReLU", fontsize=style.FONT_EMPHASIS
    )
    fig.suptitle("ReLU действует на каждый пиксель карты отдельно: max(x, 0)", wrap=True)
    return fig
