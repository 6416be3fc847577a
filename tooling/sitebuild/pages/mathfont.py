"""Подмножество шрифта Latin Modern Math для формул сайта: ``python -m sitebuild.pages.mathfont``.

Chromium рисует MathML шрифтом с таблицей MATH: без него скобки не растягиваются, а знаки
суммы остаются мелкими. Полный шрифт (Debian ``fonts-lmodern``, лицензия GUST) весит
≈ 700 КБ; сайту нужны латиница, греческие буквы, операторы, стрелки и математические
начертания букв — это ≈ 77 КБ. fonttools сохраняет при обрезке таблицу MATH и варианты
растяжения знаков.
Результат лежит в ``docs/fonts/latin-modern-math/`` рядом с лицензией; перезапускать —
только при смене набора знаков.

Сборка сайта (хук ``formulas.py``) режет этот файл ещё раз — до знаков, которые есть в
формулах сайта (:func:`for_formulas`): формул немного, и шрифт выходит ≈ 12 КБ вместо 77.
"""

from __future__ import annotations

import argparse
import html
import io
import re
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf")
TARGET = Path("docs/fonts/latin-modern-math/latinmodern-math.woff2")
UNICODES = [
    "U+0020-007E",  # латиница, цифры, знаки
    "U+00A0-00FF",  # ×, ÷, ±, ·
    "U+0391-03C9",  # греческие буквы
    "U+2000-206F",  # пробелы, штрихи, многоточие, невидимые умножение и применение функции
    "U+2102,U+2115,U+211A,U+211D,U+2124",  # ℂ ℕ ℚ ℝ ℤ
    "U+2190-21FF",  # стрелки
    "U+2200-22FF",  # операторы
    "U+2308-230B,U+239B-23B5,U+23DC-23E1,U+27E8-27E9",  # ⌈⌉⌊⌋, части скобок, ⟨⟩
    "U+1D400-1D467",  # жирные и курсивные латинские (курсив — у однобуквенных <mi>)
    "U+1D538-1D56B",  # ажурные
    "U+1D6E2-1D71B",  # курсивные греческие
]


_TAG = re.compile(r"<[^>]+>")
_ANNOTATION = re.compile(r"<annotation.*?</annotation>", re.S)
# Буква в <mi> браузер рисует курсивом из блока математических начертаний (U+1D434…).
_ITALIC = {
    **{chr(c): 0x1D434 + c - ord("A") for c in range(ord("A"), ord("Z") + 1)},
    **{chr(c): 0x1D44E + c - ord("a") for c in range(ord("a"), ord("z") + 1)},
    **{chr(c): 0x1D6E2 + c - 0x0391 for c in range(0x0391, 0x03AA)},
    **{chr(c): 0x1D6FC + c - 0x03B1 for c in range(0x03B1, 0x03CA)},
    "h": 0x210E,  # ℎ: в блоке U+1D44E на её месте дыра
}


def formula_unicodes(mathml: Iterable[str]) -> set[int]:
    """Знаки формул ``mathml`` (разметка <math>…</math>) и курсивные пары их букв."""
    chars = {c for m in mathml for c in html.unescape(_TAG.sub("", _ANNOTATION.sub("", m)))}
    return {ord(c) for c in chars} | {_ITALIC[c] for c in chars if c in _ITALIC}


def for_formulas(font: bytes, unicodes: set[int]) -> bytes:
    """Шрифт ``font`` (woff2) только со знаками ``unicodes``; таблица MATH и варианты
    растяжения этих знаков сохраняются."""
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = ["*"]
    ttf = TTFont(io.BytesIO(font))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(ttf)
    out = io.BytesIO()
    ttf.flavor = "woff2"
    ttf.save(out)
    return out.getvalue()


def build(source: Path = SOURCE, target: Path = TARGET) -> int:
    """Записать подмножество в ``target`` (woff2); вернуть его размер в байтах."""
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.main(
        [
            str(source),
            f"--unicodes={','.join(UNICODES)}",
            # Без хинтинга и подпрограмм CFF woff2 вдвое короче; вид на экране тот же.
            "--no-hinting",
            "--desubroutinize",
            "--flavor=woff2",
            f"--output-file={target}",
        ]
    )
    return target.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args()
    print(f"{args.out}: {build(args.source, args.out)} байт")


if __name__ == "__main__":
    main()
