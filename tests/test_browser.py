"""Каждая страница собранного сайта в настоящем Chromium (Playwright, без загрузки браузера).

Падает на запросе к чужому хосту, ошибке в консоли, незагрузившейся картинке, картинке без
русской подписи, ссылке или якоре в никуда и на формуле, оставшейся текстом TeX.
Скриншоты всех страниц (1280 и 375 px) — в artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
WIDTHS = {"desktop": 1280, "phone": 375}

# Собирает всё, что нужно проверить, за один проход по странице.
_INSPECT = """async () => {
  // Рисунки ниже первого экрана грузятся лениво: для проверки — все сразу.
  document.querySelectorAll('img[loading="lazy"]').forEach((img) => { img.loading = 'eager'; });
  // Слайды reveal.js ставят src по data-src, когда слайд рядом: для проверки — все сразу.
  document.querySelectorAll('img[data-src]:not([src])').forEach((img) => {
    img.src = img.dataset.src; });
  await Promise.all([...document.images].map((img) => img.complete ? null : new Promise((r) => {
    img.addEventListener('load', r); img.addEventListener('error', r); })));
  const imgs = [...document.images].map(i => ({
    src: i.currentSrc || i.src, alt: i.getAttribute('alt'),
    ok: i.complete && i.naturalWidth > 0,
  }));
  const links = [...document.querySelectorAll('a[href]')].map(a => a.href);
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  const raw = [...document.querySelectorAll('.arithmatex, .jp-MarkdownOutput')]
    .map(e => e.innerText).filter(t => /\\$[^$\\s]|\\\\\\(/.test(t));
  const math = document.querySelectorAll('math').length;
  return {imgs, links, ids, raw, math};
}"""


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_every_page_in_chromium(site_dir, site_server, browser, artifacts_dir):
    shots = artifacts_dir / "screenshots"
    shots.mkdir(exist_ok=True)
    pages = _pages(site_dir)
    problems: list[str] = []
    ids_by_page: dict[str, set[str]] = {}
    links_by_page: dict[str, list[str]] = {}

    for label, width in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 900})
        for name in pages:
            page = context.new_page()
            foreign: list[str] = []
            errors: list[str] = []
            failed: list[str] = []

            def route(r, foreign=foreign):
                host = urlsplit(r.request.url).hostname
                if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
                    r.continue_()
                else:
                    foreign.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
            # ERR_ABORTED — запрос, отменённый самим браузером (ленивый рисунок стал «eager»,
            # страницу закрыли): не поломка; рисунок, который так и не показался, ловит `ok` ниже.
            page.on(
                "requestfailed",
                lambda req, f=failed: (
                    f.append(req.url) if "ERR_ABORTED" not in (req.failure or "") else None
                ),
            )
            page.on(
                "response",
                lambda resp, f=failed: (
                    f.append(f"{resp.status} {resp.url}") if resp.status >= 400 else None
                ),
            )
            page.goto(f"{site_server}/{name}", wait_until="load")
            found = page.evaluate(_INSPECT)
            page.screenshot(
                path=str(shots / f"{name.replace('/', '__')}-{label}.png"), full_page=True
            )
            page.close()

            where = f"{name} ({label})"
            problems += [f"{where}: запрос к чужому хосту {u}" for u in foreign]
            problems += [f"{where}: ошибка в консоли: {e}" for e in errors]
            problems += [f"{where}: не загрузилось {u}" for u in failed if u not in foreign]
            for img in found["imgs"]:
                if not img["ok"]:
                    problems.append(f"{where}: картинка не показалась {img['src'][:80]}")
                if not img["alt"] or not CYRILLIC.search(img["alt"]):
                    problems.append(f"{where}: нет русской подписи у {img['src'][:80]}")
            problems += [f"{where}: формула не отрисована: {t[:60]!r}" for t in found["raw"]]
            ids_by_page[name] = set(found["ids"])
            links_by_page[name] = found["links"]
        context.close()

    for name, links in links_by_page.items():
        for href in links:
            parts = urlsplit(href)
            if parts.hostname != "127.0.0.1":
                continue
            target = unquote(parts.path).lstrip("/") or "index.html"
            if target.endswith("/"):
                target += "index.html"
            if not (site_dir / target).exists():
                problems.append(f"{name}: ссылка на несуществующий {target}")
            elif parts.fragment and target.endswith(".html"):
                if unquote(parts.fragment) not in ids_by_page.get(target, set()):
                    problems.append(f"{name}: якорь #{unquote(parts.fragment)} нет на {target}")

    assert not problems, "\n".join(sorted(set(problems)))


def test_math_is_typeset(site_dir, site_server, browser):
    """Формулы и в Markdown, и в ячейках блокнота превращаются в MathML."""
    with_math = [
        path.relative_to(site_dir).as_posix()
        for path in sorted(site_dir.glob("lesson*/plot_*.html"))
        if "$" in _markdown_text(path.with_suffix(".ipynb"))
    ]
    assert with_math, "ни в одном блокноте нет формул"
    page = browser.new_page()
    for name in ["index.html", with_math[0]]:
        page.goto(f"{site_server}/{name}", wait_until="load")
        found = page.evaluate(_INSPECT)
        assert found["math"] > 0, f"{name}: нет ни одной формулы MathML"
    page.close()


def _markdown_text(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
