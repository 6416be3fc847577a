"""Рабочий лист урока 2 (:mod:`sitebuild.classroom.worksheet`): числа заданий и ответы.

Четыре задания: максимум-пулинг и средний пулинг 2×2 с шагом 2 вручную на карте 4×4
урока (картинка урока 1 с рамкой 1 и фильтром Собеля), таблица размеров карт по формуле
``m = ⌊(i + 2p − f)/s⌋ + 1`` с одной строкой, где шаг не укладывается, пересчёт задачи
40 500 слой за слоем — сеть урока 1 и та же сеть с двумя пулингами — и выходной билет.
Шаблон — ``worksheet.html.j2`` рядом.
"""

from __future__ import annotations

from dataclasses import dataclass

from lessonlib.conv import output_size
from lessonlib.fmt import decimal, exact, number, plural
from lessonlib.fmt import integer as format_int
from lessonlib.fmt import shape as shape_text
from lessonlib.lessons.lesson02 import (
    DEEP_CONVS,
    DEEP_INPUT,
    DEEP_VECTOR,
    POOL,
    POOL_AVERAGE,
    POOL_MAX,
    POOLED_LAYERS,
    POOLED_VECTOR,
    SAME_MAP,
)
from lessonlib.pooling import pool2d_steps
from lessonlib.shapes import Flatten, Pool, trace
from lessonlib.windows import same_padding, size_fit

TASKS = ("Пулинг вручную", "Размер карты: рамка и шаг", "Снова 40 500", "Выходной билет")

SIZE_ROWS = ((28, 3, 1, 1), (7, 3, 0, 2), (64, 4, 1, 2), (90, 2, 0, 2), (8, 3, 0, 2))
"""Строки таблицы размеров: картинка ``i``, фильтр ``f``, рамка ``p``, шаг ``s``.

Рамка «same», шаг 2, рамка вместе с шагом, пулинг 2×2 по той же формуле — и одна строка,
где шаг не укладывается и край картинки не попадает ни в одно окно.
"""
EXIT_POOL = (6, 2)
"""Выходной билет, вопрос 1: сторона карты и окно пулинга (шаг — размер окна)."""
EXIT_FILTER = 7
"""Выходной билет, вопрос 2: фильтр, для которого ищут рамку «same»."""


@dataclass(frozen=True)
class SizeRow:
    """Строка таблицы размеров: числа, размер карты и подходят ли настройки (ответ)."""

    i: int
    f: int
    p: int
    s: int
    m: int
    fits: bool
    answer: str


def size_rows() -> list[SizeRow]:
    """Строки таблицы; «не подходит» — если часть самой картинки не попала ни в одно окно."""
    rows = []
    for i, f, p, s in SIZE_ROWS:
        fit = size_fit(i, f, padding=p, stride=s)
        top = i + 2 * p - f
        if fit.lost_image:
            lost = plural(fit.lost_image, "пиксель", "пикселя", "пикселей")
            answer = (
                f"не подходит: {i} + 2·{p} − {f} = {top} не делится на {s}, "
                f"полоса картинки шириной {lost} у правого и нижнего края без окна"
            )
        else:
            answer = f"подходит: {fit.formula}"
        rows.append(SizeRow(i, f, p, s, fit.m, not fit.lost_image, answer))
    return rows


def layer_rows(layers: tuple) -> list[tuple[str, str]]:
    """Слои сети и выход каждого: (слой, форма выхода) — от входа до вытягивания."""
    infos = trace(DEEP_INPUT, [*layers, Flatten()])
    rows = [("вход", shape_text(DEEP_INPUT))]
    rows += [
        (layer.label, shape_text(info.output_shape))
        for layer, info in zip(layers, infos[:-1], strict=True)
    ]
    rows.append(("вытягивание", f"{format_int(infos[-1].output_shape[0])} чисел"))
    return rows


def context() -> dict[str, object]:
    """Все числа листа и ответы к нему."""
    windows = [
        (
            ", ".join(number(v) for v in top.values.ravel()),
            number(top.result),
            exact(mean.result),
        )
        for top, mean in zip(
            pool2d_steps(SAME_MAP, POOL.size, POOL.stride, "max"),
            pool2d_steps(SAME_MAP, POOL.size, POOL.stride, "average"),
            strict=True,
        )
    ]
    side, window = EXIT_POOL
    pooled = trace((side, side, 1), [Pool(window, window)])[0]
    padding = same_padding(EXIT_FILTER)
    return {
        "map": [[format_int(v) for v in row] for row in SAME_MAP.tolist()],
        "pool": POOL,
        "pool_max": [[format_int(v) for v in row] for row in POOL_MAX.tolist()],
        "pool_average": [[exact(v) for v in row] for row in POOL_AVERAGE.tolist()],
        "windows": windows,
        "size_rows": size_rows(),
        "plain": layer_rows(DEEP_CONVS),
        "pooled": layer_rows(POOLED_LAYERS),
        "deep_vector": format_int(DEEP_VECTOR),
        "pooled_vector": format_int(POOLED_VECTOR),
        "ratio": decimal(DEEP_VECTOR / POOLED_VECTOR, 2),
        "exit": [
            (
                f"Карту {side}×{side} сжали максимум-пулингом {window}×{window} с шагом {window}. "
                "Какого размера она стала и сколько у этого слоя обучаемых параметров?",
                f"{shape_text(pooled.output_shape[:2])}, параметров {pooled.params}: "
                "пулинг — правило, а не набор чисел.",
            ),
            (
                f"Какая рамка сохранит размер карты для фильтра {EXIT_FILTER}×{EXIT_FILTER} "
                "при шаге 1?",
                f"p = ({EXIT_FILTER} − 1)/2 = {padding}: карта "
                f"{output_size(28, EXIT_FILTER, padding=padding)}×"
                f"{output_size(28, EXIT_FILTER, padding=padding)} у картинки 28×28.",
            ),
            (
                "Что сегодня было понятно, а что осталось непонятным?",
                "Ответы у каждого свои: по ним педагог решает, что повторить на следующем занятии.",
            ),
        ],
    }
