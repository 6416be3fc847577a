"""Пулинг: окно скользит по карте активации и заменяет свой участок одним числом.

Максимум-пулинг оставляет самое большое число окна, средний пулинг — среднее. Каждый
канал (каждая карта) обрабатывается отдельно: число карт не меняется, а обучаемых
параметров у пулинга нет. Окно идёт так же, как фильтр свёртки: слева направо, затем
вниз, с шагом ``stride`` (по умолчанию — размер окна, окна не перекрываются).

Формы — как в :mod:`lessonlib.conv`: карта ``(H, W)`` или набор карт ``(H, W, C)``.

>>> pool2d([[1, 5, 2, 0], [3, 4, 8, 6], [0, 1, 2, 2], [7, 0, 3, 1]], 2).tolist()
[[5, 8], [7, 3]]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from numpy.lib.stride_tricks import as_strided

from lessonlib.conv import as_numeric_array, check_int, output_size

__all__ = ["MODES", "PoolStep", "kept_share", "pool2d", "pool2d_steps"]

Mode = Literal["max", "average"]
MODES: Final[dict[str, str]] = {"max": "максимум", "average": "среднее"}
"""Виды пулинга: ключ аргумента ``mode`` → что берётся из окна."""


def _check(x: object, size: object, stride: object, mode: object) -> tuple[np.ndarray, int, int]:
    arr = as_numeric_array(x, "x", ndims=(2, 3))
    size = check_int(size, "size (размер окна)", minimum=1)
    stride = size if stride is None else check_int(stride, "stride (шаг)", minimum=1)
    if mode not in MODES:
        raise ValueError(f"mode: ожидался вид пулинга «max» или «average», получено {mode!r}")
    for axis, n in zip(("высоте", "ширине"), arr.shape[:2], strict=True):
        if n < size:
            raise ValueError(
                f"size: окно пулинга {size}×{size} больше карты по {axis} ({n}) — "
                "окну негде поместиться целиком"
            )
    return arr, size, stride


def _windows(arr: np.ndarray, size: int, stride: int) -> np.ndarray:
    """Окна без копии: форма ``(H', W', C, size, size)``."""
    planes = arr if arr.ndim == 3 else arr[:, :, np.newaxis]
    h, w, c = planes.shape
    oh, ow = output_size(h, size, stride=stride), output_size(w, size, stride=stride)
    sh, sw, sc = planes.strides
    return as_strided(
        planes,
        shape=(oh, ow, c, size, size),
        strides=(sh * stride, sw * stride, sc, sh, sw),
        writeable=False,
    )


def _reduce(win: np.ndarray, mode: Mode) -> np.ndarray:
    return win.max(axis=(-2, -1)) if mode == "max" else win.mean(axis=(-2, -1))


def pool2d(x: object, size: int, stride: int | None = None, mode: Mode = "max") -> np.ndarray:
    """Пулинг каждой карты отдельно.

    Args:
        x: карта ``(H, W)`` или карты ``(H, W, C)``.
        size: сторона квадратного окна.
        stride: шаг окна; ``None`` — равен ``size`` (как в PyTorch).
        mode: ``"max"`` — максимум окна, ``"average"`` — среднее.

    Returns:
        ``(H', W')`` или ``(H', W', C)``, где ``H' = ⌊(H − size)/stride⌋ + 1``. Максимум
        целых чисел — целый, среднее — вещественное.
    """
    arr, size, stride = _check(x, size, stride, mode)
    out = _reduce(_windows(arr, size, stride), mode)
    return out if arr.ndim == 3 else out[:, :, 0]


@dataclass(frozen=True)
class PoolStep:
    """Один шаг пулинга карты ``(H, W)``.

    Attributes:
        row, col: пиксель результата, который получается на этом шаге.
        window: срезы ``(строки, столбцы)`` окна на карте.
        values: числа карты под окном.
        result: что из них осталось — максимум или среднее.
        where: ``(строка, столбец)`` максимума внутри окна (первого, если их несколько);
            ``None`` у среднего пулинга.
    """

    row: int
    col: int
    window: tuple[slice, slice]
    values: np.ndarray
    result: float | int
    where: tuple[int, int] | None


def pool2d_steps(
    x: object, size: int, stride: int | None = None, mode: Mode = "max"
) -> Iterator[PoolStep]:
    """Пулинг одной карты ``(H, W)`` по шагам — для пошаговых рисунков и тренажёра.

    Результаты шагов по порядку совпадают с ``pool2d(x, size, stride, mode).ravel()``.
    """
    arr, size, stride = _check(x, size, stride, mode)
    if arr.ndim != 2:
        raise ValueError(
            f"x: пошаговый пулинг показывает одну карту (H, W), получена форма {arr.shape}; "
            "возьмите один канал: x[:, :, k]"
        )
    return _walk(_windows(arr, size, stride)[:, :, 0], size, stride, mode)


def _walk(win: np.ndarray, size: int, stride: int, mode: Mode) -> Iterator[PoolStep]:
    for row in range(win.shape[0]):
        for col in range(win.shape[1]):
            values = win[row, col].copy()
            values.setflags(write=False)
            where = None
            if mode == "max":
                r, c = np.unravel_index(int(values.argmax()), values.shape)
                where = (int(r), int(c))
            top, left = row * stride, col * stride
            yield PoolStep(
                row=row,
                col=col,
                window=(slice(top, top + size), slice(left, left + size)),
                values=values,
                result=_reduce(values, mode).item(),
                where=where,
            )


def kept_share(shape: tuple[int, int], size: int, stride: int | None = None) -> float:
    """Какая доля чисел карты ``shape = (H, W)`` остаётся после пулинга: ``H'·W' / (H·W)``.

    >>> kept_share((4, 4), 2)
    0.25
    """
    if not isinstance(shape, tuple | list) or len(shape) != 2:
        raise ValueError(f"shape: ожидалась форма карты (H, W), получено {shape!r}")
    h, w = (check_int(n, "shape", minimum=1) for n in shape)
    size = check_int(size, "size (размер окна)", minimum=1)
    stride = size if stride is None else check_int(stride, "stride (шаг)", minimum=1)
    oh = output_size(h, size, stride=stride)
    ow = output_size(w, size, stride=stride)
    return oh * ow / (h * w)
