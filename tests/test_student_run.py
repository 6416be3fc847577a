"""Ученик скачал урок с сайта — и всё запускается: только файлы собранного сайта.

Берутся колесо из ``site/downloads/`` и скачиваемые блокноты ``site/<урок>/*.ipynb`` — без
выводов, как у sphinx-gallery и d2l. Колесо ставится в новое виртуальное окружение теми же
командами установки без интернета, что показывают страницы (:mod:`sitebuild.lesson.lab_install`):
папка ``wheels``, потом ``pip install --no-index`` (PyTorch 2.13.0 — из локальной папки колёс
этой машины, версии — по constraints.txt), блокноты копируются в пустую
папку вне репозитория и выполняются nbclient по очереди, с пустым кэшем обученных сетей.
Сравнение — с тем, что показывает страница, то есть с выполненным блокнотом
``docs/<урок>/plot_*.ipynb``, из которого она собрана. Проверяется: ни одной ошибки; у
каждой ячейки, которая на странице показывает рисунок, есть рисунок; все числа в выводе
(29, −192, −35, −22, размеры карт, точности) — те же, что на странице.
Время выполнения каждого блокнота пишется в ``artifacts/student_run.json``.
"""

from __future__ import annotations

import html
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from lessonlib.practice import ON_SITE_TIME

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "constraints.txt"
# Время обучения и выполнения зависит от машины: «заняло 7,5 с», «| 0,3 с |»; где сайт
# время не замеряет (чтобы собираться одинаково), вместо секунд — слова ON_SITE_TIME.
_SECONDS = re.compile(rf"\d+(?:,\d+)?\u00a0(?:с|мин)\b|{ON_SITE_TIME}")
# Вывод о времени обучения («быстрее в 1,4 раза») — замер этой машины, как и секунды.
_TIME_VERDICT = re.compile(r"\*\*Время:\*\*[^\n]*")
_PLACES = re.compile(r"data:image/[^)\"\s]+|[^\s(\"]*figures/[^)\"\s]+")
_NUMBER = re.compile(r"[-−]?\d+(?:[,.]\d+)?")
_WIDGET = "application/vnd.jupyter.widget-view+json"

# Выполняется питоном окружения ученика: nbclient, как «Run All» в Jupyter. Блокноты
# лежат в папке только для чтения: выполненные пишутся в папку ``out`` (первый аргумент).
_RUNNER = """
import json, sys, time
import nbformat
from nbclient import NotebookClient

import os
out, results = sys.argv[1], {}
for path in sys.argv[2:]:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": "."}}).execute()
    name = os.path.basename(path)
    results[name] = round(time.perf_counter() - start, 1)
    nbformat.write(nb, os.path.join(out, name))
    print(name, results[name], flush=True)
json.dump(results, open(os.path.join(out, "times.json"), "w"))
"""


def _wheel(site: Path) -> Path:
    wheels = sorted((site / "downloads").glob("lessonlib-*-py3-none-any.whl"))
    assert len(wheels) == 1, f"в site/downloads/ ожидалось одно колесо lessonlib: {wheels}"
    return wheels[0]


def _notebooks(site: Path) -> list[Path]:
    return sorted(site.glob("lesson*/plot_*.ipynb"))


def _executed(site: Path, notebook: Path) -> Path:
    """Выполненный блокнот, из которого собрана страница скачанного ``notebook``."""
    return ROOT / "docs" / notebook.relative_to(site)


