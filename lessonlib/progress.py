"""Полоса прогресса долгого обучения (tqdm): в Jupyter — виджет, в терминале — строка.

Полоса видна, только когда её кто-то смотрит: в блокноте Jupyter или Colab и в терминале.
Переменная окружения ``LESSONLIB_PROGRESS`` решает явно: ``0`` — никогда (так сборка
сайта держит страницы чистыми), ``1`` — всегда.
"""

from __future__ import annotations

import os
import sys
from typing import Final

from tqdm.std import tqdm

__all__ = ["ENV", "bar", "enabled"]

ENV: Final = "LESSONLIB_PROGRESS"
# По-русски целиком: у tqdm по умолчанию «it/s» и английские единицы.
_FORMAT: Final = (
    "{desc}: {percentage:3.0f}% |{bar}| эпоха {n_fmt} из {total_fmt}, "
    "прошло {elapsed}, осталось {remaining}{postfix}"
)


def enabled() -> bool:
    """Показывать ли полосу: по ``$LESSONLIB_PROGRESS``, иначе — в Jupyter или терминале."""
    value = os.environ.get(ENV, "").strip().lower()
    if value:
        return value not in {"0", "no", "false", "нет"}
    return "ipykernel" in sys.modules or sys.stderr.isatty()


def bar(total: int, title: str) -> tqdm:
    """Полоса на ``total`` эпох с подписью ``title``; выключенная — без вывода вовсе."""
    if not enabled():
        return tqdm(total=total, disable=True)
    from tqdm.auto import tqdm as auto  # виджет в Jupyter; импорт решает, какой

    return auto(total=total, desc=title, bar_format=_FORMAT, dynamic_ncols=True)
