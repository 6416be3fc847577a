"""Хук MkDocs и макросы: пакет урока и архивы уроков в ``site/downloads/``.

- Колесо ``lessonlib-<версия>-py3-none-any.whl`` — только библиотека ученика (пакет
  ``lessonlib`` из корневого ``pyproject.toml``), без кода сборки. Собирается командой
  ``pip wheel --no-deps --no-build-isolation`` из копии исходников во временной папке
  (в дереве проекта не остаётся ``build/`` и ``*.egg-info``) и кэшируется в
  ``.cache/downloads/`` по отпечатку этих исходников: сборка без правок его не пересобирает.
- ``requirements.txt`` — зависимости колеса (из ``pyproject.toml``) и Jupyter.
- Архив урока ``<урок>.zip``: все блокноты и скрипты урока, колесо и ``requirements.txt``;
  одинаковые файлы дают байт в байт одинаковый архив (имена по порядку, время одно).
- Блокноты для скачивания — без выводов (:func:`sitebuild.runner.runnable.without_outputs`), и
  отдельные ``site/<урок>/plot_*.ipynb``, и те, что в архиве: результаты ученик получает
  сам, страницы сайта строятся из выполненных блокнотов ``docs/`` и показывают их.
  Ссылки на глоссарий в них и в скриптах ``.py`` — сноски с определением
  (:func:`sitebuild.runner.runnable.footnotes_in`), а ссылки на другой урок — слова, какой
  блокнот какого архива открыть, если их ещё не сделал полными адресами ``site_url`` хук
  :mod:`sitebuild.pages.hooks`: рядом со скачанным файлом нет ни глоссария, ни другого урока.

Файлы заявляются в ``on_files`` (строгая сборка проверяет ссылки на них). Архив собирается
там же из ``docs/``, а в самом конце сборки (:func:`write_archives`) — заново из копий
блокнотов в ``site/``, если их поменял другой шаг (сделал ссылки полными); копии там же
теряют выводы: архив = то, что скачивается.

Что и где скачать, страница «Как запустить у себя» узнаёт через макросы
:mod:`sitebuild.lesson.run_page`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from mkdocs.structure.files import File, Files

from sitebuild.lesson import course
from sitebuild.lesson.glossary import get_term
from sitebuild.runner.runnable import (
    Edit,
    edit_notebook_text,
    edit_script_text,
    footnotes_in,
    notebook_text,
    other_lessons_in,
    without_outputs,
)
from sitebuild.settings import PATHS, Paths

DOWNLOADS: Final = "downloads"
PACKAGE: Final = "lessonlib"
NOTEBOOK_TOOLS: Final = ("jupyter>=1.0",)
"""Что ещё нужно ученику, кроме зависимостей колеса, — чтобы открыть блокноты."""
# Время всех файлов архивов и колеса (1 января 2024 года): архив не зависит от дня сборки.
EPOCH: Final = 1_704_067_200
_LESSON_FILES: Final = re.compile(r"^plot_.+\.(ipynb|py)$")


@dataclass(frozen=True)
class Lesson:
    """Урок — папка ``docs/<name>/`` с блокнотами и скриптами ``plot_*``."""

    name: str
    members: tuple[str, ...]  # пути файлов урока от docs/ (и от site/)

    @property
    def archive(self) -> str:
        return f"{DOWNLOADS}/{self.name}.zip"


def _root(config: Mapping) -> Path:
    return Path(config["config_file_path"]).resolve().parent


def _cache(config: Mapping) -> Path:
    return Paths.of(config).cache(DOWNLOADS)


# --------------------------------------------------------------------------------------
# Колесо
# --------------------------------------------------------------------------------------


def package_sources(root: Path) -> list[Path]:
    """Файлы, из которых собирается колесо: ``pyproject.toml``, readme и пакет."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    files = [root / "pyproject.toml", root / project["readme"]]
    files += sorted(
        p for p in (root / PACKAGE).rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )
    return files


def _digest(root: Path, files: Iterable[Path], *extra: str) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    for text in extra:
        digest.update(text.encode())
    return digest.hexdigest()[:20]


