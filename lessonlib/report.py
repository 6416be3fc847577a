"""Таблицы и раскрывающиеся блоки для страниц урока.

* :func:`conv_layers_table` — свёрточные слои обученной сети;
* :func:`parameter_table` — параметры первого полносвязного слоя при разной ширине;
* :class:`Details` и :func:`figure_markdown` — статистика опытов и рисунки под закрытым
  блоком «Подробнее».
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from lessonlib import fmt
from lessonlib.markdown import Markdown, table
from lessonlib.quiz import details_html
from lessonlib.receptive_field import receptive_fields
from lessonlib.shapes import Dense, Flatten, LayerSpec, trace
from lessonlib.style import figure_alt, save_figure

if TYPE_CHECKING:  # torch нужен только таблице обученной сети, а не таблицам и схемам форм
    import torch

    from lessonlib.models import ConvNet

__all__ = [
    "PARAMETER_COLUMNS",
    "Details",
    "conv_layers_table",
    "figure_markdown",
    "parameter_rows",
    "parameter_table",
]


@dataclass(frozen=True)
class Details:
    """Подробности под закрытым блоком «Подробнее»: статистика опыта, проверки, рисунки."""

    text: str
    summary: str = "Подробнее"

    def _repr_markdown_(self) -> str:
        return details_html(self.summary, self.text)

    def __str__(self) -> str:
        return f"{self.summary}: {self.text}"


def figure_markdown(fig: Figure, name: str) -> str:
    """Сохраняет рисунок (:func:`lessonlib.style.save_figure`) и возвращает ссылку
    Markdown на него с подписью — так рисунок можно положить внутрь :class:`Details`."""
    save_figure(fig, name)
    return f"![{figure_alt(fig)}](figures/{name}.png)"


def conv_layers_table(model: ConvNet, image: torch.Tensor) -> Markdown:
    """Таблица свёрточных слоёв сети: фильтры, шаг, размер карты, поле, параметры.

    Размеры карт берутся из настоящего прохода картинки ``image`` ``(C, H, W)`` через
    сеть, рецептивные поля — из :func:`lessonlib.receptive_field.receptive_fields`.
    """
    import torch

    from lessonlib.models import receptive_field_layers

    layers = receptive_field_layers(model)
    with torch.no_grad():
        maps = model.activations(image[None])
    rows = []
    for k, (conv, layer, m, rf) in enumerate(
        zip(model.convs, layers, maps, receptive_fields(layers), strict=True)
    ):
        rows.append(
            [
                str(k + 1),
                str(conv.out_channels),
                fmt.shape((layer.size, layer.size, conv.in_channels)),
                str(layer.stride),
                fmt.shape(m.shape[-2:]),
                fmt.shape((rf.size, rf.size)),
                fmt.integer(sum(p.numel() for p in conv.parameters())),
            ]
        )
    header = ["слой", "фильтров", "фильтр", "шаг", "карта", "рецептивное поле", "параметров"]
    return table(header, rows)


PARAMETER_COLUMNS: tuple[str, ...] = (
    "нейронов в слое",
    "входов слоя",
    "весов (входы × нейроны)",
    "параметров слоя (веса + смещения)",
    "параметров всех свёрток",
)
"""Столбцы таблицы :func:`parameter_rows`."""


def parameter_rows(
    input_shape: tuple[int, int, int], conv_layers: Sequence[LayerSpec], widths: Sequence[int]
) -> list[list[str]]:
    """Сколько параметров у первого полносвязного слоя при разной ширине ``widths``.

    Все числа — из :func:`lessonlib.shapes.trace` для цепочки
    ``conv_layers → Flatten → Dense(width)``; для сравнения — параметры всех свёрток.
    """
    if not widths:
        raise ValueError("widths: нужна хотя бы одна ширина полносвязного слоя")
    rows = []
    for width in widths:
        infos = trace(input_shape, [*conv_layers, Flatten(), Dense(width)])
        dense = infos[-1]
        rows.append(
            [
                fmt.integer(width),
                fmt.integer(infos[-2].output_shape[0]),
                fmt.integer(dense.weights),
                fmt.integer(dense.params),
                fmt.integer(sum(info.params for info in infos[:-1])),
            ]
        )
    return rows


def parameter_table(
    input_shape: tuple[int, int, int], conv_layers: Sequence[LayerSpec], widths: Sequence[int]
) -> Markdown:
    """:func:`parameter_rows` таблицей Markdown (на странице — настоящая HTML-таблица)."""
    return table(PARAMETER_COLUMNS, parameter_rows(input_shape, conv_layers, widths))
