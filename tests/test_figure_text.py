"""Надписи на рисунках читаются на телефоне: не ниже 10 CSS-пикселей при ширине экрана 375 px.

Размер считается, а не угадывается. Сборка кладёт каждый рисунок страницы файлом, а рядом —
его описание с кеглем самой мелкой надписи (пункты) и шириной картинки в дюймах
(:func:`lessonlib.style.figure_notes`); браузер на 375 px меряет, какой ширины картинка
вышла на странице. Высота букв на экране = кегль / 72 × показанная ширина / ширина в
дюймах. Рисунок-файл внутри текста (``figure_markdown``) описан так же; анимация (GIF)
несёт замер в метаданных своего вывода.

У широкого рисунка есть раскладка для телефона (:func:`lessonlib.style.with_phone_layout`):
её файл назван в описании рисунка (у него своё описание), а страница показывает её через
``<picture>``. Какой файл браузер показал, видно по ``img.currentSrc``: на 375 px должна
быть она (и мерится она), на 1280 px — рисунок страницы.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from lessonlib import style
from lessonlib.folders import read_notes

ROOT = Path(__file__).resolve().parent.parent
# Выполненные блокноты, из которых собраны страницы, и рисунки-файлы с замером (в site/
# рисунки пережаты без него, а скачиваемые копии блокнотов могут быть без выводов).
DOCS = ROOT / "docs"
MIN_PX = 10.0
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}

# Все картинки выводов ячеек в порядке страницы; скрытые под «Ответ» тоже раскрываются.
# Ленивые картинки выбирают файл (<picture>: для телефона или страницы), только когда
# грузятся, поэтому грузятся все.
_MEASURE = """async () => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  const images = [...document.querySelectorAll('.jp-OutputArea-output img')];
  images.forEach((img) => { img.loading = 'eager'; });
  await Promise.all(images.map((img) => img.complete ? null : new Promise((resolve) => {
    img.addEventListener('load', resolve);
    img.addEventListener('error', resolve);
  })));
  return images.map((img) => {
    const source = img.closest('picture')?.querySelector('source');
    return {
      alt: img.getAttribute('alt'),
      width: img.getBoundingClientRect().width,
      shown: img.currentSrc,
      page: img.src,
      phone: source ? new URL(source.getAttribute('srcset'), location.href).href : null,
    };
  });
}"""


# Рисунок-файл внутри текста вывода (``lessonlib.report.figure_markdown``).
_FIGURE_LINK = re.compile(r"\]\((figures/[\w-]+\.png)\)")


def _described(path: Path) -> dict:
    """Описание картинки ``path`` с описанием её раскладки для телефона вместо имени файла."""
    notes = read_notes(path) or {}
    if "phone" in notes:
        phone = path.parent / notes["phone"]
        notes["phone"] = {"file": phone, **read_notes(phone)}
    return {"file": path, "name": path.name.split(".")[0], **notes}


def page_figures(notebook: Path) -> list[dict]:
    """Картинки выводов выполненного блокнота по порядку с их описаниями: рисунок-файл
    (вывод ссылается на него, как nbconvert на извлечённые картинки, или Markdown-ссылкой)
    — из описания рядом, ``<img>`` анимации в HTML — из самого тега и метаданных вывода."""
    found = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            data, metadata = output.get("data", {}), output.get("metadata", {})
            for mime, value in data.items():
                text = "".join(value)
                if mime.startswith("image/"):
                    found.append(_described(notebook.parent / metadata["filenames"][mime]))
                elif "<img" in text:
                    alt = html.unescape(re.search(r' alt="([^"]*)"', text).group(1))
                    found.append({"alt": alt, **metadata.get(mime, {})})
                elif mime == "text/markdown":
                    found += [_described(notebook.parent / f) for f in _FIGURE_LINK.findall(text)]
    return found


def displayed_px(metrics: dict, width_px: float) -> float | None:
    """Высота самой мелкой надписи на экране (CSS px); ``None`` — надписей нет."""
    if metrics["smallest_pt"] is None:
        return None
    return metrics["smallest_pt"] / 72 * width_px / metrics["width_in"]


def _shown(context, url: str) -> list[dict]:
    page = context.new_page()
    page.goto(url, wait_until="load")
    shown = page.evaluate(_MEASURE)
    page.close()
    return shown


@pytest.mark.browser
def test_figure_text_readable_on_phone(site_dir: Path, site_server, browser):
    phone, desktop = browser.new_context(viewport=PHONE), browser.new_context(viewport=DESKTOP)
    problems, measured, variants = [], 0, 0
    for page in sorted(site_dir.glob("*/plot_*.html")):
        where = page.relative_to(site_dir).as_posix()
        expected = page_figures(DOCS / page.parent.name / page.with_suffix(".ipynb").name)
        on_phone = _shown(phone, f"{site_server}/{where}")
        on_desktop = _shown(desktop, f"{site_server}/{where}")
        assert len(on_phone) == len(expected), (
            f"{where}: картинок {len(on_phone)}, в блокноте {len(expected)}"
        )
        for img, wide, metrics in zip(on_phone, on_desktop, expected, strict=True):
            name = metrics.get("name") or metrics.get("alt") or "?"
            assert img["alt"] == metrics.get("alt", img["alt"]), f"{where}: порядок картинок"
            assert "smallest_pt" in metrics, f"{where}, {name}: нет замера надписей"
            assert img["width"] > 0, f"{where}, {name}: картинка не видна"
            assert (img["phone"] is not None) == ("phone" in metrics), (
                f"{where}, {name}: раскладка для телефона в блокноте и на странице не совпадает"
            )
            if "phone" in metrics:
                variants += 1
                assert img["shown"] == img["phone"], f"{where}, {name}: телефон показал не её"
                assert wide["shown"] == wide["page"] != wide["phone"], (
                    f"{where}, {name}: на 1280 px показана раскладка для телефона"
                )
                metrics = metrics["phone"]
            px = displayed_px(metrics, img["width"])
            measured += 1
            if px is not None and px < MIN_PX:
                problems.append(
                    f"{where}, {name}: «{metrics['smallest_text']}» "
                    f"{metrics['smallest_pt']} pt → {px:.1f} px"
                )
    phone.close()
    desktop.close()
    assert measured and variants
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


def _toy_builder(calls: list[str]):
    """Построитель с раскладкой для телефона: подпись 7 pt на 8 дюймах, 12 pt на 4."""

    @style.with_phone_layout
    def build(title: str, *, phone: bool = False, wide: bool = False) -> Figure:
        calls.append("phone" if phone else "wide" if wide else "page")
        fig = Figure(figsize=(4.0, 3.0) if phone else (8.0, 3.0), dpi=100)
        ax = fig.subplots()
        ax.set_title(title, fontsize=12 if phone else 7)
        ax.tick_params(labelsize=12 if phone else 7)
        ax.plot([0, 0.5], [0, 1.5])
        return fig

    return build


def test_phone_layout_is_built_only_when_needed(tmp_path):
    calls: list[str] = []
    build = _toy_builder(calls)
    fig = build("рисунок")
    assert style.phone_figure(build("слайд", wide=True)) is None
    assert style.phone_figure(build("телефон", phone=True)) is None
    assert calls == ["page", "wide", "phone"]
    calls.clear()
    style.save_figure(fig, "toy", tmp_path)
    assert calls == []  # сохранение рисунка страницы телефонную раскладку не строит
    phone = style.phone_figure(fig)
    assert calls == ["phone"]
    assert phone.get_figwidth() == 4.0 and phone.axes[0].get_title() == "рисунок"
    # те же штрихи, что у рисунка страницы в save_figure: имя и запятая в делениях
    assert phone.get_label() == "toy"
    phone.draw_without_rendering()
    assert "0,1" in [label.get_text() for label in phone.axes[0].get_xticklabels()]


_SITE_IN_IPYTHON = """
import json, os
from IPython.terminal.interactiveshell import TerminalInteractiveShell
import lessonlib
from lessonlib import style
from tests.test_figure_text import _toy_builder

