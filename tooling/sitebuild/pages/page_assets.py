"""Хук MkDocs: скрипты и стили — только на страницах, где они что-то делают.

Тема подключает всё из ``extra_javascript`` и ``extra_css`` к каждой странице, а плагин
mkdocs-glightbox — свои ≈ 70 КБ скрипта и стилей тоже к каждой, даже без рисунков. Здесь
после них (плагин сборки стоит в mkdocs.yml последним):

- тренажёры (``widgets.js``, ``widgets.css``) остаются только
  на страницах с ``data-widget``, остановка анимаций (``motion.js``) — только с
  ``data-stills`` (:data:`WHERE_USED`);
- скрипты в конце страницы (прокладки, тема, ``extra_javascript``) получают ``defer``:
  браузер показывает страницу, не дожидаясь их, а выполняет в том же порядке, когда
  разметка прочитана (:func:`deferred`);
- GLightbox не грузится вместе со страницей: его скрипт и стили из ``<head>`` убираются, а
  ``javascripts/lightbox.js`` загружает их при первом нажатии на рисунок. Настройки плагина
  (``GLightbox({...})`` из mkdocs.yml) и адреса файлов переезжают в
  ``<script type="application/json" id="glightbox-options">``.
"""

from __future__ import annotations

import re

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from sitebuild.templates import render

# Файл сайта → разметка, без которой он странице не нужен.
WHERE_USED = {
    "javascripts/widgets.js": "data-widget=",
    "javascripts/widgets-pooling.js": 'data-widget="p',  # padding-stride, pooling-stepper
    "stylesheets/widgets.css": "data-widget=",
    "stylesheets/widgets-pooling.css": 'data-widget="p',
    "javascripts/digit-trainer.js": 'data-widget="draw-digit"',
    "stylesheets/digit-trainer.css": 'data-widget="draw-digit"',
    "javascripts/motion.js": "data-stills=",
    "javascripts/lightbox.js": 'class="glightbox"',
}
GLIGHTBOX_JS = "assets/javascripts/glightbox.min.js"
GLIGHTBOX_CSS = "assets/stylesheets/glightbox.min.css"
_INIT = re.compile(
    r'<script id="init-glightbox">const lightbox = GLightbox\((\{.*?\})\);.*?</script>', re.S
)


_CONFIG = '<script id="__config"'
_PLAIN_SCRIPT = re.compile(r'<script src="([^"]+)"></script>')


def deferred(output: str) -> str:
    """``defer`` у скриптов темы после ``#__config`` (их порядок сохраняется)."""
    start = output.find(_CONFIG)
    if start < 0:
        return output
    tail = _PLAIN_SCRIPT.sub(r'<script src="\1" defer></script>', output[start:])
    return output[:start] + tail


def _tags(asset: str, page_url: str) -> list[str]:
    url = get_relative_url(asset, page_url)
    return [
        f'<script src="{url}"></script>',
        f'<link rel="stylesheet" href="{url}">',
        f'<link href="{url}" rel="stylesheet">',
    ]


def _drop(output: str, asset: str, page_url: str) -> str:
    for tag in _tags(asset, page_url):
        output = output.replace(tag, "")
    return output


def lazy_lightbox(output: str, page_url: str) -> str:
    """Скрипт и стили GLightbox — из ``<head>`` прочь; его запуск — в настройки для
    ``lightbox.js``, который загрузит их при первом нажатии на рисунок."""
    for asset in (GLIGHTBOX_JS, GLIGHTBOX_CSS):
        output = _drop(output, asset, page_url)
    init = _INIT.search(output)
    if init is None:
        return output
    options = render(
        "glightbox_options.html",
        options=Markup(init.group(1)),
        js=get_relative_url(GLIGHTBOX_JS, page_url),
        css=get_relative_url(GLIGHTBOX_CSS, page_url),
    )
    used = 'class="glightbox"' in output
    return output[: init.start()] + (options if used else "") + output[init.end() :]


def on_post_page(output: str, page, config) -> str:
    output = lazy_lightbox(output, page.url)
    body = output[output.find("<body") :]
    for asset, marker in WHERE_USED.items():
        if marker not in body:
            output = _drop(output, asset, page.url)
    return deferred(output)
