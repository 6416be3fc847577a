"""Собранный сайт без браузера: оглавления, блокноты, скачивание, офлайн, формулы."""

from __future__ import annotations

import ast
import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import nav_entries
from sitebuild.runner import gallery
from test_figure_text import page_figures

ROOT = Path(__file__).resolve().parent.parent
EXTERNAL = ("http://", "https://", "//")


class _Page(HTMLParser):
    """Id элементов, ссылки оглавления и ресурсы, которые страница загружает."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.toc_links: list[str] = []
        self.resources: list[str] = []
        self.links: list[str] = []
        self._toc_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if "id" in attr:
            self.ids.add(attr["id"])
        if tag == "nav" and "md-nav--secondary" in attr.get("class", ""):
            self._toc_depth = 1
        elif tag == "nav" and self._toc_depth:
            self._toc_depth += 1
        if tag == "a" and "href" in attr:
            self.links.append(attr["href"])
            if self._toc_depth:
                self.toc_links.append(attr["href"])
        if tag in ("script", "img", "iframe", "source") and attr.get("src"):
            self.resources.append(attr["src"])
        if tag == "link" and attr.get("rel") in ("stylesheet", "preload", "modulepreload", "icon"):
            self.resources.append(attr.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._toc_depth:
            self._toc_depth -= 1


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_every_toc_link_points_at_an_existing_heading(site_dir):
    checked = 0
    for path in _pages(site_dir):
        page = _parse(path)
        for href in page.toc_links:
            assert href.startswith("#"), (
                f"{path}: ссылка оглавления {href} ведёт не на эту страницу"
            )
            anchor = unquote(href[1:])
            assert anchor and anchor in page.ids, f"{path.relative_to(site_dir)}: нет id «{anchor}»"
            checked += 1
    assert checked > 0


def test_gallery_markup_never_leaks_into_headings(site_dir):
    """«# %%» между двумя текстовыми блоками скрипта попадает в текст: заголовок «%% …»."""
    heading = re.compile(r"<h[1-6][^>]*>\s*(?:%%|#\|)")
    leaked = [p.relative_to(site_dir) for p in _pages(site_dir) if heading.search(p.read_text())]
    assert not leaked, f"разметка скрипта в заголовке: {leaked}"


def test_cyrillic_heading_anchors_stay_cyrillic(site_dir):
    """Id русских заголовков блокнотов — русские слова, а не «_1» или %D0%…."""
    notebook_pages = sorted(site_dir.glob("lesson*/plot_*.html"))
    assert notebook_pages
    for path in notebook_pages:
        page = _parse(path)
        assert page.toc_links, f"{path.name}: пустое оглавление"
        first = unquote(page.toc_links[0][1:])
        assert any("а" <= ch <= "я" or ch == "ё" for ch in first), f"{path.name}: {first}"


def test_every_gallery_script_is_a_page_with_downloads(site_dir):
    scripts = gallery.discover(ROOT / "gallery", ROOT / "docs")
    assert scripts
    for script in scripts:
        html = site_dir / script.lesson / f"{script.name}.html"
        assert html.exists(), f"нет страницы для {script.name}"
        for suffix in (".ipynb", ".py"):
            assert (site_dir / script.lesson / f"{script.name}{suffix}").stat().st_size > 0
            assert f'href="{script.name}{suffix}" download' in html.read_text(encoding="utf-8")


def test_every_gallery_page_is_in_the_navigation():
    nav = nav_entries()
    for script in gallery.discover(ROOT / "gallery", ROOT / "docs"):
        assert f"{script.lesson}/{script.name}.ipynb" in nav, f"{script.name} нет в nav"


def test_notebook_images_carry_their_own_figure_titles(site_dir):
    """Подпись каждой картинки блокнота — заголовок именно её рисунка, по порядку (подписи —
    в описаниях рисунков выполненного блокнота docs/, из которого собрана страница)."""
    import html as html_module

    for path in sorted(site_dir.glob("lesson*/plot_*.html")):
        executed = ROOT / "docs" / path.relative_to(site_dir).with_suffix(".ipynb")
        expected = [figure["alt"] for figure in page_figures(executed)]
        html = path.read_text(encoding="utf-8")
        # Рисунки блокнота лежат файлами в assets/figures (sitebuild.pages.notebook_figures).
        shown = re.findall(r'<img alt="([^"]*)"[^>]*src="[^"]*assets/figures/', html)
        assert [html_module.unescape(a) for a in shown] == expected, path.name


def test_answer_code_is_hidden_on_pages(site_dir):
    """Ответы «Проверь себя» видны только после раскрытия: их код на странице не показан."""
    pages = sorted(site_dir.glob("lesson*/plot_*.html"))
    assert any("<details" in p.read_text(encoding="utf-8") for p in pages)
    for path in pages:
        assert "answer</span><span" not in path.read_text(encoding="utf-8"), path.name


