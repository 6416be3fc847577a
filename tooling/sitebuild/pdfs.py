"""Печать PDF из собранного сайта: технологическая карта, весь урок, задания и ответы.

Запуск (после ``mkdocs build``)::

    python -m sitebuild.pdfs --site site --out docs/pdf [--if-available]

Сайт раздаётся локальным HTTP-сервером на 127.0.0.1, страницы печатает Chromium из
Debian (``/usr/bin/chromium``) через Playwright — тот же браузер, что у тестов. Перед
печатью скрипт ждёт, пока загрузятся шрифты и картинки (формулы — MathML уже при сборке).
Оформление листа задаёт ``docs/stylesheets/print.css``.

Получается:

- ``plan.pdf`` — технологическая карта (``teacher/plan.html``);
- ``lesson.pdf`` — все страницы урока по порядку меню, каждая с нового листа: страницы
  собираются в одну, чтобы у листов была сквозная нумерация;
- ``exercises.pdf`` — задания без ответов, ``exercises-answers.pdf`` — с ответами;
- ``slides.pdf`` — слайды урока (16:9), ``worksheet.pdf`` и ``worksheet-answers.pdf`` —
  рабочий лист и он же с ответами (их создаёт ``sitebuild.teacher``).

После печати снова запустите ``mkdocs build``: страницы сайта покажут кнопки «Скачать PDF».
Без Chromium скрипт завершается с ошибкой, а с ``--if-available`` — только предупреждает.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import posixpath
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MARGIN = {"top": "15mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}
TIMEOUT_MS = 120_000
LESSON_PAGE = re.compile(r"^lesson\d+/plot_[\w-]+\.html$")


@dataclass(frozen=True)
class Document:
    """PDF: имя файла без ``.pdf``, страницы сайта (пути в site/) и подпись в колонтитуле.

    ``slides`` — презентация reveal.js: лист 16:9 размером со слайд, без полей и колонтитула.
    """

    name: str
    pages: tuple[str, ...]
    title: str
    slides: bool = False


class PdfError(RuntimeError):
    """Понятная причина, по которой PDF не напечатаны."""


class _PrimaryNav(HTMLParser):
    """Ссылки основного меню Material (``nav.md-nav--primary``) по порядку."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "nav":
            if self._depth:
                self._depth += 1
            elif "md-nav--primary" in attr.get("class", "").split():
                self._depth = 1
        elif tag == "a" and self._depth and attr.get("href"):
            self.links.append(attr["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._depth:
            self._depth -= 1


def lesson_pages(site: Path) -> list[str]:
    """Страницы урока (``lesson01/plot_*.html``) в порядке меню собранного сайта."""
    parser = _PrimaryNav()
    parser.feed((site / "index.html").read_text(encoding="utf-8"))
    pages: list[str] = []
    for href in parser.links:
        path = posixpath.normpath(href.split("#")[0].split("?")[0])
        if LESSON_PAGE.match(path) and path not in pages and (site / path).is_file():
            pages.append(path)
    return pages


def documents(site: Path) -> list[Document]:
    """Все PDF, которые печатает скрипт, и страницы, из которых они состоят."""
    docs = [
        Document("plan", ("teacher/plan.html",), "Технологическая карта занятия"),
        Document("lesson", tuple(lesson_pages(site)), "Урок «Свёрточные нейросети»"),
        Document("exercises", ("exercises.html",), "Задания для самопроверки"),
        Document("exercises-answers", ("exercises-answers.html",), "Задания: ответы и решения"),
        Document("slides", ("teacher/deck/index.html?print-pdf",), "Слайды урока", slides=True),
        Document("worksheet", ("teacher/worksheet.html",), "Рабочий лист"),
        Document("worksheet-answers", ("teacher/worksheet-answers.html",), "Рабочий лист: ответы"),
    ]
    for doc in docs:
        if not doc.pages:
            raise PdfError(
                f"{doc.name}.pdf: в меню сайта {site}/index.html нет ни одной страницы урока "
                "lesson*/plot_*.html — соберите галерею и сайт (nox -s build)"
            )
        missing = [p for p in doc.pages if not (site / p.split("?")[0]).is_file()]
        if missing:
            raise PdfError(f"{doc.name}.pdf: в {site} нет страниц {', '.join(missing)}")
    return docs


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # Браузер вправе оборвать загрузку (переход на другую страницу): это не ошибка.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Раздать ``site`` на свободном порту 127.0.0.1; вернуть базовый адрес."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# Страницы урока 2…N вклеиваются в первую после обложки с оглавлением: берётся содержимое
# статьи, адреса картинок пересчитываются от исходной страницы. Скрипты вклеенных страниц
# не выполняются; их таблицы стилей (блокноты, формулы) добавляются в первую страницу.
_MERGE = """async ({urls, title, heading}) => {
  const article = document.querySelector('article.md-content__inner');
  const cover = document.createElement('section');
  cover.className = 'print-cover';
  cover.innerHTML = '<h1></h1><p></p><ol></ol>';
  cover.querySelector('h1').textContent = title;
  cover.querySelector('p').textContent = heading;
  const list = cover.querySelector('ol');
  const first = document.createElement('section');
  first.className = 'print-lesson-page';
  first.append(...article.childNodes);
  const sections = [first];
  for (const url of urls.slice(1)) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    const part = doc.querySelector('article.md-content__inner');
    if (!part) throw new Error(`${url}: нет article.md-content__inner`);
    part.querySelectorAll('script').forEach((s) => s.remove());
    doc.querySelectorAll('link[rel="stylesheet"]').forEach((link) => {
      const href = new URL(link.getAttribute('href'), url).href;
      const have = [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => l.href);
      if (!have.includes(href)) {
        const copy = document.createElement('link');
        copy.rel = 'stylesheet';
        copy.href = href;
        document.head.append(copy);
      }
    });
    part.querySelectorAll('[src]').forEach((el) => {
      el.setAttribute('src', new URL(el.getAttribute('src'), url).href);
    });
    part.querySelectorAll('[data-print-src]').forEach((el) => {
      el.dataset.printSrc = new URL(el.dataset.printSrc, url).href;
    });
    const section = document.createElement('section');
    section.className = 'print-lesson-page';
    section.append(...[...part.childNodes].map((n) => document.importNode(n, true)));
    sections.push(section);
  }
  for (const section of sections) {
    const h1 = section.querySelector('h1');
    const item = document.createElement('li');
    item.textContent = h1 ? h1.textContent.replace(/¶$/, '').trim() : '';
    list.append(item);
  }
  article.append(cover, ...sections);
  // Ссылки внутри сайта на бумаге бесполезны, а адреса 127.0.0.1 печатать нельзя.
  article.querySelectorAll('a[href]').forEach((a) => {
    if (new URL(a.href, location.href).origin === location.origin) a.removeAttribute('href');
  });
}"""

# Всё, что должно догрузиться до печати: формулы, шрифты, картинки.
_SETTLE = """async () => {
  await Promise.all([...document.querySelectorAll('link[rel="stylesheet"]')].map((link) =>
    link.sheet ? null : new Promise((resolve) => { link.addEventListener('load', resolve);
                                                   link.addEventListener('error', resolve); })));
  document.querySelectorAll('img[loading]').forEach((img) => { img.loading = 'eager'; });
  // WebP лёг бы в PDF распакованным: печатается копия JPEG/PNG (sitebuild.notebook_figures).
  document.querySelectorAll('img[data-print-src]').forEach((img) => {
    img.src = new URL(img.dataset.printSrc, location.href).href;
  });
  await Promise.all([...document.images].map((img) => img.complete ? null :
    new Promise((resolve) => { img.addEventListener('load', resolve);
                               img.addEventListener('error', resolve); })));
  await document.fonts.ready;
  const broken = [...document.images].filter((img) => !img.naturalWidth).map((i) => i.src);
  // Формула осталась текстом: $…$ или \\(…\\) вне кода.
  const raw = [...document.querySelectorAll('.arithmatex, .jp-MarkdownOutput')]
    .filter((e) => /\\$[^$\\s]|\\\\\\(/.test(e.innerText)).length;
  return {broken, raw};
}"""


def _footer(title: str) -> str:
    style = "font-family: sans-serif; font-size: 8px; color: #555; width: 100%; padding: 0 14mm;"
    return (
        f'<div style="{style} display: flex; justify-content: space-between;">'
        f"<span>{title}</span>"
        '<span>стр. <span class="pageNumber"></span> из <span class="totalPages"></span></span>'
        "</div>"
    )


def page_count(pdf: bytes) -> int:
    """Число страниц PDF Chromium (объекты ``/Type /Page``)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


def print_document(browser, base: str, doc: Document) -> bytes:
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{base}/{doc.pages[0]}", wait_until="load")
        if len(doc.pages) > 1 or doc.name == "lesson":
            page.evaluate(
                _MERGE,
                {
                    "urls": [f"{base}/{p}" for p in doc.pages],
                    "title": doc.title,
                    "heading": "Раздаточный материал: все страницы урока по порядку.",
                },
            )
        if doc.slides:
            page.wait_for_selector(".reveal .pdf-page", state="attached")
        state = page.evaluate(_SETTLE)
        if state["broken"]:
            raise PdfError(f"{doc.name}.pdf: не загрузились картинки {state['broken'][:3]}")
        if state["raw"]:
            raise PdfError(f"{doc.name}.pdf: не переведены в MathML {state['raw']} формул(ы)")
        if errors:
            raise PdfError(f"{doc.name}.pdf: ошибка JavaScript на странице: {errors[0]}")
        if doc.slides:
            return page.pdf(print_background=True, prefer_css_page_size=True)
        return page.pdf(
            format="A4",
            print_background=True,
            margin=MARGIN,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=_footer(doc.title),
        )
    finally:
        page.close()


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def make_pdfs(site: Path, out: Path) -> list[tuple[Path, int, int]]:
    """Напечатать все PDF в ``out``; вернуть (путь, байты, страницы) для каждого."""
    if not (site / "index.html").is_file():
        raise PdfError(f"нет собранного сайта {site}/index.html — сначала mkdocs build")
    chromium = _chromium()
    if chromium is None:
        raise PdfError("нет Chromium: установите его (sudo apt-get install -y chromium)")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        raise PdfError(f"нет пакета playwright ({err}): pip install playwright") from None
    docs = documents(site)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        with serve(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                for doc in docs:
                    pdf = print_document(browser, base, doc)
                    path = out / f"{doc.name}.pdf"
                    tmp = path.with_suffix(".pdf.tmp")
                    tmp.write_bytes(pdf)
                    os.replace(tmp, path)  # старый PDF заменяется только целым новым
                    written.append((path, len(pdf), page_count(pdf)))
            finally:
                browser.close()
    except PlaywrightError as err:
        raise PdfError(f"Chromium не смог напечатать страницу: {err}") from None
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Печать PDF сайта урока в headless Chromium.")
    parser.add_argument("--site", type=Path, default=Path("site"), help="собранный сайт")
    parser.add_argument("--out", type=Path, default=Path("docs/pdf"), help="куда писать PDF")
    parser.add_argument(
        "--if-available",
        action="store_true",
        help="без Chromium или playwright не ошибка, а предупреждение",
    )
    args = parser.parse_args(argv)
    if args.if_available and (_chromium() is None or not _has_playwright()):
        print(
            "PDF не напечатаны: нет Chromium или пакета playwright. "
            "Чтобы получить PDF: sudo apt-get install -y chromium, затем nox -s pdf.",
            file=sys.stderr,
        )
        return 0
    try:
        written = make_pdfs(args.site, args.out)
    except PdfError as err:
        print(f"Ошибка печати PDF: {err}", file=sys.stderr)
        return 1
    for path, size, pages in written:
        print(f"{path}: {size / 1024:.0f} КБ, {pages} стр.")
    return 0


def _has_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