os.chdir("{folder}")
shell = TerminalInteractiveShell.instance()
lessonlib.setup()
lessonlib.setup()  # второй вызов ничего не ломает
calls = []
fig = style.save_figure(_toy_builder(calls)("Подпись"), "toy")
built_before = list(calls)
data, meta = shell.display_formatter.format(fig)
again, _ = shell.display_formatter.format(fig)
print(json.dumps({{"before": built_before, "after": calls, "data": data, "meta": meta}}))
"""


def test_site_build_writes_shown_figure_and_phone_layout_as_files(tmp_path):
    """Сборка (переменная SITE_ENV): показанный рисунок — файл с описанием, а не картинка в
    блокноте; раскладка для телефона строится при показе и пишется рядом."""
    import os
    import subprocess
    import sys

    from PIL import Image

    from lessonlib.folders import SITE_ENV

    done = subprocess.run(
        [sys.executable, "-c", _SITE_IN_IPYTHON.format(folder=tmp_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), SITE_ENV: "plot_01_toy"},
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["before"] == ["page"] and result["after"] == ["page", "phone", "phone"]
    assert result["data"]["image/png"] == ""  # в блокноте — только ссылка на файл
    assert result["meta"] == {"filenames": {"image/png": "figures/toy.page.png"}}
    figures = tmp_path / "figures"
    assert sorted(p.name for p in figures.glob("*.png")) == [
        "toy-2.page.png",  # второй показ того же рисунка — свой файл
        "toy-2.phone.png",
        "toy.page.png",
        "toy.phone.png",
        "toy.png",  # save_figure: 150 dpi, для Markdown-ссылок и слайдов
    ]
    page, phone = read_notes(figures / "toy.page.png"), read_notes(figures / "toy.phone.png")
    assert page["alt"] == "Подпись" and page["smallest_pt"] == 7.0
    assert page["phone"] == "toy.phone.png"
    # Картинка — как у %matplotlib inline (dpi рисунка), замер — её собственная ширина.
    shown = Image.open(figures / "toy.page.png")
    assert page["width_in"] == pytest.approx(shown.width / 100, abs=0.01)
    small = Image.open(figures / "toy.phone.png")
    assert phone["smallest_pt"] == 12.0
    assert phone["width_in"] == pytest.approx(small.width / 100, abs=0.01)
    assert 3 < phone["width_in"] < 4.5 < page["width_in"]
    saved = read_notes(figures / "toy.png")
    assert saved["alt"] == "Подпись"
    assert saved["width_in"] == pytest.approx(page["width_in"], abs=0.05)  # другое dpi
