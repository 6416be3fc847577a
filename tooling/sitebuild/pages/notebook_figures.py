"""Хук MkDocs: рисунки страниц — файлами с размерами, ленивой загрузкой и описанием.

Прогонщик галереи кладёт каждый рисунок блокнота файлом в ``docs/<урок>/figures/`` с
описанием рядом (подпись и замер надписей, :func:`lessonlib.folders.write_figure`), а вывод
ячейки ссылается на файл (:data:`lessonlib.folders.SITE_ENV`). Здесь каждая картинка
страницы-блокнота перекодируется в самый лёгкий равный по виду формат
(:func:`sitebuild.pages.imagecodec.encode_figure`) и кладётся в
``site/assets/figures/<хэш>.<расширение>``: имя — хэш содержимого, поэтому файл можно
кэшировать навсегда, а одинаковые рисунки хранятся один раз. ``<img>`` получает подпись
(alt) из описания вместо английской заглушки nbconvert, width/height (страница не прыгает
при загрузке) и ``loading="lazy"``: каждая страница урока начинается с текста длиннее
экрана телефона и компьютера, рисунки ниже первого экрана и не должны мешать ему
загрузиться. Сразу (и с ``fetchpriority="high"``) грузится только рисунок, перед которым
меньше :data:`FIRST_SCREEN_CHARS` знаков текста. У рисунка с раскладкой для телефона
(``phone`` в описании) ``<img>`` обёрнут в ``<picture>``: на экране не шире
:data:`PHONE_MAX_WIDTH_PX` браузер берёт её файл, а печать и широкий экран — прежний.
Ссылка GLightbox (рисунок на весь экран, её ставит плагин до хуков) ведёт на тот же файл,
что и картинка. Картинки-файлы остальных страниц получают размеры и ленивую загрузку на месте.

После сборки из ``site/<урок>/figures/`` удаляются файлы, на которые не ссылается ни одна
страница сайта (копии из ``docs/``: страницы показывают рисунки из ``assets/figures``, у
слайдов свои копии в ``teacher/deck/figures``), оставшиеся пересжимаются в самый короткий
неотличимый PNG.
"""

from __future__ import annotations

import hashlib
import pickle
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote

from markupsafe import Markup
from mkdocs.utils import get_relative_url
from PIL import Image

from lessonlib.folders import read_notes
from sitebuild.pages.imagecodec import encode_figure, smallest_png
from sitebuild.settings import PATHS, Paths
from sitebuild.templates import environment

FIGURES_DIR = "assets/figures"
T = TypeVar("T")
# <img> с адресом файла (не data: и не http:); «/>» — так пишет картинки nbconvert.
_IMG = re.compile(r'<img([^>]*?) src="([^":]+)"([^>]*?)/?>')
_ALT = re.compile(r' alt="[^"]*"')
_LIGHTBOX_HREF = re.compile(r'(<a class="glightbox"[^>]*? href=")([^"]+)"')
_TAG = re.compile(r"<[^>]*>")
# Сколько знаков текста помещается на первый экран телефона (412×823) над рисунком.
FIRST_SCREEN_CHARS = 600
# До этой ширины окна рисунок страницы (≈ 7,8 дюйма) мельчит подписи ниже 10 px, а
# телефонная раскладка (≈ 4,5 дюйма) их держит. Только экран: печать A4 шире, но пусть
# и на узкой бумаге остаётся рисунок страницы.
PHONE_MAX_WIDTH_PX = 640
# Печать (print.css): рисунок блокнота не выше PRINT_MAX_MM и не шире строки A4; если так
# его самая мелкая надпись выходит мельче PRINT_MIN_PT, ему разрешено PRINT_TALL_MAX_MM
# (атрибут PRINT_TALL) — высокий узкий рисунок иначе сжимался до 5 пт.
PRINT_MAX_MM, PRINT_TALL_MAX_MM, PRINT_TEXT_WIDTH_MM = 120, 175, 182
PRINT_MIN_PT = 7.5
PRINT_TALL = 'data-print="tall"'


def needs_tall_print(metrics: dict, width_px: int, height_px: int) -> bool:
    """Мельчит ли печать надписи рисунка (замер ``metrics`` из его описания)."""
    if metrics.get("smallest_pt") is None or not metrics.get("width_in"):
        return False
    printed_mm = min(PRINT_TEXT_WIDTH_MM, PRINT_MAX_MM * width_px / height_px)
    return metrics["smallest_pt"] * printed_mm / 25.4 / metrics["width_in"] < PRINT_MIN_PT


@dataclass
class _Written:
    cache: Path = field(default_factory=lambda: PATHS.cache("figures"))
    files: dict[str, bytes] = field(default_factory=dict)


_state = _Written()


def _cached(encode: Callable[[bytes], T], data: bytes) -> T:
    """Перекодировка с кэшем на диске (.cache/figures): она дольше всей остальной сборки."""
    key = hashlib.sha256(data).hexdigest()[:24]
    path = _state.cache / f"{encode.__name__}-{key}.pickle"
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        pass  # нет файла или он от другой версии кода (класс переехал) — перекодировать
    result = encode(data)
    _state.cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(result))
    return result


