/* Тренажёр «Нарисуй цифру»: рисунок пальцем или мышью → подготовка, как в MNIST → CNN.
 *
 * Обычный JavaScript без библиотек. Сеть, её веса, правила подготовки рисунка и примеры
 * цифр — в window.DIGIT_MODEL из javascripts/digit-model.js (его пишет
 * sitebuild.digit_model из lessonlib.handwriting при сборке). Этот файл подключается
 * тегом <script> только при первом использовании тренажёра: так он работает и на
 * странице, открытой прямо с диска. Подготовка повторяет lessonlib.handwriting.mnist_frame,
 * прямой проход — слои PyTorch; совпадение проверяет tests/test_digit_trainer.py.
 *
 * Разметка на странице: <div class="cnn-widget" data-widget="draw-digit"></div>
 */
(() => {
  "use strict";

  const NBSP = "\u00a0";
  const CANVAS = 280; // сторона холста в пикселях рисунка
  const STROKE = CANVAS / 10; // толщина штриха: в поле 28×28 — пара пикселей, как в MNIST
  const MODEL_URL = (document.currentScript?.src || "").replace(
    /digit-trainer\.js(\?.*)?$/,
    "digit-model.js",
  );

  // ---------------------------------------------------------------- модель

  let modelPromise = null;

  /** window.DIGIT_MODEL — по первому требованию: файл весов грузится тегом <script>. */
  function loadModel() {
    if (!modelPromise) {
      modelPromise = window.DIGIT_MODEL
        ? Promise.resolve(prepareModel(window.DIGIT_MODEL))
        : new Promise((resolve, reject) => {
            const script = document.createElement("script");
            script.src = MODEL_URL;
            script.onload = () =>
              window.DIGIT_MODEL ? resolve(prepareModel(window.DIGIT_MODEL)) : reject();
            script.onerror = () => {
              modelPromise = null;
              reject();
            };
            document.head.append(script);
          });
    }
    return modelPromise;
  }

  function bytes(base64) {
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  function floats(base64) {
    return new Float32Array(bytes(base64).buffer);
  }

  function prepareModel(raw) {
    if (raw.layers[0].weight instanceof Float32Array) return raw;
    for (const layer of raw.layers) {
      if (layer.weight) {
        layer.weight = floats(layer.weight);
        layer.bias = floats(layer.bias);
      }
    }
    for (const example of raw.examples) example.pixels = bytes(example.pixels);
    return raw;
  }

  // ---------------------------------------------------------------- прямой проход

  function conv(x, layer) {
    const { out, size, weight, bias } = layer;
    const h = x.h - size + 1;
    const w = x.w - size + 1;
    const data = new Float64Array(out * h * w);
    for (let o = 0; o < out; o++)
      for (let i = 0; i < h; i++)
        for (let j = 0; j < w; j++) {
          let sum = bias[o];
          for (let c = 0; c < x.c; c++)
            for (let a = 0; a < size; a++)
              for (let b = 0; b < size; b++)
                sum +=
                  weight[((o * x.c + c) * size + a) * size + b] *
                  x.data[(c * x.h + i + a) * x.w + j + b];
          data[(o * h + i) * w + j] = sum;
        }
    return { c: out, h, w, data };
  }

  function maxpool(x, size) {
    const h = Math.floor(x.h / size);
    const w = Math.floor(x.w / size);
    const data = new Float64Array(x.c * h * w);
    for (let c = 0; c < x.c; c++)
      for (let i = 0; i < h; i++)
        for (let j = 0; j < w; j++) {
          let best = -Infinity;
          for (let a = 0; a < size; a++)
            for (let b = 0; b < size; b++)
              best = Math.max(best, x.data[(c * x.h + i * size + a) * x.w + j * size + b]);
          data[(c * h + i) * w + j] = best;
        }
    return { c: x.c, h, w, data };
  }

  function linear(x, layer) {
    const data = new Float64Array(layer.out);
    for (let o = 0; o < layer.out; o++) {
      let sum = layer.bias[o];
      for (let k = 0; k < layer.in; k++) sum += layer.weight[o * layer.in + k] * x.data[k];
      data[o] = sum;
    }
    return { c: layer.out, h: 1, w: 1, data };
  }

  function softmax(values) {
    const top = Math.max(...values);
    const exps = values.map((v) => Math.exp(v - top));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((v) => v / total);
  }

  /** Вероятности классов и карты первого слоя (после ReLU) для картинки field×field. */
  function forward(model, pixels) {
    let x = { c: 1, h: model.field, w: model.field, data: Float64Array.from(pixels) };
    let firstMaps = null;
    for (const layer of model.layers) {
      if (layer.type === "conv") x = conv(x, layer);
      else if (layer.type === "relu") {
        x = { ...x, data: x.data.map((v) => Math.max(v, 0)) };
        firstMaps ??= x;
      } else if (layer.type === "maxpool") x = maxpool(x, layer.size);
      else if (layer.type === "flatten") x = { c: x.data.length, h: 1, w: 1, data: x.data };
      else if (layer.type === "linear") x = linear(x, layer);
    }
    return { probs: softmax([...x.data]), firstMaps };
  }

  // ---------------------------------------------------------------- подготовка, как в MNIST

  /** Матрица new×old: доли старых пикселей в каждом новом (уменьшение усреднением). */
  function areaWeights(old, size) {
    const step = old / size;
    const m = Array.from({ length: size }, () => new Float64Array(old));
    for (let i = 0; i < size; i++)
      for (let j = 0; j < old; j++) {
        const overlap = Math.min((i + 1) * step, j + 1) - Math.max(i * step, j);
        if (overlap > 0) m[i][j] = overlap / step;
      }
    return m;
  }

  /**
   * Рисунок (яркости от 0 до 1, width×height) → картинка field×field, как в MNIST:
   * рамка штрихов → большая сторона box пикселей → центр масс в середину поля.
   * null, если штрихов нет.
   */
  function mnistFrame(ink, width, height, model) {
    let top = height;
    let bottom = -1;
    let left = width;
    let right = -1;
    for (let r = 0; r < height; r++)
      for (let c = 0; c < width; c++)
        if (ink[r * width + c] > model.ink) {
          top = Math.min(top, r);
          bottom = Math.max(bottom, r);
          left = Math.min(left, c);
          right = Math.max(right, c);
        }
    if (bottom < 0) return null;
    const h = bottom - top + 1;
    const w = right - left + 1;
    const scale = model.box / Math.max(h, w);
    const nh = Math.max(1, Math.round(h * scale));
    const nw = Math.max(1, Math.round(w * scale));
    const ry = areaWeights(h, nh);
    const rx = areaWeights(w, nw);
    // digit = ry · crop · rxᵀ
    const rows = Array.from({ length: nh }, (_, i) => {
      const row = new Float64Array(w);
      for (let r = 0; r < h; r++) {
        const k = ry[i][r];
        if (k) for (let c = 0; c < w; c++) row[c] += k * ink[(top + r) * width + left + c];
      }
      return row;
    });
    const digit = rows.map((row) =>
      Float64Array.from({ length: nw }, (_, j) => {
        let sum = 0;
        for (let c = 0; c < w; c++) sum += row[c] * rx[j][c];
        return sum;
      }),
    );
    let mass = 0;
    let cy = 0;
    let cx = 0;
    digit.forEach((row, i) =>
      row.forEach((v, j) => {
        mass += v;
        cy += v * (i + 0.5);
        cx += v * (j + 0.5);
      }),
    );
    const f = model.field;
    const clamp = (v, hi) => Math.min(Math.max(v, 0), hi);
    const y0 = clamp(Math.round(f / 2 - cy / mass), f - nh);
    const x0 = clamp(Math.round(f / 2 - cx / mass), f - nw);
    const frame = new Float64Array(f * f);
    digit.forEach((row, i) =>
      row.forEach((v, j) => {
        frame[(y0 + i) * f + x0 + j] = clamp(v, 1);
      }),
    );
    return frame;
  }

  // ---------------------------------------------------------------- разметка

  // Элемент с атрибутами — общий помощник тренажёров из widgets.js (он подключён раньше).
  const h = (...args) => window.CNNWidgets.h(...args);

  const percent = (p) => `${(100 * p).toFixed(1).replace(".", ",")}${NBSP}%`;

  /** Картинка values (size×size, от 0 до lo..hi) в маленький холст: светлое — большие числа. */
  function paintMap(canvas, values, size) {
    canvas.width = size;
    canvas.height = size;
    const ctx = canvas.getContext("2d");
    const image = ctx.createImageData(size, size);
    const top = Math.max(...values, 1e-9);
    values.forEach((v, k) => {
      const g = Math.round((255 * Math.max(v, 0)) / top);
      image.data.set([g, g, g, 255], 4 * k);
    });
    ctx.putImageData(image, 0, 0);
  }

  function mount(root) {
    root.dataset.mounted = "";
    root.classList.add("tex2jax_ignore");
    root.replaceChildren();
    const id = `cnn-digit-${document.querySelectorAll("[data-widget=draw-digit][data-mounted]").length}`;

    const canvas = h("canvas", {
      class: "cnn-digit-canvas",
      width: CANVAS,
      height: CANVAS,
      role: "img",
      "aria-label": "Холст для цифры: рисуйте пальцем, мышью или выберите пример из MNIST",
      testid: "digit-canvas",
    });
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    const clearCanvas = () => {
      ctx.fillStyle = "#000";
      ctx.fillRect(0, 0, CANVAS, CANVAS);
    };
    clearCanvas();

    const message = h("p", { class: "cnn-message", role: "alert", testid: "digit-message", hidden: true });
    const answer = h("p", { class: "cnn-digit-answer", "aria-live": "polite", testid: "digit-answer" });
    const bars = h("ol", { class: "cnn-digit-bars", start: 0, testid: "digit-bars" });
    const frame = h("canvas", {
      class: "cnn-digit-frame",
      role: "img",
      "aria-label": "Что видит сеть: рисунок после подготовки, 28 на 28 пикселей",
      testid: "digit-frame",
    });
    const maps = h("div", { class: "cnn-digit-maps", testid: "digit-maps" });
    const result = h(
      "div",
      { class: "cnn-digit-result", hidden: true, testid: "digit-result" },
      answer,
      bars,
      h(
        "div",
        { class: "cnn-digit-seen" },
        h("figure", {}, frame, h("figcaption", { text: "Что видит сеть (28×28)" })),
        h(
          "figure",
          {},
          maps,
          h("figcaption", { text: "Карты активации первого слоя: где фильтры нашли свой паттерн" }),
        ),
      ),
    );

    const say = (text) => {
      message.textContent = text || "";
      message.hidden = !text;
    };

    async function classify() {
      let model;
      try {
        model = await loadModel();
      } catch {
        say("Сеть не загрузилась: обновите страницу.");
        return;
      }
      const pixels = ctx.getImageData(0, 0, CANVAS, CANVAS).data;
      const ink = new Float64Array(CANVAS * CANVAS);
      for (let k = 0; k < ink.length; k++) ink[k] = pixels[4 * k] / 255;
      const input = mnistFrame(ink, CANVAS, CANVAS, model);
      if (!input) {
        result.hidden = true;
        say("Холст пуст: нарисуйте цифру пальцем или мышью или выберите пример из MNIST.");
        return;
      }
      const mean = input.reduce((a, b) => a + b, 0) / input.length;
      if (mean > model.crowded) {
        result.hidden = true;
        say(
          "Это не похоже на цифру: закрашено слишком много, плотнее любой цифры MNIST. " +
            "Нажмите «Очистить» и нарисуйте цифру тонкой линией.",
        );
        return;
      }
      const { probs, firstMaps } = forward(model, input);
      const best = probs.indexOf(Math.max(...probs));
      const sure = probs[best] >= model.confident;
      say(
        sure
          ? ""
          : `Сеть не уверена: даже цифра ${model.classes[best]} набрала меньше ` +
              `${percent(model.confident)}. Возможно, это не цифра — попробуйте нарисовать крупнее и аккуратнее.`,
      );
      answer.textContent = `Сеть думает, что это ${model.classes[best]}: вероятность ${percent(probs[best])}.`;
      answer.dataset.digit = model.classes[best];
      bars.replaceChildren(
        ...probs.map((p, k) =>
          h(
            "li",
            { class: k === best ? "cnn-digit-best" : null, testid: `digit-prob-${k}`, "data-value": p },
            h("span", { class: "cnn-digit-label", text: model.classes[k] }),
            h(
              "span",
              { class: "cnn-digit-bar", "aria-hidden": "true" },
              h("span", { style: `width:${(100 * p).toFixed(1)}%` }),
            ),
            h("span", { class: "cnn-digit-value", text: percent(p) }),
          ),
        ),
      );
      paintMap(frame, input, model.field);
      const side = firstMaps.h;
      maps.replaceChildren(
        ...Array.from({ length: firstMaps.c }, (_, c) => {
          const small = h("canvas", {
            role: "img",
            "aria-label": `Карта фильтра ${c + 1}`,
          });
          paintMap(small, firstMaps.data.slice(c * side * side, (c + 1) * side * side), side);
          return small;
        }),
      );
      result.hidden = false;
    }

    // Рисование: Pointer Events — мышь, палец и перо одним кодом.
    let drawing = false;
    const point = (e) => {
      const box = canvas.getBoundingClientRect();
      return [((e.clientX - box.left) * CANVAS) / box.width, ((e.clientY - box.top) * CANVAS) / box.height];
    };
    canvas.addEventListener("pointerdown", (e) => {
      drawing = true;
      canvas.setPointerCapture?.(e.pointerId);
      ctx.strokeStyle = "#fff";
      ctx.fillStyle = "#fff";
      ctx.lineWidth = STROKE;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      const [x, y] = point(e);
      ctx.beginPath();
      ctx.arc(x, y, STROKE / 2, 0, 2 * Math.PI);
      ctx.fill();
      ctx.beginPath();
      ctx.moveTo(x, y);
      loadModel().catch(() => {});
      e.preventDefault();
    });
    canvas.addEventListener("pointermove", (e) => {
      if (!drawing) return;
      const [x, y] = point(e);
      ctx.lineTo(x, y);
      ctx.stroke();
      e.preventDefault();
    });
    const stop = () => {
      if (!drawing) return;
      drawing = false;
      classify();
    };
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);

    const exampleId = `${id}-example`;
    const example = h(
      "select",
      {
        id: exampleId,
        testid: "digit-example",
        onchange: async (e) => {
          if (e.target.value === "") return;
          const model = await loadModel().catch(() => null);
          if (!model) return say("Сеть не загрузилась: обновите страницу.");
          const { pixels } = model.examples[Number(e.target.value)];
          const f = model.field;
          const small = document.createElement("canvas");
          paintMap(small, Array.from(pixels, (v) => v / 255), f);
          clearCanvas();
          ctx.imageSmoothingEnabled = false;
          ctx.drawImage(small, 0, 0, CANVAS, CANVAS);
          classify();
        },
      },
      h("option", { value: "", text: "выберите цифру" }),
      Array.from({ length: 10 }, (_, k) => h("option", { value: k, text: `цифра ${k}` })),
    );

    root.append(
      h(
        "div",
        { class: "cnn-digit" },
        h("div", { class: "cnn-digit-pad" }, canvas),
        h(
          "div",
          { class: "cnn-digit-side" },
          h(
            "div",
            { class: "cnn-digit-tools" },
            h("button", { type: "button", class: "cnn-btn", testid: "digit-classify", text: "Распознать", onclick: classify }),
            h("button", {
              type: "button",
              class: "cnn-btn",
              testid: "digit-clear",
              text: "Очистить",
              onclick: () => {
                clearCanvas();
                example.value = "";
                result.hidden = true;
                say("");
              },
            }),
          ),
          h("p", { class: "cnn-field" }, h("label", { for: exampleId, text: "Пример из MNIST: " }), example),
          message,
          result,
        ),
      ),
    );
  }

  function mountAll() {
    for (const root of document.querySelectorAll('.cnn-widget[data-widget="draw-digit"]:not([data-mounted])'))
      mount(root);
  }

  window.DigitTrainer = { load: loadModel, forward, mnistFrame, mountAll };
  if (window.document$?.subscribe) window.document$.subscribe(mountAll);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
