"""Доступность собранного сайта в Chromium: axe-core, клавиатура, подписи, движение.

axe-core 4.14.1 (Deque, MPL-2.0) лежит в tests/vendor/axe-core/ и подключается в каждую
страницу. Ни одного нарушения любой важности ни на одной странице site/ — на компьютере в
светлой теме и на телефоне в тёмной; оставшиеся два сочетания (компьютер + тёмная, телефон +
светлая) проверяются на страницах, которые вместе содержат каждый класс разметки сайта: цвета
и видимость элементов задают стили классов, поэтому так покрыт каждый вид элементов. На
странице тренажёров — и после нескольких действий. Падает со списком «правило — страница —
элемент».
"""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = {"компьютер": 1280, "телефон": 375}
SCHEMES = {"light": "default", "dark": "slate"}  # тема браузера → палитра Material
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
ANIMATION_PAGE = "lesson01/plot_01_convolution.html"

# Ждёт формулы (если на странице MathJax) и запускает axe по всей странице.
_AXE_RUN = """async () => {
  if (window.MathJax && MathJax.startup) { await MathJax.startup.promise; }
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""

# Подписи, которые видит или слышит пользователь: у кнопок, полей, ссылок-значков.
_LABELS = """() => {
  const out = [];
  const selector = '[aria-label], [title], [placeholder], button, [role=button], summary';
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('[lang]:not([lang^=ru])')) continue;  // название на другом языке
    const text = [el.getAttribute('aria-label'), el.getAttribute('title'),
                  el.getAttribute('placeholder'), el.innerText].filter(Boolean).join(' ');
    if (!text.trim()) continue;  // пустые подписи — забота axe
    out.push({tag: el.tagName.toLowerCase(), cls: el.className.toString(), text});
  }
  return out;
}"""


def site_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


_MARKUP = re.compile(r'class="([^"]*)"|data-widget="([^"]*)"')


def covering_pages(site: Path, pages: list[str]) -> list[str]:
    """Немного страниц, на которых вместе есть каждый класс разметки и каждый тренажёр.

    Жадное покрытие множества: каждый раз — страница с наибольшим числом ещё не покрытых.
    """
    marks = {}
    for name in pages:
        found = _MARKUP.findall((site / name).read_text(encoding="utf-8"))
        marks[name] = {c for classes, _ in found for c in classes.split()} | {
            f"data-widget={w}" for _, w in found if w
        }
    left = set().union(*marks.values())
    chosen = []
    while left:
        best = max(pages, key=lambda name: (len(marks[name] & left), name))
        chosen.append(best)
        left -= marks[best]
    return chosen


def axe_violations(page, where: str) -> list[str]:
    """Нарушения axe на открытой странице — строками «правило [важность] где: элемент»."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return [
        f"{v['rule']} [{v['impact']}] {where}: {node['target']} — {v['help']}"
        for v in page.evaluate(_AXE_RUN)
        for node in v["nodes"]
    ]


def english_labels(page, where: str) -> list[str]:
    return [
        f"{where}: <{label['tag']} class={label['cls']!r}> без русской подписи: {label['text']!r}"
        for label in page.evaluate(_LABELS)
        if not CYRILLIC.search(label["text"])
    ]


@pytest.fixture(scope="module")
def axe_contexts(browser):
    """Один контекст на каждую ширину × тему: страницы внутри открываются по очереди."""
    contexts = {
        (width_name, scheme): browser.new_context(
            viewport={"width": width, "height": 900}, color_scheme=scheme
        )
        for width_name, width in WIDTHS.items()
        for scheme in SCHEMES
    }
    for context in contexts.values():
        # Индекс поиска (сотни КБ) каждая страница разбирает в фоне, пока работает axe, —
        # проверке окна поиска он не нужен (результатов нет, пока не спросили).
        context.route("**/search/search_index.json", lambda route: route.abort())
    yield contexts
    for context in contexts.values():
        context.close()


# Каждая страница — в двух сочетаниях, которые вместе дают обе ширины и обе темы.
EVERY_PAGE = [("компьютер", "light"), ("телефон", "dark")]
CROSS = [combo for combo in product(WIDTHS, SCHEMES) if combo not in EVERY_PAGE]


def _sweep(site_server, context, pages, width_name, scheme) -> list[str]:
    problems: list[str] = []
    page = context.new_page()
    for name in pages:
        where = f"{name} ({width_name}, {scheme})"
        page.goto(f"{site_server}/{name}", wait_until="load")
        palette = page.evaluate("() => document.body.dataset.mdColorScheme || null")
        if palette is not None and palette != SCHEMES[scheme]:
            problems.append(f"{where}: палитра {palette}, а ждали {SCHEMES[scheme]}")
        problems += axe_violations(page, where)
        if (width_name, scheme) == EVERY_PAGE[0]:
            problems += english_labels(page, where)
    page.close()
    return problems


@pytest.mark.parametrize(("width_name", "scheme"), EVERY_PAGE)
def test_axe_finds_nothing_on_every_page(site_dir, site_server, axe_contexts, width_name, scheme):
    pages = site_pages(site_dir)
    assert len(pages) > 10, pages
    problems = _sweep(site_server, axe_contexts[width_name, scheme], pages, width_name, scheme)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("width_name", "scheme"), CROSS)
