"""lessonlib.conv против независимых эталонов: PyTorch (float64), SciPy и прямого счёта."""

from __future__ import annotations

import re

import numpy as np
import pytest
import scipy.ndimage
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from lessonlib.conv import (
    ConvStep,
    conv2d,
    conv2d_per_channel,
    conv2d_steps,
    conv_matrix,
    im2col,
    output_size,
    relu,
)
from lessonlib.lessons.lesson01 import IMAGE, KERNEL

FAST = settings(max_examples=50, deadline=None)
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def torch_conv(image: np.ndarray, bank: np.ndarray, stride: int = 1, padding: int = 0):
    """Эталон: (H, W, C) и фильтры (N, kh, kw, C) → (H', W', N) через torch в float64."""
    x = torch.from_numpy(np.asarray(image, dtype=np.float64)).permute(2, 0, 1)[None]
    w = torch.from_numpy(np.asarray(bank, dtype=np.float64)).permute(0, 3, 1, 2)
    return F.conv2d(x, w, stride=stride, padding=padding)[0].permute(1, 2, 0).numpy()


@st.composite
def conv_case(draw):
    """Случайные изображение, набор фильтров, шаг и рамка, при которых свёртка возможна."""
    padding = draw(st.integers(0, 2))
    h, w = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    kh = draw(st.integers(1, min(h + 2 * padding, 5)))
    kw = draw(st.integers(1, min(w + 2 * padding, 5)))
    c, n = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    stride = draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    image = rng.standard_normal((h, w, c))
    bank = rng.standard_normal((n, kh, kw, c))
    return image, bank, stride, padding


# --- пример урока -----------------------------------------------------------------------


def test_lesson_example_gives_the_lessons_numbers():
    out = conv2d(IMAGE, KERNEL)
    assert out.dtype == np.int64
    assert out.tolist() == [[29, -192], [-35, -22]]  # числа со слайдов урока
    np.testing.assert_array_equal(
        out, torch_conv(IMAGE[..., None], KERNEL[None, ..., None])[..., 0]
    )


def test_lesson_example_data_is_plausible_and_read_only():
    assert IMAGE.shape == (4, 4) and KERNEL.shape == (3, 3)
    assert IMAGE.dtype == KERNEL.dtype == np.int64
    assert 0 <= IMAGE.min() and IMAGE.max() <= 255
    assert np.abs(KERNEL).max() <= 5
    for arr in (IMAGE, KERNEL):
        with pytest.raises(ValueError):
            arr[0, 0] = 1


def test_lesson_walk_order_and_numbers():
    steps = list(conv2d_steps(IMAGE, KERNEL))
    assert [(s.row, s.col) for s in steps] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert [s.total for s in steps] == [29, -192, -35, -22]
    assert all(isinstance(s.total, int) for s in steps)
    first = steps[0]
    assert first.window == (slice(0, 3), slice(0, 3))
    np.testing.assert_array_equal(first.values, IMAGE[:3, :3])
    np.testing.assert_array_equal(first.products, IMAGE[:3, :3] * KERNEL)


@pytest.mark.parametrize(("i", "f", "m"), [(4, 3, 2), (28, 3, 26), (28, 5, 24), (3, 3, 1)])
def test_output_size_lesson_formula(i, f, m):
    assert output_size(i, f) == m


# --- совпадение с PyTorch ---------------------------------------------------------------


@FAST
@given(conv_case())
def test_filter_bank_matches_torch(case):
    image, bank, stride, padding = case
    out = conv2d(image, bank, stride=stride, padding=padding)
    np.testing.assert_allclose(out, torch_conv(image, bank, stride, padding), atol=1e-10)


@FAST
@given(conv_case())
def test_single_filters_match_torch(case):
    image, bank, stride, padding = case
    expected = torch_conv(image, bank[:1], stride, padding)[..., 0]
    colour = conv2d(image, bank[0], stride=stride, padding=padding)
    np.testing.assert_allclose(colour, expected, atol=1e-10)
    gray = conv2d(image[..., 0], bank[0, ..., 0], stride=stride, padding=padding)
    ref = torch_conv(image[..., :1], bank[:1, ..., :1], stride, padding)[..., 0]
    np.testing.assert_allclose(gray, ref, atol=1e-10)


