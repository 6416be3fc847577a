"""Хук MkDocs: доступность разметки, которую делают тема и mkdocs-jupyter.

- Кнопка копирования кода в блокнотах. Шаблон mkdocs-jupyter пишет
  ``<clipboard-copy for="cell-1", aria-label="Copy to Clipboard">``: лишняя запятая
  становится атрибутом «,», подпись английская, а без роли подпись у неё недопустима.
  Кнопка получает роль, место в порядке Tab и ту же русскую подпись, что у кнопок
  копирования самой темы (``clipboard.copy`` в русском переводе Material).
- Текстовые ячейки и каждый вывод блокнота nbconvert делает остановками клавиши Tab
  (``tabindex="0"``), хотя в них нечего делать: до ссылок урока пришлось бы добираться
  через каждый абзац и рисунок. Выводы, которые не помещаются по ширине и прокручиваются,
  получают остановку в браузере (docs/javascripts/a11y.js) — только пока они шире экрана.
- Окно поиска темы (``role="dialog"``) получает имя.
- Вложенные списки оглавления страницы тема называет заголовком раздела
  (``<nav aria-label="Урок 1. …">``) — так же, как раздел меню сайта: два ориентира с одним
  именем читалка экрана не различит. Список оглавления называется «Раздел «…»».

Проверяют tests/test_a11y.py (axe-core) и tests/test_markup.py (Nu Html Checker).
"""

from __future__ import annotations

import logging
import re

from sitebuild.templates import environment

log = logging.getLogger("mkdocs.plugins.sitebuild.pages.a11y")

COPY_LABEL = "Копировать в буфер"
COPIED_NOTICE = "Скопировано в буфер"
SEARCH_LABEL = "Поиск по сайту"

_TEMPLATES = environment("fragment")
_COPY_BUTTON = _TEMPLATES.from_string(
    '<clipboard-copy for="{{ target }}" role="button" tabindex="0" '
    'aria-label="{{ label }}" title="{{ label }}">'
)
_NOTICE = _TEMPLATES.from_string('<span class="notice" hidden="">{{ text }}</span>')
_NAMED_DIALOG = _TEMPLATES.from_string(
    '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ label }}">'
)

_CLIPBOARD = re.compile(r'<clipboard-copy\b[^>]*?\bfor="([^"]+)"[^>]*>')
_COPIED = '<span class="notice" hidden="">Copied!</span>'
_FOCUSABLE_CELL_PART = re.compile(
    r'(<div class="(?:jp-Cell-inputWrapper|[^"]*\bjp-OutputArea-output\b[^"]*)"[^>]*?) tabindex="0"'
)
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_TOC_SECTION = re.compile(r'<nav class="md-nav" aria-label="([^"]+)">')


def fix_notebook_markup(html: str) -> str:
    """Разметка блокнота после mkdocs-jupyter → допустимая, с русскими подписями."""
    html = _CLIPBOARD.sub(lambda m: _COPY_BUTTON.render(target=m.group(1), label=COPY_LABEL), html)
    html = _FOCUSABLE_CELL_PART.sub(r"\1", html)
    return html.replace(_COPIED, _NOTICE.render(text=COPIED_NOTICE))


def name_search_dialog(html: str) -> str | None:
    """Окну поиска — имя (иначе читалка экрана объявит безымянный диалог); None — окна нет."""
    if _SEARCH_DIALOG not in html:
        return None
    return html.replace(_SEARCH_DIALOG, _NAMED_DIALOG.render(label=SEARCH_LABEL), 1)


def on_page_content(html: str, page, config, files) -> str:
    if page.file.src_uri.endswith(".ipynb"):
        return fix_notebook_markup(html)
    return html


def _named(output: str, where: str) -> str:
    named = name_search_dialog(output)
    if named is None:
        # Предупреждение валит сборку --strict: тема поменяла разметку поиска.
        log.warning("a11y: на странице %s нет окна поиска темы", where)
        return output
    return named


def name_toc_sections(html: str) -> str:
    """Вложенным спискам оглавления — имена, которых нет у разделов меню сайта."""
    # Имя уже экранировано темой: подставляется как есть.
    return _TOC_SECTION.sub(r'<nav class="md-nav" aria-label="Раздел «\1»">', html)


def on_post_page(output: str, page, config) -> str:
    return name_toc_sections(_named(output, page.file.src_uri))


def on_post_template(output_content: str, template_name: str, config) -> str:
    """Страница 404 собирается из шаблона темы мимо on_post_page."""
    if template_name == "404.html":
        return _named(output_content, template_name)
    return output_content
