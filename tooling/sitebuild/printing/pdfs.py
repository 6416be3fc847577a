"""Печать PDF из собранного сайта: технологическая карта, весь урок, задания и ответы.

PDF печатаются в той же сборке ``mkdocs build``, прямо в ``site/pdf/`` (плагин
:mod:`sitebuild.plugin` после всех ``on_post_build``: :func:`sitebuild.pages.hooks.finish_site`),
второй сборки не нужно: ссылки на PDF ставятся на страницы сразу, если печатать есть чем
(Chromium и playwright). Отдельно::

    python -m sitebuild.printing.pdfs --site site [--if-available]

Сайт раздаётся локальным HTTP-сервером на 127.0.0.1, страницы печатает Chromium из
Debian (``/usr/bin/chromium``) через Playwright — тот же браузер, что у тестов. Перед
печатью скрипт ждёт, пока загрузятся шрифты и картинки (формулы — MathML уже при сборке).
Оформление листа задаёт ``docs/stylesheets/print.css``.

Список PDF — один, :data:`DOCUMENTS`: новый PDF (например, слайды) — одна строка в нём.
Кэш ``.cache/pdf/``: PDF печатается заново, только если изменились его страницы или то,
что они загружают (стили, скрипты, картинки). ``SITEBUILD_PDF=0`` выключает печать.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import hashlib
import http.server
import importlib.util
import json
import os
import posixpath
import re
import shutil
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from sitebuild.lesson import course
from sitebuild.settings import PATHS
from sitebuild.templates import environment

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
# Страницы уроков — блокноты галереи в папках уроков, в любом их числе.
LESSON_PAGE = re.compile(r"^[\w-]+/plot_[\w-]+\.html$")
PDF_DIR = "pdf"
LESSON = "lesson"


@dataclass(frozen=True)
class Document:
    """PDF: имя файла без ``.pdf``, подпись в колонтитуле и страницы сайта (пути в site/).

    Пустой ``pages`` — все страницы урока по порядку меню, каждая с нового листа
    (собираются в одну, чтобы у листов была сквозная нумерация). ``slides`` — презентация
    reveal.js: лист 16:9 размером со слайд, без полей и колонтитула. ``worksheet`` — PDF
    рабочего листа: он есть только у урока с листом. ``kind`` — вид документа из
    :data:`DOCUMENTS`, ``lesson`` — урок, чей это PDF.
    """

    name: str
    title: str
    pages: tuple[str, ...] = ()
    slides: bool = False
    worksheet: bool = False
    kind: str = ""
    lesson: str = ""


DOCUMENTS: tuple[Document, ...] = (
    Document("plan", "технологическая карта занятия", ("teacher/plan.html",)),
    Document(LESSON, "все страницы урока"),
    Document("exercises", "задания для самопроверки", ("exercises.html",)),
    Document("exercises-answers", "задания: ответы и решения", ("exercises-answers.html",)),
    # Слайды, рабочий лист и он же с ответами создаёт sitebuild.classroom.teacher.
    Document("slides", "слайды", ("teacher/deck/index.html?print-pdf",), slides=True),
    Document("worksheet", "рабочий лист", ("teacher/worksheet.html",), worksheet=True),
    Document(
        "worksheet-answers",
        "рабочий лист: ответы",
        ("teacher/worksheet-answers.html",),
        worksheet=True,
    ),
)
"""PDF каждого урока; страницы — от папки урока. Новый PDF — одна строка здесь."""
NAMES = tuple(doc.name for doc in DOCUMENTS)


def lesson_documents(lesson: course.Lesson) -> list[Document]:
    """PDF урока: ``pdf/<урок>-<вид>.pdf`` с названием урока в колонтитуле."""
    return [
        dataclasses.replace(
            doc,
            name=posixpath.splitext(posixpath.basename(lesson.pdf(doc.name)))[0],
            title=f"{lesson.label} — {doc.title}",
            pages=tuple(lesson.page(page) for page in doc.pages),
            kind=doc.name,
            lesson=lesson.name,
        )
        for doc in DOCUMENTS
        if lesson.has_worksheet or not doc.worksheet
    ]


def planned() -> list[Document]:
    """Все PDF курса — до сборки, без страниц уроков (их даёт :func:`documents`)."""
    return [doc for lesson in course.lessons() for doc in lesson_documents(lesson)]


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


def lesson_pages(site: Path, lesson: str | None = None) -> list[str]:
    """Страницы уроков (``<урок>/plot_*.html``; с ``lesson`` — только этого урока) в порядке
    меню собранного сайта."""
    parser = _PrimaryNav()
    parser.feed((site / "index.html").read_text(encoding="utf-8"))
    pages: list[str] = []
    for href in parser.links:
        path = posixpath.normpath(href.split("#")[0].split("?")[0])
        if lesson is not None and not path.startswith(f"{lesson}/"):
            continue
        if LESSON_PAGE.match(path) and path not in pages and (site / path).is_file():
            pages.append(path)
    return pages


def _path(page: str) -> str:
    """Файл страницы без запроса (``index.html?print-pdf`` → ``index.html``)."""
    return page.split("?")[0]


def documents(site: Path) -> list[Document]:
    """Все PDF курса со страницами, из которых они состоят в ``site``."""
    docs = [
        doc if doc.pages else dataclasses.replace(doc, pages=tuple(lesson_pages(site, doc.lesson)))
        for doc in planned()
    ]
    for doc in docs:
        if not doc.pages:
            raise PdfError(
                f"{doc.name}.pdf: в меню сайта {site}/index.html нет ни одной страницы урока "
                "<урок>/plot_*.html — соберите галерею и сайт (nox -s build)"
            )
        missing = [p for p in doc.pages if not (site / _path(p)).is_file()]
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


def _script(name: str) -> str:
    """Функция JavaScript из ``sitebuild/<name>`` для ``page.evaluate`` (без вводных
    комментариев: Playwright вызывает выражение, только если оно само — функция)."""
    lines = (Path(__file__).parent / name).read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("//"))


_MERGE = _script("pdf_merge_pages.js")
_SETTLE = _script("pdf_settle.js")


def _footer(title: str) -> str:
    """Колонтитул листа: название PDF и «стр. N из M» (шаблон ``templates/pdf_footer.html``)."""
    return environment("fragment").get_template("pdf_footer.html").render(title=title).strip()


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
        if len(doc.pages) > 1 or doc.kind == LESSON:
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
        # Заголовок PDF (метаданные Title) — название документа, а не его первой страницы.
        page.evaluate("(title) => { document.title = title; }", doc.title)
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


def _has_playwright() -> bool:
    return importlib.util.find_spec("playwright") is not None  # без импорта: он небыстрый


def can_print() -> bool:
    """Будут ли PDF в этой сборке: есть Chromium и playwright, печать не выключена."""
    return os.environ.get("SITEBUILD_PDF", "1") != "0" and bool(_chromium()) and _has_playwright()


# Что страница загружает из сайта: от этого зависит её вид на бумаге.
_REFERENCE = re.compile(r'(?:src|href)="([^"#?:]+)[^"]*"')


def document_key(site: Path, doc: Document) -> str:
    """Отпечаток всего, из чего печатается PDF: страницы и стили, скрипты, картинки их,
    и скрипты печати (склейка страниц урока меняет то, что попадает на бумагу)."""
    digest = hashlib.sha256(json.dumps([doc.name, doc.title, doc.pages, doc.slides]).encode())
    digest.update((_MERGE + _SETTLE).encode())
    assets: set[Path] = set()
    for page in doc.pages:
        source = (site / _path(page)).read_bytes()
        digest.update(page.encode() + source)
        for ref in _REFERENCE.findall(source.decode("utf-8")):
            path = (site / posixpath.dirname(_path(page)) / ref).resolve()
            if path.suffix not in (".html", ".pdf") and path.is_file():
                assets.add(path)
    for path in sorted(assets):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cached(cache: Path, name: str) -> Path:
    return cache / f"{name}.pdf"


def _fresh(cache: Path, name: str, key: str) -> bool:
    stamp = cache / f"{name}.key"
    return (
        cached(cache, name).is_file()
        and stamp.is_file()
        and stamp.read_text(encoding="utf-8") == key
    )


def make_pdfs(
    site: Path, cache: Path, log=print, lessons: Sequence[str] = ()
) -> list[tuple[Path, int, int]]:
    """Печатает PDF в ``site/pdf`` (неизменённые — из кэша); (путь, байты, страницы).

    ``lessons`` — печатать только PDF этих уроков (по умолчанию — всех).
    """
    if not (site / "index.html").is_file():
        raise PdfError(f"нет собранного сайта {site}/index.html — сначала mkdocs build")
    docs = [doc for doc in documents(site) if not lessons or doc.lesson in lessons]
    keys = {doc.name: document_key(site, doc) for doc in docs}
    stale = [doc for doc in docs if not _fresh(cache, doc.name, keys[doc.name])]
    if stale:
        _print_all(site, stale, cache, keys)
    out = site / PDF_DIR
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in docs:
        path = out / f"{doc.name}.pdf"
        shutil.copyfile(cached(cache, doc.name), path)
        pdf = path.read_bytes()
        written.append((path, len(pdf), page_count(pdf)))
        log(
            f"{path}: {len(pdf) / 1024:.0f} КБ, {page_count(pdf)} стр."
            + ("" if doc in stale else " (из кэша)")
        )
    return written


def _print_all(site: Path, docs: list[Document], cache: Path, keys: dict[str, str]) -> None:
    chromium = _chromium()
    if chromium is None:
        raise PdfError("нет Chromium: установите его (sudo apt-get install -y chromium)")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        raise PdfError(f"нет пакета playwright ({err}): pip install playwright") from None
    cache.mkdir(parents=True, exist_ok=True)
    try:
        with serve(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                for doc in docs:
                    pdf = print_document(browser, base, doc)
                    path = cached(cache, doc.name)
                    tmp = path.with_suffix(".pdf.tmp")
                    tmp.write_bytes(pdf)
                    os.replace(tmp, path)  # старый PDF заменяется только целым новым
                    (cache / f"{doc.name}.key").write_text(keys[doc.name], encoding="utf-8")
            finally:
                browser.close()
    except PlaywrightError as err:
        raise PdfError(f"Chromium не смог напечатать страницу: {err}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Печать PDF сайта урока в headless Chromium.")
    parser.add_argument("--site", type=Path, default=Path("site"), help="собранный сайт")
    parser.add_argument("--cache", type=Path, default=PATHS.cache("pdf"), help="кэш PDF")
    parser.add_argument("--lesson", action="append", default=[], help="только PDF этого урока")
    parser.add_argument(
        "--if-available",
        action="store_true",
        help="без Chromium или playwright не ошибка, а предупреждение",
    )
    args = parser.parse_args(argv)
    if args.if_available and not can_print():
        print(
            "PDF не напечатаны: нет Chromium или пакета playwright. "
            "Чтобы получить PDF: sudo apt-get install -y chromium, затем nox -s pdf.",
            file=sys.stderr,
        )
        return 0
    try:
        make_pdfs(args.site, args.cache, lessons=args.lesson)
    except PdfError as err:
        print(f"Ошибка печати PDF: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
