/* Переход к разделу страницы-блокнота попадает точно в заголовок.
 *
 * Ячейки за пределами экрана браузер не раскладывает (content-visibility в
 * stylesheets/notebook.css), и их высота до показа — примерная. Переход по ссылке «#раздел»
 * (оглавление, выдача поиска, ссылка с другой страницы) из-за этого промахивался на
 * несколько строк. Поэтому при таком переходе все ячейки раскладываются по-настоящему
 * (класс lesson-cells-laid-out), и заголовок ставится на место ещё раз. Подключается только
 * к страницам-блокнотам (tooling/sitebuild/page_assets.py).
 */
(() => {
  "use strict";

  function toHeading() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    document.documentElement.classList.add("lesson-cells-laid-out");
    target.scrollIntoView();
  }

  addEventListener("hashchange", toHeading);
  toHeading();
})();
