"""Хуки MkDocs: то, что нужно сайту урока сверх настроек mkdocs-material и mkdocs-jupyter.

- Якоря заголовков с кириллицей. mkdocs-jupyter строит id заголовков блокнота и его
  оглавление через ASCII-slugify (кириллица пропадает), и настройки, чтобы это поменять, у
  него нет. Поэтому id заголовков и ``page.toc`` пересчитываются в публичном событии
  ``on_page_content`` той же функцией ``slugify``, что у Markdown-страниц (``toc.slugify`` в
  mkdocs.yml); закрытые функции mkdocs-jupyter не подменяются. Сторожит тест
  ``tests/test_site.py::test_every_toc_link_points_at_an_existing_heading``.
- Ссылки блокнотов на CDN (MathJax 2, mermaid) вырезаются: формулы переводит в MathML
  при сборке хук ``formulas.py``.
- Ссылки между блокнотами, код под «Показать код»
  (ячейки ``#| fold``) и строка скачивания (шаблон ``templates/downloads.html``).
- Скачанный блокнот: ссылки на страницы сайта — полные адреса, если задан ``site_url``.
"""

from __future__ import annotations

import html as html_module
import json
import logging
import posixpath
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from pymdownx.slugs import slugify as make_slugify

from sitebuild.lesson import course
from sitebuild.pages import digit_model, squeezenet_assets
from sitebuild.printing import pdfs
from sitebuild.runner.runnable import (
    absolute_links_in,
    edit_notebook_text,
    edit_script_text,
    notebook_text,
)
from sitebuild.settings import Paths
from sitebuild.templates import environment

slugify = make_slugify(case="lower")
log = logging.getLogger("mkdocs.hooks.sitebuild")

# Скрипты, которые шаблон mkdocs-jupyter вставляет в каждый блокнот и которые тянут CDN.
_EXTERNAL_SCRIPTS = re.compile(
    r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->"
    r"|<script type=\"module\">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*?</script>",
    re.DOTALL,
)
_NOTEBOOK_LINK = re.compile(r'href="([^":#?]+\.ipynb)(#[^"]*)?"')


def on_files(files: Files, config) -> Files:
    squeezenet_assets.add_files(files, config)  # «Что видит настоящая сеть»
    files.append(File.generated(config, digit_model.PATH, content=digit_model.digit_model_js()))
    _register_pdfs(files, config)
    return files


# PDF печатаются в этой же сборке (on_post_build), поэтому ссылки на них ставятся сразу:
# файлы заявлены заранее — последней печатью из кэша или пустой заготовкой, которую печать
# тут же заменит. Без Chromium PDF нет — и ссылок на них тоже.
_build = {"command": "build"}


def on_startup(command: str, dirty: bool) -> None:
    _build["command"] = command


def _pdf_cache(config) -> Path:
    return Paths.of(config).cache("pdf")


def _register_pdfs(files: Files, config) -> None:
    if not pdfs.can_print():
        return
    for name in (doc.name for doc in pdfs.planned()):
        uri = f"{pdfs.PDF_DIR}/{name}.pdf"
        stale = files.get_file_from_path(uri)  # например, docs/pdf/ прежних сборок
        if stale is not None:
            files.remove(stale)
        last = pdfs.cached(_pdf_cache(config), name)
        if last.is_file():
            files.append(File.generated(config, uri, abs_src_path=str(last)))
        else:
            files.append(File.generated(config, uri, content=b""))


def _is_notebook(page) -> bool:
    return page.file.src_uri.endswith(".ipynb")


def _link_notebooks(html: str, page, files: Files) -> str:
    """Ссылки ``plot_02.ipynb`` в тексте блокнота ведут на страницу, а не на файл."""

    def replace(match: re.Match) -> str:
        target = posixpath.normpath(
            posixpath.join(posixpath.dirname(page.file.src_uri), match.group(1))
        )
        linked = files.get_file_from_path(target)
        if linked is None:
            return match.group(0)
        return f'href="{get_relative_url(linked.url, page.url)}{match.group(2) or ""}"'

    return _NOTEBOOK_LINK.sub(replace, html)


# Заголовок блокнота в HTML nbconvert: ``<hN id="…">текст<a class="anchor-link" …>¶</a></hN>``.
_HEADING = re.compile(
    r'<h([1-6]) id="[^"]*">(.*?)<a class="anchor-link" href="#[^"]*">¶</a>\s*</h\1>', re.DOTALL
)
_TAGS = re.compile(r"<[^>]+>")


def _unique(anchor: str, used: set[str]) -> str:
    """Как у Markdown (``toc``): повтор получает суффикс ``_1``, ``_2``…"""
    candidate, n = anchor, 0
    while candidate in used:
        n += 1
        candidate = f"{anchor}_{n}"
    used.add(candidate)
    return candidate


def _nest(flat: list[dict]) -> list[dict]:
    """Плоский список заголовков → дерево оглавления (как ``toc_tokens`` Markdown)."""
    roots: list[dict] = []
    stack: list[dict] = []
    for token in flat:
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(token)
        stack.append(token)
    return roots


