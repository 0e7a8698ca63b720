/* «Finn din kommune»: the kommuner that match what is typed, as large buttons right under the field.
   Matches kommune names, Sami names and kommunenummer only (never the link addresses): exact, then prefix, then the
   start of a later word, then anywhere. Enter opens the first match. Nothing matches: «Mente du …?» offers the
   names within a small edit distance (a typo, a swapped pair of letters).
   Progressive enhancement: without JavaScript the box stays hidden and the whole list, by fylke, is shown. */
(function () {
  "use strict";

  var MAX_SHOWN = 8;

  function normalise(text) {
    return text.toLowerCase()
      .replace(/æ/g, "ae").replace(/ø/g, "o").replace(/å/g, "aa")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9 ]+/g, " ").replace(/\s+/g, " ").trim();
  }

  /* Edit distance with adjacent swaps (optimal string alignment): «trondhiem» is 1 from «trondheim». */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) { return limit + 1; }
    var prev2 = null, prev = [], i, j;
    for (j = 0; j <= b.length; j++) { prev.push(j); }
    for (i = 1; i <= a.length; i++) {
      var row = [i], best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, prev2[j - 2] + 1);
        }
        row.push(value);
        if (value < best) { best = value; }
      }
      if (best > limit) { return limit + 1; }
      prev2 = prev; prev = row;
    }
    return prev[b.length];
  }

  function rank(item, query) {
    var best = 9;
    item.keys.forEach(function (key) {
      var score = 9;
      if (key === query) { score = 0; }
      else if (key.indexOf(query) === 0) { score = 1; }
      else if (key.indexOf(" " + query) !== -1) { score = 2; }
      else if (query.length >= 3 && key.indexOf(query) !== -1) { score = 3; }
      if (score < best) { best = score; }
    });
    return best;
  }

  function init() {
    var box = document.querySelector(".finn-kommune-filter");
    var list = document.querySelector(".kommuneliste");
    if (!box || !list) { return; }
    var input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    var results = box.querySelector(".finn-kommune-treff");
    var items = [];
    Array.prototype.forEach.call(list.querySelectorAll("ul"), function (ul) {
      var heading = ul.previousElementSibling;
      var county = heading ? heading.textContent.trim() : "";
      Array.prototype.forEach.call(ul.querySelectorAll("li"), function (li) {
        var link = li.querySelector("a");
        if (!link) { return; }
        var name = link.textContent.trim();
        var rest = li.textContent.slice(li.textContent.indexOf(name) + name.length);
        var sami = /^\s*–\s*([^·]+)/.exec(rest);
        var mark = /·\s*(.+)$/.exec(rest);  /* «Eksempelside (ikke ekte opplysninger)» on example pages */
        var number = /(\d{4})-[^/]*\/?$/.exec(link.getAttribute("href") || "");
        var keys = [normalise(name)];
        if (sami) { keys.push(normalise(sami[1])); }
        if (number) { keys.push(number[1]); }
        items.push({ name: name, county: county + (mark ? " · " + mark[1].trim() : ""), href: link.href, keys: keys });
      });
    });
    box.hidden = false;

    function button(item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.href;
      a.textContent = item.name;
      var small = document.createElement("small");
      small.textContent = item.county;
      a.appendChild(small);
      li.appendChild(a);
      return li;
    }

    function suggestions(query) {
      var limit = query.length <= 4 ? 1 : 2;
      var scored = items.map(function (item) {
        var best = limit + 1;
        item.keys.forEach(function (key) {
          best = Math.min(best, distance(query, key, limit), distance(query, key.slice(0, query.length), limit));
        });
        return { item: item, d: best };
      }).filter(function (s) { return s.d <= limit; });
      var nearest = Math.min.apply(null, scored.map(function (s) { return s.d; }));
      return scored.filter(function (s) { return s.d === nearest; })
        .sort(function (a, b) { return a.item.name.localeCompare(b.item.name, "nb"); })
        .slice(0, 3).map(function (s) { return s.item; });
    }

    var current = [];

    function apply() {
      var query = normalise(input.value);
      results.textContent = "";
      current = [];
      if (query === "") {
        results.hidden = true;
        list.hidden = false;
        status.textContent = "";
        return;
      }
      current = items.map(function (item) { return { item: item, score: rank(item, query) }; })
        .filter(function (m) { return m.score < 9; })
        .sort(function (a, b) { return a.score - b.score || a.item.name.localeCompare(b.item.name, "nb"); })
        .map(function (m) { return m.item; });
      list.hidden = true;
      if (current.length === 0) {
        var close = suggestions(query);
        current = close;
        status.textContent = box.getAttribute("data-ingen") +
          (close.length ? " " + box.getAttribute("data-mente") + ": " +
            close.map(function (i) { return i.name; }).join(", ") + "?" : "");
      } else if (current.length === 1) {
        status.textContent = box.getAttribute("data-en");
      } else {
        status.textContent = box.getAttribute("data-antall").replace("{antall}", String(current.length));
      }
      current.slice(0, MAX_SHOWN).forEach(function (item) { results.appendChild(button(item)); });
      results.hidden = current.length === 0;
    }

    input.addEventListener("input", apply);
    /* On a phone the keyboard covers the lower half: bring the field and its first matches to the top. */
    input.addEventListener("focus", function () {
      if (window.innerWidth < 720 && box.scrollIntoView) { box.scrollIntoView({ block: "start" }); }
    });
    box.addEventListener("submit", function (event) {
      event.preventDefault();
      if (current.length > 0) { window.location.href = current[0].href; }
    });
    if (input.value) { apply(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
