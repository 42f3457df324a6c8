/* Draws the build-time figures: every div[data-plotly] on the page.
 *
 * - plotly.js (plotly's cartesian bundle, served by the site, never a CDN: engine/markers/plotly_js.py)
 *   is fetched once per visit, only on pages with figures, when the first figure comes into
 *   view (or within 300 px of it once the reader scrolls);
 * - runs on first load (DOMContentLoaded: Material's document$ never fires over file://) and
 *   after every instant navigation (document$); drawing a figure twice is a no-op;
 * - themes figures from Material's palette and re-themes them when the reader toggles it;
 * - draws figures at the width of their column on paper before printing; draws only the
 *   figures of its medium (a slider's small multiples are for paper);
 * - makes the figures' controls (modebar, legend, buttons) reachable by keyboard; a figure's
 *   slider is the native range input the build wrote under it (engine/markers/figures.py), which
 *   moves the figure to the slider's step, plotly's own slider not drawn;
 * - sets body[data-figures-done] once every figure on the page is drawn (in the current palette).
 */
(function () {
  "use strict";

  var PLOTLY_URL = new URL("plotly.min.js", document.currentScript.src).href;
  // From the build (engine/names.py): the print column in px (site.css's @page rule), and the
  // palette's twins (snippets/style.py). Okabe-Ito blue and the neutral grey are too dark on
  // the slate background: lighter twins. Text needs more contrast than lines (4.5:1, not
  // 3:1): text in a colour too light on white, or too dark on slate, is drawn in a deeper or
  // brighter twin of the same hue.
  var SETTINGS = JSON.parse(document.querySelector("meta[name=figure-renderer]").content);
  var PRINT_WIDTH = SETTINGS.printColumnPx;
  var DARK_TWINS = SETTINGS.darkTwins;
  var TEXT_TWINS = SETTINGS.textTwins;
  // No "Share chart" button: plotly.js 4 shows one by default, which posts the figure to
  // plotly's cloud (another host; the site sends nothing anywhere).
  var CONFIG = {
    responsive: true, displaylogo: false, showSendToCloud: false, plotlyServerURL: "",
    modeBarButtonsToRemove: ["lasso2d", "select2d", "sendChartToCloud"],
  };

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

  // The figures of the medium the page is laid out for: a figure with a slider has a
  // drawing for the screen and small multiples for paper (site.css hides the other one),
  // and the other medium's drawing is never drawn.
  function figures() {
    var other = window.matchMedia("print").matches ? ".screen-only" : ".print-only";
    return all(document, "div[data-plotly]").filter(function (div) { return !div.closest(other); });
  }

  function isDark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  // A deep copy of a figure's spec in the palette's colours; ``text`` under a *font key.
  function recolor(value, dark, text) {
    if (typeof value === "string") {
      var colour = value.toUpperCase();
      var twins = TEXT_TWINS[dark ? "dark" : "light"];
      if (text && twins[colour]) return twins[colour];
      return dark && DARK_TWINS[colour] ? DARK_TWINS[colour] : value;
    }
    if (Array.isArray(value)) return value.map(function (v) { return recolor(v, dark, text); });
    if (value && typeof value === "object") {
      var copy = {};
      Object.keys(value).forEach(function (key) {
        copy[key] = recolor(value[key], dark, text || /font$/i.test(key));
      });
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
    if (div._drawing) return div._drawing;
    if (div.hasAttribute("data-rendered")) return Promise.resolve();
    div.setAttribute("data-rendered", "pending");
    div._drawing = loadPlotly()
      .then(function (Plotly) {
        var figure = themed(JSON.parse(div.getAttribute("data-plotly")));
        var fallback = div.querySelector(".figure-fallback");
        if (fallback) fallback.remove();
        return Plotly.newPlot(div, plotted(div, figure));
      })
      .then(function () {
        exposeControls(div);
        div.on("plotly_afterplot", function () { exposeControls(div); });
        return showStep(div);  // the input may have moved before the figure was drawn
      })
      .then(function () {
        div.setAttribute("data-rendered", "true");
        markDone();
      });
    return div._drawing;
  }

  // What plotly is given: a figure with a range input is drawn without plotly's slider.
  function plotted(div, figure) {
    var layout = figure.layout;
    if (controlOf(div)) {
      div._slider = layout.sliders[0];
      layout = Object.assign({}, layout);
      delete layout.sliders;
    }
    return { data: figure.data, layout: layout, frames: figure.frames, config: CONFIG };
  }

  // -- a slider ----------------------------------------------------------------------------
  // The build writes a figure's slider as a native <input type="range"> under its drawing
  // (engine/markers/figures.py), with each position's label and what its frame shows (its
  // aria-valuetext). The input is the figure's one slider, for a pointer, a keyboard (arrows,
  // Page Up and Down, Home, End) and a screen reader alike; plotly's own slider is not drawn:
  // it is SVG that no keyboard reaches (plotly.js issue 562), and a second control doing the
  // same thing would be one more stop for the Tab key and one more thing to keep in step.
  // Moving it before the figure is drawn draws the figure, at the input's position.

  function controlOf(div) {
    var next = div.nextElementSibling;
    return next && next.classList.contains("figure-control")
      ? next.querySelector("input[type=range]") : null;
  }

  function listenToControl(div) {
    var input = controlOf(div);
    if (!input || input.hasAttribute("data-wired")) return;
    input.setAttribute("data-wired", "");
    input.addEventListener("input", function () {
      announce(input);
      draw(div).then(function () { return showStep(div); });
    });
    announce(input);  // a position the browser restored (back and forward) is announced too
  }

  function announce(input) {
    var position = Number(input.value);
    input.setAttribute("aria-valuetext", JSON.parse(input.getAttribute("data-valuetexts"))[position]);
    var output = input.parentNode.querySelector("output");
    if (output) output.textContent = JSON.parse(input.getAttribute("data-labels"))[position];
  }

  // The drawn figure at its input's position: the slider's step at that position, applied as
  // plotly's slider would apply it (for a figure of frames, Plotly.animate to the frame).
  function showStep(div) {
    var input = controlOf(div);
    if (!input || !div._fullLayout) return Promise.resolve();
    var position = Number(input.value);
    var slider = div._slider;
    var shown = div._step === undefined ? (slider.active || 0) : div._step;
    if (position === shown) return Promise.resolve();
    var step = slider.steps[position];
    div._step = position;
    if (!step.method || step.method === "skip") return Promise.resolve();
    return window.Plotly[step.method].apply(null, [div].concat(step.args || []));
  }

  // -- keyboard ----------------------------------------------------------------------------
  // plotly's controls are SVG shapes and link-less anchors that only a mouse can reach. Each
  // group of them (the toolbar, the legend, a menu) becomes one tab stop whose arrow keys move
  // between its items, Enter or Space activating the item. (A slider is the build's range
  // input, above.) Called after every redraw: plotly may redraw controls.

  function exposeControls(div) {
    describeFigure(div);
    exposeToolbar(div);
    exposeLegend(div);
    exposeMenus(div);
    restoreFocus(div);
  }

  // Once drawn, the figure holds controls: a role="img" would hide them from assistive
  // technology, so it becomes a labelled group (the label is still the text alternative),
  // and the plot area, which the label describes, is hidden from it. On paper there are no
  // controls: the plot is an image labelled with the text alternative (a tagged PDF's
  // Figure and its alternate text), its other layers (legend, titles) hidden.
  function describeFigure(div) {
    var layers = all(div, "svg.main-svg");
    var plotArea = layers.shift();
    if (window.matchMedia("print").matches && plotArea) {
      div.removeAttribute("role");
      plotArea.removeAttribute("aria-hidden");
      plotArea.setAttribute("role", "img");
      plotArea.setAttribute("aria-label", div.getAttribute("aria-label"));
      layers.forEach(function (layer) { layer.setAttribute("aria-hidden", "true"); });
      return;
    }
    div.setAttribute("role", "group");
    if (plotArea) plotArea.setAttribute("aria-hidden", "true");
  }

  // plotly.js 4 draws the tools as <button>s: one tab stop for all of them.
  function exposeToolbar(div) {
    var bar = div.querySelector(".modebar");
    if (!bar) return;
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Figure tools");
    rove(bar, ".modebar-btn", function (tool) { tool.click(); });
  }

  // Each legend entry is a toggle button for its series.
  function exposeLegend(div) {
    var legend = div.querySelector("g.legend");
    if (!legend) return;
    legend.setAttribute("role", "group");
    legend.setAttribute("aria-label", "Legend: show or hide a series");
    all(legend, "g.traces").forEach(function (entry) {
      var trace = traceOf(entry);
      var text = entry.querySelector("text.legendtext");
      entry.setAttribute("role", "button");
      entry.setAttribute("aria-label", text ? text.textContent : "series");
      if (trace) entry.setAttribute("aria-pressed", String(trace.visible === true));
    });
    rove(legend, "g.traces", function (entry) { toggleSeries(div, entry); });
  }

  // Each button of a menu is a button; the menu, one tab stop.
  function exposeMenus(div) {
    all(div, "g.updatemenu-container").forEach(function (menu) {
      all(menu, "g.updatemenu-button, g.updatemenu-header").forEach(function (button) {
        button.setAttribute("role", "button");
        button.setAttribute("aria-label", button.textContent.trim() || "menu");
      });
      rove(menu, "g.updatemenu-button, g.updatemenu-header", click);
    });
  }

  // A redraw replaced the element that had the focus: the focus goes to its successor.
  function restoreFocus(div) {
    var focused = div._keyboardFocus;
    if (focused && !div.contains(document.activeElement)) {
      var again = all(div, focused.selector)[focused.position];
      div._keyboardFocus = null;
      if (again) again.focus();
    }
  }

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  function click(element) {
    element.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, view: window }));
  }

  // A roving tabindex: one item of the group is in the tab order; arrows move the focus.
  function rove(group, selector, activate) {
    var items = all(group, selector);
    if (!items.length) return;
    if (!items.some(function (item) { return item.getAttribute("tabindex") === "0"; })) {
      items.forEach(function (item, i) { item.setAttribute("tabindex", i ? "-1" : "0"); });
    }
    items.forEach(function (item) {
      if (item.hasAttribute("data-keys")) return;
      item.setAttribute("data-keys", "");
      item.addEventListener("keydown", function (event) {
        var list = all(group, selector);
        var here = list.indexOf(item);
        var next = { ArrowRight: here + 1, ArrowDown: here + 1, ArrowLeft: here - 1,
          ArrowUp: here - 1, Home: 0, End: list.length - 1 }[event.key];
        if (next !== undefined) {
          event.preventDefault();
          var target = list[(next + list.length) % list.length];
          list.forEach(function (other) { other.setAttribute("tabindex", other === target ? "0" : "-1"); });
          target.focus();
        } else if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          var figure = item.closest("div[data-plotly]");
          if (figure) figure._keyboardFocus = { selector: selector, position: here };
          activate(item);
        }
      });
    });
  }

  function traceOf(entry) {
    var data = entry.__data__;
    return data && data[0] && data[0].trace;
  }

  function toggleSeries(div, entry) {
    var trace = traceOf(entry);
    if (!trace) return click(entry);
    window.Plotly.restyle(div, { visible: trace.visible === true ? "legendonly" : true }, [trace.index]);
  }

  function markDone() {
    if (figures().every(function (div) { return div.getAttribute("data-rendered") === "true"; })) {
      document.body.setAttribute("data-figures-done", "");
    }
  }

  function drawAll() {
    return Promise.all(figures().map(draw)).then(markDone);  // done at once if there are none
  }

  function afterPaint(work) {
    function idle() {
      if (window.requestIdleCallback) requestIdleCallback(work, { timeout: 2000 });
      else setTimeout(work, 200);
    }
    if (document.readyState === "complete") idle();
    else window.addEventListener("load", idle, { once: true });
  }

  function setup() {
    document.body.removeAttribute("data-figures-done");
    if (observer) observer.disconnect();
    window.removeEventListener("scroll", nearOnScroll);  // the page before instant navigation's
    var pending = figures();
    pending.forEach(listenToControl);
    if (!pending.length) return markDone();
    if (!("IntersectionObserver" in window)) return drawAll();
    // The print page is read whole (a reader printing it): all of it is drawn, once its text
    // has painted and the browser is idle. (The PDF export asks for drawAllFigures itself.)
    if (document.getElementById("print-site-page")) return afterPaint(drawAll);
    // A figure is drawn when it comes into view, and once the reader scrolls, when it comes
    // within 300 px (drawn before it is reached). Not at load for a figure that is only near:
    // plotly.js is by far the site's largest script, and a reader who has not moved yet is
    // reading the text above it.
    observe("0px");
    window.addEventListener("scroll", nearOnScroll, { once: true, passive: true });
  }

  function observe(margin) {
    if (observer) observer.disconnect();
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          draw(entry.target);
        }
      });
    }, { rootMargin: margin + " 0px" });
    figures().forEach(function (div) {
      if (!div.hasAttribute("data-rendered")) observer.observe(div);
    });
  }

  function nearOnScroll() { observe("300px"); }

  function retheme() {
    if (!window.Plotly) return;
    var drawn = figures().filter(function (div) { return div.getAttribute("data-rendered") === "true"; });
    if (!drawn.length) return;
    // "Done" means drawn in the current palette: unset until every figure is redrawn.
    document.body.removeAttribute("data-figures-done");
    Promise.all(drawn.map(function (div) {
      var figure = themed(JSON.parse(div.getAttribute("data-plotly")));
      div._step = undefined;  // drawn again from the spec: at the slider's active step
      return window.Plotly.react(div, plotted(div, figure)).then(function () { return showStep(div); });
    })).then(markDone);
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
