"""Надписи рисунков в напечатанных страницах урока (``<урок>-lesson.pdf``) не мельче 7 пт.

Размер считается, а не угадывается. Рядом с каждым рисунком страницы сборка кладёт его
описание: кегль самой мелкой надписи (пункты) и ширину рисунка в дюймах
(:func:`lessonlib.style.figure_notes`, :func:`test_figure_text.page_figures`).
``pdfimages -list`` (poppler) говорит, с какой плотностью (точек на дюйм) картинка
напечатана. Напечатанная ширина рисунка — его ширина в пикселях / эта плотность, поэтому
кегль на бумаге = кегль рисунка × напечатанная ширина / ширина рисунка. Картинку PDF узнаём
по размеру в пикселях; если так выглядят несколько рисунков, берётся самая мелкая их надпись.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from sitebuild.lesson import course
from sitebuild.pages import notebook_figures
from test_figure_text import page_figures

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MIN_PT = 7.0

pytestmark = pytest.mark.skipif(not shutil.which("pdfimages"), reason="нет pdfimages (poppler)")


def _size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        return image.size


def figure_metrics(folder: Path) -> dict[tuple[int, int], list[dict]]:
    """Размер картинки в пикселях → замеры надписей рисунков урока с таким размером."""
    found: dict[tuple[int, int], list[dict]] = {}
    for notebook in sorted(folder.glob("plot_*.ipynb")):
        for figure in page_figures(notebook):
            for notes in (figure, figure.get("phone", {})):
                if notes.get("smallest_pt") is not None and "file" in notes:
                    found.setdefault(_size(notes["file"]), []).append(notes)
    return found


def printed_images(pdf: Path) -> list[dict]:
    """Картинки PDF: страница, размер в пикселях и плотность печати (точек на дюйм)."""
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    images = []
    for row in listing:
        cells = row.split()
        if cells[2] != "image":  # маски и трафареты — не рисунки
            continue
        images.append(
            {"page": int(cells[0]), "size": (int(cells[3]), int(cells[4])), "ppi": float(cells[12])}
        )
    return images


def printed_pt(metrics: dict, width_px: int, ppi: float) -> float:
    """Кегль самой мелкой надписи на бумаге, пункты."""
    return metrics["smallest_pt"] * (width_px / ppi) / metrics["width_in"]


def test_print_limits_of_the_build_are_those_of_print_css():
    css = (DOCS / "stylesheets" / "print.css").read_text(encoding="utf-8")
    plain = re.search(r"\.jp-RenderedImage img \{[^}]*max-height: (\d+)mm", css)
    tall = re.search(r'img\[data-print="tall"\] \{[^}]*max-height: (\d+)mm', css)
    assert plain and int(plain.group(1)) == notebook_figures.PRINT_MAX_MM
    assert tall and int(tall.group(1)) == notebook_figures.PRINT_TALL_MAX_MM
    margins = re.search(r"@page \{[^}]*margin: \d+mm (\d+)mm", css)
    assert margins and 210 - 2 * int(margins.group(1)) == notebook_figures.PRINT_TEXT_WIDTH_MM


def test_printed_pt_is_the_figure_pt_scaled_by_printed_width():
    metrics = {"smallest_pt": 10.0, "width_in": 6.0}
    assert printed_pt(metrics, 600, 100) == pytest.approx(10.0)  # 6 дюймов → 6 дюймов
    assert printed_pt(metrics, 600, 200) == pytest.approx(5.0)  # сжат вдвое


@pytest.mark.parametrize("lesson", [lesson.name for lesson in course.lessons()])
def test_lesson_pdf_figure_text_is_at_least_7pt(site_dir: Path, lesson: str):
    pdf = site_dir / "pdf" / f"{lesson}-lesson.pdf"
    if not pdf.exists():
        pytest.skip(f"нет {pdf.name}: PDF печатаются, когда есть Chromium")
    known = figure_metrics(DOCS / lesson)
    images = printed_images(pdf)
    matched = [image for image in images if image["size"] in known]
    # Картинки без замера — кадры анимаций (GIF) и фотографии без надписей.
    assert len(matched) >= 0.6 * len(images), (
        f"{pdf.name}: узнано {len(matched)} картинок из {len(images)}"
    )
    problems = []
    for image in matched:
        width = image["size"][0]
        pt = min(printed_pt(m, width, image["ppi"]) for m in known[image["size"]])
        if pt < MIN_PT:
            smallest = min(known[image["size"]], key=lambda m: printed_pt(m, width, image["ppi"]))
            problems.append(
                f"лист {image['page']}: «{smallest.get('smallest_text', '?')}» "
                f"({smallest.get('alt', '')[:50]}) — {pt:.1f} пт"
            )
    assert not problems, f"{pdf.name}: надписи мельче {MIN_PT:.0f} пт:\n" + "\n".join(problems)
