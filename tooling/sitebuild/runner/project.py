"""Настройки сайта из ``mkdocs.yml`` без запуска MkDocs (адрес сайта для прогонщика галереи)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def mkdocs_config(path: Path) -> dict[str, Any]:
    """``mkdocs.yml`` как словарь; теги ``!!python/…`` не исполняются (дают ``None``)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    Loader.add_multi_constructor("!", lambda *_: None)  # !ENV, !relative и т. п.
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
