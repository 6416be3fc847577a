/* SqueezeNet v1.1 в браузере: прямой проход на обычном JavaScript, без библиотек.
 *
 * Описание сети (javascripts/squeezenet/net.js) и веса (float16 little-endian подряд, место
 * каждого слоя — в описании) кладёт в сайт сборка (tooling/sitebuild/pages/squeezenet_assets.py)
 * из lessonlib.squeezenet — той же сети, что на страницах урока; совпадение с torch проверяет
 * tests/test_explorer.py. Как байты весов попадают в браузер, решает explorer.js. Карты хранятся
 * «канал за каналом» (C, H, W), как в torch. Каждая свёртка — развёртка окон в столбцы
 * (im2col) и умножение матриц: длинные внутренние циклы по пикселям JavaScript считает быстро.
 *
 *   const net = CNNSqueezeNet.create(window.CNN_SQUEEZENET, float16);  // float16: ArrayBuffer
 *   const result = net.run(rgba, size);   // rgba: size × size × 4 байта (ImageData.data)
 *   result.probabilities, result.stages.fire9 = {channels, height, width, data}
 */
(() => {
  "use strict";

  const FIRE_PARTS = ["squeeze1x1", "expand1x1", "expand3x3"]; // слои модуля fire: fire2.squeeze1x1…

  /** float16 → float32 для всех 65 536 кодов сразу: расшифровка весов — просто поиск. */
  function halfTable() {
    const table = new Float32Array(65536);
    for (let code = 0; code < 65536; code++) {
      const sign = code & 0x8000 ? -1 : 1;
      const exponent = (code >> 10) & 0x1f;
      const fraction = code & 0x3ff;
      if (exponent === 0) table[code] = sign * 2 ** -14 * (fraction / 1024);
      else if (exponent === 31) table[code] = fraction ? NaN : sign * Infinity;
      else table[code] = sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
    }
    return table;
  }

  function decodeHalf(buffer) {
    const codes = new Uint16Array(buffer, 0, buffer.byteLength >> 1); // little-endian, как пишет numpy
    const table = halfTable();
    const values = new Float32Array(codes.length);
    for (let i = 0; i < codes.length; i++) values[i] = table[codes[i]];
    return values;
  }

  /** Свёртка слоя layer над картами x (channels × height × width), затем ReLU, если она есть. */
  function conv({ data: x, channels, height, width }, layer) {
    const { out, k, stride, pad, relu, weight, bias } = layer;
    const outH = Math.floor((height + 2 * pad - k) / stride) + 1;
    const outW = Math.floor((width + 2 * pad - k) / stride) + 1;
    const P = outH * outW;
    const K = channels * k * k;
    let cols = x;
    if (k !== 1 || stride !== 1 || pad !== 0) {
      cols = new Float32Array(K * P);
      for (let c = 0; c < channels; c++)
        for (let ky = 0; ky < k; ky++)
          for (let kx = 0; kx < k; kx++) {
            const row = ((c * k + ky) * k + kx) * P;
            const first = Math.max(0, Math.ceil((pad - kx) / stride));
            const last = Math.min(outW, Math.floor((width - 1 + pad - kx) / stride) + 1);
            for (let oy = 0; oy < outH; oy++) {
              const iy = oy * stride + ky - pad;
              if (iy < 0 || iy >= height) continue;
              const src = (c * height + iy) * width + kx - pad;
              const dst = row + oy * outW;
              for (let ox = first; ox < last; ox++) cols[dst + ox] = x[src + ox * stride];
            }
          }
    }
    const y = new Float32Array(out * P);
    for (let o = 0; o < out; o++) {
      const base = o * P;
      const w = weight.subarray(o * K, (o + 1) * K);
      y.fill(bias[o], base, base + P);
      let j = 0;
      for (; j + 4 <= K; j += 4) {
        const w0 = w[j], w1 = w[j + 1], w2 = w[j + 2], w3 = w[j + 3];
        const c0 = j * P, c1 = c0 + P, c2 = c1 + P, c3 = c2 + P;
        for (let p = 0; p < P; p++)
          y[base + p] += w0 * cols[c0 + p] + w1 * cols[c1 + p] + w2 * cols[c2 + p] + w3 * cols[c3 + p];
      }
      for (; j < K; j++) {
        const wj = w[j], cj = j * P;
        for (let p = 0; p < P; p++) y[base + p] += wj * cols[cj + p];
      }
    }
    if (relu) for (let i = 0; i < y.length; i++) if (y[i] < 0) y[i] = 0;
    return { data: y, channels: out, height: outH, width: outW };
  }

  /** Максимум по окну 3×3 с шагом 2; последнее окно может выходить за край (ceil_mode). */
  function maxPool({ data, channels, height, width }) {
    const size = (n) => {
      const m = Math.ceil((n - 3) / 2) + 1;
      return (m - 1) * 2 >= n ? m - 1 : m;
    };
    const outH = size(height), outW = size(width);
    const y = new Float32Array(channels * outH * outW);
    for (let c = 0; c < channels; c++)
      for (let oy = 0; oy < outH; oy++) {
        const yEnd = Math.min(oy * 2 + 3, height);
        for (let ox = 0; ox < outW; ox++) {
          const xEnd = Math.min(ox * 2 + 3, width);
          let best = -Infinity;
          for (let iy = oy * 2; iy < yEnd; iy++) {
            const row = (c * height + iy) * width;
            for (let ix = ox * 2; ix < xEnd; ix++) if (data[row + ix] > best) best = data[row + ix];
          }
          y[(c * outH + oy) * outW + ox] = best;
        }
      }
    return { data: y, channels, height: outH, width: outW };
  }

  function fire(x, layers) {
    const squeeze = conv(x, layers.squeeze);
    const parts = [conv(squeeze, layers.expand1x1), conv(squeeze, layers.expand3x3)];
    const data = new Float32Array(parts[0].data.length + parts[1].data.length);
    data.set(parts[0].data);
    data.set(parts[1].data, parts[0].data.length);
    const channels = parts[0].channels + parts[1].channels;
    return { data, channels, height: squeeze.height, width: squeeze.width };
  }

  function softmax(logits) {
    const top = Math.max(...logits);
    const e = logits.map((v) => Math.exp(v - top));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  }

  /** Вход сети: RGB → BGR минус средние цвета ImageNet, шкала 0–255, как в lessonlib. */
  function inputTensor(rgba, size, meanBgr) {
    const P = size * size;
    const x = new Float32Array(3 * P);
    for (let p = 0; p < P; p++)
      for (let c = 0; c < 3; c++) x[c * P + p] = rgba[p * 4 + (2 - c)] - meanBgr[c];
    return { data: x, channels: 3, height: size, width: size };
  }

  /** Номера count каналов с наибольшей средней активацией (при равенстве — меньший номер). */
  function mostActive({ data, channels, height, width }, count) {
    const P = height * width;
    const means = Array.from({ length: channels }, (_, c) => {
      let sum = 0;
      for (let p = c * P; p < (c + 1) * P; p++) sum += data[p];
      return sum / P;
    });
    return means
      .map((mean, channel) => ({ channel, mean }))
      .sort((a, b) => b.mean - a.mean || a.channel - b.channel)
      .slice(0, count);
  }

  function create(spec, float16) {
    const values = decodeHalf(float16);
    const needed = Math.max(...Object.values(spec.layers).map((l) => l.bias + l.out));
    if (values.length !== needed) // файл весов оборвался или не от этого описания
      throw new Error(`весов ${values.length}, а нужно ${needed}`);
    const layer = (name) => {
      const l = spec.layers[name];
      const weight = values.subarray(l.weight, l.weight + l.out * l.in * l.k * l.k);
      return { ...l, weight, bias: values.subarray(l.bias, l.bias + l.out) };
    };
    const steps = spec.plan.map((name) => {
      if (name === "pool") return { name, apply: maxPool };
      if (spec.layers[name]) {
        const l = layer(name);
        return { name, apply: (x) => conv(x, l) };
      }
      const [squeeze, expand1x1, expand3x3] = FIRE_PARTS.map((part) => layer(`${name}.${part}`));
      return { name, apply: (x) => fire(x, { squeeze, expand1x1, expand3x3 }) };
    });

    /** Слой за слоем: генератор отдаёт управление после каждого слоя (страница не замирает). */
    function* layersOf(rgba, size) {
      let x = inputTensor(rgba, size, spec.meanBgr);
      const stages = {};
      for (const step of steps) {
        x = step.apply(x);
        if (spec.stages.includes(step.name)) stages[step.name] = x;
        yield step.name;
      }
      const P = x.height * x.width;
      const logits = Array.from({ length: x.channels }, (_, c) => {
        let sum = 0;
        for (let p = c * P; p < (c + 1) * P; p++) sum += x.data[p];
        return sum / P;
      });
      return { probabilities: softmax(logits), stages };
    }

    function run(rgba, size) {
      const it = layersOf(rgba, size);
      for (;;) {
        const { value, done } = it.next();
        if (done) return value;
      }
    }

    return { layersOf, run, size: spec.size, stages: spec.stages };
  }

  window.CNNSqueezeNet = { create, mostActive };
})();
