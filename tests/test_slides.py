"""Слайды урока: порядок по технологической карте, заметки, рисунки, клавиши, PDF 16:9."""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitebuild import slides
from sitebuild.lesson_plan import lesson_plan

from lessonlib.figures.networks import cnn_scheme_figure
from lessonlib.figures.photos import photo_examples_figure
from lessonlib.fmt import integer as format_count
from lessonlib.images import PHOTO_NAMES
from lessonlib.shapes import Conv, Dense, ReLU, trace

ROOT = Path(__file__).resolve().parent.parent
PLAN = lesson_plan()
DECK = slides.deck(PLAN)


# ---------------------------------------------------------------------------
# Без браузера
# ---------------------------------------------------------------------------


def test_slides_follow_the_plan_stages_and_steps_in_order():
    stages = list(dict.fromkeys(s.stage for s in DECK))
    assert stages == [stage.title for stage in PLAN.stages]
    steps = list(dict.fromkeys(s.step for s in DECK if s.step))
    assert steps == [step.title for step, _, _ in PLAN.step_schedule()]


def test_every_plan_figure_is_shown_once_in_its_step_and_questions_come_first():
    for step, _, _ in PLAN.step_schedule():
        own = [s for s in DECK if s.step == step.title]
        shown = [s.picture.path for s in own if s.picture]
        for fig in step.figures:
            assert shown.count(f"lesson01/figures/{fig.name}.{fig.ext}") == 1, fig.name
        if step.questions:
            assert own[0].title == step.questions[0].text  # вопрос — раньше объяснения
            assert not own[0].picture
        titles = [s.title for s in own]
        assert all(q.text in titles for q in step.questions)


def test_missing_slide_moments_of_the_source_plan_exist():
    by_step = {step.key: step.title for step, _, _ in PLAN.step_schedule()}
    formula = [s for s in DECK if s.formula]
    assert len(formula) == 1 and formula[0].step == by_step["output_size"]
    assert "m — размер карты активации" in formula[0].points[0]
    qr = [s for s in DECK if s.qr_svg]
    assert len(qr) == 1 and qr[0].link.endswith("plot_08_conv_as_matmul.html")
    assert qr[0].qr_svg.startswith("<svg") and "viewBox" in qr[0].qr_svg
    paths = {s.picture.path for s in DECK if s.picture}
    assert {d.path for d in slides.DRAWN} <= paths
    reflection = [s for s in DECK if s.stage == PLAN.stage("reflection").title]
    assert reflection and list(reflection[0].points) == list(PLAN.reflection)


def test_formula_examples_are_the_arithmetic_of_the_lesson():
    examples = slides.formula_points()[-1].removeprefix("Примеры: ").split(";")
    assert len(examples) == 3
    for line in examples:
        i, f, one, m = map(int, re.findall(r"\d+", line))
        assert one == 1 and i - f + 1 == m


def test_every_slide_has_notes_with_stage_and_planned_minutes():
    for k, slide in enumerate(DECK, 1):
        assert slide.notes, k
        assert slide.stage in slide.header and f"{slide.minutes}\u00a0мин" in slide.header


def test_pacing_seconds_fill_each_step_and_stage():
    for step, _, _ in PLAN.step_schedule():
        own = [s.seconds for s in DECK if s.step == step.title]
        assert step.minutes * 60 - len(own) < sum(own) <= step.minutes * 60
    for stage in PLAN.stages:
        if not stage.steps:
            own = [s.seconds for s in DECK if s.stage == stage.title]
            assert stage.minutes * 60 - len(own) < sum(own) <= stage.minutes * 60


@pytest.mark.parametrize("n, count", [(6, 7), (6, 2), (1, 3), (5, 5), (0, 2)])
def test_spread_keeps_order_and_gives_every_slide_text(n, count):
    points = [f"пункт {k}" for k in range(n)]
    parts = slides.spread(points, count)
    assert len(parts) == count
    flat = [p for part in parts for p in part]
    assert list(dict.fromkeys(flat)) == points  # ни один пункт не потерян, порядок тот же
    if n:
        assert all(parts)
    with pytest.raises(ValueError, match="count"):
        slides.spread(points, 0)


