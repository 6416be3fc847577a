"""Сборка уроков: скрипты галереи → выполненные блокноты на страницах сайта.

Запуск: ``python -m sitebuild.runner.gallery [ИМЯ ...] [--force]``.

Каждый скрипт ``gallery/<урок>/plot_*.py`` читается парсером sphinx-gallery, превращается
в блокнот его же конвертером, выполняется nbclient в папке ``docs/<урок>/`` и записывается
туда же как ``plot_*.ipynb`` вместе со скриптом ``plot_*.py`` для скачивания. Рисунки, которые
скрипт сохранил через :func:`lessonlib.style.save_figure`, и те, что показали ячейки, попадают
в ``docs/<урок>/figures/`` файлами с описанием рядом (подпись, замер надписей: ядро работает
с переменной :data:`lessonlib.folders.SITE_ENV`); блокнот ссылается на них, а не хранит их.
Уроки — это папки: новый урок не требует правок здесь. После скриптов урока прогонщик рисует
его рисунки для слайдов (:mod:`sitebuild.runner.slide_figures`).

Первая ячейка блокнота — настройка (:func:`sitebuild.runner.runnable.setup_cell`, тег ``setup``):
сборка выполняет её так же, как ученик у себя, а сайт её не показывает.

Метки ячеек кода — строки ``#| …`` в начале ячейки (после пустой строки под текстом):

- ``#| answer`` — ответ «Проверь себя»: на сайте виден только сам ответ, в скачанном
  блокноте ячейка свёрнута (метаданные ``jupyter.source_hidden``/``outputs_hidden``);
- ``#| fold`` — код, который сайт прячет под «Показать код»; вывод виден, в скачанном
  блокноте ячейка открыта;
- ``#| data: путь`` — файл данных (от папки скрипта), который скрипт читает: его правка
  тоже перезапускает скрипт.

Кэш: скрипт выполняется заново, только если изменились он сам, модули ``lessonlib``,
которые он загружает (по графу импортов, :mod:`sitebuild.runner.imports`), его файлы данных,
ячейка настройки или версии закреплённых зависимостей. Правка текстов урока (YAML,
Markdown) скрипты не перезапускает. После правки самого прогонщика (разметка блокнота,
скрипт для скачивания) выполните ``--force``: его код в ключ кэша не входит.
"""

from __future__ import annotations

import argparse
import copy
import json
import multiprocessing
import os
import re
import sys
import tempfile
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import lessonlib
from lessonlib.folders import SITE_ENV
from sitebuild.runner import fingerprint, runnable, slide_figures
from sitebuild.runner.project import mkdocs_config
from sitebuild.settings import PATHS, use_lessonlib_cache

SETUP_TAG = "setup"
ANSWER_TAG = "answer"
FOLD_TAG = "fold"
_CELL_MARKERS = (ANSWER_TAG, FOLD_TAG)
_MARKER = re.compile(r"^#\| *([a-z]+)(?:: *(.*?))?\s*$")
_DATA = re.compile(r"^#\| *data: *(.+?)\s*$", re.MULTILINE)
# Свёрнутая ячейка в JupyterLab и Colab: ни кода, ни вывода, пока её не раскроют.
# Формат блокнотов страниц: с 4.5 у каждой ячейки есть id (его ждут JupyterLab и Colab).
NOTEBOOK_FORMAT: Final = (4, 5)
_HIDDEN = {"source_hidden": True, "outputs_hidden": True}

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class GalleryError(RuntimeError):
    """Скрипт галереи упал, не найден или размечен неверно."""


@dataclass(frozen=True)
class Script:
    """Скрипт галереи и пути к тому, что из него получается."""

    source: Path
    out_dir: Path

    @property
    def name(self) -> str:
        return self.source.stem

    @property
    def lesson(self) -> str:
        return self.source.parent.name

    @property
    def page(self) -> str:
        """Страница скрипта в site/: ``lesson01/plot_01_convolution.html``."""
        return f"{self.lesson}/{self.name}.html"

    @property
    def notebook(self) -> Path:
        return self.out_dir / f"{self.name}.ipynb"

    @property
    def source_copy(self) -> Path:
        return self.out_dir / f"{self.name}.py"

    @property
    def figures_dir(self) -> Path:
        return self.out_dir / "figures"


