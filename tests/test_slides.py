"""Слайды урока: порядок по технологической карте, заметки, рисунки, клавиши, PDF 16:9."""

from __future__ import annotations

import functools
import itertools
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image
from sitebuild.classroom import slide_images, slides
from sitebuild.lesson import course
from sitebuild.lesson.glossary import sorted_terms
from sitebuild.lesson.lesson_plan import lesson_plan, word_count
from sitebuild.runner import slide_figures

from lessonlib.figures.networks import cnn_scheme_figure
from lessonlib.figures.photos import photo_examples_figure
from lessonlib.fmt import integer as format_count
from lessonlib.images import PHOTO_NAMES
from lessonlib.lessons.lesson01 import LESSON_MAP
from lessonlib.shapes import Conv, Dense, Flatten, ReLU, trace

ROOT = Path(__file__).resolve().parent.parent
LESSON = course.lessons()[0]
"""Урок, на чьих слайдах проверяются его особые слайды и показ в браузере: первый урок курса."""
PLAN = lesson_plan(LESSON.name)
DECK = slides.deck(PLAN)
LESSONS = {x.name: x for x in course.lessons()}
each_lesson = pytest.mark.parametrize("lesson", list(LESSONS))
"""Общие правила слайдов (порядок по карте, заметки, время, рисунки, PDF) — для каждого урока
курса, найденного сборкой."""


@functools.cache
def lesson_deck(lesson: str) -> tuple:
    """Технологическая карта урока и его слайды."""
    plan = lesson_plan(lesson)
    return plan, slides.deck(plan)


FIGURES = slide_figures.lesson_figures(LESSON.name)
"""Рисунки, которые сборка рисует для слайдов урока (``lessons/<урок>/slide_figures.py``)."""


# ---------------------------------------------------------------------------
# Без браузера
# ---------------------------------------------------------------------------


@each_lesson
def test_slides_follow_the_plan_stages_and_steps_in_order(lesson):
    plan, deck = lesson_deck(lesson)
    core = [s for s in deck if not s.optional]
    stages = list(dict.fromkeys(s.stage for s in core))
    assert stages == [stage.title for stage in plan.stages]
    steps = list(dict.fromkeys(s.step for s in core if s.step))
    assert steps == [step.title for step, _, _ in plan.step_schedule()]
    # Запасные слайды — после всех основных.
    flags = [s.optional for s in deck]
    assert flags == sorted(flags)


def test_first_lesson_has_spare_slides():
    assert any(s.optional for s in DECK)


@each_lesson
def test_every_plan_slide_is_one_deck_slide_with_its_own_words(lesson):
    plan, deck = lesson_deck(lesson)
    specs = [spec for stage in plan.stages for spec in stage.all_slides]
    assert sorted(map(id, specs)) == sorted(id(s.source) for s in deck)
    for slide in deck:
        assert slide.say == slide.source.say and slide.notes[0] == slides.plain(slide.say)
        if slide.source.ask:
            assert (
                slide.title == slide.source.ask.text and slide.answers == slide.source.ask.answers
            )


def test_worksheet_task_1_comes_before_the_slides_that_reveal_its_numbers():
    first = [format_count(v) for v in LESSON_MAP.ravel()]
    task = next(k for k, s in enumerate(DECK) if s.kind == "task" and "задание 1" in s.title)
    shown = [k for k, s in enumerate(DECK) if any(n in _visible(s) for n in first)]
    assert shown and task < min(shown)
    assert not any(n in DECK[task].say for n in first)  # педагог не называет ответ заранее


@each_lesson
def test_every_trainer_and_task_says_what_the_class_does_and_how_long(lesson):
    _, deck = lesson_deck(lesson)
    activities = [s for s in deck if s.kind in ("trainer", "task")]
    assert activities
    for s in activities:
        assert s.does and s.activity_minutes > 0 and s.activity_label in s.notes[-1]


def test_missing_slide_moments_of_the_source_plan_exist():
    by_step = {step.key: step.title for step, _, _ in PLAN.step_schedule()}
    formula = [s for s in DECK if s.formula]
    assert len(formula) == 1 and formula[0].step == by_step["output_size"]
    assert "m — размер карты активации" in formula[0].points[0]
    names = {s.picture.name for s in DECK if s.picture}
    assert set(FIGURES.slide_only) <= names
    reflection = [s for s in DECK if s.stage == PLAN.stage("reflection").title]
    assert reflection and list(reflection[0].points) == list(PLAN.reflection)


