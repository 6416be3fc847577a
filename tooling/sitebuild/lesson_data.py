"""``window.LESSON_DATA`` для тренажёров (docs/javascripts/widgets.js) — из lessonlib.

Тренажёры не знают ни одного числа урока: пример свёртки, готовые фильтры, начальная стопка
слоёв исследователя рецептивного поля и примеры калькулятора форм приходят отсюда. Совпадение
показанного с расчётами lessonlib проверяет tests/test_widgets.py.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from lessonlib.filters import FILTERS
from lessonlib.fmt import shape
from lessonlib.lessons.lesson01 import (
    COLOR_INPUT,
    COLOR_LAYERS,
    DEEP_CONVS,
    DEEP_DENSE,
    DEEP_INPUT,
    IMAGE,
    KERNEL,
    TWO_LAYERS,
)
from lessonlib.shapes import Conv

__all__ = ["CALCULATOR_PRESETS", "RF_EXAMPLE", "CalculatorPreset", "lesson_data", "lesson_data_js"]


@dataclass(frozen=True)
class CalculatorPreset:
    """Пример калькулятора форм: вход ``(H, W, C)``, свёртки и (если есть) полносвязный слой."""

    title: str
    input_shape: tuple[int, int, int]
    convs: Sequence[Conv]
    dense: int | None = None


@dataclass(frozen=True)
class ReceptiveFieldExample:
    """С чего начинает исследователь рецептивного поля: сторона входа и слои."""

    input_size: int
    layers: Sequence[Conv]


CALCULATOR_PRESETS: dict[str, CalculatorPreset] = {
    # Страница 10: 32×32×3 → 30×30×5 → 27×27×3 (ReLU формы не меняет — в калькуляторе его нет).
    "lesson": CalculatorPreset(
        f"Урок: {shape(COLOR_INPUT)}",
        COLOR_INPUT,
        tuple(layer for layer in COLOR_LAYERS if isinstance(layer, Conv)),
    ),
    # Страница 15: пять свёрток 3×3 и полносвязный слой из её вопроса (128 нейронов).
    "parameters": CalculatorPreset(
        f"Проблема параметров: {shape(DEEP_INPUT[:2])}",
        DEEP_INPUT,
        DEEP_CONVS,
        dense=DEEP_DENSE.units,
    ),
}
# Страница 12: два слоя 3×3. Вход 7×7 — как на рисунке страницы (там поле 5×5 видно целиком
# вместе с рамкой вокруг); это размер картинки тренажёра, а не факт урока.
RF_EXAMPLE = ReceptiveFieldExample(7, TWO_LAYERS)


def _preset(p: CalculatorPreset) -> dict:
    return {
        "title": p.title,
        "input": list(p.input_shape),
        "convs": [
            {"filters": c.filters, "size": c.size, "stride": c.stride, "padding": c.padding}
            for c in p.convs
        ],
        "dense": p.dense,
    }


def lesson_data() -> dict:
    """Все данные тренажёров как JSON-совместимый словарь."""
    return {
        "image": IMAGE.tolist(),
        "kernel": KERNEL.tolist(),
        "filters": [
            {
                "key": f.key,
                "title": f.title,
                "description": f.description,
                "kernel": f.kernel.tolist(),
            }
            for f in FILTERS.values()
        ],
        "receptiveField": {
            "input": RF_EXAMPLE.input_size,
            "layers": [
                {"kernel": layer.size, "stride": layer.stride, "padding": layer.padding}
                for layer in RF_EXAMPLE.layers
            ],
        },
        "calculator": {key: _preset(p) for key, p in CALCULATOR_PRESETS.items()},
    }


def lesson_data_js() -> str:
    """Текст файла javascripts/lesson-data.js."""
    data = json.dumps(lesson_data(), ensure_ascii=False)
    header = "// Создано при сборке из lessonlib (sitebuild.lesson_data)."
    return f"{header}\nwindow.LESSON_DATA = {data};\n"
