"""Тренажёры урока 2 с начальными настройками из его фактов.

Их показывают страницы урока и раздел урока на странице «Тренажёры»
(``lessons/lesson02/trainers.md``): числа одни, меняется только текст для читателя без
JavaScript (``fallback``). Калькулятор форм урока умеет пулинг — урок о нём рассказал.
"""

from __future__ import annotations

from lessonlib.fmt import shape
from lessonlib.lessons.lesson02 import (
    DEEP_CONVS,
    DEEP_DENSE,
    DEEP_INPUT,
    IMAGE,
    KERNEL,
    PADDING,
    POOL,
    POOLED_LAYERS,
    SAME_MAP,
    STRIDE,
)
from lessonlib.markdown import Markdown
from lessonlib.trainer import calculator_preset, trainer

__all__ = ["padding_stride", "pooling_stepper", "shape_calculator"]


def padding_stride(fallback: str) -> Markdown:
    """«Рамка и шаг»: картинка и фильтр урока с рамкой «same» и шагом страницы «Шаг свёртки»."""
    return trainer(
        "padding-stride",
        fallback,
        input=IMAGE.shape[0],
        kernel=KERNEL.shape[0],
        padding=PADDING,
        stride=STRIDE,
    )


def pooling_stepper(fallback: str) -> Markdown:
    """«Пулинг по окнам»: карта урока с рамкой и окно пулинга урока."""
    return trainer("pooling-stepper", fallback, map=SAME_MAP, size=POOL.size, stride=POOL.stride)


def shape_calculator(fallback: str) -> Markdown:
    """Калькулятор форм и параметров с пулингом: сеть прошлого урока без пулинга и с ним."""
    units = DEEP_DENSE.units
    return trainer(
        "shape-calculator",
        fallback,
        pooling=True,
        presets={
            "plain": calculator_preset(
                f"Без пулинга: {shape(DEEP_INPUT[:2])}", DEEP_INPUT, DEEP_CONVS, units
            ),
            "pooled": calculator_preset("С пулингом", DEEP_INPUT, POOLED_LAYERS, units),
        },
    )
