// sitebuild.page404: страница 404 на любой глубине. Вставляется в <head> 404.html при сборке
// (до стилей, поэтому встроенным скриптом); SITE — папки сайта и путь из site_url.
(function (SITE) {
  "use strict";
  // С диска 404.html открывают прямо из папки сайта: относительные адреса и так верны.
  if (!/^https?:$/.test(location.protocol)) return;
  var folders = location.pathname.split("/").slice(1, -1);
  var root = SITE.root && location.pathname.indexOf(SITE.root) === 0 ? SITE.root : null;
  for (var i = 0; root === null && i < folders.length; i++) {
    // Первая папка сайта в адресе («/урок/lesson01/нет.html»): корень сайта — перед ней.
    if (SITE.folders.indexOf(decodeURIComponent(folders[i])) >= 0) {
      root = "/" + folders.slice(0, i).map(function (f) { return f + "/"; }).join("");
    }
  }
  // Папок сайта в адресе нет: сайт лежит в той папке, где искали страницу.
  if (root === null) root = "/" + folders.map(function (f) { return f + "/"; }).join("");
  document.write('<base href="' + root.replace(/"/g, "%22") + '">');
})(/* SITE */);
