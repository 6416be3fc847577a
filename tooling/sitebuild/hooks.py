"""Хуки MkDocs: то, что нужно сайту урока сверх настроек mkdocs-material и mkdocs-jupyter.

- Якоря заголовков с кириллицей. mkdocs-jupyter строит id заголовков блокнота через
  ASCII-slugify (кириллица пропадает), а nbconvert кодирует их процентами; ссылки
  оглавления при этом ведут в никуда. Обе стороны переводятся на одну функцию ``slugify``
  — ту же, что у Markdown-страниц (``toc.slugify`` в mkdocs.yml). Проверяется тестом
  ``tests/test_site.py``; версии mkdocs-jupyter и nbconvert закреплены в constraints.txt.
- Ссылки блокнотов на CDN (MathJax 2, mermaid) вырезаются: формулы переводит в MathML
  при сборке хук ``formulas.py``.
- Подписи (alt) к картинкам блокнотов, ссылки между блокнотами и кнопки скачивания.
"""

from __future__ import annotations

import json
import posixpath
import re
from functools import cache
from pathlib import Path

from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url
from pymdownx.slugs import slugify as make_slugify

from sitebuild.lesson_data import lesson_data_js

slugify = make_slugify(case="lower")

# Скрипты, которые шаблон mkdocs-jupyter вставляет в каждый блокнот и которые тянут CDN.
_EXTERNAL_SCRIPTS = re.compile(
    r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->"
    r"|<script type=\"module\">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*?</script>",
    re.DOTALL,
)
# nbconvert ставит картинкам без подписи английскую заглушку; её заменяем подписью рисунка.
_IMG_DATA = re.compile(
    r'<img alt="No description has been provided for this image"'
    r'( class="[^"]*")? src="data:image/[a-z+]+;base64,([^"]+)"'
)
_NOTEBOOK_LINK = re.compile(r'href="([^":#?]+\.ipynb)(#[^"]*)?"')


def _heading_with_anchor(html: str, anchor_link_text: str = "¶") -> str:
    """Замена ``mkdocs_jupyter.convert.add_anchor_lower_id``: id по общей slugify."""
    from xml.etree.ElementTree import Element

    from defusedxml import ElementTree
    from nbconvert.filters.strings import html2text

    try:
        heading = ElementTree.fromstring(html)
    except Exception:
        return html
    anchor = slugify(html2text(heading), "-")
    heading.set("id", anchor)
    link = Element("a", {"class": "anchor-link", "href": "#" + anchor})
    link.text = anchor_link_text
    heading.append(link)
    return ElementTree.tostring(heading).decode("utf-8", "replace")


def _markdown_toc(markdown_source: str, toc_depth: int) -> list:
    import markdown
    from markdown.extensions.toc import TocExtension

    md = markdown.Markdown(extensions=[TocExtension(toc_depth=toc_depth, slugify=slugify)])
    md.convert(markdown_source)
    return md.toc_tokens


def on_config(config):
    import mkdocs_jupyter.convert
    import mkdocs_jupyter.plugin

    mkdocs_jupyter.convert.add_anchor_lower_id = _heading_with_anchor
    mkdocs_jupyter.plugin._get_markdown_toc = _markdown_toc
    return config


def on_files(files: Files, config) -> Files:
    files.append(File.generated(config, "javascripts/lesson-data.js", content=lesson_data_js()))
    return files


def _is_notebook(page) -> bool:
    return page.file.src_uri.endswith(".ipynb")


@cache
def _image_alts(notebook: str, mtime_ns: int) -> dict[str, str]:
    """Base64 картинки → её подпись из метаданных вывода (её ставит прогонщик галереи)."""
    alts = {}
    for cell in json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            for mime, data in output.get("data", {}).items():
                alt = output.get("metadata", {}).get(mime, {}).get("alt")
                if mime.startswith("image/") and alt:
                    text = data if isinstance(data, str) else "".join(data)
                    alts[text.replace("\n", "")] = alt
    return alts


def _add_alts(html: str, notebook: str) -> str:
    alts = _image_alts(notebook, Path(notebook).stat().st_mtime_ns)

    def replace(match: re.Match) -> str:
        alt = alts.get(match.group(2))
        if not alt:
            return match.group(0)
        escaped = alt.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        return match.group(0).replace("No description has been provided for this image", escaped, 1)

    return _IMG_DATA.sub(replace, html)


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


def _downloads(page, config) -> str:
    stem = posixpath.splitext(posixpath.basename(page.file.src_uri))[0]
    folder = posixpath.dirname(page.file.src_uri)
    targets = [
        (posixpath.join(folder, stem + ".ipynb"), "блокнот Jupyter (.ipynb)"),
        (posixpath.join(folder, stem + ".py"), "скрипт Python (.py)"),
    ]
    # PDF всего урока печатает sitebuild.pdfs; кнопка — только когда он уже есть.
    if (Path(config["docs_dir"]) / "pdf" / "lesson.pdf").exists():
        targets.append(("pdf/lesson.pdf", "весь урок (PDF)"))
    links = []
    for target, label in targets:
        url = get_relative_url(target, page.url)
        links.append(
            f'<a class="md-button" href="{url}" download>'
            f'<span class="twemoji">⬇</span> Скачать {label}</a>'
        )
    return (
        '<div class="lesson-downloads" role="group" aria-label="Скачать эту страницу">'
        + " ".join(links)
        + "</div>"
    )


def on_page_content(html: str, page, config, files: Files) -> str:
    if not _is_notebook(page):
        return html
    html = _EXTERNAL_SCRIPTS.sub("", html)
    html = _add_alts(html, page.file.abs_src_path)
    html = _link_notebooks(html, page, files)
    return _downloads(page, config) + html