@FAST
@given(conv_case(), st.booleans())
def test_per_channel_matches_torch_depthwise(case, shared):
    image, bank, _, padding = case
    image = np.pad(image, ((padding, padding), (padding, padding), (0, 0)))  # фильтр помещается
    c = image.shape[2]
    kernel = bank[0, ..., 0] if shared else bank[0]
    per_channel = np.repeat(kernel[..., None], c, axis=2) if shared else kernel
    x = torch.from_numpy(image).permute(2, 0, 1)[None]
    w = torch.from_numpy(per_channel).permute(2, 0, 1)[:, None]
    expected = F.conv2d(x, w, groups=c)[0].permute(1, 2, 0).numpy()
    out = conv2d_per_channel(image, kernel)
    np.testing.assert_allclose(out, expected, atol=1e-10)
    if not shared:  # сумма карт по каналам — это свёртка трёхмерным фильтром
        np.testing.assert_allclose(out.sum(axis=2), conv2d(image, kernel), atol=1e-10)


@FAST
@given(
    i=st.integers(1, 30),
    f=st.integers(1, 8),
    padding=st.integers(0, 3),
    stride=st.integers(1, 4),
    dilation=st.integers(1, 3),
)
def test_output_size_matches_torch(i, f, padding, stride, dilation):
    x, w = torch.zeros(1, 1, i, i), torch.zeros(1, 1, f, f)
    try:
        torch_m = F.conv2d(x, w, stride=stride, padding=padding, dilation=dilation).shape[-1]
    except RuntimeError:
        torch_m = None
    if torch_m is None or torch_m <= 0:
        with pytest.raises(ValueError, match="m = i − f \\+ 1"):
            output_size(i, f, padding=padding, stride=stride, dilation=dilation)
    else:
        assert output_size(i, f, padding=padding, stride=stride, dilation=dilation) == torch_m


@pytest.mark.parametrize("bits", [8, 38, 41])  # 41: сумма больше 2⁵³, float64 уже неточен
def test_integer_input_is_exact(bits):
    """Целые числа сравниваем с прямым счётом на целых Python."""
    rng = np.random.default_rng(7)
    image = rng.integers(-(2**bits), 2**bits, size=(6, 7, 2))
    kernel = rng.integers(-(2**10), 2**10, size=(3, 2, 2))
    out = conv2d(image, kernel)
    assert out.dtype == np.int64
    expected = [
        [
            sum(
                int(image[r + a, c + b, ch]) * int(kernel[a, b, ch])
                for a in range(3)
                for b in range(2)
                for ch in range(2)
            )
            for c in range(6)
        ]
        for r in range(4)
    ]
    assert out.tolist() == expected


def test_uint8_photo_does_not_wrap_around():
    image = np.full((5, 5), 255, dtype=np.uint8)
    out = conv2d(image, np.array([[-2, 3], [4, 5]]))
    assert out.dtype == np.int64
    assert (out == 255 * 10).all()


def test_float_matches_scipy_correlate():
    rng = np.random.default_rng(3)
    image, kernel = rng.random((9, 11)), rng.standard_normal((3, 3))
    expected = scipy.ndimage.correlate(image, kernel, mode="constant")[1:-1, 1:-1]
    np.testing.assert_allclose(conv2d(image, kernel), expected, atol=1e-12)


# --- свёртка как матрица ----------------------------------------------------------------


@FAST
@given(conv_case())
def test_conv_matrix_and_im2col_agree_with_conv2d(case):
    image, bank, stride, padding = case
    expected = conv2d(image, bank, stride=stride, padding=padding)
    w = conv_matrix(bank, image.shape, stride=stride, padding=padding)
    np.testing.assert_allclose(w @ image.ravel(), expected.ravel(), atol=1e-10)
    patches = im2col(image, bank.shape, stride=stride, padding=padding)
    flat = patches @ bank.reshape(len(bank), -1).T
    np.testing.assert_allclose(flat, expected.reshape(-1, len(bank)), atol=1e-10)
    single = conv2d(image, bank[0], stride=stride, padding=padding).ravel()
    np.testing.assert_allclose(
        im2col(image, bank[0].shape, stride=stride, padding=padding) @ bank[0].ravel(),
        single,
        atol=1e-10,
    )


