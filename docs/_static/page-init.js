/* Runs first on every page, in one file (one request fewer):
 * 1. the reader's saved colour theme, applied before the page paints (Furo's
 *    inline script, moved here so the Content-Security-Policy can forbid inline code);
 * 2. the language's service worker, registered once the page has loaded. */
document.body.dataset.theme = localStorage.getItem("theme") || "auto";

/* Registers the language's service worker (sw.js in the language's folder,
 * written when the site is published: src/helpcenter/pipeline/offline.py),
 * which keeps the language readable offline. data-root is the language's folder.
 * updateViaCache "none": the browser asks the host for sw.js itself at each
 * visit, so a new deployment is seen at the next online visit. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var worker = new URL(document.currentScript.dataset.root + "sw.js", location.href).href;
  function register() {
    navigator.serviceWorker.register(worker, { updateViaCache: "none" }).catch(function () {
      // No worker (a live preview, an old browser setting): the site still works online.
    });
  }
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register);
})();
