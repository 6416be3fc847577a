"""Рисунки первой части урока: структура и числа на них, а не пиксели.

Числа, которые рисунок показывает в клетках и подписях, сверяются с независимым
расчётом (scipy, numpy, формулы урока), а не с выводом тех же функций lessonlib.
"""

from __future__ import annotations

import html as html_module
import json
import re

import matplotlib.colors as mcolors
import numpy as np
import pytest
from PIL import Image
from scipy.signal import correlate2d

from lessonlib import filters, images, style
from lessonlib.figures import animation, color, locality, networks, receptive_field
from lessonlib.figures import conv as conv_fig
from lessonlib.figures import filters as filter_figs
from lessonlib.fmt import number
from lessonlib.lessons import lesson01 as examples
from lessonlib.quiz import answer
from lessonlib.shapes import Conv, Pool, ReLU


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def numbers(values) -> list[str]:
    return [number(v) for v in np.ravel(values)]


def pictures(ax) -> list[np.ndarray]:
    return [np.asarray(im.get_array()) for im in ax.get_images()]


def valid_correlation(image, kernel) -> np.ndarray:
    return correlate2d(np.asarray(image, dtype=float), np.asarray(kernel, dtype=float), "valid")


LESSON_MAP = valid_correlation(examples.IMAGE, examples.KERNEL)


# --- картинки ---------------------------------------------------------------------------


def test_house_is_deterministic_and_has_the_lesson_parts():
    house = images.house(96)
    assert house.shape == (96, 96)
    assert np.array_equal(house, images.house(96))
    assert house.min() >= 0 and house.max() <= 255
    # небо, земля, стена, крыша, окна, дверь — шесть разных яркостей
    assert len(np.unique(house)) == 6


def test_scene_places_identical_copies_and_rejects_overflow():
    obj = images.plus_sign(5)
    img = images.scene((20, 30), obj, [(1, 2), (10, 20)])
    assert np.array_equal(img[1:6, 2:7], obj) and np.array_equal(img[10:15, 20:25], obj)
    assert img.sum() == 2 * obj.sum()
    with pytest.raises(ValueError, match="positions"):
        images.scene((20, 30), obj, [(18, 0)])


def test_photo_and_grayscale_shapes():
    rgb = images.photo("chelsea")
    assert rgb.ndim == 3 and rgb.shape[2] == 3
    gray = images.grayscale(rgb)
    assert gray.shape == rgb.shape[:2] and 0 <= gray.min() and gray.max() <= 255
    with pytest.raises(ValueError, match="name"):
        images.photo("eagle")


# --- шаги свёртки ----------------------------------------------------------------------


@pytest.mark.parametrize("step", range(4))
def test_conv_step_shows_window_products_sum_and_filled_cells(step):
    fig = conv_fig.conv_step_figure(examples.IMAGE, examples.KERNEL, step)
    ax_img, ax_ker, ax_prod, ax_out = fig.axes
    assert fig.get_suptitle().startswith(f"Положение {step + 1} из 4")
    row, col = divmod(step, 2)
    window = np.asarray(examples.IMAGE)[row : row + 3, col : col + 3]
    products = window * np.asarray(examples.KERNEL)
    assert texts(ax_prod)[:9] == numbers(products)
    assert texts(ax_prod)[-1] == f"сумма = {number(products.sum())}"
    assert products.sum() == LESSON_MAP[row, col]
    # в карте заполнены ровно пройденные шаги, числа — как у scipy
    assert texts(ax_out) == numbers(LESSON_MAP.ravel()[: step + 1])
    assert texts(ax_img) == numbers(examples.IMAGE)
    assert texts(ax_ker) == numbers(examples.KERNEL)
    # рамка окна — 3×3 с верхним левым углом в (row, col)
    frames = [p for p in ax_img.patches if p.get_linewidth() > 3]
    assert [(p.get_y(), p.get_x(), p.get_height(), p.get_width()) for p in frames] == [
        (row, col, 3, 3)
    ]


def test_lesson_numbers_are_the_seed_numbers():
    assert LESSON_MAP.tolist() == [[29, -192], [-35, -22]]


