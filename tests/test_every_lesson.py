"""Проверки, которые проходят по каждому уроку курса, а не только по первому: слайды,
страницы урока и их PDF так, как их видит педагог накануне урока."""

from __future__ import annotations

import html
import itertools
import json
import re
import subprocess
from pathlib import Path

import pytest
from sitebuild.classroom import slides
from sitebuild.lesson import course
from sitebuild.lesson.glossary import course_terms, terms
from sitebuild.lesson.lesson_plan import Show, lesson_plan
from sitebuild.lesson.mdtext import latex_matrix

ROOT = Path(__file__).resolve().parent.parent
LESSONS = [lesson.name for lesson in course.lessons()]
SCRIPTS = sorted((ROOT / "gallery").glob("lesson*/plot_*.py"))


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_class_activity_on_a_slide_shows_the_minutes_of_the_plan(lesson):
    shown = 0
    for slide in slides.deck(lesson_plan(lesson)):
        if not slide.does:
            continue
        minutes = slide.source.show.minutes
        assert minutes > 0 and slide.activity_minutes == minutes, slide.title
        assert slide.activity_label == slides.duration(minutes), slide.title
        assert slide.notes[-1].startswith(f"Класс ({slide.activity_label})"), slide.title
        shown += 1
    assert shown


def test_a_class_activity_without_minutes_is_rejected_naming_the_field():
    with pytest.raises(ValueError, match=r"show\.minutes"):
        Show(page="plot_01_a", does="Работают в блокноте.")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_check_yourself_is_the_last_section_and_holds_every_question(script):
    """Страница урока: цели → ядро → «Проверь себя» в конце, все вопросы — в этом разделе."""
    lines = script.read_text(encoding="utf-8").splitlines()
    headings = [
        (k, line[2:])
        for k, (line, under) in enumerate(itertools.pairwise(lines))
        if line.startswith("# ") and re.fullmatch(r"# -{3,}", under) and len(under) == len(line)
    ]
    questions = [k for k, line in enumerate(lines) if re.match(r"# \*\*\d+\.\*\*", line)]
    if not questions:  # страница без вопросов (подробности для любопытных)
        return
    assert headings[-1][1] == "Проверь себя", [title for _, title in headings[-3:]]
    assert min(questions) > headings[-1][0]


_NUMBER = re.compile(r"[−\d][\d\u00a0 ]*(,\d+)?(\u00a0%)?")


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def _table_numbers(notebook: Path) -> list[str]:
    """Числа из клеток таблиц, которые напечатали ячейки блокнота страницы (кроме таблиц
    в «Подробнее»: эти блоки lesson.pdf не печатает — print.css)."""
    numbers = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            text = "".join(output.get("data", {}).get("text/markdown", ""))
            if text.lstrip().startswith("<details"):
                continue
            for line in text.splitlines():
                if line.startswith("|") and not line.startswith("| ---"):
                    cells = [c.strip() for c in line.strip("|").split("|")]
                    numbers += [c for c in cells if _NUMBER.fullmatch(c)]
    return numbers


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_pdf_prints_every_table_cell_and_no_screen_hints(site_dir, chromium_path, lesson):
    """На бумаге таблицу не пролистать: каждое число каждой таблицы урока напечатано
    (столбцы не обрезаны краем листа), а подписи «листайте вбок» нет. Тренажёры напечатаны
    снимком, а не подсказкой для браузера без JavaScript."""
    pdf = site_dir / next(x for x in course.lessons() if x.name == lesson).pdf("lesson")
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    text = _plain(raw)
    assert "листайте" not in text
    assert "JavaScript" not in text
    notebooks = sorted((ROOT / "docs" / lesson).glob("plot_*.ipynb"))
    assert notebooks, f"страницы урока {lesson} не выполнены: nox -s build"
    for notebook in notebooks:
        missing = [n for n in _table_numbers(notebook) if _plain(n) not in text]
        assert not missing, f"{notebook.stem}: в PDF нет {missing[:5]}"


def test_matrices_in_formulas_write_numbers_the_russian_way():
    assert latex_matrix([[2.5, -5.75], [40500, 0]]) == (
        r"\begin{pmatrix} 2{,}5 & -5{,}75 \\ 40{\,}500 & 0 \end{pmatrix}"
    )