class _Images:
    """Картинки-файлы страницы-блокнота: файл с хэшем в имени, подпись, размеры, загрузка."""

    def __init__(self, page_url: str) -> None:
        self.page_url = page_url
        self.files: dict[str, bytes] = {}

    def _url(self, data: bytes, ext: str) -> str:
        target = f"{FIGURES_DIR}/{hashlib.sha256(data).hexdigest()[:16]}.{ext}"
        self.files[target] = data
        return get_relative_url(target, self.page_url)

    def tag(self, match: re.Match, path: Path) -> tuple[str, str]:
        """Разметка картинки ``match`` из файла ``path`` и её новый адрес."""
        image = _cached(encode_figure, path.read_bytes())
        notes = read_notes(path) or {}
        attrs, rest = match.group(1), match.group(3)
        if "alt" in notes:
            attrs = _ALT.sub(lambda _: f' alt="{html_escape(notes["alt"])}"', attrs, count=1)
        extra = loading(match)
        src = self._url(image.data, image.ext)
        # Печатная копия (sitebuild.printing.pdfs подставляет её перед печатью).
        if image.print_data is not None:
            extra += f' data-print-src="{self._url(image.print_data, image.print_ext)}"'
        if needs_tall_print(notes, image.width, image.height):
            extra += f" {PRINT_TALL}"
        img = img_tag(attrs, src, image.width, image.height, extra, rest)
        if "phone" not in notes:
            return img, src
        small = _cached(encode_figure, (path.parent / notes["phone"]).read_bytes())
        picture = _render(
            "notebook_picture.html",
            max_width=PHONE_MAX_WIDTH_PX,
            src=self._url(small.data, small.ext),
            width=small.width,
            height=small.height,
            img=Markup(img),
        )
        return picture, src


def _render(template: str, **context: object) -> str:
    return environment("fragment").get_template(template).render(**context)


def img_tag(attrs: str, src: str, width: int, height: int, extra: str, rest: str) -> str:
    """``<img>`` с размерами; ``attrs``, ``extra`` и ``rest`` — уже готовые атрибуты HTML."""
    return _render(
        "notebook_img.html",
        attrs=Markup(attrs),
        src=src,
        width=width,
        height=height,
        extra=Markup(extra),
        rest=Markup(rest),
    )


def loading(match: re.Match) -> str:
    """Атрибуты загрузки картинки ``match``: сразу — только на первом экране."""
    text = " ".join(_TAG.sub(" ", match.string[: match.start()]).split())
    if len(text) < FIRST_SCREEN_CHARS:
        return ' fetchpriority="high"'
    return ' loading="lazy" decoding="async"'


def externalise(html: str, page_url: str, docs_dir: Path, src_uri: str) -> tuple[str, dict]:
    """Картинки-файлы страницы ``src_uri``: у блокнота — в :data:`FIGURES_DIR` (с подписью,
    раскладкой для телефона и ссылкой GLightbox туда же), у остальных страниц — размеры и
    ленивая загрузка на месте. Возвращает разметку и {путь в site/: байты}."""
    images = _Images(page_url)
    moved: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        attrs, src, rest = match.groups()
        path = docs_dir / posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), src))
        if " width=" in match.group(0) or not path.is_file():  # готовая или не из docs/ — как есть
            return match.group(0)
        if not src_uri.endswith(".ipynb"):
            width, height = Image.open(path).size
            return img_tag(attrs, src, width, height, loading(match), rest)
        tag, moved[src] = images.tag(match, path)
        return tag

    html = _IMG.sub(replace, html)
    html = _LIGHTBOX_HREF.sub(lambda m: m.group(1) + moved.get(m.group(2), m.group(2)) + '"', html)
    return html, images.files


def on_config(config):
    global _state
    _state = _Written(cache=Paths.of(config).cache("figures"))
    return config


def on_page_content(html: str, page, config, files) -> str:
    html, written = externalise(html, page.url, Path(config["docs_dir"]), page.file.src_uri)
    _state.files.update(written)
    return html


# Адрес в тексте страницы, который кончается на «figures/<файл>» (в кавычках, в &quot;…&quot;
# атрибута data-stills, в скобках CSS): всё, что может стоять в относительном адресе.
_FIGURE_LINK = re.compile(r"[\w./%-]*figures/[\w.%-]+")


def linked_figures(site: Path) -> set[str]:
    """Пути в ``site/`` файлов ``…/figures/…``, на которые ведут адреса страниц сайта.

    Адрес считается от папки страницы: ``figures/x.png`` слайдов — это
    ``teacher/deck/figures/x.png``, а не рисунок урока с тем же именем. Адрес от корня
    (``/под-путь/lesson01/figures/x.png``) засчитывается каждому файлу, которым кончается:
    под-путь сайта сборке неизвестен. Скрипт может подставить адрес в любую страницу,
    поэтому имя ``figures/<файл>`` в ``.js`` засчитывается файлу с этим именем в любой папке.
    """
    files = {p.relative_to(site).as_posix() for p in site.glob("**/figures/*") if p.is_file()}
    linked = set()
    for page in site.rglob("*"):
        if page.suffix not in (".html", ".js") or not page.is_file():  # есть папка «reveal.js»
            continue
        base = page.parent.relative_to(site).as_posix()
        for link in map(unquote, _FIGURE_LINK.findall(page.read_text(encoding="utf-8"))):
            if page.suffix == ".js":
                linked |= {f for f in files if posixpath.basename(f) == posixpath.basename(link)}
            elif link.startswith("/"):
                linked |= {f for f in files if link.endswith("/" + f)}
            else:
                linked.add(posixpath.normpath(posixpath.join(base, link)))
    return linked & files


def unused_figures(site: Path) -> list[Path]:
    """Файлы ``<урок>/figures/*`` сайта, на которые не ведёт ни один адрес
    (:func:`linked_figures`)."""
    linked = linked_figures(site)
    figures = sorted(site.glob("*/figures/*"))
    return [f for f in figures if f.relative_to(site).as_posix() not in linked]


def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    for target, data in _state.files.items():
        path = site / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for figure in unused_figures(site):
        figure.unlink()
    # Рисунки, на которые ссылаются страницы: имя и формат те же, палитра — если неотличимо.
    for figure in site.glob("*/figures/*.png"):
        figure.write_bytes(_cached(smallest_png, figure.read_bytes()))
