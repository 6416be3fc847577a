// Ссылкам GLightbox без адреса (картинки блокнотов встроены в страницу, см.
// tooling/sitebuild/lightbox.py) возвращаем адрес их картинки. Скрипт подключён до
// запуска GLightbox, который плагин ставит в самый конец страницы.
document.querySelectorAll("a.glightbox:not([href])").forEach((link) => {
  const img = link.querySelector("img");
  if (img) link.setAttribute("href", img.currentSrc || img.src);
});
