"""PDF для печати: технологическая карта, урок, задания и ответы (sitebuild.printing.pdfs).

PDF печатает сама сборка ``mkdocs build`` в ``site/pdf`` (если есть Chromium); если их нет,
тест печатает их сам во временную папку. Без Chromium тесты пропускаются, а в CI падают
(фикстура ``chromium_path``).
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sitebuild.lesson.exercises import exercises
from sitebuild.lesson.lesson_plan import lesson_plan

ROOT = Path(__file__).resolve().parent.parent
from sitebuild.lesson import course  # noqa: E402
from sitebuild.printing import pdfs as make_pdfs  # noqa: E402

LESSON = course.lessons()[0]
"""Урок, на чьём поддельном сайте проверяются меню и ссылки (без браузера)."""
LESSONS = {lesson.name: lesson for lesson in course.lessons()}
KINDS = [(name, doc.kind) for name, x in LESSONS.items() for doc in make_pdfs.lesson_documents(x)]
"""Все PDF курса (урок, вид): настоящие PDF проверяются у каждого урока, найденного сборкой."""
each_lesson = pytest.mark.parametrize("lesson", list(LESSONS))
each_pdf = pytest.mark.parametrize(("lesson", "name"), KINDS)


def _pdf(pdf_dir: Path, name: str, lesson: str) -> Path:
    """PDF вида ``name`` урока ``lesson``: ``pdf/lesson01-plan.pdf``."""
    return pdf_dir / Path(LESSONS[lesson].pdf(name)).name


# ---------------------------------------------------------------------------
# Без браузера: меню, ссылки «Скачать PDF», отказ без Chromium
# ---------------------------------------------------------------------------

_NAV = """<html><body>
<nav class="md-nav md-nav--primary"><ul>
<li><a href="index.html">Главная</a></li>
<li><nav class="md-nav"><a href="lesson01/plot_02_b.html">Б</a>
<a href="lesson01/plot_01_a.html#x">А</a><a href="lesson01/plot_02_b.html">Б</a>
<a href="lesson01/plot_09_missing.html">нет файла</a></nav></li>
<li><a href="exercises.html">Задания</a></li></ul></nav>
<nav class="md-nav md-nav--secondary"><a href="lesson01/plot_03_c.html">оглавление</a></nav>
</body></html>"""


def _fake_site(tmp_path: Path) -> Path:
    """Сайт из пустых страниц: у первого урока — меню :data:`_NAV`, у остальных уроков
    курса — по одной странице в меню (у каждого урока свой PDF «все страницы урока»)."""
    others = "".join(
        f'<li><a href="{lesson.name}/plot_01_a.html">{lesson.name}</a></li>'
        for lesson in course.lessons()[1:]
    )
    nav = _NAV.replace("</ul></nav>", f"{others}</ul></nav>", 1)
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "index.html").write_text(nav, encoding="utf-8")
    for lesson in course.lessons():
        (tmp_path / lesson.name).mkdir(parents=True)
        for name in ("plot_01_a", "plot_02_b", "plot_03_c"):
            (tmp_path / lesson.name / f"{name}.html").write_text("<html></html>", encoding="utf-8")
    for doc in make_pdfs.planned():
        for page in (p.split("?")[0] for p in doc.pages):  # «?print-pdf» — запрос, не файл
            (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
            css = os.path.relpath("s.css", os.path.dirname(page) or ".")
            (tmp_path / page).write_text(f'<link rel="stylesheet" href="{css}">', encoding="utf-8")
    return tmp_path


def test_lesson_pages_follow_the_primary_navigation(tmp_path):
    site = _fake_site(tmp_path)
    # Порядок меню, без повторов, без несуществующих файлов и без оглавления страницы.
    first = make_pdfs.lesson_pages(site, LESSON.name)
    assert first == [f"{LESSON.name}/plot_02_b.html", f"{LESSON.name}/plot_01_a.html"]
    others = [f"{lesson.name}/plot_01_a.html" for lesson in course.lessons()[1:]]
    assert make_pdfs.lesson_pages(site) == first + others


def test_missing_pages_are_reported_in_russian(tmp_path):
    (tmp_path / "index.html").write_text("<nav class='md-nav--primary'></nav>", encoding="utf-8")
    with pytest.raises(make_pdfs.PdfError, match="нет"):
        make_pdfs.documents(tmp_path)
    assert make_pdfs.main(["--site", str(tmp_path / "nowhere"), "--cache", str(tmp_path)]) == 1


def test_without_chromium_if_available_only_warns(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(make_pdfs.shutil, "which", lambda name: None)
    assert make_pdfs.main(["--site", str(tmp_path), "--if-available"]) == 0
    assert "PDF не напечатаны" in capsys.readouterr().err
    site = _fake_site(tmp_path / "site")
    assert make_pdfs.main(["--site", str(site), "--cache", str(tmp_path / "cache")]) == 1
    assert "нет Chromium" in capsys.readouterr().err


def test_pdf_link_appears_only_when_pdfs_are_printed(tmp_path, monkeypatch):
    from sitebuild.lesson import macros

    site = macros.Site(tmp_path, LESSON.plan_page, LESSON.name)
    monkeypatch.setattr(make_pdfs, "can_print", lambda: False)
    assert site.pdf_link(LESSON.pdf("plan"), "Скачать PDF") == ""
    monkeypatch.setattr(make_pdfs, "can_print", lambda: True)
    link = site.pdf_link(LESSON.pdf("plan"), "Скачать PDF")
    assert f"](../../pdf/{LESSON.name}-plan.pdf)" in link and ".pdf-download" in link


def test_sitebuild_pdf_0_turns_printing_off(monkeypatch):
    monkeypatch.setenv("SITEBUILD_PDF", "0")
    assert not make_pdfs.can_print()


def test_document_key_follows_its_pages_and_their_styles_only(tmp_path):
    site = _fake_site(tmp_path)
    (site / "s.css").write_text("a {}", encoding="utf-8")
    plan, exercises = (
        d
        for d in make_pdfs.documents(site)
        if d.kind in ("plan", "exercises") and d.lesson == LESSON.name
    )
    before = make_pdfs.document_key(site, plan)
    (site / exercises.pages[0]).write_text("<p>другое</p>", encoding="utf-8")
    assert make_pdfs.document_key(site, plan) == before
    (site / "s.css").write_text("a { color: red }", encoding="utf-8")
    after_css = make_pdfs.document_key(site, plan)
    assert after_css != before
    with (site / plan.pages[0]).open("a", encoding="utf-8") as page:
        page.write("<p>новый шаг</p>")
    assert make_pdfs.document_key(site, plan) != after_css


# ---------------------------------------------------------------------------
# Настоящие PDF
# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory, chromium_path, site_dir) -> Path:
    printed = site_dir / make_pdfs.PDF_DIR
    paths = [_pdf(printed, name, lesson) for lesson, name in KINDS]
    if not all(path.is_file() and path.stat().st_size for path in paths):
        make_pdfs.make_pdfs(site_dir, tmp_path_factory.mktemp("pdf-cache"))
    return printed


@pytest.fixture(scope="session")
def sheets(pdf_dir, tmp_path_factory):
    """Листы PDF вида ``name`` урока ``lesson`` картинками (оттенки серого, 30 точек на дюйм):
    каждый PDF растрируется один раз за прогон, его листы смотрят все тесты ниже."""
    rendered: dict[tuple[str, str], list[Path]] = {}

    def render(name: str, lesson: str) -> list[Path]:
        if (lesson, name) not in rendered:
            folder = tmp_path_factory.mktemp(f"sheets-{lesson}-{name}")
            pdf = _pdf(pdf_dir, name, lesson)
            subprocess.run(
                ["pdftoppm", "-r", "30", "-gray", str(pdf), str(folder / "p")], check=True
            )
            # номера листов — с нулями впереди
            rendered[lesson, name] = sorted(folder.glob("p-*.pgm"))
        return rendered[lesson, name]

    return render


def _text(pdf: Path) -> str:
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    return re.sub(r"\s+", " ", raw.replace("\u00a0", " "))


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


@pytest.mark.browser
@pytest.mark.slow
@each_lesson
def test_every_pdf_exists_with_a_plausible_page_count(pdf_dir, site_dir, lesson):
    pages = {name: _pages(_pdf(pdf_dir, name, lesson)) for x, name in KINDS if x == lesson}
    lesson_pages = len(make_pdfs.lesson_pages(site_dir, lesson))
    # Этапы идут подряд, без пустых листов (print.css): короткая карта практической работы
    # занимает меньше листов, чем у неё этапов; что напечатан каждый этап — тест ниже.
    assert 2 <= pages["plan"] <= 40, pages
    # Обложка и каждая страница урока с нового листа.
    assert lesson_pages + 1 <= pages["lesson"] <= 12 * lesson_pages + 1, pages
    # У практической работы заданий мало: лист учеников — одна страница.
    assert 1 <= pages["exercises"] < pages["exercises-answers"] <= 40, pages


@pytest.mark.browser
@pytest.mark.slow
@each_lesson
def test_plan_pdf_names_every_stage_with_its_duration(pdf_dir, lesson):
    text = _text(_pdf(pdf_dir, "plan", lesson))
    plan = lesson_plan(lesson)
    for stage in plan.stages:
        assert f"{stage.title} — {stage.planned} мин" in text, stage.title
    for step in (step for stage in plan.stages for step in stage.steps):
        assert step.title in text
    assert f"Продолжительность: {plan.total_minutes} мин" in text
    for resource in plan.resources:
        assert resource.url in text  # адреса внешних ссылок напечатаны
    # Раздел ресурсов — только у урока, у которого они есть: без пустого заголовка.
    assert ("Рекомендуемые ресурсы" in text) == bool(plan.resources)
    assert "{#" not in text and "{%" not in text  # шаблоны карты разобраны целиком


@pytest.mark.browser
@pytest.mark.slow
@each_lesson
def test_exercise_sheets_hide_or_show_answers(pdf_dir, lesson):
    student = _text(_pdf(pdf_dir, "exercises", lesson))
    answers = _text(_pdf(pdf_dir, "exercises-answers", lesson))
    for ex in exercises(lesson):
        assert ex.title in student and ex.title in answers
    assert "Ответ и решение" in answers and "Ответ и решение" not in student
    first = re.sub(r"\s+", " ", exercises(lesson)[0].explanation.split(":")[0])
    assert first in answers and first not in student


@pytest.mark.browser
@pytest.mark.slow
@each_lesson
def test_lesson_pdf_has_every_lesson_page(pdf_dir, site_dir, lesson):
    text = _text(_pdf(pdf_dir, "lesson", lesson))
    pages = make_pdfs.lesson_pages(site_dir, lesson)
    assert pages
    for page in pages:
        source = (site_dir / page).read_text(encoding="utf-8")
        title = html.unescape(re.search(r"<h1[^>]*>(.*?)<", source, re.S).group(1).strip())
        assert title in text, page


@pytest.mark.browser
@pytest.mark.slow
@each_pdf
def test_fonts_embedded_math_rendered(pdf_dir, lesson, name):
    pdf = _pdf(pdf_dir, name, lesson)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows, "в PDF нет шрифтов"
    for row in rows:
        emb = row.split()[-5]  # колонки: … emb sub uni object ID
        assert emb == "yes", f"шрифт не встроен: {row}"
    text = _text(pdf)
    assert re.search("[а-яё]{4}", text), "нет кириллицы"
    # В коде урока знаки $ и \ законны, поэтому сырой TeX ищется только в тексте страниц
    # на Markdown; формулы ячеек блокнота проверяет перед печатью сам make_pdfs.
    markers = ("$$",) if name == "lesson" else ("$", "\\begin{", "\\frac", "\\(")
    for raw in markers:
        assert raw not in text, f"формула не отрисована: {raw}"


@pytest.mark.browser
@pytest.mark.slow
@each_pdf
def test_no_blank_pages(pdf_dir, sheets, lesson, name):
    images = sheets(name, lesson)
    assert len(images) == _pages(_pdf(pdf_dir, name, lesson))
    for path in images:
        page = Image.open(path)
        w, h = page.size
        body = page.crop((0, 0, w, int(h * 0.9)))  # без колонтитула с номером страницы
        dark = sum(body.histogram()[:200])
        assert dark > 0.002 * w * h, f"{lesson}-{name}.pdf: пустая страница {path.name}"


def _filled(path: Path) -> float:
    """Какая доля высоты листа (без колонтитула) занята: от верха до нижней тёмной строки."""
    page = Image.open(path)
    w, h = page.size
    body = np.asarray(page.crop((0, 0, w, int(h * 0.94))))
    rows = np.flatnonzero(body.min(axis=1) < 200)  # строки, где есть тёмная точка
    return (rows[-1] + 1) / h if rows.size else 0.0


@pytest.mark.browser
@pytest.mark.slow
@each_lesson
def test_lesson_pdf_has_no_near_empty_sheets(pdf_dir, sheets, lesson):
    """Лист заполнен хотя бы на треть — кроме последнего листа страницы урока (дальше
    следующая страница начинается с нового листа)."""
    pdf = _pdf(pdf_dir, "lesson", lesson)
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout.split("\f")
    sheets = sheets("lesson", lesson)
    titles = [t.split(". ", 1)[-1] for t in _lesson_titles(pdf)]
    starts = [
        k for k, text in enumerate(raw[: len(sheets)]) if any(t in text[:300] for t in titles)
    ]
    before_new_part = {k - 1 for k in starts} | {len(sheets) - 1}
    empty = [
        f"лист {k + 1}: {_filled(path):.0%}"
        for k, path in enumerate(sheets)
        if k not in before_new_part and _filled(path) < 1 / 3
    ]
    assert not empty, f"{pdf.name}: почти пустые листы {empty}"


def _lesson_titles(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-l", "2", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return [line.strip() for line in text.splitlines() if len(line.strip()) > 12][2:]


@pytest.mark.browser
@pytest.mark.slow
@each_pdf
def test_pdf_title_metadata_is_the_document_title(pdf_dir, lesson, name):
    from pypdf import PdfReader

    doc = next(
        d for d in make_pdfs.documents(pdf_dir.parent) if d.kind == name and d.lesson == lesson
    )
    assert PdfReader(_pdf(pdf_dir, name, lesson)).metadata.title == doc.title


_HEADING = re.compile(r"<h[1-4][^>]*>(.*?)</h[1-4]>", re.S)


def _headings(site_dir: Path, doc) -> set[str]:
    """Тексты заголовков страниц, из которых печатается ``doc``."""
    found = set()
    for page in doc.pages:
        source = (site_dir / make_pdfs._path(page)).read_text(encoding="utf-8")
        for raw in _HEADING.findall(source):
            text = html.unescape(re.sub(r"<[^>]+>", "", raw)).replace("¶", "")
            found.add(" ".join(text.replace("\u00a0", " ").split()))
    return found - {""}


@pytest.mark.browser
@pytest.mark.slow
@each_lesson
@pytest.mark.parametrize("name", ["lesson", "plan", "exercises", "exercises-answers"])
def test_no_heading_left_alone_at_the_foot_of_a_sheet(pdf_dir, site_dir, sheets, lesson, name):
    """Последняя строка листа (над колонтитулом) — не заголовок: его текст на другом листе."""
    doc = next(d for d in make_pdfs.documents(site_dir) if d.kind == name and d.lesson == lesson)
    headings = _headings(site_dir, doc)
    pdf = _pdf(pdf_dir, name, lesson)
    raw = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    alone = []
    for number, sheet in enumerate(raw.split("\f")[:-1], start=1):
        lines = [" ".join(line.replace("\u00a0", " ").split()) for line in sheet.splitlines()]
        body = [line for line in lines if line and not re.search(r"стр\. \d+ из \d+", line)]
        if (
            body
            and body[-1] in headings
            and not _drawn_below(pdf, number, body[-1], sheets(name, lesson)[number - 1])
        ):
            alone.append(f"лист {number}: «{body[-1]}»")
    assert not alone, f"{pdf.name}: заголовок внизу листа без текста: {alone}"


def _drawn_below(pdf: Path, sheet: int, heading: str, picture: Path) -> bool:
    """Есть ли под последним заголовком листа ``sheet`` (его картинка — ``picture``) рисунок
    (текста под ним нет): тёмные строки между низом заголовка и колонтитулом."""
    page = ["-f", str(sheet), "-l", str(sheet)]
    boxes = subprocess.run(
        ["pdftotext", "-bbox", *page, "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    words = re.findall(r'yMax="([\d.]+)">([^<]*)</word>', boxes)
    last = heading.split()[-1]
    bottom = max(float(y) for y, word in words if html.unescape(word) == last)
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', boxes).group(1))
    image = Image.open(picture)
    scale = image.height / height
    band = image.crop((0, int((bottom + 12) * scale), image.width, int(image.height * 0.9)))
    return band.height > 0 and sum(band.histogram()[:200]) > 0.01 * band.width * band.height


@each_lesson
def test_site_links_the_pdfs_that_exist(site_dir, lesson):
    pages = {
        "plan": "teacher/plan.html",
        "exercises": "exercises.html",
        "exercises-answers": "exercises-answers.html",
    }
    for name, page in pages.items():
        page = LESSONS[lesson].page(page)
        source = (site_dir / page).read_text(encoding="utf-8")
        target = os.path.relpath(LESSONS[lesson].pdf(name), os.path.dirname(page))
        linked = f'href="{target}"' in source
        assert linked == (site_dir / LESSONS[lesson].pdf(name)).exists(), (name, page)


@pytest.mark.browser
@pytest.mark.slow
@each_lesson
def test_lesson_pdf_prints_no_answers_not_even_on_its_first_page(pdf_dir, site_dir, lesson):
    # Material раскрывает все <details> страницы перед печатью; первая страница урока —
    # та, куда вклеены остальные, поэтому её ответы печатались раскрытыми.
    text = _text(_pdf(pdf_dir, "lesson", lesson))
    assert "Проверь себя" in text
    page = (site_dir / make_pdfs.lesson_pages(site_dir, lesson)[0]).read_text(encoding="utf-8")
    hidden = re.findall(r"<summary>Ответ</summary>\s*<p>(.*?)</p>", page, re.DOTALL)
    assert hidden, "на первой странице урока нет спрятанных ответов — тест ничего не проверит"
    for answer in hidden:
        plain = html.unescape(re.sub(r"<[^>]+>", "", answer)).replace("\u00a0", " ")
        words = re.sub(r"\s+", " ", plain)[:40]
        assert words not in text, words


@pytest.mark.browser
def test_browser_print_of_a_lesson_page_has_no_figure_addresses_and_no_buttons(
    site_server, browser
):
    """Печать страницы урока из браузера (Ctrl+P): под рисунками нет их адресов (ссылка лупы
    ведёт на сам рисунок), кнопки анимации и другие кнопки не печатаются."""
    page = browser.new_page()
    page.goto(f"{site_server}/lesson01/plot_01_convolution.html", wait_until="load")
    page.wait_for_selector(".lesson-motion__toggle", state="attached")
    page.emulate_media(media="print")
    found = page.evaluate(
        """() => ({
          addresses: [...document.querySelectorAll('.md-typeset a[href]')]
            .filter((a) => a.querySelector('img') || a.classList.contains('glightbox'))
            .map((a) => getComputedStyle(a, '::after').content)
            .filter((c) => c && c !== 'none' && c !== 'normal'),
          external: [...document.querySelectorAll('.md-typeset a[href^="http"]')]
            .filter((a) => !a.querySelector('img') && !a.classList.contains('glightbox'))
            .map((a) => getComputedStyle(a, '::after').content),
          buttons: [...document.querySelectorAll('button, .md-button')]
            .filter((b) => getComputedStyle(b).display !== 'none' && b.getClientRects().length)
            .map((b) => b.className || b.tagName),
          figures: document.querySelectorAll('a.glightbox img').length,
        })"""
    )
    page.close()
    assert found["figures"] > 0
    assert not found["addresses"], found["addresses"][:3]
    assert not found["buttons"], found["buttons"][:5]
    assert all("(" in c for c in found["external"])  # адрес внешней ссылки — печатается


def _pooling_steppers(site_dir: Path, lesson: str) -> list[dict]:
    """Настройки (``data-config``) тренажёров «Пулинг по окнам» на страницах урока."""
    found = []
    for page in make_pdfs.lesson_pages(site_dir, lesson):
        source = (site_dir / page).read_text(encoding="utf-8")
        for tag in re.findall(r'<div [^>]*data-widget="pooling-stepper"[^>]*>', source):
            config = re.search(r'data-config="([^"]*)"', tag).group(1)
            found.append(json.loads(html.unescape(config)))
    return found


def _pool(grid: np.ndarray, size: int, stride: int, reduce) -> np.ndarray:
    """Пулинг прямым перебором окон — независимо от lessonlib и тренажёра."""
    side = [(n - size) // stride + 1 for n in grid.shape]
    return np.array(
        [
            [
                reduce(grid[r * stride : r * stride + size, c * stride : c * stride + size])
                for c in range(side[1])
            ]
            for r in range(side[0])
        ]
    )


@pytest.mark.browser
@pytest.mark.slow
def test_pooling_stepper_prints_the_finished_lesson_example(pdf_dir, site_dir):
    """Пулинг по окнам на бумаге: не пустая сетка результата, а все окна карты урока уже
    пройдены — числа максимума и среднего напечатаны по порядку, под подписью примера."""
    from lessonlib.fmt import exact

    checked = 0
    for lesson in LESSONS:
        text = _text(_pdf(pdf_dir, "lesson", lesson))
        for config in _pooling_steppers(site_dir, lesson):
            grid, size, stride = np.array(config["map"]), config["size"], config["stride"]
            caption = f"окно {size}×{size}, шаг {stride} — все окна пройдены."
            assert caption in text, f"{lesson}: нет снимка пулинга «{caption}»"
            rest = text[text.index(caption) :]
            for reduce in (np.max, np.mean):
                for value in _pool(grid, size, stride, reduce).ravel():
                    number = exact(value).replace("\u00a0", " ")
                    shown = re.search(rf"(?<![\d,]){re.escape(number)}(?![\d,])", rest)
                    assert shown, f"{lesson}: в PDF нет {number} ({reduce.__name__})"
                    rest = rest[shown.end() :]
            checked += 1
    assert checked, "ни на одной странице уроков нет тренажёра «Пулинг по окнам»"
