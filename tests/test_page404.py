"""Страница 404 открывается со стилями с диска, из подкаталога и на любой глубине адреса."""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest


def test_404_has_no_root_absolute_urls(site_dir):
    html = (site_dir / "404.html").read_text(encoding="utf-8")
    absolute = re.findall(r'(?:href|src)="/(?!/)[^"]*"', html)
    assert not absolute, f"404.html: адреса от корня домена {absolute[:3]}"


@pytest.mark.browser
def test_404_is_styled_from_file(site_dir, browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: errors.append(r.url))
    page.goto((site_dir / "404.html").resolve().as_uri(), wait_until="load")
    sheets = page.evaluate("[...document.styleSheets].filter(s => s.href).length")
    page.close()
    assert not errors, f"404.html с диска: {errors[:3]}"
    assert sheets >= 2, "404.html с диска без таблиц стилей темы"


def test_404_is_in_russian(site_dir):
    html = (site_dir / "404.html").read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "Not found" not in html
    assert "такой страницы нет" in heading, heading
    assert 'href="index.html"' in html[html.find("<article") :], "нет ссылки на главную"


@contextmanager
def _pages_server(site: Path, prefix: str) -> Iterator[str]:
    """Сервер как GitHub Pages: сайт лежит под ``prefix``, на любой отсутствующий адрес —
    404.html сайта с кодом 404."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def translate_path(self, path: str) -> str:
            path = unquote(urlsplit(path).path)
            if not path.startswith(prefix):
                return str(site / "нет")
            return str(site / path[len(prefix) :])

        def send_error(self, code, message=None, explain=None) -> None:
            if code != 404:
                return super().send_error(code, message, explain)
            body = (site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["/", "/kurs/"])
@pytest.mark.parametrize(
    "missing", ["nope.html", "lesson01/nope.html", "lesson01/a/b/nope.html", "teacher/x/"]
)
def test_404_is_styled_at_any_depth(site_dir, browser, prefix, missing):
    """Отсутствующая страница на любой глубине: все таблицы стилей темы загружены, скрипт
    темы работает, ссылка «главная» ведёт на настоящую главную, поиск считает от корня.

    (Запросы, которые Chromium делает заранее, ещё до ``<base>``, могут уйти мимо — их
    ответы странице не нужны, поэтому проверяется то, чем страница пользуется.)"""
    with _pages_server(site_dir, prefix) as origin:
        page = browser.new_page(viewport={"width": 375, "height": 700})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{origin}{prefix}{missing}", wait_until="load")
        links = page.evaluate(
            "[...document.querySelectorAll('link[rel=stylesheet]')].map(l => [l.href, !!l.sheet])"
        )
        themed = page.evaluate("typeof document$ !== 'undefined'")
        header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
        home = page.locator("article a", has_text="главной").get_attribute("href")
        home_url = page.evaluate("h => new URL(h, document.baseURI).href", home)
        base = page.evaluate("JSON.parse(document.getElementById('__config').textContent).base")
        page.close()
    assert not errors, errors
    assert len(links) >= 2 and all(loaded for _, loaded in links), links
    assert all(href.startswith(f"{origin}{prefix}") for href, _ in links), links
    assert themed and header == "sticky", f"{missing}: тема не загрузилась"
    assert home_url == f"{origin}{prefix}index.html"
    assert base == f"{origin}{prefix}"
