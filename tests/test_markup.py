"""Разметка каждой страницы собранного сайта — без ошибок Nu Html Checker.

Nu Html Checker (vnu.jar, npm-пакет ``vnu-jar``, точная версия — в package.json) ставится
командой ``npm ci`` в node_modules/ и запускается Java (Debian ``default-jre-headless``).
Прощаются только ошибки самой темы из tests/nu-allowlist.toml, у каждой — причина.
Без Java или vnu.jar тест пропускается с подсказкой; в CI (CI=true) он обязателен.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT, _missing

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ALLOWLIST = Path(__file__).with_name("nu-allowlist.toml")


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        _missing(
            "Нет Java или Nu Html Checker: проверка разметки пропущена. Включить: "
            "`sudo apt-get install -y default-jre-headless` и `npm ci` в корне проекта."
        )
    return [java, "-jar", str(VNU_JAR)]


def allowed_entries() -> list[dict]:
    entries = tomllib.loads(ALLOWLIST.read_text(encoding="utf-8"))["allow"]
    for entry in entries:
        assert entry.get("reason", "").strip(), f"в {ALLOWLIST.name} нет причины: {entry}"
    return entries


def nu_messages(vnu: list[str], files: list[Path]) -> list[dict]:
    """Ошибки vnu.jar по файлам (у каждой — url, message, extract)."""
    run = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    # Код выхода 1 значит «нашлись ошибки»; сам отчёт — JSON в stderr.
    return json.loads(run.stderr)["messages"]


def test_allowlist_entries_have_reasons():
    assert allowed_entries()


@pytest.mark.slow  # Java проверяет все страницы сайта
def test_every_page_is_valid_html(site_dir, vnu):
    pages = sorted(site_dir.rglob("*.html"))
    allow = allowed_entries()
    used = [0] * len(allow)
    problems = []
    for message in nu_messages(vnu, pages):
        index = next(
            (
                i
                for i, entry in enumerate(allow)
                if message.get("message") == entry["message"]
                and entry["extract"] in message.get("extract", "")
            ),
            None,
        )
        if index is not None:
            used[index] += 1
            continue
        page = message.get("url", "").split(f"{site_dir.name}/", 1)[-1]
        extract = " ".join(message.get("extract", "").split())[:120]
        problems.append(f"{page}:{message.get('lastLine')}: {message['message']} | {extract}")
    stale = [entry["message"] for entry, n in zip(allow, used, strict=True) if n == 0]
    assert not problems, f"{len(problems)} ошибок разметки:\n" + "\n".join(problems[:200])
    assert not stale, f"записи {ALLOWLIST.name} больше ни с чем не совпадают: {stale}"
