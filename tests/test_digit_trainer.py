"""Тренажёр «Нарисуй цифру» в настоящем Chromium против PyTorch и lessonlib.

Прямой проход на JavaScript сверяется с обученной сетью PyTorch на тестовых цифрах урока
(тот же ответ, вероятности до 1e-4), подготовка рисунка — с
lessonlib.handwriting.mnist_frame. Пустой холст и каракули дают русское сообщение;
тренажёр работает без интернета, на 375 px, с клавиатуры, без нарушений axe-core.
Скриншоты — artifacts/screenshots/widget-draw-digit-*.png.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from test_widgets import _NO_HEADER, WIDTHS, assert_clean, axe_check, tid, widgets_page

from lessonlib import data
from lessonlib.handwriting import mnist_frame, trained_digit_net

pytestmark = pytest.mark.browser

TRAINER = '[data-widget="draw-digit"]'
MODEL_FILE_LIMIT = 200 * 1024


@pytest.fixture(scope="module")
def net():
    return trained_digit_net().model()


def torch_probs(net, frames: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        x = torch.as_tensor(frames, dtype=torch.float32).reshape(-1, 1, 28, 28)
        return torch.softmax(net(x), dim=1).numpy()


def js_model(page) -> None:
    page.evaluate("() => window.DigitTrainer.load()")


def draw(page, strokes) -> None:
    """Рисует мышью ломаные ``strokes`` — точки в долях стороны холста."""
    canvas = page.locator(f"{TRAINER} {tid('digit-canvas')}")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    for stroke in strokes:
        x, y = stroke[0]
        page.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"])
        page.mouse.down()
        for x, y in stroke[1:]:
            page.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"], steps=4)
        page.mouse.up()


def shown_probs(page) -> list[float]:
    return page.locator(f"{TRAINER} [data-testid^=digit-prob-]").evaluate_all(
        "els => els.map(e => +e.dataset.value)"
    )


def test_model_file_is_small_and_loaded_only_when_needed(browser, site_server, site_dir):
    assert (site_dir / "javascripts" / "digit-model.js").stat().st_size <= MODEL_FILE_LIMIT
    with widgets_page(browser, site_server) as page:
        assert page.evaluate("() => window.DIGIT_MODEL === undefined")
        js_model(page)
        assert page.evaluate("() => window.DIGIT_MODEL.layers.length") > 0
    # Остальные страницы не тянут ни тренажёр, ни сеть.
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "digit-trainer.js" not in index and "digit-model.js" not in index


def test_js_forward_matches_torch_on_lesson_digits(browser, site_server, net):
    split = data.load_mnist()
    frames = split.x_test[::4, 0].numpy()  # 250 тестовых цифр, все классы
    expected = torch_probs(net, frames)
    with widgets_page(browser, site_server) as page:
        js_model(page)
        got = np.array(
            page.evaluate(
                """frames => frames.map(f =>
                    window.DigitTrainer.forward(window.DIGIT_MODEL, f).probs)""",
                frames.reshape(len(frames), -1).tolist(),
            )
        )
    np.testing.assert_array_equal(got.argmax(axis=1), expected.argmax(axis=1))
    assert np.abs(got - expected).max() < 1e-4


def test_js_preprocessing_matches_mnist_frame(browser, site_server):
    from test_handwriting import stroke_drawing

    drawings = [stroke_drawing(np.random.default_rng(seed), size=140) for seed in range(3)]
    with widgets_page(browser, site_server) as page:
        js_model(page)
        frames = page.evaluate(
            """drawings => drawings.map(d => Array.from(
                window.DigitTrainer.mnistFrame(d, 140, 140, window.DIGIT_MODEL)))""",
            [d.ravel().tolist() for d in drawings],
        )
    for drawing, frame in zip(drawings, frames, strict=True):
        np.testing.assert_allclose(np.reshape(frame, (28, 28)), mnist_frame(drawing), atol=1e-9)


def test_keyboard_example_is_classified_as_torch_does(browser, site_server, net):
    split = data.load_mnist()
    with widgets_page(browser, site_server, width=375) as page:
        page.focus(f"{TRAINER} {tid('digit-example')}")
        page.keyboard.press("ArrowDown")  # «цифра 0»
        for k in range(10):
            if k:
                page.keyboard.press("ArrowDown")
            page.wait_for_function(
                "k => document.querySelector('[data-testid=digit-answer]').dataset.digit"
                " !== undefined && document.querySelector('[data-testid=digit-example]')"
                ".value === String(k)",
                arg=k,
            )
            page.wait_for_selector(f"{TRAINER} {tid('digit-result')}:not([hidden])")
            # Пример на холсте — цифра MNIST, увеличенная в 10 раз без сглаживания.
            index = data.typical(split.x_test, split.y_test, k)
            pixels = np.round(split.x_test[index, 0].numpy() * 255) / 255
            expected = torch_probs(net, mnist_frame(np.kron(pixels, np.ones((10, 10)))))[0]
            np.testing.assert_allclose(shown_probs(page), expected, atol=1e-4)
            answer = page.inner_text(f"{TRAINER} {tid('digit-answer')}")
            assert f"это {int(expected.argmax())}:" in answer
        # Кнопки нажимаются клавиатурой: «Очистить», затем «Распознать» пустой холст.
        page.focus(f"{TRAINER} {tid('digit-clear')}")
        page.keyboard.press("Enter")
        assert page.is_hidden(f"{TRAINER} {tid('digit-result')}")
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Enter")
        page.wait_for_selector(f"{TRAINER} {tid('digit-message')}:not([hidden])")
        assert "Холст пуст" in page.inner_text(f"{TRAINER} {tid('digit-message')}")
        axe_check(page, TRAINER, "375 px, после клавиатуры")
        assert_clean(page)


def test_scribble_gets_a_russian_message(browser, site_server):
    zigzag = [[(x / 20, 0.05 + 0.9 * (x % 2)) for x in range(21)]]
    rows = [[(0.05, y / 12), (0.95, y / 12)] for y in range(1, 12)]
    with widgets_page(browser, site_server) as page:
        draw(page, zigzag + rows)
        page.click(f"{TRAINER} {tid('digit-classify')}")
        page.wait_for_selector(f"{TRAINER} {tid('digit-message')}:not([hidden])")
        text = page.inner_text(f"{TRAINER} {tid('digit-message')}")
        assert "не похоже на цифру" in text
        assert page.is_hidden(f"{TRAINER} {tid('digit-result')}")
        assert_clean(page)


@pytest.mark.slow
@pytest.mark.parametrize("label", list(WIDTHS))
def test_drawn_one_and_screenshots(browser, site_server, artifacts_dir, label):
    """Мышью нарисованная «1» распознаётся; тренажёр помещается в экран; снимки."""
    shots = artifacts_dir / "screenshots"
    shots.mkdir(exist_ok=True)
    for scheme in ("light", "dark"):
        with widgets_page(browser, site_server, width=WIDTHS[label], scheme=scheme) as page:
            draw(page, [[(0.35, 0.3), (0.55, 0.15), (0.55, 0.85)]])
            page.wait_for_selector(f"{TRAINER} {tid('digit-result')}:not([hidden])")
            assert "это 1:" in page.inner_text(f"{TRAINER} {tid('digit-answer')}")
            assert sum(shown_probs(page)) == pytest.approx(1)
            assert page.locator(f"{TRAINER} {tid('digit-maps')} canvas").count() == 8
            widget = page.locator(TRAINER)
            widget.scroll_into_view_if_needed()
            widget.screenshot(
                path=str(shots / f"widget-draw-digit-{label}-{scheme}.png"), style=_NO_HEADER
            )
            overflow = widget.evaluate("e => e.scrollWidth - e.clientWidth")
            assert overflow <= 1, f"тренажёр шире экрана на {overflow} px"
            axe_check(page, TRAINER, f"{label}, {scheme}, после рисунка")
            assert_clean(page)


def test_works_from_disk_without_a_server(browser, site_dir):
    """Страница, открытая прямо с диска (file://): сеть грузится тегом <script>."""
    context = browser.new_context(viewport={"width": 375, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto((site_dir / "widgets.html").as_uri())
        page.select_option(f"{TRAINER} {tid('digit-example')}", "3")
        page.wait_for_selector(f"{TRAINER} {tid('digit-result')}:not([hidden])")
        assert "это 3:" in page.inner_text(f"{TRAINER} {tid('digit-answer')}")
    finally:
        context.close()
    assert not errors, errors
