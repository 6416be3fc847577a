// Печать PDF (sitebuild.printing.pdfs): дождаться всего, что должно догрузиться до печати, —
// стилей, шрифтов, картинок; вернуть незагруженные картинки и формулы, оставшиеся текстом.
async () => {
  await Promise.all([...document.querySelectorAll('link[rel="stylesheet"]')].map((link) =>
    link.sheet ? null : new Promise((resolve) => { link.addEventListener('load', resolve);
                                                   link.addEventListener('error', resolve); })));
  document.querySelectorAll('img[loading]').forEach((img) => { img.loading = 'eager'; });
  // WebP лёг бы в PDF распакованным: печатается копия JPEG/PNG (sitebuild.pages.notebook_figures).
  document.querySelectorAll('img[data-print-src]').forEach((img) => {
    img.src = new URL(img.dataset.printSrc, location.href).href;
  });
  await Promise.all([...document.images].map((img) => img.complete ? null :
    new Promise((resolve) => { img.addEventListener('load', resolve);
                               img.addEventListener('error', resolve); })));
  await document.fonts.ready;
  const broken = [...document.images].filter((img) => !img.naturalWidth).map((i) => i.src);
  // Формула осталась текстом: $…$ или \(…\) вне кода.
  const raw = [...document.querySelectorAll('.arithmatex, .jp-MarkdownOutput')]
    .filter((e) => /\$[^$\s]|\\\(/.test(e.innerText)).length;
  return {broken, raw};
}
