"""Хук MkDocs: страница 404 работает с диска (file://) и когда сайт лежит не в корне домена.

MkDocs строит 404.html от корня домена (``/assets/…``): открытая с диска или выложенная в
подкаталог (``example.org/урок/``), она остаётся без стилей и скриптов. Здесь адреса
становятся относительными к самой 404.html, которая лежит в корне сайта. Текст страницы
(по-русски, со ссылкой на главную) — в ``overrides/404.html``.
"""

from __future__ import annotations

import re

# href="/…", src="/…", а также адреса в настройках темы: "base": "/", new URL("/", …).
_ROOT_ABSOLUTE = re.compile(r'((?:href|src)="|"(?:base|search)": "|new URL\(")/(?!/)')


def relative_to_root(html: str) -> str:
    """Адреса от корня домена → от корня сайта; ``"/"`` само по себе → ``"."``."""
    return re.sub(r'(": "|URL\(")(?=")', r"\1.", _ROOT_ABSOLUTE.sub(r"\1", html))


def on_post_template(output: str, template_name: str, config) -> str:
    return relative_to_root(output) if template_name == "404.html" else output
