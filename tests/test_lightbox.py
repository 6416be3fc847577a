"""Рисунки на весь экран: ссылки GLightbox без второй копии встроенной картинки."""

from sitebuild.lightbox import strip_data_hrefs


def test_data_href_removed_but_image_kept() -> None:
    html = (
        '<a class="glightbox" data-type="image" href="data:image/png;base64,AAAA">'
        '<img alt="x" src="data:image/png;base64,AAAA"></a>'
    )
    out = strip_data_hrefs(html)
    assert 'href="data:' not in out
    assert out.count("base64,AAAA") == 1  # осталась только сама картинка
    assert '<a class="glightbox" data-type="image">' in out


def test_file_hrefs_and_other_links_untouched() -> None:
    html = (
        '<a class="glightbox" href="figures/a.png"><img src="figures/a.png"></a>'
        '<a href="data:text/plain,hi">скачать</a>'
    )
    assert strip_data_hrefs(html) == html
