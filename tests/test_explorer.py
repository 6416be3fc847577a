"""«Что видит настоящая сеть» (docs/javascripts/explorer.js, squeezenet.js) в Chromium.

Прямой проход на JavaScript сверяется с torch (lessonlib.squeezenet) на тех же пикселях,
которые браузер подал сети: те же пять классов, вероятности расходятся не больше чем на 0,01.
Код и веса тренажёра не грузятся до нажатия «Загрузить сеть»; с сервера веса приходят двоичным
файлом, с диска (file://) — скриптом base64, и на обоих путях сеть отвечает, как torch. Плохая
картинка (текст под видом .jpg, 1×1, 50 мегапикселей, камера без разрешения) даёт русское
сообщение, и тренажёр работает дальше. Снимки — в artifacts/screenshots/explorer-*.png.
"""

from __future__ import annotations

import io
import re
from contextlib import contextmanager
from urllib.parse import urlsplit

import numpy as np
import pytest
from PIL import Image
from sitebuild.pages.squeezenet_assets import loaded, network_photo

from lessonlib import squeezenet
from lessonlib.imagenet import imagenet_classes
from lessonlib.images import PHOTO_NAMES
from lessonlib.realnet import MAPS_PER_STAGE, SHOWN_STAGES, brightest_channels, network

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDGET = '[data-widget="real-network"]'
ROUTES = {"сервер": False, "диск": True}  # путь → loaded(disk=…)
LAZY = {name for disk in ROUTES.values() for name in loaded(disk=disk)}
PASS_MS = 120_000  # один прямой проход на загруженной машине — секунды; запас на CI
TOP = 5
_LEAKS = re.compile(r"\b(null|NaN|undefined)\b")


def tid(name: str) -> str:
    return f'{WIDGET} [data-testid="{name}"]'


