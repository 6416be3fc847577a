/* Доступность страниц урока: то, что нельзя сделать одной разметкой.
 *
 * Код и таблицы, которые не помещаются по ширине, прокручиваются вбок. Без мыши такой
 * блок не прокрутить, пока на него нельзя перейти клавишей Tab: даём ему tabindex и
 * русскую подпись — но только пока он действительно шире экрана (на телефоне таких
 * блоков больше, чем на компьютере). Так же поступает сама тема Material со своими
 * блоками кода.
 */
(function () {
  "use strict";

  const SCROLLERS = [
    [".jupyter-wrapper .highlight-ipynb", "Код, прокручивается вбок"],
    [".jupyter-wrapper .jp-OutputArea-output", "Вывод ячейки, прокручивается вбок"],
    [".jupyter-wrapper .jp-RenderedText pre", "Вывод ячейки, прокручивается вбок"],
    [".md-typeset__scrollwrap", "Таблица, прокручивается вбок"],
  ];

  function update(node, label) {
    const scrolls = node.scrollWidth > node.clientWidth + 1;
    if (scrolls && !node.hasAttribute("tabindex")) {
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "group");
      node.setAttribute("aria-label", label);
      node.dataset.lessonScroll = "";
    } else if (!scrolls && "lessonScroll" in node.dataset) {
      for (const name of ["tabindex", "role", "aria-label", "data-lesson-scroll"]) {
        node.removeAttribute(name);
      }
    }
  }

  function mount() {
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) update(entry.target, entry.target.lessonScrollLabel);
    });
    for (const [selector, label] of SCROLLERS) {
      for (const node of document.querySelectorAll(selector)) {
        node.lessonScrollLabel = label;
        update(node, label);
        observer.observe(node);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
