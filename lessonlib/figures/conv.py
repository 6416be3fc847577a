"""Рисунки про саму операцию свёртки: шаги, общий вид, анимация, размеры, матрица, ReLU.

Все числа на рисунках считает :mod:`lessonlib.conv`; построители только раскладывают
их по панелям.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from lessonlib import conv, style
from lessonlib.figures import animation
from lessonlib.figures.panels import (
    draw_cells,
    draw_matrix,
    format_number,
    new_figure,
    operator,
    outline,
    shape_text,
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

    fig = new_figure(7.2, 7.4)

    axes = fig.subplots(2, 2)
    (ax_img, ax_ker), (ax_prod, ax_out) = axes
    rows, cols = current.window
    draw_matrix(
        ax_img, image, color=style.IMAGE_COLOR, title=f"Изображение {shape_text(image.shape)}"
    )
    outline(ax_img, rows.start, cols.start, rows.stop - rows.start, cols.stop - cols.start)
    draw_matrix(
        ax_ker, kernel, color=style.FILTER_COLOR, title=f"Фильтр {shape_text(kernel.shape)}"
    )
    draw_matrix(ax_prod, current.products, color=style.HIGHLIGHT_COLOR, title="Окно × фильтр")
    ax_prod.text(
        kernel.shape[1] / 2,
        kernel.shape[0] + 0.15,
        f"сумма = {format_number(current.total)}",
        ha="center",
        va="top",
        fontsize=14,
        fontweight="bold",
    )
    ax_prod.set_ylim(kernel.shape[0] + 0.9, 0)
    draw_matrix(
        ax_out,
        out,
        color=style.OUTPUT_COLOR,
        title=f"Карта активации {shape_text(out.shape)}",
        show=filled,
        fontsize=14,
    )
    outline(ax_out, current.row, current.col, 1, 1)
    # Карта меньше фильтра: те же клетки, что и у соседей, только лишнее поле пустое.
    ax_out.set_xlim(
        -0.5 * (kernel.shape[1] - out.shape[1]),
        out.shape[1] + 0.5 * (kernel.shape[1] - out.shape[1]),
    )
    ax_out.set_ylim(kernel.shape[0] + 0.9, 0)
    fig.suptitle(f"Шаг {step + 1} из {len(steps)}: {_position_words(current)}")
    return fig


def conv_overview_figure(image: np.ndarray, kernel: np.ndarray) -> Figure:
    """Вся свёртка одной строкой: изображение ⊛ фильтр = карта активации, с числами."""
    image, kernel = np.asarray(image), np.asarray(kernel)
    out = conv.conv2d(image, kernel)
    fig = new_figure(9, 3.4)
    axes = fig.subplots(
        1, 5, gridspec_kw={"width_ratios": [image.shape[1], 1, kernel.shape[1], 1, out.shape[1]]}
    )
    draw_matrix(
        axes[0], image, color=style.IMAGE_COLOR, title=f"Изображение\n{shape_text(image.shape)}"
    )
    operator(axes[1], "⊛")
    draw_matrix(
        axes[2], kernel, color=style.FILTER_COLOR, title=f"Фильтр\n{shape_text(kernel.shape)}"
    )
    operator(axes[3], "=")
    draw_matrix(
        axes[4], out, color=style.OUTPUT_COLOR, title=f"Карта активации\n{shape_text(out.shape)}"
    )
    fig.suptitle("Свёртка: фильтр проходит по всем окнам изображения")
    return fig


def save_conv_animation(
    image: np.ndarray, kernel: np.ndarray, path: str | Path, *, seconds: float = 1.2
) -> Path:
    """Сохраняет GIF со всем проходом фильтра: на каждом шаге два кадра — счёт и запись.

    Файл получается небольшим (десятки килобайт): в рисунке мало цветов.
    """
    n_steps = len(_steps(np.asarray(image), np.asarray(kernel)))
    frames = []
    for step in range(n_steps):
        frames.append(conv_step_figure(image, kernel, step, written=False))
        frames.append(conv_step_figure(image, kernel, step, written=True))
    durations = [seconds, seconds * 1.5] * n_steps
    durations[-1] = seconds * 3  # последний кадр — готовая карта, на ней задержимся
    return animation.save_gif(frames, path, seconds=durations)


def output_size_figure(image: np.ndarray, kernels: Sequence[np.ndarray]) -> Figure:
    """Изображение и его карты активации для фильтров разного размера, с подписями размеров.

    Каждая карта нарисована над той частью изображения, из которой она получилась, а
    пунктир показывает рамку исходного изображения — видно, на сколько карта меньше.
    """
    image = np.asarray(image, dtype=float)
    if image.ndim != 2:
        raise ValueError(f"image: ожидалась чёрно-белая картинка (H, W), получено {image.shape}")
    if not kernels:
        raise ValueError("kernels: нужен хотя бы один фильтр")
    maps = [conv.conv2d(image, np.asarray(k)) for k in kernels]
    vmin, vmax = symmetric_limits(*maps)
    h, w = image.shape
    fig = new_figure(3.0 * (1 + len(maps)), 3.6)
    axes = fig.subplots(1, 1 + len(maps))
    show_picture(axes[0], image, title=f"Изображение\n{shape_text(image.shape)}")
    for ax, kernel, fmap in zip(axes[1:], kernels, maps, strict=True):
        kh, kw = np.asarray(kernel).shape
        show_picture(
            ax,
            fmap,
            title=f"Фильтр {kh}×{kw} →\nкарта {shape_text(fmap.shape)}",
            cmap=style.SIGNED_CMAP,
            vmin=vmin,
            vmax=vmax,
            offset=((kh - 1) / 2, (kw - 1) / 2),
        )
        outline(ax, 0, 0, h, w, color=style.NEUTRAL_COLOR, linewidth=1.5, linestyle="--")
        ax.set_xlim(-0.5, w + 0.5)
        ax.set_ylim(h + 0.5, -0.5)
    fig.suptitle("Чем больше фильтр, тем меньше карта активации: m = i − f + 1")
    return fig


def conv_matrix_figure(image: np.ndarray, kernel: np.ndarray) -> Figure:
    """Свёртка как умножение матрицы на вектор: ``conv_matrix(kernel) @ image.ravel()``.

    Над столбцами матрицы подписан вытянутый в строку пиксель изображения, на который
    умножается этот столбец; справа — результат, он совпадает с картой активации.
    """
    image, kernel = np.asarray(image), np.asarray(kernel)
    matrix = conv.conv_matrix(kernel, image.shape)
    x = image.ravel()
    y = matrix @ x
    n_out, n_in = matrix.shape
    fig = new_figure(10, 4.2)
    ax = fig.subplots()
    x_top = -2.0  # строка x стоит над матрицей через пустую полосу
    draw_cells(ax, x[np.newaxis, :], color=style.IMAGE_COLOR, top=x_top, fontsize=10)
    draw_cells(ax, matrix, color=style.FILTER_COLOR, faint=matrix == 0, fontsize=10)
    draw_cells(ax, y[:, np.newaxis], color=style.OUTPUT_COLOR, left=n_in + 1.5, fontsize=11)
    ax.text(n_in + 0.75, n_out / 2, "=", ha="center", va="center", fontsize=20)
    ax.text(-0.3, x_top + 0.5, "x", ha="right", va="center", fontsize=14, style="italic")
    ax.text(-0.3, n_out / 2, "W", ha="right", va="center", fontsize=14, style="italic")
    ax.text(n_in + 2, -0.3, "W·x", ha="center", va="bottom", fontsize=12, style="italic")
    ax.set_xlim(-1.2, n_in + 2.7)
    ax.set_ylim(n_out + 0.2, x_top - 0.2)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(
        f"Матрица свёртки W ({n_out}×{n_in}) умножается на вытянутое изображение x ({n_in} чисел)"
    )
    return fig


def relu_figure(values: np.ndarray) -> Figure:
    """Карта активации до и после ReLU: отрицательные числа становятся нулями."""
    values = np.asarray(values)
    after = conv.relu(values)
    fig = new_figure(6.4, 3.0)
    axes = fig.subplots(1, 3, gridspec_kw={"width_ratios": [values.shape[1], 1.2, values.shape[1]]})
    draw_matrix(axes[0], values, color=style.OUTPUT_COLOR, title="До ReLU", fontsize=14)
    operator(axes[1], "ReLU\n→", fontsize=16)
    draw_matrix(axes[2], after, color=style.OUTPUT_COLOR, title="После ReLU", fontsize=14)
    fig.suptitle("ReLU действует на каждый пиксель карты отдельно: max(x, 0)")
    return fig
