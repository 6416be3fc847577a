"""Хуки лёгких страниц: формулы при сборке, обрезка стилей, перекодировка рисунков."""

from __future__ import annotations

import io
import logging

import numpy as np
import pytest
from PIL import Image
from sitebuild.cssprune import classes_in, prune
from sitebuild.formulas import TexError, convert_markdown, convert_notebook, to_mathml
from sitebuild.imagecodec import encode_small, psnr


def test_tex_becomes_mathml():
    inline = to_mathml(r"m = i - f + 1")
    assert inline.startswith("<math") and "<mi>m</mi>" in inline and "display" not in inline
    assert 'display="block"' in to_mathml(r"\sum_{i=1}^{n} x_i", display=True)


def test_bad_tex_is_an_error_and_a_build_warning(caplog):
    with pytest.raises(TexError, match="frac"):
        to_mathml(r"\frac{1}{")
    with caplog.at_level(logging.WARNING):
        convert_markdown('<span class="arithmatex">\\(\\frac{1}{\\)</span>', "page.md")
    assert "page.md" in caplog.text  # mkdocs build --strict падает на предупреждении


def test_notebook_math_outside_code_only():
    html = "<p>Формула $m = i - f + 1$ и цена \\$5.</p><pre>x = '$a$'</pre><code>$b$</code>"
    out = convert_notebook(html)
    assert out.count("<math") == 1
    assert "цена $5" in out and "<pre>x = '$a$'</pre>" in out and "<code>$b$</code>" in out


def test_copy_button_text_is_code_not_math():
    # Скрытый текст кнопки копирования — исходник ячейки: строки Python с «$…$» и «\\\\».
    code = '<div class="clipboard-copy-txt" id="cell-4">s = "$X^\\\\top$"</div>'
    assert convert_notebook(code + "<p>$x$</p>").startswith(code)
    assert "<math" in convert_notebook(code + "<p>$x$</p>")


def test_markdown_arithmatex_unescapes_html():
    out = convert_markdown(
        '<div class="arithmatex">\\[\n\\begin{pmatrix} 1 &amp; 2 \\end{pmatrix}\n\\]</div>'
    )
    assert "<mtable" in out and "&amp;" not in out


def test_prune_keeps_only_rules_for_used_classes():
    css = (
        '@charset "UTF-8";.w{--used: 1px;--unused: 2px}'
        ".w .a{margin:var(--used)}.w .b{color:red}"
        ".w :is(.a:hover,.zzz){x:y}.w .a:not(.missing){padding:0}"
        "@media print{.w .a{color:blue}.w .b{color:green}}"
    )
    out = prune([css], classes_in('<div class="w"><p class="a"></p></div>'))
    assert ".w .a{margin:var(--used)}" in out and "--used: 1px" in out
    assert ".b" not in out and "--unused" not in out and "zzz" not in out
    assert ".w .a:not(.missing){padding:0}" in out and "@media print{.w .a{color:blue}}" in out


def _png(pixels: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "PNG")
    return out.getvalue()


def test_encoded_figure_looks_like_the_original():
    rng = np.random.default_rng(0)
    plot = np.full((120, 200, 3), 255, np.uint8)
    plot[40:80, 20:180] = [31, 119, 180]  # полоса цвета matplotlib на белом
    plot[rng.integers(0, 120, 300), rng.integers(0, 200, 300)] = 0
    source = _png(plot)
    encoded = encode_small(source)
    image = Image.open(io.BytesIO(encoded.data))
    assert (encoded.width, encoded.height) == (200, 120) == image.size
    assert len(encoded.data) <= len(source)
    assert psnr(Image.open(io.BytesIO(source)), image) >= 40
