"""Хук MkDocs материалов педагога: слайды и рабочий лист каждого урока создаются при сборке.

- ``<урок>/teacher/deck/index.html`` — презентация reveal.js
  (:mod:`sitebuild.classroom.slides`) и её картинки ``<урок>/teacher/deck/figures/``:
  рисунки страниц урока, их версии для экрана 16:9, схема CNN целиком и фотографии
  (их рисует прогонщик галереи, :mod:`sitebuild.runner.slide_figures`, в ``.cache/slides``;
  кодировка для проектора — :mod:`sitebuild.classroom.slide_images`);
- ``<урок>/teacher/worksheet.html`` и ``<урок>/teacher/worksheet-answers.html`` — рабочий
  лист ученика и экземпляр педагога с ответами, если у урока есть лист
  (:mod:`sitebuild.classroom.worksheet`).

Шаг плагина сборки (:data:`sitebuild.plugin.STEPS`).
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.structure.files import File, Files

from sitebuild.classroom import slide_images, slides, worksheet
from sitebuild.lesson import course
from sitebuild.lesson.lesson_plan import LessonPlan, lesson_plan
from sitebuild.lesson.macros import notebook_title
from sitebuild.runner import slide_figures
from sitebuild.settings import Paths


def page_url(files: Files, src: str, config) -> str:
    """Полный адрес страницы сайта ``src`` для QR-кода; пусто, если у сайта нет адреса
    (``site_url``): тогда на слайде только название страницы."""
    file = files.get_file_from_path(src)
    if file is None:
        raise ValueError(f"src: в docs/ нет страницы {src!r}, на которую ведёт слайд")
    base = config.get("site_url") or ""
    return (base.rstrip("/") + "/" + file.url) if base else ""


def page_title(docs: Path, src: str) -> str:
    """Как слайд называет страницу урока: «Страница урока «…»» по её заголовку."""
    title = notebook_title(docs / src)
    return f"Страница урока «{title}»" if title else "Страница урока на сайте"


def _root(path: str) -> str:
    """Путь от созданной страницы до корня сайта: ``teacher/deck/index.html`` → ``../../``."""
    depth = posixpath.dirname(path).count("/") + 1
    return "../" * depth


def deck_pictures(plan: LessonPlan, config) -> dict[str, tuple[bytes, str]]:
    """Картинки слайдов: имя → (байты, расширение) — рисунки страниц и рисунки прогонщика."""
    paths, docs = Paths.of(config), Path(config["docs_dir"])
    cache = paths.cache("slides")
    drawn = slide_figures.lesson_figures(plan.lesson).all
    pictures = {}
    for name, source in slides.picture_sources(plan).items():
        path = slide_figures.figure_path(drawn[name], cache) if name in drawn else docs / source
        if not path.is_file():
            shown = path.name if name in drawn else source
            raise ValueError(
                f"{shown}: нет рисунка для слайда — соберите галерею "
                "(python -m sitebuild.runner.gallery)"
            )
        pictures[name] = slide_images.encoded(path, cache)
    return pictures


def on_files(files: Files, config) -> Files:
    for lesson in course.lessons():
        lesson_materials(files, config, lesson)
    return files


def lesson_materials(files: Files, config, lesson: course.Lesson) -> None:
    """Слайды (с картинками) и рабочие листы урока ``lesson`` — в ``<урок>/teacher/``.

    Слайды карты, которые называют задания листа (``show.task``), сверяются с листом урока.
    """
    plan = lesson_plan(lesson.name)
    sheet = worksheet.lesson_sheet(lesson.name)
    worksheet.check_plan(plan, sheet)
    pictures = deck_pictures(plan, config)
    exts = {name: ext for name, (_, ext) in pictures.items()}
    for name, (data, ext) in pictures.items():
        path = f"{lesson.deck_dir}/{slides.Picture(name, '', ext).file}"
        files.append(File.generated(config, path, content=data))
    pages = slides.linked_pages(plan)
    urls = {page: page_url(files, page, config) for page in pages}
    titles = {page: page_title(Path(config["docs_dir"]), page) for page in pages}
    deck = slides.deck(plan, urls, exts, titles)
    deck_page = f"{lesson.deck_dir}/{slides.DECK}"
    html = slides.render_deck(plan, deck, _root(deck_page))
    files.append(File.generated(config, deck_page, content=html))
    if sheet is None:
        return
    for variant in worksheet.SHEETS:
        path = lesson.page(f"teacher/{variant.path}")
        content = worksheet.render_sheet(plan, variant, _root(path), sheet)
        files.append(File.generated(config, path, content=content))
