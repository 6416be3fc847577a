"""Хук MkDocs: страница 404 работает с диска (file://), из подкаталога и на любой глубине.

MkDocs строит 404.html от корня домена (``/assets/…``): открытая с диска или выложенная в
подкаталог (``example.org/урок/``), она остаётся без стилей и скриптов. Здесь адреса
становятся относительными к самой 404.html, которая лежит в корне сайта.

Сервер (GitHub Pages, nginx) отдаёт ту же 404.html и на отсутствующий адрес поглубже —
``/lesson01/нет.html``; относительные адреса тогда считались бы от ``lesson01/``. Поэтому
в ``<head>`` сразу после кодировки встраивается ``page404_base.js``: по адресу он находит корень
сайта (путь из ``site_url``, если он задан, иначе — часть адреса до первой папки сайта) и
ставит ``<base>``; ``page404_config.js`` после ``#__config`` переводит адреса темы от него.
Текст страницы (по-русски, со ссылкой на главную) — в ``overrides/404.html``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

# href="/…", src="/…", а также адреса в настройках темы: "base": "/", new URL("/", …).
_ROOT_ABSOLUTE = re.compile(r'((?:href|src)="|"(?:base|search)": "|new URL\(")/(?!/)')
PAGE = "404.html"
_HERE = Path(__file__).parent
_CONFIG_END = re.compile(r'(<script id="__config" type="application/json">.*?</script>)', re.S)


def relative_to_root(html: str) -> str:
    """Адреса от корня домена → от корня сайта; ``"/"`` само по себе → ``"."``."""
    return re.sub(r'(": "|URL\(")(?=")', r"\1.", _ROOT_ABSOLUTE.sub(r"\1", html))


def with_base_finder(html: str, folders: list[str], root: str | None) -> str:
    """404.html, которая сама находит корень сайта (папки сайта ``folders``, путь ``root``
    из ``site_url``) и считает от него все адреса."""
    site = json.dumps({"folders": folders, "root": root}, ensure_ascii=False)
    base = (_HERE / "page404_base.js").read_text(encoding="utf-8").replace("/* SITE */", site)
    config = (_HERE / "page404_config.js").read_text(encoding="utf-8")
    charset = '<meta charset="utf-8">'  # кодировка — первой, скрипт — до всех адресов
    html = html.replace(charset, f"{charset}\n<script>\n{base}</script>", 1)
    return _CONFIG_END.sub(lambda m: f"{m.group(1)}\n<script>\n{config}</script>", html, 1)


def on_post_template(output: str, template_name: str, config) -> str:
    return relative_to_root(output) if template_name == PAGE else output


def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    page = site / PAGE
    if not page.exists():
        return
    folders = sorted(p.name for p in site.iterdir() if p.is_dir())
    root = urlsplit(config.get("site_url") or "").path or None
    html = with_base_finder(page.read_text(encoding="utf-8"), folders, root)
    page.write_text(html, encoding="utf-8")
