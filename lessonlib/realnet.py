"""Что видят ступени настоящей сети (SqueezeNet v1.1, ImageNet) на фотографиях курса.

Общее для страниц уроков и тренажёра «Что видит настоящая сеть»:

* :func:`look` — карты ступеней и вероятности классов для фотографии
  (:data:`lessonlib.images.PHOTO_NAMES`);
* :func:`brightest_channels` — правило, по которому показываются :data:`MAPS_PER_STAGE`
  карт каждой ступени :data:`SHOWN_STAGES`;
* :func:`map_mask` — пиксели карты, которые лежат в рамке на фотографии;
* :func:`stage_title`, :func:`class_name` — подписи ступеней и классов.
"""

from __future__ import annotations

import functools
from typing import Final

import numpy as np

from lessonlib.imagenet import imagenet_classes
from lessonlib.images import photo
from lessonlib.squeezenet import STAGES, SqueezeNet, StageMaps, preprocess

__all__ = [
    "MAPS_PER_STAGE",
    "SHOWN_STAGES",
    "brightest_channels",
    "class_name",
    "look",
    "map_mask",
    "network",
    "stage_title",
]

SHOWN_STAGES: Final = STAGES[:-1]
"""Ступени, карты которых показывают страницы и тренажёр: conv1, fire3, fire5, fire7, fire9
(карты классов conv10 — отдельно)."""
MAPS_PER_STAGE: Final = 8
"""Сколько карт ступени показывают страницы и тренажёр."""


@functools.cache
def network() -> SqueezeNet:
    """Одна сеть на процесс: веса читаются один раз."""
    return SqueezeNet()


@functools.cache
def look(name: str = "chelsea") -> StageMaps:
    """Карты ступеней и вероятности классов для фотографии ``name``
    (:data:`lessonlib.images.PHOTO_NAMES`)."""
    return network().stage_maps(preprocess(photo(name)))


def class_name(index: int) -> str:
    """Русское название класса ImageNet-1k (:func:`lessonlib.imagenet.imagenet_classes`)."""
    return imagenet_classes()[int(index)].russian


def stage_title(stage: str) -> str:
    """Название ступени для подписей: «conv1» → «свёртка conv1», «fire5» → «модуль fire5»."""
    if stage not in STAGES:
        raise ValueError(f"stage: ожидалось одно из {', '.join(STAGES)}, получено {stage!r}")
    return f"свёртка {stage}" if stage.startswith("conv") else f"модуль {stage}"


def brightest_channels(maps: np.ndarray, k: int = MAPS_PER_STAGE) -> np.ndarray:
    """Номера ``k`` карт ``(каналы, h, w)`` с наибольшим средним значением, по убыванию.

    Это правило выбора карт для рисунков: никакого ручного отбора.
    """
    maps = np.asarray(maps, dtype=float)
    if maps.ndim != 3:
        raise ValueError(f"maps: ожидался массив (каналы, h, w), получено {maps.shape}")
    means = maps.mean(axis=(1, 2))
    return np.argsort(-means, kind="stable")[:k]


def map_mask(map_shape: tuple[int, int], image_shape: tuple[int, int], box) -> np.ndarray:
    """Пиксели карты ``map_shape``, центры которых лежат в рамке ``box`` = (верх, низ, лево,
    право) фотографии ``image_shape``: сеть видит фотографию, сжатую в квадрат, поэтому
    карта растягивается на всю фотографию."""
    (rows, cols), (height, width) = map_shape, image_shape[:2]
    top, bottom, left, right = box
    r = (np.arange(rows) + 0.5) / rows * height
    c = (np.arange(cols) + 0.5) / cols * width
    return ((r >= top) & (r < bottom))[:, None] & ((c >= left) & (c < right))[None, :]
