"""Факты урока 1 «Свёрточная нейросеть» — каждое число и пример урока определены здесь один раз.

Отсюда их берут страницы урока, Markdown-страницы, технологическая карта, задания,
виджеты и слайды. Заданы только исходные данные (картинка, фильтр, слои); всё, что
из них следует (29 и −192, 30×30×5, 40 500, поле 5×5), посчитано функциями ``lessonlib``.

Пример свёртки: чёрно-белое изображение 4×4 — кусочек фотографии оператора с камерой
(``skimage.data.camera()``, строки 152–155, столбцы 310–313), в котором несколько
пикселей подправлены на единицы, чтобы получились ровно числа урока; фильтр —
вертикальный фильтр Собеля. Светлая область с тёмным правым краем даёт сильный отклик
−192 — границу по вертикали. Массивы только для чтения.

>>> LESSON_MAP.ravel().tolist()
[29, -192, -35, -22]
>>> COLOR_SHAPES, DEEP_VECTOR, TWO_LAYER_FIELD
([(32, 32, 3), (30, 30, 5), (27, 27, 3)], 40500, 5)
"""

from __future__ import annotations

from typing import Final

import numpy as np

from lessonlib.conv import conv2d
from lessonlib.filters import DIAGONAL_45, SOBEL_VERTICAL, Filter
from lessonlib.receptive_field import receptive_fields
from lessonlib.shapes import Conv, Dense, Flatten, LayerSpec, ReLU, trace

__all__ = [
    "CAT_BACKGROUND_BOX",
    "CAT_FACE_BOX",
    "COLOR_INPUT",
    "COLOR_LAYERS",
    "COLOR_SHAPES",
    "DEEP_CONVS",
    "DEEP_DENSE",
    "DEEP_DENSE_WIDTHS",
    "DEEP_INPUT",
    "DEEP_MAPS",
    "DEEP_VECTOR",
    "IMAGE",
    "KERNEL",
    "LESSON_MAP",
    "MNIST_SIDE",
    "PROTOTYPE_DIGITS",
    "PROTOTYPE_FILTERS",
    "TWO_LAYERS",
    "TWO_LAYER_FIELD",
    "TWO_LAYER_INPUT",
]

# --- Страница 1: свёртка картинки 4×4 фильтром 3×3 -------------------------------------

IMAGE: Final[np.ndarray] = np.array(
    [
        [237, 233, 254, 144],
        [221, 196, 236, 140],
        [207, 166, 189, 175],
        [197, 151, 183, 167],
    ],
    dtype=np.int64,
)
IMAGE.setflags(write=False)

KERNEL: Final[np.ndarray] = SOBEL_VERTICAL.kernel
"""Фильтр примера — вертикальный фильтр Собеля 3×3 (``int64``, только для чтения)."""

LESSON_MAP: Final[np.ndarray] = conv2d(IMAGE, KERNEL)
"""Карта активации 2×2 примера: 29, −192, −35, −22."""
LESSON_MAP.setflags(write=False)

MNIST_SIDE: Final = 28
"""Сторона цифры MNIST — пример размеров карт на странице 2."""

# --- Страницы 3 и 5: крестики для опыта с переносом, фотография для фильтров Собеля -------

CROSS_SIDE: Final = 5
"""Сторона белого крестика на странице 3."""
CROSS_SCENE: Final = (22, 30)
"""Размер чёрной картинки с крестиками."""
CROSS_POSITIONS: Final = ((3, 4), (13, 20))
"""Левые верхние углы двух крестиков: (строка, столбец)."""

CAT_FACE: Final = (slice(None), slice(60, 360))
"""Квадратный кусок фотографии кошки с мордой (строки, столбцы) — для фильтров Собеля."""
CAT_FACE_BOX: Final = (75, 290, 130, 355)
"""Морда кошки на фотографии ``chelsea`` (300×451): верх, низ, лево, право в пикселях —
оба глаза, нос и рот. Всё остальное — шерсть, уши и размытый фон."""
CAT_BACKGROUND_BOX: Final = (60, 300, 400, 451)
"""Полоса размытого фона справа от кошки на той же фотографии (верх, низ, лево, право)."""
PHOTO_QUANTILE: Final = 0.995
"""Шкала карт фотографии — по квантилю модулей: полпроцента самых ярких точек не в счёт."""

# --- Страницы 6–7: прототип свёрточной сети --------------------------------------------

PROTOTYPE_DIGITS: Final = (4, 8)
"""Цифры, которые различает прототип: метка 0 — четвёрка, 1 — восьмёрка."""

PROTOTYPE_FILTERS: Final[tuple[Filter, ...]] = (SOBEL_VERTICAL, DIAGONAL_45)
"""Два ручных фильтра прототипа."""

# --- Страница 10: цветная картинка и два свёрточных слоя ----------------------------------

COLOR_INPUT: Final = (32, 32, 3)
COLOR_LAYERS: Final[tuple[LayerSpec, ...]] = (
    Conv(filters=5, size=3),
    ReLU(),
    Conv(filters=3, size=4),
    ReLU(),
)
"""32×32×3 → 5 фильтров 3×3×3 → 30×30×5 → 3 фильтра 4×4×5 → 27×27×3."""

COLOR_SHAPES: Final = [COLOR_INPUT] + [
    info.output_shape
    for info, layer in zip(trace(COLOR_INPUT, COLOR_LAYERS), COLOR_LAYERS, strict=True)
    if isinstance(layer, Conv)
]
"""Формы данных цепочки: вход и выход каждой свёртки."""

# --- Страница 12: рецептивное поле двух слоёв 3×3 ---------------------------------------

TWO_LAYERS: Final = (Conv(filters=1, size=3), Conv(filters=1, size=3))
TWO_LAYER_FIELD: Final = receptive_fields(TWO_LAYERS)[-1].size
"""Пиксель второй карты видит участок 5×5 картинки."""
TWO_LAYER_INPUT: Final = 7
"""Сторона картинки 7×7 на рисунке страницы и в исследователе рецептивного поля: поле 5×5
видно целиком вместе с рамкой вокруг."""

# --- Страница 15: проблема числа параметров ---------------------------------------------

DEEP_INPUT: Final = (100, 100, 1)
DEEP_CONVS: Final[tuple[Conv, ...]] = (Conv(filters=5, size=3),) * 5
"""Пять свёрточных слоёв 3×3 по пять фильтров."""
DEEP_DENSE_WIDTHS: Final = (10, 64, 128, 512, 1024)
"""Ширины первого полносвязного слоя в таблице страницы 15."""
DEEP_DENSE: Final = Dense(128)
"""Полносвязный слой из вопроса «сколько параметров»."""

_deep = trace(DEEP_INPUT, [*DEEP_CONVS, Flatten()])
DEEP_MAPS: Final = _deep[-2].output_shape
"""Карты последнего свёрточного слоя: 90×90×5."""
DEEP_VECTOR: Final = _deep[-1].output_shape[0]
"""Длина вектора после flatten: 90·90·5 = 40 500."""
