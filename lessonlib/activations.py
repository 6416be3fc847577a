"""Что видят слои обученной CNN: самые сильные отклики фильтров и пустые карты.

* :func:`top_activations` — для каждого фильтра картинки, на которых он откликается
  сильнее всего, и место отклика (как у Зейлера и Фергюса, 2013);
* :func:`crop_receptive_field` — вырезает из картинки рецептивное поле этого места;
* :func:`empty_maps` — доля почти пустых карт активации и «мёртвых» фильтров в каждом слое;
* :func:`majority_share` — насколько лучшие картинки фильтра принадлежат одному классу;
* :func:`share_in_box` и :func:`object_shares` — какая доля активации слоя приходится
  на рамку объекта (сцены нарисованы кодом, поэтому рамка известна точно).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product
from math import factorial

import numpy as np
import torch

from lessonlib.conv import check_int
from lessonlib.data import Box, Scenes, box_mask, object_box
from lessonlib.models import ConvNet
from lessonlib.receptive_field import FieldLayer, region

__all__ = [
    "NEAR_EMPTY_FRACTION",
    "EmptyMaps",
    "ObjectShares",
    "TopActivations",
    "chance_majority_share",
    "crop_receptive_field",
    "empty_maps",
    "majority_share",
    "near_empty_maps",
    "object_shares",
    "peak_in_box",
    "share_in_box",
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


def _near_empty(peaks, brightest):
    """Правило почти пустой карты (для массивов numpy и тензоров torch одинаково)."""
    return (peaks <= 0) | (peaks < NEAR_EMPTY_FRACTION * brightest)


def near_empty_maps(maps: np.ndarray) -> np.ndarray:
    """Какие из карт ``(F, h, w)`` одного слоя на одной картинке почти пусты
    (:data:`NEAR_EMPTY_FRACTION`)."""
    maps = np.asarray(maps, dtype=float)
    if maps.ndim != 3:
        raise ValueError(f"maps: ожидался массив (F, h, w), получено {maps.shape}")
    peaks = maps.max(axis=(1, 2))
    return _near_empty(peaks, peaks.max())


def empty_maps(model: ConvNet, images: torch.Tensor, batch_size: int = 200) -> EmptyMaps:
    """Считает пустые карты каждого слоя на картинках ``images`` (см. :class:`EmptyMaps`)."""
    near, near_alive, dead = [], [], []
    for values, _, _ in _layer_maxima(model, images, batch_size):
        brightest = values.max(dim=1, keepdim=True).values
        empty = _near_empty(values, brightest)
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


def _spread(maps: np.ndarray, image_size: int) -> np.ndarray:
    """Сумма карт ``(F, h, w)`` слоя, разложенная на пиксели картинки ``image_size``."""
    maps = np.asarray(maps, dtype=float)
    if maps.ndim != 3:
        raise ValueError(f"maps: ожидался массив (F, h, w), получено {maps.shape}")
    if (maps < 0).any():
        raise ValueError("maps: ожидались карты после ReLU, без отрицательных чисел")
    h, w = maps.shape[1:]
    if image_size % h or image_size % w:
        raise ValueError(f"image_size: {image_size} не делится на размер карты {h}×{w}")
    return np.kron(maps.sum(axis=0), np.ones((image_size // h, image_size // w)))


def share_in_box(maps: np.ndarray, box: Box, image_size: int) -> float:
    """Доля суммы карт ``(F, h, w)`` слоя, которая приходится на рамку объекта.

    Пиксель карты отвечает квадрату ``image_size / h`` пикселей картинки (у карт,
    уменьшенных шагом свёртки, квадрат крупнее); его значение раскладывается на этот
    квадрат, и доля считается по пикселям картинки внутри рамки (:func:`box_mask`).
    Если карты слоя из одних нулей, доля не определена — ``nan``.
    """
    spread = _spread(maps, image_size)
    mass = spread.sum()
    return float(spread[box_mask(box, image_size)].sum() / mass) if mass > 0 else float("nan")


def peak_in_box(maps: np.ndarray, box: Box, image_size: int) -> bool:
    """Лежит ли самое яркое место суммы карт слоя (как в :func:`share_in_box`) в рамке."""
    spread = _spread(maps, image_size)
    return bool(box_mask(box, image_size).flat[int(spread.argmax())])


@dataclass(frozen=True)
class ObjectShares:
    """Где слой «смотрит» на сценах: доли от 0 до 1, по слою на элемент массива.

    Attributes:
        inside: доля активации внутри рамки объекта (среднее по картинкам).
        peak_inside: доля картинок, где самое яркое место слоя — внутри рамки.
        area: доля площади картинки, которую занимает рамка (столько была бы
            ``inside``, если бы слой откликался одинаково по всей картинке).
    """

    inside: np.ndarray
    peak_inside: np.ndarray
    area: float


@torch.no_grad()
def object_shares(model: ConvNet, scenes: Scenes, batch_size: int = 200) -> ObjectShares:
    """:func:`share_in_box` и :func:`peak_in_box` каждого слоя по всем сценам
    (картинки, где слой целиком пуст, в среднюю долю не входят)."""
    model.eval()
    size = scenes.images.shape[-1]
    boxes = [object_box(parts) for parts in scenes.parts]
    shares: list[list[float]] = []
    peaks: list[list[bool]] = []
    for start in range(0, len(scenes.images), batch_size):
        batch = scenes.images[start : start + batch_size]
        for k, maps in enumerate(model.activations(batch)):
            if k == len(shares):
                shares.append([])
                peaks.append([])
            for i, m in enumerate(maps.numpy()):
                shares[k].append(share_in_box(m, boxes[start + i], size))
                peaks[k].append(peak_in_box(m, boxes[start + i], size))
    area = float(np.mean([box_mask(b, size).mean() for b in boxes]))
    return ObjectShares(
        inside=np.array([np.nanmean(v) for v in shares]),
        peak_inside=np.array([np.mean(v) for v in peaks]),
        area=area,
    )
