"""Рисунки к обученным сетям: прототип, обучаемые фильтры, карты слоёв, паттерны фильтров,
сравнение CNN с полносвязной сетью.

Построители получают уже посчитанные числа (результаты :mod:`lessonlib.experiments`,
карты активации) и только рисуют. Линии и столбцы различаются не только цветом,
но и штрихом, маркером или штриховкой — рисунки читаются и в чёрно-белой печати.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import torch
from matplotlib.figure import Figure

from lessonlib import fmt, style
from lessonlib.data import shift_images
from lessonlib.figures.panels import (
    annotate_picture,
    new_figure,
    outline,
    show_picture,
    symmetric_limits,
    wrap_title,
)

__all__ = [
    "feature_vectors_figure",
    "filter_steps_figure",
    "filters_figure",
    "seed_accuracy_figure",
    "shift_curves_figure",
    "shifted_digits_figure",
]

_LINESTYLES = ("-", "--", ":", "-.", (0, (6, 2, 1, 2, 1, 2)))
_MARKERS = ("o", "s", "^", "D", "v")
_COLORS = (
    style.IMAGE_COLOR,
    style.HIGHLIGHT_COLOR,
    style.OUTPUT_COLOR,
    style.FILTER_COLOR,
    "black",
)


# --------------------------------------------------------------------------------------
# Данные
# --------------------------------------------------------------------------------------


def shifted_digits_figure(image: np.ndarray, shifts: Sequence[int]) -> Figure:
    """Одна цифра ``(H, W)`` со значениями 0…1, сдвинутая вправо на каждое из ``shifts``
    пикселей — так же, как сдвигает :func:`lessonlib.data.shift_images`."""
    digit = torch.as_tensor(np.asarray(image, dtype=np.float32))[None, None]
    fig = new_figure(1.3 * len(shifts) + 0.3, 1.9)
    axes = fig.subplots(1, len(shifts), squeeze=False)[0]
    for ax, shift in zip(axes, shifts, strict=True):
        shifted = shift_images(digit, 0, shift)[0, 0].numpy()
        show_picture(ax, shifted, title=f"{shift} пикс.", vmin=0, vmax=1)
        outline(ax, 0, 0, *shifted.shape, color=style.NEUTRAL_COLOR, linewidth=1)
    fig.suptitle("Та же цифра, сдвинутая вправо")
    return fig


# --------------------------------------------------------------------------------------
# Прототип «4 против 8»
# --------------------------------------------------------------------------------------


def feature_vectors_figure(vectors: Mapping[str, np.ndarray], part_names: Sequence[str]) -> Figure:
    """Вектор после flatten и конкатенации для нескольких картинок — сверху вниз, как в уроке.

    По горизонтали — модуль числа, по вертикали — его место в векторе (0 — верх).
    Части вектора (по одной на фильтр) разделены линией; справа от каждой части —
    средний модуль её чисел. Шкала модулей общая для всех картинок.
    """
    if not vectors or not part_names:
        raise ValueError("vectors, part_names: нужны хотя бы одна картинка и одна часть")
    size = {v.size for v in vectors.values()}
    if len(size) != 1 or size.pop() % len(part_names):
        raise ValueError("vectors: векторы должны быть одной длины, кратной числу частей")
    vmax = max(float(np.abs(v).max()) for v in vectors.values())
    fig = new_figure(2.1 * len(vectors) + 0.3, 5.6)
    axes = fig.subplots(1, len(vectors), sharey=True, squeeze=False)[0]
    for k, (ax, (name, vector)) in enumerate(zip(axes, vectors.items(), strict=True)):
        values = np.abs(np.asarray(vector, dtype=float))
        part = values.size // len(part_names)
        position = np.arange(values.size)
        ax.fill_betweenx(position, 0, values, color=_COLORS[k % len(_COLORS)], linewidth=0.4)
        for p in range(len(part_names)):
            chunk = values[p * part : (p + 1) * part]
            if p:
                ax.axhline(p * part, color="black", linewidth=1.5, linestyle="--")
            ax.text(
                1.02 * vmax,
                (p + 0.5) * part,
                f"среднее\n{fmt.decimal(chunk.mean(), 2)}",
                va="center",
                fontsize=style.FONT_NOTE,
            )
        ax.set_xlim(0, 1.45 * vmax)
        ax.set_ylim(values.size, 0)
        ax.set_title(name)
        ax.set_xlabel("|число|")
    axes[0].set_yticks(
        [(p + 0.5) * (values.size // len(part_names)) for p in range(len(part_names))],
        [wrap_title(n, 14) for n in part_names],
    )
    fig.suptitle("Вектор, который получает полносвязная часть")
    return fig


@style.with_phone_layout
def filters_figure(
    rows: Mapping[str, np.ndarray],
    column_titles: Sequence[str],
    *,
    columns: int | None = None,
    title: str = "Фильтры: заданные руками и обученные",
    phone: bool = False,
) -> Figure:
    """Фильтры 3×3 с числами: строка — набор фильтров ``(F, k, k)``, столбец — фильтр.

    Цвет — знак числа (синий < 0 < красный) в своей шкале у каждого фильтра: у ручных
    и обученных фильтров разный масштаб, а сравнивать нужно рисунок знаков.
    ``columns`` — сколько фильтров в ряду (по умолчанию все); длинный набор переносится
    на следующие ряды. ``phone=True`` — для телефона: не больше двух фильтров в ряду.
    """
    banks = {name: np.asarray(bank, dtype=float) for name, bank in rows.items()}
    n_filters = len(column_titles)
    if not banks or any(b.ndim != 3 or b.shape[0] != n_filters for b in banks.values()):
        raise ValueError("rows: каждый набор должен иметь форму (F, k, k), F = len(column_titles)")
    if columns is not None and columns < 1:
        raise ValueError(f"columns: ожидалось целое число от 1, получено {columns}")
    per_row = min(columns or n_filters, 2 if phone else n_filters)
    lines = -(-n_filters // per_row)  # рядов на один набор
    fig = new_figure(1.6 * per_row + 1.0, 1.8 * len(banks) * lines + 0.6)
    axes = fig.subplots(len(banks) * lines, per_row, squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")  # клетки без фильтра в последнем ряду набора остаются пустыми
    for b, (name, bank) in enumerate(banks.items()):
        for k, kernel in enumerate(bank):
            ax = axes[b * lines + k // per_row, k % per_row]
            ax.axis("on")
            vmin, vmax = symmetric_limits(kernel)
            artist = show_picture(ax, kernel, cmap=style.SIGNED_CMAP, vmin=vmin, vmax=vmax)
            annotate_picture(ax, artist, kernel, fontsize=style.FONT_NOTE)
            if b == 0 or lines > 1:
                ax.set_title(column_titles[k])
        axes[b * lines, 0].set_ylabel(wrap_title(name, 18), fontsize=style.FONT_NOTE)
    fig.suptitle(title)
    return fig


def seed_accuracy_figure(accuracies: Mapping[str, Sequence[float]]) -> Figure:
    """Точность каждой модели при каждом зерне (точки) и средняя (вертикальная черта)."""
    fig = new_figure(4.1, 0.8 * len(accuracies) + 1.6)
    ax = fig.subplots()
    names = list(accuracies)
    for k, name in enumerate(names):
        values = 100 * np.asarray(accuracies[name], dtype=float)
        ax.plot(values, np.full(values.size, k), "o", color=style.IMAGE_COLOR, alpha=0.7)
        ax.plot([values.mean()] * 2, [k - 0.3, k + 0.3], color="black", linewidth=2.5)
    ax.set_yticks(range(len(names)), [wrap_title(n, 18) for n in names], fontsize=style.FONT_NOTE)
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_xlabel("точность на тесте, %")
    ax.grid(True, axis="x", alpha=0.3)
    fig.suptitle("Точность при разных запусках обучения:\nточки — запуски, черта — среднее")
    return fig


def filter_steps_figure(
    snapshots: np.ndarray, steps: Sequence[int], target: np.ndarray, losses: Sequence[float]
) -> Figure:
    """Фильтр на нескольких шагах обучения, фильтр-цель и кривая ошибки.

    Все фильтры — в одной шкале с целью, числа подписаны. На кривой ошибки отмечены
    шаги, для которых показан фильтр.
    """
    snapshots = np.asarray(snapshots, dtype=float)
    if max(steps) >= len(snapshots):
        raise ValueError(f"steps: снимков фильтра {len(snapshots)}, шага {max(steps)} нет")
    vmin, vmax = symmetric_limits(target, *snapshots[list(steps)])
    panels = [*steps, None]  # None — цель
    columns = min(3, len(panels))
    rows = -(-len(panels) // columns)
    fig = new_figure(4.5, 1.5 * rows + 2.4)
    grid = fig.add_gridspec(rows + 1, columns, height_ratios=[1.0] * rows + [1.3])
    for k, step in enumerate(panels):
        ax = fig.add_subplot(grid[k // columns, k % columns])
        kernel = target if step is None else snapshots[step]
        artist = show_picture(ax, kernel, cmap=style.SIGNED_CMAP, vmin=vmin, vmax=vmax)
        annotate_picture(ax, artist, kernel, fontsize=style.FONT_NOTE)
        ax.set_title("цель" if step is None else f"обновление {step}", fontsize=style.FONT_LABEL)
        if step is None:
            outline(ax, 0, 0, 3, 3, color=style.FILTER_COLOR, linewidth=3)
    ax = fig.add_subplot(grid[rows, :])
    losses = np.asarray(losses, dtype=float)
    ax.plot(np.arange(1, losses.size + 1), losses, color=style.IMAGE_COLOR, linewidth=1.8)
    marked = [s for s in steps if s > 0]
    ax.plot(marked, losses[np.array(marked) - 1], "o", color=style.HIGHLIGHT_COLOR)
    ax.set_yscale("log")
    ax.set_xlabel("обновление фильтра")
    ax.set_ylabel("ошибка (лог. шкала)")
    ax.grid(True, alpha=0.3)
    fig.suptitle("Фильтр учится: числа после\nобновлений и ошибка")
    return fig


# --------------------------------------------------------------------------------------
# CNN против полносвязной сети
# --------------------------------------------------------------------------------------


def shift_curves_figure(shifts: Sequence[int], curves: Mapping[str, np.ndarray]) -> Figure:
    """Точность от величины сдвига: линия — среднее по зёрнам, полоса — ± отклонение.

    ``curves[name]`` — массив ``(зёрна, len(shifts))`` долей от 0 до 1.
    """
    if not curves or len(curves) > len(_LINESTYLES):
        raise ValueError(f"curves: ожидалось от 1 до {len(_LINESTYLES)} кривых")
    fig = new_figure(4.5, 4.6)
    ax = fig.subplots()
    x = np.asarray(shifts)
    for k, (name, values) in enumerate(curves.items()):
        values = 100 * np.asarray(values, dtype=float)
        mean, std = values.mean(axis=0), values.std(axis=0, ddof=1) if len(values) > 1 else 0
        color = _COLORS[k]
        ax.plot(x, mean, linestyle=_LINESTYLES[k], marker=_MARKERS[k], color=color, label=name)
        ax.fill_between(x, mean - std, mean + std, color=color, alpha=0.2, linewidth=0)
    ax.axhline(10, color=style.NEUTRAL_COLOR, linestyle=":", linewidth=1)
    ax.text(x[0], 11, "угадывание наугад", ha="left", va="bottom", fontsize=style.FONT_NOTE)
    ax.set_xlabel("сдвиг цифры, пикселей")
    ax.set_ylabel("точность на тесте, %")
    ax.set_ylim(0, 100)
    ax.grid(True, alpha=0.3)
    fig.legend(frameon=False, fontsize=style.FONT_NOTE, loc="outside lower center")
    fig.suptitle("Точность на сдвинутых цифрах")
    return fig


# --------------------------------------------------------------------------------------
# Что видят слои
# --------------------------------------------------------------------------------------
