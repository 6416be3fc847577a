"""Настройки сайта из ``mkdocs.yml`` без запуска MkDocs (адрес сайта для прогонщика галереи)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """``!ENV NAME`` или ``!ENV [NAME, …, запасное]`` — как в MkDocs: первая заданная
    переменная окружения, иначе запасное значение (или ``None``)."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        *names, default = loader.construct_sequence(node)
    return next((os.environ[n] for n in names if n in os.environ), default)


def mkdocs_config(path: Path) -> dict[str, Any]:
    """``mkdocs.yml`` как словарь; ``!ENV`` читает окружение, теги ``!!python/…`` не
    исполняются (дают ``None``)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", _env)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    Loader.add_multi_constructor("!", lambda *_: None)  # !ENV, !relative и т. п.
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
