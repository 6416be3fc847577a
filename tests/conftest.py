"""Общие фикстуры: собранный сайт, Chromium, локальный HTTP-сервер."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Один и тот же локальный сервер и флаги Chromium у тестов и у печати PDF.
from sitebuild.lesson import course  # noqa: E402
from sitebuild.printing.pdfs import CHROMIUM_ARGS, serve  # noqa: E402
from sitebuild.runner import project  # noqa: E402
from sitebuild.settings import PATHS  # noqa: E402

# Обученные сети и веса SqueezeNet — из кэша, который только что наполнила сборка сайта:
# тесты сверяют числа страниц с теми же сетями и не обучают их заново в домашней папке.
PATHS.use_lessonlib_cache()

SITE = ROOT / "site"
ARTIFACTS = ROOT / "artifacts"
IN_CI = bool(os.environ.get("CI"))


def nav_entries() -> list[str]:
    """Все файлы меню сайта по порядку: nav из mkdocs.yml с разделами уроков из реестра."""

    def walk(node: Any) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, list):
            return [e for item in node for e in walk(item)]
        if isinstance(node, dict):
            return [e for value in node.values() for e in walk(value)]
        return []

    return walk(course.expand_nav(project.mkdocs_config(ROOT / "mkdocs.yml")["nav"]))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Долгие тесты — первыми, за ними браузерные: в ``nox -s tests`` два процесса pytest-xdist
    берут тесты по очереди, и ни один долгий тест не достаётся одному из них под конец,
    пока другой уже стоит без дела. Внутри каждой части порядок прежний."""
    items.sort(
        key=lambda item: (
            not item.get_closest_marker("slow"),
            not item.get_closest_marker("browser"),
        )
    )


# Файлы, чьи тесты делят дорогую фикстуру на весь прогон: окружение ученика ставится и PDF
# растрируются один раз, только если весь файл идёт в один процесс pytest-xdist.
SHARED_FIXTURE_FILES = ("test_student_run.py", "test_pdf.py")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadgroup``: свободный процесс берёт следующий тест, а файл из
    :data:`SHARED_FIXTURE_FILES` — целиком. (Метка xdist_group не годится: xdist 3.8
    дописывает группу в ``item._nodeid``, а у pytest 9 id теста живёт в другом поле.)"""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByTestOrSharedFile(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if Path(path).name in SHARED_FIXTURE_FILES else nodeid

    return ByTestOrSharedFile(config, log)


def _missing(message: str) -> None:
    """В CI отсутствие сайта или браузера — ошибка, на ноутбуке — пропуск с подсказкой."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").exists():
        _missing("Сайт не собран: запустите `nox -s build` (или `nox -s tests`, он собирает сам).")
    return SITE


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        _missing(
            "Нет Chromium: браузерные проверки пропущены. Включить: "
            "`sudo apt-get install -y chromium` (Debian/Ubuntu) и снова `nox -s tests`."
        )
    return path


@pytest.fixture(scope="session")
def site_server(site_dir: Path) -> Iterator[str]:
    """Раздаёт site/ по адресу 127.0.0.1 на свободном порту."""
    with serve(site_dir) as base:
        yield base


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
