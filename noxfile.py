"""Единая точка входа: сборка сайта, предпросмотр, тесты, проверка стиля, замеры.

nox -s build     # галерея (с кэшем) → mkdocs build --strict → site/
nox -s serve     # живой предпросмотр на http://127.0.0.1:8000
nox -s gallery   # только галерея: nox -s gallery -- --force | plot_01_convolution
nox -s tests     # сборка сайта и все тесты, включая проверки в браузере
nox -s lint      # ruff check + ruff format --check
nox -s bench     # свёртка lessonlib против torch; пересборка без правок; страницы SqueezeNet;
                 # вес страниц, Lighthouse; прямой проход SqueezeNet в браузере
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
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
# Одно окружение на сборку, тесты, предпросмотр и замеры: torch ставится один раз.
# nox создаёт окружение на каждую сессию, поэтому эти сессии работают без своего
# (venv_backend="none") и ставят всё в общее окружение сами (_shared_env).
SHARED_ENV = Path(nox.options.envdir) / "lessonlib"
INSTALL_INPUTS = ("pyproject.toml", "tooling/pyproject.toml", "constraints.txt")
# Баннер mkdocs-material о MkDocs 2.0 к делу не относится.
ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}


def _shared_env(session: nox.Session) -> dict[str, str]:
    """Общее окружение: создать при первом запуске, доустановить при правке зависимостей.

    Возвращает переменные окружения, с которыми команды берутся из него.
    """
    python = SHARED_ENV / "bin" / "python"
    if not python.exists():
        if sys.version_info[:2] != (3, 11):
            session.warn(f"Проект проверен на Python {PYTHON}, nox запущен на {sys.version}")
        session.run(sys.executable, "-m", "venv", str(SHARED_ENV), external=True)
    stamp = SHARED_ENV / ".lessonlib-installed"
    wanted = hashlib.sha256(b"".join(Path(p).read_bytes() for p in INSTALL_INPUTS)).hexdigest()
    # Пакеты ставятся «-e» из этого клона: другой клон на той же машине переустановит их.
    wanted += " " + str(Path.cwd())
    if not stamp.exists() or stamp.read_text(encoding="utf-8") != wanted:
        pip = (str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q")
        session.run(
            *pip, "-c", "constraints.txt", "-e", ".", "-e", "./tooling[test]", external=True
        )
        stamp.write_text(wanted, encoding="utf-8")
    path = f"{SHARED_ENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**ENV, "PATH": path, "VIRTUAL_ENV": str(SHARED_ENV)}


def _run(session: nox.Session, env: dict[str, str], program: str, *args: str) -> None:
    """Команда из общего окружения: nox ищет программу по своему PATH, а не по ``env``."""
    local = SHARED_ENV / "bin" / program
    session.run(str(local) if local.exists() else program, *args, env=env, external=True)


def _build_site(session: nox.Session, env: dict[str, str], *gallery_args: str) -> None:
    """Галерея (только изменившиеся скрипты) → один проход mkdocs build (с PDF, если есть
    Chromium: их печатает хук сборки прямо в site/pdf)."""
    _run(session, env, "python", "-m", "sitebuild.runner.gallery", *gallery_args)
    _run(session, env, "mkdocs", "build", "--strict")


@nox.session(venv_backend="none")
def build(session: nox.Session) -> None:
    """Собрать сайт в site/ (галерея выполняется только там, где что-то изменилось)."""
    _build_site(session, _shared_env(session), *session.posargs)


@nox.session(venv_backend="none", default=False)
def pdf(session: nox.Session) -> None:
    """Собрать сайт с PDF: технологической картой, всем уроком, заданиями с ответами и без."""
    env = _shared_env(session)
    _require_chromium(session)
    _build_site(session, env)


@nox.session(venv_backend="none", default=False)
def serve(session: nox.Session) -> None:
    """Живой предпросмотр сайта."""
    env = _shared_env(session)
    _run(session, env, "python", "-m", "sitebuild.runner.gallery")
    _run(session, env, "mkdocs", "serve", *(session.posargs or ["-a", "127.0.0.1:8000"]))


@nox.session(venv_backend="none", default=False)
def gallery(session: nox.Session) -> None:
    """Только выполнить скрипты галереи (аргументы — имена скриптов и/или --force)."""
    _run(
        session, _shared_env(session), "python", "-m", "sitebuild.runner.gallery", *session.posargs
    )


def _require_chromium(session: nox.Session) -> None:
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        session.error("Нужен Chromium: sudo apt-get install -y chromium poppler-utils")


@nox.session(venv_backend="none")
def tests(session: nox.Session) -> None:
    """Собрать сайт по-настоящему и прогнать все тесты (браузерные — в Chromium)."""
    env = _shared_env(session)
    if os.environ.get("CI"):
        _require_chromium(session)
    _build_site(session, env)
    # Процесс pytest-xdist на каждое ядро; как раздаются тесты — tests/conftest.py. Двадцать
    # самых долгих тестов — в конце вывода: бюджет CI (20 минут) виден в каждом прогоне.
    _run(
        session,
        env,
        "pytest",
        "-n",
        "auto",
        "--dist",
        "loadgroup",
        "--durations=20",
        *session.posargs,
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Проверка стиля кода: ruff для Python, ESLint для JavaScript (из node_modules: ``npm ci``)."""
    session.install("-c", "constraints.txt", "ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    eslint = Path("node_modules/.bin/eslint")
    if not eslint.exists():
        session.error("Нет ESLint для проверки JavaScript: сначала выполните `npm ci`.")
    session.run(str(eslint), ".", external=True)


@nox.session(venv_backend="none", default=False)
def bench(session: nox.Session) -> None:
    """Замеры: свёртка lessonlib против torch; пересборка без изменений; вес страниц site/,
    Lighthouse и прямой проход SqueezeNet в Chromium (после build)."""
    env = _shared_env(session)
    _run(session, env, "python", "benchmarks/bench_conv.py", *session.posargs)
    _run(session, env, "python", "benchmarks/bench_build.py")
    _run(session, env, "python", "benchmarks/bench_realnet.py")
    _run(session, env, "python", "benchmarks/bench_pages.py")
    _run(session, env, "python", "benchmarks/bench_explorer.py")


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
