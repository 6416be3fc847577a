"""Тренажёры страницы «Тренажёры» в настоящем Chromium против lessonlib.

Числа, которые показывают виджеты, сверяются с lessonlib.conv.conv2d,
lessonlib.receptive_field.region и lessonlib.shapes.trace на случайных (с фиксированным
зерном) картинках, фильтрах и стопках слоёв. Скриншоты — в artifacts/screenshots/widget-*.png.
"""

from __future__ import annotations

from contextlib import contextmanager
from fractions import Fraction
from urllib.parse import urlsplit

import numpy as np
import pytest

from lessonlib.conv import conv2d, relu
from lessonlib.filters import FILTERS
from lessonlib.lessons.lesson01 import IMAGE, KERNEL
from lessonlib.receptive_field import output_length, receptive_fields, region
from lessonlib.shapes import Conv, Dense, Flatten, trace

pytestmark = pytest.mark.browser

STEPPER = '[data-widget="conv-stepper"]'
EXPLORER = '[data-widget="receptive-field"]'
CALCULATOR = '[data-widget="shape-calculator"]'
WIDTHS = {"desktop": 1280, "phone": 375}


@contextmanager
def widgets_page(browser, site_server, *, width=1280, scheme="light"):
    """Страница тренажёров; в конце — ни ошибок в консоли, ни запросов к чужим хостам."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []

    def route(r):
        if urlsplit(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            problems.append(f"запрос к чужому хосту {r.request.url}")
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(f"{site_server}/widgets.html", wait_until="load", timeout=30_000)
    page.wait_for_selector(f"{CALCULATOR}[data-mounted] table tr")
    try:
        yield page
    finally:
        context.close()
    assert not problems, problems


def tid(name: str) -> str:
    return f'[data-testid="{name}"]'


# Вводит значения по порядку, как пользователь: поле получает текст и событие input
# (список — change), на которое отвечает виджет. Одним вызовом — так быстрее, чем
# печатать в сотню клеток по очереди; настоящий ввод с клавиатуры проверяют отдельно.
_ENTER = """(root, pairs) => {
  for (const [id, value] of pairs) {
    const el = root.querySelector(`[data-testid="${id}"]`);
    if (!el) throw new Error(`нет поля ${id}`);
    if (el.type === "checkbox") el.checked = value === "true";
    else el.value = value;
    const kind = el.tagName === "SELECT" || el.type === "checkbox" ? "change" : "input";
    el.dispatchEvent(new Event(kind, { bubbles: true }));
  }
}"""


def enter(page, widget: str, pairs) -> None:
    page.locator(widget).evaluate(_ENTER, [[name, str(value)] for name, value in pairs])


def number(text: str) -> float:
    """Число, как его пишет виджет: «−3», «1/9», «26,33», «40 500»."""
    text = text.replace("\u2212", "-").replace(",", ".").replace("\u00a0", "")
    return float(Fraction(text))


def output_values(page) -> dict[tuple[int, int], str]:
    cells = page.locator(f"{STEPPER} [data-testid^=output-cell-]").evaluate_all(
        "els => els.map(e => [+e.dataset.row, +e.dataset.col, e.dataset.value])"
    )
    return {(r, c): v for r, c, v in cells}


def output_matrix(page) -> np.ndarray:
    cells = output_values(page)
    m = round(len(cells) ** 0.5)
    return np.array([[float(cells[r, c]) for c in range(m)] for r in range(m)])


def matrix_cells(kind: str, matrix) -> list[tuple[str, object]]:
    return [(f"{kind}-cell-{r}-{c}", v) for (r, c), v in np.ndenumerate(np.asarray(matrix))]


# ------------------------------------------------------------------ пошаговая свёртка


def test_stepper_reproduces_the_lesson_step_by_step(browser, site_server):
    lesson = [29, -192, -35, -22]  # числа урока (план занятия)
    assert conv2d(IMAGE, KERNEL).ravel().tolist() == lesson
    with widgets_page(browser, site_server) as page:
        assert set(output_values(page).values()) == {""}, "до первого шага карта пуста"
        for step, expected in enumerate(lesson, start=1):
            page.click(f"{STEPPER} {tid('stepper-forward')}")
            r, c = divmod(step - 1, 2)
            window = IMAGE[r : r + 3, c : c + 3] * KERNEL
            products = page.locator(f"{STEPPER} [data-testid^=product-cell-]").evaluate_all(
                "els => els.map(e => +e.dataset.value)"
            )
            assert products == window.ravel().tolist()
            assert float(page.get_attribute(f"{STEPPER} {tid('stepper-sum')}", "data-value")) == (
                expected
            )
            shown = output_values(page)
            assert float(shown[r, c]) == expected
            assert sum(v != "" for v in shown.values()) == step
            status = page.inner_text(f"{STEPPER} {tid('stepper-status')}")
            assert f"Шаг {step} из 4" in status
            assert str(abs(expected)) in status
        assert page.is_disabled(f"{STEPPER} {tid('stepper-forward')}")
        assert page.inner_text(f"{STEPPER} {tid('output-cell-0-1')}") == "\u2212192"

        page.click(f"{STEPPER} {tid('stepper-back')}")
        assert output_values(page)[1, 1] == ""
        page.click(f"{STEPPER} {tid('stepper-reset')}")
        assert set(output_values(page).values()) == {""}
        assert page.is_disabled(f"{STEPPER} {tid('stepper-back')}")

        # Клавиатура: кнопки нажимаются Enter, стрелка ↑ в клетке прибавляет 1.
        page.focus(f"{STEPPER} {tid('stepper-end')}")
        page.keyboard.press("Enter")
        np.testing.assert_array_equal(output_matrix(page), conv2d(IMAGE, KERNEL))
        page.focus(f"{STEPPER} {tid('image-cell-0-0')}")
        page.keyboard.press("ArrowUp")
        assert page.input_value(f"{STEPPER} {tid('image-cell-0-0')}") == str(IMAGE[0, 0] + 1)
        bumped = IMAGE.copy()
        bumped[0, 0] += 1  # пройденные шаги пересчитываются сразу
        np.testing.assert_array_equal(output_matrix(page), conv2d(bumped, KERNEL))
        page.fill(f"{STEPPER} {tid('image-cell-0-0')}", "999")
        page.keyboard.press("ArrowUp")  # 1000 пишется «1 000» и читается обратно
        assert page.input_value(f"{STEPPER} {tid('image-cell-0-0')}") == "1\u00a0000"
        bumped[0, 0] = 1000
        np.testing.assert_array_equal(output_matrix(page), conv2d(bumped, KERNEL))

        # «Пуск» сам проходит все шаги и останавливается.
        page.click(f"{STEPPER} {tid('stepper-lesson')}")
        play = f"{STEPPER} {tid('stepper-play')}"
        page.click(play)
        assert page.get_attribute(play, "aria-pressed") == "true"
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"output-cell-1-1\"]').dataset.value",
            timeout=8000,
        )
        page.wait_for_function(
            f"() => document.querySelector('{STEPPER} [data-testid=\"stepper-play\"]')"
            ".getAttribute('aria-pressed') === 'false'",
            timeout=3000,
        )
        np.testing.assert_array_equal(output_matrix(page), conv2d(IMAGE, KERNEL))


@pytest.mark.slow
def test_stepper_typed_values_match_conv2d(browser, site_server):
    rng = np.random.default_rng(2024)
    with widgets_page(browser, site_server) as page:
        for case in range(5):
            n = int(rng.integers(3, 11))
            k = int(rng.integers(1, min(5, n) + 1))
            image = rng.integers(0, 256, size=(n, n))
            kernel = rng.integers(-9, 10, size=(k, k))
            page.select_option(f"{STEPPER} {tid('stepper-image-size')}", str(n))
            page.select_option(f"{STEPPER} {tid('stepper-kernel-size')}", str(k))
            enter(page, STEPPER, matrix_cells("image", image))
            if case == 0:  # хотя бы один фильтр — настоящим вводом с клавиатуры
                for name, value in matrix_cells("kernel", kernel):
                    page.fill(f"{STEPPER} {tid(name)}", str(value).replace("-", "\u2212"))
            else:
                enter(page, STEPPER, matrix_cells("kernel", kernel))
            page.click(f"{STEPPER} {tid('stepper-end')}")
            expected = conv2d(image, kernel)
            assert page.inner_text(f"{STEPPER} {tid('stepper-formula')}").startswith(
                f"Размер карты активации: m = i − f + 1 = {n} − {k} + 1 = {expected.shape[0]}"
            )
            np.testing.assert_array_equal(output_matrix(page), expected, err_msg=f"случай {case}")
            relu_box = f"{STEPPER} {tid('stepper-relu')}"
            page.check(relu_box)
            np.testing.assert_array_equal(output_matrix(page), relu(expected))
            page.uncheck(relu_box)


def test_stepper_filter_presets_come_from_lessonlib(browser, site_server):
    with widgets_page(browser, site_server) as page:
        options = page.locator(f"{STEPPER} {tid('stepper-preset')} option").evaluate_all(
            "els => els.map(e => e.value)"
        )
        assert [o for o in options if o in FILTERS] == list(FILTERS)
        for key in ["lesson", *FILTERS]:
            kernel = KERNEL if key == "lesson" else FILTERS[key].kernel
            page.select_option(f"{STEPPER} {tid('stepper-preset')}", key)
            shown = np.array(
                [
                    [
                        number(page.input_value(f"{STEPPER} {tid(f'kernel-cell-{r}-{c}')}"))
                        for c in range(3)
                    ]
                    for r in range(3)
                ]
            )
            np.testing.assert_allclose(shown, kernel, err_msg=key)
            page.click(f"{STEPPER} {tid('stepper-end')}")
            np.testing.assert_allclose(output_matrix(page), conv2d(IMAGE, kernel), err_msg=key)
            if key != "lesson":
                description = page.inner_text(f"{STEPPER} {tid('stepper-description')}")
                assert description == FILTERS[key].description


def test_stepper_explains_a_filter_larger_than_the_image(browser, site_server):
    with widgets_page(browser, site_server) as page:
        page.select_option(f"{STEPPER} {tid('stepper-image-size')}", "3")
        page.select_option(f"{STEPPER} {tid('stepper-kernel-size')}", "5")
        error = page.inner_text(f"{STEPPER} {tid('stepper-error')}")
        assert "Фильтр 5×5 больше изображения 3×3" in error
        assert "m = i − f + 1 = 3 − 5 + 1 = −1 < 1" in error
        assert output_values(page) == {}
        assert page.is_disabled(f"{STEPPER} {tid('stepper-forward')}")
        assert page.is_disabled(f"{STEPPER} {tid('stepper-play')}")

        page.select_option(f"{STEPPER} {tid('stepper-kernel-size')}", "3")
        assert page.is_hidden(f"{STEPPER} {tid('stepper-error')}")
        page.fill(f"{STEPPER} {tid('kernel-cell-1-1')}", "пять")
        assert "должно быть число" in page.inner_text(f"{STEPPER} {tid('stepper-error')}")
        assert page.get_attribute(f"{STEPPER} {tid('kernel-cell-1-1')}", "aria-invalid")
        assert page.is_disabled(f"{STEPPER} {tid('stepper-forward')}")
        page.fill(f"{STEPPER} {tid('kernel-cell-1-1')}", "−1/2")
        assert page.is_enabled(f"{STEPPER} {tid('stepper-forward')}")


# ------------------------------------------------------------------ рецептивное поле


def random_layer_stacks(rng, count: int) -> list[tuple[int, list[Conv]]]:
    stacks = []
    while len(stacks) < count:
        size = int(rng.integers(3, 33))
        layers = [
            Conv(1, int(rng.integers(1, 8)), int(rng.integers(1, 4)), int(rng.integers(0, 4)))
            for _ in range(int(rng.integers(1, 6)))
        ]
        try:
            output_length(layers, size)
        except ValueError:
            continue
        stacks.append((size, layers))
    return stacks


def highlighted(page, t: int, mark: str) -> set[tuple[int, int]]:
    cells = page.locator(f"{EXPLORER} {tid(f'rf-map-{t}')} .{mark}").evaluate_all(
        "els => els.map(e => [+e.dataset.row, +e.dataset.col])"
    )
    return {(r, c) for r, c in cells}


def square(
    rows: tuple[int, int], cols: tuple[int, int], lo: int = -(10**6), hi: int = 10**6
) -> set[tuple[int, int]]:
    """Клетки участка rows × cols, которые попадают на нарисованную сетку [lo, hi]²."""
    rows_in = range(max(rows[0], lo), min(rows[1], hi) + 1)
    return {(r, c) for r in rows_in for c in range(max(cols[0], lo), min(cols[1], hi) + 1)}


def drawn_region(page, t: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Отрезки строк и столбцов, которые виджет записал у карты t (без обрезки сеткой)."""
    found = page.locator(f"{EXPLORER} {tid(f'rf-map-{t}')}").evaluate(
        "e => [e.dataset.rows, e.dataset.cols]"
    )
    rows, cols = (tuple(int(x) for x in part.split(",")) for part in found)
    return rows, cols


