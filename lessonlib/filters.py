"""Именованные фильтры 3×3, о которых говорит урок, и ещё несколько классических.

Все фильтры применяются функцией :func:`lessonlib.conv.conv2d` *без переворота*
(как в нейросетях). Строка 0 массива — верх картинки, столбец 0 — левый край.

Соглашение урока: **вертикальный** фильтр Собеля подсвечивает **вертикальные** линии
и границы, горизонтальный — горизонтальные. «Подсвечивает» — даёт большие по модулю
числа на карте активации.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from lessonlib.conv import as_numeric_array

__all__ = [
    "BOX_BLUR",
    "DIAGONAL_45",
    "DIAGONAL_135",
    "FILTERS",
    "LAPLACIAN",
    "PREWITT_HORIZONTAL",
    "PREWITT_VERTICAL",
    "SHARPEN",
    "SOBEL_HORIZONTAL",
    "SOBEL_VERTICAL",
    "Filter",
    "get_filter",
]


@dataclass(frozen=True)
class Filter:
    """Фильтр с названием и объяснением для страниц и виджета.

    Attributes:
        key: латинский идентификатор (``"sobel_vertical"``) — ключ в :data:`FILTERS`.
        title: название по-русски.
        description: что фильтр подсвечивает, одной-двумя фразами.
        kernel: двумерный массив только для чтения (копия переданного).
    """

    key: str
    title: str
    description: str
    kernel: np.ndarray

    def __post_init__(self) -> None:
        for name in ("key", "title", "description"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise TypeError(f"{name}: ожидалась непустая строка, получено {value!r}")
        kernel = np.array(as_numeric_array(self.kernel, "kernel", ndims=(2,)))
        kernel.setflags(write=False)
        object.__setattr__(self, "kernel", kernel)

    # Массив нельзя сравнивать через == и хешировать, поэтому сравнение задано явно.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Filter):
            return NotImplemented
        return (self.key, self.title, self.description) == (
            other.key,
            other.title,
            other.description,
        ) and np.array_equal(self.kernel, other.kernel)

    def __hash__(self) -> int:
        return hash((self.key, self.title, self.description, self.kernel.tobytes()))


SOBEL_VERTICAL = Filter(
    key="sobel_vertical",
    title="Вертикальный фильтр Собеля",
    description=(
        "Подсвечивает вертикальные линии и границы: вычитает левый столбец окна из правого, "
        "средней строке даёт двойной вес. Переход от тёмного к светлому слева направо "
        "даёт большое положительное число, от светлого к тёмному — большое отрицательное."
    ),
    kernel=np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]),
)

SOBEL_HORIZONTAL = Filter(
    key="sobel_horizontal",
    title="Горизонтальный фильтр Собеля",
    description=(
        "Подсвечивает горизонтальные линии и границы: вычитает верхнюю строку окна "
        "из нижней. Это вертикальный фильтр Собеля, повёрнутый на 90°."
    ),
    kernel=np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]]),
)

DIAGONAL_45 = Filter(
    key="diagonal_45",
    title="Диагональный фильтр «/»",
    description=(
        "Подсвечивает тонкие линии под углом 45°, идущие из левого нижнего угла в правый "
        "верхний: на диагонали «/» стоят двойки, вокруг — минус единицы. На ровном фоне "
        "сумма равна нулю."
    ),
    kernel=np.array([[-1, -1, 2], [-1, 2, -1], [2, -1, -1]]),
)

DIAGONAL_135 = Filter(
    key="diagonal_135",
    title="Диагональный фильтр «\\»",
    description=(
        "Подсвечивает тонкие линии под углом 135°, идущие из левого верхнего угла "
        "в правый нижний — зеркальная пара фильтра «/»."
    ),
    kernel=np.array([[2, -1, -1], [-1, 2, -1], [-1, -1, 2]]),
)

PREWITT_VERTICAL = Filter(
    key="prewitt_vertical",
    title="Вертикальный фильтр Прюитт",
    description=(
        "Как вертикальный фильтр Собеля, но все три строки окна весят одинаково: "
        "тоже подсвечивает вертикальные границы, чуть сильнее реагирует на шум."
    ),
    kernel=np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]),
)

PREWITT_HORIZONTAL = Filter(
    key="prewitt_horizontal",
    title="Горизонтальный фильтр Прюитт",
    description="Подсвечивает горизонтальные границы: нижняя строка окна минус верхняя.",
    kernel=np.array([[-1, -1, -1], [0, 0, 0], [1, 1, 1]]),
)

LAPLACIAN = Filter(
    key="laplacian",
    title="Фильтр Лапласа",
    description=(
        "Сравнивает пиксель с четырьмя соседями и подсвечивает границы любого направления "
        "и мелкие точки. На ровном участке и на плавном градиенте даёт ноль."
    ),
    kernel=np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
)

BOX_BLUR = Filter(
    key="box_blur",
    title="Размытие (среднее)",
    description=(
        "Заменяет пиксель средним по окну 3×3: все девять чисел равны 1/9. "
        "Сглаживает шум и мелкие детали, ничего не подсвечивает."
    ),
    kernel=np.full((3, 3), 1 / 9),
)

SHARPEN = Filter(
    key="sharpen",
    title="Повышение резкости",
    description=(
        "Пиксель с весом 5 минус четыре соседа: на ровных участках картинка не меняется "
        "(сумма чисел равна 1), а перепады яркости становятся сильнее."
    ),
    kernel=np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
)

FILTERS: Mapping[str, Filter] = MappingProxyType(
    {
        f.key: f
        for f in (
            SOBEL_VERTICAL,
            SOBEL_HORIZONTAL,
            DIAGONAL_45,
            DIAGONAL_135,
            PREWITT_VERTICAL,
            PREWITT_HORIZONTAL,
            LAPLACIAN,
            BOX_BLUR,
            SHARPEN,
        )
    }
)
"""Все фильтры в порядке урока: ключ → :class:`Filter` (только для чтения)."""


def get_filter(key: str) -> Filter:
    """Фильтр по ключу из :data:`FILTERS`, например ``get_filter("sobel_vertical")``."""
    if not isinstance(key, str):
        raise TypeError(f"key: ожидалась строка — ключ фильтра, получено {key!r}")
    try:
        return FILTERS[key]
    except KeyError:
        known = ", ".join(FILTERS)
        raise KeyError(f"key: неизвестный фильтр {key!r}; известные фильтры: {known}") from None
