"""Пулинг, покрытие пикселей, шаг и сеть из описаний слоёв — против PyTorch и прямого счёта."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from lessonlib.conv import conv2d
from lessonlib.network import sequential
from lessonlib.pooling import kept_share, pool2d, pool2d_steps
from lessonlib.shapes import Conv, Dense, Flatten, Pool, ReLU, trace
from lessonlib.windows import coverage, coverage2d, same_padding, size_fit

FAST = settings(max_examples=40, deadline=None)
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def torch_pool(x: np.ndarray, size: int, stride: int, mode: str) -> np.ndarray:
    """Эталон: (H, W, C) → nn.MaxPool2d / nn.AvgPool2d в float64 → (H', W', C)."""
    layer = nn.MaxPool2d(size, stride) if mode == "max" else nn.AvgPool2d(size, stride)
    t = torch.from_numpy(np.asarray(x, dtype=np.float64)).permute(2, 0, 1)[None]
    return layer(t)[0].permute(1, 2, 0).numpy()


@st.composite
def pool_case(draw):
    h, w = draw(st.integers(1, 10)), draw(st.integers(1, 10))
    size = draw(st.integers(1, min(h, w)))
    stride = draw(st.integers(1, 3))
    c = draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return rng.standard_normal((h, w, c)), size, stride, draw(st.sampled_from(["max", "average"]))


@FAST
@given(pool_case())
def test_pooling_matches_torch_per_channel(case):
    x, size, stride, mode = case
    out = pool2d(x, size, stride, mode)
    np.testing.assert_allclose(out, torch_pool(x, size, stride, mode), atol=1e-12)
    for k in range(x.shape[2]):  # каждый канал — сам по себе
        np.testing.assert_allclose(out[:, :, k], pool2d(x[:, :, k], size, stride, mode))


@FAST
@given(pool_case())
def test_steps_walk_the_windows_in_order(case):
    x, size, stride, mode = case
    gray = x[:, :, 0]
    steps = list(pool2d_steps(gray, size, stride, mode))
    np.testing.assert_allclose([s.result for s in steps], pool2d(gray, size, stride, mode).ravel())
    for s in steps:
        np.testing.assert_array_equal(s.values, gray[s.window])
        if mode == "max":
            assert s.values[s.where] == s.result
        else:
            assert s.where is None


def test_default_stride_is_the_window_and_keeps_a_quarter():
    x = np.arange(36).reshape(6, 6)
    assert pool2d(x, 2).tolist() == [[7, 9, 11], [19, 21, 23], [31, 33, 35]]
    assert pool2d(x, 2).dtype == np.int64
    assert kept_share((6, 6), 2) == 0.25
    assert kept_share((100, 100), 2, 2) == pytest.approx(0.25)
    assert kept_share((5, 5), 2) == pytest.approx(4 / 25)  # нечётный край отбрасывается


def test_pooling_has_no_parameters_in_torch():
    assert sum(p.numel() for p in nn.MaxPool2d(2).parameters()) == 0
    assert trace((8, 8, 3), [Pool(2, 2)])[0].params == 0


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: pool2d(np.ones((3, 3)), 4), "size"),
        (lambda: pool2d(np.ones((3, 3)), 2, mode="min"), "mode"),
        (lambda: pool2d(np.ones((3, 3)), 0), "size"),
        (lambda: pool2d(np.ones((3, 3)), 2, stride=0), "stride"),
        (lambda: pool2d([[True]], 1), "x"),
        (lambda: list(pool2d_steps(np.ones((3, 3, 2)), 2)), "x"),
        (lambda: kept_share((4,), 2), "shape"),
        (lambda: coverage(2, 3), "f"),
        (lambda: coverage(4, 3, stride=0), "stride"),
        (lambda: coverage2d(4, 3), "shape"),
        (lambda: same_padding(4), "f"),
        (lambda: size_fit(4, 3, padding=-1), "padding"),
        (lambda: sequential((8, 8, 1), [Conv(2, 3)], pool="min"), "pool"),
        (lambda: sequential((8, 8, 1), [Pool(2, 2), Dense(3)]), "layers[1]"),
    ],
)
def test_bad_arguments_give_russian_errors_naming_them(call, argument):
    with pytest.raises((ValueError, TypeError)) as info:
        call()
    message = str(info.value)
    assert argument in message
    assert CYRILLIC.search(message)


# --- покрытие пикселей ------------------------------------------------------------------


def brute_coverage(i: int, f: int, padding: int, stride: int) -> list[int]:
    """Положить окно во все позиции рамки-с-картинкой и сосчитать попадания."""
    counts = [0] * i
    start = -padding
    while start + f <= i + padding:
        for x in range(start, start + f):
            if 0 <= x < i:
                counts[x] += 1
        start += stride
    return counts


@FAST
@given(st.integers(1, 12), st.integers(1, 5), st.integers(0, 3), st.integers(1, 3))
def test_coverage_matches_brute_force_and_torch(i, f, padding, stride):
    if i + 2 * padding < f:
        with pytest.raises(ValueError, match="меньше фильтра"):
            coverage(i, f, padding=padding, stride=stride)
        return
    assert coverage(i, f, padding=padding, stride=stride).tolist() == brute_coverage(
        i, f, padding, stride
    )
    # Транспонированная свёртка единиц разносит каждое окно обратно на пиксели.
    m = size_fit(i, f, padding=padding, stride=stride).m
    spread = F.conv_transpose2d(
        torch.ones(1, 1, m, m, dtype=torch.float64),
        torch.ones(1, 1, f, f, dtype=torch.float64),
        stride=stride,
        padding=padding,
        output_padding=size_fit(i, f, padding=padding, stride=stride).leftover,
    )[0, 0].numpy()
    np.testing.assert_array_equal(spread, coverage2d((i, i), f, padding=padding, stride=stride))


def test_padding_evens_out_the_lessons_4x4():
    plain = coverage2d((4, 4), 3)
    assert plain[0, 0] == 1 and plain[1, 1] == 4  # угол — одно окно, середина — все четыре
    padded = coverage2d((4, 4), 3, padding=1)
    assert padded[0, 0] == 4 and padded[1, 1] == 9
    assert same_padding(3) == 1 and same_padding(5) == 2


# --- шаг ----------------------------------------------------------------------------------


@FAST
@given(st.integers(1, 15), st.integers(1, 5), st.integers(0, 2), st.integers(1, 4))
def test_size_fit_matches_torch_and_counts_lost_pixels(i, f, padding, stride):
    if i + 2 * padding < f:
        return
    fit = size_fit(i, f, padding=padding, stride=stride)
    x = torch.zeros(1, 1, i, i)
    assert F.conv2d(x, torch.zeros(1, 1, f, f), stride=stride, padding=padding).shape[-1] == fit.m
    last_covered = (fit.m - 1) * stride + f  # правый край последнего окна (с рамкой)
    assert i + 2 * padding - last_covered == fit.leftover
    assert fit.exact == (fit.leftover == 0)
    unseen = int((coverage(i, f, padding=padding, stride=stride) == 0).sum())
    if stride <= f:  # окна идут сплошь: не видны только пиксели картинки у конца
        assert unseen == fit.lost_image
    else:
        assert "между соседними окнами" in fit.explanation
    assert str(fit.m) in fit.formula and CYRILLIC.search(fit.explanation)


def test_size_fit_explains_a_stride_that_does_not_fit():
    fit = size_fit(8, 3, stride=2)
    assert (fit.m, fit.leftover) == (3, 1)
    assert fit.formula == "(8 + 2·0 − 3)/2 + 1 = ⌊2,5⌋ + 1 = 3"
    # Какой край и какой ширины полоса — словами, без «1 пиксель у края» (одна точка?).
    assert fit.explanation.startswith(
        "Шаг 2 не укладывается: полоса шириной 1 пиксель у правого и нижнего края не попадает "
        "ни в одно окно. Эти пиксели картинки сеть не видит"
    )
    padded = size_fit(8, 3, padding=1, stride=2)
    assert padded.leftover == 1 and padded.lost_image == 0
    assert "полоса шириной 1 пиксель у правого и нижнего края" in padded.explanation
    assert "только рамка" in padded.explanation
    both = size_fit(9, 3, padding=1, stride=3)  # полоса 2: столбец картинки и столбец рамки
    assert (both.leftover, both.lost_image) == (2, 1)
    assert "полоса шириной 2 пикселя" in both.explanation
    assert "это 1 пиксель картинки и 1 пиксель рамки" in both.explanation


def test_conv_with_stride_and_padding_matches_torch_on_the_lesson_size():
    rng = np.random.default_rng(0)
    image, kernel = rng.standard_normal((7, 7)), rng.standard_normal((3, 3))
    ref = F.conv2d(
        torch.from_numpy(image)[None, None],
        torch.from_numpy(kernel)[None, None],
        stride=2,
        padding=1,
    )
    np.testing.assert_allclose(conv2d(image, kernel, stride=2, padding=1), ref[0, 0].numpy())


# --- сеть из описаний слоёв -------------------------------------------------------------

LAYERS = [
    Conv(5, 3),
    ReLU(),
    Conv(5, 3),
    ReLU(),
    Pool(2, 2),
    Conv(4, 3, stride=2),
    Flatten(),
    Dense(10),
]


@pytest.mark.parametrize("pool", ["max", "average"])
def test_sequential_agrees_with_the_table(pool):
    net = sequential((28, 28, 1), LAYERS, pool=pool)
    infos = trace((28, 28, 1), LAYERS)
    assert sum(p.numel() for p in net.parameters()) == sum(info.params for info in infos)
    x = torch.zeros(2, 1, 28, 28)
    for module, info in zip(net, infos, strict=True):
        x = module(x)
        expected = (
            info.output_shape
            if len(info.output_shape) == 1
            else (info.output_shape[2], *info.output_shape[:2])
        )
        assert tuple(x.shape[1:]) == expected
