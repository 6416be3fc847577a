"""Подготовка страницы урока к запуску: в Jupyter, в Colab и обычным ``python plot_….py``.

Первая ячейка каждого блокнота урока вызывает :func:`setup`; на сайте её выполняет сборка,
поэтому скачанный блокнот рисует то же, что и сайт. Скрипт ``.py`` для скачивания
передаёт результаты ячеек в :func:`show`: в Jupyter это обычный вывод ячейки, а без
Jupyter рисунок открывается в окне или, если окна нет, сохраняется в файл.
"""

from __future__ import annotations

import os
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


def _figures_as_files(shell: Any, page: str) -> None:
    """Сборка сайта (:data:`lessonlib.folders.SITE_ENV`): показанный рисунок — файл
    ``figures/<имя>.page.png`` той же картинки, что показал бы Jupyter, с описанием рядом
    (подпись, замер надписей: :func:`lessonlib.folders.write_figure`). Раскладка для телефона
    (:func:`lessonlib.style.with_phone_layout`) — файл ``<имя>.phone.png``, его имя — в
    описании (``phone``). Вывод ячейки ссылается на файл так, как nbconvert ссылается на
    извлечённые картинки (``metadata.filenames``); самой картинки в блокноте нет.

    Имя — то, что дал :func:`lessonlib.style.save_figure`, иначе имя страницы ``page``;
    повторный показ того же имени получает номер."""
    from IPython.core.pylabtools import print_figure
    from matplotlib.figure import Figure

    from lessonlib.folders import write_figure
    from lessonlib.style import figure_notes, phone_figure

    mimebundle = shell.display_formatter.mimebundle_formatter
    # %matplotlib inline (и повторный setup()) снова ставит картинку base64 — убрать её.
    shell.display_formatter.formatters["image/png"].pop(Figure, None)
    if Figure in mimebundle:
        return  # setup() уже вызывали в этом ядре
    shown: dict[str, int] = {}

    def as_file(fig: Figure, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        png = print_figure(fig, "png", bbox_inches="tight")  # как у %matplotlib inline
        if png is None:  # пустой рисунок Jupyter не показывает
            return {}, {}
        name = fig.get_label() or page
        shown[name] = shown.get(name, 0) + 1
        stem = name if shown[name] == 1 else f"{name}-{shown[name]}"
        folder = Path("figures")
        folder.mkdir(exist_ok=True)
        notes = figure_notes(fig, png, fig.dpi)
        phone = phone_figure(fig)
        if phone is not None:
            small = print_figure(phone, "png", bbox_inches="tight")
            notes["phone"] = f"{stem}.phone.png"
            write_figure(folder / notes["phone"], small, figure_notes(phone, small, phone.dpi))
        write_figure(folder / f"{stem}.page.png", png, notes)
        return {"image/png": ""}, {"filenames": {"image/png": f"figures/{stem}.page.png"}}

    mimebundle.for_type(Figure, as_file)


def setup() -> None:
    """Включает рисунки прямо в блокноте и стиль рисунков урока.

    Вызовите один раз в начале страницы. В Jupyter и Colab рисунки показываются под
    ячейками; в обычном Python включается только стиль урока.
    """
    from lessonlib.folders import SITE_ENV
    from lessonlib.style import apply_style

    shell = _ipython()
    if shell is not None:
        shell.run_line_magic("matplotlib", "inline")
    apply_style()
    if shell is not None and os.environ.get(SITE_ENV):
        _figures_as_files(shell, os.environ[SITE_ENV])


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
