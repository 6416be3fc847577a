"""Таблица классов ImageNet-1k: 1 000 классов, у каждого английская и русская подпись."""

from __future__ import annotations

import re

from lessonlib.imagenet import imagenet_classes

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def test_thousand_classes_with_both_names():
    classes = imagenet_classes()
    assert [c.index for c in classes] == list(range(1000))
    for c in classes:
        assert c.english.strip() and c.russian.strip(), c
        assert CYRILLIC.search(c.russian), f"{c.index}: нет русского названия — {c.russian!r}"
        assert c.russian == c.russian.strip() and "\t" not in c.russian


def test_russian_names_are_unique():
    """Два класса с одной подписью в топ-5 выглядели бы как ошибка сети."""
    names = [c.russian for c in imagenet_classes()]
    assert len(set(names)) == len(names)


def test_standard_order():
    """Порядок выходов SqueezeNet — стандартный: кошки 281–285, кружка 504, эспрессо 967."""
    english = {c.index: c.english.split(",")[0] for c in imagenet_classes()}
    assert [english[i] for i in (281, 285, 504, 657, 812, 967)] == [
        "tabby",
        "Egyptian cat",
        "coffee mug",
        "missile",
        "space shuttle",
        "espresso",
    ]
