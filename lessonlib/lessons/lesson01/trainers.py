"""Тренажёры урока 1 с начальными настройками из его фактов.

Их показывают страницы урока и раздел урока на странице «Тренажёры»
(``lessons/lesson01/trainers.md``): числа одни, меняется только текст для читателя без
JavaScript (``fallback``). Пулинга калькулятор урока не знает — о нём расскажет следующий урок.
"""

from __future__ import annotations

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
    TWO_LAYER_INPUT,
    TWO_LAYERS,
)
from lessonlib.markdown import Markdown
from lessonlib.shapes import Conv
from lessonlib.trainer import calculator_preset, trainer

__all__ = ["CALCULATOR_PRESETS", "conv_stepper", "receptive_field", "shape_calculator"]

CALCULATOR_PRESETS = {
    # Страница «Несколько слоёв»: 32×32×3 → 30×30×5 → 27×27×3 (ReLU формы не меняет).
    "lesson": calculator_preset(
        f"Урок: {shape(COLOR_INPUT)}",
        COLOR_INPUT,
        [layer for layer in COLOR_LAYERS if isinstance(layer, Conv)],
    ),
    # Страница «Проблема параметров»: пять свёрток 3×3 и полносвязный слой из её вопроса.
    "parameters": calculator_preset(
        f"Проблема параметров: {shape(DEEP_INPUT[:2])}", DEEP_INPUT, DEEP_CONVS, DEEP_DENSE.units
    ),
}
"""Примеры калькулятора форм урока: ключ → настройки кнопки (:func:`calculator_preset`)."""


def conv_stepper(fallback: str) -> Markdown:
    """«Пошаговая свёртка»: картинка и фильтр урока и готовые фильтры библиотеки."""
    filters = [
        {"key": f.key, "title": f.title, "description": f.description, "kernel": f.kernel}
        for f in FILTERS.values()
    ]
    return trainer("conv-stepper", fallback, image=IMAGE, kernel=KERNEL, filters=filters)


def receptive_field(fallback: str) -> Markdown:
    """«Рецептивное поле»: два слоя 3×3 на входе урока, как на рисунке страницы."""
    layers = [{"kernel": c.size, "stride": c.stride, "padding": c.padding} for c in TWO_LAYERS]
    return trainer("receptive-field", fallback, input=TWO_LAYER_INPUT, layers=layers)


def shape_calculator(fallback: str, start: str = "lesson") -> Markdown:
    """Калькулятор форм и параметров с примерами урока; открывается примером ``start``."""
    if start not in CALCULATOR_PRESETS:
        raise ValueError(
            f"start: ожидался один из примеров {', '.join(CALCULATOR_PRESETS)}, получено {start!r}"
        )
    return trainer("shape-calculator", fallback, presets=CALCULATOR_PRESETS, start=start)
