"""Хук MkDocs: формулы превращаются в MathML при сборке, а не в браузере.

TeX из Markdown-страниц (``pymdownx.arithmatex``, режим generic: ``\\(…\\)`` и ``\\[…\\]``)
и из текстовых ячеек блокнотов (``$…$`` и ``$$…$$``; знак доллара в тексте блокнота пишется
как ``\\$``) переводит Temml 0.13.5 (``vendor/temml``, MIT), запущенный в QuickJS. В странице
остаётся MathML — его читают экранные чтецы, а браузеру не нужен скрипт. Шрифт формул
(Latin Modern Math, ``docs/fonts/``) и его стили подключаются только на страницах с формулами.
Ошибка в TeX — предупреждение MkDocs с именем страницы, и ``mkdocs build --strict`` падает.
В ``site/`` шрифт урезается до знаков формул сайта (:func:`sitebuild.pages.mathfont.for_formulas`).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
from functools import cache
from pathlib import Path

import quickjs
from mkdocs.utils import get_relative_url

from sitebuild.pages.mathfont import for_formulas, formula_unicodes
from sitebuild.settings import Paths

log = logging.getLogger("mkdocs.plugins.sitebuild.pages.formulas")

TEMML = Path(__file__).parents[1] / "vendor" / "temml" / "temml.min.js"
CSS = "stylesheets/math.css"
FONT = "fonts/latin-modern-math/latinmodern-math.woff2"
_MATH = re.compile(r"<math\b.*?</math>", re.S)

# Markdown-страницы: разметка arithmatex.
_ARITHMATEX = re.compile(
    r'<(span|div) class="arithmatex">\s*'
    r"(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])\s*</\1>",
    re.DOTALL,
)
# Блокноты: код, теги и уже готовые формулы пропускаются, остальное ищется в тексте.
# Пробелы вокруг операторов MathML не видны, но текст формулы в поиске — «m = i − f + 1».
_OPERATOR = re.compile(r"(<mo\b[^>]*>[^<]*</mo>)")
# Скрытый текст кнопки копирования — это исходный код ячейки, а не текст страницы.
_SKIP = (
    r"<(pre|code|script|style|math)\b.*?</\2>"
    r'|<div class="clipboard-copy-txt"[^>]*>.*?</div>'
    r"|<[^>]+>"
)
_NOTEBOOK_MATH = re.compile(
    rf"(?P<skip>{_SKIP})"
    r"|(?P<dollar>\\\$)"
    r"|\$\$(?P<display>[^$<]+?)\$\$"
    r"|(?<![\\$])\$(?P<inline>[^$\s<](?:[^$<]*?[^$\s\\<])?)\$",
    re.DOTALL,
)


class TexError(ValueError):
    """Temml не понял формулу."""


@cache
def _context() -> quickjs.Context:
    context = quickjs.Context()
    context.eval(TEMML.read_text(encoding="utf-8"))
    context.eval(
        "function render(tex, display) {"
        "  return temml.renderToString(tex, {displayMode: display, throwOnError: true});"
        "}"
    )
    return context


def to_mathml(tex: str, display: bool = False) -> str:
    """MathML формулы ``tex``; ошибка TeX — :class:`TexError` с текстом Temml."""
    try:
        mathml = _context().eval(f"render({json.dumps(tex)}, {json.dumps(display)})")
    except quickjs.JSException as error:
        raise TexError(f"{error} в формуле {tex!r}") from None
    return _OPERATOR.sub(r" \1 ", mathml)


def _render(tex: str, display: bool, where: str) -> str:
    try:
        return to_mathml(html.unescape(tex).strip(), display)
    except TexError as error:
        log.warning("%s: %s", where, error)
        return html.escape(tex)


def convert_markdown(content: str, where: str = "") -> str:
    """Формулы arithmatex → MathML."""

    def replace(match: re.Match) -> str:
        display = match.group("display") is not None
        return _render(match.group("display" if display else "inline"), display, where)

    return _ARITHMATEX.sub(replace, content)


def convert_notebook(content: str, where: str = "") -> str:
    """``$…$`` и ``$$…$$`` в тексте блокнота → MathML; ``\\$`` → знак доллара."""

    def replace(match: re.Match) -> str:
        if match.group("skip"):
            return match.group("skip")
        if match.group("dollar"):
            return "$"
        display = match.group("display") is not None
        return _render(match.group("display" if display else "inline"), display, where)

    return _NOTEBOOK_MATH.sub(replace, content)


def on_page_content(content: str, page, config, files) -> str:
    where = page.file.src_uri
    if where.endswith(".ipynb"):
        return convert_notebook(content, where)
    return convert_markdown(content, where)


def on_post_page(output: str, page, config) -> str:
    if "<math" not in output:
        return output
    link = f'<link rel="stylesheet" href="{get_relative_url(CSS, page.url)}">\n'
    return output.replace("</head>", link + "</head>", 1)


def on_post_build(config) -> None:
    """Шрифт в ``site/`` — только со знаками формул всех страниц сайта (и созданных
    сборкой, как слайды)."""
    site = Path(config["site_dir"])
    pages = [p for p in site.rglob("*.html") if p.is_file()]
    formulas = [m for page in pages for m in _MATH.findall(page.read_text("utf-8"))]
    if not (site / FONT).is_file() or not formulas:
        return
    source = (Path(config["docs_dir"]) / FONT).read_bytes()
    unicodes = sorted(formula_unicodes(formulas))
    # Обрезка шрифта ≈ 1 с: результат для тех же знаков берётся из .cache/mathfont.
    key = hashlib.sha256(source + repr(unicodes).encode()).hexdigest()[:24]
    cached = Paths.of(config).cache("mathfont") / f"{key}.woff2"
    if not cached.is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(for_formulas(source, set(unicodes)))
    (site / FONT).write_bytes(cached.read_bytes())