def test_outline_numbers_every_slide():
    table = slides.outline(DECK)
    assert table.count("\n") == len(DECK) + 2
    numbers = slides.step_slide_numbers(DECK)
    assert sum(len(v) for v in numbers.values()) == sum(1 for s in DECK if s.step)
    assert slides.numbers_text([4]) == "4" and slides.numbers_text([5, 6, 7]) == "5–7"


def test_cnn_scheme_draws_every_shape_from_trace():
    layers = [Conv(5, 3), ReLU(), Conv(3, 4), ReLU(), *slides.CNN_LAYERS[4:]]
    fig = cnn_scheme_figure((32, 32, 3), layers, "схема")
    texts = {t.get_text() for ax in fig.axes for t in ax.texts}
    for info in trace((32, 32, 3), layers):
        shape = info.output_shape
        expected = "×".join(map(str, shape)) if len(shape) == 3 else format_count(shape[0])
        assert expected in texts
    assert "flatten" in texts and any("ReLU" in t for t in texts)
    assert any("выделяет признаки" in t for t in texts)
    with pytest.raises(ValueError, match="Flatten"):
        cnn_scheme_figure((32, 32, 3), [Conv(5, 3), Dense(10)], "без flatten")


def test_photo_examples_are_real_photos_with_russian_captions():
    fig = photo_examples_figure()
    titles = [ax.get_title() for ax in fig.axes]
    assert len(titles) == len(PHOTO_NAMES) and all(re.search("[а-яё]", t) for t in titles)
    assert "ImageNet" not in fig.get_suptitle()
    for ax in fig.axes:
        image = ax.get_images()[0].get_array()
        assert image.ndim == 3 and image.std() > 10  # настоящая цветная фотография
    with pytest.raises(ValueError, match="names"):
        photo_examples_figure(())


# ---------------------------------------------------------------------------
# В браузере: файл с диска, без сети
# ---------------------------------------------------------------------------

_STATE = """() => {
  const slides = [...document.querySelectorAll('.reveal .slides > section')];
  const scale = Reveal.getScale();
  const small = [...document.querySelectorAll('.reveal .slides section :is(p, li, h1, h2)')]
    .filter(e => e.closest('aside') === null && e.innerText.trim())
    .map(e => [e.innerText.slice(0, 40), parseFloat(getComputedStyle(e).fontSize)])
    .filter(([, size]) => size < 28);
  return {
    titles: slides.map(s => s.querySelector('h1, h2').innerText.trim()),
    notes: slides.map(s => (s.querySelector('aside.notes') || {innerText: ''}).innerText.trim()),
    images: [...document.images].map(i => [i.getAttribute('src'), i.naturalWidth, i.alt]),
    small, scale,
  };
}"""


@pytest.fixture(scope="module")
def deck_page(site_dir, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).scheme != "file" else 0)
    url = (site_dir / slides.DECK_PAGE).resolve().as_uri()
    page.goto(url)
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    page.evaluate(
        "Promise.all([...document.images].map(i => i.complete ? 0 : new Promise(r => {"
        "i.onload = r; i.onerror = r; })))"
    )
    yield page, outside, errors
    context.close()


@pytest.mark.browser
def test_deck_opens_from_disk_offline_with_every_image(deck_page):
    page, outside, errors = deck_page
    state = page.evaluate(_STATE)
    assert not errors and not outside, (errors, outside[:3])
    assert len(state["titles"]) == len(DECK)
    assert state["titles"] == [s.title for s in DECK]  # порядок — как в карте
    for src, width, alt in state["images"]:
        assert width > 0, f"картинка не загрузилась: {src}"
        assert re.search("[а-яё]", alt), src
    assert all(state["notes"]), "у слайда нет заметок докладчика"
    assert not state["small"], f"текст мельче 28 px: {state['small'][:3]}"


