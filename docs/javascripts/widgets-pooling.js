/* Тренажёры рамки и шага свёртки и пулинга по окнам.
 *
 * Кирпичики (разметка, числа по-русски, сетки) — из widgets.js (window.CNNWidgets.helpers).
 * Ни одного числа урока здесь нет: начальные настройки и карта для пулинга приходят из
 * атрибута data-config, который пишет lessonlib.trainer из фактов урока при сборке.
 * Формулы повторяют lessonlib: windows.size_fit и windows.coverage, pooling.pool2d;
 * совпадение с ними и с PyTorch проверяет tests/test_widgets_pooling.py.
 *
 * Разметка: <div class="cnn-widget" data-widget="padding-stride" data-config='{…}'></div>
 * (ещё "pooling-stepper").
 */
(() => {
  "use strict";

  const W = window.CNNWidgets;
  if (!W?.register) return;
  const { h, range, newId, select, button, message, say, spoken, scrollBox, board } = W.helpers;
  const { syncScrollBoxes, fitWidth, fmt, plural, cellText, parseNumber } = W.helpers;
  const { windowFit, config } = W.helpers;
  const MINUS = "\u2212";

  const sizeLabel = (v) => `${v}×${v}`;
  const pixels = (n) => plural(n, "пиксель", "пикселя", "пикселей");

  /** Сетка r×c (не обязательно квадратная) с номерами строк и столбцов для диктора. */
  function grid(caption, rows, cols, cell, testid) {
    const id = newId("grid");
    const head = h(
      "tr",
      {},
      h("td", { class: "cnn-corner" }),
      range(cols).map((c) => h("th", { scope: "col" }, spoken("столбец "), String(c))),
    );
    const body = range(rows).map((r) =>
      h(
        "tr",
        {},
        h("th", { scope: "row" }, spoken("строка "), String(r)),
        range(cols).map((c) => cell(r, c)),
      ),
    );
    const table = h(
      "table",
      { class: "cnn-numbers", testid, "aria-labelledby": id },
      h("thead", {}, head),
      h("tbody", {}, body),
    );
    return h("div", { class: "cnn-panel" }, h("p", { class: "cnn-caption", id, text: caption }), table);
  }

  /** Шаги: кнопки «В начало», «Назад», «Вперёд», «Все». */
  function stepButtons(prefix, go) {
    return {
      reset: button("◀◀ В начало", `${prefix}-reset`, () => go(0)),
      back: button("◀ Назад", `${prefix}-back`, () => go("back")),
      forward: button("Вперёд ▶", `${prefix}-forward`, () => go("forward")),
      end: button("Все окна ▶▶", `${prefix}-end`, () => go(Infinity)),
    };
  }

  // ================================================================ рамка и шаг

  /** lessonlib.windows.size_fit: размер карты, остаток и расчёт по формуле. */
  function sizeFit(i, f, p, s) {
    const fit = windowFit(i, f, s, p);
    if (!fit) return null;
    const { m, top, leftover } = fit;
    const head = `(${i} + 2·${p} − ${f})`;
    let formula;
    if (s === 1) formula = `${head} + 1 = ${m}`;
    else if (!leftover) formula = `${head}/${s} + 1 = ${top / s} + 1 = ${m}`;
    else formula = `${head}/${s} + 1 = ⌊${fmt(top / s, 2)}⌋ + 1 = ${m}`;
    return { m, leftover, formula };
  }

  /** lessonlib.windows.SizeFit.explanation: подходят ли настройки и что теряется. */
  function explanation(fit, f, p, s) {
    const parts = [];
    if (!fit.leftover) parts.push("Настройки подходят: окна ровно доходят до края.");
    else {
      const lostImage = Math.max(0, fit.leftover - p);
      const strip =
        `Шаг ${s} не укладывается: полоса шириной ${pixels(fit.leftover)} ` +
        "у правого и нижнего края не попадает ни в одно окно";
      // В полосе и картинка, и рамка: называем, сколько чего.
      const lost =
        lostImage < fit.leftover
          ? ` — это ${pixels(lostImage)} картинки и ${pixels(p)} рамки. Пиксели картинки в ней`
          : ". Эти пиксели картинки";
      parts.push(
        lostImage
          ? `${strip}${lost} сеть не видит — ` +
              "подберите рамку или шаг так, чтобы i + 2p − f делилось на s."
          : `${strip}, но это только рамка — все пиксели картинки попали в окна.`,
      );
    }
    if (s > f) {
      parts.push(
        `Шаг больше фильтра: между соседними окнами есть промежутки шириной ${pixels(s - f)}, ` +
          "которые не видит ни одно окно.",
      );
    }
    parts.push(`Карта ${fit.m}×${fit.m}.`);
    return parts.join(" ");
  }

  /** Сколько окон накрывает каждый пиксель оси длиной n = i + 2p (рамка включена). */
  function axisCoverage(n, f, s, m) {
    const counts = range(n).map(() => 0);
    for (let k = 0; k < m; k++) for (let x = k * s; x < k * s + f; x++) counts[x] += 1;
    return counts;
  }

  function mountPaddingStride(root) {
    const start = config(root);
    const st = {
      i: start.input ?? 4,
      f: start.kernel ?? 3,
      p: start.padding ?? 0,
      s: start.stride ?? 1,
      step: 0,
    };
    const choose = (key, label, values, testid) =>
      select(label, values, st[key], testid, (v) => {
        st[key] = v;
        st.step = 0;
        update();
      }, key === "i" || key === "f" ? sizeLabel : String);
    const formula = h("p", { class: "cnn-formula", testid: "ps-formula" });
    const verdict = h("p", { class: "cnn-note", testid: "ps-verdict" });
    const error = message("ps-error");
    const inputPanel = h("div");
    const outputPanel = h("div");
    const status = h("p", { class: "cnn-status", testid: "ps-status", "aria-live": "polite" });
    const buttons = stepButtons("ps", go);

    root.append(
      h(
        "div",
        { class: "cnn-controls" },
        choose("i", "Картинка", range(12, 1), "ps-input"),
        choose("f", "Фильтр", range(7, 1), "ps-kernel"),
        choose("p", "Рамка", range(4), "ps-padding"),
        choose("s", "Шаг", range(4, 1), "ps-stride"),
      ),
      formula,
      verdict,
      error,
      board(scrollBox("Картинка с рамкой", inputPanel), ["→", scrollBox("Карта активации", outputPanel)]),
      h("div", { class: "cnn-controls" }, buttons.reset, buttons.back, buttons.forward, buttons.end),
      status,
    );

    function go(target) {
      const fit = sizeFit(st.i, st.f, st.p, st.s);
      if (!fit) return;
      const total = fit.m * fit.m;
      const step = target === "back" ? st.step - 1 : target === "forward" ? st.step + 1 : target;
      st.step = Math.max(0, Math.min(step, total));
      update();
    }

    function update() {
      const { i, f, p, s } = st;
      const n = i + 2 * p;
      const fit = sizeFit(i, f, p, s);
      formula.textContent = "m = ⌊(i + 2p − f)/s⌋ + 1" + (fit ? ` = ${fit.formula}` : "");
      for (const b of Object.values(buttons)) b.disabled = !fit;
      if (!fit) {
        say(
          error,
          `Фильтр ${f}×${f} не помещается: картинка с рамкой занимает i + 2p = ${i} + ` +
            `${2 * p} = ${n} < ${f}. По формуле i + 2p − f = ${fmt(n - f)} < 0 — окна нет ` +
            "ни одного. Возьмите фильтр меньше или рамку шире.",
        );
        verdict.textContent = "";
        inputPanel.replaceChildren();
        outputPanel.replaceChildren();
        status.textContent = "";
        syncScrollBoxes(root);
        return;
      }
      say(error, "");
      const { m } = fit;
      verdict.textContent = explanation(fit, f, p, s);
      const counts = axisCoverage(n, f, s, m);
      const current = st.step > 0 ? st.step - 1 : null;
      const row0 = current === null ? -1 : Math.floor(current / m) * s;
      const col0 = current === null ? -1 : (current % m) * s;
      const inside = (x) => x >= p && x < p + i;
      inputPanel.replaceChildren(
        grid(
          `Картинка ${i}×${i} с рамкой ${p}: сколько окон накрывает пиксель`,
          n,
          n,
          (r, c) => {
            const pad = !inside(r) || !inside(c);
            const win = r >= row0 && r < row0 + f && c >= col0 && c < col0 + f;
            const count = counts[r] * counts[c];
            const classes = ["cnn-cell", pad ? "cnn-cell--pad" : "cnn-cell--image"];
            if (!count) classes.push("is-lost");
            if (win) classes.push("is-window");
            return h("td", {
              class: classes.join(" "),
              testid: `ps-cell-${r}-${c}`,
              "aria-label": `${pad ? "рамка" : "пиксель"}: окон ${count}${win ? ", в окне" : ""}`,
              text: String(count),
            });
          },
          "ps-grid",
        ),
      );
      outputPanel.replaceChildren(
        grid(
          `Карта ${m}×${m}`,
          m,
          m,
          (r, c) => {
            const k = r * m + c;
            const classes = ["cnn-cell", "cnn-cell--output"];
            if (current !== null && k < current) classes.push("is-done");
            if (k === current) classes.push("is-current");
            return h("td", { class: classes.join(" "), testid: `ps-out-${r}-${c}`, text: "" });
          },
          "ps-output",
        ),
      );
      const total = m * m;
      if (current === null) {
        status.textContent = `Окон всего ${fmt(total)}. Нажмите «Вперёд», чтобы пройти их по очереди.`;
      } else {
        const last = (x) => x + f - 1;
        status.textContent =
          `Окно ${current + 1} из ${total}: строки ${row0}–${last(row0)}, ` +
          `столбцы ${col0}–${last(col0)} картинки с рамкой → ` +
          `пиксель карты (${Math.floor(current / m)}, ${current % m}).`;
      }
      buttons.back.disabled = st.step === 0;
      buttons.reset.disabled = st.step === 0;
      buttons.forward.disabled = st.step >= total;
      buttons.end.disabled = st.step >= total;
      syncScrollBoxes(root);
    }

    update();
  }

  // ================================================================ пулинг по окнам

  const MODES = { max: "максимум", average: "среднее" };

  /** lessonlib.pooling.pool2d_steps: окна по порядку и что от каждого остаётся. */
  function poolSteps(map, size, stride, mode) {
    const rows = Math.floor((map.length - size) / stride) + 1;
    const cols = Math.floor((map[0].length - size) / stride) + 1;
    return range(rows * cols).map((k) => {
      const top = Math.floor(k / cols) * stride;
      const left = (k % cols) * stride;
      const values = range(size).flatMap((r) => range(size).map((c) => map[top + r][left + c]));
      const result =
        mode === "max" ? Math.max(...values) : values.reduce((a, b) => a + b, 0) / values.length;
      return { top, left, row: Math.floor(k / cols), col: k % cols, values, result, rows, cols };
    });
  }

  /** Результат пулинга целиком: строки и столбцы итоговой карты. */
  function pooled(map, size, stride, mode) {
    const all = poolSteps(map, size, stride, mode);
    const { rows, cols } = all[0];
    return range(rows).map((r) => range(cols).map((c) => all[r * cols + c].result));
  }

  /** Статичный пример для печати: на бумаге не нажать «Вперёд», поэтому все окна карты урока
   *  уже пройдены — и максимум, и среднее. На экране его заменяет живой тренажёр. */
  function printedPooling(map, size, stride) {
    const table = (caption, matrix, text) =>
      grid(caption, matrix.length, matrix[0].length, (r, c) =>
        h("td", { class: "cnn-cell cnn-cell--output", text: text(matrix[r][c]) }),
      );
    const result = (mode, op) => {
      const out = pooled(map, size, stride, mode);
      const name = `${MODES[mode][0].toUpperCase()}${MODES[mode].slice(1)}`;
      return [op, table(`${name}: ${out.length}×${out[0].length}`, out, (v) => fmt(v))];
    };
    return h(
      "div",
      { class: "cnn-print", testid: "pool-print" },
      h("p", {
        class: "cnn-caption",
        text:
          `Пример урока: карта ${map.length}×${map[0].length}, окно ${size}×${size}, ` +
          `шаг ${stride} — все окна пройдены.`,
      }),
      board(
        table(`Карта ${map.length}×${map[0].length}`, map, cellText),
        result("max", "→"),
        result("average", "или"),
      ),
    );
  }

  function mountPoolingStepper(root) {
    const start = config(root);
    const lessonMap = Array.isArray(start.map) ? start.map : [[1, 2], [3, 4]];
    const copy = (m) => m.map((row) => row.slice());
    const st = {
      map: copy(lessonMap),
      size: start.size ?? 2,
      stride: start.stride ?? 2,
      mode: "max",
      step: 0,
      bad: new Map(),
    };
    const modeId = newId("mode");
    const mode = h(
      "select",
      {
        id: modeId,
        testid: "pool-mode",
        onchange: (e) => {
          st.mode = e.target.value;
          update();
        },
      },
      Object.entries(MODES).map(([key, text]) => h("option", { value: key, text })),
    );
    const sizes = (key, label, testid) =>
      select(label, range(4, 1), st[key], testid, (v) => {
        st[key] = v;
        st.step = 0;
        update();
      }, key === "size" ? sizeLabel : String);
    const error = message("pool-error");
    const kept = h("p", { class: "cnn-note", testid: "pool-kept" });
    const mapPanel = h("div");
    const outPanel = h("div");
    const status = h("p", { class: "cnn-status", testid: "pool-status", "aria-live": "polite" });
    const buttons = stepButtons("pool", go);
    let mapCells = [];

    root.append(
      h(
        "div",
        { class: "cnn-live" },
        h(
          "div",
          { class: "cnn-controls" },
          h("span", { class: "cnn-field" }, h("label", { for: modeId, text: "Пулинг" }), mode),
          sizes("size", "Окно", "pool-size"),
          sizes("stride", "Шаг", "pool-stride"),
        ),
        h(
          "div",
          { class: "cnn-controls" },
          button("Карта урока", "pool-lesson", () => load(copy(lessonMap))),
          button("Случайная карта", "pool-random", () =>
            load(st.map.map((row) => row.map(() => Math.floor(Math.random() * 19) - 9))),
          ),
        ),
        error,
        kept,
        board(scrollBox("Карта активации", mapPanel), ["→", scrollBox("Результат пулинга", outPanel)]),
        h("div", { class: "cnn-controls" }, buttons.reset, buttons.back, buttons.forward, buttons.end),
        status,
      ),
      printedPooling(lessonMap, st.size, st.stride),
    );

    function load(map) {
      st.map = map;
      st.bad.clear();
      st.step = 0;
      build();
    }

    function build() {
      const rows = st.map.length;
      const cols = st.map[0].length;
      mapCells = [];
      mapPanel.replaceChildren(
        grid(
          `Карта ${rows}×${cols}`,
          rows,
          cols,
          (r, c) => {
            const input = h("input", {
              class: "cnn-cell cnn-cell--output",
              type: "text",
              inputmode: "decimal",
              autocomplete: "off",
              spellcheck: "false",
              value: cellText(st.map[r][c]),
              "aria-label": `Карта, строка ${r}, столбец ${c}`,
              testid: `pool-cell-${r}-${c}`,
              oninput: (e) => edit(r, c, e.target),
            });
            fitWidth(input);
            mapCells.push(input);
            return h("td", {}, input);
          },
          "pool-map",
        ),
      );
      update();
    }

    function edit(r, c, input) {
      const value = parseNumber(input.value);
      fitWidth(input);
      if (value === null) {
        st.bad.set(`${r}-${c}`, { r, c, text: input.value.trim() });
        input.setAttribute("aria-invalid", "true");
      } else {
        st.bad.delete(`${r}-${c}`);
        input.removeAttribute("aria-invalid");
        st.map[r][c] = value;
      }
      update();
    }

    function steps() {
      const side = Math.min(st.map.length, st.map[0].length);
      if (st.bad.size || st.size > side) return null;
      return poolSteps(st.map, st.size, st.stride, st.mode);
    }

    function go(target) {
      const all = steps();
      if (!all) return;
      const step = target === "back" ? st.step - 1 : target === "forward" ? st.step + 1 : target;
      st.step = Math.max(0, Math.min(step, all.length));
      update();
    }

    function problem() {
      if (st.bad.size) {
        const { r, c, text } = st.bad.values().next().value;
        const shown = text ? `«${text}» — не число` : "клетка пустая";
        return `Карта, строка ${r}, столбец ${c}: ${shown}. Впишите число, например ${MINUS}3 или 0,5.`;
      }
      const rows = st.map.length;
      const cols = st.map[0].length;
      if (st.size > Math.min(rows, cols)) {
        return (
          `Окно ${st.size}×${st.size} больше карты ${rows}×${cols}: окну негде поместиться ` +
          "целиком. Возьмите окно меньше."
        );
      }
      return "";
    }

    function update() {
      const all = steps();
      say(error, problem());
      for (const b of Object.values(buttons)) b.disabled = !all;
      if (!all) {
        outPanel.replaceChildren();
        kept.textContent = "";
        status.textContent = "";
        for (const cell of mapCells) cell.classList.remove("is-window");
        syncScrollBoxes(root);
        return;
      }
      const { rows, cols } = all[0];
      const total = rows * cols;
      const numbers = st.map.length * st.map[0].length;
      kept.textContent =
        `Из ${fmt(numbers)} чисел карты остаётся ${fmt(total)} — ` +
        `${fmt((100 * total) / numbers, 1)}${"\u00a0"}%. Параметров у пулинга нет: ` +
        "обучать в нём нечего.";
      const current = st.step > 0 ? all[st.step - 1] : null;
      const width = st.map[0].length;
      mapCells.forEach((cell, k) => {
        const r = Math.floor(k / width);
        const c = k % width;
        const win =
          current &&
          r >= current.top &&
          r < current.top + st.size &&
          c >= current.left &&
          c < current.left + st.size;
        cell.classList.toggle("is-window", Boolean(win));
      });
      outPanel.replaceChildren(
        grid(
          `${MODES[st.mode][0].toUpperCase()}${MODES[st.mode].slice(1)}: ${rows}×${cols}`,
          rows,
          cols,
          (r, c) => {
            const k = r * cols + c;
            const done = k < st.step;
            const classes = ["cnn-cell", "cnn-cell--output"];
            if (done) classes.push("is-done");
            if (current && k === st.step - 1) classes.push("is-current");
            return h("td", {
              class: classes.join(" "),
              testid: `pool-out-${r}-${c}`,
              text: done ? fmt(all[k].result) : "",
            });
          },
          "pool-output",
        ),
      );
      if (!current) {
        status.textContent =
          `Окон ${fmt(total)}. Нажмите «Вперёд»: окно ${st.size}×${st.size} пойдёт по карте ` +
          `с шагом ${st.stride}, слева направо, затем вниз.`;
      } else {
        status.textContent =
          `Окно ${st.step} из ${total} (строки ${current.top}–${current.top + st.size - 1}, ` +
          `столбцы ${current.left}–${current.left + st.size - 1}): ` +
          `${current.values.map((v) => fmt(v)).join(", ")} → ${MODES[st.mode]} ` +
          `${fmt(current.result)}.`;
      }
      buttons.back.disabled = st.step === 0;
      buttons.reset.disabled = st.step === 0;
      buttons.forward.disabled = st.step >= total;
      buttons.end.disabled = st.step >= total;
      syncScrollBoxes(root);
    }

    build();
  }

  W.register("padding-stride", mountPaddingStride);
  W.register("pooling-stepper", mountPoolingStepper);
})();
