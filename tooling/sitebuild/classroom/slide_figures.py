"""Рисунки слайдов: версии рисунков урока для экрана 16:9 и рисунки только для слайдов.

Реестр: имя рисунка → функция, которая вызывает тот же построитель библиотеки
(``lessonlib.figures``), что и страница урока, с теми же данными, но в широкой раскладке
(``wide=True``) и без общего заголовка — его роль на слайде играет заголовок слайда.
Рисунки, которым нужны обученные сети, берут результаты из кэша опытов
(:func:`lessonlib.cache.cached`), поэтому числа те же, что на страницах.

Кэш ``.cache/slides/``: имя файла — отпечаток (:mod:`sitebuild.runner.fingerprint`, как у галереи)
исходника функции рисунка, модулей ``lessonlib``, которые она импортирует (граф импортов
:mod:`sitebuild.runner.imports`), и версий библиотек. Сборка без правок не импортирует ни torch,
ни matplotlib и ничего не рисует.
Все картинки слайдов кодируются для проектора и печати одинаково: JPEG, если он неотличим
от исходника, иначе PNG с палитрой (:mod:`sitebuild.pages.imagecodec`) — Chromium кладёт JPEG
в PDF как есть.
"""

from __future__ import annotations

import ast
import inspect
import io
import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitebuild.runner import fingerprint, imports
from sitebuild.settings import use_lessonlib_cache

LIBRARY = Path(__file__).resolve().parents[3] / "lessonlib"


@dataclass(frozen=True)
class SlideFigure:
    """Рисунок, который сборка рисует для слайдов: имя файла, подпись и функция."""

    name: str
    draw: Callable[[], object]
    caption: str = ""

    def key(self) -> str:
        """Отпечаток всего, от чего зависит рисунок (см. описание модуля)."""
        source = textwrap.dedent(inspect.getsource(self.draw))
        inputs = {"функция": fingerprint.digest(source.encode())}
        for path in imports.closure(imports.imported_names(ast.parse(source)), LIBRARY):
            name = f"{LIBRARY.name}/{path.relative_to(LIBRARY).as_posix()}"
            inputs[name] = fingerprint.digest(path.read_bytes())
        inputs["версии"] = fingerprint.digest("\n".join(fingerprint.versions()).encode())
        # Кегль надписей для проектора (readable) — тоже часть рисунка слайда.
        inputs["надписи"] = fingerprint.digest(
            (inspect.getsource(readable) + repr((SLIDE_MIN_PX, BOX))).encode()
        )
        return fingerprint.key(inputs)[:24]

    def png(self) -> tuple[bytes, dict]:
        """PNG рисунка и замер его надписей (:func:`lessonlib.style.text_metrics`)."""
        from lessonlib.style import FIGURE_DPI, apply_style, comma_ticks, text_metrics

        apply_style()
        fig = self.draw()
        comma_ticks(fig)
        readable(fig)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=FIGURE_DPI, bbox_inches="tight", facecolor="white")
        png = buffer.getvalue()
        width = int.from_bytes(png[16:20], "big")
        return png, text_metrics(fig, width, FIGURE_DPI)


SLIDE_MIN_PX = 24.0
"""Надписи рисунка на слайде 1920×1080 — не мельче 24 px (их читают с последнего ряда)."""


def readable(fig, box: tuple[int, int] | None = None, slack: float = 1.1) -> None:
    """Поднимает кегль надписей, которые на слайде вышли бы мельче :data:`SLIDE_MIN_PX`.

    Рисунок вписывается в место рисунка на слайде ``box`` (по умолчанию :data:`BOX`);
    ``slack`` — запас на поля, которые добавляет обрезка по содержимому.
    """
    from matplotlib.text import Text

    width_in, height_in = fig.get_size_inches()
    box_w, box_h = box or BOX
    shown = min(box_w, box_h * width_in / height_in)
    smallest = SLIDE_MIN_PX * 72 * width_in / shown * slack
    # Подписи делений matplotlib создаёт заново при отрисовке: их кегль — через tick_params.
    for ax in fig.axes:
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            labels = axis.get_ticklabels(which="both")
            if labels and min(t.get_fontsize() for t in labels) < smallest:
                ax.tick_params(axis=name, which="both", labelsize=smallest)
    fig.draw_without_rendering()
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text().strip() and text.get_fontsize() < smallest:
            text.set_fontsize(smallest)


# --- Версии рисунков урока 1 для слайда --------------------------------------------------


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
    from lessonlib.experiments import prototype_experiment
    from lessonlib.figures.training import seed_accuracy_figure

    runs = prototype_experiment().runs  # из кэша опытов, как на странице 7
    return seed_accuracy_figure({f"({k}) {run.title}": run.accuracies for k, run in runs.items()})


def _prototype_vectors():
    import torch

    from lessonlib.data import load_mnist, typical
    from lessonlib.experiments import prototype_experiment
    from lessonlib.figures.training import feature_vectors_figure
    from lessonlib.lessons.lesson01 import PROTOTYPE_DIGITS

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
    from lessonlib.realnet import look, signature_channels

    stage = "fire9"
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


