"""Рецептивное поле: какой участок входной картинки «видит» пиксель карты активации.

Все расчёты ведутся вдоль одной оси: квадратные фильтры и одинаковые шаг и рамка
по высоте и ширине дают квадратные поля, и по второй оси числа те же. Слои — те же
:class:`~lessonlib.shapes.Conv` и :class:`~lessonlib.shapes.Pool`, что и для форм
карт; число фильтров на поле не влияет.

Координаты — индексы пикселей входной картинки: пиксель ``x`` занимает отрезок
``[x − ½, x + ½]``, его центр — ``x``. Поля у края могут выходить за картинку —
в рамку из нулей (``padding``), тогда индексы отрицательны или ≥ размера картинки.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lessonlib.conv import check_int, output_size
from lessonlib.shapes import Conv, Pool

__all__ = ["RF", "FieldLayer", "output_length", "receptive_fields", "region"]

FieldLayer = Conv | Pool
"""Слои, у которых есть рецептивное поле."""


@dataclass(frozen=True)
class RF:
    """Рецептивное поле пикселей выхода одного слоя (в пикселях входной картинки).

    Attributes:
        size: ширина поля — сколько пикселей входа влияет на один пиксель выхода.
        jump: расстояние на входе между полями соседних пикселей выхода.
        start: координата центра поля первого (нулевого) пикселя выхода; у фильтров
            чётного размера центр лежит между пикселями (дробное число).
    """

    size: int
    jump: int
    start: float


def _check_layers(layers: object) -> list[FieldLayer]:
    if isinstance(layers, Conv | Pool) or not isinstance(layers, Sequence):
        raise TypeError(f"layers: ожидался список слоёв Conv или Pool, получено {layers!r}")
    if not layers:
        raise ValueError("layers: список слоёв пуст — нужен хотя бы один слой")
    for k, layer in enumerate(layers):
        if not isinstance(layer, Conv | Pool):
            raise TypeError(f"layers[{k}]: ожидался слой Conv или Pool, получено {layer!r}")
    return list(layers)


def _fields(layers: list[FieldLayer]) -> list[tuple[int, int, int]]:
    """Для каждого слоя: (ширина поля, шаг, первый пиксель поля нулевого выхода)."""
    size, jump, first = 1, 1, 0
    result = []
    for layer in layers:
        # Нулевой выход слоя смотрит на позиции −padding … −padding + span − 1 его входа.
        first -= layer.padding * jump
        size += (layer.span - 1) * jump
        jump *= layer.stride
        result.append((size, jump, first))
    return result


def receptive_fields(layers: Sequence[FieldLayer]) -> list[RF]:
    """Рецептивное поле после каждого слоя.

    Урок: два слоя свёртки 3×3 подряд — каждый пиксель второй карты видит участок 5×5.

    >>> [rf.size for rf in receptive_fields([Conv(1, 3), Conv(1, 3)])]
    [3, 5]
    """
    return [
        RF(size=size, jump=jump, start=first + (size - 1) / 2)
        for size, jump, first in _fields(_check_layers(layers))
    ]


def region(layers: Sequence[FieldLayer], index: int) -> tuple[int, int]:
    """Отрезок входных пикселей ``(первый, последний)`` включительно, который видит
    пиксель ``index`` выхода последнего слоя.

    Отрезок может выходить за картинку (в рамку из нулей). Внутри него видны не все
    пиксели, если есть разрежение или шаг больше окна, но крайние — всегда.

    >>> region([Conv(1, 3), Conv(1, 3)], 0)
    (0, 4)
    """
    size, jump, first = _fields(_check_layers(layers))[-1]
    index = check_int(index, "index (номер пикселя выхода)", minimum=0)
    start = first + index * jump
    return start, start + size - 1


def output_length(layers: Sequence[FieldLayer], input_size: int) -> list[int]:
    """Размер выхода каждого слоя вдоль оси для входа ``input_size`` пикселей.

    >>> output_length([Conv(1, 3), Conv(1, 3)], 28)
    [26, 24]
    """
    size = check_int(input_size, "input_size (размер входа)", minimum=1)
    sizes = []
    for k, layer in enumerate(_check_layers(layers)):
        try:
            size = output_size(
                size,
                layer.size,
                padding=layer.padding,
                stride=layer.stride,
                dilation=layer.dilation,
            )
        except ValueError as err:
            raise ValueError(f"layers[{k}] ({layer.label}): {err}") from None
        sizes.append(size)
    return sizes