@contextmanager
def explorer_page(browser, url, *, width=1280, scheme="light", camera=None):
    """Страница тренажёров; в конце — ни ошибок в консоли, ни запросов к чужим хостам."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    if camera:
        context.add_init_script(camera)
    page = context.new_page()
    page.set_default_timeout(30_000)
    problems: list[str] = []
    requested: list[str] = []

    def route(r):
        requested.append(r.request.url)
        if urlsplit(r.request.url).scheme == "file" or urlsplit(r.request.url).hostname in (
            "127.0.0.1",
            None,
        ):
            r.continue_()
        else:
            problems.append(f"запрос к чужому хосту {r.request.url}")
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(url, wait_until="load", timeout=60_000)
    page.wait_for_selector(f"{WIDGET}[data-mounted]")
    page.requested = requested
    try:
        yield page
    finally:
        context.close()
    assert not problems, problems


@pytest.fixture(params=list(ROUTES))
def site_route(request, site_dir) -> tuple[str, bool]:
    """Адрес сайта с сервера или с диска и путь: с диска ли."""
    if ROUTES[request.param]:
        return site_dir.as_uri(), True
    return request.getfixturevalue("site_server"), False


def fetched(page, base: str) -> set[str]:
    """Файлы тренажёра (пути в site/), которые страница запросила."""
    return {u.removeprefix(f"{base}/") for u in page.requested} & LAZY


def start(page) -> None:
    page.click(tid("explorer-start"))
    page.wait_for_selector(tid(f"explorer-photo-{PHOTO_NAMES[0]}"), timeout=PASS_MS)


def wait_done(page) -> None:
    page.wait_for_function(
        """() => {
          const s = document.querySelector('[data-testid="explorer-status"]');
          return s && s.textContent.startsWith('Готово');
        }""",
        timeout=PASS_MS,
    )


def classify_photo(page, name: str) -> None:
    page.click(tid(f"explorer-photo-{name}"))
    wait_done(page)


def shown_top(page) -> list[tuple[int, str, str, float]]:
    """Пять строк ответа: номер класса, русское название, проценты на экране, вероятность."""
    return page.locator(f"{tid('explorer-top')} li").evaluate_all(
        """items => items.map(li => [Number(li.dataset.class),
            li.querySelector('.cnn-x-name').textContent, li.querySelector('.cnn-x-p').textContent,
            Number(li.dataset.probability)])"""
    )


def input_pixels(page) -> np.ndarray:
    """Картинка, которую браузер подал сети (RGB, uint8)."""
    size, flat = page.locator(tid("explorer-input")).evaluate(
        """c => [c.width,
                 Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data)]"""
    )
    return np.array(flat, dtype=np.uint8).reshape(size, size, 4)[..., :3]


def torch_look(rgb: np.ndarray) -> squeezenet.StageMaps:
    """Те же пиксели через SqueezeNet урока (torch, float32)."""
    return network().stage_maps(squeezenet.preprocess(rgb, size=None))


def assert_clean(page) -> None:
    texts = page.locator(WIDGET).evaluate(
        """e => [e.textContent, ...[...e.querySelectorAll('[aria-label]')].map(
             n => n.getAttribute('aria-label'))]"""
    )
    leaks = [t for t in texts if _LEAKS.search(t)]
    assert not leaks, leaks[:3]


def axe_check(page, state: str) -> None:
    from test_widgets import axe_check as widgets_axe

    widgets_axe(page, WIDGET, state)


def test_nothing_loads_before_the_click_then_only_its_route(browser, site_route):
    """С сервера — веса двоичным файлом и фотографии в PNG (их вес — в tests/test_budget.py),
    а не скрипт base64 для диска; с диска — он."""
    base, disk = site_route
    with explorer_page(browser, f"{base}/widgets.html") as page:
        assert not fetched(page, base)
        start(page)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.cnn-x-photo img')]"
            ".every(i => i.complete && i.naturalWidth)"
        )
        assert fetched(page, base) == set(loaded(disk=disk))


def test_js_forward_pass_matches_torch_on_lesson_photos(browser, site_route):
    """Тот же топ-5, вероятности в пределах 0,01, русские названия из таблицы классов.

    С диска те же веса и фотографии приходят другим путём (base64 вместо двоичного файла и
    PNG): чтобы проверить, что они дошли байт в байт, хватает одной фотографии."""
    names = {c.index: c.russian for c in imagenet_classes()}
    base, disk = site_route
    with explorer_page(browser, f"{base}/widgets.html") as page:
        start(page)
        for name in PHOTO_NAMES[:1] if disk else PHOTO_NAMES:
            classify_photo(page, name)
            seen = torch_look(input_pixels(page))
            reference = seen.probabilities
            top = shown_top(page)
            assert [row[0] for row in top] == list(np.argsort(-reference)[:TOP]), name
            for index, russian, text, p in top:
                assert russian == names[index]
                assert abs(p - reference[index]) <= 0.01, (name, index, p, reference[index])
                if p >= 0.01:
                    assert text == f"{round(p * 100)}\u00a0%", text
            # По 8 карт на каждой ступени — самые активные каналы по правилу урока (веса
            # float16 могут переставить каналы с почти равной средней активацией).
            shown = page.locator(f"{tid('explorer-maps')} figure").evaluate_all(
                """figs => figs.map(f => [f.dataset.stage,
                    [...f.querySelectorAll('button')].map(b => Number(b.dataset.channel))])"""
            )
            assert [stage for stage, _ in shown] == list(SHOWN_STAGES)
            for stage, channels in shown:
                means = seen.maps[stage].mean(axis=(1, 2))
                eighth = means[brightest_channels(seen.maps[stage])[-1]]
                assert len(channels) == MAPS_PER_STAGE, stage
                assert all(means[c] >= eighth - 0.01 * means.max() for c in channels), stage
        assert_clean(page)


def test_lesson_photo_is_the_one_the_pages_use(browser, site_server):
    """На входе сети — ровно те пиксели, что у фотографии на страницах урока."""
    with explorer_page(browser, f"{site_server}/widgets.html") as page:
        start(page)
        classify_photo(page, PHOTO_NAMES[0])
        assert np.array_equal(input_pixels(page), network_photo(PHOTO_NAMES[0]))


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


def _big_jpeg() -> bytes:
    """50 мегапикселей (8 660 × 5 774): градиент, чтобы кодировщик не сжал его в ничто."""
    ramp = np.linspace(0, 255, 8660, dtype=np.uint8)
    rgb = np.broadcast_to(ramp[None, :, None], (5774, 8660, 3))
    out = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(rgb)).save(out, "JPEG", quality=70)
    return out.getvalue()


REFUSE_CAMERA = """
navigator.mediaDevices.getUserMedia = () =>
  Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
