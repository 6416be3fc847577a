"""Урок 1: что ступени настоящей сети (SqueezeNet) видят на фотографиях урока.

Все числа страниц 11, 13 и 16 о настоящей сети считаются здесь, общими правилами
:mod:`lessonlib.realnet` (карты ступеней, выбор показанных карт):

* :func:`face_shares` — какая доля активации ступени приходится на морду кошки;
* :func:`empty_shares` — доля почти пустых карт каждой ступени на каждой фотографии;
* :func:`common_channels` — сколько из 8 самых активных каналов у двух фотографий общие;
* :func:`signature_channels` — «свой» канал каждой фотографии на ступени :data:`SIGNATURE_STAGE`;
* :func:`class_map` — где на фотографии сеть видит «кошку» (карта классов conv10);
* :func:`real_network_topic` — проверки утверждений урока на этих числах.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Final

import numpy as np

from lessonlib.activations import near_empty_maps
from lessonlib.findings import Claim, Topic
from lessonlib.fmt import decimal, percent
from lessonlib.images import PHOTO_NAMES, PHOTO_TITLES, photo
from lessonlib.lessons.lesson01 import CAT_BACKGROUND_BOX, CAT_FACE_BOX
from lessonlib.markdown import Markdown, table
from lessonlib.realnet import SHOWN_STAGES, brightest_channels, look, map_mask
from lessonlib.squeezenet import CAT_CLASSES

__all__ = [
    "SIGNATURE_STAGE",
    "FaceShares",
    "class_map",
    "common_channels",
    "empty_shares",
    "empty_table",
    "face_shares",
    "faces_table",
    "real_network_topic",
    "signature_channels",
]

FEW_EMPTY: Final = 0.05
"""«Пустых карт нет», если почти пустых меньше этой доли."""
SIGNATURE_STAGE: Final = SHOWN_STAGES[-1]
"""Ступень, у которой урок ищет «свой» канал каждой фотографии (:func:`signature_channels`)."""
FOCUS_GAIN: Final = 0.10
"""Ступень «смотрит на морду больше», если доля активации на морде выросла на 10 п. п."""


@dataclass(frozen=True)
class FaceShares:
    """По ступеням :data:`SHOWN_STAGES`: доля площади карты на морде (``area``), доля всей
    активации ступени на морде (``all_maps``) и доля активации 8 показанных карт (``shown``)."""

    area: np.ndarray
    all_maps: np.ndarray
    shown: np.ndarray


def face_shares(name: str = "chelsea", box=CAT_FACE_BOX) -> FaceShares:
    """Доли активации ступеней на морде кошки (рамка ``box`` — факт урока)."""
    maps = look(name).maps
    shape = photo(name).shape
    area, every, shown = [], [], []
    for stage in SHOWN_STAGES:
        m = maps[stage]
        inside = map_mask(m.shape[1:], shape, box)
        top = m[brightest_channels(m)]
        area.append(inside.mean())
        every.append(m[:, inside].sum() / m.sum())
        shown.append(top[:, inside].sum() / top.sum())
    return FaceShares(np.array(area), np.array(every), np.array(shown))


def empty_shares(names=PHOTO_NAMES) -> dict[str, np.ndarray]:
    """Фотография → доля почти пустых карт (:func:`near_empty_maps`) по ступеням."""
    return {
        name: np.array([near_empty_maps(look(name).maps[s]).mean() for s in SHOWN_STAGES])
        for name in names
    }


def common_channels(names=PHOTO_NAMES) -> np.ndarray:
    """По ступеням: среднее по парам фотографий число общих каналов среди их 8 самых
    активных (8 — все одни и те же, 0 — ни одного общего)."""
    result = []
    for stage in SHOWN_STAGES:
        tops = [set(brightest_channels(look(n).maps[stage]).tolist()) for n in names]
        result.append(np.mean([len(a & b) for a, b in combinations(tops, 2)]))
    return np.array(result)


def signature_channels(stage: str = SIGNATURE_STAGE, names=PHOTO_NAMES) -> dict[str, int]:
    """Фотография → «её» канал ступени: из 8 самых активных на ней тот, у которого на неё
    приходится самая большая доля его средней активации на всех фотографиях ``names``."""
    means = {n: look(n).maps[stage].mean(axis=(1, 2)) for n in names}
    total = sum(means.values())
    chosen = {}
    for name in names:
        candidates = brightest_channels(look(name).maps[stage])
        chosen[name] = int(max(candidates, key=lambda c: means[name][c] / total[c]))
    return chosen


def class_map(name: str = "chelsea", classes=CAT_CLASSES) -> np.ndarray:
    """Карта «кошка» ступени conv10: среднее карт классов ``classes`` (по умолчанию все
    кошки), отрицательное заменено нулём. Её среднее по всей карте — вклад в ответ сети."""
    return np.maximum(look(name).maps["conv10"][list(classes)].mean(axis=0), 0)


def faces_table(shares: FaceShares) -> Markdown:
    """По ступеням: площадь морды и доли активации на ней."""
    return table(
        ["ступень", "площадь морды", "все карты", "8 показанных карт"],
        [
            [s, percent(a, 0), percent(e, 0), percent(t, 0)]
            for s, a, e, t in zip(
                SHOWN_STAGES, shares.area, shares.all_maps, shares.shown, strict=True
            )
        ],
    )


def empty_table(shares: dict[str, np.ndarray]) -> Markdown:
    """Доля почти пустых карт: строки — ступени, столбцы — фотографии."""
    return table(
        ["ступень", *(PHOTO_TITLES[n] for n in shares)],
        [
            [stage, *(percent(v[k], 0) for v in shares.values())]
            for k, stage in enumerate(SHOWN_STAGES)
        ],
    )


def real_network_topic() -> Topic:
    """Утверждения урока о слоях, проверенные на SqueezeNet и фотографиях урока."""
    faces = face_shares()
    empty = empty_shares()
    cat = empty["chelsea"]
    common = common_channels()
    cat_map = class_map()
    shape = photo("chelsea").shape
    background = map_mask(cat_map.shape, shape, CAT_BACKGROUND_BOX)
    on_cat, on_background = cat_map[~background].mean(), cat_map[background].mean()
    face_share = cat_map[map_mask(cat_map.shape, shape, CAT_FACE_BOX)].sum() / cat_map.sum()
    first, last = faces.shown[0], faces.shown[-1]
    others = [n for n in empty if n != "chelsea"]
    return Topic(
        "Слои настоящей сети (SqueezeNet) на фотографиях",
        "plot_11_layer_activations",
        (
            Claim(
                "Дальние слои откликаются на части морды кошки",
                last - first >= FOCUS_GAIN,
                f"Морда занимает {percent(faces.area[0], 0)} кадра. На неё приходится "
                f"{percent(first, 0)} активации 8 самых ярких карт {SHOWN_STAGES[0]} и "
                f"{percent(last, 0)} — у {SHOWN_STAGES[-1]}: первые ступени видят шерсть по "
                "всему кадру, дальние — глаза и нос. Если сложить все карты ступени, рост "
                f"меньше: {percent(faces.all_maps[0], 0)} → {percent(faces.all_maps[-1], 0)}.",
                key="face_parts",
            ),
            Claim(
                "Последний слой загорается там, где кошка",
                on_cat > 2 * on_background,
                f"Карта «кошка» ступени conv10 в среднем в {decimal(on_cat / on_background, 0)} "
                "раз ярче на кошке, чем на полосе размытого фона справа; на морде она не "
                f"ярче, чем на ушах и лбу ({percent(face_share, 0)} её суммы при площади "
                f"морды {percent(faces.area[-1], 0)}): кошка — весь снимок.",
                key="cat_map",
            ),
            Claim(
                "В первом слое пустых карт нет",
                cat[0] < FEW_EMPTY,
                f"У кошки почти пусты {percent(cat[0], 0)} карт {SHOWN_STAGES[0]}; у остальных "
                "фотографий — "
                + ", ".join(percent(empty[n][0], 0) for n in others)
                + ": простые края и пятна есть на любом снимке.",
                key="first_layer_full",
            ),
            Claim(
                "В дальних слоях пустых карт больше",
                all(v[-1] > v[0] for v in empty.values()),
                f"В {SHOWN_STAGES[-1]} почти пусты {percent(cat[-1], 0)} карт у кошки и "
                + ", ".join(percent(empty[n][-1], 0) for n in others)
                + " у остальных фотографий: паттерна фильтра дальней ступени на снимке "
                "часто просто нет.",
                key="deep_empty",
            ),
            Claim(
                "Разные фильтры откликаются на разные паттерны",
                common[-1] < common[0],
                f"Из 8 самых активных каналов у двух фотографий общих в среднем "
                f"{decimal(common[0], 1)} в {SHOWN_STAGES[0]} и {decimal(common[-1], 1)} в "
                f"{SHOWN_STAGES[-1]}: первые фильтры нужны любому снимку, дальние — "
                "каждый своему.",
                key="different_channels",
            ),
        ),
    )
