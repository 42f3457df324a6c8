/* Repairs of what Material's script builds in the browser. Four things it leaves out:
   - its search dialog has no name;
   - each code block's copy button sits in its own unnamed <nav>: many identical
     landmarks that lead nowhere (a copy button is not navigation);
   - a formula, table or notebook cell wider than the page scrolls, but only with a
     mouse or a finger: a region that scrolls must take the keyboard focus;
   - a formula alone in a table header gets its text as a label: a header needs text,
     and MathML is not text to every assistive technology.
   Run after each change of the page (instant navigation replaces the content).
   And opened from disk (file://), a link to a directory would show its listing. */
(function () {
  "use strict";
  var SCROLLERS = [
    ".md-typeset pre > code",  // Material does it itself, but not where its script waits (file://)
    ".md-typeset .math-display",
    ".md-typeset__scrollwrap",
    ".md-typeset table:not([class])",  // its own region where Material's script does not wrap it (file://)
    ".jp-InputArea pre",
    ".jp-OutputArea pre",
  ].join(", ");
  var measured = new WeakSet();
  var pending = false;
  function label() {
    var search = document.querySelector(".md-search[role=dialog]:not([aria-label])");
    if (search) search.setAttribute("aria-label", "Search");
    document.querySelectorAll("nav.md-code__nav:not([role])").forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
    document.querySelectorAll(".md-typeset th > math:not([aria-label])").forEach(function (formula) {
      var text = Array.prototype.some.call(formula.parentNode.childNodes, function (node) {
        return node !== formula && node.textContent.trim();
      });
      if (!text) formula.setAttribute("aria-label", formula.textContent.replace(/\s+/g, " ").trim());
    });
  }
  // Each region measured once (again if the window is resized), all widths read before any
  // attribute is written: one layout for the page, not one per region.
  function focusIfScrolls(regions) {
    var wide = regions.map(function (region) { return region.scrollWidth > region.clientWidth + 1; });
    regions.forEach(function (region, i) {
      measured.add(region);
      if (wide[i]) {
        if (!region.hasAttribute("tabindex")) region.setAttribute("tabindex", "0");
      } else if (region.getAttribute("tabindex") === "0") {
        region.removeAttribute("tabindex");
      }
    });
  }
  // A region in a closed <details> is left for when it opens: Chrome lays out a folded
  // region on its own to measure it, one layout per fold (the ledger has 68 of them).
  function measure() {
    focusIfScrolls(Array.prototype.filter.call(document.querySelectorAll(SCROLLERS), function (region) {
      return !measured.has(region) && !region.closest("details:not([open])");
    }));
  }
  // Opened from disk, a link to a directory shows its listing: point it at the page.
  function linkPagesOnDisk() {
    if (location.protocol !== "file:") return;
    document.querySelectorAll("a[href]").forEach(function (link) {
      var target = new URL(link.getAttribute("href"), location.href);
      if (target.protocol === "file:" && target.pathname.slice(-1) === "/") {
        target.pathname += "index.html";
        link.setAttribute("href", target.href);
      }
    });
  }
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; label(); measure(); });
  }
  new MutationObserver(function (records) {
    // On a screen without hover, Material takes the focus away from a code block each
    // time the block is mounted or changes size (as when its fold opens): measured again.
    records.forEach(function (record) {
      if (record.type === "attributes" && !record.target.hasAttribute("tabindex")) {
        measured.delete(record.target);
      }
    });
    schedule();
  }).observe(document.body, {
    childList: true, subtree: true,
    attributes: true, attributeFilter: ["tabindex"],
  });
  document.addEventListener("toggle", function (event) {
    if (event.target.open) schedule();
  }, true);  // toggle does not bubble
  window.addEventListener("resize", function () {
    measured = new WeakSet();
    schedule();
  });
  function start() { schedule(); linkPagesOnDisk(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

