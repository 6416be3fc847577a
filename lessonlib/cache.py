"""Кэш результатов обучения: пересборка сайта не обучает сети заново.

Результат опыта хранится в файле, имя которого — отпечаток всего, от чего он зависит:
названия опыта, его настроек (объект-dataclass: зёрна, размеры данных, эпохи…), исходного
кода модулей, которые его считают, и версий PyTorch и NumPy. Поменялось что-то
из этого — отпечаток другой, и опыт считается заново; правка остальных модулей
``lessonlib`` (например, рисунков) обученные сети не трогает.

Папка кэша — переменная окружения ``LESSONLIB_CACHE_DIR``, по умолчанию
``~/.cache/lessonlib``. Если в неё нельзя писать, результат сохраняется во временной папке
системы (:func:`lessonlib.folders.writable`); папка выбирается до обучения, так что
обучение не пропадает из-за того, что его некуда записать.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import numpy as np
import torch

from lessonlib.folders import cache_dir, cached_file

__all__ = ["cache_dir", "cached", "fingerprint"]

T = TypeVar("T")


def _settings(config: Any) -> str:
    """Настройки опыта текстом: тип и все поля (вложенные dataclass — тоже по полям)."""
    if not dataclasses.is_dataclass(config) or isinstance(config, type):
        raise TypeError(f"config: ожидался объект настроек (dataclass), получено {config!r}")
    fields = dataclasses.asdict(config)
    return type(config).__qualname__ + json.dumps(
        fields, sort_keys=True, ensure_ascii=False, default=repr
    )


def fingerprint(name: str, config: Any, sources: Sequence[ModuleType]) -> str:
    """Отпечаток опыта: sha256 от имени, настроек, исходников модулей и версий библиотек."""
    digest = hashlib.sha256()
    digest.update(name.encode())
    digest.update(_settings(config).encode())
    for module in sources:
        if module.__file__ is None:
            raise ValueError(f"sources: у модуля {module.__name__} нет исходного файла")
        digest.update(module.__name__.encode())
        digest.update(Path(module.__file__).read_bytes())
    digest.update(f"torch {torch.__version__}, numpy {np.__version__}".encode())
    return digest.hexdigest()


def cached(
    name: str,
    compute: Callable[[], T],
    *,
    config: Any,
    sources: Sequence[ModuleType],
) -> T:
    """Результат ``compute()`` из кэша или, если его там нет, посчитанный и сохранённый.

    Args:
        name: имя опыта — начало имени файла.
        config: настройки опыта (dataclass) — всё, что определяет результат помимо кода.
        sources: модули, чей код считает результат (модели, данные, обучение, опыт).
    """
    name = f"{name}-{fingerprint(name, config, sources)[:24]}.pkl"
    return cached_file(
        cache_dir() / "experiments",
        name,
        "обученные сети",
        read=_load,
        make=compute,
        write=lambda file, result: pickle.dump(result, file, protocol=pickle.HIGHEST_PROTOCOL),
    )


def _load(path: Path) -> Any:
    with path.open("rb") as file:
        return pickle.load(file)
