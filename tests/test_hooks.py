"""Шаги сборки без сборки: плагин sitebuild, якоря заголовков блокнота, «Показать код»,
имена оглавления."""

from __future__ import annotations

from pathlib import Path

from sitebuild import plugin
from sitebuild.pages import hooks
from sitebuild.runner import project

ROOT = Path(__file__).resolve().parent.parent


def test_plugin_is_the_last_plugin_and_there_are_no_loose_hooks():
    """Порядок шагов — только в плагине: в mkdocs.yml нет списка hooks, плагин последний
    (его события идут после событий glightbox, search и offline)."""
    config = project.mkdocs_config(ROOT / "mkdocs.yml")
    assert "hooks" not in config
    last = config["plugins"][-1]
    assert (last if isinstance(last, str) else next(iter(last))) == "sitebuild"


def test_plugin_passes_every_event_of_its_steps():
    """Событие, которое обрабатывает шаг, плагин передаёт: иначе шаг молча бы не работал."""
    handled = {n for step in plugin.STEPS for n in dir(step) if n.startswith("on_")}
    passed = {n for n in dir(plugin.SitebuildPlugin) if n.startswith("on_")}
    assert handled and handled <= passed, handled - passed
    assert len(set(plugin.STEPS)) == len(plugin.STEPS)


def test_plugin_runs_steps_in_order_and_hands_each_the_result_of_the_last(monkeypatch):
    class Step:
        def __init__(self, mark: str) -> None:
            self.mark = mark

        def on_page_content(self, html: str, *, page, config, files) -> str:
            return html + self.mark

    class Silent:
        def on_page_content(self, html: str, **_: object) -> None:
            return None  # шаг ничего не вернул — дальше идёт прежний результат

    monkeypatch.setattr(plugin, "STEPS", (Step("a"), Silent(), Step("b")))
    out = plugin.SitebuildPlugin().on_page_content("<p>", page=None, config={}, files=None)
    assert out == "<p>ab"


NB_HTML = (
    '<h1 id="">Свёртка<a class="anchor-link" href="#">¶</a></h1>'
    '<h2 id="_1">Шаг 1: угол<a class="anchor-link" href="#_1">¶</a></h2>'
    '<h3 id="x">Ещё &amp; ещё<a class="anchor-link" href="#x">¶</a></h3>'
    '<h2 id="_2">Шаг 1: угол<a class="anchor-link" href="#_2">¶</a></h2>'
    '<h4 id="y">Глубоко<a class="anchor-link" href="#y">¶</a></h4>'
)


def test_heading_ids_follow_the_markdown_slugify_and_build_the_toc():
    html, tokens = hooks.heading_anchors(NB_HTML, toc_depth=3)
    expected = ["свёртка", "шаг-1-угол", "ещё--ещё", "шаг-1-угол_1", "глубоко"]
    for anchor in expected:
        assert f'id="{anchor}"' in html and f'href="#{anchor}"' in html
    # Та же функция, что у Markdown-страниц (toc.slugify в mkdocs.yml).
    assert hooks.slugify("Шаг 1: угол", "-") == expected[1]
    (title,) = tokens
    assert title["id"] == "свёртка" and title["level"] == 1
    assert [t["id"] for t in title["children"]] == ["шаг-1-угол", "шаг-1-угол_1"]
    assert [t["id"] for t in title["children"][0]["children"]] == ["ещё--ещё"]
    assert title["children"][1]["children"] == []  # h4 глубже toc_depth


CELL = (
    '<div class="jp-Cell jp-CodeCell jp-Notebook-cell {tags}">'
    '<div class="jp-Cell jp-CodeCell jp-Notebook-cell {tags}">'
    '<div class="jp-Cell-inputWrapper"><div class="celltoolbar"><div>fold</div></div>'
    "<div>код {n}</div></div>"
    '<div class="jp-Cell-outputWrapper"><div>вывод {n}</div></div></div></div>'
)


def test_fold_hides_only_the_code_of_marked_cells():
    html = CELL.format(tags="celltag_fold", n=1) + CELL.format(tags="", n=2)
    out = hooks.fold_code(hooks.drop_tag_labels(html))
    assert out.count('<details class="code-fold">') == 1
    folded = out[out.index("<details") : out.index("</details>")]
    assert "код 1" in folded and "вывод 1" not in folded and "код 2" not in folded
    assert "Показать код" in folded
    assert "celltoolbar" not in out
    assert out.index("вывод 1") > out.index("</details>")


def test_toc_sections_are_named_apart_from_the_site_menu():
    """Вложенный список оглавления «Урок 1. …» — не тёзка раздела меню «Урок 1. …»."""
    from sitebuild.pages.a11y import name_toc_sections

    menu = '<nav class="md-nav" data-md-level="1" aria-labelledby="__nav_3_label">'
    toc = '<nav class="md-nav md-nav--secondary" aria-label="Содержание">'
    section = '<nav class="md-nav" aria-label="Урок 1. Свёртка &amp; фильтры">'
    fixed = name_toc_sections(menu + toc + section)
    assert (
        fixed
        == menu + toc + '<nav class="md-nav" aria-label="Раздел «Урок 1. Свёртка &amp; фильтры»">'
    )
