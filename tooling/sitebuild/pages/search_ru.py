"""Хук MkDocs: поиск по-русски находит то, что набирают ученики.

- «ё» и «е» для поиска — одна буква: к русскому модулю lunr (его раздаёт тема) после
  сборки дописывается обёртка стеммера (``lunr_ru_yo.js``); в тексте результатов «ё» остаётся.
- Латиница тоже ищется («ReLU», «MNIST», «padding»): русский модуль lunr отсекал у слов всё,
  кроме кириллицы; обёртка заменяет его отсечение на то, что оставляет и латиницу, и цифры.
- Стеммер и отсечение знаков препинания включены в mkdocs.yml (``plugins.search.pipeline``):
  тема по умолчанию оставляет только стоп-слова, и «собель» не находил «Собеля».
- Модули lunr для других языков (≈ 0,9 МБ) из ``site/`` убираются: язык поиска — только ``ru``.
- Индекс поиска — UTF-8 без ``\\uXXXX``: тема пишет его через ``json.dumps`` с экранированием,
  здесь он перезаписывается тем же JSON без него (кириллица втрое короче). Хук работает раньше
  офлайн-плагина, и тот вкладывает в ``search_index.js`` уже короткий индекс.
"""

from __future__ import annotations

import json
from pathlib import Path

LUNR_DIR = "assets/javascripts/lunr"
LUNR_RU = f"{LUNR_DIR}/min/lunr.ru.min.js"
# Что нужно поиску на одном русском языке (воркер темы грузит их через importScripts).
LUNR_KEEP = {"lunr.ru.min.js", "lunr.stemmer.support.min.js"}
INDEX = "search/search_index.json"
_FOLD = Path(__file__).with_name("lunr_ru_yo.js")


def unescaped(index_json: str) -> str:
    """Тот же индекс без ``\\uXXXX``."""
    return json.dumps(json.loads(index_json), ensure_ascii=False, separators=(",", ":"))


def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    index = site / INDEX
    if index.exists():
        index.write_text(unescaped(index.read_text(encoding="utf-8")), encoding="utf-8")
    for module in (site / LUNR_DIR).rglob("*.js"):
        if module.name not in LUNR_KEEP:
            module.unlink()
    lunr_ru = site / LUNR_RU
    lunr_ru.write_text(
        lunr_ru.read_text(encoding="utf-8") + _FOLD.read_text(encoding="utf-8"), encoding="utf-8"
    )
