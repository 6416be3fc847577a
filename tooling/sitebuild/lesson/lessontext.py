"""Текст урока из папки ``lessons/<урок>/`` — один читатель с проверкой для всех файлов.

В папке урока лежат файлы, которые правит педагог:

- ``plan.yaml`` — технологическая карта (этапы, шаги, вопросы, ресурсы);
- ``exercises.yaml`` — задания для самопроверки;
- ``glossary.yaml`` — термины;
- ``values.py`` — числа, которые подставляются в текст: функция ``plan()`` и по
  функции на задание (имя — ключ задания); все считает ``lessonlib``.

Текстовые поля — шаблоны Jinja: ``{{ first }}`` подставляет число из ``values.py``,
фильтры ``integer``, ``shape``, ``decimal``, ``percent``, ``minutes`` пишут числа
по-русски (:mod:`lessonlib.fmt`). Плохой файл отвергается с сообщением по-русски: какой
файл, какая запись и что ожидалось. Страницы галереи эти файлы не читают, поэтому
правка текста не перезапускает ни одного скрипта. Числа ``values.py`` кэшируются в
``.cache/lessontext/`` с тем же ключом, что страницы галереи (:mod:`sitebuild.runner.fingerprint`):
сборка без правок не загружает ни MNIST, ни обученные сети.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import jinja2
import yaml

from lessonlib import fmt
from sitebuild.lesson import mdtext
from sitebuild.runner import fingerprint
from sitebuild.settings import PATHS
from sitebuild.templates import environment

__all__ = [
    "LESSONS_DIR",
    "Field",
    "LessonTextError",
    "Source",
    "lesson_facts",
    "lesson_names",
    "load_file",
    "resolve_lesson",
    "values_module",
]

ROOT = PATHS.root
LESSONS_DIR = PATHS.lessons
GALLERY_DIR = PATHS.gallery


T = TypeVar("T", bound=Any)


class LessonTextError(ValueError):
    """Файл текста урока не прошёл проверку; сообщение называет файл, запись и ожидание."""


def by_key(items: Sequence[T], key: str, what: str) -> T:
    """Запись с ключом ``key`` (задание, термин); ``what`` — «задания», «термина»."""
    for item in items:
        if item.key == key:
            return item
    known = ", ".join(item.key for item in items)
    raise KeyError(f"key: нет {what} {key!r}; есть: {known}")


def lesson_names(root: Path = LESSONS_DIR) -> list[str]:
    """Уроки — папки ``lessons/<урок>/`` с технологической картой, по порядку имён."""
    return sorted(p.parent.name for p in root.glob("*/plan.yaml"))


def lesson_facts(lesson: str | None = None, root: Path = LESSONS_DIR) -> ModuleType:
    """Модуль фактов урока ``lessonlib/lessons/<урок>/``; без имени — единственный урок."""
    name = resolve_lesson(lesson, root)
    module = f"lessonlib.lessons.{name}"
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as err:
        if err.name != module:
            raise
        raise LessonTextError(
            f"lesson: у урока {name!r} нет фактов lessonlib/lessons/{name}/__init__.py"
        ) from None


def resolve_lesson(lesson: str | None, root: Path = LESSONS_DIR) -> str:
    """Урок по имени; без имени — единственный урок, если он один."""
    names = lesson_names(root)
    if lesson is None:
        if len(names) != 1:
            raise LessonTextError(
                f"lesson: уроков {len(names)} ({', '.join(names) or 'нет ни одного'}) — "
                "укажите, какой нужен, например lesson='lesson01'"
            )
        return names[0]
    if lesson not in names:
        raise LessonTextError(
            f"lesson: нет урока {lesson!r} в {root}; есть: {', '.join(names) or 'ни одного'}"
        )
    return lesson


# ---------------------------------------------------------------------------
# Чтение и проверка
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Где находится проверяемое значение: файл и запись в нём — для сообщений об ошибках."""

    path: Path
    where: str = ""

    def at(self, where: str) -> Source:
        """Вложенная запись: ``stages[2]`` → ``stages[2].steps[0]``."""
        return Source(self.path, f"{self.where}.{where}" if self.where else where)

    def error(self, message: str) -> LessonTextError:
        try:
            name = self.path.relative_to(ROOT)
        except ValueError:
            name = self.path
        place = f"{name}: {self.where}" if self.where else str(name)
        return LessonTextError(f"{place}: {message}")


