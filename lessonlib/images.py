"""Картинки для опытов со свёрткой: нарисованные numpy и настоящие фотографии.

Нарисованные картинки детерминированы: одни и те же аргументы дают один и тот же
массив, поэтому рисунки урока не меняются от запуска к запуску. Все картинки —
массивы ``float`` со значениями от 0 (чёрный) до 255 (белый).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import skimage.color
import skimage.data

# Яркости частей домика: все соседние части заметно различаются по яркости,
# поэтому каждая граница видна фильтрам Собеля.
_SKY = 235.0
_WALL = 150.0
_ROOF = 60.0
_WINDOW = 255.0
_DOOR = 25.0
_GROUND = 100.0

PHOTO_NAMES = ("chelsea", "astronaut", "coffee", "rocket")
# Что на фотографии — по-русски, для подписей.
PHOTO_TITLES = {"chelsea": "кошка", "astronaut": "человек", "coffee": "чашка", "rocket": "ракета"}


def house(size: int = 96) -> np.ndarray:
    """Рисует домик: светлое небо, серые стены, тёмная треугольная крыша, два окна и дверь.

    У домика чистые вертикальные (стены, окна, дверь), горизонтальные (земля,
    низ крыши, края окон) и наклонные (скаты крыши) границы — на нём хорошо видно,
    на что реагирует каждый фильтр. ``size`` — сторона квадратной картинки, не меньше 32.
    """
    if not isinstance(size, int) or isinstance(size, bool) or size < 32:
        raise ValueError(f"size: ожидалось целое число не меньше 32, получено {size!r}")
    img = np.full((size, size), _SKY)
    rows, cols = np.mgrid[0:size, 0:size]

    def box(top: float, bottom: float, left: float, right: float) -> np.ndarray:
        t, b, lft, r = (round(v * size) for v in (top, bottom, left, right))
        return (rows >= t) & (rows < b) & (cols >= lft) & (cols < r)

    img[box(0.85, 1.0, 0.0, 1.0)] = _GROUND
    img[box(0.45, 0.85, 0.2, 0.8)] = _WALL
    # Скат крыши идёт под 45°, а края крыши выступают над стенами.
    apex_row, apex_col, base_row = 0.1 * size, 0.5 * size, 0.45 * size
    below_apex = rows - apex_row
    roof = (below_apex >= 0) & (rows < base_row) & (np.abs(cols + 0.5 - apex_col) <= below_apex)
    img[roof] = _ROOF
    img[box(0.52, 0.64, 0.27, 0.41)] = _WINDOW
    img[box(0.52, 0.64, 0.59, 0.73)] = _WINDOW
    img[box(0.62, 0.85, 0.45, 0.55)] = _DOOR
    return img


def plus_sign(size: int = 5) -> np.ndarray:
    """Маленький объект — белый крестик ``size×size`` на чёрном фоне (size нечётный)."""
    if not isinstance(size, int) or isinstance(size, bool) or size < 3 or size % 2 == 0:
        raise ValueError(f"size: ожидалось нечётное целое число не меньше 3, получено {size!r}")
    obj = np.zeros((size, size))
    obj[size // 2, :] = 255.0
    obj[:, size // 2] = 255.0
    return obj


def scene(
    shape: tuple[int, int], obj: np.ndarray, positions: Sequence[tuple[int, int]]
) -> np.ndarray:
    """Чёрная картинка размера ``shape`` с копиями ``obj`` в ``positions``.

    Позиция — (строка, столбец) левого верхнего угла копии. Копии не должны выходить
    за край картинки.
    """
    height, width = shape
    obj = np.asarray(obj, dtype=float)
    if obj.ndim != 2:
        raise ValueError(f"obj: ожидалась двумерная картинка, получен массив формы {obj.shape}")
    img = np.zeros((height, width))
    for row, col in positions:
        if row < 0 or col < 0 or row + obj.shape[0] > height or col + obj.shape[1] > width:
            raise ValueError(
                f"positions: объект {obj.shape[0]}×{obj.shape[1]} в позиции ({row}, {col}) "
                f"не помещается в картинку {height}×{width}"
            )
        img[row : row + obj.shape[0], col : col + obj.shape[1]] = obj
    return img


def photo(name: str = "chelsea") -> np.ndarray:
    """Цветная фотография из scikit-image формы (высота, ширина, 3), значения 0…255.

    Фотографии поставляются вместе с пакетом и открываются без интернета.
    """
    if name not in PHOTO_NAMES:
        raise ValueError(f"name: ожидалось одно из {', '.join(PHOTO_NAMES)}, получено {name!r}")
    return getattr(skimage.data, name)().astype(float)


def grayscale(rgb: np.ndarray) -> np.ndarray:
    """Переводит цветную картинку (высота, ширина, 3) со значениями 0…255 в чёрно-белую."""
    rgb = np.asarray(rgb, dtype=float)
    if rgb.ndim != 3 or rgb.shape[2] != 3:
        raise ValueError(f"rgb: ожидалась картинка формы (высота, ширина, 3), получено {rgb.shape}")
    return skimage.color.rgb2gray(rgb / 255.0) * 255.0
