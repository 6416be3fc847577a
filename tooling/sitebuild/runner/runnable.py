"""Скачанная страница урока запускается сама: ячейка настройки, скрипт ``.py``, ссылки.

- :func:`setup_cell` — первая ячейка каждого блокнота: в Colab ставит пакет урока с сайта,
  везде вызывает ``lessonlib.setup()``. Сборка выполняет её так же, как ученик.
- :func:`runnable_script` — скрипт для скачивания: результат каждой ячейки идёт в
  ``lessonlib.show`` (в обычном Python нет вывода ячеек).
- :func:`absolute_links` — ссылки блокнота на страницы сайта становятся полными
  адресами ``site_url``: скачанный файл лежит уже не рядом с сайтом.
- :func:`without_outputs` — скачиваемый блокнот без выводов, как у sphinx-gallery и d2l:
  результаты ученик получает сам, а страница сайта показывает их уже готовыми.
"""

from __future__ import annotations

import ast
import copy
import json
import posixpath
import re
from urllib.parse import urljoin, urlsplit

from sitebuild.templates import environment

_TEMPLATES = environment("code")

WHEEL_DIR = "downloads"


def wheel_name(version: str) -> str:
    """Имя колеса пакета урока, которое сборка кладёт в ``site/downloads/``."""
    return f"lessonlib-{version}-py3-none-any.whl"


def setup_cell(page: str, site_url: str | None, version: str) -> str:
    """Код первой ячейки блокнота страницы ``page`` (путь в site/, например ``lesson01/x.html``)."""
    wheel = wheel_name(version)
    return _TEMPLATES.get_template("setup_cell.py.j2").render(
        page=page,
        page_url=urljoin(site_url, page) if site_url else None,
        wheel=wheel,
        wheel_url=urljoin(site_url, f"{WHEEL_DIR}/{wheel}") if site_url else None,
    )


_CELL = re.compile(r"^# %%", re.MULTILINE)


def _insert(line: str, offset: int, text: str) -> str:
    """Вставка в строку по смещению ``ast`` — оно считается в байтах UTF-8, не в символах."""
    raw = line.encode("utf-8")
    return (raw[:offset] + text.encode("utf-8") + raw[offset:]).decode("utf-8")


def runnable_script(source: str) -> str:
    """Скрипт галереи, который показывает свои рисунки и ответы и без Jupyter.

    Последнее выражение каждой ячейки (``# %%``) оборачивается в ``lessonlib.show(…)``;
    после docstring добавляется ``lessonlib.setup()``.
    """
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    starts = [source.count("\n", 0, m.start()) + 1 for m in _CELL.finditer(source)]
    last_in_cell: dict[int, ast.stmt] = {}
    for node in tree.body:
        cell = sum(1 for start in starts if start <= node.lineno)
        last_in_cell[cell] = node
    shown = [
        node
        for node in last_in_cell.values()
        if isinstance(node, ast.Expr) and not isinstance(node.value, ast.Constant)
    ]
    for node in sorted(shown, key=lambda n: n.lineno, reverse=True):
        lines[node.end_lineno - 1] = _insert(lines[node.end_lineno - 1], node.end_col_offset, ")")
        lines[node.lineno - 1] = _insert(lines[node.lineno - 1], node.col_offset, "lessonlib.show(")
    docstring_end = tree.body[0].end_lineno if ast.get_docstring(tree) else 0
    header = _TEMPLATES.get_template("script_header.py.j2").render()
    return "".join(lines[:docstring_end]) + header + "".join(lines[docstring_end:])


# Ссылки Markdown ``](адрес)`` и HTML ``href="адрес"`` в текстовых ячейках.
_LINK = re.compile(r'(\]\(|href=")([^)"\s]+)')


def _absolute(link: str, page_url: str) -> str:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("#", "mailto:")):
        return link
    path = parts.path
    if path.endswith(".ipynb"):  # на сайте блокнот — это страница .html
        path = posixpath.splitext(path)[0] + ".html"
    return urljoin(page_url, path) + (f"#{parts.fragment}" if parts.fragment else "")


def absolute_links(notebook: dict, page_url: str) -> dict:
    """Копия блокнота, в текстовых ячейках которого ссылки — полные адреса от ``page_url``."""
    result = copy.deepcopy(notebook)
    for cell in result["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        cell["source"] = _LINK.sub(lambda m: m.group(1) + _absolute(m.group(2), page_url), source)
    return result


def without_outputs(notebook: dict) -> dict:
    """Копия блокнота с теми же ячейками и метаданными (свёрнутые ответы остаются
    свёрнутыми), но без выводов и номеров выполнения: рисунки в base64 — почти весь вес
    блокнота, а ученик всё равно выполняет ячейки сам."""
    result = copy.deepcopy(notebook)
    for cell in result["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return result


def notebook_text(notebook: dict) -> str:
    """JSON блокнота для скачивания (отступ 1 и кириллица как есть — как пишет Jupyter)."""
    return json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"