@pytest.mark.browser
def test_keyboard_and_clicker_keys_walk_forward_and_back(deck_page):
    page, _, _ = deck_page
    page.evaluate("Reveal.slide(0, 0, -1)")
    page.locator(".reveal").focus()
    seen = [page.evaluate("Reveal.getIndices().h")]
    forward = ["ArrowRight", "Space", "PageDown"]
    for k in range(3 * len(DECK)):
        page.keyboard.press(forward[k % 3])
        seen.append(page.evaluate("Reveal.getIndices().h"))
        if seen[-1] == len(DECK) - 1 and page.evaluate("Reveal.isLastSlide()"):
            break
    assert sorted(set(seen)) == list(range(len(DECK)))
    assert all(b - a in (0, 1) for a, b in itertools.pairwise(seen))
    back = ["ArrowLeft", "PageUp"]
    for k in range(3 * len(DECK)):
        page.keyboard.press(back[k % 2])
        if page.evaluate("Reveal.getIndices().h") == 0:
            break
    assert page.evaluate("Reveal.getIndices().h") == 0


@pytest.mark.browser
def test_answers_appear_only_after_a_click(deck_page):
    page, _, _ = deck_page
    first = next(k for k, s in enumerate(DECK) if s.answers)
    page.evaluate(f"Reveal.slide({first}, 0, -1)")
    box = page.locator(f"#slide-{first + 1} .answers")
    assert not box.evaluate("e => e.classList.contains('visible')")
    page.keyboard.press("ArrowRight")
    assert box.evaluate("e => e.classList.contains('visible')")
    assert page.evaluate("Reveal.getIndices().h") == first


@pytest.mark.browser
def test_speaker_view_shows_notes_and_timer(deck_page):
    page, _, _ = deck_page
    page.evaluate("Reveal.slide(0)")
    with page.context.expect_page() as popup_info:
        page.keyboard.press("s")
    popup = popup_info.value
    popup.wait_for_selector(".speaker-controls-notes .value", timeout=10_000)
    popup.wait_for_function(
        "document.querySelector('.speaker-controls-notes .value').innerText.length > 0"
    )
    notes = popup.locator(".speaker-controls-notes .value").inner_text()
    assert DECK[0].stage in notes and "мин" in notes
    assert popup.locator(".speaker-controls-time").count() == 1
    popup.wait_for_function(
        "getComputedStyle(document.querySelector('.pacing')).display !== 'none'"
    )
    assert "Заметки" in popup.content()
    popup.close()


# ---------------------------------------------------------------------------
# PDF 16:9
# ---------------------------------------------------------------------------


def _print(site_dir: Path, browser, name: str, out: Path) -> Path:
    from sitebuild import pdfs

    ready = ROOT / "docs" / "pdf" / f"{name}.pdf"
    if ready.exists():
        return ready
    doc = next(d for d in pdfs.documents(site_dir) if d.name == name)
    with pdfs.serve(site_dir) as base:
        path = out / f"{name}.pdf"
        path.write_bytes(pdfs.print_document(browser, base, doc))
    return path


@pytest.mark.browser
@pytest.mark.slow
def test_slides_pdf_is_16_by_9_with_one_page_a_slide(site_dir, browser, tmp_path):
    from pypdf import PdfReader

    pdf = _print(site_dir, browser, "slides", tmp_path)
    reader = PdfReader(pdf)
    assert len(reader.pages) == len(DECK)
    box = reader.pages[0].mediabox
    assert abs(float(box.width) / float(box.height) - 16 / 9) < 0.02
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout.replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text)
    for stage in PLAN.stages:
        assert f"{stage.title} — {stage.minutes} мин" in text, stage.title


def test_plan_page_points_to_slides_instead_of_thumbnails(site_dir):
    html = (site_dir / "teacher" / "plan.html").read_text(encoding="utf-8")
    numbers = slides.step_slide_numbers(DECK)
    for step, _, _ in PLAN.step_schedule():
        first = numbers[step.title][0]
        assert f'href="deck/index.html#slide-{first}"' in html, step.title
    assert "plan-thumb" not in html and ".png</code>" not in html
    assert html.count("Основной путь") == html.count("Углубление по желанию") == len(numbers)
    outline = (site_dir / "teacher" / "slides.html").read_text(encoding="utf-8")
    assert 'href="deck/index.html"' in outline and outline.count("<tr>") == len(DECK) + 1