@pytest.mark.parametrize("lesson", LESSONS)
def test_answers_page_has_no_raw_dollars_and_no_decimal_points(site_dir, lesson):
    """Формулы ответов стали MathML: ни «$» от неразобранной формулы, ни «2.5» вместо «2,5»."""
    page = (site_dir / lesson / "exercises-answers.html").read_text(encoding="utf-8")
    article = page.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    text = re.sub(r"<math.*?</math>", " ", article, flags=re.S)
    assert "$" not in re.sub(r"<[^>]+>", " ", text)
    assert not re.findall(r"<mn>\d+\.\d+</mn>", article)


def test_one_glossary_entry_per_term_across_the_course():
    """Термин, введённый на одном занятии, другое не определяет заново: в глоссарии курса
    у каждого названия одна статья — и у каждой идеи одно название: одно английское название
    (padding) у двух статей значит, что уроки назвали одну идею по-разному (рамка и
    дополнение)."""
    seen: dict[str, str] = {}
    for lesson, term in course_terms():
        names = [n.strip().lower().replace("ё", "е") for n in term.ru.split("/")]
        names += [f"англ. {n.strip().lower()}" for n in term.en.split(",")]
        for name in names:
            assert name not in seen, f"«{name}»: {seen[name]} и {lesson}/{term.key}"
            seen[name] = f"{lesson}/{term.key}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_page_that_introduces_a_term_links_its_glossary_entry(site_dir, lesson):
    missing = []
    for term in terms(lesson):
        page = (site_dir / lesson / f"{term.page}.html").read_text(encoding="utf-8")
        if f"glossary.html#{term.key}" not in page:
            missing.append(f"{term.page}: #{term.key}")
    assert not missing, "нет ссылок на термины: " + ", ".join(missing)


@pytest.mark.parametrize("lesson", LESSONS)
def test_an_answer_cell_shows_nothing_before_its_answer_is_opened(lesson):
    """Ячейка «Проверь себя» выводит только свой ответ: напечатанное ею (print) стояло бы
    на странице открыто, над кнопкой «Ответ», и выдавало ответ."""
    notebooks = sorted((ROOT / "docs" / lesson).glob("plot_*.ipynb"))
    assert notebooks, f"страницы урока {lesson} не выполнены: nox -s build"
    for notebook in notebooks:
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if "answer" in cell.get("metadata", {}).get("tags", []):
                kinds = [o["output_type"] for o in cell["outputs"]]
                assert kinds == ["execute_result"], f"{notebook.stem}: {cell['source'][:60]}"


_FOLDED = re.compile(r'<details class="code-fold">.*?</details>', re.S)
_CODE = re.compile(r'<div class="highlight-ipynb hl-python"><pre>(.*?)</pre>', re.S)
# Код, который только раскладывает готовый результат по странице (lessonlib.markdown, .report).
_LAYOUT = re.compile(r"(?<![\w.])(table|Markdown|Details)\(")


def open_code(page_html: str) -> list[str]:
    """Код ячеек, который страница показывает открытым (не под «Показать код»)."""
    shown = _FOLDED.sub("", page_html)
    return [html.unescape(re.sub(r"<[^>]+>", "", code)) for code in _CODE.findall(shown)]


@pytest.mark.parametrize("lesson", LESSONS)
def test_open_code_is_what_the_student_reads_and_layout_is_folded(site_dir, lesson):
    """Правило каждой страницы урока: открыт код, который ученик читает и меняет
    (вычисление, сеть, обучение); код, который только раскладывает результат в таблицу,
    текст или «Подробнее» (``table``, ``Markdown``, ``Details``), — под «Показать код», как
    на всех страницах (на «Снова 40 500» таблица входов полносвязного слоя стояла открытой)."""
    pages = sorted((site_dir / lesson).glob("plot_*.html"))
    assert pages and any(open_code(p.read_text(encoding="utf-8")) for p in pages)
    layout = [
        f"{page.stem}: {match.group(0)}"
        for page in pages
        for code in open_code(page.read_text(encoding="utf-8"))
        for match in _LAYOUT.finditer(code)
    ]
    assert not layout, "открыт код оформления — пометьте ячейку #| fold: " + ", ".join(layout)
