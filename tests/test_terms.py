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
    """Текст страницы, который видит читатель: без скриптов, стилей и атрибутов; с
    ``prose=True`` — ещё и без кода (и его копии для буфера обмена), формул, скрытого
    (``hidden``) и английских вставок (``lang="en"``)."""

    _HIDDEN: ClassVar[set[str]] = {"script", "style", "template"}
    _NOT_PROSE: ClassVar[set[str]] = {"code", "pre", "kbd", "math"}

    def __init__(self, prose: bool) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipped: list[str] = []  # открытые теги, текст внутри которых не берём
        self._prose = prose

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        not_prose = (
            tag in self._NOT_PROSE
            or "hidden" in attrs
            or (attrs.get("lang") or "").startswith("en")
            or "clipboard-copy-txt" in (attrs.get("class") or "")
        )
        if self._skipped and tag == self._skipped[-1]:
            self._skipped.append(tag)  # вложенный такой же тег: ждём и его конца
        elif tag in self._HIDDEN or (self._prose and not_prose):
            self._skipped.append(tag)

    def handle_endtag(self, tag) -> None:
        if self._skipped and tag == self._skipped[-1]:
            self._skipped.pop()

    def handle_data(self, data) -> None:
        if not self._skipped:
            self.parts.append(data)


def visible_text(html: str, *, prose: bool = False) -> str:
    parser = _VisibleText(prose)
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def test_visible_text_skips_scripts_and_attributes() -> None:
    html = '<p title="узор">паттерн</p><script>var узор = 1;</script><style>.узор{}</style>'
    assert visible_text(html).strip() == "паттерн"
    html = '<p>рамка <code>padding=1</code> <span lang="en">padding</span> <em>и</em></p>'
    assert visible_text(html, prose=True).split() == ["рамка", "и"]


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


_JS_EXPRESSION = re.compile(r"\$\{[^}]*\}")


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


def _english_names() -> dict[str, str]:
    """Английские названия терминов, у которых в глоссарии есть русское: padding → рамка.
    Английское название, которое глоссарий сам даёт синонимом («Вытягивание / flatten»),
    стережёт своё правило в ``tests/data/rejected_terms.yml``."""
    names = {}
    for _, term in course_terms():
        synonyms = [n.strip() for n in term.ru.split("/")]
        russian = next((n for n in synonyms if re.search("[а-яё]", n, re.I)), "")
        for name in term.en.split(","):
            name = re.sub(r"\([^)]*\)", " ", name).split()  # «fully connected (dense) layer»
            if russian and name and " ".join(name) not in synonyms:
                names[r"[\s-]+".join(map(re.escape, name))] = russian.lower()
    return names


ENGLISH = _english_names()
# Длинные названия раньше коротких: «feature map» — одно название, а не «feature».
_ENGLISH = re.compile(
    r"(?<![\w.])(?:{})(?![\w:])".format("|".join(sorted(ENGLISH, key=len, reverse=True)))
)
# Английское слово через дефис с русским («max-пулинг») — тоже английское название термина.
_HYBRID = re.compile(r"(?<![\w.-])[a-z]+-[а-яё]+")


def english_terms(text: str) -> list[str]:
    """Английские названия терминов в русском тексте вне скобок: «(padding)» после
    русского термина — можно, «три max-пулинга» и «сделаем padding» — нет. Имена классов
    PyTorch с большой буквы (``Flatten``) и слоёв в таблицах форм («flatten: 40 500»,
    как в сводках Keras) — не термины."""
    text = re.sub(r"\([^()]*\)", " ", text)
    return [m.group(0) for m in (*_HYBRID.finditer(text), *_ENGLISH.finditer(text))]


def test_english_term_names_are_caught() -> None:
    assert ENGLISH[r"max[\s-]+pooling"] == "максимум-пулинг" and ENGLISH["padding"] == "рамка"
    found = english_terms("Три max-пулинга и padding, потом feature map.")
    assert sorted(found) == ["feature map", "max-пулинга", "padding"]
    assert not english_terms("Рамка (padding), шаг свёртки (stride, англ. stride), ReLU-слой.")
    assert not english_terms("После Flatten — вектор; flatten: 40 500 чисел.")


def test_pages_name_terms_in_russian(site_dir: Path) -> None:
    """Термин, у которого в глоссарии есть русское название, страницы называют по-русски;
    английское — только в скобках после русского, в коде и в английских вставках."""
    found = []
    for path in sorted(site_dir.rglob("*.html")):
        text = visible_text(path.read_text(encoding="utf-8"), prose=True)
        found += [f"{path.relative_to(site_dir)}: {word}" for word in english_terms(text)]
    assert not found, "Английские названия вместо русских терминов:\n" + "\n".join(found)


def test_trainers_name_terms_in_russian(site_dir: Path) -> None:
    found = []
    for path in sorted(site_dir.rglob("javascripts/*.js")):
        for label in js_labels(path.read_text(encoding="utf-8")):
            shown = _JS_EXPRESSION.sub("…", label)  # код в ${…} читатель не видит
            found += [f"{path.name}: «{label}»" for _ in english_terms(shown)]
    assert not found, "Английские названия терминов в тренажёрах:\n" + "\n".join(found)