def test_overview_and_matrix_show_the_same_four_numbers():
    overview = conv_fig.conv_overview_figure(examples.IMAGE, examples.KERNEL)
    assert texts(overview.axes[4]) == numbers(LESSON_MAP)
    matrix_fig = conv_fig.conv_matrix_figure(examples.IMAGE, examples.KERNEL)
    shown = texts(matrix_fig.axes[0])
    # столбец x (16), строки матрицы 4×16 столбцами (64), строка результата (4)
    assert shown[:16] == numbers(examples.IMAGE)
    assert shown[16 + 64 : 16 + 64 + 4] == numbers(LESSON_MAP)
    matrix_t = np.array([float(t.replace("−", "-")) for t in shown[16 : 16 + 64]]).reshape(16, 4)
    assert np.array_equal(matrix_t.T @ np.ravel(examples.IMAGE), LESSON_MAP.ravel())


def test_animation_is_a_small_looping_gif_and_embeds_with_alt(tmp_path):
    path = conv_fig.save_conv_animation(examples.IMAGE, examples.KERNEL, tmp_path / "a.gif")
    assert path.stat().st_size < 300_000
    with Image.open(path) as gif:
        assert gif.format == "GIF" and gif.n_frames == 8
        assert gif.info.get("loop") == 0
    html = animation.embed_gif(path, "Анимация «свёртка»")._repr_html_()
    assert html.startswith('<img src="data:image/gif;base64,')
    assert 'alt="Анимация «свёртка»"' in html
    with pytest.raises(ValueError, match="path"):
        animation.embed_gif(tmp_path / "нет.gif", "подпись")


def test_animation_frames_show_every_edge_of_every_grid(tmp_path):
    """У всех матриц кадра GIF видны все четыре внешние рамки: на мелком кадре правая и
    нижняя пропадали. Где рамка — по клеткам рисунка кадра; её цвет — цвет рамок клеток
    (или окна); пиксели — из самого GIF, первый и последний кадр."""
    path = conv_fig.save_conv_animation(examples.IMAGE, examples.KERNEL, tmp_path / "a.gif")
    missing = []
    with Image.open(path) as gif:
        for frame in (0, gif.n_frames - 1):
            gif.seek(frame)
            pixels = np.asarray(gif.convert("RGB"), dtype=float)
            step, written = divmod(frame, 2)
            fig = conv_fig.conv_step_figure(examples.IMAGE, examples.KERNEL, step, written=written)
            animation.render(fig, 72)  # раскладка кадра (save_gif — 72 точки на дюйм)
            height = pixels.shape[0]
            for ax in fig.axes:
                lines = np.array([mcolors.to_rgb(p.get_edgecolor()) for p in ax.patches]) * 255
                cells = [p.get_bbox() for p in ax.patches]  # клетки матрицы и окно
                grid = [
                    (min(b.x0 for b in cells), min(b.y0 for b in cells)),
                    (max(b.x1 for b in cells), max(b.y1 for b in cells)),
                ]
                corners = ax.transData.transform(grid)
                (left, right), (top, bottom) = sorted(corners[:, 0]), sorted(height - corners[:, 1])
                xs = np.linspace(left, right, 12)[1:-1].round().astype(int)
                ys = np.linspace(top, bottom, 12)[1:-1].round().astype(int)
                strips = {  # по три пикселя поперёк каждой рамки
                    "левая": pixels[ys, round(left) - 1 : round(left) + 2],
                    "правая": pixels[ys, round(right) - 2 : round(right) + 1],
                    "верхняя": pixels[round(top) - 1 : round(top) + 2, xs].transpose(1, 0, 2),
                    "нижняя": pixels[round(bottom) - 2 : round(bottom) + 1, xs].transpose(1, 0, 2),
                }
                for name, strip in strips.items():
                    near = np.abs(strip[:, :, None, :] - lines).max(axis=-1).min(axis=(1, 2))
                    if (near > 40).any():
                        missing.append(f"кадр {frame}, «{ax.get_title()}»: {name} рамка")
    assert not missing, missing


