"""Jinja-шаблоны страниц, которые сборка создаёт сама (слайды, рабочий лист)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATE_DIR = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,  # опечатка в шаблоне — ошибка сборки, а не пустое место
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **context: object) -> str:
    """Отрисовать шаблон ``templates/<name>``."""
    return environment().get_template(name).render(**context)
