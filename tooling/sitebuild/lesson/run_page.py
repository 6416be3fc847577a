"""Макросы страницы «Как запустить у себя» (модуль ``modules`` плагина mkdocs-macros).

- ``downloads()`` — колесо, ``requirements.txt`` и архивы уроков: имена, ссылки, размеры
  (файлы собирает хук :mod:`sitebuild.pages.downloads`; здесь они берутся из его кэша);
- ``colab()`` — ссылки «Открыть в Colab», только когда в ``mkdocs.yml`` задан ``repo_url``
  на GitHub; без него страница не показывает ни кнопки, ни битой ссылки.

Отдельно от хука: у mkdocs-macros свои события с теми же именами, что у хуков MkDocs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from urllib.parse import urlsplit

from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url

from lessonlib.fmt import file_size
from sitebuild.lesson import course
from sitebuild.pages.downloads import DOWNLOADS, build_downloads


def colab_url(repo_url: str | None, branch: str, path: str) -> str | None:
    """Адрес «Открыть в Colab» для блокнота ``path`` сайта или ``None``.

    Colab открывает блокноты из публичного репозитория GitHub. Выполненные блокноты
    лежат в ветке, куда ``mkdocs gh-deploy`` выкладывает сайт (``remote_branch``), по тем
    же путям, что и в ``site/``. Без ``repo_url`` на GitHub ссылки нет.
    """
    if not repo_url:
        return None
    parts = urlsplit(repo_url)
    owner_repo = parts.path.strip("/").removesuffix(".git")
    if parts.netloc != "github.com" or owner_repo.count("/") != 1:
        return None
    return f"https://colab.research.google.com/github/{owner_repo}/blob/{branch}/{path}"


def colab_links(config: Mapping, files: Files) -> list[dict[str, str]]:
    """Блокноты уроков со ссылками «Открыть в Colab»; пусто, если ``repo_url`` не задан."""
    branch = config.get("remote_branch") or "gh-pages"
    links = []
    for file in files:
        if not file.src_uri.endswith(".ipynb"):
            continue
        url = colab_url(config.get("repo_url"), branch, file.src_uri)
        if url is not None:
            links.append({"notebook": posixpath.basename(file.src_uri), "url": url})
    return sorted(links, key=lambda link: link["notebook"])


def downloads_info(config: Mapping, page_url: str) -> dict:
    """Колесо, ``requirements.txt`` и архивы со ссылками от страницы ``page_url``."""
    built = build_downloads(config)

    def url(target: str) -> str:
        return get_relative_url(target, page_url)

    return {
        "wheel": {
            "name": built.wheel.name,
            "url": url(f"{DOWNLOADS}/{built.wheel.name}"),
            "size": file_size(built.wheel.stat().st_size),
        },
        "requirements": {"url": url(f"{DOWNLOADS}/requirements.txt")},
        "archives": [
            {
                "name": posixpath.basename(uri),
                "folder": posixpath.splitext(posixpath.basename(uri))[0],  # папка в архиве
                "label": course.get(posixpath.splitext(posixpath.basename(uri))[0]).label,
                "url": url(uri),
                "size": file_size(path.stat().st_size),
            }
            for uri, path in built.archives.items()
        ],
    }


def define_env(env) -> None:
    @env.macro
    def downloads() -> dict:
        """Что скачать: ``{wheel, requirements, archives}``."""
        return downloads_info(env.conf, env.page.url)

    @env.macro
    def colab() -> list[dict[str, str]]:
        """Ссылки «Открыть в Colab» для блокнотов уроков (пусто без ``repo_url``)."""
        return colab_links(env.conf, env.variables["files"])