@dataclass(frozen=True)
class Settings:
    """Что сборка знает о сайте: адрес (``site_url`` в mkdocs.yml) и версию пакета урока."""

    site_url: str | None = None
    version: str = lessonlib.__version__

    @classmethod
    def from_mkdocs(cls, path: Path) -> Settings:
        if not path.is_file():
            return cls()
        return cls(site_url=mkdocs_config(path).get("site_url") or None)


def discover(gallery_dir: Path, docs_dir: Path) -> list[Script]:
    """Все скрипты ``plot_*.py`` по урокам (папкам) в порядке имён."""
    return [
        Script(source=path, out_dir=docs_dir / path.parent.name)
        for path in sorted(gallery_dir.glob("*/plot_*.py"))
    ]


def script_inputs(script: Script, library_root: Path, settings: Settings) -> dict[str, str]:
    """Всё, от чего зависит страница скрипта: имя входа → отпечаток его содержимого.

    Сам скрипт, модули ``library_root``, которые он (и ячейка настройки) загружает, его
    файлы данных ``#| data:``, текст ячейки настройки и версии зависимостей.
    """
    source = script.source.read_bytes()
    inputs = fingerprint.source_inputs(script.source, [library_root], extra=[library_root.name])
    for name in _DATA.findall(source.decode("utf-8")):
        path = script.source.parent / name
        if not path.is_file():
            raise GalleryError(
                f"{script.lesson}/{script.source.name}: «#| data: {name}» — нет файла {path}"
            )
        inputs[f"данные {name}"] = fingerprint.digest(path.read_bytes())
    setup = runnable.setup_cell(script.page, settings.site_url, settings.version)
    inputs["ячейка настройки"] = fingerprint.digest(setup.encode())
    inputs["формат блокнота"] = ".".join(map(str, NOTEBOOK_FORMAT))
    return inputs


def script_key(inputs: dict[str, str]) -> str:
    return fingerprint.key(inputs)


# Разбор скрипта и перевод в блокнот — функции sphinx-gallery, которых нет в его документации
# (split_code_and_text_blocks, jupyter_notebook, DEFAULT_GALLERY_CONF; версия закреплена в
# tooling/pyproject.toml, разбор сторожит tests/test_gallery.py). Публичные пути не подходят:
# читатель jupytext «py:sphinx» не делит скрипт по «# %%» (у каждой из 23 страниц — 3 ячейки
# вместо 12–31) и добавляет ячейку «%matplotlib inline»; документированная команда
# sphinx_gallery_py2jupyter пишет блокнот рядом со скриптом и не даёт строк блоков, по
# которым прогонщик называет место ошибки (_cell_line).
def build_notebook(source: Path) -> dict:
    """Блокнот из скрипта — парсером и конвертером самого sphinx-gallery."""
    from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF
    from sphinx_gallery.notebook import jupyter_notebook
    from sphinx_gallery.py_source_parser import split_code_and_text_blocks

    conf = copy.deepcopy(DEFAULT_GALLERY_CONF)
    conf["src_dir"] = str(source.parent)
    _, blocks = split_code_and_text_blocks(str(source))
    return jupyter_notebook(blocks, conf, str(source.parent))


def _cell_line(source: Path, index: int) -> int | None:
    """Строка скрипта, с которой начинается ячейка ``index`` (ячейки идут блок в блок)."""
    from sphinx_gallery.py_source_parser import split_code_and_text_blocks

    _, blocks = split_code_and_text_blocks(str(source))
    return blocks[index][2] if index < len(blocks) else None


def _is_marker(line: str) -> bool:
    match = _MARKER.match(line)
    return bool(match) and match.group(1) in (*_CELL_MARKERS, "data")


