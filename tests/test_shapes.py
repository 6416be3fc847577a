"""Формы и параметры слоёв против модулей PyTorch и чисел урока."""

from __future__ import annotations

import re

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from lessonlib.shapes import Conv, Dense, Flatten, LayerInfo, Pool, ReLU, trace

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def test_lesson_two_conv_layers():
    first, second = trace((32, 32, 3), [Conv(5, 3), Conv(3, 4)])
    assert first.output_shape == (30, 30, 5)
    assert first.name == "свёртка: 5 фильтров 3×3×3"
    assert second.output_shape == (27, 27, 3)
    assert second.name == "свёртка: 3 фильтра 4×4×5"
    assert (first.weights, first.biases) == (5 * 27, 5)
    assert (second.weights, second.biases, second.params) == (3 * 80, 3, 243)


@pytest.mark.parametrize("channels", [1, 3])
def test_lesson_parameter_problem(channels):
    layers = [Conv(8, 3), Conv(8, 3), Conv(8, 3), Conv(8, 3), Conv(5, 3), Flatten(), Dense(10)]
    infos = trace((100, 100, channels), layers)
    assert infos[4].output_shape == (90, 90, 5)
    assert infos[5].output_shape == (40_500,)
    assert infos[5].name == "flatten: вектор из 40\u00a0500 чисел"
    assert infos[6].weights == 40_500 * 10


def to_torch(channels: int, layers) -> nn.Sequential:
    """Та же сеть в PyTorch; полносвязные слои узнают размер входа при первом вызове."""
    modules: list[nn.Module] = []
    for layer in layers:
        if isinstance(layer, Conv):
            modules.append(
                nn.Conv2d(
                    channels,
                    layer.filters,
                    layer.size,
                    layer.stride,
                    layer.padding,
                    layer.dilation,
                )
            )
            channels = layer.filters
        elif isinstance(layer, Pool):
            modules.append(nn.MaxPool2d(layer.size, layer.stride, layer.padding))
        elif isinstance(layer, ReLU):
            modules.append(nn.ReLU())
        elif isinstance(layer, Flatten):
            modules.append(nn.Flatten())
        else:
            modules.append(nn.LazyLinear(layer.units))
    return nn.Sequential(*modules)


@st.composite
def stacks(draw):
    layers = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["conv", "pool", "relu"]))
        if kind == "conv":
            layers.append(
                Conv(
                    draw(st.integers(1, 6)),
                    draw(st.integers(1, 4)),
                    draw(st.integers(1, 2)),
                    draw(st.integers(0, 1)),
                    draw(st.integers(1, 2)),
                )
            )
        elif kind == "pool":  # PyTorch допускает у пулинга рамку не больше половины окна
            size = draw(st.integers(1, 3))
            layers.append(Pool(size, draw(st.integers(1, 3)), draw(st.integers(0, size // 2))))
        else:
            layers.append(ReLU())
    if draw(st.booleans()):
        layers.append(Flatten())
        layers.extend(Dense(draw(st.integers(1, 7))) for _ in range(draw(st.integers(0, 2))))
    return layers


@settings(max_examples=50, deadline=None)
@given(st.integers(3, 20), st.integers(3, 20), st.integers(1, 4), stacks())
def test_shapes_and_parameters_match_torch(h, w, c, layers):
    net = to_torch(c, layers)
    x = torch.zeros(1, c, h, w)
    try:
        outputs = [x := module(x) for module in net]
    except RuntimeError:  # PyTorch тоже не может: вход стал меньше фильтра
        with pytest.raises(ValueError, match=r"layers\[\d+\]"):
            trace((h, w, c), layers)
        return
    infos = trace((h, w, c), layers)
    for module, out, info in zip(net, outputs, infos, strict=True):
        shape = tuple(out.shape[1:])
        expected = (shape[1], shape[2], shape[0]) if len(shape) == 3 else shape  # (H, W, C)
        assert info.output_shape == expected
        weight, bias = getattr(module, "weight", None), getattr(module, "bias", None)
        assert info.weights == (weight.numel() if weight is not None else 0)
        assert info.biases == (bias.numel() if bias is not None else 0)
        assert info.params == sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1 фильтр"),
        (3, "3 фильтра"),
        (5, "5 фильтров"),
        (11, "11 фильтров"),
        (21, "21 фильтр"),
        (112, "112 фильтров"),
    ],
)
def test_russian_plurals(n, text):
    assert trace((10, 10, 1), [Conv(n, 1)])[0].name.startswith(f"свёртка: {text} ")


def test_pool_is_named_like_the_lesson():
    assert trace((9, 9, 4), [Pool(2, stride=2)])[0].name == "пулинг 2×2"


def test_layer_info_is_plain_data():
    info = LayerInfo("ReLU", (2, 2, 1), 0, 0)
    assert info.params == 0


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: trace((32, 32, 3), [Conv(5, 3), Conv(3, 40)]), ValueError, "layers[1]"),
        (lambda: trace((32, 32, 3), [Dense(10)]), ValueError, "layers[0]"),
        (lambda: trace((32, 32, 3), [Flatten(), Conv(3, 3)]), ValueError, "layers[1]"),
        (lambda: trace((32, 32, 3), [ReLU(), "conv"]), TypeError, "layers[1]"),
        (lambda: trace((32, 32, 3), []), ValueError, "layers"),
        (lambda: trace((32, 32, 3), Conv(1, 1)), TypeError, "layers"),
        (lambda: trace((32, 32), [ReLU()]), ValueError, "input_shape"),
        (lambda: trace((32, 32, 0), [ReLU()]), ValueError, "input_shape"),
        (lambda: trace((32, 32.0, 3), [ReLU()]), TypeError, "input_shape"),
        (lambda: Conv(0, 3), ValueError, "filters"),
        (lambda: Conv(3, 3, stride=0), ValueError, "stride"),
        (lambda: Conv(3, 2.5), TypeError, "size"),
        (lambda: Dense(0), ValueError, "units"),
    ],
)
def test_errors_are_russian_and_name_the_layer(call, error, name):
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    assert CYRILLIC.search(message) and name in message, message
