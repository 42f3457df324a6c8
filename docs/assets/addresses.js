/* Addresses that keep working. A page whose sections moved to pages under it carries a map
   of its old anchors (hooks/addresses.py): an address with one of them leads on to where it
   is now. And an address that targets a fold (the "Say it" card), or something inside one,
   opens it. On first load (DOMContentLoaded: Material's document$ never fires over file://),
   after instant navigation (document$) and when only the fragment changes. */
(function () {
  "use strict";
  function follow() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    var changed = false;
    if (!target) {
      var map = document.querySelector("[data-moved-anchors]");
      var address = map && JSON.parse(map.getAttribute("data-moved-anchors"))[id];
      if (!address) return;
      var next = new URL(address, location.href);
      // Opened from disk, a directory is its index.html.
      if (next.protocol === "file:" && next.pathname.slice(-1) === "/") next.pathname += "index.html";
      if (next.pathname !== location.pathname) return location.replace(next.href);
      history.replaceState(history.state, "", next.hash);
      target = document.getElementById(decodeURIComponent(next.hash.slice(1)));
      if (!target) return;
      changed = true;
    }
    for (var fold = target.closest("details"); fold; fold = fold.parentElement.closest("details")) {
      if (!fold.open) changed = fold.open = true;
    }
    if (changed) target.scrollIntoView();
  }
  if (window.document$) window.document$.subscribe(follow);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", follow);
  else follow();
  window.addEventListener("hashchange", follow);
})();
