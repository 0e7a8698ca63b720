/* The menu button in the header. Material's is a <label> for the drawer's checkbox, which a keyboard cannot reach:
   here a real <button> with a name takes its place (sitebuilder/theme/partials/header.html gives the name). Click,
   Enter or Space opens and closes the menu, focus moves to its first link, and Escape closes it and gives focus back
   to the button. Without JavaScript the label stays, and opens the menu by mouse or touch. */
(function () {
  "use strict";

  function init() {
    var toggle = document.getElementById("__drawer");
    var label = document.querySelector(".md-header label[for='__drawer'][data-meny]");
    if (!toggle || !label) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " meny-knapp";
    button.setAttribute("aria-label", label.getAttribute("data-meny"));
    button.setAttribute("aria-expanded", "false");
    while (label.firstChild) { button.appendChild(label.firstChild); }
    label.parentNode.replaceChild(button, label);

    function set(open, focusMenu) {
      toggle.checked = open;
      button.setAttribute("aria-expanded", open ? "true" : "false");
      if (open && focusMenu) {
        var first = document.querySelector(".md-sidebar--primary .md-nav__item a.md-nav__link");
        if (first) { window.setTimeout(function () { first.focus(); }, 50); }
      }
    }

    button.addEventListener("click", function (event) { set(!toggle.checked, event.detail === 0); });
    toggle.addEventListener("change", function () { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) {
        set(false, false);
        button.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
