"""Рисунки к обученным сетям: строятся, подписаны и показывают переданные числа."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from lessonlib.activations import TopActivations, crop_receptive_field
from lessonlib.data import make_scenes
from lessonlib.figures import training as figs
from lessonlib.receptive_field import receptive_fields
from lessonlib.shapes import Conv


def _render(fig: Figure) -> None:
    assert fig.get_suptitle()  # подпись — и заголовок, и alt картинки на странице
    fig.savefig(io.BytesIO(), format="png", dpi=40)


def test_patch_mosaic_places_patches_row_by_row() -> None:
    patches = np.stack([np.full((3, 4, 4), v / 10) for v in range(5)])
    mosaic = figs.patch_mosaic(patches, columns=3)
    gap = 1
    assert mosaic.shape == (2 * 4 + gap, 3 * 4 + 2 * gap, 3)
    assert np.allclose(mosaic[0:4, 5:9], 0.1)  # второй участок — первая строка, второй столбец
    assert np.allclose(mosaic[5:9, 5:9], 0.4)  # пятый — вторая строка, второй столбец
    assert np.allclose(mosaic[5:9, 10:14], 1.0)  # пустое место — белое
    with pytest.raises(ValueError, match="patches"):
        figs.patch_mosaic(np.zeros((2, 4, 4)))


def test_top_patches_figure_crops_receptive_fields() -> None:
    scenes = make_scenes(6, seed=3, size=24)
    layers = [Conv(1, 3, padding=1), Conv(1, 3, stride=2, padding=1)]
    k = 2
    tops = [
        TopActivations(
            image=np.array([[0, 1], [2, 3]]),
            row=np.zeros((2, k), int),
            col=np.full((2, k), 4),
            value=np.array([[2.0, 1.0], [0.0, 0.0]]),  # второй фильтр мёртв
        )
        for _ in layers
    ]
    fig = figs.top_patches_figure(tops, scenes, layers, per_layer=2)
    shown = [ax for ax in fig.axes if ax.get_images()]
    assert len(shown) == len(layers)  # по одному живому фильтру в слое
    for depth, (ax, rf) in enumerate(zip(shown, receptive_fields(layers), strict=True)):
        mosaic = np.asarray(ax.get_images()[0].get_array())
        assert mosaic.shape[0] == rf.size  # одна строка участков размером с поле
        first = crop_receptive_field(scenes.images[0].numpy(), layers[: depth + 1], 0, 4)
        assert np.allclose(mosaic[:, : rf.size], first.transpose(1, 2, 0))
    _render(fig)


def test_activation_maps_share_one_colour_scale() -> None:
    maps = np.random.default_rng(0).random((10, 6, 6)) * np.arange(1, 11)[:, None, None]
    fig = figs.activation_maps_figure(maps, "слой", columns=4)
    images = [im for ax in fig.axes for im in ax.get_images()]
    assert len(images) == 10
    assert {im.get_clim() for im in images} == {(0, float(maps.max()))}
    _render(fig)


def test_receptive_field_boxes_have_field_sizes() -> None:
    layers = [Conv(1, 5, padding=2), Conv(1, 3, stride=2, padding=1), Conv(1, 3, padding=1)]
    image = np.random.default_rng(0).random((3, 24, 24))
    fig = figs.receptive_field_boxes_figure(image, layers, (12, 10))
    boxes = [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]
    assert [(b.get_width(), b.get_height()) for b in boxes] == [
        (rf.size, rf.size) for rf in receptive_fields(layers)
    ]
    _render(fig)


def test_all_builders_render() -> None:
    rng = np.random.default_rng(0)
    _render(figs.scene_samples_figure(make_scenes(8, seed=3), per_class=2))
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
    _render(figs.rgb_filters_figure(rng.normal(size=(4, 3, 5, 5))))
    _render(figs.empty_maps_figure(*(rng.random((3, 2)) for _ in range(3)), 0.1))
    _render(figs.empty_maps_figure(*(np.array([0.1, 0.5]) for _ in range(3)), 0.1))
    _render(figs.layer_purity_figure(np.array([[0.4, 0.6], [0.5, 0.7]]), 0.43, [5, 9]))


def test_builders_reject_bad_input() -> None:
    with pytest.raises(ValueError, match="steps"):
        figs.filter_steps_figure(np.zeros((3, 3, 3)), [0, 5], np.zeros((3, 3)), [1.0, 1.0])
    with pytest.raises(ValueError, match="maps"):
        figs.activation_maps_figure(np.zeros((4, 4)), "слой")
    with pytest.raises(ValueError, match="rows"):
        figs.filters_figure({"a": np.zeros((3, 3, 3))}, ["1", "2"])
    with pytest.raises(ValueError, match="image"):
        figs.receptive_field_boxes_figure(np.zeros((4, 4)), [Conv(1, 3)], (1, 1))
