"""Страница 404 открывается с диска и из подкаталога со стилями: адреса в ней относительные."""

from __future__ import annotations

import re

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
