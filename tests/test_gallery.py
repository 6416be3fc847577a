"""Прогонщик галереи: выполнение, метки ячеек, кэш по графу импортов, падение скрипта."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image
from sitebuild.runner import gallery

import lessonlib
from lessonlib.folders import read_notes

ROOT = Path(__file__).resolve().parent.parent

GOOD = '''
"""
Проба
=====

Текст страницы с формулой $m = i - f + 1$.
"""

# %%
# Рисунок
# -------

import numpy as np
from matplotlib.figure import Figure

from lessonlib.style import save_figure

fig = Figure()
fig.add_subplot().imshow(np.eye(3))
fig.suptitle("Единичная матрица")
save_figure(fig, "eye")

# %%
# Проверь себя: сколько единиц на диагонали?

#| answer
from lessonlib.quiz import answer

answer("Три.")
'''

BAD = '''
"""
Сломанный
=========
"""

# %%
# Первая ячейка работает.

x = 1

# %%
# Вторая падает.

raise ValueError("специально")
'''


@pytest.fixture()
def project(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "gallery" / "lessonX").mkdir(parents=True)
    (tmp_path / "gallery" / "lessonX" / "plot_01_good.py").write_text(GOOD, encoding="utf-8")
    # Ключ кэша считается по копии пакета урока: её можно править, не трогая настоящий.
    library = tmp_path / "lessonlib"
    shutil.copytree(Path(lessonlib.__file__).parent, library)
    return {"root": tmp_path, "library": library}


def _run(project: dict[str, Path], **kwargs) -> list[tuple[str, str, float]]:
    root = project["root"]
    scripts = gallery.discover(root / "gallery", root / "docs")
    return gallery.run(
        scripts,
        library_root=project["library"],
        cache_dir=root / ".cache",
        log=lambda _: None,
        **kwargs,
    )


@pytest.mark.slow
def test_executes_then_caches_then_reruns_only_for_imported_modules(project):
    root, library = project["root"], project["library"]
    first = _run(project)
    assert [status for _, status, _ in first] == ["выполнен"]

    out = root / "docs" / "lessonX"
    notebook = json.loads((out / "plot_01_good.ipynb").read_text(encoding="utf-8"))
    assert (out / "figures" / "eye.png").stat().st_size > 0
    images = [
        output
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]
    # Ровно один показ рисунка: в блокноте не картинка, а ссылка на её файл с описанием
    # (русская подпись из заголовка).
    assert len(images) == 1 and images[0]["data"]["image/png"] == ""
    shown = out / images[0]["metadata"]["filenames"]["image/png"]
    assert shown.name == "eye.page.png" and Image.open(shown).format == "PNG"
    assert read_notes(shown)["alt"] == "Единичная матрица"
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    # Первая ячейка — видимая настройка (на сайте её убирает тег), затем код страницы.
    assert notebook["cells"][0] is code[0]
    assert "lessonlib.setup()" in "".join(code[0]["source"])
    assert [c["metadata"].get("tags", []) for c in code] == [["setup"], [], ["answer"]]
    # Ответ свёрнут и в Jupyter; строка метки из ячейки убрана.
    assert code[2]["metadata"]["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
    assert "#|" not in "".join(code[2]["source"])
    assert [c["execution_count"] for c in code] == [None, 1, 2]

    assert [status for _, status, _ in _run(project)] == ["из кэша"]
    # conv скрипт не загружает (ни сам, ни через style и quiz): перезапуска нет.
    (library / "conv.py").write_text("# правка\n", encoding="utf-8")
    (library / "glossary.yml").write_text("термин: текст\n", encoding="utf-8")
    assert [status for _, status, _ in _run(project)] == ["из кэша"]
    # quiz скрипт импортирует: перезапуск.
    with (library / "quiz.py").open("a", encoding="utf-8") as f:
        f.write("# правка\n")
    assert [status for _, status, _ in _run(project)] == ["выполнен"]
    assert [status for _, status, _ in _run(project, force=True)] == ["выполнен"]


@pytest.mark.slow
def test_deleted_output_is_rebuilt(project):
    _run(project)
    (project["root"] / "docs" / "lessonX" / "figures" / "eye.png").unlink()
    assert [status for _, status, _ in _run(project)] == ["выполнен"]


@pytest.mark.slow
def test_failing_script_names_itself_and_leaves_no_stale_page(project, capsys):
    root = project["root"]
    _run(project)
    good = root / "gallery" / "lessonX" / "plot_01_good.py"
    good.write_text(BAD, encoding="utf-8")

    exit_code = gallery.main(
        [
            "--gallery",
            str(root / "gallery"),
            "--docs",
            str(root / "docs"),
            "--cache",
            str(root / ".cache"),
        ]
    )
    assert exit_code == 1
    message = capsys.readouterr().err
    assert "lessonX/plot_01_good.py" in message
    # Заголовок, текст, «x = 1», текст, «raise»: падает пятая ячейка.
    assert "ячейка 5, блок со строки" in message
    assert "ValueError: специально" in message
    out = root / "docs" / "lessonX"
    assert not (out / "plot_01_good.ipynb").exists()
    assert not (out / "figures" / "eye.png").exists()


def test_unknown_script_name_is_an_error(project):
    root = project["root"]
    scripts = gallery.discover(root / "gallery", root / "docs")
    with pytest.raises(gallery.GalleryError, match="plot_99"):
        gallery.select(scripts, ["plot_99_missing"])
    assert gallery.select(scripts, ["plot_01_good.py"]) == scripts


def test_marker_inside_text_is_an_error(tmp_path):
    import nbformat

    cells = [nbformat.v4.new_markdown_cell("Проверь себя\n| answer")]
    with pytest.raises(gallery.GalleryError, match="пустой строкой"):
        gallery.apply_markers(cells, "проба")
    cells = [nbformat.v4.new_code_cell("#| secret\nx = 1")]
    with pytest.raises(gallery.GalleryError, match=re.escape("неизвестная метка «#| secret»")):
        gallery.apply_markers(cells, "проба")


def test_fold_marker_tags_the_cell_and_keeps_it_open():
    import nbformat

    cells = [nbformat.v4.new_code_cell("\n#| fold\nprint(1)\n")]
    gallery.apply_markers(cells, "проба")
    assert cells[0].metadata["tags"] == ["fold"] and "jupyter" not in cells[0].metadata
    assert cells[0].source == "print(1)"


def test_every_answer_call_in_the_lesson_is_marked():
    """Каждая ячейка с ответом «Проверь себя» помечена «#| answer» (и никакая другая)."""
    for script in gallery.discover(ROOT / "gallery", ROOT / "docs"):
        import nbformat

        nb = nbformat.reads(json.dumps(gallery.build_notebook(script.source)), as_version=4)
        gallery.apply_markers(nb.cells, script.name)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            calls_answer = any(line.startswith("answer(") for line in cell.source.splitlines())
            marked = "answer" in cell.metadata.get("tags", [])
            assert calls_answer == marked, f"{script.name}: {cell.source[:60]}"


