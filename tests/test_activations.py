"""Сильнейшие отклики фильтров, вырезание рецептивного поля и пустые карты."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lessonlib.activations import (
    NEAR_EMPTY_FRACTION,
    TopActivations,
    chance_majority_share,
    crop_receptive_field,
    empty_maps,
    majority_share,
    object_shares,
    peak_in_box,
    share_in_box,
    top_activations,
)
from lessonlib.data import Scenes, box_mask, make_scenes, object_box
from lessonlib.experiments import ScenesConfig, scenes_model
from lessonlib.models import receptive_field_layers
from lessonlib.receptive_field import receptive_fields

SCENES_SIZE = ScenesConfig().size


@pytest.fixture(scope="module")
def net_and_images():
    torch.manual_seed(0)
    model = scenes_model().eval()
    images = torch.rand(12, 3, SCENES_SIZE, SCENES_SIZE)
    return model, images


def _input_support(model, image: torch.Tensor, layer: int, channel: int, row: int, col: int):
    """Рамка пикселей входа, от которых зависит выход (градиент не ноль), — через autograd."""
    x = image[None].clone().requires_grad_(True)
    # Все веса положительны: тогда ни один путь не гасит другой, и ReLU не обнуляет градиент.
    with torch.no_grad():
        for conv in model.convs:
            conv.weight.abs_()
            conv.bias.fill_(1.0)
    model.activations(x)[layer][0, channel, row, col].backward()
    grad = x.grad[0].abs().sum(dim=0)
    rows, cols = torch.nonzero(grad.sum(dim=1)).ravel(), torch.nonzero(grad.sum(dim=0)).ravel()
    return int(rows.min()), int(rows.max()), int(cols.min()), int(cols.max())


@pytest.mark.parametrize("layer", range(5))
def test_crop_has_receptive_field_size_and_content(layer: int) -> None:
    torch.manual_seed(1)
    model = scenes_model()
    layers = receptive_field_layers(model)[: layer + 1]
    size = receptive_fields(layers)[-1].size
    image = torch.rand(3, SCENES_SIZE, SCENES_SIZE)
    side = model.activations(image[None])[layer].shape[-1]
    for row, col in [(0, 0), (side // 2, side // 2), (side - 1, 2)]:
        crop = crop_receptive_field(image.numpy(), layers, row, col, fill=-1.0)
        assert crop.shape == (3, size, size)
        top, bottom, left, right = _input_support(model, image, layer, 0, row, col)
        inside = crop[:, crop[0, :, :].max(axis=1) >= 0][:, :, crop[0].max(axis=0) >= 0]
        # Всё, что внутри картинки, — ровно те пиксели, от которых зависит выход.
        assert np.array_equal(inside, image[:, top : bottom + 1, left : right + 1].numpy())
        outside = (crop == -1.0).all(axis=0)
        assert outside.sum() == size * size - (bottom - top + 1) * (right - left + 1)


def test_crop_rejects_non_image() -> None:
    with pytest.raises(ValueError, match="image"):
        crop_receptive_field(np.zeros((4, 4)), receptive_field_layers(scenes_model()), 0, 0)


def test_top_activations_match_brute_force(net_and_images) -> None:
    model, images = net_and_images
    k = 4
    tops = top_activations(model, images, k=k, batch_size=5)
    with torch.no_grad():
        maps = [m.numpy() for m in model.activations(images)]
    assert len(tops) == len(maps)
    for top, m in zip(tops, maps, strict=True):
        n, f = m.shape[:2]
        assert top.image.shape == (f, k)
        for filt in range(f):
            best = sorted(range(n), key=lambda i, filt=filt: -m[i, filt].max())[:k]
            assert top.image[filt].tolist() == best
            for j, i in enumerate(best):
                r, c = top.row[filt, j], top.col[filt, j]
                assert m[i, filt, r, c] == m[i, filt].max() == top.value[filt, j]


def test_empty_maps_match_brute_force(net_and_images) -> None:
    model, images = net_and_images
    result = empty_maps(model, images, batch_size=5)
    with torch.no_grad():
        maps = [m.numpy() for m in model.activations(images)]
    for layer, m in enumerate(maps):
        n, f = m.shape[:2]
        dead = [c for c in range(f) if all((m[i, c] == 0).all() for i in range(n))]
        empty = np.zeros((n, f), dtype=bool)
        for i in range(n):
            brightest = max(m[i, c].max() for c in range(f))
            for c in range(f):
                peak = m[i, c].max()
                empty[i, c] = peak == 0 or peak < NEAR_EMPTY_FRACTION * brightest
        alive = [c for c in range(f) if c not in dead]
        assert result.dead[layer] == pytest.approx(len(dead) / f)
        assert result.near_empty[layer] == pytest.approx(empty.mean())
        assert result.near_empty_alive[layer] == pytest.approx(empty[:, alive].mean())


def test_dead_filter_is_found() -> None:
    torch.manual_seed(0)
    model = scenes_model().eval()
    with torch.no_grad():  # фильтр 0 первого слоя выдаёт только минусы — ReLU гасит всё
        model.convs[0].weight[0] = 0.0
        model.convs[0].bias[0] = -1.0
    result = empty_maps(model, torch.rand(4, 3, SCENES_SIZE, SCENES_SIZE))
    assert result.dead[0] >= 1 / model.convs[0].out_channels


def test_majority_share_counts_the_most_common_class() -> None:
    top = TopActivations(
        image=np.array([[0, 1, 2], [3, 4, 5]]),
        row=np.zeros((2, 3), int),
        col=np.zeros((2, 3), int),
        value=np.ones((2, 3)),
    )
    labels = np.array([2, 2, 2, 0, 1, 2])
    assert majority_share(top, labels).tolist() == [1.0, pytest.approx(1 / 3)]


def test_chance_majority_share_matches_simulation() -> None:
    assert chance_majority_share(1, 4) == 1.0
    assert chance_majority_share(2, 2) == 0.75
    rng = np.random.default_rng(0)
    draws = rng.integers(0, 4, size=(200_000, 9))
    counts = np.stack([(draws == c).sum(axis=1) for c in range(4)], axis=1)
    assert chance_majority_share(9, 4) == pytest.approx((counts.max(axis=1) / 9).mean(), abs=2e-3)


def _brute_share(maps: np.ndarray, box, size: int) -> tuple[float, tuple[int, int]]:
    """Доля и самое яркое место по определению: обход всех пикселей картинки."""
    f, h, w = maps.shape
    top, left, bottom, right = box
    inside = total = 0.0
    best, where = -1.0, (0, 0)
    for r in range(size):
        for c in range(size):
            value = sum(maps[k, r * h // size, c * w // size] for k in range(f))
            total += value
            # Пиксель — квадрат [r, r+1)×[c, c+1); он в рамке, если пересекается с ней.
            if r + 1 > top and r <= bottom and c + 1 > left and c <= right:
                inside += value
            if value > best:
                best, where = value, (r, c)
    return inside / total, where


@pytest.mark.parametrize("side", [12, 6, 3])
def test_share_in_box_matches_brute_force(side: int) -> None:
    rng = np.random.default_rng(side)
    maps = np.maximum(rng.normal(size=(3, side, side)), 0)
    box = (2.3, 4.0, 7.6, 9.1)
    share, (r, c) = _brute_share(maps, box, 12)
    assert share_in_box(maps, box, 12) == pytest.approx(share)
    expected_peak = r + 1 > box[0] and r <= box[2] and c + 1 > box[1] and c <= box[3]
    assert peak_in_box(maps, box, 12) == expected_peak


def test_share_is_area_share_for_uniform_maps() -> None:
    maps = np.ones((2, 4, 4))
    box = (0.0, 0.0, 5.5, 11.2)  # строки 0–5, столбцы 0–11 картинки 12×12
    assert share_in_box(maps, box, 12) == pytest.approx(6 * 12 / 144)


def test_share_in_box_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="maps"):
        share_in_box(-np.ones((1, 4, 4)), (0, 0, 1, 1), 8)
    with pytest.raises(ValueError, match="image_size"):
        share_in_box(np.ones((1, 5, 5)), (0, 0, 1, 1), 8)
    assert np.isnan(share_in_box(np.zeros((1, 4, 4)), (0, 0, 1, 1), 8))


def test_object_shares_of_untrained_net_are_shares(net_and_images) -> None:
    model, _ = net_and_images
    scenes = make_scenes(8, seed=5)
    shares = object_shares(model, scenes, batch_size=3)
    n_layers = len(model.convs)
    assert shares.inside.shape == shares.peak_inside.shape == (n_layers,)
    assert ((0 <= shares.inside) & (shares.inside <= 1)).all()
    expected_area = np.mean([box_mask(object_box(p), 48).mean() for p in scenes.parts])
    assert shares.area == pytest.approx(expected_area)
    with torch.no_grad():
        first = model.activations(scenes.images[:1])[0][0].numpy()
    one = object_shares(model, Scenes(scenes.images[:1], scenes.labels[:1], scenes.parts[:1]))
    assert one.inside[0] == pytest.approx(share_in_box(first, object_box(scenes.parts[0]), 48))