@dataclass(frozen=True)
class Field:
    """Поле записи: имя, что в нём ожидается (:data:`KINDS`) и значение по умолчанию.

    ``default=REQUIRED`` — поле обязательно. ``kind="list"`` с ``item`` — список
    записей с полями ``item``, ``kind="record"`` — одна такая запись.
    """

    name: str
    kind: str
    default: object = None
    item: tuple[Field, ...] = ()

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


REQUIRED = object()


def _text(value: object, src: Source) -> str:
    if not isinstance(value, str) or not value.strip():
        raise src.error(f"ожидался непустой текст, получено {_shown(value)}")
    return value.strip()


def _minutes(value: object, src: Source) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise src.error(f"ожидалось положительное целое число минут, получено {_shown(value)}")
    return value


def _integer(value: object, src: Source) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise src.error(f"ожидалось целое число, получено {_shown(value)}")
    return value


def _number(value: object, src: Source) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise src.error(f"ожидалось положительное число, получено {_shown(value)}")
    return float(value)


def _flag(value: object, src: Source) -> bool:
    if not isinstance(value, bool):
        raise src.error(f"ожидалось true или false, получено {_shown(value)}")
    return value


def _texts(value: object, src: Source) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise src.error(f"ожидался список строк, получено {_shown(value)}")
    return tuple(_text(v, Source(src.path, f"{src.where}[{k}]")) for k, v in enumerate(value))


KINDS: Mapping[str, Callable[[object, Source], object]] = {
    "text": _text,
    "minutes": _minutes,
    "integer": _integer,
    "texts": _texts,
    "number": _number,
    "flag": _flag,
}
"""Что может лежать в поле: непустой текст, минуты, целое, список текстов, положительное
число, да/нет, запись (``record``) и список записей (``list``)."""


def _shown(value: object) -> str:
    """Полученное значение для сообщения: пустое поле YAML — «пусто», а не None."""
    if value is None:
        return "пусто"
    if isinstance(value, dict):
        return "запись с полями " + ", ".join(map(str, value)) if value else "пустая запись"
    return repr(value)


def check_record(value: object, fields: tuple[Field, ...], src: Source) -> dict[str, object]:
    """Запись YAML по описанию полей: обязательные есть, лишних нет, значения нужного вида."""
    if not isinstance(value, dict):
        raise src.error(
            f"ожидалась запись с полями {', '.join(f.name for f in fields)}, "
            f"получено {_shown(value)}"
        )
    known = {f.name for f in fields}
    extra = [k for k in value if k not in known]
    if extra:
        raise src.error(
            f"неизвестное поле {extra[0]!r}; допустимые поля: {', '.join(sorted(known))}"
        )
    result: dict[str, object] = {}
    for f in fields:
        if f.name not in value or value[f.name] is None:
            if f.required:
                raise src.error(f"нет поля {f.name!r} — {_EXPECTED[f.kind]}")
            result[f.name] = f.default
            continue
        inner = src.at(f.name)
        if f.kind == "list":
            items = value[f.name]
            if not isinstance(items, list):
                raise inner.error(f"ожидался список записей, получено {_shown(items)}")
            result[f.name] = tuple(
                check_record(v, f.item, Source(src.path, f"{inner.where}[{k}]"))
                for k, v in enumerate(items)
            )
        elif f.kind == "record":
            result[f.name] = check_record(value[f.name], f.item, inner)
        else:
            result[f.name] = KINDS[f.kind](value[f.name], inner)
    return result


_EXPECTED = {
    "text": "ожидался непустой текст",
    "minutes": "ожидалось положительное целое число минут",
    "integer": "ожидалось целое число",
    "texts": "ожидался список строк",
    "list": "ожидался список записей",
    "number": "ожидалось положительное число",
    "flag": "ожидалось true или false",
    "record": "ожидалась запись",
}


