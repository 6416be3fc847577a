"""Картинки слайдов в кодировке для проектора и печати.

Все картинки слайдов — рисунки страниц и рисунки, нарисованные для слайдов
(:mod:`sitebuild.runner.slide_figures`), — кодируются одинаково: JPEG, если он неотличим
от исходника, иначе PNG с палитрой (:mod:`sitebuild.pages.imagecodec`) — Chromium кладёт
JPEG в PDF как есть. Кэш ``.cache/slides/encoded-*`` — по содержимому картинки.
"""

from __future__ import annotations

import io
from pathlib import Path

from sitebuild.runner import fingerprint
from sitebuild.runner.slide_figures import BOX

PROJECTOR_PSNR_DB = 36.0
"""JPEG слайда годится, если отличие от исходника не больше этого (проектор и печать
16:9 не показывают разницы, которую видно на хорошем мониторе вблизи)."""
PROJECTOR_QUALITIES = (75, 80, 85)
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
