"""Хук MkDocs материалов педагога: слайды урока и рабочий лист создаются при сборке.

- ``teacher/deck/index.html`` — презентация reveal.js (:mod:`sitebuild.slides`) и её
  картинки ``teacher/deck/figures/``: рисунки страниц урока, их версии для экрана 16:9,
  схема CNN целиком и фотографии (:mod:`sitebuild.slide_figures`, кэш ``.cache/slides``);
- ``teacher/worksheet.html`` и ``teacher/worksheet-answers.html`` — рабочий лист ученика
  и экземпляр педагога с ответами (:mod:`sitebuild.worksheet`).

Подключается в ``mkdocs.yml`` (``hooks:``) рядом с ``sitebuild/hooks.py``.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.structure.files import File, Files

from sitebuild import slide_figures, slides, worksheet
from sitebuild.lesson_plan import LessonPlan, lesson_plan
from sitebuild.macros import notebook_title


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
    """Картинки слайдов: имя → (байты, расширение) — из кэша или нарисованные заново."""
    root = Path(config["config_file_path"]).parent
    cache, docs = root / ".cache" / "slides", Path(config["docs_dir"])
    versions = slide_figures.VERSIONS.get(plan.lesson, {})
    drawn = {f.name: f for f in slide_figures.DRAWN} | versions
    pictures = {}
    for name, source in slides.picture_sources(plan).items():
        if name in drawn:
            pictures[name] = slide_figures.drawn(drawn[name], cache, root / ".cache" / "lessonlib")
        else:
            path = docs / source
            if not path.is_file():
                raise ValueError(
                    f"{source}: нет рисунка для слайда — соберите галерею "
                    "(python -m sitebuild.gallery)"
                )
            pictures[name] = slide_figures.encoded(path, cache)
    return pictures


def on_files(files: Files, config) -> Files:
    plan = lesson_plan()
    pictures = deck_pictures(plan, config)
    exts = {name: ext for name, (_, ext) in pictures.items()}
    for name, (data, ext) in pictures.items():
        path = slides.Picture(name, "", ext).path
        files.append(File.generated(config, path, content=data))
    pages = slides.linked_pages(plan)
    urls = {page: page_url(files, page, config) for page in pages}
    titles = {page: page_title(Path(config["docs_dir"]), page) for page in pages}
    deck = slides.deck(plan, urls, exts, titles)
    html = slides.render_deck(plan, deck, _root(slides.DECK_PAGE))
    files.append(File.generated(config, slides.DECK_PAGE, content=html))
    for sheet in worksheet.SHEETS:
        content = worksheet.render_sheet(plan, sheet, _root(sheet.path))
        files.append(File.generated(config, sheet.path, content=content))
    return files
