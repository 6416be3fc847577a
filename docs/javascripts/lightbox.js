/* Рисунок на весь экран по нажатию (GLightbox). Сам GLightbox (≈ 70 КБ скрипта и стилей)
 * грузится при первом нажатии на рисунок, а не с каждой страницей: адреса его файлов и
 * настройки плагина mkdocs-glightbox кладёт в #glightbox-options хук
 * tooling/sitebuild/pages/page_assets.py.
 *
 * Ссылкам без адреса (картинки блокнотов, см. tooling/sitebuild/pages/lightbox.py) адрес
 * возвращается сразу: так на рисунок можно перейти клавишей Tab, а без GLightbox он
 * откроется просто картинкой. Адрес — всегда рисунка страницы (img.src): у рисунка с
 * раскладкой для телефона (<picture>) на весь экран открывается полный широкий рисунок,
 * который можно увеличить, и на любом экране один и тот же.
 */
(() => {
  "use strict";

  function load(tag, attrs) {
    return new Promise((resolve, reject) => {
      const node = Object.assign(document.createElement(tag), attrs);
      node.onload = resolve;
      node.onerror = () => reject(new Error(`GLightbox: не загрузился ${attrs.src || attrs.href}`));
      document.head.append(node);
    });
  }

  function mount() {
    const links = [...document.querySelectorAll("a.glightbox")];
    for (const link of links.filter((a) => !a.hasAttribute("href"))) {
      const img = link.querySelector("img");
      if (img) link.setAttribute("href", img.src);
    }
    const settings = document.getElementById("glightbox-options");
    if (!links.length || !settings) return;

    let ready = null;
    const lightbox = () =>
      (ready ??= Promise.all([
        load("link", { rel: "stylesheet", href: settings.dataset.css }),
        load("script", { src: settings.dataset.js }),
      ]).then(() => window.GLightbox(JSON.parse(settings.textContent))));

    function open(event) {
      const link = event.target instanceof Element && event.target.closest("a.glightbox");
      if (!link || event.button > 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      document.removeEventListener("click", open, true);
      lightbox().then(
        (box) => box.openAt(links.indexOf(link)),
        () => link.click(), // GLightbox не загрузился — открыть просто картинку
      );
    }
    document.addEventListener("click", open, true);
  }

  // Настройки стоят в самом конце страницы, после этого скрипта.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
