"""Бюджет веса страниц: что грузит каждая страница собранного сайта с пустым кэшем.

Размеры файлов детерминированы, поэтому это тест, а не замер: из HTML страницы берутся
таблицы стилей, скрипты, шрифты из подключённых таблиц стилей и картинки без
``loading="lazy"`` — то, что браузер скачает сразу. Индекс поиска тема грузит на каждой
странице. Тест падает с именем страницы и группой, которая выросла. Время загрузки и
Lighthouse — в ``nox -s bench`` (benchmarks/bench_pages.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

KB = 1000
MB = 1000 * KB


@dataclass(frozen=True)
class Budget:
    """Байты по группам; сверху — запас к тому, что есть сейчас.

    JS и CSS: тема (≈ 115 КБ скрипта) плюс просмотр рисунков на весь экран GLightbox
    (56 КБ скрипта) и тренажёры; запас около 7 %, чтобы новый тяжёлый скрипт не прошёл молча.
    """

    html: int = 160 * KB
    css: int = 230 * KB
    js: int = 260 * KB
    fonts: int = 90 * KB
    images: int = 250 * KB
    search: int = 330 * KB


BUDGET = Budget()
# Слайды урока открывает педагог на своём компьютере перед уроком: reveal.js грузит рисунки
# всех слайдов сразу (полноразмерные, для проектора). Их бюджет отдельный; ленивая загрузка
# слайдов (data-src у reveal.js) позволит его снизить.
BUDGETS = {"teacher/deck/index.html": Budget(images=5 * MB)}
# Прежние ошибки, которые бюджет должен ловить и по отдельности: стили блокнота в каждой
# странице (595 КБ), картинки base64 внутри HTML.
MAX_INLINE_STYLE = 0
MAX_DATA_URI = 2 * KB


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []
        self.images: list[str] = []
        self.data_uris: list[int] = []
        self.body_styles = 0
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self._in_body = True
        if tag == "style" and self._in_body:
            self.body_styles += 1
        if tag == "link" and a.get("rel") == "stylesheet":
            self.css.append(a["href"])
        if tag == "script" and a.get("src"):
            self.js.append(a["src"])
        if tag == "img":
            src = a.get("src") or ""
            if src.startswith("data:"):
                self.data_uris.append(len(src))
            elif a.get("loading") != "lazy":
                self.images.append(src)


def _local(site: Path, page: Path, url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    base = page.relative_to(site).as_posix()
    target = site / urljoin(base, parts.path)
    return target if target.is_file() else None


def _fonts(site: Path, css: Path) -> list[Path]:
    found = []
    for url in re.findall(r"url\(\s*['\"]?([^'\")]+\.woff2?)['\"]?\s*\)", css.read_text("utf-8")):
        font = _local(site, css, url)
        if font is not None:
            found.append(font)
    return found


def page_weight(site: Path, page: Path) -> tuple[dict[str, int], _Resources]:
    parser = _Resources()
    parser.feed(page.read_text(encoding="utf-8"))
    weight = {"html": page.stat().st_size}
    groups = {"css": parser.css, "js": parser.js, "images": parser.images}
    files: dict[str, set[Path]] = {name: set() for name in groups}
    files["fonts"] = set()
    for group, urls in groups.items():
        for url in urls:
            path = _local(site, page, url)
            if path is not None:
                files[group].add(path)
    for css in files["css"]:
        files["fonts"].update(_fonts(site, css))
    for group, paths in files.items():
        weight[group] = sum(p.stat().st_size for p in paths)
    weight["search"] = (site / "search" / "search_index.json").stat().st_size
    return weight, parser


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_every_page_within_budget(site_dir):
    over = []
    for page in _pages(site_dir):
        weight, _ = page_weight(site_dir, page)
        budget = BUDGETS.get(page.relative_to(site_dir).as_posix(), BUDGET)
        for field in fields(Budget):
            limit = getattr(budget, field.name)
            if weight[field.name] > limit:
                over.append(
                    f"{page.relative_to(site_dir)}: {field.name} {weight[field.name] / KB:.0f} КБ"
                    f" > {limit / KB:.0f} КБ"
                )
    assert not over, "Страницы тяжелее бюджета:\n" + "\n".join(over)


def test_no_inline_styles_or_base64_images(site_dir):
    problems = []
    for page in _pages(site_dir):
        _, parser = page_weight(site_dir, page)
        name = page.relative_to(site_dir)
        if parser.body_styles > MAX_INLINE_STYLE:
            problems.append(f"{name}: {parser.body_styles} <style> внутри <body>")
        big = [n for n in parser.data_uris if n > MAX_DATA_URI]
        if big:
            problems.append(f"{name}: {len(big)} картинок base64 в HTML, до {max(big) / KB:.0f} КБ")
    assert not problems, "\n".join(problems)


def test_math_font_only_on_pages_with_math(site_dir):
    for page in _pages(site_dir):
        html = page.read_text(encoding="utf-8")
        has_math = "<math" in html
        has_css = "stylesheets/math.css" in html
        assert has_math == has_css, (
            f"{page.relative_to(site_dir)}: формулы {'есть' if has_math else 'нет'}, "
            f"а стили формул {'подключены' if has_css else 'не подключены'}"
        )