def test_qr_code_only_from_the_site_address_else_no_qr_and_no_path():
    (page,) = slides.linked_pages(PLAN)
    assert page == "lesson01/plot_08_conv_as_matmul.ipynb"
    title = "Страница 8. Свёртка как умножение на матрицу"
    # Без site_url: название страницы урока, ни QR-кода, ни пути внутри сайта.
    deck = slides.deck(PLAN, titles={page: title})
    (local,) = [s for s in deck if s.page_title]
    assert not local.qr_svg and not local.link
    html = slides.render_deck(PLAN, deck, "../../")
    assert title in html and "<svg" not in html and ".html<" not in html
    assert "адрес" not in html and "QR" not in html
    # С site_url: полный адрес, QR-код с ним и адрес под ним.
    url = "https://example.org/cnn/lesson01/plot_08_conv_as_matmul.html"
    deck = slides.deck(PLAN, {page: url}, titles={page: title})
    (remote,) = [s for s in deck if s.link]
    assert remote.link == url and remote.qr_svg.startswith("<svg") and "viewBox" in remote.qr_svg
    html = slides.render_deck(PLAN, deck, "../../")
    assert html.count("<svg") == 1 and url in html


def test_slide_pictures_come_from_the_lesson_folder_of_the_plan():
    sources = slides.picture_sources(PLAN)
    drawn = set(FIGURES.slide_only)
    step_figures = [f for step, _, _ in PLAN.step_schedule() for f in step.figures]
    for fig in step_figures:
        if fig.name not in drawn:
            assert sources[fig.name] == f"{PLAN.lesson}/figures/{fig.name}.{fig.ext}"
    assert all(sources[name] == "" for name in drawn)
    # Версии для слайда — только у рисунков, которые есть в плане.
    assert set(FIGURES.versions) <= {f.name for f in step_figures}


def test_slide_figures_are_read_from_the_lesson_folder(tmp_path):
    """Урок без ``slide_figures.py`` рисует для слайдов только рисунки страниц; плохой файл
    отвергается по-русски с его путём."""
    assert FIGURES.versions and FIGURES.slide_only
    empty = slide_figures.lesson_figures("lesson77", tmp_path)
    assert empty.versions == {} and empty.slide_only == {}
    bad = tmp_path / "lesson78" / "slide_figures.py"
    bad.parent.mkdir()
    bad.write_text("VERSIONS = ('cnn_scheme',)\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"lesson78/slide_figures\.py: VERSIONS — ожидался"):
        slide_figures.lesson_figures("lesson78", tmp_path)


def test_no_change_build_reads_slide_figures_from_cache_without_drawing(tmp_path):
    def boom():
        raise AssertionError("рисунок нарисован заново, хотя он есть в кэше")

    figure = slide_figures.SlideFigure("probe", boom)
    drawn = slide_figures.figure_path(figure, tmp_path)
    Image.new("RGB", (8, 8), "white").save(drawn)
    drawn.with_suffix(".json").write_text('{"smallest_pt": null}', encoding="utf-8")
    assert slide_figures.draw(figure, tmp_path) == drawn  # уже есть — не нарисован
    data, ext = slide_images.encoded(drawn, tmp_path)
    assert ext in ("png", "jpg") and data
    assert slide_images.encoded(drawn, tmp_path) == (data, ext)
    # Отпечаток — по модулям, которые функция рисунка импортирует (граф импортов).
    version = FIGURES.versions["conv_matrix"]
    names = {
        p.name
        for p in slide_figures.imports.closure(
            ["lessonlib.figures.conv", "lessonlib.lessons.lesson01"], slide_figures.LIBRARY
        )
    }
    assert {"conv.py", "__init__.py", "panels.py"} <= names
    assert version.key() != FIGURES.versions["sobel_house"].key()


def test_the_gallery_runner_draws_missing_slide_figures_once(tmp_path):
    """Прогонщик рисует рисунки слайдов урока, которых нет, с замером надписей; второй раз — нет."""
    lesson = tmp_path / "lessons" / "lesson77"
    lesson.mkdir(parents=True)
    (lesson / "slide_figures.py").write_text(
        "from sitebuild.runner.slide_figures import SlideFigure\n\n\n"
        "def _probe():\n"
        "    from matplotlib.figure import Figure\n\n"
        "    fig = Figure(figsize=(8, 4))\n"
        "    fig.subplots().set_title('проба', fontsize=4)\n"
        "    return fig\n\n\n"
        "SLIDE_ONLY = (SlideFigure('probe', _probe),)\n",
        encoding="utf-8",
    )
    cache = tmp_path / "slides"
    args = (["lesson77"], cache, tmp_path / "lessonlib", tmp_path / "lessons")
    assert slide_figures.draw_lessons(*args) == ["lesson77/probe"]
    figure = slide_figures.lesson_figures("lesson77", tmp_path / "lessons").all["probe"]
    with Image.open(slide_figures.figure_path(figure, cache)) as png:
        ratio = png.width / png.height
    # Кегль 4 pt поднят до проектора: в самом большом месте рисунка слайда — от 24 px.
    metrics = slide_figures.drawn_metrics(figure, cache)
    box_w, box_h = slide_figures.BOX
    shown = min(box_w, box_h * ratio)
    assert metrics["smallest_pt"] / 72 * shown / metrics["width_in"] >= slide_figures.SLIDE_MIN_PX
    assert slide_figures.draw_lessons(*args) == []


def test_slide_versions_raise_only_the_text_that_would_be_too_small():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(19.0, 9.0))
    ax = fig.subplots()
    small, big = ax.text(0, 0, "мелко", fontsize=6), ax.set_title("крупно", fontsize=40)
    ax.tick_params(labelsize=5)
    slide_figures.readable(fig, box=(1900, 900), slack=1.0)
    # 24 px на 1900 px ширины рисунка в 19 дюймов: 24 × 72 × 19 / 1900 = 17,28 pt.
    assert small.get_fontsize() == pytest.approx(17.28) and big.get_fontsize() == 40
    fig.draw_without_rendering()  # подписи делений создаются при отрисовке
    ticks = ax.get_xticklabels() + ax.get_yticklabels()
    assert ticks and all(t.get_fontsize() == pytest.approx(17.28) for t in ticks)


