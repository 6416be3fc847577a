"""Рисунки к обученным сетям: строятся, подписаны и показывают переданные числа."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.figure import Figure

from lessonlib.figures import training as figs


def _render(fig: Figure) -> None:
    assert fig.get_suptitle()  # подпись — и заголовок, и alt картинки на странице
    fig.savefig(io.BytesIO(), format="png", dpi=40)


def test_all_builders_render() -> None:
    rng = np.random.default_rng(0)
    _render(figs.shifted_digits_figure(rng.random((28, 28)), [0, 3]))
    _render(
        figs.feature_vectors_figure(
            {"a": rng.normal(size=20), "b": rng.normal(size=20)}, ["верх", "низ"]
        )
    )
    _render(figs.filters_figure({"руками": rng.normal(size=(2, 3, 3))}, ["1", "2"]))
    _render(figs.seed_accuracy_figure({"(a) модель": [0.9, 0.95], "(b) другая": [0.8, 0.85]}))
    snaps = rng.normal(size=(11, 3, 3))
    _render(figs.filter_steps_figure(snaps, [0, 5, 10], snaps[-1], rng.random(10) + 0.1))
    _render(figs.shift_curves_figure([0, 1, 2], {"CNN": rng.random((3, 3))}))


def test_builders_reject_bad_input() -> None:
    with pytest.raises(ValueError, match="steps"):
        figs.filter_steps_figure(np.zeros((3, 3, 3)), [0, 5], np.zeros((3, 3)), [1.0, 1.0])
    with pytest.raises(ValueError, match="rows"):
        figs.filters_figure({"a": np.zeros((3, 3, 3))}, ["1", "2"])
