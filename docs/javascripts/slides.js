// Слайды урока (teacher/deck/index.html): reveal.js из docs/javascripts/vendor/reveal.js.
// Стрелки, PageUp/PageDown (пульт-кликер) и пробел листают; F — во весь экран;
// S — окно докладчика с заметками, часами и таймером темпа по минутам плана.
(function () {
  "use strict";
  var printing = /print-pdf/.test(window.location.search);
  Reveal.initialize({
    width: 1920,
    height: 1080,
    // Поля почти нулевые: рисунку — всё место экрана (надписи ≥ 24 px на 1920×1080).
    margin: 0.01,
    // Слайд — колонка по центру (slides.css): заголовок, затем рисунок на всё место.
    // center: true у reveal.js считает отступ сверху сам и не даёт рисунку растянуться.
    center: false,
    display: "flex",
    // Картинки — data-src: reveal.js загружает их, только когда слайд в двух шагах от
    // текущего, поэтому первый экран грузит мало (при печати ?print-pdf — все сразу).
    viewDistance: 2,
    mobileViewDistance: 2,
    hash: true,
    // Номер слайда печатает шаблон: номер reveal.js — ссылка на «#/…», а не на якорь.
    slideNumber: false,
    controls: true,
    progress: true,
    transition: "none",
    pdfSeparateFragments: false,
    pdfMaxPagesPerSlide: 1,
    scrollActivationWidth: null,  // и на узком экране — слайды, а не прокручиваемая лента
    // Минуты плана: у каждого слайда data-timing; с defaultTiming окно докладчика
    // показывает темп — успеваете ли вы по плану.
    defaultTiming: 60,
    plugins: [RevealNotes],
  }).then(function () {
    // Подписи кнопок reveal.js — по-русски (для экранного диктора).
    var labels = {
      left: "Предыдущий слайд", right: "Следующий слайд",
      up: "Вверх", down: "Вниз",
    };
    Object.keys(labels).forEach(function (dir) {
      document.querySelectorAll(".reveal .controls .navigate-" + dir).forEach(function (b) {
        b.setAttribute("aria-label", labels[dir]);
      });
    });
    if (printing) { document.documentElement.classList.add("printing"); }
  });
})();
