/* First on every page, one request: the saved colour theme before the page paints
 * (Furo's inline script, here so the CSP forbids inline code); the service workers;
 * "/" and Ctrl+K to search; searched words marked; language links keep the section. */
document.body.dataset.theme = localStorage.getItem("theme") || "auto";

/* The language's service worker (<lang>/sw.js, pipeline/offline.py) keeps it readable
 * offline; updateViaCache "none": a new deployment is seen at the next online visit. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var root = new URL(document.currentScript.dataset.root, location.href).href;
  var site = new URL("../", root).href;
  var worker = root + "sw.js";
  function ignore() {
    // No worker (a live preview, an old browser setting): the site still works online.
  }
  // The other languages' workers (their folders, from the language links): a link to
  // them then opens the page if it was read, else their offline page.
  function others() {
    var found = new Set();
    Array.prototype.forEach.call(document.querySelectorAll("a[hreflang][rel=alternate]"), function (link) {
      var url = new URL(link.getAttribute("href"), location.href).href;
      if (url.indexOf(site) !== 0) return;
      var folder = site + url.slice(site.length).split("/")[0] + "/";
      if (folder !== root) found.add(folder + "sw.js");
    });
    return Array.from(found);
  }
  function register() {
    navigator.serviceWorker.register(worker, { updateViaCache: "none" }).then(function (registration) {
      // Installed earlier from another language's page, it kept only the offline page: now all.
      if (registration.active) registration.active.postMessage("keep-all");
    }).catch(ignore);
    others().forEach(function (url) {
      navigator.serviceWorker.register(url, { updateViaCache: "none" }).catch(ignore);
    });
  }
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register);
})();

/* "/" (outside a text field) and Ctrl+K or Cmd+K go to search: the page's own search
 * field on the home and search pages, else the sidebar's, opening the phone menu first. */
(function () {
  "use strict";
  function typing(target) {
    return target && target.closest && target.closest("textarea, select, [contenteditable=''], [contenteditable=true], " +
      "input:not([type=radio]):not([type=checkbox]):not([type=button]):not([type=submit]):not([type=reset])");
  }
  function visible(element) {
    return element && element.getClientRects().length > 0 && element.getBoundingClientRect().right > 0;
  }
  document.addEventListener("keydown", function (event) {
    var slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey;
    var k = (event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "k" || event.key === "K");
    if ((!slash && !k) || event.defaultPrevented || typing(event.target)) return;
    var field = ["#home-search-input", "#page-search-input"]
      .map(function (selector) { return document.querySelector(selector); })
      .filter(visible)[0];
    if (!field) {
      field = document.getElementById("sidebar-search-input");
      if (!field) return;
      var menu = document.getElementById("__navigation"); // Furo's phone menu, opened by this checkbox
      if (!visible(field) || field.getBoundingClientRect().left < 0) {
        if (menu) menu.checked = true;
      }
    }
    event.preventDefault();
    field.focus({ preventScroll: true });
    field.select();
  });
})();

/* The page opened from a search result (?highlight=): search-highlight.js marks the words. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!/[?&]highlight=/.test(location.search)) return;
  var marker = document.createElement("script");
  marker.src = script.dataset.highlight;
  document.head.appendChild(marker);
})();

/* The language links keep the section being read: the address's #anchor or, without one,
 * the last section whose heading has scrolled past the top third of the window. Section
 * ids are the same in every language (sphinxext/anchors.py). */
(function () {
  "use strict";
  function section() {
    if (location.hash.length > 1) return location.hash;
    var current = "";
    if (window.scrollY < 1) return current; // the top of the page: the page itself
    var sections = document.querySelectorAll("article section[id]");
    for (var i = 0; i < sections.length; i++) {
      if (sections[i].getBoundingClientRect().top > window.innerHeight / 3) break;
      if (sections[i].parentNode.closest("section")) current = "#" + sections[i].id; // not the page's own (h1) section
    }
    return current;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[hreflang][rel=alternate]");
    if (!link) return;
    if (!link.dataset.page) link.dataset.page = link.getAttribute("href");
    var anchor = section();
    link.setAttribute("href", anchor ? link.dataset.page.split("#")[0] + anchor : link.dataset.page);
  }, true);
})();