"""


def test_bad_pictures_get_a_russian_message_and_the_widget_keeps_working(browser, site_server):
    with explorer_page(browser, f"{site_server}/widgets.html", camera=REFUSE_CAMERA) as page:
        start(page)
        error = page.locator(tid("explorer-error"))
        cases = [
            ("заметки.jpg", "image/jpeg", "Это текст, а не картинка.".encode(), "не открылся"),
            ("точка.png", "image/png", _png(1, 1), "слишком маленькая: 1×1"),
        ]
        for file_name, mime, data, expected in cases:
            page.set_input_files(
                tid("explorer-file"), files=[{"name": file_name, "mimeType": mime, "buffer": data}]
            )
            page.wait_for_function("e => !e.hidden", arg=error.element_handle(), timeout=PASS_MS)
            assert expected in error.inner_text() and f"«{file_name}»" in error.inner_text()
            assert_clean(page)
            axe_check(page, f"ошибка: {file_name}")

        page.click(tid("explorer-camera"))
        page.wait_for_function("e => !e.hidden", arg=error.element_handle())
        assert "Доступ к камере не разрешён" in error.inner_text()

        # Огромное фото уменьшается до входа сети, а не роняет страницу.
        page.set_input_files(
            tid("explorer-file"),
            files=[{"name": "огромное.jpg", "mimeType": "image/jpeg", "buffer": _big_jpeg()}],
        )
        wait_done(page)
        assert error.is_hidden()
        assert "«огромное.jpg»" in page.inner_text(tid("explorer-status"))
        assert len(shown_top(page)) == TOP

        classify_photo(page, PHOTO_NAMES[-1])
        assert len(shown_top(page)) == TOP
        assert_clean(page)


def test_keyboard_opens_a_map_and_axe_is_clean(browser, site_server):
    with explorer_page(browser, f"{site_server}/widgets.html", width=375, scheme="dark") as page:
        page.focus(tid("explorer-start"))
        page.keyboard.press("Enter")
        page.wait_for_selector(tid(f"explorer-photo-{PHOTO_NAMES[0]}"), timeout=PASS_MS)
        page.focus(tid(f"explorer-photo-{PHOTO_NAMES[0]}"))
        page.keyboard.press("Enter")
        wait_done(page)
        first_map = page.locator(f"{tid('explorer-maps')} button").first
        first_map.focus()
        page.keyboard.press("Enter")
        dialog = page.locator(tid("explorer-dialog"))
        assert dialog.is_visible()
        assert page.inner_text(tid("explorer-dialog-title")).startswith(SHOWN_STAGES[0])
        axe_check(page, "крупная карта")
        page.keyboard.press("Escape")
        assert dialog.is_hidden()
        axe_check(page, "ответ сети, 375 px, тёмная тема")
        overflow = page.locator(WIDGET).evaluate("e => e.scrollWidth - e.clientWidth")
        assert overflow <= 1, f"тренажёр шире экрана 375 px на {overflow} px"


_NO_HEADER = ".md-header, .md-top { visibility: hidden !important; }"


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots(browser, site_server, artifacts_dir, width):
    """Светлая и тёмная тема, крупная карта; снимки смотрит человек."""
    shots = artifacts_dir / "screenshots"
    shots.mkdir(exist_ok=True)
    with explorer_page(browser, f"{site_server}/widgets.html", width=width) as page:
        start(page)
        classify_photo(page, PHOTO_NAMES[0])
        widget = page.locator(WIDGET)
        for scheme in ("light", "dark"):
            if scheme == "dark":
                page.click('label[for="__palette_1"]')  # переключатель темы Material
            widget.screenshot(path=str(shots / f"explorer-{scheme}-{width}.png"), style=_NO_HEADER)
        page.locator(f"{tid('explorer-maps')} button").nth(3).click()
        page.screenshot(path=str(shots / f"explorer-map-dark-{width}.png"))