def _text(cell: dict) -> str:
    """Текст ячейки без адресов ссылок и сносок к терминам: их скачиваемый блокнот меняет
    (полные адреса сайта или сноски вместо ссылок на глоссарий, слова вместо ссылки на
    другой урок — tests/test_site.py)."""
    source = "".join(cell["source"])
    source = re.sub(r"\n\n(?:>[^\n]*(?:\n|$))+$", "", source.rstrip())  # сноски в конце
    source = re.sub(r" \(блокнот \S+\.ipynb «[^»]*» — в архиве урока [^)]*\)", "", source)
    source = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", source)  # [текст](адрес) → текст
    return re.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹]+", "", source).rstrip()  # метки сносок


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_wheel_holds_only_the_student_library(site_dir: Path) -> None:
    names = zipfile.ZipFile(_wheel(site_dir)).namelist()
    modules = {n for n in names if not n.startswith("lessonlib-")}
    sources = {
        p.relative_to(ROOT).as_posix()
        for pattern in ("*.py", "*.tsv")  # .tsv — русские названия классов ImageNet
        for p in (ROOT / "lessonlib").rglob(pattern)
        if "__pycache__" not in p.parts
    }
    assert modules == sources  # весь пакет ученика и ничего сверх него
    for needed in ("conv", "filters", "data", "models", "train", "style", "figures/__init__"):
        assert f"lessonlib/{needed}.py" in modules
    assert not [n for n in names if n.startswith(("sitebuild", "tooling", "gallery", "tests"))]
    # Тексты урока для сайта (план, задания, глоссарий) читает сборка, а не ученик.
    assert not modules & {f"lessonlib/{m}.py" for m in ("lesson_plan", "exercises", "glossary")}


def test_lesson_archive_has_notebooks_scripts_wheel_and_requirements(site_dir: Path) -> None:
    wheel = _wheel(site_dir)
    for notebook_dir in sorted({p.parent for p in _notebooks(site_dir)}):
        lesson = notebook_dir.name
        archive = zipfile.ZipFile(site_dir / "downloads" / f"{lesson}.zip")
        pages = [*notebook_dir.glob("plot_*.ipynb"), *notebook_dir.glob("plot_*.py")]
        downloaded = {f"{lesson}/{p.name}": p for p in pages}
        downloaded[f"{lesson}/{wheel.name}"] = wheel
        expected = {*downloaded, f"{lesson}/requirements.txt"}
        assert sorted(archive.namelist()) == archive.namelist()
        assert set(archive.namelist()) == expected
        for name, path in downloaded.items():  # в архиве — те же файлы, что скачиваются
            assert archive.read(name) == path.read_bytes(), name
        assert {i.date_time for i in archive.infolist()} == {(2024, 1, 1, 0, 0, 0)}
        requirements = archive.read(f"{lesson}/requirements.txt").decode()
        assert requirements == (site_dir / "downloads" / "requirements.txt").read_text()
        lines = [line for line in requirements.splitlines() if not line.startswith("#")]
        assert "torch>=2.1" in lines and any(line.startswith("jupyter") for line in lines)
        assert not [line for line in lines if "==" in line]  # диапазоны: и Colab, и ноутбук


def test_downloaded_notebook_has_the_cells_of_the_page_but_no_outputs(site_dir: Path) -> None:
    notebooks = _notebooks(site_dir)
    assert notebooks
    for notebook in notebooks:
        downloaded, executed = _cells(notebook), _cells(_executed(site_dir, notebook))
        assert any(c.get("outputs") for c in executed), f"{notebook.name}: страница без выводов"
        assert len(downloaded) == len(executed), notebook.name
        for index, (cell, shown) in enumerate(zip(downloaded, executed, strict=True)):
            where = f"{notebook.name}, ячейка {index}"
            for key in ("cell_type", "id", "metadata"):  # свёрнутые — свёрнуты
                assert cell.get(key) == shown.get(key), f"{where}: {key}"
            assert _text(cell) == _text(shown), f"{where}: source"
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [], f"{where}: вывод в скачиваемом блокноте"
                assert cell["execution_count"] is None, where


def test_downloaded_notebook_is_valid_nbformat_with_stable_cell_ids(site_dir: Path) -> None:
    """Блокнот проходит проверку формата Jupyter (её делают JupyterLab и Colab), и id
    ячеек — их номера: одна и та же страница скачивается теми же байтами."""
    import nbformat

    for notebook in _notebooks(site_dir):
        parsed = nbformat.read(notebook, as_version=4)
        nbformat.validate(parsed)
        assert (parsed.nbformat, parsed.nbformat_minor) >= (4, 5), notebook.name
        assert [c.id for c in parsed.cells] == [f"cell-{i}" for i in range(len(parsed.cells))]


@pytest.fixture(scope="session")
def student_tmp() -> Iterator[Path]:
    """Своя временная папка: общую папку pytest чистят параллельные прогоны."""
    with tempfile.TemporaryDirectory(prefix="lessonlib-student-") as tmp:
        yield Path(tmp)


