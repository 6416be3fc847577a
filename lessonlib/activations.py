"""Что видят слои обученной CNN: самые сильные отклики фильтров и пустые карты.

* :func:`top_activations` — для каждого фильтра картинки, на которых он откликается
  сильнее всего, и место отклика (как у Зейлера и Фергюса, 2013);
* :func:`crop_receptive_field` — вырезает из картинки рецептивное поле этого места;
* :func:`empty_maps` — доля почти пустых карт активации и «мёртвых» фильтров в каждом слое;
* :func:`majority_share` — насколько лучшие картинки фильтра принадлежат одному классу.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product
from math import factorial

import numpy as np
import torch

from lessonlib.conv import check_int
from lessonlib.models import ConvNet
from lessonlib.receptive_field import FieldLayer, region

__all__ = [
    "NEAR_EMPTY_FRACTION",
    "EmptyMaps",
    "TopActivations",
    "chance_majority_share",
    "crop_receptive_field",
    "empty_maps",
    "majority_share",
    "top_activations",
]

NEAR_EMPTY_FRACTION = 0.1
"""Карта «почти пуста», если её максимум меньше этой доли максимума самой яркой карты
того же слоя на той же картинке. На рисунке с общей шкалой слоя такая карта — почти
чёрная. Порог один для всех слоёв."""


@dataclass(frozen=True)
class TopActivations:
    """Сильнейшие отклики фильтров одного слоя: массивы формы ``(фильтры, k)``.

    Для фильтра ``f`` и места ``j`` (по убыванию силы): номер картинки ``image[f, j]``,
    пиксель карты ``(row[f, j], col[f, j])`` с наибольшим значением на этой картинке
    и само значение ``value[f, j]``. Каждая картинка встречается у фильтра не более раза.
    """

    image: np.ndarray
    row: np.ndarray
    col: np.ndarray
    value: np.ndarray


@torch.no_grad()
def _layer_maxima(
    model: ConvNet, images: torch.Tensor, batch_size: int
) -> list[tuple[torch.Tensor, torch.Tensor, int]]:
    """По слоям: максимум каждой карты на каждой картинке ``(N, F)``, номер его пикселя
    в вытянутой карте и ширина карты."""
    model.eval()
    parts = [
        [(*m.flatten(start_dim=2).max(dim=2), m.shape[-1]) for m in model.activations(batch)]
        for batch in images.split(batch_size)
    ]
    return [
        (
            torch.cat([p[i][0] for p in parts]),
            torch.cat([p[i][1] for p in parts]),
            parts[0][i][2],
        )
        for i in range(len(parts[0]))
    ]


def top_activations(
    model: ConvNet, images: torch.Tensor, k: int = 9, batch_size: int = 200
) -> list[TopActivations]:
    """Для каждого слоя и фильтра — ``k`` картинок с самым сильным откликом фильтра."""
    k = check_int(k, "k", minimum=1)
    if k > len(images):
        raise ValueError(f"k: картинок {len(images)}, нельзя выбрать {k} лучших")
    result = []
    for values, positions, width in _layer_maxima(model, images, batch_size):
        # Устойчивая сортировка: при равных значениях меньший номер картинки идёт раньше.
        order = torch.argsort(-values.T, dim=1, stable=True)[:, :k]
        pos = torch.gather(positions.T, 1, order)
        result.append(
            TopActivations(
                image=order.numpy(),
                row=(pos // width).numpy(),
                col=(pos % width).numpy(),
                value=torch.gather(values.T, 1, order).numpy(),
            )
        )
    return result


def crop_receptive_field(
    image: np.ndarray, layers: Sequence[FieldLayer], row: int, col: int, fill: float = 1.0
) -> np.ndarray:
    """Участок картинки ``(C, H, W)``, который видит пиксель ``(row, col)`` последнего слоя.

    Сторона участка — размер рецептивного поля (:func:`lessonlib.receptive_field.region`).
    Часть поля за краем картинки (там сеть видела рамку из нулей) заполняется ``fill``.
    """
    image = np.asarray(image)
    if image.ndim != 3:
        raise ValueError(f"image: ожидалась картинка (C, H, W), получена форма {image.shape}")
    (top, bottom), (left, right) = region(layers, row), region(layers, col)
    _, h, w = image.shape
    crop = np.full((image.shape[0], bottom - top + 1, right - left + 1), fill, dtype=image.dtype)
    src_rows = slice(max(top, 0), min(bottom, h - 1) + 1)
    src_cols = slice(max(left, 0), min(right, w - 1) + 1)
    crop[
        :,
        src_rows.start - top : src_rows.stop - top,
        src_cols.start - left : src_cols.stop - left,
    ] = image[:, src_rows, src_cols]
    return crop


@dataclass(frozen=True)
class EmptyMaps:
    """Пустые карты каждого слоя: массивы длины «число слоёв», доли от 0 до 1.

    Attributes:
        near_empty: доля почти пустых карт среди всех карт слоя на всех картинках.
            Почти пустая — карта с максимумом меньше :data:`NEAR_EMPTY_FRACTION`
            максимума самой яркой карты слоя на той же картинке (или из одних нулей).
        near_empty_alive: то же, но только среди карт живых фильтров.
        dead: доля «мёртвых» фильтров — их карта из одних нулей на каждой картинке
            (ReLU гасит всё, что они выдают), поэтому они ни на что не откликаются.
    """

    near_empty: np.ndarray
    near_empty_alive: np.ndarray
    dead: np.ndarray


def empty_maps(model: ConvNet, images: torch.Tensor, batch_size: int = 200) -> EmptyMaps:
    """Считает пустые карты каждого слоя на картинках ``images`` (см. :class:`EmptyMaps`)."""
    near, near_alive, dead = [], [], []
    for values, _, _ in _layer_maxima(model, images, batch_size):
        brightest = values.max(dim=1, keepdim=True).values
        empty = (values <= 0) | (values < NEAR_EMPTY_FRACTION * brightest)
        alive = (values > 0).any(dim=0)
        near.append(float(empty.float().mean()))
        near_alive.append(float(empty[:, alive].float().mean()) if alive.any() else np.nan)
        dead.append(float((~alive).float().mean()))
    return EmptyMaps(np.array(near), np.array(near_alive), np.array(dead))


def majority_share(top: TopActivations, labels: np.ndarray) -> np.ndarray:
    """Для каждого фильтра — доля самого частого класса среди его лучших картинок.

    1 — все лучшие картинки фильтра одного класса (фильтр «про» этот класс);
    около :func:`chance_majority_share` — класс картинки фильтру безразличен.
    """
    classes = np.asarray(labels)[top.image]  # (фильтры, k)
    counts = np.stack([(classes == c).sum(axis=1) for c in np.unique(labels)], axis=1)
    return counts.max(axis=1) / classes.shape[1]


def chance_majority_share(k: int, n_classes: int) -> float:
    """Ожидаемая доля самого частого класса среди ``k`` картинок, взятых наугад из
    ``n_classes`` равных по размеру классов (точный перебор всех исходов)."""
    k = check_int(k, "k", minimum=1)
    n_classes = check_int(n_classes, "n_classes", minimum=1)
    expected = 0.0
    for counts in product(range(k + 1), repeat=n_classes):
        if sum(counts) == k:
            ways = factorial(k)
            for c in counts:
                ways //= factorial(c)
            expected += ways * max(counts) / k
    return expected / n_classes**k
