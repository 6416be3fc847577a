/* Анимации урока (GIF) можно остановить; тем, кто попросил систему не двигать картинки
 * (prefers-reduced-motion), сразу показываются неподвижные кадры.
 *
 * Список кадров с подписями кладёт в атрибут data-stills функция
 * lessonlib.figures.animation.embed_gif. GIF не остановить на месте, поэтому «Пауза»
 * прячет его и показывает те же шаги неподвижными картинками; «Запустить» возвращает GIF.
 */
(function () {
  "use strict";

  const reduce = window.matchMedia("(prefers-reduced-motion: reduce)");

  function mount(gif) {
    let stills;
    try {
      stills = JSON.parse(gif.dataset.stills);
    } catch {
      return; // без списка кадров остаётся обычный GIF
    }
    const box = document.createElement("div");
    box.className = "lesson-motion";
    const still = document.createElement("div");
    still.className = "lesson-motion__stills";
    still.setAttribute("role", "group");
    still.setAttribute("aria-label", "Те же шаги без движения");
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "md-button lesson-motion__toggle";

    function show(moving) {
      if (!moving && !still.childElementCount) {
        for (const frame of stills) {
          const img = document.createElement("img");
          img.src = frame.src;
          img.alt = frame.alt;
          still.append(img);
        }
      }
      gif.hidden = !moving;
      still.hidden = moving;
      // Значок рисуют стили (extra.css): знак «⏸» без шрифта с эмодзи — пустой квадрат.
      const icon = document.createElement("span");
      icon.className = `lesson-motion__icon lesson-motion__icon--${moving ? "pause" : "play"}`;
      icon.setAttribute("aria-hidden", "true");
      toggle.replaceChildren(icon, moving ? "Остановить анимацию" : "Запустить анимацию");
    }

    gif.replaceWith(box);
    box.append(toggle, gif, still);
    toggle.addEventListener("click", () => show(gif.hidden));
    reduce.addEventListener("change", () => show(!reduce.matches));
    show(!reduce.matches);
  }

  function mountAll() {
    document.querySelectorAll("img[data-stills]").forEach(mount);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