def test_conv_matrix_rows_hold_the_shifted_kernel():
    kernel = np.arange(1, 5).reshape(2, 2)
    w = conv_matrix(kernel, (3, 3))
    assert w.shape == (4, 9)
    assert (w[0].reshape(3, 3)[:2, :2] == kernel).all()
    assert (w[3].reshape(3, 3)[1:, 1:] == kernel).all()
    assert (np.count_nonzero(w, axis=1) == 4).all()  # остальное — нули


# --- шаги, ReLU, перенос ----------------------------------------------------------------


@FAST
@given(conv_case())
def test_steps_walk_every_window_in_reading_order(case):
    image, bank, stride, padding = case
    kernel = bank[0]
    steps = list(conv2d_steps(image, kernel, stride=stride, padding=padding))
    out = conv2d(image, kernel, stride=stride, padding=padding)
    assert [(s.row, s.col) for s in steps] == [
        np.unravel_index(k, out.shape) for k in range(out.size)
    ]
    padded = np.pad(image, ((padding, padding), (padding, padding), (0, 0)))
    for step in steps:
        assert isinstance(step, ConvStep)
        np.testing.assert_array_equal(step.values, padded[step.window])
        np.testing.assert_allclose(step.products, step.values * kernel)
        assert step.total == pytest.approx(out[step.row, step.col], abs=1e-10)


def test_relu_matches_torch():
    x = np.random.default_rng(0).standard_normal((4, 5, 3))
    np.testing.assert_array_equal(relu(x), torch.relu(torch.from_numpy(x)).numpy())
    assert relu(np.array([-3, 0, 2])).tolist() == [0, 0, 2]


@FAST
@given(
    dy=st.integers(-8, 8),
    dx=st.integers(-8, 8),
    seed=st.integers(0, 2**32 - 1),
    size=st.integers(1, 5),
)
def test_shifted_object_gives_shifted_activation(dy, dx, seed, size):
    """Урок: один и тот же объект даёт один и тот же отклик в любом месте картинки."""
    rng = np.random.default_rng(seed)
    obj = rng.integers(0, 256, size=(5, 5, 3))
    kernel = rng.integers(-3, 4, size=(size, size, 3))
    canvas = np.zeros((32, 32, 3), dtype=np.int64)
    moved = canvas.copy()
    canvas[12:17, 12:17] = obj
    moved[12 + dy : 17 + dy, 12 + dx : 17 + dx] = obj
    out, out_moved = conv2d(canvas, kernel), conv2d(moved, kernel)
    np.testing.assert_array_equal(out_moved, np.roll(out, (dy, dx), axis=(0, 1)))


# --- ошибки: по-русски и с именем аргумента -------------------------------------------

GRAY = np.ones((5, 5))
RGB = np.ones((5, 5, 3))
K2 = np.ones((3, 3))
K3 = np.ones((3, 3, 3))
NAN_IMAGE = np.where(np.eye(5, dtype=bool), np.nan, 1.0)

