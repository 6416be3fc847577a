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
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lessonlib import fmt, style
from lessonlib.activations import TopActivations, crop_receptive_field, near_empty_maps
from lessonlib.data import Box, Scenes, box_mask, shift_images
from lessonlib.figures.panels import (
    annotate_picture,
    new_figure,
    outline,
    show_picture,
    symmetric_limits,
    wrap_title,
)
from lessonlib.receptive_field import FieldLayer, receptive_fields, region

__all__ = [
    "activation_maps_figure",
    "empty_maps_figure",
    "feature_vectors_figure",
    "filter_steps_figure",
    "filters_figure",
    "layer_maps_figure",
    "layer_purity_figure",
    "maps_over_scene_figure",
    "patch_mosaic",
    "receptive_field_boxes_figure",
    "rgb_filters_figure",
    "scene_samples_figure",
    "seed_accuracy_figure",
    "shift_curves_figure",
    "shifted_digits_figure",
    "top_patches_figure",
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


def _rgb(image: np.ndarray) -> np.ndarray:
    """Картинка ``(3, H, W)`` от 0 до 1 → ``(H, W, 3)`` для imshow."""
    image = np.asarray(image)
    if image.ndim != 3 or image.shape[0] != 3:
        raise ValueError(f"image: ожидалась цветная картинка (3, H, W), получено {image.shape}")
    return np.clip(image.transpose(1, 2, 0), 0.0, 1.0)


def _bare(ax: Axes) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


# --------------------------------------------------------------------------------------
# Данные
# --------------------------------------------------------------------------------------


def scene_samples_figure(scenes: Scenes, per_class: int = 5) -> Figure:
    """По ``per_class`` первых сцен каждого класса — строка на класс."""
    n_classes = len(scenes.class_names)
    fig = new_figure(0.95 * per_class + 0.6, 1.0 * n_classes + 0.7)
    axes = fig.subplots(n_classes, per_class, squeeze=False)
    labels = scenes.labels.numpy()
    for label, row in enumerate(axes):
        indices = np.flatnonzero(labels == label)[:per_class]
        for ax, index in zip(row, indices, strict=False):
            ax.imshow(_rgb(scenes.images[index].numpy()), interpolation="nearest")
            _bare(ax)
        row[0].set_ylabel(scenes.class_names[label], fontsize=style.FONT_HEADING)
    fig.suptitle("Сцены четырёх классов:\nположение, размер, цвета и фон случайны")
    return fig


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


def activation_maps_figure(
    maps: np.ndarray, title: str, columns: int = 4, marked: np.ndarray | None = None
) -> Figure:
    """Все карты активации одного слоя ``(F, H, W)`` в общей серой шкале со шкалой справа.

    Чёрный — ноль, белый — самое большое число слоя на этой картинке: карты слоя
    можно сравнивать между собой. Каждая карта в тонкой серой рамке (чёрная карта не
    сливается с соседними); карты, отмеченные в ``marked``, — в пунктирной.
    """
    maps = np.asarray(maps, dtype=float)
    if maps.ndim != 3:
        raise ValueError(f"maps: ожидался массив (F, H, W), получено {maps.shape}")
    rows = -(-len(maps) // columns)
    fig = new_figure(0.95 * columns + 1.0, 1.0 * rows + 1.1)
    axes = fig.subplots(rows, columns, squeeze=False)
    vmax = float(maps.max()) or 1.0
    artist = None
    for k, ax in enumerate(axes.flat):
        if k < len(maps):
            artist = show_picture(ax, maps[k], cmap=style.MAGNITUDE_CMAP, vmin=0, vmax=vmax)
            ax.set_title(str(k + 1), fontsize=style.FONT_LABEL, pad=2)
            dashed = marked is not None and bool(marked[k])
            for spine in ax.spines.values():
                spine.set_visible(True)
                spine.set_edgecolor(style.NEUTRAL_COLOR)
                spine.set_linewidth(1.5 if dashed else 0.8)
                spine.set_linestyle("--" if dashed else "-")
        else:
            ax.axis("off")
    bar = fig.colorbar(artist, ax=axes, shrink=0.9, aspect=25, pad=0.02)
    bar.ax.tick_params(labelsize=style.FONT_LABEL)
    fig.suptitle(title, wrap=True)
    return fig


def layer_maps_figure(maps: np.ndarray, layer: int, field: int) -> Figure:
    """Карты слоя номер ``layer`` (с нуля) на одной картинке; почти пустые
    (:func:`lessonlib.activations.near_empty_maps`) — в пунктирной рамке, их число в
    заголовке. ``field`` — сторона рецептивного поля пикселя этого слоя."""
    maps = np.asarray(maps, dtype=float)
    empty = near_empty_maps(maps)
    side = maps.shape[-1]
    title = (
        f"Слой {layer + 1}: карт {len(maps)}, каждая {side}×{side}, поле {field}×{field}; "
        f"почти пустых — {int(empty.sum())} (в пунктирной рамке)"
    )
    return activation_maps_figure(maps, title, marked=empty)


def rgb_filters_figure(weights: np.ndarray) -> Figure:
    """Фильтры первого слоя ``(F, 3, k, k)`` как цветные квадратики.

    Каждый фильтр растянут в свою шкалу: самое маленькое число — 0, самое большое — 1
    по всем трём каналам сразу, чтобы был виден цвет, на который он откликается.
    """
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 4 or weights.shape[1] != 3:
        raise ValueError(f"weights: ожидался массив (F, 3, k, k), получено {weights.shape}")
    n = len(weights)
    columns = min(n, 4)  # по 4 в ряд: квадратики и номера крупные и на телефоне
    rows = -(-n // columns)
    fig = new_figure(1.0 * columns + 0.4, 1.3 * rows + 0.6)
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    for ax in axes[n:]:
        ax.axis("off")
    for k, (ax, w) in enumerate(zip(axes[:n], weights, strict=True)):
        low, high = w.min(), w.max()
        show_picture(ax, _rgb((w - low) / (high - low or 1.0)), title=str(k + 1))
        outline(ax, 0, 0, w.shape[1], w.shape[2], color=style.NEUTRAL_COLOR, linewidth=1)
    fig.suptitle(f"Фильтры первого слоя ({weights.shape[2]}×{weights.shape[3]}×3)\nкак картинки")
    return fig


def receptive_field_boxes_figure(
    image: np.ndarray, layers: Sequence[FieldLayer], centre: tuple[int, int]
) -> Figure:
    """Рецептивные поля пикселя каждого слоя, ближайшего к пикселю ``centre`` (строка,
    столбец) входа.

    Рамки — отрезки :func:`lessonlib.receptive_field.region` по обеим осям; поля у края
    могут выходить за картинку (там сеть видела рамку из нулей).
    """
    rgb = _rgb(image)
    fields = receptive_fields(layers)
    fig = new_figure(5.0, 5.6)
    ax = fig.subplots()
    show_picture(ax, rgb)
    spans = []
    for k, rf in enumerate(fields):
        # Пиксель слоя, чьё поле ближе всех к centre, и его поле по строкам и по столбцам.
        (top, bottom), (left, right) = (
            region(layers[: k + 1], max(0, round((c - rf.start) / rf.jump))) for c in centre
        )
        spans += [top, bottom + 1, left, right + 1]
        color, linestyle = _COLORS[k % len(_COLORS)], _LINESTYLES[k % len(_LINESTYLES)]
        # Пиксель x занимает на рисунке клетку от x до x + 1.
        outline(
            ax,
            top,
            left,
            bottom - top + 1,
            right - left + 1,
            color=color,
            linewidth=3,
            linestyle=linestyle,
        )
        label = f"слой {k + 1}: {rf.size}×{rf.size}"
        ax.plot([], [], color=color, linestyle=linestyle, linewidth=3, label=label)
    low, high = min(0, *spans) - 0.5, max(rgb.shape[0], *spans) + 0.5
    ax.set_xlim(low, high)
    ax.set_ylim(high, low)
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        ncols=2,
        frameon=False,
        fontsize=style.FONT_LABEL,
        handlelength=3,
    )
    fig.suptitle("Рецептивное поле пикселя каждого слоя на входной картинке", wrap=True)
    return fig


def maps_over_scene_figure(
    image: np.ndarray, layer_maps: Mapping[str, np.ndarray], box: Box
) -> Figure:
    """Куда смотрят слои: сумма всех карт слоя поверх картинки и рамка объекта.

    ``layer_maps`` — подпись → карты слоя ``(F, h, w)``. Карта растягивается на всю
    картинку (пиксель карты — квадрат картинки, как в
    :func:`lessonlib.activations.share_in_box`) и кладётся полупрозрачно: яркое — где
    слой откликнулся сильнее, шкала у каждого слоя своя.
    """
    rgb = _rgb(image)
    size = rgb.shape[0]
    # По две панели в ряд: на экране телефона подписи остаются читаемыми.
    rows = -(-(len(layer_maps) + 1) // 2)
    fig = new_figure(5.4, 2.9 * rows)
    grid = fig.subplots(rows, 2, squeeze=False).ravel()
    for ax in grid[len(layer_maps) + 1 :]:
        ax.axis("off")
    axes = grid[: len(layer_maps) + 1]
    mask = box_mask(box, size)
    rows, cols = np.nonzero(mask.any(axis=1))[0], np.nonzero(mask.any(axis=0))[0]

    def frame(ax: Axes) -> None:
        height, width = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
        outline(ax, rows[0], cols[0], height, width, color=style.HIGHLIGHT_COLOR, linewidth=2.5)

    show_picture(axes[0], rgb, title="картинка и рамка объекта")
    frame(axes[0])
    grey = rgb.mean(axis=2)
    for ax, (name, maps) in zip(axes[1:], layer_maps.items(), strict=True):
        maps = np.asarray(maps, dtype=float)
        h, w = maps.shape[1:]
        heat = np.kron(maps.sum(axis=0), np.ones((size // h, size // w)))
        show_picture(ax, grey, title=name, vmin=0, vmax=1)
        ax.imshow(
            heat,
            cmap=style.HEAT_CMAP,
            alpha=0.65,
            extent=(0, size, size, 0),
            interpolation="nearest",
        )
        frame(ax)
    for ax in axes:
        _bare(ax)
    return fig


def patch_mosaic(patches: np.ndarray, columns: int = 3) -> np.ndarray:
    """Склеивает участки ``(k, 3, s, s)`` в одну картинку ``(H, W, 3)`` с белыми швами."""
    patches = np.asarray(patches, dtype=float)
    if patches.ndim != 4 or patches.shape[1] != 3:
        raise ValueError(f"patches: ожидался массив (k, 3, s, s), получено {patches.shape}")
    k, _, s, _ = patches.shape
    rows = -(-k // columns)
    gap = max(1, s // 8)
    mosaic = np.ones((rows * (s + gap) - gap, columns * (s + gap) - gap, 3))
    for i, patch in enumerate(patches):
        r, c = divmod(i, columns)
        mosaic[r * (s + gap) : r * (s + gap) + s, c * (s + gap) : c * (s + gap) + s] = _rgb(patch)
    return mosaic


@style.with_phone_layout
def top_patches_figure(
    tops: Sequence[TopActivations],
    scenes: Scenes,
    layers: Sequence[FieldLayer],
    per_layer: int = 3,
    *,
    wide: bool = False,
    phone: bool = False,
) -> Figure:
    """Лучшие участки фильтров (Зейлер и Фергус): строка — слой, мозаика — фильтр.

    ``wide=True`` — для слайда 16:9: столбец — слой, строка — фильтр. ``phone=True`` —
    для телефона: рисунок уже, подписи мозаик — в две строки.

    В каждом слое берутся первые ``per_layer`` фильтров, которые хоть раз откликнулись
    (у молчащих фильтров лучших участков нет). Участок — рецептивное поле пикселя
    с наибольшим откликом (:func:`lessonlib.activations.crop_receptive_field`); над
    мозаикой — номер фильтра и самый частый класс среди его картинок.

    Args:
        tops: сильнейшие отклики по слоям (:func:`lessonlib.activations.top_activations`)
            на картинках ``scenes``.
        layers: свёрточные слои сети (:func:`lessonlib.models.receptive_field_layers`).
    """
    images, labels = scenes.images.numpy(), scenes.labels.numpy()
    sizes = [rf.size for rf in receptive_fields(layers)]
    if wide:
        fig = new_figure(1.9 * len(tops) + 0.3, 1.65 * per_layer + 0.6)
        columns = fig.subfigures(1, len(tops), squeeze=False)[0]
        axes = np.array([c.subplots(per_layer, 1, squeeze=False)[:, 0] for c in columns])
    else:
        if phone:
            fig = new_figure(1.3 * per_layer + 0.6, 1.75 * len(tops) + 0.8)
        else:
            fig = new_figure(2.3 * per_layer + 1.0, 2.5 * len(tops) + 0.5)
        axes = fig.subplots(len(tops), per_layer, squeeze=False)
    sep = "\n" if phone else " "
    for k, top in enumerate(tops):
        alive = [f for f in range(len(top.value)) if top.value[f, 0] > 0][:per_layer]
        for ax in axes[k, len(alive) :]:
            ax.axis("off")
        for ax, f in zip(axes[k], alive, strict=False):
            patches = [
                crop_receptive_field(images[i], layers[: k + 1], r, c)
                for i, r, c in zip(top.image[f], top.row[f], top.col[f], strict=True)
            ]
            ax.imshow(patch_mosaic(np.stack(patches)), interpolation="nearest")
            _bare(ax)
            counts = np.bincount(labels[top.image[f]], minlength=len(scenes.class_names))
            ax.set_title(
                f"фильтр {f + 1}:{sep}{scenes.class_names[counts.argmax()]} "
                f"{counts.max()}/{len(top.image[f])}",
                fontsize=style.FONT_NOTE,
            )
        where = f"слой {k + 1}\nполе {sizes[k]}×{sizes[k]}"
        if wide:
            columns[k].suptitle(where, fontsize=style.FONT_LABEL)
        else:
            axes[k, 0].set_ylabel(where, fontsize=style.FONT_LABEL)
    if not wide:  # на слайде то же самое говорит его заголовок
        fig.suptitle(f"Участки, на которые фильтр{sep}откликается сильнее всего")
    return fig


def _mean_std(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Среднее и отклонение по зёрнам (ось 0) в процентах."""
    values = 100 * np.atleast_2d(np.asarray(values, dtype=float))
    std = values.std(axis=0, ddof=1) if len(values) > 1 else np.zeros(values.shape[1])
    return values.mean(axis=0), std


def empty_maps_figure(
    near_empty: np.ndarray, near_empty_alive: np.ndarray, dead: np.ndarray, threshold: float
) -> Figure:
    """Почти пустые карты (среди всех и среди живых фильтров) и молчащие фильтры по слоям.

    Каждый аргумент — массив ``(зёрна, слои)`` долей; столбец — среднее по зёрнам,
    чёрточка — ± стандартное отклонение. Столбцы различаются и штриховкой.
    """
    series = [
        (
            f"почти пустые карты\n(максимум < {round(100 * threshold)} % самой яркой)",
            near_empty,
            style.OUTPUT_COLOR,
            "",
        ),
        ("почти пустые карты живых фильтров", near_empty_alive, "white", "///"),
        ("молчащие фильтры (не откликнулись ни разу)", dead, style.NEUTRAL_COLOR, ".."),
    ]
    n_layers = np.atleast_2d(near_empty).shape[1]
    layers = np.arange(1, n_layers + 1)
    # Столбцы лежат: подписи чисел у концов не налезают друг на друга и на узком экране.
    fig = new_figure(4.1, 1.15 * n_layers + 2.6)
    ax = fig.subplots()
    height = 0.27
    for k, (label, values, color, hatch) in enumerate(series):
        mean, std = _mean_std(values)
        bars = ax.barh(
            layers + (k - 1) * height,
            mean,
            height,
            xerr=std,
            capsize=2,
            color=color,
            edgecolor="black",
            hatch=hatch,
            label=label,
        )
        ax.bar_label(
            bars, [fmt.integer(round(v)) for v in mean], fontsize=style.FONT_NOTE, padding=3
        )
    ax.set_yticks(layers, [f"слой {k}" for k in layers])
    ax.set_ylim(n_layers + 0.5, 0.5)
    ax.set_xlabel("доля, % (среднее по тесту и запускам)")
    ax.set_xlim(0, 115)
    ax.set_xticks(range(0, 101, 20))
    fig.legend(frameon=False, fontsize=style.FONT_NOTE, loc="outside lower center")
    ax.grid(True, axis="x", alpha=0.3)
    fig.suptitle("Пустые карты активации\nи молчащие фильтры по слоям")
    return fig


def layer_purity_figure(majority: np.ndarray, chance: float, rf_sizes: Sequence[int]) -> Figure:
    """Доля главного класса среди лучших участков фильтров по слоям: массив ``(зёрна, слои)``.

    Точка — среднее по зёрнам, чёрточка — ± стандартное отклонение, пунктир — ``chance``.
    """
    mean, std = _mean_std(majority)
    layers = np.arange(1, mean.size + 1)
    fig = new_figure(4.5, 4.0)
    ax = fig.subplots()
    ax.errorbar(layers, mean, yerr=std, marker="o", capsize=4, color=style.IMAGE_COLOR, linewidth=2)
    for x, y in zip(layers, mean, strict=True):
        ax.annotate(
            fmt.integer(round(y)),
            (x, y),
            xytext=(8, 4),
            textcoords="offset points",
            fontsize=style.FONT_NOTE,
        )
    ax.axhline(100 * chance, color=style.NEUTRAL_COLOR, linestyle="--", linewidth=1.2)
    ax.text(
        layers[-1],
        100 * chance - 2,
        "класс безразличен",
        ha="right",
        va="top",
        fontsize=style.FONT_NOTE,
    )
    ax.set_xticks(layers, [f"слой {k}\n{s}×{s}" for k, s in zip(layers, rf_sizes, strict=True)])
    ax.set_ylabel("доля главного класса, %")
    ax.set_ylim(0, 105)
    ax.grid(True, alpha=0.3)
    fig.suptitle("Насколько лучшие участки фильтра\nпринадлежат одному классу")
    return fig
