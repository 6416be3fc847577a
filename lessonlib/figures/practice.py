"""Рисунки практической работы: кривые обучения, матрица ошибок, цифры, где сеть ошиблась.

Построители получают уже посчитанные числа (:mod:`lessonlib.practice`) и только рисуют;
линии различаются и штрихом, и маркером — рисунки читаются в чёрно-белой печати.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from lessonlib import style
from lessonlib.figures.panels import new_figure, show_picture

__all__ = ["confusion_figure", "curves_figure", "mistakes_figure"]

_LINES = (("-", "o", style.IMAGE_COLOR), ("--", "s", style.HIGHLIGHT_COLOR), (":", "^", "black"))


@style.with_phone_layout
def curves_figure(
    curves: Mapping[str, tuple[Sequence[float], Sequence[float]]], *, phone: bool = False
) -> Figure:
    """Ошибка и точность на тесте по эпохам: ``curves[сеть] = (ошибки, точности)``.

    ``phone=True`` — для телефона: графики один под другим.
    """
    if not curves or len(curves) > len(_LINES):
        raise ValueError(f"curves: ожидалось от 1 до {len(_LINES)} сетей")
    fig = new_figure(4.2, 6.8) if phone else new_figure(7.6, 4.2)
    loss_ax, acc_ax = fig.subplots(2, 1) if phone else fig.subplots(1, 2)
    for (name, (losses, accuracies)), (line, marker, color) in zip(
        curves.items(), _LINES, strict=False
    ):
        epochs = np.arange(1, len(losses) + 1)
        kw = {"linestyle": line, "marker": marker, "color": color, "label": name}
        loss_ax.plot(epochs, losses, **kw)
        acc_ax.plot(epochs, 100 * np.asarray(accuracies), **kw)
    loss_ax.set_title("Ошибка на обучении")
    acc_ax.set_title("Точность на тесте, %")
    for ax in (loss_ax, acc_ax):
        ax.set_xlabel("эпоха")
        ax.grid(True, alpha=0.3)
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.legend(
        *loss_ax.get_legend_handles_labels(), frameon=False, loc="outside lower center", ncols=2
    )
    return fig


def confusion_figure(matrix: np.ndarray, class_names: Sequence[str]) -> Figure:
    """Матрица ошибок с числами: строка — верная цифра, столбец — ответ сети."""
    matrix = np.asarray(matrix)
    n = len(class_names)
    if matrix.shape != (n, n):
        raise ValueError(f"matrix: ожидалась форма ({n}, {n}), получено {matrix.shape}")
    fig = new_figure(4.4, 4.4)  # на телефоне числа клеток не мельче 10 px
    ax = fig.subplots()
    ax.imshow(matrix, cmap="Blues")
    top = matrix.max()
    for (r, c), v in np.ndenumerate(matrix):
        if v:
            color = "white" if v > top / 2 else "black"
            ax.text(c, r, str(v), ha="center", va="center", fontsize=style.FONT_NOTE, color=color)
    ax.set_xticks(range(n), class_names)
    ax.set_yticks(range(n), class_names)
    ax.set_xlabel("ответ сети")
    ax.set_ylabel("верная цифра")
    ax.set_title("Матрица ошибок: вне диагонали — ошибки")
    return fig


@style.with_phone_layout
def mistakes_figure(
    images: np.ndarray,
    truth: Sequence[int],
    predicted: Sequence[int],
    class_names: Sequence[str],
    *,
    phone: bool = False,
) -> Figure:
    """Цифры, на которых сеть ошиблась, с подписью «верно → ответ сети».

    ``phone=True`` — для телефона: три цифры в ряду.
    """
    if len(images) == 0:
        raise ValueError("images: ошибок нет — рисовать нечего")
    cols = min(3 if phone else 5, len(images))
    rows = -(-len(images) // cols)
    size = 1.4 if phone else 1.6
    fig = new_figure(size * cols, (size + 0.3) * rows + 0.4)
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False)).ravel()
    for ax in axes:
        ax.axis("off")
    for ax, image, t, p in zip(axes, images, truth, predicted, strict=False):
        show_picture(ax, np.asarray(image).squeeze(), cmap="gray", vmin=0, vmax=1)
        ax.set_title(f"{class_names[t]} → {class_names[p]}", fontsize=style.FONT_NOTE)
    fig.suptitle("Ошибки сети: верная цифра → ответ")
    return fig
