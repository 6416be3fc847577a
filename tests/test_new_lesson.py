"""Второй урок — это папки, а не правка кода.

Пробный урок ``tests/data/lesson_fixture/`` (скрипт страницы, карта, задания, термин
глоссария, своя страница педагога, раздел на странице «Тренажёры» и пакет фактов)
копируется во временную копию проекта; она собирается ``mkdocs build --strict`` тем же кодом
и тем же ``mkdocs.yml``. У урока появляются свои страницы, карта, слайды, задания и PDF, он
есть на главной, в глоссарии и на странице «Тренажёры»; рабочего листа у него нет — и нет ни
страниц листа, ни ссылок на них, ни его PDF. После удаления его папок сборка не оставляет от
него ни следа.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild.printing import pdfs

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "data" / "lesson_fixture"
LESSON = "lesson09"
# Папки, в которых живёт урок; в копии проекта это настоящие папки со ссылками внутри.
LESSON_HOMES = ("gallery", "lessons", "lessonlib/lessons", "docs")
# Кэши, которые копия берёт у проекта (без них — долгая перерисовка и сборка колеса).
CACHES = ("mkdocs-jupyter", "slides", "lessontext", "figures", "mathfont", "downloads")


def _linked_copy(source: Path, target: Path, skip: set[str]) -> None:
    """Папка ``target`` со ссылками на содержимое ``source`` (кроме ``skip``)."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.name not in skip:
            (target / entry.name).symlink_to(entry)


def _project(tmp: Path) -> None:
    """Копия проекта: папки уроков — настоящие (в них ляжет пробный урок), остальное —
    ссылки на файлы проекта; сайт, кэши и git — свои."""
    tops = {home.split("/")[0] for home in LESSON_HOMES}
    _linked_copy(ROOT, tmp, tops | {"site", ".cache", ".git"})
    _linked_copy(ROOT / "lessonlib", tmp / "lessonlib", {"lessons", "__pycache__"})
    for home in LESSON_HOMES:
        _linked_copy(ROOT / home, tmp / home, {"pdf", "__pycache__"})
    for name in CACHES:
        if (ROOT / ".cache" / name).is_dir():
            shutil.copytree(ROOT / ".cache" / name, tmp / ".cache" / name)


def _add_lesson(tmp: Path) -> None:
    for home in ("gallery", "lessons", "lessonlib/lessons"):
        shutil.copytree(FIXTURE / home / LESSON, tmp / home / LESSON)


def _remove_lesson(tmp: Path) -> None:
    for home in LESSON_HOMES:
        shutil.rmtree(tmp / home / LESSON)


