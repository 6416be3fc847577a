"""Скачанная страница урока запускается сама: ячейка настройки, скрипт ``.py``, ссылки.

- :func:`setup_cell` — первая ячейка каждого блокнота: в Colab ставит пакет урока с сайта,
  везде вызывает ``lessonlib.setup()``. Сборка выполняет её так же, как ученик.
- :func:`runnable_script` — скрипт для скачивания: результат каждой ячейки идёт в
  ``lessonlib.show`` (в обычном Python нет вывода ячеек).
- :func:`absolute_links_in` — ссылки на страницы сайта становятся полными
  адресами ``site_url``: скачанный файл лежит уже не рядом с сайтом.
- :func:`footnotes_in` — ссылки на глоссарий сайта, которые остались относительными
  (сайт без ``site_url``), становятся текстом со сноской-определением: рядом со скачанным
  блокнотом глоссария нет, ни в Jupyter, ни в Colab; :func:`other_lessons_in` — ссылка на
  блокнот другого урока становится словами, какой блокнот какого архива открыть.
- :func:`edit_notebook_text`, :func:`edit_script_text` — те же правки текста (``…_in``)
  в блокноте и в скачиваемом скрипте ``.py`` (его текст — комментарии ячеек и docstring).
- :func:`without_outputs` — скачиваемый блокнот без выводов, как у sphinx-gallery и d2l:
  результаты ученик получает сам, а страница сайта показывает их уже готовыми.
"""

from __future__ import annotations

import ast
import copy
import json
import posixpath
import re
import textwrap
from collections.abc import Callable
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

Edit = Callable[[str], str]
"""Правка текста Markdown одной текстовой ячейки (код ячеек правки не видят)."""


def edit_notebook_text(notebook: dict, edit: Edit) -> dict:
    """Копия блокнота, в текстовых ячейках которого ``edit`` поправил Markdown; ячейки,
    которых правка не коснулась, — байт в байт как были."""
    result = copy.deepcopy(notebook)
    for cell in result["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        edited = edit(source)
        if edited != source:
            cell["source"] = edited
    return result


_TEXT_WIDTH = 88


def _wrapped(text: str) -> list[str]:
    """Строки текста скрипта; длинная строка — в несколько, как во всём скрипте (сноска
    продолжается цитатой, пункт списка — с отступом)."""
    lines = []
    for line in text.split("\n"):
        if len(line) <= _TEXT_WIDTH - 2:
            lines.append(line)
            continue
        indent = "> " if line.startswith("> ") else "  " if line.startswith("- ") else ""
        lines += textwrap.wrap(
            line,
            _TEXT_WIDTH - 2,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    return lines


def edit_script_text(source: str, edit: Edit) -> str:
    """Скрипт, в тексте которого ``edit`` поправил Markdown: в docstring (заголовок
    страницы) и в комментариях-тексте в начале каждой ячейки ``# %%``; код не трогается."""
    lines = source.splitlines()
    tree = ast.parse(source)
    doc = tree.body[0] if ast.get_docstring(tree) else None
    if doc is not None and doc.end_lineno > doc.lineno + 1:  # строка ``"""``, текст, ``"""``
        inner = "\n".join(lines[doc.lineno : doc.end_lineno - 1])
        edited = edit(inner)
        if edited != inner:
            lines[doc.lineno : doc.end_lineno - 1] = _wrapped(edited)
    k, result = 0, []
    while k < len(lines):
        result.append(lines[k])
        k += 1
        if not _CELL.match(result[-1]):
            continue
        start = k
        while k < len(lines) and lines[k].startswith("#") and not lines[k].startswith("#|"):
            if _CELL.match(lines[k]):
                break
            k += 1
        text = "\n".join(line[2:] for line in lines[start:k])
        edited = edit(text)
        if edited == text:
            result += lines[start:k]
        else:
            result += [f"# {line}" if line else "#" for line in _wrapped(edited)]
    return "\n".join(result) + ("\n" if source.endswith("\n") else "")


def _absolute(link: str, page_url: str) -> str:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("#", "mailto:")):
        return link
    path = parts.path
    if path.endswith(".ipynb"):  # на сайте блокнот — это страница .html
        path = posixpath.splitext(path)[0] + ".html"
    return urljoin(page_url, path) + (f"#{parts.fragment}" if parts.fragment else "")


def absolute_links_in(page_url: str) -> Edit:
    """Правка: ссылки текста — полные адреса от ``page_url``."""
    return lambda text: _LINK.sub(lambda m: m.group(1) + _absolute(m.group(2), page_url), text)


# Ссылка страницы урока (она на уровень ниже корня сайта) на термин глоссария.
_GLOSSARY_LINK = re.compile(r"\[([^\]]+)\]\(\.\./glossary\.html#([^)\s]+)\)")
# Ссылка определения на другой термин — в сноске просто текст.
_TERM_REF = re.compile(r"\[([^\]]+)\]\(#[^)\s]+\)")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _footnoted(source: str, define: Callable[[str], tuple[str, str]], explained: set[str]) -> str:
    numbers: dict[str, str] = {}  # ключ → номер сноски в этой ячейке

    def mark(match: re.Match[str]) -> str:
        text, key = match.groups()
        if key in explained and key not in numbers:
            return text
        explained.add(key)
        return text + numbers.setdefault(key, str(len(numbers) + 1).translate(_SUPERSCRIPT))

    source = _GLOSSARY_LINK.sub(mark, source)
    notes = []
    for key, number in numbers.items():
        term, definition = define(key)
        definition = _TERM_REF.sub(r"\1", definition)
        notes.append(f"> {number} **{term}.** {definition}")
    return source.rstrip() + "\n\n" + "\n>\n".join(notes) if notes else source


def footnotes_in(define: Callable[[str], tuple[str, str]]) -> Edit:
    """Правка: ссылка ``[текст](../glossary.html#ключ)`` — «текст¹», а в конце того же
    текста — сноска «¹ **Термин.** Определение».

    ``define(ключ)`` даёт термин и определение. Сноски в каждом тексте нумеруются с
    единицы; термин, объяснённый в прежнем тексте той же правкой, дальше — просто текст.
    """
    explained: set[str] = set()
    return lambda text: _footnoted(text, define, explained)


# Ссылка на блокнот другого урока: ``[текст](../lesson02/plot_01_x.ipynb#раздел)``.
_OTHER_LESSON = re.compile(r"\[([^\]]+)\]\(\.\./([^/)\s]+)/([^/)\s]+)\.ipynb(?:#[^)\s]*)?\)")


def other_lessons_in(describe: Callable[[str, str], str]) -> Edit:
    """Правка: ссылка на блокнот другого урока — текст и в скобках ``describe(урок, имя)``,
    какой блокнот открыть: в архиве урока его соседа нет, ссылка бы никуда не вела."""
    return lambda text: _OTHER_LESSON.sub(
        lambda m: f"{m.group(1)} ({describe(m.group(2), m.group(3))})", text
    )


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
