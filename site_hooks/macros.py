"""Переменные и макросы для Markdown-страниц (плагин mkdocs-macros).

Числа на страницах с ``render_macros: true`` берутся отсюда, то есть из ``lessonlib``.
"""


def define_env(env) -> None:
    """Регистрирует макросы страниц."""
