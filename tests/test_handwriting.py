"""Подготовка нарисованной цифры, как в MNIST (lessonlib.handwriting.mnist_frame).

Свойства проверяются независимо: рамка — по ненулевым пикселям, центр масс —
scipy.ndimage.center_of_mass, уменьшение усреднением — суммой блоков numpy.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from lessonlib.handwriting import BOX, FIELD, mnist_frame, resize_area


def stroke_drawing(rng: np.random.Generator, size: int = 280) -> np.ndarray:
    """Случайная «цифра»: несколько толстых отрезков в случайном месте холста."""
    yy, xx = np.mgrid[:size, :size]
    image = np.zeros((size, size))
    centre = rng.uniform(60, size - 60, 2)
    for _ in range(3):
        a, b = centre + rng.uniform(-50, 50, 2), centre + rng.uniform(-50, 50, 2)
        t = np.clip(
            ((yy - a[0]) * (b[0] - a[0]) + (xx - a[1]) * (b[1] - a[1]))
            / max(np.sum((b - a) ** 2), 1e-9),
            0,
            1,
        )
        d = np.hypot(yy - (a[0] + t * (b[0] - a[0])), xx - (a[1] + t * (b[1] - a[1])))
        image = np.maximum(image, np.clip(12 - d, 0, 1))
    return image


def test_resize_area_is_block_mean():
    image = np.random.default_rng(0).random((12, 18))
    blocks = image.reshape(4, 3, 6, 3).mean(axis=(1, 3))
    np.testing.assert_allclose(resize_area(image, 4, 6), blocks)
    # Яркость сохраняется и при дробном шаге: среднее не меняется.
    assert resize_area(image, 5, 7).mean() == pytest.approx(image.mean())


@pytest.mark.parametrize("seed", range(5))
def test_frame_box_and_centre_of_mass(seed):
    drawing = stroke_drawing(np.random.default_rng(seed))
    frame = mnist_frame(drawing)
    assert frame.shape == (FIELD, FIELD)
    rows = np.flatnonzero(frame.any(axis=1))
    cols = np.flatnonzero(frame.any(axis=0))
    # Большая сторона рамки — BOX пикселей.
    assert max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1 == BOX
    cy, cx = ndimage.center_of_mass(frame)
    # Центр масс — в середине поля с точностью до половины пикселя (сдвиг целый).
    assert abs(cy + 0.5 - FIELD / 2) <= 0.5 and abs(cx + 0.5 - FIELD / 2) <= 0.5


def test_frame_ignores_position_and_size():
    small = stroke_drawing(np.random.default_rng(1))
    moved = np.roll(small, (30, -25), axis=(0, 1))
    np.testing.assert_allclose(mnist_frame(small), mnist_frame(moved), atol=1e-12)


def test_empty_drawing_is_a_russian_error():
    with pytest.raises(ValueError, match="drawing: на рисунке нет ни одного штриха"):
        mnist_frame(np.zeros((280, 280)))