def set_stack(page, size: int, layers: list[Conv]) -> None:
    pairs = [("rf-input-size", size), ("rf-layer-count", len(layers))]
    for t, layer in enumerate(layers):
        pairs += [(f"rf-kernel-{t}", layer.kernel), (f"rf-stride-{t}", layer.stride)]
        pairs += [(f"rf-padding-{t}", layer.padding)]
    enter(page, EXPLORER, pairs)


def test_explorer_starts_with_the_lesson_case(browser, site_server):
    layers = [Conv(1, 3), Conv(1, 3)]
    with widgets_page(browser, site_server) as page:
        assert highlighted(page, 2, "is-pixel") == {(1, 1)}
        assert highlighted(page, 1, "is-middle") == square((1, 3), (1, 3))
        assert region(layers[1:], 1) == (1, 3)
        assert highlighted(page, 0, "is-input") == square(region(layers, 1), region(layers, 1))
        sizes = page.locator(f"{EXPLORER} {tid('rf-table')} tr[data-size]").evaluate_all(
            "els => els.map(e => +e.dataset.size)"
        )
        assert sizes == [3, 5]
        assert "участок 5×5" in page.inner_text(f"{EXPLORER} {tid('rf-summary')}")

        # Клавиатура: стрелки двигают выбранный пиксель, фокус идёт за ним.
        page.focus(f"{EXPLORER} {tid('rf-pixel-1-1')}")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowUp")
        assert highlighted(page, 2, "is-pixel") == {(0, 2)}
        assert page.evaluate("document.activeElement.dataset.testid") == "rf-pixel-0-2"
        assert highlighted(page, 0, "is-input") == square(region(layers, 0), region(layers, 2))

        # Невозможная стопка: вторая свёртка 3×3 не помещается на карту 2×2.
        page.select_option(f"{EXPLORER} {tid('rf-input-size')}", "4")
        error = page.inner_text(f"{EXPLORER} {tid('rf-error')}")
        assert "Слой 2: фильтр 3×3 больше карты 1 2×2" in error
        assert "m = i − f + 1 = 2 − 3 + 1 = 0 < 1" in error
        assert page.locator(f"{EXPLORER} [data-testid^=rf-pixel-]").count() == 0


