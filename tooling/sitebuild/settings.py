"""Пути проекта и его кэшей — одно место, где они складываются из корня клона.

Корень — папка с ``mkdocs.yml``: по умолчанию та, где лежит этот пакет, а переменная
``SITEBUILD_ROOT`` подставляет другой проект с тем же кодом сборки (так тест второго урока
собирает временную копию сайта, не трогая настоящую).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Paths:
    """Папки проекта с корнем ``root``."""

    root: Path

    @classmethod
    def of(cls, config) -> Paths:
        """Пути проекта, который собирает MkDocs с настройками ``config``."""
        return cls(Path(config["config_file_path"]).resolve().parent)

    @property
    def gallery(self) -> Path:
        """Скрипты страниц уроков: ``gallery/<урок>/plot_*.py``."""
        return self.root / "gallery"

    @property
    def lessons(self) -> Path:
        """Тексты уроков: ``lessons/<урок>/plan.yaml`` и соседние файлы."""
        return self.root / "lessons"

    @property
    def config(self) -> Path:
        """Настройки сайта ``mkdocs.yml``."""
        return self.root / "mkdocs.yml"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def caches(self) -> Path:
        """Все кэши сборки: ``.cache/`` (вне git; удалите её, чтобы собрать всё заново)."""
        return self.root / ".cache"

    def cache(self, name: str) -> Path:
        """Папка кэша ``.cache/<name>``."""
        return self.caches / name

    def use_lessonlib_cache(self) -> None:
        """Обученные сети — в кэше проекта ``.cache/lessonlib``, а не в домашней папке."""
        use_lessonlib_cache(self.cache("lessonlib"))


def use_lessonlib_cache(folder: Path) -> None:
    """Опыты ``lessonlib`` в этом процессе (и в ядрах блокнотов, которые он запускает) берут
    обученные сети из ``folder``; заданная снаружи ``LESSONLIB_CACHE_DIR`` главнее."""
    os.environ.setdefault("LESSONLIB_CACHE_DIR", str(folder))


PATHS = Paths(Path(os.environ.get("SITEBUILD_ROOT") or Path(__file__).resolve().parents[2]))
"""Пути этого проекта."""
