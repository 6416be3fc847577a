"""Рисунки рецептивного поля: картинка урока и рост поля с глубиной сети.

Цвета как в уроке: жёлтый — пиксель последней карты, красный — участок
промежуточной карты, который он видит, синий — его рецептивное поле на входе.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from lessonlib import style
from lessonlib.figures.panels import new_figure, outline
from lessonlib.receptive_field import FieldLayer, output_length, receptive_fields, region

_GAP = 2.5  # пустые клетки между сетками: на них стрелка и подпись слоя


def _grid(ax: Axes, left: float, top: float, n: int, label: str, *, beside: bool = False) -> None:
    """Сетка ``n×n`` клеток с подписью под ней (``beside`` — справа от неё)."""
    for r in range(n):
        for c in range(n):
            ax.add_patch(
                Rectangle(
                    (left + c, top + r),
                    1,
                    1,
                    facecolor="white",
                    edgecolor=style.NEUTRAL_COLOR,
                    linewidth=0.8,
                )
            )
    if beside:
        ax.text(left + n + 0.4, top + n / 2, label, va="center", fontsize=style.FONT_LABEL)
    else:
        ax.text(
            left + n / 2, top + n + 0.4, label, ha="center", va="top", fontsize=style.FONT_LABEL
        )


def _square(ax: Axes, left: float, top: float, first: int, last: int, color: str) -> None:
    """Закрашивает квадрат клеток first…last по обеим осям и обводит его толстой рамкой."""
    side = last - first + 1
    ax.add_patch(
        Rectangle((left + first, top + first), side, side, facecolor=color, alpha=0.55, zorder=3)
    )
    outline(ax, top + first, left + first, side, side, color=color, linewidth=3)
    # Тонкая чёрная рамка поверх цветной: жёлтый в печати на сером почти не виден.
    outline(ax, top + first, left + first, side, side, color="black", linewidth=0.8)


@style.with_phone_layout
def receptive_field_figure(
    layers: Sequence[FieldLayer], input_size: int, *, phone: bool = False
) -> Figure:
    """Сетки входа и каждой карты; центральный пиксель последней карты и всё, что он видит.

    Участок каждой промежуточной карты и поле на входе считает
    :func:`lessonlib.receptive_field.region` — рисунок ничего не задаёт вручную.
    ``phone=True`` — для телефона: сетки друг под другом, стрелки вниз.
    """
    sizes = [input_size, *output_length(layers, input_size)]
    centre = (sizes[-1] - 1) // 2
    # Вдоль потока (слева направо, на телефоне сверху вниз) сетки идут через промежуток,
    # поперёк — выровнены по середине.
    along = np.cumsum([0.0] + [n + _GAP for n in sizes[:-1]])
    across = [(max(sizes) - n) / 2 for n in sizes]
    length = along[-1] + sizes[-1]
    lefts, tops = (across, along) if phone else (along, across)
    if phone:
        fig = new_figure(3.6, 0.3 * length + 1.2)
    else:
        fig = new_figure(min(0.36 * length + 0.6, 10.0), 3.8)
    ax = fig.subplots()
    names = ["Вход"] + [f"Карта {k}" for k in range(1, len(sizes))]
    for k, n in enumerate(sizes):
        _grid(ax, lefts[k], tops[k], n, f"{names[k]}, {n}×{n}", beside=phone)
    # Поле на входе — синим, участки промежуточных карт — красным, сам пиксель — жёлтым.
    first, last = region(layers, centre)
    _square(ax, lefts[0], tops[0], first, last, style.RF_INPUT_COLOR)
    for k in range(1, len(sizes) - 1):
        first, last = region(layers[k:], centre)
        _square(ax, lefts[k], tops[k], first, last, style.RF_MIDDLE_COLOR)
    _square(ax, lefts[-1], tops[-1], centre, centre, style.RF_PIXEL_COLOR)
    middle = max(sizes) / 2
    for k, layer in enumerate(layers):
        start, stop = along[k] + sizes[k] + 0.3, along[k + 1] - 0.3
        if phone:
            tail, head = (middle, start), (middle, stop)
            text = {"xy": (middle + 0.4, (start + stop) / 2), "ha": "left", "va": "center"}
        else:
            tail, head = (start, middle), (stop, middle)
            text = {"xy": ((start + stop) / 2, middle - 0.4), "ha": "center", "va": "bottom"}
        ax.annotate(
            "",
            xy=head,
            xytext=tail,
            arrowprops={"arrowstyle": "-|>", "lw": 1.8, "color": style.NEUTRAL_COLOR},
        )
        ax.text(
            *text.pop("xy"),
            layer.label if phone else layer.label.replace(" ", "\n"),
            fontsize=style.FONT_NOTE,
            **text,
        )
    if phone:
        ax.set_xlim(-0.3, max(sizes) + 4.0)
        ax.set_ylim(length + 0.3, -0.3)
    else:
        ax.set_xlim(-0.3, length + 0.3)
        ax.set_ylim(max(sizes) + 1.4, -0.3)
    ax.set_aspect("equal")
    ax.axis("off")
    rf = receptive_fields(layers)[-1].size
    sep = "\n" if phone else " "
    ax.set_title(f"Пиксель последней карты видит{sep}участок входа {rf}×{rf}")
    return fig


_LINESTYLES = ("-", "--", ":", "-.")
_MARKERS = ("o", "s", "^", "D")
_COLORS = (style.IMAGE_COLOR, style.HIGHLIGHT_COLOR, style.OUTPUT_COLOR, style.FILTER_COLOR)


def receptive_field_growth_figure(stacks: Mapping[str, Sequence[FieldLayer]]) -> Figure:
    """Размер рецептивного поля после каждого слоя для нескольких стопок слоёв.

    Линии различаются и цветом, и штрихом, и маркером — их можно различить в сером.
    """
    if not stacks or len(stacks) > len(_LINESTYLES):
        raise ValueError(f"stacks: ожидалось от 1 до {len(_LINESTYLES)} стопок слоёв")
    fig = new_figure(4.5, 5.0)
    ax = fig.subplots()
    for k, (label, layers) in enumerate(stacks.items()):
        sizes = [rf.size for rf in receptive_fields(layers)]
        depth = np.arange(1, len(sizes) + 1)
        ax.plot(
            depth,
            sizes,
            linestyle=_LINESTYLES[k],
            marker=_MARKERS[k],
            color=_COLORS[k],
            linewidth=2,
            label=label,
        )
        ax.annotate(
            f"{sizes[-1]}×{sizes[-1]}",
            (depth[-1], sizes[-1]),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=style.FONT_NOTE,
            color=_COLORS[k],
        )
    ax.set_xlabel("слоёв пройдено")
    ax.set_ylabel("сторона рецептивного поля, пикселей")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(True, alpha=0.3)
    fig.legend(frameon=False, fontsize=style.FONT_NOTE, loc="outside lower center")
    ax.set_title("Чем глубже слой, тем больший участок\nвхода видит его пиксель")
    return fig
