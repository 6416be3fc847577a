/* Поиск грузится, когда он нужен: индекс (≈ 280 КБ) и воркер поиска темы скачиваются,
 * только когда ученик открывает поиск (фокус в поле, значок лупы, клавиши темы «/», «s»),
 * наводит на него мышь или пришёл со страницы выдачи (адрес с ?h=… — подсветка слов).
 *
 * Тема создаёт воркер и запрашивает индекс сразу при загрузке страницы, а настройки, чтобы
 * это отложить, у неё нет. Поэтому здесь — до скрипта темы (overrides/main.html) — запрос
 * индекса (с сервера — XMLHttpRequest к search_index.json, с диска — <script> с
 * search_index.js) и создание воркера (с диска — прокладка iframe-worker) придерживаются до
 * первого обращения к поиску. Остальные запросы, скрипты и воркеры не меняются.
 */
(() => {
  "use strict";

  const INDEX = /\/search\/search_index\.js(?:on)?$/;
  const config = document.getElementById("__config");
  if (!config || !document.forms.namedItem("search")) return;
  const absolute = (url) => new URL(String(url), document.baseURI);
  const searchWorker = absolute(JSON.parse(config.textContent).search).href;

  const stop = new AbortController();
  let release;
  const needed = new Promise((resolve) => {
    release = resolve;
  });
  const later = (action) => needed.then(action);
  function want() {
    release();
    stop.abort();
  }

  // Индекс с сервера: отправка запроса ждёт первого обращения к поиску.
  const { open, send } = XMLHttpRequest.prototype;
  const held = new WeakSet();
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (INDEX.test(absolute(url).pathname)) held.add(this);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (!held.has(this)) return send.apply(this, args);
    held.delete(this);
    later(() => send.apply(this, args));
  };

  // Индекс с диска: тема вставляет <script src=".../search_index.js"> в <head>.
  const head = document.head;
  const append = head.appendChild;
  head.appendChild = function (node) {
    if (node instanceof HTMLScriptElement && INDEX.test(absolute(node.src).pathname)) {
      later(() => append.call(head, node));
      return node;
    }
    return append.call(this, node);
  };

  // Воркер поиска: настоящий создаётся при первом обращении; сообщения до того копятся.
  const RealWorker = window.Worker;
  class LazyWorker extends EventTarget {
    constructor(url, options) {
      super();
      this.onmessage = this.onerror = null;
      const queue = [];
      let ended = false;
      this.postMessage = (message) => queue.push(message);
      this.terminate = () => {
        ended = true;
      };
      later(() => {
        if (ended) return;
        const worker = new RealWorker(url, options);
        for (const type of ["message", "error"]) {
          worker.addEventListener(type, (event) => {
            const copy =
              type === "message"
                ? new MessageEvent("message", { data: event.data })
                : new ErrorEvent("error", event);
            this.dispatchEvent(copy);
            if (this[`on${type}`]) this[`on${type}`](copy);
          });
        }
        this.postMessage = (message) => worker.postMessage(message);
        this.terminate = () => worker.terminate();
        queue.forEach(this.postMessage);
      });
    }
  }
  window.Worker = function Worker(url, options) {
    return absolute(url).href === searchWorker
      ? new LazyWorker(url, options)
      : new RealWorker(url, options);
  };

  // Что значит «ученику нужен поиск».
  if (new URLSearchParams(location.search).has("h")) want();
  const inSearch = (target) =>
    target instanceof Element && target.closest(".md-search, label[for='__search']") !== null;
  const listen = { capture: true, passive: true, signal: stop.signal };
  for (const type of ["focusin", "pointerdown", "pointerover"]) {
    document.addEventListener(type, (event) => inSearch(event.target) && want(), listen);
  }
  document.addEventListener("change", (e) => e.target.id === "__search" && want(), listen);
})();
