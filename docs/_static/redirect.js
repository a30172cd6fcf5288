// The page at an old address (a page that moved): go to the new page, and keep
// the #question the old link named, which a meta refresh would drop.
(function () {
  "use strict";
  var link = document.getElementById("redirect-target");
  if (!link) return;
  var target = link.href;
  if (window.location.hash) target = target.split("#")[0] + window.location.hash;
  window.location.replace(target);
})();
