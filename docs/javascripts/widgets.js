/* Тренажёры урока: пошаговая свёртка, рецептивное поле, калькулятор форм и параметров.
 *
 * Обычный JavaScript без сборки и библиотек. Ни одного числа урока здесь нет: пример
 * свёртки, фильтры, начальная стопка слоёв и примеры калькулятора каждый тренажёр берёт из
 * своего атрибута data-config — его пишет lessonlib.trainer из фактов урока при сборке.
 * Формулы повторяют lessonlib: conv.output_size и conv2d (без переворота фильтра),
 * receptive_field.region, shapes.trace; совпадение проверяет tests/test_widgets.py.
 * Строки и столбцы везде считаются с нуля, как в lessonlib и в тексте урока.
 *
 * Разметка на странице: <div class="cnn-widget" data-widget="conv-stepper" data-config='{…}'>
 * (ещё "receptive-field" и "shape-calculator": {"presets": {…}, "start": "…"}; кнопка
 * «+ Пулинг» — только с {"pooling": true}: его ставит урок, который уже рассказал о пулинге).
 */
(() => {
  "use strict";

  const MINUS = "\u2212";
  const NBSP = "\u00a0";
  let uid = 0;
  const newId = (prefix) => `cnn-${prefix}-${++uid}`;

  // ---------------------------------------------------------------- DOM

  /** Элемент с атрибутами: text — текст, testid — data-testid, on* — обработчики. */
  function h(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value == null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else if (key === "testid") node.dataset.testid = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    node.append(...children.flat().filter((c) => c != null && c !== false));
    return node;
  }

  const range = (n, from = 0) => Array.from({ length: n }, (_, k) => k + from);

  function select(label, values, current, testid, onChange, format = String) {
    const id = newId("select");
    const control = h(
      "select",
      { id, testid, onchange: (e) => onChange(Number(e.target.value)) },
      values.map((v) => h("option", { value: v, selected: v === current, text: format(v) })),
    );
    return h("span", { class: "cnn-field" }, h("label", { for: id, text: label }), control);
  }

  function button(text, testid, onClick, extra = {}) {
    return h("button", {
      type: "button",
      class: "cnn-btn",
      testid,
      onclick: onClick,
      text,
      ...extra,
    });
  }

  /** Флажок внутри своей подписи; onChange получает true/false. */
  function checkbox(text, testid, onChange) {
    const box = h("input", {
      type: "checkbox",
      testid,
      onchange: (e) => onChange(e.target.checked),
    });
    return h("label", { class: "cnn-check" }, box, ` ${text}`);
  }

  function message(testid) {
    return h("p", { class: "cnn-message", role: "alert", testid, hidden: true });
  }

  function say(node, text) {
    node.textContent = text || "";
    node.hidden = !text;
  }

  // ---------------------------------------------------------------- числа

  const group = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);

  /** Число по-русски: минус «−», запятая, неразрывные пробелы между тысячами (как format_count). */
  function fmt(value, digits = 2) {
    if (!Number.isFinite(value)) return "не число";
    // toFixed пишет числа от 10²¹ в виде «1e+21» — такие показываем степенью десяти.
    if (Math.abs(value) >= 1e15) {
      const [mantissa, power] = value.toExponential(2).split("e");
      const sup = power.replace("+", "").replace(/./g, (d) => "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"["0123456789-".indexOf(d)]);
      return `${fmt(Number(mantissa))}·10${sup}`;
    }
    const scale = 10 ** digits;
    const rounded = Math.round(value * scale) / scale;
    const [whole, frac] = Math.abs(rounded).toFixed(digits).split(".");
    const tail = frac.replace(/0+$/, "");
    return (rounded < 0 ? MINUS : "") + group(whole) + (tail ? "," + tail : "");
  }

  /** Множественное число, как lessonlib.shapes._plural: «5 фильтров», «3 фильтра». */
  function plural(n, one, few, many) {
    const d = n % 10;
    const dd = n % 100;
    let word = many;
    if (d === 1 && dd !== 11) word = one;
    else if (d >= 2 && d <= 4 && !(dd >= 12 && dd <= 14)) word = few;
    return `${fmt(n)} ${word}`;
  }

  /** Текст клетки фильтра: 1/9 вместо 0,1111…, иначе обычное число. */
  function cellText(value) {
    if (Number.isInteger(value)) return fmt(value);
    for (let d = 2; d <= 16; d++) {
      const top = Math.round(value * d);
      if (Math.abs(value * d - top) < 1e-9) return `${fmt(top)}/${d}`;
    }
    return fmt(value, 4);
  }

  const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)$/;

  /** Разбирает «12», «−3», «0,5», «1/9»; не число — null. */
  function parseNumber(text) {
    const t = text
      .replace(/\s/g, "") // и неразрывные пробелы: «1 000»
      .replace(/[\u2212\u2013]/g, "-")
      .replace(",", ".");
    const parts = t.split("/");
    if (parts.length > 2 || !parts.every((p) => NUMBER.test(p))) return null;
    const value = parts.length === 2 ? Number(parts[0]) / Number(parts[1]) : Number(parts[0]);
    return Number.isFinite(value) ? value : null;
  }

  const MAX_COUNT = 100000; // предел для полей калькулятора: больше в уроке не нужно

  // Пределы клеток тренажёра свёртки: яркость пикселя чёрно-белой картинки — от 0 до 255,
  // числа фильтров урока — единицы и десятки, так что ±100 с запасом.
  const CELL_LIMITS = {
    image: { lo: 0, hi: 255, what: "яркость пикселя — число от 0 до 255" },
    kernel: { lo: -100, hi: 100, what: `число фильтра — от ${MINUS}100 до 100` },
  };

  /** Клетка тренажёра свёртки: { value } или { problem } — что не так, по-русски. */
  function checkCell(kind, text) {
    const value = parseNumber(text);
    const { lo, hi, what } = CELL_LIMITS[kind];
    if (value === null) return { problem: "не число" };
    if (value < lo || value > hi) return { problem: `${fmt(value)} — вне пределов: ${what}` };
    return { value };
  }

  /**
   * Целое число от minimum до MAX_COUNT: { value } или { problem } — что не так, по-русски.
   * Поля калькулятора текстовые, поэтому сюда доходит всё, что напечатано.
   */
  function checkCount(text, minimum) {
    const t = String(text).replace(/\s/g, "").replace(/[\u2212\u2013]/g, "-");
    const wanted = `впишите целое число от ${minimum} до ${fmt(MAX_COUNT)}.`;
    if (!t) return { problem: `поле пустое — ${wanted}` };
    const n = parseNumber(t);
    if (n === null) return { problem: `«${String(text).trim()}» — не число; ${wanted}` };
    if (n > MAX_COUNT) return { problem: `число слишком большое; ${wanted}` };
    if (!Number.isInteger(n)) return { problem: `${fmt(n, 4)} — не целое число; ${wanted}` };
    if (n < minimum) return { problem: `${fmt(n)} — слишком мало; ${wanted}` };
    return { value: n };
  }

  // ---------------------------------------------------------------- формулы урока

  /** Окна на стороне i (windows.size_fit): m = ⌊(i + 2p − f)/s⌋ + 1 и остаток; null — не влезает. */
  function windowFit(i, f, stride = 1, padding = 0) {
    const top = i + 2 * padding - f;
    if (top < 0) return null;
    return { m: Math.floor(top / stride) + 1, top, leftover: top % stride };
  }

  /** Размер карты активации (lessonlib.conv.output_size); null, если фильтр не помещается. */
  function outputSize(i, f, stride = 1, padding = 0) {
    return windowFit(i, f, stride, padding)?.m ?? null;
  }

  /** «m = i − f + 1 = 4 − 5 + 1 = 0 < 1» — почему карта активации не получается. */
  function failedFormula(i, f, padding = 0) {
    const m = i + 2 * padding - f + 1;
    const general = padding ? "m = i + 2·p − f + 1" : "m = i − f + 1";
    const numbers = padding ? `${i} + ${2 * padding} − ${f} + 1` : `${i} − ${f} + 1`;
    return `${general} = ${numbers} = ${fmt(m)} < 1`;
  }

  /** Рецептивные поля после каждого слоя (lessonlib.receptive_field._fields). */
  function fields(layers) {
    let size = 1;
    let jump = 1;
    let first = 0;
    return layers.map((layer) => {
      first -= layer.padding * jump;
      size += (layer.kernel - 1) * jump;
      jump *= layer.stride;
      return { size, jump, first };
    });
  }

  /** Отрезок входа [первый, последний], который видит пиксель index (receptive_field.region). */
  function region(layers, index) {
    const { size, jump, first } = fields(layers).at(-1);
    const start = first + index * jump;
    return [start, start + size - 1];
  }

  // ================================================================ 1. Пошаговая свёртка

  const LESSON_PRESET = "lesson";
  const CUSTOM_PRESET = "custom";

  /** Все окна свёртки по порядку (lessonlib.conv.conv2d): угол окна, произведения, сумма. */
  function convolve(image, kernel) {
    const k = kernel.length;
    const m = image.length - k + 1;
    return range(m * m).map((j) => {
      const r0 = Math.floor(j / m);
      const c0 = j % m;
      const products = kernel.map((row, r) => row.map((w, c) => image[r0 + r][c0 + c] * w));
      return { r0, c0, products, total: products.flat().reduce((a, b) => a + b, 0) };
    });
  }

  const lowerFirst = (text) => text[0].toLowerCase() + text.slice(1);

  /** Текст только для экранного диктора. */
  const spoken = (text) => h("span", { class: "cnn-sr", text });

  /**
   * Сетка чисел — таблица с номерами строк и столбцов (счёт с нуля); cell(r, c) даёт td.
   * Подпись — над таблицей, а не <caption>: длинная подпись растягивала бы клетки.
   */
  function gridTable(caption, size, cell, testid) {
    const id = newId("grid");
    const table = h(
      "table",
      { class: "cnn-numbers", testid, "aria-labelledby": id },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("td", { class: "cnn-corner" }),
          range(size).map((c) => h("th", { scope: "col" }, spoken("столбец "), String(c))),
        ),
      ),
      h(
        "tbody",
        {},
        range(size).map((r) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, spoken("строка "), String(r)),
            range(size).map((c) => cell(r, c)),
          ),
        ),
      ),
    );
    return h("div", { class: "cnn-panel" }, h("p", { class: "cnn-caption", id, text: caption }), table);
  }

  /** Коробка, внутри которой широкая сетка прокручивается; с клавиатуры — тоже. */
  function scrollBox(label, ...children) {
    return h("div", { class: "cnn-scroll", role: "group", "aria-label": label }, ...children);
  }

  /**
   * Коробки, которым тесно, получают фокус (иначе их не прокрутить с клавиатуры) и
   * пометку data-lesson-scroll: по ней lesson.css пишет над ними «листайте вбок».
   */
  function syncScrollBoxes(root) {
    for (const box of root.querySelectorAll(".cnn-scroll")) {
      const cut = box.scrollWidth > box.clientWidth + 1;
      if (cut) box.tabIndex = 0;
      else box.removeAttribute("tabindex");
      box.toggleAttribute("data-lesson-scroll", cut);
    }
  }

  /** Поле клетки растёт вместе с числом, чтобы оно не вылезало за рамку (и жирным — в окне). */
  function fitWidth(input) {
    input.style.width = `calc(${1.12 * Math.max(2, input.value.length)}ch + 0.8em)`;
  }

  /** Ряд таблиц тренажёра: первая, затем пары [знак, таблица] — «∗ фильтр», «= карта». */
  function board(first, ...rest) {
    const groups = rest.map(([op, item]) => {
      const sign = h("span", { class: "cnn-op", "aria-hidden": "true", text: op });
      return h("span", { class: "cnn-group" }, sign, item);
    });
    return h("div", { class: "cnn-board" }, first, groups);
  }

  /** Статичная таблица примера урока — её печатает Ctrl+P и PDF вместо формы. */
  function printedExample(data, lessonFilter) {
    const steps = convolve(data.image, data.kernel);
    const n = data.image.length;
    const k = data.kernel.length;
    const m = n - k + 1;
    const table = (caption, matrix, kind) =>
      gridTable(caption, matrix.length, (r, c) =>
        h("td", { class: `cnn-cell cnn-cell--${kind}`, text: cellText(matrix[r][c]) }),
      );
    const output = range(m).map((r) => range(m).map((c) => steps[r * m + c].total));
    const name = lessonFilter ? lowerFirst(lessonFilter.title) : "фильтр урока";
    return h(
      "div",
      { class: "cnn-print", testid: "stepper-print" },
      h("p", {
        class: "cnn-caption",
        text:
          `Пример урока: изображение ${n}×${n}, ${name} ${k}×${k} ` +
          `и карта активации ${m}×${m} после всех ${m * m} шагов.`,
      }),
      board(
        table(`Изображение ${n}×${n}`, data.image, "image"),
        ["∗", table(`Фильтр ${k}×${k}`, data.kernel, "kernel")],
        ["=", table(`Карта активации ${m}×${m}`, output, "output")],
      ),
    );
  }

  function mountStepper(root, data) {
    const copy = (m) => m.map((row) => row.slice());
    const filters = new Map(data.filters.map((f) => [f.key, f]));
    const st = {
      image: copy(data.image),
      kernel: copy(data.kernel),
      preset: LESSON_PRESET,
      step: 0,
      relu: false,
      timer: null,
      bad: new Map(), // клетка с ошибкой («image-1-2») → что в ней не так
      notice: "", // почему свёртка началась заново (смена размера, пример урока)
    };
    const lessonFilter = data.filters.find((f) => same(f.kernel, data.kernel));
    let imageCells = [];
    let outputCells = [];
    let productCells = [];

    function same(a, b) {
      return a.length === b.length && a.every((row, r) => row.every((v, c) => v === b[r][c]));
    }

    function resize(matrix, n) {
      return range(n).map((r) => range(n).map((c) => matrix[r]?.[c] ?? 0));
    }

    // --- элементы
    const sizeLabel = (v) => `${v}×${v}`;
    const imageSize = select(
      "Изображение",
      range(8, 3),
      st.image.length,
      "stepper-image-size",
      (v) => {
        st.image = resize(st.image, v);
        restart(`Изображение теперь ${v}×${v}`);
      },
      sizeLabel,
    );
    const kernelSize = select(
      "Фильтр",
      range(5, 1),
      st.kernel.length,
      "stepper-kernel-size",
      (v) => {
        st.kernel = resize(st.kernel, v);
        st.preset = CUSTOM_PRESET;
        restart(`Фильтр теперь ${v}×${v}`);
      },
      sizeLabel,
    );
    const presetId = newId("preset");
    const preset = h(
      "select",
      { id: presetId, testid: "stepper-preset", onchange: (e) => choosePreset(e.target.value) },
      h("option", {
        value: LESSON_PRESET,
        text: lessonFilter ? `Из урока: ${lowerFirst(lessonFilter.title)}` : "Фильтр урока",
      }),
      data.filters.map((f) => h("option", { value: f.key, text: f.title })),
      h("option", { value: CUSTOM_PRESET, text: "Свой фильтр" }),
    );
    const description = h("p", { class: "cnn-note", testid: "stepper-description" });
    const formula = h("p", { class: "cnn-formula", testid: "stepper-formula" });
    const error = message("stepper-error");
    const imagePanel = h("div");
    const kernelPanel = h("div");
    const outputPanel = h("div");
    const productPanel = h("div");
    const sum = h("p", { class: "cnn-sum", testid: "stepper-sum" });
    const status = h("p", { class: "cnn-status", testid: "stepper-status", "aria-live": "polite" });
    const back = button("◀ Назад", "stepper-back", () => go(st.step - 1));
    const forward = button("Вперёд ▶", "stepper-forward", () => go(st.step + 1));
    const play = button("▶ Пуск", "stepper-play", () => togglePlay(), { "aria-pressed": "false" });
    const reset = button("◀◀ В начало", "stepper-reset", () => go(0));
    const toEnd = button("Все шаги ▶▶", "stepper-end", () => go(Infinity));
    const relu = checkbox(
      "Показать карту после ReLU (отрицательные числа → 0)",
      "stepper-relu",
      (on) => {
        st.relu = on;
        update();
      },
    );

    root.append(
      h(
        "div",
        { class: "cnn-live" },
        h(
          "div",
          { class: "cnn-controls" },
          imageSize,
          kernelSize,
          h(
            "span",
            { class: "cnn-field" },
            h("label", { for: presetId, text: "Готовый фильтр" }),
            preset,
          ),
        ),
        description,
        h(
          "div",
          { class: "cnn-controls" },
          button("Пример урока", "stepper-lesson", () => loadLesson()),
          button("Случайная картинка", "stepper-random", () => randomImage()),
        ),
        formula,
        h("p", {
          class: "cnn-note",
          testid: "stepper-limits",
          text:
            "Числа в клетках можно менять: пиксели — от 0 до 255 (0 — чёрный, 255 — белый), " +
            `числа фильтра — от ${MINUS}100 до 100.`,
        }),
        error,
        board(
          scrollBox("Изображение", imagePanel),
          ["∗", scrollBox("Фильтр", kernelPanel)],
          ["=", scrollBox("Карта активации", outputPanel)],
        ),
        scrollBox("Произведения", productPanel, sum),
        h(
          "div",
          { class: "cnn-controls cnn-nav", role: "group", "aria-label": "Шаги свёртки" },
          reset,
          back,
          play,
          forward,
          toEnd,
        ),
        h("p", {}, relu),
        status,
      ),
      printedExample(data, lessonFilter),
    );

    // --- построение сеток (при смене размеров)
    function editable(kind, label, matrix) {
      const cells = [];
      const table = gridTable(
        `${label} ${matrix.length}×${matrix.length}`,
        matrix.length,
        (r, c) => {
          const input = h("input", {
            class: `cnn-cell cnn-cell--${kind}`,
            type: "text",
            inputmode: kind === "image" ? "decimal" : null,
            autocomplete: "off",
            spellcheck: "false",
            value: cellText(matrix[r][c]),
            "aria-label": `${label}, строка ${r}, столбец ${c}`,
            testid: `${kind}-cell-${r}-${c}`,
            "data-row": r,
            "data-col": c,
            oninput: (e) => edit(kind, r, c, e.target),
            onkeydown: (e) => nudge(e, kind, r, c),
          });
          fitWidth(input);
          cells.push(input);
          return h("td", {}, input);
        },
        `stepper-${kind}`,
      );
      return { table, cells };
    }

    function computed(kind, size, caption, testid) {
      const cells = [];
      const table = gridTable(
        caption,
        size,
        (r, c) => {
          const cell = h("td", {
            class: `cnn-cell cnn-cell--${kind}`,
            testid: `${kind}-cell-${r}-${c}`,
            "data-row": r,
            "data-col": c,
          });
          cells.push(cell);
          return cell;
        },
        testid,
      );
      return { table, cells };
    }

    function build() {
      const n = st.image.length;
      const k = st.kernel.length;
      imageSize.lastChild.value = n;
      kernelSize.lastChild.value = k;
      st.bad.clear();
      preset.value = st.preset;
      const image = editable("image", "Изображение", st.image);
      const kernel = editable("kernel", "Фильтр", st.kernel);
      const products = computed("product", k, "Окно × фильтр: произведения", "stepper-products");
      const m = outputSize(n, k) ?? 0;
      const output = computed("output", m, "Карта активации", "stepper-output");
      imageCells = image.cells;
      outputCells = output.cells;
      productCells = products.cells;
      imagePanel.replaceChildren(image.table);
      kernelPanel.replaceChildren(kernel.table);
      outputPanel.replaceChildren(m ? output.table : "");
      productPanel.replaceChildren(products.table);
      update();
    }

    // --- правка чисел
    function edit(kind, r, c, input) {
      const { value, problem } = checkCell(kind, input.value);
      const key = `${kind}-${r}-${c}`;
      fitWidth(input);
      if (problem) {
        st.bad.set(key, problem);
        input.setAttribute("aria-invalid", "true");
      } else {
        st.bad.delete(key);
        input.removeAttribute("aria-invalid");
        (kind === "image" ? st.image : st.kernel)[r][c] = value;
        if (kind === "kernel") {
          st.preset = CUSTOM_PRESET;
          preset.value = CUSTOM_PRESET;
        }
      }
      update();
    }

    function nudge(event, kind, r, c) {
      if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
      const current = parseNumber(event.target.value);
      if (current === null) return;
      event.preventDefault();
      const delta = (event.shiftKey ? 10 : 1) * (event.key === "ArrowUp" ? 1 : -1);
      event.target.value = cellText(current + delta);
      edit(kind, r, c, event.target);
    }

    function choosePreset(key) {
      const before = st.kernel.length;
      st.preset = key;
      if (key === LESSON_PRESET) st.kernel = copy(data.kernel);
      else if (filters.has(key)) st.kernel = copy(filters.get(key).kernel);
      if (st.kernel.length === before) build();
      else restart(`Фильтр теперь ${st.kernel.length}×${st.kernel.length}`);
    }

    function loadLesson() {
      st.image = copy(data.image);
      st.kernel = copy(data.kernel);
      st.preset = LESSON_PRESET;
      restart("Снова пример урока");
    }

    function randomImage() {
      const n = st.image.length;
      st.image = range(n).map(() => range(n).map(() => Math.floor(Math.random() * 256)));
      build(); // размер тот же — шаг остаётся
    }

    /** Новый размер — другие окна: начинаем с шага 0 и говорим об этом. */
    function restart(reason) {
      stop();
      st.step = 0;
      st.notice = `${reason} — свёртка началась заново. `;
      build();
    }

    // --- шаги
    function ready() {
      return outputSize(st.image.length, st.kernel.length) !== null && !st.bad.size;
    }

    function go(step) {
      if (step !== st.step + 1) stop();
      const steps = ready() ? convolve(st.image, st.kernel).length : 0;
      if (!steps) return;
      st.step = Math.max(0, Math.min(step, steps));
      st.notice = "";
      update();
    }

    function stop() {
      clearInterval(st.timer);
      st.timer = null;
    }

    function togglePlay() {
      if (st.timer) {
        stop();
        update();
        return;
      }
      if (!ready()) return;
      const steps = convolve(st.image, st.kernel).length;
      if (st.step >= steps) st.step = 0;
      st.timer = setInterval(() => {
        go(st.step + 1);
        if (st.step >= steps) {
          stop();
          update();
        }
      }, 900);
      go(st.step + 1);
    }

    // --- отрисовка состояния
    function update() {
      const n = st.image.length;
      const k = st.kernel.length;
      const m = outputSize(n, k);
      const info = filters.get(st.preset === LESSON_PRESET ? lessonFilter?.key : st.preset);
      say(description, info ? info.description : "");
      // Пока в клетке не число, шаг запоминается, а карта не показывается: её не посчитать.
      const steps = ready() ? convolve(st.image, st.kernel) : [];
      if (steps.length) st.step = Math.min(st.step, steps.length);
      const step = steps.length ? st.step : 0;
      const current = steps[step - 1];
      if (m === null) {
        formula.textContent = "";
        say(
          error,
          `Фильтр ${k}×${k} больше изображения ${n}×${n}: по формуле ${failedFormula(n, k)}. ` +
            "Фильтр нельзя целиком наложить на картинку — размер изображения должен быть " +
            "не меньше размера фильтра. Уменьшите фильтр или увеличьте изображение.",
        );
      } else {
        // Формула не рвётся посередине строки: на телефоне переносится целиком.
        formula.replaceChildren(
          "Размер карты активации: ",
          h("span", { class: "cnn-nowrap", text: `m = i − f + 1 = ${n} − ${k} + 1 = ${m}` }),
          `, карта ${m}×${m}, шагов ${m * m}.`,
        );
        const cells = [...st.bad].map(([key, problem]) => {
          const [kind, r, c] = key.split("-");
          const where = `${kind === "image" ? "изображения" : "фильтра"} (строка ${r}, столбец ${c})`;
          return `${where}: ${problem}`;
        });
        say(
          error,
          st.bad.size
            ? `${cells.length > 1 ? "Ошибки в клетках" : "Ошибка в клетке"} ${cells.join("; ")}. ` +
                "В клетке должно быть число: например, 12, −3, 0,5 или 1/9; " +
                `пиксели — от 0 до 255, числа фильтра — от ${MINUS}100 до 100.` +
                (st.step
                  ? ` Шаг ${st.step} запомнен: исправьте число — и свёртка продолжится с него.`
                  : "")
            : "",
        );
      }
      const reluTitle = st.relu ? " после ReLU" : "";
      const outputCaption = outputPanel.querySelector(".cnn-caption");
      if (outputCaption) outputCaption.textContent = `Карта активации ${m}×${m}${reluTitle}`;

      for (const cell of imageCells) {
        const r = Number(cell.dataset.row);
        const c = Number(cell.dataset.col);
        const inside =
          current && r >= current.r0 && r < current.r0 + k && c >= current.c0 && c < current.c0 + k;
        cell.classList.toggle("is-window", Boolean(inside));
      }
      outputCells.forEach((cell, j) => {
        const done = j < step;
        const value = done ? (st.relu ? Math.max(0, steps[j].total) : steps[j].total) : null;
        cell.textContent = done ? fmt(value) : "";
        cell.dataset.value = done ? String(value) : "";
        cell.classList.toggle("is-done", done);
        cell.classList.toggle("is-current", j === step - 1);
      });
      productCells.forEach((cell, j) => {
        const r = Math.floor(j / k);
        const c = j % k;
        const product = current?.products[r][c];
        cell.textContent = current ? fmt(product) : "";
        cell.dataset.value = current ? String(product) : "";
        const pixel = current && st.image[current.r0 + r][current.c0 + c];
        cell.title = current
          ? `${fmt(pixel)} × ${cellText(st.kernel[r][c])} = ${fmt(product)}`
          : "";
      });

      if (current) {
        const reluText = st.relu ? `, после ReLU ${fmt(Math.max(0, current.total))}` : "";
        const where = `(${current.r0}, ${current.c0})`;
        sum.textContent = `Сумма = ${fmt(current.total)}${reluText} → клетка ${where} карты активации`;
        sum.dataset.value = String(current.total);
        status.textContent =
          `Шаг ${step} из ${steps.length}: окно — строки ${current.r0}–${current.r0 + k - 1}, ` +
          `столбцы ${current.c0}–${current.c0 + k - 1}; сумма произведений ${fmt(current.total)}` +
          `${reluText}.${step === steps.length ? " Карта активации готова." : ""}`;
      } else {
        sum.textContent = "";
        sum.dataset.value = "";
        status.textContent = steps.length
          ? `${st.notice}Шаг 0 из ${steps.length}. Нажмите «Вперёд»: фильтр встанет ` +
            "на левый верхний угол изображения. Строки и столбцы считаем с нуля."
          : st.bad.size
            ? `${st.step ? `Шаг ${st.step} запомнен. ` : ""}Исправьте клетку, обведённую красным.`
            : "";
      }
      // aria-disabled, а не disabled: фокус не теряется, когда кнопке больше нечего делать.
      const off = (btn, value) => btn.setAttribute("aria-disabled", String(value));
      off(back, step === 0);
      off(reset, step === 0);
      off(forward, step >= steps.length);
      off(toEnd, step >= steps.length);
      off(play, !steps.length);
      play.textContent = st.timer ? "■ Пауза" : "▶ Пуск";
      play.setAttribute("aria-pressed", String(Boolean(st.timer)));
      syncScrollBoxes(root);
    }

    build();
    new ResizeObserver(() => syncScrollBoxes(root)).observe(root);
  }

  // ================================================================ 2. Рецептивное поле

  function mountReceptiveField(root, data) {
    const st = {
      input: data.input,
      layers: data.layers.map((layer) => ({ ...layer })),
      selected: null,
    };
    const settings = h("div", { class: "cnn-controls" });
    const layerRows = h("div", { class: "cnn-layers" });
    const error = message("rf-error");
    const table = h("table", { class: "cnn-table", testid: "rf-table" });
    const maps = h("div", { class: "cnn-maps", testid: "rf-maps" });
    const summary = h("p", { class: "cnn-status", testid: "rf-summary", "aria-live": "polite" });
    const legend = h(
      "ul",
      { class: "cnn-legend" },
      h("li", {}, h("span", { class: "cnn-swatch is-pixel" }), "выбранный пиксель последней карты"),
      h(
        "li",
        {},
        h("span", { class: "cnn-swatch is-middle" }),
        "что он видит на промежуточных картах",
      ),
      h("li", {}, h("span", { class: "cnn-swatch is-input" }), "его рецептивное поле на входе"),
      h("li", {}, h("span", { class: "cnn-swatch is-pad" }), "за краем картинки (рамка из нулей)"),
    );
    // Всё, что имеет смысл только при удачной стопке слоёв: при ошибке скрывается целиком.
    const picture = h(
      "div",
      { testid: "rf-result" },
      h("p", {
        class: "cnn-note cnn-noprint",
        text:
          "Нажмите на любой пиксель последней карты (или выберите его стрелками). " +
          "Строки и столбцы считаем с нуля.",
      }),
      maps,
      legend,
      scrollBox("Рецептивное поле после каждого слоя", table),
    );
    root.append(settings, layerRows, error, picture, summary);

    function sizes() {
      const result = [st.input];
      for (const [t, layer] of st.layers.entries()) {
        const i = result.at(-1);
        const m = outputSize(i, layer.kernel, layer.stride, layer.padding);
        if (m === null) {
          const k = `${layer.kernel}×${layer.kernel}`;
          const padded = i + 2 * layer.padding;
          const what = t
            ? `карта ${i}×${i}, которая получилась после слоя ${t}`
            : `входная картинка ${i}×${i}`;
          const pad = layer.padding ? ` (даже с рамкой ${layer.padding} — ${padded}×${padded})` : "";
          const fixes = [`выберите фильтр слоя ${t + 1} поменьше`, "добавьте рамку"];
          if (st.layers.slice(0, t).some((l) => l.stride > 1)) fixes.push("уменьшите шаг");
          fixes.push("уберите слой или возьмите вход побольше");
          return {
            error:
              `Слой ${t + 1} не помещается: фильтр ${k} больше, чем ${what}${pad}. ` +
              `Размер карты по формуле: ${failedFormula(i, layer.kernel, layer.padding)}. ` +
              `Что сделать: ${fixes.join(", ")}.`,
          };
        }
        result.push(m);
      }
      return { sizes: result };
    }

    settings.append(
      select(
        "Вход",
        range(30, 3),
        st.input,
        "rf-input-size",
        (v) => {
          st.input = v;
          rebuild();
        },
        (v) => `${v}×${v}`,
      ),
      select("Слоёв", range(5, 1), st.layers.length, "rf-layer-count", (v) => {
        // Новый слой — такой же, как последний слой примера урока.
        while (st.layers.length < v) st.layers.push({ ...data.layers.at(-1) });
        st.layers.length = v;
        buildLayers();
        rebuild();
      }),
    );

    function buildLayers() {
      layerRows.replaceChildren(
        ...st.layers.map((layer, t) =>
          h(
            "fieldset",
            { class: "cnn-layer" },
            h("legend", { text: `Слой ${t + 1}` }),
            select(
              "фильтр",
              range(7, 1),
              layer.kernel,
              `rf-kernel-${t}`,
              (v) => change(t, "kernel", v),
              (v) => `${v}×${v}`,
            ),
            select("шаг", range(3, 1), layer.stride, `rf-stride-${t}`, (v) =>
              change(t, "stride", v),
            ),
            select("рамка", range(4), layer.padding, `rf-padding-${t}`, (v) =>
              change(t, "padding", v),
            ),
          ),
        ),
      );
    }

    function change(t, key, value) {
      st.layers[t][key] = value;
      rebuild();
    }

    function grid(t, n, lo, hi, last) {
      const side = hi - lo + 1;
      const width = Math.min(root.clientWidth || 320, 420) - 24;
      const cell = Math.max(7, Math.min(24, Math.floor(width / side)));
      const node = h("div", {
        class: "cnn-grid cnn-grid--rf",
        style: `--n:${side};--cell:${cell}px`,
        testid: `rf-map-${t}`,
        "data-size": n,
        // Промежуточные карты — картинки: что на них выделено, говорит их подпись.
        role: last ? "group" : "img",
        "aria-label": last ? "Пиксели последней карты" : null,
      });
      for (let r = lo; r <= hi; r++) {
        for (let c = lo; c <= hi; c++) {
          const outside = r < 0 || c < 0 || r >= n || c >= n;
          const props = {
            class: `cnn-rf-cell${outside ? " is-pad" : ""}`,
            "data-row": r,
            "data-col": c,
          };
          if (last) {
            Object.assign(props, {
              type: "button",
              tabindex: "-1",
              testid: `rf-pixel-${r}-${c}`,
              "aria-label": `Пиксель: строка ${r}, столбец ${c}`,
              "aria-pressed": "false",
              onclick: () => choose(r, c, false),
              onkeydown: (e) => arrows(e, r, c, n),
            });
          }
          node.append(h(last ? "button" : "span", props));
        }
      }
      return node;
    }

    function arrows(event, r, c, n) {
      const moves = {
        ArrowUp: [-1, 0],
        ArrowDown: [1, 0],
        ArrowLeft: [0, -1],
        ArrowRight: [0, 1],
        Home: [-r, -c],
        End: [n - 1 - r, n - 1 - c],
      };
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      choose(
        Math.max(0, Math.min(n - 1, r + move[0])),
        Math.max(0, Math.min(n - 1, c + move[1])),
        true,
      );
    }

    function rebuild() {
      rebuildMaps();
      syncScrollBoxes(root);
    }

    function rebuildMaps() {
      const result = sizes();
      say(error, result.error);
      maps.replaceChildren();
      table.replaceChildren();
      summary.textContent = "";
      picture.hidden = Boolean(result.error);
      if (result.error) return;
      const all = result.sizes;
      const last = all.length - 1;
      const n = all[last];
      if (!st.selected || st.selected[0] >= n || st.selected[1] >= n) {
        const centre = Math.floor((n - 1) / 2);
        st.selected = [centre, centre];
      }
      all.forEach((size, t) => {
        // Вокруг карты — рамка из нулей, которую добавляет следующий слой. Поле может
        // выходить и дальше (в рамки более глубоких слоёв), но там нет пикселей этой карты.
        const pad = t < last ? st.layers[t].padding : 0;
        if (t > 0) {
          const layer = st.layers[t - 1];
          maps.append(
            h("span", {
              class: "cnn-arrow",
              text:
                `→ фильтр ${layer.kernel}×${layer.kernel}, ` +
                `шаг ${layer.stride}, рамка ${layer.padding} →`,
            }),
          );
        }
        maps.append(
          h(
            "figure",
            { class: "cnn-panel" },
            h("figcaption", { text: `${t ? `Карта ${t}` : "Вход"}, ${size}×${size}` }),
            grid(t, size, -pad, size - 1 + pad, t === last),
          ),
        );
      });
      const rf = fields(st.layers);
      table.append(
        h("caption", { text: "Рецептивное поле после каждого слоя" }),
        h(
          "tr",
          {},
          ["Слой", "Карта", "Поле на входе", "Шаг полей"].map((text) =>
            h("th", { scope: "col", text }),
          ),
        ),
        ...rf.map((f, t) =>
          h(
            "tr",
            { "data-size": f.size, "data-jump": f.jump },
            h("th", {
              scope: "row",
              text: `${t + 1}: фильтр ${st.layers[t].kernel}×${st.layers[t].kernel}`,
            }),
            h("td", { text: `${all[t + 1]}×${all[t + 1]}` }),
            h("td", { text: `${f.size}×${f.size}` }),
            h("td", { text: String(f.jump) }),
          ),
        ),
      );
      highlight();
    }

    function choose(r, c, focus) {
      st.selected = [r, c];
      highlight();
      if (focus) maps.querySelector(`[data-testid="rf-pixel-${r}-${c}"]`)?.focus();
    }

    function highlight() {
      const [r, c] = st.selected;
      const last = st.layers.length;
      for (let t = 0; t <= last; t++) {
        const node = maps.querySelector(`[data-testid="rf-map-${t}"]`);
        const [r0, r1] = t < last ? region(st.layers.slice(t), r) : [r, r];
        const [c0, c1] = t < last ? region(st.layers.slice(t), c) : [c, c];
        const mark = t === 0 ? "is-input" : t < last ? "is-middle" : "is-pixel";
        node.dataset.rows = `${r0},${r1}`;
        node.dataset.cols = `${c0},${c1}`;
        if (t < last) {
          const size = Number(node.dataset.size);
          const span = (a, b) => `${Math.max(a, 0)}–${Math.min(b, size - 1)}`;
          node.setAttribute(
            "aria-label",
            `${t ? `Карта ${t}` : "Вход"} ${size}×${size}: выделены строки ${span(r0, r1)} ` +
              `и столбцы ${span(c0, c1)}`,
          );
        }
        for (const cell of node.children) {
          const y = Number(cell.dataset.row);
          const x = Number(cell.dataset.col);
          const on = y >= r0 && y <= r1 && x >= c0 && x <= c1;
          cell.classList.toggle(mark, on);
          if (t === last) {
            cell.setAttribute("aria-pressed", String(on));
            cell.tabIndex = on ? 0 : -1;
          }
        }
      }
      const [r0, r1] = region(st.layers, r);
      const [c0, c1] = region(st.layers, c);
      const n = st.input;
      const outside = r0 < 0 || c0 < 0 || r1 >= n || c1 >= n;
      const inside = (a, b) => `${Math.max(a, 0)}–${Math.min(b, n - 1)}`;
      summary.textContent =
        `Пиксель карты ${last} в строке ${r}, столбце ${c} (счёт с нуля) видит на входе ` +
        `участок ${r1 - r0 + 1}×${c1 - c0 + 1}: строки ${inside(r0, r1)} и столбцы ` +
        `${inside(c0, c1)}` +
        (outside ? " картинки, остальное — рамка из нулей за её краем." : ".");
    }

    buildLayers();
    rebuild();
  }

  // ================================================================ 3. Формы и параметры

  const MAX_LAYERS = 12;
  // Вид пулинга форму не меняет, но выбирается, как в nn.MaxPool2d / nn.AvgPool2d.
  const POOL_TYPES = ["max", "average"];
  const POOL_TYPE_NAMES = { max: "максимум", average: "среднее" };
  const NEW_LAYER = {
    conv: () => ({ kind: "conv", filters: "4", size: "3", stride: "1", padding: "0" }),
    pool: () => ({ kind: "pool", type: "max", size: "2", stride: "2" }),
  };
  // Поля слоя: подпись (она же в сообщениях) и наименьшее число.
  const LAYER_FIELDS = {
    conv: [
      ["filters", "фильтров", 1],
      ["size", "размер", 1],
      ["stride", "шаг", 1],
      ["padding", "рамка", 0],
    ],
    pool: [
      ["size", "окно", 1],
      ["stride", "шаг", 1],
    ],
  };

  /** data-config тренажёра (lessonlib.trainer); испорченный JSON — {}. */
  function config(root) {
    try {
      return JSON.parse(root.dataset.config || "{}");
    } catch {
      return {};
    }
  }

  function mountShapeCalculator(root, data) {
    // Примеры урока; пулинг — если урок его прошёл.
    const settings = data;
    const presets = settings.presets;
    const st = { input: [], layers: [], dense: "10", useDense: false };
    const inputRow = h("div", { class: "cnn-controls" });
    const layerRows = h("div", { class: "cnn-layers" });
    const adder = (kind, text, testid) =>
      button(text, testid, () => {
        st.layers.push(NEW_LAYER[kind]());
        buildRows();
        update();
      });
    const addConv = adder("conv", "+ Свёрточный слой", "calc-add");
    const addPool = settings.pooling === true && adder("pool", "+ Пулинг", "calc-add-pool");
    const dense = checkbox("Вытягивание (flatten) и полносвязный слой в конце", "calc-dense", (on) => {
      st.useDense = on;
      buildDense();
      update();
    });
    const denseUnits = h("span");
    const error = message("calc-error");
    error.id = newId("calc-error");
    const warning = h("p", { class: "cnn-note", testid: "calc-warning", "aria-live": "polite" });
    const table = h("table", { class: "cnn-table", testid: "calc-table" });
    const summary = h("p", { class: "cnn-status", testid: "calc-summary", "aria-live": "polite" });

    root.append(
      h(
        "div",
        { class: "cnn-controls cnn-noprint", role: "group", "aria-label": "Готовые примеры" },
        Object.entries(presets).map(([key, p]) =>
          button(p.title, `calc-preset-${key}`, () => load(key)),
        ),
      ),
      inputRow,
      layerRows,
      h("div", { class: "cnn-controls" }, addConv, addPool),
      h("div", { class: "cnn-controls" }, dense, denseUnits),
      error,
      scrollBox("Формы и параметры", table),
      summary,
      warning,
    );

    /** Поле для целого числа: текстовое, чтобы и буквы дошли до проверки и её сообщения. */
    function number(label, value, testid, onValue, minimum = 1) {
      const id = newId("num");
      const input = h("input", {
        id,
        type: "text",
        inputmode: "numeric",
        autocomplete: "off",
        "data-min": minimum,
        value,
        testid,
        oninput: (e) => {
          onValue(e.target.value);
          update();
        },
        onkeydown: (e) => {
          if (e.key !== "ArrowUp" && e.key !== "ArrowDown") return;
          const n = checkCount(e.target.value, minimum).value;
          if (n === undefined) return;
          e.preventDefault();
          const next = n + (e.key === "ArrowUp" ? 1 : -1);
          e.target.value = String(Math.max(minimum, Math.min(MAX_COUNT, next)));
          onValue(e.target.value);
          update();
        },
      });
      return h("span", { class: "cnn-field" }, h("label", { for: id, text: label }), input);
    }

    function load(key) {
      const p = presets[key];
      st.input = p.input.map(String);
      st.layers = p.layers.map((layer) => {
        const copy = { kind: layer.kind, type: layer.type };
        for (const [field] of LAYER_FIELDS[layer.kind]) copy[field] = String(layer[field]);
        return copy;
      });
      st.useDense = p.dense !== null;
      st.dense = String(p.dense ?? 10);
      dense.firstChild.checked = st.useDense;
      inputRow.replaceChildren(
        ...["высота", "ширина", "каналы"].map((label, k) =>
          number(
            k ? label : `Вход: ${label}`,
            st.input[k],
            `calc-${["height", "width", "channels"][k]}`,
            (v) => {
              st.input[k] = v;
            },
          ),
        ),
      );
      buildRows();
      buildDense();
      update();
    }

    /** «Свёртка 2», «Пулинг 1»: у каждого вида свой счёт. */
    function titles() {
      const seen = { conv: 0, pool: 0 };
      return st.layers.map((layer) => {
        const n = ++seen[layer.kind];
        return layer.kind === "conv"
          ? { title: `Свёртка ${n}`, of: `свёртки ${n}` }
          : { title: `Пулинг ${n}`, of: `пулинга ${n}` };
      });
    }

    function buildRows() {
      const names = titles();
      layerRows.replaceChildren(
        ...st.layers.map((layer, t) =>
          h(
            "fieldset",
            { class: "cnn-layer" },
            h(
              "legend",
              {},
              `${names[t].title} `,
              button(
                "✕",
                `calc-remove-${t}`,
                () => {
                  st.layers.splice(t, 1);
                  buildRows();
                  update();
                  addConv.focus();
                },
                {
                  "aria-label": `Удалить: ${lowerFirst(names[t].title)}`,
                  disabled: st.layers.length === 1,
                  class: "cnn-btn cnn-btn--icon",
                },
              ),
            ),
            layer.kind === "pool" &&
              select(
                "вид",
                range(POOL_TYPES.length),
                POOL_TYPES.indexOf(layer.type),
                `calc-kind-${t}`,
                (v) => {
                  layer.type = POOL_TYPES[v];
                  update();
                },
                (v) => POOL_TYPE_NAMES[POOL_TYPES[v]],
              ),
            LAYER_FIELDS[layer.kind].map(([field, label, minimum]) =>
              number(label, layer[field], `calc-${field}-${t}`, (v) => (layer[field] = v), minimum),
            ),
          ),
        ),
      );
      addConv.disabled = st.layers.length >= MAX_LAYERS;
      if (addPool) addPool.disabled = addConv.disabled;
    }

    function buildDense() {
      denseUnits.replaceChildren(
        st.useDense ? number("нейронов", st.dense, "calc-units", (v) => (st.dense = v)) : "",
      );
    }

    /** Окна не укладываются: сколько строк снизу и столбцов справа не видит ни одно окно. */
    function leftoverWarning(name, layer, shape) {
      const p = layer.padding ?? 0;
      const lost = shape
        .slice(0, 2)
        .map((i) => Math.max(0, windowFit(i, layer.size, layer.stride, p).leftover - p));
      if (!lost[0] && !lost[1]) return "";
      const parts = [];
      if (lost[0]) parts.push(`строк снизу — ${lost[0]}`);
      if (lost[1]) parts.push(`столбцов справа — ${lost[1]}`);
      const sizeField = layer.kind === "conv" ? "«размер», «рамку»" : "«окно»";
      return (
        `${name.title}, поле «шаг»: шаг ${layer.stride} не укладывается в карту ` +
        `${shape[0]}×${shape[1]} — i + 2p − f не делится на s, и сеть отбрасывает ` +
        `край карты (${parts.join(", ")}). Подберите ${sizeField} или «шаг» ${name.of}.`
      );
    }

    /** То же, что lessonlib.shapes.trace: строки таблицы или сообщение об ошибке. */
    function trace() {
      const bad = [];
      const count = (text, where, minimum = 1) => {
        const { value, problem } = checkCount(text, minimum);
        if (problem) bad.push(`${where}: ${problem}`);
        return value;
      };
      const [height, width, channels] = st.input.map((v, k) =>
        count(v, ["Вход, высота", "Вход, ширина", "Вход, каналы"][k]),
      );
      const names = titles();
      const layers = st.layers.map((layer, t) => {
        const checked = { kind: layer.kind, type: layer.type };
        for (const [field, label, minimum] of LAYER_FIELDS[layer.kind]) {
          checked[field] = count(layer[field], `${names[t].title}, поле «${label}»`, minimum);
        }
        return checked;
      });
      const units = st.useDense ? count(st.dense, "Полносвязный слой, поле «нейронов»") : null;
      if (bad.length) return { rows: [], error: bad.join("\n") };

      let shape = [height, width, channels];
      const rows = [];
      const warnings = [];
      for (const [t, layer] of layers.entries()) {
        const [hh, ww, cc] = shape;
        const p = layer.padding ?? 0;
        const f = layer.size;
        const out = [hh, ww].map((i) => outputSize(i, f, layer.stride, p));
        const failed = out.indexOf(null);
        if (failed >= 0) {
          const i = [hh, ww][failed];
          const before = t ? `карта после ${names[t - 1].of}` : "вход";
          const conv = layer.kind === "conv";
          const fix = conv
            ? `Уменьшите поле «размер» ${names[t].of}, увеличьте её «рамку» или уберите слой.`
            : `Уменьшите поле «окно» ${names[t].of} или уберите слой.`;
          return {
            rows: [],
            error:
              `${names[t].title}: ${conv ? "фильтру" : "окну"} ${f}×${f} не хватает места — ` +
              `${before} ${hh}×${ww}×${cc} ${failed ? "по ширине" : "по высоте"} ` +
              `(i = ${i}, f = ${f}): по формуле ${failedFormula(i, f, p)}. ${fix}`,
          };
        }
        const warn = leftoverWarning(names[t], layer, shape);
        if (warn) warnings.push(warn);
        if (layer.kind === "pool") {
          shape = [out[0], out[1], cc];
          rows.push({
            name: `пулинг ${f}×${f}`,
            detail: `${POOL_TYPE_NAMES[layer.type]}, шаг ${layer.stride}`,
            shape,
            weights: 0,
            biases: 0,
          });
          continue;
        }
        shape = [out[0], out[1], layer.filters];
        rows.push({
          name:
            `свёртка: ${plural(layer.filters, "фильтр", "фильтра", "фильтров")} ` +
            `${f}×${f}×${cc}`,
          detail: layer.stride > 1 || p ? `шаг ${layer.stride}, рамка ${p}` : "",
          shape,
          weights: layer.filters * f * f * cc,
          biases: layer.filters,
        });
      }
      if (units !== null) {
        const n = shape.reduce((a, b) => a * b, 1);
        rows.push({
          name: `flatten: вектор из ${plural(n, "числа", "чисел", "чисел")}`,
          shape: [n],
          weights: 0,
          biases: 0,
          flat: true,
        });
        rows.push({
          name: `полносвязный слой: ${plural(units, "нейрон", "нейрона", "нейронов")}`,
          shape: [units],
          weights: n * units,
          biases: units,
        });
      }
      const total = rows.reduce((a, r) => a + r.weights + r.biases, 0);
      // Дальше числа в JavaScript теряют точность: лучше честно сказать, чем показать неверное.
      if (!Number.isSafeInteger(total)) {
        return {
          rows: [],
          error:
            "Параметров получается больше 9 квадриллионов — столько калькулятор точно не " +
            "посчитает. Уменьшите вход, число фильтров или нейронов.",
        };
      }
      return { rows, total, warnings, error: "" };
    }

    const shapeText = (shape) => (shape.length === 1 ? `вектор ${fmt(shape[0])}` : shape.join("×"));

    function update() {
      for (const input of root.querySelectorAll("input[data-min]")) {
        const ok = !checkCount(input.value, Number(input.dataset.min)).problem;
        if (ok) {
          input.removeAttribute("aria-invalid");
          input.removeAttribute("aria-describedby");
        } else {
          input.setAttribute("aria-invalid", "true");
          input.setAttribute("aria-describedby", error.id);
        }
      }
      const { rows, total, warnings, error: problem } = trace();
      say(error, problem);
      say(warning, problem ? "" : warnings.join("\n"));
      // При ошибке таблица пуста и скрыта: старые числа не должны выглядеть ответом.
      table.hidden = Boolean(problem);
      table.replaceChildren();
      summary.replaceChildren();
      if (problem) return;
      table.append(
        h("caption", { text: "Формы карт активации и обучаемые параметры" }),
        h(
          "tr",
          {},
          ["Слой", "Выход", "Параметры: веса + смещения"].map((text) =>
            h("th", { scope: "col", text }),
          ),
        ),
        h(
          "tr",
          {},
          h("th", { scope: "row", text: "вход" }),
          h("td", { text: st.input.map((v) => checkCount(v, 1).value).join("×") }),
          h("td", { text: "—" }),
        ),
        ...rows.map((row, k) =>
          h(
            "tr",
            {
              class: row.flat ? "cnn-total" : null,
              testid: `calc-row-${k}`,
              "data-name": row.name,
              "data-shape": row.shape.join(","),
              "data-weights": row.weights,
              "data-biases": row.biases,
              "data-params": row.weights + row.biases,
            },
            h("th", { scope: "row", text: row.detail ? `${row.name} (${row.detail})` : row.name }),
            h("td", { text: shapeText(row.shape) }),
            h("td", {
              text: row.weights
                ? `${fmt(row.weights)} + ${fmt(row.biases)} = ${fmt(row.weights + row.biases)}`
                : "0",
            }),
          ),
        ),
        h(
          "tr",
          { class: "cnn-total", testid: "calc-total", "data-params": total },
          h("th", { scope: "row", text: "Всего" }),
          h("td"),
          h("td", { text: fmt(total) }),
        ),
      );
      const flat = rows.find((r) => r.flat);
      if (flat) {
        summary.append(
          "Вход полносвязного слоя — ",
          h("strong", {
            testid: "calc-fc-input",
            text: plural(flat.shape[0], "число", "числа", "чисел"),
          }),
          `: у каждого его нейрона столько же весов — ${fmt(flat.shape[0])}. ` +
            `Всего обучаемых параметров: ${fmt(total)}.`,
        );
      } else {
        summary.textContent =
          `Последняя карта активации: ${shapeText(rows.at(-1).shape)}. ` +
          `Всего обучаемых параметров: ${fmt(total)}.`;
      }
      syncScrollBoxes(root);
    }

    load(presets[settings.start] ? settings.start : Object.keys(presets)[0]);
  }

  // ================================================================ подключение

  // «Что видит настоящая сеть»: код и веса (мегабайты) грузятся только по нажатию —
  // всё остальное в javascripts/explorer.js.
  const SCRIPTS = new URL(".", document.currentScript.src);
  function mountRealNetwork(root) {
    const status = h("p", { class: "cnn-message", role: "alert", hidden: true });
    const start = button("Загрузить сеть", "explorer-start", () => {
      start.disabled = true;
      say(status, "");
      const script = h("script", { src: new URL("explorer.js", SCRIPTS).href });
      script.onload = () => window.CNNExplorer.start(root, SCRIPTS).catch(failed);
      script.onerror = failed;
      document.head.append(script);
    });
    function failed() {
      start.disabled = false;
      say(status, "Сеть не загрузилась. Обновите страницу и нажмите «Загрузить сеть» снова.");
    }
    root.append(start, status);
  }

  const WIDGETS = {
    "conv-stepper": mountStepper,
    "receptive-field": mountReceptiveField,
    "shape-calculator": mountShapeCalculator,
    "real-network": mountRealNetwork,
  };

  /** Без чего тренажёр не начать: поля его data-config. */
  const NEEDS = {
    "conv-stepper": ["image", "kernel", "filters"],
    "receptive-field": ["input", "layers"],
    "shape-calculator": ["presets"],
  };

  function mountAll() {
    for (const root of document.querySelectorAll(".cnn-widget[data-widget]:not([data-mounted])")) {
      const mount = WIDGETS[root.dataset.widget];
      if (!mount) continue;
      root.dataset.mounted = "";
      root.classList.add("tex2jax_ignore");
      root.replaceChildren();
      const settings = config(root);
      if (!(NEEDS[root.dataset.widget] ?? []).every((key) => key in settings)) {
        root.append(
          h("p", {
            class: "cnn-message",
            text: "Тренажёр не загрузился: у него нет начальных чисел урока.",
          }),
        );
        continue;
      }
      mount(root, settings);
    }
  }

  /** Тренажёр из другого файла (например, widgets-pooling.js): имя data-widget → mount. */
  function register(name, mount) {
    WIDGETS[name] = mount;
    mountAll();
  }

  // Кирпичики для тренажёров из других файлов — чтобы не копировать их.
  const helpers = {
    ...{ h, range, newId, select, button, message, say, spoken, gridTable, scrollBox, board },
    ...{ syncScrollBoxes, fitWidth, fmt, plural, cellText, parseNumber, outputSize, windowFit },
    config,
  };
  // h — и для javascripts/explorer.js и digit-trainer.js (CNNWidgets.h).
  window.CNNWidgets = { mountAll, register, helpers, h };
  // Material с мгновенной навигацией сообщает о новой странице через document$.
  if (window.document$?.subscribe) window.document$.subscribe(mountAll);
  else if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
  // Тренажёры, вставленные в страницу позже (PDF урока склеивает страницы в одну), тоже
  // оживают: иначе на бумаге остались бы пустые рамки.
  new MutationObserver(() => {
    if (document.querySelector(".cnn-widget[data-widget]:not([data-mounted])")) mountAll();
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
