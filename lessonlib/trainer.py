"""Тренажёр на странице урока: разметка ``<div class="cnn-widget">`` с настройками из фактов.

Тренажёры сами чисел урока не знают: страница передаёт им начальные настройки (например,
карту для пулинга) атрибутом ``data-config`` — JSON, посчитанный ``lessonlib``. Без
JavaScript (и в скачанном блокноте) вместо тренажёра виден текст ``fallback``.
"""

from __future__ import annotations

import html
import json
import re

import numpy as np

from lessonlib.markdown import Markdown

__all__ = ["trainer"]

_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def _plain(value: object) -> object:
    """Массивы numpy и числа numpy → списки и числа Python (для JSON)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def trainer(name: str, fallback: str, **settings: object) -> Markdown:
    """Разметка тренажёра ``name`` с настройками ``settings``.

    >>> trainer("pooling-stepper", "Нужен JavaScript.", size=2).text[:69]
    '<div class="cnn-widget" data-widget="pooling-stepper" data-config="{&'

    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"name: ожидалось имя тренажёра латиницей через дефис, получено {name!r}")
    if not isinstance(fallback, str) or not fallback.strip():
        raise ValueError("fallback: нужен текст для читателя без JavaScript")
    try:
        data = json.dumps(_plain(settings), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as err:
        raise ValueError(f"settings: настройки тренажёра не переводятся в JSON — {err}") from None
    return Markdown(
        f'<div class="cnn-widget" data-widget="{name}" data-config="{html.escape(data)}">'
        f'<p class="cnn-note">{html.escape(fallback)}</p></div>'
    )
