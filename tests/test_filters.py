"""Именованные фильтры: соглашения урока, совпадение с SciPy, реестр."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest
import scipy.ndimage

from lessonlib.conv import conv2d
from lessonlib.filters import (
    BOX_BLUR,
    DIAGONAL_45,
    DIAGONAL_135,
    FILTERS,
    LAPLACIAN,
    PREWITT_VERTICAL,
    SHARPEN,
    SOBEL_HORIZONTAL,
    SOBEL_VERTICAL,
    Filter,
    get_filter,
)
from lessonlib.lessons.lesson01 import KERNEL

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
N = 32


def line_images() -> dict[str, np.ndarray]:
    """Тонкие белые линии на чёрном фоне, каждая проходит через всю картинку."""
    vertical = np.zeros((N, N))
    vertical[:, N // 2] = 255
    slash = np.fliplr(np.eye(N)) * 255  # «/»: из левого нижнего угла в правый верхний
    return {
        "vertical": vertical,
        "horizontal": vertical.T.copy(),
        "slash": slash,
        "backslash": np.eye(N) * 255,  # «\\»
    }


def strongest(filt: Filter) -> str:
    """Какая линия даёт самый большой по модулю отклик фильтра."""
    responses = {
        name: np.abs(conv2d(img, filt.kernel)).max() for name, img in line_images().items()
    }
    return max(responses, key=responses.__getitem__)


@pytest.mark.parametrize(
    ("filt", "line"),
    [
        (SOBEL_VERTICAL, "vertical"),
        (PREWITT_VERTICAL, "vertical"),
        (SOBEL_HORIZONTAL, "horizontal"),
        (DIAGONAL_45, "slash"),
        (DIAGONAL_135, "backslash"),
    ],
)
def test_filter_lights_up_its_lines(filt, line):
    assert strongest(filt) == line


def test_vertical_sobel_ignores_horizontal_lines_and_vice_versa():
    images = line_images()
    assert np.abs(conv2d(images["horizontal"], SOBEL_VERTICAL.kernel)).max() == 0
    assert np.abs(conv2d(images["vertical"], SOBEL_HORIZONTAL.kernel)).max() == 0
    assert np.abs(conv2d(images["vertical"], SOBEL_VERTICAL.kernel)).max() == 4 * 255


def test_diagonal_45_responds_on_the_line_itself():
    out = conv2d(line_images()["slash"], DIAGONAL_45.kernel)
    # Окно с центром на линии «/» — отклик 2+2+2 = 6 на каждый белый пиксель.
    assert out.max() == 6 * 255
    centres_on_line = np.fliplr(np.eye(N, dtype=bool))[1:-1, 1:-1]
    assert (out[centres_on_line] == 6 * 255).all()
    assert np.abs(conv2d(line_images()["backslash"], DIAGONAL_45.kernel)).max() <= 2 * 255


@pytest.mark.parametrize(
    ("filt", "reference"),
    [
        (SOBEL_VERTICAL, lambda img: scipy.ndimage.sobel(img, axis=1)),
        (SOBEL_HORIZONTAL, lambda img: scipy.ndimage.sobel(img, axis=0)),
        (PREWITT_VERTICAL, lambda img: scipy.ndimage.prewitt(img, axis=1)),
        (LAPLACIAN, scipy.ndimage.laplace),
        (BOX_BLUR, lambda img: scipy.ndimage.uniform_filter(img, size=3)),
    ],
)
def test_named_filters_match_scipy(filt, reference):
    """Названия совпадают с классическими фильтрами SciPy (внутри картинки, без краёв)."""
    img = np.random.default_rng(5).random((12, 15))
    np.testing.assert_allclose(conv2d(img, filt.kernel), reference(img)[1:-1, 1:-1], atol=1e-12)


def test_edge_detectors_give_zero_on_flat_image_and_smoothers_keep_it():
    flat = np.full((6, 6), 117.0)
    for filt in FILTERS.values():
        total = filt.kernel.sum()
        np.testing.assert_allclose(conv2d(flat, filt.kernel), 117.0 * total)
        assert np.isclose(total, 1.0) if filt in (BOX_BLUR, SHARPEN) else total == 0


def test_registry_lists_every_filter_in_lesson_order():
    assert list(FILTERS)[:3] == ["sobel_vertical", "sobel_horizontal", "diagonal_45"]
    for key, filt in FILTERS.items():
        assert filt.key == key and get_filter(key) is filt
        assert CYRILLIC.search(filt.title) and CYRILLIC.search(filt.description)
        assert filt.kernel.shape == (3, 3)
    assert SOBEL_VERTICAL.kernel.tolist() == SOBEL_HORIZONTAL.kernel.T.tolist()
    assert KERNEL is SOBEL_VERTICAL.kernel  # пример урока — вертикальный фильтр Собеля


def test_filters_cannot_be_changed():
    with pytest.raises(TypeError):
        FILTERS["mine"] = SOBEL_VERTICAL  # type: ignore[index]
    with pytest.raises(ValueError):
        SOBEL_VERTICAL.kernel[0, 0] = 100
    with pytest.raises(dataclasses.FrozenInstanceError):
        SOBEL_VERTICAL.title = "другое"  # type: ignore[misc]


def test_filter_copies_its_kernel_and_compares_by_value():
    source = np.array([[1, 2], [3, 4]])
    a = Filter("mine", "Мой", "Пробный фильтр", source)
    source[0, 0] = 100
    assert a.kernel[0, 0] == 1
    b = Filter("mine", "Мой", "Пробный фильтр", np.array([[1, 2], [3, 4]]))
    assert a == b and hash(a) == hash(b)
    assert a != Filter("mine", "Мой", "Пробный фильтр", np.array([[1, 2], [3, 5]]))


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: get_filter("sobel"), KeyError, "sobel_vertical"),
        (lambda: get_filter(3), TypeError, "key"),
        (lambda: Filter("k", "Т", "О", np.ones(3)), ValueError, "kernel"),
        (lambda: Filter("k", "Т", "О", np.array([[np.nan]])), ValueError, "kernel"),
        (lambda: Filter("", "Т", "О", np.ones((3, 3))), TypeError, "key"),
        (lambda: Filter("k", "Т", None, np.ones((3, 3))), TypeError, "description"),
    ],
)
def test_errors_are_russian(call, error, name):
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    assert CYRILLIC.search(message) and name in message, message
