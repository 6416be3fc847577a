// Печать PDF урока (sitebuild.printing.pdfs): страницы урока 2…N вклеиваются в первую после обложки
// с оглавлением. Берётся содержимое статьи, адреса картинок пересчитываются от исходной
// страницы; скрипты внутри статей вклеенных страниц не выполняются, их таблицы стилей (блокноты,
// формулы) добавляются в первую страницу. Файлы скриптов, которых у первой страницы нет
// (тренажёры: сборка кладёт widgets.js только на страницы с ними), подключаются после
// вклейки — иначе на бумаге вместо тренажёра стояла бы подсказка «включите JavaScript».
// Вызывает Playwright: page.evaluate(этот текст, …).
async ({urls, title, heading}) => {
  const article = document.querySelector('article.md-content__inner');
  const cover = document.createElement('section');
  cover.className = 'print-cover';
  cover.innerHTML = '<h1></h1><p></p><ol></ol>';
  cover.querySelector('h1').textContent = title;
  cover.querySelector('p').textContent = heading;
  const list = cover.querySelector('ol');
  const first = document.createElement('section');
  first.className = 'print-lesson-page';
  first.append(...article.childNodes);
  const sections = [first];
  const scripts = [];
  for (const url of urls.slice(1)) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    const part = doc.querySelector('article.md-content__inner');
    if (!part) throw new Error(`${url}: нет article.md-content__inner`);
    part.querySelectorAll('script').forEach((s) => s.remove());
    doc.querySelectorAll('script[src]').forEach((script) => {
      scripts.push(new URL(script.getAttribute('src'), url).href);
    });
    doc.querySelectorAll('link[rel="stylesheet"]').forEach((link) => {
      const href = new URL(link.getAttribute('href'), url).href;
      const have = [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => l.href);
      if (!have.includes(href)) {
        const copy = document.createElement('link');
        copy.rel = 'stylesheet';
        copy.href = href;
        document.head.append(copy);
      }
    });
    part.querySelectorAll('[src]').forEach((el) => {
      el.setAttribute('src', new URL(el.getAttribute('src'), url).href);
    });
    part.querySelectorAll('[data-print-src]').forEach((el) => {
      el.dataset.printSrc = new URL(el.dataset.printSrc, url).href;
    });
    const section = document.createElement('section');
    section.className = 'print-lesson-page';
    section.append(...[...part.childNodes].map((n) => document.importNode(n, true)));
    sections.push(section);
  }
  for (const section of sections) keepHeadingsWithText(section);
  for (const section of sections) {
    const h1 = section.querySelector('h1');
    const item = document.createElement('li');
    item.textContent = h1 ? h1.textContent.replace(/¶$/, '').trim() : '';
    list.append(item);
  }
  article.append(cover, ...sections);
  const loaded = new Set([...document.scripts].map((script) => script.src).filter(Boolean));
  for (const src of scripts) {
    if (loaded.has(src)) continue;
    loaded.add(src);
    await new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`${src}: скрипт не загрузился`));
      document.body.append(script);
    });
  }
  // Ссылки внутри сайта на бумаге бесполезны, а адреса 127.0.0.1 печатать нельзя.
  article.querySelectorAll('a[href]').forEach((a) => {
    if (new URL(a.href, location.href).origin === location.origin) a.removeAttribute('href');
  });

  // Ячейка, где только заголовок раздела, не остаётся внизу листа: она печатается вместе
  // со следующей ячейкой, а последний раздел страницы («Проверь себя») — одним куском.
  function keepHeadingsWithText(section) {
    const heading = (cell) => {
      const md = cell.querySelector(':scope .jp-RenderedMarkdown');
      const first = md && md.firstElementChild;
      return cell.classList.contains('jp-MarkdownCell') && first && /^H[2-4]$/.test(first.tagName)
        ? md.children.length : 0;  // 1 — в ячейке только заголовок
    };
    const cells = [...section.querySelectorAll('.jp-Notebook > .jp-Cell')];
    const starts = cells.filter(heading);
    const last = starts[starts.length - 1];
    for (const cell of starts) {
      let group = null;
      if (cell === last) group = cells.slice(cells.indexOf(cell));
      else if (heading(cell) === 1 && cell.nextElementSibling) group = [cell, cell.nextElementSibling];
      if (!group) continue;
      const keep = document.createElement('div');
      keep.className = 'print-keep';
      cell.before(keep);
      keep.append(...group);
    }
  }
}
