"""Опыты с обучением: кэш по настройкам, состав результатов, воспроизводимость, ручки.

Опыты запускаются с маленькими настройками (меньше зёрен, эпох и картинок) — тот же код,
что считает сайт, только быстрее.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest

from lessonlib import cache, data, runs
from lessonlib.filters import DIAGONAL_45, SOBEL_VERTICAL
from lessonlib.lessons.lesson01 import experiments
from lessonlib.lessons.lesson01.experiments import CnnVsFcConfig, FilterDemoConfig, PrototypeConfig
from lessonlib.models import PrototypeCNN
from lessonlib.shapes import Conv

TINY_PROTOTYPE = PrototypeConfig(seeds=(0, 1), epochs=1, train_images=200)
TINY_TEN = CnnVsFcConfig(seeds=(0,), epochs=1, train_images=600, shifts=(0, 3))
TINY_FILTER = FilterDemoConfig(images=32)


@pytest.fixture
def tmp_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONLIB_CACHE_DIR", str(tmp_path))
    return tmp_path


@dataclasses.dataclass(frozen=True)
class _Demo:
    seed: int
    layers: tuple[Conv, ...] = (Conv(2, 3),)


def test_cached_computes_once_and_keys_on_config(tmp_cache) -> None:
    calls: list[int] = []

    def compute() -> dict:
        calls.append(1)
        return {"x": np.arange(3)}

    first = cache.cached("demo", compute, config=_Demo(1), sources=[data])
    again = cache.cached("demo", compute, config=_Demo(1), sources=[data])
    assert len(calls) == 1
    assert np.array_equal(first["x"], again["x"])
    cache.cached("demo", compute, config=_Demo(2), sources=[data])
    cache.cached("demo", compute, config=_Demo(1, (Conv(3, 3),)), sources=[data])
    assert len(calls) == 3
    assert len(list((tmp_cache / "experiments").glob("demo-*.pkl"))) == 3


def test_fingerprint_depends_on_source_code_and_every_field() -> None:
    a = cache.fingerprint("x", _Demo(0), [data])
    assert a == cache.fingerprint("x", _Demo(0), [data])
    assert a != cache.fingerprint("x", _Demo(0), [experiments])
    assert a != cache.fingerprint("y", _Demo(0), [data])
    # Любое поле настроек меняет отпечаток.
    default = PrototypeConfig()
    changed = {
        "digits": (3, 5),
        "filters": default.filters[::-1],
        "train_images": 400,
        "hidden": 8,
        "seeds": (0,),
        "epochs": 11,
        "batch_size": 16,
        "lr": 2e-3,
    }
    assert set(changed) == {f.name for f in dataclasses.fields(PrototypeConfig)}
    prints = {
        cache.fingerprint("p", dataclasses.replace(default, **{name: value}), [data])
        for name, value in changed.items()
    }
    assert len(prints) == len(dataclasses.fields(PrototypeConfig))
    assert cache.fingerprint("p", default, [data]) not in prints
    with pytest.raises(TypeError, match="config"):
        cache.fingerprint("x", {"seed": 1}, [data])


def test_prototype_runs_and_fixed_filters(tmp_cache) -> None:
    result = experiments.prototype_experiment(TINY_PROTOTYPE)
    assert result.config == TINY_PROTOTYPE
    assert list(result.runs) == ["a", "b", "c", "d", "e"]
    hand = np.stack([SOBEL_VERTICAL.kernel, DIAGONAL_45.kernel])[:, None]
    for key, run in result.runs.items():
        assert run.seeds == (0, 1)
        assert len(run.accuracies) == len(run.seconds) == 2
        assert all(0.0 <= a <= 1.0 for a in run.accuracies)
        assert run.mean == pytest.approx(np.mean(run.accuracies))
        assert (key == "a") == (run.filters_after == ())
        # Одна эпоха по 200 картинкам мини-батчами по 32 — 7 шагов.
        assert all(len(losses) == 7 for losses in run.losses)
        assert all(seconds > 0 for seconds in run.seconds)
    assert result.seconds == pytest.approx(sum(sum(r.seconds) for r in result.runs.values()))
    for key in ("b", "c"):  # фиксированные фильтры не сдвинулись ни на одно число
        for after in result.runs[key].filters_after:
            assert np.array_equal(after, hand[: after.shape[0]])
    assert all(np.array_equal(b, hand) for b in result.runs["e"].filters_before)
    assert not np.array_equal(result.runs["e"].filters_after[0], hand)
    model = result.model("c")
    assert model.conv.weight.shape == (2, 1, 3, 3)
    # Второй вызов берёт результат из кэша: те же числа.
    again = experiments.prototype_experiment(TINY_PROTOTYPE)
    assert again.runs["d"].accuracies == result.runs["d"].accuracies


def test_prototype_knobs_change_the_networks(tmp_cache) -> None:
    config = dataclasses.replace(TINY_PROTOTYPE, hidden=5, seeds=(3,), digits=(1, 7, 9))
    result = experiments.prototype_experiment(config)
    model = result.model("c")
    assert isinstance(model, PrototypeCNN)
    assert model.head.net[1].out_features == 5
    assert model.head.net[3].out_features == 3  # три цифры — три ответа
    assert result.runs["a"].seeds == (3,)


def test_same_code_same_accuracies(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LESSONLIB_CACHE_DIR", str(tmp_path / "one"))
    first = experiments.prototype_experiment(TINY_PROTOTYPE)
    monkeypatch.setenv("LESSONLIB_CACHE_DIR", str(tmp_path / "other"))
    second = experiments.prototype_experiment(TINY_PROTOTYPE)
    for key in first.runs:
        assert first.runs[key].accuracies == second.runs[key].accuracies


def test_filter_demo_moves_towards_target(tmp_cache) -> None:
    result = experiments.filter_learning_demo(TINY_FILTER)
    steps = len(result.losses)
    assert steps == TINY_FILTER.epochs * TINY_FILTER.images // TINY_FILTER.batch_size
    assert result.snapshots.shape == (steps + 1, 3, 3)
    start = np.abs(result.snapshots[0] - result.target).sum()
    end = np.abs(result.snapshots[-1] - result.target).sum()
    assert end < start
    assert result.seconds > 0


def test_cnn_vs_fc_and_shift_curves(tmp_cache) -> None:
    result = experiments.cnn_vs_fc_experiment(TINY_TEN)
    assert list(result.runs) == ["fc", "cnn", "frozen"]
    for key, curve in result.shift_accuracy.items():
        assert curve.shape == (1, 2)
        # Сдвиг на 0 — это обычный тест.
        assert curve[0, 0] == pytest.approx(result.runs[key].accuracies[0])
    frozen = result.runs["frozen"]
    pairs = zip(frozen.filters_before, frozen.filters_after, strict=True)
    assert all(np.array_equal(before, after) for before, after in pairs)
    assert frozen.parameters < result.runs["cnn"].parameters


def test_cnn_layer_widths_are_a_knob(tmp_cache) -> None:
    config = dataclasses.replace(TINY_TEN, convs=(Conv(4, 5),), fc_hidden=7, shifts=(0,))
    result = experiments.cnn_vs_fc_experiment(config)
    # Параметры формулой: фильтры 5×5 со сдвигами, потом 4·24·24 входов на 10 ответов.
    assert result.runs["cnn"].parameters == (4 * 25 + 4) + (4 * 24 * 24 * 10 + 10)
    assert result.runs["fc"].parameters == (784 * 7 + 7) + (7 * 10 + 10)


def test_fewer_images_keep_classes_balanced_and_all_images_keep_the_order() -> None:
    split = data.load_mnist((4, 8))
    part = runs.balanced(split, 201, "train_images")
    assert part.y_train.bincount().tolist() == [101, 100]
    for label, count in ((0, 101), (1, 100)):  # первые картинки каждого класса
        chosen = part.x_train[part.y_train == label]
        assert chosen.equal(split.x_train[split.y_train == label][:count])
    whole = runs.balanced(split, len(split.x_train), "train_images")
    assert all(
        a.equal(b) for a, b in [(whole.x_train, split.x_train), (whole.y_train, split.y_train)]
    )


def test_an_unrelated_lesson_fact_retrains_nothing(tmp_path, monkeypatch) -> None:
    """Ключ кэша опыта — его настройки (с фактами урока, которые он берёт) и модули его кода,
    а не файл фактов урока: правка другого факта не обучает ни одной сети заново."""
    from lessonlib.lessons import lesson01

    configs = {
        "prototype": PrototypeConfig(),
        "filter_demo": FilterDemoConfig(),
        "cnn_vs_fc": CnnVsFcConfig(),
    }

    def keys() -> dict[str, str]:
        return {n: cache.fingerprint(n, c, experiments._SOURCES[n]) for n, c in configs.items()}

    before = keys()
    edited = tmp_path / "__init__.py"
    source = Path(lesson01.__file__).read_text(encoding="utf-8")
    edited.write_text(source + "\nUNRELATED_FACT = 1\n", encoding="utf-8")
    monkeypatch.setattr(lesson01, "__file__", str(edited))
    assert keys() == before
    # Факт, который опыт использует, — поле его настроек: его правка меняет ключ этого опыта.
    swapped = PrototypeConfig(filters=tuple(reversed(lesson01.PROTOTYPE_FILTERS)))
    assert (
        cache.fingerprint("prototype", swapped, experiments._SOURCES["prototype"])
        != (before["prototype"])
    )


def test_defaults_are_the_sites_settings() -> None:
    """Значения по умолчанию — те, что описаны на страницах урока (см. тексты страниц)."""
    assert (PrototypeConfig().digits, PrototypeConfig().train_images) == ((4, 8), 800)
    assert CnnVsFcConfig().train_images == len(data.load_mnist().x_train)


@pytest.mark.parametrize(
    ("make", "argument"),
    [
        (lambda: PrototypeConfig(epochs=0), "epochs"),
        (lambda: PrototypeConfig(lr=0.0), "lr"),
        (lambda: CnnVsFcConfig(lr=-1e-3), "lr"),
        (lambda: PrototypeConfig(hidden=-4), "hidden"),
        (lambda: PrototypeConfig(digits=(4, 12)), "digits"),
        (lambda: PrototypeConfig(digits=(4,)), "digits"),
        (lambda: PrototypeConfig(filters=()), "filters"),
        (lambda: PrototypeConfig(seeds=()), "seeds"),
        (lambda: CnnVsFcConfig(convs=(Conv(8, 3), Conv(8, 30))), r"convs\[1\]"),
        (lambda: CnnVsFcConfig(convs=(Conv(-8, 3),)), "filters"),
        (lambda: CnnVsFcConfig(fc_hidden=0), "fc_hidden"),
        (lambda: CnnVsFcConfig(shifts=(0, 28)), "shifts"),
        (lambda: FilterDemoConfig(images=0), "images"),
        (lambda: PrototypeCNN([np.ones((29, 29))]), "kernel_size"),
        (lambda: experiments.prototype_experiment(PrototypeConfig(train_images=801)), "800"),
    ],
)
def test_nonsense_settings_get_a_russian_error_naming_the_argument(make, argument) -> None:
    with pytest.raises(ValueError, match=argument) as error:
        make()
    assert re.search("ожидал|должен", str(error.value))  # и что ожидалось
