"""Самая лёгкая из равных по виду кодировок рисунка блокнота.

Крупный рисунок сначала становится JPEG, если тот заметно легче (:func:`photo_as_jpeg`).
Кандидаты: исходный файл, WebP без потерь, PNG с палитрой 256 цветов и WebP с потерями.
Кодировка с потерями берётся, только если она почти неотличима от исходника: пиковое
отношение сигнал/шум не ниже :data:`MIN_PSNR_DB` (≈ порог, за которым разницу на экране не
видно). Из допустимых выбирается самая короткая.

Для печати нужна своя копия: Chromium кладёт в PDF JPEG как есть, а всё остальное (WebP,
PNG) — пикселями, сжатыми zlib, и PDF с WebP выходит вдвое тяжелее. Печатная копия — самый
короткий в PDF из исходника (или экранного PNG) и неотличимого JPEG; если это и есть
экранный файл, копии нет.
"""

from __future__ import annotations

import io
import math
import zlib
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageStat

MIN_PSNR_DB = 40.0
# Страницы читают со школьного интернета и телефонов: PNG тяжелее этого — кандидат в JPEG.
JPEG_FROM_BYTES = 200_000
JPEG_QUALITY = 88
QUALITY = 90  # WebP
QUALITIES = (90, 95, 97)  # JPEG для печати: чем мельче цветные детали, тем выше нужно


@dataclass(frozen=True)
class Encoded:
    data: bytes
    ext: str  # расширение файла без точки
    width: int
    height: int
    print_data: bytes | None = None  # копия для печати, если ``data`` в PDF не годится
    print_ext: str | None = None


def _flat(image: Image.Image) -> Image.Image:
    """RGB, если прозрачности нет (у рисунков matplotlib фон непрозрачный)."""
    if image.mode in ("RGBA", "LA") and image.getchannel("A").getextrema() == (255, 255):
        return image.convert("RGB")
    return image.convert("RGBA" if "A" in image.mode else "RGB")


def psnr(a: Image.Image, b: Image.Image) -> float:
    """Пиковое отношение сигнал/шум двух картинок одного размера, дБ (∞ — совпадают)."""
    diff = ImageChops.difference(a.convert("RGBA"), b.convert("RGBA"))
    mse = sum(v * v for v in ImageStat.Stat(diff).rms) / 4
    return math.inf if mse == 0 else 10 * math.log10(255**2 / mse)


def _save(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def photo_as_jpeg(data: bytes) -> bytes:
    """Крупный PNG (фотографии и карты активации весят мегабайты) — JPEG, если тот хотя бы
    на треть легче; иначе сам ``data``."""
    if len(data) < JPEG_FROM_BYTES or not data.startswith(b"\x89PNG"):
        return data
    image = Image.open(io.BytesIO(data)).convert("RGB")
    jpeg = _save(image, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return data if len(jpeg) > 2 * len(data) / 3 else jpeg


def encode_figure(data: bytes) -> Encoded:
    """Рисунок страницы-блокнота: крупная картинка — сначала JPEG (:func:`photo_as_jpeg`),
    затем самая лёгкая из равных по виду кодировок (:func:`encode_small`)."""
    return encode_small(photo_as_jpeg(data))


def encode_small(data: bytes) -> Encoded:
    """Самый короткий из кандидатов, которые выглядят как исходник."""
    source = Image.open(io.BytesIO(data))
    ext = {"PNG": "png", "JPEG": "jpg", "GIF": "gif"}[source.format]
    if ext == "gif":  # анимация: как есть
        return Encoded(data, ext, *source.size)
    image = _flat(source)
    screen = [(data, ext), (_save(image, "WEBP", lossless=True, method=4), "webp")]
    screen += _close_enough(
        image,
        (_save(image, "WEBP", quality=QUALITY, method=4), "webp"),
        (_save(image.quantize(256, dither=Image.Dither.NONE), "PNG", optimize=True), "png"),
    )
    best = min(screen, key=lambda c: len(c[0]))
    paper = [best if best[1] != "webp" else (data, ext)]
    if image.mode == "RGB":
        jpegs = [_save(image, "JPEG", quality=q, subsampling=0, optimize=True) for q in QUALITIES]
        paper += _close_enough(image, *[(jpeg, "jpg") for jpeg in jpegs])
    # В PDF JPEG ложится как есть, остальное — пикселями, сжатыми zlib.
    raw = len(zlib.compress(image.tobytes()))
    on_paper = min(paper, key=lambda c: len(c[0]) if c[1] == "jpg" else raw)
    if on_paper == best:
        return Encoded(*best, *source.size)
    return Encoded(*best, *source.size, *on_paper)


def smallest_png(data: bytes) -> bytes:
    """Самый короткий PNG, неотличимый от ``data``: сам ``data``, он же пересжатый без
    потерь (без пустого канала прозрачности) или с палитрой 256 цветов."""
    image = _flat(Image.open(io.BytesIO(data)))
    palette = _save(image.quantize(256, dither=Image.Dither.NONE), "PNG", optimize=True)
    lossless = [data, _save(image, "PNG", optimize=True)]
    return min(lossless + [c for c, _ in _close_enough(image, (palette, "png"))], key=len)


def _close_enough(image: Image.Image, *candidates: tuple[bytes, str]) -> list[tuple[bytes, str]]:
    """Кодировки с потерями, неотличимые от ``image`` (PSNR ≥ :data:`MIN_PSNR_DB`)."""
    return [
        (encoded, ext)
        for encoded, ext in candidates
        if psnr(image, Image.open(io.BytesIO(encoded))) >= MIN_PSNR_DB
    ]
