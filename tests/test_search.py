"""Поиск сайта находит то, что набирают ученики: без «ё», в другой форме слова, имена.

В Chromium набирается запрос в поле поиска Material; после кириллицы нажимается End:
Playwright печатает её без keyup, а поиск темы слушает именно его. Ожидается, что в
выдаче есть страница, где слово действительно встречается (в любой форме), и что ни один
фрагмент выдачи не показывает TeX вроде ``\\(m = i - f + 1\\)``.
"""

from __future__ import annotations

import json
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _results(page, query: str) -> list[str]:
    search = page.locator("input.md-search__input")
    items = page.locator(".md-search-result__item")
    # Сначала пустой запрос: выдача прошлого запроса исчезает, и ниже читается только
    # выдача этого (иначе под нагрузкой читались старые результаты).
    search.fill("")
    search.press("End")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    search.type(query)
    search.press("End")
    items.first.wait_for(timeout=10_000)
    return items.all_inner_texts()


@pytest.fixture(scope="module")
def search_page(browser, site_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_server}/index.html", wait_until="load")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    yield page
    page.close()


@pytest.mark.parametrize(
    ("query", "stem"),
    [
        ("свертка", "свёрт"),  # «е» вместо «ё»
        ("свертки", "свёрт"),  # другая форма и без «ё»
        ("свёртка", "свёрт"),
        ("собель", "собел"),  # имя в начальной форме, на сайте — «фильтр Собеля»
        # Латиница: термины, которые ученик видел по-английски.
        ("ReLU", "relu"),
        ("CNN", "cnn"),
        ("MNIST", "mnist"),
        ("flatten", "flatten"),
        ("pooling", "pooling"),
        ("padding", "padding"),
        ("stride", "stride"),
        ("Sobel", "sobel"),
    ],
)
def test_query_finds_pages(search_page, query, stem):
    texts = _results(search_page, query)
    assert any(stem in t.lower() for t in texts), f"«{query}»: в выдаче нет «{stem}…»: {texts[:3]}"


def test_snippets_show_formulas_as_text(search_page):
    texts = _results(search_page, "размер карты")
    raw = [t for t in texts if re.search(r"\\\(|\\\[|\\frac|\$", t)]
    assert not raw, f"В выдаче поиска сырой TeX: {raw[:2]}"


def test_index_is_utf8_and_folds_yo(site_dir):
    """Индекс без ``\\uXXXX``; русский модуль lunr сворачивает «ё» в «е»."""
    index = (site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "\\u04" not in index
    texts = " ".join(doc["text"] for doc in json.loads(index)["docs"])
    assert "свёрт" in texts  # в тексте выдачи «ё» остаётся
    lunr_ru = (site_dir / "assets/javascripts/lunr/min/lunr.ru.min.js").read_text("utf-8")
    assert 'replace(/ё/g, "е")' in lunr_ru


def _search_requests(urls: list[str]) -> list[str]:
    return [u for u in urls if "/search/search_index." in u or "/workers/search." in u]


def test_index_loads_only_when_search_is_used(browser, site_server):
    """Индекс (≈ 280 КБ) и воркер поиска не грузятся с каждой страницей — только когда
    ученик открыл поиск (javascripts/search-lazy.js); найденное при этом то же."""
    page = browser.new_page(viewport={"width": 412, "height": 823})
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(f"{site_server}/lesson01/plot_01_convolution.html", wait_until="networkidle")
    assert not _search_requests(urls), f"Поиск загрузился без обращения к нему: {urls}"
    page.locator("label.md-header__button[for='__search']").click()
    texts = _results(page, "свертка")
    page.close()
    assert any("свёрт" in t.lower() for t in texts)
    assert any("search_index.json" in u for u in _search_requests(urls))


def test_results_page_highlight_loads_index_at_once(browser, site_server):
    """Со страницы выдачи (адрес с ``?h=``) индекс нужен теме сразу — для подсветки слов."""
    page = browser.new_page()
    with page.expect_request("**/search/search_index.json"):
        page.goto(f"{site_server}/lesson01/plot_01_convolution.html?h=свёртка")
    page.close()


def test_search_works_from_disk(browser, site_dir):
    """Открытый с диска сайт (file://) ищет так же: индекс — из search_index.js."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((site_dir / "index.html").resolve().as_uri(), wait_until="load")
    page.locator(".md-search__input").click()
    texts = _results(page, "собель")
    page.close()
    assert not errors, errors
    assert any("собел" in t.lower() for t in texts)
