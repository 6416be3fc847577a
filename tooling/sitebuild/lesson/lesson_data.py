"""``window.LESSON_DATA`` для тренажёров (docs/javascripts/widgets.js) — из фактов урока.

Тренажёры не знают ни одного числа урока: пример свёртки, готовые фильтры, начальная стопка
слоёв исследователя рецептивного поля и примеры калькулятора форм приходят из модуля фактов
урока (``lessonlib/lessons/<урок>/``) — первого: его тренажёры на страницах урока и в его
разделе на странице «Тренажёры» своих настроек (``data-config``) не передают.
Совпадение показанного с расчётами lessonlib проверяет tests/test_widgets.py, совпадение
примеров с фактами урока — tests/test_lesson_facts.py.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from lessonlib.filters import FILTERS
from lessonlib.fmt import shape
from lessonlib.shapes import Conv, Pool
from lessonlib.trainer import calculator_preset
from sitebuild.lesson.lessontext import first_lesson, lesson_facts

__all__ = [
    "CalculatorPreset",
    "ReceptiveFieldExample",
    "calculator_presets",
    "lesson_data",
    "lesson_data_js",
    "rf_example",
]


@dataclass(frozen=True)
class CalculatorPreset:
    """Пример калькулятора форм: вход, свёртки и пулинги, (если есть) полносвязный слой."""

    title: str
    input_shape: tuple[int, int, int]
    layers: Sequence[Conv | Pool]
    dense: int | None = None


@dataclass(frozen=True)
class ReceptiveFieldExample:
    """С чего начинает исследователь рецептивного поля: сторона входа и слои."""

    input_size: int
    layers: Sequence[Conv]


def calculator_presets(lesson: str | None = None) -> dict[str, CalculatorPreset]:
    """Примеры калькулятора урока ``lesson`` (по умолчанию — первого)."""
    facts = lesson_facts(lesson or first_lesson())
    return {
        # Страница 10: 32×32×3 → 30×30×5 → 27×27×3 (ReLU формы не меняет — в калькуляторе его нет).
        "lesson": CalculatorPreset(
            f"Урок: {shape(facts.COLOR_INPUT)}",
            facts.COLOR_INPUT,
            tuple(layer for layer in facts.COLOR_LAYERS if isinstance(layer, Conv)),
        ),
        # Страница 15: пять свёрток 3×3 и полносвязный слой из её вопроса (128 нейронов).
        "parameters": CalculatorPreset(
            f"Проблема параметров: {shape(facts.DEEP_INPUT[:2])}",
            facts.DEEP_INPUT,
            facts.DEEP_CONVS,
            dense=facts.DEEP_DENSE.units,
        ),
    }


def rf_example(lesson: str | None = None) -> ReceptiveFieldExample:
    """Начальная стопка исследователя: два слоя 3×3 на входе 7×7, как на рисунке страницы 12."""
    facts = lesson_facts(lesson or first_lesson())
    return ReceptiveFieldExample(facts.TWO_LAYER_INPUT, facts.TWO_LAYERS)


def lesson_data(lesson: str | None = None) -> dict:
    """Все данные тренажёров урока ``lesson`` (по умолчанию — первого) как JSON-словарь."""
    lesson = lesson or first_lesson()
    facts, example = lesson_facts(lesson), rf_example(lesson)
    return {
        "image": facts.IMAGE.tolist(),
        "kernel": facts.KERNEL.tolist(),
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
            "input": example.input_size,
            "layers": [
                {"kernel": layer.size, "stride": layer.stride, "padding": layer.padding}
                for layer in example.layers
            ],
        },
        "calculator": {
            key: calculator_preset(p.title, p.input_shape, p.layers, p.dense)
            for key, p in calculator_presets(lesson).items()
        },
    }


def lesson_data_js() -> str:
    """Текст файла javascripts/lesson-data.js."""
    data = json.dumps(lesson_data(), ensure_ascii=False)
    header = "// Создано при сборке из lessonlib (sitebuild.lesson.lesson_data)."
    return f"{header}\nwindow.LESSON_DATA = {data};\n"