def test_pages_load_nothing_from_other_hosts(site_dir):
    for path in _pages(site_dir):
        page = _parse(path)
        external = [r for r in page.resources if r.startswith(EXTERNAL)]
        assert not external, f"{path.relative_to(site_dir)} грузит {external}"
        text = path.read_text(encoding="utf-8")
        for host in ("cdnjs.cloudflare", "cdn.jsdelivr", "unpkg.com", "fonts.googleapis"):
            assert host not in text, f"{path.relative_to(site_dir)} упоминает {host}"


def test_math_font_is_served_by_the_site(site_dir):
    """Формулы — MathML из сборки; шрифт для них лежит на самом сайте, движка формул нет."""
    assert (site_dir / "fonts/latin-modern-math/latinmodern-math.woff2").stat().st_size > 10_000
    assert not (site_dir / "assets/mathjax").exists()


def test_internal_links_resolve_to_files(site_dir):
    for path in _pages(site_dir):
        for href in _parse(path).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("#", "mailto:")) or not parts.path:
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{path.relative_to(site_dir)}: битая ссылка {href}"


def _notebooks(site: Path):
    import json

    for path in sorted(site.glob("*/plot_*.ipynb")):
        yield path, json.loads(path.read_text(encoding="utf-8"))


def test_downloaded_notebook_starts_with_a_visible_setup_cell(site_dir):
    """Первая ячейка скачанного блокнота — короткая настройка; на странице её нет."""
    for path, notebook in _notebooks(site_dir):
        first = notebook["cells"][0]
        source = "".join(first["source"])
        assert first["cell_type"] == "code" and "lessonlib.setup()" in source, path.name
        # Короткая: в Colab она ещё и объясняет по-русски, какой файл пакета загрузить.
        assert len(source.splitlines()) <= 25, path.name
        assert "jupyter" not in first["metadata"], path.name  # не свёрнута
        assert "lessonlib.setup()" not in path.with_suffix(".html").read_text(encoding="utf-8")


def test_downloaded_answers_are_folded_and_pages_fold_marked_code(site_dir):
    answers = folds = 0
    for path, notebook in _notebooks(site_dir):
        html = path.with_suffix(".html").read_text(encoding="utf-8")
        tagged = {"answer": 0, "fold": 0}
        for cell in notebook["cells"]:
            tags = cell["metadata"].get("tags", [])
            hidden = cell["metadata"].get("jupyter", {})
            if "answer" in tags:
                tagged["answer"] += 1
                assert hidden == {"source_hidden": True, "outputs_hidden": True}, path.name
            else:
                assert not hidden, path.name
            tagged["fold"] += "fold" in tags
        assert html.count('<details class="code-fold">') == tagged["fold"], path.name
        assert 'class="cell-tag"' not in html, path.name
        answers += tagged["answer"]
        folds += tagged["fold"]
    assert answers and folds


# Термин на странице глоссария: заголовок, строка «англ.», определение до «Где вводится».
_GLOSSARY_ENTRY = re.compile(
    r'<h2 id="([^"]+)">(.*?)<a class="headerlink".*?</p>\s*<p>(.*?)\s*<em>Где вводится:',
    re.DOTALL,
)


def _plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def _site_url() -> str | None:
    from sitebuild.runner import project

    return project.mkdocs_config(ROOT / "mkdocs.yml").get("site_url")


def _site_glossary(site_dir: Path) -> dict[str, tuple[str, str]]:
    """Термины страницы глоссария: ключ → (термин, определение), как их видит читатель."""
    glossary = {
        key: (_plain(term), _plain(definition))
        for key, term, definition in _GLOSSARY_ENTRY.findall(
            (site_dir / "glossary.html").read_text(encoding="utf-8")
        )
    }
    assert len(glossary) > 30
    return glossary


def _script_text(source: str) -> str:
    """Текст скачанного скрипта ``.py``, который читает ученик: docstring и комментарии."""
    comments = [
        line[2:] if line.startswith("# ") else ""
        for line in source.splitlines()
        if line.startswith("#") and not line.startswith(("#|", "# %%"))
    ]
    return (ast.get_docstring(ast.parse(source)) or "") + "\n" + "\n".join(comments)


def _notes(text: str) -> str:
    """Сноски текста (цитаты ``> …``) одной строкой: перенос строки — тот же пробел."""
    return " ".join(_plain(line[1:]) for line in text.splitlines() if line.startswith(">"))


