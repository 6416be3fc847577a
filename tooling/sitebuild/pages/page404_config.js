// sitebuild.page404: тема считает свои адреса («base», воркер поиска) от адреса страницы,
// а не от <base>. Выполняется сразу после #__config, раньше скриптов темы (у них defer).
(function () {
  "use strict";
  var node = document.getElementById("__config");
  var config = JSON.parse(node.textContent);
  config.base = new URL(config.base, document.baseURI).href;
  config.search = new URL(config.search, document.baseURI).href;
  node.textContent = JSON.stringify(config);
})();