def test_animation_keeps_each_step_as_a_still_with_its_title(tmp_path):
    """Неподвижные кадры — это кадры «запись» каждого шага, с подписью из заголовка шага."""
    (tmp_path / "a.still-9.png").write_bytes(b"")  # от прошлой, более длинной анимации
    path = conv_fig.save_conv_animation(examples.IMAGE, examples.KERNEL, tmp_path / "a.gif")
    stills = animation.still_paths(path)
    assert [p.name for p in stills] == [f"a.still-{n}.png" for n in range(1, 5)]
    for step, still in enumerate(stills):
        fig = conv_fig.conv_step_figure(examples.IMAGE, examples.KERNEL, step, written=True)
        expected = np.asarray(animation.render(fig, 72))
        with Image.open(still) as image:
            assert np.array_equal(np.asarray(image.convert("RGB")), expected)
            assert image.text["Description"] == style.figure_alt(fig)
    html = animation.embed_gif(path, "Анимация")._repr_html_()
    listed = json.loads(html_module.unescape(re.search(r'data-stills="([^"]+)"', html)[1]))
    assert [s["src"] for s in listed] == [p.as_posix() for p in stills]
    assert all(s["alt"].startswith(f"Положение {n} из 4") for n, s in enumerate(listed, 1))
    with pytest.raises(ValueError, match="stills"):
        animation.save_gif([fig], tmp_path / "b.gif", stills=[1])


def test_output_size_figure_shows_maps_of_lesson_sizes():
    digit = np.random.default_rng(0).integers(0, 256, size=(28, 28))
    fig = conv_fig.output_size_figure(digit, [np.ones((3, 3)), np.ones((5, 5))], "Размеры")
    assert len(fig.axes) == 3
    shapes = [pictures(ax)[0].shape for ax in fig.axes]
    assert shapes == [(28, 28), (28 - 3 + 1, 28 - 3 + 1), (28 - 5 + 1, 28 - 5 + 1)]
    assert "26×26" in fig.axes[1].get_title() and "24×24" in fig.axes[2].get_title()
    np.testing.assert_allclose(pictures(fig.axes[2])[0], valid_correlation(digit, np.ones((5, 5))))


def test_relu_figure_zeroes_negatives():
    fig = conv_fig.relu_figure(LESSON_MAP)
    assert texts(fig.axes[0]) == numbers(LESSON_MAP)
    assert texts(fig.axes[2]) == numbers(np.maximum(LESSON_MAP, 0))


# --- цвет --------------------------------------------------------------------------------


def _small_rgb() -> np.ndarray:
    return images.photo("chelsea")[100:140, 150:200]


def test_color_channels_figure():
    fig = color.color_channels_figure(_small_rgb())
    assert len(fig.axes) == 4
    assert [pictures(ax)[0].shape for ax in fig.axes] == [(40, 50, 3)] + [(40, 50)] * 3
    assert "40×50×3" in fig.axes[0].get_title()


def test_color_conv_ways_agree_with_per_channel_correlation():
    rgb = _small_rgb()
    kernel = np.stack(
        [
            filters.SOBEL_VERTICAL.kernel,
            filters.SOBEL_HORIZONTAL.kernel,
            filters.DIAGONAL_45.kernel,
        ],
        axis=-1,
    )
    per_channel = [valid_correlation(rgb[:, :, c], kernel[:, :, c]) for c in range(3)]
    way1 = color.color_conv_3d_figure(rgb, kernel)
    one_map = [a for ax in way1.axes for a in pictures(ax) if a.ndim == 2]
    assert len(one_map) == 1
    np.testing.assert_allclose(one_map[0], sum(per_channel))
    assert "38×48" in way1.axes[-1].get_title()
    way2 = color.color_conv_per_channel_figure(rgb, kernel)
    maps = [pictures(ax)[0] for ax in way2.axes[4::5]]
    for shown, expected in zip(maps, per_channel, strict=True):
        np.testing.assert_allclose(shown, expected)


# --- фильтры и локальность ---------------------------------------------------------------