@pytest.mark.slow
def test_explorer_regions_match_lessonlib(browser, site_server):
    rng = np.random.default_rng(12)
    with widgets_page(browser, site_server) as page:
        for size, layers in random_layer_stacks(rng, 10):
            set_stack(page, size, layers)
            assert page.is_hidden(f"{EXPLORER} {tid('rf-error')}")
            lengths = [size, *output_length(layers, size)]
            for t, n in enumerate(lengths):
                real = page.locator(f"{EXPLORER} {tid(f'rf-map-{t}')} > :not(.is-pad)").count()
                assert real == n * n, (t, layers)
            n = lengths[-1]
            r, c = int(rng.integers(0, n)), int(rng.integers(0, n))
            page.click(f"{EXPLORER} {tid(f'rf-pixel-{r}-{c}')}")
            assert highlighted(page, len(layers), "is-pixel") == {(r, c)}
            for t in range(len(layers)):
                tail = layers[t:]
                assert drawn_region(page, t) == (region(tail, r), region(tail, c))
                # На сетке карты t — сама карта и рамка из нулей следующего слоя.
                pad = layers[t].padding
                cells = square(region(tail, r), region(tail, c), -pad, lengths[t] - 1 + pad)
                mark = "is-input" if t == 0 else "is-middle"
                assert highlighted(page, t, mark) == cells, (size, layers, r, c, t)
            sizes = page.locator(f"{EXPLORER} {tid('rf-table')} tr[data-size]").evaluate_all(
                "els => els.map(e => +e.dataset.size)"
            )
            assert sizes == [rf.size for rf in receptive_fields(layers)]


