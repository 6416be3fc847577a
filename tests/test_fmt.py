"""Русские числа: ожидания записаны так, как их набрал бы человек, а не кодом модуля."""

from __future__ import annotations

import re

import numpy as np
import pytest

from lessonlib import fmt

NB = "\u00a0"
MINUS = "\u2212"
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (9216, f"9{NB}216"),
        (40_500, f"40{NB}500"),
        (5_184_128, f"5{NB}184{NB}128"),
        (-192, f"{MINUS}192"),
        (-40_500, f"{MINUS}40{NB}500"),
        (np.int64(-22), f"{MINUS}22"),
    ],
)
def test_integer(value, text):
    assert fmt.integer(value) == text


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (-0.25, 2, f"{MINUS}0,25"),
        (0.975, 3, "0,975"),
        (12.34, 1, "12,3"),
        (-0.04, 1, "0,0"),  # округлилось до нуля — минуса нет
        (-0.0, 2, "0,00"),
        (1234.5, 1, f"1{NB}234,5"),
        (np.float32(0.5), 1, "0,5"),
        (3.0, 0, "3"),
    ],
)
def test_decimal(value, digits, text):
    assert fmt.decimal(value, digits) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(5.0, "5"), (-192.0, f"{MINUS}192"), (-0.0, "0"), (0.5, "0,5"), (-1.25, f"{MINUS}1,2")],
)
def test_number_for_figure_cells(value, text):
    assert fmt.number(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(382.75, "382,75"), (266.5, "266,5"), (-521.25, f"{MINUS}521,25"), (12.0, "12"), (-1e-3, "0")],
)
def test_exact_drops_only_trailing_zeros(value, text):
    assert fmt.exact(value) == text


def test_percent_accuracy_seconds_minutes():
    assert fmt.percent(0.975) == f"97,5{NB}%"
    assert fmt.percent(0.5, 0) == f"50{NB}%"
    assert fmt.percent(-0.0001) == f"0,0{NB}%"
    assert fmt.accuracy(0.975, 0.004) == f"97,5 ± 0,4{NB}%"
    assert fmt.accuracy(0.5) == f"50,0{NB}%"
    assert fmt.seconds(12.34) == f"12,3{NB}с"
    assert fmt.minutes(45) == f"45{NB}мин"


def test_shape():
    assert fmt.shape((32, 32, 3)) == "32×32×3"
    assert fmt.shape(np.zeros((2, 2)).shape) == "2×2"
    assert fmt.shape((40_500,)) == f"40{NB}500"  # длинный размер — с пробелом, как целое
    assert fmt.shape((1000, 28)) == f"1{NB}000×28"


def test_tex_integer_groups_thousands_with_a_thin_space():
    assert fmt.tex_integer(999) == "999"
    assert fmt.tex_integer(40_500) == r"40{\,}500"
    assert fmt.tex_integer(5_184_128) == r"5{\,}184{\,}128"
    assert fmt.tex_integer(-1352) == r"-1{\,}352"
    with pytest.raises(TypeError, match="value"):
        fmt.tex_integer(1.5)


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (100, f"1{NB}КБ"),
        (120_000, f"120{NB}КБ"),
        (999_400, f"999{NB}КБ"),
        (2_700_000, f"2,7{NB}МБ"),
        # 2 600 000 байт — это 2,48 МиБ: по 1024 вышло бы «2,5 МБ»
        (2_600_000, f"2,6{NB}МБ"),
    ],
)
def test_file_size(size, text):
    assert fmt.file_size(size) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1 фильтр"),
        (3, "3 фильтра"),
        (11, "11 фильтров"),
        (22, "22 фильтра"),
        (112, "112 фильтров"),
    ],
)
def test_plural(n, text):
    assert fmt.plural(n, "фильтр", "фильтра", "фильтров") == text


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: fmt.integer(2.5), TypeError, "value"),
        (lambda: fmt.integer(True), TypeError, "value"),
        (lambda: fmt.decimal("1"), TypeError, "value"),
        (lambda: fmt.decimal(float("nan")), ValueError, "value"),
        (lambda: fmt.decimal(1.0, -1), ValueError, "digits"),
        (lambda: fmt.shape((2, 2.5)), TypeError, "shape"),
        (lambda: fmt.file_size(1.5), TypeError, "size"),
    ],
)
def test_errors_are_russian(call, error, name):
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    assert CYRILLIC.search(message) and name in message
