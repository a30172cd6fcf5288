/* The page opened from a search result (?highlight=the matched words' stems, set by
 * helpcenter-search.js): each word of the article that starts with one of them is marked.
 * Loaded by page-init.js only on such a visit. Text nodes only: no markup is parsed. */
(function () {
  "use strict";
  var wanted = (new URLSearchParams(location.search).get("highlight") || "").split(/\s+/).filter(function (t) { return t.length > 1; }).slice(0, 10);
  if (!wanted.length) return;
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function matches(word) {
    var folded = fold(word);
    return wanted.some(function (term) { return folded.lastIndexOf(term, 0) === 0; });
  }
  function mark() {
    var article = document.querySelector("article");
    if (!article) return;
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentNode.closest("script, style, mark, .headerlink, button") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var parts = node.nodeValue.split(/([\p{L}\p{N}]+)/u);
      if (!parts.some(function (part, i) { return i % 2 === 1 && matches(part); })) return;
      var fragment = document.createDocumentFragment();
      parts.forEach(function (part, i) {
        if (i % 2 === 1 && matches(part)) {
          var element = document.createElement("mark");
          element.className = "search-term";
          element.textContent = part;
          fragment.appendChild(element);
        } else if (part) {
          fragment.appendChild(document.createTextNode(part));
        }
      });
      node.parentNode.replaceChild(fragment, node);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
})();