def test_real_gallery_scripts_parse_into_notebooks():
    """Каждый скрипт урока читается sphinx-gallery и начинается с заголовка страницы."""
    root = Path(__file__).resolve().parent.parent
    scripts = gallery.discover(root / "gallery", root / "docs")
    assert scripts, "в gallery/ нет скриптов"
    for script in scripts:
        notebook = gallery.build_notebook(script.source)
        first = "".join(notebook["cells"][0]["source"]).strip()
        assert first.startswith("# "), f"{script.name}: нет заголовка страницы"
        assert any(c["cell_type"] == "code" for c in notebook["cells"]), script.name


def test_picture_inside_the_notebook_is_an_error():
    """Сайт показывает рисунки файлами: картинка base64 в выводе — ошибка с местом."""
    shown = {"data": {"image/png": "", "text/plain": "<Figure>"}, "metadata": {}}
    gallery.inline_images([{"outputs": [shown]}], "скрипт lessonX/plot_01.py")  # ссылка — можно
    inline = {"data": {"image/jpeg": "/9j/4AAQ"}, "metadata": {}}
    with pytest.raises(gallery.GalleryError, match=r"plot_01\.py, ячейка 1: картинка image/jpeg"):
        gallery.inline_images([{"outputs": []}, {"outputs": [inline]}], "скрипт lessonX/plot_01.py")


@pytest.mark.slow
def test_lessons_run_side_by_side_and_each_script_keeps_its_figures(project):
    """Два урока — одновременно (скрипты одного урока — по порядку): рисунки каждого скрипта
    записаны за ним, отчёт — в порядке скриптов; упавший скрипт называет себя."""
    root = project["root"]
    (root / "gallery" / "lessonY").mkdir()
    (root / "gallery" / "lessonX" / "plot_02_other.py").write_text(
        GOOD.replace('"eye"', '"other"'), encoding="utf-8"
    )
    (root / "gallery" / "lessonY" / "plot_01_good.py").write_text(
        GOOD.replace('"eye"', '"why"'), encoding="utf-8"
    )
    report = _run(project, workers=2)
    assert [(name, status) for name, status, _ in report] == [
        ("plot_01_good", "выполнен"),
        ("plot_02_other", "выполнен"),
        ("plot_01_good", "выполнен"),
    ]
    cache = root / ".cache" / "gallery"
    for record, stem in [
        ("lessonX/plot_01_good", "eye"),
        ("lessonX/plot_02_other", "other"),
        ("lessonY/plot_01_good", "why"),
    ]:
        figures = json.loads((cache / f"{record}.json").read_text(encoding="utf-8"))["figures"]
        assert figures and all(name.split(".")[0] == stem for name in figures), (record, figures)
    (root / "gallery" / "lessonY" / "plot_01_good.py").write_text(BAD, encoding="utf-8")
    with pytest.raises(gallery.GalleryError, match=r"lessonY/plot_01_good\.py"):
        _run(project, workers=2)
    assert not (root / "docs" / "lessonY" / "plot_01_good.ipynb").exists()