def test_downloaded_notebook_links_lead_somewhere_real(site_dir):
    """Ссылка скачанного блокнота ведёт туда, что есть, и в Jupyter без интернета, и в Colab.
    С site_url — полные адреса сайта. Без него — только соседние блокноты урока, а термин,
    на который страница ссылается в глоссарий, — текст со сноской: определение то же, что
    на странице глоссария."""
    site_url = _site_url()
    glossary = _site_glossary(site_dir)
    footnoted = 0
    for path, notebook in _notebooks(site_dir):
        setup = "".join(notebook["cells"][0]["source"])
        page = f"{path.parent.name}/{path.stem}.html"
        text = "".join(
            "".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"
        )
        relative = re.findall(r"(?<!!)\[[^\]]*\]\((?![a-z]+:|#)([^)\s]+)\)", text)
        if site_url:
            assert not relative, (path.name, relative[:3])
            assert site_url.rstrip("/") + "/" + page in setup
            continue
        assert page in setup, path.name
        dead = [
            link
            for link in relative
            if link.startswith("../")  # в архиве урока другого урока рядом нет
            or not link.endswith(".ipynb")
            or not (path.parent / unquote(link)).is_file()
        ]
        assert not dead, f"{path.name}: ссылки, которых нет рядом с блокнотом: {dead}"
        shown = path.with_suffix(".html").read_text(encoding="utf-8")
        notes = _notes(text)
        for key in dict.fromkeys(re.findall(r'href="\.\./glossary\.html#([^"]+)"', shown)):
            term, definition = glossary[key]
            assert f"**{term}.** {definition}" in notes, f"{path.name}: нет сноски «{term}»"
            footnoted += 1
    assert site_url or footnoted > 30


def test_download_bar_links_the_run_page_when_it_exists(site_dir):
    has_run_page = (site_dir / "run.html").exists()
    for path in sorted(site_dir.glob("*/plot_*.html")):
        html = path.read_text(encoding="utf-8")
        assert ('href="../run.html"' in html) == has_run_page, path.name


def test_downloaded_script_links_lead_somewhere_real(site_dir):
    """Скрипт ``.py`` — как блокнот: с site_url ссылки его текста — полные адреса сайта,
    без него — только соседние блокноты урока, а термины глоссария — текст со сноской с тем
    же определением, что на странице глоссария."""
    site_url = _site_url()
    glossary = _site_glossary(site_dir)
    footnoted = 0
    for path in sorted(site_dir.glob("*/plot_*.py")):
        text = _script_text(path.read_text(encoding="utf-8"))
        relative = re.findall(r"(?<!!)\[[^\]]*\]\((?![a-z]+:|#)([^)\s]+)\)", text)
        if site_url:
            assert not relative, (path.name, relative[:3])
            continue
        dead = [
            link
            for link in relative
            if link.startswith("../") or not (path.parent / unquote(link)).is_file()
        ]
        assert not dead, f"{path.name}: ссылки, которых нет рядом со скриптом: {dead}"
        shown = path.with_suffix(".html").read_text(encoding="utf-8")
        for key in dict.fromkeys(re.findall(r'href="\.\./glossary\.html#([^"]+)"', shown)):
            term, definition = glossary[key]
            assert f"**{term}.** {definition}" in _notes(text), f"{path.name}: нет сноски «{term}»"
            footnoted += 1
    assert site_url or footnoted > 30


def test_downloads_say_which_notebook_of_another_lesson_to_open(site_dir):
    """Ссылка страницы на страницу другого урока в скачанных блокноте и скрипте: с site_url —
    полный адрес, без него — слова: какой блокнот из архива какого урока открыть (архивы
    уроков не обязаны лежать рядом)."""
    import json

    site_url = _site_url()
    checked = 0
    for page in sorted(site_dir.glob("*/plot_*.html")):
        article = page.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>")[0]
        notebook = json.loads(page.with_suffix(".ipynb").read_text(encoding="utf-8"))
        texts = {
            "блокнот": "\n".join(
                "".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"
            ),
            "скрипт": _script_text(page.with_suffix(".py").read_text(encoding="utf-8")),
        }
        for lesson, stem in set(re.findall(r'href="\.\./(\w+)/(plot_\w+)\.html', article)):
            target = (site_dir / lesson / f"{stem}.html").read_text(encoding="utf-8")
            title = _plain(re.search(r"<h1[^>]*>(.*?)<a", target, re.S).group(1))
            number = int(re.search(r"\d+$", lesson).group(0))
            expected = (
                f"{site_url.rstrip('/')}/{lesson}/{stem}.html"
                if site_url
                else f"блокнот {stem}.ipynb «{title}» — в архиве урока {number} {lesson}.zip"
            )
            for kind, text in texts.items():
                assert f"../{lesson}/" not in text, f"{page.stem}, {kind}: ссылка в {lesson}"
                assert expected in " ".join(text.split()), f"{page.stem}, {kind}: нет «{expected}»"
            checked += 1
    assert checked, "ни одна страница урока не ссылается на другой урок"
