"""Текст Markdown из кода: блокнот показывает его отформатированным, сайт вставляет в страницы."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Markdown", "plain_text", "table"]


@dataclass(frozen=True)
class Markdown:
    """Текст Markdown, который блокнот показывает отформатированным."""

    text: str

    def _repr_markdown_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> Markdown:
    """Таблица Markdown из заголовка и строк; ячейки — готовый текст или числа."""
    if any(len(row) != len(header) for row in rows):
        raise ValueError("rows: в каждой строке должно быть столько ячеек, сколько в header")
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(" --- " for _ in header) + "|",
        *("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows),
    ]
    return Markdown("\n".join(lines) + "\n")


# Формулы в тексте урока простые: знаки, дроби, индексы. Без Jupyter они печатаются так.
_TEX_SYMBOLS = {
    r"\times": "×",
    r"\cdot": "·",
    r"\le": "≤",
    r"\ge": "≥",
    r"\ne": "≠",
    r"\to": "→",
    r"\sum": "Σ",
    r"\partial": "∂",
    r"\top": "ᵀ",
    r"\,": "\u2009",
    r"\;": " ",
    r"\ ": " ",
}
_TEX_FRAC = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}")
_TEX_TEXT = re.compile(r"\\(?:text|mathrm|mathbf|operatorname)\{([^{}]*)\}")
_TEX_COMMAND = re.compile(r"\\(?:left|right|displaystyle|begin\{\w+\}|end\{\w+\})")
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


def _tex(formula: str) -> str:
    text = _TEX_FRAC.sub(r"(\1)/(\2)", formula)
    text = _TEX_TEXT.sub(r"\1", text)
    text = _TEX_COMMAND.sub("", text)
    for command, symbol in sorted(_TEX_SYMBOLS.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(re.escape(command) + r"(?![a-zA-Z])", symbol, text)
    return text.replace("{", "").replace("}", "").replace("\\", "").strip()


def _table(lines: list[str]) -> list[str]:
    """Таблица Markdown → столбцы, выровненные пробелами."""
    rows = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines]
    rows = [r for r in rows if not all(re.fullmatch(r":?-+:?", c) for c in r)]
    widths = [max(len(r[k]) for r in rows if k < len(r)) for k in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)).rstrip() for r in rows]


def plain_text(markdown: str) -> str:
    """Markdown урока как обычный текст для терминала: без звёздочек, ссылок, тегов и TeX.

    >>> plain_text("**Итог:** $f = 28 - 3 + 1 = 26$, [подробнее](x.html)")
    'Итог: f = 28 - 3 + 1 = 26, подробнее'
    """
    text = _MATH.sub(lambda m: _tex(m.group(1) or m.group(2)), markdown)
    text = re.sub(r"!\[([^\]]*)\]\(([^)]*)\)", r"[рисунок: \1]", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<summary>(.*?)</summary>\s*", r"\1: ", text)  # «Ответ: …»
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"\*\*|__|`", "", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)\*", r"\1", text)
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    text = re.sub(r"^\* ", "• ", text, flags=re.M)
    out: list[str] = []
    block: list[str] = []
    for line in [*html.unescape(text).splitlines(), ""]:
        if line.lstrip().startswith("|"):
            block.append(line)
            continue
        if block:
            out += _table(block)
            block = []
        out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