# ------------------------------------------------------------------ формы и параметры


def calculator_rows(page) -> list[dict]:
    return page.locator(f"{CALCULATOR} [data-testid^=calc-row-]").evaluate_all(
        """els => els.map(e => ({name: e.dataset.name,
            shape: e.dataset.shape.split(',').map(Number),
            weights: +e.dataset.weights, biases: +e.dataset.biases, params: +e.dataset.params}))"""
    )


def assert_rows_match(page, input_shape, layers) -> None:
    infos = trace(input_shape, layers)
    rows = calculator_rows(page)
    assert [row["name"] for row in rows] == [info.name for info in infos]
    assert [tuple(row["shape"]) for row in rows] == [info.output_shape for info in infos]
    assert [(r["weights"], r["biases"], r["params"]) for r in rows] == [
        (i.weights, i.biases, i.params) for i in infos
    ]
    total = page.get_attribute(f"{CALCULATOR} {tid('calc-total')}", "data-params")
    assert int(total) == sum(info.params for info in infos)


def set_calculator(page, input_shape, convs: list[Conv], units: int | None) -> None:
    rows = f"{CALCULATOR} [data-testid^=calc-filters-]"
    while page.locator(rows).count() < len(convs):
        page.click(f"{CALCULATOR} {tid('calc-add')}")
    while page.locator(rows).count() > len(convs):
        page.click(f"{CALCULATOR} {tid('calc-remove-0')}")
    pairs = list(zip(("calc-height", "calc-width", "calc-channels"), input_shape, strict=True))
    for t, conv in enumerate(convs):
        pairs += [
            (f"calc-{f}-{t}", getattr(conv, f)) for f in ("filters", "size", "stride", "padding")
        ]
    pairs.append(("calc-dense", "true" if units else "false"))
    if units:
        pairs.append(("calc-units", units))
    enter(page, CALCULATOR, pairs)


