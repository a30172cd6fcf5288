/* Loads the search engine (helpcenter-search.js) only when a reader starts
 * searching: the first focus of a search field, or at once on the search page.
 * Its data-* attributes are passed on to the engine. */
(function () {
  "use strict";
  var loader = document.currentScript;
  var loaded = false;

  function load() {
    if (loaded) return;
    loaded = true;
    var engine = document.createElement("script");
    engine.src = loader.dataset.engine;
    Object.keys(loader.dataset).forEach(function (key) { engine.dataset[key] = loader.dataset[key]; });
    document.head.appendChild(engine);
  }

  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest("form[data-search-form]")) load();
  });
  function onPage() {
    if (document.querySelector("form[data-search-page]")) load();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onPage);
  else onPage();
})();
