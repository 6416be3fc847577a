"""Скачанная страница запускается сама: ячейка настройки, скрипт .py без Jupyter, ссылки."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild.runner import runnable

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = '''"""
Проба
=====
"""

# %%
# Рисунок с подписью.

from matplotlib.figure import Figure

fig = Figure()
fig.add_subplot().plot([1, 2, 3])
fig.suptitle("Линия — ёлочка")
fig

# %%
# Ответ и число.

from lessonlib.quiz import answer

answer("Три «ёлочки».")

# %%
# Ячейка без вывода.

x = sum(
    [1, 2]
)
'''


def test_last_expression_of_each_cell_goes_to_show():
    out = runnable.runnable_script(SCRIPT)
    assert "lessonlib.setup()" in out
    assert out.index("lessonlib.setup()") > out.index('"""', 3)  # после docstring
    assert "lessonlib.show(fig)" in out
    assert 'lessonlib.show(answer("Три «ёлочки»."))' in out  # смещения ast — в байтах
    assert "lessonlib.show(x" not in out and "x = sum(" in out
    compile(out, "plot.py", "exec")


def test_script_without_a_window_saves_figures_and_prints_paths(tmp_path):
    path = tmp_path / "plot_01_probe.py"
    path.write_text(runnable.runnable_script(SCRIPT), encoding="utf-8")
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, path.name], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    saved = tmp_path / "plot_01_probe_figures" / "01.png"
    assert saved.stat().st_size > 1000
    assert f"Рисунок сохранён: {saved.relative_to(tmp_path)} — Линия — ёлочка" in done.stdout
    assert "Ответ: Три «ёлочки»." in done.stdout


SAVED_SCRIPT = '''"""
Проба сохранения
================
"""

# %%
# Рисунок страницы, сохранённый под своим именем.

from matplotlib.figure import Figure

from lessonlib.style import save_figure

fig = Figure()
fig.add_subplot().plot([1, 2, 3])
fig.suptitle("Прямая")
save_figure(fig, "line")

# %%
# Таблица и выводы — Markdown.

from lessonlib.findings import Claim, claims_list
from lessonlib.markdown import table

table(["слой", "карта"], [["1", r"$26 \\times 26$"]])

# %%
# Вывод проверки.

claims_list([Claim(claim="Фильтры учатся", held=True, finding=r"**Да**: $3 \\cdot 3$.")])
'''


def _run_script(folder: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    path = folder / "plot_02_probe.py"
    path.write_text(runnable.runnable_script(SAVED_SCRIPT), encoding="utf-8")
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, path.name], cwd=folder, env=env, capture_output=True, text=True
    )


def test_script_saves_each_figure_once_and_prints_plain_text(tmp_path):
    done = _run_script(tmp_path)
    assert done.returncode == 0, done.stderr
    pictures = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.png"))
    assert pictures == ["figures/line.png"]  # не ещё раз в plot_02_probe_figures/
    lines = done.stdout.splitlines()
    assert lines[0] == "Рисунок сохранён: figures/line.png — Прямая"
    assert "слой  карта" in lines and "1     26 × 26" in lines  # столбцы, формула — текстом
    assert "• «Фильтры учатся» — подтвердилось. Да: 3 · 3." in lines
    assert not [x for x in ("Claim(", "Markdown(", "$", "**", "\\", "|") if x in done.stdout]


