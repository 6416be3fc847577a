"""Тренажёры страницы «Тренажёры» и страниц урока в настоящем Chromium против lessonlib.

Числа, которые показывают виджеты, сверяются с lessonlib.conv.conv2d,
lessonlib.receptive_field.region и lessonlib.shapes.trace на случайных (с фиксированным
зерном) картинках, фильтрах и стопках слоёв; примеры тренажёров — с
lessonlib.lessons.lesson01.trainers.
Плохой ввод даёт русское сообщение с названием поля, а не «null»; axe-core не находит
нарушений ни в одном состоянии, до которого тесты доводят тренажёры.
Скриншоты и PDF — в artifacts/screenshots/widget-*.png.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import numpy as np
import pytest

from lessonlib.conv import conv2d, relu
from lessonlib.filters import FILTERS
from lessonlib.lessons.lesson01 import IMAGE, KERNEL, TWO_LAYER_INPUT, TWO_LAYERS
from lessonlib.lessons.lesson01.trainers import CALCULATOR_PRESETS as PRESET_CONFIGS
from lessonlib.receptive_field import output_length, receptive_fields, region
from lessonlib.shapes import Conv, Dense, Flatten, trace

pytestmark = pytest.mark.browser

STEPPER = '[data-widget="conv-stepper"]'
EXPLORER = '[data-widget="receptive-field"]'
# Калькулятор урока 1 — без пулинга; калькулятор урока 2 (с «+ Пулинг») на странице
# «Тренажёры» проверяет tests/test_widgets_pooling.py.
CALCULATOR = '[data-widget="shape-calculator"]:not([data-config*="pooling"])'


class Preset(NamedTuple):
    """Пример калькулятора урока 1 в словах lessonlib.shapes."""

    title: str
    input_shape: tuple[int, int, int]
    layers: list[Conv]
    dense: int | None


CALCULATOR_PRESETS = {
    key: Preset(
        p["title"],
        tuple(p["input"]),
        [Conv(c["filters"], c["size"], c["stride"], c["padding"]) for c in p["layers"]],
        p["dense"],
    )
    for key, p in PRESET_CONFIGS.items()
}
WIDTHS = {"desktop": 1280, "phone": 375}
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# Страницы урока, в которые встроены тренажёры (gallery/lesson01/plot_*.py).
CALCULATOR_PAGES = [
    "widgets.html",
    "lesson01/plot_10_multilayer_relu.html",
    "lesson01/plot_15_parameter_problem.html",
]
EXPLORER_PAGES = ["widgets.html", "lesson01/plot_12_receptive_field.html"]


@contextmanager
def widgets_page(browser, site_server, *, width=1280, scheme="light", path="widgets.html"):
    """Страница с тренажёрами; в конце — ни ошибок в консоли, ни запросов к чужим хостам."""
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
    page.goto(f"{site_server}/{path}", wait_until="load", timeout=30_000)
    page.wait_for_selector(".cnn-widget[data-mounted]")
    try:
        yield page
    finally:
        context.close()
    assert not problems, problems


def tid(name: str) -> str:
    return f'[data-testid="{name}"]'


def ru(n: int) -> str:
    """Целое, как его пишет виджет: минус «−»."""
    return str(n).replace("-", "\u2212")


_LEAKS = re.compile(r"\b(null|NaN|undefined)\b")


def assert_clean(page) -> None:
    """Ни в тексте, ни в подписях для диктора тренажёров нет «null», «NaN», «undefined»."""
    texts = page.locator(".cnn-widget").evaluate_all(
        """els => els.flatMap(e => [e.textContent,
            ...[...e.querySelectorAll('[aria-label], [title], input')].flatMap(
                n => [n.getAttribute('aria-label') || '', n.title || '', n.value || ''])])"""
    )
    leaks = [t for t in texts if _LEAKS.search(t)]
    assert not leaks, leaks[:3]


def axe_check(page, selector: str, state: str) -> None:
    """axe-core внутри тренажёра: 0 нарушений любой важности (правило, узел, состояние)."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (selector) => {
          const result = await axe.run({ include: [...document.querySelectorAll(selector)] },
                                       { resultTypes: ["violations"] });
          return result.violations.map(v => `${v.id} (${v.impact}): ` +
            v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' — ' + n.failureSummary).join('; '));
        }""",
        selector,
    )
    assert not found, f"{state}: {found}"


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
        page.fill(f"{STEPPER} {tid('image-cell-0-0')}", "254")
        page.keyboard.press("ArrowUp")
        bumped[0, 0] = 255
        np.testing.assert_array_equal(output_matrix(page), conv2d(bumped, KERNEL))
        page.keyboard.press("ArrowUp")  # 256 — уже не яркость пикселя
        assert "от 0 до 255" in page.inner_text(f"{STEPPER} {tid('stepper-error')}")

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
        page.click(f"{STEPPER} {tid('stepper-end')}")  # смена фильтра не сбрасывает шаги
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
        error = page.inner_text(f"{STEPPER} {tid('stepper-error')}")
        assert error.startswith("Ошибка в клетке фильтра (строка 1, столбец 1): не число.")
        assert "должно быть число" in error
        assert page.get_attribute(f"{STEPPER} {tid('kernel-cell-1-1')}", "aria-invalid")
        assert page.is_disabled(f"{STEPPER} {tid('stepper-forward')}")
        page.fill(f"{STEPPER} {tid('kernel-cell-1-1')}", "−1/2")
        assert page.is_enabled(f"{STEPPER} {tid('stepper-forward')}")


def test_stepper_keeps_the_step_while_numbers_change(browser, site_server):
    """Правка числа не отправляет свёртку к шагу 0; смена размера — отправляет и говорит об этом."""
    with widgets_page(browser, site_server) as page:
        for _ in range(3):
            page.click(f"{STEPPER} {tid('stepper-forward')}")
        cell = f"{STEPPER} {tid('image-cell-2-1')}"
        page.fill(cell, "")  # пока клетка пустая, шаг помнится, а карту не посчитать
        status = page.inner_text(f"{STEPPER} {tid('stepper-status')}")
        assert status.startswith("Шаг 3 запомнен")
        assert "Шаг 3 запомнен" in page.inner_text(f"{STEPPER} {tid('stepper-error')}")
        assert set(output_values(page).values()) == {""}
        assert_clean(page)
        axe_check(page, STEPPER, "пустая клетка")
        page.type(cell, "7")
        image = IMAGE.copy()
        image[2, 1] = 7
        expected = conv2d(image, KERNEL).ravel()
        shown = [output_values(page)[divmod(j, 2)] for j in range(4)]
        assert [float(v) for v in shown[:3]] == expected[:3].tolist() and shown[3] == ""
        assert page.inner_text(f"{STEPPER} {tid('stepper-status')}").startswith("Шаг 3 из 4")
        # Другой фильтр того же размера и случайная картинка — тоже без возврата к началу.
        page.select_option(f"{STEPPER} {tid('stepper-preset')}", list(FILTERS)[1])
        assert page.inner_text(f"{STEPPER} {tid('stepper-status')}").startswith("Шаг 3 из 4")
        page.click(f"{STEPPER} {tid('stepper-random')}")
        assert page.inner_text(f"{STEPPER} {tid('stepper-status')}").startswith("Шаг 3 из 4")
        page.select_option(f"{STEPPER} {tid('stepper-image-size')}", "5")
        status = page.inner_text(f"{STEPPER} {tid('stepper-status')}")
        assert status.startswith("Изображение теперь 5×5 — свёртка началась заново. Шаг 0 из 9")


def test_stepper_is_usable_by_keyboard_and_screen_reader(browser, site_server):
    """Только клавиатура, видимый фокус; каждый шаг объявляет живая область; сетки — таблицы."""
    with widgets_page(browser, site_server) as page:
        status = page.locator(f"{STEPPER} {tid('stepper-status')}")
        assert status.get_attribute("aria-live") == "polite"
        axe_check(page, STEPPER, "начало")
        # Подписи клеток — с номерами строк и столбцов, как заголовки таблицы (счёт с нуля).
        label = page.get_attribute(f"{STEPPER} {tid('image-cell-1-2')}", "aria-label")
        assert label == "Изображение, строка 1, столбец 2"
        headers = page.locator(f"{STEPPER} {tid('stepper-image')} thead th").all_text_contents()
        assert headers == [f"столбец {c}" for c in range(IMAGE.shape[1])]
        page.focus(f"{STEPPER} {tid('stepper-lesson')}")
        active = ""
        for _ in range(60):  # Tab до кнопки «Вперёд» через все клетки
            page.keyboard.press("Tab")
            active = page.evaluate("document.activeElement.dataset.testid || ''")
            if active == "stepper-forward":
                break
        assert active == "stepper-forward"
        outline = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
        )
        assert outline[0] != "none" and outline[1] >= 2, outline
        windows = conv2d(IMAGE, KERNEL).ravel()
        for step, total in enumerate(windows, start=1):
            page.keyboard.press("Enter" if step % 2 else "Space")
            r, c = divmod(step - 1, 2)
            text = status.inner_text()
            window = f"окно — строки {r}–{r + 2}, столбцы {c}–{c + 2}"
            assert text.startswith(f"Шаг {step} из {windows.size}: {window};")
            assert f"сумма произведений {ru(int(total))}" in text
        assert "Карта активации готова" in status.inner_text()
        axe_check(page, STEPPER, "после всех шагов")


def test_stepper_large_numbers_stay_inside_cells(browser, site_server):
    with widgets_page(browser, site_server, width=WIDTHS["phone"]) as page:
        big = np.full(IMAGE.shape, 255)  # самые большие числа, что принимает тренажёр
        enter(page, STEPPER, matrix_cells("image", big))
        page.fill(f"{STEPPER} {tid('kernel-cell-0-0')}", "−99,75")
        page.click(f"{STEPPER} {tid('stepper-end')}")
        kernel = KERNEL.astype(float)
        kernel[0, 0] = -99.75
        np.testing.assert_allclose(output_matrix(page), conv2d(big, kernel))
        spill = page.locator(f"{STEPPER} .cnn-cell").evaluate_all(
            "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.dataset.testid)"
        )
        assert not spill, spill
        assert page.locator(STEPPER).evaluate("e => e.scrollWidth - e.clientWidth") <= 1
        assert_clean(page)


@pytest.mark.parametrize(
    ("cell", "typed", "problem"),
    [
        ("image-cell-0-0", "−5", "−5 — вне пределов: яркость пикселя — число от 0 до 255"),
        ("image-cell-1-2", "256", "256 — вне пределов: яркость пикселя — число от 0 до 255"),
        ("image-cell-3-3", "1" + "0" * 25, "1·10²⁵ — вне пределов: яркость пикселя"),
        ("kernel-cell-2-0", "1" + "0" * 21, "1·10²¹ — вне пределов: число фильтра"),
        ("kernel-cell-0-1", "-100,5", "−100,5 — вне пределов: число фильтра — от −100 до 100"),
        ("kernel-cell-1-1", "1e5", "не число"),
    ],
)
def test_stepper_refuses_values_out_of_range(browser, site_server, cell, typed, problem):
    """Пиксель вне 0…255 и число фильтра вне ±100 не принимаются: клетка обведена, под
    сеткой — что не так и какие числа можно; ни одного исключения в консоли."""
    with widgets_page(browser, site_server, width=WIDTHS["phone"]) as page:
        limits = page.inner_text(f"{STEPPER} {tid('stepper-limits')}")
        assert "от 0 до 255" in limits and "от −100 до 100" in limits
        for _ in range(2):
            page.click(f"{STEPPER} {tid('stepper-forward')}")
        page.fill(f"{STEPPER} {tid(cell)}", typed)
        kind, _, r, c = cell.split("-")
        where = "изображения" if kind == "image" else "фильтра"
        error = page.inner_text(f"{STEPPER} {tid('stepper-error')}")
        assert error.startswith(f"Ошибка в клетке {where} (строка {r}, столбец {c}): {problem}")
        assert page.get_attribute(f"{STEPPER} {tid(cell)}", "aria-invalid") == "true"
        assert page.is_disabled(f"{STEPPER} {tid('stepper-forward')}")
        assert set(output_values(page).values()) == {""}  # старые числа не выдаются за ответ
        assert "Шаг 2 запомнен" in page.inner_text(f"{STEPPER} {tid('stepper-status')}")
        page.fill(f"{STEPPER} {tid(cell)}", "0")  # исправили — свёртка идёт дальше с шага 2
        assert page.inner_text(f"{STEPPER} {tid('stepper-status')}").startswith("Шаг 2 из 4")
        assert_clean(page)


def test_stepper_ten_by_ten_scrolls_in_its_box_on_a_phone(browser, site_server):
    with widgets_page(browser, site_server, width=WIDTHS["phone"]) as page:
        page.select_option(f"{STEPPER} {tid('stepper-image-size')}", "10")
        page.click(f"{STEPPER} {tid('stepper-random')}")
        assert page.locator(STEPPER).evaluate("e => e.scrollWidth - e.clientWidth") <= 1
        box = page.locator(f"{STEPPER} .cnn-scroll", has=page.locator(tid("stepper-image")))
        assert box.evaluate("e => e.scrollWidth > e.clientWidth")
        assert box.get_attribute("tabindex") == "0" and box.get_attribute("aria-label")
        box.focus()
        page.keyboard.press("ArrowRight")
        # Прокрутка клавишей плавная: ждём, а не читаем сразу (под нагрузкой она не успевала).
        box.page.wait_for_function("e => e.scrollLeft > 0", arg=box.element_handle())
        last = page.locator(f"{STEPPER} {tid('image-cell-9-9')}")
        last.focus()  # клетка у правого края докручивается в видимую часть
        inner = box.bounding_box()
        cell = last.bounding_box()
        assert cell["x"] + cell["width"] <= inner["x"] + inner["width"] + 1
        axe_check(page, STEPPER, "10×10 на телефоне")


def test_stepper_prints_the_lesson_example(browser, site_server):
    """На бумаге — готовый пример урока, а не форма с пустыми клетками."""
    with widgets_page(browser, site_server) as page:
        page.emulate_media(media="print")
        printed = page.locator(f"{STEPPER} {tid('stepper-print')}")
        assert printed.is_visible()
        assert page.is_hidden(f"{STEPPER} {tid('stepper-forward')}")
        assert page.is_hidden(f"{STEPPER} {tid('stepper-output')}")
        numbers = printed.locator("td.cnn-cell--output").all_inner_texts()
        assert [number(t) for t in numbers] == conv2d(IMAGE, KERNEL).ravel().tolist()
        image = printed.locator("td.cnn-cell--image").all_inner_texts()
        assert [number(t) for t in image] == IMAGE.ravel().tolist()


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
        pairs += [(f"rf-kernel-{t}", layer.size), (f"rf-stride-{t}", layer.stride)]
        pairs += [(f"rf-padding-{t}", layer.padding)]
    enter(page, EXPLORER, pairs)


def test_explorer_starts_with_the_lesson_case(browser, site_server):
    layers = list(TWO_LAYERS)
    assert layers == [Conv(1, 3), Conv(1, 3)] and TWO_LAYER_INPUT == 7  # страница 12
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

        # Пиксели считаются с нуля — как в тексте страницы 12 и в lessonlib.region.
        r0, r1 = region(layers, 0)
        c0, c1 = region(layers, 2)
        summary = page.inner_text(f"{EXPLORER} {tid('rf-summary')}")
        assert "в строке 0, столбце 2 (счёт с нуля)" in summary
        assert f"строки {r0}–{r1} и столбцы {c0}–{c1}" in summary
        label = page.get_attribute(f"{EXPLORER} {tid('rf-pixel-0-2')}", "aria-label")
        assert label == "Пиксель: строка 0, столбец 2"


@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_explorer_explains_a_stack_that_does_not_fit(browser, site_server, path):
    """Ошибка — понятной фразой; без карт не остаётся ни легенды, ни «Нажмите на пиксель»."""
    with widgets_page(browser, site_server, path=path) as page:
        for size, kernel, what in [
            (4, 3, "карта 2×2, которая получилась после слоя 1"),
            (3, 3, "карта 1×1, которая получилась после слоя 1"),
        ]:
            layers = [Conv(1, 3), Conv(1, kernel)]
            with pytest.raises(ValueError):
                output_length(layers, size)
            set_stack(page, size, layers)
            error = page.inner_text(f"{EXPLORER} {tid('rf-error')}")
            assert f"Слой 2 не помещается: фильтр {kernel}×{kernel} больше, чем {what}" in error
            m = output_length(layers[:1], size)[0]
            assert f"m = i − f + 1 = {m} − {kernel} + 1 = {ru(m - kernel + 1)} < 1" in error
            assert "Что сделать: выберите фильтр слоя 2 поменьше" in error
            assert page.is_hidden(f"{EXPLORER} {tid('rf-result')}")
            for text in ["Нажмите на любой пиксель", "выбранный пиксель"]:
                shown = page.locator(EXPLORER).get_by_text(text).filter(visible=True)
                assert shown.count() == 0, text
            assert page.locator(f"{EXPLORER} [data-testid^=rf-pixel-]").count() == 0
            assert_clean(page)
            axe_check(page, EXPLORER, f"{path}: ошибка рецептивного поля")
        set_stack(page, TWO_LAYER_INPUT, list(TWO_LAYERS))
        assert page.is_hidden(f"{EXPLORER} {tid('rf-error')}")
        assert page.is_visible(f"{EXPLORER} {tid('rf-result')}")


@pytest.mark.parametrize("path", EXPLORER_PAGES)
def test_explorer_maps_are_not_clipped(browser, site_server, path):
    """Нижняя рамка последней карты видна целиком (на странице 12 её срезала прокрутка)."""
    with widgets_page(browser, site_server, path=path) as page:
        maps = page.locator(f"{EXPLORER} {tid('rf-maps')}")
        assert maps.evaluate("e => e.scrollHeight - e.clientHeight") <= 0
        box = maps.bounding_box()
        for t in range(len(TWO_LAYERS) + 1):
            grid = page.locator(f"{EXPLORER} {tid(f'rf-map-{t}')}").bounding_box()
            assert grid["y"] + grid["height"] <= box["y"] + box["height"], t
            assert grid["x"] + grid["width"] <= box["x"] + box["width"], t


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


def preset_layers(key: str) -> list:
    p = CALCULATOR_PRESETS[key]
    return [*p.layers, *([Flatten(), Dense(p.dense)] if p.dense else [])]


def test_calculator_presets_are_the_lesson_numbers(browser, site_server):
    """Кнопки калькулятора показывают ровно lessonlib.shapes.trace примеров урока."""
    with widgets_page(browser, site_server) as page:
        buttons = page.locator(f"{CALCULATOR} [data-testid^=calc-preset-]").all_inner_texts()
        assert buttons == [p.title for p in CALCULATOR_PRESETS.values()]
        for key, preset in CALCULATOR_PRESETS.items():
            page.click(f"{CALCULATOR} {tid(f'calc-preset-{key}')}")
            assert_rows_match(page, preset.input_shape, preset_layers(key))
        # Числа плана урока: 32×32×3 → 30×30×5 → 27×27×3; 100×100 → 90×90×5 → 40 500.
        lesson = trace(CALCULATOR_PRESETS["lesson"].input_shape, preset_layers("lesson"))
        assert [i.output_shape for i in lesson] == [(30, 30, 5), (27, 27, 3)]
        deep = trace(CALCULATOR_PRESETS["parameters"].input_shape, preset_layers("parameters"))
        assert [i.output_shape for i in deep[4:6]] == [(90, 90, 5), (40_500,)]
        assert "40\u00a0500 чисел" in page.inner_text(f"{CALCULATOR} {tid('calc-summary')}")

        # Невозможная стопка: вторая свёртка 5×5 не помещается на карту 4×4.
        convs = [Conv(4, 5), Conv(2, 5)]
        with pytest.raises(ValueError, match=r"layers\[1\]"):
            trace((8, 8, 3), convs)
        set_calculator(page, (8, 8, 3), convs, None)
        message = page.inner_text(f"{CALCULATOR} {tid('calc-error')}")
        assert "Свёртка 2: фильтру 5×5 не хватает места — карта после свёртки 1 4×4×4" in message
        assert "m = i − f + 1 = 4 − 5 + 1 = 0 < 1" in message
        assert "Уменьшите поле «размер» свёртки 2" in message
        assert page.is_hidden(f"{CALCULATOR} {tid('calc-table')}")
        assert page.locator(f"{CALCULATOR} [data-testid^=calc-row-]").count() == 0


# Плохой ввод: поле, что в него напечатано, и какие слова должны быть в сообщении.
BAD_FIELDS = [
    ("calc-height", "", "Вход, высота: поле пустое — впишите целое число от 1 до 100\u00a0000."),
    ("calc-stride-0", "0", "Свёртка 1, поле «шаг»: 0 — слишком мало"),
    ("calc-filters-1", "−3", "Свёртка 2, поле «фильтров»: −3 — слишком мало"),
    ("calc-size-0", "2,5", "Свёртка 1, поле «размер»: 2,5 — не целое число"),
    ("calc-width", "12345678901234567890", "Вход, ширина: число слишком большое"),
    ("calc-channels", "три", "Вход, каналы: «три» — не число"),
    ("calc-padding-1", "1e3", "Свёртка 2, поле «рамка»: «1e3» — не число"),
]


@pytest.mark.parametrize("path", CALCULATOR_PAGES)
def test_calculator_bad_input_names_the_field(browser, site_server, path):
    """На каждой странице с калькулятором: сообщение называет поле, таблица не стареет."""
    with widgets_page(browser, site_server, path=path) as page:
        start = calculator_rows(page)
        assert start, "калькулятор открылся с таблицей"
        # Пулинг — тема следующего урока: кнопки «+ Пулинг» у калькулятора урока 1 нет.
        assert page.locator(f"{CALCULATOR} {tid('calc-add')}").count() == 1
        assert page.locator(f"{CALCULATOR} {tid('calc-add-pool')}").count() == 0
        axe_check(page, CALCULATOR, f"{path}: начало")
        for field, text, expected in BAD_FIELDS:
            box = f"{CALCULATOR} {tid(field)}"
            good = page.input_value(box)
            page.fill(box, "")
            page.type(box, text)  # с клавиатуры, буква за буквой
            message = page.inner_text(f"{CALCULATOR} {tid('calc-error')}")
            assert expected in message, (field, text, message)
            assert page.get_attribute(box, "aria-invalid") == "true"
            assert page.is_hidden(f"{CALCULATOR} {tid('calc-table')}")
            assert page.inner_text(f"{CALCULATOR} {tid('calc-summary')}") == ""
            assert_clean(page)
            if field == "calc-height":
                axe_check(page, CALCULATOR, f"{path}: пустое поле")
            page.fill(box, good)
            assert page.is_hidden(f"{CALCULATOR} {tid('calc-error')}")
            assert page.get_attribute(box, "aria-invalid") is None
            assert calculator_rows(page) == start
        # Фильтр больше входа.
        page.fill(f"{CALCULATOR} {tid('calc-size-0')}", "500")
        message = page.inner_text(f"{CALCULATOR} {tid('calc-error')}")
        assert "Свёртка 1: фильтру 500×500 не хватает места — вход" in message
        assert page.is_hidden(f"{CALCULATOR} {tid('calc-table')}")
        assert_clean(page)
        # Несколько ошибок сразу — каждая своей строкой.
        page.fill(f"{CALCULATOR} {tid('calc-height')}", "")
        page.fill(f"{CALCULATOR} {tid('calc-stride-0')}", "0")
        lines = page.inner_text(f"{CALCULATOR} {tid('calc-error')}").splitlines()
        assert [line.split(":")[0] for line in lines] == ["Вход, высота", "Свёртка 1, поле «шаг»"]
        # Стрелки ↑/↓ в поле меняют число на 1.
        page.fill(f"{CALCULATOR} {tid('calc-height')}", "32")
        page.fill(f"{CALCULATOR} {tid('calc-stride-0')}", "1")
        page.fill(f"{CALCULATOR} {tid('calc-size-0')}", "3")
        page.focus(f"{CALCULATOR} {tid('calc-height')}")
        page.keyboard.press("ArrowUp")
        assert page.input_value(f"{CALCULATOR} {tid('calc-height')}") == "33"
        assert page.is_visible(f"{CALCULATOR} {tid('calc-table')}")


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


# Рамка таблицы калькулятора на экране: прокрутка внутри, край таблицы и итога, надпись.
_CALC_TABLE_BOX = """box => {
  const edge = (e) => e.getBoundingClientRect().right;
  const total = box.querySelector('[data-testid="calc-total"] td:last-child');
  return {scroll: box.scrollWidth - box.clientWidth, table: edge(box.querySelector('table')),
          total: edge(total), box: edge(box), screen: innerWidth,
          cue: box.hasAttribute('data-lesson-scroll')
            ? getComputedStyle(box, '::before').content : ''};
}"""


def test_calculator_table_fits_a_phone_or_shows_the_cue(browser, site_server, site_dir):
    """375 px, каждая страница с калькулятором (и «Тренажёры»), каждый пример: таблица
    целиком в своей рамке — столбец параметров и «Всего» видны без прокрутки. Стопке,
    которой не хватает ширины и с переносами, — прокрутка с надписью «листайте вбок»."""
    calculators = '[data-widget="shape-calculator"]'  # и с примерами урока, и с настройкой
    pages = sorted(
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("*.html")
        if calculators[1:-1] in p.read_text(encoding="utf-8")
    )
    assert "widgets.html" in pages and len(pages) > 2, pages
    for path in pages:
        with widgets_page(browser, site_server, path=path, width=WIDTHS["phone"]) as page:
            count = page.locator(calculators).count()
            assert count, path
            for index in range(count):
                calculator = f"{calculators} >> nth={index}"
                widget = page.locator(calculator)
                box = widget.locator(".cnn-scroll", has=page.locator(tid("calc-table")))
                presets = widget.locator("[data-testid^=calc-preset-]")
                assert presets.count(), f"{path}: калькулятор {index} без примеров"
                for button in presets.all():
                    button.click()
                    seen = box.evaluate(_CALC_TABLE_BOX)
                    where = f"{path}, «{button.inner_text()}»: {seen}"
                    assert seen["scroll"] <= 1 and not seen["cue"], where
                    assert max(seen["table"], seen["total"]) <= seen["box"] + 1, where
                    assert seen["box"] <= seen["screen"], where
                # Вход 100 000×100 000×100 000: строка «100 000×100 000×100 000» не переносится.
                enter(
                    page,
                    calculator,
                    [(f"calc-{f}", 100_000) for f in ("height", "width", "channels")],
                )
                assert widget.locator(tid("calc-error")).is_hidden()
                seen = box.evaluate(_CALC_TABLE_BOX)
                assert seen["scroll"] > 1 and "листайте вбок" in seen["cue"], f"{path}: {seen}"
                assert seen["box"] <= seen["screen"], f"{path}: {seen}"


# Страница урока → тренажёр на ней и что в него ввести, чтобы получить ошибку.
LESSON_WIDGETS = {
    "lesson01/plot_01_convolution.html": (STEPPER, [("kernel-cell-1-1", "пять")]),
    "lesson01/plot_10_multilayer_relu.html": (CALCULATOR, [("calc-stride-0", "0")]),
    "lesson01/plot_12_receptive_field.html": (EXPLORER, [("rf-input-size", 3)]),
    "lesson01/plot_15_parameter_problem.html": (CALCULATOR, [("calc-units", "")]),
}


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 375)])
@pytest.mark.parametrize("path", list(LESSON_WIDGETS))
def test_lesson_page_widget_passes_axe(browser, site_server, path, scheme, width):
    """Тренажёр на странице урока: 0 нарушений axe в начале и после плохого ввода, по ширине."""
    widget, bad = LESSON_WIDGETS[path]
    with widgets_page(browser, site_server, path=path, scheme=scheme, width=width) as page:
        body = page.locator("body").get_attribute("data-md-color-scheme")
        assert body == ("slate" if scheme == "dark" else "default")
        overflow = page.locator(widget).evaluate("e => e.scrollWidth - e.clientWidth")
        assert overflow <= 1, f"тренажёр шире своей рамки на {overflow} px при {width} px"
        axe_check(page, widget, f"{path}, {scheme}: начало")
        enter(page, widget, bad)
        assert page.locator(f"{widget} .cnn-message").filter(visible=True).count() == 1
        axe_check(page, widget, f"{path}, {scheme}: плохой ввод")
        assert_clean(page)


# ---------------------------------------------------- вид: телефон, тёмная тема, печать


@pytest.mark.parametrize("config", ["{испорчено", '{"image": [[1]]}', None])
@pytest.mark.parametrize("widget", ["conv-stepper", "receptive-field", "shape-calculator"])
def test_widget_without_its_numbers_says_so_in_russian(browser, site_server, widget, config):
    """Тренажёр без настроек урока (или с испорченными) не рисует пустую форму."""
    with widgets_page(browser, site_server) as page:
        text = page.evaluate(
            """([name, config]) => {
              const root = document.createElement("div");
              root.className = "cnn-widget";
              root.dataset.widget = name;
              if (config !== null) root.dataset.config = config;
              document.body.append(root);
              window.CNNWidgets.mountAll();
              return root.innerText;
            }""",
            [widget, config],
        )
    assert text == "Тренажёр не загрузился: у него нет начальных чисел урока."


def test_page_reads_without_javascript(browser, site_server):
    """Без JavaScript на месте тренажёров остаётся текст с числами урока."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_server}/widgets.html", wait_until="load", timeout=30_000)
    every = page.locator(".cnn-widget .cnn-note").all_inner_texts()
    notes = [page.inner_text(f"{w} .cnn-note") for w in (STEPPER, EXPLORER, CALCULATOR)]
    context.close()
    # У каждого тренажёра всех уроков — свой текст; у «Что видит настоящая сеть» — без чисел.
    assert len(every) == len(set(every)) >= 4
    assert all("включённым JavaScript" in note for note in every)
    window = [ru(int(v)) for v in conv2d(IMAGE, KERNEL).ravel()]
    assert f"{', '.join(window[:-1])} и {window[-1]}" in notes[0]
    field = receptive_fields(TWO_LAYERS)[-1].size
    assert f"{field}×{field}" in notes[1]
    lesson = CALCULATOR_PRESETS["lesson"]
    shapes = [info.output_shape for info in trace(lesson.input_shape, lesson.layers)]
    assert all("×".join(map(str, shape)) in notes[2] for shape in shapes)


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

        axe_check(page, ".cnn-widget", f"{label}, светлая тема, после шагов")
        assert_clean(page)

        page.emulate_media(media="print")
        assert page.is_hidden(f"{STEPPER} {tid('stepper-forward')}")
        assert page.is_visible(f"{STEPPER} {tid('stepper-print')}")
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
        axe_check(page, ".cnn-widget", f"{label}, тёмная тема")
        enter(page, CALCULATOR, [("calc-height", "")])
        enter(page, EXPLORER, [("rf-input-size", 4)])
        enter(page, STEPPER, [("image-cell-0-0", "x")])
        shoot(page, shots, f"dark-errors-{label}", width)
        axe_check(page, ".cnn-widget", f"{label}, тёмная тема, плохой ввод")
        assert_clean(page)


