"""Хуки лёгких страниц: формулы при сборке, обрезка стилей и шрифта формул, перекодировка
рисунков, ленивая загрузка, скрипты и стили только там, где нужны, без карт исходников."""

from __future__ import annotations

import io
import logging
import re

import numpy as np
import pytest
from PIL import Image
from sitebuild.pages.cssprune import classes_in, prune
from sitebuild.pages.formulas import TexError, convert_markdown, convert_notebook, to_mathml
from sitebuild.pages.imagecodec import (
    JPEG_FROM_BYTES,
    encode_small,
    photo_as_jpeg,
    psnr,
    smallest_png,
)
from sitebuild.pages.mathfont import for_formulas, formula_unicodes
from sitebuild.pages.notebook_figures import (
    FIRST_SCREEN_CHARS,
    PHONE_MAX_WIDTH_PX,
    externalise,
    unused_figures,
)
from sitebuild.pages.page_assets import deferred, lazy_lightbox, on_post_page
from sitebuild.pages.sourcemaps import without_reference

from lessonlib.folders import write_figure


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


def test_smallest_png_is_never_bigger_and_looks_the_same():
    rng = np.random.default_rng(1)
    noisy = rng.integers(0, 256, (60, 80, 3), dtype=np.uint8)  # палитра тут не годится
    flat = np.full((60, 80, 3), 255, np.uint8)
    flat[10:30, 10:70] = [214, 39, 40]
    for pixels in (noisy, flat):
        source = _png(pixels)
        smaller = smallest_png(source)
        assert len(smaller) <= len(source)
        assert psnr(Image.open(io.BytesIO(source)), Image.open(io.BytesIO(smaller))) >= 40
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(smallest_png(_png(noisy))))), noisy)


def test_only_figures_that_pages_link_stay_in_the_lesson_folder(tmp_path):
    """Рисунок урока остаётся, если на него ведёт адрес страницы (от её папки), а не если
    где-то встречается его имя: у слайдов свои копии с теми же именами."""
    names = ("gif.gif", "still.png", "lightbox.png", "rooted.png", "script.png", "deck.png")
    for name in names:
        (tmp_path / "lesson01" / "figures").mkdir(parents=True, exist_ok=True)
        (tmp_path / "lesson01" / "figures" / name).write_bytes(b"x")
    (tmp_path / "teacher" / "deck" / "figures").mkdir(parents=True)
    (tmp_path / "teacher" / "deck" / "figures" / "deck.png").write_bytes(b"x")
    (tmp_path / "lesson01" / "plot_01.html").write_text(
        '<img data-stills="[{&quot;src&quot;: &quot;figures/still.png&quot;}]" src="a.gif">'
        '<a href="figures/lightbox.png">рисунок</a>',
        encoding="utf-8",
    )
    (tmp_path / "teacher" / "deck" / "index.html").write_text(
        '<img data-src="figures/deck.png"><img src="../../lesson01/figures/gif.gif">',
        encoding="utf-8",
    )
    (tmp_path / "index.html").write_text(
        '<img src="https://school.example/cnn/lesson01/figures/rooted.png">', encoding="utf-8"
    )
    (tmp_path / "app.js").write_text('show("figures/script.png")', encoding="utf-8")
    (tmp_path / "reveal.js").mkdir()  # папка с именем скрипта
    assert unused_figures(tmp_path) == [tmp_path / "lesson01" / "figures" / "deck.png"]
    (tmp_path / "app.js").unlink()
    assert [p.name for p in unused_figures(tmp_path)] == ["deck.png", "script.png"]


def _figure(folder, name: str, width: int, height: int, notes: dict | None = None) -> str:
    """Файл рисунка ``figures/<name>`` (чёрный, ``width``×``height``) с описанием, если есть."""
    path = folder / "lesson01" / "figures" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    pixels = _png(np.zeros((height, width, 3), np.uint8))
    if notes is None:
        path.write_bytes(pixels)
    else:
        write_figure(path, pixels, notes)
    return f"figures/{name}"


