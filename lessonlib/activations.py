"""Почти пустые карты активации: фильтр слоя не нашёл на картинке своего паттерна."""

from __future__ import annotations

import numpy as np

__all__ = ["NEAR_EMPTY_FRACTION", "near_empty_maps"]

NEAR_EMPTY_FRACTION = 0.1
"""Карта «почти пуста», если её максимум меньше этой доли максимума самой яркой карты
того же слоя на той же картинке. На рисунке с общей шкалой слоя такая карта — почти
чёрная. Порог один для всех слоёв."""


def near_empty_maps(maps: np.ndarray) -> np.ndarray:
    """Какие из карт ``(F, h, w)`` одного слоя на одной картинке почти пусты
    (:data:`NEAR_EMPTY_FRACTION`)."""
    maps = np.asarray(maps, dtype=float)
    if maps.ndim != 3:
        raise ValueError(f"maps: ожидался массив (F, h, w), получено {maps.shape}")
    peaks = maps.max(axis=(1, 2))
    return (peaks <= 0) | (peaks < NEAR_EMPTY_FRACTION * peaks.max())