@pytest.mark.slow
def test_widgets_page_prints_to_pdf(browser, site_server, artifacts_dir):
    """Печать страницы тренажёров на A4 (как Ctrl+P): пример урока в таблицах, листы в PNG."""
    shots = artifacts_dir / "screenshots"
    shots.mkdir(exist_ok=True)
    pdf = shots / "widget-print.pdf"
    with widgets_page(browser, site_server) as page:
        page.emulate_media(media="print")
        pdf.write_bytes(page.pdf(format="A4", print_background=True))
    if shutil.which("pdftotext") is None:
        pytest.skip("нет pdftotext (Debian: poppler-utils)")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Пример урока: изображение 4×4" in text
    for value in conv2d(IMAGE, KERNEL).ravel():
        assert ru(int(value)) in text
    assert not _LEAKS.search(text)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(shots / "widget-print-page")], check=True
    )


@pytest.mark.slow
def test_lesson_pdf_prints_every_widget(browser, site_server, site_dir):
    """lesson.pdf склеивает страницы урока: и вклеенные тренажёры оживают и печатаются."""
    if shutil.which("pdftotext") is None:
        pytest.skip("нет pdftotext (Debian: poppler-utils)")
    from sitebuild.printing.pdfs import documents, print_document

    lesson = next(doc for doc in documents(site_dir) if doc.name == "lesson01-lesson")
    pdf = print_document(browser, site_server, lesson)
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert text.count("Пример урока: изображение") == 1  # пошаговая свёртка страницы 1
    assert text.count("Рецептивное поле после каждого слоя") == 1  # страница 12
    assert text.count("Формы карт активации и обучаемые параметры") == 2  # страницы 10 и 15