# Разбор на C (libyaml), если PyYAML собран с ним, — тот же безопасный загрузчик, но быстрее.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> object:
    """Содержимое YAML-файла; синтаксическая ошибка — с номером строки."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise Source(path).error(f"файл не прочитать: {err.strerror}") from None
    try:
        return yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f"строка {mark.line + 1}: " if mark else ""
        problem = getattr(err, "problem", None) or "ошибка разметки"
        raise Source(path).error(f"{line}это не YAML ({problem})") from None


def page_exists(lesson: str, page: str, src: Source, gallery: Path = GALLERY_DIR) -> str:
    """Ссылка на страницу урока: должен быть скрипт ``gallery/<урок>/<page>.py``."""
    if not (gallery / lesson / f"{page}.py").is_file():
        known = sorted(p.stem for p in (gallery / lesson).glob("plot_*.py"))
        raise src.error(f"нет страницы урока {page!r}; есть: {', '.join(known) or 'ни одной'}")
    return page


# ---------------------------------------------------------------------------
# Числа из values.py и шаблоны
# ---------------------------------------------------------------------------


VALUES_CACHE = PATHS.cache("lessontext")
"""Кэш чисел ``values.py``: сборка без правок не считает их заново (и не грузит MNIST и сети)."""
_PACKAGES = (ROOT / "lessonlib", Path(__file__).resolve().parents[1])
"""Пакеты, чьи модули ``values.py`` может загрузить: ``lessonlib`` и ``sitebuild``."""


def _stamp(lesson_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Время и размер ``values.py`` и всех модулей :data:`_PACKAGES` — дешёвая проверка правок."""
    paths = [lesson_dir / "values.py", *(p for root in _PACKAGES for p in root.rglob("*.py"))]
    return tuple((str(p), (st := p.stat()).st_mtime_ns, st.st_size) for p in paths)


_keys: dict[tuple[Path, tuple], str] = {}


def values_key(lesson_dir: Path) -> str:
    """Отпечаток ``values.py`` урока, модулей, которые он загружает, и версий библиотек.

    Тот же, что у страниц галереи (:mod:`sitebuild.runner.fingerprint`); пока файлы не менялись,
    граф импортов заново не разбирается.
    """
    stamp = (lesson_dir, _stamp(lesson_dir))
    if stamp not in _keys:
        inputs = fingerprint.source_inputs(lesson_dir / "values.py", _PACKAGES)
        _keys[stamp] = fingerprint.key(inputs)
    return _keys[stamp]


def load_file(path: Path, name: str) -> ModuleType:
    """Модуль из файла Python папки урока (``values.py``, ``worksheet.py``…) под именем ``name``.

    Файл загружается по пути, а не как модуль пакета: папка урока — данные, а не код
    ``sitebuild``, и урок добавляется папкой.
    """
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses файла ищут свой модуль по имени
    spec.loader.exec_module(module)
    return module


@cache
def _load_values(lesson_dir: Path, key: str) -> ModuleType:
    return load_file(lesson_dir / "values.py", f"lessontext_{lesson_dir.name}_values")


def values_module(lesson_dir: Path) -> ModuleType:
    """``lessons/<урок>/values.py`` — функции, которые считают числа для текста.

    Файл загружается по пути (:func:`load_file`). Правка файла (или модуля, который он
    загружает) даёт новый модуль и в долгом процессе (``mkdocs serve``).
    """
    return _load_values(lesson_dir, values_key(lesson_dir))


@cache
def _cached_values(path: Path) -> dict[str, dict[str, object]]:
    """Числа из файла кэша ``path`` (имя функции → её словарь); файла нет — пусто."""
    try:
        with path.open("rb") as file:
            return pickle.load(file)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return {}  # нет файла или он от другой версии кода — числа считаются заново


