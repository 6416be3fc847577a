"""Jinja: одна фабрика окружений для всего, что сборка пишет по шаблонам ``templates/``.

Вид окружения (:data:`KINDS`) — что получается из шаблона; у всех ``StrictUndefined``:
опечатка в имени — ошибка сборки, а не пустое место.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATE_DIR = Path(__file__).parent / "templates"

# «{#» в Markdown — якорь заголовка ({#step-1}), поэтому комментарии шаблонов — «{## ##}».
_MARKDOWN = {"autoescape": False, "comment_start_string": "{##", "comment_end_string": "##}"}
_BLOCKS = {"trim_blocks": True, "lstrip_blocks": True}

KINDS: dict[str, dict[str, Any]] = {
    "page": {"autoescape": True, **_BLOCKS},  # страница целиком: слайды, рабочий лист
    "fragment": {"autoescape": True},  # кусок HTML в странице: строка «Скачать», «Показать код»
    "markdown": {**_MARKDOWN, **_BLOCKS, "keep_trailing_newline": True},  # страницы макросов
    "lesson_text": {**_MARKDOWN, "keep_trailing_newline": True},  # поля YAML урока
    "code": {"autoescape": False, "keep_trailing_newline": True},  # код Python для скачивания
}
"""Вид окружения → настройки Jinja: экранирование HTML и обращение с пробелами вокруг блоков."""


@cache
def environment(kind: str = "page", folder: Path | None = None) -> Environment:
    """Окружение Jinja вида ``kind`` с загрузкой шаблонов из :data:`TEMPLATE_DIR`.

    ``folder`` — папка, где шаблоны ищутся раньше: шаблон урока (рабочий лист в
    ``lessons/<урок>/``) расширяет общую рамку из :data:`TEMPLATE_DIR`.
    """
    if kind not in KINDS:
        raise ValueError(f"kind: ожидался один из {sorted(KINDS)}, получено {kind!r}")
    search = [TEMPLATE_DIR] if folder is None else [folder, TEMPLATE_DIR]
    return Environment(loader=FileSystemLoader(search), undefined=StrictUndefined, **KINDS[kind])


def render(name: str, **context: object) -> str:
    """Отрисовать страницу по шаблону ``templates/<name>``."""
    return environment().get_template(name).render(**context)