def test_calculator_presets_are_the_lesson_numbers(browser, site_server):
    with widgets_page(browser, site_server) as page:
        assert_rows_match(page, (32, 32, 3), [Conv(5, 3), Conv(3, 4)])
        shapes = [tuple(row["shape"]) for row in calculator_rows(page)]
        assert shapes == [(30, 30, 5), (27, 27, 3)]  # числа урока

        page.click(f"{CALCULATOR} {tid('calc-preset-parameters')}")
        layers = [Conv(5, 3)] * 5 + [Flatten(), Dense(10)]
        assert_rows_match(page, (100, 100, 1), layers)
        shapes = [tuple(row["shape"]) for row in calculator_rows(page)]
        assert shapes[4:6] == [(90, 90, 5), (40_500,)]  # числа урока
        assert "40\u00a0500 чисел" in page.inner_text(f"{CALCULATOR} {tid('calc-summary')}")

        # Невозможная стопка: вторая свёртка 5×5 не помещается на карту 4×4.
        convs = [Conv(4, 5), Conv(2, 5)]
        with pytest.raises(ValueError, match=r"layers\[1\]"):
            trace((8, 8, 3), convs)
        set_calculator(page, (8, 8, 3), convs, None)
        message = page.inner_text(f"{CALCULATOR} {tid('calc-error')}")
        assert "Свёртка 2: фильтру 5×5 не хватает входа 4×4×4" in message
        assert "m = i − f + 1 = 4 − 5 + 1 = 0 < 1" in message
        assert page.locator(f"{CALCULATOR} {tid('calc-total')}").count() == 0

        page.fill(f"{CALCULATOR} {tid('calc-filters-0')}", "")
        assert "число фильтров: нужно целое число от 1 до 100\u00a0000" in page.inner_text(
            f"{CALCULATOR} {tid('calc-error')}"
        )