def test_the_teacher_hook_imports_neither_torch_nor_matplotlib():
    code = (
        "import sys, sitebuild.classroom.teacher, sitebuild.runner.slide_figures;"
        "print(sorted({'torch', 'matplotlib'} & set(sys.modules)))"
    )
    env = {"PYTHONPATH": f"{ROOT}:{ROOT / 'tooling'}", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "[]"


def test_formula_examples_are_the_arithmetic_of_the_lesson():
    (formula,) = [s for s in DECK if s.formula]
    examples = formula.points[-1].removeprefix("Примеры: ").split(";")
    assert len(examples) == 3
    for line in examples:
        i, f, one, m = map(int, re.findall(r"\d+", line))
        assert one == 1 and i - f + 1 == m


@each_lesson
def test_every_slide_has_notes_with_stage_and_its_time(lesson):
    _, deck = lesson_deck(lesson)
    for k, slide in enumerate(deck, 1):
        assert slide.notes and slide.stage in slide.header, k
        if slide.optional:
            assert slide.seconds == 0 and "запасной" in slide.header
        else:
            assert slide.seconds > 0 and "урока" in slide.header


@each_lesson
def test_pacing_seconds_are_the_plan_times_of_the_core_slides(lesson):
    plan, deck = lesson_deck(lesson)
    for step, _, _ in plan.step_schedule():
        own = [s.seconds for s in deck if s.step == step.title and not s.optional]
        assert abs(sum(own) - step.minutes * 60) <= len(own)
    total = sum(s.seconds for s in deck)
    assert abs(total - plan.timed_minutes * 60) <= len(deck)
    assert abs(total / 60 - plan.total_minutes) <= len(plan.stages)


@each_lesson
def test_outline_numbers_every_slide(lesson):
    _, deck = lesson_deck(lesson)
    table = slides.outline(deck)
    assert table.count("\n") == len(deck) + 2
    numbers = slides.step_slide_numbers(deck)
    assert sum(len(v) for v in numbers.values()) == sum(
        1 for s in deck if s.step and not s.optional
    )
    assert slides.numbers_text([4]) == "4" and slides.numbers_text([5, 6, 7]) == "5–7"


# ---------------------------------------------------------------------------
# Заметки докладчика говорят о своём слайде (по собранной презентации)
# ---------------------------------------------------------------------------

NUMBER = re.compile(r"[−-]?\d+(?:[  ]\d{3})*(?:,\d+)?(?: ?%)?")


def _numbers(text: str) -> set[str]:
    """Числа текста: ``−192``, ``40 500``, ``3,5``; формы ``28×28`` — по отдельным числам.
    Длительности («5 мин») — время урока, а не содержание слайда: не в счёт."""
    text = text.replace("-", "−").replace("\u00a0", " ")
    text = re.sub(r"\d+(?:,\d+)?\s*мин", " ", text)
    return {n.replace(" ", "") for n in NUMBER.findall(text)}  # «30 %» — не то же, что «30»


def _visible(slide) -> str:
    parts = [slide.title, *slide.points, *slide.answers, slide.reply, slide.does]
    if slide.picture:
        parts.append(slide.picture.caption)
    return " ".join(parts)


@functools.cache
def deck_sections(lesson: str) -> list[tuple[str, str]]:
    """(видимый текст, заметки) каждого слайда собранной презентации урока — как их видит
    класс и докладчик: без подписи шага над заголовком и номера слайда."""
    from bs4 import BeautifulSoup

    html = slides.render_deck(*lesson_deck(lesson), "../../")
    soup = BeautifulSoup(html, "html.parser")
    result = []
    for section in soup.select(".slides > section"):
        notes = section.select_one("aside.notes")
        said = " ".join(p.get_text(" ") for p in notes.select("p")[1:])
        notes.decompose()
        for extra in section.select(".kicker, .number, .hint, .lead"):
            extra.decompose()
        shown = section.get_text(" ") + " ".join(i["alt"] for i in section.select("img"))
        result.append((shown, said))
    return result


@each_lesson
def test_every_number_on_a_slide_is_in_its_notes(lesson):
    sections = deck_sections(lesson)
    assert len(sections) == len(lesson_deck(lesson)[1])
    problems = []
    for k, (shown, said) in enumerate(sections, 1):
        missing = _numbers(shown) - _numbers(said)
        problems += [f"слайд {k}: {sorted(missing)}"] if missing else []
    assert not problems, f"числа слайда не звучат в его заметках: {problems}"


@each_lesson
def test_no_note_names_a_number_that_belongs_to_another_slide(lesson):
    sections = deck_sections(lesson)
    where: dict[str, set[int]] = {}
    for k, (shown, _) in enumerate(sections, 1):
        for n in _numbers(shown):
            where.setdefault(n, set()).add(k)
    # Число «принадлежит» слайду, если на экране оно есть только на нём (29, −192, 40 500…).
    own = {n: next(iter(ks)) for n, ks in where.items() if len(ks) == 1 and len(n) > 1}
    for k, (_, said) in enumerate(sections, 1):
        foreign = {n for n in _numbers(said) if own.get(n, k) != k}
        assert not foreign, f"слайд {k}: заметки называют числа других слайдов {sorted(foreign)}"


@each_lesson
def test_key_terms_in_a_slide_title_are_spoken_in_its_notes(lesson):
    plan, deck = lesson_deck(lesson)
    names = [name for term in sorted_terms(plan.lesson) for name in term.ru.split(" / ")]
    problems = []
    for k, (slide, (_, said)) in enumerate(zip(deck, deck_sections(lesson), strict=True), 1):
        for name in names:
            stem = name.lower()[: max(4, len(name) - 2)]  # без окончания: «свёртк», «фильт»
            if stem in slide.title.lower() and stem not in said.lower():
                problems.append(f"слайд {k}: «{name}»")
    assert not problems, f"термины заголовка не звучат в заметках: {problems}"


@each_lesson
def test_every_slide_is_said_within_its_time(lesson):
    plan, _ = lesson_deck(lesson)
    rate = plan.timing.speech_rate
    for spec in (spec for stage in plan.stages for spec in stage.all_slides):
        assert word_count([spec.say]) / rate <= spec.minutes + 1e-9


def test_cnn_scheme_draws_every_shape_from_trace():
    layers = [Conv(5, 3), ReLU(), Conv(3, 4), ReLU(), Flatten(), Dense(64), ReLU(), Dense(10)]
    fig = cnn_scheme_figure((32, 32, 3), layers, "схема")
    texts = {t.get_text() for ax in fig.axes for t in ax.texts}
    for info in trace((32, 32, 3), layers):
        shape = info.output_shape
        expected = "×".join(map(str, shape)) if len(shape) == 3 else format_count(shape[0])
        assert expected in texts
    assert "вытягивание" in texts and any("ReLU" in t for t in texts)
    assert any("выделяет признаки" in t for t in texts)
    with pytest.raises(ValueError, match="Flatten"):
        cnn_scheme_figure((32, 32, 3), [Conv(5, 3), Dense(10)], "без flatten")


def test_photo_examples_are_real_photos_with_russian_captions():
    fig = photo_examples_figure()
    titles = [ax.get_title() for ax in fig.axes]
    assert len(titles) == len(PHOTO_NAMES) and all(re.search("[а-яё]", t) for t in titles)
    assert not fig.get_suptitle()  # заголовок говорит слайд, не рисунок
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
    small, scale,
  };
}"""


_VISIT = """async () => {
  const s = document.querySelector('.reveal .slides > section.present');
  await Promise.all([...s.querySelectorAll('img')].map(i => i.complete && i.src ? 0 :
    new Promise(r => { i.onload = r; i.onerror = r; })));
  const cut = [...s.querySelectorAll('h1, h2, p, li, img, svg, .answers')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width && (r.top < -1 || r.left < -1 || r.bottom > innerHeight + 1
                       || r.right > innerWidth + 1);
  }).map(e => e.tagName + ' ' + (e.innerText || e.getAttribute('alt') || '').slice(0, 30));
  return {images: [...s.querySelectorAll('img')].map(i => [i.src, i.naturalWidth, i.alt]), cut};
}"""


def _open(browser, site_dir, width, height, lesson=LESSON.name):
    """Презентация урока ``lesson`` с диска в окне ``width``×``height``."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    loaded: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda r: outside.append(r.url) if urlsplit(r.url).scheme != "file" else 0)
    page.on("request", lambda r: loaded.append(r.url) if r.resource_type == "image" else 0)
    page.goto((site_dir / LESSONS[lesson].deck_dir / slides.DECK).resolve().as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    return context, page, outside, errors, loaded


@pytest.fixture(scope="module")
def deck_page(site_dir, browser):
    """Презентация первого урока на 1920×1080: клавиши, ответы по щелчку, окно докладчика."""
    context, page, _, _, _ = _open(browser, site_dir, 1920, 1080)
    yield page
    context.close()


@pytest.mark.browser
@each_lesson
def test_deck_opens_from_disk_offline_with_every_image(site_dir, browser, lesson):
    _, deck = lesson_deck(lesson)
    context, page, outside, errors, _ = _open(browser, site_dir, 1920, 1080, lesson)
    try:
        state = page.evaluate(_STATE)
        assert len(state["titles"]) == len(deck)
        assert state["titles"] == [s.title for s in deck]  # порядок — как в карте
        assert all(state["notes"]), "у слайда нет заметок докладчика"
        assert not state["small"], f"текст мельче 28 px: {state['small'][:3]}"
        for k, slide in enumerate(deck):
            page.evaluate(f"Reveal.slide({k}, 0, -1)")
            seen = page.evaluate(_VISIT)
            assert len(seen["images"]) == (1 if slide.picture else 0), k + 1
            for src, width, alt in seen["images"]:
                assert width > 0, f"картинка не загрузилась: {src}"
                assert re.search("[а-яё]", alt), src
    finally:
        context.close()
    assert not errors and not outside, (errors, outside[:3])


@pytest.mark.browser
@each_lesson
def test_first_view_loads_only_the_nearest_slides_images(site_dir, browser, lesson):
    _, deck = lesson_deck(lesson)
    context, page, _, _, loaded = _open(browser, site_dir, 1920, 1080, lesson)
    page.wait_for_load_state("load")
    first_view = list(loaded)
    context.close()
    # viewDistance 2: слайды 1–3
    near = {f"{LESSONS[lesson].deck_dir}/{s.picture.file}" for s in deck[:3] if s.picture}
    root = site_dir.resolve()
    paths = {Path(urlsplit(url).path).relative_to(root).as_posix() for url in first_view}
    images = {p for p in paths if "/deck/figures/" in p}
    assert images <= near, images - near
    weight = sum((site_dir / p).stat().st_size for p in paths)
    assert weight < 300_000, f"первый экран грузит {weight} байт картинок"


@pytest.mark.browser
@each_lesson
@pytest.mark.parametrize("width, height", [(1920, 1080), (1280, 720)])
def test_nothing_is_cut_off_and_content_is_centred(site_dir, browser, lesson, width, height):
    _, deck = lesson_deck(lesson)
    context, page, _, errors, _ = _open(browser, site_dir, width, height, lesson)
    try:
        for k in range(len(deck)):
            page.evaluate(f"Reveal.slide({k}, 0, 0)")  # ответы открыты: они тоже помещаются
            seen = page.evaluate(_VISIT)
            assert not seen["cut"], f"слайд {k + 1}: обрезано {seen['cut']}"
        # Слайд без рисунка: содержимое посередине по вертикали.
        k = next(k for k, s in enumerate(deck) if s.answers and not s.picture)
        page.evaluate(f"Reveal.slide({k}, 0, -1)")
        top, bottom = page.evaluate(
            "(() => { const s = document.querySelector('section.present');"
            "const kids = [...s.children]"
            ".filter(e => e.offsetParent && !e.matches('.number, .notes'));"
            "const r = kids.map(e => e.getBoundingClientRect());"
            "return [Math.min(...r.map(x => x.top)), Math.max(...r.map(x => x.bottom))]; })()"
        )
        assert abs(top - (height - bottom)) < 0.15 * height, (top, bottom)
    finally:
        context.close()
    assert not errors


@pytest.mark.browser
def test_keyboard_and_clicker_keys_walk_forward_and_back(deck_page):
    page = deck_page
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
    page = deck_page
    first = next(k for k, s in enumerate(DECK) if s.answers)
    page.evaluate(f"Reveal.slide({first}, 0, -1)")
    box = page.locator(f"#slide-{first + 1} .answers")
    assert not box.evaluate("e => e.classList.contains('visible')")
    page.keyboard.press("ArrowRight")
    assert box.evaluate("e => e.classList.contains('visible')")
    assert page.evaluate("Reveal.getIndices().h") == first


def _speaker_view(page, index: int, ready: str):
    """Окно докладчика (клавиша S) на слайде ``index``, когда в нём есть ``ready``."""
    page.evaluate(f"Reveal.slide({index})")
    with page.context.expect_page() as popup_info:
        page.keyboard.press("s")
    popup = popup_info.value
    popup.wait_for_selector(ready, timeout=10_000)
    return popup


@pytest.mark.browser
def test_speaker_view_shows_notes_and_timer(deck_page):
    page = deck_page
    popup = _speaker_view(page, 0, ".speaker-controls-notes .value")
    popup.wait_for_function(
        "document.querySelector('.speaker-controls-notes .value').innerText.length > 0"
    )
    notes = popup.locator(".speaker-controls-notes .value").inner_text()
    assert DECK[0].stage in notes and "мин" in notes
    assert popup.locator(".speaker-controls-time").count() == 1
    popup.wait_for_function(
        "getComputedStyle(document.querySelector('.pacing')).display !== 'none'"
    )
    content = popup.content()
    assert "Заметки" in content and "Окно докладчика" in popup.title()
    layouts = popup.locator(".speaker-layout-dropdown option").all_inner_texts()
    assert layouts and all(re.search("[а-яё]", t) for t in layouts), layouts
    visible = popup.locator("body").inner_text()
    for english in ("Upcoming", "Layout", "Default", "Notes", "Time", "Click", "AM", "PM"):
        assert english not in visible, english
    popup.close()


# Сколько CSS-пикселей ширины занимает сама картинка: рамка вписывает её (object-fit).
_SHOWN = """async () => {
  const img = document.querySelector('.reveal .slides section.present img.figure');
  if (!img) return null;
  if (!img.complete || !img.naturalWidth) {
    await new Promise((resolve) => { img.addEventListener('load', resolve);
                                     img.addEventListener('error', resolve); });
  }
  const box = img.getBoundingClientRect();
  const ratio = img.naturalWidth / img.naturalHeight;
  return {width: Math.min(box.width, box.height * ratio), src: img.currentSrc};
}"""


def _slide_metrics(lesson: str, name: str) -> dict | None:
    """Замер надписей картинки слайда: версия для слайда или рисунок только для слайдов —
    из кэша сборки слайдов, рисунок страницы — из описания рядом с его файлом."""
    from lessonlib.folders import read_notes

    drawn = slide_figures.lesson_figures(lesson).all
    if name in drawn:
        return slide_figures.drawn_metrics(drawn[name], ROOT / ".cache" / "slides")
    path = ROOT / "docs" / lesson / "figures" / f"{name}.png"
    return read_notes(path)


@pytest.mark.browser
@each_lesson
def test_figure_text_on_every_slide_is_readable_from_the_back_row(site_dir, browser, lesson):
    """Надписи каждого рисунка — не мельче 24 px такими, какими их показывает слайд: с
    открытыми ответами на вопрос, если они делят слайд с рисунком."""
    _, deck = lesson_deck(lesson)
    context, page, _, _, _ = _open(browser, site_dir, 1920, 1080, lesson)
    problems, measured = [], 0
    for k, slide in enumerate(deck):
        if not slide.picture or slide.source.show.figure.ext == "gif":
            continue
        metrics = _slide_metrics(lesson, slide.picture.name)
        assert metrics is not None, f"слайд {k + 1}: нет замера надписей {slide.picture.name}"
        page.evaluate(f"Reveal.slide({k}, 0, 0)")  # ответы открыты
        assert page.evaluate("Reveal.getIndices().h") == k
        shown = page.evaluate(_SHOWN)
        if metrics["smallest_pt"] is None:
            continue
        px = metrics["smallest_pt"] / 72 * shown["width"] / metrics["width_in"]
        measured += 1
        if px < slide_figures.SLIDE_MIN_PX:
            problems.append(
                f"слайд {k + 1} ({slide.picture.name}): «{metrics['smallest_text']}» → {px:.1f} px"
            )
    context.close()
    assert measured, f"{lesson}: ни одного рисунка с надписями на слайдах"
    assert not problems, "Надписи мельче 24 px на 1920×1080:\n" + "\n".join(problems)


@pytest.mark.browser
def test_speaker_view_label_sits_above_the_next_slide(deck_page):
    page = deck_page
    popup = _speaker_view(page, 1, "#upcoming-slide iframe")
    boxes = popup.evaluate(
        """() => ['#upcoming-slide'].map((id) => ({
             label: document.querySelector(id + ' .label').getBoundingClientRect().bottom,
             frame: document.querySelector(id + ' iframe').getBoundingClientRect().top}))"""
    )
    popup.close()
    for box in boxes:
        assert box["label"] <= box["frame"] + 1, box


# ---------------------------------------------------------------------------
# PDF 16:9
# ---------------------------------------------------------------------------


def _print(site_dir: Path, browser, lesson: str, name: str, out: Path) -> Path:
    from sitebuild.printing import pdfs

    name = f"{lesson}-{name}"
    ready = site_dir / "pdf" / f"{name}.pdf"
    if ready.exists():
        return ready
    doc = next(d for d in pdfs.documents(site_dir) if d.name == name)
    with pdfs.serve(site_dir) as base:
        path = out / f"{name}.pdf"
        path.write_bytes(pdfs.print_document(browser, base, doc))
    return path


@pytest.mark.browser
@pytest.mark.slow
@each_lesson
def test_slides_pdf_is_16_by_9_with_one_page_a_slide(site_dir, browser, tmp_path, lesson):
    from pypdf import PdfReader

    plan, deck = lesson_deck(lesson)
    pdf = _print(site_dir, browser, lesson, "slides", tmp_path)
    reader = PdfReader(pdf)
    assert len(reader.pages) == len(deck)
    box = reader.pages[0].mediabox
    assert abs(float(box.width) / float(box.height) - 16 / 9) < 0.02
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout.replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text)
    for stage in plan.stages:
        assert f"{stage.title} — {stage.planned} мин" in text, stage.title


@each_lesson
def test_plan_page_points_to_slides_instead_of_thumbnails(site_dir, lesson):
    plan, deck = lesson_deck(lesson)
    html = (site_dir / lesson / "teacher" / "plan.html").read_text(encoding="utf-8")
    numbers = slides.step_slide_numbers(deck)
    for step, _, _ in plan.step_schedule():
        first = numbers[step.title][0]
        assert f'href="deck/index.html#slide-{first}"' in html, step.title
    assert "plan-thumb" not in html and ".png</code>" not in html
    assert html.count("Углубление по желанию") == len(numbers)
    for k in range(1, len(deck) + 1):  # ход урока называет каждый слайд презентации
        assert f"Слайд {k}" in html, k
    outline = (site_dir / lesson / "teacher" / "slides.html").read_text(encoding="utf-8")
    assert 'href="deck/index.html"' in outline and outline.count("<tr>") == len(deck) + 1
