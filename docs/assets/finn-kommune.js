/* «Finn din kommune»: filter the full list by name, Sami name or kommunenummer.
   Progressive enhancement: without JavaScript the box stays hidden and the whole list is shown. */
(function () {
  "use strict";

  function normalise(text) {
    return text.toLowerCase()
      .replace(/æ/g, "ae").replace(/ø/g, "o").replace(/å/g, "a")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function init() {
    var box = document.querySelector(".finn-kommune-filter");
    var list = document.querySelector(".kommuneliste");
    if (!box || !list) { return; }
    var input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    var groups = Array.prototype.map.call(list.querySelectorAll("ul"), function (ul) {
      return {
        ul: ul,
        heading: ul.previousElementSibling,
        items: Array.prototype.map.call(ul.querySelectorAll("li"), function (li) {
          var link = li.querySelector("a");
          return { li: li, text: normalise(li.textContent + " " + (link ? link.getAttribute("href") : "")) };
        })
      };
    });
    box.hidden = false;

    function apply() {
      var query = normalise(input.value.trim());
      var shown = 0;
      groups.forEach(function (group) {
        var visible = 0;
        group.items.forEach(function (item) {
          var match = query === "" || item.text.indexOf(query) !== -1;
          item.li.hidden = !match;
          if (match) { visible += 1; }
        });
        group.ul.hidden = visible === 0;
        if (group.heading) { group.heading.hidden = visible === 0; }
        shown += visible;
      });
      if (query === "") {
        status.textContent = "";
      } else if (shown === 0) {
        status.textContent = box.getAttribute("data-ingen");
      } else if (shown === 1) {
        status.textContent = box.getAttribute("data-en");
      } else {
        status.textContent = box.getAttribute("data-antall").replace("{antall}", String(shown));
      }
    }

    input.addEventListener("input", apply);
    if (input.value) { apply(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