@pytest.mark.slow
def test_calculator_matches_trace_for_random_stacks(browser, site_server):
    rng = np.random.default_rng(31)
    checked = failed = 0
    with widgets_page(browser, site_server) as page:
        for _ in range(12):
            input_shape = (
                int(rng.integers(5, 65)),
                int(rng.integers(5, 65)),
                int(rng.integers(1, 5)),
            )
            convs = [
                Conv(
                    int(rng.integers(1, 17)),
                    int(rng.integers(1, 8)),
                    int(rng.integers(1, 4)),
                    int(rng.integers(0, 3)),
                )
                for _ in range(int(rng.integers(1, 5)))
            ]
            units = int(rng.integers(1, 21)) if rng.random() < 0.5 else None
            layers = convs + ([Flatten(), Dense(units)] if units else [])
            set_calculator(page, input_shape, convs, units)
            try:
                infos = trace(input_shape, layers)
            except ValueError as err:
                failing = int(str(err).split("]")[0].split("[")[1])
                message = page.inner_text(f"{CALCULATOR} {tid('calc-error')}")
                assert f"Свёртка {failing + 1}: фильтру" in message
                assert "< 1" in message
                failed += 1
                continue
            assert page.is_hidden(f"{CALCULATOR} {tid('calc-error')}")
            assert len(infos) == len(calculator_rows(page))
            assert_rows_match(page, input_shape, layers)
            checked += 1
    assert checked >= 5 and failed >= 1, (checked, failed)


# ---------------------------------------------------- вид: телефон, тёмная тема, печать


def test_page_reads_without_javascript(browser, site_server):
    """Без JavaScript на месте тренажёров остаётся текст с числами урока."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_server}/widgets.html", wait_until="load", timeout=30_000)
    notes = page.locator(".cnn-widget .cnn-note").all_inner_texts()
    context.close()
    assert len(notes) == 3
    assert "29, −192, −35, −22" in notes[0]
    assert "5×5" in notes[1]
    assert "30×30×5" in notes[2] and "27×27×3" in notes[2]


_NO_HEADER = ".md-header, .md-top { visibility: hidden !important; }"


def shoot(page, shots, suffix: str, width: int) -> None:
    for name, selector in [
        ("conv-stepper", STEPPER),
        ("receptive-field", EXPLORER),
        ("shape-calculator", CALCULATOR),
    ]:
        widget = page.locator(selector)
        # Липкая шапка Material иначе ложится поверх длинного тренажёра на снимке.
        widget.screenshot(path=str(shots / f"widget-{name}-{suffix}.png"), style=_NO_HEADER)
        overflow = widget.evaluate("e => e.scrollWidth - e.clientWidth")
        assert overflow <= 1, f"{name} шире экрана {width} px на {overflow} px"


@pytest.mark.slow
@pytest.mark.parametrize("label", list(WIDTHS))
def test_widget_screenshots(browser, site_server, artifacts_dir, label):
    """Светлая и тёмная тема, печать; тренажёры не вылезают за ширину телефона."""
    shots = artifacts_dir / "screenshots"
    shots.mkdir(exist_ok=True)
    width = WIDTHS[label]
    with widgets_page(browser, site_server, width=width) as page:
        for _ in range(2):
            page.click(f"{STEPPER} {tid('stepper-forward')}")
        page.click(f"{CALCULATOR} {tid('calc-preset-parameters')}")
        shoot(page, shots, label, width)

        page.emulate_media(media="print")
        assert page.is_hidden(f"{STEPPER} {tid('stepper-forward')}")
        assert page.is_visible(f"{STEPPER} {tid('output-cell-0-1')}")
        page.screenshot(path=str(shots / f"widget-print-{label}.png"), full_page=True)

        page.emulate_media(media="screen")
        page.click('label[for="__palette_1"]')  # переключатель темы Material: тёмная
        page.wait_for_function(
            "() => document.body.getAttribute('data-md-color-scheme') === 'slate'"
        )
        background = page.locator(STEPPER).evaluate("e => getComputedStyle(e).backgroundColor")
        channels = [int(x) for x in background[background.index("(") + 1 : -1].split(",")[:3]]
        assert max(channels) < 100, f"в тёмной теме фон тренажёра светлый: {background}"
        shoot(page, shots, f"dark-{label}", width)