def computed(lesson_dir: Path, name: str, src: Source) -> dict[str, object]:
    """Числа для записи ``name``: результат ``values.<name>()``; нет файла или функции — пусто.

    Результат берётся из кэша :data:`VALUES_CACHE` (ключ — :func:`values_key`), если
    ``values.py`` и всё, что он загружает, не менялись.
    """
    if not (lesson_dir / "values.py").is_file():
        return {}
    path = VALUES_CACHE / f"{lesson_dir.name}-{values_key(lesson_dir)[:24]}.pkl"
    known = _cached_values(path)
    if name in known:
        return known[name]
    function = getattr(values_module(lesson_dir), name, None)
    if function is None:
        return {}
    # Сети, обученные прогонщиком галереи, — из того же кэша проекта (.cache/lessonlib).
    PATHS.use_lessonlib_cache()
    result = function()
    if not isinstance(result, dict):
        raise src.error(f"values.{name}() должна вернуть словарь чисел, вернула {_shown(result)}")
    known[name] = result
    _store_values(path, known)
    return result


def _store_values(path: Path, values: dict[str, dict[str, object]]) -> None:
    """Записать кэш атомарно (файл — около 10 КБ на версию ``values.py``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as file:
        pickle.dump(values, file)
    os.replace(file.name, path)


_ENV = environment("lesson_text")  # текст — Markdown, а не HTML


def _strict(function: Callable[..., str]) -> Callable[..., str]:
    """Фильтр, который на неизвестном имени падает сам, а не получает ``Undefined``."""

    def wrapped(value: object, *args: object) -> str:
        if isinstance(value, jinja2.Undefined):
            str(value)  # StrictUndefined: UndefinedError с неизвестным именем
        return function(value, *args)

    return wrapped


_ENV.filters.update(
    {
        name: _strict(function)
        for name, function in {
            "integer": fmt.integer,
            "shape": fmt.shape,
            "tex_integer": fmt.tex_integer,
            "decimal": fmt.decimal,
            "percent": fmt.percent,
            "minutes": fmt.minutes,
        }.items()
    }
)
_ENV.globals.update(
    latex_matrix=mdtext.latex_matrix,
    table=mdtext.table,
    products_sum=mdtext.products_sum,
    layer_table=mdtext.layer_table,
)


@cache  # текст урока читают несколько раз за сборку: шаблон каждого поля собирается один раз
def _template(text: str) -> jinja2.Template:
    return _ENV.from_string(text)


def render(text: str, context: Mapping[str, object], src: Source) -> str:
    """Шаблон поля с подставленными числами; неизвестное имя — ошибка с именем записи."""
    if "{" not in text:
        return text  # ни одной подстановки: шаблон не нужен (таких полей — большинство)
    try:
        return _template(text).render(context)
    except jinja2.UndefinedError as err:
        names = ", ".join(sorted(k for k in context if not k.startswith("_"))) or "нет"
        raise src.error(f"в тексте неизвестное имя ({err.message}); есть имена: {names}") from None
    except (jinja2.TemplateError, TypeError, ValueError) as err:
        raise src.error(f"ошибка в подстановке {{{{ … }}}}: {err}") from None


def render_record(
    record: Mapping[str, object],
    fields: tuple[Field, ...],
    context: Mapping[str, object],
    src: Source,
) -> dict[str, object]:
    """Подставить числа во все текстовые поля записи (и во вложенные записи)."""
    result = dict(record)
    for f in fields:
        value, inner = record[f.name], src.at(f.name)
        if f.kind == "text" and isinstance(value, str):
            result[f.name] = render(value, context, inner)
        elif f.kind == "texts":
            result[f.name] = tuple(render(v, context, inner) for v in value)
        elif f.kind == "list":
            result[f.name] = tuple(
                render_record(v, f.item, context, Source(src.path, f"{inner.where}[{k}]"))
                for k, v in enumerate(value)
            )
        elif f.kind == "record" and value is not None:
            result[f.name] = render_record(value, f.item, context, inner)
    return result


_TERM_LINK = re.compile(r"\]\(#([^)\s]+)\)")


def term_links(text: str) -> list[str]:
    """Якоря ссылок ``[текст](#якорь)`` внутри текста — ссылки на другие термины."""
    return _TERM_LINK.findall(text)
