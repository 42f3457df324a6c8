/* Addresses that keep working. A page whose sections moved to pages under it carries a map
   of its old anchors (engine/publishing/addresses.py): an address with one of them leads on
   to where it is now. And an address that targets a fold (the "Say it" card), or something
   inside one, opens it. On first load (DOMContentLoaded: Material's document$ never fires over
   file://), after instant navigation (document$), when only the fragment changes, and when a
   link of the page leads to one of its own old anchors. */
(function () {
  "use strict";
  function movedTo(id) {
    var map = document.querySelector("[data-moved-anchors]");
    return map && JSON.parse(map.getAttribute("data-moved-anchors"))[id];
  }
  function follow() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    var changed = false;
    if (!target) {
      var address = movedTo(id);
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
  // A link to an old anchor of this very page: Material's instant navigation looks for the
  // anchor here, finds none and drops it. So the link is pointed where the anchor is now
  // before Material sees the click (on window, in the capture phase: before document).
  function redirect(event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link) return;
    var url = new URL(link.href, location.href);
    var id = decodeURIComponent(url.hash.slice(1));
    if (url.pathname !== location.pathname || !id || document.getElementById(id)) return;
    var address = movedTo(id);
    if (address) link.href = new URL(address, location.href).href;
  }
  if (window.document$) window.document$.subscribe(follow);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", follow);
  else follow();
  window.addEventListener("hashchange", follow);
  window.addEventListener("click", redirect, true);
})();
