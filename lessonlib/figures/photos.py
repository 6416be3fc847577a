"""Настоящие фотографии разных сложных объектов — зачем фильтры должны учиться сами."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from lessonlib.figures.panels import new_figure
from lessonlib.images import PHOTO_NAMES, PHOTO_TITLES, photo


def photo_examples_figure(names: Sequence[str] = PHOTO_NAMES) -> Figure:
    """Фотографии из scikit-image в ряд, под каждой — что на ней (для слайда, без заголовка).

    Это примеры сложных объектов, а не картинки ImageNet: ImageNet с уроком не
    поставляется, а эти фотографии есть в пакете и открываются без интернета.
    """
    if not names:
        raise ValueError(f"names: нужна хотя бы одна фотография из {', '.join(PHOTO_NAMES)}")
    fig = new_figure(4.0 * len(names), 4.6)
    for ax, name in zip(fig.subplots(1, len(names), squeeze=False)[0], names, strict=True):
        ax.imshow(photo(name).astype("uint8"))
        ax.set_title(PHOTO_TITLES[name], fontsize=20)
        ax.axis("off")
    # Без общего заголовка: его говорит заголовок слайда.
    return fig
