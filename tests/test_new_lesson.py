"""Второй урок — это папка, а не правка кода: временный урок из одного скрипта и строки nav
собирается тем же прогонщиком и тем же mkdocs.yml и появляется на сайте."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitebuild import pdfs

ROOT = Path(__file__).resolve().parent.parent

PROBE = '''"""
Пробный урок
============

Страница второго урока: её нет в коде сборки.
"""

# %%
# Рисунок
# -------

from matplotlib.figure import Figure

fig = Figure(figsize=(2, 2))
fig.add_subplot().imshow([[0, 1], [1, 0]])
fig.suptitle("Шахматная доска 2×2")
fig
'''


def _project(tmp: Path) -> None:
    """Временный проект: всё, кроме галереи, docs/ и сайта, — ссылки на настоящие файлы
    (хуки, шаблоны темы, тексты уроков); mkdocs.yml — копия с одной новой строкой меню."""
    for entry in ROOT.iterdir():
        if entry.name not in {"gallery", "docs", "site", ".cache", ".git", "mkdocs.yml"}:
            (tmp / entry.name).symlink_to(entry)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    section = yaml.safe_dump(
        {"nav": [{"Урок 2": ["lesson02/plot_01_probe.ipynb"]}]}, allow_unicode=True
    )
    assert "\nnav:\n" in text
    text = text.replace("\nnav:\n", "\nnav:\n" + section.split("\n", 1)[1], 1)
    (tmp / "mkdocs.yml").write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_a_lesson_folder_becomes_pages_without_code_changes(tmp_path):
    if not (ROOT / "docs" / "lesson01" / "plot_01_convolution.ipynb").exists():
        pytest.skip("галерея урока 1 не собрана: nox -s build")
    gallery = tmp_path / "gallery" / "lesson02"
    gallery.mkdir(parents=True)
    (gallery / "plot_01_probe.py").write_text(PROBE, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    for entry in (ROOT / "docs").iterdir():  # остальной сайт — как есть
        if entry.name != "pdf":
            (docs / entry.name).symlink_to(entry)
    cache = tmp_path / ".cache"
    # Кэши сборки урока 1: HTML блокнотов и рисунки слайдов (без них — долгая перерисовка).
    for name in ("mkdocs-jupyter", "slides"):
        if (ROOT / ".cache" / name).is_dir():
            shutil.copytree(ROOT / ".cache" / name, cache / name)
    _project(tmp_path)
    env = {
        **os.environ,
        "SITEBUILD_PDF": "0",  # PDF здесь ни при чём, печать медленная
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tooling")]),
    }
    run = {"cwd": tmp_path, "env": env, "capture_output": True, "text": True}
    done = subprocess.run([sys.executable, "-m", "sitebuild.gallery"], **run)
    assert done.returncode == 0, done.stderr
    assert "lesson02/plot_01_probe: выполнен" in done.stdout
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], **run)
    assert done.returncode == 0, done.stderr[-3000:]

    site = tmp_path / "site"
    page = (site / "lesson02" / "plot_01_probe.html").read_text(encoding="utf-8")
    assert "Пробный урок" in page and 'alt="Шахматная доска 2×2"' in page
    assert 'href="plot_01_probe.ipynb" download' in page
    assert (site / "lesson02" / "plot_01_probe.ipynb").stat().st_size > 0
    # Урок в меню и в списке страниц для PDF урока — наравне с первым.
    assert "lesson02/plot_01_probe.html" in pdfs.lesson_pages(site)
    assert "lesson01/plot_01_convolution.html" in pdfs.lesson_pages(site)
