"""Рисунки на весь экран: ссылка GLightbox ведёт на файл рисунка страницы; сам GLightbox
грузится только по нажатию на рисунок."""

import pytest


@pytest.mark.browser
def test_lightbox_loads_on_first_click(browser, site_server):
    """GLightbox (≈ 70 КБ) не грузится со страницей; рисунок открывается по нажатию."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(f"{site_server}/lesson01/plot_01_convolution.html", wait_until="networkidle")
    assert not [u for u in urls if "glightbox" in u], "GLightbox загрузился без нажатия"
    link = page.locator("a.glightbox").first
    link.scroll_into_view_if_needed()
    expected = link.locator("img").get_attribute("src").rsplit("/", 1)[-1]
    # Адрес есть в разметке (без скрипта рисунок открывается просто картинкой).
    assert link.get_attribute("href").rsplit("/", 1)[-1] == expected
    link.click()
    shown = page.locator(".gslide.current .gslide-image img")
    shown.wait_for(timeout=10_000)
    src = shown.get_attribute("src")
    page.close()
    assert src.endswith(expected), f"открылся {src}, а нажали на {expected}"


@pytest.mark.browser
def test_phone_layout_figure_opens_full_figure(browser, site_server):
    """На телефоне рисунок с раскладкой для телефона (<picture>) открывается на весь экран
    полным рисунком страницы — тем же файлом, что на широком экране и в печати."""
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(f"{site_server}/lesson01/plot_03_locality.html", wait_until="load")
    link = page.locator("a.glightbox:has(picture)").first
    link.scroll_into_view_if_needed()
    img = link.locator("picture img")
    page.wait_for_function("img => img.complete && img.currentSrc", arg=img.element_handle())
    phone, desktop = img.evaluate("img => [img.currentSrc, img.src]")
    assert phone != desktop  # показана раскладка для телефона
    link.click()
    shown = page.locator(".gslide.current .gslide-image img")
    shown.wait_for(timeout=10_000)
    page.wait_for_function("img => img.complete && img.naturalWidth", arg=shown.element_handle())
    src = shown.evaluate("img => img.src")
    page.close()
    assert src == desktop, f"открылся {src}, а рисунок страницы — {desktop}"
