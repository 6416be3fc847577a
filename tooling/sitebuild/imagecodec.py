"""Самая лёгкая из равных по виду кодировок рисунка блокнота.

Кандидаты: исходный файл, WebP без потерь, PNG с палитрой 256 цветов и WebP с потерями.
Кодировка с потерями берётся, только если она почти неотличима от исходника: пиковое
отношение сигнал/шум не ниже :data:`MIN_PSNR_DB` (≈ порог, за которым разницу на экране не
видно). Из допустимых выбирается самая короткая.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageStat

MIN_PSNR_DB = 40.0
WEBP_QUALITY = 90


@dataclass(frozen=True)
class Encoded:
    data: bytes
    ext: str  # расширение файла без точки
    width: int
    height: int


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


def encode_small(data: bytes) -> Encoded:
    """Самый короткий из кандидатов, которые выглядят как исходник."""
    source = Image.open(io.BytesIO(data))
    ext = {"PNG": "png", "JPEG": "jpg", "GIF": "gif"}[source.format]
    if ext == "gif":  # анимация: как есть
        return Encoded(data, ext, *source.size)
    image = _flat(source)
    candidates = [(data, ext), (_save(image, "WEBP", lossless=True, method=4), "webp")]
    lossy = [
        (_save(image, "WEBP", quality=WEBP_QUALITY, method=4), "webp"),
        (_save(image.quantize(256, dither=Image.Dither.NONE), "PNG", optimize=True), "png"),
    ]
    for encoded, kind in lossy:
        if psnr(image, Image.open(io.BytesIO(encoded))) >= MIN_PSNR_DB:
            candidates.append((encoded, kind))
    best, best_ext = min(candidates, key=lambda c: len(c[0]))
    return Encoded(best, best_ext, *source.size)