def heading_anchors(html: str, toc_depth: int) -> tuple[str, list[dict]]:
    """Id заголовков блокнота по общей ``slugify`` и токены оглавления до ``toc_depth``."""
    used: set[str] = set()
    tokens: list[dict] = []

    def replace(match: re.Match) -> str:
        level, inner = int(match.group(1)), match.group(2)
        name = _TAGS.sub("", inner).strip()
        anchor = _unique(slugify(html_module.unescape(name), "-"), used)
        if level <= toc_depth:
            tokens.append({"level": level, "id": anchor, "name": name, "children": []})
        template = environment("fragment").get_template("heading.html")
        return template.render(level=level, anchor=anchor, inner=Markup(inner))

    return _HEADING.sub(replace, html), _nest(tokens)


_FOLD_CELL = re.compile(r'<div class="jp-Cell jp-CodeCell[^"]*\bcelltag_fold\b[^"]*">')
_INPUT = '<div class="jp-Cell-inputWrapper"'
_DIV = re.compile(r"<div\b|</div>")


def _closing(html: str, start: int) -> int:
    """Конец элемента ``<div>``, который начинается в ``start`` (вложенные div учитываются)."""
    depth = 0
    for match in _DIV.finditer(html, start):
        depth += 1 if match.group() == "<div" else -1
        if depth == 0:
            return match.end()
    raise ValueError("незакрытый <div> в HTML блокнота")


_TOOLBAR = '<div class="celltoolbar">'


def drop_tag_labels(html: str) -> str:
    """Теги ячеек (``fold`` и др.) — метки сборки: mkdocs-jupyter печатает их над кодом."""
    pieces, position = [], 0
    while (start := html.find(_TOOLBAR, position)) >= 0:
        pieces.append(html[position:start])
        position = _closing(html, start)
    return "".join(pieces) + html[position:]


def fold_code(html: str) -> str:
    """Код ячеек ``#| fold`` — под раскрывающимся «Показать код»; вывод остаётся виден."""
    template = environment("fragment").get_template("fold.html")
    pieces, position = [], 0
    for cell in _FOLD_CELL.finditer(html):
        start = html.find(_INPUT, cell.end())
        if start < position:  # шаблон mkdocs-jupyter вкладывает div ячейки в такой же div
            continue
        end = _closing(html, start)
        pieces += [html[position:start], template.render(code=Markup(html[start:end]))]
        position = end
    return "".join(pieces) + html[position:]


def downloads(page, files: Files, run_page_src: str) -> str:
    """Строка «Скачать»: блокнот (его даёт ``include_source``: ``page.nb_url``), скрипт,
    PDF урока и страница «Как запустить у себя» (``run_page_src``) — то, что на сайте
    действительно есть."""
    folder = posixpath.dirname(page.file.src_uri)
    notebook = posixpath.basename(urlsplit(page.nb_url).path)
    script = posixpath.join(folder, posixpath.splitext(notebook)[0] + ".py")
    run_page = files.get_file_from_path(run_page_src)
    lesson = course.lesson_of(page.file.src_uri)
    lesson_pdf = lesson and files.get_file_from_path(lesson.pdf(pdfs.LESSON))
    return (
        environment("fragment")
        .get_template("downloads.html")
        .render(
            notebook=notebook,
            script=posixpath.basename(script) if files.get_file_from_path(script) else None,
            pdf=get_relative_url(lesson_pdf.url, page.url) if lesson_pdf else None,
            run_page=get_relative_url(run_page.url, page.url) if run_page else None,
        )
    )


def _toc_depth(config) -> int:
    return config["plugins"]["mkdocs-jupyter"].config["toc_depth"]


_notebook_pages: list = []


def on_pre_build(config) -> None:
    _notebook_pages.clear()


def on_page_content(html: str, page, config, files: Files) -> str:
    if not _is_notebook(page):
        return html
    html = _EXTERNAL_SCRIPTS.sub("", html)
    html, tokens = heading_anchors(html, _toc_depth(config))
    page.toc = get_toc(tokens)
    html = _link_notebooks(html, page, files)
    html = fold_code(drop_tag_labels(html))
    _notebook_pages.append(page)
    run_page = config["plugins"]["sitebuild"].config.run_page
    return downloads(page, files, run_page) + html


def finish_site(config) -> None:
    """Полные ссылки в скачиваемых копиях блокнотов и печать PDF — с уже готового ``site/``:
    плагин (:mod:`sitebuild.plugin`) вызывает это после всех ``on_post_build``."""
    _absolute_download_links(config)
    # mkdocs serve пересобирает сайт на каждую правку: там PDF остаются из кэша.
    if _build["command"] != "serve" and pdfs.can_print():
        try:
            pdfs.make_pdfs(Path(config["site_dir"]), _pdf_cache(config), log=log.info)
        except pdfs.PdfError as err:
            raise PluginError(f"PDF: {err}") from None


def _absolute_download_links(config) -> None:
    """Скачиваемые копии блокнотов (их кладёт ``include_source``) и скриптов — с полными
    ссылками."""
    site_url = config.get("site_url")
    if not site_url:
        return  # ячейка настройки блокнота говорит, где страница лежит на сайте
    for page in _notebook_pages:
        copy = Path(config["site_dir"]) / posixpath.dirname(page.file.dest_uri)
        copy = copy / posixpath.basename(urlsplit(page.nb_url).path)
        notebook = json.loads(copy.read_text(encoding="utf-8"))
        absolute = absolute_links_in(urljoin(site_url, page.url))
        copy.write_text(notebook_text(edit_notebook_text(notebook, absolute)), encoding="utf-8")
        script = copy.with_suffix(".py")
        if script.exists():
            text = script.read_text(encoding="utf-8")
            script.write_text(edit_script_text(text, absolute), encoding="utf-8")
