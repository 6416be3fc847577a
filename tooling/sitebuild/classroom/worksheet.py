"""Рабочий лист ученика (A4) и экземпляр педагога с ответами, посчитанными ``lessonlib``.

Четыре задания: свёртка 4×4 фильтром 3×3 вручную, таблица размеров карт по формуле
``m = i − f + 1``, рецептивное поле двух слоёв 3×3 на сетке и выходной билет из трёх
вопросов для этапа рефлексии; на втором листе — бумажный трафарет к заданию 1 (окошко
3×3 клеток картинки и числа фильтра рядом). Номера заданий — те, что называют слайды
технологической карты (``show.task``). Шаблон — ``templates/worksheet.html.j2``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lessonlib.conv import output_size
from lessonlib.fmt import integer as format_int
from lessonlib.receptive_field import receptive_fields, region
from sitebuild.lesson.lesson_plan import LessonPlan
from sitebuild.lesson.lessontext import lesson_facts
from sitebuild.templates import render


@dataclass(frozen=True)
class Sheet:
    """Вариант листа: файл в папке педагога урока (``<урок>/teacher/``), заголовок и нужны
    ли ответы."""

    path: str
    title: str
    answers: bool


SHEETS = (
    Sheet("worksheet.html", "Рабочий лист", answers=False),
    Sheet("worksheet-answers.html", "Рабочий лист: экземпляр педагога с ответами", True),
)

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


def rf_cells(lesson: str | None = None) -> list[list[bool]]:
    """Какие клетки сетки входа видит центральный пиксель второй карты.

    Сетка и слои — как на рисунке страницы о рецептивном поле: 7×7 и два слоя 3×3
    (``TWO_LAYER_INPUT``, ``TWO_LAYERS`` фактов урока), карта второго слоя — 3×3.
    """
    facts = lesson_facts(lesson)
    grid, layers = facts.TWO_LAYER_INPUT, list(facts.TWO_LAYERS)
    maps = grid
    for layer in layers:
        maps = output_size(maps, layer.size)
    first, last = region(layers, maps // 2)
    inside = [first <= k <= last for k in range(grid)]
    return [[r and c for c in inside] for r in inside]


def products(window: np.ndarray, kernel: np.ndarray) -> str:
    """«237·1 + 233·0 + …»: сумма произведений окна на фильтр — как пишет ученик."""
    terms = []
    for x, w in zip(window.ravel().tolist(), kernel.ravel().tolist(), strict=True):
        factor = f"({format_int(w)})" if w < 0 else format_int(w)
        terms.append(f"{format_int(x)}·{factor}")
    return " + ".join(terms)


def sheet_context(plan: LessonPlan, lesson: str | None = None) -> dict[str, object]:
    """Все числа листа урока ``lesson`` (по умолчанию — единственного) и ответы к нему."""
    facts = lesson_facts(lesson)
    image, kernel, result = facts.IMAGE, facts.KERNEL, facts.LESSON_MAP
    mnist_side, rf_grid, rf_layers = facts.MNIST_SIDE, facts.TWO_LAYER_INPUT, facts.TWO_LAYERS
    k = kernel.shape[0]
    windows = [
        (products(image[r : r + k, c : c + k], kernel), format_int(result[r, c]))
        for r in range(result.shape[0])
        for c in range(result.shape[1])
    ]
    fields = [rf.size for rf in receptive_fields([rf_layers[0]] * 3)]
    exit_m = output_size(mnist_side, 5)
    return {
        "topic": plan.topic,
        "image": [[format_int(v) for v in row] for row in image.tolist()],
        "kernel": [[format_int(v) for v in row] for row in kernel.tolist()],
        "result": [[format_int(v) for v in row] for row in result.tolist()],
        "windows": windows,
        "map_side": result.shape[0],
        "size_rows": size_rows(),
        "rf_grid": rf_cells(lesson),
        "rf_size": receptive_fields(list(rf_layers))[-1].size,
        "rf_map": output_size(output_size(rf_grid, rf_layers[0].size), rf_layers[1].size),
        "exit": [
            (
                f"Картинку {mnist_side}×{mnist_side} свернули фильтром 5×5. Какого размера "
                "карта активации?",
                f"{exit_m}×{exit_m}: m = {mnist_side} − 5 + 1 = {exit_m}.",
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


def render_sheet(plan: LessonPlan, sheet: Sheet, root: str, lesson: str | None = None) -> str:
    """HTML листа ``sheet``; ``root`` — путь от него до корня сайта."""
    return render("worksheet.html.j2", sheet=sheet, root=root, **sheet_context(plan, lesson))
