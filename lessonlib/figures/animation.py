"""Анимации из рисунков matplotlib: GIF-файл и его показ прямо в блокноте.

GIF вставляется в блокнот как HTML-тег ``<img>`` с данными внутри (base64): такой
вывод сохраняется в блокноте (картинки ``image/gif`` конвертер страниц просто выбросил
бы). Сборка сайта вместо данных ставит адрес самого файла.

Рядом с GIF можно сохранить неподвижные кадры (``<имя>.still-1.png`` и дальше) с русской
подписью внутри файла. Страница сайта показывает их вместо анимации тому, кто остановил
её кнопкой или попросил систему не двигать картинки (``prefers-reduced-motion``).
"""

from __future__ import annotations

import base64
import html
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from lessonlib.folders import OUTPUT_ENV, SITE_ENV, output_path, writable
from lessonlib.style import figure_alt, text_metrics

# Ключ PNG, под которым лежит подпись неподвижного кадра (iTXt: UTF-8, кириллица).
_ALT_KEY = "Description"
# Комментарий GIF начинается с этой метки, дальше — JSON самой мелкой надписи кадров.
_TEXT_COMMENT = "lessonlib-text "


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
    stills: Sequence[int] = (),
) -> Path:
    """Сохраняет рисунки кадрами бесконечно повторяющегося GIF.

    Рисунки должны быть одного размера. ``seconds`` — длительность каждого кадра
    (одно число на все кадры или по числу на кадр). ``stills`` — номера кадров (с нуля),
    которые ещё и сохраняются неподвижными картинками PNG с подписью из заголовка рисунка.
    """
    if not figures:
        raise ValueError("figures: нужен хотя бы один кадр")
    bad = [i for i in stills if not 0 <= i < len(figures)]
    if bad:
        raise ValueError(f"stills: номера кадров от 0 до {len(figures) - 1}, получено {bad}")
    durations = [seconds] * len(figures) if isinstance(seconds, int | float) else list(seconds)
    if len(durations) != len(figures):
        raise ValueError(
            f"seconds: ожидалось одно число или {len(figures)}, получено {len(durations)}"
        )
    frames = [render(fig, dpi) for fig in figures]
    if len({frame.size for frame in frames}) != 1:
        raise ValueError("figures: у кадров разный размер — задайте всем рисункам один figsize")
    sizes = [
        text_metrics(fig, frame.width, dpi) for fig, frame in zip(figures, frames, strict=True)
    ]
    smallest = min(sizes, key=lambda m: m["smallest_pt"] or float("inf"))
    # Общая палитра на все кадры: цвета рисунка не «мигают» от кадра к кадру.
    palette = frames[0].quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    indexed = [frame.quantize(palette=palette, dither=Image.Dither.NONE) for frame in frames]
    path = Path(path)
    folder = writable(output_path(path.parent), "рисунки", OUTPUT_ENV)
    if folder is None:
        raise OSError(f"path: анимацию {path.name} некуда сохранить — задайте {OUTPUT_ENV}")
    path = folder / path.name
    indexed[0].save(
        path,
        save_all=True,
        append_images=indexed[1:],
        duration=[round(1000 * s) for s in durations],
        loop=0,
        optimize=True,
        comment=_TEXT_COMMENT + json.dumps(smallest),
    )
    for old in still_paths(path):  # от прошлого сохранения могло остаться больше кадров
        old.unlink()
    for number, index in enumerate(stills, 1):
        info = PngInfo()
        info.add_itxt(_ALT_KEY, figure_alt(figures[index]))
        frames[index].save(path.with_name(f"{path.stem}.still-{number}.png"), pnginfo=info)
    return path


def still_paths(path: str | Path) -> list[Path]:
    """Неподвижные кадры анимации ``path`` по порядку: ``<имя>.still-1.png``, ``-2``, …"""
    path = Path(path)
    found = path.parent.glob(f"{path.stem}.still-*.png")
    return sorted(found, key=lambda p: int(p.stem.rsplit("-", 1)[1]))


@dataclass(frozen=True)
class EmbeddedGif:
    """GIF внутри блокнота: последним выражением ячейки показывается как анимация."""

    path: Path
    alt: str
    stills: tuple[tuple[str, str], ...] = ()  # (адрес PNG, подпись) неподвижных кадров

    def text_size(self) -> dict:
        """Самая мелкая надпись кадров (:func:`lessonlib.style.text_metrics`), из GIF."""
        with Image.open(self.path) as image:
            comment = image.info.get("comment", b"").decode("utf-8")
        if not comment.startswith(_TEXT_COMMENT):
            return {}
        return json.loads(comment.removeprefix(_TEXT_COMMENT))

    def __str__(self) -> str:  # скрипт без Jupyter печатает, где лежит анимация
        return f"Анимация сохранена: {self.path} — {self.alt}"

    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        """Вывод ячейки: HTML с анимацией и размер её самой мелкой надписи."""
        return {"text/html": self._repr_html_()}, {"text/html": self.text_size()}

    def _repr_html_(self) -> str:
        # Сайт берёт сам файл (сборка: lessonlib.folders.SITE_ENV), блокнот ученика — копию внутри.
        if os.environ.get(SITE_ENV) and not self.path.is_absolute():
            address = self.path.as_posix()
        else:
            address = "data:image/gif;base64," + base64.b64encode(self.path.read_bytes()).decode()
        stills = ""
        if self.stills:
            listed = [{"src": src, "alt": alt} for src, alt in self.stills]
            stills = f' data-stills="{html.escape(json.dumps(listed, ensure_ascii=False))}"'
        return (
            f'<img src="{address}" alt="{html.escape(self.alt)}"{stills} '
            'style="max-width: 100%; height: auto;">'
        )


def embed_gif(path: str | Path, alt: str) -> EmbeddedGif:
    """Анимация для показа в блокноте; ``alt`` — русская подпись для тех, кто её не видит."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"path: файла анимации {path} нет — сначала сохраните её")
    if not alt.strip():
        raise ValueError("alt: нужна непустая подпись к анимации")
    stills = []
    for still in still_paths(path):
        with Image.open(still) as image:
            still_alt = image.text.get(_ALT_KEY, "").strip()
        if not still_alt:
            raise ValueError(f"path: у неподвижного кадра {still.name} нет подписи")
        stills.append(((path.parent / still.name).as_posix(), still_alt))
    return EmbeddedGif(path=path, alt=alt, stills=tuple(stills))
