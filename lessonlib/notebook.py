"""Подготовка страницы урока к запуску: в Jupyter, в Colab и обычным ``python plot_….py``.

Первая ячейка каждого блокнота урока вызывает :func:`setup`; на сайте её выполняет сборка,
поэтому скачанный блокнот рисует то же, что и сайт. Скрипт ``.py`` для скачивания
передаёт результаты ячеек в :func:`show`: в Jupyter это обычный вывод ячейки, а без
Jupyter рисунок открывается в окне или, если окна нет, сохраняется в файл.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# matplotlib загружается только при вызове: ``import lessonlib`` остаётся лёгким для
# модулей, которым рисунки не нужны.

# Сколько рисунков уже сохранено без окна: номера файлов идут по порядку ячеек.
_saved = {"count": 0}


def _ipython() -> Any | None:
    """Оболочка IPython (Jupyter, Colab), если код выполняется в ней."""
    if "IPython" not in sys.modules:
        return None
    from IPython import get_ipython

    return get_ipython()


def _png_width(png: bytes | str) -> int:
    """Ширина картинки PNG в пикселях (из заголовка; ``str`` — base64)."""
    raw = base64.b64decode(png[:64]) if isinstance(png, str) else png
    return int.from_bytes(raw[16:20], "big")


def _base64(png: bytes | str) -> str:
    return png if isinstance(png, str) else base64.b64encode(png).decode("ascii")


def _figures_with_alt(shell: Any) -> None:
    """Каждая картинка рисунка в блокноте получает подпись (alt) из его заголовка, имя
    (если рисунок сохранён через ``save_figure``) и размер самой мелкой надписи
    (:func:`lessonlib.style.text_metrics`) — по нему сайт проверяет, читается ли рисунок.

    У рисунка с раскладкой для телефона (:func:`lessonlib.style.with_phone_layout`) в
    метаданных лежит и она: ``phone`` — PNG (base64) и его замер. Её показывает сайт на
    узком экране; Jupyter и Colab метаданные не показывают."""
    from matplotlib.figure import Figure

    from lessonlib.style import figure_alt, phone_figure, text_metrics

    formatter = shell.display_formatter.formatters["image/png"]
    render = formatter.lookup_by_type(Figure)
    if getattr(render, "lessonlib_alt", False):
        return  # setup() уже вызывали в этом ядре

    def with_alt(fig: Figure) -> tuple[Any, dict[str, Any]]:
        png = render(fig)
        if png is None:  # пустой рисунок IPython не показывает
            return png, {}
        metadata = {"alt": figure_alt(fig), **text_metrics(fig, _png_width(png), fig.dpi)}
        if fig.get_label():
            metadata["name"] = fig.get_label()
        phone = phone_figure(fig)
        if phone is not None:
            small = render(phone)
            metrics = text_metrics(phone, _png_width(small), phone.dpi)
            metadata["phone"] = {"png": _base64(small), **metrics}
        return png, metadata

    with_alt.lessonlib_alt = True  # type: ignore[attr-defined]
    formatter.for_type(Figure, with_alt)


def setup() -> None:
    """Включает рисунки прямо в блокноте и стиль рисунков урока.

    Вызовите один раз в начале страницы. В Jupyter и Colab рисунки показываются под
    ячейками и подписаны по-русски; в обычном Python включается только стиль урока.
    """
    from lessonlib.style import apply_style

    shell = _ipython()
    if shell is not None:
        shell.run_line_magic("matplotlib", "inline")
    apply_style()
    if shell is not None:
        _figures_with_alt(shell)


def _has_window() -> bool:
    """Может ли matplotlib открыть окно (есть экран и графическая библиотека)."""
    import matplotlib
    from matplotlib.backends import BackendFilter, backend_registry

    interactive = {b.lower() for b in backend_registry.list_builtin(BackendFilter.INTERACTIVE)}
    return matplotlib.get_backend().lower() in interactive


def show(value: Any) -> None:
    """Показывает результат ячейки: в Jupyter — как вывод, иначе — окном, файлом или текстом.

    Рисунок открывается окном; без окна (сервер, терминал без экрана) печатается путь к
    его файлу: к тому, что уже сохранил :func:`lessonlib.style.save_figure`, или к новому
    в папке ``<имя скрипта>_figures/``. Текст Markdown (таблицы, ответы, выводы)
    печатается обычным текстом, без разметки и формул TeX.
    """
    from matplotlib.figure import Figure

    from lessonlib.markdown import plain_text

    if value is None:
        return
    if _ipython() is not None:
        from IPython.display import display

        display(value)
        return
    if not isinstance(value, Figure):
        markdown = getattr(value, "_repr_markdown_", None)
        print(plain_text(markdown()) if callable(markdown) else value)
        return
    if _has_window():
        import matplotlib.pyplot as plt

        plt.figure(value)  # рисунок без pyplot становится окном pyplot
        plt.show()
        return
    _print_saved(value)


def _print_saved(fig: Figure) -> None:
    """Путь к файлу рисунка: уже сохранённого через ``save_figure`` или сохранённого сейчас."""
    from lessonlib.folders import OUTPUT_ENV, output_path, writable
    from lessonlib.style import FIGURE_DPI, saved_path

    if saved_path(fig) is not None:
        return  # save_figure уже сказал, куда сохранил (announce_saved)
    _saved["count"] += 1
    script = Path(sys.argv[0])
    name = f"{script.stem if script.suffix == '.py' else 'lesson'}_figures"
    folder = writable(output_path(name), "рисунки", OUTPUT_ENV)
    if folder is None:
        return
    path = folder / f"{_saved['count']:02d}.png"
    fig.savefig(path, dpi=FIGURE_DPI, bbox_inches="tight", facecolor="white")
    _announce(fig, path)


def announce_saved(fig: Figure, path: Path) -> None:
    """Без Jupyter говорит, куда :func:`lessonlib.style.save_figure` сохранил рисунок, —
    и для рисунков, которые ячейка сохраняет, не показывая (например, в цикле)."""
    if _ipython() is None:
        _announce(fig, path)


def _announce(fig: Figure, path: Path) -> None:
    from lessonlib.style import figure_alt

    title = figure_alt(fig)
    print(f"Рисунок сохранён: {path}" + (f" — {title}" if title else ""))
