"""Хук MkDocs: стили и скрипты страниц-блокнотов — в общих файлах, а не в каждой странице.

mkdocs-jupyter вставляет в каждую страницу-блокнот ≈ 595 КБ ``<style>`` (вся таблица стилей
JupyterLab, плюс тот же Pygments ещё раз в виде строки со списком Python) и скрипт кнопки
«копировать». Здесь они вынимаются из страницы; в ``site/stylesheets/notebook.css`` пишутся
только правила, применимые к классам ячеек сайта (:mod:`sitebuild.pages.cssprune`), а за ними —
поправки сайта из ``docs/stylesheets/notebook.css``. Оба файла кэшируются браузером и
подключаются только на страницах-блокнотах.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.utils import get_relative_url

from sitebuild.pages.cssprune import classes_in, prune

CSS = "stylesheets/notebook.css"
JS = "javascripts/notebook.js"
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.DOTALL)
_SCRIPT = re.compile(r"<script>(.*?)</script>\s*", re.DOTALL)
# Не текст страницы для поиска: код ячеек (в выдаче он заслонял объяснения и утяжелял
# индекс, который грузит каждая страница), его скрытая копия для кнопки «копировать».
_NOT_SEARCHED = re.compile(
    r'(<div class="jp-CodeMirrorEditor[^"]*"|<div class="clipboard-copy-txt"'
    r'|<span class="notice" hidden="")'
)


@dataclass
class _Collected:
    """Что вынуто из страниц за одну сборку (``mkdocs serve`` пересобирает заново)."""

    styles: dict[str, None] = field(default_factory=dict)
    scripts: dict[str, None] = field(default_factory=dict)
    classes: set[str] = field(default_factory=set)


_state = _Collected()


def extract(html: str) -> tuple[str, list[str], list[str]]:
    """Разметка без ``<style>`` и встроенных ``<script>``; их тексты — по порядку."""
    styles = [s for s in _STYLE.findall(html) if not s.lstrip().startswith("[")]
    scripts = _SCRIPT.findall(html)
    return _SCRIPT.sub("", _STYLE.sub("", html)), styles, scripts


def _is_notebook(page) -> bool:
    return page.file.src_uri.endswith(".ipynb")


def on_config(config):
    global _state
    _state = _Collected()
    return config


def on_page_content(html: str, page, config, files) -> str:
    if not _is_notebook(page):
        return html
    html, styles, scripts = extract(html)
    html = _NOT_SEARCHED.sub(r"\1 data-search-exclude", html)
    _state.styles.update(dict.fromkeys(styles))
    _state.scripts.update(dict.fromkeys(scripts))
    _state.classes |= classes_in(html)
    return html


def on_post_page(output: str, page, config) -> str:
    if not _is_notebook(page):
        return output
    css = get_relative_url(CSS, page.url)
    js = get_relative_url(JS, page.url)
    tags = f'<link rel="stylesheet" href="{css}">\n<script src="{js}" defer></script>\n'
    return output.replace("</head>", tags + "</head>", 1)


def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    overrides = (Path(config["docs_dir"]) / CSS).read_text(encoding="utf-8")
    (site / CSS).write_text(prune(_state.styles, _state.classes) + overrides, encoding="utf-8")
    (site / JS).write_text("\n".join(_state.scripts), encoding="utf-8")
