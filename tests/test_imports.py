"""Кэш галереи: какие скрипты перезапускает правка файла (граф импортов
sitebuild.runner.imports)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sitebuild.runner import gallery, imports

import lessonlib

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = Path(lessonlib.__file__).resolve().parent


def _keys(scripts, library: Path) -> dict[str, str]:
    settings = gallery.Settings()
    return {
        s.name: gallery.script_key(gallery.script_inputs(s, library, settings)) for s in scripts
    }


@pytest.fixture(scope="module")
def scripts():
    found = gallery.discover(ROOT / "gallery", ROOT / "docs")
    assert found
    return found


# Независимая проверка: какие модули lessonlib на самом деле оказываются в sys.modules,
# когда выполняются импорты скрипта (каждый скрипт — в своём дочернем процессе fork,
# тяжёлые сторонние пакеты загружены заранее).
_RUNTIME = textwrap.dedent(
    """
    import ast, json, os, sys
    import matplotlib, numpy, torch  # noqa: F401
    result = {}
    for path in sys.argv[1:]:
        tree = ast.parse(open(path, encoding="utf-8").read())
        nodes = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
        read, write = os.pipe()
        if os.fork() == 0:
            os.close(read)
            import lessonlib  # ячейка настройки блокнота
            for node in nodes:
                exec(compile(ast.Module([node], []), path, "exec"), {})
            names = sorted(m for m in sys.modules if m.split(".")[0] == "lessonlib")
            os.write(write, json.dumps(names).encode())
            os._exit(0)
        os.close(write)
        chunks = []
        while chunk := os.read(read, 65536):
            chunks.append(chunk)
        os.wait()
        result[path] = json.loads(b"".join(chunks))
    print(json.dumps(result))
    """
)


@pytest.mark.slow
def test_static_graph_covers_every_module_really_loaded(scripts):
    out = subprocess.run(
        [sys.executable, "-c", _RUNTIME, *(str(s.source) for s in scripts)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    loaded = json.loads(out)
    for script in scripts:
        static = {
            p.relative_to(LIBRARY).as_posix()
            for p in imports.dependencies(script.source, LIBRARY, extra=["lessonlib"])
        }
        runtime = set()
        for name in loaded[str(script.source)]:
            path = imports.module_file(LIBRARY, name)
            assert path is not None, name
            runtime.add(path.relative_to(LIBRARY).as_posix())
        assert runtime, script.name
        assert runtime <= static, f"{script.name}: граф не видит {sorted(runtime - static)}"


def test_touching_a_module_reruns_exactly_the_scripts_that_import_it(scripts, tmp_path):
    library = tmp_path / "lessonlib"
    shutil.copytree(LIBRARY, library, ignore=shutil.ignore_patterns("__pycache__"))
    before = _keys(scripts, library)
    for module in ("conv.py", "train.py", "receptive_field.py"):
        importers = {
            s.name
            for s in scripts
            if library / module in imports.dependencies(s.source, library, ["lessonlib"])
        }
        with (library / module).open("a", encoding="utf-8") as f:
            f.write("\n# правка\n")
        after = _keys(scripts, library)
        changed = {name for name in before if before[name] != after[name]}
        assert changed == importers, module
        assert 0 < len(changed), module
        before = after
    # train загружают только страницы с обученными сетями, не все.
    train_users = {
        s.name for s in scripts if library / "train.py" in imports.dependencies(s.source, library)
    }
    assert 0 < len(train_users) < len(scripts)


def test_touching_lesson_text_or_an_unrelated_file_reruns_nothing(tmp_path):
    """Копия проекта: правка текстов урока (YAML, values.py, Markdown) и нового модуля,
    который никто не импортирует, не меняет ключ ни одного скрипта."""
    for part in ("gallery", "lessonlib", "lessons"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", tmp_path / "docs", ignore=shutil.ignore_patterns("lesson*"))
    scripts = gallery.discover(tmp_path / "gallery", tmp_path / "docs")
    library = tmp_path / "lessonlib"
    before = _keys(scripts, library)
    texts = [*(tmp_path / "lessons").rglob("*.yaml"), *(tmp_path / "lessons").rglob("*.py")]
    texts += list((tmp_path / "docs").glob("*.md"))
    assert any(p.name == "glossary.yaml" for p in texts)
    for path in texts:
        with path.open("a", encoding="utf-8") as f:
            f.write("\n# правка\n")
    (library / "unused_helper.py").write_text("VALUE = 1\n", encoding="utf-8")
    assert _keys(scripts, library) == before


def test_relative_and_package_reexport_imports(tmp_path):
    package = tmp_path / "toy"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("from toy.api import run\n")
    (package / "api.py").write_text("from .sub import helper\n")
    (package / "sub" / "__init__.py").write_text("from . import deep\n")
    (package / "sub" / "helper.py").write_text("from ..util import x\n")
    (package / "sub" / "deep.py").write_text("def f():\n    import toy.lazy\n")
    (package / "util.py").write_text("x = 1\n")
    (package / "lazy.py").write_text("")
    (package / "unused.py").write_text("")
    script = tmp_path / "plot_01.py"
    script.write_text("from toy import run\nimport numpy\n")
    names = {p.relative_to(package).as_posix() for p in imports.dependencies(script, package)}
    assert names == {
        "__init__.py",
        "api.py",
        "sub/__init__.py",
        "sub/helper.py",
        "sub/deep.py",
        "util.py",
        "lazy.py",
    }


def test_declared_data_file_is_an_input(tmp_path):
    lesson = tmp_path / "gallery" / "lessonX"
    lesson.mkdir(parents=True)
    (lesson / "table.csv").write_text("a,b\n1,2\n")
    source = lesson / "plot_01_data.py"
    source.write_text('"""\nT\n=\n"""\n\n#| data: table.csv\nx = 1\n')
    script = gallery.Script(source, tmp_path / "docs" / "lessonX")
    first = gallery.script_inputs(script, LIBRARY, gallery.Settings())
    (lesson / "table.csv").write_text("a,b\n1,3\n")
    assert gallery.script_inputs(script, LIBRARY, gallery.Settings()) != first
    (lesson / "table.csv").unlink()
    with pytest.raises(gallery.GalleryError, match=r"table\.csv"):
        gallery.script_inputs(script, LIBRARY, gallery.Settings())
