"""Факты урока 1 против исходной технологической карты и независимого расчёта в PyTorch."""

from __future__ import annotations

import html
import json
import re

import numpy as np
import torch
from scipy.signal import correlate2d
from torch import nn

from lessonlib.filters import FILTERS
from lessonlib.lessons import lesson01 as facts
from lessonlib.lessons.lesson01 import trainers
from lessonlib.shapes import Conv


def test_lesson_map_is_the_one_from_the_plan():
    # Числа исходной карты урока: 29, −192, −35, −22.
    assert facts.LESSON_MAP.tolist() == [[29, -192], [-35, -22]]
    np.testing.assert_array_equal(
        correlate2d(facts.IMAGE, facts.KERNEL, mode="valid"), facts.LESSON_MAP
    )
    assert not facts.IMAGE.flags.writeable and not facts.LESSON_MAP.flags.writeable


def torch_shapes(input_shape, layers) -> list[tuple[int, int, int]]:
    h, w, c = input_shape
    x, shapes = torch.zeros(1, c, h, w), [tuple(input_shape)]
    for layer in layers:
        if isinstance(layer, Conv):
            x = nn.Conv2d(x.shape[1], layer.filters, layer.size, layer.stride, layer.padding)(x)
            shapes.append((x.shape[2], x.shape[3], x.shape[1]))
    return shapes


def test_color_chain_and_deep_network():
    assert facts.COLOR_SHAPES == [(32, 32, 3), (30, 30, 5), (27, 27, 3)]
    assert facts.COLOR_SHAPES == torch_shapes(facts.COLOR_INPUT, facts.COLOR_LAYERS)
    deep = torch_shapes(facts.DEEP_INPUT, facts.DEEP_CONVS)
    assert deep[-1] == facts.DEEP_MAPS == (90, 90, 5)
    assert facts.DEEP_VECTOR == 90 * 90 * 5 == 40_500


def test_two_3x3_layers_see_5x5_by_gradient():
    net = nn.Sequential(*(nn.Conv2d(1, 1, layer.size, bias=False) for layer in facts.TWO_LAYERS))
    for conv in net:
        nn.init.ones_(conv.weight)
    x = torch.zeros(1, 1, 9, 9, requires_grad=True)
    net(x)[0, 0, 2, 2].backward()
    rows = torch.nonzero(x.grad[0, 0].sum(dim=1)).ravel()
    assert int(rows.max() - rows.min() + 1) == facts.TWO_LAYER_FIELD == 5


def test_prototype_digits_and_filters():
    assert facts.PROTOTYPE_DIGITS == (4, 8)
    assert [f.key for f in facts.PROTOTYPE_FILTERS] == ["sobel_vertical", "diagonal_45"]


def _config(trainer) -> dict:
    """Настройки тренажёра, как их читает JavaScript: JSON атрибута data-config."""
    found = re.search(r'data-config="([^"]*)"', str(trainer))
    assert found, trainer
    return json.loads(html.unescape(found[1]))


def test_widget_presets_are_the_lesson_facts():
    # Тренажёры урока начинают с примеров урока и ничего не добавляют.
    stepper = _config(trainers.conv_stepper("нет JavaScript"))
    assert stepper["image"] == facts.IMAGE.tolist() and stepper["kernel"] == facts.KERNEL.tolist()
    assert [f["kernel"] for f in stepper["filters"]] == [
        f.kernel.tolist() for f in FILTERS.values()
    ]
    assert all(f["title"] and f["description"] for f in stepper["filters"])

    explorer = _config(trainers.receptive_field("нет JavaScript"))
    assert explorer["input"] == facts.TWO_LAYER_INPUT == 7
    layers = [Conv(1, x["kernel"], x["stride"], x["padding"]) for x in explorer["layers"]]
    assert layers == list(facts.TWO_LAYERS)
    # На входе 7×7 поле 5×5 видно целиком вместе с рамкой (как на рисунке страницы 12),
    # а вторая карта — 3×3 с центральным пикселем: по PyTorch, а не по lessonlib.
    assert facts.TWO_LAYER_FIELD + 2 == facts.TWO_LAYER_INPUT
    x = torch.zeros(1, 1, facts.TWO_LAYER_INPUT, facts.TWO_LAYER_INPUT)
    for layer in layers:
        x = nn.Conv2d(1, 1, layer.size, layer.stride, layer.padding)(x)
    assert tuple(x.shape[2:]) == (3, 3)

    calculator = _config(trainers.shape_calculator("нет JavaScript", start="parameters"))
    assert calculator["start"] == "parameters" and "pooling" not in calculator
    lesson, deep = calculator["presets"]["lesson"], calculator["presets"]["parameters"]
    convs = [Conv(c["filters"], c["size"], c["stride"], c["padding"]) for c in lesson["layers"]]
    assert torch_shapes(lesson["input"], convs) == [(32, 32, 3), (30, 30, 5), (27, 27, 3)]
    assert torch_shapes(lesson["input"], convs) == facts.COLOR_SHAPES
    convs = [Conv(c["filters"], c["size"], c["stride"], c["padding"]) for c in deep["layers"]]
    assert tuple(deep["input"]) == facts.DEEP_INPUT and convs == list(facts.DEEP_CONVS)
    assert torch_shapes(deep["input"], convs)[-1] == facts.DEEP_MAPS == (90, 90, 5)
    assert deep["dense"] == facts.DEEP_DENSE.units
