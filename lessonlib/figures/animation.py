"""Анимации из рисунков matplotlib: GIF-файл и его показ прямо в блокноте.

GIF вставляется в блокнот как HTML-тег ``<img>`` с данными внутри (base64): такой
вывод сохраняется в скачанном блокноте и переживает превращение блокнота в страницу
сайта (картинки ``image/gif`` конвертер страниц просто выбросил бы).
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image


def render(fig: Figure, dpi: float) -> Image.Image:
    """Рисунок → картинка PIL того размера, что задан у рисунка (без обрезки полей)."""
    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())
    return Image.fromarray(pixels[:, :, :3].copy())


def save_gif(
    figures: Sequence[Figure],
    path: str | Path,
    *,
    seconds: Sequence[float] | float = 1.5,
    dpi: float = 72,
) -> Path:
    """Сохраняет рисунки кадрами бесконечно повторяющегося GIF.

    Рисунки должны быть одного размера. ``seconds`` — длительность каждого кадра
    (одно число на все кадры или по числу на кадр).
    """
    if not figures:
        raise ValueError("figures: нужен хотя бы один кадр")
    durations = [seconds] * len(figures) if isinstance(seconds, int | float) else list(seconds)
    if len(durations) != len(figures):
        raise ValueError(
            f"seconds: ожидалось одно число или {len(figures)}, получено {len(durations)}"
        )
    frames = [render(fig, dpi) for fig in figures]
    if len({frame.size for frame in frames}) != 1:
        raise ValueError("figures: у кадров разный размер — задайте всем рисункам один figsize")
    # Общая палитра на все кадры: цвета рисунка не «мигают» от кадра к кадру.
    palette = frames[0].quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    indexed = [frame.quantize(palette=palette, dither=Image.Dither.NONE) for frame in frames]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    indexed[0].save(
        path,
        save_all=True,
        append_images=indexed[1:],
        duration=[round(1000 * s) for s in durations],
        loop=0,
        optimize=True,
    )
    return path


@dataclass(frozen=True)
class EmbeddedGif:
    """GIF внутри блокнота: последним выражением ячейки показывается как анимация."""

    path: Path
    alt: str

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.path.read_bytes()).decode("ascii")
        return (
            f'<img src="data:image/gif;base64,{data}" alt="{html.escape(self.alt)}" '
            'style="max-width: 100%; height: auto;">'
        )


def embed_gif(path: str | Path, alt: str) -> EmbeddedGif:
    """Анимация для показа в блокноте; ``alt`` — русская подпись для тех, кто её не видит."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"path: файла анимации {path} нет — сначала сохраните её")
    if not alt.strip():
        raise ValueError("alt: нужна непустая подпись к анимации")
    return EmbeddedGif(path=path, alt=alt)
