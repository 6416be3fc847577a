"""Числа по-русски и таблицы Markdown."""

from __future__ import annotations

import pytest

from lessonlib.report import accuracy, decimal, percent, seconds, table

NBSP = "\u00a0"


def test_numbers_use_comma_minus_and_nbsp() -> None:
    assert decimal(-0.25, 2) == "−0,25"
    assert percent(0.975) == f"97,5{NBSP}%"
    assert accuracy(0.975, 0.004) == f"97,5 ± 0,4{NBSP}%"
    assert accuracy(0.5) == f"50,0{NBSP}%"
    assert seconds(12.34) == f"12,3{NBSP}с"


def test_table_is_markdown() -> None:
    md = table(["модель", "точность"], [["a", "1"], ["b", "2"]])
    assert md._repr_markdown_().splitlines() == [
        "| модель | точность |",
        "| --- | --- |",
        "| a | 1 |",
        "| b | 2 |",
    ]
    with pytest.raises(ValueError, match="rows"):
        table(["a"], [["1", "2"]])