def apply_markers(cells: list, where: str) -> None:
    """Метки ``#| …`` в начале ячеек кода → теги и метаданные; строки меток убираются."""
    for cell in cells:
        lines = cell.source.splitlines()
        if cell.cell_type == "markdown":
            stray = [ln for ln in lines if _is_marker("#" + ln.strip())]
            if stray:
                raise GalleryError(
                    f"{where}: метка «#{stray[0].strip()}» попала в текст — отделите её "
                    "от текста ячейки пустой строкой"
                )
            continue
        markers = []
        while lines and (not lines[0].strip() or _MARKER.match(lines[0])):
            match = _MARKER.match(lines.pop(0))
            if match:
                markers.append(match.group(1))
        unknown = sorted(set(markers) - {*_CELL_MARKERS, "data"})
        if unknown:
            raise GalleryError(
                f"{where}: неизвестная метка «#| {unknown[0]}»; есть: answer, fold, data"
            )
        cell.source = "\n".join(lines)
        tags = [m for m in markers if m in _CELL_MARKERS]
        if tags:
            cell.metadata.setdefault("tags", []).extend(tags)
        if ANSWER_TAG in tags:
            cell.metadata["jupyter"] = dict(_HIDDEN)
            cell.metadata["collapsed"] = True  # старое имя outputs_hidden (Notebook 6)


def _kernel_config(folder: Path):
    """Ядро Python по локальным сокетам (ipc) в ``folder``: без сетевых портов и без
    предупреждения ipykernel «Kernel is running over TCP without encryption»."""
    from traitlets.config import Config

    config = Config()
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = str(folder / "kernel")
    return config


def execute(script: Script, timeout: int, settings: Settings) -> list[str]:
    """Выполняет скрипт как блокнот; возвращает имена сохранённых им рисунков."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    where = f"скрипт {script.lesson}/{script.source.name}"
    # Вывод sphinx-gallery хранит source списками строк; nbclient ждёт строки.
    nb = nbformat.reads(json.dumps(build_notebook(script.source)), as_version=4)
    apply_markers(nb.cells, where)
    setup = nbformat.v4.new_code_cell(
        runnable.setup_cell(script.page, settings.site_url, settings.version).strip(),
        metadata={"tags": [SETUP_TAG]},
    )
    nb.cells.insert(0, setup)
    script.out_dir.mkdir(parents=True, exist_ok=True)
    before = _snapshot(script.figures_dir)
    with tempfile.TemporaryDirectory(prefix="lessonlib-kernel-") as sockets:
        client = NotebookClient(
            nb,
            config=_kernel_config(Path(sockets)),
            kernel_name="python3",
            timeout=timeout,
            record_timing=False,  # метки времени в блокноте меняли бы его при каждой сборке
            resources={"metadata": {"path": str(script.out_dir)}},
        )
        # Рисунки — файлами с описанием (lessonlib.folders.SITE_ENV), имя по умолчанию — страница.
        with client.setup_kernel(env={**os.environ, SITE_ENV: script.name}):
            for index, cell in enumerate(nb.cells):
                try:
                    client.execute_cell(cell, index)
                except CellExecutionError as error:
                    line = _cell_line(script.source, index - 1)
                    place = f"ячейка {index}" + (f", блок со строки {line}" if line else "")
                    details = _ANSI.sub("", str(error))
                    raise GalleryError(f"{where} упал ({place}):\n{details}") from None
    if setup.outputs:
        raise GalleryError(f"{where}: ячейка настройки что-то вывела: {setup.outputs}")
    setup.execution_count = None
    inline_images(nb.cells, where)
    _renumber(nb.cells)
    _name_cells(nb)
    nbformat.write(nb, script.notebook)
    script.source_copy.write_text(
        runnable.runnable_script(script.source.read_text(encoding="utf-8")), encoding="utf-8"
    )
    after = _snapshot(script.figures_dir)
    return sorted(name for name, stamp in after.items() if before.get(name) != stamp)


def inline_images(cells: list, where: str) -> None:
    """Картинок внутри блокнота быть не должно: рисунки страниц — файлы
    (:data:`lessonlib.folders.SITE_ENV`), вывод ячейки только ссылается на них."""
    for index, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            inline = [m for m, v in output.get("data", {}).items() if m.startswith("image/") and v]
            if inline:
                raise GalleryError(
                    f"{where}, ячейка {index}: картинка {inline[0]} внутри блокнота — сайт "
                    "показывает рисунки файлами; покажите рисунок matplotlib (Figure)"
                )


def _name_cells(nb) -> None:
    """Формат :data:`NOTEBOOK_FORMAT`: у каждой ячейки id — её номер. nbformat дал бы
    случайный id одной ячейке настройки, а остальным никакого: такой блокнот не проходит
    проверку формата, и одна и та же страница давала бы разные байты."""
    nb.nbformat, nb.nbformat_minor = NOTEBOOK_FORMAT
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index}"


def _renumber(cells: list) -> None:
    """Номера In[n] без учёта служебной ячейки: страница начинается с In [1]."""
    count = 0
    for cell in cells:
        if cell.cell_type != "code" or cell.execution_count is None:
            continue
        count += 1
        cell.execution_count = count
        for output in cell.outputs:
            if output.output_type == "execute_result":
                output.execution_count = count


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    if not folder.is_dir():
        return {}
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir()}


class Cache:
    """Записи кэша: ключ, рисунки и время выполнения каждого скрипта."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, script: Script) -> Path:
        return self.folder / script.lesson / f"{script.name}.json"

    def load(self, script: Script) -> dict | None:
        path = self._path(script)
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def store(self, script: Script, record: dict) -> None:
        path = self._path(script)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")

    def forget(self, script: Script) -> None:
        self._path(script).unlink(missing_ok=True)