def test_filter_response_figure_signed_and_absolute_maps():
    house = images.house(48)
    chosen = [filters.SOBEL_VERTICAL, filters.SOBEL_HORIZONTAL]
    fig = filter_figs.filter_response_figure(house, chosen, "Собель")
    main_axes = [ax for ax in fig.axes if ax.get_title() or ax.images]
    signed = [a for ax in main_axes if ax.get_title() == "карта со знаком" for a in pictures(ax)]
    absolute = [a for ax in main_axes if ax.get_title() == "|карта|" for a in pictures(ax)]
    for filt, s, a in zip(chosen, signed, absolute, strict=True):
        expected = valid_correlation(house, filt.kernel)
        np.testing.assert_allclose(s, expected)
        np.testing.assert_allclose(a, np.abs(expected))
    assert fig.get_suptitle() == "Собель"


def test_locality_shift_figure_reports_identical_responses():
    obj = images.plus_sign(5)
    positions = [(3, 4), (13, 20)]
    img = images.scene((22, 30), obj, positions)
    fig = locality.locality_shift_figure(img, filters.SOBEL_VERTICAL.kernel, positions, obj.shape)
    assert fig.get_suptitle().endswith("наибольшая разница 0")
    full = valid_correlation(img, filters.SOBEL_VERTICAL.kernel)
    crops = [pictures(ax)[0] for ax in fig.axes if ax.get_title().startswith("Отклик")]
    assert len(crops) == 2
    np.testing.assert_array_equal(crops[0], crops[1])
    np.testing.assert_array_equal(crops[0], full[1:8, 2:9])  # строки 3−3+1…3+5−1


def test_window_dependence_changes_only_the_window():
    img = images.scene((16, 16), images.plus_sign(5), [(2, 2)])
    fig = locality.window_dependence_figure(img, np.arange(9).reshape(3, 3) + 1, (9, 9))
    diff = pictures(fig.axes[1])[0]
    changed = np.argwhere(diff != 0)
    assert changed.min(axis=0).tolist() == [7, 7] and changed.max(axis=0).tolist() == [9, 9]
    assert " ".join(fig.get_suptitle().split()).endswith("вне квадрата изменилось пикселей: 0")


# --- сети -------------------------------------------------------------------------------


def test_prototype_scheme_vector_is_the_concatenated_maps():
    rng = np.random.default_rng(1)
    digits = {"Четвёрка": rng.random((28, 28)) * 255, "Восьмёрка": rng.random((28, 28)) * 255}
    chosen = [filters.SOBEL_VERTICAL, filters.DIAGONAL_45]
    fig = networks.prototype_scheme_figure(digits, chosen)
    vectors = [a for ax in fig.axes for a in pictures(ax) if a.shape[1:] == (1,)]
    assert len(vectors) == 2
    for image, vector in zip(digits.values(), vectors, strict=True):
        maps = [np.abs(valid_correlation(image, f.kernel)) for f in chosen]
        np.testing.assert_allclose(vector[:, 0], np.concatenate([m.ravel() for m in maps]))
        assert vector.shape == (2 * 26 * 26, 1)
    strength = networks.activation_strength(np.stack(list(digits.values())), chosen)
    expected = [
        [np.abs(valid_correlation(im, f.kernel)).mean() for f in chosen] for im in digits.values()
    ]
    np.testing.assert_allclose(strength, expected)


def test_shape_chain_labels_follow_the_lesson_formula():
    fig = networks.shape_chain_figure((32, 32, 3), [Conv(5, 3), ReLU(), Conv(3, 4), ReLU()], "t")
    shown = texts(fig.axes[0])
    m1 = 32 - 3 + 1
    m2 = m1 - 4 + 1
    for label in ("32×32×3", f"{m1}×{m1}×5", f"{m2}×{m2}×3"):
        assert label in shown
    assert any(t.startswith("свёртка") and t.endswith("+ ReLU") for t in shown)


def test_parameter_table_counts():
    widths = [10, 128]
    fig = networks.parameter_table_figure((100, 100, 1), [Conv(5, 3)] * 5, widths)
    table = fig.axes[0].tables[0]
    inputs = (100 - 5 * 2) ** 2 * 5
    assert inputs == 40_500
    conv_params = (5 * 9 * 1 + 5) + 4 * (5 * 9 * 5 + 5)
    for r, width in enumerate(widths, start=1):
        row = [table[r, c].get_text().get_text().replace("\u00a0", "") for c in range(5)]
        assert row == [
            str(width),
            str(inputs),
            str(inputs * width),
            str(inputs * width + width),
            str(conv_params),
        ]