ERRORS = [
    # (вызов, исключение, имя аргумента в сообщении)
    (lambda: conv2d(np.ones((2, 5, 5, 3)), K3), ValueError, "image"),
    (lambda: conv2d(np.ones(5), K2), ValueError, "image"),
    (lambda: conv2d(GRAY, np.ones(3)), ValueError, "kernel"),
    (lambda: conv2d(RGB, np.ones((3, 3, 2))), ValueError, "kernel"),
    (lambda: conv2d(RGB, np.ones((4, 3, 3, 1))), ValueError, "kernel"),
    (lambda: conv2d(RGB, K2), ValueError, "conv2d_per_channel"),
    (lambda: conv2d(GRAY, K3), ValueError, "kernel"),
    (lambda: conv2d(np.ones((2, 5)), K2), ValueError, "image"),
    (lambda: conv2d(NAN_IMAGE, K2), ValueError, "image"),
    (lambda: conv2d(GRAY, np.full((3, 3), np.inf)), ValueError, "kernel"),
    (lambda: conv2d(GRAY, K2, stride=0), ValueError, "stride"),
    (lambda: conv2d(GRAY, K2, stride=-1), ValueError, "stride"),
    (lambda: conv2d(GRAY, K2, stride=1.5), TypeError, "stride"),
    (lambda: conv2d(GRAY, K2, padding=-1), ValueError, "padding"),
    (lambda: conv2d(np.zeros((0, 5)), K2), ValueError, "image"),
    (lambda: conv2d(GRAY, np.zeros((3, 0))), ValueError, "kernel"),
    (lambda: conv2d(GRAY > 0, K2), TypeError, "image"),
    (lambda: conv2d([["a", "b"], ["c", "d"]], K2), TypeError, "image"),
    (lambda: conv2d(GRAY, K2 + 0j), TypeError, "kernel"),
    (lambda: output_size(5.0, 3), TypeError, "i"),
    (lambda: output_size(5, "3"), TypeError, "f"),
    (lambda: output_size(True, 3), TypeError, "i"),
    (lambda: output_size(0, 3), ValueError, "i"),
    (lambda: output_size(5, -1), ValueError, "f"),
    (lambda: output_size(2, 3), ValueError, "m = i − f + 1"),
    (lambda: output_size(5, 3, stride=0), ValueError, "stride"),
    (lambda: output_size(5, 3, dilation=0), ValueError, "dilation"),
    (lambda: output_size(5, 3, padding=-2), ValueError, "padding"),
    (lambda: output_size(5, 3, dilation=3), ValueError, "dilation"),
    (lambda: conv2d_per_channel(GRAY, K2), ValueError, "image"),
    (lambda: conv2d_per_channel(RGB, np.ones((3, 3, 2))), ValueError, "kernel"),
    (lambda: conv2d_per_channel(RGB, np.ones((3, 3, 3, 3))), ValueError, "kernel"),
    (lambda: conv2d_per_channel(np.ones((2, 2, 3)), K2), ValueError, "image"),
    (lambda: conv2d_steps(RGB, np.ones((2, 3, 3, 3))), ValueError, "kernel"),
    (lambda: conv2d_steps(NAN_IMAGE, K2), ValueError, "image"),
    (lambda: conv2d_steps(GRAY, K2, stride=0), ValueError, "stride"),
    (lambda: relu([]), ValueError, "x"),
    (lambda: relu(np.array([1.0, np.nan])), ValueError, "x"),
    (lambda: relu("abc"), TypeError, "x"),
    (lambda: conv_matrix(K2, (5,)), ValueError, "image_shape"),
    (lambda: conv_matrix(K2, (5, 4.5)), TypeError, "image_shape"),
    (lambda: conv_matrix(K2, (5, 0)), ValueError, "image_shape"),
    (lambda: conv_matrix(K3, (5, 5, 2)), ValueError, "kernel"),
    (lambda: conv_matrix(K2, (2, 5)), ValueError, "image_shape"),
    (lambda: conv_matrix(K2, (5, 5), stride=0), ValueError, "stride"),
    (lambda: im2col(GRAY, (3,)), ValueError, "kernel_shape"),
    (lambda: im2col(RGB, (3, 3)), ValueError, "kernel_shape"),
    (lambda: im2col(RGB, (3, 3, 2)), ValueError, "kernel_shape"),
    (lambda: im2col(GRAY, (3, 0)), ValueError, "kernel_shape"),
    (lambda: im2col(GRAY, (6, 3)), ValueError, "image"),
    (lambda: im2col(np.ones(3), (3, 3)), ValueError, "image"),
]


@pytest.mark.parametrize(("call", "error", "name"), ERRORS)
def test_errors_are_russian_and_name_the_argument(call, error, name):
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    assert CYRILLIC.search(message), message
    assert name in message, message


def test_image_smaller_than_filter_message_gives_both_sizes():
    with pytest.raises(ValueError) as info:
        conv2d(np.ones((2, 7)), np.ones((3, 3)))
    message = str(info.value)
    assert "i = 2" in message and "f = 3" in message and "m = i − f + 1" in message
