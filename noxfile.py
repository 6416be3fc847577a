"""Единая точка входа: сборка сайта, предпросмотр, тесты, проверка стиля, замеры.

nox -s build     # галерея (с кэшем) → mkdocs build --strict → site/
nox -s serve     # живой предпросмотр на http://127.0.0.1:8000
nox -s gallery   # только галерея: nox -s gallery -- --force | plot_01_convolution
nox -s tests     # сборка сайта и все тесты, включая проверки в браузере
nox -s lint      # ruff check + ruff format --check
nox -s bench     # скорость свёртки lessonlib против torch; вес страниц и Lighthouse
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_venv = "yes"
# Окружения (≈2 ГБ, torch) живут вне клона и переиспользуются всеми его копиями на машине:
# свежий клон (как в CI) не ставит их заново. Путь меняется переменной LESSONLIB_NOX_ENVDIR.
nox.options.envdir = os.environ.get(
    "LESSONLIB_NOX_ENVDIR", str(Path.home() / ".cache" / "lessonlib-nox")
)
nox.options.sessions = ["build"]

PYTHON = "3.11"
CONSTRAINTS = ("-c", "constraints.txt")
# Баннер mkdocs-material о MkDocs 2.0 к делу не относится.
ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}


def _install(session: nox.Session, extras: str = "") -> None:
    """Пакет урока и инструменты сборки (``tooling/``) — в одно окружение."""
    session.install(*CONSTRAINTS, "-e", ".", "-e", f"./tooling{extras}")


def _build_site(session: nox.Session, *gallery_args: str, pdf_required: bool = False) -> None:
    """Галерея → сайт → PDF из сайта (Chromium) → сайт ещё раз, уже со ссылками на PDF."""
    session.run("python", "-m", "sitebuild.gallery", *gallery_args, env=ENV)
    session.run("mkdocs", "build", "--strict", env=ENV)
    pdf_args = [] if pdf_required or os.environ.get("CI") else ["--if-available"]
    session.run("python", "-m", "sitebuild.pdfs", "--site", "site", "--out", "docs/pdf", *pdf_args)
    if any(Path("docs/pdf").glob("*.pdf")):
        session.run("mkdocs", "build", "--strict", env=ENV)


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Собрать сайт в site/ (галерея выполняется только там, где что-то изменилось)."""
    _install(session)
    _build_site(session, *session.posargs)


@nox.session(python=PYTHON, default=False)
def pdf(session: nox.Session) -> None:
    """Собрать сайт и PDF: технологическую карту, весь урок, задания с ответами и без."""
    _install(session)
    _build_site(session, pdf_required=True)


@nox.session(python=PYTHON, default=False)
def serve(session: nox.Session) -> None:
    """Живой предпросмотр сайта."""
    _install(session)
    session.run("python", "-m", "sitebuild.gallery", env=ENV)
    session.run("mkdocs", "serve", *(session.posargs or ["-a", "127.0.0.1:8000"]), env=ENV)


@nox.session(python=PYTHON, default=False)
def gallery(session: nox.Session) -> None:
    """Только выполнить скрипты галереи (аргументы — имена скриптов и/или --force)."""
    _install(session)
    session.run("python", "-m", "sitebuild.gallery", *session.posargs, env=ENV)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Собрать сайт по-настоящему и прогнать все тесты (браузерные — в Chromium)."""
    _install(session, "[test]")
    if shutil.which("chromium") is None and os.environ.get("CI"):
        session.error("В CI нужен Chromium: apt-get install -y chromium poppler-utils")
    _build_site(session)
    session.run("pytest", *session.posargs, env=ENV)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Проверка стиля кода ruff."""
    session.install(*CONSTRAINTS, "ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Замеры: свёртка lessonlib против torch; вес страниц site/ и Lighthouse (после build)."""
    _install(session, "[test]")
    session.run("python", "benchmarks/bench_conv.py", *session.posargs, env=ENV)
    session.run("python", "benchmarks/bench_pages.py", env=ENV)


@nox.session(python=PYTHON, default=False)
def lock(session: nox.Session) -> None:
    """Обновить constraints.txt — точные версии, с которыми собирается сайт."""
    session.install("-e", ".", "-e", "./tooling[test]", "ruff")
    frozen = session.run("pip", "freeze", "--exclude-editable", silent=True)
    lines = [
        line.replace("+cpu", "")  # та же версия torch без метки сборки
        for line in frozen.splitlines()
        if line and not line.startswith(("lessonlib", "-e"))
    ]
    with open("constraints.txt", "w", encoding="utf-8") as out:
        out.write("# Точные версии зависимостей; обновляется командой `nox -s lock`.\n")
        out.write("\n".join(lines) + "\n")
