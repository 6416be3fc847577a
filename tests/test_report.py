"""Таблицы Markdown для страниц."""

from __future__ import annotations

import pytest

from lessonlib.markdown import table
from lessonlib.shapes import Conv


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


def test_parameter_table_counts_weights_of_first_dense_layer() -> None:
    from lessonlib.report import PARAMETER_COLUMNS, parameter_table

    text = parameter_table((100, 100, 1), [Conv(5, 3)] * 5, [10, 128])._repr_markdown_()
    lines = text.splitlines()
    assert lines[0] == "| " + " | ".join(PARAMETER_COLUMNS) + " |"
    inputs = (100 - 5 * 2) ** 2 * 5  # карты 90×90, их 5
    conv_params = (5 * 9 + 5) + 4 * (5 * 9 * 5 + 5)
    for line, width in zip(lines[2:], [10, 128], strict=True):
        cells = [
            c.strip().replace("\u00a0", "").replace(" ", "") for c in line.strip("|").split("|")
        ]
        assert cells == [
            str(width),
            str(inputs),
            str(inputs * width),
            str(inputs * width + width),
            str(conv_params),
        ]


def test_training_details_table_has_mean_spread_and_time_per_model() -> None:
    from types import SimpleNamespace

    from lessonlib.report import training_details
    from lessonlib.runs import Run

    def run(key: str, *accuracies: float) -> Run:
        n = len(accuracies)
        return Run(
            key=key,
            title=f"модель {key}",
            parameters=1,
            seeds=tuple(range(n)),
            accuracies=accuracies,
            seconds=(2.0,) * n,
            cpu_seconds=(2.0,) * n,
            losses=((1.0,),) * n,
            filters_before=(),
            filters_after=(),
            state={},
        )

    config = SimpleNamespace(epochs=6, batch_size=64, seeds=(0, 1))
    runs = {"a": run("a", 0.9, 0.8), "b": run("b", 0.5, 0.5)}
    text = training_details(config, runs, before="До.", after="После.").text
    assert text.startswith("До. 6 эпох, мини-батчи по 64") and text.endswith("После.")
    assert "обучили 2 раза" in text
    # среднее 85 %, разброс — несмещённое отклонение двух чисел (0,1 / √2), 2 с на модель
    assert "| модель a | 85,0 ± 7,1\u00a0% | 2,0\u00a0с |" in text
    assert "| (b) |" in training_details(config, runs, {"a": "(a)", "b": "(b)"}).text
    # один запуск и три эпохи: слова согласованы с числами, разброса нет
    one = SimpleNamespace(epochs=3, batch_size=64, seeds=(0,))
    single = training_details(one, {"a": run("a", 0.9)}).text
    assert single.startswith("3 эпохи,") and "±" not in single and "один раз" in single
    assert "| модель a | 90,0\u00a0% | 2,0\u00a0с |" in single


def test_runs_note_agrees_with_the_settings() -> None:
    from types import SimpleNamespace

    from lessonlib.report import runs_note

    assert runs_note(SimpleNamespace(epochs=1, seeds=(7,))).text == (
        "Обучение — 1 эпоха; каждую модель обучили один раз.\n"
    )
    several = runs_note(SimpleNamespace(epochs=21, seeds=(0, 1, 2, 3, 4))).text
    assert several.startswith("Обучение — 21 эпоха; каждую модель обучили 5 раз с разного")
    assert "средняя точность" in several
    assert "обучили 3 раза" in runs_note(SimpleNamespace(epochs=12, seeds=(0, 1, 2))).text
