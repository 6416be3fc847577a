"""Хук MkDocs: рисунки блокнотов открываются на весь экран без второй копии картинки.

Плагин mkdocs-glightbox оборачивает каждый ``<img>`` в ссылку ``<a class="glightbox"
href="…">`` с тем же адресом. Картинки блокнотов встроены в страницу как ``data:``-адреса,
и такая ссылка повторила бы всю картинку ещё раз (страница «Что видят слои» тяжелела на
полмегабайта). Поэтому ``data:``-адрес из ссылки убирается, а ``javascripts/lightbox.js``
возвращает его из картинки в браузере перед запуском GLightbox. Хук стоит в mkdocs.yml
после плагинов, значит видит уже обёрнутые картинки.
"""

from __future__ import annotations

import re

_DATA_HREF = re.compile(r'(<a class="glightbox"[^>]*?) href="data:[^"]*"')


def strip_data_hrefs(html: str) -> str:
    """Убирает ``href="data:…"`` у ссылок GLightbox; прочие ссылки не трогает."""
    return _DATA_HREF.sub(r"\1", html)


def on_page_content(html: str, **_: object) -> str:
    return strip_data_hrefs(html)