def test_figures_below_the_first_screen_load_lazily(tmp_path):
    shown = _figure(tmp_path, "a.page.png", 8, 8, {"alt": "рисунок"})
    linked = _figure(tmp_path, "b.png", 9, 6)
    text = "<p>" + "слово " * (FIRST_SCREEN_CHARS // 6 + 1) + "</p>"
    html = f'<h1>Урок</h1><img alt="1" src="{shown}">{text}<img alt="2" src="{shown}"/>'
    html += f'<img alt="3" src="{linked}">'
    out, files = externalise(html, "lesson01/plot_01/", tmp_path, "lesson01/plot_01.ipynb")
    first, second, third = out.split("<img")[1:]
    assert 'fetchpriority="high"' in first and "loading" not in first
    assert 'loading="lazy"' in second and "fetchpriority" not in second
    assert 'width="9" height="6" loading="lazy"' in third
    source = re.compile(r' src="([^"]+)"')
    assert source.search(first).group(1) == source.search(second).group(1)  # один файл
    assert "assets/figures/" in source.search(third).group(1)  # и Markdown-ссылка блокнота
    assert all(name.startswith("assets/figures/") for name in files)
    # Картинки Markdown-страницы остаются на месте, с размерами.
    html = f'<img alt="3" src="{linked}">'
    out, files = externalise(html, "lesson01/", tmp_path, "lesson01/a.md")
    assert out == f'<img alt="3" src="{linked}" width="9" height="6" fetchpriority="high">'
    assert files == {}


def test_figure_gets_alt_phone_layout_and_lightbox_link_from_its_notes(tmp_path):
    _figure(tmp_path, "x.phone.png", 30, 50, {"alt": "телефон", "smallest_pt": 9, "width_in": 3})
    notes = {"alt": "Рисунок «x»", "phone": "x.phone.png", "smallest_pt": 9, "width_in": 8}
    src = _figure(tmp_path, "x.page.png", 80, 40, notes)
    # Так картинку вывода ячейки отдаёт nbconvert, а ссылку вокруг ставит GLightbox.
    html = (
        f'<a class="glightbox" data-type="image" href="{src}" data-desc-position="bottom">'
        f'<img alt="No description has been provided for this image" class="" src="{src}"/></a>'
    )
    out, files = externalise(html, "lesson01/plot_01/", tmp_path, "lesson01/plot_01.ipynb")
    found = re.fullmatch(
        r'<a class="glightbox" data-type="image" href="([^"]+)" data-desc-position="bottom">'
        r"<picture><source ([^>]*)><img ([^>]*)></picture></a>",
        out,
    )
    assert found, out
    href, source, img = found.groups()
    assert f'media="screen and (max-width: {PHONE_MAX_WIDTH_PX}px)"' in source
    assert 'width="30" height="50"' in source and 'width="80" height="40"' in img
    assert 'alt="Рисунок «x»" class=""' in img and "No description" not in out
    assert f' src="{href}"' in " " + img  # на весь экран — рисунок страницы
    phone = re.search(r'srcset="\.\./\.\./([^"]+)"', source).group(1)
    assert Image.open(io.BytesIO(files[phone])).size == (30, 50)
    assert Image.open(io.BytesIO(files[href.removeprefix("../../")])).size == (80, 40)


def test_big_photo_becomes_jpeg_before_the_lightest_encoding():
    noise = np.random.default_rng(0).integers(0, 256, (600, 600, 3), dtype=np.uint8)
    flat = np.zeros((600, 600, 3), dtype=np.uint8)
    big, small = _png(noise), _png(flat)
    assert len(big) >= JPEG_FROM_BYTES > len(small)
    jpeg = Image.open(io.BytesIO(photo_as_jpeg(big)))
    assert jpeg.format == "JPEG" and jpeg.size == (600, 600)
    assert photo_as_jpeg(small) == small  # маленький PNG остаётся как есть


def test_math_font_keeps_only_formula_glyphs():
    from pathlib import Path

    from fontTools.ttLib import TTFont

    mathml = ['<math><mi>x</mi><mo>⌊</mo><annotation encoding="TeX">\\Omega</annotation></math>']
    unicodes = formula_unicodes(mathml)
    assert {ord("x"), 0x1D465, ord("⌊")} <= unicodes  # 𝑥 — курсив буквы из <mi>
    assert ord("Ω") not in unicodes  # TeX из аннотации не рисуется
    source = Path("docs/fonts/latin-modern-math/latinmodern-math.woff2").read_bytes()
    font = TTFont(io.BytesIO(for_formulas(source, unicodes)))
    cmap = font.getBestCmap()
    assert {0x1D465, ord("⌊")} <= set(cmap) and ord("y") not in cmap
    assert "MATH" in font  # растяжение скобок и знаков
    assert len(for_formulas(source, unicodes)) < len(source) / 3


def test_theme_scripts_are_deferred_in_order():
    html = (
        '<head><script src="a.js"></script></head><body><script id="__config">{}</script>'
        '<script src="shim.js"></script><script src="bundle.js"></script>'
        '<script src="x.js" async></script></body>'
    )
    out = deferred(html)
    assert '<head><script src="a.js"></script>' in out  # в <head> не трогаются
    assert '<script src="shim.js" defer></script><script src="bundle.js" defer></script>' in out
    assert '<script src="x.js" async></script>' in out


def test_lightbox_and_widgets_only_where_needed():
    class Page:
        url = "lesson01/plot_01/"

    head = (
        '<head><link href="../../assets/stylesheets/glightbox.min.css" rel="stylesheet">'
        '<script src="../../assets/javascripts/glightbox.min.js"></script></head>'
    )
    scripts = (
        '<script src="../../javascripts/widgets.js"></script>'
        '<script src="../../javascripts/lightbox.js"></script>'
        '<script id="init-glightbox">const lightbox = GLightbox({"loop": false});\n'
        "document$.subscribe(()=>{ lightbox.reload(); });\n</script>"
    )
    figure = '<a class="glightbox"><img></a>'
    with_figure = on_post_page(f"{head}<body>{figure}{scripts}</body>", Page(), {})
    assert "glightbox.min.js" not in with_figure.split("<body")[0]
    assert 'id="glightbox-options"' in with_figure and '{"loop": false}' in with_figure
    assert "lightbox.js" in with_figure and "widgets.js" not in with_figure
    assert "init-glightbox" not in lazy_lightbox(with_figure, Page.url)
    plain = on_post_page(f"{head}<body><p>текст</p>{scripts}</body>", Page(), {})
    assert "glightbox" not in plain and "lightbox.js" not in plain


def test_source_map_reference_removed():
    assert without_reference("a();\n//# sourceMappingURL=bundle.min.js.map\n") == "a();\n"
    assert without_reference("a{}\n/*# sourceMappingURL=main.css.map */") == "a{}\n"
    assert without_reference("a();\n") == "a();\n"