def _pip(line: str, python: Path | str) -> list[str]:
    """Команда страницы как список аргументов: ``pip`` и ``python3`` — из нужного питона."""
    words = shlex.split(line)
    if words[0] == "pip":
        return [str(python), "-m", "pip", *words[1:]]
    assert words[0] == "python3", line
    return [str(python), *words[1:]]


def _run_step(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, (
        " ".join(command) + "\n" + done.stdout[-3000:] + done.stderr[-3000:]
    )


@pytest.fixture(scope="session")
def student_venv(site_dir: Path, student_tmp: Path) -> Path:
    """Урок, поставленный в классе без интернета — командами страниц (одно окружение на прогон).

    Дома: команды :data:`lab_install.Commands.home` собирают папку ``wheels`` по
    ``requirements.txt`` с сайта; адреса хранилищ в интернете (:data:`lab_install.INDEXES`)
    заменяются теми, что настроены у pip этой машины, версии — по ``constraints.txt`` (числа
    страниц посчитаны с ними). В классе: ``venv`` и ``install`` — слово в слово, а pip не
    видит ни одной настройки и ни одного хранилища, кроме папки ``wheels``.
    """
    from sitebuild.lesson import lab_install

    wheel = _wheel(site_dir)
    commands = lab_install.for_wheel(wheel.name)
    folder = student_tmp / "класс"
    folder.mkdir()
    shutil.copyfile(site_dir / "downloads" / "requirements.txt", folder / "requirements.txt")
    shutil.copyfile(wheel, folder / wheel.name)
    home = {**os.environ, "PIP_CONSTRAINT": str(CONSTRAINTS)}
    for line in commands.home:
        for index in lab_install.INDEXES:
            line = line.replace(f" {index}", "")
        _run_step(_pip(line, sys.executable), folder, home)
    built = sorted(p.name for p in (folder / lab_install.WHEELS).iterdir())
    assert built and all(name.endswith(".whl") for name in built), built  # в классе не собирать

    _run_step(_pip(commands.venv, sys.executable), folder, _clean_env(folder / ".venv"))
    venv = folder / ".venv"
    offline = {k: v for k, v in _clean_env(venv).items() if not k.startswith("PIP_")}
    offline.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    _run_step(_pip(commands.install, venv / "bin" / "python"), folder, offline)
    shutil.rmtree(folder / lab_install.WHEELS)  # ~400 МБ: окружению она больше не нужна
    return venv


def _clean_env(venv: Path) -> dict[str, str]:
    """Окружение ученика: без PYTHONPATH репозитория и настроек сборки сайта."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "LESSONLIB_", "MPL", "VIRTUAL_ENV", "JUPYTER"))
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    return env


def _texts(cell: dict) -> str:
    """Что ячейка вывела текстом (без полос прогресса и потока ошибок)."""
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            if output["name"] == "stdout":
                parts.append(output["text"])
        elif _WIDGET not in output.get("data", {}):
            data = output.get("data", {})
            parts.append(data.get("text/markdown") or data.get("text/plain", ""))
    text = _SECONDS.sub("<время>", "".join("".join(p) for p in parts))
    text = _TIME_VERDICT.sub("<время>", text)
    # Где лежат рисунки (на сайте — figures/…, у ученика — временная папка или картинка
    # внутри ссылки), зависит от машины: числа из адресов не сравниваются.
    return _PLACES.sub("<рисунок>", text)


def _has_image(cell: dict) -> bool:
    return any(
        mime.startswith("image/") for o in cell.get("outputs", []) for mime in o.get("data", {})
    )


def _as_student() -> list[str]:
    """Приставка команды, которая запускает её от имени обычного пользователя: root пишет
    и в папки «только для чтения», а ученик — нет."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("тест запускается от root, а setpriv нет: папку только для чтения не создать")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def _school_computer(root: Path, venv: Path) -> tuple[dict[str, str], Path]:
    """Окружение ученика на школьном компьютере: домашняя папка закрыта для записи,
    LESSONLIB_CACHE_DIR не задана, временная папка своя (её находит tempfile)."""
    for folder in (root, root / "дом", root / "tmp", root / "runtime"):
        folder.mkdir(exist_ok=True)
        folder.chmod(0o777)
    (root / "дом").chmod(0o555)
    root.parent.chmod(0o755)  # TemporaryDirectory создаёт папку только для владельца
    env = _clean_env(venv)
    env.update(
        HOME=str(root / "дом"),
        TMPDIR=str(root / "tmp"),
        # Свои папки Jupyter и matplotlib: их запись в домашнюю папку — забота самих
        # программ, а не урока.
        JUPYTER_RUNTIME_DIR=str(root / "runtime"),
        IPYTHONDIR=str(root / "runtime" / "ipython"),
        MPLCONFIGDIR=str(root / "runtime" / "mpl"),
    )
    return env, root / "tmp"


def _read_only_copy(files: list[Path], folder: Path) -> None:
    folder.mkdir()
    for path in files:
        shutil.copyfile(path, folder / path.name)
        (folder / path.name).chmod(0o444)
    folder.chmod(0o555)


@pytest.mark.slow
def test_offline_install_gives_the_lesson_and_jupyter(student_venv: Path) -> None:
    """После установки из папки ``wheels`` есть всё, что называет страница: пакет урока,
    PyTorch для процессора и ``jupyter lab``; зависимости pip согласованы."""
    from sitebuild.lesson import lab_install

    env, bin_dir = _clean_env(student_venv), student_venv / "bin"
    start = shlex.split(lab_install.for_wheel("x.whl").start)
    for command in (
        [str(bin_dir / "python"), "-m", "pip", "check"],
        [str(bin_dir / start[0]), *start[1:], "--version"],
        [
            str(bin_dir / "python"),
            "-c",
            "import lessonlib.practice, torch; print(torch.__version__)",
        ],
    ):
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, " ".join(command) + "\n" + done.stdout + done.stderr
    assert "+cpu" in done.stdout, done.stdout  # PyTorch для процессора, не для видеокарты


@pytest.mark.slow
def test_downloaded_notebooks_run_in_a_fresh_environment(
    site_dir: Path, student_venv: Path, student_tmp: Path, artifacts_dir: Path
) -> None:
    """Все блокноты — из папки урока, где нельзя создать ``figures``, и с домашней папкой,
    где нельзя создать ``.cache``, как на школьном сервере: рисунки и обученные сети уходят
    во временную папку, об этом сказано по-русски, а числа и рисунки — те же, что на
    странице (сети обучаются заново)."""
    notebooks = _notebooks(site_dir)
    assert notebooks, "на сайте нет блокнотов уроков"
    student, tmp = _school_computer(student_tmp / "школа", student_venv)
    work, out = student_tmp / "урок", student_tmp / "школа" / "выполнено"
    # Ядро Jupyter от имени другого пользователя не запускается (pyenv в /root), поэтому
    # здесь папки, куда писать нельзя никому, даже root: на их месте — файлы.
    (student_tmp / "школа" / "дом").chmod(0o755)
    (student_tmp / "школа" / "дом" / ".cache").write_text("не папка", encoding="utf-8")
    _read_only_copy(notebooks, work)
    work.chmod(0o755)
    (work / "figures").write_text("не папка", encoding="utf-8")
    out.mkdir()
    out.chmod(0o777)
    (out / "run.py").write_text(_RUNNER, encoding="utf-8")
    python = str(student_venv / "bin" / "python")

    where = subprocess.run(
        [python, "-c", "import lessonlib; print(lessonlib.__file__)"],
        cwd=work,
        env=student,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(student_venv), where
    assert not Path(where).is_relative_to(ROOT), where

    names = [str(work / n.name) for n in notebooks]
    run = subprocess.run(
        [python, str(out / "run.py"), str(out), *names],
        cwd=work,
        env=student,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-6000:]
    times = json.loads((out / "times.json").read_text(encoding="utf-8"))
    (artifacts_dir / "student_run.json").write_text(
        json.dumps(times, ensure_ascii=False, indent=1), encoding="utf-8"
    )

    problems = [
        problem
        for notebook in notebooks
        for problem in _compare(_executed(site_dir, notebook), out / notebook.name)
    ]
    assert not problems, "\n".join(problems)
    listed = sorted(p.name for p in work.iterdir())
    assert listed == sorted([*(n.name for n in notebooks), "figures"])
    spare = next(tmp.glob("lessonlib-*"))
    assert list((spare / "experiments").glob("*.pkl")), "обученные сети не сохранились"
    assert list((spare / "figures").glob("*.png")), "рисунки не сохранились"
    notes = "".join(
        "".join(o.get("text", ""))
        for n in notebooks
        for c in _cells(out / n.name)
        for o in c.get("outputs", [])
        if o.get("name") == "stderr"
    )
    assert f"В папку {work / 'figures'} нельзя записывать" in notes
    assert "LESSONLIB_OUTPUT_DIR" in notes and "LESSONLIB_CACHE_DIR" in notes


@pytest.mark.slow
def test_downloaded_script_runs_read_only_with_a_changed_knob(
    site_dir: Path, student_venv: Path, student_tmp: Path
) -> None:
    """Скрипт ``.py`` страницы 1 из папки только для чтения, с изменённым фильтром: без
    окна он печатает пути рисунков (каждый рисунок — один файл), числа карты — от нового
    фильтра (сверка со scipy), текст — без разметки Markdown и TeX."""
    from scipy.signal import correlate2d

    from lessonlib.lessons.lesson01 import IMAGE, KERNEL

    script = site_dir / "lesson01" / "plot_01_convolution.py"
    student, tmp = _school_computer(student_tmp / "школа-скрипт", student_venv)
    work = student_tmp / "скрипт"
    _read_only_copy([], work)
    work.chmod(0o755)
    source = script.read_text(encoding="utf-8")
    knob = "conv2d(IMAGE, KERNEL)"
    assert knob in source, "на странице 1 нет ячейки conv2d(IMAGE, KERNEL)"
    at = source.index(knob)
    at = source.rfind("\n", 0, at) + 1  # начало строки
    (work / script.name).write_text(source[:at] + "KERNEL = 2 * KERNEL\n" + source[at:], "utf-8")
    work.chmod(0o555)
    student["MPLBACKEND"] = "Agg"
    done = subprocess.run(
        [*_as_student(), str(student_venv / "bin" / "python"), script.name],
        cwd=work,
        env=student,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    expected = correlate2d(IMAGE, 2 * KERNEL, mode="valid").astype(int)
    assert str(expected) in done.stdout, done.stdout[:2000]
    saved = re.findall(r"^Рисунок сохранён: (\S+)", done.stdout, flags=re.M)
    assert saved and len(saved) == len(set(saved)), saved
    spare = next(tmp.glob("lessonlib-*"))
    files = sorted(p for p in spare.rglob("*.png") if ".still-" not in p.name)
    assert sorted(map(str, files)) == sorted(saved), "рисунок сохранён дважды или не сохранён"
    for raw in ("**", "$", "\\", "Claim(", "Markdown(", "<details"):
        assert raw not in done.stdout, f"в выводе скрипта разметка {raw!r}"
    assert "нельзя записывать" in done.stderr and "Traceback" not in done.stderr


def _compare(executed: Path, rerun: Path) -> list[str]:
    """Чем выполненный заново блокнот отличается от показанного на странице."""
    page_cells, rerun_cells = _cells(executed), _cells(rerun)
    if len(rerun_cells) != len(page_cells):
        return [f"{rerun.name}: ячеек {len(rerun_cells)}, на странице {len(page_cells)}"]
    problems = []
    for index, (page, again_cell) in enumerate(zip(page_cells, rerun_cells, strict=True)):
        where = f"{rerun.name}, ячейка {index}"
        if _has_image(page) and not _has_image(again_cell):
            problems.append(f"{where}: на странице рисунок, при запуске — нет")
        shown, again = _texts(page), _texts(again_cell)
        if _NUMBER.findall(again) != _NUMBER.findall(shown):
            problems.append(
                f"{where}: числа {_NUMBER.findall(again)}, на странице {_NUMBER.findall(shown)}"
            )
        elif again != shown:
            problems.append(f"{where}: текст {again[:200]!r}, на странице {shown[:200]!r}")
    return problems


def test_colab_link_only_for_a_github_repository() -> None:
    from sitebuild.lesson.run_page import colab_url

    path = "lesson01/plot_01_convolution.ipynb"
    assert colab_url(None, "gh-pages", path) is None
    assert colab_url("https://gitlab.com/school/cnn", "gh-pages", path) is None
    assert colab_url("https://github.com/school/cnn.git", "gh-pages", path) == (
        "https://colab.research.google.com/github/school/cnn/blob/gh-pages/" + path
    )


def _render_run_page(config: dict, colab: list[dict[str, str]]) -> str:
    """docs/run.md, отрисованная так же, как её рисует mkdocs-macros (Jinja2)."""
    import jinja2

    text = (ROOT / "docs" / "run.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    info = {
        "wheel": {"name": "lessonlib-0.1.0-py3-none-any.whl", "url": "w.whl", "size": "1 КБ"},
        "requirements": {"url": "r.txt"},
        "archives": [
            {
                "name": "lesson01.zip",
                "folder": "lesson01",
                "label": "Урок 1",
                "url": "l.zip",
                "size": "1 КБ",
            }
        ],
    }
    template = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(text)
    from sitebuild.lesson import lab_install

    commands = lab_install.for_wheel(info["wheel"]["name"])
    return template.render(
        config=config,
        downloads=lambda: info,
        colab=lambda: colab,
        install_commands=lambda: commands,
    )


def test_run_page_shows_colab_buttons_only_with_repo_url() -> None:
    from mkdocs.structure.files import File, Files
    from sitebuild.lesson.run_page import colab_links

    class Config(dict):
        site_dir = "site"

    notebook = "lesson01/plot_01_convolution.ipynb"
    files = Files([File(notebook, "docs", "site", use_directory_urls=False)])
    plain = Config(site_url=None, repo_url=None, remote_branch="gh-pages")
    github = Config(site_url="https://school.example/cnn/", repo_url="https://github.com/s/cnn")
    assert colab_links(plain, files) == []
    (link,) = colab_links(github, files)
    assert link["url"].endswith(f"/s/cnn/blob/gh-pages/{notebook}")

    without = _render_run_page(plain, colab_links(plain, files))
    assert "colab.research.google.com/github" not in without
    assert "Загрузить в сессионное хранилище" in without  # без site_url колесо грузят сами
    with_repo = _render_run_page(github, colab_links(github, files))
    assert link["url"] in with_repo
    assert "Загрузить в сессионное хранилище" not in with_repo  # ставится с сайта


def test_built_run_page_links_the_real_downloads(site_dir: Path) -> None:
    page = (site_dir / "run.html").read_text(encoding="utf-8")
    for target in sorted((site_dir / "downloads").iterdir()):
        assert f'href="downloads/{target.name}"' in page
    assert "colab.research.google.com/github" not in page  # repo_url в mkdocs.yml не задан


def _code_lines(page: Path) -> set[str]:
    """Строки всех блоков кода страницы, как их видит читатель (без подсветки)."""
    raw = page.read_text(encoding="utf-8")
    blocks = re.findall(r"<code[^>]*>(.*?)</code>", raw, flags=re.S)
    text = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", b)) for b in blocks)
    return {line.strip() for line in text.splitlines()}


def test_pages_show_exactly_the_install_commands_this_test_runs(site_dir: Path) -> None:
    """«Как запустить у себя» и страницы педагога, где есть установка, показывают команды
    ``student_venv`` слово в слово — с настоящим именем колеса с сайта."""
    from sitebuild.lesson import course, lab_install

    commands = lab_install.for_wheel(_wheel(site_dir).name)
    lines = [*commands.home, commands.venv, commands.install, commands.start]
    pages = [site_dir / "run.html"] + [
        site_dir / Path(page.page).with_suffix(".html")
        for lesson in course.lessons()
        for page in lesson.teacher_pages()
        if "install_commands()" in page.source.read_text(encoding="utf-8")
    ]
    assert len(pages) >= 2, "ни одна страница педагога не показывает установку"
    for page in pages:
        shown = _code_lines(page)
        for line in lines:
            assert line in shown, f"{page.name}: нет команды {line!r}"
        assert any("--no-index" in line for line in shown)
