"""Хук MkDocs: без карт исходников темы в ``site/``.

Material кладёт рядом со своими сжатыми скриптами и стилями карты исходников
(``*.min.js.map``, ``*.min.css.map``, ≈ 1,3 МБ): ученику они не нужны, а сайт должен
помещаться в 15 МБ. Карты удаляются, а ссылки на них (``//# sourceMappingURL=…``) —
из самих файлов, чтобы инструменты разработчика браузера не искали пропавший файл.
"""

from __future__ import annotations

import re
from pathlib import Path

_REFERENCE = re.compile(r"\n?/[/*]# sourceMappingURL=\S+?\.map(?: \*/)?\s*$")


def without_reference(text: str) -> str:
    """Текст скрипта или стиля без последней строки ``sourceMappingURL``."""
    return _REFERENCE.sub("\n", text)


def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    for source_map in site.glob("assets/**/*.map"):
        source_map.unlink()
        minified = source_map.with_suffix("")
        if minified.is_file():
            text = minified.read_text(encoding="utf-8")
            minified.write_text(without_reference(text), encoding="utf-8")