def test_axe_finds_nothing_in_the_other_combinations(
    site_dir, site_server, axe_contexts, width_name, scheme
):
    pages = covering_pages(site_dir, site_pages(site_dir))
    problems = _sweep(site_server, axe_contexts[width_name, scheme], pages, width_name, scheme)
    assert not problems, "\n".join(problems)


def test_covering_pages_hold_every_class_of_the_site(site_dir):
    pages = site_pages(site_dir)
    chosen = covering_pages(site_dir, pages)
    assert len(chosen) < len(pages)
    text = "".join((site_dir / name).read_text(encoding="utf-8") for name in chosen)
    for name in pages:
        for classes, widget in _MARKUP.findall((site_dir / name).read_text(encoding="utf-8")):
            for mark in classes.split():
                assert re.search(rf'class="[^"]*(?<![\w-]){re.escape(mark)}(?![\w-])', text), (
                    name,
                    mark,
                )
            if widget:
                assert f'data-widget="{widget}"' in text, (name, widget)


def test_axe_finds_nothing_in_trainers_after_use(site_server, axe_contexts):
    """Тренажёры в состояниях, до которых их доводит ученик: шаги, выбор пикселя, пресет."""
    problems: list[str] = []
    for (width_name, scheme), context in axe_contexts.items():
        page = context.new_page()
        page.goto(f"{site_server}/widgets.html", wait_until="load")
        page.wait_for_selector('[data-widget="shape-calculator"][data-mounted]')
        where = f"widgets.html ({width_name}, {scheme})"
        page.click('[data-testid="stepper-forward"]')
        page.click('[data-testid="stepper-forward"]')
        problems += axe_violations(page, f"{where} после двух шагов свёртки")
        page.click('[data-testid="stepper-end"]')
        page.locator('[data-testid^="rf-pixel-"]').last.click()
        page.locator('[data-testid^="calc-preset-"]').last.click()
        problems += axe_violations(page, f"{where} после всех шагов, пикселя и пресета")
        page.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", ["index.html", ANIMATION_PAGE])
def test_skip_link_jumps_to_the_content(site_server, browser, name):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site_server}/{name}", wait_until="load")
    page.keyboard.press("Tab")
    skip = page.evaluate(
        "() => ({skip: document.activeElement.classList.contains('md-skip'),"
        " text: document.activeElement.innerText})"
    )
    assert skip["skip"], f"первый Tab попал не на ссылку «к содержанию»: {skip}"
    assert CYRILLIC.search(skip["text"]), skip
    # Ссылка проявляется плавно; ждём, пока она станет видна целиком.
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")
    page.keyboard.press("Enter")
    target = page.evaluate(
        """() => { const id = decodeURIComponent(location.hash.slice(1));
                 const el = document.getElementById(id);
                 return el && {tag: el.tagName, top: el.getBoundingClientRect().top}; }"""
    )
    page.close()
    assert target is not None, "ссылка «к содержанию» ведёт в никуда"
    assert target["tag"] == "H1" and 0 <= target["top"] < 200, target


# Tab по странице: что сейчас в фокусе, какого оно вида и где на экране.
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  window.__focused = el;
  const box = el.getBoundingClientRect();
  const classes = [...el.classList].filter(c => c !== 'focus-visible').sort().join('.');
  return {what: el.outerHTML.slice(0, 120), kind: `${el.tagName}.${classes}`,
          box: {x: box.x, y: box.y, width: box.width, height: box.height}};
}"""
# Без плавных переходов снимок сразу показывает конечный вид элемента.
_NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; }"
_RING = 6  # столько пикселей вокруг элемента занимает рамка фокуса


def _clip(page, box: dict) -> dict | None:
    """Область снимка: элемент и поля под рамку, в пределах окна."""
    view = page.viewport_size
    x0, y0 = max(box["x"] - _RING, 0), max(box["y"] - _RING, 0)
    x1 = min(box["x"] + box["width"] + _RING, view["width"])
    y1 = min(box["y"] + box["height"] + _RING, view["height"])
    if x1 - x0 < 1 or y1 - y0 < 1:
        return None
    return {"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0}


@pytest.mark.parametrize("name", ["index.html", "lesson01/plot_02_output_size.html"])
@pytest.mark.parametrize("width", WIDTHS.values())
def test_focus_is_visible_on_everything_reachable_by_tab(site_server, browser, name, width):
    """Снимок элемента в фокусе отличается от снимка без фокуса — для каждого вида элементов."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{site_server}/{name}", wait_until="load")
    page.add_style_tag(content=_NO_TRANSITIONS)
    seen: set[str] = set()
    kinds: set[str] = set()
    invisible: list[str] = []
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused is None or focused["what"] in seen:
            break
        seen.add(focused["what"])
        if focused["kind"] in kinds:
            continue
        kinds.add(focused["kind"])
        clip = _clip(page, focused["box"])
        if clip is None:
            invisible.append(f"вне экрана: {focused['what']}")
            continue
        with_focus = page.screenshot(clip=clip)
        page.evaluate("() => window.__focused.blur()")
        without = page.screenshot(clip=clip)
        page.evaluate("() => window.__focused.focus()")  # дальше Tab идёт от него
        if with_focus == without:
            invisible.append(focused["what"])
    page.close()
    assert len(seen) > 5, f"Tab обошёл только {len(seen)} элементов"
    assert not invisible, "фокус не виден:\n" + "\n".join(invisible)


