"""Тренажёры урока 2 (widgets-pooling.js) в Chromium против lessonlib и PyTorch.

Исследователь рамки и шага: формула, вывод «подходит / не подходит», размер карты и
покрытие каждого пикселя — против lessonlib.windows и F.conv2d. Пулинг по окнам: каждое
окно и итог — против lessonlib.pooling и nn.MaxPool2d / nn.AvgPool2d. Плохой ввод —
русское сообщение, без «null», «NaN», «undefined»; axe-core — 0 нарушений; всё — с
клавиатуры.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from test_widgets import assert_clean, axe_check, enter, number, tid, widgets_page
from torch import nn

from lessonlib.lessons.lesson02 import (
    DEEP_CONVS,
    DEEP_DENSE,
    DEEP_INPUT,
    DEEP_VECTOR,
    PADDING,
    POOL,
    POOLED_LAYERS,
    POOLED_VECTOR,
    SAME_MAP,
    STRIDE,
)
from lessonlib.pooling import pool2d
from lessonlib.shapes import Conv, Dense, Flatten, Pool, trace
from lessonlib.windows import coverage, size_fit

pytestmark = pytest.mark.browser

EXPLORER = '[data-widget="padding-stride"]'
STEPPER = '[data-widget="pooling-stepper"]'
STRIDE_PAGE = "lesson02/plot_02_stride.html"
POOL_PAGE = "lesson02/plot_03_pooling.html"


def grid_numbers(page, widget: str, testid: str) -> np.ndarray:
    rows = page.locator(f"{widget} {tid(testid)} tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.textContent))"
    )
    return np.array([[number(t) if t else np.nan for t in row] for row in rows])


def torch_side(i: int, f: int, p: int, s: int) -> int:
    out = F.conv2d(torch.zeros(1, 1, i, i), torch.zeros(1, 1, f, f), stride=s, padding=p)
    return out.shape[-1]


def padded_coverage(i: int, f: int, p: int, s: int) -> np.ndarray:
    """Покрытие картинки с рамкой прямым счётом: каждое окно добавляет 1 своим клеткам."""
    n, m = i + 2 * p, size_fit(i, f, padding=p, stride=s).m
    counts = np.zeros((n, n), dtype=int)
    for r in range(m):
        for c in range(m):
            counts[r * s : r * s + f, c * s : c * s + f] += 1
    return counts


@pytest.mark.parametrize("path", [STRIDE_PAGE, "widgets.html"])
def test_explorer_starts_with_the_lesson_settings(browser, site_server, path):
    """На странице урока и в разделе урока на странице «Тренажёры» — числа урока."""
    with widgets_page(browser, site_server, path=path) as page:
        fit = size_fit(4, 3, padding=PADDING, stride=STRIDE)
        formula = page.locator(f"{EXPLORER} {tid('ps-formula')}").inner_text()
        assert formula == f"m = ⌊(i + 2p − f)/s⌋ + 1 = {fit.formula}"
        counts = grid_numbers(page, EXPLORER, "ps-grid")
        np.testing.assert_array_equal(counts, padded_coverage(4, 3, PADDING, STRIDE))
        inner = counts[PADDING:-PADDING, PADDING:-PADDING]
        np.testing.assert_array_equal(
            inner, np.outer(*[coverage(4, 3, padding=PADDING, stride=STRIDE)] * 2)
        )
        assert grid_numbers(page, EXPLORER, "ps-output").shape == (fit.m, fit.m)
        assert_clean(page)


def test_explorer_matches_torch_for_every_setting(browser, site_server):
    rng = np.random.default_rng(7)
    # Сначала три вида полосы без окна: картинка, только рамка, картинка и рамка вместе.
    settings = [(8, 3, 0, 2), (8, 3, 1, 2), (9, 3, 1, 3)] + [
        (
            int(rng.integers(1, 13)),
            int(rng.integers(1, 8)),
            int(rng.integers(0, 4)),
            int(rng.integers(1, 5)),
        )
        for _ in range(25)
    ]
    with widgets_page(browser, site_server, path=STRIDE_PAGE) as page:
        for i, f, p, s in settings:
            enter(
                page,
                EXPLORER,
                [("ps-input", i), ("ps-kernel", f), ("ps-padding", p), ("ps-stride", s)],
            )
            error = page.locator(f"{EXPLORER} {tid('ps-error')}")
            if i + 2 * p < f:
                assert error.is_visible()
                assert f"i + 2p = {i} + {2 * p} = {i + 2 * p} < {f}" in error.inner_text()
                continue
            assert not error.is_visible()
            fit = size_fit(i, f, padding=p, stride=s)
            assert fit.m == torch_side(i, f, p, s)
            formula = page.locator(f"{EXPLORER} {tid('ps-formula')}").inner_text()
            assert formula.endswith(fit.formula), (i, f, p, s)
            verdict = page.locator(f"{EXPLORER} {tid('ps-verdict')}").inner_text()
            assert verdict == fit.explanation, (i, f, p, s)
            counts = grid_numbers(page, EXPLORER, "ps-grid")
            np.testing.assert_array_equal(counts, padded_coverage(i, f, p, s))
            assert grid_numbers(page, EXPLORER, "ps-output").shape == (fit.m, fit.m)
        assert_clean(page)


def test_explorer_steps_through_windows_by_keyboard(browser, site_server):
    with widgets_page(browser, site_server, path=STRIDE_PAGE) as page:
        status = page.locator(f"{EXPLORER} {tid('ps-status')}")
        assert status.get_attribute("aria-live") == "polite"
        page.focus(f"{EXPLORER} {tid('ps-forward')}")
        m = size_fit(4, 3, padding=PADDING, stride=STRIDE).m
        for k in range(m * m):
            page.keyboard.press("Enter")
            r, c = divmod(k, m)
            top, left = r * STRIDE, c * STRIDE
            assert status.inner_text().startswith(
                f"Окно {k + 1} из {m * m}: строки {top}–{top + 2}, столбцы {left}–{left + 2}"
            )
            window = page.locator(f"{EXPLORER} {tid('ps-grid')} td.is-window").count()
            assert window == 9
        axe_check(page, EXPLORER, "после всех окон")


def stepper_results(page) -> list[float]:
    """Все окна по кнопке «Вперёд»: результат каждого — из строки состояния."""
    page.click(f"{STEPPER} {tid('pool-reset')}", force=True)
    results = []
    status = page.locator(f"{STEPPER} {tid('pool-status')}")
    while page.locator(f"{STEPPER} {tid('pool-forward')}").is_enabled():
        page.click(f"{STEPPER} {tid('pool-forward')}")
        results.append(number(status.inner_text().rsplit(" ", 1)[1].rstrip(".")))
    return results


@pytest.mark.parametrize(("mode", "path"), [("max", POOL_PAGE), ("average", "widgets.html")])
def test_stepper_walks_the_lessons_map_like_torch(browser, site_server, mode, path):
    """Карта урока на странице «Пулинг» и в разделе урока на странице «Тренажёры»."""
    layer = nn.MaxPool2d(POOL.size, POOL.stride) if mode == "max" else nn.AvgPool2d(POOL.size)
    reference = layer(torch.tensor(SAME_MAP, dtype=torch.float64)[None, None])[0, 0].numpy()
    with widgets_page(browser, site_server, path=path) as page:
        enter(page, STEPPER, [("pool-mode", mode)])
        results = stepper_results(page)
        np.testing.assert_allclose(results, reference.ravel(), atol=0.01)
        np.testing.assert_allclose(grid_numbers(page, STEPPER, "pool-output"), reference, atol=0.01)
        kept = page.locator(f"{STEPPER} {tid('pool-kept')}").inner_text()
        assert "остаётся 4 — 25\u00a0%" in kept
        assert_clean(page)


def test_stepper_other_window_and_typed_numbers_match_pool2d(browser, site_server):
    rng = np.random.default_rng(3)
    with widgets_page(browser, site_server, path=POOL_PAGE) as page:
        values = rng.integers(-20, 20, SAME_MAP.shape)
        cells = [(f"pool-cell-{r}-{c}", int(v)) for (r, c), v in np.ndenumerate(values)]
        for size, stride in [(2, 1), (3, 1), (1, 1), (3, 2)]:
            enter(page, STEPPER, [*cells, ("pool-size", size), ("pool-stride", stride)])
            for mode in ("max", "average"):
                enter(page, STEPPER, [("pool-mode", mode)])
                expected = pool2d(values, size, stride, mode)
                np.testing.assert_allclose(stepper_results(page), expected.ravel(), atol=0.01)


def test_stepper_bad_input_is_explained_in_russian(browser, site_server):
    with widgets_page(browser, site_server, path=POOL_PAGE, width=375, scheme="dark") as page:
        error = page.locator(f"{STEPPER} {tid('pool-error')}")
        enter(page, STEPPER, [("pool-cell-1-2", "abc")])
        assert error.inner_text().startswith("Карта, строка 1, столбец 2: «abc» — не число.")
        assert page.locator(f"{STEPPER} {tid('pool-forward')}").is_disabled()
        axe_check(page, STEPPER, "не число")
        enter(page, STEPPER, [("pool-cell-1-2", ""), ("pool-cell-1-2", "5")])
        assert not error.is_visible()
        enter(page, STEPPER, [("pool-size", 4), ("pool-stride", 1)])
        assert not error.is_visible()
        enter(page, STEPPER, [("pool-cell-0-0", "")])
        assert "клетка пустая" in error.inner_text()
        assert_clean(page)
        overflow = page.locator(STEPPER).evaluate("e => e.scrollWidth - e.clientWidth")
        assert overflow <= 1


def test_stepper_by_keyboard_with_live_status(browser, site_server):
    with widgets_page(browser, site_server, path=POOL_PAGE) as page:
        status = page.locator(f"{STEPPER} {tid('pool-status')}")
        assert status.get_attribute("aria-live") == "polite"
        page.focus(f"{STEPPER} {tid('pool-forward')}")
        page.keyboard.press("Enter")
        first = SAME_MAP[: POOL.size, : POOL.size].max()
        assert status.inner_text().endswith(f"максимум {str(int(first)).replace('-', '−')}.")
        outline = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
        )
        assert outline[0] != "none" and outline[1] >= 2, outline
        axe_check(page, STEPPER, "первое окно")


# ------------------------------------------- калькулятор форм со страницы «Снова 40 500»

# Калькулятор с пулингом: на странице урока и в разделе урока на странице «Тренажёры», где
# выше стоит калькулятор первого урока без пулинга.
CALCULATOR = '[data-widget="shape-calculator"][data-config*="pooling"]'
BACK_PAGE = "lesson02/plot_04_back_to_40500.html"


def torch_layers(input_shape, layers, units, kinds) -> list[tuple[tuple[int, ...], int]]:
    """Та же сеть в PyTorch: форма выхода каждого слоя (H, W, C) и число его параметров."""
    h, w, c = input_shape
    modules: list[nn.Module] = []
    for layer, kind in zip(layers, kinds, strict=True):
        if isinstance(layer, Conv):
            modules.append(nn.Conv2d(c, layer.filters, layer.size, layer.stride, layer.padding))
            c = layer.filters
        else:
            pool = nn.MaxPool2d if kind == "max" else nn.AvgPool2d
            modules.append(pool(layer.size, layer.stride))
    x = torch.zeros(1, input_shape[2], h, w)
    out = []
    for module in modules:
        x = module(x)
        out.append(
            ((x.shape[2], x.shape[3], x.shape[1]), sum(p.numel() for p in module.parameters()))
        )
    if units:
        x = x.flatten(1)
        out.append(((x.shape[1],), 0))
        dense = nn.Linear(x.shape[1], units)
        out.append(((units,), sum(p.numel() for p in dense.parameters())))
    return out


def calculator_rows(page) -> list[tuple[str, tuple[int, ...], int, int]]:
    return page.locator(f"{CALCULATOR} [data-testid^=calc-row-]").evaluate_all(
        """els => els.map(e => [e.dataset.name, e.dataset.shape.split(',').map(Number),
            +e.dataset.weights, +e.dataset.biases])"""
    )


def fc_input(page) -> float:
    """Выделенное число входов полносвязного слоя: «40 500 чисел» → 40500."""
    text = page.inner_text(f"{CALCULATOR} {tid('calc-fc-input')}")
    return number(text.rsplit(" ", 1)[0])  # между тысячами — неразрывный пробел


def assert_calculator_is(page, input_shape, layers, units, kinds) -> None:
    """Каждая строка — как lessonlib.shapes.trace и как PyTorch; итог — их сумма."""
    infos = trace(input_shape, [*layers, *([Flatten(), Dense(units)] if units else [])])
    rows = calculator_rows(page)
    assert [(r[0], tuple(r[1]), r[2], r[3]) for r in rows] == [
        (i.name, i.output_shape, i.weights, i.biases) for i in infos
    ]
    assert [(tuple(r[1]), r[2] + r[3]) for r in rows] == torch_layers(
        input_shape, layers, units, kinds
    )
    total = page.get_attribute(f"{CALCULATOR} {tid('calc-total')}", "data-params")
    assert int(total) == sum(i.params for i in infos)
    if units:
        assert fc_input(page) == infos[-2].output_shape[0]


def build_calculator(page, input_shape, layers, units, kinds) -> None:
    """Собирает стопку кнопками «+ Свёрточный слой» и «+ Пулинг», затем вписывает числа."""
    rows = f"{CALCULATOR} [data-testid^=calc-remove-]"
    while page.locator(rows).count() > 1:
        page.click(f"{CALCULATOR} {tid('calc-remove-0')}")
    for layer in layers:
        page.click(
            f"{CALCULATOR} {tid('calc-add' if isinstance(layer, Conv) else 'calc-add-pool')}"
        )
    page.click(f"{CALCULATOR} {tid('calc-remove-0')}")
    pairs = list(zip(("calc-height", "calc-width", "calc-channels"), input_shape, strict=True))
    for t, (layer, kind) in enumerate(zip(layers, kinds, strict=True)):
        if isinstance(layer, Conv):
            fields = ("filters", "size", "stride", "padding")
            pairs += [(f"calc-{f}-{t}", getattr(layer, f)) for f in fields]
        else:
            pairs += [(f"calc-kind-{t}", ["max", "average"].index(kind))]
            pairs += [(f"calc-size-{t}", layer.size), (f"calc-stride-{t}", layer.stride)]
    pairs.append(("calc-dense", "true" if units else "false"))
    if units:
        pairs.append(("calc-units", units))
    enter(page, CALCULATOR, pairs)


@pytest.mark.parametrize("path", [BACK_PAGE, "widgets.html"])
def test_calculator_presets_are_the_lessons_networks(browser, site_server, path):
    """Без пулинга — 40 500 чисел на входе полносвязного слоя, с пулингом — POOLED_VECTOR;
    на странице урока и в его разделе на странице «Тренажёры» — те же примеры и «+ Пулинг»."""
    with widgets_page(browser, site_server, path=path) as page:
        assert page.locator(f"{CALCULATOR} {tid('calc-add-pool')}").count() == 1
        units = DEEP_DENSE.units
        # Калькулятор открывается сетью без пулинга.
        assert_calculator_is(page, DEEP_INPUT, DEEP_CONVS, units, ["max"] * 5)
        assert fc_input(page) == DEEP_VECTOR
        page.click(f"{CALCULATOR} {tid('calc-preset-pooled')}")
        assert_calculator_is(page, DEEP_INPUT, POOLED_LAYERS, units, ["max"] * 7)
        assert fc_input(page) == POOLED_VECTOR
        assert not page.is_visible(f"{CALCULATOR} {tid('calc-warning')}")
        page.click(f"{CALCULATOR} {tid('calc-preset-plain')}")
        assert_calculator_is(page, DEEP_INPUT, DEEP_CONVS, units, ["max"] * 5)
        axe_check(page, CALCULATOR, "пример урока")
        assert_clean(page)


def test_calculator_matches_torch_for_random_networks(browser, site_server):
    rng = np.random.default_rng(11)
    checked = 0
    with widgets_page(browser, site_server, path=BACK_PAGE) as page:
        while checked < 10:
            input_shape = (
                int(rng.integers(8, 60)),
                int(rng.integers(8, 60)),
                int(rng.integers(1, 4)),
            )
            layers: list = []
            for _ in range(int(rng.integers(1, 6))):
                if rng.random() < 0.4:
                    layers.append(Pool(int(rng.integers(1, 4)), int(rng.integers(1, 4))))
                else:
                    conv = [
                        rng.integers(1, 9),
                        rng.integers(1, 6),
                        rng.integers(1, 3),
                        rng.integers(0, 3),
                    ]
                    layers.append(Conv(*(int(v) for v in conv)))
            kinds = [["max", "average"][int(rng.integers(0, 2))] for _ in layers]
            units = int(rng.integers(1, 12)) if rng.random() < 0.6 else None
            try:
                trace(input_shape, layers)
            except ValueError:
                continue  # невозможные стопки проверяет тест сообщений
            build_calculator(page, input_shape, layers, units, kinds)
            assert not page.is_visible(f"{CALCULATOR} {tid('calc-error')}")
            assert_calculator_is(page, input_shape, layers, units, kinds)
            checked += 1
        assert_clean(page)


# Плохой ввод в сеть с пулингом (Свёртка 1, Свёртка 2, Пулинг 1, …): поле и слова сообщения.
BAD_CALCULATOR = [
    ("calc-height", "", "Вход, высота: поле пустое"),
    ("calc-width", "0", "Вход, ширина: 0 — слишком мало"),
    ("calc-channels", "абв", "Вход, каналы: «абв» — не число"),
    ("calc-filters-0", "−5", "Свёртка 1, поле «фильтров»: −5 — слишком мало"),
    ("calc-size-1", "1,5", "Свёртка 2, поле «размер»: 1,5 — не целое число"),
    ("calc-stride-1", "0", "Свёртка 2, поле «шаг»: 0 — слишком мало"),
    ("calc-padding-0", "−1", "Свёртка 1, поле «рамка»: −1 — слишком мало"),
    ("calc-size-2", "", "Пулинг 1, поле «окно»: поле пустое"),
    ("calc-stride-2", "два", "Пулинг 1, поле «шаг»: «два» — не число"),
    ("calc-stride-5", "1000000", "Пулинг 2, поле «шаг»: число слишком большое"),
    ("calc-units", "2.5", "Полносвязный слой, поле «нейронов»: 2,5 — не целое число"),
]


@pytest.mark.parametrize(("width", "scheme"), [(375, "dark"), (1280, "light")])
def test_calculator_bad_values_name_the_field(browser, site_server, width, scheme):
    with widgets_page(browser, site_server, path=BACK_PAGE, width=width, scheme=scheme) as page:
        page.click(f"{CALCULATOR} {tid('calc-preset-pooled')}")
        start = calculator_rows(page)
        error = f"{CALCULATOR} {tid('calc-error')}"
        for field, text, expected in BAD_CALCULATOR:
            box = f"{CALCULATOR} {tid(field)}"
            good = page.input_value(box)
            page.fill(box, "")
            page.type(box, text)
            assert expected in page.inner_text(error), (field, page.inner_text(error))
            assert page.get_attribute(box, "aria-invalid") == "true"
            assert page.is_hidden(f"{CALCULATOR} {tid('calc-table')}")
            assert_clean(page)
            page.fill(box, good)
            assert page.is_hidden(error)
            assert calculator_rows(page) == start
        axe_check(page, CALCULATOR, f"{width}: после плохого ввода")

        # Окно больше карты: окно 50×50 второго пулинга на карте 44×44 после свёртки 4.
        enter(page, CALCULATOR, [("calc-size-5", 50)])
        message = page.inner_text(error)
        assert "Пулинг 2: окну 50×50 не хватает места — карта после свёртки 4 44×44×5" in message
        assert "Уменьшите поле «окно» пулинга 2" in message
        enter(page, CALCULATOR, [("calc-size-5", 2)])

        # Шаг не укладывается: пулинг 2×2 с шагом 2 на карте 97×97 — строка и столбец
        # у края выпадают, как у torch (⌊…⌋): сообщение называет поле, таблица остаётся.
        enter(page, CALCULATOR, [("calc-height", 101), ("calc-width", 101)])
        warning = page.inner_text(f"{CALCULATOR} {tid('calc-warning')}")
        assert warning.startswith("Пулинг 1, поле «шаг»: шаг 2 не укладывается в карту 97×97")
        assert "строк снизу — 1, столбцов справа — 1" in warning
        layers = [*POOLED_LAYERS]
        assert_calculator_is(page, (101, 101, 1), layers, DEEP_DENSE.units, ["max"] * 7)
        axe_check(page, CALCULATOR, f"{width}: шаг не укладывается")

        # Слишком много параметров — честное сообщение, а не «Infinity».
        enter(page, CALCULATOR, [("calc-height", 100000), ("calc-width", 100000)])
        enter(page, CALCULATOR, [("calc-units", 100000), ("calc-filters-6", 100000)])
        assert "больше 9 квадриллионов" in page.inner_text(error)
        assert_clean(page)

        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"страница шире экрана {width} px на {overflow} px"
