"""Настоящая сеть: общие правила выбора карт (lessonlib.realnet) и числа страниц 11 и 13
урока 1 (lessonlib.lessons.lesson01.realnet): рамка морды, пустые карты."""

from __future__ import annotations

import numpy as np
import pytest

from lessonlib import realnet
from lessonlib.activations import NEAR_EMPTY_FRACTION
from lessonlib.fmt import percent
from lessonlib.imagenet import imagenet_classes
from lessonlib.lessons.lesson01 import CAT_FACE_BOX
from lessonlib.lessons.lesson01 import realnet as lesson


def test_map_mask_matches_pixel_by_pixel_check():
    box = (75, 290, 130, 355)
    mask = realnet.map_mask((14, 14), (300, 451), box)
    for r in range(14):
        for c in range(14):
            y, x = (r + 0.5) * 300 / 14, (c + 0.5) * 451 / 14
            assert mask[r, c] == (box[0] <= y < box[1] and box[2] <= x < box[3])


def test_brightest_channels_are_the_largest_means_in_order():
    rng = np.random.default_rng(1)
    maps = rng.random((20, 5, 5))
    expected = sorted(range(20), key=lambda k: -maps[k].mean())[:8]
    assert realnet.brightest_channels(maps).tolist() == expected


def test_brightest_channels_bad_shape_names_the_argument():
    with pytest.raises(ValueError, match=r"^maps:"):
        realnet.brightest_channels(np.zeros((3, 3)))


def test_stage_title_refuses_unknown_stage():
    with pytest.raises(ValueError, match=r"^stage:"):
        realnet.stage_title("fire10")


def test_face_shares_agree_with_a_direct_count():
    shares = lesson.face_shares()
    maps = realnet.look("chelsea").maps["fire9"]
    inside = realnet.map_mask(maps.shape[1:], (300, 451), CAT_FACE_BOX)
    on_face = sum(float(maps[k][inside].sum()) for k in range(len(maps)))
    assert shares.all_maps[-1] == pytest.approx(on_face / float(maps.sum()), rel=1e-5)
    assert shares.area[-1] == pytest.approx(inside.sum() / inside.size)
    assert np.all((shares.shown >= 0) & (shares.shown <= 1))


def test_empty_shares_count_maps_below_a_tenth_of_the_brightest():
    maps = realnet.look("coffee").maps["fire9"]
    peaks = [float(m.max()) for m in maps]
    expected = sum(p < NEAR_EMPTY_FRACTION * max(peaks) for p in peaks) / len(peaks)
    assert lesson.empty_shares(["coffee"])["coffee"][-1] == pytest.approx(expected)


def test_signature_channel_is_among_the_photos_brightest():
    chosen = lesson.signature_channels()
    for name, channel in chosen.items():
        assert channel in realnet.brightest_channels(realnet.look(name).maps["fire9"])
    assert len(set(chosen.values())) == len(chosen)


def test_findings_quote_the_measured_numbers():
    topic = lesson.real_network_topic()
    shares = lesson.face_shares()
    finding = topic.claim("face_parts").finding
    assert percent(shares.shown[0], 0) in finding and percent(shares.shown[-1], 0) in finding
    cat = lesson.empty_shares()["chelsea"]
    assert percent(cat[-1], 0) in topic.claim("deep_empty").finding
    assert lesson.class_map().min() >= 0


def test_class_names_are_the_russian_names_of_the_imagenet_table():
    shown = np.argsort(realnet.look("chelsea").probabilities)[::-1][:5]
    names = [realnet.class_name(k) for k in shown]
    assert names[:3] == ["египетская кошка", "тигровая кошка", "полосатая кошка"]
    table = imagenet_classes()
    assert [realnet.class_name(k) for k in (281, 967)] == [table[281].russian, "эспрессо"]
