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

from lessonlib.lessons.lesson02 import PADDING, POOL, SAME_MAP, STRIDE
from lessonlib.pooling import pool2d
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


def test_explorer_starts_with_the_lesson_settings(browser, site_server):
    with widgets_page(browser, site_server, path=STRIDE_PAGE) as page:
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
    with widgets_page(browser, site_server, path=STRIDE_PAGE) as page:
        for _ in range(25):
            i, f, p, s = (
                int(rng.integers(1, 13)),
                int(rng.integers(1, 8)),
                int(rng.integers(0, 4)),
                int(rng.integers(1, 5)),
            )
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


@pytest.mark.parametrize("mode", ["max", "average"])
def test_stepper_walks_the_lessons_map_like_torch(browser, site_server, mode):
    layer = nn.MaxPool2d(POOL.size, POOL.stride) if mode == "max" else nn.AvgPool2d(POOL.size)
    reference = layer(torch.tensor(SAME_MAP, dtype=torch.float64)[None, None])[0, 0].numpy()
    with widgets_page(browser, site_server, path=POOL_PAGE) as page:
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
