"""Сборка уроков: скрипты галереи → выполненные блокноты на страницах сайта.

Запуск: ``python -m sitebuild.gallery [ИМЯ ...] [--force]``.

Каждый скрипт ``gallery/<урок>/plot_*.py`` читается парсером sphinx-gallery, превращается
в блокнот его же конвертером, выполняется nbclient в папке ``docs/<урок>/`` и записывается
туда же как ``plot_*.ipynb`` вместе с копией ``plot_*.py`` для скачивания. Рисунки, которые
скрипт сохранил через :func:`lessonlib.style.save_figure`, попадают в ``docs/<урок>/figures/``.

Кэш: скрипт не выполняется заново, если не изменились ни он сам, ни один исходный файл
``lessonlib``, ни версии зависимостей. Правка любого модуля ``lessonlib`` перезапускает все
скрипты: так проще и надёжнее, чем следить за импортами (рисунки строятся цепочкой вызовов).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import lessonlib

# Версии, от которых зависят числа и рисунки: их смена сбрасывает кэш.
_PINNED = (
    "numpy",
    "torch",
    "matplotlib",
    "mlxtend",
    "scikit-image",
    "scikit-learn",
    "pillow",
    "sphinx-gallery",
    "nbclient",
    "ipykernel",
)

# Выполняется в ядре перед ячейками блокнота и в блокнот не попадает: даёт каждой картинке
# подпись (alt) из заголовка рисунка, чтобы на странице у неё был русский текст.
_KERNEL_SETUP = """
def _lessonlib_setup():
    import matplotlib_inline.backend_inline  # регистрирует вывод рисунков в блокнот
    from IPython import get_ipython
    from matplotlib.figure import Figure

    from lessonlib.style import apply_style, figure_alt

    apply_style()
    formatter = get_ipython().display_formatter.formatters["image/png"]
    render = formatter.lookup_by_type(Figure)
    formatter.for_type(Figure, lambda fig: (render(fig), {"alt": figure_alt(fig)}))

_lessonlib_setup()
del _lessonlib_setup
"""


# Ячейка, которая выводит скрытый ответ «Проверь себя» (lessonlib.quiz.answer), показывает
# на сайте только сам ответ: её код выдал бы ответ раньше, чем читатель раскроет блок.
_ANSWER_CELL = re.compile(r"^answer\(", re.MULTILINE)
HIDE_INPUT_TAG = "remove_input"

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class GalleryError(RuntimeError):
    """Скрипт галереи упал или не найден."""


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
    def notebook(self) -> Path:
        return self.out_dir / f"{self.name}.ipynb"

    @property
    def source_copy(self) -> Path:
        return self.out_dir / f"{self.name}.py"

    @property
    def figures_dir(self) -> Path:
        return self.out_dir / "figures"


def discover(gallery_dir: Path, docs_dir: Path) -> list[Script]:
    """Все скрипты ``plot_*.py`` по урокам (папкам) в порядке имён."""
    return [
        Script(source=path, out_dir=docs_dir / path.parent.name)
        for path in sorted(gallery_dir.glob("*/plot_*.py"))
    ]


def library_digest(root: Path) -> str:
    """Отпечаток исходников ``lessonlib`` и версий зависимостей."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    for package in _PINNED:
        try:
            digest.update(f"{package}=={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}: нет".encode())
    return digest.hexdigest()


def script_key(script: Script, library: str) -> str:
    return hashlib.sha256(script.source.read_bytes() + library.encode()).hexdigest()


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


