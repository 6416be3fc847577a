"""Факты урока 2 «Пулинг, шаг и рамка» — каждое число и пример урока определены здесь один раз.

Урок продолжает первый: та же картинка 4×4 с фильтром Собеля (теперь с рамкой и шагом),
та же сеть для картинок 100×100 из пяти свёрток 3×3 с 40 500 входами полносвязной
части — теперь с пулингом или шагом 2. Заданы только исходные данные (слои, размеры
окон); всё, что из них следует, посчитано функциями ``lessonlib``. Массивы только для чтения.

>>> SAME_MAP.shape, STRIDE_MAP.shape, POOL_MAX.shape
((4, 4), (2, 2), (2, 2))
>>> DEEP_VECTOR, POOLED_VECTOR, STRIDED_VECTOR
(40500, 2000, 2000)
"""

from __future__ import annotations

from typing import Final

import numpy as np

from lessonlib.conv import conv2d
from lessonlib.lessons.lesson01 import (
    DEEP_CONVS,
    DEEP_DENSE,
    DEEP_INPUT,
    DEEP_VECTOR,
    IMAGE,
    KERNEL,
)
from lessonlib.pooling import kept_share, pool2d
from lessonlib.receptive_field import receptive_fields
from lessonlib.shapes import Conv, Flatten, Pool, ReLU, trace
from lessonlib.windows import coverage2d, same_padding

__all__ = [
    "COVERAGE_PADDED",
    "COVERAGE_PLAIN",
    "DEEP_CONVS",
    "DEEP_DENSE",
    "DEEP_INPUT",
    "DEEP_VECTOR",
    "FIELD_PLAIN",
    "FIELD_POOLED",
    "IMAGE",
    "KERNEL",
    "MNIST_LAYERS",
    "PADDING",
    "POOL",
    "POOLED_LAYERS",
    "POOLED_VECTOR",
    "POOL_AVERAGE",
    "POOL_KEPT",
    "POOL_MAX",
    "SAME_MAP",
    "STRIDE",
    "STRIDED_LAYERS",
    "STRIDED_VECTOR",
    "STRIDE_MAP",
]


def _frozen(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


# --- Страница 1: рамка ------------------------------------------------------------------

PADDING: Final = same_padding(KERNEL.shape[0])
"""Рамка «same» для фильтра 3×3: один пиксель нулей с каждой стороны."""
SAME_MAP: Final = _frozen(conv2d(IMAGE, KERNEL, padding=PADDING))
"""Картинка 4×4 урока 1 с рамкой 1: карта тоже 4×4; в середине — прежние 29, −192, −35, −22."""
COVERAGE_PLAIN: Final = _frozen(coverage2d(IMAGE.shape, KERNEL.shape[0]))
"""Сколько окон 3×3 накрывает каждый пиксель картинки 4×4 без рамки (угол — 1, середина — 4)."""
COVERAGE_PADDED: Final = _frozen(coverage2d(IMAGE.shape, KERNEL.shape[0], padding=PADDING))
"""То же с рамкой 1 (угол — 4, середина — 9)."""

# --- Страница 2: шаг ----------------------------------------------------------------------

STRIDE: Final = 2
STRIDE_MAP: Final = _frozen(conv2d(IMAGE, KERNEL, padding=PADDING, stride=STRIDE))
"""С рамкой 1 и шагом 2: карта 2×2 — каждый второй пиксель карты ``SAME_MAP``."""

# --- Страница 3: пулинг -------------------------------------------------------------------

POOL: Final = Pool(size=2, stride=2)
"""Пулинг урока: окно 2×2, шаг 2 — окна не перекрываются."""
POOL_MAX: Final = _frozen(pool2d(SAME_MAP, POOL.size, POOL.stride, "max"))
"""Максимум-пулинг карты ``SAME_MAP``: 4×4 → 2×2."""
POOL_AVERAGE: Final = _frozen(pool2d(SAME_MAP, POOL.size, POOL.stride, "average"))
"""Средний пулинг той же карты."""
POOL_KEPT: Final = kept_share(SAME_MAP.shape, POOL.size, POOL.stride)
"""Доля чисел, которая остаётся после пулинга 2×2 с шагом 2: четверть."""

# --- Страница 4: снова 40 500 -------------------------------------------------------------

_conv = DEEP_CONVS[0]
POOLED_LAYERS: Final = (_conv, _conv, POOL, _conv, _conv, POOL, _conv)
"""Те же пять свёрток 3×3 по 5 фильтров, но после второй и четвёртой — пулинг 2×2."""
STRIDED_LAYERS: Final = (
    _conv,
    Conv(_conv.filters, _conv.size, stride=2),
    _conv,
    Conv(_conv.filters, _conv.size, stride=2),
    _conv,
)
"""Вместо пулинга — шаг 2 у второй и четвёртой свёртки."""
POOLED_VECTOR: Final = trace(DEEP_INPUT, [*POOLED_LAYERS, Flatten()])[-1].output_shape[0]
"""Длина вектора после flatten с пулингом: 20·20·5 = 2000."""
STRIDED_VECTOR: Final = trace(DEEP_INPUT, [*STRIDED_LAYERS, Flatten()])[-1].output_shape[0]
"""С шагом 2 вместо пулинга."""

# --- Страница 5: рецептивное поле -------------------------------------------------------

FIELD_PLAIN: Final = receptive_fields(DEEP_CONVS)[-1].size
"""Поле пикселя последней карты без пулинга: 11×11."""
FIELD_POOLED: Final = receptive_fields(POOLED_LAYERS)[-1].size
"""Поле с двумя пулингами 2×2."""

# --- Страницы 4 и 6: опыт на MNIST 28×28 ------------------------------------------------


def _with_relu(layers: tuple[Conv | Pool, ...]) -> tuple:
    """ReLU после каждой свёртки, затем flatten — свёрточная часть сети для обучения."""
    out: list = []
    for layer in layers:
        out += [layer, ReLU()] if isinstance(layer, Conv) else [layer]
    return (*out, Flatten())


MNIST_LAYERS: Final = {
    "plain": ("без пулинга", _with_relu(DEEP_CONVS), "max"),
    "max": ("максимум-пулинг", _with_relu((_conv, _conv, POOL, _conv, _conv, _conv)), "max"),
    "average": ("средний пулинг", _with_relu((_conv, _conv, POOL, _conv, _conv, _conv)), "average"),
    "stride": ("шаг 2", _with_relu((_conv, STRIDED_LAYERS[1], _conv, _conv, _conv)), "max"),
}
"""Сети опыта на цифрах 28×28: ключ → (название, слои до полносвязного слоя, вид пулинга).
На картинке 28×28 два пулинга сжали бы карты до 2×2, поэтому пулинг (или шаг 2) — один."""