VERSIONS: dict[str, dict[str, SlideFigure]] = {
    "lesson01": {
        f.name: f
        for f in (
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
    }
}
"""Версии рисунков для слайдов по урокам: рисунок плана с этим именем заменяется на слайде."""

CNN_SCHEME = SlideFigure(
    "cnn_scheme",
    _cnn_scheme,
    "Свёрточная сеть целиком: свёртка → ReLU → свёртка → ReLU → вытягивание → полносвязные слои",
)
PHOTOS = SlideFigure(
    "photo_examples",
    _photo_examples,
    "Примеры сложных объектов на настоящих фотографиях: кошка, человек, чашка, ракета",
)
DRAWN = (CNN_SCHEME, PHOTOS)
"""Рисунки, которых нет на страницах урока: только для слайдов."""


# --- Кодирование и кэш ----------------------------------------------------------------


PROJECTOR_PSNR_DB = 36.0
"""JPEG слайда годится, если отличие от исходника не больше этого (проектор и печать
16:9 не показывают разницы, которую видно на хорошем мониторе вблизи)."""
PROJECTOR_QUALITIES = (75, 80, 85)
BOX = (1900, 960)
"""Самое большое место рисунка на слайде 1920×1080: крупнее картинка не показывается."""
ENCODING = "jpeg{}-psnr{:g}-{}x{}".format(
    "-".join(map(str, PROJECTOR_QUALITIES)), PROJECTOR_PSNR_DB, *BOX
)
"""Правила кодирования — часть имени файла в кэше: их смена перекодирует картинки."""


def _encode(data: bytes) -> tuple[bytes, str]:
    """Самое лёгкое из годного и для экрана, и для PDF: JPEG или PNG (GIF — как есть).

    Картинка крупнее места на слайде (:data:`BOX`) сначала уменьшается до него.
    """
    from PIL import Image

    from sitebuild.pages.imagecodec import encode_small, psnr

    image = Image.open(io.BytesIO(data))
    if image.format == "GIF":
        return data, "gif"
    fit = min(1.0, BOX[0] / image.width, BOX[1] / image.height)
    if fit < 1.0:
        size = (round(image.width * fit), round(image.height * fit))
        out = io.BytesIO()
        image.convert("RGB").resize(size, Image.Resampling.LANCZOS).save(out, "PNG")
        data = out.getvalue()
    encoded = encode_small(data)
    best = (encoded.data, encoded.ext)
    if encoded.print_data is not None:
        best = (encoded.print_data, encoded.print_ext)
    rgb = Image.open(io.BytesIO(data)).convert("RGB")
    for quality in PROJECTOR_QUALITIES:
        out = io.BytesIO()
        rgb.save(out, "JPEG", quality=quality, subsampling=0, optimize=True)
        jpeg = out.getvalue()
        if psnr(rgb, Image.open(io.BytesIO(jpeg))) >= PROJECTOR_PSNR_DB:
            return (jpeg, "jpg") if len(jpeg) < len(best[0]) else best
    return best


def drawn(figure: SlideFigure, cache: Path, experiments: Path) -> tuple[bytes, str]:
    """Рисунок ``figure`` для слайда (байты и расширение) — из кэша или нарисованный.

    Нарисованный PNG хранится под отпечатком :meth:`SlideFigure.key` вместе с замером
    надписей (:func:`drawn_metrics`), его кодировка — под отпечатком содержимого.
    ``experiments`` — кэш опытов галереи (``.cache/lessonlib``): обученные сети берутся
    оттуда.
    """
    path = cache / f"{figure.name}-{figure.key()}.png"
    metrics = path.with_suffix(".json")
    if not (path.is_file() and metrics.is_file()):
        use_lessonlib_cache(experiments)
        cache.mkdir(parents=True, exist_ok=True)
        png, measured = figure.png()
        path.write_bytes(png)
        metrics.write_text(json.dumps(measured), encoding="utf-8")
    return encoded(path, cache)


def drawn_metrics(figure: SlideFigure, cache: Path) -> dict | None:
    """Замер надписей нарисованного рисунка из кэша (``None`` — его ещё не рисовали)."""
    path = cache / f"{figure.name}-{figure.key()}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def encoded(path: Path, cache: Path) -> tuple[bytes, str]:
    """Картинка ``path`` в кодировке слайдов (:func:`_encode`); кэш — по содержимому."""
    data = path.read_bytes()
    stem = f"encoded-{fingerprint.digest(data)[:24]}-{ENCODING}"
    found = sorted(cache.glob(f"{stem}.*"))
    if found:
        return found[0].read_bytes(), found[0].suffix[1:]
    result, ext = _encode(data)
    cache.mkdir(parents=True, exist_ok=True)
    (cache / f"{stem}.{ext}").write_bytes(result)
    return result, ext