# --- рецептивное поле -------------------------------------------------------------------


def test_receptive_field_lesson_picture():
    fig = receptive_field.receptive_field_figure([Conv(1, 3), Conv(1, 3)], 7)
    ax = fig.axes[0]
    filled = {
        style.RF_INPUT_COLOR: (1, 1, 5),
        # сетки выровнены по середине: карта 1 ниже входа на 1 клетку, карта 2 — на 2
        style.RF_MIDDLE_COLOR: (7 + 2.5 + 1, 1 + 1, 3),
        style.RF_PIXEL_COLOR: (7 + 2.5 + 5 + 2.5 + 1, 2 + 1, 1),
    }
    for color_, (x, y, side) in filled.items():
        boxes = [
            p
            for p in ax.patches
            if p.get_facecolor()[3] > 0  # закрашенные, а не рамки
            and mcolors.same_color(p.get_facecolor()[:3], mcolors.to_rgb(color_))
        ]
        assert [(b.get_x(), b.get_y(), b.get_width(), b.get_height()) for b in boxes] == [
            (x, y, side, side)
        ]
    assert "5×5" in ax.get_title()


def test_receptive_field_growth_lines_match_the_formula():
    stacks = {"3×3": [Conv(1, 3)] * 4, "с пулингом": [Conv(1, 3), Pool(2, stride=2)] * 2}
    fig = receptive_field.receptive_field_growth_figure(stacks)
    lines = fig.axes[0].get_lines()
    assert [list(line.get_ydata()) for line in lines] == [[3, 5, 7, 9], [3, 4, 8, 10]]


# --- ответы ------------------------------------------------------------------------------


def test_answer_renders_as_collapsible_markdown():
    md = answer("**26×26**")._repr_markdown_()
    assert md.startswith("<details>") and "<summary>Ответ</summary>" in md
    assert "\n\n**26×26**\n\n" in md
    with pytest.raises(ValueError, match="text"):
        answer("  ")


def test_all_builders_give_titles_for_alt_text():
    figs = [
        conv_fig.conv_overview_figure(examples.IMAGE, examples.KERNEL),
        conv_fig.relu_figure(LESSON_MAP),
        receptive_field.receptive_field_figure([Conv(1, 3), Conv(1, 3)], 7),
    ]
    assert all(style.figure_alt(f) for f in figs)


def test_numbers_in_figures_use_decimal_comma_and_no_minus_zero(tmp_path) -> None:
    from lessonlib.figures.panels import new_figure
    from lessonlib.fmt import number
    from lessonlib.style import save_figure

    assert number(17.5) == "17,5"
    assert number(-3.0) == "−3"
    assert number(-0.04) == "0,0"
    fig = new_figure(3, 2)
    ax = fig.subplots()
    artist = ax.imshow(np.linspace(0, 2.5, 12).reshape(3, 4))
    fig.colorbar(artist, ax=ax)
    ax.plot([0.5, 1.5], [0.25, 0.75])
    save_figure(fig, "ticks", tmp_path)
    fig.canvas.draw()
    labels = [t.get_text() for a in fig.axes for t in a.get_yticklabels() + a.get_xticklabels()]
    decimals = [t for t in labels if any(ch.isdigit() for ch in t) and not t.isdigit()]
    assert decimals and all("." not in t for t in labels)
    assert any("," in t for t in decimals)


def test_shift_equivariance_figure_moves_the_response_with_the_object() -> None:
    from lessonlib.figures.locality import shift_equivariance_figure
    from lessonlib.filters import SOBEL_VERTICAL
    from lessonlib.images import plus_sign, scene

    cross = plus_sign(5)
    picture = scene((20, 24), cross, [(3, 4)])
    fig = shift_equivariance_figure(picture, SOBEL_VERTICAL.kernel, (3, 4), cross.shape, 4)
    assert fig.get_suptitle().endswith("разница откликов: 0")
    moved = np.asarray(fig.axes[2].images[0].get_array())
    assert np.array_equal(moved, scene((20, 24), cross, [(3, 8)]))
    with pytest.raises(ValueError, match="shift"):
        shift_equivariance_figure(picture, SOBEL_VERTICAL.kernel, (3, 4), cross.shape, 20)
