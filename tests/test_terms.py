"""Один термин — одна идея: в видимом тексте собранного сайта нет отвергнутых вариантов.

Проверяется всё, что читает ученик или педагог: страницы (урок, задания, глоссарий,
технологическая карта, слайды педагога), подписи тренажёров (строки ``widgets.js``) и
печатные PDF (технологическая карта, урок, лист заданий).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
import yaml
from sitebuild.lesson.glossary import course_terms
from sitebuild.pages.squeezenet_assets import FOLDER, NET_JS

# Отвергнутые слова — из глоссария (начало слова), обороты — из tests/data.
PHRASES = yaml.safe_load(
    (Path(__file__).parent / "data" / "rejected_terms.yml").read_text(encoding="utf-8")
)
# Слово в «ёлочках» — упоминание слова, а не замена термина: «называют и «дополнением»».
WORDS = [
    {"pattern": rf"(?<!«)\b{word}", "use": term.ru.split("/")[0].strip().lower(), "example": word}
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


def _rejected(text: str, where: str) -> list[str]:
    found = []
    for rule in REJECTED:
        for match in re.finditer(rule["pattern"], text, re.IGNORECASE):
            context = text[max(0, match.start() - 40) : match.end() + 40]
            found.append(f"{where}: «{context}» → {rule['use']}")
    return found


def test_site_uses_one_term_per_idea(site_dir: Path) -> None:
    found = []
    for path in sorted(site_dir.rglob("*.html")):
        text = visible_text(path.read_text(encoding="utf-8"))
        found += _rejected(text, str(path.relative_to(site_dir)))
    assert not found, "Отвергнутые варианты терминов:\n" + "\n".join(found)


_JS_COMMENT = re.compile(r"/\*.*?\*/|^\s*//.*?$", re.DOTALL | re.MULTILINE)
_JS_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`")


def js_labels(source: str) -> list[str]:
    """Русские строки сценария (подписи, подсказки, сообщения) без комментариев кода."""
    code = _JS_COMMENT.sub(" ", source)
    return [
        m.group(0)[1:-1] for m in _JS_STRING.finditer(code) if re.search("[а-яё]", m.group(0), re.I)
    ]


def test_js_labels_are_russian_strings_only() -> None:
    source = (
        "// весов и сдвигов\n"
        'const a = "веса + сдвиги", b = `шаг ${n}`; /* flatten */ x("id", \'рамка\');'
    )
    assert js_labels(source) == ["веса + сдвиги", "шаг ${n}", "рамка"]


def test_trainers_use_one_term_per_idea(site_dir: Path) -> None:
    # и русские названия классов сети «Что видит настоящая сеть»
    scripts = sorted([*site_dir.rglob("javascripts/*.js"), site_dir / FOLDER / NET_JS])
    assert scripts, "в собранном сайте нет сценариев тренажёров"
    found = []
    for path in scripts:
        for label in js_labels(path.read_text(encoding="utf-8")):
            found += _rejected(label, str(path.relative_to(site_dir)))
    assert not found, "Отвергнутые варианты терминов в тренажёрах:\n" + "\n".join(found)


def test_printed_documents_use_one_term_per_idea(site_dir: Path) -> None:
    pdfs = sorted((site_dir / "pdf").glob("*.pdf"))
    if not pdfs or shutil.which("pdftotext") is None:
        pytest.skip("Нет PDF или pdftotext: `sudo apt-get install -y chromium poppler-utils`")
    found = []
    for path in pdfs:
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        # Перенос строки в PDF — тот же пробел, а перенос слова по слогам склеиваем.
        text = re.sub(r"\s+", " ", re.sub(r"-\n(?=[а-яё])", "", text))
        found += _rejected(text, str(path.relative_to(site_dir)))
    assert not found, "Отвергнутые варианты терминов в PDF:\n" + "\n".join(found)


def test_equivariance_of_the_map_and_invariance_of_the_answer_are_two_terms() -> None:
    """Сдвиг карты вместе с объектом — эквивариантность, неизменный ответ —
    инвариантность; глоссарий не смешивает их и ссылается с одного на другое."""
    from sitebuild.lesson.glossary import get_term

    invariance = get_term("invariantnost-k-perenosu")
    equivariance = get_term("ekvivariantnost")
    assert "ответ" in invariance.definition and "(#ekvivariantnost)" in invariance.definition
    assert "карт" in equivariance.definition and "сдвинул" in equivariance.definition
    assert "эквивариантн" not in invariance.ru.lower()
