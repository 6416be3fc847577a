"""Рецептивные поля против прямой проверки градиентом в сети PyTorch."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from lessonlib.receptive_field import RF, FieldLayer, output_length, receptive_fields, region
from lessonlib.shapes import Conv, Pool

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def test_lesson_two_3x3_layers_see_5x5():
    fields = receptive_fields([Conv(1, 3), Conv(1, 3)])
    assert fields == [RF(size=3, jump=1, start=1.0), RF(size=5, jump=1, start=2.0)]
    assert region([Conv(1, 3), Conv(1, 3)], 0) == (0, 4)
    assert region([Conv(1, 3), Conv(1, 3)], 7) == (7, 11)


@st.composite
def stacks(draw):
    """1–4 слоя: свёртки (шаг, рамка, разрежение) и пулинг (среднее по окну)."""
    layers = []
    for _ in range(draw(st.integers(1, 4))):
        kernel = draw(st.integers(1, 4))
        stride = draw(st.integers(1, 3))
        if draw(st.booleans()):
            padding, dilation = draw(st.integers(0, 3)), draw(st.integers(1, 3))
            layers.append(Conv(1, kernel, stride, padding, dilation))
        else:  # PyTorch допускает у пулинга рамку не больше половины окна
            layers.append(Pool(kernel, stride, draw(st.integers(0, kernel // 2))))
    return layers


def torch_net(layers: list[FieldLayer]) -> nn.Sequential:
    modules: list[nn.Module] = []
    for layer in layers:
        if isinstance(layer, Pool):
            modules.append(nn.AvgPool2d(layer.size, layer.stride, layer.padding))
        else:
            conv = nn.Conv2d(
                1, 1, layer.size, layer.stride, layer.padding, layer.dilation, bias=False
            )
            nn.init.ones_(conv.weight)
            modules.append(conv)
    return nn.Sequential(*modules).double()


@settings(max_examples=50, deadline=None)
@given(stacks(), st.integers(0, 30))
def test_region_matches_gradient_of_one_output_pixel(layers, extra):
    fields = receptive_fields(layers)
    size = fields[-1].size
    # Вход, в котором поле хотя бы одного пикселя выхода целиком лежит на картинке.
    first0, jump = region(layers, 0)[0], fields[-1].jump
    n = region(layers, -(first0 // jump) if first0 < 0 else 0)[1] + 1 + extra
    lengths = output_length(layers, n)
    net = torch_net(layers)
    x = torch.ones(1, 1, n, n, dtype=torch.float64, requires_grad=True)
    y = net(x)
    assert list(y.shape[2:]) == [lengths[-1]] * 2
    interior = 0
    for index in range(lengths[-1]):
        (grad,) = torch.autograd.grad(y[0, 0, index, index], x, retain_graph=True)
        rows = np.nonzero(grad[0, 0].sum(dim=1).numpy())[0]  # все веса > 0: градиент ≥ 0
        first, last = region(layers, index)
        assert last - first + 1 == size
        assert fields[-1].start + index * fields[-1].jump == (first + last) / 2
        if len(rows):  # видимые пиксели лежат внутри поля (обрезанного краем картинки)
            assert max(first, 0) <= rows.min() and rows.max() <= min(last, n - 1)
        if first >= 0 and last <= n - 1:  # поле внутри картинки — совпадение точное
            interior += 1
            assert (rows.min(), rows.max()) == (first, last)
    assert interior > 0


@pytest.mark.parametrize(
    ("layers", "sizes", "jumps"),
    [
        ([Conv(1, 3), Conv(1, 3), Conv(1, 3)], [3, 5, 7], [1, 1, 1]),
        ([Conv(1, 3), Pool(2, stride=2), Conv(1, 3)], [3, 4, 8], [1, 2, 2]),
        ([Conv(1, 3, dilation=2), Conv(1, 3, dilation=4)], [5, 13], [1, 1]),
    ],
)
def test_known_stacks(layers, sizes, jumps):
    fields = receptive_fields(layers)
    assert [f.size for f in fields] == sizes
    assert [f.jump for f in fields] == jumps


def test_padding_moves_the_field_into_the_frame():
    layers = [Conv(1, 3, padding=1), Conv(1, 3, padding=1)]
    assert region(layers, 0) == (-2, 2)
    assert receptive_fields(layers)[-1].start == 0.0
    assert output_length(layers, 28) == [28, 28]


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: Conv(1, 0), ValueError, "size"),
        (lambda: Conv(1, 3.0), TypeError, "size"),
        (lambda: Conv(1, 3, stride=0), ValueError, "stride"),
        (lambda: Conv(1, 3, padding=-1), ValueError, "padding"),
        (lambda: Conv(1, 3, dilation=0), ValueError, "dilation"),
        (lambda: Pool(2, stride=0), ValueError, "stride"),
        (lambda: receptive_fields([]), ValueError, "layers"),
        (lambda: receptive_fields(Conv(1, 3)), TypeError, "layers"),
        (lambda: receptive_fields([Conv(1, 3), 3]), TypeError, "layers[1]"),
        (lambda: region([Conv(1, 3)], -1), ValueError, "index"),
        (lambda: region([Conv(1, 3)], 1.5), TypeError, "index"),
        (lambda: output_length([Conv(1, 3), Conv(1, 5)], 6), ValueError, "layers[1]"),
        (lambda: output_length([Conv(1, 3)], 0), ValueError, "input_size"),
    ],
)
def test_errors_are_russian(call, error, name):
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    assert CYRILLIC.search(message) and name in message, message