def test_code_that_scrolls_sideways_is_reachable_by_keyboard(site_server, browser):
    page = browser.new_page(viewport={"width": 375, "height": 900})
    page.goto(f"{site_server}/lesson01/plot_02_output_size.html", wait_until="load")
    # Код под закрытым «Показать код» не виден и не нужен клавиатуре; раскрытый — нужен.
    measure = """els => els.filter(el => el.checkVisibility()).map(el => ({
        scrolls: el.scrollWidth > el.clientWidth + 1,
        tab: el.tabIndex, label: el.getAttribute('aria-label')}))"""
    code = page.locator(".jupyter-wrapper .highlight-ipynb")
    folded = page.locator(".jupyter-wrapper details.code-fold")
    assert folded.count(), "на странице нет свёрнутого кода — раскрытие не проверить"
    for opened in (False, True):
        if opened:
            folded.evaluate_all("els => els.forEach(d => { d.open = true; })")
            # ResizeObserver срабатывает перед отрисовкой кадра: ждём два кадра.
            page.evaluate(
                "() => new Promise(r => requestAnimationFrame(() => "
                "requestAnimationFrame(() => r(true))))"
            )
        cells = code.evaluate_all(measure)
        scrolling = [c for c in cells if c["scrolls"]]
        assert scrolling, "на телефоне ни одна ячейка кода не шире экрана — проверять нечего"
        assert all(c["tab"] == 0 and CYRILLIC.search(c["label"] or "") for c in scrolling), cells
        assert all(c["tab"] == -1 for c in cells if not c["scrolls"]), cells
    # Стрелка вправо прокручивает ячейку, на которую перешли с клавиатуры.
    cell = page.locator(".jupyter-wrapper .highlight-ipynb[tabindex='0']").first
    cell.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Прокрутка клавишей плавная: ждём, а не читаем сразу (под нагрузкой она не успевала).
    cell.page.wait_for_function("e => e.scrollLeft > 0", arg=cell.element_handle())
    page.close()


# Состояние анимации: видна ли она, и какие неподвижные кадры показаны.
_MOTION = """() => {
  const gif = document.querySelector('img[data-stills]');
  const stills = [...document.querySelectorAll('.lesson-motion__stills img')]
    .filter(img => img.offsetParent !== null)
    .map(img => ({alt: img.alt, ok: img.complete && img.naturalWidth > 0}));
  const toggle = document.querySelector('.lesson-motion__toggle');
  return {gif: gif.offsetParent !== null, stills, expected: JSON.parse(gif.dataset.stills).length,
          toggle: toggle && toggle.innerText};
}"""


def _motion(page) -> dict:
    page.wait_for_function(
        "() => [...document.querySelectorAll('.lesson-motion__stills img')]"
        ".every(img => img.complete)"
    )
    return page.evaluate(_MOTION)


def _assert_stills_shown(state: dict) -> None:
    assert not state["gif"], "анимация видна, хотя её должны были заменить кадры"
    assert len(state["stills"]) == state["expected"] > 1, state
    for still in state["stills"]:
        assert still["ok"] and CYRILLIC.search(still["alt"]), state


def test_animation_can_be_paused_and_resumed(site_server, browser):
    page = browser.new_page(reduced_motion="no-preference")
    page.goto(f"{site_server}/{ANIMATION_PAGE}", wait_until="load")
    state = _motion(page)
    assert state["gif"] and not state["stills"], state
    assert CYRILLIC.search(state["toggle"]), state
    # Значок паузы нарисован стилями, а не знаком «⏸» (без шрифта эмодзи — пустой квадрат).
    assert not re.search(r"[\u2190-\u2bff\U0001f300-\U0001faff]", state["toggle"]), state
    icon = page.locator(".lesson-motion__icon--pause").evaluate(
        "e => [e.offsetWidth, getComputedStyle(e).borderLeftStyle, e.getAttribute('aria-hidden')]"
    )
    assert icon[0] > 0 and icon[1] == "solid" and icon[2] == "true", icon
    page.click(".lesson-motion__toggle")
    _assert_stills_shown(_motion(page))
    page.keyboard.press("Enter")  # кнопка осталась в фокусе: Enter запускает снова
    state = _motion(page)
    page.close()
    assert state["gif"] and not state["stills"], state


def test_reduced_motion_shows_the_static_steps(site_server, browser):
    page = browser.new_page(reduced_motion="reduce")
    page.goto(f"{site_server}/{ANIMATION_PAGE}", wait_until="load")
    _assert_stills_shown(_motion(page))
    page.close()
