// MathJax 3 с сайта (assets/mathjax), без CDN. Формулы Markdown-страниц обёрнуты
// arithmatex в .arithmatex, а в блокнотах остаются «сырыми» $…$, поэтому MathJax обходит
// всю страницу (код в <pre>/<code> он пропускает сам).
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: "tex2jax_ignore|md-search|md-nav",
    processHtmlClass: "arithmatex",
  },
  chtml: { fontURL: new URL("../assets/mathjax/output/chtml/fonts/woff-v2", document.currentScript.src).href },
};
