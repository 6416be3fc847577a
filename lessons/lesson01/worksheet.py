"""Рабочий лист урока 1 (:mod:`sitebuild.classroom.worksheet`): числа заданий и ответы.

Четыре задания: свёртка 4×4 фильтром 3×3 вручную, таблица размеров карт по формуле
``m = i − f + 1``, рецептивное поле двух слоёв 3×3 на сетке и выходной билет из трёх
вопросов для этапа рефлексии; на втором листе — бумажный трафарет к заданию 1 (окошко
3×3 клеток картинки и числа фильтра рядом). Шаблон — ``worksheet.html.j2`` рядом.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitebuild.lesson.mdtext import products_sum

from lessonlib.conv import output_size
from lessonlib.fmt import integer as format_int
from lessonlib.lessons.lesson01 import (
    IMAGE,
    KERNEL,
    LESSON_MAP,
    MNIST_SIDE,
    TWO_LAYER_INPUT,
    TWO_LAYERS,
)
from lessonlib.receptive_field import receptive_fields, region

TASKS = ("Свёртка вручную", "Размер карты активации", "Рецептивное поле", "Выходной билет")
NOTE = "На втором листе — трафарет к заданию 1: его вырезают и кладут на картинку задания."

SIZE_ROWS = ((4, 3, "m"), (28, 3, "m"), (28, 5, "m"), (32, 30, "f"), (98, 3, "i"))
"""Строки таблицы размеров: известные числа и что ищет ученик.

У строк ``"m"`` даны ``i`` и ``f``; у ``"f"`` — ``i`` и ``m``; у ``"i"`` — ``m`` и ``f``.
"""


@dataclass(frozen=True)
class SizeRow:
    """Строка таблицы: ``i``, ``f``, ``m`` и какое из них ученик считает сам."""

    i: int
    f: int
    m: int
    unknown: str


def size_rows() -> list[SizeRow]:
    """Строки таблицы размеров; каждое неизвестное проверено формулой урока."""
    rows = []
    for a, b, unknown in SIZE_ROWS:
        if unknown == "m":
            i, f = a, b
        elif unknown == "f":
            i, f = a, a - b + 1  # дано m = b
        else:
            i, f = a + b - 1, b  # дано m = a
        rows.append(SizeRow(i=i, f=f, m=output_size(i, f), unknown=unknown))
    return rows


def rf_cells() -> list[list[bool]]:
    """Какие клетки сетки входа видит центральный пиксель второй карты.

    Сетка и слои — как на рисунке страницы о рецептивном поле: 7×7 и два слоя 3×3
    (``TWO_LAYER_INPUT``, ``TWO_LAYERS``), карта второго слоя — 3×3.
    """
    maps = TWO_LAYER_INPUT
    for layer in TWO_LAYERS:
        maps = output_size(maps, layer.size)
    first, last = region(list(TWO_LAYERS), maps // 2)
    inside = [first <= k <= last for k in range(TWO_LAYER_INPUT)]
    return [[r and c for c in inside] for r in inside]


def context() -> dict[str, object]:
    """Все числа листа и ответы к нему."""
    k = KERNEL.shape[0]
    windows = [
        (
            products_sum(IMAGE[r : r + k, c : c + k], KERNEL, kernel_first=False),
            format_int(LESSON_MAP[r, c]),
        )
        for r in range(LESSON_MAP.shape[0])
        for c in range(LESSON_MAP.shape[1])
    ]
    fields = [rf.size for rf in receptive_fields([TWO_LAYERS[0]] * 3)]
    exit_m = output_size(MNIST_SIDE, 5)
    return {
        "image": [[format_int(v) for v in row] for row in IMAGE.tolist()],
        "kernel": [[format_int(v) for v in row] for row in KERNEL.tolist()],
        "result": [[format_int(v) for v in row] for row in LESSON_MAP.tolist()],
        "windows": windows,
        "map_side": LESSON_MAP.shape[0],
        "size_rows": size_rows(),
        "rf_grid": rf_cells(),
        "rf_size": receptive_fields(list(TWO_LAYERS))[-1].size,
        "rf_map": output_size(output_size(TWO_LAYER_INPUT, TWO_LAYERS[0].size), TWO_LAYERS[1].size),
        "exit": [
            (
                f"Картинку {MNIST_SIDE}×{MNIST_SIDE} свернули фильтром 5×5. Какого размера "
                "карта активации?",
                f"{exit_m}×{exit_m}: m = {MNIST_SIDE} − 5 + 1 = {exit_m}.",
            ),
            (
                "Зачем свёрточной сети несколько слоёв свёртки? Ответьте одним предложением.",
                "Каждый следующий слой видит больший участок картинки (рецептивное поле "
                + " → ".join(f"{s}×{s}" for s in fields)
                + " для слоёв 3×3) и откликается на всё более сложные паттерны.",
            ),
            (
                "Что сегодня было понятно, а что осталось непонятным?",
                "Ответы у каждого свои: по ним педагог решает, что повторить на следующем занятии.",
            ),
        ],
    }