def _outputs_present(script: Script, record: dict) -> bool:
    files = [script.notebook, script.source_copy] + [
        script.figures_dir / f for f in record["figures"]
    ]
    return all(path.exists() for path in files)


def _remove_outputs(script: Script, record: dict | None) -> None:
    """Убирает всё, что скрипт опубликовал раньше: устаревшее не должно попасть на сайт."""
    for path in (script.notebook, script.source_copy):
        path.unlink(missing_ok=True)
    for name in (record or {}).get("figures", []):
        (script.figures_dir / name).unlink(missing_ok=True)


def _changed(old: dict | None, new: dict[str, str]) -> str:
    """Что изменилось со времени прошлого выполнения — для строки прогресса."""
    if not old or "inputs" not in old:
        return "в кэше нет записи"
    before = old["inputs"]
    names = sorted(k for k in new.keys() | before.keys() if new.get(k) != before.get(k))
    if not names:
        return "нет файлов страницы"
    shown = ", ".join(names[:3]) + (f" и ещё {len(names) - 3}" if len(names) > 3 else "")
    return f"изменилось: {shown}"


def _progress(line: str) -> None:
    print(line, flush=True)  # строка на скрипт видна сразу, и когда вывод идёт в файл


@dataclass(frozen=True)
class _Job:
    """Скрипт, который надо выполнить: номер в списке, ключ кэша и почему заново."""

    number: int
    script: Script
    inputs: dict[str, str]
    key: str
    reason: str


def _timed_execute(script: Script, timeout: int, settings: Settings) -> tuple[list[str], float]:
    """:func:`execute` с замером времени; упавший скрипт не оставляет страницы."""
    start = time.perf_counter()
    try:
        figures = execute(script, timeout, settings)
    except BaseException:
        _remove_outputs(script, None)
        raise
    return figures, time.perf_counter() - start


def _execute_all(
    jobs: Sequence[_Job], workers: int, timeout: int, settings: Settings
) -> Iterator[tuple[_Job, list[str], float]]:
    """Выполняет скрипты и отдаёт их по мере готовности.

    Скрипты разных уроков идут параллельно (до ``workers`` сразу), скрипты одного урока — по
    порядку: они пишут рисунки в одну папку, а новые рисунки скрипта узнаются по ней.
    """
    queues: dict[str, deque[_Job]] = defaultdict(deque)
    for job in jobs:
        queues[job.script.lesson].append(job)
    workers = min(workers, len(queues))
    if workers <= 1:
        for job in jobs:
            yield job, *_timed_execute(job.script, timeout, settings)
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:

        def submit(queue: deque[_Job]) -> tuple[Future, _Job]:
            job = queue.popleft()
            return pool.submit(_timed_execute, job.script, timeout, settings), job

        running = dict(submit(queue) for queue in list(queues.values())[:workers])
        waiting = list(queues.values())[workers:]
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                job = running.pop(future)
                try:
                    figures, seconds = future.result()
                except BaseException:
                    pool.shutdown(cancel_futures=True)
                    raise
                yield job, figures, seconds
                queue = queues[job.script.lesson]
                if not queue and waiting:
                    queue = waiting.pop(0)
                if queue:
                    future, nxt = submit(queue)
                    running[future] = nxt


