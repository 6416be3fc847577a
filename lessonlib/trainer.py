"""Тренажёр на странице урока: разметка ``<div class="cnn-widget">`` с настройками из фактов.

Тренажёры сами чисел урока не знают: страница передаёт им начальные настройки (например,
карту для пулинга) атрибутом ``data-config`` — JSON, посчитанный ``lessonlib``. Без
JavaScript (и в скачанном блокноте) вместо тренажёра виден текст ``fallback``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence

import numpy as np

from lessonlib.markdown import Markdown
from lessonlib.shapes import Conv, Pool

__all__ = ["calculator_preset", "trainer"]

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


def calculator_preset(
    title: str,
    input_shape: tuple[int, int, int],
    layers: Sequence[Conv | Pool],
    dense: int | None = None,
    pool_type: str = "max",
) -> dict:
    """Пример калькулятора форм (``shape-calculator``): вход ``(H, W, C)``, свёртки и
    пулинги по порядку, затем (если ``dense``) flatten и полносвязный слой из ``dense``
    нейронов. Вид пулинга ``pool_type`` («max» или «average») форму не меняет.

    >>> calculator_preset("1 слой", (8, 8, 1), [Pool(2, 2)])["layers"]
    [{'kind': 'pool', 'type': 'max', 'size': 2, 'stride': 2}]
    """
    if pool_type not in ("max", "average"):
        raise ValueError(f"pool_type: ожидалось 'max' или 'average', получено {pool_type!r}")
    out = []
    for k, layer in enumerate(layers):
        if isinstance(layer, Conv) and layer.dilation == 1:
            fields = {"filters": layer.filters, "padding": layer.padding}
            out.append({"kind": "conv", **fields, "size": layer.size, "stride": layer.stride})
        elif isinstance(layer, Pool) and layer.padding == 0:
            out.append(
                {"kind": "pool", "type": pool_type, "size": layer.size, "stride": layer.stride}
            )
        else:
            raise ValueError(
                f"layers[{k}]: калькулятор знает свёртки без разрежения и пулинг без рамки, "
                f"получено {layer!r}"
            )
    return {"title": title, "input": list(input_shape), "layers": out, "dense": dense}
