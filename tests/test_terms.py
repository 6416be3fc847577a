"""Один термин — одна идея: в видимом тексте собранного сайта нет отвергнутых вариантов."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
import yaml
from sitebuild.lesson.glossary import course_terms

# Отвергнутые слова — из глоссария (начало слова), обороты — из tests/data.
PHRASES = yaml.safe_load(
    (Path(__file__).parent / "data" / "rejected_terms.yml").read_text(encoding="utf-8")
)
WORDS = [
    {"pattern": rf"\b{word}", "use": term.ru.split("/")[0].strip().lower(), "example": word}
    for _, term in course_terms()
    for word in term.rejected
]
REJECTED = PHRASES + WORDS


class _VisibleText(HTMLParser):
    """Текст страницы, который видит читатель: без скриптов, стилей и атрибутов."""

    _HIDDEN: ClassVar[set[str]] = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in self._HIDDEN:
            self._skip += 1

    def handle_endtag(self, tag) -> None:
        if tag in self._HIDDEN and self._skip:
            self._skip -= 1

    def handle_data(self, data) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def test_visible_text_skips_scripts_and_attributes() -> None:
    html = '<p title="узор">паттерн</p><script>var узор = 1;</script><style>.узор{}</style>'
    assert visible_text(html).strip() == "паттерн"


@pytest.mark.parametrize("rule", PHRASES, ids=[r["pattern"] for r in PHRASES])
def test_rejected_phrase_is_caught(rule: dict) -> None:
    # Каждое правило на что-то срабатывает, иначе оно ничего не охраняет.
    assert re.search(rule["pattern"], rule["example"], re.IGNORECASE)


def test_site_uses_one_term_per_idea(site_dir: Path) -> None:
    found = []
    for path in sorted(site_dir.rglob("*.html")):
        text = visible_text(path.read_text(encoding="utf-8"))
        for rule in REJECTED:
            for match in re.finditer(rule["pattern"], text, re.IGNORECASE):
                context = text[max(0, match.start() - 40) : match.end() + 40]
                found.append(f"{path.relative_to(site_dir)}: «{context}» → {rule['use']}")
    assert not found, "Отвергнутые варианты терминов:\n" + "\n".join(found)