def test_unwritable_output_folder_goes_to_temp_with_a_russian_note(tmp_path):
    """Вместо папки рисунков — файл (так в неё не может писать и root): рисунки уходят
    во временную папку, об этом одна строка по-русски, скрипт доходит до конца."""
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "figures").write_text("не папка", encoding="utf-8")
    env = {"LESSONLIB_OUTPUT_DIR": str(tmp_path / "out"), "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    done = _run_script(tmp_path, env)
    assert done.returncode == 0, done.stderr
    spare = next((tmp_path / "tmp").glob("lessonlib-*/figures/line.png"))
    assert f"Рисунок сохранён: {spare} — Прямая" in done.stdout
    assert f"В папку {tmp_path / 'out' / 'figures'} нельзя записывать" in done.stderr
    assert "LESSONLIB_OUTPUT_DIR" in done.stderr and "Traceback" not in done.stderr


def test_setup_cell_installs_from_site_url_only_in_colab():
    cell = runnable.setup_cell("lesson01/plot_01_a.html", "https://example.org/cnn/", "1.2.3")
    assert 'if "google.colab" in sys.modules:' in cell
    wheel = "https://example.org/cnn/downloads/lessonlib-1.2.3-py3-none-any.whl"
    assert f"    %pip install -q {wheel}" in cell
    assert "https://example.org/cnn/lesson01/plot_01_a.html" in cell
    assert cell.rstrip().endswith(
        "lessonlib.setup()  # рисунки прямо в блокноте и стиль рисунков урока"
    )
    offline = runnable.setup_cell("lesson01/plot_01_a.html", None, "1.2.3")
    assert "Не найден пакет урока lessonlib-1.2.3-py3-none-any.whl" in offline
    assert "lesson01/plot_01_a.html" in offline and "http" not in offline


def test_relative_links_become_absolute():
    notebook = {
        "cells": [
            {
                "cell_type": "markdown",
                "source": "[фильтр](../glossary.html#filtr), [дальше](plot_02_b.ipynb), "
                '[PyTorch](https://pytorch.org), [тут](#razdel), <a href="../run.html">запуск</a>',
            },
            {"cell_type": "code", "source": "x = '../glossary.html'"},
        ]
    }
    page_url = "https://example.org/cnn/lesson01/plot_01_a.html"
    out = runnable.edit_notebook_text(notebook, runnable.absolute_links_in(page_url))
    text = out["cells"][0]["source"]
    assert "(https://example.org/cnn/glossary.html#filtr)" in text
    assert "(https://example.org/cnn/lesson01/plot_02_b.html)" in text
    assert "(https://pytorch.org)" in text and "(#razdel)" in text
    assert 'href="https://example.org/cnn/run.html"' in text
    assert out["cells"][1]["source"] == "x = '../glossary.html'"
    assert notebook["cells"][0]["source"].startswith("[фильтр](../")  # оригинал не тронут


def test_glossary_links_become_footnotes_with_definitions():
    terms = {
        "filtr": ("Фильтр / ядро", "Матрица чисел."),
        "svertka": ("Свёртка", "Сумма произведений; даёт [карту](#karta)."),
    }
    notebook = {
        "cells": [
            {
                "cell_type": "markdown",
                "source": [
                    "- [свёртку](../glossary.html#svertka) и **[фильтр]",
                    "(../glossary.html#filtr)**;\n",
                    "- снова [свёртка](../glossary.html#svertka), [дальше](plot_02_b.ipynb)",
                ],
            },
            {"cell_type": "code", "source": "x = '[a](../glossary.html#filtr)'"},
            {
                "cell_type": "markdown",
                "source": "[фильтры](../glossary.html#filtr) и [тут](#razdel)",
            },
        ]
    }
    out = runnable.edit_notebook_text(notebook, runnable.footnotes_in(terms.__getitem__))
    first, code, last = (cell["source"] for cell in out["cells"])
    assert first == (
        "- свёртку¹ и **фильтр²**;\n- снова свёртка¹, [дальше](plot_02_b.ipynb)\n\n"
        "> ¹ **Свёртка.** Сумма произведений; даёт карту.\n>\n"
        "> ² **Фильтр / ядро.** Матрица чисел."
    )
    assert code == notebook["cells"][1]["source"]  # код не трогаем
    assert last == "фильтры и [тут](#razdel)"  # термин уже объяснён выше
    assert notebook["cells"][2]["source"].startswith("[фильтры](../")  # оригинал не тронут


def test_downloaded_notebook_keeps_every_cell_but_no_outputs():
    answer = {"tags": ["answer"], "jupyter": {"source_hidden": True, "outputs_hidden": True}}
    image = {"output_type": "display_data", "data": {"image/png": "iVBO"}, "metadata": {}}
    shown = {"text/markdown": "**29**", "text/plain": "29"}
    result = {"output_type": "execute_result", "execution_count": 2, "data": shown}

    def code(count: int, metadata: dict, output: dict, source: str) -> dict:
        return {
            "cell_type": "code",
            "execution_count": count,
            "metadata": metadata,
            "outputs": [output],
            "source": source,
        }

    text = {"cell_type": "markdown", "metadata": {}, "source": "Текст ![рисунок](figures/a.png)"}
    notebook = {
        "cells": [text, code(1, {"tags": ["fold"]}, image, "fig"), code(2, answer, result, "x")],
        "metadata": {"kernelspec": {"name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    out = runnable.without_outputs(notebook)
    assert [c["source"] for c in out["cells"]] == [c["source"] for c in notebook["cells"]]
    assert [c["metadata"] for c in out["cells"]] == [c["metadata"] for c in notebook["cells"]]
    assert out["metadata"] == notebook["metadata"] and out["nbformat_minor"] == 5
    assert out["cells"][0] == notebook["cells"][0]  # текст не меняется
    for cell in out["cells"][1:]:
        assert cell["outputs"] == [] and cell["execution_count"] is None
    assert notebook["cells"][1]["outputs"] == [image]  # оригинал не тронут
    saved = runnable.notebook_text(out)
    assert saved.endswith("}\n") and "Текст" in saved  # кириллица как есть, не \uXXXX


_IN_IPYTHON = """
import base64, json
from IPython.terminal.interactiveshell import TerminalInteractiveShell
from matplotlib.figure import Figure
import lessonlib

shell = TerminalInteractiveShell.instance()
lessonlib.setup()
lessonlib.setup()  # второй вызов ничего не ломает
fig = Figure()
fig.add_subplot().plot([0, 1])
fig.suptitle("Подпись рисунка")
formatter = shell.display_formatter.formatters["image/png"]
formatter.enabled = True  # терминал картинок не показывает; в Jupyter и Colab он включён
png = formatter(fig)
import matplotlib
print(json.dumps({
    "png": base64.b64decode(png)[:8].hex(),
    "dpi": matplotlib.rcParams["savefig.dpi"],
}))
"""


def test_setup_turns_on_inline_figures_and_lesson_style():
    """У ученика рисунок — обычная картинка PNG в выводе ячейки (файлами их пишет только
    сборка сайта: tests/test_figure_text.py)."""
    import json

    from lessonlib.style import FIGURE_DPI

    done = subprocess.run(
        [sys.executable, "-c", _IN_IPYTHON],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["png"] == "89504e470d0a1a0a"  # PNG
    assert result["dpi"] == FIGURE_DPI


def _colab_setup(folder: Path, monkeypatch) -> list[str]:
    """Ячейка настройки (без site_url), выполненная «в Colab» в папке ``folder``; ``%pip``
    не выполняется, а записывается: возвращаются его команды."""
    import types

    cell = runnable.setup_cell("lesson01/plot_01_a.html", None, "0.1.0")
    installed: list[str] = []
    code = re.sub(r"%pip (.+)", r"installed.append('\1')", cell)
    code = code.split("import lessonlib")[0]  # сам пакет в тесте не нужен
    monkeypatch.chdir(folder)
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    exec(compile(code, "setup", "exec"), {"installed": installed})
    return installed


def test_colab_setup_names_the_missing_wheel_in_russian(tmp_path, monkeypatch):
    with pytest.raises(RuntimeError) as error:
        _colab_setup(tmp_path, monkeypatch)
    message = str(error.value)
    assert "lessonlib-0.1.0-py3-none-any.whl" in message
    assert "Загрузить в сессионное хранилище" in message and "Как запустить у себя" in message


def test_colab_setup_accepts_a_renamed_upload(tmp_path, monkeypatch):
    """Загруженный второй раз файл Colab называет «… (1).whl»: ячейка ставит его под
    настоящим именем, которое pip примет."""
    (tmp_path / "lessonlib-0.1.0-py3-none-any (1).whl").write_bytes(b"wheel")
    assert _colab_setup(tmp_path, monkeypatch) == ["install -q lessonlib-0.1.0-py3-none-any.whl"]
    assert (tmp_path / "lessonlib-0.1.0-py3-none-any.whl").read_bytes() == b"wheel"


SCRIPT_WITH_LINKS = '''"""
Страница
========

- посчитать [рецептивное поле](../glossary.html#pole) слой за слоем в сети с пулингом и шагом;
"""

# %%
# [Рамка](../glossary.html#ramka) и снова [поле](../glossary.html#pole).
#
# **Дальше:** [урок 2](../lesson02/plot_01_b.ipynb#razdel), [соседняя](plot_02_c.ipynb).

#| fold
x = "[a](../glossary.html#ramka)"  # код не трогаем: [b](../lesson02/plot_01_b.ipynb)
# %%
# Без ссылок.

y = 1
'''


def test_downloaded_script_explains_terms_and_other_lessons_in_its_comments():
    terms = {
        "pole": ("Рецептивное поле", "Участок картинки, от которого зависит пиксель карты " * 2),
        "ramka": ("Рамка", "Полоса нулей вокруг входа."),
    }
    footnotes = runnable.footnotes_in(terms.__getitem__)
    other = runnable.other_lessons_in(lambda lesson, page: f"блокнот {page}.ipynb из {lesson}.zip")
    out = runnable.edit_script_text(SCRIPT_WITH_LINKS, lambda text: other(footnotes(text)))
    assert out.splitlines()[4:13] == [
        "- посчитать рецептивное поле¹ слой за слоем в сети с пулингом и шагом;",
        "",
        "> ¹ **Рецептивное поле.** Участок картинки, от которого зависит пиксель карты Участок",
        "> картинки, от которого зависит пиксель карты",
        '"""',
        "",
        "# %%",
        "# Рамка¹ и снова поле.",
        "#",
    ]
    assert (
        "# **Дальше:** урок 2 (блокнот plot_01_b.ipynb из lesson02.zip),\n"
        "# [соседняя](plot_02_c.ipynb).\n#\n# > ¹ **Рамка.** Полоса нулей вокруг входа.\n\n#| fold"
    ) in out
    code = SCRIPT_WITH_LINKS[SCRIPT_WITH_LINKS.index("#| fold") :]
    assert out.endswith(code)  # код и ячейка без ссылок — байт в байт
    assert all(len(line) <= 88 for line in out.splitlines() if not line.startswith("x ="))


def test_downloaded_script_links_become_absolute():
    page_url = "https://example.org/cnn/lesson01/plot_01_a.html"
    out = runnable.edit_script_text(SCRIPT_WITH_LINKS, runnable.absolute_links_in(page_url))
    assert "# [Рамка](https://example.org/cnn/glossary.html#ramka) и снова" in out
    assert "(https://example.org/cnn/lesson02/plot_01_b.html#razdel)" in out
    assert "(https://example.org/cnn/lesson01/plot_02_c.html)" in out
    assert "[рецептивное поле](https://example.org/cnn/glossary.html#pole)" in out
    assert 'x = "[a](../glossary.html#ramka)"' in out
