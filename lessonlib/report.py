"""Таблица свёрточных слоёв обученной сети для страниц урока."""

from __future__ import annotations

import torch

from lessonlib import fmt
from lessonlib.markdown import Markdown, table
from lessonlib.models import ConvNet, receptive_field_layers
from lessonlib.receptive_field import receptive_fields

__all__ = ["conv_layers_table"]


def conv_layers_table(model: ConvNet, image: torch.Tensor) -> Markdown:
    """Таблица свёрточных слоёв сети: фильтры, шаг, размер карты, поле, параметры.

    Размеры карт берутся из настоящего прохода картинки ``image`` ``(C, H, W)`` через
    сеть, рецептивные поля — из :func:`lessonlib.receptive_field.receptive_fields`.
    """
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
