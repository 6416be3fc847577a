
// sitebuild.pages.search_ru: поиск по-русски. Дописано к lunr.ru.min.js темы при сборке.
(function () {
  function fold(word) { return word.replace(/ё/g, "е"); }
  // «ё» и «е» — одна буква: и в индексе, и в запросе («свертка» находит «свёртку»).
  var stem = lunr.ru.stemmer;
  lunr.ru.stemmer = function (token) { return stem(token.update(fold)); };
  lunr.Pipeline.registerFunction(lunr.ru.stemmer, "stemmer-ru-yo");
  // Русский модуль отсекает у слова всё, кроме кириллицы, и «ReLU», «MNIST», «padding»
  // превращались в пустые строки. Латиница и цифры — тоже буквы слова.
  lunr.ru.trimmer = lunr.trimmerSupport.generateTrimmer(lunr.ru.wordCharacters + "A-Za-z0-9");
  lunr.Pipeline.registerFunction(lunr.ru.trimmer, "trimmer-ru-latin");
  // Пока слово набирается, тема ищет его как начало слова («собель*»), а такие запросы lunr
  // не пропускает через стеммер, и «собель» не находил «Собеля» (в индексе — «собел»).
  // Основа слова короче самого слова, так что всё, что находилось, находится и теперь.
  var clause = lunr.Query.prototype.clause;
  lunr.Query.prototype.clause = function (c) {
    var prefix = typeof c.term === "string" && /^[^*]+\*$/.test(c.term);
    if (prefix && c.usePipeline === false) {
      c.term = lunr.ru.stemmer(new lunr.Token(c.term.slice(0, -1), {})).toString() + "*";
    }
    return clause.call(this, c);
  };
})();
