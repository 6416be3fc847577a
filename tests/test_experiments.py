"""Опыты с обучением: кэш, состав результатов, воспроизводимость (на урезанных настройках)."""

from __future__ import annotations

import numpy as np
import pytest

from lessonlib import cache, data, experiments
from lessonlib.filters import DIAGONAL_45, SOBEL_VERTICAL
from lessonlib.train import TrainConfig


@pytest.fixture
def tmp_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONLIB_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_cached_computes_once_and_keys_on_params(tmp_cache) -> None:
    calls: list[int] = []

    def compute() -> dict:
        calls.append(1)
        return {"x": np.arange(3)}

    first = cache.cached("demo", compute, params={"seed": 1}, sources=[data])
    again = cache.cached("demo", compute, params={"seed": 1}, sources=[data])
    assert len(calls) == 1
    assert np.array_equal(first["x"], again["x"])
    cache.cached("demo", compute, params={"seed": 2}, sources=[data])
    assert len(calls) == 2
    assert len(list((tmp_cache / "experiments").glob("demo-*.pkl"))) == 2


def test_fingerprint_depends_on_source_code() -> None:
    a = cache.fingerprint("x", {}, [data])
    assert a == cache.fingerprint("x", {}, [data])
    assert a != cache.fingerprint("x", {}, [experiments])
    assert a != cache.fingerprint("y", {}, [data])


@pytest.fixture
def tiny(monkeypatch, tmp_cache):
    """Урезанные опыты: те же модели и код, меньше зёрен, эпох и картинок."""
    monkeypatch.setattr(experiments, "PROTOTYPE_SEEDS", (0, 1))
    monkeypatch.setattr(experiments, "PROTOTYPE_CONFIG", TrainConfig(epochs=1))
    monkeypatch.setattr(experiments, "TEN_SEEDS", (0,))
    monkeypatch.setattr(experiments, "TEN_CONFIG", TrainConfig(epochs=1, batch_size=64))
    monkeypatch.setattr(experiments, "SHIFTS", (0, 3))
    monkeypatch.setattr(experiments, "SCENES_TRAIN", 64)
    monkeypatch.setattr(experiments, "SCENES_TEST", 24)
    monkeypatch.setattr(experiments, "SCENES_CONFIG", TrainConfig(epochs=1))
    monkeypatch.setattr(experiments, "SCENES_SEEDS", (0, 1))
    monkeypatch.setattr(experiments, "FILTER_DEMO_IMAGES", 32)
    return tmp_cache


def test_prototype_runs_and_fixed_filters(tiny) -> None:
    result = experiments.prototype_experiment()
    assert list(result.runs) == ["a", "b", "c", "d", "e"]
    hand = np.stack([SOBEL_VERTICAL.kernel, DIAGONAL_45.kernel])[:, None]
    for key, run in result.runs.items():
        assert run.seeds == (0, 1)
        assert len(run.accuracies) == len(run.seconds) == 2
        assert all(0.0 <= a <= 1.0 for a in run.accuracies)
        assert run.mean == pytest.approx(np.mean(run.accuracies))
        assert (key == "a") == (run.filters_after == ())
    for key in ("b", "c"):  # фиксированные фильтры не сдвинулись ни на одно число
        for after in result.runs[key].filters_after:
            assert np.array_equal(after, hand[: after.shape[0]])
    assert all(np.array_equal(b, hand) for b in result.runs["e"].filters_before)
    assert not np.array_equal(result.runs["e"].filters_after[0], hand)
    model = result.model("c")
    assert model.conv.weight.shape == (2, 1, 3, 3)
    # Второй вызов берёт результат из кэша: те же числа.
    assert experiments.prototype_experiment().runs["d"].accuracies == result.runs["d"].accuracies


def test_same_code_same_accuracies(tiny, tmp_path, monkeypatch) -> None:
    first = experiments.prototype_experiment()
    monkeypatch.setenv("LESSONLIB_CACHE_DIR", str(tmp_path / "other"))
    second = experiments.prototype_experiment()
    for key in first.runs:
        assert first.runs[key].accuracies == second.runs[key].accuracies


def test_filter_demo_moves_towards_target(tiny) -> None:
    result = experiments.filter_learning_demo()
    steps = len(result.losses)
    assert result.snapshots.shape == (steps + 1, 3, 3)
    start = np.abs(result.snapshots[0] - result.target).sum()
    end = np.abs(result.snapshots[-1] - result.target).sum()
    assert end < start


def test_cnn_vs_fc_and_shift_curves(tiny) -> None:
    result = experiments.cnn_vs_fc_experiment()
    assert list(result.runs) == ["fc", "cnn", "frozen"]
    for key, curve in result.shift_accuracy.items():
        assert curve.shape == (1, 2)
        # Сдвиг на 0 — это обычный тест.
        assert curve[0, 0] == pytest.approx(result.runs[key].accuracies[0])
    frozen = result.runs["frozen"]
    pairs = zip(frozen.filters_before, frozen.filters_after, strict=True)
    assert all(np.array_equal(before, after) for before, after in pairs)
    assert frozen.parameters < result.runs["cnn"].parameters


def test_scenes_result(tiny) -> None:
    result = experiments.scenes_experiment()
    n_layers = len(experiments.SCENES_SPECS)
    assert len(result.top) == n_layers
    for shares in (result.near_empty, result.near_empty_alive, result.dead, result.majority):
        assert shares.shape == (2, n_layers)
        assert np.all((shares >= 0) & (shares <= 1))
    # Карты мёртвых фильтров пусты всегда, поэтому среди живых пустых не больше.
    assert np.all(result.near_empty >= result.near_empty_alive - 1e-9)
    assert np.all(result.near_empty >= result.dead)
    assert len(result.run.accuracies) == 2
    for top, spec in zip(result.top, experiments.SCENES_SPECS, strict=True):
        assert top.image.shape == (spec.filters, experiments.TOP_K)
        assert top.image.max() < experiments.SCENES_TEST
    assert result.model()(experiments.scenes_test_set().images[:2]).shape == (2, 4)
