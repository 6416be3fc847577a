"""Отпечаток того, от чего зависит результат скрипта сборки, — ключ кэшей в ``.cache/``.

Одна реализация для двух кэшей: страниц галереи (:mod:`sitebuild.runner.gallery`) и чисел текста
урока из ``lessons/<урок>/values.py`` (:mod:`sitebuild.lesson.lessontext`). В отпечаток входят сам
скрипт, модули пакетов, которые он загружает (граф импортов :mod:`sitebuild.runner.imports` — по
исходникам, без выполнения), и версии закреплённых зависимостей.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import metadata
from pathlib import Path

from sitebuild.runner import imports

__all__ = ["PINNED", "digest", "key", "source_inputs", "versions"]

PINNED = (
    "numpy",
    "torch",
    "matplotlib",
    "matplotlib-inline",
    "mlxtend",
    "scikit-image",
    "scikit-learn",
    "pillow",
    "sphinx-gallery",
    "nbclient",
    "ipykernel",
)
"""Версии, от которых зависят числа и рисунки: их смена сбрасывает кэш."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache  # версии установленных пакетов за время работы процесса не меняются
def versions() -> tuple[str, ...]:
    """Python и версии :data:`PINNED` («нет» — пакет не установлен)."""
    found = [sys.version]
    for package in PINNED:
        try:
            found.append(f"{package}=={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package}: нет")
    return tuple(found)


def source_inputs(
    source: Path, packages: Sequence[Path], extra: Iterable[str] = ()
) -> dict[str, str]:
    """Входы скрипта ``source``: имя входа → sha256 содержимого.

    Сам скрипт, модули пакетов ``packages`` (папки пакетов), которые он загружает по
    цепочке, и версии зависимостей. ``extra`` — имена модулей, которые скрипт получает не
    своим импортом (ячейка настройки блокнота импортирует ``lessonlib``).
    """
    inputs = {source.name: digest(source.read_bytes())}
    for root in packages:
        for path in imports.dependencies(source, root, extra=extra):
            inputs[f"{root.name}/{path.relative_to(root).as_posix()}"] = digest(path.read_bytes())
    inputs["версии"] = digest("\n".join(versions()).encode())
    return inputs


def key(inputs: Mapping[str, str]) -> str:
    """Ключ кэша по входам :func:`source_inputs` (и любым добавленным к ним)."""
    return digest(json.dumps(inputs, sort_keys=True).encode())
