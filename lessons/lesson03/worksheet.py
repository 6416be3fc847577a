"""Рабочий лист урока 3 (:mod:`sitebuild.classroom.worksheet`): бумажный спутник блокнота.

Задание 1 — формы карт и параметры своей CNN слой за слоем (то же «Задание 1», что в
блокноте; числа — из сетей фактов урока, :mod:`lessonlib.lessons.lesson03`). Задания 2 и 3 —
таблица результатов и частые ошибки сети: ученик пишет свои числа, а экземпляр педагога
показывает те, что получились на странице практической работы. Они не считаются заново,
а берутся из выполненного блокнота страницы (таблицы ``comparison``, ``shift_table`` и
``confused_pairs``): те же строки, что видит ученик на сайте. Задание 4 — выходной билет.
Шаблон — ``worksheet.html.j2`` рядом.
"""

from __future__ import annotations

import json
from pathlib import Path

from sitebuild.settings import PATHS

from lessonlib.fmt import integer as format_int
from lessonlib.fmt import plural
from lessonlib.fmt import shape as shape_text
from lessonlib.lessons.lesson03 import CNN_LAYERS, FC_LAYERS, INPUT
from lessonlib.shapes import Conv, Dense, Flatten, Pool, ReLU, trace

TASKS = (
    "Своя CNN слой за слоем",
    "Результаты обучения",
    "Какие цифры путает сеть",
    "Выходной билет",
)
NOTE = (
    "Лист заполняют по ходу работы в блокноте; задание 1 листа идёт вместе с заданием 1 блокнота."
)

PAGE = "plot_01_own_cnn"
"""Страница практической работы: её выполненный блокнот хранит измеренные числа."""
SHIFT = 4
"""Сдвиг цифр (пикселей вправо) в таблице результатов."""
EXIT_KERNEL = 5
"""Выходной билет, вопрос 1: фильтры второй свёртки этого размера вместо 3×3."""


def layer_label(layer: object, channels: int, answers: bool) -> str:
    """Слой так, как он записан в ``nn.Sequential``; число входов ``Linear`` — ответ."""
    if isinstance(layer, Conv):
        return f"Conv2d({channels}, {layer.filters}, {layer.size})"
    if isinstance(layer, Pool):
        return f"MaxPool2d({layer.size})"
    if isinstance(layer, Dense):
        return f"Linear({format_int(channels) if answers else '…'}, {layer.units})"
    return {ReLU: "ReLU()", Flatten: "Flatten()"}[type(layer)]


def cnn_rows(answers: bool) -> list[tuple[str, str, str]]:
    """Строки таблицы задания 1: слой, форма выхода, параметров."""
    rows = [("вход", shape_text(INPUT), "")]
    shape: tuple[int, ...] = INPUT
    for layer, info in zip(CNN_LAYERS, trace(INPUT, CNN_LAYERS), strict=True):
        label = layer_label(layer, shape[-1], answers)
        out = info.output_shape
        rows.append((label, shape_text(out), format_int(info.params) if info.params else "0"))
        shape = out
    return rows


def _tables(notebook: Path) -> dict[str, list[list[str]]]:
    """Таблицы Markdown из выводов блокнота: первая ячейка заголовка → строки ячеек."""
    if not notebook.is_file():
        raise FileNotFoundError(
            f"{notebook}: нет выполненного блокнота практической работы — соберите галерею "
            "(python -m sitebuild.runner.gallery)"
        )
    found = {}
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown", "")
            lines = [line for line in "".join(text).splitlines() if line.startswith("|")]
            if len(lines) > 2:
                rows = [[c.strip() for c in line.strip("|").split("|")] for line in lines]
                found[rows[0][0]] = [rows[0], *rows[2:]]
    return found


def measured(notebook: Path | None = None) -> dict[str, object]:
    """Числа страницы практической работы: таблица сравнения, точность на сдвиге
    :data:`SHIFT` и частые ошибки CNN."""
    tables = _tables(notebook or PATHS.docs / Path(__file__).parent.name / f"{PAGE}.ipynb")
    compare, shifts, pairs = (
        tables["сеть"],
        tables["сдвиг вправо, пикселей"],
        tables["верная цифра"],
    )
    column = shifts[0].index(str(SHIFT))
    shifted = {row[0]: row[column] for row in shifts[1:]}
    nets = [(*row, shifted[row[0]]) for row in compare[1:]]
    return {"nets": nets, "pairs": [tuple(row) for row in pairs[1:]]}


def context() -> dict[str, object]:
    """Все числа листа и ответы к нему."""
    found = measured()
    second = CNN_LAYERS.index(next(x for x in CNN_LAYERS[1:] if isinstance(x, Conv)))
    bigger = list(CNN_LAYERS)
    bigger[second] = Conv(bigger[second].filters, EXIT_KERNEL)
    flat = next(i for i in trace(INPUT, bigger) if len(i.output_shape) == 1).output_shape[0]
    chain = [
        shape_text(i.output_shape[:2]) for i in trace(INPUT, bigger) if len(i.output_shape) == 3
    ]
    pixels = plural(SHIFT, "пиксель", "пикселя", "пикселей")
    fc_params = sum(i.params for i in trace(INPUT, FC_LAYERS))
    cnn_params = sum(i.params for i in trace(INPUT, CNN_LAYERS))
    return {
        "cnn_rows": {answers: cnn_rows(answers) for answers in (False, True)},
        "nets": found["nets"],
        "pairs": found["pairs"],
        "shift": pixels,
        "fc_params": format_int(fc_params),
        "cnn_params": format_int(cnn_params),
        "exit": [
            (
                f"Во второй свёртке взяли фильтры {EXIT_KERNEL}×{EXIT_KERNEL} вместо 3×3. "
                "Сколько чисел выйдет из Flatten?",
                f"{format_int(flat)}: стороны карт {' → '.join(dict.fromkeys(chain))}, "
                f"и у последней карты {bigger[second].filters} каналов.",
            ),
            (
                f"Какая сеть в опыте лучше узнала цифры, сдвинутые на {pixels}, и почему?",
                "В опыте страницы: "
                + "; ".join(f"{net[0]} — {net[-1]}" for net in found["nets"])
                + ". Свёртка ищет паттерн одним фильтром по всей картинке, но пулинг прощает "
                "сдвиг только внутри окна 2×2, а полносвязный слой после Flatten снова привязан "
                "к местам — поэтому большой сдвиг мешает обеим сетям.",
            ),
            (
                "Что сегодня было понятно, а что осталось непонятным?",
                "Ответы у каждого свои: по ним педагог решает, что повторить на следующем занятии.",
            ),
        ],
    }
