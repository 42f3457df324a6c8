/* Draws the build-time figures: every div[data-plotly] on the page.
 *
 * - plotly.js (copied from the plotly package, never a CDN) is fetched once per visit, only on
 *   pages with figures, when the first figure nears the viewport;
 * - runs on first load (DOMContentLoaded: Material's document$ never fires over file://) and
 *   after every instant navigation (document$); drawing a figure twice is a no-op;
 * - themes figures from Material's palette and re-themes them when the reader toggles it;
 * - draws figures at the width of their column on paper before printing;
 * - makes the figures' controls (modebar, legend, sliders, buttons) reachable by keyboard;
 * - sets body[data-figures-done] once every figure on the page is drawn.
 */
(function () {
  "use strict";

  var PLOTLY_URL = new URL("plotly.min.js", document.currentScript.src).href;
  var PRINT_WIDTH = 688; // px: the print column, A4 less 14 mm margins (site.css @page) at 96 dpi
  var CONFIG = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
  // Okabe-Ito blue and the neutral grey are too dark on the slate background: lighter twins.
  var DARK_TWINS = { "#0072B2": "#56B4E9", "#595959": "#B3B3B3" };

  var plotly = null;
  var observer = null;

  function loadPlotly() {
    if (!plotly) {
      plotly = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = PLOTLY_URL;
        tag.onload = function () { resolve(window.Plotly); };
        tag.onerror = function () { plotly = null; reject(new Error("cannot load " + PLOTLY_URL)); };
        document.head.appendChild(tag);
      });
    }
    return plotly;
  }

  function figures() {
    return Array.prototype.slice.call(document.querySelectorAll("div[data-plotly]"));
  }

  function isDark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  function recolor(value, dark) {
    if (typeof value === "string") return dark && DARK_TWINS[value] ? DARK_TWINS[value] : value;
    if (Array.isArray(value)) return value.map(function (v) { return recolor(v, dark); });
    if (value && typeof value === "object") {
      var copy = {};
      Object.keys(value).forEach(function (key) { copy[key] = recolor(value[key], dark); });
      return copy;
    }
    return value;
  }

  function themed(spec) {
    var dark = isDark();
    var style = getComputedStyle(document.body);
    var ink = style.getPropertyValue("--md-default-fg-color").trim();
    var grid = style.getPropertyValue("--md-default-fg-color--lightest").trim();
    var figure = recolor(spec, dark); // a deep copy: plotly mutates what it is given
    var layout = figure.layout;
    layout.paper_bgcolor = "rgba(0,0,0,0)";
    layout.plot_bgcolor = "rgba(0,0,0,0)";
    layout.font = Object.assign({ family: "inherit", size: 13 }, layout.font, { color: ink });
    Object.keys(layout).concat(["xaxis", "yaxis"]).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) {
        layout[key] = Object.assign({ gridcolor: grid, zerolinecolor: grid, linecolor: grid }, layout[key]);
      }
    });
    return figure;
  }

  function draw(div) {
    if (div.hasAttribute("data-rendered")) return Promise.resolve();
    div.setAttribute("data-rendered", "pending");
    return loadPlotly()
      .then(function (Plotly) {
        var spec = JSON.parse(div.getAttribute("data-plotly"));
        var figure = themed(spec);
        var fallback = div.querySelector(".figure-fallback");
        if (fallback) fallback.remove();
        return Plotly.newPlot(div, { data: figure.data, layout: figure.layout, frames: figure.frames, config: CONFIG });
      })
      .then(function () {
        div.setAttribute("data-rendered", "true");
        markDone();
      });
  }

  function markDone() {
    if (figures().every(function (div) { return div.getAttribute("data-rendered") === "true"; })) {
      document.body.setAttribute("data-figures-done", "");
    }
  }

  function drawAll() {
    return Promise.all(figures().map(draw));
  }

  function setup() {
    document.body.removeAttribute("data-figures-done");
    if (observer) observer.disconnect();
    var pending = figures();
    if (!pending.length) return markDone();
    // The print page is read whole (by the PDF export, or a reader printing it): draw it all.
    if (document.getElementById("print-site-page") || !("IntersectionObserver" in window)) {
      return drawAll();
    }
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          draw(entry.target);
        }
      });
    }, { rootMargin: "600px 0px" });
    pending.forEach(function (div) { observer.observe(div); });
  }

  function retheme() {
    if (!window.Plotly) return;
    figures().forEach(function (div) {
      if (div.getAttribute("data-rendered") !== "true") return;
      var figure = themed(JSON.parse(div.getAttribute("data-plotly")));
      window.Plotly.react(div, { data: figure.data, layout: figure.layout, frames: figure.frames, config: CONFIG });
    });
  }

  function printWidth(div) {
    // Laid out for paper already (the PDF export emulates print): the figure's own width.
    if (window.matchMedia("print").matches) return div.clientWidth;
    // On screen: the figure's share of the page column (a notebook output is narrower).
    var column = div.closest(".md-content__inner") || document.body;
    return Math.floor(PRINT_WIDTH * Math.min(1, div.clientWidth / (column.clientWidth || 1)));
  }

  function resizeAll(forPrint) {
    if (!window.Plotly) return Promise.resolve();
    return Promise.all(figures().map(function (div) {
      if (div.getAttribute("data-rendered") !== "true") return null;
      return window.Plotly.relayout(div, forPrint ? { width: printWidth(div) } : { width: null, autosize: true });
    }));
  }

  // For the PDF export and the browser tests.
  window.drawAllFigures = drawAll;
  window.sizeFiguresForPrint = function () { return resizeAll(true); };

  new MutationObserver(retheme).observe(document.body, {
    attributes: true, attributeFilter: ["data-md-color-scheme"],
  });
  window.addEventListener("beforeprint", function () { resizeAll(true); });
  window.addEventListener("afterprint", function () { resizeAll(false); });

  if (window.document$) window.document$.subscribe(setup);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