def execute(script: Script, timeout: int) -> list[str]:
    """Выполняет скрипт как блокнот; возвращает имена сохранённых им рисунков."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    # Вывод sphinx-gallery хранит source списками строк; nbclient ждёт строки.
    nb = nbformat.reads(json.dumps(build_notebook(script.source)), as_version=4)
    script.out_dir.mkdir(parents=True, exist_ok=True)
    before = _snapshot(script.figures_dir)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(script.out_dir)}},
    )
    # Ячейка настройки идёт первой (nbclient ведёт учёт по номерам ячеек) и потом удаляется.
    nb.cells.insert(0, nbformat.v4.new_code_cell(_KERNEL_SETUP))
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as error:
                line = _cell_line(script.source, index - 1)
                where = f"ячейка {index}" + (f", блок со строки {line}" if line else "")
                details = _ANSI.sub("", str(error))
                raise GalleryError(
                    f"скрипт {script.lesson}/{script.source.name} упал ({where}):\n{details}"
                ) from None
    del nb.cells[0]
    _renumber(nb.cells)
    compact_images(nb.cells)
    for cell in nb.cells:
        if cell.cell_type == "code" and _ANSWER_CELL.search(cell.source):
            cell.metadata.setdefault("tags", []).append(HIDE_INPUT_TAG)
    nbformat.write(nb, script.notebook)
    shutil.copyfile(script.source, script.source_copy)
    after = _snapshot(script.figures_dir)
    return sorted(name for name, stamp in after.items() if before.get(name) != stamp)


# Фотографии и карты активации в PNG весят мегабайты; страницы читают со школьного
# интернета и телефонов, поэтому большие картинки вывода перекодируются в JPEG.
_JPEG_FROM_BYTES = 200_000
_JPEG_QUALITY = 88


def compact_images(cells: list) -> None:
    """Заменяет крупные PNG в выводах ячеек на JPEG, если он хотя бы на треть легче."""
    import base64
    import io

    from PIL import Image

    for cell in cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            png = data.get("image/png")
            if png is None:
                continue
            raw = base64.b64decode(png)
            if len(raw) < _JPEG_FROM_BYTES:
                continue
            buffer = io.BytesIO()
            Image.open(io.BytesIO(raw)).convert("RGB").save(
                buffer, "JPEG", quality=_JPEG_QUALITY, optimize=True
            )
            if buffer.tell() > 2 * len(raw) / 3:
                continue
            data["image/jpeg"] = base64.b64encode(buffer.getvalue()).decode("ascii")
            del data["image/png"]
            metadata = output.get("metadata", {})
            if "image/png" in metadata:
                metadata["image/jpeg"] = metadata.pop("image/png")


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


def run(
    scripts: Sequence[Script],
    *,
    library_root: Path,
    cache_dir: Path,
    force: bool = False,
    timeout: int = 600,
    log=print,
) -> list[tuple[str, str, float]]:
    """Выполняет скрипты (или берёт из кэша). Возвращает (имя, статус, секунды)."""
    cache = Cache(cache_dir / "gallery")
    library = library_digest(library_root)
    os.environ.setdefault("LESSONLIB_CACHE_DIR", str(cache_dir / "lessonlib"))
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ["LESSONLIB_PROGRESS"] = "0"  # полосы обучения не попадают на страницы
    report = []
    for script in scripts:
        key = script_key(script, library)
        record = cache.load(script)
        if not force and record and record["key"] == key and _outputs_present(script, record):
            report.append((script.name, "из кэша", 0.0))
            log(f"{script.lesson}/{script.name}: из кэша (выполнение {record['seconds']:.1f} с)")
            continue
        _remove_outputs(script, record)
        cache.forget(script)
        start = time.perf_counter()
        try:
            figures = execute(script, timeout)
        except BaseException:
            _remove_outputs(script, None)
            raise
        seconds = time.perf_counter() - start
        cache.store(script, {"key": key, "figures": figures, "seconds": round(seconds, 2)})
        report.append((script.name, "выполнен", seconds))
        log(f"{script.lesson}/{script.name}: выполнен за {seconds:.1f} с")
    return report


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
        prog="python -m sitebuild.gallery",
        description="Выполняет скрипты галереи и кладёт блокноты и рисунки в docs/.",
    )
    parser.add_argument("names", nargs="*", help="имена скриптов (по умолчанию — все)")
    parser.add_argument("--force", action="store_true", help="выполнить заново, минуя кэш")
    parser.add_argument("--gallery", type=Path, default=Path("gallery"))
    parser.add_argument("--docs", type=Path, default=Path("docs"))
    parser.add_argument("--cache", type=Path, default=Path(".cache"))
    parser.add_argument("--timeout", type=int, default=900, help="секунд на одну ячейку")
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
            force=args.force,
            timeout=args.timeout,
        )
    except GalleryError as error:
        print(f"ОШИБКА: {error}", file=sys.stderr)
        return 1
    done = sum(1 for _, status, _ in report if status == "выполнен")
    print(
        f"Галерея: скриптов — {len(report)}, выполнено — {done}, из кэша — {len(report) - done}, "
        f"{time.perf_counter() - started:.1f} с"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
