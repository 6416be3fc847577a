"""Выводы опыта урока 2 (:mod:`lessonlib.lessons.lesson02.findings`): пересказывают числа
опыта, а технологическая карта и страницы говорят их одними словами."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from sitebuild.lesson.lesson_plan import lesson_plan
from sitebuild.settings import PATHS

from lessonlib.fmt import decimal
from lessonlib.lessons.lesson02 import MNIST_LAYERS
from lessonlib.lessons.lesson02.experiment import pooling_experiment
from lessonlib.lessons.lesson02.findings import SHIFT, pooling_topic, shift_claim
from lessonlib.shapes import Dense, trace

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def result():
    PATHS.use_lessonlib_cache()  # сети, обученные сборкой: их числа напечатали карта и страницы
    return pooling_experiment()


def _parameters(key: str) -> int:
    """Параметры сети опыта — по слоям, независимо от обученной модели."""
    _, layers, _ = MNIST_LAYERS[key]
    return sum(info.params for info in trace((28, 28, 1), [*layers, Dense(10)]))


def test_findings_retell_the_numbers_of_the_experiment(result):
    topic = pooling_topic(result)
    plain, pooled = (np.array(result.runs[k].accuracies) for k in ("plain", "max"))
    gap = 100 * (plain.mean() - pooled.mean())
    spread = 100 * (plain.std(ddof=1) + pooled.std(ddof=1))
    accuracy = topic.claim("accuracy")
    assert accuracy.held == (gap <= spread)
    if abs(gap) > spread:
        assert f"на {decimal(abs(gap))} процентного пункта" in accuracy.finding
    fewer = _parameters("plain") / _parameters("max")
    assert f"в {decimal(fewer)} раза меньше" in topic.claim("parameters").finding
    curves = {k: 100 * result.shift_accuracy[k] for k in ("plain", "max")}
    column = result.config.shifts.index(SHIFT)
    lost = {k: (c[:, 0] - c[:, column]).mean() for k, c in curves.items()}
    finding = shift_claim(result).finding
    assert f"теряет {decimal(lost['plain'])} процентного пункта" in finding
    assert f"с максимум-пулингом — {decimal(lost['max'])}." in finding


def _said() -> str:
    plan = lesson_plan("lesson02")
    return " ".join(s.say for stage in plan.stages for s in stage.all_slides)


def test_the_plan_says_the_findings_of_the_pages_word_for_word(result):
    said = _said()
    for claim in [*pooling_topic(result).claims, shift_claim(result)]:
        assert claim.finding in said, claim.key
    pages = ROOT / "docs" / "lesson02"
    if not (pages / "plot_04_back_to_40500.ipynb").is_file():
        pytest.skip("страницы урока 2 не выполнены: nox -s build")
    printed = ""
    for page in ("plot_04_back_to_40500", "plot_06_shifts"):
        cells = json.loads((pages / f"{page}.ipynb").read_text(encoding="utf-8"))["cells"]
        printed += " ".join(
            "".join(o.get("data", {}).get("text/markdown", ""))
            for c in cells
            for o in c.get("outputs", [])
        )
    for claim in [*pooling_topic(result).claims, shift_claim(result)]:
        assert claim.finding in printed, claim.key
