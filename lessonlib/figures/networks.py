"""Схемы сетей, нарисованные по настоящим числам: прототип CNN, цепочка форм, параметры."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from lessonlib import conv, fmt, style
from lessonlib.figures.panels import new_figure, show_picture, wrap_title
from lessonlib.filters import Filter
from lessonlib.report import PARAMETER_COLUMNS, parameter_rows
from lessonlib.shapes import Conv, Flatten, LayerSpec, ReLU, trace


def activation_strength(images: np.ndarray, filters: Sequence[Filter]) -> np.ndarray:
    """Средний модуль карты активации каждого фильтра для каждой картинки: форма (N, F).

    Это одно число на карту — «насколько фильтр активировался на картинке».
    """
    images = np.asarray(images, dtype=float)
    if images.ndim != 3:
        raise ValueError(f"images: ожидался набор картинок (N, H, W), получено {images.shape}")
    bank = np.stack([f.kernel for f in filters])[:, :, :, np.newaxis]
    return np.stack([np.abs(conv.conv2d(image, bank)).mean(axis=(0, 1)) for image in images])


def _arrow(ax: Axes) -> None:
    ax.axis("off")
    ax.annotate(
        "",
        xy=(0.95, 0.5),
        xytext=(0.05, 0.5),
        xycoords="axes fraction",
        arrowprops={"arrowstyle": "-|>", "lw": 1.8, "color": style.NEUTRAL_COLOR},
    )


@style.with_phone_layout
def prototype_scheme_figure(
    digits: Mapping[str, np.ndarray], filters: Sequence[Filter], *, phone: bool = False
) -> Figure:
    """Прототип CNN на настоящих цифрах: картинка → карты фильтров → flatten и конкатенация.

    По строке на цифру (ключ ``digits`` — подпись строки). Карты и вектор показаны
    модулями чисел в одной серой шкале на весь рисунок: чем белее, тем сильнее
    фильтр активировался, — поэтому строки можно сравнивать. Рядом с вектором —
    средний модуль чисел каждой его части. ``phone=True`` — для телефона: вектор лежит
    под картами своей цифры.
    """
    if not digits or not filters:
        raise ValueError("digits, filters: нужны хотя бы одна картинка и один фильтр")
    bank = np.stack([f.kernel for f in filters])[:, :, :, np.newaxis]
    maps = {
        name: np.abs(conv.conv2d(np.asarray(img, dtype=float), bank))
        for name, img in digits.items()
    }
    vmax = max(float(m.max()) for m in maps.values())
    n_f = len(filters)
    if phone:
        fig = new_figure(4.4, 2.8 * len(digits) + 0.8)
        grid = fig.add_gridspec(
            3 * len(digits),
            2 + n_f,
            width_ratios=[1.0, 0.3, *([1.0] * n_f)],
            height_ratios=[1.0, 0.14, 0.2] * len(digits),
        )
        rows = [
            [fig.add_subplot(grid[3 * r, k]) for k in range(2 + n_f)]
            + [fig.add_subplot(grid[3 * r + 1, :]), fig.add_subplot(grid[3 * r + 2, :])]
            for r in range(len(digits))
        ]
    else:
        ratios = [1.0, 0.4, *([1.0] * n_f), 0.45, 0.32, 0.85]
        fig = new_figure(7.8, 2.2 * len(digits) + 1.0)
        axes = fig.subplots(len(digits), len(ratios), gridspec_kw={"width_ratios": ratios})
        rows = [[*ax[: 2 + n_f], *ax[3 + n_f :]] for ax in np.atleast_2d(axes)]
        for ax in np.atleast_2d(axes):
            _arrow(ax[2 + n_f])
    for row, (ax, (name, image)) in enumerate(zip(rows, digits.items(), strict=True)):
        fmaps = maps[name]
        show_picture(ax[0], image, title=name, vmin=0, vmax=255)
        _arrow(ax[1])
        for k, filt in enumerate(filters):
            show_picture(
                ax[2 + k],
                fmaps[:, :, k],
                title=f"карта {k + 1}" if row else f"{wrap_title(filt.title, 14)}\n→ карта {k + 1}",
                cmap=style.MAGNITUDE_CMAP,
                vmin=0,
                vmax=vmax,
            )
            if phone and not row:  # названия фильтров не налезают друг на друга
                ax[2 + k].title.set_fontsize(style.FONT_LABEL)
        _feature_vector(ax[2 + n_f], ax[3 + n_f], fmaps, vmax, lying=phone)
    if phone:
        title = (
            "Прототип CNN: свёртка двумя\nфильтрами → вытягивание и\nконкатенация "
            "→ вектор для полносвязной\nсети (|x| — среднее по части)"
        )
    else:
        title = (
            "Прототип CNN: свёртка двумя фильтрами → вытягивание и конкатенация →\n"
            "вектор, который получает полносвязная сеть (|x| — среднее по части)"
        )
    fig.suptitle(title)
    return fig


def _feature_vector(
    ax_vec: Axes, ax_text: Axes, fmaps: np.ndarray, vmax: float, *, lying: bool
) -> None:
    """Вектор после flatten и конкатенации: сначала вся карта 1 (построчно), потом вся
    карта 2; рядом — средний модуль чисел каждой части. ``lying`` — вектор лежит, а не стоит."""
    n_f = fmaps.shape[2]
    vector = np.concatenate([fmaps[:, :, k].ravel() for k in range(n_f)])
    ax_vec.imshow(
        vector[np.newaxis, :] if lying else vector[:, np.newaxis],
        cmap=style.MAGNITUDE_CMAP,
        vmin=0,
        vmax=vmax,
        aspect="auto",
        interpolation="antialiased",
    )
    ax_vec.set_xticks([])
    ax_vec.set_yticks([])
    ax_vec.set_title(f"вектор длины {vector.size}" if lying else str(vector.size))
    part = fmaps[:, :, 0].size
    ax_text.axis("off")
    if lying:
        ax_text.set_xlim(0, vector.size)
    else:
        ax_text.set_ylim(vector.size, 0)
    border = ax_vec.axvline if lying else ax_vec.axhline
    sep = " " if lying else "\n"
    for k in range(n_f):
        if k:
            border(k * part - 0.5, color=style.HIGHLIGHT_COLOR, lw=2)
        middle = (k + 0.5) * part
        ax_text.text(
            *((middle, 0.5) if lying else (0.08, middle)),
            f"часть {k + 1}:{sep}|x| ≈ {fmaps[:, :, k].mean():.0f}",
            ha="center" if lying else "left",
            va="center",
            fontsize=style.FONT_LABEL,
        )


def _tensor(ax: Axes, x: float, y: float, shape: tuple[int, ...], side: float, color: str) -> float:
    """Рисует карты (H, W, C) стопкой квадратов со сдвигом; возвращает высоту рисунка.

    Карт больше восьми не рисуем по одной: стопка перестала бы помещаться, число
    карт всё равно написано рядом.
    """
    depth = min(shape[2], 8)
    step = 0.12
    for k in reversed(range(depth)):
        ax.add_patch(
            Rectangle(
                (x + k * step, y + (depth - 1 - k) * step),
                side,
                side,
                facecolor=_light(color),
                edgecolor=color,
                linewidth=1.4,
            )
        )
    return side + (depth - 1) * step


def _light(color: str) -> tuple[float, float, float]:
    rgb = np.array(to_rgb(color))
    return tuple(1 - 0.3 * (1 - rgb))


def shape_chain_figure(
    input_shape: tuple[int, int, int], layers: Sequence[LayerSpec], title: str
) -> Figure:
    """Цепочка форм сверху вниз: вход, затем выход каждого свёрточного слоя.

    Формы и названия слоёв считает :func:`lessonlib.shapes.trace`; ReLU после
    свёртки подписывается на той же стрелке. Стопка квадратов — карты активации
    (квадраты тем больше, чем больше карта).
    """
    infos = trace(input_shape, layers)
    nodes: list[tuple[tuple[int, ...], str]] = [(tuple(input_shape), "")]
    for layer, info in zip(layers, infos, strict=True):
        if isinstance(layer, ReLU) and nodes[-1][1]:
            shape, label = nodes[-1]
            nodes[-1] = (shape, f"{label} + ReLU")
        else:
            nodes.append((info.output_shape, info.name))
    biggest = max(shape[0] for shape, _ in nodes if len(shape) == 3)
    gap = 1.3  # промежуток между стопками: стрелка и подпись слоя
    fig = new_figure(6.8, 1.0 + 1.45 * len(nodes))
    ax = fig.subplots()
    y = 0.0
    for k, (shape, label) in enumerate(nodes):
        if k:
            ax.annotate(
                "",
                xy=(1.0, y + gap - 0.1),
                xytext=(1.0, y + 0.1),
                arrowprops={"arrowstyle": "-|>", "lw": 1.8, "color": style.NEUTRAL_COLOR},
            )
            ax.text(1.4, y + gap / 2, label, fontsize=style.FONT_LABEL, va="center")
            y += gap
        if len(shape) == 3:
            color = style.IMAGE_COLOR if k == 0 else style.OUTPUT_COLOR
            height = _tensor(ax, 0.2, y, shape, 0.6 + 1.1 * shape[0] / biggest, color)
            what = f"вход, каналов: {shape[2]}" if k == 0 else f"карт активации: {shape[2]}"
        else:
            height = 1.6
            ax.add_patch(
                Rectangle(
                    (0.85, y),
                    0.3,
                    height,
                    facecolor=_light(style.OUTPUT_COLOR),
                    edgecolor=style.OUTPUT_COLOR,
                    linewidth=1.4,
                )
            )
            what = "вектор"
        middle = y + height / 2
        ax.text(
            2.9,
            middle - 0.3,
            fmt.shape(shape),
            fontsize=style.FONT_EMPHASIS,
            fontweight="bold",
            va="center",
        )
        ax.text(
            2.9,
            middle + 0.3,
            what,
            fontsize=style.FONT_LABEL,
            va="center",
            color=style.NEUTRAL_COLOR,
        )
        y += height
    ax.set_xlim(0, 7.5)
    ax.set_ylim(y + 0.2, -0.2)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)
    return fig


def parameter_table_figure(
    input_shape: tuple[int, int, int], conv_layers: Sequence[LayerSpec], widths: Sequence[int]
) -> Figure:
    """Таблица: сколько параметров у первого полносвязного слоя при разной его ширине.

    Картинка для слайда; на странице урока та же таблица — HTML
    (:func:`lessonlib.report.parameter_table`).
    """
    rows = parameter_rows(input_shape, conv_layers, widths)
    header = [wrap_title(name, 12) for name in PARAMETER_COLUMNS]
    fig = new_figure(7.0, 0.42 * len(rows) + 1.3)
    ax = fig.subplots()
    ax.axis("off")
    table = ax.table(cellText=rows, colLabels=header, loc="center", cellLoc="center")
    table.auto_set_font_size(False)
    table.set_fontsize(style.FONT_LABEL)
    table.scale(1.0, 2.0)
    for (r, _), cell in table.get_celld().items():
        cell.set_edgecolor(style.NEUTRAL_COLOR)
        if r == 0:
            cell.set_height(cell.get_height() * 2.1)
            cell.set_facecolor(_light(style.FILTER_COLOR))
            cell.set_text_props(fontweight="bold", fontsize=style.FONT_NOTE)
    ax.set_title(
        f"Первый полносвязный слой после входа {fmt.shape(input_shape)} "
        f"и {sum(isinstance(layer, Conv) for layer in conv_layers)} свёрток"
    )
    return fig


def _operation(layer: LayerSpec, name: str) -> str:
    """Подпись стрелки схемы: «свёртка 5 фильтров 3×3×3», «вытягивание», «полносвязный слой…»."""
    if isinstance(layer, Flatten):
        return "вытягивание"
    head, _, rest = name.partition(": ")
    return "\n".join(textwrap.wrap(head, 12) + textwrap.wrap(rest, 12))


def cnn_scheme_figure(
    input_shape: tuple[int, int, int], layers: Sequence[LayerSpec], title: str
) -> Figure:
    """Схема CNN слева направо: вход → свёртка → ReLU → … → flatten → полносвязные слои.

    Формы и подписи считает :func:`lessonlib.shapes.trace`; ReLU пишется на стрелке того
    слоя, после которого стоит. Снизу скобками отмечены две части сети: свёрточная
    выделяет признаки, полносвязная по ним классифицирует.
    """
    infos = trace(input_shape, layers)
    if not any(isinstance(layer, Flatten) for layer in layers):
        raise ValueError("layers: в схеме CNN должен быть слой Flatten перед полносвязной частью")
    nodes: list[tuple[tuple[int, ...], str]] = [(tuple(input_shape), "")]
    for layer, info in zip(layers, infos, strict=True):
        if isinstance(layer, ReLU):
            shape, label = nodes[-1]
            nodes[-1] = (shape, f"{label}\n+ ReLU")
        else:
            nodes.append((info.output_shape, _operation(layer, info.name)))
    biggest = max(shape[0] for shape, _ in nodes if len(shape) == 3)
    longest = max(shape[0] for shape, _ in nodes if len(shape) == 1)
    gap, height = 3.3, 3.2
    fig = new_figure(12.5, 5.5)  # рисунок для слайда 16:9: текст крупный и с проектора
    ax = fig.subplots()
    x, flatten_x = 0.0, 0.0
    for k, (shape, label) in enumerate(nodes):
        if k:
            ax.annotate(
                "",
                xy=(x + gap - 0.15, 0.0),
                xytext=(x + 0.15, 0.0),
                arrowprops={"arrowstyle": "-|>", "lw": 2.2, "color": style.NEUTRAL_COLOR},
            )
            ax.text(x + gap / 2, 0.3, label, fontsize=15, ha="center", va="bottom", linespacing=1.1)
            if label == "flatten":
                flatten_x = x + gap / 2
            x += gap
        if len(shape) == 3:
            color = style.IMAGE_COLOR if k == 0 else style.OUTPUT_COLOR
            side = 0.8 + 1.4 * shape[0] / biggest
            drawn = _tensor(ax, x, -side / 2, shape, side, color)
            width = side + (drawn - side)
        else:
            width, tall = 0.35, 0.8 + (height - 0.8) * np.sqrt(shape[0] / longest)
            ax.add_patch(
                Rectangle(
                    (x, -tall / 2),
                    width,
                    tall,
                    facecolor=_light(style.OUTPUT_COLOR),
                    edgecolor=style.OUTPUT_COLOR,
                    linewidth=1.8,
                )
            )
        what = "вход" if k == 0 else ("ответ: классы" if k == len(nodes) - 1 else "")
        size = fmt.shape(shape) if len(shape) == 3 else fmt.integer(shape[0])
        # Под узлом: форма данных жирным, ниже — что это (у входа и выхода).
        for text, dy, font in (
            (size, 0.25, {"fontsize": 17, "fontweight": "bold"}),
            (what, 0.85, {"fontsize": 15, "color": style.NEUTRAL_COLOR}),
        ):
            if text:
                ax.text(x + width / 2, -height / 2 - dy, text, ha="center", va="top", **font)
        x += width
    for left, right, text in (
        (0.0, flatten_x - 0.2, "свёрточная часть: выделяет признаки"),
        (flatten_x + 0.2, x, "полносвязная часть: классифицирует"),
    ):
        y = -height / 2 - 1.7
        ax.plot(
            [left, left, right, right], [y + 0.2, y, y, y + 0.2], color=style.NEUTRAL_COLOR, lw=1.8
        )
        ax.text((left + right) / 2, y - 0.2, text, fontsize=16, ha="center", va="top")
    ax.set_xlim(-0.6, x + 0.9)
    ax.set_ylim(-height / 2 - 2.6, height / 2 + 1.6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=18)
    return fig
