"""Рисунки слайдов урока 1 (их рисует прогонщик галереи: :mod:`sitebuild.runner.slide_figures`).

``VERSIONS`` — версии рисунков страниц для экрана 16:9: тот же построитель ``lessonlib``,
те же данные, но широкая раскладка и без общего заголовка (его роль играет заголовок
слайда); рисунок карты с тем же именем на слайде заменяется версией. ``SLIDE_ONLY`` —
рисунки, которых на страницах урока нет. Обученные сети берутся из кэша опытов, поэтому
числа те же, что на страницах.
"""

from __future__ import annotations

from sitebuild.runner.slide_figures import SlideFigure

# --- Версии рисунков страниц для слайда --------------------------------------------------


def _sobel_house():
    from lessonlib.figures.filters import filter_response_figure
    from lessonlib.filters import SOBEL_HORIZONTAL, SOBEL_VERTICAL
    from lessonlib.images import house

    return filter_response_figure(house(), [SOBEL_VERTICAL, SOBEL_HORIZONTAL], "", wide=True)


def _sobel_photo():
    from lessonlib.figures.filters import filter_response_figure
    from lessonlib.filters import SOBEL_HORIZONTAL, SOBEL_VERTICAL
    from lessonlib.images import grayscale, photo
    from lessonlib.lessons.lesson01 import CAT_FACE, PHOTO_QUANTILE

    cat = grayscale(photo("chelsea"))[CAT_FACE]
    filters = [SOBEL_VERTICAL, SOBEL_HORIZONTAL]
    return filter_response_figure(cat, filters, "", quantile=PHOTO_QUANTILE, wide=True)


def _diagonal_filter():
    from lessonlib.figures.filters import filter_response_figure
    from lessonlib.filters import DIAGONAL_45, DIAGONAL_135
    from lessonlib.images import house

    return filter_response_figure(house(), [DIAGONAL_45, DIAGONAL_135], "", wide=True)


def _conv_matrix():
    from lessonlib.figures.conv import conv_matrix_figure
    from lessonlib.lessons.lesson01 import IMAGE, KERNEL

    return conv_matrix_figure(IMAGE, KERNEL, wide=True)


def _locality_shift():
    from lessonlib.figures.locality import locality_shift_figure
    from lessonlib.filters import SOBEL_VERTICAL
    from lessonlib.images import plus_sign, scene
    from lessonlib.lessons.lesson01 import CROSS_POSITIONS, CROSS_SCENE, CROSS_SIDE

    cross = plus_sign(CROSS_SIDE)
    picture = scene(CROSS_SCENE, cross, CROSS_POSITIONS)
    kernel = SOBEL_VERTICAL.kernel
    return locality_shift_figure(picture, kernel, CROSS_POSITIONS, cross.shape, wide=True)


def _color_per_channel():
    import numpy as np

    from lessonlib.figures.color import color_conv_per_channel_figure
    from lessonlib.filters import DIAGONAL_45, SOBEL_HORIZONTAL, SOBEL_VERTICAL
    from lessonlib.images import photo

    kernels = [SOBEL_VERTICAL.kernel, SOBEL_HORIZONTAL.kernel, DIAGONAL_45.kernel]
    return color_conv_per_channel_figure(photo("chelsea"), np.stack(kernels, axis=-1))


def _prototype_accuracy():
    from lessonlib.figures.training import seed_accuracy_figure
    from lessonlib.lessons.lesson01.experiments import prototype_experiment

    runs = prototype_experiment().runs  # из кэша опытов, как на странице 7
    return seed_accuracy_figure({f"({k}) {run.title}": run.accuracies for k, run in runs.items()})


def _prototype_vectors():
    import torch

    from lessonlib.data import load_mnist, typical
    from lessonlib.figures.training import feature_vectors_figure
    from lessonlib.lessons.lesson01 import PROTOTYPE_DIGITS
    from lessonlib.lessons.lesson01.experiments import prototype_experiment

    split = load_mnist(PROTOTYPE_DIGITS)
    with torch.no_grad():
        features = prototype_experiment().model("c").features(split.x_test)
    four, eight = (typical(split.x_test, split.y_test, label) for label in (0, 1))
    return feature_vectors_figure(
        {"Четвёрка": features[four].numpy(), "Восьмёрка": features[eight].numpy()},
        ["карта вертикального фильтра", "карта диагонального фильтра"],
    )


def _channels_by_photo():
    from lessonlib.figures.realnet import channels_by_photo_figure
    from lessonlib.images import PHOTO_NAMES, PHOTO_TITLES, photo
    from lessonlib.lessons.lesson01.realnet import SIGNATURE_STAGE as stage
    from lessonlib.lessons.lesson01.realnet import signature_channels
    from lessonlib.realnet import look

    return channels_by_photo_figure(
        {PHOTO_TITLES[n]: photo(n) for n in PHOTO_NAMES},
        {PHOTO_TITLES[n]: look(n).maps[stage] for n in PHOTO_NAMES},
        {PHOTO_TITLES[n]: c for n, c in signature_channels(stage).items()},
        "",  # заголовок — у слайда
    )


# --- Рисунки только для слайдов ---------------------------------------------------------


def _cnn_scheme():
    from lessonlib.figures.networks import cnn_scheme_figure
    from lessonlib.lessons.lesson01 import COLOR_INPUT, COLOR_LAYERS
    from lessonlib.shapes import Dense, Flatten, ReLU

    # Сеть из урока (вход 32×32×3, пять и три фильтра) с полносвязной частью на 10 классов.
    layers = (*COLOR_LAYERS, Flatten(), Dense(64), ReLU(), Dense(10))
    return cnn_scheme_figure(COLOR_INPUT, layers, "")  # заголовок — у слайда


def _photo_examples():
    from lessonlib.figures.photos import photo_examples_figure

    return photo_examples_figure()


VERSIONS = (
    SlideFigure("sobel_house", _sobel_house),
    SlideFigure("sobel_photo", _sobel_photo),
    SlideFigure("diagonal_filter", _diagonal_filter),
    SlideFigure("conv_matrix", _conv_matrix),
    SlideFigure("locality_shift", _locality_shift),
    SlideFigure("color_conv_per_channel", _color_per_channel),
    SlideFigure("prototype_accuracy", _prototype_accuracy),
    SlideFigure("prototype_vectors", _prototype_vectors),
    SlideFigure("channels_by_photo", _channels_by_photo),
)

SLIDE_ONLY = (
    SlideFigure("cnn_scheme", _cnn_scheme),
    SlideFigure("photo_examples", _photo_examples),
)
