"""Хук MkDocs материалов педагога: слайды урока и рабочий лист создаются при сборке.

- ``teacher/deck/index.html`` — презентация reveal.js (:mod:`sitebuild.slides`) и её
  рисунки, которых нет на страницах урока (схема CNN целиком, фотографии);
- ``teacher/worksheet.html`` и ``teacher/worksheet-answers.html`` — рабочий лист ученика
  и экземпляр педагога с ответами (:mod:`sitebuild.worksheet`).

Подключается в ``mkdocs.yml`` (``hooks:``) рядом с ``sitebuild/hooks.py``.
"""

from __future__ import annotations

import posixpath

from mkdocs.structure.files import File, Files

from sitebuild import slides, worksheet
from sitebuild.lesson_plan import lesson_plan


def page_url(files: Files, src: str, config) -> str:
    """Адрес страницы сайта ``src`` (для QR-кода — полный, если задан ``site_url``)."""
    file = files.get_file_from_path(src)
    if file is None:
        raise ValueError(f"src: в docs/ нет страницы {src!r}, на которую ведёт слайд")
    base = config.get("site_url") or ""
    return (base.rstrip("/") + "/" + file.url) if base else file.url


def _root(path: str) -> str:
    """Путь от созданной страницы до корня сайта: ``teacher/deck/index.html`` → ``../../``."""
    depth = posixpath.dirname(path).count("/") + 1
    return "../" * depth


def on_files(files: Files, config) -> Files:
    plan = lesson_plan()
    for drawn in slides.DRAWN:
        files.append(File.generated(config, drawn.path, content=drawn.png()))
    urls = {slides.MATRIX_PAGE: page_url(files, slides.MATRIX_PAGE, config)}
    deck = slides.deck(plan, urls)
    html = slides.render_deck(plan, deck, _root(slides.DECK_PAGE))
    files.append(File.generated(config, slides.DECK_PAGE, content=html))
    for sheet in worksheet.SHEETS:
        content = worksheet.render_sheet(plan, sheet, _root(sheet.path))
        files.append(File.generated(config, sheet.path, content=content))
    return files
