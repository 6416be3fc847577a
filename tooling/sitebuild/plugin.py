"""Плагин MkDocs ``sitebuild``: всё, что сборка добавляет к сайту урока, — шаги в одном порядке.

Шаг — модуль с функциями событий MkDocs (``on_config``, ``on_files``, ``on_page_content``…).
Плагин вызывает их в порядке :data:`STEPS`, передавая результат шага следующему, как MkDocs
передаёт его от плагина к плагину. В ``mkdocs.yml`` плагин стоит последним: его события идут
после событий остальных плагинов (glightbox оборачивает рисунки раньше, чем
:mod:`~sitebuild.pages.notebook_figures` их переносит; поиск пишет индекс раньше, чем
:mod:`~sitebuild.pages.search_ru` его правит). Последними в сборке, когда ``site/`` уже
дописан всеми, идут печать PDF и архивы уроков (:meth:`SitebuildPlugin.on_post_build`).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from sitebuild.classroom import lms, teacher, teacher_copy
from sitebuild.lesson import course
from sitebuild.pages import (
    a11y,
    downloads,
    formulas,
    hooks,
    notebook_assets,
    notebook_figures,
    page404,
    page_assets,
    search_ru,
    sourcemaps,
)

STEPS: tuple[ModuleType, ...] = (
    course,  # уроки по папкам: меню и страницы уроков нужны всем остальным
    hooks,  # страницы-блокноты: якоря, ссылки, «Показать код», строка скачивания; PDF
    a11y,  # доступность разметки темы и блокнотов
    teacher,  # слайды урока и рабочий лист (teacher/deck, teacher/worksheet*)
    formulas,  # TeX → MathML
    notebook_assets,  # стили и скрипт блокнотов — общими файлами
    notebook_figures,  # рисунки — файлами в assets/figures, после glightbox
    search_ru,  # поиск по-русски (после индекса плагина search)
    page404,
    page_assets,  # скрипты и стили только где нужны (после плагинов)
    sourcemaps,  # без карт исходников темы в site/
    downloads,  # колесо lessonlib и архивы уроков в site/downloads/
    lms,  # задания уроков для Moodle в site/teacher/moodle/
    teacher_copy,  # экземпляр педагога практической работы с решениями
)
"""Шаги сборки по порядку: в каждом событии шаг видит то, что сделали шаги до него."""


class SitebuildConfig(base.Config):
    """Настройки плагина в ``mkdocs.yml`` (``plugins: - sitebuild: …``)."""

    run_page = c.Type(str, default="run.md")
    """Страница «Как запустить у себя»: на неё ссылается строка скачивания страниц урока."""


class SitebuildPlugin(BasePlugin[SitebuildConfig]):
    """Шаги :data:`STEPS` как один плагин MkDocs (точка входа ``sitebuild`` в
    ``tooling/pyproject.toml``)."""

    def _run(self, event: str, item: Any = None, **kwargs: Any) -> Any:
        for step in STEPS:
            handler = getattr(step, event, None)
            if handler is None:
                continue
            result = handler(**kwargs) if item is None else handler(item, **kwargs)
            if result is not None:
                item = result
        return item

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._run("on_startup", command=command, dirty=dirty)

    def on_config(self, config):
        return self._run("on_config", config)

    def on_pre_build(self, *, config) -> None:
        self._run("on_pre_build", config=config)

    def on_files(self, files, *, config):
        return self._run("on_files", files, config=config)

    def on_page_content(self, html, *, page, config, files):
        return self._run("on_page_content", html, page=page, config=config, files=files)

    def on_post_page(self, output, *, page, config):
        return self._run("on_post_page", output, page=page, config=config)

    def on_post_template(self, output_content, *, template_name, config):
        return self._run(
            "on_post_template", output_content, template_name=template_name, config=config
        )

    def on_serve(self, server, *, config, builder):
        return self._run("on_serve", server, config=config, builder=builder)

    def _post_build(self, *, config) -> None:
        self._run("on_post_build", config=config)

    # После всех плагинов (offline и search дописывают site/ с приоритетом -100): PDF
    # печатаются с готового сайта, а архивы собираются из копий блокнотов, которые поменял hooks.
    @event_priority(-100)
    def _print_pdfs(self, *, config) -> None:
        hooks.finish_site(config)

    @event_priority(-110)
    def _archives(self, *, config) -> None:
        downloads.write_archives(config)

    on_post_build = CombinedEvent(_post_build, _print_pdfs, _archives)
