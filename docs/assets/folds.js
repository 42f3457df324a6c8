/* Folded code is kept out of the page by the build (engine/content/folds.py: the content of a fold
   that holds code is in a <template class="folded">). It is put back when its fold opens,
   with the copy button Material gives the code it finds at page load; before printing,
   every fold opens with its content. */
(function () {
  "use strict";
  var copied = 0;
  function unfold(fold) {
    var template = fold.querySelector(":scope > template.folded");
    if (!template) return;
    var content = template.content;
    content.querySelectorAll("pre > code").forEach(function (code) {
      // Material's copy button: its clipboard listens for any [data-clipboard-target].
      var pre = code.parentNode;
      pre.id = pre.id || "__code_folded_" + copied++;
      var nav = document.createElement("nav");
      nav.className = "md-code__nav";
      var button = document.createElement("button");
      button.className = "md-code__button";
      button.title = "Copy to clipboard";
      button.setAttribute("data-clipboard-target", "#" + pre.id + " > code");
      button.setAttribute("data-md-type", "copy");
      nav.appendChild(button);
      pre.insertBefore(nav, code);
    });
    template.replaceWith(content);
  }
  document.addEventListener("toggle", function (event) {
    if (event.target.open) unfold(event.target);
  }, true);  // toggle does not bubble
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (fold) {
      unfold(fold);
      fold.open = true;
    });
  });
})();
