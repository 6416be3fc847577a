"""Экземпляр педагога практической работы: скрипт урока с решёнными заданиями.

Ячейка-задание в скрипте галереи — та, чей заголовок начинается с «✏️ Задание N»; в ней
стоит рабочий код, который ученик дописывает. Решения лежат в
``lessons/<урок>/solutions.py`` (словарь ``SOLUTIONS``: «Задание N» → код). Хук
(:func:`on_files`) кладёт в сайт ``<урок>/teacher/<скрипт>-solutions.py`` (рядом с картой) — тот же
скрипт, где код каждого задания заменён решением. Ни один урок здесь не назван.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.structure.files import File, Files

from sitebuild.lesson import lessontext

__all__ = ["FOLDER", "Gap", "gaps", "lessons_with_solutions", "solutions", "teacher_copy"]

FOLDER = "teacher"  # внутри папки урока на сайте
_CELL = re.compile(r"^# %%.*$", re.M)
_TASK = re.compile(r"^# ✏️ (Задание \d+)")


@dataclass(frozen=True)
class Gap:
    """Задание в скрипте: ключ («Задание 1») и место его кода в тексте скрипта."""

    key: str
    start: int
    end: int


def gaps(script: str) -> list[Gap]:
    """Задания скрипта по порядку: код ячейки после её комментариев."""
    found = []
    markers = list(_CELL.finditer(script))
    ends = [m.start() for m in markers[1:]] + [len(script)]
    for marker, end in zip(markers, ends, strict=True):
        offset = marker.end()
        lines = script[offset:end].splitlines(keepends=True)
        task = next((_TASK.match(line) for line in lines if line.strip()), None)
        if task is None:
            continue
        for line in lines:  # комментарии и пустые строки до кода
            if line.strip() and not line.startswith("#"):
                break
            offset += len(line)
        found.append(Gap(task.group(1), offset, len(script[:end].rstrip("\n"))))
    return found


def solutions(lesson_dir: Path) -> dict[str, str]:
    """``SOLUTIONS`` из ``solutions.py`` папки урока (пусто, если файла нет)."""
    path = lesson_dir / "solutions.py"
    if not path.is_file():
        return {}
    return dict(lessontext.load_file(path, f"solutions_{lesson_dir.name}").SOLUTIONS)


def lessons_with_solutions() -> list[str]:
    """Уроки, у которых есть ``solutions.py``, по порядку имён."""
    return sorted(p.parent.name for p in lessontext.LESSONS_DIR.glob("*/solutions.py"))


def teacher_copy(script: str, answers: dict[str, str], name: str) -> str:
    """Скрипт ``name`` с кодом решений ``answers`` вместо кода заданий.

    Raises:
        ValueError: у задания нет решения или решение не подходит ни к одному заданию.
    """
    found = gaps(script)
    keys = [g.key for g in found]
    missing = [k for k in keys if k not in answers]
    extra = [k for k in answers if k not in keys]
    if missing or extra:
        raise ValueError(
            f"{name}: нет решения для {missing or '—'}; решения без задания: {extra or '—'}"
        )
    out = script
    for gap in reversed(found):
        out = out[: gap.start] + answers[gap.key].strip("\n") + out[gap.end :]
    return out


def on_files(files: Files, config) -> Files:
    """Хук MkDocs: экземпляры педагога всех скриптов с заданиями."""
    for lesson in lessons_with_solutions():
        answers = solutions(lessontext.LESSONS_DIR / lesson)
        for script in sorted((lessontext.GALLERY_DIR / lesson).glob("plot_*.py")):
            text = script.read_text(encoding="utf-8")
            if not gaps(text):
                continue
            path = posixpath.join(lesson, FOLDER, f"{script.stem}-solutions.py")
            content = teacher_copy(text, answers, f"{lesson}/{script.name}")
            files.append(File.generated(config, path, content=content))
    return files
