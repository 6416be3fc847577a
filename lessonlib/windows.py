"""Где ложатся окна фильтра: сколько раз накрыт каждый пиксель, рамка «same», подходит ли шаг.

Всё считается вдоль одной оси: у квадратного фильтра с одинаковыми шагом и рамкой
по высоте и ширине вторая ось такая же, а покрытие пикселя картинки — произведение
покрытий его строки и столбца.

>>> coverage(4, 3).tolist()
[1, 2, 2, 1]
>>> coverage(4, 3, padding=1).tolist()
[2, 3, 3, 2]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lessonlib.conv import check_int, output_size
from lessonlib.fmt import plural

__all__ = ["SizeFit", "coverage", "coverage2d", "same_padding", "size_fit"]


def _pixels(n: int) -> str:
    return plural(n, "пиксель", "пикселя", "пикселей")


def _checked(i: object, f: object, padding: object, stride: object) -> tuple[int, int, int, int]:
    return (
        check_int(i, "i (размер изображения)", minimum=1),
        check_int(f, "f (размер фильтра)", minimum=1),
        check_int(padding, "padding (рамка)", minimum=0),
        check_int(stride, "stride (шаг)", minimum=1),
    )


def coverage(i: int, f: int, *, padding: int = 0, stride: int = 1) -> np.ndarray:
    """Сколько положений фильтра накрывает каждый пиксель оси длиной ``i``.

    Пиксели рамки не считаются: результат — по одному числу на пиксель самой картинки.
    Без рамки крайние пиксели накрыты реже середины — фильтр «плохо видит» края.
    """
    i, f, padding, stride = _checked(i, f, padding, stride)
    m = output_size(i, f, padding=padding, stride=stride)
    starts = np.arange(m) * stride - padding  # первый пиксель каждого окна
    pixels = np.arange(i)
    inside = (pixels[None, :] >= starts[:, None]) & (pixels[None, :] < starts[:, None] + f)
    return inside.sum(axis=0)


def coverage2d(shape: tuple[int, int], f: int, *, padding: int = 0, stride: int = 1) -> np.ndarray:
    """Покрытие каждого пикселя картинки ``shape = (H, W)`` квадратным фильтром ``f×f``."""
    if not isinstance(shape, tuple | list) or len(shape) != 2:
        raise ValueError(f"shape: ожидалась форма картинки (H, W), получено {shape!r}")
    rows = coverage(shape[0], f, padding=padding, stride=stride)
    cols = coverage(shape[1], f, padding=padding, stride=stride)
    return np.outer(rows, cols)


def same_padding(f: int) -> int:
    """Рамка, при которой свёртка с шагом 1 сохраняет размер: ``p = (f − 1)/2``.

    Raises:
        ValueError: у фильтра чётного размера такой рамки нет — одинаковая рамка со
            всех сторон меняет размер на нечётное число ``2p − f + 1``.
    """
    f = check_int(f, "f (размер фильтра)", minimum=1)
    if f % 2 == 0:
        raise ValueError(
            f"f: у фильтра {f}×{f} нет рамки «same»: с рамкой p карта имеет размер "
            f"i + 2p − {f} + 1, а 2p − {f - 1} не бывает нулём при целом p. "
            "Возьмите фильтр нечётного размера"
        )
    return (f - 1) // 2


@dataclass(frozen=True)
class SizeFit:
    """Как окна ложатся на ось: ``m = ⌊(i + 2p − f)/s⌋ + 1`` и что осталось за бортом.

    Attributes:
        i, f, padding, stride: размеры картинки и фильтра, рамка и шаг.
        m: размер карты активации.
        leftover: сколько последних пикселей (вместе с рамкой) не попало ни в одно окно:
            остаток от деления ``(i + 2p − f)`` на ``s``.
    """

    i: int
    f: int
    padding: int
    stride: int
    m: int
    leftover: int

    @property
    def exact(self) -> bool:
        """Окна доходят ровно до края: деление без остатка."""
        return self.leftover == 0

    @property
    def formula(self) -> str:
        """Расчёт по формуле, например «(8 + 2·0 − 3)/2 + 1 = ⌊2,5⌋ + 1 = 3»."""
        top = self.i + 2 * self.padding - self.f
        head = f"({self.i} + 2·{self.padding} − {self.f})"
        if self.stride == 1:
            return f"{head} + 1 = {self.m}"
        if self.exact:
            return f"{head}/{self.stride} + 1 = {top // self.stride} + 1 = {self.m}"
        share = f"{top / self.stride:.2f}".rstrip("0").replace(".", ",")
        return f"{head}/{self.stride} + 1 = ⌊{share}⌋ + 1 = {self.m}"

    @property
    def lost_image(self) -> int:
        """Сколько последних пикселей самой картинки (не рамки) не попало ни в одно окно."""
        return max(0, self.leftover - self.padding)

    @property
    def explanation(self) -> str:
        """По-русски: подходят ли настройки, и если нет — что теряется."""
        if self.exact:
            parts = ["Настройки подходят: окна ровно доходят до края."]
        else:
            strip = (
                f"Шаг {self.stride} не укладывается: полоса шириной {_pixels(self.leftover)} "
                "у правого и нижнего края не попадает ни в одно окно"
            )
            if not self.lost_image:
                strip += ", но это только рамка — все пиксели картинки попали в окна."
            else:
                if self.lost_image < self.leftover:  # в полосе и картинка, и рамка
                    strip += (
                        f" — это {_pixels(self.lost_image)} картинки и "
                        f"{_pixels(self.padding)} рамки. Пиксели картинки в ней"
                    )
                else:
                    strip += ". Эти пиксели картинки"
                strip += (
                    " сеть не видит — подберите рамку или шаг так, чтобы i + 2p − f делилось на s."
                )
            parts = [strip]
        if self.stride > self.f:
            parts.append(
                f"Шаг больше фильтра: между соседними окнами есть промежутки шириной "
                f"{_pixels(self.stride - self.f)}, которые не видит ни одно окно."
            )
        parts.append(f"Карта {self.m}×{self.m}.")
        return " ".join(parts)


def size_fit(i: int, f: int, *, padding: int = 0, stride: int = 1) -> SizeFit:
    """Проверить, как окна фильтра ``f`` с рамкой и шагом ложатся на ось длиной ``i``.

    Raises:
        ValueError: фильтр больше картинки вместе с рамкой — сообщение
            :func:`lessonlib.conv.output_size`.

    >>> size_fit(7, 3, stride=2).exact, size_fit(8, 3, stride=2).leftover
    (True, 1)
    """
    i, f, padding, stride = _checked(i, f, padding, stride)
    m = output_size(i, f, padding=padding, stride=stride)
    return SizeFit(i, f, padding, stride, m, (i + 2 * padding - f) % stride)
