"""Надписи на рисунках читаются на телефоне: не ниже 10 CSS-пикселей при ширине экрана 375 px.

Размер считается, а не угадывается. Показывая рисунок, блокнот урока записывает в
метаданные вывода кегль самой мелкой надписи (пункты) и ширину картинки в дюймах
(:func:`lessonlib.style.text_metrics`); браузер на 375 px меряет, какой ширины картинка
вышла на странице. Высота букв на экране = кегль / 72 × показанная ширина / ширина в
дюймах. Рисунок-файл внутри текста (``figure_markdown``) несёт тот же замер в самом PNG.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from lessonlib import style

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"  # рисунки-файлы с замером (в site/ они пережаты без него)
MIN_PX = 10.0
PHONE = {"width": 375, "height": 800}

# Рисунки, которым ещё нужна раскладка для телефона: список только сокращается.
STILL_SMALL = {
    "locality_shift",
    "color_conv_per_channel",
    "prototype_scheme",
    "receptive_field_lesson",
    "filter_top_patches",
}

# Все картинки выводов ячеек в порядке страницы; скрытые под «Ответ» тоже раскрываются.
_MEASURE = """() => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  return [...document.querySelectorAll('.jp-OutputArea-output img')].map((img) => (
    {alt: img.getAttribute('alt'), width: img.getBoundingClientRect().width}));
}"""


# Рисунок-файл внутри текста вывода (``lessonlib.report.figure_markdown``).
_FIGURE_LINK = re.compile(r"\]\((figures/[\w-]+\.png)\)")


def _expected(notebook: dict, folder: Path) -> list[dict]:
    """Замеры каждой картинки вывода по порядку: PNG/JPEG и ``<img>`` в HTML (GIF) — из
    метаданных вывода, рисунок-файл в тексте — из самого PNG (его пишет ``save_figure``)."""
    found = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data, metadata = output.get("data", {}), output.get("metadata", {})
            for mime, value in data.items():
                text = "" if mime.startswith("image/") else "".join(value)
                if mime.startswith("image/") or "<img" in text:
                    found.append(metadata.get(mime, {}))
                elif mime == "text/markdown":
                    for link in _FIGURE_LINK.findall(text):
                        saved = style.saved_text_metrics(folder / link) or {}
                        found.append({"name": Path(link).stem, **saved})
    return found


def displayed_px(metrics: dict, width_px: float) -> float | None:
    """Высота самой мелкой надписи на экране (CSS px); ``None`` — надписей нет."""
    if metrics["smallest_pt"] is None:
        return None
    return metrics["smallest_pt"] / 72 * width_px / metrics["width_in"]


@pytest.mark.browser
def test_figure_text_readable_on_phone(site_dir: Path, site_server, browser):
    context = browser.new_context(viewport=PHONE)
    problems, measured = [], 0
    for html in sorted(site_dir.glob("*/plot_*.html")):
        notebook = json.loads(html.with_suffix(".ipynb").read_text(encoding="utf-8"))
        expected = _expected(notebook, DOCS / html.parent.name)
        page = context.new_page()
        page.goto(f"{site_server}/{html.relative_to(site_dir).as_posix()}", wait_until="load")
        shown = page.evaluate(_MEASURE)
        page.close()
        where = html.relative_to(site_dir).as_posix()
        assert len(shown) == len(expected), (
            f"{where}: картинок {len(shown)}, в блокноте {len(expected)}"
        )
        for img, metrics in zip(shown, expected, strict=True):
            name = metrics.get("name") or metrics.get("alt") or "?"
            assert img["alt"] == metrics.get("alt", img["alt"]), f"{where}: порядок картинок"
            assert "smallest_pt" in metrics, f"{where}, {name}: нет замера надписей в выводе"
            assert img["width"] > 0, f"{where}, {name}: картинка не видна"
            px = displayed_px(metrics, img["width"])
            measured += 1
            small = px is not None and px < MIN_PX
            if small and name not in STILL_SMALL:
                problems.append(
                    f"{where}, {name}: «{metrics['smallest_text']}» "
                    f"{metrics['smallest_pt']} pt → {px:.1f} px"
                )
            elif name in STILL_SMALL and not small:
                problems.append(f"{where}, {name}: уже читается — уберите из STILL_SMALL")
    context.close()
    assert measured
    assert not problems, f"Надписи мельче {MIN_PX:.0f} px на 375 px:\n" + "\n".join(problems)


def test_smallest_text_counts_only_drawn_text():
    fig = Figure(figsize=(4, 3))
    ax, hidden = fig.subplots(1, 2)
    ax.set_title("заголовок", fontsize=12)
    ax.tick_params(labelsize=9)
    ax.text(0.5, 0.5, "мелко", fontsize=7)
    ax.text(0.5, 0.5, "   ", fontsize=3)  # пустая надпись
    ax.text(0.5, 0.5, "скрыта", fontsize=4, visible=False)
    ax.text(0.5, 0.5, "прозрачна", fontsize=5, color="none")
    ax.text(5.0, 5.0, "за краем панели", fontsize=6, clip_on=True)  # обрезана рамкой осей
    hidden.tick_params(labelsize=2)
    hidden.axis("off")  # подписи делений не рисуются
    assert style.smallest_text(fig) == (7.0, "мелко")
    assert style.smallest_text(Figure()) is None


def test_text_metrics_width_is_picture_width_in_inches():
    fig = Figure(figsize=(4, 3), dpi=100)
    ax = fig.subplots()
    ax.set_title("т", fontsize=11)
    ax.tick_params(labelsize=10)
    metrics = style.text_metrics(fig, width_px=250, dpi=100)
    assert (metrics["smallest_pt"], metrics["width_in"]) == (10.0, 2.5)
    # 10 pt на картинке шириной 2,5 дюйма, показанной на 180 px: 10/72 × 180 / 2,5 = 10 px.
    assert displayed_px(metrics, 180) == pytest.approx(10.0)
