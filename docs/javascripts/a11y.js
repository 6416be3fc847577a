/* Доступность страниц урока: то, что нельзя сделать одной разметкой.
 *
 * - Код и таблицы, которые не помещаются по ширине, прокручиваются вбок. Без мыши такой
 *   блок не прокрутить, пока на него нельзя перейти клавишей Tab: даём ему tabindex и
 *   русскую подпись — но только пока он действительно шире экрана (на телефоне таких
 *   блоков больше, чем на компьютере). Так же поступает сама тема со своими блоками кода.
 * - Меню на телефоне спрятано за левым краем, но клавиша Tab проходит по его ссылкам:
 *   фокус пропадал из виду. Теперь меню выезжает, пока фокус в нём.
 * - Tab из поля поиска попадал в пустой невидимый список результатов (поиск при этом
 *   закрывается). Список — остановка Tab, только когда в нём есть результаты.
 */
(function () {
  "use strict";

  const SCROLLERS = [
    [".jupyter-wrapper .highlight-ipynb", "Код, прокручивается вбок"],
    [".jupyter-wrapper .jp-OutputArea-output", "Вывод ячейки, прокручивается вбок"],
    [".jupyter-wrapper .jp-RenderedText pre", "Вывод ячейки, прокручивается вбок"],
    [".md-typeset__scrollwrap", "Таблица, прокручивается вбок"],
  ];

  function mark(node, scrolls) {
    const label = node.lessonScrollLabel;
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

  function followFocusWithDrawer() {
    const drawer = document.getElementById("__drawer");
    const menu = document.querySelector(".md-sidebar--primary");
    const narrow = window.matchMedia("(max-width: 76.234375em)"); // граница темы
    if (!drawer || !menu) return;
    menu.addEventListener("focusin", () => {
      if (narrow.matches && !drawer.checked) drawer.click();
    });
    menu.addEventListener("focusout", (event) => {
      if (narrow.matches && drawer.checked && !menu.contains(event.relatedTarget)) drawer.click();
    });
  }

  function skipEmptySearchResults() {
    const wrap = document.querySelector(".md-search__scrollwrap");
    const list = document.querySelector(".md-search-result__list");
    if (!wrap || !list) return;
    const update = () => wrap.setAttribute("tabindex", list.childElementCount ? "0" : "-1");
    new MutationObserver(update).observe(list, { childList: true });
    update();
  }

  // Тема ставит у каждого блока кода <nav> с кнопкой копирования: одинаковые безымянные
  // области навигации неразличимы для чтения с экрана, поэтому у каждой — свой номер.
  function labelCodeNavs() {
    const label = () =>
      document.querySelectorAll(".md-code__nav").forEach((nav, k) => {
        const name = `Кнопки блока кода ${k + 1}`;
        if (nav.getAttribute("aria-label") !== name) nav.setAttribute("aria-label", name);
      });
    new MutationObserver(label).observe(document.body, { childList: true, subtree: true });
    label();
  }

  function mount() {
    labelCodeNavs();
    followFocusWithDrawer();
    skipEmptySearchResults();
    // Сначала все замеры, потом все правки: замер после правки заставлял браузер заново
    // раскладывать страницу на каждом блоке. Первый вызов — сразу после observe().
    const observer = new ResizeObserver((entries) => {
      const nodes = entries.map((entry) => entry.target);
      const wide = nodes.map((node) => node.scrollWidth > node.clientWidth + 1);
      nodes.forEach((node, k) => mark(node, wide[k]));
    });
    for (const [selector, label] of SCROLLERS) {
      for (const node of document.querySelectorAll(selector)) {
        node.lessonScrollLabel = label;
        observer.observe(node);
      }
    }
  }

  // Скрипты стоят с defer и выполняются раньше, чем тема обернёт таблицы в прокрутку:
  // document$ темы сообщает, что её разметка готова (страницы без темы — по DOMContentLoaded).
  if (typeof document$ !== "undefined") {
    document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
