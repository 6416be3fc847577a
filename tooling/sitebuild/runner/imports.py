"""Граф импортов скрипта галереи внутри пакета урока — по исходникам, без выполнения.

Кэш галереи выполняет скрипт заново, только если изменился файл, от которого он на самом
деле зависит. Этот модуль находит такие файлы: разбирает ``import``/``from … import`` скрипта
(``ast``, включая импорты внутри функций — лучше лишний перезапуск, чем старая страница)
и так же, по цепочке, — каждого модуля пакета, до которого дошёл.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from functools import cache
from pathlib import Path


def _parents(name: str) -> list[str]:
    """``a.b.c`` → ``a``, ``a.b``, ``a.b.c``: импорт выполняет ``__init__`` каждого уровня."""
    parts = name.split(".")
    return [".".join(parts[: k + 1]) for k in range(len(parts))]


def imported_names(tree: ast.AST, module: str = "", is_package: bool = False) -> set[str]:
    """Полные имена модулей (и имён в них), которые импортирует ``tree``.

    ``module`` — имя разбираемого модуля: от него считаются относительные импорты
    (``from .conv import x``). В ``from a import b`` имя ``a.b`` тоже попадает в ответ:
    ``b`` может оказаться подмодулем — это решает :func:`module_file`.
    """
    package = module if is_package else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names.update(_parents(alias.name))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".") if package else []
                base_parts = base_parts[: len(base_parts) - node.level + 1]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            if not base:
                continue
            names.update(_parents(base))
            names.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return names


@cache  # по содержимому: модуль, общий для многих скриптов, разбирается один раз
def _module_imports(source: bytes, filename: str, module: str, is_package: bool) -> frozenset[str]:
    return frozenset(imported_names(ast.parse(source, filename), module, is_package))


def module_file(package_root: Path, name: str) -> Path | None:
    """Файл модуля ``name`` пакета, лежащего в ``package_root`` (имя пакета — имя папки)."""
    parts = name.split(".")
    if parts[0] != package_root.name:
        return None
    path = package_root.joinpath(*parts[1:])
    for candidate in (path / "__init__.py", path.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _module_name(package_root: Path, path: Path) -> tuple[str, bool]:
    relative = path.relative_to(package_root).with_suffix("")
    parts = [package_root.name, *relative.parts]
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


def dependencies(source: Path, package_root: Path, extra: Iterable[str] = ()) -> list[Path]:
    """Файлы пакета ``package_root``, которые загружает скрипт ``source``, по цепочке.

    ``extra`` — имена модулей, которые скрипт получает не своим импортом (например,
    ячейка настройки блокнота импортирует ``lessonlib``).
    """
    names = imported_names(ast.parse(source.read_bytes(), str(source)))
    return closure(names | set(extra), package_root)


def closure(names: Iterable[str], package_root: Path) -> list[Path]:
    """Файлы пакета ``package_root``, которые загружает импорт модулей ``names``, по цепочке."""
    pending = set(names)
    seen_names: set[str] = set()
    found: set[Path] = set()
    while pending:
        name = pending.pop()
        if name in seen_names:
            continue
        seen_names.add(name)
        path = module_file(package_root, name)
        if path is None or path in found:
            continue
        found.add(path)
        module, is_package = _module_name(package_root, path)
        pending |= _module_imports(path.read_bytes(), str(path), module, is_package) - seen_names
    return sorted(found)
