/* «Что видит настоящая сеть»: фотография урока или своя картинка → SqueezeNet → пять
 * русских классов с вероятностями и по 8 карт активации на каждом из пяти слоёв.
 *
 * Ни этот файл, ни сеть страница сама не грузит: javascripts/widgets.js подключает его по
 * нажатию «Загрузить сеть», и только тогда приходят squeezenet.js (прямой проход),
 * stylesheets/explorer.css и сеть из javascripts/squeezenet/ (что там лежит и зачем — в
 * tooling/sitebuild/pages/squeezenet_assets.py). Картинка ученика никуда не уходит: её
 * читает canvas.
 */
(() => {
  "use strict";

  const NBSP = "\u00a0";
  const TOP = 5;
  const MIN_SIDE = 32; // меньше окна первых слоёв картинка не имеет смысла
  const MAX_PIXELS = 120e6; // 50-мегапиксельное фото уменьшается, больше — отказ
  // Рампа для карт: тёмно-синий → бирюзовый → жёлтый (как viridis), 0 — самый тёмный.
  const RAMP = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];

  const { h } = window.CNNWidgets; // элемент с атрибутами, как у остальных тренажёров
  let uid = 0;

  function load(tag, attrs) {
    return new Promise((resolve, reject) => {
      const node = Object.assign(document.createElement(tag), attrs);
      node.onload = resolve;
      node.onerror = () => reject(new Error(attrs.src || attrs.href));
      document.head.append(node);
    });
  }

  const percent = (p) =>
    p >= 0.01 ? `${Math.round(p * 100)}${NBSP}%` : `меньше 1${NBSP}%`;
  const seconds = (ms) => `${(ms / 1000).toFixed(1).replace(".", ",")}${NBSP}с`;
  const nextFrame = () => new Promise((r) => setTimeout(r, 0));

  /** Канал карты → картинка на canvas: яркость по рампе, 0…максимум самой карты. */
  function paintMap(canvas, stage, channel) {
    const { data, height, width } = stage;
    const plane = data.subarray(channel * height * width, (channel + 1) * height * width);
    let top = 0;
    for (const v of plane) top = Math.max(top, v);
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext("2d");
    const image = ctx.createImageData(width, height);
    plane.forEach((v, p) => {
      const t = top > 0 ? (v / top) * (RAMP.length - 1) : 0;
      const i = Math.min(Math.floor(t), RAMP.length - 2);
      const f = t - i;
      for (let c = 0; c < 3; c++)
        image.data[p * 4 + c] = RAMP[i][c] + (RAMP[i + 1][c] - RAMP[i][c]) * f;
      image.data[p * 4 + 3] = 255;
    });
    ctx.putImageData(image, 0, 0);
    return top;
  }

  /** Картинка целиком → canvas входа сети (сжимается до size × size, как preprocess урока). */
  function drawInput(canvas, source) {
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
    return ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  }

  /** photos — фотографии урока из описания сети с адресом картинки src. */
  function mount(root, spec, float16, photos) {
    const net = window.CNNSqueezeNet.create(spec, float16);
    const size = net.size;
    // Правило урока (lessonlib.realnet): на ступени — mapsPerStage каналов с наибольшей
    // средней активацией.
    const perStage = spec.mapsPerStage;
    let busy = false;
    let stream = null;

    const status = h("p", { class: "cnn-x-status", role: "status", testid: "explorer-status" });
    const problem = h("p", {
      class: "cnn-message",
      role: "alert",
      testid: "explorer-error",
      hidden: true,
    });
    const say = (text) => {
      problem.textContent = text || "";
      problem.hidden = !text;
    };

    // ------------------------------------------------------------ выбор картинки
    const photoButtons = photos.map((photo) =>
      h(
        "button",
        {
          type: "button",
          class: "cnn-x-photo",
          "aria-pressed": "false",
          testid: `explorer-photo-${photo.name}`,
          onclick: () => usePhoto(photo),
        },
        h("img", { src: photo.src, alt: "", width: 72, height: 72 }),
        h("span", { text: photo.title }),
      ),
    );
    const fileId = `cnn-x-file-${++uid}`;
    const file = h("input", {
      type: "file",
      id: fileId,
      accept: "image/*",
      class: "cnn-x-file",
      testid: "explorer-file",
      onchange: (e) => e.target.files[0] && useFile(e.target.files[0]),
    });
    const cameraButton = h("button", {
      type: "button",
      class: "cnn-btn",
      testid: "explorer-camera",
      text: "Камера",
      onclick: () => openCamera(),
    });
    const video = h("video", {
      class: "cnn-x-video",
      playsinline: true,
      muted: true,
      hidden: true,
      "aria-label": "Кадр с камеры",
    });
    const cameraAction = (text, action) =>
      h("button", { type: "button", class: "cnn-btn", text, hidden: true, onclick: action });
    const shoot = cameraAction("Снять кадр", () => takeShot());
    const closeCamera = cameraAction("Выключить камеру", () => stopCamera());

    const input = h("canvas", {
      class: "cnn-x-input",
      width: size,
      height: size,
      role: "img",
      "aria-label": `Картинка ${size}×${size}, которую получает сеть`,
      testid: "explorer-input",
    });
    const top = h("ol", { class: "cnn-x-top", testid: "explorer-top" });
    const stages = h("div", { class: "cnn-x-stages", testid: "explorer-maps" });
    const results = h(
      "div",
      { class: "cnn-x-results", hidden: true },
      h("div", { class: "cnn-x-summary" },
        h("figure", {}, input, h("figcaption", { text: `Так сеть видит картинку: ${size}×${size} пикселей` })),
        h("div", {}, h("h3", { text: "Что это, по мнению сети" }), top),
      ),
      h("h3", { text: "Карты активации пяти слоёв" }),
      h("p", {
        text:
          `На каждом слое — ${perStage} самых активных каналов (с наибольшей средней ` +
          "активацией). Чем светлее пиксель, тем сильнее канал откликнулся на это место. " +
          "Нажмите на карту, чтобы увеличить её.",
      }),
      stages,
    );

    // ------------------------------------------------------------ крупная карта
    const bigMap = h("canvas", { class: "cnn-x-big", "aria-hidden": "true" });
    const bigTitle = h("p", {
      class: "cnn-x-big-title",
      id: `cnn-x-big-${uid}`,
      testid: "explorer-dialog-title",
    });
    const dialog = h(
      "dialog",
      { class: "cnn-x-dialog", "aria-labelledby": bigTitle.id, testid: "explorer-dialog" },
      bigTitle,
      bigMap,
      h("button", { type: "button", class: "cnn-btn", text: "Закрыть", onclick: () => dialog.close() }),
    );
    dialog.addEventListener("click", (e) => e.target === dialog && dialog.close());

    root.replaceChildren(
      h("div", { class: "cnn-x-pick", role: "group", "aria-label": "Картинка для сети" },
        h("p", { class: "cnn-x-label", text: "Фотографии урока:" }),
        h("div", { class: "cnn-x-photos" }, photoButtons),
        h("p", { class: "cnn-x-label", text: "Или своя картинка — она не покидает это устройство:" }),
        h("div", { class: "cnn-x-own" },
          h("label", { for: fileId, class: "cnn-btn cnn-x-file-label", text: "Выбрать файл" }),
          file,
          cameraButton,
          shoot,
          closeCamera,
        ),
        video,
      ),
      problem,
      status,
      results,
      dialog,
    );

    // ------------------------------------------------------------ расчёт
    async function classify(draw, what) {
      if (busy) return;
      busy = true;
      say("");
      try {
        const pixels = draw(input);
        status.textContent = `Сеть смотрит на ${what}…`;
        await nextFrame();
        const start = performance.now();
        const steps = net.layersOf(pixels, size);
        let step = steps.next();
        while (!step.done) {
          await nextFrame();
          step = steps.next();
        }
        const elapsed = performance.now() - start;
        show(step.value);
        status.textContent = `Готово: сеть посчитала ${what} за ${seconds(elapsed)}.`;
      } finally {
        busy = false;
      }
    }

    function show({ probabilities, stages: maps }) {
      const best = probabilities
        .map((p, index) => ({ p, index }))
        .sort((a, b) => b.p - a.p || a.index - b.index)
        .slice(0, TOP);
      top.replaceChildren(
        ...best.map(({ p, index }) =>
          h("li", { "data-class": index, "data-probability": p },
            h("span", { class: "cnn-x-name", text: spec.classes[index] }),
            h("span", { class: "cnn-x-p", text: percent(p) }),
            h("span", { class: "cnn-x-bar", "aria-hidden": "true", style: `--p:${p.toFixed(4)}` }),
          ),
        ),
      );
      stages.replaceChildren(
        ...net.stages.map((name) => {
          const stage = maps[name];
          const chosen = window.CNNSqueezeNet.mostActive(stage, perStage);
          return h("figure", { class: "cnn-x-stage", "data-stage": name },
            h("figcaption", {
              text: `${name}: ${chosen.length} из ${stage.channels} каналов, карты ${stage.height}×${stage.width}`,
            }),
            h("div", { class: "cnn-x-maps" },
              chosen.map(({ channel }) => {
                const canvas = h("canvas", { "aria-hidden": "true" });
                paintMap(canvas, stage, channel);
                const label = `${name}, канал ${channel}`;
                return h("button", {
                  type: "button",
                  class: "cnn-x-map",
                  "aria-label": `${label} — открыть крупно`,
                  "data-channel": channel,
                  onclick: () => enlarge(stage, channel, label),
                }, canvas);
              }),
            ),
          );
        }),
      );
      results.hidden = false;
    }

    function enlarge(stage, channel, label) {
      paintMap(bigMap, stage, channel);
      bigTitle.textContent = `${label}: карта ${stage.height}×${stage.width}`;
      dialog.showModal();
    }

    // ------------------------------------------------------------ источники картинки
    function usePhoto(photo) {
      for (const b of photoButtons) b.setAttribute("aria-pressed", String(b.dataset.testid.endsWith(photo.name)));
      const img = new Image();
      img.onload = () =>
        classify((canvas) => drawInput(canvas, img), `фотографию «${photo.title}»`);
      img.onerror = () => say(`Фотография «${photo.title}» не загрузилась: обновите страницу.`);
      img.src = photo.src;
    }

    async function useFile(chosen) {
      for (const b of photoButtons) b.setAttribute("aria-pressed", "false");
      const url = URL.createObjectURL(chosen);
      const name = `«${chosen.name}»`;
      try {
        const img = new Image();
        img.src = url;
        try {
          await img.decode();
        } catch {
          say(`Файл ${name} не открылся как картинка. Выберите фотографию в формате JPEG, PNG или WebP.`);
          return;
        }
        const { naturalWidth: w, naturalHeight: hgt } = img;
        if (Math.min(w, hgt) < MIN_SIDE) {
          say(`Картинка ${name} слишком маленькая: ${w}×${hgt} пикселей, а нужно хотя бы ${MIN_SIDE}×${MIN_SIDE}.`);
          return;
        }
        if (w * hgt > MAX_PIXELS) {
          say(`Картинка ${name} слишком большая: ${w}×${hgt} пикселей. Уменьшите её или выберите другую.`);
          return;
        }
        await classify((canvas) => drawInput(canvas, img), `картинку ${name}`);
      } catch {
        say(`Не получилось обработать картинку ${name}: возможно, на устройстве не хватило памяти. Попробуйте картинку поменьше.`);
      } finally {
        URL.revokeObjectURL(url);
        file.value = "";
      }
    }

    async function openCamera() {
      say("");
      if (!navigator.mediaDevices?.getUserMedia) {
        say("Этот браузер не даёт странице доступ к камере. Сфотографируйте и выберите снимок кнопкой «Выбрать файл».");
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      } catch (error) {
        say(
          error?.name === "NotFoundError" || error?.name === "OverconstrainedError"
            ? "Камера не найдена. Выберите снимок кнопкой «Выбрать файл»."
            : "Доступ к камере не разрешён. Разрешите его в настройках браузера или выберите снимок кнопкой «Выбрать файл».",
        );
        return;
      }
      video.srcObject = stream;
      video.hidden = shoot.hidden = closeCamera.hidden = false;
      await video.play().catch(() => {});
      shoot.focus();
    }

    function stopCamera() {
      for (const track of stream?.getTracks() ?? []) track.stop();
      stream = null;
      video.srcObject = null;
      video.hidden = shoot.hidden = closeCamera.hidden = true;
      cameraButton.focus();
    }

    function takeShot() {
      const { videoWidth: w, videoHeight: hgt } = video;
      if (!w || !hgt) {
        say("Камера ещё не показала кадр. Подождите секунду и нажмите «Снять кадр» снова.");
        return;
      }
      for (const b of photoButtons) b.setAttribute("aria-pressed", "false");
      classify((canvas) => drawInput(canvas, video), "кадр с камеры");
    }
  }

  function base64Bytes(text) {
    const raw = atob(text);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes.buffer;
  }

  /** Описание сети, байты весов и адреса фотографий урока. С сервера веса — двоичный файл
   * через fetch(), фотографии — PNG рядом (браузер кэширует и то и другое). С диска (file://)
   * Chromium не даёт fetch() читать файлы, а картинка из файла не даёт прочитать canvas: там
   * всё это приходит тегом <script> (base64, на треть тяжелее — с сервера он не грузится). */
  async function network(folder) {
    await load("script", { src: new URL("net.js", folder).href });
    const spec = window.CNN_SQUEEZENET;
    if (location.protocol !== "file:") {
      const response = await fetch(new URL(spec.weights, folder));
      if (!response.ok) throw new Error(`${spec.weights}: ${response.status}`);
      const photos = spec.photos.map((p) => ({ ...p, src: new URL(p.file, folder).href }));
      return [spec, await response.arrayBuffer(), photos];
    }
    await load("script", { src: new URL(spec.disk, folder).href });
    const disk = window.CNN_SQUEEZENET_DISK;
    const photos = spec.photos.map((p) => ({ ...p, src: disk.photos[p.name] }));
    return [spec, base64Bytes(disk.float16), photos];
  }

  /** Догрузить сеть и стили, затем построить тренажёр в root. scripts — адрес javascripts/. */
  async function start(root, scripts) {
    const loaded = await Promise.all([
      network(new URL("squeezenet/", scripts)),
      load("link", { rel: "stylesheet", href: new URL("../stylesheets/explorer.css", scripts).href }),
      load("script", { src: new URL("squeezenet.js", scripts).href }),
    ]);
    mount(root, ...loaded[0]);
  }

  window.CNNExplorer = { start };
})();