def _run(tmp: Path, *args: str) -> str:
    env = {
        **os.environ,
        "SITEBUILD_ROOT": str(tmp),
        "SITEBUILD_PDF": "0",  # PDF пробного урока печатаются отдельно, только его
        "NO_MKDOCS_2_WARNING": "1",
        # Пакет фактов пробного урока — в копии lessonlib; обученные сети — из кэша проекта.
        "PYTHONPATH": os.pathsep.join([str(tmp), str(tmp / "tooling")]),
        "LESSONLIB_CACHE_DIR": str(ROOT / ".cache" / "lessonlib"),
    }
    done = subprocess.run(
        [sys.executable, "-m", *args], cwd=tmp, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done.stdout


def _site_text(site: Path) -> str:
    texts = (
        p for p in site.rglob("*") if p.suffix in {".html", ".json", ".xml", ".js"} and p.is_file()
    )
    return "\n".join(p.read_text(encoding="utf-8") for p in texts)


@pytest.mark.slow
def test_a_lesson_is_its_folders(tmp_path):
    if not (ROOT / "docs" / "lesson01" / "plot_01_convolution.ipynb").exists():
        pytest.skip("галерея урока 1 не собрана: nox -s build")
    _project(tmp_path)
    _add_lesson(tmp_path)
    assert "lesson09/plot_01_probe: выполнен" in _run(
        tmp_path, "sitebuild.runner.gallery", "plot_01_probe"
    )
    _run(tmp_path, "mkdocs", "build", "--strict", "-q")

    site = tmp_path / "site"
    page = (site / LESSON / "plot_01_probe.html").read_text(encoding="utf-8")
    assert "Пробный урок" in page and 'alt="Шахматная доска 2×2"' in page
    # Свои материалы урока, названные уроком.
    label = "Урок 9. Пробный урок"
    plan = (site / LESSON / "teacher" / "plan.html").read_text(encoding="utf-8")
    assert label in plan and "Изучение нового материала" in plan
    deck = (site / LESSON / "teacher" / "deck" / "index.html").read_text(encoding="utf-8")
    assert "Пробный урок" in deck and "Доска" in deck
    # Рабочего листа у пробного урока нет (нет lessons/<урок>/worksheet.py): ни страниц
    # листа, ни ссылок на них, ни пункта меню о нём; у урока 1 лист есть.
    assert not list((site / LESSON / "teacher").glob("worksheet*"))
    kit = (site / LESSON / "teacher" / "slides.html").read_text(encoding="utf-8")
    assert "Слайды:" in kit and "worksheet" not in kit and "Рабочий лист" not in kit
    assert "Урок 9: слайды" in plan and "Урок 9: слайды и рабочий лист" not in plan
    assert (site / "lesson01" / "teacher" / "worksheet.html").is_file()
    # Своя страница педагога урока (lessons/<урок>/teacher/*.md): в меню и на карте.
    memo = (site / LESSON / "teacher" / "board.html").read_text(encoding="utf-8")
    assert f"«{label}»" in memo and 'href="../plot_01_probe.html"' in memo
    assert 'href="board.html"' in plan
    exercises = (site / LESSON / "exercises.html").read_text(encoding="utf-8")
    assert "Сколько клеток на пробной доске?" in exercises
    # На главной — заголовок скрипта и урок; в глоссарии — его термин; в меню — его страница.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert label in home and 'href="lesson09/plot_01_probe.html"' in home
    assert (
        "Урок 9: Пробная памятка педагога" in home and 'href="lesson09/teacher/board.html"' in home
    )
    glossary = (site / "glossary.html").read_text(encoding="utf-8")
    assert "Пробная доска" in glossary and "Свёртка" in glossary
    # Раздел урока на странице «Тренажёры» (lessons/<урок>/trainers.md): под названием урока,
    # после разделов уроков с меньшими номерами; его макросы говорят о его уроке.
    trainers = (site / "widgets.html").read_text(encoding="utf-8")
    sections = re.findall(r'<h2 id="[^"]*">([^<]+)<a class="headerlink"', trainers)
    assert sections[0].startswith("Урок 1. ") and sections[-1] == label
    assert "<h3 " in trainers.split(f">{label}<a", 1)[1].split("Пробная доска", 1)[0]
    assert f"раздел «{label}»" in trainers and 'href="lesson09/plot_01_probe.html"' in trainers
    assert "lesson09/plot_01_probe.html" in pdfs.lesson_pages(site)
    assert "lesson01/plot_01_convolution.html" in pdfs.lesson_pages(site)
    assert "lesson09/plot_01_probe.html" not in pdfs.lesson_pages(site, "lesson01")

    if pdfs.can_print():  # PDF урока с его названием в колонтитуле — только пробного урока
        _run(tmp_path, "sitebuild.printing.pdfs", "--site", "site", "--lesson", LESSON)
        for doc in pdfs.DOCUMENTS:
            pdf = site / "pdf" / f"{LESSON}-{doc.name}.pdf"
            if doc.worksheet:
                assert not pdf.exists(), doc.name
            else:
                assert pdf.stat().st_size > 1000, doc.name

    _remove_lesson(tmp_path)
    _run(tmp_path, "mkdocs", "build", "--strict", "-q")
    assert not (site / LESSON).exists()
    text = _site_text(site)
    assert LESSON not in text and "Пробн" not in text


def _lesson_imports(path: Path) -> list[str]:
    """Модули уроков (``lessonlib.lessons.<урок>``), которые файл импортирует по имени."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("lessonlib.lessons.")]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "lessonlib.lessons":
                found += [f"{node.module}.{a.name}" for a in node.names]
            elif node.module.startswith("lessonlib.lessons."):
                found.append(node.module)
    return found


def test_every_build_looks_at_the_lesson_folders_again(tmp_path):
    """``mkdocs serve`` пересобирает сайт в том же процессе: новая папка урока видна сразу."""
    from sitebuild.lesson import course

    def add(name: str, topic: str) -> None:
        (tmp_path / name).mkdir()
        (tmp_path / name / "plan.yaml").write_text(f"topic: {topic}\n", encoding="utf-8")

    add("lesson01", "Первый")
    assert [x.title for x in course._lessons(tmp_path)] == ["Первый"]
    add("lesson02", "Второй")
    course.on_config({"nav": []})
    assert [x.title for x in course._lessons(tmp_path)] == ["Первый", "Второй"]


def test_course_code_imports_no_lesson():
    """Общий код — lessonlib вне lessonlib/lessons/ и сборка tooling/ — не называет ни одного
    урока: уроки находит сборка по папкам, а свои числа урок держит в своих папках."""
    lessons = ROOT / "lessonlib" / "lessons"
    files = [
        *(p for p in (ROOT / "lessonlib").rglob("*.py") if lessons not in p.parents),
        *(ROOT / "tooling").rglob("*.py"),
    ]
    assert len(files) > 50
    found = {p.relative_to(ROOT).as_posix(): _lesson_imports(p) for p in files}
    assert not {path: names for path, names in found.items() if names}


def test_trainer_section_speaks_of_its_lesson(tmp_path):
    """Раздел «Тренажёров» — под названием урока; макросы с параметром урока говорят о нём;
    заголовок уровня урока в файле раздела — ошибка с именем файла."""
    from sitebuild.lesson import course, macros
    from sitebuild.lesson.lessontext import LessonTextError

    lesson = course.Lesson("lesson07", 7, "Проба")
    path = tmp_path / "lesson07" / "trainers.md"
    path.parent.mkdir()
    path.write_text('### Окно\n\n{{ lesson().label }}: {{ lesson_link("plot_01") }}\n', "utf-8")
    links = {"lesson_link": lambda page, lesson=None: f"{lesson}/{page}.html"}
    section = macros.trainer_section(lesson, path, links, {})
    assert section == "## Урок 7. Проба\n\n### Окно\n\nУрок 7. Проба: lesson07/plot_01.html\n"
    path.write_text("## Своё\n", "utf-8")
    with pytest.raises(LessonTextError, match=r"trainers\.md.*заголовки раздела — «### …»"):
        macros.trainer_section(lesson, path, links, {})
