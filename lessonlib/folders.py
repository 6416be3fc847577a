"""Куда урок записывает файлы: обученные сети (кэш) и рисунки.

На школьном компьютере папка урока бывает только для чтения (она лежит на сервере), а в
домашнюю папку бывает нельзя писать. Тогда урок не падает, а пишет во временную папку
системы и один раз говорит об этом по-русски. Обе папки можно задать самому:

- ``LESSONLIB_CACHE_DIR`` — обученные сети (по умолчанию ``~/.cache/lessonlib``);
- ``LESSONLIB_OUTPUT_DIR`` — куда скрипты сохраняют рисунки (по умолчанию текущая папка,
  рисунки — в её подпапке ``figures``).
"""

from __future__ import annotations

import getpass
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Final, TypeVar

__all__ = [
    "CACHE_ENV",
    "OUTPUT_ENV",
    "SITE_ENV",
    "cache_dir",
    "cached_file",
    "notes_path",
    "output_path",
    "read_notes",
    "writable",
    "write_figure",
]

T = TypeVar("T")

CACHE_ENV: Final = "LESSONLIB_CACHE_DIR"
OUTPUT_ENV: Final = "LESSONLIB_OUTPUT_DIR"
# Её задаёт прогонщик галереи (значение — имя страницы): сайту нужен каждый рисунок файлом с
# описанием рядом (write_figure), а не картинкой внутри блокнота.
SITE_ENV: Final = "LESSONLIB_SITE_PAGE"

# Папки, о замене которых ученик уже прочитал: сообщение — один раз на папку.
_told: set[Path] = set()


def cache_dir() -> Path:
    """Папка кэша: ``$LESSONLIB_CACHE_DIR`` или ``~/.cache/lessonlib``."""
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "lessonlib")


def output_path(path: str | Path) -> Path:
    """Куда сохранить файл ``path`` скрипта: относительный путь — от ``$LESSONLIB_OUTPUT_DIR``
    (если переменная задана), иначе от текущей папки."""
    path = Path(path)
    base = os.environ.get(OUTPUT_ENV)
    return path if path.is_absolute() or not base else Path(base) / path


def _can_write(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        return False
    return True


def _spare(folder: Path) -> Path:
    """Запасная папка во временной папке системы — своя у каждого пользователя."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # у пользователя нет имени (контейнер, странный Windows)
        user = "user"
    return Path(tempfile.gettempdir()) / f"lessonlib-{user}" / folder.name


def writable(folder: Path, what: str, setting: str) -> Path | None:
    """``folder``, если в неё можно писать; иначе запасная папка во временной папке системы.

    ``what`` — что там хранится, во множественном числе («обученные сети»);
    ``setting`` — переменная окружения, которой ученик выбирает папку сам. О замене
    говорится один раз (в поток ошибок, чтобы не смешивать с выводом страницы).
    ``None`` — писать некуда совсем.
    """
    if _can_write(folder):
        return folder
    spare = _spare(folder)
    usable = _can_write(spare)
    if folder not in _told:
        _told.add(folder)
        then = f"сохраняются в {spare}" if usable else "не сохранятся (страница работает и так)"
        print(
            f"В папку {folder.absolute()} нельзя записывать, поэтому {what} {then}. Свою папку "
            f"можно задать переменной окружения {setting} (страница «Как запустить у себя»).",
            file=sys.stderr,
        )
    return spare if usable else None


def cached_file(
    folder: Path,
    name: str,
    what: str,
    *,
    read: Callable[[Path], T],
    make: Callable[[], T],
    write: Callable[[IO[bytes], T], None],
) -> T:
    """Файл ``name`` кэша: прочитанный из ``folder`` (или её запасной папки) или сделанный заново.

    Папка для записи выбирается до ``make()``: долгая работа не пропадёт из-за того, что её
    некуда записать. Запись — во временный файл и переименование: оборванная запись не
    портит кэш, а другой процесс не прочтёт недописанный файл. ``what`` — что хранится, во
    множественном числе, как у :func:`writable`.
    """
    target = writable(folder, what, CACHE_ENV)
    for path in (folder / name, target and target / name):
        if path and os.path.exists(path):  # False и для папки, куда нельзя заглянуть
            return read(path)
    result = make()
    if target is not None:
        try:
            with tempfile.NamedTemporaryFile(dir=target, suffix=".tmp", delete=False) as tmp:
                write(tmp, result)
            os.replace(tmp.name, target / name)
        except OSError as error:  # например, диск заполнен: результат всё равно нужен
            print(f"{what.capitalize()} не удалось сохранить в {target}: {error}", file=sys.stderr)
    return result


def notes_path(path: str | Path) -> Path:
    """Файл описания картинки ``path``: ``figures/x.png`` → ``figures/x.png.json``."""
    path = Path(path)
    return path.with_name(path.name + ".json")


def write_figure(path: Path, image: bytes, notes: dict) -> None:
    """Картинка рисунка и её описание рядом (подпись, замер надписей:
    :func:`lessonlib.style.figure_notes`) — так их берёт сборка сайта (:data:`SITE_ENV`)."""
    path.write_bytes(image)
    text = json.dumps(notes, ensure_ascii=False, indent=1, sort_keys=True)
    notes_path(path).write_text(text + "\n", encoding="utf-8")


def read_notes(path: str | Path) -> dict | None:
    """Описание картинки ``path`` (:func:`write_figure`); ``None`` — его нет."""
    notes = notes_path(path)
    return json.loads(notes.read_text(encoding="utf-8")) if notes.is_file() else None
