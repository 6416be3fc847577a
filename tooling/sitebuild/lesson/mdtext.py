"""Формулы и таблицы для текстов урока: их зовут шаблоны заданий (``{{ latex_matrix(x) }}``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lessonlib.fmt import NBSP, exact, integer, shape
from lessonlib.markdown import table as markdown_table
from lessonlib.shapes import LayerInfo

__all__ = ["indent", "latex_matrix", "layer_table", "products_sum", "table"]


def indent(text: str, spaces: int = 4) -> str:
    """Сдвинуть Markdown вправо — содержимое раскрывающегося блока ``???``."""
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def latex_matrix(values: object) -> str:
    """Матрица чисел в LaTeX (``pmatrix``) для формулы ``$$…$$``."""
    arr = np.asarray(values)
    if arr.ndim != 2:
        raise ValueError(f"values: ожидалась двумерная матрица, получена форма {arr.shape}")
    rows = (" & ".join(_tex_number(v) for v in row) for row in arr.tolist())
    return r"\begin{pmatrix} " + r" \\ ".join(rows) + r" \end{pmatrix}"


def _tex_number(value: float) -> str:
    """Число по-русски внутри формулы: «5{,}75» (без скобок запятая даёт пробел после себя),
    тысячи — тонкой шпацией, минус — знак формулы."""
    text = exact(value, 4).replace(",", "{,}").replace(NBSP, "{\\,}")
    return text.replace("\u2212", "-")


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Таблица Markdown без перевода строки в конце — для вставки внутрь текста."""
    return markdown_table(header, rows).text.rstrip("\n")


def layer_table(infos: Sequence[LayerInfo], input_shape: tuple[int, ...]) -> str:
    """Таблица «слой — форма выхода — параметры» для цепочки слоёв."""
    rows = [("вход", shape(input_shape), "—")]
    rows += [(i.name, shape(i.output_shape), integer(i.params)) for i in infos]
    return table(("Слой", "Форма выхода", "Параметры (веса + смещения)"), rows)


def products_sum(values: np.ndarray, kernel: np.ndarray, *, kernel_first: bool = True) -> str:
    """«(−1)·237 + 0·233 + …» — запись суммы произведений окна и фильтра; при
    ``kernel_first=False`` — «237·(−1) + 233·0 + …», как пишет ученик на рабочем листе."""
    terms = []
    for w, x in zip(kernel.ravel().tolist(), values.ravel().tolist(), strict=True):
        factor = f"({integer(w)})" if w < 0 else integer(w)
        terms.append(f"{factor}·{integer(x)}" if kernel_first else f"{integer(x)}·{factor}")
    return " + ".join(terms)
