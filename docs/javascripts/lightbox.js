/* Рисунок на весь экран по нажатию (GLightbox). Сам GLightbox (≈ 70 КБ скрипта и стилей)
 * грузится при первом нажатии на рисунок, а не с каждой страницей: адреса его файлов и
 * настройки плагина mkdocs-glightbox кладёт в #glightbox-options хук
 * tooling/sitebuild/pages/page_assets.py.
 *
 * Адрес ссылки — всегда рисунка страницы (его ставит сборка,
 * tooling/sitebuild/pages/notebook_figures.py): у рисунка с раскладкой для телефона
 * (<picture>) на весь экран открывается полный широкий рисунок, который можно увеличить,
 * и на любом экране один и тот же.
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