def build_wheel(root: Path, cache: Path) -> Path:
    """Колесо пакета урока — из кэша или собранное заново (около 4 с здесь)."""
    from importlib.metadata import version

    sources = package_sources(root)
    folder = cache / f"wheel-{_digest(root, sources, version('setuptools'))}"
    built = sorted(folder.glob(f"{PACKAGE}-*.whl"))
    if built:
        return built[0]
    with tempfile.TemporaryDirectory(prefix="lessonlib-wheel-") as tmp:
        copy = Path(tmp) / "src"
        for path in sources:
            target = copy / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        out = Path(tmp) / "out"
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONHASHSEED": "0"}
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
        result = subprocess.run(
            [*command, "--quiet", "--wheel-dir", str(out), str(copy)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"колесо {PACKAGE} не собралось:\n{result.stdout}{result.stderr}")
        (wheel,) = out.glob("*.whl")
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / wheel.name
        shutil.copyfile(wheel, final.with_suffix(".tmp"))
        os.replace(final.with_suffix(".tmp"), final)
        return final


def requirements(root: Path) -> str:
    """``requirements.txt`` урока: зависимости колеса из ``pyproject.toml`` и Jupyter."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = [
        "# Библиотеки для уроков «Свёрточные нейросети» (сам пакет урока — файл .whl рядом).",
        "# Установка: pip install -r requirements.txt",
        *project["dependencies"],
        *NOTEBOOK_TOOLS,
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------
# Архивы уроков
# --------------------------------------------------------------------------------------


def lessons(docs: Path) -> list[Lesson]:
    """Уроки сайта: папки ``docs/`` с файлами ``plot_*.ipynb``/``plot_*.py``."""
    found = []
    for folder in sorted(p for p in docs.iterdir() if p.is_dir()):
        members = sorted(
            f"{folder.name}/{p.name}" for p in folder.iterdir() if _LESSON_FILES.match(p.name)
        )
        if any(m.endswith(".ipynb") for m in members):
            found.append(Lesson(folder.name, tuple(members)))
    return found


def archive_bytes(entries: Mapping[str, bytes]) -> bytes:
    """Zip с файлами ``entries`` (имя → содержимое): по порядку имён, время одно."""
    buffer = io.BytesIO()
    stamp = _zip_time(EPOCH)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


def _zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    return time.gmtime(epoch)[:6]


def _definition(key: str) -> tuple[str, str]:
    term = get_term(key)
    return term.ru, term.definition


def _other_lesson(lesson: str, page: str) -> str:
    """Какой блокнот открыть вместо ссылки на страницу другого урока."""
    title = course.script_info(PATHS.gallery / lesson / f"{page}.py").title
    number = course.get(lesson).number
    return (
        f"блокнот {page}.ipynb «{title}» — в архиве урока {number} {lesson}.zip на странице "
        "«Как запустить у себя»"
    )


def _offline() -> Edit:
    """Правка текста скачанного файла: ссылки, которые вели на сайт и остались
    относительными (сайт без ``site_url``), — сноски глоссария и слова о другом уроке."""
    footnotes, other = footnotes_in(_definition), other_lessons_in(_other_lesson)
    return lambda text: other(footnotes(text))


def downloaded(path: Path) -> bytes:
    """Файл урока, каким его скачивает ученик: блокнот — без выводов; и в нём, и в скрипте
    ``.py`` — сноски вместо относительных ссылок на глоссарий и слова вместо ссылок на
    другой урок."""
    if path.suffix == ".py":
        return edit_script_text(path.read_text(encoding="utf-8"), _offline()).encode("utf-8")
    if path.suffix != ".ipynb":
        return path.read_bytes()
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook = edit_notebook_text(without_outputs(notebook), _offline())
    return notebook_text(notebook).encode("utf-8")


def lesson_entries(lesson: Lesson, folder: Path, wheel: Path, reqs: str) -> dict[str, bytes]:
    """Содержимое архива урока: файлы урока из ``folder`` (docs/ или site/), колесо и список."""
    entries = {m: downloaded(folder / m) for m in lesson.members}
    entries[f"{lesson.name}/{wheel.name}"] = wheel.read_bytes()
    entries[f"{lesson.name}/requirements.txt"] = reqs.encode()
    return entries


def _cached_archive(cache: Path, lesson: Lesson, entries: Mapping[str, bytes]) -> Path:
    digest = hashlib.sha256()
    for name in sorted(entries):
        digest.update(name.encode() + b"\0" + hashlib.sha256(entries[name]).digest())
    path = cache / f"{lesson.name}-{digest.hexdigest()[:20]}.zip"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        path.with_suffix(".tmp").write_bytes(archive_bytes(entries))
        os.replace(path.with_suffix(".tmp"), path)
    return path


# --------------------------------------------------------------------------------------
# Хук MkDocs
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    """Что лежит в ``site/downloads/``: колесо, список зависимостей и архивы уроков."""

    wheel: Path
    requirements: str
    archives: dict[str, Path]  # путь в site/ → файл в кэше


def build_downloads(config: Mapping) -> Built:
    """Колесо, ``requirements.txt`` и архивы уроков из ``docs/`` (всё через кэш)."""
    root, cache = _root(config), _cache(config)
    wheel = build_wheel(root, cache)
    reqs = requirements(root)
    docs = Path(config["docs_dir"])
    archives = {
        lesson.archive: _cached_archive(cache, lesson, lesson_entries(lesson, docs, wheel, reqs))
        for lesson in lessons(docs)
    }
    return Built(wheel, reqs, archives)


def on_files(files: Files, config) -> Files:
    built = build_downloads(config)
    files.append(
        File.generated(config, f"{DOWNLOADS}/{built.wheel.name}", abs_src_path=str(built.wheel))
    )
    files.append(
        File.generated(config, f"{DOWNLOADS}/requirements.txt", content=built.requirements)
    )
    for uri, path in built.archives.items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def write_archives(config) -> None:
    """Скачиваемые копии в ``site/`` — без выводов, архивы — из них: копии поменял
    :func:`sitebuild.pages.hooks.finish_site` (плагин вызывает это последним)."""
    site, cache = Path(config["site_dir"]), _cache(config)
    wheel = build_wheel(_root(config), cache)
    reqs = requirements(_root(config))
    for lesson in lessons(Path(config["docs_dir"])):
        entries = lesson_entries(lesson, site, wheel, reqs)
        for member in lesson.members:
            (site / member).write_bytes(entries[member])
        path = _cached_archive(cache, lesson, entries)
        target = site / lesson.archive
        if target.read_bytes() != path.read_bytes():
            shutil.copyfile(path, target)