def run(
    scripts: Sequence[Script],
    *,
    library_root: Path,
    cache_dir: Path,
    settings: Settings = Settings(),
    force: bool = False,
    timeout: int = 600,
    workers: int = 1,
    log: Callable[[str], None] | None = None,
) -> list[tuple[str, str, float]]:
    """Выполняет скрипты (или берёт из кэша), по строке на скрипт. Возвращает (имя, статус, с)
    в порядке ``scripts``. ``workers`` — сколько уроков выполнять одновременно."""
    log = log or _progress
    cache = Cache(cache_dir / "gallery")
    use_lessonlib_cache(cache_dir / "lessonlib")
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ["LESSONLIB_PROGRESS"] = "0"  # полосы обучения не попадают на страницы
    report: dict[int, tuple[str, str, float]] = {}
    jobs = []
    for number, script in enumerate(scripts, 1):
        inputs = script_inputs(script, library_root, settings)
        key = script_key(inputs)
        record = cache.load(script)
        if not force and record and record["key"] == key and _outputs_present(script, record):
            report[number] = (script.name, "из кэша", 0.0)
            log(f"{_prefix(number, scripts)}: из кэша")
            continue
        reason = "--force" if force else _changed(record, inputs)
        _remove_outputs(script, record)
        cache.forget(script)
        jobs.append(_Job(number, script, inputs, key, reason))
    for job, figures, seconds in _execute_all(jobs, workers, timeout, settings):
        cache.store(
            job.script,
            {
                "key": job.key,
                "inputs": job.inputs,
                "figures": figures,
                "seconds": round(seconds, 2),
            },
        )
        report[job.number] = (job.script.name, "выполнен", seconds)
        log(f"{_prefix(job.number, scripts)}: выполнен за {seconds:.1f} с ({job.reason})")
    return [report[number] for number in sorted(report)]


def _prefix(number: int, scripts: Sequence[Script]) -> str:
    script = scripts[number - 1]
    return f"[{number:>2}/{len(scripts)}] {script.lesson}/{script.name}"


def select(scripts: Iterable[Script], names: Sequence[str]) -> list[Script]:
    """Скрипты с указанными именами (``plot_01_convolution`` или ``plot_01_convolution.py``)."""
    scripts = list(scripts)
    if not names:
        return scripts
    wanted = {Path(name).stem for name in names}
    known = {script.name for script in scripts}
    missing = sorted(wanted - known)
    if missing:
        raise GalleryError(
            f"нет таких скриптов галереи: {', '.join(missing)}; есть: {', '.join(sorted(known))}"
        )
    return [script for script in scripts if script.name in wanted]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sitebuild.runner.gallery",
        description="Выполняет скрипты галереи и кладёт блокноты и рисунки в docs/.",
    )
    parser.add_argument("names", nargs="*", help="имена скриптов (по умолчанию — все)")
    parser.add_argument("--force", action="store_true", help="выполнить заново, минуя кэш")
    parser.add_argument("--gallery", type=Path, default=PATHS.gallery)
    parser.add_argument("--docs", type=Path, default=PATHS.docs)
    parser.add_argument("--cache", type=Path, default=PATHS.caches)
    parser.add_argument("--config", type=Path, default=PATHS.config, help="site_url сайта")
    parser.add_argument("--timeout", type=int, default=900, help="секунд на одну ячейку")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="сколько уроков выполнять одновременно (по умолчанию — по числу ядер)",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    try:
        scripts = select(discover(args.gallery, args.docs), args.names)
        if not scripts:
            raise GalleryError(f"в {args.gallery} нет скриптов */plot_*.py")
        report = run(
            scripts,
            library_root=Path(lessonlib.__file__).resolve().parent,
            cache_dir=args.cache.resolve(),
            settings=Settings.from_mkdocs(args.config),
            force=args.force,
            timeout=args.timeout,
            workers=max(1, args.jobs),
        )
        # Рисунки слайдов — после скриптов: обученные ими сети уже в кэше опытов.
        slides = slide_figures.draw_lessons(
            {script.lesson for script in scripts},
            args.cache.resolve() / "slides",
            args.cache.resolve() / "lessonlib",
        )
    except GalleryError as error:
        print(f"ОШИБКА: {error}", file=sys.stderr)
        return 1
    done = sum(1 for _, status, _ in report if status == "выполнен")
    print(
        f"Галерея: скриптов — {len(report)}, выполнено — {done}, из кэша — {len(report) - done}, "
        f"нарисовано рисунков слайдов — {len(slides)}, {time.perf_counter() - started:.1f} с"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
