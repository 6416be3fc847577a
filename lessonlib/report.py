"""Таблицы и раскрывающиеся блоки для страниц урока.

* :func:`parameter_table` — параметры первого полносвязного слоя при разной ширине;
* :class:`Details` и :func:`figure_markdown` — статистика опытов и рисунки под закрытым
  блоком «Подробнее»;
* :func:`runs_note` — одна фраза о том, сколько раз обучали модели;
* :func:`training_details` — как обучали модели опыта (эпохи, запуски, разброс, время).
"""

from __future__ import annotations

import base64
import io
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from lessonlib import fmt
from lessonlib.markdown import Markdown, table
from lessonlib.quiz import Answer
from lessonlib.shapes import Dense, Flatten, LayerSpec, trace
from lessonlib.style import FIGURE_DPI, figure_alt, save_figure, saved_path

# torch (и всё, что считает обученные сети) загружают только функции об обученных сетях:
# таблицам и схемам форм (parameter_rows — рисунок схемы сети для слайдов) он не нужен.
if TYPE_CHECKING:
    from lessonlib.runs import Run

__all__ = [
    "PARAMETER_COLUMNS",
    "Details",
    "figure_markdown",
    "parameter_rows",
    "parameter_table",
    "runs_note",
    "training_details",
]


@dataclass(frozen=True, repr=False)
class Details(Answer):
    """Подробности под закрытым блоком «Подробнее»: статистика опыта, проверки, рисунки."""

    summary: str = "Подробнее"


def figure_markdown(fig: Figure, name: str) -> str:
    """Сохраняет рисунок (:func:`lessonlib.style.save_figure`) и возвращает ссылку
    Markdown на него с подписью — так рисунок можно положить внутрь :class:`Details`.

    Ссылка — на файл ``figures/<name>.png`` рядом с блокнотом. Если файла там нет (папка
    урока только для чтения) или блокнот открыт в Colab (его вывод не видит файлы
    сессии), картинка вкладывается в саму ссылку."""
    save_figure(fig, name)
    alt = figure_alt(fig)
    path = saved_path(fig)
    if path is not None and not path.is_absolute() and "google.colab" not in sys.modules:
        return f"![{alt}]({path.as_posix()})"
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=FIGURE_DPI, bbox_inches="tight", facecolor="white")
    return f"![{alt}](data:image/png;base64,{base64.b64encode(png.getvalue()).decode()})"


def _times(n: int) -> str:
    return "один раз" if n == 1 else fmt.plural(n, "раз", "раза", "раз")


def runs_note(config: object) -> Markdown:
    """Одна фраза о том, как обучали модели с настройками ``config`` (``epochs``,
    ``seeds``): «10 эпох; каждую модель обучили 5 раз … — в таблице средняя точность».
    Слова согласованы с числами, а при одном запуске о среднем не говорится."""
    runs = len(config.seeds)
    epochs = fmt.plural(config.epochs, "эпоха", "эпохи", "эпох")
    if runs == 1:
        return Markdown(f"Обучение — {epochs}; каждую модель обучили один раз.\n")
    return Markdown(
        f"Обучение — {epochs}; каждую модель обучили {_times(runs)} с разного случайного "
        "начала, в таблице — средняя точность.\n"
    )


def training_details(
    config: object,
    runs: Mapping[str, Run],
    names: Mapping[str, str] | None = None,
    *,
    before: str = "",
    after: str = "",
) -> Details:
    """«Подробнее» об обучении моделей ``runs`` опыта с настройками ``config`` (``epochs``,
    ``batch_size``, ``seeds``): точность «среднее ± разброс» по запускам (при одном
    запуске — просто точность) и время обучения одной модели. ``names`` — подписи моделей
    в таблице (по умолчанию ``run.title``); ``before`` и ``after`` — текст до и после
    таблицы (например, рисунок)."""
    names = names or {key: run.title for key, run in runs.items()}
    several = len(config.seeds) > 1
    rows = [
        [
            names[key],
            fmt.accuracy(run.mean, run.std if several else None),
            fmt.seconds(run.total_seconds / len(run.seeds)),
        ]
        for key, run in runs.items()
    ]
    epochs = fmt.plural(config.epochs, "эпоха", "эпохи", "эпох")
    how = (
        f"Каждую модель обучили {_times(len(config.seeds))} с разными случайными начальными "
        "весами и порядком примеров: так видно, насколько точность зависит от случая. "
        "Ниже — точность «среднее ± разброс» по запускам и время обучения одной модели."
        if several
        else "Каждую модель обучили один раз. Ниже — точность и время обучения."
    )
    text = (
        (before + " " if before else "")
        + f"{epochs}, мини-батчи по {config.batch_size}, оптимизатор Adam. {how}\n\n"
        + table(["модель", "точность", "время обучения"], rows).text
        + ("\n" + after if after else "")
    )
    return Details(text, summary="Подробнее: как обучали")


PARAMETER_COLUMNS: tuple[str, ...] = (
    "нейронов в слое",
    "входов слоя",
    "весов (входы × нейроны)",
    "параметров слоя (веса + смещения)",
    "параметров всех свёрток",
)
"""Столбцы таблицы :func:`parameter_rows`."""


def parameter_rows(
    input_shape: tuple[int, int, int], conv_layers: Sequence[LayerSpec], widths: Sequence[int]
) -> list[list[str]]:
    """Сколько параметров у первого полносвязного слоя при разной ширине ``widths``.

    Все числа — из :func:`lessonlib.shapes.trace` для цепочки
    ``conv_layers → Flatten → Dense(width)``; для сравнения — параметры всех свёрток.
    """
    if not widths:
        raise ValueError("widths: нужна хотя бы одна ширина полносвязного слоя")
    rows = []
    for width in widths:
        infos = trace(input_shape, [*conv_layers, Flatten(), Dense(width)])
        dense = infos[-1]
        rows.append(
            [
                fmt.integer(width),
                fmt.integer(infos[-2].output_shape[0]),
                fmt.integer(dense.weights),
                fmt.integer(dense.params),
                fmt.integer(sum(info.params for info in infos[:-1])),
            ]
        )
    return rows


def parameter_table(
    input_shape: tuple[int, int, int], conv_layers: Sequence[LayerSpec], widths: Sequence[int]
) -> Markdown:
    """:func:`parameter_rows` таблицей Markdown (на странице — настоящая HTML-таблица)."""
    return table(PARAMETER_COLUMNS, parameter_rows(input_shape, conv_layers, widths))
